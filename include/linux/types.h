/* linux/types.h - kernel integer and misc types (compat over kwork). */
#ifndef KWORK_LINUX_TYPES_H
#define KWORK_LINUX_TYPES_H

#if __has_include_next(<linux/types.h>)
#include_next <linux/types.h>	/* __u8 .. __u64 */
#endif
#include <kwork/compiler.h>
#include <sys/types.h>
#include <kwork/sync.h>
#include <kwork/list.h>

typedef int8_t s8;
typedef uint8_t u8;
typedef int16_t s16;
typedef uint16_t u16;
typedef int32_t s32;
typedef uint32_t u32;
/* The kernel's 64-bit types are long long on every arch (int-ll64), so
 * they print with %lld / %llu; int64_t is long on LP64. */
typedef long long s64;
typedef unsigned long long u64;
typedef unsigned int gfp_t;
typedef long long ktime_t;
typedef s64 time64_t;
typedef uintptr_t phys_addr_t;
typedef uintptr_t dma_addr_t;
typedef kw_atomic_t atomic_t;
typedef kw_atomic_long_t atomic_long_t;
typedef kw_atomic64_t atomic64_t;

#define DECLARE_BITMAP(name, bits) \
	unsigned long name[((bits) + 8 * sizeof(long) - 1) / (8 * sizeof(long))]

#define list_head kw_list_head
#define hlist_head kw_hlist_head
#define hlist_node kw_hlist_node

#endif /* KWORK_LINUX_TYPES_H */
