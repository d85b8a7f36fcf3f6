/*
 * kwork/compiler.h - compiler helpers shared by every kwork header.
 *
 * Layer: public API (no code). Defines the export marker, attribute
 * shorthands and container_of. Every other public header includes this one.
 */
#ifndef KWORK_COMPILER_H
#define KWORK_COMPILER_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/*
 * KW_BEGIN_DECLS / KW_END_DECLS - bracket a header's declarations so a C++
 * includer sees them with C linkage (extern "C"); empty in C.
 */
#ifdef __cplusplus
#define KW_BEGIN_DECLS extern "C" {
#define KW_END_DECLS }
#else
#define KW_BEGIN_DECLS
#define KW_END_DECLS
#endif

/* Marks a symbol that libkwork exports. Everything else is hidden. */
#define KW_API __attribute__((visibility("default")))

/*
 * kw_likely / kw_unlikely - likely() / unlikely(): tell the compiler which
 * way a condition usually goes. Value: !!(x); no other effect.
 */
#define kw_likely(x) __builtin_expect(!!(x), 1)
#define kw_unlikely(x) __builtin_expect(!!(x), 0)
/*
 * KW_PRINTF(a, b) - __printf(a, b): argument a is a printf format checked
 * against the arguments from b on (b 0: a va_list, the format only).
 */
#define KW_PRINTF(a, b) __attribute__((format(printf, a, b)))
/* KW_NORETURN - __noreturn: the function never returns to its caller. */
#define KW_NORETURN __attribute__((noreturn))

/*
 * container_of: from a pointer to a member back to its enclosing object.
 * No check: ptr must point at member of a type. Context: any.
 */
#define kw_container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif /* KWORK_COMPILER_H */
