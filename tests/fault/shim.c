/*
 * A fault injector for kxtool's I/O layer, loaded with LD_PRELOAD into a
 * dynamic build (tests/fault.test). KXFAULT names one fault:
 *
 *   read:short             every read returns at most 3 bytes
 *   read:eintr             every other read fails with EINTR first
 *   read:eio:N:MATCH       a read fails with EIO once N bytes came from a
 *                          file whose path contains MATCH
 *   read:grow:MATCH        the file grows by a byte at its first read
 *   read:shrink:MATCH      the file loses its last byte at its first read
 *   write:short            every write takes at most 5 bytes
 *   write:eintr            every other write fails with EINTR first
 *   write:enospc:N         writes fail with ENOSPC after N bytes in all
 *   write:epipe            writes fail with EPIPE (SIGPIPE ignored)
 *   close:eio:MATCH        closing MATCH fails with EIO (NFS, a full disk)
 *   rename:exdev           rename fails with EXDEV
 *   mmap:file              mapping a file fails with ENODEV
 *   mmap:shrink:MATCH      a file is cut to nothing just after it is mapped
 *   mmap:anon:N            anonymous mappings after the Nth fail: ENOMEM
 *   mremap:enomem          growing a mapping fails with ENOMEM
 *   mprotect:eacces        mprotect fails with EACCES
 *   getdents:short         each getdents64 returns one entry or two
 *   getdents:eio:MATCH     getdents64 on MATCH fails with EIO
 *   kexec_load:dump:DIR    kexec_load returns 0 without reaching the kernel
 *                          and writes what it was given into DIR (which
 *                          must exist): a line per call in DIR/load,
 *                          "kexec_load entry E nr N flags F", then one
 *                          "segment I mem M memsz S bufsz B" per segment,
 *                          and segment I's bytes in DIR/segment.I.
 *                          kexec_file_load is refused (ENOSYS) and reboot
 *                          (EPERM), neither reaching the kernel: each
 *                          writes its line to DIR/refused
 *                          (tests/byhand.test)
 *
 * Standard error is never touched: kxtool must be able to say why. A file's
 * path is what /proc/self/fd shows.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static char kind[16], mode[16], match[256];
static unsigned long long limit;
static unsigned long long done_bytes[1024];
static int changed[1024], calls;
static unsigned long long total_written, anon_maps;

static int is(const char *k, const char *m)
{
	return !strcmp(kind, k) && !strcmp(mode, m);
}

/* KIND:MODE[:N][:MATCH]; N where the fault counts bytes or mappings. */
static void __attribute__((constructor)) setup(void)
{
	const char *spec = getenv("KXFAULT"), *rest;

	if (!spec || sscanf(spec, "%15[^:]:%15[^:]", kind, mode) != 2)
		return;
	rest = strchr(strchr(spec, ':') + 1, ':');
	if (rest && (is("read", "eio") || is("write", "enospc") || is("mmap", "anon"))) {
		limit = strtoull(rest + 1, NULL, 0);
		rest = strchr(rest + 1, ':');
	}
	if (rest)
		snprintf(match, sizeof(match), "%s", rest + 1);
}

static int fd_matches(int fd)
{
	char link[64], path[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = 0;
	return strstr(path, match) != NULL;
}

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

ssize_t read(int fd, void *buf, size_t n)
{
	static ssize_t (*real)(int, void *, size_t);
	ssize_t r;

	if (!real)
		real = next("read");
	if (is("read", "short") && n > 3)
		n = 3;
	if (is("read", "eintr") && calls++ % 2 == 0) {
		errno = EINTR;
		return -1;
	}
	if ((is("read", "grow") || is("read", "shrink")) && fd < 1024 && !changed[fd] &&
	    fd_matches(fd)) {
		char link[64], path[4096];
		ssize_t len;
		off_t size;
		int w;

		changed[fd] = 1;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		len = readlink(link, path, sizeof(path) - 1);
		path[len > 0 ? len : 0] = 0;
		size = lseek(fd, 0, SEEK_END);
		lseek(fd, 0, SEEK_SET);
		if (is("read", "grow")) {
			w = open(path, O_WRONLY | O_APPEND);
			if (w >= 0 && write(w, "+", 1) == 1)
				close(w);
		} else if (size > 0) {
			if (truncate(path, size - 1))
				abort();
		}
	}
	if (is("read", "eio") && fd < 1024 && fd_matches(fd)) {
		if (done_bytes[fd] >= limit) {
			errno = EIO;
			return -1;
		}
		if (n > limit - done_bytes[fd])
			n = limit - done_bytes[fd];
	}
	r = real(fd, buf, n);
	if (r > 0 && fd < 1024)
		done_bytes[fd] += r;
	return r;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	ssize_t r;

	if (!real)
		real = next("write");
	if (fd == STDERR_FILENO)
		return real(fd, buf, n);
	if (is("write", "short") && n > 5)
		n = 5;
	if (is("write", "eintr") && calls++ % 2 == 0) {
		errno = EINTR;
		return -1;
	}
	if (is("write", "epipe")) {
		errno = EPIPE;
		return -1;
	}
	if (is("write", "enospc")) {
		if (total_written >= limit) {
			errno = ENOSPC;
			return -1;
		}
		if (n > limit - total_written)
			n = limit - total_written;
	}
	r = real(fd, buf, n);
	if (r > 0)
		total_written += r;
	return r;
}

int close(int fd)
{
	static int (*real)(int);
	int hit = is("close", "eio") && fd_matches(fd);

	if (!real)
		real = next("close");
	if (fd >= 0 && fd < 1024) {
		done_bytes[fd] = 0;
		changed[fd] = 0;
	}
	if (real(fd))
		return -1;
	if (hit) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);

	if (!real)
		real = next("rename");
	if (is("rename", "exdev")) {
		errno = EXDEV;
		return -1;
	}
	return real(from, to);
}

