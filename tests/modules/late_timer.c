/*
 * Broken on purpose: exit deletes its timer, then re-arms it "one last
 * time" to flush a statistic - so the callback runs after exit returned,
 * in a module that is gone. `kwork run` must report the armed timer and the
 * code that ran after unload, and fail.
 */
#include <linux/module.h>
#include <linux/timer.h>
#include <linux/jiffies.h>

static struct timer_list stats_timer;

static void stats_fn(struct timer_list *t)
{
	pr_info("stats_fn: flushing statistics\n");
}

static int __init late_init(void)
{
	timer_setup(&stats_timer, stats_fn, 0);
	mod_timer(&stats_timer, jiffies + HZ);
	return 0;
}

static void __exit late_exit(void)
{
	timer_delete_sync(&stats_timer);
	/*
	 * The bug. 50 ms out, so it is still armed when the unload report
	 * runs (an immediate expiry raced with it: the callback could start
	 * before exit returned) and fires inside the runner's 200 ms watch.
	 */
	mod_timer(&stats_timer, jiffies + msecs_to_jiffies(50));
	pr_info("exit re-armed its timer\n");
}

module_init(late_init);
module_exit(late_exit);
MODULE_LICENSE("GPL");
