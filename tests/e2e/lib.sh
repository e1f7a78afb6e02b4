# Shared by the qemu tests (tests/e2e/*.test), make demo, make soak and
# make bench: build the ppc64le guest, boot it, read what it printed.
#
# Source it after setting nothing; it uses $TOP (the checkout; guessed from
# this file's place when unset) and $KXCACHE (default ~/.cache/kxtool).
#
#   e2e_missing             prints why the guest cannot be built, or nothing
#   e2e_prepare             ppc64le kxtool, vmlinux.bin, the images: cached
#   e2e_boot NAME APPEND [TIMEOUT]
#                           boots the stage-1 image, log in $E2E_LOGS/NAME.log
#   e2e_lines NAME          the console text of that boot, stamps removed
#
# The guest is Debian's ppc64el kernel under qemu-system-ppc64 -M pseries,
# -smp 4 -m 2G, headless, no network, with a hard timeout. One /init
# (tests/e2e/guest-init) serves every stage of every scenario; the kernel
# command line says which (kx.scn=NAME kx.stage=N), so one stage-1 image is
# built once and booted by every test.
#
# Every console line is stamped with the host's clock when it reaches the
# host ("SECONDS.MICROS text"). The guest's own clock restarts with each
# kernel, so only the host's can measure across a kexec.

: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KXCACHE:=$HOME/.cache/kxtool}"
E2E_GUEST=$KXCACHE/ppc64el
E2E_IMG=$KXCACHE/e2e
E2E_LOGS=$KXCACHE/logs
E2E_KXTOOL=$TOP/build/ppc64le/kxtool
E2E_MUSL_SPECS=/usr/lib/powerpc64le-linux-musl/musl-gcc.specs
export TOP KXCACHE

# The firmware: QEMU's own minimal Open Firmware (VOF, x-vof=on) reaches the
# guest's /init in under 3 s, SLOF in about 7 s; nothing after the kexec
# depends on it. E2E_FW=slof boots SLOF, the default pseries firmware (the
# fixture tree was captured under it). The spectre caps are set to what TCG
# provides, which only silences four warnings per boot.
case ${E2E_FW:-vof} in
slof) E2E_MACHINE=pseries ;;
*) E2E_MACHINE=pseries,x-vof=on ;;
esac
E2E_QEMU="qemu-system-ppc64 -M $E2E_MACHINE,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off
	-smp 4 -m 2G -display none -nodefaults -nic none -serial stdio -no-reboot"

e2e_log() { printf 'e2e: %s\n' "$*" >&2; }

e2e_missing() {
	for t in qemu-system-ppc64 powerpc64le-linux-gnu-gcc powerpc64le-linux-gnu-objcopy \
		cpio bash flock sha256sum; do
		command -v "$t" >/dev/null 2>&1 || { echo "no $t (scripts/setup host)"; return; }
	done
	[ -f "$E2E_MUSL_SPECS" ] || { echo "no $E2E_MUSL_SPECS (musl-dev:ppc64el)"; return; }
	[ -f "$E2E_GUEST/vmlinux" ] || { echo "no $E2E_GUEST/vmlinux (scripts/setup ppc64el)"; return; }
	[ -x "$E2E_GUEST/busybox/bin/busybox" ] || echo "no ppc64el busybox (scripts/setup ppc64el)"
}

# Whether every applet a scenario needs is in the ppc64le kxtool.
e2e_have_applets() {	# APPLET...
	for a in "$@"; do
		grep -qx "$a" "$E2E_IMG/applets" 2>/dev/null || return 1
	done
}

# A newc cpio archive, on stdout, holding only /dev and /dev/console (5,1).
# Without a console node the guest's /init has no stdin/stdout. Written by
# hand so that no mknod, and so no root, is needed; the kernel unpacks
# concatenated archives one after the other.
e2e_cpio_console() {
	e2e_cpio_entry dev 41ed 0 0
	e2e_cpio_entry dev/console 2180 5 1
	e2e_cpio_entry TRAILER!!! 0 0 0
}

