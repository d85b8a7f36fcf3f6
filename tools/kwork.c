/*
 * kwork.c - the `kwork` command: run a kernel module's source in userspace.
 *
 *   kwork run FILE.c [FILE2.c ...] [name=value ...] [--time S] [-DMACRO ...]
 *             [-IDIR] [--keep] [--loglevel N] [--asan | --tsan | --valgrind]
 *
 * What it does, as Kbuild + insmod + rmmod would:
 *  1. compiles each FILE.c as a module object: GNU C (gnu11), -Wall shown
 *     but not fatal (less the warnings Kbuild turns off, plus the ones it
 *     adds and those it makes errors), -g, __KERNEL__, MODULE, KBUILD_MODNAME (the first
 *     file's base name, '-' as '_'), KBUILD_BASENAME, the compat headers
 *     first on the include path; then a generated <mod>.mod.c (the
 *     counterpart of modpost's) defining __this_module and a main() calling
 *     kw_module_main(); links them with libkwork, -rdynamic so %ps and
 *     backtraces name the module's global functions;
 *  2. runs the result with the parameters and --time / --loglevel, and
 *     exits with its status (see kw_module_main()).
 *
 * Where the headers and the library are: next to the build tree this binary
 * was built in (KWORK_BINARY_DIR, headers from KWORK_SOURCE_DIR) when
 * /proc/self/exe is that tree's bin/kwork; otherwise an install: <prefix> is
 * the directory above bin/, headers under <prefix>/include/kwork/compat and
 * <prefix>/include, the library under <prefix>/lib (or lib64).
 *
 * Threads: one. Signals: SIGINT is ignored here (the terminal sends it to
 * the module too, which unloads); SIGTERM is forwarded to the module.
 */
#include <kwork/config.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 512

/* tools/monitor.c: the monitor channel's clients. */
int kwork_cmd_top(int argc, char **argv);
int kwork_cmd_dump(int argc, char **argv);
/* tools/unsupported.c: why a failed module's #includes cannot work. */
int kwork_explain_unsupported(const char *src);

struct strv {
	const char *v[MAX_ARGS];
	int n;
};

static void push(struct strv *s, const char *a)
{
	if (s->n >= MAX_ARGS - 1) {
		fprintf(stderr, "kwork: too many arguments\n");
		exit(64);
	}
	s->v[s->n++] = a;
	s->v[s->n] = NULL;
}

/* Every string the tool allocates: freed together at the end of main. */
static struct strv owned;

static char *own(char *s)
{
	if (!s) {
		perror("kwork");
		exit(1);
	}
	push(&owned, s);
	return s;
}

static void free_owned(void)
{
	for (int i = 0; i < owned.n; i++)
		free((void *)owned.v[i]);
	owned.n = 0;
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return own(s);
}

/* ---- layout: build tree or install ------------------------------------------ */

struct layout {
	const char *inc[3];	/* -I directories, compat first */
	int ninc;
	const char *libdir;
};

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static int find_layout(struct layout *l)
{
	static char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0) {
		perror("kwork: /proc/self/exe");
		return -1;
	}
	exe[n] = 0;
	if (same_file(exe, KWORK_BINARY_DIR "/bin/kwork")) {
		l->inc[0] = KWORK_SOURCE_DIR "/include";
		l->inc[1] = KWORK_BINARY_DIR "/include";
		l->ninc = 2;
		l->libdir = KWORK_BINARY_DIR;
		return 0;
	}
	char *slash = strrchr(exe, '/');	/* <prefix>/bin/kwork */
	if (slash)
		*slash = 0;
	slash = strrchr(exe, '/');
	if (slash)
		*slash = 0;
	l->inc[0] = xasprintf("%s/include/kwork/compat", exe);
	l->inc[1] = xasprintf("%s/include", exe);
	l->ninc = 2;
	static const char *const libdirs[] = { "lib", "lib64", "lib/x86_64-linux-gnu",
					       "lib/aarch64-linux-gnu" };
	for (size_t i = 0; i < sizeof(libdirs) / sizeof(libdirs[0]); i++) {
		char *d = xasprintf("%s/%s", exe, libdirs[i]);
		if (is_file(xasprintf("%s/libkwork.so", d))) {
			l->libdir = d;
			return 0;
		}
	}
	fprintf(stderr, "kwork: libkwork.so not found under %s/lib\n", exe);
	return -1;
}

