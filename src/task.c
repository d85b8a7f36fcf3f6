/*
 * task.c - the task core: current, the sleep/wake protocol, references,
 * signals, context tracking, names and priorities.
 *
 * Layer: task core. Runs in every thread that touches kwork.
 *
 * Sleeping: a task sets its state (set_current_state) and calls schedule();
 * schedule() waits on the state word as a futex until it reads RUNNING.
 * A waker moves a sleeping state to RUNNING with a compare-and-swap and only
 * issues FUTEX_WAKE when the sleeper marked the word KW__STATE_FUTEX_WAITING,
 * so waking a task that has not gone to sleep yet costs no system call, and
 * no wake-up can be lost: the sleeper never waits on a word that says RUNNING.
 *
 * Locks: kw__tasks_lock protects kw__all_tasks (the list reports walk).
 * Everything else in a task is written by the task itself or atomically.
 */
#include "task_internal.h"
#include "debug_internal.h"
#include "rcu_internal.h"
#include "vg_annotate.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

kw_spinlock_t kw__tasks_lock = KW_SPINLOCK_INIT;
struct kw_list_head kw__all_tasks = KW_LIST_HEAD_INIT(kw__all_tasks);

static KW__TLS struct kw__task *current_task;
KW__TLS unsigned int kw__preempt_depth;	/* spinlocks, preempt_disable */
static KW__TLS unsigned int softirq_depth;	/* timer callbacks, tasklets */

static pthread_key_t foreign_key;
static pthread_once_t foreign_key_once = PTHREAD_ONCE_INIT;

/* The mm of every non-kthread task: the process's address space. */
static char process_mm;

/* ---- allocation and current ------------------------------------------------ */

struct kw__task *kw__task_alloc(void)
{
	struct kw__task *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->refs = 1;
	t->magic = KW__TASK_MAGIC;
	t->cpu = -1;
	t->pub.static_prio = 120;
	t->pub.tgid = getpid();
	kw_list_init(&t->all_node);
	return t;
}

static void link_task(struct kw__task *t)
{
	kw_spin_lock(&kw__tasks_lock);
	kw_list_add_tail(&t->all_node, &kw__all_tasks);
	kw_spin_unlock(&kw__tasks_lock);
}

void kw__task_attach_self(struct kw__task *t)
{
	t->pub.pid = kw__gettid();
	t->thread = pthread_self();
	current_task = t;
	link_task(t);
}

void kw__task_detach_self(void)
{
	struct kw__task *t = current_task;
	if (!t)
		return;
	kw_spin_lock(&kw__tasks_lock);
	kw_list_del_init(&t->all_node);
	kw_spin_unlock(&kw__tasks_lock);
	current_task = NULL;
}

static void foreign_thread_exit(void *arg)
{
	struct kw__task *t = arg;
	/* The key destructor runs with current_task still set. */
	kw__task_detach_self();
	kw_put_task_struct(&t->pub);
}

static void make_foreign_key(void)
{
	pthread_key_create(&foreign_key, foreign_thread_exit);
	KW_VG_HAPPENS_BEFORE(&foreign_key_once);
}

/* Out of line and cold: kw_current()'s fast path then saves no registers. */
__attribute__((noinline, cold))
static struct kw__task *attach_foreign_thread(void)
{
	struct kw__task *t = kw__task_alloc();
	if (!t) {
		fprintf(stderr, "kwork: out of memory for a task_struct\n");
		abort();
	}
	t->foreign = true;
	t->pub.mm = &process_mm;
	t->pub.active_mm = &process_mm;
	if (pthread_getname_np(pthread_self(), t->pub.comm,
			       sizeof(t->pub.comm)) != 0)
		snprintf(t->pub.comm, sizeof(t->pub.comm), "thread");
	snprintf(t->full_name, sizeof(t->full_name), "%s", t->pub.comm);
	kw__task_attach_self(t);
	pthread_once(&foreign_key_once, make_foreign_key);
	/* glibc's pthread_once fast path is an atomic helgrind/DRD do not see. */
	KW_VG_HAPPENS_AFTER(&foreign_key_once);
	pthread_setspecific(foreign_key, t);
	kw__init_once();
	return t;
}

struct kw_task *kw_current(void)
{
	struct kw__task *t = current_task;
	if (kw_unlikely(!t))
		t = attach_foreign_thread();
	return &t->pub;
}

void kw_get_task_struct(struct kw_task *t)
{
	if (kw__task_check_unusable(t, "get_task_struct"))
		return;
	__atomic_fetch_add(&kw__task(t)->refs, 1, __ATOMIC_RELAXED);
}

