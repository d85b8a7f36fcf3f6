/*
 * linux/wait.h - wait queues. The kernel's wait_event*() take the head by
 * name; the native kw_wait_event*() take a pointer, hence the &(wq).
 */
#ifndef KWORK_LINUX_WAIT_H
#define KWORK_LINUX_WAIT_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <kwork/wait.h>

#define wait_queue_head kw_wait_queue_head
#define wait_queue_entry kw_wait_queue_entry
typedef struct kw_wait_queue_head wait_queue_head_t;
typedef struct kw_wait_queue_entry wait_queue_entry_t;
typedef kw_wait_queue_func_t wait_queue_func_t;

#define WQ_FLAG_EXCLUSIVE KW_WQ_FLAG_EXCLUSIVE
#define WQ_FLAG_WOKEN KW_WQ_FLAG_WOKEN
#define __WAIT_QUEUE_HEAD_INITIALIZER(name) KW_WAIT_QUEUE_HEAD_INITIALIZER(name)
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct kw_wait_queue_head name = KW_WAIT_QUEUE_HEAD_INITIALIZER(name)
#define DECLARE_WAIT_QUEUE_HEAD_ONSTACK(name) DECLARE_WAIT_QUEUE_HEAD(name)
#define init_waitqueue_head kw_init_waitqueue_head
#define DEFINE_WAIT(name) KW_DEFINE_WAIT(name)
#define default_wake_function kw_default_wake_function
#define autoremove_wake_function kw_autoremove_wake_function
#define DEFINE_WAIT_FUNC(name, function) KW_DEFINE_WAIT_FUNC(name, function)
#define woken_wake_function kw_woken_wake_function
#define wait_woken kw_wait_woken
#define add_wait_queue kw_add_wait_queue
#define add_wait_queue_exclusive kw_add_wait_queue_exclusive
#define remove_wait_queue kw_remove_wait_queue
#define finish_wait kw_finish_wait
#define __wake_up kw___wake_up
#define wake_up_locked kw_wake_up_locked
#define wake_up_all_locked kw_wake_up_all_locked
#define wake_up kw_wake_up
#define wake_up_nr kw_wake_up_nr
#define wake_up_all kw_wake_up_all
#define wake_up_interruptible kw_wake_up_interruptible
#define wake_up_interruptible_nr kw_wake_up_interruptible_nr
#define wake_up_interruptible_all kw_wake_up_interruptible_all
#define wq_has_sleeper kw_wq_has_sleeper

/*
 * The kernel's prototypes, exactly (int state and flags, int from
 * waitqueue_active), so the functions' addresses have the kernel's types.
 */
static inline void init_wait_entry(struct wait_queue_entry *e, int flags)
{
	kw_init_wait_entry(e, (unsigned int)flags);
}
static inline void prepare_to_wait(struct wait_queue_head *wq,
				   struct wait_queue_entry *e, int state)
{
	kw_prepare_to_wait(wq, e, (unsigned int)state);
}
static inline bool prepare_to_wait_exclusive(struct wait_queue_head *wq,
					     struct wait_queue_entry *e,
					     int state)
{
	return kw_prepare_to_wait_exclusive(wq, e, (unsigned int)state);
}
static inline long prepare_to_wait_event(struct wait_queue_head *wq,
					 struct wait_queue_entry *e, int state)
{
	return kw_prepare_to_wait_event(wq, e, (unsigned int)state);
}
static inline void __wake_up_locked(struct wait_queue_head *wq,
				    unsigned int mode, int nr)
{
	kw___wake_up_locked(wq, mode, nr, NULL);
}
static inline int waitqueue_active(struct wait_queue_head *wq)
{
	return kw_waitqueue_active(wq);
}

/*
 * init_waitqueue_entry / DECLARE_WAITQUEUE - an entry for task t woken by
 * default_wake_function (stays queued: the pre-DEFINE_WAIT pattern with
 * add_wait_queue / remove_wait_queue). init_waitqueue_func_entry - an entry
 * with no task and wake function f. init_wait / init_wait_func - as
 * DEFINE_WAIT / DEFINE_WAIT_FUNC, on an existing entry.
 */
