/*
 * Placement (applets/lib/place.c), table-driven: memory in, cuts and takes
 * run in order, the free ranges and each address out. After every step a
 * model written here another way must agree: the free ranges are the
 * elementary pieces between all the boundaries that lie in the memory,
 * inside [lo, hi), in no cut (widened to pages) and in no take (rounded up
 * to pages); every take is the first fit, computed another way; every
 * taken range lies in free memory, aligned as asked, whole pages, and no
 * two overlap. Then the captured machines: a ppc64 pseries guest, /proc/iomem
 * of an arm64 qemu virt guest and of an x86_64 one, read line by line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "place.h"
#include "unit.h"

#define MAXR 16
#define MAXS 12
#define MB2 0x200000
#define TOP UINT64_MAX

struct step {
	char op;		/* 'c': cut [a, b); 't': take a bytes, align b, offset c */
	uint64_t a, b, c;
	int fail;		/* NOFIT: nothing fits; ROOM: no room for the pieces */
	uint64_t want;		/* 't': the address */
};

enum { NOFIT = 1, ROOM };

#define CUT(s, e)		{ 'c', (s), (e), 0, 0, 0 }
#define CUTROOM(s, e)		{ 'c', (s), (e), 0, ROOM, 0 }
#define TAKE(n, al, off, at)	{ 't', (n), (al), (off), 0, (at) }
#define TAKEROOM(n, al, off)	{ 't', (n), (al), (off), ROOM, 0 }
#define NOFIT(n, al, off)	{ 't', (n), (al), (off), NOFIT, 0 }

struct pcase {
	const char *name;
	uint64_t page;
	size_t cap;			/* 0: MAXR */
	struct place_range mem[MAXR];	/* up to an empty {0, 0} */
	uint64_t lo, hi;		/* hi 0: 2^64 - 1 */
	int init_fail;
	struct step step[MAXS];		/* up to op 0 */
	struct place_range free[MAXR];	/* afterwards, up to {0, 0} */
	struct place_range largest;
};

