/* linux/spinlock.h - spinlock_t and rwlock_t over kwork/sync.h. */
#ifndef KWORK_LINUX_SPINLOCK_H
#define KWORK_LINUX_SPINLOCK_H

#include <linux/types.h>
#include <kwork/sync.h>
#include <kwork/task.h>
#include <kwork/softirq.h>
#include <linux/cleanup.h>
#include <linux/lockdep.h>

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
/*
 * No interrupts in a process: the _irq forms record "interrupts off" for
 * irqs_disabled() (kwork/softirq.h), the _bh forms enter a bottom-half-off
 * section (in_softirq() true); both then take the lock.
 */
#define spin_lock_irq(l) do { kw_local_irq_disable(); kw_spin_lock(l); } while (0)
#define spin_unlock_irq(l) do { kw_spin_unlock(l); kw_local_irq_enable(); } while (0)
#define spin_lock_bh(l) do { kw_local_bh_disable(); kw_spin_lock(l); } while (0)
#define spin_unlock_bh(l) do { kw_spin_unlock(l); kw_local_bh_enable(); } while (0)
#define spin_lock_irqsave(l, flags) \
	do { (flags) = kw_local_irq_save(); kw_spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) \
	do { kw_spin_unlock(l); kw_local_irq_restore(flags); } while (0)
#define raw_spin_lock_init(l) kw_spin_lock_init(l)
#define raw_spin_lock(l) kw_spin_lock(l)
#define raw_spin_unlock(l) kw_spin_unlock(l)
#define raw_spin_lock_irqsave(l, f) spin_lock_irqsave(l, f)
#define raw_spin_unlock_irqrestore(l, f) spin_unlock_irqrestore(l, f)
#define raw_spin_lock_irq(l) spin_lock_irq(l)
#define raw_spin_unlock_irq(l) spin_unlock_irq(l)
#define raw_spin_trylock(l) kw_spin_trylock(l)
#define spin_trylock_bh(l) \
	({ kw_local_bh_disable(); kw_spin_trylock(l) ? 1 : (kw_local_bh_enable(), 0); })
#define spin_trylock_irqsave(l, f) \
	({ (f) = kw_local_irq_save(); kw_spin_trylock(l) ? 1 : (kw_local_irq_restore(f), 0); })

#define DEFINE_RWLOCK(name) kw_rwlock_t name = KW_RWLOCK_INIT
#define rwlock_init(l) kw_rwlock_init(l)
#define read_lock(l) kw_read_lock(l)
#define read_unlock(l) kw_read_unlock(l)
#define write_lock(l) kw_write_lock(l)
#define write_unlock(l) kw_write_unlock(l)
#define read_trylock(l) kw_read_trylock(l)
#define write_trylock(l) kw_write_trylock(l)
#define read_lock_bh(l) do { kw_local_bh_disable(); kw_read_lock(l); } while (0)
#define read_unlock_bh(l) do { kw_read_unlock(l); kw_local_bh_enable(); } while (0)
#define write_lock_bh(l) do { kw_local_bh_disable(); kw_write_lock(l); } while (0)
#define write_unlock_bh(l) do { kw_write_unlock(l); kw_local_bh_enable(); } while (0)
#define read_lock_irq(l) do { kw_local_irq_disable(); kw_read_lock(l); } while (0)
#define read_unlock_irq(l) do { kw_read_unlock(l); kw_local_irq_enable(); } while (0)
#define write_lock_irq(l) do { kw_local_irq_disable(); kw_write_lock(l); } while (0)
#define write_unlock_irq(l) do { kw_write_unlock(l); kw_local_irq_enable(); } while (0)
#define read_lock_irqsave(l, f) \
	do { (f) = kw_local_irq_save(); kw_read_lock(l); } while (0)
#define read_unlock_irqrestore(l, f) \
	do { kw_read_unlock(l); kw_local_irq_restore(f); } while (0)
#define write_lock_irqsave(l, f) \
	do { (f) = kw_local_irq_save(); kw_write_lock(l); } while (0)
#define write_unlock_irqrestore(l, f) \
	do { kw_write_unlock(l); kw_local_irq_restore(f); } while (0)

DEFINE_LOCK_GUARD_1(spinlock, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1_COND(spinlock, _try, spin_trylock(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irq, spinlock_t, spin_lock_irq(_T->lock),
		    spin_unlock_irq(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_bh, spinlock_t, spin_lock_bh(_T->lock),
		    spin_unlock_bh(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irqsave, spinlock_t,
		    spin_lock_irqsave(_T->lock, _T->flags),
		    spin_unlock_irqrestore(_T->lock, _T->flags), unsigned long flags)
DEFINE_LOCK_GUARD_1_COND(spinlock_irqsave, _try,
			 spin_trylock_irqsave(_T->lock, _T->flags))
DEFINE_LOCK_GUARD_1(raw_spinlock, raw_spinlock_t, raw_spin_lock(_T->lock),
		    raw_spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(raw_spinlock_irqsave, raw_spinlock_t,
		    raw_spin_lock_irqsave(_T->lock, _T->flags),
		    raw_spin_unlock_irqrestore(_T->lock, _T->flags), unsigned long flags)
DEFINE_LOCK_GUARD_1(read_lock, rwlock_t, read_lock(_T->lock), read_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(write_lock, rwlock_t, write_lock(_T->lock), write_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(write_lock_irqsave, rwlock_t,
		    write_lock_irqsave(_T->lock, _T->flags),
		    write_unlock_irqrestore(_T->lock, _T->flags), unsigned long flags)

#endif /* KWORK_LINUX_SPINLOCK_H */
