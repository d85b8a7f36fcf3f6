/*
 * kwork/utsname.h - the system's names (uname(2)), as the kernel keeps them
 * in its initial UTS namespace.
 *
 * Layer: platform (public API). A process sees one namespace: the one the
 * OS gave it, read once on first use. Context: any; never sleeps.
 */
#ifndef KWORK_UTSNAME_H
#define KWORK_UTSNAME_H

#include <kwork/compiler.h>

KW_BEGIN_DECLS

#define KW_UTS_LEN 64

/* The kernel's struct new_utsname: six NUL-terminated fields. */
struct kw_utsname {
	char sysname[KW_UTS_LEN + 1];
	char nodename[KW_UTS_LEN + 1];
	char release[KW_UTS_LEN + 1];
	char version[KW_UTS_LEN + 1];
	char machine[KW_UTS_LEN + 1];
	char domainname[KW_UTS_LEN + 1];
};

struct kw_uts_namespace {
	struct kw_utsname name;
};

/*
 * kw_init_uts_ns - the process's UTS namespace, filled from uname(2) on the
 * first call (thread-safe). The fields are writable memory, as the
 * kernel's are (sethostname writes them); kwork never changes them again.
 */
KW_API struct kw_uts_namespace *kw_init_uts_ns(void);

KW_END_DECLS

#endif /* KWORK_UTSNAME_H */
