/*
 * kwork/slab.h - kmalloc and kfree over the C allocator, with kwork's
 * checks: KW_FAULT_KMALLOC fault injection (<kwork/fault.h>) on the
 * allocating side, debugobjects (<kwork/debug.h>) on the freeing side.
 *
 * Layer: task core (public API). <linux/slab.h> maps the kernel's names here.
 */
#ifndef KWORK_SLAB_H
#define KWORK_SLAB_H

#include <kwork/compiler.h>

KW_BEGIN_DECLS

/* gfp flag that zeroes the allocation (the kernel's __GFP_ZERO value). */
#define KW_GFP_ZERO 0x100u

/*
 * kw_kmalloc - size bytes (zeroed with KW_GFP_ZERO), or NULL when out of
 * memory or when an armed KW_FAULT_KMALLOC point fails this call.
 */
KW_API void *kw_kmalloc(size_t size, unsigned int gfp);

/* kw_krealloc - resize p (NULL: allocate); NULL on failure, p untouched. */
KW_API void *kw_krealloc(const void *p, size_t size, unsigned int gfp);

/*
 * kw_kfree - free p (NULL: nothing). With debugobjects on, a pending work,
 * armed timer or live kthread_worker inside p is reported and deactivated
 * first ("ODEBUG: free active ...").
 */
KW_API void kw_kfree(const void *p);

KW_END_DECLS

#endif /* KWORK_SLAB_H */
