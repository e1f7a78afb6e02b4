/*
 * kxtool's one option parser, toybox-style: an applet's options are one
 * string, each entry a key, its long names in parentheses, and ':' when it
 * takes a value: "o(output):k(keep)1(append)(command-line):". A letter key
 * is also its short option; any other key (a digit, a sign) is long only.
 * libc's getopt_long would bring its own messages and tables (README,
 * Building), and would not say "kxtool: APPLET: ...".
 *
 * What is taken: short options bundled (-lv), a short option's value glued
 * (-kADDR) or the next word (-k ADDR), --name=VALUE and --name VALUE, "--"
 * to end the options. Long names are matched whole, never abbreviated. An
 * unknown option, a missing value or a value given to an option that takes
 * none is a usage error that names the option as typed.
 */
#include <string.h>

#include "kxtool.h"

/* The end: with permute, the words that were not options, in order, then NULL. */
static int done(struct kx_getopt *g, char **argv)
{
	char *word;

	/* Only kexec takes options anywhere (kexec-tools' callers put them so). */
	if (!KX_WITH_KEXEC || !g->permute)
		return -1;
	while ((word = argv[g->ind++]))		/* after "--" */
		argv[g->nargs++] = word;
	argv[g->nargs] = NULL;
	g->ind = 1;
	return -1;
}

/*
 * The next word that is an option, or NULL at the end of the options. With
 * permute, the words that are not options are moved down to argv[nargs],
 * a slot already read, so nothing unread is overwritten.
 */
static char *next_option(struct kx_getopt *g, char **argv)
{
	char *word;

	while ((word = argv[g->ind]) && (word[0] != '-' || !word[1])) {
		if (!KX_WITH_KEXEC || !g->permute)
			return NULL;
		argv[g->nargs++] = word;
		g->ind++;
	}
	if (word) {
		g->ind++;
		if (word[1] == '-' && !word[2])		/* "--" */
			return NULL;
	}
	return word;
}

/* A usage error: exit, or with quiet, '?' and the message in ERR. */
static int bad(struct kx_getopt *g, const char *err)
{
	if (!KX_WITH_KEXEC || !g->quiet)
		kx_usage(err, g->opt);
	g->err = err;
	return '?';
}

int kx_getopt(struct kx_getopt *g, char **argv, const char *spec)
{
	const char *name = NULL, *end;
	char *word, *eq = NULL;
	size_t len = 0;
	int key, takes, hit;

	if (!g->nargs)
		g->nargs = 1;
	if (!g->next || !*g->next) {
		word = next_option(g, argv);
		if (!word)
			return done(g, argv);
		g->next = word + 1;
		if (word[1] == '-') {
			g->next = NULL;
			name = word + 2;
			eq = kx_strchr(name, '=');
			if (eq)
				*eq = 0;	/* so that messages name the option alone */
			len = strlen(name);
			g->opt = word;
		}
	}
	if (!name) {
		g->letter[0] = '-';
		g->letter[1] = *g->next++;
		g->opt = g->letter;
	}
	for (;;) {
		key = *spec++;
		if (!key)
			return bad(g, "unknown option");
		hit = !name && key == g->letter[1] && (key | 32) >= 'a' && (key | 32) <= 'z';
		while (*spec == '(') {
			end = kx_strchr(++spec, ')');
			hit |= name && (size_t)(end - spec) == len && !memcmp(spec, name, len);
			spec = end + 1;
		}
		takes = *spec == ':';
		spec += takes;
		if (hit)
			break;
	}
	g->arg = NULL;
	if (takes) {
		g->arg = eq ? eq + 1 : g->next && *g->next ? g->next : argv[g->ind++];
		g->next = NULL;
		if (!g->arg)
			return bad(g, "option needs a value");
	} else if (eq) {
		return bad(g, "option takes no value");
	}
	return key;
}
