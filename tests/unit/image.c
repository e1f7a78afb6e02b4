/*
 * image_read (applets/lib/image.c), table-driven: a kernel file built here
 * from a few fields, its kind or refusal out. ELF cases run in both byte
 * orders unless the case says one; every accepted ELF must also pass
 * invariants() (loads inside the file, by address, not overlapping,
 * p_filesz <= p_memsz, memsz from the first to the last). Each file is
 * in a buffer of exactly its length, so the sanitizer pass sees any read
 * past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "kxtool.h"
#include "unit.h"

#define PT_NULL		0
#define PT_LOAD		1
#define PT_NOTE		4
#define MAXPH		6

struct ph {
	uint32_t type;
	uint64_t off, addr, filesz, memsz;
};

/* What a loaded PT_LOAD must come out as. */
struct want_load {
	uint64_t off, len, addr, memsz;
};

struct ecase {
	const char *name;
	int big;		/* -1: both byte orders */
	unsigned class;		/* 0: 2 (64-bit) */
	unsigned machine;	/* 0: EM_PPC64 */
	uint64_t len;		/* the file's length; 0: 0x400 */
	uint64_t phoff;		/* 0: 64, right after the header */
	unsigned phent;		/* 0: 56 */
	unsigned nph;
	struct ph ph[MAXPH];
	int run0;		/* put "run0" at image offset 0x5c, in the file's order */
	int err;
	size_t nload;
	struct want_load load[4];
	uint64_t memsz;
};

#define LOAD(o, a, f, m) { PT_LOAD, (o), (a), (f), (m) }

