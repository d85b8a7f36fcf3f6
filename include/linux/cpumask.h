/*
 * linux/cpumask.h - CPU masks and the online/possible CPU sets.
 *
 * Compat layer over kwork/cpu.h. kwork's CPUs are virtual and never go
 * offline: possible == present == online == active == [0, nr_cpu_ids).
 * cpumask_var_t is the kernel's !CONFIG_CPUMASK_OFFSTACK form (an array of
 * one mask; alloc_cpumask_var() always succeeds).
 */
#ifndef KWORK_LINUX_CPUMASK_H
#define KWORK_LINUX_CPUMASK_H

#include <linux/types.h>
#include <linux/bitmap.h>
#include <kwork/bitops.h>
#include <kwork/cpu.h>

#define cpumask kw_cpumask
typedef struct kw_cpumask cpumask_t;
typedef struct kw_cpumask cpumask_var_t[1];

#define NR_CPUS KW_NR_CPUS
#define nr_cpu_ids (kw_nr_cpu_ids())
#define nr_cpumask_bits (kw_nr_cpu_ids())
#define cpumask_bits(m) ((m)->bits)

#define cpu_online_mask (kw_cpu_online_mask())
#define cpu_possible_mask (kw_cpu_online_mask())
#define cpu_present_mask (kw_cpu_online_mask())
#define cpu_active_mask (kw_cpu_online_mask())
#define num_online_cpus() (kw_nr_cpu_ids())
#define num_possible_cpus() (kw_nr_cpu_ids())
#define num_present_cpus() (kw_nr_cpu_ids())
#define num_active_cpus() (kw_nr_cpu_ids())
#define cpu_online(cpu) ((unsigned int)(cpu) < kw_nr_cpu_ids())
#define cpu_possible(cpu) cpu_online(cpu)
#define cpu_present(cpu) cpu_online(cpu)
#define cpu_active(cpu) cpu_online(cpu)

#define cpumask_set_cpu(cpu, m) kw_cpumask_set_cpu(cpu, m)
#define cpumask_clear_cpu(cpu, m) kw_cpumask_clear_cpu(cpu, m)
#define cpumask_test_cpu(cpu, m) kw_cpumask_test_cpu(cpu, m)
#define cpumask_clear(m) kw_cpumask_clear(m)
#define cpumask_copy(dst, src) ((void)(*(dst) = *(src)))
#define cpumask_first(m) \
	((unsigned int)kw_find_next_bit((m)->bits, kw_nr_cpu_ids(), 0))
#define cpumask_next(n, m)                                                  \
	((unsigned int)kw_find_next_bit((m)->bits, kw_nr_cpu_ids(),         \
					(unsigned long)((n) + 1)))
#define cpumask_weight(m) \
	((unsigned int)kw_bitmap_weight((m)->bits, kw_nr_cpu_ids()))
#define cpumask_empty(m) (cpumask_first(m) >= kw_nr_cpu_ids())

#define cpumask_any(m) cpumask_first(m)

/* cpumask_last - the highest CPU in m, or nr_cpu_ids if m is empty. */
static inline unsigned int cpumask_last(const struct kw_cpumask *m)
{
	unsigned int cpu = kw_nr_cpu_ids();

	while (cpu-- > 0)
		if (kw_cpumask_test_cpu(cpu, m))
			return cpu;
	return kw_nr_cpu_ids();
}

/* The set operations, over the nr_cpu_ids bits (the kernel's rules). */
#define cpumask_setall(m) bitmap_fill((m)->bits, kw_nr_cpu_ids())
#define cpumask_and(dst, a, b) \
	bitmap_and((dst)->bits, (a)->bits, (b)->bits, kw_nr_cpu_ids())
#define cpumask_or(dst, a, b) \
	bitmap_or((dst)->bits, (a)->bits, (b)->bits, kw_nr_cpu_ids())
#define cpumask_andnot(dst, a, b) \
	bitmap_andnot((dst)->bits, (a)->bits, (b)->bits, kw_nr_cpu_ids())
#define cpumask_equal(a, b) bitmap_equal((a)->bits, (b)->bits, kw_nr_cpu_ids())
#define cpumask_intersects(a, b) \
	bitmap_intersects((a)->bits, (b)->bits, kw_nr_cpu_ids())
#define cpumask_subset(a, b) bitmap_subset((a)->bits, (b)->bits, kw_nr_cpu_ids())

#define for_each_cpu(cpu, m)                                                \
	for ((cpu) = cpumask_first(m); (unsigned int)(cpu) < kw_nr_cpu_ids(); \
	     (cpu) = cpumask_next(cpu, m))
#define for_each_online_cpu(cpu) for_each_cpu(cpu, cpu_online_mask)
#define for_each_possible_cpu(cpu) for_each_cpu(cpu, cpu_possible_mask)
#define for_each_present_cpu(cpu) for_each_cpu(cpu, cpu_present_mask)

#define alloc_cpumask_var(m, gfp) ((void)(gfp), true)
#define zalloc_cpumask_var(m, gfp) ((void)(gfp), kw_cpumask_clear(*(m)), true)
#define free_cpumask_var(m) ((void)(m))

#endif /* KWORK_LINUX_CPUMASK_H */
