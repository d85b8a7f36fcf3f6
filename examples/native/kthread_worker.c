/*
 * kthread_worker.c - the seeds' two ways of making a kthread_worker (seeds
 * 000, 001, 003), with the native kw_ API.
 *
 * 1. kw_kthread_create_worker(): kwork makes the thread ("demo_worker").
 * 2. kw_kthread_init_worker() + kw_kthread_run(kw_kthread_worker_fn, ...)
 *    ("nvme1", seed 001): the caller makes the thread, and stops it with
 *    kw_kthread_flush_worker() + kw_kthread_stop().
 * Both run their works one at a time, in queueing order, in the worker
 * thread; a delayed work is queued when its timer fires.
 */
#include <kwork/kwork.h>

static struct kw_kthread_work first, second;
static struct kw_kthread_delayed_work later;

static void say(struct kw_kthread_work *w)
{
	kw_printk(KW_SOH "6" "%s runs in %s\n", w == &first ? "first" : "second",
		  kw_current()->comm);
}

static void later_fn(struct kw_kthread_work *w)
{
	(void)w;
	kw_printk(KW_SOH "6" "delayed work runs in %s\n", kw_current()->comm);
}

int main(void)
{
	/* 1: the worker API makes and names the thread. */
	struct kw_kthread_worker *worker = kw_kthread_create_worker(0, "demo_worker");
	if (kw_is_err(worker))
		return 1;
	kw_kthread_init_work(&first, say);
	kw_kthread_init_work(&second, say);
	kw_kthread_init_delayed_work(&later, later_fn);
	kw_kthread_queue_work(worker, &first);
	kw_kthread_queue_work(worker, &second);	/* runs after first */
	kw_kthread_queue_delayed_work(worker, &later, kw_msecs_to_jiffies(20));
	kw_kthread_flush_work(&second);
	kw_kthread_flush_work(&later.work);	/* waits for the timer, then the run */
	kw_kthread_destroy_worker(worker);

	/* 2: seed 001's manual mode: our own kthread runs kthread_worker_fn. */
	static struct kw_kthread_worker nvme;
	kw_kthread_init_worker(&nvme);
	struct kw_task *task = kw_kthread_run(kw_kthread_worker_fn, &nvme, "nvme%d", 1);
	if (kw_is_err(task))
		return 1;
	kw_kthread_init_work(&first, say);	/* a work moves only when re-initialised */
	kw_kthread_queue_work(&nvme, &first);
	kw_kthread_flush_worker(&nvme);
	kw_kthread_stop(task);
	kw_printk(KW_SOH "6" "both workers stopped\n");
	return 0;
}
