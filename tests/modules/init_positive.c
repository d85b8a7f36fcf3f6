/*
 * init returns a positive value: the kernel warns that it "suspiciously
 * returned 1", dumps the stack and loads the module anyway.
 */
#include <linux/module.h>

static int __init pos_init(void)
{
	return 1;
}

static void __exit pos_exit(void)
{
	pr_info("exit runs: the module was loaded\n");
}

module_init(pos_init);
module_exit(pos_exit);
MODULE_LICENSE("GPL");
