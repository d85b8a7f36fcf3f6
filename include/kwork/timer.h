/*
 * kwork/timer.h - timer_list on a hierarchical timing wheel.
 *
 * Layer: timers (public API). A timer fires its callback once, on the timer
 * thread ("softirq" context: the callback must not sleep), no earlier than
 * its expires jiffy; the wheel rounds expiry up to its level's granularity
 * (1 jiffy within 63 jiffies, 8x coarser each level above, <= 12.5 % late),
 * with no cascading. Arm, modify and delete are O(1). The timer thread
 * sleeps until the next expiry: there is no tick while nothing is armed.
 *
 * A timer's callback never runs concurrently with itself. timer_pending()
 * is false inside the callback, which may re-arm its own timer.
 */
#ifndef KWORK_TIMER_H
#define KWORK_TIMER_H

#include <kwork/compiler.h>
#include <kwork/list.h>

KW_BEGIN_DECLS

/*
 * Flags: the kernel's values. The low 18 bits hold the CPU recorded at
 * setup or by add_timer_on() / add_timer_local() (kwork has one timer base:
 * every callback runs on the one timer thread whatever the CPU says).
 * DEFERRABLE, PINNED and IRQSAFE are recorded (timer_setup keeps only
 * KW_TIMER_INIT_FLAGS) but change nothing in the wheel: one thread, no idle
 * ticks to defer, no interrupts. Bits 22..31 are the wheel's own (bucket
 * index); never set them.
 */
#define KW_TIMER_CPUMASK 0x0003FFFFu
#define KW_TIMER_DEFERRABLE 0x00080000u
#define KW_TIMER_PINNED 0x00100000u
#define KW_TIMER_IRQSAFE 0x00200000u
#define KW_TIMER_INIT_FLAGS (KW_TIMER_DEFERRABLE | KW_TIMER_PINNED | KW_TIMER_IRQSAFE)

struct kw_timer;
/* Timer callback: gets its timer, runs on the timer thread, must not sleep. */
typedef void (*kw_timer_fn)(struct kw_timer *);

/*
 * struct kw_timer - timer_list. expires may be set directly before
 * add_timer(); function and flags belong to timer_setup(); entry is the
 * wheel's (under the timer base's lock while armed).
 */
struct kw_timer {
	struct kw_hlist_node entry;	/* wheel bucket link; pprev NULL = idle */
	unsigned long expires;		/* jiffies */
	kw_timer_fn function;		/* NULL once shut down */
	uint32_t flags;			/* KW_TIMER_* | cpu */
};

/*
 * KW_TIMER_INITIALIZER - __TIMER_INITIALIZER / DEFINE_TIMER: a static idle
 * timer running fn with flags fl, expires 0 (no CPU recorded: cpu 0).
 */
#define KW_TIMER_INITIALIZER(fn, fl) \
	{ { NULL, NULL }, 0, (fn), (fl) }

/* From a timer back to the structure it is embedded in (from_timer). */
#define kw_timer_container_of(var, timer, field) \
	kw_container_of(timer, __typeof__(*(var)), field)

/*
 * kw_timer_setup - initialise t idle, with callback fn, flags (only
 * KW_TIMER_INIT_FLAGS kept) and the calling thread's CPU. Leaves t->expires
 * alone; undoes a shutdown. Context: any; never sleeps. t must not be armed:
 * with debug objects on, an armed t is disarmed with a WARN "ODEBUG: init
 * active ..." (off: the wheel is corrupted, as in the kernel).
 */
KW_API void kw_timer_setup(struct kw_timer *t, kw_timer_fn fn,
			   unsigned int flags);

/*
 * kw_timer_setup_on_stack / kw_timer_destroy_on_stack - the on-stack pair.
 * destroy WARNs ("ODEBUG: free active ...") and disarms if t is still armed,
 * so the wheel never keeps a pointer into a dead stack frame.
 */
KW_API void kw_timer_setup_on_stack(struct kw_timer *t, kw_timer_fn fn,
				    unsigned int flags);
KW_API void kw_timer_destroy_on_stack(struct kw_timer *t);

/*
 * kw_timer_pending - timer_pending(). Context: any. Return: non-zero while
 * t is armed (false inside its own callback until re-armed). Racy unless
 * the caller serialises.
 */
static inline int kw_timer_pending(const struct kw_timer *t)
{
	return !kw_hlist_unhashed(&t->entry);
}

