/*
 * dtb: the pure core of fs2dt, a sorted stream of nodes and properties in,
 * a DTB version 17 out (Devicetree Specification v0.4, chapter 5): the
 * blocks, the stream with the edits merged in, the reserve map and the
 * finished blob. The name order is in dtb_names.c, the edits in
 * dtb_edit.c. Every rule fs2dt applies to the tree lives in these files, so
 * tests/unit/dtb.c reaches it without a filesystem.
 */
#include <stdlib.h>
#include <string.h>

#include "dtb_int.h"
#include "kxtool.h"

/*
 * The properties the core reads back once a node is complete, to fill in
 * the reserve map and boot_cpuid_phys.
 */
enum {
	P_ADDR_CELLS, P_SIZE_CELLS, P_DEVICE_TYPE, P_REG, P_RESERVED_RANGES,
	P_RTAS_BASE, P_RTAS_SIZE, P_OPAL_BASE, P_OPAL_SIZE, P_TCE_BASE, P_TCE_SIZE,
	P_COUNT
};

/* Lists of names: each ends in a NUL, the list in an empty name. */
static const char inspected[] KX_UNALIGNED =
	"#address-cells\0#size-cells\0device_type\0reg\0reserved-ranges\0"
	"linux,rtas-base\0rtas-size\0opal-base-address\0opal-runtime-size\0"
	"linux,tce-base\0linux,tce-size\0";

/*
 * What the running kernel put in /chosen for itself (arch/powerpc/kexec/
 * core*.c, prom.c): stale, or wrong, for the kernel that boots next.
 */
static const char stale_chosen[] KX_UNALIGNED =
	"linux,kernel-end\0linux,crashkernel-base\0linux,crashkernel-size\0"
	"linux,memory-limit\0linux,initrd-start\0linux,initrd-end\0"
	"linux,htab-base\0linux,htab-size\0";

/* Where NAME is in LIST, or -1. */
static int list_index(const char *list, const char *name)
{
	int i;

	for (i = 0; *list; i++, list += strlen(list) + 1)
		if (!strcmp(list, name))
			return i;
	return -1;
}

struct dtb_frame {
	struct dtb_enode *en;		/* edits for this node, or NULL */
	size_t next_prop, next_kid;	/* edits not yet merged in */
	int in_kids, chosen;
	const char *last;		/* the caller's previous name, for the order check */
	size_t off[P_COUNT];		/* where an inspected value starts, + 1 */
	uint32_t len[P_COUNT];
};

static void put_be32(unsigned char *p, uint32_t v)
{
	kx_set_uint(p, 4, 1, v);
}

static uint32_t get_be32(const unsigned char *p)
{
	return kx_get_uint(p, 4, 1);
}

/* ---- the blocks ---- */

/* Room for ADD more bytes in B: totalsize and every offset are u32. */
static int room(struct kx_buf *b, size_t add)
{
	if (add > UINT32_MAX - b->len)
		return DTB_ETOOBIG;
	return kx_buf_reserve(b, add) ? DTB_ENOMEM : 0;
}

static int st_room(struct dtb *d, size_t add)
{
	return room(&d->st, add);
}

static int put_token(struct dtb *d, uint32_t token)
{
	int r = st_room(d, 4);

	if (r)
		return r;
	put_be32(d->st.data + d->st.len, token);
	d->st.len += 4;
	return 0;
}

