/*
 * linux/freezer.h - the system freezer (suspend). A process is never
 * suspended, so nothing is ever frozen: freezing() is false and
 * try_to_freeze() returns false at once, after the kernel's might_sleep()
 * check. set_freezable() clears PF_NOFREEZE as in the kernel.
 */
#ifndef KWORK_LINUX_FREEZER_H
#define KWORK_LINUX_FREEZER_H

#include <linux/sched.h>

#define set_freezable() ((void)(kw_current()->flags &= ~KW_PF_NOFREEZE))
#define freezing(p) ((void)(p), false)
#define frozen(p) ((void)(p), false)
#define try_to_freeze() ({ kw_might_sleep(); false; })

#endif /* KWORK_LINUX_FREEZER_H */
