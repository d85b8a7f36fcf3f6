/* linux/hardirq.h - the in_*() context queries (linux/preempt.h). */
#ifndef KWORK_LINUX_HARDIRQ_H
#define KWORK_LINUX_HARDIRQ_H
#include <linux/preempt.h>
#endif
