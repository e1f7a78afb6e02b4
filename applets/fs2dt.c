/*
 * fs2dt: flatten a device-tree directory, as Linux shows it in
 * /proc/device-tree, into a DTB for the next kernel.
 * Spec: issue 3 and README "fs2dt"; the 2005 IBM README for the command line
 * (fs2dt -b ADDR DIR). Every rule about the tree is in dtb.c; this file only
 * walks directories and reads files into the places dtb.c gives it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtb.h"
#include "kxtool.h"

const char fs2dt_usage[] =
	"[OPTIONS] [DIR]\n"
	"Flatten the device-tree directory DIR (default /proc/device-tree) into a\n"
	"DTB on stdout. Properties the running kernel made for itself are dropped.\n\n"
	"  -o, --output FILE         write FILE instead, whole or not at all\n"
	"  -b, --blob-addr ADDR      the blob will be loaded at ADDR: reserve it\n"
	"  -B, --boot-cpu ID         boot_cpuid_phys (default: reg of the first cpu)\n"
	"  -c, --cmdline TEXT        set /chosen/bootargs\n"
	"  -i, --initrd ADDR,SIZE    set /chosen/linux,initrd-start and -end; reserve it\n"
	"  -r, --reserve ADDR,SIZE   add a reserve map entry (repeatable)\n"
	"  -s, --set PATH:PROP=VAL   set a property; VAL is <cells>, [hex bytes],\n"
	"                            \"string\" or plain text; PATH:PROP alone: empty\n"
	"  -d, --delete PATH[:PROP]  delete a node or a property\n"
	"  -k, --keep                keep everything, even the old kernel's /chosen\n"
	"Edits apply in order; -s creates missing nodes. Numbers: 0x-hex or decimal.\n";

/*
 * Long options, as "letter name": getopt_long would cost 1.5 KB of the
 * binary's 32 KiB budget, so short_options() rewrites them for getopt.
 */
static const char long_names[] =
	"ooutput\0" "bblob-addr\0" "Bboot-cpu\0" "ccmdline\0" "iinitrd\0"
	"rreserve\0" "sset\0" "ddelete\0" "kkeep\0";

struct walker {
	struct dtb dtb;
	char *path;		/* DIR and the entry being read, for messages */
	size_t dir_len;		/* strlen(DIR) */
};

/* Put "/NAME" after the first PLEN bytes of the path; the new length. */
static size_t path_set(struct walker *w, size_t plen, const char *name)
{
	size_t n = strlen(name);

	/* Relative to DIR a path stays below PATH_MAX, a documented limit. */
	if (plen - w->dir_len + 1 + n >= PATH_MAX) {
		w->path[plen] = 0;
		kx_die(KX_FAIL, "path too long (4095 bytes below DIR) under", w->path, 0);
	}
	w->path[plen] = '/';
	memcpy(w->path + plen + 1, name, n + 1);
	return plen + 1 + n;
}

static _Noreturn void dtb_die(int r, const char *path)
{
	kx_die(KX_FAIL, dtb_strerror(r), path, 0);
}

struct reader {
	int fd;
	int err;	/* errno of a failed read; 0 when the size changed */
};

/*
 * Read exactly LEN bytes, the size fstat gave. A file that ends early, or
 * has more (checked by reading one byte past the end), changed while read:
 * a DTB holding half of an old value and half of a new one boots wrong.
 */
static int read_value(void *ctx, unsigned char *dst, size_t len)
{
	struct reader *rd = ctx;
	unsigned char past;
	size_t got = 0;
	ssize_t r;

	for (;;) {
		r = read(rd->fd, got < len ? dst + got : &past, got < len ? len - got : 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rd->err = errno;
			return -1;
		}
		if (r == 0 || got == len)
			return r == 0 && got == len ? 0 : -1;
		got += r;
	}
}

