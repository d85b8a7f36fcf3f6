/*
 * linux/ctype.h - character classes with the kernel's semantics,
 * independent of the C library's locale: ASCII plus ISO-8859-1 (Latin-1)
 * for 0xa0..0xff, as the kernel's table has it (0x80..0x9f are in no
 * class; 0xa0 is a space; 0xc0..0xde letters are upper except 0xd7,
 * 0xdf..0xff lower except 0xf7; tolower/toupper map A-Z and the Latin-1
 * letters by 0x20). Macros as in the kernel, so this header and <ctype.h>
 * do not go in one file.
 */
#ifndef KWORK_LINUX_CTYPE_H
#define KWORK_LINUX_CTYPE_H

#define KW__CT_U 0x01	/* upper */
#define KW__CT_L 0x02	/* lower */
#define KW__CT_D 0x04	/* digit */
#define KW__CT_C 0x08	/* control */
#define KW__CT_P 0x10	/* punctuation */
#define KW__CT_S 0x20	/* white space */
#define KW__CT_X 0x40	/* hex digit letter */
#define KW__CT_SP 0x80	/* the hard space (0x20, 0xa0) */

/* The class bits of byte c (computed, not tabled: small and branch-only). */
static inline unsigned int kw__ctype(int ch)
{
	unsigned int c = (unsigned char)ch;
	if (c < 0x20 || c == 0x7f)
		return KW__CT_C | (c >= '\t' && c <= '\r' ? KW__CT_S : 0);
	if (c == ' ' || c == 0xa0)
		return KW__CT_S | KW__CT_SP;
	if (c >= '0' && c <= '9')
		return KW__CT_D;
	if (c >= 'A' && c <= 'Z')
		return KW__CT_U | (c <= 'F' ? KW__CT_X : 0);
	if (c >= 'a' && c <= 'z')
		return KW__CT_L | (c <= 'f' ? KW__CT_X : 0);
	if (c < 0x80)
		return KW__CT_P;
	if (c < 0xa0)
		return 0;
	if (c < 0xc0 || c == 0xd7 || c == 0xf7)
		return KW__CT_P;
	return c < 0xdf ? KW__CT_U : KW__CT_L;
}

#define kw__ismask(c, m) ((kw__ctype(c) & (m)) != 0)
#define isupper(c) kw__ismask(c, KW__CT_U)
#define islower(c) kw__ismask(c, KW__CT_L)
#define isalpha(c) kw__ismask(c, KW__CT_U | KW__CT_L)
#define isdigit(c) kw__ismask(c, KW__CT_D)
#define isalnum(c) kw__ismask(c, KW__CT_U | KW__CT_L | KW__CT_D)
#define iscntrl(c) kw__ismask(c, KW__CT_C)
#define isspace(c) kw__ismask(c, KW__CT_S)
#define ispunct(c) kw__ismask(c, KW__CT_P)
#define isgraph(c) kw__ismask(c, KW__CT_P | KW__CT_U | KW__CT_L | KW__CT_D)
#define isprint(c) kw__ismask(c, KW__CT_P | KW__CT_U | KW__CT_L | KW__CT_D | KW__CT_SP)
#define isxdigit(c) kw__ismask(c, KW__CT_D | KW__CT_X)
#define isascii(c) (((unsigned char)(c)) <= 0x7f)
#define toascii(c) (((unsigned char)(c)) & 0x7f)

static inline unsigned char __tolower(unsigned char c)
{
	return isupper(c) ? (unsigned char)(c + 0x20) : c;
}
static inline unsigned char __toupper(unsigned char c)
{
	return islower(c) ? (unsigned char)(c - 0x20) : c;	/* 0xdf, 0xff too, as in the kernel */
}
#define tolower(c) __tolower(c)
#define toupper(c) __toupper(c)
/* Lowercase for a letter known to be ASCII (the kernel's _tolower). */
static inline char _tolower(const char c) { return (char)(c | 0x20); }
static inline int isodigit(const char c) { return c >= '0' && c <= '7'; }

#endif /* KWORK_LINUX_CTYPE_H */
