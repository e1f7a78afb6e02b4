/*
 * loadem's command line (the seed's README): a small program of steps run
 * left to right, -a opening a segment, -f/-s/-4/-z filling it, -c chaining
 * it into the one before, -e marking the entry; and settings that apply
 * wherever they appear. Pure: no I/O, no exit, so tests/fuzz/loadem_args.c
 * can feed it any argument vector.
 *
 * loadem keeps its own loop instead of kx_getopt: its options are ordered
 * steps, every one a separate word as in the seed ("-ef" is a typo, not
 * two steps), and the same letter may come any number of times.
 */
#include <string.h>

#include "kxtool.h"
#include "loadem.h"

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
	{ "x86_64", EM_X86_64, 0 },
	{ "aarch64", EM_AARCH64, 0 },
};

/* A usage error, for the applet to report. */
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
	o->big_endian = kx_native.big_endian;
	/* EM_386, EM_PPC, EM_ARM, EM_SH: 32-bit, so -c writes 4 bytes. */
	o->word = v == EM_386 || v == 20 || v == 40 || v == 42 ? 4 :
		  v ? 8 : kx_native.word;
	return 0;
}

/*
 * -F OFF,LEN,FILE: LEN bytes of FILE from OFF, as kexec loads an ELF
 * vmlinux's PT_LOAD without an objcopy. FILE comes last, so it may hold
 * commas. The length is known now; the bytes are read with the others.
 */
static int file_range(struct loadem_opts *o, struct plan_step *s, const char *val)
{
	const char *c1 = kx_strchr(val, ','), *c2 = c1 ? kx_strchr(c1 + 1, ',') : NULL;

	if (!c2 || !c2[1] || kx_parse_span(val, c1, &s->num) ||
	    kx_parse_span(c1 + 1, c2, &s->len) || !s->len || s->num + s->len < s->num)
		return bad(o, "-F: not OFF,LEN,FILE (LEN not 0)", val);
	return 0;
}

const char *loadem_step_file(const struct plan_step *s)
{
	return s->op == 'F' ? kx_strchr(kx_strchr(s->arg, ',') + 1, ',') + 1 : s->arg;
}

/* One option, OPT, with VAL (and NUM, for the numeric ones) when it takes one. */
static int option(struct loadem_opts *o, const char *opt, const char *val, uint64_t num)
{
	struct plan_step *s = &o->step[o->nstep];

	switch (opt[1]) {
	case 'F':
		if (!KX_PLANS)
			break;
		if (file_range(o, s, val))
			return -1;
		/* fall through */
	case 'a': case 'c': case 'z':
		s->num = opt[1] == 'F' ? s->num : num;
		/* fall through */
	case 'f':
		s->arg = val;
		/* fall through */
	case 'e': case '4': case 's':
		s->op = opt[1];
		o->nstep++;
		return 0;
	case 'r':
		if (!num || num & (num - 1))
			return bad(o, "-r: not a power of two", val);
		o->page = num;
		return 0;
	case 't':
		return parse_arch(val, o);
	case 'p': o->crash = 1; return 0;
	case 'n': o->dry = 1; return 0;
	case 'u': o->unload = 1; return 0;
	case 'x': o->reboot = 1; return 0;
	}
	return bad(o, "unknown option", opt);
}

int loadem_parse(int argc, char **argv, struct loadem_opts *o)
{
	const char *opt, *val;
	uint64_t num = 0;
	int i, seen_stdin = 0;

	for (i = 1; i < argc; i++) {
		opt = argv[i];
		val = NULL;
		if (opt[0] != '-' || !opt[1] || opt[2])
			return bad(o, "not an option", opt);
		/* -F only where kexec plans a load (kxtool.h): unknown elsewhere. */
		if (kx_strchr(KX_PLANS ? "acfFzrt" : "acfzrt", opt[1])) {
			if (++i == argc)
				return bad(o, "missing argument", opt);
			val = argv[i];
			if (kx_strchr("aczr", opt[1]) && kx_parse_u64(val, &num))
				return bad(o, kx_join(o->what, sizeof(o->what), opt,
						      ": not a number (0x-hex or decimal)", ""), val);
		}
		if (opt[1] == 's' && seen_stdin++)
			return bad(o, "standard input can be read once", opt);
		if (option(o, opt, val, num))
			return -1;
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
