/*
 * Unit tests of applets/lib/dtb*.c, the pure core of fs2dt: byte layout against
 * hand-built blobs, name order, drop rules, edits, reserve map, boot CPU,
 * limits and errors. Trees are fed through a small script language:
 *
 *   "{ prop=VALUE node@1{ empty } }"
 *
 * "{" opens the root, "NAME{" a node, "}" closes one, "NAME=VALUE" is a
 * property (VALUE in -s syntax: <cells>, [bytes], "str" or text), "NAME"
 * an empty one. Blobs are read back by dump(), a reader written here
 * independently of dtb.c, into lines "PATH:PROP=HEX".
 */
#include <stdlib.h>
#include <string.h>

#include "dtb.h"
#include "kxtool.h"
#include "unit.h"

#define W(x) (x) >> 24 & 255, (x) >> 16 & 255, (x) >> 8 & 255, (x) & 255

static int fill_copy(void *ctx, unsigned char *dst, size_t len)
{
	memcpy(dst, ctx, len);
	return 0;
}

static int fill_fails(void *ctx, unsigned char *dst, size_t len)
{
	(void)ctx;
	(void)dst;
	(void)len;
	return -1;
}

/* Run SCRIPT through the core; the first error, or 0 with *BLOB set. */
static int build_cfg(const char *script, const struct dtb_config *cfg,
		     unsigned char **blob, size_t *len)
{
	char *s = strdup(script), *tok, *at = s, *eq;
	unsigned char val[512];
	struct dtb d;
	size_t n, vlen;
	int r, skip = 0;

	r = dtb_init(&d, cfg);
	while (!r && (tok = next_token(&at))) {
		n = strlen(tok);
		if (skip) {
			skip += tok[n - 1] == '{' ? 1 : !strcmp(tok, "}") ? -1 : 0;
			continue;
		}
		if (!strcmp(tok, "{")) {
			r = dtb_begin_node(&d, "");
		} else if (tok[n - 1] == '{') {
			tok[n - 1] = 0;
			r = dtb_begin_node(&d, tok);
			if (r == DTB_SKIP) {
				skip = 1;
				r = 0;
			}
		} else if (!strcmp(tok, "}")) {
			r = dtb_end_node(&d);
		} else {
			eq = strchr(tok, '=');
			vlen = 0;
			if (eq) {
				*eq = 0;
				if (dtb_parse_value(eq + 1, val, &vlen))
					abort();
			}
			r = dtb_prop(&d, tok, vlen, fill_copy, val);
		}
	}
	free(s);
	if (!r)
		r = dtb_finish(&d, blob, len);
	dtb_free(&d);
	return r;
}

static const struct dtb_config plain;

/* ---- an independent reader ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static char out[1 << 16];

static void say(const char *a, const char *b)
{
	strcat(out, a);
	strcat(out, b);
}

static void say_hex(uint64_t v)
{
	char buf[KX_NUMBUF];

	strcat(out, kx_hex(buf, v));
}

/*
 * The blob as text: "rsv ADDR SIZE" lines, "cpu N", then "PATH" for each
 * node and "PATH:PROP=HEX" for each property. NULL when the blob breaks a
 * rule of the format.
 */
