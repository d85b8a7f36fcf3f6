/*
 * monitor.c - the private channel `kwork top PID` and `kwork dump PID`
 * talk to: a process started with KWORK_MONITOR=1 (non-zero) answers
 * requests for kw_stats_print() and kw_dump() on a unix socket.
 *
 * Layer: observability, above stats.c and dump.c. Threads: one plain
 * pthread ("kwork-monitor"), started by the library constructor only when
 * KWORK_MONITOR is set, and joined by an atexit handler; without the
 * variable nothing is created and nothing runs.
 *
 * The channel: a listening AF_UNIX stream socket in the abstract namespace,
 * named "\0kwork/<pid>". It has no file, so nothing is left behind however
 * the process ends (exit, _exit, a crash, SIGKILL). It is private to the
 * user by credentials instead of by file mode: every connection's
 * SO_PEERCRED uid must be our effective uid (or root), else it is closed
 * unanswered. Clients check the other side the same way (the server's pid
 * must be the pid they asked for), so a squatter on the name is detected.
 *
 * Protocol: one request line per connection, "stats", "stats json",
 * "dump" or "dump json"; the answer is the text or JSON document, then the
 * server closes. Requests are served one at a time; a client that sends no
 * line within a second is dropped. fork(): the child closes the inherited
 * socket and runs no monitor (docs/observability.md).
 */
#include "stats_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define REQUEST_TIMEOUT_MS 1000

/* Written by the constructor, the atexit handler and the fork child only. */
static int listen_fd = -1;
static int wake_pipe[2] = { -1, -1 };
static pthread_t thread;
static bool running;

static bool monitor_requested(void)
{
	const char *v = getenv("KWORK_MONITOR");
	return v && *v && strcmp(v, "0") != 0;
}

/* The peer is our user (or root). */
static bool peer_allowed(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
		return false;
	return cred.uid == geteuid() || cred.uid == 0;
}

/* Read one request line. Return: its length, or -1. */
static int read_request(int fd, char *buf, size_t size)
{
	size_t len = 0;
	while (len < size - 1) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, REQUEST_TIMEOUT_MS) <= 0)
			return -1;
		ssize_t n = read(fd, buf + len, size - 1 - len);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = '\0';
		char *nl = strchr(buf, '\n');
		if (nl) {
			*nl = '\0';
			return (int)(nl - buf);
		}
	}
	return -1;
}

/* Render the answer to req in memory, then send it (never SIGPIPE). */
static void answer(int fd, const char *req)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return;
	unsigned int flags = strstr(req, " json") ? KW_OUT_JSON : 0;
	if (!strncmp(req, "stats", 5))
		kw_stats_print(f, flags);
	else if (!strncmp(req, "dump", 4))
		kw_dump(f, flags);
	else
		fprintf(f, "error: unknown request \"%s\" (stats, dump [json])\n", req);
	if (fclose(f) == 0)
		for (size_t off = 0; off < len;) {
			ssize_t n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
			if (n <= 0)
				break;
			off += (size_t)n;
		}
	free(buf);
}

static void serve(int fd)
{
	char req[64];
	/* A client that stops reading must not keep exit() waiting for us. */
	struct timeval tv = { .tv_sec = 2 };
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (peer_allowed(fd) && read_request(fd, req, sizeof(req)) >= 0)
		answer(fd, req);
	close(fd);
}

static void *monitor_thread(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "kwork-monitor");
	for (;;) {
		struct pollfd p[2] = { { .fd = listen_fd, .events = POLLIN },
				       { .fd = wake_pipe[0], .events = POLLIN } };
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents)
			break;
		if (p[0].revents & POLLIN) {
			int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd >= 0)
				serve(fd);
		}
	}
	return NULL;
}

/* The channel's address for pid; Return: its length for bind/connect. */
static socklen_t monitor_addr(struct sockaddr_un *a, int pid)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	int n = snprintf(a->sun_path + 1, sizeof(a->sun_path) - 1, "kwork/%d", pid);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}

static void close_all(void)
{
	if (listen_fd >= 0)
		close(listen_fd);
	for (int i = 0; i < 2; i++)
		if (wake_pipe[i] >= 0)
			close(wake_pipe[i]);
	listen_fd = wake_pipe[0] = wake_pipe[1] = -1;
}

static void monitor_stop(void)
{
	if (!running)
		return;
	ssize_t n = write(wake_pipe[1], "x", 1);
	(void)n;
	pthread_join(thread, NULL);
	running = false;
	close_all();
}

static void fork_child(void)
{
	running = false;	/* the thread did not cross the fork */
	close_all();
}

static int open_channel(void)
{
	struct sockaddr_un a;
	socklen_t len = monitor_addr(&a, (int)getpid());
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listen_fd < 0)
		return -errno;
	if (bind(listen_fd, (struct sockaddr *)&a, len) != 0 ||
	    listen(listen_fd, 8) != 0 || pipe2(wake_pipe, O_CLOEXEC) != 0) {
		int err = -errno;
		close_all();
		return err;
	}
	return 0;
}

__attribute__((constructor)) static void monitor_start(void)
{
	if (!monitor_requested() || running)
		return;
	int err = open_channel();
	if (!err) {
		/* The thread takes no signal meant for the program. */
		sigset_t all, old;
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		err = -pthread_create(&thread, NULL, monitor_thread, NULL);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	if (err) {
		close_all();
		fprintf(stderr, "kwork: KWORK_MONITOR: cannot open the monitor "
			"channel: %s\n", strerror(-err));
		return;
	}
	running = true;
	atexit(monitor_stop);
	pthread_atfork(NULL, NULL, fork_child);
}
