/*
 * stats.c - reading the workqueue and kthread_worker counters
 * (include/kwork/stats.h): snapshots, iterators, the wq_monitor-style
 * table and its JSON form; the registry of running kthread_workers; the
 * queue-stamp lookup.
 *
 * Layer: observability, above workqueue and kthread_worker. Runs in any
 * caller (snapshots), and on the threads that queue and run items (stamp
 * lookups, under the lock of the table). The counters themselves are
 * bumped by workqueue.c and kthread_worker.c under locks they already hold
 * (the inline updaters of stats_internal.h).
 *
 * Locks: registry_lock (R) protects the registry list; order
 * kw__wq_list_lock -> pool->lock, and R -> worker->lock. Snapshots are
 * copied under the locks; callbacks and output run with no lock held.
 */
#include "stats_internal.h"
#include "kthread_worker_internal.h"
#include "workqueue_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool kw__stats_timing_on;				/* A */
static kw_spinlock_t registry_lock = KW_SPINLOCK_INIT;
static struct kw_list_head registry = KW_LIST_HEAD_INIT(registry); /* R */

static bool env_on(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0;
}

__attribute__((constructor)) static void stats_init(void)
{
	if (env_on("KWORK_STATS") || env_on("KWORK_MONITOR"))
		kw_stats_set_timing(true);
}

void kw_stats_set_timing(bool on)
{
	__atomic_store_n(&kw__stats_timing_on, on, __ATOMIC_RELAXED);
}

bool kw_stats_timing(void)
{
	return __atomic_load_n(&kw__stats_timing_on, __ATOMIC_RELAXED);
}

int64_t kw__stamp_find(struct kw__stats_stamps *st, const void *item, bool take)
{
	for (unsigned int i = 0; i < st->nr; i++) {
		if (st->slot[i].item != item)
			continue;
		int64_t ns = st->slot[i].ns;
		if (take)
			st->slot[i] = st->slot[--st->nr];
		return ns;
	}
	return 0;
}

/* ---- the registry of running kthread_workers ------------------------------------ */

static bool node_linked(const struct kw_list_head *n)
{
	return n->next && n->next != n;
}

void kw__ktw_register(struct kw_kthread_worker *worker)
{
	kw_spin_lock(&registry_lock);
	if (!node_linked(&worker->stats_node))
		kw_list_add_tail(&worker->stats_node, &registry);
	kw_spin_unlock(&registry_lock);
}

void kw__ktw_unregister(struct kw_kthread_worker *worker)
{
	kw_spin_lock(&registry_lock);
	if (node_linked(&worker->stats_node))
		kw_list_del_init(&worker->stats_node);
	kw_spin_unlock(&registry_lock);
}

/* ---- snapshots ------------------------------------------------------------------- */

static void hist_sum(struct kw_stats_hist *dst, const struct kw_stats_hist *src)
{
	dst->count += src->count;
	dst->total_ns += src->total_ns;
	if (src->max_ns > dst->max_ns)
		dst->max_ns = src->max_ns;
	for (int b = 0; b < KW_STATS_HIST_BUCKETS; b++)
		dst->bucket[b] += src->bucket[b];
}

/* Workers of pwq->pool executing an item of pwq. Pool lock held. */
static unsigned int pwq_running_locked(struct kw__pwq *pwq)
{
	unsigned int n = 0;
	struct kw__pool *pool = pwq->pool;
	for (unsigned int b = 0; b < (1u << KW__BUSY_HASH_BITS); b++)
		for (struct kw_hlist_node *h = pool->busy_hash[b].first; h; h = h->next)
			n += kw_container_of(h, struct kw__worker, hentry)->current_pwq == pwq;
	return n;
}

static uint64_t list_length(const struct kw_list_head *head)
{
	uint64_t n = 0;
	for (const struct kw_list_head *p = head->next; p != head; p = p->next)
		n++;
	return n;
}

