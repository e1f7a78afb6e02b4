/* kxtool: messages, number parsing, buffers and checked I/O. */
#define _GNU_SOURCE		/* AT_EMPTY_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>	/* rename() only: no stdio code is linked */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kxtool.h"

const char *kx_applet;

/*
 * Text out without stdio, which would cost the static binary 2.5 KB (make
 * size). One buffer serves both descriptors: writing to the other one
 * flushes it first, so stdout and stderr keep the order of the calls, and
 * every message is flushed whole at its end. The first failed write to
 * stdout is kept for kx_flush, so a full disk still ends in an error.
 */
static struct {
	int to_stderr, err;	/* zero, so all of it stays in .bss */
	size_t len;
	char buf[4096];
} text;

int kx_flush(void)
{
	if (text.len && kx_write_all(STDOUT_FILENO + text.to_stderr, text.buf, text.len) &&
	    !text.to_stderr && !text.err)
		text.err = errno;
	text.len = 0;
	return text.err;
}

void kx_put(int fd, const char *s)
{
	if (fd != STDOUT_FILENO + text.to_stderr) {
		kx_flush();
		text.to_stderr = fd == STDERR_FILENO;
	}
	for (; *s; s++) {
		if (text.len == sizeof(text.buf))
			kx_flush();
		text.buf[text.len++] = *s;
	}
}

/*
 * The errors kxtool's system calls meet in practice, in glibc's words, in
 * place of strerror: musl's table of every errno is 2.2 KB (make size), and
 * this way the glibc and musl builds say the same. Any other (EINTR is
 * retried, EFAULT and ENXIO cannot happen, EOVERFLOW is for 32-bit builds,
 * ENFILE, EMLINK and ESTALE hardly happen) is shown as "error N".
 */
static const unsigned char errnos[] KX_UNALIGNED = {
	EPERM, ENOENT, EIO, EBADF, EAGAIN, ENOMEM, EACCES, EBUSY, EEXIST, EXDEV,
	ENODEV, ENOTDIR, EISDIR, EINVAL, EMFILE, ETXTBSY, EFBIG, ENOSPC, EROFS,
	EPIPE, ENAMETOOLONG, ENOSYS, ELOOP, EOPNOTSUPP, EADDRNOTAVAIL, EDQUOT,
};
static const char errtexts[] KX_UNALIGNED =
	"Operation not permitted\0No such file or directory\0"
	"Input/output error\0Bad file descriptor\0"
	"Resource temporarily unavailable\0Cannot allocate memory\0"
	"Permission denied\0Device or resource busy\0"
	"File exists\0Invalid cross-device link\0No such device\0"
	"Not a directory\0Is a directory\0Invalid argument\0"
	"Too many open files\0Text file busy\0File too large\0"
	"No space left on device\0Read-only file system\0Broken pipe\0"
	"File name too long\0Function not implemented\0"
	"Too many levels of symbolic links\0Operation not supported\0"
	"Cannot assign requested address\0Disk quota exceeded";

static void put_error(int err)
{
	const char *msg = errtexts;
	char num[KX_NUMBUF];
	size_t i;

	for (i = 0; i < sizeof(errnos); i++, msg += strlen(msg) + 1) {
		if (errnos[i] == err) {
			kx_put(STDERR_FILENO, msg);
			return;
		}
	}
	kx_put(STDERR_FILENO, "error ");
	kx_put(STDERR_FILENO, kx_dec(num, err));
}

void kx_warn_begin(void)
{
	kx_put(STDERR_FILENO, "kxtool: ");
	if (kx_applet) {
		kx_put(STDERR_FILENO, kx_applet);
		kx_put(STDERR_FILENO, ": ");
	}
}

/* The line's end, for kx_usage to add a line before the flush. */
static void warn_line_end(int err)
{
	if (err) {
		kx_put(STDERR_FILENO, ": ");
		put_error(err);
	}
	kx_put(STDERR_FILENO, "\n");
}

void kx_warn_end(int err)
{
	warn_line_end(err);
	kx_flush();
}

static void warn_line(const char *what, const char *obj, int err)
{
	kx_warn_begin();
	kx_put(STDERR_FILENO, what);
	if (obj) {
		kx_put(STDERR_FILENO, ": ");
		kx_put(STDERR_FILENO, obj);
	}
	warn_line_end(err);
}

void kx_warn(const char *what, const char *obj, int err)
{
	warn_line(what, obj, err);
	kx_flush();
}

_Noreturn void kx_die(int code, const char *what, const char *obj, int err)
{
	kx_warn(what, obj, err);
	exit(code);
}

