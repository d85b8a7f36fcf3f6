/*
 * test_hrtimer.c - hrtimers (rule HRT): not early (REL, ABS), cancel
 * results, cancel waits for a running callback (gate), try_to_cancel -1
 * while running, self-restart with forward_now and overruns, re-arm from
 * the callback, self-cancel WARNs, the heap's order under churn.
 *
 * A gated callback cannot sleep (softirq context): it spins on its gate.
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <kwork/hrtimer.h>
#include <errno.h>
#include <sched.h>
#include <time.h>

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

static void spin_until(int *flag)
{
	while (!LOAD(*flag))
		sched_yield();
}

static int64_t now_on(int clockid)
{
	struct timespec ts;
	clock_gettime(clockid, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- not early, REL and ABS, on each clock ---------------------------------- */

static struct kw_hrtimer one;
static int64_t fired_at;
static int fired, in_softirq_flag, queued_inside;

static enum kw_hrtimer_restart record_fn(struct kw_hrtimer *t)
{
	fired_at = now_on(t->clockid);
	in_softirq_flag = kw_in_softirq();
	queued_inside = kw_hrtimer_is_queued(t);
	STORE(fired, LOAD(fired) + 1);
	return KW_HRTIMER_NORESTART;
}

static void check_not_early(int clockid, enum kw_hrtimer_mode mode)
{
	STORE(fired, 0);
	kw_hrtimer_setup(&one, record_fn, clockid, mode);
	int64_t start = now_on(clockid == CLOCK_REALTIME && (mode & KW_HRTIMER_MODE_REL)
			       ? CLOCK_MONOTONIC : clockid);
	/*
	 * 50 ms: the asserts right below need the timer still queued, and a
	 * sanitizer build on a loaded machine has stalled the test thread for
	 * more than the 3 ms this used.
	 */
	int64_t want = start + 50000000;
	kw_hrtimer_start(&one, (mode & KW_HRTIMER_MODE_REL) ? 50000000 : want, mode);
	KWT_ASSERT(kw_hrtimer_is_queued(&one));
	KWT_ASSERT(kw_hrtimer_active(&one));
	KWT_ASSERT(kw_hrtimer_get_expires(&one) >= want);
	spin_until(&fired);
	KWT_ASSERT(fired_at >= want);
	KWT_ASSERT(in_softirq_flag);
	KWT_ASSERT(!queued_inside);
	KWT_ASSERT_EQ(LOAD(fired), 1);
	/* Active until the callback has returned (the kernel's rule). */
	while (kw_hrtimer_active(&one))
		sched_yield();
	KWT_ASSERT(!kw_hrtimer_is_queued(&one));
}

KWT_TEST("HRT1", hrtimer_rel_and_abs_never_fire_early_on_every_clock)
{
	static const int clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME,
				      CLOCK_TAI };
	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		check_not_early(clocks[i], KW_HRTIMER_MODE_REL);
		check_not_early(clocks[i], KW_HRTIMER_MODE_ABS);
	}
	/* REL on CLOCK_REALTIME runs on CLOCK_MONOTONIC, as the kernel. */
	kw_hrtimer_init(&one, CLOCK_REALTIME, KW_HRTIMER_MODE_REL);
	KWT_ASSERT_EQ(one.clockid, CLOCK_MONOTONIC);
}

/* ---- cancel and try_to_cancel results ---------------------------------------- */

KWT_TEST("HRT2", hrtimer_cancel_pending_is_1_inactive_is_0)
{
	STORE(fired, 0);
	kw_hrtimer_setup(&one, record_fn, CLOCK_MONOTONIC, KW_HRTIMER_MODE_REL);
	KWT_ASSERT_EQ(kw_hrtimer_cancel(&one), 0);
	KWT_ASSERT_EQ(kw_hrtimer_try_to_cancel(&one), 0);
	kw_hrtimer_start(&one, 3600LL * 1000000000, KW_HRTIMER_MODE_REL);
	KWT_ASSERT_EQ(kw_hrtimers_armed(), 1);
	KWT_ASSERT(kw_hrtimer_get_remaining(&one) > 3599LL * 1000000000);
	KWT_ASSERT_EQ(kw_hrtimer_cancel(&one), 1);
	KWT_ASSERT_EQ(kw_hrtimer_cancel(&one), 0);
	kw_hrtimer_start(&one, 3600LL * 1000000000, KW_HRTIMER_MODE_REL);
	KWT_ASSERT_EQ(kw_hrtimer_try_to_cancel(&one), 1);
	KWT_ASSERT_EQ(kw_hrtimers_armed(), 0);
	KWT_ASSERT(!kw_hrtimer_active(&one));
	KWT_ASSERT_EQ(LOAD(fired), 0);
}

