/*
 * The kernel files kxtool boots (image.h): what a file is, from its bytes.
 * Pure: no I/O, no allocation, no exit. Every offset and size read from a
 * file is checked against the file's length before it is used.
 */
#include <string.h>

#include "image.h"
#include "kxtool.h"

#define PT_LOAD		1
#define ELF_HEADER	64
#define ELF_PHDR	56

/* Insert L into IMG's loads, kept by address. */
static int add_load(struct image *img, const struct image_load *l)
{
	size_t i = img->nload;

	if (i == IMAGE_MAX_LOADS)
		return IMAGE_EMANY;
	for (; i && img->load[i - 1].addr > l->addr; i--)
		img->load[i] = img->load[i - 1];
	img->load[i] = *l;
	img->nload++;
	return 0;
}

static int read_phdr(const unsigned char *ph, uint64_t len, int be, struct image *img)
{
	struct image_load l;

	if (kx_get_uint(ph, 4, be) != PT_LOAD || !kx_get_uint(ph + 40, 8, be))
		return 0;
	l.off = kx_get_uint(ph + 8, 8, be);
	l.addr = kx_get_uint(ph + 24, 8, be);	/* p_paddr: where it goes */
	l.len = kx_get_uint(ph + 32, 8, be);
	l.memsz = kx_get_uint(ph + 40, 8, be);
	if (l.len > l.memsz)
		return IMAGE_EFILESZ;
	if (l.off > len || l.len > len - l.off || l.addr + l.memsz < l.addr)
		return IMAGE_EPAST;
	return add_load(img, &l);
}

/* The word a relocatable ppc64 kernel ships at 0x5c: "run0" in its byte order. */
static int has_run0(const unsigned char *p, const struct image *img)
{
	const struct image_load *l = &img->load[0];

	return l->len >= 0x60 && kx_get_uint(p + l->off + 0x5c, 4, img->big_endian) == 0x72756e30;
}

static int read_elf(const unsigned char *p, uint64_t len, struct image *img)
{
	uint64_t phoff, i, last;
	unsigned phent, phnum;
	int be, r;

	if (len < 6)
		return IMAGE_ETRUNC;
	if (p[4] != 2)
		return IMAGE_ECLASS;
	if (len < ELF_HEADER)
		return IMAGE_ETRUNC;
	be = p[5] == 2;
	img->kind = IMAGE_ELF;
	img->big_endian = be;
	img->machine = kx_get_uint(p + 18, 2, be);
	phoff = kx_get_uint(p + 32, 8, be);
	phent = kx_get_uint(p + 54, 2, be);
	phnum = kx_get_uint(p + 56, 2, be);
	if (phent < ELF_PHDR || phoff > len || (uint64_t)phnum * phent > len - phoff)
		return IMAGE_ETRUNC;
	for (i = 0; i < phnum; i++)
		if ((r = read_phdr(p + phoff + i * phent, len, be, img)))
			return r;
	if (!img->nload)
		return IMAGE_ENOLOAD;
	for (i = 1; i < img->nload; i++)
		if (img->load[i - 1].addr + img->load[i - 1].memsz > img->load[i].addr)
			return IMAGE_EOVERLAP;
	last = img->nload - 1;
	img->memsz = img->load[last].addr + img->load[last].memsz - img->load[0].addr;
	img->run0 = has_run0(p, img);
	return 0;
}

/*
 * arm64's booting.rst: text_offset (8) and image_size (16), little-endian;
 * flags bit 0 says a big-endian kernel. An image_size of 0 comes from
 * kernels before 3.17, which did not say: then the file is all there is.
 */
static int read_arm64(uint64_t len, const unsigned char *p, struct image *img)
{
	uint64_t size = kx_get_uint(p + 16, 8, 0);

	img->kind = IMAGE_ARM64;
	img->machine = EM_AARCH64;
	img->big_endian = kx_get_uint(p + 24, 8, 0) & 1;
	img->text_offset = kx_get_uint(p + 8, 8, 0);
	img->memsz = size > len ? size : len;
	img->nload = 1;
	img->load[0].len = len;
	img->load[0].memsz = img->memsz;
	return 0;
}

/* Magic numbers at offset 0, and the code of what they mean. */
static const struct {
	unsigned char len, bytes[6];
	signed char code;
} magics[] KX_UNALIGNED = {
	{ 2, { 0x1f, 0x8b }, IMAGE_EGZIP },
	{ 6, { 0xfd, '7', 'z', 'X', 'Z', 0 }, IMAGE_EXZ },
	{ 4, { 0x28, 0xb5, 0x2f, 0xfd }, IMAGE_EZSTD },
	{ 3, { 'B', 'Z', 'h' }, IMAGE_EBZIP2 },
	{ 4, { 0x27, 0x05, 0x19, 0x56 }, IMAGE_EUIMAGE },
};

int image_read(const unsigned char *p, uint64_t len, struct image *img)
{
	size_t i;

	memset(img, 0, sizeof(*img));
	if (len >= 4 && !memcmp(p, "\177ELF", 4))
		return read_elf(p, len, img);
	/* The zboot header: "MZ", two bytes, then "zimg" (drivers/firmware/efi/libstub). */
	if (len >= 8 && !memcmp(p, "MZ", 2) && !memcmp(p + 4, "zimg", 4))
		return IMAGE_EZBOOT;
	if (len >= 64 && !memcmp(p + 0x38, "ARM\x64", 4))
		return read_arm64(len, p, img);
	if (len >= 0x208 && !memcmp(p + 0x202, "HdrS", 4)) {
		img->kind = IMAGE_BZIMAGE;
		img->machine = EM_X86_64;
		return 0;
	}
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (len >= magics[i].len && !memcmp(p, magics[i].bytes, magics[i].len))
			return magics[i].code;
	return IMAGE_EUNKNOWN;
}

/* In the order of the codes, IMAGE_ETRUNC (-1) first. */
static const char errors[] KX_UNALIGNED =
	"a truncated ELF file\0"
	"a 32-bit ELF file: kxtool boots 64-bit kernels\0"
	"an ELF file with no PT_LOAD\0"
	"an ELF file whose PT_LOAD lies past its end\0"
	"an ELF file whose p_filesz exceeds its p_memsz\0"
	"an ELF file whose PT_LOADs overlap\0"
	"an ELF file with over 4 PT_LOADs\0"
	"gzip-compressed: decompress it first (gunzip -c FILE > Image)\0"
	"xz-compressed: decompress it first (xz -dc FILE > Image)\0"
	"zstd-compressed: decompress it first (zstd -dc FILE > Image)\0"
	"bzip2-compressed: decompress it first (bzip2 -dc FILE > Image)\0"
	"an EFI zboot image, compressed: give the Image\0"
	"a U-Boot uImage: give the kernel inside it\0"
	"not a kernel kxtool knows (an ELF vmlinux, an Image, a bzImage)\0";

const char *image_strerror(int err)
{
	const char *s = errors;
	int n = err < 0 && err >= IMAGE_ELAST ? -err - 1 : -IMAGE_ELAST - 1;

	while (n--)
		s += strlen(s) + 1;
	return s;
}

const char *image_machine(unsigned machine)
{
	return machine == EM_PPC64 ? "ppc64" : machine == EM_X86_64 ? "x86_64" :
	       machine == EM_AARCH64 ? "aarch64" : NULL;
}
