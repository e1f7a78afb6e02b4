/*
 * A raw kexec payload for arm64: prints a marker line on the PL011, then
 * powers the machine off through PSCI.
 *
 * Entry contract (kexec_load, arch/arm64/kernel/relocate_kernel.S and
 * cpu_soft_restart): MMU and caches off, at EL1 (or EL2 when the old kernel
 * was booted there), interrupts masked. x0 carries the DTB address only for
 * kexec_file_load images (kimage->arch.dtb_mem); a kexec_load image gets
 * nothing it can rely on, so this payload uses no register input. With the
 * MMU off every access is Device-nGnRnE, which is what the UART needs.
 *
 * qemu virt: the PL011 sits at 0x09000000; without EL2/EL3 emulation PSCI
 * is reached with hvc, and SYSTEM_OFF is function 0x84000008.
 */
	.text
	.globl	_start
_start:
	ldr	x1, =0x09000000		/* UARTDR */
	adr	x2, message
next:
	ldrb	w3, [x2], #1
	cbz	w3, done
busy:
	ldr	w4, [x1, #0x18]		/* UARTFR: bit 5 = transmit FIFO full */
	tbnz	w4, #5, busy
	strb	w3, [x1]
	b	next
done:
	/* Drain the FIFO (UARTFR bit 3 = busy) so the line is out before power off. */
	ldr	w4, [x1, #0x18]
	tbnz	w4, #3, done
	ldr	x0, =0x84000008		/* PSCI SYSTEM_OFF */
	hvc	#0
halt:
	wfi
	b	halt

message:
	.asciz	"\r\nKXTOOL-PAYLOAD arm64 reached\r\n"
	.balign	8
	.ltorg
