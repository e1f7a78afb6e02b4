/*
 * v2wrap: write the ppc64 trampoline that starts a Linux kernel from kexec.
 *
 * The seed's README (v2wrap) and the contract in the header comment of
 * arch/ppc64/v2wrap.S; lib/v2wrap_build.c copies and patches the stubs.
 */

#include "kxtool.h"
#include "v2wrap.h"

const char v2wrap_usage[] =
	"[-A ARCH] [-b|-l] [-k ADDR] [-K|-R KERNEL_FILE] [-S ADDR] [-v] [-o FILE]\n\n"
	"Write the ppc64 kexec trampoline, to load at ENTRY (the entry point).\n"
	"-A ARCH  ppc64 (default) or arm64: its stub, little-endian only\n"
	"-b, -l   big- or little-endian (default: this CPU's, on ppc64 only)\n"
	"-k ADDR  the kernel's address, into the stub's slot\n"
	"-K FILE  race-free layout, carrying the first 256 bytes of the kernel\n"
	"         as loaded: FILE's, or an ELF vmlinux's first PT_LOAD's\n"
	"-R FILE  as -K, and the kernel runs where it is loaded, not at 0\n"
	"-S ADDR  with -R: first copy physical 0..0xffff to ADDR (crash kernel)\n"
	"-v       say the layout and offsets   -o FILE  write to FILE\n"
	"layout     size   device tree           kernel slot\n"
	"classic    0x100  fs2dt -b ENTRY+0x100  loadem -c 0x100\n"
	"race-free  0x200  fs2dt -b ENTRY+0x200  loadem -c 0x200\n"
	"arm64      0x40   fs2dt -b ENTRY+0x40   loadem -c 0x40\n";

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
	unsigned char stub[V2WRAP_MAX];
	struct v2wrap_opts o;
	size_t size;

	(void)argc;
	size = v2wrap_make(argv, &o, stub);
	if (o.loud)
		verbose(size, o.order == 'b', o.kernel);
	return kx_output(o.out, stub, size);
}
