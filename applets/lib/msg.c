/*
 * kxtool: messages in one style, and text out without stdio.
 *
 * Text goes through one buffer, not stdio, which a static binary would pay
 * for whole (README, Building). The buffer serves both descriptors: writing
 * to the other one flushes it first, so stdout and stderr keep the order of
 * the calls, and every message is flushed whole at its end. The first
 * failed write to stdout is kept for kx_flush, so a full disk still ends
 * in an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kxtool.h"

const char *kx_applet;

static struct {
	int to_stderr, err;	/* zero, so all of it stays in .bss */
	size_t len;
	char buf[4096];
} text;

int kx_flush(void)
{
	if (text.len && kx_write_all(STDOUT_FILENO + text.to_stderr, text.buf, text.len) &&
	    !text.to_stderr && !text.err)
		text.err = errno;
	text.len = 0;
	return text.err;
}

void kx_put(int fd, const char *s)
{
	if (fd != STDOUT_FILENO + text.to_stderr) {
		kx_flush();
		text.to_stderr = fd == STDERR_FILENO;
	}
	for (; *s; s++) {
		if (text.len == sizeof(text.buf))
			kx_flush();
		text.buf[text.len++] = *s;
	}
}

/*
 * The errors kxtool meets in practice, in glibc's words, in place of
 * strerror: a table of every errno costs kilobytes (README, Building), and
 * this way the glibc and musl builds say the same. EINTR never shows (it is
 * retried), nor EAGAIN (kxtool reads regular files and pipes that block),
 * and EMFILE would take a tree 1000 levels deep; any other errno not here
 * shows as "error N".
 */
static const unsigned char errnos[] KX_UNALIGNED = {
	EPERM, ENOENT, EIO, EBADF, ENOMEM, EACCES, EBUSY, EEXIST, EXDEV,
	ENODEV, ENOTDIR, EISDIR, EINVAL, ETXTBSY, EFBIG, ENOSPC, EROFS,
	EPIPE, ENAMETOOLONG, ENOSYS, ELOOP, EOPNOTSUPP, EADDRNOTAVAIL, EDQUOT,
	EFAULT, ENXIO,
#if KX_WITH_KEXEC	/* kexec_file_load's */
	ENOEXEC, ENOKEY, EKEYREJECTED,
#endif
};
static const char errtexts[] KX_UNALIGNED =
	"Operation not permitted\0No such file or directory\0"
	"Input/output error\0Bad file descriptor\0Cannot allocate memory\0"
	"Permission denied\0Device or resource busy\0"
	"File exists\0Invalid cross-device link\0No such device\0"
	"Not a directory\0Is a directory\0Invalid argument\0"
	"Text file busy\0File too large\0"
	"No space left on device\0Read-only file system\0Broken pipe\0"
	"File name too long\0Function not implemented\0"
	"Too many levels of symbolic links\0Operation not supported\0"
	"Cannot assign requested address\0Disk quota exceeded\0Bad address\0"
	"No such device or address"
#if KX_WITH_KEXEC
	"\0Exec format error\0Required key not available\0Key was rejected by service"
#endif
	;

/* ERR's text in TEXTS, the N errnos of NOS; NULL if not there. */
static const char *find_error(int err, const unsigned char *nos, size_t n, const char *texts)
{
	size_t i;

	for (i = 0; i < n; i++, texts += strlen(texts) + 1)
		if (nos[i] == err)
			return texts;
	return NULL;
}

static void put_error(int err)
{
	const char *msg = find_error(err, errnos, sizeof(errnos), errtexts);
	char num[KX_NUMBUF];

	if (msg) {
		kx_put(STDERR_FILENO, msg);
		return;
	}
	kx_put(STDERR_FILENO, "error ");
	kx_put(STDERR_FILENO, kx_dec(num, err));
}

void kx_warn_begin(void)
{
	kx_put(STDERR_FILENO, "kxtool: ");
	if (kx_applet) {
		kx_put(STDERR_FILENO, kx_applet);
		kx_put(STDERR_FILENO, ": ");
	}
}

/* The line's end, for kx_usage to add a line before the flush. */
static void warn_line_end(int err)
{
	if (err) {
		kx_put(STDERR_FILENO, ": ");
		put_error(err);
	}
	kx_put(STDERR_FILENO, "\n");
}

void kx_warn_end(int err)
{
	warn_line_end(err);
	kx_flush();
}

static void warn_line(const char *what, const char *obj, int err)
{
	kx_warn_begin();
	kx_put(STDERR_FILENO, what);
	if (obj) {
		kx_put(STDERR_FILENO, ": ");
		kx_put(STDERR_FILENO, obj);
	}
	warn_line_end(err);
}

void kx_warn(const char *what, const char *obj, int err)
{
	warn_line(what, obj, err);
	kx_flush();
}

_Noreturn void kx_die(int code, const char *what, const char *obj, int err)
{
	kx_warn(what, obj, err);
	exit(code);
}

_Noreturn void kx_usage(const char *what, const char *arg)
{
	warn_line(what, arg, 0);
	kx_put(STDERR_FILENO, "Try 'kxtool ");
	if (kx_applet) {
		kx_put(STDERR_FILENO, kx_applet);
		kx_put(STDERR_FILENO, " ");
	}
	kx_put(STDERR_FILENO, "--help'.\n");
	kx_flush();
	exit(KX_USAGE);
}


void *kx_xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	return p;
}
