/*
 * The kexec applet's parts: the command line kexec-tools' callers speak
 * (kexec_args.c, pure and fuzzed), and the way from a kernel file to the
 * same three explicit steps a power user would type (kexec_plan.c): the
 * v2wrap, fs2dt and loadem command lines, built as argument vectors and
 * run through those applets' own cores, so that what kexec -n prints is
 * exactly what kexec loads.
 */
#ifndef KEXEC_H
#define KEXEC_H

#include <stddef.h>
#include <stdint.h>

#include "image.h"

/* What to do: bits, as kexec-tools lets them combine (-p -u, -l -S). */
enum {
	KEXEC_LOAD = 1,		/* -l */
	KEXEC_PANIC = 2,	/* -p: the crash kernel */
	KEXEC_EXEC = 4,		/* -e */
	KEXEC_FORCE = 8,	/* -f: load, if a kernel is named, and exec now */
	KEXEC_UNLOAD = 16,	/* -u */
	KEXEC_STATUS = 32,	/* -S */
	KEXEC_CKR_SIZE = 64,	/* --print-ckr-size */
	KEXEC_HELP = 128,
	KEXEC_VERSION = 256,
};

struct kexec_opts {
	unsigned action;
	int syscall;		/* 'a' (both, file first), 's' (file), 'c' (kexec_load) */
	int no_ifdown, no_sync, debug, dry, reuse_cmdline;
	const char *kernel, *initrd, *dtb, *append;
	uint64_t mem_min, mem_max;
	/* A usage error: the message and the argument (or NULL) it names. */
	const char *bad, *bad_arg;
};

/*
 * ARGV into O, as kexec-tools reads it: bundled short options, --opt=V
 * and --opt V, options anywhere, the kernel the one word that is not an
 * option. No I/O, no exit: 0, or -1 with O's bad fields set. ARGV's words
 * are reordered (options first).
 */
int kexec_parse(int argc, char **argv, struct kexec_opts *o);

/*
 * kexec_plan.c: one load, from the kernel file to the kexec_load call. The
 * applet fills the first part; the rest is kexec_plan_load's.
 */
struct kexec_job {
	const struct kexec_opts *o;
	const char *cmdline;		/* NUL-terminated, as the kernel gets it */
	unsigned char *kernel;		/* the kernel file, mapped */
	uint64_t kernel_len, initrd_len;
	struct image *img;
	/* The command lines, NULL-terminated, and what they made. */
	char *v2wrap[8], *corehdr[8], *fs2dt[24], *loadem[56];
	unsigned char stub[0x200];
	size_t stub_len, blob_len, hdr_len;
	unsigned char *blob, *hdr;
	uint64_t entry, kaddr, initrd;	/* where the stub, the kernel and the initrd go */
	/* -p: the crash region, and where the 64 KiB backup and the core header go. */
	uint64_t crash_start, crash_end, save, hdr_addr;
	const char *stub_word, *hdr_word;	/* their -f words on loadem's line */
};

/* Plan the load of J (a ppc64 ELF or an arm64 Image) and, unless -n, make it. An exit code. */
int kexec_plan_load(struct kexec_job *j);

#endif
