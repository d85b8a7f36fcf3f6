/*
 * test_teardown.c - process teardown: kw_shutdown() and the exit() path
 * stop and join every thread kwork started for itself (kthreadd, ktimers,
 * kworkers), or refuse, stopping nothing, while the user still needs them.
 *
 * "No thread left" is read from /proc/self/task: the threads after the
 * teardown must be the ones the process had before it used kwork (a
 * sanitizer runtime may own threads of its own from the start).
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <dirent.h>
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TIDS 256

struct tids {
	int n;
	int tid[MAX_TIDS];
};

static void read_tids(struct tids *s)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	KWT_ASSERT(d != NULL);
	s->n = 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && s->n < MAX_TIDS)
			s->tid[s->n++] = atoi(e->d_name);
	closedir(d);
}

static bool has_tid(const struct tids *s, int tid)
{
	for (int i = 0; i < s->n; i++)
		if (s->tid[i] == tid)
			return true;
	return false;
}

/* The /proc comm of thread tid (empty if it is gone). */
static void thread_comm(int tid, char *comm, size_t size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", tid);
	FILE *f = fopen(path, "r");
	comm[0] = 0;
	if (!f)
		return;
	if (fgets(comm, (int)size, f))
		comm[strcspn(comm, "\n")] = 0;
	fclose(f);
}

static void *no_op(void *arg)
{
	return arg;
}

/*
 * The threads of the process before it uses kwork. One thread is started
 * and joined first: a sanitizer runtime starts its own helper thread with
 * the first pthread_create().
 */
static void read_baseline(struct tids *s)
{
	pthread_t th;
	KWT_ASSERT_EQ(pthread_create(&th, NULL, no_op, NULL), 0);
	pthread_join(th, NULL);
	read_tids(s);
}

/* Threads in now that were not in before. */
static int new_threads(const struct tids *before, const struct tids *now)
{
	int n = 0;
	for (int i = 0; i < now->n; i++)
		n += !has_tid(before, now->tid[i]);
	return n;
}

/*
 * Wait until the threads are the ones of before again. A joined thread can
 * still be listed for a moment: pthread_join() returns when the thread's
 * exit clears its tid, just before the kernel reaps it.
 */
static bool back_to(const struct tids *before)
{
	struct tids now;
	int64_t end = kw_ktime_get_ns() + 10 * KW_NSEC_PER_SEC;
	for (;;) {
		read_tids(&now);
		if (new_threads(before, &now) == 0)
			return true;
		if (kw_ktime_get_ns() > end)
			break;
		sched_yield();
	}
	for (int i = 0; i < now.n; i++) {
		char comm[32];
		if (has_tid(before, now.tid[i]))
			continue;
		thread_comm(now.tid[i], comm, sizeof(comm));
		fprintf(stderr, "thread left: %d %s\n", now.tid[i], comm);
	}
	return false;
}

/* Is a thread named name (its /proc comm) alive in this process? */
static bool thread_named(const char *name)
{
	struct tids s;
	read_tids(&s);
	for (int i = 0; i < s.n; i++) {
		char comm[32];
		thread_comm(s.tid[i], comm, sizeof(comm));
		if (strncmp(comm, name, strlen(name)) == 0)
			return true;
	}
	return false;
}

static int returns_7(void *arg)
{
	while (!kw_kthread_should_stop()) {
		kw_set_current_state(KW_TASK_INTERRUPTIBLE);
		if (!kw_kthread_should_stop())
			kw_schedule();
		kw_set_current_state_raw(KW_TASK_RUNNING);
	}
	return 7;
}

static int work_runs;
static void count_work(struct kw_work *w)
{
	__atomic_fetch_add(&work_runs, 1, __ATOMIC_RELAXED);
}

static struct kw_completion timer_fired;
static void fire(struct kw_timer *t)
{
	kw_complete(&timer_fired);
}

static struct kw_completion tasklet_ran;
static void tasklet_fn(struct kw_tasklet *t)
{
	kw_complete(&tasklet_ran);
}