/* ---- command line ------------------------------------------------------------ */

struct run_args {
	struct strv sources;
	struct strv cflags;	/* -D, -U, -I from the user */
	struct strv modargs;	/* passed to the module binary */
	const char *time;
	const char *loglevel;
	bool keep;
	bool asan;		/* --asan: module built with ASan+UBSan+LSan */
	bool valgrind;		/* --valgrind: run under memcheck */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: kwork run FILE.c [FILE2.c ...] [name=value ...] [--time SECONDS]\n"
		"                 [-DMACRO[=VAL] ...] [-IDIR ...] [--keep] [--loglevel N]\n"
		"                 [--asan | --tsan | --valgrind]\n"
		"       kwork top PID [--once] [--json] [-d SECS]   (tools/monitor.c)\n"
		"       kwork dump PID [--json]\n"
		"       kwork --version | --help\n"
		"\n"
		"Compiles the files as one kernel module (KBUILD_MODNAME = the first file's\n"
		"name) against kwork's <linux/*.h>, loads it (parameters from name=value,\n"
		"then module_init), keeps it loaded for --time seconds or until Ctrl-C /\n"
		"SIGTERM while printing the kernel log, unloads it (module_exit) and reports\n"
		"anything it left behind: kthreads, works, timers, workqueues, kthread_workers,\n"
		"kmalloc memory, code run after unload.\n"
		"\n"
		"  --time S      stay loaded S seconds (fractions allowed)\n"
		"  --loglevel N  console loglevel: print messages with level < N (default 7)\n"
		"  --keep        keep the built program and print how to run it under gdb\n"
		"                and valgrind\n"
		"  --asan        build the module with ASan+UBSan+LSan (memory errors abort)\n"
		"  --tsan        (TSan build of kwork only: build/tsan/bin/kwork)\n"
		"  --valgrind    run under valgrind memcheck; an error fails the run (3)\n"
		"  -D, -U, -I    passed to the compiler\n"
		"\n"
		"Exit status: 0 clean run; 1 compile error, failed load or bad parameter;\n"
		"2 something left behind at unload; 3 valgrind found errors; 64 usage;\n"
		"128+N killed by signal N (an ASan report aborts: 134).\n"
		"Environment: CC (default cc), KWORK_LOGLEVEL, KWORK_WARN_FATAL=1,\n"
		"KWORK_NR_CPUS, KWORK_LOG=stdout, KWORK_MONITOR=1 (answer kwork top/dump).\n"
		"\n"
		"kwork top / kwork dump read a process started with KWORK_MONITOR=1: its\n"
		"workqueue and kthread_worker counters (as wq_monitor shows them), or a\n"
		"SysRq-t style dump of its threads and busy queues; see docs/observability.md.\n");
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* Is the module built with a sanitizer (this tool's, or --asan)? */
static bool sanitized(const struct run_args *r)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	(void)r;
	return true;
#else
	return r->asan;
#endif
}

static int parse_run_args(int argc, char **argv, struct run_args *r)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--time") || !strcmp(a, "--loglevel")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "kwork: %s needs a value\n", a);
				return 64;
			}
			if (!strcmp(a, "--time"))
				r->time = argv[++i];
			else
				r->loglevel = argv[++i];
		} else if (!strcmp(a, "--keep")) {
			r->keep = true;
		} else if (!strcmp(a, "--asan")) {
#ifdef __SANITIZE_THREAD__
			fprintf(stderr, "kwork: --asan: this kwork is a TSan build; use the "
				"plain or ASan build's kwork\n");
			return 64;
#endif
			r->asan = true;
		} else if (!strcmp(a, "--tsan")) {
#ifndef __SANITIZE_THREAD__
			/*
			 * TSan must see libkwork's own synchronisation: only a
			 * TSan build of the library gives it (ASan needs no such).
			 */
			fprintf(stderr, "kwork: --tsan needs libkwork built with TSan: run "
				"`make build-tsan`, then `build/tsan/bin/kwork run ...` "
				"(docs/modules.md)\n");
			return 64;
#endif
		} else if (!strcmp(a, "--valgrind")) {
			r->valgrind = true;
		} else if (!strncmp(a, "-D", 2) || !strncmp(a, "-U", 2) ||
			   !strncmp(a, "-I", 2)) {
			if (!a[2]) {
				if (i + 1 >= argc) {
					fprintf(stderr, "kwork: %s needs a value\n", a);
					return 64;
				}
				push(&r->cflags, xasprintf("%s%s", a, argv[++i]));
			} else {
				push(&r->cflags, a);
			}
		} else if (a[0] == '-') {
			fprintf(stderr, "kwork: unknown option '%s'\n", a);
			return 64;
		} else if (ends_with(a, ".c")) {
			push(&r->sources, a);
		} else {
			push(&r->modargs, a);	/* name=value, or a bare bool name */
		}
	}
	if (!r->sources.n) {
		fprintf(stderr, "kwork run: no FILE.c given\n");
		return 64;
	}
	if (r->valgrind && sanitized(r)) {
		fprintf(stderr, "kwork: --valgrind cannot run a sanitizer build\n");
		return 64;
	}
	return 0;
}

