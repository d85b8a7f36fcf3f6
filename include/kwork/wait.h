/*
 * kwork/wait.h - wait queues and the wait_event family.
 *
 * Layer: task core (public API). A wait queue head is a spinlock and a list
 * of entries; each entry names a task and a wake function. Waiters queue an
 * on-stack entry, set their state, re-check their condition and sleep in
 * kw_schedule(); wakers call the entries' wake functions under the lock.
 * Exclusive entries are added at the tail and woken one at a time;
 * non-exclusive ones are all woken (the kernel's __wake_up rules).
 */
#ifndef KWORK_WAIT_H
#define KWORK_WAIT_H

#include <kwork/compiler.h>
#include <kwork/list.h>
#include <kwork/sync.h>
#include <kwork/softirq.h>
#include <kwork/task.h>

KW_BEGIN_DECLS

struct kw_wait_queue_entry;
typedef int (*kw_wait_queue_func_t)(struct kw_wait_queue_entry *wq_entry,
				    unsigned int mode, int flags, void *key);

#define KW_WQ_FLAG_EXCLUSIVE 0x01u
#define KW_WQ_FLAG_WOKEN 0x02u

struct kw_wait_queue_entry {
	unsigned int flags;		/* KW_WQ_FLAG_* */
	union {
		void *priv;		/* the waiting task */
#ifndef __cplusplus
		void *private;		/* its kernel name (a C++ keyword: C only) */
#endif
	};
	kw_wait_queue_func_t func;	/* called by wakers, under the lock */
	struct kw_list_head entry;
};

struct kw_wait_queue_head {
	kw_spinlock_t lock;		/* protects head */
	struct kw_list_head head;
};

/* KW_WAIT_QUEUE_HEAD_INITIALIZER - __WAIT_QUEUE_HEAD_INITIALIZER(): a static, empty head. */
#define KW_WAIT_QUEUE_HEAD_INITIALIZER(name) \
	{ KW_SPINLOCK_INIT, KW_LIST_HEAD_INIT((name).head) }

/* kw_init_waitqueue_head - init_waitqueue_head(): empty. Context: any; wq not in use. */
KW_API void kw_init_waitqueue_head(struct kw_wait_queue_head *wq);

/* The default wake function: wake_up_state(entry->priv, mode). */
KW_API int kw_default_wake_function(struct kw_wait_queue_entry *e,
				    unsigned int mode, int flags, void *key);
/* autoremove_wake_function: wake, then unlink the entry on success. */
KW_API int kw_autoremove_wake_function(struct kw_wait_queue_entry *e,
				       unsigned int mode, int flags, void *key);

/*
 * KW_DEFINE_WAIT - DEFINE_WAIT(): an on-stack, unqueued, non-exclusive entry
 * for the calling task, with kw_autoremove_wake_function.
 */
#define KW_DEFINE_WAIT(name)                                              \
	struct kw_wait_queue_entry name = {                               \
		0, { kw_current() }, kw_autoremove_wake_function,         \
		KW_LIST_HEAD_INIT((name).entry)                           \
	}

/*
 * kw_init_wait_entry - init_wait_entry(): e unqueued, for the calling task,
 * with flags (KW_WQ_FLAG_*) and kw_autoremove_wake_function.
 * Context: any; e must not be queued.
 */
static inline void kw_init_wait_entry(struct kw_wait_queue_entry *e,
				      unsigned int flags)
{
	e->flags = flags;
	e->priv = kw_current();
	e->func = kw_autoremove_wake_function;
	kw_list_init(&e->entry);
}

/*
 * KW_WAITQUEUE_INITIALIZER - __WAITQUEUE_INITIALIZER(): an unqueued,
 * non-exclusive entry for task tsk with kw_default_wake_function, which
 * leaves the entry queued when it wakes the task (the add_wait_queue ...
 * remove_wait_queue pattern). KW_DECLARE_WAITQUEUE - DECLARE_WAITQUEUE().
 */
#define KW_WAITQUEUE_INITIALIZER(name, tsk) \
	{ 0, { (tsk) }, kw_default_wake_function, KW_LIST_HEAD_INIT((name).entry) }
#define KW_DECLARE_WAITQUEUE(name, tsk) \
	struct kw_wait_queue_entry name = KW_WAITQUEUE_INITIALIZER(name, tsk)