static uint32_t hash_name(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static size_t hash_slot(const struct dtb *d, const char *name)
{
	size_t i, mask = d->hash_cap - 1;

	for (i = hash_name(name) & mask; d->hash[i]; i = (i + 1) & mask)
		if (!strcmp((char *)d->str.data + d->hash[i] - 1, name))
			break;
	return i;
}

/* The strings block is the list of keys: rehash by walking it. */
static int rehash(struct dtb *d)
{
	size_t cap = d->hash_cap ? d->hash_cap * 2 : 256, at;
	uint32_t *h = calloc(cap, sizeof(*h));
	const char *s = (char *)d->str.data;

	if (!h)
		return DTB_ENOMEM;
	free(d->hash);
	d->hash = h;
	d->hash_cap = cap;
	for (at = 0; at < d->str.len; at += strlen(s + at) + 1)
		d->hash[hash_slot(d, s + at)] = at + 1;
	return 0;
}

/* Each name once in the strings block; its offset in *OFF. */
static int intern(struct dtb *d, const char *name, uint32_t *off)
{
	size_t n = strlen(name) + 1, i;
	int r;

	if (d->hash_used * 2 >= d->hash_cap && rehash(d))
		return DTB_ENOMEM;
	i = hash_slot(d, name);
	if (d->hash[i]) {
		*off = d->hash[i] - 1;
		return 0;
	}
	if ((r = room(&d->str, n)))
		return r;
	memcpy(d->str.data + d->str.len, name, n);
	*off = d->str.len;
	d->hash[i] = d->str.len + 1;
	d->hash_used++;
	d->str.len += n;
	return 0;
}

static int emit_begin(struct dtb *d, const char *name, struct dtb_enode *en)
{
	size_t n = strlen(name) + 1, padded = (n + 3) & ~(size_t)3;
	struct dtb_frame *f;
	int r;

	if (d->depth + 1 > DTB_MAX_DEPTH)
		return DTB_EDEPTH;
	r = st_room(d, 4 + padded);
	if (r)
		return r;
	put_be32(d->st.data + d->st.len, FDT_BEGIN_NODE);
	memset(d->st.data + d->st.len + 4 + n - 1, 0, padded - n + 1);
	memcpy(d->st.data + d->st.len + 4, name, n - 1);
	d->st.len += 4 + padded;
	f = &d->frames[++d->depth];
	memset(f, 0, sizeof(*f));
	f->en = en;
	f->chosen = d->depth == 1 && !strcmp(name, "chosen");
	return 0;
}

static int emit_prop(struct dtb *d, const char *name, size_t len,
		     dtb_fill_fn *fill, void *ctx)
{
	struct dtb_frame *f = &d->frames[d->depth];
	size_t padded, at;
	uint32_t off;
	int r, i;

	/*
	 * The 12-byte header and the value padded to 4 must fit a u32 before
	 * they are added up: with a 32-bit size_t, len + 3 wraps to 0 from
	 * 0xfffffffd on, and 12 + padded from 0xfffffff1, and fill would then
	 * write LEN bytes into the little that was reserved.
	 */
	if (len > ((UINT32_MAX - 12) & ~(uint32_t)3))
		return DTB_ETOOBIG;
	padded = (len + 3) & ~(size_t)3;
	r = st_room(d, 12 + padded);
	if (r || (r = intern(d, name, &off)))
		return r;
	at = d->st.len + 12;
	put_be32(d->st.data + d->st.len, FDT_PROP);
	put_be32(d->st.data + d->st.len + 4, len);
	put_be32(d->st.data + d->st.len + 8, off);
	memset(d->st.data + at + len, 0, padded - len);
	if (fill(ctx, d->st.data + at, len))
		return DTB_EFILL;
	d->st.len = at + padded;
	i = list_index(inspected, name);
	if (i >= 0) {
		f->off[i] = at + 1;
		f->len[i] = len;
	}
	return 0;
}

static int fill_eprop(void *ctx, unsigned char *dst, size_t len)
{
	memcpy(dst, ((struct dtb_eprop *)ctx)->value, len);
	return 0;
}

/* Merge in the edited properties that sort before UPTO (all when NULL). */
static int flush_props(struct dtb *d, const char *upto)
{
	struct dtb_frame *f = &d->frames[d->depth];
	struct dtb_eprop *p;
	int r;

	while (f->en && f->next_prop < f->en->n_props) {
		p = &f->en->props[f->next_prop];
		if (upto && dtb_name_cmp(p->name, upto) >= 0)
			break;
		f->next_prop++;
		if (!p->del && (r = emit_prop(d, p->name, p->len, fill_eprop, p)))
			return r;
	}
	return 0;
}

static int emit_end(struct dtb *d);

/* A node that exists only because edits create it. */
static int emit_enode(struct dtb *d, struct dtb_enode *n)
{
	int r = emit_begin(d, n->name, n);

	return r ? r : emit_end(d);
}

/* Create the edited nodes that sort before UPTO (all when NULL) and have no directory. */
static int flush_kids(struct dtb *d, const char *upto)
{
	struct dtb_frame *f = &d->frames[d->depth];
	struct dtb_enode *k;
	int r;

	while (f->en && f->next_kid < f->en->n_kids) {
		k = f->en->kids[f->next_kid];
		if (upto && dtb_name_cmp(k->name, upto) >= 0)
			break;
		f->next_kid++;
		if (dtb_enode_sets(k) && (r = emit_enode(d, k)))
			return r;
	}
	return 0;
}

/* ---- what the finished node tells: reserves and the boot CPU ---- */

static unsigned char *put_reserve(unsigned char *p, uint64_t addr, uint64_t size)
{
	kx_set_uint(p, 8, 1, addr);
	kx_set_uint(p + 8, 8, 1, size);
	return p + FDT_RSV_ENTRY;
}

/* Kept as reserve map entries, ready to copy into the blob. */
static int add_reserve(struct dtb *d, uint64_t addr, uint64_t size)
{
	/* A zero size would end the reserve map early. */
	if (!size)
		return 0;
	if (kx_buf_reserve(&d->rsv, FDT_RSV_ENTRY))
		return DTB_ENOMEM;
	put_reserve(d->rsv.data + d->rsv.len, addr, size);
	d->rsv.len += FDT_RSV_ENTRY;
	return 0;
}

int dtb_reserve(struct dtb *d, uint64_t addr, uint64_t size)
{
	return add_reserve(d, addr, size);
}

/* A cells value, 1 or 2 cells as the kernel reads them. */
static uint64_t get_cells(const unsigned char *p, uint32_t cells)
{
	return cells == 2 ? (uint64_t)get_be32(p) << 32 | get_be32(p + 4) : get_be32(p);
}

/* A u32 or u64 property; -1 when it is neither. */
static int get_num(const struct dtb *d, const struct dtb_frame *f, int i, uint64_t *v)
{
	if (f->len[i] != 4 && f->len[i] != 8)
		return -1;
	*v = get_cells(d->st.data + f->off[i] - 1, f->len[i] / 4);
	return 0;
}

static int reserve_pair(struct dtb *d, const struct dtb_frame *f, int base, int size)
{
	uint64_t a, s;

	if (!f->off[base] || !f->off[size])
		return 0;
	if (get_num(d, f, base, &a) || get_num(d, f, size, &s))
		return DTB_ERESERVE;
	return add_reserve(d, a, s);
}

/* Root cells default to 1, as in the kernel's early_init_dt_scan_root(). */
static int root_cells(const struct dtb *d, const struct dtb_frame *f, int i, uint32_t *v)
{
	*v = 1;
	if (f->off[i]) {
		if (f->len[i] != 4)
			return -1;
		*v = get_be32(d->st.data + f->off[i] - 1);
	}
	return *v >= 1 && *v <= 2 ? 0 : -1;
}

static int reserved_ranges(struct dtb *d, const struct dtb_frame *f)
{
	uint32_t ac, sc, i, entry;
	const unsigned char *p;
	int r;

	if (!f->off[P_RESERVED_RANGES])
		return 0;
	if (root_cells(d, f, P_ADDR_CELLS, &ac) || root_cells(d, f, P_SIZE_CELLS, &sc))
		return DTB_ECELLS;
	entry = (ac + sc) * 4;
	if (f->len[P_RESERVED_RANGES] % entry)
		return DTB_ERESERVE;
	for (i = 0; i < f->len[P_RESERVED_RANGES]; i += entry) {
		p = d->st.data + f->off[P_RESERVED_RANGES] - 1 + i;
		r = add_reserve(d, get_cells(p, ac), get_cells(p + ac * 4, sc));
		if (r)
			return r;
	}
	return 0;
}

static int inspect(struct dtb *d, const struct dtb_frame *f)
{
	int r;

	if (!d->have_cpu && f->off[P_DEVICE_TYPE] && f->len[P_DEVICE_TYPE] == 4 &&
	    !memcmp(d->st.data + f->off[P_DEVICE_TYPE] - 1, "cpu", 4) &&
	    f->off[P_REG] && f->len[P_REG] >= 4) {
		d->cpu = get_be32(d->st.data + f->off[P_REG] - 1);
		d->have_cpu = 1;
	}
	if ((r = reserve_pair(d, f, P_RTAS_BASE, P_RTAS_SIZE)) ||
	    (r = reserve_pair(d, f, P_OPAL_BASE, P_OPAL_SIZE)) ||
	    (r = reserve_pair(d, f, P_TCE_BASE, P_TCE_SIZE)))
		return r;
	return d->depth == 0 ? reserved_ranges(d, f) : 0;
}

static int emit_end(struct dtb *d)
{
	int r;

	if (!d->frames[d->depth].in_kids && (r = flush_props(d, NULL)))
		return r;
	if ((r = flush_kids(d, NULL)) || (r = inspect(d, &d->frames[d->depth])))
		return r;
	r = put_token(d, FDT_END_NODE);
	if (!r && --d->depth < 0)
		d->depth = -2;	/* the root is closed: nothing may follow */
	return r;
}

/* ---- the caller's stream ---- */

/* Names must arrive strictly sorted (dtb.h: the caller keeps them alive). */
static int check_order(struct dtb_frame *f, const char *name)
{
	if (f->last && dtb_name_cmp(f->last, name) >= 0)
		return DTB_EORDER;
	f->last = name;
	return 0;
}

int dtb_begin_node(struct dtb *d, const char *name)
{
	struct dtb_frame *f;
	struct dtb_enode *k = NULL;
	int r;

	if (d->depth == -1)
		return *name ? DTB_EORDER : emit_begin(d, name, d->edits);
	if (d->depth < 0)
		return DTB_EORDER;
	if (!*name)
		return DTB_ENAME;
	f = &d->frames[d->depth];
	if (!f->in_kids) {
		if ((r = flush_props(d, NULL)))
			return r;
		f->in_kids = 1;
		f->last = NULL;
	}
	if ((r = check_order(f, name)) || (r = flush_kids(d, name)))
		return r;
	if (f->en && f->next_kid < f->en->n_kids &&
	    !strcmp(f->en->kids[f->next_kid]->name, name))
		k = f->en->kids[f->next_kid++];
	if (k && k->deleted) {
		r = dtb_enode_sets(k) ? emit_enode(d, k) : 0;
		return r ? r : DTB_SKIP;
	}
	return emit_begin(d, name, k);
}

int dtb_end_node(struct dtb *d)
{
	return d->depth < 0 ? DTB_EORDER : emit_end(d);
}

int dtb_wants_prop(const struct dtb *d, const char *name)
{
	const struct dtb_frame *f;

	if (d->depth < 0)
		return 0;
	f = &d->frames[d->depth];
	if (!d->cfg->keep && f->chosen && list_index(stale_chosen, name) >= 0)
		return 0;
	return !dtb_enode_prop(f->en, name);
}

int dtb_prop(struct dtb *d, const char *name, size_t len, dtb_fill_fn *fill, void *ctx)
{
	struct dtb_frame *f;
	int r;

	if (d->depth < 0 || d->frames[d->depth].in_kids)
		return DTB_EORDER;
	if (!*name)
		return DTB_ENAME;
	f = &d->frames[d->depth];
	if ((r = check_order(f, name)) || (r = flush_props(d, name)))
		return r;
	if (!dtb_wants_prop(d, name))
		return 0;
	return emit_prop(d, name, len, fill, ctx);
}

/* ---- setup and the finished blob ---- */

int dtb_init(struct dtb *d, const struct dtb_config *cfg)
{
	size_t i;
	int r;

	memset(d, 0, sizeof(*d));
	d->cfg = cfg;
	d->depth = -1;
	d->frames = calloc(DTB_MAX_DEPTH + 1, sizeof(*d->frames));
	d->edits = calloc(1, sizeof(*d->edits));
	if (!d->frames || !d->edits)
		return DTB_ENOMEM;
	for (i = 0; i < cfg->n_edits; i++)
		if ((r = dtb_apply_edit(d->edits, &cfg->edits[i])))
			return r;
	return 0;
}

void dtb_free(struct dtb *d)
{
	if (d->edits)
		dtb_enode_clear(d->edits);
	free(d->edits);
	free(d->frames);
	kx_buf_free(&d->st);
	kx_buf_free(&d->str);
	free(d->hash);
	kx_buf_free(&d->rsv);
	memset(d, 0, sizeof(*d));
}

/* The header, all big-endian u32s: the reserve map right after it. */
static void put_header(unsigned char *b, const struct dtb *d, size_t total, size_t off_st)
{
	const struct dtb_config *c = d->cfg;
	uint32_t header[10] = {
		FDT_MAGIC, total, off_st, off_st + d->st.len, FDT_HEADER,
		17, 16,		/* version, last compatible version */
		c->have_cpuid ? c->cpuid : d->have_cpu ? d->cpu : 0,
		d->str.len, d->st.len,
	};
	int i;

	for (i = 0; i < 10; i++)
		put_be32(b + 4 * i, header[i]);
}

/* The blob (-b), the tree's reserves, the caller's; then the end entry. */
static void put_rsvmap(unsigned char *p, const struct dtb *d, size_t total)
{
	const struct dtb_config *c = d->cfg;
	size_t i;

	if (c->have_blob_addr)
		p = put_reserve(p, c->blob_addr, total);
	if (d->rsv.len)
		memcpy(p, d->rsv.data, d->rsv.len);
	p += d->rsv.len;
	for (i = 0; i < c->n_reserves; i++)
		if (c->reserves[i].size)
			p = put_reserve(p, c->reserves[i].addr, c->reserves[i].size);
	put_reserve(p, 0, 0);
}

/*
 * Lay the blocks out as dtc does: header, reserve map, struct, strings.
 * The struct block is already in its buffer: grow that to the full size
 * and slide the struct block up, so the big block is never held twice.
 */
int dtb_finish(struct dtb *d, unsigned char **blob, size_t *len)
{
	const struct dtb_config *c = d->cfg;
	size_t n_rsv, i, off_st, total;
	unsigned char *b;
	int r;

	if (d->depth != -2)
		return DTB_EORDER;
	if ((r = put_token(d, FDT_END)))
		return r;
	n_rsv = !!c->have_blob_addr + d->rsv.len / FDT_RSV_ENTRY + 1;
	for (i = 0; i < c->n_reserves; i++)
		n_rsv += !!c->reserves[i].size;
	off_st = FDT_HEADER + n_rsv * FDT_RSV_ENTRY;
	/* Each part is under 4 GiB: on a 64-bit size_t this cannot wrap. */
	if ((uint64_t)off_st + d->st.len + d->str.len > UINT32_MAX)
		return DTB_ETOOBIG;
	total = off_st + d->st.len + d->str.len;
	if (c->have_blob_addr && c->blob_addr + total < c->blob_addr)
		return DTB_EWRAP;
	b = realloc(d->st.data, total);
	if (!b)
		return DTB_ENOMEM;
	d->st.data = NULL;
	memmove(b + off_st, b, d->st.len);
	if (d->str.len)
		memcpy(b + off_st + d->st.len, d->str.data, d->str.len);
	put_header(b, d, total, off_st);
	put_rsvmap(b + FDT_HEADER, d, total);
	*blob = b;
	*len = total;
	return 0;
}

/* In the order of the codes, DTB_ENOMEM (-1) first. */
static const char errors[] KX_UNALIGNED =
	"out of memory\0"
	"too large for a DTB (4 GiB, 32-bit offsets)\0"
	"empty name\0"
	"internal error: names out of order\0"
	"nested too deep (Linux reads 63 levels below the root)\0"
	"reserve property is not a u32 or u64 (pairs)\0"
	"root #address-cells or #size-cells is not 1 or 2\0"
	"cannot read property\0"
	"bad node path or property name\0"
	"-b ADDR plus the blob's size passes 2^64\0"
	"not a valid DTB\0"
	"unknown error";

const char *dtb_strerror(int err)
{
	const char *s = errors;
	int n = err < 0 && err >= DTB_ELAST ? -err - 1 : -DTB_ELAST;

	while (n--)
		s += strlen(s) + 1;
	return s;
}

