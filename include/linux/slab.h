/* linux/slab.h - kmalloc and friends over the C allocator. */
#ifndef KWORK_LINUX_SLAB_H
#define KWORK_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <stdlib.h>
#include <string.h>

#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

static inline void *kmalloc(size_t size, gfp_t flags)
{
	return (flags & __GFP_ZERO) ? calloc(1, size) : malloc(size);
}
static inline void *kzalloc(size_t size, gfp_t flags)
{
	(void)flags;
	return calloc(1, size);
}
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, flags);
}
static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	(void)flags;
	return calloc(n, size);
}
static inline void *krealloc(const void *p, size_t size, gfp_t flags)
{
	(void)flags;
	return realloc((void *)p, size);
}
static inline void kfree(const void *p) { free((void *)p); }
static inline void *kvmalloc(size_t size, gfp_t flags) { return kmalloc(size, flags); }
static inline void *kvzalloc(size_t size, gfp_t flags) { return kzalloc(size, flags); }
static inline void kvfree(const void *p) { free((void *)p); }
static inline char *kstrdup(const char *s, gfp_t flags)
{
	(void)flags;
	return s ? strdup(s) : NULL;
}
static inline void *kmemdup(const void *src, size_t len, gfp_t flags)
{
	void *p = kmalloc(len, flags);
	if (p)
		memcpy(p, src, len);
	return p;
}

#endif /* KWORK_LINUX_SLAB_H */
