/*
 * workqueue.c - the seeds' work_struct and delayed_work (seed 000), with
 * the native kw_ API: a work on the system workqueue, a delayed work, and
 * an ordered workqueue of one's own that runs its works one at a time in
 * queueing order, each in a kworker thread.
 */
#include <kwork/kwork.h>

static struct kw_work hello, steps[3];
static struct kw_delayed_work later;

static void hello_fn(struct kw_work *w)
{
	(void)w;
	kw_printk(KW_SOH "6" "work runs in %s\n", kw_current()->comm);
}

static void step_fn(struct kw_work *w)
{
	kw_printk(KW_SOH "6" "ordered step %d in %s\n", (int)(w - steps),
		  kw_current()->comm);
}

static void later_fn(struct kw_work *w)
{
	struct kw_delayed_work *dw = kw_to_delayed_work(w);
	kw_printk(KW_SOH "6" "delayed work runs in %s (pending now: %d)\n",
		  kw_current()->comm, kw_delayed_work_pending(dw));
}

int main(void)
{
	KW_INIT_WORK(&hello, hello_fn);
	kw_schedule_work(&hello);
	kw_flush_work(&hello);

	KW_INIT_DELAYED_WORK(&later, later_fn);
	kw_schedule_delayed_work(&later, kw_msecs_to_jiffies(20));
	kw_flush_delayed_work(&later);	/* queues it now and waits */

	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("demo_ordered", 0);
	if (!wq)
		return 1;
	for (int i = 0; i < 3; i++) {
		KW_INIT_WORK(&steps[i], step_fn);
		kw_queue_work(wq, &steps[i]);
	}
	kw_destroy_workqueue(wq);	/* drains: every step has run */
	kw_printk(KW_SOH "6" "workqueue destroyed\n");
	return 0;
}
