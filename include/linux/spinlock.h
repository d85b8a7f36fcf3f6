/* linux/spinlock.h - spinlock_t and rwlock_t over kwork/sync.h. */
#ifndef KWORK_LINUX_SPINLOCK_H
#define KWORK_LINUX_SPINLOCK_H

#include <linux/types.h>
#include <kwork/sync.h>
#include <kwork/task.h>

typedef kw_spinlock_t spinlock_t;
typedef kw_spinlock_t raw_spinlock_t;
typedef kw_rwlock_t rwlock_t;

#define __SPIN_LOCK_UNLOCKED(name) KW_SPINLOCK_INIT
#define DEFINE_SPINLOCK(name) kw_spinlock_t name = KW_SPINLOCK_INIT
#define DEFINE_RAW_SPINLOCK(name) DEFINE_SPINLOCK(name)
#define spin_lock_init(l) kw_spin_lock_init(l)
#define spin_lock(l) kw_spin_lock(l)
#define spin_unlock(l) kw_spin_unlock(l)
#define spin_trylock(l) kw_spin_trylock(l)
#define spin_is_locked(l) kw_spin_is_locked(l)
/* No interrupts in userspace: the _irq/_bh forms only take the lock. */
#define spin_lock_irq(l) kw_spin_lock(l)
#define spin_unlock_irq(l) kw_spin_unlock(l)
#define spin_lock_bh(l) kw_spin_lock(l)
#define spin_unlock_bh(l) kw_spin_unlock(l)
#define spin_lock_irqsave(l, flags) \
	do { (flags) = 0; kw_spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) \
	do { (void)(flags); kw_spin_unlock(l); } while (0)
#define raw_spin_lock_init(l) kw_spin_lock_init(l)
#define raw_spin_lock(l) kw_spin_lock(l)
#define raw_spin_unlock(l) kw_spin_unlock(l)
#define raw_spin_lock_irqsave(l, f) spin_lock_irqsave(l, f)
#define raw_spin_unlock_irqrestore(l, f) spin_unlock_irqrestore(l, f)

#define DEFINE_RWLOCK(name) kw_rwlock_t name = KW_RWLOCK_INIT
#define rwlock_init(l) kw_rwlock_init(l)
#define read_lock(l) kw_read_lock(l)
#define read_unlock(l) kw_read_unlock(l)
#define write_lock(l) kw_write_lock(l)
#define write_unlock(l) kw_write_unlock(l)
#define read_trylock(l) kw_read_trylock(l)
#define write_trylock(l) kw_write_trylock(l)
#define read_lock_bh(l) kw_read_lock(l)
#define read_unlock_bh(l) kw_read_unlock(l)
#define write_lock_bh(l) kw_write_lock(l)
#define write_unlock_bh(l) kw_write_unlock(l)
#define read_lock_irqsave(l, f) do { (f) = 0; kw_read_lock(l); } while (0)
#define read_unlock_irqrestore(l, f) do { (void)(f); kw_read_unlock(l); } while (0)
#define write_lock_irqsave(l, f) do { (f) = 0; kw_write_lock(l); } while (0)
#define write_unlock_irqrestore(l, f) do { (void)(f); kw_write_unlock(l); } while (0)

#endif /* KWORK_LINUX_SPINLOCK_H */