static const char *dump(const unsigned char *b, size_t len)
{
	uint32_t total, off_st, off_str, off_rsv, st_size, str_size, tok, plen, noff;
	char path[1024] = "", hex[3];
	size_t at, end, i;
	int depth = 0;

	out[0] = 0;
	if (len < 40 || be32(b) != 0xd00dfeed || be32(b + 20) != 17 || be32(b + 24) != 16)
		return NULL;
	total = be32(b + 4), off_st = be32(b + 8), off_str = be32(b + 12);
	off_rsv = be32(b + 16), str_size = be32(b + 32), st_size = be32(b + 36);
	if (total != len || off_rsv % 8 || off_st % 4 || off_rsv < 40 ||
	    off_st + st_size > off_str || off_str + str_size != total)
		return NULL;
	for (at = off_rsv;; at += 16) {
		if (at + 16 > off_st)
			return NULL;
		if (!be64(b + at + 8))
			break;
		say("rsv ", "");
		say_hex(be64(b + at));
		say(" ", "");
		say_hex(be64(b + at + 8));
		say("\n", "");
	}
	say("cpu ", "");
	say_hex(be32(b + 28));
	say("\n", "");
	for (at = off_st, end = off_st + st_size; at + 4 <= end;) {
		tok = be32(b + at);
		at += 4;
		if (tok == 1) {
			const char *name = (const char *)b + at;
			size_t n = strnlen(name, end - at);

			if (at + n >= end || (depth == 0 && n))
				return NULL;
			if (depth > 1)
				strcat(path, "/");
			strcat(path, depth ? name : "/");
			say(path, "\n");
			depth++;
			at += (n + 4) & ~(size_t)3;
		} else if (tok == 2) {
			if (!depth--)
				return NULL;
			*(depth > 1 ? strrchr(path, '/') : path + (depth == 1)) = 0;
		} else if (tok == 3) {
			plen = be32(b + at);
			noff = be32(b + at + 4);
			at += 8;
			if (!depth || at + plen > end || noff >= str_size)
				return NULL;
			say(path, ":");
			say((const char *)b + off_str + noff, "=");
			for (i = 0; i < plen; i++) {
				hex[0] = "0123456789abcdef"[b[at + i] >> 4];
				hex[1] = "0123456789abcdef"[b[at + i] & 15];
				hex[2] = 0;
				say(hex, "");
			}
			say("\n", "");
			at += (plen + 3) & ~3u;
		} else if (tok == 9) {
			return depth || at != end ? NULL : out;
		} else {
			return NULL;
		}
	}
	return NULL;
}

/* The names of dtb.h's codes, DTB_ENOMEM (-1) first. */
static const char *const codes[] = {
	"DTB_ENOMEM", "DTB_ETOOBIG", "DTB_ENAME", "DTB_EORDER", "DTB_EDEPTH",
	"DTB_ERESERVE", "DTB_ECELLS", "DTB_EFILL", "DTB_EPATH", "DTB_EWRAP",
};

/* Build and dump; the text, or the error's DTB_E* name. */
static const char *tree_cfg(const char *script, const struct dtb_config *cfg)
{
	unsigned char *blob;
	size_t len;
	int r = build_cfg(script, cfg, &blob, &len);
	const char *t;

	if (r)
		return r < 0 && r >= DTB_ELAST ? codes[-r - 1] : "unknown code";
	t = dump(blob, len);
	free(blob);
	return t ? t : "malformed";
}

static const char *tree(const char *script)
{
	return tree_cfg(script, &plain);
}

static int same(const char *got, const char *want)
{
	if (strcmp(got, want))
		printf("  want:\n%s  got:\n%s", want, got);
	return !strcmp(got, want);
}

/* ---- byte layout ---- */

static int blob_is(const char *script, const struct dtb_config *cfg,
		   const unsigned char *want, size_t want_len)
{
	unsigned char *blob = NULL;
	size_t len;
	int ok = !build_cfg(script, cfg, &blob, &len) && len == want_len &&
		 !memcmp(blob, want, len);

	if (!ok)
		printf("  layout differs for %s\n", script);
	free(blob);
	return ok;
}

