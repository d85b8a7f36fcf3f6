/* linux/sched/task.h - get/put_task_struct (in linux/sched.h). */
#ifndef KWORK_LINUX_SCHED_TASK_H
#define KWORK_LINUX_SCHED_TASK_H
#include <linux/sched.h>
#endif
