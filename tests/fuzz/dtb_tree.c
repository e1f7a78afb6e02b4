/*
 * Fuzz target 2: fs2dt's core (applets/lib/dtb*.c) fed an arbitrary tree, with
 * arbitrary options: --keep, -B, -b, -r and -s/-d edits.
 *
 * The input builds a model tree here: names from an alphabet rich in what
 * the name order treats specially ('@', ',', hex digits) and the names the
 * core inspects, values of any bytes, any depth. The harness feeds it to
 * the core in sorted order, as fs2dt.c does, and works out on its own what
 * must come out: the tree after the drop rules and the edits, the reserve
 * map, boot_cpuid_phys, totalsize, or which errors may stop it. Every blob
 * the core accepts is decoded by a reader written here, checking every
 * rule of the format, and must be exactly that.
 */
#include "fuzz.h"
#include "dtb.h"

#define MAX_NODES 300
#define MAX_EDITS 8

struct mprop {
	char *name;
	unsigned char *val;
	size_t len;
	int fail;		/* its fill callback fails */
};

struct mnode {
	char *name;
	char *path;		/* as an edit spells it */
	int depth;
	int dir;		/* from the "directory" (fed), not made by an edit */
	struct mprop *props;
	size_t np;
	struct mnode **kids;
	size_t nk;
};

/* ---- the model tree ---- */

static struct mnode *node_new(const char *name, const struct mnode *parent, int dir)
{
	struct mnode *n = calloc(1, sizeof(*n));
	size_t pl = parent ? strlen(parent->path) : 0;

	n->name = strdup(name);
	n->dir = dir;
	n->depth = parent ? parent->depth + 1 : 0;
	n->path = malloc(pl + strlen(name) + 2);
	if (!parent)
		strcpy(n->path, "/");
	else if (pl == 1)
		sprintf(n->path, "/%s", name);
	else
		sprintf(n->path, "%s/%s", parent->path, name);
	return n;
}

static void node_free(struct mnode *n)
{
	size_t i;

	for (i = 0; i < n->np; i++) {
		free(n->props[i].name);
		free(n->props[i].val);
	}
	for (i = 0; i < n->nk; i++)
		node_free(n->kids[i]);
	free(n->props);
	free(n->kids);
	free(n->name);
	free(n->path);
	free(n);
}

static struct mprop *find_prop(struct mnode *n, const char *name)
{
	size_t i;

	for (i = 0; i < n->np; i++)
		if (!strcmp(n->props[i].name, name))
			return &n->props[i];
	return NULL;
}

static struct mnode *find_kid(struct mnode *n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n->nk; i++)
		if (strlen(n->kids[i]->name) == len && !memcmp(n->kids[i]->name, name, len))
			return n->kids[i];
	return NULL;
}

static struct mprop *add_prop(struct mnode *n, const char *name, const void *val, size_t len)
{
	struct mprop *p;

	n->props = realloc(n->props, (n->np + 1) * sizeof(*n->props));
	p = &n->props[n->np++];
	p->name = strdup(name);
	p->val = malloc(len + 1);
	if (len)
		memcpy(p->val, val, len);
	p->len = len;
	p->fail = 0;
	return p;
}

static void del_prop(struct mnode *n, struct mprop *p)
{
	free(p->name);
	free(p->val);
	*p = n->props[--n->np];
}

static struct mnode *add_kid(struct mnode *n, struct mnode *k)
{
	n->kids = realloc(n->kids, (n->nk + 1) * sizeof(*n->kids));
	n->kids[n->nk++] = k;
	return k;
}

/* ---- making a tree from the input ---- */