static const struct ecase ecases[] = {
	/* What is accepted. */
	{ "one PT_LOAD", -1, 0, 0, 0, 0, 0, 1, { LOAD(0x100, 0, 0x200, 0x1000) },
	  0, 0, 1, { { 0x100, 0x200, 0, 0x1000 } }, 0x1000 },
	{ "PT_LOADs out of order come out sorted", -1, 0, 0, 0, 0, 0, 3,
	  { LOAD(0x300, 0x20000, 0x10, 0x100), LOAD(0x100, 0, 0x100, 0x100),
	    LOAD(0x200, 0x10000, 0x100, 0x8000) },
	  0, 0, 3, { { 0x100, 0x100, 0, 0x100 }, { 0x200, 0x100, 0x10000, 0x8000 },
		     { 0x300, 0x10, 0x20000, 0x100 } }, 0x20100 },
	{ "four PT_LOADs in reverse", -1, 0, 0, 0, 0, 0, 4,
	  { LOAD(0x130, 0x3000, 0x10, 0x10), LOAD(0x120, 0x2000, 0x10, 0x10),
	    LOAD(0x110, 0x1000, 0x10, 0x10), LOAD(0x100, 0x0, 0x10, 0x10) },
	  0, 0, 4, { { 0x100, 0x10, 0, 0x10 }, { 0x110, 0x10, 0x1000, 0x10 },
		     { 0x120, 0x10, 0x2000, 0x10 }, { 0x130, 0x10, 0x3000, 0x10 } }, 0x3010 },
	{ "PT_LOADs that touch do not overlap", -1, 0, 0, 0, 0, 0, 2,
	  { LOAD(0x100, 0x1000, 0x10, 0x1000), LOAD(0x100, 0x2000, 0x10, 0x10) },
	  0, 0, 2, { { 0x100, 0x10, 0x1000, 0x1000 }, { 0x100, 0x10, 0x2000, 0x10 } }, 0x1010 },
	{ "p_paddr, not p_vaddr, is where it goes", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x100, 0x2000000, 0x100, 0x200) },
	  0, 0, 1, { { 0x100, 0x100, 0x2000000, 0x200 } }, 0x200 },
	{ "p_filesz equal to p_memsz", -1, 0, 0, 0, 0, 0, 1, { LOAD(0, 0, 0x400, 0x400) },
	  0, 0, 1, { { 0, 0x400, 0, 0x400 } }, 0x400 },
	{ "p_filesz 0: all BSS", -1, 0, 0, 0, 0, 0, 1, { LOAD(0x400, 0x5000, 0, 0x100) },
	  0, 0, 1, { { 0x400, 0, 0x5000, 0x100 } }, 0x100 },
	{ "a PT_LOAD of p_memsz 0 is skipped", -1, 0, 0, 0, 0, 0, 2,
	  { LOAD(0x100, 0, 0, 0), LOAD(0x100, 0x1000, 0x10, 0x10) },
	  0, 0, 1, { { 0x100, 0x10, 0x1000, 0x10 } }, 0x10 },
	{ "other headers are skipped", -1, 0, 0, 0, 0, 0, 3,
	  { { PT_NOTE, 0x100, 0, 0x10, 0x10 }, LOAD(0x100, 0, 0x10, 0x10), { PT_NULL } },
	  0, 0, 1, { { 0x100, 0x10, 0, 0x10 } }, 0x10 },
	{ "a PT_LOAD ending at the file's end", -1, 0, 0, 0x400, 0, 0, 1,
	  { LOAD(0x300, 0, 0x100, 0x100) },
	  0, 0, 1, { { 0x300, 0x100, 0, 0x100 } }, 0x100 },
	{ "a PT_LOAD ending at 2^64 - 1", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x100, 0xfffffffffffff000, 0x10, 0xfff) },
	  0, 0, 1, { { 0x100, 0x10, 0xfffffffffffff000, 0xfff } }, 0xfff },
	{ "program headers larger than 56 bytes", -1, 0, 0, 0, 0, 64, 2,
	  { LOAD(0x200, 0x1000, 0x10, 0x10), LOAD(0x100, 0, 0x10, 0x10) },
	  0, 0, 2, { { 0x100, 0x10, 0, 0x10 }, { 0x200, 0x10, 0x1000, 0x10 } }, 0x1010 },
	{ "program headers at the end of the file", -1, 0, 0, 0x200 + 56, 0x200, 0, 1,
	  { LOAD(0x100, 0, 0x10, 0x10) },
	  0, 0, 1, { { 0x100, 0x10, 0, 0x10 } }, 0x10 },
	{ "the wrong machine: read, and named", -1, 0, EM_X86_64, 0, 0, 0, 1,
	  { LOAD(0x100, 0x1000000, 0x100, 0x100) },
	  0, 0, 1, { { 0x100, 0x100, 0x1000000, 0x100 } }, 0x100 },
	{ "an aarch64 vmlinux: read, and named", -1, 0, EM_AARCH64, 0, 0, 0, 1,
	  { LOAD(0x100, 0, 0x100, 0x100) },
	  0, 0, 1, { { 0x100, 0x100, 0, 0x100 } }, 0x100 },
	{ "run0 at 0x5c of the lowest PT_LOAD", -1, 0, 0, 0, 0, 0, 2,
	  { LOAD(0x200, 0x10000, 0x100, 0x100), LOAD(0x100, 0, 0x100, 0x100) },
	  1, 0, 2, { { 0x100, 0x100, 0, 0x100 }, { 0x200, 0x100, 0x10000, 0x100 } }, 0x10100 },
	{ "run0 needs the word inside p_filesz", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x100, 0, 0x5f, 0x100) },
	  1, 0, 1, { { 0x100, 0x5f, 0, 0x100 } }, 0x100 },

	/* Truncated headers. */
	{ "4 bytes: the magic alone", -1, 0, 0, 4, 0, 0, 0, { { 0 } }, .err = IMAGE_ETRUNC },
	{ "5 bytes", -1, 0, 0, 5, 0, 0, 0, { { 0 } }, .err = IMAGE_ETRUNC },
	{ "6 bytes: the class, no header", -1, 0, 0, 6, 0, 0, 0, { { 0 } }, .err = IMAGE_ETRUNC },
	{ "63 bytes: one short of the header", -1, 0, 0, 63, 0, 0, 0, { { 0 } }, .err = IMAGE_ETRUNC },
	{ "program headers one byte past the end", -1, 0, 0, 0x200 + 55, 0x200, 0, 1,
	  { LOAD(0x100, 0, 0x10, 0x10) }, .err = IMAGE_ETRUNC },
	{ "e_phoff past the end", -1, 0, 0, 0, 0x401, 0, 1, { { 0 } }, .err = IMAGE_ETRUNC },
	{ "e_phentsize smaller than a program header", -1, 0, 0, 0, 0, 55, 1,
	  { LOAD(0x100, 0, 0x10, 0x10) }, .err = IMAGE_ETRUNC },

	/* Offsets that overflow. */
	{ "e_phoff near 2^64", -1, 0, 0, 0, 0xfffffffffffffff0, 0, 1, { { 0 } }, .err = IMAGE_ETRUNC },
	{ "e_phnum * e_phentsize past the file", -1, 0, 0, 0, 0, 0xffff, 0xffff,
	  { { 0 } }, .err = IMAGE_ETRUNC },
	{ "p_offset + p_filesz wraps", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0xfffffffffffffff0, 0, 0x20, 0x20) }, .err = IMAGE_EPAST },
	{ "p_offset past the end", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x401, 0, 0, 0x20) }, .err = IMAGE_EPAST },
	{ "p_filesz past the end", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x300, 0, 0x101, 0x200) }, .err = IMAGE_EPAST },
	{ "p_filesz near 2^64", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x100, 0, 0xffffffffffffff00, 0xffffffffffffff00) }, .err = IMAGE_EPAST },
	{ "p_paddr + p_memsz wraps", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x100, 0xfffffffffffff000, 0x10, 0x1000) }, .err = IMAGE_EPAST },
	{ "p_paddr + p_memsz wraps far", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x100, 0x10, 0x10, 0xffffffffffffffff) }, .err = IMAGE_EPAST },

	/* Other refusals. */
	{ "p_filesz greater than p_memsz", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x100, 0, 0x11, 0x10) }, .err = IMAGE_EFILESZ },
	{ "p_filesz greater than p_memsz, in the second", -1, 0, 0, 0, 0, 0, 2,
	  { LOAD(0x100, 0, 0x10, 0x10), LOAD(0x100, 0x1000, 0x200, 0x100) }, .err = IMAGE_EFILESZ },
	{ "no program headers", -1, 0, 0, 0, 0, 0, 0, { { 0 } }, .err = IMAGE_ENOLOAD },
	{ "no PT_LOAD: a PT_NOTE only", -1, 0, 0, 0, 0, 0, 1,
	  { { PT_NOTE, 0x100, 0, 0x10, 0x10 } }, .err = IMAGE_ENOLOAD },
	{ "no PT_LOAD: p_memsz 0 only", -1, 0, 0, 0, 0, 0, 1,
	  { LOAD(0x100, 0, 0, 0) }, .err = IMAGE_ENOLOAD },
	{ "a 32-bit ELF", -1, 1, 0, 0, 0, 0, 0, { { 0 } }, .err = IMAGE_ECLASS },
	{ "a 32-bit ELF, 6 bytes of it", -1, 1, 0, 6, 0, 0, 0, { { 0 } }, .err = IMAGE_ECLASS },
	{ "ELF class 3", -1, 3, 0, 0, 0, 0, 0, { { 0 } }, .err = IMAGE_ECLASS },
	{ "overlapping PT_LOADs", -1, 0, 0, 0, 0, 0, 2,
	  { LOAD(0x100, 0x1000, 0x10, 0x1001), LOAD(0x100, 0x2000, 0x10, 0x10) },
	  .err = IMAGE_EOVERLAP },
	{ "overlapping PT_LOADs, given in reverse", -1, 0, 0, 0, 0, 0, 2,
	  { LOAD(0x100, 0x2000, 0x10, 0x10), LOAD(0x100, 0x1000, 0x10, 0x1001) },
	  .err = IMAGE_EOVERLAP },
	{ "two PT_LOADs at one address", -1, 0, 0, 0, 0, 0, 2,
	  { LOAD(0x100, 0x1000, 0x10, 0x10), LOAD(0x200, 0x1000, 0x10, 0x10) },
	  .err = IMAGE_EOVERLAP },
	{ "one PT_LOAD inside another", -1, 0, 0, 0, 0, 0, 3,
	  { LOAD(0x100, 0, 0x10, 0x10000), LOAD(0x100, 0x20000, 0x10, 0x10),
	    LOAD(0x100, 0x8000, 0x10, 0x10) }, .err = IMAGE_EOVERLAP },
	{ "five PT_LOADs", -1, 0, 0, 0, 0, 0, 5,
	  { LOAD(0x100, 0, 0x10, 0x10), LOAD(0x100, 0x1000, 0x10, 0x10),
	    LOAD(0x100, 0x2000, 0x10, 0x10), LOAD(0x100, 0x3000, 0x10, 0x10),
	    LOAD(0x100, 0x4000, 0x10, 0x10) }, .err = IMAGE_EMANY },
	{ "five headers, four PT_LOADs", -1, 0, 0, 0, 0, 0, 5,
	  { LOAD(0x100, 0, 0x10, 0x10), LOAD(0x100, 0x1000, 0x10, 0x10),
	    { PT_NOTE, 0x100, 0, 0x10, 0x10 },
	    LOAD(0x100, 0x2000, 0x10, 0x10), LOAD(0x100, 0x3000, 0x10, 0x10) },
	  0, 0, 4, { { 0x100, 0x10, 0, 0x10 }, { 0x100, 0x10, 0x1000, 0x10 },
		     { 0x100, 0x10, 0x2000, 0x10 }, { 0x100, 0x10, 0x3000, 0x10 } }, 0x3010 },
};

