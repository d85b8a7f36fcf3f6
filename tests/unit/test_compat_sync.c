/*
 * test_compat_sync.c - the compat headers for scope-based cleanup and lock
 * guards (linux/cleanup.h and the guards next to the locks).
 *
 * Cleanup is observed directly: a counting destructor, the lock's own
 * is-locked query after each way out of a scope, and irqs_disabled() for the
 * _irq/_irqsave guards. The interruptible guard's failing path is driven by
 * kthread_stop() on a kthread blocked behind a held mutex (a gate: the test
 * holds the mutex), as in test_sync.c.
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <linux/cleanup.h>
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/* ---- __free / no_free_ptr / return_ptr ---------------------------------------- */

static int freed;
struct thing { int v; };
static void thing_put(struct thing *t) { if (t) { freed += t->v; } }
DEFINE_FREE(thing, struct thing *, thing_put(_T))

static int scope_with_free(struct thing *t, bool early)
{
	struct thing *p __free(thing) = t;
	if (early)
		return 1;
	return 2;
}

KWT_TEST("compat cleanup", free_runs_on_every_way_out_of_scope)
{
	struct thing a = { .v = 1 }, b = { .v = 10 };
	freed = 0;
	KWT_ASSERT_EQ(scope_with_free(&a, true), 1);
	KWT_ASSERT_EQ(freed, 1);
	KWT_ASSERT_EQ(scope_with_free(&b, false), 2);
	KWT_ASSERT_EQ(freed, 11);
	for (int i = 0; i < 3; i++) {
		struct thing *p __free(thing) = &a;
		if (i == 1)
			break;
	}
	KWT_ASSERT_EQ(freed, 13);
}

static struct thing *keep(struct thing *t)
{
	struct thing *p __free(thing) = t;
	return_ptr(p);
}

KWT_TEST("compat cleanup", no_free_ptr_and_return_ptr_hand_the_value_out)
{
	struct thing a = { .v = 5 };
	freed = 0;
	KWT_ASSERT(keep(&a) == &a);
	{
		struct thing *p __free(thing) = &a;
		struct thing *q = no_free_ptr(p);
		KWT_ASSERT(p == NULL);
		KWT_ASSERT(q == &a);
	}
	KWT_ASSERT_EQ(freed, 0);
}

static char *make_buf(bool fail)
{
	char *buf __free(kfree) = kmalloc(32, GFP_KERNEL);
	if (!buf || fail)
		return NULL;	/* buf is freed here */
	buf[0] = 'x';
	return_ptr(buf);
}

KWT_TEST("compat cleanup", free_kfree_frees_and_skips_null_and_err_ptr)
{
	char *b = make_buf(false);
	KWT_ASSERT(b && b[0] == 'x');
	kfree(b);
	KWT_ASSERT(make_buf(true) == NULL);	/* freed: no leak at exit */
	{
		void *n __free(kfree) = NULL;
		void *e __free(kfree) = ERR_PTR(-ENOMEM);
		(void)n;
		(void)e;
	}
}

/* ---- a user's own class and guard --------------------------------------------- */

struct counter { int held, taken; };
DEFINE_GUARD(counter, struct counter *, (_T->held++, _T->taken++), _T->held--)

DEFINE_CLASS(fdlike, int, freed += _T, v * 2, int v)

KWT_TEST("compat cleanup", define_guard_and_define_class_for_own_types)
{
	struct counter c = { 0, 0 };
	{
		guard(counter)(&c);
		KWT_ASSERT_EQ(c.held, 1);
		guard(counter)(&c);	/* two guards in one scope */
		KWT_ASSERT_EQ(c.held, 2);
	}
	KWT_ASSERT_EQ(c.held, 0);
	KWT_ASSERT_EQ(c.taken, 2);
	freed = 0;
	{
		CLASS(fdlike, f)(21);
		KWT_ASSERT_EQ(f, 42);
	}
	KWT_ASSERT_EQ(freed, 42);
}

/* ---- lock guards --------------------------------------------------------------- */

static DEFINE_MUTEX(gm);

static int locked_return(void)
{
	guard(mutex)(&gm);
	if (!mutex_is_locked(&gm))
		return -1;
	return 7;
}

