/* linux/rwlock.h - rwlock_t (defined with spinlock_t in linux/spinlock.h). */
#ifndef KWORK_LINUX_RWLOCK_H
#define KWORK_LINUX_RWLOCK_H
#include <linux/spinlock.h>
#endif
