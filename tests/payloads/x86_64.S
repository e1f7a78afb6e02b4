/*
 * A raw kexec payload for x86_64: prints a marker line on COM1, then ends
 * qemu through its isa-debug-exit device.
 *
 * Entry contract (kexec_load, not kexec_file_load; arch/x86/kernel/
 * relocate_kernel_64.S): 64-bit long mode, identity-mapped page tables that
 * cover RAM, interrupts off; no register carries anything for us. The code
 * is position-independent (RIP-relative), so any page-aligned -a works.
 *
 * qemu: -serial for COM1 at 0x3f8 (already programmed by the old kernel's
 * 8250 console), -device isa-debug-exit,iobase=0xf4,iosize=4: writing V
 * to 0xf4 exits qemu with status (V << 1) | 1, so 0x10 gives 33.
 */
	.code64
	.text
	.globl	_start
_start:
	cli
	lea	message(%rip), %rsi
next:
	lodsb
	test	%al, %al
	jz	done
	mov	%al, %bl
	mov	$0x3fd, %dx		/* line status: bit 5 = transmit holding empty */
busy:
	in	(%dx), %al
	test	$0x20, %al
	jz	busy
	mov	$0x3f8, %dx
	mov	%bl, %al
	out	%al, (%dx)
	jmp	next
done:
	mov	$0xf4, %dx
	mov	$0x10, %eax
	out	%eax, (%dx)
halt:
	hlt
	jmp	halt

message:
	.asciz	"\r\nKXTOOL-PAYLOAD x86_64 reached\r\n"
