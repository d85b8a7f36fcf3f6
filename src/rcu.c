/*
 * rcu.c - read-copy-update: reader registry, grace periods, callbacks.
 *
 * Readers (any thread): each thread has one reader record, registered in
 * the global list on its first rcu_read_lock and removed at thread exit.
 * Its ctr is 0 outside a read-side section; inside, its low half counts the
 * nesting and its PHASE bit is the grace-period phase it entered in (the
 * outermost lock copies gp_ctr, then a full barrier orders the section's
 * loads after that store). A grace period (synchronize_rcu, serialized by
 * gp_lock) flips gp_ctr's PHASE bit twice and after each flip waits until
 * no reader is inside with the old phase: a reader that started before the
 * grace period is waited for, one that starts during it may be missed only
 * if it cannot see what was unpublished before (full barriers on both
 * sides, as in liburcu's memb flavour). Waiting polls: yield, then 50 us
 * naps (a reader does not signal its exit, which keeps readers to two
 * plain stores and one fence).
 *
 * Callbacks: call_rcu appends to cb_list; the rcu_cb thread (a kwork
 * thread, started on the first call_rcu, stopped and joined at teardown)
 * takes the whole list, waits for a grace period, runs the batch in order
 * and counts it done; rcu_barrier waits until the done count reaches the
 * queued count it saw.
 *
 * fork(): see fork_child.
 *
 * Locks: gp_lock (grace periods) > registry_lock (the reader list);
 * cb_lock (callback list, counts, thread state), never held while calling
 * out. Legend: R: registry_lock, C: cb_lock, A: atomic.
 */
#include "task_internal.h"
#include "rcu_internal.h"
#include "teardown_internal.h"

#include <kwork/rcu.h>
#include <kwork/slab.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define PHASE (1UL << (sizeof(unsigned long) * CHAR_BIT / 2))
#define NEST_MASK (PHASE - 1)

struct reader {
	unsigned long ctr;		/* A: written by its thread only */
	struct reader *next, *prev;	/* R */
	bool registered;		/* its thread only */
};

static unsigned long gp_ctr = 1;	/* A: PHASE bit, nesting count 1 */
static pthread_mutex_t gp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct reader readers = { 0, &readers, &readers, true };	/* R */
static pthread_key_t reader_key;
static pthread_once_t reader_key_once = PTHREAD_ONCE_INIT;
static KW__TLS struct reader self_reader;

static void unregister_reader(void *arg)
{
	struct reader *r = arg;
	pthread_mutex_lock(&registry_lock);
	r->prev->next = r->next;
	r->next->prev = r->prev;
	pthread_mutex_unlock(&registry_lock);
	r->registered = false;
}

static void register_atfork(void);

static void make_reader_key(void)
{
	KW_BUG_ON(pthread_key_create(&reader_key, unregister_reader) != 0);
	register_atfork();
}

static void register_reader(struct reader *r)
{
	pthread_once(&reader_key_once, make_reader_key);
	pthread_mutex_lock(&registry_lock);
	r->next = &readers;
	r->prev = readers.prev;
	readers.prev->next = r;
	readers.prev = r;
	pthread_mutex_unlock(&registry_lock);
	r->registered = true;
	pthread_setspecific(reader_key, r);
}

