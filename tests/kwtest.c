/*
 * kwtest.c - the runner behind kwtest.h: one forked child per test, each
 * with a timeout, a line per result, and a closing "N passed, N failed".
 * Threads: the parent only forks and waits; each child runs one test.
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

#define KWT_MAX_CASES 512
#define KWT_LOG_LINES 4096

static const struct kwt_case *cases[KWT_MAX_CASES];
static int nr_cases;
static unsigned long expected_warns;
static unsigned long warns_before_expect;

static struct kw_spinlock log_lock = KW_SPINLOCK_INIT;
static char *log_lines[KWT_LOG_LINES];
static int nr_log_lines;

void kwt_register(const struct kwt_case *c)
{
	if (nr_cases < KWT_MAX_CASES)
		cases[nr_cases++] = c;
}

void kwt_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	_exit(1);
}

void kwt_expect_warn_begin(void)
{
	warns_before_expect = kw_warn_count();
}

void kwt_expect_warn_end(const char *file, int line, const char *expr,
			 const char *substring)
{
	unsigned long n = kw_warn_count() - warns_before_expect;
	char msg[512];
	if (n != 1)
		kwt_fail(file, line, "%s raised %lu WARNs, expected 1", expr, n);
	kw_warn_last_message(msg, sizeof(msg));
	if (substring[0] && !strstr(msg, substring))
		kwt_fail(file, line, "%s warned \"%s\", expected \"%s\"", expr,
			 msg, substring);
	expected_warns++;
}

static void capture_line(int level, const char *line, void *ctx)
{
	kw_spin_lock(&log_lock);
	if (nr_log_lines < KWT_LOG_LINES)
		log_lines[nr_log_lines++] = strdup(line);
	kw_spin_unlock(&log_lock);
}

void kwt_log_reset(void)
{
	kw_spin_lock(&log_lock);
	for (int i = 0; i < nr_log_lines; i++)
		free(log_lines[i]);
	nr_log_lines = 0;
	kw_spin_unlock(&log_lock);
}

int kwt_log_count(const char *substring)
{
	int n = 0;
	kw_spin_lock(&log_lock);
	for (int i = 0; i < nr_log_lines; i++)
		n += strstr(log_lines[i], substring) != NULL;
	kw_spin_unlock(&log_lock);
	return n;
}

bool kwt_log_contains(const char *substring)
{
	return kwt_log_count(substring) > 0;
}

static void run_in_child(const struct kwt_case *c)
{
	kw_log_set_hook(capture_line, NULL);
	/* Every checker on, except debugobjects under valgrind (its init filter
	 * reads fresh memory): KWTEST_DEBUG_OBJECTS=0. */
	const char *dobj = getenv("KWTEST_DEBUG_OBJECTS");
	kw_debug_objects_enable(!dobj || strcmp(dobj, "0") != 0);
	c->fn();
	unsigned long unexpected = kw_warn_count() - expected_warns;
	if (unexpected)
		kwt_fail(__FILE__, __LINE__, "%lu unexpected WARN(s)", unexpected);
	kwt_log_reset();
	fflush(stdout);
	_exit(0);
}

unsigned long kwt_loops(unsigned long n)
{
	const char *s = getenv("KWTEST_LOOP_DIVISOR");
	unsigned long div = s ? strtoul(s, NULL, 10) : 0;
	if (div <= 1)
		return n;
	unsigned long loops = n / div;
	if (n % 4 == 0 && loops >= 4)
		loops -= loops % 4;
	return loops ? loops : 1;
}

static int timeout_seconds(void)
{
	const char *s = getenv("KWTEST_TIMEOUT");
	int t = s ? atoi(s) : 0;
	return t > 0 ? t : 60;
}

/* Return: true if the test passed. */
static bool run_case(const struct kwt_case *c, int index)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return false;
	}
	if (pid == 0) {
		setpgid(0, 0);	/* the case and whatever it forks: one group */
		alarm((unsigned)timeout_seconds());
		run_in_child(c);
	}
	setpgid(pid, pid);	/* also here: no race with the child's own call */
	int status;
	while (waitpid(pid, &status, 0) < 0)
		;
	/* A process the case forked and left behind (a hung grandchild after
	 * a timeout) must not outlive it: it would hold ctest's output pipe. */
	kill(-pid, SIGKILL);
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	printf("%s %d - [%s] %s", ok ? "ok" : "not ok", index, c->rules, c->name);
	if (WIFSIGNALED(status))
		printf(" (killed by signal %d%s)", WTERMSIG(status),
		       WTERMSIG(status) == SIGALRM ? ": timeout" : "");
	printf("\n");
	return ok;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	if (argc > 1) {
		for (int i = 0; i < nr_cases; i++)
			if (!strcmp(cases[i]->name, argv[1]))
				run_in_child(cases[i]);
		fprintf(stderr, "no test named %s\n", argv[1]);
		return 2;
	}
	for (int i = 0; i < nr_cases; i++) {
		if (run_case(cases[i], i + 1))
			passed++;
		else
			failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
