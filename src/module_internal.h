/*
 * module_internal.h - what the mechanisms tell the module runner.
 *
 * Layer: module runner (internal). The runner (module.c) sits above every
 * mechanism; these are the two calls the mechanisms make into it, both
 * cheap while no module has been unloaded:
 *
 *  - kw__module_note_callback(fn): right before the core runs a callback
 *    (timer function, work function, kthread_work function, a kthread's
 *    threadfn), so code the module left behind that runs after its exit
 *    returned is reported ("code that ran after exit returned").
 *  - a leftovers reporter: a mechanism holding objects that can outlive the
 *    module (armed timers, pending works, workqueues, kthread_workers)
 *    registers one; at unload the runner calls every reporter, which prints
 *    one KERN_ERR line per object owned by the module (kw__module_owns() on
 *    its callback or on the object's address) and returns the count.
 */
#ifndef KWORK_MODULE_INTERNAL_H
#define KWORK_MODULE_INTERNAL_H

#include <kwork/module.h>
#include <stdbool.h>

/* A: set once the module's exit has returned (or its init failed). */
extern int kw__module_gone;

/* The slow half of kw__module_note_callback: report fn if it is module code. */
void kw__module_note_late(const void *fn);

/*
 * kw__module_note_callback - the core is about to run fn.
 * Context: any (timer thread, workers, kthreads); never sleeps. One relaxed
 * load and a predictable branch until the module is gone; after that, fn in
 * module code is reported once per function and makes the run fail.
 */
static inline void kw__module_note_callback(const void *fn)
{
	if (__builtin_expect(__atomic_load_n(&kw__module_gone, __ATOMIC_RELAXED), 0))
		kw__module_note_late(fn);
}

/*
 * kw__module_owns - is addr (code or data) inside the running module's
 * image (the executable `kwork run` built), not in libkwork?
 * Return: false when no module runs.
 */
bool kw__module_owns(const void *addr);

/*
 * kw__module_symbol - name addr the kernel's way if it is module code:
 * "fn [mod]", with_offset "fn+0x1c/0x40 [mod]" (kw_symbol_name asks first:
 * static functions are invisible to dladdr). Return: false if not module code.
 */
bool kw__module_symbol(const void *addr, bool with_offset, char *buf, size_t size);

/* The running module's name ("" when none), for report lines. */
const char *kw__module_name(void);

/*
 * kw__printk_flush (printk.c) - print a pending line that lacks its '\n'
 * (the kernel prints such a record at once; kw_printk holds it for a
 * KERN_CONT). The runner calls it after init and after exit.
 */
void kw__printk_flush(void);

struct kw__leftover_reporter {
	const char *what;		/* "timer_list", "work_struct", ... */
	/* Print one line per leftover owned by the module. Return: how many. */
	unsigned int (*report)(void);
	struct kw__leftover_reporter *next;	/* the runner's list */
};

/*
 * kw__module_add_reporter - register r (static storage) once, e.g. from the
 * mechanism's constructor or init; reporters run in registration order.
 * Context: any; never sleeps.
 */
void kw__module_add_reporter(struct kw__leftover_reporter *r);

/*
 * kw__module_busy_soon (module_report.c) - is module code about to run:
 * a module timer (or delayed work) overdue or running, a module work or
 * kthread_work queued? The runner waits for these to show up after a dirty
 * unload, so their "code ran after unload" report is not left to chance.
 */
bool kw__module_busy_soon(void);

#endif /* KWORK_MODULE_INTERNAL_H */