static void test_layout(void)
{
	static const unsigned char empty[] = {
		W(0xd00dfeed), W(0x48), W(0x38), W(0x48), W(0x28), W(17), W(16),
		W(0), W(0), W(0x10),
		W(0), W(0), W(0), W(0),			/* reserve map: the end */
		W(1), W(0), W(2), W(9),			/* root, end, end of tree */
	};
	/*
	 * Two properties named "a" share one string; "n@1" pads to 4 bytes,
	 * "xy" to 4 with its NUL; the empty property has no value at all.
	 */
	static const unsigned char small[] = {
		W(0xd00dfeed), W(0x94), W(0x48), W(0x90), W(0x28), W(17), W(16),
		W(0x12345678), W(4), W(0x48),
		W(0), W(0x5000100), W(0), W(0x94),	/* -b: the blob itself */
		W(0), W(0), W(0), W(0),
		W(1), W(0),
		W(3), W(3), W(0), 'x', 'y', 0, 0,	/* a = "xy" */
		W(3), W(4), W(2), W(7),			/* b = <7> */
		W(1), 'n', '@', '1', 0,
		W(3), W(0), W(0),			/* a; */
		W(2), W(2), W(9),
		'a', 0, 'b', 0,				/* strings: "a", "b" */
	};
	struct dtb_config cfg = { 0 };

	cfg.have_blob_addr = 1;
	cfg.blob_addr = 0x5000100;
	cfg.have_cpuid = 1;
	cfg.cpuid = 0x12345678;
	CHECK("layout: empty root, byte for byte", blob_is("{ }", &plain, empty, sizeof(empty)));
	CHECK("layout: props, node, -b, -B, shared string, byte for byte",
	      blob_is("{ a=xy b=<7> n@1{ a } }", &cfg, small, sizeof(small)));
}

/* ---- order ---- */

static int sign(int v)
{
	return v < 0 ? -1 : v > 0;
}

static void test_order(void)
{
	static const struct { const char *a, *b; int want; } pairs[] = {
		{ "memory@f000000", "memory@10000000", -1 },
		{ "memory@10000000", "memory@f000000", 1 },
		{ "memory", "memory@0", -1 },
		{ "cpu@0", "cpus", -1 },
		{ "a@1,2", "a@1,10", -1 },
		{ "a@1", "a@1,0", -1 },
		{ "a@ff", "a@g", -1 },		/* hex before non-hex */
		{ "a@10", "a@1g", -1 },
		{ "a@0f", "a@f", -1 },		/* same value: bytewise */
		{ "a@F", "a@f", -1 },
		{ "pci@800000020000000", "pci@80000002000000", 1 },
		{ "#size-cells", "#address-cells", 1 },
		{ "x", "x", 0 },
		{ "a@", "a@0", 1 },
	};
	/* A set where "numeric if both hex, else bytewise" has a cycle. */
	static char set[][8] = {
		"n@f", "n@10", "n@1g", "n", "n@0", "n@00", "n@g", "n@1,2", "n@1,g",
		"n@A", "n@a", "n@", "n@,", "m@1", "o", "n@1@2", "n@1,02", "n@1,2,3",
	};
	size_t n = sizeof(set) / sizeof(set[0]), i, j, k;
	char *v[32], *w[32];
	int ok = 1;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char name[80];

		kx_join(name, sizeof(name), pairs[i].a, " vs ", pairs[i].b);
		CHECK(name, sign(dtb_name_cmp(pairs[i].a, pairs[i].b)) == pairs[i].want);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			ok &= sign(dtb_name_cmp(set[i], set[j])) == -sign(dtb_name_cmp(set[j], set[i]));
			ok &= (i == j) == !dtb_name_cmp(set[i], set[j]);
			for (k = 0; k < n; k++)
				if (dtb_name_cmp(set[i], set[j]) < 0 && dtb_name_cmp(set[j], set[k]) < 0)
					ok &= dtb_name_cmp(set[i], set[k]) < 0;
		}
	CHECK("order: antisymmetric, total and transitive", ok);
	/* Sorting any rotation or reversal gives one order. */
	for (i = 0; i < n; i++)
		w[i] = set[i];
	dtb_sort(w, n);
	for (ok = 1, i = 0; i + 1 < n; i++)
		ok &= dtb_name_cmp(w[i], w[i + 1]) < 0;
	for (k = 0; k < n; k++) {
		for (i = 0; i < n; i++)
			v[i] = set[(k % 2 ? n - 1 - i : i + k) % n];
		dtb_sort(v, n);
		ok &= !memcmp(v, w, n * sizeof(*v));
	}
	CHECK("sort: same result from every starting order", ok);
	{
		char *big[3000], names[3000][12];

		for (i = 0; i < 3000; i++) {
			memcpy(names[i], "cpu@", 4);
			strcpy(names[i] + 4, kx_hex((char[KX_NUMBUF]){ 0 }, (i * 7919) % 3000) + 2);
			big[i] = names[i];
		}
		dtb_sort(big, 3000);
		for (ok = 1, i = 0; i < 3000; i++)
			ok &= strtoul(big[i] + 4, NULL, 16) == i;
		CHECK("sort: 3000 unit addresses in numeric order", ok);
	}
	CHECK("order: nodes sorted by unit address",
	      same(tree("{ memory@f000000{ } memory@10000000{ } }"),
		   "cpu 0x0\n/\n/memory@f000000\n/memory@10000000\n"));
	CHECK("order: unsorted properties refused", !strcmp(tree("{ b a }"), "DTB_EORDER"));
	CHECK("order: unsorted nodes refused", !strcmp(tree("{ b{ } a{ } }"), "DTB_EORDER"));
	CHECK("order: a property after a node refused", !strcmp(tree("{ n{ } p }"), "DTB_EORDER"));
	CHECK("order: duplicate name refused", !strcmp(tree("{ a a }"), "DTB_EORDER"));
	CHECK("order: a property and a node may share a name",
	      same(tree("{ a a{ } }"), "cpu 0x0\n/\n/:a=\n/a\n"));
}

