/*
 * loadem's segment planner (plan.h). Every check the kernel would make,
 * and a few it would not, happen here so that a refused plan never reaches
 * kexec_load: see the kernel's sanity_check_segment_list() for its rules.
 */
#include <string.h>

#include "plan.h"

static void add_piece(struct plan *p, char kind, size_t step,
		      uint64_t off, uint64_t len, uint64_t value)
{
	struct plan_piece *pc = &p->piece[p->npiece++];

	pc->kind = kind;
	pc->seg = p->nseg - 1;
	pc->step = step;
	pc->off = off;
	pc->len = len;
	pc->value = value;
}

/* Room for ADD more bytes at the end of SG? The segment must end <= limit. */
static int fits(const struct plan_cfg *cfg, const struct plan_segment *sg,
		uint64_t add)
{
	return add <= cfg->limit - sg->mem - sg->size;
}

/*
 * Bytes after -z zeros: the zeros stop being "memsz only" and become
 * buffer bytes, so that the next byte lands where -e would have said.
 */
static void materialize_zeros(struct plan *p, struct plan_segment *sg,
			      size_t zstep)
{
	if (sg->size == sg->bufsz)
		return;
	add_piece(p, '0', zstep, sg->bufsz, sg->size - sg->bufsz, 0);
	sg->bufsz = sg->size;
}

static int append(struct plan *p, const struct plan_cfg *cfg,
		  const struct plan_step *s, size_t i, size_t zstep)
{
	struct plan_segment *sg = &p->seg[p->nseg - 1];
	uint64_t len = s->op == '4' ? -sg->size & 3 : s->len;

	if (!fits(cfg, sg, len))
		return PLAN_EOVERFLOW;
	materialize_zeros(p, sg, zstep);
	if (len || s->op != '4')
		add_piece(p, s->op == '4' ? '0' : 'b', i, sg->bufsz, len, 0);
	sg->bufsz += len;
	sg->size = sg->bufsz;
	return PLAN_OK;
}

/* -c OFF: this segment's address, as a word ending at OFF of the previous. */
static int chain(struct plan *p, const struct plan_step *s, size_t i)
{
	const struct plan_segment *prev = &p->seg[p->nseg - 2];
	uint64_t addr = p->seg[p->nseg - 1].mem;

	p->err_seg = p->nseg - 2;
	if (s->num < p->word)
		return PLAN_ECHAIN_SHORT;
	if (s->num > prev->bufsz)
		return PLAN_ECHAIN_PAST;
	if (p->word < 8 && addr >> (8 * p->word))
		return PLAN_ECHAIN_WIDE;
	p->nseg--;	/* the piece belongs to the previous segment */
	add_piece(p, 'c', i, s->num - p->word, p->word, addr);
	p->nseg++;
	return PLAN_OK;
}

static int open_segment(struct plan *p, const struct plan_cfg *cfg,
			const struct plan_step *s, size_t i)
{
	struct plan_segment *sg;

	if (p->nseg == PLAN_SEGMENT_MAX)
		return PLAN_ETOOMANY;
	if (s->num & (cfg->page - 1))
		return PLAN_EALIGN;
	if (s->num > cfg->limit)
		return PLAN_EOVERFLOW;
	sg = &p->seg[p->nseg++];
	memset(sg, 0, sizeof(*sg));
	sg->step = i;
	sg->mem = s->num;
	return PLAN_OK;
}

/* The kernel wants memsz in whole pages; the zeros it adds cost nothing. */
static int close_segment(struct plan *p, const struct plan_cfg *cfg)
{
	struct plan_segment *sg = &p->seg[p->nseg - 1];
	uint64_t round = cfg->page - 1;

	p->err_step = sg->step;
	p->err_seg = p->nseg - 1;
	if (!sg->size)
		return PLAN_EEMPTY;
	if (sg->size > UINT64_MAX - round)
		return PLAN_EOVERFLOW;
	sg->memsz = (sg->size + round) & ~round;
	if (!fits(cfg, sg, sg->memsz - sg->size))
		return PLAN_EOVERFLOW;
	return PLAN_OK;
}

static int step_in_segment(struct plan *p, const struct plan_cfg *cfg,
			   const struct plan_step *s, size_t i,
			   size_t *zstep, int *have_entry)
{
	struct plan_segment *sg = &p->seg[p->nseg - 1];

	switch (s->op) {
	case 'z':
		if (!fits(cfg, sg, s->num))
			return PLAN_EOVERFLOW;
		if (sg->size == sg->bufsz)
			*zstep = i;	/* the first of a run, for the plan */
		sg->size += s->num;
		return PLAN_OK;
	case 'e':
		if (*have_entry)
			return PLAN_EENTRY2;
		*have_entry = 1;
		p->entry = sg->mem + sg->size;
		return PLAN_OK;
	case 'c':
		return p->nseg < 2 ? PLAN_ECHAIN_PREV : chain(p, s, i);
	default:	/* f s 4 */
		return append(p, cfg, s, i, *zstep);
	}
}

/* Whether page [AT, AT + PAGE) is covered by a segment; where that one ends. */
static uint64_t covered(const struct plan *p, uint64_t at, uint64_t page)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (at < p->seg[i].mem + p->seg[i].memsz && p->seg[i].mem < at + page)
			return p->seg[i].mem + p->seg[i].memsz;
	return 0;
}

