/*
 * common.c - argument parsing, the workloads and the summary line.
 *
 * What: bench_main() runs one (workload, row) pair in this process and
 * prints one "BENCH key=value ..." line with every parameter and figure,
 * "SKIP ..." when the row is not available, or "FAIL ..." (exit 1) when a
 * check fails (serial order, a lost task, an early timer is only counted).
 *
 * Threads: the main thread is the producer (W4: P producer threads started
 * together); the row's workers run bench_item_run(). Ordering: the task
 * that brings bench.done to bench.target sets bench.finished and wakes the
 * waiter (release/acquire on done).
 */
#define _GNU_SOURCE
#include "bench.h"

#include <dlfcn.h>
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_TOGGLE_COLLECT do { } while (0)
#endif

struct bench_state bench;
const struct bench_cfg *bench_cfg;
int64_t bench_jiffy_ns = 1000000;
static struct bench_cfg cfg;
static const struct bench_peer *peer;
static char line[2048];		/* the BENCH line being built */

int64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t cpu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void bench_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	printf("FAIL workload=%s peer=%s: ", cfg.workload, cfg.peer);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	_exit(1);
}

void bench_futex_wait(_Atomic unsigned int *w, unsigned int val)
{
	syscall(SYS_futex, (unsigned int *)w, FUTEX_WAIT_PRIVATE, val, NULL,
		NULL, 0);
}

void bench_futex_wake(_Atomic unsigned int *w, int n)
{
	syscall(SYS_futex, (unsigned int *)w, FUTEX_WAKE_PRIVATE, n, NULL,
		NULL, 0);
}

static void check_serial(struct bench_item *it)
{
	uint64_t want;

	if (atomic_fetch_add_explicit(&bench.in_body, 1,
				      memory_order_acquire) != 0)
		bench_fail("serial row ran two tasks at once (seq %llu)",
			   (unsigned long long)it->seq);
	want = atomic_load_explicit(&bench.next_seq, memory_order_relaxed);
	if (it->seq != want)
		bench_fail("serial row broke FIFO: ran seq %llu, expected %llu",
			   (unsigned long long)it->seq,
			   (unsigned long long)want);
	atomic_store_explicit(&bench.next_seq, want + 1, memory_order_relaxed);
	atomic_fetch_sub_explicit(&bench.in_body, 1, memory_order_release);
}

static void count_done(void)
{
	uint64_t d = atomic_fetch_add_explicit(&bench.done, 1,
					       memory_order_acq_rel) + 1;

	/* finished: 0 running, 2 a waiter sleeps, 1 done (wake only if 2). */
	if (d == atomic_load_explicit(&bench.target, memory_order_relaxed) &&
	    atomic_exchange_explicit(&bench.finished, 1,
				     memory_order_acq_rel) == 2)
		bench_futex_wake(&bench.finished, 1);
}

void bench_item_run(struct bench_item *it)
{
	if (it->kind == BENCH_BLOCKER) {
		atomic_fetch_add(&bench.blockers_started, 1);
		while (!atomic_load(&bench.gate))
			bench_futex_wait(&bench.gate, 0);
		return;
	}
	if (bench.serial)
		check_serial(it);
	count_done();
}

void bench_timer_fired(struct bench_item *it)
{
	it->t_fired = bench_now_ns();
	count_done();
}

/* Arm the completion futex for target more tasks. */
static void expect(uint64_t more)
{
	atomic_store(&bench.finished, 0);
	atomic_store(&bench.target, atomic_load(&bench.done) + more);
}

static void wait_finished(void)
{
	unsigned int v = 0;

	if (!atomic_compare_exchange_strong(&bench.finished, &v, 2) && v == 1)
		return;
	while (atomic_load_explicit(&bench.finished, memory_order_acquire) != 1)
		bench_futex_wait(&bench.finished, 2);
}

/* ---- helpers -------------------------------------------------------- */

/* Every item array, freed once the row is torn down (items must outlive
 * the library's last touch of them). */
static void *owned[8];
static int nr_owned;

static void *own(void *p)
{
	if (!p || nr_owned == (int)(sizeof(owned) / sizeof(owned[0])))
		bench_fail("out of memory");
	owned[nr_owned++] = p;
	return p;
}

