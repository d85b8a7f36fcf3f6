/* linux/sched.h - task_struct, current, task states, schedule(). */
#ifndef KWORK_LINUX_SCHED_H
#define KWORK_LINUX_SCHED_H

#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/preempt.h>
#include <linux/signal.h>
#include <linux/smp.h>
#include <asm/current.h>
#include <kwork/task.h>
#include <kwork/cpu.h>

#define task_struct kw_task
#define TASK_COMM_LEN KW_TASK_COMM_LEN

#define TASK_RUNNING KW_TASK_RUNNING
#define TASK_INTERRUPTIBLE KW_TASK_INTERRUPTIBLE
#define TASK_UNINTERRUPTIBLE KW_TASK_UNINTERRUPTIBLE
#define TASK_PARKED KW_TASK_PARKED
#define TASK_DEAD KW_TASK_DEAD
#define TASK_WAKEKILL KW_TASK_WAKEKILL
#define TASK_NOLOAD KW_TASK_NOLOAD
#define TASK_NEW KW_TASK_NEW
#define TASK_KILLABLE KW_TASK_KILLABLE
#define TASK_IDLE KW_TASK_IDLE
#define TASK_NORMAL KW_TASK_NORMAL

#define PF_EXITING KW_PF_EXITING
#define PF_WQ_WORKER KW_PF_WQ_WORKER
#define PF_MEMALLOC KW_PF_MEMALLOC
#define PF_NOFREEZE KW_PF_NOFREEZE
#define PF_KTHREAD KW_PF_KTHREAD
#define PF_NO_SETAFFINITY KW_PF_NO_SETAFFINITY

#define MAX_SCHEDULE_TIMEOUT KW_MAX_SCHEDULE_TIMEOUT

#define set_current_state(s) kw_set_current_state(s)
#define __set_current_state(s) kw_set_current_state_raw(s)
#define schedule() kw_schedule()
#define schedule_timeout(t) kw_schedule_timeout(t)
#define schedule_timeout_interruptible(t) kw_schedule_timeout_interruptible(t)
#define schedule_timeout_killable(t) kw_schedule_timeout_killable(t)
#define schedule_timeout_uninterruptible(t) kw_schedule_timeout_uninterruptible(t)
#define schedule_timeout_idle(t) kw_schedule_timeout_idle(t)
#define wake_up_process(t) kw_wake_up_process(t)
#define wake_up_state(t, s) kw_wake_up_state(t, s)
#define cond_resched() kw_cond_resched()
#define get_task_struct(t) kw_get_task_struct(t)
#define put_task_struct(t) kw_put_task_struct(t)
#define signal_pending(t) kw_signal_pending(t)
#define fatal_signal_pending(t) kw_fatal_signal_pending(t)
#define might_sleep() kw_might_sleep()
#define might_sleep_if(cond) do { if (cond) kw_might_sleep(); } while (0)
#define set_task_comm(t, name) kw_set_task_comm(t, name)
#define get_task_comm(buf, t) kw_get_task_comm(buf, sizeof(buf), t)
#define set_user_nice(t, nice) kw_set_user_nice(t, nice)
#define sched_set_fifo(t) kw_sched_set_fifo(t)
#define sched_set_fifo_low(t) kw_sched_set_fifo_low(t)
#define sched_set_normal(t, nice) kw_sched_set_normal(t, nice)
#define task_pid_nr(t) ((t)->pid)
/* No scheduler tick sets TIF_NEED_RESCHED; cond_resched() yields anyway. */
#define need_resched() (false)

/* get/put_task_struct above; kernel_thread and daemonize (2.6 code). */
#include <linux/sched/task.h>

#endif /* KWORK_LINUX_SCHED_H */
