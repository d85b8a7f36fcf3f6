/* linux/timer.h - struct timer_list over kwork/timer.h (old and new names). */
#ifndef KWORK_LINUX_TIMER_H
#define KWORK_LINUX_TIMER_H

#include <linux/types.h>
#include <linux/jiffies.h>
#include <kwork/timer.h>
#include <time.h>	/* POSIX timer_delete() declared before our macro */

#define timer_list kw_timer
#define TIMER_CPUMASK KW_TIMER_CPUMASK
#define TIMER_DEFERRABLE KW_TIMER_DEFERRABLE
#define TIMER_PINNED KW_TIMER_PINNED
#define TIMER_IRQSAFE KW_TIMER_IRQSAFE
#define TIMER_INIT_FLAGS KW_TIMER_INIT_FLAGS

#define __TIMER_INITIALIZER(fn, fl) KW_TIMER_INITIALIZER(fn, fl)
#define DEFINE_TIMER(name, fn) \
	struct kw_timer name = KW_TIMER_INITIALIZER(fn, 0)
#define from_timer(var, t, field) kw_timer_container_of(var, t, field)
#define timer_container_of(var, t, field) kw_timer_container_of(var, t, field)
#define timer_setup(t, fn, fl) kw_timer_setup(t, fn, fl)
#define timer_setup_on_stack(t, fn, fl) kw_timer_setup_on_stack(t, fn, fl)
#define destroy_timer_on_stack(t) kw_timer_destroy_on_stack(t)
#define timer_pending(t) kw_timer_pending(t)
#define add_timer(t) kw_add_timer(t)
#define add_timer_on(t, cpu) kw_add_timer_on(t, cpu)
#define add_timer_local(t) kw_add_timer_local(t)
#define add_timer_global(t) kw_add_timer_global(t)
#define mod_timer(t, e) kw_mod_timer(t, e)
#define mod_timer_pending(t, e) kw_mod_timer_pending(t, e)
#define timer_reduce(t, e) kw_timer_reduce(t, e)
#define timer_delete(t) kw_timer_delete(t)
#define timer_delete_sync(t) kw_timer_delete_sync(t)
#define timer_delete_sync_try(t) kw_timer_delete_sync_try(t)
#define try_to_del_timer_sync(t) kw_timer_delete_sync_try(t)
#define del_timer(t) kw_timer_delete(t)
#define del_timer_sync(t) kw_timer_delete_sync(t)
#define timer_shutdown(t) kw_timer_shutdown(t)
#define timer_shutdown_sync(t) kw_timer_shutdown_sync(t)
#define round_jiffies(j) kw_round_jiffies(j)
#define round_jiffies_relative(j) kw_round_jiffies_relative(j)
#define round_jiffies_up(j) kw_round_jiffies_up(j)
#define round_jiffies_up_relative(j) kw_round_jiffies_up_relative(j)
#define __round_jiffies(j, cpu) kw___round_jiffies(j, cpu)
#define __round_jiffies_relative(j, cpu) kw___round_jiffies_relative(j, cpu)
#define __round_jiffies_up(j, cpu) kw___round_jiffies_up(j, cpu)
#define __round_jiffies_up_relative(j, cpu) kw___round_jiffies_up_relative(j, cpu)

#endif /* KWORK_LINUX_TIMER_H */
