/*
 * dump.c - kw_dump(): the SysRq-t style state dump of a process (every
 * kwork task and what it blocks in; every busy workqueue, pool and
 * kthread_worker with its running and pending items by function and age),
 * as text or JSON. `kwork dump PID` asks a monitored process for it.
 *
 * Layer: observability, above workqueue and kthread_worker. Runs in the
 * caller (or the monitor thread). It takes kw__tasks_lock, then
 * kw__wq_list_lock -> each pool->lock, then the kthread_worker registry ->
 * each worker->lock, one section at a time, and prints into a memory
 * stream while holding them (no blocking I/O under a lock); the stream is
 * written to the caller's FILE after every lock is released.
 *
 * Functions are named by kw_symbol_name() (what %ps prints). Ages need the
 * queue stamps of stats timing (include/kwork/stats.h); untimed items show
 * no age. Lists longer than MAX_ITEMS are cut, with the count of the rest.
 */
#include "stats_internal.h"
#include "kthread_worker_internal.h"
#include "workqueue_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ITEMS 32

struct dump {
	FILE *f;
	bool json;
	int64_t now;
	bool first;		/* JSON: no comma before the next element */
};

static void sep(struct dump *d)
{
	if (d->json && !d->first)
		fputc(',', d->f);
	d->first = false;
}

static const char *sym(const void *fn, char *buf, size_t size)
{
	return kw_symbol_name(fn, false, buf, size);
}

/* The age of a stamp in ms, or -1 if untimed. */
static double age_ms(const struct dump *d, int64_t stamp)
{
	return stamp ? (double)(d->now - stamp) / 1e6 : -1.0;
}

/* One item: func and age. json: {"func":..,"age_ms":..}; text: func(age). */
static void item(struct dump *d, const char *func, double age)
{
	sep(d);
	if (d->json) {
		fprintf(d->f, "{\"func\":");
		kw__json_str(d->f, func);
		if (age >= 0)
			fprintf(d->f, ",\"age_ms\":%.3f}", age);
		else
			fprintf(d->f, ",\"age_ms\":null}");
	} else if (age >= 0) {
		fprintf(d->f, " %s(%.3fms)", func, age);
	} else {
		fprintf(d->f, " %s", func);
	}
}

/* ---- tasks ------------------------------------------------------------------------------ */

static char state_char(unsigned int st)
{
	st &= KW__STATE_MASK;
	if (st == KW_TASK_RUNNING)
		return 'R';
	if (st & KW_TASK_DEAD)
		return 'X';
	if (st & KW_TASK_PARKED)
		return 'P';
	if (st & KW_TASK_NEW)
		return 'N';
	if ((st & KW_TASK_IDLE) == KW_TASK_IDLE)
		return 'I';
	if (st & KW_TASK_UNINTERRUPTIBLE)
		return 'D';
	return 'S';
}

/* From fields constant after creation (a task sets its flags itself). */
static const char *task_kind(const struct kw__task *t, const char *name)
{
	if (!t->kthread)
		return "thread";
	return strncmp(name, "kworker/", 8) ? "kthread" : "kworker";
}

static void dump_task(struct dump *d, struct kw__task *t)
{
	char st = state_char(__atomic_load_n(&t->pub.__state, __ATOMIC_RELAXED));
	const char *in = __atomic_load_n(&t->blocked_in, __ATOMIC_RELAXED);
	const void *on = __atomic_load_n(&t->blocked_on, __ATOMIC_RELAXED);
	int64_t since = __atomic_load_n(&t->blocked_since_ns, __ATOMIC_RELAXED);
	const char *name = t->full_name[0] ? t->full_name : t->pub.comm;
	bool blocked = st != 'R' && in;
	sep(d);
	if (d->json) {
		fprintf(d->f, "{\"pid\":%d,\"name\":", t->pub.pid);
		kw__json_str(d->f, name);
		fprintf(d->f, ",\"kind\":\"%s\",\"state\":\"%c\",\"blocked_in\":",
			task_kind(t, name), st);
		if (blocked) {
			kw__json_str(d->f, in);
			fprintf(d->f, ",\"blocked_on\":\"%p\",\"blocked_ms\":%.3f}", on,
				since ? (double)(d->now - since) / 1e6 : 0.0);
		} else {
			fprintf(d->f, "null}");
		}
		return;
	}
	fprintf(d->f, "  %-7d %c %-8s %-24s", t->pub.pid, st, task_kind(t, name), name);
	if (blocked)
		fprintf(d->f, " %s on %p for %.3fs", in, on,
			since ? (double)(d->now - since) / 1e9 : 0.0);
	fputc('\n', d->f);
}

