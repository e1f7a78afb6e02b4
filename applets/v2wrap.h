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
 * The race-free master and the arm64 stub are kept up to their last byte
 * of code: the rest, up to and with the slot, is zeros, which the build
 * functions write (280 bytes of the 32 KiB budget, make size). A stub
 * that outgrows these fails tests/v2wrap.test, which compares whole stubs
 * with the assembled files.
 */
#define V2WRAP_RF_CODE 0x74	/* the master's, from V2WRAP_HEAD */
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

/* The assembled blobs (applets/v2wrap_blobs.S). */
extern const unsigned char kx_v2wrap_be[V2WRAP_CLASSIC], kx_v2wrap_le[V2WRAP_CLASSIC];
/*
 * Race-free: word 0 (the branch to the master) followed by the master's
 * code; bytes 4..0xff come from the kernel.
 */
#define V2WRAP_RF_BLOB (4 + V2WRAP_RF_CODE)
extern const unsigned char kx_v2wrap_rf_be[V2WRAP_RF_BLOB], kx_v2wrap_rf_le[V2WRAP_RF_BLOB];

extern const unsigned char kx_a64wrap[A64WRAP_CODE];
/* The arm64 stub into OUT, KERNEL (if not 0) in its slot; returns its size. */
size_t a64wrap_build(unsigned char out[A64WRAP], uint64_t kernel);

#endif
#endif