/* The file for case C in byte order BIG: exactly C's length, malloc'd. */
static unsigned char *make_elf(const struct ecase *c, int big, uint64_t *lenp)
{
	uint64_t len = c->len ? c->len : 0x400, phoff = c->phoff ? c->phoff : 64;
	unsigned phent = c->phent ? c->phent : 56, i;
	unsigned char *f = calloc(1, len > 0x400 ? len : 0x400), *h;

	memcpy(f, "\177ELF", 4);
	f[4] = c->class ? c->class : 2;
	f[5] = big ? 2 : 1;
	f[6] = 1;
	kx_set_uint(f + 16, 2, big, 2);		/* ET_EXEC */
	kx_set_uint(f + 18, 2, big, c->machine ? c->machine : EM_PPC64);
	kx_set_uint(f + 20, 4, big, 1);
	kx_set_uint(f + 32, 8, big, phoff);
	kx_set_uint(f + 52, 2, big, 64);
	kx_set_uint(f + 54, 2, big, phent);
	kx_set_uint(f + 56, 2, big, c->nph);
	for (i = 0; i < c->nph && i < MAXPH; i++) {
		if (phoff > 0x400 || (uint64_t)(i + 1) * phent > 0x400 - phoff)
			break;
		h = f + phoff + i * phent;
		kx_set_uint(h, 4, big, c->ph[i].type);
		kx_set_uint(h + 4, 4, big, 7);
		kx_set_uint(h + 8, 8, big, c->ph[i].off);
		kx_set_uint(h + 16, 8, big, 0xc000000000000000 | c->ph[i].addr);
		kx_set_uint(h + 24, 8, big, c->ph[i].addr);
		kx_set_uint(h + 32, 8, big, c->ph[i].filesz);
		kx_set_uint(h + 40, 8, big, c->ph[i].memsz);
		kx_set_uint(h + 48, 8, big, 0x10000);
	}
	/* "run0" at 0x5c of the lowest PT_LOAD's bytes, as the kernel stores it. */
	if (c->run0 && c->nload)
		kx_set_uint(f + c->load[0].off + 0x5c, 4, big, 0x72756e30);
	/* Exactly LEN bytes: the sanitizers see a read past them. */
	h = malloc(len ? len : 1);
	memcpy(h, f, len);
	free(f);
	*lenp = len;
	return h;
}

