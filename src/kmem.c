/*
 * kmem.c - kmalloc, vmalloc and kmem_cache memory over the C allocator,
 * every live block tracked with its allocation site.
 *
 * Layer: memory, beside the task core (calls only printk, might_sleep, the
 * spinlock, and the checkers: the KW_FAULT_KMALLOC fault point on every
 * allocation, debugobjects on every free). Any thread, any context (an allocation that may sleep WARNs
 * in atomic context, as might_sleep() does).
 *
 * Each block is [struct hdr][the caller's bytes]; the header sits right
 * before the pointer handed out (for a cache aligned beyond 16 bytes the
 * malloc'd base is further before, hdr->offset away). Live blocks are
 * chained through their headers in a hash table keyed by the caller's
 * pointer, so a free first LOOKS UP the pointer and never reads memory in
 * front of a pointer it did not hand out: a double free or a stray pointer
 * is found without touching freed or foreign memory (ASan stays quiet) and
 * is reported, not acted on. Each stripe also remembers its last few frees,
 * so a double free is told apart from a pointer that never was a block.
 *
 * Locks: stripes[i].lock guards the chains of buckets b with
 * b % NR_STRIPES == i, and stripe i's ring of recent frees. caches_lock
 * guards the list of caches. A: atomic. WARNs are printed after unlocking.
 */
#include "kmem_internal.h"
#include "debug_internal.h"
#include "task_internal.h"

#include <kwork/slab.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hdr {
	struct hdr *next;		/* stripe lock: hash chain */
	const void *where;		/* site, or the caller's return address */
	size_t size;			/* as asked */
	struct kw_kmem_cache *cache;	/* KW_KMEM_CACHE: its cache */
	unsigned long seq;		/* allocation order */
	uint16_t kind;			/* enum kw_kmem_kind */
	uint16_t flags;			/* HDR_* */
	uint32_t offset;		/* (char *)hdr - base of the malloc'd block */
};

#define HDR_CALLER 0x1u			/* where is a return address, not a site */
_Static_assert(sizeof(struct hdr) % 16 == 0, "blocks must stay 16-byte aligned");

#define HASH_BITS 14
#define NR_BUCKETS (1u << HASH_BITS)
#define NR_STRIPES 64u
#define RECENT 16u

/* A block freed not long ago (to recognise a double free). */
struct recent_free {
	const void *ptr;
	const void *where;
	size_t size;
	uint16_t flags;
	uint16_t kind;
};

static struct stripe {
	kw_spinlock_t lock;
	unsigned int recent_next;
	struct recent_free recent[RECENT];
} __attribute__((aligned(64))) stripes[NR_STRIPES];

static struct hdr *buckets[NR_BUCKETS];	/* stripe lock of the bucket */
static unsigned long seq_counter;	/* A */

struct kw_kmem_cache {
	struct kw_kmem_cache *next;	/* caches_lock */
	char name[64];			/* C */
	unsigned int size, align, flags;	/* C */
	void (*ctor)(void *);		/* C */
	const struct kw_alloc_site *site;	/* C */
	unsigned long nr_objects;	/* A: live objects */
};

static kw_spinlock_t caches_lock = KW_SPINLOCK_INIT;
static struct kw_kmem_cache *caches;	/* caches_lock */

static const char *const kind_alloc[] = {
	[KW_KMEM_KMALLOC] = "kmalloc", [KW_KMEM_VMALLOC] = "vmalloc",
	[KW_KMEM_KVMALLOC] = "kvmalloc", [KW_KMEM_CACHE] = "kmem_cache_alloc",
};
static const char *const kind_free[] = {
	[KW_KMEM_KMALLOC] = "kfree", [KW_KMEM_VMALLOC] = "vfree",
	[KW_KMEM_KVMALLOC] = "kvfree", [KW_KMEM_CACHE] = "kmem_cache_free",
};

/* ---- the table ---------------------------------------------------------------- */

