/*
 * module.c - the module runner: parameters, insmod / dwell / rmmod, and the
 * unload report.
 *
 * Layer: module runner, above every mechanism (it only calls down, plus the
 * two hooks of module_internal.h the mechanisms call up through).
 *
 * Threads: kw_module_main() runs in the process's main thread; it blocks
 * SIGINT and SIGTERM first (kthreads block every signal anyway) and dwells
 * in sigtimedwait(), so Ctrl-C ends the dwell and starts the unload. While
 * init runs, a watcher thread takes those signals instead and makes them
 * pending on the insmod task (init_watcher).
 * kw__module_note_callback() runs in whatever thread is about to call a
 * callback (timer thread, workers, kthreads).
 *
 * Life of a module, as the kernel's load_module / do_init_module /
 * delete_module:
 *   LOADING   parameters parsed ("name=value", the kernel's parse_args
 *             messages; an unknown name is warned about and ignored, a bad
 *             value fails the load), init called
 *   LIVE      dwell: --time seconds, or until SIGINT / SIGTERM
 *   GOING     exit called
 *   GONE      exit returned: leftovers reported; from now on any callback
 *             in module code that the core is about to run is reported as
 *             code running after unload
 * Exit status: 0 clean; 1 load failed; 2 leftovers; 64 bad command line.
 *
 * Locks: params (the registration list) is written only by constructors
 * before main(); reporters by kw__module_add_reporter under reg_lock;
 * kw__module_gone (GONE) is atomic; late_lock guards the list of functions already reported
 * as run after unload.
 */
#include "kthread_internal.h"
#include "module_internal.h"
#include "task_internal.h"

#include <kwork/kstrtox.h>

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct kw_kernel_param *params;		/* constructors, before main */
static struct kw_module *running;		/* set once, by kw_module_main */
static const void *module_base;			/* running's image (dladdr) */

static kw_spinlock_t reg_lock = KW_SPINLOCK_INIT;
static struct kw__leftover_reporter *reporters;	/* reg_lock */

#define LATE_MAX 64
static kw_spinlock_t late_lock = KW_SPINLOCK_INIT;
static const void *late_fns[LATE_MAX];		/* late_lock */
static unsigned int late_count;			/* late_lock */

#define PARAM_STRING_MAX 1024	/* the kernel's limit for charp values */
#define GRACE_MS 200		/* watch for late callbacks after a dirty unload */
#define GRACE_MAX_MS 1000	/* ... at most this long while module code is due */

/* ---- the standard parameter types ------------------------------------------- */

#define PARAM_SIGNED(name, type, min, max, fmt)                                  \
	int kw_param_set_##name(const char *val, const struct kw_kernel_param *kp) \
	{                                                                        \
		long long v;                                                     \
		int err = kw_kstrtoll(val, 0, &v);                               \
		if (err)                                                         \
			return err;                                              \
		if (v < (min) || v > (max))                                      \
			return -ERANGE;                                          \
		*(type *)kp->arg = (type)v;                                      \
		return 0;                                                        \
	}                                                                        \
	int kw_param_get_##name(char *buffer, const struct kw_kernel_param *kp)    \
	{                                                                        \
		return snprintf(buffer, 4096, fmt "\n", *(type *)kp->arg);       \
	}                                                                        \
	const struct kw_kernel_param_ops kw_param_ops_##name = {                 \
		.set = kw_param_set_##name, .get = kw_param_get_##name };

#define PARAM_UNSIGNED(name, type, max, fmt)                                     \
	int kw_param_set_##name(const char *val, const struct kw_kernel_param *kp) \
	{                                                                        \
		unsigned long long v;                                            \
		int err = kw_kstrtoull(val, 0, &v);                              \
		if (err)                                                         \
			return err;                                              \
		if (v > (max))                                                   \
			return -ERANGE;                                          \
		*(type *)kp->arg = (type)v;                                      \
		return 0;                                                        \
	}                                                                        \
	int kw_param_get_##name(char *buffer, const struct kw_kernel_param *kp)    \
	{                                                                        \
		return snprintf(buffer, 4096, fmt "\n", *(type *)kp->arg);       \
	}                                                                        \
	const struct kw_kernel_param_ops kw_param_ops_##name = {                 \
		.set = kw_param_set_##name, .get = kw_param_get_##name };

