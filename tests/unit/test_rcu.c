/*
 * test_rcu.c - RCU (linux/rcupdate.h, linux/rculist.h): a grace period
 * waits for the readers that started before it (a reader held inside
 * rcu_read_lock by a gate), call_rcu runs after one, rcu_barrier waits for
 * the callbacks, kfree_rcu frees, rculist walks, misuse WARNs.
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include <pthread.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

static DECLARE_COMPLETION(reader_in);
/* atomic: the test lets the reader leave. The reader spins (yielding the
 * CPU, not sleeping in kwork): sleeping inside a reader is a bug kwork
 * reports. */
static int reader_release;
static int reader_leaving;	/* atomic: set just before rcu_read_unlock */

static void *held_reader(void *arg)
{
	(void)arg;
	rcu_read_lock();
	rcu_read_lock();	/* nested: the outer section still counts */
	rcu_read_unlock();
	complete(&reader_in);
	while (!__atomic_load_n(&reader_release, __ATOMIC_SEQ_CST))
		sched_yield();
	__atomic_store_n(&reader_leaving, 1, __ATOMIC_SEQ_CST);
	rcu_read_unlock();
	return NULL;
}

static DECLARE_COMPLETION(sync_done);
static int sync_saw_leaving = -1;

static void *syncer(void *arg)
{
	(void)arg;
	synchronize_rcu();
	sync_saw_leaving = __atomic_load_n(&reader_leaving, __ATOMIC_SEQ_CST);
	complete(&sync_done);
	return NULL;
}

KWT_TEST("rcu", might_sleep_inside_a_reader_reports_the_rcu_nest_depth)
{
	rcu_read_lock();
	rcu_read_lock();
	KWT_EXPECT_WARN(might_sleep(), "RCU nest depth: 2, expected: 0");
	rcu_read_unlock();
	rcu_read_unlock();
	KWT_ASSERT(kwt_log_contains("BUG: sleeping function called from invalid context"));
	KWT_ASSERT(kwt_log_contains("in_atomic(): 0"));
}

KWT_TEST("rcu", sleeping_inside_a_reader_is_suspicious_rcu_usage)
{
	kwt_log_reset();
	msleep(1);			/* outside a reader: nothing */
	KWT_ASSERT(!kwt_log_contains("suspicious RCU usage"));
	rcu_read_lock();
	KWT_EXPECT_WARN(msleep(1), "Voluntary context switch within RCU read-side critical section");
	rcu_read_unlock();
	KWT_ASSERT(kwt_log_contains("suspicious RCU usage"));
	KWT_ASSERT(kwt_log_contains("nest depth 1"));
}

KWT_TEST("rcu", synchronize_rcu_waits_for_an_earlier_reader)
{
	pthread_t r, s;
	__atomic_store_n(&reader_leaving, 0, __ATOMIC_SEQ_CST);
	KWT_ASSERT_EQ(pthread_create(&r, NULL, held_reader, NULL), 0);
	wait_for_completion(&reader_in);
	KWT_ASSERT_EQ(pthread_create(&s, NULL, syncer, NULL), 0);
	/* The reader is held: the grace period cannot end. */
	KWT_ASSERT_EQ(wait_for_completion_timeout(&sync_done, msecs_to_jiffies(50)), 0);
	__atomic_store_n(&reader_release, 1, __ATOMIC_SEQ_CST);
	wait_for_completion(&sync_done);
	KWT_ASSERT_EQ(sync_saw_leaving, 1);
	pthread_join(r, NULL);
	pthread_join(s, NULL);
	/* No reader: a grace period ends at once. */
	synchronize_rcu();
}

static int cb_saw_leaving = -1;
static int cb_runs;

static void cb(struct rcu_head *h)
{
	(void)h;
	cb_saw_leaving = __atomic_load_n(&reader_leaving, __ATOMIC_SEQ_CST);
	cb_runs++;
}

KWT_TEST("rcu", call_rcu_runs_after_the_grace_period_and_barrier_waits)
{
	static struct rcu_head head;
	pthread_t r;
	__atomic_store_n(&reader_leaving, 0, __ATOMIC_SEQ_CST);
	KWT_ASSERT_EQ(pthread_create(&r, NULL, held_reader, NULL), 0);
	wait_for_completion(&reader_in);
	call_rcu(&head, cb);
	KWT_ASSERT_EQ(kw_rcu_pending(), 1);
	__atomic_store_n(&reader_release, 1, __ATOMIC_SEQ_CST);
	rcu_barrier();
	KWT_ASSERT_EQ(cb_runs, 1);
	KWT_ASSERT_EQ(cb_saw_leaving, 1);
	KWT_ASSERT_EQ(kw_rcu_pending(), 0);
	pthread_join(r, NULL);
}

struct node {
	int v;
	struct list_head link;
	struct rcu_head rcu;
};

