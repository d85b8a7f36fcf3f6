/*
 * linux/hash.h - multiplicative hashing by the golden ratio (the kernel's
 * hash_32/hash_64/hash_long/hash_ptr): the top bits of val * 2^w/phi.
 * Same constants as the kernel, so bucket choices match it. bits must be
 * 1..32 (hash_32) or 1..64 (hash_64).
 */
#ifndef KWORK_LINUX_HASH_H
#define KWORK_LINUX_HASH_H

#include <linux/types.h>
#include <stdint.h>

#define GOLDEN_RATIO_32 0x61C88647u
#define GOLDEN_RATIO_64 0x61C8864680B583EBull
#if __SIZEOF_LONG__ == 8
#define GOLDEN_RATIO_PRIME GOLDEN_RATIO_64
#define hash_long(val, bits) hash_64(val, bits)
#else
#define GOLDEN_RATIO_PRIME GOLDEN_RATIO_32
#define hash_long(val, bits) hash_32(val, bits)
#endif

static inline uint32_t __hash_32(uint32_t val)
{
	return val * GOLDEN_RATIO_32;
}

static inline uint32_t hash_32(uint32_t val, unsigned int bits)
{
	return __hash_32(val) >> (32 - bits);
}

static inline uint32_t hash_64(uint64_t val, unsigned int bits)
{
	return (uint32_t)((val * GOLDEN_RATIO_64) >> (64 - bits));
}

static inline uint32_t hash_ptr(const void *ptr, unsigned int bits)
{
	return hash_long((unsigned long)(uintptr_t)ptr, bits);
}

/* A 32-bit value from a pointer, for hashing it further. */
static inline uint32_t hash32_ptr(const void *ptr)
{
	unsigned long val = (unsigned long)(uintptr_t)ptr;
#if __SIZEOF_LONG__ == 8
	val ^= (val >> 32);
#endif
	return (uint32_t)val;
}

#endif /* KWORK_LINUX_HASH_H */
