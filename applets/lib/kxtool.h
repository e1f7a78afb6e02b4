/* kxtool: what every applet shares. */
#ifndef KXTOOL_H
#define KXTOOL_H

#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>

/*
 * Exit codes, the same for every applet (README, "Exit codes").
 */
enum {
	KX_OK = 0,
	KX_FAIL = 1,		/* runtime failure: I/O, a refused check, a syscall */
	KX_USAGE = 2,		/* bad command line */
	KX_PERM = 3,		/* kexec not permitted: capability, sysctl, lockdown */
	KX_NOAPPLET = 127,	/* no such applet, as a shell says for no such command */
};

/*
 * For tables of text and bytes: compilers align arrays of 16 or 32 bytes or
 * more to 16 or 32, for vector code that text never meets; that padding
 * is counted in the README's Building table. A declaration's alignment
 * holds for its definition too.
 */
#define KX_UNALIGNED __attribute__((aligned(1)))

#define APPLET(name) \
	int name##_main(int argc, char **argv); \
	extern const char name##_usage[] KX_UNALIGNED;
#include "applets.def"
#undef APPLET

/*
 * What the seed's applets learned for kexec's explicit lines, on the
 * machines where kexec plans a kexec_load itself (ppc64, arm64): fs2dt
 * reads a DTB file (kexec --dtb) and keeps a kernel to given memory (-u,
 * -U, -e: a crash kernel), v2wrap takes an ELF vmlinux, loadem -F takes a
 * range of a file and -p checks a crash load against the crash region;
 * and corehdr. Built with kexec only, so that the seed's three alone stay
 * as small as their budget asks, and not on x86_64, whose kexec goes
 * through kexec_file_load (README, Building). The Makefile says which
 * (KX_WITH_KEXEC, KX_PLANS, from APPLETS and the compiler's target). A
 * constant, not an #if: the compiler drops what it guards, strings too.
 */
#ifndef KX_WITH_KEXEC
#define KX_WITH_KEXEC 1
#endif
#ifndef KX_PLANS
#define KX_PLANS KX_WITH_KEXEC
#endif

/* The applet running now, for messages; set by main(). */
extern const char *kx_applet;

/*
 * Messages, in one style: "kxtool: APPLET: WHAT: OBJ: strerror(ERR)".
 * OBJ may be NULL and ERR 0 to leave that part out.
 */
void kx_warn(const char *what, const char *obj, int err);
/* A message in pieces: "kxtool: APPLET: ", kx_put(STDERR_FILENO, ...)s, then the end. */
void kx_warn_begin(void);
void kx_warn_end(int err);
_Noreturn void kx_die(int code, const char *what, const char *obj, int err);
/* A usage error: the message, a pointer to --help, exit 2. */
_Noreturn void kx_usage(const char *what, const char *arg);
/* malloc, or "out of memory" and exit 1. */
void *kx_xmalloc(size_t n);

/*
 * Text to FD, STDOUT_FILENO or STDERR_FILENO, through one buffer instead of
 * stdio. kx_flush writes it out and returns 0, or the errno of the first
 * write to stdout that failed: main() checks it last of all.
 */
void kx_put(int fd, const char *s);
int kx_flush(void);

/*
 * Numbers as the seed spells them: 0x-hex or decimal, nothing after.
 * Return 0, or -1 for junk, overflow or an empty string.
 */
int kx_parse_u64(const char *s, uint64_t *out);
/* The same for the bytes from S up to END, which need no NUL after them. */
int kx_parse_span(const char *s, const char *end, uint64_t *out);
/* Bare hex digits from S up to END, as /proc and /sys print them. */
int kx_parse_hex(const char *s, const char *end, uint64_t *out);
/* "ADDR,SIZE"; also -1 when ADDR + SIZE wraps. */
int kx_parse_range(const char *s, uint64_t *addr, uint64_t *size);
/* The same for an option's argument: a usage error naming OPT and ARG. */
uint64_t kx_arg_u64(const char *opt, const char *arg);
void kx_arg_range(const char *opt, const char *arg, uint64_t *addr, uint64_t *size);

/*
 * The option parser (getopt.c says what it takes): the next option's key,
 * or -1 after the options. A value lands in ARG; OPT is the option as
 * typed, for messages. Start with { .ind = 1 }, or { .ind = 1, .permute = 1 }
 * to take options anywhere on the line. Afterwards the other words are
 * ARGV[IND] up to a NULL, in order.
 */
struct kx_getopt {
	int ind, permute, nargs;
	int quiet;		/* on a usage error return '?' with ERR set, not exit */
	const char *err;
	char *arg;
	const char *opt;
	char *next;		/* the rest of a bundle of short options */
	char letter[3];		/* "-k" */
};
int kx_getopt(struct kx_getopt *g, char **argv, const char *spec);

/*
 * Small formatting without printf, which would cost a static binary more
 * than all the applets together (README, Building). KX_NUMBUF holds any u64 either
 * way; the result points into BUF. kx_join concatenates
 * three strings, or returns NULL when they won't fit.
 */
