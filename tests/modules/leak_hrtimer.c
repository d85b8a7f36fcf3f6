/*
 * Broken on purpose: exit leaves a hrtimer armed an hour out
 * (hrtimer_cancel() not called). `kwork run` must report it and fail.
 */
#include <linux/module.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>

static struct hrtimer far_timer;

static enum hrtimer_restart far_fn(struct hrtimer *t)
{
	pr_info("far hrtimer fired\n");
	return HRTIMER_NORESTART;
}

static int __init leak_init(void)
{
	hrtimer_setup(&far_timer, far_fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	hrtimer_start(&far_timer, ktime_set(3600, 0), HRTIMER_MODE_REL);
	return 0;
}

static void __exit leak_exit(void)
{
	pr_info("exit forgets hrtimer_cancel()\n");
}

module_init(leak_init);
module_exit(leak_exit);
MODULE_LICENSE("GPL");
