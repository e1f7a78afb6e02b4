/*
 * Fuzz target: a DTB blob of any bytes into the DTB core, dtb_feed_blob
 * and dtb_finish (applets/lib/dtb_read.c), and dtb_get and dtb_rsv on it.
 *
 * Input: a config byte (bit 0 --keep; bits 1-4 four edits: set
 * /chosen:bootargs, delete /chosen:linux,initrd-start, delete the node
 * /memory@0, create /kxfuzz@0:reg; bit 5 -b, bit 6 -r, bit 7 -B), then
 * the blob, in a buffer of exactly its length.
 *
 * A reader written here judges the blob first: a header that breaks a
 * rule, or a malformed token, name or length anywhere under the root, must
 * give DTB_EBLOB; duplicate names, empty names or nodes too deep (outside
 * a deleted node) must give an error; a blob without any of these may
 * only fail on a reserve property the core cannot use. Every blob the
 * core makes is then checked by a strict reader (the header's promises,
 * names sorted and unique, properties first), must hold every property of
 * the input at the same path with the same bytes (less the /chosen ones
 * dropped without --keep, when no edit is made), and fed back in must
 * give the same struct and strings blocks, its reserve map grown by just
 * the tree's own reserves again.
 */
#include "fuzz.h"
#include "dtb.h"

#define FDT_MAGIC	0xd00dfeed
#define BEGIN		1
#define END_NODE	2
#define PROP		3
#define NOP		4
#define END		9
#define MAX_PROPS	2048
#define PATH_MAX_	1024

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* ---- the reader ---- */

struct rd {
	const unsigned char *b;
	size_t len, total, rsv, st, st_end, str, str_len;
};

/* The header's rules, as the Devicetree Specification and dtb_read.c state them. */
static int header(struct rd *x, const unsigned char *b, size_t len)
{
	uint32_t version, st_len;

	x->b = b;
	x->len = len;
	if (len < 40 || be32(b) != FDT_MAGIC)
		return -1;
	x->total = be32(b + 4);
	x->st = be32(b + 8);
	x->str = be32(b + 12);
	x->rsv = be32(b + 16);
	version = be32(b + 20);
	x->str_len = be32(b + 32);
	st_len = version >= 17 ? be32(b + 36) : (uint32_t)(x->str - x->st);
	x->st_end = x->st + (size_t)st_len;
	if (x->total > len || version < 16 || be32(b + 24) > 17)
		return -1;
	if (x->rsv % 8 || x->st % 4 || x->rsv < 40 || x->st < x->rsv || x->st > x->total)
		return -1;
	if ((uint64_t)x->st + st_len > x->total || x->str > x->total ||
	    (uint64_t)x->str + x->str_len > x->total)
		return -1;
	return 0;
}

/* A NUL-terminated string at OFF that ends before END: its length, or -1. */
static long string_at(const struct rd *x, size_t off, size_t end)
{
	size_t i;

	for (i = off; i < end; i++)
		if (!x->b[i])
			return (long)(i - off);
	return -1;
}

/* One token at *AT: its kind, or -1 when it breaks a rule. */
static long next(const struct rd *x, size_t *at, const char **name, const unsigned char **v,
		 uint32_t *vlen)
{
	uint32_t t, nameoff;
	long n;

	if (*at > x->st_end || x->st_end - *at < 4)
		return -1;
	t = be32(x->b + *at);
	*at += 4;
	switch (t) {
	case BEGIN:
		if ((n = string_at(x, *at, x->st_end)) < 0)
			return -1;
		*name = (const char *)x->b + *at;
		*at += ((size_t)n + 4) & ~(size_t)3;
		break;
	case PROP:
		if (x->st_end - *at < 8)
			return -1;
		*vlen = be32(x->b + *at);
		nameoff = be32(x->b + *at + 4);
		if (nameoff >= x->str_len || string_at(x, x->str + nameoff, x->str + x->str_len) < 0)
			return -1;
		*name = (const char *)x->b + x->str + nameoff;
		*at += 8;
		if (*vlen > x->st_end - *at)
			return -1;
		*v = x->b + *at;
		*at += ((size_t)*vlen + 3) & ~(size_t)3;
		break;
	case END_NODE:
	case NOP:
	case END:
		break;
	default:
		return -1;
	}
	return *at <= x->st_end ? (long)t : -1;
}

