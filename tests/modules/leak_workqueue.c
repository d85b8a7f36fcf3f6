/*
 * Broken on purpose: exit neither flushes nor destroys its ordered
 * workqueue. One work is still running (it never returns on its own), a
 * second waits behind it. `kwork run` must report the running work, the
 * pending one and the workqueue, and fail.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/delay.h>
#include <linux/atomic.h>

static struct workqueue_struct *wq;
static struct work_struct busy, queued;
static atomic_t busy_started = ATOMIC_INIT(0);

static void busy_fn(struct work_struct *work)
{
	atomic_set(&busy_started, 1);
	for (;;)
		msleep(20);
}

static void queued_fn(struct work_struct *work)
{
	pr_info("queued_fn ran\n");
}

static int __init leak_init(void)
{
	wq = alloc_ordered_workqueue("leaky_ordered", 0);
	if (!wq)
		return -ENOMEM;
	INIT_WORK(&busy, busy_fn);
	INIT_WORK(&queued, queued_fn);
	queue_work(wq, &busy);
	queue_work(wq, &queued);
	return 0;
}

static void __exit leak_exit(void)
{
	while (!atomic_read(&busy_started))
		msleep(1);
	pr_info("exit forgets flush_workqueue() and destroy_workqueue()\n");
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
