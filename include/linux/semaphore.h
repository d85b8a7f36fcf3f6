/*
 * linux/semaphore.h - counting semaphores (struct semaphore) over a kwork
 * wait queue.
 *
 * count is the number of down()s that may succeed without sleeping; it is
 * changed only by compare-and-swap (down side) and atomic add (up()), so a
 * down never takes a unit up() did not give. A sleeping down waits in a
 * wait_event*() on wait: it sleeps through kw_schedule(), so workqueue
 * concurrency management and the task's state see it as in the kernel
 * (TASK_UNINTERRUPTIBLE for down(), INTERRUPTIBLE / KILLABLE for the others).
 * up() adds the unit and wakes the sleepers, which race for it with any
 * new caller (the kernel hands the unit to the first waiter in FIFO order;
 * here a waiter may be passed over by a down that arrives at that moment;
 * see docs/divergences.md). Semaphores are not lockdep-tracked, as in the
 * kernel. Context: down*() may sleep (not down_trylock()); up() may be
 * called from any context, by any task.
 */
#ifndef KWORK_LINUX_SEMAPHORE_H
#define KWORK_LINUX_SEMAPHORE_H

#include <linux/errno.h>
#include <linux/wait.h>

struct semaphore {
	int count;				/* atomic: units left */
	struct kw_wait_queue_head wait;		/* sleeping down*()s */
};

#define __SEMAPHORE_INITIALIZER(name, n) \
	{ .count = (n), .wait = KW_WAIT_QUEUE_HEAD_INITIALIZER((name).wait) }
/* 6.x: DEFINE_SEMAPHORE(name, count). */
#define DEFINE_SEMAPHORE(name, n) \
	struct semaphore name = __SEMAPHORE_INITIALIZER(name, n)

static inline void sema_init(struct semaphore *sem, int val)
{
	__atomic_store_n(&sem->count, val, __ATOMIC_RELAXED);
	kw_init_waitqueue_head(&sem->wait);
}

/* Take one unit if there is one. Return: true if taken. */
static inline bool kw__sema_take(struct semaphore *sem)
{
	int c = __atomic_load_n(&sem->count, __ATOMIC_RELAXED);
	while (c > 0)
		if (__atomic_compare_exchange_n(&sem->count, &c, c - 1, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
	return false;
}

/* Context: may sleep (uninterruptibly). Returns holding one unit. */
static inline void down(struct semaphore *sem)
{
	kw_wait_event(&sem->wait, kw__sema_take(sem));
}

/* Return: 0 holding a unit, -EINTR on a signal (nothing taken). */
static inline int down_interruptible(struct semaphore *sem)
{
	return kw_wait_event_interruptible(&sem->wait, kw__sema_take(sem)) ? -EINTR : 0;
}

/* Return: 0 holding a unit, -EINTR on a fatal signal (nothing taken). */
static inline int down_killable(struct semaphore *sem)
{
	return kw_wait_event_killable(&sem->wait, kw__sema_take(sem)) ? -EINTR : 0;
}

/* Never sleeps. Return: 0 if a unit was taken, 1 if none (note: inverted
 * against spin_trylock/mutex_trylock, as in the kernel). */
static inline int down_trylock(struct semaphore *sem)
{
	return kw__sema_take(sem) ? 0 : 1;
}

/* Return: 0 holding a unit, -ETIME if none came within timeout jiffies. */
static inline int down_timeout(struct semaphore *sem, long timeout)
{
	return kw_wait_event_timeout(&sem->wait, kw__sema_take(sem), timeout) ? 0 : -ETIME;
}

/* Give one unit back and wake the sleepers. Any context, any task. */
static inline void up(struct semaphore *sem)
{
	__atomic_add_fetch(&sem->count, 1, __ATOMIC_RELEASE);
	kw_wake_up_all(&sem->wait);
}

#endif /* KWORK_LINUX_SEMAPHORE_H */