/* Use every subsystem that runs threads, and clean up after each. */
static void use_and_clean_up_everything(void)
{
	struct kw_task *k = kw_kthread_run(returns_7, NULL, "td_kthread");
	KWT_ASSERT(!kw_is_err(k));
	kw_kthread_stop(k);	/* 7, or -EINTR if it had not run yet */

	struct kw_work w;
	KW_INIT_WORK(&w, count_work);
	KWT_ASSERT(kw_queue_work(kw_system_wq(), &w));
	kw_flush_work(&w);
	KWT_ASSERT_EQ(__atomic_load_n(&work_runs, __ATOMIC_RELAXED), 1);

	struct kw_timer t;
	kw_init_completion(&timer_fired);
	kw_timer_setup(&t, fire, 0);
	kw_mod_timer(&t, kw_jiffies() + 1);
	kw_wait_for_completion(&timer_fired);
	kw_timer_delete_sync(&t);

	struct kw_tasklet tl;
	kw_init_completion(&tasklet_ran);
	kw_tasklet_setup(&tl, tasklet_fn);
	kw_tasklet_schedule(&tl);
	kw_wait_for_completion(&tasklet_ran);
	kw_tasklet_kill(&tl);
	kw_msleep(1);
}

KWT_TEST("teardown", kw_shutdown_joins_every_kwork_thread)
{
	struct tids before;
	read_baseline(&before);
	use_and_clean_up_everything();
	KWT_ASSERT(thread_named("kthreadd"));
	KWT_ASSERT(thread_named("ktimers"));
	KWT_ASSERT(thread_named("kworker/"));
	KWT_ASSERT(thread_named("ksoftirqd/"));
	KWT_ASSERT_EQ(kw_shutdown(), 0);
	KWT_ASSERT(back_to(&before));
	KWT_ASSERT_EQ(kw_shutdown(), 0);	/* again: nothing left to do */
}

KWT_TEST("teardown", kw_shutdown_before_any_thread_is_a_no_op)
{
	struct tids before;
	read_baseline(&before);
	KWT_ASSERT_EQ(kw_shutdown(), 0);
	KWT_ASSERT(back_to(&before));
}

KWT_TEST("teardown", kw_shutdown_refuses_while_a_kthread_runs)
{
	struct tids before;
	read_baseline(&before);
	struct kw_task *k = kw_kthread_run(returns_7, NULL, "td_left");
	KWT_ASSERT(!kw_is_err(k));
	kwt_log_reset();
	KWT_ASSERT_EQ(kw_shutdown(), -EBUSY);
	KWT_ASSERT(kwt_log_contains("kwork: shutdown refused: kthreadd: 1 kthread still running"));
	KWT_ASSERT(thread_named("kthreadd"));
	kw_kthread_stop(k);
	k = kw_kthread_run(returns_7, NULL, "td_again");	/* kthreadd still works */
	KWT_ASSERT(!kw_is_err(k));
	kw_kthread_stop(k);
	KWT_ASSERT_EQ(kw_shutdown(), 0);
	KWT_ASSERT(back_to(&before));
}

KWT_TEST("teardown", kw_shutdown_refuses_while_a_timer_is_armed)
{
	struct tids before;
	struct kw_timer t;
	struct kw_work w;
	read_baseline(&before);
	kw_timer_setup(&t, fire, 0);
	kw_mod_timer(&t, kw_jiffies() + 3600 * KW_HZ);
	kwt_log_reset();
	KWT_ASSERT_EQ(kw_shutdown(), -EBUSY);
	KWT_ASSERT(kwt_log_contains("kwork: shutdown refused: ktimers: 1 timer armed"));
	/* Nothing was stopped: the workqueues still run work. */
	KW_INIT_WORK(&w, count_work);
	KWT_ASSERT(kw_queue_work(kw_system_wq(), &w));
	kw_flush_work(&w);
	KWT_ASSERT_EQ(__atomic_load_n(&work_runs, __ATOMIC_RELAXED), 1);
	KWT_ASSERT_EQ(kw_timer_delete_sync(&t), 1);
	KWT_ASSERT_EQ(kw_shutdown(), 0);
	KWT_ASSERT(back_to(&before));
}

