/*
 * module_report.c - the unload report's reporters for everything but
 * kthreads: timers, delayed works, works, workqueues, kthread_worker works,
 * kmalloc memory and kmem_caches the module left behind.
 *
 * Layer: module runner. Each reporter reads a mechanism's state through
 * that mechanism's own walker or internal header (kw__timer_for_each, the
 * workqueue pools and list, the task list, kw_kmem_for_each) and prints one
 * KERN_ERR line per leftover owned by the module: an object is the
 * module's when its callback is module code (kw__module_owns); a
 * workqueue is the module's when it is not a system workqueue. They are
 * registered from this file's constructor, in report order, and run in the
 * rmmod thread after exit returned.
 *
 * kw__module_busy_soon() uses the same walks without printing.
 *
 * Locks: each walk takes the mechanism's lock (timer base; kw__wq_list_lock
 * then pool locks, the workqueue order; kw__tasks_lock then a
 * kthread_worker's lock) and prints under it: kw_printk never sleeps.
 */
#include "kmem_internal.h"
#include "kthread_worker_internal.h"
#include "module_internal.h"
#include "rcu_internal.h"
#include "timer_internal.h"
#include "workqueue_internal.h"

#include <kwork/kthread_worker.h>

#include <stdlib.h>
#include <string.h>

#define ERR KW_SOH "3"

#define for_each_entry(pos, head, member)                                    \
	for (pos = kw_container_of((head)->next, __typeof__(*pos), member); \
	     &pos->member != (head);                                          \
	     pos = kw_container_of(pos->member.next, __typeof__(*pos), member))
#define MAX_BLOCK_LINES 20	/* kmalloc blocks listed one by one, then summed */

/* What a walk does with each leftover it finds. */
struct walk {
	bool print;
	bool soon_only;		/* count only what runs soon (busy_soon) */
	unsigned int n;
};

static const char *mod(void)
{
	return kw__module_name();
}

/* ---- timers and delayed works ----------------------------------------------------- */

static long jiffies_left(const struct kw_timer *t)
{
	return (long)(t->expires - kw_jiffies());
}

/*
 * A delayed work (workqueue or kthread_worker) whose timer t is armed: counts
 * it when the module owns func and it is still pending (not running; with
 * soon_only, due now). True when it is to be printed.
 */
static bool count_delayed(struct walk *w, const struct kw_timer *t, bool running,
			  const void *func)
{
	if (running || !kw__module_owns(func))
		return false;
	if (w->soon_only && jiffies_left(t) > 0)
		return false;
	w->n++;
	return w->print;
}

static void timer_leftover(struct kw_timer *t, bool running, void *arg)
{
	struct walk *w = arg;
	kw_timer_fn fn = t->function;

	if (fn == kw_delayed_work_timer_fn) {
		struct kw_delayed_work *dw = kw_container_of(t, struct kw_delayed_work, timer);
		if (count_delayed(w, t, running, (const void *)dw->work.func))
			kw_printk(ERR "%s: delayed_work %ps still armed after module unload "
				  "(cancel_delayed_work_sync() not called), queues on %s in %ld "
				  "jiffies\n", mod(), (void *)dw->work.func,
				  dw->wq ? dw->wq->name : "?", jiffies_left(t));
		return;
	}
	if (fn == kw_kthread_delayed_work_timer_fn) {
		struct kw_kthread_delayed_work *dw =
			kw_container_of(t, struct kw_kthread_delayed_work, timer);
		if (count_delayed(w, t, running, (const void *)dw->work.func))
			kw_printk(ERR "%s: kthread_delayed_work %ps still armed after module "
				  "unload (kthread_cancel_delayed_work_sync() not called), "
				  "queues in %ld jiffies\n", mod(), (void *)dw->work.func,
				  jiffies_left(t));
		return;
	}
	if (!kw__module_owns((const void *)fn))
		return;
	if (w->soon_only && !running && jiffies_left(t) > 0)
		return;
	w->n++;
	if (!w->print)
		return;
	if (running)
		kw_printk(ERR "%s: timer_list %p callback %ps still running after module "
			  "unload (timer_delete_sync() not called)\n", mod(), (void *)t,
			  (void *)fn);
	else
		kw_printk(ERR "%s: timer_list %p still armed after module unload "
			  "(timer_delete_sync() not called), function %ps, expires in %ld "
			  "jiffies\n", mod(), (void *)t, (void *)fn, jiffies_left(t));
}

static unsigned int walk_timers(struct walk *w)
{
	kw__timer_for_each(timer_leftover, w);
	return w->n;
}

static unsigned int report_timers(void)
{
	struct walk w = { .print = true };
	return walk_timers(&w);
}

