/*
 * Memory misuse the kernel catches: a double kfree, a kfree of a pointer
 * that kmalloc never returned, vfree of kmalloc memory, GFP_KERNEL under a
 * spinlock. Each gets its WARN, none crashes, and every block is freed in
 * the end, so the unload is clean.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(lock);
static int not_heap;

static int __init misuse_init(void)
{
	char *p = kmalloc(64, GFP_KERNEL);
	char *z = kzalloc(16, GFP_ATOMIC);
	int *arr = kcalloc(4, sizeof(int), GFP_KERNEL);
	void *v = vzalloc(4096);
	void *atomic_block;

	if (!p || !z || !arr || !v)
		return -ENOMEM;
	pr_info("zeroed: %d %d %d\n", z[15], arr[3], ((char *)v)[4095]);
	arr = krealloc(arr, 8 * sizeof(int), GFP_KERNEL | __GFP_ZERO);
	pr_info("krealloc kept and zeroed: %d %zu\n", arr[7], ksize(arr));
	kfree(p);
	kfree(p);		/* double free */
	kfree(&not_heap);	/* never allocated */
	kfree(NULL);		/* fine */
	vfree(z);		/* wrong free function: z is freed anyway */
	spin_lock(&lock);
	atomic_block = kmalloc(8, GFP_KERNEL);	/* may sleep under a spinlock */
	spin_unlock(&lock);
	kfree(atomic_block);
	kfree(arr);
	vfree(v);
	return 0;
}

static void __exit misuse_exit(void)
{
	pr_info("all freed\n");
}

module_init(misuse_init);
module_exit(misuse_exit);
MODULE_LICENSE("GPL");