/* The fd is read-only: cut the file through its path. */
static int truncate_path(int fd)
{
	char link[64], path[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return -1;
	path[n] = 0;
	return truncate(path, 0);
}

typedef void *mmap_fn(void *, size_t, int, int, int, off_t);

static void *fault_mmap(mmap_fn *real, void *addr, size_t len, int prot, int flags,
			int fd, off_t off)
{
	void *map;

	if (is("mmap", "file") && fd >= 0 && !(flags & MAP_ANONYMOUS)) {
		errno = ENODEV;
		return MAP_FAILED;
	}
	if (is("mmap", "anon") && (flags & MAP_ANONYMOUS) && ++anon_maps > limit) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	map = real(addr, len, prot, flags, fd, off);
	if (map != MAP_FAILED && is("mmap", "shrink") && fd >= 0 && fd_matches(fd) &&
	    ftruncate(fd, 0) && truncate_path(fd))
		abort();
	return map;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static mmap_fn *real;

	if (!real)
		real = next("mmap");
	return fault_mmap(real, addr, len, prot, flags, fd, off);
}

/* glibc's mmap under _FILE_OFFSET_BITS=64, the name kxtool calls. */
void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static mmap_fn *real;

	if (!real)
		real = next("mmap64");
	return fault_mmap(real, addr, len, prot, flags, fd, off);
}

void *mremap(void *old, size_t old_len, size_t len, int flags, ...)
{
	static void *(*real)(void *, size_t, size_t, int, ...);
	void *to = NULL;
	va_list ap;

	if (!real)
		real = next("mremap");
	if (is("mremap", "enomem")) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	if (flags & MREMAP_FIXED) {
		va_start(ap, flags);
		to = va_arg(ap, void *);
		va_end(ap);
	}
	return real(old, old_len, len, flags, to);
}

int mprotect(void *addr, size_t len, int prot)
{
	static int (*real)(void *, size_t, int);

	if (!real)
		real = next("mprotect");
	if (is("mprotect", "eacces")) {
		errno = EACCES;
		return -1;
	}
	return real(addr, len, prot);
}

/* kexec_load:dump: a line into DIR/NAME, appended. */
static void dump_line(const char *name, const char *line)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", match, name);
	f = fopen(path, "a");
	if (!f || fputs(line, f) == EOF || fclose(f))
		abort();	/* the comparison must not pass on a dump not made */
}

/* The struct kexec_segment of <linux/kexec.h>, on a 64-bit machine. */
struct dump_segment {
	const void *buf;
	unsigned long bufsz, mem, memsz;
};

static long dump_kexec_load(unsigned long entry, unsigned long nr,
			    const struct dump_segment *seg, unsigned long flags)
{
	char line[256], path[4096];
	unsigned long i;
	FILE *f;

	snprintf(line, sizeof(line), "kexec_load entry 0x%lx nr %lu flags 0x%lx\n", entry, nr, flags);
	dump_line("load", line);
	for (i = 0; i < nr; i++) {
		snprintf(line, sizeof(line), "segment %lu mem 0x%lx memsz 0x%lx bufsz 0x%lx\n", i,
			 seg[i].mem, seg[i].memsz, seg[i].bufsz);
		dump_line("load", line);
		snprintf(path, sizeof(path), "%s/segment.%lu", match, i);
		f = fopen(path, "w");
		if (!f || (seg[i].bufsz && fwrite(seg[i].buf, seg[i].bufsz, 1, f) != 1) || fclose(f))
			abort();
	}
	return 0;
}

int reboot(int cmd)
{
	static int (*real)(int);
	char line[64];

	if (!real)
		real = next("reboot");
	if (is("kexec_load", "dump")) {
		snprintf(line, sizeof(line), "reboot 0x%x\n", cmd);
		dump_line("refused", line);
		errno = EPERM;
		return -1;
	}
	return real(cmd);
}

/* fs2dt reads directories with syscall(SYS_getdents64, ...). */
long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	long a[6];
	va_list ap;
	int i;

	if (!real)
		real = next("syscall");
	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	/* kxtool makes these with syscall() on 64-bit Linux (applets/lib/sys.c). */
	if (nr == SYS_read)
		return read(a[0], (void *)a[1], a[2]);
	if (nr == SYS_write)
		return write(a[0], (const void *)a[1], a[2]);
	if (nr == SYS_close)
		return close(a[0]);
	if (nr == SYS_mmap)
		return (long)mmap((void *)a[0], a[1], a[2], a[3], a[4], a[5]);
	if (nr == SYS_mremap)
		return (long)mremap((void *)a[0], a[1], a[2], a[3], (void *)a[4]);
	if (nr == SYS_mprotect)
		return mprotect((void *)a[0], a[1], a[2]);
	if (nr == SYS_kexec_load && is("kexec_load", "dump"))
		return dump_kexec_load(a[0], a[1], (const struct dump_segment *)a[2], a[3]);
#ifdef SYS_kexec_file_load
	if (nr == SYS_kexec_file_load && is("kexec_load", "dump")) {
		char line[64];

		snprintf(line, sizeof(line), "kexec_file_load flags 0x%lx\n", (unsigned long)a[4]);
		dump_line("refused", line);
		errno = ENOSYS;
		return -1;
	}
#endif
	if (nr == SYS_getdents64) {
		if (is("getdents", "eio") && fd_matches(a[0])) {
			errno = EIO;
			return -1;
		}
		/* Room for one record of the longest name, so a short read. */
		if (is("getdents", "short") && a[2] > 300)
			a[2] = 300;
	}
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