/* ---- works and workqueues ------------------------------------------------------------ */

static void pending_work(struct walk *w, struct kw_work *work, const char *wq)
{
	if (!kw__module_owns((const void *)work->func))
		return;
	w->n++;
	if (w->print)
		kw_printk(ERR "%s: work %ps still pending on workqueue %s after module unload "
			  "(cancel_work_sync() or flush_workqueue() not called)\n", mod(),
			  (void *)work->func, wq);
}

static const char *work_wq_name(struct kw_work *work)
{
	struct kw__pwq *pwq = kw__get_work_pwq(work);
	return pwq ? pwq->wq->name : "?";
}

static void walk_pool_locked(struct walk *w, struct kw__pool *pool)
{
	struct kw_work *work;
	struct kw__worker *worker;

	for_each_entry(work, &pool->worklist, entry)
		pending_work(w, work, work_wq_name(work));
	for_each_entry(worker, &pool->workers, node) {
		for_each_entry(work, &worker->scheduled, entry)
			if (work != worker->current_work)
				pending_work(w, work, work_wq_name(work));
		/* Running is not "about to run": busy_soon leaves it out. */
		if (!worker->current_work || w->soon_only ||
		    !kw__module_owns((const void *)worker->current_func))
			continue;
		w->n++;
		if (w->print)
			kw_printk(ERR "%s: work %ps still running on workqueue %s (%s, pid %d) "
				  "after module unload (cancel_work_sync() not called)\n",
				  mod(), (void *)worker->current_func,
				  worker->current_pwq ? worker->current_pwq->wq->name : "?",
				  worker->task->comm, worker->task->pid);
	}
}

static unsigned int walk_works(struct walk *w)
{
	int nr = __atomic_load_n(&kw__nr_pools, __ATOMIC_ACQUIRE);
	for (int i = 0; i < nr; i++) {
		struct kw__pool *pool = kw__pools[i];
		if (!pool)
			continue;
		kw_spin_lock(&pool->lock);
		walk_pool_locked(w, pool);
		kw_spin_unlock(&pool->lock);
	}
	/* Works held back by max_active, on each workqueue's pwqs. */
	struct kw_workqueue *wq;
	kw_spin_lock(&kw__wq_list_lock);
	for_each_entry(wq, &kw__workqueues, list) {
		for (int i = 0; i < wq->nr_pwqs; i++) {
			struct kw__pwq *pwq = wq->pwqs[i];
			struct kw_work *work;
			kw_spin_lock(&pwq->pool->lock);
			kw__pwq_drain_inbox_locked(pwq);
			for_each_entry(work, &pwq->inactive_works, entry)
				pending_work(w, work, wq->name);
			kw_spin_unlock(&pwq->pool->lock);
		}
	}
	kw_spin_unlock(&kw__wq_list_lock);
	return w->n;
}

static unsigned int report_works(void)
{
	struct walk w = { .print = true };
	return walk_works(&w);
}

static unsigned int report_workqueues(void)
{
	unsigned int n = 0;
	struct kw_workqueue *wq;
	kw_spin_lock(&kw__wq_list_lock);
	for_each_entry(wq, &kw__workqueues, list) {
		if (wq->system)
			continue;
		n++;
		kw_printk(ERR "%s: workqueue %s not destroyed after module unload "
			  "(destroy_workqueue() not called)\n", mod(), wq->name);
	}
	kw_spin_unlock(&kw__wq_list_lock);
	return n;
}

/* ---- kthread_worker works --------------------------------------------------------------- */

static unsigned int walk_kthread_works(struct walk *w)
{
	kw_spin_lock(&kw__tasks_lock);
	for (struct kw_list_head *pos = kw__all_tasks.next; pos != &kw__all_tasks;
	     pos = pos->next) {
		struct kw__task *t = kw_container_of(pos, struct kw__task, all_node);
		if (!t->kthread || kw_kthread_func(&t->pub) != (void *)kw_kthread_worker_fn)
			continue;
		struct kw_kthread_worker *worker = kw_kthread_data(&t->pub);
		struct kw_kthread_work *work;
		kw_spin_lock(&worker->lock);
		kw__ktw_drain_inbox_locked(worker);
		for_each_entry(work, &worker->work_list, node) {
			if (!kw__module_owns((const void *)work->func))
				continue;
			w->n++;
			if (w->print)
				kw_printk(ERR "%s: kthread_work %ps still queued on kthread_worker "
					  "%s after module unload (kthread_cancel_work_sync() not "
					  "called)\n", mod(), (void *)work->func, t->pub.comm);
		}
		kw_spin_unlock(&worker->lock);
	}
	kw_spin_unlock(&kw__tasks_lock);
	return w->n;
}

