/*
 * test_compat_api.c - the compat headers added for issue #5, used as a
 * kernel module would (COMPAT.md API checklist items as rule IDs:
 * COMPAT-tasklets, -task, -time, -printk, -locks, -memory; "TASKLET" for
 * tasklet semantics): DECLARE_TASKLET in its 2- and 3-argument forms,
 * contexts and irq flags, request_irq rejected, ktime, ratelimited printk,
 * rwsem, bitops, cpumask, per-CPU variables, random, strscpy, minmax,
 * freezer, stddef, asm/param.h, utsname; the wait-queue and task calls whose
 * kernel prototypes return a value (COMPAT-task, COMPAT-wait).
 */
#define _GNU_SOURCE
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <linux/time.h>
#include <linux/ratelimit.h>
#include <linux/delay.h>
#include <linux/rwsem.h>
#include <linux/rwlock.h>
#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/string.h>
#include <linux/minmax.h>
#include <linux/freezer.h>
#include <linux/stddef.h>
#include <linux/signal.h>
#include <linux/cpu.h>
#include <linux/numa.h>
#include <linux/gfp.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/wait.h>
#include <linux/utsname.h>
#include <asm/atomic.h>
#include <asm/param.h>
#include <asm/current.h>

#include "kwtest.h"

#include <pthread.h>
#include <sched.h>
#include <sys/utsname.h>
#include <time.h>

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)

/* COMPAT-module: the pre-5.12 no-op still compiles at file scope (lkmpg hello-4.c). */
MODULE_SUPPORTED_DEVICE("kwtest");

static void wait_until(int *flag, int value)
{
	int64_t end = kw_ktime_get_ns() + 10 * KW_NSEC_PER_SEC;
	while (LOAD(*flag) != value) {
		if (kw_ktime_get_ns() > end)
			kwt_fail(__FILE__, __LINE__, "timed out");
		sched_yield();
	}
}

/* ---- tasklets through the compat names -------------------------------------------- */

struct mydev {
	int hits;
	struct tasklet_struct tl;
};

static int new_runs, old_runs, old_arg, disabled_runs;

static void new_cb(struct tasklet_struct *t)
{
	struct mydev *d = from_tasklet(d, t, tl);
	d->hits++;
	__atomic_add_fetch(&new_runs, 1, __ATOMIC_SEQ_CST);
}

static void decl_cb(struct tasklet_struct *t)
{
	(void)t;
	__atomic_add_fetch(&new_runs, 1, __ATOMIC_SEQ_CST);
}

static void old_fn(unsigned long data)
{
	__atomic_store_n(&old_arg, (int)data, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&old_runs, 1, __ATOMIC_SEQ_CST);
}

static void disabled_cb(struct tasklet_struct *t)
{
	(void)t;
	__atomic_add_fetch(&disabled_runs, 1, __ATOMIC_SEQ_CST);
}

static DECLARE_TASKLET(decl_new, decl_cb);
static DECLARE_TASKLET(decl_old3, old_fn, 42);	/* pre-5.9 form */
static DECLARE_TASKLET_OLD(decl_old, old_fn);
static DECLARE_TASKLET_DISABLED(decl_disabled, disabled_cb);

KWT_TEST("COMPAT-tasklets", declare_tasklet_forms_and_tasklet_setup)
{
	static struct mydev dev;
	tasklet_setup(&dev.tl, new_cb);
	tasklet_schedule(&dev.tl);
	tasklet_hi_schedule(&decl_new);
	wait_until(&new_runs, 2);
	KWT_ASSERT_EQ(dev.hits, 1);
	tasklet_schedule(&decl_old3);
	wait_until(&old_runs, 1);
	KWT_ASSERT_EQ(LOAD(old_arg), 42);
	tasklet_schedule(&decl_old);
	wait_until(&old_runs, 2);
	KWT_ASSERT_EQ(LOAD(old_arg), 0);
	tasklet_kill(&dev.tl);
	tasklet_kill(&decl_new);
}

KWT_TEST("TASKLET", declare_tasklet_disabled_needs_tasklet_enable)
{
	tasklet_schedule(&decl_disabled);
	KWT_ASSERT(kw_tasklet_is_scheduled(&decl_disabled));
	KWT_ASSERT_EQ(LOAD(disabled_runs), 0);
	tasklet_enable(&decl_disabled);
	wait_until(&disabled_runs, 1);
	tasklet_kill(&decl_disabled);
}

/* ---- contexts, irq flags, request_irq ------------------------------------------------ */

static irqreturn_t my_irq(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	return IRQ_HANDLED;
}

