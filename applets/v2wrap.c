/*
 * v2wrap: write the ppc64 trampoline that starts a Linux kernel from kexec.
 *
 * Spec: issue 5, the seed's README (v2wrap), and the contract in the header
 * comment of arch/ppc64/v2wrap.S, which this file only copies and patches.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kxtool.h"
#include "v2wrap.h"

const char v2wrap_usage[] =
	"[-A ARCH] [-b|-l] [-k ADDR] [-K|-R KERNEL_FILE] [-v] [-o FILE]\n\n"
	"Write the ppc64 kexec trampoline, to load at ENTRY (the entry point).\n"
	"-A ARCH  ppc64 (default) or arm64: its stub, little-endian only\n"
	"-b, -l   big- or little-endian (default: this CPU's, on ppc64 only)\n"
	"-k ADDR  the kernel's address, into the stub's slot\n"
	"-K FILE  race-free layout, carrying FILE's first 256 bytes: the\n"
	"         kernel as loaded (objcopy -O binary), not an ELF file\n"
	"-R FILE  as -K, and the kernel runs where it is loaded, not at 0\n"
	"-v       say the layout and offsets   -o FILE  write to FILE\n"
	"layout     size   device tree           kernel slot\n"
	"classic    0x100  fs2dt -b ENTRY+0x100  loadem -c 0x100\n"
	"race-free  0x200  fs2dt -b ENTRY+0x200  loadem -c 0x200\n"
	"arm64      0x40   fs2dt -b ENTRY+0x40   loadem -c 0x40\n";

/* The kernel slot is a u64 in the stub's byte order. */
static void put64(unsigned char *p, uint64_t v, int big_endian)
{
	int i;

	for (i = 0; i < 8; i++)
		p[big_endian ? 7 - i : i] = v >> 8 * i;
}

size_t v2wrap_build(unsigned char out[V2WRAP_MAX], int big_endian,
		    const unsigned char *head, uint64_t kernel)
{
	const unsigned char *rf = big_endian ? kx_v2wrap_rf_be : kx_v2wrap_rf_le;
	size_t size = V2WRAP_CLASSIC;

	if (!head) {
		memset(out, 0, size);
		memcpy(out, big_endian ? kx_v2wrap_be : kx_v2wrap_le, V2WRAP_CODE);
	} else {
		size = V2WRAP_RACEFREE;
		memset(out, 0, size);
		memcpy(out, rf, 4);
		memcpy(out + 4, head + 4, V2WRAP_HEAD - 4);
		memcpy(out + V2WRAP_HEAD, rf + 4, V2WRAP_RF_CODE);
	}
	if (kernel)
		put64(out + size - 8, kernel, big_endian);
	return size;
}

/*
 * v2wrap -R: the master stores this word, 1, at the image's __run_at_load
 * (offset 0x5c) before entering it, so that the kernel runs where it was
 * loaded instead of copying itself to 0. A relocatable kernel ships that
 * word as "run0" (RUN_AT_LOAD_DEFAULT in head_64.S, a u32 in its byte
 * order); any other value means the offset is not that word, and storing
 * there would corrupt the kernel.
 */
#define RUN_WORD (V2WRAP_RACEFREE - 16)
#define RUN_AT_LOAD 0x5c

int v2wrap_in_place(unsigned char out[V2WRAP_RACEFREE], int big_endian)
{
	static const char run0[] = "0nur";	/* 0x72756e30, little-endian */
	int i;

	for (i = 0; i < 4; i++)
		if (out[RUN_AT_LOAD + i] != run0[big_endian ? 3 - i : i])
			return -1;
	out[RUN_WORD + (big_endian ? 3 : 0)] = 1;
	return 0;
}

size_t a64wrap_build(unsigned char out[A64WRAP], uint64_t kernel)
{
	memset(out, 0, A64WRAP);
	memcpy(out, kx_a64wrap, A64WRAP_CODE);
	if (kernel)
		put64(out + A64WRAP - 8, kernel, 0);
	return A64WRAP;
}

/*
 * The first V2WRAP_HEAD bytes of the kernel image. An ELF file is refused:
 * its first bytes are the ELF header, and secondaries sent to its 0x60
 * would run garbage.
 */
