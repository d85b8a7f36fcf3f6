/*
 * test_compat_containers.c - the compat headers for lockless-read and
 * container helpers: linux/seqlock.h, hash.h, hashtable.h (over the hlist
 * of linux/list.h), jhash.h, bitmap.h, ctype.h, circ_buf.h.
 *
 * The seqlock test runs a writer that keeps two fields equal under the
 * lock and readers that must never accept an unequal pair; the protected
 * fields use relaxed atomics (linux/seqlock.h: TSan-clean data access), so
 * any inconsistency is the sequence protocol's fault. The writer does a
 * fixed number of writes; readers run until it is done (no sleeps).
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <linux/bitmap.h>
#include <linux/circ_buf.h>
#include <linux/ctype.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/seqlock.h>

#include <pthread.h>

#define SEQ_WRITES kwt_loops(20000)
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

/* ---- hash.h / jhash.h ------------------------------------------------------------ */

KWT_TEST("compat hash", golden_ratio_hashes_take_the_top_bits)
{
	KWT_ASSERT_EQ(hash_32(1, 32), 0x61C88647u);
	KWT_ASSERT_EQ(hash_32(1, 4), 0x6u);
	KWT_ASSERT_EQ(hash_64(1, 32), 0x61C88646u);
	KWT_ASSERT_EQ(hash_64(2, 8), (uint32_t)((2 * GOLDEN_RATIO_64) >> 56));
	KWT_ASSERT_EQ(hash_long(1UL, 16), (uint32_t)(GOLDEN_RATIO_PRIME >> (8 * sizeof(long) - 16)));
	int x;
	KWT_ASSERT(hash_ptr(&x, 10) < 1024u);
}

KWT_TEST("compat hash", jhash_matches_lookup3_vectors)
{
	/* lookup3's own self-test values for hashlittle(). */
	KWT_ASSERT_EQ(jhash("", 0, 0), 0xdeadbeefu);
	KWT_ASSERT_EQ(jhash("Four score and seven years ago", 30, 0), 0x17770551u);
	KWT_ASSERT_EQ(jhash("Four score and seven years ago", 30, 1), 0xcd628161u);
	/* jhash2 over words equals jhash over the same bytes (little endian). */
	uint32_t w[5] = { 1, 2, 3, 4, 5 };
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
		KWT_ASSERT_EQ(jhash2(w, 5, 7), jhash(w, 20, 7));
	KWT_ASSERT_EQ(jhash_3words(1, 2, 3, 9), jhash2(w, 3, 9));
	KWT_ASSERT_EQ(jhash_2words(1, 2, 9), jhash2(w, 2, 9));
	KWT_ASSERT_EQ(jhash_1word(1, 9), jhash2(w, 1, 9));
}

/* ---- hashtable.h -------------------------------------------------------------- */

struct item {
	unsigned int key;
	struct hlist_node node;
};

KWT_TEST("compat hash", hashtable_add_find_iterate_delete)
{
	DEFINE_HASHTABLE(ht, 3);
	struct item items[40];
	KWT_ASSERT_EQ(HASH_SIZE(ht), 8u);
	KWT_ASSERT_EQ(HASH_BITS(ht), 3u);
	KWT_ASSERT(hash_empty(ht));
	for (unsigned int i = 0; i < 40; i++) {
		items[i].key = i * 7;
		INIT_HLIST_NODE(&items[i].node);
		KWT_ASSERT(!hash_hashed(&items[i].node));
		hash_add(ht, &items[i].node, items[i].key);
		KWT_ASSERT(hash_hashed(&items[i].node));
	}
	KWT_ASSERT(!hash_empty(ht));
	struct item *it;
	struct hlist_node *tmp;
	int bkt, n = 0;
	hash_for_each(ht, bkt, it, node)
		n++;
	KWT_ASSERT_EQ(n, 40);
	int found = 0;
	hash_for_each_possible(ht, it, node, 21u)
		if (it->key == 21)
			found++;
	KWT_ASSERT_EQ(found, 1);
	/* every entry lives in its key's bucket */
	hash_for_each(ht, bkt, it, node)
		KWT_ASSERT_EQ((uint32_t)bkt, hash_min(it->key, HASH_BITS(ht)));
	hash_for_each_possible_safe(ht, it, tmp, node, 21u)
		if (it->key == 21)
			hash_del(&it->node);
	KWT_ASSERT(!hash_hashed(&items[3].node));
	hash_for_each_safe(ht, bkt, tmp, it, node)
		if (it->key % 2 == 0)
			hash_del(&it->node);
	n = 0;
	hash_for_each(ht, bkt, it, node) {
		KWT_ASSERT(it->key % 2 == 1 && it->key != 21);
		n++;
	}
	KWT_ASSERT_EQ(n, 19);
	hash_for_each_safe(ht, bkt, tmp, it, node)
		hash_del(&it->node);
	KWT_ASSERT(hash_empty(ht));

	DECLARE_HASHTABLE(ht2, 2);
	hash_init(ht2);
	KWT_ASSERT(hash_empty(ht2));
	HLIST_HEAD(h);
	KWT_ASSERT(hlist_empty(&h));
	hlist_add_head(&items[0].node, &h);
	hlist_del(&items[0].node);
	KWT_ASSERT(hlist_empty(&h));
}

/* ---- bitmap.h ------------------------------------------------------------------ */

