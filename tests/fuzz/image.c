/*
 * Fuzz target: image_read (applets/lib/image.c) on any bytes.
 *
 * Input: a mode byte, then either the file itself (even modes) or, for
 * odd modes, an ELF64 header and program headers built here from the
 * bytes that follow (their fields drawn near the edges that matter: 0,
 * small, page multiples, near 2^64), then the rest of the input as the
 * file's contents. The file sits in a buffer of exactly its length.
 *
 * Every result is checked against a reader written here another way:
 * the same kind and code; for an accepted ELF the same loads, each inside
 * the file, sorted by address with qsort, not overlapping, p_filesz <=
 * p_memsz, memsz from the first to the last, run0 read back; for an Image
 * its header fields; for a bzImage its magic.
 */
#include "fuzz.h"
#include "image.h"
#include "kxtool.h"

#define MAX_FILE 8192
#define MAX_PH 8

static uint64_t get(const unsigned char *p, unsigned n, int big)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * (big ? n - 1 - i : i));
	return v;
}

static void put(unsigned char *p, unsigned n, int big, uint64_t v)
{
	unsigned i;

	for (i = 0; i < n; i++)
		p[big ? n - 1 - i : i] = v >> (8 * i);
}

/* A field value near an edge: 0, small, a page multiple, near 2^64 or any. */
static uint64_t edgy(struct fz *f, uint64_t len)
{
	switch (fz_pick(f, 7)) {
	case 0:
		return 0;
	case 1:
		return fz_byte(f);
	case 2:
		return fz_u64(f, 2);
	case 3:
		return fz_u64(f, 2) << 12;
	case 4:
		return UINT64_MAX - fz_u64(f, 2);
	case 5:
		return len + fz_byte(f) - 128;
	case 6:
		return fz_u64(f, 4) << 16;
	default:
		return fz_u64(f, 8);
	}
}

/* Odd modes: an ELF64 header, program headers, then the rest of the input. */
static size_t build_elf(struct fz *f, unsigned mode, unsigned char *file)
{
	int big = mode & 2;
	unsigned nph = fz_pick(f, MAX_PH), phent = mode & 4 ? fz_byte(f) : 56, i;
	uint64_t phoff = mode & 8 ? fz_byte(f) : 64, len, want;
	unsigned char *h;
	size_t rest;

	want = fz_u64(f, 2) % MAX_FILE;
	memcpy(file, "\177ELF", 4);
	file[4] = mode & 16 ? fz_byte(f) : 2;
	file[5] = big ? 2 : 1;
	file[6] = 1;
	put(file + 18, 2, big, mode & 32 ? fz_u64(f, 2) : EM_PPC64);
	put(file + 32, 8, big, phoff);
	put(file + 54, 2, big, phent);
	put(file + 56, 2, big, mode & 64 ? fz_u64(f, 2) : nph);
	len = 64;
	for (i = 0; i < nph; i++) {
		if (phoff + (uint64_t)(i + 1) * phent > MAX_FILE / 2 || phent < 48)
			break;
		h = file + phoff + (uint64_t)i * phent;
		put(h, 4, big, fz_pick(f, 7) ? 1 : fz_pick(f, 7));
		put(h + 8, 8, big, edgy(f, want));
		put(h + 24, 8, big, edgy(f, want));
		put(h + 32, 8, big, edgy(f, want));
		put(h + 40, 8, big, fz_pick(f, 3) ? edgy(f, want) : get(h + 32, 8, big));
		if (phoff + (uint64_t)(i + 1) * phent > len)
			len = phoff + (uint64_t)(i + 1) * phent;
	}
	/* The rest of the input after the headers; "run0" where the fuzzer says. */
	rest = f->n < MAX_FILE - len ? f->n : MAX_FILE - len;
	memcpy(file + len, f->p, rest);
	len += rest;
	if (want > len)
		len = want;
	if (mode & 128 && len >= 4) {
		want = fz_u64(f, 2) % (len - 3);
		put(file + want, 4, big, 0x72756e30);
	}
	return len;
}

/* ---- the reference ---- */

