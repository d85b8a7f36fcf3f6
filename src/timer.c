/*
 * timer.c - timer_list on a hierarchical timing wheel, run by one timer
 * thread ("ktimers").
 *
 * Layer: timers. Arm, modify and delete run in any thread and any context;
 * callbacks run on the ktimers thread in softirq context, one at a time.
 *
 * The wheel (as kernel/time/timer.c): LVL_DEPTH levels of 64 buckets; level
 * n has a granularity of 8^n jiffies and holds timers due 63*8^(n-1) to
 * 63*8^n - 1 jiffies after base.clk. A timer goes straight into the bucket
 * of its level, its expiry rounded UP to the next multiple of that level's
 * granularity (at level 0: expires E waits in bucket E + 1, so it fires once
 * jiffies > E); nothing ever cascades down. Timers further out than the
 * wheel holds (~12 days at HZ=1000) are clamped to its capacity. Every
 * bucket that is not empty has its bit set in pending_map, so the next
 * expiry is found with one rotate and count-trailing-zeros per level.
 *
 * Invariant: every non-empty bucket's expiry lies in [clk, clk + 64 * gran),
 * so a bucket index names exactly one expiry; clk only moves forward to a
 * point no later than next_expiry, which is never later than the earliest
 * bucket expiry (it may be earlier after deletes: a wasted wake-up, never a
 * missed one).
 *
 * The timer thread: collects the buckets due at next_expiry, then runs
 * their timers one by one with the lock dropped, each inside
 * kw__softirq_enter/exit, the timer unlinked first (timer_pending() is false
 * in the callback) and base.running naming it (timer_delete_sync() waits for
 * that). Then it sleeps until the next expiry with kw_schedule_deadline_ns()
 * - no tick while idle. An arm wakes it only when the new bucket is due
 * before the one it sleeps for. It is started by the first arm and stopped
 * by kw__timer_shutdown_thread().
 *
 * Lock: base.lock (one kw_spinlock, the kernel's timer_base lock) guards
 * everything in struct timer_base and every armed timer's entry, expires,
 * function and flags. Fields marked A are also read without it.
 */
#include "module_internal.h"
#include "task_internal.h"
#include "timer_internal.h"
#include "debug_internal.h"
#include "stats_internal.h"
#include "teardown_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ---- wheel geometry -------------------------------------------------------- */

#define LVL_CLK_SHIFT 3
#define LVL_CLK_MASK ((1UL << LVL_CLK_SHIFT) - 1)
#define LVL_BITS 6
#define LVL_SIZE (1U << LVL_BITS)
#define LVL_MASK ((unsigned long)LVL_SIZE - 1)
#if KW_HZ > 100
#define LVL_DEPTH 9
#else
#define LVL_DEPTH 8
#endif
#define WHEEL_SIZE (LVL_SIZE * LVL_DEPTH)

#define lvl_shift(n) ((n) * LVL_CLK_SHIFT)
#define lvl_gran(n) (1UL << lvl_shift(n))
/* First delta (expires - clk) that level n holds. */
#define lvl_start(n) ((LVL_SIZE - 1UL) << (((n) - 1) * LVL_CLK_SHIFT))
#define WHEEL_TIMEOUT_CUTOFF lvl_start(LVL_DEPTH)
#define WHEEL_TIMEOUT_MAX (WHEEL_TIMEOUT_CUTOFF - lvl_gran(LVL_DEPTH - 1))

/* Bucket index of an armed timer, kept in flags bits 22..31 (the kernel's). */
#define IDX_SHIFT 22
#define IDX_MASK 0xFFC00000u
/* Collected by the timer thread, about to run: in no bucket. */
#define IDX_EXPIRING 0x3FFu

_Static_assert(WHEEL_SIZE < IDX_EXPIRING, "bucket index must fit the flags");

/* ---- the timer base ---------------------------------------------------------- */

enum thread_state { THREAD_NONE, THREAD_RUNNING };

/* A task sleeping in timer_delete_sync() until base.running changes. */
struct sync_waiter {
	struct kw_list_head node;	/* on base.waiters */
	struct kw_task *task;
};

