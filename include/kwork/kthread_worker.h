/*
 * kwork/kthread_worker.h - kthread_worker, kthread_work, kthread_delayed_work.
 *
 * Layer: kthread_worker (public API), above kthread and timers. A
 * kthread_worker is one kthread that runs queued kthread_works one at a time
 * in FIFO order (SEMANTICS K12). The structures carry the kernel's field
 * names, so <linux/kthread.h> maps struct kthread_worker and friends onto
 * these one to one; kernel code may read worker->task, worker->current_work
 * and work->worker directly, as drivers do.
 *
 * Pending: work->state holds KW__KTW_PENDING (claimed by a queuer, set by
 * one compare-and-swap that also fails while a cancel is in progress) and
 * KW__KTW_LISTED (on one of its worker's two lists: work_list, queued;
 * delayed_work_list, its timer armed), and the count of cancels in
 * progress. kw_kthread_queue_work() claims the work and appends it to the
 * worker's lock-free inbox without taking worker->lock; everything else
 * (lists, current_work, task) is protected by worker->lock, and whoever
 * takes the lock to look at the lists first moves the inbox onto the tail
 * of work_list, so the lists are in FIFO order. Queueing allocates
 * nothing; flushes use on-stack items.

 * Versions: kwork claims Linux 6.12 (spec/COMPAT.md), so the functions that
 * exist in 6.12 behave as there: kw_kthread_create_worker() and
 * kw_kthread_create_worker_on_cpu() START the thread. The 6.14-only
 * kw_kthread_create_worker_on_node() returns a worker whose thread has not
 * started (6.14 semantics, K14); kw_kthread_run_worker*() always start.
 *
 * Where the kernel would hang (flushing or cancel_sync-ing a work from the
 * worker it needs, destroying a worker from its own work), kwork WARNs and
 * returns instead; see docs/kthread_worker.md for every divergence.
 */
#ifndef KWORK_KTHREAD_WORKER_H
#define KWORK_KTHREAD_WORKER_H

#include <kwork/compiler.h>
#include <kwork/list.h>
#include <kwork/stats.h>
#include <kwork/sync.h>
#include <kwork/task.h>
#include <kwork/timer.h>
#include <stdarg.h>

KW_BEGIN_DECLS

/* worker->flags: the worker thread is freezable (set_freezable()). */
#define KW_KTW_FREEZABLE (1u << 0)

struct kw_kthread_work;
typedef void (*kw_kthread_work_func_t)(struct kw_kthread_work *work);

/* Counters read by kw_kthread_worker_stats_get() (stats.h). lock. */
struct kw__ktw_stats {
	uint64_t started;
	uint64_t completed;
	int64_t cur_start_ns;		/* start of current_work if timed, else 0 */
	kw_kthread_work_func_t cur_func;	/* current_work's (it may be freed) */
	struct kw_stats_hist queued;
	struct kw_stats_hist run;
	struct kw__stats_stamps stamps;	/* queue times of waiting works */
};

/*
 * Lock rule: flags is set before start; inbox and idle are atomics; every
 * other field is protected by lock (W: written by the worker thread).
 */
struct kw_kthread_worker {
	unsigned int flags;			/* KW_KTW_*; set before start */
	kw_spinlock_t lock;
	struct kw_list_head work_list;		/* queued works, FIFO */
	struct kw_list_head delayed_work_list;	/* works whose timer is armed */
	struct kw_task *task;			/* thread running worker_fn, or NULL */
	struct kw_kthread_work *current_work;	/* W: running (or last run) work */
	struct kw__ktw_stats stats;		/* W */
	struct kw_list_head stats_node;		/* on the stats registry while run */
	/* lock: the inbox's oldest node (the consumer's end). */
	struct kw_list_head *inbox_head;
	/* A: stands in as the inbox's node while it is empty. */
	struct kw_list_head inbox_anchor;
	/* Keeps the queuers' line below off the worker's fields above. */
	char __queuer_line_gap[64];
	/* A: the inbox's newest node: kw_kthread_queue_work swaps itself in. */
	struct kw_list_head *inbox_tail;
	/* A: no current work: the worker (or its unstarted thread) may sleep,
	 * so queuers wake it under lock; written by the worker, read by every
	 * queuer. True from initialisation until the worker finds work. */
	bool idle;
	/* A: kw_kthread_queue_work calls between their claim and their last
	 * touch of the worker; kthread_flush_worker waits for none. */
	unsigned int queuers;
};

