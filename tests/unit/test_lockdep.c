/*
 * test_lockdep.c - deadlocks beyond the self cases, reported lockdep-style
 * before they hang (src/lockdep.c, docs/debugging.md): flushing a work
 * queued behind the caller on an ordered / max_active 1 queue (W9, W11,
 * W27), and the lock/flush inversion (W24's lockdep reports, K17).
 */
#include "kwtest.h"

#include <kwork/kwork.h>

static struct kw_workqueue *wq;
static struct kw_work a, b;
static int b_runs;
static bool a_flush_result = true, a_cancel_result;
static struct kw_completion a_done;

static void b_fn(struct kw_work *w)
{
	__atomic_fetch_add(&b_runs, 1, __ATOMIC_RELAXED);
}

/* A queues B behind itself on its own queue, then flushes it. */
static void a_flushes_b(struct kw_work *w)
{
	kw_queue_work_on(kw_smp_processor_id(), wq, &b);
	KWT_EXPECT_WARN(a_flush_result = kw_flush_work(&b),
			"possible recursive locking detected");
	kw_complete(&a_done);
}

KWT_TEST("W9", flush_of_work_queued_behind_self_on_ordered_wq_reported)
{
	wq = kw_alloc_ordered_workqueue("ordered_lockdep", 0);
	kw_init_completion(&a_done);
	KW_INIT_WORK(&a, a_flushes_b);
	KW_INIT_WORK(&b, b_fn);
	kw_queue_work(wq, &a);
	kw_wait_for_completion(&a_done);
	KWT_ASSERT(!a_flush_result);	/* returned instead of hanging */
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(b_runs, 1);	/* B still ran, once */
	kw_destroy_workqueue(wq);
}

KWT_TEST("W11", flush_of_work_queued_behind_self_on_max_active_1_reported)
{
	wq = kw_alloc_workqueue("ma1_lockdep", 0, 1);
	kw_init_completion(&a_done);
	KW_INIT_WORK(&a, a_flushes_b);
	KW_INIT_WORK(&b, b_fn);
	kw_queue_work_on(0, wq, &a);
	kw_wait_for_completion(&a_done);
	KWT_ASSERT(!a_flush_result);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(b_runs, 1);
	kw_destroy_workqueue(wq);
}

/* Cancelling a pending B never waits for it: no deadlock, no report. */
static void a_cancels_b(struct kw_work *w)
{
	kw_queue_work(wq, &b);
	a_cancel_result = kw_cancel_work_sync(&b);
	a_flush_result = kw_flush_work(&b);	/* idle now: false, no report */
	kw_complete(&a_done);
}

KWT_TEST("W33", cancel_sync_of_work_behind_self_on_ordered_wq_is_fine)
{
	wq = kw_alloc_ordered_workqueue("ordered_cancel", 0);
	kw_init_completion(&a_done);
	KW_INIT_WORK(&a, a_cancels_b);
	KW_INIT_WORK(&b, b_fn);
	kw_queue_work(wq, &a);
	kw_wait_for_completion(&a_done);
	KWT_ASSERT(a_cancel_result);
	KWT_ASSERT(!a_flush_result);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(b_runs, 0);
	kw_destroy_workqueue(wq);
}

/* On a queue with room (max_active 2) B runs beside A: flush waits, fine. */
static void a_flushes_b_quietly(struct kw_work *w)
{
	kw_queue_work(wq, &b);
	a_flush_result = kw_flush_work(&b);
	kw_complete(&a_done);
}

KWT_TEST("W11", flush_of_work_on_wider_queue_waits_without_report)
{
	wq = kw_alloc_workqueue("ma2_lockdep", KW_WQ_UNBOUND, 2);
	kw_init_completion(&a_done);
	KW_INIT_WORK(&a, a_flushes_b_quietly);
	KW_INIT_WORK(&b, b_fn);
	a_flush_result = false;
	kw_queue_work(wq, &a);
	kw_wait_for_completion(&a_done);
	KWT_ASSERT(a_flush_result);	/* it waited for B */
	KWT_ASSERT_EQ(b_runs, 1);
	kw_destroy_workqueue(wq);
}

static void destroys_own_wq(struct kw_work *w)
{
	KWT_EXPECT_WARN(kw_destroy_workqueue(wq), "possible recursive locking detected");
	KWT_EXPECT_WARN(kw_drain_workqueue(wq), "drain_workqueue");
	kw_complete(&a_done);
}

KWT_TEST("W27", destroy_or_drain_of_own_workqueue_from_its_work_reported)
{
	wq = kw_alloc_workqueue("self_destroy", 0, 0);
	kw_init_completion(&a_done);
	KW_INIT_WORK(&a, destroys_own_wq);
	kw_queue_work(wq, &a);
	kw_wait_for_completion(&a_done);
	kw_destroy_workqueue(wq);	/* from outside: fine */
}

/* ---- lock / flush inversion ------------------------------------------------ */

static struct kw_mutex lock_l = KW_MUTEX_INITIALIZER(lock_l);
static struct kw_work taker;
static int taker_runs;
static bool taker_takes = true;

static void taker_fn(struct kw_work *w)
{
	if (__atomic_load_n(&taker_takes, __ATOMIC_ACQUIRE)) {
		kw_mutex_lock(&lock_l);
		kw_mutex_unlock(&lock_l);
	}
	__atomic_fetch_add(&taker_runs, 1, __ATOMIC_RELAXED);
}

/* Let taker run once, taking L, so the dependency work -> L is known. */
static void teach_taker(struct kw_workqueue *q)
{
	KW_INIT_WORK(&taker, taker_fn);
	kw_queue_work(q, &taker);
	kw_flush_work(&taker);
	KWT_ASSERT_EQ(taker_runs, 1);
}

