/*
 * kthread_worker.c - kthread_worker: one kthread running kthread_works one
 * at a time, in FIFO order; kthread_delayed_work on top of timer_list.
 *
 * Layer: kthread_worker, above kthread (thread lifetime), timers (delayed
 * works) and completions (flush waits).
 *
 * Threads: the worker thread runs kw_kthread_worker_fn(); any thread
 * queues, mods, flushes and cancels; the timer thread runs
 * kw_kthread_delayed_work_timer_fn().
 *
 * Lock: worker->lock protects both lists, task and current_work, and, for
 * every work attached to the worker, its node, worker and canceling fields.
 * It is the only lock this file takes. kw_add_timer() is called under it
 * (the timer base lock nests inside); it is dropped around
 * kw_timer_delete_sync() and every wait, with work->canceling raised so the
 * work cannot be queued meanwhile.
 *
 * Hot path: one critical section per queue (check, list insert, maybe a
 * wake) and one per executed work on the worker side (take the first work,
 * set current_work). A work stays on work_list until the worker takes it,
 * so cancel and flush always find it there. Nothing is allocated: flush
 * items live on the flusher's stack.
 *
 * Sleep/wake: the worker sets TASK_INTERRUPTIBLE before looking at the list
 * and, finding it empty, sets current_work = NULL under the lock before it
 * sleeps. A queuer that finds current_work == NULL wakes worker->task (a
 * state CAS; a system call only if the task really sleeps on its futex).
 * A queuer that finds the worker busy does nothing more: the worker looks
 * at the list again before sleeping. The wake's state CAS is done under the
 * lock, and the worker clears task under the lock before it exits, so a
 * woken task is always alive; the FUTEX_WAKE it may owe is issued after the
 * unlock (kw_kthread_queue_work), so the woken worker does not find the
 * lock still held by its waker's system call.
 *
 * Flush items: kthread_flush_work() puts its item right behind the work
 * (or at the list head for a running work); such "linked" items travel with
 * their work: when a delayed work's timer fires they move to work_list
 * behind it, and when a work is taken off a list by cancel or mod they go
 * to the head of work_list, so the flusher is released once the worker is
 * past the current work. A linked item is only ever preceded by its own
 * work, another linked item of that work, or nothing.
 */
#include "module_internal.h"
#include "task_internal.h"
#include "stats_internal.h"
#include "debug_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Workers made by kw_kthread_create_worker* and not yet destroyed. */
static unsigned int workers_alive;

/* An on-stack flush request: runs on the worker, completes done. */
struct flush_item {
	struct kw_kthread_work work;
	struct kw_completion done;
	bool linked;	/* follows its work (flush_work), not a worker barrier */
};

static void flush_item_fn(struct kw_kthread_work *work)
{
	struct flush_item *f = kw_container_of(work, struct flush_item, work);
	kw_complete(&f->done);
}

static void init_flush_item(struct flush_item *f, bool linked)
{
	kw_kthread_init_work(&f->work, flush_item_fn);
	kw_init_completion(&f->done);
	f->linked = linked;
}

static struct flush_item *as_flush_item(struct kw_kthread_work *work)
{
	if (work->func != flush_item_fn)
		return NULL;
	return kw_container_of(work, struct flush_item, work);
}

static struct kw_kthread_work *node_work(struct kw_list_head *n)
{
	return kw_list_entry(n, struct kw_kthread_work, node);
}

static struct kw_kthread_worker *work_worker(struct kw_kthread_work *work)
{
	return __atomic_load_n(&work->worker, __ATOMIC_RELAXED);
}

/* The worker's thread name, for messages. Lock held (task stays alive). */
static const char *worker_name_locked(struct kw_kthread_worker *worker)
{
	return worker->task ? worker->task->comm : "(no thread)";
}

/* ---- initialisation --------------------------------------------------------- */

