/*
 * test_tasklet.c - tasklets on ksoftirqd/N (rule "TASKLET": COMPAT.md's
 * tasklet item; SEMANTICS.md has no tasklet rules): run once however often
 * scheduled, softirq context, hi before normal, never on two CPUs at once,
 * disable/enable, kill waits, misuse from the tasklet's own callback.
 *
 * The test thread binds itself to a virtual CPU (the task core's cpu field,
 * as kthread_bind does) so every tasklet it schedules lands on one known
 * ksoftirqd list. Gates: a tasklet callback cannot sleep, so a gated one
 * spins on its gate; "ksoftirqd/N has looked at everything scheduled before
 * X" is observed by scheduling a sentinel X after it on the same CPU and
 * waiting for X to run (each list runs in order).
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <stdio.h>
#include <string.h>

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define INC(x) __atomic_add_fetch(&(x), 1, __ATOMIC_SEQ_CST)
#define DEC(x) __atomic_sub_fetch(&(x), 1, __ATOMIC_SEQ_CST)

static void bind_self(int cpu)
{
	__atomic_store_n(&kw__self()->cpu, cpu, __ATOMIC_RELAXED);
}

/* A probe: counts runs, records the context of the last one. */
struct probe {
	struct kw_tasklet t;
	int runs;
	int inside;		/* callbacks running right now */
	int max_inside;
	bool softirq;
	bool sched_inside;	/* kw_tasklet_is_scheduled() inside */
	bool running_inside;	/* kw_tasklet_is_running() inside */
	unsigned int cpu;
	char comm[KW_TASK_COMM_LEN];
	struct kw_task *task;	/* the thread of the last run */
	int gate;		/* 0: the first run spins until it is 1 */
	bool gated;
	int order_slot;
	int reschedule;		/* schedule itself again this many times */
};

static int order[8];
static int order_len;

static void probe_cb(struct kw_tasklet *t)
{
	struct probe *p = kw_from_tasklet(p, t, t);
	int in = INC(p->inside);
	if (in > LOAD(p->max_inside))
		STORE(p->max_inside, in);
	STORE(p->softirq, kw_in_softirq() && kw_in_serving_softirq());
	STORE(p->sched_inside, kw_tasklet_is_scheduled(t));
	STORE(p->running_inside, kw_tasklet_is_running(t));
	STORE(p->cpu, kw_smp_processor_id());
	kw_get_task_comm(p->comm, sizeof(p->comm), kw_current());
	STORE(p->task, kw_current());
	if (p->gated && LOAD(p->runs) == 0)
		while (!LOAD(p->gate))
			sched_yield();
	if (p->order_slot)
		order[INC(order_len) - 1] = p->order_slot;
	DEC(p->inside);
	if (p->reschedule && p->reschedule-- > 0)
		kw_tasklet_schedule(t);
	INC(p->runs);
}

static void probe_init(struct probe *p)
{
	memset(p, 0, sizeof(*p));
	kw_tasklet_setup(&p->t, probe_cb);
}

/* Starts p gated: it runs on ksoftirqd/0 and spins there until p->gate is 1. */
static void probe_run_gated(struct probe *p)
{
	probe_init(p);
	p->gated = true;
	bind_self(0);
	kw_tasklet_schedule(&p->t);
	SYNC_WAIT_UNTIL(LOAD(p->inside) == 1);
}

/* Schedule a fresh sentinel on this CPU and wait until it ran. */
static void drain_cpu(void)
{
	struct probe s;
	probe_init(&s);
	kw_tasklet_schedule(&s.t);
	SYNC_WAIT_UNTIL(LOAD(s.runs) == 1);
	kw_tasklet_kill(&s.t);
}

/* ---- running ---------------------------------------------------------------- */

