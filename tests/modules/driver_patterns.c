/*
 * A driver-style module combining the helpers real drivers use around
 * deferred work: kref-counted sessions in an RCU-protected hash table, a
 * periodic hrtimer that queues a work, a worker that takes a semaphore and
 * a guard(mutex), a seqlock'ed statistics pair, an llist hand-off from the
 * timer to the work, a bitmap of used slots and __free(kfree) cleanup.
 * Exit cancels everything in the kernel's order and the unload is clean.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/kref.h>
#include <linux/hashtable.h>
#include <linux/rcupdate.h>
#include <linux/hrtimer.h>
#include <linux/workqueue.h>
#include <linux/semaphore.h>
#include <linux/seqlock.h>
#include <linux/llist.h>
#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/mutex.h>
#include <linux/completion.h>

#define NR_SESSIONS 8
#define NR_TICKS 5

struct session {
	int id;
	struct kref ref;
	struct hlist_node node;
	struct rcu_head rcu;
};

struct tick {
	struct llist_node node;
	int seq;
};

static DEFINE_HASHTABLE(sessions, 3);
static DEFINE_MUTEX(sessions_lock);
static DECLARE_BITMAP(slots, NR_SESSIONS);
static DEFINE_SEQLOCK(stats_lock);
static unsigned long stats_ticks, stats_lookups;
static struct semaphore hw_sem;
static LLIST_HEAD(pending_ticks);
static struct tick tick_pool[NR_TICKS];
static int ticks_fired;
static struct hrtimer tick_timer;
static struct workqueue_struct *drv_wq;
static struct work_struct tick_work;
static DECLARE_COMPLETION(all_ticks_done);
static int released;

static void session_free(struct kref *ref)
{
	struct session *s = container_of(ref, struct session, ref);

	clear_bit(s->id, slots);
	released++;
	kfree_rcu(s, rcu);
}

static struct session *session_get(int id)
{
	struct session *s, *found = NULL;

	rcu_read_lock();
	hash_for_each_possible_rcu(sessions, s, node, id)
		if (s->id == id && kref_get_unless_zero(&s->ref)) {
			found = s;
			break;
		}
	rcu_read_unlock();
	return found;
}

static void tick_work_fn(struct work_struct *w)
{
	struct llist_node *batch = llist_reverse_order(llist_del_all(&pending_ticks));
	struct tick *t, *tmp;

	down(&hw_sem);
	llist_for_each_entry_safe(t, tmp, batch, node) {
		struct session *s = session_get(t->seq % NR_SESSIONS);

		if (s) {
			write_seqlock(&stats_lock);
			stats_ticks++;
			stats_lookups += s->id == t->seq % NR_SESSIONS;
			write_sequnlock(&stats_lock);
			kref_put(&s->ref, session_free);
		}
		if (t->seq == NR_TICKS - 1)
			complete(&all_ticks_done);
	}
	up(&hw_sem);
}

static enum hrtimer_restart tick_fn(struct hrtimer *t)
{
	struct tick *tk = &tick_pool[ticks_fired];

	tk->seq = ticks_fired++;
	llist_add(&tk->node, &pending_ticks);
	queue_work(drv_wq, &tick_work);
	if (ticks_fired == NR_TICKS)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ms_to_ktime(2));
	return HRTIMER_RESTART;
}

static int add_sessions(void)
{
	for (int i = 0; i < NR_SESSIONS; i++) {
		struct session *s __free(kfree) = kzalloc(sizeof(*s), GFP_KERNEL);

		if (!s)
			return -ENOMEM;
		s->id = i;
		kref_init(&s->ref);
		set_bit(i, slots);
		guard(mutex)(&sessions_lock);
		hash_add_rcu(sessions, &no_free_ptr(s)->node, i);
	}
	return 0;
}

static void drop_sessions(void)
{
	struct session *s;
	struct hlist_node *tmp;
	int bkt;

	guard(mutex)(&sessions_lock);
	hash_for_each_safe(sessions, bkt, tmp, s, node) {
		hash_del_rcu(&s->node);
		kref_put(&s->ref, session_free);
	}
}

static int __init drv_init(void)
{
	int err;

	sema_init(&hw_sem, 1);
	drv_wq = alloc_workqueue("drv_wq", WQ_UNBOUND | WQ_MEM_RECLAIM, 1);
	if (!drv_wq)
		return -ENOMEM;
	INIT_WORK(&tick_work, tick_work_fn);
	err = add_sessions();
	if (err) {
		destroy_workqueue(drv_wq);
		return err;
	}
	pr_info("driver_patterns: %u sessions in slots\n",
		bitmap_weight(slots, NR_SESSIONS));
	hrtimer_setup(&tick_timer, tick_fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	hrtimer_start(&tick_timer, ms_to_ktime(1), HRTIMER_MODE_REL);
	return 0;
}

static void __exit drv_exit(void)
{
	unsigned long ticks, lookups;
	unsigned int seq;

	wait_for_completion(&all_ticks_done);
	hrtimer_cancel(&tick_timer);
	cancel_work_sync(&tick_work);
	flush_workqueue(drv_wq);
	do {
		seq = read_seqbegin(&stats_lock);
		ticks = stats_ticks;
		lookups = stats_lookups;
	} while (read_seqretry(&stats_lock, seq));
	pr_info("driver_patterns: ticks=%lu lookups=%lu\n", ticks, lookups);
	drop_sessions();
	rcu_barrier();
	destroy_workqueue(drv_wq);
	pr_info("driver_patterns: released=%d slots=%u\n", released,
		bitmap_weight(slots, NR_SESSIONS));
}

module_init(drv_init);
module_exit(drv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kref + RCU hash + hrtimer + workqueue + semaphore + seqlock driver patterns");