void kw_put_task_struct(struct kw_task *t)
{
	struct kw__task *kt = kw__task(t);
	if (kw__task_check_unusable(t, "put_task_struct"))
		return;
	int left = __atomic_sub_fetch(&kt->refs, 1, __ATOMIC_ACQ_REL);
	KW_BUG_ON(left < 0);
	if (left == 0)
		kw__task_release(kt);	/* with its kthread part; quarantined */
}

/* ---- context ------------------------------------------------------------------ */

void kw__softirq_enter(void)
{
	softirq_depth++;
}

void kw__softirq_exit(void)
{
	softirq_depth--;
}

bool kw_in_softirq(void)
{
	return softirq_depth != 0;
}

unsigned int kw_preempt_count(void)
{
	return kw__preempt_depth + (softirq_depth << 8);
}

void kw_preempt_disable(void)
{
	kw__preempt_depth++;
}

void kw_preempt_enable(void)
{
	if (KW_WARN_ON_ONCE(kw__preempt_depth == 0))
		return;
	kw__preempt_depth--;
}

static bool atomic_context(void)
{
	return kw__preempt_depth || softirq_depth;
}

/*
 * might_sleep(): sleeping is a bug in atomic context (spinlock, preempt
 * off, timer callback) and inside an RCU read-side section (the kernel's
 * CONFIG_DEBUG_ATOMIC_SLEEP report, with its RCU nest depth line). Reported
 * once per process, with a stack dump; the caller goes on.
 */