e2e_cpio_entry() {	# NAME MODE-HEX RDEVMAJOR RDEVMINOR
	n=$((${#1} + 1))
	# 110-byte header: magic, then 13 eight-digit hex fields; name, NUL,
	# padding to 4 bytes (header + name). No data.
	printf '070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%s\0' \
		1 "0x$2" 0 0 1 0 0 0 0 "$3" "$4" "$n" 0 "$1"
	pad=$(( (4 - (110 + n) % 4) % 4 ))
	head -c "$pad" /dev/zero
}

# DIR's content as a newc archive on stdout: sorted, owned by root, no
# inode or mtime noise, so the same tree always gives the same bytes.
e2e_cpio_dir() {	# DIR
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --reproducible --quiet)
}

# The ppc64le kxtool, static against musl (glibc's static binary would do,
# but musl's is the one users are meant to put in an initramfs).
e2e_build_kxtool() {
	make -s -C "$TOP" B=build/ppc64le CROSS_COMPILE=powerpc64le-linux-gnu- \
		EXTRA_CFLAGS="-specs $E2E_MUSL_SPECS" build/ppc64le/kxtool >&2 ||
		{ e2e_log "cannot build $E2E_KXTOOL"; return 1; }
	# The applet list, for scenarios to check what has landed. The guest
	# binary cannot run here, so the names come from applets.def.
	sed -n 's/^APPLET(\([a-z0-9_]*\)).*/\1/p' "$TOP/applets/applets.def" > "$E2E_IMG/applets.tmp"
	mv "$E2E_IMG/applets.tmp" "$E2E_IMG/applets"
}

# The kernel made loadable: the bytes of vmlinux's one PT_LOAD, which starts
# at physical 0, as a raw image (its .bss is left out; the kernel clears it).
e2e_vmlinux_bin() {
	out=$E2E_GUEST/vmlinux.bin
	[ "$out" -nt "$E2E_GUEST/vmlinux" ] && return 0
	powerpc64le-linux-gnu-objcopy -O binary "$E2E_GUEST/vmlinux" "$out.tmp" &&
		mv "$out.tmp" "$out"
}

# Rebuilds the images when any input is newer than the stage-1 image.
# Several test runs may share one cache at once, hence the lock.
e2e_prepare() {
	why=$(e2e_missing)
	[ -z "$why" ] || { e2e_log "$why"; return 1; }
	mkdir -p "$E2E_IMG" "$E2E_LOGS"
	(
		flock 9
		e2e_build_kxtool && e2e_vmlinux_bin && e2e_images
	) 9>"$E2E_IMG/.lock"
}

# The images. guest-init reads them under these names:
#   /vmlinux.bin            the kernel, for stage 1 (and stage 2 in "twice")
#   /stage2.cpio            the initrd that stage 1 loads: busybox, kxtool, init,
#                           vmlinux.bin and stage3.cpio (for the second kexec),
#                           and a payload whose checksum stage 2 prints
#   /extra.cpio             a second archive joined to stage2.cpio with -4
#   /stage3.cpio            small: busybox, kxtool, init
e2e_images() {
	inputs="$E2E_KXTOOL $E2E_GUEST/vmlinux.bin $TOP/tests/e2e/guest-init $TOP/tests/e2e/lib.sh"
	stale=
	for f in $inputs; do
		[ "$E2E_IMG/stage1.cpio" -nt "$f" ] || stale=1
	done
	[ -z "$stale" ] && return 0
	e2e_log "building the guest images in $E2E_IMG"
	s=$E2E_IMG/staging
	rm -rf "$s" && mkdir -p "$s" || return 1
	e2e_rootfs "$s/base" || return 1
	# stage 3: the base only.
	{ e2e_cpio_console; e2e_cpio_dir "$s/base"; } > "$E2E_IMG/stage3.cpio" || return 1
	# The payload is random, so a stale or misplaced initrd cannot pass.
	cp -a "$s/base" "$s/two"
	head -c 1048576 /dev/urandom > "$s/two/payload"
	cp "$E2E_GUEST/vmlinux.bin" "$E2E_IMG/stage3.cpio" "$s/two/"
	{ e2e_cpio_console; e2e_cpio_dir "$s/two"; } > "$E2E_IMG/stage2.cpio" || return 1
	sha256sum < "$s/two/payload" | cut -d' ' -f1 > "$E2E_IMG/payload.sha256"
	# The archive joined to stage2.cpio by loadem -4: one file, one directory.
	mkdir -p "$s/extra/extra"
	echo "from the second archive" > "$s/extra/extra/hello"
	e2e_cpio_dir "$s/extra" > "$E2E_IMG/extra.cpio" || return 1
	# stage 1: the base, the kernel and the archives it loads.
	cp -a "$s/base" "$s/one"
	cp "$E2E_GUEST/vmlinux.bin" "$E2E_IMG/stage2.cpio" "$E2E_IMG/extra.cpio" "$s/one/"
	e2e_extra_stage1 "$s/one" || return 1
	{ e2e_cpio_console; e2e_cpio_dir "$s/one"; } > "$E2E_IMG/stage1.cpio.tmp" || return 1
	mv "$E2E_IMG/stage1.cpio.tmp" "$E2E_IMG/stage1.cpio"
	rm -rf "$s"
}

# Hook for make bench: more files in stage 1 (kexec-tools, the ELF vmlinux).
e2e_extra_stage1() { :; }

# What every stage holds: busybox, kxtool, the /init. The applet links are
# made at boot by `busybox --install -s` and `kxtool --install -s`, as in a
# rescue shell; the binaries cannot run on this host.
e2e_rootfs() {	# DIR
	mkdir -p "$1/bin" "$1/proc" "$1/sys" "$1/tmp" &&
	cp "$E2E_GUEST/busybox/bin/busybox" "$1/bin/busybox" &&
	cp "$E2E_KXTOOL" "$1/bin/kxtool" &&
	cp "$TOP/tests/e2e/guest-init" "$1/init" &&
	chmod 755 "$1/init" "$1/bin/busybox" "$1/bin/kxtool"
}

# Stamps each line of stdin with the host's clock. bash's EPOCHREALTIME has
# microseconds and costs no fork per line. A carriage return (hvc sends
# CRLF) is dropped.
e2e_stamp() {
	bash -c 'cr=$(printf "\r")
		while IFS= read -r l || [ -n "$l" ]; do
			printf "%s %s\n" "$EPOCHREALTIME" "${l%"$cr"}"
		done'
}

# Boots stage1.cpio with APPEND after console=hvc0. The log keeps every
# console line, stamped; with E2E_SHOW=1 the lines are shown as they come.
# Returns qemu's status (124: killed by the timeout).
e2e_boot() {	# NAME APPEND [TIMEOUT-SECONDS] [INITRD]
	log=$E2E_LOGS/$1.log
	initrd=${4:-$E2E_IMG/stage1.cpio}
	mkdir -p "$E2E_LOGS"
	printf '%s host: boot %s: %s\n' "$(date +%s.%6N)" "$1" "console=hvc0 $2" > "$log"
	# shellcheck disable=SC2086
	{ timeout -k 5 "${3:-90}" $E2E_QEMU -kernel "$E2E_GUEST/vmlinux" -initrd "$initrd" \
		-append "console=hvc0 $2" </dev/null 2>&1; echo "rc $?" > "$log.rc"; } |
		e2e_stamp | if [ "${E2E_SHOW:-}" = 1 ]; then tee -a "$log" | cut -d' ' -f2-; else cat >> "$log"; fi
	rc=$(cut -d' ' -f2 "$log.rc"); rm -f "$log.rc"
	printf '%s host: qemu exited %s\n' "$(date +%s.%6N)" "$rc" >> "$log"
	return "$rc"
}

e2e_lines() {	# NAME
	cut -d' ' -f2- "$E2E_LOGS/$1.log"
}

# PASS when the boot printed LINE exactly, else FAIL and where to look.
e2e_expect() {	# BOOT CASE LINE
	if e2e_lines "$1" | grep -Fxq -- "$3"; then
		echo "PASS: $2"
	else
		echo "FAIL: $2"
		echo "  no line \"$3\" in $E2E_LOGS/$1.log; its last lines:"
		e2e_lines "$1" | tail -n 15 | sed 's/^/  | /'
	fi
}

# The host time (seconds) of the first console line matching the ERE, after
# the line matching the ERE AFTER (or from the start).
e2e_when() {	# BOOT ERE [AFTER-ERE]
	awk -v re="$2" -v after="${3:-}" '
		{ t = $1; sub(/^[^ ]* /, "") }
		after != "" && !seen { if ($0 ~ after) seen = 1; next }
		$0 ~ re { print t; exit }' "$E2E_LOGS/$1.log"
}
