/*
 * test_compat_semaphore.c - linux/semaphore.h: counts, the trylock's
 * inverted return, the timeout and signal returns, and that a sleeping
 * down() sleeps as a task (state observed, a gate: the test holds the unit);
 * linux/swait.h: exclusive waiters, swake_up_one wakes one, swake_up_all the rest;
 * linux/sched/types.h: struct sched_param and the limits.
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/semaphore.h>
#include <linux/swait.h>
#include <linux/sched/types.h>

static DEFINE_SEMAPHORE(static_sem, 2);

KWT_TEST("compat semaphore", counts_and_down_trylock_returns_zero_on_success)
{
	KWT_ASSERT_EQ(down_trylock(&static_sem), 0);
	KWT_ASSERT_EQ(down_trylock(&static_sem), 0);
	KWT_ASSERT_EQ(down_trylock(&static_sem), 1);	/* none left */
	up(&static_sem);
	down(&static_sem);				/* does not sleep */
	KWT_ASSERT_EQ(down_trylock(&static_sem), 1);
	up(&static_sem);
	up(&static_sem);
	struct semaphore s;
	sema_init(&s, 0);
	KWT_ASSERT_EQ(down_trylock(&s), 1);
	KWT_ASSERT_EQ(down_timeout(&s, 1), -ETIME);
	up(&s);
	KWT_ASSERT_EQ(down_timeout(&s, 1), 0);
	up(&s);
	KWT_ASSERT_EQ(down_interruptible(&s), 0);
	up(&s);
	KWT_ASSERT_EQ(down_killable(&s), 0);
	KWT_ASSERT_EQ(down_trylock(&s), 1);
}

struct downer { struct semaphore *s; int mode; int ret; bool got; };

static int downer_fn(void *arg)
{
	struct downer *d = arg;
	if (d->mode == 0)
		down(d->s);
	else
		d->ret = down_interruptible(d->s);
	__atomic_store_n(&d->got, d->ret == 0, __ATOMIC_RELEASE);
	return sync_wait_for_stop(0);
}

KWT_TEST("compat semaphore", down_sleeps_uninterruptibly_until_up)
{
	DEFINE_SEMAPHORE(s, 0);
	struct downer d = { .s = &s, .mode = 0 };
	struct task_struct *t = kthread_run(downer_fn, &d, "downer");
	KWT_ASSERT(!IS_ERR(t));
	SYNC_WAIT_UNTIL(sync_state(t) == KW_TASK_UNINTERRUPTIBLE);
	KWT_ASSERT(!__atomic_load_n(&d.got, __ATOMIC_ACQUIRE));
	up(&s);
	SYNC_WAIT_UNTIL(__atomic_load_n(&d.got, __ATOMIC_ACQUIRE));
	KWT_ASSERT_EQ(kthread_stop(t), 0);
	KWT_ASSERT_EQ(down_trylock(&s), 1);	/* the unit went to the downer */
}

KWT_TEST("compat semaphore K4", down_interruptible_returns_eintr_on_kthread_stop)
{
	DEFINE_SEMAPHORE(s, 0);
	struct downer d = { .s = &s, .mode = 1, .ret = 99 };
	struct task_struct *t = kthread_run(downer_fn, &d, "downer");
	KWT_ASSERT(!IS_ERR(t));
	SYNC_WAIT_UNTIL(sync_state(t) == KW_TASK_INTERRUPTIBLE &&
			sync_queued(&s.wait) == 1);
	KWT_ASSERT_EQ(kthread_stop(t), 0);
	KWT_ASSERT_EQ(d.ret, -EINTR);
	up(&s);
	KWT_ASSERT_EQ(down_trylock(&s), 0);	/* nothing was taken by the stopped one */
}

/* ---- swait.h ------------------------------------------------------------------- */

static DECLARE_SWAIT_QUEUE_HEAD(swq);
static int sw_tokens, sw_woken;

static bool sw_take(void)
{
	int c = __atomic_load_n(&sw_tokens, __ATOMIC_ACQUIRE);
	while (c > 0)
		if (__atomic_compare_exchange_n(&sw_tokens, &c, c - 1, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

static int sw_waiter(void *arg)
{
	(void)arg;
	swait_event_idle_exclusive(swq, sw_take());
	__atomic_add_fetch(&sw_woken, 1, __ATOMIC_RELEASE);
	return sync_wait_for_stop(0);
}

KWT_TEST("compat swait", swake_up_one_wakes_one_exclusive_waiter_all_wakes_the_rest)
{
	struct task_struct *t[3];
	for (int i = 0; i < 3; i++) {
		t[i] = kthread_run(sw_waiter, NULL, "sw%d", i);
		KWT_ASSERT(!IS_ERR(t[i]));
	}
	SYNC_WAIT_UNTIL(sync_queued(&swq) == 3);
	KWT_ASSERT(swait_active(&swq));
	__atomic_store_n(&sw_tokens, 1, __ATOMIC_RELEASE);
	swake_up_one(&swq);
	SYNC_WAIT_UNTIL(__atomic_load_n(&sw_woken, __ATOMIC_ACQUIRE) == 1);
	SYNC_WAIT_UNTIL(sync_queued(&swq) == 2);	/* the other two still wait */
	__atomic_store_n(&sw_tokens, 2, __ATOMIC_RELEASE);
	swake_up_all(&swq);
	SYNC_WAIT_UNTIL(__atomic_load_n(&sw_woken, __ATOMIC_ACQUIRE) == 3);
	for (int i = 0; i < 3; i++)
		KWT_ASSERT_EQ(kthread_stop(t[i]), 0);
	KWT_ASSERT(!swait_active(&swq));
}

/* ---- sched/types.h -------------------------------------------------------------- */

KWT_TEST("compat sched", sched_types_header_gives_sched_param_and_limits)
{
	struct sched_param sp = { .sched_priority = MAX_RT_PRIO / 2 };
	KWT_ASSERT_EQ(sp.sched_priority, 50);
	KWT_ASSERT_EQ(MIN_NICE, -20);
	KWT_ASSERT_EQ(MAX_NICE, 19);
}
