/*
 * timer_internal.h - what the rest of libkwork needs from the timer layer.
 *
 * Layer: timers (internal).
 */
#ifndef KWORK_TIMER_INTERNAL_H
#define KWORK_TIMER_INTERNAL_H

#include <kwork/timer.h>

/*
 * A timer of kwork's own (workqueue pools, watchdog): armed ones do not
 * count as the user's at teardown. The bit is the kernel's TIMER_MIGRATING,
 * which kwork's single timer base never needs; kw_timer_setup() clears it.
 */
#define KW__TIMER_INTERNAL 0x00040000u

/* kw_timer_setup() for one of kwork's own timers. */
void kw__timer_setup_internal(struct kw_timer *t, kw_timer_fn fn,
			      unsigned int flags);

/*
 * kw__timer_shutdown_thread - stop and join the "ktimers" thread, if it runs
 * and no timer is armed (with timers armed it does nothing: they still need
 * the thread). A later arm starts a new thread.
 * Context: may sleep; not from a timer callback (WARNs and returns false).
 * For process teardown. Return: true if no ktimers thread runs on return.
 */
bool kw__timer_shutdown_thread(void);

/*
 * kw__timer_detach_armed_in - disarm the armed timers in [lo, lo + size),
 * returning up to max of them and their callbacks (for debugobjects).
 * Return: how many. Context: any.
 */
int kw__timer_detach_armed_in(const void *lo, size_t size, struct kw_timer **out,
			      kw_timer_fn *fns, int max);

#include <kwork/timer.h>
#include <kwork/hrtimer.h>
#include <stdbool.h>

/*
 * kw__hrtimer_detach_armed_in (hrtimer.c) - the same for hrtimers.
 * Return: how many. Context: any.
 */
int kw__hrtimer_detach_armed_in(const void *lo, size_t size,
				struct kw_hrtimer **out, kw_hrtimer_fn *fns, int max);

/*
 * kw__timer_for_each - call fn for every armed timer (running false), then
 * for the one whose callback runs now, if any (running true). fn runs under
 * the timer base lock: it may print, must not arm, delete or sleep. For
 * reports (the module runner's leftovers).
 */
void kw__timer_for_each(void (*fn)(struct kw_timer *t, bool running, void *arg),
			void *arg);

#endif /* KWORK_TIMER_INTERNAL_H */
