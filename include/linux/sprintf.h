/*
 * linux/sprintf.h - sprintf/snprintf/vsnprintf (the C library's),
 * scnprintf/vscnprintf, kasprintf/kvasprintf over <kwork/sprintf.h>.
 * kasprintf's string is a kmalloc block recorded at the call site: kfree
 * it; a leak is reported at unload like any kmalloc. The conversions are
 * the C library's (no %pS-style pointer extensions).
 */
#ifndef KWORK_LINUX_SPRINTF_H
#define KWORK_LINUX_SPRINTF_H

#include <kwork/sprintf.h>
#include <linux/gfp.h>
#include <stdio.h>

#define scnprintf(buf, size, ...) kw_scnprintf((buf), (size), __VA_ARGS__)
#define vscnprintf(buf, size, fmt, args) kw_vscnprintf((buf), (size), (fmt), (args))
#define kasprintf(gfp, ...) kw_kasprintf((gfp), KW__ALLOC_SITE("kasprintf"), __VA_ARGS__)
#define kvasprintf(gfp, fmt, args) \
	kw_kvasprintf((gfp), KW__ALLOC_SITE("kvasprintf"), (fmt), (args))

#endif /* KWORK_LINUX_SPRINTF_H */
