/*
 * test_kthread.c - kthreads: rules K1..K11 (SEMANTICS.md section 2).
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int ran;

/*
 * kthread_stop() racing with the thread's start returns -EINTR without
 * running threadfn (as in the kernel), so tests that need threadfn to have
 * run wait for it to say so first.
 */
static void wait_nonzero(int *v)
{
	while (!__atomic_load_n(v, __ATOMIC_ACQUIRE))
		sched_yield();
}

static int started;

static int count_and_return(void *data)
{
	__atomic_fetch_add(&ran, 1, __ATOMIC_RELAXED);
	return (int)(long)data;
}

static int wait_for_stop(void *data)
{
	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	while (!kw_kthread_should_stop()) {
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		if (kw_kthread_should_stop())
			break;
		kw_schedule();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	return 7;
}

/* Poll-free wait for a task to reach a state: yields, bounded by the test timeout. */
static void wait_task_state(struct kw_task *t, unsigned int state)
{
	while ((__atomic_load_n(&t->__state, __ATOMIC_ACQUIRE) & 0xffff) != state)
		sched_yield();
}

KWT_TEST("K1", created_thread_does_not_run_until_woken)
{
	struct kw_task *t = kw_kthread_create(count_and_return, (void *)5L, "k1");
	KWT_ASSERT(!kw_is_err(t));
	/* It exists, asleep, before threadfn: its state says so. */
	wait_task_state(t, KW_TASK_UNINTERRUPTIBLE);
	KWT_ASSERT_EQ(__atomic_load_n(&ran, __ATOMIC_RELAXED), 0);
	KWT_ASSERT(t->pid > 0);
	kw_get_task_struct(t);
	kw_wake_up_process(t);
	wait_nonzero(&ran);
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), 5);
	KWT_ASSERT_EQ(ran, 1);
}

KWT_TEST("K2", stop_before_wake_returns_eintr_without_running)
{
	struct kw_task *t = kw_kthread_create(count_and_return, NULL, "k2");
	KWT_ASSERT(!kw_is_err(t));
	KWT_ASSERT_EQ(kw_kthread_stop(t), -EINTR);
	KWT_ASSERT_EQ(ran, 0);
}

static int exit_with_code(void *data)
{
	__atomic_store_n(&ran, 1, __ATOMIC_RELEASE);
	kw_kthread_exit(42);
}

static struct kw_completion k3_done;

static int complete_and_exit_with_code(void *data)
{
	kw_kthread_complete_and_exit(&k3_done, 43);
}

KWT_TEST("K3 C10", stop_returns_threadfn_or_exit_code)
{
	struct kw_task *t = kw_kthread_run(wait_for_stop, NULL, "k3a");
	wait_nonzero(&started);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 7);

	t = kw_kthread_create(exit_with_code, NULL, "k3b");
	kw_get_task_struct(t);
	kw_wake_up_process(t);
	wait_nonzero(&ran);
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), 42);

	kw_init_completion(&k3_done);
	t = kw_kthread_create(complete_and_exit_with_code, NULL, "k3c");
	kw_get_task_struct(t);
	kw_wake_up_process(t);
	kw_wait_for_completion(&k3_done);
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), 43);
}

static int k4_results[4];
static struct kw_completion k4_ready;

static int interruptible_sleeps(void *data)
{
	struct kw_completion never;
	struct kw_wait_queue_head wq;
	kw_init_completion(&never);
	kw_init_waitqueue_head(&wq);
	kw_complete(&k4_ready);
	/* Block until kthread_stop, then every interruptible sleep returns at once. */
	k4_results[0] = kw_wait_for_completion_interruptible(&never);
	KWT_ASSERT(kw_kthread_should_stop());
	KWT_ASSERT(kw_signal_pending(kw_current()));
	k4_results[1] = kw_wait_event_interruptible(&wq, false);
	k4_results[2] = (int)kw_msleep_interruptible(10000);
	k4_results[3] = (int)kw_schedule_timeout_interruptible(10000);
	return 0;
}

