/*
 * The DTB core's way in from a blob (applets/lib/dtb_read.c): dtb_feed_blob,
 * dtb_get and dtb_rsv. Trees are written in the script of tests/unit/dtb.c,
 *
 *   "{ prop=VALUE node@1{ empty } }"
 *
 * and made two ways: assemble() writes the tokens as given, in any order,
 * with the layout options real tools use (NOPs, version 16, the strings
 * block first, names not shared, a reserve map); build() feeds a sorted
 * script to the core. A blob assembled from an unsorted tree and fed back
 * must give the very bytes build() makes from the same tree sorted, under
 * the same drop rules and edits. Malformed blobs each give DTB_EBLOB, read
 * from buffers of exactly their length so that the sanitizer pass sees any
 * read past them.
 */
#include <stdlib.h>
#include <string.h>

#include "dtb.h"
#include "kxtool.h"
#include "unit.h"

#define FDT_MAGIC	0xd00dfeed
#define BEGIN		1
#define END_NODE	2
#define PROP		3
#define NOP		4
#define END		9
#define BLOCK		(1 << 17)

static const struct dtb_config plain;
static const struct dtb_config keep = { .keep = 1 };

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, v >> 32);
	put32(p + 4, v);
}

/* A property token NAME=VALUE or NAME: its name cut off in place, its value in VAL. */
static void prop_value(char *tok, unsigned char *val, size_t *vlen)
{
	char *eq = strchr(tok, '=');

	*vlen = 0;
	if (eq) {
		*eq = 0;
		if (dtb_parse_value(eq + 1, val, vlen))
			abort();
	}
}

static int fill_copy(void *ctx, unsigned char *dst, size_t len)
{
	memcpy(dst, ctx, len);
	return 0;
}

/* A sorted SCRIPT through the core under CFG, after the reserve pairs RSV. */
static int build(const char *script, const struct dtb_config *cfg, const uint64_t *rsv,
		 size_t nrsv, unsigned char **blob, size_t *len)
{
	char *s = strdup(script), *tok, *at = s;
	unsigned char val[512];
	struct dtb d;
	size_t n, vlen, i;
	int r, skip = 0;

	r = dtb_init(&d, cfg);
	for (i = 0; !r && i < nrsv; i++)
		r = dtb_reserve(&d, rsv[2 * i], rsv[2 * i + 1]);
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
			prop_value(tok, val, &vlen);
			r = dtb_prop(&d, tok, vlen, fill_copy, val);
		}
	}
	free(s);
	if (!r)
		r = dtb_finish(&d, blob, len);
	dtb_free(&d);
	return r;
}

/* How assemble() lays a blob out. */
struct layout {
	int version;		/* 0: 17 */
	int nops;		/* a NOP before every token */
	int strings_first;	/* the strings block before the struct block */
	int no_share;		/* each property its own copy of its name */
	const uint64_t *rsv;	/* reserve map pairs, then the zero entry */
	size_t nrsv;
	int no_rsv_end;		/* no zero entry: the map runs to the struct block */
	size_t slack;		/* bytes in the buffer after totalsize */
	int no_end;		/* no FDT_END after the tokens */
};

struct blocks {
	unsigned char st[BLOCK], str[BLOCK];
	size_t st_len, str_len;
};

static void tok32(struct blocks *k, const struct layout *l, uint32_t v)
{
	if (l->nops) {
		put32(k->st + k->st_len, NOP);
		k->st_len += 4;
	}
	put32(k->st + k->st_len, v);
	k->st_len += 4;
}

static uint32_t string(struct blocks *k, const struct layout *l, const char *name)
{
	size_t at, n = strlen(name) + 1;

	for (at = 0; !l->no_share && at < k->str_len; at += strlen((char *)k->str + at) + 1)
		if (!strcmp((char *)k->str + at, name))
			return at;
	memcpy(k->str + k->str_len, name, n);
	k->str_len += n;
	return k->str_len - n;
}