KWT_TEST("TASKLET", runs_once_in_softirq_on_ksoftirqd_of_its_cpu)
{
	static struct probe p;
	probe_init(&p);
	bind_self(0);
	KWT_ASSERT(!kw_tasklet_is_scheduled(&p.t));
	kw_tasklet_schedule(&p.t);
	SYNC_WAIT_UNTIL(LOAD(p.runs) == 1);
	drain_cpu();
	KWT_ASSERT_EQ(LOAD(p.runs), 1);
	KWT_ASSERT(p.softirq);
	KWT_ASSERT(!p.sched_inside);
	KWT_ASSERT(p.running_inside);
	KWT_ASSERT_EQ(p.cpu, 0u);
	KWT_ASSERT_STREQ(p.comm, "ksoftirqd/0");
	KWT_ASSERT(!kw_tasklet_is_scheduled(&p.t));
	KWT_ASSERT(!kw_tasklet_is_running(&p.t));
	KWT_ASSERT(!kw_in_softirq());
}

KWT_TEST("TASKLET", scheduled_many_times_before_it_runs_runs_once)
{
	static struct probe g, p;
	probe_init(&g);
	probe_init(&p);
	g.gated = true;
	bind_self(0);
	kw_tasklet_schedule(&g.t);
	SYNC_WAIT_UNTIL(LOAD(g.inside) == 1);	/* ksoftirqd/0 is held */
	for (int i = 0; i < 5; i++)
		kw_tasklet_schedule(&p.t);
	KWT_ASSERT(kw_tasklet_is_scheduled(&p.t));
	KWT_ASSERT_EQ(LOAD(p.runs), 0);
	STORE(g.gate, 1);
	drain_cpu();
	KWT_ASSERT_EQ(LOAD(p.runs), 1);
	KWT_ASSERT_EQ(LOAD(g.runs), 1);
}

KWT_TEST("TASKLET", hi_tasklets_run_before_normal_ones_each_in_order)
{
	static struct probe g, n1, n2, h1, h2;
	probe_init(&g);
	probe_init(&n1);
	probe_init(&n2);
	probe_init(&h1);
	probe_init(&h2);
	g.gated = true;
	n1.order_slot = 1;
	n2.order_slot = 2;
	h1.order_slot = 3;
	h2.order_slot = 4;
	bind_self(0);
	kw_tasklet_schedule(&g.t);
	SYNC_WAIT_UNTIL(LOAD(g.inside) == 1);
	kw_tasklet_schedule(&n1.t);
	kw_tasklet_schedule(&n2.t);
	kw_tasklet_hi_schedule(&h1.t);
	kw_tasklet_hi_schedule(&h2.t);
	STORE(g.gate, 1);
	drain_cpu();
	KWT_ASSERT_EQ(LOAD(order_len), 4);
	KWT_ASSERT_EQ(order[0], 3);
	KWT_ASSERT_EQ(order[1], 4);
	KWT_ASSERT_EQ(order[2], 1);
	KWT_ASSERT_EQ(order[3], 2);
}

KWT_TEST("TASKLET", callback_may_schedule_its_own_tasklet_again)
{
	static struct probe p;
	probe_init(&p);
	p.reschedule = 3;
	bind_self(0);
	kw_tasklet_schedule(&p.t);
	SYNC_WAIT_UNTIL(LOAD(p.runs) == 4);
	drain_cpu();
	KWT_ASSERT_EQ(LOAD(p.runs), 4);
}

