/*
 * v2wrap: the trampoline between a ppc64 kexec and a Linux kernel.
 *
 * Assembled four times with GNU as, never by the host compiler (the blobs
 * are committed; make blobs regenerates them, make check compares):
 *   v2wrap-be.bin     -mbig                               classic layout
 *   v2wrap-le.bin     -mlittle --defsym LE=1              classic layout
 *   v2wrap-rf-be.bin  -mbig    --defsym RACEFREE=1        race-free layout
 *   v2wrap-rf-le.bin  -mlittle --defsym LE=1 --defsym RACEFREE=1
 * Plain gas, no C preprocessor: macros and .ifdef only.
 *
 * Registers
 * ---------
 * The old kernel's kexec_sequence (misc_64.S) first copies the 0x100 bytes
 * at the entry address (ENTRY, this stub) to physical 0, then releases the
 * secondary CPUs, then branches to ENTRY on the master CPU.
 *
 * Master, entered at ENTRY+0: MMU off, 64-bit mode, the old kernel's byte
 *   order (which must be this build's), interrupts off.
 *     r3  its physical CPU id
 *     r4  ENTRY (not used: bcl finds our address even if a loader
 *         made ENTRY something else)
 *   It leaves for KERNEL+0, MMU off, 64-bit, in the same byte order:
 *     r3  the device tree (DT), r4 KERNEL, r5 0 ("not Open Firmware")
 *   and what the new kernel's __start expects, nothing more.
 * Secondaries, entered at physical 0x60 by the old kernel's kexec_wait
 *   (an rfid with MSR_LE cleared: big-endian in both builds; MMU off,
 *   64-bit):
 *     r3  their physical CPU id, which they keep
 *   They leave for the kernel's own __secondary_hold (classic: a copy the
 *   master puts at physical 0x80), r3 unchanged.
 *
 * Layouts (offsets from ENTRY)
 * ----------------------------
 * classic (the seed's, 0x100 bytes):
 *   0x00  master, part 1                  0x80  master, part 2
 *   0x60  secondaries' code + flag F      0xf8  kernel slot: KERNEL, 64-bit,
 *   0x100 the DT (fs2dt -b ENTRY+0x100)         this build's byte order,
 *                                               ends at 0x100 (loadem -c 0x100)
 * race-free (v2wrap -K, 0x200 bytes):
 *   0x00  b 0x100 (master)                0x100 master
 *   0x04  the kernel's bytes 4..0xff,     0x1e8 save slot (-S ADDR), 64-bit
 *         filled in by the applet         0x1f0 run word (-R), 32-bit
 *                                         0x1f8 kernel slot (loadem -c 0x200)
 *                                         0x200 the DT (fs2dt -b ENTRY+0x200)
 *
 * The secondaries
 * ---------------
 * The new kernel expects its own first 0x100 bytes at physical 0, and its
 * secondaries waiting in its __secondary_hold (image offset 0x60), where
 * they store their id at a fixed low address and spin on another (0x40 and
 * 0x38 in Debian's 6.1; absolute addresses below 0x100) until the kernel,
 * well into setup_arch, releases them.
 *
 * Race-free layout: the old kernel's own copy to 0 already puts the
 * kernel's __secondary_hold at 0x60 before any secondary is released, so
 * nothing below changes under a running CPU. The master only restores the
 * kernel's word 0 (our branch), which no CPU executes at physical 0.
 *
 * Classic layout: our own code sits at 0x60, and the secondaries may be in
 * it at any moment, for any length of time (a vCPU can be descheduled for
 * milliseconds), including after the master has gone. The seed moved them
 * into a loop in the master's copy, copied the kernel's 0x100 bytes to 0,
 * then sent them back to 0x60. That is only safe once every secondary has
 * left 0x60; the stub cannot know how many there are (their number is in a
 * DT it would have to parse, and a CPU that never comes would hang us), so
 * it could only wait and hope. Instead, this stub never stores to any
 * instruction a secondary may be executing, and never sends one to memory
 * the new kernel may reuse:
 *   1. The secondaries spin at 0x60 on a data doubleword F at 0x78, zero in
 *      the blob (and so at physical 0x78 when they are released).
 *   2. The master copies the kernel's bytes 0x00..0x5f to physical 0, and
 *      its code at 0x60..0xdf (__secondary_hold) to physical 0x80..0xff:
 *      never 0x60..0x7f. For each doubleword dcbst; sync; icbi, then sync;
 *      isync, as the Power ISA asks of anyone storing what may be executed.
 *   3. sync orders those stores before the store of F = 0x80 (big-endian,
 *      as the secondaries read it).
 *   4. A secondary that loads a nonzero F executes isync, which after the
 *      load-compare-branch both discards anything it fetched early and
 *      keeps its later loads from seeing memory older than F, then
 *      branches to 0x80: the kernel's own __secondary_hold, 0x20 bytes
 *      higher than the kernel put it. That code is position-independent
 *      (FIXUP_ENDIAN finds itself with bcl, its loop is a relative branch)
 *      and its only data are absolute low addresses, the kernel's own
 *      words at physical 0 (0x38 and 0x40 in Debian's 6.1), so it behaves
 *      exactly as it would at 0x60.
 *   A secondary arriving late, even long after the new kernel is up, finds
 *   F set and follows the same path: physical 0..0xff is memory the new
 *   kernel never reuses (it copies itself to 0 from 0x100 on), unlike the
 *   loaded image at KERNEL, which it frees once it has moved.
 * What this assumes, and the race-free layout does not:
 *   - The kernel's code from 0x60 fits in 0x80 bytes, that is bytes
 *     0xe0..0xff of its image are zero (Debian's 6.1 ends at 0xcf), and
 *     branches nowhere outside itself but by absolute address. The master
 *     checks the zeros; if they are not, it leaves the secondaries parked
 *     and the kernel comes up on one CPU ("Processor N is stuck").
 *   - Nothing stores to physical 0x60..0xff once the new kernel runs, and
 *     it needs its own bytes 0x80..0xff only to run its __secondary_hold,
 *     which now sits at 0x80. A later kexec rewrites 0..0xff anyway.
 *
 * Run where loaded (v2wrap -R FILE: the race-free layout)
 * -------------------------------------------------------
 * A relocatable kernel whose word at image offset 0x5c (__run_at_load) is 1
 * does not copy its ~42 MB down to 0: it copies only its exception vectors
 * (0x100 up to __end_interrupts), applies its relocations for where it
 * is, and runs there, as a crash kernel does. The applet puts 1 in the
 * run word (0x1f0, this build's order); the master stores it at KERNEL+0x5c
 * before entering. Measured under qemu TCG: the first console line 0.26 s
 * after the switchover instead of 1.1 s. The secondaries need nothing new:
 * such a kernel still releases them through the low copy of its spin word
 * (seen at physical 0x38 with Debian's 6.1), which its own __secondary_hold
 * at 0x60 watches. What changes for the user: the new kernel's memory ends
 * at KERNEL plus its size, so a further kexec from it must load above that
 * (its linux,kernel-end says where; loadem checks). The master also skips
 * the straggler wait described next: the old kernel's text is not copied
 * over at once, so the window that wait narrows stays open for as long as
 * the new kernel takes to hand those pages out.
 *
 * Not ours to fix, only to make unlikely: the old kernel's kexec_wait
 * spins on a flag in its own text and releases the secondaries without
 * waiting for them to leave. A secondary descheduled long enough is still
 * there when the new kernel copies itself over that text (and the same
 * kernel writes its flag back to 0): it never reaches 0x60, in either
 * layout. Under a busy qemu TCG host this happens (seen in tests/e2e runs:
 * the lost CPU's NIP is in kexec_wait); kexec-tools' purgatory hides it by
 * taking a second to verify digests before the new kernel starts. So the
 * master, before it enters the kernel, lets TB_WAIT timebase ticks pass
 * since it was entered (about 65 ms at the 512 MHz of every POWER since
 * POWER6 and of qemu's pseries): time for a straggler to leave kexec_wait.
 * Nothing in this stub's own protocol depends on that wait; it only
 * narrows a window the old kernel leaves open.
 */

	.text

