/*
 * v2wrap's core and its blobs, without any ppc64 tool: the layouts, the
 * slot, and the rule that the two builds differ only where the source says
 * (the byte-reversed loads and stores, and the secondaries' big-endian
 * code, which is the same bytes in both).
 */
#include <stdint.h>
#include <string.h>

#include "unit.h"
#include "v2wrap.h"

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

/*
 * X-form loads and stores (primary opcode 31): the big-endian build's
 * indexed form and the little-endian build's byte-reversed one.
 */
static int reversed_pair(uint32_t be, uint32_t le)
{
	static const unsigned xo[][2] = {
		{ 23, 534 },	/* lwzx, lwbrx */
		{ 151, 662 },	/* stwx, stwbrx */
		{ 149, 660 },	/* stdx, stdbrx */
	};
	unsigned i;

	if (be >> 26 != 31 || le >> 26 != 31 || (be & 0x03fff801) != (le & 0x03fff801))
		return 0;	/* registers and Rc must be the same */
	for (i = 0; i < sizeof(xo) / sizeof(xo[0]); i++)
		if ((be >> 1 & 0x3ff) == xo[i][0] && (le >> 1 & 0x3ff) == xo[i][1])
			return 1;
	return 0;
}

/*
 * Word by word: equal in value (so byte-swapped in memory), or a reversed
 * pair; in [sec, sec_end) equal in bytes. Returns the number of reversed
 * pairs, or -1 at the first word that follows no rule.
 */
static int compare_builds(const unsigned char *be, const unsigned char *le, size_t n,
			  size_t sec, size_t sec_end)
{
	size_t off;
	int pairs = 0;

	for (off = 0; off < n; off += 4) {
		if (off >= sec && off < sec_end) {
			if (memcmp(be + off, le + off, 4))
				return -1;
		} else if (be32(be + off) != le32(le + off)) {
			if (!reversed_pair(be32(be + off), le32(le + off)))
				return -1;
			pairs++;
		}
	}
	return pairs;
}

static void test_classic(void)
{
	unsigned char be[V2WRAP_MAX], le[V2WRAP_MAX];
	static const uint32_t secondary[] = {
		0xe9800078,	/* ld r12,0x78(0) */
		0x2c2c0000,	/* cmpdi r12,0 */
		0x4182fff8,	/* beq 0x60 */
		0x4c00012c,	/* isync */
		0x7d8903a6,	/* mtctr r12 */
		0x4e800420,	/* bctr */
	};
	static const unsigned char zero[8];
	unsigned i;
	int ok = 1;

	CHECK("classic: 256 bytes, BE", v2wrap_build(be, 1, NULL, 0) == 0x100);
	CHECK("classic: 256 bytes, LE", v2wrap_build(le, 0, NULL, 0) == 0x100);
	CHECK("classic: the blobs, unpatched, then zeros",
	      !memcmp(be, kx_v2wrap_be, V2WRAP_CODE) && !memcmp(le, kx_v2wrap_le, V2WRAP_CODE) &&
	      !memcmp(be + V2WRAP_CODE, zero, 0x100 - V2WRAP_CODE - 8) &&
	      !memcmp(le + V2WRAP_CODE, zero, 0x100 - V2WRAP_CODE - 8));
	CHECK("classic: empty slot at 0xf8", !memcmp(be + 0xf8, zero, 8) &&
	      !memcmp(le + 0xf8, zero, 8));
	/* mftb r8 (when we were entered, for the wait before the kernel), bcl. */
	CHECK("classic: entry is mftb r8, bcl 20,31,+4",
	      be32(be) == 0x7d0c42a6 && le32(le) == 0x7d0c42a6 &&
	      be32(be + 4) == 0x429f0005 && le32(le + 4) == 0x429f0005);
	for (i = 0; i < 6; i++)
		ok &= be32(be + 0x60 + 4 * i) == secondary[i] &&
		      be32(le + 0x60 + 4 * i) == secondary[i];
	CHECK("classic: secondaries' code at 0x60, big-endian in both", ok);
	CHECK("classic: flag F at 0x78 starts 0", !memcmp(be + 0x78, zero, 8) &&
	      !memcmp(le + 0x78, zero, 8));
	/* lwbrx and stwbrx for the DT header, stdbrx for F. */
	CHECK("classic: BE and LE differ in 3 reversed loads/stores only",
	      compare_builds(be, le, 0xf8, 0x60, 0x80) == 3);
}

