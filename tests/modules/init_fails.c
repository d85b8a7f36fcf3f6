/*
 * Broken on purpose: init fails with -ENODEV after printing. `kwork run`
 * must print insmod's error with the errno name, must not call exit, and
 * must fail.
 */
#include <linux/module.h>

static int __init fails_init(void)
{
	pr_info("probing: no device\n");
	return -ENODEV;
}

static void __exit fails_exit(void)
{
	pr_info("exit must not run after a failed init\n");
}

module_init(fails_init);
module_exit(fails_exit);
MODULE_LICENSE("GPL");
