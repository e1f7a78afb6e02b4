/*
 * The ELF core header (corehdr.h). Pure: no I/O, no allocation.
 */
#include <string.h>

#include "corehdr.h"
#include "kxtool.h"

#define ET_CORE		4
#define PT_LOAD		1
#define PT_NOTE		4
#define PF_RWX		7

size_t corehdr_size(const struct corehdr_cfg *c)
{
	return COREHDR_EHDR + COREHDR_PHDR * (c->n_notes + c->n_loads);
}

/* Fields at their offsets: (offset << 8 | size) and the value. */
static void put(unsigned char *p, const struct corehdr_cfg *c, const uint16_t *at,
		const uint64_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		kx_set_uint(p + (at[i] >> 8), at[i] & 0xff, c->big_endian, v[i]);
}

/* p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz. */
static const uint16_t phdr_at[] = {
	0 << 8 | 4, 4 << 8 | 4, 8 << 8 | 8, 16 << 8 | 8, 24 << 8 | 8, 32 << 8 | 8, 40 << 8 | 8,
};

void corehdr_build(const struct corehdr_cfg *c, unsigned char *out)
{
	/* e_type, e_machine, e_version, e_phoff, e_ehsize, e_phentsize, e_phnum. */
	static const uint16_t ehdr_at[] = {
		16 << 8 | 2, 18 << 8 | 2, 20 << 8 | 4, 32 << 8 | 8, 52 << 8 | 2,
		54 << 8 | 2, 56 << 8 | 2,
	};
	uint64_t eh[] = {
		ET_CORE, c->machine, 1, COREHDR_EHDR, COREHDR_EHDR, COREHDR_PHDR,
		c->n_notes + c->n_loads,
	};
	unsigned char *p = out + COREHDR_EHDR;
	size_t i;

	memset(out, 0, corehdr_size(c));
	memcpy(out, "\177ELF\2", 5);		/* ELFCLASS64 */
	out[5] = c->big_endian ? 2 : 1;		/* ELFDATA2MSB, ELFDATA2LSB */
	out[6] = 1;				/* EV_CURRENT */
	put(out, c, ehdr_at, eh, 7);
	/* A note's physical address is where vmcore reads it: its p_offset too. */
	for (i = 0; i < c->n_notes; i++, p += COREHDR_PHDR) {
		uint64_t len = c->notes[i].end - c->notes[i].start;
		uint64_t v[] = { PT_NOTE, 0, c->notes[i].start, 0, c->notes[i].start, len, len };

		put(p, c, phdr_at, v, 7);
	}
	for (i = 0; i < c->n_loads; i++, p += COREHDR_PHDR) {
		const struct corehdr_load *l = &c->loads[i];
		uint64_t v[] = { PT_LOAD, PF_RWX, l->off, c->page_offset + l->paddr, l->paddr,
				 l->size, l->size };

		put(p, c, phdr_at, v, 7);
	}
}

static int add(struct corehdr_load *out, size_t *n, size_t cap, uint64_t start,
	       uint64_t end, uint64_t off)
{
	if (start >= end)
		return 0;
	if (*n == cap)
		return -1;
	out[*n].paddr = start;
	out[*n].size = end - start;
	out[(*n)++].off = off;
	return 0;
}

long corehdr_loads(const struct place_range *mem, size_t n_mem, struct place_range crash,
		   const struct place_range *keep, size_t n_keep, uint64_t save,
		   uint64_t save_len, struct corehdr_load *out, size_t cap)
{
	uint64_t floor = save ? save_len : 0, s, e;
	size_t i, n = 0;

	if (save && add(out, &n, cap, 0, save_len, save))
		return -1;
	for (i = 0; i < n_mem; i++) {
		s = mem[i].start > floor ? mem[i].start : floor;
		e = mem[i].end;
		/* What lies below the crash region, then what lies above it. */
		if (add(out, &n, cap, s, e < crash.start ? e : crash.start, s) ||
		    add(out, &n, cap, s > crash.end ? s : crash.end, e,
			s > crash.end ? s : crash.end))
			return -1;
	}
	for (i = 0; i < n_keep; i++) {
		s = keep[i].start > crash.start ? keep[i].start : crash.start;
		e = keep[i].end < crash.end ? keep[i].end : crash.end;
		if (add(out, &n, cap, s, e, s))
			return -1;
	}
	return n;
}
