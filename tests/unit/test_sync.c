/*
 * test_sync.c - the locks, atomics and bitops of kwork/sync.h: spinlock_t,
 * struct mutex, rwlock_t, rw_semaphore, atomic_t / atomic_long_t /
 * atomic64_t, bitops; and the compat names that map onto them.
 *
 * Contention tests are gated on observable state: a thread blocked on a
 * sleeping lock is asleep in kw_schedule() with blocked_in naming the lock
 * ("mutex_lock", "down_read", "down_write"); a writer spinning on an rwlock
 * has set the writer-waiting bit. Mutual exclusion is checked by exact
 * counts of unprotected increments (and by TSan in the tsan build).
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include <errno.h>

#define RACE_THREADS 4
#define RACE_LOOPS ((int)kwt_loops(20000))

static struct kw_task *start(int (*fn)(void *), void *arg, const char *name)
{
	struct kw_task *t = kw_kthread_run(fn, arg, "%s", name);
	KWT_ASSERT(!kw_is_err(t));
	return t;
}

/* Run fn(arg) on RACE_THREADS pthreads and join them. */
static void run_racers(void *(*fn)(void *), void *arg)
{
	pthread_t th[RACE_THREADS];
	for (int i = 0; i < RACE_THREADS; i++)
		KWT_ASSERT_EQ(pthread_create(&th[i], NULL, fn, arg), 0);
	for (int i = 0; i < RACE_THREADS; i++)
		pthread_join(th[i], NULL);
}

/* ---- spinlock ----------------------------------------------------------------- */

static kw_spinlock_t race_spin = KW_SPINLOCK_INIT;
static long race_counter;

static void *spin_racer(void *arg)
{
	for (int i = 0; i < RACE_LOOPS; i++) {
		kw_spin_lock(&race_spin);
		race_counter++;
		kw_spin_unlock(&race_spin);
	}
	return NULL;
}

KWT_TEST("locks", spinlock_excludes)
{
	run_racers(spin_racer, NULL);
	KWT_ASSERT_EQ(race_counter, RACE_THREADS * RACE_LOOPS);
	KWT_ASSERT(!kw_spin_is_locked(&race_spin));
}

KWT_TEST("locks", spinlock_is_atomic_context_and_trylock)
{
	kw_spinlock_t l;
	kw_spin_lock_init(&l);
	KWT_ASSERT_EQ(kw_preempt_count(), 0);
	KWT_ASSERT(kw_spin_trylock(&l));
	KWT_ASSERT(kw_spin_is_locked(&l));
	KWT_ASSERT_EQ(kw_preempt_count(), 1);
	KWT_ASSERT(!kw_spin_trylock(&l));	/* not recursive */
	KWT_ASSERT_EQ(kw_preempt_count(), 1);	/* a failed trylock leaves no count */
	kw_spin_unlock(&l);
	KWT_ASSERT(!kw_spin_is_locked(&l));
	KWT_ASSERT_EQ(kw_preempt_count(), 0);
}

static DEFINE_SPINLOCK(compat_spin);

KWT_TEST("locks", spinlock_compat_forms)
{
	unsigned long flags;
	spinlock_t l;
	spin_lock_init(&l);
	spin_lock_irq(&l);
	KWT_ASSERT(spin_is_locked(&l));
	KWT_ASSERT(kw_preempt_count() >= 1);	/* atomic; irq-off may count too */
	spin_unlock_irq(&l);
	spin_lock_bh(&l);
	KWT_ASSERT(spin_is_locked(&l));
	spin_unlock_bh(&l);
	spin_lock_irqsave(&compat_spin, flags);
	KWT_ASSERT(spin_is_locked(&compat_spin));
	KWT_ASSERT(!spin_trylock(&compat_spin));
	spin_unlock_irqrestore(&compat_spin, flags);
	KWT_ASSERT(spin_trylock(&compat_spin));
	spin_unlock(&compat_spin);
	KWT_ASSERT(!spin_is_locked(&l) && !spin_is_locked(&compat_spin));
	KWT_ASSERT_EQ(kw_preempt_count(), 0);
}

/* ---- mutex ------------------------------------------------------------------------ */

static DEFINE_MUTEX(race_mutex);

static void *mutex_racer(void *arg)
{
	for (int i = 0; i < RACE_LOOPS / 4; i++) {
		mutex_lock(&race_mutex);
		race_counter++;
		mutex_unlock(&race_mutex);
	}
	return NULL;
}

KWT_TEST("locks", mutex_excludes)
{
	run_racers(mutex_racer, NULL);
	KWT_ASSERT_EQ(race_counter, RACE_THREADS * (RACE_LOOPS / 4));
	KWT_ASSERT(!mutex_is_locked(&race_mutex));
}

