/*
 * kwork/kwork.h - the whole native kw_ API.
 *
 * kwork is the Linux kernel's kthread and deferred-work machinery rebuilt in
 * userspace: kthreads, kthread_worker, workqueues, completions, timers, wait
 * queues and sleeping, with the kernel's semantics. Kernel-style code uses
 * the kernel names from <linux/...h> instead (pkg-config kwork-linux).
 */
#ifndef KWORK_KWORK_H
#define KWORK_KWORK_H

#include <kwork/compiler.h>
#include <kwork/config.h>
#include <kwork/list.h>
#include <kwork/cpu.h>
#include <kwork/random.h>
#include <kwork/printk.h>
#include <kwork/ratelimit.h>
#include <kwork/sync.h>
#include <kwork/bitops.h>
#include <kwork/task.h>
#include <kwork/signal.h>
#include <kwork/time.h>
#include <kwork/wait.h>
#include <kwork/completion.h>
#include <kwork/timer.h>
#include <kwork/hrtimer.h>
#include <kwork/kthread.h>
#include <kwork/init.h>
#include <kwork/softirq.h>
#include <kwork/debug.h>
#include <kwork/fault.h>
#include <kwork/slab.h>
#if __has_include(<kwork/kthread_worker.h>)
#include <kwork/kthread_worker.h>
#endif
#if __has_include(<kwork/workqueue.h>)
#include <kwork/workqueue.h>
#endif

#endif /* KWORK_KWORK_H */
