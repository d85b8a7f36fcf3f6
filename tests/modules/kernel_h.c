/*
 * A module using <linux/kernel.h> as drivers do: a parameter parsed again
 * with kstrtouint, sizes from struct_size and roundup_pow_of_two, a name
 * from kasprintf (freed at exit), do_div and hex2bin. One kasprintf'd
 * name is left behind on purpose when leak=1, and the unload must list it.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>

static char *count = "0x10";
module_param(count, charp, 0444);
static bool leak;
module_param(leak, bool, 0444);

struct table {
	unsigned int n;
	u32 slots[];
};

static struct table *table;
static char *name;

static int __init kernel_h_init(void)
{
	unsigned int n;
	int err = kstrtouint(count, 0, &n);
	if (err)
		return err;
	n = roundup_pow_of_two(n + 1);
	table = kzalloc(struct_size(table, slots, n), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	table->n = n;
	name = kasprintf(GFP_KERNEL, "table-%u", n);
	if (!name) {
		kfree(table);
		return -ENOMEM;
	}
	u64 ns = 1234567891ULL;
	u32 rem = do_div(ns, 1000);
	u8 id[2];
	if (hex2bin(id, "c0de", 2))
		return -EINVAL;
	pr_info("%s: n=%u ilog2=%d us=%llu rem=%u id=%02x%02x hi=%x\n", name, n,
		ilog2(n), (unsigned long long)ns, rem, id[0], id[1],
		upper_32_bits(0xabcd00000000ULL));
	return 0;
}

static void __exit kernel_h_exit(void)
{
	kfree(table);
	if (!leak)
		kfree(name);
}

module_init(kernel_h_init);
module_exit(kernel_h_exit);
MODULE_LICENSE("GPL");
