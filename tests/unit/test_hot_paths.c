/*
 * test_hot_paths.c - the semantics the fast paths must keep (T1, W1, K1).
 *
 * The arm path forwards the wheel clock to the jiffies value the arming
 * thread read last (no clock read): a thread with a stale view, or one
 * that never read jiffies, must still get a timer that fires, once, never
 * early. The queue paths wake an idle consumer after dropping the lock
 * the consumer takes first: every item must still run, none twice.
 * Gates: completions; no sleeps that hope something happened (the
 * nanosleep below only makes the thread's jiffies view stale).
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <pthread.h>
#include <time.h>

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)

struct hp_timer {
	struct kw_timer t;
	unsigned long expires;
	int64_t fired_ns;
	int runs;
	struct kw_completion done;
};

static void hp_timer_fn(struct kw_timer *t)
{
	struct hp_timer *h = kw_container_of(t, struct hp_timer, t);
	h->fired_ns = kw_ktime_get_ns();
	__atomic_add_fetch(&h->runs, 1, __ATOMIC_SEQ_CST);
	kw_complete(&h->done);
}

static void hp_timer_init(struct hp_timer *h)
{
	kw_timer_setup(&h->t, hp_timer_fn, 0);
	kw_init_completion(&h->done);
	h->runs = 0;
}

static void hp_timer_check(struct hp_timer *h)
{
	kw_wait_for_completion(&h->done);
	KWT_ASSERT_EQ(LOAD(h->runs), 1);
	KWT_ASSERT(h->fired_ns >= kw_jiffies_to_ktime_ns(h->expires));
	KWT_ASSERT(!kw_timer_pending(&h->t));
}

/* Arms h->t at h->expires from a thread that never read jiffies. */
static void *arm_fresh_thread(void *arg)
{
	struct hp_timer *h = arg;
	kw_mod_timer(&h->t, h->expires);
	return NULL;
}

KWT_TEST("T1", timer_armed_by_a_thread_that_never_read_jiffies_is_not_early)
{
	struct hp_timer h;
	hp_timer_init(&h);
	h.expires = kw_jiffies() + kw_msecs_to_jiffies(30);
	pthread_t th;
	KWT_ASSERT_EQ(pthread_create(&th, NULL, arm_fresh_thread, &h), 0);
	pthread_join(th, NULL);
	hp_timer_check(&h);
}

KWT_TEST("T1", timer_armed_with_a_stale_jiffies_view_is_not_early)
{
	struct hp_timer near, far;
	hp_timer_init(&near);
	hp_timer_init(&far);
	unsigned long seen = kw_jiffies();
	/* A plain libc sleep: this thread's last jiffies read goes stale. */
	struct timespec ts = { 0, 60 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	/* Expiries from the true now (not via kw_jiffies(), which would
	 * refresh the view), armed with the stale view. */
	int64_t jiffy_ns = KW_NSEC_PER_SEC / KW_HZ;
	unsigned long now = seen + (unsigned long)((kw_ktime_get_ns() -
				    kw_jiffies_to_ktime_ns(seen)) / jiffy_ns);
	KWT_ASSERT(kw_time_after(now, seen));
	near.expires = now + 2;
	far.expires = now + kw_msecs_to_jiffies(200);
	kw_mod_timer(&far.t, far.expires);
	kw_mod_timer(&near.t, near.expires);
	hp_timer_check(&near);
	hp_timer_check(&far);
}

/* ---- queue paths: wake-after-unlock loses no item, runs none twice ---- */

#define NITEMS_MAX 20000
#define NITEMS ((int)kwt_loops(NITEMS_MAX))	/* fewer under the race tools */

struct hp_work {
	struct kw_work w;
	int runs;
};

static struct hp_work works[NITEMS_MAX];
static int total_runs;
static struct kw_completion all_ran;

static void hp_work_fn(struct kw_work *w)
{
	struct hp_work *h = kw_container_of(w, struct hp_work, w);
	__atomic_add_fetch(&h->runs, 1, __ATOMIC_SEQ_CST);
	if (__atomic_add_fetch(&total_runs, 1, __ATOMIC_SEQ_CST) == NITEMS)
		kw_complete(&all_ran);
}

static void queue_all(struct kw_workqueue *wq, int stride)
{
	kw_init_completion(&all_ran);
	total_runs = 0;
	for (int i = 0; i < NITEMS; i++) {
		KW_INIT_WORK(&works[i].w, hp_work_fn);
		works[i].runs = 0;
	}
	for (int i = 0; i < NITEMS; i++) {
		KWT_ASSERT(kw_queue_work(wq, &works[i].w));
		if (stride && i % stride == 0)
			kw_flush_workqueue(wq);	/* let the workers go idle */
	}
	kw_wait_for_completion(&all_ran);
	for (int i = 0; i < NITEMS; i++)
		KWT_ASSERT_EQ(LOAD(works[i].runs), 1);
}

KWT_TEST("W1", every_item_runs_once_when_idle_workers_are_woken)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("hp_unbound", KW_WQ_UNBOUND, 2);
	queue_all(wq, 0);
	queue_all(wq, 7);
	kw_destroy_workqueue(wq);
	queue_all(kw_system_wq(), 5);
}

struct hp_kwork {
	struct kw_kthread_work w;
	int seq;
};

static struct hp_kwork kworks[NITEMS_MAX];
static int next_seq;

static void hp_kwork_fn(struct kw_kthread_work *w)
{
	struct hp_kwork *h = kw_container_of(w, struct hp_kwork, w);
	KWT_ASSERT_EQ(h->seq, next_seq);	/* FIFO, one at a time */
	if (++next_seq == NITEMS)
		kw_complete(&all_ran);
}

KWT_TEST("K1", kthread_worker_runs_all_in_order_when_woken_after_unlock)
{
	struct kw_kthread_worker *kw = kw_kthread_create_worker(0, "hp_kworker");
	KWT_ASSERT(!kw_is_err(kw));
	kw_init_completion(&all_ran);
	for (int i = 0; i < NITEMS; i++) {
		kw_kthread_init_work(&kworks[i].w, hp_kwork_fn);
		kworks[i].seq = i;
	}
	for (int i = 0; i < NITEMS; i++) {
		KWT_ASSERT(kw_kthread_queue_work(kw, &kworks[i].w));
		if (i % 11 == 0)
			kw_kthread_flush_worker(kw);	/* the worker sleeps */
	}
	kw_wait_for_completion(&all_ran);
	KWT_ASSERT_EQ(next_seq, NITEMS);
	kw_kthread_destroy_worker(kw);
}