/* ---- what is dropped ---- */

static const char chosen_script[] =
	"{ chosen{ bootargs=x linux,crashkernel-base=<1> linux,crashkernel-size=<2> "
	"linux,htab-base=<3> linux,htab-size=<4> linux,initrd-end=<5> "
	"linux,initrd-start=<6> linux,kernel-end=<7> linux,memory-limit=<8> "
	"linux,pci-domain=<9> linux,stdout-path=/vdevice name=chosen } "
	"n{ linux,kernel-end=<7> } }";

static void test_drops(void)
{
	struct dtb_config keep = { 0 };

	keep.keep = 1;
	CHECK("drop: the old kernel's /chosen properties, nothing else",
	      same(tree(chosen_script),
		   "cpu 0x0\n/\n/chosen\n/chosen:bootargs=7800\n"
		   "/chosen:linux,pci-domain=00000009\n"
		   "/chosen:linux,stdout-path=2f7664657669636500\n"
		   "/chosen:name=63686f73656e00\n"
		   "/n\n/n:linux,kernel-end=00000007\n"));
	CHECK("drop: --keep keeps all 12",
	      same(tree_cfg(chosen_script, &keep),
		   "cpu 0x0\n/\n/chosen\n/chosen:bootargs=7800\n"
		   "/chosen:linux,crashkernel-base=00000001\n"
		   "/chosen:linux,crashkernel-size=00000002\n"
		   "/chosen:linux,htab-base=00000003\n/chosen:linux,htab-size=00000004\n"
		   "/chosen:linux,initrd-end=00000005\n/chosen:linux,initrd-start=00000006\n"
		   "/chosen:linux,kernel-end=00000007\n/chosen:linux,memory-limit=00000008\n"
		   "/chosen:linux,pci-domain=00000009\n"
		   "/chosen:linux,stdout-path=2f7664657669636500\n"
		   "/chosen:name=63686f73656e00\n"
		   "/n\n/n:linux,kernel-end=00000007\n"));
	CHECK("drop: only /chosen, not /a/chosen",
	      same(tree("{ a{ chosen{ linux,kernel-end } } }"),
		   "cpu 0x0\n/\n/a\n/a/chosen\n/a/chosen:linux,kernel-end=\n"));
}

/* ---- reserve map and boot CPU ---- */

