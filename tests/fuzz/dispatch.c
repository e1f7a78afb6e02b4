/*
 * Fuzz target 4: the dispatcher's argv[0] handling (main.c's resolve_name,
 * find_applet, base_name). main.c is included whole, with kx_readlink pointed
 * at a made-up filesystem of symlinks that the input describes, so the
 * hops, relative targets and length limits run without touching the real
 * one. A reference written here follows the same links and must name the
 * same applet, or give up where main.c does.
 *
 * Input: argv[0], NUL, then "LINK\0TARGET\0" pairs.
 */
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_LINKS 16

static const char *link_path[MAX_LINKS], *link_target[MAX_LINKS];
static size_t n_links;

/* readlink(2) as the kernel does it: exact path, truncated target, no NUL. */
static ssize_t fake_readlink(const char *path, char *buf, size_t size)
{
	size_t i, n;

	if (strlen(path) >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (i = 0; i < n_links; i++)
		if (!strcmp(link_path[i], path)) {
			n = strlen(link_target[i]);
			if (!n) {
				errno = ENOENT;
				return -1;
			}
			n = n < size ? n : size;
			memcpy(buf, link_target[i], n);
			return n;
		}
	errno = EINVAL;
	return -1;
}

/*
 * main.c and the hop it takes along a link (applets/lib/link.c), both
 * built here over the fake readlink; the library's own copy stays unused.
 */
int kxtool_main(int argc, char **argv);
ssize_t fuzz_link_step(const char *path, char *next);
#define kx_readlink fake_readlink
#define kx_link_step fuzz_link_step
#define main kxtool_main
#include "applets/lib/link.c"
#include "main.c"
#undef main
#undef kx_link_step
#undef kx_readlink

static int known(const char *name)
{
	const struct applet *a;

	if (!strcmp(name, "kxtool"))
		return 1;
	for (a = applets; a->name; a++)
		if (!strcmp(a->name, name))
			return 1;
	return 0;
}

/* The reference: the same walk on heap strings of any length. */
static char *ref_resolve(const char *argv0)
{
	char *path = strdup(argv0), *next, target[PATH_MAX];
	const char *slash;
	ssize_t n;
	int hop;

	for (hop = 0; hop < 40; hop++) {
		slash = strrchr(path, '/');
		if (known(slash ? slash + 1 : path)) {
			next = strdup(slash ? slash + 1 : path);
			free(path);
			return next;
		}
		if (!slash)
			break;
		n = fake_readlink(path, target, PATH_MAX - 1);
		if (n < 0)
			break;
		target[n] = 0;
		if (target[0] == '/') {
			next = strdup(target);
		} else {
			size_t dl = slash - path + 1;

			if (dl + n >= PATH_MAX)
				break;
			next = malloc(dl + n + 1);
			memcpy(next, path, dl);
			memcpy(next + dl, target, n + 1);
		}
		free(path);
		path = next;
	}
	free(path);
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 2), *at, *end, *want;
	const char *got;

	memcpy(copy, data, size);
	copy[size] = copy[size + 1] = 0;
	end = copy + size;
	at = copy + strlen(copy) + 1;
	for (n_links = 0; at < end && n_links < MAX_LINKS; n_links++) {
		link_path[n_links] = at;
		at += strlen(at) + 1;
		link_target[n_links] = at <= end ? at : "";
		at += strlen(at) + 1;
	}
	got = resolve_name(copy);
	want = ref_resolve(copy);
	FZ_CHECK(got ? want && !strcmp(got, want) : !want);
	/* What main() does with a name: find it, or say which name was unknown. */
	if (got && strcmp(got, "kxtool"))
		FZ_CHECK(find_applet(got) && !strcmp(find_applet(got)->name, got));
	FZ_CHECK(base_name(copy) >= copy && base_name(copy) <= copy + strlen(copy));
	FZ_CHECK(!find_applet(copy) || known(copy));
	free(want);
	free(copy);
	return 0;
}
