/*
 * kwork/printk.h - the kernel log and WARN.
 *
 * Layer: platform (public API). kw_printk() formats a message, takes its
 * level from a leading KW_SOH "<digit>" (as KERN_* does), stamps it with the
 * time since the library started in dmesg form "[    1.234567] ", and writes
 * it to stderr when its level is below the console loglevel
 * (KWORK_LOGLEVEL, default 7 = everything but debug), and to the log hook.
 *
 * kw_warn() is the WARN family's engine: it prints the kernel's
 * "------------[ cut here ]------------" report with the message, the
 * "WARNING: CPU: c PID: p at file:line function" line and a backtrace, bumps
 * the counter kw_warn_count() reads, and continues - unless KWORK_WARN_FATAL=1
 * is set in the environment (or kw_warn_set_fatal(true) was called), then it
 * aborts after printing, for test runs.
 */
#ifndef KWORK_PRINTK_H
#define KWORK_PRINTK_H

#include <kwork/compiler.h>
#include <stdarg.h>

KW_BEGIN_DECLS

#define KW_SOH "\001"
#define KW_LOGLEVEL_EMERG 0
#define KW_LOGLEVEL_ALERT 1
#define KW_LOGLEVEL_CRIT 2
#define KW_LOGLEVEL_ERR 3
#define KW_LOGLEVEL_WARNING 4
#define KW_LOGLEVEL_NOTICE 5
#define KW_LOGLEVEL_INFO 6
#define KW_LOGLEVEL_DEBUG 7
#define KW_LOGLEVEL_DEFAULT 4	/* a message with no level (MESSAGE_LOGLEVEL_DEFAULT) */
#define KW_LOGLEVEL_CONT 'c'	/* KERN_CONT */

/*
 * kw_printk - print one kernel-log message.
 * Context: any, including timer callbacks. The kernel's %p extensions are
 * understood: %p (hashed), %px (raw), %pK (hashed), %ps / %pS (symbol name,
 * %pS with +offset/size). Return: the number of characters of the message.
 */
KW_API int kw_printk(const char *fmt, ...) KW_PRINTF(1, 2);
KW_API int kw_vprintk(const char *fmt, va_list ap);

/* The console loglevel: messages with level < this one reach stderr. */
KW_API void kw_set_console_loglevel(int level);
KW_API int kw_console_loglevel(void);

/*
 * kw_log_set_hook - receive every logged line (after formatting, with the
 * timestamp) whatever the console level. One hook; NULL removes it.
 * The hook runs in the printing thread and must not call kw_printk().
 */
typedef void (*kw_log_hook_fn)(int level, const char *line, void *ctx);
KW_API void kw_log_set_hook(kw_log_hook_fn fn, void *ctx);

/*
 * kw_warn - report a WARN. fmt may be NULL (WARN_ON: no message).
 * Context: any. Return: always true (so WARN_ON(x) can return its condition).
 */
KW_API bool kw_warn(const char *file, int line, const char *func,
		    const char *fmt, ...) KW_PRINTF(4, 5);

/* Number of WARNs since start (tests read it around a misuse). */
KW_API unsigned long kw_warn_count(void);

/* Copy the message of the latest WARN into buf (empty if none yet). */
KW_API void kw_warn_last_message(char *buf, size_t size);

/* Make WARN abort (tests), or continue (default). */
KW_API void kw_warn_set_fatal(bool fatal);

/*
 * kw_bug - the BUG() path: print "kernel BUG at file:line!" and a backtrace,
 * then abort. Also the internal-bug path (class 3 errors of STYLE.md).
 */
KW_API KW_NORETURN void kw_bug(const char *file, int line, const char *func,
			       const char *fmt, ...) KW_PRINTF(4, 5);

/* Print the calling thread's backtrace to the log (dump_stack). */
KW_API void kw_dump_stack(void);

/* print_hex_dump()'s prefix_type: none, the row's address (%p), its offset. */
enum { KW_DUMP_PREFIX_NONE, KW_DUMP_PREFIX_ADDRESS, KW_DUMP_PREFIX_OFFSET };

/*
 * kw_hex_dump_to_buffer - hex_dump_to_buffer(): one row (at most rowsize
 * bytes of buf; rowsize 16 or 32, else 16) as groups of groupsize bytes
 * (1, 2, 4, 8; else, or when len is not a multiple of it, 1), each a
 * native-endian number in lowercase hex, separated by one space; with
 * ascii, the bytes as text ('.' for non-printable) from column
 * rowsize*2 + rowsize/groupsize + 1. Written NUL-terminated, truncated to
 * linebuflen. Context: any.
 * Return: the length the whole line has (snprintf-style), 0 for len 0.
 */
KW_API int kw_hex_dump_to_buffer(const void *buf, size_t len, int rowsize,
				 int groupsize, char *linebuf,
				 size_t linebuflen, bool ascii);
/*
 * kw_print_hex_dump - print_hex_dump(): buf as rows of rowsize bytes, each
 * a line at level (a KERN_* string) "<prefix_str><prefix>: <row>", prefix
 * per prefix_type (nothing, the row's address as hashed %p, its offset as
 * %.8x) and the row as kw_hex_dump_to_buffer. Context: any.
 */
KW_API void kw_print_hex_dump(const char *level, const char *prefix_str,
			      int prefix_type, int rowsize, int groupsize,
			      const void *buf, size_t len, bool ascii);

/*
 * kw_symbol_name - the name of the function at addr ("%ps"), into buf;
 * with_offset adds "+0xoff/0xsize" ("%pS"). Return: buf.
 */
KW_API char *kw_symbol_name(const void *addr, bool with_offset, char *buf,
			    size_t size);

/* WARN helpers for the library and the native API. */
#define KW_WARN(cond, ...)                                                \
	({                                                                \
		bool __kw_c = !!(cond);                                   \
		if (kw_unlikely(__kw_c))                                  \
			kw_warn(__FILE__, __LINE__, __func__, __VA_ARGS__); \
		__kw_c;                                                   \
	})
#define KW_WARN_ON(cond)                                                 \
	({                                                               \
		bool __kw_c = !!(cond);                                  \
		if (kw_unlikely(__kw_c))                                 \
			kw_warn(__FILE__, __LINE__, __func__, NULL);     \
		__kw_c;                                                  \
	})
#define KW_WARN_ONCE(cond, ...)                                           \
	({                                                                \
		static bool __kw_done;                                    \
		bool __kw_c = !!(cond);                                   \
		if (kw_unlikely(__kw_c) &&                                \
		    !__atomic_exchange_n(&__kw_done, true, __ATOMIC_RELAXED)) \
			kw_warn(__FILE__, __LINE__, __func__, __VA_ARGS__); \
		__kw_c;                                                   \
	})
#define KW_WARN_ON_ONCE(cond)                                             \
	({                                                                \
		static bool __kw_done;                                    \
		bool __kw_c = !!(cond);                                   \
		if (kw_unlikely(__kw_c) &&                                \
		    !__atomic_exchange_n(&__kw_done, true, __ATOMIC_RELAXED)) \
			kw_warn(__FILE__, __LINE__, __func__, NULL);      \
		__kw_c;                                                   \
	})
#define KW_BUG_ON(cond)                                                   \
	do {                                                              \
		if (kw_unlikely(cond))                                    \
			kw_bug(__FILE__, __LINE__, __func__, "%s", #cond); \
	} while (0)

KW_END_DECLS

#endif /* KWORK_PRINTK_H */