/* ---- cancel waits for a running callback; try_to_cancel is -1 then --------- */

static struct kw_hrtimer gated;
static int gate_entered, gate_open, gate_left, cancel_returned;

static enum kw_hrtimer_restart gated_fn(struct kw_hrtimer *t)
{
	STORE(gate_entered, 1);
	spin_until(&gate_open);
	STORE(gate_left, 1);
	return KW_HRTIMER_NORESTART;
}

static int canceller(void *arg)
{
	KWT_ASSERT_EQ(kw_hrtimer_cancel(&gated), 0);
	KWT_ASSERT(LOAD(gate_left));
	STORE(cancel_returned, 1);
	return 0;
}

KWT_TEST("HRT3", hrtimer_cancel_waits_for_running_callback_try_is_minus_1)
{
	kw_hrtimer_setup(&gated, gated_fn, CLOCK_MONOTONIC, KW_HRTIMER_MODE_REL);
	kw_hrtimer_start(&gated, 1000, KW_HRTIMER_MODE_REL);
	spin_until(&gate_entered);
	KWT_ASSERT(kw_hrtimer_callback_running(&gated));
	KWT_ASSERT(kw_hrtimer_active(&gated));
	KWT_ASSERT(!kw_hrtimer_is_queued(&gated));
	KWT_ASSERT_EQ(kw_hrtimer_try_to_cancel(&gated), -1);

	struct kw_task *k = kw_kthread_run(canceller, NULL, "hrt_cancel");
	KWT_ASSERT(!kw_is_err(k));
	kw_get_task_struct(k);
	/* The canceller sleeps in hrtimer_cancel while the callback runs. */
	while ((LOAD(k->__state) & 0x7fffffffu) != KW_TASK_UNINTERRUPTIBLE)
		sched_yield();
	KWT_ASSERT(!LOAD(cancel_returned));
	STORE(gate_open, 1);
	KWT_ASSERT_EQ(kw_kthread_stop(k), 0);
	kw_put_task_struct(k);
	KWT_ASSERT(LOAD(cancel_returned));
	KWT_ASSERT(!kw_hrtimer_active(&gated));
}

/* ---- periodic self-restart with forward_now: overruns counted -------------- */

#define PERIOD_NS 2000000LL
static struct kw_hrtimer periodic;
static int ticks;
static uint64_t overruns;
static int64_t tick_at[8], expiry_at[8];

static enum kw_hrtimer_restart periodic_fn(struct kw_hrtimer *t)
{
	int n = LOAD(ticks);
	if (n < 8) {
		tick_at[n] = kw_ktime_get_ns();
		expiry_at[n] = kw_hrtimer_get_softexpires(t);
	}
	if (n == 2) {
		/* Stall past several periods: forward_now must skip them. */
		int64_t end = kw_ktime_get_ns() + 5 * PERIOD_NS + PERIOD_NS / 2;
		while (kw_ktime_get_ns() < end)
			;
	}
	uint64_t o = kw_hrtimer_forward_now(t, PERIOD_NS);
	if (n == 2)
		STORE(overruns, o);
	STORE(ticks, n + 1);
	return n + 1 < 8 ? KW_HRTIMER_RESTART : KW_HRTIMER_NORESTART;
}

KWT_TEST("HRT4", hrtimer_periodic_restart_forward_now_counts_overruns)
{
	kw_hrtimer_setup(&periodic, periodic_fn, CLOCK_MONOTONIC, KW_HRTIMER_MODE_REL);
	kw_hrtimer_start(&periodic, PERIOD_NS, KW_HRTIMER_MODE_REL);
	while (LOAD(ticks) < 8)
		sched_yield();
	KWT_ASSERT(LOAD(overruns) >= 5);
	for (int i = 0; i < 8; i++)
		KWT_ASSERT(tick_at[i] >= expiry_at[i]);
	for (int i = 1; i < 8; i++)
		KWT_ASSERT_EQ((expiry_at[i] - expiry_at[0]) % PERIOD_NS, 0);
	KWT_ASSERT_EQ((expiry_at[3] - expiry_at[2]) / PERIOD_NS, (long long)LOAD(overruns));
	KWT_ASSERT(!kw_hrtimer_active(&periodic));
}

