/*
 * The memory a kernel may use, told in its device tree (fs2dt -u, -U, -e):
 * how a crash kernel is kept to its region, and how any kernel boots with
 * less memory. Pure: the edits are computed from a finished blob (the
 * first pass of dtb_from_path) and applied by building again.
 *
 *   -u  each memory node's linux,usable-memory: its reg cut to the ranges
 *       (one zero pair when nothing is left: the node stays, unused), and
 *       ibm,dynamic-reconfiguration-memory's linux,drconf-usable-memory,
 *       for each LMB a count and that many pairs (ppc64's hot-plug memory:
 *       drmem.c reads it LMB by LMB, v1 and v2 of ibm,dynamic-memory)
 *   -U  /chosen's linux,usable-memory-range (arm64's kexec-tools way)
 *   -e  /chosen's linux,elfcorehdr: where the core header is (arm64)
 * Addresses and sizes in the root's #address-cells and #size-cells.
 */
#include <stdlib.h>
#include <string.h>

#include "dtb_int.h"
#include "kxtool.h"

#define DRCONF "/ibm,dynamic-reconfiguration-memory"
#define LMB_ASSIGNED 0x8
#define LMB_RESERVED 0x80

struct usable {
	const unsigned char *b;
	size_t len;
	uint32_t ac, sc;		/* the root's cells */
	const struct dtb_range *u;
	size_t nu;
	struct dtb_edit *e;
	size_t n, cap;
};

static uint32_t cells(const struct usable *x, const char *name)
{
	uint32_t len;
	const unsigned char *v = dtb_get(x->b, x->len, "/", name, &len);

	return v && len == 4 ? kx_get_uint(v, 4, 1) : 1;
}

/* One (address, size) pair in the root's cells; 0 or DTB_ECELLS. */
static int put_pair(const struct usable *x, unsigned char *p, uint64_t a, uint64_t s)
{
	if ((x->ac < 2 && a >> 32) || (x->sc < 2 && s >> 32))
		return DTB_ECELLS;
	kx_set_uint(p, 4 * x->ac, 1, a);
	kx_set_uint(p + 4 * x->ac, 4 * x->sc, 1, s);
	return 0;
}

/* [A, A+S) cut to the ranges, as pairs at P (room for x->nu); how many. */
static int cut(const struct usable *x, unsigned char *p, uint64_t a, uint64_t s, size_t *n)
{
	uint64_t lo, hi;
	size_t i;
	int r;

	*n = 0;
	for (i = 0; i < x->nu; i++) {
		lo = a > x->u[i].addr ? a : x->u[i].addr;
		hi = a + s < x->u[i].addr + x->u[i].size ? a + s : x->u[i].addr + x->u[i].size;
		if (lo >= hi)
			continue;
		if ((r = put_pair(x, p + *n * 4 * (x->ac + x->sc), lo, hi - lo)))
			return r;
		++*n;
	}
	return 0;
}

static int add_edit(struct usable *x, const char *path, const char *prop,
		    unsigned char *value, size_t len)
{
	struct dtb_edit *e;

	if (x->n == x->cap)
		return DTB_ENOMEM;
	e = &x->e[x->n++];
	e->path = path;
	e->prop = prop;
	e->value = value;
	e->len = len;
	return 0;
}

/* The memory node NAME: its reg, each pair cut; a zero pair when all is cut. */
static int memory_node(struct usable *x, const char *name)
{
	size_t pair = 4 * (x->ac + x->sc), i, n, len = 0;
	const unsigned char *reg;
	unsigned char *out;
	char buf[256], *path;
	uint32_t rlen;
	int r;

	kx_join(buf, sizeof(buf), "/", name, "");
	reg = dtb_get(x->b, x->len, buf, "reg", &rlen);
	if (!reg)
		return 0;
	if (rlen % pair)
		return DTB_ECELLS;
	path = malloc(strlen(buf) + 1);
	out = malloc((rlen / pair) * x->nu * pair + pair);
	r = path && out ? 0 : DTB_ENOMEM;
	for (i = 0; !r && i < rlen; i += pair, len += n * pair)
		r = cut(x, out + len, kx_get_uint(reg + i, 4 * x->ac, 1),
			kx_get_uint(reg + i + 4 * x->ac, 4 * x->sc, 1), &n);
	if (!r && !len) {
		memset(out, 0, pair);
		len = pair;
	}
	if (!r && !(r = add_edit(x, memcpy(path, buf, strlen(buf) + 1), "linux,usable-memory",
				 out, len)))
		return 0;
	free(path);
	free(out);
	return r;
}

/* One LMB's count and pairs at *P, if it is this kernel's (assigned, not reserved). */
static int lmb(const struct usable *x, unsigned char **p, uint64_t base, uint64_t size,
	       uint32_t flags)
{
	size_t n;
	int r;

	if ((flags & LMB_RESERVED) || !(flags & LMB_ASSIGNED))
		return 0;
	if ((r = cut(x, *p + 4 * x->sc, base, size, &n)))
		return r;
	kx_set_uint(*p, 4 * x->sc, 1, n);
	*p += 4 * x->sc + n * 4 * (x->ac + x->sc);
	return 0;
}

