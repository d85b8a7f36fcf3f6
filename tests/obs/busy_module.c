/*
 * busy_module.c - a module to watch with `kwork top` / `kwork dump`
 * (tests/obs/monitor_test.py --module): init leaves one item of the ordered
 * workqueue "busy_wq" blocked in its callback with two more queued behind
 * it, and prints "busy: ready <pid>"; exit releases and destroys them.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/sched.h>

static struct workqueue_struct *wq;
static struct work_struct stuck, behind1, behind2;
static DECLARE_COMPLETION(started);
static DECLARE_COMPLETION(release);

static void stuck_fn(struct work_struct *work)
{
	complete(&started);
	wait_for_completion(&release);
}

static void behind_fn(struct work_struct *work)
{
}

static int __init busy_init(void)
{
	wq = alloc_ordered_workqueue("busy_wq", 0);
	if (!wq)
		return -ENOMEM;
	INIT_WORK(&stuck, stuck_fn);
	INIT_WORK(&behind1, behind_fn);
	INIT_WORK(&behind2, behind_fn);
	queue_work(wq, &stuck);
	wait_for_completion(&started);
	queue_work(wq, &behind1);
	queue_work(wq, &behind2);
	pr_info("busy: ready %d\n", current->tgid);
	return 0;
}

static void __exit busy_exit(void)
{
	complete(&release);
	destroy_workqueue(wq);
	pr_info("busy: released\n");
}

module_init(busy_init);
module_exit(busy_exit);
MODULE_LICENSE("GPL");
