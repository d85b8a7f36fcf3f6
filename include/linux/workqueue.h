/* linux/workqueue.h - work_struct, delayed_work, workqueues over kwork. */
#ifndef KWORK_LINUX_WORKQUEUE_H
#define KWORK_LINUX_WORKQUEUE_H

#include <linux/timer.h>
#include <linux/list.h>
#include <linux/atomic.h>
#include <kwork/workqueue.h>

#define work_struct kw_work
#define delayed_work kw_delayed_work
#define workqueue_struct kw_workqueue
typedef kw_work_func_t work_func_t;

#define WORK_CPU_UNBOUND KW_WORK_CPU_UNBOUND
#define WORK_BUSY_PENDING KW_WORK_BUSY_PENDING
#define WORK_BUSY_RUNNING KW_WORK_BUSY_RUNNING
#define WQ_BH KW_WQ_BH
#define WQ_UNBOUND KW_WQ_UNBOUND
#define WQ_FREEZABLE KW_WQ_FREEZABLE
#define WQ_MEM_RECLAIM KW_WQ_MEM_RECLAIM
#define WQ_HIGHPRI KW_WQ_HIGHPRI
#define WQ_CPU_INTENSIVE KW_WQ_CPU_INTENSIVE
#define WQ_SYSFS KW_WQ_SYSFS
#define WQ_POWER_EFFICIENT KW_WQ_POWER_EFFICIENT
#define WQ_PERCPU KW_WQ_PERCPU
#define WQ_MAX_ACTIVE KW_WQ_MAX_ACTIVE
#define WQ_UNBOUND_MAX_ACTIVE KW_WQ_UNBOUND_MAX_ACTIVE
#define WQ_DFL_ACTIVE KW_WQ_DFL_ACTIVE
#define WQ_NAME_LEN KW_WQ_NAME_LEN

#define __WORK_INITIALIZER(n, f) KW_WORK_INITIALIZER(n, f)
#define DECLARE_WORK(n, f) KW_DECLARE_WORK(n, f)
#define DECLARE_DELAYED_WORK(n, f) KW_DECLARE_DELAYED_WORK(n, f)
#define DECLARE_DEFERRABLE_WORK(n, f) KW_DECLARE_DEFERRABLE_WORK(n, f)
#define INIT_WORK(w, f) KW_INIT_WORK(w, f)
#define INIT_WORK_ONSTACK(w, f) KW_INIT_WORK_ONSTACK(w, f)
#define destroy_work_on_stack(w) kw_destroy_work_on_stack(w)
#define INIT_DELAYED_WORK(dw, f) KW_INIT_DELAYED_WORK(dw, f)
#define INIT_DELAYED_WORK_ONSTACK(dw, f) KW_INIT_DELAYED_WORK_ONSTACK(dw, f)
#define INIT_DEFERRABLE_WORK(dw, f) KW_INIT_DEFERRABLE_WORK(dw, f)
#define INIT_DEFERRABLE_WORK_ONSTACK(dw, f) KW_INIT_DEFERRABLE_WORK_ONSTACK(dw, f)
#define destroy_delayed_work_on_stack(dw) kw_destroy_delayed_work_on_stack(dw)
#define to_delayed_work(w) kw_to_delayed_work(w)
#define work_pending(w) kw_work_pending(w)
#define delayed_work_pending(dw) kw_delayed_work_pending(dw)
#define delayed_work_timer_fn kw_delayed_work_timer_fn

