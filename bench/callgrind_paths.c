/*
 * callgrind_paths.c - instructions per operation on kwork's submit and run
 * paths, counted by valgrind's callgrind (scripts/callgrind-paths.sh builds
 * and runs this; docs/PERFORMANCE.md keeps the numbers).
 *
 * Each phase runs N operations with instrumentation on and nothing else:
 * the driver turns it on (CALLGRIND_START_INSTRUMENTATION, valgrind started
 * with --instr-atstart=no) just around the loop, then dumps the counts
 * under the phase's name (CALLGRIND_DUMP_STATS_AT). The script divides each
 * dump's total by N. Every thread is counted (the timer thread's ticks
 * during a phase too: a few instructions per op at most).
 *
 * Phases:
 *   unbound_queue_work   queue_work into an unbound wq whose workers are all
 *                        held by blockers (the items only get queued)
 *   unbound_worker_item  release the blockers: the workers run the N items
 *                        (the cost per item of the worker loop, the body is
 *                        one atomic add and a compare)
 *   system_wq_queue_work queue_work into system_wq, every CPU's pool held
 *   system_wq_worker_item the per-CPU workers run them
 *   kthread_queue_work   kthread_queue_work onto a held kthread_worker
 *   kthread_worker_item  kthread_worker_fn runs them
 *   mod_timer            arm N timers (expires spread over 1..500 jiffies
 *                        ahead, computed from one jiffies read as a caller
 *                        computing "jiffies + delay" once would)
 *   timer_delete         delete them, all still pending
 *
 * The driver's own loop is in the counts (4-9 instructions per op: the
 * loop, the return check and the inline kw_queue_work wrapper).
 *
 * Threads: the producer is the program's main (non-kwork) thread, as in
 * bench/ SQ. Under valgrind threads run one at a time, so the counts are
 * deterministic up to scheduling of the blockers' wake-ups.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sched.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/syscall.h>

#include <valgrind/callgrind.h>
#include <kwork/kwork.h>

static long n = 20000;

static atomic_long ran;		/* items run in this phase */
static atomic_int started;	/* blockers running */
/*
 * Raw futex words, not kwork sleeps: a blocker waiting in a kwork sleep
 * would let system_wq's concurrency management wake another worker, which
 * would then run the items while the submits are being counted.
 */
static atomic_int gate;		/* 1: blockers return */
static atomic_int done;		/* 1: the phase's last item ran */

static void die(const char *what)
{
	fprintf(stderr, "callgrind_paths: %s\n", what);
	exit(1);
}

static void futex_wait_set(atomic_int *w)
{
	while (!atomic_load(w))
		syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
}

static void futex_set(atomic_int *w)
{
	atomic_store(w, 1);
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static void count_one(void)
{
	if (atomic_fetch_add_explicit(&ran, 1, memory_order_relaxed) + 1 == n)
		futex_set(&done);
}

static void hold(void)
{
	atomic_fetch_add(&started, 1);
	futex_wait_set(&gate);
}

static void wait_started(int nb)
{
	while (atomic_load(&started) < nb)
		sched_yield();
}

/* Before the blockers are queued. */
static void phase_reset(void)
{
	atomic_store(&started, 0);
	atomic_store(&gate, 0);
	atomic_store(&done, 0);
}

static void phase_begin(int nb)
{
	atomic_store(&ran, 0);
	wait_started(nb);
}

/*
 * Instrumentation, not collection: callgrind's collect state is per thread,
 * instrumentation is global, and the worker phases count the workers.
 */
#define MEASURE(name, body) do {			\
	CALLGRIND_ZERO_STATS;				\
	CALLGRIND_START_INSTRUMENTATION;		\
	body;						\
	CALLGRIND_STOP_INSTRUMENTATION;			\
	CALLGRIND_DUMP_STATS_AT(name);			\
} while (0)

/* ---- workqueues ---------------------------------------------------------- */

static void wq_item_fn(struct kw_work *w)
{
	count_one();
}

static void wq_blocker_fn(struct kw_work *w)
{
	hold();
}

