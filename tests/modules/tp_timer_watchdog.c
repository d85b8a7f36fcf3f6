// SPDX-License-Identifier: GPL-2.0
/*
 * tp_timer_watchdog - a software watchdog as network and storage drivers
 * build one out of timer_list and work items.
 *
 * A per-device timer_list (timer_setup, recovered with from_timer and
 * timer_container_of) is pushed forward by a "pet" delayed_work with
 * mod_timer; when the petting stops the timer fires in softirq context,
 * may not sleep, and hands the recovery to a work item (schedule_work),
 * which "resets" the device and re-arms. A static DEFINE_TIMER heartbeat
 * re-arms itself from its own callback a fixed number of times. Around it,
 * the return values drivers rely on: mod_timer / mod_timer_pending /
 * timer_reduce / del_timer / timer_delete_sync, the shutdown rule (a shut
 * down timer ignores mod_timer), on-stack timers, and jiffies arithmetic
 * (time_after, time_is_before_jiffies, conversions).
 *
 * Exit prints "tp_timer_watchdog: PASS" when every check held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/hardirq.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/ktime.h>

#define NR_PETS 6
#define NR_HEARTBEATS 4
#define WDT_TIMEOUT_MS 500	/* far above PET_MS: a late pet (TSan, a loaded machine) must not bite */
#define PET_MS 5

static int failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			failures++;                                        \
			pr_err("FAIL: %s (line %d)\n", #cond, __LINE__);   \
		}                                                          \
	} while (0)

struct tp_wdt {
	struct timer_list timer;
	struct work_struct reset_work;
	struct delayed_work pet_work;
	spinlock_t lock;		/* pets_left, resets */
	int pets_left;
	int resets;
	bool expired_in_softirq;
	unsigned long last_pet;
	unsigned long expired_at;
	struct completion reset_done;
};

static struct tp_wdt *wdt;

static void heartbeat_fn(struct timer_list *t);
static DEFINE_TIMER(heartbeat_timer, heartbeat_fn);
static atomic_t heartbeats = ATOMIC_INIT(0);
static DECLARE_COMPLETION(heartbeat_done);

static void heartbeat_fn(struct timer_list *t)
{
	if (atomic_inc_return(&heartbeats) < NR_HEARTBEATS)
		mod_timer(t, jiffies + msecs_to_jiffies(2));
	else
		complete(&heartbeat_done);
}

static void tp_wdt_expired(struct timer_list *t)
{
	struct tp_wdt *w = from_timer(w, t, timer);
	struct tp_wdt *same = timer_container_of(same, t, timer);
	unsigned long flags;

	spin_lock_irqsave(&w->lock, flags);
	w->expired_in_softirq = w == same && in_softirq() && in_interrupt() &&
				in_serving_softirq() && !in_task();
	w->expired_at = jiffies;
	spin_unlock_irqrestore(&w->lock, flags);
	/* Recovery sleeps: hand it to process context. */
	schedule_work(&w->reset_work);
}

static void tp_wdt_reset(struct work_struct *work)
{
	struct tp_wdt *w = container_of(work, struct tp_wdt, reset_work);

	msleep(1);	/* "reset the hardware" */
	spin_lock_irq(&w->lock);
	w->resets++;
	spin_unlock_irq(&w->lock);
	complete(&w->reset_done);
}

static void tp_wdt_pet(struct work_struct *work)
{
	struct tp_wdt *w = container_of(work, struct tp_wdt, pet_work.work);
	bool more;

	spin_lock_bh(&w->lock);
	more = --w->pets_left > 0;
	w->last_pet = jiffies;
	spin_unlock_bh(&w->lock);

	/* Pushing an armed watchdog forward: mod_timer reports it was armed. */
	if (!mod_timer(&w->timer, jiffies + msecs_to_jiffies(WDT_TIMEOUT_MS)))
		pr_err("FAIL: pet found the watchdog idle\n");
	if (more)
		schedule_delayed_work(&w->pet_work, msecs_to_jiffies(PET_MS));
}

static void stack_timer_fn(struct timer_list *t)
{
	pr_err("FAIL: on-stack timer fired after deletion\n");
}