static void free_owned(void)
{
	while (nr_owned)
		free(owned[--nr_owned]);
}

static void *alloc_items(long n)
{
	size_t sz = (size_t)n * peer->item_size;
	void *p = NULL;

	if (posix_memalign(&p, 64, sz ? sz : 64))
		bench_fail("out of memory for %ld items", n);
	memset(p, 0, sz);
	return own(p);
}

static struct bench_item *item_at(void *base, long i)
{
	return (struct bench_item *)((char *)base + (size_t)i * peer->item_size);
}

static void number_items(void *base, long n, uint64_t first_seq)
{
	for (long i = 0; i < n; i++) {
		item_at(base, i)->seq = first_seq + (uint64_t)i;
		if (peer->prepare)
			peer->prepare(item_at(base, i));
	}
}

static void add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void add(const char *fmt, ...)
{
	size_t len = strlen(line);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	va_end(ap);
}

static void begin_line(void)
{
	snprintf(line, sizeof(line),
		 "BENCH workload=%s peer=%s n=%ld threads=%d producers=%d",
		 cfg.workload, cfg.peer, cfg.n, cfg.threads, cfg.producers);
	if (cfg.gap_us)
		add(" gap_us=%d", cfg.gap_us);
}

static void end_line(void)
{
	printf("%s\n", line);
	fflush(stdout);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t pct(const int64_t *sorted, long n, double q)
{
	return sorted[(long)(q * (double)(n - 1) + 0.5)];
}

static void run_producer(void (*fn)(void *), void *arg)
{
	if (peer->run_producer)
		peer->run_producer(fn, arg);
	else
		fn(arg);
}

static void submit_all(void *base, long from, long to)
{
	if (peer->producer_begin)
		peer->producer_begin();
	for (long i = from; i < to; i++)
		peer->submit(item_at(base, i));
	if (peer->producer_end)
		peer->producer_end();
}

/* ---- W1 / W2 / W4: fan-out from P producers ---------------------------- */

struct range {
	void *base;
	long from, to;
	pthread_t thread;
	_Atomic int *go;
};

static void produce(void *arg)
{
	struct range *r = arg;

	submit_all(r->base, r->from, r->to);
}

static void *producer_thread(void *arg)
{
	struct range *r = arg;

	while (!atomic_load(r->go))
		bench_futex_wait((_Atomic unsigned int *)r->go, 0);
	run_producer(produce, r);
	return NULL;
}

static void fan_out(void *base, long n, int producers)
{
	_Atomic int go = 0;
	struct range *r = calloc((size_t)producers, sizeof(*r));

	for (int p = 0; p < producers; p++) {
		r[p].base = base;
		r[p].from = n * p / producers;
		r[p].to = n * (p + 1) / producers;
		r[p].go = &go;
	}
	expect((uint64_t)n);
	if (producers == 1) {
		run_producer(produce, &r[0]);
	} else {
		for (int p = 0; p < producers; p++)
			if (pthread_create(&r[p].thread, NULL, producer_thread,
					   &r[p]))
				bench_fail("pthread_create");
		atomic_store(&go, 1);
		bench_futex_wake((_Atomic unsigned int *)&go, producers);
		for (int p = 0; p < producers; p++)
			pthread_join(r[p].thread, NULL);
	}
	wait_finished();
	free(r);
}

static void w_pool(void)
{
	long warm = cfg.n / 10 < 10000 ? cfg.n / 10 : 10000;
	void *wbase = alloc_items(warm), *base = alloc_items(cfg.n);
	int64_t t0, c0, t1, c1;

	number_items(wbase, warm, 0);
	number_items(base, cfg.n, (uint64_t)warm);
	fan_out(wbase, warm, 1);	/* start the workers */
	t0 = bench_now_ns();
	c0 = cpu_now_ns();
	fan_out(base, cfg.n, cfg.producers);
	t1 = bench_now_ns();
	c1 = cpu_now_ns();
	if (atomic_load(&bench.done) != (uint64_t)(warm + cfg.n))
		bench_fail("ran %llu tasks of %ld",
			   (unsigned long long)atomic_load(&bench.done),
			   warm + cfg.n);
	begin_line();
	add(" serial=%d ns_per_task=%.1f cpu_ns_per_task=%.1f",
	    cfg.serial, (double)(t1 - t0) / cfg.n, (double)(c1 - c0) / cfg.n);
	end_line();
}

/* ---- W3 / W3cold: ping-pong ---------------------------------------------- */

struct pp {
	void *base;
	long n, warm;
	int64_t *lat;
	int64_t cpu;
};

static void wait_one(void)
{
	if (peer->wait_one)
		peer->wait_one();
	else
		wait_finished();
}

static void ping_pong(void *arg)
{
	struct pp *pp = arg;
	struct timespec gap = { 0, (long)cfg.gap_us * 1000 };
	int64_t c0 = 0;

	if (peer->producer_begin)
		peer->producer_begin();
	for (long i = 0; i < pp->warm + pp->n; i++) {
		int64_t t;

		if (i == pp->warm)
			c0 = cpu_now_ns();
		if (cfg.gap_us)
			clock_nanosleep(CLOCK_MONOTONIC, 0, &gap, NULL);
		expect(1);
		t = bench_now_ns();
		peer->submit(item_at(pp->base, i));
		wait_one();
		if (i >= pp->warm)
			pp->lat[i - pp->warm] = bench_now_ns() - t;
	}
	pp->cpu = cpu_now_ns() - c0;
	if (peer->producer_end)
		peer->producer_end();
}

static void w_pingpong(void)
{
	struct pp pp = { .n = cfg.n, .warm = cfg.n / 20 < 1000 ? cfg.n / 20 : 1000 };
	pp.base = alloc_items(pp.warm + pp.n);
	pp.lat = own(calloc((size_t)pp.n, sizeof(int64_t)));
	number_items(pp.base, pp.warm + pp.n, 0);
	run_producer(ping_pong, &pp);
	qsort(pp.lat, (size_t)pp.n, sizeof(int64_t), cmp_i64);
	begin_line();
	add(" p50_us=%.2f p99_us=%.2f max_us=%.2f cpu_us_per_rt=%.2f",
	    pct(pp.lat, pp.n, 0.50) / 1e3, pct(pp.lat, pp.n, 0.99) / 1e3,
	    pp.lat[pp.n - 1] / 1e3, (double)pp.cpu / pp.n / 1e3);
	end_line();
}

/* ---- W6 / SQ: queue with every worker blocked ------------------------------ */

struct blk {
	void *base, *blockers;
	int nb;
	int64_t t_submit;
	uint64_t mallocs, bytes;
	int64_t rss;
	int have_count;
};

typedef void (*snap_fn)(uint64_t *calls, uint64_t *bytes);

/* Resident bytes (catches allocators that bypass malloc, e.g. oneTBB's). */
static int64_t rss_bytes(void)
{
	long pages = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &res) != 2)
			res = 0;
		fclose(f);
	}
	return (int64_t)res * sysconf(_SC_PAGESIZE);
}