static const char *const prop_names[] = {
	"#address-cells", "#size-cells", "device_type", "reg", "reserved-ranges",
	"linux,rtas-base", "rtas-size", "opal-base-address", "opal-runtime-size",
	"linux,tce-base", "linux,tce-size", "linux,kernel-end", "linux,initrd-start",
	"linux,initrd-end", "linux,htab-base", "linux,memory-limit", "bootargs", "name",
	"linux,crashkernel-base", "linux,crashkernel-size", "linux,htab-size",
};
static const char *const node_names[] = {
	"chosen", "cpus", "cpu@0", "cpu@8", "rtas", "ibm,opal", "memory@0",
	"memory@f000000", "memory@10000000", "pci@800000020000000", "a@1,2", "a@1,10",
};
#define N_PROP_NAMES (sizeof(prop_names) / sizeof(prop_names[0]))
#define N_NODE_NAMES (sizeof(node_names) / sizeof(node_names[0]))

static char *gen_name(struct fz *f, int prop, char *buf)
{
	static const char alphabet[] = "abcfx0189@,#-_AF.";
	unsigned b = fz_byte(f), len, i, c;

	if (b < 64)
		return strcpy(buf, prop ? prop_names[b % N_PROP_NAMES] : node_names[b % N_NODE_NAMES]);
	if (b == 255)
		return strcpy(buf, "");		/* refused: fs2dt never makes one */
	len = 1 + b % 12;
	for (i = 0; i < len; i++) {
		c = fz_byte(f);
		/* Any byte but NUL and '/', which no file name holds. */
		buf[i] = c >= 240 && c != '/' ? (char)c : alphabet[c % (sizeof(alphabet) - 1)];
	}
	buf[len] = 0;
	return buf;
}

static size_t gen_value(struct fz *f, const char *name, unsigned char *val)
{
	unsigned b = fz_byte(f);
	size_t len, i;

	if (!strcmp(name, "device_type") && b & 1) {
		memcpy(val, "cpu", 4);
		return 4;
	}
	if (b < 96)
		len = (b & 1 ? 8 : 4) * (1 + (b >> 5 & 1));	/* 4, 8 or 16: cells */
	else if (b == 255)
		len = fz_u64(f, 2) << 2;			/* up to 256 KiB */
	else
		len = b % 24;
	for (i = 0; i < len && i < 32; i++)
		val[i] = fz_byte(f);
	if (len > 32)
		memset(val + 32, (int)len, len - 32);
	/* Small cells values, so reserve sizes and cells counts come out usable. */
	if (b < 96 && len >= 4 && val[0] & 1)
		memset(val, 0, len - 1);
	return len;
}

struct gen {
	struct fz *f;
	size_t nodes;
	struct mnode **all;	/* every node, for edit paths */
	unsigned char *val;	/* scratch for a value */
};

static void gen_node(struct gen *g, struct mnode *n, int max_depth)
{
	unsigned np = fz_pick(g->f, 7), nk, i;
	char name[64];
	size_t len;

	g->all[g->nodes++] = n;
	for (i = 0; i < np; i++) {
		gen_name(g->f, 1, name);
		len = gen_value(g->f, name, g->val);
		if (!find_prop(n, name))
			add_prop(n, name, g->val, len);
	}
	nk = n->depth < max_depth ? fz_pick(g->f, 4) : 0;
	for (i = 0; i < nk && g->nodes < MAX_NODES && g->f->n; i++) {
		gen_name(g->f, 0, name);
		if (!find_kid(n, name, strlen(name)))
			gen_node(g, add_kid(n, node_new(name, n, 1)), max_depth);
	}
}

/* A chain of nodes "d" from the root, DEPTH deep, to reach the limit. */
static void gen_chain(struct gen *g, struct mnode *root, int depth)
{
	struct mnode *n = find_kid(root, "d", 1);
	int i;

	if (n)
		return;
	n = root;
	for (i = 0; i < depth && g->nodes < MAX_NODES; i++) {
		n = add_kid(n, node_new("d", n, 1));
		g->all[g->nodes++] = n;
	}
	add_prop(n, "leaf", "x", 1);
}

/* ---- feeding the core, as fs2dt.c does ---- */

