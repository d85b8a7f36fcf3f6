/*
 * kmem_internal.h - what the module runner's report and the other
 * allocating helpers (sprintf.c) need from kmem.c.
 *
 * Layer: memory (internal).
 */
#ifndef KWORK_KMEM_INTERNAL_H
#define KWORK_KMEM_INTERNAL_H

#include <kwork/slab.h>

/*
 * kw__kmem_describe - "kzalloc'd at x.c:12 (grab)" for a block allocated at
 * site, or "kmalloc'd by fn+0x1c/0x40 [mod]" (caller) when site is NULL.
 */
void kw__kmem_describe(char *buf, size_t size, const struct kw_alloc_site *site,
		       const void *caller, enum kw_kmem_kind kind);

/*
 * kw__kmalloc_caller - kw_kmalloc for a helper that allocates on its
 * caller's behalf: with a NULL site, caller (the helper's own return
 * address) is recorded, so a leak points at the module, not the helper.
 */
void *kw__kmalloc_caller(size_t size, unsigned int flags, const struct kw_alloc_site *site,
			 const void *caller);

#endif /* KWORK_KMEM_INTERNAL_H */
