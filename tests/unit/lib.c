/* Unit tests of applets/lib/num.c: number parsing and formatting. */
#include <string.h>

#include "kxtool.h"
#include "unit.h"

static int parses(const char *s, uint64_t want)
{
	uint64_t v = 0;

	return kx_parse_u64(s, &v) == 0 && v == want;
}

static int rejects(const char *s)
{
	uint64_t v;

	return kx_parse_u64(s, &v) == -1;
}

int main(void)
{
	uint64_t a, z;
	char buf[KX_NUMBUF], join[8];

	CHECK("u64 decimal", parses("1234", 1234));
	CHECK("u64 hex lower", parses("0x5000100", 0x5000100));
	CHECK("u64 hex upper prefix and digits", parses("0XABCdef", 0xabcdef));
	CHECK("u64 max decimal", parses("18446744073709551615", UINT64_MAX));
	CHECK("u64 max hex", parses("0xffffffffffffffff", UINT64_MAX));
	CHECK("u64 overflow decimal", rejects("18446744073709551616"));
	CHECK("u64 overflow hex", rejects("0x10000000000000000"));
	CHECK("u64 empty", rejects(""));
	CHECK("u64 bare 0x", rejects("0x"));
	CHECK("u64 junk after", rejects("12k"));
	CHECK("u64 hex digit in decimal", rejects("12a"));
	CHECK("u64 minus", rejects("-1"));
	CHECK("u64 leading space", rejects(" 1"));
	CHECK("u64 plus", rejects("+1"));
	CHECK("range ok", kx_parse_range("0x1000,4096", &a, &z) == 0 && a == 0x1000 && z == 4096);
	CHECK("range no comma", kx_parse_range("0x1000", &a, &z) == -1);
	CHECK("range empty size", kx_parse_range("0x1000,", &a, &z) == -1);
	CHECK("range empty addr", kx_parse_range(",1", &a, &z) == -1);
	CHECK("range wraps", kx_parse_range("0xffffffffffffffff,2", &a, &z) == -1);
	CHECK("range ends at top", kx_parse_range("0xfffffffffffffffe,1", &a, &z) == 0);
	CHECK("range long addr", kx_parse_range("0000000000000000000000000000000000001,1", &a, &z) == 0 && a == 1);
	CHECK("hex 0", !strcmp(kx_hex(buf, 0), "0x0"));
	CHECK("hex max", !strcmp(kx_hex(buf, UINT64_MAX), "0xffffffffffffffff"));
	CHECK("dec 0", !strcmp(kx_dec(buf, 0), "0"));
	CHECK("dec max", !strcmp(kx_dec(buf, UINT64_MAX), "18446744073709551615"));
	CHECK("join fits", kx_join(join, sizeof(join), "ab", "/", "cdef") && !strcmp(join, "ab/cdef"));
	CHECK("join too long", !kx_join(join, sizeof(join), "ab", "/", "cdefg"));
	return unit_done();
}