KWT_TEST("locks", mutex_lock_trylock_owner)
{
	struct kw_mutex m;
	kw_mutex_init(&m, "m");
	KWT_ASSERT(!kw_mutex_is_locked(&m));
	KWT_ASSERT(kw_mutex_owner(&m) == NULL);
	kw_mutex_lock(&m);
	KWT_ASSERT(kw_mutex_is_locked(&m));
	KWT_ASSERT(kw_mutex_owner(&m) == kw_current());
	KWT_ASSERT_EQ(kw_mutex_trylock(&m), 0);	/* held, by us: 0 */
	kw_mutex_unlock(&m);
	KWT_ASSERT(!kw_mutex_is_locked(&m));
	KWT_ASSERT_EQ(kw_mutex_trylock(&m), 1);
	KWT_ASSERT(kw_mutex_owner(&m) == kw_current());
	kw_mutex_unlock(&m);
	KWT_ASSERT_EQ(kw_mutex_lock_interruptible(&m), 0);
	kw_mutex_unlock(&m);
	KWT_ASSERT_EQ(kw_mutex_lock_killable(&m), 0);
	kw_mutex_unlock(&m);
	kw_mutex_destroy(&m);
}

KWT_TEST("locks", define_mutex_and_mutex_init_name_it)
{
	struct mutex local;
	mutex_init(&local);
	KWT_ASSERT_STREQ(race_mutex.name, "race_mutex");
	KWT_ASSERT_STREQ(local.name, "&local");
	KWT_ASSERT(!mutex_is_locked(&local));
	mutex_destroy(&local);
}

/* A thread that takes a mutex in a given way and records what happened. */
struct locker {
	struct kw_mutex *m;
	int mode;		/* 0 lock, 1 interruptible, 2 killable */
	int ret;
	bool owned;		/* it held m when the lock call returned */
	int order;		/* its place among the lockers that got m */
	struct kw_task *task;
};

static int lock_order;

static int locker_fn(void *arg)
{
	struct locker *l = arg;
	__atomic_store_n(&l->task, kw_current(), __ATOMIC_RELEASE);
	if (l->mode == 0)
		kw_mutex_lock(l->m);
	else if (l->mode == 1)
		l->ret = kw_mutex_lock_interruptible(l->m);
	else
		l->ret = kw_mutex_lock_killable(l->m);
	l->owned = kw_mutex_owner(l->m) == kw_current();
	if (l->owned) {
		l->order = __atomic_add_fetch(&lock_order, 1, __ATOMIC_RELAXED);
		kw_mutex_unlock(l->m);
	}
	return sync_wait_for_stop(0);
}

static struct kw_task *start_locker(struct locker *l, const char *name)
{
	struct kw_task *t = start(locker_fn, l, name);
	SYNC_WAIT_UNTIL(sync_sleeping_in(t, "mutex_lock") &&
			sync_blocked_on(t) == l->m);
	return t;
}

KWT_TEST("locks", mutex_waiter_sleeps_in_task_core_as_mutex_lock)
{
	struct kw_mutex m;
	struct locker l = { .m = &m };
	kw_mutex_init(&m, "gate");
	kw_mutex_lock(&m);
	struct kw_task *t = start(locker_fn, &l, "locker");
	kw_get_task_struct(t);
	SYNC_WAIT_UNTIL(sync_sleeping_in(t, "mutex_lock"));
	KWT_ASSERT(sync_blocked_on(t) == &m);
	KWT_ASSERT_EQ(sync_state(t), KW_TASK_UNINTERRUPTIBLE);
	KWT_ASSERT(kw_mutex_owner(&m) == kw_current());
	kw_mutex_unlock(&m);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT(l.owned);
	KWT_ASSERT(sync_blocked_in(t) == NULL);
	kw_put_task_struct(t);
	KWT_ASSERT(!kw_mutex_is_locked(&m));
}

KWT_TEST("locks", mutex_waiters_get_it_in_arrival_order)
{
	struct kw_mutex m;
	struct locker a = { .m = &m }, b = { .m = &m }, c = { .m = &m };
	kw_mutex_init(&m, "fifo");
	kw_mutex_lock(&m);
	struct kw_task *ta = start_locker(&a, "lock_a");
	struct kw_task *tb = start_locker(&b, "lock_b");
	struct kw_task *tc = start_locker(&c, "lock_c");
	kw_mutex_unlock(&m);
	KWT_ASSERT_EQ(kw_kthread_stop(ta), 0);
	KWT_ASSERT_EQ(kw_kthread_stop(tb), 0);
	KWT_ASSERT_EQ(kw_kthread_stop(tc), 0);
	KWT_ASSERT(a.owned && b.owned && c.owned);
	KWT_ASSERT_EQ(a.order, 1);
	KWT_ASSERT_EQ(b.order, 2);
	KWT_ASSERT_EQ(c.order, 3);
}

