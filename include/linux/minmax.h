/*
 * linux/minmax.h - min/max/clamp that evaluate each argument once, and
 * swap().
 */
#ifndef KWORK_LINUX_MINMAX_H
#define KWORK_LINUX_MINMAX_H

#ifdef __cplusplus
/* libstdc++'s c++config.h #undefs min and max: let it run before we define them. */
#include <cstdlib>
#endif

#define min(a, b) ({ __typeof__(a) __kw_a = (a); __typeof__(b) __kw_b = (b); \
		     __kw_a < __kw_b ? __kw_a : __kw_b; })
#define max(a, b) ({ __typeof__(a) __kw_a = (a); __typeof__(b) __kw_b = (b); \
		     __kw_a > __kw_b ? __kw_a : __kw_b; })
#define min3(a, b, c) min(min(a, b), c)
#define max3(a, b, c) max(max(a, b), c)
#define min_t(t, a, b) min((t)(a), (t)(b))
#define max_t(t, a, b) max((t)(a), (t)(b))
#define umin(a, b) min((unsigned long long)(a), (unsigned long long)(b))
#define umax(a, b) max((unsigned long long)(a), (unsigned long long)(b))
#define min_not_zero(a, b)                                            \
	({ __typeof__(a) __kw_x = (a); __typeof__(b) __kw_y = (b);    \
	   __kw_x == 0 ? __kw_y : (__kw_y == 0 ? __kw_x : min(__kw_x, __kw_y)); })
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define clamp_t(t, v, lo, hi) clamp((t)(v), (t)(lo), (t)(hi))
#define clamp_val(v, lo, hi) clamp_t(__typeof__(v), v, lo, hi)
#define swap(a, b) \
	do { __typeof__(a) __kw_tmp = (a); (a) = (b); (b) = __kw_tmp; } while (0)

#endif /* KWORK_LINUX_MINMAX_H */
