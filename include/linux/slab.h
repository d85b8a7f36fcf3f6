/*
 * linux/slab.h - kmalloc and friends, kmem_cache, kvmalloc, kstrdup: the
 * kernel names over <kwork/slab.h>.
 *
 * Every call records its site (file, line, function), so a block not freed
 * at module unload is reported with it and a double or invalid kfree()
 * WARNs there instead of corrupting the heap. Each name is also a real
 * function (for code that takes kfree's address); only direct calls
 * record the site. gfp flags: __GFP_ZERO zeroes; __GFP_DIRECT_RECLAIM (in
 * GFP_KERNEL, not in GFP_ATOMIC) checks might_sleep(); __GFP_NOWARN
 * silences the allocation-failure warning; the others have no meaning in a
 * process (docs/modules.md).
 */
#ifndef KWORK_LINUX_SLAB_H
#define KWORK_LINUX_SLAB_H

#include <kwork/slab.h>
#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/types.h>
#include <linux/overflow.h>
#include <stdint.h>
#include <string.h>

#define ZERO_SIZE_PTR KW_ZERO_SIZE_PTR
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

#define SLAB_HWCACHE_ALIGN KW_SLAB_HWCACHE_ALIGN
#define SLAB_PANIC KW_SLAB_PANIC
#define SLAB_RECLAIM_ACCOUNT KW_SLAB_RECLAIM_ACCOUNT
#define SLAB_ACCOUNT KW_SLAB_ACCOUNT
typedef unsigned int slab_flags_t;

#define kmem_cache kw_kmem_cache

/* ---- the functions (a NULL site records the caller's address) ------------------- */

static inline void *kw__kmalloc_array(size_t n, size_t size, gfp_t flags,
				      enum kw_kmem_kind kind, const struct kw_alloc_site *site)
{
	size_t bytes = size_mul(n, size);
	return bytes == SIZE_MAX ? NULL : kw_kmalloc_kind(bytes, flags, kind, site);
}

static inline char *kw__kstrndup(const char *s, size_t max, gfp_t flags,
				 const struct kw_alloc_site *site)
{
	if (!s)
		return NULL;
	size_t len = strnlen(s, max);
	char *p = (char *)kw_kmalloc(len + 1, flags, site);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

static inline void *kw__kmemdup(const void *src, size_t len, gfp_t flags, bool nul,
				const struct kw_alloc_site *site)
{
	char *p = (char *)kw_kmalloc(len + nul, flags & ~__GFP_ZERO, site);
	if (p && p != ZERO_SIZE_PTR) {
		memcpy(p, src, len);
		if (nul)
			p[len] = '\0';
	}
	return p;
}

static inline void kw__kfree_sensitive(const void *p, enum kw_kmem_kind kind,
				       const struct kw_alloc_site *site)
{
	size_t n = kw_ksize(p);
	if (n)
		__builtin_memset((void *)p, 0, n);	/* memzero_explicit */
	__asm__ __volatile__("" : : "r"(p) : "memory");
	kw_kfree(p, kind, site);
}

static inline void *kmalloc(size_t size, gfp_t flags) { return kw_kmalloc(size, flags, NULL); }
static inline void *kzalloc(size_t size, gfp_t flags) { return kw_kmalloc(size, flags | __GFP_ZERO, NULL); }
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	return kw__kmalloc_array(n, size, flags, KW_KMEM_KMALLOC, NULL);
}
static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kw__kmalloc_array(n, size, flags | __GFP_ZERO, KW_KMEM_KMALLOC, NULL);
}
static inline void *krealloc(const void *p, size_t size, gfp_t flags)
{
	return kw_krealloc(p, size, flags, NULL);
}
static inline void kfree(const void *p) { kw_kfree(p, KW_KMEM_KMALLOC, NULL); }
static inline void kfree_sensitive(const void *p) { kw__kfree_sensitive(p, KW_KMEM_KMALLOC, NULL); }
static inline size_t ksize(const void *p) { return kw_ksize(p); }
static inline void *kvmalloc(size_t size, gfp_t flags)
{
	return kw_kmalloc_kind(size, flags, KW_KMEM_KVMALLOC, NULL);
}
static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return kw_kmalloc_kind(size, flags | __GFP_ZERO, KW_KMEM_KVMALLOC, NULL);
}
static inline void kvfree(const void *p) { kw_kfree(p, KW_KMEM_KVMALLOC, NULL); }
static inline char *kstrdup(const char *s, gfp_t flags) { return kw__kstrndup(s, SIZE_MAX, flags, NULL); }
static inline char *kstrndup(const char *s, size_t max, gfp_t flags)
{
	return kw__kstrndup(s, max, flags, NULL);
}
static inline void *kmemdup(const void *src, size_t len, gfp_t flags)
{
	return kw__kmemdup(src, len, flags, false, NULL);
}
static inline struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
						   unsigned int align, slab_flags_t flags,
						   void (*ctor)(void *))
{
	return kw_kmem_cache_create(name, size, align, flags, ctor, NULL);
}
static inline void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	return kw_kmem_cache_alloc(s, flags, NULL);
}
static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kw_kmem_cache_alloc(s, flags | __GFP_ZERO, NULL);
}
static inline void kmem_cache_free(struct kmem_cache *s, void *p) { kw_kmem_cache_free(s, p, NULL); }
static inline void kmem_cache_destroy(struct kmem_cache *s) { kw_kmem_cache_destroy(s, NULL); }
static inline unsigned int kmem_cache_size(struct kmem_cache *s) { return kw_kmem_cache_size(s); }

