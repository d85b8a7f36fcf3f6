// SPDX-License-Identifier: GPL-2.0
/*
 * tp_kthread_consumer - a request queue served by kthreads, as block and
 * firmware-loader style drivers write it.
 *
 * A producer kthread (kthread_run) feeds kmalloc'd requests into a
 * spinlock-protected list and wakes a pool of consumer kthreads sleeping in
 * wait_event_interruptible(.., cond || kthread_should_stop()); each request
 * carries a completion the submitter waits on with
 * wait_for_completion_timeout. A drain waiter uses the open-coded
 * DEFINE_WAIT / prepare_to_wait / finish_wait loop. Around it: kthread_stop
 * return values (a thread that returned on its own, a thread never woken),
 * kthread_park/unpark, wait_event_*_timeout return values, completion
 * reinit/complete_all/try_wait, set_freezable/try_to_freeze, sleeps.
 *
 * Exit prints "tp_kthread_consumer: PASS" when every check held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/freezer.h>
#include <linux/wait.h>
#include <linux/completion.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/jiffies.h>
#include <linux/err.h>

static int nr_consumers = 3;
module_param(nr_consumers, int, 0444);
MODULE_PARM_DESC(nr_consumers, "consumer threads (1..8)");

static int nr_requests = 40;
module_param(nr_requests, int, 0444);
MODULE_PARM_DESC(nr_requests, "requests the producer submits");

#define MAX_CONSUMERS 8

static int failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			failures++;                                        \
			pr_err("FAIL: %s (line %d)\n", #cond, __LINE__);   \
		}                                                          \
	} while (0)

struct tp_request {
	struct list_head node;
	int id;
	int result;
	struct completion done;
};

static LIST_HEAD(req_list);
static DEFINE_SPINLOCK(req_lock);
static DECLARE_WAIT_QUEUE_HEAD(req_wq);
static DECLARE_WAIT_QUEUE_HEAD(drain_wq);
static atomic_t outstanding = ATOMIC_INIT(0);
static atomic_t served = ATOMIC_INIT(0);
static struct task_struct *consumers[MAX_CONSUMERS];
static struct task_struct *producer;
static DECLARE_COMPLETION(producer_done);
static int producer_ok;

static bool req_available(void)
{
	bool avail;

	spin_lock(&req_lock);
	avail = !list_empty(&req_list);
	spin_unlock(&req_lock);
	return avail;
}

static struct tp_request *req_take(void)
{
	struct tp_request *rq;

	spin_lock(&req_lock);
	rq = list_first_entry_or_null(&req_list, struct tp_request, node);
	if (rq)
		list_del_init(&rq->node);
	spin_unlock(&req_lock);
	return rq;
}

static int consumer_fn(void *data)
{
	long idx = (long)data;
	int handled = 0;
	struct tp_request *rq;

	set_freezable();
	while (!kthread_should_stop()) {
		if (wait_event_interruptible(req_wq, req_available() ||
					     kthread_should_stop()))
			continue;
		try_to_freeze();
		while ((rq = req_take())) {
			rq->result = rq->id * 2 + 1;
			handled++;
			atomic_inc(&served);
			complete(&rq->done);
			if (atomic_dec_and_test(&outstanding))
				wake_up(&drain_wq);
		}
	}
	pr_debug("consumer %ld handled %d\n", idx, handled);
	return handled;
}

static int producer_fn(void *data)
{
	int n = *(int *)data, i, ok = 0;
	struct tp_request *rq;

	for (i = 0; i < n && !kthread_should_stop(); i++) {
		rq = kzalloc(sizeof(*rq), GFP_KERNEL);
		if (!rq)
			break;
		rq->id = i;
		init_completion(&rq->done);
		atomic_inc(&outstanding);
		spin_lock(&req_lock);
		list_add_tail(&rq->node, &req_list);
		spin_unlock(&req_lock);
		wake_up_interruptible(&req_wq);

		if (!wait_for_completion_timeout(&rq->done, msecs_to_jiffies(5000)))
			pr_err("FAIL: request %d timed out\n", i);
		else if (rq->result == i * 2 + 1)
			ok++;
		kfree(rq);
		if (i % 8 == 0)
			usleep_range(100, 200);
	}
	producer_ok = ok;
	complete(&producer_done);
	/* Stay until kthread_stop(), as a kthread someone will stop must. */
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return ok;
}

/* The open-coded wait, as drivers wrote it before wait_event(). */
static int drain_requests(long timeout)
{
	DEFINE_WAIT(wait);
	int ret = 0;

	for (;;) {
		prepare_to_wait(&drain_wq, &wait, TASK_INTERRUPTIBLE);
		if (atomic_read(&outstanding) == 0 && READ_ONCE(producer_ok))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		timeout = schedule_timeout(timeout);
		if (!timeout) {
			ret = -ETIMEDOUT;
			break;
		}
	}
	finish_wait(&drain_wq, &wait);
	return ret;
}

static int early_fn(void *data)
{
	complete(data);
	return 42;
}

static int never_fn(void *data)
{
	pr_err("FAIL: never_fn ran\n");
	return 0;
}

static atomic_t park_loops = ATOMIC_INIT(0);

static int parking_fn(void *data)
{
	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		atomic_inc(&park_loops);
		msleep(1);
	}
	return 7;
}