static unsigned int report_kthread_works(void)
{
	struct walk w = { .print = true };
	return walk_kthread_works(&w);
}

/* ---- kmalloc memory and caches ------------------------------------------------------------ */

struct blocks {
	struct kw_kmem_block *v;
	unsigned long n, cap;
};

static void collect_block(const struct kw_kmem_block *b, void *arg)
{
	struct blocks *bl = arg;
	if (bl->n < bl->cap)
		bl->v[bl->n++] = *b;
}

static int by_seq(const void *a, const void *b)
{
	const struct kw_kmem_block *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_block(const struct kw_kmem_block *b)
{
	char d[256];
	kw__kmem_describe(d, sizeof(d), b->site, b->caller, b->kind);
	if (b->cache)
		kw_printk(ERR "%s: %s from kmem_cache %s, %zu bytes, not freed (object %p)\n",
			  mod(), d, b->cache, b->size, b->ptr);
	else
		kw_printk(ERR "%s: %s, %zu bytes, not freed (object %p)\n", mod(), d,
			  b->size, b->ptr);
}

static unsigned int report_memory(void)
{
	size_t bytes;
	/* Memory handed to kfree_rcu is not leaked: let its frees finish. */
	(void)kw__rcu_settle_frees(1000);
	unsigned long n = kw_kmem_for_each(NULL, NULL, &bytes);
	if (!n)
		return 0;
	struct blocks bl = { .cap = n < MAX_BLOCK_LINES * 64 ? n : MAX_BLOCK_LINES * 64 };
	bl.v = malloc(bl.cap * sizeof(*bl.v));
	if (bl.v) {
		kw_kmem_for_each(collect_block, &bl, NULL);
		qsort(bl.v, bl.n, sizeof(*bl.v), by_seq);	/* oldest first */
		for (unsigned long i = 0; i < bl.n && i < MAX_BLOCK_LINES; i++)
			print_block(&bl.v[i]);
		free(bl.v);
	}
	if (n > 1 || !bl.v)
		kw_printk(ERR "%s: %lu block%s (%zu bytes) of kmalloc/vmalloc memory not "
			  "freed after module unload%s\n", mod(), n, n == 1 ? "" : "s", bytes,
			  n > MAX_BLOCK_LINES ? " (the oldest listed above)" : "");
	return (unsigned int)n;
}

static void print_cache(const char *name, unsigned int size,
			const struct kw_alloc_site *site, void *arg)
{
	char d[256] = "";
	if (site)
		kw__kmem_describe(d, sizeof(d), site, NULL, KW_KMEM_CACHE);
	kw_printk(ERR "%s: kmem_cache %s (%u-byte objects) not destroyed after module "
		  "unload (kmem_cache_destroy() not called)%s%s\n", mod(), name, size,
		  site ? ", " : "", d);
}

static unsigned int report_caches(void)
{
	return (unsigned int)kw_kmem_for_each_cache(print_cache, NULL);
}

/* ---- call_rcu callbacks --------------------------------------------------------------- */

static void pending_rcu(struct kw_rcu_head *head, void (*func)(struct kw_rcu_head *),
			void *arg)
{
	unsigned int *n = arg;
	if (!kw__module_owns((const void *)func))
		return;
	++*n;
	kw_printk(ERR "%s: call_rcu callback %ps (rcu_head %p) still pending after module unload "
		  "(rcu_barrier() not called in module_exit)\n", mod(), (void *)func, (void *)head);
}

static unsigned int report_rcu(void)
{
	unsigned int n = 0;
	kw__rcu_for_each_pending(pending_rcu, &n);
	return n;
}

/* ---- registration ------------------------------------------------------------------------- */

bool kw__module_busy_soon(void)
{
	struct walk w = { .soon_only = true };
	return walk_timers(&w) || walk_works(&w) || walk_kthread_works(&w);
}

static struct kw__leftover_reporter reporters[] = {
	{ .what = "timer_list", .report = report_timers },
	{ .what = "work_struct", .report = report_works },
	{ .what = "kthread_work", .report = report_kthread_works },
	{ .what = "call_rcu", .report = report_rcu },
	{ .what = "workqueue", .report = report_workqueues },
	{ .what = "kmalloc", .report = report_memory },
	{ .what = "kmem_cache", .report = report_caches },
};

__attribute__((constructor)) static void register_reporters(void)
{
	for (size_t i = 0; i < sizeof(reporters) / sizeof(reporters[0]); i++)
		kw__module_add_reporter(&reporters[i]);
}
