/*
 * An hrtimer module of the 2.6.16 .. 6.7 kind: it includes <linux/sched.h>
 * for the hrtimer API (those kernels' sched.h brought in hrtimer.h), and
 * nothing hrtimer-specific. The timer runs itself forward three periods,
 * then stops; init waits for the third expiry through a completion.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/completion.h>

static struct hrtimer period_timer;
static DECLARE_COMPLETION(third);
static int expiries;

static enum hrtimer_restart period_fn(struct hrtimer *t)
{
	if (++expiries == 3) {
		complete(&third);
		return HRTIMER_NORESTART;
	}
	hrtimer_forward_now(t, ktime_set(0, 2 * NSEC_PER_MSEC));
	return HRTIMER_RESTART;
}

static int __init sched_h_hrtimer_init(void)
{
	hrtimer_init(&period_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	period_timer.function = period_fn;
	hrtimer_start(&period_timer, ktime_set(0, 2 * NSEC_PER_MSEC), HRTIMER_MODE_REL);
	wait_for_completion(&third);
	pr_info("sched_h_hrtimer: %d expiries\n", expiries);
	return 0;
}

static void __exit sched_h_hrtimer_exit(void)
{
	hrtimer_cancel(&period_timer);
}

module_init(sched_h_hrtimer_init);
module_exit(sched_h_hrtimer_exit);
MODULE_LICENSE("GPL");