KWT_TEST("locks K4", mutex_lock_interruptible_returns_eintr_on_kthread_stop)
{
	struct kw_mutex m;
	struct locker l = { .m = &m, .mode = 1 };
	kw_mutex_init(&m, "intr");
	kw_mutex_lock(&m);
	struct kw_task *t = start_locker(&l, "locker");
	KWT_ASSERT_EQ(sync_state(t), KW_TASK_INTERRUPTIBLE);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT_EQ(l.ret, -EINTR);
	KWT_ASSERT(!l.owned);
	KWT_ASSERT(kw_mutex_owner(&m) == kw_current());
	kw_mutex_unlock(&m);
	KWT_ASSERT(!kw_mutex_is_locked(&m));	/* the queue was left clean */
	KWT_ASSERT_EQ(kw_mutex_trylock(&m), 1);
	kw_mutex_unlock(&m);
}

KWT_TEST("locks", mutex_lock_killable_returns_eintr_on_fatal_signal)
{
	struct kw_mutex m;
	struct locker l = { .m = &m, .mode = 2 };
	kw_mutex_init(&m, "kill");
	kw_mutex_lock(&m);
	struct kw_task *t = start_locker(&l, "locker");
	kw_get_task_struct(t);
	sync_send_fatal(t);
	SYNC_WAIT_UNTIL(sync_blocked_in(t) == NULL);
	KWT_ASSERT(kw_mutex_owner(&m) == kw_current());
	kw_mutex_unlock(&m);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT_EQ(l.ret, -EINTR);
	KWT_ASSERT(!l.owned);
	kw_put_task_struct(t);
}

KWT_TEST("locks", mutex_lock_ignores_signals)
{
	struct kw_mutex m;
	struct locker l = { .m = &m, .mode = 0 };
	kw_mutex_init(&m, "unintr");
	kw_mutex_lock(&m);
	struct kw_task *t = start_locker(&l, "locker");
	kw_get_task_struct(t);
	sync_send_fatal(t);
	kw_mutex_unlock(&m);
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT(l.owned);	/* it waited for the mutex, signal or not */
	kw_put_task_struct(t);
}

/*
 * A work that blocks on a mutex sleeps through the task core, so its
 * per-CPU pool notices (nr_running drops) and runs the next work on that
 * CPU meanwhile; a sleep the pool could not see would leave the second work
 * queued behind the first, and this test would time out.
 */
static struct kw_mutex pool_mutex = KW_MUTEX_INITIALIZER(pool_mutex);
static struct kw_task *blocked_worker;
static struct kw_completion second_ran;
static bool first_was_asleep;

static void first_work_fn(struct kw_work *w)
{
	__atomic_store_n(&blocked_worker, kw_current(), __ATOMIC_RELEASE);
	kw_mutex_lock(&pool_mutex);
	kw_mutex_unlock(&pool_mutex);
}

static void second_work_fn(struct kw_work *w)
{
	first_was_asleep = sync_sleeping_in(sync_task(&blocked_worker),
					    "mutex_lock");
	kw_complete(&second_ran);
}

KWT_TEST("locks", mutex_sleep_in_a_work_lets_its_pool_run_the_next)
{
	struct kw_work first, second;
	KW_INIT_WORK(&first, first_work_fn);
	KW_INIT_WORK(&second, second_work_fn);
	kw_init_completion(&second_ran);
	kw_mutex_lock(&pool_mutex);
	KWT_ASSERT(kw_queue_work_on(0, kw_system_percpu_wq(), &first));
	SYNC_WAIT_UNTIL(sync_task(&blocked_worker) &&
			sync_sleeping_in(sync_task(&blocked_worker), "mutex_lock"));
	KWT_ASSERT(kw_queue_work_on(0, kw_system_percpu_wq(), &second));
	kw_wait_for_completion(&second_ran);
	KWT_ASSERT(first_was_asleep);
	kw_mutex_unlock(&pool_mutex);
	KWT_ASSERT(kw_flush_work(&first) || !kw_work_busy(&first));
	KWT_ASSERT(!kw_mutex_is_locked(&pool_mutex));
}

static int stranger_done;

static int unlock_fn(void *arg)
{
	struct kw_mutex *m = arg;
	KWT_EXPECT_WARN(kw_mutex_unlock(m),
			"DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current): "
			"bad unlock balance detected: stranger/");
	__atomic_store_n(&stranger_done, 1, __ATOMIC_RELEASE);
	return sync_wait_for_stop(0);
}