static void dump_tasks(struct dump *d)
{
	if (d->json)
		fprintf(d->f, "\"tasks\":[");
	else
		fprintf(d->f, "Tasks:\n  %-7s %c %-8s %-24s %s\n", "PID", 'S', "KIND",
			"NAME", "BLOCKED IN");
	d->first = true;
	kw_spin_lock(&kw__tasks_lock);
	for (struct kw_list_head *p = kw__all_tasks.next; p != &kw__all_tasks;
	     p = p->next)
		dump_task(d, kw_container_of(p, struct kw__task, all_node));
	kw_spin_unlock(&kw__tasks_lock);
	if (d->json)
		fprintf(d->f, "]");
}

/* ---- workqueues and pools ----------------------------------------------------------------- */

static void work_item(struct dump *d, struct kw_work *w)
{
	char name[160];
	if (w->func == kw__wq_barrier_func) {
		struct kw__wq_barrier *b = kw_container_of(w, struct kw__wq_barrier, work);
		snprintf(name, sizeof(name), "BAR(%d)", b->task->pid);
	} else {
		sym((const void *)w->func, name, sizeof(name));
	}
	item(d, name, age_ms(d, kw__stamp_find(&kw__get_work_pwq(w)->xstats.stamps,
					       w, false)));
}

/* The items of pwq on head (all of them if !match). Pool lock held. */
static void work_list(struct dump *d, const char *what, struct kw__pwq *pwq,
		      struct kw_list_head *head, bool match)
{
	unsigned int n = 0, cut = 0;
	if (d->json)
		fprintf(d->f, ",\"%s\":[", what);
	d->first = true;
	for (struct kw_list_head *p = head->next; p != head; p = p->next) {
		struct kw_work *w = kw_list_entry(p, struct kw_work, entry);
		if (match && kw__get_work_pwq(w) != pwq)
			continue;
		if (n++ >= MAX_ITEMS) {
			cut++;
			continue;
		}
		if (n == 1 && !d->json)
			fprintf(d->f, "    %s:", what);
		work_item(d, w);
	}
	if (d->json)
		fprintf(d->f, "],\"%s_cut\":%u", what, cut);
	else if (n)
		fprintf(d->f, cut ? " ... %u more\n" : "\n", cut);
}

static void in_flight(struct dump *d, struct kw__pwq *pwq)
{
	struct kw__pool *pool = pwq->pool;
	bool any = false;
	char name[160];
	if (d->json)
		fprintf(d->f, ",\"in_flight\":[");
	d->first = true;
	for (unsigned int b = 0; b < (1u << KW__BUSY_HASH_BITS); b++) {
		for (struct kw_hlist_node *h = pool->busy_hash[b].first; h; h = h->next) {
			struct kw__worker *wk = kw_container_of(h, struct kw__worker, hentry);
			if (wk->current_pwq != pwq)
				continue;
			sym((const void *)wk->current_func, name, sizeof(name));
			double age = (double)(d->now - wk->start_ns) / 1e6;
			if (d->json) {
				sep(d);
				fprintf(d->f, "{\"pid\":%d,\"rescuer\":%s,\"func\":",
					wk->task->pid, wk->rescuer ? "true" : "false");
				kw__json_str(d->f, name);
				fprintf(d->f, ",\"age_ms\":%.3f}", age);
			} else {
				fprintf(d->f, "%s %d%s:%s(%.3fms)", any ? "," : "    in-flight:",
					wk->task->pid, wk->rescuer ? "(RESCUER)" : "", name, age);
			}
			any = true;
		}
	}
	if (d->json)
		fprintf(d->f, "]");
	else if (any)
		fputc('\n', d->f);
}

