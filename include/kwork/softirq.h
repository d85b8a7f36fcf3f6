/*
 * kwork/softirq.h - tasklets, run in softirq context by one "ksoftirqd/N"
 * thread per virtual CPU.
 *
 * Layer: softirq (public API). The kernel's tasklet semantics:
 *  - kw_tasklet_schedule() queues the tasklet on the calling thread's
 *    virtual CPU unless it is already scheduled: scheduling it many times
 *    before it runs makes it run once.
 *  - it runs on that CPU's ksoftirqd thread, inside softirq context
 *    (kw_in_softirq() true, sleeping WARNs), "hi" tasklets before normal
 *    ones, each list in scheduling order.
 *  - the scheduled bit is cleared right before the callback runs, so the
 *    callback (or anyone) may schedule it again; a tasklet never runs on
 *    two CPUs at once (the run bit): scheduled on another CPU while it
 *    runs, it runs there after this run returns.
 *  - a disabled tasklet (count > 0) stays scheduled and does not run until
 *    enabled as many times as it was disabled.
 *  - kw_tasklet_kill() waits until it is neither scheduled nor running.
 *  - the run bit is cleared after the callback returns: a callback must not
 *    free the memory holding its own tasklet (kill it from elsewhere).
 *
 * State word (state): bit KW_TASKLET_STATE_SCHED = on a ksoftirqd list (or
 * owned by kw_tasklet_kill()), bit KW_TASKLET_STATE_RUN = its callback is
 * running. count: disable depth. No allocation after the first schedule on
 * a CPU starts that CPU's thread.
 */
#ifndef KWORK_SOFTIRQ_H
#define KWORK_SOFTIRQ_H

#include <kwork/compiler.h>
#include <kwork/sync.h>

KW_BEGIN_DECLS

/* Bit numbers in t->state (see the state word above). */
#define KW_TASKLET_STATE_SCHED 0
#define KW_TASKLET_STATE_RUN 1

/*
 * struct kw_tasklet - tasklet_struct. Initialise with kw_tasklet_setup() /
 * kw_tasklet_init() or KW_TASKLET_INIT*; the fields are the library's
 * while the tasklet is scheduled or running.
 */
struct kw_tasklet {
	struct kw_tasklet *next;	/* the ksoftirqd list (its CPU's lock) */
	unsigned long state;		/* atomic: KW_TASKLET_STATE_* bits */
	kw_atomic_t count;		/* disable depth: runs only at 0 */
	bool use_callback;		/* callback(t), else func(data) */
	union {
		void (*func)(unsigned long data);
		void (*callback)(struct kw_tasklet *t);
	};
	unsigned long data;
};

/*
 * KW_TASKLET_INIT / KW_TASKLET_INIT_OLD - static initialisers
 * (DECLARE_TASKLET / DECLARE_TASKLET_OLD and the _DISABLED forms): not
 * scheduled, disable depth cnt (0: enabled), running cb(t) / fn(dat).
 */
#define KW_TASKLET_INIT(cb, cnt) \
	{ NULL, 0, KW_ATOMIC_INIT(cnt), true, { .callback = (cb) }, 0 }
#define KW_TASKLET_INIT_OLD(fn, dat, cnt) \
	{ NULL, 0, KW_ATOMIC_INIT(cnt), false, { .func = (fn) }, (dat) }

/* From a tasklet to the object holding it (the kernel's from_tasklet). */
#define kw_from_tasklet(var, t, field) \
	kw_container_of(t, __typeof__(*var), field)

/*
 * kw_tasklet_setup / kw_tasklet_init - initialise t enabled and not
 * scheduled, to run callback(t) / func(data). Context: any; never sleeps.
 * t must be neither scheduled nor running (not checked: its state is reset).
 */
KW_API void kw_tasklet_setup(struct kw_tasklet *t,
			     void (*callback)(struct kw_tasklet *t));
KW_API void kw_tasklet_init(struct kw_tasklet *t, void (*func)(unsigned long),
			    unsigned long data);

/*
 * kw_tasklet_schedule / kw_tasklet_hi_schedule - run t once, soon, on the
 * calling thread's virtual CPU (hi: before the normal tasklets there).
 * Context: any, including a tasklet or timer callback; never sleeps.
 * Already scheduled: nothing happens. Allocates only when it has to start
 * the CPU's ksoftirqd thread (on failure: one KERN_ERR line, t stays
 * scheduled and runs once a later schedule on that CPU starts the thread).
 */
KW_API void kw_tasklet_schedule(struct kw_tasklet *t);
KW_API void kw_tasklet_hi_schedule(struct kw_tasklet *t);

