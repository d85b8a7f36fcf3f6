/*
 * kwork/task.h - the task core: task_struct, current, sleeping and waking.
 *
 * Layer: task core (public API). Every thread that touches kwork has a
 * struct kw_task: kthreads get theirs at creation, any other thread on first
 * use of kw_current() (freed when that thread exits).
 *
 * The sleep protocol is the kernel's:
 *
 *	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
 *	if (!condition)
 *		kw_schedule();
 *	kw_set_current_state_raw(KW_TASK_RUNNING);
 *
 * and the waker makes the condition true, then calls kw_wake_up_process().
 * The state word is the futex the sleeper waits on; a waker that finds the
 * task in a sleeping state sets it to RUNNING before waking the futex, so no
 * wake-up is ever lost. All blocking inside libkwork goes through this path.
 */
#ifndef KWORK_TASK_H
#define KWORK_TASK_H

#include <kwork/compiler.h>

KW_BEGIN_DECLS

#define KW_TASK_COMM_LEN 16

/* Task states: the kernel's values. */
#define KW_TASK_RUNNING 0x0000u
#define KW_TASK_INTERRUPTIBLE 0x0001u
#define KW_TASK_UNINTERRUPTIBLE 0x0002u
#define KW_TASK_PARKED 0x0040u
#define KW_TASK_DEAD 0x0080u
#define KW_TASK_WAKEKILL 0x0100u
#define KW_TASK_NOLOAD 0x0400u
#define KW_TASK_NEW 0x0800u
#define KW_TASK_KILLABLE (KW_TASK_WAKEKILL | KW_TASK_UNINTERRUPTIBLE)
#define KW_TASK_IDLE (KW_TASK_UNINTERRUPTIBLE | KW_TASK_NOLOAD)
#define KW_TASK_NORMAL (KW_TASK_INTERRUPTIBLE | KW_TASK_UNINTERRUPTIBLE)

/* Task flags: the kernel's values. */
#define KW_PF_EXITING 0x00000004u
#define KW_PF_WQ_WORKER 0x00000020u
#define KW_PF_MEMALLOC 0x00000800u
#define KW_PF_NOFREEZE 0x00008000u
#define KW_PF_KTHREAD 0x00200000u
#define KW_PF_NO_SETAFFINITY 0x04000000u

/*
 * The fields kernel-style code reads. Written only by the task itself, except
 * the state word (wakers move it to RUNNING with an atomic exchange) and
 * flags (set before the task runs, or by the task itself).
 */
struct kw_task {
	union {
		volatile long state;	/* old name, still assigned by old code */
		unsigned int __state;	/* KW_TASK_*: the futex word */
	};
	unsigned int flags;		/* KW_PF_* */
	int pid;			/* the thread id (gettid) */
	int tgid;			/* the process id */
	char comm[KW_TASK_COMM_LEN];	/* name, 15 characters + NUL */
	void *mm;			/* NULL in kthreads */
	void *active_mm;
	int static_prio;		/* 120 + nice */
	int policy;			/* SCHED_NORMAL / SCHED_FIFO */
};

/*
 * kw_current - the calling thread's task.
 * Context: any thread. Allocates the task on first use in a thread kwork did
 * not create (aborts with a message if memory is exhausted).
 * Return: never NULL.
 */
KW_API struct kw_task *kw_current(void);

/* Set the calling task's state, with a full barrier (set_current_state). */
static inline void kw_set_current_state(unsigned int state)
{
	__atomic_store_n(&kw_current()->__state, state, __ATOMIC_SEQ_CST);
}

/* Set the calling task's state without a barrier (__set_current_state). */
static inline void kw_set_current_state_raw(unsigned int state)
{
	__atomic_store_n(&kw_current()->__state, state, __ATOMIC_RELAXED);
}

/*
 * kw_schedule - sleep until woken, in the state the caller set.
 * Context: may sleep; not in a timer callback or with a spinlock held (WARNs
 * "BUG: scheduling while atomic" and returns). In TASK_RUNNING it only
 * yields. An interruptible state with a signal pending returns at once.
 * On return the state is TASK_RUNNING.
 */
