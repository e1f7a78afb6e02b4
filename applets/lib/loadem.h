/*
 * The loader: a list of loadem steps in, one kexec_load call out. loadem
 * is its command line; kexec builds the same steps itself, so both load
 * through the same planner, the same checks and the same messages.
 *
 *   loadem_args.c  loadem's command line into steps (pure, fuzzed)
 *   loadem_load.c  the steps' files, the plan, the call, the reboot
 *   loadem_say.c   the plan and the kernel's answers in words
 *
 * Every system call that loads, reboots or asks for permission goes
 * through loadem_sys, and so does every kernel file read for a check. A
 * unit test swaps in recorders and fake files (tests/unit/loadem_sys.c);
 * the real calls are proven by the qemu tests.
 */
#ifndef LOADEM_H
#define LOADEM_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

#define KEXEC_ON_CRASH		1
#define KEXEC_ARCH_SHIFT	16

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
			   const void *seg, unsigned long flags);
	long (*reboot_kexec)(void);
	void (*sync)(void);
	int (*has_cap_sys_boot)(void);
	const char *kexec_loaded;	/* "1\n" when an image is loaded */
	const char *load_disabled;	/* the kexec_load_disabled sysctl */
	const char *lockdown;		/* "none [integrity] confidentiality" */
	const char *kernel_end;		/* ppc64: big-endian u64 */
	const char *iomem;		/* where -p finds the crash region */
};

extern struct loadem_sys loadem_sys;

/* What to load, and how: loadem's command line, or kexec's plan. */
struct loadem_opts {
	struct plan_step *step;	/* room for argc steps, from the caller */
	size_t nstep;
	uint64_t page;
	unsigned arch;		/* ELF machine number; 0 = native */
	unsigned word;
	int big_endian, crash, dry, unload, reboot;
	int no_sync;		/* kexec -y: the reboot without a sync first */
	void (*before_reboot)(void);	/* kexec: take the network down */
	/* A usage error: the message and the argument (or NULL) it names. */
	const char *bad, *bad_arg;
	char what[64];		/* room for a message naming the option */
};

/*
 * loadem's options into O (page, word and byte order preset by the caller).
 * No I/O and no exit, so a fuzzer can feed it any argument vector:
 * 0, or -1 with O's bad fields set for the caller's kx_usage.
 */
int loadem_parse(int argc, char **argv, struct loadem_opts *o);
/* The file of a -f or -F step (-F OFF,LEN,FILE: FILE). */
const char *loadem_step_file(const struct plan_step *s);



/* Read the -f, -F and -s steps that have no data yet; exits on failure. */
void loadem_read_inputs(struct loadem_opts *o);
/* The plan, checked as the kernel would and more; exits when refused. */
void loadem_plan(const struct loadem_opts *o, struct plan *p);
/* The one kexec_load call; on failure, the errno explained. An exit code. */
int loadem_load(const struct loadem_opts *o, const struct plan *p);
int loadem_unload(const struct loadem_opts *o);
/* sync, then reboot(LINUX_REBOOT_CMD_KEXEC) when an image is loaded. */
int loadem_reboot(const struct loadem_opts *o);
/* The flags argument: the arch in bits 16..31, KEXEC_ON_CRASH. */
unsigned long loadem_flags(const struct loadem_opts *o);

/* loadem_say.c: messages to stderr, the plan to FD. */
void loadem_plan_error(int err, const struct loadem_opts *o, const struct plan *p,
		       const struct plan_cfg *cfg);
void loadem_print_plan(int fd, const struct loadem_opts *o, const struct plan *p);
void loadem_print_flags(int fd, const struct loadem_opts *o);
/* What the kernel's ERR from kexec_load (or WHAT) means here; an exit code. */
int loadem_explain(const char *what, int err, const struct loadem_opts *o);

#endif
