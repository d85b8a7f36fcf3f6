/* linux/kthread.h - kthreads and kthread_worker over the kwork API. */
#ifndef KWORK_LINUX_KTHREAD_H
#define KWORK_LINUX_KTHREAD_H

#include <linux/err.h>
#include <linux/sched.h>
#include <linux/completion.h>
#include <linux/timer.h>
#include <kwork/kthread.h>
#include <kwork/kthread_worker.h>

#define kthread_create_on_node kw_kthread_create_on_node
#define kthread_create(fn, data, ...) kw_kthread_create(fn, data, __VA_ARGS__)
#define kthread_run(fn, data, ...) kw_kthread_run(fn, data, __VA_ARGS__)
#define kthread_create_on_cpu kw_kthread_create_on_cpu
#define kthread_run_on_cpu kw_kthread_run_on_cpu
#define kthread_bind kw_kthread_bind
#define kthread_bind_mask kw_kthread_bind_mask
#define kthread_stop kw_kthread_stop
#define kthread_stop_put kw_kthread_stop_put
#define kthread_should_stop kw_kthread_should_stop
#define kthread_should_park kw_kthread_should_park
#define kthread_should_stop_or_park kw_kthread_should_stop_or_park
#define kthread_freezable_should_stop kw_kthread_freezable_should_stop
#define kthread_park kw_kthread_park
#define kthread_unpark kw_kthread_unpark
#define kthread_parkme kw_kthread_parkme
#define kthread_data kw_kthread_data
#define kthread_func kw_kthread_func
/*
 * kthread_probe_data: the kernel's kthread_data() for a task that may not be
 * a kthread. kw_kthread_data() already answers NULL for those, and a task
 * pointer the caller holds is always readable here.
 */
#define kthread_probe_data kw_kthread_data
#define is_kthread kw_is_kthread
#define kthread_exit kw_kthread_exit
#define kthread_complete_and_exit kw_kthread_complete_and_exit
#define complete_and_exit kw_kthread_complete_and_exit
#define get_kthread_comm kw_get_kthread_comm

#define kthread_worker kw_kthread_worker
#define kthread_work kw_kthread_work
#define kthread_delayed_work kw_kthread_delayed_work
typedef kw_kthread_work_func_t kthread_work_func_t;
#define KTW_FREEZABLE ((int)KW_KTW_FREEZABLE)
#define KTHREAD_WORKER_INIT(w) KW_KTHREAD_WORKER_INIT(w)
#define DEFINE_KTHREAD_WORKER(w) KW_DEFINE_KTHREAD_WORKER(w)
#define KTHREAD_WORK_INIT(w, fn) KW_KTHREAD_WORK_INIT(w, fn)
#define DEFINE_KTHREAD_WORK(w, fn) KW_DEFINE_KTHREAD_WORK(w, fn)
#define KTHREAD_DELAYED_WORK_INIT(w, fn) KW_KTHREAD_DELAYED_WORK_INIT(w, fn)
#define DEFINE_KTHREAD_DELAYED_WORK(w, fn) KW_DEFINE_KTHREAD_DELAYED_WORK(w, fn)
#define kthread_init_worker kw_kthread_init_worker
#define kthread_init_work kw_kthread_init_work
#define kthread_init_delayed_work kw_kthread_init_delayed_work
#define kthread_worker_fn kw_kthread_worker_fn
#define kthread_delayed_work_timer_fn kw_kthread_delayed_work_timer_fn
#define kthread_create_worker kw_kthread_create_worker
#define kthread_run_worker kw_kthread_run_worker
#define kthread_create_worker_on_node kw_kthread_create_worker_on_node
#define kthread_create_worker_on_cpu kw_kthread_create_worker_on_cpu
#define kthread_run_worker_on_cpu kw_kthread_run_worker_on_cpu
#define kthread_destroy_worker kw_kthread_destroy_worker
#define kthread_queue_work kw_kthread_queue_work
#define kthread_queue_delayed_work kw_kthread_queue_delayed_work
#define kthread_mod_delayed_work kw_kthread_mod_delayed_work
#define kthread_flush_work kw_kthread_flush_work
#define kthread_flush_worker kw_kthread_flush_worker
#define kthread_cancel_work_sync kw_kthread_cancel_work_sync
#define kthread_cancel_delayed_work_sync kw_kthread_cancel_delayed_work_sync

#endif /* KWORK_LINUX_KTHREAD_H */