static int cmp_prop(const void *a, const void *b)
{
	return dtb_name_cmp(((const struct mprop *)a)->name, ((const struct mprop *)b)->name);
}

static int cmp_kid(const void *a, const void *b)
{
	return dtb_name_cmp((*(struct mnode *const *)a)->name, (*(struct mnode *const *)b)->name);
}

static void sort_node(struct mnode *n)
{
	size_t i;

	if (n->np)
		qsort(n->props, n->np, sizeof(*n->props), cmp_prop);
	if (n->nk)
		qsort(n->kids, n->nk, sizeof(*n->kids), cmp_kid);
	for (i = 0; i < n->np; i++)
		FZ_CHECK(i == 0 || dtb_name_cmp(n->props[i - 1].name, n->props[i].name) < 0);
	for (i = 0; i < n->nk; i++) {
		FZ_CHECK(i == 0 || dtb_name_cmp(n->kids[i - 1]->name, n->kids[i]->name) < 0);
		sort_node(n->kids[i]);
	}
}

static int fill(void *ctx, unsigned char *dst, size_t len)
{
	struct mprop *p = ctx;

	FZ_CHECK(len == p->len);
	if (p->fail)
		return -1;
	if (len)
		memcpy(dst, p->val, len);
	return 0;
}

static int feed(struct dtb *d, struct mnode *n)
{
	size_t i;
	int r;

	for (i = 0; i < n->np; i++)
		if ((r = dtb_prop(d, n->props[i].name, n->props[i].len, fill, &n->props[i])))
			return r;
	for (i = 0; i < n->nk; i++) {
		r = dtb_begin_node(d, n->kids[i]->name);
		if (r == DTB_SKIP)
			continue;
		if (r || (r = feed(d, n->kids[i])) || (r = dtb_end_node(d)))
			return r;
	}
	return 0;
}

/* ---- what must come out ---- */

#define E(code) (1u << -(code))

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

/* Whether PATH is NODE's path or an ancestor's. */
static int covers(const char *path, const char *node)
{
	size_t n = strlen(path);

	if (!strcmp(path, "/"))
		return 1;
	return !strncmp(path, node, n) && (node[n] == 0 || node[n] == '/');
}

struct expect {
	unsigned errors;	/* E(code) for each error that must stop it */
	uint64_t *rsv;		/* address, size, ... */
	size_t n_rsv;
	int have_cpu;
	uint32_t cpu;
	size_t st_size, str_size;
	char *strings;		/* the names interned so far, NUL-separated */
};

/*
 * Errors met while the directory is read, before any edit is merged in:
 * the nodes an edit deletes (or an ancestor of) are never opened.
 */
static void stream_errors(struct mnode *n, const struct dtb_edit *ed, size_t n_ed,
			  const struct dtb_config *cfg, int in_chosen, struct expect *x)
{
	size_t i, k;

	for (i = 0; i < n->np; i++) {
		const struct mprop *p = &n->props[i];
		int touched = 0;

		if (!*p->name) {
			x->errors |= E(DTB_ENAME);
			continue;
		}
		for (k = 0; k < n_ed; k++)
			touched |= ed[k].prop && !strcmp(ed[k].path, n->path) &&
				   !strcmp(ed[k].prop, p->name);
		if (p->fail && !touched && (cfg->keep || !in_chosen || !is_stale(p->name)))
			x->errors |= E(DTB_EFILL);
	}
	for (i = 0; i < n->nk; i++) {
		struct mnode *kid = n->kids[i];
		int deleted = 0;

		if (!*kid->name) {
			x->errors |= E(DTB_ENAME);
			continue;
		}
		for (k = 0; k < n_ed; k++)
			deleted |= !ed[k].prop && covers(ed[k].path, kid->path);
		if (deleted)
			continue;
		if (kid->depth > DTB_MAX_DEPTH) {
			x->errors |= E(DTB_EDEPTH);
			continue;
		}
		stream_errors(kid, ed, n_ed, cfg, kid->depth == 1 && !strcmp(kid->name, "chosen"), x);
	}
}