static void run_wq(const char *tag, struct kw_workqueue *wq, int nb,
		   int per_cpu, struct kw_work *items)
{
	struct kw_work *blk = calloc((size_t)nb, sizeof(*blk));
	char name[64];

	if (!blk)
		die("out of memory");
	phase_reset();
	for (int i = 0; i < nb; i++) {
		KW_INIT_WORK(&blk[i], wq_blocker_fn);
		if (!(per_cpu ? kw_queue_work_on(i, wq, &blk[i]) :
		      kw_queue_work(wq, &blk[i])))
			die("blocker not queued");
	}
	phase_begin(nb);
	for (long i = 0; i < n; i++)
		KW_INIT_WORK(&items[i], wq_item_fn);
	snprintf(name, sizeof(name), "%s_queue_work", tag);
	MEASURE(name, for (long i = 0; i < n; i++)
		if (!kw_queue_work(wq, &items[i]))
			die("queue_work returned false for a fresh item"));
	snprintf(name, sizeof(name), "%s_worker_item", tag);
	MEASURE(name, futex_set(&gate); futex_wait_set(&done));
	for (int i = 0; i < nb; i++)
		kw_flush_work(&blk[i]);
	free(blk);
}

/* ---- kthread_worker ------------------------------------------------------ */

static void kt_item_fn(struct kw_kthread_work *w)
{
	count_one();
}

static void kt_blocker_fn(struct kw_kthread_work *w)
{
	hold();
}

static void run_kthread(void)
{
	struct kw_kthread_worker *worker = kw_kthread_create_worker(0, "cg_kw");
	struct kw_kthread_work *items = calloc((size_t)n, sizeof(*items));
	struct kw_kthread_work blk;

	if (kw_is_err(worker) || !items)
		die("kthread_worker setup");
	kw_kthread_init_work(&blk, kt_blocker_fn);
	phase_reset();
	kw_kthread_queue_work(worker, &blk);
	phase_begin(1);
	for (long i = 0; i < n; i++)
		kw_kthread_init_work(&items[i], kt_item_fn);
	MEASURE("kthread_queue_work", for (long i = 0; i < n; i++)
		if (!kw_kthread_queue_work(worker, &items[i]))
			die("kthread_queue_work returned false"));
	MEASURE("kthread_worker_item",
		futex_set(&gate); futex_wait_set(&done));
	kw_kthread_destroy_worker(worker);
	free(items);
}

/* ---- timers -------------------------------------------------------------- */

static void timer_fn(struct kw_timer *t)
{
	die("a timer fired during the run (expires too close?)");
}

static void run_timers(void)
{
	struct kw_timer *t = calloc((size_t)n, sizeof(*t));
	unsigned long base;

	if (!t)
		die("out of memory");
	for (long i = 0; i < n; i++)
		kw_timer_setup(&t[i], timer_fn, 0);
	/* 1000 jiffies of slack: valgrind runs slowly, nothing may fire. */
	base = kw_jiffies() + 1000;
	MEASURE("mod_timer", for (long i = 0; i < n; i++)
		kw_mod_timer(&t[i], base + 1 + (unsigned long)(i % 500)));
	MEASURE("timer_delete", for (long i = 0; i < n; i++)
		if (!kw_timer_delete(&t[i]))
			die("timer_delete: timer was not pending"));
	free(t);
}

int main(int argc, char **argv)
{
	struct kw_work *items;
	struct kw_workqueue *ub;
	int ncpu = (int)kw_nr_cpu_ids();

	if (argc > 1)
		n = atol(argv[1]);
	if (n < 1)
		die("usage: callgrind_paths [N]");
	items = calloc((size_t)n, sizeof(*items));
	if (!items)
		die("out of memory");
	/* As the bench's unbound row: max_active = CPUs, every worker held. */
	ub = kw_alloc_workqueue("cg_unbound", KW_WQ_UNBOUND, ncpu);
	if (!ub)
		die("alloc_workqueue");
	run_wq("unbound", ub, ncpu, 0, items);
	kw_destroy_workqueue(ub);
	run_wq("system_wq", kw_system_wq(), ncpu, 1, items);
	run_kthread();
	run_timers();
	free(items);
	return 0;
}
