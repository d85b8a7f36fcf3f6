/*
 * test_timer.c - timer_list on the wheel: T1..T9, the wheel's levels and
 * capacity, a million armed timers, round_jiffies.
 *
 * Gates: a test-local one on the task core (the waiter sleeps in
 * kw_schedule(), the opener wakes it). A gated timer callback cannot sleep
 * (softirq context), so it spins on its gate instead.
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <pthread.h>
#include <sched.h>

/* ---- helpers ---------------------------------------------------------------- */

struct gate {
	int open;
	struct kw_task *waiter;
};

static void gate_open(struct gate *g)
{
	__atomic_store_n(&g->open, 1, __ATOMIC_SEQ_CST);
	struct kw_task *w = __atomic_load_n(&g->waiter, __ATOMIC_SEQ_CST);
	if (w)
		kw_wake_up_process(w);
}

/* Sleep (task context) until the gate opens. */
static void gate_wait(struct gate *g)
{
	__atomic_store_n(&g->waiter, kw_current(), __ATOMIC_SEQ_CST);
	for (;;) {
		kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
		if (__atomic_load_n(&g->open, __ATOMIC_SEQ_CST))
			break;
		kw_schedule();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
}

/* Spin (callback context: no sleeping) until the gate opens. */
static void gate_spin(struct gate *g)
{
	while (!__atomic_load_n(&g->open, __ATOMIC_SEQ_CST))
		sched_yield();
}

static bool task_sleeps_uninterruptible(struct kw_task *t)
{
	unsigned int st = __atomic_load_n(&t->__state, __ATOMIC_SEQ_CST);
	return (st & 0x7fffffffu) == KW_TASK_UNINTERRUPTIBLE;
}

/* Wait until task t (published in *tp) sleeps uninterruptibly. */
static void wait_until_sleeping(struct kw_task **tp)
{
	struct kw_task *t;
	while (!(t = __atomic_load_n(tp, __ATOMIC_SEQ_CST)))
		sched_yield();
	while (!task_sleeps_uninterruptible(t))
		sched_yield();
}

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

/* ---- T1: fires once, not early, in softirq, not pending inside, re-arm ---- */

struct t1_run {
	unsigned long jiffies;
	int64_t ns;
	bool softirq;
	bool pending;
};

static struct kw_timer t1_timer;
static unsigned long t1_expires[2];
static struct t1_run t1_runs[2];
static int t1_count;
static struct gate t1_done;

static void t1_fn(struct kw_timer *t)
{
	int n = LOAD(t1_count);
	KWT_ASSERT(t == &t1_timer);
	if (n < 2) {
		t1_runs[n].jiffies = kw_jiffies();
		t1_runs[n].ns = kw_ktime_get_ns();
		t1_runs[n].softirq = kw_in_softirq();
		t1_runs[n].pending = kw_timer_pending(t);
	}
	STORE(t1_count, n + 1);
	if (n == 0) {
		/* Non-sleeping context: schedule() complains and returns. */
		kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
		KWT_EXPECT_WARN(kw_schedule(), "scheduling while atomic");
		t1_expires[1] = kw_jiffies() + 3;
		KWT_ASSERT_EQ(kw_mod_timer(t, t1_expires[1]), 0);
		KWT_ASSERT(kw_timer_pending(t));
	} else {
		gate_open(&t1_done);
	}
}

KWT_TEST("T1", timer_fires_once_not_early_in_softirq_and_may_rearm)
{
	kw_timer_setup(&t1_timer, t1_fn, 0);
	/* 50 jiffies out (50 ms at the default HZ=1000; still wheel level 0,
	 * as the checks below need): the pending check must come first even
	 * when this thread is descheduled for a while (helgrind, loaded CI). */
	t1_expires[0] = kw_jiffies() + 50;
	KWT_ASSERT_EQ(kw_mod_timer(&t1_timer, t1_expires[0]), 0);
	KWT_ASSERT(kw_timer_pending(&t1_timer));
	KWT_ASSERT_EQ(kw_timers_armed(), 1);
	gate_wait(&t1_done);

	KWT_ASSERT_EQ(LOAD(t1_count), 2);
	for (int i = 0; i < 2; i++) {
		KWT_ASSERT(kw_time_after_eq(t1_runs[i].jiffies, t1_expires[i]));
		KWT_ASSERT(t1_runs[i].ns >= kw_jiffies_to_ktime_ns(t1_expires[i]));
		KWT_ASSERT(t1_runs[i].softirq);
		KWT_ASSERT(!t1_runs[i].pending);
	}
	/* At level 0 a timer fires once jiffies passed expires. */
	KWT_ASSERT(kw_time_after(t1_runs[0].jiffies, t1_expires[0]));
	KWT_ASSERT(!kw_in_softirq());
	KWT_ASSERT(!kw_timer_pending(&t1_timer));
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
	KWT_ASSERT_EQ(kw_timer_delete_sync(&t1_timer), 0);
	KWT_ASSERT_EQ(LOAD(t1_count), 2);
}

/* A timer per wheel level (and one already due): none fires early. */
#define NLEVEL 6
static struct kw_timer lvl_timers[NLEVEL];
static unsigned long lvl_fired_at[NLEVEL];
static int64_t lvl_fired_ns[NLEVEL];
static int lvl_left = NLEVEL;
static struct gate lvl_done;

static void lvl_fn(struct kw_timer *t)
{
	int i = (int)(t - lvl_timers);
	lvl_fired_at[i] = kw_jiffies();
	lvl_fired_ns[i] = kw_ktime_get_ns();
	if (__atomic_sub_fetch(&lvl_left, 1, __ATOMIC_SEQ_CST) == 0)
		gate_open(&lvl_done);
}

KWT_TEST("T1", timers_on_every_level_fire_not_early)
{
	/* Level 0, 0, 1 (>= 63), 1, 2 (>= 504), and one in the past. */
	static const long delay[NLEVEL] = { 0, 1, 63, 200, 530, -5 };
	unsigned long expires[NLEVEL];
	unsigned long now = kw_jiffies();
	for (int i = 0; i < NLEVEL; i++) {
		kw_timer_setup(&lvl_timers[i], lvl_fn, 0);
		expires[i] = now + (unsigned long)delay[i];
		lvl_timers[i].expires = expires[i];
		kw_add_timer(&lvl_timers[i]);
	}
	gate_wait(&lvl_done);
	for (int i = 0; i < NLEVEL; i++) {
		KWT_ASSERT(kw_time_after_eq(lvl_fired_at[i], expires[i]));
		KWT_ASSERT(lvl_fired_ns[i] >= kw_jiffies_to_ktime_ns(expires[i]));
	}
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
}

/* ---- T2..T6 -------------------------------------------------------------------- */

static int never_count;

static void never_fn(struct kw_timer *t)
{
	__atomic_fetch_add(&never_count, 1, __ATOMIC_SEQ_CST);
}

/* Far enough out that no test ever sees it fire. */
#define FAR 1000000UL

KWT_TEST("T2", mod_timer_returns_whether_it_was_armed)
{
	struct kw_timer t;
	kw_timer_setup(&t, never_fn, 0);
	unsigned long j = kw_jiffies();
	KWT_ASSERT_EQ(kw_mod_timer(&t, j + FAR), 0);
	KWT_ASSERT(kw_timer_pending(&t));
	KWT_ASSERT_EQ(kw_mod_timer(&t, j + FAR), 1);		/* unchanged */
	KWT_ASSERT_EQ(t.expires, j + FAR);
	KWT_ASSERT_EQ(kw_mod_timer(&t, j + FAR + 1), 1);	/* same bucket */
	KWT_ASSERT_EQ(t.expires, j + FAR + 1);
	KWT_ASSERT_EQ(kw_mod_timer(&t, j + 2 * FAR), 1);	/* another bucket */
	KWT_ASSERT_EQ(t.expires, j + 2 * FAR);
	KWT_ASSERT_EQ(kw_mod_timer(&t, j + 100), 1);		/* another level */
	KWT_ASSERT_EQ(kw_timers_armed(), 1);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	KWT_ASSERT_EQ(kw_mod_timer(&t, j + FAR), 0);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
	KWT_ASSERT_EQ(LOAD(never_count), 0);
}

KWT_TEST("T3", mod_timer_pending_does_not_arm_an_idle_timer)
{
	struct kw_timer t;
	kw_timer_setup(&t, never_fn, 0);
	unsigned long j = kw_jiffies();
	KWT_ASSERT_EQ(kw_mod_timer_pending(&t, j + FAR), 0);
	KWT_ASSERT(!kw_timer_pending(&t));
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
	KWT_ASSERT_EQ(kw_mod_timer(&t, j + FAR), 0);
	KWT_ASSERT_EQ(kw_mod_timer_pending(&t, j + 2 * FAR), 1);
	KWT_ASSERT(kw_timer_pending(&t));
	KWT_ASSERT_EQ(t.expires, j + 2 * FAR);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
}

KWT_TEST("T4", timer_reduce_never_moves_an_armed_timer_later)
{
	struct kw_timer t;
	kw_timer_setup(&t, never_fn, 0);
	unsigned long j = kw_jiffies();
	KWT_ASSERT_EQ(kw_timer_reduce(&t, j + 2 * FAR), 0);	/* idle: arms */
	KWT_ASSERT(kw_timer_pending(&t));
	KWT_ASSERT_EQ(kw_timer_reduce(&t, j + 3 * FAR), 1);
	KWT_ASSERT_EQ(t.expires, j + 2 * FAR);
	KWT_ASSERT_EQ(kw_timer_reduce(&t, j + 2 * FAR - 1), 1);	/* same bucket */
	KWT_ASSERT_EQ(t.expires, j + 2 * FAR - 1);
	KWT_ASSERT_EQ(kw_timer_reduce(&t, j + FAR), 1);
	KWT_ASSERT_EQ(t.expires, j + FAR);
	KWT_ASSERT_EQ(kw_timer_reduce(&t, j + FAR + 5), 1);
	KWT_ASSERT_EQ(t.expires, j + FAR);
	KWT_ASSERT_EQ(kw_timers_armed(), 1);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
}

KWT_TEST("T5", add_timer_on_an_armed_timer_warns_and_changes_nothing)
{
	struct kw_timer t;
	kw_timer_setup(&t, never_fn, 0);
	unsigned long j = kw_jiffies();
	t.expires = j + FAR;
	kw_add_timer(&t);
	KWT_ASSERT(kw_timer_pending(&t));
	KWT_EXPECT_WARN(kw_add_timer(&t), "already pending");
	KWT_EXPECT_WARN(kw_add_timer_on(&t, 0), "already pending");
	KWT_ASSERT_EQ(t.expires, j + FAR);
	KWT_ASSERT_EQ(kw_timers_armed(), 1);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
	/* add_timer_on records the cpu; add_timer_local pins. */
	kw_add_timer_on(&t, 0);
	KWT_ASSERT_EQ(t.flags & KW_TIMER_CPUMASK, 0);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	kw_add_timer_local(&t);
	KWT_ASSERT(t.flags & KW_TIMER_PINNED);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	kw_add_timer_global(&t);
	KWT_ASSERT(!(t.flags & KW_TIMER_PINNED));
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	KWT_EXPECT_WARN(kw_add_timer_on(&t, -1), "not online");
	KWT_ASSERT(kw_timer_pending(&t));	/* the work is not lost */
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	KWT_ASSERT_EQ(LOAD(never_count), 0);
}

/* A callback held on a gate, for T6..T8. */
static struct kw_timer held_timer;
static struct gate held_entered, held_release;
static int held_done;
static int held_rearm_ret = -2;
static bool held_rearm;

static void held_fn(struct kw_timer *t)
{
	gate_open(&held_entered);
	gate_spin(&held_release);
	if (held_rearm)
		STORE(held_rearm_ret, kw_mod_timer(t, kw_jiffies() + 1));
	STORE(held_done, 1);
}

static void start_held(void)
{
	kw_timer_setup(&held_timer, held_fn, 0);
	kw_mod_timer(&held_timer, kw_jiffies() + 1);
	gate_wait(&held_entered);
}

KWT_TEST("T6", timer_delete_returns_whether_it_disarmed_and_never_waits)
{
	struct kw_timer t;
	kw_timer_setup(&t, never_fn, 0);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 0);
	kw_mod_timer(&t, kw_jiffies() + FAR);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	KWT_ASSERT(!kw_timer_pending(&t));
	KWT_ASSERT_EQ(kw_timer_delete(&t), 0);

	/* Returns while the callback is held: it does not wait. */
	start_held();
	KWT_ASSERT_EQ(kw_timer_delete(&held_timer), 0);
	KWT_ASSERT_EQ(LOAD(held_done), 0);
	gate_open(&held_release);
	KWT_ASSERT_EQ(kw_timer_delete_sync(&held_timer), 0);
	KWT_ASSERT_EQ(LOAD(held_done), 1);
}