_Noreturn void kx_usage(const char *what, const char *arg)
{
	warn_line(what, arg, 0);
	kx_put(STDERR_FILENO, "Try 'kxtool ");
	if (kx_applet) {
		kx_put(STDERR_FILENO, kx_applet);
		kx_put(STDERR_FILENO, " ");
	}
	kx_put(STDERR_FILENO, "--help'.\n");
	kx_flush();
	exit(KX_USAGE);
}

int kx_getopt(struct kx_getopt *g, char **argv, const char *spec)
{
	const char *letter;
	char *word;

	if (!g->next || !*g->next) {
		word = argv[g->ind];
		if (!word || word[0] != '-' || !word[1])
			return -1;
		g->ind++;
		if (word[1] == '-' && !word[2])		/* "--" */
			return -1;
		g->next = word + 1;
	}
	g->opt[0] = '-';
	g->opt[1] = *g->next++;
	letter = kx_strchr(spec, g->opt[1]);
	if (!letter || *letter == ':')
		kx_usage("unknown option", g->opt);
	g->arg = NULL;
	if (letter[1] == ':') {
		g->arg = *g->next ? g->next : argv[g->ind++];
		g->next = NULL;
		if (!g->arg)
			kx_usage("option needs an argument", g->opt);
	}
	return g->opt[1];
}

char *kx_join(char *dst, size_t cap, const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);

	if (la + lb + lc >= cap)
		return NULL;
	memcpy(dst, a, la);
	memcpy(dst + la, b, lb);
	memcpy(dst + la + lb, c, lc + 1);
	return dst;
}

char *kx_hex(char buf[KX_NUMBUF], uint64_t v)
{
	char *p = buf + KX_NUMBUF - 1;

	*p = 0;
	do
		*--p = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	*--p = 'x';
	*--p = '0';
	return p;
}

char *kx_dec(char buf[KX_NUMBUF], uint64_t v)
{
	char *p = buf + KX_NUMBUF - 1;

	*p = 0;
	do
		*--p = '0' + v % 10;
	while (v /= 10);
	return p;
}

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/*
 * Hand-rolled rather than strtoull: strtoull accepts leading blanks and a
 * minus sign, and the seed's tools are fed addresses where "-1" silently
 * becoming 0xffffffffffffffff would load a segment nowhere sensible.
 */
