/*
 * kthread_internal.h - kthread bookkeeping shared inside the library.
 *
 * Layer: kthread (internal). Lock legend for struct kw__kthread:
 *   A: atomic   C: set before the thread runs, then constant
 *   K: kthreadd_lock   T: written by the thread itself
 */
#ifndef KWORK_KTHREAD_INTERNAL_H
#define KWORK_KTHREAD_INTERNAL_H

#include "task_internal.h"

/* kw__kthread.flags bits */
#define KW__KTHREAD_SHOULD_STOP 0x01u
#define KW__KTHREAD_SHOULD_PARK 0x02u
#define KW__KTHREAD_IS_PER_CPU 0x04u
#define KW__KTHREAD_STARTED 0x08u	/* woken at least once */
#define KW__KTHREAD_EXITING 0x10u	/* threadfn returned / kthread_exit */
#define KW__KTHREAD_INTERNAL 0x20u	/* one of kwork's own threads */

struct kw__kthread {
	struct kw__task *task;		/* C: the task this belongs to */
	int (*threadfn)(void *data);	/* C */
	void *data;			/* C */
	int node;			/* C */
	unsigned int flags;		/* A: KW__KTHREAD_* */
	unsigned int cpu;		/* C: for IS_PER_CPU */
	bool bound;			/* A: bind_mask applies */
	struct kw_cpumask bind_mask;	/* written before start (kthread_bind) */
	long result;			/* T: threadfn's or kthread_exit's value */
	struct kw_completion parked;	/* completed each time it parks */
	struct kw_completion exited;	/* complete_all once joined */
	jmp_buf exit_jmp;		/* T: kthread_exit unwinds to here */
	struct kw_list_head reap_node;	/* K: on kthreadd's zombie list */
};

static inline struct kw__kthread *kw__to_kthread(struct kw_task *t)
{
	return kw__task(t)->kthread;
}

/*
 * kw__kthread_create_internal - create one of kwork's own threads (kworkers,
 * rescuers): like kw_kthread_create_on_node, but not counted as a user
 * kthread in leftovers reports. Return: task or ERR_PTR.
 */
struct kw_task *kw__kthread_create_internal(int (*threadfn)(void *), void *data,
					    const char *namefmt, ...)
	KW_PRINTF(3, 4);

/*
 * Stop and join kthreadd if no kthread is alive.
 * Return: true if kthreadd is not running on return.
 */
bool kw__kthread_shutdown(void);

#endif /* KWORK_KTHREAD_INTERNAL_H */
