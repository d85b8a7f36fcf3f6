/*
 * kwork/list.h - the intrusive doubly linked list every kwork object embeds.
 *
 * Layer: public API, header only. Same shape and semantics as the kernel's
 * struct list_head (a circular list with a sentinel head); <linux/list.h> maps
 * the kernel names onto these. No locking: the owner of the list serialises.
 */
#ifndef KWORK_LIST_H
#define KWORK_LIST_H

#include <kwork/compiler.h>

struct kw_list_head {
	struct kw_list_head *next, *prev;
};

/* KW_LIST_HEAD_INIT - LIST_HEAD_INIT(): a static empty list (both links at itself). */
#define KW_LIST_HEAD_INIT(name) { &(name), &(name) }

/* kw_list_init - INIT_LIST_HEAD(): h empty (both links at itself). Any entries are forgotten. */
static inline void kw_list_init(struct kw_list_head *h)
{
	h->next = h;
	h->prev = h;
}

/* kw__list_insert - __list_add(): link n between prev and next, which must be adjacent. */
static inline void kw__list_insert(struct kw_list_head *n,
				   struct kw_list_head *prev,
				   struct kw_list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* Insert n right after h (stack order). */
static inline void kw_list_add(struct kw_list_head *n, struct kw_list_head *h)
{
	kw__list_insert(n, h, h->next);
}

/* Insert n right before h (queue order when h is the head). */
static inline void kw_list_add_tail(struct kw_list_head *n,
				    struct kw_list_head *h)
{
	kw__list_insert(n, h->prev, h);
}

/* Unlink n and leave it pointing at itself (so kw_list_empty(n) is true). */
static inline void kw_list_del_init(struct kw_list_head *n)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
	kw_list_init(n);
}

/*
 * kw_list_empty - list_empty(): h->next is h. A relaxed load, so it may be
 * called without the list's lock as a racy hint (as kw_waitqueue_active does).
 * Return: true if h has no entries (for an entry: it is unlinked by kw_list_del_init).
 */
static inline bool kw_list_empty(const struct kw_list_head *h)
{
	return __atomic_load_n(&h->next, __ATOMIC_RELAXED) == h;
}

/* Move n from wherever it is to the tail of h. */
static inline void kw_list_move_tail(struct kw_list_head *n,
				     struct kw_list_head *h)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
	kw_list_add_tail(n, h);
}

/* Append every entry of src to the tail of dst and empty src. */
static inline void kw_list_splice_tail_init(struct kw_list_head *src,
					    struct kw_list_head *dst)
{
	if (kw_list_empty(src))
		return;
	struct kw_list_head *first = src->next, *last = src->prev;
	first->prev = dst->prev;
	dst->prev->next = first;
	last->next = dst;
	dst->prev = last;
	kw_list_init(src);
}

/* kw_list_entry - list_entry(): the type containing the list node ptr as member. */
#define kw_list_entry(ptr, type, member) kw_container_of(ptr, type, member)
/* kw_list_first_entry - list_first_entry(): the first entry; head must not be empty. */
#define kw_list_first_entry(head, type, member) \
	kw_list_entry((head)->next, type, member)

/*
 * Hash-list node (the kernel's hlist_node): one pointer heads, so a bucket
 * array costs one word per bucket. pprev == NULL means "not on a list".
 */
struct kw_hlist_node {
	struct kw_hlist_node *next, **pprev;
};

struct kw_hlist_head {
	struct kw_hlist_node *first;
};

/* kw_hlist_unhashed - hlist_unhashed(): relaxed load. Return: true if n is on no list. */
static inline bool kw_hlist_unhashed(const struct kw_hlist_node *n)
{
	return __atomic_load_n(&n->pprev, __ATOMIC_RELAXED) == NULL;
}

/* kw_hlist_add_head - hlist_add_head(): link n first in bucket h; n must be unhashed. */
static inline void kw_hlist_add_head(struct kw_hlist_node *n,
				     struct kw_hlist_head *h)
{
	struct kw_hlist_node *first = h->first;
	n->next = first;
	if (first)
		first->pprev = &n->next;
	h->first = n;
	__atomic_store_n(&n->pprev, &h->first, __ATOMIC_RELAXED);
}

/* Unlink n and mark it unhashed. */
static inline void kw_hlist_del_init(struct kw_hlist_node *n)
{
	if (kw_hlist_unhashed(n))
		return;
	struct kw_hlist_node *next = n->next, **pprev = n->pprev;
	*pprev = next;
	if (next)
		next->pprev = pprev;
	n->next = NULL;
	__atomic_store_n(&n->pprev, NULL, __ATOMIC_RELAXED);
}

#endif /* KWORK_LIST_H */