static const struct pcase cases[] = {
	/* place_init */
	{ "init: unsorted, overlapping and touching ranges merge", 0x1000, 0,
	  { { 0x3000, 0x4000 }, { 0x8000, 0x9000 }, { 0x1000, 0x2000 }, { 0x2000, 0x3000 },
	    { 0x3800, 0x5000 } }, 0, 0, 0, { { 0 } },
	  { { 0x1000, 0x5000 }, { 0x8000, 0x9000 } }, { 0x1000, 0x5000 } },
	{ "init: one range swallows the others", 0x1000, 0,
	  { { 0x2000, 0x3000 }, { 0x5000, 0x6000 }, { 0x1000, 0x7000 } }, 0, 0, 0, { { 0 } },
	  { { 0x1000, 0x7000 } }, { 0x1000, 0x7000 } },
	{ "init: clipped to [lo, hi)", 0x1000, 0,
	  { { 0x1000, 0x5000 }, { 0x8000, 0x9000 }, { 0xa000, 0xb000 } }, 0x1800, 0x8800, 0,
	  { { 0 } }, { { 0x1800, 0x5000 }, { 0x8000, 0x8800 } }, { 0x1800, 0x5000 } },
	{ "init: empty and inverted ranges are left out", 0x1000, 0,
	  { { 0x5000, 0x5000 }, { 0x9000, 0x8000 }, { 0x1000, 0x2000 } }, 0, 0, 0, { { 0 } },
	  { { 0x1000, 0x2000 } }, { 0x1000, 0x2000 } },
	{ "init: everything below lo: nothing free", 0x1000, 0,
	  { { 0x1000, 0x2000 } }, 0x2000, 0, 0,
	  { NOFIT(1, 0x1000, 0) }, { { 0 } }, { 0, 0 } },
	{ "init: up to 2^64 - 1", 0x1000, 0,
	  { { 0xfffffffffff00000, TOP } }, 0, 0, 0, { { 0 } },
	  { { 0xfffffffffff00000, TOP } }, { 0xfffffffffff00000, TOP } },
	{ "init: two ranges, room for one", 0x1000, 1,
	  { { 0x1000, 0x2000 }, { 0x3000, 0x4000 } }, 0, 0, 1, { { 0 } }, { { 0 } }, { 0, 0 } },
	{ "init: two ranges that merge, room for one", 0x1000, 1,
	  { { 0x1000, 0x2000 }, { 0x2000, 0x4000 } }, 0, 0, 0, { { 0 } },
	  { { 0x1000, 0x4000 } }, { 0x1000, 0x4000 } },

	/* place_cut */
	{ "cut: a hole in the middle splits", 0x1000, 0, { { 0, 0x10000 } }, 0, 0, 0,
	  { CUT(0x4000, 0x5000) }, { { 0, 0x4000 }, { 0x5000, 0x10000 } }, { 0x5000, 0x10000 } },
	{ "cut: widened to whole pages", 0x1000, 0, { { 0, 0x10000 } }, 0, 0, 0,
	  { CUT(0x4100, 0x4200) }, { { 0, 0x4000 }, { 0x5000, 0x10000 } }, { 0x5000, 0x10000 } },
	{ "cut: widened to 64 KiB pages", 0x10000, 0, { { 0, 0x100000 } }, 0, 0, 0,
	  { CUT(0x2fff0, 0x3000f) }, { { 0, 0x20000 }, { 0x40000, 0x100000 } },
	  { 0x40000, 0x100000 } },
	{ "cut: the start and the end of a range", 0x1000, 0, { { 0x1000, 0x9000 } }, 0, 0, 0,
	  { CUT(0, 0x2000), CUT(0x8800, 0x20000) }, { { 0x2000, 0x8000 } }, { 0x2000, 0x8000 } },
	{ "cut: across three ranges and the gaps", 0x1000, 0,
	  { { 0x1000, 0x3000 }, { 0x4000, 0x5000 }, { 0x6000, 0x9000 } }, 0, 0, 0,
	  { CUT(0x2000, 0x7000) }, { { 0x1000, 0x2000 }, { 0x7000, 0x9000 } }, { 0x7000, 0x9000 } },
	{ "cut: all of it", 0x1000, 0, { { 0x1000, 0x3000 }, { 0x4000, 0x5000 } }, 0, 0, 0,
	  { CUT(0, 0x10000) }, { { 0 } }, { 0, 0 } },
	{ "cut: in a gap, nothing changes", 0x1000, 0,
	  { { 0x1000, 0x3000 }, { 0x5000, 0x6000 } }, 0, 0, 0,
	  { CUT(0x3000, 0x5000), CUT(0x10000, 0x20000) },
	  { { 0x1000, 0x3000 }, { 0x5000, 0x6000 } }, { 0x1000, 0x3000 } },
	{ "cut: the same hole twice", 0x1000, 0, { { 0, 0x10000 } }, 0, 0, 0,
	  { CUT(0x4000, 0x5000), CUT(0x4000, 0x5000), CUT(0x4800, 0x4900) },
	  { { 0, 0x4000 }, { 0x5000, 0x10000 } }, { 0x5000, 0x10000 } },
	{ "cut: its end rounded up past 2^64 stays at 2^64 - 1", 0x1000, 0,
	  { { 0xffffffffffff0000, TOP } }, 0, 0, 0, { CUT(0xfffffffffffff800, TOP) },
	  { { 0xffffffffffff0000, 0xfffffffffffff000 } },
	  { 0xffffffffffff0000, 0xfffffffffffff000 } },
	{ "cut: a split with no room for the second piece", 0x1000, 1, { { 0, 0x10000 } },
	  0, 0, 0, { CUTROOM(0x4000, 0x5000) }, { { 0 } }, { 0, 0 } },
	{ "cut: trimming needs no room", 0x1000, 1, { { 0, 0x10000 } }, 0, 0, 0,
	  { CUT(0, 0x1000), CUT(0xf000, 0x10000) }, { { 0x1000, 0xf000 } }, { 0x1000, 0xf000 } },

	/* place_take */
	{ "take: first fit, from the bottom", 0x1000, 0,
	  { { 0x1000, 0x3000 }, { 0x10000, 0x20000 } }, 0, 0, 0,
	  { TAKE(0x1000, 0x1000, 0, 0x1000), TAKE(0x3000, 0x1000, 0, 0x10000),
	    TAKE(0x800, 0x1000, 0, 0x2000) },
	  { { 0x13000, 0x20000 } }, { 0x13000, 0x20000 } },
	{ "take: aligned, the range's start rounded up", 0x1000, 0,
	  { { 0x101000, 0x800000 } }, 0, 0, 0,
	  { TAKE(0x1000, MB2, 0, 0x200000), TAKE(0x1000, 0x1000, 0, 0x101000) },
	  { { 0x102000, 0x200000 }, { 0x201000, 0x800000 } }, { 0x201000, 0x800000 } },
	{ "take: 2 MiB plus an offset above the start", 0x1000, 0,
	  { { 0x100000, 0x800000 } }, 0, 0, 0, { TAKE(0x1000, MB2, 0x80000, 0x280000) },
	  { { 0x100000, 0x280000 }, { 0x281000, 0x800000 } }, { 0x281000, 0x800000 } },
	{ "take: 2 MiB plus an offset below the start", 0x1000, 0,
	  { { 0x1000, 0x800000 } }, 0, 0, 0, { TAKE(0x1000, MB2, 0x80000, 0x80000) },
	  { { 0x1000, 0x80000 }, { 0x81000, 0x800000 } }, { 0x81000, 0x800000 } },
	{ "take: an exact fit", 0x1000, 0, { { 0x4000, 0x6000 } }, 0, 0, 0,
	  { TAKE(0x2000, 0x1000, 0, 0x4000) }, { { 0 } }, { 0, 0 } },
	{ "take: one byte too many: the map stays", 0x1000, 0,
	  { { 0x4000, 0x6000 }, { 0x8000, 0x9000 } }, 0, 0, 0, { NOFIT(0x2001, 0x1000, 0) },
	  { { 0x4000, 0x6000 }, { 0x8000, 0x9000 } }, { 0x4000, 0x6000 } },
	{ "take: rounded up to the page", 0x10000, 0, { { 0, 0x10000000 } }, 0, 0, 0,
	  { TAKE(0x287ca18, MB2, 0, 0), TAKE(0x10, 0x10000, 0, 0x2880000) },
	  { { 0x2890000, 0x10000000 } }, { 0x2890000, 0x10000000 } },
	{ "take: size 0 takes nothing", 0x1000, 0, { { 0x1000, 0x3000 } }, 0, 0, 0,
	  { TAKE(0, 0x1000, 0, 0x1000), TAKE(0x1000, 0x1000, 0, 0x1000) },
	  { { 0x2000, 0x3000 } }, { 0x2000, 0x3000 } },
	{ "take: a partial page at a range's end is not free", 0x1000, 0,
	  { { 0x1000, 0x1800 }, { 0x3000, 0x3800 }, { 0x8000, 0xa000 } }, 0, 0, 0,
	  { TAKE(0x800, 0x1000, 0, 0x8000), TAKE(0x1000, 0x1000, 0, 0x9000) },
	  { { 0x1000, 0x1800 }, { 0x3000, 0x3800 } }, { 0x1000, 0x1800 } },
	{ "take: the last whole page of a ragged range", 0x1000, 0, { { 0x1000, 0x2800 } },
	  0, 0, 0, { TAKE(0x800, 0x1000, 0, 0x1000), NOFIT(0x800, 0x1000, 0) },
	  { { 0x2000, 0x2800 } }, { 0x2000, 0x2800 } },
	{ "take: hi (--mem-max + 1) not on a page", 0x1000, 0, { { 0, 0x30000000 } },
	  0x10000, 0x11801, 0, { TAKE(0x800, 0x1000, 0, 0x10000), NOFIT(0x1, 0x1000, 0) },
	  { { 0x11000, 0x11801 } }, { 0x11000, 0x11801 } },
	{ "take: aligned near 2^64", 0x1000, 0, { { 0xffffffffffe00000, TOP } }, 0, 0, 0,
	  { TAKE(0x1000, MB2, 0, 0xffffffffffe00000) },
	  { { 0xffffffffffe01000, TOP } }, { 0xffffffffffe01000, TOP } },
	{ "take: aligning would pass 2^64", 0x1000, 0, { { 0xffffffffffe01000, TOP } }, 0, 0, 0,
	  { NOFIT(0x1000, MB2, 0) }, { { 0xffffffffffe01000, TOP } },
	  { 0xffffffffffe01000, TOP } },
	{ "take: the last page below 2^64 is not whole", 0x1000, 0,
	  { { 0xfffffffffffff000, TOP } }, 0, 0, 0, { NOFIT(0x10, 0x1000, 0) },
	  { { 0xfffffffffffff000, TOP } }, { 0xfffffffffffff000, TOP } },
	{ "take: a split with no room for the second piece", 0x1000, 1, { { 0, 0x10000 } },
	  0, 0, 0, { TAKE(0x1000, 0x1000, 0, 0), TAKEROOM(0x1000, 0x4000, 0x2000) },
	  { { 0 } }, { 0, 0 } },

	/*
	 * ppc64 pseries, from the captured trees (tests/fixtures): the RMA
	 * [0, 0x30000000), RTAS at its top (linux,rtas-base 0x2fff0000,
	 * rtas-size 0x85c), the running kernel's linux,kernel-end 0x2880000
	 * as the floor; Debian's vmlinux (memsz 0x287ca18) 2 MiB-aligned, then
	 * the race-free stub and the VOF tree (0x200 + 0x4392 bytes), then an
	 * initrd of the size /chosen's linux,initrd-* show (0x26356c): as
	 * kexec_plan.c's place_all() takes them, with Debian's 64 KiB pages.
	 */
	{ "pseries: kernel, stub and DT below it, initrd above (64 KiB pages)", 0x10000, 0,
	  { { 0, 0x30000000 } }, 0x2880000, 0, 0,
	  { CUT(0x2fff0000, 0x2fff0000 + 0x85c), TAKE(0x287ca18, MB2, 0, 0x2a00000),
	    TAKE(0x4592, 0x10000, 0, 0x2880000), TAKE(0x26356c, 0x10000, 0, 0x5280000) },
	  { { 0x2890000, 0x2a00000 }, { 0x54f0000, 0x2fff0000 } }, { 0x54f0000, 0x2fff0000 } },
	{ "pseries: the same with 4 KiB pages", 0x1000, 0,
	  { { 0, 0x30000000 } }, 0x2880000, 0, 0,
	  { CUT(0x2fff0000, 0x2fff0000 + 0x85c), TAKE(0x287ca18, MB2, 0, 0x2a00000),
	    TAKE(0x4592, 0x1000, 0, 0x2880000), TAKE(0x26356c, 0x1000, 0, 0x527d000) },
	  { { 0x2885000, 0x2a00000 }, { 0x54e1000, 0x2fff0000 }, { 0x2fff1000, 0x30000000 } },
	  { 0x54e1000, 0x2fff0000 } },
	{ "pseries: an initrd larger than the free RMA does not fit", 0x10000, 0,
	  { { 0, 0x30000000 } }, 0x2880000, 0, 0,
	  { CUT(0x2fff0000, 0x2fff0000 + 0x85c), TAKE(0x287ca18, MB2, 0, 0x2a00000),
	    TAKE(0x4592, 0x10000, 0, 0x2880000), NOFIT(0x2ad70001, 0x10000, 0) },
	  { { 0x2890000, 0x2a00000 }, { 0x5280000, 0x2fff0000 } }, { 0x5280000, 0x2fff0000 } },
	{ "pseries: an initrd as large as the largest free range fits", 0x10000, 0,
	  { { 0, 0x30000000 } }, 0x2880000, 0, 0,
	  { CUT(0x2fff0000, 0x2fff0000 + 0x85c), TAKE(0x287ca18, MB2, 0, 0x2a00000),
	    TAKE(0x4592, 0x10000, 0, 0x2880000), TAKE(0x2ad70000, 0x10000, 0, 0x5280000) },
	  { { 0x2890000, 0x2a00000 } }, { 0x2890000, 0x2a00000 } },
	{ "pseries: /memory@0 as captured, [0, 2 GiB): RTAS splits it", 0x10000, 0,
	  { { 0, 0x80000000 } }, 0x2880000, 0, 0,
	  { CUT(0x2fff0000, 0x2fff0000 + 0x85c), TAKE(0x287ca18, MB2, 0, 0x2a00000),
	    TAKE(0x4592, 0x10000, 0, 0x2880000), TAKE(0x30000000, 0x10000, 0, 0x30000000) },
	  { { 0x2890000, 0x2a00000 }, { 0x5280000, 0x2fff0000 }, { 0x60000000, 0x80000000 } },
	  { 0x5280000, 0x2fff0000 } },
	{ "pseries: --mem-max 0x3fffffff keeps it in the first GiB", 0x10000, 0,
	  { { 0, 0x80000000 } }, 0x2880000, 0x40000000, 0,
	  { CUT(0x2fff0000, 0x2fff0000 + 0x85c), TAKE(0x287ca18, MB2, 0, 0x2a00000),
	    NOFIT(0x2b000000, 0x10000, 0), TAKE(0x2ad70000, 0x10000, 0, 0x5280000),
	    TAKE(0x10000000, 0x10000, 0, 0x30000000) },
	  { { 0x2880000, 0x2a00000 } }, { 0x2880000, 0x2a00000 } },

	/* place_largest */
	{ "largest: the first of two of one size", 0x1000, 0,
	  { { 0x1000, 0x3000 }, { 0x4000, 0x5000 }, { 0x8000, 0xa000 } }, 0, 0, 0, { { 0 } },
	  { { 0x1000, 0x3000 }, { 0x4000, 0x5000 }, { 0x8000, 0xa000 } }, { 0x1000, 0x3000 } },
};

