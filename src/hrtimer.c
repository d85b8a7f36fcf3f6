/*
 * hrtimer.c - high-resolution timers: one pairing heap per clock, run by
 * one thread ("khrtimer").
 *
 * Layer: timers. Start and cancel run in any thread and context; callbacks
 * run on khrtimer in softirq context, one at a time.
 *
 * Each clock (MONOTONIC, REALTIME, BOOTTIME, TAI) has an intrusive pairing
 * heap of its armed timers ordered by hard expiry, then arm order. Insert
 * is O(1), removal O(log n) amortised; nothing is allocated. khrtimer takes
 * the earliest timer of a clock whose soft expiry has passed on that
 * clock, dequeues it (hrtimer_is_queued() is false in the callback), names
 * it in hb.running (hrtimer_cancel() waits for that), and runs it with the
 * lock dropped; a RESTART return re-queues it unless the callback already
 * did. Then it sleeps until the earliest hard expiry of all clocks, turned
 * into a CLOCK_MONOTONIC deadline, with kw_schedule_deadline_ns(), its
 * timer slack 1 ns. A timer is only ever run once its own clock says it is
 * due, so it never fires early whatever a clock does; an arm wakes the
 * thread only when the new timer is the earliest of its clock.
 *
 * Lock: hb.lock (a kw_spinlock) guards struct hrtimer_base and every armed
 * timer's links, expiries and state. Fields marked A are read without it.
 */
#include "module_internal.h"
#include "task_internal.h"
#include "teardown_internal.h"

#include <kwork/hrtimer.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { BASE_MONOTONIC, BASE_REALTIME, BASE_BOOTTIME, BASE_TAI, NR_BASES };

static const int base_clock[NR_BASES] = {
	CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_TAI,
};

/* A task sleeping in hrtimer_cancel() until hb.running changes. */
struct cancel_waiter {
	struct kw_list_head node;	/* on hb.waiters */
	struct kw_task *task;
};

static struct hrtimer_base {
	kw_spinlock_t lock;
	struct kw_hrtimer *root[NR_BASES];	/* heap roots */
	uint64_t seq;				/* arms so far */
	unsigned long armed;			/* A: queued timers */
	struct kw_hrtimer *running;		/* A: callback running now */
	struct kw_list_head waiters;		/* struct cancel_waiter */
	bool started;				/* khrtimer runs */
	bool stopping;				/* teardown asked it to end */
	bool sleeping;				/* it is in (or entering) its sleep */
	struct kw__task *task;			/* khrtimer while it runs */
	pthread_t thread;
} hb = {
	.lock = KW_SPINLOCK_INIT,
	.waiters = KW_LIST_HEAD_INIT(hb.waiters),
};

static int base_of(int clockid)
{
	for (int i = 0; i < NR_BASES; i++)
		if (base_clock[i] == clockid)
			return i;
	return -1;
}

static int64_t clock_now(int clockid)
{
	return clockid == CLOCK_MONOTONIC ? kw__clock_ns() : kw__clock_id_ns(clockid);
}