/*
 * kw_init_waitqueue_entry - init_waitqueue_entry(): e unqueued, for task p,
 * non-exclusive, with kw_default_wake_function. Context: any; e not queued.
 */
static inline void kw_init_waitqueue_entry(struct kw_wait_queue_entry *e,
					   struct kw_task *p)
{
	e->flags = 0;
	e->priv = p;
	e->func = kw_default_wake_function;
	kw_list_init(&e->entry);
}

/*
 * kw_init_waitqueue_func_entry - init_waitqueue_func_entry(): e unqueued,
 * non-exclusive, for no task, calling func on a wake-up (the caller's func
 * decides what waking means). Context: any; e not queued.
 */
static inline void kw_init_waitqueue_func_entry(struct kw_wait_queue_entry *e,
						kw_wait_queue_func_t func)
{
	e->flags = 0;
	e->priv = NULL;
	e->func = func;
	kw_list_init(&e->entry);
}

/*
 * The wait_woken() pattern: an entry with kw_woken_wake_function, queued for
 * the whole loop (add_wait_queue ... remove_wait_queue), and kw_wait_woken()
 * as the sleep. The wake function marks the entry KW_WQ_FLAG_WOKEN before
 * waking the task, and kw_wait_woken() does not sleep on a marked entry, so
 * a wake-up that lands between the caller's condition check and its sleep
 * is not lost.
 */
#define KW_DEFINE_WAIT_FUNC(name, function)                               \
	struct kw_wait_queue_entry name = {                               \
		0, { kw_current() }, (function),                          \
		KW_LIST_HEAD_INIT((name).entry)                           \
	}

/*
 * kw_woken_wake_function - mark e WOKEN, then wake its task as the default.
 * The entry stays queued. Context: wq->lock held.
 * Return: as kw_default_wake_function.
 */
KW_API int kw_woken_wake_function(struct kw_wait_queue_entry *e,
				  unsigned int mode, int flags, void *key);
/*
 * kw_wait_woken - sleep in mode for up to timeout jiffies, unless e was
 * marked WOKEN since the last call (or the calling kthread should stop or
 * park); then clear the mark. Context: the task owning e, may sleep.
 * Return: the jiffies left (timeout itself when it did not sleep; 0 when
 * the time ran out).
 */
KW_API long kw_wait_woken(struct kw_wait_queue_entry *e, unsigned int mode,
			  long timeout);

/* kw_add_wait_queue - add_wait_queue(): queue e non-exclusive at the head of wq. Context: any. */
KW_API void kw_add_wait_queue(struct kw_wait_queue_head *wq,
			      struct kw_wait_queue_entry *e);
/* kw_add_wait_queue_exclusive - add_wait_queue_exclusive(): queue e exclusive at the tail. Context: any. */
KW_API void kw_add_wait_queue_exclusive(struct kw_wait_queue_head *wq,
					struct kw_wait_queue_entry *e);
/* kw_remove_wait_queue - remove_wait_queue(): unlink e, which must be queued on wq. Context: any. */
KW_API void kw_remove_wait_queue(struct kw_wait_queue_head *wq,
				 struct kw_wait_queue_entry *e);

/*
 * Queue e (if not queued yet) and set the caller's state. The _exclusive
 * form queues at the tail, exclusive; Return: true if this call queued e on
 * a queue that was empty (the kernel's "first waiter").
 */
KW_API void kw_prepare_to_wait(struct kw_wait_queue_head *wq,
			       struct kw_wait_queue_entry *e,
			       unsigned int state);
KW_API bool kw_prepare_to_wait_exclusive(struct kw_wait_queue_head *wq,
					 struct kw_wait_queue_entry *e,
					 unsigned int state);
/*
 * kw_prepare_to_wait_event - as prepare_to_wait, for the wait_event macros.
 * Return: 0, or -ERESTARTSYS (entry removed, state RUNNING) if state is
 * interruptible and a signal is pending.
 */
KW_API long kw_prepare_to_wait_event(struct kw_wait_queue_head *wq,
				     struct kw_wait_queue_entry *e,
				     unsigned int state);
/* Set TASK_RUNNING and unlink e if it is still queued. */
KW_API void kw_finish_wait(struct kw_wait_queue_head *wq,
			   struct kw_wait_queue_entry *e);

