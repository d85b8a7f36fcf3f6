/*
 * test_fault.c - fault injection (<kwork/fault.h>, src/fault.c): kmalloc and
 * thread creation fail at the Nth call or at a rate; kthread_create returns
 * ERR_PTR(-EAGAIN / -ENOMEM) (K1); workqueues keep making progress through
 * their rescuer when no worker can be created, losing and doubling nothing
 * (WQ_MEM_RECLAIM, W1).
 */
#include "kwtest.h"

#include <errno.h>
#include <kwork/kwork.h>
#include <kwork/slab.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int nop(void *data)
{
	return 0;
}

KWT_TEST("K1", kthread_create_fails_with_eagain_at_the_nth_creation)
{
	struct kw_fault_attr a = { .nth = 2 };
	KWT_ASSERT_EQ(kw_fault_set(KW_FAULT_THREAD, &a), 0);
	struct kw_task *t1 = kw_kthread_create(nop, NULL, "f1");
	struct kw_task *t2 = kw_kthread_create(nop, NULL, "f2");
	struct kw_task *t3 = kw_kthread_create(nop, NULL, "f3");
	KWT_ASSERT(!kw_is_err(t1));
	KWT_ASSERT(t2 == kw_err_ptr(-EAGAIN));
	KWT_ASSERT(!kw_is_err(t3));		/* times defaults to 1 */
	KWT_ASSERT_EQ(kw_fault_injected(KW_FAULT_THREAD), 1);
	kw_kthread_stop(t1);
	kw_kthread_stop(t3);
}

KWT_TEST("K1", kthread_create_fails_with_enomem_when_asked_or_when_kmalloc_fails)
{
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_THREAD, "nth:1,error:ENOMEM"), 0);
	KWT_ASSERT(kw_kthread_create(nop, NULL, "f") == kw_err_ptr(-ENOMEM));
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_KMALLOC, "nth:1"), 0);
	KWT_ASSERT(kw_kthread_create(nop, NULL, "f") == kw_err_ptr(-ENOMEM));
	KWT_ASSERT_EQ(kw_fault_injected(KW_FAULT_KMALLOC), 1);
	struct kw_task *t = kw_kthread_create(nop, NULL, "fine");	/* not run: stop is safe */
	KWT_ASSERT(!kw_is_err(t));
	kw_kthread_stop(t);
}

KWT_TEST("K1", kmalloc_fails_at_nth_for_times_calls)
{
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_KMALLOC, "nth:3,times:2"), 0);
	void *p[6];
	for (int i = 0; i < 6; i++)
		p[i] = kw_kmalloc(16, 0, NULL);
	KWT_ASSERT(p[0] && p[1] && !p[2] && !p[3] && p[4] && p[5]);
	for (int i = 0; i < 6; i++)
		kw_kfree(p[i], KW_KMEM_KMALLOC, NULL);
	KWT_ASSERT_EQ(kw_fault_set(KW_FAULT_KMALLOC, NULL), 0);	/* disarm */
	void *q = kw_krealloc(NULL, 8, 0, NULL);
	KWT_ASSERT(q != NULL);
	kw_kfree(q, KW_KMEM_KMALLOC, NULL);
}

KWT_TEST("K1", kmalloc_fails_at_a_rate)
{
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_KMALLOC, "rate:0.25"), 0);
	int failed = 0;
	for (int i = 0; i < 4000; i++) {
		void *p = kw_kmalloc(8, 0, NULL);
		if (!p)
			failed++;
		kw_kfree(p, KW_KMEM_KMALLOC, NULL);
	}
	KWT_ASSERT_EQ(failed, kw_fault_injected(KW_FAULT_KMALLOC));
	KWT_ASSERT(failed > 500 && failed < 1500);	/* p = 0.25 of 4000 */
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_KMALLOC, "rate:1,times:3"), 0);
	for (int i = 0; i < 5; i++)
		kw_kfree(kw_kmalloc(8, 0, NULL), KW_KMEM_KMALLOC, NULL);
	KWT_ASSERT_EQ(kw_fault_injected(KW_FAULT_KMALLOC), 3);
}