/* What every accepted ELF must be, whatever the case. */
static int invariants(const struct image *img, uint64_t len)
{
	const struct image_load *l = img->load;
	int ok = img->kind == IMAGE_ELF && img->nload >= 1 && img->nload <= IMAGE_MAX_LOADS;
	size_t i;

	for (i = 0; ok && i < img->nload; i++) {
		ok &= l[i].off <= len && l[i].len <= len - l[i].off;
		ok &= l[i].len <= l[i].memsz && l[i].memsz;
		ok &= l[i].addr + l[i].memsz >= l[i].addr;
		if (i)
			ok &= l[i - 1].addr + l[i - 1].memsz <= l[i].addr;
	}
	return ok && img->memsz == l[img->nload - 1].addr + l[img->nload - 1].memsz - l[0].addr;
}

static void run_ecase(const struct ecase *c, int big)
{
	char name[200];
	struct image img;
	uint64_t len;
	unsigned char *f = make_elf(c, big, &len);
	int r = image_read(f, len, &img), ok;
	size_t i;

	snprintf(name, sizeof(name), "image: %s, %s", c->name, big ? "BE" : "LE");
	ok = r == c->err;
	if (!r) {
		ok &= invariants(&img, len) && img.nload == c->nload && img.memsz == c->memsz;
		ok &= img.big_endian == big;
		ok &= img.machine == (c->machine ? c->machine : EM_PPC64);
		ok &= img.run0 == (c->run0 && c->load[0].len >= 0x60);
		for (i = 0; i < c->nload && i < img.nload; i++)
			ok &= img.load[i].off == c->load[i].off && img.load[i].len == c->load[i].len &&
			      img.load[i].addr == c->load[i].addr &&
			      img.load[i].memsz == c->load[i].memsz;
	}
	if (!ok)
		printf("  got %d (%s), nload %zu, memsz 0x%llx\n", r, r ? image_strerror(r) : "",
		       img.nload, (unsigned long long)img.memsz);
	CHECK(name, ok);
	free(f);
}

