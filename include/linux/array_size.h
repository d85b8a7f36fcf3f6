/*
 * linux/array_size.h - ARRAY_SIZE: the element count of an array; passing a
 * pointer fails the build in C (as in the kernel).
 */
#ifndef KWORK_LINUX_ARRAY_SIZE_H
#define KWORK_LINUX_ARRAY_SIZE_H

#include <linux/build_bug.h>

#ifndef ARRAY_SIZE
#ifdef __cplusplus
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#else
#define __kw_must_be_array(a) \
	BUILD_BUG_ON_ZERO(__builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0])))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]) + __kw_must_be_array(a))
#endif
#endif

#endif /* KWORK_LINUX_ARRAY_SIZE_H */