/* work->state: PENDING | LISTED | canceling count * CANCEL_ONE (atomic). */
#define KW__KTW_PENDING		1u	/* claimed: in the inbox or on a list */
#define KW__KTW_LISTED		2u	/* on a worker list (worker->lock) */
#define KW__KTW_CANCEL_ONE	4u	/* one cancel or mod in progress */

struct kw_kthread_work {
	struct kw_list_head node;		/* inbox link, then list node */
	kw_kthread_work_func_t func;
	struct kw_kthread_worker *worker;	/* last worker it was queued on */
	unsigned int state;			/* KW__KTW_*; atomic */
};

struct kw_kthread_delayed_work {
	struct kw_kthread_work work;
	struct kw_timer timer;		/* kw_kthread_delayed_work_timer_fn */
};

/* ---- static initialisers ------------------------------------------------ */

/*
 * KTHREAD_WORKER_INIT / DEFINE_KTHREAD_WORKER - a static worker, as
 * kthread_init_worker() leaves it: no task, empty lists, unlocked. Start a
 * thread on it with kthread_run(kthread_worker_fn, &worker, ...).
 */
#define KW_KTHREAD_WORKER_INIT(worker)                                       \
	{ 0, KW_SPINLOCK_INIT, KW_LIST_HEAD_INIT((worker).work_list),        \
	  KW_LIST_HEAD_INIT((worker).delayed_work_list), NULL, NULL,        \
	  { 0, 0, 0, NULL, { 0, 0, 0, { 0 } }, { 0, 0, 0, { 0 } }, { 0, { { NULL, 0 } } } }, { NULL, NULL }, \
	  &(worker).inbox_anchor, { NULL, NULL }, { 0 }, &(worker).inbox_anchor, true, 0 }
#define KW_DEFINE_KTHREAD_WORKER(worker) \
	struct kw_kthread_worker worker = KW_KTHREAD_WORKER_INIT(worker)

/* KTHREAD_WORK_INIT / DEFINE_KTHREAD_WORK - a static idle work running fn. */
#define KW_KTHREAD_WORK_INIT(work, fn) \
	{ KW_LIST_HEAD_INIT((work).node), (fn), NULL, 0 }
#define KW_DEFINE_KTHREAD_WORK(work, fn) \
	struct kw_kthread_work work = KW_KTHREAD_WORK_INIT(work, fn)

/*
 * KTHREAD_DELAYED_WORK_INIT / DEFINE_KTHREAD_DELAYED_WORK - a static idle
 * delayed work running fn; its timer (irqsafe, as the kernel's) is
 * kthread_delayed_work_timer_fn.
 */
#define KW_KTHREAD_DELAYED_WORK_INIT(dwork, fn)                              \
	{ KW_KTHREAD_WORK_INIT((dwork).work, (fn)),                          \
	  KW_TIMER_INITIALIZER(kw_kthread_delayed_work_timer_fn,             \
			       KW_TIMER_IRQSAFE) }
#define KW_DEFINE_KTHREAD_DELAYED_WORK(dwork, fn) \
	struct kw_kthread_delayed_work dwork =    \
		KW_KTHREAD_DELAYED_WORK_INIT(dwork, fn)

/* ---- initialisation ------------------------------------------------------- */

/*
 * kw_kthread_init_worker - zero worker, init its lock and both lists.
 * Context: any; worker must not be in use. The caller then runs
 * kw_kthread_worker_fn(worker) in a thread of its own (manual mode).
 */
KW_API void kw_kthread_init_worker(struct kw_kthread_worker *worker);

/*
 * kw_kthread_init_work - zero work (detaching it from any worker) and set fn.
 * Context: any; work must be idle (re-init while pending corrupts the
 * lists, as in the kernel). Re-init is how a work moves to another worker.
 */
KW_API void kw_kthread_init_work(struct kw_kthread_work *work,
				 kw_kthread_work_func_t fn);

/* As kw_kthread_init_work, and set the timer up (TIMER_IRQSAFE). */
KW_API void kw_kthread_init_delayed_work(struct kw_kthread_delayed_work *dwork,
					 kw_kthread_work_func_t fn);

/* ---- the worker thread ------------------------------------------------------ */

/*
 * kw_kthread_worker_fn - the worker loop; a kthread's threadfn.
 * Records worker->task = current (K16: if another task was recorded, WARN
 * and take over). Loop: if kthread_should_stop() → clear task and return 0
 * without running still-queued works (K22); else take the first queued work,
 * set current_work, run it; sleep (TASK_INTERRUPTIBLE) while the list is
 * empty. With KW_KTW_FREEZABLE the thread is freezable and the points
 * between works are freeze points.
 * Context: a kthread (kw_kthread_run(kw_kthread_worker_fn, w, ...)), or a
 * thread function returning kw_kthread_worker_fn(w).
 * Return: 0.
 */