static void check_timer_returns(void)
{
	struct timer_list st;
	unsigned long start = jiffies, far = jiffies + 100 * HZ;

	timer_setup_on_stack(&st, stack_timer_fn, TIMER_DEFERRABLE);
	CHECK(!timer_pending(&st));
	CHECK(mod_timer_pending(&st, far) == 0);	/* idle: not armed */
	CHECK(!timer_pending(&st));
	CHECK(mod_timer(&st, far) == 0);		/* idle -> armed */
	CHECK(timer_pending(&st));
	CHECK(mod_timer(&st, far + HZ) == 1);		/* armed -> re-armed */
	CHECK(st.expires == far + HZ);
	CHECK(timer_reduce(&st, far) == 1);		/* earlier: moved */
	CHECK(st.expires == far);
	timer_reduce(&st, far + 10 * HZ);		/* later: kept */
	CHECK(st.expires == far);
	CHECK(mod_timer_pending(&st, far + 2 * HZ) == 1);
	CHECK(del_timer(&st) == 1);
	CHECK(del_timer(&st) == 0);
	st.expires = far;
	add_timer(&st);
	CHECK(timer_pending(&st));
	CHECK(timer_delete_sync(&st) == 1);
	CHECK(del_timer_sync(&st) == 0);
	CHECK(mod_timer(&st, far) == 0);
	/* Shut down: mod_timer is ignored from then on, the timer stays idle. */
	CHECK(timer_shutdown_sync(&st) == 1);
	CHECK(mod_timer(&st, far) == 0);
	CHECK(!timer_pending(&st));
	destroy_timer_on_stack(&st);

	/* jiffies arithmetic across a sleep. */
	msleep(20);
	CHECK(time_after(jiffies, start));
	CHECK(time_before(start, jiffies));
	CHECK(time_after_eq(jiffies, start + msecs_to_jiffies(20) - 1));
	CHECK(time_is_before_jiffies(start));
	CHECK(time_is_after_jiffies(far));
	CHECK(time_is_before_eq_jiffies(start));
	CHECK(time_is_after_eq_jiffies(far));
	CHECK(time_in_range(jiffies, start, far));
	CHECK(msecs_to_jiffies(0) == 0);
	CHECK(usecs_to_jiffies(1) == 1);
	CHECK(jiffies_to_usecs(1) == 1000000 / HZ);
	CHECK(msecs_to_jiffies(WDT_TIMEOUT_MS) >= 1);
	/* round_jiffies moves a deadline by less than a second. */
	far = jiffies + 5 * HZ;
	CHECK(round_jiffies(far) + HZ > far && round_jiffies(far) < far + HZ);
}

static int __init tp_wdt_init(void)
{
	struct tp_wdt *w;
	unsigned long left;
	ktime_t t0;

	check_timer_returns();

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	spin_lock_init(&w->lock);
	init_completion(&w->reset_done);
	timer_setup(&w->timer, tp_wdt_expired, 0);
	INIT_WORK(&w->reset_work, tp_wdt_reset);
	INIT_DELAYED_WORK(&w->pet_work, tp_wdt_pet);
	w->pets_left = NR_PETS;
	wdt = w;

	t0 = ktime_get();
	CHECK(mod_timer(&w->timer, jiffies + msecs_to_jiffies(WDT_TIMEOUT_MS)) == 0);
	schedule_delayed_work(&w->pet_work, msecs_to_jiffies(PET_MS));

	left = wait_for_completion_timeout(&w->reset_done, 10 * HZ);
	CHECK(left > 0);
	/* The watchdog bit only once the last pet's timeout ran out. */
	CHECK(w->resets == 1);
	CHECK(w->pets_left == 0);
	CHECK(w->expired_in_softirq);
	CHECK(time_after_eq(w->expired_at, w->last_pet));
	CHECK(ktime_ms_delta(ktime_get(), t0) >= WDT_TIMEOUT_MS);
	CHECK(!timer_pending(&w->timer));

	heartbeat_timer.expires = jiffies + 1;
	add_timer(&heartbeat_timer);
	CHECK(wait_for_completion_timeout(&heartbeat_done, 5 * HZ) > 0);
	pr_info("watchdog reset %d time(s) after %d pets; %d heartbeats\n",
		w->resets, NR_PETS, atomic_read(&heartbeats));
	return 0;
}

static void __exit tp_wdt_exit(void)
{
	struct tp_wdt *w = wdt;

	cancel_delayed_work_sync(&w->pet_work);
	timer_shutdown_sync(&w->timer);
	cancel_work_sync(&w->reset_work);
	CHECK(timer_delete_sync(&heartbeat_timer) == 0);
	CHECK(atomic_read(&heartbeats) == NR_HEARTBEATS);
	CHECK(!timer_pending(&w->timer));
	kfree(w);

	if (failures)
		pr_err("%d check(s) failed\n", failures);
	else
		pr_info("PASS\n");
}

module_init(tp_wdt_init);
module_exit(tp_wdt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("software watchdog: timer_list + work hand-off, timer return values");
