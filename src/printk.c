/*
 * printk.c - the kernel log: levels, dmesg timestamps, pr_cont, the kernel's
 * %p extensions, WARN and BUG reports with backtraces.
 *
 * Layer: platform (beside every layer). Any thread, any context (timer
 * callbacks included); never sleeps in the task-core sense.
 * Locks: log_lock serialises output and protects cont_buf / last_warn.
 */
#include "task_internal.h"
#include "module_internal.h"

#include <ctype.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_LINE_MAX 1024
#define BACKTRACE_MAX 32

static kw_spinlock_t log_lock = KW_SPINLOCK_INIT;
static char cont_buf[LOG_LINE_MAX];	/* a line still waiting for its '\n' */
static size_t cont_len;
static int cont_level;
static int console_loglevel = 7;
static kw_log_hook_fn log_hook;
static void *log_hook_ctx;
static FILE *log_stream;

static unsigned long warn_count;
static bool warn_fatal;
static char last_warn[256];
static uint64_t ptr_hash_key;

void kw__printk_init(void)
{
	const char *lvl = getenv("KWORK_LOGLEVEL");
	if (lvl && *lvl >= '0' && *lvl <= '8')
		console_loglevel = *lvl - '0';
	const char *fatal = getenv("KWORK_WARN_FATAL");
	warn_fatal = fatal && *fatal && *fatal != '0';
	const char *dest = getenv("KWORK_LOG");
	log_stream = dest && !strcmp(dest, "stdout") ? stdout : stderr;
	ptr_hash_key = (uint64_t)kw__clock_ns() * 0x9E3779B97F4A7C15ull ^
		       (uint64_t)getpid();
}

void kw_set_console_loglevel(int level)
{
	__atomic_store_n(&console_loglevel, level, __ATOMIC_RELAXED);
}

int kw_console_loglevel(void)
{
	return __atomic_load_n(&console_loglevel, __ATOMIC_RELAXED);
}

void kw_log_set_hook(kw_log_hook_fn fn, void *ctx)
{
	kw_spin_lock(&log_lock);
	log_hook = fn;
	log_hook_ctx = ctx;
	kw_spin_unlock(&log_lock);
}

/* ---- symbols -------------------------------------------------------------- */

char *kw_symbol_name(const void *addr, bool with_offset, char *buf, size_t size)
{
	Dl_info info;
	if (kw__module_symbol(addr, with_offset, buf, size))
		return buf;	/* module code, static functions included */
	if (dladdr(addr, &info) && info.dli_sname) {
		if (with_offset)
			snprintf(buf, size, "%s+0x%lx", info.dli_sname,
				 (unsigned long)((const char *)addr -
						 (const char *)info.dli_saddr));
		else
			snprintf(buf, size, "%s", info.dli_sname);
	} else if (dladdr(addr, &info) && info.dli_fname) {
		const char *base = strrchr(info.dli_fname, '/');
		snprintf(buf, size, "%s+0x%lx", base ? base + 1 : info.dli_fname,
			 (unsigned long)((const char *)addr -
					 (const char *)info.dli_fbase));
	} else {
		snprintf(buf, size, "0x%lx", (unsigned long)addr);
	}
	return buf;
}

/* ---- formatting with the kernel's %p extensions ------------------------------ */

struct outbuf {
	char *s;
	size_t size, len;
};

static void out_str(struct outbuf *o, const char *s)
{
	size_t n = strlen(s);
	if (o->len + 1 < o->size) {
		size_t room = o->size - o->len - 1;
		memcpy(o->s + o->len, s, n < room ? n : room);
		o->len += n < room ? n : room;
		o->s[o->len] = 0;
	}
}

static uint64_t hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p ^ ptr_hash_key;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x & 0xffffffffull;
}

/* Format one %p conversion; *fmt points after the 'p'. */
static void format_pointer(struct outbuf *o, const char **fmt, const void *p)
{
	char buf[160];
	char ext = **fmt;
	if (ext == 'x') {
		snprintf(buf, sizeof(buf), "%016lx", (unsigned long)(uintptr_t)p);
		(*fmt)++;
	} else if (ext == 's' || ext == 'S' || ext == 'B') {
		kw_symbol_name(p, ext != 's', buf, sizeof(buf));
		(*fmt)++;
	} else {
		/*
		 * %p, %pK and extensions kwork does not decode: hashed, except
		 * NULL and error pointers, printed as they are (they are no
		 * addresses; the kernel's ptr_to_id). An extension the kernel
		 * would dereference prints "(null)" for NULL (its check_pointer).
		 */
		bool plain = !isalnum((unsigned char)ext) || ext == 'K';
		uintptr_t v = (uintptr_t)p;
		if (!p && !plain)
			snprintf(buf, sizeof(buf), "(null)");
		else if (!p || KW_IS_ERR_VALUE(p))
			snprintf(buf, sizeof(buf), "%016lx", (unsigned long)v);
		else
			snprintf(buf, sizeof(buf), "%016lx", (unsigned long)hash_ptr(p));
		while (isalnum((unsigned char)**fmt))
			(*fmt)++;
	}
	out_str(o, buf);
}

