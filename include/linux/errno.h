/* linux/errno.h - system errno values plus the kernel-internal ones. */
#ifndef KWORK_LINUX_ERRNO_H
#define KWORK_LINUX_ERRNO_H

#if __has_include_next(<linux/errno.h>)
#include_next <linux/errno.h>
#else
#include <errno.h>
#endif

#ifndef ERESTARTSYS
#define ERESTARTSYS 512
#endif
#ifndef ERESTARTNOINTR
#define ERESTARTNOINTR 513
#endif
#ifndef ERESTARTNOHAND
#define ERESTARTNOHAND 514
#endif
#ifndef ENOIOCTLCMD
#define ENOIOCTLCMD 515
#endif
#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

#endif /* KWORK_LINUX_ERRNO_H */
