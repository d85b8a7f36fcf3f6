/*
 * inbox_internal.h - the lock-free inbox shared by kthread_worker and the
 * workqueue's pool_workqueues: an intrusive FIFO of claimed items, linked
 * through their kw_list_head's next, with many producers and one consumer
 * (whoever holds the owner's lock).
 *
 * Layer: internal helper, no dependencies beyond atomics.
 *
 * A producer swaps its node in as the tail (sequentially consistent, so a
 * producer's later load and a consumer's earlier store pair up: one of the
 * two sees the other), then links the previous tail to it. The consumer
 * follows the links from its head. An anchor node stands in while the
 * inbox is empty, so the queue always has one node. Between a producer's
 * swap and its link the inbox is "linking": the consumer sees the tail
 * moved but no link yet, and waits the producer out (a few instructions;
 * the producer holds no lock).
 *
 * The three words live in the owner (the layout, and which cache line the
 * producers' tail shares, is the owner's choice): head and anchor are the
 * consumer's, tail is the producers'.
 */
#ifndef KWORK_INBOX_INTERNAL_H
#define KWORK_INBOX_INTERNAL_H

#include <sched.h>
#include <stdbool.h>
#include <time.h>

#include <kwork/list.h>
#include <kwork/sync.h>

struct kw__inbox {
	struct kw_list_head **head;	/* consumer's end (owner's lock) */
	struct kw_list_head *anchor;	/* the node of the empty inbox */
	struct kw_list_head **tail;	/* producers' end (atomic) */
};

/* Make the inbox empty: head and tail at the anchor. Before any use. */
static inline void kw__inbox_init(struct kw__inbox in)
{
	*in.head = in.anchor;
	*in.tail = in.anchor;
}

static inline struct kw_list_head *kw__inbox_next(struct kw_list_head *n)
{
	return __atomic_load_n(&n->next, __ATOMIC_ACQUIRE);
}

/* Append n (a producer; no lock). The tail swap is sequentially consistent. */
static inline void kw__inbox_append(struct kw__inbox in, struct kw_list_head *n)
{
	__atomic_store_n(&n->next, NULL, __ATOMIC_RELAXED);
	struct kw_list_head *prev = __atomic_exchange_n(in.tail, n,
							__ATOMIC_SEQ_CST);
	__atomic_store_n(&prev->next, n, __ATOMIC_RELEASE);
}

/* True if the inbox holds nothing, not even a node being linked. Racy
 * unless the caller is the consumer; sequentially consistent load. */
static inline bool kw__inbox_empty(struct kw__inbox in)
{
	return *in.head == in.anchor && !kw__inbox_next(in.anchor) &&
	       __atomic_load_n(in.tail, __ATOMIC_SEQ_CST) == in.anchor;
}

/*
 * Take the oldest node (the consumer). Return: the node, or NULL if the
 * inbox is empty or its oldest node is not linked yet (*linking: retry).
 */
static inline struct kw_list_head *kw__inbox_take(struct kw__inbox in,
						  bool *linking)
{
	struct kw_list_head *head = *in.head;
	struct kw_list_head *next = kw__inbox_next(head);

	if (head == in.anchor) {
		if (!next) {
			*linking = __atomic_load_n(in.tail, __ATOMIC_SEQ_CST) !=
				   in.anchor;
			return NULL;
		}
		head = next;
		*in.head = head;
		next = kw__inbox_next(head);
	}
	if (!next) {
		/* head is the last node: queue the anchor behind it. */
		if (head != __atomic_load_n(in.tail, __ATOMIC_SEQ_CST)) {
			*linking = true;
			return NULL;
		}
		kw__inbox_append(in, in.anchor);
		next = kw__inbox_next(head);
		if (!next) {
			*linking = true;	/* a producer got in between */
			return NULL;
		}
	}
	*in.head = next;
	*linking = false;
	return head;
}

/*
 * One step of waiting for a thread that needs no lock to finish: spin,
 * then yield, then sleep briefly (a real sleep lets a preempted producer
 * run even when the waiter has a real-time priority).
 */
static inline void kw__inbox_backoff(unsigned int spins)
{
	if (spins < 64)
		kw_cpu_relax();
	else if (spins < 128)
		sched_yield();
	else
		nanosleep(&(struct timespec){ .tv_nsec = 20000 }, NULL);
}

/* kw__inbox_take, waiting out a producer that has not linked yet.
 * Return: the oldest node, or NULL if the inbox is empty. */
static inline struct kw_list_head *kw__inbox_take_wait(struct kw__inbox in)
{
	bool linking;
	struct kw_list_head *n;
	for (unsigned int spins = 0; !(n = kw__inbox_take(in, &linking)) && linking;
	     spins++)
		kw__inbox_backoff(spins);
	return n;
}

#endif
