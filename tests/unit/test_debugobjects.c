/*
 * test_debugobjects.c - object lifetime checks (src/debugobjects.c,
 * docs/debugging.md): kfree of memory holding a pending work, an armed
 * timer, a queued kthread_work or a live kthread_worker; re-initialising an
 * active work or timer; kthread_stop on a task that exited and was
 * released (seed 004's trap). Each is reported with the kernel's ODEBUG
 * words and fixed up so nothing runs on freed memory. Every case turns
 * debugobjects on itself (the harness leaves it off under valgrind).
 */
#include "kwtest.h"

#include <errno.h>

#include <kwork/kwork.h>
#include <kwork/slab.h>
#include <sched.h>
#include <stdlib.h>

struct holder {
	long before;
	struct kw_work work;
	struct kw_delayed_work dwork;
	struct kw_timer timer;
	struct kw_kthread_work kwork;
	long after;
};

static int runs;
static struct kw_completion started, gate;

static void count_fn(struct kw_work *w)
{
	__atomic_fetch_add(&runs, 1, __ATOMIC_RELAXED);
}

static void timer_fn(struct kw_timer *t)
{
	__atomic_fetch_add(&runs, 1, __ATOMIC_RELAXED);
}

static void gate_fn(struct kw_work *w)
{
	kw_complete(&started);
	kw_wait_for_completion(&gate);
}

static struct kw_work blocker;

/* An ordered queue whose one slot is held by a gated item. */
static struct kw_workqueue *blocked_queue(void)
{
	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("odebug", 0);
	kw_init_completion(&started);
	kw_init_completion(&gate);
	KW_INIT_WORK(&blocker, gate_fn);
	kw_queue_work(wq, &blocker);
	kw_wait_for_completion(&started);
	return wq;
}

/* Arm and delete timers next to the freed one's bucket. */
static void wheel_churn(void)
{
	static struct kw_timer t[8];
	for (int i = 0; i < 8; i++) {
		kw_timer_setup(&t[i], timer_fn, 0);
		kw_mod_timer(&t[i], kw_jiffies() + 100000 + (unsigned long)i);
	}
	for (int i = 0; i < 8; i++)
		kw_timer_delete_sync(&t[i]);
}

KWT_TEST("W20", kfree_of_a_pending_work_reported_and_cancelled)
{
	kw_debug_objects_enable(true);
	struct kw_workqueue *wq = blocked_queue();
	struct holder *h = kw_kmalloc(sizeof(*h), KW_GFP_ZERO, NULL);
	KW_INIT_WORK(&h->work, count_fn);
	KWT_ASSERT(kw_queue_work(wq, &h->work));	/* waits behind blocker */
	KWT_EXPECT_WARN(kw_kfree(h, KW_KMEM_KMALLOC, NULL), "ODEBUG: free active (active state 0) object: ");
	KWT_ASSERT(kwt_log_contains("object type: work_struct hint: "));
	kw_complete(&gate);
	kw_destroy_workqueue(wq);
	KWT_ASSERT_EQ(runs, 0);		/* cancelled: never ran on freed memory */
}

KWT_TEST("D7", kfree_of_an_armed_delayed_work_reported_and_disarmed)
{
	kw_debug_objects_enable(true);
	struct kw_workqueue *wq = kw_alloc_workqueue("odebug_dw", 0, 0);
	struct holder *h = kw_kmalloc(sizeof(*h), KW_GFP_ZERO, NULL);
	KW_INIT_DELAYED_WORK(&h->dwork, count_fn);
	KWT_ASSERT(kw_queue_delayed_work(wq, &h->dwork, 100000));
	KWT_EXPECT_WARN(kw_kfree(h, KW_KMEM_KMALLOC, NULL), "object type: timer_list hint: kw_delayed_work_timer_fn");
	wheel_churn();	/* a timer left in the wheel would be touched (ASan) */
	kw_destroy_workqueue(wq);
	KWT_ASSERT_EQ(runs, 0);
}

KWT_TEST("T1", kfree_of_an_armed_timer_reported_and_disarmed)
{
	kw_debug_objects_enable(true);
	struct holder *h = kw_kmalloc(sizeof(*h), KW_GFP_ZERO, NULL);
	kw_timer_setup(&h->timer, timer_fn, 0);
	kw_mod_timer(&h->timer, kw_jiffies() + 100000);
	KWT_EXPECT_WARN(kw_kfree(h, KW_KMEM_KMALLOC, NULL), "object type: timer_list hint: ");
	wheel_churn();
	KWT_ASSERT_EQ(runs, 0);
}

