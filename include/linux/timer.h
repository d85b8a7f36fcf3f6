/* linux/timer.h - struct timer_list over kwork/timer.h (old and new names). */
#ifndef KWORK_LINUX_TIMER_H
#define KWORK_LINUX_TIMER_H

#include <linux/types.h>
#include <linux/jiffies.h>
#include <kwork/timer.h>
#include <time.h>	/* POSIX timer_delete() declared before our macro */

#define timer_list kw_timer
#define TIMER_CPUMASK ((int)KW_TIMER_CPUMASK)
#define TIMER_DEFERRABLE ((int)KW_TIMER_DEFERRABLE)
#define TIMER_PINNED ((int)KW_TIMER_PINNED)
#define TIMER_IRQSAFE ((int)KW_TIMER_IRQSAFE)
#define TIMER_INIT_FLAGS ((int)KW_TIMER_INIT_FLAGS)

#define __TIMER_INITIALIZER(fn, fl) KW_TIMER_INITIALIZER(fn, fl)
#define DEFINE_TIMER(name, fn) \
	struct kw_timer name = KW_TIMER_INITIALIZER(fn, 0)
#define from_timer kw_timer_container_of
#define timer_container_of kw_timer_container_of
#define timer_setup kw_timer_setup
#define timer_setup_on_stack kw_timer_setup_on_stack
#define destroy_timer_on_stack kw_timer_destroy_on_stack
#define timer_destroy_on_stack kw_timer_destroy_on_stack
#define timer_pending kw_timer_pending
#define add_timer kw_add_timer
#define add_timer_on kw_add_timer_on
#define add_timer_local kw_add_timer_local
#define add_timer_global kw_add_timer_global
#define mod_timer kw_mod_timer
#define mod_timer_pending kw_mod_timer_pending
#define timer_reduce kw_timer_reduce
#define timer_delete kw_timer_delete
#define timer_delete_sync kw_timer_delete_sync
#define timer_delete_sync_try kw_timer_delete_sync_try
#define try_to_del_timer_sync kw_timer_delete_sync_try
#define del_timer kw_timer_delete
#define del_timer_sync kw_timer_delete_sync
#define timer_shutdown kw_timer_shutdown
#define timer_shutdown_sync kw_timer_shutdown_sync
#define round_jiffies kw_round_jiffies
#define round_jiffies_relative kw_round_jiffies_relative
#define round_jiffies_up kw_round_jiffies_up
#define round_jiffies_up_relative kw_round_jiffies_up_relative
#define __round_jiffies kw___round_jiffies
#define __round_jiffies_relative kw___round_jiffies_relative
#define __round_jiffies_up kw___round_jiffies_up
#define __round_jiffies_up_relative kw___round_jiffies_up_relative

#endif /* KWORK_LINUX_TIMER_H */
