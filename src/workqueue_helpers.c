/*
 * workqueue_helpers.c - conveniences built on queue/flush: run a function
 * on every CPU or on one CPU and wait (schedule_on_each_cpu, work_on_cpu),
 * and RCU work (queue_rcu_work, flush_rcu_work).
 *
 * Layer: workqueue, above the core of workqueue.c (public calls plus
 * kw__work_claim / kw__queue_work_locked_free). Callers may sleep, except
 * kw_queue_rcu_work (any context). The RCU grace period: kwork has no RCU
 * read-side sections, so no reader can be inside one; the "grace period"
 * is a one-jiffy timer, whose callback (timer thread, softirq context)
 * queues the item as the kernel's call_rcu callback does. Ordering: the
 * item is never queued from inside kw_queue_rcu_work's caller.
 *
 * Locks: none of its own.
 */
#include "workqueue_internal.h"

#include <errno.h>
#include <stdlib.h>

/* ---- schedule_on_each_cpu ------------------------------------------------- */

int kw_schedule_on_each_cpu(kw_work_func_t func)
{
	unsigned int ncpu = kw_nr_cpu_ids();
	struct kw_work *works = calloc(ncpu, sizeof(*works));
	if (!works)
		return -ENOMEM;
	kw_might_sleep();
	for (unsigned int c = 0; c < ncpu; c++) {
		KW_INIT_WORK(&works[c], func);
		kw_schedule_work_on((int)c, &works[c]);
	}
	for (unsigned int c = 0; c < ncpu; c++)
		kw_flush_work(&works[c]);
	free(works);
	return 0;
}

/* ---- work_on_cpu ---------------------------------------------------------------- */

struct wfc {
	struct kw_work work;
	long (*fn)(void *);
	void *arg;
	long ret;
};

static void wfc_fn(struct kw_work *w)
{
	struct wfc *wfc = kw_container_of(w, struct wfc, work);
	wfc->ret = wfc->fn(wfc->arg);
}

long kw_work_on_cpu(int cpu, long (*fn)(void *), void *arg)
{
	struct wfc wfc = { .fn = fn, .arg = arg, .ret = 0 };
	KW_INIT_WORK_ONSTACK(&wfc.work, wfc_fn);
	kw_schedule_work_on(cpu, &wfc.work);
	kw_flush_work(&wfc.work);
	kw_destroy_work_on_stack(&wfc.work);
	return wfc.ret;
}

long kw_work_on_cpu_safe(int cpu, long (*fn)(void *), void *arg)
{
	if (cpu < 0 || (unsigned int)cpu >= kw_nr_cpu_ids())
		return -ENODEV;
	return kw_work_on_cpu(cpu, fn, arg);
}

/* ---- RCU work ---------------------------------------------------------------------- */

void kw_rcu_work_rcufn(struct kw_timer *t)
{
	struct kw_rcu_work *rw = kw_container_of(t, struct kw_rcu_work, rcu);
	kw__queue_work_locked_free(KW_WORK_CPU_UNBOUND, rw->wq, &rw->work);
}

bool kw_queue_rcu_work(struct kw_workqueue *wq, struct kw_rcu_work *rw)
{
	if (KW_WARN(!wq, "workqueue: queue_rcu_work() on a NULL workqueue (work %ps)",
		    (void *)rw->work.func))
		return false;
	if (!kw__work_claim(&rw->work))
		return false;
	rw->wq = wq;
	kw_mod_timer(&rw->rcu, kw_jiffies() + 1);
	return true;
}

bool kw_flush_rcu_work(struct kw_rcu_work *rw)
{
	if (kw_work_pending(&rw->work)) {
		/* Waits for a running grace-period callback; ends an armed one. */
		if (kw_timer_delete_sync(&rw->rcu))
			kw_rcu_work_rcufn(&rw->rcu);
		kw_flush_work(&rw->work);
		return true;
	}
	return kw_flush_work(&rw->work);
}
