/* linux/bug.h - WARN*, BUG*, BUILD_BUG_ON over the kwork WARN machinery. */
#ifndef KWORK_LINUX_BUG_H
#define KWORK_LINUX_BUG_H

#include <kwork/printk.h>
#include <linux/build_bug.h>

#define WARN(cond, ...) KW_WARN(cond, __VA_ARGS__)
#define WARN_ON(cond) KW_WARN_ON(cond)
#define WARN_ONCE(cond, ...) KW_WARN_ONCE(cond, __VA_ARGS__)
#define WARN_ON_ONCE(cond) KW_WARN_ON_ONCE(cond)
#define BUG() kw_bug(__FILE__, __LINE__, __func__, NULL)
#define BUG_ON(cond) KW_BUG_ON(cond)

#endif /* KWORK_LINUX_BUG_H */