static const char *const stale[] = {
	"linux,kernel-end", "linux,crashkernel-base", "linux,crashkernel-size",
	"linux,memory-limit", "linux,initrd-start", "linux,initrd-end",
	"linux,htab-base", "linux,htab-size",
};

static int is_stale(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
		if (!strcmp(name, stale[i]))
			return 1;
	return 0;
}

/* What the walk over the input found. */
struct walk {
	int issues;		/* duplicates, empty names, too deep: outside deleted nodes */
	int keep, del_memory;
	size_t np;
	struct {
		char *path;	/* NULL: a node name with '/' on the way, not addressable */
		const char *name;
		const unsigned char *v;
		uint32_t len;
	} prop[MAX_PROPS];
};

static int dup(const char **names, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < i; k++)
			if (!strcmp(names[i], names[k]))
				return 1;
	return 0;
}

/*
 * The node whose contents start at *AT (DEPTH 0 for the root), through its
 * END_NODE: -1 for a broken token, else its properties recorded in W.
 */
static int walk(const struct rd *x, size_t *at, int depth, int exempt, const char *path,
		struct walk *w)
{
	const char **props = NULL, **kids = NULL, *name;
	const unsigned char *v;
	size_t np = 0, nk = 0, pl = path ? strlen(path) : 0;
	char *sub;
	uint32_t len;
	long t;
	int r = 0, kid_exempt;

	while (!r && (t = next(x, at, &name, &v, &len)) != END_NODE) {
		if (t < 0 || t == END) {
			r = -1;
		} else if (t == PROP) {
			props = realloc(props, (np + 1) * sizeof(*props));
			props[np++] = name;
			w->issues += !*name && !exempt;
			if (w->np < MAX_PROPS && !exempt &&
			    !(depth == 1 && !w->keep && path && !strcmp(path, "/chosen") &&
			      is_stale(name))) {
				w->prop[w->np].path = path ? strdup(path) : NULL;
				w->prop[w->np].name = name;
				w->prop[w->np].v = v;
				w->prop[w->np++].len = len;
			}
		} else if (t == BEGIN) {
			kids = realloc(kids, (nk + 1) * sizeof(*kids));
			kids[nk++] = name;
			w->issues += !*name && !exempt;
			kid_exempt = exempt || (depth == 0 && w->del_memory && !strcmp(name, "memory@0"));
			w->issues += depth + 1 > DTB_MAX_DEPTH && !kid_exempt;
			sub = NULL;
			if (path && !strchr(name, '/') && pl + strlen(name) + 2 < PATH_MAX_) {
				sub = malloc(pl + strlen(name) + 2);
				sprintf(sub, "%s/%s", depth ? path : "", name);
			}
			r = walk(x, at, depth + 1, kid_exempt, sub, w);
			free(sub);
		}
	}
	w->issues += !exempt && (dup(props, np) || dup(kids, nk));
	free(props);
	free(kids);
	return r;
}

/* The root's contents, past any NOPs: 0 and *AT, or -1. */
static int root(const struct rd *x, size_t *at)
{
	const unsigned char *v;
	const char *name = "x";
	uint32_t len;
	long t;

	*at = x->st;
	while ((t = next(x, at, &name, &v, &len)) == NOP)
		;
	return t == BEGIN && !*name ? 0 : -1;
}

/* ---- the strict reader for what the core makes ---- */

