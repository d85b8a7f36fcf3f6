/*
 * linux/sched/task.h - get/put_task_struct (in linux/sched.h), and the
 * 2.6-era kernel_thread() / daemonize() with CLONE_KERNEL.
 */
#ifndef KWORK_LINUX_SCHED_TASK_H
#define KWORK_LINUX_SCHED_TASK_H

#include <linux/sched.h>
#include <kwork/kthread.h>

/* CLONE_FS | CLONE_FILES | CLONE_SIGHAND: what kernel_thread() callers passed. */
#define CLONE_KERNEL (0x00000200 | 0x00000400 | 0x00000800)
#define kernel_thread(fn, arg, flags) kw_kernel_thread(fn, arg, flags)
#define daemonize(...) kw_daemonize(__VA_ARGS__)

#endif /* KWORK_LINUX_SCHED_TASK_H */
