/*
 * kthread.c - kernel threads: kthreadd, create, stop, park, bind, exit.
 *
 * Layer: kthread. Threads that run here:
 *  - creators (any thread) queue a request and sleep until kthreadd answers;
 *  - kthreadd spawns each kthread from its own clean context (every signal
 *    blocked, the process's start-up affinity, SCHED_OTHER nice 0) and joins
 *    each kthread that has exited, then completes its "exited" completion,
 *    so kthread_stop() returns only once the OS thread is gone;
 *  - each kthread runs kthread_main(): it reports itself created, sleeps
 *    until first woken, then (unless asked to stop) parks if asked and calls
 *    threadfn(data). kthread_exit() longjmps back to kthread_main().
 *
 * Locks: kthreadd_lock protects create_list and reap_list. A kthread's flags
 * are atomic bits; its completions have their own locks.
 *
 * Lifetime: the creator gets a task pointer without a reference of its own
 * (as in the kernel); the thread's reference is dropped by kthreadd after it
 * is joined. Whoever may call kthread_stop() on a thread that can exit by
 * itself must hold a reference (get_task_struct / kthread_stop_put).
 */
#include "kthread_internal.h"
#include "debug_internal.h"
#include "teardown_internal.h"
#include "module_internal.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct create_request {
	struct kw__task *task;		/* allocated by the creator */
	int error;			/* set by kthreadd if spawning failed */
	bool done;			/* A: answered */
	struct kw_task *creator;
	struct kw_list_head node;	/* K: on create_list */
};

static kw_spinlock_t kthreadd_lock = KW_SPINLOCK_INIT;
static struct kw_list_head create_list = KW_LIST_HEAD_INIT(create_list); /* K */
static struct kw_list_head reap_list = KW_LIST_HEAD_INIT(reap_list);	 /* K */
static struct kw__task *kthreadd_task;	/* K: NULL until started */
static pthread_t kthreadd_thread;
static bool kthreadd_stopping;		/* K */
static unsigned int user_kthreads_alive;	/* A */
static unsigned int all_kthreads_alive;	/* A */

/* ---- the kthread's own side ------------------------------------------------- */

static void answer_creator(struct create_request *req)
{
	struct kw_task *creator = req->creator;
	__atomic_store_n(&req->done, true, __ATOMIC_RELEASE);
	kw_wake_up_process(creator);
}