/* SCRIPT's tokens as written, laid out as L says: a buffer of exactly *LEN bytes. */
static unsigned char *assemble(const char *script, const struct layout *l, size_t *len)
{
	static struct blocks k;
	char *s = strdup(script), *tok, *at = s;
	unsigned char val[512], *b;
	size_t n, vlen, rsv_len, st, str, total, i;

	k.st_len = k.str_len = 0;
	while ((tok = next_token(&at))) {
		n = strlen(tok);
		if (!strcmp(tok, "{") || tok[n - 1] == '{') {
			tok[n - 1] = 0;
			tok32(&k, l, BEGIN);
			memset(k.st + k.st_len, 0, (n + 3) & ~(size_t)3);
			memcpy(k.st + k.st_len, tok, n - 1);
			k.st_len += (n + 3) & ~(size_t)3;
		} else if (!strcmp(tok, "}")) {
			tok32(&k, l, END_NODE);
		} else {
			prop_value(tok, val, &vlen);
			tok32(&k, l, PROP);
			tok32(&k, &(struct layout){ 0 }, vlen);
			tok32(&k, &(struct layout){ 0 }, string(&k, l, tok));
			memset(k.st + k.st_len, 0, (vlen + 3) & ~(size_t)3);
			memcpy(k.st + k.st_len, val, vlen);
			k.st_len += (vlen + 3) & ~(size_t)3;
		}
	}
	free(s);
	if (!l->no_end)
		tok32(&k, l, END);
	rsv_len = 16 * (l->nrsv + !l->no_rsv_end);
	if (l->strings_first) {
		str = 40 + rsv_len;
		st = (str + k.str_len + 3) & ~(size_t)3;
		total = st + k.st_len;
	} else {
		st = 40 + rsv_len;
		str = st + k.st_len;
		total = str + k.str_len;
	}
	*len = total + l->slack;
	b = calloc(1, *len);
	put32(b, FDT_MAGIC);
	put32(b + 4, total);
	put32(b + 8, st);
	put32(b + 12, str);
	put32(b + 16, 40);
	put32(b + 20, l->version ? l->version : 17);
	put32(b + 24, 16);
	put32(b + 28, 0);
	put32(b + 32, k.str_len);
	/* Version 16 has no size_dt_struct: what lies there must not count. */
	put32(b + 36, l->version == 16 ? 0xdeadbeef : k.st_len);
	for (i = 0; i < l->nrsv; i++) {
		put64(b + 40 + 16 * i, l->rsv[2 * i]);
		put64(b + 48 + 16 * i, l->rsv[2 * i + 1]);
	}
	memcpy(b + st, k.st, k.st_len);
	memcpy(b + str, k.str, k.str_len);
	return b;
}

/* The blob B fed to the core under CFG and finished: 0 and *OUT, or the error. */
static int feed(const unsigned char *b, size_t len, const struct dtb_config *cfg,
		unsigned char **out, size_t *out_len)
{
	struct dtb d;
	int r = dtb_init(&d, cfg);

	if (!r)
		r = dtb_feed_blob(&d, b, len);
	if (!r)
		r = dtb_finish(&d, out, out_len);
	dtb_free(&d);
	return r;
}

static void hexdump_diff(const unsigned char *a, size_t na, const unsigned char *b, size_t nb)
{
	size_t i;

	printf("  lengths %zu and %zu", na, nb);
	for (i = 0; i < na && i < nb; i++)
		if (a[i] != b[i]) {
			printf(", first difference at 0x%zx: %02x and %02x", i, a[i], b[i]);
			break;
		}
	printf("\n");
}

/*
 * UNSORTED assembled as L says, fed under CFG, against SORTED built under
 * CFG with the reserve pairs the layout gives the blob: the same bytes.
 */
static int same_as_built(const char *unsorted, const struct layout *l, const char *sorted,
			 const struct dtb_config *cfg)
{
	unsigned char *raw, *got = NULL, *want = NULL;
	size_t raw_len, got_len = 0, want_len = 0;
	int r1, r2, ok;

	raw = assemble(unsorted, l, &raw_len);
	r1 = feed(raw, raw_len, cfg, &got, &got_len);
	r2 = build(sorted, cfg, l->rsv, l->nrsv, &want, &want_len);
	ok = !r1 && !r2 && got_len == want_len && !memcmp(got, want, got_len);
	if (!ok) {
		printf("  fed: %d (%s), built: %d (%s)\n", r1, dtb_strerror(r1), r2,
		       dtb_strerror(r2));
		if (!r1 && !r2)
			hexdump_diff(got, got_len, want, want_len);
	}
	free(raw);
	free(got);
	free(want);
	return ok;
}

/* ---- round trips ---- */

