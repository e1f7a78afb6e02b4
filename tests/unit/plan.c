/*
 * loadem's planner, table-driven: steps in; segments, bytes, entry or an
 * error out. Every case runs with 4 KiB and 64 KiB pages and, unless its
 * bytes depend on it, both byte orders; every good result must also pass
 * the invariants in check_invariants() (every input byte lands in its
 * segment, pieces tile the buffer, memsz is whole pages, no overlaps).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "unit.h"

#define MAXSTEP 40

#define A(x)	{ 'a', (x), NULL, 0, NULL }
#define F(s)	{ 'f', 0, (const unsigned char *)(s), sizeof(s) - 1, NULL }
#define S(s)	{ 's', 0, (const unsigned char *)(s), sizeof(s) - 1, NULL }
#define FN(p, n) { 'f', 0, (p), (n), NULL }
#define C(x)	{ 'c', (x), NULL, 0, NULL }
#define Z(x)	{ 'z', (x), NULL, 0, NULL }
#define E	{ 'e', 0, NULL, 0, NULL }
#define P4	{ '4', 0, NULL, 0, NULL }
#define SEG16(k) A(0x10000 * (k)), Z(1)

#define STUB "0123456789abcdef"	/* 16 bytes; -c 0x10 patches 8..15 */

struct want_seg {
	uint64_t mem, bufsz, size;
	const char *bytes;	/* bufsz bytes exactly, or NULL */
};

struct tcase {
	const char *name;
	uint64_t page;		/* 0: both 4 KiB and 64 KiB */
	int big;		/* -1: both byte orders */
	unsigned word;		/* 0: 8 */
	uint64_t floor, limit;	/* limit 0: 2^64 - 1 */
	struct plan_step step[MAXSTEP];
	int err;
	size_t err_step;
	int segs;		/* check err_seg and err_seg2 too */
	size_t err_seg, err_seg2;
	uint64_t entry;
	size_t nseg;
	struct want_seg seg[4];
};