/* Follow PATH from the root, making missing nodes when MAKE. */
static struct mnode *walk_path(struct mnode *root, const char *path, int make)
{
	struct mnode *n = root, *k;
	const char *p = path + 1;
	size_t len;

	while (*p) {
		len = strcspn(p, "/");
		k = find_kid(n, p, len);
		if (!k) {
			char name[256];

			if (!make)
				return NULL;
			memcpy(name, p, len);
			name[len] = 0;
			k = add_kid(n, node_new(name, n, 0));
		}
		n = k;
		p += len + !!p[len];
	}
	return n;
}

static void delete_node(struct mnode *root, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *parent = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	struct mnode *pn = walk_path(root, parent, 0);
	size_t i;

	for (i = 0; pn && i < pn->nk; i++)
		if (!strcmp(pn->kids[i]->name, slash + 1)) {
			node_free(pn->kids[i]);
			pn->kids[i] = pn->kids[--pn->nk];
			break;
		}
	free(parent);
}

/* Nodes made by edits stay only if something is set in them or below. */
static int prune(struct mnode *n)
{
	size_t i = 0;
	int keep = n->dir || n->np;

	while (i < n->nk) {
		if (prune(n->kids[i])) {
			keep = 1;
			i++;
		} else {
			node_free(n->kids[i]);
			n->kids[i] = n->kids[--n->nk];
		}
	}
	return keep;
}

static void drop_stale(struct mnode *root)
{
	struct mnode *chosen = find_kid(root, "chosen", 6);
	size_t i = 0;

	while (chosen && i < chosen->np)
		if (is_stale(chosen->props[i].name))
			del_prop(chosen, &chosen->props[i]);
		else
			i++;
}

static void apply_edits(struct mnode *root, const struct dtb_edit *ed, size_t n_ed)
{
	struct mnode *n;
	struct mprop *p;
	size_t k;

	for (k = 0; k < n_ed; k++) {
		if (!ed[k].prop) {
			delete_node(root, ed[k].path);
			continue;
		}
		n = walk_path(root, ed[k].path, ed[k].value != NULL);
		p = n ? find_prop(n, ed[k].prop) : NULL;
		if (p)
			del_prop(n, p);
		if (ed[k].value)
			add_prop(n, ed[k].prop, ed[k].value, ed[k].len);
	}
}

static uint64_t be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static void reserve(struct expect *x, uint64_t addr, uint64_t size)
{
	if (size) {
		if (!(x->n_rsv & (x->n_rsv - 1)))	/* at 0, 1, 2, 4...: double */
			x->rsv = realloc(x->rsv, (x->n_rsv ? 2 * x->n_rsv : 1) * 2 * sizeof(*x->rsv));
		x->rsv[2 * x->n_rsv] = addr;
		x->rsv[2 * x->n_rsv++ + 1] = size;
	}
}

static void pair(struct expect *x, struct mnode *n, const char *base, const char *size)
{
	struct mprop *b = find_prop(n, base), *s = find_prop(n, size);

	if (!b || !s)
		return;
	if ((b->len != 4 && b->len != 8) || (s->len != 4 && s->len != 8))
		x->errors |= E(DTB_ERESERVE);
	else
		reserve(x, be(b->val, b->len), be(s->val, s->len));
}

static int cells(struct mnode *n, const char *name, uint32_t *v)
{
	struct mprop *p = find_prop(n, name);

	*v = 1;
	if (p && p->len != 4)
		return -1;
	if (p)
		*v = be(p->val, 4);
	return *v == 1 || *v == 2 ? 0 : -1;
}

static void intern(struct expect *x, const char *name)
{
	size_t at;

	for (at = 0; at < x->str_size; at += strlen(x->strings + at) + 1)
		if (!strcmp(x->strings + at, name))
			return;
	x->strings = realloc(x->strings, x->str_size + strlen(name) + 1);
	strcpy(x->strings + x->str_size, name);
	x->str_size += strlen(name) + 1;
}

