/*
 * test_workqueue_cm.c - concurrency management and the machinery around
 * it: one running item per CPU pool until it sleeps or hogs (W41, W42),
 * WQ_CPU_INTENSIVE (W43), unbound pools (W44, W12), the rescuer (W46), the
 * CPU-hog report, the lockup watchdog, idle reaping and worker
 * descriptions. Runs with 4 virtual CPUs (wq_test_util.h).
 *
 * "Does not start" is checked after another pool has run an item to the
 * end (settle()): the check can only miss a bug, never invent one.
 */
#include "wq_test_util.h"

#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

/* Spins without sleeping until stop is set; then optionally sleeps. */
struct spinner {
	struct kw_work work;
	int started;			/* atomic */
	int stop;			/* atomic */
	int done;			/* atomic */
	bool then_sleep;		/* block on release after the spin */
	bool bracket;			/* spin inside kw_blocking_begin/end */
	struct kw_completion release;
};

static void spinner_fn(struct kw_work *w)
{
	struct spinner *s = kw_container_of(w, struct spinner, work);
	__atomic_store_n(&s->started, 1, __ATOMIC_RELEASE);
	if (s->bracket)
		kw_blocking_begin();
	while (!wqt_load(&s->stop))
		kw_cpu_relax();
	if (s->bracket)
		kw_blocking_end();
	if (s->then_sleep)
		kw_wait_for_completion(&s->release);
	__atomic_store_n(&s->done, 1, __ATOMIC_RELEASE);
}

static void spinner_init(struct spinner *s, bool then_sleep)
{
	memset(s, 0, sizeof(*s));
	KW_INIT_WORK(&s->work, spinner_fn);
	s->then_sleep = then_sleep;
	kw_init_completion(&s->release);
}

static void spinner_stop(struct spinner *s)
{
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
}

/* Queues s on cpu's pool of wq and waits until it spins there. */
static void spinner_run_on(int cpu, struct kw_workqueue *wq, struct spinner *s)
{
	KWT_ASSERT(kw_queue_work_on(cpu, wq, &s->work));
	WQT_WAIT_FOR(wqt_load(&s->started));
}

/* Let another pool (CPU 3) run one item to the end. */
static void settle(void)
{
	struct counted c;
	counted_init(&c);
	kw_queue_work_on(3, kw_system_wq(), &c.work);
	kw_wait_for_completion(&c.ran);
	kw_flush_work(&c.work);
}

