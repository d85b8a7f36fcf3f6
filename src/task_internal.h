/*
 * task_internal.h - the library's view of a task, and the hooks layers above
 * the task core register.
 *
 * Layer: task core (internal). Lock legend for struct kw__task:
 *   S: written only by the task itself (others read racily, for reports)
 *   A: atomic
 *   C: set at creation, before the task runs, then constant
 *   L: kw__tasks_lock
 */
#ifndef KWORK_TASK_INTERNAL_H
#define KWORK_TASK_INTERNAL_H

#include <kwork/kwork.h>
#include <pthread.h>
#include <setjmp.h>

#include "platform/platform.h"

/* Set in __state while the task waits on the futex: wakers must FUTEX_WAKE. */
#define KW__STATE_FUTEX_WAITING 0x80000000u
#define KW__STATE_MASK (~KW__STATE_FUTEX_WAITING)

/* sigpending bits */
#define KW__SIG_NOTIFY 0x1u	/* kthread_stop (TIF_NOTIFY_SIGNAL) */
#define KW__SIG_FATAL 0x2u	/* kw_task_send_fatal (SIGKILL) */
#define KW__SIG_QUEUED 0x4u	/* sig_queued is not empty (signal.c) */

struct kw__task;
struct kw__kthread;

#define KW__MAX_HELD_LOCKS 16
#define KW__TASK_MAGIC 0x6b777473u		/* "kwts": alive */
#define KW__TASK_RELEASED 0x6b776465u		/* "kwde": released */

/*
 * Hooks a worker pool registers on its worker tasks (the kernel's
 * wq_worker_sleeping / wq_worker_running). Called by the task itself:
 * sleeping() right before it blocks, running() right after it wakes.
 * Neither may sleep.
 */
struct kw__sched_hooks {
	void (*sleeping)(struct kw__task *t);
	void (*running)(struct kw__task *t);
	void (*tick)(struct kw__task *t);	/* from cond_resched() */
};

struct kw__task {
	struct kw_task pub;			/* must stay first */
	int refs;				/* A */
	unsigned int sigpending;		/* A: KW__SIG_* */
	uint64_t sig_allowed;			/* A: bit sig-1: allow_signal(sig) */
	uint64_t sig_queued;			/* A: bit sig-1: sig queued */
	bool foreign;				/* C: a thread kwork did not create */
	pthread_t thread;			/* C */
	int cpu;				/* S: bound virtual CPU, or -1 */
	char full_name[64];			/* S */

	const struct kw__sched_hooks *hooks;	/* S */
	void *hook_ctx;				/* S */
	unsigned int blocking_depth;		/* S: kw_blocking_begin nesting */

	const char *blocked_in;			/* S: what it sleeps in, or NULL */
	const void *blocked_on;			/* S: on which object */
	int64_t blocked_since_ns;		/* S */

	/* lockdep.c: mutexes held, and the work item being run */
	unsigned int nr_held;			/* S */
	const void *held[KW__MAX_HELD_LOCKS];	/* S */
	const char *held_name[KW__MAX_HELD_LOCKS]; /* S */
	const void *exec_func;			/* S: running work's function */
	const void *exec_queue;			/* S: its workqueue / kthread_worker */
	const void *exec_pwq;			/* S: workqueue: its pwq */
	const char *exec_qname;			/* S */

	unsigned int magic;			/* A: KW__TASK_MAGIC until released */
	struct kw__kthread *kthread;		/* C: NULL unless a kthread */
	struct kw_list_head all_node;		/* L: on kw__all_tasks */
};

static inline struct kw__task *kw__task(struct kw_task *t)
{
	return (struct kw__task *)t;
}

static inline struct kw__task *kw__self(void)
{
	return kw__task(kw_current());
}

extern kw_spinlock_t kw__tasks_lock;
extern struct kw_list_head kw__all_tasks;	/* L */

/*
 * kw__task_alloc - a new task for a thread about to be created (refs = 1).
 * Return: NULL when out of memory.
 */
struct kw__task *kw__task_alloc(void);

/* Make t the calling thread's current (a kthread's first step). */
void kw__task_attach_self(struct kw__task *t);

/* Called by the thread itself on its way out: unlink and detach current. */
void kw__task_detach_self(void);

/* Forget a kw_task_send_fatal() on t (the signal was handled). */
void kw__task_clear_fatal(struct kw__task *t);

/* Register sched hooks on the calling task (NULL removes). */
void kw__task_set_sched_hooks(const struct kw__sched_hooks *hooks, void *ctx);

/* Note what the calling task is about to block in (NULL: nothing). */
static inline void kw__set_blocked(const char *what, const void *obj)
{
	struct kw__task *t = kw__self();
	__atomic_store_n(&t->blocked_on, obj, __ATOMIC_RELAXED);
	__atomic_store_n(&t->blocked_in, what, __ATOMIC_RELAXED);
}

/* Per-thread atomic-context depth (spinlocks, preempt_disable). */
extern KW__TLS unsigned int kw__preempt_depth;

/*
 * kw_spin_lock()/kw_spin_unlock() with the uncontended path inlined, for
 * the hot paths (queue, execute, mod_timer): one CAS / one exchange, no
 * call. The contended halves live in spinlock.c. Same lock, same rules.
 */
void kw__spin_lock_slow(kw_spinlock_t *l);
void kw__spin_unlock_wake(kw_spinlock_t *l);

static inline __attribute__((always_inline)) void kw__spin_lock(kw_spinlock_t *l)
{
	unsigned int free_ = 0;
	kw__preempt_depth++;
	if (kw_unlikely(!__atomic_compare_exchange_n(&l->val, &free_, 1, false,
						     __ATOMIC_ACQUIRE,
						     __ATOMIC_RELAXED)))
		kw__spin_lock_slow(l);
}

static inline __attribute__((always_inline)) void kw__spin_unlock(kw_spinlock_t *l)
{
	if (kw_unlikely(__atomic_exchange_n(&l->val, 0, __ATOMIC_RELEASE) == 2))
		kw__spin_unlock_wake(l);
	kw__preempt_depth--;
}

/*
 * kw_wake_up_state() in two halves, for a waker that holds a lock the
 * woken task takes first thing (pool->lock, worker->lock): the state CAS
 * now, under the lock; the FUTEX_WAKE it may owe (*owed = the word) after
 * the unlock, with kw__wake_flush(). Otherwise the woken task, running at
 * once on the other CPU, finds the lock held by its waker's system call,
 * sleeps on the lock and costs a second wake. The flush may hit a task
 * that meanwhile ran, exited and was freed: a FUTEX_WAKE on a dead word
 * wakes nobody, or spuriously wakes a futex waiter, which always re-checks.
 * Return: 1 if t was woken (its state is now RUNNING).
 */
int kw__wake_up_owed(struct kw_task *t, unsigned int mask, unsigned int **owed);

static inline void kw__wake_flush(unsigned int *owed)
{
	if (owed)
		kw__futex_wake(owed, 1);
}

/* Softirq context (timer callbacks, tasklets): counted per thread. */
void kw__softirq_enter(void);
void kw__softirq_exit(void);

/* jiffies at a kw__clock_ns() value already read (saves a clock read). */
uint64_t kw__jiffies_at(int64_t now_ns);

/*
 * The jiffies value this thread last read (a lower bound of now, no clock
 * read); reads the clock if it never did.
 */
unsigned long kw__jiffies_seen(void);

/* Library start-up: runs once, before anything else, from any entry point. */
void kw__init_once(void);

#endif /* KWORK_TASK_INTERNAL_H */