KWT_TEST("TASKLET", never_runs_on_two_cpus_at_once)
{
	static struct probe p;
	if (kw_nr_cpu_ids() < 2) {
		printf("# skipped: needs 2 virtual CPUs (KWORK_NR_CPUS)\n");
		return;
	}
	probe_run_gated(&p);
	bind_self(1);
	kw_tasklet_schedule(&p.t);		/* scheduled again, on CPU 1 */
	KWT_ASSERT(kw_tasklet_is_scheduled(&p.t));
	drain_cpu();				/* ksoftirqd/1 looked at it */
	KWT_ASSERT_EQ(LOAD(p.runs), 0);
	KWT_ASSERT_EQ(LOAD(p.max_inside), 1);
	KWT_ASSERT(kw_tasklet_is_scheduled(&p.t));
	STORE(p.gate, 1);
	SYNC_WAIT_UNTIL(LOAD(p.runs) == 2);	/* then it runs on CPU 1 */
	KWT_ASSERT_EQ(LOAD(p.max_inside), 1);
	KWT_ASSERT_EQ(p.cpu, 1u);
	KWT_ASSERT_STREQ(p.comm, "ksoftirqd/1");
}

static struct probe timer_probe;
static void timer_schedules_tasklet(struct kw_timer *t)
{
	(void)t;
	kw_tasklet_hi_schedule(&timer_probe.t);
}

KWT_TEST("TASKLET", runs_when_scheduled_from_a_timer_callback_or_unbound_thread)
{
	static struct kw_timer timer;
	struct probe *p = &timer_probe;
	probe_init(p);
	kw_timer_setup(&timer, timer_schedules_tasklet, 0);
	kw_mod_timer(&timer, kw_jiffies() + 1);
	SYNC_WAIT_UNTIL(LOAD(p->runs) == 1);
	KWT_ASSERT(p->softirq);
	kw_tasklet_schedule(&p->t);	/* an unbound thread: its current CPU */
	SYNC_WAIT_UNTIL(LOAD(p->runs) == 2);
	char want[KW_TASK_COMM_LEN];
	snprintf(want, sizeof(want), "ksoftirqd/%u", p->cpu);
	KWT_ASSERT_STREQ(p->comm, want);
	kw_timer_delete_sync(&timer);
}

/* ---- the old interface ------------------------------------------------------ */

static unsigned long old_data;
static int old_runs;

static void old_fn(unsigned long data)
{
	STORE(old_data, data);
	INC(old_runs);
}

KWT_TEST("TASKLET", tasklet_init_passes_data_to_the_old_func)
{
	static struct kw_tasklet t;
	static struct kw_tasklet d = KW_TASKLET_INIT_OLD(old_fn, 77, 0);
	kw_tasklet_init(&t, old_fn, 0x1234);
	kw_tasklet_schedule(&t);
	SYNC_WAIT_UNTIL(LOAD(old_runs) == 1);
	KWT_ASSERT_EQ(LOAD(old_data), 0x1234ul);
	kw_tasklet_schedule(&d);
	SYNC_WAIT_UNTIL(LOAD(old_runs) == 2);
	KWT_ASSERT_EQ(LOAD(old_data), 77ul);
}

/* ---- disable / enable -------------------------------------------------------- */

KWT_TEST("TASKLET", disabled_tasklet_stays_scheduled_until_enabled)
{
	static struct probe p;
	probe_init(&p);
	bind_self(0);
	kw_tasklet_disable(&p.t);
	kw_tasklet_disable(&p.t);
	kw_tasklet_schedule(&p.t);
	drain_cpu();
	KWT_ASSERT_EQ(LOAD(p.runs), 0);
	KWT_ASSERT(kw_tasklet_is_scheduled(&p.t));
	KWT_ASSERT(!kw_tasklet_enable(&p.t));	/* still disabled once */
	drain_cpu();
	KWT_ASSERT_EQ(LOAD(p.runs), 0);
	KWT_ASSERT(kw_tasklet_enable(&p.t));
	SYNC_WAIT_UNTIL(LOAD(p.runs) == 1);
	drain_cpu();
	KWT_ASSERT_EQ(LOAD(p.runs), 1);
	KWT_ASSERT(!kw_tasklet_is_scheduled(&p.t));
}

