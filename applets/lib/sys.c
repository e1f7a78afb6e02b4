/*
 * kxtool: every system call made without the C library's wrapper, and every
 * #if on the architecture, in one file. The rest of kxtool calls the kx_
 * functions below and reads kx_native; it never asks which machine it is.
 *
 * On x86_64, ppc64 and arm64, 64-bit, the file calls are the system calls
 * themselves, through syscall(): there the kernel's struct stat is
 * <sys/stat.h>'s field for field, with glibc and musl alike, and every file
 * offset is 64-bit. musl's wrappers copy struct stat over field by field,
 * fall back through /proc/self/fd on kernels older than 2.6.39, take
 * arguments through va_arg, count as cancellation points and wait out other
 * threads' unmappings, all for a program of one thread (the saving is in
 * the README's Building table). Elsewhere, and with -DKX_LIBC_SYSCALLS
 * (make check builds that too, so the libc path stays tested), the C
 * library's.
 *
 * syscall() is variadic: every argument goes in as a long, so that an int
 * is never read back from a register or slot whose upper half is garbage.
 */
#define _GNU_SOURCE		/* AT_EMPTY_PATH, mremap */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kxtool.h"

#if !defined(__ILP32__) && !defined(KX_LIBC_SYSCALLS) && \
	(defined(__x86_64__) || defined(__powerpc64__) || defined(__aarch64__))
#define RAW_SYSCALLS 1
#endif

/* ELF machine numbers (elf.h), for the kexec flags' architecture field. */
#if defined(__x86_64__) && !defined(__ILP32__)
#define NATIVE_MACHINE 62
#elif defined(__i386__)
#define NATIVE_MACHINE 3
#elif defined(__powerpc64__)
#define NATIVE_MACHINE 21
#elif defined(__powerpc__)
#define NATIVE_MACHINE 20
#elif defined(__aarch64__)
#define NATIVE_MACHINE 183
#elif defined(__arm__)
#define NATIVE_MACHINE 40
#elif defined(__riscv)
#define NATIVE_MACHINE 243
#else
#define NATIVE_MACHINE 0
#endif

#if defined(RAW_SYSCALLS) && defined(__x86_64__)
/*
 * The system call itself, in the x86_64 ABI (syscall: the number in rax,
 * arguments in rdi, rsi, rdx, r10, r8, r9; rcx and r11 clobbered): libc's
 * variadic syscall() and its errno wrapper, and the va_list set-up at
 * every call, weigh more than this (README, Building).
 */
static long sc(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
	unsigned long r;

	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c),
			  "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	if (r > -4096UL) {
		errno = -r;
		return -1;
	}
	return r;
}
#define SC6(n, a, b, c, d, e, f) sc(n, (long)(a), (long)(b), (long)(c), (long)(d), \
				    (long)(e), (long)(f))
#else
#define SC6(n, a, b, c, d, e, f) syscall(n, a, b, c, d, e, f)
#endif

const struct kx_native kx_native = {
	NATIVE_MACHINE, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, sizeof(long),
};

ssize_t kx_read(int fd, void *p, size_t n)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_read, (long)fd, p, n, 0, 0, 0);
#else
	return read(fd, p, n);
#endif
}

ssize_t kx_write(int fd, const void *p, size_t n)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_write, (long)fd, p, n, 0, 0, 0);
#else
	return write(fd, p, n);
#endif
}

int kx_close(int fd)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_close, (long)fd, 0, 0, 0, 0, 0);
#else
	return close(fd);
#endif
}

ssize_t kx_readlink(const char *path, char *buf, size_t n)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_readlinkat, (long)AT_FDCWD, path, buf, n, 0, 0);
#else
	return readlink(path, buf, n);
#endif
}

int kx_openat(int dfd, const char *path, int flags)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_openat, (long)dfd, path, (long)flags, 0666L, 0, 0);
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
	return SC6(SYS_newfstatat, (long)dfd, path, st, (long)flags, 0, 0);
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
	return (void *)SC6(SYS_mmap, NULL, len, (long)prot, (long)flags, (long)fd, 0L);
#else
	return mmap(NULL, len, prot, flags, fd, 0);
#endif
}

void *kx_mremap(void *p, size_t len, size_t new_len)
{
#ifdef RAW_SYSCALLS
	return (void *)SC6(SYS_mremap, p, len, new_len, (long)MREMAP_MAYMOVE, 0, 0);
#else
	return mremap(p, len, new_len, MREMAP_MAYMOVE);
#endif
}