KWT_TEST("locks", mutex_unlock_by_non_owner_warns_and_changes_nothing)
{
	struct kw_mutex m;
	kw_mutex_init(&m, "owned");
	kw_mutex_lock(&m);
	struct kw_task *t = start(unlock_fn, &m, "stranger");
	SYNC_WAIT_UNTIL(__atomic_load_n(&stranger_done, __ATOMIC_ACQUIRE));
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT(kw_mutex_owner(&m) == kw_current());
	kw_mutex_unlock(&m);
	KWT_EXPECT_WARN(kw_mutex_unlock(&m), "it is not locked");
	KWT_ASSERT(!kw_mutex_is_locked(&m));
}

KWT_TEST("locks", mutex_recursive_lock_warns_and_returns)
{
	struct kw_mutex m;
	kw_mutex_init(&m, "self");
	kw_mutex_lock(&m);
	KWT_EXPECT_WARN(kw_mutex_lock(&m), "possible recursive locking detected");
	int ret = 0;
	KWT_EXPECT_WARN(ret = kw_mutex_lock_interruptible(&m), "lock self");
	KWT_ASSERT_EQ(ret, -EDEADLK);
	KWT_ASSERT(kw_mutex_owner(&m) == kw_current());
	kw_mutex_unlock(&m);	/* held once: one unlock frees it */
	KWT_ASSERT(!kw_mutex_is_locked(&m));
}

KWT_TEST("locks", mutex_destroy_while_held_warns)
{
	DEFINE_MUTEX(held);
	mutex_lock(&held);
	KWT_EXPECT_WARN(mutex_destroy(&held), "mutex held destroyed while held");
	mutex_unlock(&held);
	mutex_destroy(&held);
}

/* A timer callback runs in softirq context: taking a mutex there is caught. */
static struct kw_mutex cb_mutex = KW_MUTEX_INITIALIZER(cb_mutex);
static struct kw_completion cb_done;

static void mutex_in_timer_fn(struct kw_timer *t)
{
	KWT_EXPECT_WARN(kw_mutex_lock(&cb_mutex),
			"BUG: sleeping function called from invalid context");
	KWT_ASSERT(kw_mutex_owner(&cb_mutex) == kw_current());
	kw_mutex_unlock(&cb_mutex);
	kw_complete(&cb_done);
}

KWT_TEST("locks", mutex_lock_in_a_timer_callback_warns)
{
	struct kw_timer t;
	kw_init_completion(&cb_done);
	kw_timer_setup(&t, mutex_in_timer_fn, 0);
	kw_mod_timer(&t, kw_jiffies());
	kw_wait_for_completion(&cb_done);
	kw_timer_delete_sync(&t);
	KWT_ASSERT(!kw_mutex_is_locked(&cb_mutex));
}

/* ---- rwlock ----------------------------------------------------------------------- */

static kw_rwlock_t race_rw = KW_RWLOCK_INIT;

static void *rwlock_racer(void *arg)
{
	for (int i = 0; i < RACE_LOOPS; i++) {
		if (i % 4) {
			kw_read_lock(&race_rw);
			long v = __atomic_load_n(&race_counter, __ATOMIC_RELAXED);
			(void)v;
			kw_read_unlock(&race_rw);
		} else {
			kw_write_lock(&race_rw);
			race_counter++;
			kw_write_unlock(&race_rw);
		}
	}
	return NULL;
}

KWT_TEST("locks", rwlock_writers_exclude)
{
	run_racers(rwlock_racer, NULL);
	KWT_ASSERT_EQ(race_counter, RACE_THREADS * (RACE_LOOPS / 4));
	KWT_ASSERT_EQ(race_rw.cnt, 0);
	KWT_ASSERT_EQ(kw_preempt_count(), 0);
}

KWT_TEST("locks", rwlock_readers_share_writers_do_not)
{
	kw_rwlock_t l;
	kw_rwlock_init(&l);
	kw_read_lock(&l);
	KWT_ASSERT(kw_read_trylock(&l));	/* a second reader */
	KWT_ASSERT(!kw_write_trylock(&l));
	KWT_ASSERT_EQ(kw_preempt_count(), 2);
	kw_read_unlock(&l);
	kw_read_unlock(&l);
	KWT_ASSERT(kw_write_trylock(&l));
	KWT_ASSERT(!kw_read_trylock(&l));
	KWT_ASSERT(!kw_write_trylock(&l));
	kw_write_unlock(&l);
	KWT_ASSERT_EQ(l.cnt, 0);
	KWT_ASSERT_EQ(kw_preempt_count(), 0);
}

struct rw_writer {
	kw_rwlock_t *l;
	struct kw_completion go;
	int done;
};

static int rw_writer_fn(void *arg)
{
	struct rw_writer *w = arg;
	kw_wait_for_completion(&w->go);
	kw_write_lock(w->l);
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	kw_write_unlock(w->l);
	return sync_wait_for_stop(0);
}

