/*
 * kexec: boot the kernel file a distribution ships, with the command lines
 * that systemd, petitboot, Debian's kexec-tools scripts and kdump-tools
 * already use (kexec(8)); kxtool's -n shows the same load as the explicit
 * v2wrap, fs2dt and loadem lines.
 *
 * lib/kexec_args.c reads the command line; lib/kexec_plan.c plans a
 * kexec_load through the other applets' cores. This file reads the kernel
 * file, picks the system call, and does the actions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "kexec.h"
#include "kxtool.h"
#include "loadem.h"
#include "place.h"

const char kexec_usage[] =
	"[-lpefuS] [OPTIONS] [KERNEL]\n\n"
	"Load KERNEL (ppc64: vmlinux, arm64: Image, x86_64: bzImage) as kexec-tools'\n"
	"kexec does; with no action, then shutdown -r now.\n"
	"-l load  -p load the crash kernel  -e exec  -f load and exec  -u unload\n"
	"-S status (exit 1: loaded)  -s|-c|-a kexec_file_load|kexec_load|both\n"
	"--append=TEXT  --reuse-cmdline  --initrd=FILE  --dtb=FILE  --mem-min=ADDR\n"
	"--mem-max=ADDR  -x no ifdown  -y no sync  -d the plan to stderr\n"
	"-n dry run: the plan, and the v2wrap, fs2dt, loadem lines doing the same\n";

#define KEXEC_FILE_UNLOAD	1
#define KEXEC_FILE_ON_CRASH	2
#define KEXEC_FILE_NO_INITRAMFS	4

/* The new command line: --reuse-cmdline's words, then --append's. */
static const char *command_line(const struct kexec_opts *o)
{
	static char line[4096];
	char now[4096], *w, *end;
	size_t n = 0, len;

	if (!o->reuse_cmdline)
		return o->append ? o->append : "";
	if (kx_read_small("/proc/cmdline", now, sizeof(now)) < 0)
		kx_die(KX_FAIL, "cannot read", "/proc/cmdline", errno);
	for (w = now; *w; w = end) {
		while (*w == ' ' || *w == '\n')
			w++;
		for (end = w; *end && *end != ' ' && *end != '\n'; end++)
			;
		len = end - w;
		/* The boot loader's and the crash region's words are the old kernel's. */
		if (!len || (len > 11 && !memcmp(w, "BOOT_IMAGE=", 11)) ||
		    ((o->action & KEXEC_PANIC) && len > 12 && !memcmp(w, "crashkernel=", 12)))
			continue;
		if (n + len + 2 > sizeof(line))
			break;
		memcpy(line + n, w, len);
		n += len;
		line[n++] = ' ';
	}
	/* The last word's space goes, unless --append's words follow it. */
	line[n ? n - 1 : 0] = 0;
	if (o->append && !kx_join(line + n, sizeof(line) - n, o->append, "", ""))
		kx_die(KX_FAIL, "command line too long", o->append, 0);
	if (o->append && n)
		line[n - 1] = ' ';
	return line;
}

/* -p: where the crash kernel goes, which only crashkernel= makes. */
static void crash_region(struct kexec_job *j)
{
	struct place_range crash = { 0, 0 };

	if (kx_crash_region("/proc/iomem", &crash))
		kx_die(KX_FAIL, "no crash region for the panic kernel (-p): boot with "
		       "crashkernel=SIZE", "/proc/iomem", 0);
	j->crash_start = crash.start;
	j->crash_end = crash.end;
}

/* image_read's kinds, and the machine each is the kernel file of. */
static const unsigned char kinds[] = { EM_PPC64, EM_AARCH64, EM_X86_64 };

static void put_kind(unsigned kind, unsigned machine)
{
	const char *k = "an ELF vmlinux\0an Image\0a bzImage";

	while (--kind)
		k += strlen(k) + 1;
	kx_put(STDERR_FILENO, k);
	kx_put(STDERR_FILENO, " for ");
	kx_put(STDERR_FILENO, image_machine(machine) ?: "another machine");
}

