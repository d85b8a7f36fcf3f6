/*
 * time.c - jiffies, ktime and the sleep functions.
 *
 * Layer: task core. Any thread. jiffies are computed from the one clock, not
 * counted by a tick: jiffies = INITIAL_JIFFIES + (now - start) / (1 s / HZ).
 * Sleeps are schedule_timeout() (jiffies) or a deadline on the clock
 * (usleep_range), both through the task core's one sleep path.
 */
#include "task_internal.h"

#include <time.h>

#define NSEC_PER_JIFFY (KW_NSEC_PER_SEC / KW_HZ)

static int64_t start_ns;

void kw__time_init(void)
{
	start_ns = kw__clock_ns();
}

int64_t kw_ktime_get_ns(void)
{
	return kw__clock_ns();
}

int64_t kw_ktime_get_real_ns(void)
{
	return kw__clock_real_ns();
}

int64_t kw_ktime_get_clock_ns(clockid_t clock)
{
	struct timespec ts;
	KW_BUG_ON(clock_gettime(clock, &ts) != 0);
	return (int64_t)ts.tv_sec * KW_NSEC_PER_SEC + ts.tv_nsec;
}

int64_t kw_uptime_ns(void)
{
	kw__init_once();
	return kw__clock_ns() - start_ns;
}

uint64_t kw__jiffies_at(int64_t now_ns)
{
	return (uint64_t)KW_INITIAL_JIFFIES + (uint64_t)(now_ns - start_ns) / NSEC_PER_JIFFY;
}

static KW__TLS uint64_t jiffies_seen;	/* this thread's last jiffies read */

uint64_t kw_get_jiffies_64(void)
{
	kw__init_once();
	uint64_t j = kw__jiffies_at(kw__clock_ns());
	jiffies_seen = j;
	return j;
}

unsigned long kw__jiffies_seen(void)
{
	uint64_t j = jiffies_seen;
	return j ? (unsigned long)j : kw_jiffies();
}

unsigned long kw_jiffies(void)
{
	return (unsigned long)kw_get_jiffies_64();
}

int64_t kw_jiffies_to_ktime_ns(unsigned long j)
{
	kw__init_once();
	long delta = (long)(j - KW_INITIAL_JIFFIES);
	return start_ns + (int64_t)delta * NSEC_PER_JIFFY;
}

void kw_msleep(unsigned int ms)
{
	unsigned long timeout = kw_msecs_to_jiffies(ms);
	kw__set_blocked("msleep", NULL);
	while (timeout)
		timeout = (unsigned long)kw_schedule_timeout_uninterruptible((long)timeout);
	kw__set_blocked(NULL, NULL);
}

unsigned long kw_msleep_interruptible(unsigned int ms)
{
	unsigned long timeout = kw_msecs_to_jiffies(ms);
	struct kw_task *self = kw_current();
	kw__set_blocked("msleep_interruptible", NULL);
	while (timeout && !kw_signal_pending(self))
		timeout = (unsigned long)kw_schedule_timeout_interruptible((long)timeout);
	kw__set_blocked(NULL, NULL);
	return kw_jiffies_to_msecs(timeout);
}

void kw_ssleep(unsigned int seconds)
{
	kw_msleep(seconds * 1000);
}

void kw_usleep_range_state(unsigned long min_us, unsigned long max_us,
			   unsigned int state)
{
	if (KW_WARN_ON_ONCE(max_us < min_us))
		max_us = min_us;
	/* Sleep to min; max is the slack the kernel may coalesce into. */
	int64_t deadline = kw__clock_ns() + (int64_t)min_us * KW_NSEC_PER_USEC;
	kw__set_blocked("usleep_range", NULL);
	/*
	 * Never return before min (the kernel loops too). A pending signal
	 * would make an interruptible sleep return at once, so the rest of
	 * the time is slept uninterruptibly.
	 */
	for (;;) {
		if ((state & KW_TASK_INTERRUPTIBLE) && kw_signal_pending(kw_current()))
			state = KW_TASK_UNINTERRUPTIBLE;
		kw_set_current_state(state);
		if (kw_schedule_deadline_ns(deadline) == 0)
			break;
	}
	kw__set_blocked(NULL, NULL);
}

void kw_usleep_range(unsigned long min_us, unsigned long max_us)
{
	kw_usleep_range_state(min_us, max_us, KW_TASK_UNINTERRUPTIBLE);
}

/* 4 ticks in microseconds (the kernel's USLEEP_RANGE_UPPER_BOUND). */
#define USLEEP_RANGE_UPPER_BOUND ((unsigned long)4 * (KW_USEC_PER_SEC / KW_HZ))

void kw_fsleep(unsigned long usecs)
{
	if (usecs <= 10)
		kw_udelay(usecs);
	else if (usecs < USLEEP_RANGE_UPPER_BOUND)
		kw_usleep_range(usecs, usecs + usecs / 4);
	else
		kw_msleep((unsigned int)((usecs + 999) / 1000));
}

void kw_ndelay(unsigned long ns)
{
	int64_t end = kw__clock_ns() + (int64_t)ns;
	while (kw__clock_ns() < end)
		kw_cpu_relax();
}

void kw_udelay(unsigned long us)
{
	kw_ndelay(us * KW_NSEC_PER_USEC);
}

void kw_mdelay(unsigned long ms)
{
	while (ms--)
		kw_udelay(1000);
}
