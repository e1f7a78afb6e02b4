/*
 * What the libFuzzer targets in tests/fuzz share: a reader that turns the
 * fuzzer's bytes into choices, and a check that stops the run with the
 * reason when a property fails (libFuzzer then saves the input that did it).
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input, consumed from the front; zeros once it runs out. */
struct fz {
	const uint8_t *p;
	size_t n;
};

static inline unsigned fz_byte(struct fz *f)
{
	if (!f->n)
		return 0;
	f->n--;
	return *f->p++;
}

static inline uint64_t fz_u64(struct fz *f, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | fz_byte(f);
	return v;
}

/* A value 0..max (max < 256) */
static inline unsigned fz_pick(struct fz *f, unsigned max)
{
	return fz_byte(f) % (max + 1);
}

#define FZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

#endif
