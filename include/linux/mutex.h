/* linux/mutex.h - struct mutex over kwork/sync.h. */
#ifndef KWORK_LINUX_MUTEX_H
#define KWORK_LINUX_MUTEX_H

#include <linux/types.h>
#include <kwork/sync.h>
#include <linux/cleanup.h>
#include <linux/lockdep.h>

#define mutex kw_mutex
#define __MUTEX_INITIALIZER(name) KW_MUTEX_INITIALIZER(name)
#define DEFINE_MUTEX(name) struct kw_mutex name = KW_MUTEX_INITIALIZER(name)
#define mutex_init(m) kw_mutex_init(m, #m)
#define mutex_destroy(m) kw_mutex_destroy(m)
#define mutex_lock(m) kw_mutex_lock(m)
#define mutex_lock_interruptible(m) kw_mutex_lock_interruptible(m)
#define mutex_lock_killable(m) kw_mutex_lock_killable(m)
#define mutex_trylock(m) kw_mutex_trylock(m)
#define mutex_unlock(m) kw_mutex_unlock(m)
#define mutex_is_locked(m) kw_mutex_is_locked(m)

DEFINE_GUARD(mutex, struct kw_mutex *, mutex_lock(_T), mutex_unlock(_T))
DEFINE_GUARD_COND(mutex, _try, mutex_trylock(_T))
DEFINE_GUARD_COND(mutex, _intr, mutex_lock_interruptible(_T) == 0)

#endif /* KWORK_LINUX_MUTEX_H */
