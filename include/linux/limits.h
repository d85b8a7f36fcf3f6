/*
 * linux/limits.h - U8_MAX .. S64_MIN, SIZE_MAX, PHYS_ADDR_MAX, over the
 * system's <linux/limits.h> (NAME_MAX, PATH_MAX). glibc's <limits.h>
 * includes this header, so it uses only the C types (no linux/types.h):
 * each constant has the type the kernel's has.
 */
#ifndef KWORK_LINUX_LIMITS_H
#define KWORK_LINUX_LIMITS_H

#if __has_include_next(<linux/limits.h>)
#include_next <linux/limits.h>
#endif

#define U8_MAX ((unsigned char)~0U)
#define S8_MAX ((signed char)(U8_MAX >> 1))
#define S8_MIN ((signed char)(-S8_MAX - 1))
#define U16_MAX ((unsigned short)~0U)
#define S16_MAX ((short)(U16_MAX >> 1))
#define S16_MIN ((short)(-S16_MAX - 1))
#define U32_MAX ((unsigned int)~0U)
#define U32_MIN ((unsigned int)0)
#define S32_MAX ((int)(U32_MAX >> 1))
#define S32_MIN ((int)(-S32_MAX - 1))
#define U64_MAX ((unsigned long long)~0ULL)
#define S64_MAX ((long long)(U64_MAX >> 1))
#define S64_MIN ((long long)(-S64_MAX - 1))
#ifndef SIZE_MAX
#define SIZE_MAX (~(__SIZE_TYPE__)0)
#endif
#define PHYS_ADDR_MAX (~(__UINTPTR_TYPE__)0)

#endif /* KWORK_LINUX_LIMITS_H */