/* LEN bytes, zero but for N bytes of BYTES at AT; malloc'd to exactly LEN. */
static unsigned char *file_with(uint64_t len, uint64_t at, const void *bytes, size_t n)
{
	unsigned char *f = calloc(1, len ? len : 1);

	memcpy(f + at, bytes, n);
	return f;
}

static int reads_as(const char *bytes, size_t n, uint64_t len, int want)
{
	struct image img;
	unsigned char *f = file_with(len, 0, bytes, n);
	int r = image_read(f, len, &img);

	free(f);
	if (r != want)
		printf("  got %d, want %d\n", r, want);
	return r == want;
}

static void test_run0(void)
{
	static const struct ecase c = { "run0", 0, 0, 0, 0, 0, 0, 1,
		{ LOAD(0x100, 0, 0x100, 0x100) }, 0, 0, 1, { { 0x100, 0x100, 0, 0x100 } }, 0x100 };
	struct image img;
	uint64_t len;
	unsigned char *f;
	int big;

	for (big = 0; big < 2; big++) {
		/* The bytes "run0" read as the word only in big-endian order. */
		f = make_elf(&c, big, &len);
		memcpy(f + 0x15c, "run0", 4);
		CHECK(big ? "image: bytes \"run0\" in a BE file: run0" :
		      "image: bytes \"run0\" in an LE file: not run0",
		      !image_read(f, len, &img) && img.run0 == big);
		memcpy(f + 0x15c, "0nur", 4);
		CHECK(big ? "image: bytes \"0nur\" in a BE file: not run0" :
		      "image: bytes \"0nur\" in an LE file: run0 (the kernel's order)",
		      !image_read(f, len, &img) && img.run0 == !big);
		free(f);
	}
}

static void test_elf(void)
{
	size_t i;

	for (i = 0; i < sizeof(ecases) / sizeof(ecases[0]); i++) {
		if (ecases[i].big != 1)
			run_ecase(&ecases[i], 0);
		if (ecases[i].big != 0)
			run_ecase(&ecases[i], 1);
	}
	test_run0();
}

