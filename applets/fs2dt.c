/*
 * fs2dt: flatten a device-tree directory, as Linux shows it in
 * /proc/device-tree, into a DTB for the next kernel.
 *
 * The seed's README gives the command line (fs2dt -b ADDR DIR), the
 * README's fs2dt section the rest. Every rule about the tree is in the DTB
 * core (lib/dtb*.c), which also walks the directory or reads the blob;
 * lib/fs2dt_args.c turns the options into the core's configuration.
 */
#include <string.h>

#include "dtb.h"
#include "kxtool.h"

/* The README's fs2dt section has the details; this is the reminder. */
const char fs2dt_usage[] =
	"[OPTIONS] [DIR]\n"
	"DIR (default /proc/device-tree) as a DTB on stdout; drops the old\n"
	"kernel's /chosen properties unless -k. Numbers: 0x-hex or decimal.\n"
	"-o FILE          --output FILE\n"
	"-b ADDR          --blob-addr: reserve the blob at ADDR\n"
	"-B ID            --boot-cpu: boot_cpuid_phys\n"
	"-c TEXT          --cmdline: /chosen/bootargs\n"
	"-i ADDR,SIZE     --initrd: /chosen/linux,initrd-*, reserved\n"
	"-r ADDR,SIZE     --reserve: a reserve map entry\n"
	"-s PATH:PROP[=V] --set: V <cells>, [bytes], \"text\" or text\n"
	"-d PATH[:PROP]   --delete\n"
	"-k               --keep everything\n";

int fs2dt_main(int argc, char **argv)
{
	/*
	 * Nothing is freed: the process ends right after. Static, so what
	 * they point to stays reachable to the end and valgrind agrees.
	 */
	static struct fs2dt_opts o;
	static unsigned char *blob;
	size_t len;

	fs2dt_parse(&o, argc, argv);
	dtb_from_path(o.dir, &o.cfg, &blob, &len);
	return kx_output(o.out, blob, len);
}