/* ---- direct calls: the same, with the caller's site --------------------------------- */

#define kmalloc(size, flags) kw_kmalloc((size), (flags), KW__ALLOC_SITE("kmalloc"))
#define kzalloc(size, flags) kw_kmalloc((size), (flags) | __GFP_ZERO, KW__ALLOC_SITE("kzalloc"))
#define kmalloc_array(n, size, flags) \
	kw__kmalloc_array((n), (size), (flags), KW_KMEM_KMALLOC, KW__ALLOC_SITE("kmalloc_array"))
#define kcalloc(n, size, flags)                                                \
	kw__kmalloc_array((n), (size), (flags) | __GFP_ZERO, KW_KMEM_KMALLOC, \
			  KW__ALLOC_SITE("kcalloc"))
#define kmalloc_node(size, flags, node) \
	((void)(node), kw_kmalloc((size), (flags), KW__ALLOC_SITE("kmalloc_node")))
#define kzalloc_node(size, flags, node)                         \
	((void)(node), kw_kmalloc((size), (flags) | __GFP_ZERO, \
				  KW__ALLOC_SITE("kzalloc_node")))
#define kcalloc_node(n, size, flags, node)                                         \
	((void)(node), kw__kmalloc_array((n), (size), (flags) | __GFP_ZERO,       \
					 KW_KMEM_KMALLOC, KW__ALLOC_SITE("kcalloc_node")))
#define krealloc(p, size, flags) kw_krealloc((p), (size), (flags), KW__ALLOC_SITE("krealloc"))
#define krealloc_array(p, n, size, flags)                                      \
	({                                                                     \
		size_t __kw_b = size_mul((n), (size));                         \
		__kw_b == SIZE_MAX ? NULL                                      \
				   : kw_krealloc((p), __kw_b, (flags),         \
						 KW__ALLOC_SITE("krealloc_array")); \
	})
#define kfree(p) kw_kfree((p), KW_KMEM_KMALLOC, KW__ALLOC_SITE("kfree"))
#define kfree_sensitive(p) kw__kfree_sensitive((p), KW_KMEM_KMALLOC, KW__ALLOC_SITE("kfree_sensitive"))
#define kzfree(p) kfree_sensitive(p)
#define kvmalloc(size, flags) \
	kw_kmalloc_kind((size), (flags), KW_KMEM_KVMALLOC, KW__ALLOC_SITE("kvmalloc"))