KW_API int kw_kthread_worker_fn(void *worker_ptr);

/*
 * kw_kthread_create_worker - allocate a worker and START its kthread
 * (6.12 behaviour), named by printf(namefmt, ...).
 * Context: may sleep. Unknown flag bits WARN once (and are kept).
 * Return: the worker, ERR_PTR(-ENOMEM), or an ERR_PTR from
 * kw_kthread_create_on_node (-ENOMEM, -EAGAIN: thread creation failed, or
 * called in a fork() child).
 */
KW_API struct kw_kthread_worker *kw_kthread_create_worker(unsigned int flags,
							  const char *namefmt,
							  ...) KW_PRINTF(2, 3);

/* Same as kw_kthread_create_worker (the 6.14 spelling; always started). */
KW_API struct kw_kthread_worker *kw_kthread_run_worker(unsigned int flags,
						       const char *namefmt,
						       ...) KW_PRINTF(2, 3);

/*
 * kw_kthread_create_worker_on_node - as kw_kthread_create_worker, but the
 * thread is NOT started (6.14 semantics; this API is 6.14+): the first
 * queued work or flush wakes and so starts it (K14), or wake worker->task.
 * node is passed to kw_kthread_create_on_node.
 * Return: as kw_kthread_create_worker.
 */
KW_API struct kw_kthread_worker *
kw_kthread_create_worker_on_node(unsigned int flags, int node,
				 const char *namefmt, ...) KW_PRINTF(3, 4);
KW_API struct kw_kthread_worker *
kw_kthread_create_worker_on_node_v(unsigned int flags, int node,
				   const char *namefmt, va_list args);

/*
 * kw_kthread_create_worker_on_cpu - a worker whose thread is bound to cpu,
 * STARTED (6.12). Both kernel spellings work through the macro below: with
 * format arguments (6.12: (cpu, flags, "name/%d", cpu)) they are used; with
 * none (6.14: (cpu, flags, "name/%u")) cpu is the format's argument (cpu is
 * then evaluated twice). No printf attribute: a format without conversions
 * gets cpu as an unused argument, legitimately.
 * Context: may sleep.
 * Return: the worker; ERR_PTR(-EINVAL) if cpu is not a valid CPU; else as
 * kw_kthread_create_worker.
 */
KW_API struct kw_kthread_worker *
kw_kthread_create_worker_on_cpu(int cpu, unsigned int flags,
				const char *namefmt, ...);

/* Internal to the kw_kthread_create_worker_on_cpu macro: KW__ONE_ARG(...)
 * is 1 when given one argument (the 6.14 spelling), else 0. */
#define KW__NTH16(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13,    \
		  _14, _15, _16, N, ...) N
#define KW__ONE_ARG(...)                                                     \
	KW__NTH16(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  \
		  1, 0)
#define KW__CAT(a, b) a##b
#define KW__XCAT(a, b) KW__CAT(a, b)
#define KW__CPU_FMT_1(cpu, fmt) fmt, cpu
#define KW__CPU_FMT_0(cpu, ...) __VA_ARGS__
/* Picks the spelling (see kw_kthread_create_worker_on_cpu above). */
#define kw_kthread_create_worker_on_cpu(cpu, flags, ...)                     \
	kw_kthread_create_worker_on_cpu(                                     \
		cpu, flags,                                                  \
		KW__XCAT(KW__CPU_FMT_, KW__ONE_ARG(__VA_ARGS__))(cpu,        \
								 __VA_ARGS__))

/*
 * kw_kthread_run_worker_on_cpu - bound worker named printf(namefmt, cpu),
 * started (6.14 spelling). Return: as kw_kthread_create_worker_on_cpu.
 */
KW_API struct kw_kthread_worker *
kw_kthread_run_worker_on_cpu(int cpu, unsigned int flags, const char *namefmt);

/*
 * kw_kthread_destroy_worker - flush the worker, stop its thread, free it.
 * Only for workers from kw_kthread_create_worker* or kw_kthread_run_worker* (it frees).
 * Queued works all run first (K22). Works still on the lists afterwards
 * WARN; pending delayed works WARN too, and kwork then disarms their timers
 * (the kernel leaves them to fire into freed memory). Flushers waiting on
 * such works are released. worker->task NULL: WARN, nothing done. Called
 * from one of its own works: WARN, nothing done (the kernel would hang).
 * Context: may sleep.
 */
KW_API void kw_kthread_destroy_worker(struct kw_kthread_worker *worker);