static void read_head(const char *path, unsigned char head[V2WRAP_HEAD])
{
	ssize_t r;
	int fd = kx_open(path, O_RDONLY);

	if (fd < 0)
		kx_die(KX_FAIL, "cannot open", path, errno);
	r = kx_read_full(fd, head, V2WRAP_HEAD);
	if (r < 0)
		kx_die(KX_FAIL, "cannot read", path, errno);
	if (r < V2WRAP_HEAD)
		kx_die(KX_FAIL, "shorter than 256 bytes, not a kernel image", path, 0);
	kx_close(fd);
	if (!memcmp(head, "\177ELF", 4))
		kx_die(KX_FAIL, "an ELF file, not the image as loaded (objcopy -O binary)",
		       path, 0);
}

/* Default byte order: the running CPU's, where that is a ppc64 one. */
#if defined(__powerpc64__) && defined(__BIG_ENDIAN__)
#define NATIVE_ORDER 'b'
#elif defined(__powerpc64__)
#define NATIVE_ORDER 'l'
#else
#define NATIVE_ORDER 0
#endif

/*
 * -v: what the seed's other command lines need. tests/e2e/guest-init reads
 * the "fs2dt -b: " and "loadem -c: " lines; keep their form.
 */
static void verbose(size_t size, int big_endian, uint64_t kernel)
{
	char num[KX_NUMBUF], line[32];

	kx_warn(size == V2WRAP_CLASSIC ? "classic layout" :
		size == A64WRAP ? "arm64 layout" : "race-free layout",
		big_endian ? "big-endian" : "little-endian", 0);
	kx_warn("device tree: fs2dt -b", kx_join(line, sizeof(line), "ENTRY+",
						 kx_hex(num, size), ""), 0);
	kx_warn("kernel slot: loadem -c", kx_hex(num, size), 0);
	if (kernel)
		kx_warn("kernel slot holds", kx_hex(num, kernel), 0);
}

int v2wrap_main(int argc, char **argv)
{
	unsigned char stub[V2WRAP_MAX], head[V2WRAP_HEAD];
	const char *out = NULL, *kfile = NULL, *karg = NULL;
	struct kx_getopt g = { .ind = 1 };
	int order = 0, loud = 0, arm64 = 0, in_place = 0, c;
	uint64_t kernel = 0;
	size_t size;

	while ((c = kx_getopt(&g, argv, "A:blk:K:R:vo:")) != -1) {
		switch (c) {
		case 'A':
			arm64 = !strcmp(g.arg, "arm64") || !strcmp(g.arg, "aarch64");
			if (!arm64 && strcmp(g.arg, "ppc64"))
				kx_usage("-A: not ppc64 or arm64", g.arg);
			break;
		case 'b':
		case 'l':
			if (order && order != c)
				kx_usage("-b and -l exclude each other", NULL);
			order = c;
			break;
		case 'k':
			karg = g.arg;
			kernel = kx_arg_u64(g.opt, g.arg);
			/* The stub reads the kernel a doubleword at a time. */
			if (kernel & 7)
				kx_usage("-k: not 8-byte aligned", g.arg);
			break;
		case 'R':	/* -K, and run in place */
		case 'K':
			in_place |= c == 'R';
			kfile = g.arg;
			break;
		case 'v':
			loud = 1;
			break;
		case 'o':
			out = g.arg;
			break;
		}
	}
	if (g.ind < argc)
		kx_usage("unexpected argument", argv[g.ind]);
	if (arm64) {
		if (order == 'b' || kfile)
			kx_usage(kfile ? "-K and -R are ppc64's, not for -A arm64" :
				 "-A arm64: the stub is little-endian only", NULL);
		/* booting.rst: the Image sits at a 2 MiB-aligned base. */
		if (kernel & 0x1fffff)
			kx_usage("-k: an arm64 Image must be 2 MiB aligned", karg);
		size = a64wrap_build(stub, kernel);
		if (loud)
			verbose(size, 0, kernel);
		return kx_output(out, stub, size);
	}
	if (!order)
		order = NATIVE_ORDER;
	if (!order)
		kx_usage("no byte order for this host: give -b (big-endian) or -l (little-endian)",
			 NULL);
	if (kfile)
		read_head(kfile, head);
	size = v2wrap_build(stub, order == 'b', kfile ? head : NULL, kernel);
	if (in_place && v2wrap_in_place(stub, order == 'b'))
		kx_die(KX_FAIL, "-R: no \"run0\" at 0x5c: not a relocatable kernel", kfile, 0);
	if (loud)
		verbose(size, order == 'b', kernel);
	return kx_output(out, stub, size);
}
