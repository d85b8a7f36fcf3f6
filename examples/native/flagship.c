/*
 * flagship.c - kwork's mechanisms at work, with the native kw_ API
 * (`make run`): two named kthreads produce items for a kthread_worker that
 * runs them in order, a workqueue runs a work and a delayed work, a timer
 * fires, completions tie the teardown together, and everything is stopped.
 */
#include <kwork/kwork.h>

static struct kw_kthread_worker *worker;
static struct kw_kthread_work item;
static struct kw_completion first_tick, timer_fired;
static kw_atomic_t items = KW_ATOMIC_INIT(0);

static void item_fn(struct kw_kthread_work *w)
{
	kw_printk(KW_SOH "6" "item %d on %s\n", kw_atomic_inc_return(&items),
		  kw_current()->comm);
}

static int producer_fn(void *data)
{
	kw_printk(KW_SOH "6" "%s started (pid %d)\n", kw_current()->comm,
		  kw_current()->pid);
	while (!kw_kthread_should_stop()) {
		kw_kthread_queue_work(worker, &item);
		kw_msleep_interruptible(100);
	}
	kw_printk(KW_SOH "6" "%s stopping\n", kw_current()->comm);
	return 0;
}

static void hello_fn(struct kw_work *w)
{
	kw_printk(KW_SOH "6" "work runs in %s\n", kw_current()->comm);
}

static void tick_fn(struct kw_work *w)
{
	kw_printk(KW_SOH "6" "delayed work in %s: %d items so far\n",
		  kw_current()->comm, kw_atomic_read(&items));
	kw_complete(&first_tick);
}

static void timer_fn(struct kw_timer *t)
{
	kw_printk(KW_SOH "6" "timer fired (softirq context: %d)\n", kw_in_softirq());
	kw_complete(&timer_fired);
}

int main(void)
{
	struct kw_task *producers[2];
	struct kw_work hello;
	struct kw_delayed_work tick;
	struct kw_timer timer;

	kw_init_completion(&first_tick);
	kw_init_completion(&timer_fired);
	worker = kw_kthread_create_worker(0, "flagship_worker");
	kw_kthread_init_work(&item, item_fn);
	for (int i = 0; i < 2; i++)
		producers[i] = kw_kthread_run(producer_fn, NULL, "producer/%d", i);

	struct kw_workqueue *wq = kw_alloc_workqueue("flagship", KW_WQ_UNBOUND, 0);
	KW_INIT_WORK(&hello, hello_fn);
	KW_INIT_DELAYED_WORK(&tick, tick_fn);
	kw_queue_work(wq, &hello);
	kw_queue_delayed_work(wq, &tick, kw_msecs_to_jiffies(300));

	kw_timer_setup(&timer, timer_fn, 0);
	kw_mod_timer(&timer, kw_jiffies() + kw_msecs_to_jiffies(150));

	kw_wait_for_completion(&timer_fired);
	kw_wait_for_completion(&first_tick);
	kw_msleep(200);

	for (int i = 0; i < 2; i++) {
		char name[KW_TASK_COMM_LEN];
		kw_get_task_comm(name, sizeof(name), producers[i]);
		int ret = kw_kthread_stop(producers[i]);	/* frees the task */
		kw_printk(KW_SOH "6" "kthread_stop(%s) = %d\n", name, ret);
	}
	kw_kthread_flush_worker(worker);
	kw_kthread_destroy_worker(worker);
	kw_cancel_delayed_work_sync(&tick);
	kw_destroy_workqueue(wq);
	kw_timer_delete_sync(&timer);
	kw_printk(KW_SOH "6" "all stopped: %d items ran in order on one worker\n",
		  kw_atomic_read(&items));
	return 0;
}
