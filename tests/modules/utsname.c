/*
 * utsname.c - a module printing the system's names the LDD3 way
 * (init_uts_ns.name.machine) and the modern way (utsname()), and failing
 * its init with -ENODEV on purpose, as such "print and refuse" modules do:
 * the load fails, exit is not called, nothing is left behind.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/utsname.h>
#include <linux/errno.h>
#include <linux/string.h>

static int __init uts_init(void)
{
	struct new_utsname *u = utsname();

	pr_info("uts: sysname=%s same=%d machine_set=%d\n", init_uts_ns.name.sysname,
		u == init_utsname() && !strcmp(u->machine, init_uts_ns.name.machine),
		u->machine[0] != '\0');
	return -ENODEV;
}

static void __exit uts_exit(void)
{
	pr_info("uts: exit called\n");
}

module_init(uts_init);
module_exit(uts_exit);
MODULE_LICENSE("GPL");
