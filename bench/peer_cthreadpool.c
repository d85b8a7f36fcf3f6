/*
 * peer_cthreadpool.c - the cthreadpool row (Pithikos C-Thread-Pool, built
 * from the thpool.c that cthreadpool-dev ships as source).
 *
 * Threads: a fixed pool of `threads` threads (1 for W2: its job queue is a
 * FIFO list under one mutex); thpool_add_work() mallocs one job per task.
 */
#include "bench.h"

#include <thpool.h>

static threadpool pool;

static void job(void *arg)
{
	bench_item_run(arg);
}

static int init(const struct bench_cfg *cfg)
{
	pool = thpool_init(cfg->threads);
	return pool ? 0 : -1;
}

static void submit(struct bench_item *it)
{
	if (thpool_add_work(pool, job, it))
		bench_fail("thpool_add_work failed");
}

static const struct bench_peer row = {
	.name = "cthreadpool", .item_size = sizeof(struct bench_item),
	.workloads = "W1 W2 W3 W3cold W4 W6 SQ", .init = init, .submit = submit,
};

static const struct bench_peer *const peers[] = { &row, NULL };

int main(int argc, char **argv)
{
	return bench_main(argc, argv, peers);
}
