/*
 * linux/kernel.h - the kernel basics, pulled in as the real kernel.h does:
 * printk, BUG/WARN and build-time checks, errors, limits, alignment,
 * ARRAY_SIZE, min/max, bits, math and 64-bit division, log2, overflow
 * checks, string-to-number parsing (kstrto*) and sprintf helpers. Each
 * definition lives in its own header; this one only includes them.
 */
#ifndef KWORK_LINUX_KERNEL_H
#define KWORK_LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/kconfig.h>
#include <linux/stringify.h>
#include <linux/build_bug.h>
#include <linux/container_of.h>
#include <linux/array_size.h>
#include <linux/limits.h>
#include <linux/align.h>
#include <linux/sizes.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/bits.h>
#include <linux/bitops.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/wordpart.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/kstrtox.h>
#include <linux/sprintf.h>
#include <linux/hex.h>
#include <linux/typecheck.h>
#include <stdarg.h>
#include <limits.h>

#endif /* KWORK_LINUX_KERNEL_H */
