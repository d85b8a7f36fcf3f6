/*
 * linux/signal.h - signals to kthreads: allow_signal, send_sig,
 * flush_signals, kernel_dequeue_signal (kwork/signal.h for the semantics).
 * The SIG* numbers are the C library's (the same as the kernel's).
 */
#ifndef KWORK_LINUX_SIGNAL_H
#define KWORK_LINUX_SIGNAL_H

#include <signal.h>
#include <kwork/signal.h>

#define allow_signal(sig) kw_allow_signal(sig)
#define disallow_signal(sig) kw_disallow_signal(sig)
#define send_sig(sig, p, priv) kw_send_sig(sig, p, priv)
#define flush_signals(t) kw_flush_signals(t)
#define kernel_dequeue_signal() kw_kernel_dequeue_signal()

#endif /* KWORK_LINUX_SIGNAL_H */