static const struct tcase cases[] = {
	/* What the planner makes. */
	{ "one file", 0, -1, 0, 0, 0, { A(0x10000), E, F("abc") },
	  0, 0, 0, 0, 0, 0x10000, 1, { { 0x10000, 3, 3, "abc" } } },
	{ "seed shape: stub, stdin, chained kernel, BE", 0, 1, 0, 0, 0,
	  { A(0x5000000), E, F(STUB), S("DTB"), A(0x6000000), C(0x10), F("KERNEL") },
	  0, 0, 0, 0, 0, 0x5000000, 2,
	  { { 0x5000000, 19, 19, "01234567\0\0\0\0\x06\0\0\0DTB" },
	    { 0x6000000, 6, 6, "KERNEL" } } },
	{ "seed shape: stub, stdin, chained kernel, LE", 0, 0, 0, 0, 0,
	  { A(0x5000000), E, F(STUB), S("DTB"), A(0x6000000), C(0x10), F("KERNEL") },
	  0, 0, 0, 0, 0, 0x5000000, 2,
	  { { 0x5000000, 19, 19, "01234567\0\0\0\x06\0\0\0\0DTB" },
	    { 0x6000000, 6, 6, "KERNEL" } } },
	{ "-c with a 4-byte word, BE", 0, 1, 4, 0, 0,
	  { A(0x5000000), E, F(STUB), A(0x6000000), C(0x10), F("K") },
	  0, 0, 0, 0, 0, 0x5000000, 2,
	  { { 0x5000000, 16, 16, "0123456789ab\x06\0\0\0" } } },
	{ "-c with a 4-byte word, LE", 0, 0, 4, 0, 0,
	  { A(0x5000000), E, F(STUB), A(0x6000000), C(0x10), F("K") },
	  0, 0, 0, 0, 0, 0x5000000, 2,
	  { { 0x5000000, 16, 16, "0123456789ab\0\0\0\x06" } } },
	{ "-c OFF equal to the previous segment's size", 0, 1, 0, 0, 0,
	  { A(0x10000), E, F("abcdefgh"), A(0x20000), C(8), Z(1) },
	  0, 0, 0, 0, 0, 0x10000, 2,
	  { { 0x10000, 8, 8, "\0\0\0\0\0\x02\0\0" }, { 0x20000, 0, 1, "" } } },
	{ "two -c words into one segment", 0, 1, 0, 0, 0,
	  { A(0x10000), E, F(STUB), A(0x20000), C(8), C(0x10), Z(1) },
	  0, 0, 0, 0, 0, 0x10000, 2,
	  { { 0x10000, 16, 16, "\0\0\0\0\0\x02\0\0\0\0\0\0\0\x02\0\0" } } },
	{ "a chain of three segments", 0, 0, 0, 0, 0,
	  { A(0x10000), E, F(STUB), A(0x20000), C(0x10), F(STUB), A(0x30000), C(8), Z(1) },
	  0, 0, 0, 0, 0, 0x10000, 3,
	  { { 0x10000, 16, 16, "01234567\0\0\x02\0\0\0\0\0" },
	    { 0x20000, 16, 16, "\0\0\x03\0\0\0\0\089abcdef" },
	    { 0x30000, 0, 1, "" } } },
	{ "-4 pads between two cpios", 0, -1, 0, 0, 0,
	  { A(0x38000000), E, F("12345"), P4, F("abc") },
	  0, 0, 0, 0, 0, 0x38000000, 1, { { 0x38000000, 11, 11, "12345\0\0\0abc" } } },
	{ "-4 when aligned adds nothing", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("1234"), P4 },
	  0, 0, 0, 0, 0, 0x10000, 1, { { 0x10000, 4, 4, "1234" } } },
	{ "-z alone: memsz, no bytes (the seed's clearing)", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("k"), A(0x30000000), Z(0x10000) },
	  0, 0, 0, 0, 0, 0x10000, 2, { { 0x10000, 1, 1, "k" }, { 0x30000000, 0, 0x10000, "" } } },
	{ "bytes after -z take the zeros into the buffer", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("ab"), Z(3), F("cd") },
	  0, 0, 0, 0, 0, 0x10000, 1, { { 0x10000, 7, 7, "ab\0\0\0cd" } } },
	{ "-4 after -z pads the zeros too", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("a"), Z(1), P4 },
	  0, 0, 0, 0, 0, 0x10000, 1, { { 0x10000, 4, 4, "a\0\0\0" } } },
	{ "trailing -z stays out of the buffer", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("ab"), Z(0x2000), Z(0x10) },
	  0, 0, 0, 0, 0, 0x10000, 1, { { 0x10000, 2, 0x2012, "ab" } } },
	{ "-e after bytes points past them", 0, -1, 0, 0, 0,
	  { A(0x10000), F("abcd"), E, F("ef") },
	  0, 0, 0, 0, 0, 0x10004, 1, { { 0x10000, 6, 6, "abcdef" } } },
	{ "-e inside -z zeros", 0, -1, 0, 0, 0,
	  { A(0x10000), F("ab"), Z(0x10), E, Z(0x10) },
	  0, 0, 0, 0, 0, 0x10012, 1, { { 0x10000, 2, 0x22, "ab" } } },
	{ "entry in a later segment", 0, -1, 0, 0, 0,
	  { A(0x10000), F("a"), A(0x20000), E, F("b") },
	  0, 0, 0, 0, 0, 0x20000, 2, { { 0x10000, 1, 1, "a" }, { 0x20000, 1, 1, "b" } } },
	{ "segments that touch do not overlap", 0, -1, 0, 0, 0,
	  { A(0x10000), E, Z(0x10000), A(0x20000), Z(1) },
	  0, 0, 0, 0, 0, 0x10000, 2, { { 0x10000, 0, 0x10000, "" }, { 0x20000, 0, 1, "" } } },
	{ "an empty file among others", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F(""), F("x") },
	  0, 0, 0, 0, 0, 0x10000, 1, { { 0x10000, 1, 1, "x" } } },
	{ "a segment right at the kernel's end", 0, -1, 0, 0x2880000, 0,
	  { A(0x2880000), E, F("k") },
	  0, 0, 0, 0, 0, 0x2880000, 1, { { 0x2880000, 1, 1, "k" } } },
	{ "16 segments", 0, -1, 0, 0, 0,
	  { A(0x10000), E, Z(1), SEG16(2), SEG16(3), SEG16(4), SEG16(5), SEG16(6), SEG16(7),
	    SEG16(8), SEG16(9), SEG16(10), SEG16(11), SEG16(12), SEG16(13), SEG16(14),
	    SEG16(15), SEG16(16) },
	  0, 0, 0, 0, 0, 0x10000, 16, { { 0x10000, 0, 1, "" } } },
	{ "a 32-bit target below 4 GiB", 0, -1, 4, 0, 0xffffffff,
	  { A(0xfffe0000), E, Z(0x10000) },
	  0, 0, 0, 0, 0, 0xfffe0000, 1, { { 0xfffe0000, 0, 0x10000, "" } } },

	/* What it refuses, and what each refusal names. */
	{ "-f before any -a", 0, -1, 0, 0, 0, { F("x"), A(0x10000), E },
	  .err = PLAN_ENOSEG, .err_step = 0 },
	{ "-s before any -a", 0, -1, 0, 0, 0, { S("x"), A(0x10000), E },
	  .err = PLAN_ENOSEG, .err_step = 0 },
	{ "-e before any -a", 0, -1, 0, 0, 0, { E, A(0x10000), F("x") },
	  .err = PLAN_ENOSEG, .err_step = 0 },
	{ "-z before any -a", 0, -1, 0, 0, 0, { Z(1), A(0x10000), E, F("x") },
	  .err = PLAN_ENOSEG, .err_step = 0 },
	{ "-4 before any -a", 0, -1, 0, 0, 0, { P4, A(0x10000), E, F("x") },
	  .err = PLAN_ENOSEG, .err_step = 0 },
	{ "-c before any -a", 0, -1, 0, 0, 0, { C(8), A(0x10000), E, F("x") },
	  .err = PLAN_ECHAIN_PREV, .err_step = 0 },
	{ "-c in the first segment", 0, -1, 0, 0, 0, { A(0x10000), E, F(STUB), C(8) },
	  .err = PLAN_ECHAIN_PREV, .err_step = 3 },
	{ "-c OFF below the 8-byte word", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F(STUB), A(0x20000), C(7), Z(1) },
	  .err = PLAN_ECHAIN_SHORT, .err_step = 4 },
	{ "-c OFF below the 4-byte word", 0, -1, 4, 0, 0,
	  { A(0x10000), E, F(STUB), A(0x20000), C(3), Z(1) },
	  .err = PLAN_ECHAIN_SHORT, .err_step = 4 },
	{ "-c OFF past the previous segment", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F(STUB), A(0x20000), C(0x11), Z(1) },
	  .err = PLAN_ECHAIN_PAST, .err_step = 4,
	  .segs = 1, .err_seg = 0, .err_seg2 = 0 },
	{ "-c OFF in the previous segment's -z zeros", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("abcdefgh"), Z(8), A(0x20000), C(0x10), Z(1) },
	  .err = PLAN_ECHAIN_PAST, .err_step = 5,
	  .segs = 1, .err_seg = 0, .err_seg2 = 0 },
	{ "-c address wider than a 4-byte word", 0, -1, 4, 0, 0,
	  { A(0x10000), E, F(STUB), A(0x100000000), C(8), Z(1) },
	  .err = PLAN_ECHAIN_WIDE, .err_step = 4 },
	{ "17 segments", 0, -1, 0, 0, 0,
	  { A(0x10000), E, Z(1), SEG16(2), SEG16(3), SEG16(4), SEG16(5), SEG16(6), SEG16(7),
	    SEG16(8), SEG16(9), SEG16(10), SEG16(11), SEG16(12), SEG16(13), SEG16(14),
	    SEG16(15), SEG16(16), SEG16(17) },
	  .err = PLAN_ETOOMANY, .err_step = 33 },
	{ "unaligned start", 0, -1, 0, 0, 0, { A(0x5000100), E, F("x") },
	  .err = PLAN_EALIGN, .err_step = 0 },
	{ "start aligned to 4 KiB, not to 64 KiB pages", 0x10000, -1, 0, 0, 0,
	  { A(0x10000), E, F("x"), A(0x21000), F("y") },
	  .err = PLAN_EALIGN, .err_step = 3 },
	{ "the same start with 4 KiB pages", 0x1000, -1, 0, 0, 0,
	  { A(0x10000), E, F("x"), A(0x21000), F("y") },
	  0, 0, 0, 0, 0, 0x10000, 2, { { 0x10000, 1, 1, "x" }, { 0x21000, 1, 1, "y" } } },
	{ "-z past 2^64", 0, -1, 0, 0, 0, { A(0xffffffffffff0000), E, Z(0x10000) },
	  .err = PLAN_EOVERFLOW, .err_step = 2 },
	{ "two -z adding past 2^64", 0, -1, 0, 0, 0,
	  { A(0x10000), E, Z(0xfffffffffffe0000), Z(0x10000) },
	  .err = PLAN_EOVERFLOW, .err_step = 3 },
	{ "file length past 2^64", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("x"), FN((const unsigned char *)"", UINT64_MAX) },
	  .err = PLAN_EOVERFLOW, .err_step = 3 },
	{ "rounding memsz past 2^64", 0, -1, 0, 0, 0,
	  { A(0), E, Z(0xfffffffffffff001) },
	  .err = PLAN_EOVERFLOW, .err_step = 0 },
	{ "a 32-bit target: start past 4 GiB", 0, -1, 4, 0, 0xffffffff,
	  { A(0x100000000), E, F("x") },
	  .err = PLAN_EOVERFLOW, .err_step = 0 },
	{ "a 32-bit target: bytes past 4 GiB", 0, -1, 4, 0, 0xffffffff,
	  { A(0xffff0000), E, Z(0x10000) },
	  .err = PLAN_EOVERFLOW, .err_step = 2 },
	{ "an empty segment between two", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("a"), A(0x20000), A(0x30000), F("b") },
	  .err = PLAN_EEMPTY, .err_step = 3,
	  .segs = 1, .err_seg = 1, .err_seg2 = 0 },
	{ "an empty last segment", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("a"), A(0x20000) },
	  .err = PLAN_EEMPTY, .err_step = 3,
	  .segs = 1, .err_seg = 1, .err_seg2 = 0 },
	{ "a segment of one empty file", 0, -1, 0, 0, 0, { A(0x10000), E, F("") },
	  .err = PLAN_EEMPTY, .err_step = 0,
	  .segs = 1, .err_seg = 0, .err_seg2 = 0 },
	{ "a segment of only -4", 0, -1, 0, 0, 0, { A(0x10000), E, P4 },
	  .err = PLAN_EEMPTY, .err_step = 0,
	  .segs = 1, .err_seg = 0, .err_seg2 = 0 },
	{ "overlap: the same start", 0, -1, 0, 0, 0,
	  { A(0x10000), E, F("a"), A(0x10000), F("b") },
	  .err = PLAN_EOVERLAP, .err_step = 3,
	  .segs = 1, .err_seg = 0, .err_seg2 = 1 },
	{ "overlap made by rounding to 4 KiB", 0x1000, -1, 0, 0, 0,
	  { A(0x1000), E, Z(0x1001), A(0x2000), Z(1) },
	  .err = PLAN_EOVERLAP, .err_step = 3,
	  .segs = 1, .err_seg = 0, .err_seg2 = 1 },
	{ "overlap made by rounding to 64 KiB", 0x10000, -1, 0, 0, 0,
	  { A(0x10000), E, Z(0x10001), A(0x20000), Z(1) },
	  .err = PLAN_EOVERLAP, .err_step = 3,
	  .segs = 1, .err_seg = 0, .err_seg2 = 1 },
	{ "overlap: a later segment below an earlier", 0, -1, 0, 0, 0,
	  { A(0x20000), E, Z(0x10), A(0x10000), Z(0x10001) },
	  .err = PLAN_EOVERLAP, .err_step = 3,
	  .segs = 1, .err_seg = 0, .err_seg2 = 1 },
	{ "overlap names the right pair", 0, -1, 0, 0, 0,
	  { A(0x10000), E, Z(1), A(0x30000), Z(1), A(0x10000), Z(1) },
	  .err = PLAN_EOVERLAP, .err_step = 5,
	  .segs = 1, .err_seg = 0, .err_seg2 = 2 },
	{ "below the running kernel's end", 0, -1, 0, 0x2880000, 0,
	  { A(0x2000000), E, F("k") },
	  .err = PLAN_EFLOOR, .err_step = 0,
	  .segs = 1, .err_seg = 0, .err_seg2 = 0 },
	{ "second segment below the kernel's end", 0, -1, 0, 0x2880000, 0,
	  { A(0x5000000), E, F("k"), A(0x10000), F("x") },
	  .err = PLAN_EFLOOR, .err_step = 3,
	  .segs = 1, .err_seg = 1, .err_seg2 = 0 },
	{ "no -e", 0, -1, 0, 0, 0, { A(0x10000), F("a") }, .err = PLAN_ENOENTRY, .err_step = 0 },
	{ "entry after the last byte", 0, -1, 0, 0, 0, { A(0x10000), F("abc"), E },
	  .err = PLAN_EENTRY, .err_step = 2 },
	{ "entry in page padding", 0, -1, 0, 0, 0,
	  { A(0x10000), F("abc"), A(0x20000), F("x"), E, A(0x30000), Z(1) },
	  .err = PLAN_EENTRY, .err_step = 4 },
	{ "a second -e", 0, -1, 0, 0, 0, { A(0x10000), E, F("a"), E },
	  .err = PLAN_EENTRY2, .err_step = 3 },
};

