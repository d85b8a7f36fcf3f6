/*
 * kwork/sync.h - spinlocks, mutexes, rwlocks, rw-semaphores, atomics, bitops.
 *
 * Layer: task core (public API).
 * - kw_spinlock_t: a short-hold lock. Holding one counts as atomic context
 *   (preempt_count), so sleeping under it WARNs. It spins briefly, then waits
 *   on a futex (userspace threads can be preempted while holding it); that
 *   wait is not a task sleep: worker pools do not see it, as in the kernel.
 * - struct kw_mutex: a sleeping lock. Its slow path sleeps through
 *   kw_schedule(), so a worker blocked on it is noticed by its pool.
 * - kw_rwlock_t: a spinning reader/writer lock (many readers or one writer).
 * - struct kw_rw_semaphore: a sleeping reader/writer lock, FIFO fair.
 * - atomics and bitops: the kernel's operations on GCC builtins; the value
 *   returning ones are fully ordered, the others relaxed, as in the kernel.
 */
#ifndef KWORK_SYNC_H
#define KWORK_SYNC_H

#include <kwork/compiler.h>
#include <kwork/list.h>

KW_BEGIN_DECLS

struct kw_task;

/* ---- spinlock ---------------------------------------------------------- */

typedef struct kw_spinlock {
	unsigned int val;	/* 0 free, 1 held, 2 held with waiters */
} kw_spinlock_t;

#define KW_SPINLOCK_INIT { 0 }

/* kw_spin_lock_init - spin_lock_init(): l is free. Context: any; l not in use. */
static inline void kw_spin_lock_init(kw_spinlock_t *l)
{
	l->val = 0;
}

/* Context: any; not recursive. Acquire/release ordering. */
KW_API void kw_spin_lock(kw_spinlock_t *l);
KW_API void kw_spin_unlock(kw_spinlock_t *l);
/* Return: true if taken. */
KW_API bool kw_spin_trylock(kw_spinlock_t *l);

/*
 * kw_spin_is_locked - spin_is_locked(): a relaxed snapshot, no ordering.
 * Return: true if somebody holds l at the moment of the load.
 */
static inline bool kw_spin_is_locked(kw_spinlock_t *l)
{
	return __atomic_load_n(&l->val, __ATOMIC_RELAXED) != 0;
}

/* ---- mutex ------------------------------------------------------------- */

struct kw_mutex {
	unsigned long owner;		/* task pointer | KW_MUTEX_WAITERS */
	kw_spinlock_t wait_lock;	/* protects wait_list */
	struct kw_list_head wait_list;	/* sleepers, FIFO */
	const char *name;		/* for reports; may be NULL */
};

/*
 * KW_MUTEX_INITIALIZER - __MUTEX_INITIALIZER(): a static mutex, unlocked,
 * no waiters, named #lockname in reports.
 */
