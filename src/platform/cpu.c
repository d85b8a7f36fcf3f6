/*
 * cpu.c - virtual CPUs: how many, and which one a thread is on.
 *
 * Layer: platform. nr_cpu_ids is fixed at start-up (KWORK_NR_CPUS or the
 * affinity mask). A thread bound to one virtual CPU (per-CPU workers,
 * kthread_bind) reports that CPU; others report sched_getcpu() folded into
 * range.
 */
#include "../task_internal.h"

#include <sched.h>
#include <stdlib.h>

static unsigned int nr_cpus;
static struct kw_cpumask online_mask;

void kw__cpu_init(void)
{
	unsigned int n = kw__real_cpu_count();
	const char *env = getenv("KWORK_NR_CPUS");
	if (env && atoi(env) > 0)
		n = (unsigned int)atoi(env);
	if (n > KW_NR_CPUS)
		n = KW_NR_CPUS;
	kw_cpumask_clear(&online_mask);
	for (unsigned int c = 0; c < n; c++)
		kw_cpumask_set_cpu(c, &online_mask);
	nr_cpus = n;
}

unsigned int kw_nr_cpu_ids(void)
{
	kw__init_once();
	return nr_cpus;
}

const struct kw_cpumask *kw_cpu_online_mask(void)
{
	kw__init_once();
	return &online_mask;
}

unsigned int kw_smp_processor_id(void)
{
	struct kw__task *t = kw__self();
	int bound = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
	if (bound >= 0)
		return (unsigned int)bound;
	int c = sched_getcpu();
	if (c < 0)
		c = 0;
	/* nr_cpus itself: the constructor ran kw__cpu_init() long before. */
	unsigned int n = __atomic_load_n(&nr_cpus, __ATOMIC_RELAXED);
	if (kw_likely((unsigned int)c < n))
		return (unsigned int)c;
	return n ? (unsigned int)c % n : 0;
}
