/*
 * thread.c - OS threads: spawning with signals blocked, naming, affinity,
 * priority.
 *
 * Layer: platform. Called by the task core and kthreadd. No shared state
 * except the real-CPU table, written once before any thread is spawned.
 */
#include "platform.h"

#include <sys/prctl.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Stack size of every kthread: the glibc default, at least 256 KiB. */
#define KW_THREAD_MIN_STACK (256 * 1024)

int kw__thread_spawn(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	sigset_t all, old;
	int err;

	pthread_attr_init(&attr);
	size_t stack = 0;
	pthread_attr_getstacksize(&attr, &stack);
	if (stack < KW_THREAD_MIN_STACK)
		pthread_attr_setstacksize(&attr, KW_THREAD_MIN_STACK);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(thread, &attr, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return err;
}

void kw__thread_set_name_self(const char *name)
{
	char buf[16];
	strncpy(buf, name, sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = 0;
	pthread_setname_np(pthread_self(), buf);
}

unsigned int kw__real_cpu_count(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0) {
		int n = CPU_COUNT(&set);
		if (n > 0)
			return (unsigned int)n;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned int)n : 1;
}

/* The i-th real CPU of the start-up affinity mask, or -1. */
static int real_cpu(unsigned int index)
{
	static cpu_set_t start_set;
	static int have;
	if (!__atomic_load_n(&have, __ATOMIC_ACQUIRE)) {
		cpu_set_t s;
		CPU_ZERO(&s);
		if (sched_getaffinity(0, sizeof(s), &s) != 0)
			return -1;
		start_set = s;
		__atomic_store_n(&have, 1, __ATOMIC_RELEASE);
	}
	unsigned int seen = 0;
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &start_set))
			continue;
		if (seen++ == index)
			return c;
	}
	return -1;
}

void kw__thread_bind_self(const struct kw_cpumask *mask)
{
	kw__thread_bind(0, mask);
}

void kw__thread_bind(int tid, const struct kw_cpumask *mask)
{
	unsigned int real = kw__real_cpu_count();
	cpu_set_t set;
	CPU_ZERO(&set);
	/* Virtual CPUs fold onto real ones when there are more of them. */
	for (unsigned int v = 0; v < KW_NR_CPUS; v++) {
		if (!kw_cpumask_test_cpu(v, mask))
			continue;
		int c = real_cpu(v % real);
		if (c >= 0)
			CPU_SET(c, &set);
	}
	if (CPU_COUNT(&set))
		sched_setaffinity(tid, sizeof(set), &set);
}

int kw__thread_set_nice(int tid, int nice)
{
	/* On Linux, setpriority(PRIO_PROCESS, tid) sets one thread's nice. */
	if (setpriority(PRIO_PROCESS, (id_t)tid, nice) != 0)
		return errno;
	return 0;
}

int kw__thread_set_fifo(int tid, int prio)
{
	struct sched_param sp = { .sched_priority = prio };
	if (sched_setscheduler(tid, SCHED_FIFO, &sp) != 0)
		return errno;
	return 0;
}

int kw__thread_set_normal(int tid, int nice)
{
	struct sched_param sp = { .sched_priority = 0 };
	if (sched_setscheduler(tid, SCHED_OTHER, &sp) != 0)
		return errno;
	return kw__thread_set_nice(tid, nice);
}

void kw__thread_set_timerslack_self(unsigned long ns)
{
	prctl(PR_SET_TIMERSLACK, ns, 0, 0, 0);
}
