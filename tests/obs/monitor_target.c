/*
 * monitor_target.c - a busy process for tests/obs/monitor_test.py: one
 * item held running on the ordered workqueue "obs_wq" with two more
 * waiting behind it, one kthread_work held running on the kthread_worker
 * "obs_worker" with one more queued. Prints "ready <pid>" once all of it is
 * in place, holds until a line arrives on stdin, then lets everything
 * finish, tears down and prints "done".
 * With the argument "fork" it first forks a child that prints
 * "child <pid>" and sleeps until killed (the monitor must not follow it).
 */
#include <kwork/kwork.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct kw_completion wq_started, wq_release, kw_started, kw_release;

void obs_blocker(struct kw_work *w)
{
	(void)w;
	kw_complete(&wq_started);
	kw_wait_for_completion(&wq_release);
}

void obs_pending_fn(struct kw_work *w)
{
	(void)w;
}

void obs_kwork_blocker(struct kw_kthread_work *w)
{
	(void)w;
	kw_complete(&kw_started);
	kw_wait_for_completion(&kw_release);
}

void obs_kwork_pending(struct kw_kthread_work *w)
{
	(void)w;
}

static void fork_sleeper(void)
{
	pid_t pid = fork();
	if (pid != 0)
		return;
	char line[32];
	int n = snprintf(line, sizeof(line), "child %d\n", (int)getpid());
	if (write(STDOUT_FILENO, line, (size_t)n) != n)
		_exit(1);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	struct kw_work blocker, p1, p2;
	struct kw_kthread_work kblocker, kpending;
	char line[64];

	kw_init_completion(&wq_started);
	kw_init_completion(&wq_release);
	kw_init_completion(&kw_started);
	kw_init_completion(&kw_release);
	kw_init_work(&blocker, obs_blocker);
	kw_init_work(&p1, obs_pending_fn);
	kw_init_work(&p2, obs_pending_fn);
	kw_kthread_init_work(&kblocker, obs_kwork_blocker);
	kw_kthread_init_work(&kpending, obs_kwork_pending);

	struct kw_workqueue *wq = kw_alloc_ordered_workqueue("obs_wq", 0);
	struct kw_kthread_worker *worker = kw_kthread_create_worker(0, "obs_worker");
	if (!wq || kw_is_err(worker))
		return 1;
	if (argc > 1 && !strcmp(argv[1], "fork"))
		fork_sleeper();
	kw_queue_work(wq, &blocker);
	kw_wait_for_completion(&wq_started);
	kw_queue_work(wq, &p1);
	kw_queue_work(wq, &p2);
	kw_kthread_queue_work(worker, &kblocker);
	kw_wait_for_completion(&kw_started);
	kw_kthread_queue_work(worker, &kpending);
	printf("ready %d\n", (int)getpid());
	fflush(stdout);

	if (!fgets(line, sizeof(line), stdin))
		line[0] = '\0';
	kw_complete(&wq_release);
	kw_complete(&kw_release);
	kw_flush_workqueue(wq);
	kw_kthread_flush_worker(worker);
	kw_kthread_destroy_worker(worker);
	kw_destroy_workqueue(wq);
	printf("done\n");
	return 0;
}
