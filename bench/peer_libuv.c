/*
 * peer_libuv.c - libuv rows: uv_queue_work on the global pool
 * (UV_THREADPOOL_SIZE = threads) and uv_timer (W5).
 *
 * Threads: libuv lets only a loop's own thread submit, so every producer
 * thread owns a loop (the pool is global, shared by all loops); the after-
 * work callbacks run there when the producer drains its loop (part of the
 * measured time). W3 waits for the after-work callback, libuv's way of
 * telling the submitter. Timers: the main thread is the loop thread, arms
 * them all, then runs the loop; libuv measures timeouts from its cached
 * loop time (ms, coarse clock), so t_min is loop time + delay.
 */
#define _GNU_SOURCE
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

struct uv_item {
	struct bench_item b;
	union {
		uv_work_t req;
		uv_timer_t timer;
	};
};

static __thread uv_loop_t *loop;	/* this producer's loop */
static __thread int after_seen;		/* W3: after-work ran */

static int pool_init(const struct bench_cfg *cfg)
{
	char n[16];

	snprintf(n, sizeof(n), "%d", cfg->threads);
	setenv("UV_THREADPOOL_SIZE", n, 1);	/* read at the first queue */
	return 0;
}

static void begin(void)
{
	loop = malloc(sizeof(*loop));
	uv_loop_init(loop);
}

static void end(void)
{
	uv_run(loop, UV_RUN_DEFAULT);
	uv_loop_close(loop);
	free(loop);
	loop = NULL;
}

static void work_cb(uv_work_t *req)
{
	bench_item_run(req->data);
}

static void after_cb(uv_work_t *req, int status)
{
	after_seen = 1;
}

static void submit(struct bench_item *b)
{
	struct uv_item *it = (struct uv_item *)b;

	it->req.data = it;
	uv_queue_work(loop, &it->req, work_cb, after_cb);
}

static void wait_one(void)
{
	while (!after_seen)
		uv_run(loop, UV_RUN_ONCE);
	after_seen = 0;
}

static int timer_init(const struct bench_cfg *cfg)
{
	begin();
	return 0;
}

static void timer_cb(uv_timer_t *t)
{
	bench_timer_fired(t->data);
}

static void timer_arm(struct bench_item *b, int delay_ms)
{
	struct uv_item *it = (struct uv_item *)b;

	uv_update_time(loop);
	it->b.t_due = bench_now_ns() + (int64_t)delay_ms * 1000000;
	it->b.t_min = (int64_t)(uv_now(loop) + (uint64_t)delay_ms) * 1000000;
	uv_timer_init(loop, &it->timer);
	it->timer.data = it;
	uv_timer_start(&it->timer, timer_cb, (uint64_t)delay_ms, 0);
}

static int timer_cancel(struct bench_item *b)
{
	struct uv_item *it = (struct uv_item *)b;
	int was = uv_is_active((uv_handle_t *)&it->timer);

	uv_timer_stop(&it->timer);
	return was;
}

static void timer_run(void)
{
	uv_run(loop, UV_RUN_DEFAULT);
}

static const struct bench_peer uv_pool = {
	.name = "libuv", .item_size = sizeof(struct uv_item),
	.handle_size = sizeof(uv_work_t),
	.workloads = "W1 W2 W3 W3cold W4 W6 SQ", .init = pool_init,
	.producer_begin = begin, .producer_end = end, .submit = submit,
	.wait_one = wait_one,
};

static const struct bench_peer uv_timers = {
	.name = "libuv-timer", .item_size = sizeof(struct uv_item),
	.handle_size = sizeof(uv_timer_t), .workloads = "W5 W5C ST",
	.init = timer_init, .timer_arm = timer_arm,
	.timer_cancel = timer_cancel, .timer_run = timer_run,
};

static const struct bench_peer *const peers[] = { &uv_pool, &uv_timers,
						  NULL };

int main(int argc, char **argv)
{
	return bench_main(argc, argv, peers);
}