PARAM_UNSIGNED(byte, unsigned char, UCHAR_MAX, "%hhu")
PARAM_SIGNED(short, short, SHRT_MIN, SHRT_MAX, "%hi")
PARAM_UNSIGNED(ushort, unsigned short, USHRT_MAX, "%hu")
PARAM_SIGNED(int, int, INT_MIN, INT_MAX, "%i")
PARAM_UNSIGNED(uint, unsigned int, UINT_MAX, "%u")
PARAM_SIGNED(long, long, LONG_MIN, LONG_MAX, "%li")
PARAM_UNSIGNED(ulong, unsigned long, ULONG_MAX, "%lu")
PARAM_UNSIGNED(ullong, unsigned long long, ULLONG_MAX, "%llu")
PARAM_UNSIGNED(hexint, unsigned int, UINT_MAX, "%#08x")

/*
 * charp values the runner allocated (the kernel's kmalloced_params): only
 * these are freed when replaced or at unload, never the module's literal.
 */
struct charp_alloc {
	struct charp_alloc *next;
	char val[];
};
static struct charp_alloc *charp_allocs;	/* main thread only */

static void charp_release(char *s)
{
	for (struct charp_alloc **p = &charp_allocs; *p; p = &(*p)->next) {
		if ((*p)->val == s) {
			struct charp_alloc *a = *p;
			*p = a->next;
			free(a);
			return;
		}
	}
}

int kw_param_set_charp(const char *val, const struct kw_kernel_param *kp)
{
	size_t len = strnlen(val, PARAM_STRING_MAX);
	if (len >= PARAM_STRING_MAX) {
		kw_printk(KW_SOH "3" "%s: string parameter too long\n", kp->name);
		return -ENOSPC;
	}
	struct charp_alloc *a = malloc(sizeof(*a) + len + 1);
	if (!a)
		return -ENOMEM;
	memcpy(a->val, val, len + 1);
	charp_release(*(char **)kp->arg);
	a->next = charp_allocs;
	charp_allocs = a;
	*(char **)kp->arg = a->val;
	return 0;
}

int kw_param_get_charp(char *buffer, const struct kw_kernel_param *kp)
{
	const char *s = *(char **)kp->arg;
	return snprintf(buffer, 4096, "%s\n", s ? s : "(null)");
}

void kw_param_free_charp(void *arg)
{
	charp_release(*(char **)arg);
}

const struct kw_kernel_param_ops kw_param_ops_charp = {
	.set = kw_param_set_charp, .get = kw_param_get_charp,
	.free = kw_param_free_charp };

int kw_param_set_bool(const char *val, const struct kw_kernel_param *kp)
{
	return kw_kstrtobool(val ? val : "1", (bool *)kp->arg);
}

