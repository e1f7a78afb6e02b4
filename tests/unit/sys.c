/*
 * applets/lib/sys.c where it depends on the machine's ABI: kx_catch's
 * handler, as the kernel stored it (read back through libc's sigaction,
 * which knows its own ABI), and then a real SIGBUS delivered to it: a
 * mapped file cut short, as loadem meets it. A struct sigaction laid out
 * for another architecture puts the mask or the flags where the kernel
 * does not look (armv7 pads before a 64-bit mask, riscv64 has no
 * restorer), and that shows here. Built natively, for i386 and armhf
 * (tests/cross.test), and with KX_LIBC_SYSCALLS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kxtool.h"
#include "unit.h"

static sigjmp_buf back;
static volatile sig_atomic_t caught, caught_sig, caught_code;
static void *volatile caught_addr;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	caught++;
	caught_sig = sig;
	caught_code = si->si_code;
	caught_addr = si->si_addr;
	siglongjmp(back, 1);
}

/* How many signals MASK holds; with SHOW, which. */
static int members(const sigset_t *mask, int show)
{
	int s, n = 0;

	for (s = 1; s < NSIG; s++)
		if (sigismember(mask, s) == 1 && ++n && show)
			printf(" %d", s);
	return n;
}

static void installed(void)
{
	struct sigaction old;
	int s;

	CHECK("kx_catch: SIGBUS installed", kx_catch(SIGBUS, on_bus) == 0);
	memset(&old, 0, sizeof(old));
	if (sigaction(SIGBUS, NULL, &old)) {
		CHECK("kx_catch: sigaction reads it back", 0);
		return;
	}
	CHECK("kx_catch: the handler is ours", old.sa_sigaction == on_bus);
	CHECK("kx_catch: SA_SIGINFO is set", old.sa_flags & SA_SIGINFO);
	s = members(&old.sa_mask, 0);
	CHECK("kx_catch: the mask is empty", s == 0);
	if (s) {
		printf("  %d signals in the handler's mask:", s);
		members(&old.sa_mask, 1);
		printf("; flags 0x%lx\n", (unsigned long)old.sa_flags);
	}
}

/*
 * Three pages of a file mapped, the file cut to one, the second page
 * touched: the handler must see SIGBUS with an si_addr in the mapping, past
 * the file's end, as loadem's handler needs to name the file. The third
 * page is there for qemu-user 7.2 (qemu-i386, qemu-arm): for a 32-bit
 * guest it reports the address one page past the byte touched (the 64-bit
 * guests and the kernel give the byte itself).
 */
static void delivered(void)
{
	char path[] = "sys-bus.XXXXXX";
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *p, *buf;
	uintptr_t at;
	int fd, first = -1;

	fd = mkstemp(path);
	buf = malloc(3 * page);
	if (fd < 0 || !buf) {
		CHECK("SIGBUS: a file of three pages", 0);
		return;
	}
	memset(buf, 0x5a, 3 * page);
	if (write(fd, buf, 3 * page) != 3 * page) {
		CHECK("SIGBUS: a file of three pages", 0);
		return;
	}
	p = kx_mmap(3 * page, PROT_READ, MAP_SHARED, fd);
	if (p == MAP_FAILED) {
		CHECK("SIGBUS: kx_mmap maps the file", 0);
		return;
	}
	if (ftruncate(fd, page)) {
		CHECK("SIGBUS: the file cut to one page", 0);
		return;
	}
	caught = 0;
	if (!sigsetjmp(back, 1)) {
		first = ((volatile unsigned char *)p)[1];		/* still in the file */
		(void)((volatile unsigned char *)p)[page + 16];	/* past its new end */
	}
	at = (uintptr_t)caught_addr;
	CHECK("SIGBUS: the first page still reads", first == 0x5a);
	CHECK("SIGBUS: the handler ran once, for SIGBUS", caught == 1 && caught_sig == SIGBUS);
	CHECK("SIGBUS: si_code is BUS_ADRERR", caught_code == BUS_ADRERR);
	CHECK("SIGBUS: si_addr is in the mapping, past the file's end",
	      at - ((uintptr_t)p + page) < 2 * (uintptr_t)page);
	if (caught)
		printf("  si_addr is the mapping + 0x%lx (the byte touched: + 0x%lx)\n",
		       (unsigned long)(at - (uintptr_t)p), (unsigned long)page + 16);
	kx_munmap(p, 3 * page);
	close(fd);
	unlink(path);
	free(buf);
}

int main(void)
{
	installed();
	delivered();
	return unit_done();
}
