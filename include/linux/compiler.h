/* linux/compiler.h - likely/unlikely, READ_ONCE/WRITE_ONCE, attributes. */
#ifndef KWORK_LINUX_COMPILER_H
#define KWORK_LINUX_COMPILER_H

#include <kwork/compiler.h>

#define likely(x) kw_likely(x)
#define unlikely(x) kw_unlikely(x)
/*
 * READ_ONCE / WRITE_ONCE - the kernel's marked accesses: one untorn load or
 * store the compiler may not merge, split or move out of a loop. In C they
 * are relaxed atomics (a plain mov on x86, as the kernel's volatile access),
 * so ThreadSanitizer, like the kernel's KCSAN, does not report a marked
 * access as a data race. __kw_unqual_typeof(x) is x's type without
 * qualifiers (the integer types named, others through an rvalue), so that
 * READ_ONCE(p->field) works through a const pointer. C++ has no _Generic:
 * there they stay volatile accesses.
 */
#ifndef __cplusplus
#define __kw_unqual_typeof(x)                                                 \
	__typeof__(_Generic((x),                                              \
		char: (char)0, signed char: (signed char)0,                   \
		unsigned char: (unsigned char)0, short: (short)0,             \
		unsigned short: (unsigned short)0, int: 0, unsigned int: 0u,  \
		long: 0l, unsigned long: 0ul, long long: 0ll,                 \
		unsigned long long: 0ull, _Bool: (_Bool)0,                    \
		default: (0 ? (x) : (x))))
/* Can x be one inline atomic access (word-sized at most, naturally aligned)? */
#define __kw_once_atomic(x) \
	(sizeof(x) <= sizeof(long) && __alignof__(x) >= sizeof(x))
/* An under-aligned object (a __packed member) or a larger one gets a plain
 * access between compiler barriers: as an atomic it would need libatomic,
 * and a volatile cast would drop the packed attribute (a misaligned
 * access). Such an access is not single-copy atomic in the kernel either. */
#define READ_ONCE(x)                                                          \
	({                                                                    \
		__kw_unqual_typeof(x) __ro_val;                               \
		__builtin_choose_expr(__kw_once_atomic(x),                    \
			__atomic_load(&(x), &__ro_val, __ATOMIC_RELAXED),      \
			({ __asm__ __volatile__("" ::: "memory");            \
			   __ro_val = (x);                                     \
			   __asm__ __volatile__("" ::: "memory"); }));         \
		__ro_val;                                                     \
	})
#define WRITE_ONCE(x, val)                                                    \
	do {                                                                  \
		__kw_unqual_typeof(x) __wo_val = (val);                       \
		__builtin_choose_expr(__kw_once_atomic(x),                    \
			__atomic_store(&(x), &__wo_val, __ATOMIC_RELAXED),     \
			({ __asm__ __volatile__("" ::: "memory");            \
			   (x) = __wo_val;                                     \
			   __asm__ __volatile__("" ::: "memory"); }));         \
	} while (0)
#else
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) \
	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)
#endif
#define barrier() __asm__ __volatile__("" ::: "memory")
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define noinline __attribute__((noinline))
#define __maybe_unused __attribute__((unused))
#define __always_unused __attribute__((unused))
#define __used __attribute__((used))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __noreturn __attribute__((noreturn))
#define __must_check __attribute__((warn_unused_result))
#define __cold __attribute__((cold))
#define __weak __attribute__((weak))
#define __user
#define __kernel
#define __iomem
#define __rcu
#define __percpu
#define __force
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define notrace
#define fallthrough __attribute__((__fallthrough__))

#endif /* KWORK_LINUX_COMPILER_H */
