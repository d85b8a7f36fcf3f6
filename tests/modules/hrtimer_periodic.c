/*
 * A periodic hrtimer, the 6.13+ way (hrtimer_setup) and the old way
 * (hrtimer_init + ->function): each ticks every 5 ms by returning
 * HRTIMER_RESTART after hrtimer_forward_now(); exit cancels both. A clean
 * unload: nothing left, no code after exit.
 */
#include <linux/module.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/atomic.h>
#include <linux/delay.h>

static struct hrtimer new_timer, old_timer;
static atomic_t new_ticks = ATOMIC_INIT(0), old_ticks = ATOMIC_INIT(0);
static ktime_t period;

static enum hrtimer_restart new_fn(struct hrtimer *t)
{
	atomic_inc(&new_ticks);
	hrtimer_forward_now(t, period);
	return HRTIMER_RESTART;
}

static enum hrtimer_restart old_fn(struct hrtimer *t)
{
	if (atomic_inc_return(&old_ticks) == 1)
		pr_info("hrtimer callback: in_softirq=%d\n", !!in_softirq());
	hrtimer_forward_now(t, period);
	return HRTIMER_RESTART;
}

static int __init hrt_init(void)
{
	period = ms_to_ktime(5);
	hrtimer_setup(&new_timer, new_fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	hrtimer_init(&old_timer, CLOCK_BOOTTIME, HRTIMER_MODE_REL_SOFT);
	old_timer.function = old_fn;
	hrtimer_start(&new_timer, period, HRTIMER_MODE_REL);
	hrtimer_start(&old_timer, period, HRTIMER_MODE_REL_SOFT);
	msleep(60);
	return 0;
}

static void __exit hrt_exit(void)
{
	int a, b;

	hrtimer_cancel(&new_timer);
	hrtimer_cancel(&old_timer);
	a = atomic_read(&new_ticks);
	b = atomic_read(&old_ticks);
	pr_info("hrtimers cancelled: active=%d,%d ticked=%d\n",
		hrtimer_active(&new_timer), hrtimer_active(&old_timer),
		a >= 5 && b >= 5);
}

module_init(hrt_init);
module_exit(hrt_exit);
MODULE_LICENSE("GPL");
