/*
 * linux/refcount.h - refcount_t: a reference counter that saturates instead
 * of wrapping.
 *
 * The kernel's rules (lib/refcount.c semantics): an increment from 0 is a
 * use-after-free, a decrement below 0 an underflow, and a count that would
 * overflow INT_MAX is pinned at REFCOUNT_SATURATED (INT_MIN / 2) for good:
 * the object leaks rather than being freed under a user. Each of these
 * WARNs with the kernel's text ("refcount_t: ...") and saturates the count;
 * a saturated counter never reaches zero again and stays quiet (it has been
 * reported). Divergence: the kernel reports the first saturation of any
 * counter only (WARN_ONCE); kwork reports the first of each counter.
 *
 * Ordering: increments are relaxed; the decrements that may free
 * (dec_and_test, sub_and_test) release, and acquire on success, so the
 * releaser sees every other user's writes. Header-only, lock-free.
 */
#ifndef KWORK_LINUX_REFCOUNT_H
#define KWORK_LINUX_REFCOUNT_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bug.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <limits.h>

typedef struct refcount_struct {
	int refs;	/* atomic */
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = (n) }
#define REFCOUNT_MAX INT_MAX
#define REFCOUNT_SATURATED (INT_MIN / 2)

/*
 * kw__refcount_saturate - pin r at REFCOUNT_SATURATED; WARN why unless the
 * old value shows r was saturated (reported) already.
 */
static inline void kw__refcount_saturate(refcount_t *r, int old,
					 const char *why)
{
	__atomic_store_n(&r->refs, REFCOUNT_SATURATED, __ATOMIC_RELAXED);
	WARN(old >= 0, "refcount_t: %s", why);
}

/* kw__refcount_sum - old + i, wrapping (no signed-overflow UB). */
static inline int kw__refcount_sum(int old, int i)
{
	return (int)((unsigned int)old + (unsigned int)i);
}

#define KW__REFCOUNT_ADD_UAF "addition on 0; use-after-free."
#define KW__REFCOUNT_SUB_UAF "underflow; use-after-free."
#define KW__REFCOUNT_OVF "saturated; leaking memory."
#define KW__REFCOUNT_DEC_LEAK "decrement hit 0; leaking memory."

/* refcount_set - set r to n (no check). */
static inline void refcount_set(refcount_t *r, int n)
{
	__atomic_store_n(&r->refs, n, __ATOMIC_RELAXED);
}

/* refcount_read - r's value (REFCOUNT_SATURATED once saturated). */
static inline unsigned int refcount_read(const refcount_t *r)
{
	return (unsigned int)__atomic_load_n(&r->refs, __ATOMIC_RELAXED);
}

/*
 * refcount_add_not_zero - add i unless r is 0.
 * Return: false if r was 0 (nothing added), true otherwise (saturating,
 * with a WARN, on overflow).
 */
static inline bool refcount_add_not_zero(int i, refcount_t *r)
{
	int old = __atomic_load_n(&r->refs, __ATOMIC_RELAXED);
	do {
		if (!old)
			return false;
	} while (!__atomic_compare_exchange_n(&r->refs, &old, kw__refcount_sum(old, i), true,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	if (unlikely(old < 0 || kw__refcount_sum(old, i) < 0))
		kw__refcount_saturate(r, old, KW__REFCOUNT_OVF);
	return true;
}

static inline bool refcount_inc_not_zero(refcount_t *r)
{
	return refcount_add_not_zero(1, r);
}

/*
 * refcount_add - add i to r, which must be non-zero: adding to 0 WARNs
 * "addition on 0; use-after-free.", overflow "saturated; leaking memory.";
 * both saturate r.
 */
static inline void refcount_add(int i, refcount_t *r)
{
	int old = __atomic_fetch_add(&r->refs, i, __ATOMIC_RELAXED);
	if (unlikely(!old))
		kw__refcount_saturate(r, old, KW__REFCOUNT_ADD_UAF);
	else if (unlikely(old < 0 || kw__refcount_sum(old, i) < 0))
		kw__refcount_saturate(r, old, KW__REFCOUNT_OVF);
}

static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

/*
 * refcount_sub_and_test - subtract i from r.
 * Return: true when r reached 0 (the caller frees; acquire ordering),
 * false otherwise. Going below 0 WARNs "underflow; use-after-free." and
 * saturates r; a saturated r stays saturated.
 */
static inline bool refcount_sub_and_test(int i, refcount_t *r)
{
	/* Release for our stores, acquire for the freer (a fence TSan cannot see). */
	int old = __atomic_fetch_sub(&r->refs, i, __ATOMIC_ACQ_REL);
	if (old == i)
		return true;
	if (unlikely(old < 0 || kw__refcount_sum(old, -i) < 0))
		kw__refcount_saturate(r, old, KW__REFCOUNT_SUB_UAF);
	return false;
}

static inline bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

/*
 * refcount_dec - drop a reference that is not the last: reaching 0 WARNs
 * "decrement hit 0; leaking memory." (nobody frees the object), below 0
 * "underflow; use-after-free."; both saturate r.
 */
static inline void refcount_dec(refcount_t *r)
{
	int old = __atomic_fetch_sub(&r->refs, 1, __ATOMIC_RELEASE);
	if (unlikely(old == 1))
		kw__refcount_saturate(r, old, KW__REFCOUNT_DEC_LEAK);
	else if (unlikely(old <= 0))
		kw__refcount_saturate(r, old, KW__REFCOUNT_SUB_UAF);
}

/*
 * refcount_dec_if_one - 1 -> 0 only.
 * Return: true if r was 1 and is now 0, false (r unchanged) otherwise.
 */
static inline bool refcount_dec_if_one(refcount_t *r)
{
	int one = 1;
	return __atomic_compare_exchange_n(&r->refs, &one, 0, false,
					   __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

/*
 * refcount_dec_not_one - decrement unless r is 1.
 * Return: false if r is 1 (unchanged), true otherwise (a saturated r is
 * left saturated; from 0 it WARNs "underflow; use-after-free.").
 */
static inline bool refcount_dec_not_one(refcount_t *r)
{
	int old = __atomic_load_n(&r->refs, __ATOMIC_RELAXED);
	do {
		if (unlikely(old == REFCOUNT_SATURATED))
			return true;
		if (old == 1)
			return false;
		if (unlikely(old <= 0)) {
			WARN(1, "refcount_t: %s", KW__REFCOUNT_SUB_UAF);
			return true;
		}
	} while (!__atomic_compare_exchange_n(&r->refs, &old, old - 1, true,
					      __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	return true;
}

/*
 * refcount_dec_and_mutex_lock - decrement r; take lock only if r reaches 0.
 * Context: may sleep. Return: true with lock held when r reached 0, false
 * (lock not held) otherwise.
 */
static inline bool refcount_dec_and_mutex_lock(refcount_t *r,
					       struct mutex *lock)
{
	if (refcount_dec_not_one(r))
		return false;
	mutex_lock(lock);
	if (!refcount_dec_and_test(r)) {
		mutex_unlock(lock);
		return false;
	}
	return true;
}

/* refcount_dec_and_lock - as refcount_dec_and_mutex_lock, with a spinlock. */
static inline bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock)
{
	if (refcount_dec_not_one(r))
		return false;
	spin_lock(lock);
	if (!refcount_dec_and_test(r)) {
		spin_unlock(lock);
		return false;
	}
	return true;
}

#endif /* KWORK_LINUX_REFCOUNT_H */
