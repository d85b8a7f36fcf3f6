/*
 * softirq.c - tasklets on one "ksoftirqd/N" thread per virtual CPU.
 *
 * Layer: softirq (above the task core and wait queues, beside timers).
 * A process has no interrupts to return from, so softirqs never run "on
 * the way out of" anything: every tasklet runs on its CPU's ksoftirqd, as
 * the kernel's do when softirq load is high. That thread is started by the
 * first schedule on its CPU, is bound to that virtual CPU (smp_processor_id()
 * in a callback is the CPU that scheduled it) and runs each callback inside
 * kw__softirq_enter/exit, so the callback is atomic: in_softirq() is true and
 * sleeping WARNs.
 *
 * Each CPU has two lists, hi and normal (HI_SOFTIRQ runs before
 * TASKLET_SOFTIRQ). The thread takes a whole list at a time (hi first) and
 * walks it as the kernel's tasklet_action_common(): take the run bit, and if
 * the tasklet is enabled clear the scheduled bit and call it; otherwise it
 * stays scheduled. The kernel puts such a tasklet back on the list and
 * raises the softirq again, which would make ksoftirqd spin until the
 * tasklet is enabled or its other run ends; here it goes on the CPU's held
 * list instead, and the event that makes it runnable (the count reaching 0
 * in kw_tasklet_enable, the run bit clearing in kw_tasklet_unlock) puts
 * every held tasklet back and wakes the thread. The held side and the
 * releasing side each do "publish, full barrier, check the other" (nr_held
 * against the count / run bit), so neither misses the other.
 *
 * kw_tasklet_kill, kw_tasklet_unlock_wait and kw_tasklet_disable sleep on one
 * wait queue (the kernel's wait_var_event on t->state); the bits' writers
 * wake it when nr_waiters says somebody sleeps there.
 *
 * Locks: each softirq_cpu.lock guards its lists, its held lists, its thread
 * fields and the next pointers of tasklets on them (L). The state bits and
 * count are atomics (A). Lock order: never two CPU locks at once.
 */
#include "task_internal.h"
#include "module_internal.h"
#include "teardown_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

enum { HI, NORMAL, NR_LISTS };

struct tl_list {
	struct kw_tasklet *head;	/* L */
	struct kw_tasklet *tail;	/* L: valid when head != NULL */
};

static struct softirq_cpu {
	kw_spinlock_t lock;
	struct tl_list vec[NR_LISTS];	/* L: scheduled, to run */
	struct tl_list held[NR_LISTS];	/* L: scheduled, found not runnable */
	bool started;			/* L: a thread runs for this CPU */
	bool stopping;			/* L: teardown asked */
	bool sleeping;			/* L: the thread is in (or entering) sleep */
	struct kw__task *task;		/* L: the thread's task while started */
	pthread_t thread;		/* L */
} cpus[KW_NR_CPUS];

static unsigned long nr_held;		/* A: tasklets on held lists, all CPUs */
static unsigned long nr_waiters;	/* A: tasks sleeping on state_wq */
static struct kw_wait_queue_head state_wq = KW_WAIT_QUEUE_HEAD_INITIALIZER(state_wq);

/* The tasklet whose callback this thread is running (ksoftirqd only). */
static KW__TLS struct kw_tasklet *running_here;

/* ---- state bits ------------------------------------------------------------ */

#define SCHED_BIT (1UL << KW_TASKLET_STATE_SCHED)
#define RUN_BIT (1UL << KW_TASKLET_STATE_RUN)

static bool test_and_set(struct kw_tasklet *t, unsigned long bit)
{
	return __atomic_fetch_or(&t->state, bit, __ATOMIC_SEQ_CST) & bit;
}

static bool test_and_clear(struct kw_tasklet *t, unsigned long bit)
{
	return __atomic_fetch_and(&t->state, ~bit, __ATOMIC_SEQ_CST) & bit;
}

static bool test_state(const struct kw_tasklet *t, unsigned long bit)
{
	return __atomic_load_n(&t->state, __ATOMIC_SEQ_CST) & bit;
}

static void wake_state_waiters(void)
{
	if (__atomic_load_n(&nr_waiters, __ATOMIC_SEQ_CST))
		kw_wake_up_all(&state_wq);
}

/* Sleep until cond, registered in nr_waiters first (see wake_state_waiters). */
#define wait_state(cond)                                                   \
	do {                                                               \
		__atomic_fetch_add(&nr_waiters, 1, __ATOMIC_SEQ_CST);      \
		kw_wait_event(&state_wq, cond);                            \
		__atomic_fetch_sub(&nr_waiters, 1, __ATOMIC_SEQ_CST);      \
	} while (0)