void kw_kthread_init_worker(struct kw_kthread_worker *worker)
{
	memset(worker, 0, sizeof(*worker));
	kw_spin_lock_init(&worker->lock);
	kw_list_init(&worker->work_list);
	kw_list_init(&worker->delayed_work_list);
}

void kw_kthread_init_work(struct kw_kthread_work *work,
			  kw_kthread_work_func_t fn)
{
	memset(work, 0, sizeof(*work));
	kw_list_init(&work->node);
	work->func = fn;
}

void kw_kthread_init_delayed_work(struct kw_kthread_delayed_work *dwork,
				  kw_kthread_work_func_t fn)
{
	kw_kthread_init_work(&dwork->work, fn);
	kw_timer_setup(&dwork->timer, kw_kthread_delayed_work_timer_fn,
		       KW_TIMER_IRQSAFE);
}

/* ---- insertion (all under worker->lock) ---------------------------------------- */

/* *owed: the futex wake to issue after the unlock (kw__wake_flush). */
static void wake_if_idle_owed(struct kw_kthread_worker *worker,
			      unsigned int **owed)
{
	if (!worker->current_work && kw_likely(worker->task != NULL))
		kw__wake_up_owed(worker->task, KW_TASK_NORMAL, owed);
}

static void wake_if_idle_locked(struct kw_kthread_worker *worker)
{
	unsigned int *owed = NULL;
	wake_if_idle_owed(worker, &owed);
	kw__wake_flush(owed);
}

static __attribute__((noinline, cold))
void insert_warn_locked(struct kw_kthread_worker *worker,
			struct kw_kthread_work *work)
{
	KW_WARN_ONCE(!kw_list_empty(&work->node),
		     "kthread_work %ps queued on worker %s while on a list",
		     work->func, worker_name_locked(worker));
	/* K15: warn, but queue it here anyway. */
	KW_WARN_ONCE(work->worker && work->worker != worker,
		     "kthread_work %ps queued on worker %s but last used on "
		     "worker %p; kthread_init_work() it to move it",
		     work->func, worker_name_locked(worker),
		     (void *)work->worker);
}

static void insert_sanity_check_locked(struct kw_kthread_worker *worker,
				       struct kw_kthread_work *work)
{
	if (kw_unlikely(!kw_list_empty(&work->node) ||
			(work->worker && work->worker != worker)))
		insert_warn_locked(worker, work);
}

/*
 * Insert work before pos (a node of work_list) and wake an idle worker;
 * the futex wake owed goes to *owed (kw__wake_flush after the unlock).
 */
static void insert_work_owed(struct kw_kthread_worker *worker,
			     struct kw_kthread_work *work,
			     struct kw_list_head *pos, unsigned int **owed)
{
	insert_sanity_check_locked(worker, work);
	KW__PROBE3(kthread_work_queue_work, worker, work, work->func);
	if (!as_flush_item(work))
		kw__stamp_put(&worker->stats.stamps, work, kw__stats_stamp());
	kw_list_add_tail(&work->node, pos);
	__atomic_store_n(&work->worker, worker, __ATOMIC_RELAXED);
	wake_if_idle_owed(worker, owed);
}

static void insert_work_locked(struct kw_kthread_worker *worker,
			       struct kw_kthread_work *work,
			       struct kw_list_head *pos)
{
	unsigned int *owed = NULL;
	insert_work_owed(worker, work, pos, &owed);
	kw__wake_flush(owed);
}

/* Lock held; atomic only so that observers (tests, dumps) may peek. */
static void canceling_add(struct kw_kthread_work *work, int n)
{
	__atomic_fetch_add(&work->canceling, n, __ATOMIC_RELAXED);
}

/* K13: a pending work, or one being canceled, cannot be queued. */
static bool queuing_blocked_locked(struct kw_kthread_work *work)
{
	return !kw_list_empty(&work->node) || work->canceling;
}

