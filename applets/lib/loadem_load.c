/*
 * The loader's I/O (loadem.h): the steps' files, the plan, the one
 * kexec_load call, the unload and the kexec reboot. Every check is the
 * planner's (plan.c) and happens before the call; what the kernel answers
 * is put into words by loadem_say.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kxtool.h"
#include "loadem.h"
#include "place.h"

struct loadem_sys loadem_sys = {
	kx_kexec_load, kx_reboot_kexec, sync, kx_has_cap_sys_boot,
	"/sys/kernel/kexec_loaded",
	"/proc/sys/kernel/kexec_load_disabled",
	"/sys/kernel/security/lockdown",
	"/proc/device-tree/chosen/linux,kernel-end",
	"/proc/iomem",
};

/* A -f FILE, or -F OFF,LEN,FILE's range of it. */
static void read_file(struct plan_step *s)
{
	const char *name = loadem_step_file(s);
	uint64_t len;
	int fd = kx_open(name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		kx_die(KX_FAIL, "cannot open", name, errno);
	s->data = kx_file_bytes(fd, name, &len);
	kx_close(fd);
	if (s->op == 'f') {
		s->len = len;
	} else {
		if (s->num > len || s->len > len - s->num)
			kx_die(KX_FAIL, "-F: the range is past the end of", name, 0);
		s->data += s->num;
	}
}

void loadem_read_inputs(struct loadem_opts *o)
{
	struct plan_step *s;
	size_t i;

	for (i = 0; i < o->nstep; i++) {
		s = &o->step[i];
		if (s->data)
			continue;
		if (s->op == 's') {
			s->data = kx_file_bytes(STDIN_FILENO, "standard input", &s->len);
			/*
			 * In the seed's pipeline an empty stdin means fs2dt
			 * failed; a stub with no DT after it hangs the next
			 * kernel, so refuse rather than load it.
			 */
			if (!s->len)
				kx_die(KX_FAIL, "empty standard input", "-s", 0);
		} else if (s->op == 'f' || s->op == 'F') {
			read_file(s);
		}
	}
}

/*
 * ppc64 refuses destinations below the running kernel's end (ETXTBSY, in
 * machine_kexec_prepare); the kernel publishes that end for us to check.
 */
static uint64_t kernel_end(const struct loadem_opts *o)
{
	char b[16];

	if (o->arch != EM_PPC64 && (o->arch || kx_native.machine != EM_PPC64))
		return 0;
	if (kx_read_small(loadem_sys.kernel_end, b, sizeof(b)) != 8)
		return 0;
	return kx_get_uint(b, 8, 1);
}

/*
 * A crash load (-p) goes inside the crash region, never over RTAS there,
 * and leaves the kernel two pages of it: checked here, not by a refusal
 * from the kernel, or worse, none (README, kdump). With kexec (kxtool.h).
 */
static void crash_region(const struct loadem_opts *o, struct plan_cfg *cfg)
{
	struct place_range crash, rtas;
	int none;

	if (!KX_PLANS || !o->crash)
		return;
	none = kx_crash_region(loadem_sys.iomem, &crash);
	/* A dry run may plan for another machine; a load needs this one's region. */
	if (none && o->dry)
		return;
	if (none)
		kx_die(KX_FAIL, "no crash region to load into (-p): boot with crashkernel=SIZE",
		       loadem_sys.iomem, 0);
	cfg->crash_start = crash.start;
	cfg->crash_end = crash.end;
	if (!kx_rtas(&rtas) && rtas.start < crash.end && crash.start < rtas.end) {
		cfg->avoid_start = rtas.start;
		cfg->avoid_end = rtas.end;
	}
}

void loadem_plan(const struct loadem_opts *o, struct plan *p)
{
	struct plan_cfg cfg = {
		o->page, (unsigned long)-1, kernel_end(o), o->word, o->big_endian, 0, 0, 0, 0,
	};
	int err;

	crash_region(o, &cfg);
	p->piece = calloc(2 * o->nstep + 1, sizeof(*p->piece));
	if (!p->piece)
		kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
	err = plan_build(o->step, o->nstep, &cfg, p);
	if (err) {
		loadem_plan_error(err, o, p, &cfg);
		exit(KX_FAIL);
	}
}

/*
 * The kernel takes one contiguous buffer per segment. A segment made of
 * one source (the usual kernel or initrd) is handed over as mapped; one
 * made of several (stub + device tree, two cpios) is copied into one.
 * The bytes are kxtool's own either way (mapped privately, or read into
 * the heap), so a -c word may be written into them.
 */
static const void *segment_buffer(const struct loadem_opts *o, const struct plan *p,
				  size_t i)
{
	const struct plan_piece *pc;
	long single = plan_single(p, i);
	uintptr_t lo, hi, page = getpagesize();
	unsigned char *buf;
	size_t k;

	if (single < 0) {
		if (!p->seg[i].bufsz)
			return NULL;
		if (p->seg[i].bufsz > SIZE_MAX ||
		    !(buf = malloc(p->seg[i].bufsz)))
			kx_die(KX_FAIL, "out of memory", NULL, ENOMEM);
		plan_fill(p, o->step, i, buf);
		return buf;
	}
	buf = (unsigned char *)(uintptr_t)o->step[single].data;
	for (k = 0; k < p->npiece; k++) {
		pc = &p->piece[k];
		if (pc->seg != i || pc->kind != 'c')
			continue;
		lo = (uintptr_t)(buf + pc->off) & ~(page - 1);
		hi = (uintptr_t)(buf + pc->off + pc->len);
		if (kx_mprotect((void *)lo, hi - lo, PROT_READ | PROT_WRITE))
			kx_die(KX_FAIL, "cannot patch -c word into",
			       loadem_step_file(&o->step[single]), errno);
	}
	plan_chain(p, i, buf);
	return buf;
}

/*
 * A mapped file that another process cuts short raises SIGBUS where its
 * pages are touched past the new end (a copy, a -c word): name the file
 * and fail as a short read would, rather than die of the signal.
 */
static const struct loadem_opts *mapped;

static void bus_error(int sig, siginfo_t *si, void *context)
{
	const char *name = "a mapped file";
	uintptr_t at = (uintptr_t)si->si_addr;
	size_t i;

	(void)sig;
	(void)context;
	for (i = 0; i < mapped->nstep; i++)
		if (at - (uintptr_t)mapped->step[i].data < mapped->step[i].len)
			name = loadem_step_file(&mapped->step[i]);
	kx_die(KX_FAIL, "changed size while read", name, 0);
}

int loadem_load(const struct loadem_opts *o, const struct plan *p)
{
	static struct loadem_segment seg[PLAN_SEGMENT_MAX];	/* reachable at exit */
	size_t i;
	int rc;

	mapped = o;
	if (kx_catch(SIGBUS, bus_error))
		kx_die(KX_FAIL, "cannot catch SIGBUS", NULL, errno);
	for (i = 0; i < p->nseg; i++) {
		seg[i].buf = segment_buffer(o, p, i);
		seg[i].bufsz = p->seg[i].bufsz;
		seg[i].mem = p->seg[i].mem;
		seg[i].memsz = p->seg[i].memsz;
	}
	if (!loadem_sys.kexec_load(p->entry, p->nseg, seg, loadem_flags(o)))
		return KX_OK;
	rc = loadem_explain("kexec_load", errno, o);
	kx_put(STDERR_FILENO, "the plan was:\n");
	loadem_print_plan(STDERR_FILENO, o, p);
	kx_flush();
	return rc;
}

int loadem_unload(const struct loadem_opts *o)
{
	if (o->dry) {
		kx_put(STDOUT_FILENO, "unload\n");
		loadem_print_flags(STDOUT_FILENO, o);
		return KX_OK;
	}
	if (loadem_sys.kexec_load(0, 0, NULL, loadem_flags(o)))
		return loadem_explain("kexec_load", errno, o);
	return KX_OK;
}

int loadem_reboot(const struct loadem_opts *o)
{
	char b[8];
	int err;

	if (o->dry) {
		kx_put(STDOUT_FILENO, o->no_sync ? "" : "sync, then ");
		kx_put(STDOUT_FILENO, o->before_reboot ? "the network down (not lo), then " : "");
		kx_put(STDOUT_FILENO, "reboot into the loaded image\n");
		return KX_OK;
	}
	/* Missing (no sysfs): let the kernel decide; it refuses an empty slot. */
	if (kx_read_small(loadem_sys.kexec_loaded, b, sizeof(b)) > 0 && b[0] == '0')
		kx_die(KX_FAIL, "no image loaded, not rebooting", loadem_sys.kexec_loaded, 0);
	/* The kernel does not sync on a kexec reboot: unwritten data would be lost. */
	if (!o->no_sync)
		loadem_sys.sync();
	if (o->before_reboot)
		o->before_reboot();
	loadem_sys.reboot_kexec();
	err = errno;
	kx_warn("kexec reboot failed", NULL, err);
	return err == EPERM ? KX_PERM : KX_FAIL;
}
