/*
 * test_fork.c - fork() (src/fork.c, docs/debugging.md): a child forked
 * before kwork started its threads gets a working kwork; a child forked
 * after gets a WARN and a failure from every call that needs the parent's
 * threads, keeps mutexes and completions, and exits without hanging.
 */
#include "kwtest.h"

#include <errno.h>
#include <kwork/kwork.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int runs;

static void count_fn(struct kw_work *w)
{
	__atomic_fetch_add(&runs, 1, __ATOMIC_RELAXED);
}

static int nop(void *data)
{
	return 0;
}

static int child_status(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

KWT_TEST("W1", child_forked_before_kwork_threads_has_a_working_kwork)
{
	pid_t pid = fork();
	KWT_ASSERT(pid >= 0);
	if (pid == 0) {
		static struct kw_work w;
		KW_INIT_WORK(&w, count_fn);
		KWT_ASSERT(kw_schedule_work(&w));
		kw_flush_work(&w);
		KWT_ASSERT_EQ(runs, 1);
		struct kw_task *t = kw_kthread_create(nop, NULL, "in_child");
		KWT_ASSERT(!kw_is_err(t));
		kw_kthread_stop(t);
		exit(0);	/* atexit and destructors run: must not hang */
	}
	KWT_ASSERT_EQ(child_status(pid), 0);
}

KWT_TEST("W1", child_forked_after_kwork_threads_fails_loudly_and_exits)
{
	static struct kw_work w;
	KW_INIT_WORK(&w, count_fn);
	kw_schedule_work(&w);
	kw_flush_work(&w);		/* kworkers and kthreadd run now */
	pid_t pid = fork();
	KWT_ASSERT(pid >= 0);
	if (pid == 0) {
		bool queued = true;
		KWT_EXPECT_WARN(queued = kw_schedule_work(&w),
				"queue_work() in a child of fork()");
		KWT_ASSERT(!queued);
		struct kw_task *t = kw_err_ptr(0);
		KWT_EXPECT_WARN(t = kw_kthread_create(nop, NULL, "x"),
				"kthread_create() in a child of fork()");
		KWT_ASSERT(t == kw_err_ptr(-EAGAIN));
		KWT_EXPECT_WARN(kw_flush_workqueue(kw_system_wq()),
				"flush_workqueue() in a child of fork()");
		/* What needs no thread of the parent still works. */
		struct kw_mutex m;
		kw_mutex_init(&m, "child_m");
		kw_mutex_lock(&m);
		kw_mutex_unlock(&m);
		struct kw_completion c;
		kw_init_completion(&c);
		kw_complete(&c);
		kw_wait_for_completion(&c);
#ifdef __SANITIZE_ADDRESS__
		/* LeakSanitizer's exit-time check can deadlock in a child forked
		 * from a multithreaded process (an allocator lock held by a parent
		 * thread at fork): not kwork's exit path, so skip it there. */
		_exit(0);
#else
		exit(0);
#endif
	}
	KWT_ASSERT_EQ(child_status(pid), 0);
	KWT_ASSERT(kw_schedule_work(&w));	/* the parent is untouched */
	kw_flush_work(&w);
	KWT_ASSERT_EQ(runs, 2);
}
