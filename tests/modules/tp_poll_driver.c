// SPDX-License-Identifier: GPL-2.0
/*
 * tp_poll_driver - a polled sensor driver laid out as real ones are.
 *
 * probe allocates the device's own workqueues (a WQ_MEM_RECLAIM |
 * WQ_UNBOUND one for polling, an ordered one with a printf-style name for
 * events), a delayed_work that polls and re-arms itself, a spinlock_irqsave
 * protected sample ring, and a reader kthread that sleeps on a wait queue
 * the old way (DECLARE_WAITQUEUE + add_wait_queue + schedule_timeout). An
 * "interrupt" kicks the poll early with mod_delayed_work(.., 0); a config
 * store changes the interval under a mutex and re-arms. remove stops
 * everything in the usual order: flag, cancel_delayed_work_sync, stop the
 * reader, drain the event queue, destroy the workqueues.
 *
 * Every result is checked; exit prints "tp_poll_driver: PASS" when all
 * held, a "FAIL:" line per broken expectation otherwise.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/kthread.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/err.h>

static unsigned int poll_ms = 5;
module_param(poll_ms, uint, 0644);
MODULE_PARM_DESC(poll_ms, "polling interval in milliseconds");

static unsigned int nr_samples = 24;
module_param(nr_samples, uint, 0444);
MODULE_PARM_DESC(nr_samples, "samples the reader collects before probe returns");

static char *devname = "tpsens0";
module_param(devname, charp, 0444);
MODULE_PARM_DESC(devname, "device name used for the workqueues and thread");

#define RING_SIZE 8
#define NR_EVENTS 4

static int failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			failures++;                                        \
			pr_err("FAIL: %s (line %d)\n", #cond, __LINE__);   \
		}                                                          \
	} while (0)

struct tp_event {
	struct work_struct work;
	struct tp_sensor *sensor;
	int seq;
};

struct tp_sensor {
	char name[16];
	struct workqueue_struct *poll_wq;
	struct workqueue_struct *event_wq;
	struct delayed_work poll_work;
	struct tp_event events[NR_EVENTS];

	spinlock_t lock;		/* ring, head, tail */
	u32 ring[RING_SIZE];
	unsigned int head, tail;
	wait_queue_head_t readq;

	struct mutex cfg_lock;		/* interval */
	unsigned long interval;

	bool stopping;
	atomic_t polls;
	atomic_t overruns;
	atomic_t events_inflight;
	atomic_t events_done;
	int event_order[NR_EVENTS];
	u32 next_value;
	bool poll_comm_ok;

	struct task_struct *reader;
	struct completion reader_done;
	u64 sum_read;
	unsigned int nr_read;
	u32 last_read;
	bool read_in_order;
};

static struct tp_sensor *sensor;

static bool ring_empty(struct tp_sensor *s)
{
	unsigned long flags;
	bool empty;

	spin_lock_irqsave(&s->lock, flags);
	empty = s->head == s->tail;
	spin_unlock_irqrestore(&s->lock, flags);
	return empty;
}

