/* linux/err.h - ERR_PTR / PTR_ERR / IS_ERR over the kwork helpers. */
#ifndef KWORK_LINUX_ERR_H
#define KWORK_LINUX_ERR_H

#include <kwork/kthread.h>
#include <linux/errno.h>

#define MAX_ERRNO KW_MAX_ERRNO
#define IS_ERR_VALUE(x) KW_IS_ERR_VALUE(x)
#define ERR_PTR(err) kw_err_ptr(err)
#define PTR_ERR(ptr) kw_ptr_err(ptr)
#define IS_ERR(ptr) kw_is_err(ptr)
#define IS_ERR_OR_NULL(ptr) kw_is_err_or_null(ptr)
#define ERR_CAST(ptr) ((void *)(ptr))
#define PTR_ERR_OR_ZERO(ptr) (kw_is_err(ptr) ? (int)kw_ptr_err(ptr) : 0)

#endif /* KWORK_LINUX_ERR_H */
