/*
 * Broken on purpose: exit leaves two timers armed - one far in the future
 * (reported as armed at unload) and one that re-arms itself every 10 ms,
 * so its callback runs after exit returned (reported as code run after
 * unload). `kwork run` must report both and fail.
 */
#include <linux/module.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/atomic.h>

static struct timer_list far_timer, tick_timer;
static atomic_t ticks = ATOMIC_INIT(0);

static void far_fn(struct timer_list *t)
{
	pr_info("far timer fired\n");
}

static void tick_fn(struct timer_list *t)
{
	atomic_inc(&ticks);
	mod_timer(&tick_timer, jiffies + msecs_to_jiffies(10));
}

static int __init leak_init(void)
{
	timer_setup(&far_timer, far_fn, 0);
	timer_setup(&tick_timer, tick_fn, 0);
	mod_timer(&far_timer, jiffies + 3600 * HZ);
	mod_timer(&tick_timer, jiffies + msecs_to_jiffies(10));
	return 0;
}

static void __exit leak_exit(void)
{
	pr_info("exit after %d ticks forgets timer_delete_sync()\n",
		atomic_read(&ticks));
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
