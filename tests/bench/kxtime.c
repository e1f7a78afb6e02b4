/*
 * kxtime [-o FILE] COMMAND [ARG...]: run COMMAND, then write one line to
 * FILE (default: standard error):
 *
 *   exit S wall W user U sys Y hwm H anon A shmem M file F
 *
 * S its exit status (128+N for signal N); W the wall time in seconds, from
 * before the fork to COMMAND's exit; U and Y its CPU time; H its peak RSS
 * (VmHWM), then its RSS as it exits, by kind: A anonymous (its own memory:
 * heap, stack, copies), M shared memory (pages of tmpfs files it maps,
 * which in an initramfs are the files themselves) and F other files, all
 * in KiB. busybox's time reports only ru_maxrss, which counts the forked
 * shell before the exec too, and cannot tell a heap from a mapped file.
 *
 * How: the child asks to be traced and execs COMMAND; kxtime lets it run
 * with PTRACE_O_TRACEEXIT and no other stop, so COMMAND stops once, inside
 * exit, before its memory is torn down. kxtime stops the clock there and
 * reads /proc/PID/status, then lets it finish. Signals are passed on.
 *
 * make bench builds it for the ppc64le guest (tests/e2e/lib.sh,
 * e2e_bench_image), static against musl; it is not part of kxtool.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* FIELD's value in KiB from /proc/PID/status, -1 if absent. */
static long status_kb(const char *status, const char *field)
{
	const char *p = status;
	size_t n = strlen(field);

	while (p && *p) {
		if (!strncmp(p, field, n) && p[n] == ':')
			return strtol(p + n + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	char path[64], status[4096] = "";
	struct rusage ru;
	double t0, t1 = 0;
	FILE *f;
	pid_t pid;
	int st, sig, code;

	if (argc > 2 && !strcmp(argv[1], "-o")) {
		out = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc < 2) {
		fputs("usage: kxtime [-o FILE] COMMAND [ARG...]\n", stderr);
		return 2;
	}
	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("kxtime: fork");
		return 127;
	}
	if (!pid) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	/* The stop after a successful exec; then only the exit stop. */
	if (waitpid(pid, &st, 0) < 0)
		return perror("kxtime: waitpid"), 127;
	if (WIFSTOPPED(st)) {
		ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)PTRACE_O_TRACEEXIT);
		ptrace(PTRACE_CONT, pid, NULL, NULL);
		for (;;) {
			if (wait4(pid, &st, 0, &ru) < 0)
				return perror("kxtime: wait4"), 127;
			if (!WIFSTOPPED(st))
				break;
			sig = 0;
			if (st >> 8 == (SIGTRAP | PTRACE_EVENT_EXIT << 8)) {
				t1 = now();
				snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
				if ((f = fopen(path, "r"))) {
					status[fread(status, 1, sizeof(status) - 1, f)] = 0;
					fclose(f);
				}
			} else if (WSTOPSIG(st) != SIGTRAP) {
				sig = WSTOPSIG(st);
			}
			ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
		}
	} else {
		getrusage(RUSAGE_CHILDREN, &ru);
	}
	if (!t1)
		t1 = now();
	code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	f = out ? fopen(out, "w") : stderr;
	if (!f)
		return perror(out), 127;
	fprintf(f, "exit %d wall %.3f user %.3f sys %.3f hwm %ld anon %ld shmem %ld file %ld\n", code,
		t1 - t0, ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
		ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, status_kb(status, "VmHWM"),
		status_kb(status, "RssAnon"), status_kb(status, "RssShmem"),
		status_kb(status, "RssFile"));
	if (out && fclose(f))
		return perror(out), 127;
	return code;
}
