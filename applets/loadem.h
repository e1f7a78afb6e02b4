/*
 * loadem's seam to the kernel: every syscall that loads, reboots or asks
 * for permission, and every kernel file it reads, goes through loadem_sys.
 * A unit test swaps in recorders and fake files (tests/unit/loadem_sys.c);
 * the real call is proven by the end-to-end tests.
 */
#ifndef LOADEM_H
#define LOADEM_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

/* The kernel's struct kexec_segment, field for field. */
struct loadem_segment {
	const void *buf;
	size_t bufsz;
	unsigned long mem;
	size_t memsz;
};

struct loadem_sys {
	/* 0, or -1 with errno. */
	long (*kexec_load)(unsigned long entry, unsigned long nr,
			   const struct loadem_segment *seg, unsigned long flags);
	long (*reboot_kexec)(void);
	void (*sync)(void);
	int (*has_cap_sys_boot)(void);
	const char *kexec_loaded;	/* "1\n" when an image is loaded */
	const char *load_disabled;	/* the kexec_load_disabled sysctl */
	const char *lockdown;		/* "none [integrity] confidentiality" */
	const char *kernel_end;		/* ppc64: big-endian u64 */
};

extern struct loadem_sys loadem_sys;

/* The command line, as loadem_parse leaves it. */
struct loadem_opts {
	struct plan_step *step;	/* room for argc steps, from the caller */
	unsigned char **bytes;	/* each -f/-s step's bytes, writable by us */
	size_t nstep;
	uint64_t page;
	unsigned arch;		/* ELF machine number; 0 = native */
	unsigned word;
	int big_endian, crash, dry, unload, reboot;
	/* A usage error: the message and the argument (or NULL) it names. */
	const char *bad, *bad_arg;
	char what[64];		/* room for a message naming the option */
};

/*
 * The options into O (page, word and byte order preset by the caller).
 * No I/O and no exit, so a fuzzer can feed it any argument vector:
 * 0, or -1 with O's bad fields set for the caller's kx_usage.
 */
int loadem_parse(int argc, char **argv, struct loadem_opts *o);

#endif
