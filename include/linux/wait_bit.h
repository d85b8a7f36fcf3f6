/*
 * linux/wait_bit.h - wait_on_bit / wake_up_bit and wait_var_event /
 * wake_up_var on hashed shared wait queue heads (kwork/wait_bit.h).
 */
#ifndef KWORK_LINUX_WAIT_BIT_H
#define KWORK_LINUX_WAIT_BIT_H

#include <linux/wait.h>
#include <kwork/wait_bit.h>

#define wait_bit_key kw_wait_bit_key
#define wait_bit_queue_entry kw_wait_bit_queue_entry
#define bit_waitqueue(word, bit) kw_bit_waitqueue(word, bit)
#define __var_waitqueue(var) kw___var_waitqueue(var)
#define wake_bit_function kw_wake_bit_function
#define var_wake_function kw_var_wake_function
#define init_wait_var_entry(wbq, var, flags) kw_init_wait_var_entry(wbq, var, flags)
#define __wake_up_bit(wq, word, bit) kw___wake_up_bit(wq, word, bit)
#define wake_up_bit(word, bit) kw_wake_up_bit(word, bit)
#define wake_up_var(var) kw_wake_up_var(var)
#define clear_and_wake_up_bit(bit, word) kw_clear_and_wake_up_bit(bit, word)
#define wait_on_bit(word, bit, mode) kw_wait_on_bit(word, bit, mode)
#define wait_var_event(var, c) kw_wait_var_event(var, c)
#define wait_var_event_interruptible(var, c) kw_wait_var_event_interruptible(var, c)
#define wait_var_event_killable(var, c) kw_wait_var_event_killable(var, c)
#define wait_var_event_timeout(var, c, t) kw_wait_var_event_timeout(var, c, t)

#endif /* KWORK_LINUX_WAIT_BIT_H */
