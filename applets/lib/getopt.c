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

static int is_letter(int c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/*
 * The key of SPEC's entry for the short option C (NAME NULL) or the long
 * name NAME of LEN bytes, with *TAKES set when it takes a value; 0 if none.
 */
static int lookup(const char *spec, int c, const char *name, size_t len, int *takes)
{
	const char *end;
	int key, hit;

	while ((key = *spec++)) {
		hit = !name && key == c && is_letter(key);
		while (*spec == '(') {
			end = kx_strchr(++spec, ')');
			hit |= name && (size_t)(end - spec) == len && !memcmp(spec, name, len);
			spec = end + 1;
		}
		*takes = *spec == ':';
		spec += *takes;
		if (hit)
			return key;
	}
	return 0;
}

static int long_option(struct kx_getopt *g, char **argv, const char *spec, char *word)
{
	char *eq = kx_strchr(word, '=');
	int key, takes;

	if (eq)
		*eq = 0;	/* so that messages name the option alone */
	g->opt = word;
	key = lookup(spec, 0, word + 2, strlen(word + 2), &takes);
	if (!key)
		kx_usage("unknown option", word);
	g->arg = NULL;
	if (takes) {
		g->arg = eq ? eq + 1 : argv[g->ind++];
		if (!g->arg)
			kx_usage("option needs a value", word);
	} else if (eq) {
		kx_usage("option takes no value", word);
	}
	return key;
}

static int short_option(struct kx_getopt *g, char **argv, const char *spec)
{
	int key, takes;

	g->letter[0] = '-';
	g->letter[1] = *g->next++;
	g->opt = g->letter;
	key = lookup(spec, g->letter[1], NULL, 0, &takes);
	if (!key)
		kx_usage("unknown option", g->letter);
	g->arg = NULL;
	if (takes) {
		g->arg = *g->next ? g->next : argv[g->ind++];
		g->next = NULL;
		if (!g->arg)
			kx_usage("option needs a value", g->letter);
	}
	return key;
}

/* The end: with permute, the words that were not options end up in order. */
static int done(struct kx_getopt *g, char **argv)
{
	char *word;

	if (!g->permute)
		return -1;
	while ((word = argv[g->ind++]))		/* after "--" */
		argv[g->nargs++] = word;
	argv[g->nargs] = NULL;
	g->ind = 1;
	return -1;
}

int kx_getopt(struct kx_getopt *g, char **argv, const char *spec)
{
	char *word;

	if (!g->nargs)
		g->nargs = 1;
	if (g->next && *g->next)
		return short_option(g, argv, spec);
	for (;;) {
		word = argv[g->ind];
		if (!word)
			return done(g, argv);
		if (word[0] == '-' && word[1])
			break;
		if (!g->permute)
			return -1;
		/* Earlier than any unread word, so nothing is overwritten. */
		argv[g->nargs++] = word;
		g->ind++;
	}
	g->ind++;
	if (word[1] != '-') {
		g->next = word + 1;
		return short_option(g, argv, spec);
	}
	if (!word[2]) {
		if (!g->permute)
			return -1;
		return done(g, argv);
	}
	return long_option(g, argv, spec, word);
}
