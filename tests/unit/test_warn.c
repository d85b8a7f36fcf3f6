/*
 * test_warn.c - WARN, WARN_ON, WARN_ONCE, WARN_ON_ONCE (through the compat
 * names of <linux/bug.h>): the kernel's report format with a backtrace, the
 * value they return, the counter kw_warn_count() reads, once-per-call-site,
 * and fatal WARNs (kw_warn_set_fatal, KWORK_WARN_FATAL in the environment).
 */
#define _GNU_SOURCE
#include "kwtest.h"

#include <linux/bug.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

KWT_TEST("warn", warn_prints_the_kernel_report)
{
	kwt_log_reset();
	bool r = false;
	KWT_EXPECT_WARN(r = WARN(1, "widget %s is %d", "w0", 42), "widget w0 is 42");
	KWT_ASSERT(r);
	KWT_ASSERT(kwt_log_contains("] ------------[ cut here ]------------"));
	KWT_ASSERT(kwt_log_contains("] widget w0 is 42"));
	char where[128];
	snprintf(where, sizeof(where), "PID: %d at %s:", kw_current()->pid, __FILE__);
	KWT_ASSERT(kwt_log_contains("] WARNING: CPU: "));
	KWT_ASSERT(kwt_log_contains(where));
	KWT_ASSERT(kwt_log_contains(" kwt_fn_warn_prints_the_kernel_report"));
	KWT_ASSERT(kwt_log_contains("] Call Trace:"));
	KWT_ASSERT(kwt_log_contains("]  <TASK>"));
	KWT_ASSERT(kwt_log_contains("]  </TASK>"));
	KWT_ASSERT(kwt_log_contains("] ---[ end trace 0000000000000000 ]---"));
	KWT_ASSERT_EQ(kwt_log_count("cut here"), 1);
}

KWT_TEST("warn", warn_backtrace_names_the_callers)
{
	kwt_log_reset();
	KWT_EXPECT_WARN(WARN_ON(1), "");
	/*
	 * The frames from the WARN's caller down to the program's start
	 * (functions the dynamic symbol table does not name show as
	 * object+offset).
	 */
	KWT_ASSERT(kwt_log_contains("]  test_warn+0x") ||
		   kwt_log_contains("]  kwt_"));
	KWT_ASSERT(kwt_log_contains("]  __libc_start_main+0x"));
}

KWT_TEST("warn", warn_on_returns_its_condition_and_counts)
{
	unsigned long before = kw_warn_count();
	KWT_ASSERT(!WARN_ON(0));
	KWT_ASSERT(!WARN(0, "never %d", 1));
	KWT_ASSERT_EQ(kw_warn_count(), before);
	kwt_log_reset();
	bool r = false;
	KWT_EXPECT_WARN(r = WARN_ON(2 > 1), "");
	KWT_ASSERT(r);
	KWT_ASSERT_EQ(kw_warn_count(), before + 1);
	KWT_ASSERT(kwt_log_contains("WARNING: CPU: "));
	/* WARN_ON has no message. */
	char msg[64];
	kw_warn_last_message(msg, sizeof(msg));
	KWT_ASSERT_STREQ(msg, "");
}

static bool warn_on_once_site(int v)
{
	return WARN_ON_ONCE(v != 0);
}

static bool warn_once_site(int v)
{
	return WARN_ONCE(v != 0, "value %d", v);
}

KWT_TEST("warn", warn_on_once_reports_once_per_call_site)
{
	unsigned long before = kw_warn_count();
	KWT_ASSERT(!warn_on_once_site(0));
	KWT_EXPECT_WARN(KWT_ASSERT(warn_on_once_site(1)), "");
	KWT_ASSERT(warn_on_once_site(2));	/* still true, no report */
	KWT_ASSERT(warn_on_once_site(3));
	KWT_ASSERT_EQ(kw_warn_count(), before + 1);
	/* Another call site has its own once. */
	KWT_EXPECT_WARN(KWT_ASSERT(warn_once_site(4)), "value 4");
	KWT_ASSERT(warn_once_site(5));
	KWT_ASSERT_EQ(kw_warn_count(), before + 2);
	char msg[64];
	kw_warn_last_message(msg, sizeof(msg));
	KWT_ASSERT_STREQ(msg, "value 4");
}

/* Run fn in a child; Return: its wait status, its stderr in out. */
static int in_child(void (*fn)(void), char *out, size_t size)
{
	int p[2];
	KWT_ASSERT(pipe(p) == 0);
	fflush(NULL);
	pid_t pid = fork();
	KWT_ASSERT(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 2);
		close(p[0]);
		fn();
		_exit(0);
	}
	close(p[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < size && (r = read(p[0], out + n, size - n - 1)) > 0)
		n += (size_t)r;
	out[n] = 0;
	close(p[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		;
	return status;
}

static void fatal_by_call(void)
{
	kw_warn_set_fatal(true);
	WARN(1, "fatal now");
}

KWT_TEST("warn", kw_warn_set_fatal_makes_warn_abort)
{
	char out[16384];
	int status = in_child(fatal_by_call, out, sizeof(out));
	KWT_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	KWT_ASSERT(strstr(out, "fatal now") != NULL);
	KWT_ASSERT(strstr(out, "---[ end trace") != NULL);
	KWT_ASSERT(strstr(out, "Kernel panic - not syncing: kwork: WARN is fatal") != NULL);
}

/* A test body that passes unless WARN is fatal: the env test runs it. */
KWT_TEST("warn", warn_fatal_env_subject)
{
	KWT_EXPECT_WARN(WARN(1, "subject warns"), "subject warns");
}

static const char *env_value;

/* By its path, not /proc/self/exe: under valgrind that names the tool
 * (valgrind's readlink of it gives the test's own path). */
static void exec_subject(void)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		_exit(126);
	self[n] = 0;
	setenv("KWORK_WARN_FATAL", env_value, 1);
	execl(self, "test_warn", "warn_fatal_env_subject", (char *)NULL);
	_exit(127);
}

KWT_TEST("warn", kwork_warn_fatal_env_makes_warn_abort)
{
	char out[16384];
	env_value = "1";
	int status = in_child(exec_subject, out, sizeof(out));
	KWT_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	KWT_ASSERT(strstr(out, "subject warns") != NULL);
	KWT_ASSERT(strstr(out, "KWORK_WARN_FATAL") != NULL);

	env_value = "0";	/* off: the WARN is reported and the run goes on */
	status = in_child(exec_subject, out, sizeof(out));
	KWT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	KWT_ASSERT(strstr(out, "subject warns") != NULL);
}
