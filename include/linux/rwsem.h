/* linux/rwsem.h - struct rw_semaphore over kwork/sync.h (sleeping). */
#ifndef KWORK_LINUX_RWSEM_H
#define KWORK_LINUX_RWSEM_H

#include <linux/types.h>
#include <kwork/sync.h>
#include <linux/cleanup.h>
#include <linux/lockdep.h>

#define rw_semaphore kw_rw_semaphore
#define __RWSEM_INITIALIZER(name) KW_RWSEM_INITIALIZER(name)
#define DECLARE_RWSEM(name) \
	struct kw_rw_semaphore name = KW_RWSEM_INITIALIZER(name)
#define init_rwsem(s) kw_init_rwsem(s)
#define down_read(s) kw_down_read(s)
#define up_read(s) kw_up_read(s)
#define down_write(s) kw_down_write(s)
#define up_write(s) kw_up_write(s)
#define down_read_trylock(s) kw_down_read_trylock(s)
#define down_write_trylock(s) kw_down_write_trylock(s)
#define downgrade_write(s) kw_downgrade_write(s)
#define rwsem_is_locked(s) (__atomic_load_n(&(s)->count, __ATOMIC_RELAXED) != 0)

DEFINE_GUARD(rwsem_read, struct kw_rw_semaphore *, down_read(_T), up_read(_T))
DEFINE_GUARD_COND(rwsem_read, _try, down_read_trylock(_T))
DEFINE_GUARD(rwsem_write, struct kw_rw_semaphore *, down_write(_T), up_write(_T))
DEFINE_GUARD_COND(rwsem_write, _try, down_write_trylock(_T))

#endif /* KWORK_LINUX_RWSEM_H */
