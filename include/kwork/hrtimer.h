/*
 * kwork/hrtimer.h - high-resolution timers (the kernel's struct hrtimer).
 *
 * Layer: timers (public API). A hrtimer fires its callback on the one
 * "khrtimer" thread, in softirq context (the callback must not sleep), no
 * earlier than its soft expiry and, load permitting, by its hard expiry
 * (hrtimer_start_range_ns: [tim, tim + delta]). Times are ktime_t
 * nanoseconds on the timer's clock: CLOCK_MONOTONIC, CLOCK_REALTIME,
 * CLOCK_BOOTTIME or CLOCK_TAI. Armed timers sit in one intrusive pairing
 * heap per clock: arming allocates nothing. The thread sleeps until the
 * earliest hard expiry: there is no tick.
 *
 * The callback returns KW_HRTIMER_RESTART to be queued again at its (moved)
 * expiry, KW_HRTIMER_NORESTART to stay idle; it may also restart itself
 * with kw_hrtimer_start(). A callback never runs concurrently with itself.
 *
 * State: state bit KW_HRTIMER_STATE_ENQUEUED = in a heap. "Running" is the
 * thread's, not the timer's (kw_hrtimer_callback_running()).
 */
#ifndef KWORK_HRTIMER_H
#define KWORK_HRTIMER_H

#include <kwork/compiler.h>
#include <stdint.h>

KW_BEGIN_DECLS

enum kw_hrtimer_restart {
	KW_HRTIMER_NORESTART,
	KW_HRTIMER_RESTART,
};

/* The kernel's values. PINNED: kwork has one hrtimer base, always local. */
enum kw_hrtimer_mode {
	KW_HRTIMER_MODE_ABS = 0x00,
	KW_HRTIMER_MODE_REL = 0x01,
	KW_HRTIMER_MODE_PINNED = 0x02,
	KW_HRTIMER_MODE_SOFT = 0x04,
	KW_HRTIMER_MODE_HARD = 0x08,
};

#define KW_HRTIMER_STATE_INACTIVE 0x00u
#define KW_HRTIMER_STATE_ENQUEUED 0x01u

/* The resolution hrtimer_forward() rounds intervals up to (ns). */
#define KW_HRTIMER_RESOLUTION 1

struct kw_hrtimer;
typedef enum kw_hrtimer_restart (*kw_hrtimer_fn)(struct kw_hrtimer *);

struct kw_hrtimer {
	/* Heap links (the hrtimer lock): first child, next sibling, and the
	 * previous sibling or, for a first child, the parent. */
	struct kw_hrtimer *hp_child, *hp_next, *hp_prev;
	int64_t expires;		/* hard expiry, ns on the clock */
	int64_t softexpires;		/* never fires before this */
	kw_hrtimer_fn function;		/* set by setup, or by the user after init */
	uint64_t seq;			/* arm order: FIFO among equal expiries */
	int clockid;			/* CLOCK_* of its base */
	uint8_t state;			/* A: KW_HRTIMER_STATE_* */
	uint8_t is_rel;			/* armed with a relative time */
	uint8_t is_soft;		/* set up with HRTIMER_MODE_SOFT */
	uint8_t is_hard;		/* set up with HRTIMER_MODE_HARD */
};

/*
 * kw_hrtimer_setup - initialise t with callback fn on clock clockid; mode's
 * SOFT/HARD bits say how it will be started. CLOCK_REALTIME with
 * HRTIMER_MODE_REL uses CLOCK_MONOTONIC (as the kernel: a relative time is
 * not moved by clock steps). An unknown clock WARNs and uses
 * CLOCK_MONOTONIC; fn NULL WARNs and gets a callback that does nothing.
 * t must not be armed. Context: any.
 */
KW_API void kw_hrtimer_setup(struct kw_hrtimer *t, kw_hrtimer_fn fn,
			     int clockid, enum kw_hrtimer_mode mode);
/* The pre-6.13 form: like setup with function NULL (set t->function next). */
KW_API void kw_hrtimer_init(struct kw_hrtimer *t, int clockid,
			    enum kw_hrtimer_mode mode);
/* destroy_hrtimer_on_stack: WARNs the ODEBUG message and disarms if armed. */
KW_API void kw_hrtimer_destroy_on_stack(struct kw_hrtimer *t);

/*
 * kw_hrtimer_start_range_ns - (re)arm t to fire in [tim, tim + delta_ns]
 * (REL: from now on t's clock). An armed timer is moved. mode's SOFT bit
 * must match setup's (WARN_ON_ONCE otherwise, and t's is used). No function:
 * WARN, not armed. Context: any, also t's own callback. Never sleeps,
 * never allocates.
 */
KW_API void kw_hrtimer_start_range_ns(struct kw_hrtimer *t, int64_t tim,
				      uint64_t delta_ns, enum kw_hrtimer_mode mode);
KW_API void kw_hrtimer_start(struct kw_hrtimer *t, int64_t tim,
			     enum kw_hrtimer_mode mode);
