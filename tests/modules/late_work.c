/*
 * Broken on purpose: exit queues a delayed work on the system workqueue and
 * a kthread_delayed_work on a worker it creates there, 100 ms ahead, then
 * returns without waiting: both callbacks run after exit returned, in a
 * module that is gone. `kwork run` must report each as code run after
 * unload, the worker as a leftover, and fail.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/kthread.h>

static struct delayed_work bye;
static struct kthread_delayed_work kbye;
static struct kthread_worker *worker;

static void bye_fn(struct work_struct *work)
{
	pr_info("bye_fn: too late\n");
}

static void kbye_fn(struct kthread_work *work)
{
	pr_info("kbye_fn: too late\n");
}

static int __init late_init(void)
{
	INIT_DELAYED_WORK(&bye, bye_fn);
	kthread_init_delayed_work(&kbye, kbye_fn);
	return 0;
}

static void __exit late_exit(void)
{
	worker = kthread_create_worker(0, "late_worker");
	if (!IS_ERR(worker))
		kthread_queue_delayed_work(worker, &kbye, HZ / 10);
	schedule_delayed_work(&bye, HZ / 10);	/* the bug: nothing waits for them */
}

module_init(late_init);
module_exit(late_exit);
MODULE_LICENSE("GPL");