bool kw_tasklet_is_scheduled(const struct kw_tasklet *t)
{
	return test_state(t, SCHED_BIT);
}

bool kw_tasklet_is_running(const struct kw_tasklet *t)
{
	return test_state(t, RUN_BIT);
}

/* ---- lists ------------------------------------------------------------------- */

static void list_append(struct tl_list *l, struct kw_tasklet *t)
{
	t->next = NULL;
	if (l->head)
		l->tail->next = t;
	else
		l->head = t;
	l->tail = t;
}

static void list_splice(struct tl_list *from, struct tl_list *to)
{
	if (!from->head)
		return;
	if (to->head)
		to->tail->next = from->head;
	else
		to->head = from->head;
	to->tail = from->tail;
	from->head = NULL;
}

static unsigned long list_count(const struct tl_list *l)
{
	unsigned long n = 0;
	for (const struct kw_tasklet *t = l->head; t; t = t->next)
		n++;
	return n;
}

static void wake_thread_locked(struct softirq_cpu *c)
{
	if (c->sleeping)
		kw_wake_up_process(&c->task->pub);
}

/* Put c's held tasklets back on its lists and wake its thread. */
static void release_held_on(struct softirq_cpu *c)
{
	kw_spin_lock(&c->lock);
	unsigned long n = 0;
	for (int i = 0; i < NR_LISTS; i++) {
		n += list_count(&c->held[i]);
		list_splice(&c->held[i], &c->vec[i]);
	}
	if (n) {
		__atomic_fetch_sub(&nr_held, n, __ATOMIC_SEQ_CST);
		wake_thread_locked(c);
	}
	kw_spin_unlock(&c->lock);
}

/* Something became runnable: give every held tasklet another try. */
static void release_held(void)
{
	if (kw_likely(!__atomic_load_n(&nr_held, __ATOMIC_SEQ_CST)))
		return;
	for (unsigned int cpu = 0; cpu < kw_nr_cpu_ids(); cpu++)
		release_held_on(&cpus[cpu]);
}

/* ---- the ksoftirqd thread ------------------------------------------------------ */

static void call_tasklet(struct kw_tasklet *t, int list)
{
	unsigned int count = kw_preempt_count();
	const void *fn = t->use_callback ? (const void *)t->callback
					 : (const void *)t->func;

	kw__module_note_callback(fn);
	running_here = t;
	kw__softirq_enter();
	if (t->use_callback)
		t->callback(t);
	else
		t->func(t->data);
	kw__softirq_exit();
	running_here = NULL;
	if (kw_unlikely(kw_preempt_count() != count)) {
		kw_warn(__FILE__, __LINE__, __func__,
			"huh, entered softirq %u %s %p with preempt_count %08x, exited with %08x?",
			list == HI ? 0u : 6u, list == HI ? "HI" : "TASKLET",
			fn, count, kw_preempt_count());
		kw__preempt_depth = count & 0xffu;
	}
}

/* Not runnable now: park t on c's held list (re-checked, see the top). */
static void hold(struct softirq_cpu *c, int list, struct kw_tasklet *t)
{
	kw_spin_lock(&c->lock);
	list_append(&c->held[list], t);
	__atomic_fetch_add(&nr_held, 1, __ATOMIC_SEQ_CST);
	kw_spin_unlock(&c->lock);
	if (__atomic_load_n(&t->count.counter, __ATOMIC_SEQ_CST) == 0 &&
	    !test_state(t, RUN_BIT))
		release_held_on(c);
}

/* The kernel's tasklet_action_common over one taken list. */
static void run_list(struct softirq_cpu *c, int list, struct kw_tasklet *t)
{
	while (t) {
		struct kw_tasklet *next = t->next;

		if (kw_tasklet_trylock(t)) {
			if (kw_atomic_read(&t->count) == 0) {
				if (!test_and_clear(t, SCHED_BIT))
					KW_WARN(1, "tasklet %p on a ksoftirqd list was not scheduled",
						(void *)t);
				wake_state_waiters();
				/* As in the kernel the run bit is cleared after the
				 * callback: a callback must not free its tasklet. */
				call_tasklet(t, list);
				kw_tasklet_unlock(t);
				t = next;
				continue;
			}
			/*
			 * Disabled: drop the run bit without releasing the
			 * held lists (whoever waits on it sees the count too;
			 * the enable that zeroes it releases them). Releasing
			 * here would bounce two disabled tasklets forever.
			 */
			test_and_clear(t, RUN_BIT);
			wake_state_waiters();
		}
		hold(c, list, t);
		t = next;
	}
}

