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
#include <sys/syscall.h>
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

/* Long options as "letter name": getopt_long would cost 1.5 KB of libc. */
static const char long_names[] KX_UNALIGNED =
	"ooutput\0" "bblob-addr\0" "Bboot-cpu\0" "ccmdline\0" "iinitrd\0"
	"rreserve\0" "sset\0" "ddelete\0" "kkeep\0";

struct walker {
	struct dtb dtb;
	char *path;		/* DIR and the entry being read, for messages */
	size_t dir_len;		/* strlen(DIR) */
	struct kx_buf small;	/* a file whose size stat does not tell */
	uint64_t dents[4096];	/* getdents64 records, one directory at a time */
};

/*
 * getdents64's record. readdir() would bring 600 bytes of DIR handling into
 * a binary with a 32 KiB budget, and musl's 2 KiB DIR buffer means more
 * system calls on directories of thousands of cpu nodes.
 */
struct dirent64_rec {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
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

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	return p;
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
	ssize_t r = kx_read_full(rd->fd, dst, len);

	if (r >= 0 && (size_t)r == len && !(r = kx_read_full(rd->fd, &past, 1)))
		return 0;
	if (r < 0)
		rd->err = errno;
	return -1;
}

static int copy_value(void *ctx, unsigned char *dst, size_t len)
{
	memcpy(dst, ((struct kx_buf *)ctx)->data, len);
	return 0;
}

static void add_file(struct walker *w, int dfd, const char *name)
{
	struct reader rd = { -1, 0 };
	struct stat st;
	int r;

	if (!dtb_wants_prop(&w->dtb, name))
		return;
	/* O_NONBLOCK: if the file became a FIFO since readdir, do not hang on it. */
	rd.fd = kx_openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (rd.fd < 0)
		kx_die(KX_FAIL, "cannot open", w->path, errno);
	if (kx_fstat(rd.fd, &st))
		kx_die(KX_FAIL, "cannot stat", w->path, errno);
	if (!S_ISREG(st.st_mode))
		kx_die(KX_FAIL, "changed while read: no longer a regular file", w->path, 0);
	/* Before the size can be cut short by a 32-bit size_t. */
	if ((uint64_t)st.st_size > UINT32_MAX)
		dtb_die(DTB_ETOOBIG, w->path);
	if (st.st_size) {
		r = dtb_prop(&w->dtb, name, st.st_size, read_value, &rd);
	} else {
		/*
		 * Linux shows security-* properties (firmware passwords) with
		 * size 0 so as not to leak their length (drivers/of/kobj.c),
		 * and procfs shows every file so: read it to the end. These
		 * are small, and the only values held twice.
		 */
		w->small.len = 0;
		if (kx_read_all(rd.fd, &w->small))
			kx_die(KX_FAIL, "cannot read", w->path, errno);
		r = dtb_prop(&w->dtb, name, w->small.len, copy_value, &w->small);
	}
	if (r == DTB_EFILL)
		kx_die(KX_FAIL, rd.err ? "cannot read" : "changed size while read",
		       w->path, rd.err);
	if (r)
		dtb_die(r, w->path);
	kx_close(rd.fd);
}

static unsigned char entry_type(struct walker *w, int dfd, const struct dirent64_rec *de)
{
	struct stat st;

	if (de->type != DT_UNKNOWN)
		return de->type;
	if (kx_fstatat(dfd, de->name, &st, AT_SYMLINK_NOFOLLOW))
		kx_die(KX_FAIL, "cannot stat", w->path, errno);
	return S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_UNKNOWN;
}

static int is_dot(const char *s)
{
	return s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2]));
}

/*
 * The names in directory DFD as "type byte, name, NUL" in NAMES; returns an
 * array of pointers to them: *FILES files (properties) first, then the
 * directories (nodes), each part sorted. Symlinks and special files are
 * skipped without being opened: a FIFO would block, a device could act.
 */