static struct timer_base {
	kw_spinlock_t lock;
	unsigned long clk;		/* next jiffy whose buckets are due */
	unsigned long next_expiry;	/* earliest bucket expiry, if next_valid */
	bool next_valid;		/* some bucket is pending */
	unsigned long armed;		/* A: timers armed (timer_pending) */
	unsigned long armed_internal;	/* those of them KW__TIMER_INTERNAL */
	struct kw_timer *running;	/* callback running right now */
	struct kw_list_head waiters;	/* struct sync_waiter */

	enum thread_state thread_state;
	bool stopping;			/* kw__timer_shutdown_thread asked */
	struct kw__task *task;		/* the ktimers task while it runs */
	pthread_t thread;
	bool sleeping;			/* thread is in (or entering) its sleep */
	bool sleep_bounded;		/* ... until sleep_until, not forever */
	unsigned long sleep_until;

	uint64_t pending_map[LVL_DEPTH];	/* bit i: bucket i not empty */
	struct kw_hlist_head vectors[WHEEL_SIZE];
} base = {
	.lock = KW_SPINLOCK_INIT,
	.waiters = KW_LIST_HEAD_INIT(base.waiters),
};

/*
 * hlist operations with every pprev store atomic: kw_timer_pending() reads
 * pprev without the lock.
 */
static void set_pprev(struct kw_hlist_node *n, struct kw_hlist_node **pprev)
{
	__atomic_store_n(&n->pprev, pprev, __ATOMIC_RELAXED);
}

static void hlist_add(struct kw_hlist_node *n, struct kw_hlist_head *h)
{
	n->next = h->first;
	if (h->first)
		set_pprev(h->first, &n->next);
	h->first = n;
	set_pprev(n, &h->first);
}

static void hlist_unlink(struct kw_hlist_node *n)
{
	*n->pprev = n->next;
	if (n->next)
		set_pprev(n->next, n->pprev);
	n->next = NULL;
	set_pprev(n, NULL);
}

static void hlist_move(struct kw_hlist_head *from, struct kw_hlist_head *to)
{
	to->first = from->first;
	if (to->first)
		set_pprev(to->first, &to->first);
	from->first = NULL;
}

static struct kw_timer *timer_of(struct kw_hlist_node *n)
{
	return kw_container_of(n, struct kw_timer, entry);
}

static unsigned int get_idx(const struct kw_timer *t)
{
	return (t->flags & IDX_MASK) >> IDX_SHIFT;
}

static void set_idx(struct kw_timer *t, unsigned int idx)
{
	t->flags = (t->flags & ~IDX_MASK) | (idx << IDX_SHIFT);
}

static void set_cpu(struct kw_timer *t, unsigned int cpu)
{
	t->flags = (t->flags & ~KW_TIMER_CPUMASK) | (cpu & KW_TIMER_CPUMASK);
}

/* ---- the wheel ------------------------------------------------------------------ */

/* Bucket of expires at level lvl, expiry rounded up to the level's grain. */
static unsigned int calc_index(unsigned long expires, unsigned int lvl,
			       unsigned long *bucket_expiry)
{
	unsigned long slot = (expires >> lvl_shift(lvl)) + 1;
	*bucket_expiry = slot << lvl_shift(lvl);
	return lvl * LVL_SIZE + (unsigned int)(slot & LVL_MASK);
}

static unsigned int calc_wheel_index(unsigned long expires, unsigned long clk,
				     unsigned long *bucket_expiry)
{
	unsigned long delta = expires - clk;

	if ((long)delta < 0) {
		/* Already due: the bucket the thread processes next. */
		*bucket_expiry = clk;
		return (unsigned int)(clk & LVL_MASK);
	}
	/*
	 * The first level with delta < lvl_start(lvl + 1) = 63 << 3 * lvl,
	 * in closed form: with q = delta / 63, the least lvl with q < 8^lvl.
	 */
	unsigned long q = delta / (LVL_SIZE - 1);
	unsigned int lvl = q ? (unsigned int)(63 - __builtin_clzl(q)) /
				       LVL_CLK_SHIFT + 1 : 0;
	if (lvl < LVL_DEPTH - 1)
		return calc_index(expires, lvl, bucket_expiry);
	if (delta >= WHEEL_TIMEOUT_CUTOFF)
		expires = clk + WHEEL_TIMEOUT_MAX;
	return calc_index(expires, LVL_DEPTH - 1, bucket_expiry);
}

