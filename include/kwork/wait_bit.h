/*
 * kwork/wait_bit.h - waiting on a bit of a word, or on any variable, without
 * a wait queue head of one's own.
 *
 * Layer: task core (public API). Waiters sleep on one of a fixed table of
 * shared wait queue heads, chosen by hashing (word, bit) - a variable is
 * (var, -1). Their entries carry that key, and the wake functions skip the
 * entries whose key differs, so unrelated waiters that hash to the same head
 * are not woken (the kernel's wait_bit rules). A waker changes the bit or the
 * variable first, then calls the wake function; as in the kernel, the
 * waiters' condition is what they re-check.
 */
#ifndef KWORK_WAIT_BIT_H
#define KWORK_WAIT_BIT_H

#include <kwork/wait.h>

KW_BEGIN_DECLS

/* wait_bit_key: what a waiter waits on, and a waker wakes. */
struct kw_wait_bit_key {
	void *flags;		/* the word, or the variable */
	int bit_nr;		/* the bit; -1 for a variable */
};

/*
 * wait_bit_queue_entry: a wait queue entry with its key, on the stack of
 * the waiter (kw_init_wait_var_entry, or kw_wait_on_bit's own).
 */
struct kw_wait_bit_queue_entry {
	struct kw_wait_bit_key key;
	struct kw_wait_queue_entry wq_entry;
};

/*
 * kw_bit_waitqueue / kw___var_waitqueue - bit_waitqueue() / __var_waitqueue():
 * the shared head (word, bit) / var hashes to. Context: any. Return: the
 * head, never NULL (other keys may share it).
 */
KW_API struct kw_wait_queue_head *kw_bit_waitqueue(void *word, int bit);
KW_API struct kw_wait_queue_head *kw___var_waitqueue(void *var);

/*
 * Wake functions: wake (and unlink, as autoremove) only an entry with the
 * waker's key; kw_wake_bit_function also skips it while the bit is still
 * set. Context: wq->lock held. Return: as kw_autoremove_wake_function.
 */
KW_API int kw_wake_bit_function(struct kw_wait_queue_entry *e,
				unsigned int mode, int flags, void *key);
KW_API int kw_var_wake_function(struct kw_wait_queue_entry *e,
				unsigned int mode, int flags, void *key);

/*
 * kw_init_wait_var_entry - init_wait_var_entry(): set up wbq for the calling
 * task to wait on var with kw_var_wake_function; flags: 0 or
 * KW_WQ_FLAG_EXCLUSIVE. Context: any.
 */
KW_API void kw_init_wait_var_entry(struct kw_wait_bit_queue_entry *wbq,
				   void *var, unsigned int flags);

/*
 * kw___wake_up_bit - wake the waiters on (word, bit) queued on wq.
 * Full barrier first, so the caller's change is seen by any waiter it
 * finds queued and a waiter queued later sees the change. Context: any.
 */
KW_API void kw___wake_up_bit(struct kw_wait_queue_head *wq, void *word,
			     int bit);
/*
 * kw_wake_up_bit - wake_up_bit(): kw___wake_up_bit on (word, bit)'s shared
 * head: the waiters of wait_on_bit(word, bit). Context: any; never sleeps.
 */
KW_API void kw_wake_up_bit(void *word, int bit);
/*
 * kw_wake_up_var - wake_up_var(): the same for the waiters of
 * wait_var_event(var, ...). Context: any; never sleeps.
 */
KW_API void kw_wake_up_var(void *var);
/*
 * kw_clear_and_wake_up_bit - clear bit in word (atomically, full barrier),
 * then kw_wake_up_bit(word, bit). Context: any; never sleeps.
 */
KW_API void kw_clear_and_wake_up_bit(int bit, unsigned long *word);

/*
 * kw_wait_on_bit - sleep in mode (TASK_UNINTERRUPTIBLE, _INTERRUPTIBLE,
 * _KILLABLE) until bit of word is clear. Context: may sleep.
 * Return: 0 once the bit is clear (acquire), -EINTR if a signal cut an
 * interruptible / killable sleep short.
 */
KW_API int kw_wait_on_bit(unsigned long *word, int bit, unsigned int mode);

/*
 * kw___wait_var_event / kw___wait_var_event_state - the engine of the
 * wait_var_event forms: kw___wait_event_on var's head with a var entry;
 * _state first checks might_sleep() and condition. Evaluates to 0 or
 * -ERESTARTSYS.
 */
#define kw___wait_var_event(var, condition, state, cmd)                      \
	({                                                                   \
		struct kw_wait_bit_queue_entry __wbq;                        \
		struct kw_wait_queue_head *__wqh = kw___var_waitqueue(var);  \
		kw_init_wait_var_entry(&__wbq, (var), 0);                    \
		kw___wait_event_on(__wqh, &__wbq.wq_entry, condition, state, \
				   cmd);                                     \
	})
#define kw___wait_var_event_state(var, condition, state)                     \
	({                                                                   \
		long __r = 0;                                                \
		kw_might_sleep();                                            \
		if (!(condition))                                            \
			__r = kw___wait_var_event(var, condition, state,     \
						  kw_schedule());            \
		(int)__r;                                                    \
	})

/*
 * kw_wait_var_event - wait_var_event(): sleep in TASK_UNINTERRUPTIBLE until
 * condition (about var) is true, re-checked at each kw_wake_up_var(var).
 * Context: may sleep (might_sleep() WARNs in atomic context).
 */
#define kw_wait_var_event(var, condition) \
	((void)kw___wait_var_event_state(var, condition, \
					 KW_TASK_UNINTERRUPTIBLE))
/*
 * kw_wait_var_event_interruptible / _killable - the same in
 * TASK_INTERRUPTIBLE / TASK_KILLABLE. Context: may sleep.
 * Return: 0, or -ERESTARTSYS on a signal (a fatal one for killable).
 */
#define kw_wait_var_event_interruptible(var, condition) \
	kw___wait_var_event_state(var, condition, KW_TASK_INTERRUPTIBLE)
#define kw_wait_var_event_killable(var, condition) \
	kw___wait_var_event_state(var, condition, KW_TASK_KILLABLE)

/*
 * kw_wait_var_event_timeout - wait_var_event_timeout(): as
 * kw_wait_var_event, for at most timeout jiffies. Context: may sleep.
 * Return: as kw_wait_event_timeout (0 timed out, else >= 1).
 */
#define kw_wait_var_event_timeout(var, condition, timeout)                   \
	({                                                                   \
		long __ret = (timeout);                                      \
		kw_might_sleep();                                            \
		if (!kw___wait_cond_timeout(condition, __ret))               \
			kw___wait_var_event(                                 \
				var, kw___wait_cond_timeout(condition, __ret), \
				KW_TASK_UNINTERRUPTIBLE,                     \
				__ret = kw_schedule_timeout(__ret));         \
		__ret;                                                       \
	})

KW_END_DECLS

#endif /* KWORK_WAIT_BIT_H */
