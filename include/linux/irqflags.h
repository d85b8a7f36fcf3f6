/*
 * linux/irqflags.h - local_irq_disable/enable/save/restore.
 *
 * Compat layer over kwork/softirq.h: no interrupt exists to mask; the state
 * is tracked per thread (irqs_disabled() answers) and makes the caller
 * atomic, so sleeping with "interrupts off" WARNs as in the kernel.
 */
#ifndef KWORK_LINUX_IRQFLAGS_H
#define KWORK_LINUX_IRQFLAGS_H

#include <kwork/softirq.h>

#define local_irq_disable() kw_local_irq_disable()
#define local_irq_enable() kw_local_irq_enable()
#define local_irq_save(flags) do { (flags) = kw_local_irq_save(); } while (0)
#define local_irq_restore(flags) kw_local_irq_restore(flags)
#define irqs_disabled() kw_irqs_disabled()
#define irqs_disabled_flags(flags) ((flags) != 0)

#endif /* KWORK_LINUX_IRQFLAGS_H */
