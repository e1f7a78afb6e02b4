/*
 * The DTB core's way in from a blob (kexec --dtb, fs2dt BLOB), and lookups
 * into a finished blob (kexec's placement). Pure: every offset, length and
 * name is checked against the blob's size before it is read, so a blob
 * that lies fails with DTB_EBLOB, and tests/fuzz/dtb_tree.c feeds it any
 * bytes.
 *
 * A blob's nodes and properties come in whatever order its maker chose;
 * the core takes them sorted (dtb.h), so each node's names are sorted here
 * before they go in, and the result is the one fs2dt would make from the
 * same tree as a directory: the same drops, edits and reserve rules.
 */
#include <stdlib.h>
#include <string.h>

#include "dtb_int.h"
#include "kxtool.h"

struct blob {
	const unsigned char *b;
	size_t st, st_end;		/* the struct block */
	size_t str, str_len;		/* the strings block */
};

static uint32_t be32(const unsigned char *p)
{
	return kx_get_uint(p, 4, 1);
}

/* The header's promises, all kept: 0, or DTB_EBLOB. */
static int open_blob(struct blob *x, const unsigned char *b, size_t len)
{
	uint32_t total, rsv, st, str, st_len;

	if (len < FDT_HEADER || be32(b) != FDT_MAGIC)
		return DTB_EBLOB;
	total = be32(b + 4);
	st = be32(b + 8);
	str = be32(b + 12);
	rsv = be32(b + 16);
	/* Version 17 says the struct block's size; 16 leaves it to the strings' offset. */
	st_len = be32(b + 20) >= 17 ? be32(b + 36) : str - st;
	x->b = b;
	x->st = st;
	x->st_end = (size_t)st + st_len;
	x->str = str;
	x->str_len = be32(b + 32);
	/* st > total first: total - st would wrap and let any st_len through. */
	if (total > len || be32(b + 20) < 16 || be32(b + 24) > 17 || rsv % 8 || st % 4 ||
	    rsv < FDT_HEADER || st < rsv || st > total || st_len > total - st ||
	    str > total || x->str_len > total - str)
		return DTB_EBLOB;
	return 0;
}

/* A NUL-terminated name at OFF, ending before END: its length + 1, or 0. */
static size_t name_at(const struct blob *x, size_t off, size_t end)
{
	size_t i;

	for (i = off; i < end; i++)
		if (!x->b[i])
			return i - off + 1;
	return 0;
}

/*
 * The token at *AT, stepped over: FDT_PROP fills *NAME, *VALUE and *LEN;
 * FDT_BEGIN_NODE fills *NAME. -1 for anything malformed.
 */
static long token(const struct blob *x, size_t *at, const char **name,
		  const unsigned char **value, uint32_t *len)
{
	size_t n;
	uint32_t tok;

	if (*at + 4 > x->st_end)
		return -1;
	tok = be32(x->b + *at);
	*at += 4;
	if (tok == FDT_BEGIN_NODE) {
		if (!(n = name_at(x, *at, x->st_end)))
			return -1;
		*name = (const char *)x->b + *at;
		*at += (n + 3) & ~(size_t)3;
	} else if (tok == FDT_PROP) {
		if (*at + 8 > x->st_end)
			return -1;
		*len = be32(x->b + *at);
		n = be32(x->b + *at + 4);	/* the name's offset in the strings */
		if (n >= x->str_len || !name_at(x, x->str + n, x->str + x->str_len) ||
		    *len > x->st_end - *at - 8)
			return -1;
		*name = (const char *)x->b + x->str + n;
		*value = x->b + *at + 8;
		*at += 8 + ((*len + (size_t)3) & ~(size_t)3);
	} else if (tok != FDT_END_NODE && tok != FDT_NOP && tok != FDT_END) {
		return -1;
	}
	return *at <= x->st_end ? (long)tok : -1;
}

/* From just inside a node to just past its FDT_END_NODE; -1 if malformed. */
static int skip_node(const struct blob *x, size_t *at)
{
	const unsigned char *v;
	const char *name;
	uint32_t len;
	int depth = 1;
	long t;

	while (depth) {
		t = token(x, at, &name, &v, &len);
		if (t < 0 || t == FDT_END)
			return -1;
		depth += (t == FDT_BEGIN_NODE) - (t == FDT_END_NODE);
	}
	return 0;
}

static int fill_copy(void *ctx, unsigned char *dst, size_t len)
{
	memcpy(dst, ctx, len);
	return 0;
}

