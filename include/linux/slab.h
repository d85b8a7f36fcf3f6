/* linux/slab.h - kmalloc and friends: names for <kwork/slab.h>. */
#ifndef KWORK_LINUX_SLAB_H
#define KWORK_LINUX_SLAB_H

#include <kwork/slab.h>
#include <linux/types.h>
#include <linux/gfp.h>
#include <stdlib.h>
#include <string.h>

#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

static inline void *kmalloc(size_t size, gfp_t flags) { return kw_kmalloc(size, flags); }
static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kw_kmalloc(size, flags | __GFP_ZERO);
}
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kw_kmalloc(n * size, flags);
}
static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}
static inline void *krealloc(const void *p, size_t size, gfp_t flags)
{
	return kw_krealloc(p, size, flags);
}
static inline void kfree(const void *p) { kw_kfree(p); }
static inline void *kvmalloc(size_t size, gfp_t flags) { return kmalloc(size, flags); }
static inline void *kvzalloc(size_t size, gfp_t flags) { return kzalloc(size, flags); }
static inline void kvfree(const void *p) { kw_kfree(p); }
static inline char *kstrdup(const char *s, gfp_t flags)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = (char *)kw_kmalloc(n, flags);
	if (d)
		memcpy(d, s, n);
	return d;
}
static inline void *kmemdup(const void *src, size_t len, gfp_t flags)
{
	void *p = kmalloc(len, flags);
	if (p)
		memcpy(p, src, len);
	return p;
}

#endif /* KWORK_LINUX_SLAB_H */