static void add_file(struct walker *w, int dfd, const char *name)
{
	struct reader rd = { -1, 0 };
	struct stat st;
	int r;

	if (!dtb_wants_prop(&w->dtb, name))
		return;
	/* O_NONBLOCK: if the file became a FIFO since readdir, do not hang on it. */
	rd.fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (rd.fd < 0)
		kx_die(KX_FAIL, "cannot open", w->path, errno);
	if (fstat(rd.fd, &st))
		kx_die(KX_FAIL, "cannot stat", w->path, errno);
	if (!S_ISREG(st.st_mode))
		kx_die(KX_FAIL, "changed while read: no longer a regular file", w->path, 0);
	r = dtb_prop(&w->dtb, name, st.st_size, read_value, &rd);
	if (r == DTB_EFILL)
		kx_die(KX_FAIL, rd.err ? "cannot read" : "changed size while read",
		       w->path, rd.err);
	if (r)
		dtb_die(r, w->path);
	close(rd.fd);
}

static unsigned char entry_type(struct walker *w, DIR *dir, const struct dirent *de)
{
	struct stat st;

	if (de->d_type != DT_UNKNOWN)
		return de->d_type;
	if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW))
		kx_die(KX_FAIL, "cannot stat", w->path, errno);
	return S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_UNKNOWN;
}

/*
 * The names in DIR as "type byte, name, NUL" in NAMES; returns an array of
 * pointers to them: *FILES files (properties) first, then the directories
 * (nodes), each part sorted. Symlinks and special files are skipped without
 * being opened: a FIFO would block, a device could have effects.
 */
static char **list_dir(struct walker *w, DIR *dir, size_t plen, struct kx_buf *names,
		       size_t *n, size_t *files)
{
	struct dirent *de;
	unsigned char type;
	size_t at, dirs;
	char **list, *name;

	for (*n = 0;; ++*n) {
		errno = 0;
		de = readdir(dir);
		if (!de && errno) {
			w->path[plen] = 0;
			kx_die(KX_FAIL, "cannot read directory", w->path, errno);
		}
		if (!de)
			break;
		if (de->d_name[0] == '.' && (!de->d_name[1] ||
		    (de->d_name[1] == '.' && !de->d_name[2]))) {
			--*n;
			continue;
		}
		path_set(w, plen, de->d_name);
		type = entry_type(w, dir, de);
		if (type != DT_REG && type != DT_DIR) {
			kx_warn("skipped, not a file or directory", w->path, 0);
			--*n;
			continue;
		}
		if (kx_buf_append(names, &type, 1) ||
		    kx_buf_append(names, de->d_name, strlen(de->d_name) + 1))
			kx_die(KX_FAIL, "out of memory", w->path, ENOMEM);
	}
	list = malloc((*n ? *n : 1) * sizeof(*list));
	if (!list)
		kx_die(KX_FAIL, "out of memory", w->path, ENOMEM);
	*files = dirs = 0;
	for (at = 0; at < names->len; at += strlen(name) + 2) {
		name = (char *)names->data + at + 1;
		if (name[-1] == DT_REG)
			list[(*files)++] = name;
		else
			list[*n - ++dirs] = name;
	}
	dtb_sort(list, *files);
	dtb_sort(list + *files, dirs);
	return list;
}