/* ---- the model ---- */

struct model {
	uint64_t page, lo, hi;
	const struct place_range *mem;
	size_t nmem, nhole;
	struct place_range hole[2 * MAXS];	/* cuts and takes, widened to pages */
};

static uint64_t page_down(uint64_t v, uint64_t page)
{
	return v & ~(page - 1);
}

static uint64_t page_up(uint64_t v, uint64_t page)
{
	return v > TOP - (page - 1) ? TOP : (v + page - 1) & ~(page - 1);
}

/* Whether the address X is free in the model. */
static int model_free(const struct model *md, uint64_t x)
{
	size_t i;
	int in = 0;

	if (x < md->lo || x >= md->hi)
		return 0;
	for (i = 0; i < md->nmem; i++)
		in |= md->mem[i].start <= x && x < md->mem[i].end;
	for (i = 0; i < md->nhole; i++)
		if (md->hole[i].start <= x && x < md->hole[i].end)
			return 0;
	return in;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The free ranges as the model sees them: every boundary sorted, each
 * piece between two tried by its first address, free pieces joined.
 */
static size_t model_ranges(const struct model *md, struct place_range *out, size_t cap)
{
	uint64_t pt[4 * MAXR + 4 * MAXS + 4];
	size_t n = 0, i, k = 0;

	pt[n++] = md->lo;
	pt[n++] = md->hi;
	for (i = 0; i < md->nmem; i++) {
		pt[n++] = md->mem[i].start;
		pt[n++] = md->mem[i].end;
	}
	for (i = 0; i < md->nhole; i++) {
		pt[n++] = md->hole[i].start;
		pt[n++] = md->hole[i].end;
	}
	qsort(pt, n, sizeof(*pt), cmp_u64);
	for (i = 0; i + 1 < n; i++) {
		if (pt[i] == pt[i + 1] || !model_free(md, pt[i]))
			continue;
		if (k && out[k - 1].end == pt[i])
			out[k - 1].end = pt[i + 1];
		else if (k < cap)
			out[k++] = (struct place_range){ pt[i], pt[i + 1] };
	}
	return k;
}

static int same_ranges(const struct place_range *a, size_t na,
		       const struct place_range *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (a[i].start != b[i].start || a[i].end != b[i].end)
			return 0;
	return 1;
}

static void print_ranges(const char *what, const struct place_range *r, size_t n)
{
	size_t i;

	printf("  %s:", what);
	for (i = 0; i < n; i++)
		printf(" [0x%llx, 0x%llx)", (unsigned long long)r[i].start,
		       (unsigned long long)r[i].end);
	printf("\n");
}

/* The map is well formed and is exactly the model's free memory. */
static int map_ok(const struct place_map *m, const struct model *md)
{
	struct place_range want[4 * MAXR + 4 * MAXS];
	size_t n = model_ranges(md, want, sizeof(want) / sizeof(want[0])), i;
	int ok = m->n <= m->cap;

	for (i = 0; ok && i < m->n; i++) {
		ok &= m->r[i].start < m->r[i].end;
		if (i)
			ok &= m->r[i - 1].end < m->r[i].start;
	}
	ok &= same_ranges(m->r, m->n, want, n);
	if (!ok) {
		print_ranges("map", m->r, m->n);
		print_ranges("model", want, n);
	}
	return ok;
}

/*
 * The first fit, worked out another way: in each range in turn, the
 * first k * ALIGN + OFFSET at or above its start is start plus
 * (OFFSET - start) mod ALIGN, unless that passes 2^64; it fits when its
 * SIZE bytes, rounded up to the page, end by the range's last whole page.
 * (No __int128: the unit tests also run as i386 and armhf.)
 */
static int first_fit(const struct place_map *m, uint64_t size, uint64_t align,
		     uint64_t offset, uint64_t page, uint64_t *addr)
{
	uint64_t a, step, end;
	size_t i;

	for (i = 0; i < m->n; i++) {
		step = (offset - m->r[i].start) & (align - 1);
		a = m->r[i].start + step;
		end = page_down(m->r[i].end, page);
		if (a >= m->r[i].start && a < end && size <= end - a) {
			*addr = a;
			return 0;
		}
	}
	return -1;
}

/* Whether [A, E) lies in one of the model's free ranges. */
static int model_holds(const struct model *md, uint64_t a, uint64_t e)
{
	struct place_range fr[4 * MAXR + 4 * MAXS];
	size_t n = model_ranges(md, fr, sizeof(fr) / sizeof(fr[0])), i;

	for (i = 0; i < n; i++)
		if (fr[i].start <= a && e <= fr[i].end)
			return 1;
	return 0;
}

/* One take, checked against the map BEFORE it and the model. */
static int take_ok(const struct place_map *before, const struct model *md, const struct step *s,
		   int r, uint64_t addr)
{
	uint64_t ref = 0;
	int fit = first_fit(before, s->a, s->b, s->c, md->page, &ref);

	if (r)
		return fit == -1;
	/* The first fit, aligned as asked, whole pages, all of them free till now. */
	return !fit && addr == ref && (addr & (s->b - 1)) == s->c && addr % md->page == 0 &&
	       addr + s->a >= addr && model_holds(md, addr, page_up(addr + s->a, md->page));
}

static size_t count_ranges(const struct place_range *r)
{
	size_t n = 0;

	while (n < MAXR && (r[n].start || r[n].end))
		n++;
	return n;
}

/* The largest range, the first of its size. */
static int largest_ok(const struct place_map *m, struct place_range big)
{
	size_t i, first = m->n;

	for (i = 0; i < m->n; i++)
		if (first == m->n || m->r[i].end - m->r[i].start > m->r[first].end - m->r[first].start)
			first = i;
	if (first == m->n)
		return big.start == big.end;
	return big.start == m->r[first].start && big.end == m->r[first].end;
}

static void run(const struct pcase *c)
{
	struct place_range r[MAXR], before_r[MAXR], big;
	struct place_map m = { r, 0, c->cap ? c->cap : MAXR }, before;
	struct model md = { c->page, c->lo, c->hi ? c->hi : TOP, c->mem, count_ranges(c->mem), 0, { { 0 } } };
	const struct step *s;
	char name[200];
	uint64_t addr = 0;
	int ok, rc, room = 0;

	snprintf(name, sizeof(name), "place: %s", c->name);
	rc = place_init(&m, c->mem, md.nmem, md.lo, md.hi);
	if (c->init_fail) {
		CHECK(name, rc == -1);
		return;
	}
	ok = !rc && map_ok(&m, &md);
	for (s = c->step; ok && s < c->step + MAXS && s->op; s++) {
		if (s->fail == ROOM) {
			rc = s->op == 'c' ? place_cut(&m, s->a, s->b, c->page) :
			     place_take(&m, s->a, s->b, s->c, c->page, &addr);
			ok &= rc == -1;
			room = 1;
			break;
		}
		if (s->op == 'c') {
			ok &= !place_cut(&m, s->a, s->b, c->page);
			md.hole[md.nhole++] = (struct place_range){ page_down(s->a, c->page),
								    page_up(s->b, c->page) };
		} else {
			memcpy(before_r, r, sizeof(r));
			before = m;
			before.r = before_r;
			rc = place_take(&m, s->a, s->b, s->c, c->page, &addr);
			ok &= take_ok(&before, &md, s, rc, addr);
			ok &= s->fail ? rc == -1 : !rc && addr == s->want;
			if (rc)
				ok &= same_ranges(m.r, m.n, before.r, before.n);
			else
				md.hole[md.nhole++] = (struct place_range){
					page_down(addr, c->page), page_up(addr + s->a, c->page) };
			if (!ok)
				printf("  take 0x%llx: got %d, 0x%llx\n", (unsigned long long)s->a,
				       rc, (unsigned long long)addr);
		}
		ok &= map_ok(&m, &md);
	}
	if (ok && !room) {
		big = place_largest(&m);
		ok &= same_ranges(m.r, m.n, c->free, count_ranges(c->free)) &&
		      big.start == c->largest.start && big.end == c->largest.end &&
		      largest_ok(&m, big);
		if (!ok)
			print_ranges("free", m.r, m.n);
	}
	CHECK(name, ok);
}

/* ---- /proc/iomem ---- */

/* An arm64 qemu virt guest with 1 GiB, Debian's kernel booted by -kernel. */
static const char arm64_iomem[] =
	"00000000-03ffffff : 0.flash flash@0\n"
	"04000000-07ffffff : 0.flash flash@0\n"
	"08000000-0800ffff : GICD\n"
	"080a0000-08ffffff : GICR\n"
	"09000000-09000fff : pl011@9000000\n"
	"  09000000-09000fff : 9000000.pl011 pl011@9000000\n"
	"09010000-09010fff : pl031@9010000\n"
	"  09010000-09010fff : rtc-pl031\n"
	"09030000-09030fff : pl061@9030000\n"
	"  09030000-09030fff : pl061@9030000\n"
	"0a003c00-0a003dff : a003c00.virtio_mmio virtio_mmio@a003c00\n"
	"0a003e00-0a003fff : a003e00.virtio_mmio virtio_mmio@a003e00\n"
	"10000000-3efeffff : pcie@10000000\n"
	"3f000000-3fffffff : PCI ECAM\n"
	"40000000-7fffffff : System RAM\n"
	"  40210000-4130ffff : Kernel code\n"
	"  41310000-4179ffff : reserved\n"
	"  417a0000-41b8ffff : Kernel data\n"
	"  48000000-483fffff : reserved\n"
	"  7bc00000-7bffffff : reserved\n"
	"  7ca5a000-7ca5afff : reserved\n"
	"  7ca5b000-7cbfffff : reserved\n"
	"  7cc00000-7cf8ffff : reserved\n"
	"  7cf90000-7cffffff : reserved\n"
	"  7d000000-7fffffff : reserved\n"
	"4010000000-401fffffff : PCI ECAM\n"
	"8000000000-ffffffffff : pcie@10000000\n";

/* An x86_64 qemu guest with 3 GiB and a crash kernel: System RAM ending at 0x9fbff. */
static const char x86_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c99ff : Video ROM\n"
	"000ca000-000cadff : Adapter ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-7ffdffff : System RAM\n"
	"  14a00000-15a01f66 : Kernel code\n"
	"  15c00000-1649efff : Kernel rodata\n"
	"  16600000-1685197f : Kernel data\n"
	"  16cb7000-171fffff : Kernel bss\n"
	"  7d000000-7effffff : Crash kernel\n"
	"7ffe0000-7fffffff : Reserved\n"
	"80000000-afffffff : PCI Bus 0000:00\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"c0000000-febfffff : PCI Bus 0000:00\n"
	"  fd000000-fdffffff : 0000:00:01.0\n"
	"fee00000-fee00fff : Local APIC\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-17fffffff : System RAM\n"
	"180000000-97fffffff : PCI Bus 0000:00\n";

/* Lines of TEXT, each in a buffer of exactly its length: no NUL to lean on. */
struct iomem {
	size_t n, nram, ncut;
	struct place_range all[40], ram[MAXR], cut[MAXR];
	char names[40][64];
};

static int name_is(const char *name, size_t len, const char *want)
{
	return len == strlen(want) && !memcmp(name, want, len);
}

static int read_iomem(const char *text, struct iomem *io)
{
	const char *s = text, *nl, *name;
	struct place_range r;
	size_t len;
	char *line;
	int ok = 1;

	memset(io, 0, sizeof(*io));
	for (; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		len = nl - s;
		line = malloc(len ? len : 1);
		memcpy(line, s, len);
		if (place_iomem_line(line, line + len, &r, &name)) {
			ok = 0;
		} else if (io->n < 40) {
			ok &= name > line && name <= line + len;
			snprintf(io->names[io->n], 64, "%.*s", (int)(line + len - name), name);
			io->all[io->n++] = r;
			/* As the kexec applet sorts them: RAM, and what is cut from it. */
			if (name_is(name, line + len - name, "System RAM") && io->nram < MAXR)
				io->ram[io->nram++] = r;
			else if ((name_is(name, line + len - name, "reserved") ||
				  name_is(name, line + len - name, "Crash kernel")) && io->ncut < MAXR)
				io->cut[io->ncut++] = r;
		}
		free(line);
	}
	return ok;
}

/* A case made of the text's System RAM, its cuts, then TAKES; run() checks it. */
static void run_iomem(const char *name, const struct iomem *io, uint64_t page,
		      const struct step *takes, size_t ntake,
		      const struct place_range *want_free, struct place_range largest)
{
	struct pcase c;
	size_t i, k = 0;

	memset(&c, 0, sizeof(c));
	c.name = name;
	c.page = page;
	memcpy(c.mem, io->ram, io->nram * sizeof(*io->ram));
	for (i = 0; i < io->ncut && k < MAXS; i++)
		c.step[k++] = (struct step){ 'c', io->cut[i].start, io->cut[i].end, 0, 0, 0 };
	for (i = 0; i < ntake && k < MAXS; i++)
		c.step[k++] = takes[i];
	memcpy(c.free, want_free, count_ranges(want_free) * sizeof(*want_free));
	c.largest = largest;
	if (io->ncut + ntake > MAXS)
		CHECK(name, 0);
	else
		run(&c);
}

static void test_arm64(void)
{
	static const struct step takes[] = {
		/* Debian's Image, text_offset 0: a 2 MiB-aligned base. */
		TAKE(0x2b90000, MB2, 0, 0x41800000),
		TAKE(0x2100, 0x1000, 0, 0x40000000),		/* stub and DT */
		TAKE(0x1f3a2c0, 0x1000, 0, 0x44390000),		/* initrd */
	};
	static const struct step takes_80000[] = {
		/* An Image from before 5.8: text_offset 0x80000 above the base. */
		TAKE(0x2b90000, MB2, 0x80000, 0x41880000),
		TAKE(0x1000000, MB2, 0x80000, 0x40080000),	/* a smaller one fits lower */
	};
	static const struct place_range free1[] = {
		{ 0x40003000, 0x41310000 }, { 0x417a0000, 0x41800000 }, { 0x462cb000, 0x48000000 },
		{ 0x48400000, 0x7bc00000 }, { 0x7c000000, 0x7ca5a000 }, { 0, 0 },
	};
	static const struct place_range free2[] = {
		{ 0x40000000, 0x40080000 }, { 0x41080000, 0x41310000 }, { 0x417a0000, 0x41880000 },
		{ 0x44410000, 0x48000000 }, { 0x48400000, 0x7bc00000 }, { 0x7c000000, 0x7ca5a000 },
		{ 0, 0 },
	};
	/* 64 KiB pages: the reserved page at 0x7ca5a000 takes its whole 64 KiB. */
	static const struct place_range free2_64k[] = {
		{ 0x40000000, 0x40080000 }, { 0x41080000, 0x41310000 }, { 0x417a0000, 0x41880000 },
		{ 0x44410000, 0x48000000 }, { 0x48400000, 0x7bc00000 }, { 0x7c000000, 0x7ca50000 },
		{ 0, 0 },
	};
	struct iomem io;
	int ok = read_iomem(arm64_iomem, &io);

	CHECK("iomem arm64: every line read", ok && io.n == 27);
	CHECK("iomem arm64: System RAM [0x40000000, 0x80000000)",
	      io.nram == 1 && io.ram[0].start == 0x40000000 && io.ram[0].end == 0x80000000);
	CHECK("iomem arm64: nested reserved lines, 8 of them", io.ncut == 8 &&
	      io.cut[0].start == 0x41310000 && io.cut[0].end == 0x417a0000 &&
	      io.cut[7].start == 0x7d000000 && io.cut[7].end == 0x80000000);
	CHECK("iomem arm64: names after \" : \", spaces and all",
	      !strcmp(io.names[15], "Kernel code") && io.all[15].start == 0x40210000 &&
	      io.all[15].end == 0x41310000 &&
	      !strcmp(io.names[10], "a003c00.virtio_mmio virtio_mmio@a003c00") &&
	      !strcmp(io.names[26], "pcie@10000000") && io.all[26].start == 0x8000000000 &&
	      io.all[26].end == 0x10000000000);
	run_iomem("arm64 virt: kernel at a 2 MiB base, stub, initrd", &io, 0x1000,
		  takes, 3, free1, (struct place_range){ 0x48400000, 0x7bc00000 });
	run_iomem("arm64 virt: text_offset 0x80000 above a 2 MiB base", &io, 0x1000,
		  takes_80000, 2, free2, (struct place_range){ 0x48400000, 0x7bc00000 });
	run_iomem("arm64 virt, 64 KiB pages", &io, 0x10000, takes_80000, 2, free2_64k,
		  (struct place_range){ 0x48400000, 0x7bc00000 });
}

static void test_x86(void)
{
	static const struct step takes[] = {
		TAKE(0x2000000, MB2, 0, 0x200000),		/* above the low 1 MiB */
		TAKE(0x9e000, 0x1000, 0, 0x1000),		/* [0x1000, 0x9f000) */
		/* 0x9f000..0x9fbff is free, but not the page: EBDA at 0x9fc00. */
		TAKE(0x800, 0x1000, 0, 0x100000),
		TAKE(0x3000000, 0x1000, 0, 0x2200000),
		TAKE(0x80000000, MB2, 0, 0x100000000),
	};
	static const struct place_range free[] = {
		{ 0x9f000, 0x9fc00 }, { 0x101000, 0x200000 }, { 0x5200000, 0x7d000000 },
		{ 0x7f000000, 0x7ffe0000 }, { 0, 0 },
	};
	struct iomem io;
	int ok = read_iomem(x86_iomem, &io);

	CHECK("iomem x86_64: every line read", ok && io.n == 24);
	CHECK("iomem x86_64: three System RAM ranges, one ragged", io.nram == 3 &&
	      io.ram[0].start == 0x1000 && io.ram[0].end == 0x9fc00 &&
	      io.ram[1].start == 0x100000 && io.ram[1].end == 0x7ffe0000 &&
	      io.ram[2].start == 0x100000000 && io.ram[2].end == 0x180000000);
	CHECK("iomem x86_64: the crash kernel is cut", io.ncut == 1 &&
	      io.cut[0].start == 0x7d000000 && io.cut[0].end == 0x7f000000);
	CHECK("iomem x86_64: 9 and 10 hex digits",
	      io.all[23].start == 0x180000000 && io.all[23].end == 0x980000000 &&
	      !strcmp(io.names[23], "PCI Bus 0000:00"));
	run_iomem("x86_64: a ragged end of System RAM is not taken", &io, 0x1000,
		  takes, 5, free, (struct place_range){ 0x5200000, 0x7d000000 });
}

struct line {
	const char *text;
	int ok;
	uint64_t start, end;
	const char *name;
};

static const struct line lines[] = {
	{ "00000000-00000fff : Reserved", 1, 0, 0x1000, "Reserved" },
	{ "  40210000-4130ffff : Kernel code", 1, 0x40210000, 0x41310000, "Kernel code" },
	{ "    09000000-09000fff : ARMH0011:00", 1, 0x9000000, 0x9001000, "ARMH0011:00" },
	{ "0-0 : one byte", 1, 0, 1, "one byte" },
	{ "fffffffffffff000-fffffffffffffffe : the top", 1, 0xfffffffffffff000, TOP, "the top" },
	{ "40000000-7fffffff : a : b", 1, 0x40000000, 0x80000000, "a : b" },
	/* The form holds with an empty name: nothing after " : ". */
	{ "40000000-7fffffff : ", 1, 0x40000000, 0x80000000, "" },
	{ "", 0, 0, 0, NULL },
	{ "    ", 0, 0, 0, NULL },
	{ "40000000-7fffffff", 0, 0, 0, NULL },
	{ "40000000-7fffffff :", 0, 0, 0, NULL },
	{ "40000000-7fffffff: System RAM", 0, 0, 0, NULL },
	{ "40000000-7fffffff :System RAM", 0, 0, 0, NULL },
	{ "40000000 - 7fffffff : System RAM", 0, 0, 0, NULL },
	{ "40000000-7fffffff  : System RAM", 0, 0, 0, NULL },
	{ "4000000g-7fffffff : System RAM", 0, 0, 0, NULL },
	{ "40000000-7ffffffg : System RAM", 0, 0, 0, NULL },
	{ "40000000-7FFFFFFF : System RAM", 0, 0, 0, NULL },
	{ "0x40000000-0x7fffffff : System RAM", 0, 0, 0, NULL },
	{ "-7fffffff : System RAM", 0, 0, 0, NULL },
	{ "40000000- : System RAM", 0, 0, 0, NULL },
	{ "40000000 : System RAM", 0, 0, 0, NULL },
	{ "7fffffff-40000000 : System RAM", 0, 0, 0, NULL },
	{ "0-ffffffffffffffff : all of it", 0, 0, 0, NULL },
	{ "00000000000000000-1 : 17 digits", 0, 0, 0, NULL },
	{ "0-00000000000000001 : 17 digits", 0, 0, 0, NULL },
	{ "10000000000000000-10000000000000001 : past 2^64", 0, 0, 0, NULL },
	{ "\t40000000-7fffffff : System RAM", 0, 0, 0, NULL },
	{ "40000000+7fffffff : System RAM", 0, 0, 0, NULL },
};

static void test_lines(void)
{
	const struct line *l;
	struct place_range r;
	const char *name;
	char what[200], *buf;
	size_t len, i;
	int rc;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		l = &lines[i];
		len = strlen(l->text);
		buf = malloc(len ? len : 1);	/* exactly the line: no NUL */
		memcpy(buf, l->text, len);
		rc = place_iomem_line(buf, buf + len, &r, &name);
		snprintf(what, sizeof(what), "iomem line %s: \"%s\"", l->ok ? "read" : "refused",
			 l->text);
		CHECK(what, l->ok ? !rc && r.start == l->start && r.end == l->end &&
			  (size_t)(buf + len - name) == strlen(l->name) &&
			  !memcmp(name, l->name, strlen(l->name)) : rc == -1);
		free(buf);
	}
	/* END cuts the line short: what lies past it is not read. */
	CHECK("iomem line: END before the name separator",
	      place_iomem_line(lines[0].text, lines[0].text + 17, &r, &name) == -1);
	CHECK("iomem line: END in the middle of the end address",
	      place_iomem_line(lines[0].text, lines[0].text + 12, &r, &name) == -1);
	CHECK("iomem line: END right after \" : \"",
	      !place_iomem_line(lines[0].text, lines[0].text + 20, &r, &name) &&
	      name == lines[0].text + 20 && r.start == 0 && r.end == 0x1000);
	CHECK("iomem line: END at the start", place_iomem_line(lines[0].text, lines[0].text,
							       &r, &name) == -1);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run(&cases[i]);
	test_arm64();
	test_x86();
	test_lines();
	return unit_done();
}
