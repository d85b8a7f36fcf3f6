/*
 * debugobjects.c - object lifetime checks (the kernel's debugobjects for
 * work_struct, timer_list and kthread_worker) and the task quarantine.
 *
 * Layer: task core, reading the workqueue's, timers' and kthread_worker's
 * structures to find live objects. Runs in the caller of kfree / INIT_WORK /
 * timer_setup, and in whoever drops the last task reference.
 *
 * Objects are not tracked as they change state: queueing allocates and
 * records nothing (the hot path stays as it is). Instead, when memory is
 * freed (kw__debug_check_free) the places where an active object can be are
 * searched for one inside the freed range: every pool's worklist, every
 * worker's scheduled list, every pwq's inactive list, the timer wheel, the
 * hrtimer heaps, and
 * the list of tasks (a kthread running kthread_worker_fn on a worker in the
 * range, and the works queued on it). Re-initialising a work or a timer
 * whose old contents look active searches the same places for its
 * address. Each find is reported in the kernel's words
 * ("ODEBUG: free active (active state 0) object: ... object type: ...
 * hint: ...") and fixed up as the kernel does: the work is cancelled, the
 * timer disarmed, so nothing runs on freed memory later. A live
 * kthread_worker cannot be fixed up (its thread uses the memory): it is
 * reported and the memory is not freed (leaked rather than corrupted).
 * These checks cost a scan per kfree: they are off unless
 * KWORK_DEBUG_OBJECTS=1 or kw_debug_objects_enable(true).
 *
 * Tasks: the last kw_put_task_struct does not free a task at once; the
 * task is poisoned (magic KW__TASK_RELEASED) and queued in a quarantine
 * of QUARANTINE tasks, the oldest freed when it overflows. kthread_stop,
 * wake_up_process and get/put_task_struct on a quarantined task report a
 * use after release instead of reading freed memory. Always on (it costs
 * one compare per call and QUARANTINE task-sized blocks).
 *
 * Locks: kw__wq_list_lock -> pool->lock (as workqueue_internal.h), then
 * released before fix-ups; kw__tasks_lock -> a kthread_worker's lock;
 * quarantine_lock alone.
 */
#include "debug_internal.h"
#include "kthread_internal.h"
#include "kthread_worker_internal.h"
#include "timer_internal.h"
#include "workqueue_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FOUND 16
#define QUARANTINE 128

static bool enabled;			/* A */

bool kw_debug_objects_enable(bool on)
{
	return __atomic_exchange_n(&enabled, on, __ATOMIC_RELAXED);
}

void kw__debug_objects_init(void)
{
	const char *e = getenv("KWORK_DEBUG_OBJECTS");
	if (e && !strcmp(e, "1"))
		enabled = true;
}

static bool on(void)
{
	return __atomic_load_n(&enabled, __ATOMIC_RELAXED);
}

static bool in_range(const void *p, const char *lo, const char *hi)
{
	return (const char *)p >= lo && (const char *)p < hi;
}

/* ---- finding active objects ------------------------------------------------------ */

struct found_works {
	struct kw_work *w[MAX_FOUND];
	int n;
};

static void scan_list(struct kw_list_head *head, const char *lo, const char *hi,
		      struct found_works *f)
{
	struct kw_list_head *pos;
	for (pos = head->next; pos != head && f->n < MAX_FOUND; pos = pos->next) {
		struct kw_work *w = kw_container_of(pos, struct kw_work, entry);
		if (in_range(w, lo, hi) && w->func != kw__wq_barrier_func)
			f->w[f->n++] = w;
	}
}

