/*
 * linux/circ_buf.h - index arithmetic for a power-of-two ring buffer
 * (head: where the producer writes, tail: where the consumer reads). size
 * must be a power of two. The ordering between producer and consumer is
 * the caller's (smp_store_release / smp_load_acquire on head and tail, as
 * the kernel's circular-buffers document describes).
 */
#ifndef KWORK_LINUX_CIRC_BUF_H
#define KWORK_LINUX_CIRC_BUF_H

struct circ_buf {
	char *buf;
	int head;
	int tail;
};

/* Items in the buffer. */
#define CIRC_CNT(head, tail, size) (((head) - (tail)) & ((size) - 1))
/* Free slots (one stays empty so full and empty differ). */
#define CIRC_SPACE(head, tail, size) CIRC_CNT((tail), ((head) + 1), (size))
/* Items readable without wrapping past the end of the array. */
#define CIRC_CNT_TO_END(head, tail, size)                                     \
	({                                                                    \
		int __kw_end = (size) - (tail);                               \
		int __kw_n = ((head) + __kw_end) & ((size) - 1);              \
		__kw_n < __kw_end ? __kw_n : __kw_end;                        \
	})
/* Free slots writable without wrapping past the end of the array. */
#define CIRC_SPACE_TO_END(head, tail, size)                                   \
	({                                                                    \
		int __kw_end = (size) - 1 - (head);                           \
		int __kw_n = (__kw_end + (tail)) & ((size) - 1);              \
		__kw_n <= __kw_end ? __kw_n : __kw_end + 1;                   \
	})

#endif /* KWORK_LINUX_CIRC_BUF_H */
