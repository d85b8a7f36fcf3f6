/*
 * A teaching-style tasklet module: a tasklet declared with DECLARE_TASKLET,
 * one embedded in a device struct with tasklet_setup()/from_tasklet(), an
 * old-style tasklet_init() one, and a timer that schedules a tasklet from
 * softirq context. Everything runs on ksoftirqd; exit kills the tasklets
 * and the unload is clean.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/completion.h>
#include <linux/sched.h>

struct mydev {
	const char *name;
	int events;
	struct tasklet_struct bh;
};

static struct mydev dev = { .name = "mydev" };
static struct tasklet_struct old_bh;
static struct timer_list poll_timer;
static DECLARE_COMPLETION(simple_done);
static DECLARE_COMPLETION(dev_done);
static DECLARE_COMPLETION(old_done);

static void simple_fn(struct tasklet_struct *t)
{
	pr_info("simple tasklet: in_softirq=%d comm=%.9s\n",
		in_softirq() ? 1 : 0, current->comm);
	complete(&simple_done);
}
static DECLARE_TASKLET(simple, simple_fn);

static void dev_bh(struct tasklet_struct *t)
{
	struct mydev *d = from_tasklet(d, t, bh);

	d->events++;
	pr_info("%s: bottom half ran, %d event(s)\n", d->name, d->events);
	complete(&dev_done);
}

static void old_style(unsigned long data)
{
	pr_info("old-style tasklet data=%lu\n", data);
	complete(&old_done);
}

static void poll_fn(struct timer_list *t)
{
	/* timer callback (softirq): hand the work to the bottom half */
	tasklet_hi_schedule(&dev.bh);
}

static int __init tl_init(void)
{
	tasklet_setup(&dev.bh, dev_bh);
	tasklet_init(&old_bh, old_style, 7);
	tasklet_schedule(&simple);
	tasklet_schedule(&old_bh);
	timer_setup(&poll_timer, poll_fn, 0);
	mod_timer(&poll_timer, jiffies + 1);
	if (request_irq(5, NULL, 0, "mydev", &dev) != -ENOSYS)
		pr_err("request_irq should fail in a process\n");
	return 0;
}

static void __exit tl_exit(void)
{
	wait_for_completion(&simple_done);
	wait_for_completion(&dev_done);
	wait_for_completion(&old_done);
	del_timer_sync(&poll_timer);
	tasklet_kill(&dev.bh);
	tasklet_kill(&old_bh);
	tasklet_kill(&simple);
	pr_info("tasklets: all killed\n");
}

module_init(tl_init);
module_exit(tl_exit);
MODULE_LICENSE("GPL");
