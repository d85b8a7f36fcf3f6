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
#define init_waitqueue_head(wq) kw_init_waitqueue_head(wq)
#define DEFINE_WAIT(name) KW_DEFINE_WAIT(name)
#define __WAITQUEUE_INITIALIZER(name, tsk) KW_WAITQUEUE_INITIALIZER(name, tsk)
#define DECLARE_WAITQUEUE(name, tsk) KW_DECLARE_WAITQUEUE(name, tsk)
#define init_waitqueue_entry(e, p) kw_init_waitqueue_entry(e, p)
#define init_waitqueue_func_entry(e, f) kw_init_waitqueue_func_entry(e, f)
#define init_wait_entry(e, f) kw_init_wait_entry(e, f)
#define default_wake_function kw_default_wake_function
#define autoremove_wake_function kw_autoremove_wake_function
#define DEFINE_WAIT_FUNC(name, function) KW_DEFINE_WAIT_FUNC(name, function)
#define woken_wake_function kw_woken_wake_function
#define wait_woken(e, mode, timeout) kw_wait_woken(e, mode, timeout)
#define add_wait_queue(wq, e) kw_add_wait_queue(wq, e)
#define add_wait_queue_exclusive(wq, e) kw_add_wait_queue_exclusive(wq, e)
#define remove_wait_queue(wq, e) kw_remove_wait_queue(wq, e)
#define prepare_to_wait(wq, e, s) kw_prepare_to_wait(wq, e, s)
#define prepare_to_wait_exclusive(wq, e, s) kw_prepare_to_wait_exclusive(wq, e, s)
#define prepare_to_wait_event(wq, e, s) kw_prepare_to_wait_event(wq, e, s)
#define finish_wait(wq, e) kw_finish_wait(wq, e)
#define __wake_up(wq, mode, nr, key) kw___wake_up(wq, mode, nr, key)
#define __wake_up_locked(wq, mode, nr) kw___wake_up_locked(wq, mode, nr, NULL)
#define wake_up_locked(wq) kw_wake_up_locked(wq)
#define wake_up_all_locked(wq) kw_wake_up_all_locked(wq)
#define wake_up(wq) kw_wake_up(wq)
#define wake_up_nr(wq, nr) kw_wake_up_nr(wq, nr)
#define wake_up_all(wq) kw_wake_up_all(wq)
#define wake_up_interruptible(wq) kw_wake_up_interruptible(wq)
#define wake_up_interruptible_nr(wq, nr) kw_wake_up_interruptible_nr(wq, nr)
#define wake_up_interruptible_all(wq) kw_wake_up_interruptible_all(wq)
#define waitqueue_active(wq) kw_waitqueue_active(wq)
#define wq_has_sleeper(wq) kw_wq_has_sleeper(wq)

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
