/*
 * kwork/kthread.h - kernel threads.
 *
 * Layer: kthread (public API). A kthread is a named pthread created by the
 * kwork "kthreadd" thread, so it starts from a clean context: every signal
 * blocked, the process's default affinity, SCHED_OTHER at nice 0. It is
 * created asleep and enters threadfn only once woken (kw_wake_up_process,
 * or kthread_park / kthread_stop). Its name is printf-formatted; comm and
 * the OS thread name keep 15 characters, the full name up to 63.
 */
#ifndef KWORK_KTHREAD_H
#define KWORK_KTHREAD_H

#include <kwork/compiler.h>
#include <kwork/cpu.h>
#include <kwork/task.h>
#include <stdarg.h>

KW_BEGIN_DECLS

struct kw_completion;

/*
 * ERR_PTR / PTR_ERR / IS_ERR / IS_ERR_OR_NULL: an error code -1..-4095
 * carried in a pointer (the top page of the address space), as the
 * kernel's. KW_IS_ERR_VALUE(x): x lies in that range. Context: any.
 */
#define KW_MAX_ERRNO 4095
#define KW_IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-KW_MAX_ERRNO)
static inline void *kw_err_ptr(long error) { return (void *)error; }
static inline long kw_ptr_err(const void *ptr) { return (long)ptr; }
static inline bool kw_is_err(const void *ptr) { return KW_IS_ERR_VALUE(ptr); }
static inline bool kw_is_err_or_null(const void *ptr)
{
	return !ptr || KW_IS_ERR_VALUE(ptr);
}

/*
 * kw_kthread_create_on_node - create a sleeping kthread running threadfn(data),
 * named by namefmt; _v takes the arguments as a va_list.
 * Context: may sleep (waits, uninterruptibly, for kthreadd). node is recorded
 * but places nothing (a process has no NUMA placement it can promise).
 * Return: the task, or ERR_PTR(-ENOMEM) / ERR_PTR(-EAGAIN) when the thread
 * cannot be made. In a child of fork(): WARN, ERR_PTR(-EAGAIN).
 */
KW_API struct kw_task *kw_kthread_create_on_node(int (*threadfn)(void *data),
						 void *data, int node,
						 const char *namefmt, ...)
	KW_PRINTF(4, 5);
KW_API struct kw_task *kw_kthread_create_on_node_v(int (*threadfn)(void *data),
						   void *data, int node,
						   const char *namefmt,
						   va_list args);

/*
 * kw_kthread_create_on_cpu - as kthread_create_on_node(), named namefmt with
 * cpu as its one argument, bound to cpu, and marked per-CPU (it returns to
 * cpu on every unpark). Context: may sleep. Return: as kthread_create_on_node.
 */
KW_API struct kw_task *kw_kthread_create_on_cpu(int (*threadfn)(void *data),
						void *data, unsigned int cpu,
						const char *namefmt);

/*
 * kthread_create - kthread_create_on_node() on no particular node: created
 * asleep, wake it with wake_up_process(). kthread_run - the same, woken if
 * created. Context: may sleep. Return: the task or an ERR_PTR.
 */
#define kw_kthread_create(threadfn, data, ...) \
	kw_kthread_create_on_node(threadfn, data, KW_NUMA_NO_NODE, __VA_ARGS__)
#define kw_kthread_run(threadfn, data, ...)                              \
	({                                                               \
		struct kw_task *__k =                                    \
			kw_kthread_create(threadfn, data, __VA_ARGS__);  \
		if (!kw_is_err(__k))                                     \
			kw_wake_up_process(__k);                         \
		__k;                                                     \
	})

/*
 * kw_kthread_run_on_cpu - kthread_run_on_cpu(): kthread_create_on_cpu()
 * (threadfn bound to cpu, namefmt formatted with cpu as its one argument,
 * e.g. "name/%u") and, if that succeeded, wake it. Context: may sleep.
 * Return: the task, or an ERR_PTR from the creation (not woken then).
 */
KW_API struct kw_task *kw_kthread_run_on_cpu(int (*threadfn)(void *data),
					     void *data, unsigned int cpu,
					     const char *namefmt);

/*
 * kw_kthread_bind / _mask - pin a created, not yet woken kthread to cpu /
 * mask; applied when it starts. Context: any; never sleeps. On a thread
 * already woken: if it sleeps in TASK_UNINTERRUPTIBLE it is bound at once
 * and WARNs once "has already been woken" (6.14+); in any other state it
 * WARNs "has already been woken and is not inactive", no change. On a task
 * that is not a kthread: WARN, no change.
 */
KW_API void kw_kthread_bind(struct kw_task *k, unsigned int cpu);
KW_API void kw_kthread_bind_mask(struct kw_task *k,
				 const struct kw_cpumask *mask);