static size_t count_steps(const struct plan_step *s)
{
	size_t n = 0;

	while (n < MAXSTEP && s[n].op)
		n++;
	return n;
}

/* Whether byte K of segment SEG lies under a -c word. */
static int under_chain(const struct plan *p, size_t seg, uint64_t k)
{
	size_t i;

	for (i = 0; i < p->npiece; i++)
		if (p->piece[i].kind == 'c' && p->piece[i].seg == seg &&
		    k >= p->piece[i].off && k < p->piece[i].off + p->piece[i].len)
			return 1;
	return 0;
}

static uint64_t read_word(const unsigned char *b, unsigned len, int big)
{
	uint64_t v = 0;
	unsigned k;

	for (k = 0; k < len; k++)
		v = v << 8 | b[big ? k : len - 1 - k];
	return v;
}

/* The segment's bytes, with 16 sentinel bytes after, which must survive. */
static unsigned char *filled(const struct plan *p, const struct plan_step *step, size_t i)
{
	unsigned char *b = malloc(p->seg[i].bufsz + 16);

	memset(b, 0xa5, p->seg[i].bufsz + 16);
	plan_fill(p, step, i, b);
	return b;
}

static int segment_invariants(const struct plan *p, const struct plan_step *step,
			      size_t n, const struct plan_cfg *cfg, size_t i)
{
	const struct plan_segment *sg = &p->seg[i];
	const struct plan_piece *pc;
	uint64_t at = 0, k;
	unsigned char *b = filled(p, step, i);
	size_t j;
	int ok = 1;

	ok &= sg->mem % cfg->page == 0 && sg->memsz % cfg->page == 0;
	ok &= sg->bufsz <= sg->size && sg->size <= sg->memsz && sg->size > 0;
	ok &= sg->memsz - sg->size < cfg->page;
	ok &= sg->mem >= cfg->floor && sg->memsz <= cfg->limit - sg->mem;
	for (k = 0; k < 16; k++)
		ok &= b[sg->bufsz + k] == 0xa5;
	/* Non-chain pieces tile [0, bufsz) in order; their bytes are there. */
	for (j = 0; j < p->npiece; j++) {
		pc = &p->piece[j];
		if (pc->seg != i)
			continue;
		if (pc->kind == 'c') {
			ok &= pc->off + pc->len <= sg->bufsz && pc->len == cfg->word;
			ok &= i + 1 < p->nseg && pc->value == p->seg[i + 1].mem;
			ok &= read_word(b + pc->off, pc->len, cfg->big_endian) == pc->value;
			continue;
		}
		ok &= pc->off == at && pc->step < n;
		for (k = 0; k < pc->len; k++)
			if (!under_chain(p, i, pc->off + k))
				ok &= b[pc->off + k] ==
				      (pc->kind == 'b' ? step[pc->step].data[k] : 0);
		at += pc->len;
	}
	free(b);
	return ok && at == sg->bufsz;
}