/* Take the next list to run (hi first). Return: its list index, or -1. */
static int take_locked(struct softirq_cpu *c, struct kw_tasklet **head)
{
	for (int i = 0; i < NR_LISTS; i++) {
		if (c->vec[i].head) {
			*head = c->vec[i].head;
			c->vec[i].head = NULL;
			return i;
		}
	}
	return -1;
}

static void idle_locked(struct softirq_cpu *c)
{
	c->sleeping = true;
	kw_set_current_state(KW_TASK_IDLE);
	kw__set_blocked("smpboot_thread_fn", c);
	kw_spin_unlock(&c->lock);
	kw_schedule();
	kw_spin_lock(&c->lock);
	c->sleeping = false;
}

static void *ksoftirqd(void *arg)
{
	struct softirq_cpu *c = arg;
	struct kw__task *self;

	kw_spin_lock(&c->lock);
	self = c->task;
	kw_spin_unlock(&c->lock);
	kw__task_attach_self(self);
	kw__thread_set_name_self(self->pub.comm);

	kw_spin_lock(&c->lock);
	for (;;) {
		struct kw_tasklet *head;
		int list = take_locked(c, &head);
		if (list >= 0) {
			kw_spin_unlock(&c->lock);
			run_list(c, list, head);
			kw_spin_lock(&c->lock);
			continue;
		}
		if (c->stopping)
			break;
		idle_locked(c);
	}
	c->started = false;
	c->stopping = false;
	c->task = NULL;
	kw_spin_unlock(&c->lock);
	kw__task_detach_self();
	kw_put_task_struct(&self->pub);
	return NULL;
}

static void register_atfork(void);
static struct kw__teardown softirq_teardown;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

/* Start ksoftirqd/cpu, under c->lock (the thread waits for it). */
static void start_thread_locked(struct softirq_cpu *c, unsigned int cpu)
{
	struct kw__task *t = kw__task_alloc();
	int err = ENOMEM;

	pthread_once(&atfork_once, register_atfork);
	kw__teardown_register(&softirq_teardown);
	if (t) {
		t->pub.flags = KW_PF_KTHREAD | KW_PF_NOFREEZE | KW_PF_NO_SETAFFINITY;
		t->cpu = (int)cpu;
		snprintf(t->pub.comm, sizeof(t->pub.comm), "ksoftirqd/%u", cpu);
		snprintf(t->full_name, sizeof(t->full_name), "ksoftirqd/%u", cpu);
		c->task = t;
		err = kw__thread_spawn(&c->thread, ksoftirqd, c);
	}
	if (err) {
		static bool once;
		c->task = NULL;
		if (t)
			kw_put_task_struct(&t->pub);
		if (!__atomic_exchange_n(&once, true, __ATOMIC_RELAXED))
			kw_printk(KW_SOH "3" "softirq: cannot start ksoftirqd/%u (%s); its tasklets wait for the next schedule\n",
				  cpu, strerror(err));
		return;
	}
	c->started = true;
}

/* ---- scheduling ------------------------------------------------------------------ */

static void schedule_on(struct kw_tasklet *t, int list)
{
	if (test_and_set(t, SCHED_BIT))
		return;	/* already scheduled: it runs once */
	kw__init_once();
	unsigned int cpu = kw_smp_processor_id();
	struct softirq_cpu *c = &cpus[cpu];

	kw_spin_lock(&c->lock);
	list_append(&c->vec[list], t);
	if (!c->started)
		start_thread_locked(c, cpu);
	else
		wake_thread_locked(c);
	kw_spin_unlock(&c->lock);
}

void kw_tasklet_schedule(struct kw_tasklet *t)
{
	schedule_on(t, NORMAL);
}

void kw_tasklet_hi_schedule(struct kw_tasklet *t)
{
	schedule_on(t, HI);
}

/* ---- initialisation, the run bit, disable and kill ------------------------------------ */

static void init_common(struct kw_tasklet *t)
{
	t->next = NULL;
	t->state = 0;
	kw_atomic_set(&t->count, 0);
	t->data = 0;
}

void kw_tasklet_setup(struct kw_tasklet *t, void (*callback)(struct kw_tasklet *t))
{
	init_common(t);
	t->use_callback = true;
	t->callback = callback;
}