int kw_param_get_bool(char *buffer, const struct kw_kernel_param *kp)
{
	return snprintf(buffer, 4096, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

const struct kw_kernel_param_ops kw_param_ops_bool = {
	.flags = KW_KERNEL_PARAM_OPS_FL_NOARG,
	.set = kw_param_set_bool, .get = kw_param_get_bool };

int kw_param_set_invbool(const char *val, const struct kw_kernel_param *kp)
{
	bool v;
	int err = kw_kstrtobool(val ? val : "1", &v);
	if (!err)
		*(bool *)kp->arg = !v;
	return err;
}

int kw_param_get_invbool(char *buffer, const struct kw_kernel_param *kp)
{
	return snprintf(buffer, 4096, "%c\n", *(bool *)kp->arg ? 'N' : 'Y');
}

const struct kw_kernel_param_ops kw_param_ops_invbool = {
	.flags = KW_KERNEL_PARAM_OPS_FL_NOARG,
	.set = kw_param_set_invbool, .get = kw_param_get_invbool };

int kw_param_set_string(const char *val, const struct kw_kernel_param *kp)
{
	const struct kw_kparam_string *kps = kp->str;
	if (strlen(val) + 1 > kps->maxlen) {
		kw_printk(KW_SOH "3" "%s: string doesn't fit in %u chars.\n",
			  kp->name, kps->maxlen - 1);
		return -ENOSPC;
	}
	strcpy(kps->string, val);
	return 0;
}

int kw_param_get_string(char *buffer, const struct kw_kernel_param *kp)
{
	return snprintf(buffer, 4096, "%s\n", kp->str->string);
}

const struct kw_kernel_param_ops kw_param_ops_string = {
	.set = kw_param_set_string, .get = kw_param_get_string };

/* An array: comma-separated values, each set with the element type's ops. */
static int param_array_set(const char *val, const struct kw_kernel_param *kp)
{
	const struct kw_kparam_array *arr = kp->arr;
	unsigned int n = 0, *num = arr->num ? arr->num : &n;
	struct kw_kernel_param elem = *kp;
	char buf[PARAM_STRING_MAX];

	*num = 0;
	for (;;) {
		size_t len = strcspn(val, ",");
		if (*num == arr->max) {
			kw_printk(KW_SOH "3" "%s: can only take %u arguments\n",
				  kp->name, arr->max);
			return -EINVAL;
		}
		if (len >= sizeof(buf))
			return -ENOSPC;
		memcpy(buf, val, len);
		buf[len] = 0;
		elem.arg = (char *)arr->elem + (size_t)*num * arr->elemsize;
		int err = arr->ops->set(buf, &elem);
		if (err)
			return err;
		(*num)++;
		if (val[len] != ',')
			return 0;
		val += len + 1;
	}
}

static int param_array_get(char *buffer, const struct kw_kernel_param *kp)
{
	const struct kw_kparam_array *arr = kp->arr;
	struct kw_kernel_param elem = *kp;
	unsigned int n = arr->num ? *arr->num : arr->max;
	int off = 0;

	for (unsigned int i = 0; i < n && off < 4000; i++) {
		if (i)
			buffer[off - 1] = ',';	/* replace the element's newline */
		elem.arg = (char *)arr->elem + (size_t)i * arr->elemsize;
		off += arr->ops->get(buffer + off, &elem);
	}
	buffer[off] = 0;
	return off;
}

static void param_array_free(void *arg)
{
	const struct kw_kparam_array *arr = arg;
	if (!arr->ops->free)
		return;
	for (unsigned int i = 0; i < (arr->num ? *arr->num : arr->max); i++)
		arr->ops->free((char *)arr->elem + (size_t)i * arr->elemsize);
}

const struct kw_kernel_param_ops kw_param_array_ops = {
	.set = param_array_set, .get = param_array_get, .free = param_array_free };

/* ---- parameter registration and parse_args --------------------------------- */

void kw_module_register_param(struct kw_kernel_param *kp)
{
	struct kw_kernel_param **p = &params;
	while (*p)
		p = &(*p)->kw_next;	/* keep definition order */
	kp->kw_next = NULL;
	*p = kp;
}

/* Parameter names compare with '-' and '_' equal, as the kernel's parameq. */
static bool param_eq(const char *a, size_t alen, const char *b)
{
	size_t i;
	for (i = 0; i < alen && b[i]; i++) {
		char x = a[i] == '-' ? '_' : a[i];
		char y = b[i] == '-' ? '_' : b[i];
		if (x != y)
			return false;
	}
	return i == alen && !b[i];
}

static struct kw_kernel_param *find_param(const char *name, size_t len)
{
	for (struct kw_kernel_param *kp = params; kp; kp = kp->kw_next)
		if (param_eq(name, len, kp->name))
			return kp;
	return NULL;
}

/* Set one "name[=value]". Return: 0 (also for an unknown name) or -errno. */
static int parse_one(const char *modname, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t nlen = eq ? (size_t)(eq - arg) : strlen(arg);
	char val[PARAM_STRING_MAX + 2];
	const char *v = NULL;

	if (eq) {
		/* A value quoted as a whole loses its quotes (next_arg). */
		size_t vlen = strlen(eq + 1);
		if (vlen >= sizeof(val))
			vlen = sizeof(val) - 1;
		memcpy(val, eq + 1, vlen);
		val[vlen] = 0;
		if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"') {
			memmove(val, val + 1, vlen - 2);
			val[vlen - 2] = 0;
		}
		v = val;
	}
	struct kw_kernel_param *kp = find_param(arg, nlen);
	if (!kp) {
		kw_printk(KW_SOH "4" "%s: unknown parameter '%.*s' ignored\n",
			  modname, (int)nlen, arg);
		return 0;
	}
	int err = (!v && !(kp->ops->flags & KW_KERNEL_PARAM_OPS_FL_NOARG))
			  ? -EINVAL
			  : kp->ops->set(v, kp);
	if (err == -ENOSPC)
		kw_printk(KW_SOH "3" "%s: `%s' too large for parameter `%.*s'\n",
			  modname, v ? v : "", (int)nlen, arg);
	else if (err)
		kw_printk(KW_SOH "3" "%s: `%s' invalid for parameter `%.*s'\n",
			  modname, v ? v : "", (int)nlen, arg);
	return err;
}

static void free_params(void)
{
	for (struct kw_kernel_param *kp = params; kp; kp = kp->kw_next)
		if (kp->ops->free)
			kp->ops->free(kp->arg);
}

/* ---- ownership, late callbacks, reporters ----------------------------------- */

static const void *image_base(const void *addr)
{
	Dl_info info;
	return dladdr(addr, &info) ? info.dli_fbase : NULL;
}

bool kw__module_owns(const void *addr)
{
	const void *base = __atomic_load_n(&module_base, __ATOMIC_ACQUIRE);
	return base && addr && image_base(addr) == base;
}

const char *kw__module_name(void)
{
	struct kw_module *m = __atomic_load_n(&running, __ATOMIC_ACQUIRE);
	return m && m->name ? m->name : "";
}

void kw__module_add_reporter(struct kw__leftover_reporter *r)
{
	struct kw__leftover_reporter **p;
	kw_spin_lock(&reg_lock);
	for (p = &reporters; *p; p = &(*p)->next)
		;
	r->next = NULL;
	*p = r;
	kw_spin_unlock(&reg_lock);
}

/* Record fn as run after unload. Return: true the first time for fn. */
static bool note_late(const void *fn)
{
	bool first = true;
	kw_spin_lock(&late_lock);
	for (unsigned int i = 0; i < late_count && i < LATE_MAX; i++)
		if (late_fns[i] == fn)
			first = false;
	if (first) {
		if (late_count < LATE_MAX)
			late_fns[late_count] = fn;
		late_count++;
	}
	kw_spin_unlock(&late_lock);
	return first;
}

int kw__module_gone;

void kw__module_note_late(const void *fn)
{
	if (!kw__module_owns(fn) || !note_late(fn))
		return;
	char sym[160];
	struct kw_task *t = kw_current();
	kw_printk(KW_SOH "1" "BUG: %s: code ran after module unload: %s "
		  "called by %s (pid %d)\n", kw__module_name(),
		  kw_symbol_name(fn, true, sym, sizeof(sym)), t->comm, t->pid);
}

static unsigned int late_total(void)
{
	kw_spin_lock(&late_lock);
	unsigned int n = late_count;
	kw_spin_unlock(&late_lock);
	return n;
}

/* ---- the module's own symbols ---------------------------------------------------- */

/*
 * -rdynamic exports the module's global functions to dladdr(), not its
 * static ones, which is most of a module. The runner reads the executable's
 * .symtab once at load (before any callback can ask) so %ps, %pS, WARN
 * backtraces and the reports name every module function the kernel's way:
 * "fn+0x1c/0x40 [mod]".
 */
struct msym {
	uintptr_t addr;		/* link-time value */
	size_t size;
	const char *name;	/* into msym_strtab */
};
static struct msym *msyms;	/* sorted by addr; written before LOADING */
static size_t nmsyms;
static char *msym_strtab;
static uintptr_t msym_bias;	/* load address - link address */

static int main_program_bias(struct dl_phdr_info *info, size_t size, void *data)
{
	*(uintptr_t *)data = (uintptr_t)info->dlpi_addr;
	return 1;	/* the first object is the program itself */
}

static int msym_cmp(const void *a, const void *b)
{
	const struct msym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void collect_symbols(const char *img, size_t len)
{
	const ElfW(Ehdr) *eh = (const void *)img;
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_shoff + (size_t)eh->e_shnum * sizeof(ElfW(Shdr)) > len)
		return;
	const ElfW(Shdr) *sh = (const void *)(img + eh->e_shoff);
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		const ElfW(Shdr) *str = &sh[sh[i].sh_link];
		if (sh[i].sh_offset + sh[i].sh_size > len ||
		    str->sh_offset + str->sh_size > len)
			return;
		size_t n = sh[i].sh_size / sizeof(ElfW(Sym));
		const ElfW(Sym) *sym = (const void *)(img + sh[i].sh_offset);
		msym_strtab = malloc(str->sh_size + 1);
		msyms = calloc(n ? n : 1, sizeof(*msyms));
		if (!msym_strtab || !msyms)
			return;
		memcpy(msym_strtab, img + str->sh_offset, str->sh_size);
		msym_strtab[str->sh_size] = 0;
		for (size_t k = 0; k < n; k++) {
			if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || !sym[k].st_value ||
			    sym[k].st_name >= str->sh_size)
				continue;
			msyms[nmsyms++] = (struct msym){ sym[k].st_value, sym[k].st_size,
							 msym_strtab + sym[k].st_name };
		}
		qsort(msyms, nmsyms, sizeof(*msyms), msym_cmp);
		return;
	}
}