KWT_TEST("teardown", kw_shutdown_refuses_while_a_workqueue_exists)
{
	struct tids before;
	read_baseline(&before);
	struct kw_workqueue *wq = kw_alloc_workqueue("td_wq", 0, 0);
	KWT_ASSERT(wq != NULL);
	kwt_log_reset();
	KWT_ASSERT_EQ(kw_shutdown(), -EBUSY);
	KWT_ASSERT(kwt_log_contains("shutdown refused: workqueue: workqueue td_wq is not destroyed"));
	kw_destroy_workqueue(wq);
	KWT_ASSERT_EQ(kw_shutdown(), 0);
	KWT_ASSERT(back_to(&before));
}

static int shutdown_from_kthread(void *arg)
{
	int ret = 0;
	KWT_EXPECT_WARN(ret = kw_shutdown(), "a kwork thread: it would wait for itself");
	__atomic_store_n((int *)arg, ret, __ATOMIC_RELEASE);
	return returns_7(NULL);
}

KWT_TEST("teardown", kw_shutdown_from_a_kthread_warns_and_returns)
{
	int ret = 0;
	struct kw_task *k = kw_kthread_run(shutdown_from_kthread, &ret, "td_self");
	KWT_ASSERT(!kw_is_err(k));
	SYNC_WAIT_UNTIL(__atomic_load_n(&ret, __ATOMIC_ACQUIRE) != 0);
	KWT_ASSERT_EQ(ret, -EDEADLK);
	KWT_ASSERT_EQ(kw_kthread_stop(k), 7);
}

/*
 * The exit() path, in a child process of the test: its checker runs as an
 * atexit handler installed before kwork starts a thread, so after kwork's
 * own teardown; it exits 0 if the kwork threads are gone (want_clean) or
 * still there (!want_clean), else 3.
 */
static struct tids exit_baseline;
static bool exit_want_clean;

static void check_at_exit(void)
{
	struct tids now;
	read_tids(&now);
	if (exit_want_clean ? !back_to(&exit_baseline)
			    : new_threads(&exit_baseline, &now) == 0)
		_exit(3);
	_exit(0);
}

static int exit_from_kthread(void *arg)
{
	exit(0);
}

enum exit_how { EXIT_CLEAN, EXIT_KTHREAD_LEFT, EXIT_FROM_KTHREAD };

static int run_child(enum exit_how how)
{
	fflush(NULL);
	pid_t pid = fork();
	KWT_ASSERT(pid >= 0);
	if (pid == 0) {
		read_baseline(&exit_baseline);
		exit_want_clean = how == EXIT_CLEAN;
		atexit(check_at_exit);
		use_and_clean_up_everything();
		if (how == EXIT_KTHREAD_LEFT)
			KWT_ASSERT(!kw_is_err(kw_kthread_run(returns_7, NULL, "td_left")));
		if (how == EXIT_FROM_KTHREAD) {
			KWT_ASSERT(!kw_is_err(kw_kthread_run(exit_from_kthread, NULL,
							     "td_exit")));
			for (;;)
				pause();
		}
		exit(0);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

KWT_TEST("teardown", exit_joins_every_kwork_thread)
{
	KWT_ASSERT_EQ(run_child(EXIT_CLEAN), 0);
}

KWT_TEST("teardown", exit_with_a_kthread_left_leaves_the_threads)
{
	KWT_ASSERT_EQ(run_child(EXIT_KTHREAD_LEFT), 0);
}

KWT_TEST("teardown", exit_from_a_kthread_does_not_tear_down)
{
	KWT_ASSERT_EQ(run_child(EXIT_FROM_KTHREAD), 0);
}
