/*
 * The loader's words: the plan as loadem -n prints it, each refusal of the
 * planner naming the step (the argument as typed) or the segments, and
 * the kernel's errno explained in kexec terms.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "kxtool.h"
#include "loadem.h"

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

static void say_overlap(const struct loadem_opts *o, const struct plan *p)
{
	const struct plan_segment *a = &p->seg[p->err_seg], *b = &p->seg[p->err_seg2];

	say("segments overlap: ");
	say_segment(o, p, p->err_seg);
	say(" ");
	say_span(a->mem, a->mem + a->memsz);
	say(" and ");
	say_segment(o, p, p->err_seg2);
	say(" ");
	say_span(b->mem, b->mem + b->memsz);
}

/* The refusals that need more than a fixed text; 0 when ERR is not one. */
static int say_special(int err, const struct loadem_opts *o, const struct plan *p,
		       const struct plan_cfg *cfg)
{
	switch (err) {
	case PLAN_EALIGN:
		say("segment start is not a multiple of the page size ");
		say_hex(cfg->page);
		say(" (-r)");
		return 1;
	case PLAN_EENTRY:
		say("entry point ");
		say_hex(p->entry);
		say(" is outside every segment's bytes");
		return 1;
	case PLAN_ECHAIN_SHORT:
		say("the word ends at OFF, so OFF must be at least ");
		say_dec(p->word);
		return 1;
	case PLAN_ECHAIN_PAST:
		say("OFF is past the end of ");
		say_segment(o, p, p->err_seg);
		say(", ");
		say_hex(p->seg[p->err_seg].bufsz);
		say(" bytes");
		return 1;
	}
	return 0;
}

/* The rest, in the order of enum plan_err from PLAN_ENOSEG; "" for the others. */
static const char plan_texts[] KX_UNALIGNED =
	"no segment yet, give -a ADDR first\0"
	"more than 16 segments, the kernel's limit\0"
	"\0"
	"address or size overflows\0"
	"empty segment, no bytes and no -z\0"
	"\0\0\0\0"
	"a second entry point\0"
	"no previous segment to write the word into\0"
	"\0\0"
	"the address does not fit a 4-byte word\0";

/* A crash load's refusals (loadem -p, with kexec where it plans). */
static void crash_error(int err, const struct loadem_opts *o, const struct plan *p,
			const struct plan_cfg *cfg)
{
	if (err == PLAN_EFREE) {
		say("the crash region must keep its two lowest free pages, clear of RTAS, "
		    "for the kernel's control page and VMCOREINFO");
		return;
	}
	say_segment(o, p, p->err_seg);
	say(err == PLAN_ECRASH ? " is outside the crash region " :
	    " covers RTAS, which the running kernel still calls, at ");
	say_span(err == PLAN_ECRASH ? cfg->crash_start : cfg->avoid_start,
		 err == PLAN_ECRASH ? cfg->crash_end : cfg->avoid_end);
}

/* The fixed text of refusal ERR. */
static const char *plan_text(int err)
{
	const char *text = plan_texts;
	int i;

	for (i = PLAN_ENOSEG; i < err; i++)
		text += strlen(text) + 1;
	return text;
}

void loadem_plan_error(int err, const struct loadem_opts *o, const struct plan *p,
		       const struct plan_cfg *cfg)
{
	say_begin();
	if (err == PLAN_EOVERLAP) {
		say_overlap(o, p);
	} else if (err == PLAN_EFLOOR) {
		say("segment starts below the running kernel's end ");
		say_hex(cfg->floor);
		say(" (linux,kernel-end): ");
		say_segment(o, p, p->err_seg);
	} else if (err == PLAN_ENOENTRY) {
		say("no entry point: give -e");
	} else if (KX_PLANS && err >= PLAN_ECRASH) {
		crash_error(err, o, p, cfg);
	} else {
		if (!say_special(err, o, p, cfg))
			say(plan_text(err));
		say(": ");
		say_step(&o->step[p->err_step]);
	}
	kx_warn_end(0);
}

unsigned long loadem_flags(const struct loadem_opts *o)
{
	return (unsigned long)o->arch << KEXEC_ARCH_SHIFT |
	       (o->crash ? KEXEC_ON_CRASH : 0);
}

void loadem_print_flags(int fd, const struct loadem_opts *o)
{
	say_fd = fd;
	say("flags ");
	say_hex(loadem_flags(o));
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

void loadem_print_plan(int fd, const struct loadem_opts *o, const struct plan *p)
{
	const struct plan_segment *sg;
	size_t i, k;

	say_fd = fd;
	say("entry ");
	say_hex(p->entry);
	say("\n");
	loadem_print_flags(fd, o);
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

static void why_not_permitted(const char *what)
{
	char b[80], *word, *end;
	const char *sep = " ";

	say("not permitted:");
	if (!loadem_sys.has_cap_sys_boot()) {
		say(" no CAP_SYS_BOOT");
		sep = "; ";
	}
	if (kx_read_small(loadem_sys.load_disabled, b, sizeof(b)) > 0 && b[0] == '1') {
		say(sep);
		say(loadem_sys.load_disabled);
		say(" is 1 until reboot");
		sep = "; ";
	}
	/* "none [integrity] confidentiality": the bracketed word is in force. */
	if (kx_read_small(loadem_sys.lockdown, b, sizeof(b)) > 0 &&
	    (word = kx_strchr(b, '[')) && (end = kx_strchr(word, ']')) &&
	    (end - word != 5 || memcmp(word, "[none", 5))) {
		end[1] = 0;
		say(sep);
		say("kernel lockdown ");
		say(word);
		say(" in ");
		say(loadem_sys.lockdown);
		/*
		 * LOCKDOWN_KEXEC: kexec_load is refused outright; kexec_file_load
		 * takes a kernel whose signature checks against the running
		 * kernel's keys (built-in, secondary, and the platform's: UEFI db).
		 */
		say(KX_WITH_KEXEC && strcmp(what, "kexec_load") ?
		    ", and the kernel's signature did not check against its keys" :
		    ", which lets only a signed kernel in, through kexec_file_load (kexec -s)");
		sep = "; ";
	}
	if (*sep == ' ')
		say(" no CAP_SYS_BOOT, kexec_load_disabled or lockdown (none shows)");
}

/* The kernel's errno, in kexec terms (kernel/kexec.c, arch/powerpc/kexec). */
int loadem_explain(const char *what, int err, const struct loadem_opts *o)
{
	say_begin();
	say(what);
	say(": ");
	switch (err) {
	case EPERM:
		why_not_permitted(what);
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
		say(!o->arch && kx_native.word < 8 ?
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

