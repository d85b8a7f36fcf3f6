/* linux/typecheck.h - typecheck(type, x): 1, with a warning if x is not of type. */
#ifndef KWORK_LINUX_TYPECHECK_H
#define KWORK_LINUX_TYPECHECK_H
#define typecheck(type, x) \
	({ type __kw_dummy; __typeof__(x) __kw_dummy2; (void)(&__kw_dummy == &__kw_dummy2); 1; })
#endif /* KWORK_LINUX_TYPECHECK_H */