/* Earliest expiry of a pending bucket, from the bitmaps. */
static void recalc_next_expiry_locked(void)
{
	bool found = false;
	unsigned long next = 0;

	for (unsigned int lvl = 0; lvl < LVL_DEPTH; lvl++) {
		uint64_t map = base.pending_map[lvl];
		if (!map)
			continue;
		/* The next clock value at which this level is processed. */
		unsigned long lclk = (base.clk + lvl_gran(lvl) - 1) >> lvl_shift(lvl);
		unsigned int pos = (unsigned int)(lclk & LVL_MASK);
		uint64_t rot = (map >> pos) | (map << ((LVL_SIZE - pos) & LVL_MASK));
		unsigned long exp = (lclk + (unsigned long)__builtin_ctzll(rot))
				    << lvl_shift(lvl);
		if (!found || kw_time_before(exp, next))
			next = exp;
		found = true;
	}
	base.next_valid = found;
	base.next_expiry = next;
}

/*
 * Move clk up to now, but never past a pending bucket, so that new timers
 * land on the finest level their delay allows (the kernel's
 * forward_timer_base). "now" is the jiffies value this thread read last
 * (mod_timer(t, jiffies + d) just did): a lower bound of the true now,
 * which is all forwarding needs. A smaller clk can only put a timer on a
 * coarser level (later, never earlier); it saves a clock read per arm.
 */
static void forward_clk_locked(void)
{
	unsigned long now = kw__jiffies_seen();
	if (!kw_time_after(now, base.clk))
		return;
	if (!base.next_valid || kw_time_after(base.next_expiry, now))
		base.clk = now;
	else
		base.clk = base.next_expiry;
}

/* Unlink an armed timer; clear its bucket's bit if it was the last one. */
static void detach_locked(struct kw_timer *t)
{
	unsigned int idx = get_idx(t);
	KW__PROBE1(timer_cancel, t);
	if (idx != IDX_EXPIRING && !t->entry.next &&
	    t->entry.pprev == &base.vectors[idx].first)
		base.pending_map[idx / LVL_SIZE] &= ~(1ULL << (idx % LVL_SIZE));
	hlist_unlink(&t->entry);
	__atomic_store_n(&base.armed, base.armed - 1, __ATOMIC_RELAXED);
	base.armed_internal -= (t->flags & KW__TIMER_INTERNAL) != 0;
}

static bool detach_if_pending_locked(struct kw_timer *t)
{
	if (kw_hlist_unhashed(&t->entry))
		return false;
	detach_locked(t);
	return true;
}

static void start_thread_locked(void);

/* Tell a sleeping timer thread about an earlier bucket, or start it. */
/* *owed: the futex wake to issue once base.lock is dropped. */
static void kick_thread_locked(unsigned long bucket_expiry, unsigned int **owed)
{
	if (kw_unlikely(base.thread_state == THREAD_NONE)) {
		start_thread_locked();
		return;
	}
	if (!base.sleeping)
		return;	/* awake: it recomputes before it sleeps */
	if (base.sleep_bounded && !kw_time_before(bucket_expiry, base.sleep_until))
		return;
	base.sleep_bounded = true;
	base.sleep_until = bucket_expiry;
	kw__wake_up_owed(&base.task->pub, KW_TASK_NORMAL, owed);
}

/* Put t (idle) in the bucket for expires, relative to the current clk. */
static void enqueue_locked(struct kw_timer *t, unsigned long expires,
			   unsigned int **owed)
{
	unsigned long bucket_expiry;
	unsigned int idx = calc_wheel_index(expires, base.clk, &bucket_expiry);

	t->expires = expires;
	KW__PROBE5(timer_start, t, t->function, expires, bucket_expiry, t->flags);
	set_idx(t, idx);
	hlist_add(&t->entry, &base.vectors[idx]);
	base.pending_map[idx / LVL_SIZE] |= 1ULL << (idx % LVL_SIZE);
	__atomic_store_n(&base.armed, base.armed + 1, __ATOMIC_RELAXED);
	base.armed_internal += (t->flags & KW__TIMER_INTERNAL) != 0;
	if (!base.next_valid || kw_time_before(bucket_expiry, base.next_expiry)) {
		base.next_expiry = bucket_expiry;
		base.next_valid = true;
	}
	kick_thread_locked(bucket_expiry, owed);
}

