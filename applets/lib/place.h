/*
 * Where segments go when the user gives no addresses (kexec): free memory
 * as a list of ranges, holes cut out of it, and first fit from the bottom.
 * Pure: the ranges come from the caller (a device tree, /proc/iomem), and
 * the page size and alignments are parameters, so tests/unit/place.c can
 * plan for any machine on any host.
 */
#ifndef PLACE_H
#define PLACE_H

#include <stddef.h>
#include <stdint.h>

/* [start, end): half-open, so an empty range has start == end. */
struct place_range {
	uint64_t start, end;
};

/* The free ranges: sorted, disjoint, none empty; room for CAP, the caller's. */
struct place_map {
	struct place_range *r;
	size_t n, cap;
};

/* MEM's ranges (any order, may touch or overlap), clipped to [LO, HI). -1 if CAP is short. */
int place_init(struct place_map *m, const struct place_range *mem, size_t n,
	       uint64_t lo, uint64_t hi);
/* Cut out [START, END) widened to whole pages of PAGE bytes. -1 if CAP is short. */
int place_cut(struct place_map *m, uint64_t start, uint64_t end, uint64_t page);
/*
 * The lowest address A = k * ALIGN + OFFSET (OFFSET < ALIGN; both multiples
 * of PAGE) where SIZE bytes are free; cut out, rounded up to the page. 0 and
 * *ADDR, or -1 when nothing fits.
 */
int place_take(struct place_map *m, uint64_t size, uint64_t align, uint64_t offset,
	       uint64_t page, uint64_t *addr);
/* The largest free range (an empty one if none), for a message. */
struct place_range place_largest(const struct place_map *m);

/*
 * One line of /proc/iomem, "  40000000-7fffffff : System RAM": its range
 * (made half-open) and the name after " : ". 0, or -1 for a line of another
 * form or a range that does not fit 64 bits.
 */
int place_iomem_line(const char *line, const char *end, struct place_range *r,
		     const char **name);

/*
 * What the running kernel says (io.c): the ranges named NAME ("System
 * RAM", "Crash kernel") in PATH, its /proc/iomem, into R (room for CAP; *N
 * so far); and
 * ppc64's RTAS from /proc/device-tree, 0, or -1 when there is none.
 */
void kx_iomem(const char *path, const char *name, struct place_range *r, size_t *n,
	      size_t cap);
int kx_rtas(struct place_range *r);
int kx_crash_region(const char *iomem, struct place_range *r);
const char *kx_line_end(const char *s, const char *end);

#endif