KWT_TEST("K4 C6 T12", stop_interrupts_interruptible_sleeps)
{
	kw_init_completion(&k4_ready);
	struct kw_task *t = kw_kthread_run(interruptible_sleeps, NULL, "k4");
	kw_wait_for_completion(&k4_ready);
	wait_task_state(t, KW_TASK_INTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT_EQ(k4_results[0], -KW_ERESTARTSYS);
	KWT_ASSERT_EQ(k4_results[1], -KW_ERESTARTSYS);
	KWT_ASSERT(k4_results[2] > 0);
	KWT_ASSERT(k4_results[3] > 0);
}

static struct kw_completion k4u_gate;
static int k4u_returned;

static int uninterruptible_wait(void *data)
{
	kw_wait_for_completion(&k4u_gate);
	__atomic_store_n(&k4u_returned, 1, __ATOMIC_RELEASE);
	while (!kw_kthread_should_stop())
		kw_schedule_timeout_interruptible(1);
	return 0;
}

static struct kw_task *k4u_task;

static void *stopper(void *arg)
{
	kw_kthread_stop(k4u_task);
	return NULL;
}

KWT_TEST("K4 K5", stop_waits_out_uninterruptible_sleeps)
{
	kw_init_completion(&k4u_gate);
	k4u_task = kw_kthread_run(uninterruptible_wait, NULL, "k4u");
	wait_task_state(k4u_task, KW_TASK_UNINTERRUPTIBLE);
	pthread_t th;
	pthread_create(&th, NULL, stopper, NULL);
	/* The stopper is blocked in kthread_stop while the gate is closed. */
	while (!kw_signal_pending(k4u_task))
		sched_yield();
	KWT_ASSERT_EQ(__atomic_load_n(&k4u_returned, __ATOMIC_ACQUIRE), 0);
	kw_complete(&k4u_gate);
	pthread_join(th, NULL);
	KWT_ASSERT_EQ(k4u_returned, 1);
}

static int park_loop(void *data)
{
	int *parks = data;
	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	while (!kw_kthread_should_stop()) {
		if (kw_kthread_should_park()) {
			__atomic_fetch_add(parks, 1, __ATOMIC_RELAXED);
			kw_kthread_parkme();
			continue;
		}
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		if (!kw_kthread_should_stop_or_park())
			kw_schedule();
		kw_set_current_state_raw(KW_TASK_RUNNING);
	}
	return 0;
}

KWT_TEST("K6 K7", park_waits_until_parked_and_warns_twice)
{
	int parks = 0;
	struct kw_task *t = kw_kthread_run(park_loop, &parks, "k6");
	wait_nonzero(&started);
	KWT_ASSERT_EQ(kw_kthread_park(t), 0);
	KWT_ASSERT_EQ(__atomic_load_n(&parks, __ATOMIC_RELAXED), 1);
	KWT_ASSERT_EQ(__atomic_load_n(&t->__state, __ATOMIC_ACQUIRE) & 0xffff, KW_TASK_PARKED);
	int r;
	KWT_EXPECT_WARN(r = kw_kthread_park(t), "already parked");
	KWT_ASSERT_EQ(r, -EBUSY);
	kw_kthread_unpark(t);
	kw_kthread_unpark(t); /* K7: not park-requested: nothing */
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
}

static int exits_at_once(void *data)
{
	return 0;
}

KWT_TEST("K7", park_on_exiting_thread_warns_enosys)
{
	struct kw_task *t = kw_kthread_create(exits_at_once, NULL, "k7");
	kw_get_task_struct(t);
	kw_wake_up_process(t);
	while (!(__atomic_load_n(&t->flags, __ATOMIC_ACQUIRE) & KW_PF_EXITING))
		sched_yield();
	int r;
	KWT_EXPECT_WARN(r = kw_kthread_park(t), "exiting");
	KWT_ASSERT_EQ(r, -ENOSYS);
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), 0);
}