KW_API void kw_schedule(void);

#define KW_MAX_SCHEDULE_TIMEOUT (~0UL >> 1)

/*
 * kw_schedule_timeout - kw_schedule() with a timeout in jiffies.
 * Return: 0 if the timeout elapsed, else the jiffies left (never negative);
 * KW_MAX_SCHEDULE_TIMEOUT sleeps without a timeout and returns it. A negative
 * timeout prints "schedule_timeout: wrong timeout value" and returns 0.
 */
KW_API long kw_schedule_timeout(long timeout);
KW_API long kw_schedule_timeout_interruptible(long timeout);
KW_API long kw_schedule_timeout_killable(long timeout);
KW_API long kw_schedule_timeout_uninterruptible(long timeout);
KW_API long kw_schedule_timeout_idle(long timeout);

/*
 * kw_schedule_deadline_ns - sleep until an absolute CLOCK_MONOTONIC time.
 * The caller sets the state first, as for kw_schedule().
 * Return: 0 once the deadline passed, else the nanoseconds left.
 */
KW_API int64_t kw_schedule_deadline_ns(int64_t deadline_ns);

/*
 * kw_wake_up_state - wake t if it sleeps in one of the states in mask.
 * Context: any. Return: 1 if t was woken, 0 if it was not in such a state.
 */
KW_API int kw_wake_up_state(struct kw_task *t, unsigned int mask);

/* kw_wake_up_process - kw_wake_up_state(t, KW_TASK_NORMAL). */
KW_API int kw_wake_up_process(struct kw_task *t);

/*
 * kw_cond_resched - a voluntary preemption point for long loops.
 * Gives a worker pool the chance to notice a CPU hog. Return: 0.
 */
KW_API int kw_cond_resched(void);

/* Reference counting: a task is freed when its last reference is put. */
KW_API void kw_get_task_struct(struct kw_task *t);
KW_API void kw_put_task_struct(struct kw_task *t);

/*
 * kw_signal_pending - true once kw_kthread_stop() was called on t, while a
 * signal t allowed is queued (kw_send_sig, kwork/signal.h), or after
 * kw_task_send_fatal(). Operating-system signals never count.
 */
KW_API bool kw_signal_pending(struct kw_task *t);
KW_API bool kw_fatal_signal_pending(struct kw_task *t);

/*
 * kw_task_send_fatal - the userspace stand-in for SIGKILL: makes
 * signal_pending() and fatal_signal_pending() true in t and wakes it from
 * interruptible and killable sleeps.
 */
KW_API void kw_task_send_fatal(struct kw_task *t);

/*
 * kw_blocking_begin / kw_blocking_end - bracket a call that blocks outside
 * kwork (read(), a foreign lock), so a worker pool knows this worker sleeps
 * and can run other work meanwhile. Nest freely; cheap outside workers.
 */
KW_API void kw_blocking_begin(void);
KW_API void kw_blocking_end(void);

/* Context queries (the kernel's in_interrupt() family). */
KW_API bool kw_in_softirq(void);	/* inside a timer or tasklet callback */
KW_API unsigned int kw_preempt_count(void);
KW_API void kw_preempt_disable(void);
KW_API void kw_preempt_enable(void);

/* kw_might_sleep - WARN (once per call site) if the caller may not sleep. */
KW_API void kw_might_sleep_at(const char *file, int line);
#define kw_might_sleep() kw_might_sleep_at(__FILE__, __LINE__)

/* Names: comm is 15 characters; set_task_comm renames the real thread too. */
KW_API void kw_set_task_comm(struct kw_task *t, const char *name);
KW_API void kw_get_task_comm(char *buf, size_t size, struct kw_task *t);

/* Priority: nice -20..19; FIFO where the OS permits (one warning if not). */
KW_API void kw_set_user_nice(struct kw_task *t, long nice);
KW_API void kw_sched_set_fifo(struct kw_task *t);
KW_API void kw_sched_set_fifo_low(struct kw_task *t);
KW_API void kw_sched_set_normal(struct kw_task *t, int nice);

KW_END_DECLS

#endif /* KWORK_TASK_H */
