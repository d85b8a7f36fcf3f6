// SPDX-License-Identifier: GPL-2.0
/*
 * tp_kworker_pipeline - a two-stage request pipeline on kthread_workers,
 * the way crypto engines, SPI controllers and media drivers use them.
 *
 * Stage 1 is a kthread_create_worker() worker raised to SCHED_FIFO with
 * sched_set_fifo(worker->task) (degrading to one warning-free message when
 * not permitted is the runner's business); stage 2 is a worker per CPU
 * made with kthread_create_worker_on_cpu(). Requests are refcount_t
 * counted, travel stage 1 -> stage 2 by kthread_queue_work, and complete
 * a completion. A kthread_delayed_work watchdog is armed with
 * kthread_queue_delayed_work, pulled in with kthread_mod_delayed_work and
 * finally cancelled. An old-style embedded worker (DEFINE_KTHREAD_WORKER +
 * kthread_run(kthread_worker_fn, ..)) is flushed and kthread_stop()ped.
 *
 * Exit prints "tp_kworker_pipeline: PASS" when every check held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/completion.h>
#include <linux/refcount.h>
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/smp.h>
#include <linux/jiffies.h>
#include <linux/delay.h>
#include <linux/err.h>

#define NR_REQUESTS 32
#define NR_TICKS 5

static int failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			failures++;                                        \
			pr_err("FAIL: %s (line %d)\n", #cond, __LINE__);   \
		}                                                          \
	} while (0)

struct tp_engine;

struct tp_req {
	struct kthread_work stage1;
	struct kthread_work stage2;
	struct tp_engine *eng;
	refcount_t ref;
	int id;
	u32 payload;
	bool stage1_on_fifo;
	int stage2_cpu;
	struct completion done;
};

struct tp_engine {
	struct kthread_worker *stage1;
	struct kthread_worker *stage2;
	int stage2_cpu;
	struct kthread_delayed_work watchdog;
	atomic_t watchdog_runs;
	struct kthread_work ticker;
	atomic_t ticks;
	struct completion ticks_done;
	atomic_t freed;
	atomic_t in_stage1;
	bool stage1_serial;
};

static struct tp_engine engine;
static DEFINE_KTHREAD_WORKER(legacy_worker);
static struct task_struct *legacy_task;
static struct kthread_work legacy_work;
static bool legacy_ran_in_thread;

static void tp_req_put(struct tp_req *rq)
{
	if (refcount_dec_and_test(&rq->ref)) {
		atomic_inc(&rq->eng->freed);
		kfree(rq);
	}
}

static void tp_stage2_fn(struct kthread_work *work)
{
	struct tp_req *rq = container_of(work, struct tp_req, stage2);

	rq->payload ^= 0xa5a5a5a5;
	rq->stage2_cpu = raw_smp_processor_id();
	complete(&rq->done);
	tp_req_put(rq);
}

static void tp_stage1_fn(struct kthread_work *work)
{
	struct tp_req *rq = container_of(work, struct tp_req, stage1);
	struct tp_engine *eng = rq->eng;

	/* A kthread_worker runs one work at a time. */
	if (atomic_inc_return(&eng->in_stage1) != 1)
		eng->stage1_serial = false;
	rq->stage1_on_fifo = !strcmp(current->comm, "tp_stage1") &&
			     (current->flags & PF_KTHREAD) && !current->mm;
	rq->payload = rq->id * 3;
	refcount_inc(&rq->ref);
	CHECK(kthread_queue_work(eng->stage2, &rq->stage2));
	atomic_dec(&eng->in_stage1);
	tp_req_put(rq);
}

static void tp_watchdog_fn(struct kthread_work *work)
{
	struct kthread_delayed_work *dw =
		container_of(work, struct kthread_delayed_work, work);
	struct tp_engine *eng = container_of(dw, struct tp_engine, watchdog);

	atomic_inc(&eng->watchdog_runs);
}

static void tp_ticker_fn(struct kthread_work *work)
{
	struct tp_engine *eng = container_of(work, struct tp_engine, ticker);

	/* Requeueing itself from its own callback is allowed. */
	if (atomic_inc_return(&eng->ticks) < NR_TICKS)
		kthread_queue_work(eng->stage1, &eng->ticker);
	else
		complete(&eng->ticks_done);
}

static void tp_legacy_fn(struct kthread_work *work)
{
	legacy_ran_in_thread = current == legacy_task;
}

