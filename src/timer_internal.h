/*
 * timer_internal.h - what the rest of libkwork needs from the timer layer.
 *
 * Layer: timers (internal).
 */
#ifndef KWORK_TIMER_INTERNAL_H
#define KWORK_TIMER_INTERNAL_H

#include <kwork/timer.h>

/*
 * kw__timer_shutdown_thread - stop and join the "ktimers" thread, if it runs
 * and no timer is armed (with timers armed it does nothing: they still need
 * the thread). A later arm starts a new thread.
 * Context: may sleep; not from a timer callback (WARNs and returns).
 * For process teardown.
 */
void kw__timer_shutdown_thread(void);

/*
 * kw__timer_detach_armed_in - disarm the armed timers in [lo, lo + size),
 * returning up to max of them and their callbacks (for debugobjects).
 * Return: how many. Context: any.
 */
int kw__timer_detach_armed_in(const void *lo, size_t size, struct kw_timer **out,
			      kw_timer_fn *fns, int max);

#endif /* KWORK_TIMER_INTERNAL_H */
