/*
 * kwork/workqueue.h - the concurrency-managed workqueue: work items, delayed
 * work items, workqueues, the system workqueues.
 *
 * Layer: workqueue (public API). A work item (struct kw_work) is a function
 * to run later in a kworker thread. Queueing claims the item's PENDING bit
 * with one atomic test-and-set and links it (intrusively, no allocation)
 * on a worker pool's list; the pool's kworkers run it. Per-CPU pools (one
 * normal and one high-priority pool per virtual CPU) are concurrency
 * managed: they keep one item per CPU running and wake another worker only
 * when the running one sleeps. Unbound pools run items as soon as a worker
 * is free, up to the workqueue's max_active. See docs/workqueue.md.
 *
 * The state word work->data, bit by bit (KW_WORK_STRUCT_*):
 *   bit 0      PENDING   claimed by a queue attempt: queued, timer armed,
 *                        or in transit between the two
 *   bit 1      INACTIVE  on a pwq's inactive list (throttled by max_active),
 *                        or a flush barrier (never counts toward max_active)
 *   bit 2      PWQ       the upper bits hold the pool_workqueue it is on
 *   bit 3      LINKED    a flush barrier follows it on its list
 *   bits 4-7   COLOR     flush colour (0..15) it was queued with
 *   queued (PWQ set): bits 8.. = the pool_workqueue pointer (256-aligned)
 *   off queue (PWQ clear): bits 9-24 = disable depth (0..65535),
 *                          bits 25.. = id of the pool it last ran on,
 *                          all ones = none.
 *
 * Field names are the kernel's (data, entry, func; work, timer, wq, cpu):
 * <linux/workqueue.h> maps the kernel's names onto these.
 */
#ifndef KWORK_WORKQUEUE_H
#define KWORK_WORKQUEUE_H

#include <kwork/compiler.h>
#include <kwork/cpu.h>
#include <kwork/list.h>
#include <kwork/sync.h>
#include <kwork/task.h>
#include <kwork/timer.h>
#include <stdarg.h>

KW_BEGIN_DECLS

struct kw_work;
struct kw_workqueue;
typedef void (*kw_work_func_t)(struct kw_work *work);

/* ---- the work item ----------------------------------------------------- */

#define KW_WORK_STRUCT_PENDING 0x1UL
#define KW_WORK_STRUCT_INACTIVE 0x2UL
#define KW_WORK_STRUCT_PWQ 0x4UL
#define KW_WORK_STRUCT_LINKED 0x8UL
#define KW_WORK_STRUCT_COLOR_SHIFT 4
#define KW_WORK_STRUCT_COLOR_BITS 4
#define KW_WORK_STRUCT_FLAG_BITS 8
#define KW_WORK_NR_COLORS 16
#define KW_WORK_OFFQ_DISABLE_SHIFT 9
#define KW_WORK_OFFQ_DISABLE_BITS 16
#define KW_WORK_OFFQ_POOL_SHIFT 25
#define KW_WORK_OFFQ_POOL_NONE (~0UL >> KW_WORK_OFFQ_POOL_SHIFT)
/* data of an idle, never-queued work: no pool, depth 0, not pending. */
#define KW_WORK_DATA_INIT (KW_WORK_OFFQ_POOL_NONE << KW_WORK_OFFQ_POOL_SHIFT)

#define KW_WORK_BUSY_PENDING 1u
#define KW_WORK_BUSY_RUNNING 2u

/* "No CPU requested": the queueing (or timer) CPU is used. = NR_CPUS. */
#define KW_WORK_CPU_UNBOUND KW_NR_CPUS

struct kw_work {
	kw_atomic_long_t data;		/* state word, see above */
	struct kw_list_head entry;	/* pool worklist / inactive / scheduled */
	kw_work_func_t func;		/* the callback */
};

/*
 * KW_WORK_INITIALIZER - __WORK_INITIALIZER(): a static work item n running
 * f: idle (not pending, not disabled, no last pool), off every list.
 */
#define KW_WORK_INITIALIZER(n, f) \
	{ { (long)KW_WORK_DATA_INIT }, KW_LIST_HEAD_INIT((n).entry), (f) }
/* KW_DECLARE_WORK - DECLARE_WORK(): define struct kw_work n, initialised as above. */
#define KW_DECLARE_WORK(n, f) struct kw_work n = KW_WORK_INITIALIZER(n, f)