/*
 * kw_prepare_to_wait_locked - the step of the wait_event_*_locked loops,
 * with wq->lock held by the caller: queue e at the tail if it is not
 * queued, set state. Return: 0, or -ERESTARTSYS if a signal cuts a sleep in
 * state short (e stays queued: kw_finish_wait_locked unlinks it).
 */
KW_API long kw_prepare_to_wait_locked(struct kw_wait_queue_head *wq,
				      struct kw_wait_queue_entry *e,
				      unsigned int state);
/* Unlink e if queued and set TASK_RUNNING. Context: wq->lock held. */
KW_API void kw_finish_wait_locked(struct kw_wait_queue_head *wq,
				  struct kw_wait_queue_entry *e);

/*
 * kw___wake_up - wake the non-exclusive waiters in mode, plus nr_exclusive
 * exclusive ones (0 = all). Context: any.
 * Return: the number of exclusive waiters woken.
 */
KW_API int kw___wake_up(struct kw_wait_queue_head *wq, unsigned int mode,
			int nr_exclusive, void *key);

/*
 * kw___wake_up_locked - kw___wake_up with wq->lock already held by the
 * caller (the kernel's __wake_up_common: the walk stops after nr_exclusive
 * exclusive entries reported a wake-up, nr_exclusive <= 0 wakes all, or
 * when a wake function returns < 0). Context: wq->lock held.
 */
KW_API void kw___wake_up_locked(struct kw_wait_queue_head *wq,
				unsigned int mode, int nr_exclusive,
				void *key);
#define kw_wake_up_locked(wq) kw___wake_up_locked(wq, KW_TASK_NORMAL, 1, NULL)
#define kw_wake_up_all_locked(wq) \
	kw___wake_up_locked(wq, KW_TASK_NORMAL, 0, NULL)

/*
 * kw_wake_up, kw_wake_up_nr, kw_wake_up_all - wake_up() etc.: wake every
 * non-exclusive waiter (interruptible or not) and 1 / nr / all (nr 0: all)
 * exclusive ones. Context: any, including timer callbacks.
 */
#define kw_wake_up(wq) kw___wake_up(wq, KW_TASK_NORMAL, 1, NULL)
#define kw_wake_up_nr(wq, nr) kw___wake_up(wq, KW_TASK_NORMAL, nr, NULL)
#define kw_wake_up_all(wq) kw___wake_up(wq, KW_TASK_NORMAL, 0, NULL)
/*
 * kw_wake_up_interruptible, _nr, _all - wake_up_interruptible() etc.: as
 * kw_wake_up, but only waiters sleeping in TASK_INTERRUPTIBLE.
 * Context: any, including timer callbacks.
 */
#define kw_wake_up_interruptible(wq) \
	kw___wake_up(wq, KW_TASK_INTERRUPTIBLE, 1, NULL)
#define kw_wake_up_interruptible_nr(wq, nr) \
	kw___wake_up(wq, KW_TASK_INTERRUPTIBLE, nr, NULL)
#define kw_wake_up_interruptible_all(wq) \
	kw___wake_up(wq, KW_TASK_INTERRUPTIBLE, 0, NULL)

/* Lockless: is anybody queued? kw_wq_has_sleeper adds the full barrier. */
static inline bool kw_waitqueue_active(struct kw_wait_queue_head *wq)
{
	return !kw_list_empty(&wq->head);
}

/*
 * kw_wq_has_sleeper - wq_has_sleeper(): a full barrier, then
 * kw_waitqueue_active(), so the load of the list is ordered after the
 * waker's earlier store to the condition (the waiter queues itself, then
 * sets its state seq_cst, then checks the condition).
 * Return: true if an entry is queued on wq.
 */
static inline bool kw_wq_has_sleeper(struct kw_wait_queue_head *wq)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return kw_waitqueue_active(wq);
}

#define KW_ERESTARTSYS 512

/*
 * The engine of every wait_event form (the kernel's ___wait_event). cond is
 * evaluated after queueing and setting the state, before the first sleep and
 * after every wake-up, so a wake-up between the check and the sleep is never
 * lost. A pending signal (only checked by kw_prepare_to_wait_event for the
 * interruptible and killable states) ends the wait with -ERESTARTSYS, but a
 * condition that is already true wins over the signal, so an exclusive
 * waiter that was picked by a wake-up consumes it. cmd is the sleep call; the
 * timed forms pass "__ret = kw_schedule_timeout(__ret)" and refer to the
 * caller's __ret in cond. Evaluates to 0 or -ERESTARTSYS.
 */