static void load_module_symbols(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		void *img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (img != MAP_FAILED) {
			collect_symbols(img, (size_t)st.st_size);
			munmap(img, (size_t)st.st_size);
		}
	}
	close(fd);
	dl_iterate_phdr(main_program_bias, &msym_bias);
}

bool kw__module_symbol(const void *addr, bool with_offset, char *buf, size_t size)
{
	if (!nmsyms || !kw__module_owns(addr))
		return false;
	uintptr_t a = (uintptr_t)addr - msym_bias;
	size_t lo = 0, hi = nmsyms;
	while (hi - lo > 1) {	/* last symbol with addr <= a */
		size_t mid = (lo + hi) / 2;
		if (msyms[mid].addr <= a)
			lo = mid;
		else
			hi = mid;
	}
	const struct msym *m = &msyms[lo];
	if (a < m->addr || (m->size && a >= m->addr + m->size))
		return false;
	if (with_offset)
		snprintf(buf, size, "%s+0x%lx/0x%lx [%s]", m->name,
			 (unsigned long)(a - m->addr), (unsigned long)m->size,
			 kw__module_name());
	else
		snprintf(buf, size, "%s [%s]", m->name, kw__module_name());
	return true;
}

/* ---- the unload report ----------------------------------------------------- */

/*
 * A kthread belongs to the module when its threadfn is module code, or is
 * kthread_worker_fn (a kthread_worker the module created and did not
 * destroy; kwork's own workers run other functions).
 */
