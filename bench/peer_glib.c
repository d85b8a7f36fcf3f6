/*
 * peer_glib.c - GLib rows: GThreadPool (exclusive, N threads; 1 for W2) and
 * GMainLoop timeout sources (W5).
 *
 * Threads: the producer pushes item pointers with g_thread_pool_push(); the
 * pool's threads run bench_item_run(). Timers: a GMainLoop runs on its own
 * context in a dedicated thread; the producer creates each timeout source
 * and attaches it to that context from outside (GLib's cross-thread path).
 * GLib fires a timeout once the context's monotonic time (µs) reaches
 * creation time + interval, so t_min is t_due truncated to the µs.
 */
#include "bench.h"

#include <glib.h>
#include <string.h>

static GThreadPool *pool;
static GMainContext *ctx;
static GMainLoop *loop;
static GThread *loop_thread;

struct glib_item {
	struct bench_item b;
	GSource *src;		/* W5C / ST: kept to cancel */
};

static void pool_fn(gpointer data, gpointer user)
{
	bench_item_run(data);
}

static int pool_init(const struct bench_cfg *cfg)
{
	pool = g_thread_pool_new(pool_fn, NULL, cfg->threads, TRUE, NULL);
	return pool ? 0 : -1;
}

static void pool_submit(struct bench_item *it)
{
	g_thread_pool_push(pool, it, NULL);
}

static gpointer loop_main(gpointer arg)
{
	g_main_context_push_thread_default(ctx);
	g_main_loop_run(loop);
	return NULL;
}

static int timer_init(const struct bench_cfg *cfg)
{
	ctx = g_main_context_new();
	loop = g_main_loop_new(ctx, FALSE);
	loop_thread = g_thread_new("glib-timers", loop_main, NULL);
	return 0;
}

static gboolean fired(gpointer data)
{
	bench_timer_fired(data);
	return G_SOURCE_REMOVE;
}

static void timer_arm(struct bench_item *b, int delay_ms)
{
	struct glib_item *it = (struct glib_item *)b;
	GSource *src;

	it->b.t_due = bench_now_ns() + (int64_t)delay_ms * 1000000;
	it->b.t_min = it->b.t_due - 1000;
	src = g_timeout_source_new((guint)delay_ms);
	g_source_set_callback(src, fired, it, NULL);
	g_source_attach(src, ctx);
	if (!strcmp(bench_cfg->workload, "W5"))
		g_source_unref(src);
	else
		it->src = src;
}

static int timer_cancel(struct bench_item *b)
{
	struct glib_item *it = (struct glib_item *)b;
	int was = !g_source_is_destroyed(it->src);

	g_source_destroy(it->src);
	g_source_unref(it->src);
	it->src = NULL;
	return was;
}

static const struct bench_peer glib_pool = {
	.name = "glib", .item_size = sizeof(struct bench_item),
	.handle_size = 0, .workloads = "W1 W2 W3 W3cold W4 W6 SQ",
	.init = pool_init, .submit = pool_submit,
};

static const struct bench_peer glib_timers = {
	.name = "glib-timeout", .item_size = sizeof(struct glib_item),
	.handle_size = sizeof(GSource *), .workloads = "W5 W5C ST",
	.init = timer_init, .timer_arm = timer_arm,
	.timer_cancel = timer_cancel,
};

static const struct bench_peer *const peers[] = { &glib_pool, &glib_timers,
						  NULL };

int main(int argc, char **argv)
{
	return bench_main(argc, argv, peers);
}