KWT_TEST("K8", park_before_first_run_then_unpark_and_stop)
{
	struct kw_task *t = kw_kthread_create(count_and_return, (void *)3L, "k8");
	kw_get_task_struct(t);
	KWT_ASSERT_EQ(kw_kthread_park(t), 0);
	KWT_ASSERT_EQ(__atomic_load_n(&ran, __ATOMIC_RELAXED), 0);
	/* stop on a parked never-run thread: unparked, threadfn runs once. */
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), 3);
	KWT_ASSERT_EQ(ran, 1);
}

static int report_cpu(void *data)
{
	int *cpu = data;
	__atomic_store_n(cpu, (int)kw_smp_processor_id(), __ATOMIC_RELEASE);
	while (!kw_kthread_should_stop()) {
		if (kw_kthread_should_park()) {
			kw_kthread_parkme();
			*cpu = (int)kw_smp_processor_id();
			continue;
		}
		/* State before the check, or a park request could be missed. */
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		if (!kw_kthread_should_stop_or_park())
			kw_schedule();
		kw_set_current_state_raw(KW_TASK_RUNNING);
	}
	return 0;
}

KWT_TEST("K9", create_on_cpu_names_and_keeps_cpu_bind_after_start_warns)
{
	int cpu = -1;
	unsigned int target = kw_nr_cpu_ids() - 1;
	struct kw_task *t = kw_kthread_create_on_cpu(report_cpu, &cpu, target,
						     "percpu/%u");
	KWT_ASSERT(!kw_is_err(t));
	char want[16];
	snprintf(want, sizeof(want), "percpu/%u", target);
	KWT_ASSERT_STREQ(t->comm, want);
	KWT_ASSERT(t->flags & KW_PF_NO_SETAFFINITY);
	kw_wake_up_process(t);
	while (__atomic_load_n(&cpu, __ATOMIC_ACQUIRE) < 0)
		sched_yield();
	KWT_ASSERT_EQ(cpu, (int)target);
	KWT_ASSERT_EQ(kw_kthread_park(t), 0);
	kw_kthread_unpark(t);
	KWT_EXPECT_WARN(kw_kthread_bind(t, 0), "already been woken");
	KWT_ASSERT_EQ(kw_kthread_park(t), 0);
	kw_kthread_unpark(t);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT_EQ(cpu, (int)target);
}

KWT_TEST("K10", kthread_data_and_func)
{
	int x;
	struct kw_task *t = kw_kthread_create(wait_for_stop, &x, "k10");
	KWT_ASSERT(kw_kthread_data(t) == &x);
	KWT_ASSERT(kw_kthread_func(t) == (void *)wait_for_stop);
	KWT_ASSERT(kw_kthread_func(kw_current()) == NULL);
	KWT_ASSERT(kw_kthread_data(kw_current()) == NULL);
	kw_kthread_stop(t);
}

static int read_own_name(void *data)
{
	char *buf = data;
	pthread_getname_np(pthread_self(), buf, 16);
	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	return 0;
}

KWT_TEST("K11", names_are_formatted_truncated_and_visible_to_the_os)
{
	char os_name[16] = "";
	struct kw_task *t = kw_kthread_create(read_own_name, os_name,
					      "very-long-thread-name-%d", 12345);
	KWT_ASSERT_STREQ(t->comm, "very-long-threa");
	char full[64];
	kw_get_kthread_comm(full, sizeof(full), t);
	KWT_ASSERT_STREQ(full, "very-long-thread-name-12345");
	char path[64], proc[32] = "";
	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", t->pid);
	FILE *f = fopen(path, "r");
	KWT_ASSERT(f != NULL);
	KWT_ASSERT(fgets(proc, sizeof(proc), f) != NULL);
	fclose(f);
	KWT_ASSERT_STREQ(proc, "very-long-threa\n");
	kw_get_task_struct(t);
	kw_wake_up_process(t);
	wait_nonzero(&started);
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), 0);
	KWT_ASSERT_STREQ(os_name, "very-long-threa");
}