/* A thread that runs a delete/shutdown _sync and notes what it saw after. */
static struct kw_task *syncer_task;
static int syncer_returned;
static int syncer_done_at_return;
static int syncer_ret = -2;
static bool syncer_shutdown;

static void *syncer(void *arg)
{
	STORE(syncer_task, kw_current());
	int ret = syncer_shutdown ? kw_timer_shutdown_sync(&held_timer)
				  : kw_timer_delete_sync(&held_timer);
	STORE(syncer_done_at_return, LOAD(held_done));
	STORE(syncer_ret, ret);
	STORE(syncer_returned, 1);
	return NULL;
}

KWT_TEST("T7", timer_delete_sync_waits_for_the_running_callback)
{
	pthread_t th;
	start_held();
	KWT_ASSERT_EQ(kw_timer_delete_sync_try(&held_timer), -1);
	pthread_create(&th, NULL, syncer, NULL);
	wait_until_sleeping(&syncer_task);	/* asleep in delete_sync */
	KWT_ASSERT_EQ(LOAD(syncer_returned), 0);
	KWT_ASSERT_EQ(LOAD(held_done), 0);
	gate_open(&held_release);
	pthread_join(th, NULL);
	KWT_ASSERT_EQ(LOAD(syncer_returned), 1);
	KWT_ASSERT_EQ(LOAD(syncer_done_at_return), 1);
	KWT_ASSERT_EQ(LOAD(syncer_ret), 0);
	KWT_ASSERT_EQ(kw_timer_delete_sync_try(&held_timer), 0);
}

