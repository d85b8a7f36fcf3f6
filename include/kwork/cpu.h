/*
 * kwork/cpu.h - virtual CPUs and CPU masks.
 *
 * Layer: platform (public API). nr_cpu_ids is the number of CPUs in the
 * process affinity mask at start, or KWORK_NR_CPUS from the environment
 * (so a 2-core machine can run the per-CPU semantics of an 8-CPU one).
 * A bound kthread's CPU is the one it is bound to; any other thread's is
 * sched_getcpu() folded into range.
 */
#ifndef KWORK_CPU_H
#define KWORK_CPU_H

#include <kwork/compiler.h>
#include <kwork/printk.h>

KW_BEGIN_DECLS

#define KW_NR_CPUS 512
#define KW_NUMA_NO_NODE (-1)

struct kw_cpumask {
	unsigned long bits[KW_NR_CPUS / (8 * sizeof(unsigned long))];
};

#define KW_CPUMASK_BITS_PER_LONG (8 * sizeof(unsigned long))

/* kw_cpumask_clear - cpumask_clear(): no CPU in m. Not atomic. */
static inline void kw_cpumask_clear(struct kw_cpumask *m)
{
	for (size_t i = 0; i < sizeof(m->bits) / sizeof(m->bits[0]); i++)
		m->bits[i] = 0;
}

/*
 * kw_cpumask_set_cpu - cpumask_set_cpu(): add cpu to m, atomically (as the
 * kernel's set_bit). cpu >= KW_NR_CPUS: WARN (the kernel's
 * CONFIG_DEBUG_PER_CPU_MAPS check), m unchanged.
 */
static inline void kw_cpumask_set_cpu(unsigned int cpu, struct kw_cpumask *m)
{
	if (!KW_WARN_ON_ONCE(cpu >= KW_NR_CPUS))
		__atomic_fetch_or(&m->bits[cpu / KW_CPUMASK_BITS_PER_LONG],
				  1UL << (cpu % KW_CPUMASK_BITS_PER_LONG),
				  __ATOMIC_RELAXED);
}

/* kw_cpumask_test_cpu - cpumask_test_cpu(). Return: true if cpu is in m (false for cpu >= KW_NR_CPUS). */
static inline bool kw_cpumask_test_cpu(unsigned int cpu,
				       const struct kw_cpumask *m)
{
	return cpu < KW_NR_CPUS &&
	       (m->bits[cpu / KW_CPUMASK_BITS_PER_LONG] >>
		(cpu % KW_CPUMASK_BITS_PER_LONG)) & 1;
}

/*
 * kw_cpumask_clear_cpu - cpumask_clear_cpu(): drop cpu from m, atomically.
 * cpu >= KW_NR_CPUS: WARN, m unchanged.
 */
static inline void kw_cpumask_clear_cpu(unsigned int cpu, struct kw_cpumask *m)
{
	if (!KW_WARN_ON_ONCE(cpu >= KW_NR_CPUS))
		__atomic_fetch_and(&m->bits[cpu / KW_CPUMASK_BITS_PER_LONG],
				   ~(1UL << (cpu % KW_CPUMASK_BITS_PER_LONG)),
				   __ATOMIC_RELAXED);
}

/* Number of virtual CPUs (nr_cpu_ids == num_online_cpus() in kwork). */
KW_API unsigned int kw_nr_cpu_ids(void);

/* The calling thread's virtual CPU, in [0, kw_nr_cpu_ids()). */
KW_API unsigned int kw_smp_processor_id(void);

/* The mask of every virtual CPU. */
KW_API const struct kw_cpumask *kw_cpu_online_mask(void);

KW_END_DECLS

#endif /* KWORK_CPU_H */