/* The struct block's size, the strings, then what the node says once closed. */
static void inspect(struct mnode *n, struct expect *x)
{
	struct mprop *t, *reg, *rr;
	uint32_t ac, sc, i, entry;
	size_t k;

	x->st_size += 4 + ((strlen(n->name) + 4) & ~(size_t)3) + 4;
	for (k = 0; k < n->np; k++) {
		x->st_size += 12 + ((n->props[k].len + 3) & ~(size_t)3);
		intern(x, n->props[k].name);
	}
	for (k = 0; k < n->nk; k++)
		inspect(n->kids[k], x);
	t = find_prop(n, "device_type");
	reg = find_prop(n, "reg");
	if (!x->have_cpu && t && t->len == 4 && !memcmp(t->val, "cpu", 4) && reg && reg->len >= 4) {
		x->have_cpu = 1;
		x->cpu = be(reg->val, 4);
	}
	pair(x, n, "linux,rtas-base", "rtas-size");
	pair(x, n, "opal-base-address", "opal-runtime-size");
	pair(x, n, "linux,tce-base", "linux,tce-size");
	rr = n->depth == 0 ? find_prop(n, "reserved-ranges") : NULL;
	if (!rr)
		return;
	if (cells(n, "#address-cells", &ac) || cells(n, "#size-cells", &sc)) {
		x->errors |= E(DTB_ECELLS);
		return;
	}
	entry = (ac + sc) * 4;
	if (rr->len % entry) {
		x->errors |= E(DTB_ERESERVE);
		return;
	}
	for (i = 0; i < rr->len; i += entry)
		reserve(x, be(rr->val + i, ac * 4), be(rr->val + i + ac * 4, sc * 4));
}

/* ---- an independent reader ---- */

static uint32_t rd32(const unsigned char *p)
{
	return be(p, 4);
}

/* Compare the struct block at *AT with node N; 0 when equal. */
static int same_node(const unsigned char *b, size_t *at, size_t end, const unsigned char *str,
		     size_t str_size, const struct mnode *n, int root)
{
	size_t nlen = strlen(n->name), k, plen, noff, pad;

	FZ_CHECK(*at + 4 <= end && rd32(b + *at) == 1);
	*at += 4;
	FZ_CHECK(*at + nlen + 1 <= end);
	FZ_CHECK(!memcmp(b + *at, root ? "" : n->name, nlen + 1));
	for (pad = nlen + 1; pad & 3; pad++)
		FZ_CHECK(*at + pad < end && b[*at + pad] == 0);
	*at += pad;
	for (k = 0; k < n->np; k++) {
		FZ_CHECK(*at + 12 <= end && rd32(b + *at) == 3);
		plen = rd32(b + *at + 4);
		noff = rd32(b + *at + 8);
		*at += 12;
		FZ_CHECK(noff < str_size && memchr(str + noff, 0, str_size - noff));
		FZ_CHECK(!strcmp((const char *)str + noff, n->props[k].name));
		FZ_CHECK(plen == n->props[k].len && *at + plen <= end);
		FZ_CHECK(!plen || !memcmp(b + *at, n->props[k].val, plen));
		for (pad = plen; pad & 3; pad++)
			FZ_CHECK(*at + pad < end && b[*at + pad] == 0);
		*at += pad;
	}
	for (k = 0; k < n->nk; k++)
		same_node(b, at, end, str, str_size, n->kids[k], 0);
	FZ_CHECK(*at + 4 <= end && rd32(b + *at) == 2);
	*at += 4;
	return 0;
}

