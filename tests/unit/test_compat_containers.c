/*
 * test_compat_containers.c - the compat headers for lockless-read and
 * container helpers: linux/seqlock.h (so far).
 *
 * The seqlock test runs a writer that keeps two fields equal under the
 * lock and readers that must never accept an unequal pair; the protected
 * fields use relaxed atomics (linux/seqlock.h: TSan-clean data access), so
 * any inconsistency is the sequence protocol's fault. The writer does a
 * fixed number of writes; readers run until it is done (no sleeps).
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <linux/seqlock.h>

#include <pthread.h>

#define SEQ_WRITES 20000
#define SEQ_READERS 2

static DEFINE_SEQLOCK(sl);
static unsigned long field_a, field_b;
static int writer_done;

static void *seq_writer(void *arg)
{
	(void)arg;
	for (unsigned long i = 1; i <= SEQ_WRITES; i++) {
		unsigned long flags;
		if (i & 1) {
			write_seqlock(&sl);
		} else {
			write_seqlock_irqsave(&sl, flags);
		}
		__atomic_store_n(&field_a, i, __ATOMIC_RELAXED);
		__atomic_store_n(&field_b, i, __ATOMIC_RELAXED);
		if (i & 1)
			write_sequnlock(&sl);
		else
			write_sequnlock_irqrestore(&sl, flags);
	}
	__atomic_store_n(&writer_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void *seq_reader(void *arg)
{
	long *bad = arg;
	while (!__atomic_load_n(&writer_done, __ATOMIC_ACQUIRE)) {
		unsigned int seq;
		unsigned long a, b;
		do {
			seq = read_seqbegin(&sl);
			a = __atomic_load_n(&field_a, __ATOMIC_RELAXED);
			b = __atomic_load_n(&field_b, __ATOMIC_RELAXED);
		} while (read_seqretry(&sl, seq));
		if (a != b)
			(*bad)++;
	}
	return NULL;
}

KWT_TEST("compat seqlock", readers_never_accept_a_torn_pair)
{
	pthread_t w, r[SEQ_READERS];
	long bad[SEQ_READERS] = { 0 };
	for (int i = 0; i < SEQ_READERS; i++)
		KWT_ASSERT_EQ(pthread_create(&r[i], NULL, seq_reader, &bad[i]), 0);
	KWT_ASSERT_EQ(pthread_create(&w, NULL, seq_writer, NULL), 0);
	pthread_join(w, NULL);
	for (int i = 0; i < SEQ_READERS; i++) {
		pthread_join(r[i], NULL);
		KWT_ASSERT_EQ(bad[i], 0);
	}
	KWT_ASSERT_EQ(field_a, (unsigned long)SEQ_WRITES);
	KWT_ASSERT_EQ(sl.seqcount.sequence, 2u * SEQ_WRITES);
}

KWT_TEST("compat seqlock", seqcount_retry_sees_an_overlapping_write)
{
	seqcount_t sc;
	seqcount_init(&sc);
	unsigned int s0 = read_seqcount_begin(&sc);
	KWT_ASSERT_EQ(s0, 0u);
	KWT_ASSERT(!read_seqcount_retry(&sc, s0));
	write_seqcount_begin(&sc);
	KWT_ASSERT(raw_read_seqcount(&sc) & 1);		/* odd: in progress */
	write_seqcount_end(&sc);
	KWT_ASSERT(read_seqcount_retry(&sc, s0));
	unsigned int s1 = read_seqcount_begin(&sc);
	KWT_ASSERT_EQ(s1, 2u);
	write_seqcount_invalidate(&sc);
	KWT_ASSERT(read_seqcount_retry(&sc, s1));

	seqlock_t l;
	seqlock_init(&l);
	read_seqlock_excl(&l);
	KWT_ASSERT(spin_is_locked(&l.lock));
	KWT_ASSERT_EQ(raw_read_seqcount(&l.seqcount), 0u);	/* not bumped */
	read_sequnlock_excl(&l);
	write_seqlock_bh(&l);
	write_sequnlock_bh(&l);
	write_seqlock_irq(&l);
	write_sequnlock_irq(&l);
	KWT_ASSERT_EQ(raw_read_seqcount(&l.seqcount), 4u);
}
