/*
 * workqueue_hog.c - the CPU-hog report: which work functions ran on a
 * per-CPU pool longer than cpu_intensive_thresh_us without sleeping.
 *
 * Layer: workqueue. Called by workqueue.c when it marks a worker
 * CPU_INTENSIVE (from the hog timer or the worker's cond_resched tick),
 * under that pool's lock. Each offending function gets a counter; at the
 * warning_thresh-th offence (default 4, env
 * KWORK_WQ_CPU_INTENSIVE_WARNING_THRESH, 0 = never) and then at counts
 * thresh+1, thresh+3, thresh+7 ... (exponential back-off) it prints the
 * kernel's "workqueue: <fn> hogged CPU for ><thresh>us <n> times, consider
 * switching to WQ_UNBOUND". The table is static (no allocation under the
 * pool lock); functions beyond its size are counted in the CPU_INTENSIVE
 * statistic only, as the kernel does when its table is full.
 *
 * Lock: hog_lock (H) guards the table; taken inside a pool lock.
 */
#include "workqueue_internal.h"

#include <stdlib.h>

#define HOG_TABLE_SIZE 64

struct hog_ent {
	kw_work_func_t func;	/* H */
	uint64_t cnt;		/* H: offences so far */
};

static struct hog_ent hog_table[HOG_TABLE_SIZE];
static int hog_nr;				/* H */
static kw_spinlock_t hog_lock = KW_SPINLOCK_INIT;
static pthread_once_t thresh_once = PTHREAD_ONCE_INIT;
static unsigned long warning_thresh = 4;	/* set once */

static void read_warning_thresh(void)
{
	const char *s = getenv("KWORK_WQ_CPU_INTENSIVE_WARNING_THRESH");
	if (s && *s)
		warning_thresh = strtoul(s, NULL, 10);
}

/* Under hog_lock. Return: func's entry (new if needed), NULL if full. */
static struct hog_ent *hog_find(kw_work_func_t func)
{
	for (int i = 0; i < hog_nr; i++)
		if (hog_table[i].func == func)
			return &hog_table[i];
	if (hog_nr == HOG_TABLE_SIZE)
		return NULL;
	hog_table[hog_nr].func = func;
	hog_table[hog_nr].cnt = 0;
	return &hog_table[hog_nr++];
}

static bool is_power_of_2(uint64_t n)
{
	return n && !(n & (n - 1));
}

void kw__wq_cpu_intensive_report(kw_work_func_t func, unsigned long thresh_us)
{
	pthread_once(&thresh_once, read_warning_thresh);
	kw_spin_lock(&hog_lock);
	struct hog_ent *ent = hog_find(func);
	uint64_t cnt = ent ? ++ent->cnt : 0;
	kw_spin_unlock(&hog_lock);
	if (!ent || !warning_thresh || cnt < warning_thresh ||
	    !is_power_of_2(cnt + 1 - warning_thresh))
		return;
	kw_printk(KW_SOH "4" "workqueue: %ps hogged CPU for >%luus %llu times, "
		  "consider switching to WQ_UNBOUND\n", (void *)func, thresh_us,
		  (unsigned long long)cnt);
}