/* ---- queueing ------------------------------------------------------------------ */

/*
 * kw_kthread_queue_work - append work to worker's list.
 * Wakes worker->task only when the worker is idle (no current_work), so
 * queueing to a busy worker makes no system call; waking a created but
 * unstarted worker thread starts it (K14). Last used on another worker:
 * WARN_ON_ONCE, and it is queued here anyway (K15).
 * Context: any, including timer callbacks. Never sleeps or allocates.
 * Return: true if queued; false if work was pending (on either list) or a
 * cancel of it is in progress (K13).
 */
KW_API bool kw_kthread_queue_work(struct kw_kthread_worker *worker,
				  struct kw_kthread_work *work);

/*
 * kw_kthread_queue_delayed_work - queue dwork after delay jiffies.
 * delay 0 queues at once, without the timer (K21). Otherwise dwork goes on
 * delayed_work_list and its timer is armed at jiffies + delay; when it
 * fires the work is queued (unless a cancel is in progress).
 * Context: any. Never sleeps or allocates.
 * Return: true if queued or armed; false if pending or being canceled (the
 * armed expiry is left unchanged).
 */
KW_API bool kw_kthread_queue_delayed_work(struct kw_kthread_worker *worker,
					  struct kw_kthread_delayed_work *dwork,
					  unsigned long delay);

/*
 * kw_kthread_mod_delayed_work - queue dwork, or re-time it if pending.
 * Never queued before: plain queue. Otherwise its timer is deleted
 * synchronously (the lock is dropped meanwhile, with canceling raised so
 * other queuers fail), it is taken off whichever list, and queued again
 * with the new delay (0: at once).
 * Context: may wait for a running timer callback; not from dwork's own
 * timer callback. Never allocates.
 * Return (K20): false if dwork was idle (never used, or used before) and is
 * now queued; true if it was pending and has been re-timed; true and
 * nothing done if another cancel or mod of it is in progress.
 */
KW_API bool kw_kthread_mod_delayed_work(struct kw_kthread_worker *worker,
					struct kw_kthread_delayed_work *dwork,
					unsigned long delay);

/*
 * kw_kthread_delayed_work_timer_fn - the timer callback of every
 * kthread_delayed_work: moves the work from delayed_work_list to the work
 * list (not if a cancel is in progress). On a work re-initialised while
 * armed (work->worker NULL): WARN_ON_ONCE, nothing done.
 * Context: the timer thread (softirq).
 */
KW_API void kw_kthread_delayed_work_timer_fn(struct kw_timer *t);

/* ---- flush and cancel ------------------------------------------------------------ */

/*
 * kw_kthread_flush_work - wait until work's current pending or running
 * instance has finished (K17). Never queued, or idle: returns at once.
 * Queued: a flush item is inserted right after it. Running: a flush item is
 * inserted at the head of the list, ahead of other queued works (K23).
 * Timer armed: waits until the timer fired and the work ran (the kernel
 * would wait forever). From the worker's own thread, when waiting would
 * deadlock: WARN, return.
 * Context: may sleep. Never allocates (the flush item is on the stack).
 */
KW_API void kw_kthread_flush_work(struct kw_kthread_work *work);

/*
 * kw_kthread_flush_worker - wait until every work queued before the call,
 * and the running one, has finished (K18). Delayed works still on their
 * timers are not waited for. From a work of this worker: WARN, return.
 * Context: may sleep. Never allocates.
 */
KW_API void kw_kthread_flush_worker(struct kw_kthread_worker *worker);

/*
 * kw_kthread_cancel_work_sync - take work off its list and wait for a
 * running instance to finish, with canceling raised so that queueing it
 * (also from its own callback) fails meanwhile (K19). On return work is
 * neither pending nor running. Not for &dwork->work (use the delayed
 * variant). The worker must outlive the call. From work itself: the
 * pending instance is removed, then WARN and return without waiting.
 * Context: may sleep.
 * Return: true if a pending instance was removed, false otherwise.
 */
KW_API bool kw_kthread_cancel_work_sync(struct kw_kthread_work *work);

/*
 * kw_kthread_cancel_delayed_work_sync - kw_kthread_cancel_work_sync for a
 * delayed work; also deletes the timer synchronously.
 * Return: true if dwork was pending (timer armed or queued).
 */
KW_API bool kw_kthread_cancel_delayed_work_sync(
	struct kw_kthread_delayed_work *dwork);

/* Number of workers made by kw_kthread_create_worker* and not destroyed. */
KW_API unsigned int kw_kthread_workers_alive(void);

KW_END_DECLS

#endif /* KWORK_KTHREAD_WORKER_H */