static int64_t add_sat(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/* ---- the pairing heap ------------------------------------------------------- */

static bool before(const struct kw_hrtimer *a, const struct kw_hrtimer *b)
{
	return a->expires < b->expires || (a->expires == b->expires && a->seq < b->seq);
}

/* Meld two detached heaps (no siblings, no parent). */
static struct kw_hrtimer *meld(struct kw_hrtimer *a, struct kw_hrtimer *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (before(b, a)) {
		struct kw_hrtimer *x = a;
		a = b;
		b = x;
	}
	b->hp_next = a->hp_child;
	if (a->hp_child)
		a->hp_child->hp_prev = b;
	b->hp_prev = a;
	a->hp_child = b;
	a->hp_next = a->hp_prev = NULL;
	return a;
}

/* The two-pass merge of a sibling list into one heap. */
static struct kw_hrtimer *merge_pairs(struct kw_hrtimer *first)
{
	struct kw_hrtimer *pairs = NULL, *res = NULL;

	while (first) {
		struct kw_hrtimer *a = first, *b = a->hp_next;
		first = b ? b->hp_next : NULL;
		a->hp_next = a->hp_prev = NULL;
		if (b)
			b->hp_next = b->hp_prev = NULL;
		struct kw_hrtimer *m = meld(a, b);
		m->hp_next = pairs;
		pairs = m;
	}
	while (pairs) {
		struct kw_hrtimer *next = pairs->hp_next;
		pairs->hp_next = NULL;
		res = meld(res, pairs);
		pairs = next;
	}
	return res;
}

static void heap_insert(struct kw_hrtimer **root, struct kw_hrtimer *t)
{
	t->hp_child = t->hp_next = t->hp_prev = NULL;
	*root = meld(*root, t);
}

static void heap_remove(struct kw_hrtimer **root, struct kw_hrtimer *t)
{
	struct kw_hrtimer *sub = merge_pairs(t->hp_child);

	if (t == *root) {
		*root = sub;
	} else {
		if (t->hp_prev->hp_child == t)
			t->hp_prev->hp_child = t->hp_next;
		else
			t->hp_prev->hp_next = t->hp_next;
		if (t->hp_next)
			t->hp_next->hp_prev = t->hp_prev;
		*root = meld(*root, sub);
	}
	t->hp_child = t->hp_next = t->hp_prev = NULL;
}

/* Pre-order successor in a heap (for walks); NULL after the last. */
static struct kw_hrtimer *heap_walk_next(struct kw_hrtimer *t)
{
	if (t->hp_child)
		return t->hp_child;
	while (t) {
		if (t->hp_next)
			return t->hp_next;
		/* Climb: back over earlier siblings to the parent. */
		while (t->hp_prev && t->hp_prev->hp_child != t)
			t = t->hp_prev;
		t = t->hp_prev;
	}
	return NULL;
}

/* ---- queueing ------------------------------------------------------------------ */

static void start_thread_locked(void);

static void enqueue_locked(struct kw_hrtimer *t)
{
	struct kw_hrtimer **root = &hb.root[base_of(t->clockid)];

	t->seq = ++hb.seq;
	heap_insert(root, t);
	__atomic_store_n(&t->state, KW_HRTIMER_STATE_ENQUEUED, __ATOMIC_RELAXED);
	__atomic_store_n(&hb.armed, hb.armed + 1, __ATOMIC_RELAXED);
	if (kw_unlikely(!hb.started))
		start_thread_locked();
	else if (hb.sleeping && *root == t)
		kw_wake_up_process(&hb.task->pub);
}

static bool dequeue_if_queued_locked(struct kw_hrtimer *t)
{
	if (!(t->state & KW_HRTIMER_STATE_ENQUEUED))
		return false;
	heap_remove(&hb.root[base_of(t->clockid)], t);
	__atomic_store_n(&t->state, KW_HRTIMER_STATE_INACTIVE, __ATOMIC_RELAXED);
	__atomic_store_n(&hb.armed, hb.armed - 1, __ATOMIC_RELAXED);
	return true;
}

/* ---- setup ----------------------------------------------------------------------- */

static enum kw_hrtimer_restart dummy_timeout(struct kw_hrtimer *t)
{
	return KW_HRTIMER_NORESTART;
}

static void init_common(struct kw_hrtimer *t, int clockid,
			enum kw_hrtimer_mode mode)
{
	if (clockid == CLOCK_REALTIME && (mode & KW_HRTIMER_MODE_REL))
		clockid = CLOCK_MONOTONIC;
	if (base_of(clockid) < 0) {
		KW_WARN(1, "Invalid clockid %d. Using MONOTONIC", clockid);
		clockid = CLOCK_MONOTONIC;
	}
	memset(t, 0, sizeof(*t));
	t->clockid = clockid;
	t->is_soft = (mode & KW_HRTIMER_MODE_SOFT) != 0;
	t->is_hard = (mode & KW_HRTIMER_MODE_HARD) != 0;
}

void kw_hrtimer_init(struct kw_hrtimer *t, int clockid, enum kw_hrtimer_mode mode)
{
	init_common(t, clockid, mode);
}

void kw_hrtimer_setup(struct kw_hrtimer *t, kw_hrtimer_fn fn, int clockid,
		      enum kw_hrtimer_mode mode)
{
	init_common(t, clockid, mode);
	if (KW_WARN_ON_ONCE(!fn))
		fn = dummy_timeout;
	t->function = fn;
}

void kw_hrtimer_destroy_on_stack(struct kw_hrtimer *t)
{
	kw_spin_lock(&hb.lock);
	bool was_armed = dequeue_if_queued_locked(t);
	kw_spin_unlock(&hb.lock);
	KW_WARN(was_armed,
		"ODEBUG: free active (active state 0) object: %p object type: hrtimer hint: %ps",
		(void *)t, (void *)t->function);
}

/* ---- starting ---------------------------------------------------------------------- */

void kw_hrtimer_start_range_ns(struct kw_hrtimer *t, int64_t tim,
			       uint64_t delta_ns, enum kw_hrtimer_mode mode)
{
	if (KW_WARN(!t->function, "hrtimer_start: hrtimer %p has no function", (void *)t))
		return;
	KW_WARN_ON_ONCE(!(mode & KW_HRTIMER_MODE_SOFT) ^ !t->is_soft);
	kw_spin_lock(&hb.lock);
	dequeue_if_queued_locked(t);
	t->is_rel = (mode & KW_HRTIMER_MODE_REL) != 0;
	if (t->is_rel)
		tim = add_sat(clock_now(t->clockid), tim);
	kw_hrtimer_set_expires_range_ns(t, tim, delta_ns);
	enqueue_locked(t);
	kw_spin_unlock(&hb.lock);
}

void kw_hrtimer_start(struct kw_hrtimer *t, int64_t tim, enum kw_hrtimer_mode mode)
{
	kw_hrtimer_start_range_ns(t, tim, 0, mode);
}

void kw_hrtimer_restart(struct kw_hrtimer *t)
{
	uint64_t delta = (uint64_t)t->expires - (uint64_t)t->softexpires;
	kw_hrtimer_start_range_ns(t, t->softexpires, delta,
				  t->is_soft ? KW_HRTIMER_MODE_SOFT : KW_HRTIMER_MODE_ABS);
}

/* ---- cancelling --------------------------------------------------------------------- */

int kw_hrtimer_try_to_cancel(struct kw_hrtimer *t)
{
	int ret = -1;
	kw_spin_lock(&hb.lock);
	if (hb.running != t)
		ret = dequeue_if_queued_locked(t);
	kw_spin_unlock(&hb.lock);
	return ret;
}

static bool on_hrtimer_thread(void)
{
	return hb.task && &hb.task->pub == kw_current();
}

int kw_hrtimer_cancel(struct kw_hrtimer *t)
{
	struct cancel_waiter w = { .task = kw_current() };
	int ret;

	kw_list_init(&w.node);
	kw_spin_lock(&hb.lock);
	for (;;) {
		if (hb.running != t) {
			ret = dequeue_if_queued_locked(t);
			break;
		}
		if (on_hrtimer_thread()) {
			ret = dequeue_if_queued_locked(t);
			kw_spin_unlock(&hb.lock);
			kw_warn(__FILE__, __LINE__, __func__,
				"hrtimer_cancel() called from the callback of hrtimer %p (%ps): would deadlock",
				(void *)t, (void *)t->function);
			return ret;
		}
		if (kw_preempt_count() > 1) {
			/* Atomic context (beyond our own lock): spin. */
			kw_spin_unlock(&hb.lock);
			kw_cpu_relax();
			kw_spin_lock(&hb.lock);
			continue;
		}
		kw_list_add_tail(&w.node, &hb.waiters);
		kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
		kw__set_blocked("hrtimer_cancel", t);
		kw_spin_unlock(&hb.lock);
		kw_schedule();
		kw_spin_lock(&hb.lock);
		kw_list_del_init(&w.node);
	}
	kw_spin_unlock(&hb.lock);
	return ret;
}

/* ---- queries and expiry arithmetic ---------------------------------------------------- */

bool kw_hrtimer_callback_running(const struct kw_hrtimer *t)
{
	return __atomic_load_n(&hb.running, __ATOMIC_RELAXED) == t;
}

bool kw_hrtimer_active(const struct kw_hrtimer *t)
{
	return kw_hrtimer_is_queued(t) || kw_hrtimer_callback_running(t);
}

int64_t kw_hrtimer_cb_get_time(const struct kw_hrtimer *t)
{
	return clock_now(t->clockid);
}

int64_t kw_hrtimer_get_remaining(const struct kw_hrtimer *t)
{
	return t->expires - clock_now(t->clockid);
}

uint64_t kw_hrtimer_forward(struct kw_hrtimer *t, int64_t now, int64_t interval)
{
	int64_t delta = now - t->expires;
	uint64_t orun = 1;

	if (delta < 0)
		return 0;
	if (KW_WARN(kw_hrtimer_is_queued(t),
		    "hrtimer_forward: hrtimer %p (%ps) is queued", (void *)t,
		    (void *)t->function))
		return 0;
	if (interval < KW_HRTIMER_RESOLUTION)
		interval = KW_HRTIMER_RESOLUTION;
	if (delta >= interval) {
		orun = (uint64_t)(delta / interval);
		kw_hrtimer_add_expires_ns(t, orun * (uint64_t)interval);
		if (t->expires > now)
			return orun;
		orun++;
	}
	kw_hrtimer_add_expires_ns(t, (uint64_t)interval);
	return orun;
}

uint64_t kw_hrtimer_forward_now(struct kw_hrtimer *t, int64_t interval)
{
	return kw_hrtimer_forward(t, clock_now(t->clockid), interval);
}

unsigned long kw_hrtimers_armed(void)
{
	return __atomic_load_n(&hb.armed, __ATOMIC_RELAXED);
}

/* ---- the khrtimer thread ------------------------------------------------------------------ */

static void wake_cancel_waiters_locked(void)
{
	while (!kw_list_empty(&hb.waiters)) {
		struct cancel_waiter *w = kw_list_first_entry(&hb.waiters,
							      struct cancel_waiter, node);
		kw_list_del_init(&w->node);
		kw_wake_up_process(w->task);
	}
}

static enum kw_hrtimer_restart call_fn(struct kw_hrtimer *t, kw_hrtimer_fn fn)
{
	unsigned int count = kw_preempt_count();

	kw__softirq_enter();
	kw__module_note_callback((const void *)fn);
	enum kw_hrtimer_restart r = fn(t);
	kw__softirq_exit();
	if (kw_unlikely(kw_preempt_count() != count)) {
		static bool once;
		if (!__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
			kw_warn(__FILE__, __LINE__, __func__,
				"hrtimer: %pS preempt leak: %08x -> %08x",
				(void *)fn, count, kw_preempt_count());
		kw__preempt_depth = count & 0xffu;
	}
	return r;
}

/* Run one due timer, if any. Return: true if it ran one. */
static bool run_one_due_locked(void)
{
	for (int i = 0; i < NR_BASES; i++) {
		struct kw_hrtimer *t = hb.root[i];
		if (!t || t->softexpires > clock_now(base_clock[i]))
			continue;
		kw_hrtimer_fn fn = t->function;
		dequeue_if_queued_locked(t);
		__atomic_store_n(&hb.running, t, __ATOMIC_RELAXED);
		kw_spin_unlock(&hb.lock);
		enum kw_hrtimer_restart r = call_fn(t, fn);
		kw_spin_lock(&hb.lock);
		if (r != KW_HRTIMER_NORESTART && !(t->state & KW_HRTIMER_STATE_ENQUEUED))
			enqueue_locked(t);
		__atomic_store_n(&hb.running, NULL, __ATOMIC_RELAXED);
		wake_cancel_waiters_locked();
		return true;
	}
	return false;
}

/* The earliest hard expiry as a CLOCK_MONOTONIC time; -1 if none. */
static int64_t next_deadline_locked(void)
{
	int64_t mono = kw__clock_ns(), next = -1;

	for (int i = 0; i < NR_BASES; i++) {
		struct kw_hrtimer *t = hb.root[i];
		if (!t || t->expires == INT64_MAX)
			continue;
		int64_t d = i == BASE_MONOTONIC ? t->expires
			    : add_sat(t->expires, mono - clock_now(base_clock[i]));
		if (d < 0)
			d = 0;
		if (next < 0 || d < next)
			next = d;
	}
	return next;
}

static void idle_locked(void)
{
	int64_t deadline = next_deadline_locked();

	hb.sleeping = true;
	kw_set_current_state(KW_TASK_IDLE);
	kw__set_blocked("khrtimer_idle", &hb);
	kw_spin_unlock(&hb.lock);
	if (deadline >= 0)
		kw_schedule_deadline_ns(deadline);
	else
		kw_schedule();
	kw_spin_lock(&hb.lock);
	hb.sleeping = false;
}

static void *hrtimer_thread(void *arg)
{
	struct kw__task *self = arg;

	kw__task_attach_self(self);
	kw__thread_set_name_self(self->pub.comm);
	kw__thread_set_timerslack_self(1);
	kw_spin_lock(&hb.lock);
	for (;;) {
		if (run_one_due_locked())
			continue;
		if (hb.stopping && hb.armed == 0)
			break;
		idle_locked();
	}
	hb.stopping = false;
	hb.started = false;
	hb.task = NULL;
	kw_spin_unlock(&hb.lock);
	kw__task_detach_self();
	kw_put_task_struct(&self->pub);
	return NULL;
}

/* ---- fork, teardown ---------------------------------------------------------------------- */

static void fork_prepare(void)
{
	kw_spin_lock(&hb.lock);
}

static void fork_parent(void)
{
	kw_spin_unlock(&hb.lock);
}

/* The child has no khrtimer: its armed timers wait for the next arm. */
static void fork_child(void)
{
	hb.started = hb.stopping = hb.sleeping = false;
	hb.task = NULL;
	hb.running = NULL;
	kw_list_init(&hb.waiters);
	kw_spin_unlock(&hb.lock);
}

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void register_atfork(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

static bool hrtimers_busy(char *why, size_t size)
{
	unsigned long n = kw_hrtimers_armed();
	if (n)
		snprintf(why, size, "%lu hrtimer%s armed", n, n == 1 ? "" : "s");
	return n != 0;
}

/* Stop and join khrtimer if nothing is armed; a later arm starts a new one. */
static bool hrtimers_stop(char *why, size_t size)
{
	kw_spin_lock(&hb.lock);
	if (!hb.started || hb.stopping || hb.armed) {
		bool none = !hb.started;
		kw_spin_unlock(&hb.lock);
		if (!none)
			hrtimers_busy(why, size);
		return none;
	}
	if (on_hrtimer_thread()) {
		kw_spin_unlock(&hb.lock);
		KW_WARN(1, "kwork teardown called from a hrtimer callback");
		return false;
	}
	pthread_t thread = hb.thread;
	hb.stopping = true;
	kw_wake_up_process(&hb.task->pub);
	kw_spin_unlock(&hb.lock);
	pthread_join(thread, NULL);
	return true;
}

/* khrtimer runs user callbacks that may arm timer_lists: before ktimers. */
static struct kw__teardown hrtimers_teardown = {
	.name = "khrtimer", .order = KW__TEARDOWN_HRTIMERS,
	.busy = hrtimers_busy, .stop = hrtimers_stop,
};

/* Start khrtimer (first arm), under hb.lock: the thread waits for it. */
static void start_thread_locked(void)
{
	struct kw__task *t = kw__task_alloc();
	int err = ENOMEM;

	pthread_once(&atfork_once, register_atfork);
	kw__teardown_register(&hrtimers_teardown);
	if (t) {
		t->pub.flags = KW_PF_KTHREAD | KW_PF_NOFREEZE | KW_PF_NO_SETAFFINITY;
		snprintf(t->pub.comm, sizeof(t->pub.comm), "khrtimer");
		snprintf(t->full_name, sizeof(t->full_name), "khrtimer");
		hb.task = t;
		err = kw__thread_spawn(&hb.thread, hrtimer_thread, t);
	}
	if (err) {
		static bool once;
		hb.task = NULL;
		if (t)
			kw_put_task_struct(&t->pub);
		if (!__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
			kw_printk(KW_SOH "3" "hrtimer: cannot start the khrtimer thread (%s); armed hrtimers wait for the next arm\n",
				  strerror(err));
		return;
	}
	hb.started = true;
}

/* ---- walks: debugobjects, leftovers ----------------------------------------------------- */

int kw__hrtimer_detach_armed_in(const void *lo, size_t size, struct kw_hrtimer **out,
				kw_hrtimer_fn *fns, int max)
{
	const char *b = lo, *e = b + size;
	int n = 0;

	kw_spin_lock(&hb.lock);
	for (int i = 0; i < NR_BASES; i++) {
		/* Collect first: removing reshapes the heap under the walk. */
		for (struct kw_hrtimer *t = hb.root[i]; t && n < max; t = heap_walk_next(t))
			if ((const char *)t >= b && (const char *)t < e)
				out[n++] = t;
	}
	for (int i = 0; i < n; i++) {
		fns[i] = out[i]->function;
		dequeue_if_queued_locked(out[i]);
	}
	kw_spin_unlock(&hb.lock);
	return n;
}

static unsigned int report_one(struct kw_hrtimer *t, bool running)
{
	const void *fn = (const void *)t->function;
	if (!kw__module_owns(fn) && !kw__module_owns(t))
		return 0;
	if (running)
		kw_printk(KW_SOH "3" "%s: hrtimer %p callback %ps still running after module unload (hrtimer_cancel() not called)\n",
			  kw__module_name(), (void *)t, fn);
	else
		kw_printk(KW_SOH "3" "%s: hrtimer %p still armed after module unload (hrtimer_cancel() not called), function %ps, expires in %lld ns\n",
			  kw__module_name(), (void *)t, fn,
			  (long long)(t->expires - clock_now(t->clockid)));
	return 1;
}

static unsigned int report_hrtimers(void)
{
	unsigned int n = 0;
	kw_spin_lock(&hb.lock);
	for (int i = 0; i < NR_BASES; i++)
		for (struct kw_hrtimer *t = hb.root[i]; t; t = heap_walk_next(t))
			n += report_one(t, false);
	if (hb.running && !(hb.running->state & KW_HRTIMER_STATE_ENQUEUED))
		n += report_one(hb.running, true);
	kw_spin_unlock(&hb.lock);
	return n;
}

static struct kw__leftover_reporter reporter = {
	.what = "hrtimer",
	.report = report_hrtimers,
};

__attribute__((constructor)) static void hrtimer_constructor(void)
{
	kw__module_add_reporter(&reporter);
}

int kw_schedule_hrtimeout_range_clock(int64_t *expires, uint64_t delta,
				      enum kw_hrtimer_mode mode, int clockid)
{
	(void)delta;	/* the sleep ends at the hard time: no slack is taken */
	if (expires && *expires == 0) {
		kw_set_current_state_raw(KW_TASK_RUNNING);
		return 0;
	}
	if (!expires) {
		kw_schedule();
		kw_set_current_state_raw(KW_TASK_RUNNING);
		return -EINTR;
	}
	int64_t deadline = *expires;
	if (mode & KW_HRTIMER_MODE_REL)
		deadline += kw__clock_ns();
	else if (clockid != CLOCK_MONOTONIC)
		deadline += kw__clock_ns() - clock_now(clockid);
	bool reached = kw_schedule_deadline_ns(deadline) == 0;
	kw_set_current_state_raw(KW_TASK_RUNNING);
	return reached ? 0 : -EINTR;
}
