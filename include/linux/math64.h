/*
 * linux/math64.h - 64-bit division helpers (div_u64, div_s64, div64_*,
 * *_rem) and asm/div64.h's do_div. A 64-bit process divides natively;
 * these keep the kernel's argument widths (a u32/s32 divisor where the
 * kernel has one) and its truncating semantics. Division by 0 traps, as
 * in the kernel.
 */
#ifndef KWORK_LINUX_MATH64_H
#define KWORK_LINUX_MATH64_H

#include <linux/types.h>
#include <linux/math.h>
#include <asm/div64.h>

static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder)
{
	*remainder = (u32)(dividend % divisor);
	return dividend / divisor;
}

static inline s64 div_s64_rem(s64 dividend, s32 divisor, s32 *remainder)
{
	*remainder = (s32)(dividend % divisor);
	return dividend / divisor;
}

static inline u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

static inline u64 div_u64(u64 dividend, u32 divisor) { return dividend / divisor; }
static inline s64 div_s64(s64 dividend, s32 divisor) { return dividend / divisor; }
static inline u64 div64_u64(u64 dividend, u64 divisor) { return dividend / divisor; }
static inline s64 div64_s64(s64 dividend, s64 divisor) { return dividend / divisor; }
#define div64_ul(x, y) div64_u64((x), (y))
#define div64_long(x, y) div64_s64((x), (y))

/* (a * mul) >> shift with a 128-bit intermediate. */
static inline u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift)
{
	return (u64)(((unsigned __int128)a * mul) >> shift);
}

#define DIV64_U64_ROUND_UP(ll, d) \
	({ u64 __kw_d = (d); div64_u64((ll) + __kw_d - 1, __kw_d); })

#endif /* KWORK_LINUX_MATH64_H */
