/* asm/current.h - current: the calling thread's task_struct. */
#ifndef KWORK_ASM_CURRENT_H
#define KWORK_ASM_CURRENT_H

#include <kwork/task.h>

#define current (kw_current())
#define get_current() (kw_current())

#endif /* KWORK_ASM_CURRENT_H */
