/*
 * Seed 000, "用 kthread_run() 创建线程": a periodic kthread. The seed's thread
 * function is unmodified; kwork adds the module that starts it with
 * kthread_run() and stops it with kthread_stop() (the seed's rule: a thread
 * you create you must stop). msleep() sleeps uninterruptibly, so
 * kthread_stop() waits up to a second for the current sleep to end, as in
 * the kernel.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>

static struct task_struct *task;

/* --- seed 000 --- */
int my_thread_fn(void *arg)
{
    while (!kthread_should_stop()) {
        // do something
        msleep(1000);  // 模拟周期任务
    }
    return 0;
}
/* --- end of seed text --- */

static int __init loop_init(void)
{
	task = kthread_run(my_thread_fn, NULL, "my_thread");
	return PTR_ERR_OR_ZERO(task);
}

static void __exit loop_exit(void)
{
	pr_info("my_thread returned %d\n", kthread_stop(task));
}

module_init(loop_init);
module_exit(loop_exit);
MODULE_LICENSE("GPL");