static void kthread_parkme(struct kw__kthread *self)
{
	kw__set_blocked("kthread_parkme", NULL);
	for (;;) {
		kw_set_current_state(KW_TASK_PARKED);
		if (!(__atomic_load_n(&self->flags, __ATOMIC_ACQUIRE) &
		      KW__KTHREAD_SHOULD_PARK))
			break;
		kw_complete(&self->parked);
		kw_schedule();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	kw__set_blocked(NULL, NULL);
}

/* Hand ourselves to kthreadd for joining; the task must not be used after. */
static void queue_for_reaping(struct kw__task *t)
{
	kw_spin_lock(&kthreadd_lock);
	kw_list_add_tail(&t->kthread->reap_node, &reap_list);
	struct kw__task *reaper = kthreadd_task;
	kw_spin_unlock(&kthreadd_lock);
	kw_wake_up_process(&reaper->pub);
}

static void apply_binding(struct kw__task *t)
{
	struct kw__kthread *kt = t->kthread;
	if (!__atomic_load_n(&kt->bound, __ATOMIC_ACQUIRE))
		return;
	kw__thread_bind_self(&kt->bind_mask);
}

static void *kthread_main(void *arg)
{
	struct create_request *req = arg;
	struct kw__task *t = req->task;
	struct kw__kthread *self = t->kthread;

	kw__task_attach_self(t);
	kw__thread_set_name_self(t->pub.comm);
	/* Created asleep: threadfn waits for the first wake-up (K1). */
	kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
	answer_creator(req);		/* req is gone after this */
	kw__set_blocked("kthread (not started)", NULL);
	kw_schedule();
	__atomic_fetch_or(&self->flags, KW__KTHREAD_STARTED, __ATOMIC_ACQ_REL);
	apply_binding(t);

	self->result = -EINTR;
	if (setjmp(self->exit_jmp) == 0) {
		if (!(__atomic_load_n(&self->flags, __ATOMIC_ACQUIRE) &
		      KW__KTHREAD_SHOULD_STOP)) {
			kthread_parkme(self);
			kw__module_note_callback((const void *)self->threadfn);
			self->result = self->threadfn(self->data);
		}
	}
	__atomic_fetch_or(&self->flags, KW__KTHREAD_EXITING, __ATOMIC_ACQ_REL);
	__atomic_fetch_or(&t->pub.flags, KW_PF_EXITING, __ATOMIC_RELEASE);
	kw__task_detach_self();
	queue_for_reaping(t);
	return NULL;
}

/* ---- kthreadd ------------------------------------------------------------------ */

static void spawn_one(struct create_request *req)
{
	pthread_t th;
	int err = kw__thread_spawn(&th, kthread_main, req);
	if (err) {
		req->error = err == ENOMEM ? -ENOMEM : -EAGAIN;
		answer_creator(req);
		return;
	}
	/* req may be gone already: the new thread answered the creator. */
}

static void reap_one(struct kw__task *t)
{
	struct kw__kthread *kt = t->kthread;
	pthread_join(t->thread, NULL);
	if (__atomic_load_n(&kt->flags, __ATOMIC_RELAXED) & KW__KTHREAD_INTERNAL)
		__atomic_fetch_sub(&all_kthreads_alive, 1, __ATOMIC_RELEASE);
	else {
		__atomic_fetch_sub(&user_kthreads_alive, 1, __ATOMIC_RELEASE);
		__atomic_fetch_sub(&all_kthreads_alive, 1, __ATOMIC_RELEASE);
	}
	kw_complete_all(&kt->exited);
	kw_put_task_struct(&t->pub);
}

/* Take the next request or zombie. Return: false when told to stop. */
static bool kthreadd_next(struct create_request **req, struct kw__task **zombie)
{
	*req = NULL;
	*zombie = NULL;
	for (;;) {
		kw_set_current_state(KW_TASK_IDLE);
		kw_spin_lock(&kthreadd_lock);
		if (!kw_list_empty(&create_list)) {
			*req = kw_list_first_entry(&create_list,
						   struct create_request, node);
			kw_list_del_init(&(*req)->node);
		} else if (!kw_list_empty(&reap_list)) {
			struct kw__kthread *kt = kw_list_first_entry(
				&reap_list, struct kw__kthread, reap_node);
			kw_list_del_init(&kt->reap_node);
			*zombie = kt->task;
		}
		bool stop = kthreadd_stopping && !*req && !*zombie;
		kw_spin_unlock(&kthreadd_lock);
		if (*req || *zombie || stop) {
			kw_set_current_state_raw(KW_TASK_RUNNING);
			return !stop;
		}
		kw__set_blocked("kthreadd", NULL);
		kw_schedule();
	}
}

static void *kthreadd_main(void *arg)
{
	struct kw__task *t = arg;
	kw__task_attach_self(t);
	kw__thread_set_name_self("kthreadd");
	kw__thread_set_normal(t->pub.pid, 0);
	kw__thread_bind_self(kw_cpu_online_mask());
	struct create_request *req;
	struct kw__task *zombie;
	while (kthreadd_next(&req, &zombie)) {
		if (req)
			spawn_one(req);
		if (zombie)
			reap_one(zombie);
	}
	kw__task_detach_self();
	return NULL;
}

/* ---- teardown: kthreadd goes last, once no kthread is left ------------------------ */

static bool kthreads_busy(char *why, size_t size)
{
	unsigned int n = kw_kthreads_alive();
	if (n)
		snprintf(why, size, "%u kthread%s still running", n,
			 n == 1 ? "" : "s");
	return n != 0;
}

static bool kthreadd_stop(char *why, size_t size)
{
	if (kw__kthread_shutdown())
		return true;
	unsigned int n = __atomic_load_n(&all_kthreads_alive, __ATOMIC_ACQUIRE);
	snprintf(why, size, "%u kthread%s still running", n, n == 1 ? "" : "s");
	return false;
}

static struct kw__teardown kthreadd_teardown = {
	.name = "kthreadd", .order = KW__TEARDOWN_KTHREADD,
	.busy = kthreads_busy, .stop = kthreadd_stop,
};

/* Start kthreadd on first use. Return: 0 or -EAGAIN/-ENOMEM. */
static int start_kthreadd(void)
{
	kw_spin_lock(&kthreadd_lock);
	bool running = kthreadd_task != NULL;
	kw_spin_unlock(&kthreadd_lock);
	if (running)
		return 0;
	kw__teardown_register(&kthreadd_teardown);

	static kw_spinlock_t start_lock = KW_SPINLOCK_INIT;
	kw_spin_lock(&start_lock);
	int err = 0;
	if (!__atomic_load_n(&kthreadd_task, __ATOMIC_ACQUIRE)) {
		struct kw__task *t = kw__task_alloc();
		if (!t) {
			err = -ENOMEM;
		} else {
			t->pub.flags = KW_PF_KTHREAD | KW_PF_NOFREEZE;
			snprintf(t->pub.comm, sizeof(t->pub.comm), "kthreadd");
			snprintf(t->full_name, sizeof(t->full_name), "kthreadd");
			kw_spin_lock(&kthreadd_lock);
			kthreadd_task = t;
			kthreadd_stopping = false;
			kw_spin_unlock(&kthreadd_lock);
			int e = kw__thread_spawn(&kthreadd_thread, kthreadd_main, t);
			if (e) {
				kw_spin_lock(&kthreadd_lock);
				kthreadd_task = NULL;
				kw_spin_unlock(&kthreadd_lock);
				kw_put_task_struct(&t->pub);
				err = e == ENOMEM ? -ENOMEM : -EAGAIN;
			}
		}
	}
	kw_spin_unlock(&start_lock);
	return err;
}

bool kw__kthread_shutdown(void)
{
	kw_spin_lock(&kthreadd_lock);
	struct kw__task *t = kthreadd_task;
	bool idle = t && __atomic_load_n(&all_kthreads_alive, __ATOMIC_ACQUIRE) == 0 &&
		    kw_list_empty(&create_list) && kw_list_empty(&reap_list);
	if (idle)
		kthreadd_stopping = true;
	kw_spin_unlock(&kthreadd_lock);
	if (!idle)
		return t == NULL;
	kw_wake_up_process(&t->pub);
	pthread_join(kthreadd_thread, NULL);
	kw_spin_lock(&kthreadd_lock);
	kthreadd_task = NULL;
	kw_spin_unlock(&kthreadd_lock);
	kw_put_task_struct(&t->pub);
	return true;
}

/* ---- creation ------------------------------------------------------------------- */

static struct kw__task *alloc_kthread_task(int (*threadfn)(void *), void *data,
					   int node, unsigned int kflags,
					   const char *namefmt, va_list args)
{
	struct kw__task *t = kw__task_alloc();
	struct kw__kthread *kt = calloc(1, sizeof(*kt));
	if (!t || !kt) {
		free(t);
		free(kt);
		return NULL;
	}
	kt->task = t;
	kt->threadfn = threadfn;
	kt->data = data;
	kt->node = node;
	kt->flags = kflags;
	kw_init_completion(&kt->parked);
	kw_init_completion(&kt->exited);
	kw_list_init(&kt->reap_node);
	t->kthread = kt;
	/* As children of kthreadd: not freezable until set_freezable(). */
	t->pub.flags = KW_PF_KTHREAD | KW_PF_NOFREEZE;
	t->pub.__state = KW_TASK_NEW;
	vsnprintf(t->full_name, sizeof(t->full_name), namefmt, args);
	snprintf(t->pub.comm, sizeof(t->pub.comm), "%.15s", t->full_name);
	return t;
}

static void free_unstarted(struct kw__task *t)
{
	kw_put_task_struct(&t->pub);
}

static struct kw_task *create_kthread(int (*threadfn)(void *), void *data,
				      int node, unsigned int kflags,
				      const char *namefmt, va_list args)
{
	if (kw__forked_child_check("kthread_create"))
		return kw_err_ptr(-EAGAIN);
	int err = start_kthreadd();
	if (err)
		return kw_err_ptr(err);
	if (kw__fault_should_fail(KW_FAULT_KMALLOC))
		return kw_err_ptr(-ENOMEM);
	err = kw__fault_should_fail(KW_FAULT_THREAD);
	if (err)
		return kw_err_ptr(err);
	struct kw__task *t = alloc_kthread_task(threadfn, data, node, kflags,
						 namefmt, args);
	if (!t)
		return kw_err_ptr(-ENOMEM);

	struct create_request req = { .task = t, .creator = kw_current() };
	kw_list_init(&req.node);
	unsigned int *counter = (kflags & KW__KTHREAD_INTERNAL) ? NULL
								 : &user_kthreads_alive;
	kw_spin_lock(&kthreadd_lock);
	kw_list_add_tail(&req.node, &create_list);
	struct kw__task *daemon = kthreadd_task;
	kw_spin_unlock(&kthreadd_lock);
	kw_wake_up_process(&daemon->pub);

	kw__set_blocked("kthread_create", &req);
	for (;;) {
		kw_set_current_state(KW_TASK_UNINTERRUPTIBLE);
		if (__atomic_load_n(&req.done, __ATOMIC_ACQUIRE))
			break;
		kw_schedule();
	}
	kw_set_current_state_raw(KW_TASK_RUNNING);
	kw__set_blocked(NULL, NULL);
	if (req.error) {
		free_unstarted(t);
		return kw_err_ptr(req.error);
	}
	__atomic_fetch_add(&all_kthreads_alive, 1, __ATOMIC_RELAXED);
	if (counter)
		__atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
	return &t->pub;
}

struct kw_task *kw_kthread_create_on_node_v(int (*threadfn)(void *), void *data,
					    int node, const char *namefmt,
					    va_list args)
{
	return create_kthread(threadfn, data, node, 0, namefmt, args);
}

struct kw_task *kw_kthread_create_on_node(int (*threadfn)(void *), void *data,
					  int node, const char *namefmt, ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_task *t = create_kthread(threadfn, data, node, 0, namefmt, ap);
	va_end(ap);
	return t;
}

struct kw_task *kw__kthread_create_internal(int (*threadfn)(void *), void *data,
					    const char *namefmt, ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_task *t = create_kthread(threadfn, data, KW_NUMA_NO_NODE,
					   KW__KTHREAD_INTERNAL, namefmt, ap);
	va_end(ap);
	return t;
}

static struct kw_task *create_on_cpu(int (*threadfn)(void *), void *data,
				     unsigned int cpu, const char *namefmt, ...)
{
	va_list ap;
	va_start(ap, namefmt);
	struct kw_task *t = create_kthread(threadfn, data, KW_NUMA_NO_NODE,
					   KW__KTHREAD_IS_PER_CPU, namefmt, ap);
	va_end(ap);
	return t;
}

struct kw_task *kw_kthread_create_on_cpu(int (*threadfn)(void *), void *data,
					 unsigned int cpu, const char *namefmt)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	struct kw_task *t = create_on_cpu(threadfn, data, cpu, namefmt, cpu);
#pragma GCC diagnostic pop
	if (kw_is_err(t))
		return t;
	kw__to_kthread(t)->cpu = cpu;
	kw_kthread_bind(t, cpu);
	return t;
}

