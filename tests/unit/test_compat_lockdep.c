/*
 * test_compat_lockdep.c - linux/lockdep.h: the assertions check the lock's
 * real state for every lock type (a mutex by owner, the others by "held by
 * someone"), fire as the kernel's WARN_ON at the caller's line, and the
 * class annotations compile and change nothing. The "held by another task"
 * case uses a kthread that holds a mutex until the test releases a gate.
 */
#define _GNU_SOURCE
#include "sync_test_util.h"

#include <linux/completion.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>

static DEFINE_MUTEX(m);
static DEFINE_SPINLOCK(sl);
static DEFINE_RWLOCK(rwl);
static DECLARE_RWSEM(rws);

KWT_TEST("compat lockdep", held_locks_pass_every_assertion)
{
	static struct lock_class_key key;

	lockdep_set_class(&m, &key);
	lockdep_set_class_and_name(&sl, &key, "sl");
	lockdep_set_subclass(&rws, 1);
	mutex_lock(&m);
	lockdep_assert_held(&m);
	lockdep_assert_held_once(&m);
	lockdep_assert_held_write(&m);
	KWT_ASSERT(lockdep_is_held(&m));
	mutex_unlock(&m);
	lockdep_assert_not_held(&m);

	spin_lock(&sl);
	lockdep_assert_held(&sl);
	spin_unlock(&sl);

	read_lock(&rwl);
	lockdep_assert_held(&rwl);
	lockdep_assert_held_read(&rwl);
	read_unlock(&rwl);
	write_lock(&rwl);
	lockdep_assert_held_write(&rwl);
	write_unlock(&rwl);

	down_read(&rws);
	lockdep_assert_held_read(&rws);
	up_read(&rws);
	down_write(&rws);
	lockdep_assert_held_write(&rws);
	lockdep_assert_held(&rws);
	up_write(&rws);
}

KWT_TEST("compat lockdep", free_locks_fail_the_held_assertions)
{
	KWT_EXPECT_WARN(lockdep_assert_held(&m), "");
	KWT_EXPECT_WARN(lockdep_assert_held(&sl), "");
	KWT_EXPECT_WARN(lockdep_assert_held(&rwl), "");
	KWT_EXPECT_WARN(lockdep_assert_held(&rws), "");
	down_read(&rws);
	KWT_EXPECT_WARN(lockdep_assert_held_write(&rws), "");
	up_read(&rws);
	write_lock(&rwl);
	KWT_EXPECT_WARN(lockdep_assert_held_read(&rwl), "");
	write_unlock(&rwl);
	mutex_lock(&m);
	KWT_EXPECT_WARN(lockdep_assert_not_held(&m), "");
	mutex_unlock(&m);
	KWT_ASSERT(!lockdep_is_held(&m));
}

static DECLARE_COMPLETION(holding);
static DECLARE_COMPLETION(release);

static int holder_fn(void *arg)
{
	mutex_lock(&m);
	complete(&holding);
	wait_for_completion(&release);
	mutex_unlock(&m);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

KWT_TEST("compat lockdep", mutex_held_by_another_task_is_not_held_by_the_caller)
{
	struct task_struct *t = kthread_run(holder_fn, NULL, "holder");

	KWT_ASSERT(!IS_ERR(t));
	wait_for_completion(&holding);
	KWT_ASSERT(mutex_is_locked(&m));
	KWT_ASSERT(!lockdep_is_held(&m));
	KWT_EXPECT_WARN(lockdep_assert_held(&m), "");
	lockdep_assert_not_held(&m);
	complete(&release);
	KWT_ASSERT_EQ(kthread_stop(t), 0);
}

KWT_TEST("compat lockdep", context_assertions_follow_irq_and_softirq_state)
{
	unsigned long flags;

	lockdep_assert_irqs_enabled();
	lockdep_assert_preemption_enabled();
	KWT_EXPECT_WARN(lockdep_assert_irqs_disabled(), "");
	local_irq_save(flags);
	lockdep_assert_irqs_disabled();
	local_irq_restore(flags);
	KWT_EXPECT_WARN(lockdep_assert_in_softirq(), "");
}