void kw_wq_stats_get(struct kw_workqueue *wq, struct kw_wq_stats *s)
{
	uint64_t c[KW_PWQ_NR_STATS];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", wq->name);
	s->flags = kw_workqueue_flags(wq);
	s->unbound = s->flags & KW_WQ_UNBOUND;
	s->mem_reclaim = s->flags & KW_WQ_MEM_RECLAIM;
	kw_workqueue_stats(wq, c);
	s->started = c[KW_PWQ_STAT_STARTED];
	s->completed = c[KW_PWQ_STAT_COMPLETED];
	s->cpu_time_us = c[KW_PWQ_STAT_CPU_TIME];
	s->cpu_intensive = c[KW_PWQ_STAT_CPU_INTENSIVE];
	s->cm_wakeup = c[KW_PWQ_STAT_CM_WAKEUP];
	s->repatriated = c[KW_PWQ_STAT_REPATRIATED];
	s->mayday = c[KW_PWQ_STAT_MAYDAY];
	s->rescued = c[KW_PWQ_STAT_RESCUED];
	for (int i = 0; i < wq->nr_pwqs; i++) {
		struct kw__pwq *pwq = wq->pwqs[i];
		kw_spin_lock(&pwq->pool->lock);
		kw__pwq_drain_inbox_locked(pwq);
		unsigned int running = pwq_running_locked(pwq);
		s->running += running;
		/* refcnt = 1 + every item of pwq queued, scheduled or running */
		s->pending += (uint64_t)(pwq->refcnt - 1) - running;
		s->inactive += list_length(&pwq->inactive_works);
		if (pwq->xstats.max_in_flight > s->max_in_flight)
			s->max_in_flight = pwq->xstats.max_in_flight;
		hist_sum(&s->queued, &pwq->xstats.queued);
		hist_sum(&s->run, &pwq->xstats.run);
		kw_spin_unlock(&pwq->pool->lock);
	}
}

void kw_kthread_worker_stats_get(struct kw_kthread_worker *worker,
				 struct kw_kthread_worker_stats *s)
{
	memset(s, 0, sizeof(*s));
	kw_spin_lock(&worker->lock);
	if (worker->task) {
		struct kw__task *t = kw__task(worker->task);
		snprintf(s->name, sizeof(s->name), "%s",
			 t->full_name[0] ? t->full_name : t->pub.comm);
		s->pid = t->pub.pid;
	}
	s->started = worker->stats.started;
	s->completed = worker->stats.completed;
	kw__ktw_drain_inbox_locked(worker);
	s->pending = list_length(&worker->work_list);
	s->delayed = list_length(&worker->delayed_work_list);
	s->queued = worker->stats.queued;
	s->run = worker->stats.run;
	s->run_time_us = s->run.total_ns / 1000;
	kw_spin_unlock(&worker->lock);
}

/* ---- iterators -------------------------------------------------------------------- */

static size_t count_wqs(void)
{
	kw_spin_lock(&kw__wq_list_lock);
	size_t n = (size_t)list_length(&kw__workqueues);
	kw_spin_unlock(&kw__wq_list_lock);
	return n;
}