static int invariants(const struct plan *p, const struct plan_step *step,
		      size_t n, const struct plan_cfg *cfg)
{
	size_t i, j, pieces;
	int ok = 1, entry_inside = 0;

	/* Every byte step is in exactly one piece: no input is lost. */
	for (i = 0; i < n; i++) {
		if (step[i].op != 'f' && step[i].op != 's')
			continue;
		for (pieces = j = 0; j < p->npiece; j++)
			pieces += p->piece[j].kind == 'b' && p->piece[j].step == i &&
				  p->piece[j].len == step[i].len;
		ok &= pieces == 1;
	}
	for (i = 0; i < p->nseg; i++) {
		ok &= segment_invariants(p, step, n, cfg, i);
		for (j = 0; j < i; j++)
			ok &= p->seg[i].mem >= p->seg[j].mem + p->seg[j].memsz ||
			      p->seg[j].mem >= p->seg[i].mem + p->seg[i].memsz;
		entry_inside |= p->entry >= p->seg[i].mem &&
				p->entry < p->seg[i].mem + p->seg[i].size;
	}
	return ok && entry_inside;
}

static int matches(const struct tcase *t, const struct plan *p, const struct plan_step *step)
{
	const struct want_seg *w;
	unsigned char *b;
	size_t i;
	int ok = p->entry == t->entry && p->nseg == t->nseg;

	for (i = 0; ok && i < 4 && i < p->nseg; i++) {
		w = &t->seg[i];
		if (!w->mem && !w->size)
			continue;
		ok &= p->seg[i].mem == w->mem && p->seg[i].bufsz == w->bufsz &&
		      p->seg[i].size == w->size;
		if (ok && w->bytes) {
			b = filled(p, step, i);
			ok &= !memcmp(b, w->bytes, w->bufsz);
			free(b);
		}
	}
	return ok;
}