KWT_TEST("rcu", rculist_and_kfree_rcu)
{
	LIST_HEAD(list);
	for (int i = 1; i <= 3; i++) {
		struct node *n = kmalloc(sizeof(*n), GFP_KERNEL);
		KWT_ASSERT(n);
		n->v = i;
		list_add_tail_rcu(&n->link, &list);
	}
	struct node *pos, *victim = NULL;
	int sum = 0;
	rcu_read_lock();
	list_for_each_entry_rcu(pos, &list, link) {
		sum += pos->v;
		if (pos->v == 2)
			victim = pos;
	}
	rcu_read_unlock();
	KWT_ASSERT_EQ(sum, 6);
	list_del_rcu(&victim->link);
	kfree_rcu(victim, rcu);
	sum = 0;
	rcu_read_lock();
	list_for_each_entry_rcu(pos, &list, link)
		sum += pos->v;
	rcu_read_unlock();
	KWT_ASSERT_EQ(sum, 4);
	rcu_barrier();
	while (!list_empty(&list)) {
		pos = list_first_entry(&list, struct node, link);
		list_del_rcu(&pos->link);
		kvfree_rcu(pos, rcu);
	}
	rcu_barrier();
	KWT_ASSERT_EQ(kw_rcu_pending(), 0);
}

struct hnode {
	int v;
	struct hlist_node h;
};

KWT_TEST("rcu", hlist_rcu_add_del_walk)
{
	struct hlist_head bucket = { NULL };
	struct hnode n[3] = { { .v = 1 }, { .v = 2 }, { .v = 4 } };
	for (int i = 0; i < 3; i++)
		hlist_add_head_rcu(&n[i].h, &bucket);
	struct hnode *pos;
	int sum = 0, first = 0;
	rcu_read_lock();
	hlist_for_each_entry_rcu(pos, &bucket, h) {
		if (!first)
			first = pos->v;
		sum += pos->v;
	}
	rcu_read_unlock();
	KWT_ASSERT_EQ(sum, 7);
	KWT_ASSERT_EQ(first, 4);
	hlist_del_rcu(&n[1].h);
	hlist_del_init_rcu(&n[2].h);
	KWT_ASSERT(n[2].h.pprev == NULL);
	synchronize_rcu();
	sum = 0;
	hlist_for_each_entry_rcu(pos, &bucket, h)
		sum += pos->v;
	KWT_ASSERT_EQ(sum, 1);
}

KWT_TEST("rcu", rcu_pointer_publication)
{
	static int a = 1, b = 2;
	int *p = NULL;
	RCU_INIT_POINTER(p, &a);
	rcu_read_lock();
	KWT_ASSERT(rcu_read_lock_held());
	KWT_ASSERT_EQ(*rcu_dereference(p), 1);
	rcu_read_unlock();
	KWT_ASSERT(!rcu_read_lock_held());
	rcu_assign_pointer(p, &b);
	KWT_ASSERT_EQ(*rcu_dereference_protected(p, 1), 2);
	KWT_ASSERT_EQ(*rcu_dereference_check(p, 1), 2);
}

KWT_TEST("rcu", rcu_misuse_warns)
{
	KWT_EXPECT_WARN(rcu_read_unlock(), "rcu_read_unlock() without rcu_read_lock()");
	rcu_read_lock();
	KWT_EXPECT_WARN(synchronize_rcu(),
			"Illegal synchronize_rcu() in RCU read-side critical section");
	rcu_read_unlock();
}

static int child_cb_runs;

static void child_cb(struct rcu_head *h)
{
	(void)h;
	child_cb_runs++;
}

KWT_TEST("rcu", fork_child_has_only_its_own_readers_and_a_new_rcu_cb)
{
	static struct rcu_head warm;
	call_rcu(&warm, child_cb);	/* rcu_cb runs in the parent */
	rcu_barrier();
	pthread_t r;
	__atomic_store_n(&reader_leaving, 0, __ATOMIC_SEQ_CST);
	KWT_ASSERT_EQ(pthread_create(&r, NULL, held_reader, NULL), 0);
	wait_for_completion(&reader_in);
	pid_t pid = fork();
	KWT_ASSERT(pid >= 0);
	if (pid == 0) {
		/* The parent's held reader does not exist here. */
		synchronize_rcu();
#ifdef KWORK_TSAN
		/* TSan cannot start threads after a multi-threaded fork. */
		_exit(0);
#else
		static struct rcu_head in_child;
		call_rcu(&in_child, child_cb);
		rcu_barrier();
		_exit(child_cb_runs == 2 ? 0 : 1);
#endif
	}
	int status = 0;
	KWT_ASSERT_EQ(waitpid(pid, &status, 0), pid);
	KWT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	__atomic_store_n(&reader_release, 1, __ATOMIC_SEQ_CST);
	pthread_join(r, NULL);
}
