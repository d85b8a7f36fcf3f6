/*
 * flagship.c - kwork's mechanisms at work in one module (`make run`):
 * two named kthreads producing, a kthread_worker running their items in
 * order, a workqueue with a work and a delayed work, a timer, completions
 * tying the teardown together. Everything is stopped at exit: the unload
 * report is empty and `kwork run` exits 0.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/sched.h>

static struct task_struct *producers[2];
static struct kthread_worker *worker;
static struct kthread_work item;
static struct workqueue_struct *wq;
static struct work_struct hello_work;
static struct delayed_work tick_work;
static struct timer_list timer;
static DECLARE_COMPLETION(first_tick);
static atomic_t items = ATOMIC_INIT(0);

static void item_fn(struct kthread_work *w)
{
	pr_info("item %d on %s\n", atomic_inc_return(&items), current->comm);
}

static int producer_fn(void *data)
{
	pr_info("%s started (pid %d)\n", current->comm, current->pid);
	while (!kthread_should_stop()) {
		kthread_queue_work(worker, &item);
		msleep_interruptible(200);
	}
	pr_info("%s stopping\n", current->comm);
	return 0;
}

static void hello_fn(struct work_struct *w)
{
	pr_info("work runs in %s\n", current->comm);
}

static void tick_fn(struct work_struct *w)
{
	pr_info("delayed work: %d items so far\n", atomic_read(&items));
	complete(&first_tick);
}

static void timer_fn(struct timer_list *t)
{
	pr_info("timer fired in softirq context: %d\n", in_softirq() ? 1 : 0);
	queue_delayed_work(wq, &tick_work, msecs_to_jiffies(100));
}

static int __init flagship_init(void)
{
	worker = kthread_create_worker(0, "flagship_worker");
	if (IS_ERR(worker))
		return PTR_ERR(worker);
	kthread_init_work(&item, item_fn);
	wq = alloc_workqueue("flagship_wq", WQ_UNBOUND, 0);
	if (!wq) {
		kthread_destroy_worker(worker);
		return -ENOMEM;
	}
	INIT_WORK(&hello_work, hello_fn);
	INIT_DELAYED_WORK(&tick_work, tick_fn);
	queue_work(wq, &hello_work);
	for (int i = 0; i < 2; i++)
		producers[i] = kthread_run(producer_fn, NULL, "producer/%d", i);
	timer_setup(&timer, timer_fn, 0);
	mod_timer(&timer, jiffies + msecs_to_jiffies(300));
	return 0;
}

static void __exit flagship_exit(void)
{
	wait_for_completion(&first_tick);
	timer_delete_sync(&timer);
	cancel_delayed_work_sync(&tick_work);
	for (int i = 0; i < 2; i++)
		if (!IS_ERR(producers[i]))
			kthread_stop(producers[i]);
	kthread_flush_worker(worker);
	kthread_destroy_worker(worker);
	destroy_workqueue(wq);
	pr_info("all stopped after %d items\n", atomic_read(&items));
}

module_init(flagship_init);
module_exit(flagship_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kwork flagship: kthreads, kthread_worker, workqueue, timer, completion");
