/*
 * fault.c - fault injection: the fault points of <kwork/fault.h>.
 *
 * Layer: task core. Runs in the caller of each fault point (kmalloc,
 * kthread_create): kw__fault_should_fail counts the call and decides.
 *
 * State: one struct point per fault point. A point is armed by writing its
 * attributes under point_lock and then setting armed; callers read armed
 * atomically and the attributes racily (arming while calls are in flight
 * is allowed: a call sees the old or the new setting). calls and injected
 * are atomic counters. The rate uses a xorshift generator on an atomic
 * state word (seeded by KWORK_FAIL_SEED), so runs repeat.
 */
#include "debug_internal.h"
#include "task_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct point {
	const char *name;		/* C */
	const char *env;		/* C */
	bool armed;			/* A */
	struct kw_fault_attr attr;	/* point_lock (read racily) */
	unsigned long calls;		/* A: since armed */
	unsigned long injected;		/* A: since armed */
};

static struct point points[KW_FAULT_NR_POINTS] = {
	[KW_FAULT_KMALLOC] = { .name = "kmalloc", .env = "KWORK_FAIL_KMALLOC" },
	[KW_FAULT_THREAD] = { .name = "thread", .env = "KWORK_FAIL_THREAD" },
};
static kw_spinlock_t point_lock = KW_SPINLOCK_INIT;
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;	/* A */
static KW__TLS unsigned int suspended;		/* this thread's suspend depth */

static bool valid(enum kw_fault_point p, const struct kw_fault_attr *a)
{
	if ((unsigned int)p >= KW_FAULT_NR_POINTS)
		return false;
	if (!a)
		return true;
	if (a->rate < 0 || a->rate > 1 || (a->nth == 0 && a->rate == 0))
		return false;
	if (a->times < -1)
		return false;
	return a->error == 0 || a->error == -EAGAIN || a->error == -ENOMEM;
}

int kw_fault_set(enum kw_fault_point p, const struct kw_fault_attr *attr)
{
	if (!valid(p, attr))
		return -EINVAL;
	struct point *pt = &points[p];
	kw_spin_lock(&point_lock);
	__atomic_store_n(&pt->armed, false, __ATOMIC_RELEASE);
	if (attr) {
		pt->attr = *attr;
		if (pt->attr.times == 0)
			pt->attr.times = attr->nth ? 1 : -1;
		if (pt->attr.nth == 0)
			pt->attr.nth = 1;
		__atomic_store_n(&pt->calls, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&pt->injected, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&pt->armed, true, __ATOMIC_RELEASE);
	}
	kw_spin_unlock(&point_lock);
	return 0;
}

/* One "key:value" word of a spec into a. Return: false if not understood. */
static bool parse_word(const char *w, struct kw_fault_attr *a)
{
	char *end;
	if (!strncmp(w, "nth:", 4)) {
		a->nth = strtoul(w + 4, &end, 10);
		return *end == '\0' && a->nth > 0;
	}
	if (!strncmp(w, "rate:", 5)) {
		a->rate = strtod(w + 5, &end);
		return *end == '\0';
	}
	if (!strncmp(w, "times:", 6)) {
		a->times = strtol(w + 6, &end, 10);
		return *end == '\0';
	}
	if (!strcmp(w, "error:ENOMEM") || !strcmp(w, "error:EAGAIN")) {
		a->error = w[7] == 'N' ? -ENOMEM : -EAGAIN;
		return true;
	}
	if (!strcmp(w, "verbose")) {
		a->verbose = true;
		return true;
	}
	return false;
}

int kw_fault_set_spec(enum kw_fault_point p, const char *spec)
{
	if (!spec || !*spec || !strcmp(spec, "off"))
		return kw_fault_set(p, NULL);
	struct kw_fault_attr a = { 0 };
	char buf[128];
	if (strlen(spec) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, spec);
	char *save = NULL;
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if (!parse_word(w, &a))
			return -EINVAL;
	return kw_fault_set(p, &a);
}

unsigned long kw_fault_injected(enum kw_fault_point p)
{
	if ((unsigned int)p >= KW_FAULT_NR_POINTS)
		return 0;
	return __atomic_load_n(&points[p].injected, __ATOMIC_RELAXED);
}

/* A uniform number in [0, 1). */
static double next_random(void)
{
	uint64_t x = __atomic_load_n(&rng_state, __ATOMIC_RELAXED), n;
	do {
		n = x;
		n ^= n << 13;
		n ^= n >> 7;
		n ^= n << 17;
	} while (!__atomic_compare_exchange_n(&rng_state, &x, n, false,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return (double)(n >> 11) / (double)(1ull << 53);
}

/* Take one failure from the budget. Return: false if it is spent. */
static bool take_one(struct point *pt)
{
	long times = pt->attr.times;
	unsigned long done = __atomic_fetch_add(&pt->injected, 1, __ATOMIC_RELAXED);
	if (times >= 0 && done >= (unsigned long)times) {
		__atomic_fetch_sub(&pt->injected, 1, __ATOMIC_RELAXED);
		return false;
	}
	return true;
}

static int error_of(enum kw_fault_point p, const struct point *pt)
{
	if (p == KW_FAULT_KMALLOC)
		return -ENOMEM;
	return pt->attr.error ? pt->attr.error : -EAGAIN;
}

int kw__fault_should_fail(enum kw_fault_point p)
{
	struct point *pt = &points[p];
	if (kw_likely(!__atomic_load_n(&pt->armed, __ATOMIC_ACQUIRE)) || suspended)
		return 0;
	unsigned long call = __atomic_add_fetch(&pt->calls, 1, __ATOMIC_RELAXED);
	if (call < pt->attr.nth)
		return 0;
	if (pt->attr.rate > 0 && next_random() >= pt->attr.rate)
		return 0;
	if (!take_one(pt))
		return 0;
	int err = error_of(p, pt);
	if (pt->attr.verbose) {
		kw_printk(KW_SOH "4" "FAULT_INJECTION: forcing a failure: %s call %lu (%s)\n",
			  pt->name, call, strerror(-err));
		kw_dump_stack();
	}
	return err;
}

void kw__fault_suspend(void)
{
	suspended++;
}

void kw__fault_resume(void)
{
	suspended--;
}

void kw__fault_init(void)
{
	const char *seed = getenv("KWORK_FAIL_SEED");
	if (seed && strtoull(seed, NULL, 0))
		rng_state = strtoull(seed, NULL, 0);
	for (int p = 0; p < KW_FAULT_NR_POINTS; p++) {
		const char *spec = getenv(points[p].env);
		if (spec && kw_fault_set_spec((enum kw_fault_point)p, spec))
			fprintf(stderr, "kwork: %s=%s not understood (see docs/debugging.md)\n",
				points[p].env, spec);
	}
}
