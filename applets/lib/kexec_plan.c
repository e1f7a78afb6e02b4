/*
 * From a kernel file to a kexec_load call, for kexec: the three command
 * lines a power user would type (v2wrap, then fs2dt | loadem), with every
 * address chosen here, run through those applets' own cores. kexec -n
 * prints the same lines, so running them loads the same bytes.
 *
 *   ppc64  the ELF vmlinux; v2wrap -R (the kernel runs where it is loaded)
 *          when its word at 0x5c says "run0", else -K; every segment in
 *          the RMA (real mode reaches no further), above the running
 *          kernel's end, clear of what the device tree reserves (RTAS,
 *          OPAL, TCE tables, reserved-ranges) and of the crash region
 *   arm64  the Image; v2wrap -A arm64; the kernel at a 2 MiB-aligned base
 *          plus its text_offset in System RAM (/proc/iomem), clear of what
 *          is reserved there and of the crash region
 *
 * Placement is first fit from the bottom (place.c): the kernel, then the
 * stub with the device tree after it, then the initrd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corehdr.h"
#include "dtb.h"
#include "kexec.h"
#include "kxtool.h"
#include "loadem.h"
#include "place.h"
#include "v2wrap.h"

#define MB2		0x200000
#define MAX_RANGES	64

/* A new word: A, B and C joined. */
static char *word(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;

	return kx_join(kx_xmalloc(n), n, a, b, c);
}

static char *hex(uint64_t v)
{
	char b[KX_NUMBUF];

	return word(kx_hex(b, v), "", "");
}

/* "A,B" in hex, as -i and -F take them. */
static char *pair(uint64_t a, uint64_t b)
{
	char x[KX_NUMBUF], y[KX_NUMBUF];

	return word(kx_hex(x, a), ",", kx_hex(y, b));
}

/* Append the words to the NULL-terminated vector V. */
static void add(char **v, const char *w1, const char *w2)
{
	while (*v)
		v++;
	v[0] = (char *)(uintptr_t)w1;
	v[1] = (char *)(uintptr_t)w2;
	if (w2)
		v[2] = NULL;
}

static size_t count(char **v)
{
	size_t n = 0;

	while (v[n])
		n++;
	return n;
}

static int is_ppc64(const struct kexec_job *j)
{
	return j->img->kind == IMAGE_ELF;
}

static int is_crash(const struct kexec_job *j)
{
	return !!(j->o->action & KEXEC_PANIC);
}

/*
 * v2wrap's line: the race-free stub, run in place when the kernel can; a
 * crash kernel must (it may not move over the memory it is to dump), and
 * has the stub save the first 64 KiB it will overwrite.
 */
static void make_stub(struct kexec_job *j)
{
	struct v2wrap_opts vo;

	add(j->v2wrap, "v2wrap", NULL);
	if (!is_ppc64(j)) {
		add(j->v2wrap, "-A", "arm64");
	} else {
		add(j->v2wrap, j->img->run0 ? "-R" : "-K", j->o->kernel);
		if (is_crash(j))
			add(j->v2wrap, "-S", hex(j->save));
	}
	j->stub_word = "v2wrap.bin";
	if (!is_ppc64(j))
		j->stub_word = "a64wrap.bin";
	if (v2wrap_make(j->v2wrap, &vo, j->stub) != j->stub_len)
		kx_die(KX_FAIL, "internal error: the stub changed size", NULL, 0);
}

/* corehdr's line: the dump's ELF core header, for elfcorehdr=. */
static void make_corehdr(struct kexec_job *j)
{
	const char *out;

	add(j->corehdr, "corehdr", "-c");
	add(j->corehdr, pair(j->crash_start, j->crash_end - j->crash_start), NULL);
	if (is_ppc64(j))
		add(j->corehdr, "-b", hex(j->save));
	j->hdr_len = corehdr_make(j->corehdr, &j->hdr, &out);
	j->hdr_word = "corehdr.bin";
}

/*
 * A crash kernel's tree: its memory cut to the crash region (ppc64: all
 * memory below the region's end, with the old kernel's part of it
 * reserved, as the kernel wants its memory to start at 0), and the backup
 * and the core header reserved; arm64 takes the region and the header in
 * /chosen.
 */