/*
 * kw_tasklet_disable_nosync - t will not start running until enabled.
 * Context: any. A run already in progress goes on.
 * kw_tasklet_disable - the same, then waits for a run in progress to end.
 * Context: may sleep; from t's own callback it WARNs and does not wait.
 * kw_tasklet_enable - undo one disable. Context: any; never sleeps.
 * Return: true if t is now enabled. A scheduled tasklet runs once its count
 * reaches 0. An enable without a disable is not caught (as in the kernel):
 * the count drops below 0 and t does not run until it is back at 0.
 */
KW_API void kw_tasklet_disable_nosync(struct kw_tasklet *t);
KW_API void kw_tasklet_disable(struct kw_tasklet *t);
KW_API bool kw_tasklet_enable(struct kw_tasklet *t);

/*
 * kw_tasklet_kill - wait until t is neither scheduled nor running; t may
 * then be freed (if nothing schedules it again).
 * Context: may sleep. In softirq context it prints the kernel's notice
 * "Attempt to kill tasklet from interrupt"; from t's own callback it WARNs
 * and returns (it would wait for itself). A scheduled tasklet that stays
 * disabled makes it wait until someone enables it, as in the kernel.
 */
KW_API void kw_tasklet_kill(struct kw_tasklet *t);

/*
 * kw_tasklet_is_scheduled / kw_tasklet_is_running - the SCHED / RUN bit now;
 * advisory unless the caller serialises. Context: any. Return: the bit.
 */
KW_API bool kw_tasklet_is_scheduled(const struct kw_tasklet *t);
KW_API bool kw_tasklet_is_running(const struct kw_tasklet *t);

/*
 * kw_tasklet_trylock / kw_tasklet_unlock / kw_tasklet_unlock_wait - the
 * run bit, as the kernel exposes it. trylock: true if the caller set it.
 * unlock: clear it (whoever set it; not checked) and give the scheduled
 * tasklets it held back another try. unlock_wait: sleep until t is not
 * running; from t's own callback: WARN and return. Context: unlock_wait may
 * sleep, the others never do.
 */
KW_API bool kw_tasklet_trylock(struct kw_tasklet *t);
KW_API void kw_tasklet_unlock(struct kw_tasklet *t);
KW_API void kw_tasklet_unlock_wait(struct kw_tasklet *t);

/*
 * kw_tasklet_unlock_spin_wait / kw_tasklet_disable_in_atomic - the same
 * waits by spinning, for atomic callers ("do not use in new code", says
 * the kernel). Context: any; never sleep. From t's own callback: WARN and
 * return instead of spinning forever.
 */
KW_API void kw_tasklet_unlock_spin_wait(struct kw_tasklet *t);
KW_API void kw_tasklet_disable_in_atomic(struct kw_tasklet *t);

/*
 * Bottom halves: in the kernel local_bh_disable() keeps softirqs off this
 * CPU. In kwork softirqs run on their own threads, so it marks the caller
 * atomic (might_sleep() and schedule() complain) and in softirq context
 * (kw_in_softirq() true, as the kernel's in_softirq()), nothing else.
 * Nests, per thread. Context: any; never sleep. kw_local_bh_enable without
 * a matching disable: WARN_ON_ONCE, no change.
 */
KW_API void kw_local_bh_disable(void);
KW_API void kw_local_bh_enable(void);

/*
 * kw_in_serving_softirq - in_serving_softirq(). Context: any.
 * Return: true inside a timer or tasklet callback (not merely in a
 * local_bh_disable() section, which kw_in_softirq() also counts).
 */
KW_API bool kw_in_serving_softirq(void);

/*
 * Interrupts: a process has none. "Interrupts off" is kept per thread so
 * irqs_disabled() answers as the code expects, and makes the caller atomic
 * (sleeping WARNs); it excludes nothing else. As in the kernel it does not
 * nest: disable when off and enable when on change nothing. kw_local_irq_save
 * turns it off and returns the previous state (1: was off) for
 * kw_local_irq_restore, which turns it on for 0 and leaves it as it is
 * otherwise. Context: any; never sleep.
 */
KW_API void kw_local_irq_disable(void);
KW_API void kw_local_irq_enable(void);
KW_API unsigned long kw_local_irq_save(void);
KW_API void kw_local_irq_restore(unsigned long flags);
KW_API bool kw_irqs_disabled(void);

/*
 * kw_request_irq - there is no hardware: always fails, with one KERN_ERR
 * line naming the IRQ and name ("?" if NULL). Context: any. Return: -ENOSYS.
 * kw_free_irq - freeing an IRQ that was never granted: the kernel's WARN
 * "Trying to free already-free IRQ n". Return: NULL (no dev_id to give back).
 */
KW_API int kw_request_irq(unsigned int irq, const char *name);
KW_API const void *kw_free_irq(unsigned int irq);

KW_END_DECLS

#endif /* KWORK_SOFTIRQ_H */
