/*
 * kwork/module.h - running kernel-module-style code as a process.
 *
 * Layer: module runner (public API), above every mechanism. A "module" is
 * a struct kw_module (what Kbuild's generated <mod>.mod.c holds in the
 * kernel: name, init, exit) plus the parameters its module_param() lines
 * register from constructors. kw_module_main() is the whole insmod / dwell
 * / rmmod life: set parameters from "name=value" arguments, call init, wait,
 * call exit, report what the module left behind, return an exit status.
 * `kwork run` generates the main() that calls it; <linux/module.h> and
 * <linux/moduleparam.h> map the kernel names onto this header.
 */
#ifndef KWORK_MODULE_H
#define KWORK_MODULE_H

#include <kwork/compiler.h>

KW_BEGIN_DECLS

/* The kernel's MODULE_NAME_LEN, for source compatibility (never checked). */
#define KW_MODULE_NAME_LEN 56

/*
 * struct kw_module - the module being run: what THIS_MODULE points at.
 * kw_module_main() calls init once at load (0 or -errno; a positive value
 * gets do_init_module's "suspiciously returned" warning and loads anyway)
 * and, if init succeeded, exit once at unload; both run in the process's
 * main thread (as "insmod" / "rmmod"). init without exit: the unload is
 * refused as rmmod refuses it (EBUSY).
 */
struct kw_module {
	const char *name;		/* KBUILD_MODNAME */
	int (*init)(void);		/* init_module / module_init(); may be NULL */
	void (*exit)(void);		/* cleanup_module / module_exit(); may be NULL */
	int refcnt;			/* A: try_module_get / module_put */
	int going;			/* A: set once rmmod passed the refcount check */
};

/*
 * kw_try_module_get - take a reference on mod (try_module_get()); while
 * any is held the unload is refused ("Module ... is in use", as rmmod),
 * so the module's code stays. NULL (built-in code) always succeeds.
 * Context: any. Return: true if taken; false once the unload has begun.
 */
KW_API bool kw_try_module_get(struct kw_module *mod);
/* kw___module_get - __module_get(): take a reference unconditionally. Context: any. */
KW_API void kw___module_get(struct kw_module *mod);
/*
 * kw_module_put - drop a reference (module_put()); dropping one that is
 * not held WARNs and leaves the count at 0. NULL: nothing. Context: any.
 */
KW_API void kw_module_put(struct kw_module *mod);
/* kw_module_refcount - module_refcount(): the references held now. */
KW_API int kw_module_refcount(const struct kw_module *mod);
/*
 * kw_module_put_and_kthread_exit - module_put_and_kthread_exit(): the
 * calling kthread counts as exiting (it runs no module code any more, so
 * the unload this put allows reports nothing), drops its reference on
 * mod, and exits with code. Context: a kthread. Does not return.
 */
KW_API KW_NORETURN void kw_module_put_and_kthread_exit(struct kw_module *mod, long code);

struct kw_kernel_param;

/*
 * ops->flags: KW_KERNEL_PARAM_OPS_FL_NOARG - a bare "name" (no "=value") is
 * accepted and calls set with val NULL (the bool types); without it a bare
 * name fails the load with -EINVAL.
 */
#define KW_KERNEL_PARAM_OPS_FL_NOARG 0x1u

/*
 * struct kw_kernel_param_ops - kernel_param_ops: how one parameter type is
 * parsed and shown. free (may be NULL) releases what set allocated; the
 * runner calls it with kp->arg at unload, or when the load fails. All
 * three run on the runner's main thread.
 */
struct kw_kernel_param_ops {
	unsigned int flags;		/* KW_KERNEL_PARAM_OPS_FL_* */
	/* Parse val (NULL for a bare "name" when FL_NOARG) into kp->arg. Return: 0 or -errno. */
	int (*set)(const char *val, const struct kw_kernel_param *kp);
	/* Print the value, newline-terminated, into buffer (4096 bytes). Return: length. */
	int (*get)(char *buffer, const struct kw_kernel_param *kp);
	void (*free)(void *arg);
};

/*
 * struct kw_kparam_string - kparam_string (module_param_string): a value is
 * copied into string, maxlen bytes with the NUL; longer: the load fails
 * with -ENOSPC and "doesn't fit in N chars".
 */
struct kw_kparam_string {
	unsigned int maxlen;
	char *string;
};