struct kw_task *kw_kthread_run_on_cpu(int (*threadfn)(void *), void *data,
				      unsigned int cpu, const char *namefmt)
{
	struct kw_task *t = kw_kthread_create_on_cpu(threadfn, data, cpu, namefmt);
	if (!kw_is_err(t))
		kw_wake_up_process(t);
	return t;
}

unsigned int kw_kthreads_alive(void)
{
	return __atomic_load_n(&user_kthreads_alive, __ATOMIC_ACQUIRE);
}

/* ---- binding ---------------------------------------------------------------------- */

static bool kthread_started(struct kw__kthread *kt)
{
	return __atomic_load_n(&kt->flags, __ATOMIC_ACQUIRE) & KW__KTHREAD_STARTED;
}

/*
 * A started kthread is bound only while it sleeps in TASK_UNINTERRUPTIBLE
 * (the kernel's wait_task_inactive(p, TASK_UNINTERRUPTIBLE)); then, as in
 * the kernel, the binding is done and WARNed about once. Any other state:
 * WARN, nothing done. Return: true to go on binding.
 */
static bool may_bind_started(struct kw_task *k)
{
	unsigned int st = __atomic_load_n(&k->__state, __ATOMIC_ACQUIRE);
	if (KW_WARN((st & KW__STATE_MASK) != KW_TASK_UNINTERRUPTIBLE,
		    "kthread_bind: %s/%d has already been woken and is not "
		    "inactive: not bound", k->comm, k->pid))
		return false;
	KW_WARN_ONCE(true, "kthread_bind: %s/%d has already been woken",
		     k->comm, k->pid);
	return true;
}

