/*
 * wait_bit.c - the shared, hashed wait queue heads of wait_on_bit and
 * wait_var_event, their keyed wake functions, and the wake-ups.
 *
 * Layer: task core. A fixed table of heads, set up once by the library's
 * start-up (kw__wait_bit_init, from init.c) before any entry point runs.
 * (word, bit) hashes to one head; a variable is (var, -1). Several keys may
 * share a head: the wake functions compare the entry's key with the waker's
 * and skip the others, and a wake-up walks with nr_exclusive 1, which only
 * counts the entries that were woken.
 *
 * Locks: each head's own lock, as in wait.c; the table itself is written
 * only at start-up.
 */
#include "wait_internal.h"

#include <kwork/wait_bit.h>

#include <errno.h>
#include <stdint.h>

#define WAIT_TABLE_BITS 8
#define WAIT_TABLE_SIZE (1 << WAIT_TABLE_BITS)

static struct kw_wait_queue_head bit_wait_table[WAIT_TABLE_SIZE];

void kw__wait_bit_init(void);

/* Called once by the library start-up (init.c). */
void kw__wait_bit_init(void)
{
	for (int i = 0; i < WAIT_TABLE_SIZE; i++)
		kw_init_waitqueue_head(&bit_wait_table[i]);
}

/* Multiplicative hash of (word, bit) onto the table. */
static struct kw_wait_queue_head *hashed_head(const void *word, int bit)
{
	uint64_t v = ((uint64_t)(uintptr_t)word << 6) + (uint64_t)(bit + 1);
	return &bit_wait_table[(v * 0x61C8864680B583EBull) >>
			       (64 - WAIT_TABLE_BITS)];
}

struct kw_wait_queue_head *kw_bit_waitqueue(void *word, int bit)
{
	return hashed_head(word, bit);
}

struct kw_wait_queue_head *kw___var_waitqueue(void *var)
{
	return hashed_head(var, -1);
}

static bool same_key(struct kw_wait_queue_entry *e,
		     const struct kw_wait_bit_key *key)
{
	struct kw_wait_bit_queue_entry *wbq =
		kw_container_of(e, struct kw_wait_bit_queue_entry, wq_entry);
	return wbq->key.flags == key->flags && wbq->key.bit_nr == key->bit_nr;
}

int kw_var_wake_function(struct kw_wait_queue_entry *e, unsigned int mode,
			 int flags, void *key)
{
	if (!same_key(e, key))
		return 0;
	return kw_autoremove_wake_function(e, mode, flags, key);
}

int kw_wake_bit_function(struct kw_wait_queue_entry *e, unsigned int mode,
			 int flags, void *key)
{
	const struct kw_wait_bit_key *k = key;
	if (!same_key(e, k) || kw_test_bit(k->bit_nr, k->flags))
		return 0;
	return kw_autoremove_wake_function(e, mode, flags, key);
}

static void init_bit_entry(struct kw_wait_bit_queue_entry *wbq, void *word,
			   int bit, unsigned int flags, kw_wait_queue_func_t fn)
{
	wbq->key.flags = word;
	wbq->key.bit_nr = bit;
	kw_init_wait_entry(&wbq->wq_entry, flags);
	wbq->wq_entry.func = fn;
}

void kw_init_wait_var_entry(struct kw_wait_bit_queue_entry *wbq, void *var,
			    unsigned int flags)
{
	init_bit_entry(wbq, var, -1, flags, kw_var_wake_function);
}

void kw___wake_up_bit(struct kw_wait_queue_head *wq, void *word, int bit)
{
	struct kw_wait_bit_key key = { word, bit };
	if (kw_wq_has_sleeper(wq))
		kw___wake_up(wq, KW_TASK_NORMAL, 1, &key);
}

void kw_wake_up_bit(void *word, int bit)
{
	kw___wake_up_bit(kw_bit_waitqueue(word, bit), word, bit);
}

void kw_wake_up_var(void *var)
{
	kw___wake_up_bit(kw___var_waitqueue(var), var, -1);
}

void kw_clear_and_wake_up_bit(int bit, unsigned long *word)
{
	__atomic_fetch_and(&word[KW__BIT_WORD(bit)], ~KW__BIT_MASK(bit),
			   __ATOMIC_SEQ_CST);
	kw_wake_up_bit(word, bit);
}

static bool bit_set_acquire(unsigned long *word, int bit)
{
	return __atomic_load_n(&word[KW__BIT_WORD(bit)], __ATOMIC_ACQUIRE) &
	       KW__BIT_MASK(bit);
}

/* The kernel's __wait_on_bit with bit_wait as the action. */
int kw_wait_on_bit(unsigned long *word, int bit, unsigned int mode)
{
	struct kw_wait_queue_head *wq = kw_bit_waitqueue(word, bit);
	struct kw_wait_bit_queue_entry wbq;
	int ret = 0;

	kw_might_sleep();
	if (!bit_set_acquire(word, bit))
		return 0;
	init_bit_entry(&wbq, word, bit, 0, kw_wake_bit_function);
	do {
		kw_prepare_to_wait(wq, &wbq.wq_entry, mode);
		if (kw_test_bit(bit, word)) {
			kw_schedule();
			if (kw__signal_pending_state(mode, kw_current()))
				ret = -EINTR;
		}
	} while (bit_set_acquire(word, bit) && !ret);
	kw_finish_wait(wq, &wbq.wq_entry);
	return ret;
}
