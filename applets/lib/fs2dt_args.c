/*
 * fs2dt's command line into the DTB core's configuration: what fs2dt runs,
 * and what kexec runs on the fs2dt command line it prints, so that the two
 * give the same blob. The README's fs2dt section says what each option does.
 */
#include <stdint.h>
#include <string.h>

#include "dtb.h"
#include "kxtool.h"

/*
 * The options, in the one place they are spelled (kx_getopt); -u, -U and
 * -e only where kexec plans a crash load (kxtool.h), unknown elsewhere.
 */
#if KX_PLANS
#define FS2DT_PLAN_OPTIONS "u(usable-memory):U(usable-range):e(elfcorehdr):"
#else
#define FS2DT_PLAN_OPTIONS ""
#endif
#define FS2DT_OPTIONS \
	"o(output):b(blob-addr):B(boot-cpu):c(cmdline):i(initrd):" \
	"r(reserve):s(set):d(delete):k(keep)" FS2DT_PLAN_OPTIONS

static void chosen_edit(struct fs2dt_opts *o, const char *prop, const void *value, size_t len)
{
	struct dtb_edit *e = &o->edits[o->cfg.n_edits++];

	e->path = "/chosen";
	e->prop = prop;
	e->value = value;
	e->len = len;
}

/* -s and -d; SPEC is copied, the messages quote it whole. */
static void edit(struct fs2dt_opts *o, int set, const char *spec)
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
static void initrd_edits(struct fs2dt_opts *o, const char *arg)
{
	unsigned char *cells = kx_xmalloc(16);

	kx_arg_range("-i", arg, &o->initrd.addr, &o->initrd.size);
	if (!o->initrd.size)
		kx_usage("-i: SIZE is 0", arg);
	o->have_initrd = 1;
	kx_set_uint(cells, 8, 1, o->initrd.addr);
	kx_set_uint(cells + 8, 8, 1, o->initrd.addr + o->initrd.size);
	chosen_edit(o, "linux,initrd-start", cells, 8);
	chosen_edit(o, "linux,initrd-end", cells + 8, 8);
}

/*
 * -u, -U and -e: memory a kernel may use, made into edits once the tree is
 * read (dtb_usable.c). They come with kexec (kxtool.h), for crash kernels.
 */
static void usable(struct fs2dt_opts *o, int c, const char *arg, const char *opt)
{
	struct dtb_usable_cfg *u = &o->usable;
	struct dtb_range *r;

	if (!o->ranges) {
		o->ranges = kx_xmalloc(2 * o->argc * sizeof(*r));
		u->usable = o->ranges;
		u->range = o->ranges + o->argc;
	}
	r = c == 'e' ? &u->core : c == 'u' ? &o->ranges[u->n_usable++] :
	    &o->ranges[o->argc + u->n_range++];
	kx_arg_range(opt, arg, &r->addr, &r->size);
	if (!r->size)
		kx_usage("SIZE is 0", arg);
	u->have_core |= c == 'e';
	o->cfg.usable = u;
}

/*
 * Every option but -k takes a value; options end at DIR or "--". Each
 * option makes at most two edits or one reserve: index 0 of the reserves
 * is kept for the initrd's.
 */
void fs2dt_parse(struct fs2dt_opts *o, int argc, char **argv)
{
	struct kx_getopt g = { .ind = 1 };
	size_t n_rsv = 1;
	uint64_t v;
	int c;

	o->argc = argc;
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
			break;
		default:	/* -u, -U, -e: kx_getopt has them only if KX_PLANS */
			if (KX_PLANS)
				usable(o, c, g.arg, g.opt);
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

