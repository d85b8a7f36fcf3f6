/*
 * hexdump.c - hex_dump_to_buffer() and print_hex_dump(): the kernel's
 * lib/hexdump.c line format, so a driver's dumps read as they do in dmesg.
 *
 * Layer: platform (printk's neighbour). Any context: formats on the stack
 * and logs through kw_printk, one line per row.
 *
 * A row is rowsize (16 or 32) bytes shown as groups of groupsize (1, 2, 4
 * or 8) bytes, each group one native-endian number; with ascii the bytes
 * follow as text from column rowsize*2 + rowsize/groupsize + 1, '.' for a
 * byte that is not printable ASCII.
 */
#include <kwork/printk.h>

#include <stdint.h>
#include <string.h>

#define HEX_LINE_MAX (32 * 3 + 2 + 32 + 1)

static const char hex_digits[] = "0123456789abcdef";

static size_t put_group(char *out, const uint8_t *p, int groupsize)
{
	uint64_t v = 0;
	size_t n = 0;

	switch (groupsize) {
	case 8: { uint64_t x; memcpy(&x, p, 8); v = x; break; }
	case 4: { uint32_t x; memcpy(&x, p, 4); v = x; break; }
	case 2: { uint16_t x; memcpy(&x, p, 2); v = x; break; }
	default: v = *p; break;
	}
	for (int shift = groupsize * 8 - 4; shift >= 0; shift -= 4)
		out[n++] = hex_digits[(v >> shift) & 0xf];
	return n;
}

int kw_hex_dump_to_buffer(const void *buf, size_t len, int rowsize,
			  int groupsize, char *linebuf, size_t linebuflen,
			  bool ascii)
{
	char line[HEX_LINE_MAX];
	const uint8_t *p = buf;
	size_t lx = 0, column;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	if (len > (size_t)rowsize)
		len = (size_t)rowsize;
	if (groupsize != 1 && groupsize != 2 && groupsize != 4 && groupsize != 8)
		groupsize = 1;
	if (len % (size_t)groupsize)
		groupsize = 1;

	for (size_t i = 0; i < len; i += (size_t)groupsize) {
		if (i)
			line[lx++] = ' ';
		lx += put_group(line + lx, p + i, groupsize);
	}
	if (ascii && len) {
		column = (size_t)(rowsize * 2 + rowsize / groupsize + 1);
		while (lx < column)
			line[lx++] = ' ';
		for (size_t i = 0; i < len; i++)
			line[lx++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
	}
	line[lx] = '\0';
	if (linebuflen) {
		size_t n = lx < linebuflen - 1 ? lx : linebuflen - 1;
		memcpy(linebuf, line, n);
		linebuf[n] = '\0';
	}
	return (int)lx;
}

void kw_print_hex_dump(const char *level, const char *prefix_str,
		       int prefix_type, int rowsize, int groupsize,
		       const void *buf, size_t len, bool ascii)
{
	const uint8_t *p = buf;
	char line[HEX_LINE_MAX];

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += (size_t)rowsize) {
		size_t n = len - i < (size_t)rowsize ? len - i : (size_t)rowsize;

		kw_hex_dump_to_buffer(p + i, n, rowsize, groupsize, line,
				      sizeof(line), ascii);
		switch (prefix_type) {
		case KW_DUMP_PREFIX_ADDRESS:
			kw_printk("%s%s%p: %s\n", level, prefix_str, (const void *)(p + i), line);
			break;
		case KW_DUMP_PREFIX_OFFSET:
			kw_printk("%s%s%.8zx: %s\n", level, prefix_str, i, line);
			break;
		default:
			kw_printk("%s%s%s\n", level, prefix_str, line);
			break;
		}
	}
}