static char **list_dir(struct walker *w, int dfd, size_t plen, struct kx_buf *names,
		       size_t *n, size_t *files)
{
	struct dirent64_rec *de;
	unsigned char type;
	size_t at, dirs;
	char **list, *name;
	long got, i;

	*n = 0;
	while ((got = syscall(SYS_getdents64, dfd, w->dents, sizeof(w->dents)))) {
		if (got < 0) {
			w->path[plen] = 0;
			kx_die(KX_FAIL, "cannot read directory", w->path, errno);
		}
		for (i = 0; i < got; i += de->reclen) {
			de = (struct dirent64_rec *)((char *)w->dents + i);
			if (is_dot(de->name))
				continue;
			path_set(w, plen, de->name);
			type = entry_type(w, dfd, de);
			if (type != DT_REG && type != DT_DIR) {
				kx_warn("skipped, not a file or directory", w->path, 0);
				continue;
			}
			if (kx_buf_append(names, &type, 1) ||
			    kx_buf_append(names, de->name, strlen(de->name) + 1))
				kx_die(KX_FAIL, "out of memory", w->path, ENOMEM);
			++*n;
		}
	}
	list = xmalloc((*n ? *n : 1) * sizeof(*list));
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
	size_t n, files, i, sub;
	char **list;
	int fd, r;

	list = list_dir(w, dfd, plen, &names, &n, &files);
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
		fd = kx_openat(dfd, list[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			kx_die(KX_FAIL, "cannot open directory", w->path, errno);
		walk(w, fd, sub);
		r = dtb_end_node(&w->dtb);
		if (r)
			dtb_die(r, w->path);
	}
	kx_close(dfd);
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
	char *copy = memcpy(xmalloc(len), spec, len), *value;
	unsigned char *buf;

	if (dtb_parse_spec(copy, set, e, &value))
		kx_usage(set ? "-s: not PATH:PROP=VALUE" : "-d: not PATH or PATH:PROP (and not /)",
			 spec);
	if (!set)
		return;
	e->value = buf = xmalloc(2 * len + 6);
	if (value && dtb_parse_value(value, buf, &e->len))
		kx_usage("-s: VALUE is not <cells>, [hex bytes], \"string\" or text", spec);
}

/* The kernel takes 4- or 8-byte values; 8 bytes never truncate an address. */
static void initrd_edits(struct options *o, const char *arg)
{
	unsigned char *cells = xmalloc(16);
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
 * -x VALUE, -xVALUE, --name VALUE, --name=VALUE; options end at DIR or
 * "--". Every option but -k takes a value.
 */
static void parse_options(struct options *o, int argc, char **argv)
{
	size_t n_rsv = 1;
	char *a, *val;
	const char *p;
	uint64_t v;
	int i;

	/* At most two edits and a reserve per argument; index 0 keeps the initrd's. */
	o->edits = xmalloc(2 * argc * sizeof(*o->edits));
	o->reserves = xmalloc((argc + 1) * sizeof(*o->reserves));
	o->cfg.edits = o->edits;
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		a = argv[i];
		val = NULL;
		p = a + 1;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[1] == '-') {
			if ((val = kx_strchr(a, '=')))
				*val++ = 0;
			for (p = long_names; *p && strcmp(p + 1, a + 2); p += strlen(p) + 1)
				;
		} else if (a[2]) {
			val = a + 2;
		}
		if (!*p || !kx_strchr("obBcirsdk", *p))
			kx_usage("unknown option", a);
		if (*p != 'k' && !val && (val = argv[++i]) == NULL)
			kx_usage("missing value for", a);
		if (*p == 'k' && val)
			kx_usage("-k takes no value", a);
		switch (*p) {
		case 'o':
			o->out = val;
			break;
		case 'b':
			o->cfg.blob_addr = kx_arg_u64("-b", val);
			o->cfg.have_blob_addr = 1;
			break;
		case 'B':
			v = kx_arg_u64("-B", val);
			if (v > UINT32_MAX)
				kx_usage("-B: more than 32 bits", val);
			o->cfg.cpuid = v;
			o->cfg.have_cpuid = 1;
			break;
		case 'c':
			chosen_edit(o, "bootargs", val, strlen(val) + 1);
			break;
		case 'i':
			initrd_edits(o, val);
			break;
		case 'r':
			kx_arg_range("-r", val, &o->reserves[n_rsv].addr, &o->reserves[n_rsv].size);
			if (!o->reserves[n_rsv++].size)
				kx_usage("-r: SIZE is 0", val);
			break;
		case 's':
		case 'd':
			edit(o, *p == 's', val);
			break;
		default:
			o->cfg.keep = 1;
		}
	}
	if (argc - i > 1)
		kx_usage("one DIR, after the options; extra argument", argv[i + 1]);
	o->dir = i < argc ? argv[i] : "/proc/device-tree";
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
	static struct walker w;
	static unsigned char *blob;
	size_t len;
	int fd, r;

	parse_options(&o, argc, argv);
	w.dir_len = strlen(o.dir);
	/* Messages show DIR/a/b, so a DIR ending in '/' loses it ("/" too). */
	while (w.dir_len && o.dir[w.dir_len - 1] == '/')
		w.dir_len--;
	w.path = xmalloc(w.dir_len + PATH_MAX + 1);
	memcpy(w.path, o.dir, w.dir_len);
	w.path[w.dir_len] = 0;
	r = dtb_init(&w.dtb, &o.cfg);
	if (r)
		kx_usage(dtb_strerror(r), "in -s or -d");
	/* DIR itself may be a symlink, as /proc/device-tree is. */
	fd = kx_open(o.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		kx_die(KX_FAIL, "cannot open directory", o.dir, errno);
	if ((r = dtb_begin_node(&w.dtb, "")))
		dtb_die(r, o.dir);
	if (!walk(&w, fd, w.dir_len))
		kx_die(KX_FAIL, "empty directory, not a device tree", o.dir, 0);
	if ((r = dtb_end_node(&w.dtb)) || (r = dtb_finish(&w.dtb, &blob, &len)))
		dtb_die(r, o.dir);
	return kx_output(o.out, blob, len);
}
