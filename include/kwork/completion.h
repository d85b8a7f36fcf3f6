/*
 * kwork/completion.h - completions: "this happened" counters one can wait on.
 *
 * Layer: task core (public API). done counts complete() calls not yet
 * consumed by a wait; KW_COMPLETION_ALL (UINT_MAX) means complete_all().
 * Waiters queue exclusively in FIFO order on the embedded wait queue;
 * complete() wakes one, complete_all() wakes all. A waiter that times out or
 * is interrupted consumes nothing.
 */
#ifndef KWORK_COMPLETION_H
#define KWORK_COMPLETION_H

#include <kwork/compiler.h>
#include <kwork/wait.h>
#include <limits.h>

KW_BEGIN_DECLS

#define KW_COMPLETION_ALL UINT_MAX

struct kw_completion {
	unsigned int done;		/* protected by wait.lock */
	struct kw_wait_queue_head wait;
};

/* COMPLETION_INITIALIZER: a static completion, done 0, empty wait queue. */
#define KW_COMPLETION_INITIALIZER(work) \
	{ 0, KW_WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }

/*
 * kw_init_completion - init_completion(): done 0, wait queue initialised.
 * Context: any; x must not be in use (waiters on it would be lost).
 */
KW_API void kw_init_completion(struct kw_completion *x);
/* Reset done to 0 only; no waiter or completer may be active. */
KW_API void kw_reinit_completion(struct kw_completion *x);

/* Context: any, including timer callbacks. */
KW_API void kw_complete(struct kw_completion *x);
KW_API void kw_complete_all(struct kw_completion *x);
KW_API void kw_complete_on_current_cpu(struct kw_completion *x);

/* Context: may sleep. */
KW_API void kw_wait_for_completion(struct kw_completion *x);
KW_API void kw_wait_for_completion_io(struct kw_completion *x);
/* Return: 0 on timeout, else the jiffies left (at least 1). */
KW_API unsigned long kw_wait_for_completion_timeout(struct kw_completion *x,
						    unsigned long timeout);
KW_API unsigned long kw_wait_for_completion_io_timeout(struct kw_completion *x,
						       unsigned long timeout);
/* Return: 0, or -ERESTARTSYS on a signal. */
KW_API int kw_wait_for_completion_interruptible(struct kw_completion *x);
KW_API int kw_wait_for_completion_killable(struct kw_completion *x);
KW_API int kw_wait_for_completion_state(struct kw_completion *x,
					unsigned int state);
/* Return: -ERESTARTSYS, 0 on timeout, else the jiffies left (>= 1). */
KW_API long kw_wait_for_completion_interruptible_timeout(
	struct kw_completion *x, unsigned long timeout);
KW_API long kw_wait_for_completion_killable_timeout(struct kw_completion *x,
						    unsigned long timeout);

/* Never sleeps. Return: true if a count was consumed (or all done). */
KW_API bool kw_try_wait_for_completion(struct kw_completion *x);
/* Return: true iff a wait would not block. Consumes nothing. */
KW_API bool kw_completion_done(struct kw_completion *x);

KW_END_DECLS

#endif /* KWORK_COMPLETION_H */
