/*
 * linux/rculist.h - list_head operations safe against concurrent RCU
 * readers: writers (serialized by the caller's lock) publish a new entry
 * with a release store of the pointer that makes it reachable; readers
 * walk with list_for_each_entry_rcu inside rcu_read_lock. list_del_rcu
 * leaves the entry's next intact for readers still on it; free it after a
 * grace period (synchronize_rcu, call_rcu, kfree_rcu).
 */
#ifndef KWORK_LINUX_RCULIST_H
#define KWORK_LINUX_RCULIST_H

#include <linux/list.h>
#include <linux/rcupdate.h>

static inline void kw__list_add_rcu(struct kw_list_head *n,
				    struct kw_list_head *prev,
				    struct kw_list_head *next)
{
	n->next = next;
	n->prev = prev;
	rcu_assign_pointer(prev->next, n);
	next->prev = n;
}

/* list_add_rcu - add n after head. Context: writers serialized by caller. */
static inline void list_add_rcu(struct kw_list_head *n, struct kw_list_head *head)
{
	kw__list_add_rcu(n, head, head->next);
}

static inline void list_add_tail_rcu(struct kw_list_head *n,
				     struct kw_list_head *head)
{
	kw__list_add_rcu(n, head->prev, head);
}

/* list_del_rcu - unlink entry; its next stays valid for current readers. */
static inline void list_del_rcu(struct kw_list_head *entry)
{
	entry->next->prev = entry->prev;
	__atomic_store_n(&entry->prev->next, entry->next, __ATOMIC_RELAXED);
	entry->prev = (struct kw_list_head *)(uintptr_t)0x122;
}

/* list_replace_rcu - put n where old was, for readers atomically. */
static inline void list_replace_rcu(struct kw_list_head *old,
				    struct kw_list_head *n)
{
	n->next = old->next;
	n->prev = old->prev;
	rcu_assign_pointer(n->prev->next, n);
	n->next->prev = n;
	old->prev = (struct kw_list_head *)(uintptr_t)0x122;
}

#define list_entry_rcu(ptr, type, member)                                  \
	container_of(__atomic_load_n(&(ptr), __ATOMIC_CONSUME), type, member)

#define list_first_or_null_rcu(head, type, member)                         \
	({                                                                 \
		struct kw_list_head *__kw_h = (head);                      \
		struct kw_list_head *__kw_n =                              \
			__atomic_load_n(&__kw_h->next, __ATOMIC_CONSUME);  \
		__kw_n != __kw_h ? list_entry(__kw_n, type, member) : NULL; \
	})

/*
 * list_for_each_entry_rcu(pos, head, member[, cond]) - walk inside
 * rcu_read_lock (or with the writers' lock held: cond, ignored).
 */
#define list_for_each_entry_rcu(pos, head, member, ...)                    \
	for ((pos) = list_entry_rcu((head)->next, __typeof__(*(pos)), member); \
	     &(pos)->member != (head);                                     \
	     (pos) = list_entry_rcu((pos)->member.next, __typeof__(*(pos)), member))

#define list_for_each_entry_srcu(pos, head, member, cond)                  \
	list_for_each_entry_rcu(pos, head, member)

/* hlist_add_head_rcu - add n at the front of h. Writers serialized. */
static inline void hlist_add_head_rcu(struct kw_hlist_node *n,
				      struct kw_hlist_head *h)
{
	struct kw_hlist_node *first = h->first;
	n->next = first;
	n->pprev = &h->first;
	rcu_assign_pointer(h->first, n);
	if (first)
		first->pprev = &n->next;
}

/* hlist_del_rcu - unlink n; its next stays valid for current readers. */
static inline void hlist_del_rcu(struct kw_hlist_node *n)
{
	struct kw_hlist_node *next = n->next;
	__atomic_store_n(n->pprev, next, __ATOMIC_RELAXED);
	if (next)
		next->pprev = n->pprev;
	n->pprev = (struct kw_hlist_node **)(uintptr_t)0x122;
}

/* hlist_del_init_rcu - unlink n and mark it unhashed (next kept). */
static inline void hlist_del_init_rcu(struct kw_hlist_node *n)
{
	if (!n->pprev)
		return;
	struct kw_hlist_node *next = n->next;
	__atomic_store_n(n->pprev, next, __ATOMIC_RELAXED);
	if (next)
		next->pprev = n->pprev;
	n->pprev = NULL;
}

#define kw__hlist_entry_safe_rcu(ptr, type, member)                        \
	({                                                                 \
		struct kw_hlist_node *__kw_hn =                            \
			__atomic_load_n(&(ptr), __ATOMIC_CONSUME);         \
		__kw_hn ? container_of(__kw_hn, type, member) : NULL;      \
	})

/* hlist_for_each_entry_rcu(pos, head, member[, cond]) - walk a bucket. */
#define hlist_for_each_entry_rcu(pos, head, member, ...)                   \
	for ((pos) = kw__hlist_entry_safe_rcu((head)->first, __typeof__(*(pos)), member); \
	     (pos);                                                        \
	     (pos) = kw__hlist_entry_safe_rcu((pos)->member.next, __typeof__(*(pos)), member))

#endif /* KWORK_LINUX_RCULIST_H */
