/* linux/delay.h - sleeping and busy-waiting delays. */
#ifndef KWORK_LINUX_DELAY_H
#define KWORK_LINUX_DELAY_H

#include <kwork/time.h>
#include <kwork/task.h>

#define msleep(ms) kw_msleep(ms)
#define msleep_interruptible(ms) kw_msleep_interruptible(ms)
#define ssleep(s) kw_ssleep(s)
#define usleep_range(lo, hi) kw_usleep_range(lo, hi)
#define usleep_range_state(lo, hi, st) kw_usleep_range_state(lo, hi, st)
/* usleep_range_idle: as usleep_range, in TASK_IDLE (no load contribution). */
#define usleep_range_idle(lo, hi) kw_usleep_range_state(lo, hi, KW_TASK_IDLE)
#define fsleep(us) kw_fsleep(us)
#define ndelay(ns) kw_ndelay(ns)
#define udelay(us) kw_udelay(us)
#define mdelay(ms) kw_mdelay(ms)

#endif /* KWORK_LINUX_DELAY_H */