static int check_context(void *data)
{
	struct kw_task *self = kw_current();
	int *ok = data;
	sigset_t set;
	pthread_sigmask(SIG_SETMASK, NULL, &set);
	*ok = (self->flags & KW_PF_KTHREAD) && self->mm == NULL &&
	      sigismember(&set, SIGINT) && sigismember(&set, SIGTERM) &&
	      self->pid == gettid();
	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	return 0;
}

KWT_TEST("K1 core", kthread_starts_in_a_clean_context)
{
	int ok = 0;
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	pthread_sigmask(SIG_SETMASK, &block, NULL);
	/* The thread exits by itself: hold a reference before it can. */
	struct kw_task *t = kw_kthread_create(check_context, &ok, "ctx");
	kw_get_task_struct(t);
	kw_wake_up_process(t);
	wait_nonzero(&started);
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), 0);
	KWT_ASSERT_EQ(ok, 1);
}

KWT_TEST("core", stop_on_self_warns_and_returns)
{
	/* A foreign thread is not a kthread: kthread_stop refuses it. */
	int r;
	KWT_EXPECT_WARN(r = kw_kthread_stop(kw_current()), "not a kthread");
	KWT_ASSERT_EQ(r, -EINVAL);
}

static int stop_self(void *data)
{
	int *r = data;
	__atomic_store_n(r, kw_kthread_stop(kw_current()), __ATOMIC_RELEASE);
	while (!kw_kthread_should_stop())
		kw_schedule_timeout_interruptible(1);
	return 0;
}

KWT_TEST("core", kthread_stop_on_itself_warns)
{
	int r = 0;
	kwt_expect_warn_begin();
	struct kw_task *t = kw_kthread_run(stop_self, &r, "selfstop");
	while (!__atomic_load_n(&r, __ATOMIC_ACQUIRE))
		sched_yield();
	kwt_expect_warn_end(__FILE__, __LINE__, "kthread_stop(current)",
			    "called on itself");
	KWT_ASSERT_EQ(r, -EDEADLK);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
}

/* ---- clauses the tests above leave out ---------------------------------------- */

KWT_TEST("K2", stop_put_before_wake_and_stop_of_an_unstarted_cpu_thread)
{
	struct kw_task *t = kw_kthread_create(count_and_return, (void *)9L, "k2b");
	KWT_ASSERT(!kw_is_err(t));
	kw_get_task_struct(t);
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), -EINTR);

	t = kw_kthread_create_on_cpu(count_and_return, (void *)9L, 0, "k2c/%u");
	KWT_ASSERT(!kw_is_err(t));
	KWT_ASSERT_EQ(kw_kthread_stop(t), -EINTR);
	KWT_ASSERT_EQ(__atomic_load_n(&ran, __ATOMIC_RELAXED), 0);
}

/* Set by a thread-local destructor: it runs as the OS thread ends. */
static int k5_tls_ran;
static pthread_key_t k5_key;

static void k5_tls_dtor(void *p)
{
	__atomic_store_n(&k5_tls_ran, 1, __ATOMIC_RELEASE);
}

static int k5_fn(void *data)
{
	pthread_setspecific(k5_key, &k5_key);
	if (data)
		kw_kthread_exit(sync_wait_for_stop(11));
	return sync_wait_for_stop(12);
}

