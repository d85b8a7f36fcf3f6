/*
 * softirq_internal.h - what the rest of libkwork needs from the softirq
 * layer.
 *
 * Layer: softirq (internal).
 */
#ifndef KWORK_SOFTIRQ_INTERNAL_H
#define KWORK_SOFTIRQ_INTERNAL_H

/*
 * kw__softirq_shutdown - stop and join every "ksoftirqd/N" thread that has
 * no tasklet scheduled (a CPU with tasklets still scheduled keeps its
 * thread: they still need it). A later schedule starts a new thread.
 * Context: may sleep; not from a tasklet (WARNs and returns).
 * For process teardown.
 */
void kw__softirq_shutdown(void);

#endif /* KWORK_SOFTIRQ_INTERNAL_H */