/* debugobjects: report and cancel w if it is still pending (ODEBUG init active). */
KW_API void kw_debug_object_init_work(struct kw_work *w);

/*
 * kw_init_work - INIT_WORK(): w idle (as KW_WORK_INITIALIZER), running f.
 * With debugobjects on, a w that is still pending is reported and
 * cancelled first. Context: any; w must be neither pending nor running.
 */
static inline void kw_init_work(struct kw_work *w, kw_work_func_t f)
{
	kw_debug_object_init_work(w);
	kw_atomic_long_set(&w->data, (long)KW_WORK_DATA_INIT);
	kw_list_init(&w->entry);
	w->func = f;
}
/* Re-initialising a pending or running work breaks every guarantee. */
#define KW_INIT_WORK(w, f) kw_init_work((w), (f))
#define KW_INIT_WORK_ONSTACK(w, f) kw_init_work((w), (f))
/* Paired with KW_INIT_WORK_ONSTACK; nothing to release in kwork. */
static inline void kw_destroy_work_on_stack(struct kw_work *w) { (void)w; }

/* Racy snapshot of PENDING. */
static inline bool kw_work_pending(const struct kw_work *w)
{
	return kw_atomic_long_read(&w->data) & KW_WORK_STRUCT_PENDING;
}

/* ---- the delayed work item ----------------------------------------------- */

struct kw_delayed_work {
	struct kw_work work;
	struct kw_timer timer;		/* callback kw_delayed_work_timer_fn */
	struct kw_workqueue *wq;	/* target, recorded when the timer is armed */
	int cpu;			/* target CPU or KW_WORK_CPU_UNBOUND */
};

/*
 * kw_delayed_work_timer_fn - the timer callback of every delayed work:
 * queues dwork->work on dwork->wq for dwork->cpu (KW_WORK_CPU_UNBOUND: the
 * CPU the timer fired on). Exported so initialisers can name it.
 */
KW_API void kw_delayed_work_timer_fn(struct kw_timer *t);

/*
 * KW_DELAYED_WORK_INITIALIZER - __DELAYED_WORK_INITIALIZER(): a static
 * delayed work n running f, idle, its timer unarmed with callback
 * kw_delayed_work_timer_fn and flags tflags | KW_TIMER_IRQSAFE.
 */
#define KW_DELAYED_WORK_INITIALIZER(n, f, tflags)                           \
	{ KW_WORK_INITIALIZER((n).work, (f)),                               \
	  KW_TIMER_INITIALIZER(kw_delayed_work_timer_fn,                    \
			       (tflags) | KW_TIMER_IRQSAFE),                \
	  NULL, 0 }
/*
 * KW_DECLARE_DELAYED_WORK, KW_DECLARE_DEFERRABLE_WORK - DECLARE_DELAYED_WORK()
 * / DECLARE_DEFERRABLE_WORK(): define struct kw_delayed_work n, initialised
 * as above with tflags 0 / KW_TIMER_DEFERRABLE.
 */
#define KW_DECLARE_DELAYED_WORK(n, f) \
	struct kw_delayed_work n = KW_DELAYED_WORK_INITIALIZER(n, f, 0)
#define KW_DECLARE_DEFERRABLE_WORK(n, f) \
	struct kw_delayed_work n = \
		KW_DELAYED_WORK_INITIALIZER(n, f, KW_TIMER_DEFERRABLE)

/*
 * kw_init_delayed_work - the body of INIT_DELAYED_WORK(): kw_init_work() on
 * dw->work, then the timer set up with kw_delayed_work_timer_fn and flags
 * tflags | KW_TIMER_IRQSAFE; no target wq yet.
 * Context: any; dw must be neither pending (timer armed or queued) nor running.
 */
static inline void kw_init_delayed_work(struct kw_delayed_work *dw,
					kw_work_func_t f, unsigned int tflags)
{
	kw_init_work(&dw->work, f);
	kw_timer_setup(&dw->timer, kw_delayed_work_timer_fn,
		       tflags | KW_TIMER_IRQSAFE);
	dw->wq = NULL;
	dw->cpu = 0;
}
/*
 * KW_INIT_DELAYED_WORK, KW_INIT_DEFERRABLE_WORK (and their _ONSTACK forms,
 * the same in kwork) - INIT_DELAYED_WORK() etc.: kw_init_delayed_work()
 * with tflags 0 / KW_TIMER_DEFERRABLE.
 */
