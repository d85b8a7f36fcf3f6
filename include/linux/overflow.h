/*
 * linux/overflow.h - overflow-checked arithmetic: check_*_overflow store
 * the wrapped result and return true on overflow (the compiler builtins,
 * any integer types); size_add/size_mul/size_sub saturate at SIZE_MAX so a
 * too-large allocation size fails instead of wrapping; struct_size /
 * flex_array_size / array_size size a flexible array with them.
 */
#ifndef KWORK_LINUX_OVERFLOW_H
#define KWORK_LINUX_OVERFLOW_H

#include <linux/limits.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define check_add_overflow(a, b, d) __builtin_add_overflow((a), (b), (d))
#define check_sub_overflow(a, b, d) __builtin_sub_overflow((a), (b), (d))
#define check_mul_overflow(a, b, d) __builtin_mul_overflow((a), (b), (d))

#define __kw_is_signed_type(t) (((t)(-1)) < (t)1)
#define type_max(t) \
	((t)(__kw_is_signed_type(t) ? ((t)1 << (8 * sizeof(t) - 2)) - 1 + ((t)1 << (8 * sizeof(t) - 2)) : (t)-1))
#define type_min(t) ((t)(__kw_is_signed_type(t) ? -type_max(t) - 1 : (t)0))

static inline size_t size_mul(size_t a, size_t b)
{
	size_t bytes;
	return __builtin_mul_overflow(a, b, &bytes) ? SIZE_MAX : bytes;
}

static inline size_t size_add(size_t a, size_t b)
{
	size_t bytes;
	return __builtin_add_overflow(a, b, &bytes) ? SIZE_MAX : bytes;
}

/* SIZE_MAX stays SIZE_MAX (a saturated size is never made to fit). */
static inline size_t size_sub(size_t a, size_t b)
{
	size_t bytes;
	if (a == SIZE_MAX || b == SIZE_MAX || __builtin_sub_overflow(a, b, &bytes))
		return SIZE_MAX;
	return bytes;
}

#define array_size(a, b) size_mul((a), (b))
#define array3_size(a, b, c) size_mul(size_mul((a), (b)), (c))
/* The bytes of count elements of p's flexible array member. */
#define flex_array_size(p, member, count) \
	size_mul((count), sizeof(*(p)->member))
/* The bytes of *p with count elements in its flexible array member. */
#define struct_size(p, member, count) \
	size_add(sizeof(*(p)), flex_array_size(p, member, count))
#define struct_size_t(type, member, count) \
	struct_size((type *)NULL, member, count)

#endif /* KWORK_LINUX_OVERFLOW_H */