static void crash_tree(struct kexec_job *j)
{
	if (is_ppc64(j)) {
		if (j->crash_start > 0x10000)
			add(j->fs2dt, "-r", pair(0x10000, j->crash_start - 0x10000));
		add(j->fs2dt, "-r", pair(j->save, 0x10000));
		add(j->fs2dt, "-r", pair(j->hdr_addr, j->hdr_len));
		add(j->fs2dt, "-u", pair(0, j->crash_end));
	} else {
		add(j->fs2dt, "-U", pair(j->crash_start, j->crash_end - j->crash_start));
		add(j->fs2dt, "-e", pair(j->hdr_addr, j->hdr_len));
	}
}

/* fs2dt's line for the stub at ENTRY and the initrd at INITRD; the blob it makes. */
static void make_tree(struct kexec_job *j, uint64_t entry, uint64_t initrd)
{
	struct fs2dt_opts fo;

	memset(&fo, 0, sizeof(fo));
	memset(j->fs2dt, 0, sizeof(j->fs2dt));
	add(j->fs2dt, "fs2dt", "-b");
	add(j->fs2dt, hex(entry + j->stub_len), NULL);
	/* No command line given: the tree's bootargs stay, as kexec-tools keeps them. */
	if (j->o->append || j->o->reuse_cmdline || is_crash(j))
		add(j->fs2dt, "-c", j->cmdline);
	if (j->o->initrd)
		add(j->fs2dt, "-i", pair(initrd, j->initrd_len));
	if (is_crash(j))
		crash_tree(j);
	add(j->fs2dt, "--", j->o->dtb ? j->o->dtb : "/proc/device-tree");
	fs2dt_parse(&fo, count(j->fs2dt), j->fs2dt);
	dtb_from_path(fo.dir, &fo.cfg, &j->blob, &j->blob_len);
}

/* A u64 the running kernel shows in /proc/device-tree/chosen; 0 if not. */
static uint64_t chosen(const char *name)
{
	char path[64], b[16];

	kx_join(path, sizeof(path), "/proc/device-tree/chosen/", name, "");
	return kx_read_small(path, b, sizeof(b)) == 8 ? kx_get_uint(b, 8, 1) : 0;
}

/* A cells value of the root's #address-cells or #size-cells (default 1, as Linux). */
static uint32_t root_cells(const struct kexec_job *j, const char *name)
{
	uint32_t len;
	const unsigned char *v = dtb_get(j->blob, j->blob_len, "/", name, &len);

	return v && len == 4 ? kx_get_uint(v, 4, 1) : 1;
}

/* ppc64: the RMA, /memory@0's first range, above the running kernel's end. */
static void ppc64_memory(struct kexec_job *j, struct place_map *m, uint64_t lo, uint64_t hi)
{
	uint32_t ac = root_cells(j, "#address-cells"), sc = root_cells(j, "#size-cells"), len;
	const unsigned char *reg = dtb_get(j->blob, j->blob_len, "/memory@0", "reg", &len);
	struct place_range rma = { 0, 0 };
	uint64_t floor = chosen("linux,kernel-end"), crash = chosen("linux,crashkernel-base");

	if (!reg || ac > 2 || sc > 2 || len < 4 * (ac + sc) || kx_get_uint(reg, 4 * ac, 1))
		kx_die(KX_FAIL, "no /memory@0 with a reg in the device tree: where is the RMA?",
		       j->fs2dt[count(j->fs2dt) - 1], 0);
	rma.end = kx_get_uint(reg + 4 * ac, 4 * sc, 1);
	/* Without -R the new kernel copies itself down to 0, over what lies there. */
	if (!j->img->run0 && floor < j->img->memsz)
		floor = j->img->memsz;
	if (place_init(m, &rma, 1, lo > floor ? lo : floor, hi) ||
	    place_cut(m, crash, crash + chosen("linux,crashkernel-size"), getpagesize()))
		kx_die(KX_FAIL, "too many free ranges to plan", NULL, 0);
}

