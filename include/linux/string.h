/*
 * linux/string.h - the C library's string functions plus the kernel's
 * strscpy, strlcpy (removed in 6.8, kept for older modules),
 * memzero_explicit, and kstrdup/kmemdup (linux/slab.h).
 */
#ifndef KWORK_LINUX_STRING_H
#define KWORK_LINUX_STRING_H

#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/slab.h>

/*
 * kw_strscpy - copy src into dst[size], always NUL-terminated when size > 0.
 * Return: the length copied, or -E2BIG if src was truncated (or size is 0).
 */
static inline ssize_t kw_strscpy(char *dst, const char *src, size_t size)
{
	if (size == 0)
		return -E2BIG;
	size_t len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (ssize_t)len;
}

/* strscpy(dst, src) takes sizeof(dst), as in 6.10+; 3 arguments as before. */
#define KW__STRSCPY_PICK(_1, _2, _3, name, ...) name
#define KW__STRSCPY2(dst, src) kw_strscpy(dst, src, sizeof(dst))
#define KW__STRSCPY3(dst, src, size) kw_strscpy(dst, src, size)
#define strscpy(...) \
	KW__STRSCPY_PICK(__VA_ARGS__, KW__STRSCPY3, KW__STRSCPY2, )(__VA_ARGS__)

#if !defined(__GLIBC__) || __GLIBC__ < 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ < 38)
/* strlcpy: copy at most size-1 bytes. Return: strlen(src). */
static inline size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	if (size) {
		size_t n = len >= size ? size - 1 : len;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
#endif

#define memzero_explicit(p, n) explicit_bzero(p, n)

#endif /* KWORK_LINUX_STRING_H */