static int by_addr(const void *a, const void *b)
{
	const struct image_load *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The ELF rules, in the order image.h gives them. */
static int ref_elf(const unsigned char *p, uint64_t len, struct image *img)
{
	uint64_t phoff, i, memsz, off, filesz, addr;
	unsigned phent, phnum;
	const unsigned char *h;
	int be;

	if (len < 6)
		return IMAGE_ETRUNC;
	if (p[4] != 2)
		return IMAGE_ECLASS;
	if (len < 64)
		return IMAGE_ETRUNC;
	be = p[5] == 2;
	img->kind = IMAGE_ELF;
	img->big_endian = be;
	img->machine = get(p + 18, 2, be);
	phoff = get(p + 32, 8, be);
	phent = get(p + 54, 2, be);
	phnum = get(p + 56, 2, be);
	if (phent < 56 || (unsigned __int128)phoff + (uint64_t)phnum * phent > len)
		return IMAGE_ETRUNC;
	for (i = 0; i < phnum; i++) {
		h = p + phoff + i * phent;
		memsz = get(h + 40, 8, be);
		if (get(h, 4, be) != 1 || !memsz)
			continue;
		off = get(h + 8, 8, be);
		addr = get(h + 24, 8, be);
		filesz = get(h + 32, 8, be);
		if (filesz > memsz)
			return IMAGE_EFILESZ;
		if ((unsigned __int128)off + filesz > len ||
		    (unsigned __int128)addr + memsz > UINT64_MAX)
			return IMAGE_EPAST;
		if (img->nload == IMAGE_MAX_LOADS)
			return IMAGE_EMANY;
		img->load[img->nload++] = (struct image_load){ off, filesz, addr, memsz };
	}
	if (!img->nload)
		return IMAGE_ENOLOAD;
	/* Stable is not needed: two loads at one address overlap either way. */
	qsort(img->load, img->nload, sizeof(img->load[0]), by_addr);
	for (i = 1; i < img->nload; i++)
		if ((unsigned __int128)img->load[i - 1].addr + img->load[i - 1].memsz >
		    img->load[i].addr)
			return IMAGE_EOVERLAP;
	img->memsz = img->load[img->nload - 1].addr + img->load[img->nload - 1].memsz -
		     img->load[0].addr;
	img->run0 = img->load[0].len >= 0x60 &&
		    !memcmp(p + img->load[0].off + 0x5c, be ? "run0" : "0nur", 4);
	return 0;
}

static int starts(const unsigned char *p, uint64_t len, uint64_t at, const char *m, size_t n)
{
	return len >= at + n && !memcmp(p + at, m, n);
}

static int ref_read(const unsigned char *p, uint64_t len, struct image *img)
{
	uint64_t size;

	memset(img, 0, sizeof(*img));
	if (starts(p, len, 0, "\177ELF", 4))
		return ref_elf(p, len, img);
	if (len >= 8 && starts(p, len, 0, "MZ", 2) && starts(p, len, 4, "zimg", 4))
		return IMAGE_EZBOOT;
	if (len >= 64 && starts(p, len, 0x38, "ARM\x64", 4)) {
		size = get(p + 16, 8, 0);
		img->kind = IMAGE_ARM64;
		img->machine = EM_AARCH64;
		img->big_endian = p[24] & 1;
		img->text_offset = get(p + 8, 8, 0);
		img->memsz = size > len ? size : len;
		img->nload = 1;
		img->load[0] = (struct image_load){ 0, len, 0, img->memsz };
		return 0;
	}
	if (len >= 0x208 && starts(p, len, 0x202, "HdrS", 4)) {
		img->kind = IMAGE_BZIMAGE;
		img->machine = EM_X86_64;
		return 0;
	}
	if (starts(p, len, 0, "\x1f\x8b", 2))
		return IMAGE_EGZIP;
	if (starts(p, len, 0, "\xfd" "7zXZ\0", 6))
		return IMAGE_EXZ;
	if (starts(p, len, 0, "\x28\xb5\x2f\xfd", 4))
		return IMAGE_EZSTD;
	if (starts(p, len, 0, "BZh", 3))
		return IMAGE_EBZIP2;
	if (starts(p, len, 0, "\x27\x05\x19\x56", 4))
		return IMAGE_EUIMAGE;
	return IMAGE_EUNKNOWN;
}

static void check(const unsigned char *p, uint64_t len)
{
	struct image img, want;
	int r = image_read(p, len, &img), w = ref_read(p, len, &want);
	size_t i;

	FZ_CHECK(r == w);
	FZ_CHECK(r <= 0 && r >= IMAGE_ELAST);
	FZ_CHECK(*image_strerror(r ? r : IMAGE_EUNKNOWN));
	if (r)
		return;
	FZ_CHECK(img.kind == want.kind && img.machine == want.machine &&
		 img.big_endian == want.big_endian && img.nload == want.nload &&
		 img.memsz == want.memsz && img.text_offset == want.text_offset &&
		 img.run0 == want.run0);
	FZ_CHECK(img.nload <= IMAGE_MAX_LOADS);
	for (i = 0; i < img.nload; i++) {
		const struct image_load *l = &img.load[i];

		FZ_CHECK(l->off == want.load[i].off && l->len == want.load[i].len &&
			 l->addr == want.load[i].addr && l->memsz == want.load[i].memsz);
		/* Inside the file, p_filesz <= p_memsz, no wrap, by address, apart. */
		FZ_CHECK(l->off <= len && l->len <= len - l->off);
		FZ_CHECK(l->len <= l->memsz && l->addr + l->memsz >= l->addr);
		if (i)
			FZ_CHECK(img.load[i - 1].addr + img.load[i - 1].memsz <= l->addr);
	}
	if (img.kind == IMAGE_ELF) {
		FZ_CHECK(img.nload >= 1);
		FZ_CHECK(img.memsz == img.load[img.nload - 1].addr +
			 img.load[img.nload - 1].memsz - img.load[0].addr);
		/* run0: the word at 0x5c of the image, as the kernel reads it. */
		if (img.run0)
			FZ_CHECK(kx_get_uint(p + img.load[0].off + 0x5c, 4, img.big_endian) ==
				 0x72756e30);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char file[MAX_FILE];
	struct fz f = { data, size };
	unsigned mode = fz_byte(&f);
	unsigned char *exact;
	size_t len;

	if (mode & 1) {
		memset(file, 0, sizeof(file));
		len = build_elf(&f, mode, file);
		exact = malloc(len ? len : 1);
		memcpy(exact, file, len);
	} else {
		len = f.n;
		exact = malloc(len ? len : 1);
		memcpy(exact, f.p, len);
	}
	check(exact, len);
	free(exact);
	return 0;
}
