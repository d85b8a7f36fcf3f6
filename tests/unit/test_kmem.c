/*
 * test_kmem.c - kmalloc / vmalloc / kmem_cache (COMPAT.md "memory"):
 * gfp flags, krealloc, the tracking the unload report reads, and the
 * WARNs for a double, invalid or mismatched free, through <linux/slab.h>.
 */
#include "kwtest.h"

#include <linux/slab.h>
#include <linux/vmalloc.h>

static unsigned long live_blocks(void)
{
	return kw_kmem_for_each(NULL, NULL, NULL);
}

struct find_site {
	const void *ptr;
	const struct kw_alloc_site *site;
};

static void find_block(const struct kw_kmem_block *b, void *arg)
{
	struct find_site *f = arg;
	if (b->ptr == f->ptr)
		f->site = b->site;
}

KWT_TEST("COMPAT-mem", kmalloc_records_site_size_and_is_freed)
{
	unsigned long before = live_blocks();
	char *p = kmalloc(40, GFP_KERNEL);
	int line = __LINE__ - 1;
	KWT_ASSERT(p);
	KWT_ASSERT_EQ(live_blocks(), before + 1);
	KWT_ASSERT_EQ(ksize(p), 40);
	struct find_site f = { p, NULL };
	kw_kmem_for_each(find_block, &f, NULL);
	KWT_ASSERT(f.site);
	KWT_ASSERT_EQ(f.site->line, line);
	KWT_ASSERT(!strcmp(f.site->what, "kmalloc"));
	KWT_ASSERT(!strcmp(f.site->func, "kwt_fn_kmalloc_records_site_size_and_is_freed"));
	kfree(p);
	KWT_ASSERT_EQ(live_blocks(), before);
}

KWT_TEST("COMPAT-mem", gfp_zero_zeroes_and_zero_size_is_zero_size_ptr)
{
	unsigned char *z = kzalloc(256, GFP_ATOMIC);
	unsigned char *c = kcalloc(8, 32, GFP_KERNEL);
	unsigned char *m = kmalloc(64, GFP_KERNEL | __GFP_ZERO);
	for (int i = 0; i < 256; i++)
		KWT_ASSERT(!z[i] && !c[i]);
	for (int i = 0; i < 64; i++)
		KWT_ASSERT(!m[i]);
	KWT_ASSERT(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	KWT_ASSERT(kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL) == NULL);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	kfree(z);
	kfree(c);
	kfree(m);
}

