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
	"Write the ELF core header for a crash kernel (elfcorehdr=).\n"
	"-c  the crash region   -b  where v2wrap -S saved 0..0xffff\n"
	"-m  RAM to dump   -k  a range in the crash region to dump too (RTAS)\n"
	"-n  a note   -P  p_vaddr - p_paddr\n"
	"Defaults: /proc/iomem, /proc/device-tree, sysfs crash notes.\n";

int corehdr_main(int argc, char **argv)
{
	unsigned char *hdr;
	const char *out;
	size_t len;

	(void)argc;
	/*
	 * Where kexec does not plan kexec_load (x86_64), a crash kernel goes
	 * through kexec_file_load, and the kernel writes the header itself.
	 */
	if (!KX_PLANS)
		kx_die(KX_FAIL, "not on this machine: kexec -p hands the crash kernel to "
		       "kexec_file_load, and the running kernel writes the header", NULL, 0);
	len = corehdr_make(argv, &hdr, &out);
	return kx_output(out, hdr, len);
}
