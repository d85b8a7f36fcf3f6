/*
 * linux/sched/clock.h - the scheduler clock: local_clock(), sched_clock(),
 * running_clock(), cpu_clock() in ns, all CLOCK_MONOTONIC (monotonic across
 * threads, unlike the kernel's per-CPU sched_clock, which is only monotonic
 * on one CPU). running_clock counts host suspend too: a process cannot see
 * the time it was frozen.
 */
#ifndef KWORK_LINUX_SCHED_CLOCK_H
#define KWORK_LINUX_SCHED_CLOCK_H

#include <linux/types.h>
#include <kwork/time.h>

#define local_clock() ((u64)kw_ktime_get_ns())
#define sched_clock() ((u64)kw_ktime_get_ns())
#define running_clock() ((u64)kw_ktime_get_ns())
#define cpu_clock(cpu) ((void)(cpu), (u64)kw_ktime_get_ns())

#endif /* KWORK_LINUX_SCHED_CLOCK_H */