/*
 * struct kw_kparam_array - kparam_array (module_param_array): a
 * comma-separated value sets elem[0..] with ops, one element each; more
 * than max values fail the load with -EINVAL ("can only take N
 * arguments"). *num (if num is not NULL) gets the count set.
 */
struct kw_kparam_array {
	unsigned int max;
	unsigned int elemsize;		/* bytes per element */
	unsigned int *num;		/* may be NULL */
	const struct kw_kernel_param_ops *ops;	/* the element type's */
	void *elem;
};

/*
 * struct kw_kernel_param - one module parameter, as module_param*() defines
 * it. name matches a "name=value" argument with '-' and '_' equal. perm,
 * level and flags are kept for source compatibility only: kwork has no
 * sysfs and no initcall levels, so nothing reads them.
 */
struct kw_kernel_param {
	const char *name;
	struct kw_module *mod;
	const struct kw_kernel_param_ops *ops;
	unsigned short perm;
	signed char level;
	unsigned char flags;
	union {
		void *arg;
		const struct kw_kparam_string *str;
		const struct kw_kparam_array *arr;
	};
	struct kw_kernel_param *kw_next;	/* registration list (kwork's) */
};

/*
 * kw_module_register_param - add kp to the parameters name=value can set,
 * after the ones already registered (the first of two with one name wins).
 * Context: a constructor (module_param expands to one), before main(); the
 * list takes no lock.
 */
KW_API void kw_module_register_param(struct kw_kernel_param *kp);

/*
 * kw_module_main - load, run and unload mod; the body of a module's main().
 * argv: [--time SECONDS] [--loglevel N] [name=value ...]. Without --time
 * the module stays loaded until SIGINT or SIGTERM.
 * Context: the process's main thread, once.
 * Return: the process exit status: 0 for a clean load, dwell and unload
 * with nothing left behind; 1 if init failed or a parameter was invalid
 * (insmod's message is printed) or the unload was refused (init without
 * exit, or a reference still held: rmmod's message), 2 for leftovers or code run after unload,
 * 64 for a bad command line.
 */
KW_API int kw_module_main(struct kw_module *mod, int argc, char **argv);

/*
 * The standard parameter types: for each, kw_param_ops_<type> and its
 * kw_param_set_<type> / kw_param_get_<type> (param_ops_int and friends).
 * set: the kernel's kstrto*() parse of val (base 0) into the variable kp->arg
 * points at. Return: 0, -EINVAL for a malformed number, -ERANGE if it does
 * not fit the type. get: the value and a newline ("%#08x" for hexint).
 * Return: its length. charp: set copies val (up to 1023 characters, else
 * -ENOSPC) into runner-allocated memory; get prints "(null)" for NULL.
 * bool / invbool (FL_NOARG; a bare name means "1"): kstrtobool() words
 * (y/n, t/f, 1/0, on/off); get prints Y or N (inverted for invbool). string:
 * kw_kparam_string's rules. kw_param_array_ops: kw_kparam_array's rules.
 * Context: the runner's main thread, while it parses the command line.
 */
#define KW__PARAM_TYPES(X)                                                \
	X(byte, unsigned char) X(short, short) X(ushort, unsigned short)  \
	X(int, int) X(uint, unsigned int) X(long, long)                   \
	X(ulong, unsigned long) X(ullong, unsigned long long)             \
	X(hexint, unsigned int)
#define KW__PARAM_DECLARE(name, type)                                            \
	KW_API extern const struct kw_kernel_param_ops kw_param_ops_##name;       \
	KW_API int kw_param_set_##name(const char *val, const struct kw_kernel_param *kp); \
	KW_API int kw_param_get_##name(char *buffer, const struct kw_kernel_param *kp);
KW__PARAM_TYPES(KW__PARAM_DECLARE)
KW__PARAM_DECLARE(charp, char *)
KW__PARAM_DECLARE(bool, bool)
KW__PARAM_DECLARE(invbool, bool)
KW__PARAM_DECLARE(string, char)
KW_API extern const struct kw_kernel_param_ops kw_param_array_ops;
/*
 * kw_param_free_charp - param_free_charp(): the charp param's .free. arg
 * points at the char * variable; its value is freed only if the runner
 * allocated it (a value set from the command line), never the module's own
 * literal default. Context: the runner's main thread (parameter setup and
 * unload), as the kernel's module loader.
 */
KW_API void kw_param_free_charp(void *arg);

KW_END_DECLS

#endif /* KWORK_MODULE_H */