KWT_TEST("COMPAT-mem", krealloc_keeps_contents_and_zeroes_growth)
{
	char *p = krealloc(NULL, 4, GFP_KERNEL);
	memcpy(p, "abc", 4);
	p = krealloc(p, 64, GFP_KERNEL | __GFP_ZERO);
	KWT_ASSERT(!strcmp(p, "abc"));
	for (int i = 4; i < 64; i++)
		KWT_ASSERT(!p[i]);
	KWT_ASSERT(krealloc(p, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	char *d = kstrdup("hello", GFP_KERNEL);
	char *n = kmemdup_nul("worldwide", 5, GFP_KERNEL);
	KWT_ASSERT(!strcmp(d, "hello") && !strcmp(n, "world"));
	kfree(d);
	kfree(n);
}

KWT_TEST("COMPAT-mem", double_and_invalid_kfree_warn_and_free_nothing)
{
	static int not_heap;
	char *p = kmalloc(16, GFP_KERNEL);
	char *q = kmalloc(16, GFP_KERNEL);
	unsigned long before = live_blocks();
	kfree(p);
	KWT_EXPECT_WARN(kfree(p), "double free of object");
	KWT_EXPECT_WARN(kfree(&not_heap), "invalid free of");
	KWT_ASSERT_EQ(live_blocks(), before - 1);
	kfree(q);
}

KWT_TEST("COMPAT-mem", mismatched_free_warns_and_frees)
{
	unsigned long before = live_blocks();
	void *v = vmalloc(100);
	void *k = kmalloc(100, GFP_KERNEL);
	void *kv = kvmalloc(100, GFP_KERNEL);
	KWT_EXPECT_WARN(kfree(v), "free it with vfree()");
	KWT_EXPECT_WARN(vfree(k), "free it with kfree()");
	kvfree(kv);	/* kvfree takes any kind */
	void *kv2 = kvmalloc(100, GFP_KERNEL);
	KWT_EXPECT_WARN(kfree(kv2), "free it with kvfree()");
	KWT_ASSERT_EQ(live_blocks(), before);
}

KWT_TEST("COMPAT-mem", gfp_kernel_might_sleep_gfp_atomic_does_not)
{
	kw_spinlock_t l = KW_SPINLOCK_INIT;
	void *a, *b;
	kw_spin_lock(&l);
	a = kmalloc(8, GFP_ATOMIC);
	KWT_EXPECT_WARN(b = kmalloc(8, GFP_KERNEL), "sleeping function called from invalid context");
	kw_spin_unlock(&l);
	kfree(a);
	kfree(b);
}

struct obj {
	int magic;
	char pad[100];
};

static int ctor_calls;

static void obj_ctor(void *p)
{
	((struct obj *)p)->magic = 42;
	ctor_calls++;
}

KWT_TEST("COMPAT-mem", kmem_cache_align_ctor_and_destroy_with_objects)
{
	struct kmem_cache *c = kmem_cache_create("objs", sizeof(struct obj), 0,
						 SLAB_HWCACHE_ALIGN, obj_ctor);
	KWT_ASSERT(c);
	KWT_ASSERT_EQ(kmem_cache_size(c), sizeof(struct obj));
	struct obj *o = kmem_cache_alloc(c, GFP_KERNEL);
	struct obj *z = kmem_cache_zalloc(c, GFP_KERNEL);
	KWT_ASSERT(o && z);
	KWT_ASSERT_EQ((uintptr_t)o % 64, 0);
	KWT_ASSERT_EQ(o->magic, 42);
	KWT_ASSERT_EQ(z->magic, 0);
	KWT_ASSERT_EQ(ctor_calls, 1);
	kmem_cache_free(c, o);
	KWT_EXPECT_WARN(kmem_cache_destroy(c), "Slab cache still has objects");
	KWT_ASSERT_EQ(kw_kmem_for_each_cache(NULL, NULL), 1);
	kfree(z);	/* kfree takes kmem_cache objects, as since 6.4 */
	kmem_cache_destroy(c);
	KWT_ASSERT_EQ(kw_kmem_for_each_cache(NULL, NULL), 0);
}

KWT_TEST("COMPAT-mem", krealloc_of_a_cache_object_is_a_kmalloc_block)
{
	struct kmem_cache *c = kmem_cache_create("small", 8, 0, 0, NULL);
	char *o = kmem_cache_alloc(c, GFP_KERNEL);
	memcpy(o, "1234567", 8);
	char *k = krealloc(o, 64, GFP_KERNEL);
	KWT_ASSERT(!strcmp(k, "1234567"));
	kmem_cache_destroy(c);	/* o moved out: c is empty */
	kfree(k);
	KWT_ASSERT_EQ(kw_kmem_for_each_cache(NULL, NULL), 0);
}

KWT_TEST("COMPAT-mem", kmem_cache_free_wrong_cache_warns)
{
	struct kmem_cache *a = kmem_cache_create("a", 32, 0, 0, NULL);
	struct kmem_cache *b = kmem_cache_create("b", 32, 0, 0, NULL);
	void *o = kmem_cache_alloc(a, GFP_KERNEL);
	KWT_EXPECT_WARN(kmem_cache_free(b, o), "Wrong slab cache. b but object");
	kmem_cache_destroy(a);	/* o was freed anyway: a is empty */
	kmem_cache_destroy(b);
	KWT_ASSERT_EQ(kw_kmem_for_each_cache(NULL, NULL), 0);
}