/*
 * A crash load: the kernel takes the lowest free page of the region for
 * its control page, the next one for its copy of VMCOREINFO
 * (kimage_alloc_crash_control_pages, kimage_crash_copy_vmcoreinfo), and
 * knows nothing of RTAS: both must exist, and neither be RTAS's.
 */
static int free_pages(struct plan *p, const struct plan_cfg *cfg)
{
	uint64_t at = cfg->crash_start, end;
	int found = 0;

	while (found < 2 && cfg->crash_end - at >= cfg->page) {
		end = covered(p, at, cfg->page);
		if (end) {
			at = (end + cfg->page - 1) & ~(cfg->page - 1);
			continue;
		}
		if (at < cfg->avoid_end && cfg->avoid_start < at + cfg->page)
			return PLAN_EFREE;
		found++;
		at += cfg->page;
	}
	return found == 2 ? PLAN_OK : PLAN_EFREE;
}

static int check_all(struct plan *p, const struct plan_cfg *cfg)
{
	const struct plan_segment *a, *b;
	size_t i, j;
	int inside = 0;

	for (i = 0; i < p->nseg; i++) {
		a = &p->seg[i];
		p->err_seg = i;
		p->err_step = a->step;
		if (a->mem < cfg->floor)
			return PLAN_EFLOOR;
		if (cfg->crash_end && (a->mem < cfg->crash_start || a->memsz > cfg->crash_end - a->mem))
			return PLAN_ECRASH;
		if (a->mem < cfg->avoid_end && cfg->avoid_start < a->mem + a->memsz)
			return PLAN_EAVOID;
		for (j = 0; j < i; j++) {
			b = &p->seg[j];
			p->err_seg = j;
			p->err_seg2 = i;
			if (a->mem < b->mem + b->memsz && b->mem < a->mem + a->memsz)
				return PLAN_EOVERLAP;
		}
		/* The entry must be a byte the plan defines, not page padding. */
		inside |= p->entry >= a->mem && p->entry - a->mem < a->size;
	}
	p->err_seg = p->err_seg2 = 0;
	if (!inside)
		return PLAN_EENTRY;
	return cfg->crash_end ? free_pages(p, cfg) : PLAN_OK;
}

int plan_build(const struct plan_step *step, size_t n,
	       const struct plan_cfg *cfg, struct plan *p)
{
	size_t i, zstep = 0, entry_step = 0;
	int have_entry = 0, err;

	p->entry = 0;
	p->nseg = p->npiece = 0;
	p->word = cfg->word;
	p->big_endian = cfg->big_endian;
	p->err_seg = p->err_seg2 = 0;
	for (i = 0; i < n; i++) {
		if (step[i].op == 'a' && p->nseg) {
			err = close_segment(p, cfg);	/* names its own -a */
			if (err)
				return err;
		}
		p->err_step = i;
		if (step[i].op == 'a') {
			err = open_segment(p, cfg, &step[i], i);
		} else if (!p->nseg) {
			err = step[i].op == 'c' ? PLAN_ECHAIN_PREV : PLAN_ENOSEG;
		} else {
			err = step_in_segment(p, cfg, &step[i], i, &zstep, &have_entry);
			if (step[i].op == 'e' && !err)
				entry_step = i;
		}
		if (err)
			return err;
	}
	if (!p->nseg)
		return PLAN_OK;
	err = close_segment(p, cfg);
	if (err)
		return err;
	p->err_step = entry_step;
	if (!have_entry)
		return PLAN_ENOENTRY;
	err = check_all(p, cfg);
	if (err == PLAN_EENTRY)
		p->err_step = entry_step;
	return err;
}

void plan_chain(const struct plan *p, size_t seg, unsigned char *buf)
{
	const struct plan_piece *pc;
	size_t i, k;

	for (i = 0; i < p->npiece; i++) {
		pc = &p->piece[i];
		if (pc->seg != seg || pc->kind != 'c')
			continue;
		for (k = 0; k < pc->len; k++)
			buf[pc->off + (p->big_endian ? pc->len - 1 - k : k)] =
				pc->value >> (8 * k);
	}
}

void plan_fill(const struct plan *p, const struct plan_step *step,
	       size_t seg, unsigned char *buf)
{
	const struct plan_piece *pc;
	size_t i;

	for (i = 0; i < p->npiece; i++) {
		pc = &p->piece[i];
		if (pc->seg != seg || !pc->len)
			continue;
		if (pc->kind == 'b')
			memcpy(buf + pc->off, step[pc->step].data, pc->len);
		else if (pc->kind == '0')
			memset(buf + pc->off, 0, pc->len);
	}
	plan_chain(p, seg, buf);
}

long plan_single(const struct plan *p, size_t seg)
{
	const struct plan_piece *pc;
	long found = -1;
	size_t i;

	for (i = 0; i < p->npiece; i++) {
		pc = &p->piece[i];
		if (pc->seg != seg || pc->kind == 'c')
			continue;
		if (found >= 0 || pc->kind != 'b' || pc->len != p->seg[seg].bufsz)
			return -1;
		found = pc->step;
	}
	return found;
}