#define KX_NUMBUF 24
char *kx_hex(char buf[KX_NUMBUF], uint64_t v);
char *kx_dec(char buf[KX_NUMBUF], uint64_t v);
char *kx_join(char *dst, size_t cap, const char *a, const char *b, const char *c);

/* Unsigned integers of N bytes (1 to 8) in either byte order. */
uint64_t kx_get_uint(const void *p, unsigned n, int big_endian);
void kx_set_uint(void *p, unsigned n, int big_endian, uint64_t v);

/* A growable byte buffer. */
struct kx_buf {
	unsigned char *data;
	size_t len, cap;
};
/* Make room for ADD more bytes; -1 (errno ENOMEM) when it cannot. */
int kx_buf_reserve(struct kx_buf *b, size_t add);
int kx_buf_append(struct kx_buf *b, const void *p, size_t n);
void kx_buf_free(struct kx_buf *b);

/*
 * The allocator (alloc.c). The static binary's malloc, calloc, realloc and
 * free are these; the sanitizer builds keep libc's and these only for tests.
 */
void *kx_malloc(size_t n);
void *kx_calloc(size_t n, size_t size);
void *kx_realloc(void *p, size_t n);
void kx_free(void *p);

/*
 * The system calls, and the machine (sys.c). A file created by kx_open gets
 * mode 0666, umask applied. kx_mmap maps at an address of the kernel's
 * choosing; MAP_FAILED. kx_mremap may move the mapping.
 */
struct stat;
ssize_t kx_read(int fd, void *p, size_t n);
ssize_t kx_write(int fd, const void *p, size_t n);
int kx_open(const char *path, int flags);
int kx_openat(int dfd, const char *path, int flags);
int kx_fstatat(int dfd, const char *path, struct stat *st, int flags);
int kx_fstat(int fd, struct stat *st);
int kx_close(int fd);
ssize_t kx_readlink(const char *path, char *buf, size_t n);
void *kx_mmap(size_t len, int prot, int flags, int fd);
void *kx_mremap(void *p, size_t len, size_t new_len);
int kx_munmap(void *p, size_t len);
int kx_mprotect(void *p, size_t len, int prot);
long kx_getdents64(int fd, void *buf, size_t n);
long kx_kexec_load(unsigned long entry, unsigned long nr, const void *segments,
		   unsigned long flags);
long kx_kexec_file_load(int kernel_fd, int initrd_fd, unsigned long cmdline_len,
			const char *cmdline, unsigned long flags);
long kx_reboot_kexec(void);
int kx_has_cap_sys_boot(void);
/* The network interface NAME down; 0 or -1. */
int kx_ifdown(const char *name);
/* Run PATH with ARGV and wait: its exit status (128 + a signal), or -1 with errno. */
int kx_run(const char *path, char *const argv[]);
/* HANDLER for signal SIG, with SA_SIGINFO; it must not return. 0 or -1. */
int kx_catch(int sig, void (*handler)(int, siginfo_t *, void *));

/* ELF machine numbers, as kexec's flags carry them too. */
#define EM_386			3
#define EM_PPC64		21
#define EM_X86_64		62
#define EM_AARCH64		183

/* The machine kxtool was built for: its ELF machine number, byte order, long. */
struct kx_native {
	unsigned short machine;
	unsigned char big_endian, word;
};
extern const struct kx_native kx_native;

/* strchr and strrchr: libc's word-at-a-time scans cost more than they save here. */
char *kx_strchr(const char *s, int c);
char *kx_strrchr(const char *s, int c);

/* write(2) until done, retrying EINTR and short writes; -1 with errno. */
int kx_write_all(int fd, const void *p, size_t n);
/* Read N bytes, fewer only at the end of FD: the count, or -1 with errno. */
ssize_t kx_read_full(int fd, void *p, size_t n);
/* Read FD to its end, appending to B; -1 with errno. */
int kx_read_all(int fd, struct kx_buf *b);
/*
 * FD's bytes, *LEN of them: a regular file mapped (private, read-only), so
 * a 40 MB kernel costs no heap; anything else (a pipe, a /proc file) read.
 * Exits on failure, naming NAME.
 */
unsigned char *kx_file_bytes(int fd, const char *name, uint64_t *len);
/* PATH's first CAP - 1 bytes, NUL-terminated: the count, or -1. */
ssize_t kx_read_small(const char *path, char *buf, size_t cap);

/*
 * The next hop of the symlink PATH into NEXT, PATH_MAX bytes (a relative target made
 * relative to PATH's directory): its length, or -1 with errno (EINVAL: PATH
 * is not a symlink).
 */
ssize_t kx_link_step(const char *path, char *next);

/*
 * Write a finished result to PATH, or to stdout when PATH is NULL or "-".
 * A symlink is followed to its final target. A regular file, or a name not
 * there yet, appears whole or not at all: the bytes go to a temporary file
 * in the same directory, renamed over it only after every write and the
 * close succeeded. A device or a FIFO is written in place. Reports its own
 * errors; returns KX_OK or KX_FAIL.
 */
int kx_output(const char *path, const void *p, size_t n);

#endif
