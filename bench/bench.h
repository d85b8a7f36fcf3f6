/*
 * bench.h - the workload driver shared by every bench executable.
 *
 * What: one executable per library (floors, kwork, glib, libuv, tbb,
 * cthreadpool); each links common.c and defines its rows as struct
 * bench_peer. common.c parses --workload/--peer/--n..., runs the workload
 * against the chosen peer in this process and prints one machine-readable
 * "BENCH key=value ..." line (or "SKIP ..." when a row cannot run here).
 *
 * A task is a distinct caller-owned item (struct bench_item, first member
 * of the peer's own item struct) whose body, bench_item_run(), increments
 * an atomic counter. Serial workloads check strict FIFO and one-at-a-time
 * in the body and abort the run loudly when either breaks.
 *
 * Threads: the producer(s) (main thread, or P threads for W4), the peer's
 * workers, and for timers the peer's timer thread. Completion is signalled
 * with a futex the last task wakes, the same for every peer, so that the
 * waiting side costs the same everywhere.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum bench_kind { BENCH_TASK = 0, BENCH_BLOCKER = 1 };

struct bench_item {
	uint64_t seq;		/* submission order, checked by serial rows */
	int kind;		/* enum bench_kind */
	int64_t t_due;		/* timers: arm time + requested delay (ns) */
	int64_t t_min;		/* timers: earliest firing the peer promises */
	int64_t t_fired;	/* timers: when the callback ran (0: never) */
	int64_t delay_ns;	/* timers: the requested delay */
};

/* The workload's configuration (read-only once the run starts). */
struct bench_cfg {
	const char *workload;	/* W1 W2 W3 W3cold W4 W5 W5C W6 SQ ST */
	const char *peer;	/* row name, e.g. "F2", "libuv", "kwork-unbound" */
	long n;			/* tasks / round trips / timers / pending */
	int threads;		/* workers of a concurrent pool */
	int producers;		/* W4 / scaling */
	int serial;		/* W2: a serial executor is wanted */
	int gap_us;		/* W3cold: sleep before each submit */
	int callgrind;		/* SQ under callgrind: count only the submits */
};

/*
 * One row. Every hook is optional except those its workloads need; common.c
 * supplies the defaults noted. Pool hooks run on the producer thread.
 */
struct bench_peer {
	const char *name;
	size_t item_size;	/* sizeof the peer's item (bench_item first) */
	size_t handle_size;	/* bytes of library handle inside the item */
	const char *workloads;	/* space-separated list of supported ones */
	const char *why_not;	/* non-NULL: row not built here ("SKIP") */

	int (*init)(const struct bench_cfg *cfg);	/* 0 or -1 */
	void (*fini)(void);
	/* Initialise a new item's library handle (untimed; e.g. INIT_WORK). */
	void (*prepare)(struct bench_item *it);
	/* Runs fn(arg) as a producer (oneTBB: inside its arena). */
	void (*run_producer)(void (*fn)(void *), void *arg);
	void (*producer_begin)(void);	/* per producer thread */
	void (*producer_end)(void);	/* ...after its last submit */
	void (*submit)(struct bench_item *it);
	/* Queue a blocker that holds worker i (default: submit). */
	void (*submit_blocker)(struct bench_item *it, int i);
	int (*nr_blockers)(void);	/* default cfg->threads */
	/* Wait until the in-flight ping-pong task ran (default: futex). */
	void (*wait_one)(void);

	/* Timers: arm delay_ms from now, filling it->t_due and t_min. */
	void (*timer_arm)(struct bench_item *it, int delay_ms);
	int (*timer_cancel)(struct bench_item *it);	/* 1 if disarmed */
	void (*timer_run)(void);	/* libuv: run the loop until done */
};

#ifndef __cplusplus
#include <stdatomic.h>

/* Shared run state (C only); bench_item_run() is the task body. */
struct bench_state {
	_Atomic uint64_t done;		/* tasks run */
	_Atomic uint64_t target;	/* done value that ends the phase */
	_Atomic unsigned int finished;	/* futex: 1 once done == target */
	int serial;
	_Atomic uint64_t next_seq;	/* serial: the seq expected next */
	_Atomic int in_body;		/* serial: tasks inside the body */
	_Atomic unsigned int gate;	/* futex: blockers wait while 0 */
	_Atomic int blockers_started;
};

extern struct bench_state bench;
void bench_futex_wait(_Atomic unsigned int *w, unsigned int val);
void bench_futex_wake(_Atomic unsigned int *w, int n);
#endif

extern const struct bench_cfg *bench_cfg;

/*
 * W5's granularity target: a timer is on time if it is late by at most
 * max(1 jiffy, 12.5 % of its delay), the timing wheel's granularity. The
 * jiffy is kwork's (bench_kwork sets it from KW_HZ before bench_main);
 * every row is judged against the same figure. Default 1 ms (HZ=1000).
 */
extern int64_t bench_jiffy_ns;

/* The task body (tasks and blockers). Context: any peer thread. */
void bench_item_run(struct bench_item *it);
/* Timer callback body: records the firing time, then counts it done. */
void bench_timer_fired(struct bench_item *it);

/* Monotonic clock, ns (CLOCK_MONOTONIC, the clock every peer uses). */
int64_t bench_now_ns(void);

/* Print "FAIL ..." and exit(1): the run is invalid. */
void bench_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* The executable's main(): parse argv, pick the row, run, print. */
int bench_main(int argc, char **argv, const struct bench_peer *const *peers);

#ifdef __cplusplus
}
#endif

#endif /* BENCH_H */