/* ---- arming ---------------------------------------------------------------------- */

#define MOD_PENDING_ONLY 0x1u	/* mod_timer_pending: never arm an idle timer */
#define MOD_REDUCE 0x2u		/* timer_reduce: only ever move earlier */
#define MOD_NOT_PENDING 0x4u	/* add_timer*: the timer must be idle */
#define MOD_SET_CPU 0x8u	/* record cpu in flags */
#define MOD_PINNED 0x10u	/* set TIMER_PINNED */
#define MOD_GLOBAL 0x20u	/* clear TIMER_PINNED */

/* Result of modify() for MOD_NOT_PENDING on an armed timer. */
#define MOD_WAS_PENDING (-1)

/*
 * The kernel's __mod_timer. Return: 0 idle (now armed unless shut down or
 * MOD_PENDING_ONLY), 1 armed (re-armed), MOD_WAS_PENDING (add on armed).
 * *fnp gets the timer's function (for warnings).
 */
static int modify(struct kw_timer *t, unsigned long expires, unsigned int opts,
		  unsigned int cpu, kw_timer_fn *fnp)
{
	int ret = 0;
	unsigned int *owed = NULL;

	kw__spin_lock(&base.lock);
	*fnp = t->function;
	if (!kw_hlist_unhashed(&t->entry)) {
		if (opts & MOD_NOT_PENDING) {
			ret = MOD_WAS_PENDING;
			goto out;
		}
		ret = 1;
		if (t->expires == expires ||
		    ((opts & MOD_REDUCE) && !kw_time_before(expires, t->expires)))
			goto out;
		forward_clk_locked();
		unsigned long bucket_expiry;
		if (calc_wheel_index(expires, base.clk, &bucket_expiry) == get_idx(t)) {
			/* Same bucket: only expires changes (never early). */
			t->expires = expires;
			goto out;
		}
		detach_locked(t);
	} else {
		if (opts & MOD_PENDING_ONLY)
			goto out;
		forward_clk_locked();
	}
	if (!t->function)
		goto out;	/* shut down: silently ignored */
	if (opts & MOD_SET_CPU)
		set_cpu(t, cpu);
	if (opts & MOD_PINNED)
		t->flags |= KW_TIMER_PINNED;
	if (opts & MOD_GLOBAL)
		t->flags &= ~KW_TIMER_PINNED;
	enqueue_locked(t, expires, &owed);
out:
	kw__spin_unlock(&base.lock);
	kw__wake_flush(owed);	/* the thread takes base.lock first thing */
	return ret;
}

static void warn_already_pending(bool *once, const char *caller,
				 struct kw_timer *t, kw_timer_fn fn)
{
	if (__atomic_exchange_n(once, true, __ATOMIC_RELAXED))
		return;
	kw_warn(__FILE__, __LINE__, caller,
		"%s: timer %p (%ps) is already pending", caller, (void *)t,
		(void *)fn);
}

static void add(struct kw_timer *t, unsigned int opts, unsigned int cpu,
		bool *once, const char *caller)
{
	kw_timer_fn fn;
	if (modify(t, t->expires, opts | MOD_NOT_PENDING, cpu, &fn) == MOD_WAS_PENDING)
		warn_already_pending(once, caller, t, fn);
}

void kw_timer_setup(struct kw_timer *t, kw_timer_fn fn, unsigned int flags)
{
	kw__debug_check_init_timer(t);
	t->entry.next = NULL;
	set_pprev(&t->entry, NULL);
	t->function = fn;
	t->flags = (flags & KW_TIMER_INIT_FLAGS) |
		   (kw_smp_processor_id() & KW_TIMER_CPUMASK);
}

void kw__timer_setup_internal(struct kw_timer *t, kw_timer_fn fn,
			      unsigned int flags)
{
	kw_timer_setup(t, fn, flags);
	t->flags |= KW__TIMER_INTERNAL;
}