/*
 * kw_kthread_stop - make kthread_should_stop() true in k, make
 * signal_pending() true in it, unpark and wake it, and wait until it has
 * exited and its thread is joined. Context: may sleep.
 * Return: threadfn's return value or the kthread_exit() code; -EINTR if k
 * was never woken (threadfn never ran). Misuse: on itself WARN, -EDEADLK;
 * on a task that is not a kthread WARN, -EINVAL; on a task already
 * released WARN (use after free), its recorded exit code; in a child of
 * fork() WARN, -EINTR.
 */
KW_API int kw_kthread_stop(struct kw_task *k);
/*
 * kw_kthread_stop_put - kthread_stop(), then drop one reference to k (the
 * caller's get_task_struct()). Context: may sleep. Return: as kthread_stop.
 */
KW_API int kw_kthread_stop_put(struct kw_task *k);

/*
 * kw_kthread_should_stop / _should_park / _should_stop_or_park - has
 * kthread_stop() (resp. kthread_park(), either) been called on the current
 * kthread? Context: any; never sleeps. Return: false when the caller is not
 * a kthread (no WARN, as in the kernel's checks of a non-kthread's flags).
 */
KW_API bool kw_kthread_should_stop(void);
KW_API bool kw_kthread_should_park(void);
KW_API bool kw_kthread_should_stop_or_park(void);
/*
 * kw_kthread_freezable_should_stop - kthread_freezable_should_stop():
 * kwork has no system freeze, so it never freezes; sets *was_frozen (if
 * non-NULL) to false. Return: kthread_should_stop().
 */
KW_API bool kw_kthread_freezable_should_stop(bool *was_frozen);

/*
 * kw_kthread_park - ask k to park and wait until it has (it parks in
 * kthread_parkme(), or before threadfn if not yet started).
 * Context: may sleep. On current: sets the request only, no wait.
 * Return: 0 once parked; -EBUSY (WARN_ON_ONCE) if already park-requested;
 * -ENOSYS (WARN) if k is exiting; -EINVAL (WARN) if k is not a kthread.
 */
KW_API int kw_kthread_park(struct kw_task *k);
/*
 * kw_kthread_unpark - clear k's park request and wake it from TASK_PARKED
 * (a per-CPU kthread back on its cpu). No park requested, or not a
 * kthread: nothing happens, no WARN. Context: any; never sleeps.
 */
KW_API void kw_kthread_unpark(struct kw_task *k);
/*
 * kw_kthread_parkme - called by a kthread: sleep in TASK_PARKED while a park
 * is requested (telling kthread_park() it has parked). Context: may sleep.
 * Called by a task that is not a kthread: WARN, returns.
 */
KW_API void kw_kthread_parkme(void);

/*
 * kw_kthread_data / kw_kthread_func - the data / threadfn k was created
 * with. Context: any. Return: NULL if k is not a kthread.
 */
KW_API void *kw_kthread_data(struct kw_task *k);
KW_API void *kw_kthread_func(struct kw_task *k);
/* Return: true if k is a kthread (kwork's own included). Context: any. */
KW_API bool kw_is_kthread(struct kw_task *k);

/*
 * kw_kthread_exit - end the calling kthread now (threadfn does not return);
 * code becomes kthread_stop()'s return value. Called by a task that is not
 * a kthread: WARN, and the calling thread ends anyway.
 */
KW_API KW_NORETURN void kw_kthread_exit(long code);
/*
 * kw_kthread_complete_and_exit - mark the kthread exiting (a kthread_park()
 * from now fails with -ENOSYS), complete(comp) if comp is not NULL, then
 * kthread_exit(code): whoever waits on comp may unload the code.
 */
KW_API KW_NORETURN void kw_kthread_complete_and_exit(struct kw_completion *comp,
						     long code);

/*
 * kw_get_kthread_comm - copy into buf (size bytes, NUL-terminated, cut to
 * fit) the full (up to 63 character) name of k; a task that is not a
 * kthread has its comm there. Context: any.
 */
KW_API void kw_get_kthread_comm(char *buf, size_t size, struct kw_task *k);

/*
 * 2.6-era API. kw_kernel_thread starts fn(arg) at once as a kthread named
 * with its caller's comm (as fork() would) until it calls daemonize();
 * flags are accepted for source compatibility (clone flags have no
 * meaning for a thread). Context: may sleep. Return: the new thread's
 * pid, or -ENOMEM / kthread_create()'s error.
 * kw_daemonize - rename the calling task (comm and thread name, as
 * set_task_comm()) from a printf format; nothing else to detach from.
 */
KW_API int kw_kernel_thread(int (*fn)(void *), void *arg, unsigned long flags);
KW_API void kw_daemonize(const char *namefmt, ...) KW_PRINTF(1, 2);

/*
 * Number of kthreads created through this API and not yet reaped (kwork's
 * own threads are not counted), for leftovers reports and tests.
 */
KW_API unsigned int kw_kthreads_alive(void);

KW_END_DECLS

#endif /* KWORK_KTHREAD_H */