static void tp_poll_work(struct work_struct *work)
{
	struct tp_sensor *s = container_of(to_delayed_work(work),
					   struct tp_sensor, poll_work);
	unsigned long flags;
	int n;

	n = atomic_inc_return(&s->polls);
	if (n == 1)
		s->poll_comm_ok = !strncmp(current->comm, "kworker/u", 9) &&
				  (current->flags & PF_WQ_WORKER);

	spin_lock_irqsave(&s->lock, flags);
	if (s->head - s->tail == RING_SIZE) {
		atomic_inc(&s->overruns);
	} else {
		s->ring[s->head % RING_SIZE] = s->next_value++;
		s->head++;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	wake_up_interruptible(&s->readq);

	if (n <= NR_EVENTS)
		queue_work(s->event_wq, &s->events[n - 1].work);

	if (!READ_ONCE(s->stopping)) {
		mutex_lock(&s->cfg_lock);
		queue_delayed_work(s->poll_wq, &s->poll_work, s->interval);
		mutex_unlock(&s->cfg_lock);
	}
}

static void tp_event_work(struct work_struct *work)
{
	struct tp_event *ev = container_of(work, struct tp_event, work);
	struct tp_sensor *s = ev->sensor;
	int done;

	/* An ordered workqueue runs one item at a time, in queueing order. */
	if (atomic_inc_return(&s->events_inflight) != 1)
		pr_err("FAIL: ordered workqueue ran two events at once\n");
	usleep_range(200, 400);
	done = atomic_read(&s->events_done);
	s->event_order[done] = ev->seq;
	atomic_dec(&s->events_inflight);
	atomic_inc(&s->events_done);
}

/* The reader sleeps the pre-wait_event way, as many char drivers still do. */
static int tp_reader_thread(void *data)
{
	struct tp_sensor *s = data;
	DECLARE_WAITQUEUE(wait, current);
	unsigned long flags;
	u32 v;

	add_wait_queue(&s->readq, &wait);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		if (ring_empty(s)) {
			schedule_timeout(HZ);
			continue;
		}
		__set_current_state(TASK_RUNNING);
		spin_lock_irqsave(&s->lock, flags);
		v = s->ring[s->tail % RING_SIZE];
		s->tail++;
		spin_unlock_irqrestore(&s->lock, flags);

		if (s->nr_read && v <= s->last_read)
			s->read_in_order = false;
		s->last_read = v;
		s->sum_read += v;
		/* Marked: init prints the count while the reader goes on. */
		WRITE_ONCE(s->nr_read, s->nr_read + 1);
		if (s->nr_read == nr_samples)
			complete(&s->reader_done);
	}
	__set_current_state(TASK_RUNNING);
	remove_wait_queue(&s->readq, &wait);
	return s->nr_read;
}

/* What a sysfs store would do: a new interval takes effect at once. */
static void tp_set_interval(struct tp_sensor *s, unsigned int ms)
{
	mutex_lock(&s->cfg_lock);
	s->interval = msecs_to_jiffies(ms);
	mutex_unlock(&s->cfg_lock);
	mod_delayed_work(s->poll_wq, &s->poll_work, 0);
}

/* What the device's interrupt handler would do: sample now. */
static void tp_irq(struct tp_sensor *s)
{
	mod_delayed_work(s->poll_wq, &s->poll_work, 0);
}

static void tp_check_delayed_work_api(struct tp_sensor *s)
{
	struct delayed_work probe_dw;
	unsigned long r;

	/* Idle: mod_delayed_work queues it and returns false. */
	INIT_DELAYED_WORK(&probe_dw, tp_poll_work);
	CHECK(!delayed_work_pending(&probe_dw));
	CHECK(queue_delayed_work(s->poll_wq, &probe_dw, 10 * HZ));
	CHECK(delayed_work_pending(&probe_dw));
	CHECK(!queue_delayed_work(s->poll_wq, &probe_dw, HZ));
	CHECK(mod_delayed_work(s->poll_wq, &probe_dw, 20 * HZ));
	CHECK(work_busy(&probe_dw.work) & WORK_BUSY_PENDING);
	CHECK(cancel_delayed_work(&probe_dw));
	CHECK(!cancel_delayed_work(&probe_dw));
	CHECK(!cancel_delayed_work_sync(&probe_dw));
	CHECK(!delayed_work_pending(&probe_dw));
	CHECK(!mod_delayed_work(s->poll_wq, &probe_dw, 30 * HZ));
	CHECK(cancel_delayed_work_sync(&probe_dw));

	/* round_jiffies_relative: a whole second from now, never negative. */
	r = round_jiffies_relative(msecs_to_jiffies(1500));
	CHECK(r > 0 && r <= 3 * HZ);
	CHECK(msecs_to_jiffies(1000) == HZ);
	CHECK(jiffies_to_msecs(HZ) == 1000);
}

