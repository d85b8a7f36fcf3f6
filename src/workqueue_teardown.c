/*
 * workqueue_teardown.c - the workqueue's entry in the teardown registry
 * (teardown_internal.h): its kworkers and system workqueues go when no
 * user workqueue is left and nothing is queued or running.
 *
 * Layer: workqueue. Runs in the thread doing kw_shutdown() or exit().
 * Locks: kw__wq_list_lock, then each pool's lock (the workqueue's order).
 */
#include "workqueue_internal.h"
#include "teardown_internal.h"

#include <stdio.h>

/*
 * Is a work with callback fn at w the user's? Flush barriers and the pools'
 * idle-cull works are the workqueue's own: they finish by themselves (a
 * barrier's flusher may already have returned, its barrier gone with its
 * stack, while the worker is still accounting for it: never dereference a
 * running work).
 */
static bool user_work(const struct kw_work *w, kw_work_func_t fn)
{
	if (fn == kw__wq_barrier_func)
		return false;
	for (int i = 0; i < kw__nr_pools; i++)
		if (w == &kw__pools[i]->idle_cull_work)
			return false;
	return true;
}

/* The callback of the first user work on a list of works, or NULL. */
static kw_work_func_t user_work_on_list(struct kw_list_head *head)
{
	for (struct kw_list_head *p = head->next; p != head; p = p->next) {
		struct kw_work *w = kw_container_of(p, struct kw_work, entry);
		if (user_work(w, w->func))
			return w->func;
	}
	return NULL;
}

/*
 * The callback of a user work pool holds or runs, or NULL.
 * Context: pool->lock held.
 */
static kw_work_func_t pool_user_work_locked(struct kw__pool *pool)
{
	kw_work_func_t fn = user_work_on_list(&pool->worklist);
	for (struct kw_list_head *p = pool->workers.next;
	     p != &pool->workers && !fn; p = p->next) {
		struct kw__worker *worker =
			kw_container_of(p, struct kw__worker, node);
		if (worker->current_work &&
		    user_work(worker->current_work, worker->current_func))
			fn = worker->current_func;
		else
			fn = user_work_on_list(&worker->scheduled);
	}
	return fn;
}

static bool pools_busy(char *why, size_t size)
{
	for (int i = 0; i < kw__nr_pools; i++) {
		struct kw__pool *pool = kw__pools[i];
		kw_spin_lock(&pool->lock);
		kw_work_func_t fn = pool_user_work_locked(pool);
		kw_spin_unlock(&pool->lock);
		if (fn) {
			char cpus[64], sym[128];
			kw__pool_cpus(pool, cpus, sizeof(cpus));
			snprintf(why, size, "pool %d (cpus=%s) has work %s queued "
				 "or running", pool->id, cpus,
				 kw_symbol_name((const void *)fn, false, sym,
						sizeof(sym)));
			return true;
		}
	}
	return false;
}

/*
 * Busy while a user workqueue exists (it holds pwqs on the pools and maybe
 * a rescuer) or user work is queued (beyond max_active too) or running.
 */
static bool workqueue_busy(char *why, size_t size)
{
	bool busy = false;
	kw_spin_lock(&kw__wq_list_lock);
	for (struct kw_list_head *p = kw__workqueues.next;
	     p != &kw__workqueues && !busy; p = p->next) {
		struct kw_workqueue *wq = kw_container_of(p, struct kw_workqueue, list);
		if (!wq->system) {
			snprintf(why, size, "workqueue %s is not destroyed", wq->name);
			busy = true;
		}
		for (int i = 0; i < wq->nr_pwqs && !busy; i++) {
			struct kw__pwq *pwq = wq->pwqs[i];
			kw_spin_lock(&pwq->pool->lock);
			kw__pwq_drain_inbox_locked(pwq);
			busy = !kw_list_empty(&pwq->inactive_works);
			kw_spin_unlock(&pwq->pool->lock);
			if (busy)
				snprintf(why, size, "workqueue %s has work waiting "
					 "for max_active", wq->name);
		}
	}
	kw_spin_unlock(&kw__wq_list_lock);
	return busy || (kw__pools && pools_busy(why, size));
}

static bool workqueue_stop(char *why, size_t size)
{
	kw__workqueue_shutdown();
	return true;
}

struct kw__teardown kw__workqueue_teardown = {
	.name = "workqueue", .order = KW__TEARDOWN_CALLBACKS,
	.busy = workqueue_busy, .stop = workqueue_stop,
};
