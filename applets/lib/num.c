/*
 * kxtool: numbers as the seed spells them (0x-hex or decimal), small
 * formatting without printf, and the few string helpers kxtool needs. Pure:
 * no I/O but the usage errors of kx_arg_*.
 */
#include <stdint.h>
#include <string.h>

#include "kxtool.h"

char *kx_join(char *dst, size_t cap, const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);

	if (la + lb + lc >= cap)
		return NULL;
	memcpy(dst, a, la);
	memcpy(dst + la, b, lb);
	memcpy(dst + la + lb, c, lc + 1);
	return dst;
}

char *kx_hex(char buf[KX_NUMBUF], uint64_t v)
{
	char *p = buf + KX_NUMBUF - 1;

	*p = 0;
	do
		*--p = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	*--p = 'x';
	*--p = '0';
	return p;
}

char *kx_dec(char buf[KX_NUMBUF], uint64_t v)
{
	char *p = buf + KX_NUMBUF - 1;

	*p = 0;
	do
		*--p = '0' + v % 10;
	while (v /= 10);
	return p;
}

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Digits of BASE from S up to END, all of them, no overflow: 0, or -1. */
static int parse_digits(const char *s, const char *end, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	int d;

	if (s == end)
		return -1;
	for (; s < end; s++) {
		d = digit_value(*s);
		if (d >= (int)base || v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/*
 * Hand-rolled rather than strtoull: strtoull accepts leading blanks and a
 * minus sign, and the seed's tools are fed addresses where "-1" silently
 * becoming 0xffffffffffffffff would load a segment nowhere sensible.
 */
int kx_parse_span(const char *s, const char *end, uint64_t *out)
{
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_digits(s + 2, end, 16, out);
	return parse_digits(s, end, 10, out);
}

int kx_parse_hex(const char *s, const char *end, uint64_t *out)
{
	return parse_digits(s, end, 16, out);
}

int kx_parse_u64(const char *s, uint64_t *out)
{
	return kx_parse_span(s, s + strlen(s), out);
}

int kx_parse_range(const char *s, uint64_t *addr, uint64_t *size)
{
	const char *comma = kx_strchr(s, ',');

	if (!comma || kx_parse_span(s, comma, addr) || kx_parse_u64(comma + 1, size))
		return -1;
	return *addr + *size < *addr ? -1 : 0;
}

static _Noreturn void bad_arg(const char *opt, const char *why, const char *arg)
{
	char what[64];

	kx_usage(kx_join(what, sizeof(what), opt, why, ""), arg);
}

uint64_t kx_arg_u64(const char *opt, const char *arg)
{
	uint64_t v;

	if (kx_parse_u64(arg, &v))
		bad_arg(opt, ": not a number (0x-hex or decimal)", arg);
	return v;
}

void kx_arg_range(const char *opt, const char *arg, uint64_t *addr, uint64_t *size)
{
	if (kx_parse_range(arg, addr, size))
		bad_arg(opt, ": not ADDR,SIZE, or the range wraps", arg);
}

/* Through uintptr_t: the C library's strchr drops const the same way. */
char *kx_strchr(const char *s, int c)
{
	for (; *s != (char)c; s++)
		if (!*s)
			return NULL;
	return (char *)(uintptr_t)s;
}

char *kx_strrchr(const char *s, int c)
{
	const char *last = NULL;

	do
		if (*s == (char)c)
			last = s;
	while (*s++);
	return (char *)(uintptr_t)last;
}


uint64_t kx_get_uint(const void *p, unsigned n, int big_endian)
{
	const unsigned char *b = p;
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)b[big_endian ? n - 1 - i : i] << 8 * i;
	return v;
}

void kx_set_uint(void *p, unsigned n, int big_endian, uint64_t v)
{
	unsigned char *b = p;
	unsigned i;

	for (i = 0; i < n; i++)
		b[big_endian ? n - 1 - i : i] = v >> 8 * i;
}
