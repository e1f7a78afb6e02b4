/*
 * loadem: load kexec segments exactly where the command line says.
 *
 * Spec: the seed's README (shared/seed/001) and issue 4. The options are a
 * small program run left to right: -a opens a segment, -f/-s/-4/-z fill
 * it, -c chains it into the one before, -e marks the entry. The pure
 * planner (plan.c) checks the whole plan before the one kexec_load call;
 * this file reads the files, talks to the kernel through loadem_sys
 * (loadem.h) and puts the kernel's answers into words.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kxtool.h"
#include "loadem.h"
#include "plan.h"

#define KEXEC_ON_CRASH		1
#define KEXEC_ARCH_SHIFT	16
#define EM_PPC64		21
#define LINUX_REBOOT_CMD_KEXEC	0x45584543
#define CAP_SYS_BOOT		22
#define NATIVE_BE		(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
#ifdef __powerpc64__
#define NATIVE_PPC64		1
#else
#define NATIVE_PPC64		0
#endif

const char loadem_usage[] =
	"[-npux] [-r PAGE] [-t ARCH] [-a ADDR [-f FILE|-s|-4|-z SIZE|-e|-c OFF]...]...\n\n"
	"Load kexec segments. Steps run left to right:\n"
	"-a ADDR  start a segment at ADDR (page-aligned)\n"
	"-f FILE  append FILE         -s  append standard input\n"
	"-4       zero-pad to 4 bytes -e  entry point = current address\n"
	"-z SIZE  add SIZE zeros (memsz only, unless bytes follow)\n"
	"-c OFF   put this segment's address in the previous one, as the\n"
	"         word ending at its byte OFF, in the target's byte order\n"
	"-r PAGE  page size (default: the kernel's)\n"
	"-t ARCH  ppc64 ppc64le x86_64 aarch64, or a number (21: ppc64,\n"
	"         this machine's byte order); default native\n"
	"-p panic image  -n dry run: print the plan  -u unload  -x kexec reboot\n"
	"Exit: 1 failed, 2 usage, 3 not permitted.\n";

static long real_kexec_load(unsigned long entry, unsigned long nr,
			    const struct loadem_segment *seg, unsigned long flags)
{
	return syscall(SYS_kexec_load, entry, nr, seg, flags);
}

static long real_reboot_kexec(void)
{
	return reboot(LINUX_REBOOT_CMD_KEXEC);
}

/* The raw capget ABI: no libcap, no <linux/capability.h> under musl. */
static int real_has_cap_sys_boot(void)
{
	struct { uint32_t version; int pid; } hdr = { 0x20080522, 0 };
	struct { uint32_t effective, permitted, inheritable; } data[2];

	if (syscall(SYS_capget, &hdr, data))
		return 1;	/* cannot tell: do not blame it */
	return data[0].effective >> CAP_SYS_BOOT & 1;
}

struct loadem_sys loadem_sys = {
	real_kexec_load, real_reboot_kexec, sync, real_has_cap_sys_boot,
	"/sys/kernel/kexec_loaded",
	"/proc/sys/kernel/kexec_load_disabled",
	"/sys/kernel/security/lockdown",
	"/proc/device-tree/chosen/linux,kernel-end",
};

/*
 * -t names fix the byte order; a number means this system's order, so the
 * seed's "-t 21" patches a v2wrap built for the machine it runs on.
 */
static const struct arch {
	char name[8];
	unsigned char machine, big_endian;
} arches[] KX_UNALIGNED = {
	{ "ppc64", EM_PPC64, 1 },
	{ "ppc64le", EM_PPC64, 0 },
	{ "x86_64", 62, 0 },
	{ "aarch64", 183, 0 },
};

/* A usage error, for loadem_main to report. */
static int bad(struct loadem_opts *o, const char *what, const char *arg)
{
	o->bad = what;
	o->bad_arg = arg;
	return -1;
}

