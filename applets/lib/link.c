/*
 * kxtool: one hop along a chain of symlinks, for main.c (an applet reached
 * through links to links) and kx_output (-o through a symlink). On its own
 * so that tests/fuzz/dispatch.c can build it over a made-up filesystem.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "kxtool.h"

ssize_t kx_link_step(const char *path, char *next)
{
	const char *slash = kx_strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	ssize_t n = kx_readlink(path, next, PATH_MAX - 1);

	if (n < 0)
		return -1;
	next[n] = 0;
	/* A relative target is relative to the link's own directory. */
	if (next[0] != '/' && dirlen) {
		if (dirlen + n >= PATH_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memmove(next + dirlen, next, n + 1);
		memcpy(next, path, dirlen);
		n += dirlen;
	}
	return n;
}
