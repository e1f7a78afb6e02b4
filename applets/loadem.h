/*
 * loadem's seam to the kernel: every syscall that loads, reboots or asks
 * for permission, and every kernel file it reads, goes through loadem_sys.
 * A unit test swaps in recorders and fake files (tests/unit/loadem_sys.c);
 * the real call is proven by the end-to-end tests.
 */
#ifndef LOADEM_H
#define LOADEM_H

#include <stddef.h>

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

#endif