/* arm64: System RAM, less what /proc/iomem says is reserved or the crash kernel's. */
static void arm64_memory(struct place_map *m, uint64_t lo, uint64_t hi)
{
	struct place_range ram[MAX_RANGES], cut[MAX_RANGES];
	size_t n_ram = 0, n_cut = 0, i;

	kx_iomem("/proc/iomem", "System RAM", ram, &n_ram, MAX_RANGES);
	kx_iomem("/proc/iomem", "reserved", cut, &n_cut, MAX_RANGES);
	kx_iomem("/proc/iomem", "Crash kernel", cut, &n_cut, MAX_RANGES);
	if (!n_ram)
		kx_die(KX_FAIL, "no System RAM: not root, or no memory?", "/proc/iomem", 0);
	if (place_init(m, ram, n_ram, lo, hi))
		kx_die(KX_FAIL, "too many free ranges to plan", NULL, 0);
	for (i = 0; i < n_cut; i++)
		if (place_cut(m, cut[i].start, cut[i].end, getpagesize()))
			kx_die(KX_FAIL, "too many free ranges to plan", NULL, 0);
}

/* WHAT of SIZE bytes into M; its address. */
static uint64_t take(struct place_map *m, const char *what, uint64_t size, uint64_t align,
		     uint64_t offset)
{
	struct place_range big;
	char a[KX_NUMBUF], b[KX_NUMBUF];
	uint64_t addr;

	if (!place_take(m, size, align, offset, getpagesize(), &addr))
		return addr;
	big = place_largest(m);
	kx_warn_begin();
	kx_put(STDERR_FILENO, "no room for ");
	kx_put(STDERR_FILENO, what);
	kx_put(STDERR_FILENO, ": ");
	kx_put(STDERR_FILENO, kx_hex(a, size));
	kx_put(STDERR_FILENO, " bytes needed; the largest free range left is ");
	kx_put(STDERR_FILENO, kx_hex(a, big.end - big.start));
	kx_put(STDERR_FILENO, " bytes at ");
	kx_put(STDERR_FILENO, kx_hex(b, big.start));
	kx_warn_end(0);
	exit(KX_FAIL);
}

/*
 * Every address of a normal load, from a first tree made with stand-ins of
 * the same sizes: it tells the RMA, the reserves, and how big the tree is.
 * Its reserve map holds the stand-ins too, the first entry (-b) and, with
 * an initrd, the last (-i); the rest is what the tree reserves, cut out.
 */
static void place_normal(struct kexec_job *j, struct place_map *m, uint64_t lo, uint64_t hi)
{
	uint64_t addr, size, page = getpagesize();
	size_t i, last;

	make_tree(j, 0, 0);
	if (is_ppc64(j))
		ppc64_memory(j, m, lo, hi);
	else
		arm64_memory(m, lo, hi);
	for (last = 0; !dtb_rsv(j->blob, j->blob_len, last, &addr, &size); last++)
		;
	for (i = 1; i < last - !!j->o->initrd; i++)
		if (!dtb_rsv(j->blob, j->blob_len, i, &addr, &size) &&
		    place_cut(m, addr, addr + size, page))
			kx_die(KX_FAIL, "too many free ranges to plan", NULL, 0);
	/* booting.rst: arm64's Image at a 2 MiB-aligned base plus text_offset. */
	j->kaddr = take(m, "the kernel", j->img->memsz, MB2,
			is_ppc64(j) ? 0 : j->img->text_offset);
	j->entry = take(m, "the stub and the device tree", j->stub_len + j->blob_len, page, 0);
	if (j->o->initrd)
		j->initrd = take(m, "the initrd", j->initrd_len, page, 0);
}

/*
 * A crash load: all in the crash region, clear of RTAS there. The kernel
 * at its bottom, then two pages left free for the kernel's control page
 * and its copy of VMCOREINFO (the lowest free ones, which loadem checks),
 * then the backup, the core header and the initrd; the stub and the tree
 * last, once the command line holds elfcorehdr=.
 */