KWT_TEST("W41 W42", percpu_pool_runs_one_item_until_it_sleeps)
{
	kw_wq_set_cpu_intensive_thresh_us(0);	/* no hog detection here */
	struct kw_workqueue *wq = kw_alloc_workqueue("w41", KW_WQ_PERCPU, 0);
	struct spinner a;
	struct counted b;
	spinner_init(&a, true);
	counted_init(&b);

	spinner_run_on(1, wq, &a);
	KWT_ASSERT(kw_queue_work_on(1, wq, &b.work));
	settle();
	KWT_ASSERT_EQ(wqt_load(&b.runs), 0);		/* W41: A does not sleep */
	KWT_ASSERT_EQ(kw_work_busy(&b.work), KW_WORK_BUSY_PENDING);

	spinner_stop(&a);				/* A now sleeps on release */
	kw_wait_for_completion(&b.ran);			/* W42: B runs meanwhile */
	KWT_ASSERT_EQ(wqt_load(&a.done), 0);
	KWT_ASSERT_EQ(b.cpu, 1);
	/* B's worker is an idle one A's sleep woke (a CM wake-up) or the
	 * spare the pool was starting meanwhile: which one is timing. */
	kw_complete(&a.release);
	kw_flush_workqueue(wq);
	KWT_ASSERT_EQ(wqt_load(&a.done), 1);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W42", blocking_bracket_counts_as_sleeping)
{
	kw_wq_set_cpu_intensive_thresh_us(0);
	struct kw_workqueue *wq = kw_alloc_workqueue("w42b", KW_WQ_PERCPU, 0);
	struct spinner a;
	struct counted b;
	spinner_init(&a, false);
	a.bracket = true;	/* blocking kwork cannot see, announced */
	counted_init(&b);
	spinner_run_on(1, wq, &a);
	kw_queue_work_on(1, wq, &b.work);
	kw_wait_for_completion(&b.ran);		/* while a is "blocked" */
	KWT_ASSERT_EQ(wqt_load(&a.done), 0);
	spinner_stop(&a);
	kw_flush_workqueue(wq);
	kw_destroy_workqueue(wq);
}

/* Sleeps on release with PF_WQ_WORKER cleared: a sleep the pool cannot see. */
struct hider {
	struct kw_work work;
	struct kw_completion asleep;
	struct kw_completion release;
	struct kw_task *task;		/* the worker, published before asleep */
	unsigned int flags_after;
};

static void hider_fn(struct kw_work *w)
{
	struct hider *h = kw_container_of(w, struct hider, work);
	h->task = kw_current();
	kw_current()->flags &= ~KW_PF_WQ_WORKER;
	kw_complete(&h->asleep);
	kw_wait_for_completion(&h->release);
	kw_current()->flags |= KW_PF_WQ_WORKER;
	h->flags_after = kw_current()->flags;
}

KWT_TEST("W42", sleep_with_pf_wq_worker_cleared_wakes_no_other_worker)
{
	kw_wq_set_cpu_intensive_thresh_us(1000);	/* a hog would show in 1 ms */
	struct kw_workqueue *wq = kw_alloc_workqueue("w42hide", KW_WQ_PERCPU, 0);
	struct hider a;
	struct counted b;
	memset(&a, 0, sizeof(a));
	KW_INIT_WORK(&a.work, hider_fn);
	kw_init_completion(&a.asleep);
	kw_init_completion(&a.release);
	counted_init(&b);

	KWT_ASSERT(kw_queue_work_on(1, wq, &a.work));
	kw_wait_for_completion(&a.asleep);
	/* Gate: A's worker is blocked in its wait (B is queued after that). */
	WQT_WAIT_FOR((__atomic_load_n(&a.task->__state, __ATOMIC_ACQUIRE) & 0x7fffffffu) ==
		     KW_TASK_UNINTERRUPTIBLE);
	/* Under a slow tool A may have run past the 1 ms threshold before it
	 * blocked: then it is a hog (it no longer counts) and B may start. */
	bool flagged = wqt_stat(wq, KW_PWQ_STAT_CPU_INTENSIVE) != 0;
	KWT_ASSERT(kw_queue_work_on(1, wq, &b.work));
	if (!flagged) {
		/* Many hog-timer periods: a blocked worker is no hog (only the
		 * tick's running task is checked), so nothing lets B start. */
		kw_msleep(50);
		settle();
		KWT_ASSERT_EQ(wqt_load(&b.runs), 0);
		KWT_ASSERT_EQ(kw_work_busy(&b.work), KW_WORK_BUSY_PENDING);
		KWT_ASSERT_EQ(wqt_stat(wq, KW_PWQ_STAT_CPU_INTENSIVE), 0);
	} else {
		WQT_WAIT_FOR(wqt_load(&b.runs) == 1);	/* W41: the hog stopped counting */
	}

	kw_complete(&a.release);			/* A returns: B runs after */
	kw_wait_for_completion(&b.ran);
	kw_flush_workqueue(wq);
	KWT_ASSERT(a.flags_after & KW_PF_WQ_WORKER);
	KWT_ASSERT_EQ(b.cpu, 1);
	kw_destroy_workqueue(wq);
}

/* Stops the spinner it points at: it can only run if the spinner yields. */
struct stopper {
	struct kw_work work;
	struct spinner *target;
};

static void stopper_fn(struct kw_work *w)
{
	spinner_stop(kw_container_of(w, struct stopper, work)->target);
}

KWT_TEST("W41", cpu_hog_stops_counting_and_is_reported_with_backoff)
{
	kw_wq_set_cpu_intensive_thresh_us(1000);
	struct kw_workqueue *wq = kw_alloc_workqueue("w41hog", KW_WQ_PERCPU, 0);
	kwt_log_reset();
	for (int round = 1; round <= 7; round++) {
		struct spinner a;
		struct stopper b = { .target = &a };
		spinner_init(&a, false);
		KW_INIT_WORK(&b.work, stopper_fn);
		spinner_run_on(1, wq, &a);
		kw_queue_work_on(1, wq, &b.work);
		/* B can only stop A if A was marked CPU-intensive. */
		kw_flush_work(&a.work);
		kw_flush_work(&b.work);
		KWT_ASSERT(wqt_stat(wq, KW_PWQ_STAT_CPU_INTENSIVE) >= (uint64_t)round);
	}
	/*
	 * Reported at the 4th offence, then at 5, 7, 11 ... Counted for the
	 * spinner only: under a slow checker (valgrind) a short item such as
	 * the flush barrier can pass the 1 ms threshold too, with its own count.
	 */
	char fn[128], line[256];
	kw_symbol_name((const void *)spinner_fn, false, fn, sizeof(fn));
#define HOG_LINE(n) (snprintf(line, sizeof(line), "%s hogged CPU for >1000us %d times", fn, n), line)
	KWT_ASSERT_EQ(kwt_log_count(HOG_LINE(3)), 0);
	KWT_ASSERT_EQ(kwt_log_count(HOG_LINE(4)), 1);
	KWT_ASSERT_EQ(kwt_log_count("consider switching to WQ_UNBOUND") >= 1, 1);
	KWT_ASSERT_EQ(kwt_log_count(HOG_LINE(5)), 1);
	KWT_ASSERT_EQ(kwt_log_count(HOG_LINE(6)), 0);
	KWT_ASSERT_EQ(kwt_log_count(HOG_LINE(7)), 1);
#undef HOG_LINE
	kw_destroy_workqueue(wq);
}

KWT_TEST("W43", cpu_intensive_items_never_hold_their_pool)
{
	kw_wq_set_cpu_intensive_thresh_us(0);
	struct kw_workqueue *wqi = kw_alloc_workqueue("w43i", KW_WQ_PERCPU |
						      KW_WQ_CPU_INTENSIVE, 0);
	struct kw_workqueue *wqn = kw_alloc_workqueue("w43n", KW_WQ_PERCPU, 0);
	struct spinner s;
	struct counted c;

	/* An intensive spinner does not keep a normal item from starting. */
	spinner_init(&s, false);
	counted_init(&c);
	spinner_run_on(2, wqi, &s);
	kw_queue_work_on(2, wqn, &c.work);
	kw_wait_for_completion(&c.ran);
	KWT_ASSERT_EQ(wqt_load(&s.done), 0);
	spinner_stop(&s);
	kw_flush_work(&s.work);

	/* A normal spinner does delay an intensive item. */
	spinner_init(&s, false);
	counted_init(&c);
	spinner_run_on(2, wqn, &s);
	kw_queue_work_on(2, wqi, &c.work);
	settle();
	KWT_ASSERT_EQ(wqt_load(&c.runs), 0);
	spinner_stop(&s);
	kw_wait_for_completion(&c.ran);
	kw_flush_workqueue(wqi);
	kw_flush_workqueue(wqn);
	kw_destroy_workqueue(wqi);
	kw_destroy_workqueue(wqn);
}

KWT_TEST("W44", unbound_items_start_without_concurrency_management)
{
	kw_wq_set_cpu_intensive_thresh_us(0);
	struct kw_workqueue *wq = kw_alloc_workqueue("w44", KW_WQ_UNBOUND, 4);
	struct spinner s;
	struct counted c;
	spinner_init(&s, false);
	counted_init(&c);
	kw_queue_work(wq, &s.work);
	WQT_WAIT_FOR(wqt_load(&s.started));
	kw_queue_work(wq, &c.work);
	kw_wait_for_completion(&c.ran);		/* while s spins */
	KWT_ASSERT_EQ(wqt_load(&s.done), 0);
	KWT_ASSERT_EQ(wqt_stat(wq, KW_PWQ_STAT_CM_WAKEUP), 0);
	spinner_stop(&s);
	kw_flush_workqueue(wq);
	kw_destroy_workqueue(wq);
}

KWT_TEST("W12", unbound_max_active_is_one_system_wide_limit)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w12", KW_WQ_UNBOUND, 2);
	struct gated g[3];
	for (int i = 0; i < 3; i++) {
		gated_init(&g[i]);
		KWT_ASSERT(kw_queue_work_on(i, wq, &g[i].work));  /* three CPUs */
	}
	kw_wait_for_completion(&g[0].started);
	kw_wait_for_completion(&g[1].started);
	settle();
	KWT_ASSERT_EQ(wqt_load(&g[2].runs), 0);
	KWT_ASSERT(kw_workqueue_congested(3, wq));	/* any CPU: one limit */
	kw_complete(&g[0].release);
	kw_wait_for_completion(&g[2].started);		/* took the freed slot */
	KWT_ASSERT(!kw_workqueue_congested(0, wq));
	kw_complete(&g[1].release);
	kw_complete(&g[2].release);
	kw_flush_workqueue(wq);
	kw_destroy_workqueue(wq);
}

