/*
 * Broken on purpose: exit never calls kthread_destroy_worker(). The
 * worker is busy in a work that never returns, a second work is queued
 * behind it and a delayed work is armed an hour ahead. `kwork run` must
 * report the kthread_worker, the queued work and the delayed work, and fail.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/atomic.h>

static struct kthread_worker *worker;
static struct kthread_work busy, queued;
static struct kthread_delayed_work later;
static atomic_t busy_started = ATOMIC_INIT(0);

static void busy_fn(struct kthread_work *work)
{
	atomic_set(&busy_started, 1);
	for (;;)
		msleep(20);
}

static void queued_fn(struct kthread_work *work)
{
	pr_info("queued_fn ran\n");
}

static void later_fn(struct kthread_work *work)
{
	pr_info("later_fn ran\n");
}

static int __init leak_init(void)
{
	worker = kthread_create_worker(0, "leaky_worker");
	if (IS_ERR(worker))
		return PTR_ERR(worker);
	kthread_init_work(&busy, busy_fn);
	kthread_init_work(&queued, queued_fn);
	kthread_init_delayed_work(&later, later_fn);
	kthread_queue_work(worker, &busy);
	kthread_queue_work(worker, &queued);
	kthread_queue_delayed_work(worker, &later, 3600 * HZ);
	return 0;
}

static void __exit leak_exit(void)
{
	while (!atomic_read(&busy_started))
		msleep(1);
	pr_info("exit forgets kthread_destroy_worker()\n");
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
