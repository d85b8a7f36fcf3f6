/*
 * linux/kstrtox.h - kstrto{int,uint,long,ul,ll,ull,s8..u64,bool} and
 * simple_strto{ul,l,ull,ll} over <kwork/kstrtox.h> (the kernel's base
 * detection; -ERANGE when the value does not fit the destination type,
 * -EINVAL for junk; one trailing newline accepted). *res is written only
 * on success.
 */
#ifndef KWORK_LINUX_KSTRTOX_H
#define KWORK_LINUX_KSTRTOX_H

#include <kwork/kstrtox.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>

static inline int __must_check kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	return kw_kstrtoull(s, base, res);
}

static inline int __must_check kstrtoll(const char *s, unsigned int base, long long *res)
{
	return kw_kstrtoll(s, base, res);
}

/* An unsigned destination of width max: parse as ull, then range-check. */
#define __KW_KSTRTOU(name_, type_, max_)                                       \
	static inline int __must_check name_(const char *s, unsigned int base, \
					     type_ *res)                       \
	{                                                                      \
		unsigned long long v;                                          \
		int err = kw_kstrtoull(s, base, &v);                           \
		if (err)                                                       \
			return err;                                            \
		if (v > (max_))                                                \
			return -ERANGE;                                        \
		*res = (type_)v;                                               \
		return 0;                                                      \
	}
#define __KW_KSTRTOS(name_, type_, min_, max_)                                 \
	static inline int __must_check name_(const char *s, unsigned int base, \
					     type_ *res)                       \
	{                                                                      \
		long long v;                                                   \
		int err = kw_kstrtoll(s, base, &v);                            \
		if (err)                                                       \
			return err;                                            \
		if (v < (min_) || v > (max_))                                  \
			return -ERANGE;                                        \
		*res = (type_)v;                                               \
		return 0;                                                      \
	}

__KW_KSTRTOU(kstrtoul, unsigned long, ULONG_MAX)
__KW_KSTRTOS(kstrtol, long, LONG_MIN, LONG_MAX)
__KW_KSTRTOU(kstrtouint, unsigned int, UINT_MAX)
__KW_KSTRTOS(kstrtoint, int, INT_MIN, INT_MAX)
__KW_KSTRTOU(kstrtou16, u16, 0xffffu)
__KW_KSTRTOS(kstrtos16, s16, -0x8000, 0x7fff)
__KW_KSTRTOU(kstrtou8, u8, 0xffu)
__KW_KSTRTOS(kstrtos8, s8, -0x80, 0x7f)
__KW_KSTRTOU(kstrtou64, u64, UINT64_MAX)
__KW_KSTRTOS(kstrtos64, s64, INT64_MIN, INT64_MAX)
__KW_KSTRTOU(kstrtou32, u32, UINT32_MAX)
__KW_KSTRTOS(kstrtos32, s32, INT32_MIN, INT32_MAX)
#undef __KW_KSTRTOU
#undef __KW_KSTRTOS

static inline int __must_check kstrtobool(const char *s, bool *res)
{
	return kw_kstrtobool(s, res);
}

static inline unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	return kw_simple_strtoull(cp, endp, base);
}

static inline long long simple_strtoll(const char *cp, char **endp, unsigned int base)
{
	return kw_simple_strtoll(cp, endp, base);
}

static inline unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return (unsigned long)kw_simple_strtoull(cp, endp, base);
}

static inline long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	return (long)kw_simple_strtoll(cp, endp, base);
}

#endif /* KWORK_LINUX_KSTRTOX_H */