static bool module_kthread(struct kw__task *t, const char **kind)
{
	char sym[64];
	if (!t->kthread ||
	    (__atomic_load_n(&t->kthread->flags, __ATOMIC_ACQUIRE) & KW__KTHREAD_EXITING))
		return false;	/* an exiting thread runs no module code any more */
	void *fn = kw_kthread_func(&t->pub);
	if (!fn)
		return false;
	if (kw__module_owns(fn)) {
		*kind = "kthread";
		return true;
	}
	kw_symbol_name(fn, false, sym, sizeof(sym));
	if (!strcmp(sym, "kw_kthread_worker_fn")) {
		*kind = "kthread_worker";
		return true;
	}
	return false;
}

static unsigned int report_kthreads(void)
{
	unsigned int n = 0;
	kw_spin_lock(&kw__tasks_lock);
	for (struct kw_list_head *pos = kw__all_tasks.next; pos != &kw__all_tasks;
	     pos = pos->next) {
		struct kw__task *t = kw_container_of(pos, struct kw__task, all_node);
		const char *kind;
		if (!module_kthread(t, &kind))
			continue;
		const char *in = __atomic_load_n(&t->blocked_in, __ATOMIC_RELAXED);
		char sym[160];
		kw_printk(KW_SOH "3" "%s: %s %s (pid %d) still running after module "
			  "unload (%s), %s%s, threadfn %s\n", running->name, kind,
			  t->full_name[0] ? t->full_name : t->pub.comm, t->pub.pid,
			  !strcmp(kind, "kthread") ? "kthread_stop() not called"
						   : "kthread_destroy_worker() not called",
			  in ? "blocked in " : "running", in ? in : "",
			  kw_symbol_name(kw_kthread_func(&t->pub), false, sym,
					 sizeof(sym)));
		n++;
	}
	kw_spin_unlock(&kw__tasks_lock);
	return n;
}

