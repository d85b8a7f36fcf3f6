/*
 * peer_tbb.cpp - oneTBB rows: a task_arena of `threads` slots with a
 * task_group (W1/W3/W4/W6), and for W2 the "local serializer" pattern from
 * TBB's design patterns (a concurrent_queue drained by at most one task).
 *
 * Threads: each producer runs inside arena.execute() (TBB's model: the
 * submitting thread holds one slot and helps only while it waits in
 * task_group::wait(), which the bench does not call before its futex wait),
 * TBB workers fill the other slots. Every submit is one task_group::run()
 * of a lambda holding the item pointer (TBB allocates the task).
 */
#include "bench.h"

#include <atomic>
#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

static oneapi::tbb::task_arena *arena;
static oneapi::tbb::task_group *group;
static oneapi::tbb::concurrent_queue<bench_item *> *serial_q;
static std::atomic<long> serial_pending;

static int init(const struct bench_cfg *cfg)
{
	/* One slot is the producer's; a serial row needs one worker too. */
	arena = new oneapi::tbb::task_arena(cfg->threads < 2 ? 2 : cfg->threads);
	arena->initialize();
	group = new oneapi::tbb::task_group;
	serial_q = new oneapi::tbb::concurrent_queue<bench_item *>;
	return 0;
}

static void fini(void)
{
	arena->execute([] { group->wait(); });
}

static void run_producer(void (*fn)(void *), void *arg)
{
	arena->execute([=] { fn(arg); });
}

static void drain(void)
{
	do {
		bench_item *it = nullptr;

		while (!serial_q->try_pop(it))
			;
		bench_item_run(it);
	} while (serial_pending.fetch_sub(1) > 1);
}

static void submit(struct bench_item *it)
{
	if (bench_cfg->serial) {
		serial_q->push(it);
		if (serial_pending.fetch_add(1) == 0)
			group->run(drain);
		return;
	}
	group->run([it] { bench_item_run(it); });
}

static int nr_blockers(void)
{
	/* The producer holds one slot of the arena while it submits. */
	return arena->max_concurrency() - 1;
}

static const struct bench_peer tbb_row = {
	"tbb", sizeof(struct bench_item), 0, "W1 W2 W3 W3cold W4 W6 SQ", NULL,
	init, fini, NULL, run_producer, NULL, NULL, submit, NULL, nr_blockers, NULL,
	NULL, NULL, NULL,
};

static const struct bench_peer *const peers[] = { &tbb_row, NULL };

int main(int argc, char **argv)
{
	return bench_main(argc, argv, peers);
}
