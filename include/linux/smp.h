/* linux/smp.h - CPU ids. */
#ifndef KWORK_LINUX_SMP_H
#define KWORK_LINUX_SMP_H

#include <kwork/cpu.h>

#define smp_processor_id() kw_smp_processor_id()
#define raw_smp_processor_id() kw_smp_processor_id()
#define nr_cpu_ids (kw_nr_cpu_ids())

#endif /* KWORK_LINUX_SMP_H */