static void test_reserves(void)
{
	struct dtb_range extra[] = { { 0x10000000, 0x200000 }, { 0x1000, 0 }, { 0x2000, 0x10 } };
	struct dtb_config cfg = { 0 };
	unsigned char *blob;
	struct dtb d;
	size_t len;

	CHECK("reserve: rtas u32, opal u64, tce u64+u32, reserved-ranges 2+2 cells",
	      same(tree("{ #address-cells=<2> #size-cells=<2> "
			"reserved-ranges=<0 0x7f000000 0 0x10000 0 0x7f800000 0 0x20000> "
			"ibm,opal{ opal-base-address=<0 0x30000000> opal-runtime-size=<0 0x1000> } "
			"pci@800000020000000{ linux,tce-base=<0 0x7e000000> linux,tce-size=<0x80000> } "
			"rtas{ linux,rtas-base=<0x2fff0000> rtas-size=<0x85c> } }"),
		   "rsv 0x30000000 0x1000\nrsv 0x7e000000 0x80000\nrsv 0x2fff0000 0x85c\n"
		   "rsv 0x7f000000 0x10000\nrsv 0x7f800000 0x20000\ncpu 0x0\n"
		   "/\n/:#address-cells=00000002\n/:#size-cells=00000002\n"
		   "/:reserved-ranges=000000007f0000000000000000010000000000007f8000000000000000020000\n"
		   "/ibm,opal\n/ibm,opal:opal-base-address=0000000030000000\n"
		   "/ibm,opal:opal-runtime-size=0000000000001000\n"
		   "/pci@800000020000000\n/pci@800000020000000:linux,tce-base=000000007e000000\n"
		   "/pci@800000020000000:linux,tce-size=00080000\n"
		   "/rtas\n/rtas:linux,rtas-base=2fff0000\n/rtas:rtas-size=0000085c\n"));
	CHECK("reserve: reserved-ranges with default cells (1, 1)",
	      same(tree("{ reserved-ranges=<0x1000 0x10 0x2000 0> }"),
		   "rsv 0x1000 0x10\ncpu 0x0\n/\n/:reserved-ranges=00001000000000100000200000000000\n"));
	CHECK("reserve: a zero size is left out, it would end the map",
	      same(tree("{ rtas{ linux,rtas-base=<0x1000> rtas-size=<0> } }"),
		   "cpu 0x0\n/\n/rtas\n/rtas:linux,rtas-base=00001000\n/rtas:rtas-size=00000000\n"));
	CHECK("reserve: half a pair reserves nothing",
	      same(tree("{ rtas{ rtas-size=<0x85c> } }"),
		   "cpu 0x0\n/\n/rtas\n/rtas:rtas-size=0000085c\n"));
	CHECK("reserve: a 3-byte base is refused",
	      !strcmp(tree("{ rtas{ linux,rtas-base=[000010] rtas-size=<1> } }"), "DTB_ERESERVE"));
	CHECK("reserve: reserved-ranges not a whole number of pairs",
	      !strcmp(tree("{ reserved-ranges=<1 2 3> }"), "DTB_ERESERVE"));
	CHECK("reserve: #address-cells 3 refused for reserved-ranges",
	      !strcmp(tree("{ #address-cells=<3> reserved-ranges=<1 2 3 4> }"), "DTB_ECELLS"));
	CHECK("reserve: #address-cells 3 is fine without reserved-ranges",
	      !strncmp(tree("{ #address-cells=<3> }"), "cpu", 3));
	cfg.reserves = extra;
	cfg.n_reserves = 3;
	cfg.have_blob_addr = 1;
	cfg.blob_addr = 0x5000100;
	CHECK("reserve: blob first, tree, then the caller's ranges without zero sizes",
	      same(tree_cfg("{ rtas{ linux,rtas-base=<0x2fff0000> rtas-size=<0x85c> } }", &cfg),
		   "rsv 0x5000100 0xd2\nrsv 0x2fff0000 0x85c\nrsv 0x10000000 0x200000\n"
		   "rsv 0x2000 0x10\ncpu 0x0\n/\n/rtas\n/rtas:linux,rtas-base=2fff0000\n"
		   "/rtas:rtas-size=0000085c\n"));
	cfg.blob_addr = 0xffffffffffffffc0;
	CHECK("reserve: the blob's range may not wrap", !strcmp(tree_cfg("{ }", &cfg), "DTB_EWRAP"));

	CHECK("cpu: reg of the first cpu node in output order",
	      same(tree("{ cpus{ cpu@8{ device_type=cpu reg=<8> } cpu@10{ device_type=cpu reg=<0x10> } } }"),
		   "cpu 0x8\n/\n/cpus\n/cpus/cpu@8\n/cpus/cpu@8:device_type=63707500\n"
		   "/cpus/cpu@8:reg=00000008\n/cpus/cpu@10\n/cpus/cpu@10:device_type=63707500\n"
		   "/cpus/cpu@10:reg=00000010\n"));
	CHECK("cpu: a cpu node without reg is passed over",
	      !strncmp(tree("{ a{ device_type=cpu } b{ device_type=cpu reg=<3 4> } }"), "cpu 0x3\n", 8));
	CHECK("cpu: device_type must be exactly \"cpu\"",
	      !strncmp(tree("{ a{ device_type=cpus reg=<3> } }"), "cpu 0x0\n", 8));
	memset(&cfg, 0, sizeof(cfg));
	cfg.have_cpuid = 1;
	cfg.cpuid = 0x20;
	CHECK("cpu: -B wins",
	      !strncmp(tree_cfg("{ a{ device_type=cpu reg=<3> } }", &cfg), "cpu 0x20\n", 9));

	/* Limits and errors that need the API itself. */
	dtb_init(&d, &plain);
	dtb_begin_node(&d, "");
	CHECK("error: a failing fill", dtb_prop(&d, "x", 4, fill_fails, NULL) == DTB_EFILL);
	dtb_free(&d);
	dtb_init(&d, &plain);
	CHECK("error: the root must be \"\"", dtb_begin_node(&d, "x") == DTB_EORDER);
	dtb_begin_node(&d, "");
	CHECK("error: an empty node name", dtb_begin_node(&d, "") == DTB_ENAME);
	CHECK("error: an empty property name", dtb_prop(&d, "", 0, fill_copy, NULL) == DTB_ENAME);
	CHECK("error: finish with the root open", dtb_finish(&d, &blob, &len) == DTB_EORDER);
	dtb_free(&d);
}

