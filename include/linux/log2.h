/*
 * linux/log2.h - integer log2 and powers of two. ilog2() of a constant is
 * an integer constant expression (usable in static_assert and array
 * sizes); ilog2(0) and roundup_pow_of_two(0) are undefined, as in the kernel.
 */
#ifndef KWORK_LINUX_LOG2_H
#define KWORK_LINUX_LOG2_H

#include <stdbool.h>

/* Floor of log2(n): the index of the highest set bit. */
#define ilog2(n) ((int)((n) < 2 ? 0 : 63 - __builtin_clzll((unsigned long long)(n))))

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/* The smallest power of 2 >= n (n >= 1). */
#define roundup_pow_of_two(n) \
	((n) == 1 ? 1UL : 1UL << (ilog2((n) - 1) + 1))
/* The largest power of 2 <= n (n >= 1). */
#define rounddown_pow_of_two(n) (1UL << ilog2(n))
/* Ceiling of log2(n); 0 for n <= 1. */
#define order_base_2(n) ((n) > 1 ? ilog2((n) - 1) + 1 : 0)

#endif /* KWORK_LINUX_LOG2_H */