static void dump_pwq(struct dump *d, struct kw__pwq *pwq)
{
	struct kw__pool *pool = pwq->pool;
	char cpus[32];
	kw__pool_cpus(pool, cpus, sizeof(cpus));
	if (d->json)
		fprintf(d->f, "{\"pool\":%d,\"cpus\":\"%s\",\"active\":%d,\"refcnt\":%d,"
			"\"mayday\":%s", pool->id, cpus, pwq->nr_active, pwq->refcnt,
			kw_list_empty(&pwq->mayday_node) ? "false" : "true");
	else
		fprintf(d->f, "  pwq %d: cpus=%s nice=%d active=%d refcnt=%d%s\n",
			pool->id, cpus, pool->nice, pwq->nr_active, pwq->refcnt,
			kw_list_empty(&pwq->mayday_node) ? "" : " MAYDAY");
	in_flight(d, pwq);
	work_list(d, "pending", pwq, &pool->worklist, true);
	work_list(d, "inactive", pwq, &pwq->inactive_works, false);
	if (d->json)
		fputc('}', d->f);
}

static void dump_wq(struct dump *d, struct kw_workqueue *wq, bool *first_wq)
{
	bool header = false;
	for (int i = 0; i < wq->nr_pwqs; i++) {
		struct kw__pwq *pwq = wq->pwqs[i];
		kw_spin_lock(&pwq->pool->lock);
		kw__pwq_drain_inbox_locked(pwq);
		if (kw__pwq_busy(pwq)) {
			if (!header) {
				if (d->json) {
					fprintf(d->f, "%s{\"name\":", *first_wq ? "" : ",");
					kw__json_str(d->f, wq->name);
					fprintf(d->f, ",\"flags\":%u,\"pwqs\":[",
						kw_workqueue_flags(wq));
				} else {
					fprintf(d->f, "workqueue %s: flags=0x%x\n", wq->name,
						kw_workqueue_flags(wq));
				}
			} else if (d->json) {
				fputc(',', d->f);
			}
			header = true;
			*first_wq = false;
			dump_pwq(d, pwq);
		}
		kw_spin_unlock(&pwq->pool->lock);
	}
	if (header && d->json)
		fprintf(d->f, "]}");
}

static void dump_wqs(struct dump *d)
{
	bool first = true;
	if (d->json)
		fprintf(d->f, ",\"workqueues\":[");
	else
		fprintf(d->f, "Showing busy workqueues and worker pools:\n");
	kw_spin_lock(&kw__wq_list_lock);
	for (struct kw_list_head *p = kw__workqueues.next; p != &kw__workqueues;
	     p = p->next)
		dump_wq(d, kw_list_entry(p, struct kw_workqueue, list), &first);
	kw_spin_unlock(&kw__wq_list_lock);
	if (d->json)
		fprintf(d->f, "]");
}

static bool pool_busy_locked(struct kw__pool *pool)
{
	for (unsigned int b = 0; b < (1u << KW__BUSY_HASH_BITS); b++)
		if (pool->busy_hash[b].first)
			return true;
	return !kw_list_empty(&pool->worklist);
}

static void dump_pool_locked(struct dump *d, struct kw__pool *pool)
{
	char cpus[32];
	unsigned long hung = kw__pool_hung_s(pool);
	kw__pool_cpus(pool, cpus, sizeof(cpus));
	sep(d);
	if (d->json)
		fprintf(d->f, "{\"id\":%d,\"cpus\":\"%s\",\"nice\":%d,\"hung_s\":%lu,"
			"\"workers\":%d,\"idle\":%d,\"nr_running\":%d}", pool->id, cpus,
			pool->nice, hung, pool->nr_workers, pool->nr_idle,
			pool->nr_running);
	else
		fprintf(d->f, "pool %d: cpus=%s nice=%d hung=%lus workers=%d idle=%d "
			"running=%d%s\n", pool->id, cpus, pool->nice, hung,
			pool->nr_workers, pool->nr_idle, pool->nr_running,
			pool->manager ? " (manager active)" : "");
}

/*
 * The pools exist once a workqueue does: init makes them before it links
 * the system workqueues under kw__wq_list_lock, so seeing the list non-empty
 * under that lock orders the reads of kw__pools after their creation (and
 * the dump starts no kworkers in a program that never used a workqueue).
 */
static int nr_pools(void)
{
	kw_spin_lock(&kw__wq_list_lock);
	bool up = !kw_list_empty(&kw__workqueues);
	kw_spin_unlock(&kw__wq_list_lock);
	return up ? kw__nr_pools : 0;
}

static void dump_pools(struct dump *d)
{
	if (d->json)
		fprintf(d->f, ",\"pools\":[");
	d->first = true;
	int n = nr_pools();
	for (int i = 0; i < n; i++) {
		struct kw__pool *pool = kw__pools[i];
		kw_spin_lock(&pool->lock);
		if (pool_busy_locked(pool))
			dump_pool_locked(d, pool);
		kw_spin_unlock(&pool->lock);
	}
	if (d->json)
		fprintf(d->f, "]");
}

