/*
 * linux/moduleparam.h - module parameters, set from "name=value" arguments.
 *
 * Compat layer over <kwork/module.h>. module_param*() defines the kernel's
 * struct kernel_param for the variable and registers it from a constructor;
 * kw_module_main() parses the command line's name=value words with the
 * kernel's rules (kstrto* numbers in any base, y/n/1/0/on/off booleans,
 * charp copied, arrays comma-separated, '-' and '_' alike in names).
 * Permissions are recorded only: there is no sysfs.
 */
#ifndef KWORK_LINUX_MODULEPARAM_H
#define KWORK_LINUX_MODULEPARAM_H

#include <kwork/module.h>
#include <linux/init.h>

#define kernel_param kw_kernel_param
#define kernel_param_ops kw_kernel_param_ops
#define kparam_string kw_kparam_string
#define kparam_array kw_kparam_array
#define KERNEL_PARAM_OPS_FL_NOARG KW_KERNEL_PARAM_OPS_FL_NOARG

#define param_ops_byte kw_param_ops_byte
#define param_ops_short kw_param_ops_short
#define param_ops_ushort kw_param_ops_ushort
#define param_ops_int kw_param_ops_int
#define param_ops_uint kw_param_ops_uint
#define param_ops_long kw_param_ops_long
#define param_ops_ulong kw_param_ops_ulong
#define param_ops_ullong kw_param_ops_ullong
#define param_ops_hexint kw_param_ops_hexint
#define param_ops_charp kw_param_ops_charp
#define param_ops_bool kw_param_ops_bool
#define param_ops_invbool kw_param_ops_invbool
#define param_ops_string kw_param_ops_string
#define param_array_ops kw_param_array_ops
#define param_set_byte kw_param_set_byte
#define param_set_short kw_param_set_short
#define param_set_ushort kw_param_set_ushort
#define param_set_int kw_param_set_int
#define param_set_uint kw_param_set_uint
#define param_set_long kw_param_set_long
#define param_set_ulong kw_param_set_ulong
#define param_set_ullong kw_param_set_ullong
#define param_set_hexint kw_param_set_hexint
#define param_set_charp kw_param_set_charp
#define param_set_bool kw_param_set_bool
#define param_set_invbool kw_param_set_invbool
#define param_set_copystring kw_param_set_string
#define param_get_byte kw_param_get_byte
#define param_get_short kw_param_get_short
#define param_get_ushort kw_param_get_ushort
#define param_get_int kw_param_get_int
#define param_get_uint kw_param_get_uint
#define param_get_long kw_param_get_long
#define param_get_ulong kw_param_get_ulong
#define param_get_ullong kw_param_get_ullong
#define param_get_hexint kw_param_get_hexint
#define param_get_charp kw_param_get_charp
#define param_get_bool kw_param_get_bool
#define param_get_invbool kw_param_get_invbool
#define param_get_string kw_param_get_string
#define param_free_charp kw_param_free_charp

#ifdef MODULE
#define MODULE_PARAM_PREFIX /* empty */
#else
#define MODULE_PARAM_PREFIX KBUILD_MODNAME "."
#endif

#define KW__PASTE2(a, b) a##b
#define KW__PASTE(a, b) KW__PASTE2(a, b)
#define __UNIQUE_ID(prefix) KW__PASTE(KW__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/* modinfo strings, in the .modinfo section as in a .ko (objdump -s -j .modinfo). */
#define __MODULE_INFO(tag, name, info)                                         \
	static const char __UNIQUE_ID(name)[]                                  \
		__attribute__((__used__, __section__(".modinfo"), __aligned__(1))) \
		= #tag "=" info
#define __MODULE_PARM_TYPE(name, _type) __MODULE_INFO(parmtype, name##type, #name ":" _type)
#define MODULE_PARM_DESC(_parm, desc) __MODULE_INFO(parm, _parm, #_parm ":" desc)

/* Compile-time type check of the variable against the parameter type. */
#define __param_check(name, p, type)                                           \
	static inline __attribute__((__unused__)) type *__check_##name(void)  \
	{                                                                      \
		return (p);                                                    \
	}
