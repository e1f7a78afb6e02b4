/* A unit test is a C program that prints "PASS: name" or "FAIL: name". */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>

static int unit_failures;

static inline void unit_check(const char *name, int ok, const char *file, int line)
{
	if (ok) {
		printf("PASS: %s\n", name);
	} else {
		printf("FAIL: %s (%s:%d)\n", name, file, line);
		unit_failures++;
	}
}

#define CHECK(name, cond) unit_check((name), !!(cond), __FILE__, __LINE__)

static inline int unit_done(void)
{
	return unit_failures ? 1 : 0;
}

/*
 * The next token of a test's tree text (tests/unit/dtb.c, dtb_read.c):
 * spaces separate, except inside <...>, [...] and "...".
 */
static inline char *next_token(char **at)
{
	char *s = *at, *start, close = 0;

	while (*s == ' ')
		s++;
	if (!*s)
		return NULL;
	for (start = s; *s && (close || *s != ' '); s++) {
		if (close && *s == close)
			close = 0;
		else if (!close && (*s == '<' || *s == '[' || *s == '"'))
			close = *s == '<' ? '>' : *s == '[' ? ']' : '"';
	}
	if (*s)
		*s++ = 0;
	*at = s;
	return start;
}

#endif
