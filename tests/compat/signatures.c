/*
 * signatures.c - the compat headers' declarations against the kernel's
 * (6.12, the version kwork claims), checked by the compiler alone.
 *
 * Kernel-module code and conformance suites take the address of kernel
 * functions (ops tables, function-pointer comparisons), keep their results
 * in variables of the kernel's types (bool, int, long, unsigned long, u64),
 * print them with the kernel's formats and compile with -Wall -Wextra
 * -Werror. So for every function the kernel declares (extern or static
 * inline) this file takes its address and checks it against the kernel's
 * exact function-pointer type; for what the kernel makes a macro it checks
 * the type of the value the macro yields; for constants it checks values
 * and types; and it uses the initialisers and helpers where the kernel
 * allows them (file scope, struct members, arrays, const pointers).
 *
 * Compile-only: the target is built by the compat_signatures test with
 * -Wall -Wextra -Werror as C (gnu11); it is never run. Written from the
 * kernel's documented prototypes, not from its text.
 */
#include <linux/bitops.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <limits.h>

/* Types a and b are compatible (for functions: the same prototype). */
#define SAME(a, ...) __builtin_types_compatible_p(a, __VA_ARGS__)
/* fn's address has exactly the kernel's type. */
#define SIG(fn, ...)                                                        \
	_Static_assert(SAME(__typeof__(&fn), __VA_ARGS__),                  \
		       #fn " does not have the kernel's prototype")
/* expr (not evaluated) has the kernel's type. */
#define TYPE(expr, ...)                                                     \
	_Static_assert(SAME(__typeof__(expr), __VA_ARGS__),                 \
		       #expr " does not have the kernel's type")
#define VAL(c, v) _Static_assert((c) == (v), #c " is not the kernel's value")

/* ---- integer types (linux/types.h) --------------------------------------- */

TYPE(u64, unsigned long long);
TYPE(s64, long long);
TYPE(u32, unsigned int);
TYPE(s32, int);

/* ---- linux/workqueue.h ------------------------------------------------------ */

TYPE(work_func_t, void (*)(struct work_struct *));
SIG(alloc_workqueue, struct workqueue_struct *(*)(const char *, unsigned int,
						   int, ...));
SIG(destroy_workqueue, void (*)(struct workqueue_struct *));
SIG(queue_work_on, bool (*)(int, struct workqueue_struct *,
			    struct work_struct *));
SIG(queue_work_node, bool (*)(int, struct workqueue_struct *,
			      struct work_struct *));
SIG(queue_work, bool (*)(struct workqueue_struct *, struct work_struct *));
SIG(queue_delayed_work_on, bool (*)(int, struct workqueue_struct *,
				    struct delayed_work *, unsigned long));
SIG(queue_delayed_work, bool (*)(struct workqueue_struct *,
				 struct delayed_work *, unsigned long));
SIG(mod_delayed_work_on, bool (*)(int, struct workqueue_struct *,
				  struct delayed_work *, unsigned long));
SIG(mod_delayed_work, bool (*)(struct workqueue_struct *,
			       struct delayed_work *, unsigned long));
SIG(queue_rcu_work, bool (*)(struct workqueue_struct *, struct rcu_work *));
SIG(schedule_work_on, bool (*)(int, struct work_struct *));
SIG(schedule_work, bool (*)(struct work_struct *));
SIG(schedule_delayed_work_on, bool (*)(int, struct delayed_work *,
				       unsigned long));
SIG(schedule_delayed_work, bool (*)(struct delayed_work *, unsigned long));
SIG(drain_workqueue, void (*)(struct workqueue_struct *));
SIG(schedule_on_each_cpu, int (*)(work_func_t));
SIG(flush_work, bool (*)(struct work_struct *));
SIG(cancel_work, bool (*)(struct work_struct *));
SIG(cancel_work_sync, bool (*)(struct work_struct *));
SIG(flush_delayed_work, bool (*)(struct delayed_work *));
SIG(cancel_delayed_work, bool (*)(struct delayed_work *));
SIG(cancel_delayed_work_sync, bool (*)(struct delayed_work *));
SIG(disable_work, bool (*)(struct work_struct *));
SIG(disable_work_sync, bool (*)(struct work_struct *));
SIG(enable_work, bool (*)(struct work_struct *));
SIG(enable_and_queue_work, bool (*)(struct workqueue_struct *,
				    struct work_struct *));
SIG(disable_delayed_work, bool (*)(struct delayed_work *));
SIG(disable_delayed_work_sync, bool (*)(struct delayed_work *));
SIG(enable_delayed_work, bool (*)(struct delayed_work *));
SIG(flush_rcu_work, bool (*)(struct rcu_work *));
SIG(workqueue_set_max_active, void (*)(struct workqueue_struct *, int));
SIG(current_work, struct work_struct *(*)(void));
SIG(current_is_workqueue_rescuer, bool (*)(void));
SIG(workqueue_congested, bool (*)(int, struct workqueue_struct *));
SIG(work_busy, unsigned int (*)(struct work_struct *));
SIG(set_worker_desc, void (*)(const char *, ...));
SIG(print_worker_info, void (*)(const char *, struct task_struct *));
SIG(show_all_workqueues, void (*)(void));
SIG(show_one_workqueue, void (*)(struct workqueue_struct *));
SIG(to_delayed_work, struct delayed_work *(*)(struct work_struct *));
SIG(to_rcu_work, struct rcu_work *(*)(struct work_struct *));
SIG(delayed_work_timer_fn, void (*)(struct timer_list *));
SIG(destroy_work_on_stack, void (*)(struct work_struct *));
SIG(destroy_delayed_work_on_stack, void (*)(struct delayed_work *));
SIG(wq_watchdog_touch, void (*)(int));
TYPE(system_wq, struct workqueue_struct *);
TYPE(system_highpri_wq, struct workqueue_struct *);
TYPE(system_long_wq, struct workqueue_struct *);
TYPE(system_unbound_wq, struct workqueue_struct *);
TYPE(system_freezable_wq, struct workqueue_struct *);
TYPE(system_power_efficient_wq, struct workqueue_struct *);
TYPE(system_freezable_power_efficient_wq, struct workqueue_struct *);

/* The kernel's enum values; enumerators are ints. */
VAL(WQ_BH, 1 << 0);
VAL(WQ_UNBOUND, 1 << 1);
VAL(WQ_FREEZABLE, 1 << 2);
VAL(WQ_MEM_RECLAIM, 1 << 3);
VAL(WQ_HIGHPRI, 1 << 4);
VAL(WQ_CPU_INTENSIVE, 1 << 5);
VAL(WQ_SYSFS, 1 << 6);
VAL(WQ_POWER_EFFICIENT, 1 << 7);
/* 2048 is 6.13's value: SEMANTICS chooses it over 6.12's 512. */
VAL(WQ_MAX_ACTIVE, 2048);
VAL(WQ_UNBOUND_MAX_ACTIVE, WQ_MAX_ACTIVE);
VAL(WQ_DFL_ACTIVE, WQ_MAX_ACTIVE / 2);
VAL(WORK_BUSY_PENDING, 1 << 0);
VAL(WORK_BUSY_RUNNING, 1 << 1);
TYPE(WQ_UNBOUND, int);
TYPE(WQ_MAX_ACTIVE, int);
TYPE(WORK_BUSY_PENDING, int);
TYPE(WORK_CPU_UNBOUND, int);

/* File-scope initialisers, as static definitions. */
static void wfn(struct work_struct *w) { (void)w; }
static DECLARE_WORK(s_work, wfn);
static DECLARE_DELAYED_WORK(s_dwork, wfn);
static DECLARE_DEFERRABLE_WORK(s_defwork, wfn);
static struct holder {
	int id;
	struct work_struct work;
	struct delayed_work dwork;
} s_holder = {
	.id = 1,
	.work = __WORK_INITIALIZER(s_holder.work, wfn),
	.dwork = __DELAYED_WORK_INITIALIZER(s_holder.dwork, wfn, 0),
};
static struct holder s_holders[3];

/* ---- linux/timer.h --------------------------------------------------------- */

SIG(add_timer, void (*)(struct timer_list *));
SIG(add_timer_on, void (*)(struct timer_list *, int));
SIG(add_timer_local, void (*)(struct timer_list *));
SIG(add_timer_global, void (*)(struct timer_list *));
SIG(mod_timer, int (*)(struct timer_list *, unsigned long));
SIG(mod_timer_pending, int (*)(struct timer_list *, unsigned long));
SIG(timer_reduce, int (*)(struct timer_list *, unsigned long));
SIG(timer_pending, int (*)(const struct timer_list *));
SIG(timer_delete, int (*)(struct timer_list *));
SIG(timer_delete_sync, int (*)(struct timer_list *));
SIG(timer_delete_sync_try, int (*)(struct timer_list *));
SIG(try_to_del_timer_sync, int (*)(struct timer_list *));
SIG(del_timer, int (*)(struct timer_list *));
SIG(del_timer_sync, int (*)(struct timer_list *));
SIG(timer_shutdown, int (*)(struct timer_list *));
SIG(timer_shutdown_sync, int (*)(struct timer_list *));
SIG(destroy_timer_on_stack, void (*)(struct timer_list *));
SIG(timer_destroy_on_stack, void (*)(struct timer_list *));
SIG(round_jiffies, unsigned long (*)(unsigned long));
SIG(round_jiffies_relative, unsigned long (*)(unsigned long));
SIG(round_jiffies_up, unsigned long (*)(unsigned long));
SIG(round_jiffies_up_relative, unsigned long (*)(unsigned long));
VAL(TIMER_DEFERRABLE, 0x00080000);
VAL(TIMER_PINNED, 0x00100000);
VAL(TIMER_IRQSAFE, 0x00200000);
VAL(TIMER_CPUMASK, 0x0003FFFF);
TYPE(TIMER_DEFERRABLE, int);
TYPE(TIMER_IRQSAFE, int);
TYPE(((struct timer_list *)0)->expires, unsigned long);
TYPE(((struct timer_list *)0)->function, void (*)(struct timer_list *));
TYPE(((struct timer_list *)0)->flags, u32);

struct tholder {
	int v;
	struct timer_list timer;
};
static void tfn(struct timer_list *t)
{
	struct tholder *a = from_timer(a, t, timer);
	struct tholder *b = timer_container_of(b, t, timer);
	(void)a;
	(void)b;
}
static DEFINE_TIMER(s_timer, tfn);
static struct tholder s_th = { .v = 0, .timer = __TIMER_INITIALIZER(tfn, 0) };

/* ---- linux/completion.h ---------------------------------------------------- */

SIG(init_completion, void (*)(struct completion *));
SIG(reinit_completion, void (*)(struct completion *));
SIG(complete, void (*)(struct completion *));
SIG(complete_all, void (*)(struct completion *));
SIG(complete_on_current_cpu, void (*)(struct completion *));
SIG(wait_for_completion, void (*)(struct completion *));
SIG(wait_for_completion_io, void (*)(struct completion *));
SIG(wait_for_completion_interruptible, int (*)(struct completion *));
SIG(wait_for_completion_killable, int (*)(struct completion *));
SIG(wait_for_completion_state, int (*)(struct completion *, unsigned int));
SIG(wait_for_completion_timeout, unsigned long (*)(struct completion *,
						   unsigned long));
SIG(wait_for_completion_io_timeout, unsigned long (*)(struct completion *,
						      unsigned long));
SIG(wait_for_completion_interruptible_timeout,
    long (*)(struct completion *, unsigned long));
SIG(wait_for_completion_killable_timeout,
    long (*)(struct completion *, unsigned long));
SIG(try_wait_for_completion, bool (*)(struct completion *));
SIG(completion_done, bool (*)(struct completion *));
TYPE(((struct completion *)0)->done, unsigned int);
static DECLARE_COMPLETION(s_done);

/* ---- linux/wait.h ---------------------------------------------------------------- */

TYPE(wait_queue_func_t, int (*)(struct wait_queue_entry *, unsigned int, int,
				void *));
SIG(default_wake_function, int (*)(struct wait_queue_entry *, unsigned int,
				   int, void *));
SIG(autoremove_wake_function, int (*)(struct wait_queue_entry *, unsigned int,
				      int, void *));
SIG(woken_wake_function, int (*)(struct wait_queue_entry *, unsigned int, int,
				 void *));
SIG(wait_woken, long (*)(struct wait_queue_entry *, unsigned int, long));
SIG(add_wait_queue, void (*)(struct wait_queue_head *,
			     struct wait_queue_entry *));
SIG(add_wait_queue_exclusive, void (*)(struct wait_queue_head *,
				       struct wait_queue_entry *));
SIG(remove_wait_queue, void (*)(struct wait_queue_head *,
				struct wait_queue_entry *));
SIG(prepare_to_wait, void (*)(struct wait_queue_head *,
			      struct wait_queue_entry *, int));
SIG(prepare_to_wait_exclusive, bool (*)(struct wait_queue_head *,
					struct wait_queue_entry *, int));
SIG(prepare_to_wait_event, long (*)(struct wait_queue_head *,
				    struct wait_queue_entry *, int));
SIG(finish_wait, void (*)(struct wait_queue_head *,
			  struct wait_queue_entry *));
SIG(init_wait_entry, void (*)(struct wait_queue_entry *, int));
SIG(init_waitqueue_entry, void (*)(struct wait_queue_entry *,
				   struct task_struct *));
SIG(init_waitqueue_func_entry, void (*)(struct wait_queue_entry *,
					wait_queue_func_t));
SIG(__wake_up, int (*)(struct wait_queue_head *, unsigned int, int, void *));
SIG(__wake_up_locked, void (*)(struct wait_queue_head *, unsigned int, int));
SIG(waitqueue_active, int (*)(struct wait_queue_head *));
SIG(wq_has_sleeper, bool (*)(struct wait_queue_head *));
VAL(WQ_FLAG_EXCLUSIVE, 0x01);
VAL(WQ_FLAG_WOKEN, 0x02);
TYPE(((struct wait_queue_entry *)0)->flags, unsigned int);
TYPE(((struct wait_queue_entry *)0)->private, void *);
TYPE(((struct wait_queue_entry *)0)->func, wait_queue_func_t);
static DECLARE_WAIT_QUEUE_HEAD(s_wq);

/* ---- linux/delay.h ------------------------------------------------------------ */

SIG(msleep, void (*)(unsigned int));
SIG(schedule_hrtimeout, int (*)(ktime_t *, const enum hrtimer_mode));
SIG(schedule_hrtimeout_range, int (*)(ktime_t *, u64, const enum hrtimer_mode));
SIG(schedule_hrtimeout_range_clock, int (*)(ktime_t *, u64, const enum hrtimer_mode,
					    clockid_t));
SIG(msleep_interruptible, unsigned long (*)(unsigned int));
SIG(ssleep, void (*)(unsigned int));
SIG(usleep_range, void (*)(unsigned long, unsigned long));
SIG(usleep_range_state, void (*)(unsigned long, unsigned long, unsigned int));
SIG(fsleep, void (*)(unsigned long));

/* ---- linux/jiffies.h ------------------------------------------------------------ */

TYPE(jiffies, unsigned long);
TYPE(jiffies_64, u64);
SIG(get_jiffies_64, u64 (*)(void));
SIG(msecs_to_jiffies, unsigned long (*)(const unsigned int));
SIG(usecs_to_jiffies, unsigned long (*)(const unsigned int));
SIG(nsecs_to_jiffies, unsigned long (*)(u64));
SIG(jiffies_to_msecs, unsigned int (*)(const unsigned long));
SIG(jiffies_to_usecs, unsigned int (*)(const unsigned long));
SIG(jiffies_to_nsecs, u64 (*)(const unsigned long));
TYPE(HZ, int);
TYPE(MAX_JIFFY_OFFSET, long);
TYPE(MSEC_PER_SEC, long);
TYPE(USEC_PER_SEC, long);
TYPE(NSEC_PER_SEC, long);
TYPE(NSEC_PER_MSEC, long);
TYPE(NSEC_PER_USEC, long);
VAL(MSEC_PER_SEC, 1000);
VAL(NSEC_PER_SEC, 1000000000);

/* ---- linux/sched.h and linux/sched/ ---------------------------------------------- */

SIG(schedule, void (*)(void));
SIG(schedule_timeout, long (*)(long));
SIG(schedule_timeout_interruptible, long (*)(long));
SIG(schedule_timeout_killable, long (*)(long));
SIG(schedule_timeout_uninterruptible, long (*)(long));
SIG(schedule_timeout_idle, long (*)(long));
SIG(wake_up_process, int (*)(struct task_struct *));
SIG(wake_up_state, int (*)(struct task_struct *, unsigned int));
SIG(get_task_struct, struct task_struct *(*)(struct task_struct *));
SIG(put_task_struct, void (*)(struct task_struct *));
SIG(signal_pending, int (*)(struct task_struct *));
SIG(fatal_signal_pending, int (*)(struct task_struct *));
SIG(set_user_nice, void (*)(struct task_struct *, long));
SIG(sched_set_fifo, void (*)(struct task_struct *));
SIG(sched_set_fifo_low, void (*)(struct task_struct *));
SIG(sched_set_normal, void (*)(struct task_struct *, int));
SIG(need_resched, bool (*)(void));
TYPE(MAX_SCHEDULE_TIMEOUT, long);
VAL(MAX_SCHEDULE_TIMEOUT, LONG_MAX);
VAL(TASK_RUNNING, 0x0000);
VAL(TASK_INTERRUPTIBLE, 0x0001);
VAL(TASK_UNINTERRUPTIBLE, 0x0002);
VAL(TASK_PARKED, 0x0040);
VAL(TASK_DEAD, 0x0080);
VAL(TASK_WAKEKILL, 0x0100);
VAL(TASK_NOLOAD, 0x0400);
VAL(TASK_NEW, 0x0800);
VAL(TASK_KILLABLE, TASK_WAKEKILL | TASK_UNINTERRUPTIBLE);
VAL(TASK_IDLE, TASK_UNINTERRUPTIBLE | TASK_NOLOAD);
VAL(TASK_NORMAL, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
TYPE(TASK_RUNNING, int);
TYPE(TASK_INTERRUPTIBLE, int);
TYPE(TASK_IDLE, int);
VAL(PF_EXITING, 0x00000004);
VAL(PF_WQ_WORKER, 0x00000020);
VAL(PF_KTHREAD, 0x00200000);
TYPE(PF_KTHREAD, int);
VAL(TASK_COMM_LEN, 16);
TYPE(((struct task_struct *)0)->pid, pid_t);
TYPE(((struct task_struct *)0)->comm, char[TASK_COMM_LEN]);
TYPE(((struct task_struct *)0)->flags, unsigned int);

/* ---- linux/kthread.h ----------------------------------------------------------- */

SIG(kthread_create_on_node, struct task_struct *(*)(int (*)(void *), void *,
						    int, const char[], ...));
SIG(kthread_create_on_cpu, struct task_struct *(*)(int (*)(void *), void *,
						   unsigned int,
						   const char *));
SIG(kthread_run_on_cpu, struct task_struct *(*)(int (*)(void *), void *,
						unsigned int, const char *));
SIG(get_kthread_comm, void (*)(char *, size_t, struct task_struct *));
SIG(kthread_bind, void (*)(struct task_struct *, unsigned int));
SIG(kthread_bind_mask, void (*)(struct task_struct *, const struct cpumask *));
SIG(kthread_stop, int (*)(struct task_struct *));
SIG(kthread_stop_put, int (*)(struct task_struct *));
SIG(kthread_should_stop, bool (*)(void));
SIG(kthread_should_park, bool (*)(void));
SIG(kthread_should_stop_or_park, bool (*)(void));
SIG(kthread_freezable_should_stop, bool (*)(bool *));
SIG(kthread_func, void *(*)(struct task_struct *));
SIG(kthread_data, void *(*)(struct task_struct *));
SIG(kthread_probe_data, void *(*)(struct task_struct *));
SIG(kthread_park, int (*)(struct task_struct *));
SIG(kthread_unpark, void (*)(struct task_struct *));
SIG(kthread_parkme, void (*)(void));
/* __noreturn is part of the function's type for GCC: compare with one. */
extern void ref_exit(long) __attribute__((noreturn));
extern void ref_complete_and_exit(struct completion *, long)
	__attribute__((noreturn));
SIG(kthread_exit, __typeof__(&ref_exit));
SIG(kthread_complete_and_exit, __typeof__(&ref_complete_and_exit));
TYPE(kthread_work_func_t, void (*)(struct kthread_work *));
SIG(kthread_delayed_work_timer_fn, void (*)(struct timer_list *));
SIG(kthread_worker_fn, int (*)(void *));
SIG(kthread_create_worker, struct kthread_worker *(*)(unsigned int,
						      const char[], ...));
SIG(kthread_create_worker_on_cpu,
    struct kthread_worker *(*)(int, unsigned int, const char[], ...));
SIG(kthread_run_worker_on_cpu,
    struct kthread_worker *(*)(int, unsigned int, const char[]));
SIG(kthread_queue_work, bool (*)(struct kthread_worker *,
				 struct kthread_work *));
SIG(kthread_queue_delayed_work, bool (*)(struct kthread_worker *,
					 struct kthread_delayed_work *,
					 unsigned long));
SIG(kthread_mod_delayed_work, bool (*)(struct kthread_worker *,
				       struct kthread_delayed_work *,
				       unsigned long));
SIG(kthread_flush_work, void (*)(struct kthread_work *));
SIG(kthread_flush_worker, void (*)(struct kthread_worker *));
SIG(kthread_cancel_work_sync, bool (*)(struct kthread_work *));
SIG(kthread_cancel_delayed_work_sync, bool (*)(struct kthread_delayed_work *));
SIG(kthread_destroy_worker, void (*)(struct kthread_worker *));
VAL(KTW_FREEZABLE, 1 << 0);
TYPE(KTW_FREEZABLE, int);

static void kwfn(struct kthread_work *w) { (void)w; }
static DEFINE_KTHREAD_WORK(s_kwork, kwfn);
static DEFINE_KTHREAD_DELAYED_WORK(s_kdwork, kwfn);
static struct kholder {
	struct kthread_work work;
	struct kthread_delayed_work dwork;
} s_kh = {
	.work = KTHREAD_WORK_INIT(s_kh.work, kwfn),
	.dwork = KTHREAD_DELAYED_WORK_INIT(s_kh.dwork, kwfn),
};

/* ---- values of the macros the kernel defines as expressions ------------------ */

static int thread_fn(void *data) { (void)data; return 0; }
static int wake_fn(struct wait_queue_entry *e, unsigned int mode, int flags,
		   void *key)
{
	return autoremove_wake_function(e, mode, flags, key);
}

/* Never called: every expression below is only looked at by the compiler. */
void kw_compat_signatures(const struct work_struct *cw,
			  const struct delayed_work *cdw, int i);
void kw_compat_signatures(const struct work_struct *cw,
			  const struct delayed_work *cdw, int i)
{
	struct kthread_worker kw;
	struct kthread_work kwork;
	struct kthread_delayed_work kdwork;
	struct timer_list t;
	unsigned long j = jiffies;
	long remaining;
	u64 j64 = get_jiffies_64();
	DECLARE_COMPLETION_ONSTACK(done);
	struct completion done2 = COMPLETION_INITIALIZER_ONSTACK(done2);
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
	wait_queue_head_t wq2;
	DEFINE_WAIT(wait);
	DEFINE_WAIT_FUNC(wait2, wake_fn);
	struct task_struct *k;
	atomic64_t a64 = ATOMIC64_INIT(0);

	/* work_pending() and friends read a const work item. */
	TYPE(!!work_pending(cw), int);
	if (work_pending(cw) || delayed_work_pending(cdw))
		return;

	/* INIT_* on members of array elements, in an unbraced if. */
	if (i >= 0 && i < 3)
		INIT_WORK(&s_holders[i].work, wfn);
	else
		INIT_DELAYED_WORK(&s_holders[0].dwork, wfn);
	INIT_DEFERRABLE_WORK(&s_holders[1].dwork, wfn);
	INIT_WORK_ONSTACK(&s_holders[2].work, wfn);
	(void)to_delayed_work(&s_holders[0].dwork.work);

	/* wait_event*() yield the kernel's types. */
	TYPE(wait_event_timeout(wq, j > 0, 1), long);
	TYPE(wait_event_interruptible(wq, j > 0), int);
	TYPE(wait_event_interruptible_timeout(wq, j > 0, 1), long);
	TYPE(wait_event_killable(wq, j > 0), int);
	TYPE(wait_event_idle_timeout(wq, j > 0, 1), long);
	TYPE(wait_event_killable_timeout(wq, j > 0, 1), long);
	TYPE(wait_event_interruptible_exclusive(wq, j > 0), int);
	TYPE(wait_event_freezable(wq, j > 0), int);
	remaining = wait_event_timeout(wq, j > 0, msecs_to_jiffies(10));
	if (remaining == MAX_SCHEDULE_TIMEOUT || remaining < 0)
		return;
	wait_event(wq, j > 0);
	init_waitqueue_head(&wq2);
	wake_up(&wq2);
	wake_up_interruptible(&wq2);
	wake_up_all(&wq2);
	prepare_to_wait(&wq, &wait, TASK_INTERRUPTIBLE);
	finish_wait(&wq, &wait);
	add_wait_queue(&wq, &wait2);
	remove_wait_queue(&wq, &wait2);

	/* jiffies arithmetic with the kernel's printk formats. */
	TYPE(time_after(j, j), int);
	TYPE(time_before_eq(j, j), int);
	pr_info("%lu %llu %u %llu\n", j, j64, jiffies_to_msecs(j),
		jiffies_to_nsecs(j));
	pr_info("%llu %lu\n", jiffies_64, msecs_to_jiffies(1));

	/* printk is __printf(1, 2): checked formats, an int result. */
	TYPE(printk(KERN_INFO "%d\n", 1), int);
	TYPE(bitmap_weight(&j, 3), unsigned int);
	pr_info("%lld %lld\n", atomic64_read(&a64), atomic64_inc_return(&a64));
	pr_info("%llu %lld\n", ktime_get_ns(), ktime_to_ns(ktime_get()));

	/* kthreads. */
	TYPE(kthread_create(thread_fn, NULL, "t%d", 1), struct task_struct *);
	TYPE(kthread_run(thread_fn, NULL, "t%d", 1), struct task_struct *);
	k = kthread_run(thread_fn, NULL, "t");
	if (!IS_ERR(k))
		kthread_stop(k);
	pr_info("%d %s %u\n", current->pid, current->comm, current->flags);
	kthread_init_worker(&kw);
	kthread_init_work(&kwork, kwfn);
	kthread_init_delayed_work(&kdwork, kwfn);
	TYPE(cond_resched(), int);
	set_current_state(TASK_INTERRUPTIBLE);
	__set_current_state(TASK_RUNNING);

	/* timers and completions. */
	timer_setup(&t, tfn, 0);
	timer_setup(&s_th.timer, tfn, TIMER_DEFERRABLE);
	reinit_completion(&done);
	complete(&done2);
	TYPE(wait_for_completion_timeout(&done, 1), unsigned long);
	TYPE(wait_for_completion_interruptible(&done), int);
}

/* The file-scope objects above, used (an unused static would warn). */
const void *const kw_compat_objects[] = {
	&s_work, &s_dwork, &s_defwork, &s_holder, &s_timer, &s_th, &s_done,
	&s_wq, &s_kwork, &s_kdwork, &s_kh,
};