/* Offsets every layout and the applet rely on. */
	.set	FDT_VERSION, 0x14	/* DT header: u32 version */
	.set	FDT_BOOT_CPUID, 0x1c	/* DT header: u32 boot_cpuid_phys, version >= 2 */
	.set	SEC_ENTRY, 0x60		/* where the old kernel sends the secondaries */
	.set	SEC_FLAG, 0x78		/* F, inside the 0x20 bytes never copied over */
	.set	SEC_END, 0x80
	.set	HOLD, 0x60		/* __secondary_hold in the kernel's image */
	.set	HOLD_COPY, 0x80		/* where its copy runs (classic) */
	.set	HOLD_END, 0xe0		/* what fits: 0x80 bytes, the rest zeros */
	.set	LOW_COPY, 0x100		/* kexec copies ENTRY..+0x100 to physical 0 */
.ifdef RACEFREE
	.set	MASTER, 0x100
	.set	SIZE, 0x200
.else
	.set	SIZE, 0x100
.endif
	.set	SLOT, SIZE - 8		/* the kernel slot ends where the stub ends */
	.set	RUN_WORD, SLOT - 8	/* race-free: v2wrap -R puts 1 here, u32 */
	.set	SAVE_SLOT, RUN_WORD - 8	/* race-free: v2wrap -S ADDR, u64 */
	.set	SAVE_LEN, 0x10000	/* what a crash kernel overwrites at 0 */
	.set	RUN_AT_LOAD, 0x5c	/* the kernel's __run_at_load, u32 */
	.set	DT, SIZE		/* and the DT follows it */

