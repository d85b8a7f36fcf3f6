/* linux/stringify.h - __stringify: a macro argument, expanded, as a string. */
#ifndef KWORK_LINUX_STRINGIFY_H
#define KWORK_LINUX_STRINGIFY_H

#define __stringify_1(...) #__VA_ARGS__
#define __stringify(...) __stringify_1(__VA_ARGS__)

#endif /* KWORK_LINUX_STRINGIFY_H */