KWT_TEST("locks", rwlock_waiting_writer_blocks_new_readers)
{
	DEFINE_RWLOCK(l);
	struct rw_writer w = { .l = &l };
	kw_init_completion(&w.go);
	/* Create the writer first: creating a thread sleeps, a reader may not. */
	struct kw_task *t = start(rw_writer_fn, &w, "writer");
	read_lock(&l);
	kw_complete(&w.go);
	/* The spinning writer marks the lock; new readers stay out. */
	SYNC_WAIT_UNTIL(__atomic_load_n(&l.cnt, __ATOMIC_RELAXED) & 0x40000000u);
	KWT_ASSERT(!read_trylock(&l));
	KWT_ASSERT(!__atomic_load_n(&w.done, __ATOMIC_ACQUIRE));
	read_unlock(&l);
	SYNC_WAIT_UNTIL(__atomic_load_n(&w.done, __ATOMIC_ACQUIRE));
	KWT_ASSERT_EQ(kw_kthread_stop(t), 0);
	KWT_ASSERT(read_trylock(&l));
	read_unlock(&l);
}

KWT_TEST("locks", rwlock_unbalanced_unlock_warns)
{
	kw_rwlock_t l = KW_RWLOCK_INIT;
	KWT_EXPECT_WARN(kw_read_unlock(&l), "is not read-locked");
	KWT_EXPECT_WARN(kw_write_unlock(&l), "is not write-locked");
	kw_read_lock(&l);
	KWT_EXPECT_WARN(kw_write_unlock(&l), "is not write-locked");
	kw_read_unlock(&l);
	KWT_ASSERT_EQ(l.cnt, 0);
	KWT_ASSERT_EQ(kw_preempt_count(), 0);
}

/* ---- rw_semaphore ------------------------------------------------------------------ */

struct rwsem_user {
	struct kw_rw_semaphore *s;
	bool writer;
	int got;		/* 1 once it holds s */
	long count_seen;	/* s->count right after it got s */
	int order;
};

static int rwsem_order;

static int rwsem_user_fn(void *arg)
{
	struct rwsem_user *u = arg;
	if (u->writer)
		kw_down_write(u->s);
	else
		kw_down_read(u->s);
	u->order = __atomic_add_fetch(&rwsem_order, 1, __ATOMIC_RELAXED);
	kw_spin_lock(&u->s->wait_lock);
	u->count_seen = u->s->count;
	kw_spin_unlock(&u->s->wait_lock);
	__atomic_store_n(&u->got, 1, __ATOMIC_RELEASE);
	int ret = sync_wait_for_stop(0);
	if (u->writer)
		kw_up_write(u->s);
	else
		kw_up_read(u->s);
	return ret;
}

static struct kw_task *start_rwsem_user(struct rwsem_user *u, const char *name)
{
	return start(rwsem_user_fn, u, name);
}

static void wait_queued(struct kw_task *t, struct rwsem_user *u)
{
	SYNC_WAIT_UNTIL(sync_sleeping_in(t, u->writer ? "down_write" : "down_read") &&
			sync_blocked_on(t) == u->s);
}

static bool got(struct rwsem_user *u)
{
	return __atomic_load_n(&u->got, __ATOMIC_ACQUIRE);
}

KWT_TEST("locks", rwsem_readers_share_writers_exclude)
{
	struct kw_rw_semaphore s;
	kw_init_rwsem(&s);
	kw_down_read(&s);
	KWT_ASSERT_EQ(kw_down_read_trylock(&s), 1);
	KWT_ASSERT_EQ(kw_down_write_trylock(&s), 0);
	kw_up_read(&s);
	kw_up_read(&s);
	KWT_ASSERT_EQ(kw_down_write_trylock(&s), 1);
	KWT_ASSERT_EQ(kw_down_read_trylock(&s), 0);
	KWT_ASSERT_EQ(kw_down_write_trylock(&s), 0);
	kw_up_write(&s);
	kw_down_write(&s);
	kw_up_write(&s);
	KWT_ASSERT_EQ(s.count, 0);
}