int kw_for_each_wq_stats(int (*fn)(const struct kw_wq_stats *s, void *arg),
			 void *arg)
{
	/* Not kw__workqueue_init(): watching must not start kworkers. */
	size_t cap = count_wqs() + 16, n = 0;
	struct kw_wq_stats *v = malloc(cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	kw_spin_lock(&kw__wq_list_lock);
	for (struct kw_list_head *p = kw__workqueues.next;
	     p != &kw__workqueues && n < cap; p = p->next)
		kw_wq_stats_get(kw_list_entry(p, struct kw_workqueue, list), &v[n++]);
	kw_spin_unlock(&kw__wq_list_lock);
	int ret = 0;
	for (size_t i = 0; i < n && !ret; i++)
		ret = fn(&v[i], arg);
	free(v);
	return ret;
}

int kw_for_each_kthread_worker_stats(
	int (*fn)(const struct kw_kthread_worker_stats *s, void *arg), void *arg)
{
	kw_spin_lock(&registry_lock);
	size_t cap = (size_t)list_length(&registry) + 1, n = 0;
	kw_spin_unlock(&registry_lock);
	struct kw_kthread_worker_stats *v = malloc(cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	kw_spin_lock(&registry_lock);
	for (struct kw_list_head *p = registry.next; p != &registry && n < cap;
	     p = p->next)
		kw_kthread_worker_stats_get(
			kw_container_of(p, struct kw_kthread_worker, stats_node),
			&v[n++]);
	kw_spin_unlock(&registry_lock);
	int ret = 0;
	for (size_t i = 0; i < n && !ret; i++)
		ret = fn(&v[i], arg);
	free(v);
	return ret;
}

/* The registered kthread_workers, for dumps. Caller holds registry_lock. */
struct kw_list_head *kw__ktw_registry_lock(void)
{
	kw_spin_lock(&registry_lock);
	return &registry;
}

void kw__ktw_registry_unlock(void)
{
	kw_spin_unlock(&registry_lock);
}

/* ---- output ----------------------------------------------------------------------- */

/* Escape s as a JSON string. */
void kw__json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_hist(FILE *f, const char *name, const struct kw_stats_hist *h)
{
	fprintf(f, "\"%s\":{\"count\":%llu,\"max_ns\":%llu,\"total_ns\":%llu,"
		"\"log2_us\":[", name, (unsigned long long)h->count,
		(unsigned long long)h->max_ns, (unsigned long long)h->total_ns);
	int last = KW_STATS_HIST_BUCKETS - 1;
	while (last > 0 && !h->bucket[last])
		last--;
	for (int b = 0; b <= last; b++)
		fprintf(f, "%s%llu", b ? "," : "", (unsigned long long)h->bucket[b]);
	fprintf(f, "]}");
}

static uint64_t infl(uint64_t started, uint64_t completed)
{
	return started > completed ? started - completed : 0;
}

/* A duration, short: 850ns, 12us, 3.4ms, 2.1s. */
static const char *fmt_dur(char *buf, size_t size, uint64_t ns)
{
	if (ns < 1000)
		snprintf(buf, size, "%lluns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(buf, size, "%lluus", (unsigned long long)(ns / 1000));
	else if (ns < 1000000000)
		snprintf(buf, size, "%.1fms", (double)ns / 1e6);
	else
		snprintf(buf, size, "%.1fs", (double)ns / 1e9);
	return buf;
}

struct print_ctx {
	FILE *f;
	bool json;
	bool first;
};

/* The last 24 characters of name, as wq_monitor shows it. */
static const char *tail24(const char *name)
{
	size_t len = strlen(name);
	return len > 24 ? name + len - 24 : name;
}

/* Opens one JSON object of a list ("," before all but the first) with its name. */
static void json_open(const struct print_ctx *c, const char *name)
{
	fprintf(c->f, "%s{\"name\":", c->first ? "" : ",");
	kw__json_str(c->f, name);
}

/* Closes the JSON object with its queued and run histograms. */
static void json_close(FILE *f, const struct kw_stats_hist *queued,
		       const struct kw_stats_hist *run)
{
	json_hist(f, "queued", queued);
	fputc(',', f);
	json_hist(f, "run", run);
	fputc('}', f);
}

static int print_wq(const struct kw_wq_stats *s, void *arg)
{
	struct print_ctx *c = arg;
	FILE *f = c->f;
	if (c->json) {
		json_open(c, s->name);
		fprintf(f, ",\"flags\":%u,\"unbound\":%s,\"mem_reclaim\":%s,"
			"\"started\":%llu,\"completed\":%llu,\"in_flight\":%llu,"
			"\"cpu_time\":%llu,\"cpu_intensive\":%llu,\"cm_wakeup\":%llu,"
			"\"repatriated\":%llu,\"mayday\":%llu,\"rescued\":%llu,"
			"\"pending\":%llu,\"inactive\":%llu,\"running\":%llu,"
			"\"max_in_flight\":%llu,",
			s->flags, s->unbound ? "true" : "false",
			s->mem_reclaim ? "true" : "false",
			(unsigned long long)s->started, (unsigned long long)s->completed,
			(unsigned long long)infl(s->started, s->completed),
			(unsigned long long)s->cpu_time_us,
			(unsigned long long)s->cpu_intensive,
			(unsigned long long)s->cm_wakeup,
			(unsigned long long)s->repatriated,
			(unsigned long long)s->mayday, (unsigned long long)s->rescued,
			(unsigned long long)s->pending, (unsigned long long)s->inactive,
			(unsigned long long)s->running,
			(unsigned long long)s->max_in_flight);
		json_close(f, &s->queued, &s->run);
	} else {
		char q[16], r[16];
		fprintf(f, "%-24s %8llu %5llu %8.1f ", tail24(s->name),
			(unsigned long long)s->started,
			(unsigned long long)infl(s->started, s->completed),
			(double)s->cpu_time_us / 1e6);
		if (s->unbound)
			fprintf(f, "%7s %7llu ", "-", (unsigned long long)s->repatriated);
		else
			fprintf(f, "%7llu %7llu ", (unsigned long long)s->cpu_intensive,
				(unsigned long long)s->cm_wakeup);
		if (s->mem_reclaim)
			fprintf(f, "%6llu %7llu ", (unsigned long long)s->mayday,
				(unsigned long long)s->rescued);
		else
			fprintf(f, "%6s %7s ", "-", "-");
		fprintf(f, "%5llu %7llu %8s %8s\n", (unsigned long long)s->pending,
			(unsigned long long)s->max_in_flight,
			s->queued.count ? fmt_dur(q, sizeof(q), s->queued.max_ns) : "-",
			s->run.count ? fmt_dur(r, sizeof(r), s->run.max_ns) : "-");
	}
	c->first = false;
	return 0;
}

static int print_ktw(const struct kw_kthread_worker_stats *s, void *arg)
{
	struct print_ctx *c = arg;
	FILE *f = c->f;
	if (c->json) {
		json_open(c, s->name);
		fprintf(f, ",\"pid\":%d,\"started\":%llu,\"completed\":%llu,"
			"\"in_flight\":%llu,\"pending\":%llu,\"delayed\":%llu,"
			"\"run_time_us\":%llu,", s->pid,
			(unsigned long long)s->started, (unsigned long long)s->completed,
			(unsigned long long)infl(s->started, s->completed),
			(unsigned long long)s->pending, (unsigned long long)s->delayed,
			(unsigned long long)s->run_time_us);
		json_close(f, &s->queued, &s->run);
	} else {
		char q[16], r[16];
		fprintf(f, "%-24s %8llu %5llu %8.1f %7d %7llu %6s %7s %5llu %7s %8s %8s\n",
			tail24(s->name), (unsigned long long)s->started,
			(unsigned long long)infl(s->started, s->completed),
			(double)s->run_time_us / 1e6, s->pid,
			(unsigned long long)s->delayed, "-", "-",
			(unsigned long long)s->pending, "-",
			s->queued.count ? fmt_dur(q, sizeof(q), s->queued.max_ns) : "-",
			s->run.count ? fmt_dur(r, sizeof(r), s->run.max_ns) : "-");
	}
	c->first = false;
	return 0;
}

int kw_stats_print(FILE *out, unsigned int flags)
{
	struct print_ctx c = { .f = out, .json = flags & KW_OUT_JSON, .first = true };
	int ret;
	if (c.json) {
		fprintf(out, "{\"timestamp\":%.6f,\"timing\":%s,\"workqueues\":[",
			(double)kw__clock_real_ns() / 1e9,
			kw_stats_timing() ? "true" : "false");
	} else {
		fprintf(out, "%-24s %8s %5s %8s %7s %7s %6s %7s %5s %7s %8s %8s\n",
			"workqueue", "total", "infl", "CPUtime", "CPUitsv", "CMW/RPR",
			"mayday", "rescued", "pend", "maxinfl", "maxqueue", "maxrun");
	}
	ret = kw_for_each_wq_stats(print_wq, &c);
	if (ret)
		return ret;
	if (c.json)
		fprintf(out, "],\"kthread_workers\":[");
	else
		fprintf(out, "\n%-24s %8s %5s %8s %7s %7s %6s %7s %5s %7s %8s %8s\n",
			"kthread_worker", "total", "infl", "runtime", "pid", "delayed",
			"", "", "pend", "", "maxqueue", "maxrun");
	c.first = true;
	ret = kw_for_each_kthread_worker_stats(print_ktw, &c);
	if (ret)
		return ret;
	if (c.json)
		fprintf(out, "]}\n");
	return ferror(out) ? -EIO : 0;
}
