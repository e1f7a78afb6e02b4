/*
 * The DTB core's order of names (dtb.h, dtb_name_cmp): a total order, so
 * that fs2dt's output never depends on readdir order.
 */
#include <string.h>

#include "dtb_int.h"

int dtb_is_hex(int c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

static int hex_span(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!dtb_is_hex(s[i]))
			return 0;
	return n > 0;
}

size_t dtb_span_to(const char *s, int c)
{
	size_t n = 0;

	while (s[n] && s[n] != c)
		n++;
	return n;
}

static int span_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	if (c)
		return c;
	return na < nb ? -1 : na > nb;
}

/* Hex numbers of any length, by value: fewer significant digits is less. */
static int hex_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i;

	while (na > 1 && *a == '0')
		a++, na--;
	while (nb > 1 && *b == '0')
		b++, nb--;
	if (na != nb)
		return na < nb ? -1 : 1;
	for (i = 0; i < na; i++)
		if ((a[i] | 32) != (b[i] | 32))
			return (a[i] | 32) < (b[i] | 32) ? -1 : 1;
	return 0;
}

/*
 * Names compare as a key: the part before '@' bytewise, then the unit
 * address component by component, where hex components sort before others
 * and compare by value, the rest bytewise. Mixing "numeric when both are
 * hex" with "bytewise otherwise" would not be transitive (f < 10 < 1g < f),
 * and the sort would then depend on readdir order after all.
 */
int dtb_name_cmp(const char *a, const char *b)
{
	const char *pa = a, *pb = b;
	size_t na, nb;
	int sep = '@';
	int c, ha, hb;

	for (;;) {
		na = dtb_span_to(a, sep);
		nb = dtb_span_to(b, sep);
		ha = sep == ',' && hex_span(a, na);
		hb = sep == ',' && hex_span(b, nb);
		if (ha != hb)
			return ha ? -1 : 1;
		c = ha ? hex_cmp(a, na, b, nb) : span_cmp(a, na, b, nb);
		if (c)
			return c;
		a += na;
		b += nb;
		if (!*a || !*b)
			return *a ? 1 : *b ? -1 : strcmp(pa, pb);
		a++;
		b++;
		sep = ',';
	}
}

/*
 * Shell sort with Knuth's gaps: libc's qsort would cost more than all of
 * this (README, Building), and a directory holds a few thousand names.
 */
void dtb_sort(char **v, size_t n)
{
	size_t gap = 1, i, j;
	char *t;

	while (gap < n / 3)
		gap = 3 * gap + 1;
	for (; gap; gap /= 3)
		for (i = gap; i < n; i++) {
			t = v[i];
			for (j = i; j >= gap && dtb_name_cmp(v[j - gap], t) > 0; j -= gap)
				v[j] = v[j - gap];
			v[j] = t;
		}
}

