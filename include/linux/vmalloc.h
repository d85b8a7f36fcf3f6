/*
 * linux/vmalloc.h - vmalloc, vzalloc, vfree over <kwork/slab.h>: tracked
 * like kmalloc (site, size; reported if not freed at unload), of their own
 * kind, so kfree() of vmalloc memory and vfree() of kmalloc memory WARN.
 * vmalloc may sleep (might_sleep() is checked).
 */
#ifndef KWORK_LINUX_VMALLOC_H
#define KWORK_LINUX_VMALLOC_H

#include <linux/slab.h>

static inline void *vmalloc(unsigned long size)
{
	return kw_kmalloc_kind(size, GFP_KERNEL, KW_KMEM_VMALLOC, NULL);
}
static inline void *vzalloc(unsigned long size)
{
	return kw_kmalloc_kind(size, GFP_KERNEL | __GFP_ZERO, KW_KMEM_VMALLOC, NULL);
}
static inline void vfree(const void *p) { kw_kfree(p, KW_KMEM_VMALLOC, NULL); }

#define vmalloc(size) \
	kw_kmalloc_kind((size), GFP_KERNEL, KW_KMEM_VMALLOC, KW__ALLOC_SITE("vmalloc"))
#define vzalloc(size) \
	kw_kmalloc_kind((size), GFP_KERNEL | __GFP_ZERO, KW_KMEM_VMALLOC, KW__ALLOC_SITE("vzalloc"))
#define __vmalloc(size, flags) \
	kw_kmalloc_kind((size), (flags), KW_KMEM_VMALLOC, KW__ALLOC_SITE("__vmalloc"))
#define vmalloc_node(size, node) ((void)(node), vmalloc(size))
#define vzalloc_node(size, node) ((void)(node), vzalloc(size))
#define vmalloc_array(n, size) \
	kw__kmalloc_array((n), (size), GFP_KERNEL, KW_KMEM_VMALLOC, KW__ALLOC_SITE("vmalloc_array"))
#define vcalloc(n, size)                                                          \
	kw__kmalloc_array((n), (size), GFP_KERNEL | __GFP_ZERO, KW_KMEM_VMALLOC, \
			  KW__ALLOC_SITE("vcalloc"))
#define vfree(p) kw_kfree((p), KW_KMEM_VMALLOC, KW__ALLOC_SITE("vfree"))

#endif /* KWORK_LINUX_VMALLOC_H */
