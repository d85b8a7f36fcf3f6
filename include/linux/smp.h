/* linux/smp.h - CPU ids. */
#ifndef KWORK_LINUX_SMP_H
#define KWORK_LINUX_SMP_H

#include <linux/cpumask.h>
#include <linux/preempt.h>
#include <kwork/cpu.h>

#define smp_processor_id() kw_smp_processor_id()
#define raw_smp_processor_id() kw_smp_processor_id()
/*
 * get_cpu: preemption off and this CPU's id. kwork's CPUs are virtual: an
 * unbound thread's id follows the OS CPU it runs on, and two threads may
 * share one, so this does not give exclusive use of per-CPU data.
 */
#define get_cpu() ({ kw_preempt_disable(); kw_smp_processor_id(); })
#define put_cpu() kw_preempt_enable()

#endif /* KWORK_LINUX_SMP_H */