void kw_timer_setup_on_stack(struct kw_timer *t, kw_timer_fn fn,
			     unsigned int flags)
{
	kw_timer_setup(t, fn, flags);
}

void kw_timer_destroy_on_stack(struct kw_timer *t)
{
	kw_spin_lock(&base.lock);
	kw_timer_fn fn = t->function;
	bool was_armed = detach_if_pending_locked(t);
	kw_spin_unlock(&base.lock);
	KW_WARN(was_armed,
		"ODEBUG: free active (active state 0) object: %p object type: timer_list hint: %ps",
		(void *)t, (void *)fn);
}

void kw_add_timer(struct kw_timer *t)
{
	static bool once;
	add(t, 0, 0, &once, "add_timer");
}

void kw_add_timer_on(struct kw_timer *t, int cpu)
{
	static bool once, bad_cpu_once;
	unsigned int c = (unsigned int)cpu;
	if (cpu < 0 || c >= kw_nr_cpu_ids()) {
		if (!__atomic_exchange_n(&bad_cpu_once, true, __ATOMIC_RELAXED))
			kw_warn(__FILE__, __LINE__, __func__,
				"add_timer_on: cpu %d is not online", cpu);
		c = kw_smp_processor_id();
	}
	add(t, MOD_SET_CPU, c, &once, "add_timer_on");
}

void kw_add_timer_local(struct kw_timer *t)
{
	static bool once;
	add(t, MOD_SET_CPU | MOD_PINNED, kw_smp_processor_id(), &once,
	    "add_timer_local");
}

void kw_add_timer_global(struct kw_timer *t)
{
	static bool once;
	add(t, MOD_GLOBAL, 0, &once, "add_timer_global");
}

int kw_mod_timer(struct kw_timer *t, unsigned long expires)
{
	kw_timer_fn fn;
	return modify(t, expires, 0, 0, &fn);
}

int kw_mod_timer_pending(struct kw_timer *t, unsigned long expires)
{
	kw_timer_fn fn;
	return modify(t, expires, MOD_PENDING_ONLY, 0, &fn);
}

int kw_timer_reduce(struct kw_timer *t, unsigned long expires)
{
	kw_timer_fn fn;
	return modify(t, expires, MOD_REDUCE, 0, &fn);
}

/* ---- deleting ---------------------------------------------------------------------- */

static int delete(struct kw_timer *t, bool shutdown)
{
	if (!shutdown && kw_timer_pending(t) == 0)
		return 0;	/* the kernel's lockless fast path */
	kw__spin_lock(&base.lock);
	int ret = detach_if_pending_locked(t);
	if (shutdown)
		t->function = NULL;
	kw__spin_unlock(&base.lock);
	return ret;
}

int kw_timer_delete(struct kw_timer *t)
{
	return delete(t, false);
}

int kw_timer_shutdown(struct kw_timer *t)
{
	return delete(t, true);
}

int kw_timer_delete_sync_try(struct kw_timer *t)
{
	int ret = -1;
	kw_spin_lock(&base.lock);
	if (base.running != t)
		ret = detach_if_pending_locked(t);
	kw_spin_unlock(&base.lock);
	return ret;
}

static bool on_timer_thread(void)
{
	return base.task && &base.task->pub == kw_current();
}

/*
 * Delete t, waiting while its callback runs: the kernel's loop around
 * try_to_del_timer_sync. Sleeps in the task core; spins only where sleeping
 * is not allowed (atomic context), as the kernel always does.
 */