#define KW_MUTEX_INITIALIZER(lockname) \
	{ 0, KW_SPINLOCK_INIT, KW_LIST_HEAD_INIT((lockname).wait_list), #lockname }

/*
 * kw_mutex_init - mutex_init(): m unlocked, no waiters. name (may be NULL)
 * is kept by pointer for reports, not copied: it must outlive m.
 * Context: any; m must not be in use.
 */
KW_API void kw_mutex_init(struct kw_mutex *m, const char *name);
/*
 * kw_mutex_destroy - m will not be used again. Destroying a held mutex WARNs
 * (the kernel's CONFIG_DEBUG_MUTEXES check); the mutex is left as it was.
 */
KW_API void kw_mutex_destroy(struct kw_mutex *m);

/*
 * kw_mutex_lock - take m, sleeping (uninterruptibly) while it is held.
 * Context: may sleep. Taking a mutex the caller holds WARNs and returns.
 */
KW_API void kw_mutex_lock(struct kw_mutex *m);
/*
 * Return: 0, or -EINTR if a signal (kthread_stop; for _killable only a
 * fatal one) interrupted the wait; -EDEADLK with a WARN if the caller
 * already holds m (the kernel would hang).
 */
KW_API int kw_mutex_lock_interruptible(struct kw_mutex *m);
KW_API int kw_mutex_lock_killable(struct kw_mutex *m);
/* Return: 1 if taken, 0 if busy (the kernel's convention). */
KW_API int kw_mutex_trylock(struct kw_mutex *m);
/* Unlocking a mutex the caller does not hold WARNs and does nothing. */
KW_API void kw_mutex_unlock(struct kw_mutex *m);
/* Return: true if somebody holds m (a racy snapshot). Context: any. */
KW_API bool kw_mutex_is_locked(struct kw_mutex *m);
/* The holder, or NULL. */
KW_API struct kw_task *kw_mutex_owner(struct kw_mutex *m);

/* ---- rwlock (spinning) -------------------------------------------------- */

typedef struct kw_rwlock {
	unsigned int cnt;	/* readers, or KW_RWLOCK_WRITER; bit 30: a writer waits */
} kw_rwlock_t;

#define KW_RWLOCK_WRITER 0x80000000u

#define KW_RWLOCK_INIT { 0 }

/* kw_rwlock_init - rwlock_init(): l is free. Context: any; l not in use. */
static inline void kw_rwlock_init(kw_rwlock_t *l)
{
	l->cnt = 0;
}

/*
 * kw_read_lock - read_lock(): take l shared, spinning (never sleeping)
 * while a writer holds it or waits for it; a waiting writer keeps new
 * readers out, so taking it again while a writer waits deadlocks.
 * Context: any; atomic context while held (preempt_count).
 */
KW_API void kw_read_lock(kw_rwlock_t *l);
/* kw_read_unlock - read_unlock(): drop a shared hold. Not read-held: WARN, no change. */
KW_API void kw_read_unlock(kw_rwlock_t *l);
/*
 * kw_write_lock - write_lock(): take l exclusively, spinning until it is
 * free; marks a writer waiting so no new reader gets in meanwhile.
 * Context: any; atomic context while held (preempt_count).
 */
KW_API void kw_write_lock(kw_rwlock_t *l);
/* kw_write_unlock - write_unlock(): drop the exclusive hold. Not write-held: WARN, no change. */
KW_API void kw_write_unlock(kw_rwlock_t *l);
/* kw_read_trylock - read_trylock(). Context: any. Return: true if taken (no writer holds or waits). */
KW_API bool kw_read_trylock(kw_rwlock_t *l);
/* kw_write_trylock - write_trylock(). Context: any. Return: true if taken (l was free). */
KW_API bool kw_write_trylock(kw_rwlock_t *l);

/* ---- rw_semaphore (sleeping) --------------------------------------------- */

struct kw_rw_semaphore {
	long count;			/* >0 readers, -1 writer, 0 free */
	kw_spinlock_t wait_lock;	/* protects count and wait_list */
	struct kw_list_head wait_list;	/* sleepers, FIFO */
};

/* KW_RWSEM_INITIALIZER - __RWSEM_INITIALIZER(): a static rw_semaphore, free, no waiters. */
#define KW_RWSEM_INITIALIZER(name) \
	{ 0, KW_SPINLOCK_INIT, KW_LIST_HEAD_INIT((name).wait_list) }

/* kw_init_rwsem - init_rwsem(): s free, no waiters. Context: any; s not in use. */
KW_API void kw_init_rwsem(struct kw_rw_semaphore *s);
/*
 * kw_down_read - down_read(): take s shared. Waits (uninterruptibly) behind
 * a writer that holds s and behind anybody already queued (FIFO fair).
 * Context: may sleep.
 */
KW_API void kw_down_read(struct kw_rw_semaphore *s);
/*
 * kw_up_read - up_read(): drop a shared hold; the last reader out grants s
 * to the head of the queue. Not read-held: WARN, no change. Context: any.
 */
KW_API void kw_up_read(struct kw_rw_semaphore *s);
/*
 * kw_down_write - down_write(): take s exclusively, in FIFO order with the
 * other waiters. Context: may sleep (uninterruptibly).
 */
KW_API void kw_down_write(struct kw_rw_semaphore *s);
/*
 * kw_up_write - up_write(): drop the exclusive hold and grant s to the head
 * of the queue (a writer, or the run of readers there). Not write-held:
 * WARN, no change. Context: any.
 */
KW_API void kw_up_write(struct kw_rw_semaphore *s);
/* Return: 1 if taken, 0 if not. */
KW_API int kw_down_read_trylock(struct kw_rw_semaphore *s);
KW_API int kw_down_write_trylock(struct kw_rw_semaphore *s);
/*
 * kw_downgrade_write - downgrade_write(): turn the caller's exclusive hold
 * into a shared one, letting the readers at the head of the queue in with
 * it. Context: the write holder. Not write-held: WARN, no change.
 */
KW_API void kw_downgrade_write(struct kw_rw_semaphore *s);

/* ---- atomics ------------------------------------------------------------ */

typedef struct { int counter; } kw_atomic_t;
typedef struct { long counter; } kw_atomic_long_t;
typedef struct { int64_t counter; } kw_atomic64_t;

/* KW_ATOMIC_INIT - ATOMIC_INIT(): static initialiser of any of the three atomic types. */
#define KW_ATOMIC_INIT(i) { (i) }

/*
 * KW__ATOMIC_OPS - defines the atomic_*() family for one type (pfx_read,
 * _set, _add, ...). read/set/add/sub/inc/dec/or/and are relaxed; the ones
 * that return a value (_return, fetch_*, _and_test, xchg, cmpxchg,
 * try_cmpxchg, add_unless, inc_not_zero, ...) are fully ordered (seq_cst);
 * a failed cmpxchg / try_cmpxchg / add_unless / inc_not_zero orders nothing.
 * read_acquire / set_release are acquire / release.
 */
#define KW__ATOMIC_OPS(pfx, atype, vtype)                                    \
static inline vtype pfx##_read(const atype *v)                               \
{ return __atomic_load_n(&v->counter, __ATOMIC_RELAXED); }                   \
static inline void pfx##_set(atype *v, vtype i)                              \
{ __atomic_store_n(&v->counter, i, __ATOMIC_RELAXED); }                      \
static inline void pfx##_add(vtype i, atype *v)                              \
{ __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); }                    \
static inline void pfx##_sub(vtype i, atype *v)                              \
{ __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); }                    \
static inline void pfx##_inc(atype *v) { pfx##_add(1, v); }                  \
static inline void pfx##_dec(atype *v) { pfx##_sub(1, v); }                  \
static inline vtype pfx##_add_return(vtype i, atype *v)                      \
{ return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }             \
static inline vtype pfx##_sub_return(vtype i, atype *v)                      \
{ return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }             \
static inline vtype pfx##_fetch_add(vtype i, atype *v)                       \
{ return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST); }             \
static inline vtype pfx##_fetch_sub(vtype i, atype *v)                       \
{ return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST); }             \
static inline vtype pfx##_inc_return(atype *v) { return pfx##_add_return(1, v); } \
static inline vtype pfx##_dec_return(atype *v) { return pfx##_sub_return(1, v); } \
static inline bool pfx##_dec_and_test(atype *v) { return pfx##_dec_return(v) == 0; } \
static inline bool pfx##_inc_and_test(atype *v) { return pfx##_inc_return(v) == 0; } \
static inline bool pfx##_sub_and_test(vtype i, atype *v)                     \
{ return pfx##_sub_return(i, v) == 0; }                                      \
static inline vtype pfx##_xchg(atype *v, vtype i)                            \
{ return __atomic_exchange_n(&v->counter, i, __ATOMIC_SEQ_CST); }            \
static inline vtype pfx##_cmpxchg(atype *v, vtype old, vtype new_)           \
{ __atomic_compare_exchange_n(&v->counter, &old, new_, false,                \
			      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);           \
  return old; }                                                              \
static inline bool pfx##_try_cmpxchg(atype *v, vtype *old, vtype new_)       \
{ return __atomic_compare_exchange_n(&v->counter, old, new_, false,          \
				     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }  \
static inline vtype pfx##_fetch_or(vtype i, atype *v)                        \
{ return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST); }              \
static inline vtype pfx##_fetch_and(vtype i, atype *v)                       \
{ return __atomic_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST); }             \
static inline void pfx##_or(vtype i, atype *v)                               \
{ __atomic_fetch_or(&v->counter, i, __ATOMIC_RELAXED); }                     \
static inline void pfx##_and(vtype i, atype *v)                              \
{ __atomic_fetch_and(&v->counter, i, __ATOMIC_RELAXED); }                    \
static inline bool pfx##_add_unless(atype *v, vtype a, vtype u)              \
{ vtype c = pfx##_read(v);                                                   \
  do { if (c == u) return false; }                                           \
  while (!pfx##_try_cmpxchg(v, &c, c + a));                                  \
  return true; }                                                             \
static inline bool pfx##_inc_not_zero(atype *v) { return pfx##_add_unless(v, 1, 0); } \
static inline vtype pfx##_read_acquire(const atype *v)                       \
{ return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE); }                   \
static inline void pfx##_set_release(atype *v, vtype i)                      \
{ __atomic_store_n(&v->counter, i, __ATOMIC_RELEASE); }                      \
static inline vtype pfx##_fetch_inc(atype *v) { return pfx##_fetch_add(1, v); } \
static inline vtype pfx##_fetch_dec(atype *v) { return pfx##_fetch_sub(1, v); } \
static inline vtype pfx##_fetch_xor(vtype i, atype *v)                       \
{ return __atomic_fetch_xor(&v->counter, i, __ATOMIC_SEQ_CST); }             \
static inline vtype pfx##_fetch_andnot(vtype i, atype *v)                    \
{ return __atomic_fetch_and(&v->counter, ~i, __ATOMIC_SEQ_CST); }            \
static inline void pfx##_xor(vtype i, atype *v)                              \
{ __atomic_fetch_xor(&v->counter, i, __ATOMIC_RELAXED); }                    \
static inline void pfx##_andnot(vtype i, atype *v)                           \
{ __atomic_fetch_and(&v->counter, ~i, __ATOMIC_RELAXED); }                   \
static inline bool pfx##_add_negative(vtype i, atype *v)                     \
{ return pfx##_add_return(i, v) < 0; }                                       \
static inline vtype pfx##_fetch_add_unless(atype *v, vtype a, vtype u)       \
{ vtype c = pfx##_read(v);                                                   \
  do { if (c == u) break; } while (!pfx##_try_cmpxchg(v, &c, c + a));        \
  return c; }                                                                \
/* dec_if_positive: the old value minus 1, stored only if that is >= 0. */   \
static inline vtype pfx##_dec_if_positive(atype *v)                          \
{ vtype c = pfx##_read(v);                                                   \
  do { if (c <= 0) return c - 1; } while (!pfx##_try_cmpxchg(v, &c, c - 1)); \
  return c - 1; }                                                            \
static inline bool pfx##_inc_unless_negative(atype *v)                       \
{ vtype c = pfx##_read(v);                                                   \
  do { if (c < 0) return false; } while (!pfx##_try_cmpxchg(v, &c, c + 1));  \
  return true; }                                                             \
static inline bool pfx##_dec_unless_positive(atype *v)                       \
{ vtype c = pfx##_read(v);                                                   \
  do { if (c > 0) return false; } while (!pfx##_try_cmpxchg(v, &c, c - 1));  \
  return true; }

KW__ATOMIC_OPS(kw_atomic, kw_atomic_t, int)
KW__ATOMIC_OPS(kw_atomic_long, kw_atomic_long_t, long)
KW__ATOMIC_OPS(kw_atomic64, kw_atomic64_t, int64_t)

/* ---- bitops (atomic, on arrays of unsigned long) -------------------------- */

#define KW_BITS_PER_LONG (8 * (int)sizeof(unsigned long))
/* KW__BIT_WORD - BIT_WORD(): index of the unsigned long holding bit nr (nr >= 0). */
#define KW__BIT_WORD(nr) ((nr) / KW_BITS_PER_LONG)
/* KW__BIT_MASK - BIT_MASK(): bit nr's mask within its word (nr >= 0). */
#define KW__BIT_MASK(nr) (1UL << ((nr) % KW_BITS_PER_LONG))

/*
 * kw_set_bit, kw_clear_bit, kw_change_bit - set_bit(), clear_bit(),
 * change_bit(): an atomic, relaxed (unordered) update of bit nr of addr.
 * Context: any.
 */
static inline void kw_set_bit(long nr, volatile unsigned long *addr)
{ __atomic_fetch_or(&addr[KW__BIT_WORD(nr)], KW__BIT_MASK(nr), __ATOMIC_RELAXED); }
static inline void kw_clear_bit(long nr, volatile unsigned long *addr)
{ __atomic_fetch_and(&addr[KW__BIT_WORD(nr)], ~KW__BIT_MASK(nr), __ATOMIC_RELAXED); }
static inline void kw_change_bit(long nr, volatile unsigned long *addr)
{ __atomic_fetch_xor(&addr[KW__BIT_WORD(nr)], KW__BIT_MASK(nr), __ATOMIC_RELAXED); }
/* kw_test_bit - test_bit(): a relaxed load. Return: bit nr of addr. */
static inline bool kw_test_bit(long nr, const volatile unsigned long *addr)
{ return (__atomic_load_n(&addr[KW__BIT_WORD(nr)], __ATOMIC_RELAXED) & KW__BIT_MASK(nr)) != 0; }
/*
 * kw_test_and_set_bit, kw_test_and_clear_bit, kw_test_and_change_bit -
 * test_and_set_bit() etc.: an atomic, fully ordered update of bit nr.
 * Context: any. Return: the bit's value before the update.
 */
static inline bool kw_test_and_set_bit(long nr, volatile unsigned long *addr)
{ return (__atomic_fetch_or(&addr[KW__BIT_WORD(nr)], KW__BIT_MASK(nr), __ATOMIC_SEQ_CST) & KW__BIT_MASK(nr)) != 0; }
static inline bool kw_test_and_clear_bit(long nr, volatile unsigned long *addr)
{ return (__atomic_fetch_and(&addr[KW__BIT_WORD(nr)], ~KW__BIT_MASK(nr), __ATOMIC_SEQ_CST) & KW__BIT_MASK(nr)) != 0; }
static inline bool kw_test_and_change_bit(long nr, volatile unsigned long *addr)
{ return (__atomic_fetch_xor(&addr[KW__BIT_WORD(nr)], KW__BIT_MASK(nr), __ATOMIC_SEQ_CST) & KW__BIT_MASK(nr)) != 0; }

/* ---- barriers ------------------------------------------------------------ */

/* kw_barrier - barrier(): compiler barrier only; emits no instruction. */
#define kw_barrier() __asm__ __volatile__("" ::: "memory")
/* kw_smp_mb - smp_mb(): full fence (seq_cst), orders all accesses across it. */
#define kw_smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
/* kw_smp_rmb - smp_rmb(): an acquire fence; earlier loads before later accesses. */
#define kw_smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
/* kw_smp_wmb - smp_wmb(): a release fence; earlier accesses before later stores. */
#define kw_smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
/*
 * kw_cpu_relax - cpu_relax(): spin-wait hint (pause on x86, yield on arm64,
 * else a compiler barrier). Never sleeps or yields the thread.
 */
#if defined(__x86_64__) || defined(__i386__)
#define kw_cpu_relax() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define kw_cpu_relax() __asm__ __volatile__("yield" ::: "memory")
#else
#define kw_cpu_relax() kw_barrier()
#endif

KW_END_DECLS

#endif /* KWORK_SYNC_H */
