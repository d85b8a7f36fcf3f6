/* linux/bits.h - BIT, BIT_ULL, GENMASK, GENMASK_ULL, bits per byte. */
#ifndef KWORK_LINUX_BITS_H
#define KWORK_LINUX_BITS_H

#include <kwork/sync.h>	/* KW_BITS_PER_LONG, KW__BIT_MASK, KW__BIT_WORD */

#ifndef BITS_PER_LONG
#define BITS_PER_LONG KW_BITS_PER_LONG
#endif
#define BITS_PER_LONG_LONG 64
#define BITS_PER_BYTE 8
#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define BIT_MASK(nr) KW__BIT_MASK(nr)
#define BIT_WORD(nr) KW__BIT_WORD(nr)
#define BIT_ULL_MASK(nr) (1ULL << ((nr) % BITS_PER_LONG_LONG))
#define BIT_ULL_WORD(nr) ((nr) / BITS_PER_LONG_LONG)
/* Bits h..l set (h >= l). */
#define GENMASK(h, l) \
	(((~0UL) - (1UL << (l)) + 1) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l) \
	(((~0ULL) - (1ULL << (l)) + 1) & (~0ULL >> (BITS_PER_LONG_LONG - 1 - (h))))

#endif /* KWORK_LINUX_BITS_H */