#define kw___wait_event(wq, condition, state, exclusive, cmd)               \
	({                                                                  \
		struct kw_wait_queue_entry __wq_entry;                      \
		kw_init_wait_entry(&__wq_entry,                             \
				   (exclusive) ? KW_WQ_FLAG_EXCLUSIVE : 0); \
		kw___wait_event_on(wq, &__wq_entry, condition, state, cmd); \
	})

/* The loop of kw___wait_event on an entry the caller set up (wait_bit.h). */
#define kw___wait_event_on(wq, wq_entry, condition, state, cmd)             \
	({                                                                  \
		long __int = 0;                                             \
		for (;;) {                                                  \
			long __s = kw_prepare_to_wait_event((wq), (wq_entry), \
							    (state));       \
			if (condition)                                      \
				break;                                      \
			if (__s) {                                          \
				__int = __s;                                \
				break;                                      \
			}                                                   \
			cmd;                                                \
		}                                                           \
		kw_finish_wait((wq), (wq_entry));                           \
		__int;                                                      \
	})

/*
 * The condition of the timed forms (the kernel's ___wait_cond_timeout):
 * true when cond holds or the time ran out; a cond found true only after the
 * timeout elapsed turns the result 0 into 1, so a caller can tell "true"
 * from "timed out".
 */
#define kw___wait_cond_timeout(condition, ret)                             \
	({                                                                 \
		bool __c = (condition);                                    \
		if (__c && !(ret))                                         \
			ret = 1;                                           \
		__c || !(ret);                                             \
	})

/*
 * The untimed forms with before / after around the sleep (the lock-dropping
 * forms and wait_event_cmd; no might_sleep check, as their caller may hold
 * a lock it drops in before). Return: 0, or -ERESTARTSYS on a signal.
 */
#define kw___wait_event_cmd_state(wq, condition, state, exclusive, before, \
				  after)                                    \
	({                                                                  \
		long __r = 0;                                               \
		if (!(condition))                                           \
			__r = kw___wait_event(wq, condition, state,         \
					      exclusive,                    \
					      before; kw_schedule(); after); \
		(int)__r;                                                   \
	})

/* The untimed forms: Return: nothing / 0, or -ERESTARTSYS on a signal. */
#define kw___wait_event_state(wq, condition, state, exclusive)              \
	({                                                                  \
		kw_might_sleep();                                           \
		kw___wait_event_cmd_state(wq, condition, state, exclusive,  \
					  (void)0, (void)0);                \
	})

/* Sleep in TASK_UNINTERRUPTIBLE until condition is true. Context: may sleep. */
#define kw_wait_event(wq, condition) \
	((void)kw___wait_event_state(wq, condition, KW_TASK_UNINTERRUPTIBLE, 0))
/* As kw_wait_event, in TASK_IDLE (no load contribution). */
#define kw_wait_event_idle(wq, condition) \
	((void)kw___wait_event_state(wq, condition, KW_TASK_IDLE, 0))
#define kw_wait_event_idle_exclusive(wq, condition) \
	((void)kw___wait_event_state(wq, condition, KW_TASK_IDLE, 1))
/* Return: 0 once condition is true, -ERESTARTSYS on a signal. */
#define kw_wait_event_interruptible(wq, condition) \
	kw___wait_event_state(wq, condition, KW_TASK_INTERRUPTIBLE, 0)
#define kw_wait_event_interruptible_exclusive(wq, condition) \
	kw___wait_event_state(wq, condition, KW_TASK_INTERRUPTIBLE, 1)
/* Return: 0 once condition is true, -ERESTARTSYS on a fatal signal only. */
#define kw_wait_event_killable(wq, condition) \
	kw___wait_event_state(wq, condition, KW_TASK_KILLABLE, 0)
#define kw_wait_event_killable_exclusive(wq, condition) \
	kw___wait_event_state(wq, condition, KW_TASK_KILLABLE, 1)

/*
 * The timed forms. Return (long): 0 if condition is still false when the
 * timeout (jiffies) elapsed, 1 if it was found true only after the timeout
 * elapsed, else the jiffies left (>= 1); -ERESTARTSYS on a signal for the
 * interruptible / killable forms.
 */
