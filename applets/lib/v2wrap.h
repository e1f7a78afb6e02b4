/* v2wrap's pure core: the ppc64 trampoline, built in memory. */
#ifndef V2WRAP_H
#define V2WRAP_H

/*
 * Each layout's size is also where the device tree goes (fs2dt -b
 * ENTRY+SIZE) and where the kernel slot ends (loadem -c SIZE): the slot is
 * the 64-bit word just before it. arch/ppc64/v2wrap.S pins the same offsets.
 */
#define V2WRAP_CLASSIC 0x100
#define V2WRAP_RACEFREE 0x200
#define V2WRAP_MAX V2WRAP_RACEFREE
/* The race-free stub carries the kernel's first bytes, all but word 0. */
#define V2WRAP_HEAD 0x100

/*
 * The blobs are kept up to their last byte of code: the rest, up to and
 * with the slot, is zeros, which the build functions write rather than
 * carry (README, Building). A stub that outgrows these fails
 * tests/v2wrap.test, which compares whole stubs with the assembled files.
 */
#define V2WRAP_CODE 0xf4
#define V2WRAP_RF_CODE 0xb0	/* the master's, from V2WRAP_HEAD */
#define A64WRAP_CODE 0x18

/*
 * arm64 (v2wrap -A arm64): no secondaries to shepherd, so one small layout,
 * little-endian only: the DT at ENTRY+A64WRAP, the slot just before it.
 */
#define A64WRAP 0x40

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/*
 * Build the stub into OUT and return its size. BIG_ENDIAN picks the build;
 * HEAD NULL picks the classic layout, else HEAD is the kernel's first
 * V2WRAP_HEAD bytes for the race-free one. KERNEL, when not 0, goes into
 * the slot in the stub's byte order.
 */
size_t v2wrap_build(unsigned char out[V2WRAP_MAX], int big_endian,
		    const unsigned char *head, uint64_t kernel);

/*
 * v2wrap -R, on a race-free stub OUT: the kernel runs where it is loaded
 * (its __run_at_load word set to 1 by the master), not copied to 0.
 * Returns -1, OUT unchanged, if the kernel's word at 0x5c is not "run0".
 */
int v2wrap_in_place(unsigned char out[V2WRAP_RACEFREE], int big_endian);

/*
 * v2wrap -S ADDR, on a race-free stub OUT: the master copies physical
 * 0..0xffff to ADDR before it enters the kernel (a crash kernel's backup).
 */
#define V2WRAP_SAVE_SLOT (V2WRAP_RACEFREE - 24)
#define V2WRAP_SAVE_LEN 0x10000
void v2wrap_save(unsigned char out[V2WRAP_RACEFREE], int big_endian, uint64_t addr);

/*
 * The assembled blobs (applets/v2wrap_blobs.S), packed with no alignment:
 * of unknown size here, so that no compiler takes them for aligned (the
 * x86-64 ABI aligns arrays of 16 bytes or more to 16, and gcc copies such
 * with aligned SSE loads). Classic: V2WRAP_CODE bytes. Race-free: word 0
 * (the branch to the master), then V2WRAP_RF_CODE bytes of the master;
 * bytes 4..0xff come from the kernel.
 */
extern const unsigned char kx_v2wrap_be[], kx_v2wrap_le[];
extern const unsigned char kx_v2wrap_rf_be[], kx_v2wrap_rf_le[];

extern const unsigned char kx_a64wrap[];
/* The arm64 stub into OUT, KERNEL (if not 0) in its slot; returns its size. */
size_t a64wrap_build(unsigned char out[A64WRAP], uint64_t kernel);

/* v2wrap's options (v2wrap_args.c). */
struct v2wrap_opts {
	const char *out, *kfile, *karg;
	int order, loud, arm64, in_place;
	uint64_t kernel, save;
};
/* ARGV, v2wrap's command line, into O and the stub; its size. Usage errors exit. */
size_t v2wrap_make(char **argv, struct v2wrap_opts *o, unsigned char stub[V2WRAP_MAX]);

#endif
#endif
