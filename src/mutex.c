/*
 * mutex.c - the sleeping locks: struct kw_mutex and struct kw_rw_semaphore,
 * and the spinning kw_rwlock_t.
 *
 * Layer: task core. Mutexes and rw-semaphores are taken by tasks that may
 * sleep; their slow paths sleep through kw_schedule(), so a worker pool sees
 * a worker blocked on one. rwlocks spin and count as atomic context.
 *
 * Mutex: owner is the holder's task pointer, with bit 0 (KW_MUTEX_WAITERS)
 * set while the FIFO wait list is not empty. The fast paths are one
 * compare-and-swap (0 -> current to lock, current -> 0 to unlock). With
 * waiters, unlock hands the mutex directly to the first waiter (owner =
 * its task) before waking it, so waiters are served in arrival order and a
 * stream of fast-path lockers cannot starve them. Invariant, under
 * wait_lock: WAITERS set <=> wait_list non-empty; and while WAITERS is set
 * no compare-and-swap outside wait_lock can succeed, so the word only
 * changes under wait_lock.
 *
 * rw_semaphore: count (>0 readers, -1 writer, 0 free) and a FIFO wait list,
 * both under wait_lock. A newcomer queues whenever somebody is waiting, so a
 * waiting writer blocks new readers. Releases grant the lock to the head of
 * the queue: a writer alone, or the run of readers at the head.
 *
 * A granted waiter may return as soon as it sees the grant, so the granter
 * holds a task reference across the wake-up.
 *
 * Locks: m->wait_lock guards m->wait_list (and owner changes while WAITERS
 * is set); s->wait_lock guards s->count and s->wait_list. Leaf locks.
 */
#include "wait_internal.h"
#include "debug_internal.h"

#include <errno.h>
#include <sched.h>

#define KW_MUTEX_WAITERS 0x1UL
#define KW_MUTEX_FLAGS 0x3UL

/* A task queued on a mutex or rw_semaphore; lives on the waiter's stack. */
struct lock_waiter {
	struct kw_list_head node;	/* wait_lock: on the wait list */
	struct kw_task *task;		/* constant */
	bool writer;			/* constant (rw_semaphore) */
	bool granted;			/* wait_lock (rw_semaphore) */
};

static const char *mutex_name(struct kw_mutex *m)
{
	return m->name ? m->name : "mutex";
}

/* Hand a granted waiter's wake-up to after the lock is dropped. */
static struct kw_task *grab_task(struct lock_waiter *w)
{
	kw_get_task_struct(w->task);
	return w->task;
}

static void wake_and_put(struct kw_task *t)
{
	kw_wake_up_process(t);
	kw_put_task_struct(t);
}

/* ---- mutex -------------------------------------------------------------------------- */

static unsigned long owner_word(struct kw_mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_ACQUIRE);
}

static struct kw_task *owner_task(unsigned long word)
{
	return (struct kw_task *)(word & ~KW_MUTEX_FLAGS);
}

/* Context: any; m must not be in use. */
void kw_mutex_init(struct kw_mutex *m, const char *name)
{
	m->owner = 0;
	kw_spin_lock_init(&m->wait_lock);
	kw_list_init(&m->wait_list);
	m->name = name;
}

/*
 * kw_mutex_destroy - the end of m's use: WARN if somebody still holds it.
 * Context: any. Holds no memory, so nothing else to do.
 */
void kw_mutex_destroy(struct kw_mutex *m)
{
	KW_WARN(owner_task(owner_word(m)) != NULL,
		"DEBUG_LOCKS_WARN_ON(mutex_is_locked(lock)): mutex %s destroyed "
		"while held", mutex_name(m));
}

