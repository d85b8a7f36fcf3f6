/*
 * linux/utsname.h - init_uts_ns, utsname(), init_utsname() over
 * kwork/utsname.h: the names uname(2) gives the process (one namespace, so
 * utsname() of any task is init_utsname()). The uapi header (old_utsname,
 * __NEW_UTS_LEN) stays reachable behind this one.
 */
#ifndef KWORK_LINUX_UTSNAME_H
#define KWORK_LINUX_UTSNAME_H

#if __has_include_next(<linux/utsname.h>)
#include_next <linux/utsname.h>
#endif
#include <kwork/utsname.h>

/* After the uapi header: from here on the kernel's names are kwork's. */
#define new_utsname kw_utsname
#define uts_namespace kw_uts_namespace
#define init_uts_ns (*kw_init_uts_ns())

static inline struct new_utsname *init_utsname(void)
{
	return &init_uts_ns.name;
}

static inline struct new_utsname *utsname(void)
{
	return init_utsname();
}

#endif /* KWORK_LINUX_UTSNAME_H */
