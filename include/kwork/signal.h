/*
 * kwork/signal.h - signals to kthreads: allow_signal, send_sig,
 * flush_signals, kernel_dequeue_signal.
 *
 * Layer: task core (public API). Kernel semantics for kthreads: a kthread
 * starts with every signal ignored; kw_allow_signal(sig) lets sig through
 * for the calling task. kw_send_sig() queues an allowed signal (several
 * sends of one signal before it is dequeued stay one, as for non-realtime
 * signals), makes kw_signal_pending() true and wakes the task from an
 * interruptible sleep (SIGKILL: from a killable one too, and
 * kw_fatal_signal_pending() becomes true). An ignored signal is dropped
 * (still "success", as the kernel's send_sig). kw_flush_signals() forgets
 * every queued signal; a kthread_stop() request stays pending.
 *
 * These are kwork's signals, not the operating system's: they are never
 * delivered to handlers, and a kill(1) of the process does not reach them.
 * Tasks that are not kthreads (the thread that called init) follow the
 * same rules: every signal ignored until allowed.
 */
#ifndef KWORK_SIGNAL_H
#define KWORK_SIGNAL_H

#include <kwork/compiler.h>

KW_BEGIN_DECLS

struct kw_task;

#define KW_NSIG 64

/*
 * kw_allow_signal / kw_disallow_signal - let sig reach the calling task, or
 * ignore it again (which also drops a queued sig). Context: any task.
 * sig outside 1..KW_NSIG: WARNs and does nothing.
 */
KW_API void kw_allow_signal(int sig);
KW_API void kw_disallow_signal(int sig);

/*
 * kw_send_sig - queue sig on t if t allows it, and wake t (see the top).
 * priv is the kernel's "sent by the kernel" flag (kept for the signature).
 * Context: any; never sleeps. Return: 0, or -EINVAL for a sig outside
 * 1..KW_NSIG (0 only checks, as in the kernel).
 */
KW_API int kw_send_sig(int sig, struct kw_task *t, int priv);

/* kw_flush_signals - forget t's queued signals. Context: any. */
KW_API void kw_flush_signals(struct kw_task *t);

/*
 * kw_kernel_dequeue_signal - take the calling task's lowest queued signal.
 * Return: its number, or 0 when none is queued.
 */
KW_API int kw_kernel_dequeue_signal(void);

/* kw_signal_queued - is sig queued on t (sent, not yet dequeued or flushed)? */
KW_API bool kw_signal_queued(struct kw_task *t, int sig);

KW_END_DECLS

#endif /* KWORK_SIGNAL_H */
