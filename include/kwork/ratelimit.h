/*
 * kwork/ratelimit.h - the kernel's ratelimit_state: at most burst events
 * per interval jiffies, the rest counted as suppressed.
 *
 * Layer: printk (public API). Semantics of the kernel's ___ratelimit():
 * the first event opens a window of interval jiffies; within it burst
 * events pass and the rest are "missed"; the first event after the window
 * starts a new one and, unless KW_RATELIMIT_MSG_ON_RELEASE, prints
 * "<func>: N callbacks suppressed" at KERN_WARNING. interval 0 lets every
 * event through. Contended (another thread is inside): the event is
 * dropped, as in the kernel.
 */
#ifndef KWORK_RATELIMIT_H
#define KWORK_RATELIMIT_H

#include <kwork/compiler.h>
#include <kwork/sync.h>
#include <kwork/time.h>

KW_BEGIN_DECLS

/* The kernel's defaults: 10 events per 5 seconds (printk_ratelimit's). */
#define KW_DEFAULT_RATELIMIT_INTERVAL (5 * KW_HZ)
#define KW_DEFAULT_RATELIMIT_BURST 10
/*
 * rs->flags (ratelimit_set_flags()): KW_RATELIMIT_MSG_ON_RELEASE - print
 * no "callbacks suppressed" line when a new window opens; let
 * kw_ratelimit_state_exit() report instead: the missed count then runs on
 * across windows, as in the kernel, and exit reports the total.
 */
#define KW_RATELIMIT_MSG_ON_RELEASE 1u

/*
 * struct kw_ratelimit_state - one rate limit, shared by the callers that
 * pass it; statically with KW_RATELIMIT_STATE_INIT, else
 * kw_ratelimit_state_init(). burst 0 with a non-zero interval drops every
 * event.
 */
struct kw_ratelimit_state {
	kw_spinlock_t lock;	/* guards the fields below */
	int interval;		/* jiffies; 0: no limit */
	int burst;		/* events let through per window */
	int printed;		/* let through in this window */
	int missed;		/* dropped since the last report */
	unsigned int flags;	/* KW_RATELIMIT_* */
	unsigned long begin;	/* jiffies the window opened; 0: none yet */
};

/* RATELIMIT_STATE_INIT: a static state, no window open, no flags. */
#define KW_RATELIMIT_STATE_INIT(interval_, burst_) \
	{ KW_SPINLOCK_INIT, (interval_), (burst_), 0, 0, 0, 0 }

/*
 * kw_ratelimit_state_init - ratelimit_state_init(): reset rs to
 * KW_RATELIMIT_STATE_INIT(interval, burst) (counts and flags cleared).
 * Context: any; never sleeps; rs must not be in use meanwhile.
 */
KW_API void kw_ratelimit_state_init(struct kw_ratelimit_state *rs,
				    int interval, int burst);

/*
 * kw___ratelimit / kw_ratelimit - __ratelimit(): may this event go through?
 * func (kw_ratelimit: the calling function) names the caller in the
 * "callbacks suppressed" line. Context: any; never sleeps or spins (the
 * lock is only tried). Return: true to go ahead, false to drop (also when
 * another thread holds rs, and then the event is not counted as missed).
 */
KW_API bool kw___ratelimit(struct kw_ratelimit_state *rs, const char *func);
#define kw_ratelimit(rs) kw___ratelimit(rs, __func__)

/*
 * kw_ratelimit_state_exit - ratelimit_state_exit(): with
 * KW_RATELIMIT_MSG_ON_RELEASE, print "<comm>: N output lines suppressed due
 * to ratelimiting" at KERN_WARNING if events were dropped (in all windows
 * since the last report), and reset the count; without the flag, nothing.
 * Context: any; never sleeps (it spins on rs's lock).
 */
KW_API void kw_ratelimit_state_exit(struct kw_ratelimit_state *rs);

/*
 * kw_printk_ratelimit - printk_ratelimit(): kw___ratelimit() on one state
 * shared by every caller, with the default interval and burst.
 * Context: any; never sleeps. Return: as kw___ratelimit.
 */
KW_API bool kw_printk_ratelimit(const char *func);

KW_END_DECLS

#endif /* KWORK_RATELIMIT_H */
