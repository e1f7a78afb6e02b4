/*
 * loadem: load kexec segments exactly where the command line says.
 *
 * The seed's README gives the command line: a small program of steps run
 * left to right (lib/loadem_args.c). The loader's core (lib/loadem.h)
 * reads the files, plans and checks every segment before the one
 * kexec_load call, and explains what the kernel answers; this file is
 * only the applet around it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kxtool.h"
#include "loadem.h"

const char loadem_usage[] =
	"[-npux] [-r PAGE] [-t ARCH] [-a ADDR [-f FILE|-s|-4|-z SIZE|-e|-c OFF]...]...\n\n"
	"Load kexec segments; steps run left to right: -a starts a segment,\n"
	"-f FILE, -s (stdin), -4 (pad to 4), -z SIZE (zeros) fill it, -e: the\n"
	"entry is here, -c OFF: its address into the previous segment, as the\n"
	"word ending at OFF. -r PAGE. -t ppc64|ppc64le|x86_64|aarch64|NUMBER.\n"
	"-p panic image  -n dry run  -u unload  -x kexec reboot\n";

int loadem_main(int argc, char **argv)
{
	/*
	 * Nothing is freed: the process ends right after. Static, so what
	 * they point to stays reachable to the end and LeakSanitizer agrees.
	 */
	static struct loadem_opts o;
	static struct plan p;
	int rc = KX_OK;

	memset(&o, 0, sizeof(o));
	o.step = calloc(argc, sizeof(*o.step));
	if (!o.step)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	o.page = getpagesize();
	o.word = kx_native.word;
	o.big_endian = kx_native.big_endian;
	if (loadem_parse(argc, argv, &o))
		kx_usage(o.bad, o.bad_arg);
	if (o.unload)
		return loadem_unload(&o);
	if (o.nstep) {
		loadem_read_inputs(&o);
		loadem_plan(&o, &p);
		if (o.dry)
			loadem_print_plan(STDOUT_FILENO, &o, &p);
		else
			rc = loadem_load(&o, &p);
	}
	/* Never after a failed load: the old image would boot instead. */
	if (o.reboot && rc == KX_OK)
		rc = loadem_reboot(&o);
	return rc;
}
