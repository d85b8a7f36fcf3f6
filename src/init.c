/*
 * init.c - library start-up: clock base, virtual CPUs, settings from the
 * environment.
 *
 * Layer: task core. Runs once, from the library constructor (so dmesg
 * timestamps count from load) or from the first entry point, whichever is
 * first. Environment: KWORK_NR_CPUS, KWORK_LOGLEVEL, KWORK_WARN_FATAL, and
 * the checkers' KWORK_FAIL_*, KWORK_LOCKDEP, KWORK_DEBUG_OBJECTS.
 */
#include "task_internal.h"
#include "debug_internal.h"

#include <pthread.h>

void kw__time_init(void);
void kw__cpu_init(void);
void kw__printk_init(void);
void kw__wait_bit_init(void);

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool init_done;	/* set (release) once init_all() has run */

static void init_all(void)
{
	kw__time_init();
	kw__cpu_init();
	kw__printk_init();
	kw__wait_bit_init();
	kw__fault_init();
	kw__lockdep_init();
	kw__debug_objects_init();
	kw__fork_init();
	__atomic_store_n(&init_done, true, __ATOMIC_RELEASE);
}

/* Hot (every jiffies read): one acquire load once initialised. */
void kw__init_once(void)
{
	if (kw_likely(__atomic_load_n(&init_done, __ATOMIC_ACQUIRE)))
		return;
	pthread_once(&init_once, init_all);
}

__attribute__((constructor)) static void kw__constructor(void)
{
	kw__init_once();
}
