/*
 * Fuzz target 1: loadem's command line through loadem_parse, then the pure
 * planner, as loadem_main runs them, with -f and -s bytes made up here.
 *
 * Input: a config byte (page size), a limit byte, a floor, the length of
 * standard input, then the arguments, each ended by a NUL. A -f FILE that
 * is a number is a file of that many bytes, any other FILE one of its own
 * length. Every plan the planner accepts must satisfy the kernel's rules
 * and tile each buffer exactly; every refusal must name a step and
 * segments that exist (loadem's messages index them).
 */
#include "fuzz.h"
#include "loadem.h"
#include "plan.h"

#define MAX_ARGS 96
#define MAX_FILL (1 << 16)	/* fill and check buffers up to this size */

static uint64_t file_len(const char *name)
{
	char *end;
	uint64_t v = strtoull(name, &end, 0);

	return *name && !*end ? v : strlen(name);
}


/* Errors name p->err_step and, for these, segments: all must exist. */
static void check_refusal(int err, const struct plan *p, size_t nstep)
{
	FZ_CHECK(err > PLAN_OK && err <= PLAN_EFREE);
	FZ_CHECK(p->err_step < nstep);
	FZ_CHECK(p->err_seg < PLAN_SEGMENT_MAX && p->err_seg2 < PLAN_SEGMENT_MAX);
	if (err == PLAN_EOVERLAP)
		FZ_CHECK(p->err_seg < p->nseg && p->err_seg2 < p->nseg &&
			 p->err_seg != p->err_seg2);
	if (err == PLAN_EFLOOR || err == PLAN_ECHAIN_PAST)
		FZ_CHECK(p->err_seg < p->nseg);
	FZ_CHECK(p->npiece <= 2 * nstep + 1);
}

static void check_segment(const struct plan *p, const struct plan_cfg *cfg, size_t i)
{
	const struct plan_segment *sg = &p->seg[i];
	uint64_t off = 0, covered = 0;
	size_t k;

	FZ_CHECK(sg->mem % cfg->page == 0 && sg->memsz % cfg->page == 0);
	FZ_CHECK(sg->size > 0 && sg->bufsz <= sg->size && sg->size <= sg->memsz);
	FZ_CHECK(sg->memsz - sg->size < cfg->page);
	FZ_CHECK(sg->mem >= cfg->floor && sg->mem <= cfg->limit &&
		 sg->memsz <= cfg->limit - sg->mem);
	/* Bytes and zeros tile [0, bufsz) in order; chain words lie inside. */
	for (k = 0; k < p->npiece; k++) {
		const struct plan_piece *pc = &p->piece[k];

		if (pc->seg != i)
			continue;
		if (pc->kind == 'c') {
			FZ_CHECK(pc->len == p->word && pc->off + pc->len <= sg->bufsz);
			FZ_CHECK(i + 1 < p->nseg);
			continue;
		}
		FZ_CHECK(pc->kind == 'b' || pc->kind == '0');
		FZ_CHECK(pc->off == off);
		off += pc->len;
		covered += pc->len;
	}
	FZ_CHECK(covered == sg->bufsz);
}

/*
 * Segment I's buffer as the pieces say, built here the plain way: bytes
 * and zeros at their offsets, then each chain word in order, the later
 * winning, in the plan's byte order. plan_fill must give the same.
 */
static void check_bytes(const struct plan *p, const struct plan_step *step,
			size_t i, const unsigned char *buf)
{
	unsigned char *want = calloc(p->seg[i].bufsz + 1, 1);
	uint64_t j;
	size_t k;

	for (k = 0; k < p->npiece; k++) {
		const struct plan_piece *pc = &p->piece[k];

		if (pc->seg == i && pc->kind == 'b')
			memcpy(want + pc->off, step[pc->step].data, pc->len);
	}
	for (k = 0; k < p->npiece; k++) {
		const struct plan_piece *pc = &p->piece[k];

		if (pc->seg != i || pc->kind != 'c')
			continue;
		FZ_CHECK(pc->value == p->seg[i + 1].mem);
		FZ_CHECK(pc->len == 8 || pc->value >> 32 == 0);
		for (j = 0; j < pc->len; j++)
			want[pc->off + (p->big_endian ? pc->len - 1 - j : j)] = pc->value >> (8 * j);
	}
	FZ_CHECK(!memcmp(want, buf, p->seg[i].bufsz));
	free(want);
}