static void run(const struct tcase *t, uint64_t page, int big)
{
	struct plan_cfg cfg = {
		page, t->limit ? t->limit : UINT64_MAX, t->floor,
		t->word ? t->word : 8, big, 0, 0, 0, 0,
	};
	struct plan_piece piece[2 * MAXSTEP + 1];
	struct plan p = { .piece = piece };
	size_t n = count_steps(t->step);
	char name[200];
	int err;

	snprintf(name, sizeof(name), "%s (%s pages, %s)", t->name,
		 page == 0x1000 ? "4 KiB" : "64 KiB", big ? "BE" : "LE");
	piece[2 * n].kind = 'X';	/* the caller gives 2 pieces per step */
	err = plan_build(t->step, n, &cfg, &p);
	if (piece[2 * n].kind != 'X' || p.npiece > 2 * n)
		CHECK(name, 0);
	if (t->err) {
		CHECK(name, err == t->err && p.err_step == t->err_step &&
		      (!t->segs || (p.err_seg == t->err_seg && p.err_seg2 == t->err_seg2)));
		if (err != t->err || p.err_step != t->err_step)
			printf("  got error %d at step %zu (segments %zu, %zu)\n",
			       err, p.err_step, p.err_seg, p.err_seg2);
		return;
	}
	CHECK(name, !err && matches(t, &p, t->step));
	if (err)
		printf("  got error %d at step %zu\n", err, p.err_step);
	if (!err) {
		snprintf(name + strlen(name), sizeof(name) - strlen(name), ": invariants");
		CHECK(name, invariants(&p, t->step, n, &cfg));
	}
}