static inline void init_waitqueue_func_entry(struct wait_queue_entry *e,
					     wait_queue_func_t f)
{
	kw_init_waitqueue_func_entry(e, f);
}
static inline void init_waitqueue_entry(struct wait_queue_entry *e,
					struct task_struct *t)
{
	kw_init_waitqueue_entry(e, t);
}
#define __WAITQUEUE_INITIALIZER(name, t) KW_WAITQUEUE_INITIALIZER(name, t)
#define DECLARE_WAITQUEUE(name, t) KW_DECLARE_WAITQUEUE(name, t)
#define init_wait_func(e, f)                                              \
	do {                                                              \
		init_waitqueue_func_entry((e), (f));                      \
		(e)->priv = kw_current();                                 \
	} while (0)
#define init_wait(e) init_wait_func(e, kw_autoremove_wake_function)

#define wait_event(wq, c) kw_wait_event(&(wq), c)
#define wait_event_idle(wq, c) kw_wait_event_idle(&(wq), c)
#define wait_event_idle_exclusive(wq, c) kw_wait_event_idle_exclusive(&(wq), c)
#define wait_event_interruptible(wq, c) kw_wait_event_interruptible(&(wq), c)
#define wait_event_interruptible_exclusive(wq, c) \
	kw_wait_event_interruptible_exclusive(&(wq), c)
#define wait_event_killable(wq, c) kw_wait_event_killable(&(wq), c)
#define wait_event_killable_exclusive(wq, c) \
	kw_wait_event_killable_exclusive(&(wq), c)
#define wait_event_timeout(wq, c, t) kw_wait_event_timeout(&(wq), c, t)
#define wait_event_idle_timeout(wq, c, t) kw_wait_event_idle_timeout(&(wq), c, t)
#define wait_event_interruptible_timeout(wq, c, t) \
	kw_wait_event_interruptible_timeout(&(wq), c, t)
#define wait_event_killable_timeout(wq, c, t) \
	kw_wait_event_killable_timeout(&(wq), c, t)

#define wait_event_state(wq, c, s) kw_wait_event_state(&(wq), c, s)
#define wait_event_freezable(wq, c) kw_wait_event_freezable(&(wq), c)
#define wait_event_freezable_timeout(wq, c, t) \
	kw_wait_event_freezable_timeout(&(wq), c, t)
#define wait_event_cmd(wq, c, cmd1, cmd2) kw_wait_event_cmd(&(wq), c, cmd1, cmd2)
#define wait_event_lock_irq(wq, c, lock) kw_wait_event_lock_irq(&(wq), c, &(lock))
#define wait_event_lock_irq_cmd(wq, c, lock, cmd) \
	kw_wait_event_lock_irq_cmd(&(wq), c, &(lock), cmd)
#define wait_event_lock_irq_timeout(wq, c, lock, t) \
	kw_wait_event_lock_irq_timeout(&(wq), c, &(lock), t)
#define wait_event_interruptible_lock_irq(wq, c, lock) \
	kw_wait_event_interruptible_lock_irq(&(wq), c, &(lock))
#define wait_event_interruptible_lock_irq_cmd(wq, c, lock, cmd) \
	kw_wait_event_interruptible_lock_irq_cmd(&(wq), c, &(lock), cmd)
#define wait_event_interruptible_lock_irq_timeout(wq, c, lock, t) \
	kw_wait_event_interruptible_lock_irq_timeout(&(wq), c, &(lock), t)
#define wait_event_interruptible_locked(wq, c) \
	kw_wait_event_interruptible_locked(&(wq), c)
#define wait_event_interruptible_locked_irq(wq, c) \
	kw_wait_event_interruptible_locked_irq(&(wq), c)
#define wait_event_interruptible_exclusive_locked(wq, c) \
	kw_wait_event_interruptible_exclusive_locked(&(wq), c)
#define wait_event_interruptible_exclusive_locked_irq(wq, c) \
	kw_wait_event_interruptible_exclusive_locked_irq(&(wq), c)

#endif /* KWORK_LINUX_WAIT_H */
