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

#define KW_DEFAULT_RATELIMIT_INTERVAL (5 * KW_HZ)
#define KW_DEFAULT_RATELIMIT_BURST 10
#define KW_RATELIMIT_MSG_ON_RELEASE 1u

struct kw_ratelimit_state {
	kw_spinlock_t lock;	/* guards the fields below */
	int interval;		/* jiffies; 0: no limit */
	int burst;
	int printed;
	int missed;
	unsigned int flags;
	unsigned long begin;	/* jiffies the window opened; 0: none yet */
};

#define KW_RATELIMIT_STATE_INIT(interval_, burst_) \
	{ KW_SPINLOCK_INIT, (interval_), (burst_), 0, 0, 0, 0 }

/* Context: any; never sleeps. */
KW_API void kw_ratelimit_state_init(struct kw_ratelimit_state *rs,
				    int interval, int burst);

/*
 * kw___ratelimit - may this event go through? func names the caller in the
 * "callbacks suppressed" line. Return: true to go ahead, false to drop.
 */
KW_API bool kw___ratelimit(struct kw_ratelimit_state *rs, const char *func);
#define kw_ratelimit(rs) kw___ratelimit(rs, __func__)

/*
 * kw_ratelimit_state_exit - print the suppressed count still held (when
 * KW_RATELIMIT_MSG_ON_RELEASE). Context: any; never sleeps.
 */
KW_API void kw_ratelimit_state_exit(struct kw_ratelimit_state *rs);

/* The one shared state printk_ratelimit() uses. */
KW_API bool kw_printk_ratelimit(const char *func);

KW_END_DECLS

#endif /* KWORK_RATELIMIT_H */
