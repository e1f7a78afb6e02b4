/* Unit tests of applets/lib/alloc.c, the static binary's malloc, by its kx_ names. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "kxtool.h"
#include "unit.h"

/* Opaque to the compiler, which would otherwise warn about the sizes tried. */
static volatile size_t huge = SIZE_MAX / 2;

static int filled(const unsigned char *p, size_t n, unsigned char v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/*
 * Mappings fail (the address-space limit lowered under what is in use) in
 * the middle of carving small blocks; then allocation goes on, first still
 * failing, then, with the limit back, working. A failed chunk must leave
 * nothing behind to carve from.
 */
static int survives_a_failed_mapping(void)
{
	struct rlimit old, none;
	unsigned char *p = NULL, *q, *r;
	int i, failed;

	if (getrlimit(RLIMIT_AS, &old))
		return 0;
	none = old;
	none.rlim_cur = 0;
	if (setrlimit(RLIMIT_AS, &none))
		return 0;
	/* Blocks of 32 KiB: the current chunk runs out within two. */
	for (i = 0; i < 4 && (p = kx_malloc(32752)); i++)
		memset(p, 1, 32752);
	failed = !p;
	/* A class with nothing freed yet (512): no chunk, so it must fail, not carve at 0. */
	q = kx_malloc(400);
	setrlimit(RLIMIT_AS, &old);
	r = kx_malloc(400);
	if (r)
		memset(r, 2, 400);
	return failed && !q && r;
}

int main(void)
{
	unsigned char *a, *b, *big;
	size_t n, sizes[] = { 0, 1, 15, 16, 17, 100, 4000, 32752, 32753, 70000, 1 << 22 };
	void *blocks[sizeof(sizes) / sizeof(sizes[0])];
	int ok = 1;

	for (n = 0; n < sizeof(sizes) / sizeof(sizes[0]); n++) {
		blocks[n] = kx_malloc(sizes[n]);
		ok &= blocks[n] && ((uintptr_t)blocks[n] & 15) == 0;
		memset(blocks[n], (int)n, sizes[n]);
	}
	CHECK("every size allocates, 16-byte aligned", ok);
	for (n = 0; n < sizeof(sizes) / sizeof(sizes[0]); n++)
		ok &= filled(blocks[n], sizes[n], (unsigned char)n);
	CHECK("blocks do not overlap", ok);
	for (n = 0; n < sizeof(sizes) / sizeof(sizes[0]); n++)
		kx_free(blocks[n]);

	a = kx_malloc(100);
	kx_free(a);
	b = kx_malloc(90);
	CHECK("a freed block of the class is reused", a == b);
	kx_free(b);

	a = kx_malloc(10);
	memset(a, 0xab, 10);
	a = kx_realloc(a, 5000);
	ok = a && filled(a, 10, 0xab);
	memset(a, 0xcd, 5000);
	a = kx_realloc(a, 100000);
	ok &= a && filled(a, 5000, 0xcd);
	memset(a, 0xef, 100000);
	a = kx_realloc(a, 10 << 20);
	ok &= a && filled(a, 100000, 0xef);
	CHECK("realloc keeps the bytes from small to mapped to larger", ok);
	b = a;
	CHECK("realloc to smaller keeps the block", kx_realloc(a, 10) == b);
	kx_free(a);

	big = kx_calloc(3, 50000);
	CHECK("calloc zeroes", big && filled(big, 150000, 0));
	kx_free(big);
	a = kx_malloc(64);
	memset(a, 0x55, 64);
	kx_free(a);
	b = kx_calloc(1, 64);
	CHECK("calloc zeroes a reused block", b == a && filled(b, 64, 0));
	kx_free(b);
	CHECK("calloc refuses an overflowing product", kx_calloc(huge, 3) == NULL);
	CHECK("malloc refuses half the address space", kx_malloc(huge + 1) == NULL);
	a = kx_malloc(200);
	kx_free(a);
	kx_free(NULL);
	CHECK("kx_free(NULL) leaves the free lists as they were", kx_malloc(200) == a);
	CHECK("out of memory: a mapping fails, and allocating goes on", survives_a_failed_mapping());
	return unit_done();
}