static unsigned int report_leftovers(void)
{
	unsigned int n = report_kthreads();
	kw_spin_lock(&reg_lock);
	struct kw__leftover_reporter *r = reporters;
	kw_spin_unlock(&reg_lock);
	for (; r; r = r->next)	/* registered once, never removed */
		n += r->report();
	return n;
}

/* ---- insmod / rmmod -------------------------------------------------------- */

static const char *errno_name(int err)
{
	switch (err) {
#define E(x) case x: return #x;
	E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG)
	E(ENOEXEC) E(EBADF) E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT)
	E(EBUSY) E(EEXIST) E(EXDEV) E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL)
	E(ENFILE) E(EMFILE) E(ENOTTY) E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS)
	E(EMLINK) E(EPIPE) E(EDOM) E(ERANGE) E(EDEADLK) E(ENAMETOOLONG)
	E(ENOLCK) E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(ENOMSG) E(EIDRM)
	E(ENODATA) E(ETIME) E(ENOLINK) E(EPROTO) E(EBADMSG) E(EOVERFLOW)
	E(EILSEQ) E(EUSERS) E(ENOTSOCK) E(EOPNOTSUPP) E(EADDRINUSE)
	E(ENETDOWN) E(ECONNRESET) E(ENOBUFS) E(ETIMEDOUT) E(ECONNREFUSED)
	E(EHOSTUNREACH) E(EALREADY) E(EINPROGRESS) E(ECANCELED) E(ENOKEY)
	E(EKEYREJECTED) E(EOWNERDEAD) E(EHWPOISON)
#undef E
	case 512: return "ERESTARTSYS";
	case 513: return "ERESTARTNOINTR";
	case 516: return "ERESTART_RESTARTBLOCK";
	case 517: return "EPROBE_DEFER";
	case 524: return "ENOTSUPP";
	default: return NULL;
	}
}

/* kmod's insmod wording for the errors load_module itself returns. */
static const char *insmod_strerror(int err)
{
	switch (err) {
	case ENOEXEC: return "Invalid module format";
	case ENOENT: return "Unknown symbol in module";
	case ESRCH: return "Module has wrong symbol version";
	case EINVAL: return "Invalid parameters";
	case 512: return "Unknown error 512";
	case 517: return "Unknown error 517";
	default: return strerror(err);
	}
}

static void insmod_failed(const char *name, int err)
{
	const char *ename = errno_name(-err);
	fflush(stdout);
	if (ename)
		fprintf(stderr, "insmod: ERROR: could not insert module %s.ko: %s (-%s)\n",
			name, insmod_strerror(-err), ename);
	else
		fprintf(stderr, "insmod: ERROR: could not insert module %s.ko: %s (%d)\n",
			name, insmod_strerror(-err), err);
}

/*
 * Ctrl-C / SIGTERM while init runs: the kernel delivers it to insmod, in
 * whose context init runs, so init's interruptible and killable sleeps end
 * (-ERESTARTSYS, -EINTR) and insmod dies once init returns. The watcher
 * thread waits for the (blocked) signals and makes the insmod task's
 * signal pending; the load then ends as soon as init returns.
 */
struct init_watch {
	pthread_t thread;
	struct kw_task *insmod;
	int sig;		/* A: the signal that came, or 0 */
};

static void *init_watcher(void *arg)
{
	struct init_watch *w = arg;
	sigset_t set;
	int sig;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigwait(&set, &sig) != 0)	/* a cancellation point */
		return NULL;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	__atomic_store_n(&w->sig, sig, __ATOMIC_RELEASE);
	kw_task_send_fatal(w->insmod);
	return NULL;
}

