/*
 * kwork/sprintf.h - the kernel's formatted-string helpers that the C
 * library lacks: scnprintf (the length actually written) and kasprintf
 * (a kmalloc'd string, tracked like any kmalloc block: freed by kfree,
 * reported with its site if a module leaks it). The conversions are the
 * C library's printf ones (docs/compat.md: no %p extensions).
 *
 * Layer: memory (kasprintf allocates through kmem.c). Context: scnprintf
 * any; kasprintf as kmalloc with the same flags.
 */
#ifndef KWORK_SPRINTF_H
#define KWORK_SPRINTF_H

#include <kwork/compiler.h>
#include <kwork/slab.h>
#include <stdarg.h>

KW_BEGIN_DECLS

/*
 * kw_vscnprintf / kw_scnprintf - format into buf (size bytes, always
 * NUL-terminated when size > 0). Return: the characters written, not
 * counting the NUL: at most size - 1, and 0 for size 0 (unlike snprintf,
 * never the length the output would have had).
 */
KW_API int kw_vscnprintf(char *buf, size_t size, const char *fmt, va_list args) KW_PRINTF(3, 0);
KW_API int kw_scnprintf(char *buf, size_t size, const char *fmt, ...) KW_PRINTF(3, 4);

/*
 * kw_kvasprintf / kw_kasprintf - the formatted string in a new block of
 * kind KW_KMEM_KMALLOC recorded at site (NULL: the caller's address).
 * Context: as kw_kmalloc with flags. Return: the string (kfree it), or
 * NULL if the allocation failed (with kmalloc's warning) or the format
 * could not be converted.
 */
KW_API char *kw_kvasprintf(unsigned int flags, const struct kw_alloc_site *site,
			   const char *fmt, va_list args) KW_PRINTF(3, 0);
KW_API char *kw_kasprintf(unsigned int flags, const struct kw_alloc_site *site,
			  const char *fmt, ...) KW_PRINTF(3, 4);

KW_END_DECLS

#endif /* KWORK_SPRINTF_H */