KWT_TEST("TASKLET", disabled_tasklets_leave_ksoftirqd_asleep)
{
	static struct probe a, b, s;
	probe_init(&a);
	probe_init(&b);
	probe_init(&s);
	bind_self(0);
	kw_tasklet_disable(&a.t);
	kw_tasklet_disable(&b.t);
	kw_tasklet_schedule(&a.t);
	kw_tasklet_schedule(&b.t);
	kw_tasklet_schedule(&s.t);
	SYNC_WAIT_UNTIL(LOAD(s.runs) == 1);
	/* Nothing runnable is left: ksoftirqd/0 must go to sleep, not spin. */
	SYNC_WAIT_UNTIL(sync_sleeping_in(LOAD(s.task), "smpboot_thread_fn"));
	KWT_ASSERT_EQ(LOAD(a.runs) + LOAD(b.runs), 0);
	kw_tasklet_enable(&a.t);
	kw_tasklet_enable(&b.t);
	SYNC_WAIT_UNTIL(LOAD(a.runs) == 1 && LOAD(b.runs) == 1);
}

static int static_runs;
static void static_cb(struct kw_tasklet *t)
{
	(void)t;
	INC(static_runs);
}

KWT_TEST("TASKLET", declared_disabled_runs_only_after_enable)
{
	static struct kw_tasklet t = KW_TASKLET_INIT(static_cb, 1);
	bind_self(0);
	kw_tasklet_schedule(&t);
	drain_cpu();
	KWT_ASSERT_EQ(LOAD(static_runs), 0);
	kw_tasklet_enable(&t);
	SYNC_WAIT_UNTIL(LOAD(static_runs) == 1);
	kw_tasklet_kill(&t);
	KWT_ASSERT(!kw_tasklet_is_scheduled(&t));
}

/* A helper thread that calls op(t) and records what it saw on return. */
struct caller {
	pthread_t thread;
	struct kw_task *task;
	void (*op)(struct kw_tasklet *);
	struct probe *p;
	int done;
	int runs_at_return;
	bool running_at_return;
	bool sched_at_return;
};

static void *caller_fn(void *arg)
{
	struct caller *c = arg;
	STORE(c->task, kw_current());
	c->op(&c->p->t);
	STORE(c->runs_at_return, LOAD(c->p->runs));
	STORE(c->running_at_return, kw_tasklet_is_running(&c->p->t));
	STORE(c->sched_at_return, kw_tasklet_is_scheduled(&c->p->t));
	STORE(c->done, 1);
	return NULL;
}

static void caller_start(struct caller *c, struct probe *p,
			 void (*op)(struct kw_tasklet *))
{
	memset(c, 0, sizeof(*c));
	c->p = p;
	c->op = op;
	KWT_ASSERT_EQ(pthread_create(&c->thread, NULL, caller_fn, c), 0);
	SYNC_WAIT_UNTIL(sync_task(&c->task) && sync_sleeping_in(c->task, "wait_event"));
}

KWT_TEST("TASKLET", disable_waits_for_the_running_callback)
{
	static struct probe p;
	static struct caller c;
	probe_run_gated(&p);
	caller_start(&c, &p, kw_tasklet_disable);
	KWT_ASSERT(!LOAD(c.done));
	STORE(p.gate, 1);
	pthread_join(c.thread, NULL);
	KWT_ASSERT(!c.running_at_return);
	KWT_ASSERT_EQ(c.runs_at_return, 1);
	kw_tasklet_enable(&p.t);
}

static struct probe atomic_probe;
static int atomic_phase;	/* 1: timer callback entered, 2: returned */
static bool atomic_saw_running;

static void disable_in_timer(struct kw_timer *timer)
{
	(void)timer;
	STORE(atomic_phase, 1);
	kw_tasklet_disable_in_atomic(&atomic_probe.t);	/* spins: softirq */
	STORE(atomic_saw_running, kw_tasklet_is_running(&atomic_probe.t));
	STORE(atomic_phase, 2);
}