static void check_plan(const struct plan *p, const struct plan_cfg *cfg,
		       const struct plan_step *step, size_t nstep, int can_fill)
{
	size_t i, j, k;
	uint64_t total = 0, input = 0;
	int inside = 0;
	long single;

	FZ_CHECK(p->nseg >= 1 && p->nseg <= PLAN_SEGMENT_MAX);
	FZ_CHECK(p->npiece <= 2 * nstep + 1);
	for (i = 0; i < p->nseg; i++) {
		check_segment(p, cfg, i);
		for (j = 0; j < i; j++)
			FZ_CHECK(p->seg[i].mem >= p->seg[j].mem + p->seg[j].memsz ||
				 p->seg[j].mem >= p->seg[i].mem + p->seg[i].memsz);
		inside |= p->entry >= p->seg[i].mem &&
			  p->entry - p->seg[i].mem < p->seg[i].size;
		total += p->seg[i].bufsz;
	}
	FZ_CHECK(inside);
	/* Every input byte lands exactly once. */
	for (k = 0; k < p->npiece; k++)
		if (p->piece[k].kind == 'b') {
			FZ_CHECK(p->piece[k].len == step[p->piece[k].step].len);
			input += p->piece[k].len;
		}
	for (k = 0, total = 0; k < nstep; k++)
		if (step[k].op == 'f' || step[k].op == 's')
			total += step[k].len;
	FZ_CHECK(input == total);
	for (i = 0; i < p->nseg; i++) {
		unsigned char *buf;

		single = plan_single(p, i);
		if (single >= 0)
			FZ_CHECK((size_t)single < nstep && step[single].len == p->seg[i].bufsz);
		if (!can_fill || p->seg[i].bufsz > MAX_FILL)
			continue;
		/* Exactly bufsz bytes: ASan sees any write past them. */
		buf = malloc(p->seg[i].bufsz ? p->seg[i].bufsz : 1);
		plan_fill(p, step, i, buf);
		check_bytes(p, step, i, buf);
		free(buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	static const uint64_t limits[4] = { UINT64_MAX, UINT32_MAX, (1ULL << 48) - 1, 0 };
	static char self[] = "loadem";
	char *copy, *argv[MAX_ARGS + 2];
	struct loadem_opts o;
	unsigned char **bytes;
	struct plan_cfg cfg;
	struct plan p;
	uint64_t stdin_len;
	size_t argc = 1, i, n_fill = 0;
	int err;

	memset(&o, 0, sizeof(o));
	o.page = (uint64_t)1 << (fz_byte(&f) % 17);
	o.word = 8;
	err = fz_pick(&f, 3);
	cfg.limit = err == 3 ? fz_u64(&f, 8) : limits[err];
	cfg.floor = fz_byte(&f) & 1 ? fz_u64(&f, 4) << 12 : 0;
	stdin_len = fz_byte(&f);
	if (stdin_len == 255)
		stdin_len = fz_u64(&f, 8);
	/* The rest: NUL-terminated words, copied so each is its own allocation. */
	copy = malloc(f.n + 1);
	memcpy(copy, f.p, f.n);
	copy[f.n] = 0;
	argv[0] = self;
	for (i = 0; i < f.n && argc <= MAX_ARGS; argc++) {
		argv[argc] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;
	o.step = calloc(argc, sizeof(*o.step));
	bytes = calloc(argc, sizeof(*bytes));
	if (loadem_parse(argc, argv, &o)) {
		FZ_CHECK(o.bad && o.bad[0]);
		goto out;
	}
	FZ_CHECK(o.nstep < argc);
	FZ_CHECK(o.page && !(o.page & (o.page - 1)));
	FZ_CHECK(o.word == 4 || o.word == 8);
	for (i = 0; i < o.nstep; i++) {
		struct plan_step *s = &o.step[i];

		FZ_CHECK(strchr("acfzse4", s->op));
		if (s->op != 'f' && s->op != 's')
			continue;
		s->len = s->op == 's' ? stdin_len : file_len(s->arg);
		if (s->len > MAX_FILL || n_fill > 4 * MAX_FILL)
			continue;	/* planned, not filled */
		n_fill += s->len;
		/* One byte value per step: where each lands is checked. */
		bytes[i] = malloc(s->len ? s->len : 1);
		memset(bytes[i], (int)(i * 31 + 1), s->len);
		s->data = bytes[i];
	}
	cfg.page = o.page;
	cfg.word = o.word;
	cfg.big_endian = o.big_endian;
	if (!o.nstep)
		goto out;
	p.piece = calloc(2 * o.nstep + 1, sizeof(*p.piece));
	err = plan_build(o.step, o.nstep, &cfg, &p);
	if (err) {
		check_refusal(err, &p, o.nstep);
	} else {
		int all_data = 1;

		for (i = 0; i < o.nstep; i++)
			if ((o.step[i].op == 'f' || o.step[i].op == 's') && !o.step[i].data)
				all_data = 0;
		check_plan(&p, &cfg, o.step, o.nstep, all_data);
	}
	free(p.piece);
out:
	for (i = 0; i < argc; i++)
		free(bytes[i]);
	free(bytes);
	free(o.step);
	free(copy);
	return 0;
}