static bool mutex_trylock_fast(struct kw_mutex *m, struct kw_task *self)
{
	unsigned long free_ = 0;
	return __atomic_compare_exchange_n(&m->owner, &free_,
					   (unsigned long)self, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/*
 * Mark m as having waiters, or take it if it is free.
 * Context: m->wait_lock held. Return: true if the caller now holds m.
 * A compare-and-swap, not a fetch-or: the holder may release m by its fast
 * path until the mark lands, and a mark on a free mutex would leave WAITERS
 * set with no holder to hand m on - every later locker would sleep forever.
 * A free word means nobody is queued (the invariant above), so taking it
 * here is fair.
 */
static bool mutex_mark_waiters_locked(struct kw_mutex *m, struct kw_task *self)
{
	unsigned long word = __atomic_load_n(&m->owner, __ATOMIC_RELAXED);
	for (;;) {
		unsigned long want = word ? word | KW_MUTEX_WAITERS
					  : (unsigned long)self;
		if (word & KW_MUTEX_WAITERS)
			return false;
		if (__atomic_compare_exchange_n(&m->owner, &word, want, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return want == (unsigned long)self;
	}
}

/* Is the caller about to lock a mutex it holds? WARN (the kernel hangs). */
static bool mutex_recursion(struct kw_mutex *m, struct kw_task *self)
{
	return KW_WARN(owner_task(owner_word(m)) == self,
		       "possible recursive locking detected: %s/%d is trying "
		       "to acquire lock %s it already holds",
		       self->comm, self->pid, mutex_name(m));
}

/*
 * Queue and sleep until the mutex is handed over, or a signal cuts a sleep
 * in state short. Return: 0 (held), -EINTR.
 */
static int mutex_lock_slow(struct kw_mutex *m, struct kw_task *self,
			   unsigned int state)
{
	struct lock_waiter w = { .task = self };
	int ret = 0;

	kw_spin_lock(&m->wait_lock);
	if (mutex_mark_waiters_locked(m, self))
		goto out;
	kw_list_add_tail(&w.node, &m->wait_list);
	for (;;) {
		if (owner_task(owner_word(m)) == self)
			break;
		if (kw__signal_pending_state(state, self)) {
			kw_list_del_init(&w.node);
			if (kw_list_empty(&m->wait_list))
				__atomic_fetch_and(&m->owner, ~KW_MUTEX_WAITERS,
						   __ATOMIC_RELAXED);
			ret = -EINTR;
			break;
		}
		kw_set_current_state(state);
		kw_spin_unlock(&m->wait_lock);
		kw__set_blocked("mutex_lock", m);
		kw_schedule();
		kw_spin_lock(&m->wait_lock);
	}
out:
	kw_spin_unlock(&m->wait_lock);
	kw_set_current_state_raw(KW_TASK_RUNNING);
	kw__set_blocked(NULL, NULL);
	return ret;
}

static int mutex_lock_common(struct kw_mutex *m, unsigned int state)
{
	kw_might_sleep();
	struct kw_task *self = kw_current();
	kw__lockdep_acquired(m, mutex_name(m), false);	/* checked before it blocks */
	if (kw_likely(mutex_trylock_fast(m, self)))
		return 0;
	int ret = mutex_recursion(m, self) ? -EDEADLK
					   : mutex_lock_slow(m, self, state);
	if (ret)
		kw__lockdep_released(m);
	return ret;
}

/*
 * kw_mutex_lock - take m, sleeping uninterruptibly while it is held.
 * Context: may sleep. Locking a mutex the caller holds WARNs and returns
 * (the caller still holds it once).
 */
void kw_mutex_lock(struct kw_mutex *m)
{
	mutex_lock_common(m, KW_TASK_UNINTERRUPTIBLE);
}

/*
 * kw_mutex_lock_interruptible - take m unless a signal comes first.
 * Context: may sleep. Return: 0 (held); -EINTR if a signal (kthread_stop,
 * kw_task_send_fatal) is pending; -EDEADLK (with a WARN) if the caller
 * already holds m.
 */
int kw_mutex_lock_interruptible(struct kw_mutex *m)
{
	return mutex_lock_common(m, KW_TASK_INTERRUPTIBLE);
}

/* kw_mutex_lock_killable - as _interruptible, fatal signals only. */
int kw_mutex_lock_killable(struct kw_mutex *m)
{
	return mutex_lock_common(m, KW_TASK_KILLABLE);
}

/*
 * kw_mutex_trylock - take m if it is free. Context: any task.
 * Return: 1 if taken, 0 if held (also by the caller) or others wait for it.
 */
int kw_mutex_trylock(struct kw_mutex *m)
{
	if (!mutex_trylock_fast(m, kw_current()))
		return 0;
	kw__lockdep_acquired(m, mutex_name(m), true);
	return 1;
}

/* Pass m to the first waiter or free it. Context: m->wait_lock held. */
static struct kw_task *mutex_release_locked(struct kw_mutex *m)
{
	if (kw_list_empty(&m->wait_list)) {
		__atomic_store_n(&m->owner, 0, __ATOMIC_RELEASE);
		return NULL;
	}
	struct lock_waiter *w =
		kw_container_of(m->wait_list.next, struct lock_waiter, node);
	kw_list_del_init(&w->node);
	unsigned long word = (unsigned long)w->task;
	if (!kw_list_empty(&m->wait_list))
		word |= KW_MUTEX_WAITERS;
	struct kw_task *t = grab_task(w);
	__atomic_store_n(&m->owner, word, __ATOMIC_RELEASE);
	return t;
}

/*
 * kw_mutex_unlock - release m, handing it to the longest waiter if any.
 * Context: the holder. Unlocking a mutex the caller does not hold WARNs and
 * changes nothing.
 */
void kw_mutex_unlock(struct kw_mutex *m)
{
	struct kw_task *self = kw_current();
	unsigned long mine = (unsigned long)self;
	kw__lockdep_released(m);

	if (kw_likely(__atomic_compare_exchange_n(&m->owner, &mine, 0, false,
						  __ATOMIC_RELEASE,
						  __ATOMIC_RELAXED)))
		return;
	struct kw_task *holder = owner_task(mine);
	if (KW_WARN(holder != self,
		    "DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current): "
		    "bad unlock balance detected: %s/%d is trying to release "
		    "lock %s but %s",
		    self->comm, self->pid, mutex_name(m),
		    holder ? "another task holds it" : "it is not locked"))
		return;
	kw_spin_lock(&m->wait_lock);
	struct kw_task *next = mutex_release_locked(m);
	kw_spin_unlock(&m->wait_lock);
	if (next)
		wake_and_put(next);
}

/* Return: true if somebody holds m. Context: any (a racy snapshot). */
bool kw_mutex_is_locked(struct kw_mutex *m)
{
	return owner_task(owner_word(m)) != NULL;
}

/* Return: the task holding m, or NULL. Context: any (a racy snapshot). */
struct kw_task *kw_mutex_owner(struct kw_mutex *m)
{
	return owner_task(owner_word(m));
}

/* ---- rwlock (spinning, writers waiting block new readers) ---------------------------- */

#define RW_WRITER KW_RWLOCK_WRITER
#define RW_WRITER_WAITING 0x40000000u
#define RW_SPINS_BEFORE_YIELD 64

/* Spin politely: on a loaded machine the holder may be preempted. */
static void rw_relax(unsigned int *spins)
{
	if (++*spins % RW_SPINS_BEFORE_YIELD == 0)
		sched_yield();
	else
		kw_cpu_relax();
}

static bool read_trylock_raw(kw_rwlock_t *l)
{
	unsigned int v = __atomic_load_n(&l->cnt, __ATOMIC_RELAXED);
	while (!(v & (RW_WRITER | RW_WRITER_WAITING))) {
		if (__atomic_compare_exchange_n(&l->cnt, &v, v + 1, true,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

/* Take l for writing if nobody holds it (a waiting-writer mark is ours to take). */
static bool write_trylock_raw(kw_rwlock_t *l)
{
	unsigned int v = __atomic_load_n(&l->cnt, __ATOMIC_RELAXED);
	while ((v & ~RW_WRITER_WAITING) == 0) {
		if (__atomic_compare_exchange_n(&l->cnt, &v, RW_WRITER, true,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

/* Context: any; spins while a writer holds or waits for l. */
void kw_read_lock(kw_rwlock_t *l)
{
	unsigned int spins = 0;
	kw_preempt_disable();
	while (!read_trylock_raw(l))
		rw_relax(&spins);
}

/* Context: a reader of l. Not read-held: WARN, nothing changes. */
void kw_read_unlock(kw_rwlock_t *l)
{
	unsigned int v = __atomic_load_n(&l->cnt, __ATOMIC_RELAXED);
	do {
		if (KW_WARN((v & RW_WRITER) || !(v & ~RW_WRITER_WAITING),
			    "read_unlock: rwlock %p is not read-locked",
			    (void *)l))
			return;
	} while (!__atomic_compare_exchange_n(&l->cnt, &v, v - 1, true,
					      __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	kw_preempt_enable();
}

/* Context: any; spins until l is free, keeping new readers out meanwhile. */
void kw_write_lock(kw_rwlock_t *l)
{
	unsigned int spins = 0;
	kw_preempt_disable();
	while (!write_trylock_raw(l)) {
		__atomic_fetch_or(&l->cnt, RW_WRITER_WAITING, __ATOMIC_RELAXED);
		rw_relax(&spins);
	}
}

/* Context: the writer of l. Not write-held: WARN, nothing changes. */
void kw_write_unlock(kw_rwlock_t *l)
{
	if (KW_WARN(!(__atomic_load_n(&l->cnt, __ATOMIC_RELAXED) & RW_WRITER),
		    "write_unlock: rwlock %p is not write-locked", (void *)l))
		return;
	__atomic_fetch_and(&l->cnt, ~RW_WRITER, __ATOMIC_RELEASE);
	kw_preempt_enable();
}

/* Return: true if taken (no writer holds or waits). Context: any. */
bool kw_read_trylock(kw_rwlock_t *l)
{
	kw_preempt_disable();
	if (read_trylock_raw(l))
		return true;
	kw_preempt_enable();
	return false;
}

/* Return: true if taken (l was free). Context: any. */
bool kw_write_trylock(kw_rwlock_t *l)
{
	kw_preempt_disable();
	if (write_trylock_raw(l))
		return true;
	kw_preempt_enable();
	return false;
}

/* ---- rw_semaphore ----------------------------------------------------------------------- */

/* Context: any; s must not be in use. */
void kw_init_rwsem(struct kw_rw_semaphore *s)
{
	s->count = 0;
	kw_spin_lock_init(&s->wait_lock);
	kw_list_init(&s->wait_list);
}

/*
 * Grant s to the head of the queue if it can have it: a writer when s is
 * free, else the run of readers at the head when s is free or read-held.
 * Context: s->wait_lock held. Fills wake[] (task references) and
 * returns how many; the caller wakes them after dropping the lock.
 */
#define RWSEM_WAKE_BATCH 16
static int rwsem_grant_locked(struct kw_rw_semaphore *s,
			      struct kw_task **wake)
{
	int n = 0;

	while (!kw_list_empty(&s->wait_list) && n < RWSEM_WAKE_BATCH) {
		struct lock_waiter *w = kw_container_of(s->wait_list.next,
							struct lock_waiter,
							node);
		if (w->writer ? s->count != 0 : s->count < 0)
			break;
		s->count = w->writer ? -1 : s->count + 1;
		kw_list_del_init(&w->node);
		wake[n++] = grab_task(w);
		w->granted = true;
		if (s->count < 0)
			break;
	}
	return n;
}

/* Drop s->wait_lock and wake what rwsem_grant_locked() picked. */
static void rwsem_unlock_and_wake(struct kw_rw_semaphore *s)
{
	struct kw_task *wake[RWSEM_WAKE_BATCH];
	int n;

	for (;;) {
		n = rwsem_grant_locked(s, wake);
		kw_spin_unlock(&s->wait_lock);
		for (int i = 0; i < n; i++)
			wake_and_put(wake[i]);
		if (n < RWSEM_WAKE_BATCH)
			return;
		kw_spin_lock(&s->wait_lock);
	}
}

/* Queue behind everybody and sleep until granted. Context: wait_lock held. */
static void rwsem_wait_locked(struct kw_rw_semaphore *s, struct kw_task *self,
			      bool writer)
{
	struct lock_waiter w = { .task = self, .writer = writer };

	kw_list_add_tail(&w.node, &s->wait_list);
	while (!w.granted) {
		kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
		kw_spin_unlock(&s->wait_lock);
		kw__set_blocked(writer ? "down_write" : "down_read", s);
		kw_schedule();
		kw_spin_lock(&s->wait_lock);
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	kw__set_blocked(NULL, NULL);
}

static bool read_free_locked(struct kw_rw_semaphore *s)
{
	return s->count >= 0 && kw_list_empty(&s->wait_list);
}

static bool write_free_locked(struct kw_rw_semaphore *s)
{
	return s->count == 0 && kw_list_empty(&s->wait_list);
}

/*
 * kw_down_read - take s shared; waits behind a writer that holds s or that
 * (or anybody else who) is already queued. Context: may sleep.
 */
void kw_down_read(struct kw_rw_semaphore *s)
{
	kw_might_sleep();
	struct kw_task *self = kw_current();
	kw_spin_lock(&s->wait_lock);
	if (read_free_locked(s))
		s->count++;
	else
		rwsem_wait_locked(s, self, false);
	kw_spin_unlock(&s->wait_lock);
}

/* kw_down_write - take s exclusively, in FIFO order. Context: may sleep. */
void kw_down_write(struct kw_rw_semaphore *s)
{
	kw_might_sleep();
	struct kw_task *self = kw_current();
	kw_spin_lock(&s->wait_lock);
	if (write_free_locked(s))
		s->count = -1;
	else
		rwsem_wait_locked(s, self, true);
	kw_spin_unlock(&s->wait_lock);
}

/* Return: 1 if taken shared without waiting, else 0. Context: any task. */
int kw_down_read_trylock(struct kw_rw_semaphore *s)
{
	int ret = 0;
	kw_spin_lock(&s->wait_lock);
	if (read_free_locked(s)) {
		s->count++;
		ret = 1;
	}
	kw_spin_unlock(&s->wait_lock);
	return ret;
}

/* Return: 1 if taken exclusively without waiting, else 0. Context: any task. */
int kw_down_write_trylock(struct kw_rw_semaphore *s)
{
	int ret = 0;
	kw_spin_lock(&s->wait_lock);
	if (write_free_locked(s)) {
		s->count = -1;
		ret = 1;
	}
	kw_spin_unlock(&s->wait_lock);
	return ret;
}

/* kw_up_read - drop a shared hold. Not read-held: WARN, nothing changes. */
void kw_up_read(struct kw_rw_semaphore *s)
{
	kw_spin_lock(&s->wait_lock);
	if (KW_WARN(s->count <= 0,
		    "up_read: rw_semaphore %p is not read-locked (count %ld)",
		    (void *)s, s->count)) {
		kw_spin_unlock(&s->wait_lock);
		return;
	}
	s->count--;
	rwsem_unlock_and_wake(s);
}

/* kw_up_write - drop the exclusive hold. Not write-held: WARN, no change. */
void kw_up_write(struct kw_rw_semaphore *s)
{
	kw_spin_lock(&s->wait_lock);
	if (KW_WARN(s->count != -1,
		    "up_write: rw_semaphore %p is not write-locked (count %ld)",
		    (void *)s, s->count)) {
		kw_spin_unlock(&s->wait_lock);
		return;
	}
	s->count = 0;
	rwsem_unlock_and_wake(s);
}

void kw_downgrade_write(struct kw_rw_semaphore *s)
{
	kw_spin_lock(&s->wait_lock);
	if (KW_WARN(s->count != -1,
		    "downgrade_write: rw_semaphore %p is not write-locked "
		    "(count %ld)", (void *)s, s->count)) {
		kw_spin_unlock(&s->wait_lock);
		return;
	}
	s->count = 1;
	rwsem_unlock_and_wake(s);
}