static void place_crash(struct kexec_job *j, struct place_map *m, uint64_t lo, uint64_t hi)
{
	struct place_range region = { j->crash_start, j->crash_end }, rtas;
	uint64_t page = getpagesize();
	char b[KX_NUMBUF];

	if (is_ppc64(j) && !j->img->run0)
		kx_die(KX_FAIL, "a crash kernel must run where it is loaded, and this one has "
		       "no \"run0\" at 0x5c (not relocatable)", j->o->kernel, 0);
	if (place_init(m, &region, 1, lo, hi) ||
	    (is_ppc64(j) && !kx_rtas(&rtas) && place_cut(m, rtas.start, rtas.end, page)))
		kx_die(KX_FAIL, "too many free ranges to plan", NULL, 0);
	j->kaddr = take(m, "the kernel", j->img->memsz, MB2,
			is_ppc64(j) ? 0 : j->img->text_offset);
	take(m, "the kernel's own two pages", 2 * page, page, 0);
	if (is_ppc64(j))
		j->save = take(m, "the backup of the first 64 KiB", 0x10000, 0x10000, 0);
	make_corehdr(j);
	j->hdr_addr = take(m, "the core header", j->hdr_len, page, 0);
	if (j->o->initrd)
		j->initrd = take(m, "the initrd", j->initrd_len, page, 0);
	j->cmdline = word(j->cmdline, *j->cmdline ? " elfcorehdr=" : "elfcorehdr=",
			  kx_hex(b, j->hdr_addr));
	make_tree(j, 0, j->initrd);
	j->entry = take(m, "the stub and the device tree", j->stub_len + j->blob_len, page, 0);
}

static void place_all(struct kexec_job *j)
{
	struct place_range free[MAX_RANGES];
	struct place_map m = { free, 0, MAX_RANGES };
	uint64_t lo = j->o->mem_min, hi = j->o->mem_max;

	hi += hi != UINT64_MAX;		/* --mem-max is the highest address, inclusive */
	j->stub_len = is_ppc64(j) ? V2WRAP_RACEFREE : A64WRAP;
	if (is_crash(j))
		place_crash(j, &m, lo, hi);
	else
		place_normal(j, &m, lo, hi);
}

/* The kernel's pieces on loadem's line: each PT_LOAD's bytes, zeros between and after. */
static void kernel_pieces(struct kexec_job *j)
{
	const struct image *img = j->img;
	const struct image_load *l;
	uint64_t at = img->load[0].addr;
	size_t i;

	for (i = 0; i < img->nload; i++) {
		l = &img->load[i];
		if (l->addr > at)
			add(j->loadem, "-z", hex(l->addr - at));
		add(j->loadem, is_ppc64(j) ? "-F" : "-f",
		    is_ppc64(j) ? word(pair(l->off, l->len), ",", j->o->kernel) : j->o->kernel);
		at = l->addr + l->len;
	}
	l = &img->load[img->nload - 1];
	if (l->memsz > l->len)
		add(j->loadem, "-z", hex(l->memsz - l->len));
}

static void make_loadem(struct kexec_job *j)
{
	add(j->loadem, "loadem", NULL);
	if (is_crash(j))
		add(j->loadem, "-p", NULL);
	add(j->loadem, "-a", hex(j->entry));
	add(j->loadem, "-e", "-f");
	add(j->loadem, j->stub_word, "-s");
	add(j->loadem, "-a", hex(j->kaddr));
	add(j->loadem, "-c", hex(j->stub_len));
	kernel_pieces(j);
	if (is_crash(j) && is_ppc64(j)) {
		add(j->loadem, "-a", hex(j->save));
		add(j->loadem, "-z", "0x10000");	/* written by the stub at the crash */
	}
	if (is_crash(j)) {
		add(j->loadem, "-a", hex(j->hdr_addr));
		add(j->loadem, "-f", j->hdr_word);
	}
	if (j->o->initrd) {
		add(j->loadem, "-a", hex(j->initrd));
		add(j->loadem, "-f", j->o->initrd);
	}
}

