/*
 * test_task.c - the task core: current, the sleep/wake protocol, signals,
 * context checks, printk and WARN.
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <pthread.h>
#include <unistd.h>

KWT_TEST("core", current_in_main_thread)
{
	struct kw_task *t = kw_current();
	KWT_ASSERT(t != NULL);
	KWT_ASSERT(t == kw_current());
	KWT_ASSERT_EQ(t->pid, gettid());
	KWT_ASSERT(t->mm != NULL);
	KWT_ASSERT(!(t->flags & KW_PF_KTHREAD));
	KWT_ASSERT_EQ(t->__state, KW_TASK_RUNNING);
}

static struct kw_task *sleeper;
static int sleeper_flag;

static void *sleep_until_flag(void *arg)
{
	__atomic_store_n(&sleeper, kw_current(), __ATOMIC_RELEASE);
	for (;;) {
		kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
		if (__atomic_load_n(&sleeper_flag, __ATOMIC_ACQUIRE))
			break;
		kw_schedule();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	return NULL;
}

KWT_TEST("core", wake_up_process_wakes_a_sleeper)
{
	pthread_t th;
	pthread_create(&th, NULL, sleep_until_flag, NULL);
	while (!__atomic_load_n(&sleeper, __ATOMIC_ACQUIRE))
		sched_yield();
	/* The sleeper exits once woken: hold its task while waking it. */
	kw_get_task_struct(sleeper);
	__atomic_store_n(&sleeper_flag, 1, __ATOMIC_RELEASE);
	kw_wake_up_process(sleeper);
	pthread_join(th, NULL);
	kw_put_task_struct(sleeper);
}

KWT_TEST("core", schedule_in_running_state_returns)
{
	kw_set_current_state_raw(KW_TASK_RUNNING);
	kw_schedule();
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
}

KWT_TEST("core", sleeping_under_a_spinlock_warns)
{
	kw_spinlock_t l = KW_SPINLOCK_INIT;
	kw_spin_lock(&l);
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	KWT_EXPECT_WARN(kw_schedule(), "scheduling while atomic");
	kw_spin_unlock(&l);
	KWT_ASSERT_EQ(kw_current()->__state, KW_TASK_RUNNING);
}

KWT_TEST("core", printk_levels_and_cont)
{
	kwt_log_reset();
	kw_printk(KW_SOH "6" "hello %d", 42);
	kw_printk(KW_SOH "c" " world\n");
	KWT_ASSERT(kwt_log_contains("] hello 42 world"));
	kw_printk(KW_SOH "6" "sym %ps\n", (void *)kw_printk);
	KWT_ASSERT(kwt_log_contains("sym kw_printk"));
	kw_printk(KW_SOH "6" "raw %px null %p\n", (void *)0x1234, NULL);
	KWT_ASSERT(kwt_log_contains("raw 0000000000001234 null 0000000000000000"));
	/* NULL and error pointers are no addresses: printed as they are, not
	 * hashed; an extension that would dereference NULL prints (null). */
	kw_printk(KW_SOH "6" "err %p k %pK sym %ps deref %pV\n", kw_err_ptr(-12), NULL,
		  NULL, NULL);
	KWT_ASSERT(kwt_log_contains("err fffffffffffffff4 k 0000000000000000 sym 0x0 deref (null)"));
}

KWT_TEST("core", warn_counts_and_reports)
{
	unsigned long before = kw_warn_count();
	KWT_EXPECT_WARN(KW_WARN(1, "bad thing on %s", "obj"), "bad thing on obj");
	KWT_ASSERT_EQ(kw_warn_count(), before + 1);
	KWT_ASSERT(kwt_log_contains("cut here"));
	KWT_ASSERT(kwt_log_contains("WARNING: CPU:"));
}
