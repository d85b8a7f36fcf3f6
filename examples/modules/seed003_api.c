/*
 * Seed 003, the API walk-through: create a worker, queue, flush, cancel,
 * destroy. The six seed lines are unmodified; kwork adds the declarations,
 * handler, and the module around them (create..flush at init,
 * cancel..destroy at exit).
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/sched.h>

static struct kthread_worker *worker;
static struct kthread_work work;

static void handler(struct kthread_work *w)
{
	pr_info("handler runs in %s\n", current->comm);
}

static int __init api_init(void)
{
	/* --- seed 003 --- */
worker = kthread_create_worker(0, "demo_worker");
kthread_init_work(&work, handler);
kthread_queue_work(worker, &work);
kthread_flush_work(&work);
	/* --- end of seed text --- */
	return 0;
}

static void __exit api_exit(void)
{
	/* --- seed 003 --- */
kthread_cancel_work_sync(&work);
kthread_destroy_worker(worker);
	/* --- end of seed text --- */
}

module_init(api_init);
module_exit(api_exit);
MODULE_LICENSE("GPL");