static void blocked(void *arg)
{
	struct blk *b = arg;
	snap_fn snap = (snap_fn)dlsym(RTLD_DEFAULT, "bench_malloc_snapshot");
	uint64_t m0 = 0, y0 = 0, m1 = 0, y1 = 0;
	int64_t t0;

	if (peer->producer_begin)
		peer->producer_begin();
	for (int i = 0; i < b->nb; i++) {
		struct bench_item *it = item_at(b->blockers, i);

		it->kind = BENCH_BLOCKER;
		if (peer->submit_blocker)
			peer->submit_blocker(it, i);
		else
			peer->submit(it);
	}
	while (atomic_load(&bench.blockers_started) < b->nb)
		sched_yield();
	if (snap)
		snap(&m0, &y0);
	b->rss = rss_bytes();
	if (cfg.callgrind)
		CALLGRIND_TOGGLE_COLLECT;
	t0 = bench_now_ns();
	for (long i = 0; i < cfg.n; i++)
		peer->submit(item_at(b->base, i));
	b->t_submit = bench_now_ns() - t0;
	if (cfg.callgrind)
		CALLGRIND_TOGGLE_COLLECT;
	b->rss = rss_bytes() - b->rss;
	if (snap) {
		snap(&m1, &y1);
		b->have_count = 1;
		b->mallocs = m1 - m0;
		b->bytes = y1 - y0;
	}
	atomic_store(&bench.gate, 1);
	bench_futex_wake(&bench.gate, 1 << 30);
	if (peer->producer_end)
		peer->producer_end();
}

