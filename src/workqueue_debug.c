/*
 * workqueue_debug.c - what the workqueue shows about itself: the
 * show_all_workqueues() dump, print_worker_info(), the /proc-style kworker
 * name, per-wq statistics, and the lockup watchdog.
 *
 * Layer: workqueue. Runs in any caller (dumps, statistics) and on the timer
 * thread (the watchdog). Dumps take kw__wq_list_lock, then each pool's
 * lock (the order of workqueue_internal.h), and print while holding them:
 * kw_printk never sleeps. The watchdog reads pool progress timestamps
 * (updated when an item reaches an empty worklist and when a worker starts
 * running items) and reports a pool whose worklist has not moved for
 * watchdog_thresh seconds. kw_wq_watchdog_touch(cpu) (any thread) counts
 * as progress for cpu's pools, and now and then for the unbound ones.
 * With panic_on_stall = n, the n-th check that finds a stall is a BUG.
 */
#include "workqueue_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned int kw__wq_watchdog_thresh = 30;	/* A: seconds, 0 = off */
static struct kw_timer watchdog_timer;
static unsigned long watchdog_touched;		/* A: jiffies, unbound pools */
static unsigned long watchdog_touched_cpu[KW_NR_CPUS];	/* A: jiffies, per CPU */
static unsigned int panic_on_stall;		/* A: BUG at this many stalls */
static unsigned int nr_stalls;			/* timer callback only */

/* ---- a line buffer for the dump ---------------------------------------------- */

struct line {
	char buf[1024];
	size_t len;
};

static void line_add(struct line *l, const char *fmt, ...) KW_PRINTF(2, 3);
static void line_add(struct line *l, const char *fmt, ...)
{
	if (l->len >= sizeof(l->buf) - 1)
		return;
	va_list args;
	va_start(args, fmt);
	int n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, args);
	va_end(args);
	if (n > 0)
		l->len += (size_t)n;
	if (l->len >= sizeof(l->buf))
		l->len = sizeof(l->buf) - 1;
}

static void line_print(struct line *l)
{
	kw_printk(KW_SOH "6" "%s\n", l->buf);
	l->len = 0;
	l->buf[0] = '\0';
}

static const char *sym(const void *fn, char *buf, size_t size)
{
	return kw_symbol_name(fn, false, buf, size);
}

void kw__pool_cpus(struct kw__pool *pool, char *buf, size_t size)
{
	if (pool->cpu >= 0)
		snprintf(buf, size, "%d", pool->cpu);
	else if (kw_nr_cpu_ids() == 1)
		snprintf(buf, size, "0");
	else
		snprintf(buf, size, "0-%u", kw_nr_cpu_ids() - 1);
}

static void pool_info(struct line *l, struct kw__pool *pool)
{
	char cpus[32];
	kw__pool_cpus(pool, cpus, sizeof(cpus));
	/* node=0: kwork has one NUMA node, as a one-node kernel prints. */
	line_add(l, " cpus=%s node=0 flags=0x%x nice=%d", cpus, pool->flags,
		 pool->nice);
}

/* Collapses runs of one function into "N*func" (the kernel's pr_cont_work). */
struct work_run {
	kw_work_func_t func;
	int count;
	bool comma;
};

static void run_flush(struct line *l, struct work_run *r)
{
	char name[128];
	if (!r->count)
		return;
	line_add(l, "%s ", r->comma ? "," : "");
	if (r->count > 1)
		line_add(l, "%d*", r->count);
	line_add(l, "%s", sym((const void *)r->func, name, sizeof(name)));
	r->comma = true;
	r->count = 0;
}

static void run_add(struct line *l, struct work_run *r, struct kw_work *w)
{
	if (w->func == kw__wq_barrier_func) {
		struct kw__wq_barrier *barr =
			kw_container_of(w, struct kw__wq_barrier, work);
		run_flush(l, r);
		line_add(l, "%s BAR(%d)", r->comma ? "," : "", barr->task->pid);
		r->comma = true;
		return;
	}
	if (r->count && r->func != w->func)
		run_flush(l, r);
	r->func = w->func;
	r->count++;
}

static void show_list(struct line *l, const char *what, struct kw__pwq *pwq,
		      struct kw_list_head *head, bool match_pwq)
{
	struct work_run r = { 0 };
	bool any = false;
	for (struct kw_list_head *p = head->next; p != head; p = p->next) {
		struct kw_work *w = kw_list_entry(p, struct kw_work, entry);
		if (match_pwq && kw__get_work_pwq(w) != pwq)
			continue;
		if (!any)
			line_add(l, "    %s:", what);
		any = true;
		run_add(l, &r, w);
	}
	run_flush(l, &r);
	if (any)
		line_print(l);
}

