/*
 * kxtool: growable buffers, whole reads and writes, and the one way a
 * result leaves kxtool: kx_output.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>	/* rename() only: no stdio code is linked */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kxtool.h"
#include "place.h"

int kx_buf_reserve(struct kx_buf *b, size_t add)
{
	size_t cap = b->cap ? b->cap : 4096;
	unsigned char *p;

	if (add > SIZE_MAX - b->len) {
		errno = ENOMEM;
		return -1;
	}
	if (b->len + add <= b->cap)
		return 0;
	while (cap < b->len + add)
		cap = cap > SIZE_MAX / 2 ? b->len + add : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

int kx_buf_append(struct kx_buf *b, const void *p, size_t n)
{
	if (kx_buf_reserve(b, n))
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

void kx_buf_free(struct kx_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int kx_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n) {
		w = kx_write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		c += w;
		n -= w;
	}
	return 0;
}

ssize_t kx_read_full(int fd, void *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = kx_read(fd, (char *)p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += r;
	}
	return got;
}

int kx_read_all(int fd, struct kx_buf *b)
{
	size_t room;
	ssize_t r;

	do {
		if (kx_buf_reserve(b, 65536))
			return -1;
		room = b->cap - b->len;
		r = kx_read_full(fd, b->data + b->len, room);
		if (r < 0)
			return -1;
		b->len += r;
	} while ((size_t)r == room);
	return 0;
}

/*
 * Read-only and private: the rare page a loadem -c word lands in is made
 * writable (and so copied) later, and the file itself never changes.
 * Standard input is read even when it is a file: it may not start at 0.
 */
unsigned char *kx_file_bytes(int fd, const char *name, uint64_t *len)
{
	struct kx_buf b = { 0 };
	struct stat st;
	void *map;

	if (fd != STDIN_FILENO && !kx_fstat(fd, &st) && S_ISREG(st.st_mode) &&
	    st.st_size > 0) {
		if ((uint64_t)st.st_size > SIZE_MAX)
			kx_die(KX_FAIL, "cannot map", name, EFBIG);
		map = kx_mmap(st.st_size, PROT_READ, MAP_PRIVATE, fd);
		if (map == MAP_FAILED)
			kx_die(KX_FAIL, "cannot map", name, errno);
		*len = st.st_size;
		return map;
	}
	if (kx_read_all(fd, &b))
		kx_die(KX_FAIL, "cannot read", name, errno);
	*len = b.len;
	return b.data;
}

ssize_t kx_read_small(const char *path, char *buf, size_t cap)
{
	int fd = kx_open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = kx_read_full(fd, buf, cap - 1);
	kx_close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

/*
 * A new file PATH.PID-N, for a result to be renamed over PATH. O_EXCL, not
 * mkstemp, whose random names bring in the clock and the vDSO lookup
 * (README, Building). O_EXCL also refuses a symlink planted at the name, so
 * a name that can be guessed risks no more than a refusal. The file gets
 * the mode a plain creat() would give, umask applied.
 */
static int create_temp(char *tmp, size_t cap, const char *path)
{
	char num[KX_NUMBUF];
	size_t len;
	int fd, n;

	kx_join(tmp, cap, path, ".", kx_dec(num, getpid()));
	len = strlen(tmp);
	for (n = 0; n < 100; n++) {
		kx_join(tmp + len, cap - len, "-", kx_dec(num, n), "");
		fd = kx_open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	return fd;
}

/* The name PATH finally stands for, symlinks followed, in one of HOP; NULL with errno. */
static const char *final_name(const char *path, char hop[2][PATH_MAX])
{
	int i;

	for (i = 0; i < 40; i++) {
		if (kx_link_step(path, hop[i & 1]) < 0)
			return errno == EINVAL || errno == ENOENT ? path : NULL;
		path = hop[i & 1];
	}
	errno = ELOOP;
	return NULL;
}

/*
 * -o PATH. What PATH names, links followed, decides:
 *   - a regular file, or nothing yet: a temporary file next to the name
 *     PATH finally stands for, renamed over it once every byte is written,
 *     so a symlink stays a symlink and its target gets the bytes;
 *   - a device or a FIFO: written in place. Renaming a file over it would
 *     destroy a node that kxtool did not make (-o /dev/stdout as root), and
 *     the reader of a FIFO would never see the bytes. What they took cannot
 *     be taken back, as with a pipe on standard output;
 *   - a directory: refused; a socket cannot be opened (ENXIO): refused.
 * The kernel follows the links for the last two cases, /proc's magic ones
 * (/dev/stdout) too; only a rename needs the final name spelled out.
 */
static int output_path(const char *path, const void *p, size_t n)
{
	char hop[2][PATH_MAX], tmp[PATH_MAX + 2 * KX_NUMBUF];
	const char *real = path, *what = "cannot write";
	struct stat st;
	int fd, err, in_place;

	in_place = !kx_fstatat(AT_FDCWD, path, &st, 0) && !S_ISREG(st.st_mode);
	if (in_place && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	/* A PATH of PATH_MAX bytes or more fails here (ENAMETOOLONG), so REAL fits TMP. */
	if (!in_place && !(real = final_name(path, hop)))
		goto fail;
	fd = in_place ? kx_open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC) :
			create_temp(tmp, sizeof(tmp), real);
	if (fd < 0) {
		what = in_place ? "cannot open" : "cannot create a temporary file next to";
		goto fail;
	}
	/* close() can be where NFS or a full disk finally says no. */
	if ((kx_write_all(fd, p, n) | kx_close(fd)) == 0) {
		if (in_place || !rename(tmp, real))
			return KX_OK;
		/* The temporary file's name would be no help: it is gone at once. */
		what = "cannot rename the finished output to";
	}
	err = errno;
	if (!in_place)
		unlink(tmp);
	errno = err;
fail:
	kx_warn(what, path, errno);
	return KX_FAIL;
}

int kx_output(const char *path, const void *p, size_t n)
{
	struct stat st;
	int file;

	if (path && strcmp(path, "-"))
		return output_path(path, p, n);
	/*
	 * Standard output redirected to a file (> or >>) is cut back to its
	 * old end when a write fails, so no half blob is left to be loaded
	 * later; what a pipe took cannot be taken back.
	 */
	file = !kx_fstat(STDOUT_FILENO, &st) && S_ISREG(st.st_mode);
	if (kx_write_all(STDOUT_FILENO, p, n)) {
		kx_warn("cannot write", "standard output", errno);
		if (file && ftruncate(STDOUT_FILENO, st.st_size))
			kx_warn("cannot cut back", "standard output", errno);
		return KX_FAIL;
	}
	return KX_OK;
}

/* The end of the line at S: its '\n', or END. */
const char *kx_line_end(const char *s, const char *end)
{
	while (s < end && *s != '\n')
		s++;
	return s;
}

void kx_iomem(const char *path, const char *name, struct place_range *r, size_t *n, size_t cap)
{
	const char *s, *end, *nl, *what;
	struct place_range x;
	size_t len = strlen(name);
	uint64_t size;
	int fd = kx_open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		kx_die(KX_FAIL, "cannot open", path, errno);
	s = (const char *)kx_file_bytes(fd, path, &size);
	kx_close(fd);
	for (end = s + size; s < end; s = nl + 1) {
		nl = kx_line_end(s, end);
		if (!place_iomem_line(s, nl, &x, &what) && nl - what == (long)len &&
		    !memcmp(what, name, len) && *n < cap)
			r[(*n)++] = x;
	}
}

int kx_rtas(struct place_range *r)
{
	char b[8];

	if (kx_read_small("/proc/device-tree/rtas/linux,rtas-base", b, sizeof(b)) != 4)
		return -1;
	r->start = kx_get_uint(b, 4, 1);
	if (kx_read_small("/proc/device-tree/rtas/rtas-size", b, sizeof(b)) != 4)
		return -1;
	r->end = r->start + kx_get_uint(b, 4, 1);
	return 0;
}

/*
 * The crash region crashkernel= reserved: /proc/iomem's "Crash kernel"
 * (x86_64, arm64), or where ppc64 shows it, /chosen's linux,crashkernel-base
 * and -size. IOMEM is /proc/iomem's path. 0, or -1 when there is none.
 */
int kx_crash_region(const char *iomem, struct place_range *r)
{
	char b[16];
	size_t n = 0;

	kx_iomem(iomem, "Crash kernel", r, &n, 1);
	if (n)
		return 0;
	if (kx_native.machine != EM_PPC64 ||
	    kx_read_small("/proc/device-tree/chosen/linux,crashkernel-base", b, sizeof(b)) != 8)
		return -1;
	r->start = kx_get_uint(b, 8, 1);
	if (kx_read_small("/proc/device-tree/chosen/linux,crashkernel-size", b, sizeof(b)) != 8)
		return -1;
	r->end = r->start + kx_get_uint(b, 8, 1);
	return r->end > r->start ? 0 : -1;
}
