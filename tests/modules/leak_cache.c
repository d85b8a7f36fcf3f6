/*
 * Broken on purpose: exit destroys its kmem_cache while an object is still
 * allocated (the kernel's "Slab cache still has objects" WARN; the cache
 * stays) and forgets a kstrdup'd name. `kwork run` must report the object,
 * the cache and the string, and fail.
 */
#include <linux/module.h>
#include <linux/slab.h>

struct item {
	int id;
	char tag[20];
};

static struct kmem_cache *cache;
static struct item *live;
static char *name;

static int __init leak_init(void)
{
	cache = KMEM_CACHE(item, SLAB_HWCACHE_ALIGN);
	if (!cache)
		return -ENOMEM;
	live = kmem_cache_zalloc(cache, GFP_KERNEL);
	name = kstrdup("leaky name", GFP_KERNEL);
	if (!live || !name)
		return -ENOMEM;
	pr_info("item aligned to 64: %d\n", ((unsigned long)live & 63) == 0);
	return 0;
}

static void __exit leak_exit(void)
{
	kmem_cache_destroy(cache);
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