/* Records where it ran. */
struct witness {
	struct kw_work work;
	bool rescuer;
	char comm[KW_TASK_COMM_LEN];
	struct kw_completion ran;
};

static void witness_fn(struct kw_work *w)
{
	struct witness *x = kw_container_of(w, struct witness, work);
	x->rescuer = kw_current_is_workqueue_rescuer();
	kw_get_task_comm(x->comm, sizeof(x->comm), kw_current());
	kw_complete(&x->ran);
}

/* From now on no kworker can be made (the pools keep the ones they have). */
static void fail_every_thread_creation(void)
{
	struct kw_fault_attr every = { .nth = 1, .times = -1 };
	KWT_ASSERT_EQ(kw_fault_set(KW_FAULT_THREAD, &every), 0);
}

KWT_TEST("W46", rescuer_runs_its_wq_items_when_workers_cannot_be_made)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("w46", KW_WQ_PERCPU |
						     KW_WQ_MEM_RECLAIM, 0);
	struct kw_workqueue *other = kw_alloc_workqueue("w46o", KW_WQ_PERCPU, 0);
	fail_every_thread_creation();	/* the rescuer exists already */
	static struct counted o;	/* stays queued after the test returns */
	struct witness x;
	counted_init(&o);
	memset(&x, 0, sizeof(x));
	KW_INIT_WORK(&x.work, witness_fn);
	kw_init_completion(&x.ran);

	/* CPU 1's only worker becomes manager and cannot make a spare. */
	kw_queue_work_on(1, other, &o.work);
	kw_queue_work_on(1, wq, &x.work);
	kw_wait_for_completion(&x.ran);
	KWT_ASSERT(x.rescuer);
	KWT_ASSERT_STREQ(x.comm, "kworker/R-w46");
	KWT_ASSERT(wqt_stat(wq, KW_PWQ_STAT_MAYDAY) >= 1);
	KWT_ASSERT(wqt_stat(wq, KW_PWQ_STAT_RESCUED) >= 1);
	KWT_ASSERT_EQ(wqt_load(&o.runs), 0);	/* no rescuer: still stuck */
	KWT_ASSERT_EQ(wqt_stat(other, KW_PWQ_STAT_RESCUED), 0);
	/* The stuck pool is left as it is: the test process just exits. */
}