/* Pending works in [lo, hi): on a worklist, scheduled, or inactive. */
static void find_pending_works(const char *lo, const char *hi, struct found_works *f)
{
	kw_spin_lock(&kw__wq_list_lock);
	struct kw_workqueue *wq;
	kw__list_for_each_entry(wq, &kw__workqueues, list) {
		for (int i = 0; i < wq->nr_pwqs; i++) {
			struct kw__pwq *pwq = wq->pwqs[i];
			kw_spin_lock(&pwq->pool->lock);
			kw__pwq_drain_inbox_locked(pwq);
			scan_list(&pwq->inactive_works, lo, hi, f);
			kw_spin_unlock(&pwq->pool->lock);
		}
	}
	kw_spin_unlock(&kw__wq_list_lock);
	int nr_pools = __atomic_load_n(&kw__nr_pools, __ATOMIC_ACQUIRE);
	for (int i = 0; i < nr_pools; i++) {
		struct kw__pool *pool = __atomic_load_n(&kw__pools[i], __ATOMIC_ACQUIRE);
		if (!pool)
			continue;	/* being made (workqueue start-up) */
		kw_spin_lock(&pool->lock);
		scan_list(&pool->worklist, lo, hi, f);
		struct kw__worker *worker;
		kw__list_for_each_entry(worker, &pool->workers, node)
			scan_list(&worker->scheduled, lo, hi, f);
		kw_spin_unlock(&pool->lock);
	}
}

/* A kthread running kthread_worker_fn on a worker in [lo, hi). */
struct found_workers {
	struct kw_kthread_worker *worker[MAX_FOUND];
	char comm[MAX_FOUND][KW_TASK_COMM_LEN];
	int nw;
	struct kw_kthread_work *work[MAX_FOUND];
	int nk;
};

/*
 * Take the kthread_works in [lo, hi) off one of a worker's lists; the
 * queued ones are reported (report), the delayed ones are not: their
 * timers, in the same memory, were disarmed and reported just before.
 */
static void take_works_locked(struct kw_list_head *head, const char *lo,
			      const char *hi, struct found_workers *f, bool report)
{
	struct kw_list_head *pos, *next;
	for (pos = head->next; pos != head; pos = next) {
		next = pos->next;
		struct kw_kthread_work *work =
			kw_container_of(pos, struct kw_kthread_work, node);
		if (!in_range(work, lo, hi) || (report && f->nk == MAX_FOUND))
			continue;
		kw__ktw_unlist_work_locked(work);	/* the fix-up */
		if (report)
			f->work[f->nk++] = work;
	}
}

static void take_worker_works_locked(struct kw_kthread_worker *worker,
				     const char *lo, const char *hi,
				     struct found_workers *f)
{
	kw__ktw_drain_inbox_locked(worker);
	take_works_locked(&worker->work_list, lo, hi, f, true);
	take_works_locked(&worker->delayed_work_list, lo, hi, f, false);
}

static void find_kthread_workers(const char *lo, const char *hi,
				 struct found_workers *f)
{
	kw_spin_lock(&kw__tasks_lock);
	struct kw__task *t;
	kw__list_for_each_entry(t, &kw__all_tasks, all_node) {
		struct kw__kthread *kt = t->kthread;
		if (!kt || kt->threadfn != kw_kthread_worker_fn ||
		    (__atomic_load_n(&kt->flags, __ATOMIC_ACQUIRE) & KW__KTHREAD_EXITING))
			continue;
		struct kw_kthread_worker *worker = kt->data;
		if (in_range(worker, lo, hi) && f->nw < MAX_FOUND) {
			memcpy(f->comm[f->nw], t->pub.comm, KW_TASK_COMM_LEN);
			f->worker[f->nw++] = worker;
			continue;
		}
		kw_spin_lock(&worker->lock);
		take_worker_works_locked(worker, lo, hi, f);
		kw_spin_unlock(&worker->lock);
	}
	kw_spin_unlock(&kw__tasks_lock);
}

/* ---- reports ---------------------------------------------------------------------- */

static void report(const char *what, const void *obj, const char *type,
		   const void *hint)
{
	KW_WARN(1, "ODEBUG: %s active (active state 0) object: %p object type: %s hint: %ps",
		what, obj, type, hint);
}

