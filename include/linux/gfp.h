/*
 * linux/gfp.h - allocation flags (the kernel's 6.12 values, from
 * <kwork/slab.h>). __GFP_ZERO zeroes; __GFP_DIRECT_RECLAIM (in GFP_KERNEL,
 * not in GFP_ATOMIC) means the allocation may sleep and is checked with
 * might_sleep(); __GFP_NOWARN silences the allocation-failure warning; the
 * rest have no meaning in a process (docs/modules.md).
 */
#ifndef KWORK_LINUX_GFP_H
#define KWORK_LINUX_GFP_H

#include <kwork/slab.h>
#include <linux/types.h>

#define __GFP_HIGH KW_GFP_HIGH
#define __GFP_IO KW_GFP_IO
#define __GFP_FS KW_GFP_FS
#define __GFP_ZERO KW_GFP_ZERO
#define __GFP_DIRECT_RECLAIM KW_GFP_DIRECT_RECLAIM
#define __GFP_KSWAPD_RECLAIM KW_GFP_KSWAPD_RECLAIM
#define __GFP_RECLAIM (KW_GFP_DIRECT_RECLAIM | KW_GFP_KSWAPD_RECLAIM)
#define __GFP_NOWARN KW_GFP_NOWARN
#define __GFP_RETRY_MAYFAIL KW_GFP_RETRY_MAYFAIL
#define __GFP_NORETRY KW_GFP_NORETRY
#define __GFP_ACCOUNT KW_GFP_ACCOUNT

#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO (__GFP_RECLAIM)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER (__GFP_RECLAIM | __GFP_IO | __GFP_FS | 0x100000u)

/* May an allocation with these flags sleep? */
#define gfpflags_allow_blocking(gfp) (((gfp) & __GFP_DIRECT_RECLAIM) != 0)

#endif /* KWORK_LINUX_GFP_H */
