/*
 * linux/module.h - what a kernel module's source expects: module_init and
 * module_exit, module_param, MODULE_LICENSE and the other modinfo tags,
 * THIS_MODULE, EXPORT_SYMBOL, and (as the kernel's module.h pulls them in)
 * the kernel basics: printk, types, errno, lists.
 *
 * Compat layer over <kwork/module.h>; `kwork run FILE.c` compiles and runs a
 * module (docs/modules.md). The uapi <linux/module.h> (finit_module flags)
 * stays reachable behind this one.
 */
#ifndef KWORK_LINUX_MODULE_H
#define KWORK_LINUX_MODULE_H

#if __has_include_next(<linux/module.h>)
#include_next <linux/module.h>
#endif

#include <kwork/module.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/string.h>	/* the kernel's module.h brings it in */
#include <linux/list.h>
#include <linux/stat.h>
/* 2.6-era modules (seed 002) reach current, kernel_thread and kthread_run
 * through module.h alone. */
#include <linux/sched.h>
#include <linux/kthread.h>

/* Declared as the kernel declares them: a module that defines them itself
 * (2.4-style, no module_init) has its prototypes. */
extern int init_module(void);
extern void cleanup_module(void);

/* References that keep the module loaded (kwork/module.h). */
#define try_module_get kw_try_module_get
#define __module_get kw___module_get
#define module_put kw_module_put
#define module_refcount kw_module_refcount
#define __module_put_and_kthread_exit kw_module_put_and_kthread_exit
#define module_put_and_kthread_exit(code) __module_put_and_kthread_exit(THIS_MODULE, code)
#define module_put_and_exit(code) module_put_and_kthread_exit(code)

#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
#define MODULE_LICENSE(_license) __MODULE_INFO(license, license, _license)
#define MODULE_AUTHOR(_author) __MODULE_INFO(author, author, _author)
#define MODULE_DESCRIPTION(_description) __MODULE_INFO(description, description, _description)
#define MODULE_VERSION(_version) __MODULE_INFO(version, version, _version)
#define MODULE_ALIAS(_alias) __MODULE_INFO(alias, alias_userspace, _alias)
#define MODULE_SOFTDEP(_softdep) __MODULE_INFO(softdep, softdep, _softdep)
#define MODULE_FIRMWARE(_firmware) __MODULE_INFO(firmware, firmware, _firmware)
#define MODULE_IMPORT_NS(ns) __MODULE_INFO(import_ns, import_ns, #ns)
/* Kernels up to 5.11 had it and never implemented it (it expanded to
 * nothing); lkmpg's hello-4.c and its many copies still use it. */
#define MODULE_SUPPORTED_DEVICE(name) \
	extern int __kw_module_supported_device __attribute__((__unused__))
/* Device tables feed modalias autoloading, which has no meaning in a process. */
#define MODULE_DEVICE_TABLE(type, name) \
	extern __typeof__(name) __mod_##type##__##name##_device_table __attribute__((__unused__))

#define MODULE_NAME_LEN KW_MODULE_NAME_LEN
#define module_name(mod)                                      \
	({                                                    \
		const struct kw_module *__mod = (mod);        \
		__mod ? __mod->name : "kernel";               \
	})

#endif /* KWORK_LINUX_MODULE_H */
