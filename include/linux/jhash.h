/*
 * linux/jhash.h - Bob Jenkins' lookup3 hash (public-domain algorithm), as
 * the kernel's jhash/jhash2/jhash_Nwords: same mixing, same initial value
 * (JHASH_INITVAL), so the values match the kernel's on the same byte order
 * (whole 12-byte blocks of jhash() are read in native byte order; the tail
 * byte-wise, low byte first).
 */
#ifndef KWORK_LINUX_JHASH_H
#define KWORK_LINUX_JHASH_H

#include <linux/types.h>
#include <stdint.h>
#include <string.h>

#define JHASH_INITVAL 0xdeadbeefu

static inline uint32_t kw__jhash_rol32(uint32_t w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

#define __jhash_mix(a, b, c)                                                  \
	do {                                                                  \
		a -= c; a ^= kw__jhash_rol32(c, 4);  c += b;                  \
		b -= a; b ^= kw__jhash_rol32(a, 6);  a += c;                  \
		c -= b; c ^= kw__jhash_rol32(b, 8);  b += a;                  \
		a -= c; a ^= kw__jhash_rol32(c, 16); c += b;                  \
		b -= a; b ^= kw__jhash_rol32(a, 19); a += c;                  \
		c -= b; c ^= kw__jhash_rol32(b, 4);  b += a;                  \
	} while (0)

#define __jhash_final(a, b, c)                                                \
	do {                                                                  \
		c ^= b; c -= kw__jhash_rol32(b, 14);                          \
		a ^= c; a -= kw__jhash_rol32(c, 11);                          \
		b ^= a; b -= kw__jhash_rol32(a, 25);                          \
		c ^= b; c -= kw__jhash_rol32(b, 16);                          \
		a ^= c; a -= kw__jhash_rol32(c, 4);                           \
		b ^= a; b -= kw__jhash_rol32(a, 14);                          \
		c ^= b; c -= kw__jhash_rol32(b, 24);                          \
	} while (0)

static inline uint32_t kw__jhash_load32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* Hash length bytes at key (any alignment). */
static inline uint32_t jhash(const void *key, uint32_t length, uint32_t initval)
{
	const uint8_t *k = (const uint8_t *)key;
	uint32_t a, b, c;
	a = b = c = JHASH_INITVAL + length + initval;
	while (length > 12) {
		a += kw__jhash_load32(k);
		b += kw__jhash_load32(k + 4);
		c += kw__jhash_load32(k + 8);
		__jhash_mix(a, b, c);
		length -= 12;
		k += 12;
	}
	if (length == 0)
		return c;
	uint32_t tail[3] = { 0, 0, 0 };
	for (uint32_t i = 0; i < length; i++)
		tail[i / 4] += (uint32_t)k[i] << (8 * (i % 4));
	a += tail[0];
	b += tail[1];
	c += tail[2];
	__jhash_final(a, b, c);
	return c;
}

/* Hash length 32-bit words at k. */
static inline uint32_t jhash2(const uint32_t *k, uint32_t length, uint32_t initval)
{
	uint32_t a, b, c;
	a = b = c = JHASH_INITVAL + (length << 2) + initval;
	while (length > 3) {
		a += k[0];
		b += k[1];
		c += k[2];
		__jhash_mix(a, b, c);
		length -= 3;
		k += 3;
	}
	if (length == 0)
		return c;
	if (length == 3)
		c += k[2];
	if (length >= 2)
		b += k[1];
	a += k[0];
	__jhash_final(a, b, c);
	return c;
}

static inline uint32_t __jhash_nwords(uint32_t a, uint32_t b, uint32_t c, uint32_t initval)
{
	a += initval;
	b += initval;
	c += initval;
	__jhash_final(a, b, c);
	return c;
}

static inline uint32_t jhash_3words(uint32_t a, uint32_t b, uint32_t c, uint32_t initval)
{
	return __jhash_nwords(a, b, c, initval + JHASH_INITVAL + (3 << 2));
}

static inline uint32_t jhash_2words(uint32_t a, uint32_t b, uint32_t initval)
{
	return __jhash_nwords(a, b, 0, initval + JHASH_INITVAL + (2 << 2));
}

static inline uint32_t jhash_1word(uint32_t a, uint32_t initval)
{
	return __jhash_nwords(a, 0, 0, initval + JHASH_INITVAL + (1 << 2));
}

#endif /* KWORK_LINUX_JHASH_H */
