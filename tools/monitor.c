/*
 * monitor.c - `kwork top PID` and `kwork dump PID`: the client side of the
 * monitor channel of a process started with KWORK_MONITOR=1 (the server is
 * src/monitor.c; the format is kw_stats_print() / kw_dump()).
 *
 *   kwork top PID [--once] [--json] [-d SECS]
 *       the workqueue / kthread_worker table, refreshed every SECS
 *       (default 1) like top; --once prints it once; --json prints one JSON
 *       document per refresh (one per line), for scripts.
 *   kwork dump PID [--json]
 *       the SysRq-t style dump: tasks, busy workqueues and pools,
 *       kthread_workers.
 *
 * The channel is the abstract unix socket "\0kwork/<pid>"; the server's
 * credentials must show that very pid (and our user, or root), so another
 * process squatting the name is refused.
 *
 * Threads: one. Exit status: 0; 1 when the process cannot be reached; 64 on
 * a usage error.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int kwork_cmd_top(int argc, char **argv);
int kwork_cmd_dump(int argc, char **argv);

static int parse_pid(const char *s)
{
	char *end;
	long pid = s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || *end || pid <= 0 || pid > 0x3fffffff)
		return -1;
	return (int)pid;
}

/* Connect to pid's channel. Return: the socket, or -1 after a message. */
static int connect_pid(int pid)
{
	struct sockaddr_un a;
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	int n = snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "kwork/%d", pid);
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("kwork: socket");
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&a, len) != 0) {
		int err = errno;
		close(fd);
		if (kill(pid, 0) != 0 && errno == ESRCH)
			fprintf(stderr, "kwork: no process %d\n", pid);
		else if (err == ECONNREFUSED)
			fprintf(stderr, "kwork: process %d has no monitor channel "
				"(start it with KWORK_MONITOR=1)\n", pid);
		else
			fprintf(stderr, "kwork: cannot reach process %d: %s\n", pid,
				strerror(err));
		return -1;
	}
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) != 0 ||
	    cred.pid != pid || (cred.uid != geteuid() && cred.uid != 0)) {
		fprintf(stderr, "kwork: the monitor channel of %d is held by another "
			"process (pid %d, uid %d); refusing it\n", pid, (int)cred.pid,
			(int)cred.uid);
		close(fd);
		return -1;
	}
	return fd;
}

/* Send req to pid and copy the answer to out. Return: 0, or 1. */
static int request(int pid, const char *req, FILE *out)
{
	int fd = connect_pid(pid);
	if (fd < 0)
		return 1;
	char line[64];
	int len = snprintf(line, sizeof(line), "%s\n", req);
	if (send(fd, line, (size_t)len, MSG_NOSIGNAL) != len &&
	    errno != EPIPE && errno != ECONNRESET) {
		fprintf(stderr, "kwork: %d: %s\n", pid, strerror(errno));
		close(fd);
		return 1;
	}
	char buf[8192];
	ssize_t n;
	size_t total = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, (size_t)n, out);
		total += (size_t)n;
	}
	close(fd);
	fflush(out);
	if (!total) {
		fprintf(stderr, "kwork: process %d closed the channel without an "
			"answer (it answers its own user only)\n", pid);
		return 1;
	}
	return 0;
}

static int usage_error(const char *cmd)
{
	if (!strcmp(cmd, "top"))
		fprintf(stderr, "usage: kwork top PID [--once] [--json] [-d SECS]\n");
	else
		fprintf(stderr, "usage: kwork dump PID [--json]\n");
	return 64;
}

int kwork_cmd_dump(int argc, char **argv)
{
	int pid = -1;
	bool json = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (pid < 0 && (pid = parse_pid(argv[i])) > 0)
			;
		else
			return usage_error("dump");
	}
	if (pid <= 0)
		return usage_error("dump");
	return request(pid, json ? "dump json" : "dump", stdout);
}

int kwork_cmd_top(int argc, char **argv)
{
	int pid = -1;
	bool json = false, once = false;
	double delay = 1.0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--once"))
			once = true;
		else if (!strcmp(argv[i], "-d") && i + 1 < argc) {
			char *end;
			delay = strtod(argv[++i], &end);
			if (*end || !(delay > 0))
				return usage_error("top");
		} else if (pid < 0 && (pid = parse_pid(argv[i])) > 0)
			;
		else
			return usage_error("top");
	}
	if (pid <= 0)
		return usage_error("top");
	bool tty = !json && !once && isatty(STDOUT_FILENO);
	for (;;) {
		if (tty) {
			time_t now = time(NULL);
			char when[32];
			strftime(when, sizeof(when), "%H:%M:%S", localtime(&now));
			printf("\033[H\033[2Jkwork top - pid %d - %s (every %gs, ^C quits)\n\n",
			       pid, when, delay);
		}
		int err = request(pid, json ? "stats json" : "stats", stdout);
		if (err || once)
			return err;
		if (!tty && !json)
			putchar('\n');
		fflush(stdout);
		struct timespec ts = { .tv_sec = (time_t)delay,
				       .tv_nsec = (long)((delay - (double)(time_t)delay) * 1e9) };
		nanosleep(&ts, NULL);
	}
}
