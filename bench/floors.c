/*
 * floors.c - the physical floors of this machine, as bench rows.
 *
 * F1 direct call of the task body (the work itself).
 * F2 single-producer single-consumer ring, consumer spinning (the cross-core
 *    hand-off floor; one producer only).
 * F3 mutex + condition variable intrusive list, one consumer, signal on
 *    every push (the naive pool every peer should beat).
 * F4 one-slot mailbox, a semaphore each way (the futex wake floor, W3).
 * heap: binary heap of deadlines, one timer thread on a condition variable
 *    (the timer floor).
 *
 * Threads: the producer, one consumer thread (F2/F3/F4) or the timer thread
 * (heap). Locks: F3 list and the heap under their mutex; F2 head/tail are
 * single-writer atomics; F4 slot is handed over by the semaphores.
 */
#define _GNU_SOURCE
#include "bench.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <time.h>

static const struct bench_cfg *cfg;

/* ---- F1 ---------------------------------------------------------------- */

static void f1_submit(struct bench_item *it)
{
	bench_item_run(it);
}

static const struct bench_peer f1 = {
	.name = "F1", .item_size = sizeof(struct bench_item),
	.workloads = "W1 W2 W4", .submit = f1_submit,
};

/* ---- F2 ---------------------------------------------------------------- */

#define F2_SIZE (1u << 21)	/* holds SQ's 1M pending */

static struct bench_item **f2_ring;
static _Atomic unsigned long f2_head;	/* written by the producer */
static _Atomic unsigned long f2_tail;	/* written by the consumer */
static pthread_t f2_thread;

static void *f2_consumer(void *arg)
{
	unsigned long tail = 0;

	for (;;) {
		while (atomic_load_explicit(&f2_head, memory_order_acquire) == tail)
			__builtin_ia32_pause();
		bench_item_run(f2_ring[tail % F2_SIZE]);
		atomic_store_explicit(&f2_tail, ++tail, memory_order_release);
	}
	return NULL;
}

static int f2_init(const struct bench_cfg *c)
{
	f2_ring = calloc(F2_SIZE, sizeof(*f2_ring));
	return pthread_create(&f2_thread, NULL, f2_consumer, NULL) ? -1 : 0;
}

static void f2_submit(struct bench_item *it)
{
	unsigned long head = atomic_load_explicit(&f2_head, memory_order_relaxed);

	while (head - atomic_load_explicit(&f2_tail, memory_order_acquire) ==
	       F2_SIZE)
		__builtin_ia32_pause();
	f2_ring[head % F2_SIZE] = it;
	atomic_store_explicit(&f2_head, head + 1, memory_order_release);
}

static int one_worker(void)
{
	return 1;
}

static const struct bench_peer f2 = {
	.name = "F2", .item_size = sizeof(struct bench_item),
	.handle_size = sizeof(void *), .workloads = "W1 W2 W3 W6 SQ",
	.init = f2_init, .submit = f2_submit, .nr_blockers = one_worker,
};

/* ---- F3 ---------------------------------------------------------------- */

struct f3_item {
	struct bench_item b;
	struct f3_item *next;
};

static pthread_mutex_t f3_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t f3_cond = PTHREAD_COND_INITIALIZER;
static struct f3_item *f3_first, **f3_last = &f3_first;	/* f3_lock */
static pthread_t f3_thread;

static void *f3_consumer(void *arg)
{
	for (;;) {
		struct f3_item *it;

		pthread_mutex_lock(&f3_lock);
		while (!f3_first)
			pthread_cond_wait(&f3_cond, &f3_lock);
		it = f3_first;
		f3_first = it->next;
		if (!f3_first)
			f3_last = &f3_first;
		pthread_mutex_unlock(&f3_lock);
		bench_item_run(&it->b);
	}
	return NULL;
}

static int f3_init(const struct bench_cfg *c)
{
	return pthread_create(&f3_thread, NULL, f3_consumer, NULL) ? -1 : 0;
}

static void f3_submit(struct bench_item *b)
{
	struct f3_item *it = (struct f3_item *)b;

	it->next = NULL;
	pthread_mutex_lock(&f3_lock);
	*f3_last = it;
	f3_last = &it->next;
	pthread_cond_signal(&f3_cond);
	pthread_mutex_unlock(&f3_lock);
}

static const struct bench_peer f3 = {
	.name = "F3", .item_size = sizeof(struct f3_item),
	.handle_size = sizeof(void *), .workloads = "W1 W2 W4 W6 SQ",
	.init = f3_init, .submit = f3_submit, .nr_blockers = one_worker,
};

/* ---- F4 ---------------------------------------------------------------- */

static sem_t f4_full, f4_empty;
static struct bench_item *f4_slot;	/* handed over by the semaphores */
static pthread_t f4_thread;

