/*
 * linux/interrupt.h - tasklets, bottom halves, and request_irq (rejected).
 *
 * Compat layer over kwork/softirq.h (docs/compat.md). Tasklets run on one
 * "ksoftirqd/N" thread per virtual CPU, with the kernel's semantics.
 * DECLARE_TASKLET takes (name, callback) as in 5.9+; the 3-argument form
 * (name, func, data) of older kernels is accepted too, as is
 * DECLARE_TASKLET_OLD. There is no hardware: request_irq() fails with
 * -ENOSYS and a log line saying so.
 */
#ifndef KWORK_LINUX_INTERRUPT_H
#define KWORK_LINUX_INTERRUPT_H

#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/bottom_half.h>
#include <kwork/softirq.h>

/* ---- tasklets ---------------------------------------------------------------- */

#define tasklet_struct kw_tasklet
#define TASKLET_STATE_SCHED KW_TASKLET_STATE_SCHED
#define TASKLET_STATE_RUN KW_TASKLET_STATE_RUN

#define KW__TASKLET_PICK(_1, _2, _3, name, ...) name
#define KW__DECLARE_TASKLET2(name, cb, cnt) \
	struct kw_tasklet name = KW_TASKLET_INIT(cb, cnt)
#define KW__DECLARE_TASKLET3(name, fn, data, cnt) \
	struct kw_tasklet name = KW_TASKLET_INIT_OLD(fn, data, cnt)
#define KW__DECLARE_TASKLET_ON(name, cnt, ...)                                 \
	KW__TASKLET_PICK(name, __VA_ARGS__, KW__DECLARE_TASKLET3,              \
			 KW__DECLARE_TASKLET2, )(name, __VA_ARGS__, cnt)

#define DECLARE_TASKLET(name, ...) KW__DECLARE_TASKLET_ON(name, 0, __VA_ARGS__)
#define DECLARE_TASKLET_DISABLED(name, ...) \
	KW__DECLARE_TASKLET_ON(name, 1, __VA_ARGS__)
#define DECLARE_TASKLET_OLD(name, fn) \
	struct kw_tasklet name = KW_TASKLET_INIT_OLD(fn, 0, 0)
#define DECLARE_TASKLET_DISABLED_OLD(name, fn) \
	struct kw_tasklet name = KW_TASKLET_INIT_OLD(fn, 0, 1)

#define from_tasklet(var, t, field) kw_from_tasklet(var, t, field)
#define tasklet_setup(t, cb) kw_tasklet_setup(t, cb)
#define tasklet_init(t, fn, data) kw_tasklet_init(t, fn, data)
#define tasklet_schedule(t) kw_tasklet_schedule(t)
#define tasklet_hi_schedule(t) kw_tasklet_hi_schedule(t)
#define tasklet_disable_nosync(t) kw_tasklet_disable_nosync(t)
#define tasklet_disable(t) kw_tasklet_disable(t)
#define tasklet_enable(t) kw_tasklet_enable(t)
#define tasklet_kill(t) kw_tasklet_kill(t)
#define tasklet_trylock(t) kw_tasklet_trylock(t)
#define tasklet_unlock(t) kw_tasklet_unlock(t)
#define tasklet_unlock_wait(t) kw_tasklet_unlock_wait(t)
#define tasklet_unlock_spin_wait(t) kw_tasklet_unlock_spin_wait(t)
#define tasklet_disable_in_atomic(t) kw_tasklet_disable_in_atomic(t)

/* ---- hardware interrupts: none ------------------------------------------------ */

typedef enum irqreturn {
	IRQ_NONE = 0,
	IRQ_HANDLED = 1,
	IRQ_WAKE_THREAD = 2,
} irqreturn_t;
#define IRQ_RETVAL(x) ((x) ? IRQ_HANDLED : IRQ_NONE)
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_SHARED 0x00000080u
#define IRQF_ONESHOT 0x00002000u
#define IRQF_TRIGGER_NONE 0x00000000u
#define IRQF_TRIGGER_RISING 0x00000001u
#define IRQF_TRIGGER_FALLING 0x00000002u
#define IRQF_TRIGGER_HIGH 0x00000004u
#define IRQF_TRIGGER_LOW 0x00000008u

/* Always -ENOSYS: a process has no interrupt lines (docs/compat.md). */
#define request_irq(irq, handler, flags, name, dev)                          \
	((void)(irq_handler_t)(handler), (void)(flags), (void)(dev),          \
	 kw_request_irq(irq, name))
#define request_threaded_irq(irq, handler, thread_fn, flags, name, dev)      \
	((void)(irq_handler_t)(handler), (void)(irq_handler_t)(thread_fn),    \
	 (void)(flags), (void)(dev), kw_request_irq(irq, name))
#define free_irq(irq, dev) ((void)(dev), kw_free_irq(irq))

#endif /* KWORK_LINUX_INTERRUPT_H */
