/*
 * Fuzz target: kexec's command line, kexec_parse (applets/lib/kexec_args.c).
 *
 * Input: the arguments, each ended by a NUL, each copied into a buffer of
 * its own and exactly its size (the parser writes into them: the '=' of
 * --opt=V). kexec_parse must never crash nor exit, and must agree with a
 * model written here from kexec(8)'s option list as a table: the same
 * usage error naming the same word, or the same action bits, syscall,
 * flags, kernel, initrd, dtb, command line and --mem-min/--mem-max, each
 * value pointing into the words given; the kernel then alone in argv; an
 * action that needs a kernel has one, -u/-S/-e have none, at most one of
 * -l, -e, -f, -u without -S, no -p with -e or -f.
 */
#include "fuzz.h"
#include "kexec.h"
#include "kxtool.h"

#define MAX_ARGS 64

/* What an option does in the model. */
enum { ACTION = 1, SYSCALL, FLAG, NOTHING, APPEND, REUSE, INITRD, DTB, MEMMIN, MEMMAX, REFUSED };

static const struct mopt {
	char letter;		/* its short option, or 0 */
	const char *names[6];	/* its long names */
	int takes;		/* a value */
	int what;
	unsigned bit;		/* ACTION: the bit; SYSCALL: the letter; FLAG: which */
} opts[] = {
	{ 'l', { "load" }, 0, ACTION, KEXEC_LOAD },
	{ 'e', { "exec" }, 0, ACTION, KEXEC_EXEC },
	{ 'f', { "force" }, 0, ACTION, KEXEC_FORCE },
	{ 'p', { "load-panic" }, 0, ACTION, KEXEC_PANIC },
	{ 'u', { "unload" }, 0, ACTION, KEXEC_UNLOAD },
	{ 'S', { "status" }, 0, ACTION, KEXEC_STATUS },
	{ 0, { "print-ckr-size" }, 0, ACTION, KEXEC_CKR_SIZE },
	{ 'h', { "help" }, 0, ACTION, KEXEC_HELP },
	{ 'v', { "version" }, 0, ACTION, KEXEC_VERSION },
	{ 's', { "kexec-file-syscall" }, 0, SYSCALL, 's' },
	{ 'c', { "kexec-syscall" }, 0, SYSCALL, 'c' },
	{ 'a', { "kexec-syscall-auto" }, 0, SYSCALL, 'a' },
	{ 'x', { "no-ifdown" }, 0, FLAG, 1 },
	{ 'y', { "no-sync" }, 0, FLAG, 2 },
	{ 'd', { "debug" }, 0, FLAG, 4 },
	{ 'n', { "dry-run" }, 0, FLAG, 8 },
	{ 'i', { "no-checks" }, 0, NOTHING, 0 },
	{ 't', { "type" }, 1, NOTHING, 0 },
	{ 0, { "append", "command-line" }, 1, APPEND, 0 },
	{ 0, { "reuse-cmdline" }, 0, REUSE, 0 },
	{ 0, { "initrd", "ramdisk" }, 1, INITRD, 0 },
	{ 0, { "dtb", "devicetreeblob" }, 1, DTB, 0 },
	{ 0, { "mem-min" }, 1, MEMMIN, 0 },
	{ 0, { "mem-max" }, 1, MEMMAX, 0 },
	{ 0, { "args-linux", "elf64-core-headers", "dt-no-old-root", "console-vga",
	       "console-serial", "reset-vga" }, 0, NOTHING, 0 },
	{ 0, { "serial", "serial-baud" }, 1, NOTHING, 0 },
	{ 0, { "reuseinitrd", "load-preserve-context", "load-jump-back-helper" }, 0, REFUSED, 0 },
	{ 0, { "entry" }, 1, REFUSED, 0 },
};

struct model {
	unsigned action, flags;
	int syscall;
	const char *kernel, *initrd, *dtb, *append;
	uint64_t mem_min, mem_max;
	char *bad_arg;		/* the word a usage error names (malloc'd), or NULL */
};

static const struct mopt *find_long(const char *name, size_t len)
{
	size_t i, k;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		for (k = 0; k < 6 && opts[i].names[k]; k++)
			if (strlen(opts[i].names[k]) == len && !memcmp(opts[i].names[k], name, len))
				return &opts[i];
	return NULL;
}

