/*
 * kwork/slab.h - kmalloc, vmalloc and kmem_cache memory, tracked.
 *
 * Layer: memory (public API), beside the task core. Every block remembers
 * the call site that allocated it (file, line, function, which allocator),
 * its size and its kind (kmalloc, vmalloc, kvmalloc, kmem_cache object), so
 * that:
 *  - kw_kfree() of a pointer that is not a live block (a double free, a
 *    stack or malloc() pointer) WARNs with the kernel's words and frees
 *    nothing instead of corrupting the heap; freeing with the wrong
 *    function (kfree on vmalloc memory, vfree on kmalloc memory, another
 *    cache's kmem_cache_free) WARNs, then frees the block;
 *  - the module runner lists every block not freed at unload, with its site
 *    (kw_kmem_for_each());
 *  - an allocation that may sleep (the flags hold KW_GFP_DIRECT_RECLAIM, as
 *    GFP_KERNEL does) made in atomic context WARNs like might_sleep().
 * <linux/slab.h> and <linux/vmalloc.h> map the kernel names onto these,
 * passing the caller's site; a NULL site records the return address.
 *
 * Cost: one header (48 bytes) in front of each block, one striped spinlock
 * per allocation and per free, nothing global.
 */
#ifndef KWORK_SLAB_H
#define KWORK_SLAB_H

#include <kwork/compiler.h>
#include <stddef.h>

KW_BEGIN_DECLS

/* The kernel's gfp bits (6.12 values) that change what an allocation does. */
#define KW_GFP_HIGH 0x20u		/* may use reserves: no effect here */
#define KW_GFP_IO 0x40u			/* may start I/O: no effect here */
#define KW_GFP_FS 0x80u			/* may call into the FS: no effect here */
#define KW_GFP_ZERO 0x100u		/* return zeroed memory */
#define KW_GFP_DIRECT_RECLAIM 0x400u	/* may sleep: might_sleep() is checked */
#define KW_GFP_KSWAPD_RECLAIM 0x800u	/* may wake kswapd: no effect here */
#define KW_GFP_NOWARN 0x2000u		/* no allocation-failure warning */
#define KW_GFP_RETRY_MAYFAIL 0x4000u	/* may fail after retrying: malloc does */
#define KW_GFP_NOFAIL 0x8000u		/* never fails: retried until it succeeds */
#define KW_GFP_NORETRY 0x10000u		/* fail rather than retry: malloc does */
#define KW_GFP_ACCOUNT 0x400000u	/* memcg accounting: none in a process */

/* Where a block was allocated; one static instance per call site. */
struct kw_alloc_site {
	const char *file;	/* __FILE__ */
	int line;		/* __LINE__ */
	const char *func;	/* __func__ of the caller */
	const char *what;	/* the allocator called: "kzalloc", "vmalloc", ... */
};

/* The caller's site, one static record per call. */
#define KW__ALLOC_SITE(what_)                                                   \
	({                                                                      \
		static const struct kw_alloc_site __kw_site = { __FILE__, __LINE__, \
								__func__, what_ }; \
		&__kw_site;                                                     \
	})

/* The block's kind: which free function matches it. */
enum kw_kmem_kind { KW_KMEM_KMALLOC, KW_KMEM_VMALLOC, KW_KMEM_KVMALLOC, KW_KMEM_CACHE };

struct kw_kmem_cache;

/*
 * kw_kmalloc - size bytes of kind KW_KMEM_KMALLOC (or kind for
 * kw_kmalloc_kind). size 0 returns KW_ZERO_SIZE_PTR, which every free
 * accepts. Context: any when flags lack KW_GFP_DIRECT_RECLAIM, else may
 * sleep (WARNs in atomic context). Return: the block or NULL (then the
 * kernel's allocation-failure warning unless KW_GFP_NOWARN).
 */
KW_API void *kw_kmalloc(size_t size, unsigned int flags, const struct kw_alloc_site *site);
KW_API void *kw_kmalloc_kind(size_t size, unsigned int flags, enum kw_kmem_kind kind,
			     const struct kw_alloc_site *site);

