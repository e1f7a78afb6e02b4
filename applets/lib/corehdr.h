/*
 * The ELF core header a crash kernel's /proc/vmcore is made from
 * (fs/proc/vmcore.c): an ELF64 ET_CORE header, one PT_NOTE per CPU's
 * crash notes and one for VMCOREINFO, one PT_LOAD per range of the old
 * kernel's memory. Pure (corehdr.c): the machine, byte order, page offset
 * and every range come from the caller, so tests/unit/corehdr.c checks it
 * on any host.
 */
#ifndef COREHDR_H
#define COREHDR_H

#include <stddef.h>
#include <stdint.h>

#include "place.h"

#define COREHDR_EHDR	64
#define COREHDR_PHDR	56

/* A PT_LOAD: SIZE bytes of the old kernel's memory at PADDR, read from OFF. */
struct corehdr_load {
	uint64_t paddr, size, off;
};

struct corehdr_cfg {
	unsigned machine;		/* e_machine: EM_PPC64, EM_AARCH64, ... */
	int big_endian;			/* the running kernel's byte order */
	uint64_t page_offset;		/* p_vaddr = page_offset + p_paddr */
	const struct place_range *notes;	/* each a note's [start, end) */
	size_t n_notes;
	const struct corehdr_load *loads;
	size_t n_loads;
};

/* The header's size: COREHDR_EHDR plus a program header for each note and load. */
size_t corehdr_size(const struct corehdr_cfg *c);
/* The header into OUT, corehdr_size bytes. */
void corehdr_build(const struct corehdr_cfg *c, unsigned char *out);

/*
 * The PT_LOADs of a dump: every range of MEM (sorted or not) without the
 * crash region CRASH, but for the KEEP ranges inside it (RTAS on ppc64,
 * which the crash kernel must not overwrite and the dump wants); and when
 * SAVE is not 0, the first SAVE_LEN bytes of memory read from the backup
 * at SAVE (ppc64: the crash kernel overwrites them). Into OUT, room for
 * CAP; the count, or -1 when CAP is short.
 */
long corehdr_loads(const struct place_range *mem, size_t n_mem, struct place_range crash,
		   const struct place_range *keep, size_t n_keep, uint64_t save,
		   uint64_t save_len, struct corehdr_load *out, size_t cap);

/*
 * corehdr_make.c: corehdr's command line (ARGV) into a header, malloc'd in
 * *HDR, and the -o FILE in *OUT (NULL: stdout); its size. Reads the system
 * for what the line does not give; exits on failure.
 */
size_t corehdr_make(char **argv, unsigned char **hdr, const char **out);

#endif
