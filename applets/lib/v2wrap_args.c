/*
 * v2wrap's command line into a stub: what v2wrap runs, and what kexec runs
 * on the v2wrap command line it prints, so that the two give the same
 * bytes. The stubs themselves are built by v2wrap_build.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "image.h"
#include "kxtool.h"
#include "v2wrap.h"

/*
 * The first V2WRAP_HEAD bytes of the kernel as it is loaded: of the file,
 * or of an ELF vmlinux the first bytes of its lowest PT_LOAD (the ELF
 * header itself would send the secondaries to garbage at 0x60).
 */
static void read_head(const char *path, unsigned char head[V2WRAP_HEAD])
{
	struct image img;
	unsigned char *p;
	uint64_t len;
	int fd = kx_open(path, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		kx_die(KX_FAIL, "cannot open", path, errno);
	p = kx_file_bytes(fd, path, &len);
	kx_close(fd);
	if (len >= 4 && !memcmp(p, "\177ELF", 4)) {
		if (!KX_PLANS)
			kx_die(KX_FAIL, "an ELF file, not the image as loaded (objcopy -O binary)",
			       path, 0);
		if ((r = image_read(p, len, &img)))
			kx_die(KX_FAIL, image_strerror(r), path, 0);
		if (img.machine != EM_PPC64)
			kx_die(KX_FAIL, "an ELF file, but not for ppc64", path, 0);
		len = img.load[0].len;
		p += img.load[0].off;
	}
	if (len < V2WRAP_HEAD)
		kx_die(KX_FAIL, "shorter than 256 bytes, not a kernel image", path, 0);
	memcpy(head, p, V2WRAP_HEAD);
}

static void parse_options(struct v2wrap_opts *o, char **argv)
{
	struct kx_getopt g = { .ind = 1 };
	int c;

	while ((c = kx_getopt(&g, argv, KX_PLANS ? "A:blk:K:R:S:vo:" : "A:blk:K:R:vo:")) != -1) {
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
		case 'S':	/* kx_getopt has it only if KX_PLANS */
			if (!KX_PLANS)
				break;
			o->save = kx_arg_u64(g.opt, g.arg);
			/* The stub copies doublewords; the kernel takes whole pages. */
			if (!o->save || o->save & 0xffff)
				kx_usage("-S: not a 64 KiB-aligned address", g.arg);
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

static size_t arm64_stub(const struct v2wrap_opts *o, unsigned char *stub)
{
	if (o->order == 'b' || o->kfile || o->save)
		kx_usage(o->kfile || o->save ? KX_PLANS ? "-K, -R and -S are ppc64's, not for -A arm64" :
			 "-K and -R are ppc64's, not for -A arm64" :
			 "-A arm64: the stub is little-endian only", NULL);
	/* booting.rst: the Image sits at a 2 MiB-aligned base. */
	if (o->kernel & 0x1fffff)
		kx_usage("-k: an arm64 Image must be 2 MiB aligned", o->karg);
	return a64wrap_build(stub, o->kernel);
}

size_t v2wrap_make(char **argv, struct v2wrap_opts *o, unsigned char stub[V2WRAP_MAX])
{
	unsigned char head[V2WRAP_HEAD];
	size_t size;

	memset(o, 0, sizeof(*o));
	parse_options(o, argv);
	if (o->arm64)
		return arm64_stub(o, stub);
	/* Default byte order: the running CPU's, where that is a ppc64 one. */
	if (!o->order && kx_native.machine == EM_PPC64)
		o->order = kx_native.big_endian ? 'b' : 'l';
	if (!o->order)
		kx_usage("no byte order for this host: give -b (big-endian) or -l (little-endian)",
			 NULL);
	if (o->kfile)
		read_head(o->kfile, head);
	size = v2wrap_build(stub, o->order == 'b', o->kfile ? head : NULL, o->kernel);
	if (o->in_place && v2wrap_in_place(stub, o->order == 'b'))
		kx_die(KX_FAIL, "-R: no \"run0\" at 0x5c: not a relocatable kernel", o->kfile, 0);
	/* Only a kernel run where it is loaded leaves the saved copy alone. */
	if (!KX_PLANS)
		return size;
	if (o->save && !o->in_place)
		kx_usage("-S ADDR is for a crash kernel, which runs where it is loaded: give -R", NULL);
	if (o->save)
		v2wrap_save(stub, o->order == 'b', o->save);
	return size;
}