#define param_check_byte(name, p) __param_check(name, p, unsigned char)
#define param_check_short(name, p) __param_check(name, p, short)
#define param_check_ushort(name, p) __param_check(name, p, unsigned short)
#define param_check_int(name, p) __param_check(name, p, int)
#define param_check_uint(name, p) __param_check(name, p, unsigned int)
#define param_check_long(name, p) __param_check(name, p, long)
#define param_check_ulong(name, p) __param_check(name, p, unsigned long)
#define param_check_ullong(name, p) __param_check(name, p, unsigned long long)
#define param_check_hexint(name, p) __param_check(name, p, unsigned int)
#define param_check_charp(name, p) __param_check(name, p, char *)
#define param_check_bool(name, p) __param_check(name, p, bool)
#define param_check_invbool(name, p) __param_check(name, p, bool)

#define __module_param_call(prefix, name, ops, arg, perm, level, flags)        \
	static struct kw_kernel_param __param_##name = {                       \
		prefix #name, THIS_MODULE, ops, (perm), level, flags, { arg } \
	};                                                                     \
	__attribute__((__constructor__)) static void __kw_param_reg_##name(void) \
	{                                                                      \
		kw_module_register_param(&__param_##name);                     \
	}                                                                      \
	extern struct kw_kernel_param *__kw_param_ptr_##name

#define module_param_cb(name, ops, arg, perm) \
	__module_param_call(MODULE_PARAM_PREFIX, name, ops, arg, perm, -1, 0)
#define module_param_cb_unsafe(name, ops, arg, perm) \
	__module_param_call(MODULE_PARAM_PREFIX, name, ops, arg, perm, -1, 0)

/*
 * The type is pasted at the first expansion (param_ops_##type) so that a
 * "bool" which <stdbool.h> made a macro is not expanded to _Bool first.
 */
#define KW__PARAM_NAMED(name, value, check, ops, typestr, perm)                \
	check(name, &(value));                                                 \
	module_param_cb(name, &ops, &(value), perm);                          \
	__MODULE_PARM_TYPE(name, typestr)
#define module_param_named(name, value, type, perm) \
	KW__PARAM_NAMED(name, value, param_check_##type, param_ops_##type, #type, perm)
#define module_param_named_unsafe(name, value, type, perm) \
	KW__PARAM_NAMED(name, value, param_check_##type, param_ops_##type, #type, perm)
#define module_param(name, type, perm) \
	KW__PARAM_NAMED(name, name, param_check_##type, param_ops_##type, #type, perm)
#define module_param_unsafe(name, type, perm) \
	KW__PARAM_NAMED(name, name, param_check_##type, param_ops_##type, #type, perm)

#define module_param_string(name, string, len, perm)                           \
	static const struct kw_kparam_string __param_string_##name = { len, string }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_ops_string,     \
			    .str = &__param_string_##name, perm, -1, 0);       \
	__MODULE_PARM_TYPE(name, "string")

#define KW__PARAM_ARRAY(name, array, check, elemops, typestr, nump, perm)    \
	check(name, &(array)[0]);                                              \
	static const struct kw_kparam_array __param_arr_##name = {             \
		.max = sizeof(array) / sizeof((array)[0]), .num = nump,        \
		.ops = &elemops, .elemsize = sizeof((array)[0]), .elem = array }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_array_ops,      \
			    .arr = &__param_arr_##name, perm, -1, 0);          \
	__MODULE_PARM_TYPE(name, "array of " typestr)
#define module_param_array_named(name, array, type, nump, perm) \
	KW__PARAM_ARRAY(name, array, param_check_##type, param_ops_##type, #type, nump, perm)
#define module_param_array(name, type, nump, perm) \
	KW__PARAM_ARRAY(name, name, param_check_##type, param_ops_##type, #type, nump, perm)

/* There is no sysfs writer to race with: the parameter lock has nothing to guard. */
#define kernel_param_lock(mod) do { (void)(mod); } while (0)
#define kernel_param_unlock(mod) do { (void)(mod); } while (0)

#endif /* KWORK_LINUX_MODULEPARAM_H */