static struct kw_timer self_timer;
static int self_ret = -2;
static struct gate self_done;

static void self_fn(struct kw_timer *t)
{
	kw_mod_timer(t, kw_jiffies() + FAR);	/* re-armed, then deleted */
	KWT_EXPECT_WARN(STORE(self_ret, kw_timer_delete_sync(t)),
			"called from the callback");
	gate_open(&self_done);
}

KWT_TEST("T7", timer_delete_sync_from_own_callback_warns_and_returns)
{
	/* Divergence: the kernel spins forever here. */
	kw_timer_setup(&self_timer, self_fn, 0);
	kw_mod_timer(&self_timer, kw_jiffies() + 1);
	gate_wait(&self_done);
	KWT_ASSERT_EQ(LOAD(self_ret), 1);
	KWT_ASSERT(!kw_timer_pending(&self_timer));
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
}

static void *open_release(void *arg)
{
	gate_open(&held_release);
	return NULL;
}

KWT_TEST("T7", timer_delete_sync_under_a_spinlock_spins_without_warning)
{
	pthread_t th;
	kw_spinlock_t l = KW_SPINLOCK_INIT;
	start_held();
	/* Release the callback from another thread while we spin. */
	pthread_create(&th, NULL, open_release, NULL);
	kw_spin_lock(&l);
	KWT_ASSERT_EQ(kw_timer_delete_sync(&held_timer), 0);
	KWT_ASSERT_EQ(LOAD(held_done), 1);
	kw_spin_unlock(&l);
	pthread_join(th, NULL);
}