#define alloc_workqueue(fmt, flags, max, ...) \
	kw_alloc_workqueue(fmt, flags, max, ##__VA_ARGS__)
#define alloc_ordered_workqueue(fmt, flags, ...) \
	kw_alloc_ordered_workqueue(fmt, flags, ##__VA_ARGS__)
#define create_workqueue(name) kw_create_workqueue(name)
#define create_freezable_workqueue(name) kw_create_freezable_workqueue(name)
#define create_singlethread_workqueue(name) kw_create_singlethread_workqueue(name)
#define destroy_workqueue(wq) kw_destroy_workqueue(wq)
#define workqueue_set_max_active(wq, m) kw_workqueue_set_max_active(wq, m)
#define workqueue_congested(cpu, wq) kw_workqueue_congested(cpu, wq)
#define queue_work_on(cpu, wq, w) kw_queue_work_on(cpu, wq, w)
#define queue_work(wq, w) kw_queue_work(wq, w)
#define queue_work_node(node, wq, w) kw_queue_work_node(node, wq, w)
#define schedule_work_on(cpu, w) kw_schedule_work_on(cpu, w)
#define schedule_work(w) kw_schedule_work(w)
#define flush_work(w) kw_flush_work(w)
#define flush_workqueue(wq) kw_flush_workqueue(wq)
#define drain_workqueue(wq) kw_drain_workqueue(wq)
#define flush_scheduled_work() kw_flush_scheduled_work()
#define cancel_work(w) kw_cancel_work(w)
#define cancel_work_sync(w) kw_cancel_work_sync(w)
#define disable_work(w) kw_disable_work(w)
#define disable_work_sync(w) kw_disable_work_sync(w)
#define enable_work(w) kw_enable_work(w)
#define enable_and_queue_work(wq, w) kw_enable_and_queue_work(wq, w)
#define work_busy(w) kw_work_busy(w)
#define current_work() kw_current_work()
#define current_is_workqueue_rescuer() kw_current_is_workqueue_rescuer()
#define queue_delayed_work_on(cpu, wq, dw, d) kw_queue_delayed_work_on(cpu, wq, dw, d)
#define queue_delayed_work(wq, dw, d) kw_queue_delayed_work(wq, dw, d)
#define mod_delayed_work_on(cpu, wq, dw, d) kw_mod_delayed_work_on(cpu, wq, dw, d)
#define mod_delayed_work(wq, dw, d) kw_mod_delayed_work(wq, dw, d)
#define schedule_delayed_work_on(cpu, dw, d) kw_schedule_delayed_work_on(cpu, dw, d)
#define schedule_delayed_work(dw, d) kw_schedule_delayed_work(dw, d)
#define flush_delayed_work(dw) kw_flush_delayed_work(dw)
#define cancel_delayed_work(dw) kw_cancel_delayed_work(dw)
#define cancel_delayed_work_sync(dw) kw_cancel_delayed_work_sync(dw)
#define disable_delayed_work(dw) kw_disable_delayed_work(dw)
#define disable_delayed_work_sync(dw) kw_disable_delayed_work_sync(dw)
#define enable_delayed_work(dw) kw_enable_delayed_work(dw)

#define system_wq (kw_system_wq())
#define system_percpu_wq (kw_system_percpu_wq())
#define system_highpri_wq (kw_system_highpri_wq())
#define system_long_wq (kw_system_long_wq())
#define system_unbound_wq (kw_system_unbound_wq())
#define system_dfl_wq (kw_system_dfl_wq())
#define system_freezable_wq (kw_system_freezable_wq())
#define system_power_efficient_wq (kw_system_power_efficient_wq())
#define system_freezable_power_efficient_wq \
	(kw_system_freezable_power_efficient_wq())
#define rcu_work kw_rcu_work
#define INIT_RCU_WORK(rw, f) KW_INIT_RCU_WORK(rw, f)
#define INIT_RCU_WORK_ONSTACK(rw, f) KW_INIT_RCU_WORK_ONSTACK(rw, f)
#define to_rcu_work(w) kw_to_rcu_work(w)
#define queue_rcu_work(wq, rw) kw_queue_rcu_work(wq, rw)
#define flush_rcu_work(rw) kw_flush_rcu_work(rw)
#define schedule_on_each_cpu(f) kw_schedule_on_each_cpu(f)
#define work_on_cpu(cpu, fn, arg) kw_work_on_cpu(cpu, fn, arg)
#define work_on_cpu_safe(cpu, fn, arg) kw_work_on_cpu_safe(cpu, fn, arg)
/*
 * BH workqueues run items in softirq context, which a process does not have:
 * naming one is a compile error that says so (alloc_workqueue(WQ_BH) is
 * refused at run time). See docs/workqueue.md.
 */
#define KW__NO_BH_WQ(name)                                                  \
	({                                                                  \
		_Static_assert(0, "kwork: " name " is not available: BH "  \
			       "workqueues need softirq context, which a " \
			       "process lacks; use system_highpri_wq");    \
		(struct kw_workqueue *)0;                                   \
	})
#define system_bh_wq KW__NO_BH_WQ("system_bh_wq")
#define system_bh_highpri_wq KW__NO_BH_WQ("system_bh_highpri_wq")
#define wq_watchdog_touch(cpu) kw_wq_watchdog_touch(cpu)
#define set_worker_desc(...) kw_set_worker_desc(__VA_ARGS__)
#define print_worker_info(lvl, t) kw_print_worker_info(lvl, t)
#define show_all_workqueues() kw_show_all_workqueues()
#define show_one_workqueue(wq) kw_show_one_workqueue(wq)

#endif /* KWORK_LINUX_WORKQUEUE_H */
