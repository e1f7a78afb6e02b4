/*
 * The DTB core's way in from a directory: the device tree as Linux shows it
 * in /proc/device-tree, walked with getdents64 and openat, each directory
 * sorted in dtb_name_cmp order and each file read straight into its place
 * in the blob (dtb.h says why a stream). I/O: failures end in a message
 * naming the path, exit 1.
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

struct walker {
	struct dtb dtb;
	char *path;		/* DIR and the entry being read, for messages */
	size_t dir_len;		/* strlen(DIR) */
	struct kx_buf small;	/* a file whose size stat does not tell */
	uint64_t dents[4096];	/* getdents64 records, one directory at a time */
};

/*
 * getdents64's record. readdir() would bring libc's DIR handling into a
 * binary with a size budget, and musl's 2 KiB DIR buffer means more system
 * calls on directories of thousands of cpu nodes.
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
	while ((got = kx_getdents64(dfd, w->dents, sizeof(w->dents)))) {
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
	list = kx_xmalloc((*n ? *n : 1) * sizeof(*list));
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

/* A blob file: mapped, fed to the core as a tree. */
static void from_blob(struct walker *w, int fd, const char *path)
{
	unsigned char *b;
	uint64_t len;
	int r;

	b = kx_file_bytes(fd, path, &len);
	kx_close(fd);
	r = len > SIZE_MAX ? DTB_ETOOBIG : dtb_feed_blob(&w->dtb, b, len);
	if (r)
		dtb_die(r, path);
}

static void build(const char *path, const struct dtb_config *cfg,
		  unsigned char **blob, size_t *len)
{
	/* Static, so what it points to stays reachable to the end (valgrind). */
	static struct walker w;
	struct stat st;
	int fd, r;

	w.dir_len = strlen(path);
	/* Messages show DIR/a/b, so a DIR ending in '/' loses it ("/" too). */
	while (w.dir_len && path[w.dir_len - 1] == '/')
		w.dir_len--;
	w.path = kx_xmalloc(w.dir_len + PATH_MAX + 1);
	memcpy(w.path, path, w.dir_len);
	w.path[w.dir_len] = 0;
	r = dtb_init(&w.dtb, cfg);
	if (r == DTB_ENOMEM)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	if (r)
		kx_usage(dtb_strerror(r), "in -s or -d");
	/* PATH itself may be a symlink, as /proc/device-tree is. */
	fd = kx_open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || kx_fstat(fd, &st))
		kx_die(KX_FAIL, "cannot open", path, errno);
	if (!S_ISDIR(st.st_mode)) {
		if (!KX_PLANS)
			kx_die(KX_FAIL, "cannot open directory", path, ENOTDIR);
		from_blob(&w, fd, path);
	} else {
		if ((r = dtb_begin_node(&w.dtb, "")))
			dtb_die(r, path);
		if (!walk(&w, fd, w.dir_len))
			kx_die(KX_FAIL, "empty directory, not a device tree", path, 0);
		if ((r = dtb_end_node(&w.dtb)))
			dtb_die(r, path);
	}
	if ((r = dtb_finish(&w.dtb, blob, len)))
		dtb_die(r, path);
}

/*
 * With -u, -U or -e, twice: the edits they make depend on the tree (its
 * cells, its memory nodes), so they are computed from a first blob, then
 * the tree is built again with them before the user's own edits, which
 * so still have the last word.
 */
void dtb_from_path(const char *path, const struct dtb_config *cfg,
		   unsigned char **blob, size_t *len)
{
	static struct dtb_config again;		/* reachable at exit */
	struct dtb_edit *e;
	size_t cap, n;
	int r;

	build(path, cfg, blob, len);
	if (!KX_PLANS || !cfg->usable)
		return;
	/* At most one edit per node under the root, and two in /chosen. */
	for (cap = 2; dtb_kid(*blob, *len, cap - 2); cap++)
		;
	e = kx_xmalloc((cap + cfg->n_edits) * sizeof(*e));
	if ((r = dtb_usable(*blob, *len, cfg->usable, e, cap, &n)))
		dtb_die(r, path);
	memcpy(e + n, cfg->edits, cfg->n_edits * sizeof(*e));
	again = *cfg;
	again.edits = e;
	again.n_edits = n + cfg->n_edits;
	again.usable = NULL;
	free(*blob);
	build(path, &again, blob, len);
}