static unsigned int bucket_of(const void *p)
{
	uint64_t h = ((uint64_t)(uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull;
	return (unsigned int)(h >> (64 - HASH_BITS));
}

static struct stripe *stripe_of(unsigned int bucket)
{
	return &stripes[bucket % NR_STRIPES];
}

static void *user_ptr(struct hdr *h)
{
	return h + 1;
}

static void insert(struct hdr *h)
{
	unsigned int b = bucket_of(user_ptr(h));
	struct stripe *s = stripe_of(b);
	h->seq = __atomic_add_fetch(&seq_counter, 1, __ATOMIC_RELAXED);
	kw_spin_lock(&s->lock);
	h->next = buckets[b];
	buckets[b] = h;
	kw_spin_unlock(&s->lock);
}

/* Unlink p's header. Return: it, or NULL with *recent filled if p was freed lately. */
static struct hdr *take(const void *p, struct recent_free *recent)
{
	unsigned int b = bucket_of(p);
	struct stripe *s = stripe_of(b);
	struct hdr *found = NULL;

	recent->ptr = NULL;
	kw_spin_lock(&s->lock);
	for (struct hdr **pp = &buckets[b]; *pp; pp = &(*pp)->next) {
		if (user_ptr(*pp) == p) {
			found = *pp;
			*pp = found->next;
			s->recent[s->recent_next++ % RECENT] = (struct recent_free){
				p, found->where, found->size, found->flags, found->kind };
			break;
		}
	}
	if (!found)
		for (unsigned int i = 0; i < RECENT; i++)
			if (s->recent[i].ptr == p)
				*recent = s->recent[i];
	kw_spin_unlock(&s->lock);
	return found;
}

/* Find p's header without unlinking it (the caller owns p: it stays live). */
static struct hdr *find(const void *p)
{
	unsigned int b = bucket_of(p);
	struct stripe *s = stripe_of(b);
	struct hdr *h;
	kw_spin_lock(&s->lock);
	for (h = buckets[b]; h && user_ptr(h) != p; h = h->next)
		;
	kw_spin_unlock(&s->lock);
	return h;
}

/* ---- messages ------------------------------------------------------------------ */

void kw__kmem_describe(char *buf, size_t size, const struct kw_alloc_site *site,
		       const void *caller, enum kw_kmem_kind kind)
{
	char sym[128];
	if (!site) {
		snprintf(buf, size, "%s'd by %s", kind_alloc[kind],
			 kw_symbol_name(caller, true, sym, sizeof(sym)));
		return;
	}
	const char *base = strrchr(site->file, '/');
	snprintf(buf, size, "%s'd at %s:%d (%s)", site->what ? site->what : kind_alloc[kind],
		 base ? base + 1 : site->file, site->line, site->func);
}

static void describe(char *buf, size_t size, const void *where, unsigned int flags,
		     enum kw_kmem_kind kind)
{
	if (flags & HDR_CALLER)
		kw__kmem_describe(buf, size, NULL, where, kind);
	else
		kw__kmem_describe(buf, size, where, NULL, kind);
}

/* WARN at the caller's site when it is known. */
#define WARN_AT(site, fn, ...)                                                   \
	((site) ? kw_warn((site)->file, (site)->line, (site)->func, __VA_ARGS__) \
		: kw_warn(__FILE__, __LINE__, fn, __VA_ARGS__))

static void warn_alloc_failed(size_t size, unsigned int flags)
{
	static bool once;
	if ((flags & KW_GFP_NOWARN) || __atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
		return;
	kw_printk(KW_SOH "4" "%s: page allocation failure: size:%zu, mode:%#x, nodemask=(null)\n",
		  kw_current()->comm, size, flags);
	kw_dump_stack();
}

/* ---- allocating and freeing -------------------------------------------------------- */

static void *alloc_block(size_t size, unsigned int align, unsigned int flags,
			 enum kw_kmem_kind kind, struct kw_kmem_cache *cache,
			 const void *where, unsigned int hflags)
{
	size_t offset = sizeof(struct hdr);
	char *base;

	if (kw__fault_should_fail(KW_FAULT_KMALLOC))
		return NULL;	/* injected (<kwork/fault.h>): the caller sees ENOMEM */
	if (align > 16)
		offset = (sizeof(struct hdr) + align - 1) / align * align;
	if (size > SIZE_MAX - offset - align) {
		warn_alloc_failed(size, flags);
		return NULL;
	}
	if (align > 16) {
		void *mem;
		base = posix_memalign(&mem, align, offset + size) ? NULL : mem;
		if (base && (flags & KW_GFP_ZERO))
			memset(base, 0, offset + size);
	} else {
		base = (flags & KW_GFP_ZERO) ? calloc(1, offset + size) : malloc(offset + size);
	}
	if (!base) {
		warn_alloc_failed(size, flags);
		return NULL;
	}
	struct hdr *h = (struct hdr *)(base + offset) - 1;
	*h = (struct hdr){ .where = where, .size = size, .cache = cache,
			   .kind = (uint16_t)kind, .flags = (uint16_t)hflags,
			   .offset = (uint32_t)((char *)h - base) };
	insert(h);
	return user_ptr(h);
}

/*
 * Free h's block unless debugobjects finds a live kthread_worker in it (its
 * thread still uses the memory: the block is kept, listed as not freed).
 * Active works and timers in it are reported and deactivated first.
 */
static void free_block(struct hdr *h)
{
	if (kw_unlikely(kw__debug_check_free(user_ptr(h), h->size))) {
		insert(h);
		return;
	}
	if (h->cache)
		__atomic_sub_fetch(&h->cache->nr_objects, 1, __ATOMIC_RELAXED);
	free((char *)h - h->offset);
}

static void check_may_sleep(unsigned int flags, const struct kw_alloc_site *site)
{
	if (flags & KW_GFP_DIRECT_RECLAIM)
		kw_might_sleep_at(site ? site->file : __FILE__, site ? site->line : __LINE__);
}

/* caller: the public entry's return address, recorded when site is NULL. */
static void *kmalloc_at(size_t size, unsigned int flags, enum kw_kmem_kind kind,
			const struct kw_alloc_site *site, const void *caller)
{
	check_may_sleep(flags, site);
	if (!size)
		return KW_ZERO_SIZE_PTR;
	return alloc_block(size, 0, flags, kind, NULL, site ? (const void *)site : caller,
			   site ? 0 : HDR_CALLER);
}

void *kw_kmalloc_kind(size_t size, unsigned int flags, enum kw_kmem_kind kind,
		      const struct kw_alloc_site *site)
{
	return kmalloc_at(size, flags, kind, site, __builtin_return_address(0));
}

void *kw__kmalloc_caller(size_t size, unsigned int flags, const struct kw_alloc_site *site,
			 const void *caller)
{
	return kmalloc_at(size, flags, KW_KMEM_KMALLOC, site, caller);
}

void *kw_kmalloc(size_t size, unsigned int flags, const struct kw_alloc_site *site)
{
	return kmalloc_at(size, flags, KW_KMEM_KMALLOC, site, __builtin_return_address(0));
}

/* A free of something that is no live block: say what it was, free nothing. */
static void bad_free(const void *p, enum kw_kmem_kind kind, const struct kw_alloc_site *site,
		     const struct recent_free *r)
{
	if (r->ptr) {
		char what[256];
		char d[200];
		describe(d, sizeof(d), r->where, r->flags, (enum kw_kmem_kind)r->kind);
		snprintf(what, sizeof(what), "%zu bytes %s, already freed", r->size, d);
		WARN_AT(site, kind_free[kind], "%s(): double free of object %px (%s)",
			kind_free[kind], p, what);
	} else {
		WARN_AT(site, kind_free[kind],
			"%s(): invalid free of %px: not a kmalloc, vmalloc or kmem_cache "
			"object (freed long ago, or never allocated)", kind_free[kind], p);
	}
}

/* Freed with the wrong function: WARN, free it anyway (no memory is lost). */
static void check_kind(struct hdr *h, enum kw_kmem_kind kind, const struct kw_alloc_site *site)
{
	enum kw_kmem_kind k = h->kind;
	bool ok = kind == KW_KMEM_KVMALLOC || k == kind ||
		  (kind == KW_KMEM_KMALLOC && k == KW_KMEM_CACHE);
	if (ok)
		return;
	char d[200];
	describe(d, sizeof(d), h->where, h->flags, k);
	WARN_AT(site, kind_free[kind], "%s(): object %px was %s: free it with %s()",
		kind_free[kind], user_ptr(h), d, kind_free[k]);
}

void kw_kfree(const void *p, enum kw_kmem_kind kind, const struct kw_alloc_site *site)
{
	struct recent_free r;
	if ((uintptr_t)p <= (uintptr_t)KW_ZERO_SIZE_PTR)
		return;
	struct hdr *h = take(p, &r);
	if (kw_unlikely(!h)) {
		bad_free(p, kind, site, &r);
		return;
	}
	if (kw_unlikely(h->kind != kind))
		check_kind(h, kind, site);
	free_block(h);
}

void *kw_krealloc(const void *p, size_t size, unsigned int flags,
		  const struct kw_alloc_site *site)
{
	if ((uintptr_t)p <= (uintptr_t)KW_ZERO_SIZE_PTR)
		return kw_kmalloc(size, flags, site);
	struct hdr *old = find(p);
	if (!old) {
		struct recent_free r = { 0 };
		bad_free(p, KW_KMEM_KMALLOC, site, &r);
		return NULL;
	}
	if (!size) {
		kw_kfree(p, KW_KMEM_KMALLOC, site);
		return KW_ZERO_SIZE_PTR;
	}
	/* A kmem_cache object grows into a kmalloc block, as the kernel's does. */
	enum kw_kmem_kind kind = old->kind == KW_KMEM_CACHE ? KW_KMEM_KMALLOC
							    : (enum kw_kmem_kind)old->kind;
	void *n = kw_kmalloc_kind(size, flags & ~KW_GFP_ZERO, kind, site);
	if (!n)
		return NULL;
	size_t keep = old->size < size ? old->size : size;
	memcpy(n, p, keep);
	if ((flags & KW_GFP_ZERO) && size > keep)
		memset((char *)n + keep, 0, size - keep);
	kw_kfree(p, KW_KMEM_KVMALLOC, site);
	return n;
}

size_t kw_ksize(const void *p)
{
	if ((uintptr_t)p <= (uintptr_t)KW_ZERO_SIZE_PTR)
		return 0;
	struct hdr *h = find(p);
	return h ? h->size : 0;
}

/* ---- kmem_cache ------------------------------------------------------------------------ */

struct kw_kmem_cache *kw_kmem_cache_create(const char *name, unsigned int size,
					   unsigned int align, unsigned int flags,
					   void (*ctor)(void *),
					   const struct kw_alloc_site *site)
{
	check_may_sleep(KW_GFP_DIRECT_RECLAIM, site);
	struct kw_kmem_cache *s = calloc(1, sizeof(*s));
	if (!s || !size) {
		free(s);
		if (flags & KW_SLAB_PANIC)
			kw_bug(__FILE__, __LINE__, __func__,
			       "kmem_cache_create: Failed to create slab '%s'. Error %d",
			       name, -ENOMEM);
		return NULL;
	}
	snprintf(s->name, sizeof(s->name), "%s", name ? name : "(null)");
	s->size = size;
	s->align = align ? align : 8;
	if ((flags & KW_SLAB_HWCACHE_ALIGN) && s->align < 64)
		s->align = 64;
	s->flags = flags;
	s->ctor = ctor;
	s->site = site;
	kw_spin_lock(&caches_lock);
	s->next = caches;
	caches = s;
	kw_spin_unlock(&caches_lock);
	return s;
}

void *kw_kmem_cache_alloc(struct kw_kmem_cache *s, unsigned int flags,
			  const struct kw_alloc_site *site)
{
	check_may_sleep(flags, site);
	const void *where = site ? (const void *)site : __builtin_return_address(0);
	void *p = alloc_block(s->size, s->align, flags, KW_KMEM_CACHE, s, where,
			      site ? 0 : HDR_CALLER);
	if (!p)
		return NULL;
	__atomic_add_fetch(&s->nr_objects, 1, __ATOMIC_RELAXED);
	if (s->ctor && !(flags & KW_GFP_ZERO))
		s->ctor(p);
	return p;
}

void kw_kmem_cache_free(struct kw_kmem_cache *s, void *p, const struct kw_alloc_site *site)
{
	struct recent_free r;
	if ((uintptr_t)p <= (uintptr_t)KW_ZERO_SIZE_PTR)
		return;
	struct hdr *h = take(p, &r);
	if (kw_unlikely(!h)) {
		bad_free(p, KW_KMEM_CACHE, site, &r);
		return;
	}
	if (kw_unlikely(h->cache != s)) {
		WARN_AT(site, "kmem_cache_free",
			"kmem_cache_free: Wrong slab cache. %s but object %px is from %s",
			s ? s->name : "(null)", p, h->cache ? h->cache->name : kind_alloc[h->kind]);
	}
	free_block(h);
}

void kw_kmem_cache_destroy(struct kw_kmem_cache *s, const struct kw_alloc_site *site)
{
	if (!s)
		return;
	if (__atomic_load_n(&s->nr_objects, __ATOMIC_RELAXED)) {
		WARN_AT(site, "kmem_cache_destroy",
			"kmem_cache_destroy %s: Slab cache still has objects when called from %pS",
			s->name, __builtin_return_address(0));
		return;
	}
	kw_spin_lock(&caches_lock);
	for (struct kw_kmem_cache **pp = &caches; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	kw_spin_unlock(&caches_lock);
	free(s);
}

unsigned int kw_kmem_cache_size(struct kw_kmem_cache *s)
{
	return s->size;
}

/* ---- walking ----------------------------------------------------------------------------- */

unsigned long kw_kmem_for_each(void (*fn)(const struct kw_kmem_block *b, void *arg),
			       void *arg, size_t *bytes)
{
	unsigned long n = 0;
	size_t total = 0;
	for (unsigned int i = 0; i < NR_STRIPES; i++) {
		kw_spin_lock(&stripes[i].lock);
		for (unsigned int b = i; b < NR_BUCKETS; b += NR_STRIPES) {
			for (struct hdr *h = buckets[b]; h; h = h->next) {
				n++;
				total += h->size;
				if (!fn)
					continue;
				bool caller = h->flags & HDR_CALLER;
				struct kw_kmem_block blk = {
					.ptr = user_ptr(h), .size = h->size,
					.kind = (enum kw_kmem_kind)h->kind,
					.site = caller ? NULL : h->where,
					.caller = caller ? h->where : NULL,
					.cache = h->cache ? h->cache->name : NULL,
					.seq = h->seq,
				};
				fn(&blk, arg);
			}
		}
		kw_spin_unlock(&stripes[i].lock);
	}
	if (bytes)
		*bytes = total;
	return n;
}

unsigned long kw_kmem_for_each_cache(void (*fn)(const char *name, unsigned int size,
						const struct kw_alloc_site *site, void *arg),
				     void *arg)
{
	unsigned long n = 0;
	kw_spin_lock(&caches_lock);
	for (struct kw_kmem_cache *s = caches; s; s = s->next, n++)
		if (fn)
			fn(s->name, s->size, s->site, arg);
	kw_spin_unlock(&caches_lock);
	return n;
}
