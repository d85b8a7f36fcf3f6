// SPDX-License-Identifier: GPL-2.0
/*
 * tp_percpu_stats - per-CPU statistics collection and RCU-deferred
 * teardown, as monitoring and cpufreq-style drivers do it.
 *
 * Each CPU's counters are sampled in a kworker bound to that CPU
 * (work_on_cpu, queue_work_on, schedule_on_each_cpu); a config object is
 * replaced under RCU and the old one freed from a queue_rcu_work item; a
 * rw_semaphore guards the table, a mutex the config path, spin_lock_bh the
 * hot counters. Around it: work item return values (queue/flush/cancel,
 * disable/enable), current_work(), on-stack works, the system workqueues,
 * create_singlethread_workqueue, create_workqueue + workqueue_set_max_active,
 * queue_work_on a per-CPU workqueue, and the printk
 * family (levels, pr_cont, _once, _ratelimited, module_param arrays/bools).
 *
 * Exit prints "tp_percpu_stats: PASS" when every check held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/rcupdate.h>
#include <linux/cpumask.h>
#include <linux/smp.h>
#include <linux/percpu.h>
#include <linux/rwsem.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/refcount.h>
#include <linux/completion.h>
#include <linux/sched.h>
#include <linux/delay.h>

static int weights[4] = { 1, 2, 3, 4 };
static int nr_weights = 4;
module_param_array(weights, int, &nr_weights, 0444);
MODULE_PARM_DESC(weights, "per-sample weights");

static bool verbose;
module_param(verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "log every CPU's sample");

static int failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			failures++;                                        \
			pr_err("FAIL: %s (line %d)\n", #cond, __LINE__);   \
		}                                                          \
	} while (0)

struct tp_cfg {
	int scale;
	struct rcu_work free_rwork;
};

struct tp_cpu_stat {
	unsigned int cpu;
	unsigned int sampled_on;
	u64 samples;
};

static struct tp_cfg __rcu *cur_cfg;
static DEFINE_MUTEX(cfg_mutex);
static DECLARE_RWSEM(table_rwsem);
static DEFINE_SPINLOCK(hot_lock);
static struct tp_cpu_stat *table;
static unsigned int nr_cpus;
static atomic64_t total = ATOMIC64_INIT(0);
static atomic_t cfg_freed = ATOMIC_INIT(0);
static atomic_t each_cpu_calls = ATOMIC_INIT(0);
static struct workqueue_struct *single_wq;
static struct workqueue_struct *legacy_wq;
static DECLARE_COMPLETION(rcu_freed);

static void tp_cfg_free(struct work_struct *work)
{
	struct tp_cfg *cfg = container_of(to_rcu_work(work), struct tp_cfg,
					  free_rwork);

	kfree(cfg);
	atomic_inc(&cfg_freed);
	complete(&rcu_freed);
}

static int tp_set_scale(int scale)
{
	struct tp_cfg *new, *old;

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->scale = scale;
	INIT_RCU_WORK(&new->free_rwork, tp_cfg_free);

	mutex_lock(&cfg_mutex);
	old = rcu_dereference_protected(cur_cfg, lockdep_is_held(&cfg_mutex));
	rcu_assign_pointer(cur_cfg, new);
	mutex_unlock(&cfg_mutex);
	if (old)
		CHECK(queue_rcu_work(system_wq, &old->free_rwork));
	return 0;
}

static int tp_scale(void)
{
	struct tp_cfg *cfg;
	int scale;

	rcu_read_lock();
	cfg = rcu_dereference(cur_cfg);
	scale = cfg ? cfg->scale : 0;
	rcu_read_unlock();
	return scale;
}

/* Runs in a kworker bound to the CPU asked for. */
static long tp_sample_cpu(void *arg)
{
	struct tp_cpu_stat *st = arg;
	int i;
	u64 v = 0;

	st->sampled_on = smp_processor_id();
	for (i = 0; i < nr_weights; i++)
		v += weights[i] * tp_scale();
	down_read(&table_rwsem);
	st->samples += v;
	up_read(&table_rwsem);
	spin_lock_bh(&hot_lock);
	atomic64_add(v, &total);
	spin_unlock_bh(&hot_lock);
	if (verbose)
		pr_info("cpu%u sampled %llu\n", st->cpu, (unsigned long long)v);
	return (long)v;
}

static struct rcu_work stat_rwork;
static atomic_t stat_rwork_runs = ATOMIC_INIT(0);

static void tp_stat_rwork(struct work_struct *work)
{
	if (to_rcu_work(work) == &stat_rwork)
		atomic_inc(&stat_rwork_runs);
}

static void tp_each_cpu(struct work_struct *work)
{
	atomic_inc(&each_cpu_calls);
}

static struct work_struct probe_work;
static struct completion probe_started, probe_release;
static bool probe_saw_itself;

static void tp_probe_work(struct work_struct *work)
{
	probe_saw_itself = current_work() == work;
	complete(&probe_started);
	wait_for_completion(&probe_release);
}

static void tp_noop_work(struct work_struct *work)
{
}

struct tp_on_cpu {
	struct work_struct work;
	unsigned int ran_on;
};

static void tp_on_cpu_work(struct work_struct *work)
{
	struct tp_on_cpu *oc = container_of(work, struct tp_on_cpu, work);

	oc->ran_on = raw_smp_processor_id();
}

/* queue_work_on a per-CPU workqueue: the item runs on that CPU. */
static void check_queue_work_on(void)
{
	struct tp_on_cpu oc;
	unsigned int cpu;

	INIT_WORK_ONSTACK(&oc.work, tp_on_cpu_work);
	for_each_online_cpu(cpu) {
		oc.ran_on = UINT_MAX;
		CHECK(queue_work_on(cpu, legacy_wq, &oc.work));
		flush_work(&oc.work);
		CHECK(oc.ran_on == cpu);
	}
	destroy_work_on_stack(&oc.work);
}