KWT_TEST("watchdog", lockup_report_names_the_stalled_pool)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("wdog", KW_WQ_PERCPU, 0);
	fail_every_thread_creation();
	static struct counted c;	/* stays queued after the test returns */
	counted_init(&c);
	kwt_log_reset();
	kw_wq_set_watchdog_thresh(1);
	kw_queue_work_on(2, wq, &c.work);	/* never runs: no worker */
	for (int i = 0; !kwt_log_contains("BUG: workqueue lockup - pool"); i++) {
		if (i > 30000)
			kwt_fail(__FILE__, __LINE__, "no lockup report");
		kw_msleep(1);
	}
	kw_wq_set_watchdog_thresh(0);
	/* flags=0x1: the worker is stuck as manager (POOL_MANAGER_ACTIVE). */
	KWT_ASSERT(kwt_log_contains("BUG: workqueue lockup - pool cpus=2 node=0 flags=0x1 "
				    "nice=0 stuck for "));
	KWT_ASSERT(kwt_log_contains("  pwq 4: cpus=2 node=0 flags=0x1 nice=0 active=1"));
	KWT_ASSERT(kwt_log_contains("Showing busy workqueues and worker pools:"));
	KWT_ASSERT(kwt_log_contains("workqueue wdog: flags="));
	KWT_ASSERT(kwt_log_contains("Showing backtraces of running workers in "
				    "stalled CPU-bound worker pools:"));
	KWT_ASSERT_EQ(wqt_load(&c.runs), 0);
}

