/*
 * linux/hashtable.h - fixed-size hash tables: an array of hlist buckets
 * indexed by hash_min(key) (linux/hash.h). The table must be an array (not
 * a pointer): its size is taken with sizeof. No locking: the caller guards
 * the table. The _rcu forms let readers walk under rcu_read_lock() while
 * writers (serialized by the caller) add and delete (linux/rculist.h).
 */
#ifndef KWORK_LINUX_HASHTABLE_H
#define KWORK_LINUX_HASHTABLE_H

#include <linux/hash.h>
#include <linux/list.h>
#include <linux/rculist.h>

#define DEFINE_HASHTABLE(name, bits) struct kw_hlist_head name[1 << (bits)] = { { NULL } }
#define DEFINE_READ_MOSTLY_HASHTABLE(name, bits) DEFINE_HASHTABLE(name, bits)
#define DECLARE_HASHTABLE(name, bits) struct kw_hlist_head name[1 << (bits)]

#define HASH_SIZE(name) (sizeof(name) / sizeof((name)[0]))
#define HASH_BITS(name) ((unsigned int)__builtin_ctzl(HASH_SIZE(name)))

/* 32-bit keys use hash_32, wider ones hash_long, as in the kernel. */
#define hash_min(val, bits) \
	(sizeof(val) <= 4 ? hash_32((uint32_t)(val), bits) : hash_long((unsigned long)(val), bits))

static inline void __hash_init(struct kw_hlist_head *ht, unsigned int sz)
{
	for (unsigned int i = 0; i < sz; i++)
		INIT_HLIST_HEAD(&ht[i]);
}
#define hash_init(ht) __hash_init(ht, HASH_SIZE(ht))

#define hash_add(ht, node, key) \
	hlist_add_head(node, &(ht)[hash_min(key, HASH_BITS(ht))])

static inline bool hash_hashed(struct kw_hlist_node *node)
{
	return !hlist_unhashed(node);
}

static inline bool __hash_empty(struct kw_hlist_head *ht, unsigned int sz)
{
	for (unsigned int i = 0; i < sz; i++)
		if (!hlist_empty(&ht[i]))
			return false;
	return true;
}
#define hash_empty(ht) __hash_empty(ht, HASH_SIZE(ht))

/* Unlink node; hash_hashed() is false afterwards. */
static inline void hash_del(struct kw_hlist_node *node)
{
	hlist_del_init(node);
}

/* RCU forms: writers serialized by the caller; readers in rcu_read_lock(). */
#define hash_add_rcu(ht, node, key) \
	hlist_add_head_rcu(node, &(ht)[hash_min(key, HASH_BITS(ht))])

static inline void hash_del_rcu(struct kw_hlist_node *node)
{
	hlist_del_init_rcu(node);
}

#define hash_for_each_rcu(name, bkt, obj, member)                             \
	for ((bkt) = 0, obj = NULL; obj == NULL && (bkt) < (int)HASH_SIZE(name); \
	     (bkt)++)                                                         \
		hlist_for_each_entry_rcu(obj, &name[bkt], member)

#define hash_for_each_possible_rcu(name, obj, member, key, ...)          \
	hlist_for_each_entry_rcu(obj, &name[hash_min(key, HASH_BITS(name))], \
				 member, ##__VA_ARGS__)

/* bkt: an int cursor; obj: the entry cursor; member: its hlist_node. */
#define hash_for_each(name, bkt, obj, member)                                 \
	for ((bkt) = 0, obj = NULL; obj == NULL && (bkt) < (int)HASH_SIZE(name); \
	     (bkt)++)                                                         \
		hlist_for_each_entry(obj, &name[bkt], member)

/* Safe against removing obj; tmp is a struct hlist_node *. */
#define hash_for_each_safe(name, bkt, tmp, obj, member)                       \
	for ((bkt) = 0, obj = NULL; obj == NULL && (bkt) < (int)HASH_SIZE(name); \
	     (bkt)++)                                                         \
		hlist_for_each_entry_safe(obj, tmp, &name[bkt], member)

/* The entries whose key hashes to key's bucket (the caller compares keys). */
#define hash_for_each_possible(name, obj, member, key) \
	hlist_for_each_entry(obj, &name[hash_min(key, HASH_BITS(name))], member)
#define hash_for_each_possible_safe(name, obj, tmp, member, key) \
	hlist_for_each_entry_safe(obj, tmp, &name[hash_min(key, HASH_BITS(name))], member)

#endif /* KWORK_LINUX_HASHTABLE_H */
