/*
 * signal.c - kwork's signals for kthreads: allow_signal, send_sig,
 * flush_signals, kernel_dequeue_signal (semantics: kwork/signal.h).
 *
 * Layer: task core. Any thread sends; the target task allows, dequeues and
 * waits. A task's queued set is sig_queued; KW__SIG_QUEUED in sigpending
 * mirrors "sig_queued is not empty" (and KW__SIG_FATAL "SIGKILL queued"),
 * so kw_signal_pending() and the sleep paths in task.c and wait.c see these
 * signals with the one load they already make.
 *
 * Lock: siglock serialises every change of sig_queued together with its
 * mirror bits (a sender and a dequeuer must not interleave between the two);
 * readers load them atomically without it. sig_allowed is written by the
 * task itself, atomically (senders read it).
 */
#include "task_internal.h"

#include <errno.h>
#include <signal.h>

static kw_spinlock_t siglock = KW_SPINLOCK_INIT;

static uint64_t sigbit(int sig)
{
	return 1ULL << (sig - 1);
}

static bool valid(int sig)
{
	return sig >= 1 && sig <= KW_NSIG;
}

/* Mirror sig_queued into sigpending. Caller holds siglock. */
static void update_pending_locked(struct kw__task *t)
{
	uint64_t q = __atomic_load_n(&t->sig_queued, __ATOMIC_RELAXED);
	if (q)
		__atomic_fetch_or(&t->sigpending, KW__SIG_QUEUED, __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(&t->sigpending, ~KW__SIG_QUEUED, __ATOMIC_RELEASE);
	if (q & sigbit(SIGKILL))
		__atomic_fetch_or(&t->sigpending, KW__SIG_FATAL, __ATOMIC_RELEASE);
}

void kw_allow_signal(int sig)
{
	if (KW_WARN(!valid(sig), "allow_signal(%d): no such signal", sig))
		return;
	__atomic_fetch_or(&kw__self()->sig_allowed, sigbit(sig), __ATOMIC_SEQ_CST);
}

void kw_disallow_signal(int sig)
{
	if (KW_WARN(!valid(sig), "disallow_signal(%d): no such signal", sig))
		return;
	struct kw__task *t = kw__self();
	__atomic_fetch_and(&t->sig_allowed, ~sigbit(sig), __ATOMIC_SEQ_CST);
	kw_spin_lock(&siglock);
	__atomic_fetch_and(&t->sig_queued, ~sigbit(sig), __ATOMIC_RELAXED);
	update_pending_locked(t);
	kw_spin_unlock(&siglock);
}

int kw_send_sig(int sig, struct kw_task *task, int priv)
{
	struct kw__task *t = kw__task(task);

	(void)priv;
	if (sig == 0)
		return 0;
	if (!valid(sig))
		return -EINVAL;
	if (!(__atomic_load_n(&t->sig_allowed, __ATOMIC_SEQ_CST) & sigbit(sig)))
		return 0;	/* ignored: dropped, as the kernel does */
	kw_spin_lock(&siglock);
	__atomic_fetch_or(&t->sig_queued, sigbit(sig), __ATOMIC_RELAXED);
	update_pending_locked(t);
	kw_spin_unlock(&siglock);
	kw_wake_up_state(task, KW_TASK_INTERRUPTIBLE |
			       (sig == SIGKILL ? KW_TASK_WAKEKILL : 0u));
	return 0;
}

void kw_flush_signals(struct kw_task *task)
{
	struct kw__task *t = kw__task(task);

	kw_spin_lock(&siglock);
	__atomic_store_n(&t->sig_queued, 0, __ATOMIC_RELAXED);
	__atomic_fetch_and(&t->sigpending, ~(KW__SIG_QUEUED | KW__SIG_FATAL),
			   __ATOMIC_RELEASE);
	kw_spin_unlock(&siglock);
}

int kw_kernel_dequeue_signal(void)
{
	struct kw__task *t = kw__self();
	int sig = 0;

	kw_spin_lock(&siglock);
	uint64_t q = __atomic_load_n(&t->sig_queued, __ATOMIC_RELAXED);
	if (q) {
		sig = __builtin_ctzll(q) + 1;
		__atomic_store_n(&t->sig_queued, q & ~sigbit(sig), __ATOMIC_RELAXED);
		if (sig == SIGKILL)
			__atomic_fetch_and(&t->sigpending, ~KW__SIG_FATAL,
					   __ATOMIC_RELEASE);
		update_pending_locked(t);
	}
	kw_spin_unlock(&siglock);
	return sig;
}

bool kw_signal_queued(struct kw_task *task, int sig)
{
	return valid(sig) &&
	       (__atomic_load_n(&kw__task(task)->sig_queued, __ATOMIC_ACQUIRE) &
		sigbit(sig));
}