KWT_TEST("W21", kfree_of_idle_objects_is_silent)
{
	kw_debug_objects_enable(true);
	struct holder *h = kw_kmalloc(sizeof(*h), KW_GFP_ZERO, NULL);
	KW_INIT_WORK(&h->work, count_fn);
	KW_INIT_DELAYED_WORK(&h->dwork, count_fn);
	kw_timer_setup(&h->timer, timer_fn, 0);
	kw_schedule_work(&h->work);
	kw_flush_work(&h->work);	/* ran: idle again */
	kw_kfree(h, KW_KMEM_KMALLOC, NULL);
	KWT_ASSERT_EQ(runs, 1);
}

/* A work that frees its own container is fine: it is not active any more. */
static void frees_itself(struct kw_work *w)
{
	kw_kfree(kw_container_of(w, struct holder, work), KW_KMEM_KMALLOC, NULL);
	kw_complete(&started);
}

KWT_TEST("W2", work_freeing_its_own_container_is_silent)
{
	kw_debug_objects_enable(true);
	kw_init_completion(&started);
	struct holder *h = kw_kmalloc(sizeof(*h), KW_GFP_ZERO, NULL);
	KW_INIT_WORK(&h->work, frees_itself);
	kw_schedule_work(&h->work);
	kw_wait_for_completion(&started);
}

static int kwork_runs;

static void kcount_fn(struct kw_kthread_work *w)
{
	__atomic_fetch_add(&kwork_runs, 1, __ATOMIC_RELAXED);
}

static void kgate_fn(struct kw_kthread_work *w)
{
	kw_complete(&started);
	kw_wait_for_completion(&gate);
}

KWT_TEST("K17", kfree_of_a_queued_kthread_work_reported_and_removed)
{
	kw_debug_objects_enable(true);
	struct kw_kthread_worker *worker = kw_kthread_run_worker(0, "odebug_kw");
	struct kw_kthread_work kblock;
	kw_init_completion(&started);
	kw_init_completion(&gate);
	kw_kthread_init_work(&kblock, kgate_fn);
	kw_kthread_queue_work(worker, &kblock);
	kw_wait_for_completion(&started);
	struct holder *h = kw_kmalloc(sizeof(*h), KW_GFP_ZERO, NULL);
	kw_kthread_init_work(&h->kwork, kcount_fn);
	KWT_ASSERT(kw_kthread_queue_work(worker, &h->kwork));
	KWT_EXPECT_WARN(kw_kfree(h, KW_KMEM_KMALLOC, NULL), "object type: kthread_work hint: ");
	kw_complete(&gate);
	kw_kthread_flush_worker(worker);
	KWT_ASSERT_EQ(kwork_runs, 0);
	kw_kthread_destroy_worker(worker);
}

KWT_TEST("K19", kfree_of_an_armed_kthread_delayed_work_reported_and_removed)
{
	kw_debug_objects_enable(true);
	struct kw_kthread_worker *worker = kw_kthread_run_worker(0, "odebug_kdw");
	struct kdw_holder { long pad; struct kw_kthread_delayed_work dw; } *h;
	h = kw_kmalloc(sizeof(*h), KW_GFP_ZERO, NULL);
	kw_kthread_init_delayed_work(&h->dw, kcount_fn);
	KWT_ASSERT(kw_kthread_queue_delayed_work(worker, &h->dw, 100000));
	KWT_EXPECT_WARN(kw_kfree(h, KW_KMEM_KMALLOC, NULL),
			"object type: timer_list hint: kw_kthread_delayed_work_timer_fn");
	kw_kthread_destroy_worker(worker);	/* walks its lists: nothing freed on them */
	KWT_ASSERT_EQ(kwork_runs, 0);
}

KWT_TEST("K14", kfree_of_a_live_kthread_worker_reported_and_kept)
{
	kw_debug_objects_enable(true);
	struct kw_kthread_worker *w = kw_kmalloc(sizeof(*w), 0, NULL);
	kw_kthread_init_worker(w);
	struct kw_task *t = kw_kthread_run(kw_kthread_worker_fn, w, "odebug_live");
	KWT_ASSERT(!kw_is_err(t));
	while (!__atomic_load_n(&w->task, __ATOMIC_ACQUIRE))
		sched_yield();
	KWT_EXPECT_WARN(kw_kfree(w, KW_KMEM_KMALLOC, NULL), "object type: kthread_worker hint: odebug_live");
	/* Not freed: the worker still works. */
	static struct kw_kthread_work k;
	kw_kthread_init_work(&k, kcount_fn);
	kw_kthread_queue_work(w, &k);
	kw_kthread_flush_work(&k);
	KWT_ASSERT_EQ(kwork_runs, 1);
	kw_kthread_stop(t);
	kw_kfree(w, KW_KMEM_KMALLOC, NULL);	/* its thread is gone: now it is freed */
}

