/*
 * kexec's command line: kexec-tools' options (kexec(8), 2.0.27's defaults),
 * as systemd, petitboot, Debian's init scripts and kdump-tools pass them.
 * Pure: no I/O, no exit (kx_getopt's quiet mode), so that
 * tests/fuzz/kexec_args.c can feed it any argument vector.
 */
#include <string.h>

#include "kexec.h"
#include "kxtool.h"

/*
 * Letter keys are short options too; the others are long only. Key 7: the
 * options that change nothing here (ppc64's loader options, which select
 * what kxtool always does; x86's purgatory console options, for a
 * purgatory kxtool has none of). Key 9: those kxtool refuses.
 */
#define KEXEC_OPTIONS \
	"l(load)e(exec)f(force)p(load-panic)u(unload)S(status)" \
	"s(kexec-file-syscall)c(kexec-syscall)a(kexec-syscall-auto)" \
	"x(no-ifdown)y(no-sync)i(no-checks)d(debug)n(dry-run)t(type):h(help)v(version)" \
	"1(append)(command-line):2(reuse-cmdline)3(initrd)(ramdisk):" \
	"4(dtb)(devicetreeblob):5(mem-min):6(mem-max):0(print-ckr-size)" \
	"7(args-linux)(elf64-core-headers)(dt-no-old-root)(console-vga)" \
		"(console-serial)(reset-vga)" \
	"8(serial)(serial-baud):" \
	"9(reuseinitrd)(load-preserve-context)(load-jump-back-helper)+(entry):"

static int bad(struct kexec_opts *o, const char *what, const char *arg)
{
	o->bad = what;
	o->bad_arg = arg;
	return -1;
}

/* The option KEY with its value ARG; 0, or -1 with O's bad fields set. */
static int option(struct kexec_opts *o, int key, const char *arg, const char *opt)
{
	static const char actions[] = "lpefuS0hv";	/* in the order of the bits */

	switch (key) {
	case 's': case 'c': case 'a':
		o->syscall = key;
		break;
	case 'x': o->no_ifdown = 1; break;
	case 'y': o->no_sync = 1; break;
	case 'd': o->debug = 1; break;
	case 'n': o->dry = 1; break;
	case '1': o->append = arg; break;
	case '2': o->reuse_cmdline = 1; break;
	case '3': o->initrd = arg; break;
	case '4': o->dtb = arg; break;
	case '5':
	case '6':
		if (kx_parse_u64(arg, key == '5' ? &o->mem_min : &o->mem_max))
			return bad(o, key == '5' ? "--mem-min: not a number (0x-hex or decimal)" :
				   "--mem-max: not a number (0x-hex or decimal)", arg);
		break;
	case '9':
	case '+':
		return bad(o, "not supported by kxtool (README, kexec)", opt);
	case 'i': case 't': case '7': case '8':
		break;		/* accepted, and change nothing here */
	default:
		o->action |= 1u << (kx_strchr(actions, key) - actions);
	}
	return 0;
}

/* Which combinations mean something, and what each needs. */
static int check(struct kexec_opts *o)
{
	unsigned a = o->action & ~KEXEC_PANIC;

	if (o->action & (KEXEC_CKR_SIZE | KEXEC_HELP | KEXEC_VERSION))
		return 0;
	if (a & (KEXEC_UNLOAD | KEXEC_STATUS | KEXEC_EXEC)) {
		if (o->kernel)
			return bad(o, "no kernel is loaded by -u, -S or -e", o->kernel);
		if (a & KEXEC_STATUS)
			return 0;	/* -l or -p says which image */
		if (a != KEXEC_UNLOAD && a != KEXEC_EXEC)
			return bad(o, "one of -l, -e, -f, -u or -S at a time", NULL);
	} else if (!o->kernel && !(a & KEXEC_FORCE)) {
		return bad(o, "no kernel: give the kernel file", NULL);
	}
	if ((o->action & KEXEC_PANIC) && (a & (KEXEC_EXEC | KEXEC_FORCE)))
		return bad(o, "a panic kernel (-p) boots at a crash, not with -e or -f", NULL);
	if ((a & KEXEC_LOAD) && (a & KEXEC_FORCE))
		return bad(o, "-l loads, -f loads and boots: one of them", NULL);
	return 0;
}

int kexec_parse(int argc, char **argv, struct kexec_opts *o)
{
	struct kx_getopt g = { .ind = 1, .permute = 1, .quiet = 1 };
	/* A short option's name ("-q") lives in G, gone when we return: o->bad_arg keeps a copy. */
	static char letter[sizeof(g.letter)];
	const char *opt;
	int key;

	(void)argc;
	memset(o, 0, sizeof(*o));
	o->syscall = 'a';
	o->mem_max = UINT64_MAX;
	while ((key = kx_getopt(&g, argv, KEXEC_OPTIONS)) != -1) {
		opt = g.opt;
		if (opt == g.letter)
			opt = memcpy(letter, g.letter, sizeof(letter));
		if (key == '?')
			return bad(o, g.err, opt);
		if (option(o, key, g.arg, opt))
			return -1;
	}
	o->kernel = argv[g.ind];
	if (o->kernel && argv[g.ind + 1])
		return bad(o, "one kernel; extra argument", argv[g.ind + 1]);
	return check(o);
}