/* Under pwq->pool->lock. */
void kw__show_pwq_locked(struct kw__pwq *pwq)
{
	struct kw__pool *pool = pwq->pool;
	struct line l = { .len = 0 };
	char name[128];

	line_add(&l, "  pwq %d:", pool->id);
	pool_info(&l, pool);
	line_add(&l, " active=%d refcnt=%d%s", pwq->nr_active, pwq->refcnt,
		 kw_list_empty(&pwq->mayday_node) ? "" : " MAYDAY");
	line_print(&l);

	bool any = false;
	for (unsigned int b = 0; b < (1u << KW__BUSY_HASH_BITS); b++) {
		for (struct kw_hlist_node *n = pool->busy_hash[b].first; n; n = n->next) {
			struct kw__worker *worker =
				kw_container_of(n, struct kw__worker, hentry);
			if (worker->current_pwq != pwq)
				continue;
			line_add(&l, "%s %d%s:%s", any ? "," : "    in-flight:",
				 worker->task->pid, worker->rescuer ? "(RESCUER)" : "",
				 sym((const void *)worker->current_func, name, sizeof(name)));
			struct work_run r = { 0 };
			for (struct kw_list_head *p = worker->scheduled.next;
			     p != &worker->scheduled; p = p->next)
				run_add(&l, &r, kw_list_entry(p, struct kw_work, entry));
			run_flush(&l, &r);
			any = true;
		}
	}
	if (any)
		line_print(&l);
	show_list(&l, "pending", pwq, &pool->worklist, true);
	show_list(&l, "inactive", pwq, &pwq->inactive_works, false);
}

/* Under pool->lock. */
unsigned long kw__pool_hung_s(struct kw__pool *pool)
{
	if (kw_list_empty(&pool->worklist))
		return 0;
	return (kw_jiffies() - __atomic_load_n(&pool->watchdog_ts, __ATOMIC_RELAXED)) /
	       KW_HZ;
}

/* Under pool->lock. */
void kw__show_pool_locked(struct kw__pool *pool)
{
	struct line l = { .len = 0 };
	unsigned long hung = kw__pool_hung_s(pool);
	line_add(&l, "pool %d:", pool->id);
	pool_info(&l, pool);
	line_add(&l, " hung=%lus workers=%d", hung, pool->nr_workers);
	if (pool->manager)
		line_add(&l, " manager: %d", pool->manager->task->pid);
	bool first = true;
	for (struct kw_list_head *p = pool->idle_list.next; p != &pool->idle_list;
	     p = p->next) {
		struct kw__worker *w = kw_list_entry(p, struct kw__worker, entry);
		line_add(&l, "%s %d", first ? " idle:" : "", w->task->pid);
		first = false;
	}
	line_print(&l);
}

static bool pool_has_busy_worker(struct kw__pool *pool)
{
	for (unsigned int b = 0; b < (1u << KW__BUSY_HASH_BITS); b++)
		if (pool->busy_hash[b].first)
			return true;
	return !kw_list_empty(&pool->worklist);
}

static void show_wq_locked(struct kw_workqueue *wq)
{
	bool header = false;
	for (int i = 0; i < wq->nr_pwqs; i++) {
		struct kw__pwq *pwq = wq->pwqs[i];
		kw_spin_lock(&pwq->pool->lock);
		kw__pwq_drain_inbox_locked(pwq);
		if (kw__pwq_busy(pwq)) {
			if (!header)
				kw_printk(KW_SOH "6" "workqueue %s: flags=0x%x\n",
					  wq->name, kw_workqueue_flags(wq));
			header = true;
			kw__show_pwq_locked(pwq);
		}
		kw_spin_unlock(&pwq->pool->lock);
	}
}

void kw_show_one_workqueue(struct kw_workqueue *wq)
{
	show_wq_locked(wq);
}

static void show_pools(void)
{
	for (int i = 0; i < kw__nr_pools; i++) {
		struct kw__pool *pool = kw__pools[i];
		kw_spin_lock(&pool->lock);
		if (pool_has_busy_worker(pool))
			kw__show_pool_locked(pool);
		kw_spin_unlock(&pool->lock);
	}
}

static void show_workqueues(bool freezable_only)
{
	kw__workqueue_init();
	kw_printk(KW_SOH "6" "Showing %s workqueues and worker pools:\n",
		  freezable_only ? "freezable" : "busy");
	kw_spin_lock(&kw__wq_list_lock);
	for (struct kw_list_head *p = kw__workqueues.next; p != &kw__workqueues;
	     p = p->next) {
		struct kw_workqueue *wq = kw_list_entry(p, struct kw_workqueue, list);
		if (!freezable_only || (__atomic_load_n(&wq->flags, __ATOMIC_RELAXED) & KW_WQ_FREEZABLE))
			show_wq_locked(wq);
	}
	kw_spin_unlock(&kw__wq_list_lock);
	if (!freezable_only)
		show_pools();
}