/*
 * kw_add_timer - arm t at t->expires (the past means the next jiffy).
 * kw_add_timer_on: and record cpu (outside [0, kw_nr_cpu_ids()): WARN once
 * "add_timer_on: cpu N is not online", the calling CPU is recorded instead).
 * kw_add_timer_local: record the calling CPU and set TIMER_PINNED.
 * kw_add_timer_global: clear TIMER_PINNED.
 * Already armed: WARN once per function ("timer ... is already pending"),
 * no change. Shut down: silently ignored.
 * Context: any. Never sleeps, never allocates.
 */
KW_API void kw_add_timer(struct kw_timer *t);
KW_API void kw_add_timer_on(struct kw_timer *t, int cpu);
KW_API void kw_add_timer_local(struct kw_timer *t);
KW_API void kw_add_timer_global(struct kw_timer *t);

/*
 * kw_mod_timer - (re)arm t at expires, atomically with respect to other
 * mod_timer() and delete calls. Context: any; never sleeps.
 * Return: 0 if t was idle (now armed, or discarded if shut down);
 * 1 if it was armed (now re-armed, also when expires is unchanged).
 */
KW_API int kw_mod_timer(struct kw_timer *t, unsigned long expires);
/*
 * kw_mod_timer_pending - re-arm t at expires only if it is armed.
 * Context: any. Return: 0 and no arm if idle; 1 if armed (re-armed).
 */
KW_API int kw_mod_timer_pending(struct kw_timer *t, unsigned long expires);
/*
 * kw_timer_reduce - as kw_mod_timer, but an armed timer only ever moves
 * earlier (a later expires leaves it). Context: any. Return: as kw_mod_timer.
 */
KW_API int kw_timer_reduce(struct kw_timer *t, unsigned long expires);

/*
 * kw_timer_delete - disarm t; a callback already running goes on.
 * Context: any; never waits. Return: 1 if an armed timer was disarmed,
 * else 0.
 */
KW_API int kw_timer_delete(struct kw_timer *t);
/*
 * kw_timer_delete_sync - disarm, then wait until the callback is not running.
 * Context: may sleep (in atomic context it spins instead). From the timer's
 * own callback: WARN "... would deadlock", disarm and return (the kernel
 * would spin forever). Return: as kw_timer_delete.
 */
KW_API int kw_timer_delete_sync(struct kw_timer *t);
/*
 * kw_timer_delete_sync_try - try_to_del_timer_sync(): disarm unless the
 * callback is running now. Context: any; never waits.
 * Return: 0/1 as kw_timer_delete, or -1 if the callback is running (t is
 * left as it is).
 */
KW_API int kw_timer_delete_sync_try(struct kw_timer *t);
/*
 * kw_timer_shutdown / _sync - as kw_timer_delete / _sync, and set function
 * = NULL: later arms are silently ignored until kw_timer_setup(); a running
 * callback's self re-arm is ignored too. Context, WARN, Return: as
 * kw_timer_delete / kw_timer_delete_sync.
 */
KW_API int kw_timer_shutdown(struct kw_timer *t);
KW_API int kw_timer_shutdown_sync(struct kw_timer *t);

/*
 * kw_round_jiffies and friends - round_jiffies(): round an absolute (the
 * _relative forms: relative) jiffies value to a whole second, skewed by the
 * calling CPU. Within the first quarter second past a whole second it rounds
 * down, else up; the _up forms always round up. A result not in the future
 * returns j unchanged. Context: any. Return: the rounded value.
 */
KW_API unsigned long kw_round_jiffies(unsigned long j);
KW_API unsigned long kw_round_jiffies_relative(unsigned long j);
KW_API unsigned long kw_round_jiffies_up(unsigned long j);
KW_API unsigned long kw_round_jiffies_up_relative(unsigned long j);
/* The same for an explicit cpu (the skew is 3 jiffies per cpu). */
KW_API unsigned long kw___round_jiffies(unsigned long j, int cpu);
KW_API unsigned long kw___round_jiffies_relative(unsigned long j, int cpu);
KW_API unsigned long kw___round_jiffies_up(unsigned long j, int cpu);
KW_API unsigned long kw___round_jiffies_up_relative(unsigned long j, int cpu);

/*
 * Number of timers armed right now, kwork's own (pool and watchdog timers)
 * included, for tests. Context: any; a racy snapshot.
 */
KW_API unsigned long kw_timers_armed(void);

KW_END_DECLS

#endif /* KWORK_TIMER_H */
