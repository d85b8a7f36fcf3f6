/*
 * Broken on purpose: starts a kthread and never stops it. `kwork run` must
 * report the kthread (name, pid, what it blocks in) and fail.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>

static struct task_struct *task;

static int leaky_fn(void *data)
{
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static int __init leak_init(void)
{
	task = kthread_run(leaky_fn, NULL, "leaky/%d", 7);
	return PTR_ERR_OR_ZERO(task);
}

static void __exit leak_exit(void)
{
	pr_info("exit forgets kthread_stop()\n");
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