/* Copy one conversion spec (from '%') into spec; Return: its conversion char. */
static char scan_spec(const char **fmt, char *spec, size_t size, bool *star_w,
		      bool *star_p, int *lng)
{
	const char *f = *fmt;
	size_t n = 0;
	spec[n++] = *f++;
	*star_w = *star_p = false;
	*lng = 0;
	while (*f && strchr("-+ #0'", *f) && n < size - 2)
		spec[n++] = *f++;
	if (*f == '*') {
		*star_w = true;
		spec[n++] = *f++;
	}
	while (*f >= '0' && *f <= '9' && n < size - 2)
		spec[n++] = *f++;
	if (*f == '.') {
		spec[n++] = *f++;
		if (*f == '*') {
			*star_p = true;
			spec[n++] = *f++;
		}
		while (*f >= '0' && *f <= '9' && n < size - 2)
			spec[n++] = *f++;
	}
	while (*f && strchr("hlzjtLq", *f) && n < size - 2) {
		if (*f == 'l' || *f == 'z' || *f == 'j' || *f == 't' || *f == 'q')
			(*lng)++;
		if (*f == 'L')
			*lng = 3;
		spec[n++] = *f++;
	}
	char conv = *f;
	if (conv)
		spec[n++] = *f++;
	spec[n] = 0;
	*fmt = f;
	return conv;
}

#define FORMAT_ONE(o, spec, sw, sp, w, pr, val)                                 \
	do {                                                                    \
		char __b[512];                                                  \
		if (sw && sp)                                                   \
			snprintf(__b, sizeof(__b), spec, w, pr, val);           \
		else if (sw)                                                    \
			snprintf(__b, sizeof(__b), spec, w, val);               \
		else if (sp)                                                    \
			snprintf(__b, sizeof(__b), spec, pr, val);              \
		else                                                            \
			snprintf(__b, sizeof(__b), spec, val);                  \
		out_str(o, __b);                                                \
	} while (0)

static void format_message(char *dst, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { dst, size, 0 };
	char spec[64];
	dst[0] = 0;
	while (*fmt) {
		const char *pct = strchr(fmt, '%');
		if (!pct) {
			out_str(&o, fmt);
			break;
		}
		if (pct > fmt) {
			char seg[LOG_LINE_MAX];
			size_t n = (size_t)(pct - fmt);
			if (n >= sizeof(seg))
				n = sizeof(seg) - 1;
			memcpy(seg, fmt, n);
			seg[n] = 0;
			out_str(&o, seg);
		}
		fmt = pct;
		if (fmt[1] == '%') {
			out_str(&o, "%");
			fmt += 2;
			continue;
		}
		bool sw, sp;
		int lng;
		char conv = scan_spec(&fmt, spec, sizeof(spec), &sw, &sp, &lng);
		int w = sw ? va_arg(ap, int) : 0;
		int pr = sp ? va_arg(ap, int) : 0;
		switch (conv) {
		case 'p':
			format_pointer(&o, &fmt, va_arg(ap, void *));
			break;
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'c':
			if (lng >= 2)
				FORMAT_ONE(&o, spec, sw, sp, w, pr, va_arg(ap, long long));
			else if (lng == 1)
				FORMAT_ONE(&o, spec, sw, sp, w, pr, va_arg(ap, long));
			else
				FORMAT_ONE(&o, spec, sw, sp, w, pr, va_arg(ap, int));
			break;
		case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
			if (lng == 3)
				FORMAT_ONE(&o, spec, sw, sp, w, pr, va_arg(ap, long double));
			else
				FORMAT_ONE(&o, spec, sw, sp, w, pr, va_arg(ap, double));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			FORMAT_ONE(&o, spec, sw, sp, w, pr, s ? s : "(null)");
			break;
		}
		case 'n':
			(void)va_arg(ap, int *);
			break;
		default:
			out_str(&o, spec);
			break;
		}
	}
}

/* ---- output ------------------------------------------------------------------ */

/* Split a leading KERN_SOH level off fmt. Return: the level, or -1 for CONT. */
static int parse_level(const char **fmt)
{
	int level = KW_LOGLEVEL_DEFAULT;
	while ((*fmt)[0] == '\001' && (*fmt)[1]) {
		char c = (*fmt)[1];
		if (c >= '0' && c <= '7')
			level = c - '0';
		else if (c == 'c')
			level = -1;
		*fmt += 2;
	}
	return level;
}

/* Emit one complete line (without '\n'). Caller holds log_lock. */
static void emit_line_locked(int level, const char *text)
{
	char line[LOG_LINE_MAX + 32];
	int64_t ns = kw_uptime_ns();
	snprintf(line, sizeof(line), "[%5lld.%06lld] %s", (long long)(ns / 1000000000),
		 (long long)(ns % 1000000000 / 1000), text);
	if (level < __atomic_load_n(&console_loglevel, __ATOMIC_RELAXED)) {
		fputs(line, log_stream);
		fputc('\n', log_stream);
		fflush(log_stream);
	}
	if (log_hook)
		log_hook(level, line, log_hook_ctx);
}

