/*
 * A correct module: exit unlinks its RCU-protected objects and hands each to
 * kfree_rcu() without waiting (no module code runs after the grace period,
 * so the kernel needs no rcu_barrier() here). The unload report must not
 * call that memory leaked: kwork lets those frees happen first.
 * stuck_reader=1 breaks it on purpose: a kthread stays inside
 * rcu_read_lock(), so the grace period never ends and the report (after a
 * bounded wait) names the thread and the memory.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/completion.h>

static bool stuck_reader;
module_param(stuck_reader, bool, 0444);

static DECLARE_COMPLETION(reader_inside);

static int stuck_reader_fn(void *data)
{
	rcu_read_lock();
	complete(&reader_inside);
	while (!kthread_should_stop())
		msleep(20);
	rcu_read_unlock();
	return 0;
}

struct entry {
	int id;
	struct list_head node;
	struct rcu_head rcu;
};

static LIST_HEAD(entries);
static DEFINE_SPINLOCK(entries_lock);

static int __init kfree_rcu_exit_init(void)
{
	for (int i = 0; i < 4; i++) {
		struct entry *e = kzalloc(sizeof(*e), GFP_KERNEL);
		if (!e)
			return -ENOMEM;
		e->id = i;
		spin_lock(&entries_lock);
		list_add_tail_rcu(&e->node, &entries);
		spin_unlock(&entries_lock);
	}
	int sum = 0;
	struct entry *e;
	rcu_read_lock();
	list_for_each_entry_rcu(e, &entries, node)
		sum += e->id;
	rcu_read_unlock();
	pr_info("kfree_rcu_exit: 4 entries, id sum %d\n", sum);
	if (stuck_reader) {
		struct task_struct *t = kthread_run(stuck_reader_fn, NULL, "rcu_stuck");
		if (IS_ERR(t))
			return PTR_ERR(t);
		wait_for_completion(&reader_inside);
	}
	return 0;
}

static void __exit kfree_rcu_exit_exit(void)
{
	struct entry *e, *tmp;
	spin_lock(&entries_lock);
	list_for_each_entry_safe(e, tmp, &entries, node) {
		list_del_rcu(&e->node);
		kfree_rcu(e, rcu);
	}
	spin_unlock(&entries_lock);
	pr_info("kfree_rcu_exit: entries handed to kfree_rcu\n");
}

module_init(kfree_rcu_exit_init);
module_exit(kfree_rcu_exit_exit);
MODULE_LICENSE("GPL");
