/*
 * kexec_parse (applets/lib/kexec_args.c), table-driven: kexec-tools'
 * command line in, struct kexec_opts or a usage error out. Every form of
 * every option, options anywhere, the combinations check() refuses, and
 * the exact command lines of the callers (systemd, petitboot, Debian's
 * init script, kdump-tools). Each word is a copy of its own, as the
 * parser writes into them (the '=' of --opt=V).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kexec.h"
#include "unit.h"

#define MAXW 24

/* The flags in one word: no_ifdown, no_sync, debug, dry, reuse_cmdline. */
enum { FX = 1, FY = 2, FD = 4, FN = 8, FR = 16 };

#define L KEXEC_LOAD
#define P KEXEC_PANIC
#define E KEXEC_EXEC
#define F KEXEC_FORCE
#define U KEXEC_UNLOAD
#define S KEXEC_STATUS

struct kcase {
	const char *name;
	const char *argv[MAXW];		/* after argv[0], NULL-terminated */
	int err;			/* a usage error is wanted */
	const char *bad_arg;		/* with err: the word it names, or NULL */
	const char *bad_has;		/* with err: words of the message */
	unsigned action;
	int syscall;			/* 0: 'a' */
	const char *kernel, *initrd, *dtb, *append;
	unsigned flags;
	uint64_t mem_min;
	int has_max;			/* else mem_max must be UINT64_MAX */
	uint64_t mem_max;
};

#define MAX(v) .has_max = 1, .mem_max = (v)

/* A usage error naming ARG (or NULL), its message holding HAS. */
#define BAD(arg, has) .err = 1, .bad_arg = (arg), .bad_has = (has)

/* The command line Debian's /proc/cmdline gives $(cat /proc/cmdline). */
#define CMDLINE "BOOT_IMAGE=/boot/vmlinux-6.1.0-18-powerpc64le " \
	"root=UUID=0b2f4c1e-7d3a-4e55-9f0a-2c6d1b9e8a41 ro quiet console=hvc0"

