/*
 * loadem through its seam (applets/lib/loadem.h): the real command line and
 * file handling, with kexec_load, reboot, sync and the capability check
 * replaced by recorders, and the kernel's files by files made here. So the
 * exact entry, flags and segment bytes the kernel would get can be checked,
 * and nothing here can load or reboot anything. Each run is a child
 * process, so exits and messages are checked as a user sees them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kxtool.h"
#include "loadem.h"
#include "unit.h"

#define SEGS 5
#define NATIVE_ORDER_BE (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
#define KEEP 4096

struct seen_segment {
	unsigned long mem;
	size_t bufsz, memsz;
	int null_buf;
	uint64_t hash;			/* FNV-1a of all bufsz bytes */
	unsigned char bytes[KEEP];	/* the first ones */
	char mapping[128];		/* /proc/self/maps path of buf's page */
};

struct record {
	int loads, syncs, reboots, clock, load_at, sync_at, reboot_at;
	unsigned long entry, nr, flags;
	struct seen_segment seg[SEGS];
};

/* Shared with the children; and how the fakes should answer. */
static struct record *rec;
static int load_errno, reboot_errno = EINVAL, have_cap = 1;

static uint64_t fnv(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

static void find_mapping(const void *buf, char *out, size_t cap)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	unsigned long lo, hi;
	int at;

	out[0] = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &lo, &hi, &at) < 2)
			continue;
		if ((uintptr_t)buf >= lo && (uintptr_t)buf < hi) {
			line[strcspn(line, "\n")] = 0;
			snprintf(out, cap, "%s", line + at);
			break;
		}
	}
	if (f)
		fclose(f);
}

static long fake_kexec_load(unsigned long entry, unsigned long nr,
			    const void *segments, unsigned long flags)
{
	const struct loadem_segment *seg = segments;
	struct seen_segment *s;
	size_t i;

	rec->loads++;
	rec->load_at = ++rec->clock;
	rec->entry = entry;
	rec->nr = nr;
	rec->flags = flags;
	for (i = 0; i < nr && i < SEGS; i++) {
		s = &rec->seg[i];
		s->mem = seg[i].mem;
		s->bufsz = seg[i].bufsz;
		s->memsz = seg[i].memsz;
		s->null_buf = !seg[i].buf;
		if (!seg[i].buf)
			continue;
		s->hash = fnv(seg[i].buf, seg[i].bufsz);
		memcpy(s->bytes, seg[i].buf, seg[i].bufsz < KEEP ? seg[i].bufsz : KEEP);
		find_mapping(seg[i].buf, s->mapping, sizeof(s->mapping));
	}
	errno = load_errno;
	return load_errno ? -1 : 0;
}

static long fake_reboot_kexec(void)
{
	rec->reboots++;
	rec->reboot_at = ++rec->clock;
	errno = reboot_errno;
	return -1;
}

static void fake_sync(void)
{
	rec->syncs++;
	rec->sync_at = ++rec->clock;
}

static int fake_has_cap_sys_boot(void)
{
	return have_cap;
}

struct result {
	int status;
	char out[8192], err[8192];
};

static void slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, cap - 1);

	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
}

/*
 * loadem ARGS... in a child, standard input from IN ("-": closed). Fills R
 * and leaves what the fakes saw in *rec.
 */
static void run(struct result *r, const char *in, const char *const *args)
{
	char *argv[64];
	int argc = 0, status, fd;
	pid_t pid;

	memset(rec, 0, sizeof(*rec));
	argv[argc++] = strdup("loadem");
	while (args[argc - 1])
		argv[argc] = strdup(args[argc - 1]), argc++;
	argv[argc] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(0);
		if (strcmp(in, "-") && open(in, O_RDONLY) != 0)
			_exit(99);
		fd = open("out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		fd = open("err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 2);
		kx_applet = "loadem";
		status = loadem_main(argc, argv);
		kx_flush();	/* main() does this after every applet */
		_exit(status);
	}
	waitpid(pid, &status, 0);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	slurp("out", r->out, sizeof(r->out));
	slurp("err", r->err, sizeof(r->err));
	while (argc--)
		free(argv[argc]);
}