static int delete_sync(struct kw_timer *t, bool shutdown, const char *caller)
{
	struct sync_waiter w = { .task = kw_current() };
	int ret;

	kw_list_init(&w.node);
	kw_spin_lock(&base.lock);
	for (;;) {
		if (shutdown)
			t->function = NULL;
		if (base.running != t) {
			ret = detach_if_pending_locked(t);
			break;
		}
		if (on_timer_thread()) {
			kw_timer_fn fn = t->function;
			ret = detach_if_pending_locked(t);
			kw_spin_unlock(&base.lock);
			kw_warn(__FILE__, __LINE__, caller,
				"%s() called from the callback of timer %p (%ps): would deadlock",
				caller, (void *)t, (void *)fn);
			return ret;
		}
		if (kw_preempt_count() > 1) {
			/* Atomic context (beyond our own lock): spin. */
			kw_spin_unlock(&base.lock);
			kw_cpu_relax();
			kw_spin_lock(&base.lock);
			continue;
		}
		kw_list_add_tail(&w.node, &base.waiters);
		kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
		kw__set_blocked(caller, t);
		kw_spin_unlock(&base.lock);
		kw_schedule();
		kw_spin_lock(&base.lock);
		kw_list_del_init(&w.node);
	}
	kw_spin_unlock(&base.lock);
	return ret;
}

int kw_timer_delete_sync(struct kw_timer *t)
{
	return delete_sync(t, false, "timer_delete_sync");
}

int kw_timer_shutdown_sync(struct kw_timer *t)
{
	return delete_sync(t, true, "timer_shutdown_sync");
}

void kw__timer_for_each(void (*fn)(struct kw_timer *t, bool running, void *arg),
			void *arg)
{
	kw_spin_lock(&base.lock);
	for (unsigned int i = 0; i < WHEEL_SIZE; i++)
		for (struct kw_hlist_node *e = base.vectors[i].first; e; e = e->next)
			fn(timer_of(e), false, arg);
	if (base.running)
		fn(base.running, true, arg);
	kw_spin_unlock(&base.lock);
}

unsigned long kw_timers_armed(void)
{
	return __atomic_load_n(&base.armed, __ATOMIC_RELAXED);
}

/* ---- the timer thread ----------------------------------------------------------------- */

/* Move every bucket due at clk (all levels whose clock ticks now) to heads. */
static int collect_expired_locked(struct kw_hlist_head heads[LVL_DEPTH])
{
	unsigned long clk = base.clk;
	int n = 0;

	for (unsigned int lvl = 0; lvl < LVL_DEPTH; lvl++) {
		unsigned int pos = (unsigned int)(clk & LVL_MASK);
		if (base.pending_map[lvl] & (1ULL << pos)) {
			base.pending_map[lvl] &= ~(1ULL << pos);
			hlist_move(&base.vectors[lvl * LVL_SIZE + pos], &heads[n]);
			for (struct kw_hlist_node *e = heads[n].first; e; e = e->next)
				set_idx(timer_of(e), IDX_EXPIRING);
			n++;
		}
		if (clk & LVL_CLK_MASK)
			break;	/* the next level's clock does not tick now */
		clk >>= LVL_CLK_SHIFT;
	}
	return n;
}

static void wake_sync_waiters_locked(void)
{
	while (!kw_list_empty(&base.waiters)) {
		struct sync_waiter *w = kw_list_first_entry(&base.waiters,
							    struct sync_waiter, node);
		kw_list_del_init(&w->node);
		kw_wake_up_process(w->task);
	}
}

