/* linux/container_of.h - from a member pointer to its enclosing object. */
#ifndef KWORK_LINUX_CONTAINER_OF_H
#define KWORK_LINUX_CONTAINER_OF_H

#include <kwork/compiler.h>

#define container_of(ptr, type, member) kw_container_of(ptr, type, member)

#endif /* KWORK_LINUX_CONTAINER_OF_H */
