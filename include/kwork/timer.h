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
 * Bits 22..31 are the wheel's own (bucket index); never set them.
 */
#define KW_TIMER_CPUMASK 0x0003FFFFu
#define KW_TIMER_DEFERRABLE 0x00080000u
#define KW_TIMER_PINNED 0x00100000u
#define KW_TIMER_IRQSAFE 0x00200000u
#define KW_TIMER_INIT_FLAGS (KW_TIMER_DEFERRABLE | KW_TIMER_PINNED | KW_TIMER_IRQSAFE)

struct kw_timer;
typedef void (*kw_timer_fn)(struct kw_timer *);

struct kw_timer {
	struct kw_hlist_node entry;	/* wheel bucket link; pprev NULL = idle */
	unsigned long expires;		/* jiffies */
	kw_timer_fn function;		/* NULL once shut down */
	uint32_t flags;			/* KW_TIMER_* | cpu */
};

#define KW_TIMER_INITIALIZER(fn, fl) \
	{ { NULL, NULL }, 0, (fn), (fl) }

/* From a timer back to the structure it is embedded in (from_timer). */
#define kw_timer_container_of(var, timer, field) \
	kw_container_of(timer, __typeof__(*(var)), field)

/*
 * kw_timer_setup - initialise t with callback fn and flags.
 * Leaves t->expires alone. t must not be armed.
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

/* True while armed. Racy unless the caller serialises. */
static inline int kw_timer_pending(const struct kw_timer *t)
{
	return !kw_hlist_unhashed(&t->entry);
}

/*
 * kw_add_timer - arm t at t->expires (the past means the next jiffy).
 * Already armed: WARN_ON_ONCE, no change. Shut down: silently ignored.
 * Context: any. Never sleeps, never allocates.
 */
KW_API void kw_add_timer(struct kw_timer *t);
KW_API void kw_add_timer_on(struct kw_timer *t, int cpu);
KW_API void kw_add_timer_local(struct kw_timer *t);
KW_API void kw_add_timer_global(struct kw_timer *t);

/*
 * kw_mod_timer - (re)arm t at expires, atomically with respect to other
 * mod_timer() and delete calls.
 * Return: 0 if t was idle (now armed, or discarded if shut down);
 * 1 if it was armed (now re-armed, also when expires is unchanged).
 */
KW_API int kw_mod_timer(struct kw_timer *t, unsigned long expires);
/* Return: 0 and no arm if idle; 1 if armed (re-armed). */
KW_API int kw_mod_timer_pending(struct kw_timer *t, unsigned long expires);
/* As kw_mod_timer, but an armed timer only ever moves earlier. */
KW_API int kw_timer_reduce(struct kw_timer *t, unsigned long expires);

/* Return: 1 if an armed timer was disarmed, else 0. Never waits. */
KW_API int kw_timer_delete(struct kw_timer *t);
/*
 * kw_timer_delete_sync - disarm, then wait until the callback is not running.
 * Context: may sleep. From the timer's own callback: WARN and return
 * (the kernel would spin forever). Return: as kw_timer_delete.
 */
KW_API int kw_timer_delete_sync(struct kw_timer *t);
/* Return: 0/1 as above, or -1 if the callback is running right now. */
KW_API int kw_timer_delete_sync_try(struct kw_timer *t);
/* Disarm and set function = NULL: later arms are ignored until setup. */
KW_API int kw_timer_shutdown(struct kw_timer *t);
KW_API int kw_timer_shutdown_sync(struct kw_timer *t);

/* Round to whole seconds (skewed per CPU), as the kernel's round_jiffies. */
KW_API unsigned long kw_round_jiffies(unsigned long j);
KW_API unsigned long kw_round_jiffies_relative(unsigned long j);
KW_API unsigned long kw_round_jiffies_up(unsigned long j);
KW_API unsigned long kw_round_jiffies_up_relative(unsigned long j);
/* The same for an explicit cpu (the skew is 3 jiffies per cpu). */
KW_API unsigned long kw___round_jiffies(unsigned long j, int cpu);
KW_API unsigned long kw___round_jiffies_relative(unsigned long j, int cpu);
KW_API unsigned long kw___round_jiffies_up(unsigned long j, int cpu);
KW_API unsigned long kw___round_jiffies_up_relative(unsigned long j, int cpu);

/* Number of timers armed right now (for leftovers reports and tests). */
KW_API unsigned long kw_timers_armed(void);

KW_END_DECLS

#endif /* KWORK_TIMER_H */
