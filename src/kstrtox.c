/*
 * kstrtox.c - the kernel's string-to-number rules (kwork/kstrtox.h): base
 * detection, digit parsing with overflow detection, and the whole-string
 * kstrto* checks on top. moduleparam parsing (module.c) uses these too.
 *
 * Layer: library. No state, no locks: any thread, any context.
 */
#include <kwork/kstrtox.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>

static bool is_xdigit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The base to use for s and the first character to parse in it. */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	bool hex_prefix = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	if (*base == 0) {
		if (hex_prefix && is_xdigit(s[2]))
			*base = 16;
		else
			*base = s[0] == '0' ? 8 : 10;
	}
	if (*base == 16 && hex_prefix)
		s += 2;
	return s;
}

static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (unsigned int)(c - 'A' + 10);
	return UINT_MAX;
}

/*
 * Parse the digits at s (base 2..16): *res = the value (wrapped on
 * overflow), *overflow set if it did not fit. Return: digits consumed.
 */
static size_t parse_digits(const char *s, unsigned int base, unsigned long long *res,
			   bool *overflow)
{
	unsigned long long v = 0;
	size_t n = 0;

	*overflow = false;
	for (;; n++) {
		unsigned int d = digit_value(s[n]);
		if (d >= base)
			break;
		if (v > (ULLONG_MAX - d) / base)
			*overflow = true;
		v = v * base + d;
	}
	*res = v;
	return n;
}

/* kstrtoull without the '+': digits, one '\n', end. */
static int kstrtoull_digits(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v;
	bool overflow;
	size_t n;

	if (base == 1 || base > 16)
		return -EINVAL;
	s = fixup_radix(s, &base);
	n = parse_digits(s, base, &v, &overflow);
	if (overflow)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

int kw_kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return kstrtoull_digits(s, base, res);
}

int kw_kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int err;

	if (s[0] == '-') {
		err = kstrtoull_digits(s + 1, base, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = (long long)(0 - v);
		return 0;
	}
	err = kw_kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > LLONG_MAX)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}

int kw_kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

unsigned long long kw_simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long v = 0;
	bool overflow;

	if (base != 1 && base <= 16) {
		cp = fixup_radix(cp, &base);
		cp += parse_digits(cp, base, &v, &overflow);
	}
	if (endp)
		*endp = (char *)cp;
	return v;
}

long long kw_simple_strtoll(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return (long long)(0 - kw_simple_strtoull(cp + 1, endp, base));
	return (long long)kw_simple_strtoull(cp, endp, base);
}
