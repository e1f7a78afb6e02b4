/*
 * fs2dt: flatten a device-tree directory, as Linux shows it in
 * /proc/device-tree, into a DTB for the next kernel.
 *
 * The seed's README gives the command line (fs2dt -b ADDR DIR), the
 * README's fs2dt section the rest. Every rule about the tree is in the DTB
 * core (lib/dtb*.c), which also walks the directory; this file turns the
 * options into the core's configuration.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The options, in the one place they are spelled (kx_getopt). */
#define FS2DT_OPTIONS \
	"o(output):b(blob-addr):B(boot-cpu):c(cmdline):i(initrd):" \
	"r(reserve):s(set):d(delete):k(keep)"

struct options {
	const char *out, *dir;
	struct dtb_config cfg;
	struct dtb_edit *edits;
	struct dtb_range *reserves;
	int have_initrd;
	struct dtb_range initrd;
};

static void chosen_edit(struct options *o, const char *prop, const void *value, size_t len)
{
	struct dtb_edit *e = &o->edits[o->cfg.n_edits++];

	e->path = "/chosen";
	e->prop = prop;
	e->value = value;
	e->len = len;
}

/* -s and -d; SPEC is copied, the messages quote it whole. */
static void edit(struct options *o, int set, const char *spec)
{
	struct dtb_edit *e = &o->edits[o->cfg.n_edits++];
	size_t len = strlen(spec) + 1;
	char *copy = memcpy(kx_xmalloc(len), spec, len), *value;
	unsigned char *buf;

	if (dtb_parse_spec(copy, set, e, &value))
		kx_usage(set ? "-s: not PATH:PROP=VALUE" : "-d: not PATH or PATH:PROP (and not /)",
			 spec);
	if (!set)
		return;
	e->value = buf = kx_xmalloc(2 * len + 6);
	if (value && dtb_parse_value(value, buf, &e->len))
		kx_usage("-s: VALUE is not <cells>, [hex bytes], \"string\" or text", spec);
}

/* The kernel takes 4- or 8-byte values; 8 bytes never truncate an address. */
static void initrd_edits(struct options *o, const char *arg)
{
	unsigned char *cells = kx_xmalloc(16);
	int b;

	kx_arg_range("-i", arg, &o->initrd.addr, &o->initrd.size);
	if (!o->initrd.size)
		kx_usage("-i: SIZE is 0", arg);
	o->have_initrd = 1;
	for (b = 0; b < 8; b++) {
		cells[b] = o->initrd.addr >> (56 - 8 * b);
		cells[8 + b] = (o->initrd.addr + o->initrd.size) >> (56 - 8 * b);
	}
	chosen_edit(o, "linux,initrd-start", cells, 8);
	chosen_edit(o, "linux,initrd-end", cells + 8, 8);
}

/*
 * Every option but -k takes a value; options end at DIR or "--". Each
 * option makes at most two edits or one reserve: index 0 of the reserves
 * is kept for the initrd's.
 */
static void parse_options(struct options *o, int argc, char **argv)
{
	struct kx_getopt g = { .ind = 1 };
	size_t n_rsv = 1;
	uint64_t v;
	int c;

	o->edits = kx_xmalloc(2 * argc * sizeof(*o->edits));
	o->reserves = kx_xmalloc((argc + 1) * sizeof(*o->reserves));
	o->cfg.edits = o->edits;
	while ((c = kx_getopt(&g, argv, FS2DT_OPTIONS)) != -1) {
		switch (c) {
		case 'o':
			o->out = g.arg;
			break;
		case 'b':
			o->cfg.blob_addr = kx_arg_u64(g.opt, g.arg);
			o->cfg.have_blob_addr = 1;
			break;
		case 'B':
			v = kx_arg_u64(g.opt, g.arg);
			if (v > UINT32_MAX)
				kx_usage("-B: more than 32 bits", g.arg);
			o->cfg.cpuid = v;
			o->cfg.have_cpuid = 1;
			break;
		case 'c':
			chosen_edit(o, "bootargs", g.arg, strlen(g.arg) + 1);
			break;
		case 'i':
			initrd_edits(o, g.arg);
			break;
		case 'r':
			kx_arg_range(g.opt, g.arg, &o->reserves[n_rsv].addr, &o->reserves[n_rsv].size);
			if (!o->reserves[n_rsv++].size)
				kx_usage("-r: SIZE is 0", g.arg);
			break;
		case 's':
		case 'd':
			edit(o, c == 's', g.arg);
			break;
		case 'k':
			o->cfg.keep = 1;
		}
	}
	if (argv[g.ind] && argv[g.ind + 1])
		kx_usage("one DIR, after the options; extra argument", argv[g.ind + 1]);
	o->dir = argv[g.ind] ? argv[g.ind] : "/proc/device-tree";
	/* The new initrd comes first, then -r in the order given. */
	o->reserves[0] = o->initrd;
	o->cfg.reserves = o->reserves + !o->have_initrd;
	o->cfg.n_reserves = n_rsv - !o->have_initrd;
}

int fs2dt_main(int argc, char **argv)
{
	/*
	 * Nothing is freed: the process ends right after. Static, so what
	 * they point to stays reachable to the end and valgrind agrees.
	 */
	static struct options o;
	static unsigned char *blob;
	size_t len;

	parse_options(&o, argc, argv);
	dtb_from_dir(o.dir, &o.cfg, &blob, &len);
	return kx_output(o.out, blob, len);
}
