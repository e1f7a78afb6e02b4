/*
 * corehdr: write the ELF core header a crash kernel's /proc/vmcore is
 * made from, for elfcorehdr= (fs/proc/vmcore.c checks it). The explicit
 * step of a kdump load, like fs2dt's tree: lib/corehdr_make.c reads what
 * the running kernel shows, lib/corehdr.c builds the header whole.
 */
#include "corehdr.h"
#include "kxtool.h"

const char corehdr_usage[] =
	"[-c BASE,SIZE] [-b ADDR] [-m|-k|-n ADDR,SIZE]... [-P OFFSET] [-o FILE]\n\n"
	"Write the ELF core header of this kernel's memory for a crash kernel.\n"
	"-c BASE,SIZE  the crash region (default: /proc/iomem's Crash kernel)\n"
	"-b ADDR       where the first 64 KiB were saved (ppc64: v2wrap -S)\n"
	"-m ADDR,SIZE  a RAM range to dump (default: /proc/iomem's System RAM)\n"
	"-k ADDR,SIZE  a range inside the crash region to dump all the same\n"
	"              (default, ppc64: RTAS, from /proc/device-tree/rtas)\n"
	"-n ADDR,SIZE  a note (default: each CPU's crash_notes, then VMCOREINFO)\n"
	"-P OFFSET     p_vaddr minus p_paddr (default: the kernel's linear map)\n"
	"-o FILE       write FILE (whole or not at all) instead of stdout\n";

int corehdr_main(int argc, char **argv)
{
	unsigned char *hdr;
	const char *out;
	size_t len;

	(void)argc;
	len = corehdr_make(argv, &hdr, &out);
	return kx_output(out, hdr, len);
}
