/*
 * kxtool: a small malloc for the static binary.
 *
 * musl's own allocator (mallocng) is built for long-running, many-threaded
 * programs, and would be a large part of a static kxtool (README, Building).
 * kxtool is one thread that runs for a moment, so it needs much less:
 *   - blocks up to SMALL_MAX bytes come from power-of-two classes carved out
 *     of 64 KiB mappings, each class with its own free list;
 *   - larger blocks get a mapping of their own, which realloc grows with
 *     mremap: fs2dt's output buffer grows to the blob's size without ever
 *     being copied, so peak memory stays near the output's size.
 * Every block is preceded by a 16-byte header holding its usable size,
 * which also keeps blocks 16-byte aligned as malloc must.
 *
 * Sanitizer and valgrind builds define KX_SYSTEM_MALLOC: their runtimes
 * must see every allocation, so there only the kx_ names exist, for the
 * unit test, and malloc stays libc's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kxtool.h"


#define HDR 16
#define CHUNK (64 << 10)
#define MIN_SHIFT 5			/* the smallest class: 32 bytes */
#define NCLASS 11			/* 32 .. 32 KiB */
#define SMALL_MAX ((1 << (MIN_SHIFT + NCLASS - 1)) - HDR)

static void *free_list[NCLASS];
static char *carve, *carve_end;

static size_t *header(void *p)
{
	return (size_t *)((char *)p - HDR);
}

static unsigned class_of(size_t usable)
{
	unsigned c = 0;

	while (((size_t)1 << (MIN_SHIFT + c)) - HDR < usable)
		c++;
	return c;
}

static void *map(size_t len)
{
	void *p = kx_mmap(len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);

	return p == MAP_FAILED ? NULL : p;
}

static size_t big_len(size_t n)
{
	return (n + HDR + 4095) & ~(size_t)4095;
}

static void *small_alloc(size_t n)
{
	unsigned c = class_of(n);
	size_t len = (size_t)1 << (MIN_SHIFT + c);
	char *p = free_list[c];

	if (p) {
		free_list[c] = *(void **)p;
		return p;
	}
	if ((size_t)(carve_end - carve) < len) {
		/*
		 * The tail of the old chunk is lost: at most 32 KiB, once.
		 * When the mapping fails there is no chunk at all, not a
		 * NULL start with the old end, which would carve at 0.
		 */
		carve = map(CHUNK);
		carve_end = carve ? carve + CHUNK : NULL;
		if (!carve)
			return NULL;
	}
	p = carve + HDR;
	carve += len;
	*header(p) = len - HDR;
	return p;
}

void *kx_malloc(size_t n)
{
	char *p;

	if (n <= SMALL_MAX)
		return small_alloc(n);
	if (n > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	p = map(big_len(n));
	if (!p)
		return NULL;
	*(size_t *)p = big_len(n) - HDR;
	return p + HDR;
}

void kx_free(void *p)
{
	size_t size;
	unsigned c;

	if (!p)
		return;
	size = *header(p);
	if (size > SMALL_MAX) {
		kx_munmap(header(p), size + HDR);
		return;
	}
	c = class_of(size);
	*(void **)p = free_list[c];
	free_list[c] = p;
}

void *kx_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = kx_malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *kx_realloc(void *p, size_t n)
{
	size_t old;
	char *q;

	if (!p)
		return kx_malloc(n);
	old = *header(p);
	if (n <= old)
		return p;
	if (old > SMALL_MAX && n <= SIZE_MAX / 2) {
		q = kx_mremap(header(p), old + HDR, big_len(n));
		if (q == MAP_FAILED)
			return NULL;
		*(size_t *)q = big_len(n) - HDR;
		return q + HDR;
	}
	q = kx_malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old);
	kx_free(p);
	return q;
}

#ifndef KX_SYSTEM_MALLOC
void *malloc(size_t n)
{
	return kx_malloc(n);
}

void free(void *p)
{
	kx_free(p);
}

void *calloc(size_t n, size_t size)
{
	return kx_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	return kx_realloc(p, n);
}
#endif
