/*
 * A signal while init runs (Ctrl-C at insmod, here SIGTERM from the test):
 * the kernel delivers it to insmod, in whose context init runs. init waits
 * interruptibly for a condition nothing sets: the wait must end with
 * -ERESTARTSYS and a fatal signal pending; a killable wait after it ends at
 * once too (-ERESTARTSYS as well, as wait_for_completion_killable returns). init then returns 0 (the module is loaded, insmod dies) and the
 * unload follows without the --time dwell; exit sees no signal.
 */
#include <linux/module.h>
#include <linux/wait.h>
#include <linux/sched/signal.h>
#include <linux/completion.h>

static DECLARE_WAIT_QUEUE_HEAD(never_wq);
static DECLARE_COMPLETION(never_done);
static int never;

static int __init init_signal_init(void)
{
	int ret;

	pr_info("init_signal: waiting\n");
	ret = wait_event_interruptible(never_wq, never != 0);
	pr_info("init_signal: wait returned %d, fatal=%d\n", ret,
		fatal_signal_pending(current));
	ret = wait_for_completion_killable(&never_done);
	pr_info("init_signal: killable wait returned %d\n", ret);
	return 0;
}

static void __exit init_signal_exit(void)
{
	pr_info("init_signal: exit, signal_pending=%d\n", signal_pending(current));
}

module_init(init_signal_init);
module_exit(init_signal_exit);
MODULE_LICENSE("GPL");