#define KW_INIT_DELAYED_WORK(dw, f) kw_init_delayed_work((dw), (f), 0)
#define KW_INIT_DELAYED_WORK_ONSTACK(dw, f) kw_init_delayed_work((dw), (f), 0)
#define KW_INIT_DEFERRABLE_WORK(dw, f) \
	kw_init_delayed_work((dw), (f), KW_TIMER_DEFERRABLE)
#define KW_INIT_DEFERRABLE_WORK_ONSTACK(dw, f) \
	kw_init_delayed_work((dw), (f), KW_TIMER_DEFERRABLE)
/* kw_destroy_delayed_work_on_stack - destroy_delayed_work_on_stack(): nothing to release in kwork. */
static inline void kw_destroy_delayed_work_on_stack(struct kw_delayed_work *dw)
{
	(void)dw;
}

/*
 * kw_to_delayed_work - to_delayed_work(): the delayed work whose .work is w
 * (container_of; w must be embedded in a kw_delayed_work).
 */
static inline struct kw_delayed_work *kw_to_delayed_work(struct kw_work *w)
{
	return kw_container_of(w, struct kw_delayed_work, work);
}

/* True while the timer is armed or the work is queued. Racy. */
static inline bool kw_delayed_work_pending(const struct kw_delayed_work *dw)
{
	return kw_work_pending(&dw->work);
}

/* ---- workqueues ------------------------------------------------------------ */

/* Flags: the kernel's values. */
#define KW_WQ_BH (1u << 0)
#define KW_WQ_UNBOUND (1u << 1)
#define KW_WQ_FREEZABLE (1u << 2)
#define KW_WQ_MEM_RECLAIM (1u << 3)
#define KW_WQ_HIGHPRI (1u << 4)
#define KW_WQ_CPU_INTENSIVE (1u << 5)
#define KW_WQ_SYSFS (1u << 6)
#define KW_WQ_POWER_EFFICIENT (1u << 7)
#define KW_WQ_PERCPU (1u << 8)
#define KW__WQ_DESTROYING (1u << 15)
#define KW__WQ_DRAINING (1u << 16)
#define KW__WQ_ORDERED (1u << 17)
#define KW__WQ_LEGACY (1u << 18)

#define KW_WQ_MAX_ACTIVE 2048
#define KW_WQ_UNBOUND_MAX_ACTIVE KW_WQ_MAX_ACTIVE
#define KW_WQ_DFL_ACTIVE (KW_WQ_MAX_ACTIVE / 2)
#define KW_WQ_DFL_MIN_ACTIVE 8
#define KW_WQ_NAME_LEN 32
#define KW_WORKER_DESC_LEN 32

/*
 * kw_alloc_workqueue - create a workqueue named printf(fmt, ...).
 * flags: KW_WQ_*. max_active: 0 = KW_WQ_DFL_ACTIVE; otherwise clamped to
 * [1, KW_WQ_MAX_ACTIVE] with the kernel's "out of range, clamping" message.
 * Per-CPU wqs: max_active items run at once per CPU; unbound: in total.
 * Names over 31 characters are truncated (one message). WQ_MEM_RECLAIM
 * creates the rescuer kthread "kworker/R-<name>" now.
 * WQ_BH is not supported (no softirq context in a process): a valid BH
 * request prints "workqueue: WQ_BH is not supported" and returns NULL;
 * an invalid combination (other flags, max_active != 0) WARNs and returns
 * NULL like the kernel. WQ_SYSFS with an ordered wq WARNs, NULL. Any bit
 * that is not a KW_WQ_* flag above (or __WQ_ORDERED / __WQ_LEGACY) is
 * refused: "workqueue: <name>: flags 0x<bits> are not supported by kwork",
 * NULL. WQ_SYSFS is accepted: kw_workqueue_stats() shows what sysfs would.
 * Context: may sleep (creates threads). Return: the wq, or NULL.
 */
KW_API struct kw_workqueue *kw_alloc_workqueue(const char *fmt,
					       unsigned int flags,
					       int max_active, ...)
	KW_PRINTF(1, 4);
KW_API struct kw_workqueue *kw_alloc_workqueue_va(const char *fmt,
						  unsigned int flags,
						  int max_active, va_list args);