static const struct mopt *find_short(char c)
{
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].letter && opts[i].letter == c)
			return &opts[i];
	return NULL;
}

/* A usage error naming WORD (LEN bytes of it), or nothing when WORD is NULL. */
static int refuse(struct model *m, const char *word, size_t len)
{
	m->bad_arg = word ? strndup(word, len) : NULL;
	return -1;
}

static int apply(struct model *m, const struct mopt *o, const char *v, const char *typed,
		 size_t typed_len)
{
	switch (o->what) {
	case ACTION: m->action |= o->bit; break;
	case SYSCALL: m->syscall = o->bit; break;
	case FLAG: m->flags |= o->bit; break;
	case APPEND: m->append = v; break;
	case REUSE: m->flags |= 16; break;
	case INITRD: m->initrd = v; break;
	case DTB: m->dtb = v; break;
	case MEMMIN:
	case MEMMAX:
		/* The message names the option; the argument shown is the value. */
		if (kx_parse_u64(v, o->what == MEMMIN ? &m->mem_min : &m->mem_max))
			return refuse(m, v, strlen(v));
		break;
	case REFUSED:
		return refuse(m, typed, typed_len);
	}
	return 0;
}

/* What kexec(8)'s actions need, and which go together. */
static int combination(struct model *m)
{
	unsigned a = m->action & ~KEXEC_PANIC, one = a & (KEXEC_LOAD | KEXEC_EXEC |
						     KEXEC_FORCE | KEXEC_UNLOAD);

	if (m->action & (KEXEC_CKR_SIZE | KEXEC_HELP | KEXEC_VERSION))
		return 0;
	if (m->kernel && (a & (KEXEC_UNLOAD | KEXEC_STATUS | KEXEC_EXEC)))
		return refuse(m, m->kernel, strlen(m->kernel));
	if (a & KEXEC_STATUS)
		return 0;
	if (one & (one - 1))
		return refuse(m, NULL, 0);
	if (!m->kernel && !(a & (KEXEC_UNLOAD | KEXEC_EXEC | KEXEC_FORCE)))
		return refuse(m, NULL, 0);
	if ((m->action & KEXEC_PANIC) && (a & (KEXEC_EXEC | KEXEC_FORCE)))
		return refuse(m, NULL, 0);
	return 0;
}

/* ARGV (ARGC words; the model's own copies) as kexec(8) reads them. */
static int model(int argc, char **w, struct model *m)
{
	const char *rest[MAX_ARGS + 1], *name, *eq, *v;
	const struct mopt *o;
	size_t nrest = 0, len;
	int i = 1, ended = 0;
	char *p;

	memset(m, 0, sizeof(*m));
	m->syscall = 'a';
	m->mem_max = UINT64_MAX;
	while (i < argc) {
		p = w[i++];
		if (ended || p[0] != '-' || !p[1]) {
			rest[nrest++] = p;
			continue;
		}
		if (!strcmp(p, "--")) {
			ended = 1;
			continue;
		}
		if (p[1] == '-') {
			name = p + 2;
			eq = strchr(name, '=');
			len = eq ? (size_t)(eq - name) : strlen(name);
			if (!(o = find_long(name, len)))
				return refuse(m, p, len + 2);
			v = NULL;
			if (o->takes && !(v = eq ? eq + 1 : i < argc ? w[i++] : NULL))
				return refuse(m, p, len + 2);
			if (!o->takes && eq)
				return refuse(m, p, len + 2);
			if (apply(m, o, v, p, len + 2))
				return -1;
			continue;
		}
		for (p++; *p; p++) {
			char letter[3] = { '-', *p, 0 };

			if (!(o = find_short(*p)))
				return refuse(m, letter, 2);
			v = NULL;
			if (o->takes && !(v = p[1] ? p + 1 : i < argc ? w[i++] : NULL))
				return refuse(m, letter, 2);
			if (apply(m, o, v, letter, 2))
				return -1;
			if (o->takes)
				break;
		}
	}
	m->kernel = nrest ? rest[0] : NULL;
	if (nrest > 1)
		return refuse(m, rest[1], strlen(rest[1]));
	return combination(m);
}