static void test_slot(void)
{
	unsigned char plain[V2WRAP_MAX], out[V2WRAP_MAX];
	static const unsigned char in_be[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const unsigned char in_le[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };
	const uint64_t k = 0x0102030405060708;

	v2wrap_build(plain, 1, NULL, 0);
	v2wrap_build(out, 1, NULL, k);
	CHECK("slot: BE, big-endian at 0xf8", !memcmp(out + 0xf8, in_be, 8));
	CHECK("slot: BE, nothing else changed", !memcmp(out, plain, 0xf8));
	v2wrap_build(plain, 0, NULL, 0);
	v2wrap_build(out, 0, NULL, k);
	CHECK("slot: LE, little-endian at 0xf8", !memcmp(out + 0xf8, in_le, 8));
	CHECK("slot: LE, nothing else changed", !memcmp(out, plain, 0xf8));
}

static void test_racefree(void)
{
	unsigned char head[V2WRAP_HEAD], be[V2WRAP_MAX], le[V2WRAP_MAX], plain[V2WRAP_MAX];
	static const unsigned char k_le[8] = { 0, 0, 0, 6 };
	unsigned i;

	for (i = 0; i < sizeof(head); i++)
		head[i] = 0xa5 ^ i;
	CHECK("race-free: 512 bytes, BE", v2wrap_build(be, 1, head, 0) == 0x200);
	CHECK("race-free: 512 bytes, LE", v2wrap_build(le, 0, head, 0x6000000) == 0x200);
	CHECK("race-free: word 0 is b 0x100",
	      be32(be) == 0x48000100 && le32(le) == 0x48000100);
	CHECK("race-free: the kernel's bytes 4..0xff",
	      !memcmp(be + 4, head + 4, 0xfc) && !memcmp(le + 4, head + 4, 0xfc));
	/* The blobs end with the master's code: zeros follow, up to the slot. */
	for (i = V2WRAP_RF_CODE; i < 0xf8; i++)
		if (be[0x100 + i] || le[0x100 + i])
			break;
	CHECK("race-free: master from the blob at 0x100, then zeros",
	      !memcmp(be + 0x100, kx_v2wrap_rf_be + 4, V2WRAP_RF_CODE) &&
	      !memcmp(le + 0x100, kx_v2wrap_rf_le + 4, V2WRAP_RF_CODE) && i == 0xf8 &&
	      !be[0x1f8] && !be[0x1ff]);
	CHECK("race-free: slot at 0x1f8", !memcmp(le + 0x1f8, k_le, 8));
	CHECK("race-free: master's entry is mftb r8, bcl 20,31,+4",
	      be32(be + 0x100) == 0x7d0c42a6 && le32(le + 0x100) == 0x7d0c42a6 &&
	      be32(be + 0x104) == 0x429f0005 && le32(le + 0x104) == 0x429f0005);
	/* lwbrx and stwbrx for the DT header; no F. */
	CHECK("race-free: BE and LE masters differ in 2 reversed loads/stores only",
	      compare_builds(be + 0x100, le + 0x100, 0xf8, 0, 0) == 2);
	/* -R: only over a kernel whose word at 0x5c is "run0", in its order. */
	memcpy(plain, be, sizeof(plain));
	CHECK("in place: refused without run0 at 0x5c",
	      v2wrap_in_place(be, 1) == -1 && !memcmp(be, plain, sizeof(plain)));
	memcpy(be + 0x5c, "run0", 4);
	memcpy(le + 0x5c, "0nur", 4);
	memcpy(plain, be, sizeof(plain));
	CHECK("in place: BE refuses an LE run0",
	      v2wrap_in_place(le, 1) == -1);
	/* 1 in the run word, the doubleword before the slot, only. */
	CHECK("in place: run word 1 at 0x1f0, BE and LE",
	      !v2wrap_in_place(be, 1) && !v2wrap_in_place(le, 0) &&
	      be32(be + 0x1f0) == 1 && le32(le + 0x1f0) == 1 && !be32(be + 0x1f4));
	CHECK("in place: nothing else changed", !memcmp(be, plain, 0x1f0) &&
	      !memcmp(be + 0x1f4, plain + 0x1f4, 12));
	/* The master reads it where the assembler put it: lwz r0,0x1f0(r9). */
	for (i = 0x100; i < 0x1f0; i += 4)
		if (be32(be + i) == 0x800901f0)
			break;
	CHECK("in place: the master loads the run word", i < 0x1f0);
}

int main(void)
{
	test_classic();
	test_slot();
	test_racefree();
	return unit_done();
}