static void *f4_consumer(void *arg)
{
	for (;;) {
		while (sem_wait(&f4_full))
			;
		bench_item_run(f4_slot);
		sem_post(&f4_empty);
	}
	return NULL;
}

static int f4_init(const struct bench_cfg *c)
{
	sem_init(&f4_full, 0, 0);
	sem_init(&f4_empty, 0, 0);
	return pthread_create(&f4_thread, NULL, f4_consumer, NULL) ? -1 : 0;
}

static void f4_submit(struct bench_item *it)
{
	f4_slot = it;
	sem_post(&f4_full);
}

static void f4_wait_one(void)
{
	while (sem_wait(&f4_empty))
		;
}

static const struct bench_peer f4 = {
	.name = "F4", .item_size = sizeof(struct bench_item),
	.workloads = "W3 W3cold", .init = f4_init, .submit = f4_submit,
	.wait_one = f4_wait_one,
};

/* ---- heap timer floor ---------------------------------------------------- */

struct heap_item {
	struct bench_item b;
	int64_t deadline;
	long idx;		/* position in heap[], -1 when not armed */
};

static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t heap_cond;
static struct heap_item **heap;		/* heap_lock */
static long heap_len, heap_cap;		/* heap_lock */
static pthread_t heap_thread;

static void heap_set(long i, struct heap_item *it)
{
	heap[i] = it;
	it->idx = i;
}

static void heap_up(long i)
{
	struct heap_item *it = heap[i];

	while (i > 0 && heap[(i - 1) / 2]->deadline > it->deadline) {
		heap_set(i, heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(i, it);
}

static void heap_down(long i)
{
	struct heap_item *it = heap[i];

	for (;;) {
		long c = 2 * i + 1;

		if (c >= heap_len)
			break;
		if (c + 1 < heap_len && heap[c + 1]->deadline < heap[c]->deadline)
			c++;
		if (heap[c]->deadline >= it->deadline)
			break;
		heap_set(i, heap[c]);
		i = c;
	}
	heap_set(i, it);
}

static void heap_remove_locked(struct heap_item *it)
{
	long i = it->idx;
	struct heap_item *last = heap[--heap_len];

	it->idx = -1;
	if (i == heap_len)
		return;
	heap_set(i, last);
	heap_up(i);
	heap_down(last->idx);
}

static void *heap_timer_thread(void *arg)
{
	pthread_mutex_lock(&heap_lock);
	for (;;) {
		struct heap_item *top;
		struct timespec ts;

		if (!heap_len) {
			pthread_cond_wait(&heap_cond, &heap_lock);
			continue;
		}
		top = heap[0];
		if (top->deadline > bench_now_ns()) {
			ts.tv_sec = top->deadline / 1000000000;
			ts.tv_nsec = top->deadline % 1000000000;
			pthread_cond_timedwait(&heap_cond, &heap_lock, &ts);
			continue;
		}
		heap_remove_locked(top);
		pthread_mutex_unlock(&heap_lock);
		bench_timer_fired(&top->b);
		pthread_mutex_lock(&heap_lock);
	}
	return NULL;
}

static int heap_init(const struct bench_cfg *c)
{
	pthread_condattr_t a;

	cfg = c;
	heap_cap = c->n + 16;
	heap = calloc((size_t)heap_cap, sizeof(*heap));
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&heap_cond, &a);
	return pthread_create(&heap_thread, NULL, heap_timer_thread, NULL) ? -1 : 0;
}

static void heap_arm(struct bench_item *b, int delay_ms)
{
	struct heap_item *it = (struct heap_item *)b;

	it->b.t_due = bench_now_ns() + (int64_t)delay_ms * 1000000;
	it->b.t_min = it->b.t_due;
	it->deadline = it->b.t_due;
	pthread_mutex_lock(&heap_lock);
	if (heap_len == heap_cap)
		bench_fail("heap full");
	heap_set(heap_len++, it);
	heap_up(it->idx);
	if (it->idx == 0)
		pthread_cond_signal(&heap_cond);
	pthread_mutex_unlock(&heap_lock);
}

static int heap_cancel(struct bench_item *b)
{
	struct heap_item *it = (struct heap_item *)b;
	int armed;

	pthread_mutex_lock(&heap_lock);
	armed = it->idx >= 0 && it->idx < heap_len && heap[it->idx] == it;
	if (armed)
		heap_remove_locked(it);
	pthread_mutex_unlock(&heap_lock);
	return armed;
}

static const struct bench_peer heapf = {
	.name = "heap", .item_size = sizeof(struct heap_item),
	.handle_size = sizeof(int64_t) + sizeof(long),
	.workloads = "W5 W5C ST", .init = heap_init,
	.timer_arm = heap_arm, .timer_cancel = heap_cancel,
};

static const struct bench_peer *const peers[] = { &f1, &f2, &f3, &f4, &heapf,
						  NULL };

int main(int argc, char **argv)
{
	return bench_main(argc, argv, peers);
}
