/*
 * test_sleep.c - schedule_timeout, msleep, usleep_range, jiffies math and
 * wait_event_timeout: rules T10..T16 (SEMANTICS.md section 2).
 * Timing is asserted only as lower bounds ("never early").
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#define NS_PER_JIFFY (KW_NSEC_PER_SEC / KW_HZ)

KWT_TEST("T10", schedule_timeout_sleeps_at_least_and_returns_remaining)
{
	int64_t t0 = kw_ktime_get_ns();
	unsigned long j0 = kw_jiffies();
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	long left = kw_schedule_timeout(3);
	KWT_ASSERT_EQ(left, 0);
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 3 * NS_PER_JIFFY);
	KWT_ASSERT(kw_time_after_eq(kw_jiffies(), j0 + 3));
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);

	/* TASK_RUNNING: no sleep, the full timeout is left. */
	kw_set_current_state_raw(KW_TASK_RUNNING);
	KWT_ASSERT(kw_schedule_timeout(1000000) > 0);

	kwt_log_reset();
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_schedule_timeout(-5), 0);
	KWT_ASSERT(kwt_log_contains("schedule_timeout: wrong timeout value"));
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
}

static struct kw_task *sleeper;
static long woken_left;
static int sleeper_ready;

static int sleep_long(void *data)
{
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	__atomic_store_n(&sleeper_ready, 1, __ATOMIC_RELEASE);
	long left = kw_schedule_timeout(100000);
	__atomic_store_n(&woken_left, left, __ATOMIC_RELEASE);
	while (!kw_kthread_should_stop())
		kw_schedule_timeout_interruptible(1);
	return 0;
}

KWT_TEST("T10", explicit_wake_returns_remaining_jiffies)
{
	sleeper = kw_kthread_run(sleep_long, NULL, "t10");
	while (!__atomic_load_n(&sleeper_ready, __ATOMIC_ACQUIRE))
		kw_schedule_timeout_uninterruptible(1);
	while (!kw_wake_up_process(sleeper))
		kw_schedule_timeout_uninterruptible(1);
	while (!__atomic_load_n(&woken_left, __ATOMIC_ACQUIRE))
		kw_schedule_timeout_uninterruptible(1);
	KWT_ASSERT(woken_left > 0 && woken_left <= 100000);
	kw_kthread_stop(sleeper);
}

KWT_TEST("T11", msleep_never_returns_early_and_zero_returns_at_once)
{
	for (unsigned int ms = 1; ms <= 4; ms++) {
		int64_t t0 = kw_ktime_get_ns();
		kw_msleep(ms);
		KWT_ASSERT(kw_ktime_get_ns() - t0 >= (int64_t)ms * KW_NSEC_PER_MSEC);
	}
	unsigned long j0 = kw_jiffies();
	kw_msleep(0);
	KWT_ASSERT(kw_time_before_eq(kw_jiffies(), j0 + 1));
	int64_t t0 = kw_ktime_get_ns();
	kw_ssleep(0);
	kw_msleep(2);
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 2 * KW_NSEC_PER_MSEC);
}

KWT_TEST("T12", msleep_interruptible_returns_zero_when_it_slept_fully)
{
	int64_t t0 = kw_ktime_get_ns();
	KWT_ASSERT_EQ(kw_msleep_interruptible(3), 0);
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 3 * KW_NSEC_PER_MSEC);
	/* A pending (fatal) signal cuts it short with the time left. */
	kw_task_send_fatal(kw_current());
	KWT_ASSERT(kw_msleep_interruptible(100000) > 0);
}

KWT_TEST("T13", wait_event_timeout_returns_0_1_or_remaining)
{
	struct kw_wait_queue_head wq;
	kw_init_waitqueue_head(&wq);
	int flag = 0;
	KWT_ASSERT_EQ(kw_wait_event_timeout(&wq, flag, 2), 0);
	flag = 1;
	long r = kw_wait_event_timeout(&wq, flag, 50);
	KWT_ASSERT_EQ(r, 50);
	KWT_ASSERT_EQ(kw_wait_event_timeout(&wq, flag, 0), 1);
	kw_task_send_fatal(kw_current());
	flag = 0;
	KWT_ASSERT_EQ(kw_wait_event_interruptible(&wq, flag), -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(kw_wait_event_interruptible_timeout(&wq, flag, 100),
		      -KW_ERESTARTSYS);
}

KWT_TEST("T14", msecs_to_jiffies_rounds_up_and_maps_zero_to_zero)
{
	KWT_ASSERT_EQ(kw_msecs_to_jiffies(0), 0);
	KWT_ASSERT_EQ(kw_usecs_to_jiffies(0), 0);
	KWT_ASSERT_EQ(kw_msecs_to_jiffies(1), (KW_HZ + 999) / 1000);
	KWT_ASSERT_EQ(kw_usecs_to_jiffies(1), 1);
	KWT_ASSERT_EQ(kw_msecs_to_jiffies(1000), KW_HZ);
	KWT_ASSERT_EQ(kw_msecs_to_jiffies((unsigned int)-1), KW_MAX_JIFFY_OFFSET);
	KWT_ASSERT_EQ(kw_jiffies_to_msecs(KW_HZ), 1000);
	KWT_ASSERT_EQ(kw_secs_to_jiffies(3), 3 * KW_HZ);
	KWT_ASSERT_EQ(kw_nsecs_to_jiffies(NS_PER_JIFFY - 1), 0);
}

KWT_TEST("T15", time_after_is_correct_across_the_wraps)
{
	unsigned long j = KW_INITIAL_JIFFIES;
	KWT_ASSERT_EQ((unsigned int)(j + 300 * KW_HZ), 0);	/* 32-bit wrap in 5 min */
	unsigned long w32 = 0xfffffff0UL;
	KWT_ASSERT(kw_time_after(w32 + 0x20, w32));
	KWT_ASSERT(kw_time_before(w32, w32 + 0x20));
	unsigned long w64 = ~0UL - 5;
	KWT_ASSERT(kw_time_after(w64 + 10, w64));	/* wraps to 4 */
	KWT_ASSERT(kw_time_before(w64, w64 + 10));
	KWT_ASSERT(kw_time_after_eq(w64, w64));
	KWT_ASSERT(kw_time_in_range(w64 + 2, w64, w64 + 10));
	KWT_ASSERT(!kw_time_after(w64, w64 + 10));
	/* jiffies started near INITIAL_JIFFIES and only move forward. */
	unsigned long now = kw_jiffies();
	KWT_ASSERT(kw_time_after_eq(now, KW_INITIAL_JIFFIES));
	KWT_ASSERT(kw_time_before(now, KW_INITIAL_JIFFIES + 3600UL * KW_HZ));
}

KWT_TEST("T16", usleep_range_never_before_min_and_warns_on_max_below_min)
{
	int64_t t0 = kw_ktime_get_ns();
	kw_usleep_range(500, 1000);
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 500 * KW_NSEC_PER_USEC);
	t0 = kw_ktime_get_ns();
	KWT_EXPECT_WARN(kw_usleep_range(300, 100), "");
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 300 * KW_NSEC_PER_USEC);
	/* Interruptible with a signal pending: still never before min. */
	kw_task_send_fatal(kw_current());
	t0 = kw_ktime_get_ns();
	kw_usleep_range_state(400, 500, KW_TASK_INTERRUPTIBLE);
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 400 * KW_NSEC_PER_USEC);
	t0 = kw_ktime_get_ns();
	kw_fsleep(20);
	kw_udelay(5);
	kw_ndelay(100);
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 25 * KW_NSEC_PER_USEC);
}

