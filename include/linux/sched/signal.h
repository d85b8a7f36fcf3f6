/* linux/sched/signal.h - signal_pending (in linux/sched.h). */
#ifndef KWORK_LINUX_SCHED_SIGNAL_H
#define KWORK_LINUX_SCHED_SIGNAL_H
#include <linux/sched.h>
#endif