/* ---- edits ---- */

static const char *edited(const char *script, const char *const *specs)
{
	static struct dtb_edit e[16];
	static unsigned char vals[16][256];
	struct dtb_config cfg = { 0 };
	char *spec[16], *value;
	const char *result = NULL;
	int n, i;

	for (n = 0; specs[n]; n++) {
		/* The edits point into the copies: freed once the tree is built. */
		spec[n] = strdup(specs[n] + 2);
		if (dtb_parse_spec(spec[n], specs[n][0] == 's', &e[n], &value)) {
			result = "bad spec";
			n++;
			break;
		}
		if (specs[n][0] == 's') {
			e[n].value = "";
			if (value && dtb_parse_value(value, vals[n], &e[n].len)) {
				result = "bad value";
				n++;
				break;
			}
			if (value)
				e[n].value = vals[n];
		}
	}
	cfg.edits = e;
	cfg.n_edits = n;
	if (!result)
		result = tree_cfg(script, &cfg);
	for (i = 0; i < n; i++)
		free(spec[i]);
	return result;
}

#define EDITS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_edits(void)
{
	const char *base = "{ a=<1> c=<3> chosen{ bootargs=old } z{ } }";

	CHECK("edit: replace a property",
	      same(edited(base, EDITS("s /:c=<0x33>")),
		   "cpu 0x0\n/\n/:a=00000001\n/:c=00000033\n/chosen\n/chosen:bootargs=6f6c6400\n/z\n"));
	CHECK("edit: new properties in sorted place, first and last and between",
	      same(edited(base, EDITS("s /:b=[0b]", "s /:0=", "s /:d")),
		   "cpu 0x0\n/\n/:0=00\n/:a=00000001\n/:b=0b\n/:c=00000003\n/:d=\n"
		   "/chosen\n/chosen:bootargs=6f6c6400\n/z\n"));
	CHECK("edit: delete a property and a node",
	      same(edited(base, EDITS("d /:a", "d /chosen")),
		   "cpu 0x0\n/\n/:c=00000003\n/z\n"));
	CHECK("edit: deleting what is not there is no error",
	      same(edited(base, EDITS("d /:nope", "d /nope", "d /nope/deeper:x")),
		   "cpu 0x0\n/\n/:a=00000001\n/:c=00000003\n/chosen\n/chosen:bootargs=6f6c6400\n/z\n"));
	CHECK("edit: later edits win",
	      same(edited(base, EDITS("s /:a=<2>", "d /:a", "s /:c=<4>", "s /:c=<5>")),
		   "cpu 0x0\n/\n/:c=00000005\n/chosen\n/chosen:bootargs=6f6c6400\n/z\n"));
	CHECK("edit: delete a node, then set in it: a fresh node",
	      same(edited(base, EDITS("d /chosen", "s /chosen:bootargs=new")),
		   "cpu 0x0\n/\n/:a=00000001\n/:c=00000003\n/chosen\n/chosen:bootargs=6e657700\n/z\n"));
	CHECK("edit: set in a node, then delete it: gone",
	      same(edited(base, EDITS("s /chosen:x=1", "d /chosen")),
		   "cpu 0x0\n/\n/:a=00000001\n/:c=00000003\n/z\n"));
	CHECK("edit: create /chosen when missing, in sorted place",
	      same(edited("{ aa{ } zz{ } }", EDITS("s /chosen:bootargs=console=hvc0")),
		   "cpu 0x0\n/\n/aa\n/chosen\n/chosen:bootargs=636f6e736f6c653d6876633000\n/zz\n"));
	CHECK("edit: create nested nodes, before, between and after real ones",
	      same(edited("{ m{ } }", EDITS("s /a/b@10:x=<1>", "s /a/b@f:y", "s /z:q=\"<s>\"",
					   "s /m/k:v=[]")),
		   "cpu 0x0\n/\n/a\n/a/b@f\n/a/b@f:y=\n/a/b@10\n/a/b@10:x=00000001\n"
		   "/m\n/m/k\n/m/k:v=\n/z\n/z:q=3c733e00\n"));
	CHECK("edit: a set wins over a drop",
	      same(edited("{ chosen{ linux,initrd-start=<1> } }",
			  EDITS("s /chosen:linux,initrd-start=<0 0x2c90000>")),
		   "cpu 0x0\n/\n/chosen\n/chosen:linux,initrd-start=0000000002c90000\n"));
	CHECK("edit: deleted subtree's nodes are skipped whole",
	      same(edited("{ a{ b{ c{ x } } } d{ } }", EDITS("d /a/b")),
		   "cpu 0x0\n/\n/a\n/d\n"));
	CHECK("edit: edited values feed the reserve map",
	      !strncmp(edited("{ rtas{ linux,rtas-base=<0x1000> rtas-size=<0x10> } }",
			      EDITS("s /rtas:rtas-size=<0x20>")), "rsv 0x1000 0x20\n", 16));
	CHECK("edit: a property of the root",
	      same(edited("{ }", EDITS("s /:model=x")), "cpu 0x0\n/\n/:model=7800\n"));
}

