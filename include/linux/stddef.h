/* linux/stddef.h - offsetof, sizeof_field, offsetofend, true/false, NULL. */
#ifndef KWORK_LINUX_STDDEF_H
#define KWORK_LINUX_STDDEF_H

#if __has_include_next(<linux/stddef.h>)
#include_next <linux/stddef.h>	/* __struct_group and friends */
#endif
#include <stddef.h>
#include <stdbool.h>

#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#define offsetofend(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))

#endif /* KWORK_LINUX_STDDEF_H */