/* Where NAME is among the N sorted names, all different; N if it is not. */
static size_t find(char **names, size_t n, const char *name)
{
	size_t lo = 0, hi = n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = dtb_name_cmp(names[mid], name);
		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

/* After a node's name: where its contents start. */
static size_t contents(const struct blob *x, const char *name)
{
	return ((const unsigned char *)name - x->b) + ((strlen(name) + 4) & ~(size_t)3);
}

/* The node whose contents start at AT: its properties, then its children. */
static int feed_node(struct dtb *d, const struct blob *x, size_t at)
{
	size_t n = 0, props = 0, i, p = at;
	const unsigned char *v, **vals;
	const char *name;
	char **names;
	uint32_t len, *lens;
	long t;
	int r = 0;

	while ((t = token(x, &p, &name, &v, &len)) != FDT_END_NODE) {
		if (t < 0 || t == FDT_END || (t == FDT_BEGIN_NODE && skip_node(x, &p)))
			return DTB_EBLOB;
		props += t == FDT_PROP;
		n += t == FDT_PROP || t == FDT_BEGIN_NODE;
	}
	names = malloc((n ? n : 1) * sizeof(*names));
	vals = malloc((props ? props : 1) * sizeof(*vals));
	lens = malloc((props ? props : 1) * sizeof(*lens));
	if (!names || !vals || !lens) {
		r = DTB_ENOMEM;
		goto out;
	}
	/* Properties from the front, children from the back. */
	for (p = at, i = n; (t = token(x, &p, &name, &v, &len)) != FDT_END_NODE;) {
		if (t == FDT_PROP)
			names[--props] = (char *)(uintptr_t)name;
		else if (t == FDT_BEGIN_NODE && !skip_node(x, &p))
			names[--i] = (char *)(uintptr_t)name;
	}
	props = i;
	dtb_sort(names, props);
	dtb_sort(names + props, n - props);
	/* Two properties of one name: the blob's fault, not the order's. */
	for (i = 1; i < props; i++)
		if (!dtb_name_cmp(names[i - 1], names[i]))
			r = DTB_EBLOB;
	/*
	 * Each value to its sorted name in one more pass, not a pass per
	 * property: a node of 50000 properties took 40 s of CPU.
	 */
	for (p = at; !r && (t = token(x, &p, &name, &v, &len)) != FDT_END_NODE;) {
		if (t == FDT_PROP) {
			/* Always there: dtb_name_cmp is a total order. */
			i = find(names, props, name);
			if (i == props) {
				r = DTB_EBLOB;
				break;
			}
			vals[i] = v;
			lens[i] = len;
		} else if (t == FDT_BEGIN_NODE) {
			skip_node(x, &p);
		}
	}
	for (i = 0; !r && i < props; i++)
		r = dtb_prop(d, names[i], lens[i], fill_copy, (void *)(uintptr_t)vals[i]);
	for (; !r && i < n; i++) {
		r = dtb_begin_node(d, names[i]);
		if (r == DTB_SKIP) {
			r = 0;
			continue;
		}
		if (!r && !(r = feed_node(d, x, contents(x, names[i]))))
			r = dtb_end_node(d);
	}
out:
	free(names);
	free(vals);
	free(lens);
	/* Two properties or nodes of one name: the blob's fault, not the order's. */
	return r == DTB_EORDER ? DTB_EBLOB : r;
}

/* The root's BEGIN_NODE, past any NOPs: where its contents start, or 0. */
static size_t root(const struct blob *x)
{
	const unsigned char *v;
	const char *name = "x";
	size_t at = x->st;
	uint32_t len;
	long t;

	while ((t = token(x, &at, &name, &v, &len)) == FDT_NOP)
		;
	return t == FDT_BEGIN_NODE && !*name ? at : 0;
}

int dtb_feed_blob(struct dtb *d, const unsigned char *b, size_t len)
{
	uint64_t addr, size;
	struct blob x;
	size_t at, i;
	int r;

	if ((r = open_blob(&x, b, len)) || !(at = root(&x)))
		return DTB_EBLOB;
	/* Firmware's reserve map, which a directory cannot show, is kept. */
	for (i = 0; !dtb_rsv(b, len, i, &addr, &size); i++)
		if ((r = dtb_reserve(d, addr, size)))
			return r;
	if ((r = dtb_begin_node(d, "")) || (r = feed_node(d, &x, at)))
		return r;
	return dtb_end_node(d);
}

int dtb_rsv(const unsigned char *b, size_t len, size_t i, uint64_t *addr, uint64_t *size)
{
	struct blob x;
	size_t at, k;

	if (open_blob(&x, b, len) || i >= (x.st - be32(b + 16)) / 16)
		return -1;
	/* An entry of size 0 ends the map, as Linux, libfdt and dtc read it: none after it counts. */
	for (k = 0, at = be32(b + 16); k <= i; k++, at += 16) {
		*addr = kx_get_uint(b + at, 8, 1);
		*size = kx_get_uint(b + at + 8, 8, 1);
		if (!*size)
			return -1;
	}
	return 0;
}

/* The child NAME (LEN bytes) of the node whose contents start at AT: its contents, or 0. */
static size_t child(const struct blob *x, size_t at, const char *want, size_t len)
{
	const unsigned char *v;
	const char *name;
	uint32_t plen;
	long t;

	while ((t = token(x, &at, &name, &v, &plen)) != FDT_END_NODE) {
		if (t < 0 || t == FDT_END)
			return 0;
		if (t != FDT_BEGIN_NODE)
			continue;
		if (strlen(name) == len && !memcmp(name, want, len))
			return at;
		if (skip_node(x, &at))
			return 0;
	}
	return 0;
}

const char *dtb_kid(const unsigned char *b, size_t len, size_t i)
{
	const unsigned char *v;
	const char *name;
	struct blob x;
	size_t at;
	uint32_t plen;
	long t;

	if (open_blob(&x, b, len) || !(at = root(&x)))
		return NULL;
	while ((t = token(&x, &at, &name, &v, &plen)) != FDT_END_NODE) {
		if (t < 0 || t == FDT_END)
			return NULL;
		if (t != FDT_BEGIN_NODE)
			continue;
		if (!i--)
			return name;
		if (skip_node(&x, &at))
			return NULL;
	}
	return NULL;
}

const unsigned char *dtb_get(const unsigned char *b, size_t len, const char *path,
			     const char *prop, uint32_t *plen)
{
	const unsigned char *v;
	const char *name;
	struct blob x;
	size_t at, n;
	long t;

	if (open_blob(&x, b, len) || !(at = root(&x)) || *path != '/')
		return NULL;
	for (path++; *path; path += n + !!path[n]) {
		n = dtb_span_to(path, '/');
		if (!(at = child(&x, at, path, n)))
			return NULL;
	}
	while ((t = token(&x, &at, &name, &v, plen)) == FDT_PROP || t == FDT_NOP)
		if (t == FDT_PROP && !strcmp(name, prop))
			return v;
	return NULL;
}
