/* linux/hex.h - hex digits to and from binary, as the kernel's lib/hexdump.c. */
#ifndef KWORK_LINUX_HEX_H
#define KWORK_LINUX_HEX_H
#include <linux/types.h>
#include <stddef.h>
#include <errno.h>
#define hex_asc_lo(x) ("0123456789abcdef"[(x) & 0x0f])
#define hex_asc_hi(x) ("0123456789abcdef"[((x) & 0xf0) >> 4])
/* Return: the value of hex digit ch, or -1. */
static inline int hex_to_bin(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}
/* count bytes from 2*count hex digits. Return: 0 or -EINVAL. */
static inline int hex2bin(u8 *dst, const char *src, size_t count)
{
	while (count--) {
		int hi = hex_to_bin((unsigned char)*src++);
		if (hi < 0)
			return -EINVAL;
		int lo = hex_to_bin((unsigned char)*src++);
		if (lo < 0)
			return -EINVAL;
		*dst++ = (u8)((hi << 4) | lo);
	}
	return 0;
}
/* Return: the end of the 2*count lowercase digits written (no NUL). */
static inline char *bin2hex(char *dst, const void *src, size_t count)
{
	const unsigned char *p = (const unsigned char *)src;
	while (count--) {
		*dst++ = hex_asc_hi(*p);
		*dst++ = hex_asc_lo(*p);
		p++;
	}
	return dst;
}
#endif /* KWORK_LINUX_HEX_H */