/* The kernel file, mapped and read; it must be this machine's. */
static void read_kernel(struct kexec_job *j, struct image *img)
{
	const char *path = j->o->kernel;
	unsigned native;
	int fd = kx_open(path, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		kx_die(KX_FAIL, "cannot open", path, errno);
	j->kernel = kx_file_bytes(fd, path, &j->kernel_len);
	kx_close(fd);
	if ((r = image_read(j->kernel, j->kernel_len, img)))
		kx_die(KX_FAIL, image_strerror(r), path, 0);
	/* ppc64 boots the ELF vmlinux, arm64 the Image, x86_64 the bzImage. */
	if (img->machine == kx_native.machine && kinds[img->kind - 1] == img->machine) {
		j->img = img;
		return;
	}
	kx_warn_begin();
	put_kind(img->kind, img->machine);
	for (native = 1; native <= sizeof(kinds) && kinds[native - 1] != kx_native.machine; native++)
		;
	if (native > sizeof(kinds)) {
		kx_put(STDERR_FILENO, ": kexec boots no kernel on this machine");
	} else {
		kx_put(STDERR_FILENO, ": kexec here boots ");
		put_kind(native, kx_native.machine);
	}
	kx_put(STDERR_FILENO, ": ");
	kx_put(STDERR_FILENO, path);
	kx_warn_end(0);
	exit(KX_FAIL);
}

static uint64_t initrd_size(const char *path)
{
	struct stat st;
	int fd = kx_open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || kx_fstat(fd, &st))
		kx_die(KX_FAIL, "cannot open", path, errno);
	kx_close(fd);
	if (!S_ISREG(st.st_mode) || !st.st_size)
		kx_die(KX_FAIL, "not a regular file with bytes in it: the initrd", path, 0);
	return st.st_size;
}

/* kexec_file_load's errors: the signature ones, and what it takes. */
static int file_error(int err, const struct kexec_opts *o, int bzimage)
{
	static const unsigned char errs[] = { ENOSYS, ENOEXEC, EINVAL, EKEYREJECTED, ENOKEY, EBADF };
	static const char texts[] KX_UNALIGNED =
		"this kernel has none: use -c\0"
		"this kernel takes no such file through it\0"
		"arm64 takes only an Image it checks\0"
		"the signature was rejected\0"
		"signed by no key this kernel knows\0"
		"a file could not be read\0";
	const char *t = texts;
	size_t i;

	for (i = 0; i < sizeof(errs) && errs[i] != err; i++)
		t += strlen(t) + 1;
	/* kexec_load (-c) is no way for a bzImage: kxtool has no purgatory. */
	if (err == ENOSYS && bzimage)
		t = "this kernel has none, and a bzImage needs it";
	if (i == sizeof(errs)) {
		struct loadem_opts lo = { .crash = !!(o->action & KEXEC_PANIC) };

		return loadem_explain("kexec_file_load", err, &lo);
	}
	kx_warn("kexec_file_load", t, err);
	return KX_FAIL;
}

/*
 * kexec_file_load: the kernel checks and places the files itself (and,
 * under lockdown, their signature). -1 when FALLBACK and the kernel does
 * not do it (ENOSYS), or takes no such file (ENOEXEC; arm64's EINVAL).
 */
static int file_load(struct kexec_job *j, int fallback)
{
	const struct kexec_opts *o = j->o;
	unsigned long flags = o->initrd ? 0 : KEXEC_FILE_NO_INITRAMFS;
	int kfd, ifd = -1, err;

	if (o->action & KEXEC_PANIC)
		flags |= KEXEC_FILE_ON_CRASH;
	if (o->dry) {
		kx_put(STDOUT_FILENO, fallback ? "kexec_file_load first, then if the kernel has "
			"none or takes no such file, kexec_load:\n" : "kexec_file_load\n");
		return fallback ? -1 : KX_OK;
	}
	kfd = kx_open(o->kernel, O_RDONLY | O_CLOEXEC);
	if (o->initrd)
		ifd = kx_open(o->initrd, O_RDONLY | O_CLOEXEC);
	if (!kx_kexec_file_load(kfd, ifd, strlen(j->cmdline) + 1, j->cmdline, flags))
		return KX_OK;
	err = errno;
	if (fallback && (err == ENOSYS || err == ENOEXEC ||
			 (err == EINVAL && j->img->kind == IMAGE_ARM64)))
		return -1;
	return file_error(err, o, j->img->kind == IMAGE_BZIMAGE);
}

static int load(const struct kexec_opts *o)
{
	static struct kexec_job j;	/* reachable at exit */
	static struct image img;
	int rc;

	j.o = o;
	if (o->action & KEXEC_PANIC)
		crash_region(&j);
	read_kernel(&j, &img);
	j.cmdline = command_line(o);
	if (o->initrd)
		j.initrd_len = initrd_size(o->initrd);
	/* Where kexec plans no kexec_load (x86_64), read_kernel took a bzImage. */
	if (img.kind == IMAGE_BZIMAGE || !KX_PLANS) {
		if (o->syscall == 'c')
			kx_die(KX_FAIL, "a bzImage needs kexec_file_load (-s or -a): kxtool has no "
			       "purgatory", o->kernel, 0);
		return file_load(&j, 0);
	}
	if (o->syscall != 'c' && (rc = file_load(&j, o->syscall == 'a')) >= 0)
		return rc;
	/* Only ppc64 and arm64 kexecs are planned here: elsewhere the code goes. */
	if (!KX_PLANS)
		return KX_FAIL;
	return kexec_plan_load(&j);
}