static void w_blocked(void)
{
	struct blk b = { 0 };

	b.nb = peer->nr_blockers ? peer->nr_blockers() : cfg.threads;
	b.base = alloc_items(cfg.n);
	b.blockers = alloc_items(b.nb);
	number_items(b.base, cfg.n, 0);
	number_items(b.blockers, b.nb, 0);
	expect((uint64_t)cfg.n);
	run_producer(blocked, &b);
	wait_finished();
	begin_line();
	add(" blockers=%d ns_per_submit=%.1f item_bytes=%zu rss_per_task=%.1f",
	    b.nb, (double)b.t_submit / cfg.n, peer->handle_size,
	    (double)b.rss / cfg.n);
	if (b.have_count)
		add(" mallocs_per_task=%.3f bytes_per_task=%.1f",
		    (double)b.mallocs / cfg.n, (double)b.bytes / cfg.n);
	end_line();
}

/* ---- W5 / W5C / ST: timers ------------------------------------------------- */

static uint64_t rng = 88172645463325252ull;

static int rand_delay_ms(int lo, int hi)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return lo + (int)(rng % (uint64_t)(hi - lo + 1));
}

static void *timer_items(void)
{
	void *base = alloc_items(cfg.n);

	number_items(base, cfg.n, 0);
	return base;
}

static void w_timers(void)
{
	void *base = timer_items();
	int64_t *late = own(calloc((size_t)cfg.n, sizeof(int64_t)));
	int64_t *gran = own(calloc((size_t)cfg.n, sizeof(int64_t)));
	long early = 0;
	int64_t t0, t1;

	expect((uint64_t)cfg.n);
	t0 = bench_now_ns();
	for (long i = 0; i < cfg.n; i++) {
		int d = rand_delay_ms(1, 500);

		peer->timer_arm(item_at(base, i), d);
		item_at(base, i)->delay_ns = (int64_t)d * 1000000;
	}
	t1 = bench_now_ns();
	if (peer->timer_run)
		peer->timer_run();
	wait_finished();
	for (long i = 0; i < cfg.n; i++) {
		struct bench_item *it = item_at(base, i);

		int64_t allowed = it->delay_ns / 8 > bench_jiffy_ns ?
				  it->delay_ns / 8 : bench_jiffy_ns;

		late[i] = it->t_fired - it->t_due;
		/* lateness in thousandths of the allowed granularity */
		gran[i] = late[i] * 1000 / allowed;
		early += it->t_fired < it->t_min;
	}
	qsort(late, (size_t)cfg.n, sizeof(int64_t), cmp_i64);
	qsort(gran, (size_t)cfg.n, sizeof(int64_t), cmp_i64);
	begin_line();
	add(" arm_ns=%.1f late_p50_ms=%.3f late_p99_ms=%.3f late_max_ms=%.3f"
	    " late_min_ms=%.3f early=%ld late_gran_p99=%.3f jiffy_ms=%.3f",
	    (double)(t1 - t0) / cfg.n,
	    pct(late, cfg.n, 0.5) / 1e6, pct(late, cfg.n, 0.99) / 1e6,
	    late[cfg.n - 1] / 1e6, late[0] / 1e6, early,
	    pct(gran, cfg.n, 0.99) / 1e3, bench_jiffy_ns / 1e6);
	end_line();
}

static void w_timers_cancel(void)
{
	void *base = timer_items();
	long missed = 0;
	int64_t t0, t1;

	expect((uint64_t)cfg.n + 1);	/* nothing should fire */
	t0 = bench_now_ns();
	for (long i = 0; i < cfg.n; i++) {
		struct bench_item *it = item_at(base, i);

		peer->timer_arm(it, rand_delay_ms(1, 500));
		missed += !peer->timer_cancel(it);
	}
	t1 = bench_now_ns();
	begin_line();
	add(" arm_cancel_ns=%.1f not_cancelled=%ld", (double)(t1 - t0) / cfg.n,
	    missed);
	end_line();
}

