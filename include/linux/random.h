/*
 * linux/random.h (basic) - get_random_*() over kwork/random.h (the OS
 * generator). The uapi <linux/random.h> (RNDGETENTCNT, GRND_*) stays
 * reachable behind this one.
 */
#ifndef KWORK_LINUX_RANDOM_H
#define KWORK_LINUX_RANDOM_H

#if __has_include_next(<linux/random.h>)
#include_next <linux/random.h>
#endif
#include <linux/types.h>
#include <kwork/random.h>

#define get_random_bytes(buf, len) kw_get_random_bytes(buf, len)
#define get_random_u8() ((u8)kw_get_random_u32())
#define get_random_u16() ((u16)kw_get_random_u32())
#define get_random_u32() kw_get_random_u32()
#define get_random_u64() ((u64)kw_get_random_u64())
#define get_random_int() kw_get_random_u32()
#define get_random_long() ((unsigned long)kw_get_random_u64())
#define get_random_u32_below(ceil) kw_get_random_u32_below(ceil)
#define get_random_u32_inclusive(floor, ceil) \
	((floor) + kw_get_random_u32_below((ceil) - (floor) + 1))
#define prandom_u32() kw_get_random_u32()
#define prandom_u32_max(ceil) kw_get_random_u32_below(ceil)
#define prandom_bytes(buf, len) kw_get_random_bytes(buf, len)

#endif /* KWORK_LINUX_RANDOM_H */
