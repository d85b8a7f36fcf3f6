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

KWT_TEST("COMPAT-kernel", kstrtox_base_detection_and_terminators)
{
	int v = -1;
	KWT_ASSERT_EQ(kstrtoint("0x1f", 0, &v), 0);
	KWT_ASSERT_EQ(v, 31);
	KWT_ASSERT_EQ(kstrtoint("017", 0, &v), 0);
	KWT_ASSERT_EQ(v, 15);
	KWT_ASSERT_EQ(kstrtoint("0", 0, &v), 0);
	KWT_ASSERT_EQ(v, 0);
	KWT_ASSERT_EQ(kstrtoint("0x1f", 16, &v), 0);
	KWT_ASSERT_EQ(v, 31);
	KWT_ASSERT_EQ(kstrtoint("1f", 16, &v), 0);
	KWT_ASSERT_EQ(v, 31);
	KWT_ASSERT_EQ(kstrtoint("-12", 10, &v), 0);
	KWT_ASSERT_EQ(v, -12);
	KWT_ASSERT_EQ(kstrtoint("+12", 10, &v), 0);
	KWT_ASSERT_EQ(kstrtoint("12\n", 10, &v), 0);
	KWT_ASSERT_EQ(v, 12);
	v = 99;
	KWT_ASSERT_EQ(kstrtoint("12 ", 10, &v), -EINVAL);
	KWT_ASSERT_EQ(kstrtoint("12\n\n", 10, &v), -EINVAL);
	KWT_ASSERT_EQ(kstrtoint(" 12", 10, &v), -EINVAL);
	KWT_ASSERT_EQ(kstrtoint("", 10, &v), -EINVAL);
	KWT_ASSERT_EQ(kstrtoint("\n", 10, &v), -EINVAL);
	KWT_ASSERT_EQ(kstrtoint("0x", 0, &v), -EINVAL);
	KWT_ASSERT_EQ(kstrtoint("08", 0, &v), -EINVAL);
	KWT_ASSERT_EQ(kstrtoint("12", 1, &v), -EINVAL);
	KWT_ASSERT_EQ(kstrtoint("12", 17, &v), -EINVAL);
	KWT_ASSERT_EQ(v, 99);	/* untouched on error */
	unsigned int u;
	KWT_ASSERT_EQ(kstrtouint("-1", 10, &u), -EINVAL);
	KWT_ASSERT_EQ(kstrtouint("101", 2, &u), 0);
	KWT_ASSERT_EQ(u, 5);
}

KWT_TEST("COMPAT-kernel", kstrtox_range_per_type)
{
	int v;
	KWT_ASSERT_EQ(kstrtoint("2147483647", 10, &v), 0);
	KWT_ASSERT_EQ(v, INT_MAX);
	KWT_ASSERT_EQ(kstrtoint("-2147483648", 10, &v), 0);
	KWT_ASSERT_EQ(v, INT_MIN);
	KWT_ASSERT_EQ(kstrtoint("2147483648", 10, &v), -ERANGE);
	KWT_ASSERT_EQ(kstrtoint("-2147483649", 10, &v), -ERANGE);
	unsigned long long ull;
	KWT_ASSERT_EQ(kstrtoull("18446744073709551615", 10, &ull), 0);
	KWT_ASSERT(ull == ULLONG_MAX);
	KWT_ASSERT_EQ(kstrtoull("18446744073709551616", 10, &ull), -ERANGE);
	KWT_ASSERT_EQ(kstrtoull("0x10000000000000000", 0, &ull), -ERANGE);
	long long ll;
	KWT_ASSERT_EQ(kstrtoll("-9223372036854775808", 10, &ll), 0);
	KWT_ASSERT(ll == LLONG_MIN);
	KWT_ASSERT_EQ(kstrtoll("9223372036854775808", 10, &ll), -ERANGE);
	u8 b;
	s8 sb;
	u16 w;
	s16 sw;
	KWT_ASSERT_EQ(kstrtou8("255", 10, &b), 0);
	KWT_ASSERT_EQ(b, 255);
	KWT_ASSERT_EQ(kstrtou8("256", 10, &b), -ERANGE);
	KWT_ASSERT_EQ(kstrtos8("-128", 10, &sb), 0);
	KWT_ASSERT_EQ(kstrtos8("128", 10, &sb), -ERANGE);
	KWT_ASSERT_EQ(kstrtou16("0xffff", 0, &w), 0);
	KWT_ASSERT_EQ(kstrtos16("-32769", 10, &sw), -ERANGE);
	u32 u32v;
	s64 s64v;
	u64 u64v;
	unsigned long ul;
	long l;
	KWT_ASSERT_EQ(kstrtou32("4294967296", 10, &u32v), -ERANGE);
	KWT_ASSERT_EQ(kstrtos64("-1", 10, &s64v), 0);
	KWT_ASSERT_EQ(s64v, -1);
	KWT_ASSERT_EQ(kstrtou64("0777", 0, &u64v), 0);
	KWT_ASSERT_EQ(u64v, 0777);
	KWT_ASSERT_EQ(kstrtoul("42", 0, &ul), 0);
	KWT_ASSERT_EQ(kstrtol("-42", 0, &l), 0);
	KWT_ASSERT_EQ(l, -42);
}

