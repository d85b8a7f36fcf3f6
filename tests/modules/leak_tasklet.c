/*
 * Broken on purpose: a tasklet is disabled, scheduled, and never enabled or
 * killed, so it is still scheduled at unload. `kwork run` must report it
 * and fail.
 */
#include <linux/module.h>
#include <linux/interrupt.h>

static void stuck_fn(struct tasklet_struct *t)
{
	pr_info("stuck tasklet ran\n");
}
static DECLARE_TASKLET_DISABLED(stuck, stuck_fn);

static int __init leak_init(void)
{
	tasklet_schedule(&stuck);
	return 0;
}

static void __exit leak_exit(void)
{
	pr_info("exit forgets tasklet_kill()\n");
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
