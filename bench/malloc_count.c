/*
 * malloc_count.c - LD_PRELOAD allocation counter for W6.
 *
 * What: interposes malloc, calloc, realloc, memalign, posix_memalign,
 * aligned_alloc and valloc, forwards to glibc's __libc_* entry points and
 * counts calls and requested bytes in two process-wide atomics.
 * bench_malloc_snapshot() (found by the driver with dlsym) reads them; the
 * W6 figure is the difference across the submit loop divided by n.
 * Threads: any; relaxed atomics (the driver reads them between phases).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static _Atomic uint64_t calls, bytes;

static void count(size_t n)
{
	atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&bytes, n, memory_order_relaxed);
}

__attribute__((visibility("default")))
void bench_malloc_snapshot(uint64_t *c, uint64_t *b)
{
	*c = atomic_load(&calls);
	*b = atomic_load(&bytes);
}

void *malloc(size_t n)
{
	count(n);
	return __libc_malloc(n);
}

void *calloc(size_t m, size_t n)
{
	count(m * n);
	return __libc_calloc(m, n);
}

void *realloc(void *p, size_t n)
{
	count(n);
	return __libc_realloc(p, n);
}

void *memalign(size_t a, size_t n)
{
	count(n);
	return __libc_memalign(a, n);
}

void *aligned_alloc(size_t a, size_t n)
{
	count(n);
	return __libc_memalign(a, n);
}

int posix_memalign(void **out, size_t a, size_t n)
{
	void *p;

	count(n);
	p = __libc_memalign(a, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *valloc(size_t n)
{
	count(n);
	return __libc_memalign(4096, n);
}
