/*
 * linux/math.h - integer rounding and division helpers, abs, mult_frac.
 * Each argument is evaluated once where the kernel's is (the statement
 * expressions); round_up/round_down need a power-of-2 y.
 */
#ifndef KWORK_LINUX_MATH_H
#define KWORK_LINUX_MATH_H

#include <stdlib.h>	/* before abs() becomes a macro below */

#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(ll, d) \
	((unsigned long long)((unsigned long long)(ll) + (d) - 1) / (d))
#define DIV_ROUND_DOWN_ULL(ll, d) ((unsigned long long)(ll) / (d))

/* x / d rounded to nearest, halves away from zero; also for negative x or d. */
#define DIV_ROUND_CLOSEST(x, divisor)                                          \
	({                                                                     \
		__typeof__(x) __x = (x);                                       \
		__typeof__(divisor) __d = (divisor);                           \
		(((__typeof__(x))-1) > 0 || ((__typeof__(divisor))-1) > 0 ||   \
		 ((__x) > 0) == ((__d) > 0)) ?                                 \
			(((__x) + ((__d) / 2)) / (__d)) :                      \
			(((__x) - ((__d) / 2)) / (__d));                       \
	})
#define DIV_ROUND_CLOSEST_ULL(x, divisor)                                      \
	({                                                                     \
		__typeof__(divisor) __d = (divisor);                           \
		((unsigned long long)(x) + __d / 2) / __d;                     \
	})

/* Any y. */
#define roundup(x, y)                                                          \
	({                                                                     \
		__typeof__(y) __y = (y);                                       \
		(((x) + (__y - 1)) / __y) * __y;                               \
	})
#define rounddown(x, y)                                                        \
	({                                                                     \
		__typeof__(x) __x = (x);                                       \
		__x - (__x % (y));                                             \
	})
/* y a power of 2. */
#define __round_mask(x, y) ((__typeof__(x))((y) - 1))
#define round_up(x, y) ((((x) - 1) | __round_mask(x, y)) + 1)
#define round_down(x, y) ((x) & ~__round_mask(x, y))

/* x * numer / denom without overflowing the intermediate x * numer. */
#define mult_frac(x, numer, denom)                                             \
	({                                                                     \
		__typeof__(x) __q = (x) / (denom);                             \
		__typeof__(x) __r = (x) % (denom);                             \
		(__q * (numer)) + ((__r * (numer)) / (denom));                 \
	})

/*
 * abs of any integer type: signed types (char promoted to int) lose the
 * sign, unsigned ones come back as they are. C++ keeps std::abs.
 */
#ifndef __cplusplus
#undef abs
/* The casts keep the unselected branches quiet (-Wabsolute-value). */
#define abs(x)                                                                 \
	_Generic((x),                                                          \
		char: __builtin_abs((int)(x)),                                 \
		signed char: __builtin_abs((int)(x)),                          \
		short: __builtin_abs((int)(x)),                                \
		int: __builtin_abs((int)(x)),                                  \
		long: __builtin_labs((long)(x)),                               \
		long long: __builtin_llabs((long long)(x)),                    \
		default: (x))
#endif

#endif /* KWORK_LINUX_MATH_H */