static int tp_probe(void)
{
	struct tp_sensor *s;
	unsigned long left;
	int i, ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	strscpy(s->name, devname, sizeof(s->name));
	spin_lock_init(&s->lock);
	mutex_init(&s->cfg_lock);
	init_waitqueue_head(&s->readq);
	init_completion(&s->reader_done);
	atomic_set(&s->polls, 0);
	s->read_in_order = true;
	s->interval = msecs_to_jiffies(poll_ms);

	s->poll_wq = alloc_workqueue("%s_poll", WQ_MEM_RECLAIM | WQ_UNBOUND, 1,
				     s->name);
	if (!s->poll_wq) {
		ret = -ENOMEM;
		goto err_free;
	}
	s->event_wq = alloc_ordered_workqueue("%s-events-%d",
					      WQ_MEM_RECLAIM | WQ_FREEZABLE,
					      s->name, 0);
	if (!s->event_wq) {
		ret = -ENOMEM;
		goto err_poll_wq;
	}
	INIT_DELAYED_WORK(&s->poll_work, tp_poll_work);
	for (i = 0; i < NR_EVENTS; i++) {
		INIT_WORK(&s->events[i].work, tp_event_work);
		s->events[i].sensor = s;
		s->events[i].seq = i;
	}
	tp_check_delayed_work_api(s);

	s->reader = kthread_run(tp_reader_thread, s, "tp_reader/%s", s->name);
	if (IS_ERR(s->reader)) {
		ret = PTR_ERR(s->reader);
		goto err_event_wq;
	}

	sensor = s;
	queue_delayed_work(s->poll_wq, &s->poll_work, 0);
	tp_irq(s);
	tp_set_interval(s, poll_ms * 2);

	left = wait_for_completion_timeout(&s->reader_done,
					   msecs_to_jiffies(10000));
	CHECK(left > 0);
	pr_info("%s: %d polls, %u samples read, %d overruns\n", s->name,
		atomic_read(&s->polls), READ_ONCE(s->nr_read), atomic_read(&s->overruns));
	return 0;

err_event_wq:
	destroy_workqueue(s->event_wq);
err_poll_wq:
	destroy_workqueue(s->poll_wq);
err_free:
	kfree(s);
	return ret;
}

static void tp_remove(void)
{
	struct tp_sensor *s = sensor;
	int polls, reads, i;

	WRITE_ONCE(s->stopping, true);
	cancel_delayed_work_sync(&s->poll_work);
	CHECK(!delayed_work_pending(&s->poll_work));
	CHECK(!work_busy(&s->poll_work.work));
	polls = atomic_read(&s->polls);

	reads = kthread_stop(s->reader);
	CHECK(reads == (int)s->nr_read);
	CHECK(s->nr_read >= nr_samples);
	CHECK(s->read_in_order);
	/* Every sample was read or counted as an overrun, or is still queued. */
	CHECK(s->nr_read + atomic_read(&s->overruns) + (s->head - s->tail) ==
	      (unsigned int)polls);

	flush_workqueue(s->event_wq);
	CHECK(atomic_read(&s->events_done) == NR_EVENTS);
	for (i = 0; i < NR_EVENTS; i++)
		CHECK(s->event_order[i] == i);
	CHECK(s->poll_comm_ok);

	destroy_workqueue(s->event_wq);
	destroy_workqueue(s->poll_wq);
	CHECK(atomic_read(&s->polls) == polls);
	kfree(s);

	if (failures)
		pr_err("%d check(s) failed\n", failures);
	else
		pr_info("PASS\n");
}

static int __init tp_poll_init(void)
{
	return tp_probe();
}

static void __exit tp_poll_exit(void)
{
	tp_remove();
}

module_init(tp_poll_init);
module_exit(tp_poll_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("kwork conformance suite");
MODULE_DESCRIPTION("polled sensor driver: delayed_work, own workqueues, reader kthread");