KWT_TEST("HRT5", hrtimer_forward_arithmetic)
{
	struct kw_hrtimer t;
	kw_hrtimer_setup(&t, record_fn, CLOCK_MONOTONIC, KW_HRTIMER_MODE_ABS);
	kw_hrtimer_set_expires(&t, 1000);
	KWT_ASSERT_EQ(kw_hrtimer_forward(&t, 999, 100), 0);	/* not due */
	KWT_ASSERT_EQ(kw_hrtimer_forward(&t, 1000, 100), 1);	/* due now */
	KWT_ASSERT_EQ(kw_hrtimer_get_expires(&t), 1100);
	KWT_ASSERT_EQ(kw_hrtimer_forward(&t, 1350, 100), 3);
	KWT_ASSERT_EQ(kw_hrtimer_get_expires(&t), 1400);
	KWT_ASSERT_EQ(kw_hrtimer_forward(&t, 1500, 100), 2);	/* exact multiple */
	KWT_ASSERT_EQ(kw_hrtimer_get_expires(&t), 1600);
	kw_hrtimer_add_expires_ns(&t, 50);
	KWT_ASSERT_EQ(kw_hrtimer_get_softexpires(&t), 1650);
	kw_hrtimer_start(&t, 3600LL * 1000000000, KW_HRTIMER_MODE_REL);
	KWT_EXPECT_WARN(KWT_ASSERT_EQ(kw_hrtimer_forward(&t, INT64_MAX / 2, 1), 0),
			"is queued");
	KWT_ASSERT_EQ(kw_hrtimer_cancel(&t), 1);
}

/* ---- re-arm from the callback, self-cancel WARNs ------------------------------- */

static struct kw_hrtimer rearm;
static int rearms, self_cancel_ret = 7;

static enum kw_hrtimer_restart rearm_fn(struct kw_hrtimer *t)
{
	int n = LOAD(rearms) + 1;
	if (n < 3)
		kw_hrtimer_start(t, 500000, KW_HRTIMER_MODE_REL);
	if (n == 2) {
		/* Queued again: the self-cancel dequeues it and WARNs. */
		KWT_EXPECT_WARN(self_cancel_ret = kw_hrtimer_cancel(t), "would deadlock");
		kw_hrtimer_start(t, 500000, KW_HRTIMER_MODE_REL);
	}
	STORE(rearms, n);
	/*
	 * A RESTART after a self-start does not queue it twice; the third
	 * run's RESTART keeps its past expiry: it runs again at once.
	 */
	return n < 4 ? KW_HRTIMER_RESTART : KW_HRTIMER_NORESTART;
}

KWT_TEST("HRT6", hrtimer_rearm_from_callback_and_self_cancel_warns)
{
	kw_hrtimer_setup(&rearm, rearm_fn, CLOCK_MONOTONIC, KW_HRTIMER_MODE_REL);
	kw_hrtimer_start(&rearm, 500000, KW_HRTIMER_MODE_REL);
	while (LOAD(rearms) < 3)
		sched_yield();
	KWT_ASSERT_EQ(self_cancel_ret, 1);
	/* The third run returned RESTART with the same expiry: due at once. */
	while (LOAD(rearms) < 4 || kw_hrtimer_active(&rearm))
		sched_yield();
	KWT_ASSERT_EQ(LOAD(rearms), 4);
	KWT_ASSERT_EQ(kw_hrtimer_cancel(&rearm), 0);
}

/* ---- misuse ----------------------------------------------------------------------- */

KWT_TEST("HRT7", hrtimer_misuse_warns)
{
	struct kw_hrtimer t;
	KWT_EXPECT_WARN(kw_hrtimer_init(&t, 12345, KW_HRTIMER_MODE_REL), "Invalid clockid 12345");
	KWT_ASSERT_EQ(t.clockid, CLOCK_MONOTONIC);
	KWT_EXPECT_WARN(kw_hrtimer_start(&t, 1000, KW_HRTIMER_MODE_REL), "has no function");
	KWT_ASSERT(!kw_hrtimer_active(&t));
	kw_hrtimer_setup(&t, record_fn, CLOCK_MONOTONIC, KW_HRTIMER_MODE_REL);
	kw_hrtimer_start(&t, 3600LL * 1000000000, KW_HRTIMER_MODE_REL);
	KWT_EXPECT_WARN(kw_hrtimer_destroy_on_stack(&t), "object type: hrtimer");
	KWT_ASSERT(!kw_hrtimer_active(&t));
	KWT_ASSERT_EQ(kw_hrtimers_armed(), 0);
}

/* ---- the heap: firing order under arm/cancel churn ---------------------------------- */

#define N_CHURN 2000
static struct kw_hrtimer churn[N_CHURN];
static int order[N_CHURN], n_order;

static enum kw_hrtimer_restart churn_fn(struct kw_hrtimer *t)
{
	int n = __atomic_load_n(&n_order, __ATOMIC_RELAXED);	/* one thread writes */

	order[n] = (int)(t - churn);
	__atomic_store_n(&n_order, n + 1, __ATOMIC_RELEASE);
	return KW_HRTIMER_NORESTART;
}

