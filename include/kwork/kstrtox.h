/*
 * kwork/kstrtox.h - strings to numbers with the kernel's kstrto* and
 * simple_strto* rules (the kernel names are in <linux/kstrtox.h>).
 *
 * Base: 0 picks 16 for "0x"/"0X" followed by a hex digit, 8 for a leading
 * "0", else 10; base 16 also accepts a "0x" prefix. kstrto*: an optional
 * '+' (and '-' for the signed ones), at least one digit, one trailing
 * '\n' allowed and nothing else (no spaces). Layer: library, no state;
 * context: any (never sleeps).
 */
#ifndef KWORK_KSTRTOX_H
#define KWORK_KSTRTOX_H

#include <kwork/compiler.h>
#include <stdbool.h>

KW_BEGIN_DECLS

/*
 * kw_kstrtoull / kw_kstrtoll - parse all of s in base (0, 2..16).
 * Return: 0 and *res set; -ERANGE if the value does not fit the type;
 * -EINVAL for no digits, a bad base, trailing junk, or a '-' given to
 * kw_kstrtoull. *res is untouched on error.
 */
KW_API int kw_kstrtoull(const char *s, unsigned int base, unsigned long long *res);
KW_API int kw_kstrtoll(const char *s, unsigned int base, long long *res);

/*
 * kw_kstrtobool - first character y/Y/t/T/1 true, n/N/f/F/0 false;
 * "on"/"off" (any case). Return: 0 and *res set, or -EINVAL (also for NULL s).
 */
KW_API int kw_kstrtobool(const char *s, bool *res);

/*
 * kw_simple_strtoull / kw_simple_strtoll - parse the leading digits of cp
 * (no '+', no overflow check: the value wraps as the kernel's does);
 * *endp (if endp) points after the last digit used.
 * Return: the value; 0 (and *endp = cp) for no digits or a base other
 * than 0 and 2..16.
 */
KW_API unsigned long long kw_simple_strtoull(const char *cp, char **endp, unsigned int base);
KW_API long long kw_simple_strtoll(const char *cp, char **endp, unsigned int base);

KW_END_DECLS

#endif /* KWORK_KSTRTOX_H */
