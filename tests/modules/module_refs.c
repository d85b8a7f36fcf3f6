/*
 * module_refs - references on THIS_MODULE, as drivers take them around a
 * kthread: __module_get before starting it, module_put_and_kthread_exit at
 * its end (kthread_stop_put waits for that), try_module_get/module_put
 * pairs, module_refcount. With keep=1 init keeps one reference: the unload
 * is refused as rmmod refuses it ("Module module_refs is in use") and exit
 * is not called.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/completion.h>

static bool keep;
module_param(keep, bool, 0444);

static int failures;
#define CHECK(c) do { if (!(c)) { pr_err("FAIL: %s (line %d)\n", #c, __LINE__); failures++; } } while (0)

static DECLARE_COMPLETION(thread_started);

static int thread_fn(void *data)
{
	complete(&thread_started);
	module_put_and_kthread_exit(5);
}

static int __init refs_init(void)
{
	struct task_struct *t;

	CHECK(module_refcount(THIS_MODULE) == 0);
	__module_get(THIS_MODULE);	/* the thread's reference, dropped by it */
	t = kthread_create(thread_fn, NULL, "refs_thread");
	if (IS_ERR(t))
		return PTR_ERR(t);
	/* Held before the wake: a thread that exits on its own is freed. */
	get_task_struct(t);
	wake_up_process(t);
	/* Once threadfn runs, kthread_stop waits for its exit code (else -EINTR). */
	wait_for_completion(&thread_started);
	CHECK(kthread_stop_put(t) == 5);
	CHECK(module_refcount(THIS_MODULE) == 0);

	CHECK(try_module_get(THIS_MODULE));
	CHECK(try_module_get(THIS_MODULE));
	CHECK(module_refcount(THIS_MODULE) == 2);
	module_put(THIS_MODULE);
	if (!keep)
		module_put(THIS_MODULE);
	pr_info("refs: %d held after init, %d failure(s)\n",
		module_refcount(THIS_MODULE), failures);
	return 0;
}

static void __exit refs_exit(void)
{
	pr_info("refs: exit called\n");
}

module_init(refs_init);
module_exit(refs_exit);
MODULE_LICENSE("GPL");