/* Move the linked flush items right behind work onto the tail of dst. */
static void take_linked_flushers_locked(struct kw_kthread_worker *worker,
					struct kw_kthread_work *work,
					struct kw_list_head *dst)
{
	for (;;) {
		struct kw_list_head *n = work->node.next;
		if (n == &worker->work_list || n == &worker->delayed_work_list)
			return;
		struct flush_item *f = as_flush_item(node_work(n));
		if (!f || !f->linked)
			return;
		kw_list_move_tail(n, dst);
	}
}

/*
 * Take work off whichever list it is on; its linked flushers go to the head
 * of work_list. Return: true if it was pending.
 */
static bool remove_work_locked(struct kw_kthread_worker *worker,
			       struct kw_kthread_work *work)
{
	struct kw_list_head flushers = KW_LIST_HEAD_INIT(flushers);

	if (kw_list_empty(&work->node))
		return false;
	take_linked_flushers_locked(worker, work, &flushers);
	kw_list_del_init(&work->node);
	kw__stamp_take(&worker->stats.stamps, work);
	if (!kw_list_empty(&flushers)) {
		kw_list_splice_tail_init(&flushers, worker->work_list.next);
		wake_if_idle_locked(worker);
	}
	return true;
}

/* ---- the worker thread ----------------------------------------------------------- */

static void attach_worker_task(struct kw_kthread_worker *worker,
			       struct kw_task *self)
{
	kw_spin_lock(&worker->lock);
	/* K16: another task was recorded: warn, and take over. */
	KW_WARN(worker->task && worker->task != self,
		"kthread_worker_fn: worker run by %s/%d is taken over by %s/%d",
		worker->task ? worker->task->comm : "",
		worker->task ? worker->task->pid : 0, self->comm, self->pid);
	/* Written only when it changes: others read task without the lock. */
	if (worker->task != self)
		__atomic_store_n(&worker->task, self, __ATOMIC_RELAXED);
	kw_spin_unlock(&worker->lock);
	kw__ktw_register(worker);
}

static void detach_worker_task(struct kw_kthread_worker *worker,
			       struct kw_task *self)
{
	kw__ktw_unregister(worker);
	kw_spin_lock(&worker->lock);
	kw__ktw_stats_take(worker, NULL);
	if (worker->task == self) {
		__atomic_store_n(&worker->task, NULL, __ATOMIC_RELAXED);
		worker->current_work = NULL;
	}
	kw_spin_unlock(&worker->lock);
}

/* Take the first queued work (or NULL) and make it current_work. */
static struct kw_kthread_work *take_next_work(struct kw_kthread_worker *worker)
{
	struct kw_kthread_work *work = NULL;

	kw__spin_lock(&worker->lock);
	if (!kw_list_empty(&worker->work_list)) {
		work = node_work(worker->work_list.next);
		kw_list_del_init(&work->node);
	}
	/* Flush items are not counted: a flusher sees exact counts. */
	kw__ktw_stats_take(worker, work && !as_flush_item(work) ? work : NULL);
	worker->current_work = work;
	kw__spin_unlock(&worker->lock);
	return work;
}

