/*
 * The DTB core's edits (fs2dt -s, -d, -c, -i): kept as a small tree that
 * mirrors the nodes they touch, merged into the stream by dtb.c; and the
 * -s/-d syntax that makes them.
 */
#include <stdlib.h>
#include <string.h>

#include "dtb_int.h"
#include "kxtool.h"

static int path_ok(const char *p)
{
	if (*p != '/')
		return 0;
	if (!p[1])
		return 1;
	for (; *p; p++)
		if (*p == '/' && (p[1] == '/' || !p[1]))
			return 0;
	return 1;
}

static int prop_name_ok(const char *s)
{
	return *s && !kx_strchr(s, '/');
}

void dtb_enode_clear(struct dtb_enode *n)
{
	size_t i;

	for (i = 0; i < n->n_kids; i++) {
		dtb_enode_clear(n->kids[i]);
		free(n->kids[i]->name);
		free(n->kids[i]);
	}
	free(n->kids);
	free(n->props);
	n->kids = NULL;
	n->props = NULL;
	n->n_kids = n->n_props = 0;
}

/* Insert at index I of a sorted array of N elements of SIZE bytes. */
static void *insert_at(void *base, size_t n, size_t size, size_t i)
{
	char *p = realloc(base, (n + 1) * size);

	if (p)
		memmove(p + (i + 1) * size, p + i * size, (n - i) * size);
	return p;
}

/* The child NAME (LEN bytes) of N, created in sorted place if missing. */
static struct dtb_enode *enode_kid(struct dtb_enode *n, const char *name, size_t len)
{
	struct dtb_enode *k = calloc(1, sizeof(*k)), **kids;
	size_t i = 0;
	int c = 1;

	if (!k || !(k->name = malloc(len + 1))) {
		free(k);
		return NULL;
	}
	memcpy(k->name, name, len);
	k->name[len] = 0;
	while (i < n->n_kids && (c = dtb_name_cmp(n->kids[i]->name, k->name)) < 0)
		i++;
	if (!c) {
		free(k->name);
		free(k);
		return n->kids[i];
	}
	kids = insert_at(n->kids, n->n_kids, sizeof(*kids), i);
	if (!kids) {
		free(k->name);
		free(k);
		return NULL;
	}
	n->kids = kids;
	n->n_kids++;
	kids[i] = k;
	return k;
}

static int enode_set(struct dtb_enode *n, const struct dtb_edit *e)
{
	struct dtb_eprop *p;
	size_t i = 0;
	int c = 1;

	while (i < n->n_props && (c = dtb_name_cmp(n->props[i].name, e->prop)) < 0)
		i++;
	if (c) {
		p = insert_at(n->props, n->n_props, sizeof(*p), i);
		if (!p)
			return DTB_ENOMEM;
		n->props = p;
		n->n_props++;
	}
	p = &n->props[i];
	p->name = e->prop;
	p->value = e->value;
	p->len = e->value ? e->len : 0;
	p->del = !e->value;
	return 0;
}

/*
 * Later edits win: a node delete also forgets the edits made below it.
 * Kids and properties are kept sorted, the order they are merged in.
 */
int dtb_apply_edit(struct dtb_enode *root, const struct dtb_edit *e)
{
	struct dtb_enode *n = root;
	const char *p = e->path + 1;
	int depth = 0;
	size_t len;

	if (!path_ok(e->path) || (e->prop && !prop_name_ok(e->prop)) ||
	    (!e->prop && (e->value || !*p)))
		return DTB_EPATH;
	for (; *p; p += len + !!p[len]) {
		len = dtb_span_to(p, '/');
		if (++depth > DTB_MAX_DEPTH)
			return DTB_EDEPTH;
		n = enode_kid(n, p, len);
		if (!n)
			return DTB_ENOMEM;
	}
	if (e->prop)
		return enode_set(n, e);
	dtb_enode_clear(n);
	n->deleted = 1;
	return 0;
}

int dtb_enode_sets(const struct dtb_enode *n)
{
	size_t i;

	for (i = 0; i < n->n_props; i++)
		if (!n->props[i].del)
			return 1;
	for (i = 0; i < n->n_kids; i++)
		if (dtb_enode_sets(n->kids[i]))
			return 1;
	return 0;
}

const struct dtb_eprop *dtb_enode_prop(const struct dtb_enode *n, const char *name)
{
	size_t i;

	for (i = 0; n && i < n->n_props; i++)
		if (!strcmp(n->props[i].name, name))
			return &n->props[i];
	return NULL;
}

/* ---- the syntax of -s and -d ---- */

static int parse_cells(const char *s, const char *end, unsigned char *out, size_t *len)
{
	uint64_t v = 0;		/* set by kx_parse_span; gcc -flto cannot always see that */
	size_t n;

	*len = 0;
	for (;;) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end)
			return 0;
		for (n = 0; s + n < end && s[n] != ' ' && s[n] != '\t'; n++)
			;
		/* In place: a copy would cap the length, and "<000...01>" is 1. */
		if (kx_parse_span(s, s + n, &v) || v > UINT32_MAX)
			return -1;
		kx_set_uint(out + *len, 4, 1, v);
		*len += 4;
		s += n;
	}
}

static int hex_digit(int c)
{
	return c <= '9' ? c - '0' : (c | 32) - 'a' + 10;
}

static int parse_bytes(const char *s, const char *end, unsigned char *out, size_t *len)
{
	*len = 0;
	for (;;) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end)
			return 0;
		if (end - s < 2 || !dtb_is_hex(s[0]) || !dtb_is_hex(s[1]))
			return -1;
		out[(*len)++] = hex_digit(s[0]) << 4 | hex_digit(s[1]);
		s += 2;
	}
}

int dtb_parse_value(const char *s, unsigned char *out, size_t *len)
{
	size_t n = strlen(s);
	int quoted = s[0] == '"';

	if (s[0] == '<' || s[0] == '[' || quoted) {
		if (n < 2 || s[n - 1] != (s[0] == '<' ? '>' : s[0] == '[' ? ']' : '"'))
			return -1;
		if (s[0] == '<')
			return parse_cells(s + 1, s + n - 1, out, len);
		if (s[0] == '[')
			return parse_bytes(s + 1, s + n - 1, out, len);
	}
	/* A string property carries its NUL, as Linux and dtc store it. */
	memcpy(out, s + quoted, n - 2 * quoted);
	out[n - 2 * quoted] = 0;
	*len = n - 2 * quoted + 1;
	return 0;
}

int dtb_parse_spec(char *spec, int with_value, struct dtb_edit *e, char **value)
{
	char *eq = with_value ? kx_strchr(spec, '=') : NULL, *colon;

	*value = NULL;
	if (eq) {
		*eq = 0;
		*value = eq + 1;
	}
	colon = kx_strrchr(spec, ':');
	e->prop = NULL;
	if (colon) {
		*colon = 0;
		e->prop = colon + 1;
		if (!prop_name_ok(e->prop))
			return -1;
	}
	e->path = spec;
	e->value = NULL;
	e->len = 0;
	if (!path_ok(spec) || (with_value && !e->prop))
		return -1;
	return !e->prop && !spec[1] ? -1 : 0;
}

