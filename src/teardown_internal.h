/*
 * teardown_internal.h - the registry of subsystems that run threads of
 * their own, so process teardown can stop and join every one of them.
 *
 * Layer: task core (internal). A subsystem that starts a thread of its own
 * (kthreadd, ktimers, the workqueue's kworkers, a softirq thread...) defines
 * one static struct kw__teardown and registers it with
 * kw__teardown_register() before it starts its first thread. kw_shutdown()
 * and the exit-time teardown then ask every registered subsystem whether the
 * user still needs it (busy) and, if nobody does, stop them in order (stop).
 * Adding a subsystem that runs threads means adding one entry: nothing in
 * the registry changes.
 */
#ifndef KWORK_TEARDOWN_INTERNAL_H
#define KWORK_TEARDOWN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* Stop order: subsystems stop before those they use. */
enum {
	/* Runs user callbacks on its threads (workqueues, softirq/tasklets). */
	KW__TEARDOWN_CALLBACKS = 100,
	/* khrtimer: runs user callbacks, which may arm timer_lists. */
	KW__TEARDOWN_HRTIMERS = 150,
	/* ktimers: after everything that arms timers of its own. */
	KW__TEARDOWN_TIMERS = 200,
	/* kthreadd: last, once every kthread is gone. */
	KW__TEARDOWN_KTHREADD = 300,
};

struct kw__teardown {
	const char *name;		/* C: for messages */
	int order;			/* C: KW__TEARDOWN_* (lower stops first) */
	/*
	 * Does a user object still need this subsystem's threads (a kthread
	 * alive, a workqueue not destroyed, work queued)? If so, write what
	 * into why and return true; nothing is stopped then. NULL: never.
	 * Called before any subsystem is stopped; must not sleep for long.
	 */
	bool (*busy)(char *why, size_t size);	/* C */
	/*
	 * Stop and join the subsystem's threads. Return: true if none is
	 * left; false if one must stay (e.g. a timer is still armed), with
	 * what keeps it in why. Context: process context, may sleep.
	 */
	bool (*stop)(char *why, size_t size);	/* C */
	struct kw__teardown *next;	/* teardown_lock: the registry, by order */
	bool registered;		/* teardown_lock */
};

/*
 * kw__teardown_register - add t to the registry (once; later calls do
 * nothing). The first registration in a process also arranges for the
 * teardown to run at exit() (atexit(), which may allocate; glibc runs exit
 * handlers without its own lock held, so calling it under a spinlock cannot
 * deadlock with an exit in progress). Context: any; never sleeps.
 */
void kw__teardown_register(struct kw__teardown *t);

#endif /* KWORK_TEARDOWN_INTERNAL_H */