KWT_TEST("W6", init_work_of_a_pending_work_reported_and_cancelled)
{
	kw_debug_objects_enable(true);
	struct kw_workqueue *wq = blocked_queue();
	static struct kw_work w;
	KW_INIT_WORK(&w, count_fn);
	kw_queue_work(wq, &w);
	KWT_EXPECT_WARN(KW_INIT_WORK(&w, count_fn), "ODEBUG: init active (active state 0)");
	KWT_ASSERT(!kw_work_pending(&w));
	kw_complete(&gate);
	kw_destroy_workqueue(wq);
	KWT_ASSERT_EQ(runs, 0);
	KWT_ASSERT(kw_schedule_work(&w));	/* usable again */
	kw_flush_work(&w);
	KWT_ASSERT_EQ(runs, 1);
}

KWT_TEST("T3", timer_setup_of_an_armed_timer_reported_and_disarmed)
{
	kw_debug_objects_enable(true);
	static struct kw_timer t;
	kw_timer_setup(&t, timer_fn, 0);
	kw_mod_timer(&t, kw_jiffies() + 100000);
	KWT_EXPECT_WARN(kw_timer_setup(&t, timer_fn, 0),
			"ODEBUG: init active (active state 0) object: ");
	KWT_ASSERT(!kw_timer_pending(&t));
}

KWT_TEST("W20", debug_objects_switch_returns_the_previous_state)
{
	kw_debug_objects_enable(true);
	KWT_ASSERT(kw_debug_objects_enable(false));
	KWT_ASSERT(!kw_debug_objects_enable(true));
	KWT_ASSERT(kw_debug_objects_enable(true));
}

/* ---- seed 004: kthread_stop on a thread that already returned ---------------- */

static int returns_7(void *data)
{
	return 7;
}

static int idle_thread(void *data)
{
	while (!kw_kthread_should_stop()) {
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		if (!kw_kthread_should_stop())
			kw_schedule();
		kw_set_current_state_raw(KW_TASK_RUNNING);
	}
	return 0;
}

KWT_TEST("K3", kthread_stop_after_the_thread_exited_and_was_released_reported)
{
	kw_debug_objects_enable(true);
	struct kw_task *t = kw_kthread_run(returns_7, NULL, "seed004");
	KWT_ASSERT(!kw_is_err(t));
	/* No reference held (the seed's mistake): wait until it is reaped. */
	while (kw_kthreads_alive() > 0)
		sched_yield();
	/* kthreadd is serial: this creation is answered after the release. */
	struct kw_task *other = kw_kthread_run(idle_thread, NULL, "after004");
	int ret = 0;
	KWT_EXPECT_WARN(ret = kw_kthread_stop(t),
			"kthread_stop: task seed004 (pid ");
	KWT_ASSERT(kwt_log_contains("already exited and was released"));
	KWT_ASSERT_EQ(ret, 7);
	KWT_EXPECT_WARN(kw_wake_up_process(t), "wake_up_process: task seed004");
	KWT_EXPECT_WARN(kw_get_task_struct(t), "get_task_struct: task seed004");
	kw_kthread_stop(other);
}

/*
 * K3: an unchecked kthread_create()/kthread_run() result (NULL or ERR_PTR)
 * given to the task API, which the kernel would oops on: each call WARNs
 * with its name and fails (-EINVAL where it returns an error).
 */
KWT_TEST("K3", kthread_calls_on_null_or_err_ptr_warn_and_fail)
{
	struct kw_task *bad[] = { NULL, kw_err_ptr(-ENOMEM) };
	for (unsigned int i = 0; i < 2; i++) {
		int ret = 0;
		KWT_EXPECT_WARN(ret = kw_kthread_stop(bad[i]), "kthread_stop: invalid task pointer");
		KWT_ASSERT_EQ(ret, -EINVAL);
		KWT_EXPECT_WARN(ret = kw_kthread_stop_put(bad[i]), "kthread_stop_put: invalid");
		KWT_ASSERT_EQ(ret, -EINVAL);
		KWT_EXPECT_WARN(ret = kw_kthread_park(bad[i]), "kthread_park: invalid");
		KWT_ASSERT_EQ(ret, -EINVAL);
		KWT_EXPECT_WARN(kw_kthread_unpark(bad[i]), "kthread_unpark: invalid");
		KWT_EXPECT_WARN(kw_kthread_bind(bad[i], 0), "kthread_bind: invalid");
		KWT_EXPECT_WARN(ret = kw_wake_up_process(bad[i]), "wake_up_process: invalid");
		KWT_ASSERT_EQ(ret, 0);
		KWT_EXPECT_WARN(kw_get_task_struct(bad[i]), "get_task_struct: invalid");
		KWT_EXPECT_WARN(kw_put_task_struct(bad[i]), "put_task_struct: invalid");
	}
}