static void check_work_returns(void)
{
	struct work_struct onstack;

	init_completion(&probe_started);
	init_completion(&probe_release);
	INIT_WORK(&probe_work, tp_probe_work);
	CHECK(!work_pending(&probe_work));
	CHECK(queue_work(single_wq, &probe_work));
	wait_for_completion(&probe_started);
	CHECK(work_busy(&probe_work) & WORK_BUSY_RUNNING);
	/* Running, not pending: it can be queued again behind itself. */
	CHECK(queue_work(single_wq, &probe_work));
	CHECK(work_pending(&probe_work));
	CHECK(cancel_work(&probe_work));
	complete(&probe_release);
	flush_work(&probe_work);	/* false if it already returned: both right */
	CHECK(!work_busy(&probe_work));
	CHECK(!flush_work(&probe_work));
	CHECK(probe_saw_itself);

	/* Disabled: queueing fails until enabled again. */
	CHECK(!disable_work_sync(&probe_work));
	CHECK(!queue_work(single_wq, &probe_work));
	CHECK(enable_work(&probe_work));
	reinit_completion(&probe_started);
	reinit_completion(&probe_release);
	complete(&probe_release);
	CHECK(queue_work(system_highpri_wq, &probe_work));
	wait_for_completion(&probe_started);
	CHECK(!cancel_work_sync(&probe_work));

	INIT_WORK_ONSTACK(&onstack, tp_noop_work);
	CHECK(queue_work(system_long_wq, &onstack));
	flush_work(&onstack);
	CHECK(queue_work(system_unbound_wq, &onstack));
	cancel_work_sync(&onstack);
	destroy_work_on_stack(&onstack);
}

static void check_printk(void)
{
	int i;

	printk(KERN_NOTICE KBUILD_MODNAME ": notice level via printk\n");
	pr_info("weights:");
	for (i = 0; i < nr_weights; i++)
		pr_cont(" %d", weights[i]);
	pr_cont("\n");
	for (i = 0; i < 3; i++) {
		pr_info_once("said once\n");
		pr_notice_ratelimited("ratelimited notice %d\n", i);
	}
	pr_debug("not shown without DEBUG %d\n", i);
}

static int __init tp_stats_init(void)
{
	unsigned int cpu;
	long v, sum = 0;
	int ret;

	check_printk();
	INIT_RCU_WORK(&stat_rwork, tp_stat_rwork);
	nr_cpus = num_online_cpus();
	table = kcalloc(nr_cpus, sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	single_wq = create_singlethread_workqueue("tp_stats_single");
	if (!single_wq) {
		ret = -ENOMEM;
		goto err_table;
	}
	/* Legacy create_workqueue is per-CPU and not ordered: tunable. */
	legacy_wq = create_workqueue("tp_stats_legacy");
	if (!legacy_wq) {
		ret = -ENOMEM;
		goto err_wq;
	}
	workqueue_set_max_active(legacy_wq, 4);

	ret = tp_set_scale(2);
	if (ret)
		goto err_wq;
	ret = tp_set_scale(3);		/* the first config goes via RCU */
	if (ret)
		goto err_wq;
	CHECK(wait_for_completion_timeout(&rcu_freed, 5 * HZ) > 0);
	CHECK(atomic_read(&cfg_freed) == 1);

	for_each_online_cpu(cpu) {
		table[cpu].cpu = cpu;
		v = work_on_cpu(cpu, tp_sample_cpu, &table[cpu]);
		CHECK(v == 3 * (1 + 2 + 3 + 4) || nr_weights != 4);
		CHECK(table[cpu].sampled_on == cpu);
		sum += v;
	}
	CHECK(atomic64_read(&total) == sum);

	CHECK(schedule_on_each_cpu(tp_each_cpu) == 0);
	CHECK(atomic_read(&each_cpu_calls) == (int)nr_cpus);

	check_work_returns();
	check_queue_work_on();
	pr_info("%u CPUs sampled, total %lld\n", nr_cpus,
		(long long)atomic64_read(&total));
	return 0;

err_wq:
	if (legacy_wq)
		destroy_workqueue(legacy_wq);
	destroy_workqueue(single_wq);
err_table:
	kfree(table);
	return ret;
}

static void __exit tp_stats_exit(void)
{
	struct tp_cfg *cfg;

	mutex_lock(&cfg_mutex);
	cfg = rcu_dereference_protected(cur_cfg, lockdep_is_held(&cfg_mutex));
	RCU_INIT_POINTER(cur_cfg, NULL);
	mutex_unlock(&cfg_mutex);
	reinit_completion(&rcu_freed);
	/* The item frees its own container: wait for it, never flush it. */
	CHECK(queue_rcu_work(single_wq, &cfg->free_rwork));
	wait_for_completion(&rcu_freed);
	CHECK(atomic_read(&cfg_freed) == 2);

	CHECK(queue_rcu_work(single_wq, &stat_rwork));
	CHECK(!queue_rcu_work(single_wq, &stat_rwork));
	CHECK(flush_rcu_work(&stat_rwork));
	CHECK(atomic_read(&stat_rwork_runs) == 1);

	cancel_work_sync(&probe_work);
	destroy_workqueue(legacy_wq);
	destroy_workqueue(single_wq);
	down_write(&table_rwsem);
	kfree(table);
	table = NULL;
	up_write(&table_rwsem);

	if (failures)
		pr_err("%d check(s) failed\n", failures);
	else
		pr_info("PASS\n");
}

module_init(tp_stats_init);
module_exit(tp_stats_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("per-CPU sampling with work_on_cpu and RCU-deferred frees");