KWT_TEST("watchdog", lockup_report_shows_the_running_hog)
{
	kw_wq_set_cpu_intensive_thresh_us(0);	/* the hog keeps its pool */
	struct kw_workqueue *wq = kw_alloc_workqueue("wdhog", KW_WQ_PERCPU, 0);
	struct spinner s;
	struct counted c;
	spinner_init(&s, false);
	counted_init(&c);
	kwt_log_reset();
	kw_wq_set_watchdog_thresh(1);
	spinner_run_on(1, wq, &s);
	kw_queue_work_on(1, wq, &c.work);	/* waits behind the spinner */
	for (int i = 0; !kwt_log_contains("BUG: workqueue lockup - pool"); i++) {
		if (i > 30000)
			kwt_fail(__FILE__, __LINE__, "no lockup report");
		kw_msleep(1);
	}
	kw_wq_set_watchdog_thresh(0);
	spinner_stop(&s);
	kw_wait_for_completion(&c.ran);
	KWT_ASSERT(kwt_log_contains("BUG: workqueue lockup - pool cpus=1 node=0 "
				    "flags=0x0 nice=0 stuck for "));
	KWT_ASSERT(kwt_log_contains("    in-flight: "));
	KWT_ASSERT(kwt_log_contains("pool 2:"));
	KWT_ASSERT(kwt_log_contains("  kworker/1:"));	/* the running worker */
	kw_flush_workqueue(wq);
	kw_destroy_workqueue(wq);
}

static int toucher_fn(void *arg)
{
	int cpu = *(int *)arg;
	while (!kw_kthread_should_stop()) {
		kw_wq_watchdog_touch(cpu);
		kw_msleep(10);
	}
	return 0;
}

KWT_TEST("watchdog", touched_cpu_is_not_reported)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("wdtouch", KW_WQ_PERCPU, 0);
	static struct counted c2, c3;	/* stay queued after the test */
	static int touched_cpu = 2;
	counted_init(&c2);
	counted_init(&c3);
	KWT_EXPECT_WARN(kw_wq_watchdog_touch(-1), "should be called with valid CPU");
	struct kw_task *toucher = kw_kthread_run(toucher_fn, &touched_cpu, "toucher");
	fail_every_thread_creation();
	kwt_log_reset();
	kw_wq_set_watchdog_thresh(1);
	/* Both pools stall; CPU 2's first, so untouched it would be reported
	 * no later than CPU 3's. */
	kw_queue_work_on(2, wq, &c2.work);
	kw_queue_work_on(3, wq, &c3.work);
	for (int i = 0; !kwt_log_contains("BUG: workqueue lockup - pool cpus=3 "); i++) {
		if (i > 30000)
			kwt_fail(__FILE__, __LINE__, "no lockup report");
		kw_msleep(1);
	}
	kw_wq_set_watchdog_thresh(0);
	KWT_ASSERT(!kwt_log_contains("BUG: workqueue lockup - pool cpus=2 "));
	kw_kthread_stop(toucher);
}

