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

#define WORK_CPU_UNBOUND ((int)KW_WORK_CPU_UNBOUND)
#define WORK_BUSY_PENDING ((int)KW_WORK_BUSY_PENDING)
#define WORK_BUSY_RUNNING ((int)KW_WORK_BUSY_RUNNING)
#define WQ_BH ((int)KW_WQ_BH)
#define WQ_UNBOUND ((int)KW_WQ_UNBOUND)
#define WQ_FREEZABLE ((int)KW_WQ_FREEZABLE)
#define WQ_MEM_RECLAIM ((int)KW_WQ_MEM_RECLAIM)
#define WQ_HIGHPRI ((int)KW_WQ_HIGHPRI)
#define WQ_CPU_INTENSIVE ((int)KW_WQ_CPU_INTENSIVE)
#define WQ_SYSFS ((int)KW_WQ_SYSFS)
#define WQ_POWER_EFFICIENT ((int)KW_WQ_POWER_EFFICIENT)
#define WQ_PERCPU ((int)KW_WQ_PERCPU)
#define WQ_MAX_ACTIVE ((int)KW_WQ_MAX_ACTIVE)
#define WQ_UNBOUND_MAX_ACTIVE ((int)KW_WQ_UNBOUND_MAX_ACTIVE)
#define WQ_DFL_ACTIVE ((int)KW_WQ_DFL_ACTIVE)
#define WQ_NAME_LEN KW_WQ_NAME_LEN

#define __WORK_INITIALIZER(n, f) KW_WORK_INITIALIZER(n, f)
#define __DELAYED_WORK_INITIALIZER(n, f, tflags) \
	KW_DELAYED_WORK_INITIALIZER(n, f, tflags)
#define DECLARE_WORK(n, f) KW_DECLARE_WORK(n, f)
#define DECLARE_DELAYED_WORK(n, f) KW_DECLARE_DELAYED_WORK(n, f)
#define DECLARE_DEFERRABLE_WORK(n, f) KW_DECLARE_DEFERRABLE_WORK(n, f)
#define INIT_WORK(w, f) KW_INIT_WORK(w, f)
#define INIT_WORK_ONSTACK(w, f) KW_INIT_WORK_ONSTACK(w, f)
#define destroy_work_on_stack kw_destroy_work_on_stack
#define INIT_DELAYED_WORK(dw, f) KW_INIT_DELAYED_WORK(dw, f)
#define INIT_DELAYED_WORK_ONSTACK(dw, f) KW_INIT_DELAYED_WORK_ONSTACK(dw, f)
#define INIT_DEFERRABLE_WORK(dw, f) KW_INIT_DEFERRABLE_WORK(dw, f)
#define INIT_DEFERRABLE_WORK_ONSTACK(dw, f) KW_INIT_DEFERRABLE_WORK_ONSTACK(dw, f)
#define destroy_delayed_work_on_stack kw_destroy_delayed_work_on_stack
#define to_delayed_work kw_to_delayed_work
#define work_pending kw_work_pending
#define delayed_work_pending kw_delayed_work_pending
#define delayed_work_timer_fn kw_delayed_work_timer_fn

#define alloc_workqueue kw_alloc_workqueue
#define alloc_ordered_workqueue(fmt, flags, ...) \
	kw_alloc_ordered_workqueue(fmt, flags, ##__VA_ARGS__)
#define create_workqueue kw_create_workqueue
#define create_freezable_workqueue kw_create_freezable_workqueue
#define create_singlethread_workqueue kw_create_singlethread_workqueue
#define destroy_workqueue kw_destroy_workqueue
#define workqueue_set_max_active kw_workqueue_set_max_active
#define workqueue_congested kw_workqueue_congested
#define queue_work_on kw_queue_work_on
#define queue_work kw_queue_work
#define queue_work_node kw_queue_work_node
#define schedule_work_on kw_schedule_work_on
#define schedule_work kw_schedule_work
#define flush_work kw_flush_work
#define flush_workqueue kw_flush_workqueue
#define drain_workqueue kw_drain_workqueue
#define flush_scheduled_work kw_flush_scheduled_work
#define cancel_work kw_cancel_work
#define cancel_work_sync kw_cancel_work_sync
#define disable_work kw_disable_work
#define disable_work_sync kw_disable_work_sync
#define enable_work kw_enable_work
#define enable_and_queue_work kw_enable_and_queue_work
#define work_busy kw_work_busy
#define current_work kw_current_work
#define current_is_workqueue_rescuer kw_current_is_workqueue_rescuer
#define queue_delayed_work_on kw_queue_delayed_work_on
#define queue_delayed_work kw_queue_delayed_work
#define mod_delayed_work_on kw_mod_delayed_work_on
#define mod_delayed_work kw_mod_delayed_work
#define schedule_delayed_work_on kw_schedule_delayed_work_on
#define schedule_delayed_work kw_schedule_delayed_work
#define flush_delayed_work kw_flush_delayed_work
#define cancel_delayed_work kw_cancel_delayed_work
#define cancel_delayed_work_sync kw_cancel_delayed_work_sync
#define disable_delayed_work kw_disable_delayed_work
#define disable_delayed_work_sync kw_disable_delayed_work_sync
#define enable_delayed_work kw_enable_delayed_work

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
#define to_rcu_work kw_to_rcu_work
#define queue_rcu_work kw_queue_rcu_work
#define flush_rcu_work kw_flush_rcu_work
#define schedule_on_each_cpu kw_schedule_on_each_cpu
#define work_on_cpu kw_work_on_cpu
#define work_on_cpu_safe kw_work_on_cpu_safe
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
#define wq_watchdog_touch kw_wq_watchdog_touch
#define set_worker_desc kw_set_worker_desc
#define print_worker_info kw_print_worker_info
#define show_all_workqueues kw_show_all_workqueues
#define show_one_workqueue kw_show_one_workqueue

#endif /* KWORK_LINUX_WORKQUEUE_H */