/*
 * The DT header and F are big-endian whatever the CPU's order. Indexed
 * forms in both builds, so that the two builds differ in these words only.
 */
.macro	load_be32 rt, ra, rb
.ifdef LE
	lwbrx	\rt, \ra, \rb
.else
	lwzx	\rt, \ra, \rb
.endif
.endm

.macro	store_be32 rs, ra, rb
.ifdef LE
	stwbrx	\rs, \ra, \rb
.else
	stwx	\rs, \ra, \rb
.endif
.endm

.macro	store_be64 rs, ra, rb
.ifdef LE
	stdbrx	\rs, \ra, \rb
.else
	stdx	\rs, \ra, \rb
.endif
.endm

/*
 * Code the secondaries run big-endian in both builds. The big-endian build
 * assembles the mnemonic; the little-endian build emits the same bytes from
 * WORD, its big-endian encoding (tests/v2wrap.test checks both builds agree
 * byte for byte and decodes them with objdump -EB).
 */
.macro	be_insn word, insn:vararg
.ifdef LE
	.byte	(\word >> 24) & 0xff, (\word >> 16) & 0xff, (\word >> 8) & 0xff, \word & 0xff
.else
	\insn
.endif
.endm

/*
 * Master, first part: r9 = ENTRY, r10 = DT, r11 = KERNEL; the boot CPU's
 * id into the DT header, which the new kernel otherwise takes from
 * whichever CPU the old kernel's tree named, and stops with "Failed to
 * identify boot CPU" if that is not the one it runs on.
 */
	.set	TB_WAIT_SHIFT, 25	/* TB_WAIT = 2^25 ticks: see above */

.macro	master_head
	mftb	r8			/* r8 = when we were entered */
	bcl	20, 31, 1f		/* the form that spares the link stack */
1:	mflr	r9
	addi	r9, r9, entry - 1b
	addi	r10, r9, DT
	ld	r11, SLOT(r9)
	li	r6, FDT_VERSION
	load_be32 r5, r10, r6
	cmplwi	r5, 2			/* older headers have no boot_cpuid_phys */
	blt	2f
	li	r6, FDT_BOOT_CPUID
	store_be32 r3, r10, r6
2:
.endm

/*
 * Master, last part: TB_WAIT since entry for the old kernel's stragglers,
 * then the kernel's __start contract.
 */
.macro	enter_kernel
7:	mftb	r0
	subf	r0, r8, r0
	srdi.	r0, r0, TB_WAIT_SHIFT
	beq	7b
8:	mr	r3, r10			/* 8: past the wait, for -R */
	mr	r4, r11
	li	r5, 0
	mtctr	r11
	bctr
.endm

entry:

.ifdef RACEFREE

	.org	0
	b	master
	/* 0x04..0xff: the kernel's own bytes, written by the applet. */

	.org	MASTER
master:
	master_head
	/*
	 * v2wrap -R (see above): the run word, when not 0, into the image's
	 * __run_at_load. Plain data the kernel reads with loads, no flush.
	 */
	lwz	r0, RUN_WORD(r9)
	cmpwi	cr1, r0, 0		/* cr1 kept to the end: see below */
	beq	cr1, 3f
	stw	r0, RUN_AT_LOAD(r11)