#define RUN(r, in, ...) run((r), (in), (const char *const[]){ __VA_ARGS__, NULL })

static unsigned char stub[256], dt[100], kernel[70000];

static void make_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n || close(fd)) {
		perror(path);
		exit(1);
	}
}

static void set_file(const char *path, const char *text)
{
	make_file(path, text, strlen(text));
}

static int has(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle))
		return 1;
	printf("  missing \"%s\" in:\n%s", needle, haystack);
	return 0;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

/* The seed's first segment: v2wrap, the device tree, the kernel's address. */
static int stub_segment(const struct seen_segment *s, const unsigned char word[8])
{
	return s->bufsz == sizeof(stub) + sizeof(dt) && !memcmp(s->bytes, stub, 0xf8) &&
	       !memcmp(s->bytes + 0xf8, word, 8) && !memcmp(s->bytes + 0x100, dt, sizeof(dt));
}

static const unsigned char be_6000000[8] = { 0, 0, 0, 0, 6, 0, 0, 0 };
static const unsigned char le_6000000[8] = { 0, 0, 0, 6, 0, 0, 0, 0 };

static void seed_examples(void)
{
	struct result r;
	const struct seen_segment *s = rec->seg;

	RUN(&r, "dt", "-t", "ppc64", "-a", "0x5000000", "-e", "-f", "v2wrap", "-s",
	    "-a", "0x6000000", "-c", "0x100", "-f", "vmlinux.kexec", "-r", "0x1000");
	CHECK("seed example 1, -t ppc64: entry, flags, segments",
	      r.status == 0 && rec->loads == 1 && rec->entry == 0x5000000 &&
	      rec->nr == 2 && rec->flags == 0x150000 &&
	      s[0].mem == 0x5000000 && s[0].memsz == 0x1000 &&
	      s[1].mem == 0x6000000 && s[1].bufsz == sizeof(kernel) &&
	      s[1].memsz == 0x12000 && rec->reboots == 0 && rec->syncs == 0);
	CHECK("seed example 1, -t ppc64: stub, device tree, big-endian kernel address",
	      stub_segment(&s[0], be_6000000));
	CHECK("seed example 1: the kernel's bytes, all of them",
	      s[1].hash == fnv(kernel, sizeof(kernel)));
	CHECK("a one-file segment is the file's own mapping, not a copy",
	      ends_with(s[1].mapping, "/vmlinux.kexec"));
	CHECK("a segment of several pieces is one copied buffer",
	      !strstr(s[0].mapping, "/v2wrap") && !strstr(s[0].mapping, "/dt"));

	RUN(&r, "dt", "-t", "ppc64le", "-a", "0x5000000", "-e", "-f", "v2wrap", "-s",
	    "-a", "0x6000000", "-c", "0x100", "-f", "vmlinux.kexec", "-r", "0x1000");
	CHECK("-t ppc64le: the same, little-endian kernel address",
	      r.status == 0 && rec->flags == 0x150000 && stub_segment(&s[0], le_6000000));

	RUN(&r, "dt", "-t", "0x15", "-r", "0x1000", "-a", "0x5000000", "-e", "-f", "v2wrap",
	    "-s", "-a", "0x6000000", "-c", "0x100", "-f", "vmlinux.kexec", "-a", "0x38000000",
	    "-f", "fs_large.cpio.gz", "-4", "-f", "kexec.cpio.gz", "-a", "0x30000000",
	    "-z", "0x10000");
	CHECK("seed example 2: four segments, cpios padded to 4, a zeroed one",
	      r.status == 0 && rec->nr == 4 && rec->flags == 0x150000 &&
	      stub_segment(&s[0], NATIVE_ORDER_BE ? be_6000000 : le_6000000) &&
	      s[2].mem == 0x38000000 && s[2].bufsz == 13 && s[2].memsz == 0x1000 &&
	      !memcmp(s[2].bytes, "12345\0\0\0abcde", 13) &&
	      s[3].mem == 0x30000000 && s[3].bufsz == 0 && s[3].null_buf &&
	      s[3].memsz == 0x10000);
}