/* A finished blob: every promise kept, names sorted; its property count, or -1. */
static long strict(const unsigned char *b, size_t len, size_t *nrsv)
{
	const char *name, *last_prop[DTB_MAX_DEPTH + 2], *last_kid[DTB_MAX_DEPTH + 2];
	const unsigned char *v;
	int depth = 0, in_kids[DTB_MAX_DEPTH + 2];
	struct rd x;
	size_t at;
	uint32_t vlen;
	long t, props = 0;

	if (header(&x, b, len) || x.total != len || be32(b + 20) != 17 || be32(b + 24) != 16 ||
	    x.rsv != 40 || x.str != x.st_end || x.str + x.str_len != len)
		return -1;
	for (*nrsv = 0, at = 40;; at += 16, ++*nrsv) {
		if (at + 16 > x.st)
			return -1;
		if (!be64(b + at + 8))
			break;
	}
	/* The zero entry, then the struct block. */
	if (at + 16 != x.st || be64(b + at))
		return -1;
	if (root(&x, &at) || at != x.st + 8)
		return -1;
	last_prop[0] = last_kid[0] = NULL;
	in_kids[0] = 0;
	while ((t = next(&x, &at, &name, &v, &vlen)) != END) {
		if (depth < 0)
			return -1;	/* only FDT_END after the root */
		if (t == PROP) {
			if (in_kids[depth] || !*name ||
			    (last_prop[depth] && dtb_name_cmp(last_prop[depth], name) >= 0))
				return -1;
			last_prop[depth] = name;
			props++;
		} else if (t == BEGIN) {
			if (!*name || depth >= DTB_MAX_DEPTH ||
			    (last_kid[depth] && dtb_name_cmp(last_kid[depth], name) >= 0))
				return -1;
			in_kids[depth] = 1;
			last_kid[depth] = name;
			depth++;
			last_prop[depth] = last_kid[depth] = NULL;
			in_kids[depth] = 0;
		} else if (t == END_NODE) {
			if (--depth < -1)
				return -1;
		} else {
			return -1;
		}
	}
	return depth == -1 && at == x.st_end ? props : -1;
}

/* ---- the target ---- */

static const struct dtb_edit edits[] = {
	{ "/chosen", "bootargs", "console=hvc0", 12 },
	{ "/chosen", "linux,initrd-start", NULL, 0 },
	{ "/memory@0", NULL, NULL, 0 },
	{ "/kxfuzz@0", "reg", "\0\0\0\0", 4 },
};
static const struct dtb_range more = { 0x1000, 0x1000 };

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

/* Lookups on anything: whatever they return lies inside the blob. */
static void lookups(const unsigned char *b, size_t len)
{
	static const char *const paths[][2] = {
		{ "/", "#address-cells" }, { "/chosen", "bootargs" }, { "/memory@0", "reg" },
		{ "/cpus/cpu@0", "reg" }, { "/a/b/c", "x" }, { "/", "" },
	};
	const unsigned char *v;
	uint64_t a, s;
	uint32_t plen;
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if ((v = dtb_get(b, len, paths[i][0], paths[i][1], &plen)))
			FZ_CHECK(v >= b && v <= b + len && plen <= (size_t)(b + len - v));
	for (i = 0; i < 64 && !dtb_rsv(b, len, i, &a, &s); i++)
		FZ_CHECK(s);
}

/*
 * Fed back in without -b and -r, OUT gives itself, its map grown by the
 * tree's reserves again: the TREE_RSV entries from entry T_AT.
 */