KWT_TEST("K5", stop_returns_only_once_the_thread_has_fully_exited)
{
	KWT_ASSERT_EQ(pthread_key_create(&k5_key, k5_tls_dtor), 0);
	for (long via_exit = 0; via_exit < 2; via_exit++) {
		__atomic_store_n(&k5_tls_ran, 0, __ATOMIC_RELEASE);
		unsigned int alive = kw_kthreads_alive();
		struct kw_task *t = kw_kthread_run(k5_fn, (void *)via_exit, "k5");
		KWT_ASSERT_EQ(kw_kthreads_alive(), alive + 1);
		SYNC_WAIT_UNTIL(sync_state(t) == KW_TASK_INTERRUPTIBLE);
		KWT_ASSERT_EQ(kw_kthread_stop(t), via_exit ? 11 : 12);
		/* The OS thread is gone: its exit-time destructors have run. */
		KWT_ASSERT_EQ(__atomic_load_n(&k5_tls_ran, __ATOMIC_ACQUIRE), 1);
		KWT_ASSERT_EQ(kw_kthreads_alive(), alive);
	}
}

/* A thread that parks only when its gate lets it reach kthread_parkme(). */
struct k6_busy {
	struct kw_completion gate;
	int parks;			/* atomic */
};

static int k6_busy_fn(void *data)
{
	struct k6_busy *b = data;
	kw_wait_for_completion(&b->gate);	/* park's wake-up does not end it */
	while (!kw_kthread_should_stop()) {
		if (kw_kthread_should_park()) {
			__atomic_fetch_add(&b->parks, 1, __ATOMIC_RELEASE);
			kw_kthread_parkme();
			continue;
		}
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		if (!kw_kthread_should_stop_or_park())
			kw_schedule();
		kw_set_current_state_raw(KW_TASK_RUNNING);
	}
	return 0;
}

struct k6_parker {
	struct kw_task *target;
	struct kw_task *self;	/* published */
	int ret;
	int done;		/* atomic */
};

static void *k6_parker_fn(void *arg)
{
	struct k6_parker *p = arg;
	__atomic_store_n(&p->self, kw_current(), __ATOMIC_RELEASE);
	p->ret = kw_kthread_park(p->target);
	__atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

KWT_TEST("K6", park_waits_until_the_thread_reaches_parkme)
{
	struct k6_busy b = { .parks = 0 };
	kw_init_completion(&b.gate);
	struct kw_task *t = kw_kthread_run(k6_busy_fn, &b, "k6busy");
	SYNC_WAIT_UNTIL(sync_sleeping_in(t, "wait_for_completion"));
	struct k6_parker p = { .target = t };
	pthread_t th;
	KWT_ASSERT_EQ(pthread_create(&th, NULL, k6_parker_fn, &p), 0);
	/* The parker sleeps; the thread, still in its own wait, has not parked. */
	SYNC_WAIT_UNTIL(sync_task(&p.self) &&
			sync_sleeping_in(p.self, "wait_for_completion"));
	/* park's wake-up ran it through its wait's loop: asleep there again. */
	SYNC_WAIT_UNTIL(sync_sleeping_in(t, "wait_for_completion"));
	KWT_ASSERT_EQ(__atomic_load_n(&p.done, __ATOMIC_ACQUIRE), 0);
	KWT_ASSERT_EQ(__atomic_load_n(&b.parks, __ATOMIC_ACQUIRE), 0);
	kw_complete(&b.gate);
	pthread_join(th, NULL);
	KWT_ASSERT_EQ(p.ret, 0);
	KWT_ASSERT_EQ(__atomic_load_n(&b.parks, __ATOMIC_ACQUIRE), 1);
	KWT_ASSERT_EQ(sync_state(t), KW_TASK_PARKED);
	kw_kthread_unpark(t);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
}

struct k6_self {
	int ret;
	bool park_seen, park_after;
	struct kw_completion asked;
};

static int k6_self_fn(void *data)
{
	struct k6_self *s = data;
	s->ret = kw_kthread_park(kw_current());
	s->park_seen = kw_kthread_should_park();
	kw_complete(&s->asked);
	kw_kthread_parkme();		/* parks here, until unparked */
	s->park_after = kw_kthread_should_park();
	return sync_wait_for_stop(5);
}

KWT_TEST("K6", park_on_itself_only_sets_the_flag)
{
	struct k6_self s = { .ret = -1 };
	kw_init_completion(&s.asked);
	struct kw_task *t = kw_kthread_run(k6_self_fn, &s, "k6self");
	kw_wait_for_completion(&s.asked);
	KWT_ASSERT_EQ(s.ret, 0);
	KWT_ASSERT(s.park_seen);
	SYNC_WAIT_UNTIL(sync_state(t) == KW_TASK_PARKED);
	kw_kthread_unpark(t);
	SYNC_WAIT_UNTIL(sync_state(t) == KW_TASK_INTERRUPTIBLE);
	KWT_ASSERT(!s.park_after);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 5);
}

