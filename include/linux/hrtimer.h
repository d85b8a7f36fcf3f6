/*
 * linux/hrtimer.h - struct hrtimer over kwork/hrtimer.h (hrtimer_init of
 * old kernels and hrtimer_setup of 6.13+). docs/timers.md, "hrtimers".
 */
#ifndef KWORK_LINUX_HRTIMER_H
#define KWORK_LINUX_HRTIMER_H

#include <linux/types.h>
#include <linux/ktime.h>
#include <kwork/hrtimer.h>
#include <time.h>	/* CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_TAI */

#define hrtimer kw_hrtimer
/* Both enum hrtimer_restart and hrtimer_restart(t): tag and function. */
#define hrtimer_restart kw_hrtimer_restart
#define hrtimer_mode kw_hrtimer_mode
#define HRTIMER_NORESTART KW_HRTIMER_NORESTART
#define HRTIMER_RESTART KW_HRTIMER_RESTART
#define HRTIMER_STATE_INACTIVE KW_HRTIMER_STATE_INACTIVE
#define HRTIMER_STATE_ENQUEUED KW_HRTIMER_STATE_ENQUEUED

#define HRTIMER_MODE_ABS KW_HRTIMER_MODE_ABS
#define HRTIMER_MODE_REL KW_HRTIMER_MODE_REL
#define HRTIMER_MODE_PINNED KW_HRTIMER_MODE_PINNED
#define HRTIMER_MODE_SOFT KW_HRTIMER_MODE_SOFT
#define HRTIMER_MODE_HARD KW_HRTIMER_MODE_HARD
#define HRTIMER_MODE_ABS_PINNED ((enum kw_hrtimer_mode)(HRTIMER_MODE_ABS | HRTIMER_MODE_PINNED))
#define HRTIMER_MODE_REL_PINNED ((enum kw_hrtimer_mode)(HRTIMER_MODE_REL | HRTIMER_MODE_PINNED))
#define HRTIMER_MODE_ABS_SOFT ((enum kw_hrtimer_mode)(HRTIMER_MODE_ABS | HRTIMER_MODE_SOFT))
#define HRTIMER_MODE_REL_SOFT ((enum kw_hrtimer_mode)(HRTIMER_MODE_REL | HRTIMER_MODE_SOFT))
#define HRTIMER_MODE_ABS_PINNED_SOFT ((enum kw_hrtimer_mode)(HRTIMER_MODE_ABS_PINNED | HRTIMER_MODE_SOFT))
#define HRTIMER_MODE_REL_PINNED_SOFT ((enum kw_hrtimer_mode)(HRTIMER_MODE_REL_PINNED | HRTIMER_MODE_SOFT))
#define HRTIMER_MODE_ABS_HARD ((enum kw_hrtimer_mode)(HRTIMER_MODE_ABS | HRTIMER_MODE_HARD))
#define HRTIMER_MODE_REL_HARD ((enum kw_hrtimer_mode)(HRTIMER_MODE_REL | HRTIMER_MODE_HARD))
#define HRTIMER_MODE_ABS_PINNED_HARD ((enum kw_hrtimer_mode)(HRTIMER_MODE_ABS_PINNED | HRTIMER_MODE_HARD))
#define HRTIMER_MODE_REL_PINNED_HARD ((enum kw_hrtimer_mode)(HRTIMER_MODE_REL_PINNED | HRTIMER_MODE_HARD))

#define hrtimer_resolution ((unsigned int)KW_HRTIMER_RESOLUTION)

#define hrtimer_init(t, clock, mode) kw_hrtimer_init(t, clock, mode)

/* The kernel's prototypes (ktime_t is long long; the kw_ API's int64_t is long). */
static inline int schedule_hrtimeout_range_clock(ktime_t *expires, u64 delta,
						 const enum hrtimer_mode mode,
						 clockid_t clock_id)
{
	int64_t e = expires ? *expires : 0;
	return kw_schedule_hrtimeout_range_clock(expires ? &e : NULL, delta, mode,
						 clock_id);
}

static inline int schedule_hrtimeout_range(ktime_t *expires, u64 delta,
					   const enum hrtimer_mode mode)
{
	return schedule_hrtimeout_range_clock(expires, delta, mode, CLOCK_MONOTONIC);
}

static inline int schedule_hrtimeout(ktime_t *expires, const enum hrtimer_mode mode)
{
	return schedule_hrtimeout_range_clock(expires, 0, mode, CLOCK_MONOTONIC);
}

#define hrtimer_setup(t, fn, clock, mode) kw_hrtimer_setup(t, fn, clock, mode)
#define hrtimer_init_on_stack(t, clock, mode) kw_hrtimer_init(t, clock, mode)
#define hrtimer_setup_on_stack(t, fn, clock, mode) kw_hrtimer_setup(t, fn, clock, mode)
#define destroy_hrtimer_on_stack(t) kw_hrtimer_destroy_on_stack(t)
#define hrtimer_start(t, tim, mode) kw_hrtimer_start(t, tim, mode)
#define hrtimer_start_range_ns(t, tim, delta, mode) \
	kw_hrtimer_start_range_ns(t, tim, delta, mode)
#define hrtimer_start_expires(t, mode) kw_hrtimer_restart(t)
#define hrtimer_cancel(t) kw_hrtimer_cancel(t)
#define hrtimer_try_to_cancel(t) kw_hrtimer_try_to_cancel(t)
#define hrtimer_active(t) kw_hrtimer_active(t)
#define hrtimer_is_queued(t) kw_hrtimer_is_queued(t)
#define hrtimer_callback_running(t) kw_hrtimer_callback_running(t)
#define hrtimer_forward(t, now, interval) ((u64)kw_hrtimer_forward(t, now, interval))
#define hrtimer_forward_now(t, interval) ((u64)kw_hrtimer_forward_now(t, interval))
#define hrtimer_cb_get_time(t) ((ktime_t)kw_hrtimer_cb_get_time(t))
#define hrtimer_get_remaining(t) ((ktime_t)kw_hrtimer_get_remaining(t))
#define hrtimer_expires_remaining(t) ((ktime_t)kw_hrtimer_get_remaining(t))
#define hrtimer_get_expires(t) ((ktime_t)kw_hrtimer_get_expires(t))
#define hrtimer_get_softexpires(t) ((ktime_t)kw_hrtimer_get_softexpires(t))
#define hrtimer_get_expires_tv64(t) ((s64)kw_hrtimer_get_expires(t))
#define hrtimer_get_softexpires_tv64(t) ((s64)kw_hrtimer_get_softexpires(t))
#define hrtimer_get_expires_ns(t) ((s64)kw_hrtimer_get_expires(t))
#define hrtimer_set_expires(t, time) kw_hrtimer_set_expires(t, time)
#define hrtimer_set_expires_range_ns(t, time, delta) \
	kw_hrtimer_set_expires_range_ns(t, time, delta)
#define hrtimer_add_expires_ns(t, ns) kw_hrtimer_add_expires_ns(t, ns)
#define hrtimer_add_expires(t, kt) kw_hrtimer_add_expires_ns(t, (u64)(kt))

#endif /* KWORK_LINUX_HRTIMER_H */