/* Call init as do_init_module does: a positive return loads anyway. */
static int call_init(struct kw_module *mod, int *interrupted)
{
	if (!mod->init)
		return 0;
	struct init_watch w = { .insmod = kw_current() };
	bool watching = pthread_create(&w.thread, NULL, init_watcher, &w) == 0;
	int ret = mod->init();
	if (watching) {
		pthread_cancel(w.thread);
		pthread_join(w.thread, NULL);
	}
	*interrupted = __atomic_load_n(&w.sig, __ATOMIC_ACQUIRE);
	if (*interrupted)	/* the unload runs in rmmod, which has no signal */
		kw__task_clear_fatal(kw__self());
	kw__printk_flush();
	if (ret > 0) {
		kw_printk(KW_SOH "4" "do_init_module: '%s'->init suspiciously returned "
			  "%d, it should follow 0/-E convention\n", mod->name, ret);
		kw_printk(KW_SOH "4" "do_init_module: loading module anyway...\n");
		kw_dump_stack();
		ret = 0;
	}
	return ret;
}

/* ---- command line and dwell ------------------------------------------------- */

struct run_opts {
	double seconds;		/* < 0: until a signal */
	int loglevel;		/* < 0: leave as configured */
	int first_param;	/* argv index of the first name=value */
};

static int usage_error(const char *name, const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s '%s'\n"
		"usage: %s [--time SECONDS] [--loglevel N] [name=value ...]\n",
		name, what, arg ? arg : "", name);
	return 64;
}

static int parse_cmdline(const char *name, int argc, char **argv,
			 struct run_opts *o)
{
	int i;
	o->seconds = -1;
	o->loglevel = -1;
	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		const char *opt = argv[i];
		if (!strcmp(opt, "--")) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			return usage_error(name, "missing value for", opt);
		char *end;
		if (!strcmp(opt, "--time")) {
			o->seconds = strtod(argv[++i], &end);
			if (*end || o->seconds < 0)
				return usage_error(name, "bad --time", argv[i]);
		} else if (!strcmp(opt, "--loglevel")) {
			long l = strtol(argv[++i], &end, 10);
			if (*end || l < 0 || l > 8)
				return usage_error(name, "bad --loglevel", argv[i]);
			o->loglevel = (int)l;
		} else {
			return usage_error(name, "unknown option", opt);
		}
	}
	o->first_param = i;
	return 0;
}

static void block_stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

/* Stay loaded for o->seconds, or until SIGINT / SIGTERM. */
static void dwell(const struct run_opts *o, const sigset_t *set)
{
	if (o->seconds < 0) {
		int sig;
		sigwait(set, &sig);
		return;
	}
	struct timespec left = { (time_t)o->seconds,
				 (long)((o->seconds - (double)(time_t)o->seconds) * 1e9) };
	int64_t deadline = kw__clock_ns() + (int64_t)(o->seconds * 1e9);
	while (sigtimedwait(set, NULL, &left) < 0 && errno == EINTR) {
		int64_t rest = deadline - kw__clock_ns();
		if (rest <= 0)
			return;
		left.tv_sec = (time_t)(rest / 1000000000);
		left.tv_nsec = (long)(rest % 1000000000);
	}
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	sigset_t none;
	sigemptyset(&none);
	sigtimedwait(&none, NULL, &ts);
}

/*
 * After a dirty unload, give left-behind callbacks a moment to show up:
 * GRACE_MS, and longer (up to GRACE_MAX_MS) while module code is due to
 * run (an overdue module timer, a queued or running module work).
 */
static void watch_for_late_code(void)
{
	pause_ms(GRACE_MS);
	for (long waited = GRACE_MS; waited < GRACE_MAX_MS && kw__module_busy_soon();
	     waited += 10)
		pause_ms(10);
}

/* ---- kw_module_main ---------------------------------------------------------- */

/* Exit returned (or init failed): GONE, module callbacks are late from now on. */
static void set_gone(void)
{
	__atomic_store_n(&kw__module_gone, 1, __ATOMIC_SEQ_CST);
}

/* ---- references (try_module_get / module_put) ---------------------------------- */

bool kw_try_module_get(struct kw_module *mod)
{
	if (!mod)
		return true;
	kw___module_get(mod);
	if (kw_likely(!__atomic_load_n(&mod->going, __ATOMIC_SEQ_CST)))
		return true;
	kw_module_put(mod);	/* the unload won: give it back */
	return false;
}

void kw___module_get(struct kw_module *mod)
{
	if (mod)
		__atomic_fetch_add(&mod->refcnt, 1, __ATOMIC_SEQ_CST);
}

