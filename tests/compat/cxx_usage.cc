/*
 * cxx_usage.cc - kernel-style code through the compat headers, compiled as
 * C++ and run: the macros and inline functions must expand to valid C++ (no
 * C++ keywords as names, no implicit conversions from void *), and work.
 * Built by tests/compat/CMakeLists.txt; exits 0 when every check held.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <stdio.h>

static int failures;
#define CHECK(c) \
	do { if (!(c)) { fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

struct item {
	int value;
	struct list_head node;
	struct work_struct work;
	struct timer_list timer;
	struct completion done;
};

static DEFINE_MUTEX(item_lock);
static DEFINE_SPINLOCK(item_spin);
static LIST_HEAD(items);
static DECLARE_WAIT_QUEUE_HEAD(item_wq);
static atomic_t item_count = ATOMIC_INIT(0);

/* The static initializers: positional aggregates must be valid C++ too. */
static void noop_work(struct work_struct *w) { (void)w; }
static void noop_kwork(struct kthread_work *w) { (void)w; }
static void noop_timer(struct timer_list *t) { (void)t; }
static DECLARE_WORK(static_work, noop_work);
static DECLARE_DELAYED_WORK(static_dwork, noop_work);
static DEFINE_TIMER(static_timer, noop_timer);
static DEFINE_KTHREAD_WORK(static_kwork, noop_kwork);
static DECLARE_COMPLETION(static_done);
static DEFINE_RWLOCK(static_rwlock);

static struct kthread_work worker_item;
static int worker_runs;
static void worker_fn(struct kthread_work *w)
{
	(void)w;
	worker_runs++;
}

static void item_work(struct work_struct *w)
{
	struct item *it = container_of(w, struct item, work);
	mutex_lock(&item_lock);
	it->value++;
	mutex_unlock(&item_lock);
	atomic_inc(&item_count);
	wake_up(&item_wq);
}

static void item_timer(struct timer_list *t)
{
	struct item *it = from_timer(it, t, timer);
	complete(&it->done);
}

static int item_thread(void *data)
{
	struct item *it = (struct item *)data;
	complete(&it->done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return it->value;
}

int main(void)
{
	struct item *it = (struct item *)kzalloc(sizeof(*it), GFP_KERNEL);
	unsigned long flags;

	CHECK(it != NULL);
	init_completion(&it->done);
	INIT_WORK(&it->work, item_work);
	timer_setup(&it->timer, item_timer, 0);

	spin_lock_irqsave(&item_spin, flags);
	list_add_tail(&it->node, &items);
	spin_unlock_irqrestore(&item_spin, flags);

	schedule_work(&it->work);
	wait_event(item_wq, atomic_read(&item_count) == 1);
	flush_work(&it->work);
	CHECK(it->value == 1);

	mod_timer(&it->timer, jiffies + msecs_to_jiffies(1));
	wait_for_completion(&it->done);
	CHECK(!timer_pending(&it->timer));
	timer_delete_sync(&it->timer);
	reinit_completion(&it->done);

	struct task_struct *k = kthread_run(item_thread, it, "cxx_%d", 1);
	CHECK(!IS_ERR(k));
	wait_for_completion(&it->done);	/* running threadfn: stop returns its value */
	CHECK(kthread_stop(k) == 1);

	DEFINE_WAIT(wait);
	prepare_to_wait(&item_wq, &wait, TASK_INTERRUPTIBLE);
	finish_wait(&item_wq, &wait);
	CHECK(wait_event_timeout(item_wq, true, 1) >= 1);

	/* A kthread_worker and a delayed work. */
	struct kthread_worker *kw = kthread_run_worker(0, "cxx_worker");
	CHECK(!IS_ERR(kw));
	kthread_init_work(&worker_item, worker_fn);
	CHECK(kthread_queue_work(kw, &worker_item));
	kthread_flush_work(&worker_item);
	CHECK(worker_runs == 1);
	kthread_destroy_worker(kw);
	CHECK(queue_delayed_work(system_wq, &static_dwork, msecs_to_jiffies(1)));
	flush_delayed_work(&static_dwork);
	CHECK(!delayed_work_pending(&static_dwork));
	CHECK(!work_pending(&static_work));
	CHECK(!timer_pending(&static_timer));
	CHECK(!completion_done(&static_done));
	read_lock(&static_rwlock);
	read_unlock(&static_rwlock);
	(void)static_kwork;

	struct item *pos, *tmp;
	int n = 0;
	list_for_each_entry(pos, &items, node)
		n += pos->value;
	CHECK(n == 1);
	CHECK(min(3, 4) == 3 && max(3, 4) == 4);
	CHECK(!WARN_ON(false));
	CHECK(current->comm[0] != 0);
	pr_info("cxx_usage: %s\n", failures ? "failed" : "ok");

	list_for_each_entry_safe(pos, tmp, &items, node)
		list_del(&pos->node);
	CHECK(list_empty(&items));
	kfree(it);
	return failures ? 1 : 0;
}