#define kw___wait_event_timeout_cmd(wq, condition, timeout, state, before, \
				    after)                                   \
	({                                                                   \
		long __ret = (timeout);                                      \
		if (!kw___wait_cond_timeout(condition, __ret)) {             \
			long __i = kw___wait_event(                          \
				wq, kw___wait_cond_timeout(condition, __ret), \
				state, 0,                                    \
				before; __ret = kw_schedule_timeout(__ret);  \
				after);                                      \
			if (__i)                                             \
				__ret = __i;                                 \
		}                                                            \
		__ret;                                                       \
	})

/*
 * kw___wait_event_timeout_state - the timed forms' body: might_sleep check,
 * then kw___wait_event_timeout_cmd with nothing around the sleep.
 * Return: as kw___wait_event_timeout_cmd.
 */
#define kw___wait_event_timeout_state(wq, condition, timeout, state)         \
	({                                                                   \
		kw_might_sleep();                                            \
		kw___wait_event_timeout_cmd(wq, condition, timeout, state,   \
					    (void)0, (void)0);               \
	})

/*
 * kw_wait_event_timeout - wait_event_timeout(): sleep in
 * TASK_UNINTERRUPTIBLE until condition or timeout jiffies.
 * Context: may sleep. Return: 0 if condition is still false at the timeout,
 * 1 if it was found true only after it, else the jiffies left (>= 1).
 */
#define kw_wait_event_timeout(wq, condition, timeout) \
	kw___wait_event_timeout_state(wq, condition, timeout, \
				      KW_TASK_UNINTERRUPTIBLE)
/* kw_wait_event_idle_timeout - wait_event_idle_timeout(): as kw_wait_event_timeout, in TASK_IDLE. */
#define kw_wait_event_idle_timeout(wq, condition, timeout) \
	kw___wait_event_timeout_state(wq, condition, timeout, KW_TASK_IDLE)
/*
 * kw_wait_event_interruptible_timeout - wait_event_interruptible_timeout():
 * as kw_wait_event_timeout, in TASK_INTERRUPTIBLE.
 * Return: as kw_wait_event_timeout, or -ERESTARTSYS on a signal.
 */
#define kw_wait_event_interruptible_timeout(wq, condition, timeout) \
	kw___wait_event_timeout_state(wq, condition, timeout, \
				      KW_TASK_INTERRUPTIBLE)
/*
 * kw_wait_event_killable_timeout - wait_event_killable_timeout(): as
 * kw_wait_event_timeout, in TASK_KILLABLE.
 * Return: as kw_wait_event_timeout, or -ERESTARTSYS on a fatal signal.
 */
#define kw_wait_event_killable_timeout(wq, condition, timeout) \
	kw___wait_event_timeout_state(wq, condition, timeout, KW_TASK_KILLABLE)

/* Sleep in state until condition is true. Return: 0, or -ERESTARTSYS. */
#define kw_wait_event_state(wq, condition, state) \
	kw___wait_event_state(wq, condition, state, 0)
/*
 * The freezable forms: interruptible (kwork has no system freezing, so the
 * freezer never holds them up). Return: as the interruptible forms.
 */
#define kw_wait_event_freezable(wq, condition) \
	kw_wait_event_interruptible(wq, condition)
#define kw_wait_event_freezable_timeout(wq, condition, timeout) \
	kw_wait_event_interruptible_timeout(wq, condition, timeout)

/* Uninterruptible; cmd1 runs before every sleep, cmd2 after it. */
#define kw_wait_event_cmd(wq, condition, cmd1, cmd2) \
	((void)kw___wait_event_cmd_state(wq, condition, \
					 KW_TASK_UNINTERRUPTIBLE, 0, cmd1, cmd2))

/*
 * The _lock_irq forms: the caller holds lock (a kw_spinlock_t *) taken with
 * spin_lock_irq(); it is dropped (interrupts back on) before cmd and every
 * sleep, and held again when condition is checked and on return.
 */
#define kw___unlock_irq(lock) \
	do { kw_spin_unlock(lock); kw_local_irq_enable(); } while (0)
#define kw___lock_irq(lock) \
	do { kw_local_irq_disable(); kw_spin_lock(lock); } while (0)