void kw_show_all_workqueues(void)
{
	show_workqueues(false);
}

void kw_show_freezable_workqueues(void)
{
	show_workqueues(true);
}

/* ---- workers -------------------------------------------------------------------- */

static struct kw__worker *task_worker(struct kw_task *t)
{
	if (!(t->flags & KW_PF_WQ_WORKER))
		return NULL;
	return kw_kthread_data(t);
}

/* Lock the worker's current pool. Return: it, or NULL (rescuer off duty). */
static struct kw__pool *lock_worker_pool(struct kw__worker *worker)
{
	for (;;) {
		struct kw__pool *pool = __atomic_load_n(&worker->pool, __ATOMIC_ACQUIRE);
		if (!pool)
			return NULL;
		kw_spin_lock(&pool->lock);
		if (__atomic_load_n(&worker->pool, __ATOMIC_RELAXED) == pool)
			return pool;
		kw_spin_unlock(&pool->lock);
	}
}

void kw_print_worker_info(const char *lvl, struct kw_task *t)
{
	struct kw__worker *worker = task_worker(t);
	if (!worker)
		return;
	struct kw__pool *pool = lock_worker_pool(worker);
	if (!pool)
		return;
	char name[KW_WQ_NAME_LEN] = "", desc[KW_WORKER_DESC_LEN], fn[128];
	kw_work_func_t func = worker->current_func;
	if (worker->current_pwq)
		memcpy(name, worker->current_pwq->wq->name, sizeof(name));
	memcpy(desc, worker->desc, sizeof(desc));
	kw_spin_unlock(&pool->lock);
	if (!func && !name[0] && !desc[0])
		return;
	if (strcmp(name, desc))
		kw_printk("%sWorkqueue: %s %s (%s)\n", lvl, name,
			  sym((const void *)func, fn, sizeof(fn)), desc);
	else
		kw_printk("%sWorkqueue: %s %s\n", lvl, name,
			  sym((const void *)func, fn, sizeof(fn)));
}

void kw_wq_worker_comm(char *buf, size_t size, struct kw_task *t)
{
	size_t off = (size_t)snprintf(buf, size, "%s", t->comm);
	struct kw__worker *worker = task_worker(t);
	if (!worker || off >= size)
		return;
	struct kw__pool *pool = lock_worker_pool(worker);
	if (!pool)
		return;
	if (worker->desc[0])
		snprintf(buf + off, size - off, "%c%s",
			 worker->current_work ? '+' : '-', worker->desc);
	kw_spin_unlock(&pool->lock);
}

/* ---- statistics ------------------------------------------------------------------- */

void kw_workqueue_stats(struct kw_workqueue *wq, uint64_t out[KW_PWQ_NR_STATS])
{
	for (int s = 0; s < KW_PWQ_NR_STATS; s++)
		out[s] = 0;
	for (int i = 0; i < wq->nr_pwqs; i++)
		for (int s = 0; s < KW_PWQ_NR_STATS; s++)
			out[s] += __atomic_load_n(&wq->pwqs[i]->stats[s],
						  __ATOMIC_RELAXED);
}

/* ---- watchdog ---------------------------------------------------------------------- */

static unsigned long thresh_jiffies(void)
{
	return (unsigned long)__atomic_load_n(&kw__wq_watchdog_thresh,
					      __ATOMIC_RELAXED) * KW_HZ;
}

/* Report a stalled pool. Return: true if pool is stalled. */
static bool check_pool(struct kw__pool *pool, unsigned long now,
		       unsigned long thresh)
{
	bool stalled = false;
	kw_spin_lock(&pool->lock);
	if (!kw_list_empty(&pool->worklist)) {
		unsigned long ts = __atomic_load_n(&pool->watchdog_ts, __ATOMIC_RELAXED);
		unsigned long touched = __atomic_load_n(
			pool->cpu >= 0 ? &watchdog_touched_cpu[pool->cpu] :
					 &watchdog_touched, __ATOMIC_RELAXED);
		if (kw_time_after(touched, ts))
			ts = touched;
		if (kw_time_after(now, ts + thresh)) {
			struct line l = { .len = 0 };
			line_add(&l, "BUG: workqueue lockup - pool");
			pool_info(&l, pool);
			line_add(&l, " stuck for %lus!", (now - ts) / KW_HZ);
			kw_printk(KW_SOH "0" "%s\n", l.buf);
			stalled = true;
		}
	}
	kw_spin_unlock(&pool->lock);
	return stalled;
}