KWT_TEST("T8", shut_down_timer_ignores_later_arms_until_setup)
{
	struct kw_timer t;
	kw_timer_setup(&t, never_fn, 0);
	unsigned long j = kw_jiffies();
	kw_mod_timer(&t, j + FAR);
	KWT_ASSERT_EQ(kw_timer_shutdown(&t), 1);
	KWT_ASSERT(t.function == NULL);
	KWT_ASSERT_EQ(kw_mod_timer(&t, j + FAR), 0);
	KWT_ASSERT(!kw_timer_pending(&t));
	t.expires = j + FAR;
	kw_add_timer(&t);			/* silently ignored */
	kw_add_timer_on(&t, 0);
	KWT_ASSERT_EQ(kw_timer_reduce(&t, j + FAR), 0);
	KWT_ASSERT(!kw_timer_pending(&t));
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
	KWT_ASSERT_EQ(kw_timer_shutdown(&t), 0);
	KWT_ASSERT_EQ(kw_timer_shutdown_sync(&t), 0);
	kw_timer_setup(&t, never_fn, 0);
	KWT_ASSERT_EQ(kw_mod_timer(&t, j + FAR), 0);
	KWT_ASSERT(kw_timer_pending(&t));
	KWT_ASSERT_EQ(kw_timer_shutdown_sync(&t), 1);
	KWT_ASSERT(!kw_timer_pending(&t));
	KWT_ASSERT_EQ(LOAD(never_count), 0);
}

