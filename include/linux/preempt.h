/*
 * linux/preempt.h - preempt_count and the in_*() context queries.
 *
 * Compat layer over kwork/task.h and kwork/softirq.h. There are no hard
 * interrupts or NMIs in a process: in_hardirq(), in_irq() and in_nmi() are
 * always false. in_softirq()/in_interrupt(): a timer or tasklet callback,
 * or a local_bh_disable() section; in_serving_softirq(): the callbacks only;
 * in_task(): neither callback (bh-disabled task code is still a task).
 */
#ifndef KWORK_LINUX_PREEMPT_H
#define KWORK_LINUX_PREEMPT_H

#include <kwork/task.h>
#include <kwork/softirq.h>

#define preempt_count() kw_preempt_count()
#define preempt_disable() kw_preempt_disable()
#define preempt_enable() kw_preempt_enable()
#define preempt_enable_no_resched() kw_preempt_enable()
#define preempt_disable_notrace() kw_preempt_disable()
#define preempt_enable_notrace() kw_preempt_enable()
#define in_atomic() (kw_preempt_count() != 0)
#define in_softirq() kw_in_softirq()
#define in_serving_softirq() kw_in_serving_softirq()
#define in_interrupt() kw_in_softirq()
#define in_hardirq() (false)
#define in_irq() (false)
#define in_nmi() (false)
#define in_task() (!kw_in_serving_softirq())
#define irqs_disabled() kw_irqs_disabled()

#endif /* KWORK_LINUX_PREEMPT_H */
