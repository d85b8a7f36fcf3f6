/*
 * timer_internal.h - what the rest of libkwork needs from the timer layer.
 *
 * Layer: timers (internal).
 */
#ifndef KWORK_TIMER_INTERNAL_H
#define KWORK_TIMER_INTERNAL_H

/*
 * kw__timer_shutdown_thread - stop and join the "ktimers" thread, if it runs
 * and no timer is armed (with timers armed it does nothing: they still need
 * the thread). A later arm starts a new thread.
 * Context: may sleep; not from a timer callback (WARNs and returns).
 * For process teardown.
 */
void kw__timer_shutdown_thread(void);

#include <kwork/timer.h>
#include <stdbool.h>

/*
 * kw__timer_for_each - call fn for every armed timer (running false), then
 * for the one whose callback runs now, if any (running true). fn runs under
 * the timer base lock: it may print, must not arm, delete or sleep. For
 * reports (the module runner's leftovers).
 */
void kw__timer_for_each(void (*fn)(struct kw_timer *t, bool running, void *arg),
			void *arg);

#endif /* KWORK_TIMER_INTERNAL_H */
