/*
 * linux/kconfig.h - IS_ENABLED, IS_BUILTIN, IS_MODULE, IS_REACHABLE on
 * CONFIG_* macros: a symbol defined to 1 is built in, one named
 * CONFIG_FOO_MODULE defined to 1 is a module, anything else is off. Each
 * is an integer constant expression usable in #if and in C.
 */
#ifndef KWORK_LINUX_KCONFIG_H
#define KWORK_LINUX_KCONFIG_H

/*
 * The trick: if option expands to 1, __KW_ARG_PLACEHOLDER_1 becomes "0,"
 * and shifts a 1 into the second argument; any other expansion leaves 0.
 */
#define __KW_ARG_PLACEHOLDER_1 0,
#define __kw_take_second(ignored, val, ...) val
#define __kw_is_defined(x) ___kw_is_defined(x)
#define ___kw_is_defined(val) ____kw_is_defined(__KW_ARG_PLACEHOLDER_##val)
#define ____kw_is_defined(arg1_or_junk) __kw_take_second(arg1_or_junk 1, 0, 0)

#define IS_BUILTIN(option) __kw_is_defined(option)
#define IS_MODULE(option) __kw_is_defined(option##_MODULE)
#define IS_ENABLED(option) (IS_BUILTIN(option) || IS_MODULE(option))
/* kwork loads every module into one process: a module reaches all code. */
#define IS_REACHABLE(option) IS_ENABLED(option)

#endif /* KWORK_LINUX_KCONFIG_H */