void kw_tasklet_init(struct kw_tasklet *t, void (*func)(unsigned long),
		     unsigned long data)
{
	init_common(t);
	t->use_callback = false;
	t->func = func;
	t->data = data;
}

bool kw_tasklet_trylock(struct kw_tasklet *t)
{
	return !test_and_set(t, RUN_BIT);
}

void kw_tasklet_unlock(struct kw_tasklet *t)
{
	test_and_clear(t, RUN_BIT);
	wake_state_waiters();
	release_held();
}

/* Would waiting for t's run to end wait for the caller itself? */
static bool waits_for_itself(struct kw_tasklet *t, const char *what)
{
	if (kw_likely(running_here != t))
		return false;
	KW_WARN(1, "%s() called from the callback of tasklet %p (%ps): it would wait for itself",
		what, (void *)t,
		t->use_callback ? (void *)t->callback : (void *)t->func);
	return true;
}

void kw_tasklet_unlock_wait(struct kw_tasklet *t)
{
	if (waits_for_itself(t, "tasklet_unlock_wait"))
		return;
	wait_state(!test_state(t, RUN_BIT));
}

void kw_tasklet_unlock_spin_wait(struct kw_tasklet *t)
{
	if (waits_for_itself(t, "tasklet_unlock_spin_wait"))
		return;
	while (test_state(t, RUN_BIT))
		kw_cpu_relax();
}

void kw_tasklet_disable_nosync(struct kw_tasklet *t)
{
	kw_atomic_inc(&t->count);
	kw_smp_mb();
}

void kw_tasklet_disable(struct kw_tasklet *t)
{
	kw_tasklet_disable_nosync(t);
	if (waits_for_itself(t, "tasklet_disable"))
		return;
	kw_tasklet_unlock_wait(t);
	kw_smp_mb();
}

void kw_tasklet_disable_in_atomic(struct kw_tasklet *t)
{
	kw_tasklet_disable_nosync(t);
	kw_tasklet_unlock_spin_wait(t);
	kw_smp_mb();
}

bool kw_tasklet_enable(struct kw_tasklet *t)
{
	kw_smp_mb();
	if (!kw_atomic_dec_and_test(&t->count))
		return false;
	release_held();
	return true;
}

void kw_tasklet_kill(struct kw_tasklet *t)
{
	if (kw_in_softirq())
		kw_printk(KW_SOH "5" "Attempt to kill tasklet from interrupt\n");
	if (waits_for_itself(t, "tasklet_kill"))
		return;
	while (test_and_set(t, SCHED_BIT))
		wait_state(!test_state(t, SCHED_BIT));
	kw_tasklet_unlock_wait(t);
	test_and_clear(t, SCHED_BIT);
	wake_state_waiters();
}

/* ---- bottom halves ------------------------------------------------------------------ */

static KW__TLS unsigned int bh_disable_depth;	/* local_bh_disable nesting */

void kw_local_bh_disable(void)
{
	kw__softirq_enter();
	bh_disable_depth++;
}

void kw_local_bh_enable(void)
{
	if (KW_WARN_ON_ONCE(bh_disable_depth == 0))
		return;
	bh_disable_depth--;
	kw__softirq_exit();
}

bool kw_in_serving_softirq(void)
{
	/* preempt_count's softirq byte counts callbacks and bh sections. */
	return (kw_preempt_count() >> 8) > bh_disable_depth;
}

/* ---- interrupts ---------------------------------------------------------------------- */

static KW__TLS bool irqs_off;	/* local_irq_disable: this thread only */

void kw_local_irq_disable(void)
{
	if (irqs_off)
		return;
	irqs_off = true;
	kw_preempt_disable();
}

void kw_local_irq_enable(void)
{
	if (!irqs_off)
		return;
	irqs_off = false;
	kw_preempt_enable();
}

unsigned long kw_local_irq_save(void)
{
	unsigned long flags = irqs_off;
	kw_local_irq_disable();
	return flags;
}

void kw_local_irq_restore(unsigned long flags)
{
	if (!flags)
		kw_local_irq_enable();
}

bool kw_irqs_disabled(void)
{
	return irqs_off;
}

int kw_request_irq(unsigned int irq, const char *name)
{
	kw_printk(KW_SOH "3" "%s: request_irq(%u) failed: kwork runs in a process, there is no hardware and no interrupt line to request (-ENOSYS)\n",
		  name ? name : "?", irq);
	return -ENOSYS;
}

const void *kw_free_irq(unsigned int irq)
{
	KW_WARN(1, "Trying to free already-free IRQ %u", irq);
	return NULL;
}