KWT_TEST("T8", shutdown_sync_waits_and_the_callback_cannot_rearm)
{
	pthread_t th;
	held_rearm = true;
	syncer_shutdown = true;
	start_held();
	pthread_create(&th, NULL, syncer, NULL);
	wait_until_sleeping(&syncer_task);
	KWT_ASSERT_EQ(LOAD(syncer_returned), 0);
	gate_open(&held_release);
	pthread_join(th, NULL);
	KWT_ASSERT_EQ(LOAD(syncer_done_at_return), 1);
	KWT_ASSERT_EQ(LOAD(held_rearm_ret), 0);	/* re-arm was ignored */
	KWT_ASSERT(!kw_timer_pending(&held_timer));
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
}

/* ---- T9: concurrent mod_timer --------------------------------------------------- */

#define T9_THREADS 4
#define T9_ROUNDS 20000
static struct kw_timer t9_timer;
static unsigned long t9_base;

static void *t9_modder(void *arg)
{
	unsigned long k = (unsigned long)(uintptr_t)arg;
	unsigned long x = k * 2654435761UL + 1;
	for (int i = 0; i < T9_ROUNDS; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		unsigned long exp = t9_base + FAR + ((x >> 20) % (1UL << 24));
		KWT_ASSERT(kw_mod_timer(&t9_timer, exp) >= 0);
		if ((i & 15) == 0)
			kw_timer_delete(&t9_timer);
	}
	return NULL;
}

KWT_TEST("T9", concurrent_mod_timer_keeps_one_consistent_arm)
{
	pthread_t th[T9_THREADS];
	kw_timer_setup(&t9_timer, never_fn, 0);
	t9_base = kw_jiffies();
	for (unsigned long k = 0; k < T9_THREADS; k++)
		pthread_create(&th[k], NULL, t9_modder, (void *)(uintptr_t)k);
	for (int k = 0; k < T9_THREADS; k++)
		pthread_join(th[k], NULL);
	/* Whatever the interleaving: one last mod wins, the timer is armed once. */
	KWT_ASSERT(kw_timer_pending(&t9_timer));
	KWT_ASSERT_EQ(kw_timers_armed(), 1);
	/* The later of two calls wins. */
	unsigned long j = kw_jiffies();
	KWT_ASSERT_EQ(kw_mod_timer(&t9_timer, j + FAR), 1);
	KWT_ASSERT_EQ(kw_mod_timer(&t9_timer, j + 3 * FAR), 1);
	KWT_ASSERT_EQ(t9_timer.expires, j + 3 * FAR);
	KWT_ASSERT_EQ(kw_timer_delete(&t9_timer), 1);
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
	KWT_ASSERT_EQ(LOAD(never_count), 0);
}

/* ---- the wheel at scale ----------------------------------------------------------- */

KWT_TEST("T1", a_million_armed_timers_arm_modify_and_delete)
{
	enum { N = 1000000 };
	struct kw_timer *ts = malloc(N * sizeof(*ts));
	KWT_ASSERT(ts != NULL);
	unsigned long j = kw_jiffies();
	unsigned long x = 12345;
	for (int i = 0; i < N; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		/* Every level, and past the wheel's capacity (clamped). */
		unsigned long d = FAR + ((x >> 16) % (1UL << (i % 33)));
		kw_timer_setup(&ts[i], never_fn, 0);
		KWT_ASSERT_EQ(kw_mod_timer(&ts[i], j + d), 0);
	}
	KWT_ASSERT_EQ(kw_timers_armed(), N);
	for (int i = 0; i < N; i += 2)
		KWT_ASSERT_EQ(kw_mod_timer(&ts[i], ts[i].expires + 1000), 1);
	for (int i = 0; i < N; i++)
		KWT_ASSERT_EQ(kw_timer_delete(&ts[i]), 1);
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
	KWT_ASSERT_EQ(LOAD(never_count), 0);
	free(ts);
}