KWT_TEST("locks", rwsem_writer_waits_for_readers_and_blocks_new_ones)
{
	struct kw_rw_semaphore s;
	struct rwsem_user w = { .s = &s, .writer = true };
	struct rwsem_user r = { .s = &s };
	kw_init_rwsem(&s);
	kw_down_read(&s);
	struct kw_task *tw = start_rwsem_user(&w, "writer");
	wait_queued(tw, &w);
	/* A queued writer keeps newcomers out: trylock fails, down_read waits. */
	KWT_ASSERT_EQ(kw_down_read_trylock(&s), 0);
	struct kw_task *tr = start_rwsem_user(&r, "reader");
	wait_queued(tr, &r);
	kw_up_read(&s);
	SYNC_WAIT_UNTIL(got(&w));
	KWT_ASSERT_EQ(w.count_seen, -1);
	KWT_ASSERT(!got(&r));
	KWT_ASSERT_EQ(kw_kthread_stop(tw), 0);	/* up_write grants the reader */
	SYNC_WAIT_UNTIL(got(&r));
	KWT_ASSERT_EQ(r.count_seen, 1);
	KWT_ASSERT_EQ(kw_kthread_stop(tr), 0);
	KWT_ASSERT_EQ(s.count, 0);
	KWT_ASSERT(w.order < r.order);
}

KWT_TEST("locks", rwsem_up_write_lets_all_head_readers_in)
{
	struct kw_rw_semaphore s;
	struct rwsem_user r1 = { .s = &s }, r2 = { .s = &s };
	struct rwsem_user w = { .s = &s, .writer = true };
	kw_init_rwsem(&s);
	kw_down_write(&s);
	struct kw_task *t1 = start_rwsem_user(&r1, "reader1");
	wait_queued(t1, &r1);
	struct kw_task *t2 = start_rwsem_user(&r2, "reader2");
	wait_queued(t2, &r2);
	struct kw_task *tw = start_rwsem_user(&w, "writer");
	wait_queued(tw, &w);
	kw_up_write(&s);
	SYNC_WAIT_UNTIL(got(&r1) && got(&r2));
	KWT_ASSERT(!got(&w));	/* the writer behind them still waits */
	KWT_ASSERT_EQ(kw_kthread_stop(t1), 0);
	KWT_ASSERT_EQ(kw_kthread_stop(t2), 0);
	SYNC_WAIT_UNTIL(got(&w));
	KWT_ASSERT_EQ(kw_kthread_stop(tw), 0);
	KWT_ASSERT_EQ(s.count, 0);
}

KWT_TEST("locks", rwsem_downgrade_write_admits_readers)
{
	struct kw_rw_semaphore s;
	struct rwsem_user r = { .s = &s };
	kw_init_rwsem(&s);
	kw_down_write(&s);
	struct kw_task *tr = start_rwsem_user(&r, "reader");
	wait_queued(tr, &r);
	kw_downgrade_write(&s);
	SYNC_WAIT_UNTIL(got(&r));
	KWT_ASSERT_EQ(r.count_seen, 2);	/* us and the reader */
	KWT_ASSERT_EQ(kw_down_write_trylock(&s), 0);
	KWT_ASSERT_EQ(kw_down_read_trylock(&s), 1);
	kw_up_read(&s);
	kw_up_read(&s);	/* our downgraded hold */
	KWT_ASSERT_EQ(kw_kthread_stop(tr), 0);
	KWT_ASSERT_EQ(s.count, 0);
}

KWT_TEST("locks", rwsem_misuse_warns_and_changes_nothing)
{
	struct kw_rw_semaphore s;
	kw_init_rwsem(&s);
	KWT_EXPECT_WARN(kw_up_read(&s), "is not read-locked");
	KWT_EXPECT_WARN(kw_up_write(&s), "is not write-locked");
	KWT_EXPECT_WARN(kw_downgrade_write(&s), "is not write-locked");
	kw_down_read(&s);
	KWT_EXPECT_WARN(kw_up_write(&s), "is not write-locked (count 1)");
	KWT_EXPECT_WARN(kw_downgrade_write(&s), "(count 1)");
	kw_up_read(&s);
	kw_down_write(&s);
	KWT_EXPECT_WARN(kw_up_read(&s), "(count -1)");
	kw_up_write(&s);
	KWT_ASSERT_EQ(s.count, 0);
}

/* ---- atomics ------------------------------------------------------------------------ */

/*
 * The whole op set on one type, with values around base (large for the
 * 64-bit type, to show all bits take part).
 */