/* An arm64 Image header: booting.rst's fields, little-endian. */
static unsigned char *arm64(uint64_t len, uint64_t text_offset, uint64_t size, uint64_t flags,
			    const char *first)
{
	unsigned char *f = calloc(1, len);

	if (first)
		memcpy(f, first, 4);
	kx_set_uint(f + 8, 8, 0, text_offset);
	kx_set_uint(f + 16, 8, 0, size);
	kx_set_uint(f + 24, 8, 0, flags);
	memcpy(f + 0x38, "ARM\x64", 4);
	return f;
}

static void test_arm64(void)
{
	struct image img;
	unsigned char *f;

	f = arm64(0x1000, 0, 0x3000, 0xa, "MZ@\xfa");
	CHECK("image: arm64 Image with an EFI stub's MZ",
	      !image_read(f, 0x1000, &img) && img.kind == IMAGE_ARM64 &&
	      img.machine == EM_AARCH64 && !img.big_endian && img.text_offset == 0 &&
	      img.memsz == 0x3000 && img.nload == 1 && img.load[0].off == 0 &&
	      img.load[0].len == 0x1000 && img.load[0].addr == 0 && img.load[0].memsz == 0x3000);
	free(f);
	f = arm64(0x1000, 0x80000, 0x3000, 0xb, NULL);
	CHECK("image: arm64 Image, big-endian (flags bit 0), text_offset 0x80000",
	      !image_read(f, 0x1000, &img) && img.kind == IMAGE_ARM64 && img.big_endian &&
	      img.text_offset == 0x80000 && img.memsz == 0x3000);
	free(f);
	f = arm64(0x1000, 0x80000, 0, 0, NULL);
	CHECK("image: arm64 Image before 3.17 (image_size 0): the file is all",
	      !image_read(f, 0x1000, &img) && img.memsz == 0x1000 && img.load[0].memsz == 0x1000);
	free(f);
	f = arm64(0x1000, 0, 0x800, 0, NULL);
	CHECK("image: arm64 image_size below the file's length: the file's length",
	      !image_read(f, 0x1000, &img) && img.memsz == 0x1000);
	free(f);
	f = arm64(64, 0, 0x200000, 0, NULL);
	CHECK("image: arm64 header alone (64 bytes)", !image_read(f, 64, &img) &&
	      img.kind == IMAGE_ARM64 && img.memsz == 0x200000 && img.load[0].len == 64);
	free(f);
	f = arm64(64, 0, 0x200000, 0, NULL);
	CHECK("image: arm64 header one byte short: unknown",
	      image_read(f, 63, &img) == IMAGE_EUNKNOWN);
	free(f);
}

