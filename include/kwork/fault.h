/*
 * kwork/fault.h - fault injection: make allocations and thread creation
 * fail on purpose (the kernel's failslab and fault-injection attributes).
 *
 * Layer: task core (public API). Two fault points:
 *  - KW_FAULT_KMALLOC: kmalloc and friends (kw_kmalloc, kw_krealloc) return
 *    NULL, and kthread_create's task allocation fails (-ENOMEM);
 *  - KW_FAULT_THREAD: creating an OS thread fails: kthread_create returns
 *    ERR_PTR(error) (default -EAGAIN, as when pthread_create hits a limit),
 *    and so does the creation of kworkers and rescuers inside workqueues.
 * Each point counts its calls from the moment it is armed. The Nth call
 * (nth, 1 = the next one) and the following ones fail, up to times
 * failures; with a rate each call from then on fails with that probability.
 * The environment arms the points at start-up, with the same words:
 *   KWORK_FAIL_KMALLOC=nth:5            the 5th kmalloc fails
 *   KWORK_FAIL_THREAD=rate:0.1,times:-1 every thread creation fails with p=0.1
 *   KWORK_FAIL_THREAD=nth:1,times:3,error:ENOMEM,verbose
 *   KWORK_FAIL_SEED=n                   seed of the rate's random numbers
 * Calls made while a workqueue starts its first kworkers are not counted
 * (the process could not start otherwise). See docs/debugging.md.
 */
#ifndef KWORK_FAULT_H
#define KWORK_FAULT_H

#include <kwork/compiler.h>

KW_BEGIN_DECLS

enum kw_fault_point {
	KW_FAULT_KMALLOC,
	KW_FAULT_THREAD,
	KW_FAULT_NR_POINTS
};

struct kw_fault_attr {
	unsigned long nth;	/* the first failing call (1 = next); 0: by rate only */
	double rate;		/* 0..1: probability from the nth call on (0: always) */
	long times;		/* failures at most; -1: no limit; 0: 1 with nth, no limit with rate */
	int error;		/* KW_FAULT_THREAD: -EAGAIN (0) or -ENOMEM */
	bool verbose;		/* log each injected failure */
};

/*
 * kw_fault_set - arm fault point p with attr, or disarm it (attr NULL).
 * Restarts its call count. Return: 0, or -EINVAL for a bad point or
 * attribute (rate outside 0..1, nth and rate both 0, error not -EAGAIN /
 * -ENOMEM).
 */
KW_API int kw_fault_set(enum kw_fault_point p, const struct kw_fault_attr *attr);

/*
 * kw_fault_set_spec - arm p from the environment's words ("nth:5",
 * "rate:0.1,times:-1,error:ENOMEM,verbose"); "" or "off" disarms.
 * Return: 0 or -EINVAL (nothing changed).
 */
KW_API int kw_fault_set_spec(enum kw_fault_point p, const char *spec);

/* kw_fault_injected - failures injected at p since it was last armed. */
KW_API unsigned long kw_fault_injected(enum kw_fault_point p);

KW_END_DECLS

#endif /* KWORK_FAULT_H */