/* The grandchild: one stalled pool, panic at the second report. */
static void panic_child(int log_fd)
{
	dup2(log_fd, 2);
	kw_wq_set_panic_on_stall(2);
	struct kw_workqueue *wq = kw_alloc_workqueue("wdpanic", KW_WQ_PERCPU, 0);
	fail_every_thread_creation();
	static struct counted c;
	counted_init(&c);
	kw_wq_set_watchdog_thresh(1);
	kw_queue_work_on(2, wq, &c.work);
	kw_msleep(50000);	/* a bound: the BUG comes after ~2 s */
	_exit(3);
}

KWT_TEST("watchdog", panic_on_stall_is_a_bug_at_the_nth_stall)
{
	/* In a fresh process (this one has started no kwork thread yet). */
	int fds[2];
	KWT_ASSERT(pipe(fds) == 0);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		panic_child(fds[1]);
	}
	close(fds[1]);
	static char log[1 << 16];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof(log) - 1 &&
	       (n = read(fds[0], log + len, sizeof(log) - 1 - len)) > 0)
		len += (size_t)n;
	log[len] = 0;
	close(fds[0]);
	int status;
	KWT_ASSERT(waitpid(pid, &status, 0) == pid);
	KWT_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	const char *first = strstr(log, "BUG: workqueue lockup - pool cpus=2 ");
	KWT_ASSERT(first != NULL);
	const char *second = strstr(first + 1, "BUG: workqueue lockup - pool cpus=2 ");
	KWT_ASSERT(second != NULL);	/* the first stall did not panic */
	KWT_ASSERT(strstr(second, "kernel BUG at ") != NULL);
}

/* Keeps a reference on the worker that ran it. */
struct holder {
	struct kw_work work;
	struct kw_task *task;
	struct kw_completion started;
	struct kw_completion *release;
};

static void holder_fn(struct kw_work *w)
{
	struct holder *h = kw_container_of(w, struct holder, work);
	h->task = kw_current();
	kw_get_task_struct(h->task);
	kw_complete(&h->started);
	kw_wait_for_completion(h->release);
}

#define NR_HOLDERS 6

static int nr_exited(struct holder *h)
{
	int n = 0;
	for (int i = 0; i < NR_HOLDERS; i++)
		n += (__atomic_load_n(&h[i].task->flags, __ATOMIC_ACQUIRE) &
		      KW_PF_EXITING) != 0;
	return n;
}

/*
 * Run NR_HOLDERS sleeping items on wq (queued for cpu) at once, each on its
 * own worker, then let them all finish: NR_HOLDERS + 1 idle workers (the
 * holders and the manager's spare) are left for the reaper.
 */
static void run_holders(struct kw_workqueue *wq, int cpu, struct holder *h)
{
	struct kw_completion release;
	kw_init_completion(&release);
	for (int i = 0; i < NR_HOLDERS; i++) {
		KW_INIT_WORK(&h[i].work, holder_fn);
		kw_init_completion(&h[i].started);
		h[i].release = &release;
		kw_queue_work_on(cpu, wq, &h[i].work);
	}
	/* Each one sleeps, so another worker starts the next. */
	for (int i = 0; i < NR_HOLDERS; i++)
		kw_wait_for_completion(&h[i].started);
	for (int i = 0; i < NR_HOLDERS; i++)
		for (int j = 0; j < i; j++)
			KWT_ASSERT(h[i].task != h[j].task);
	kw_complete_all(&release);
	kw_flush_workqueue(wq);
}

static void put_holders(struct holder *h)
{
	for (int i = 0; i < NR_HOLDERS; i++)
		kw_put_task_struct(h[i].task);
}

