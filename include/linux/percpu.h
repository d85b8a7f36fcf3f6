/*
 * linux/percpu.h (basic) - static per-CPU variables, one copy per kwork
 * virtual CPU.
 *
 * DEFINE_PER_CPU(type, name) defines an array of KW_NR_CPUS copies;
 * per_cpu(name, cpu) is copy cpu, this_cpu_ptr(&name) the calling thread's
 * CPU's copy. Divergence (docs/compat.md): kwork's CPUs are virtual and
 * two threads can run "on" one at once, so get_cpu_var()/preempt_disable()
 * do not give exclusive use of a copy; the this_cpu_{read,write,add,sub,
 * inc,dec}() operations on scalars are atomic, which keeps counters exact.
 * Dynamic per-CPU memory (alloc_percpu) is not emulated: using it is a
 * compile-time error that says so.
 */
#ifndef KWORK_LINUX_PERCPU_H
#define KWORK_LINUX_PERCPU_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <kwork/cpu.h>

#define DEFINE_PER_CPU(type, name) __typeof__(type) name[KW_NR_CPUS]
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name[KW_NR_CPUS]
#define DEFINE_PER_CPU_ALIGNED(type, name) DEFINE_PER_CPU(type, name)
#define DECLARE_PER_CPU_ALIGNED(type, name) DECLARE_PER_CPU(type, name)
#define DEFINE_PER_CPU_SHARED_ALIGNED(type, name) DEFINE_PER_CPU(type, name)
#define DECLARE_PER_CPU_SHARED_ALIGNED(type, name) DECLARE_PER_CPU(type, name)

#define per_cpu(var, cpu) ((var)[cpu])
#define per_cpu_ptr(ptr, cpu) (&(*(ptr))[cpu])
#define this_cpu_ptr(ptr) per_cpu_ptr(ptr, kw_smp_processor_id())
#define raw_cpu_ptr(ptr) this_cpu_ptr(ptr)
#define get_cpu_var(var) \
	(*({ kw_preempt_disable(); &(var)[kw_smp_processor_id()]; }))
#define put_cpu_var(var) do { (void)&(var); kw_preempt_enable(); } while (0)
#define get_cpu_ptr(ptr) ({ kw_preempt_disable(); this_cpu_ptr(ptr); })
#define put_cpu_ptr(ptr) do { (void)(ptr); kw_preempt_enable(); } while (0)

#define KW__THIS_CPU(var) (&(var)[kw_smp_processor_id()])
#define this_cpu_read(var) __atomic_load_n(KW__THIS_CPU(var), __ATOMIC_RELAXED)
#define this_cpu_write(var, v) __atomic_store_n(KW__THIS_CPU(var), v, __ATOMIC_RELAXED)
#define this_cpu_add(var, v) ((void)__atomic_fetch_add(KW__THIS_CPU(var), v, __ATOMIC_RELAXED))
#define this_cpu_sub(var, v) ((void)__atomic_fetch_sub(KW__THIS_CPU(var), v, __ATOMIC_RELAXED))
#define this_cpu_inc(var) this_cpu_add(var, 1)
#define this_cpu_dec(var) this_cpu_sub(var, 1)
#define this_cpu_add_return(var, v) __atomic_add_fetch(KW__THIS_CPU(var), v, __ATOMIC_RELAXED)
#define this_cpu_xchg(var, v) __atomic_exchange_n(KW__THIS_CPU(var), v, __ATOMIC_RELAXED)
#define __this_cpu_read(var) this_cpu_read(var)
#define __this_cpu_write(var, v) this_cpu_write(var, v)
#define __this_cpu_add(var, v) this_cpu_add(var, v)
#define __this_cpu_sub(var, v) this_cpu_sub(var, v)
#define __this_cpu_inc(var) this_cpu_inc(var)
#define __this_cpu_dec(var) this_cpu_dec(var)
#define raw_cpu_read(var) this_cpu_read(var)
#define raw_cpu_write(var, v) this_cpu_write(var, v)

KW_BEGIN_DECLS
void *kw__alloc_percpu_is_not_emulated(void) __attribute__((__error__(
	"alloc_percpu(): dynamic per-CPU memory is not emulated by kwork (docs/compat.md); use DEFINE_PER_CPU")));
KW_END_DECLS
#define alloc_percpu(type) ((__typeof__(type) *)kw__alloc_percpu_is_not_emulated())
#define alloc_percpu_gfp(type, gfp) alloc_percpu(type)
#define __alloc_percpu(size, align) kw__alloc_percpu_is_not_emulated()
#define free_percpu(p) ((void)kw__alloc_percpu_is_not_emulated(), (void)(p))

#endif /* KWORK_LINUX_PERCPU_H */
