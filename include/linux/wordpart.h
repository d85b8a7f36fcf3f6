/* linux/wordpart.h - the upper and lower 32 / 16 bits of a number. */
#ifndef KWORK_LINUX_WORDPART_H
#define KWORK_LINUX_WORDPART_H

#include <linux/types.h>

/* Two 16-bit shifts: no warning when n is only 32 bits wide. */
#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define upper_16_bits(n) ((u16)((n) >> 16))
#define lower_16_bits(n) ((u16)((n) & 0xffff))

#endif /* KWORK_LINUX_WORDPART_H */
