/*
 * linux/seqlock.h - sequence counters (seqcount_t) and sequential locks
 * (seqlock_t): readers that never block writers and retry when a write
 * overlapped them.
 *
 * The sequence is odd while a write is in progress. Ordering (C11):
 *   writer: seq = s+1 (relaxed), release fence, data stores,
 *           seq = s+2 (release store).
 *   reader: seq load (acquire; spins while odd), data loads, acquire
 *           fence, seq load (relaxed) and compare.
 * A reader that sees the same even value before and after saw no store of
 * a write that started after its begin and all stores of writes that ended
 * before it. The sequence is only ever accessed atomically, so TSan sees no
 * race on it.
 *
 * The protected data: as in the kernel, a reader's data loads may race with
 * a writer's stores (the retry discards what they read). The kernel tells
 * KCSAN that such races are intended; TSan has no such notion, so code that
 * must be TSan-clean accesses the protected fields with __atomic relaxed
 * loads/stores (what tests/unit/test_compat_containers.c does) or with
 * READ_ONCE()/WRITE_ONCE() (relaxed atomics in C); plain accesses work but
 * TSan reports them. Writers must be
 * serialized by the caller for seqcount_t, by the embedded spinlock for
 * seqlock_t. Readers never sleep; writers of a seqlock_t are atomic.
 */
#ifndef KWORK_LINUX_SEQLOCK_H
#define KWORK_LINUX_SEQLOCK_H

#include <linux/spinlock.h>
#include <kwork/sync.h>

typedef struct seqcount {
	unsigned int sequence;	/* atomic; odd while a write is in progress */
} seqcount_t;
typedef seqcount_t seqcount_raw_spinlock_t;
typedef seqcount_t seqcount_spinlock_t;
typedef seqcount_t seqcount_mutex_t;

#define SEQCNT_ZERO(name) { .sequence = 0 }
#define seqcount_init(s) __atomic_store_n(&(s)->sequence, 0, __ATOMIC_RELAXED)
/* The lock-associated forms: the lock is the caller's writer serialization. */
#define seqcount_spinlock_init(s, lock) seqcount_init(s)
#define seqcount_raw_spinlock_init(s, lock) seqcount_init(s)
#define seqcount_mutex_init(s, lock) seqcount_init(s)

/* Context: never sleeps; spins while a write is in progress. Return: the
 * (even) sequence to hand to read_seqcount_retry(). */
static inline unsigned int raw_read_seqcount_begin(const seqcount_t *s)
{
	unsigned int seq;
	while ((seq = __atomic_load_n(&s->sequence, __ATOMIC_ACQUIRE)) & 1)
		kw_cpu_relax();
	return seq;
}

/* Return: the sequence now, odd if a write is in progress (no spinning). */
static inline unsigned int raw_read_seqcount(const seqcount_t *s)
{
	return __atomic_load_n(&s->sequence, __ATOMIC_ACQUIRE);
}

/* Return: nonzero if a write began or ended since start: read again. */
static inline int read_seqcount_retry(const seqcount_t *s, unsigned int start)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&s->sequence, __ATOMIC_RELAXED) != start;
}

#define read_seqcount_begin(s) raw_read_seqcount_begin(s)
#define raw_read_seqcount_retry(s, start) read_seqcount_retry(s, start)
#define __read_seqcount_retry(s, start) read_seqcount_retry(s, start)

/* Writers: the caller serializes them. */
static inline void raw_write_seqcount_begin(seqcount_t *s)
{
	unsigned int seq = __atomic_load_n(&s->sequence, __ATOMIC_RELAXED);
	__atomic_store_n(&s->sequence, seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void raw_write_seqcount_end(seqcount_t *s)
{
	unsigned int seq = __atomic_load_n(&s->sequence, __ATOMIC_RELAXED);
	__atomic_store_n(&s->sequence, seq + 1, __ATOMIC_RELEASE);
}

#define write_seqcount_begin(s) raw_write_seqcount_begin(s)
#define write_seqcount_end(s) raw_write_seqcount_end(s)
/* Make readers in progress retry without a write section. */
#define write_seqcount_invalidate(s) \
	do { raw_write_seqcount_begin(s); raw_write_seqcount_end(s); } while (0)

/* ---- seqlock_t: a seqcount and the spinlock that serializes its writers ---- */

typedef struct {
	seqcount_t seqcount;
	spinlock_t lock;	/* serializes writers and exclusive readers */
} seqlock_t;

#define __SEQLOCK_UNLOCKED(name) \
	{ .seqcount = SEQCNT_ZERO(name.seqcount), .lock = KW_SPINLOCK_INIT }
#define DEFINE_SEQLOCK(name) seqlock_t name = __SEQLOCK_UNLOCKED(name)
#define seqlock_init(sl) \
	do { seqcount_init(&(sl)->seqcount); spin_lock_init(&(sl)->lock); } while (0)

#define read_seqbegin(sl) read_seqcount_begin(&(sl)->seqcount)
#define read_seqretry(sl, start) read_seqcount_retry(&(sl)->seqcount, start)

#define write_seqlock(sl) \
	do { spin_lock(&(sl)->lock); write_seqcount_begin(&(sl)->seqcount); } while (0)
#define write_sequnlock(sl) \
	do { write_seqcount_end(&(sl)->seqcount); spin_unlock(&(sl)->lock); } while (0)
#define write_seqlock_bh(sl) \
	do { spin_lock_bh(&(sl)->lock); write_seqcount_begin(&(sl)->seqcount); } while (0)
#define write_sequnlock_bh(sl) \
	do { write_seqcount_end(&(sl)->seqcount); spin_unlock_bh(&(sl)->lock); } while (0)
#define write_seqlock_irq(sl) \
	do { spin_lock_irq(&(sl)->lock); write_seqcount_begin(&(sl)->seqcount); } while (0)
#define write_sequnlock_irq(sl) \
	do { write_seqcount_end(&(sl)->seqcount); spin_unlock_irq(&(sl)->lock); } while (0)
#define write_seqlock_irqsave(sl, flags)                                        \
	do {                                                                    \
		spin_lock_irqsave(&(sl)->lock, flags);                          \
		write_seqcount_begin(&(sl)->seqcount);                          \
	} while (0)
#define write_sequnlock_irqrestore(sl, flags)                                   \
	do {                                                                    \
		write_seqcount_end(&(sl)->seqcount);                            \
		spin_unlock_irqrestore(&(sl)->lock, flags);                     \
	} while (0)

/* Exclusive readers: take the writers' lock without bumping the sequence. */
#define read_seqlock_excl(sl) spin_lock(&(sl)->lock)
#define read_sequnlock_excl(sl) spin_unlock(&(sl)->lock)
#define read_seqlock_excl_bh(sl) spin_lock_bh(&(sl)->lock)
#define read_sequnlock_excl_bh(sl) spin_unlock_bh(&(sl)->lock)
#define read_seqlock_excl_irqsave(sl, flags) spin_lock_irqsave(&(sl)->lock, flags)
#define read_sequnlock_excl_irqrestore(sl, flags) spin_unlock_irqrestore(&(sl)->lock, flags)

#endif /* KWORK_LINUX_SEQLOCK_H */