/* One item at a time, in queueing order, system-wide. */
#define kw_alloc_ordered_workqueue(fmt, flags, ...)                       \
	kw_alloc_workqueue(fmt, KW_WQ_UNBOUND | KW__WQ_ORDERED | (flags), \
			   1, ##__VA_ARGS__)
/* Deprecated constructors, with the kernel's flags. */
#define kw_create_workqueue(name) \
	kw_alloc_workqueue("%s", KW__WQ_LEGACY | KW_WQ_MEM_RECLAIM, 1, (name))
#define kw_create_freezable_workqueue(name)                                 \
	kw_alloc_workqueue("%s", KW__WQ_LEGACY | KW_WQ_FREEZABLE |          \
				 KW_WQ_UNBOUND | KW_WQ_MEM_RECLAIM, 1, (name))
#define kw_create_singlethread_workqueue(name) \
	kw_alloc_ordered_workqueue("%s", KW__WQ_LEGACY | KW_WQ_MEM_RECLAIM, (name))

/*
 * kw_destroy_workqueue - drain wq (every queued item and the items they
 * chain-queue run), stop its rescuer, then free it. Armed delayed-work
 * timers are not cancelled: cancel them first. If something is still busy
 * it WARNs, prints "destroy_workqueue: <name> has the following busy pwq"
 * with a dump, and leaves wq allocated.
 * Context: may sleep; not from an item of wq.
 */
KW_API void kw_destroy_workqueue(struct kw_workqueue *wq);

/*
 * kw_workqueue_set_max_active - change max_active (clamped as in alloc).
 * Raising it starts waiting items at once, in queueing order; lowering it
 * never stops running ones. Ordered wq: WARN, no change. Context: may sleep.
 */
KW_API void kw_workqueue_set_max_active(struct kw_workqueue *wq, int max_active);

/*
 * kw_workqueue_congested - true if cpu's pwq of wq holds items throttled by
 * max_active (cpu = KW_WORK_CPU_UNBOUND: the calling CPU). Advisory.
 */
KW_API bool kw_workqueue_congested(int cpu, struct kw_workqueue *wq);

/* The name, flags (KW_WQ_* | KW__WQ_*) and max_active of wq. */
KW_API const char *kw_workqueue_name(const struct kw_workqueue *wq);
KW_API unsigned int kw_workqueue_flags(const struct kw_workqueue *wq);
KW_API int kw_workqueue_max_active(const struct kw_workqueue *wq);

/* ---- queueing ---------------------------------------------------------------- */

/*
 * kw_queue_work_on - queue w on wq for cpu (KW_WORK_CPU_UNBOUND: the
 * calling CPU; unbound wqs ignore cpu). If w still runs on another pool of
 * the same wq it is queued there instead (non-reentrancy). Everything the
 * caller stored before a call that returns true is visible to the callback.
 * Context: any (timer callbacks too). Never sleeps, never allocates.
 * Return: true if queued; false if already pending or disabled.
 */
KW_API bool kw_queue_work_on(int cpu, struct kw_workqueue *wq,
			     struct kw_work *w);

/*
 * kw_queue_work - queue_work(): kw_queue_work_on(KW_WORK_CPU_UNBOUND, ...).
 * Context: any. Return: as kw_queue_work_on.
 */
static inline bool kw_queue_work(struct kw_workqueue *wq, struct kw_work *w)
{
	return kw_queue_work_on(KW_WORK_CPU_UNBOUND, wq, w);
}

/*
 * kw_queue_work_node - queue on a CPU of node (kwork has one node: any
 * node queues locally). Meant for unbound wqs: on a per-CPU wq it
 * WARNs once and still queues. Return: as kw_queue_work_on.
 */
KW_API bool kw_queue_work_node(int node, struct kw_workqueue *wq,
			       struct kw_work *w);

/* On the system workqueue ("events"). */
KW_API bool kw_schedule_work_on(int cpu, struct kw_work *w);
KW_API bool kw_schedule_work(struct kw_work *w);

/* ---- flushing ------------------------------------------------------------------ */

/*
 * kw_flush_work - wait until the last queueing instance of w has run: the
 * pending one if w is pending (also when it is running as well), else the
 * running one. w may be pending again on return.
 * Called from w's own callback (the kernel deadlocks): WARN, return false.
 * w->func NULL: WARN, false.
 * Context: may sleep. Return: true if it waited, false if w was idle.
 */
KW_API bool kw_flush_work(struct kw_work *w);

/*
 * kw_flush_workqueue - wait until every item queued on wq before the call
 * has finished; later items (also those requeued meanwhile) are not waited
 * for. Flushers are served in order. Armed delayed works are not waited
 * for. From an item of wq itself (the kernel deadlocks): WARN, return.
 * On a system workqueue: prints the kernel's "Flushing system-wide
 * workqueues will be prohibited" warning and a stack, then flushes.
 * Context: may sleep.
 */
KW_API void kw_flush_workqueue(struct kw_workqueue *wq);

/*
 * kw_drain_workqueue - flush until wq is empty, including items its own
 * items chain-queue. Meanwhile only such chained queueing is allowed: any
 * other queue attempt WARNs "workqueue: cannot queue <fn> on wq <name>",
 * is dropped and leaves the work PENDING (the kernel's behaviour).
 * Logs "workqueue <name>: drain_workqueue() isn't complete after N tries"
 * at 10, 100, 200 ... 1000 tries. Context: may sleep.
 */
KW_API void kw_drain_workqueue(struct kw_workqueue *wq);

/* Deprecated: warns, then flushes the system workqueue. */
KW_API void kw_flush_scheduled_work(void);

/* ---- cancelling and disabling ---------------------------------------------------- */

/*
 * kw_cancel_work - remove a pending instance; never waits for a running one.
 * Context: any. Return: true if a pending instance was removed.
 */
KW_API bool kw_cancel_work(struct kw_work *w);

/*
 * kw_cancel_work_sync - remove a pending instance and wait for a running
 * one. While it works the item is disabled, so a self-requeue from the last
 * run fails. On return w is neither pending nor running.
 * From w's own callback: WARN, cancels the pending instance, no wait.
 * Context: may sleep. Return: true if w was pending.
 */
KW_API bool kw_cancel_work_sync(struct kw_work *w);

/*
 * kw_disable_work[_sync] - increment w's disable depth and cancel it
 * ([_sync]: and wait). While the depth is > 0 every queue attempt returns
 * false and is forgotten. Depth > 65535: WARN "work disable count
 * overflowed", no change. Return: true if w was pending.
 */
KW_API bool kw_disable_work(struct kw_work *w);
KW_API bool kw_disable_work_sync(struct kw_work *w);

/*
 * kw_enable_work - decrement the disable depth. At 0 already: WARN
 * "work disable count underflowed". Return: true if the depth is now 0.
 */
KW_API bool kw_enable_work(struct kw_work *w);

/*
 * kw_enable_and_queue_work - enable_and_queue_work(): kw_enable_work(), and
 * if that brought the depth to 0, kw_queue_work(wq, w) (a no-op if w is
 * still pending). Return: true if the depth is now 0, whether or not the
 * queue attempt found w already pending.
 */
static inline bool kw_enable_and_queue_work(struct kw_workqueue *wq,
					    struct kw_work *w)
{
	if (kw_enable_work(w)) {
		kw_queue_work(wq, w);
		return true;
	}
	return false;
}

/* ---- queries ---------------------------------------------------------------- */

/*
 * kw_work_busy - KW_WORK_BUSY_PENDING | KW_WORK_BUSY_RUNNING, advisory.
 * Context: any.
 */
KW_API unsigned int kw_work_busy(struct kw_work *w);

/* The work the calling kworker (or rescuer) runs now, else NULL. */
KW_API struct kw_work *kw_current_work(void);
/* True only in a rescuer thread. */
KW_API bool kw_current_is_workqueue_rescuer(void);

/* ---- delayed work ------------------------------------------------------------ */

/*
 * kw_queue_delayed_work_on - queue dw->work on wq after delay jiffies
 * (0: now, no timer). The timer targets cpu (KW_WORK_CPU_UNBOUND: any CPU;
 * the item then goes to the CPU the timer fired on). Not initialised with
 * KW_INIT_DELAYED_WORK (timer callback differs), timer already armed, or
 * entry not empty: WARN_ON_ONCE. NULL wq: WARN_ON_ONCE, false.
 * Context: any. Return: true if queued or armed; false if already pending
 * (the expiry is not changed) or disabled.
 */
KW_API bool kw_queue_delayed_work_on(int cpu, struct kw_workqueue *wq,
				     struct kw_delayed_work *dw,
				     unsigned long delay);
static inline bool kw_queue_delayed_work(struct kw_workqueue *wq,
					 struct kw_delayed_work *dw,
					 unsigned long delay)
{
	return kw_queue_delayed_work_on(KW_WORK_CPU_UNBOUND, wq, dw, delay);
}

/*
 * kw_mod_delayed_work_on - take dw's pending state from wherever it is
 * (timer or worklist) and queue it anew with delay (0: now, at the tail).
 * A running, not pending dw gets a new instance. Disabled: not queued.
 * Context: any. Return: true if dw was pending (now re-armed), false if it
 * was idle (now queued or armed).
 */
KW_API bool kw_mod_delayed_work_on(int cpu, struct kw_workqueue *wq,
				   struct kw_delayed_work *dw,
				   unsigned long delay);
static inline bool kw_mod_delayed_work(struct kw_workqueue *wq,
				       struct kw_delayed_work *dw,
				       unsigned long delay)
{
	return kw_mod_delayed_work_on(KW_WORK_CPU_UNBOUND, wq, dw, delay);
}

/*
 * kw_schedule_delayed_work_on / kw_schedule_delayed_work -
 * queue_delayed_work_on(cpu, system_wq, ...) (WORK_CPU_UNBOUND for the
 * second): the same contract, context and WARNs as queue_delayed_work_on.
 * Return: true if queued or armed; false if already pending or disabled.
 */
KW_API bool kw_schedule_delayed_work_on(int cpu, struct kw_delayed_work *dw,
					unsigned long delay);
KW_API bool kw_schedule_delayed_work(struct kw_delayed_work *dw,
				     unsigned long delay);

/*
 * kw_flush_delayed_work - if the timer is armed, queue dw now; then
 * kw_flush_work(). Context: may sleep. Return: true if it waited.
 */
KW_API bool kw_flush_delayed_work(struct kw_delayed_work *dw);

/*
 * kw_cancel_delayed_work - stop the armed timer or remove the queued
 * instance; never waits. Context: any. Return: true if dw was pending.
 */
KW_API bool kw_cancel_delayed_work(struct kw_delayed_work *dw);
/*
 * kw_cancel_delayed_work_sync - kw_cancel_delayed_work + wait for a running
 * instance: on return no timer, not queued, not running. From dw's own
 * callback: as kw_cancel_work_sync. Context: may sleep.
 * Return: true if dw was pending.
 */
KW_API bool kw_cancel_delayed_work_sync(struct kw_delayed_work *dw);
/*
 * kw_disable_delayed_work[_sync] / kw_enable_delayed_work -
 * kw_disable_work[_sync] / kw_enable_work on dw->work, an armed timer
 * stopped as by kw_cancel_delayed_work. Context, WARNs, Return: as those.
 */
KW_API bool kw_disable_delayed_work(struct kw_delayed_work *dw);
KW_API bool kw_disable_delayed_work_sync(struct kw_delayed_work *dw);
KW_API bool kw_enable_delayed_work(struct kw_delayed_work *dw);

/* ---- system workqueues (created on first use; may sleep then) ------------- */

/*
 * kw_system_wq ... kw_system_freezable_power_efficient_wq - the kernel's
 * system_wq etc., created together on the first call (which may sleep),
 * destroyed at kwork's shutdown; a creation failure aborts. Names, flags:
 *   system_wq "events" (per-CPU); system_percpu_wq "events" (WQ_PERCPU);
 *   system_highpri_wq "events_highpri" (WQ_HIGHPRI); system_long_wq
 *   "events_long"; system_unbound_wq and system_dfl_wq "events_unbound"
 *   (WQ_UNBOUND, max_active WQ_MAX_ACTIVE); system_freezable_wq
 *   "events_freezable" (WQ_FREEZABLE); system_power_efficient_wq
 *   "events_power_efficient"; system_freezable_power_efficient_wq
 *   "events_freezable_pwr_efficient" (+ WQ_FREEZABLE); the two
 *   power-efficient ones are unbound with KWORK_WQ_POWER_EFFICIENT=1, else
 *   per-CPU. Flushing one of them warns
 *   (kw_flush_workqueue). Return: the workqueue, never NULL.
 */
KW_API struct kw_workqueue *kw_system_wq(void);
KW_API struct kw_workqueue *kw_system_percpu_wq(void);
KW_API struct kw_workqueue *kw_system_highpri_wq(void);
KW_API struct kw_workqueue *kw_system_long_wq(void);
KW_API struct kw_workqueue *kw_system_unbound_wq(void);
KW_API struct kw_workqueue *kw_system_dfl_wq(void);
KW_API struct kw_workqueue *kw_system_freezable_wq(void);
KW_API struct kw_workqueue *kw_system_power_efficient_wq(void);
KW_API struct kw_workqueue *kw_system_freezable_power_efficient_wq(void);

/* ---- workers: descriptions, dumps -------------------------------------------- */

/* Describe the running worker (dumps, kw_wq_worker_comm). No-op elsewhere. */
KW_API void kw_set_worker_desc(const char *fmt, ...) KW_PRINTF(1, 2);

/* Print "Workqueue: <wq> <func> (<desc>)" at lvl if t is a busy kworker. */
KW_API void kw_print_worker_info(const char *lvl, struct kw_task *t);

/*
 * kw_wq_worker_comm - the /proc-style name of t: a kworker's comm plus
 * "+desc" while it runs an item, "-desc" when idle after one; else comm.
 */
KW_API void kw_wq_worker_comm(char *buf, size_t size, struct kw_task *t);

/* Dump busy workqueues and pools in the kernel's format (SysRq-t style). */
KW_API void kw_show_all_workqueues(void);
KW_API void kw_show_one_workqueue(struct kw_workqueue *wq);
KW_API void kw_show_freezable_workqueues(void);

/* ---- statistics (the kernel's enum pool_workqueue_stats), summed per wq ---- */

enum kw_pwq_stat {
	KW_PWQ_STAT_STARTED,		/* items started */
	KW_PWQ_STAT_COMPLETED,		/* items completed */
	KW_PWQ_STAT_CPU_TIME,		/* µs running (wall time, see docs) */
	KW_PWQ_STAT_CPU_INTENSIVE,	/* items over cpu_intensive_thresh_us */
	KW_PWQ_STAT_CM_WAKEUP,		/* concurrency-management wake-ups */
	KW_PWQ_STAT_REPATRIATED,	/* always 0: one affinity pod */
	KW_PWQ_STAT_MAYDAY,		/* rescuer requests */
	KW_PWQ_STAT_RESCUED,		/* items run by the rescuer */
	KW_PWQ_NR_STATS,
};

/* Copy wq's counters, summed over its pwqs, into out. */
KW_API void kw_workqueue_stats(struct kw_workqueue *wq,
			       uint64_t out[KW_PWQ_NR_STATS]);

/* ---- freezer ------------------------------------------------------------------ */

/*
 * kw_freeze_workqueues - freezable wqs start nothing new (max_active 0)
 * until kw_thaw_workqueues(); running items finish.
 * kw_freeze_workqueues_busy: true while a freezable wq still runs items.
 */
KW_API void kw_freeze_workqueues(void);
KW_API bool kw_freeze_workqueues_busy(void);
KW_API void kw_thaw_workqueues(void);

/* ---- parameters (the kernel's workqueue.* module parameters) ---------------- */

/*
 * kw_wq_set_watchdog_thresh / kw_wq_set_cpu_intensive_thresh_us - set
 * workqueue.watchdog_thresh / workqueue.cpu_intensive_thresh_us.
 * watchdog_thresh in seconds (default 30, env KWORK_WQ_WATCHDOG_THRESH;
 * 0 = off): a pool whose worklist has not moved for that long is reported
 * as "BUG: workqueue lockup - pool cpus=... stuck for Ns!" plus a dump.
 * cpu_intensive_thresh_us (default 10000, env
 * KWORK_WQ_CPU_INTENSIVE_THRESH_US; 0 = off): an item of a per-CPU pool
 * that runs that long without sleeping stops counting for concurrency
 * management (the next item may start; stat CPU_INTENSIVE) and its function
 * is reported as "workqueue: <fn> hogged CPU for ><us>us <n> times,
 * consider switching to WQ_UNBOUND" at the 4th offence (env
 * KWORK_WQ_CPU_INTENSIVE_WARNING_THRESH, 0 = never), then the 5th, 7th,
 * 11th, 19th ...
 */
KW_API void kw_wq_set_watchdog_thresh(unsigned int seconds);
KW_API void kw_wq_set_cpu_intensive_thresh_us(unsigned long us);

/*
 * kw_wq_watchdog_touch - tell the lockup watchdog that cpu is making
 * progress though its pools look stuck (the kernel's wq_watchdog_touch(),
 * called by the soft-lockup touch helpers): cpu's pools are not reported
 * for watchdog_thresh from now; the unbound pools' stamp is refreshed at
 * most every quarter threshold. Invalid cpu: WARN_ONCE "wq_watchdog_touch
 * should be called with valid CPU". Context: any.
 */
KW_API void kw_wq_watchdog_touch(int cpu);

/*
 * kw_wq_set_panic_on_stall - workqueue.panic_on_stall: the n-th watchdog
 * check that reports a lockup ends in BUG (the report first; "kernel BUG
 * at ..." and abort). 0 (default, env KWORK_WQ_PANIC_ON_STALL) = never.
 */
KW_API void kw_wq_set_panic_on_stall(unsigned int n);

/*
 * kw_wq_set_idle_timeout_ms - how long a surplus idle worker lives before
 * it is reaped (the kernel's IDLE_WORKER_TIMEOUT, 300000 ms by default, env
 * KWORK_WQ_IDLE_TIMEOUT_MS; at least one jiffy). Up to two idle workers per
 * pool, plus a quarter of the busy ones, are kept however long they idle.
 * Takes effect for timers armed from now on.
 */
KW_API void kw_wq_set_idle_timeout_ms(unsigned int ms);

/* ---- helpers built on the system workqueue -------------------------------- */

/*
 * kw_schedule_on_each_cpu - run func once on every CPU (system_wq, one item
 * per CPU, each with its own work_struct) and wait for all of them.
 * Context: may sleep. Return: 0, or -ENOMEM.
 */
KW_API int kw_schedule_on_each_cpu(kw_work_func_t func);

/*
 * kw_work_on_cpu - run fn(arg) in a kworker of cpu and wait for it.
 * kw_work_on_cpu_safe: the same, but -ENODEV if cpu is not online (kwork
 * has no CPU hotplug: a CPU is online iff it is below nr_cpu_ids).
 * Context: may sleep; not from an item of system_wq on that CPU that the
 * call would wait behind. Return: fn's return value.
 */
KW_API long kw_work_on_cpu(int cpu, long (*fn)(void *), void *arg);
KW_API long kw_work_on_cpu_safe(int cpu, long (*fn)(void *), void *arg);

/*
 * An RCU work item: queued on wq after an RCU grace period. kwork has no
 * RCU read-side sections, so a grace period has no reader to wait for; it
 * is emulated by a one-jiffy timer (the item is never queued from inside
 * the caller), see docs/workqueue.md. Field names are the kernel's.
 */
struct kw_rcu_work {
	struct kw_work work;
	struct kw_timer rcu;		/* stands in for the rcu_head */
	struct kw_workqueue *wq;	/* target, set by kw_queue_rcu_work */
};

/* The grace-period timer's callback: queues rw->work on rw->wq. Exported
 * so the initialiser can name it. */
KW_API void kw_rcu_work_rcufn(struct kw_timer *t);

/*
 * kw_init_rcu_work - INIT_RCU_WORK(): kw_init_work() on rw->work, the
 * grace-period timer set up (kw_rcu_work_rcufn), no target wq yet.
 * KW_INIT_RCU_WORK and KW_INIT_RCU_WORK_ONSTACK are this.
 * Context: any; rw must be neither pending nor running.
 */
static inline void kw_init_rcu_work(struct kw_rcu_work *rw, kw_work_func_t f)
{
	kw_init_work(&rw->work, f);
	kw_timer_setup(&rw->rcu, kw_rcu_work_rcufn, 0);
	rw->wq = NULL;
}
#define KW_INIT_RCU_WORK(rw, f) kw_init_rcu_work((rw), (f))
#define KW_INIT_RCU_WORK_ONSTACK(rw, f) kw_init_rcu_work((rw), (f))

/*
 * kw_to_rcu_work - to_rcu_work(): the rcu work whose .work is w
 * (container_of; w must be embedded in a kw_rcu_work).
 */
static inline struct kw_rcu_work *kw_to_rcu_work(struct kw_work *w)
{
	return kw_container_of(w, struct kw_rcu_work, work);
}

/*
 * kw_queue_rcu_work - queue rw->work on wq once a grace period has passed.
 * Context: any. Return: true if queued; false if already pending or
 * disabled.
 */
KW_API bool kw_queue_rcu_work(struct kw_workqueue *wq, struct kw_rcu_work *rw);

/*
 * kw_flush_rcu_work - end a pending grace period now (no reader can hold
 * it up) and wait for rw->work. Context: may sleep.
 * Return: true if it waited, false if rw was idle.
 */
KW_API bool kw_flush_rcu_work(struct kw_rcu_work *rw);

KW_END_DECLS

#endif /* KWORK_WORKQUEUE_H */