void kw_kthread_bind_mask(struct kw_task *k, const struct kw_cpumask *mask)
{
	if (kw__task_check_unusable(k, "kthread_bind"))
		return;
	struct kw__kthread *kt = kw__to_kthread(k);
	if (KW_WARN(!kt, "kthread_bind: %s/%d is not a kthread", k->comm, k->pid))
		return;
	bool started = kthread_started(kt);
	if (started && !may_bind_started(k))
		return;
	kt->bind_mask = *mask;
	unsigned int n = 0, only = 0;
	for (unsigned int c = 0; c < KW_NR_CPUS; c++)
		if (kw_cpumask_test_cpu(c, mask)) {
			n++;
			only = c;
		}
	__atomic_store_n(&kw__task(k)->cpu, n == 1 ? (int)only : -1,
			 __ATOMIC_RELAXED);
	k->flags |= KW_PF_NO_SETAFFINITY;
	__atomic_store_n(&kt->bound, true, __ATOMIC_RELEASE);
	if (started)		/* past apply_binding(): bind it from here */
		kw__thread_bind(k->pid, mask);
}

void kw_kthread_bind(struct kw_task *k, unsigned int cpu)
{
	struct kw_cpumask m;
	kw_cpumask_clear(&m);
	kw_cpumask_set_cpu(cpu, &m);
	kw_kthread_bind_mask(k, &m);
}

/* ---- stop, park, queries ----------------------------------------------------------- */

static struct kw__kthread *current_kthread(void)
{
	return kw__self()->kthread;
}

static bool current_has(unsigned int bit)
{
	struct kw__kthread *kt = current_kthread();
	return kt && (__atomic_load_n(&kt->flags, __ATOMIC_ACQUIRE) & bit);
}

bool kw_kthread_should_stop(void)
{
	return current_has(KW__KTHREAD_SHOULD_STOP);
}

bool kw_kthread_should_park(void)
{
	return current_has(KW__KTHREAD_SHOULD_PARK);
}

bool kw_kthread_should_stop_or_park(void)
{
	return current_has(KW__KTHREAD_SHOULD_STOP | KW__KTHREAD_SHOULD_PARK);
}

bool kw_kthread_freezable_should_stop(bool *was_frozen)
{
	/* kwork has no system freeze for kthreads: never frozen here. */
	if (was_frozen)
		*was_frozen = false;
	return kw_kthread_should_stop();
}

void kw_kthread_parkme(void)
{
	struct kw__kthread *kt = current_kthread();
	if (KW_WARN(!kt, "kthread_parkme() called by %s, which is not a kthread",
		    kw_current()->comm))
		return;
	kthread_parkme(kt);
}

int kw_kthread_park(struct kw_task *k)
{
	if (kw__task_check_unusable(k, "kthread_park"))
		return -EINVAL;
	struct kw__kthread *kt = kw__to_kthread(k);
	if (KW_WARN(!kt, "kthread_park: %s/%d is not a kthread", k->comm, k->pid))
		return -EINVAL;
	if (KW_WARN(__atomic_load_n(&kt->flags, __ATOMIC_ACQUIRE) & KW__KTHREAD_EXITING,
		    "kthread_park: %s/%d is exiting", k->comm, k->pid))
		return -ENOSYS;
	unsigned int old = __atomic_fetch_or(&kt->flags, KW__KTHREAD_SHOULD_PARK,
					     __ATOMIC_ACQ_REL);
	if (KW_WARN_ONCE(old & KW__KTHREAD_SHOULD_PARK,
			 "kthread_park: %s/%d is already parked or parking",
			 k->comm, k->pid))
		return -EBUSY;
	if (k != kw_current()) {
		kw_wake_up_process(k);
		kw_wait_for_completion(&kt->parked);
	}
	return 0;
}

void kw_kthread_unpark(struct kw_task *k)
{
	if (kw__task_check_unusable(k, "kthread_unpark"))
		return;
	struct kw__kthread *kt = kw__to_kthread(k);
	if (!kt || !(__atomic_load_n(&kt->flags, __ATOMIC_ACQUIRE) &
		     KW__KTHREAD_SHOULD_PARK))
		return;
	/* A per-CPU kthread keeps its CPU across park/unpark (K9). */
	if (__atomic_load_n(&kt->flags, __ATOMIC_RELAXED) & KW__KTHREAD_IS_PER_CPU)
		__atomic_store_n(&kw__task(k)->cpu, (int)kt->cpu, __ATOMIC_RELAXED);
	__atomic_fetch_and(&kt->flags, ~KW__KTHREAD_SHOULD_PARK, __ATOMIC_ACQ_REL);
	kw_wake_up_state(k, KW_TASK_PARKED);
}

/* A released task is quarantined whole: its exit code is still there. */
static int released_result(struct kw_task *k)
{
	if (!k || KW_IS_ERR_VALUE(k))
		return -EINVAL;
	struct kw__kthread *kt = kw__to_kthread(k);
	return kt ? (int)kt->result : -EINVAL;
}