/* ---- clauses the tests above leave out ------------------------------------------- */

static long max_left;

static int sleep_forever_until_woken(void *data)
{
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	__atomic_store_n(&max_left, kw_schedule_timeout(KW_MAX_SCHEDULE_TIMEOUT),
			 __ATOMIC_RELEASE);
	return sync_wait_for_stop(0);
}

KWT_TEST("T10", max_schedule_timeout_sleeps_without_timer_and_returns_itself)
{
	struct kw_task *t = kw_kthread_run(sleep_forever_until_woken, NULL, "t10max");
	SYNC_WAIT_UNTIL(sync_state(t) == KW_TASK_UNINTERRUPTIBLE);
	kw_wake_up_process(t);
	SYNC_WAIT_UNTIL(__atomic_load_n(&max_left, __ATOMIC_ACQUIRE) != 0);
	KWT_ASSERT_EQ(max_left, (long)KW_MAX_SCHEDULE_TIMEOUT);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
}

KWT_TEST("T10", negative_timeout_prints_the_value_in_hex)
{
	kwt_log_reset();
	kw_set_current_state(KW_TASK_INTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_schedule_timeout(-5), 0);
	KWT_ASSERT(kwt_log_contains(
		"schedule_timeout: wrong timeout value fffffffffffffffb"));
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
}

KWT_TEST("T10", interruptible_timeout_with_a_signal_pending_returns_at_once)
{
	kw_task_send_fatal(kw_current());
	unsigned long j0 = kw_jiffies();
	long left = kw_schedule_timeout_interruptible(100000);
	KWT_ASSERT(left > 0 && left <= 100000);
	KWT_ASSERT(kw_time_before(kw_jiffies(), j0 + 100000));
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
	/* Uninterruptible: the signal does not cut it short. */
	KWT_ASSERT_EQ(kw_schedule_timeout_uninterruptible(2), 0);
}

KWT_TEST("T11", msleep_sleeps_its_jiffies_and_never_less_real_time)
{
	for (unsigned int ms = 1; ms <= 5; ms += 2) {
		unsigned long j0 = kw_jiffies();
		int64_t t0 = kw_ktime_get_ns();
		kw_msleep(ms);
		KWT_ASSERT(kw_time_after_eq(kw_jiffies(), j0 + kw_msecs_to_jiffies(ms)));
		KWT_ASSERT(kw_ktime_get_ns() - t0 >= (int64_t)ms * KW_NSEC_PER_MSEC);
	}
	/* A pending signal does not shorten msleep (uninterruptible). */
	kw_task_send_fatal(kw_current());
	int64_t t0 = kw_ktime_get_ns();
	kw_msleep(3);
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 3 * KW_NSEC_PER_MSEC);
}

KWT_TEST("T12", msleep_interruptible_zero_and_the_whole_time_back_on_a_signal)
{
	KWT_ASSERT_EQ(kw_msleep_interruptible(0), 0);
	kw_task_send_fatal(kw_current());
	/* Nothing was slept: all of it is returned, in milliseconds. */
	KWT_ASSERT_EQ(kw_msleep_interruptible(100000),
		      kw_jiffies_to_msecs(kw_msecs_to_jiffies(100000)));
	KWT_ASSERT_EQ(kw_msleep_interruptible(0), 0);
}

KWT_TEST("T16", usleep_range_max_below_min_warns_once)
{
	KWT_EXPECT_WARN(kw_usleep_range(200, 100), "");
	int64_t t0 = kw_ktime_get_ns();
	kw_usleep_range(200, 100);	/* WARN_ON_ONCE: silent the second time */
	KWT_ASSERT(kw_ktime_get_ns() - t0 >= 200 * KW_NSEC_PER_USEC);
}