/* The seed's exact layout: a 256-byte v2wrap, its kernel slot at 0xf8..0xff. */
static void seed_slot(int big)
{
	static unsigned char stub[256];
	struct plan_step step[] = {
		A(0x5000000), E, FN(stub, sizeof(stub)), S("DT"),
		A(0x6000000), C(0x100), F("vmlinux"),
	};
	static const unsigned char be[8] = { 0, 0, 0, 0, 6, 0, 0, 0 };
	static const unsigned char le[8] = { 0, 0, 0, 6, 0, 0, 0, 0 };
	struct plan_cfg cfg = { 0x10000, UINT64_MAX, 0, 8, big, 0, 0, 0, 0 };
	struct plan_piece piece[14];
	struct plan p = { .piece = piece };
	unsigned char buf[258];

	memset(stub, 0x60, sizeof(stub));
	CHECK(big ? "-c 0x100: v2wrap slot 0xf8..0xff, BE" : "-c 0x100: v2wrap slot 0xf8..0xff, LE",
	      !plan_build(step, 7, &cfg, &p) && p.seg[0].bufsz == 258 &&
	      (plan_fill(&p, step, 0, buf), !memcmp(buf + 0xf8, big ? be : le, 8)) &&
	      buf[0xf7] == 0x60 && !memcmp(buf + 0x100, "DT", 2) &&
	      p.seg[1].memsz == 0x10000);
}

