/*
 * linux/cpu.h - CPU hotplug locking. kwork's virtual CPUs never come or
 * go, so there is no hotplug writer for cpus_read_lock() to exclude: it
 * only checks that the caller may sleep (the kernel's may block).
 */
#ifndef KWORK_LINUX_CPU_H
#define KWORK_LINUX_CPU_H

#include <linux/cpumask.h>
#include <linux/smp.h>
#include <kwork/task.h>

#define cpus_read_lock() kw_might_sleep()
#define cpus_read_unlock() ((void)0)
#define get_online_cpus() cpus_read_lock()
#define put_online_cpus() cpus_read_unlock()
#define lockdep_assert_cpus_held() ((void)0)

#endif /* KWORK_LINUX_CPU_H */