static void chain_into_a_file(void)
{
	struct result r;
	unsigned char after[sizeof(stub)];
	int fd;

	RUN(&r, "-", "-t", "ppc64", "-r", "0x10000", "-a", "0x5000000", "-e", "-f", "v2wrap",
	    "-a", "0x6000000", "-c", "0x100", "-f", "vmlinux.kexec");
	fd = open("v2wrap", O_RDONLY);
	CHECK("-c into a one-file segment: patched in a private mapping",
	      r.status == 0 && rec->seg[0].bufsz == sizeof(stub) &&
	      !memcmp(rec->seg[0].bytes, stub, 0xf8) &&
	      !memcmp(rec->seg[0].bytes + 0xf8, be_6000000, 8) &&
	      ends_with(rec->seg[0].mapping, "/v2wrap") && rec->seg[0].memsz == 0x10000);
	CHECK("-c into a one-file segment: the file itself is unchanged",
	      fd >= 0 && read(fd, after, sizeof(after)) == sizeof(after) &&
	      !memcmp(after, stub, sizeof(stub)));
	close(fd);
}

static void flags_and_arches(void)
{
	static const struct { const char *arch; unsigned long flags; } t[] = {
		{ "ppc64", 21 << 16 }, { "ppc64le", 21 << 16 }, { "x86_64", 62 << 16 },
		{ "aarch64", 183 << 16 }, { "21", 21 << 16 }, { "0x3e", 62 << 16 },
	};
	struct result r;
	char name[80];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		RUN(&r, "-", "-t", t[i].arch, "-a", "0x10000", "-e", "-f", "v2wrap");
		snprintf(name, sizeof(name), "-t %s: flags 0x%lx", t[i].arch, t[i].flags);
		CHECK(name, r.status == 0 && rec->flags == t[i].flags);
	}
	RUN(&r, "-", "-a", "0x10000", "-e", "-f", "v2wrap");
	CHECK("no -t: KEXEC_ARCH_DEFAULT (0) in the flags", r.status == 0 && rec->flags == 0);
	RUN(&r, "-", "-p", "-t", "ppc64", "-a", "0x10000", "-e", "-f", "v2wrap");
	CHECK("-p: KEXEC_ON_CRASH", r.status == 0 && rec->flags == 0x150001);
	RUN(&r, "-", "-u");
	CHECK("-u: kexec_load with no segments", r.status == 0 && rec->loads == 1 &&
	      rec->nr == 0 && rec->entry == 0 && rec->flags == 0);
	RUN(&r, "-", "-u", "-p", "-t", "ppc64");
	CHECK("-u -p: unloads the panic image", r.status == 0 && rec->loads == 1 &&
	      rec->nr == 0 && rec->flags == 0x150001);
	RUN(&r, "dt", "-n", "-x", "-t", "ppc64", "-a", "0x5000000", "-e", "-f", "v2wrap", "-s");
	CHECK("-n calls nothing, not even with -x",
	      r.status == 0 && !rec->loads && !rec->syncs && !rec->reboots &&
	      has(r.out, "entry 0x5000000\n") && has(r.out, "reboot"));
}