/* One node: DFD is its directory, the first PLEN bytes of w->path its path. */
static size_t walk(struct walker *w, int dfd, size_t plen)
{
	struct kx_buf names = { 0 };
	DIR *dir = fdopendir(dfd);
	size_t n, files, i, sub;
	char **list;
	int fd, r;

	w->path[plen] = 0;
	if (!dir)
		kx_die(KX_FAIL, "cannot read directory", w->path, errno);
	list = list_dir(w, dir, plen, &names, &n, &files);
	for (i = 0; i < n; i++) {
		sub = path_set(w, plen, list[i]);
		if (i < files) {
			add_file(w, dfd, list[i]);
			continue;
		}
		r = dtb_begin_node(&w->dtb, list[i]);
		if (r == DTB_SKIP)
			continue;
		if (r)
			dtb_die(r, w->path);
		fd = openat(dfd, list[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			kx_die(KX_FAIL, "cannot open directory", w->path, errno);
		walk(w, fd, sub);
		r = dtb_end_node(&w->dtb);
		if (r)
			dtb_die(r, w->path);
	}
	closedir(dir);
	free(list);
	kx_buf_free(&names);
	return n;
}

struct options {
	const char *out, *dir;
	struct dtb_config cfg;
	struct dtb_edit *edits;
	struct dtb_range *reserves;
	int have_initrd;
	struct dtb_range initrd;
};

static struct dtb_edit *new_edit(struct options *o)
{
	return &o->edits[o->cfg.n_edits++];
}

static void set_edit(struct options *o, const char *spec)
{
	char *copy = strdup(spec), *value;
	struct dtb_edit *e = new_edit(o);
	unsigned char *buf;

	if (!copy)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	if (dtb_parse_spec(copy, 1, e, &value))
		kx_usage("-s: not PATH:PROP=VALUE", spec);
	e->value = "";
	if (!value)
		return;
	buf = malloc(2 * strlen(value) + 8);
	if (!buf)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	if (dtb_parse_value(value, buf, &e->len))
		kx_usage("-s: VALUE is not <cells>, [hex bytes], \"string\" or text", spec);
	e->value = buf;
}

static void chosen_edit(struct options *o, const char *prop, const void *value, size_t len)
{
	struct dtb_edit *e = new_edit(o);

	e->path = "/chosen";
	e->prop = prop;
	e->value = value;
	e->len = len;
}

/* The kernel takes 4- or 8-byte values; 8 bytes never truncate an address. */
static void initrd_edits(struct options *o, const char *arg)
{
	unsigned char *cells = malloc(16);
	uint64_t v[2];
	int i, b;

	if (!cells)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	kx_arg_range("-i", arg, &o->initrd.addr, &o->initrd.size);
	if (!o->initrd.size)
		kx_usage("-i: SIZE is 0", arg);
	o->have_initrd = 1;
	v[0] = o->initrd.addr;
	v[1] = o->initrd.addr + o->initrd.size;
	for (i = 0; i < 2; i++)
		for (b = 0; b < 8; b++)
			cells[i * 8 + b] = v[i] >> (56 - 8 * b);
	chosen_edit(o, "linux,initrd-start", cells, 8);
	chosen_edit(o, "linux,initrd-end", cells + 8, 8);
}

/*
 * Rewrite --name and --name=VALUE into -x and -x VALUE, in a new vector
 * (getopt's format); arguments that are option values are copied as they
 * are. Every option but -k takes a value.
 */
static char **short_options(int *argc, char **argv)
{
	char **v = malloc((2 * *argc + 1) * sizeof(*v)), *a, *eq, *s;
	const char *p;
	int i, n = 0;

	if (!v)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	for (i = 0; i < *argc; i++) {
		a = v[n++] = argv[i];
		if (!i || a[0] != '-' || !a[1])
			continue;
		if (a[1] == '-' && !a[2])
			break;
		if (a[1] != '-') {
			for (s = a + 1; *s == 'k'; s++)
				;
			if (*s && !s[1] && i + 1 < *argc)
				v[n++] = argv[++i];
			continue;
		}
		eq = strchr(a, '=');
		if (eq)
			*eq = 0;
		for (p = long_names; *p && strcmp(p + 1, a + 2); p += strlen(p) + 1)
			;
		if (!*p)
			kx_usage("unknown option", a);
		a[1] = *p;
		a[2] = 0;
		if (eq)
			v[n++] = eq + 1;
		else if (*p != 'k' && i + 1 < *argc)
			v[n++] = argv[++i];
	}
	while (++i < *argc)
		v[n++] = argv[i];
	v[n] = NULL;
	*argc = n;
	return v;
}

static void parse_options(struct options *o, int argc, char **argv)
{
	struct dtb_edit *e;
	char *copy, *value;
	uint64_t v;
	size_t n_rsv = 1;
	int c;

	argv = short_options(&argc, argv);
	/* At most two edits and a reserve per argument; index 0 keeps the initrd's. */
	o->edits = calloc(2 * argc + 1, sizeof(*o->edits));
	o->reserves = calloc(argc + 1, sizeof(*o->reserves));
	if (!o->edits || !o->reserves)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	o->cfg.edits = o->edits;
	o->cfg.reserves = o->reserves;
	opterr = 0;
	/* '+': options end at DIR with every libc, not only with musl. */
	while ((c = getopt(argc, argv, "+:o:b:B:c:i:r:s:d:k")) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'b':
			o->cfg.blob_addr = kx_arg_u64("-b", optarg);
			o->cfg.have_blob_addr = 1;
			break;
		case 'B':
			v = kx_arg_u64("-B", optarg);
			if (v > UINT32_MAX)
				kx_usage("-B: more than 32 bits", optarg);
			o->cfg.cpuid = v;
			o->cfg.have_cpuid = 1;
			break;
		case 'c':
			chosen_edit(o, "bootargs", optarg, strlen(optarg) + 1);
			break;
		case 'i':
			initrd_edits(o, optarg);
			break;
		case 'r':
			kx_arg_range("-r", optarg, &o->reserves[n_rsv].addr, &o->reserves[n_rsv].size);
			if (!o->reserves[n_rsv++].size)
				kx_usage("-r: SIZE is 0", optarg);
			break;
		case 's':
			set_edit(o, optarg);
			break;
		case 'd':
			copy = strdup(optarg);
			e = new_edit(o);
			if (!copy || dtb_parse_spec(copy, 0, e, &value))
				kx_usage("-d: not PATH or PATH:PROP (and not /)", optarg);
			break;
		case 'k':
			o->cfg.keep = 1;
			break;
		case ':':
			kx_usage("missing value for", argv[optind - 1]);
		default:
			kx_usage("unknown option", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		kx_usage("one DIR, after the options; extra argument", argv[optind + 1]);
	o->dir = optind < argc ? argv[optind] : "/proc/device-tree";
	/* The new initrd comes first, then -r in the order given. */
	o->reserves[0] = o->initrd;
	o->cfg.reserves = o->reserves + !o->have_initrd;
	o->cfg.n_reserves = n_rsv - !o->have_initrd;
}

int fs2dt_main(int argc, char **argv)
{
	struct options o = { 0 };
	struct walker w;
	unsigned char *blob;
	size_t len;
	int fd, r;

	parse_options(&o, argc, argv);
	w.dir_len = strlen(o.dir);
	/* Messages show DIR/a/b, so a DIR ending in '/' loses it. */
	while (w.dir_len > 1 && o.dir[w.dir_len - 1] == '/')
		w.dir_len--;
	w.path = malloc(w.dir_len + PATH_MAX + 1);
	if (!w.path)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	memcpy(w.path, o.dir, w.dir_len);
	w.path[w.dir_len] = 0;
	r = dtb_init(&w.dtb, &o.cfg);
	if (r)
		kx_usage(dtb_strerror(r), "in -s or -d");
	/* DIR itself may be a symlink, as /proc/device-tree is. */
	fd = open(o.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		kx_die(KX_FAIL, "cannot open directory", o.dir, errno);
	if ((r = dtb_begin_node(&w.dtb, "")))
		dtb_die(r, o.dir);
	if (!walk(&w, fd, w.dir_len))
		kx_die(KX_FAIL, "empty directory, not a device tree", o.dir, 0);
	w.path[w.dir_len] = 0;
	if ((r = dtb_end_node(&w.dtb)) || (r = dtb_finish(&w.dtb, &blob, &len)))
		dtb_die(r, w.path);
	return kx_output(o.out, blob, len);
}
