/*
 * test_llist.c - lock-less lists (linux/llist.h): LIFO add, batch add,
 * del_first/del_all/reverse, the iterators, and concurrent producers with
 * one consumer losing nothing.
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <linux/llist.h>

#include <pthread.h>

struct item {
	int v;
	struct llist_node node;
};

KWT_TEST("llist", llist_add_is_lifo_and_reports_empty)
{
	LLIST_HEAD(head);
	struct item it[3] = { { .v = 0 }, { .v = 1 }, { .v = 2 } };
	KWT_ASSERT(llist_empty(&head));
	KWT_ASSERT(llist_add(&it[0].node, &head));
	KWT_ASSERT(!llist_add(&it[1].node, &head));
	KWT_ASSERT(!llist_add(&it[2].node, &head));
	KWT_ASSERT(!llist_empty(&head));

	struct item *pos;
	int seen[3], n = 0;
	llist_for_each_entry(pos, head.first, node)
		seen[n++] = pos->v;
	KWT_ASSERT_EQ(n, 3);
	KWT_ASSERT_EQ(seen[0], 2);
	KWT_ASSERT_EQ(seen[2], 0);

	struct llist_node *first = llist_del_first(&head);
	KWT_ASSERT(first == &it[2].node);
	struct llist_node *all = llist_reverse_order(llist_del_all(&head));
	KWT_ASSERT(llist_empty(&head));
	KWT_ASSERT(llist_del_first(&head) == NULL);
	KWT_ASSERT(llist_del_all(&head) == NULL);
	n = 0;
	struct llist_node *p;
	llist_for_each(p, all)
		seen[n++] = llist_entry(p, struct item, node)->v;
	KWT_ASSERT_EQ(n, 2);
	KWT_ASSERT_EQ(seen[0], 0);
	KWT_ASSERT_EQ(seen[1], 1);
}

KWT_TEST("llist", llist_add_batch_and_safe_iteration)
{
	struct llist_head head;
	init_llist_head(&head);
	struct item it[4];
	for (int i = 0; i < 4; i++) {
		it[i].v = i;
		it[i].node.next = i < 3 ? &it[i + 1].node : NULL;
	}
	KWT_ASSERT(llist_add_batch(&it[2].node, &it[3].node, &head));
	it[1].node.next = NULL;
	KWT_ASSERT(!llist_add_batch(&it[0].node, &it[1].node, &head));

	struct item *pos, *n;
	int sum = 0, count = 0;
	llist_for_each_entry_safe(pos, n, llist_del_all(&head), node) {
		sum += pos->v * (count + 1);
		count++;
		init_llist_node(&pos->node);	/* safe: next was saved */
	}
	KWT_ASSERT_EQ(count, 4);
	KWT_ASSERT_EQ(sum, 0 * 1 + 1 * 2 + 2 * 3 + 3 * 4);
	KWT_ASSERT(!llist_on_list(&it[0].node));

	struct llist_node *p, *q;
	it[0].node.next = NULL;
	llist_add(&it[0].node, &head);
	count = 0;
	llist_for_each_safe(p, q, llist_del_all(&head)) {
		p->next = NULL;
		count++;
	}
	KWT_ASSERT_EQ(count, 1);
}

enum { PRODUCERS = 2, PER_PRODUCER = 20000 };

static LLIST_HEAD(shared);
static struct item pool[PRODUCERS][PER_PRODUCER];

static void *producer(void *arg)
{
	struct item *mine = arg;
	for (int i = 0; i < PER_PRODUCER; i++) {
		mine[i].v = i + 1;
		llist_add(&mine[i].node, &shared);
	}
	return NULL;
}

KWT_TEST("llist", llist_concurrent_adds_lose_nothing)
{
	pthread_t th[PRODUCERS];
	for (int i = 0; i < PRODUCERS; i++)
		KWT_ASSERT_EQ(pthread_create(&th[i], NULL, producer, pool[i]), 0);
	long taken = 0, sum = 0;
	bool use_first = false;
	/* One consumer racing the producers, alternating del_first/del_all. */
	while (taken < (long)PRODUCERS * PER_PRODUCER) {
		use_first = !use_first;
		if (use_first) {
			struct llist_node *n = llist_del_first(&shared);
			if (n) {
				sum += llist_entry(n, struct item, node)->v;
				taken++;
			}
			continue;
		}
		struct item *pos;
		llist_for_each_entry(pos, llist_del_all(&shared), node) {
			sum += pos->v;
			taken++;
		}
	}
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(th[i], NULL);
	KWT_ASSERT(llist_empty(&shared));
	KWT_ASSERT_EQ(taken, (long)PRODUCERS * PER_PRODUCER);
	KWT_ASSERT_EQ(sum, (long)PRODUCERS * PER_PRODUCER * (PER_PRODUCER + 1) / 2);
}
