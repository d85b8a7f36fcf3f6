/*
 * spinlock.c - kw_spinlock_t: a 3-state futex lock that spins first.
 *
 * Layer: task core. Any thread, any context. States: 0 free, 1 held,
 * 2 held and somebody may sleep on the futex (unlock must wake one).
 * Holding it counts as atomic context, so a sleep under it WARNs.
 * The futex wait here is not a task sleep: worker pools do not see it,
 * exactly as a kernel spinlock never schedules.
 */
#include "task_internal.h"

#define SPIN_TRIES 100

void kw__spin_lock_slow(kw_spinlock_t *l)
{
	for (int i = 0; i < SPIN_TRIES; i++) {
		unsigned int v = __atomic_load_n(&l->val, __ATOMIC_RELAXED);
		if (v == 0 && __atomic_compare_exchange_n(&l->val, &v, 1, false,
							  __ATOMIC_ACQUIRE,
							  __ATOMIC_RELAXED))
			return;
		kw_cpu_relax();
	}
	while (__atomic_exchange_n(&l->val, 2, __ATOMIC_ACQUIRE) != 0)
		kw__futex_wait(&l->val, 2, -1);
}

void kw__spin_unlock_wake(kw_spinlock_t *l)
{
	kw__futex_wake(&l->val, 1);
}

void kw_spin_lock(kw_spinlock_t *l)
{
	kw__spin_lock(l);
}

bool kw_spin_trylock(kw_spinlock_t *l)
{
	unsigned int free_ = 0;
	kw__preempt_depth++;
	if (__atomic_compare_exchange_n(&l->val, &free_, 1, false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return true;
	kw__preempt_depth--;
	return false;
}

void kw_spin_unlock(kw_spinlock_t *l)
{
	kw__spin_unlock(l);
}
