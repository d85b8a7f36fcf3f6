/*
 * kthread_worker_internal.h - what the rest of the library may do to a
 * kthread_worker's lists (dumps, stats, debugobjects, the module report).
 *
 * Layer: kthread_worker. Queued works may still sit on the worker's
 * lock-free inbox (src/kthread_worker.c); whoever walks work_list under
 * worker->lock drains the inbox first, so work_list holds every queued work
 * in FIFO order.
 */
#ifndef KWORK_KTHREAD_WORKER_INTERNAL_H
#define KWORK_KTHREAD_WORKER_INTERNAL_H

#include <kwork/kthread_worker.h>

/* Move the inbox onto the tail of work_list. worker->lock held. */
void kw__ktw_drain_inbox_locked(struct kw_kthread_worker *worker);

/*
 * Take a listed work off its list and make it idle (no longer pending), as
 * a fix-up for memory being freed. worker->lock held.
 */
void kw__ktw_unlist_work_locked(struct kw_kthread_work *work);

#endif
