/* linux/printk.h - printk, KERN_* levels, pr_*() (compat over kwork/printk.h). */
#ifndef KWORK_LINUX_PRINTK_H
#define KWORK_LINUX_PRINTK_H

#include <kwork/printk.h>
#include <kwork/ratelimit.h>

#define KERN_SOH KW_SOH
#define KERN_EMERG KW_SOH "0"
#define KERN_ALERT KW_SOH "1"
#define KERN_CRIT KW_SOH "2"
#define KERN_ERR KW_SOH "3"
#define KERN_WARNING KW_SOH "4"
#define KERN_NOTICE KW_SOH "5"
#define KERN_INFO KW_SOH "6"
#define KERN_DEBUG KW_SOH "7"
#define KERN_DEFAULT ""
#define KERN_CONT KW_SOH "c"

#define LOGLEVEL_EMERG KW_LOGLEVEL_EMERG
#define LOGLEVEL_ALERT KW_LOGLEVEL_ALERT
#define LOGLEVEL_CRIT KW_LOGLEVEL_CRIT
#define LOGLEVEL_ERR KW_LOGLEVEL_ERR
#define LOGLEVEL_WARNING KW_LOGLEVEL_WARNING
#define LOGLEVEL_NOTICE KW_LOGLEVEL_NOTICE
#define LOGLEVEL_INFO KW_LOGLEVEL_INFO
#define LOGLEVEL_DEBUG KW_LOGLEVEL_DEBUG

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define printk(...) kw_printk(__VA_ARGS__)
#define vprintk(fmt, ap) kw_vprintk(fmt, ap)
/* Type-checks the format and arguments without evaluating them. */
#define no_printk(fmt, ...)                                   \
	({                                                    \
		if (0)                                        \
			kw_printk(fmt, ##__VA_ARGS__);        \
		0;                                            \
	})

#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning pr_warn
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif
#define pr_devel pr_debug

#define printk_once(fmt, ...)                                          \
	({                                                             \
		static bool __kw_printed;                              \
		bool __kw_first = !__atomic_exchange_n(&__kw_printed, true, \
						       __ATOMIC_RELAXED); \
		if (__kw_first)                                        \
			printk(fmt, ##__VA_ARGS__);                    \
		__kw_first;                                            \
	})
#define pr_emerg_once(fmt, ...) printk_once(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_once(fmt, ...) printk_once(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_once(fmt, ...) printk_once(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...) printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_once(fmt, ...) printk_once(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...) printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define dump_stack() kw_dump_stack()

#define DUMP_PREFIX_NONE KW_DUMP_PREFIX_NONE
#define DUMP_PREFIX_ADDRESS KW_DUMP_PREFIX_ADDRESS
#define DUMP_PREFIX_OFFSET KW_DUMP_PREFIX_OFFSET
#define hex_dump_to_buffer(buf, len, rs, gs, lb, lbl, ascii) \
	kw_hex_dump_to_buffer(buf, len, rs, gs, lb, lbl, ascii)
#define print_hex_dump(level, pfx, type, rs, gs, buf, len, ascii) \
	kw_print_hex_dump(level, pfx, type, rs, gs, buf, len, ascii)
/* No dynamic debug: the _debug dump is KERN_DEBUG with DEBUG, else nothing. */
#ifdef DEBUG
#define print_hex_dump_debug(pfx, type, rs, gs, buf, len, ascii) \
	kw_print_hex_dump(KERN_DEBUG, pfx, type, rs, gs, buf, len, ascii)
#else
#define print_hex_dump_debug(pfx, type, rs, gs, buf, len, ascii)         \
	((void)(pfx), (void)(type), (void)(rs), (void)(gs), (void)(buf), \
	 (void)(len), (void)(ascii))
#endif
#define print_hex_dump_bytes(pfx, type, buf, len) \
	print_hex_dump_debug(pfx, type, 16, 1, buf, len, true)

/* At most DEFAULT_RATELIMIT_BURST lines per interval from each call site. */
#define printk_ratelimit() kw_printk_ratelimit(__func__)
#define printk_ratelimited(fmt, ...)                                           \
	({                                                                     \
		static struct kw_ratelimit_state __kw_rs = KW_RATELIMIT_STATE_INIT( \
			KW_DEFAULT_RATELIMIT_INTERVAL, KW_DEFAULT_RATELIMIT_BURST); \
		if (kw___ratelimit(&__kw_rs, __func__))                        \
			printk(fmt, ##__VA_ARGS__);                            \
	})
#define pr_emerg_ratelimited(fmt, ...) printk_ratelimited(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_ratelimited(fmt, ...) printk_ratelimited(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_ratelimited(fmt, ...) printk_ratelimited(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...) printk_ratelimited(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...) printk_ratelimited(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_ratelimited(fmt, ...) printk_ratelimited(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...) printk_ratelimited(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug_ratelimited(fmt, ...) printk_ratelimited(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug_ratelimited(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

#endif /* KWORK_LINUX_PRINTK_H */
