/*
 * linux/gfp.h - allocation flags (the kernel's values). The C allocator
 * never sleeps for reclaim, so the context flags only document intent;
 * __GFP_ZERO zeroes, __GFP_NOWARN is the default (kmalloc failure is
 * silent).
 */
#ifndef KWORK_LINUX_GFP_H
#define KWORK_LINUX_GFP_H

#include <linux/types.h>

#define GFP_KERNEL 0x0cc0u
#define GFP_ATOMIC 0x0820u
#define GFP_NOWAIT 0x0800u
#define GFP_NOIO 0x0c00u
#define GFP_NOFS 0x0c40u
#define GFP_USER 0x100cc0u
#define __GFP_ZERO 0x100u
#define __GFP_NOWARN 0x2000u
#define __GFP_DIRECT_RECLAIM 0x400u

/* May an allocation with these flags sleep? */
#define gfpflags_allow_blocking(gfp) (((gfp) & __GFP_DIRECT_RECLAIM) != 0)

#endif /* KWORK_LINUX_GFP_H */
