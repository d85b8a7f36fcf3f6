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
/* The kernel's sched.h brought in all of hrtimer.h from 2.6.16 to 6.7 (6.8
 * kept the types only): hrtimer modules of those years include no more. */
#include <linux/hrtimer.h>

#define task_struct kw_task
#define TASK_COMM_LEN KW_TASK_COMM_LEN

#define TASK_RUNNING ((int)KW_TASK_RUNNING)
#define TASK_INTERRUPTIBLE ((int)KW_TASK_INTERRUPTIBLE)
#define TASK_UNINTERRUPTIBLE ((int)KW_TASK_UNINTERRUPTIBLE)
#define TASK_PARKED ((int)KW_TASK_PARKED)
#define TASK_DEAD ((int)KW_TASK_DEAD)
#define TASK_WAKEKILL ((int)KW_TASK_WAKEKILL)
#define TASK_NOLOAD ((int)KW_TASK_NOLOAD)
#define TASK_NEW ((int)KW_TASK_NEW)
#define TASK_KILLABLE ((int)KW_TASK_KILLABLE)
#define TASK_IDLE ((int)KW_TASK_IDLE)
#define TASK_NORMAL ((int)KW_TASK_NORMAL)

#define PF_EXITING ((int)KW_PF_EXITING)
#define PF_WQ_WORKER ((int)KW_PF_WQ_WORKER)
#define PF_MEMALLOC ((int)KW_PF_MEMALLOC)
#define PF_NOFREEZE ((int)KW_PF_NOFREEZE)
#define PF_KTHREAD ((int)KW_PF_KTHREAD)
#define PF_NO_SETAFFINITY ((int)KW_PF_NO_SETAFFINITY)

#define MAX_SCHEDULE_TIMEOUT ((long)KW_MAX_SCHEDULE_TIMEOUT)

#define set_current_state kw_set_current_state
#define __set_current_state kw_set_current_state_raw
#define schedule kw_schedule
#define schedule_timeout kw_schedule_timeout
#define schedule_timeout_interruptible kw_schedule_timeout_interruptible
#define schedule_timeout_killable kw_schedule_timeout_killable
#define schedule_timeout_uninterruptible kw_schedule_timeout_uninterruptible
#define schedule_timeout_idle kw_schedule_timeout_idle
#define wake_up_process kw_wake_up_process
#define wake_up_state kw_wake_up_state
#define cond_resched kw_cond_resched
#define put_task_struct kw_put_task_struct
#define might_sleep kw_might_sleep
#define might_sleep_if(cond) do { if (cond) kw_might_sleep(); } while (0)
#define set_task_comm kw_set_task_comm
#define get_task_comm(buf, t) kw_get_task_comm(buf, sizeof(buf), t)
#define set_user_nice kw_set_user_nice
#define sched_set_fifo kw_sched_set_fifo
#define sched_set_fifo_low kw_sched_set_fifo_low
#define sched_set_normal kw_sched_set_normal
#define task_pid_nr(t) ((t)->pid)
/*
 * get_task_struct returns its argument (p = get_task_struct(t)); the signal
 * tests return int; all as the kernel declares them.
 */
static inline struct task_struct *get_task_struct(struct task_struct *t)
{
	kw_get_task_struct(t);
	return t;
}
static inline int signal_pending(struct task_struct *t)
{
	return kw_signal_pending(t);
}
static inline int fatal_signal_pending(struct task_struct *t)
{
	return kw_fatal_signal_pending(t);
}
/* No scheduler tick sets TIF_NEED_RESCHED; cond_resched() yields anyway. */
static inline bool need_resched(void) { return false; }

/* get/put_task_struct above; kernel_thread and daemonize (2.6 code). */
#include <linux/sched/task.h>

#endif /* KWORK_LINUX_SCHED_H */