/* ---- kthread_workers ------------------------------------------------------------------------ */

static void ktw_pending(struct dump *d, struct kw_kthread_worker *worker)
{
	unsigned int n = 0, cut = 0;
	char name[160];
	if (d->json)
		fprintf(d->f, ",\"pending\":[");
	d->first = true;
	kw__ktw_drain_inbox_locked(worker);
	for (struct kw_list_head *p = worker->work_list.next; p != &worker->work_list;
	     p = p->next) {
		struct kw_kthread_work *w = kw_list_entry(p, struct kw_kthread_work, node);
		if (n++ >= MAX_ITEMS) {
			cut++;
			continue;
		}
		if (n == 1 && !d->json)
			fprintf(d->f, "    pending:");
		item(d, sym((const void *)w->func, name, sizeof(name)),
		     age_ms(d, kw__stamp_find(&worker->stats.stamps, w, false)));
	}
	if (d->json)
		fprintf(d->f, "],\"pending_cut\":%u", cut);
	else if (n)
		fprintf(d->f, cut ? " ... %u more\n" : "\n", cut);
}

static void dump_ktw_locked(struct dump *d, struct kw_kthread_worker *worker,
			    bool first)
{
	char name[160];
	struct kw_task *t = worker->task;
	const char *comm = t ? (kw__task(t)->full_name[0] ? kw__task(t)->full_name
							 : t->comm) : "";
	kw_kthread_work_func_t cur = worker->current_work ? worker->stats.cur_func
							   : NULL;
	if (cur)
		sym((const void *)cur, name, sizeof(name));
	double age = age_ms(d, worker->stats.cur_start_ns);
	unsigned int delayed = 0;
	for (struct kw_list_head *p = worker->delayed_work_list.next;
	     p != &worker->delayed_work_list; p = p->next)
		delayed++;
	if (d->json) {
		fprintf(d->f, "%s{\"name\":", first ? "" : ",");
		kw__json_str(d->f, comm);
		fprintf(d->f, ",\"pid\":%d,\"delayed\":%u,\"current\":", t ? t->pid : 0,
			delayed);
		if (cur) {
			d->first = true;
			item(d, name, age);
		} else {
			fprintf(d->f, "null");
		}
	} else {
		fprintf(d->f, "kthread_worker %s (pid %d): delayed=%u", comm,
			t ? t->pid : 0, delayed);
		if (cur)
			fprintf(d->f, age >= 0 ? " running %s(%.3fms)" : " running %s",
				name, age);
		fputc('\n', d->f);
	}
	ktw_pending(d, worker);
	if (d->json)
		fputc('}', d->f);
}

static void dump_ktws(struct dump *d)
{
	bool first = true;
	if (d->json)
		fprintf(d->f, ",\"kthread_workers\":[");
	struct kw_list_head *head = kw__ktw_registry_lock();
	for (struct kw_list_head *p = head->next; p != head; p = p->next) {
		struct kw_kthread_worker *w =
			kw_container_of(p, struct kw_kthread_worker, stats_node);
		kw_spin_lock(&w->lock);
		dump_ktw_locked(d, w, first);
		kw_spin_unlock(&w->lock);
		first = false;
	}
	kw__ktw_registry_unlock();
	if (d->json)
		fprintf(d->f, "]");
}

int kw_dump(FILE *out, unsigned int flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return -errno;
	struct dump d = { .f = m, .json = flags & KW_OUT_JSON, .now = kw__clock_ns() };
	if (d.json)
		fprintf(m, "{\"pid\":%d,\"timing\":%s,", (int)getpid(),
			kw_stats_timing() ? "true" : "false");
	else
		fprintf(m, "kwork dump of pid %d%s\n", (int)getpid(),
			kw_stats_timing() ? "" : " (stats timing off: no queue ages)");
	dump_tasks(&d);
	dump_wqs(&d);
	dump_pools(&d);
	dump_ktws(&d);
	if (d.json)
		fprintf(m, "}\n");
	if (fclose(m) != 0) {
		free(buf);
		return -ENOMEM;
	}
	size_t done = fwrite(buf, 1, len, out);
	free(buf);
	fflush(out);
	return done == len && !ferror(out) ? 0 : -EIO;
}