KWT_TEST("COMPAT-task", contexts_and_interrupt_flags)
{
	DEFINE_SPINLOCK(lock);
	unsigned long flags, inner;

	KWT_ASSERT(in_task());
	KWT_ASSERT(!in_interrupt());
	KWT_ASSERT(!in_hardirq() && !in_irq() && !in_nmi());
	KWT_ASSERT(!irqs_disabled());
	spin_lock_irqsave(&lock, flags);
	KWT_ASSERT(irqs_disabled());
	KWT_ASSERT(in_atomic());
	local_irq_save(inner);		/* nested: restore keeps them off */
	local_irq_restore(inner);
	KWT_ASSERT(irqs_disabled());
	spin_unlock_irqrestore(&lock, flags);
	KWT_ASSERT(!irqs_disabled());
	KWT_ASSERT_EQ(preempt_count(), 0u);

	spin_lock_bh(&lock);
	KWT_ASSERT(in_softirq());
	KWT_ASSERT(in_interrupt());
	KWT_ASSERT(!in_serving_softirq());
	KWT_ASSERT(in_task());
	spin_unlock_bh(&lock);
	KWT_ASSERT(!in_softirq());

	spin_lock_irq(&lock);
	KWT_ASSERT(irqs_disabled());
	spin_unlock_irq(&lock);
	KWT_ASSERT(!irqs_disabled());
	KWT_ASSERT(!need_resched());
	KWT_ASSERT(current == kw_current());
	KWT_ASSERT(get_current() == kw_current());
}

KWT_TEST("COMPAT-task", request_irq_is_rejected_and_free_irq_warns)
{
	static int dev;
	kwt_log_reset();
	KWT_ASSERT_EQ(request_irq(17, my_irq, IRQF_SHARED, "mydev", &dev), -ENOSYS);
	KWT_ASSERT(kwt_log_contains("mydev: request_irq(17) failed"));
	KWT_ASSERT(kwt_log_contains("no hardware"));
	KWT_EXPECT_WARN(free_irq(17, &dev), "Trying to free already-free IRQ 17");
}

KWT_TEST("COMPAT-task", allow_signal_and_send_sig_through_compat_names)
{
	allow_signal(SIGTERM);
	send_sig(SIGTERM, current, 0);
	send_sig(SIGINT, current, 0);	/* not allowed: dropped */
	KWT_ASSERT(signal_pending(current));
	KWT_ASSERT_EQ(kernel_dequeue_signal(), SIGTERM);
	KWT_ASSERT(!signal_pending(current));
	send_sig(SIGTERM, current, 0);
	flush_signals(current);
	KWT_ASSERT(!signal_pending(current));
	KWT_ASSERT(CLONE_KERNEL == 0xe00);
}

