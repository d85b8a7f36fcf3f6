/*
 * debug_internal.h - the hooks of kwork's checkers, called from the
 * mechanisms they watch: fault injection (fault.c), lock/flush dependency
 * tracking (lockdep.c), object lifetime checks (debugobjects.c) and the
 * fork() guard (fork.c). Each hook is one call at its site; the logic lives
 * in those files. See docs/debugging.md.
 *
 * Layer: task core (internal); lockdep.c and debugobjects.c read the
 * workqueue's and kthread_worker's internals to name what they report.
 */
#ifndef KWORK_DEBUG_INTERNAL_H
#define KWORK_DEBUG_INTERNAL_H

#include <kwork/fault.h>
#include <kwork/kwork.h>
#include <stddef.h>

struct kw__task;

/* Walk the entries of a kw_list (pos: a typed pointer). */
#define kw__list_for_each_entry(pos, head, member)                            \
	for (pos = kw_list_entry((head)->next, __typeof__(*pos), member);     \
	     &pos->member != (head);                                           \
	     pos = kw_list_entry(pos->member.next, __typeof__(*pos), member))

/* ---- fault.c ---------------------------------------------------------------- */

/* Parse KWORK_FAIL_* (library start-up). */
void kw__fault_init(void);

/*
 * kw__fault_should_fail - count one call at point p. Return: 0, or the
 * error to inject (-ENOMEM for KMALLOC; the armed error for THREAD).
 */
int kw__fault_should_fail(enum kw_fault_point p);

/* Calls by the calling thread between these are not counted (nestable). */
void kw__fault_suspend(void);
void kw__fault_resume(void);

/* ---- lockdep.c ---------------------------------------------------------------- */

/* Read KWORK_LOCKDEP (library start-up). */
void kw__lockdep_init(void);

/*
 * The calling task is about to take (trylock: took) / released mutex lock
 * (named name). A trylock is recorded as held but never waits, so it adds
 * no dependency.
 */
void kw__lockdep_acquired(const void *lock, const char *name, bool trylock);
void kw__lockdep_released(const void *lock);

/*
 * Flush-side checks, called before waiting. Each reports (WARN, lockdep
 * style, both sides named) a flush that cannot finish: the flushed item
 * waits behind the caller on an ordered / max_active 1 queue, or it takes
 * a lock the caller holds. Return: true if the caller must not wait.
 */
bool kw__lockdep_flush_work(struct kw_work *w, const char *call);
bool kw__lockdep_flush_wq(struct kw_workqueue *wq, const char *call);
bool kw__lockdep_kthread_flush_work(struct kw_kthread_work *w, const char *call);
bool kw__lockdep_kthread_flush_worker(struct kw_kthread_worker *worker,
				      const char *call);

/* Run one item, recording it as what the calling task executes. */
struct kw__pwq;
void kw__lockdep_run_work(struct kw__pwq *pwq, kw_work_func_t func,
			  struct kw_work *w);
void kw__lockdep_run_kthread_work(struct kw_kthread_worker *worker,
				  struct kw_kthread_work *work);

/* ---- debugobjects.c -------------------------------------------------------------- */

/* Read KWORK_DEBUG_OBJECTS (library start-up). */
void kw__debug_objects_init(void);

/*
 * kw__debug_check_free - memory [ptr, ptr + size) is about to be freed:
 * report (ODEBUG "free active") and deactivate every pending work, armed
 * timer or kthread_work in it, and report a live kthread_worker in it.
 * Return: true if the memory must not be freed (a worker thread uses it).
 */
bool kw__debug_check_free(const void *ptr, size_t size);

/* INIT_WORK / timer_setup on an object that is still active: report. */
void kw__debug_check_init_work(struct kw_work *w);
void kw__debug_check_init_timer(struct kw_timer *t);

/* Task lifetime: quarantine released tasks to catch use after release. */
void kw__task_release(struct kw__task *t);
/*
 * Return: true (after a WARN naming call) if t is not a task one may use:
 * NULL, an ERR_PTR (an unchecked kthread_create() result) or a task that
 * already exited and was released.
 */
bool kw__task_check_unusable(const void *t, const char *call);

/* ---- fork.c -------------------------------------------------------------------- */

/* Register the fork handlers (library start-up). */
void kw__fork_init(void);

/* True in a child of fork() whose parent ran kwork's threads. */
extern bool kw__forked;
bool kw__forked_child_report(const char *call);

/*
 * kw__forked_child_check - in such a child (kwork's threads do not exist
 * there): WARN naming call and return true; the caller fails.
 */
static inline bool kw__forked_child_check(const char *call)
{
	return kw_unlikely(kw__forked) && kw__forked_child_report(call);
}

#endif /* KWORK_DEBUG_INTERNAL_H */
