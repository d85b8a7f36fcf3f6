/* linux/version.h - kwork claims Linux 6.12 (LTS). */
#ifndef KWORK_LINUX_VERSION_H
#define KWORK_LINUX_VERSION_H

#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_CODE KERNEL_VERSION(6, 12, 0)
#define LINUX_VERSION_MAJOR 6
#define LINUX_VERSION_PATCHLEVEL 12
#define LINUX_VERSION_SUBLEVEL 0

#endif /* KWORK_LINUX_VERSION_H */
