/* linux/delay.h - sleeping and busy-waiting delays. */
#ifndef KWORK_LINUX_DELAY_H
#define KWORK_LINUX_DELAY_H

#include <kwork/time.h>
#include <kwork/task.h>

#define msleep kw_msleep
#define msleep_interruptible kw_msleep_interruptible
#define ssleep kw_ssleep
#define usleep_range kw_usleep_range
#define usleep_range_state kw_usleep_range_state
/* usleep_range_idle: as usleep_range, in TASK_IDLE (no load contribution). */
#define usleep_range_idle(lo, hi) kw_usleep_range_state(lo, hi, KW_TASK_IDLE)
#define fsleep kw_fsleep
#define ndelay kw_ndelay
#define udelay kw_udelay
#define mdelay kw_mdelay

#endif /* KWORK_LINUX_DELAY_H */
