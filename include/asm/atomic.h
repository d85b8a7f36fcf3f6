/* asm/atomic.h - the old home of atomic_t: linux/atomic.h. */
#ifndef KWORK_ASM_ATOMIC_H
#define KWORK_ASM_ATOMIC_H
#include <linux/atomic.h>
#endif