static int parse_arch(const char *arg, struct loadem_opts *o)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		if (!strcmp(arg, arches[i].name)) {
			o->arch = arches[i].machine;
			o->big_endian = arches[i].big_endian;
			o->word = 8;
			return 0;
		}
	}
	if (kx_parse_u64(arg, &v) || v > 0xffff)
		return bad(o, "-t: not ppc64, ppc64le, x86_64, aarch64 or a number", arg);
	o->arch = v;
	o->big_endian = NATIVE_BE;
	/* EM_386, EM_PPC, EM_ARM, EM_SH: 32-bit, so -c writes 4 bytes. */
	o->word = v == 3 || v == 20 || v == 40 || v == 42 ? 4 :
		  v ? 8 : sizeof(long);
	return 0;
}

int loadem_parse(int argc, char **argv, struct loadem_opts *o)
{
	const char *opt, *val = NULL;
	struct plan_step *s;
	uint64_t num = 0;
	int i, seen_stdin = 0;

	for (i = 1; i < argc; i++) {
		opt = argv[i];
		/* Separate words only, as in the seed: "-ef" is a typo, not two. */
		if (opt[0] != '-' || !opt[1] || opt[2])
			return bad(o, "not an option", opt);
		if (kx_strchr("acfzrt", opt[1])) {
			if (++i == argc)
				return bad(o, "missing argument", opt);
			val = argv[i];
			if (kx_strchr("aczr", opt[1]) && kx_parse_u64(val, &num))
				return bad(o, kx_join(o->what, sizeof(o->what), opt,
						      ": not a number (0x-hex or decimal)", ""), val);
		}
		s = &o->step[o->nstep];
		switch (opt[1]) {
		case 'a': case 'c': case 'z':
			s->num = num;
			/* fall through */
		case 'f':
			s->arg = val;
			/* fall through */
		case 'e': case '4':
			s->op = opt[1];
			o->nstep++;
			break;
		case 's':
			if (seen_stdin++)
				return bad(o, "standard input can be read once", opt);
			s->op = 's';
			o->nstep++;
			break;
		case 'r':
			if (!num || num & (num - 1))
				return bad(o, "-r: not a power of two", val);
			o->page = num;
			break;
		case 't':
			if (parse_arch(val, o))
				return -1;
			break;
		case 'p': o->crash = 1; break;
		case 'n': o->dry = 1; break;
		case 'u': o->unload = 1; break;
		case 'x': o->reboot = 1; break;
		default:
			return bad(o, "unknown option", opt);
		}
	}
	if (!o->nstep && !o->unload && !o->reboot)
		return bad(o, "nothing to do: give segments, -u or -x", NULL);
	if (o->unload && (o->nstep || o->reboot))
		return bad(o, "-u takes no segments and no -x", NULL);
	/* reboot(KEXEC) boots the normal image; a panic image waits for a crash. */
	if (o->crash && o->reboot)
		return bad(o, "-x cannot boot a -p image", NULL);
	return 0;
}

/*
 * A regular file is mapped, not read, so a 40 MB kernel costs no heap.
 * Read-only and private: the rare page a -c word lands in is made writable
 * (and so copied) later, and the file itself never changes. Pipes, devices
 * and /proc files have no size to map and are read.
 */
static unsigned char *file_bytes(int fd, const char *name, uint64_t *len)
{
	struct kx_buf b = { 0 };
	struct stat st;
	void *map;

	if (fd != STDIN_FILENO && !kx_fstat(fd, &st) && S_ISREG(st.st_mode) &&
	    st.st_size > 0) {
		if ((uint64_t)st.st_size > SIZE_MAX)
			kx_die(KX_FAIL, "cannot map", name, EFBIG);
		map = kx_mmap(st.st_size, PROT_READ, MAP_PRIVATE, fd);
		if (map == MAP_FAILED)
			kx_die(KX_FAIL, "cannot map", name, errno);
		*len = st.st_size;
		return map;
	}
	if (kx_read_all(fd, &b))
		kx_die(KX_FAIL, "cannot read", name, errno);
	*len = b.len;
	return b.data;
}