KWT_TEST("T1", a_timer_beyond_the_wheel_is_accepted)
{
	struct kw_timer t;
	kw_timer_setup(&t, never_fn, 0);
	unsigned long far = kw_jiffies() + 30UL * 24 * 3600 * KW_HZ;	/* 30 days */
	KWT_ASSERT_EQ(kw_mod_timer(&t, far), 0);
	KWT_ASSERT_EQ(t.expires, far);
	KWT_ASSERT_EQ(kw_mod_timer(&t, far + 1), 1);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
}

static struct gate earlier_done;

static void earlier_fn(struct kw_timer *t)
{
	gate_open(&earlier_done);
}

KWT_TEST("T1", an_earlier_timer_wakes_the_sleeping_timer_thread)
{
	struct kw_timer late, early;
	kw_timer_setup(&late, never_fn, 0);
	kw_timer_setup(&early, earlier_fn, 0);
	kw_mod_timer(&late, kw_jiffies() + FAR);	/* thread sleeps ~17 min */
	unsigned long e = kw_jiffies() + 2;
	kw_mod_timer(&early, e);
	gate_wait(&earlier_done);
	KWT_ASSERT(kw_time_after(kw_jiffies(), e));
	KWT_ASSERT_EQ(kw_timer_delete(&late), 1);
}

static struct kw_timer on_stack_check;

KWT_TEST("T1", destroy_on_stack_of_an_armed_timer_warns_and_disarms)
{
	kw_timer_setup_on_stack(&on_stack_check, never_fn, 0);
	kw_mod_timer(&on_stack_check, kw_jiffies() + FAR);
	KWT_EXPECT_WARN(kw_timer_destroy_on_stack(&on_stack_check), "free active");
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
	kw_timer_destroy_on_stack(&on_stack_check);	/* idle: silent */
}

struct holder {
	int value;
	struct kw_timer timer;
};

KWT_TEST("T1", timer_container_of_finds_the_holder)
{
	struct holder h = { .value = 7 };
	struct holder *p = kw_timer_container_of(p, &h.timer, timer);
	KWT_ASSERT(p == &h);
}

/* Many short timers, some moved, some deleted: each fires once, never early. */
#define NSTRESS 3000
static struct kw_timer st_timers[NSTRESS];
static unsigned long st_expires[NSTRESS];	/* written before each arm */
static unsigned long st_fired_at[NSTRESS];
static int st_fired[NSTRESS];
static int st_outstanding;
static struct gate st_done;

static void st_fn(struct kw_timer *t)
{
	int i = (int)(t - st_timers);
	st_fired_at[i] = kw_jiffies();
	__atomic_fetch_add(&st_fired[i], 1, __ATOMIC_SEQ_CST);
	if (__atomic_sub_fetch(&st_outstanding, 1, __ATOMIC_SEQ_CST) == 0)
		gate_open(&st_done);
}

KWT_TEST("T1,T2,T6", wheel_stress_each_timer_fires_once_and_not_early)
{
	unsigned long x = 99;
	bool deleted[NSTRESS] = { false };
	STORE(st_outstanding, NSTRESS + 1);	/* +1: ours, dropped below */
	for (int i = 0; i < NSTRESS; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		kw_timer_setup(&st_timers[i], st_fn, 0);
		st_expires[i] = kw_jiffies() + (x >> 33) % 700;
		kw_mod_timer(&st_timers[i], st_expires[i]);
	}
	for (int i = 0; i < NSTRESS; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		switch ((x >> 40) % 4) {
		case 0:
			if (kw_timer_delete(&st_timers[i])) {
				deleted[i] = true;
				__atomic_sub_fetch(&st_outstanding, 1, __ATOMIC_SEQ_CST);
			}
			break;
		case 1: {
			/* Move it, unless it already fired (then it stays idle). */
			unsigned long e = kw_jiffies() + (x >> 20) % 300;
			unsigned long old = st_expires[i];
			st_expires[i] = e;
			if (kw_mod_timer_pending(&st_timers[i], e) == 0)
				st_expires[i] = old;
			break;
		}
		default:
			break;
		}
	}
	if (__atomic_sub_fetch(&st_outstanding, 1, __ATOMIC_SEQ_CST) != 0)
		gate_wait(&st_done);
	for (int i = 0; i < NSTRESS; i++) {
		KWT_ASSERT_EQ(LOAD(st_fired[i]), deleted[i] ? 0 : 1);
		if (!deleted[i])
			KWT_ASSERT(kw_time_after(st_fired_at[i], st_expires[i]));
	}
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
}

