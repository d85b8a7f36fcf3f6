/*
 * kwork/debug.h - switches of kwork's misuse checkers (docs/debugging.md).
 *
 * Layer: task core (public API).
 *  - debugobjects (the kernel's CONFIG_DEBUG_OBJECTS_WORK / _TIMERS): kfree
 *    of memory holding a pending work, an armed timer or a live
 *    kthread_worker, and re-initialising an active work or timer, are
 *    reported ("ODEBUG: free active ...") and the object is deactivated.
 *    Off by default (each kfree then scans the pending items); on with
 *    KWORK_DEBUG_OBJECTS=1 or kw_debug_objects_enable(true); the test
 *    harness turns it on.
 *  - lockdep: flushes that wait for themselves on ordered / max_active 1
 *    queues, and lock/flush inversions. On by default; KWORK_LOCKDEP=0 or
 *    kw_lockdep_enable(false) turns it off.
 * Released task_structs are always kept poisoned in a small quarantine, so
 * kthread_stop / wake_up_process / get / put_task_struct on a task that has
 * already exited and been reaped report instead of touching freed memory.
 */
#ifndef KWORK_DEBUG_H
#define KWORK_DEBUG_H

#include <kwork/compiler.h>

KW_BEGIN_DECLS

/* kw_debug_objects_enable - turn debugobjects on or off. Return: previous. */
KW_API bool kw_debug_objects_enable(bool on);

/* kw_lockdep_enable - turn the lock/flush checker on or off. Return: previous. */
KW_API bool kw_lockdep_enable(bool on);

KW_END_DECLS

#endif /* KWORK_DEBUG_H */
