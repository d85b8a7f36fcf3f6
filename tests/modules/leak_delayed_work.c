/*
 * Broken on purpose: a delayed work on the system workqueue, armed an hour
 * ahead, is never cancelled. `kwork run` must report it and fail.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>

static void later_fn(struct work_struct *work)
{
	pr_info("later_fn ran\n");
}

static DECLARE_DELAYED_WORK(later, later_fn);

static int __init leak_init(void)
{
	schedule_delayed_work(&later, 3600 * HZ);
	return 0;
}

static void __exit leak_exit(void)
{
	pr_info("exit forgets cancel_delayed_work_sync()\n");
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