int kx_parse_span(const char *s, const char *end, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	int d;

	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (s == end)
		return -1;
	for (; s < end; s++) {
		d = digit_value(*s);
		if (d >= (int)base || v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

int kx_parse_u64(const char *s, uint64_t *out)
{
	return kx_parse_span(s, s + strlen(s), out);
}

int kx_parse_range(const char *s, uint64_t *addr, uint64_t *size)
{
	const char *comma = kx_strchr(s, ',');

	if (!comma || kx_parse_span(s, comma, addr) || kx_parse_u64(comma + 1, size))
		return -1;
	return *addr + *size < *addr ? -1 : 0;
}

static _Noreturn void bad_arg(const char *opt, const char *why, const char *arg)
{
	char what[64];

	kx_usage(kx_join(what, sizeof(what), opt, why, ""), arg);
}

uint64_t kx_arg_u64(const char *opt, const char *arg)
{
	uint64_t v;

	if (kx_parse_u64(arg, &v))
		bad_arg(opt, ": not a number (0x-hex or decimal)", arg);
	return v;
}

void kx_arg_range(const char *opt, const char *arg, uint64_t *addr, uint64_t *size)
{
	if (kx_parse_range(arg, addr, size))
		bad_arg(opt, ": not ADDR,SIZE, or the range wraps", arg);
}

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

/*
 * On x86_64, ppc64 and arm64, 64-bit, open, fstatat, read, write, close,
 * readlink and the mmap family are the system calls themselves, through
 * syscall(): there the kernel's
 * struct stat is <sys/stat.h>'s field for field, with glibc and musl
 * alike, and every file offset is 64-bit. musl's wrappers copy struct stat
 * over field by field, fall back through /proc/self/fd on kernels older
 * than 2.6.39, take arguments through va_arg, count as cancellation points
 * and wait out other threads' unmappings: 1.5 KB of the budget (make
 * size) for a program of one thread. Elsewhere, the C library's.
 */
#if !defined(__ILP32__) && \
	(defined(__x86_64__) || defined(__powerpc64__) || defined(__aarch64__))
#define RAW_SYSCALLS 1
#endif

static ssize_t sys_read(int fd, void *p, size_t n)
{
#ifdef RAW_SYSCALLS
	return syscall(SYS_read, fd, p, n);
#else
	return read(fd, p, n);
#endif
}

static ssize_t sys_write(int fd, const void *p, size_t n)
{
#ifdef RAW_SYSCALLS
	return syscall(SYS_write, fd, p, n);
#else
	return write(fd, p, n);
#endif
}

int kx_close(int fd)
{
#ifdef RAW_SYSCALLS
	return syscall(SYS_close, fd);
#else
	return close(fd);
#endif
}

ssize_t kx_readlink(const char *path, char *buf, size_t n)
{
#ifdef RAW_SYSCALLS
	return syscall(SYS_readlinkat, AT_FDCWD, path, buf, n);
#else
	return readlink(path, buf, n);
#endif
}

int kx_openat(int dfd, const char *path, int flags)
{
#ifdef RAW_SYSCALLS
	return syscall(SYS_openat, dfd, path, flags, 0666);
#else
	return openat(dfd, path, flags, 0666);
#endif
}

int kx_open(const char *path, int flags)
{
	return kx_openat(AT_FDCWD, path, flags);
}

int kx_fstatat(int dfd, const char *path, struct stat *st, int flags)
{
#ifdef RAW_SYSCALLS
	return syscall(SYS_newfstatat, dfd, path, st, flags);
#else
	return fstatat(dfd, path, st, flags);
#endif
}

int kx_fstat(int fd, struct stat *st)
{
	return kx_fstatat(fd, "", st, AT_EMPTY_PATH);
}

void *kx_mmap(size_t len, int prot, int flags, int fd)
{
#ifdef RAW_SYSCALLS
	return (void *)syscall(SYS_mmap, NULL, len, prot, flags, fd, 0);
#else
	return mmap(NULL, len, prot, flags, fd, 0);
#endif
}

void *kx_mremap(void *p, size_t len, size_t new_len)
{
#ifdef RAW_SYSCALLS
	return (void *)syscall(SYS_mremap, p, len, new_len, MREMAP_MAYMOVE);
#else
	return mremap(p, len, new_len, MREMAP_MAYMOVE);
#endif
}

int kx_munmap(void *p, size_t len)
{
#ifdef RAW_SYSCALLS
	return syscall(SYS_munmap, p, len);
#else
	return munmap(p, len);
#endif
}

int kx_mprotect(void *p, size_t len, int prot)
{
#ifdef RAW_SYSCALLS
	return syscall(SYS_mprotect, p, len, prot);
#else
	return mprotect(p, len, prot);
#endif
}

/* Through uintptr_t: the C library's strchr drops const the same way. */
char *kx_strchr(const char *s, int c)
{
	for (; *s != (char)c; s++)
		if (!*s)
			return NULL;
	return (char *)(uintptr_t)s;
}

char *kx_strrchr(const char *s, int c)
{
	const char *last = NULL;

	do
		if (*s == (char)c)
			last = s;
	while (*s++);
	return (char *)(uintptr_t)last;
}

int kx_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n) {
		w = sys_write(fd, c, n);
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
		r = sys_read(fd, (char *)p + got, n - got);
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
 * A new file PATH.PID-N, for a result to be renamed over PATH. O_EXCL, not
 * mkstemp: its random names bring in clock_gettime and the vDSO lookup,
 * 1.3 KB. O_EXCL also refuses a symlink planted at the name, so a name
 * that can be guessed risks no more than a refusal. The file gets the mode
 * a plain creat() would give, umask applied.
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

static int output_file(const char *path, const void *p, size_t n)
{
	size_t cap = strlen(path) + 2 * KX_NUMBUF;
	char *tmp = malloc(cap);
	int fd, bad;

	if (!tmp)
		kx_die(KX_FAIL, "out of memory", path, ENOMEM);
	fd = create_temp(tmp, cap, path);
	if (fd < 0) {
		kx_warn("cannot create a temporary file next to", path, errno);
		free(tmp);
		return KX_FAIL;
	}
	bad = kx_write_all(fd, p, n);
	/* close() can be where NFS or a full disk finally says no. */
	bad = kx_close(fd) || bad;
	/* The temporary file's name would be no help: it is gone at once. */
	if (bad || rename(tmp, path)) {
		kx_warn(bad ? "cannot write" : "cannot rename the finished output to",
			path, errno);
		unlink(tmp);
		free(tmp);
		return KX_FAIL;
	}
	free(tmp);
	return KX_OK;
}

int kx_output(const char *path, const void *p, size_t n)
{
	struct stat st;
	int file;

	if (path && strcmp(path, "-"))
		return output_file(path, p, n);
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
