/*
 * test_compat_kernel_h.c - what <linux/kernel.h> pulls in (COMPAT.md
 * "kernel basics"): build-time checks, bits, kconfig, rounding and 64-bit
 * division, log2, overflow checks, kstrto* parsing, the sprintf helpers.
 */
#include "kwtest.h"

#include <linux/kernel.h>
#include <linux/slab.h>

#include <string.h>

#define CONFIG_KWT_ON 1
#define CONFIG_KWT_MOD_MODULE 1

static_assert(ilog2(1) == 0);
static_assert(ilog2(4096) == 12, "ilog2 folds to a constant");
static_assert(ilog2(4097) == 12);
static_assert(roundup_pow_of_two(5) == 8);
static_assert(order_base_2(9) == 4);
static_assert(IS_ENABLED(CONFIG_KWT_ON) && IS_BUILTIN(CONFIG_KWT_ON) && !IS_MODULE(CONFIG_KWT_ON));
static_assert(IS_ENABLED(CONFIG_KWT_MOD) && IS_MODULE(CONFIG_KWT_MOD) && !IS_BUILTIN(CONFIG_KWT_MOD));
static_assert(!IS_ENABLED(CONFIG_KWT_ABSENT) && !IS_REACHABLE(CONFIG_KWT_ABSENT));
#if !IS_ENABLED(CONFIG_KWT_ON)
#error IS_ENABLED must work in #if
#endif

static int table[ilog2(64)];

KWT_TEST("COMPAT-kernel", build_bug_bits_sizes_stringify_array_size)
{
	BUILD_BUG_ON(sizeof(u32) != 4);
	KWT_ASSERT_EQ(BUILD_BUG_ON_ZERO(0), 0);
	KWT_ASSERT_EQ(ARRAY_SIZE(table), 6);
	KWT_ASSERT_EQ(BIT(3), 8);
	KWT_ASSERT_EQ(BIT_ULL(40), 1ULL << 40);
	KWT_ASSERT_EQ(GENMASK(7, 4), 0xf0);
	KWT_ASSERT_EQ(GENMASK_ULL(39, 32), 0xff00000000ULL);
	KWT_ASSERT_EQ(BITS_PER_BYTE, 8);
	KWT_ASSERT_EQ(SZ_4K, 4096);
	KWT_ASSERT_EQ(SZ_4G, 1ULL << 32);
	KWT_ASSERT_STREQ(__stringify(SZ_1K), "0x00000400");
	KWT_ASSERT_EQ(U8_MAX, 255);
	KWT_ASSERT_EQ(S16_MIN, -32768);
	KWT_ASSERT_EQ(U32_MAX, 0xffffffffu);
	KWT_ASSERT_EQ(S64_MAX, 0x7fffffffffffffffLL);
	KWT_ASSERT_EQ(ALIGN(13, 8), 16);
	KWT_ASSERT(IS_ALIGNED(32, 16));
}

KWT_TEST("COMPAT-kernel", math_rounding_and_abs)
{
	KWT_ASSERT_EQ(DIV_ROUND_UP(7, 2), 4);
	KWT_ASSERT_EQ(DIV_ROUND_UP_ULL(1ULL << 40, 3), ((1ULL << 40) + 2) / 3);
	KWT_ASSERT_EQ(DIV_ROUND_CLOSEST(7, 2), 4);
	KWT_ASSERT_EQ(DIV_ROUND_CLOSEST(-7, 2), -4);
	KWT_ASSERT_EQ(DIV_ROUND_CLOSEST(5u, 3u), 2);
	KWT_ASSERT_EQ(roundup(10, 3), 12);
	KWT_ASSERT_EQ(rounddown(10, 3), 9);
	KWT_ASSERT_EQ(round_up(10, 8), 16);
	KWT_ASSERT_EQ(round_down(10, 8), 8);
	KWT_ASSERT_EQ(abs(-5), 5);
	KWT_ASSERT_EQ(abs(-5LL), 5);
	KWT_ASSERT_EQ(abs(5u), 5);
	KWT_ASSERT_EQ(mult_frac(1000000000, 3, 4), 750000000);
	u64 v = 0x123456789abcdef0ULL;
	KWT_ASSERT_EQ(upper_32_bits(v), 0x12345678u);
	KWT_ASSERT_EQ(lower_32_bits(v), 0x9abcdef0u);
	KWT_ASSERT_EQ(upper_16_bits(0x12345678u), 0x1234);
	KWT_ASSERT_EQ(lower_16_bits(0x12345678u), 0x5678);
	KWT_ASSERT(is_power_of_2(64) && !is_power_of_2(0) && !is_power_of_2(65));
	KWT_ASSERT_EQ(rounddown_pow_of_two(100), 64);
	KWT_ASSERT_EQ(roundup_pow_of_two(1), 1);
}

KWT_TEST("COMPAT-kernel", do_div_divides_in_place_and_returns_remainder)
{
	u64 n = 1000000007ULL * 3 + 5;
	u32 rem = do_div(n, 1000000007u);
	KWT_ASSERT_EQ(n, 3);
	KWT_ASSERT_EQ(rem, 5);
	u32 r32;
	KWT_ASSERT_EQ(div_u64_rem(17, 5, &r32), 3);
	KWT_ASSERT_EQ(r32, 2);
	KWT_ASSERT_EQ(div_u64(1ULL << 40, 1024), 1ULL << 30);
	KWT_ASSERT_EQ(div_s64(-9, 2), -4);
	KWT_ASSERT_EQ(div64_u64(1ULL << 63, 1ULL << 33), 1ULL << 30);
	KWT_ASSERT_EQ(div64_s64(-(1LL << 40), 1LL << 36), -16);
}

struct flex {
	int n;
	u64 items[];
};

KWT_TEST("COMPAT-kernel", overflow_checks_and_saturating_sizes)
{
	u32 r;
	KWT_ASSERT(check_mul_overflow(0x10000u, 0x10000u, &r));
	KWT_ASSERT(!check_mul_overflow(0x1000u, 0x1000u, &r));
	KWT_ASSERT_EQ(r, 0x1000000u);
	KWT_ASSERT(check_add_overflow(U32_MAX, 1u, &r));
	KWT_ASSERT_EQ(r, 0);
	int s;
	KWT_ASSERT(check_sub_overflow(INT_MIN, 1, &s));
	struct flex *p = NULL;
	KWT_ASSERT_EQ(struct_size(p, items, 3), sizeof(*p) + 3 * sizeof(u64));
	KWT_ASSERT_EQ(flex_array_size(p, items, 3), 3 * sizeof(u64));
	KWT_ASSERT(struct_size(p, items, SIZE_MAX / 4) == SIZE_MAX);
	KWT_ASSERT(array_size(SIZE_MAX / 2, 3) == SIZE_MAX);
	KWT_ASSERT(size_add(SIZE_MAX, 1) == SIZE_MAX);
	KWT_ASSERT_EQ(size_mul(6, 7), 42);
	KWT_ASSERT(kmalloc(struct_size(p, items, SIZE_MAX / 4), GFP_KERNEL | __GFP_NOWARN) == NULL);
	KWT_ASSERT_EQ(type_max(int), INT_MAX);
	KWT_ASSERT_EQ(type_min(s8), -128);
}
