/*
 * The old style: init_module() and cleanup_module() defined directly, no
 * module_init / module_exit lines.
 */
#include <linux/module.h>

int init_module(void)
{
	pr_info("init_module called\n");
	return 0;
}

void cleanup_module(void)
{
	pr_info("cleanup_module called\n");
}

MODULE_LICENSE("GPL");
