/*
 * fs2dt's size limit where it lies: a DTB's offsets and sizes are u32, so
 * the struct block and the whole blob end at 4 GiB - 1. The values here
 * are never written (the fill callback leaves them), so the 4 GiB buffers
 * cost address space, not memory. Boundary, then one byte past it.
 */
#include <stdint.h>
#include <string.h>

#include "dtb.h"
#include "unit.h"

static int fills;

static int fill_nothing(void *ctx, unsigned char *dst, size_t len)
{
	(void)ctx;
	(void)dst;
	(void)len;
	fills++;
	return 0;
}

static const struct dtb_config plain;

/* A root holding one property NAME of LEN bytes: the result of each step. */
static int one_prop(const char *name, size_t len, int finish)
{
	unsigned char *blob = NULL;
	struct dtb d;
	size_t total;
	int r;

	if ((r = dtb_init(&d, &plain)) || (r = dtb_begin_node(&d, "")) ||
	    (r = dtb_prop(&d, name, len, fill_nothing, NULL)))
		goto out;
	if (!finish)
		goto out;
	if (!(r = dtb_end_node(&d)))
		r = dtb_finish(&d, &blob, &total);
out:
	dtb_free(&d);
	return r;
}

int main(void)
{
	/*
	 * On a 32-bit machine a value this large passes the u32 checks but
	 * cannot be allocated: DTB_ENOMEM, still before the fill callback,
	 * is the right answer there for a value the DTB could hold.
	 */
	int small = sizeof(size_t) < 8, r;
	static const uint32_t wraps[] = { 0xfffffff1, 0xfffffffd, 0xffffffff };
	char name[128];
	size_t i;

	/*
	 * The struct block: begin root (8 bytes), the property's tag, length
	 * and name offset (12), its value padded to 4, all counted in a u32:
	 * a value of 0xffffffe8 bytes ends it at 0xfffffffc, and one byte
	 * more pads past 0xffffffff.
	 */
	fills = 0;
	r = one_prop("p", 0xffffffe8, 0);
	CHECK("limit: the largest value the struct block can count is taken",
	      (r == 0 && fills == 1) || (small && r == DTB_ENOMEM && fills == 0));
	fills = 0;
	CHECK("limit: one byte more is refused, before it is read",
	      one_prop("p", 0xffffffe9, 0) == DTB_ETOOBIG && fills == 0);
	/*
	 * Values whose 12-byte header and padding to 4 wrap a 32-bit size_t
	 * (from 0xfffffff1 on; 0xfffffffd and up pad to 0 by themselves):
	 * refused on any word size, and the fill callback, which would write
	 * up to 4 GiB into what was reserved, never called.
	 */
	for (i = 0; i < sizeof(wraps) / sizeof(wraps[0]); i++) {
		fills = 0;
		snprintf(name, sizeof(name),
			 "limit: a value of 0x%lx bytes is refused, the fill never called",
			 (unsigned long)wraps[i]);
		CHECK(name, one_prop("p", wraps[i], 0) == DTB_ETOOBIG && fills == 0);
	}
	/*
	 * The whole blob: header 40, reserve map end 16, struct block 8 + 12
	 * + value + end node 4 + end 4, strings "abc\0": 4 GiB exactly with a
	 * 0xffffffa8-byte value. One byte over: refused before it is laid out.
	 * (With "ab", 4 GiB - 1, it would be built: 4 GiB of memory, not here.)
	 * A 32-bit machine runs out of memory for the value first.
	 */
	r = one_prop("abc", 0xffffffa8, 1);
	CHECK("limit: a blob of 4 GiB, one byte past the u32 totalsize, is refused",
	      r == DTB_ETOOBIG || (small && r == DTB_ENOMEM));
	return unit_done();
}