/*
 * kw_krealloc - resize p (NULL: allocate; size 0: free, return
 * KW_ZERO_SIZE_PTR), keeping its contents and kind; KW_GFP_ZERO zeroes the
 * grown part. On failure p is untouched. Return: the block or NULL.
 */
KW_API void *kw_krealloc(const void *p, size_t size, unsigned int flags,
			 const struct kw_alloc_site *site);

/*
 * kw_kfree - free p. NULL and KW_ZERO_SIZE_PTR do nothing. kind_expected
 * names the free function called (KW_KMEM_KMALLOC: kfree, which also
 * frees kmem_cache objects as the kernel's does; KW_KMEM_VMALLOC: vfree;
 * KW_KMEM_KVMALLOC: kvfree, which frees any kind). site: the caller's
 * (for the WARN), may be NULL. Context: any.
 */
KW_API void kw_kfree(const void *p, enum kw_kmem_kind kind_expected,
		     const struct kw_alloc_site *site);

/* kw_ksize - the usable size of a live block (0 for NULL or an unknown pointer). */
KW_API size_t kw_ksize(const void *p);

#define KW_ZERO_SIZE_PTR ((void *)16)

/* kmem_cache flags (the kernel's values). */
#define KW_SLAB_HWCACHE_ALIGN 0x00002000u	/* align objects to a cache line */
#define KW_SLAB_PANIC 0x00040000u		/* creation failure is a BUG */
#define KW_SLAB_RECLAIM_ACCOUNT 0x00020000u	/* accounting only: no effect */
#define KW_SLAB_ACCOUNT 0x04000000u		/* memcg: none in a process */

/*
 * kw_kmem_cache_create - a cache of size-byte objects aligned to align
 * (0: 8; KW_SLAB_HWCACHE_ALIGN: at least 64), each passed to ctor when
 * allocated (the kernel constructs an object once per slab page; here at
 * every allocation, which a correct user cannot tell apart). name is
 * copied. Context: may sleep. Return: the cache or NULL.
 */
KW_API struct kw_kmem_cache *kw_kmem_cache_create(const char *name, unsigned int size,
						  unsigned int align, unsigned int flags,
						  void (*ctor)(void *),
						  const struct kw_alloc_site *site);

/* kw_kmem_cache_alloc - one object of s (KW_GFP_ZERO: zeroed, then no ctor). */
KW_API void *kw_kmem_cache_alloc(struct kw_kmem_cache *s, unsigned int flags,
				 const struct kw_alloc_site *site);

/* kw_kmem_cache_free - free p, an object of s (WARNs if it is not). */
KW_API void kw_kmem_cache_free(struct kw_kmem_cache *s, void *p,
			       const struct kw_alloc_site *site);

/*
 * kw_kmem_cache_destroy - destroy s (NULL: nothing). With objects still
 * allocated: the kernel's "Slab cache still has objects" WARN and s stays.
 */
KW_API void kw_kmem_cache_destroy(struct kw_kmem_cache *s, const struct kw_alloc_site *site);

/* kw_kmem_cache_size - the object size of s. */
KW_API unsigned int kw_kmem_cache_size(struct kw_kmem_cache *s);

/* One live block, as kw_kmem_for_each() shows it. */
struct kw_kmem_block {
	const void *ptr;
	size_t size;
	enum kw_kmem_kind kind;
	const struct kw_alloc_site *site;	/* NULL: see caller */
	const void *caller;			/* return address when site is NULL */
	const char *cache;			/* cache name for KW_KMEM_CACHE */
	unsigned long seq;			/* allocation order */
};

/*
 * kw_kmem_for_each - call fn for every live block (in no particular order;
 * fn runs under a lock: it must not allocate or free). Return: the number
 * of blocks; *bytes (may be NULL) gets their total size.
 */
KW_API unsigned long kw_kmem_for_each(void (*fn)(const struct kw_kmem_block *b, void *arg),
				      void *arg, size_t *bytes);

/*
 * kw_kmem_for_each_cache - call fn(name, object size, creation site) for
 * every cache not destroyed. Return: how many.
 */
KW_API unsigned long kw_kmem_for_each_cache(void (*fn)(const char *name, unsigned int size,
						       const struct kw_alloc_site *site,
						       void *arg),
					    void *arg);

KW_END_DECLS

#endif /* KWORK_SLAB_H */