/*
 * kw_wait_event_lock_irq_cmd, kw_wait_event_lock_irq -
 * wait_event_lock_irq_cmd() / wait_event_lock_irq(): sleep in
 * TASK_UNINTERRUPTIBLE until condition is true; cmd runs after lock is
 * dropped, before each sleep. Context: may sleep; lock held (spin_lock_irq)
 * on entry and on return.
 */
#define kw_wait_event_lock_irq_cmd(wq, condition, lock, cmd)                 \
	((void)kw___wait_event_cmd_state(wq, condition,                      \
					 KW_TASK_UNINTERRUPTIBLE, 0,         \
					 kw___unlock_irq(lock); cmd,         \
					 kw___lock_irq(lock)))
#define kw_wait_event_lock_irq(wq, condition, lock) \
	kw_wait_event_lock_irq_cmd(wq, condition, lock, (void)0)
/* Return: 0, or -ERESTARTSYS on a signal (lock held again). */
#define kw_wait_event_interruptible_lock_irq_cmd(wq, condition, lock, cmd)   \
	kw___wait_event_cmd_state(wq, condition, KW_TASK_INTERRUPTIBLE, 0,   \
				  kw___unlock_irq(lock); cmd,                \
				  kw___lock_irq(lock))
#define kw_wait_event_interruptible_lock_irq(wq, condition, lock) \
	kw_wait_event_interruptible_lock_irq_cmd(wq, condition, lock, (void)0)
/* Return: as kw_wait_event_timeout (lock held again). */
#define kw_wait_event_lock_irq_timeout(wq, condition, lock, timeout)         \
	kw___wait_event_timeout_cmd(wq, condition, timeout,                  \
				    KW_TASK_UNINTERRUPTIBLE,                 \
				    kw___unlock_irq(lock),                   \
				    kw___lock_irq(lock))
#define kw_wait_event_interruptible_lock_irq_timeout(wq, condition, lock,     \
						     timeout)                \
	kw___wait_event_timeout_cmd(wq, condition, timeout,                  \
				    KW_TASK_INTERRUPTIBLE,                   \
				    kw___unlock_irq(lock),                   \
				    kw___lock_irq(lock))

/*
 * The _locked forms: the caller holds wq->lock (spin_lock, or
 * spin_lock_irq for _irq); it is dropped around every sleep and held on
 * return. Interruptible. Return: 0, or -ERESTARTSYS on a signal.
 */
#define kw___wait_event_locked(wq, condition, exclusive, unlock, relock)      \
	({                                                                   \
		struct kw_wait_queue_entry __e;                              \
		long __r;                                                    \
		kw_init_wait_entry(&__e,                                     \
				   (exclusive) ? KW_WQ_FLAG_EXCLUSIVE : 0);  \
		do {                                                         \
			__r = kw_prepare_to_wait_locked(                     \
				(wq), &__e, KW_TASK_INTERRUPTIBLE);          \
			if (__r)                                             \
				break;                                       \
			unlock;                                              \
			kw_schedule();                                       \
			relock;                                              \
		} while (!(condition));                                      \
		kw_finish_wait_locked((wq), &__e);                           \
		(int)__r;                                                    \
	})
#define kw___wait_event_locked_if(wq, condition, exclusive, unlock, relock)   \
	((condition) ? 0 : kw___wait_event_locked(wq, condition, exclusive,  \
						  unlock, relock))
#define kw_wait_event_interruptible_locked(wq, condition)                    \
	kw___wait_event_locked_if(wq, condition, 0, kw_spin_unlock(&(wq)->lock), \
				  kw_spin_lock(&(wq)->lock))
#define kw_wait_event_interruptible_locked_irq(wq, condition)                \
	kw___wait_event_locked_if(wq, condition, 0,                          \
				  kw___unlock_irq(&(wq)->lock),              \
				  kw___lock_irq(&(wq)->lock))
#define kw_wait_event_interruptible_exclusive_locked(wq, condition)          \
	kw___wait_event_locked_if(wq, condition, 1, kw_spin_unlock(&(wq)->lock), \
				  kw_spin_lock(&(wq)->lock))
#define kw_wait_event_interruptible_exclusive_locked_irq(wq, condition)      \
	kw___wait_event_locked_if(wq, condition, 1,                          \
				  kw___unlock_irq(&(wq)->lock),              \
				  kw___lock_irq(&(wq)->lock))

KW_END_DECLS

#endif /* KWORK_WAIT_H */