KWT_TEST("TASKLET", disable_in_atomic_spins_until_the_run_ends)
{
	static struct kw_timer timer;
	struct probe *p = &atomic_probe;
	probe_run_gated(p);
	kw_timer_setup(&timer, disable_in_timer, 0);
	kw_mod_timer(&timer, kw_jiffies());
	SYNC_WAIT_UNTIL(LOAD(atomic_phase) == 1);
	KWT_ASSERT(LOAD(atomic_phase) == 1);	/* still spinning: p runs */
	STORE(p->gate, 1);
	SYNC_WAIT_UNTIL(LOAD(atomic_phase) == 2);
	KWT_ASSERT(!LOAD(atomic_saw_running));
	KWT_ASSERT_EQ(LOAD(p->runs), 1);
	kw_tasklet_enable(&p->t);
	kw_timer_delete_sync(&timer);
}

KWT_TEST("TASKLET", kill_waits_until_neither_scheduled_nor_running)
{
	static struct probe p;
	static struct caller c;
	probe_run_gated(&p);
	kw_tasklet_schedule(&p.t);		/* scheduled again while running */
	caller_start(&c, &p, kw_tasklet_kill);
	KWT_ASSERT(!LOAD(c.done));
	STORE(p.gate, 1);
	pthread_join(c.thread, NULL);
	KWT_ASSERT_EQ(c.runs_at_return, 2);	/* the pending run happened first */
	KWT_ASSERT(!c.running_at_return);
	KWT_ASSERT(!c.sched_at_return);
	/* Killed is not dead: it can be scheduled again. */
	kw_tasklet_schedule(&p.t);
	SYNC_WAIT_UNTIL(LOAD(p.runs) == 3);
}

KWT_TEST("TASKLET", kill_of_an_idle_tasklet_returns_at_once)
{
	static struct probe p;
	probe_init(&p);
	kw_tasklet_kill(&p.t);
	KWT_ASSERT(!kw_tasklet_is_scheduled(&p.t));
	KWT_ASSERT_EQ(LOAD(p.runs), 0);
}

/* ---- misuse and lifetime -------------------------------------------------------- */

static int self_kill_done;
static void self_kill_cb(struct kw_tasklet *t)
{
	kw_tasklet_kill(t);
	STORE(self_kill_done, 1);
}

KWT_TEST("TASKLET", kill_from_its_own_callback_warns_and_returns)
{
	static struct kw_tasklet t;
	kw_tasklet_setup(&t, self_kill_cb);
	kwt_log_reset();
	KWT_EXPECT_WARN({
		kw_tasklet_schedule(&t);
		SYNC_WAIT_UNTIL(LOAD(self_kill_done));
	}, "would wait for itself");
	KWT_ASSERT(kwt_log_contains("Attempt to kill tasklet from interrupt"));
}

static int sleep_runs;
static void sleeping_cb(struct kw_tasklet *t)
{
	(void)t;
	kw_might_sleep();
	INC(sleep_runs);
}

KWT_TEST("TASKLET", sleeping_in_a_callback_warns)
{
	static struct kw_tasklet t;
	kw_tasklet_setup(&t, sleeping_cb);
	KWT_EXPECT_WARN({
		kw_tasklet_schedule(&t);
		SYNC_WAIT_UNTIL(LOAD(sleep_runs) == 1);
	}, "sleeping function called from invalid context");
}

KWT_TEST("TASKLET", local_bh_disable_makes_the_caller_atomic)
{
	KWT_ASSERT(!kw_in_softirq());
	kw_local_bh_disable();
	KWT_ASSERT(kw_in_softirq());
	KWT_ASSERT(!kw_in_serving_softirq());	/* still task context */
	KWT_ASSERT(kw_preempt_count() != 0);
	KWT_EXPECT_WARN(kw_might_sleep(), "sleeping function called from invalid context");
	kw_local_bh_enable();
	KWT_ASSERT(!kw_in_softirq());
	KWT_EXPECT_WARN(kw_local_bh_enable(), "");
}
