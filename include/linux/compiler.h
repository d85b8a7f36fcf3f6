/* linux/compiler.h - likely/unlikely, READ_ONCE/WRITE_ONCE, attributes. */
#ifndef KWORK_LINUX_COMPILER_H
#define KWORK_LINUX_COMPILER_H

#include <kwork/compiler.h>

#define likely(x) kw_likely(x)
#define unlikely(x) kw_unlikely(x)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) \
	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)
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
