/*
 * linux/llist.h - lock-less singly linked list (NULL-terminated, LIFO).
 *
 * Any number of threads may llist_add / llist_add_batch / llist_del_all
 * concurrently, without locks: adding is a compare-and-swap on the head,
 * deleting everything an exchange with NULL. llist_del_first is safe
 * against concurrent adders but only one thread may run llist_del_first
 * (or llist_del_all racing with it) at a time, the kernel's rule: two
 * concurrent first-deleters could hit ABA. The list is LIFO; a consumer
 * wanting FIFO order calls llist_reverse_order on what llist_del_all took.
 *
 * Atomics: the GCC/C11 __atomic builtins (valid in C and C++). Adding
 * releases, so a consumer that took the entries (acquire) sees every write
 * the producer made to them before adding.
 */
#ifndef KWORK_LINUX_LLIST_H
#define KWORK_LINUX_LLIST_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <stddef.h>
#include <stdint.h>

struct llist_node {
	struct llist_node *next;
};

struct llist_head {
	struct llist_node *first;	/* atomic */
};

#define LLIST_HEAD_INIT(name) { NULL }
#define LLIST_HEAD(name) struct llist_head name = LLIST_HEAD_INIT(name)

static inline void init_llist_head(struct llist_head *list)
{
	__atomic_store_n(&list->first, (struct llist_node *)NULL,
			 __ATOMIC_RELAXED);
}

/* init_llist_node - mark node as off any list (next points to itself). */
static inline void init_llist_node(struct llist_node *node)
{
	node->next = node;
}

/* llist_on_list - true unless node was marked by init_llist_node. */
static inline bool llist_on_list(const struct llist_node *node)
{
	return node->next != node;
}

#define llist_entry(ptr, type, member) container_of(ptr, type, member)

#define llist_entry_safe(ptr, type, member)                                \
	({                                                                 \
		__typeof__(ptr) __kw_p = (ptr);                            \
		__kw_p ? llist_entry(__kw_p, type, member) : NULL;         \
	})

#define llist_for_each(pos, node) for ((pos) = (node); (pos); (pos) = (pos)->next)

#define llist_for_each_safe(pos, n, node)                                  \
	for ((pos) = (node); (pos) && ((n) = (pos)->next, true); (pos) = (n))

/*
 * The entry iterators convert a node only when it is not NULL (the
 * kernel's form computes container_of(NULL) and tests the member's
 * address, which is undefined behaviour in C and fails UBSan).
 */
#define llist_for_each_entry(pos, node, member)                            \
	for ((pos) = llist_entry_safe((node), __typeof__(*(pos)), member); \
	     (pos);                                                        \
	     (pos) = llist_entry_safe((pos)->member.next, __typeof__(*(pos)), member))

#define llist_for_each_entry_safe(pos, n, node, member)                    \
	for ((pos) = llist_entry_safe((node), __typeof__(*(pos)), member); \
	     (pos) &&                                                      \
	     ((n) = llist_entry_safe((pos)->member.next, __typeof__(*(pos)), member), \
	      true);                                                       \
	     (pos) = (n))

/* llist_empty - true if head has no entries (a racy snapshot). */
static inline bool llist_empty(const struct llist_head *head)
{
	return __atomic_load_n(&head->first, __ATOMIC_RELAXED) == NULL;
}

static inline struct llist_node *llist_next(struct llist_node *node)
{
	return node->next;
}

/*
 * llist_add_batch - push the chain new_first..new_last (already linked
 * through ->next) onto head in one step. Context: any, lock-free.
 * Return: true if head was empty before.
 */
static inline bool llist_add_batch(struct llist_node *new_first,
				   struct llist_node *new_last,
				   struct llist_head *head)
{
	struct llist_node *first = __atomic_load_n(&head->first,
						   __ATOMIC_RELAXED);
	do {
		new_last->next = first;
	} while (!__atomic_compare_exchange_n(&head->first, &first, new_first,
					      true, __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	return first == NULL;
}

/* llist_add - push one node. Return: true if head was empty before. */
static inline bool llist_add(struct llist_node *node, struct llist_head *head)
{
	return llist_add_batch(node, node, head);
}

/*
 * llist_del_all - take every entry, newest first. Context: any, lock-free.
 * Return: the first node of the taken chain, or NULL.
 */
static inline struct llist_node *llist_del_all(struct llist_head *head)
{
	return __atomic_exchange_n(&head->first, (struct llist_node *)NULL,
				   __ATOMIC_ACQUIRE);
}

/*
 * llist_del_first - take the newest entry. Context: concurrent adders are
 * fine; only one thread may delete from head at a time (see top).
 * Return: the node, or NULL if head was empty.
 */
static inline struct llist_node *llist_del_first(struct llist_head *head)
{
	struct llist_node *entry = __atomic_load_n(&head->first,
						   __ATOMIC_ACQUIRE);
	do {
		if (!entry)
			return NULL;
	} while (!__atomic_compare_exchange_n(&head->first, &entry,
					      entry->next, true,
					      __ATOMIC_ACQUIRE,
					      __ATOMIC_ACQUIRE));
	return entry;
}

/*
 * llist_del_first_init - llist_del_first, then init_llist_node on the
 * taken node. Return: the node or NULL.
 */
static inline struct llist_node *llist_del_first_init(struct llist_head *head)
{
	struct llist_node *n = llist_del_first(head);
	if (n)
		init_llist_node(n);
	return n;
}

/* llist_reverse_order - reverse a taken chain. Return: its new first. */
static inline struct llist_node *llist_reverse_order(struct llist_node *head)
{
	struct llist_node *new_head = NULL;
	while (head) {
		struct llist_node *tmp = head;
		head = head->next;
		tmp->next = new_head;
		new_head = tmp;
	}
	return new_head;
}

#endif /* KWORK_LINUX_LLIST_H */