KWT_TEST("K8", park_before_first_run_then_unpark_starts_threadfn)
{
	struct kw_task *t = kw_kthread_create(count_and_return, (void *)4L, "k8u");
	kw_get_task_struct(t);
	KWT_ASSERT_EQ(kw_kthread_park(t), 0);
	KWT_ASSERT_EQ(sync_state(t), KW_TASK_PARKED);
	KWT_ASSERT_EQ(__atomic_load_n(&ran, __ATOMIC_RELAXED), 0);
	kw_kthread_unpark(t);
	wait_nonzero(&ran);
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), 4);
	KWT_ASSERT_EQ(ran, 1);
}

KWT_TEST("K8", stop_of_a_thread_parked_mid_run_unparks_it)
{
	int parks = 0;
	struct kw_task *t = kw_kthread_run(park_loop, &parks, "k8p");
	wait_nonzero(&started);
	KWT_ASSERT_EQ(kw_kthread_park(t), 0);
	KWT_ASSERT_EQ(sync_state(t), KW_TASK_PARKED);
	/* No unpark: kthread_stop() does it, and threadfn's value comes back. */
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT_EQ(__atomic_load_n(&parks, __ATOMIC_RELAXED), 1);
}

KWT_TEST("K9", bind_before_wake_runs_the_thread_on_that_cpu)
{
	unsigned int target = kw_nr_cpu_ids() - 1;
	int cpu = -1;
	struct kw_task *t = kw_kthread_create(report_cpu, &cpu, "k9b");
	KWT_ASSERT(!(t->flags & KW_PF_NO_SETAFFINITY));
	kw_kthread_bind(t, target);
	KWT_ASSERT(t->flags & KW_PF_NO_SETAFFINITY);
	kw_wake_up_process(t);
	SYNC_WAIT_UNTIL(__atomic_load_n(&cpu, __ATOMIC_ACQUIRE) >= 0);
	KWT_ASSERT_EQ(cpu, (int)target);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);

	struct kw_cpumask m;
	kw_cpumask_clear(&m);
	kw_cpumask_set_cpu(0, &m);
	cpu = -1;
	t = kw_kthread_create(report_cpu, &cpu, "k9m");
	kw_kthread_bind_mask(t, &m);
	KWT_ASSERT(t->flags & KW_PF_NO_SETAFFINITY);
	kw_wake_up_process(t);
	SYNC_WAIT_UNTIL(__atomic_load_n(&cpu, __ATOMIC_ACQUIRE) >= 0);
	KWT_ASSERT_EQ(cpu, 0);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
}

KWT_TEST("K9", bind_after_wake_warns_and_binds_nothing)
{
	struct kw_task *t = kw_kthread_run(wait_for_stop, NULL, "k9w");
	wait_nonzero(&started);
	KWT_EXPECT_WARN(kw_kthread_bind(t, 0), "already been woken");
	KWT_ASSERT(!(t->flags & KW_PF_NO_SETAFFINITY));
	KWT_ASSERT_EQ(kw_kthread_stop(t), 7);
}

static int k10_fn(void *data)
{
	void **seen = data;
	seen[0] = kw_kthread_data(kw_current());
	seen[1] = kw_kthread_func(kw_current());
	return sync_wait_for_stop(0);
}