void kw_might_sleep_at(const char *file, int line)
{
	unsigned int rcu_depth = kw__rcu_read_depth();
	if (kw_likely(!atomic_context() && !rcu_depth))
		return;
	static bool once;
	if (__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
		return;
	struct kw_task *t = kw_current();
	kw_warn(file, line, "might_sleep",
		"BUG: sleeping function called from invalid context at %s:%d\n"
		"in_atomic(): %d, irqs_disabled(): 0, non_block: 0, pid: %d, name: %s\n"
		"preempt_count: %x, expected: 0\n"
		"RCU nest depth: %u, expected: 0",
		file, line, atomic_context() ? 1 : 0, t->pid, t->comm,
		kw_preempt_count(), rcu_depth);
}

/* ---- signals ------------------------------------------------------------------ */

bool kw_signal_pending(struct kw_task *t)
{
	return __atomic_load_n(&kw__task(t)->sigpending, __ATOMIC_ACQUIRE) != 0;
}

bool kw_fatal_signal_pending(struct kw_task *t)
{
	return __atomic_load_n(&kw__task(t)->sigpending, __ATOMIC_ACQUIRE) &
	       KW__SIG_FATAL;
}

void kw_task_send_fatal(struct kw_task *t)
{
	__atomic_fetch_or(&kw__task(t)->sigpending,
			  KW__SIG_FATAL | KW__SIG_NOTIFY, __ATOMIC_RELEASE);
	kw_wake_up_state(t, KW_TASK_INTERRUPTIBLE | KW_TASK_WAKEKILL);
}

void kw__task_clear_fatal(struct kw__task *t)
{
	__atomic_fetch_and(&t->sigpending, ~(KW__SIG_FATAL | KW__SIG_NOTIFY),
			   __ATOMIC_RELEASE);
}

/* Would a sleep in state be cut short by a pending signal? */
static bool signal_pending_state(unsigned int state, struct kw__task *t)
{
	if (!(state & (KW_TASK_INTERRUPTIBLE | KW_TASK_WAKEKILL)))
		return false;
	if (!kw_signal_pending(&t->pub))
		return false;
	return (state & KW_TASK_INTERRUPTIBLE) || kw_fatal_signal_pending(&t->pub);
}

/* ---- sleeping and waking -------------------------------------------------------- */

/*
 * The pool sees a worker's sleeps only while it carries PF_WQ_WORKER, as the
 * kernel's scheduler calls wq_worker_sleeping/running only for such tasks:
 * a work function that clears the flag hides its sleeps from concurrency
 * management (the pool stays counted as busy and starts no other item).
 */
static bool hooks_on(const struct kw__task *t)
{
	return t->hooks && (t->pub.flags & KW_PF_WQ_WORKER);
}

static void hooks_sleeping(struct kw__task *t)
{
	if (hooks_on(t) && t->blocking_depth == 0)
		t->hooks->sleeping(t);
}

static void hooks_running(struct kw__task *t)
{
	if (hooks_on(t) && t->blocking_depth == 0)
		t->hooks->running(t);
}

void kw__task_set_sched_hooks(const struct kw__sched_hooks *hooks, void *ctx)
{
	struct kw__task *t = kw__self();
	t->hooks = hooks;
	t->hook_ctx = ctx;
}

/*
 * Wait on the state word until it reads RUNNING or the deadline passes
 * (deadline_ns < 0: none). On timeout the task sets itself RUNNING.
 * Return: true if woken, false on timeout.
 */
static bool wait_on_state(struct kw__task *t, int64_t deadline_ns)
{
	unsigned int *word = &t->pub.__state;
	for (;;) {
		unsigned int st = __atomic_load_n(word, __ATOMIC_ACQUIRE);
		if ((st & KW__STATE_MASK) == KW_TASK_RUNNING)
			return true;
		if (!(st & KW__STATE_FUTEX_WAITING)) {
			unsigned int marked = st | KW__STATE_FUTEX_WAITING;
			if (!__atomic_compare_exchange_n(word, &st, marked, false,
							 __ATOMIC_ACQ_REL,
							 __ATOMIC_ACQUIRE))
				continue;
			st = marked;
		}
		if (kw__futex_wait(word, st, deadline_ns) == -ETIMEDOUT) {
			/* Timed out: become RUNNING unless a waker just did. */
			if (__atomic_compare_exchange_n(word, &st, KW_TASK_RUNNING,
							false, __ATOMIC_ACQ_REL,
							__ATOMIC_ACQUIRE))
				return false;
		}
	}
}

/*
 * A reader sleeps: the kernel's PROVE_RCU report (its preemptible RCU lets
 * the sleep go on, and so does kwork: the grace period just waits). Once
 * per process.
 */
static __attribute__((noinline, cold)) void rcu_sleep_warn(struct kw__task *t)
{
	static bool once;
	if (__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
		return;
	kw_warn(__FILE__, __LINE__, "schedule",
		"WARNING: suspicious RCU usage\n"
		"Voluntary context switch within RCU read-side critical section!\n"
		"%s/%d is inside rcu_read_lock() (nest depth %u)",
		t->pub.comm, t->pub.pid, kw__rcu_read_depth());
}

/* The heart of schedule(): Return: false if the deadline passed. */
static bool do_schedule(int64_t deadline_ns)
{
	struct kw__task *t = kw__self();
	/* Acquire: a waker may already have set RUNNING (pairs with its CAS). */
	unsigned int st = __atomic_load_n(&t->pub.__state, __ATOMIC_ACQUIRE);

	if ((st & KW__STATE_MASK) == KW_TASK_RUNNING) {
		sched_yield();
		return true;
	}
	if (kw_unlikely(atomic_context())) {
		static bool once;	/* a sleep loop (msleep) would repeat it */
		if (!__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
			kw_warn(__FILE__, __LINE__, __func__,
				"BUG: scheduling while atomic: %s/%d/0x%08x",
				t->pub.comm, t->pub.pid, kw_preempt_count());
		kw_set_current_state_raw(KW_TASK_RUNNING);
		return true;
	}
	if (signal_pending_state(st, t)) {
		kw_set_current_state_raw(KW_TASK_RUNNING);
		return true;
	}
	if (kw_unlikely(kw__rcu_read_depth()))
		rcu_sleep_warn(t);
	__atomic_store_n(&t->blocked_since_ns, kw__clock_ns(), __ATOMIC_RELAXED);
	hooks_sleeping(t);
	bool woken = wait_on_state(t, deadline_ns);
	hooks_running(t);
	kw__set_blocked(NULL, NULL);
	return woken;
}

void kw_schedule(void)
{
	do_schedule(-1);
}

int64_t kw_schedule_deadline_ns(int64_t deadline_ns)
{
	do_schedule(deadline_ns);
	int64_t left = deadline_ns - kw__clock_ns();
	return left > 0 ? left : 0;
}

long kw_schedule_timeout(long timeout)
{
	if (timeout == (long)KW_MAX_SCHEDULE_TIMEOUT) {
		kw_schedule();
		return timeout;
	}
	if (timeout < 0) {
		kw_printk(KW_SOH "3" "schedule_timeout: wrong timeout value %lx\n",
			  (unsigned long)timeout);
		kw_dump_stack();
		kw_set_current_state_raw(KW_TASK_RUNNING);
		return 0;
	}
	unsigned long expire = kw_jiffies() + (unsigned long)timeout;
	/*
	 * Sleep a full timeout of real time, so the sleep is never shorter
	 * than asked even when it starts late in a jiffy; by then jiffies has
	 * reached expire.
	 */
	const int64_t ns_per_jiffy = KW_NSEC_PER_SEC / KW_HZ;
	int64_t now = kw__clock_ns();
	int64_t deadline = timeout > (INT64_MAX - now) / ns_per_jiffy
			   ? INT64_MAX	/* years away: saturate, never wrap */
			   : now + (int64_t)timeout * ns_per_jiffy;
	do_schedule(deadline);
	long left = (long)(expire - kw_jiffies());
	return left < 0 ? 0 : left;
}

long kw_schedule_timeout_interruptible(long timeout)
{
	kw_set_current_state(KW_TASK_INTERRUPTIBLE);
	return kw_schedule_timeout(timeout);
}

long kw_schedule_timeout_killable(long timeout)
{
	kw_set_current_state(KW_TASK_KILLABLE);
	return kw_schedule_timeout(timeout);
}

long kw_schedule_timeout_uninterruptible(long timeout)
{
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	return kw_schedule_timeout(timeout);
}

long kw_schedule_timeout_idle(long timeout)
{
	kw_set_current_state(KW_TASK_IDLE);
	return kw_schedule_timeout(timeout);
}

int kw__wake_up_owed(struct kw_task *t, unsigned int mask, unsigned int **owed)
{
	unsigned int *word = &t->__state;
	unsigned int st = __atomic_load_n(word, __ATOMIC_ACQUIRE);
	for (;;) {
		if (!((st & KW__STATE_MASK) & mask))
			return 0;
		if (__atomic_compare_exchange_n(word, &st, KW_TASK_RUNNING, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			break;
	}
	if (st & KW__STATE_FUTEX_WAITING)
		*owed = word;
	return 1;
}

int kw_wake_up_state(struct kw_task *t, unsigned int mask)
{
	unsigned int *owed = NULL;
	int woken = kw__wake_up_owed(t, mask, &owed);
	kw__wake_flush(owed);
	return woken;
}

int kw_wake_up_process(struct kw_task *t)
{
	if (kw__task_check_unusable(t, "wake_up_process"))
		return 0;
	return kw_wake_up_state(t, KW_TASK_NORMAL);
}

int kw_cond_resched(void)
{
	struct kw__task *t = kw__self();
	if (hooks_on(t) && t->hooks->tick)
		t->hooks->tick(t);
	return 0;
}

void kw_blocking_begin(void)
{
	struct kw__task *t = kw__self();
	if (t->blocking_depth++ == 0 && hooks_on(t))
		t->hooks->sleeping(t);
}

void kw_blocking_end(void)
{
	struct kw__task *t = kw__self();
	if (KW_WARN_ON_ONCE(t->blocking_depth == 0))
		return;
	if (--t->blocking_depth == 0 && hooks_on(t))
		t->hooks->running(t);
}

/* ---- names and priorities ---------------------------------------------------------- */

void kw_set_task_comm(struct kw_task *t, const char *name)
{
	struct kw__task *kt = kw__task(t);
	snprintf(kt->full_name, sizeof(kt->full_name), "%s", name);
	snprintf(t->comm, sizeof(t->comm), "%s", name);
	if (kt == current_task)
		kw__thread_set_name_self(t->comm);
	else if (t->pid)
		pthread_setname_np(kt->thread, t->comm);
}

void kw_get_task_comm(char *buf, size_t size, struct kw_task *t)
{
	snprintf(buf, size, "%s", t->comm);
}

static void warn_policy_once(const char *what, struct kw_task *t, int err)
{
	static bool once;
	if (__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
		return;
	kw_printk(KW_SOH "4" "kwork: %s(%s/%d) not permitted here (%s); "
		  "the thread keeps its policy\n", what, t->comm, t->pid,
		  strerror(err));
}

void kw_set_user_nice(struct kw_task *t, long nice)
{
	if (nice < -20)
		nice = -20;
	if (nice > 19)
		nice = 19;
	int err = kw__thread_set_nice(t->pid, (int)nice);
	if (err)
		warn_policy_once("set_user_nice", t, err);
	else
		t->static_prio = 120 + (int)nice;
}

static void set_fifo(struct kw_task *t, int prio, const char *what)
{
	int err = kw__thread_set_fifo(t->pid, prio);
	if (err)
		warn_policy_once(what, t, err);
	else
		t->policy = SCHED_FIFO;
}

void kw_sched_set_fifo(struct kw_task *t)
{
	set_fifo(t, 50, "sched_set_fifo");	/* MAX_RT_PRIO / 2 */
}

void kw_sched_set_fifo_low(struct kw_task *t)
{
	set_fifo(t, 1, "sched_set_fifo_low");
}

void kw_sched_set_normal(struct kw_task *t, int nice)
{
	int err = kw__thread_set_normal(t->pid, nice);
	if (err) {
		warn_policy_once("sched_set_normal", t, err);
		return;
	}
	t->policy = SCHED_OTHER;
	t->static_prio = 120 + nice;
}
