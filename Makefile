# kxtool: GNU make. Everything built, but ./kxtool itself, goes under build/.
#
#   make                 ./kxtool, static, for the host
#   make CROSS_COMPILE=powerpc64le-linux-gnu-   (or powerpc64-linux-gnu- for big-endian)
#   make check           install what the tests need, then run every test
#   make demo            a real kexec inside qemu, shown step by step
#   make soak            each kexec layout booted 20 times in qemu
#   make size            stripped sizes of the static musl binaries (BASE=COMMIT: per symbol)
#   make bench           timings against peers measured in the same run
#   make install         $(DESTDIR)$(PREFIX)/sbin/kxtool plus the applet links

VERSION = 0.1
PREFIX = /usr/local
SBINDIR = $(PREFIX)/sbin
CROSS_COMPILE =
CC = $(CROSS_COMPILE)gcc
STRIP = $(CROSS_COMPILE)strip
WARN = -Wall -Wextra -Wpointer-arith -Wcast-qual -Wstrict-prototypes \
	-Wmissing-prototypes -Wshadow -Wwrite-strings
CFLAGS = $(OPT) $(WARN) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-pie -fno-jump-tables -flto \
	-fno-ident
# No separate-code padding, no unwind tables, no build-id, unused sections
# dropped: together most of a small static binary's size (make size).
# -Oz is -Os that also takes shorter instructions over faster ones (gcc 12,
# clang); older compilers get -Os (OPT below). -flto lets the whole program be optimized as one, so
# the helpers in lib.c inline where that is smaller: 250 bytes.
# kxtool's switches are short and run a few times: compares cost less
# than jump tables (-fno-jump-tables, 250 bytes).
# Position-dependent code (-fno-pie), as a static binary is loaded where it
# was linked: absolute addresses instead of PC-relative ones, 360 bytes less.
LDFLAGS = -static -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,--build-id=none \
	$(if $(findstring musl,$(CC) $(EXTRA_CFLAGS)),$(MUSL_LDFLAGS))
# musl's static start-up never applies PT_GNU_RELRO (/proc/self/maps of a
# static musl binary shows the "read-only after relocation" page writable),
# so there the page-aligned gap before it is up to 4 KiB of nothing (3.7 KB
# in make size). glibc's static start-up does protect it: glibc keeps it.
# Without RELRO, a small common page size (8, the data's own alignment)
# stops ld from padding the file so that the data starts on a page of its
# own (up to 4 KiB; 1.4 KB when measured): the data then follows the code
# in the file, and the page they share is mapped twice, for the code and
# privately for the data. The maximum page size, the segments' alignment
# (64 KiB on ppc64le), stays as it is.
MUSL_LDFLAGS = -Wl,-z,norelro -Wl,-z,common-page-size=8
# Downloads, guest kernels and qemu logs: never inside the repository.
KXCACHE = $(HOME)/.cache/kxtool
export KXCACHE

space := $(subst ,, )