static void single_source(void)
{
	struct plan_step step[] = {
		A(0x10000), E, F("stub"), S("dt"),	/* 0: two sources */
		A(0x20000), F("kernel"), Z(9),		/* 1: one file, trailing -z */
		A(0x30000), C(4), Z(0x10),		/* 2: no bytes; -c into 1 */
		A(0x40000), F("a"), Z(1), F("b"),	/* 3: zeros in the buffer */
		A(0x50000), F("initrd"), P4,		/* 4: padding */
	};
	struct plan_cfg cfg = { 0x1000, UINT64_MAX, 0, 4, 1, 0, 0, 0, 0 };
	struct plan_piece piece[2 * 17];
	struct plan p = { .piece = piece };

	CHECK("plan_single: which segments can go to the kernel uncopied",
	      !plan_build(step, 17, &cfg, &p) && plan_single(&p, 0) == -1 &&
	      plan_single(&p, 1) == 5 && plan_single(&p, 2) == -1 &&
	      plan_single(&p, 3) == -1 && plan_single(&p, 4) == -1);
}

/*
 * A crash load (loadem -p): inside the region, never over RTAS there, and
 * the region's lowest two free pages left to the kernel, clear of RTAS.
 * The layout of a Debian crash kernel at 512 MiB, with RTAS at 0x2fff0000.
 */
static int crash_plan(const struct plan_step *step, size_t n, uint64_t start, uint64_t end,
		      struct plan *p)
{
	struct plan_cfg cfg = { 0x10000, UINT64_MAX, 0, 8, 0, start, end,
				0x2fff0000, 0x2fff085c };

	return plan_build(step, n, &cfg, p);
}

static void crash(void)
{
	struct plan_step fits[] = {
		A(0x20000000), Z(0x287ca18),		/* the kernel, its BSS too */
		A(0x22900000), E, F("stub and DT"),	/* two pages free below it */
		A(0x22a00000), F("core header"),
	};
	struct plan_step out[] = { A(0x1f000000), E, Z(0x100000) };
	struct plan_step over[] = { A(0x2ff00000), E, Z(0x100000) };
	struct plan_step full[] = {
		A(0x20000000), E, Z(0x287ca18), A(0x22890000), Z(0x10000),
	};
	struct plan_step low[] = { A(0x2ffd0000), E, Z(0x10000), A(0x30000000), Z(0x10000) };
	struct plan_piece piece[16];
	struct plan p = { .piece = piece };

	CHECK("crash: a layout inside the region, two pages free below RTAS",
	      !crash_plan(fits, 7, 0x20000000, 0x40000000, &p) && p.nseg == 3);
	CHECK("crash: a segment outside the region refused, named",
	      crash_plan(out, 3, 0x20000000, 0x40000000, &p) == PLAN_ECRASH && p.err_seg == 0);
	CHECK("crash: a segment over RTAS refused, named",
	      crash_plan(over, 3, 0x20000000, 0x40000000, &p) == PLAN_EAVOID && p.err_seg == 0);
	CHECK("crash: one free page before the rest is covered is not enough",
	      crash_plan(full, 5, 0x20000000, 0x228a0000, &p) == PLAN_EFREE);
	CHECK("crash: the lowest free pages must not be RTAS's",
	      crash_plan(low, 5, 0x2ffd0000, 0x30010000, &p) == PLAN_EFREE);
	CHECK("crash: the same with room below RTAS passes",
	      !crash_plan(low, 5, 0x2ffb0000, 0x30010000, &p));
}

int main(void)
{
	static const uint64_t pages[] = { 0x1000, 0x10000 };
	struct plan_piece piece[1];
	struct plan p = { .piece = piece };
	struct plan_cfg cfg = { 0x1000, UINT64_MAX, 0, 8, 0, 0, 0, 0, 0 };
	size_t i, k;
	int big;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (k = 0; k < 2; k++)
			for (big = 0; big < 2; big++)
				if ((!cases[i].page || cases[i].page == pages[k]) &&
				    (cases[i].big < 0 || cases[i].big == big))
					run(&cases[i], pages[k], big);
	seed_slot(1);
	seed_slot(0);
	single_source();
	crash();
	CHECK("no steps: an empty plan", !plan_build(NULL, 0, &cfg, &p) && !p.nseg);
	return unit_done();
}
