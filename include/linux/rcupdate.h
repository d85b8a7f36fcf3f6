/*
 * linux/rcupdate.h - RCU over kwork/rcu.h: read-side sections, a real grace
 * period (synchronize_rcu waits for every reader that started before it),
 * call_rcu callbacks on the rcu_cb thread, rcu_barrier, kfree_rcu.
 *
 * Pointer publication: rcu_assign_pointer releases, rcu_dereference is a
 * consume (acquire) load. The _protected/_check conditions are evaluated
 * and ignored (the kernel checks them with lockdep only).
 */
#ifndef KWORK_LINUX_RCUPDATE_H
#define KWORK_LINUX_RCUPDATE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <kwork/rcu.h>
#include <linux/lockdep.h>

#define rcu_head kw_rcu_head
typedef void (*rcu_callback_t)(struct rcu_head *head);

#define rcu_read_lock() kw_rcu_read_lock()
#define rcu_read_unlock() kw_rcu_read_unlock()
#define rcu_read_lock_held() kw_rcu_read_lock_held()
#define rcu_read_lock_bh() kw_rcu_read_lock()
#define rcu_read_unlock_bh() kw_rcu_read_unlock()
#define rcu_read_lock_sched() kw_rcu_read_lock()
#define rcu_read_unlock_sched() kw_rcu_read_unlock()
#define synchronize_rcu() kw_synchronize_rcu()
#define synchronize_rcu_expedited() kw_synchronize_rcu()
#define call_rcu(head, func) kw_call_rcu(head, func)
#define rcu_barrier() kw_rcu_barrier()

#define rcu_access_pointer(p) __atomic_load_n(&(p), __ATOMIC_RELAXED)
#define rcu_dereference(p) __atomic_load_n(&(p), __ATOMIC_CONSUME)
#define rcu_dereference_raw(p) rcu_dereference(p)
#define rcu_dereference_bh(p) rcu_dereference(p)
#define rcu_dereference_sched(p) rcu_dereference(p)
#define rcu_dereference_check(p, c) ((void)(c), rcu_dereference(p))
#define rcu_dereference_protected(p, c) ((void)(c), rcu_access_pointer(p))
#define rcu_assign_pointer(p, v)                                           \
	__atomic_store_n(&(p), (__typeof__(p))(v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v)                                             \
	__atomic_store_n(&(p), (__typeof__(p))(v), __ATOMIC_RELAXED)
#define RCU_INITIALIZER(v) (v)
#define rcu_replace_pointer(p, v, c)                                       \
	({                                                                 \
		__typeof__(p) __kw_old = rcu_dereference_protected(p, c);  \
		rcu_assign_pointer(p, v);                                  \
		__kw_old;                                                  \
	})

/* kfree_rcu(ptr, field): kfree(ptr) after a grace period (field: its rcu_head). */
#define kfree_rcu(ptr, rhf)                                                \
	kw__kvfree_rcu(&(ptr)->rhf, offsetof(__typeof__(*(ptr)), rhf), false)
#define kvfree_rcu(ptr, rhf)                                               \
	kw__kvfree_rcu(&(ptr)->rhf, offsetof(__typeof__(*(ptr)), rhf), true)
/* No rcu_head: wait for the grace period here, then free. May sleep. */
#define kfree_rcu_mightsleep(ptr) do { synchronize_rcu(); kfree(ptr); } while (0)
#define kvfree_rcu_mightsleep(ptr) do { synchronize_rcu(); kvfree(ptr); } while (0)

#endif /* KWORK_LINUX_RCUPDATE_H */