#define CHECK_ATOMIC_OPS(pfx, atype, vtype, base)                               \
	do {                                                                    \
		atype v = KW_ATOMIC_INIT(base);                                 \
		vtype b = (base), old;                                          \
		KWT_ASSERT(pfx##_read(&v) == b);                                \
		pfx##_set(&v, b + 10);                                          \
		KWT_ASSERT(pfx##_read(&v) == b + 10);                           \
		pfx##_add(5, &v);                                               \
		pfx##_sub(3, &v);                                               \
		pfx##_inc(&v);                                                  \
		pfx##_dec(&v);                                                  \
		KWT_ASSERT(pfx##_read(&v) == b + 12);                           \
		KWT_ASSERT(pfx##_add_return(3, &v) == b + 15);                  \
		KWT_ASSERT(pfx##_sub_return(5, &v) == b + 10);                  \
		KWT_ASSERT(pfx##_fetch_add(2, &v) == b + 10);                   \
		KWT_ASSERT(pfx##_fetch_sub(2, &v) == b + 12);                   \
		KWT_ASSERT(pfx##_inc_return(&v) == b + 11);                     \
		KWT_ASSERT(pfx##_dec_return(&v) == b + 10);                     \
		KWT_ASSERT(pfx##_xchg(&v, 1) == b + 10);                        \
		KWT_ASSERT(pfx##_dec_and_test(&v));                             \
		KWT_ASSERT(!pfx##_dec_and_test(&v));                            \
		KWT_ASSERT(pfx##_inc_and_test(&v));                             \
		pfx##_set(&v, 7);                                               \
		KWT_ASSERT(!pfx##_sub_and_test(3, &v));                         \
		KWT_ASSERT(pfx##_sub_and_test(4, &v));                          \
		pfx##_set(&v, b);                                               \
		KWT_ASSERT(pfx##_cmpxchg(&v, b + 1, 9) == b);  /* fails */      \
		KWT_ASSERT(pfx##_read(&v) == b);                                \
		KWT_ASSERT(pfx##_cmpxchg(&v, b, b + 2) == b);  /* succeeds */   \
		KWT_ASSERT(pfx##_read(&v) == b + 2);                            \
		old = b;                                                        \
		KWT_ASSERT(!pfx##_try_cmpxchg(&v, &old, 0));                    \
		KWT_ASSERT(old == b + 2);      /* updated to the value seen */  \
		KWT_ASSERT(pfx##_try_cmpxchg(&v, &old, b + 4));                 \
		KWT_ASSERT(pfx##_read(&v) == b + 4);                            \
		pfx##_set(&v, 0x0f);                                            \
		KWT_ASSERT(pfx##_fetch_or(0xf0, &v) == 0x0f);                   \
		KWT_ASSERT(pfx##_fetch_and(0x3c, &v) == 0xff);                  \
		pfx##_or(0x100, &v);                                            \
		pfx##_and(0x13c, &v);                                           \
		KWT_ASSERT(pfx##_read(&v) == 0x13c);                            \
		pfx##_set(&v, b);                                               \
		KWT_ASSERT(!pfx##_add_unless(&v, 1, b));                        \
		KWT_ASSERT(pfx##_read(&v) == b);                                \
		KWT_ASSERT(pfx##_add_unless(&v, 1, b + 7));                     \
		KWT_ASSERT(pfx##_read(&v) == b + 1);                            \
		pfx##_set(&v, 0);                                               \
		KWT_ASSERT(!pfx##_inc_not_zero(&v));                            \
		KWT_ASSERT(pfx##_read(&v) == 0);                                \
		pfx##_set(&v, -1);                                              \
		KWT_ASSERT(pfx##_read(&v) < 0);                                 \
		KWT_ASSERT(pfx##_inc_not_zero(&v));                             \
		KWT_ASSERT(pfx##_read(&v) == 0);                                \
	} while (0)

KWT_TEST("atomics", atomic_op_set)
{
	CHECK_ATOMIC_OPS(kw_atomic, kw_atomic_t, int, 1000);
}

KWT_TEST("atomics", atomic_long_op_set)
{
	CHECK_ATOMIC_OPS(kw_atomic_long, kw_atomic_long_t, long, 1000000L);
}

KWT_TEST("atomics", atomic64_op_set_uses_all_64_bits)
{
	CHECK_ATOMIC_OPS(kw_atomic64, kw_atomic64_t, int64_t, INT64_C(0x100000000));
	kw_atomic64_t v = KW_ATOMIC_INIT(INT64_C(0xffffffff));
	kw_atomic64_inc(&v);
	KWT_ASSERT(kw_atomic64_read(&v) == INT64_C(0x100000000));
}

static atomic_t race_atomic = ATOMIC_INIT(0);
static atomic64_t race_atomic64 = ATOMIC64_INIT(0);
static atomic_long_t race_atomic_long = ATOMIC_LONG_INIT(0);

static void *atomic_racer(void *arg)
{
	for (int i = 0; i < RACE_LOOPS; i++) {
		atomic_inc(&race_atomic);
		atomic64_add(2, &race_atomic64);
		atomic_long_inc_return(&race_atomic_long);
	}
	return NULL;
}

KWT_TEST("atomics", atomics_are_atomic_and_compat_names_map)
{
	run_racers(atomic_racer, NULL);
	KWT_ASSERT_EQ(atomic_read(&race_atomic), RACE_THREADS * RACE_LOOPS);
	KWT_ASSERT_EQ(atomic64_read(&race_atomic64), 2 * RACE_THREADS * RACE_LOOPS);
	KWT_ASSERT_EQ(atomic_long_read(&race_atomic_long), RACE_THREADS * RACE_LOOPS);
	atomic_set(&race_atomic, 1);
	KWT_ASSERT(atomic_dec_and_test(&race_atomic));
	KWT_ASSERT_EQ(atomic_cmpxchg(&race_atomic, 0, 5), 0);
	KWT_ASSERT_EQ(atomic_xchg(&race_atomic, 6), 5);
	KWT_ASSERT(atomic_add_unless(&race_atomic, 1, 0));
	KWT_ASSERT_EQ(atomic_fetch_add(1, &race_atomic), 7);
	atomic_long_set(&race_atomic_long, 3);
	KWT_ASSERT(!atomic_long_dec_and_test(&race_atomic_long));
	KWT_ASSERT_EQ(atomic_long_cmpxchg(&race_atomic_long, 2, 9), 2);
	atomic64_set(&race_atomic64, INT64_C(1) << 40);
	KWT_ASSERT(atomic64_inc_return(&race_atomic64) == (INT64_C(1) << 40) + 1);
}

/* ---- bitops, READ_ONCE, barriers ---------------------------------------------------- */

KWT_TEST("atomics", bitops_across_words)
{
	unsigned long bits[3] = { 0 };
	long hi = 2 * KW_BITS_PER_LONG + 5;	/* in the third word */
	kw_set_bit(0, bits);
	kw_set_bit(KW_BITS_PER_LONG, bits);
	kw_set_bit(hi, bits);
	KWT_ASSERT_EQ(bits[0], 1UL);
	KWT_ASSERT_EQ(bits[1], 1UL);
	KWT_ASSERT_EQ(bits[2], 1UL << 5);
	KWT_ASSERT(kw_test_bit(hi, bits));
	KWT_ASSERT(!kw_test_bit(hi + 1, bits));
	kw_clear_bit(0, bits);
	KWT_ASSERT(!kw_test_bit(0, bits));
	kw_change_bit(1, bits);
	KWT_ASSERT(kw_test_bit(1, bits));
	kw_change_bit(1, bits);
	KWT_ASSERT(!kw_test_bit(1, bits));
	KWT_ASSERT(!kw_test_and_set_bit(3, bits));
	KWT_ASSERT(kw_test_and_set_bit(3, bits));
	KWT_ASSERT(kw_test_and_clear_bit(3, bits));
	KWT_ASSERT(!kw_test_and_clear_bit(3, bits));
	KWT_ASSERT(kw_test_and_change_bit(hi, bits));
	KWT_ASSERT(!kw_test_bit(hi, bits));
	KWT_ASSERT(!kw_test_and_change_bit(hi, bits));
	KWT_ASSERT(kw_test_bit(hi, bits));
	/* The compat names. */
	set_bit(7, bits);
	KWT_ASSERT(test_bit(7, bits));
	KWT_ASSERT(test_and_clear_bit(7, bits));
	KWT_ASSERT(!test_and_set_bit(8, bits));
	clear_bit(8, bits);
	change_bit(9, bits);
	KWT_ASSERT(test_and_change_bit(9, bits));
	KWT_ASSERT_EQ(bits[0], 0UL);
}

static unsigned long race_bits;

static void *bit_racer(void *arg)
{
	long base = (long)(intptr_t)arg;
	for (int round = 0; round < (int)kwt_loops(1000); round++) {
		for (long b = base; b < KW_BITS_PER_LONG; b += RACE_THREADS)
			kw_set_bit(b, &race_bits);
		for (long b = base; b < KW_BITS_PER_LONG; b += RACE_THREADS)
			KWT_ASSERT(kw_test_and_clear_bit(b, &race_bits));
	}
	for (long b = base; b < KW_BITS_PER_LONG; b += RACE_THREADS)
		kw_set_bit(b, &race_bits);
	return NULL;
}

KWT_TEST("atomics", bitops_on_one_word_from_many_threads_lose_nothing)
{
	pthread_t th[RACE_THREADS];
	for (long i = 0; i < RACE_THREADS; i++)
		KWT_ASSERT_EQ(pthread_create(&th[i], NULL, bit_racer,
					     (void *)(intptr_t)i), 0);
	for (int i = 0; i < RACE_THREADS; i++)
		pthread_join(th[i], NULL);
	KWT_ASSERT_EQ(race_bits, ~0UL);
}

KWT_TEST("atomics", read_once_write_once_and_barriers)
{
	int x = 0;
	WRITE_ONCE(x, 5);
	kw_smp_wmb();
	kw_smp_mb();
	kw_smp_rmb();
	barrier();
	kw_cpu_relax();
	KWT_ASSERT_EQ(READ_ONCE(x), 5);
}
