/*
 * kwork/init.h - the end of the library's life in a process.
 *
 * Layer: task core (public API). kwork starts by itself (its threads start
 * on first use: kthreadd with the first kthread, ktimers with the first
 * armed timer, the kworkers with the first workqueue). At the end, every
 * thread kwork runs for itself is stopped and joined: by kw_shutdown(), or
 * when the process calls exit() (or returns from main) with nothing of the
 * user's left, so tools that look for threads alive at exit (valgrind,
 * helgrind, sanitizers) find none.
 */
#ifndef KWORK_INIT_H
#define KWORK_INIT_H

#include <kwork/compiler.h>

KW_BEGIN_DECLS

/*
 * kw_shutdown - stop and join every thread kwork runs for itself: the
 * kworkers (with the system workqueues), ktimers, kthreadd, and the threads
 * of any other kwork subsystem. Call it at the end, once the program's own
 * kthreads are stopped, its workqueues destroyed, its works finished and its
 * timers deleted. kwork must not be used afterwards.
 * Nothing is stopped if something of the user's still needs kwork's threads:
 * then a message names it ("kwork: shutdown refused: kthreadd: 1 kthread
 * still running") and the result is -EBUSY.
 * Context: process context, in a thread that is not a kwork thread; from a
 * kthread, a work or a timer callback it WARNs and returns -EDEADLK.
 * Return: 0 once no kwork thread is left (also when none had started).
 * The same teardown runs silently at exit() when nothing is left.
 */
KW_API int kw_shutdown(void);

KW_END_DECLS

#endif /* KWORK_INIT_H */
