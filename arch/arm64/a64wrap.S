/*
 * a64wrap: the trampoline between an arm64 kexec_load and a Linux kernel
 * Image, so that fs2dt and loadem can boot a real kernel with no purgatory.
 *
 * Entered at offset 0 by the old kernel (arch/arm64/kernel/
 * relocate_kernel.S, after cpu_soft_restart): MMU and D-cache off, EL2 or
 * EL1, interrupts masked, the secondary CPUs already handed back to the
 * firmware with PSCI CPU_OFF (the new kernel brings them up again with
 * CPU_ON, so unlike ppc64 there is nothing to do for them). No register
 * carries anything a kexec_load image can use.
 *
 * It leaves for the kernel's first byte as Documentation/arm64/booting.rst
 * asks: x0 = the DT's physical address, x1 = x2 = x3 = 0.
 *
 * Layout (offsets from the stub's load address ENTRY):
 *   0x00  code
 *   0x38  kernel slot: the Image's address, 64-bit little-endian, ending
 *         at 0x40, so that loadem -c 0x40 fills it
 *   0x40  the DT (fs2dt -b ENTRY+0x40); booting.rst wants it 8-byte
 *         aligned, which 0x40 from a page-aligned ENTRY is
 * The Image goes at a 2 MiB-aligned address (booting.rst, text_offset 0).
 */
	.text
	.globl	_start
_start:
	adr	x0, dtb
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	ldr	x4, kernel
	br	x4

	.org	0x38
kernel:
	.quad	0
	.org	0x40
dtb:
