/*
 * torture.c - the workqueue / timer / kthread_worker torture test (the
 * kernel's rcutorture idea applied to deferred work).
 *
 * Rounds: each round makes a workqueue of random kind (per-CPU, unbound,
 * ordered, max_active 1, WQ_MEM_RECLAIM) and a kthread_worker, then
 * NR_THREADS threads do random queue / mod / cancel / cancel_sync / flush on
 * shared works, delayed works, timers, kthread_works and kthread delayed
 * works, plus create-queue-destroy of private workqueues. Every call's
 * return value is booked: a call that made an idle object pending books one
 * run (queue true, mod_delayed_work / mod_timer returning "was idle"), a
 * call that took a pending instance away books minus one (cancel true).
 * At the end of the round everything is quiesced (cancel_sync / flush,
 * destroy_workqueue, kthread_destroy_worker), and each object must have
 * run exactly as often as booked. Handlers also check that no object runs
 * concurrently with itself (W5, T-rules, K-rules). Thread creation fails
 * at random (fault injection, KW_FAULT_THREAD rate 0.05) all along, so
 * pools keep going with the workers they have and rescuers step in.
 *
 * delayed works are in two groups: mod_delayed_work is never mixed with
 * cancel_delayed_work_sync on the same item, because a mod that races with
 * a sync cancel returns "was idle" without queueing (the kernel's
 * clear_pending_if_disabled), which no return value books.
 *
 * Usage: torture [seconds] (default: KWORK_TORTURE_SECONDS or 5). Prints
 * the seed; KWORK_TORTURE_SEED=n repeats a run. Exit 0: every round
 * balanced. `make torture DURATION=600` runs the long tier.
 */
#include <kwork/kwork.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NR_THREADS 4
#define NR_OBJS 6

enum kind { WORK, DWORK_MOD, DWORK_SYNC, TIMER, KWORK, KDWORK, NR_KINDS };

struct obj {
	enum kind kind;
	union {
		struct kw_work work;
		struct kw_delayed_work dwork;
		struct kw_timer timer;
		struct kw_kthread_work kwork;
		struct kw_kthread_delayed_work kdwork;
	} u;
	long booked;		/* A */
	long runs;		/* A */
	int running;		/* A: concurrent-run detector */
};

static struct obj objs[NR_KINDS][NR_OBJS];
static struct kw_workqueue *round_wq;
static struct kw_kthread_worker *round_worker;
static int64_t round_end_ns;
static unsigned long failures;	/* A */
static unsigned long seed_base;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void fail(const char *what, struct obj *o)
{
	__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
	fprintf(stderr, "torture: FAIL %s: kind %d obj %ld: booked %ld runs %ld\n",
		what, o->kind, (long)(o - objs[o->kind]),
		__atomic_load_n(&o->booked, __ATOMIC_RELAXED),
		__atomic_load_n(&o->runs, __ATOMIC_RELAXED));
}

static void ran(struct obj *o)
{
	if (__atomic_exchange_n(&o->running, 1, __ATOMIC_ACQ_REL))
		fail("ran concurrently with itself", o);
	__atomic_fetch_add(&o->runs, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&o->running, 0, __ATOMIC_RELEASE);
}

static void book(struct obj *o, long n)
{
	__atomic_fetch_add(&o->booked, n, __ATOMIC_RELAXED);
}

static void work_fn(struct kw_work *w)
{
	struct obj *o = kw_container_of(w, struct obj, u.work);
	ran(o);
}

static void dwork_fn(struct kw_work *w)
{
	struct kw_delayed_work *dw = kw_container_of(w, struct kw_delayed_work, work);
	ran(kw_container_of(dw, struct obj, u.dwork));
}

static void timer_fn(struct kw_timer *t)
{
	ran(kw_container_of(t, struct obj, u.timer));
}

static void kwork_fn(struct kw_kthread_work *w)
{
	ran(kw_container_of(w, struct obj, u.kwork));
}

static void kdwork_fn(struct kw_kthread_work *w)
{
	struct kw_kthread_delayed_work *dw =
		kw_container_of(w, struct kw_kthread_delayed_work, work);
	ran(kw_container_of(dw, struct obj, u.kdwork));
}