KWT_TEST("K1", bad_fault_specs_are_rejected)
{
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_KMALLOC, "bogus"), -EINVAL);
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_KMALLOC, "rate:2"), -EINVAL);
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_KMALLOC, "nth:0"), -EINVAL);
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_THREAD, "nth:1,error:EPERM"), -EINVAL);
	KWT_ASSERT_EQ(kw_fault_set(KW_FAULT_NR_POINTS, NULL), -EINVAL);
	KWT_ASSERT_EQ(kw_fault_set_spec(KW_FAULT_KMALLOC, "off"), 0);
	void *p = kw_kmalloc(1, 0, NULL);
	KWT_ASSERT(p != NULL);
	kw_kfree(p, KW_KMEM_KMALLOC, NULL);
}

/* ---- the environment ------------------------------------------------------------ */

/* Run by env_arms_the_fault_points in a process started with the variable. */
KWT_TEST("K1", env_child_thread_creation_fails)
{
	if (!getenv("KWORK_FAIL_THREAD"))
		return;		/* only meaningful in the spawned process */
	KWT_ASSERT(kw_kthread_create(nop, NULL, "envf") == kw_err_ptr(-ENOMEM));
	KWT_ASSERT_EQ(kw_fault_injected(KW_FAULT_THREAD), 1);
}

KWT_TEST("K1", env_arms_the_fault_points)
{
	char self[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	KWT_ASSERT(n > 0);
	self[n] = 0;
	char *argv[] = { self, "env_child_thread_creation_fails", NULL };
	char *envp[] = { "KWORK_FAIL_THREAD=nth:1,error:ENOMEM", NULL };
	pid_t pid;
	KWT_ASSERT_EQ(posix_spawn(&pid, self, NULL, NULL, argv, envp), 0);
	int status;
	KWT_ASSERT(waitpid(pid, &status, 0) == pid);
	KWT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- rescuers keep workqueues going ----------------------------------------------- */

#define NR_BLOCKERS 16

static struct kw_completion gate, v_done;
static int blocker_runs[NR_BLOCKERS], v_runs;
static bool v_on_rescuer;
static struct kw_work blockers[NR_BLOCKERS], v;

static void blocker_fn(struct kw_work *w)
{
	__atomic_fetch_add(&blocker_runs[w - blockers], 1, __ATOMIC_RELAXED);
	kw_wait_for_completion(&gate);
}

static void v_fn(struct kw_work *w)
{
	__atomic_fetch_add(&v_runs, 1, __ATOMIC_RELAXED);
	v_on_rescuer = kw_current_is_workqueue_rescuer();
	kw_complete(&v_done);
}

KWT_TEST("W1", mem_reclaim_wq_progresses_through_its_rescuer_when_workers_cannot_be_made)
{
	struct kw_workqueue *rwq = kw_alloc_workqueue("reclaim", KW_WQ_MEM_RECLAIM, 0);
	KWT_ASSERT(rwq);
	kw_init_completion(&gate);
	kw_init_completion(&v_done);
	struct kw_fault_attr all = { .nth = 1, .times = -1 };
	KWT_ASSERT_EQ(kw_fault_set(KW_FAULT_THREAD, &all), 0);
	/* Every worker of CPU 0's pool blocks; no new one can be made. */
	for (int i = 0; i < NR_BLOCKERS; i++) {
		KW_INIT_WORK(&blockers[i], blocker_fn);
		kw_queue_work_on(0, kw_system_wq(), &blockers[i]);
	}
	KW_INIT_WORK(&v, v_fn);
	KWT_ASSERT(kw_queue_work_on(0, rwq, &v));
	kw_wait_for_completion(&v_done);	/* progress, while all block */
	KWT_ASSERT(v_on_rescuer);
	/* The manager's creation attempt is under way (the mayday timer is
	 * armed just before it), but the spawn, in kthreadd, may fail only
	 * after the rescuer has run v: wait for it. */
	for (int ms = 0; !kw_fault_injected(KW_FAULT_THREAD); ms++) {
		KWT_ASSERT(ms < 10000);
		kw_msleep(1);
	}
	kw_complete_all(&gate);
	kw_fault_set(KW_FAULT_THREAD, NULL);
	kw_flush_workqueue(kw_system_wq());
	kw_flush_workqueue(rwq);
	for (int i = 0; i < NR_BLOCKERS; i++)
		KWT_ASSERT_EQ(blocker_runs[i], 1);	/* none lost, none doubled */
	KWT_ASSERT_EQ(v_runs, 1);
	kw_destroy_workqueue(rwq);
}
