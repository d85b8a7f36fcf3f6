/*
 * futex.c - futex wait/wake on 32-bit words with absolute monotonic deadlines.
 *
 * Layer: platform. Any thread. No locks. Waits use FUTEX_WAIT_BITSET with
 * CLOCK_MONOTONIC, so a deadline never drifts however often a wait restarts.
 */
#include "platform.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int kw__futex_wait(unsigned int *addr, unsigned int val, int64_t deadline_ns)
{
	struct timespec ts, *tsp = NULL;
	if (deadline_ns >= 0) {
		ts.tv_sec = deadline_ns / 1000000000;
		ts.tv_nsec = deadline_ns % 1000000000;
		tsp = &ts;
	}
	long r = syscall(SYS_futex, addr, FUTEX_WAIT_BITSET_PRIVATE, val, tsp,
			 NULL, FUTEX_BITSET_MATCH_ANY);
	if (r == 0 || errno == EAGAIN)
		return 0;
	return errno == ETIMEDOUT ? -ETIMEDOUT : -EINTR;
}

void kw__futex_wake(unsigned int *addr, int n)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

int kw__gettid(void)
{
	return (int)syscall(SYS_gettid);
}
