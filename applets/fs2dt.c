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
#if KX_PLANS
	"[OPTIONS] [DIR|DTB]\n"
	"DIR (default /proc/device-tree), or a DTB file, as a DTB on stdout;\n"
#else
	"[OPTIONS] [DIR]\n"
	"DIR (default /proc/device-tree) as a DTB on stdout;\n"
#endif
	"the old kernel's /chosen properties dropped unless -k.\n"
	"-o FILE       -b ADDR  the blob's address   -B ID  boot_cpuid_phys\n"
	"-c TEXT  bootargs   -i ADDR,SIZE  initrd   -r ADDR,SIZE  reserve\n"
	"-s PATH:PROP[=<cells>|[bytes]|text]   -d PATH[:PROP]   -k keep all\n"
#if KX_PLANS
	"-u|-U ADDR,SIZE  usable memory (nodes|/chosen)  -e ADDR,SIZE  elfcorehdr\n"
#endif
	;

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
