/*
 * Broken on purpose: exit queues a call_rcu callback and returns without
 * rcu_barrier(); a reader that never leaves (a kthread left running inside
 * rcu_read_lock) keeps the grace period open, so the callback is still
 * queued when `kwork run` reports leftovers.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/completion.h>
#include <linux/rcupdate.h>

static struct task_struct *task;
static struct rcu_head head;
static DECLARE_COMPLETION(inside);

static int reader_fn(void *data)
{
	rcu_read_lock();
	complete(&inside);
	while (!kthread_should_stop())
		msleep(20);
	rcu_read_unlock();
	return 0;
}

static void late_cb(struct rcu_head *h)
{
	pr_info("late_cb ran\n");
}

static int __init leak_init(void)
{
	task = kthread_run(reader_fn, NULL, "rcu_reader");
	if (IS_ERR(task))
		return PTR_ERR(task);
	wait_for_completion(&inside);
	return 0;
}

static void __exit leak_exit(void)
{
	call_rcu(&head, late_cb);
	pr_info("exit forgets rcu_barrier()\n");
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