static const struct kcase cases[] = {
	/* Actions, long and short. */
	{ "-l K", { "-l", "K" }, .action = L, .kernel = "K" },
	{ "--load K", { "--load", "K" }, .action = L, .kernel = "K" },
	{ "the kernel first: K -l", { "K", "-l" }, .action = L, .kernel = "K" },
	{ "the kernel in the middle", { "-l", "K", "--initrd=I", "-x" },
	  .action = L, .kernel = "K", .initrd = "I", .flags = FX },
	{ "a kernel alone: no action", { "K" }, .action = 0, .kernel = "K" },
	{ "-p K", { "-p", "K" }, .action = P, .kernel = "K" },
	{ "--load-panic K", { "--load-panic", "K" }, .action = P, .kernel = "K" },
	{ "-p -l K", { "-p", "-l", "K" }, .action = P | L, .kernel = "K" },
	{ "-e", { "-e" }, .action = E },
	{ "--exec", { "--exec" }, .action = E },
	{ "-f K", { "-f", "K" }, .action = F, .kernel = "K" },
	{ "--force K", { "--force", "K" }, .action = F, .kernel = "K" },
	{ "-f alone: boot what is loaded", { "-f" }, .action = F },
	{ "-u", { "-u" }, .action = U },
	{ "--unload", { "--unload" }, .action = U },
	{ "-u with -p", { "-u", "-p" }, .action = U | P },
	{ "-pu bundled", { "-pu" }, .action = U | P },
	{ "-S", { "-S" }, .action = S },
	{ "--status", { "--status" }, .action = S },
	{ "-S with -l", { "-S", "-l" }, .action = S | L },
	{ "-S with -p", { "-S", "-p" }, .action = S | P },
	{ "-lS bundled", { "-lS" }, .action = S | L },
	{ "--print-ckr-size", { "--print-ckr-size" }, .action = KEXEC_CKR_SIZE },
	{ "-h", { "-h" }, .action = KEXEC_HELP },
	{ "--help", { "--help" }, .action = KEXEC_HELP },
	{ "-h with a kernel and -u: help wins", { "-h", "-u", "K" },
	  .action = KEXEC_HELP | U, .kernel = "K" },
	{ "-v", { "-v" }, .action = KEXEC_VERSION },
	{ "--version", { "--version" }, .action = KEXEC_VERSION },

	/* Bundled short options. */
	{ "-lx K", { "-lx", "K" }, .action = L, .kernel = "K", .flags = FX },
	{ "-xydn -l K", { "-xydn", "-l", "K" }, .action = L, .kernel = "K",
	  .flags = FX | FY | FD | FN },
	{ "-ls: the syscall letter in a bundle", { "-ls", "K" }, .action = L, .kernel = "K",
	  .syscall = 's' },
	{ "-lt ppc64: -t's value is the next word", { "-lt", "ppc64", "K" },
	  .action = L, .kernel = "K" },
	{ "-ltppc64: -t's value glued", { "-ltppc64", "K" }, .action = L, .kernel = "K" },

	/* Values: --opt=V and --opt V. */
	{ "--initrd=I", { "-l", "--initrd=I", "K" }, .action = L, .kernel = "K", .initrd = "I" },
	{ "--initrd I", { "-l", "--initrd", "I", "K" }, .action = L, .kernel = "K", .initrd = "I" },
	{ "--ramdisk=I is --initrd", { "-l", "--ramdisk=I", "K" },
	  .action = L, .kernel = "K", .initrd = "I" },
	{ "--ramdisk I", { "-l", "--ramdisk", "I", "K" },
	  .action = L, .kernel = "K", .initrd = "I" },
	{ "--initrd then --ramdisk: the last wins", { "-l", "--initrd=A", "--ramdisk=B", "K" },
	  .action = L, .kernel = "K", .initrd = "B" },
	{ "--append=A", { "-l", "--append=A", "K" }, .action = L, .kernel = "K", .append = "A" },
	{ "--append A", { "-l", "--append", "A", "K" },
	  .action = L, .kernel = "K", .append = "A" },
	{ "--command-line=A is --append", { "-l", "--command-line=A", "K" },
	  .action = L, .kernel = "K", .append = "A" },
	{ "--command-line A", { "-l", "--command-line", "A", "K" },
	  .action = L, .kernel = "K", .append = "A" },
	{ "--append then --command-line: the last wins",
	  { "-l", "--append=A", "--command-line=B", "K" },
	  .action = L, .kernel = "K", .append = "B" },
	{ "--command-line then --append: the last wins",
	  { "-l", "--command-line", "B", "--append", "A", "K" },
	  .action = L, .kernel = "K", .append = "A" },
	{ "--append= is an empty command line", { "-l", "--append=", "K" },
	  .action = L, .kernel = "K", .append = "" },
	{ "--append '' too", { "-l", "--append", "", "K" },
	  .action = L, .kernel = "K", .append = "" },
	{ "--append's value may hold '=' and start with '-'",
	  { "-l", "--append", "-x=1 root=/dev/sda", "K" },
	  .action = L, .kernel = "K", .append = "-x=1 root=/dev/sda" },
	{ "--dtb=F", { "-l", "--dtb=F", "K" }, .action = L, .kernel = "K", .dtb = "F" },
	{ "--dtb F", { "-l", "--dtb", "F", "K" }, .action = L, .kernel = "K", .dtb = "F" },
	{ "--devicetreeblob=F is --dtb", { "-l", "--devicetreeblob=F", "K" },
	  .action = L, .kernel = "K", .dtb = "F" },
	{ "--devicetreeblob F", { "-l", "--devicetreeblob", "F", "K" },
	  .action = L, .kernel = "K", .dtb = "F" },
	{ "--reuse-cmdline", { "-l", "--reuse-cmdline", "K" },
	  .action = L, .kernel = "K", .flags = FR },
	{ "--reuse-cmdline with --append", { "-l", "--reuse-cmdline", "--append=quiet", "K" },
	  .action = L, .kernel = "K", .flags = FR, .append = "quiet" },
	{ "--mem-min=0x1000 --mem-max 0x7fffffff", { "-l", "--mem-min=0x1000", "--mem-max",
	  "0x7fffffff", "K" }, .action = L, .kernel = "K", .mem_min = 0x1000, MAX(0x7fffffff) },
	{ "--mem-min decimal", { "-l", "--mem-min", "4096", "K" },
	  .action = L, .kernel = "K", .mem_min = 4096 },
	{ "--mem-max 0xffffffffffffffff", { "-l", "--mem-max=0xffffffffffffffff", "K" },
	  .action = L, .kernel = "K", MAX(UINT64_MAX) },
	{ "--mem-min=0 --mem-max=0", { "-l", "--mem-min=0", "--mem-max=0", "K" },
	  .action = L, .kernel = "K", .mem_min = 0, MAX(0) },
	{ "--mem-max twice: the last wins", { "-l", "--mem-max=1", "--mem-max=0x20", "K" },
	  .action = L, .kernel = "K", MAX(0x20) },
	/* The message names the option, the argument is the bad value. */
	{ "--mem-min junk", { "-l", "--mem-min=12k", "K" }, BAD("12k", "--mem-min: not a number") },
	{ "--mem-max junk", { "-l", "--mem-max", "0x", "K" }, BAD("0x", "--mem-max: not a number") },
	{ "--mem-max empty", { "-l", "--mem-max=", "K" }, BAD("", "--mem-max: not a number") },
	{ "--mem-min negative", { "-l", "--mem-min", "-1", "K" }, BAD("-1", "--mem-min: not a number") },
	{ "--mem-max past 2^64", { "-l", "--mem-max=0x10000000000000000", "K" },
	  BAD("0x10000000000000000", "--mem-max: not a number") },
	{ "--mem-min with a space", { "-l", "--mem-min= 1", "K" },
	  BAD(" 1", "--mem-min: not a number") },

	/* The syscall: -s, -c, -a, 'a' by default, the last one wins. */
	{ "-s", { "-s", "-l", "K" }, .action = L, .kernel = "K", .syscall = 's' },
	{ "--kexec-file-syscall", { "--kexec-file-syscall", "-l", "K" },
	  .action = L, .kernel = "K", .syscall = 's' },
	{ "-c", { "-c", "-l", "K" }, .action = L, .kernel = "K", .syscall = 'c' },
	{ "--kexec-syscall", { "--kexec-syscall", "-l", "K" },
	  .action = L, .kernel = "K", .syscall = 'c' },
	{ "-a", { "-c", "-a", "-l", "K" }, .action = L, .kernel = "K", .syscall = 'a' },
	{ "--kexec-syscall-auto", { "-s", "--kexec-syscall-auto", "-l", "K" },
	  .action = L, .kernel = "K", .syscall = 'a' },
	{ "-s then -c: the last wins", { "-s", "-c", "-l", "K" },
	  .action = L, .kernel = "K", .syscall = 'c' },

	/* Flags, and options that change nothing. */
	{ "-x", { "-x", "-l", "K" }, .action = L, .kernel = "K", .flags = FX },
	{ "--no-ifdown", { "--no-ifdown", "-l", "K" }, .action = L, .kernel = "K", .flags = FX },
	{ "-y", { "-y", "-l", "K" }, .action = L, .kernel = "K", .flags = FY },
	{ "--no-sync", { "--no-sync", "-l", "K" }, .action = L, .kernel = "K", .flags = FY },
	{ "-d", { "-d", "-l", "K" }, .action = L, .kernel = "K", .flags = FD },
	{ "--debug", { "--debug", "-l", "K" }, .action = L, .kernel = "K", .flags = FD },
	{ "-n", { "-n", "-l", "K" }, .action = L, .kernel = "K", .flags = FN },
	{ "--dry-run", { "--dry-run", "-l", "K" }, .action = L, .kernel = "K", .flags = FN },
	{ "-i changes nothing", { "-i", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--no-checks changes nothing", { "--no-checks", "-l", "K" }, .action = L, .kernel = "K" },
	{ "-t TYPE changes nothing", { "-t", "elf-ppc64", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--type=TYPE", { "--type=Image", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--args-linux", { "--args-linux", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--elf64-core-headers", { "--elf64-core-headers", "-p", "K" }, .action = P, .kernel = "K" },
	{ "--dt-no-old-root", { "--dt-no-old-root", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--console-vga", { "--console-vga", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--console-serial", { "--console-serial", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--reset-vga", { "--reset-vga", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--serial V", { "--serial", "ttyS0", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--serial=V", { "--serial=0x3f8", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--serial-baud V", { "--serial-baud", "115200", "-l", "K" }, .action = L, .kernel = "K" },
	{ "--serial-baud=V", { "--serial-baud=9600", "-l", "K" }, .action = L, .kernel = "K" },

	/* Refused: a usage error naming the option. */
	{ "--reuseinitrd", { "-l", "--reuseinitrd", "K" }, BAD("--reuseinitrd", "not supported") },
	{ "--load-preserve-context", { "--load-preserve-context", "-l", "K" },
	  BAD("--load-preserve-context", "not supported") },
	{ "--load-jump-back-helper", { "--load-jump-back-helper" },
	  BAD("--load-jump-back-helper", "not supported") },
	{ "--entry=A", { "-l", "--entry=0x100000", "K" }, BAD("--entry", "not supported") },
	{ "--entry A", { "-l", "--entry", "0x100000", "K" }, BAD("--entry", "not supported") },
	{ "an unknown long option", { "-l", "--nosuch", "K" }, BAD("--nosuch", "unknown") },
	{ "an unknown short option", { "-l", "-q", "K" }, BAD("-q", "unknown") },
	{ "an unknown letter in a bundle", { "-lq", "K" }, BAD("-q", "unknown") },
	{ "a digit key is not a short option", { "-1", "A", "K" }, BAD("-1", "unknown") },
	{ "long names are not abbreviated", { "--appen=A", "-l", "K" }, BAD("--appen", "unknown") },
	{ "a value for an option that takes none", { "--load=K" }, BAD("--load", "no value") },
	{ "--initrd without its value", { "-l", "K", "--initrd" }, BAD("--initrd", "needs a value") },
	{ "-t without its value", { "-l", "K", "-t" }, BAD("-t", "needs a value") },
	{ "--append without its value", { "K", "-l", "--append" },
	  BAD("--append", "needs a value") },

	/* The combinations check() refuses. */
	{ "-u with a kernel", { "-u", "K" }, BAD("K", "no kernel") },
	{ "-S with a kernel", { "-S", "K" }, BAD("K", "no kernel") },
	{ "-e with a kernel", { "-e", "K" }, BAD("K", "no kernel") },
	{ "-p -u with a kernel", { "-p", "-u", "K" }, BAD("K", "no kernel") },
	{ "-e with -l", { "-e", "-l" }, BAD(NULL, "one of") },
	{ "-u with -l", { "-u", "-l" }, BAD(NULL, "one of") },
	{ "-u with -e", { "-u", "-e" }, BAD(NULL, "one of") },
	{ "-e with -f", { "-e", "-f" }, BAD(NULL, "one of") },
	{ "-p with -e", { "-p", "-e" }, BAD(NULL, "panic") },
	{ "-p with -f", { "-p", "-f", "K" }, BAD(NULL, "panic") },
	{ "-p with -f, no kernel", { "-pf" }, BAD(NULL, "panic") },
	{ "-l with -f", { "-l", "-f", "K" }, BAD(NULL, "-l loads") },
	{ "-l without a kernel", { "-l" }, BAD(NULL, "no kernel") },
	{ "-p without a kernel", { "-p" }, BAD(NULL, "no kernel") },
	{ "-l -x, no kernel", { "-l", "-x", "--initrd=I" }, BAD(NULL, "no kernel") },
	{ "nothing at all", { NULL }, BAD(NULL, "no kernel") },
	{ "two kernels", { "-l", "K1", "K2" }, BAD("K2", "extra") },
	{ "two kernels around an option", { "K1", "-l", "K2" }, BAD("K2", "extra") },
	{ "the first error is the one named", { "--nosuch", "--reuseinitrd", "K1", "K2" },
	  BAD("--nosuch", "unknown") },

	/* Words that look like options and are not. */
	{ "\"--\" ends the options", { "-l", "--", "-K" }, .action = L, .kernel = "-K" },
	{ "\"--\" then nothing more", { "-l", "K", "--" }, .action = L, .kernel = "K" },
	{ "two kernels, one after \"--\"", { "-l", "K", "--", "-l" }, BAD("-l", "extra") },
	{ "\"-\" is a word, not an option", { "-l", "-" }, .action = L, .kernel = "-" },
	{ "--dtb takes the next word whatever it is", { "--dtb", "-l", "K" },
	  .action = 0, .kernel = "K", .dtb = "-l" },

	/* The callers' exact command lines. */
	{ "systemd: kexec --load K --append OPTIONS --initrd INITRD",
	  { "--load", "/boot/vmlinuz-6.1.0-18-amd64", "--append",
	    "root=/dev/vda1 ro quiet", "--initrd", "/boot/initrd.img-6.1.0-18-amd64" },
	  .action = L, .kernel = "/boot/vmlinuz-6.1.0-18-amd64",
	  .initrd = "/boot/initrd.img-6.1.0-18-amd64", .append = "root=/dev/vda1 ro quiet" },
	{ "systemd: --append=OPTIONS --initrd=INITRD",
	  { "--load", "/boot/vmlinuz", "--append=root=/dev/vda1 ro", "--initrd=/boot/initrd.img" },
	  .action = L, .kernel = "/boot/vmlinuz", .initrd = "/boot/initrd.img",
	  .append = "root=/dev/vda1 ro" },
	{ "systemd: kexec -e", { "-e" }, .action = E },
	{ "petitboot: kexec -l --debug --initrd=F --dtb=F --append=ARGS IMAGE",
	  { "-l", "--debug", "--initrd=/var/petitboot/mnt/dev/sda2/boot/initrd.img",
	    "--dtb=/tmp/pb-dtb", "--append=root=/dev/sda2 console=hvc0",
	    "/var/petitboot/mnt/dev/sda2/boot/vmlinux" },
	  .action = L, .flags = FD, .kernel = "/var/petitboot/mnt/dev/sda2/boot/vmlinux",
	  .initrd = "/var/petitboot/mnt/dev/sda2/boot/initrd.img", .dtb = "/tmp/pb-dtb",
	  .append = "root=/dev/sda2 console=hvc0" },
	{ "petitboot: --append=\"\" keeps the two quote characters",
	  { "-l", "--debug", "--initrd=/tmp/i", "--dtb=/tmp/d", "--append=\"\"", "/tmp/k" },
	  .action = L, .flags = FD, .kernel = "/tmp/k", .initrd = "/tmp/i", .dtb = "/tmp/d",
	  .append = "\"\"" },
	{ "Debian init: kexec -l KERNEL --initrd=F --append=\"$(cat /proc/cmdline)\"",
	  { "-l", "/boot/vmlinux-6.1.0-18-powerpc64le",
	    "--initrd=/boot/initrd.img-6.1.0-18-powerpc64le", "--append=" CMDLINE },
	  .action = L, .kernel = "/boot/vmlinux-6.1.0-18-powerpc64le",
	  .initrd = "/boot/initrd.img-6.1.0-18-powerpc64le", .append = CMDLINE },
	{ "kdump-tools: kexec -p -s --args-linux --command-line=... --initrd=F KERNEL",
	  { "-p", "-s", "--args-linux",
	    "--command-line=" CMDLINE " irqpoll nr_cpus=1 systemd.unit=kdump-tools-dump.service",
	    "--initrd=/var/lib/kdump/initrd.img", "/var/lib/kdump/vmlinuz" },
	  .action = P, .syscall = 's', .kernel = "/var/lib/kdump/vmlinuz",
	  .initrd = "/var/lib/kdump/initrd.img",
	  .append = CMDLINE " irqpoll nr_cpus=1 systemd.unit=kdump-tools-dump.service" },
	{ "kdump-tools: kexec -s -p -u", { "-s", "-p", "-u" }, .action = P | U, .syscall = 's' },
};

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * Whether P points into this thread's stack, near a local of ours: what a
 * value left pointing into kexec_parse's returned frame would do (a short
 * option's name once did, "-q" in its struct kx_getopt).
 */
static __attribute__((noinline)) int on_stack(const void *p)
{
	char here;
	uintptr_t a = (uintptr_t)p, h = (uintptr_t)&here;

	return a > h - (1 << 20) && a < h + (1 << 20);
}

static void run(const struct kcase *c)
{
	char *argv[MAXW + 2], *copy[MAXW + 2], name[200];
	struct kexec_opts o;
	int argc = 1, r, ok;
	unsigned flags;

	argv[0] = copy[0] = strdup("kexec");
	while (argc <= MAXW && c->argv[argc - 1]) {
		argv[argc] = copy[argc] = strdup(c->argv[argc - 1]);
		argc++;
	}
	argv[argc] = NULL;
	r = kexec_parse(argc, argv, &o);
	snprintf(name, sizeof(name), "kexec_parse: %s", c->name);
	if (c->err) {
		ok = r == -1 && o.bad && *o.bad && !on_stack(o.bad_arg) &&
		     same_str(o.bad_arg, c->bad_arg) &&
		     (!c->bad_has || strstr(o.bad, c->bad_has));
		if (!ok)
			printf("  got %d: %s: %s\n", r, o.bad ? o.bad : "(no message)",
			       o.bad_arg ? o.bad_arg : "(no argument)");
	} else {
		flags = (o.no_ifdown ? FX : 0) | (o.no_sync ? FY : 0) | (o.debug ? FD : 0) |
			(o.dry ? FN : 0) | (o.reuse_cmdline ? FR : 0);
		ok = r == 0 && !o.bad && o.action == c->action && flags == c->flags &&
		     o.syscall == (c->syscall ? c->syscall : 'a') &&
		     same_str(o.kernel, c->kernel) && same_str(o.initrd, c->initrd) &&
		     same_str(o.dtb, c->dtb) && same_str(o.append, c->append) &&
		     o.mem_min == c->mem_min &&
		     o.mem_max == (c->has_max ? c->mem_max : UINT64_MAX);
		/* The words are reordered: the kernel, then nothing. */
		ok &= argv[1] == o.kernel && (!o.kernel || !argv[2]);
		if (!ok)
			printf("  got %d: %s %s; action 0x%x flags 0x%x syscall %c kernel %s "
			       "initrd %s dtb %s append [%s]\n", r, o.bad ? o.bad : "",
			       o.bad_arg ? o.bad_arg : "", o.action, flags, o.syscall,
			       o.kernel ? o.kernel : "-", o.initrd ? o.initrd : "-",
			       o.dtb ? o.dtb : "-", o.append ? o.append : "-");
	}
	CHECK(name, ok);
	while (argc--)
		free(copy[argc]);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run(&cases[i]);
	return unit_done();
}
