/*
 * linux/build_bug.h - compile-time assertions: BUILD_BUG_ON*, static_assert
 * with an optional message (the kernel's one-argument form).
 */
#ifndef KWORK_LINUX_BUILD_BUG_H
#define KWORK_LINUX_BUILD_BUG_H

/* A negative bit-field width fails the build; usable where an int is. */
#define BUILD_BUG_ON_ZERO(cond) \
	((int)(sizeof(struct { int __kw_bbz : (cond) ? -1 : 1; }) * 0))
#define BUILD_BUG_ON(cond) \
	((void)sizeof(struct { int __kw_bbo : (cond) ? -1 : 1; }))
#define BUILD_BUG_ON_MSG(cond, msg) BUILD_BUG_ON(cond)
#define BUILD_BUG() BUILD_BUG_ON(1)

#ifndef __cplusplus	/* C++ has static_assert as a keyword (message optional since C++17) */
#undef static_assert
#define static_assert(expr, ...) __kw_static_assert(expr, ##__VA_ARGS__, #expr)
#define __kw_static_assert(expr, msg, ...) _Static_assert(expr, msg)
#endif

#endif /* KWORK_LINUX_BUILD_BUG_H */