static void check_kthread_lifetimes(void)
{
	DECLARE_COMPLETION_ONSTACK(early_done);
	struct task_struct *t;
	int loops;

	/* A thread that returned on its own: kthread_stop returns its value. */
	t = kthread_create(early_fn, &early_done, "tp_early");
	CHECK(!IS_ERR(t));
	if (!IS_ERR(t)) {
		/* Held before the wake: a thread that exits on its own is freed. */
		get_task_struct(t);
		wake_up_process(t);
		wait_for_completion(&early_done);
		msleep(10);
		CHECK(kthread_stop(t) == 42);
		put_task_struct(t);
	}

	/* Created, never woken: kthread_stop returns -EINTR, fn never runs. */
	t = kthread_create(never_fn, NULL, "tp_never/%d", 0);
	CHECK(!IS_ERR(t));
	if (!IS_ERR(t)) {
		CHECK(!strcmp(t->comm, "tp_never/0"));
		CHECK(kthread_stop(t) == -EINTR);
	}

	/* Park and unpark: no progress while parked. */
	t = kthread_run(parking_fn, NULL, "tp_park");
	CHECK(!IS_ERR(t));
	if (!IS_ERR(t)) {
		msleep(5);
		CHECK(kthread_park(t) == 0);
		loops = atomic_read(&park_loops);
		msleep(20);
		CHECK(atomic_read(&park_loops) == loops);
		kthread_unpark(t);
		CHECK(kthread_stop(t) == 7);
	}
}

static void check_wait_and_completion_returns(void)
{
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
	struct completion c;
	long ret;
	ktime_t t0;
	int flag = 0;

	/* Condition true at once: the whole timeout comes back. */
	ret = wait_event_timeout(wq, 1, 100);
	CHECK(ret == 100);
	ret = wait_event_interruptible_timeout(wq, flag == 0, 50);
	CHECK(ret == 50);
	/* Never true: 0 after the timeout, which really elapsed. */
	t0 = ktime_get();
	ret = wait_event_interruptible_timeout(wq, flag == 1, msecs_to_jiffies(30));
	CHECK(ret == 0);
	CHECK(ktime_ms_delta(ktime_get(), t0) >= 20);	/* a jiffy of slack */
	CHECK(wait_event_interruptible(wq, flag == 0) == 0);

	init_completion(&c);
	CHECK(!completion_done(&c));
	CHECK(!try_wait_for_completion(&c));
	CHECK(wait_for_completion_timeout(&c, msecs_to_jiffies(10)) == 0);
	complete(&c);
	CHECK(completion_done(&c));
	CHECK(wait_for_completion_interruptible(&c) == 0);
	CHECK(!completion_done(&c));
	complete_all(&c);
	CHECK(wait_for_completion_timeout(&c, 10) == 10);
	CHECK(try_wait_for_completion(&c));
	CHECK(wait_for_completion_interruptible_timeout(&c, 10) == 10);
	CHECK(wait_for_completion_killable(&c) == 0);
	reinit_completion(&c);
	CHECK(!completion_done(&c));
	CHECK(wait_for_completion_killable_timeout(&c, 1) == 0);

	/* Sleeps sleep at least as long as asked. */
	t0 = ktime_get();
	msleep(20);
	CHECK(ktime_ms_delta(ktime_get(), t0) >= 20);
	t0 = ktime_get();
	usleep_range(2000, 3000);
	CHECK(ktime_us_delta(ktime_get(), t0) >= 2000);
	CHECK(msleep_interruptible(5) == 0);
	CHECK(schedule_timeout_interruptible(2) == 0);
	CHECK(schedule_timeout_uninterruptible(1) == 0);
}

static int __init tp_consumer_init(void)
{
	long i;
	int ret;

	if (nr_consumers < 1 || nr_consumers > MAX_CONSUMERS)
		return -EINVAL;

	check_kthread_lifetimes();
	check_wait_and_completion_returns();

	for (i = 0; i < nr_consumers; i++) {
		consumers[i] = kthread_run(consumer_fn, (void *)i, "tp_cons/%ld", i);
		if (IS_ERR(consumers[i])) {
			ret = PTR_ERR(consumers[i]);
			while (--i >= 0)
				kthread_stop(consumers[i]);
			return ret;
		}
	}
	producer = kthread_run(producer_fn, &nr_requests, "tp_producer");
	if (IS_ERR(producer)) {
		for (i = 0; i < nr_consumers; i++)
			kthread_stop(consumers[i]);
		return PTR_ERR(producer);
	}

	CHECK(wait_for_completion_interruptible(&producer_done) == 0);
	CHECK(drain_requests(msecs_to_jiffies(5000)) == 0);
	pr_info("%d requests served by %d consumers\n", atomic_read(&served),
		nr_consumers);
	return 0;
}

static void __exit tp_consumer_exit(void)
{
	int i, total = 0;

	CHECK(kthread_stop(producer) == nr_requests);
	for (i = 0; i < nr_consumers; i++)
		total += kthread_stop(consumers[i]);
	CHECK(total == nr_requests);
	CHECK(atomic_read(&served) == nr_requests);
	CHECK(atomic_read(&outstanding) == 0);
	CHECK(list_empty(&req_list));
	CHECK(!waitqueue_active(&req_wq));

	if (failures)
		pr_err("%d check(s) failed\n", failures);
	else
		pr_info("PASS\n");
}

module_init(tp_consumer_init);
module_exit(tp_consumer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kthread request queue: consumers, completions, open-coded waits");