static void reboot_rules(void)
{
	struct result r;

	set_file("kexec_loaded", "1\n");
	RUN(&r, "-", "-a", "0x10000", "-e", "-f", "v2wrap", "-x");
	CHECK("-x: load, then sync, then reboot",
	      rec->loads == 1 && rec->syncs == 1 && rec->reboots == 1 &&
	      rec->load_at < rec->sync_at && rec->sync_at < rec->reboot_at);
	CHECK("-x: a reboot that returns is exit 1, named",
	      r.status == 1 && has(r.err, "kexec reboot failed: Invalid argument"));
	reboot_errno = EPERM;
	RUN(&r, "-", "-x");
	CHECK("-x alone: sync and reboot; EPERM is exit 3",
	      r.status == 3 && !rec->loads && rec->syncs == 1 && rec->reboots == 1);
	reboot_errno = EINVAL;
	load_errno = EBUSY;
	RUN(&r, "-", "-a", "0x10000", "-e", "-f", "v2wrap", "-x");
	CHECK("-x never reboots after a failed load",
	      r.status == 1 && rec->loads == 1 && !rec->syncs && !rec->reboots);
	load_errno = 0;
	set_file("kexec_loaded", "0\n");
	RUN(&r, "-", "-x");
	CHECK("-x never reboots when kexec_loaded says 0",
	      r.status == 1 && !rec->syncs && !rec->reboots &&
	      has(r.err, "no image loaded, not rebooting: kexec_loaded"));
	RUN(&r, "-", "-a", "0x10000", "-e", "-f", "v2wrap", "-x");
	CHECK("-x after a load still asks kexec_loaded",
	      r.status == 1 && rec->loads == 1 && !rec->reboots);
	unlink("kexec_loaded");
	RUN(&r, "-", "-x");
	CHECK("-x without sysfs: the kernel decides", r.status == 1 && rec->reboots == 1);
}

static void explain(int err, const char *name, const char *words, int code)
{
	struct result r;

	load_errno = err;
	RUN(&r, "-", "-t", "ppc64", "-a", "0x5000000", "-e", "-f", "v2wrap");
	load_errno = 0;
	CHECK(name, r.status == code && rec->loads == 1 && has(r.err, words) &&
	      has(r.err, "the plan was:\nentry 0x5000000\nflags 0x150000 (arch 21)\n"
		  "segment 0 [0x5000000, 0x5001000) bufsz 0x100\n  [0x0, 0x100) -f v2wrap\n"));
}

static void errors_explained(void)
{
	have_cap = 0;
	explain(EPERM, "EPERM without CAP_SYS_BOOT: exit 3",
		"kxtool: loadem: kexec_load: not permitted: no CAP_SYS_BOOT: Operation not permitted\n", 3);
	have_cap = 1;
	set_file("disabled", "1\n");
	explain(EPERM, "EPERM by kexec_load_disabled",
		"not permitted: disabled is 1 until reboot: Operation not permitted\n", 3);
	unlink("disabled");
	set_file("lockdown", "none [integrity] confidentiality\n");
	explain(EPERM, "EPERM by lockdown, which mode",
		"not permitted: kernel lockdown [integrity] in lockdown, which lets only a signed kernel in, through kexec_file_load (kexec -s): Operation", 3);
	set_file("lockdown", "[none] integrity confidentiality\n");
	explain(EPERM, "EPERM with none of the three visible",
		"(none shows): Operation not permitted", 3);
	explain(EBUSY, "EBUSY", "another kexec load or unload is in progress: Device or resource busy", 1);
	explain(EADDRNOTAVAIL, "EADDRNOTAVAIL", "not a multiple of the kernel's page 0x", 1);
	explain(ETXTBSY, "ETXTBSY", "overlaps the running kernel or a TCE table", 1);
	explain(EINVAL, "EINVAL", "an arch (-t) not this kernel's", 1);
	explain(ENOMEM, "ENOMEM", "cannot place the image", 1);
	explain(ENOSYS, "ENOSYS", "this kernel has no kexec_load", 1);
	/* A mapped file cut short under the kernel's copy: its words, not "error 14". */
	explain(EFAULT, "EFAULT, in words", "kexec_load: failed: Bad address", 1);
}

