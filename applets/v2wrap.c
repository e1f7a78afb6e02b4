/*
 * v2wrap: write the ppc64 trampoline that starts a Linux kernel from kexec.
 *
 * The seed's README (v2wrap) and the contract in the header comment of
 * arch/ppc64/v2wrap.S; lib/v2wrap_build.c copies and patches the stubs.
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

struct options {
	const char *out, *kfile, *karg;
	int order, loud, arm64, in_place;
	uint64_t kernel;
};

static void parse_options(struct options *o, char **argv)
{
	struct kx_getopt g = { .ind = 1 };
	int c;

	while ((c = kx_getopt(&g, argv, "A:blk:K:R:vo:")) != -1) {
		switch (c) {
		case 'A':
			o->arm64 = !strcmp(g.arg, "arm64") || !strcmp(g.arg, "aarch64");
			if (!o->arm64 && strcmp(g.arg, "ppc64"))
				kx_usage("-A: not ppc64 or arm64", g.arg);
			break;
		case 'b':
		case 'l':
			if (o->order && o->order != c)
				kx_usage("-b and -l exclude each other", NULL);
			o->order = c;
			break;
		case 'k':
			o->karg = g.arg;
			o->kernel = kx_arg_u64(g.opt, g.arg);
			/* The stub reads the kernel a doubleword at a time. */
			if (o->kernel & 7)
				kx_usage("-k: not 8-byte aligned", g.arg);
			break;
		case 'R':	/* -K, and run in place */
		case 'K':
			o->in_place |= c == 'R';
			o->kfile = g.arg;
			break;
		case 'v':
			o->loud = 1;
			break;
		case 'o':
			o->out = g.arg;
			break;
		}
	}
	if (argv[g.ind])
		kx_usage("unexpected argument", argv[g.ind]);
}

static int arm64_stub(const struct options *o)
{
	unsigned char stub[A64WRAP];

	if (o->order == 'b' || o->kfile)
		kx_usage(o->kfile ? "-K and -R are ppc64's, not for -A arm64" :
			 "-A arm64: the stub is little-endian only", NULL);
	/* booting.rst: the Image sits at a 2 MiB-aligned base. */
	if (o->kernel & 0x1fffff)
		kx_usage("-k: an arm64 Image must be 2 MiB aligned", o->karg);
	a64wrap_build(stub, o->kernel);
	if (o->loud)
		verbose(A64WRAP, 0, o->kernel);
	return kx_output(o->out, stub, A64WRAP);
}

int v2wrap_main(int argc, char **argv)
{
	unsigned char stub[V2WRAP_MAX], head[V2WRAP_HEAD];
	struct options o = { 0 };
	size_t size;

	(void)argc;
	parse_options(&o, argv);
	if (o.arm64)
		return arm64_stub(&o);
	/* Default byte order: the running CPU's, where that is a ppc64 one. */
	if (!o.order && kx_native.machine == EM_PPC64)
		o.order = kx_native.big_endian ? 'b' : 'l';
	if (!o.order)
		kx_usage("no byte order for this host: give -b (big-endian) or -l (little-endian)",
			 NULL);
	if (o.kfile)
		read_head(o.kfile, head);
	size = v2wrap_build(stub, o.order == 'b', o.kfile ? head : NULL, o.kernel);
	if (o.in_place && v2wrap_in_place(stub, o.order == 'b'))
		kx_die(KX_FAIL, "-R: no \"run0\" at 0x5c: not a relocatable kernel", o.kfile, 0);
	if (o.loud)
		verbose(size, o.order == 'b', o.kernel);
	return kx_output(o.out, stub, size);
}