static void read_inputs(struct loadem_opts *o)
{
	struct plan_step *s;
	size_t i;
	int fd;

	for (i = 0; i < o->nstep; i++) {
		s = &o->step[i];
		if (s->op == 's') {
			o->bytes[i] = file_bytes(STDIN_FILENO, "standard input", &s->len);
			/*
			 * In the seed's pipeline an empty stdin means fs2dt
			 * failed; a stub with no DT after it hangs the next
			 * kernel, so refuse rather than load it.
			 */
			if (!s->len)
				kx_die(KX_FAIL, "empty standard input", "-s", 0);
		} else if (s->op == 'f') {
			fd = kx_open(s->arg, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				kx_die(KX_FAIL, "cannot open", s->arg, errno);
			o->bytes[i] = file_bytes(fd, s->arg, &s->len);
			kx_close(fd);
		}
		s->data = o->bytes[i];
	}
}

/* A small kernel file's first bytes, NUL-terminated; -1 if unreadable. */
static ssize_t read_small(const char *path, char *buf, size_t cap)
{
	int fd = kx_open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = kx_read_full(fd, buf, cap - 1);
	kx_close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

/*
 * ppc64 refuses destinations below the running kernel's end (ETXTBSY, in
 * machine_kexec_prepare); the kernel publishes that end for us to check.
 */
static uint64_t kernel_end(const struct loadem_opts *o)
{
	char b[16];
	uint64_t v = 0;
	int i;

	if (o->arch != EM_PPC64 && (o->arch || !NATIVE_PPC64))
		return 0;
	if (read_small(loadem_sys.kernel_end, b, sizeof(b)) != 8)
		return 0;
	for (i = 0; i < 8; i++)
		v = v << 8 | (unsigned char)b[i];
	return v;
}

/*
 * Messages and plan lines, a piece at a time, to SAY_FD. kx_put's buffer
 * sends each message out whole: kx_warn_end flushes it.
 */
static int say_fd = STDERR_FILENO;

static void say(const char *s)
{
	kx_put(say_fd, s);
}

static void say_begin(void)
{
	say_fd = STDERR_FILENO;
	kx_warn_begin();
}

static void say_hex(uint64_t v)
{
	char b[KX_NUMBUF];

	say(kx_hex(b, v));
}

static void say_dec(uint64_t v)
{
	char b[KX_NUMBUF];

	say(kx_dec(b, v));
}

static void say_step(const struct plan_step *s)
{
	char opt[3] = { '-', s->op, 0 };

	say(opt);
	if (s->arg) {
		say(" ");
		say(s->arg);
	}
}

static void say_segment(const struct loadem_opts *o, const struct plan *p, size_t i)
{
	say("segment ");
	say_dec(i);
	say(" (");
	say_step(&o->step[p->seg[i].step]);
	say(")");
}

static void say_span(uint64_t lo, uint64_t hi)
{
	say("[");
	say_hex(lo);
	say(", ");
	say_hex(hi);
	say(")");
}

/* Each refusal names the step (the argument as typed) or the segments. */
static void plan_error(int err, const struct loadem_opts *o, const struct plan *p,
		       const struct plan_cfg *cfg)
{
	const struct plan_segment *sg = &p->seg[p->err_seg];

	say_begin();
	switch (err) {
	case PLAN_ENOSEG:
		say("no segment yet, give -a ADDR first");
		break;
	case PLAN_ETOOMANY:
		say("more than 16 segments, the kernel's limit");
		break;
	case PLAN_EALIGN:
		say("segment start is not a multiple of the page size ");
		say_hex(cfg->page);
		say(" (-r)");
		break;
	case PLAN_EOVERFLOW:
		say("address or size overflows");
		break;
	case PLAN_EEMPTY:
		say("empty segment, no bytes and no -z");
		break;
	case PLAN_EOVERLAP:
		say("segments overlap: ");
		say_segment(o, p, p->err_seg);
		say(" ");
		say_span(sg->mem, sg->mem + sg->memsz);
		say(" and ");
		say_segment(o, p, p->err_seg2);
		say(" ");
		sg = &p->seg[p->err_seg2];
		say_span(sg->mem, sg->mem + sg->memsz);
		kx_warn_end(0);
		return;
	case PLAN_EFLOOR:
		say("segment starts below the running kernel's end ");
		say_hex(cfg->floor);
		say(" (linux,kernel-end): ");
		say_segment(o, p, p->err_seg);
		kx_warn_end(0);
		return;
	case PLAN_ENOENTRY:
		say("no entry point: give -e");
		kx_warn_end(0);
		return;
	case PLAN_EENTRY:
		say("entry point ");
		say_hex(p->entry);
		say(" is outside every segment's bytes");
		break;
	case PLAN_EENTRY2:
		say("a second entry point");
		break;
	case PLAN_ECHAIN_PREV:
		say("no previous segment to write the word into");
		break;
	case PLAN_ECHAIN_SHORT:
		say("the word ends at OFF, so OFF must be at least ");
		say_dec(p->word);
		break;
	case PLAN_ECHAIN_PAST:
		say("OFF is past the end of ");
		say_segment(o, p, p->err_seg);
		say(", ");
		say_hex(sg->bufsz);
		say(" bytes");
		break;
	case PLAN_ECHAIN_WIDE:
		say("the address does not fit a 4-byte word");
		break;
	}
	say(": ");
	say_step(&o->step[p->err_step]);
	kx_warn_end(0);
}

static void make_plan(const struct loadem_opts *o, struct plan *p)
{
	struct plan_cfg cfg = {
		o->page, (unsigned long)-1, kernel_end(o), o->word, o->big_endian,
	};
	int err;

	p->piece = calloc(2 * o->nstep + 1, sizeof(*p->piece));
	if (!p->piece)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	err = plan_build(o->step, o->nstep, &cfg, p);
	if (err) {
		plan_error(err, o, p, &cfg);
		exit(KX_FAIL);
	}
}

static unsigned long flags(const struct loadem_opts *o)
{
	return (unsigned long)o->arch << KEXEC_ARCH_SHIFT |
	       (o->crash ? KEXEC_ON_CRASH : 0);
}

static void print_flags(const struct loadem_opts *o)
{
	say("flags ");
	say_hex(flags(o));
	say(" (arch ");
	if (o->arch)
		say_dec(o->arch);
	else
		say("native");
	say(o->crash ? ", panic image)\n" : ")\n");
}

static void print_piece(const struct loadem_opts *o, const struct plan *p,
			const struct plan_piece *pc)
{
	const struct plan_step *s = &o->step[pc->step];
	char opt[3] = { '-', s->op, 0 };

	say("  ");
	say_span(pc->off, pc->off + pc->len);
	say(" ");
	if (pc->kind == '0') {
		say(opt);
		say(" zeros");
	} else {
		say_step(s);
	}
	if (pc->kind == 'c') {
		say(" = ");
		say_hex(pc->value);
		say(p->big_endian ? ", big-endian" : ", little-endian");
	}
	say("\n");
}

/* To FD, which SAY_FD then stays. */
static void print_plan(int fd, const struct loadem_opts *o, const struct plan *p)
{
	const struct plan_segment *sg;
	size_t i, k;

	say_fd = fd;
	say("entry ");
	say_hex(p->entry);
	say("\n");
	print_flags(o);
	for (i = 0; i < p->nseg; i++) {
		sg = &p->seg[i];
		say("segment ");
		say_dec(i);
		say(" ");
		say_span(sg->mem, sg->mem + sg->memsz);
		say(" bufsz ");
		say_hex(sg->bufsz);
		say("\n");
		for (k = 0; k < p->npiece; k++)
			if (p->piece[k].seg == i)
				print_piece(o, p, &p->piece[k]);
		if (sg->size > sg->bufsz) {
			say("  ");
			say_span(sg->bufsz, sg->size);
			say(" -z zeros, memsz only\n");
		}
	}
}

/*
 * The kernel takes one contiguous buffer per segment. A segment made of
 * one source (the usual kernel or initrd) is handed over as mapped; one
 * made of several (stub + device tree, two cpios) is copied into one.
 */
static const void *segment_buffer(const struct loadem_opts *o, const struct plan *p,
				  size_t i)
{
	const struct plan_piece *pc;
	long single = plan_single(p, i);
	uintptr_t lo, hi, page = getpagesize();
	unsigned char *buf;
	size_t k;

	if (single < 0) {
		if (!p->seg[i].bufsz)
			return NULL;
		if (p->seg[i].bufsz > SIZE_MAX ||
		    !(buf = malloc(p->seg[i].bufsz)))
			kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
		plan_fill(p, o->step, i, buf);
		return buf;
	}
	buf = o->bytes[single];
	for (k = 0; k < p->npiece; k++) {
		pc = &p->piece[k];
		if (pc->seg != i || pc->kind != 'c')
			continue;
		lo = (uintptr_t)(buf + pc->off) & ~(page - 1);
		hi = (uintptr_t)(buf + pc->off + pc->len);
		if (kx_mprotect((void *)lo, hi - lo, PROT_READ | PROT_WRITE))
			kx_die(KX_FAIL, "cannot patch -c word into", o->step[single].arg, errno);
	}
	plan_chain(p, i, buf);
	return buf;
}

static void why_not_permitted(void)
{
	char b[80], *word, *end;
	const char *sep = " ";

	say("not permitted:");
	if (!loadem_sys.has_cap_sys_boot()) {
		say(" no CAP_SYS_BOOT");
		sep = "; ";
	}
	if (read_small(loadem_sys.load_disabled, b, sizeof(b)) > 0 && b[0] == '1') {
		say(sep);
		say(loadem_sys.load_disabled);
		say(" is 1 until reboot");
		sep = "; ";
	}
	/* "none [integrity] confidentiality": the bracketed word is in force. */
	if (read_small(loadem_sys.lockdown, b, sizeof(b)) > 0 &&
	    (word = kx_strchr(b, '[')) && (end = kx_strchr(word, ']')) &&
	    (end - word != 5 || memcmp(word, "[none", 5))) {
		end[1] = 0;
		say(sep);
		say("kernel lockdown ");
		say(word);
		say(" in ");
		say(loadem_sys.lockdown);
		sep = "; ";
	}
	if (*sep == ' ')
		say(" no CAP_SYS_BOOT, kexec_load_disabled or lockdown (none shows)");
}

/* The kernel's errno, in kexec terms (kernel/kexec.c, arch/powerpc/kexec). */
static int explain(int err, const struct loadem_opts *o)
{
	say_begin();
	say("kexec_load: ");
	switch (err) {
	case EPERM:
		why_not_permitted();
		break;
	case EBUSY:
		say("another kexec load or unload is in progress");
		break;
	case EADDRNOTAVAIL:
		say("a segment start or memsz is not a multiple of the kernel's page ");
		say_hex(getpagesize());
		if (o->crash)
			say(", or lies outside the crashkernel= region");
		break;
	case ETXTBSY:
		say("a segment overlaps the running kernel or a TCE table (ppc64)");
		break;
	case EINVAL:
		say(!o->arch && sizeof(long) < 8 ?
		    "a 32-bit kxtool must name the arch with -t" :
		    "refused: an arch (-t) not this kernel's, or over half of RAM");
		break;
	case ENOMEM:
		say("the kernel cannot place the image: too big, or not in RAM");
		break;
	case ENOSYS:
		say("this kernel has no kexec_load (CONFIG_KEXEC is off)");
		break;
	default:
		say("failed");
	}
	kx_warn_end(err);
	return err == EPERM ? KX_PERM : KX_FAIL;
}

/*
 * A mapped file that another process cuts short raises SIGBUS where its
 * pages are touched past the new end (a copy, a -c word): name the file
 * and fail as a short read would, rather than die of the signal.
 * rt_sigaction itself, as x86_64, ppc64 and arm64 lay out its struct:
 * musl's sigaction would cost 1.2 KB (make size). The handler never
 * returns, so the restorer the x86_64 kernel insists on is never used.
 */
#define KX_SA_RESTORER	0x04000000
static const struct loadem_opts *mapped;

static void bus_error(int sig, siginfo_t *si, void *context)
{
	const char *name = "a mapped file";
	uintptr_t at = (uintptr_t)si->si_addr;
	size_t i;

	(void)sig;
	(void)context;
	for (i = 0; i < mapped->nstep; i++)
		if (at - (uintptr_t)mapped->bytes[i] < mapped->step[i].len)
			name = mapped->step[i].arg;
	kx_die(KX_FAIL, "changed size while read", name, 0);
}

static int load(const struct loadem_opts *o, const struct plan *p)
{
	static struct loadem_segment seg[PLAN_SEGMENT_MAX];	/* see loadem_main */
	struct {
		void (*handler)(int, siginfo_t *, void *);
		unsigned long flags;
		void (*restorer)(int, siginfo_t *, void *);
		uint64_t mask;
	} bus = { bus_error, SA_SIGINFO | KX_SA_RESTORER, bus_error, 0 };
	size_t i;
	int rc;

	mapped = o;
	syscall(SYS_rt_sigaction, SIGBUS, &bus, NULL, sizeof(bus.mask));
	for (i = 0; i < p->nseg; i++) {
		seg[i].buf = segment_buffer(o, p, i);
		seg[i].bufsz = p->seg[i].bufsz;
		seg[i].mem = p->seg[i].mem;
		seg[i].memsz = p->seg[i].memsz;
	}
	if (!loadem_sys.kexec_load(p->entry, p->nseg, seg, flags(o)))
		return KX_OK;
	rc = explain(errno, o);
	kx_put(STDERR_FILENO, "the plan was:\n");
	print_plan(STDERR_FILENO, o, p);
	kx_flush();
	return rc;
}

static int unload(const struct loadem_opts *o)
{
	if (!o->dry && loadem_sys.kexec_load(0, 0, NULL, flags(o)))
		return explain(errno, o);
	if (o->dry) {
		say_fd = STDOUT_FILENO;
		say("unload\n");
		print_flags(o);
	}
	return KX_OK;
}

static int reboot_kexec(const struct loadem_opts *o)
{
	char b[8];
	int err;

	if (o->dry) {
		kx_put(STDOUT_FILENO, "sync, then reboot into the loaded image\n");
		return KX_OK;
	}
	/* Missing (no sysfs): let the kernel decide; it refuses an empty slot. */
	if (read_small(loadem_sys.kexec_loaded, b, sizeof(b)) > 0 && b[0] == '0')
		kx_die(KX_FAIL, "no image loaded, not rebooting", loadem_sys.kexec_loaded, 0);
	/* The kernel does not sync on a kexec reboot: unwritten data would be lost. */
	loadem_sys.sync();
	loadem_sys.reboot_kexec();
	err = errno;
	kx_warn("kexec reboot failed", NULL, err);
	return err == EPERM ? KX_PERM : KX_FAIL;
}

int loadem_main(int argc, char **argv)
{
	/*
	 * Nothing is freed: the process ends right after. Static, so what
	 * they point to stays reachable to the end and LeakSanitizer agrees.
	 */
	static struct loadem_opts o;
	static struct plan p;
	int rc = KX_OK;

	memset(&o, 0, sizeof(o));
	o.step = calloc(argc, sizeof(*o.step));
	o.bytes = calloc(argc, sizeof(*o.bytes));
	if (!o.step || !o.bytes)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	o.page = getpagesize();
	o.word = sizeof(long);
	o.big_endian = NATIVE_BE;
	if (loadem_parse(argc, argv, &o))
		kx_usage(o.bad, o.bad_arg);
	if (o.unload)
		return unload(&o);
	if (o.nstep) {
		read_inputs(&o);
		make_plan(&o, &p);
		if (o.dry)
			print_plan(STDOUT_FILENO, &o, &p);
		else
			rc = load(&o, &p);
	}
	/* Never after a failed load: the old image would boot instead. */
	if (o.reboot && rc == KX_OK)
		rc = reboot_kexec(&o);
	return rc;
}
