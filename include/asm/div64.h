/*
 * asm/div64.h - do_div(n, base): divides the 64-bit lvalue n by the 32-bit
 * base IN PLACE and returns the remainder (a u32). n must be 64 bits wide
 * (the build fails otherwise, as in the kernel).
 */
#ifndef KWORK_ASM_DIV64_H
#define KWORK_ASM_DIV64_H

#include <linux/types.h>
#include <linux/build_bug.h>

#define do_div(n, base)                                                        \
	({                                                                     \
		BUILD_BUG_ON(sizeof(n) != 8);                                  \
		u32 __kw_base = (base);                                        \
		u32 __kw_rem = (u32)((u64)(n) % __kw_base);                    \
		(n) = (u64)(n) / __kw_base;                                    \
		__kw_rem;                                                      \
	})

#endif /* KWORK_ASM_DIV64_H */
