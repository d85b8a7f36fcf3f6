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

#define KW_MODULE_NAME_LEN 56	/* the kernel's MODULE_NAME_LEN */

struct kw_module {
	const char *name;		/* KBUILD_MODNAME */
	int (*init)(void);		/* init_module / module_init(); may be NULL */
	void (*exit)(void);		/* cleanup_module / module_exit(); may be NULL */
};

struct kw_kernel_param;

/* kernel_param_ops: how one parameter type is parsed and shown. */
#define KW_KERNEL_PARAM_OPS_FL_NOARG 0x1u	/* "name" alone is accepted (bool) */

struct kw_kernel_param_ops {
	unsigned int flags;
	/* Parse val (NULL for a bare "name" when FL_NOARG) into kp->arg. Return: 0 or -errno. */
	int (*set)(const char *val, const struct kw_kernel_param *kp);
	/* Print the value, newline-terminated, into buffer (4096 bytes). Return: length. */
	int (*get)(char *buffer, const struct kw_kernel_param *kp);
	void (*free)(void *arg);
};

/* The kernel's kparam_string (module_param_string) and kparam_array. */
struct kw_kparam_string {
	unsigned int maxlen;
	char *string;
};

struct kw_kparam_array {
	unsigned int max;
	unsigned int elemsize;
	unsigned int *num;
	const struct kw_kernel_param_ops *ops;
	void *elem;
};

/* One module parameter, as module_param*() defines it. */
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
 * kw_module_register_param - add kp to the parameters name=value can set.
 * Context: a constructor (module_param expands to one), before main().
 */
KW_API void kw_module_register_param(struct kw_kernel_param *kp);

/*
 * kw_module_main - load, run and unload mod; the body of a module's main().
 * argv: [--time SECONDS] [--loglevel N] [name=value ...]. Without --time
 * the module stays loaded until SIGINT or SIGTERM.
 * Context: the process's main thread, once.
 * Return: the process exit status: 0 for a clean load, dwell and unload
 * with nothing left behind; 1 if init failed or a parameter was invalid
 * (insmod's message is printed), 2 for leftovers or code run after unload,
 * 64 for a bad command line.
 */
KW_API int kw_module_main(struct kw_module *mod, int argc, char **argv);

/* The standard parameter types (param_ops_int and friends). */
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