/* Re-arm at the expiry already set (hrtimer_set_expires / forward). */
KW_API void kw_hrtimer_restart(struct kw_hrtimer *t);

/*
 * kw_hrtimer_try_to_cancel - dequeue t if it is armed and its callback is
 * not running. Never waits. Return: 1 dequeued, 0 was not active, -1 the
 * callback runs right now (nothing changed).
 */
KW_API int kw_hrtimer_try_to_cancel(struct kw_hrtimer *t);
/*
 * kw_hrtimer_cancel - dequeue t and wait until its callback is not running.
 * Context: may sleep (spins in atomic context, as the kernel). From t's
 * own callback: WARN (the kernel would spin forever), dequeue, return.
 * Return: 1 if t was armed when it was dequeued, 0 if not.
 */
KW_API int kw_hrtimer_cancel(struct kw_hrtimer *t);

/*
 * kw_hrtimer_active - queued, or its callback running.
 * kw_hrtimer_callback_running - its callback is running right now.
 * Racy unless the caller serialises.
 */
KW_API bool kw_hrtimer_active(const struct kw_hrtimer *t);
KW_API bool kw_hrtimer_callback_running(const struct kw_hrtimer *t);

/*
 * kw_hrtimer_is_queued - hrtimer_is_queued(): a relaxed load of the state.
 * Return: true if t is armed (not counting a callback that runs now).
 * Racy unless the caller serialises.
 */
static inline bool kw_hrtimer_is_queued(const struct kw_hrtimer *t)
{
	return __atomic_load_n(&t->state, __ATOMIC_RELAXED) & KW_HRTIMER_STATE_ENQUEUED;
}

/*
 * kw_hrtimer_forward - move t's expiry forward by whole intervals until it
 * is after now. t must not be queued (WARN, 0). Intervals below the
 * resolution count as the resolution.
 * Return: the number of intervals added (0 if the expiry is after now).
 */
KW_API uint64_t kw_hrtimer_forward(struct kw_hrtimer *t, int64_t now,
				   int64_t interval);
/* The same with now = t's clock now. */
KW_API uint64_t kw_hrtimer_forward_now(struct kw_hrtimer *t, int64_t interval);

/* The current time on t's clock (hrtimer_cb_get_time). */
KW_API int64_t kw_hrtimer_cb_get_time(const struct kw_hrtimer *t);
/* Hard expiry minus t's clock now (negative once due). */
KW_API int64_t kw_hrtimer_get_remaining(const struct kw_hrtimer *t);

/* Expiry accessors: only on a timer that is not queued, as the kernel's. */
static inline void kw_hrtimer_set_expires_range_ns(struct kw_hrtimer *t,
						   int64_t time, uint64_t delta)
{
	t->softexpires = time;
	if (delta > (uint64_t)INT64_MAX ||
	    __builtin_add_overflow(time, (int64_t)delta, &t->expires))
		t->expires = INT64_MAX;
}

/* kw_hrtimer_set_expires - hrtimer_set_expires(): hard and soft expiry both time (ns). t not queued. */
static inline void kw_hrtimer_set_expires(struct kw_hrtimer *t, int64_t time)
{
	t->expires = t->softexpires = time;
}

/* kw_hrtimer_add_expires_ns - hrtimer_add_expires_ns(): both expiries + ns; no overflow check. t not queued. */
static inline void kw_hrtimer_add_expires_ns(struct kw_hrtimer *t, uint64_t ns)
{
	t->expires += (int64_t)ns;
	t->softexpires += (int64_t)ns;
}

/* kw_hrtimer_get_expires - hrtimer_get_expires(). Return: the hard expiry (ns on t's clock). */
static inline int64_t kw_hrtimer_get_expires(const struct kw_hrtimer *t)
{
	return t->expires;
}

/* kw_hrtimer_get_softexpires - hrtimer_get_softexpires(). Return: the soft expiry, t never fires before it. */
static inline int64_t kw_hrtimer_get_softexpires(const struct kw_hrtimer *t)
{
	return t->softexpires;
}

/*
 * kw_schedule_hrtimeout_range_clock - schedule_hrtimeout_range_clock():
 * sleep in the state the caller set until *expires (ns; absolute on
 * clockid, or relative with HRTIMER_MODE_REL) plus at most delta ns of
 * slack, or until woken. expires NULL: sleep until woken; *expires 0:
 * return at once. Context: may sleep. The task is TASK_RUNNING on return.
 * Return: 0 if the time was reached, -EINTR if woken (or a signal ended an
 * interruptible sleep) before it.
 */
KW_API int kw_schedule_hrtimeout_range_clock(int64_t *expires, uint64_t delta,
					     enum kw_hrtimer_mode mode, int clockid);

/* Number of hrtimers armed right now (for leftovers reports and tests). */
KW_API unsigned long kw_hrtimers_armed(void);

KW_END_DECLS

#endif /* KWORK_HRTIMER_H */
