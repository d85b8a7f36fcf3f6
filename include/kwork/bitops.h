/*
 * kwork/bitops.h - bit searching and counting on words and on arrays of
 * unsigned long (the kernel's find_*_bit, ffs/fls, hweight). The atomic
 * set/clear/test_bit family is in kwork/sync.h.
 *
 * Layer: public API (inline, no state). Semantics follow the kernel's:
 * kw_ffs/kw_fls count from 1 and return 0 for 0; kw___ffs/kw___fls count
 * from 0 and are undefined for 0; kw_find_next_bit returns size when no
 * bit is found.
 */
#ifndef KWORK_BITOPS_H
#define KWORK_BITOPS_H

#include <kwork/compiler.h>
#include <kwork/sync.h>

KW_BEGIN_DECLS

/* kw_ffs - ffs(): 1-based index of the lowest set bit of x. Return: 1..32, 0 for 0. */
static inline int kw_ffs(int x) { return __builtin_ffs(x); }
/* kw_fls - fls(): 1-based index of the highest set bit of x. Return: 1..32, 0 for 0. */
static inline int kw_fls(unsigned int x) { return x ? 32 - __builtin_clz(x) : 0; }
/* kw_fls64 - fls64(): as kw_fls on 64 bits. Return: 1..64, 0 for 0. */
static inline int kw_fls64(uint64_t x) { return x ? 64 - __builtin_clzll(x) : 0; }
/* kw___ffs - __ffs(): 0-based index of the lowest set bit; undefined for w == 0. */
static inline unsigned long kw___ffs(unsigned long w) { return (unsigned long)__builtin_ctzl(w); }
/* kw___fls - __fls(): 0-based index of the highest set bit; undefined for w == 0. */
static inline unsigned long kw___fls(unsigned long w)
{
	return (unsigned long)(KW_BITS_PER_LONG - 1 - __builtin_clzl(w));
}
/* kw_ffz - ffz(): 0-based index of the lowest clear bit; undefined for w == ~0UL. */
static inline unsigned long kw_ffz(unsigned long w) { return kw___ffs(~w); }
/*
 * kw_hweight32, kw_hweight64, kw_hweight_long - hweight32() etc.
 * Return: the number of bits set in w.
 */
static inline unsigned int kw_hweight32(uint32_t w) { return (unsigned int)__builtin_popcount(w); }
static inline unsigned int kw_hweight64(uint64_t w) { return (unsigned int)__builtin_popcountll(w); }
static inline unsigned long kw_hweight_long(unsigned long w)
{
	return (unsigned long)__builtin_popcountl(w);
}

/* First bit >= offset set (invert: clear) in addr[0..size), else size. */
static inline unsigned long kw__find_next(const unsigned long *addr,
					  unsigned long size,
					  unsigned long offset, bool invert)
{
	while (offset < size) {
		unsigned long w = addr[offset / KW_BITS_PER_LONG];
		if (invert)
			w = ~w;
		w &= ~0UL << (offset % KW_BITS_PER_LONG);
		if (w) {
			unsigned long bit = offset - offset % KW_BITS_PER_LONG + kw___ffs(w);
			return bit < size ? bit : size;
		}
		offset += KW_BITS_PER_LONG - offset % KW_BITS_PER_LONG;
	}
	return size;
}

/*
 * kw_find_next_bit - find_next_bit(): plain loads, not atomic; the caller
 * excludes writers or accepts a racy answer.
 * Return: the first set bit >= offset in addr[0..size), else size.
 */
static inline unsigned long kw_find_next_bit(const unsigned long *addr,
					     unsigned long size,
					     unsigned long offset)
{
	return kw__find_next(addr, size, offset, false);
}

/*
 * kw_find_next_zero_bit - find_next_zero_bit(): as kw_find_next_bit for a
 * clear bit. Return: the first clear bit >= offset below size, else size.
 */
static inline unsigned long kw_find_next_zero_bit(const unsigned long *addr,
						  unsigned long size,
						  unsigned long offset)
{
	return kw__find_next(addr, size, offset, true);
}

/* Bits set in addr[0..size). */
static inline unsigned long kw_bitmap_weight(const unsigned long *addr,
					     unsigned long size)
{
	unsigned long n = 0;
	for (unsigned long i = kw_find_next_bit(addr, size, 0); i < size;
	     i = kw_find_next_bit(addr, size, i + 1))
		n++;
	return n;
}

/* Non-atomic forms (the caller excludes concurrent writers). */
static inline void kw___set_bit(long nr, unsigned long *addr)
{
	addr[KW__BIT_WORD(nr)] |= KW__BIT_MASK(nr);
}
static inline void kw___clear_bit(long nr, unsigned long *addr)
{
	addr[KW__BIT_WORD(nr)] &= ~KW__BIT_MASK(nr);
}
static inline void kw___change_bit(long nr, unsigned long *addr)
{
	addr[KW__BIT_WORD(nr)] ^= KW__BIT_MASK(nr);
}
static inline bool kw___test_and_set_bit(long nr, unsigned long *addr)
{
	bool old = (addr[KW__BIT_WORD(nr)] & KW__BIT_MASK(nr)) != 0;
	kw___set_bit(nr, addr);
	return old;
}
static inline bool kw___test_and_clear_bit(long nr, unsigned long *addr)
{
	bool old = (addr[KW__BIT_WORD(nr)] & KW__BIT_MASK(nr)) != 0;
	kw___clear_bit(nr, addr);
	return old;
}

KW_END_DECLS

#endif /* KWORK_BITOPS_H */
