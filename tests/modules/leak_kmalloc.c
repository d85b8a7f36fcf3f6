/*
 * Broken on purpose: two allocations, one freed at exit, one forgotten.
 * `kwork run` must report the forgotten 100 bytes with their allocation
 * site and fail.
 */
#include <linux/module.h>
#include <linux/slab.h>

static void *kept, *freed;

static noinline void *grab(size_t n)
{
	return kzalloc(n, GFP_KERNEL);
}

static int __init leak_init(void)
{
	kept = grab(100);
	freed = kmalloc(32, GFP_KERNEL);
	if (!kept || !freed)
		return -ENOMEM;
	return 0;
}

static void __exit leak_exit(void)
{
	kfree(freed);
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