static void test_magic(void)
{
	struct image img;
	unsigned char *f;

	f = file_with(0x400, 0x202, "HdrS", 4);
	CHECK("image: bzImage (HdrS at 0x202)", !image_read(f, 0x400, &img) &&
	      img.kind == IMAGE_BZIMAGE && img.machine == EM_X86_64 && !img.nload);
	CHECK("image: bzImage cut before 0x208: unknown",
	      image_read(f, 0x207, &img) == IMAGE_EUNKNOWN);
	free(f);
	CHECK("image: gzip", reads_as("\x1f\x8b\x08\x00", 4, 100, IMAGE_EGZIP));
	CHECK("image: gzip, 2 bytes", reads_as("\x1f\x8b", 2, 2, IMAGE_EGZIP));
	CHECK("image: xz", reads_as("\xfd" "7zXZ\0", 6, 100, IMAGE_EXZ));
	CHECK("image: xz, 5 bytes of its magic: unknown", reads_as("\xfd" "7zXZ", 5, 5, IMAGE_EUNKNOWN));
	CHECK("image: zstd", reads_as("\x28\xb5\x2f\xfd", 4, 100, IMAGE_EZSTD));
	CHECK("image: bzip2", reads_as("BZh9", 4, 100, IMAGE_EBZIP2));
	CHECK("image: EFI zboot", reads_as("MZ\0\0zimg", 8, 0x400, IMAGE_EZBOOT));
	CHECK("image: EFI zboot, header alone", reads_as("MZ\0\0zimg", 8, 8, IMAGE_EZBOOT));
	CHECK("image: MZ without zimg: unknown", reads_as("MZ\0\0zimh", 8, 0x400, IMAGE_EUNKNOWN));
	CHECK("image: uImage", reads_as("\x27\x05\x19\x56", 4, 100, IMAGE_EUIMAGE));
	CHECK("image: zeros: unknown", reads_as("", 0, 0x1000, IMAGE_EUNKNOWN));
	CHECK("image: empty file: unknown", reads_as("", 0, 0, IMAGE_EUNKNOWN));
	CHECK("image: a shell script: unknown", reads_as("#!/bin/sh\n", 10, 10, IMAGE_EUNKNOWN));
	CHECK("image: 3 bytes of the ELF magic: unknown", reads_as("\177EL", 3, 3, IMAGE_EUNKNOWN));
	/* zboot's own ARM64 magic would not make it an Image: zboot is checked first. */
	f = arm64(0x400, 0, 0x1000, 0, "MZ\0\0");
	memcpy(f + 4, "zimg", 4);
	CHECK("image: zboot with ARM\\x64 at 0x38 is still zboot",
	      image_read(f, 0x400, &img) == IMAGE_EZBOOT);
	free(f);
}

static int has(const char *s, const char *word)
{
	return s && strstr(s, word);
}

static void test_strerror(void)
{
	int i, j, ok = 1;

	for (i = -1; i >= IMAGE_ELAST; i--) {
		ok &= image_strerror(i) && *image_strerror(i);
		for (j = -1; j > i; j--)
			ok &= strcmp(image_strerror(i), image_strerror(j)) != 0;
	}
	CHECK("image_strerror: each code its own text", ok);
	CHECK("image_strerror: gzip says gunzip", has(image_strerror(IMAGE_EGZIP), "gunzip -c"));
	CHECK("image_strerror: xz says xz -dc", has(image_strerror(IMAGE_EXZ), "xz -dc"));
	CHECK("image_strerror: zstd says zstd -dc", has(image_strerror(IMAGE_EZSTD), "zstd -dc"));
	CHECK("image_strerror: bzip2 says bzip2 -dc", has(image_strerror(IMAGE_EBZIP2), "bzip2 -dc"));
	CHECK("image_strerror: zboot asks for the Image",
	      has(image_strerror(IMAGE_EZBOOT), "give the Image"));
	CHECK("image_strerror: uImage asks for the kernel inside",
	      has(image_strerror(IMAGE_EUIMAGE), "the kernel inside"));
	CHECK("image_strerror: 32-bit says 64-bit", has(image_strerror(IMAGE_ECLASS), "64-bit"));
	CHECK("image_strerror: too many says 4", has(image_strerror(IMAGE_EMANY), "over 4"));
	CHECK("image_strerror: unknown names the three kinds",
	      has(image_strerror(IMAGE_EUNKNOWN), "ELF vmlinux") &&
	      has(image_strerror(IMAGE_EUNKNOWN), "Image") &&
	      has(image_strerror(IMAGE_EUNKNOWN), "bzImage"));
	CHECK("image_strerror: out of range is unknown",
	      image_strerror(IMAGE_ELAST - 1) == image_strerror(IMAGE_EUNKNOWN) &&
	      image_strerror(0) == image_strerror(IMAGE_EUNKNOWN) &&
	      image_strerror(5) == image_strerror(IMAGE_EUNKNOWN));
	CHECK("image_machine: the three names",
	      !strcmp(image_machine(EM_PPC64), "ppc64") &&
	      !strcmp(image_machine(EM_X86_64), "x86_64") &&
	      !strcmp(image_machine(EM_AARCH64), "aarch64") && !image_machine(EM_386) &&
	      !image_machine(0));
}

int main(void)
{
	test_elf();
	test_arm64();
	test_magic();
	test_strerror();
	return unit_done();
}