static void flush_cont_locked(void)
{
	if (!cont_len)
		return;
	emit_line_locked(cont_level, cont_buf);
	cont_len = 0;
	cont_buf[0] = 0;
}

void kw__printk_flush(void)
{
	kw_spin_lock(&log_lock);
	flush_cont_locked();
	kw_spin_unlock(&log_lock);
}

int kw_vprintk(const char *fmt, va_list ap)
{
	char msg[LOG_LINE_MAX];
	kw__init_once();
	int level = parse_level(&fmt);
	format_message(msg, sizeof(msg), fmt, ap);
	int len = (int)strlen(msg);

	kw_spin_lock(&log_lock);
	if (level >= 0)
		flush_cont_locked();
	else if (!cont_len)
		cont_level = KW_LOGLEVEL_DEFAULT;
	if (level >= 0)
		cont_level = level;
	char *p = msg;
	for (;;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		size_t n = strlen(p);
		if (cont_len + n >= sizeof(cont_buf))
			n = sizeof(cont_buf) - cont_len - 1;
		memcpy(cont_buf + cont_len, p, n);
		cont_len += n;
		cont_buf[cont_len] = 0;
		if (!nl)
			break;
		emit_line_locked(cont_level, cont_buf);
		cont_len = 0;
		cont_buf[0] = 0;
		p = nl + 1;
		if (!*p)
			break;
	}
	kw_spin_unlock(&log_lock);
	return len;
}

int kw_printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kw_vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* ---- backtraces, WARN, BUG ------------------------------------------------------ */

static void print_backtrace(int skip)
{
	void *frames[BACKTRACE_MAX];
	char name[160];
	int n = backtrace(frames, BACKTRACE_MAX);
	kw_printk(KW_SOH "4" "Call Trace:\n");
	kw_printk(KW_SOH "4" " <TASK>\n");
	for (int i = skip; i < n; i++)
		kw_printk(KW_SOH "4" " %s\n",
			  kw_symbol_name((char *)frames[i] - 1, true, name, sizeof(name)));
	kw_printk(KW_SOH "4" " </TASK>\n");
}

void kw_dump_stack(void)
{
	struct kw_task *t = kw_current();
	kw_printk(KW_SOH "4" "CPU: %u PID: %d Comm: %s\n", kw_smp_processor_id(),
		  t->pid, t->comm);
	print_backtrace(2);
}

unsigned long kw_warn_count(void)
{
	return __atomic_load_n(&warn_count, __ATOMIC_ACQUIRE);
}

void kw_warn_last_message(char *buf, size_t size)
{
	kw_spin_lock(&log_lock);
	snprintf(buf, size, "%s", last_warn);
	kw_spin_unlock(&log_lock);
}

void kw_warn_set_fatal(bool fatal)
{
	__atomic_store_n(&warn_fatal, fatal, __ATOMIC_RELAXED);
}

bool kw_warn(const char *file, int line, const char *func, const char *fmt, ...)
{
	char msg[sizeof(last_warn)] = "";
	struct kw_task *t = kw_current();
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		format_message(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		size_t n = strlen(msg);
		if (n && msg[n - 1] == '\n')
			msg[n - 1] = 0;
	}
	kw_printk(KW_SOH "4" "------------[ cut here ]------------\n");
	if (msg[0])
		kw_printk(KW_SOH "4" "%s\n", msg);
	kw_printk(KW_SOH "4" "WARNING: CPU: %u PID: %d at %s:%d %s\n",
		  kw_smp_processor_id(), t->pid, file, line, func);
	kw_printk(KW_SOH "4" "CPU: %u PID: %d Comm: %s\n", kw_smp_processor_id(),
		  t->pid, t->comm);
	print_backtrace(2);
	kw_printk(KW_SOH "4" "---[ end trace 0000000000000000 ]---\n");
	kw_spin_lock(&log_lock);
	snprintf(last_warn, sizeof(last_warn), "%s", msg);
	kw_spin_unlock(&log_lock);
	__atomic_fetch_add(&warn_count, 1, __ATOMIC_RELEASE);
	if (__atomic_load_n(&warn_fatal, __ATOMIC_RELAXED)) {
		kw_printk(KW_SOH "0" "Kernel panic - not syncing: kwork: WARN is fatal "
			  "(KWORK_WARN_FATAL)\n");
		abort();
	}
	return true;
}

void kw_bug(const char *file, int line, const char *func, const char *fmt, ...)
{
	char msg[256] = "";
	struct kw_task *t = kw_current();
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	}
	kw_printk(KW_SOH "0" "------------[ cut here ]------------\n");
	kw_printk(KW_SOH "0" "kernel BUG at %s:%d!\n", file, line);
	if (msg[0])
		kw_printk(KW_SOH "0" "%s: %s\n", func, msg);
	kw_printk(KW_SOH "0" "CPU: %u PID: %d Comm: %s\n", kw_smp_processor_id(),
		  t->pid, t->comm);
	print_backtrace(2);
	abort();
}
