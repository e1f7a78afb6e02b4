/*
 * The kernel files kxtool boots, read from their bytes (image.c): pure, no
 * I/O, every offset checked against the length before it is read, so that
 * tests/unit/image.c and tests/fuzz/image.c reach every rule.
 *
 *   ELF vmlinux   ppc64, as Debian ships /boot/vmlinux-*: the image is the
 *                 PT_LOAD contents laid out by physical address, and it
 *                 takes p_memsz in memory (the BSS included)
 *   arm64 Image   "ARM\x64" at 0x38, text_offset and image_size in its
 *                 header; Debian's vmlinuz is one (its EFI stub's "MZ" and
 *                 PE header sit inside the Image header)
 *   bzImage       x86_64, "HdrS" at 0x202: only kexec_file_load takes it
 *
 * Anything else is named for what it looks like, so that the message can
 * say what to do.
 */
#ifndef IMAGE_H
#define IMAGE_H

#include <stddef.h>
#include <stdint.h>

enum { IMAGE_ELF = 1, IMAGE_ARM64, IMAGE_BZIMAGE };

#define IMAGE_MAX_LOADS 4

/* One run of the file's bytes: LEN of them from OFF, at ADDR, taking MEMSZ. */
struct image_load {
	uint64_t off, len, addr, memsz;
};

struct image {
	int kind;
	unsigned machine;	/* EM_*: the machine it is for */
	int big_endian;
	size_t nload;
	struct image_load load[IMAGE_MAX_LOADS];	/* by address, not overlapping */
	uint64_t memsz;		/* first byte of the image to its last in memory */
	uint64_t text_offset;	/* arm64: where in its 2 MiB block it starts */
	int run0;		/* ppc64: the word at image offset 0x5c reads "run0" */
};

/* What a file that is not one of them looks like: negative codes. */
enum {
	IMAGE_ETRUNC = -1,	/* shorter than its headers say */
	IMAGE_ECLASS = -2,	/* an ELF that is not 64-bit */
	IMAGE_ENOLOAD = -3,	/* an ELF with no PT_LOAD */
	IMAGE_EPAST = -4,	/* a PT_LOAD past the end of the file, or wrapping */
	IMAGE_EFILESZ = -5,	/* p_filesz greater than p_memsz */
	IMAGE_EOVERLAP = -6,	/* two PT_LOADs share addresses */
	IMAGE_EMANY = -7,	/* more PT_LOADs than IMAGE_MAX_LOADS */
	IMAGE_EGZIP = -8,
	IMAGE_EXZ = -9,
	IMAGE_EZSTD = -10,
	IMAGE_EBZIP2 = -11,
	IMAGE_EZBOOT = -12,	/* an EFI zboot image: compressed inside a PE file */
	IMAGE_EUIMAGE = -13,	/* U-Boot's legacy uImage */
	IMAGE_EUNKNOWN = -14,
	IMAGE_ELAST = IMAGE_EUNKNOWN,
};

/* Read the LEN bytes at P into *IMG: 0, or an IMAGE_E* code. */
int image_read(const unsigned char *p, uint64_t len, struct image *img);
/* What an IMAGE_E* code says about the file; what to do is in the words. */
const char *image_strerror(int err);
/* The machine's name for messages: "ppc64", "x86_64", "aarch64", or NULL. */
const char *image_machine(unsigned machine);

#endif
