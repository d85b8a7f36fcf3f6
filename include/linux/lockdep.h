/*
 * linux/lockdep.h - the lockdep assertions drivers put in their code.
 *
 * lockdep_assert_held() and friends check the lock's real state, per lock
 * type: a mutex knows its owner, so "held" means held by the caller and
 * lockdep_assert_not_held() can fire; spinlocks, rwlocks and rwsems record
 * no owner, so "held" means held by someone (a lock nobody holds still
 * fires, which is the common bug) and "not held" cannot be checked for them
 * (see docs/divergences.md). A failed assertion is the kernel's WARN_ON at
 * the caller's line.
 *
 * kwork's lockdep (src/lockdep.c) tracks lock instances, not classes, so the
 * class annotations (lockdep_set_class*, lock_class_key, subclasses) have
 * nothing to change: their arguments are evaluated and the lock keeps being
 * checked as its own instance.
 */
#ifndef KWORK_LINUX_LOCKDEP_H
#define KWORK_LINUX_LOCKDEP_H

#include <linux/types.h>
#include <linux/bug.h>
#include <kwork/sync.h>
#include <kwork/task.h>
#include <kwork/softirq.h>

struct lock_class_key {
	char kw_unused;
};

#define lockdep_set_class(lock, key) ((void)(lock), (void)(key))
#define lockdep_set_class_and_name(lock, key, name) \
	((void)(lock), (void)(key), (void)(name))
#define lockdep_set_class_and_subclass(lock, key, sub) \
	((void)(lock), (void)(key), (void)(sub))
#define lockdep_set_subclass(lock, sub) ((void)(lock), (void)(sub))
#define lockdep_set_novalidate_class(lock) ((void)(lock))
#define lockdep_register_key(key) ((void)(key))
#define lockdep_unregister_key(key) ((void)(key))

/* Per-type state: held (by the caller for a mutex), held for write, read. */
static inline bool kw__mutex_held(struct kw_mutex *m)
{
	return kw_mutex_owner(m) == kw_current();
}
static inline bool kw__spin_held(kw_spinlock_t *l)
{
	return kw_spin_is_locked(l);
}
static inline bool kw__rwlock_held(kw_rwlock_t *l)
{
	return __atomic_load_n(&l->cnt, __ATOMIC_RELAXED) & ~(1u << 30);
}
static inline bool kw__rwlock_held_write(kw_rwlock_t *l)
{
	return __atomic_load_n(&l->cnt, __ATOMIC_RELAXED) & KW_RWLOCK_WRITER;
}
static inline bool kw__rwlock_held_read(kw_rwlock_t *l)
{
	return (__atomic_load_n(&l->cnt, __ATOMIC_RELAXED) & ~(KW_RWLOCK_WRITER | (1u << 30))) != 0;
}
static inline bool kw__rwsem_held(struct kw_rw_semaphore *s)
{
	return __atomic_load_n(&s->count, __ATOMIC_RELAXED) != 0;
}
static inline bool kw__rwsem_held_write(struct kw_rw_semaphore *s)
{
	return __atomic_load_n(&s->count, __ATOMIC_RELAXED) == -1;
}
static inline bool kw__rwsem_held_read(struct kw_rw_semaphore *s)
{
	return __atomic_load_n(&s->count, __ATOMIC_RELAXED) > 0;
}
/* "Not held by the caller": knowable for a mutex only. */
static inline bool kw__mutex_not_held(struct kw_mutex *m)
{
	return !kw__mutex_held(m);
}
static inline bool kw__owner_unknown(const void *l)
{
	(void)l;
	return true;
}

#ifdef __cplusplus
static inline bool kw__lock_held(struct kw_mutex *m) { return kw__mutex_held(m); }
static inline bool kw__lock_held(kw_spinlock_t *l) { return kw__spin_held(l); }
static inline bool kw__lock_held(kw_rwlock_t *l) { return kw__rwlock_held(l); }
static inline bool kw__lock_held(struct kw_rw_semaphore *s) { return kw__rwsem_held(s); }
static inline bool kw__lock_held_write(struct kw_mutex *m) { return kw__mutex_held(m); }
static inline bool kw__lock_held_write(kw_spinlock_t *l) { return kw__spin_held(l); }
static inline bool kw__lock_held_write(kw_rwlock_t *l) { return kw__rwlock_held_write(l); }
static inline bool kw__lock_held_write(struct kw_rw_semaphore *s) { return kw__rwsem_held_write(s); }
static inline bool kw__lock_held_read(kw_rwlock_t *l) { return kw__rwlock_held_read(l); }
static inline bool kw__lock_held_read(struct kw_rw_semaphore *s) { return kw__rwsem_held_read(s); }
static inline bool kw__lock_not_held(struct kw_mutex *m) { return kw__mutex_not_held(m); }
static inline bool kw__lock_not_held(const void *l) { return kw__owner_unknown(l); }
#define KW__LOCK_Q(q, l) kw__lock_##q(l)
#else
#define KW__LOCK_Q(q, l) KW__LOCK_Q_##q(l)
#define KW__LOCK_Q_held(l) _Generic((l),				\
	struct kw_mutex *: kw__mutex_held,				\
	kw_spinlock_t *: kw__spin_held,					\
	kw_rwlock_t *: kw__rwlock_held,					\
	struct kw_rw_semaphore *: kw__rwsem_held)(l)
#define KW__LOCK_Q_held_write(l) _Generic((l),			\
	struct kw_mutex *: kw__mutex_held,				\
	kw_spinlock_t *: kw__spin_held,					\
	kw_rwlock_t *: kw__rwlock_held_write,				\
	struct kw_rw_semaphore *: kw__rwsem_held_write)(l)
#define KW__LOCK_Q_held_read(l) _Generic((l),			\
	kw_rwlock_t *: kw__rwlock_held_read,				\
	struct kw_rw_semaphore *: kw__rwsem_held_read)(l)
#define KW__LOCK_Q_not_held(l) _Generic((l),			\
	struct kw_mutex *: kw__mutex_not_held,				\
	default: kw__owner_unknown)(l)
#endif

/* lockdep_is_held - l is held (by the caller, for a mutex); for conditions. */
#define lockdep_is_held(l) KW__LOCK_Q(held, l)

#define lockdep_assert(cond) WARN_ON(!(cond))
#define lockdep_assert_once(cond) WARN_ON_ONCE(!(cond))
#define lockdep_assert_held(l) WARN_ON(!KW__LOCK_Q(held, l))
#define lockdep_assert_held_once(l) WARN_ON_ONCE(!KW__LOCK_Q(held, l))
#define lockdep_assert_held_write(l) WARN_ON(!KW__LOCK_Q(held_write, l))
#define lockdep_assert_held_read(l) WARN_ON(!KW__LOCK_Q(held_read, l))
#define lockdep_assert_not_held(l) WARN_ON(!KW__LOCK_Q(not_held, l))

#define lockdep_assert_irqs_disabled() WARN_ON_ONCE(!kw_irqs_disabled())
#define lockdep_assert_irqs_enabled() WARN_ON_ONCE(kw_irqs_disabled())
#define lockdep_assert_preemption_disabled() WARN_ON_ONCE(kw_preempt_count() == 0)
#define lockdep_assert_preemption_enabled() WARN_ON_ONCE(kw_preempt_count() != 0)
#define lockdep_assert_in_softirq() WARN_ON_ONCE(!kw_in_softirq())

#endif /* KWORK_LINUX_LOCKDEP_H */
