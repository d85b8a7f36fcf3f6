/*
 * linux/kref.h - struct kref: an object's reference count with a release
 * callback, over refcount_t (its saturation and WARNs, linux/refcount.h).
 * kref_put calls release once, by the thread that drops the last reference.
 */
#ifndef KWORK_LINUX_KREF_H
#define KWORK_LINUX_KREF_H

#include <linux/refcount.h>

struct kref {
	refcount_t refcount;
};

#define KREF_INIT(n) { .refcount = REFCOUNT_INIT(n) }

/* kref_init - the count is 1 (the creator's reference). */
static inline void kref_init(struct kref *kref)
{
	refcount_set(&kref->refcount, 1);
}

static inline unsigned int kref_read(const struct kref *kref)
{
	return refcount_read(&kref->refcount);
}

/* kref_get - take a reference; the caller must already hold one. */
static inline void kref_get(struct kref *kref)
{
	refcount_inc(&kref->refcount);
}

/*
 * kref_put - drop a reference; the last one calls release(kref).
 * Return: 1 if release was called, 0 otherwise.
 */
static inline int kref_put(struct kref *kref,
			   void (*release)(struct kref *kref))
{
	if (refcount_dec_and_test(&kref->refcount)) {
		release(kref);
		return 1;
	}
	return 0;
}

/*
 * kref_put_mutex - as kref_put; release runs with lock held and must
 * unlock it. Context: may sleep. Return: 1 if released, 0 otherwise.
 */
static inline int kref_put_mutex(struct kref *kref,
				 void (*release)(struct kref *kref),
				 struct mutex *lock)
{
	if (refcount_dec_and_mutex_lock(&kref->refcount, lock)) {
		release(kref);
		return 1;
	}
	return 0;
}

/* kref_put_lock - as kref_put_mutex, with a spinlock. */
static inline int kref_put_lock(struct kref *kref,
				void (*release)(struct kref *kref),
				spinlock_t *lock)
{
	if (refcount_dec_and_lock(&kref->refcount, lock)) {
		release(kref);
		return 1;
	}
	return 0;
}

/*
 * kref_get_unless_zero - take a reference unless the count already hit 0
 * (the object is being released; a lookup must then fail).
 * Return: non-zero if a reference was taken.
 */
static inline int kref_get_unless_zero(struct kref *kref)
{
	return refcount_inc_not_zero(&kref->refcount);
}

#endif /* KWORK_LINUX_KREF_H */