3:
	/*
	 * v2wrap -S ADDR, for a crash kernel: physical 0..0xffff to ADDR.
	 * The kernel, run where it is loaded, copies its vectors to 0 and
	 * reserves 0..0x8000: the old kernel's first 64 KiB are gone unless
	 * saved here, and /proc/vmcore reads them from ADDR (the core
	 * header's first PT_LOAD says so). Bytes 0..0xff are already this
	 * stub's, copied there by the old kernel. Data, with plain loads and
	 * stores in this build's byte order: the copy is of bytes.
	 */
	ld	r7, SAVE_SLOT(r9)
	cmpdi	r7, 0
	beq	4f
	li	r5, SAVE_LEN / 8
	mtctr	r5
	li	r5, -8
	addi	r7, r7, -8
5:	ldu	r6, 8(r5)
	stdu	r6, 8(r7)
	bdnz	5b
4:
	/*
	 * Physical 0 holds our branch. No CPU executes it (the secondaries
	 * entered at 0x60), but the kernel's first 0x100 bytes are the
	 * kernel's, so store its word 0 there, as for any instruction.
	 */
	lwz	r0, 0(r11)
	li	r5, 0
	stw	r0, 0(r5)
	dcbst	0, r5
	sync
	icbi	0, r5
	sync
	isync
	/*
	 * The straggler wait guards the old kernel's kexec_wait against the
	 * new kernel copying itself over it at once. A kernel run where it
	 * was loaded copies only 0x100 up to its __end_interrupts (0x5d00 in
	 * Debian's 6.1, kexec_wait at 0x293f0) and hands the old text out
	 * later, like any free memory: no wait.
	 */
	bne	cr1, 8f
	enter_kernel

.else

	.org	0
	master_head
	/*
	 * r7 = the kernel's bytes HOLD_END..0xff ORed: not 0 means its
	 * __secondary_hold may not fit at HOLD_COPY.
	 */
	li	r7, 0
	li	r5, HOLD_END
5:	ldx	r0, r11, r5
	or	r7, r7, r0
	addi	r5, r5, 8
	cmpldi	r5, LOW_COPY
	blt	5b
	li	r5, 0			/* offset in the kernel */
	li	r6, 0			/* physical address */
	b	copy_low

	.org	SEC_ENTRY
secondary:
	be_insn	0xe9800078, ld	r12, SEC_FLAG(0)	/* RA=0: absolute 0x78 */
	be_insn	0x2c2c0000, cmpdi	r12, 0
	be_insn	0x4182fff8, beq	secondary
	be_insn	0x4c00012c, isync			/* before running new code */
	be_insn	0x7d8903a6, mtctr	r12
	be_insn	0x4e800420, bctr

	.org	SEC_FLAG
flag:	.quad	0			/* F: 0 = wait; else where to go */

	.org	SEC_END
	/*
	 * The kernel's 0x00..0x5f to physical 0x00, its 0x60..0xdf to 0x80,
	 * a doubleword at a time: 8 bytes divide every cache block size, so
	 * the flush reaches each block without knowing the size.
	 */
copy_low:
3:	ldx	r0, r11, r5
	stdx	r0, 0, r6
	dcbst	0, r6
	sync
	icbi	0, r6
	addi	r5, r5, 8
	addi	r6, r6, 8
	cmpldi	r6, SEC_ENTRY
	bne	4f
	li	r6, HOLD_COPY		/* 0x60..0x7f: the secondaries are there */
4:	cmpldi	r6, LOW_COPY
	blt	3b
	sync
	isync
	cmpdi	r7, 0
	bne	6f			/* does not fit: leave them parked */
	/*
	 * Release. The sync above orders every store to the low 0x100 before
	 * this one. No dcbst: cacheable memory is coherent between CPUs, the
	 * secondaries see F as soon as the store is performed, and nothing
	 * needs it in main memory.
	 */
	li	r6, HOLD_COPY
	li	r7, SEC_FLAG
	store_be64 r6, 0, r7
	sync
6:	enter_kernel

.endif

	.org	SLOT
slot:	.quad	0			/* KERNEL: v2wrap -k, or loadem -c */
	.org	SIZE