void kw_rcu_read_lock(void)
{
	struct reader *r = &self_reader;
	if (kw_unlikely(!r->registered))
		register_reader(r);
	unsigned long c = __atomic_load_n(&r->ctr, __ATOMIC_RELAXED);
	if (c & NEST_MASK) {
		__atomic_store_n(&r->ctr, c + 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_store_n(&r->ctr, __atomic_load_n(&gp_ctr, __ATOMIC_RELAXED),
			 __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void kw_rcu_read_unlock(void)
{
	struct reader *r = &self_reader;
	unsigned long c = __atomic_load_n(&r->ctr, __ATOMIC_RELAXED);
	if (KW_WARN(!(c & NEST_MASK), "rcu_read_unlock() without rcu_read_lock()"))
		return;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&r->ctr, c - 1, __ATOMIC_RELAXED);
}

bool kw_rcu_read_lock_held(void)
{
	return kw__rcu_read_depth() != 0;
}

unsigned int kw__rcu_read_depth(void)
{
	return (unsigned int)(__atomic_load_n(&self_reader.ctr, __ATOMIC_RELAXED) &
			      NEST_MASK);
}

void kw__rcu_read_restore(unsigned int depth)
{
	unsigned long c = __atomic_load_n(&self_reader.ctr, __ATOMIC_RELAXED);
	if ((c & NEST_MASK) <= depth)
		return;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&self_reader.ctr, (c & ~NEST_MASK) | depth, __ATOMIC_RELAXED);
}

/* Is r inside a read-side section begun before the last phase flip? */
static bool reader_in_old_phase(const struct reader *r)
{
	unsigned long c = __atomic_load_n(&r->ctr, __ATOMIC_RELAXED);
	return (c & NEST_MASK) &&
	       ((c ^ __atomic_load_n(&gp_ctr, __ATOMIC_RELAXED)) & PHASE);
}

static void wait_a_little(unsigned int *spins)
{
	if (++*spins < 100) {
		sched_yield();
		return;
	}
	struct timespec ts = { 0, 50000 };
	nanosleep(&ts, NULL);
}

/* Flip the phase and wait out every reader of the old one. R held. */
static void flip_and_wait_locked(void)
{
	__atomic_store_n(&gp_ctr, gp_ctr ^ PHASE, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (struct reader *r = readers.next; r != &readers; r = r->next) {
		unsigned int spins = 0;
		while (reader_in_old_phase(r))
			wait_a_little(&spins);
	}
}

void kw_synchronize_rcu(void)
{
	if (KW_WARN(kw_rcu_read_lock_held(),
		    "Illegal synchronize_rcu() in RCU read-side critical section"))
		return;
	pthread_mutex_lock(&gp_lock);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	pthread_mutex_lock(&registry_lock);
	flip_and_wait_locked();
	flip_and_wait_locked();
	pthread_mutex_unlock(&registry_lock);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&gp_lock);
}

/* ---- callbacks ---------------------------------------------------------------- */

/* func values below this are kfree_rcu codes: offset * 2 + vmalloc_ok. */
#define KFREE_CODE_LIMIT ((uintptr_t)1 << 20)

static pthread_mutex_t cb_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cb_wake = PTHREAD_COND_INITIALIZER;	/* the thread */
static pthread_cond_t cb_done_cond = PTHREAD_COND_INITIALIZER;	/* barriers */
static struct kw_rcu_head *cb_head, **cb_tail = &cb_head;	/* C */
static struct kw_rcu_head *cb_waiting;	/* C: the batch in its grace period */
static unsigned long cb_queued, cb_done;	/* C: counts since start */
static bool cb_started, cb_stopping;		/* C */
static pthread_t cb_thread;			/* C */
static struct kw__task *cb_task;		/* C */
static struct kw__teardown rcu_teardown;

static void run_callback(struct kw_rcu_head *h)
{
	uintptr_t code = (uintptr_t)h->func;
	if (code >= KFREE_CODE_LIMIT) {
		h->func(h);
		return;
	}
	kw_kfree((char *)h - code / 2,
		 (code & 1) ? KW_KMEM_KVMALLOC : KW_KMEM_KMALLOC, NULL);
}

static void *rcu_cb_thread(void *arg)
{
	struct kw__task *self = arg;
	kw__task_attach_self(self);
	kw__thread_set_name_self(self->pub.comm);
	pthread_mutex_lock(&cb_lock);
	for (;;) {
		struct kw_rcu_head *batch = cb_head;
		if (!batch) {
			if (cb_stopping)
				break;
			pthread_cond_wait(&cb_wake, &cb_lock);
			continue;
		}
		cb_head = NULL;
		cb_tail = &cb_head;
		cb_waiting = batch;
		pthread_mutex_unlock(&cb_lock);
		kw_synchronize_rcu();
		pthread_mutex_lock(&cb_lock);
		cb_waiting = NULL;	/* the callbacks may free their heads now */
		pthread_mutex_unlock(&cb_lock);
		unsigned long n = 0;
		while (batch) {
			struct kw_rcu_head *next = batch->next;
			run_callback(batch);
			batch = next;
			n++;
		}
		pthread_mutex_lock(&cb_lock);
		cb_done += n;
		pthread_cond_broadcast(&cb_done_cond);
	}
	cb_started = false;
	cb_stopping = false;
	cb_task = NULL;
	pthread_mutex_unlock(&cb_lock);
	kw__task_detach_self();
	kw_put_task_struct(&self->pub);
	return NULL;
}

/* Start rcu_cb under cb_lock. Return: 0 or an errno. */
static int start_thread_locked(void)
{
	struct kw__task *t = kw__task_alloc();
	if (!t)
		return ENOMEM;
	kw__teardown_register(&rcu_teardown);
	t->pub.flags = KW_PF_KTHREAD | KW_PF_NOFREEZE;
	snprintf(t->pub.comm, sizeof(t->pub.comm), "rcu_cb");
	snprintf(t->full_name, sizeof(t->full_name), "rcu_cb");
	int err = kw__thread_spawn(&cb_thread, rcu_cb_thread, t);
	if (err) {
		kw_put_task_struct(&t->pub);
		return err;
	}
	cb_task = t;
	cb_started = true;
	return 0;
}

static void queue_callback(struct kw_rcu_head *head)
{
	kw__init_once();
	pthread_once(&reader_key_once, make_reader_key);
	head->next = NULL;
	pthread_mutex_lock(&cb_lock);
	int err = cb_started ? 0 : start_thread_locked();
	if (err) {
		pthread_mutex_unlock(&cb_lock);
		/* No thread: wait here rather than drop the callback. */
		kw_printk(KW_SOH "3" "rcu: cannot start rcu_cb (%s); running the callback after a grace period in the caller\n",
			  strerror(err));
		kw_synchronize_rcu();
		run_callback(head);
		return;
	}
	*cb_tail = head;
	cb_tail = &head->next;
	cb_queued++;
	pthread_cond_signal(&cb_wake);
	pthread_mutex_unlock(&cb_lock);
}

void kw_call_rcu(struct kw_rcu_head *head, void (*func)(struct kw_rcu_head *head))
{
	if (KW_WARN(!func, "call_rcu(%p) with a NULL callback", (void *)head))
		return;
	head->func = func;
	queue_callback(head);
}

void kw__kvfree_rcu(struct kw_rcu_head *head, size_t offset, bool vmalloc_ok)
{
	if (KW_WARN(offset * 2 + 1 >= KFREE_CODE_LIMIT,
		    "kfree_rcu: rcu_head at offset %zu is too far into its object", offset))
		return;
	head->func = (void (*)(struct kw_rcu_head *))(uintptr_t)(offset * 2 + vmalloc_ok);
	queue_callback(head);
}

/*
 * Wait until every callback queued before the call has run, or until
 * timeout_ms passed (< 0: no limit). Return: true if they all ran.
 */
static bool barrier_wait(long timeout_ms)
{
	struct timespec until;
	if (timeout_ms >= 0) {
		clock_gettime(CLOCK_REALTIME, &until);	/* cb_done_cond's clock */
		until.tv_sec += timeout_ms / 1000;
		until.tv_nsec += (timeout_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&cb_lock);
	unsigned long target = cb_queued;
	int err = 0;
	while (cb_done < target && err != ETIMEDOUT)
		err = timeout_ms < 0 ? pthread_cond_wait(&cb_done_cond, &cb_lock)
				     : pthread_cond_timedwait(&cb_done_cond, &cb_lock, &until);
	bool all_ran = cb_done >= target;
	pthread_mutex_unlock(&cb_lock);
	return all_ran;
}

void kw_rcu_barrier(void)
{
	if (KW_WARN(cb_task && kw__self() == cb_task,
		    "rcu_barrier() called from an RCU callback"))
		return;
	barrier_wait(-1);
}

static void count_callback(struct kw_rcu_head *head, void (*func)(struct kw_rcu_head *),
			   void *arg)
{
	(void)head;
	(void)func;
	++*(unsigned long *)arg;
}

bool kw__rcu_settle_frees(long timeout_ms)
{
	unsigned long callbacks = 0;
	kw__rcu_for_each_pending(count_callback, &callbacks);
	if (callbacks)
		return false;
	return barrier_wait(timeout_ms);
}

unsigned long kw_rcu_pending(void)
{
	pthread_mutex_lock(&cb_lock);
	unsigned long n = cb_queued - cb_done;
	pthread_mutex_unlock(&cb_lock);
	return n;
}

static void for_each_in(struct kw_rcu_head *h,
			void (*fn)(struct kw_rcu_head *, void (*)(struct kw_rcu_head *), void *),
			void *arg)
{
	for (; h; h = h->next)
		if ((uintptr_t)h->func >= KFREE_CODE_LIMIT)
			fn(h, h->func, arg);
}

void kw__rcu_for_each_pending(void (*fn)(struct kw_rcu_head *head,
					 void (*func)(struct kw_rcu_head *),
					 void *arg),
			      void *arg)
{
	pthread_mutex_lock(&cb_lock);
	for_each_in(cb_waiting, fn, arg);
	for_each_in(cb_head, fn, arg);
	pthread_mutex_unlock(&cb_lock);
}

/* Teardown: run what is queued (a grace period ends), then join rcu_cb. */
static bool rcu_stop(char *why, size_t size)
{
	(void)why;
	(void)size;
	if (KW_WARN(cb_task && kw__self() == cb_task,
		    "kwork teardown called from an RCU callback"))
		return false;
	kw_rcu_barrier();
	pthread_mutex_lock(&cb_lock);
	if (!cb_started || cb_stopping) {
		pthread_mutex_unlock(&cb_lock);
		return true;
	}
	pthread_t thread = cb_thread;
	cb_stopping = true;
	pthread_cond_signal(&cb_wake);
	pthread_mutex_unlock(&cb_lock);
	pthread_join(thread, NULL);
	return true;
}

/*
 * fork(): the child's only thread is the forking one. Its reader registry
 * is rebuilt from that thread's record alone (the parent's other readers do
 * not exist there; a grace period in progress in the parent is abandoned,
 * which is why gp_lock and registry_lock are re-made, not taken), and the
 * callbacks queued or waiting go back on the queue for a new rcu_cb.
 */
static void fork_prepare(void)
{
	pthread_mutex_lock(&cb_lock);
}

static void fork_parent(void)
{
	pthread_mutex_unlock(&cb_lock);
}

static void fork_child(void)
{
	pthread_mutex_init(&gp_lock, NULL);
	pthread_mutex_init(&registry_lock, NULL);
	readers.next = readers.prev = &readers;
	if (self_reader.registered) {
		self_reader.next = self_reader.prev = &readers;
		readers.next = readers.prev = &self_reader;
	}
	if (cb_waiting) {
		struct kw_rcu_head *last = cb_waiting;
		while (last->next)
			last = last->next;
		last->next = cb_head;
		if (!cb_head)
			cb_tail = &last->next;
		cb_head = cb_waiting;
		cb_waiting = NULL;
	}
	cb_started = false;
	cb_stopping = false;
	cb_task = NULL;
	pthread_cond_init(&cb_wake, NULL);
	pthread_cond_init(&cb_done_cond, NULL);
	pthread_mutex_unlock(&cb_lock);
}

static void register_atfork(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

/* rcu_cb runs user callbacks: it stops with the workqueues, before ktimers. */
static struct kw__teardown rcu_teardown = {
	.name = "rcu_cb", .order = KW__TEARDOWN_CALLBACKS,
	.busy = NULL, .stop = rcu_stop,
};