/* ST: arm n far-future timers, then cancel them all; cost per operation. */
static void w_timer_scaling(void)
{
	void *base = timer_items();
	long missed = 0;
	int64_t t0, t1, t2;

	expect((uint64_t)cfg.n + 1);
	t0 = bench_now_ns();
	for (long i = 0; i < cfg.n; i++)
		peer->timer_arm(item_at(base, i), 3600 * 1000 +
				rand_delay_ms(0, 600000));
	t1 = bench_now_ns();
	for (long i = 0; i < cfg.n; i++)
		missed += !peer->timer_cancel(item_at(base, i));
	t2 = bench_now_ns();
	begin_line();
	add(" arm_ns=%.1f cancel_ns=%.1f not_cancelled=%ld",
	    (double)(t1 - t0) / cfg.n, (double)(t2 - t1) / cfg.n, missed);
	end_line();
}

/* ---- main ------------------------------------------------------------------ */

static const struct {
	const char *name;
	long n;
	void (*fn)(void);
} workloads[] = {
	{ "W1", 2000000, w_pool },	{ "W2", 2000000, w_pool },
	{ "W3", 100000, w_pingpong },	{ "W3cold", 4000, w_pingpong },
	{ "W4", 2000000, w_pool },	{ "W5", 200000, w_timers },
	{ "W5C", 200000, w_timers_cancel }, { "W6", 1000000, w_blocked },
	{ "SQ", 1000000, w_blocked },	{ "ST", 1000000, w_timer_scaling },
};

static int supports(const struct bench_peer *p, const char *w)
{
	size_t len = strlen(w);

	for (const char *s = p->workloads; (s = strstr(s, w)); s += len)
		if ((s == p->workloads || s[-1] == ' ') &&
		    (s[len] == ' ' || s[len] == 0))
			return 1;
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_<lib> --workload W --peer ROW [--n N]"
		" [--threads T] [--producers P] [--gap-us US] [--callgrind]"
		" | --list\n");
	exit(2);
}

int bench_main(int argc, char **argv, const struct bench_peer *const *peers)
{
	int wi = -1;
	long n = -1;

	cfg.threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	cfg.producers = 0;
	cfg.gap_us = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--list")) {
			for (int p = 0; peers[p]; p++)
				printf("%s %s\n", peers[p]->name,
				       peers[p]->workloads);
			return 0;
		} else if (!strcmp(a, "--callgrind")) {
			cfg.callgrind = 1;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (!strcmp(a, "--workload"))
			cfg.workload = v;
		else if (!strcmp(a, "--peer"))
			cfg.peer = v;
		else if (!strcmp(a, "--n"))
			n = atol(v);
		else if (!strcmp(a, "--threads"))
			cfg.threads = atoi(v);
		else if (!strcmp(a, "--producers"))
			cfg.producers = atoi(v);
		else if (!strcmp(a, "--gap-us"))
			cfg.gap_us = atoi(v);
		else
			usage();
	}
	if (!cfg.workload || !cfg.peer)
		usage();
	for (size_t i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
		if (!strcmp(workloads[i].name, cfg.workload))
			wi = (int)i;
	for (int p = 0; peers[p]; p++)
		if (!strcmp(peers[p]->name, cfg.peer))
			peer = peers[p];
	if (wi < 0 || !peer)
		usage();
	cfg.n = n > 0 ? n : workloads[wi].n;
	cfg.serial = !strcmp(cfg.workload, "W2");
	if (cfg.producers <= 0)
		cfg.producers = !strcmp(cfg.workload, "W4") ? 2 : 1;
	if (cfg.gap_us < 0)
		cfg.gap_us = !strcmp(cfg.workload, "W3cold") ? 500 : 0;
	if (cfg.serial)
		cfg.threads = 1;
	if (peer->why_not) {
		printf("SKIP workload=%s peer=%s: %s\n", cfg.workload, cfg.peer,
		       peer->why_not);
		return 0;
	}
	if (!supports(peer, cfg.workload)) {
		printf("SKIP workload=%s peer=%s: not a workload of this row\n",
		       cfg.workload, cfg.peer);
		return 0;
	}
	bench.serial = cfg.serial;
	bench_cfg = &cfg;
	if (peer->init && peer->init(&cfg))
		bench_fail("row init failed");
	workloads[wi].fn();
	if (peer->fini)
		peer->fini();
	free_owned();
	return 0;
}