/* The module name Kbuild would give FILE.c: its base name, '-' as '_'. */
static char *module_name(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name = own(strdup(base ? base + 1 : path));
	name[strlen(name) - 2] = 0;
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

/* ---- building ------------------------------------------------------------------ */

static int run_cmd(const char *const *argv)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("kwork: fork");
		return -1;
	}
	if (pid == 0) {
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "kwork: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char *compiler(void)
{
	const char *cc = getenv("CC");
	return cc && *cc ? cc : "cc";
}

/* True when the compiler is clang (by name, as CC=clang or .../clang-18 say). */
static bool compiler_is_clang(void)
{
	const char *base = strrchr(compiler(), '/');
	return strstr(base ? base + 1 : compiler(), "clang") != NULL;
}

/*
 * The warnings Kbuild switches off by default (Makefile and
 * scripts/Makefile.extrawarn without W=): a module clean under Kbuild is
 * clean here. -Wno-pointer-sign matters most: module_param_array(a, int,
 * &nr, ..) with an int nr, u8 buffers passed to char * string functions.
 * The GCC-only ones are left out for clang, which would warn that it does
 * not know them.
 */
static void kbuild_quiet_warnings(struct strv *cmd)
{
	static const char *const any[] = {
		"-Wno-pointer-sign", "-Wno-format-security", "-Wno-trigraphs",
		"-Wno-frame-address", "-Wno-address-of-packed-member",
		"-Wno-unused-but-set-variable", "-Wno-unused-const-variable",
	};
	static const char *const gcc_only[] = {
		"-Wno-main", "-Wno-dangling-pointer", "-Wno-maybe-uninitialized",
		"-Wno-restrict", "-Wno-packed-not-aligned", "-Wno-format-overflow",
		"-Wno-format-truncation", "-Wno-stringop-overflow",
		"-Wno-stringop-truncation",
	};
	for (size_t i = 0; i < sizeof(any) / sizeof(any[0]); i++)
		push(cmd, any[i]);
	if (compiler_is_clang())
		return;
	for (size_t i = 0; i < sizeof(gcc_only) / sizeof(gcc_only[0]); i++)
		push(cmd, gcc_only[i]);
}

/*
 * The diagnostics Kbuild adds to -Wall (6.x Makefile and Makefile.extrawarn
 * without W=): the ones it makes errors (an implicit declaration, a wrong
 * pointer type, `int foo()` ...) fail here too, and since 6.8 it warns
 * about a global function without a prototype.
 */
static void kbuild_extra_warnings(struct strv *cmd)
{
	static const char *const flags[] = {
		"-Wundef", "-Werror=implicit-function-declaration",
		"-Werror=implicit-int", "-Werror=return-type",
		"-Werror=strict-prototypes", "-Werror=incompatible-pointer-types",
		"-Werror=date-time", "-Wmissing-declarations",
		"-Wmissing-prototypes",
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		push(cmd, flags[i]);
	if (!compiler_is_clang())	/* clang has no -Wdesignated-init for C */
		push(cmd, "-Werror=designated-init");
}

/* Flags a module is compiled with; Kbuild's language choices where they matter. */
static void common_cflags(struct strv *cmd, const struct layout *l, const struct run_args *r)
{
	static const char *const flags[] = {
		"-std=gnu11", "-g", "-O2", "-Wall", "-fno-strict-aliasing",
		"-fno-common", "-funsigned-char", "-fno-delete-null-pointer-checks",
		"-fno-strict-overflow", "-fno-omit-frame-pointer",
#if defined(__SANITIZE_ADDRESS__)
		"-fsanitize=address,undefined",
#elif defined(__SANITIZE_THREAD__)
		"-fsanitize=thread",
#endif
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		push(cmd, flags[i]);
	kbuild_extra_warnings(cmd);
	kbuild_quiet_warnings(cmd);
#if defined(__SANITIZE_THREAD__)
	/* GCC's note that TSan does not model fences (smp_mb(), seqlocks) is
	 * about the tool, not the module: Kbuild never shows it. */
	if (!compiler_is_clang())
		push(cmd, "-Wno-tsan");
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
	if (r->asan)
		push(cmd, "-fsanitize=address,undefined");
#endif
	for (int i = 0; i < l->ninc; i++)
		push(cmd, xasprintf("-I%s", l->inc[i]));
}

static int compile_module_file(const char *src, const char *obj, const char *modname,
			       const struct layout *l, const struct run_args *r)
{
	struct strv cmd = { .n = 0 };
	push(&cmd, compiler());
	common_cflags(&cmd, l, r);
	push(&cmd, "-D__KERNEL__");
	push(&cmd, "-DMODULE");
	push(&cmd, xasprintf("-DKBUILD_MODNAME=\"%s\"", modname));
	char *base = module_name(src);
	push(&cmd, xasprintf("-DKBUILD_BASENAME=\"%s\"", base));
	push(&cmd, xasprintf("-DKBUILD_MODFILE=\"%s\"", modname));
	for (int i = 0; i < r->cflags.n; i++)
		push(&cmd, r->cflags.v[i]);
	push(&cmd, "-c");
	push(&cmd, src);
	push(&cmd, "-o");
	push(&cmd, obj);
	return run_cmd(cmd.v);
}

static const char mod_c_text[] =
	"/* Generated by `kwork run`: the module's __this_module and main(),\n"
	" * as modpost's <mod>.mod.c gives a .ko its struct module. */\n"
	"#include <kwork/module.h>\n"
	"/* Weak: a module may have neither; kw_module_main ignores a libc\n"
	" * init_module() these may resolve to when the module defines none. */\n"
	"extern int init_module(void) __attribute__((weak));\n"
	"extern void cleanup_module(void) __attribute__((weak));\n"
	"struct kw_module __this_module = {\n"
	"\t.name = KBUILD_MODNAME,\n"
	"\t.init = init_module,\n"
	"\t.exit = cleanup_module,\n"
	"};\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\treturn kw_module_main(&__this_module, argc, argv);\n"
	"}\n";

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		fprintf(stderr, "kwork: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

struct build {
	char dir[PATH_MAX];
	struct strv files;	/* everything created in dir, for cleanup */
	const char *binary;
};

static int build_module(struct build *b, const char *modname, const struct layout *l,
			const struct run_args *r)
{
	struct strv link = { .n = 0 };
	push(&link, compiler());
	common_cflags(&link, l, r);
	for (int i = 0; i < r->sources.n; i++) {
		char *obj = xasprintf("%s/%d-%s.o", b->dir, i, module_name(r->sources.v[i]));
		push(&b->files, obj);
		if (compile_module_file(r->sources.v[i], obj, modname, l, r)) {
			kwork_explain_unsupported(r->sources.v[i]);
			fprintf(stderr, "kwork: compiling %s failed\n", r->sources.v[i]);
			return -1;
		}
		push(&link, obj);
	}
	char *modc = xasprintf("%s/%s.mod.c", b->dir, modname);
	push(&b->files, modc);
	if (write_file(modc, mod_c_text))
		return -1;
	push(&link, xasprintf("-DKBUILD_MODNAME=\"%s\"", modname));
	push(&link, modc);
	b->binary = xasprintf("%s/%s.ko", b->dir, modname);
	push(&b->files, b->binary);
	push(&link, "-o");
	push(&link, b->binary);
	push(&link, "-rdynamic");
	push(&link, xasprintf("-L%s", l->libdir));
	push(&link, xasprintf("-Wl,-rpath,%s", l->libdir));
	push(&link, "-lkwork");
	push(&link, "-lpthread");
	push(&link, "-ldl");
	if (run_cmd(link.v)) {
		fprintf(stderr, "kwork: linking %s failed\n", modname);
		return -1;
	}
	return 0;
}

static void remove_build(struct build *b)
{
	for (int i = 0; i < b->files.n; i++)
		unlink(b->files.v[i]);
	rmdir(b->dir);
}

/* ---- running ------------------------------------------------------------------- */

static volatile sig_atomic_t child_pid;

static void on_signal(int sig)
{
	if (sig == SIGTERM && child_pid > 0)
		kill(child_pid, SIGTERM);
	/* SIGINT: the terminal sent it to the module as well. */
}

static void module_argv(struct strv *argv, const char *binary, const struct run_args *r)
{
	push(argv, binary);
	if (r->time) {
		push(argv, "--time");
		push(argv, r->time);
	}
	if (r->loglevel) {
		push(argv, "--loglevel");
		push(argv, r->loglevel);
	}
	push(argv, "--");
	for (int i = 0; i < r->modargs.n; i++)
		push(argv, r->modargs.v[i]);
}

/* Memcheck's verdict joins the module's: any error, or a definite leak, fails. */
#define VALGRIND_STATUS 3
static const char *const valgrind_argv[] = {
	"valgrind", "-q", "--error-exitcode=3", "--leak-check=full",
	"--show-leak-kinds=definite", "--errors-for-leak-kinds=definite",
};
_Static_assert(VALGRIND_STATUS == 3, "valgrind_argv's --error-exitcode");

static int run_module(const char *binary, const struct run_args *r)
{
	struct strv argv = { .n = 0 };
	if (r->valgrind)
		for (size_t i = 0; i < sizeof(valgrind_argv) / sizeof(valgrind_argv[0]); i++)
			push(&argv, valgrind_argv[i]);
	module_argv(&argv, binary, r);
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("kwork: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv.v[0], (char *const *)argv.v);
		fprintf(stderr, "kwork: cannot run %s: %s\n", argv.v[0], strerror(errno));
		_exit(127);
	}
	child_pid = pid;
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	child_pid = 0;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	fprintf(stderr, "kwork: %s killed by signal %d (%s)\n", binary,
		WTERMSIG(status), strsignal(WTERMSIG(status)));
	return 128 + WTERMSIG(status);
}

static void print_keep_hints(const char *binary, const struct run_args *r)
{
	struct strv argv = { .n = 0 };
	module_argv(&argv, binary, r);
	fprintf(stderr, "kwork: kept %s\n", binary);
	fprintf(stderr, "  gdb --args");
	for (int i = 0; i < argv.n; i++)
		fprintf(stderr, " %s", argv.v[i]);
	fprintf(stderr, "\n");
	if (sanitized(r))
		return;	/* valgrind cannot run a sanitizer build */
	fprintf(stderr, "  valgrind --leak-check=full --track-origins=yes");
	for (int i = 0; i < argv.n; i++)
		fprintf(stderr, " %s", argv.v[i]);
	fprintf(stderr, "\n");
}

static int cmd_run(int argc, char **argv)
{
	struct run_args r = { .time = NULL };
	struct layout l;
	struct build b = { .files = { .n = 0 } };

	int err = parse_run_args(argc, argv, &r);
	if (err)
		return err;
	if (find_layout(&l))
		return 1;
	char *modname = module_name(r.sources.v[0]);
	const char *tmp = getenv("TMPDIR");
	snprintf(b.dir, sizeof(b.dir), "%s/kwork-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp",
		 modname);
	if (!mkdtemp(b.dir)) {
		fprintf(stderr, "kwork: cannot create %s: %s\n", b.dir, strerror(errno));
		return 1;
	}
	int status = build_module(&b, modname, &l, &r) ? 1 : run_module(b.binary, &r);
	if (r.keep && b.binary && is_file(b.binary))
		print_keep_hints(b.binary, &r);
	else
		remove_build(&b);
	return status;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("kwork %s (HZ=%d)\n", KW_VERSION_STRING, KW_HZ);
		return 0;
	}
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
			  !strcmp(argv[1], "help"))) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "run")) {
		int status = cmd_run(argc - 2, argv + 2);
		free_owned();
		return status;
	}
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return cmd_run(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "top"))
		return kwork_cmd_top(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "dump"))
		return kwork_cmd_dump(argc - 2, argv + 2);
	usage(stderr);
	return 64;
}