/* ---- round_jiffies ------------------------------------------------------------------- */

KWT_TEST("T1", round_jiffies_rounds_to_whole_seconds_with_cpu_skew)
{
	unsigned long s = (kw_jiffies() / KW_HZ + 100) * KW_HZ;	/* a whole second */
	KWT_ASSERT_EQ(kw___round_jiffies(s + 10, 0), s);
	KWT_ASSERT_EQ(kw___round_jiffies(s + KW_HZ / 4, 0), s + KW_HZ);
	KWT_ASSERT_EQ(kw___round_jiffies(s - 10, 0), s);
	KWT_ASSERT_EQ(kw___round_jiffies_up(s + 1, 0), s + KW_HZ);
	KWT_ASSERT_EQ(kw___round_jiffies_up(s, 0), s + KW_HZ);
	/* cpu 2: whole seconds minus 6 jiffies. */
	KWT_ASSERT_EQ(kw___round_jiffies(s + 10, 2), s - 6);
	KWT_ASSERT_EQ(kw___round_jiffies_up(s - 6, 2), s + KW_HZ - 6);
	/* A result in the past gives back the argument. */
	unsigned long past = kw_jiffies() - 10 * KW_HZ;
	KWT_ASSERT_EQ(kw___round_jiffies(past, 0), past);
	/* Relative forms: the rounded absolute value minus now. */
	unsigned long rel = kw___round_jiffies_relative(5 * KW_HZ, 0);
	KWT_ASSERT(rel >= 4 * KW_HZ && rel <= 6 * KW_HZ);
	rel = kw___round_jiffies_up_relative(5 * KW_HZ, 0);
	KWT_ASSERT(rel >= 5 * KW_HZ && rel <= 6 * KW_HZ);
	unsigned long r = kw_round_jiffies(s + 10);
	KWT_ASSERT(kw_time_after(r, s - 3 * KW_NR_CPUS) && kw_time_before_eq(r, s));
	r = kw_round_jiffies_up(s + 1);
	KWT_ASSERT(kw_time_after(r, s) && kw_time_before_eq(r, s + KW_HZ));
	rel = kw_round_jiffies_relative(5 * KW_HZ);
	KWT_ASSERT(rel <= 6 * KW_HZ);
	rel = kw_round_jiffies_up_relative(5 * KW_HZ);
	KWT_ASSERT(rel >= 4 * KW_HZ && rel <= 6 * KW_HZ);
}

/* ---- clauses the tests above leave out ------------------------------------------- */

struct fired {
	struct kw_timer timer;
	unsigned long at;		/* jiffies when the callback ran */
	int count;			/* atomic */
	struct kw_completion done;
};

static void fired_fn(struct kw_timer *t)
{
	struct fired *f = kw_container_of(t, struct fired, timer);
	f->at = kw_jiffies();
	__atomic_fetch_add(&f->count, 1, __ATOMIC_SEQ_CST);
	kw_complete(&f->done);
}

static void fired_init(struct fired *f)
{
	memset(f, 0, sizeof(*f));
	kw_timer_setup(&f->timer, fired_fn, 0);
	kw_init_completion(&f->done);
}

KWT_TEST("T4", timer_reduce_moves_an_armed_timer_earlier_for_real)
{
	/* Not only the field: the far-away timer now fires at the near time. */
	struct fired f;
	fired_init(&f);
	unsigned long j = kw_jiffies();
	KWT_ASSERT_EQ(kw_mod_timer(&f.timer, j + FAR), 0);
	unsigned long e = kw_jiffies() + 3;
	KWT_ASSERT_EQ(kw_timer_reduce(&f.timer, e), 1);
	KWT_ASSERT_EQ(f.timer.expires, e);
	kw_wait_for_completion(&f.done);
	KWT_ASSERT(kw_time_after_eq(f.at, e));
	KWT_ASSERT_EQ(LOAD(f.count), 1);
	KWT_ASSERT(!kw_timer_pending(&f.timer));
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
}

