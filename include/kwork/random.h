/*
 * kwork/random.h - random numbers from the operating system's generator
 * (getrandom(2)), as the kernel's get_random_*() come from its CRNG.
 *
 * Layer: platform (public API). Context: any; never sleep (the generator is
 * seeded long before a process runs).
 */
#ifndef KWORK_RANDOM_H
#define KWORK_RANDOM_H

#include <kwork/compiler.h>

KW_BEGIN_DECLS

/*
 * kw_get_random_bytes - fill buf with len random bytes (getrandom(2)).
 * kw_get_random_u32 / _u64 - one random value of that width.
 */
KW_API void kw_get_random_bytes(void *buf, size_t len);
KW_API uint32_t kw_get_random_u32(void);
KW_API uint64_t kw_get_random_u64(void);

/* Uniform in [0, ceil) without modulo bias; ceil 0 returns 0. */
KW_API uint32_t kw_get_random_u32_below(uint32_t ceil);

KW_END_DECLS

#endif /* KWORK_RANDOM_H */