/* Whether P points into one of the N words (a value is a word or its tail), LEN[i] bytes each. */
static int in_words(const char *p, char **words, const size_t *len, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p >= words[i] && p <= words[i] + len[i])
			return 1;
	return 0;
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

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2], *mine[MAX_ARGS + 2], *words[MAX_ARGS + 2];
	size_t lens[MAX_ARGS + 2];
	struct kexec_opts o;
	struct model m;
	size_t i, at = 0, n;
	int argc = 1, r, mr;
	unsigned flags;

	argv[0] = words[0] = strdup("kexec");
	lens[0] = 5;
	mine[0] = strdup("kexec");
	while (at < size && argc <= MAX_ARGS) {
		const uint8_t *nul = memchr(data + at, 0, size - at);

		n = nul ? (size_t)(nul - (data + at)) : size - at;
		argv[argc] = words[argc] = malloc(n + 1);
		lens[argc] = n;
		mine[argc] = malloc(n + 1);
		memcpy(argv[argc], data + at, n);
		argv[argc][n] = 0;
		memcpy(mine[argc], argv[argc], n + 1);
		argc++;
		at += n + 1;
	}
	argv[argc] = mine[argc] = NULL;
	mr = model(argc, mine, &m);
	r = kexec_parse(argc, argv, &o);
	FZ_CHECK(r == 0 || r == -1);
	FZ_CHECK(r == mr);
	if (r) {
		FZ_CHECK(o.bad && *o.bad);
		FZ_CHECK(!o.bad_arg || !on_stack(o.bad_arg));
		FZ_CHECK(same(o.bad_arg, m.bad_arg));
		free(m.bad_arg);
		goto out;
	}
	FZ_CHECK(!o.bad);
	flags = (o.no_ifdown ? 1 : 0) | (o.no_sync ? 2 : 0) | (o.debug ? 4 : 0) |
		(o.dry ? 8 : 0) | (o.reuse_cmdline ? 16 : 0);
	FZ_CHECK(o.action == m.action && flags == m.flags && o.syscall == m.syscall);
	FZ_CHECK(same(o.kernel, m.kernel) && same(o.initrd, m.initrd) && same(o.dtb, m.dtb) &&
		 same(o.append, m.append));
	FZ_CHECK(o.mem_min == m.mem_min && o.mem_max == m.mem_max);
	FZ_CHECK(strchr("asc", o.syscall));
	/* Every value is one of the words given, or a word's tail. */
	FZ_CHECK(!o.kernel || in_words(o.kernel, words, lens, argc));
	FZ_CHECK(!o.initrd || in_words(o.initrd, words, lens, argc));
	FZ_CHECK(!o.dtb || in_words(o.dtb, words, lens, argc));
	FZ_CHECK(!o.append || in_words(o.append, words, lens, argc));
	/* Reordered: the kernel, then nothing. */
	FZ_CHECK(argv[1] == o.kernel && (!o.kernel || !argv[2]));
	if (!(o.action & (KEXEC_CKR_SIZE | KEXEC_HELP | KEXEC_VERSION))) {
		unsigned a = o.action & ~KEXEC_PANIC;

		/* An action that needs a kernel has one; -u, -S and -e have none. */
		if (!(a & (KEXEC_UNLOAD | KEXEC_STATUS | KEXEC_EXEC | KEXEC_FORCE)))
			FZ_CHECK(o.kernel);
		if (a & (KEXEC_UNLOAD | KEXEC_STATUS | KEXEC_EXEC))
			FZ_CHECK(!o.kernel);
		if (!(a & KEXEC_STATUS)) {
			a &= KEXEC_LOAD | KEXEC_EXEC | KEXEC_FORCE | KEXEC_UNLOAD;
			FZ_CHECK(!(a & (a - 1)));
			if (o.action & KEXEC_PANIC)
				FZ_CHECK(!(a & (KEXEC_EXEC | KEXEC_FORCE)));
		}
	}
out:
	for (i = 0; i < (size_t)argc; i++) {
		free(words[i]);
		free(mine[i]);
	}
	return 0;
}
