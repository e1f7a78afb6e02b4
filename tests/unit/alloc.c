/* Unit tests of applets/alloc.c, the static binary's malloc, by its kx_ names. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	kx_free(NULL);
	CHECK("kx_free(NULL) is harmless", 1);
	return unit_done();
}