/* Report and deactivate what is in range. Return: true if a live worker is. */
static bool check_range(const void *ptr, size_t size, const char *what)
{
	const char *lo = ptr, *hi = lo + size;
	struct found_works fw = { .n = 0 };
	find_pending_works(lo, hi, &fw);
	for (int i = 0; i < fw.n; i++) {
		report(what, fw.w[i], "work_struct", (void *)fw.w[i]->func);
		kw_cancel_work(fw.w[i]);
	}

	struct kw_timer *timers[MAX_FOUND];
	kw_timer_fn fns[MAX_FOUND];
	int nt = kw__timer_detach_armed_in(ptr, size, timers, fns, MAX_FOUND);
	for (int i = 0; i < nt; i++)
		report(what, timers[i], "timer_list", (void *)fns[i]);

	struct kw_hrtimer *hrt[MAX_FOUND];
	kw_hrtimer_fn hfns[MAX_FOUND];
	int nh = kw__hrtimer_detach_armed_in(ptr, size, hrt, hfns, MAX_FOUND);
	for (int i = 0; i < nh; i++)
		report(what, hrt[i], "hrtimer", (void *)hfns[i]);

	struct found_workers fk;
	fk.nw = fk.nk = 0;
	find_kthread_workers(lo, hi, &fk);
	for (int i = 0; i < fk.nk; i++)
		report(what, fk.work[i], "kthread_work", (void *)fk.work[i]->func);
	for (int i = 0; i < fk.nw; i++)
		KW_WARN(1, "ODEBUG: %s active (active state 0) object: %p object type: "
			"kthread_worker hint: %s (its thread still runs: the memory "
			"is not freed; kthread_destroy_worker() it first)",
			what, (void *)fk.worker[i], fk.comm[i]);
	return fk.nw != 0;
}

bool kw__debug_check_free(const void *ptr, size_t size)
{
	if (!ptr || !size || !on())
		return false;
	return check_range(ptr, size, "free");
}

/*
 * Initialising an object that is active. Only an object whose old contents
 * say active (PENDING; a linked timer) can be: the cheap filter, then the
 * lists are searched for its address (garbage that looks active is not
 * trusted). In atomic context (the workqueue initialises its on-stack
 * barriers under a pool lock) the lists cannot be searched: not checked.
 * The filter reads fresh memory, which valgrind's memcheck flags: the
 * harness leaves debugobjects off under valgrind (docs/debugging.md).
 */
void kw_debug_object_init_work(struct kw_work *w)
{
	if (kw_likely(!on()) || kw__preempt_depth ||
	    !(kw__work_data(w) & KW_WORK_STRUCT_PENDING))
		return;
	struct found_works fw = { .n = 0 };
	find_pending_works((const char *)w, (const char *)(w + 1), &fw);
	for (int i = 0; i < fw.n; i++) {
		if (fw.w[i] != w)
			continue;
		report("init", w, "work_struct", (void *)w->func);
		kw_cancel_work(w);
	}
}

void kw__debug_check_init_timer(struct kw_timer *t)
{
	if (kw_likely(!on()) || kw__preempt_depth ||
	    !__atomic_load_n(&t->entry.pprev, __ATOMIC_RELAXED))
		return;
	struct kw_timer *timers[1];
	kw_timer_fn fns[1];
	if (kw__timer_detach_armed_in(t, sizeof(*t), timers, fns, 1))
		report("init", t, "timer_list", (void *)fns[0]);
}

/* ---- the task quarantine ------------------------------------------------------------ */

static kw_spinlock_t quarantine_lock = KW_SPINLOCK_INIT;
static struct kw__task *quarantine[QUARANTINE];	/* quarantine_lock */
static unsigned int quarantine_next;			/* quarantine_lock */

static void free_task(struct kw__task *t)
{
	free(t->kthread);
	free(t);
}

void kw__task_release(struct kw__task *t)
{
	__atomic_store_n(&t->magic, KW__TASK_RELEASED, __ATOMIC_RELEASE);
	kw_spin_lock(&quarantine_lock);
	struct kw__task *old = quarantine[quarantine_next];
	quarantine[quarantine_next] = t;
	quarantine_next = (quarantine_next + 1) % QUARANTINE;
	kw_spin_unlock(&quarantine_lock);
	if (old)
		free_task(old);
}

bool kw__task_check_unusable(const void *task, const char *call)
{
	const struct kw__task *t = task;
	if (kw_unlikely(!task || KW_IS_ERR_VALUE(task)))
		return KW_WARN(1, "%s: invalid task pointer %p (NULL or ERR_PTR)",
			       call, task);
	if (kw_likely(__atomic_load_n(&t->magic, __ATOMIC_ACQUIRE) != KW__TASK_RELEASED))
		return false;
	KW_WARN(1, "%s: task %s (pid %d) already exited and was released: use "
		"after free (keep a reference with get_task_struct(), or stop it "
		"with kthread_stop_put())", call, t->pub.comm, t->pub.pid);
	return true;
}
