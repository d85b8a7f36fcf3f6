/*
 * linux/bitops.h - bit numbers, masks, atomic and non-atomic bit
 * operations, bit searching (kwork/bitops.h, kwork/sync.h). ffs() is the
 * C library's (the same definition as the kernel's).
 */
#ifndef KWORK_LINUX_BITOPS_H
#define KWORK_LINUX_BITOPS_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/atomic.h>
#include <kwork/bitops.h>
#include <strings.h>	/* ffs() */

#define BITS_PER_TYPE(type) (sizeof(type) * BITS_PER_BYTE)
#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)

#define __set_bit(nr, a) kw___set_bit(nr, a)
#define __clear_bit(nr, a) kw___clear_bit(nr, a)
#define __change_bit(nr, a) kw___change_bit(nr, a)
#define __test_and_set_bit(nr, a) kw___test_and_set_bit(nr, a)
#define __test_and_clear_bit(nr, a) kw___test_and_clear_bit(nr, a)

#define fls(x) kw_fls(x)
#define fls64(x) kw_fls64(x)
#define __ffs(w) kw___ffs(w)
#define __fls(w) kw___fls(w)
#define ffz(w) kw_ffz(w)
#define hweight8(w) kw_hweight32((uint8_t)(w))
#define hweight16(w) kw_hweight32((uint16_t)(w))
#define hweight32(w) kw_hweight32(w)
#define hweight64(w) kw_hweight64(w)
#define hweight_long(w) kw_hweight_long(w)

#define find_next_bit(a, size, off) kw_find_next_bit(a, size, off)
#define find_next_zero_bit(a, size, off) kw_find_next_zero_bit(a, size, off)
#define find_first_bit(a, size) kw_find_next_bit(a, size, 0)
#define find_first_zero_bit(a, size) kw_find_next_zero_bit(a, size, 0)
/* The kernel's unsigned int result (printed with %u). */
static inline unsigned int bitmap_weight(const unsigned long *src,
					 unsigned int nbits)
{
	return (unsigned int)kw_bitmap_weight(src, nbits);
}
#define for_each_set_bit(bit, a, size)                                  \
	for ((bit) = kw_find_next_bit(a, size, 0); (bit) < (size);      \
	     (bit) = kw_find_next_bit(a, size, (bit) + 1))
#define for_each_clear_bit(bit, a, size)                                \
	for ((bit) = kw_find_next_zero_bit(a, size, 0); (bit) < (size); \
	     (bit) = kw_find_next_zero_bit(a, size, (bit) + 1))

#endif /* KWORK_LINUX_BITOPS_H */
