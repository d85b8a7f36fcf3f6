/* linux/kthread.h - kthreads and kthread_worker over the kwork API. */
#ifndef KWORK_LINUX_KTHREAD_H
#define KWORK_LINUX_KTHREAD_H

#include <linux/err.h>
#include <linux/sched.h>
#include <linux/completion.h>
#include <linux/timer.h>
#include <kwork/kthread.h>
#include <kwork/kthread_worker.h>

#define kthread_create_on_node(fn, data, node, ...) \
	kw_kthread_create_on_node(fn, data, node, __VA_ARGS__)
#define kthread_create(fn, data, ...) kw_kthread_create(fn, data, __VA_ARGS__)
#define kthread_run(fn, data, ...) kw_kthread_run(fn, data, __VA_ARGS__)
#define kthread_create_on_cpu(fn, data, cpu, fmt) \
	kw_kthread_create_on_cpu(fn, data, cpu, fmt)
#define kthread_run_on_cpu(fn, data, cpu, fmt) \
	kw_kthread_run_on_cpu(fn, data, cpu, fmt)
#define kthread_bind(k, cpu) kw_kthread_bind(k, cpu)
#define kthread_bind_mask(k, m) kw_kthread_bind_mask(k, m)
#define kthread_stop(k) kw_kthread_stop(k)
#define kthread_stop_put(k) kw_kthread_stop_put(k)
#define kthread_should_stop() kw_kthread_should_stop()
#define kthread_should_park() kw_kthread_should_park()
#define kthread_should_stop_or_park() kw_kthread_should_stop_or_park()
#define kthread_freezable_should_stop(f) kw_kthread_freezable_should_stop(f)
#define kthread_park(k) kw_kthread_park(k)
#define kthread_unpark(k) kw_kthread_unpark(k)
#define kthread_parkme() kw_kthread_parkme()
#define kthread_data(k) kw_kthread_data(k)
#define kthread_func(k) kw_kthread_func(k)
#define is_kthread(k) kw_is_kthread(k)
#define kthread_exit(code) kw_kthread_exit(code)
#define kthread_complete_and_exit(c, code) kw_kthread_complete_and_exit(c, code)
#define complete_and_exit(c, code) kw_kthread_complete_and_exit(c, code)
#define get_kthread_comm(buf, size, k) kw_get_kthread_comm(buf, size, k)

#define kthread_worker kw_kthread_worker
#define kthread_work kw_kthread_work
#define kthread_delayed_work kw_kthread_delayed_work
typedef kw_kthread_work_func_t kthread_work_func_t;
#define KTW_FREEZABLE KW_KTW_FREEZABLE
#define KTHREAD_WORKER_INIT(w) KW_KTHREAD_WORKER_INIT(w)
#define DEFINE_KTHREAD_WORKER(w) KW_DEFINE_KTHREAD_WORKER(w)
#define KTHREAD_WORK_INIT(w, fn) KW_KTHREAD_WORK_INIT(w, fn)
#define DEFINE_KTHREAD_WORK(w, fn) KW_DEFINE_KTHREAD_WORK(w, fn)
#define KTHREAD_DELAYED_WORK_INIT(w, fn) KW_KTHREAD_DELAYED_WORK_INIT(w, fn)
#define DEFINE_KTHREAD_DELAYED_WORK(w, fn) KW_DEFINE_KTHREAD_DELAYED_WORK(w, fn)
#define kthread_init_worker(w) kw_kthread_init_worker(w)
#define kthread_init_work(w, fn) kw_kthread_init_work(w, fn)
#define kthread_init_delayed_work(w, fn) kw_kthread_init_delayed_work(w, fn)
#define kthread_worker_fn kw_kthread_worker_fn
#define kthread_delayed_work_timer_fn kw_kthread_delayed_work_timer_fn
#define kthread_create_worker(flags, ...) kw_kthread_create_worker(flags, __VA_ARGS__)
#define kthread_run_worker(flags, ...) kw_kthread_run_worker(flags, __VA_ARGS__)
#define kthread_create_worker_on_node(flags, node, ...) \
	kw_kthread_create_worker_on_node(flags, node, __VA_ARGS__)
#define kthread_create_worker_on_cpu(cpu, flags, ...) \
	kw_kthread_create_worker_on_cpu(cpu, flags, __VA_ARGS__)
#define kthread_destroy_worker(w) kw_kthread_destroy_worker(w)
#define kthread_queue_work(w, wk) kw_kthread_queue_work(w, wk)
#define kthread_queue_delayed_work(w, dw, d) kw_kthread_queue_delayed_work(w, dw, d)
#define kthread_mod_delayed_work(w, dw, d) kw_kthread_mod_delayed_work(w, dw, d)
#define kthread_flush_work(wk) kw_kthread_flush_work(wk)
#define kthread_flush_worker(w) kw_kthread_flush_worker(w)
#define kthread_cancel_work_sync(wk) kw_kthread_cancel_work_sync(wk)
#define kthread_cancel_delayed_work_sync(dw) kw_kthread_cancel_delayed_work_sync(dw)

#endif /* KWORK_LINUX_KTHREAD_H */
