/*
 * sprintf.c - scnprintf and kasprintf over the C library's vsnprintf
 * (kwork/sprintf.h). kasprintf measures, then allocates through
 * kw_kmalloc so the string is a tracked kmalloc block with its site.
 *
 * Layer: memory, beside kmem.c. No state, no locks: any thread; kasprintf
 * in whatever context kmalloc with its flags allows.
 */
#include "kmem_internal.h"

#include <kwork/sprintf.h>

#include <stdio.h>

int kw_vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n;

	if (size == 0)
		return 0;
	n = vsnprintf(buf, size, fmt, args);
	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n < size ? n : (int)(size - 1);
}

int kw_scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = kw_vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/* The string, allocated at site or (NULL site) recorded as caller's. */
static char *vkasprintf(unsigned int flags, const struct kw_alloc_site *site, const void *caller,
			const char *fmt, va_list args)
{
	va_list measure;
	char *p;
	int len;

	va_copy(measure, args);
	len = vsnprintf(NULL, 0, fmt, measure);
	va_end(measure);
	if (len < 0)
		return NULL;
	p = kw__kmalloc_caller((size_t)len + 1, flags & ~KW_GFP_ZERO, site, caller);
	if (p)
		vsnprintf(p, (size_t)len + 1, fmt, args);
	return p;
}

char *kw_kvasprintf(unsigned int flags, const struct kw_alloc_site *site,
		    const char *fmt, va_list args)
{
	return vkasprintf(flags, site, __builtin_return_address(0), fmt, args);
}

char *kw_kasprintf(unsigned int flags, const struct kw_alloc_site *site, const char *fmt, ...)
{
	va_list args;
	char *p;

	va_start(args, fmt);
	p = vkasprintf(flags, site, __builtin_return_address(0), fmt, args);
	va_end(args);
	return p;
}
