/*
 * loadem's planner: the command line's steps in, kexec segments out.
 *
 * Pure: no I/O, no allocation, no globals, no exit. The page size, the
 * highest address, the -c word's size and byte order and the ppc64 kernel
 * end all come in through struct plan_cfg, so a test on any host can plan
 * for a 64 KiB-page big-endian target. Errors come back as a code plus the
 * step and segments involved; loadem.c turns them into words.
 */
#ifndef PLAN_H
#define PLAN_H

#include <stddef.h>
#include <stdint.h>

#define PLAN_SEGMENT_MAX 16	/* the kernel's KEXEC_SEGMENT_MAX */

/* One segment-building option, in command-line order. */
struct plan_step {
	char op;			/* its letter: a f F s c e z 4 */
	uint64_t num;			/* -a ADDR, -c OFF, -z SIZE, -F's OFF */
	const unsigned char *data;	/* -f, -F, -s: the bytes */
	uint64_t len;
	const char *arg;		/* as typed, for messages; unused here */
};

struct plan_cfg {
	uint64_t page;		/* a power of two: starts and memsz align to it */
	uint64_t limit;		/* every segment ends at or below this */
	uint64_t floor;		/* and starts at or above this (0: no floor) */
	unsigned word;		/* 4 or 8: the size of a -c word */
	int big_endian;		/* the -c word's byte order */
	/* A crash load: every segment in [crash_start, crash_end), 0 if not. */
	uint64_t crash_start, crash_end;
	/* Never over [avoid_start, avoid_end): RTAS inside the crash region. */
	uint64_t avoid_start, avoid_end;
};

/*
 * A run of bytes in segment SEG at [off, off + len), made by step STEP:
 * 'b' that step's bytes (-f, -s), '0' zeros (-4 padding, or -z zeros that
 * later bytes pushed into the buffer), 'c' a chain word holding VALUE,
 * written over whatever the other pieces put there.
 */
struct plan_piece {
	char kind;
	size_t seg, step;
	uint64_t off, len, value;
};

struct plan_segment {
	size_t step;		/* the -a that opened it */
	uint64_t mem;
	uint64_t bufsz;		/* bytes handed to the kernel */
	uint64_t size;		/* bufsz plus trailing -z zeros */
	uint64_t memsz;		/* size rounded up to the page */
};

struct plan {
	uint64_t entry;
	size_t nseg, npiece;
	struct plan_segment seg[PLAN_SEGMENT_MAX];
	/* The caller's array: room for 2 pieces per step is always enough. */
	struct plan_piece *piece;
	unsigned word;
	int big_endian;
	/* On failure: the step and the segments it is about. */
	size_t err_step, err_seg, err_seg2;
};

enum plan_err {
	PLAN_OK,
	PLAN_ENOSEG,		/* bytes, -e, -z or -4 before any -a */
	PLAN_ETOOMANY,		/* a 17th -a */
	PLAN_EALIGN,		/* -a ADDR not a multiple of the page */
	PLAN_EOVERFLOW,		/* an end past cfg->limit, or 2^64 */
	PLAN_EEMPTY,		/* a segment with no bytes and no -z */
	PLAN_EOVERLAP,		/* err_seg and err_seg2 share an address */
	PLAN_EFLOOR,		/* err_seg starts below cfg->floor */
	PLAN_ENOENTRY,		/* segments but no -e */
	PLAN_EENTRY,		/* the entry is in no segment's bytes or zeros */
	PLAN_EENTRY2,		/* a second -e */
	PLAN_ECHAIN_PREV,	/* -c in the first segment, or before any */
	PLAN_ECHAIN_SHORT,	/* -c OFF below the word size */
	PLAN_ECHAIN_PAST,	/* -c OFF past the previous segment's bytes */
	PLAN_ECHAIN_WIDE,	/* the address does not fit a 4-byte word */
	PLAN_ECRASH,		/* err_seg lies outside the crash region */
	PLAN_EAVOID,		/* err_seg covers RTAS */
	PLAN_EFREE,		/* no two free pages, clear of RTAS, for the kernel */
};

/* Lay out N steps; PLAN_OK or an enum plan_err with p->err_* set. */
int plan_build(const struct plan_step *step, size_t n,
	       const struct plan_cfg *cfg, struct plan *p);

/* Write segment SEG's bufsz bytes into BUF: every piece, chain words last. */
void plan_fill(const struct plan *p, const struct plan_step *step,
	       size_t seg, unsigned char *buf);

/* Write only the chain words of segment SEG into BUF. */
void plan_chain(const struct plan *p, size_t seg, unsigned char *buf);

/*
 * The step whose bytes alone make up segment SEG (chain words aside), so
 * the caller may hand those bytes to the kernel uncopied; or -1.
 */
long plan_single(const struct plan *p, size_t seg);

#endif