static int tp_run_requests(struct tp_engine *eng)
{
	struct tp_req *reqs[NR_REQUESTS];
	int i, ok = 0;

	for (i = 0; i < NR_REQUESTS; i++) {
		reqs[i] = kzalloc(sizeof(*reqs[i]), GFP_KERNEL);
		if (!reqs[i])
			return -ENOMEM;
		reqs[i]->eng = eng;
		reqs[i]->id = i;
		refcount_set(&reqs[i]->ref, 2);	/* submitter + stage 1 */
		init_completion(&reqs[i]->done);
		kthread_init_work(&reqs[i]->stage1, tp_stage1_fn);
		kthread_init_work(&reqs[i]->stage2, tp_stage2_fn);
		CHECK(kthread_queue_work(eng->stage1, &reqs[i]->stage1));
	}
	for (i = 0; i < NR_REQUESTS; i++) {
		if (!wait_for_completion_timeout(&reqs[i]->done, 5 * HZ))
			continue;
		if (reqs[i]->payload == ((i * 3) ^ 0xa5a5a5a5) &&
		    reqs[i]->stage1_on_fifo &&
		    reqs[i]->stage2_cpu == eng->stage2_cpu)
			ok++;
	}
	/* Stage 2 may still hold its reference until its put: flush first. */
	kthread_flush_worker(eng->stage2);
	for (i = 0; i < NR_REQUESTS; i++) {
		CHECK(refcount_read(&reqs[i]->ref) == 1);
		tp_req_put(reqs[i]);
	}
	return ok;
}

static void tp_check_delayed(struct tp_engine *eng)
{
	kthread_init_delayed_work(&eng->watchdog, tp_watchdog_fn);

	/* Idle: queued, not modified. Then pending: not queued twice. */
	CHECK(kthread_queue_delayed_work(eng->stage1, &eng->watchdog, 10 * HZ));
	CHECK(!kthread_queue_delayed_work(eng->stage1, &eng->watchdog, HZ));
	/* Pending: mod returns true and runs it now. */
	CHECK(kthread_mod_delayed_work(eng->stage1, &eng->watchdog, 0));
	kthread_flush_work(&eng->watchdog.work);
	CHECK(atomic_read(&eng->watchdog_runs) == 1);
	/* Idle again: mod queues and returns false. */
	CHECK(!kthread_mod_delayed_work(eng->stage1, &eng->watchdog, 10 * HZ));
	CHECK(kthread_cancel_delayed_work_sync(&eng->watchdog));
	CHECK(!kthread_cancel_delayed_work_sync(&eng->watchdog));
	CHECK(atomic_read(&eng->watchdog_runs) == 1);
}

static int __init tp_pipeline_init(void)
{
	struct tp_engine *eng = &engine;
	int ok, ret;

	eng->stage1_serial = true;
	init_completion(&eng->ticks_done);

	eng->stage1 = kthread_create_worker(0, "tp_stage%d", 1);
	if (IS_ERR(eng->stage1))
		return PTR_ERR(eng->stage1);
	sched_set_fifo(eng->stage1->task);

	eng->stage2_cpu = cpumask_last(cpu_online_mask);
	eng->stage2 = kthread_create_worker_on_cpu(eng->stage2_cpu, 0,
						   "tp_stage2/%d", eng->stage2_cpu);
	if (IS_ERR(eng->stage2)) {
		ret = PTR_ERR(eng->stage2);
		goto err_stage1;
	}

	ok = tp_run_requests(eng);
	CHECK(ok == NR_REQUESTS);
	CHECK(atomic_read(&eng->freed) == NR_REQUESTS);
	CHECK(eng->stage1_serial);

	tp_check_delayed(eng);

	kthread_init_work(&eng->ticker, tp_ticker_fn);
	kthread_queue_work(eng->stage1, &eng->ticker);
	CHECK(wait_for_completion_timeout(&eng->ticks_done, 5 * HZ) > 0);
	kthread_flush_work(&eng->ticker);
	CHECK(atomic_read(&eng->ticks) == NR_TICKS);

	legacy_task = kthread_run(kthread_worker_fn, &legacy_worker, "tp_legacy");
	if (IS_ERR(legacy_task)) {
		ret = PTR_ERR(legacy_task);
		goto err_stage2;
	}
	kthread_init_work(&legacy_work, tp_legacy_fn);
	CHECK(kthread_queue_work(&legacy_worker, &legacy_work));
	kthread_flush_work(&legacy_work);
	CHECK(legacy_ran_in_thread);

	pr_info("%d requests through 2 stages, stage 2 on CPU %d\n", ok,
		eng->stage2_cpu);
	return 0;

err_stage2:
	kthread_destroy_worker(eng->stage2);
err_stage1:
	kthread_destroy_worker(eng->stage1);
	return ret;
}

static void __exit tp_pipeline_exit(void)
{
	struct tp_engine *eng = &engine;

	kthread_flush_worker(&legacy_worker);
	kthread_stop(legacy_task);

	kthread_cancel_delayed_work_sync(&eng->watchdog);
	kthread_cancel_work_sync(&eng->ticker);
	kthread_destroy_worker(eng->stage1);
	kthread_destroy_worker(eng->stage2);

	if (failures)
		pr_err("%d check(s) failed\n", failures);
	else
		pr_info("PASS\n");
}

module_init(tp_pipeline_init);
module_exit(tp_pipeline_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("two-stage kthread_worker pipeline with delayed watchdog");