KWT_TEST("compat cleanup", guard_mutex_unlocks_at_return_and_scoped_guard_at_block_end)
{
	KWT_ASSERT_EQ(locked_return(), 7);
	KWT_ASSERT(!mutex_is_locked(&gm));
	int ran = 0;
	scoped_guard(mutex, &gm) {
		KWT_ASSERT(mutex_is_locked(&gm));
		ran++;
	}
	KWT_ASSERT_EQ(ran, 1);
	KWT_ASSERT(!mutex_is_locked(&gm));
	for (int i = 0; i < 3; i++) {
		scoped_guard(mutex, &gm) {
			if (i == 1)
				break;	/* leaves the guard's loop only */
		}
		ran++;
	}
	KWT_ASSERT_EQ(ran, 4);
	KWT_ASSERT(!mutex_is_locked(&gm));
}

KWT_TEST("compat cleanup", spinlock_guards_restore_irq_state)
{
	DEFINE_SPINLOCK(l);
	KWT_ASSERT(!irqs_disabled());
	scoped_guard(spinlock_irqsave, &l) {
		KWT_ASSERT(spin_is_locked(&l));
		KWT_ASSERT(irqs_disabled());
	}
	KWT_ASSERT(!irqs_disabled());
	KWT_ASSERT(!spin_is_locked(&l));
	{
		guard(spinlock_irq)(&l);
		KWT_ASSERT(irqs_disabled());
	}
	KWT_ASSERT(!irqs_disabled());
	{
		guard(spinlock)(&l);
		KWT_ASSERT(spin_is_locked(&l));
		KWT_ASSERT(!irqs_disabled());
	}
	KWT_ASSERT(!spin_is_locked(&l));
	spin_lock(&l);
	int got = 0;
	scoped_guard(spinlock_try, &l)
		got = 1;
	KWT_ASSERT_EQ(got, 0);	/* trylock failed: the body did not run */
	spin_unlock(&l);
	scoped_guard(spinlock_try, &l)
		got = 1;
	KWT_ASSERT_EQ(got, 1);
	KWT_ASSERT(!spin_is_locked(&l));
}

KWT_TEST("compat cleanup", rwsem_guards)
{
	DECLARE_RWSEM(s);
	{
		guard(rwsem_read)(&s);
		KWT_ASSERT(rwsem_is_locked(&s));
		KWT_ASSERT(!down_write_trylock(&s));
		KWT_ASSERT(down_read_trylock(&s));
		up_read(&s);
	}
	KWT_ASSERT(!rwsem_is_locked(&s));
	scoped_guard(rwsem_write, &s)
		KWT_ASSERT(!down_read_trylock(&s));
	KWT_ASSERT(!rwsem_is_locked(&s));
}

/* ---- scoped_cond_guard(mutex_intr) --------------------------------------------- */

struct intr_locker { struct kw_mutex *m; int ret; int body; };

static int intr_body(struct intr_locker *l)
{
	scoped_cond_guard(mutex_intr, return -EINTR, l->m) {
		l->body = 1;
		return 0;
	}
	return 1;	/* not reached: the block or _fail returns */
}

static int intr_fn(void *arg)
{
	struct intr_locker *l = arg;
	l->ret = intr_body(l);
	return sync_wait_for_stop(0);
}

KWT_TEST("compat cleanup K4", scoped_cond_guard_mutex_intr_takes_or_fails)
{
	struct intr_locker ok = { .m = &gm };
	KWT_ASSERT_EQ(intr_body(&ok), 0);
	KWT_ASSERT_EQ(ok.body, 1);
	KWT_ASSERT(!mutex_is_locked(&gm));

	struct intr_locker l = { .m = &gm, .ret = 99 };
	mutex_lock(&gm);
	struct task_struct *t = kthread_run(intr_fn, &l, "intr");
	KWT_ASSERT(!IS_ERR(t));
	SYNC_WAIT_UNTIL(sync_sleeping_in(t, "mutex_lock"));
	KWT_ASSERT_EQ(kthread_stop(t), 0);
	KWT_ASSERT_EQ(l.ret, -EINTR);
	KWT_ASSERT_EQ(l.body, 0);
	mutex_unlock(&gm);
	KWT_ASSERT(!mutex_is_locked(&gm));
}