KWT_TEST("HRT8", hrtimer_heap_fires_in_expiry_order_under_churn)
{
	int64_t base = kw_ktime_get_ns() + 200000000;	/* all due in 200 ms */
	unsigned int r = 12345;
	for (int i = 0; i < N_CHURN; i++) {
		kw_hrtimer_setup(&churn[i], churn_fn, CLOCK_MONOTONIC, KW_HRTIMER_MODE_ABS);
		r = r * 1103515245 + 12345;
		kw_hrtimer_start(&churn[i], base + (int64_t)(r % 1000) * 1000, KW_HRTIMER_MODE_ABS);
	}
	for (int i = 0; i < N_CHURN; i += 3)
		KWT_ASSERT_EQ(kw_hrtimer_cancel(&churn[i]), 1);
	for (int i = 0; i < N_CHURN; i += 6)
		kw_hrtimer_start(&churn[i], base + (int64_t)(i % 500) * 1000, KW_HRTIMER_MODE_ABS);
	unsigned long want = kw_hrtimers_armed();
	while (LOAD(n_order) < (int)want)
		sched_yield();
	while (kw_hrtimer_active(&churn[order[want - 1]]))
		sched_yield();
	KWT_ASSERT_EQ(LOAD(n_order), want);
	for (int i = 1; i < n_order; i++) {
		struct kw_hrtimer *a = &churn[order[i - 1]], *b = &churn[order[i]];
		KWT_ASSERT(a->expires < b->expires ||
			   (a->expires == b->expires && a->seq < b->seq));
	}
}

/* ---- debugobjects and teardown ------------------------------------------------------- */

struct hrt_holder {
	long pad;
	struct kw_hrtimer t;
};

KWT_TEST("HRT9", hrtimer_kfree_of_armed_reported_and_disarmed_shutdown_refused)
{
	kw_debug_objects_enable(true);
	struct hrt_holder *h = kw_kmalloc(sizeof(*h), KW_GFP_ZERO, NULL);
	KWT_ASSERT(h);
	kw_hrtimer_setup(&h->t, record_fn, CLOCK_MONOTONIC, KW_HRTIMER_MODE_REL);
	kw_hrtimer_start(&h->t, 3600LL * 1000000000, KW_HRTIMER_MODE_REL);
	KWT_ASSERT_EQ(kw_shutdown(), -EBUSY);	/* an armed hrtimer keeps khrtimer */
	KWT_EXPECT_WARN(kw_kfree(h, KW_KMEM_KMALLOC, NULL), "object type: hrtimer");
	KWT_ASSERT_EQ(kw_hrtimers_armed(), 0);
	KWT_ASSERT_EQ(kw_shutdown(), 0);	/* khrtimer stopped and joined */
}

/* ---- schedule_hrtimeout: like T10, on a nanosecond deadline ------------------ */

static int waker(void *arg)
{
	struct kw_task *sleeper = arg;
	while ((LOAD(sleeper->__state) & 0x7fffffffu) != KW_TASK_UNINTERRUPTIBLE)
		sched_yield();	/* gate: the sleeper is in its sleep */
	kw_wake_up_process(sleeper);
	return 0;
}

KWT_TEST("T10,HRT10", schedule_hrtimeout_sleeps_to_its_time_or_returns_eintr_when_woken)
{
	int64_t rel = 2000000, start = kw_ktime_get_ns();
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_schedule_hrtimeout_range_clock(&rel, 0, KW_HRTIMER_MODE_REL,
							CLOCK_MONOTONIC), 0);
	KWT_ASSERT(kw_ktime_get_ns() - start >= rel);	/* never early */
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);

	int64_t abs_real = now_on(CLOCK_REALTIME) + 2000000;
	start = kw_ktime_get_ns();
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_schedule_hrtimeout_range_clock(&abs_real, 0, KW_HRTIMER_MODE_ABS,
							CLOCK_REALTIME), 0);
	KWT_ASSERT(now_on(CLOCK_REALTIME) >= abs_real);

	int64_t zero = 0;
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_schedule_hrtimeout_range_clock(&zero, 0, KW_HRTIMER_MODE_REL,
							CLOCK_MONOTONIC), 0);
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);

	/* Woken before the time (a minute away), and with no time at all. */
	int64_t minute = 60 * KW_NSEC_PER_SEC;
	for (int i = 0; i < 2; i++) {
		struct kw_task *k = kw_kthread_run(waker, kw_current(), "hrt_waker");
		KWT_ASSERT(!kw_is_err(k));
		kw_get_task_struct(k);
		kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
		KWT_ASSERT_EQ(kw_schedule_hrtimeout_range_clock(i ? NULL : &minute, 0,
								KW_HRTIMER_MODE_REL,
								CLOCK_MONOTONIC),
			      -EINTR);
		KWT_ASSERT_EQ(kw_kthread_stop(k), 0);
		kw_put_task_struct(k);
	}
}
