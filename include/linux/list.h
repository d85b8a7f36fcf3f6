/* linux/list.h - the kernel's doubly linked list API over kwork/list.h. */
#ifndef KWORK_LINUX_LIST_H
#define KWORK_LINUX_LIST_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <kwork/list.h>

#define LIST_HEAD_INIT(name) KW_LIST_HEAD_INIT(name)
#define LIST_HEAD(name) struct kw_list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct kw_list_head *h) { kw_list_init(h); }
static inline void list_add(struct kw_list_head *n, struct kw_list_head *h)
{
	kw_list_add(n, h);
}
static inline void list_add_tail(struct kw_list_head *n, struct kw_list_head *h)
{
	kw_list_add_tail(n, h);
}
/* list_del: unlink and poison (kernel: LIST_POISON1/2). */
static inline void list_del(struct kw_list_head *n)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
	n->next = (struct kw_list_head *)(uintptr_t)0x100;
	n->prev = (struct kw_list_head *)(uintptr_t)0x122;
}
static inline void list_del_init(struct kw_list_head *n) { kw_list_del_init(n); }
static inline int list_empty(const struct kw_list_head *h) { return kw_list_empty(h); }
static inline int list_is_last(const struct kw_list_head *n,
			       const struct kw_list_head *h)
{
	return n->next == h;
}
static inline int list_is_first(const struct kw_list_head *n,
				const struct kw_list_head *h)
{
	return n->prev == h;
}
static inline int list_is_singular(const struct kw_list_head *h)
{
	return !kw_list_empty(h) && h->next == h->prev;
}
static inline void list_move(struct kw_list_head *n, struct kw_list_head *h)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
	kw_list_add(n, h);
}
static inline void list_move_tail(struct kw_list_head *n, struct kw_list_head *h)
{
	kw_list_move_tail(n, h);
}
static inline void list_splice_tail_init(struct kw_list_head *src,
					 struct kw_list_head *dst)
{
	kw_list_splice_tail_init(src, dst);
}
static inline void list_replace(struct kw_list_head *old, struct kw_list_head *n)
{
	n->next = old->next;
	n->next->prev = n;
	n->prev = old->prev;
	n->prev->next = n;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) list_entry((head)->prev, type, member)
#define list_first_entry_or_null(head, type, member) \
	(!list_empty(head) ? list_first_entry(head, type, member) : NULL)
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) \
	list_entry((pos)->member.prev, __typeof__(*(pos)), member)
#define list_entry_is_head(pos, head, member) (&(pos)->member == (head))
#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_safe(pos, n, head) \
	for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)
#define list_for_each_entry(pos, head, member)                                \
	for (pos = list_first_entry(head, __typeof__(*pos), member);          \
	     !list_entry_is_head(pos, head, member);                          \
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_reverse(pos, head, member)                        \
	for (pos = list_last_entry(head, __typeof__(*pos), member);           \
	     !list_entry_is_head(pos, head, member);                          \
	     pos = list_prev_entry(pos, member))
#define list_for_each_entry_safe(pos, n, head, member)                        \
	for (pos = list_first_entry(head, __typeof__(*pos), member),          \
	     n = list_next_entry(pos, member);                                \
	     !list_entry_is_head(pos, head, member);                          \
	     pos = n, n = list_next_entry(n, member))

/* ---- hlist: singly headed lists (hash buckets) over kwork/list.h ------------ */

#define HLIST_HEAD_INIT { .first = NULL }
#define HLIST_HEAD(name) struct kw_hlist_head name = { .first = NULL }
#define INIT_HLIST_HEAD(h) ((h)->first = NULL)
static inline void INIT_HLIST_NODE(struct kw_hlist_node *n)
{
	n->next = NULL;
	n->pprev = NULL;
}
static inline int hlist_unhashed(const struct kw_hlist_node *n) { return kw_hlist_unhashed(n); }
static inline int hlist_empty(const struct kw_hlist_head *h) { return !READ_ONCE(h->first); }
static inline void hlist_add_head(struct kw_hlist_node *n, struct kw_hlist_head *h)
{
	kw_hlist_add_head(n, h);
}
static inline void hlist_del_init(struct kw_hlist_node *n) { kw_hlist_del_init(n); }
/* hlist_del: unlink and poison (kernel: LIST_POISON1/2); n must be hashed. */
static inline void hlist_del(struct kw_hlist_node *n)
{
	struct kw_hlist_node *next = n->next, **pprev = n->pprev;
	*pprev = next;
	if (next)
		next->pprev = pprev;
	n->next = (struct kw_hlist_node *)(uintptr_t)0x100;
	n->pprev = (struct kw_hlist_node **)(uintptr_t)0x122;
}

#define hlist_entry(ptr, type, member) container_of(ptr, type, member)
#define hlist_entry_safe(ptr, type, member)                                   \
	({                                                                    \
		__typeof__(ptr) ____ptr = (ptr);                              \
		____ptr ? hlist_entry(____ptr, type, member) : NULL;          \
	})
#define hlist_for_each(pos, head) \
	for (pos = (head)->first; pos; pos = pos->next)
#define hlist_for_each_safe(pos, n, head)                                     \
	for (pos = (head)->first; pos && ({ n = pos->next; 1; }); pos = n)
#define hlist_for_each_entry(pos, head, member)                               \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)), member); \
	     pos;                                                             \
	     pos = hlist_entry_safe((pos)->member.next, __typeof__(*(pos)), member))
/* n is a struct hlist_node * (the kernel's form). */
#define hlist_for_each_entry_safe(pos, n, head, member)                       \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)), member); \
	     pos && ({ n = pos->member.next; 1; });                           \
	     pos = hlist_entry_safe(n, __typeof__(*(pos)), member))

#endif /* KWORK_LINUX_LIST_H */
