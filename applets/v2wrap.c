/*
 * v2wrap: write the ppc64 trampoline that starts a Linux kernel from kexec.
 *
 * The seed's README (v2wrap) and the contract in the header comment of
 * arch/ppc64/v2wrap.S; lib/v2wrap_build.c copies and patches the stubs.
 */

#include "kxtool.h"
#include "v2wrap.h"

const char v2wrap_usage[] =
#if KX_PLANS
	"[-A arm64] [-b|-l] [-k ADDR] [-K|-R KERNEL] [-S ADDR] [-v] [-o FILE]\n\n"
#else
	"[-A arm64] [-b|-l] [-k ADDR] [-K|-R KERNEL] [-v] [-o FILE]\n\n"
#endif
	"Write the ppc64 (or arm64) kexec trampoline, loaded at the entry point.\n"
	"-b|-l    byte order     -k ADDR  the kernel's address\n"
#if KX_PLANS
	"-K FILE  race-free, with the kernel's first bytes (an ELF's PT_LOAD)\n"
	"-R FILE  as -K, the kernel run where loaded   -S ADDR  with -R: save\n"
	"         0..0xffff to ADDR (crash kernel)\n"
#else
	"-K FILE  race-free, with the kernel's first bytes (as loaded)\n"
	"-R FILE  as -K, the kernel run where loaded\n"
#endif
	"-v       the layout, and its fs2dt -b and loadem -c offsets\n";

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