/* -e and -f: the network down (not lo) first, as kexec-tools does. */
static void ifdown(void)
{
	uint64_t dents[512];
	const char *name;
	long got, i;
	int fd = kx_open("/sys/class/net", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	while (fd >= 0 && (got = kx_getdents64(fd, dents, sizeof(dents))) > 0)
		for (i = 0; i < got; i += *(unsigned short *)((char *)dents + i + 16)) {
			name = (char *)dents + i + 19;	/* d_name in struct linux_dirent64 */
			if (name[0] != '.' && strcmp(name, "lo"))
				kx_ifdown(name);
		}
}

static int reboot_now(const struct kexec_opts *o)
{
	struct loadem_opts lo = { .dry = o->dry, .no_sync = o->no_sync };

	if (!o->no_ifdown)
		lo.before_reboot = ifdown;
	return loadem_reboot(&lo);
}

/* No action named: load, then let the system shut down into it. */
static int shut_down(const struct kexec_opts *o)
{
	static const char paths[] KX_UNALIGNED = "/sbin/shutdown\0/etc/shutdown\0/bin/shutdown\0";
	static char shutdown[] = "shutdown", r[] = "-r", now[] = "now";
	char *const argv[] = { shutdown, r, now, NULL };
	const char *p;
	int st;

	if (o->dry) {
		kx_put(STDOUT_FILENO, "then shutdown -r now\n");
		return KX_OK;
	}
	for (p = paths; *p; p += strlen(p) + 1) {
		if (access(p, X_OK))
			continue;
		st = kx_run(p, argv);
		if (st)
			kx_warn("shutdown -r now failed; the kernel stays loaded", p, st < 0 ? errno : 0);
		return st ? KX_FAIL : KX_OK;
	}
	kx_warn("no shutdown program: the kernel stays loaded; kexec -e boots it", NULL, 0);
	return KX_FAIL;
}

/* A /sys/kernel file's first line: -S and --print-ckr-size. */
static int sys_kernel(const char *name, int print)
{
	char path[40], b[32] = "0";

	kx_join(path, sizeof(path), "/sys/kernel/", name, "");
	/* A kernel without kexec has nothing loaded (-S: exit 0). */
	if (kx_read_small(path, b, sizeof(b)) < 0 && (print || errno != ENOENT))
		kx_die(KX_FAIL, "cannot read", path, errno);
	if (print)
		kx_put(STDOUT_FILENO, b);
	return b[0] == '1';
}

static int unload(const struct kexec_opts *o)
{
	struct loadem_opts lo = { .dry = o->dry, .crash = !!(o->action & KEXEC_PANIC) };

	if (o->syscall != 's' || o->dry)
		return loadem_unload(&lo);
	if (!kx_kexec_file_load(-1, -1, 0, NULL, KEXEC_FILE_UNLOAD |
				(lo.crash ? KEXEC_FILE_ON_CRASH : 0)))
		return KX_OK;
	return file_error(errno, o, 0);
}

int kexec_main(int argc, char **argv)
{
	static struct kexec_opts o;
	int rc = KX_OK;

	if (kexec_parse(argc, argv, &o))
		kx_usage(o.bad, o.bad_arg);
	if (o.action & (KEXEC_HELP | KEXEC_VERSION)) {
		kx_put(STDOUT_FILENO, o.action & KEXEC_HELP ? "usage: kexec " : "kxtool "
		       KXTOOL_VERSION " (kexec)\n");
		kx_put(STDOUT_FILENO, o.action & KEXEC_HELP ? kexec_usage : "");
		return KX_OK;
	}
	if (o.action & KEXEC_CKR_SIZE)
		return sys_kernel("kexec_crash_size", 1), KX_OK;
	if (o.action & KEXEC_STATUS)
		return sys_kernel(o.action & KEXEC_LOAD ? "kexec_loaded" : "kexec_crash_loaded", 0);
	if (o.action & KEXEC_UNLOAD)
		return unload(&o);
	if (o.kernel)
		rc = load(&o);
	if (rc || (o.action & (KEXEC_LOAD | KEXEC_PANIC)))
		return rc;
	return o.action & (KEXEC_EXEC | KEXEC_FORCE) ? reboot_now(&o) : shut_down(&o);
}