/* A small pseries-like tree, its nodes and properties out of order... */
static const char unsorted[] =
	"{ model=\"IBM pSeries (emulated by qemu)\" #size-cells=<2> #address-cells=<2> "
	"compatible=\"qemu,pseries\" "
	"memory@10000000{ reg=<0 0x10000000 0 0x10000000> device_type=\"memory\" } "
	"memory@0{ reg=<0 0 0 0x10000000> device_type=\"memory\" } "
	"cpus{ #size-cells=<0> #address-cells=<1> "
	"PowerPC,POWER9@8{ reg=<8> device_type=\"cpu\" } "
	"PowerPC,POWER9@0{ reg=<0> device_type=\"cpu\" ibm,ppc-interrupt-server#s=<0 1> } } "
	"chosen{ stdout-path=\"/vdevice/vty@71000000\" bootargs=\"console=hvc0\" } "
	"aliases{ } }";

/* ...and sorted as the core wants it: properties first, then nodes, each by dtb_name_cmp. */
static const char sorted[] =
	"{ #address-cells=<2> #size-cells=<2> compatible=\"qemu,pseries\" "
	"model=\"IBM pSeries (emulated by qemu)\" "
	"aliases{ } "
	"chosen{ bootargs=\"console=hvc0\" stdout-path=\"/vdevice/vty@71000000\" } "
	"cpus{ #address-cells=<1> #size-cells=<0> "
	"PowerPC,POWER9@0{ device_type=\"cpu\" ibm,ppc-interrupt-server#s=<0 1> reg=<0> } "
	"PowerPC,POWER9@8{ device_type=\"cpu\" reg=<8> } } "
	"memory@0{ device_type=\"memory\" reg=<0 0 0 0x10000000> } "
	"memory@10000000{ device_type=\"memory\" reg=<0 0x10000000 0 0x10000000> } }";

/* Properties after a node's children: the blob allows it, the core sorts it out. */
static const char props_last[] =
	"{ b{ y=<2> x=<1> } a=<3> }";
static const char props_last_sorted[] =
	"{ a=<3> b{ x=<1> y=<2> } }";

static const uint64_t firmware_rsv[] = { 0x2fff0000, 0x85c, 0x10000000, 0x2000000 };

