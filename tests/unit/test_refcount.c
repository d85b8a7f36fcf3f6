/*
 * test_refcount.c - refcount_t and kref (linux/refcount.h, linux/kref.h):
 * the counting rules, saturation with the kernel's WARN texts, the
 * dec-and-lock helpers, kref release exactly once.
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <linux/container_of.h>
#include <linux/kref.h>
#include <linux/refcount.h>

KWT_TEST("refcount", refcount_counts_and_tests_zero)
{
	refcount_t r = REFCOUNT_INIT(1);
	refcount_inc(&r);
	refcount_add(3, &r);
	KWT_ASSERT_EQ(refcount_read(&r), 5);
	KWT_ASSERT(!refcount_sub_and_test(3, &r));
	refcount_dec(&r);
	KWT_ASSERT(refcount_dec_and_test(&r));
	KWT_ASSERT_EQ(refcount_read(&r), 0);
	KWT_ASSERT(!refcount_inc_not_zero(&r));
	KWT_ASSERT(!refcount_add_not_zero(2, &r));
	KWT_ASSERT_EQ(refcount_read(&r), 0);
	refcount_set(&r, 2);
	KWT_ASSERT(refcount_inc_not_zero(&r));
	KWT_ASSERT_EQ(refcount_read(&r), 3);
}

KWT_TEST("refcount", refcount_add_on_zero_is_use_after_free)
{
	refcount_t r = REFCOUNT_INIT(0);
	KWT_EXPECT_WARN(refcount_inc(&r),
			"refcount_t: addition on 0; use-after-free.");
	KWT_ASSERT_EQ(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);
}

KWT_TEST("refcount", refcount_underflow_saturates)
{
	refcount_t r = REFCOUNT_INIT(1);
	KWT_EXPECT_WARN(KWT_ASSERT(!refcount_sub_and_test(2, &r)),
			"refcount_t: underflow; use-after-free.");
	KWT_ASSERT_EQ(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);
	/* A saturated counter never reaches zero again. */
	KWT_ASSERT(!refcount_dec_and_test(&r));
	KWT_ASSERT_EQ(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);
	KWT_ASSERT(refcount_dec_not_one(&r));
	KWT_ASSERT_EQ(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);
}

KWT_TEST("refcount", refcount_overflow_saturates)
{
	refcount_t r = REFCOUNT_INIT(REFCOUNT_MAX);
	KWT_EXPECT_WARN(refcount_inc(&r),
			"refcount_t: saturated; leaking memory.");
	KWT_ASSERT_EQ(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);
	refcount_set(&r, REFCOUNT_MAX);
	KWT_EXPECT_WARN(KWT_ASSERT(refcount_inc_not_zero(&r)),
			"refcount_t: saturated; leaking memory.");
	KWT_ASSERT_EQ(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);
}

KWT_TEST("refcount", refcount_dec_to_zero_leaks)
{
	refcount_t r = REFCOUNT_INIT(1);
	KWT_EXPECT_WARN(refcount_dec(&r),
			"refcount_t: decrement hit 0; leaking memory.");
	KWT_ASSERT_EQ(refcount_read(&r), (unsigned int)REFCOUNT_SATURATED);
}

KWT_TEST("refcount", refcount_dec_if_one_and_not_one)
{
	refcount_t r = REFCOUNT_INIT(2);
	KWT_ASSERT(!refcount_dec_if_one(&r));
	KWT_ASSERT(refcount_dec_not_one(&r));
	KWT_ASSERT_EQ(refcount_read(&r), 1);
	KWT_ASSERT(!refcount_dec_not_one(&r));
	KWT_ASSERT_EQ(refcount_read(&r), 1);
	KWT_ASSERT(refcount_dec_if_one(&r));
	KWT_ASSERT_EQ(refcount_read(&r), 0);
	KWT_EXPECT_WARN(KWT_ASSERT(refcount_dec_not_one(&r)),
			"refcount_t: underflow; use-after-free.");
}

static DEFINE_MUTEX(lookup_mutex);
static DEFINE_SPINLOCK(lookup_lock);

KWT_TEST("refcount", refcount_dec_and_lock_holds_the_lock_only_at_zero)
{
	refcount_t r = REFCOUNT_INIT(2);
	KWT_ASSERT(!refcount_dec_and_mutex_lock(&r, &lookup_mutex));
	KWT_ASSERT(!mutex_is_locked(&lookup_mutex));
	KWT_ASSERT(refcount_dec_and_mutex_lock(&r, &lookup_mutex));
	KWT_ASSERT(mutex_is_locked(&lookup_mutex));
	mutex_unlock(&lookup_mutex);

	refcount_set(&r, 2);
	KWT_ASSERT(!refcount_dec_and_lock(&r, &lookup_lock));
	KWT_ASSERT(refcount_dec_and_lock(&r, &lookup_lock));
	KWT_ASSERT(spin_is_locked(&lookup_lock));
	spin_unlock(&lookup_lock);
	KWT_ASSERT_EQ(refcount_read(&r), 0);
}

struct obj {
	struct kref ref;
	int released;
};

static void obj_release(struct kref *k)
{
	container_of(k, struct obj, ref)->released++;
}

static void obj_release_unlock(struct kref *k)
{
	obj_release(k);
	mutex_unlock(&lookup_mutex);
}

static void obj_release_spin_unlock(struct kref *k)
{
	obj_release(k);
	spin_unlock(&lookup_lock);
}

KWT_TEST("kref", kref_releases_once_on_the_last_put)
{
	struct obj o = { .released = 0 };
	kref_init(&o.ref);
	kref_get(&o.ref);
	KWT_ASSERT_EQ(kref_read(&o.ref), 2);
	KWT_ASSERT_EQ(kref_put(&o.ref, obj_release), 0);
	KWT_ASSERT_EQ(o.released, 0);
	KWT_ASSERT_EQ(kref_put(&o.ref, obj_release), 1);
	KWT_ASSERT_EQ(o.released, 1);
	KWT_ASSERT(!kref_get_unless_zero(&o.ref));

	kref_init(&o.ref);
	KWT_ASSERT(kref_get_unless_zero(&o.ref));
	KWT_ASSERT_EQ(kref_put_mutex(&o.ref, obj_release_unlock, &lookup_mutex), 0);
	KWT_ASSERT_EQ(kref_put_mutex(&o.ref, obj_release_unlock, &lookup_mutex), 1);
	KWT_ASSERT(!mutex_is_locked(&lookup_mutex));
	KWT_ASSERT_EQ(o.released, 2);

	kref_init(&o.ref);
	KWT_ASSERT_EQ(kref_put_lock(&o.ref, obj_release_spin_unlock, &lookup_lock), 1);
	KWT_ASSERT_EQ(o.released, 3);
}

KWT_TEST("kref", kref_get_after_release_warns)
{
	struct obj o = { .ref = KREF_INIT(1), .released = 0 };
	KWT_ASSERT_EQ(kref_put(&o.ref, obj_release), 1);
	KWT_EXPECT_WARN(kref_get(&o.ref),
			"refcount_t: addition on 0; use-after-free.");
}
