/* linux/sched/signal.h - signal_pending and the signal calls. */
#ifndef KWORK_LINUX_SCHED_SIGNAL_H
#define KWORK_LINUX_SCHED_SIGNAL_H
#include <linux/sched.h>
#include <linux/signal.h>
#endif
