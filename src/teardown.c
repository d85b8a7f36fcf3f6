/*
 * teardown.c - process teardown: stop and join every thread kwork runs for
 * itself, from kw_shutdown() or at exit().
 *
 * Layer: task core. The subsystems above register an entry before they
 * start their first thread (teardown_internal.h); the registry only calls
 * them back through it, as ARCHITECTURE rule 4 allows.
 *
 * A teardown is all or nothing on the user's side: first every subsystem is
 * asked whether something of the user's still needs it (busy); if anything
 * does, nothing is stopped. Then the subsystems stop in order: those running
 * user callbacks (workqueues), ktimers, kthreadd.
 *
 * At exit: the first registration installs an atexit() handler. Installed
 * then - after the program started, when it first starts a kwork thread -
 * it runs after the atexit handlers the program installs later (its own
 * cleanup) and before any destructor, while every library still works. It
 * is silent, and does nothing in a process where user objects remain (their
 * threads end with the process), in a fork()ed child (the threads are the
 * parent's), or when exit() is called from a kwork thread or callback.
 *
 * Threads: kw_shutdown() callers and the thread calling exit().
 * Locks: teardown_lock (a leaf) guards the registry; teardown_mutex
 * serialises teardowns. Entries are never removed.
 */
#include "task_internal.h"
#include "teardown_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define TEARDOWN_MAX 16

static kw_spinlock_t teardown_lock = KW_SPINLOCK_INIT;
static struct kw__teardown *registry;	/* teardown_lock: by order */
static pid_t registry_pid;		/* teardown_lock: the process that owns the threads */
static struct kw_mutex teardown_mutex = KW_MUTEX_INITIALIZER(teardown_mutex);

static void teardown_at_exit(void);

void kw__teardown_register(struct kw__teardown *t)
{
	kw_spin_lock(&teardown_lock);
	if (t->registered) {
		kw_spin_unlock(&teardown_lock);
		return;
	}
	bool first = registry == NULL;
	struct kw__teardown **pos = &registry;
	while (*pos && (*pos)->order <= t->order)
		pos = &(*pos)->next;
	t->next = *pos;
	*pos = t;
	t->registered = true;
	if (first)
		registry_pid = getpid();
	kw_spin_unlock(&teardown_lock);
	if (first)
		atexit(teardown_at_exit);
}

/* Copy the registry. Return: the number of entries (0 in a fork()ed child). */
static int snapshot(struct kw__teardown **list)
{
	int n = 0;
	kw_spin_lock(&teardown_lock);
	if (registry_pid == getpid())
		for (struct kw__teardown *t = registry; t; t = t->next) {
			KW_BUG_ON(n == TEARDOWN_MAX);
			list[n++] = t;
		}
	kw_spin_unlock(&teardown_lock);
	return n;
}

/* Return: 0, or -EBUSY (with a message unless quiet) if threads stay. */
static int teardown(bool quiet)
{
	struct kw__teardown *list[TEARDOWN_MAX];
	char why[160];
	int ret = 0;

	kw_mutex_lock(&teardown_mutex);
	int n = snapshot(list);
	for (int i = 0; i < n; i++) {
		why[0] = 0;
		if (list[i]->busy && list[i]->busy(why, sizeof(why))) {
			if (!quiet)
				kw_printk(KW_SOH "3" "kwork: shutdown refused: %s: %s\n",
					  list[i]->name, why);
			ret = -EBUSY;
			goto out;
		}
	}
	for (int i = 0; i < n; i++) {
		why[0] = 0;
		if (!list[i]->stop(why, sizeof(why))) {
			if (!quiet)
				kw_printk(KW_SOH "3" "kwork: shutdown: %s keeps running: %s\n",
					  list[i]->name, why);
			ret = -EBUSY;
		}
	}
out:
	kw_mutex_unlock(&teardown_mutex);
	return ret;
}

/* Would a teardown from here wait for the caller itself? */
static bool in_kwork_thread(void)
{
	return (kw_current()->flags & KW_PF_KTHREAD) || kw_in_softirq();
}

int kw_shutdown(void)
{
	struct kw_task *self = kw_current();
	if (KW_WARN(in_kwork_thread(),
		    "kw_shutdown() called from %s/%d, a kwork thread: it would "
		    "wait for itself", self->comm, self->pid))
		return -EDEADLK;
	kw_might_sleep();
	return teardown(false);
}

static void teardown_at_exit(void)
{
	if (in_kwork_thread() || kw_preempt_count())
		return;
	teardown(true);
}