static void again(const unsigned char *out, size_t out_len, const struct dtb_config *cfg,
		  size_t t_at, size_t tree_rsv)
{
	struct dtb_config c = *cfg;
	unsigned char *b2 = NULL;
	size_t len2 = 0, n1, n2, st1, st2;

	c.have_blob_addr = 0;
	c.n_reserves = 0;
	FZ_CHECK(!feed(out, out_len, &c, &b2, &len2));
	FZ_CHECK(strict(b2, len2, &n2) >= 0 && strict(out, out_len, &n1) >= 0);
	FZ_CHECK(n2 == n1 + tree_rsv && len2 == out_len + 16 * tree_rsv);
	st1 = be32(out + 8);
	st2 = be32(b2 + 8);
	FZ_CHECK(be32(b2 + 28) == be32(out + 28));
	FZ_CHECK(be32(b2 + 32) == be32(out + 32) && be32(b2 + 36) == be32(out + 36));
	FZ_CHECK(!memcmp(b2 + st2, out + st1, out_len - st1));
	FZ_CHECK(!memcmp(b2 + 40, out + 40, 16 * n1));
	FZ_CHECK(!memcmp(b2 + 40 + 16 * n1, out + 40 + 16 * t_at, 16 * tree_rsv));
	free(b2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct walk w;
	struct fz f = { data, size };
	unsigned conf = fz_byte(&f), i;
	struct dtb_edit e[4];
	struct dtb_config cfg = { 0 };
	unsigned char *b = malloc(f.n ? f.n : 1), *out = NULL;
	const unsigned char *v;
	size_t len = f.n, out_len = 0, at, n0, n1, rsv_in = 0, k;
	uint64_t a, s;
	uint32_t plen;
	struct rd x;
	long props;
	int r, bad_header, bad_token = 0;

	memcpy(b, f.p, len);
	cfg.keep = conf & 1;
	cfg.edits = e;
	for (i = 0; i < 4; i++)
		if (conf & 2 << i)
			e[cfg.n_edits++] = edits[i];
	cfg.have_blob_addr = !!(conf & 32);
	cfg.blob_addr = 0x5000000;
	cfg.reserves = &more;
	cfg.n_reserves = !!(conf & 64);
	cfg.have_cpuid = !!(conf & 128);
	cfg.cpuid = 7;

	memset(&w, 0, offsetof(struct walk, prop));
	w.keep = cfg.keep;
	w.del_memory = !!(conf & 8);
	bad_header = header(&x, b, len) != 0;
	if (!bad_header)
		bad_token = root(&x, &at) || walk(&x, &at, 0, 0, "/", &w);
	lookups(b, len);
	r = feed(b, len, &cfg, &out, &out_len);
	if (bad_header) {
		uint64_t a0, s0;

		FZ_CHECK(r == DTB_EBLOB && dtb_rsv(b, len, 0, &a0, &s0) == -1);
		FZ_CHECK(!dtb_get(b, len, "/", "#address-cells", &plen));
	} else if (bad_token) {
		FZ_CHECK(r == DTB_EBLOB);
	} else if (w.issues) {
		FZ_CHECK(r == DTB_EBLOB || r == DTB_ENAME || r == DTB_EDEPTH ||
			 r == DTB_ERESERVE || r == DTB_ECELLS);
	} else {
		FZ_CHECK(r == 0 || r == DTB_ERESERVE || r == DTB_ECELLS);
	}
	if (r)
		goto out;

	/* What the core made: a strict blob, the input's map kept after -b. */
	props = strict(out, out_len, &n1);
	FZ_CHECK(props >= 0);
	for (n0 = 0; !dtb_rsv(b, len, n0, &a, &s); n0++)
		;
	for (k = 0; k < n0; k++) {
		FZ_CHECK(!dtb_rsv(b, len, k, &a, &s));
		FZ_CHECK(be64(out + 40 + 16 * (k + cfg.have_blob_addr)) == a &&
			 be64(out + 48 + 16 * (k + cfg.have_blob_addr)) == s);
	}
	if (cfg.have_blob_addr)
		FZ_CHECK(be64(out + 40) == cfg.blob_addr && be64(out + 48) == out_len);
	rsv_in = cfg.have_blob_addr + n0 + cfg.n_reserves;
	FZ_CHECK(n1 >= rsv_in);
	if (cfg.have_cpuid)
		FZ_CHECK(be32(out + 28) == cfg.cpuid);

	/* Without edits, every property of the input is there, and nothing more. */
	if (!cfg.n_edits) {
		FZ_CHECK((size_t)props == w.np || w.np == MAX_PROPS);
		for (k = 0; k < w.np; k++) {
			if (!w.prop[k].path)
				continue;
			v = dtb_get(out, out_len, w.prop[k].path, w.prop[k].name, &plen);
			FZ_CHECK(v && plen == w.prop[k].len && !memcmp(v, w.prop[k].v, plen));
		}
	}
	lookups(out, out_len);
	again(out, out_len, &cfg, cfg.have_blob_addr + n0, n1 - rsv_in);
out:
	for (k = 0; k < w.np; k++)
		free(w.prop[k].path);
	free(out);
	free(b);
	return 0;
}