static void test_syntax(void)
{
	static const struct { const char *in; int ok; size_t len; const char *bytes; } vals[] = {
		{ "<1 0x2>", 1, 8, "\0\0\0\1\0\0\0\2" },
		{ "<  0xffffffff\t>", 1, 4, "\377\377\377\377" },
		{ "<>", 1, 0, "" },
		{ "<0x100000000>", 0, 0, "" },
		/* Found by tests/fuzz/numbers: leading zeros once overflowed a copy. */
		{ "<0000000000000000000000000000001 0x0000000000000000000000002>", 1, 8,
		  "\0\0\0\1\0\0\0\2" },
		{ "<00000000000000000000000000000004294967296>", 0, 0, "" },
		{ "<1 x>", 0, 0, "" },
		{ "<1", 0, 0, "" },
		{ "<-1>", 0, 0, "" },
		{ "[00 ff1A]", 1, 3, "\0\377\32" },
		{ "[]", 1, 0, "" },
		{ "[0]", 0, 0, "" },
		{ "[0g]", 0, 0, "" },
		{ "[00", 0, 0, "" },
		{ "\"<x>\"", 1, 4, "<x>" },
		{ "\"\"", 1, 1, "" },
		{ "\"", 0, 0, "" },
		{ "console=hvc0 root=/dev/sda", 1, 27, "console=hvc0 root=/dev/sda" },
		{ "", 1, 1, "" },
	};
	static const struct { const char *in; int with_value, ok; const char *path, *prop, *value; } specs[] = {
		{ "/chosen:bootargs=a=b:c", 1, 1, "/chosen", "bootargs", "a=b:c" },
		{ "/chosen:bootargs", 1, 1, "/chosen", "bootargs", NULL },
		{ "/:model=x", 1, 1, "/", "model", "x" },
		{ "/a/b@1,2:p=", 1, 1, "/a/b@1,2", "p", "" },
		{ "/chosen", 1, 0, NULL, NULL, NULL },
		{ "chosen:x=1", 1, 0, NULL, NULL, NULL },
		{ "/a//b:x=1", 1, 0, NULL, NULL, NULL },
		{ "/a/:x=1", 1, 0, NULL, NULL, NULL },
		{ "/a:=1", 1, 0, NULL, NULL, NULL },
		{ "/a:b/c=1", 1, 0, NULL, NULL, NULL },
		{ "/chosen", 0, 1, "/chosen", NULL, NULL },
		{ "/chosen:x", 0, 1, "/chosen", "x", NULL },
		{ "/", 0, 0, NULL, NULL, NULL },
		{ "/:x", 0, 1, "/", "x", NULL },
		{ "", 0, 0, NULL, NULL, NULL },
	};
	unsigned char buf[128];
	struct dtb_edit e;
	size_t i, len;
	char *value, spec[128];
	int ok;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		ok = !dtb_parse_value(vals[i].in, buf, &len);
		if (ok && vals[i].ok)
			ok = len == vals[i].len && !memcmp(buf, vals[i].bytes, len);
		/* A name that does not fit would repeat the last one. */
		if (!kx_join(spec, sizeof(spec), "value ", vals[i].in, ""))
			strcpy(spec, "value: a test value too long for its name");
		CHECK(spec, ok == vals[i].ok && strlen(vals[i].in) < sizeof(spec) - 7);
	}
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		char name[80];

		strcpy(spec, specs[i].in);
		ok = !dtb_parse_spec(spec, specs[i].with_value, &e, &value);
		if (ok && specs[i].ok)
			ok = !strcmp(e.path, specs[i].path) &&
			     (specs[i].prop ? e.prop && !strcmp(e.prop, specs[i].prop) : !e.prop) &&
			     (specs[i].value ? value && !strcmp(value, specs[i].value) : !value);
		kx_join(name, sizeof(name), specs[i].with_value ? "set spec " : "delete spec ",
			specs[i].in, "");
		CHECK(name, ok == specs[i].ok);
	}
}

int main(void)
{
	test_layout();
	test_order();
	test_drops();
	test_reserves();
	test_edits();
	test_syntax();
	return unit_done();
}