/* A word as a shell takes it back: bare when safe, else in single quotes. */
static void put_quoted(int fd, const char *w)
{
	const char *p;
	char c[2] = { 0, 0 };

	for (p = w; *p; p++)
		if (!kx_strchr("_./,:=@+-%", *p) && !((*p | 32) >= 'a' && (*p | 32) <= 'z') &&
		    !(*p >= '0' && *p <= '9'))
			break;
	if (*w && !*p) {
		kx_put(fd, w);
		return;
	}
	kx_put(fd, "'");
	for (p = w; *p; p++) {
		c[0] = *p;
		kx_put(fd, *p == '\'' ? "'\\''" : c);
	}
	kx_put(fd, "'");
}

/*
 * A line's words, quoted; the files the lines make go to a directory of
 * their own, "$d", so that they can never be the user's kernel or initrd.
 */
static void put_line(int fd, const struct kexec_job *j, char **v, const char *more,
		     const char *end)
{
	for (; *v; v++) {
		if (*v == j->stub_word || *v == j->hdr_word)
			kx_put(fd, "\"$d\"/");
		put_quoted(fd, *v);
		kx_put(fd, v[1] || more ? " " : "");
	}
	kx_put(fd, more ? more : "");
	kx_put(fd, end);
}

/* What kexec -n and -d print after the plan: the same load, by hand. */
static void print_lines(int fd, struct kexec_job *j)
{
	kx_put(fd, "by hand, the same load:\nd=$(mktemp -d)\n");
	put_line(fd, j, j->v2wrap, is_ppc64(j) ? "-o \"$d\"/v2wrap.bin" :
		 "-o \"$d\"/a64wrap.bin", "\n");
	if (is_crash(j))
		put_line(fd, j, j->corehdr, "-o \"$d\"/corehdr.bin", "\n");
	put_line(fd, j, j->fs2dt, NULL, " |\n    ");
	put_line(fd, j, j->loadem, NULL, "\n");
}

/* loadem's line through loadem's parser; the bytes kexec already holds given to its steps. */
static void parse_loadem(struct kexec_job *j, struct loadem_opts *lo)
{
	struct plan_step *s;
	size_t i, n = count(j->loadem);

	memset(lo, 0, sizeof(*lo));
	lo->step = kx_xmalloc(n * sizeof(*lo->step));
	memset(lo->step, 0, n * sizeof(*lo->step));
	lo->page = getpagesize();
	lo->word = kx_native.word;
	lo->big_endian = kx_native.big_endian;
	if (loadem_parse(n, j->loadem, lo))
		kx_die(KX_FAIL, "internal error: a loadem line kexec made is refused", lo->bad, 0);
	for (i = 0; i < lo->nstep; i++) {
		s = &lo->step[i];
		/* The stub's and the header's words are kexec's own pointers. */
		if (s->op == 'f' && (s->arg == j->stub_word || s->arg == j->hdr_word)) {
			s->data = s->arg == j->stub_word ? j->stub : j->hdr;
			s->len = s->arg == j->stub_word ? j->stub_len : j->hdr_len;
		} else if (s->op == 's') {
			s->data = j->blob;
			s->len = j->blob_len;
		} else if (s->op == 'F' && s->num + s->len <= j->kernel_len) {
			s->data = j->kernel + s->num;
		}
	}
	loadem_read_inputs(lo);
}

int kexec_plan_load(struct kexec_job *j)
{
	static struct loadem_opts lo;	/* reachable at exit */
	static struct plan p;
	uint64_t len;

	place_all(j);
	make_stub(j);
	len = j->blob_len;
	make_tree(j, j->entry, j->initrd);
	/* The stand-ins were the same size, so the tree is too. */
	if (j->blob_len != len)
		kx_die(KX_FAIL, "internal error: the device tree changed size", NULL, 0);
	make_loadem(j);
	parse_loadem(j, &lo);
	loadem_plan(&lo, &p);
	if (j->o->dry || j->o->debug) {
		loadem_print_plan(j->o->dry ? STDOUT_FILENO : STDERR_FILENO, &lo, &p);
		print_lines(j->o->dry ? STDOUT_FILENO : STDERR_FILENO, j);
	}
	return j->o->dry ? KX_OK : loadem_load(&lo, &p);
}