KWT_TEST("T4", timer_reduce_to_the_same_expiry_returns_1_and_keeps_it)
{
	struct kw_timer t;
	kw_timer_setup(&t, never_fn, 0);
	unsigned long j = kw_jiffies();
	KWT_ASSERT_EQ(kw_timer_reduce(&t, j + FAR), 0);
	KWT_ASSERT_EQ(kw_timer_reduce(&t, j + FAR), 1);
	KWT_ASSERT_EQ(t.expires, j + FAR);
	KWT_ASSERT(kw_timer_pending(&t));
	/* Disarmed, a later expiry is no longer "later": it arms. */
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	KWT_ASSERT_EQ(kw_timer_reduce(&t, j + 2 * FAR), 0);
	KWT_ASSERT_EQ(t.expires, j + 2 * FAR);
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	KWT_ASSERT_EQ(LOAD(never_count), 0);
}

KWT_TEST("T5", add_timer_on_an_armed_timer_warns_once_per_call_site)
{
	struct kw_timer t;
	kw_timer_setup(&t, never_fn, 0);
	t.expires = kw_jiffies() + FAR;
	kw_add_timer(&t);
	KWT_EXPECT_WARN(kw_add_timer(&t), "already pending");
	/* WARN_ON_ONCE: the second misuse is still refused, but silently. */
	kw_add_timer(&t);
	KWT_ASSERT_EQ(kw_timers_armed(), 1);
	KWT_ASSERT(kw_timer_pending(&t));
	KWT_ASSERT_EQ(kw_timer_delete(&t), 1);
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
}

KWT_TEST("T5", add_timer_on_an_armed_timer_keeps_its_firing_time)
{
	/* The armed far-away timer is not re-armed by the refused add. */
	struct fired f;
	fired_init(&f);
	unsigned long j = kw_jiffies();
	f.timer.expires = j + FAR;
	kw_add_timer(&f.timer);
	KWT_EXPECT_WARN(kw_add_timer(&f.timer), "already pending");
	KWT_ASSERT_EQ(f.timer.expires, j + FAR);
	KWT_ASSERT_EQ(kw_mod_timer_pending(&f.timer, j + FAR), 1);
	KWT_ASSERT_EQ(LOAD(f.count), 0);
	KWT_ASSERT_EQ(kw_timer_delete(&f.timer), 1);
}

KWT_TEST("T2", mod_timer_of_a_fired_timer_returns_0_and_fires_again)
{
	struct fired f;
	fired_init(&f);
	KWT_ASSERT_EQ(kw_mod_timer(&f.timer, kw_jiffies() + 1), 0);
	kw_wait_for_completion(&f.done);
	KWT_ASSERT_EQ(kw_timer_delete_sync(&f.timer), 0);
	/* Fired means inactive: the next mod_timer arms it anew. */
	KWT_ASSERT_EQ(kw_mod_timer(&f.timer, kw_jiffies() + 1), 0);
	kw_wait_for_completion(&f.done);
	KWT_ASSERT_EQ(kw_timer_delete_sync(&f.timer), 0);
	KWT_ASSERT_EQ(LOAD(f.count), 2);
}

KWT_TEST("T3", mod_timer_pending_of_a_fired_timer_returns_0_and_does_not_arm)
{
	struct fired f;
	fired_init(&f);
	kw_mod_timer(&f.timer, kw_jiffies() + 1);
	kw_wait_for_completion(&f.done);
	KWT_ASSERT_EQ(kw_timer_delete_sync(&f.timer), 0);
	KWT_ASSERT_EQ(kw_mod_timer_pending(&f.timer, kw_jiffies() + 1), 0);
	KWT_ASSERT(!kw_timer_pending(&f.timer));
	KWT_ASSERT_EQ(kw_timers_armed(), 0);
	KWT_ASSERT_EQ(LOAD(f.count), 1);
}

KWT_TEST("T6", timer_delete_of_a_fired_timer_returns_0)
{
	struct fired f;
	fired_init(&f);
	kw_mod_timer(&f.timer, kw_jiffies() + 1);
	kw_wait_for_completion(&f.done);
	KWT_ASSERT_EQ(kw_timer_delete_sync(&f.timer), 0);
	KWT_ASSERT_EQ(kw_timer_delete(&f.timer), 0);
	KWT_ASSERT_EQ(kw_timer_shutdown(&f.timer), 0);
}