void kw_module_put(struct kw_module *mod)
{
	if (!mod)
		return;
	int old = __atomic_load_n(&mod->refcnt, __ATOMIC_RELAXED);
	do {
		if (KW_WARN(old <= 0, "module_put: %s: no reference held", mod->name))
			return;
	} while (!__atomic_compare_exchange_n(&mod->refcnt, &old, old - 1, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
}

int kw_module_refcount(const struct kw_module *mod)
{
	return mod ? __atomic_load_n(&mod->refcnt, __ATOMIC_RELAXED) : 0;
}

/*
 * delete_module's check: no reference may be held, and none may be taken
 * from here on (going is set first, then the count read, both seq_cst;
 * try_module_get increments, then reads going: one of the two sees the
 * other). Return: true if the unload may go on.
 */
static bool claim_unload(struct kw_module *mod)
{
	__atomic_store_n(&mod->going, 1, __ATOMIC_SEQ_CST);
	int refs = __atomic_load_n(&mod->refcnt, __ATOMIC_SEQ_CST);
	if (!refs)
		return true;
	fflush(stdout);
	fprintf(stderr, "rmmod: ERROR: Module %s is in use (%d reference%s held)\n",
		mod->name, refs, refs == 1 ? "" : "s");
	return false;
}

static int unload(struct kw_module *mod)
{
	if (mod->init && !mod->exit) {
		/* delete_module refuses a module with init and no exit. */
		fflush(stdout);
		fprintf(stderr, "rmmod: ERROR: could not remove '%s': %s\n",
			mod->name, strerror(EBUSY));
		return 1;
	}
	if (!claim_unload(mod))
		return -1;
	kw_set_task_comm(kw_current(), "rmmod");	/* exit runs in rmmod */
	if (mod->exit)
		mod->exit();
	kw__printk_flush();
	set_gone();
	free_params();
	return 0;
}

/* Report, then decide the status; a dirty run ends with _exit (see below). */
static int finish(struct kw_module *mod, int status)
{
	unsigned int left = report_leftovers();
	if (left)
		watch_for_late_code();
	unsigned int late = late_total();
	if (!left && !late)
		return status;
	fflush(stdout);
	fprintf(stderr, "kwork: %s: unload left %u object%s behind%s\n", mod->name,
		left, left == 1 ? "" : "s",
		late ? ", and module code ran after unload" : "");
	/*
	 * Threads and timers of the module are still live: a normal exit()
	 * would run destructors under them. Leave without.
	 */
	fflush(stderr);
	_exit(status ? status : 2);
}

int kw_module_main(struct kw_module *mod, int argc, char **argv)
{
	struct run_opts o;
	sigset_t set;
	const char *name = mod->name ? mod->name : "module";
	int err = parse_cmdline(name, argc, argv, &o);
	if (err)
		return err;

	kw__init_once();
	kw_set_task_comm(kw_current(), "insmod");	/* init runs in insmod */
	load_module_symbols();
	if (o.loglevel >= 0)
		kw_set_console_loglevel(o.loglevel);
	block_stop_signals(&set);
	__atomic_store_n(&module_base, image_base(mod), __ATOMIC_RELEASE);
	__atomic_store_n(&running, mod, __ATOMIC_RELEASE);
	/*
	 * The generated main refers to init_module / cleanup_module weakly;
	 * when the module defines neither, they resolve to libc's syscall
	 * wrappers of the same name. Only module code counts.
	 */
	if (mod->init && !kw__module_owns((const void *)mod->init))
		mod->init = NULL;
	if (mod->exit && !kw__module_owns((const void *)mod->exit))
		mod->exit = NULL;

	for (int i = o.first_param; i < argc; i++) {
		err = parse_one(name, argv[i]);
		if (err) {
			free_params();
			insmod_failed(name, err);
			return 1;
		}
	}
	int interrupted = 0;
	err = call_init(mod, &interrupted);
	if (err) {
		/* The kernel frees the module: exit is not called. */
		set_gone();
		free_params();
		insmod_failed(name, err);
		return finish(mod, 1);
	}
	if (!interrupted)	/* else insmod died of it: unload at once */
		dwell(&o, &set);
	err = unload(mod);
	if (err < 0)
		return finish(mod, 1);	/* in use: report what still runs */
	if (err)
		return err;
	return finish(mod, 0);
}