static void test_round_trips(void)
{
	struct layout l = { 0 };
	unsigned char *raw, *once = NULL, *twice = NULL;
	size_t raw_len, once_len = 0, twice_len = 0;

	CHECK("round trip: unsorted tree, sorted result", same_as_built(unsorted, &l, sorted, &plain));
	CHECK("round trip: already sorted", same_as_built(sorted, &l, sorted, &plain));
	CHECK("round trip: an empty root", same_as_built("{ }", &l, "{ }", &plain));
	CHECK("round trip: properties after the children",
	      same_as_built(props_last, &l, props_last_sorted, &plain));
	CHECK("round trip: unit addresses by value (memory@f000000 before memory@10000000)",
	      same_as_built("{ memory@10000000{ } memory@f000000{ } memory{ } }", &l,
			    "{ memory{ } memory@f000000{ } memory@10000000{ } }", &plain));
	CHECK("round trip: empty and odd-length values",
	      same_as_built("{ z=[01] e y=[010203] x=\"ab\" }", &l,
			    "{ e x=\"ab\" y=[010203] z=[01] }", &plain));
	l.nops = 1;
	CHECK("round trip: a NOP before every token", same_as_built(unsorted, &l, sorted, &plain));
	l.nops = 0;
	l.version = 16;
	CHECK("round trip: version 16 (no size_dt_struct)",
	      same_as_built(unsorted, &l, sorted, &plain));
	l.version = 0;
	l.strings_first = 1;
	CHECK("round trip: the strings block before the struct block",
	      same_as_built(unsorted, &l, sorted, &plain));
	l.strings_first = 0;
	l.no_share = 1;
	CHECK("round trip: each property its own copy of its name",
	      same_as_built(unsorted, &l, sorted, &plain));
	l.no_share = 0;
	l.slack = 100;
	CHECK("round trip: a buffer longer than totalsize",
	      same_as_built(unsorted, &l, sorted, &plain));
	l.slack = 0;
	l.rsv = firmware_rsv;
	l.nrsv = 2;
	CHECK("round trip: the blob's reserve map is kept, in order",
	      same_as_built(unsorted, &l, sorted, &plain));
	l.no_rsv_end = 1;
	CHECK("round trip: a reserve map with no zero entry, up to the struct block",
	      same_as_built(unsorted, &l, sorted, &plain));
	l.no_rsv_end = 0;

	/* Fed back in, a finished blob gives itself. */
	raw = assemble(unsorted, &l, &raw_len);
	CHECK("round trip: fed twice, the same bytes",
	      !feed(raw, raw_len, &plain, &once, &once_len) &&
	      !feed(once, once_len, &plain, &twice, &twice_len) && once_len == twice_len &&
	      !memcmp(once, twice, once_len));
	free(raw);
	free(once);
	free(twice);
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 3000 properties in one node, in reverse: each value to its own name. */
static void test_many(void)
{
	enum { N = 3000 };
	char *names[N], *unsorted_s = malloc(N * 24 + 8), *sorted_s = malloc(N * 24 + 8);
	char *u = unsorted_s, *w = sorted_s;
	int i;

	u += sprintf(u, "{ ");
	w += sprintf(w, "{ ");
	for (i = 0; i < N; i++) {
		names[i] = malloc(8);
		sprintf(names[i], "p%d", i);
	}
	for (i = N - 1; i >= 0; i--)
		u += sprintf(u, "%s=<%d> ", names[i], i);
	/* No '@' in them: the core's order is bytewise. */
	qsort(names, N, sizeof(*names), by_bytes);
	for (i = 0; i < N; i++) {
		w += sprintf(w, "%s=<%s> ", names[i], names[i] + 1);
		free(names[i]);
	}
	sprintf(u, "}");
	sprintf(w, "}");
	CHECK("round trip: 3000 properties of one node, in reverse",
	      same_as_built(unsorted_s, &(struct layout){ 0 }, sorted_s, &plain));
	free(unsorted_s);
	free(sorted_s);
}

/* ---- drop rules, edits and reserves applied to a blob ---- */

static const char chosen_unsorted[] =
	"{ chosen{ linux,kernel-end=<0 0x2880000> bootargs=\"console=hvc0\" "
	"linux,initrd-end=<0 0x2ef356c> linux,initrd-start=<0 0x2c90000> "
	"linux,memory-limit=<0 0> linux,crashkernel-base=<0 0x20000000> "
	"linux,crashkernel-size=<0 0x10000000> linux,htab-base=<0 0x7e000000> "
	"linux,htab-size=<0 0x1000000> linux,stdout-path=\"/vdevice/vty@71000000\" } "
	"other{ linux,kernel-end=<0 0x2880000> } }";
static const char chosen_sorted[] =
	"{ chosen{ bootargs=\"console=hvc0\" linux,crashkernel-base=<0 0x20000000> "
	"linux,crashkernel-size=<0 0x10000000> linux,htab-base=<0 0x7e000000> "
	"linux,htab-size=<0 0x1000000> linux,initrd-end=<0 0x2ef356c> "
	"linux,initrd-start=<0 0x2c90000> linux,kernel-end=<0 0x2880000> "
	"linux,memory-limit=<0 0> linux,stdout-path=\"/vdevice/vty@71000000\" } "
	"other{ linux,kernel-end=<0 0x2880000> } }";

static void test_rules(void)
{
	static const struct dtb_edit edits[] = {
		{ "/chosen", "bootargs", "root=/dev/sda2", 14 },
		{ "/memory@0", NULL, NULL, 0 },
		{ "/new@1", "reg", "\0\0\0\1", 4 },
		{ "/", "model", NULL, 0 },
	};
	static const struct dtb_range more[] = { { 0x30000000, 0x1000 } };
	struct dtb_config edit_cfg = { .edits = edits, .n_edits = 4 };
	struct dtb_config addr_cfg = { .have_blob_addr = 1, .blob_addr = 0x5000200,
				       .reserves = more, .n_reserves = 1 };
	struct layout l = { 0 }, lr = { .rsv = firmware_rsv + 2, .nrsv = 1 };
	unsigned char *raw, *out = NULL;
	size_t raw_len, out_len = 0;
	uint32_t plen;
	uint64_t a, s;

	CHECK("rules: stale /chosen properties dropped as for a directory",
	      same_as_built(chosen_unsorted, &l, chosen_sorted, &plain));
	CHECK("rules: --keep keeps them", same_as_built(chosen_unsorted, &l, chosen_sorted, &keep));
	raw = assemble(chosen_unsorted, &l, &raw_len);
	CHECK("rules: what is dropped and what stays",
	      !feed(raw, raw_len, &plain, &out, &out_len) &&
	      !dtb_get(out, out_len, "/chosen", "linux,kernel-end", &plen) &&
	      !dtb_get(out, out_len, "/chosen", "linux,initrd-start", &plen) &&
	      !dtb_get(out, out_len, "/chosen", "linux,htab-base", &plen) &&
	      dtb_get(out, out_len, "/chosen", "bootargs", &plen) && plen == 13 &&
	      dtb_get(out, out_len, "/chosen", "linux,stdout-path", &plen) &&
	      dtb_get(out, out_len, "/other", "linux,kernel-end", &plen) && plen == 8);
	free(raw);
	free(out);
	out = NULL;
	CHECK("rules: edits: set, delete a node, create a node, delete a property",
	      same_as_built(unsorted, &l, sorted, &edit_cfg));
	raw = assemble(unsorted, &l, &raw_len);
	CHECK("rules: the edits are there",
	      !feed(raw, raw_len, &edit_cfg, &out, &out_len) &&
	      !memcmp(dtb_get(out, out_len, "/chosen", "bootargs", &plen), "root=/dev/sda2", 14) &&
	      plen == 14 && !dtb_get(out, out_len, "/memory@0", "reg", &plen) &&
	      dtb_get(out, out_len, "/memory@10000000", "reg", &plen) &&
	      dtb_get(out, out_len, "/new@1", "reg", &plen) && plen == 4 &&
	      !dtb_get(out, out_len, "/", "model", &plen) &&
	      dtb_get(out, out_len, "/", "compatible", &plen));
	free(raw);
	free(out);
	out = NULL;
	CHECK("rules: the blob's reserves, the tree's (RTAS), -b and -r",
	      same_as_built("{ rtas{ rtas-size=<0x85c> linux,rtas-base=<0x2fff0000> } }", &lr,
			    "{ rtas{ linux,rtas-base=<0x2fff0000> rtas-size=<0x85c> } }", &addr_cfg));
	raw = assemble("{ rtas{ rtas-size=<0x85c> linux,rtas-base=<0x2fff0000> } }", &lr, &raw_len);
	CHECK("rules: reserve map order: -b, the blob's, the tree's, -r",
	      !feed(raw, raw_len, &addr_cfg, &out, &out_len) &&
	      !dtb_rsv(out, out_len, 0, &a, &s) && a == 0x5000200 && s == out_len &&
	      !dtb_rsv(out, out_len, 1, &a, &s) && a == 0x10000000 && s == 0x2000000 &&
	      !dtb_rsv(out, out_len, 2, &a, &s) && a == 0x2fff0000 && s == 0x85c &&
	      !dtb_rsv(out, out_len, 3, &a, &s) && a == 0x30000000 && s == 0x1000 &&
	      dtb_rsv(out, out_len, 4, &a, &s) == -1);
	free(raw);
	free(out);
	out = NULL;
	raw = assemble("{ rtas{ rtas-size=[01] linux,rtas-base=<0x2fff0000> } }", &l, &raw_len);
	CHECK("rules: a bad reserve property in a blob: the core's DTB_ERESERVE",
	      feed(raw, raw_len, &plain, &out, &out_len) == DTB_ERESERVE);
	free(raw);
}

/* ---- dtb_get and dtb_rsv ---- */

static void test_get(void)
{
	static const uint64_t rsv[] = { 0x1000, 0x1000, 0, 0x10000, 0x2000000, 0x80000 };
	static const uint64_t rsv0[] = { 0x1000, 0x1000, 0x5000, 0, 0x9000, 0x1000 };
	struct layout l = { .rsv = rsv, .nrsv = 3 };
	const unsigned char *v;
	unsigned char *b, *out, *want;
	uint32_t plen = 99;
	uint64_t a = 0, s = 0;
	size_t len, out_len = 0, want_len = 0;

	b = assemble(unsorted, &l, &len);
	v = dtb_get(b, len, "/cpus/PowerPC,POWER9@0", "reg", &plen);
	CHECK("dtb_get: a nested node's property", v && plen == 4 && be32(v) == 0);
	v = dtb_get(b, len, "/cpus/PowerPC,POWER9@8", "reg", &plen);
	CHECK("dtb_get: its sibling's", v && plen == 4 && be32(v) == 8);
	v = dtb_get(b, len, "/cpus/PowerPC,POWER9@0/", "reg", &plen);
	CHECK("dtb_get: a trailing slash", v && plen == 4 && be32(v) == 0);
	v = dtb_get(b, len, "/", "#address-cells", &plen);
	CHECK("dtb_get: the root's property", v && plen == 4 && be32(v) == 2);
	v = dtb_get(b, len, "/memory@10000000", "reg", &plen);
	CHECK("dtb_get: /memory@10000000 reg", v && plen == 16 && be32(v + 4) == 0x10000000);
	v = dtb_get(b, len, "/aliases", "x", &plen);
	CHECK("dtb_get: an empty node: no property", !v);
	CHECK("dtb_get: no such property", !dtb_get(b, len, "/cpus", "reg", &plen));
	CHECK("dtb_get: no such node", !dtb_get(b, len, "/nosuch", "reg", &plen));
	CHECK("dtb_get: no such node below one", !dtb_get(b, len, "/cpus/nosuch", "reg", &plen));
	CHECK("dtb_get: a name without its unit address is another name",
	      !dtb_get(b, len, "/cpus/PowerPC,POWER9", "reg", &plen) &&
	      !dtb_get(b, len, "/memory", "reg", &plen));
	CHECK("dtb_get: a prefix of a name is another name",
	      !dtb_get(b, len, "/mem", "reg", &plen) &&
	      !dtb_get(b, len, "/cpus/PowerPC,POWER9@", "reg", &plen));
	CHECK("dtb_get: a longer name is another name",
	      !dtb_get(b, len, "/cpus/PowerPC,POWER9@00", "reg", &plen));
	CHECK("dtb_get: a property of a child is not the parent's",
	      !dtb_get(b, len, "/", "reg", &plen) && !dtb_get(b, len, "/", "device_type", &plen));
	CHECK("dtb_get: a path without the leading slash", !dtb_get(b, len, "cpus", "reg", &plen));
	CHECK("dtb_get: an empty path", !dtb_get(b, len, "", "model", &plen));
	CHECK("dtb_get: a node's name is no property", !dtb_get(b, len, "/", "cpus", &plen));
	free(b);
	b = assemble("{ e a=[] }", &(struct layout){ 0 }, &len);
	v = dtb_get(b, len, "/", "e", &plen);
	CHECK("dtb_get: an empty property is there, 0 bytes", v && plen == 0);
	free(b);

	/* dtb_rsv */
	b = assemble(unsorted, &l, &len);
	CHECK("dtb_rsv: the entries in order",
	      !dtb_rsv(b, len, 0, &a, &s) && a == 0x1000 && s == 0x1000 &&
	      !dtb_rsv(b, len, 1, &a, &s) && a == 0 && s == 0x10000 &&
	      !dtb_rsv(b, len, 2, &a, &s) && a == 0x2000000 && s == 0x80000);
	CHECK("dtb_rsv: -1 at the zero entry and past it",
	      dtb_rsv(b, len, 3, &a, &s) == -1 && dtb_rsv(b, len, 4, &a, &s) == -1 &&
	      dtb_rsv(b, len, (size_t)-1, &a, &s) == -1);
	free(b);
	l.no_rsv_end = 1;
	b = assemble(unsorted, &l, &len);
	CHECK("dtb_rsv: no zero entry: the map ends at the struct block",
	      !dtb_rsv(b, len, 2, &a, &s) && a == 0x2000000 && dtb_rsv(b, len, 3, &a, &s) == -1);
	free(b);
	/* The map ends at a size of 0, whatever the address (Linux, libfdt and dtc). */
	b = assemble(unsorted, &(struct layout){ .rsv = rsv0, .nrsv = 3 }, &len);
	CHECK("dtb_rsv: an entry of size 0 ends the map",
	      !dtb_rsv(b, len, 0, &a, &s) && a == 0x1000 && dtb_rsv(b, len, 1, &a, &s) == -1);
	CHECK("dtb_rsv: an entry past the end is past the end",
	      dtb_rsv(b, len, 2, &a, &s) == -1 && dtb_rsv(b, len, 3, &a, &s) == -1);
	/* Fed, the map keeps the first entry alone. */
	out = want = NULL;
	CHECK("dtb_rsv: what follows a size 0 is not fed",
	      !feed(b, len, &plain, &out, &out_len) &&
	      !build(sorted, &plain, rsv0, 1, &want, &want_len) && out_len == want_len &&
	      !memcmp(out, want, out_len));
	free(out);
	free(want);
	free(b);
	b = assemble("{ }", &(struct layout){ 0 }, &len);
	CHECK("dtb_rsv: an empty map", dtb_rsv(b, len, 0, &a, &s) == -1);
	free(b);
}

/* ---- malformed blobs ---- */

/* B, LEN bytes, copied into a buffer of exactly LEN, fed: DTB_EBLOB, and no lookup reads it. */
static void refused(const char *name, const unsigned char *b, size_t len, int lookups_fail)
{
	unsigned char *copy = malloc(len ? len : 1), *out = NULL;
	size_t out_len = 0;
	uint32_t plen;
	uint64_t a, s;
	char what[200];
	int r;

	memcpy(copy, b, len);
	r = feed(copy, len, &plain, &out, &out_len);
	snprintf(what, sizeof(what), "malformed: %s", name);
	if (r != DTB_EBLOB)
		printf("  got %d (%s)\n", r, dtb_strerror(r));
	CHECK(what, r == DTB_EBLOB);
	/* dtb_get and dtb_rsv must not read out of bounds either. */
	dtb_get(copy, len, "/cpus/PowerPC,POWER9@0", "reg", &plen);
	dtb_get(copy, len, "/", "model", &plen);
	dtb_rsv(copy, len, 0, &a, &s);
	if (lookups_fail) {
		snprintf(what, sizeof(what), "malformed: %s: dtb_get and dtb_rsv find nothing", name);
		CHECK(what, !dtb_get(copy, len, "/", "model", &plen) &&
		      dtb_rsv(copy, len, 0, &a, &s) == -1);
	}
	free(out);
	free(copy);
}

/* A good blob of SCRIPT with the u32 at OFF set to V, refused. */
static void refused_with(const char *name, const char *script, size_t off, uint32_t v,
			 int lookups_fail)
{
	static const uint64_t rsv[] = { 0x1000, 0x1000 };
	size_t len;
	unsigned char *b = assemble(script, &(struct layout){ .rsv = rsv, .nrsv = 1 }, &len);

	put32(b + off, v);
	refused(name, b, len, lookups_fail);
	free(b);
}

/* Where the struct block's first property token lies (its PROP). */
static size_t first_prop(const unsigned char *b)
{
	size_t at = be32(b + 8);

	while (be32(b + at) != PROP)
		at += 4;
	return at;
}

static void test_malformed(void)
{
	static const char t[] = "{ model=\"qemu\" cpus{ PowerPC,POWER9@0{ reg=<0> } } }";
	unsigned char *b;
	size_t len, st, total, str, at;

	b = assemble(t, &(struct layout){ 0 }, &len);
	st = be32(b + 8);
	str = be32(b + 12);
	total = be32(b + 4);
	CHECK("malformed: the good blob is fed", same_as_built(t, &(struct layout){ 0 }, t, &plain));
	refused("nothing at all", b, 0, 1);
	refused("39 bytes: the header cut", b, 39, 1);
	refused("totalsize one past the buffer", b, len - 1, 1);
	free(b);

	refused_with("bad magic", t, 0, 0xd00dfeee, 1);
	refused_with("totalsize past the buffer", t, 4, total + 16 + 1, 1);
	refused_with("totalsize 0xffffffff", t, 4, 0xffffffff, 1);
	refused_with("off_dt_struct past totalsize (st_len 0)", t, 8, total + 16 + 8, 1);
	refused_with("off_dt_struct near 2^32", t, 8, 0xfffffff0, 1);
	refused_with("off_dt_struct misaligned", t, 8, st + 16 + 2, 1);
	refused_with("off_dt_struct before the reserve map", t, 8, 32, 1);
	refused_with("off_dt_strings past totalsize", t, 12, total + 16 + 1, 1);
	refused_with("off_dt_strings near 2^32", t, 12, 0xfffffffc, 1);
	refused_with("off_mem_rsvmap misaligned", t, 16, 44, 1);
	refused_with("off_mem_rsvmap inside the header", t, 16, 32, 1);
	refused_with("off_mem_rsvmap past the struct block", t, 16, st + 16 + 8, 1);
	refused_with("version 15", t, 20, 15, 1);
	refused_with("last_comp_version 18", t, 24, 18, 1);
	refused_with("size_dt_strings past totalsize", t, 32, total - str + 1, 1);
	refused_with("size_dt_strings 0xffffffff", t, 32, 0xffffffff, 1);
	refused_with("size_dt_struct past totalsize", t, 36, total - st + 1, 1);
	refused_with("size_dt_struct 0xffffffff", t, 36, 0xffffffff, 1);
	/* The root 8, model 20, cpus 12: 48 ends 4 bytes into "PowerPC,POWER9@0". */
	refused_with("a node name running off the struct block", t, 36, 48, 0);
	/* "model\0reg\0": 5 cuts model's NUL and leaves reg past the end. */
	refused_with("size_dt_strings cutting the names", t, 32, 5, 0);

	/* Tokens. */
	b = assemble(t, &(struct layout){ 0 }, &len);
	put32(b + first_prop(b) + 4, 0x7fffffff);
	refused("a property length past the end", b, len, 0);
	put32(b + first_prop(b) + 4, be32(b + 36) - (first_prop(b) - be32(b + 8)) - 12 + 1);
	refused("a property length one past the struct block", b, len, 0);
	free(b);
	b = assemble(t, &(struct layout){ 0 }, &len);
	put32(b + first_prop(b) + 8, be32(b + 32));
	refused("a property name offset at the strings' end", b, len, 0);
	put32(b + first_prop(b) + 8, 0xffffffff);
	refused("a property name offset 0xffffffff", b, len, 0);
	free(b);
	/* The last name in the strings block, its NUL cut off by size_dt_strings. */
	b = assemble("{ cpus{ reg=<0> } model=\"q\" }", &(struct layout){ 0 }, &len);
	put32(b + 32, be32(b + 32) - 1);
	refused("a property name running off the strings block", b, len, 0);
	free(b);
	b = assemble(t, &(struct layout){ 0 }, &len);
	at = first_prop(b);
	put32(b + at, 5);
	refused("an unknown token (5)", b, len, 0);
	put32(b + at, 0);
	refused("an unknown token (0)", b, len, 0);
	put32(b + at, END);
	refused("FDT_END inside a node", b, len, 0);
	free(b);
	b = assemble("{ model=\"qemu\" cpus{ } ", &(struct layout){ 0 }, &len);
	refused("a missing END_NODE (the root's)", b, len, 0);
	free(b);
	b = assemble("{ model=\"qemu\" cpus{ cpu{ } }", &(struct layout){ 0 }, &len);
	refused("a missing END_NODE (a child's)", b, len, 0);
	free(b);
	b = assemble("{ model=\"qemu\" cpus{ } ", &(struct layout){ .no_end = 1 }, &len);
	refused("the struct block ends inside the root", b, len, 0);
	free(b);
	b = assemble("{ a=<1> b=<2> a=<3> }", &(struct layout){ 0 }, &len);
	refused("duplicate property names", b, len, 0);
	free(b);
	b = assemble("{ a=<1> b=<2> a=<3> }", &(struct layout){ .no_share = 1 }, &len);
	refused("duplicate property names, each its own string", b, len, 0);
	free(b);
	b = assemble("{ cpus{ x{ } y=<1> x{ } } }", &(struct layout){ 0 }, &len);
	refused("duplicate node names", b, len, 0);
	free(b);
	b = assemble("/{ }", &(struct layout){ 0 }, &len);
	refused("a root with a name", b, len, 0);
	free(b);
	b = assemble("a=<1> { }", &(struct layout){ 0 }, &len);
	refused("a property before the root", b, len, 0);
	free(b);
	b = assemble("}", &(struct layout){ 0 }, &len);
	refused("END_NODE for a root", b, len, 0);
	free(b);
	b = assemble("", &(struct layout){ 0 }, &len);
	refused("no root: FDT_END alone", b, len, 0);
	free(b);
	b = assemble("", &(struct layout){ .nops = 1, .no_end = 1 }, &len);
	refused("an empty struct block", b, len, 0);
	free(b);
}

/* Nested nodes 64 deep: the core's depth limit, not the blob's fault. */
static void test_depth(void)
{
	char script[64 * 6 + 8] = "{ ", *p = script + 2;
	unsigned char *b, *out = NULL;
	size_t len, out_len = 0;
	int i, depth;

	for (depth = 63; depth <= 64; depth++) {
		p = script + 2;
		for (i = 0; i < depth; i++)
			p += sprintf(p, "n{ ");
		for (i = 0; i <= depth; i++)
			p += sprintf(p, "} ");
		b = assemble(script, &(struct layout){ 0 }, &len);
		if (depth == 63)
			CHECK("depth: 63 levels below the root are fed",
			      !feed(b, len, &plain, &out, &out_len) && out_len == len);
		else
			CHECK("depth: 64 levels: DTB_EDEPTH",
			      feed(b, len, &plain, &out, &out_len) == DTB_EDEPTH);
		free(out);
		out = NULL;
		free(b);
	}
}

int main(void)
{
	test_round_trips();
	test_many();
	test_rules();
	test_get();
	test_malformed();
	test_depth();
	return unit_done();
}