/* ---- teardown, fork, leftovers ------------------------------------------------------ */

static bool idle_locked_cpu(const struct softirq_cpu *c)
{
	for (int i = 0; i < NR_LISTS; i++)
		if (c->vec[i].head || c->held[i].head)
			return false;
	return true;
}

/* Stop and join cpu's thread if it runs and has nothing to do. */
static void shutdown_cpu(struct softirq_cpu *c)
{
	kw_spin_lock(&c->lock);
	if (!c->started || c->stopping || !idle_locked_cpu(c) ||
	    c->task == kw__self()) {
		kw_spin_unlock(&c->lock);
		return;
	}
	pthread_t thread = c->thread;
	c->stopping = true;
	wake_thread_locked(c);
	kw_spin_unlock(&c->lock);
	pthread_join(thread, NULL);
}

/* Teardown: tasklets still scheduled keep their CPU's thread. */
static unsigned int cpus_with_tasklets(void)
{
	unsigned int n = 0;
	for (unsigned int cpu = 0; cpu < kw_nr_cpu_ids(); cpu++) {
		kw_spin_lock(&cpus[cpu].lock);
		n += !idle_locked_cpu(&cpus[cpu]);
		kw_spin_unlock(&cpus[cpu].lock);
	}
	return n;
}

static bool softirq_busy(char *why, size_t size)
{
	unsigned int n = cpus_with_tasklets();
	if (n)
		snprintf(why, size, "tasklets scheduled on %u CPU%s", n, n == 1 ? "" : "s");
	return n != 0;
}

/* Stop and join every idle ksoftirqd/N; a later schedule starts a new one. */
static bool softirq_stop(char *why, size_t size)
{
	if (KW_WARN(running_here, "kwork teardown called from a tasklet"))
		return false;
	for (unsigned int cpu = 0; cpu < kw_nr_cpu_ids(); cpu++)
		shutdown_cpu(&cpus[cpu]);
	return !softirq_busy(why, size);
}

/* ksoftirqd runs user callbacks: it stops with the workqueues, before ktimers. */
static struct kw__teardown softirq_teardown = {
	.name = "ksoftirqd", .order = KW__TEARDOWN_CALLBACKS,
	.busy = softirq_busy, .stop = softirq_stop,
};

/* fork(): the child has no ksoftirqd threads; its lists stay scheduled. */
static void fork_prepare(void)
{
	for (unsigned int cpu = 0; cpu < kw_nr_cpu_ids(); cpu++)
		kw_spin_lock(&cpus[cpu].lock);
}

static void fork_parent(void)
{
	for (unsigned int cpu = kw_nr_cpu_ids(); cpu-- > 0;)
		kw_spin_unlock(&cpus[cpu].lock);
}

static void fork_child(void)
{
	for (unsigned int cpu = kw_nr_cpu_ids(); cpu-- > 0;) {
		struct softirq_cpu *c = &cpus[cpu];
		c->started = false;
		c->stopping = false;
		c->sleeping = false;
		c->task = NULL;
		kw_spin_unlock(&c->lock);
	}
	running_here = NULL;
}

static void register_atfork(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

static unsigned int report_list(const struct tl_list *l, unsigned int cpu)
{
	unsigned int n = 0;
	for (const struct kw_tasklet *t = l->head; t; t = t->next) {
		const void *fn = t->use_callback ? (const void *)t->callback
						 : (const void *)t->func;
		if (!kw__module_owns(fn) && !kw__module_owns(t))
			continue;
		kw_printk(KW_SOH "3" "%s: tasklet %ps still scheduled on CPU %u after module unload (tasklet_kill() not called)\n",
			  kw__module_name(), fn, cpu);
		n++;
	}
	return n;
}

static unsigned int report_tasklets(void)
{
	unsigned int n = 0;
	for (unsigned int cpu = 0; cpu < kw_nr_cpu_ids(); cpu++) {
		struct softirq_cpu *c = &cpus[cpu];
		kw_spin_lock(&c->lock);
		for (int i = 0; i < NR_LISTS; i++)
			n += report_list(&c->vec[i], cpu) + report_list(&c->held[i], cpu);
		kw_spin_unlock(&c->lock);
	}
	return n;
}

static struct kw__leftover_reporter reporter = {
	.what = "tasklet_struct",
	.report = report_tasklets,
};

__attribute__((constructor)) static void softirq_constructor(void)
{
	kw__module_add_reporter(&reporter);
}
