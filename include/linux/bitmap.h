/*
 * linux/bitmap.h - operations on bitmaps of nbits bits in unsigned long
 * arrays (the kernel's bitmap_*). As in the kernel: results are defined
 * for bits below nbits; bitmap_fill/complement leave the bits past nbits in
 * the last word clear, and the queries (equal/empty/full/weight/
 * intersects/subset) ignore them. None is atomic: the caller guards the map
 * (set_bit/clear_bit in linux/bitops.h are the atomic single-bit forms).
 */
#ifndef KWORK_LINUX_BITMAP_H
#define KWORK_LINUX_BITMAP_H

#include <linux/bitops.h>
#include <linux/types.h>
#include <string.h>

/* DECLARE_BITMAP is in linux/types.h. The bits of the last word below nbits: */
#define BITMAP_LAST_WORD_MASK(nbits) (~0UL >> (-(nbits) & (BITS_PER_LONG - 1)))
#define BITMAP_FIRST_WORD_MASK(start) (~0UL << ((start) & (BITS_PER_LONG - 1)))

static inline unsigned int kw__bitmap_words(unsigned int nbits)
{
	return (unsigned int)BITS_TO_LONGS(nbits);
}

static inline void bitmap_zero(unsigned long *dst, unsigned int nbits)
{
	memset(dst, 0, kw__bitmap_words(nbits) * sizeof(unsigned long));
}

static inline void bitmap_fill(unsigned long *dst, unsigned int nbits)
{
	unsigned int n = kw__bitmap_words(nbits);
	if (!n)
		return;
	memset(dst, 0xff, n * sizeof(unsigned long));
	dst[n - 1] &= BITMAP_LAST_WORD_MASK(nbits);
}

static inline void bitmap_copy(unsigned long *dst, const unsigned long *src,
			       unsigned int nbits)
{
	memcpy(dst, src, kw__bitmap_words(nbits) * sizeof(unsigned long));
}

/* ---- queries: bits below nbits only ------------------------------------------ */

static inline bool bitmap_equal(const unsigned long *a, const unsigned long *b,
				unsigned int nbits)
{
	unsigned int full = nbits / BITS_PER_LONG;
	for (unsigned int i = 0; i < full; i++)
		if (a[i] != b[i])
			return false;
	if (nbits % BITS_PER_LONG)
		return !((a[full] ^ b[full]) & BITMAP_LAST_WORD_MASK(nbits));
	return true;
}

static inline bool bitmap_empty(const unsigned long *src, unsigned int nbits)
{
	return find_first_bit(src, nbits) >= nbits;
}

static inline bool bitmap_full(const unsigned long *src, unsigned int nbits)
{
	return find_first_zero_bit(src, nbits) >= nbits;
}

static inline bool bitmap_intersects(const unsigned long *a, const unsigned long *b,
				     unsigned int nbits)
{
	for (unsigned int i = 0; i < kw__bitmap_words(nbits); i++) {
		unsigned long m = i + 1 == kw__bitmap_words(nbits) ? BITMAP_LAST_WORD_MASK(nbits) : ~0UL;
		if (a[i] & b[i] & m)
			return true;
	}
	return false;
}

/* Return: true if every bit of a is also set in b. */
static inline bool bitmap_subset(const unsigned long *a, const unsigned long *b,
				 unsigned int nbits)
{
	for (unsigned int i = 0; i < kw__bitmap_words(nbits); i++) {
		unsigned long m = i + 1 == kw__bitmap_words(nbits) ? BITMAP_LAST_WORD_MASK(nbits) : ~0UL;
		if (a[i] & ~b[i] & m)
			return false;
	}
	return true;
}

/* ---- word-wise operations -------------------------------------------------- */

/* Return: true if the result has a bit set. */
static inline bool bitmap_and(unsigned long *dst, const unsigned long *a,
			      const unsigned long *b, unsigned int nbits)
{
	for (unsigned int i = 0; i < kw__bitmap_words(nbits); i++)
		dst[i] = a[i] & b[i];
	return !bitmap_empty(dst, nbits);
}

/* dst = a & ~b. Return: true if the result has a bit set. */
static inline bool bitmap_andnot(unsigned long *dst, const unsigned long *a,
				 const unsigned long *b, unsigned int nbits)
{
	for (unsigned int i = 0; i < kw__bitmap_words(nbits); i++)
		dst[i] = a[i] & ~b[i];
	return !bitmap_empty(dst, nbits);
}

static inline void bitmap_or(unsigned long *dst, const unsigned long *a,
			     const unsigned long *b, unsigned int nbits)
{
	for (unsigned int i = 0; i < kw__bitmap_words(nbits); i++)
		dst[i] = a[i] | b[i];
}

static inline void bitmap_xor(unsigned long *dst, const unsigned long *a,
			      const unsigned long *b, unsigned int nbits)
{
	for (unsigned int i = 0; i < kw__bitmap_words(nbits); i++)
		dst[i] = a[i] ^ b[i];
}

static inline void bitmap_complement(unsigned long *dst, const unsigned long *src,
				     unsigned int nbits)
{
	unsigned int n = kw__bitmap_words(nbits);
	for (unsigned int i = 0; i < n; i++)
		dst[i] = ~src[i];
	if (n)
		dst[n - 1] &= BITMAP_LAST_WORD_MASK(nbits);
}

/* Set / clear bits [start, start + len). */
static inline void bitmap_set(unsigned long *map, unsigned int start, unsigned int len)
{
	for (unsigned int b = start; b < start + len; b++)
		__set_bit(b, map);
}

static inline void bitmap_clear(unsigned long *map, unsigned int start, unsigned int len)
{
	for (unsigned int b = start; b < start + len; b++)
		__clear_bit(b, map);
}

#endif /* KWORK_LINUX_BITMAP_H */