static void check_blob(const unsigned char *b, size_t len, const struct mnode *root,
		       const struct dtb_config *cfg, const struct expect *x)
{
	uint32_t total, off_st, off_str, off_rsv, str_size, st_size, cpu;
	size_t at, i, n = 0, want_n = x->n_rsv + !!cfg->have_blob_addr;

	FZ_CHECK(len >= 40 && rd32(b) == 0xd00dfeed);
	total = rd32(b + 4), off_st = rd32(b + 8), off_str = rd32(b + 12);
	off_rsv = rd32(b + 16), cpu = rd32(b + 28);
	str_size = rd32(b + 32), st_size = rd32(b + 36);
	FZ_CHECK(total == len && rd32(b + 20) == 17 && rd32(b + 24) == 16);
	FZ_CHECK(off_rsv == 40 && off_st == 40 + 16 * (want_n + 1));
	FZ_CHECK(off_str == off_st + st_size && off_str + str_size == total);
	FZ_CHECK(st_size == x->st_size + 4 && str_size == x->str_size);
	FZ_CHECK(!str_size || !memcmp(b + off_str, x->strings, str_size));
	FZ_CHECK(cpu == (cfg->have_cpuid ? cfg->cpuid : x->have_cpu ? x->cpu : 0));
	/* The reserve map: -b, the tree's, -r; then the zero entry. */
	for (at = 40; at < off_st - 16; at += 16, n++) {
		uint64_t a = be(b + at, 8), s = be(b + at + 8, 8);

		FZ_CHECK(s != 0);
		if (cfg->have_blob_addr && n == 0)
			FZ_CHECK(a == cfg->blob_addr && s == total);
		else if (n - !!cfg->have_blob_addr < x->n_rsv)
			FZ_CHECK(a == x->rsv[2 * (n - !!cfg->have_blob_addr)] &&
				 s == x->rsv[2 * (n - !!cfg->have_blob_addr) + 1]);
	}
	FZ_CHECK(n == want_n && !be(b + at, 8) && !be(b + at + 8, 8));
	at = off_st;
	same_node(b, &at, off_st + st_size, b + off_str, str_size, root, 1);
	FZ_CHECK(at + 4 == off_st + st_size && rd32(b + at) == 9);
	(void)i;
}

/* ---- edits from the input ---- */

static void gen_edits(struct gen *g, struct dtb_edit *ed, size_t *n_ed, char **owned)
{
	unsigned n = fz_pick(g->f, MAX_EDITS), i, b;
	char name[64], *path;
	size_t len;

	*n_ed = 0;
	for (i = 0; i < n; i++) {
		struct dtb_edit *e = &ed[(*n_ed)++];
		const char *base = g->all[fz_byte(g->f) % g->nodes]->path;

		b = fz_byte(g->f);
		gen_name(g->f, 0, name);
		path = malloc(strlen(base) + strlen(name) + 8);
		switch (b & 3) {
		case 0:		/* an existing node */
			strcpy(path, base);
			break;
		case 1:		/* a new node below one */
			sprintf(path, "%s%s%s", base, strcmp(base, "/") ? "/" : "", name);
			break;
		case 2:		/* malformed, mostly */
			sprintf(path, "%s%s", b & 4 ? base : "", b & 8 ? "/" : name);
			break;
		default:
			strcpy(path, "/chosen");
		}
		owned[3 * i] = path;
		e->path = path;
		e->prop = NULL;
		e->value = NULL;
		e->len = 0;
		if (b & 16) {
			gen_name(g->f, 1, name);
			e->prop = owned[3 * i + 1] = strdup(name);
			if (b & 32) {
				len = gen_value(g->f, name, g->val);
				owned[3 * i + 2] = malloc(len + 1);
				memcpy(owned[3 * i + 2], g->val, len);
				e->value = owned[3 * i + 2];
				e->len = len;
			}
		} else if (b & 64) {
			e->value = "";	/* a node with a value: refused */
		}
	}
}

