/*
 * linux/init.h - module_init / module_exit, __init and friends, THIS_MODULE.
 *
 * Compat layer (names only) over <kwork/module.h>. As in the kernel, a
 * module is init_module() and cleanup_module(): module_init(fn) and
 * module_exit(fn) define them as aliases of fn (so a module may also define
 * them itself), with or without a trailing semicolon. The generated main of
 * `kwork run` (the counterpart of Kbuild's <mod>.mod.c) defines
 * __this_module and calls kw_module_main(). Section attributes (__init,
 * __initdata) only mark code: kwork never frees init memory.
 */
#ifndef KWORK_LINUX_INIT_H
#define KWORK_LINUX_INIT_H

#include <kwork/module.h>
/*
 * glibc's struct drand48_data has a field named __init: read <stdlib.h>
 * before __init becomes a macro, or a later include would lose that field
 * (C: a silently smaller struct; C++: an error).
 */
#include <stdlib.h>

/* The kernel's struct module is kwork's. */
#define module kw_module

#ifdef MODULE
extern struct kw_module __this_module;
#define THIS_MODULE (&__this_module)
#else
#define THIS_MODULE ((struct kw_module *)0)
#endif

#define __init __attribute__((__cold__))
#define __exit __attribute__((__cold__, __used__))
#define __initdata
#define __initconst
#define __exitdata
#define __refdata
#define __ref
#define __initref
#define __meminit
#define __meminitdata
#define __init_or_module
#define __devinit
#define __devexit
#define __devinitdata
#define __exit_p(x) x
#define __devexit_p(x) x

#if defined(__has_attribute) && __has_attribute(__copy__)
#define KW__COPY_ATTRS(fn) __attribute__((__copy__(fn)))
#else
#define KW__COPY_ATTRS(fn)
#endif

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

#define KW__MODULE_INIT(initfn)                                                \
	static inline __attribute__((__unused__)) initcall_t __inittest(void) \
	{                                                                      \
		return initfn;                                                 \
	}                                                                      \
	int init_module(void) KW__COPY_ATTRS(initfn) __attribute__((__alias__(#initfn)));

#define KW__MODULE_EXIT(exitfn)                                                \
	static inline __attribute__((__unused__)) exitcall_t __exittest(void) \
	{                                                                      \
		return exitfn;                                                 \
	}                                                                      \
	void cleanup_module(void) KW__COPY_ATTRS(exitfn) __attribute__((__alias__(#exitfn)));

#define module_init(initfn) KW__MODULE_INIT(initfn)
#define module_exit(exitfn) KW__MODULE_EXIT(exitfn)

/* Built-in initcall levels: in a process they are all the module's init. */
#define late_initcall(fn) module_init(fn)
#define device_initcall(fn) module_init(fn)
#define subsys_initcall(fn) module_init(fn)
#define fs_initcall(fn) module_init(fn)
#define arch_initcall(fn) module_init(fn)
#define core_initcall(fn) module_init(fn)

#endif /* KWORK_LINUX_INIT_H */
