/*
 * asm/param.h - HZ is kwork's (fixed when libkwork is built, kwork/config.h),
 * not the C library's asm-generic 100.
 */
#ifndef KWORK_ASM_PARAM_H
#define KWORK_ASM_PARAM_H

#include <kwork/time.h>

#undef HZ
#define HZ KW_HZ
#define USER_HZ 100

#endif /* KWORK_ASM_PARAM_H */