KWT_TEST("COMPAT-kernel", kstrtobool_and_simple_strto)
{
	bool t = false;
	KWT_ASSERT_EQ(kstrtobool("Y", &t), 0);
	KWT_ASSERT(t);
	KWT_ASSERT_EQ(kstrtobool("off", &t), 0);
	KWT_ASSERT(!t);
	KWT_ASSERT_EQ(kstrtobool("ON\n", &t), 0);
	KWT_ASSERT(t);
	KWT_ASSERT_EQ(kstrtobool("o", &t), -EINVAL);
	KWT_ASSERT_EQ(kstrtobool("maybe", &t), -EINVAL);
	KWT_ASSERT_EQ(kstrtobool(NULL, &t), -EINVAL);
	char *end;
	KWT_ASSERT_EQ(simple_strtoul("0x1fz", &end, 0), 31);
	KWT_ASSERT_EQ(*end, 'z');
	KWT_ASSERT_EQ(simple_strtol("-077 rest", &end, 0), -63);
	KWT_ASSERT_STREQ(end, " rest");
	KWT_ASSERT_EQ(simple_strtoull("ff", NULL, 16), 255);
	KWT_ASSERT_EQ(simple_strtoll("x", &end, 10), 0);
	KWT_ASSERT_STREQ(end, "x");
	KWT_ASSERT_EQ(simple_strtoul("12", &end, 1), 0);
	KWT_ASSERT_STREQ(end, "12");
}

KWT_TEST("COMPAT-kernel", scnprintf_returns_what_was_written)
{
	char buf[8];
	KWT_ASSERT_EQ(scnprintf(buf, sizeof(buf), "%d", 1234), 4);
	KWT_ASSERT_STREQ(buf, "1234");
	KWT_ASSERT_EQ(scnprintf(buf, sizeof(buf), "%s", "truncated text"), 7);
	KWT_ASSERT_STREQ(buf, "truncat");
	KWT_ASSERT_EQ(scnprintf(buf, 0, "%s", "x"), 0);
	KWT_ASSERT_EQ(scnprintf(buf, 1, "%s", "x"), 0);
	KWT_ASSERT_STREQ(buf, "");
	/* The kernel's append idiom never runs past the end. */
	size_t len = 0;
	for (int i = 0; i < 10; i++)
		len += scnprintf(buf + len, sizeof(buf) - len, "%d,", i);
	KWT_ASSERT_EQ(len, 7);
	KWT_ASSERT_STREQ(buf, "0,1,2,3");
}

struct site_of {
	const void *ptr;
	const struct kw_alloc_site *site;
	size_t size;
};

static void find_site(const struct kw_kmem_block *b, void *arg)
{
	struct site_of *f = arg;
	if (b->ptr == f->ptr) {
		f->site = b->site;
		f->size = b->size;
	}
}

static char *kvasprintf_helper(const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	char *p = kvasprintf(GFP_KERNEL, fmt, args);
	va_end(args);
	return p;
}

KWT_TEST("COMPAT-kernel", kasprintf_is_a_tracked_kmalloc_block)
{
	unsigned long before = kw_kmem_for_each(NULL, NULL, NULL);
	char *s = kasprintf(GFP_KERNEL, "worker/%d:%s", 3, "hi");
	int line = __LINE__ - 1;
	KWT_ASSERT(s);
	KWT_ASSERT_STREQ(s, "worker/3:hi");
	KWT_ASSERT_EQ(kw_kmem_for_each(NULL, NULL, NULL), before + 1);
	struct site_of f = { s, NULL, 0 };
	kw_kmem_for_each(find_site, &f, NULL);
	KWT_ASSERT(f.site);
	KWT_ASSERT_EQ(f.site->line, line);
	KWT_ASSERT_STREQ(f.site->what, "kasprintf");
	KWT_ASSERT_EQ(f.size, strlen("worker/3:hi") + 1);
	kfree(s);
	KWT_ASSERT_EQ(kw_kmem_for_each(NULL, NULL, NULL), before);

	char *v = kvasprintf_helper("%s-%u", "kv", 7u);
	KWT_ASSERT_STREQ(v, "kv-7");
	struct site_of g = { v, NULL, 0 };
	kw_kmem_for_each(find_site, &g, NULL);
	KWT_ASSERT(g.site && !strcmp(g.site->what, "kvasprintf"));
	kfree(v);

	/* Without a site (a call through the function) the caller is recorded. */
	char *c = kw_kasprintf(GFP_KERNEL, NULL, "%s", "caller");
	struct site_of h = { c, NULL, 0 };
	kw_kmem_for_each(find_site, &h, NULL);
	KWT_ASSERT(h.size == 7 && !h.site);
	kfree(c);
	KWT_ASSERT_EQ(kw_kmem_for_each(NULL, NULL, NULL), before);
}