static void call_timer_fn(struct kw_timer *t, kw_timer_fn fn)
{
	unsigned int count = kw_preempt_count();

	kw__softirq_enter();
	kw__module_note_callback((const void *)fn);
	KW__PROBE2(timer_expire_entry, t, fn);
	fn(t);
	KW__PROBE1(timer_expire_exit, t);
	kw__softirq_exit();
	if (kw_unlikely(kw_preempt_count() != count)) {
		static bool once;
		if (!__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
			kw_warn(__FILE__, __LINE__, __func__,
				"timer: %pS preempt leak: %08x -> %08x",
				(void *)fn, count, kw_preempt_count());
		kw__preempt_depth = count & 0xffu;
	}
}

/* Run the timers of one collected bucket, one at a time, lock dropped. */
static void expire_timers_locked(struct kw_hlist_head *head)
{
	while (head->first) {
		struct kw_timer *t = timer_of(head->first);
		kw_timer_fn fn = t->function;

		detach_locked(t);
		/*
		 * NULL: re-armed by its running callback, then shut down by
		 * timer_shutdown_sync() before it could be deleted. The kernel
		 * WARNs here; a shut-down timer's arms are meant to be ignored.
		 */
		if (!fn)
			continue;
		base.running = t;
		kw_spin_unlock(&base.lock);
		call_timer_fn(t, fn);
		kw_spin_lock(&base.lock);
		base.running = NULL;
		wake_sync_waiters_locked();
	}
}

/* Run everything due by now. Return: true if it ran a bucket. */
static bool run_due_locked(void)
{
	struct kw_hlist_head heads[LVL_DEPTH];

	if (!base.next_valid || kw_time_before(kw_jiffies(), base.next_expiry))
		return false;
	base.clk = base.next_expiry;
	int n = collect_expired_locked(heads);
	base.clk++;
	recalc_next_expiry_locked();
	for (int i = 0; i < n; i++)
		expire_timers_locked(&heads[i]);
	return true;
}

/* Sleep until the next expiry (or a wake-up). Drops and retakes the lock. */
static void idle_locked(void)
{
	bool bounded = base.next_valid;
	unsigned long until = base.next_expiry;

	base.sleeping = true;
	base.sleep_bounded = bounded;
	base.sleep_until = until;
	kw_set_current_state(KW_TASK_IDLE);
	kw__set_blocked("ktimers_idle", &base);
	kw_spin_unlock(&base.lock);
	if (bounded)
		kw_schedule_deadline_ns(kw_jiffies_to_ktime_ns(until));
	else
		kw_schedule();
	kw_spin_lock(&base.lock);
	base.sleeping = false;
}

static void *timer_thread(void *arg)
{
	struct kw__task *self = arg;

	kw__task_attach_self(self);
	kw__thread_set_name_self(self->pub.comm);
	kw_spin_lock(&base.lock);
	for (;;) {
		if (run_due_locked())
			continue;
		if (base.stopping && base.armed == 0)
			break;
		idle_locked();
	}
	base.stopping = false;
	base.thread_state = THREAD_NONE;
	base.task = NULL;
	kw_spin_unlock(&base.lock);
	kw__task_detach_self();
	kw_put_task_struct(&self->pub);
	return NULL;
}

/* fork(): the child has no timer thread; keep the wheel consistent. */
static void fork_prepare(void)
{
	kw_spin_lock(&base.lock);
}

static void fork_parent(void)
{
	kw_spin_unlock(&base.lock);
}

static void fork_child(void)
{
	base.thread_state = THREAD_NONE;
	base.task = NULL;
	base.stopping = false;
	base.sleeping = false;
	base.running = NULL;
	kw_list_init(&base.waiters);
	kw_spin_unlock(&base.lock);
}

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void register_atfork(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

/* ---- teardown ------------------------------------------------------------------------- */

static bool timers_busy(char *why, size_t size)
{
	kw_spin_lock(&base.lock);
	unsigned long user = base.armed - base.armed_internal;
	kw_spin_unlock(&base.lock);
	if (user)
		snprintf(why, size, "%lu timer%s armed", user, user == 1 ? "" : "s");
	return user != 0;
}

static bool timers_stop(char *why, size_t size)
{
	if (kw__timer_shutdown_thread())
		return true;
	snprintf(why, size, "%lu timer%s armed", kw_timers_armed(),
		 kw_timers_armed() == 1 ? "" : "s");
	return false;
}

/* ktimers stops after the subsystems whose timers it runs. */
static struct kw__teardown timers_teardown = {
	.name = "ktimers", .order = KW__TEARDOWN_TIMERS,
	.busy = timers_busy, .stop = timers_stop,
};

/*
 * Start ktimers (first arm). Runs under base.lock: the new thread waits for
 * it before touching the wheel. If the thread cannot be made, the timers
 * stay armed and the next arm tries again.
 */
static void start_thread_locked(void)
{
	struct kw__task *t = kw__task_alloc();
	int err = ENOMEM;

	if (t) {
		t->pub.flags = KW_PF_KTHREAD | KW_PF_NOFREEZE | KW_PF_NO_SETAFFINITY;
		snprintf(t->pub.comm, sizeof(t->pub.comm), "ktimers");
		snprintf(t->full_name, sizeof(t->full_name), "ktimers");
		err = kw__thread_spawn(&base.thread, timer_thread, t);
	}
	if (err) {
		static bool once;
		if (t)
			kw_put_task_struct(&t->pub);
		if (!__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
			kw_printk(KW_SOH "3" "timer: cannot start the ktimers thread (%s); armed timers wait for the next arm\n",
				  strerror(err));
		return;
	}
	base.task = t;
	base.thread_state = THREAD_RUNNING;
	pthread_once(&atfork_once, register_atfork);
	kw__teardown_register(&timers_teardown);
}

bool kw__timer_shutdown_thread(void)
{
	kw_spin_lock(&base.lock);
	if (base.thread_state != THREAD_RUNNING || base.stopping || base.armed) {
		bool none = base.thread_state == THREAD_NONE;
		kw_spin_unlock(&base.lock);
		return none;
	}
	if (on_timer_thread()) {
		kw_spin_unlock(&base.lock);
		KW_WARN(1, "kw__timer_shutdown_thread() called from a timer callback");
		return false;
	}
	pthread_t thread = base.thread;
	base.stopping = true;
	kw_wake_up_process(&base.task->pub);
	kw_spin_unlock(&base.lock);
	pthread_join(thread, NULL);
	return true;
}


/* ---- round_jiffies ---------------------------------------------------------------------- */

/*
 * Round j to a whole second, skewed by 3 jiffies per cpu so CPUs do not all
 * fire at once. Within the first quarter second past a whole second it rounds
 * down unless force_up. A result not in the future returns j unchanged.
 */
static unsigned long round_jiffies_common(unsigned long j, int cpu, bool force_up)
{
	unsigned long skew = (unsigned long)cpu * 3;
	unsigned long r = j + skew;
	unsigned long rem = r % KW_HZ;

	if (rem < KW_HZ / 4 && !force_up)
		r -= rem;
	else
		r += KW_HZ - rem;
	r -= skew;
	return kw_time_after(r, kw_jiffies()) ? r : j;
}

unsigned long kw___round_jiffies(unsigned long j, int cpu)
{
	return round_jiffies_common(j, cpu, false);
}

unsigned long kw___round_jiffies_relative(unsigned long j, int cpu)
{
	unsigned long j0 = kw_jiffies();
	return round_jiffies_common(j + j0, cpu, false) - j0;
}

unsigned long kw___round_jiffies_up(unsigned long j, int cpu)
{
	return round_jiffies_common(j, cpu, true);
}

unsigned long kw___round_jiffies_up_relative(unsigned long j, int cpu)
{
	unsigned long j0 = kw_jiffies();
	return round_jiffies_common(j + j0, cpu, true) - j0;
}

unsigned long kw_round_jiffies(unsigned long j)
{
	return kw___round_jiffies(j, (int)kw_smp_processor_id());
}

unsigned long kw_round_jiffies_relative(unsigned long j)
{
	return kw___round_jiffies_relative(j, (int)kw_smp_processor_id());
}

unsigned long kw_round_jiffies_up(unsigned long j)
{
	return kw___round_jiffies_up(j, (int)kw_smp_processor_id());
}

unsigned long kw_round_jiffies_up_relative(unsigned long j)
{
	return kw___round_jiffies_up_relative(j, (int)kw_smp_processor_id());
}

/*
 * kw__timer_detach_armed_in - disarm every armed timer lying in
 * [lo, lo + size) (debugobjects: memory being freed or re-initialised).
 * Fills up to max timers and their callbacks. Return: how many were found.
 */
int kw__timer_detach_armed_in(const void *lo, size_t size, struct kw_timer **out,
			      kw_timer_fn *fns, int max)
{
	const char *b = lo, *e = b + size;
	int n = 0;
	kw_spin_lock(&base.lock);
	for (unsigned int i = 0; i < WHEEL_SIZE && n < max; i++) {
		struct kw_hlist_node *node = base.vectors[i].first;
		while (node && n < max) {
			struct kw_hlist_node *next = node->next;
			struct kw_timer *t = kw_container_of(node, struct kw_timer, entry);
			if ((const char *)t >= b && (const char *)t < e) {
				fns[n] = t->function;
				out[n++] = t;
				detach_if_pending_locked(t);
			}
			node = next;
		}
	}
	kw_spin_unlock(&base.lock);
	return n;
}
