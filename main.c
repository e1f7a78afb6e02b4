/*
 * kxtool: a multi-call binary for kexec from a minimal environment.
 *
 * Dispatch is by the name it was run as (an applet symlinked or hard-linked
 * in an initramfs), or by the first argument after "kxtool", as busybox and
 * toybox do.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kxtool.h"

#ifndef KXTOOL_VERSION
#define KXTOOL_VERSION "unknown"
#endif

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *usage;
};

/* Sorted, because applets.def is. Pointers: their own alignment, no more. */
static const struct applet applets[] __attribute__((aligned(sizeof(void *)))) = {
#define APPLET(n) { #n, n##_main, n##_usage },
#include "applets.def"
#undef APPLET
	{ NULL, NULL, NULL }
};

static const char self_name[] = "kxtool";

static const struct applet *find_applet(const char *name)
{
	const struct applet *a;

	for (a = applets; a->name; a++)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}

static const char *base_name(const char *path)
{
	const char *slash = kx_strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void list_applets(const char *indent)
{
	const struct applet *a;

	for (a = applets; a->name; a++) {
		kx_put(STDOUT_FILENO, indent);
		kx_put(STDOUT_FILENO, a->name);
		kx_put(STDOUT_FILENO, "\n");
	}
}

static int general_help(void)
{
	kx_put(STDOUT_FILENO,
	       "kxtool " KXTOOL_VERSION ": kexec a new Linux kernel from a minimal environment\n\n"
	       "usage: kxtool APPLET [ARGS...]   or   APPLET [ARGS...] via a link\n"
	       "       kxtool --list | --install [-s] DIR | --version | --help [APPLET]\n\n"
	       "applets:\n");
	list_applets("  ");
	return KX_OK;
}

static int applet_help(const struct applet *a)
{
	kx_put(STDOUT_FILENO, "usage: ");
	kx_put(STDOUT_FILENO, a->name);
	kx_put(STDOUT_FILENO, " ");
	kx_put(STDOUT_FILENO, a->usage);
	return KX_OK;
}

/*
 * Whether DIR/NAME already is what --install would make: a symlink to SELF,
 * or (for hard links) the same inode as SELF.
 */
/* readlink, NUL-terminated; -1 or the length. */
static ssize_t read_link(const char *path, char buf[PATH_MAX])
{
	ssize_t n = kx_readlink(path, buf, PATH_MAX - 1);

	buf[n < 0 ? 0 : n] = 0;
	return n;
}

static int link_is_ours(const char *path, const char *self, int symbolic)
{
	struct stat a, b;
	char target[PATH_MAX];

	if (symbolic)
		return read_link(path, target) >= 0 && !strcmp(target, self);
	if (kx_fstatat(AT_FDCWD, path, &a, AT_SYMLINK_NOFOLLOW) ||
	    kx_fstatat(AT_FDCWD, self, &b, 0))
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int install_links(const char *dir, int symbolic)
{
	const struct applet *a;
	char self[PATH_MAX], path[PATH_MAX];
	int rc = KX_OK, r, err;

	if (read_link("/proc/self/exe", self) < 0)
		kx_die(KX_FAIL, "cannot find own path", "/proc/self/exe", errno);
	for (a = applets; a->name; a++) {
		if (!kx_join(path, sizeof(path), dir, "/", a->name))
			kx_die(KX_FAIL, "path too long", dir, ENAMETOOLONG);
		r = symbolic ? symlink(self, path) : link(self, path);
		err = errno;
		if (!r || (err == EEXIST && link_is_ours(path, self, symbolic)))
			continue;
		if (err == EEXIST)
			kx_warn("exists and is not a link to kxtool", path, 0);
		else
			kx_warn("cannot create", path, err);
		rc = KX_FAIL;
	}
	return rc;
}

static int multiplexer(int argc, char **argv)
{
	const struct applet *a;
	const char *arg = argc > 1 ? argv[1] : "--help";

	if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
		if (argc <= 2)
			return general_help();
		a = find_applet(argv[2]);
		if (a)
			return applet_help(a);
		kx_die(KX_NOAPPLET, "applet not found", argv[2], 0);
	}
	if (!strcmp(arg, "--list")) {
		list_applets("");
		return KX_OK;
	}
	if (!strcmp(arg, "--version")) {
		kx_put(STDOUT_FILENO, "kxtool " KXTOOL_VERSION "\n");
		return KX_OK;
	}
	if (!strcmp(arg, "--install")) {
		if (argc == 4 && !strcmp(argv[2], "-s"))
			return install_links(argv[3], 1);
		if (argc == 3 && argv[2][0] != '-')
			return install_links(argv[2], 0);
		kx_usage("--install takes [-s] DIR", NULL);
	}
	if (arg[0] == '-')
		kx_usage("unknown option", arg);
	a = find_applet(arg);
	if (!a)
		kx_die(KX_NOAPPLET, "applet not found", arg, 0);
	kx_applet = a->name;
	if (argc > 2 && !strcmp(argv[2], "--help"))
		return applet_help(a);
	return a->main(argc - 1, argv + 1);
}

/*
 * The name argv[0] stands for. An unknown name may be a link to a link to
 * kxtool (an initramfs built by hand does that): follow the chain, one hop at
 * a time, until a name we know turns up. Returns NULL when none does.
 */
static const char *resolve_name(const char *argv0)
{
	static char hop[2][PATH_MAX];
	const char *name = base_name(argv0), *path = argv0;
	int i;

	for (i = 0; i < 40; i++) {
		if (!strcmp(name, self_name) || find_applet(name))
			return name;
		if (!kx_strchr(path, '/'))
			return NULL;	/* found through $PATH: no way to follow */
		if (kx_link_step(path, hop[i & 1]) < 0)
			return NULL;
		path = hop[i & 1];
		name = base_name(path);
	}
	return NULL;
}

/* toybox's rule: a full disk must be an error, never a silent truncation. */
static int finish(int rc)
{
	int err = kx_flush();

	if (err) {
		kx_warn("cannot write", "standard output", err);
		return rc ? rc : KX_FAIL;
	}
	return rc;
}

int main(int argc, char **argv)
{
	const char *name = argc > 0 ? resolve_name(argv[0]) : self_name;
	const struct applet *a;

	if (!name)
		kx_die(KX_NOAPPLET, "applet not found", base_name(argv[0]), 0);
	if (!strcmp(name, self_name))
		return finish(multiplexer(argc, argv));
	a = find_applet(name);
	kx_applet = a->name;
	if (argc > 1 && !strcmp(argv[1], "--help"))
		return finish(applet_help(a));
	return finish(a->main(argc, argv));
}