KWT_TEST("W21", flush_work_holding_a_lock_the_work_takes_reported)
{
	wq = kw_alloc_workqueue("inversion", 0, 0);
	teach_taker(wq);
	kw_mutex_lock(&lock_l);
	kw_queue_work(wq, &taker);	/* it will block on L: a real deadlock */
	bool r = true;
	KWT_EXPECT_WARN(r = kw_flush_work(&taker),
			"possible circular locking dependency detected");
	KWT_ASSERT(!r);			/* returned instead of hanging */
	/* Both sides named: the lock, the work's queue, the flusher's call. */
	KWT_ASSERT(kwt_log_contains("(lock_l)"));
	KWT_ASSERT(kwt_log_contains("(on inversion) has taken that lock before"));
	KWT_ASSERT(kwt_log_contains("is trying to wait in flush_work("));
	kw_mutex_unlock(&lock_l);
	kw_flush_work(&taker);
	KWT_ASSERT_EQ(taker_runs, 2);	/* nothing lost */
	kw_destroy_workqueue(wq);
}

KWT_TEST("W33", cancel_work_sync_holding_a_lock_the_work_takes_reported)
{
	wq = kw_alloc_workqueue("inversion_cancel", 0, 0);
	teach_taker(wq);
	kw_mutex_lock(&lock_l);
	KWT_EXPECT_WARN(kw_cancel_work_sync(&taker),
			"possible circular locking dependency detected");
	kw_mutex_unlock(&lock_l);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W25", flush_workqueue_holding_a_lock_one_of_its_works_takes_reported)
{
	wq = kw_alloc_workqueue("inversion_wq", 0, 0);
	teach_taker(wq);
	kw_mutex_lock(&lock_l);
	KWT_EXPECT_WARN(kw_flush_workqueue(wq),
			"possible circular locking dependency detected");
	KWT_EXPECT_WARN(kw_destroy_workqueue(wq), "destroy_workqueue");
	kw_mutex_unlock(&lock_l);
	kw_destroy_workqueue(wq);
}

/* The other order: the flush came first, the work takes L later. */
KWT_TEST("W21", work_taking_a_lock_held_across_its_flush_reported)
{
	wq = kw_alloc_workqueue("inversion_late", 0, 0);
	KW_INIT_WORK(&taker, taker_fn);
	__atomic_store_n(&taker_takes, false, __ATOMIC_RELEASE);
	kw_queue_work(wq, &taker);
	kw_mutex_lock(&lock_l);
	kw_flush_work(&taker);		/* fine so far: it does not take L */
	kw_mutex_unlock(&lock_l);
	__atomic_store_n(&taker_takes, true, __ATOMIC_RELEASE);
	KWT_EXPECT_WARN({ kw_queue_work(wq, &taker); kw_flush_work(&taker); },
			"possible circular locking dependency detected");
	KWT_ASSERT(kwt_log_contains("held that lock while calling flush_work"));
	KWT_ASSERT_EQ(taker_runs, 2);
	kw_destroy_workqueue(wq);
}

static void trylocker_fn(struct kw_work *w)
{
	if (kw_mutex_trylock(&lock_l))
		kw_mutex_unlock(&lock_l);
	__atomic_fetch_add(&taker_runs, 1, __ATOMIC_RELAXED);
}

KWT_TEST("W21", trylock_in_a_work_adds_no_dependency)
{
	wq = kw_alloc_workqueue("trylock", 0, 0);
	KW_INIT_WORK(&taker, trylocker_fn);
	kw_queue_work(wq, &taker);
	kw_flush_work(&taker);
	kw_mutex_lock(&lock_l);
	kw_queue_work(wq, &taker);
	kw_flush_work(&taker);		/* no report: an unannounced WARN fails the case */
	kw_mutex_unlock(&lock_l);
	KWT_ASSERT_EQ(taker_runs, 2);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W21", lockdep_off_reports_nothing)
{
	KWT_ASSERT(kw_lockdep_enable(false));	/* on by default */
	wq = kw_alloc_workqueue("lockdep_off", 0, 0);
	teach_taker(wq);
	kw_mutex_lock(&lock_l);
	KWT_ASSERT(!kw_flush_work(&taker));	/* idle: no wait, no report */
	kw_mutex_unlock(&lock_l);
	kw_destroy_workqueue(wq);
	KWT_ASSERT(!kw_lockdep_enable(true));
}

/* ---- kthread_worker --------------------------------------------------------- */

static struct kw_kthread_work ktaker;

static void ktaker_fn(struct kw_kthread_work *w)
{
	kw_mutex_lock(&lock_l);
	kw_mutex_unlock(&lock_l);
	__atomic_fetch_add(&taker_runs, 1, __ATOMIC_RELAXED);
}

KWT_TEST("K17", kthread_flush_holding_a_lock_the_work_takes_reported)
{
	struct kw_kthread_worker *kw = kw_kthread_run_worker(0, "ld_worker");
	KWT_ASSERT(!kw_is_err(kw));
	kw_kthread_init_work(&ktaker, ktaker_fn);
	kw_kthread_queue_work(kw, &ktaker);
	kw_kthread_flush_work(&ktaker);
	KWT_ASSERT_EQ(taker_runs, 1);
	kw_mutex_lock(&lock_l);
	kw_kthread_queue_work(kw, &ktaker);
	KWT_EXPECT_WARN(kw_kthread_flush_work(&ktaker),
			"possible circular locking dependency detected");
	KWT_EXPECT_WARN(kw_kthread_flush_worker(kw),
			"possible circular locking dependency detected");
	kw_mutex_unlock(&lock_l);
	kw_kthread_flush_worker(kw);
	KWT_ASSERT_EQ(taker_runs, 2);
	kw_kthread_destroy_worker(kw);
}
