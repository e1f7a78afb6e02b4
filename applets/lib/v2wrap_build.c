/*
 * v2wrap's pure core: the trampolines (arch/ppc64/v2wrap.S and
 * arch/arm64/a64wrap.S, assembled and linked in by v2wrap_blobs.S) copied
 * and patched in memory. The contract they keep is in the header comment
 * of arch/ppc64/v2wrap.S; v2wrap.h has the layouts.
 */
#include <string.h>

#include "kxtool.h"
#include "v2wrap.h"

size_t v2wrap_build(unsigned char out[V2WRAP_MAX], int big_endian,
		    const unsigned char *head, uint64_t kernel)
{
	const unsigned char *rf = big_endian ? kx_v2wrap_rf_be : kx_v2wrap_rf_le;
	size_t size = V2WRAP_CLASSIC;

	if (!head) {
		memset(out, 0, size);
		memcpy(out, big_endian ? kx_v2wrap_be : kx_v2wrap_le, V2WRAP_CODE);
	} else {
		size = V2WRAP_RACEFREE;
		memset(out, 0, size);
		memcpy(out, rf, 4);
		memcpy(out + 4, head + 4, V2WRAP_HEAD - 4);
		memcpy(out + V2WRAP_HEAD, rf + 4, V2WRAP_RF_CODE);
	}
	if (kernel)
		kx_set_uint(out + size - 8, 8, big_endian, kernel);	/* the slot */
	return size;
}

/*
 * v2wrap -R: the master stores this word, 1, at the image's __run_at_load
 * (offset 0x5c) before entering it, so that the kernel runs where it was
 * loaded instead of copying itself to 0. A relocatable kernel ships that
 * word as "run0" (RUN_AT_LOAD_DEFAULT in head_64.S, a u32 in its byte
 * order); any other value means the offset is not that word, and storing
 * there would corrupt the kernel.
 */
#define RUN_WORD (V2WRAP_RACEFREE - 16)
#define RUN_AT_LOAD 0x5c

int v2wrap_in_place(unsigned char out[V2WRAP_RACEFREE], int big_endian)
{
	static const char run0[] = "0nur";	/* 0x72756e30, little-endian */
	int i;

	for (i = 0; i < 4; i++)
		if (out[RUN_AT_LOAD + i] != run0[big_endian ? 3 - i : i])
			return -1;
	out[RUN_WORD + (big_endian ? 3 : 0)] = 1;
	return 0;
}

void v2wrap_save(unsigned char out[V2WRAP_RACEFREE], int big_endian, uint64_t addr)
{
	kx_set_uint(out + V2WRAP_SAVE_SLOT, 8, big_endian, addr);
}

size_t a64wrap_build(unsigned char out[A64WRAP], uint64_t kernel)
{
	memset(out, 0, A64WRAP);
	memcpy(out, kx_a64wrap, A64WRAP_CODE);
	if (kernel)
		kx_set_uint(out + A64WRAP - 8, 8, 0, kernel);
	return A64WRAP;
}