# Objects of one build go to $(B), so cross and musl builds sit side by side.
B = build/$(notdir $(firstword $(CC)))
# Which applets to build, as busybox and toybox let a builder choose:
# make APPLETS="fs2dt loadem v2wrap". The default is every applet in
# applets/lib/applets.def; lib code that no chosen applet uses is dropped
# by the linker (--gc-sections). --list, --install and make install show
# only what was built.
# corehdr writes the core header kexec -p hands to kexec_load, so it comes
# only where kexec plans a load itself (ppc64, arm64: PLAN_TARGET below);
# elsewhere kexec_file_load has the kernel write the header.
ALL_APPLETS := $(shell sed -n 's/^APPLET(\([a-z0-9_]*\)).*/\1/p' applets/lib/applets.def)
APPLETS = $(if $(PLAN_TARGET),$(ALL_APPLETS),$(filter-out corehdr,$(ALL_APPLETS)))
LIB_SRCS = $(sort $(wildcard applets/lib/*.c))
LIB_ASRCS = $(sort $(wildcard applets/lib/*.S))
CORE_OBJS = $(APPLETS:%=$(B)/applets/%.o) $(LIB_SRCS:%.c=$(B)/%.o) $(LIB_ASRCS:%.S=$(B)/%.o)
OBJS = $(B)/main.o $(CORE_OBJS)
HDRS = $(wildcard applets/lib/*.h) applets/lib/applets.def
# -Oz (gcc 12, clang) where the compiler has it, else -Os: asked of the
# compiler once per build directory, not guessed from its version.
OPT := $(shell $(CC) -Oz -x c -c -o /dev/null /dev/null 2>/dev/null && echo -Oz || echo -Os)
# A sanitizer must see every allocation, so kxtool's own malloc (alloc.c)
# steps aside whenever one is in the flags (README, Building).
SAN_MALLOC = $(if $(findstring -fsanitize,$(CFLAGS) $(EXTRA_CFLAGS)),-DKX_SYSTEM_MALLOC)
# What the seed's applets learned for kexec comes only with kexec, and its
# explicit lines' part only where kexec plans kexec_load: ppc64, arm64
# (kxtool.h). The target is the compiler's, asked once.
TARGET := $(shell $(CC) -dumpmachine 2>/dev/null)
PLAN_TARGET = $(filter powerpc64% aarch64%,$(TARGET))
HAVE_KEXEC = $(if $(filter kexec,$(APPLETS)),1,0)
PLANS = $(if $(PLAN_TARGET),$(HAVE_KEXEC),0)
WITH_KEXEC = -DKX_WITH_KEXEC=$(HAVE_KEXEC) -DKX_PLANS=$(PLANS)
ALL_CFLAGS = -std=gnu11 -D_FILE_OFFSET_BITS=64 -DKXTOOL_VERSION='"$(VERSION)"' $(WITH_KEXEC) \
	$(CFLAGS) $(EXTRA_CFLAGS) $(SAN_MALLOC)

# Every object depends on the flags it was built with: a stamp holding the
# compiler, the flags and the applets changes whenever they do, so that
# make CFLAGS=... or make APPLETS=... rebuilds what they change.
FLAGS_STAMP = $(B)/.flags
$(FLAGS_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(APPLETS)' | cmp -s - $@ || \
		echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(APPLETS)' > $@

# main.c's applet table: the chosen lines of applets.def.
$(B)/applets.def: applets/lib/applets.def $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@grep -E '^APPLET\(($(subst $(space),|,$(strip $(APPLETS))))\)$$' $< > $@.tmp; \
	[ $$(wc -l < $@.tmp) = $(words $(APPLETS)) ] || \
		{ echo "APPLETS: not all of '$(APPLETS)' are in applets.def ($(ALL_APPLETS))" >&2; rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@

# The ppc64 trampolines are committed assembled (applets/v2wrap_blobs.S
# includes them), so building kxtool needs no ppc64 assembler. Only make
# blobs and make check-blobs assemble arch/ppc64/v2wrap.S, into BLOBTMP.
BLOBS = $(addprefix arch/ppc64/v2wrap-,be.bin le.bin rf-be.bin rf-le.bin)
BLOBTMP = build/blobs
PPC_AS = powerpc64le-linux-gnu-as
PPC_OBJCOPY = powerpc64le-linux-gnu-objcopy
# Big-endian code must run on any 64-bit Power (POWER4 on); little-endian
# Linux needs POWER8, whose stdbrx the LE build uses.
V2WRAP_AS_be = -mbig -mpower4
V2WRAP_AS_le = -mlittle -mpower8 --defsym LE=1
V2WRAP_AS_rf-be = $(V2WRAP_AS_be) --defsym RACEFREE=1
V2WRAP_AS_rf-le = $(V2WRAP_AS_le) --defsym RACEFREE=1

all: kxtool

FORCE:

# Relinked every time: the same ./kxtool may have been built for another
# target a moment ago, and a link costs nothing.
kxtool: $(OBJS) FORCE
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS)

$(B)/main.o: main.c $(B)/applets.def $(HDRS) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(B) -Iapplets/lib -c -o $@ $<

$(B)/%.o: %.c $(HDRS) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iapplets/lib -c -o $@ $<

$(B)/%.o: %.S $(BLOBS) arch/arm64/a64wrap.bin $(HDRS) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iapplets/lib -c -o $@ $<

$(BLOBTMP)/v2wrap-%.bin: arch/ppc64/v2wrap.S
	@mkdir -p $(@D)
	$(PPC_AS) -a64 -mregnames $(V2WRAP_AS_$*) -o $(@:.bin=.o) $<
	$(PPC_OBJCOPY) -O binary -j .text $(@:.bin=.o) $@

# arm64's trampoline (v2wrap -A arm64), committed the same way.
A64_AS = aarch64-linux-gnu-as
A64_OBJCOPY = aarch64-linux-gnu-objcopy
$(BLOBTMP)/a64wrap.bin: arch/arm64/a64wrap.S
	@mkdir -p $(@D)
	$(A64_AS) -o $(@:.bin=.o) $<
	$(A64_OBJCOPY) -O binary -j .text $(@:.bin=.o) $@

blobs: $(BLOBS:arch/ppc64/%=$(BLOBTMP)/%) $(BLOBTMP)/a64wrap.bin
	cp $(BLOBS:arch/ppc64/%=$(BLOBTMP)/%) arch/ppc64/
	cp $(BLOBTMP)/a64wrap.bin arch/arm64/

# Whether the committed blobs are what the source assembles to
# (tests/v2wrap.test runs this when $(PPC_AS) is installed).
check-blobs: $(BLOBS:arch/ppc64/%=$(BLOBTMP)/%) $(BLOBTMP)/a64wrap.bin
	@for f in $(BLOBS); do cmp $(BLOBTMP)/$${f#arch/ppc64/} $$f || exit 1; done
	@cmp $(BLOBTMP)/a64wrap.bin arch/arm64/a64wrap.bin
	@echo "committed blobs match arch/ppc64/v2wrap.S and arch/arm64/a64wrap.S"

# Unit tests: one C program per file in tests/unit, linked with the applets'
# code but not with main.c, so each can reach a pure core directly.
UNIT_SRCS = $(sort $(wildcard tests/unit/*.c))
UT = build/tests
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(UT)/%)
UNIT_CFLAGS = -std=gnu11 -D_FILE_OFFSET_BITS=64 -Iapplets/lib -Itests/unit -O1 -g $(WARN) \
	$(EXTRA_CFLAGS) $(SAN_MALLOC)

UNIT_LDFLAGS =

$(UT)/%: tests/unit/%.c $(CORE_OBJS) tests/unit/unit.h
	@mkdir -p $(@D)
	$(CC) $(UNIT_CFLAGS) -no-pie $(filter -flto%,$(CFLAGS)) $(UNIT_LDFLAGS) -o $@ $< $(CORE_OBJS)

units: $(UNIT_BINS)

# 32-bit builds (tests/cross.test): kxtool and the unit tests, static, with
# the shipped flags, in build/ARCH. i386 runs on an x86_64 host as it is,
# armhf under qemu-arm-static. make cross builds both; ARCH=i386 one;
# make cross-kxtool ARCH=i386 only kxtool (the x86_64 qemu test's compat
# kexec). ARCH from the environment is not read: this line wins over it;
# nor a CC= given to make check, which reaches here through MAKEFLAGS.
ARCH = i386 armhf
CROSS_i386 = i686-linux-gnu-
CROSS_armhf = arm-linux-gnueabihf-
cross: $(ARCH:%=cross-%)
cross-kxtool: $(ARCH:%=cross-kxtool-%)
cross-%:
	$(if $(CROSS_$*),,$(error cross: ARCH must be one of: i386 armhf, not $*))
	$(MAKE) B=build/$* UT=build/$*/tests CROSS_COMPILE=$(CROSS_$*) CC=$(CROSS_$*)gcc \
		UNIT_LDFLAGS=-static build/$*/kxtool units
cross-kxtool-%:
	$(if $(CROSS_$*),,$(error cross-kxtool: ARCH must be one of: i386 armhf, not $*))
	$(MAKE) B=build/$* CROSS_COMPILE=$(CROSS_$*) CC=$(CROSS_$*)gcc build/$*/kxtool

# The unit tests over the C library's side of sys.c and alloc.c, which the
# shipped x86_64 build never takes: libc's system-call wrappers
# (KX_LIBC_SYSCALLS) and libc's malloc (KX_SYSTEM_MALLOC); tests/cross.test.
units-libc:
	$(MAKE) B=build/libc UT=build/libc/tests \
		EXTRA_CFLAGS='-DKX_SYSTEM_MALLOC -DKX_LIBC_SYSCALLS' units

setup:
	scripts/setup all

# make check runs every test twice over where it can: as built, and built
# with ASan and UBSan (SANITIZE=0 leaves that pass out). Both passes, and
# the qemu tests, end in one "N passed, N failed" line.
SANITIZE = 1
check: setup
	$(MAKE) kxtool units
	$(if $(filter 1,$(SANITIZE)),$(MAKE) san)
	$(if $(filter 1,$(SANITIZE)),KX_SAN=build/san) tests/run

# The same code under ASan and UBSan, every finding fatal; dynamic, since
# the sanitizers' runtimes cannot be linked statically. Over libc's
# system-call wrappers (KX_LIBC_SYSCALLS), so that tests/fault.test's shim
# reaches them in this pass too.
SAN_CFLAGS = -DKX_SYSTEM_MALLOC -DKX_LIBC_SYSCALLS -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined \
	-fno-sanitize-recover=all
san:
	$(MAKE) B=build/san UT=build/san/tests CFLAGS='$(WARN)' LDFLAGS= \
		EXTRA_CFLAGS='$(SAN_CFLAGS)' build/san/kxtool units

# libFuzzer targets for the pure cores (tests/fuzz, README "Hardening"),
# built with clang, ASan and UBSan over applet objects of their own; each
# runs FUZZ_SECONDS from its committed seeds (tests/fuzz/run).
FUZZ_SECONDS = 15
FZ = build/fuzz
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/*.c)))
FUZZ_CFLAGS = -DKX_SYSTEM_MALLOC -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
fuzz-build:
	$(MAKE) CC=clang B=$(FZ) CFLAGS='$(WARN)' LDFLAGS= \
		EXTRA_CFLAGS='$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link' \
		$(FUZZ_TARGETS:%=$(FZ)/fuzz-%)
# The build's own applets.def (-I$(B) first): main.c's table names only what CORE_OBJS holds.

$(FZ)/fuzz-%: tests/fuzz/%.c tests/fuzz/fuzz.h $(CORE_OBJS) main.c $(B)/applets.def
	$(CC) -I$(B) $(UNIT_CFLAGS) -I. -fsanitize=fuzzer -o $@ $< $(CORE_OBJS)

fuzz: fuzz-build
	@rc=0; for t in $(FUZZ_TARGETS); do tests/fuzz/run $$t $(FUZZ_SECONDS) || rc=1; done; exit $$rc

# A dynamic build with libc's malloc for valgrind (tests/valgrind.test),
# which make valgrind runs on its own.
vg-build:
	$(MAKE) B=build/vg CFLAGS='-O1 -g $(WARN)' LDFLAGS= \
		EXTRA_CFLAGS=-DKX_SYSTEM_MALLOC build/vg/kxtool

valgrind: kxtool
	tests/run tests/valgrind.test

# Fault injection (tests/fault.test): a dynamic kxtool with its own malloc,
# as shipped, and the LD_PRELOAD shim that makes its system calls fail.
# Over libc's system-call wrappers (KX_LIBC_SYSCALLS), which the shim can
# catch: x86_64's own (sys.c) reach the kernel without a call to hook.
fault-build: build/fault/shim.so
	$(MAKE) B=build/fault CFLAGS='-O1 -g $(WARN)' LDFLAGS= EXTRA_CFLAGS=-DKX_LIBC_SYSCALLS \
		build/fault/kxtool

build/fault/shim.so: tests/fault/shim.c
	@mkdir -p $(@D)
	$(CC) -shared -fPIC -O1 -g -Wall -Wextra -o $@ $< -ldl

demo: setup kxtool
	tests/e2e/demo

# Each kexec layout booted 20 times in qemu (SOAK_BOOTS=N), counted.
soak: setup kxtool
	tests/e2e/soak

bench: setup kxtool
	tests/bench/run

# The static musl binaries whose size is the project's figure of merit:
# every applet and the seed's three for x86_64, every applet for ppc64le,
# the largest symbols, and with BASE=COMMIT each symbol's change since.
size:
	scripts/size $(BASE)

build/%/kxtool: $(OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS)

# The links come from the applet list, not from running ./kxtool, which a
# cross build cannot do.
install: kxtool
	mkdir -p $(DESTDIR)$(SBINDIR)
	cp kxtool $(DESTDIR)$(SBINDIR)/kxtool
	for a in $(APPLETS); do ln -sf kxtool $(DESTDIR)$(SBINDIR)/$$a; done

clean:
	rm -rf build kxtool

.PHONY: FORCE all blobs check-blobs units cross cross-kxtool units-libc setup check san fuzz fuzz-build vg-build valgrind fault-build demo bench size install clean soak

# ==== tests/byhand.test: kexec -n's explicit lines load what kexec loads ====
# kxtool built dynamically for ppc64le and arm64 against the cross glibc,
# with the shipped compiler flags (only the link is dynamic), and
# tests/fault/shim.c for the same target. Under qemu-user with
# LD_PRELOAD=shim.so and KXFAULT=kexec_load:dump:DIR, kexec_load writes what
# it was given into DIR and never reaches the kernel.
#   make byhand-build              both
#   make byhand-build-ppc64le      build/dyn-ppc64le/kxtool and shim.so (or -arm64)
BYHAND_ARCHS = ppc64le arm64
BYHAND_CROSS_ppc64le = powerpc64le-linux-gnu-
BYHAND_CROSS_arm64 = aarch64-linux-gnu-
BYHAND_LDFLAGS = -no-pie -Wl,--gc-sections -Wl,--build-id=none
byhand-build: $(BYHAND_ARCHS:%=byhand-build-%)
byhand-build-%: build/dyn-%/shim.so
	$(if $(BYHAND_CROSS_$*),,$(error byhand-build: ARCH must be one of: $(BYHAND_ARCHS), not $*))
	$(MAKE) B=build/dyn-$* CROSS_COMPILE=$(BYHAND_CROSS_$*) CC=$(BYHAND_CROSS_$*)gcc \
		LDFLAGS='$(BYHAND_LDFLAGS)' build/dyn-$*/kxtool
build/dyn-%/shim.so: tests/fault/shim.c
	$(if $(BYHAND_CROSS_$*),,$(error build/dyn-$*/shim.so: one of: $(BYHAND_ARCHS)))
	@mkdir -p $(@D)
	$(BYHAND_CROSS_$*)gcc -shared -fPIC -O1 -g -Wall -Wextra -o $@ $< -ldl
.SECONDARY: $(BYHAND_ARCHS:%=build/dyn-%/shim.so)
.PHONY: byhand-build
# ==== end of tests/byhand.test's block ====