static void kernel_end(void)
{
	static const unsigned char end[8] = { 0, 0, 0, 0, 0x02, 0x88, 0, 0 };
	struct result r;

	make_file("kernel-end", end, sizeof(end));
	RUN(&r, "-", "-t", "ppc64", "-a", "0x2000000", "-e", "-f", "v2wrap");
	CHECK("ppc64: a segment below linux,kernel-end is refused before kexec_load",
	      r.status == 1 && !rec->loads &&
	      has(r.err, "kxtool: loadem: segment starts below the running kernel's end "
		  "0x2880000 (linux,kernel-end): segment 0 (-a 0x2000000)\n"));
	RUN(&r, "-", "-t", "21", "-a", "0x2880000", "-e", "-f", "v2wrap");
	CHECK("ppc64: at linux,kernel-end is fine", r.status == 0 && rec->loads == 1);
	RUN(&r, "-", "-t", "x86_64", "-a", "0x2000000", "-e", "-f", "v2wrap");
	CHECK("not ppc64: linux,kernel-end does not apply", r.status == 0 && rec->loads == 1);
	make_file("kernel-end", end, 4);
	RUN(&r, "-", "-t", "ppc64", "-a", "0x2000000", "-e", "-f", "v2wrap");
	CHECK("ppc64: a kernel-end that is not 8 bytes is ignored", r.status == 0);
	unlink("kernel-end");
}

static void inputs(void)
{
	struct result r;

	RUN(&r, "-", "-a", "0x10000", "-e", "-s");
	CHECK("closed standard input: exit 1, named, nothing loaded",
	      r.status == 1 && !rec->loads &&
	      has(r.err, "cannot read: standard input: Bad file descriptor"));
	RUN(&r, ".", "-a", "0x10000", "-e", "-s");
	CHECK("a directory as standard input", r.status == 1 && !rec->loads &&
	      has(r.err, "cannot read: standard input: Is a directory"));
	RUN(&r, "-", "-a", "0x10000", "-e", "-f", "nosuch");
	CHECK("a missing file", r.status == 1 && !rec->loads &&
	      has(r.err, "cannot open: nosuch: No such file or directory"));
	RUN(&r, "-", "-a", "0x10000", "-e", "-f", "/proc/self/stat");
	CHECK("a file with no size to map is read", r.status == 0 && rec->seg[0].bufsz > 0);
	RUN(&r, "-", "-u", "-a", "0x10000");
	CHECK("a usage error loads nothing", r.status == 2 && !rec->loads);
}

int main(void)
{
	static const char *const files[] = {
		"v2wrap", "dt", "vmlinux.kexec", "fs_large.cpio.gz",
		"kexec.cpio.gz", "out", "err", "lockdown", "iomem",
	};
	static const char iomem[] = "00000000-7fffffff : System RAM\n"
				    "  00010000-0002ffff : Crash kernel\n";
	char dir[] = "/tmp/loadem_sys.XXXXXX";
	size_t i;

	rec = mmap(NULL, sizeof(*rec), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (rec == MAP_FAILED || !mkdtemp(dir) || chdir(dir))
		return 1;
	for (i = 0; i < sizeof(stub); i++)
		stub[i] = i * 7 + 1;
	for (i = 0; i < sizeof(dt); i++)
		dt[i] = 0xd0 ^ i;
	for (i = 0; i < sizeof(kernel); i++)
		kernel[i] = i * 2654435761u >> 13;
	make_file("v2wrap", stub, sizeof(stub));
	make_file("dt", dt, sizeof(dt));
	make_file("vmlinux.kexec", kernel, sizeof(kernel));
	make_file("fs_large.cpio.gz", "12345", 5);
	make_file("kexec.cpio.gz", "abcde", 5);
	loadem_sys.kexec_load = fake_kexec_load;
	loadem_sys.reboot_kexec = fake_reboot_kexec;
	loadem_sys.sync = fake_sync;
	loadem_sys.has_cap_sys_boot = fake_has_cap_sys_boot;
	loadem_sys.kexec_loaded = "kexec_loaded";
	loadem_sys.load_disabled = "disabled";
	loadem_sys.lockdown = "lockdown";
	loadem_sys.kernel_end = "kernel-end";
	loadem_sys.iomem = "iomem";
	/* A crash region for -p: the test's segments at 0x10000 lie in it. */
	make_file("iomem", iomem, sizeof(iomem) - 1);

	seed_examples();
	chain_into_a_file();
	flags_and_arches();
	reboot_rules();
	errors_explained();
	kernel_end();
	inputs();

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(files[i]);
	if (!chdir("/"))
		rmdir(dir);
	return unit_done();
}
