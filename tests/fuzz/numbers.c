/*
 * Fuzz target 3: the number parsers (kx_parse_u64, kx_parse_range), the
 * formatting they are paired with (kx_hex, kx_dec, kx_join) and fs2dt's
 * edit syntax (dtb_parse_value, dtb_parse_spec), each against a reference
 * written here another way: 128-bit arithmetic instead of a division
 * check, snprintf instead of digit loops.
 */
#include "fuzz.h"
#include "dtb.h"
#include "kxtool.h"

/* The rule in the README: 0x or 0X then hex digits, or decimal digits; nothing else. */
static int ref_u64(const char *s, size_t n, uint64_t *out)
{
	unsigned __int128 v = 0;
	unsigned base = 10;
	size_t i = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		int c = s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * base + d;
		if (v > UINT64_MAX)
			return -1;
	}
	*out = (uint64_t)v;
	return 0;
}

static void numbers(const char *s)
{
	uint64_t v = 0, w = 0, a = 0, z = 0, ra = 0, rz = 0;
	char buf[KX_NUMBUF], ref[64];
	const char *comma = strchr(s, ',');
	int got, want;

	got = kx_parse_u64(s, &v);
	want = ref_u64(s, strlen(s), &w);
	FZ_CHECK(got == want && (got || v == w));
	if (!got) {
		/* Formatting and parsing agree both ways. */
		snprintf(ref, sizeof(ref), "0x%llx", (unsigned long long)v);
		FZ_CHECK(!strcmp(kx_hex(buf, v), ref));
		snprintf(ref, sizeof(ref), "%llu", (unsigned long long)v);
		FZ_CHECK(!strcmp(kx_dec(buf, v), ref));
		FZ_CHECK(!kx_parse_u64(kx_hex(buf, v), &w) && w == v);
		FZ_CHECK(!kx_parse_u64(kx_dec(buf, v), &w) && w == v);
	}
	got = kx_parse_range(s, &a, &z);
	want = !comma || ref_u64(s, comma - s, &ra) ||
	       ref_u64(comma + 1, strlen(comma + 1), &rz) ||
	       (unsigned __int128)ra + rz > UINT64_MAX ? -1 : 0;
	FZ_CHECK(got == want && (got || (a == ra && z == rz)));
}

static void join(const char *s, size_t cap)
{
	size_t n = strlen(s), cut = n / 3;
	char *dst = malloc(cap ? cap : 1), *a = strndup(s, cut), *b = strndup(s + cut, cut);
	const char *c = s + 2 * cut;
	char *r = kx_join(dst, cap, a, b, c);

	FZ_CHECK(r ? n < cap && !strcmp(r, s) : n >= cap);
	free(dst);
	free(a);
	free(b);
}

/* A reference for the value forms: <cells>, [bytes], "string", text. */
static int ref_value(const char *s, unsigned char *out, size_t *len)
{
	size_t n = strlen(s), i, k;
	uint64_t v;

	*len = 0;
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		for (i = 1; i < n - 1;) {
			if (s[i] == ' ' || s[i] == '\t') {
				i++;
				continue;
			}
			for (k = i; k < n - 1 && s[k] != ' ' && s[k] != '\t'; k++)
				;
			if (ref_u64(s + i, k - i, &v) || v > UINT32_MAX)
				return -1;
			out[(*len)++] = v >> 24;
			out[(*len)++] = v >> 16;
			out[(*len)++] = v >> 8;
			out[(*len)++] = v;
			i = k;
		}
		return 0;
	}
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		for (i = 1; i < n - 1;) {
			unsigned hi, lo;

			if (s[i] == ' ' || s[i] == '\t') {
				i++;
				continue;
			}
			if (i + 2 > n - 1 || sscanf((char[3]){ s[i], 0, 0 }, "%1x", &hi) != 1 ||
			    sscanf((char[3]){ s[i + 1], 0, 0 }, "%1x", &lo) != 1)
				return -1;
			out[(*len)++] = hi << 4 | lo;
			i += 2;
		}
		return 0;
	}
	if (s[0] == '<' || s[0] == '[')
		return -1;
	if (s[0] == '"') {
		if (n < 2 || s[n - 1] != '"')
			return -1;
		memcpy(out, s + 1, n - 2);
		out[n - 2] = 0;
		*len = n - 1;
		return 0;
	}
	memcpy(out, s, n + 1);
	*len = n + 1;
	return 0;
}

static void value(const char *s)
{
	size_t room = 2 * strlen(s) + 8, len = 0, rlen = 0;
	/* Exactly the room dtb.h promises: ASan sees a byte more. */
	unsigned char *out = malloc(room), *ref = malloc(room);
	int got = dtb_parse_value(s, out, &len), want = ref_value(s, ref, &rlen);

	FZ_CHECK(got == want);
	if (!got)
		FZ_CHECK(len == rlen && len <= room && !memcmp(out, ref, len));
	free(out);
	free(ref);
}

static int ref_path_ok(const char *p)
{
	size_t n = strlen(p);

	return p[0] == '/' && (n == 1 || (!strstr(p, "//") && p[n - 1] != '/'));
}

static void spec(const char *s, int with_value)
{
	char *copy = strdup(s), *val;
	const char *eq = with_value ? strchr(s, '=') : NULL, *colon;
	size_t head = eq ? (size_t)(eq - s) : strlen(s);
	char *path = strndup(s, head), *prop = NULL;
	struct dtb_edit e;
	int got = dtb_parse_spec(copy, with_value, &e, &val), want;

	/* The reference: split at the first '=', then at the last ':'. */
	colon = strrchr(path, ':');
	if (colon) {
		prop = strdup(colon + 1);
		path[colon - path] = 0;
	}
	want = (prop && (!*prop || strchr(prop, '/'))) || !ref_path_ok(path) ||
	       (with_value && !prop) || (!prop && !strcmp(path, "/")) ? -1 : 0;
	FZ_CHECK(got == want);
	if (!got) {
		FZ_CHECK(!strcmp(e.path, path));
		FZ_CHECK(prop ? e.prop && !strcmp(e.prop, prop) : !e.prop);
		FZ_CHECK(eq ? val && !strcmp(val, eq + 1) : !val);
	}
	free(copy);
	free(path);
	free(prop);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1)
		return 0;
	/* The first byte picks the join size; the rest is one C string. */
	s = strndup((const char *)data + 1, size - 1);
	numbers(s);
	join(s, data[0]);
	value(s);
	spec(s, 0);
	spec(s, 1);
	free(s);
	return 0;
}
