/*
 * Seed 001: a kthread_worker driven by a kthread the module starts itself
 * (kthread_init_worker + kthread_run(kthread_worker_fn, ...)), as NVMe did.
 * The seed's statements are unmodified and in the seed's order; kwork adds
 * the includes, xxx_work_fn (the seed leaves it to you) and the module's
 * init/exit around them. kthread_worker_fn takes the worker with
 * worker->task NULL without any WARN (seed 000 claims otherwise; the
 * kernel wins).
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/sched.h>

/* --- seed 001 --- */
struct kthread_worker hi_worker;
struct task_struct *kworker_task;
struct kthread_work hi_work;
/* --- end of seed text --- */

static void xxx_work_fn(struct kthread_work *work)
{
	pr_info("xxx_work_fn runs in %s\n", current->comm);
}

static int __init hi_init(void)
{
	/* --- seed 001 --- */
kthread_init_worker(&hi_worker);
kworker_task =kthread_run(kthread_worker_fn, &hi_worker, "nvme%d", 1);
kthread_init_work(&hi_work, xxx_work_fn);
kthread_queue_work(&hi_worker, &hi_work);
kthread_flush_worker(&hi_worker);
	/* --- end of seed text --- */
	return 0;
}

static void __exit hi_exit(void)
{
	/* --- seed 001 --- */
kthread_stop(kworker_task);
	/* --- end of seed text --- */
}

module_init(hi_init);
module_exit(hi_exit);
MODULE_LICENSE("GPL");