#define kvzalloc(size, flags) \
	kw_kmalloc_kind((size), (flags) | __GFP_ZERO, KW_KMEM_KVMALLOC, KW__ALLOC_SITE("kvzalloc"))
#define kvmalloc_node(size, flags, node) ((void)(node), kvmalloc(size, flags))
#define kvzalloc_node(size, flags, node) ((void)(node), kvzalloc(size, flags))
#define kvmalloc_array(n, size, flags) \
	kw__kmalloc_array((n), (size), (flags), KW_KMEM_KVMALLOC, KW__ALLOC_SITE("kvmalloc_array"))
#define kvcalloc(n, size, flags)                                                \
	kw__kmalloc_array((n), (size), (flags) | __GFP_ZERO, KW_KMEM_KVMALLOC, \
			  KW__ALLOC_SITE("kvcalloc"))
#define kvrealloc(p, size, flags) kw_krealloc((p), (size), (flags), KW__ALLOC_SITE("kvrealloc"))
#define kvfree(p) kw_kfree((p), KW_KMEM_KVMALLOC, KW__ALLOC_SITE("kvfree"))
#define kvfree_sensitive(p, len) \
	((void)(len), kw__kfree_sensitive((p), KW_KMEM_KVMALLOC, KW__ALLOC_SITE("kvfree_sensitive")))
#define kstrdup(s, flags) kw__kstrndup((s), SIZE_MAX, (flags), KW__ALLOC_SITE("kstrdup"))
#define kstrndup(s, max, flags) kw__kstrndup((s), (max), (flags), KW__ALLOC_SITE("kstrndup"))
/* The kernel may return a .rodata string itself; a copy is always correct. */
#define kstrdup_const(s, flags) kw__kstrndup((s), SIZE_MAX, (flags), KW__ALLOC_SITE("kstrdup_const"))
#define kfree_const(p) kw_kfree((p), KW_KMEM_KMALLOC, KW__ALLOC_SITE("kfree_const"))
#define kmemdup(src, len, flags) kw__kmemdup((src), (len), (flags), false, KW__ALLOC_SITE("kmemdup"))
#define kmemdup_nul(src, len, flags) \
	((char *)kw__kmemdup((src), (len), (flags), true, KW__ALLOC_SITE("kmemdup_nul")))

#define kmem_cache_create(name, size, align, flags, ctor) \
	kw_kmem_cache_create((name), (size), (align), (flags), (ctor), \
			     KW__ALLOC_SITE("kmem_cache_create"))
/* Usercopy bounds guard copy_to_user, which has no user space here. */
#define kmem_cache_create_usercopy(name, size, align, flags, useroffset, usersize, ctor) \
	((void)(useroffset), (void)(usersize),                                            \
	 kmem_cache_create(name, size, align, flags, ctor))
#define KMEM_CACHE(__struct, __flags)                                              \
	kmem_cache_create(#__struct, sizeof(struct __struct), __alignof__(struct __struct), \
			  (__flags), NULL)
#define kmem_cache_alloc(s, flags) kw_kmem_cache_alloc((s), (flags), KW__ALLOC_SITE("kmem_cache_alloc"))
#define kmem_cache_zalloc(s, flags) \
	kw_kmem_cache_alloc((s), (flags) | __GFP_ZERO, KW__ALLOC_SITE("kmem_cache_zalloc"))
#define kmem_cache_alloc_node(s, flags, node) ((void)(node), kmem_cache_alloc(s, flags))
#define kmem_cache_free(s, p) kw_kmem_cache_free((s), (p), KW__ALLOC_SITE("kmem_cache_free"))
#define kmem_cache_destroy(s) kw_kmem_cache_destroy((s), KW__ALLOC_SITE("kmem_cache_destroy"))

/* __free(kfree) / __free(kvfree): NULL and error pointers are not freed. */
DEFINE_FREE(kfree, void *, if (!IS_ERR_OR_NULL(_T)) kfree(_T))
DEFINE_FREE(kvfree, void *, if (!IS_ERR_OR_NULL(_T)) kvfree(_T))

#endif /* KWORK_LINUX_SLAB_H */
