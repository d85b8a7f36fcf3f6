/*
 * Seed 000, section 2 (struct kthread_worker): the seed's snippet
 *
 *	kthread_init_worker(&worker);
 *	task_struct *thread = kthread_run(kthread_worker_fn, &worker, "my_worker");
 *
 * is not C: the kernel has no typedef task_struct, so Kbuild fails with
 * "unknown type name 'task_struct'", and so does `kwork run` (kernel wins).
 * The pattern itself (kthread_init_worker + kthread_run(kthread_worker_fn))
 * is legal and does NOT warn, contrary to the seed's claim: see
 * seed001_kthread_worker.c.
 */
#include <linux/module.h>
#include <linux/kthread.h>

static struct kthread_worker worker;

static int __init typo_init(void)
{
	/* --- seed 000 --- */
kthread_init_worker(&worker);
task_struct *thread = kthread_run(kthread_worker_fn, &worker, "my_worker");
	/* --- end of seed text --- */
	return 0;
}

static void __exit typo_exit(void)
{
}

module_init(typo_init);
module_exit(typo_exit);
MODULE_LICENSE("GPL");