int kw_kthread_stop(struct kw_task *k)
{
	if (kw__task_check_unusable(k, "kthread_stop"))
		return released_result(k);
	if (kw__forked_child_check("kthread_stop"))
		return -EINTR;
	struct kw__kthread *kt = kw__to_kthread(k);
	if (KW_WARN(!kt, "kthread_stop: %s/%d is not a kthread", k->comm, k->pid))
		return -EINVAL;
	if (KW_WARN(k == kw_current(),
		    "kthread_stop: %s/%d called on itself (the kernel would hang)",
		    k->comm, k->pid))
		return -EDEADLK;
	kw_get_task_struct(k);
	__atomic_fetch_or(&kt->flags, KW__KTHREAD_SHOULD_STOP, __ATOMIC_ACQ_REL);
	__atomic_fetch_or(&kw__task(k)->sigpending, KW__SIG_NOTIFY, __ATOMIC_RELEASE);
	kw_kthread_unpark(k);
	kw_wake_up_process(k);
	kw__set_blocked("kthread_stop", k);
	kw_wait_for_completion(&kt->exited);
	int ret = (int)kt->result;
	kw_put_task_struct(k);
	return ret;
}

int kw_kthread_stop_put(struct kw_task *k)
{
	if (kw__task_check_unusable(k, "kthread_stop_put"))
		return released_result(k);
	int ret = kw_kthread_stop(k);
	kw_put_task_struct(k);
	return ret;
}

void *kw_kthread_data(struct kw_task *k)
{
	struct kw__kthread *kt = kw__to_kthread(k);
	return kt ? kt->data : NULL;
}

void *kw_kthread_func(struct kw_task *k)
{
	struct kw__kthread *kt = kw__to_kthread(k);
	return kt ? (void *)kt->threadfn : NULL;
}

bool kw_is_kthread(struct kw_task *k)
{
	return kw__to_kthread(k) != NULL;
}

void kw_get_kthread_comm(char *buf, size_t size, struct kw_task *k)
{
	snprintf(buf, size, "%s", kw__task(k)->full_name);
}

/* ---- exit ------------------------------------------------------------------------- */

void kw_kthread_exit(long code)
{
	struct kw__kthread *kt = current_kthread();
	if (!kt) {
		kw_warn(__FILE__, __LINE__, __func__,
			"kthread_exit() called by %s, which is not a kthread; "
			"ending the thread", kw_current()->comm);
		pthread_exit(NULL);
	}
	kt->result = code;
	longjmp(kt->exit_jmp, 1);
}

void kw_kthread_complete_and_exit(struct kw_completion *comp, long code)
{
	struct kw__kthread *kt = current_kthread();
	/* Exiting from here on (do_exit): whoever waits on comp may unload the code. */
	if (kt)
		__atomic_fetch_or(&kt->flags, KW__KTHREAD_EXITING, __ATOMIC_ACQ_REL);
	if (comp)
		kw_complete(comp);
	kw_kthread_exit(code);
}

void kw_module_put_and_kthread_exit(struct kw_module *mod, long code)
{
	struct kw__kthread *kt = current_kthread();
	/* Exiting before the put: once it is dropped rmmod may run exit. */
	if (kt)
		__atomic_fetch_or(&kt->flags, KW__KTHREAD_EXITING, __ATOMIC_ACQ_REL);
	kw_module_put(mod);
	kw_kthread_exit(code);
}

/* ---- 2.6-era API -------------------------------------------------------------------- */

struct legacy_thread {
	int (*fn)(void *);
	void *arg;
};

static int legacy_thread_main(void *p)
{
	struct legacy_thread lt = *(struct legacy_thread *)p;
	free(p);
	return lt.fn(lt.arg);
}

int kw_kernel_thread(int (*fn)(void *), void *arg, unsigned long flags)
{
	struct legacy_thread *lt = malloc(sizeof(*lt));
	if (!lt)
		return -ENOMEM;
	lt->fn = fn;
	lt->arg = arg;
	/* Like fork(), the child starts with its parent's name. */
	struct kw_task *t = kw_kthread_create(legacy_thread_main, lt, "%s",
					      kw_current()->comm);
	if (kw_is_err(t)) {
		free(lt);
		return (int)kw_ptr_err(t);
	}
	kw_wake_up_process(t);
	return t->pid;
}

void kw_daemonize(const char *namefmt, ...)
{
	char name[64];
	va_list ap;
	va_start(ap, namefmt);
	vsnprintf(name, sizeof(name), namefmt, ap);
	va_end(ap);
	kw_set_task_comm(kw_current(), name);
}
