/*
 * utsname.c - the initial UTS namespace from uname(2) (kwork/utsname.h).
 *
 * Layer: platform. Filled once under pthread_once; any thread, any context
 * afterwards (a pointer read).
 */
#include <kwork/printk.h>

#include <kwork/utsname.h>

#include <pthread.h>
#include <stdio.h>
#include <sys/utsname.h>

static struct kw_uts_namespace init_ns;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void copy_field(char *dst, const char *src)
{
	snprintf(dst, KW_UTS_LEN + 1, "%s", src);
}

static void fill_init_ns(void)
{
	struct utsname u;

	KW_BUG_ON(uname(&u) != 0);
	copy_field(init_ns.name.sysname, u.sysname);
	copy_field(init_ns.name.nodename, u.nodename);
	copy_field(init_ns.name.release, u.release);
	copy_field(init_ns.name.version, u.version);
	copy_field(init_ns.name.machine, u.machine);
	copy_field(init_ns.name.domainname, u.domainname);
}

struct kw_uts_namespace *kw_init_uts_ns(void)
{
	pthread_once(&init_once, fill_init_ns);
	return &init_ns;
}
