/*
 * fork.c - what kwork does in a child process made by fork().
 *
 * Layer: task core. The handlers run in the forking thread.
 *
 * fork() copies only the calling thread. If kwork's threads were running
 * in the parent (kthreadd, and with it every kthread, kworker and
 * kthread_worker), the child has their memory but not the threads: a work
 * queued there would never run, a flush or kthread_stop would wait
 * forever. The kernel has no counterpart (its threads are not processes'),
 * so kwork picks the least surprising rule: in such a child, everything
 * that needs those threads - queueing and flushing work, creating or
 * stopping kthreads, queueing and flushing kthread_works - reports once
 * per call ("kwork: queue_work() in a child of fork(): ...") with a WARN
 * and fails (queue: false, kthread_create: ERR_PTR(-EAGAIN), flush: no
 * wait, kthread_stop: -EINTR). What needs no thread of the parent keeps
 * working: mutexes, completions, wait queues, timers (the timer thread is
 * started anew in the child on the first arm). A child forked before
 * kwork started its threads gets a fully working kwork (tests fork each
 * case this way). The usual fork()+exec() is unaffected. See
 * docs/debugging.md.
 *
 * Locks: the prepare handler holds kw__tasks_lock across fork() (so the
 * child's task list is consistent), parent and child release it.
 */
#include "debug_internal.h"
#include "task_internal.h"

#include <pthread.h>
#include <string.h>

bool kw__forked;			/* written in the child's only thread */
static bool had_threads;		/* kw__tasks_lock: set by prepare */

static void prepare(void)
{
	kw_spin_lock(&kw__tasks_lock);
	had_threads = false;
	struct kw__task *t;
	kw__list_for_each_entry(t, &kw__all_tasks, all_node)
		if (!t->foreign && !strcmp(t->pub.comm, "kthreadd"))
			had_threads = true;
}

static void parent(void)
{
	kw_spin_unlock(&kw__tasks_lock);
}

static void child(void)
{
	kw__forked = had_threads;
	kw_spin_unlock(&kw__tasks_lock);
}

void kw__fork_init(void)
{
	pthread_atfork(prepare, parent, child);
}

bool kw__forked_child_report(const char *call)
{
	KW_WARN(1, "kwork: %s() in a child of fork(): kwork's threads (kthreadd, "
		"kworkers, kthreads) exist only in the parent; the call fails", call);
	return true;
}
