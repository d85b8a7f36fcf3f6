/*
 * ratelimit.c - ratelimit_state (semantics: kwork/ratelimit.h).
 *
 * Layer: printk. Any thread, any context: the state's spinlock is only
 * tried, never waited for.
 */
#include "task_internal.h"

#include <kwork/ratelimit.h>

void kw_ratelimit_state_init(struct kw_ratelimit_state *rs, int interval,
			     int burst)
{
	struct kw_ratelimit_state init = KW_RATELIMIT_STATE_INIT(interval, burst);
	*rs = init;
}

/*
 * A new interval: report and restart the missed count, unless it is kept
 * for ratelimit_state_exit() (MSG_ON_RELEASE), as the kernel does.
 */
static void report_missed_locked(struct kw_ratelimit_state *rs, const char *func)
{
	if (!rs->missed || (rs->flags & KW_RATELIMIT_MSG_ON_RELEASE))
		return;
	kw_printk(KW_SOH "4" "%s: %d callbacks suppressed\n", func, rs->missed);
	rs->missed = 0;
}

bool kw___ratelimit(struct kw_ratelimit_state *rs, const char *func)
{
	bool ok;

	if (!rs->interval)
		return true;
	if (!kw_spin_trylock(&rs->lock))
		return false;
	unsigned long now = kw_jiffies();
	if (!rs->begin)
		rs->begin = now;
	if (kw_time_after(now, rs->begin + (unsigned long)rs->interval)) {
		report_missed_locked(rs, func);
		rs->begin = now;
		rs->printed = 0;
	}
	if (rs->burst && rs->burst > rs->printed) {
		rs->printed++;
		ok = true;
	} else {
		rs->missed++;
		ok = false;
	}
	kw_spin_unlock(&rs->lock);
	return ok;
}

void kw_ratelimit_state_exit(struct kw_ratelimit_state *rs)
{
	if (!(rs->flags & KW_RATELIMIT_MSG_ON_RELEASE))
		return;
	kw_spin_lock(&rs->lock);
	if (rs->missed)
		kw_printk(KW_SOH "4" "%s: %d output lines suppressed due to ratelimiting\n",
			  kw_current()->comm, rs->missed);
	rs->missed = 0;
	kw_spin_unlock(&rs->lock);
}

static struct kw_ratelimit_state printk_rs =
	KW_RATELIMIT_STATE_INIT(KW_DEFAULT_RATELIMIT_INTERVAL,
				KW_DEFAULT_RATELIMIT_BURST);

bool kw_printk_ratelimit(const char *func)
{
	return kw___ratelimit(&printk_rs, func);
}