/*
 * ibm,dynamic-memory: a count, then per LMB its base (address cells), DRC
 * index, a reserved word, associativity index and flags. -v2: a count of
 * sets, then per set its LMB count, first base, DRC index, associativity
 * index and flags, the LMBs one lmb-size apart.
 */
static int lmbs(const struct usable *x, const unsigned char *v, uint32_t len, int v2,
		uint64_t size, unsigned char *out, size_t *out_len)
{
	size_t entry = 4 * x->ac + 16, i;
	uint64_t n, k, base;
	unsigned char *p = out;
	int r;

	if (len < 4 || (len - 4) / entry < (n = kx_get_uint(v, 4, 1)))
		return DTB_ECELLS;
	for (i = 0, v += 4; i < n; i++, v += entry) {
		k = v2 ? kx_get_uint(v, 4, 1) : 1;
		base = kx_get_uint(v + (v2 ? 4 : 0), 4 * x->ac, 1);
		for (; k; k--, base += size)
			if ((r = lmb(x, &p, base, size, kx_get_uint(v + entry - 4, 4, 1))))
				return r;
	}
	*out_len = p - out;
	return 0;
}

/* The number of LMBs ibm,dynamic-memory(-v2) lists; 0 if malformed or absurd. */
static uint64_t count_lmbs(const struct usable *x, const unsigned char *v, uint32_t len, int v2)
{
	size_t entry = 4 * x->ac + 16;
	uint64_t n, i, total = 0;

	if (len < 4 || (len - 4) / entry < (n = kx_get_uint(v, 4, 1)))
		return 0;
	for (i = 0; i < n && total < DTB_MAX_LMBS; i++)
		total += v2 ? kx_get_uint(v + 4 + i * entry, 4, 1) : 1;
	return total <= DTB_MAX_LMBS ? total : 0;
}

static int drconf(struct usable *x)
{
	uint32_t len, sz_len;
	const unsigned char *v, *sz = dtb_get(x->b, x->len, DRCONF, "ibm,lmb-size", &sz_len);
	size_t out_len;
	uint64_t n;
	unsigned char *out;
	char *path;
	int v2 = 0, r;

	if (!(v = dtb_get(x->b, x->len, DRCONF, "ibm,dynamic-memory", &len)))
		v2 = !!(v = dtb_get(x->b, x->len, DRCONF, "ibm,dynamic-memory-v2", &len));
	if (!v || !sz)
		return 0;
	if (sz_len != 4 * x->sc)
		return DTB_ECELLS;
	if (!(n = count_lmbs(x, v, len, v2)))
		return DTB_ECELLS;
	out = malloc(n * (4 * x->sc + x->nu * 4 * (x->ac + x->sc)));
	path = malloc(sizeof(DRCONF));
	if (!out || !path) {
		free(out);
		free(path);
		return DTB_ENOMEM;
	}
	memcpy(path, DRCONF, sizeof(DRCONF));
	if ((r = lmbs(x, v, len, v2, kx_get_uint(sz, 4 * x->sc, 1), out, &out_len)) ||
	    (r = add_edit(x, path, "linux,drconf-usable-memory", out, out_len))) {
		free(out);
		free(path);
	}
	return r;
}

/* A /chosen property of pairs, each range of R in the root's cells. */
static int chosen(struct usable *x, const char *prop, const struct dtb_range *r, size_t n)
{
	size_t pair = 4 * (x->ac + x->sc), i;
	unsigned char *out = malloc(n * pair);
	char *path = malloc(sizeof("/chosen"));
	int e = out && path ? 0 : DTB_ENOMEM;

	for (i = 0; !e && i < n; i++)
		e = put_pair(x, out + i * pair, r[i].addr, r[i].size);
	if (!e) {
		memcpy(path, "/chosen", sizeof("/chosen"));
		e = add_edit(x, path, prop, out, n * pair);
	}
	if (e) {
		free(out);
		free(path);
	}
	return e;
}

int dtb_usable(const unsigned char *b, size_t len, const struct dtb_usable_cfg *c,
	       struct dtb_edit *out, size_t cap, size_t *n)
{
	struct usable x = { b, len, 0, 0, c->usable, c->n_usable, out, 0, cap };
	const char *kid;
	size_t i;
	int r = 0;

	x.ac = cells(&x, "#address-cells");
	x.sc = cells(&x, "#size-cells");
	if (x.ac < 1 || x.ac > 2 || x.sc < 1 || x.sc > 2)
		r = DTB_ECELLS;
	for (i = 0; !r && c->n_usable && (kid = dtb_kid(b, len, i)); i++)
		if (strlen(kid) >= 6 && !memcmp(kid, "memory", 6) && (!kid[6] || kid[6] == '@'))
			r = memory_node(&x, kid);
	if (!r && c->n_usable)
		r = drconf(&x);
	if (!r && c->n_range)
		r = chosen(&x, "linux,usable-memory-range", c->range, c->n_range);
	if (!r && c->have_core)
		r = chosen(&x, "linux,elfcorehdr", &c->core, 1);
	*n = x.n;
	return r;
}