/* The core's check of one edit, written out: the error it must give, or 0. */
static int edit_error(const struct dtb_edit *e)
{
	const char *p = e->path;
	size_t n = strlen(p), depth = 0;

	if (p[0] != '/' || (n > 1 && (strstr(p, "//") || p[n - 1] == '/')) ||
	    (e->prop && (!*e->prop || strchr(e->prop, '/'))) ||
	    (!e->prop && (e->value || n == 1)))
		return DTB_EPATH;
	for (; *p; p++)
		depth += *p == '/' && p[1];
	return depth > DTB_MAX_DEPTH ? DTB_EDEPTH : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	static struct mnode *all[MAX_NODES + 80];
	static unsigned char val[1 << 18];
	struct gen g = { &f, 0, all, val };
	struct dtb_edit ed[MAX_EDITS];
	struct dtb_range rsv[4];
	char *owned[3 * MAX_EDITS] = { 0 };
	struct dtb_config cfg;
	struct expect *x = calloc(1, sizeof(*x));
	struct mnode *root = node_new("", NULL, 1);
	unsigned flags = fz_byte(&f), fail_at, i;
	unsigned char *blob = NULL;
	size_t n_ed, len, count;
	struct dtb d;
	int r, init_err = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.keep = flags & 1;
	cfg.have_cpuid = flags >> 1 & 1;
	cfg.cpuid = fz_u64(&f, 4);
	cfg.have_blob_addr = flags >> 2 & 1;
	/* Near 2^64 too, where ADDR + totalsize wraps. */
	cfg.blob_addr = flags & 8 ? ~fz_u64(&f, 2) : fz_u64(&f, 4) << 4;
	cfg.n_reserves = fz_pick(&f, 4);
	for (i = 0; i < cfg.n_reserves; i++) {
		rsv[i].addr = fz_u64(&f, 8);
		rsv[i].size = fz_u64(&f, 2);
	}
	cfg.reserves = rsv;
	fail_at = flags & 16 ? fz_byte(&f) : 0;
	gen_node(&g, root, flags & 32 ? 70 : 6);
	if (flags & 64)
		gen_chain(&g, root, 60 + fz_pick(&f, 6));
	gen_edits(&g, ed, &n_ed, owned);
	cfg.edits = ed;
	cfg.n_edits = n_ed;
	sort_node(root);
	/* The fill that fails: the FAIL_AT-th property in stream order. */
	for (i = 0, count = 0; fail_at && i < g.nodes; i++) {
		size_t k;

		for (k = 0; k < all[i]->np; k++)
			if (++count == fail_at)
				all[i]->props[k].fail = 1;
	}

	for (i = 0; i < n_ed && !init_err; i++)
		init_err = edit_error(&ed[i]);
	r = dtb_init(&d, &cfg);
	FZ_CHECK(r == init_err);
	if (!r) {
		stream_errors(root, ed, n_ed, &cfg, 0, x);
		r = dtb_begin_node(&d, "");
		FZ_CHECK(r == 0);
		r = feed(&d, root);
		if (!r)
			r = dtb_end_node(&d);
		/* The tree as it must come out, and what it tells. */
		if (!cfg.keep)
			drop_stale(root);
		apply_edits(root, ed, n_ed);
		prune(root);
		sort_node(root);
		inspect(root, x);
		for (i = 0; i < cfg.n_reserves; i++)
			reserve(x, rsv[i].addr, rsv[i].size);
		if (!r)
			r = dtb_finish(&d, &blob, &len);
		if (!x->errors && cfg.have_blob_addr) {
			uint64_t total = 40 + 16 * (x->n_rsv + 2) + x->st_size + 4 + x->str_size;

			if (cfg.blob_addr + total < cfg.blob_addr)
				x->errors |= E(DTB_EWRAP);
		}
		if (x->errors) {
			FZ_CHECK(r < 0 && (x->errors & E(r)));
		} else {
			FZ_CHECK(r == 0);
			check_blob(blob, len, root, &cfg, x);
		}
	}
	dtb_free(&d);
	free(blob);
	node_free(root);
	free(x->strings);
	free(x->rsv);
	free(x);
	for (i = 0; i < 3 * MAX_EDITS; i++)
		free(owned[i]);
	return 0;
}
