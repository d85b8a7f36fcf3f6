/*
 * random.c - get_random_*() over getrandom(2) (kwork/random.h).
 *
 * Layer: platform. Any thread, any context: getrandom() on the urandom
 * source does not block once the system is booted.
 */
#include "task_internal.h"

#include <kwork/random.h>

#include <errno.h>
#include <string.h>
#include <sys/random.h>

void kw_get_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0) {
			KW_BUG_ON(errno != EINTR);
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
}

uint32_t kw_get_random_u32(void)
{
	uint32_t v;
	kw_get_random_bytes(&v, sizeof(v));
	return v;
}

uint64_t kw_get_random_u64(void)
{
	uint64_t v;
	kw_get_random_bytes(&v, sizeof(v));
	return v;
}

uint32_t kw_get_random_u32_below(uint32_t ceil)
{
	if (!ceil)
		return 0;
	/* Reject the top (2^32 mod ceil) values, then reduce. */
	uint32_t limit = (uint32_t)(-ceil) % ceil;
	for (;;) {
		uint32_t v = kw_get_random_u32();
		if (v >= limit)
			return v % ceil;
	}
}