static void init_objs(void)
{
	for (int k = 0; k < NR_KINDS; k++) {
		for (int i = 0; i < NR_OBJS; i++) {
			struct obj *o = &objs[k][i];
			memset(o, 0, sizeof(*o));
			o->kind = (enum kind)k;
			switch (k) {
			case WORK: KW_INIT_WORK(&o->u.work, work_fn); break;
			case DWORK_MOD:
			case DWORK_SYNC: KW_INIT_DELAYED_WORK(&o->u.dwork, dwork_fn); break;
			case TIMER: kw_timer_setup(&o->u.timer, timer_fn, 0); break;
			case KWORK: kw_kthread_init_work(&o->u.kwork, kwork_fn); break;
			case KDWORK: kw_kthread_init_delayed_work(&o->u.kdwork, kdwork_fn); break;
			}
		}
	}
}

static unsigned long rnd(unsigned long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* ---- one random operation ---------------------------------------------------------- */

static void op_work(struct obj *o, unsigned long r)
{
	struct kw_work *w = &o->u.work;
	switch (r % 4) {
	case 0: case 1: book(o, kw_queue_work(round_wq, w)); break;
	case 2: book(o, -(long)(r & 8 ? kw_cancel_work(w) : kw_cancel_work_sync(w))); break;
	case 3: kw_flush_work(w); break;
	}
}

static void op_dwork(struct obj *o, unsigned long r, bool sync_group)
{
	struct kw_delayed_work *dw = &o->u.dwork;
	unsigned long delay = (r >> 8) % 3;
	switch (r % 5) {
	case 0: case 1: book(o, kw_queue_delayed_work(round_wq, dw, delay)); break;
	case 2:
		if (sync_group)
			book(o, -(long)kw_cancel_delayed_work_sync(dw));
		else if (!kw_mod_delayed_work(round_wq, dw, delay))
			book(o, 1);	/* was idle: a new instance */
		break;
	case 3: book(o, -(long)kw_cancel_delayed_work(dw)); break;
	case 4: kw_flush_delayed_work(dw); break;
	}
}

static void op_timer(struct obj *o, unsigned long r)
{
	struct kw_timer *t = &o->u.timer;
	switch (r % 3) {
	case 0: case 1:
		if (!kw_mod_timer(t, kw_jiffies() + (r >> 8) % 3))
			book(o, 1);	/* was inactive: one more expiry */
		break;
	case 2: book(o, -(long)(r & 8 ? kw_timer_delete(t) : kw_timer_delete_sync(t))); break;
	}
}

static void op_kwork(struct obj *o, unsigned long r)
{
	struct kw_kthread_work *w = &o->u.kwork;
	switch (r % 3) {
	case 0: book(o, kw_kthread_queue_work(round_worker, w)); break;
	case 1: book(o, -(long)kw_kthread_cancel_work_sync(w)); break;
	case 2: kw_kthread_flush_work(w); break;
	}
}

static void op_kdwork(struct obj *o, unsigned long r)
{
	struct kw_kthread_delayed_work *dw = &o->u.kdwork;
	unsigned long delay = (r >> 8) % 3;
	switch (r % 4) {
	case 0: book(o, kw_kthread_queue_delayed_work(round_worker, dw, delay)); break;
	case 1:
		if (!kw_kthread_mod_delayed_work(round_worker, dw, delay))
			book(o, 1);
		break;
	case 2: book(o, -(long)kw_kthread_cancel_delayed_work_sync(dw)); break;
	case 3: kw_kthread_flush_work(&dw->work); break;
	}
}

/* A private queue made, used and destroyed: destroy runs what was queued. */
static struct obj scratch_objs[NR_THREADS];

static void op_destroy(int id, unsigned long r)
{
	struct kw_workqueue *wq = kw_alloc_workqueue("torture_scratch%d", (r & 1) ?
						     KW_WQ_UNBOUND : 0, 0, id);
	if (!wq)
		return;
	struct obj *o = &scratch_objs[id];
	for (int i = 0; i < 3; i++)
		book(o, kw_queue_work(wq, &o->u.work));
	kw_destroy_workqueue(wq);
	if (__atomic_load_n(&o->runs, __ATOMIC_RELAXED) !=
	    __atomic_load_n(&o->booked, __ATOMIC_RELAXED))
		fail("destroy_workqueue lost or doubled work", o);
}

static void *torture_thread(void *arg)
{
	int id = (int)(long)arg;
	unsigned long s = seed_base * 7919 + (unsigned long)id * 104729 + 1;
	while (now_ns() < round_end_ns) {
		unsigned long r = rnd(&s);
		int kind = (int)(r % (NR_KINDS + 1));
		struct obj *o = &objs[kind % NR_KINDS][(r >> 4) % NR_OBJS];
		r >>= 12;
		switch (kind) {
		case WORK: op_work(o, r); break;
		case DWORK_MOD: op_dwork(o, r, false); break;
		case DWORK_SYNC: op_dwork(o, r, true); break;
		case TIMER: op_timer(o, r); break;
		case KWORK: op_kwork(o, r); break;
		case KDWORK: op_kdwork(o, r); break;
		default:
			if (r % 64 == 0)
				op_destroy(id, r);
			break;
		}
	}
	return NULL;
}

/* ---- rounds -------------------------------------------------------------------- */

static struct kw_workqueue *make_round_wq(unsigned long r)
{
	struct kw_workqueue *wq = NULL;
	while (!wq) {	/* a rescuer may fail to start under fault injection */
		switch (r++ % 5) {
		case 0: wq = kw_alloc_workqueue("torture", 0, 0); break;
		case 1: wq = kw_alloc_workqueue("torture", KW_WQ_UNBOUND, 0); break;
		case 2: wq = kw_alloc_ordered_workqueue("torture", 0); break;
		case 3: wq = kw_alloc_workqueue("torture", 0, 1); break;
		case 4: wq = kw_alloc_workqueue("torture", KW_WQ_MEM_RECLAIM, 0); break;
		}
	}
	return wq;
}

static struct kw_kthread_worker *make_worker(void)
{
	for (;;) {
		struct kw_kthread_worker *w = kw_kthread_run_worker(0, "torture_kw");
		if (!kw_is_err(w))
			return w;
	}
}

/* Bring every object to rest; what the quiescing calls take away is booked. */
static void quiesce(void)
{
	for (int i = 0; i < NR_OBJS; i++) {
		book(&objs[WORK][i], -(long)kw_cancel_work_sync(&objs[WORK][i].u.work));
		kw_flush_delayed_work(&objs[DWORK_MOD][i].u.dwork);
		book(&objs[DWORK_SYNC][i],
		     -(long)kw_cancel_delayed_work_sync(&objs[DWORK_SYNC][i].u.dwork));
		book(&objs[TIMER][i], -(long)kw_timer_delete_sync(&objs[TIMER][i].u.timer));
		book(&objs[KDWORK][i],
		     -(long)kw_kthread_cancel_delayed_work_sync(&objs[KDWORK][i].u.kdwork));
	}
	kw_destroy_workqueue(round_wq);		/* runs what is still queued */
	kw_kthread_flush_worker(round_worker);
	kw_kthread_destroy_worker(round_worker);
}

static void check_round(int round)
{
	for (int k = 0; k < NR_KINDS; k++) {
		for (int i = 0; i < NR_OBJS; i++) {
			struct obj *o = &objs[k][i];
			if (o->runs != o->booked)
				fail("runs differ from the return values", o);
		}
	}
	if (failures) {
		fprintf(stderr, "torture: round %d failed (seed %lu)\n", round, seed_base);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *env = getenv("KWORK_TORTURE_SECONDS");
	double seconds = argc > 1 ? atof(argv[1]) : env ? atof(env) : 5;
	const char *seed = getenv("KWORK_TORTURE_SEED");
	seed_base = seed ? strtoul(seed, NULL, 0) : (unsigned long)time(NULL);
	printf("torture: %.0f s, %d threads, seed %lu\n", seconds, NR_THREADS, seed_base);
	kw_fault_set_spec(KW_FAULT_THREAD, "rate:0.05");
	for (int i = 0; i < NR_THREADS; i++)
		KW_INIT_WORK(&scratch_objs[i].u.work, work_fn);

	int64_t end = now_ns() + (int64_t)(seconds * 1e9);
	int round = 0;
	do {
		init_objs();
		round_wq = make_round_wq(seed_base + (unsigned long)round);
		round_worker = make_worker();
		round_end_ns = now_ns() + 100000000;	/* 100 ms of chaos */
		pthread_t th[NR_THREADS];
		for (long i = 0; i < NR_THREADS; i++)
			pthread_create(&th[i], NULL, torture_thread, (void *)i);
		for (int i = 0; i < NR_THREADS; i++)
			pthread_join(th[i], NULL);
		quiesce();
		check_round(round);
		round++;
	} while (now_ns() < end);
	unsigned long injected = kw_fault_injected(KW_FAULT_THREAD);
	kw_fault_set(KW_FAULT_THREAD, NULL);
	if (kw_warn_count()) {
		fprintf(stderr, "torture: %lu WARN(s) (seed %lu)\n", kw_warn_count(), seed_base);
		return 1;
	}
	printf("torture: %d rounds balanced, %lu thread creations failed on purpose\n",
	       round, injected);
	printf("1 passed, 0 failed\n");
	return 0;
}