static void show_stalled_workers(struct kw__pool *pool)
{
	kw_spin_lock(&pool->lock);
	kw_printk(KW_SOH "6" "pool %d:\n", pool->id);
	for (struct kw_list_head *p = pool->workers.next; p != &pool->workers;
	     p = p->next) {
		struct kw__worker *w = kw_container_of(p, struct kw__worker, node);
		if (!w->current_work)
			continue;
		struct kw__task *t = kw__task(w->task);
		const char *in = __atomic_load_n(&t->blocked_in, __ATOMIC_RELAXED);
		char fn[128];
		kw_printk(KW_SOH "6" "  %s/%d running %s%s%s\n", w->task->comm,
			  w->task->pid, sym((const void *)w->current_func, fn, sizeof(fn)),
			  in ? ", blocked in " : "", in ? in : "");
	}
	kw_spin_unlock(&pool->lock);
}

/* workqueue.panic_on_stall: the N-th check that finds a stall is a BUG. */
static void panic_on_wq_watchdog(void)
{
	unsigned int n = __atomic_load_n(&panic_on_stall, __ATOMIC_RELAXED);
	if (n) {
		nr_stalls++;
		KW_BUG_ON(nr_stalls >= n);
	}
}

/* Every pool's progress counts from now (after a check, a new threshold). */
static void reset_touched(unsigned long now)
{
	__atomic_store_n(&watchdog_touched, now, __ATOMIC_RELAXED);
	for (unsigned int c = 0; c < kw_nr_cpu_ids(); c++)
		__atomic_store_n(&watchdog_touched_cpu[c], now, __ATOMIC_RELAXED);
}

static void watchdog_timer_fn(struct kw_timer *t)
{
	unsigned long thresh = thresh_jiffies();
	if (!thresh)
		return;
	unsigned long now = kw_jiffies();
	bool lockup = false, cpu_pool_stall = false;
	bool stalled[kw__nr_pools];
	for (int i = 0; i < kw__nr_pools; i++) {
		stalled[i] = check_pool(kw__pools[i], now, thresh);
		lockup |= stalled[i];
		cpu_pool_stall |= stalled[i] && kw__pools[i]->cpu >= 0;
	}
	if (lockup)
		kw_show_all_workqueues();
	if (cpu_pool_stall) {
		kw_printk(KW_SOH "6" "Showing backtraces of running workers in "
			  "stalled CPU-bound worker pools:\n");
		for (int i = 0; i < kw__nr_pools; i++)
			if (stalled[i] && kw__pools[i]->cpu >= 0)
				show_stalled_workers(kw__pools[i]);
	}
	if (lockup)
		panic_on_wq_watchdog();
	reset_touched(now);
	kw_mod_timer(&watchdog_timer, now + thresh);
}

void kw__wq_watchdog_start(void)
{
	kw__timer_setup_internal(&watchdog_timer, watchdog_timer_fn, KW_TIMER_DEFERRABLE);
	reset_touched(kw_jiffies());
	const char *env = getenv("KWORK_WQ_PANIC_ON_STALL");
	if (env && *env)
		panic_on_stall = (unsigned int)strtoul(env, NULL, 10);
	unsigned long thresh = thresh_jiffies();
	if (thresh)
		kw_mod_timer(&watchdog_timer, kw_jiffies() + thresh);
}

void kw__wq_watchdog_stop(void)
{
	__atomic_store_n(&kw__wq_watchdog_thresh, 0, __ATOMIC_RELAXED);
	kw_timer_delete_sync(&watchdog_timer);
}

void kw_wq_set_watchdog_thresh(unsigned int seconds)
{
	kw__workqueue_init();
	__atomic_store_n(&kw__wq_watchdog_thresh, seconds, __ATOMIC_RELAXED);
	reset_touched(kw_jiffies());
	if (seconds)
		kw_mod_timer(&watchdog_timer, kw_jiffies() + thresh_jiffies());
	else
		kw_timer_delete_sync(&watchdog_timer);
}

void kw_wq_watchdog_touch(int cpu)
{
	unsigned long now = kw_jiffies();
	unsigned long global = __atomic_load_n(&watchdog_touched, __ATOMIC_RELAXED);
	if (cpu >= 0 && (unsigned int)cpu < kw_nr_cpu_ids())
		__atomic_store_n(&watchdog_touched_cpu[cpu], now, __ATOMIC_RELAXED);
	else
		KW_WARN_ONCE(1, "%s should be called with valid CPU", "wq_watchdog_touch");
	/* The unbound pools' stamp is shared: refresh it only now and then. */
	if (kw_time_after(now, global + thresh_jiffies() / 4))
		__atomic_store_n(&watchdog_touched, now, __ATOMIC_RELAXED);
}

void kw_wq_set_panic_on_stall(unsigned int n)
{
	kw__workqueue_init();
	__atomic_store_n(&panic_on_stall, n, __ATOMIC_RELAXED);
}