int kw_kthread_worker_fn(void *worker_ptr)
{
	struct kw_kthread_worker *worker = worker_ptr;
	struct kw_task *self = kw_current();
	bool freezable = worker->flags & KW_KTW_FREEZABLE;

	attach_worker_task(worker, self);
	if (freezable)
		self->flags &= ~KW_PF_NOFREEZE;	/* set_freezable() */

	for (;;) {
		if (freezable) {
			/* The freeze point between two works. */
			bool frozen;
			(void)kw_kthread_freezable_should_stop(&frozen);
		}
		/* Paired with kthread_stop(): set the state, then check. */
		__atomic_store_n(&self->__state, KW_TASK_INTERRUPTIBLE,
				 __ATOMIC_SEQ_CST);	/* set_current_state */
		if (kw_kthread_should_stop())
			break;	/* K22: still-queued works stay queued */

		struct kw_kthread_work *work = take_next_work(worker);
		if (work) {
			__atomic_store_n(&self->__state, KW_TASK_RUNNING,
					 __ATOMIC_RELAXED);
			/* work may be freed by its callback: not used after. */
			kw_kthread_work_func_t fn = work->func;
			kw__module_note_callback((const void *)fn);
			KW__PROBE2(kthread_work_execute_start, work, fn);
			kw__lockdep_run_kthread_work(worker, work);
			KW__PROBE2(kthread_work_execute_end, work, fn);
		} else {
			kw__set_blocked("kthread_worker_fn", worker);
			kw_schedule();
		}
		kw_cond_resched();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	detach_worker_task(worker, self);
	return 0;
}

/* ---- creation and destruction ------------------------------------------------------ */

static struct kw_kthread_worker *create_worker_v(unsigned int flags, int node,
						 const char *namefmt,
						 va_list args)
{
	KW_WARN_ONCE(flags & ~KW_KTW_FREEZABLE,
		     "kthread_create_worker: unknown flags %#x", flags);

	struct kw_kthread_worker *worker = malloc(sizeof(*worker));
	if (!worker)
		return kw_err_ptr(-ENOMEM);
	kw_kthread_init_worker(worker);
	worker->flags = flags;

	struct kw_task *task = kw_kthread_create_on_node_v(kw_kthread_worker_fn,
							   worker, node,
							   namefmt, args);
	if (kw_is_err(task)) {
		free(worker);
		return (struct kw_kthread_worker *)(void *)task;
	}
	kw_spin_lock(&worker->lock);
	worker->task = task;
	kw_spin_unlock(&worker->lock);
	__atomic_fetch_add(&workers_alive, 1, __ATOMIC_RELAXED);
	return worker;
}

static struct kw_kthread_worker *start_worker(struct kw_kthread_worker *worker)
{
	if (!kw_is_err(worker))
		kw_wake_up_process(worker->task);
	return worker;
}

struct kw_kthread_worker *
kw_kthread_create_worker_on_node_v(unsigned int flags, int node,
				   const char *namefmt, va_list args)
{
	return create_worker_v(flags, node, namefmt, args);
}

struct kw_kthread_worker *kw_kthread_create_worker_on_node(unsigned int flags,
							   int node,
							   const char *namefmt,
							   ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_kthread_worker *worker =
		create_worker_v(flags, node, namefmt, ap);
	va_end(ap);
	return worker;
}

/* 6.12 semantics: create_worker starts its thread, exactly as run_worker. */
static struct kw_kthread_worker *run_worker_v(unsigned int flags,
					      const char *namefmt, va_list args)
{
	return start_worker(create_worker_v(flags, KW_NUMA_NO_NODE, namefmt, args));
}

struct kw_kthread_worker *kw_kthread_create_worker(unsigned int flags,
						   const char *namefmt, ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_kthread_worker *worker = run_worker_v(flags, namefmt, ap);
	va_end(ap);
	return worker;
}

struct kw_kthread_worker *kw_kthread_run_worker(unsigned int flags,
						const char *namefmt, ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_kthread_worker *worker = run_worker_v(flags, namefmt, ap);
	va_end(ap);
	return worker;
}

static struct kw_kthread_worker *create_bound_worker_v(int cpu,
						       unsigned int flags,
						       const char *namefmt,
						       va_list args)
{
	if (cpu < 0 || (unsigned int)cpu >= kw_nr_cpu_ids())
		return kw_err_ptr(-EINVAL);
	struct kw_kthread_worker *worker =
		create_worker_v(flags, KW_NUMA_NO_NODE, namefmt, args);
	if (!kw_is_err(worker))
		kw_kthread_bind(worker->task, (unsigned int)cpu);
	return start_worker(worker);
}

/* Parenthesised: the header's macro of the same name must not expand here. */
struct kw_kthread_worker *(kw_kthread_create_worker_on_cpu)(int cpu,
							    unsigned int flags,
							    const char *namefmt,
							    ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_kthread_worker *worker =
		create_bound_worker_v(cpu, flags, namefmt, ap);
	va_end(ap);
	return worker;
}

struct kw_kthread_worker *kw_kthread_run_worker_on_cpu(int cpu,
						       unsigned int flags,
						       const char *namefmt)
{
	return (kw_kthread_create_worker_on_cpu)(cpu, flags, namefmt, cpu);
}

unsigned int kw_kthread_workers_alive(void)
{
	return __atomic_load_n(&workers_alive, __ATOMIC_RELAXED);
}

static void cancel_timer_locked(struct kw_kthread_worker *worker,
				struct kw_kthread_work *work);

/*
 * After the thread is gone: empty both lists. Armed delayed works are
 * disarmed, flushers released, works detached from the dying worker.
 * Return through the flags: what was left.
 */
static void discard_leftovers(struct kw_kthread_worker *worker,
			      bool *had_delayed, bool *had_queued)
{
	kw_spin_lock(&worker->lock);
	*had_delayed = !kw_list_empty(&worker->delayed_work_list);
	*had_queued = !kw_list_empty(&worker->work_list);
	while (!kw_list_empty(&worker->delayed_work_list)) {
		struct kw_kthread_work *work =
			node_work(worker->delayed_work_list.next);
		if (as_flush_item(work)) {
			kw_list_move_tail(&work->node, &worker->work_list);
			continue;
		}
		cancel_timer_locked(worker, work);	/* drops the lock */
		remove_work_locked(worker, work);	/* flushers to work_list */
		__atomic_store_n(&work->worker, NULL, __ATOMIC_RELAXED);
	}
	while (!kw_list_empty(&worker->work_list)) {
		struct kw_kthread_work *work = node_work(worker->work_list.next);
		struct flush_item *f = as_flush_item(work);
		kw_list_del_init(&work->node);
		if (f)
			kw_complete(&f->done);
		else
			__atomic_store_n(&work->worker, NULL, __ATOMIC_RELAXED);
	}
	kw_spin_unlock(&worker->lock);
}

void kw_kthread_destroy_worker(struct kw_kthread_worker *worker)
{
	char name[KW_TASK_COMM_LEN];
	bool had_delayed, had_queued;

	kw_spin_lock(&worker->lock);
	struct kw_task *task = worker->task;
	snprintf(name, sizeof(name), "%s", worker_name_locked(worker));
	kw_spin_unlock(&worker->lock);

	if (KW_WARN(!task, "kthread_destroy_worker: worker %p has no thread",
		    (void *)worker))
		return;
	if (KW_WARN(task == kw_current(),
		    "kthread_destroy_worker: %s destroyed from one of its own "
		    "works would deadlock", name))
		return;

	kw_kthread_flush_worker(worker);
	kw_kthread_stop(task);
	discard_leftovers(worker, &had_delayed, &had_queued);
	KW_WARN(had_delayed,
		"kthread_destroy_worker: %s: delayed works still pending "
		"(their timers are disarmed)", name);
	KW_WARN(had_queued,
		"kthread_destroy_worker: %s: works queued after the flush "
		"are discarded", name);
	__atomic_fetch_sub(&workers_alive, 1, __ATOMIC_RELAXED);
	free(worker);
}

/* ---- queueing ------------------------------------------------------------------------ */

bool kw_kthread_queue_work(struct kw_kthread_worker *worker,
			   struct kw_kthread_work *work)
{
	bool queued = false;
	unsigned int *owed = NULL;

	if (kw__forked_child_check("kthread_queue_work"))
		return false;
	kw__spin_lock(&worker->lock);
	if (kw_likely(!queuing_blocked_locked(work))) {
		insert_work_owed(worker, work, &worker->work_list, &owed);
		queued = true;
	}
	kw__spin_unlock(&worker->lock);
	kw__wake_flush(owed);
	return queued;
}

void kw_kthread_delayed_work_timer_fn(struct kw_timer *t)
{
	struct kw_kthread_delayed_work *dwork =
		kw_container_of(t, struct kw_kthread_delayed_work, timer);
	struct kw_kthread_work *work = &dwork->work;
	struct kw_kthread_worker *worker = work_worker(work);
	struct kw_list_head flushers = KW_LIST_HEAD_INIT(flushers);

	/* The work was re-initialised while its timer was armed. */
	if (KW_WARN_ONCE(!worker, "kthread_delayed_work %ps: timer fired on a "
			 "re-initialised work", work->func))
		return;

	kw_spin_lock(&worker->lock);
	KW_WARN_ONCE(work->worker != worker,
		     "kthread_delayed_work %ps changed worker while armed",
		     work->func);
	KW_WARN_ONCE(kw_list_empty(&work->node),
		     "kthread_delayed_work %ps: timer fired but the work is on "
		     "no list", work->func);
	if (work->canceling) {
		/*
		 * A canceler waits for this callback in kw_timer_delete_sync():
		 * it takes the work off the delayed list itself, and so knows
		 * that it was pending.
		 */
		kw_spin_unlock(&worker->lock);
		return;
	}
	take_linked_flushers_locked(worker, work, &flushers);
	kw_list_del_init(&work->node);
	insert_work_locked(worker, work, &worker->work_list);
	kw_list_splice_tail_init(&flushers, &worker->work_list);
	kw_spin_unlock(&worker->lock);
}

static void queue_delayed_work_locked(struct kw_kthread_worker *worker,
				      struct kw_kthread_delayed_work *dwork,
				      unsigned long delay)
{
	struct kw_kthread_work *work = &dwork->work;

	KW_WARN_ONCE(dwork->timer.function != kw_kthread_delayed_work_timer_fn,
		     "kthread_delayed_work %ps: timer callback is %ps",
		     work->func, dwork->timer.function);
	/* delay 0: no timer, and no tick of delay either (K21). */
	if (!delay) {
		insert_work_locked(worker, work, &worker->work_list);
		return;
	}
	insert_sanity_check_locked(worker, work);
	kw_list_add(&work->node, &worker->delayed_work_list);
	__atomic_store_n(&work->worker, worker, __ATOMIC_RELAXED);
	dwork->timer.expires = kw_jiffies() + delay;
	kw_add_timer(&dwork->timer);
}

bool kw_kthread_queue_delayed_work(struct kw_kthread_worker *worker,
				   struct kw_kthread_delayed_work *dwork,
				   unsigned long delay)
{
	bool queued = false;

	kw_spin_lock(&worker->lock);
	if (!queuing_blocked_locked(&dwork->work)) {
		queue_delayed_work_locked(worker, dwork, delay);
		queued = true;
	}
	kw_spin_unlock(&worker->lock);
	return queued;
}

/*
 * Make sure the timer is neither armed nor running. Drops and retakes the
 * lock; canceling is raised meanwhile, so the work cannot be queued and the
 * timer callback leaves it where it is.
 */
static void cancel_timer_locked(struct kw_kthread_worker *worker,
				struct kw_kthread_work *work)
{
	struct kw_kthread_delayed_work *dwork =
		kw_container_of(work, struct kw_kthread_delayed_work, work);

	canceling_add(work, 1);
	kw_spin_unlock(&worker->lock);
	kw_timer_delete_sync(&dwork->timer);
	kw_spin_lock(&worker->lock);
	canceling_add(work, -1);
}

bool kw_kthread_mod_delayed_work(struct kw_kthread_worker *worker,
				 struct kw_kthread_delayed_work *dwork,
				 unsigned long delay)
{
	struct kw_kthread_work *work = &dwork->work;
	bool was_pending = false;

	kw_spin_lock(&worker->lock);
	if (work->worker) {
		KW_WARN_ONCE(work->worker != worker,
			     "kthread_mod_delayed_work: %ps last used on "
			     "worker %p, not %s", work->func,
			     (void *)work->worker, worker_name_locked(worker));
		cancel_timer_locked(worker, work);
		if (work->canceling) {
			/* Another cancel or mod wins; the count is unchanged. */
			kw_spin_unlock(&worker->lock);
			return true;
		}
		was_pending = remove_work_locked(worker, work);
	}
	queue_delayed_work_locked(worker, dwork, delay);
	kw_spin_unlock(&worker->lock);
	return was_pending;
}

/* ---- flush and cancel ------------------------------------------------------------------- */

void kw_kthread_flush_work(struct kw_kthread_work *work)
{
	struct kw_kthread_worker *worker = work_worker(work);
	struct kw_list_head *pos = NULL;
	struct flush_item f;
	bool self;

	if (!worker || kw__lockdep_kthread_flush_work(work, "kthread_flush_work"))
		return;
	struct kw_task *me = kw_current();
	init_flush_item(&f, true);

	kw_spin_lock(&worker->lock);
	KW_WARN_ONCE(work->worker != worker,
		     "kthread_flush_work: %ps changed worker", work->func);
	if (!kw_list_empty(&work->node))
		pos = work->node.next;		/* right behind it (K17) */
	else if (worker->current_work == work)
		pos = worker->work_list.next;	/* at the head (K23) */
	self = pos && worker->task == me;
	if (pos && !self)
		insert_work_locked(worker, &f.work, pos);
	kw_spin_unlock(&worker->lock);

	if (self) {
		KW_WARN(1, "kthread_flush_work: %ps flushed from its own "
			"worker would deadlock", work->func);
		return;
	}
	if (pos)
		kw_wait_for_completion(&f.done);
}

void kw_kthread_flush_worker(struct kw_kthread_worker *worker)
{
	struct flush_item f;
	bool self;

	if (kw__lockdep_kthread_flush_worker(worker, "kthread_flush_worker"))
		return;
	struct kw_task *me = kw_current();
	init_flush_item(&f, false);
	kw_spin_lock(&worker->lock);
	self = worker->task == me;
	if (!self)
		insert_work_locked(worker, &f.work, &worker->work_list);
	kw_spin_unlock(&worker->lock);

	if (self) {
		KW_WARN(1, "kthread_flush_worker: %s flushed from one of its "
			"own works would deadlock", me->comm);
		return;
	}
	kw_wait_for_completion(&f.done);
}

static bool cancel_work_sync(struct kw_kthread_work *work, bool is_dwork)
{
	struct kw_kthread_worker *worker = work_worker(work);
	bool was_pending, self = false;

	if (!worker)
		return false;
	struct kw_task *me = kw_current();

	kw_spin_lock(&worker->lock);
	KW_WARN_ONCE(work->worker != worker,
		     "kthread_cancel_work_sync: %ps changed worker", work->func);
	if (is_dwork)
		cancel_timer_locked(worker, work);
	was_pending = remove_work_locked(worker, work);
	if (worker->current_work == work) {
		self = worker->task == me;
		if (!self) {
			/* Wait for the running instance; block requeueing. */
			canceling_add(work, 1);
			kw_spin_unlock(&worker->lock);
			kw_kthread_flush_work(work);
			kw_spin_lock(&worker->lock);
			canceling_add(work, -1);
		}
	}
	kw_spin_unlock(&worker->lock);

	KW_WARN(self, "kthread_cancel_work_sync: %ps canceled from its own "
		"callback would deadlock", work->func);
	return was_pending;
}

bool kw_kthread_cancel_work_sync(struct kw_kthread_work *work)
{
	return cancel_work_sync(work, false);
}

bool kw_kthread_cancel_delayed_work_sync(struct kw_kthread_delayed_work *dwork)
{
	return cancel_work_sync(&dwork->work, true);
}