int kx_munmap(void *p, size_t len)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_munmap, p, len, 0, 0, 0, 0);
#else
	return munmap(p, len);
#endif
}

int kx_mprotect(void *p, size_t len, int prot)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_mprotect, p, len, (long)prot, 0, 0, 0);
#else
	return mprotect(p, len, prot);
#endif
}

/* No libc has a getdents64 wrapper everywhere (glibc from 2.30 only). */
long kx_getdents64(int fd, void *buf, size_t n)
{
	return SC6(SYS_getdents64, (long)fd, buf, n, 0, 0, 0);
}

long kx_kexec_load(unsigned long entry, unsigned long nr, const void *segments,
		   unsigned long flags)
{
	return SC6(SYS_kexec_load, entry, nr, segments, flags, 0, 0);
}

long kx_kexec_file_load(int kernel_fd, int initrd_fd, unsigned long cmdline_len,
			const char *cmdline, unsigned long flags)
{
#ifdef SYS_kexec_file_load
	return SC6(SYS_kexec_file_load, (long)kernel_fd, (long)initrd_fd, cmdline_len,
		   cmdline, flags, 0);
#else
	(void)kernel_fd, (void)initrd_fd, (void)cmdline_len, (void)cmdline, (void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

#define LINUX_REBOOT_CMD_KEXEC	0x45584543

long kx_reboot_kexec(void)
{
	return reboot(LINUX_REBOOT_CMD_KEXEC);
}

/* The raw capget ABI: no libcap, no <linux/capability.h> under musl. */
#define CAP_SYS_BOOT		22

int kx_has_cap_sys_boot(void)
{
	struct { uint32_t version; int pid; } hdr = { 0x20080522, 0 };
	struct { uint32_t effective, permitted, inheritable; } data[2];

	if (SC6(SYS_capget, &hdr, data, 0, 0, 0, 0))
		return 1;	/* cannot tell: do not blame it */
	return data[0].effective >> CAP_SYS_BOOT & 1;
}

/*
 * A handler for SIG that is never to return (it exits). rt_sigaction itself
 * where the kernel's struct is known to be { handler, flags, restorer, mask }
 * with a 64-bit mask, as on x86_64, ppc64 and arm64: musl's sigaction
 * brings in its signal-mask and restorer machinery (README, Building). The
 * x86_64 kernel insists on a restorer; it is never called, since the
 * handler never returns. Elsewhere (armv7 pads the mask to 8 bytes, riscv64
 * has no restorer at all) libc's sigaction, which knows its own ABI.
 */
int kx_catch(int sig, void (*handler)(int, siginfo_t *, void *))
{
#ifdef RAW_SYSCALLS
	struct {
		void (*handler)(int, siginfo_t *, void *);
		unsigned long flags;
		void (*restorer)(int, siginfo_t *, void *);
		uint64_t mask;
	} sa = { handler, SA_SIGINFO | 0x04000000 /* SA_RESTORER */, handler, 0 };

	return SC6(SYS_rt_sigaction, (long)sig, &sa, NULL, sizeof(sa.mask), 0, 0);
#else
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	return sigaction(sig, &sa, NULL);
#endif
}

static int sys_socket(void)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_socket, (long)AF_INET, (long)(SOCK_DGRAM | SOCK_CLOEXEC), 0L, 0, 0, 0);
#else
	return socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
#endif
}

static int sys_ioctl(int fd, unsigned long request, void *arg)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_ioctl, (long)fd, request, arg, 0, 0, 0);
#else
	return ioctl(fd, request, arg);
#endif
}

/* The network interface NAME down (IFF_UP cleared), as ifconfig NAME down. */
int kx_ifdown(const char *name)
{
	struct ifreq ifr;
	int fd, r = -1;

	if (strlen(name) >= sizeof(ifr.ifr_name))
		return -1;
	fd = sys_socket();
	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, strlen(name));
	if (!sys_ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		ifr.ifr_flags &= ~IFF_UP;
		r = sys_ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	kx_close(fd);
	return r;
}

/*
 * A child that only execs: with the raw calls, a plain clone (a fork with
 * no shared memory) rather than libc's fork, whose atfork handlers and
 * locks a program of one thread never needs (README, Building).
 */
static long sys_fork(void)
{
#ifdef RAW_SYSCALLS
	return SC6(SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L, 0);
#else
	return fork();
#endif
}

int kx_run(const char *path, char *const argv[])
{
	long pid = sys_fork();
	int st;

	if (pid < 0)
		return -1;
	if (!pid) {
		execve(path, argv, environ);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