KWT_TEST("K10", kthread_data_and_func_inside_the_thread_and_for_a_worker)
{
	void *seen[2] = { NULL, NULL };
	struct kw_task *t = kw_kthread_run(k10_fn, seen, "k10in");
	SYNC_WAIT_UNTIL(sync_state(t) == KW_TASK_INTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT(seen[0] == (void *)seen);
	KWT_ASSERT(seen[1] == (void *)k10_fn);

	struct kw_kthread_worker *w = kw_kthread_run_worker(0, "k10w");
	KWT_ASSERT(!kw_is_err(w));
	KWT_ASSERT(kw_kthread_func(w->task) == (void *)kw_kthread_worker_fn);
	KWT_ASSERT(kw_kthread_data(w->task) == (void *)w);
	kw_kthread_destroy_worker(w);
}

static int c10_started;

static int exit_without_completion(void *data)
{
	__atomic_store_n(&c10_started, 1, __ATOMIC_RELEASE);
	kw_kthread_complete_and_exit(NULL, 44);
}

KWT_TEST("C10 K3", complete_and_exit_without_a_completion_still_exits_with_code)
{
	struct kw_task *t = kw_kthread_create(exit_without_completion, NULL, "c10n");
	kw_get_task_struct(t);
	kw_wake_up_process(t);
	/* Gate: a stop before threadfn runs would rightly give -EINTR (K2). */
	while (!__atomic_load_n(&c10_started, __ATOMIC_ACQUIRE))
		sched_yield();
	KWT_ASSERT_EQ(kw_kthread_stop_put(t), 44);
}

KWT_TEST("K1", wake_up_process_starts_the_thread_once)
{
	struct kw_task *t = kw_kthread_create(wait_for_stop, NULL, "k1w");
	/* Asleep (created): woken, 1. A running task (this one): 0. */
	KWT_ASSERT_EQ(kw_wake_up_process(t), 1);
	KWT_ASSERT_EQ(kw_wake_up_process(kw_current()), 0);
	wait_nonzero(&started);
	SYNC_WAIT_UNTIL(sync_state(t) == KW_TASK_INTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 7);
}

struct k9_sleeper {
	struct kw_completion gate;
	int cpu;		/* atomic: -1 until reported */
};

static int k9_sleeper_fn(void *data)
{
	struct k9_sleeper *s = data;
	kw_wait_for_completion(&s->gate);
	__atomic_store_n(&s->cpu, (int)kw_smp_processor_id(), __ATOMIC_RELEASE);
	return sync_wait_for_stop(0);
}

KWT_TEST("K9", bind_of_a_started_thread_asleep_uninterruptibly_binds_and_warns)
{
	/* 6.14+: wait_task_inactive(TASK_UNINTERRUPTIBLE) passes, the binding
	 * is done, and WARN_ON_ONCE(started) fires. */
	unsigned int target = kw_nr_cpu_ids() - 1;
	struct k9_sleeper s = { .cpu = -1 };
	kw_init_completion(&s.gate);
	struct kw_task *t = kw_kthread_run(k9_sleeper_fn, &s, "k9s");
	SYNC_WAIT_UNTIL(sync_sleeping_in(t, "wait_for_completion"));
	KWT_EXPECT_WARN(kw_kthread_bind(t, target), "already been woken");
	KWT_ASSERT(t->flags & KW_PF_NO_SETAFFINITY);
	cpu_set_t os;
	KWT_ASSERT_EQ(sched_getaffinity(t->pid, sizeof(os), &os), 0);
	KWT_ASSERT_EQ(CPU_COUNT(&os), 1);	/* the OS thread is pinned too */
	kw_complete(&s.gate);
	SYNC_WAIT_UNTIL(__atomic_load_n(&s.cpu, __ATOMIC_ACQUIRE) >= 0);
	KWT_ASSERT_EQ(s.cpu, (int)target);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
}