static int freezer_flags_ok;
static int freezable_fn(void *data)
{
	(void)data;
	bool had_nofreeze = current->flags & PF_NOFREEZE;
	set_freezable();
	bool cleared = !(current->flags & PF_NOFREEZE);
	bool frozen_now = try_to_freeze();
	__atomic_store_n(&freezer_flags_ok,
			 had_nofreeze && cleared && !frozen_now && !freezing(current) ? 1 : 2,
			 __ATOMIC_SEQ_CST);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

KWT_TEST("COMPAT-task", get_task_struct_returns_its_task)
{
	struct task_struct *t = get_task_struct(current);
	KWT_ASSERT(t == current);
	put_task_struct(t);
	KWT_ASSERT_EQ(signal_pending(current), 0);
	KWT_ASSERT_EQ(fatal_signal_pending(current), 0);
	KWT_ASSERT(!need_resched());
}

static int wake_count;
static int counting_wake(struct wait_queue_entry *e, unsigned int mode,
			 int flags, void *key)
{
	(void)e; (void)mode; (void)flags; (void)key;
	wake_count++;
	return 1;
}

KWT_TEST("COMPAT-wait", declare_waitqueue_and_wake_up_counts_exclusive)
{
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(q);
	DECLARE_WAITQUEUE(mine, current);
	struct wait_queue_entry ex1, ex2;

	KWT_ASSERT(mine.private == current);
	KWT_ASSERT(mine.func == default_wake_function);
	init_waitqueue_func_entry(&ex1, counting_wake);
	init_waitqueue_func_entry(&ex2, counting_wake);
	KWT_ASSERT(ex1.private == NULL);
	init_waitqueue_entry(&mine, current);
	KWT_ASSERT(mine.func == default_wake_function);
	mine.func = counting_wake;
	add_wait_queue(&q, &mine);
	add_wait_queue_exclusive(&q, &ex1);
	add_wait_queue_exclusive(&q, &ex2);
	KWT_ASSERT_EQ(waitqueue_active(&q), 1);
	/* The non-exclusive entry is always woken; the count is exclusives. */
	KWT_ASSERT_EQ(__wake_up(&q, TASK_NORMAL, 1, NULL), 1);
	KWT_ASSERT_EQ(wake_count, 2);
	KWT_ASSERT_EQ(__wake_up(&q, TASK_NORMAL, 0, NULL), 2);
	KWT_ASSERT_EQ(wake_count, 5);
	remove_wait_queue(&q, &mine);
	remove_wait_queue(&q, &ex1);
	remove_wait_queue(&q, &ex2);
	KWT_ASSERT_EQ(waitqueue_active(&q), 0);
}

KWT_TEST("COMPAT-task", set_freezable_clears_pf_nofreeze_and_nothing_freezes)
{
	struct task_struct *k = kthread_run(freezable_fn, NULL, "freezable");
	KWT_ASSERT(!IS_ERR(k));
	wait_until(&freezer_flags_ok, 1);
	KWT_ASSERT_EQ(kthread_stop(k), 0);
}

/* ---- time -------------------------------------------------------------------------------- */

KWT_TEST("COMPAT-time", ktime_arithmetic_and_clocks)
{
	ktime_t a = ktime_set(2, 500000000);
	KWT_ASSERT_EQ(ktime_to_ns(a), 2500000000LL);
	KWT_ASSERT_EQ(ktime_to_ms(a), 2500LL);
	KWT_ASSERT_EQ(ktime_to_us(ktime_sub(a, ms_to_ktime(500))), 2000000LL);
	KWT_ASSERT_EQ(ktime_set(KTIME_SEC_MAX, 0), KTIME_MAX);
	KWT_ASSERT(ktime_after(a, ns_to_ktime(1)));
	KWT_ASSERT_EQ(ktime_compare(a, a), 0);
	KWT_ASSERT_EQ(ktime_ms_delta(a, us_to_ktime(500000)), 2000LL);

	struct timespec64 ts = ns_to_timespec64(-1);
	KWT_ASSERT_EQ(ts.tv_sec, -1);
	KWT_ASSERT_EQ(ts.tv_nsec, 999999999L);
	KWT_ASSERT_EQ(timespec64_to_ns(&ts), -1LL);

	ktime_t t0 = ktime_get();
	u64 t1 = ktime_get_ns();
	KWT_ASSERT((s64)t1 >= t0);
	time64_t now = ktime_get_real_seconds();
	time_t libc = time(NULL);
	KWT_ASSERT(now >= libc - 1 && now <= libc + 1);
	struct timespec64 rt;
	ktime_get_real_ts64(&rt);
	KWT_ASSERT(rt.tv_nsec >= 0 && rt.tv_nsec < NSEC_PER_SEC);
	KWT_ASSERT_EQ(HZ, KW_HZ);
}

/* T15: the jiffies comparisons across the wrap, 64-bit forms and "vs now" forms. */
KWT_TEST("T15", jiffies_comparisons_wrap_64_bit_and_against_now)
{
	unsigned long before_wrap = ULONG_MAX - 5, after_wrap = 10;
	KWT_ASSERT(time_after(after_wrap, before_wrap));
	KWT_ASSERT(time_in_range_open(after_wrap - 1, before_wrap, after_wrap));
	KWT_ASSERT(!time_in_range_open(after_wrap, before_wrap, after_wrap));
	u64 b64 = ~0ULL - 5, a64 = 10;
	KWT_ASSERT(time_after64(a64, b64) && time_before64(b64, a64));
	KWT_ASSERT(time_after_eq64(a64, a64) && time_before_eq64(a64, a64));
	KWT_ASSERT(time_in_range64(a64 - 1, b64, a64));
	unsigned long now = jiffies;
	KWT_ASSERT(time_is_before_jiffies(now - 10) && !time_is_before_jiffies(now + HZ));
	KWT_ASSERT(time_is_after_jiffies(now + HZ) && !time_is_after_jiffies(now - 10));
	KWT_ASSERT(time_is_before_eq_jiffies(now) && time_is_after_eq_jiffies(now + HZ));
	u64 now64 = get_jiffies_64();
	KWT_ASSERT(time_is_before_jiffies64(now64 - 10) && time_is_after_jiffies64(now64 + HZ));
	KWT_ASSERT(time_is_before_eq_jiffies64(now64) && time_is_after_eq_jiffies64(now64 + HZ));
	KWT_ASSERT_EQ(strlen("via linux/module.h"), 18);
}

/* ---- printk ratelimiting ----------------------------------------------------------------- */

static void chatty(int i)
{
	pr_info_ratelimited("chatty line %d\n", i);
}

KWT_TEST("COMPAT-printk", pr_ratelimited_passes_a_burst_then_reports_suppressed)
{
	kwt_log_reset();
	for (int i = 0; i < 15; i++)
		chatty(i);
	KWT_ASSERT_EQ(kwt_log_count("chatty line"), DEFAULT_RATELIMIT_BURST);

	DEFINE_RATELIMIT_STATE(rs, 1, 2);
	KWT_ASSERT(__ratelimit(&rs));
	KWT_ASSERT(__ratelimit(&rs));
	KWT_ASSERT(!__ratelimit(&rs));
	KWT_ASSERT(!__ratelimit(&rs));
	unsigned long start = jiffies;
	while (!time_after(jiffies, start + 2))
		sched_yield();		/* the window (1 jiffy) is over */
	KWT_ASSERT(__ratelimit(&rs));
	KWT_ASSERT(kwt_log_contains("2 callbacks suppressed"));

	struct ratelimit_state none;
	ratelimit_state_init(&none, 0, 0);
	for (int i = 0; i < 100; i++)
		KWT_ASSERT(__ratelimit(&none));
}

KWT_TEST("COMPAT-printk", ratelimit_msg_on_release_counts_across_windows)
{
	kwt_log_reset();
	/* Half-second windows: the three calls of a window fit in one even
	 * under valgrind. */
	DEFINE_RATELIMIT_STATE(rs, HZ / 2, 1);
	ratelimit_set_flags(&rs, RATELIMIT_MSG_ON_RELEASE);
	for (int w = 0; w < 2; w++) {	/* two windows, 2 missed in each */
		KWT_ASSERT(__ratelimit(&rs));	/* opens the window: rs.begin */
		KWT_ASSERT(!__ratelimit(&rs));
		KWT_ASSERT(!__ratelimit(&rs));
		while (!time_after(jiffies, rs.begin + rs.interval))
			msleep(10);
	}
	KWT_ASSERT(!kwt_log_contains("callbacks suppressed"));
	ratelimit_state_exit(&rs);
	KWT_ASSERT(kwt_log_contains(": 4 output lines suppressed due to ratelimiting"));
}

KWT_TEST("COMPAT-time", time_is_jiffies_forms_range_open_and_64_bit_comparisons)
{
	unsigned long now = jiffies, past = now - 10, future = now + 100 * HZ;
	u64 now64 = get_jiffies_64();

	KWT_ASSERT(time_is_before_jiffies(past));
	KWT_ASSERT(!time_is_before_jiffies(future));
	KWT_ASSERT(time_is_after_jiffies(future));
	KWT_ASSERT(!time_is_after_jiffies(past));
	KWT_ASSERT(time_is_before_eq_jiffies(past));
	KWT_ASSERT(time_is_after_eq_jiffies(future));
	KWT_ASSERT(time_is_before_jiffies64(now64 - 10));
	KWT_ASSERT(time_is_after_jiffies64(now64 + 100 * HZ));
	KWT_ASSERT(time_is_before_eq_jiffies64(now64));
	KWT_ASSERT(time_is_after_eq_jiffies64(now64 + 100 * HZ));
	/* [b, c) against [b, c], across a wrap of the counter. */
	KWT_ASSERT(time_in_range_open(5UL, 5UL, 6UL));
	KWT_ASSERT(!time_in_range_open(6UL, 5UL, 6UL));
	KWT_ASSERT(time_in_range(6UL, 5UL, 6UL));
	KWT_ASSERT(time_in_range_open(2UL, ULONG_MAX - 2, 3UL));
	KWT_ASSERT(time_after64((u64)1, U64_MAX));
	KWT_ASSERT(time_before64(U64_MAX, (u64)1));
	KWT_ASSERT(time_after_eq64((u64)7, (u64)7) && time_before_eq64((u64)7, (u64)7));
	KWT_ASSERT(time_in_range64((u64)0, U64_MAX - 1, (u64)1));
}

KWT_TEST("COMPAT-printk", hex_dump_to_buffer_groups_ascii_column_and_truncation)
{
	static const u8 b[8] = { 0x00, 0x01, 0x41, 0x42, 0x7f, 0xff, 0x20, 0x7e };
	char line[128];

	KWT_ASSERT_EQ(hex_dump_to_buffer(b, 8, 16, 1, line, sizeof(line), true), 57);
	KWT_ASSERT(!strcmp(line, "00 01 41 42 7f ff 20 7e"
			   "                          ..AB.. ~"));
	KWT_ASSERT_EQ(hex_dump_to_buffer(b, 8, 16, 1, line, sizeof(line), false), 23);
	KWT_ASSERT(!strcmp(line, "00 01 41 42 7f ff 20 7e"));
	/* Groups are native-endian numbers (x86 and arm64: little-endian). */
	hex_dump_to_buffer(b, 8, 16, 2, line, sizeof(line), false);
	KWT_ASSERT(!strcmp(line, "0100 4241 ff7f 7e20"));
	hex_dump_to_buffer(b, 8, 16, 4, line, sizeof(line), false);
	KWT_ASSERT(!strcmp(line, "42410100 7e20ff7f"));
	hex_dump_to_buffer(b, 8, 32, 8, line, sizeof(line), false);
	KWT_ASSERT(!strcmp(line, "7e20ff7f42410100"));
	/* A length that is not a multiple of the group: bytes. */
	hex_dump_to_buffer(b, 3, 16, 2, line, sizeof(line), false);
	KWT_ASSERT(!strcmp(line, "00 01 41"));
	KWT_ASSERT_EQ(hex_dump_to_buffer(b, 8, 16, 1, line, 5, true), 57);
	KWT_ASSERT(!strcmp(line, "00 0"));
	KWT_ASSERT_EQ(hex_dump_to_buffer(b, 0, 16, 1, line, sizeof(line), true), 0);
	KWT_ASSERT(!strcmp(line, ""));
}

KWT_TEST("COMPAT-printk", print_hex_dump_rows_and_prefixes)
{
	u8 b[20];

	for (int i = 0; i < 20; i++)
		b[i] = (u8)('a' + i);
	kwt_log_reset();
	print_hex_dump(KERN_INFO, "dev: ", DUMP_PREFIX_OFFSET, 16, 1, b, sizeof(b), true);
	KWT_ASSERT(kwt_log_contains("dev: 00000000: 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70  abcdefghijklmnop"));
	KWT_ASSERT(kwt_log_contains("dev: 00000010: 71 72 73 74                                      qrst"));
	print_hex_dump(KERN_INFO, "raw: ", DUMP_PREFIX_NONE, 32, 4, b, 8, false);
	KWT_ASSERT(kwt_log_contains("raw: 64636261 68676665"));
	print_hex_dump_bytes("nodebug: ", DUMP_PREFIX_NONE, b, 4);	/* !DEBUG: nothing */
	KWT_ASSERT(!kwt_log_contains("nodebug: "));
}

/* ---- locks, bitops, cpumask, per-CPU --------------------------------------------------------- */

static DECLARE_RWSEM(sem);

KWT_TEST("COMPAT-locks", rwsem_readers_share_writers_exclude)
{
	down_read(&sem);
	KWT_ASSERT(down_read_trylock(&sem));
	KWT_ASSERT(!down_write_trylock(&sem));
	KWT_ASSERT(rwsem_is_locked(&sem));
	up_read(&sem);
	up_read(&sem);
	down_write(&sem);
	KWT_ASSERT(!down_read_trylock(&sem));
	downgrade_write(&sem);
	KWT_ASSERT(down_read_trylock(&sem));
	up_read(&sem);
	up_read(&sem);
	KWT_ASSERT(!rwsem_is_locked(&sem));

	DEFINE_RWLOCK(rw);
	read_lock(&rw);
	KWT_ASSERT(!write_trylock(&rw));
	read_unlock(&rw);
	KWT_ASSERT(write_trylock(&rw));
	write_unlock(&rw);
}

KWT_TEST("COMPAT-locks", bitops_and_bit_search)
{
	DECLARE_BITMAP(map, 200);
	unsigned long bit, n = 0;

	memset(map, 0, sizeof(map));
	KWT_ASSERT_EQ(sizeof(map), BITS_TO_LONGS(200) * sizeof(long));
	set_bit(3, map);
	__set_bit(64, map);
	set_bit(199, map);
	KWT_ASSERT(test_bit(64, map));
	KWT_ASSERT(test_and_clear_bit(3, map));
	KWT_ASSERT(!test_bit(3, map));
	set_bit(3, map);
	KWT_ASSERT_EQ(find_first_bit(map, 200), 3ul);
	KWT_ASSERT_EQ(find_next_bit(map, 200, 4), 64ul);
	KWT_ASSERT_EQ(find_next_bit(map, 199, 65), 199ul);	/* not found: size */
	KWT_ASSERT_EQ(find_first_zero_bit(map, 200), 0ul);
	for_each_set_bit(bit, map, 200)
		n += bit;
	KWT_ASSERT_EQ(n, 3ul + 64 + 199);
	KWT_ASSERT_EQ(bitmap_weight(map, 200), 3ul);
	KWT_ASSERT_EQ(GENMASK(7, 4), 0xf0ul);
	KWT_ASSERT_EQ(GENMASK_ULL(63, 62), 0xc000000000000000ull);
	KWT_ASSERT_EQ(BIT(5), 32ul);
	KWT_ASSERT_EQ(fls(0), 0);
	KWT_ASSERT_EQ(fls(0x80000000u), 32);
	KWT_ASSERT_EQ(ffs(0x10), 5);
	KWT_ASSERT_EQ(__ffs(0x10ul), 4ul);
	KWT_ASSERT_EQ(__fls(0x10ul), 4ul);
	KWT_ASSERT_EQ(ffz(0x7ul), 3ul);
	KWT_ASSERT_EQ(hweight32(0xf0f0u), 8u);
	KWT_ASSERT_EQ(hweight8(0x1ff), 8u);
}

KWT_TEST("COMPAT-locks", atomic_conditional_ops_fetch_forms_and_plain_cmpxchg)
{
	atomic_t a = ATOMIC_INIT(1);
	atomic_long_t l = ATOMIC_LONG_INIT(5);
	atomic64_t q = ATOMIC64_INIT(-1);
	int old = 7;
	long x = 3;

	/* dec_if_positive: stores only a result >= 0; returns old - 1 always. */
	KWT_ASSERT_EQ(atomic_dec_if_positive(&a), 0);
	KWT_ASSERT_EQ(atomic_dec_if_positive(&a), -1);
	KWT_ASSERT_EQ(atomic_read(&a), 0);
	KWT_ASSERT(atomic_inc_unless_negative(&a) && atomic_read(&a) == 1);
	KWT_ASSERT(!atomic_dec_unless_positive(&a) && atomic_read(&a) == 1);
	KWT_ASSERT_EQ(atomic_fetch_inc(&a), 1);
	KWT_ASSERT_EQ(atomic_fetch_dec_relaxed(&a), 2);
	KWT_ASSERT_EQ(atomic_fetch_add_unless(&a, 5, 1), 1);	/* == u: unchanged */
	KWT_ASSERT_EQ(atomic_read_acquire(&a), 1);
	atomic_set_release(&a, 6);
	KWT_ASSERT_EQ(atomic_fetch_xor(3, &a), 6);
	KWT_ASSERT_EQ(atomic_read(&a), 5);
	atomic_andnot(4, &a);
	KWT_ASSERT_EQ(atomic_read(&a), 1);
	KWT_ASSERT(atomic_add_negative(-2, &a));
	KWT_ASSERT(!atomic_try_cmpxchg_acquire(&a, &old, 0) && old == -1);

	KWT_ASSERT(atomic_long_inc_not_zero(&l) && atomic_long_read(&l) == 6);
	KWT_ASSERT_EQ(atomic_long_fetch_sub(2, &l), 6L);
	KWT_ASSERT(atomic_long_sub_and_test(4, &l));
	KWT_ASSERT(atomic64_inc_and_test(&q));
	KWT_ASSERT(!atomic64_add_unless(&q, 1, 0));
	KWT_ASSERT_EQ(atomic64_cmpxchg_relaxed(&q, 0, 9), (s64)0);
	KWT_ASSERT_EQ(atomic64_read(&q), (s64)9);

	KWT_ASSERT_EQ(xchg(&x, 4L), 3L);
	KWT_ASSERT_EQ(cmpxchg(&x, 4L, 8L), 4L);
	KWT_ASSERT_EQ(cmpxchg(&x, 4L, 9L), 8L);	/* no match: x unchanged */
	KWT_ASSERT(!try_cmpxchg(&x, &(long){ 1 }, 2L) && x == 8);
	smp_store_release(&x, 10L);
	KWT_ASSERT_EQ(smp_load_acquire(&x), 10L);
	smp_store_mb(x, 11L);
	KWT_ASSERT_EQ(READ_ONCE(x), 11L);
}

KWT_TEST("COMPAT-task", cpumask_last_any_and_set_operations)
{
	cpumask_t a, b, r;
	unsigned int last = nr_cpu_ids - 1;

	KWT_ASSERT_EQ(cpumask_last(cpu_online_mask), last);
	KWT_ASSERT_EQ(cpumask_any(cpu_online_mask), 0u);
	cpumask_clear(&a);
	cpumask_setall(&b);
	KWT_ASSERT(cpumask_equal(&b, cpu_online_mask));
	KWT_ASSERT_EQ(cpumask_weight(&b), nr_cpu_ids);
	KWT_ASSERT(!cpumask_and(&r, &a, &b));	/* empty result: false */
	KWT_ASSERT(cpumask_empty(&r));
	cpumask_set_cpu(last, &a);
	KWT_ASSERT(cpumask_and(&r, &a, &b));
	KWT_ASSERT_EQ(cpumask_first(&r), last);
	KWT_ASSERT(cpumask_intersects(&a, &b));
	KWT_ASSERT(cpumask_subset(&a, &b));
	KWT_ASSERT(!cpumask_subset(&b, &a) || nr_cpu_ids == 1);
	KWT_ASSERT_EQ(cpumask_andnot(&r, &b, &a), nr_cpu_ids > 1);
	KWT_ASSERT(!cpumask_test_cpu(last, &r));
	cpumask_or(&r, &r, &a);
	KWT_ASSERT(cpumask_equal(&r, &b));
}

KWT_TEST("COMPAT-task", cpumask_online_cpus)
{
	unsigned int cpu, n = 0;
	cpumask_var_t mask;

	for_each_online_cpu(cpu)
		n++;
	KWT_ASSERT_EQ(n, num_online_cpus());
	KWT_ASSERT_EQ(n, nr_cpu_ids);
	KWT_ASSERT(cpu_online(0));
	KWT_ASSERT(!cpu_online(nr_cpu_ids));
	KWT_ASSERT(zalloc_cpumask_var(&mask, GFP_KERNEL));
	KWT_ASSERT(cpumask_empty(mask));
	cpumask_set_cpu(0, mask);
	KWT_ASSERT_EQ(cpumask_weight(mask), 1u);
	KWT_ASSERT_EQ(cpumask_first(mask), 0u);
	KWT_ASSERT(cpumask_next(0, mask) >= nr_cpu_ids);
	cpumask_clear_cpu(0, mask);
	KWT_ASSERT(cpumask_empty(mask));
	/* Out of range: WARN, the mask is not written past its end. */
	KWT_EXPECT_WARN(cpumask_set_cpu(KW_NR_CPUS, mask), "");
	KWT_EXPECT_WARN(cpumask_clear_cpu(KW_NR_CPUS + 7, mask), "");
	KWT_ASSERT(cpumask_empty(mask));
	KWT_ASSERT_EQ(cpumask_last(mask), nr_cpu_ids);	/* empty */
	free_cpumask_var(mask);
	KWT_ASSERT_EQ(numa_node_id(), 0);
	KWT_ASSERT_EQ(cpu_to_node(1), 0);
	cpus_read_lock();
	cpus_read_unlock();
}

static DEFINE_PER_CPU(long, hits);

static void *hitter(void *arg)
{
	(void)arg;
	for (int i = 0; i < 10000; i++)
		this_cpu_inc(hits);
	return NULL;
}

KWT_TEST("COMPAT-memory", per_cpu_counters_add_up)
{
	pthread_t th[4];
	long sum = 0;
	int cpu;

	for (int i = 0; i < 4; i++)
		KWT_ASSERT_EQ(pthread_create(&th[i], NULL, hitter, NULL), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	for_each_possible_cpu(cpu)
		sum += per_cpu(hits, cpu);
	KWT_ASSERT_EQ(sum, 40000L);

	int me = get_cpu();
	KWT_ASSERT(in_atomic());
	KWT_ASSERT(this_cpu_ptr(&hits) == per_cpu_ptr(&hits, me));
	put_cpu();
	long before = per_cpu(hits, 0);
	per_cpu(hits, 0) = before + 1;
	KWT_ASSERT_EQ(*per_cpu_ptr(&hits, 0), before + 1);
	get_cpu_var(hits) += 0;
	put_cpu_var(hits);
	KWT_ASSERT(!in_atomic());
}

KWT_TEST("COMPAT-memory", random_numbers)
{
	unsigned char buf[64];
	int nonzero = 0;

	memset(buf, 0, sizeof(buf));
	get_random_bytes(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		nonzero |= buf[i];
	KWT_ASSERT(nonzero);
	for (int i = 0; i < 1000; i++) {
		KWT_ASSERT(get_random_u32_below(10) < 10);
		u32 v = get_random_u32_inclusive(5, 7);
		KWT_ASSERT(v >= 5 && v <= 7);
	}
	KWT_ASSERT_EQ(get_random_u32_below(1), 0u);
	KWT_ASSERT_EQ(get_random_u32_below(0), 0u);
}

KWT_TEST("COMPAT-memory", strscpy_strlcpy_minmax_stddef)
{
	char small[4];
	KWT_ASSERT_EQ(strscpy(small, "abcdef"), -E2BIG);
	KWT_ASSERT_STREQ(small, "abc");
	KWT_ASSERT_EQ(strscpy(small, "ab", sizeof(small)), 2);
	KWT_ASSERT_STREQ(small, "ab");
	KWT_ASSERT_EQ(strscpy(small, "x", 0), -E2BIG);
	KWT_ASSERT_EQ(strlcpy(small, "hello", sizeof(small)), 5u);
	KWT_ASSERT_STREQ(small, "hel");
	memzero_explicit(small, sizeof(small));
	KWT_ASSERT_EQ(small[0], 0);

	int i = 0, a = 3, b = 9;
	KWT_ASSERT_EQ(min(i++, 10), 0);
	KWT_ASSERT_EQ(i, 1);			/* evaluated once */
	KWT_ASSERT_EQ(max3(1, 7, 5), 7);
	KWT_ASSERT_EQ(clamp(15, 0, 10), 10);
	KWT_ASSERT_EQ(clamp_t(int, -4, 0, 10), 0);
	KWT_ASSERT_EQ(min_not_zero(0, 4), 4);
	swap(a, b);
	KWT_ASSERT(a == 9 && b == 3);

	struct s { char c; int x[3]; };
	KWT_ASSERT_EQ(sizeof_field(struct s, x), 3 * sizeof(int));
	KWT_ASSERT_EQ(offsetofend(struct s, x), offsetof(struct s, x) + 3 * sizeof(int));
	KWT_ASSERT(gfpflags_allow_blocking(GFP_KERNEL));
	KWT_ASSERT(!gfpflags_allow_blocking(GFP_ATOMIC));
}

/* READ_ONCE/WRITE_ONCE on a __packed member and a small struct (no libatomic). */
struct __packed once_packed {
	u8 tag;
	u32 word;
};

KWT_TEST("COMPAT-compiler", read_write_once_on_packed_members_and_structs)
{
	static struct once_packed p;
	static struct { u16 a, b; } pair;
	WRITE_ONCE(p.word, 0x12345678u);
	KWT_ASSERT_EQ(READ_ONCE(p.word), 0x12345678u);
	WRITE_ONCE(pair, ((__typeof__(pair)){ 3, 4 }));
	KWT_ASSERT_EQ(READ_ONCE(pair).b, 4);
	const struct once_packed *cp = &p;
	KWT_ASSERT_EQ(READ_ONCE(cp->tag), 0);
}

/* Module references: counting, the underflow WARN, refusal once the unload began, NULL. */
KWT_TEST("COMPAT-module", module_references_count_warn_and_refuse_while_going)
{
	struct module m = { .name = "refmod" };
	KWT_ASSERT(try_module_get(&m));
	__module_get(&m);
	KWT_ASSERT_EQ(module_refcount(&m), 2);
	module_put(&m);
	module_put(&m);
	KWT_EXPECT_WARN(module_put(&m), "module_put: refmod: no reference held");
	KWT_ASSERT_EQ(module_refcount(&m), 0);
	m.going = 1;	/* what the unload sets before it reads the count */
	KWT_ASSERT(!try_module_get(&m));
	KWT_ASSERT_EQ(module_refcount(&m), 0);
	KWT_ASSERT(try_module_get(NULL));	/* built-in code */
	module_put(NULL);
}

/* linux/utsname.h: one namespace holding what uname(2) says. */
KWT_TEST("COMPAT-task", utsname_is_the_processes_uname)
{
	struct utsname u;
	KWT_ASSERT_EQ(uname(&u), 0);
	KWT_ASSERT_STREQ(init_uts_ns.name.sysname, u.sysname);
	KWT_ASSERT_STREQ(init_utsname()->nodename, u.nodename);
	KWT_ASSERT_STREQ(utsname()->release, u.release);
	KWT_ASSERT_STREQ(utsname()->machine, u.machine);
	KWT_ASSERT(utsname() == &init_uts_ns.name);
	KWT_ASSERT_EQ(sizeof(init_uts_ns.name.version), (size_t)__NEW_UTS_LEN + 1);
}
