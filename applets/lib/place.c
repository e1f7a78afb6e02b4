/*
 * Placement (place.h): first fit over a sorted list of free ranges. Pure:
 * no I/O, no allocation; every sum that could pass 2^64 is checked.
 */
#include <string.h>

#include "kxtool.h"
#include "place.h"

static int insert(struct place_map *m, size_t i, uint64_t start, uint64_t end)
{
	if (start >= end)
		return 0;
	if (m->n == m->cap)
		return -1;
	memmove(m->r + i + 1, m->r + i, (m->n - i) * sizeof(*m->r));
	m->r[i].start = start;
	m->r[i].end = end;
	m->n++;
	return 0;
}

static void drop(struct place_map *m, size_t i)
{
	memmove(m->r + i, m->r + i + 1, (m->n - i - 1) * sizeof(*m->r));
	m->n--;
}

int place_init(struct place_map *m, const struct place_range *mem, size_t n,
	       uint64_t lo, uint64_t hi)
{
	uint64_t start, end;
	size_t i, k;

	m->n = 0;
	for (i = 0; i < n; i++) {
		start = mem[i].start > lo ? mem[i].start : lo;
		end = mem[i].end < hi ? mem[i].end : hi;
		if (start >= end)
			continue;
		/* Sorted insert, merged with every range it touches. */
		for (k = 0; k < m->n && m->r[k].end < start; k++)
			;
		while (k < m->n && m->r[k].start <= end) {
			start = m->r[k].start < start ? m->r[k].start : start;
			end = m->r[k].end > end ? m->r[k].end : end;
			drop(m, k);
		}
		if (insert(m, k, start, end))
			return -1;
	}
	return 0;
}

int place_cut(struct place_map *m, uint64_t start, uint64_t end, uint64_t page)
{
	struct place_range r;
	size_t i;

	start &= ~(page - 1);
	end = end > UINT64_MAX - (page - 1) ? UINT64_MAX : (end + page - 1) & ~(page - 1);
	for (i = 0; i < m->n; i++) {
		r = m->r[i];
		if (r.end <= start || r.start >= end)
			continue;
		drop(m, i);
		/* What is left on either side, in order. */
		if (insert(m, i, end > r.start ? (end < r.end ? end : r.end) : r.start, r.end) ||
		    insert(m, i, r.start, start > r.start ? start : r.start))
			return -1;
		i += (r.start < start) + (end < r.end) - 1;
	}
	return 0;
}

int place_take(struct place_map *m, uint64_t size, uint64_t align, uint64_t offset,
	       uint64_t page, uint64_t *addr)
{
	uint64_t a, end;
	size_t i;

	for (i = 0; i < m->n; i++) {
		/* The first k * ALIGN + OFFSET at or above the range's start. */
		a = m->r[i].start < offset ? 0 : m->r[i].start - offset;
		if (a > UINT64_MAX - (align - 1))
			break;
		a = ((a + align - 1) & ~(align - 1)) + offset;
		/*
		 * Whole pages only: the segment's memsz is rounded up to the
		 * page, so a range's ragged end (System RAM ending at 0x9fbff,
		 * --mem-max) is not free to it.
		 */
		end = m->r[i].end & ~(page - 1);
		if (a < m->r[i].start || a >= end || size > end - a)
			continue;
		*addr = a;
		return place_cut(m, a, a + size, page);
	}
	return -1;
}

struct place_range place_largest(const struct place_map *m)
{
	struct place_range best = { 0, 0 };
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->r[i].end - m->r[i].start > best.end - best.start)
			best = m->r[i];
	return best;
}

/* Hex digits from *S up to a character that is not one; -1 if none or too many. */
static int hex_field(const char **s, const char *end, uint64_t *v)
{
	const char *p = *s;

	while (p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
		p++;
	if (p == *s || p - *s > 16 || kx_parse_hex(*s, p, v))
		return -1;
	*s = p;
	return 0;
}

int place_iomem_line(const char *s, const char *end, struct place_range *r, const char **name)
{
	while (s < end && *s == ' ')
		s++;
	if (hex_field(&s, end, &r->start) || s == end || *s++ != '-' ||
	    hex_field(&s, end, &r->end) || end - s < 3 || memcmp(s, " : ", 3) ||
	    r->end == UINT64_MAX || r->end < r->start)
		return -1;
	r->end++;
	*name = s + 3;
	return 0;
}