KWT_TEST("compat bitmap", operations_respect_nbits)
{
	DECLARE_BITMAP(a, 70);
	DECLARE_BITMAP(b, 70);
	DECLARE_BITMAP(d, 70);
	KWT_ASSERT_EQ(sizeof(a), BITS_TO_LONGS(70) * sizeof(long));
	bitmap_zero(a, 70);
	KWT_ASSERT(bitmap_empty(a, 70));
	bitmap_fill(b, 70);
	KWT_ASSERT(bitmap_full(b, 70));
	KWT_ASSERT_EQ(bitmap_weight(b, 70), 70u);
	KWT_ASSERT_EQ(b[BITS_TO_LONGS(70) - 1], BITMAP_LAST_WORD_MASK(70));	/* tail clear */
	bitmap_set(a, 3, 5);		/* 3..7 */
	bitmap_set(a, 64, 3);		/* 64..66 */
	KWT_ASSERT_EQ(bitmap_weight(a, 70), 8u);
	KWT_ASSERT_EQ(find_first_bit(a, 70), 3ul);
	KWT_ASSERT_EQ(find_next_bit(a, 70, 8), 64ul);
	KWT_ASSERT_EQ(find_first_zero_bit(a, 70), 0ul);
	KWT_ASSERT_EQ(find_next_zero_bit(a, 70, 3), 8ul);
	unsigned long bit, n = 0;
	for_each_set_bit(bit, a, 70)
		n += bit;
	KWT_ASSERT_EQ(n, 3ul + 4 + 5 + 6 + 7 + 64 + 65 + 66);
	n = 0;
	for_each_clear_bit(bit, a, 70)
		n++;
	KWT_ASSERT_EQ(n, 62ul);
	bitmap_clear(a, 4, 2);		/* 3, 6, 7, 64..66 */
	KWT_ASSERT_EQ(bitmap_weight(a, 70), 6u);
	bitmap_complement(d, a, 70);
	KWT_ASSERT_EQ(bitmap_weight(d, 70), 64u);
	KWT_ASSERT(!bitmap_intersects(a, d, 70));
	KWT_ASSERT(!bitmap_and(b, a, d, 70));		/* empty result */
	KWT_ASSERT(bitmap_empty(b, 70));
	bitmap_or(b, a, d, 70);
	KWT_ASSERT(bitmap_full(b, 70));
	bitmap_xor(b, b, a, 70);
	KWT_ASSERT(bitmap_equal(b, d, 70));
	KWT_ASSERT(bitmap_andnot(b, b, a, 70));
	KWT_ASSERT(bitmap_subset(a, a, 70));
	KWT_ASSERT(!bitmap_subset(a, d, 70));
	bitmap_copy(b, a, 70);
	b[1] |= 1UL << 20;		/* past nbits: ignored by queries */
	KWT_ASSERT(bitmap_equal(a, b, 70));
	KWT_ASSERT(bitmap_and(d, a, a, 70));
}

/* ---- ctype.h ------------------------------------------------------------------- */

KWT_TEST("compat ctype", kernel_classes_independent_of_locale)
{
	KWT_ASSERT(isdigit('7') && !isdigit('a'));
	KWT_ASSERT(isxdigit('F') && isxdigit('a') && !isxdigit('g'));
	KWT_ASSERT(isalpha('q') && isupper('Q') && islower('q') && !isalpha('1'));
	KWT_ASSERT(isalnum('Z') && isalnum('0') && !isalnum('_'));
	KWT_ASSERT(isspace(' ') && isspace('\t') && isspace('\r') && !isspace('x'));
	KWT_ASSERT(ispunct('!') && ispunct('~') && !ispunct('a'));
	KWT_ASSERT(iscntrl('\n') && iscntrl(0x7f) && !iscntrl(' '));
	KWT_ASSERT(isprint(' ') && !isgraph(' ') && isgraph('#') && !isprint(0x7f));
	/* bytes above ASCII: Latin-1 classes, 0x80..0x9f in none */
	KWT_ASSERT(!isprint(0x85) && !iscntrl(0x85) && !isalpha(0x85));
	KWT_ASSERT(isspace(0xa0) && isupper(0xc0) && ispunct(0xd7) && islower(0xe9));
	KWT_ASSERT_EQ(tolower('A'), 'a');
	KWT_ASSERT_EQ(toupper('z'), 'Z');
	KWT_ASSERT_EQ(tolower('1'), '1');
	KWT_ASSERT_EQ(tolower(0xc9), 0xe9);
	KWT_ASSERT_EQ(toupper(0xe9), 0xc9);
	KWT_ASSERT(isascii('a') && !isascii(0x80));
	KWT_ASSERT_EQ(_tolower('Q'), 'q');
	KWT_ASSERT(isodigit('7') && !isodigit('8'));
}

/* ---- circ_buf.h ------------------------------------------------------------------ */

KWT_TEST("compat circ_buf", counts_match_a_naive_ring_for_every_position)
{
	const int size = 8;
	for (int head = 0; head < size; head++)
		for (int tail = 0; tail < size; tail++) {
			int cnt = (head - tail + size) % size;
			int space = size - 1 - cnt;
			int cnt_end = cnt < size - tail ? cnt : size - tail;
			int space_end = space < size - head ? space : size - head;
			KWT_ASSERT_EQ(CIRC_CNT(head, tail, size), cnt);
			KWT_ASSERT_EQ(CIRC_SPACE(head, tail, size), space);
			KWT_ASSERT_EQ(CIRC_CNT_TO_END(head, tail, size), cnt_end);
			KWT_ASSERT_EQ(CIRC_SPACE_TO_END(head, tail, size), space_end);
		}
}
