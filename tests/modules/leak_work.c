/*
 * Broken on purpose: exit neither cancels a delayed work queued an hour
 * ahead nor destroys the workqueue it is on. `kwork run` must report the
 * pending work and the workqueue, and fail.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>

static struct workqueue_struct *wq;
static struct delayed_work later;

static void later_fn(struct work_struct *work)
{
	pr_info("later_fn ran\n");
}

static int __init leak_init(void)
{
	wq = alloc_workqueue("leaky_wq", 0, 0);
	if (!wq)
		return -ENOMEM;
	INIT_DELAYED_WORK(&later, later_fn);
	queue_delayed_work(wq, &later, 3600 * HZ);
	return 0;
}

static void __exit leak_exit(void)
{
	pr_info("exit forgets cancel_delayed_work_sync() and destroy_workqueue()\n");
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