KWT_TEST("reaping", surplus_idle_workers_are_reaped_two_stay)
{
	kw_wq_set_idle_timeout_ms(20);
	struct kw_workqueue *wq = kw_alloc_workqueue("reap", KW_WQ_PERCPU, 0);
	struct holder h[NR_HOLDERS];
	run_holders(wq, 1, h);
	/*
	 * All but two idle workers are reaped, oldest idle first (the cull
	 * work runs on system_unbound_wq, another pool). Which two survive
	 * depends on wake-up order, so at least NR_HOLDERS - 2 holders exit
	 * and at least one of them stays.
	 */
	WQT_WAIT_FOR(nr_exited(h) >= NR_HOLDERS - 2);
	KWT_ASSERT(nr_exited(h) <= NR_HOLDERS - 1);
	put_holders(h);
	kw_destroy_workqueue(wq);
}

/*
 * The same on the unbound pool, which also serves system_unbound_wq, where
 * the idle timer queues its cull work: it must queue it after dropping the
 * pool's lock (it used to take that lock twice and hang).
 */
KWT_TEST("reaping", surplus_unbound_workers_are_reaped_two_stay)
{
	kw_wq_set_idle_timeout_ms(20);
	struct kw_workqueue *wq = kw_alloc_workqueue("reap_u", KW_WQ_UNBOUND, 0);
	struct holder h[NR_HOLDERS];
	run_holders(wq, KW_WORK_CPU_UNBOUND, h);
	/* The cull work runs on one of this pool's idle workers: it and two
	 * idle ones stay (three of the seven), and the spare may be among the
	 * reaped: three or four holders exit. */
	WQT_WAIT_FOR(nr_exited(h) >= NR_HOLDERS - 3);
	KWT_ASSERT(nr_exited(h) <= NR_HOLDERS - 2);
	put_holders(h);
	kw_destroy_workqueue(wq);
}

struct describer {
	struct kw_work work;
	struct kw_task *task;
	struct kw_completion started;
	struct kw_completion release;
};

static void describer_fn(struct kw_work *w)
{
	struct describer *d = kw_container_of(w, struct describer, work);
	kw_set_worker_desc("disk%d", 3);
	d->task = kw_current();
	kw_get_task_struct(d->task);
	kw_complete(&d->started);
	kw_wait_for_completion(&d->release);
}

KWT_TEST("debug", set_worker_desc_shows_in_comm_and_print_worker_info)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("wdesc", KW_WQ_PERCPU, 0);
	struct describer d;
	char buf[64];
	memset(&d, 0, sizeof(d));
	KW_INIT_WORK(&d.work, describer_fn);
	kw_init_completion(&d.started);
	kw_init_completion(&d.release);

	kw_set_worker_desc("not a worker");	/* no-op outside a worker */
	kwt_log_reset();
	kw_print_worker_info("", kw_current());
	KWT_ASSERT(!kwt_log_contains("Workqueue:"));

	kw_queue_work_on(1, wq, &d.work);
	kw_wait_for_completion(&d.started);
	kw_wq_worker_comm(buf, sizeof(buf), d.task);
	KWT_ASSERT(!strncmp(buf, "kworker/1:", 10));
	KWT_ASSERT(strstr(buf, "+disk3") != NULL);
	KWT_ASSERT(strstr(d.task->comm, "disk3") == NULL);
	kw_print_worker_info("", d.task);
	KWT_ASSERT(kwt_log_contains("Workqueue: wdesc "));
	KWT_ASSERT(kwt_log_contains("(disk3)"));
	kw_complete(&d.release);
	/* Not flush_work: its barrier would run on that worker and rename it. */
	WQT_WAIT_FOR(!kw_work_busy(&d.work));
	kw_wq_worker_comm(buf, sizeof(buf), d.task);
	KWT_ASSERT(strstr(buf, "-disk3") != NULL);
	kw_put_task_struct(d.task);
	kw_destroy_workqueue(wq);
}
