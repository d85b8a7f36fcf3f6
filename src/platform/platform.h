/*
 * platform.h - the only code that touches futexes, clocks and OS threads.
 *
 * Layer: platform (internal). Everything above calls these; keeping them in
 * one place is what lets a simulated scheduler with virtual time replace
 * them later (ARCHITECTURE rule 1).
 */
#ifndef KWORK_PLATFORM_H
#define KWORK_PLATFORM_H

#include <kwork/compiler.h>
#include <kwork/cpu.h>
#include <pthread.h>
#include <stdint.h>

/* Thread-local storage for the library: initial-exec, cheap to reach. */
#define KW__TLS __thread __attribute__((tls_model("initial-exec")))

/* CLOCK_MONOTONIC in nanoseconds: the one clock (ARCHITECTURE rule 2). */
int64_t kw__clock_ns(void);
/*
 * CLOCK_MONOTONIC_COARSE: the time of the last clock tick, never ahead of
 * kw__clock_ns() and behind it by less than kw__clock_coarse_res_ns()
 * (a fraction of the precise read's cost where that reads a hypervisor
 * clock).
 */
int64_t kw__clock_coarse_ns(void);
int64_t kw__clock_coarse_res_ns(void);
/* CLOCK_REALTIME in nanoseconds (only for ktime_get_real). */
int64_t kw__clock_real_ns(void);
/* Any POSIX clock (CLOCK_BOOTTIME, CLOCK_TAI...) in ns: the hrtimer bases. */
int64_t kw__clock_id_ns(int clockid);

/*
 * kw__futex_wait - sleep while *addr == val, until woken or the absolute
 * CLOCK_MONOTONIC deadline (deadline_ns < 0: none).
 * Return: 0 (woken or value changed: re-check), -ETIMEDOUT, or -EINTR.
 */
int kw__futex_wait(unsigned int *addr, unsigned int val, int64_t deadline_ns);
/* Wake up to n sleepers of addr. */
void kw__futex_wake(unsigned int *addr, int n);

/* The calling thread's OS id. */
int kw__gettid(void);

/*
 * kw__thread_spawn - start fn(arg) on a new joinable OS thread with every
 * signal blocked. Return: 0 or a positive errno (EAGAIN, ENOMEM).
 */
int kw__thread_spawn(pthread_t *thread, void *(*fn)(void *), void *arg);

/* Name the calling thread (15 characters are kept). */
void kw__thread_set_name_self(const char *name);

/* Timer slack of the calling thread (how late its timed sleeps may end). */
void kw__thread_set_timerslack_self(unsigned long ns);

/* Bind the calling thread to the real CPUs behind a mask of virtual CPUs. */
void kw__thread_bind_self(const struct kw_cpumask *mask);
/* The same for thread tid (any thread of this process). */
void kw__thread_bind(int tid, const struct kw_cpumask *mask);

/* Set thread tid's nice value / FIFO priority. Return: 0 or an errno. */
int kw__thread_set_nice(int tid, int nice);
int kw__thread_set_fifo(int tid, int prio);
int kw__thread_set_normal(int tid, int nice);

/* The number of real CPUs the process may run on at start. */
unsigned int kw__real_cpu_count(void);

#endif /* KWORK_PLATFORM_H */
