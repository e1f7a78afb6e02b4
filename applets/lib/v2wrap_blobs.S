/*
 * The v2wrap trampolines (arch/ppc64/v2wrap.S), as the ppc64 assembler made
 * them. They are committed, and only included here, so that building kxtool
 * on any host needs no ppc64 assembler (make blobs regenerates them).
 * The race-free blobs leave out bytes 4..0xff, zeros the applet replaces
 * with the kernel's own bytes anyway, and, as the arm64 blob, the zeros
 * after their code (v2wrap.h).
 */
#include "v2wrap.h"

	.section .rodata.v2wrap, "a"

/* Include FILE's bytes OFFSET.. up to COUNT; refuse a blob of another size. */
.macro	blob file, offset, count
	.incbin	"\file", \offset, \count
	.if	(. - 1b) - (\count)
	.error	"\file is too short"
	.endif
.endm

/* A blob whose size is not what v2wrap.h says stops the build here. */
.macro	exact file, size
	.incbin	"\file", \size
	.if	. - 2b
	.error	"\file is too long"
	.endif
.endm

	.globl	kx_v2wrap_be, kx_v2wrap_le, kx_v2wrap_rf_be, kx_v2wrap_rf_le

/* No alignment: v2wrap.h declares them so that no compiler expects any. */
kx_v2wrap_be:
1:	blob	arch/ppc64/v2wrap-be.bin, 0, V2WRAP_CODE
2:	exact	arch/ppc64/v2wrap-be.bin, V2WRAP_CLASSIC

kx_v2wrap_le:
1:	blob	arch/ppc64/v2wrap-le.bin, 0, V2WRAP_CODE
2:	exact	arch/ppc64/v2wrap-le.bin, V2WRAP_CLASSIC

kx_v2wrap_rf_be:
1:	blob	arch/ppc64/v2wrap-rf-be.bin, 0, 4
1:	blob	arch/ppc64/v2wrap-rf-be.bin, V2WRAP_HEAD, V2WRAP_RF_CODE
2:	exact	arch/ppc64/v2wrap-rf-be.bin, V2WRAP_RACEFREE

kx_v2wrap_rf_le:
1:	blob	arch/ppc64/v2wrap-rf-le.bin, 0, 4
1:	blob	arch/ppc64/v2wrap-rf-le.bin, V2WRAP_HEAD, V2WRAP_RF_CODE
2:	exact	arch/ppc64/v2wrap-rf-le.bin, V2WRAP_RACEFREE

/* arm64 (arch/arm64/a64wrap.S): 0x40 bytes, the kernel slot last. */
	.globl	kx_a64wrap
kx_a64wrap:
1:	blob	arch/arm64/a64wrap.bin, 0, A64WRAP_CODE
2:	exact	arch/arm64/a64wrap.bin, A64WRAP

	.section .note.GNU-stack, "", %progbits
