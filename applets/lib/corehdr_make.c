/*
 * corehdr's command line into a core header: what corehdr runs, and what
 * kexec -p runs on the corehdr line it prints. The defaults come from
 * what the running kernel shows: its CPUs' crash notes and VMCOREINFO
 * (sysfs); its memory and crash region (/proc/iomem's "System RAM" and
 * "Crash kernel", which on ppc64 list the memory nodes and assigned LMBs
 * as the kernel took them); on ppc64, RTAS (/proc/device-tree/rtas).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "corehdr.h"
#include "kxtool.h"

#define MAX_RANGES	128
#define CPU_DIR		"/sys/devices/system/cpu/"

struct ranges {
	struct place_range r[MAX_RANGES];
	size_t n;
};

static void add_range(struct ranges *rs, uint64_t addr, uint64_t size)
{
	if (rs->n == MAX_RANGES)
		kx_die(KX_FAIL, "more ranges than corehdr takes (128)", NULL, 0);
	rs->r[rs->n].start = addr;
	rs->r[rs->n++].end = addr + size;
}

/* Hex digits from S to END, after a "0x" if there is one (%pa prints it). */
static int hex_field(const char *s, const char *end, uint64_t *v)
{
	if (end - s > 2 && s[0] == '0' && s[1] == 'x')
		s += 2;
	return kx_parse_hex(s, end, v);
}

/*
 * A sysfs file holding hex numbers: crash_notes "ADDR", vmcoreinfo
 * "ADDR SIZE" (B not NULL). 0, or -1.
 */
static int sys_hex(const char *path, uint64_t *a, uint64_t *b)
{
	char buf[64], *sp;
	const char *end;
	ssize_t n = kx_read_small(path, buf, sizeof(buf));

	if (n <= 0)
		return -1;
	end = kx_line_end(buf, buf + n);
	sp = kx_strchr(buf, ' ');
	if (!b)
		return hex_field(buf, end, a);
	return !sp || sp > end || hex_field(buf, sp, a) || hex_field(sp + 1, end, b) ? -1 : 0;
}

/* cpuN's crash notes: [addr, addr + crash_notes_size); 0, or -1 if it has none. */
static int cpu_notes(const char *cpu, uint64_t *addr, uint64_t *size)
{
	char path[96], num[KX_NUMBUF];
	ssize_t n;

	kx_join(path, sizeof(path), CPU_DIR, cpu, "/crash_notes");
	if (sys_hex(path, addr, NULL))
		return -1;
	kx_join(path, sizeof(path), CPU_DIR, cpu, "/crash_notes_size");
	n = kx_read_small(path, num, sizeof(num));
	if (n <= 0 || kx_parse_span(num, kx_line_end(num, num + n), size))
		kx_die(KX_FAIL, "cannot read", path, errno);
	return 0;
}

/* Each CPU's crash notes, then VMCOREINFO's: the PT_NOTEs. */
static void notes(struct ranges *rs)
{
	uint64_t dents[512], addr, size;
	const char *name;
	long got, i;
	int fd = kx_open(CPU_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		kx_die(KX_FAIL, "cannot open", CPU_DIR, errno);
	while ((got = kx_getdents64(fd, dents, sizeof(dents))) > 0)
		for (i = 0; i < got; i += *(unsigned short *)((char *)dents + i + 16)) {
			name = (char *)dents + i + 19;	/* d_name in struct linux_dirent64 */
			if (!memcmp(name, "cpu", 3) && name[3] >= '0' && name[3] <= '9' &&
			    !cpu_notes(name, &addr, &size))
				add_range(rs, addr, size);
		}
	kx_close(fd);
	if (!rs->n)
		kx_die(KX_FAIL, "no crash notes: a kernel without CONFIG_CRASH_DUMP?",
		       CPU_DIR "cpu*/crash_notes", 0);
	if (sys_hex("/sys/kernel/vmcoreinfo", &addr, &size))
		kx_die(KX_FAIL, "cannot read ADDR SIZE from", "/sys/kernel/vmcoreinfo", 0);
	add_range(rs, addr, size);
}

/* ppc64: RTAS, which firmware keeps inside the crash region at times. */
static void rtas(struct ranges *rs)
{
	struct place_range r;

	if (!kx_rtas(&r))
		add_range(rs, r.start, r.end - r.start);
}

/* The kernel's linear map: where p_vaddr puts each physical address. */
static uint64_t page_offset(void)
{
	return kx_native.machine == EM_PPC64 ? 0xc000000000000000 :
	       kx_native.machine == EM_AARCH64 ? 0xffff000000000000 :	/* VA_BITS 48 */
	       kx_native.machine == EM_X86_64 ? 0xffff888000000000 : 0;
}

size_t corehdr_make(char **argv, unsigned char **hdr, const char **out)
{
	static struct ranges mem, keep, note;
	static struct corehdr_load loads[MAX_RANGES * 2 + 1];
	struct kx_getopt g = { .ind = 1 };
	struct place_range crash = { 0, 0 };
	struct corehdr_cfg c = { kx_native.machine, kx_native.big_endian, page_offset(),
				 NULL, 0, loads, 0 };
	uint64_t a, s, save = 0;
	long r;
	int key, keep_given = 0;

	*out = NULL;
	while ((key = kx_getopt(&g, argv, "c:b:m:k:n:P:o:")) != -1) {
		if (key == 'o') {
			*out = g.arg;
		} else if (key == 'b' || key == 'P') {
			*(key == 'b' ? &save : &c.page_offset) = kx_arg_u64(g.opt, g.arg);
		} else {
			kx_arg_range(g.opt, g.arg, &a, &s);
			if (key == 'c')
				crash.start = a, crash.end = a + s;
			else
				add_range(key == 'm' ? &mem : key == 'k' ? &keep : &note, a, s);
			keep_given |= key == 'k';
		}
	}
	if (argv[g.ind])
		kx_usage("unexpected argument", argv[g.ind]);
	if (!crash.end && kx_crash_region("/proc/iomem", &crash))
		kx_die(KX_FAIL, "no crash region: boot with crashkernel=SIZE, or give -c", NULL, 0);
	if (!mem.n)
		kx_iomem("/proc/iomem", "System RAM", mem.r, &mem.n, MAX_RANGES);
	if (!keep_given)
		rtas(&keep);
	if (!note.n)
		notes(&note);
	c.notes = note.r;
	c.n_notes = note.n;
	r = corehdr_loads(mem.r, mem.n, crash, keep.r, keep.n, save, 0x10000, loads,
			  sizeof(loads) / sizeof(loads[0]));
	if (r <= 0)
		kx_die(KX_FAIL, r ? "more ranges than corehdr takes" : "no memory outside the crash region",
		       NULL, 0);
	c.n_loads = r;
	*hdr = kx_xmalloc(corehdr_size(&c));
	corehdr_build(&c, *hdr);
	return corehdr_size(&c);
}
