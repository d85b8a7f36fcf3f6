/*
 * Broken on purpose: writes one byte past a kmalloc'd block. Under
 * `kwork run --asan` AddressSanitizer reports the heap-buffer-overflow at
 * this line; under `kwork run --valgrind` memcheck reports the invalid
 * write. Either fails the run.
 */
#include <linux/module.h>
#include <linux/slab.h>

static char *buf;

static int __init overflow_init(void)
{
	buf = kmalloc(16, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf[16] = 'x';	/* the bug */
	return 0;
}

static void __exit overflow_exit(void)
{
	kfree(buf);
}

module_init(overflow_init);
module_exit(overflow_exit);
MODULE_LICENSE("GPL");
