/*
 * slab.c - kmalloc / kfree for kernel-style code (<kwork/slab.h>).
 *
 * Layer: task core. Runs in the caller. Allocation asks the fault point
 * KW_FAULT_KMALLOC first; freeing hands the block's extent
 * (malloc_usable_size) to debugobjects before free(), which keeps the
 * block when a live kthread_worker is in it.
 */
#include <kwork/slab.h>

#include "debug_internal.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

void *kw_kmalloc(size_t size, unsigned int gfp)
{
	if (kw__fault_should_fail(KW_FAULT_KMALLOC))
		return NULL;
	return (gfp & KW_GFP_ZERO) ? calloc(1, size) : malloc(size);
}

void *kw_krealloc(const void *p, size_t size, unsigned int gfp)
{
	if (kw__fault_should_fail(KW_FAULT_KMALLOC))
		return NULL;
	size_t old = p ? malloc_usable_size((void *)p) : 0;
	if (p && size < old)
		kw__debug_check_free((const char *)p + size, old - size);
	void *n = realloc((void *)p, size);
	if (n && (gfp & KW_GFP_ZERO) && size > old)
		memset((char *)n + old, 0, size - old);
	return n;
}

void kw_kfree(const void *p)
{
	if (!p)
		return;
	if (kw__debug_check_free(p, malloc_usable_size((void *)p)))
		return;	/* a live kthread_worker's thread still uses it */
	free((void *)p);
}
