# Shared by the qemu tests (tests/e2e/*.test), make demo, make soak and
# make bench: build the ppc64le guest, boot it, read what it printed.
#
# Source it; it uses $TOP (the checkout) and $KXCACHE (default
# ~/.cache/kxtool).
#
#   e2e_start TEST APPLET...    SKIP or FAIL unless the guest can run here
#   e2e_scenario SCN HOW NAME   one boot of scenario SCN, kexecs made as HOW
#                               says, every later stage's report checked
#   e2e_boot NAME APPEND [TIMEOUT] [INITRD]
#                               boots, logging to $E2E_LOG, linked as
#                               $E2E_LOGS/NAME.log
#   e2e_expect CASE LINE        PASS if the last boot printed LINE exactly
#   e2e_latency                 the last boot's first kexec, timed
#
# The guest is Debian's ppc64el kernel under qemu-system-ppc64 -M pseries,
# -smp 4 -m 2G, headless, no network, with a hard timeout. One /init
# (tests/e2e/guest-init) serves every stage of every scenario; the kernel
# command line says which (kx.scn, kx.how, kx.stage), so one stage-1 image
# is built once and booted by every test.
#
# Every console line is stamped with the host's clock when it reaches the
# host ("SECONDS.MICROS text"). The guest's own clock restarts with each
# kernel, so only the host's can measure across a kexec.

: "${TOP:?set TOP to the checkout}"
: "${KXCACHE:=$HOME/.cache/kxtool}"
E2E_GUEST=$KXCACHE/ppc64el
E2E_IMG=$KXCACHE/e2e
E2E_LOGS=$KXCACHE/logs
E2E_KXTOOL=$TOP/build/ppc64le/kxtool
E2E_MUSL_SPECS=/usr/lib/powerpc64le-linux-musl/musl-gcc.specs
export TOP KXCACHE

# E2E_QEMU_EXTRA adds qemu options, for a diagnosis (say, -monitor
# unix:/tmp/mon,server,nowait to look at a stuck CPU's registers).
#
# The firmware: QEMU's own minimal Open Firmware (VOF, x-vof=on) reaches the
# guest's /init in under 3 s, SLOF in about 7 s; nothing after the kexec
# depends on it. E2E_FW=slof boots SLOF, the default pseries firmware (the
# fixture tree was captured under it). The spectre caps are set to what TCG
# provides, which only silences four warnings per boot.
e2e_qemu() {
	m=pseries,x-vof=on
	[ "${E2E_FW:-vof}" = slof ] && m=pseries
	echo "qemu-system-ppc64 -M $m,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off" \
		"-smp 4 -m 2G -display none -nodefaults -nic none -serial stdio -no-reboot" \
		"${E2E_QEMU_EXTRA:-}"
}

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
	sed -n 's/^APPLET(\([a-z0-9_]*\)).*/\1/p' "$TOP/applets/lib/applets.def" > "$E2E_IMG/applets.tmp"
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

# The images; tests/e2e/guest-init says what each file in them is for.
e2e_images() {
	inputs="$E2E_KXTOOL $E2E_GUEST/vmlinux.bin $TOP/tests/e2e/guest-init $TOP/tests/e2e/lib.sh"
	[ -f "$E2E_GUEST/makedumpfile/.ready" ] && inputs="$inputs $E2E_GUEST/makedumpfile/.ready"
	stale=
	for f in $inputs; do
		[ "$E2E_IMG/stage1.cpio" -nt "$f" ] || stale=1
	done
	[ -z "$stale" ] && return 0
	e2e_log "building the guest images in $E2E_IMG"
	s=$E2E_IMG/staging
	rm -rf "$s" && mkdir -p "$s" && e2e_rootfs "$s/base" || return 1
	# Random bytes, made once: a test running while another run rebuilds
	# the images still expects the same checksum.
	if [ ! -f "$E2E_IMG/payload" ] || [ ! -f "$E2E_IMG/payload.sha256" ]; then
		head -c 1048576 /dev/urandom > "$E2E_IMG/payload.tmp"
		sha256sum < "$E2E_IMG/payload.tmp" | cut -d' ' -f1 > "$E2E_IMG/payload.sha256.tmp"
		mv "$E2E_IMG/payload.tmp" "$E2E_IMG/payload"
		mv "$E2E_IMG/payload.sha256.tmp" "$E2E_IMG/payload.sha256"
	fi
	cp "$E2E_IMG/payload" "$s/base/payload" || return 1
	{ e2e_cpio_console; e2e_cpio_dir "$s/base"; } > "$s/initrd.cpio" || return 1
	# The gzip stream must end off a 4-byte boundary for -4 to matter; a
	# NUL after it is skipped by the kernel's unpacker.
	gzip -1 -n < "$s/initrd.cpio" > "$s/initrd.cpio.gz"
	[ $(($(stat -c %s "$s/initrd.cpio.gz") % 4)) = 0 ] && printf '\0' >> "$s/initrd.cpio.gz"
	mkdir -p "$s/extra/extra"
	echo "from the second archive" > "$s/extra/extra/hello"
	e2e_cpio_dir "$s/extra" > "$s/extra.cpio" || return 1
	mkdir "$s/twice"
	cp "$E2E_GUEST/vmlinux.bin" "$s/initrd.cpio" "$s/twice/"
	{ cat "$s/initrd.cpio"; e2e_cpio_dir "$s/twice"; } > "$s/twice.cpio" || return 1
	# Stage 1: the base, the kernel, and the archives above.
	cp "$s/twice.cpio" "$E2E_IMG/twice.cpio"	# for the bench image
	mv "$s/initrd.cpio" "$s/initrd.cpio.gz" "$s/extra.cpio" "$s/twice.cpio" "$s/base/"
	cp "$E2E_GUEST/vmlinux.bin" "$s/base/"
	{ e2e_cpio_console; e2e_cpio_dir "$s/base"; } > "$E2E_IMG/stage1.cpio.tmp" || return 1
	# The kexec applet's image: the base and Debian's ELF vmlinux as
	# shipped; each stage packs its own root for the next (guest-init).
	e2e_rootfs "$s/kexec" && cp "$E2E_IMG/payload" "$s/kexec/payload" &&
		cp -L "$E2E_GUEST/vmlinux" "$s/kexec/vmlinux" || return 1
	{ e2e_cpio_console; e2e_cpio_dir "$s/kexec"; } > "$E2E_IMG/kexec1.cpio" || return 1
	mv "$E2E_IMG/stage1.cpio.tmp" "$E2E_IMG/stage1.cpio"
	e2e_kdump_images "$s" || return 1
	rm -rf "$s"
}

# The kdump images: crash.cpio, the crash kernel's initramfs (the base,
# and Debian's makedumpfile with the libraries it loads when scripts/setup
# ppc64el could fetch them), and kdump1.cpio, the kexec image with
# /crash.cpio in it.
e2e_kdump_images() {	# STAGING
	md=$E2E_GUEST/makedumpfile
	e2e_rootfs "$1/crash" || return 1
	for p in "$md"/*/; do
		[ -f "$md/.ready" ] || break
		cp -a "$p"/. "$1/crash/" || return 1
	done
	rm -rf "$1/crash/usr/share"
	{ e2e_cpio_console; e2e_cpio_dir "$1/crash"; } > "$1/kexec/crash.cpio" &&
	{ e2e_cpio_console; e2e_cpio_dir "$1/kexec"; } > "$E2E_IMG/kdump1.cpio"
}

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

# Boots stage1.cpio (or INITRD) with APPEND after console=hvc0. Every
# console line goes to this boot's own log, $E2E_LOG, stamped; once qemu is
# gone it is also linked as $E2E_LOGS/NAME.log, the latest of that name. (Two
# test runs sharing the cache never read each other's logs.) With
# E2E_SHOW=1 the lines are shown as they come. Returns qemu's status: 0 when
# the guest powered off, 124 when the timeout killed it.
e2e_boot() {	# NAME APPEND [TIMEOUT-SECONDS] [INITRD]
	initrd=${4:-$E2E_IMG/stage1.cpio}
	mkdir -p "$E2E_LOGS"
	E2E_LOG=$E2E_LOGS/$1.$$.log
	E2E_PRIVATE="${E2E_PRIVATE:-} $E2E_LOG"
	printf '%s host: boot %s: %s -kernel %s -initrd %s -append "%s"\n' "$(date +%s.%6N)" \
		"$1" "$(e2e_qemu)" "$E2E_GUEST/vmlinux" "$initrd" "console=hvc0 $2" > "$E2E_LOG"
	# shellcheck disable=SC2046
	{ timeout -k 5 "${3:-120}" $(e2e_qemu) -kernel "$E2E_GUEST/vmlinux" -initrd "$initrd" \
		-append "console=hvc0 $2" </dev/null 2>&1; echo "$?" > "$E2E_LOG.rc"; } |
		e2e_stamp | if [ "${E2E_SHOW:-}" = 1 ]; then
			tee -a "$E2E_LOG" | e2e_show
		else
			cat >> "$E2E_LOG"
		fi
	rc=$(cat "$E2E_LOG.rc")
	rm -f "$E2E_LOG.rc"
	printf '%s host: qemu exited %s\n' "$(date +%s.%6N)" "$rc" >> "$E2E_LOG"
	ln -f "$E2E_LOG" "$E2E_LOGS/$1.log"
	return "$rc"
}

# How E2E_SHOW=1 shows the stamped lines; the demo narrates instead.
e2e_show() {
	cut -d' ' -f2-
}

# The private logs go when the test ends; the NAME.log links stay.
e2e_cleanup() {
	# shellcheck disable=SC2086
	[ -n "${E2E_PRIVATE:-}" ] && rm -f $E2E_PRIVATE
}

# The last boot's console text, stamps removed.
e2e_lines() {
	cut -d' ' -f2- "$E2E_LOG"
}

# PASS when the last boot printed LINE exactly, else FAIL and where to look.
e2e_expect() {	# CASE LINE
	if e2e_lines | grep -Fxq -- "$2"; then
		echo "PASS: $1"
	else
		echo "FAIL: $1"
		# What came instead: the lines that start the same way.
		e2e_lines | grep -F -- "${2% *}" | sed 's/^/  got: /' | head -n 5
		e2e_why "no line \"$2\""
	fi
}

e2e_why() {	# TEXT
	echo "  $1 in $E2E_LOGS/$E2E_NAME.log; its last lines:"
	e2e_lines | grep -v '^host: qemu exited' | tail -n 12 | sed 's/^/  | /'
}

# Lines in the log that mark the moments measured: the old kernel's last
# word, the new kernel's first (its earliest messages, stamped 0.000000,
# reach the console together when it registers its boot console) and /init.
E2E_REBOOT='kexec_core: Starting new kernel$'
E2E_FIRST='^\[ *0\.000000\] '
E2E_INIT='Run /init as init process$'

# The first kexec of the last boot, in milliseconds of the host's clock:
# "A B C D" = from the guest's "kexec now" (printed just before the
# pipeline or kexec -l runs) to the old kernel's "Starting new kernel"
# (printed inside reboot(LINUX_REBOOT_CMD_KEXEC)); from that line to the new
# kernel's first line; from it to the new kernel's "Run /init"; and the new
# kernel's own clock at that "Run /init" (its printk time). Nothing when the
# boot did not get that far.
e2e_latency() {
	awk -v reboot="$E2E_REBOOT" -v first="$E2E_FIRST" -v init="$E2E_INIT" '
		{ t = $1; sub(/^[^ ]* /, "") }
		!c && /^KX[0-9]+: kexec now$/ { c = t; next }
		c && !r && $0 ~ reboot { r = t; next }
		r && !f && $0 ~ first { f = t; next }
		f && $0 ~ init {
			k = $0; sub(/^\[ */, "", k); sub(/\].*/, "", k)
			printf "%d %d %d %d\n", (r - c) * 1000 + 0.5, (f - r) * 1000 + 0.5,
				(t - r) * 1000 + 0.5, k * 1000 + 0.5
			exit
		}' "$E2E_LOG"
}

# For a test: SKIP when the guest cannot be built here or an applet it needs
# has not landed, FAIL when building it fails. Returns 1 in both cases.
e2e_start() {	# TEST APPLET...
	t=$1
	shift
	trap e2e_cleanup EXIT
	why=$(e2e_missing)
	[ -z "$why" ] || { echo "SKIP: $t: $why"; return 1; }
	if ! e2e_prepare 2>build.log; then
		echo "FAIL: $t: building the guest"
		sed 's/^/  /' build.log | tail -n 20
		return 1
	fi
	for a in "$@"; do
		e2e_have_applets "$a" || { echo "SKIP: $t: no $a applet in kxtool yet"; return 1; }
	done
}

# One boot, checked: the guest kexecs once per method in HOW (a comma
# list, see guest-init), each later stage prints its report, and the last
# one powers off.
e2e_scenario() {	# SCENARIO HOW NAME
	E2E_NAME=$3
	mark=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	args="kx.scn=$1 kx.how=$2"
	last=$(($(echo "$2" | tr ',' '\n' | grep -c .) + 1))
	e2e_boot "$3" "$args kx.mark=$mark" $((60 * last)) "${E2E_INITRD:-}"
	rc=$?
	st=2
	while [ "$st" -le "$last" ]; do
		# kexec-tools ends the command line it passes with a space.
		sp=
		[ "$(echo "$2" | cut -d, -f$((st - 1)))" = ktools ] && sp=" "
		e2e_report "$3: stage $st" "$st" "console=hvc0 $args kx.stage=$st kx.mark=$mark$sp"
		st=$((st + 1))
	done
	e2e_powered_off "$3" "$rc" "$last"
}

e2e_report() {	# CASE STAGE CMDLINE
	e2e_expect "$1: command line" "KX$2: cmdline $3"
	e2e_expect "$1: 4 cpus online" "KX$2: cpus online 0-3"
	e2e_expect "$1: initrd payload" "KX$2: payload sha256 $(cat "$E2E_IMG/payload.sha256")"
	e2e_expect "$1: device tree bootargs" "KX$2: device tree bootargs = cmdline"
}

e2e_powered_off() {	# CASE QEMU-STATUS STAGE
	if [ "$2" = 0 ] && e2e_lines | grep -Fxq "KX$3: power off"; then
		echo "PASS: $1: stage $3 powered off"
	else
		echo "FAIL: $1: stage $3 powered off"
		e2e_why "qemu exited $2 (124: killed by the timeout)"
	fi
}

# The bench image: stage1.cpio plus Debian's kexec-tools, its libc and the
# ELF vmlinux it loads (kexec-tools takes no raw image on ppc64), and
# /chain.cpio: twice.cpio with the same additions, so that stage 2 can
# kexec either way too.
e2e_ktools_image() {
	e2e_prepare && (
		flock 9
		e2e_ktools_cpio
	) 9>"$E2E_IMG/.lock"
}

e2e_ktools_cpio() {
	out=$E2E_IMG/ktools.cpio
	kt=$E2E_GUEST/kexec-tools
	[ -f "$kt/.ready" ] || { e2e_log "no kexec-tools in $kt (scripts/setup ppc64el)"; return 1; }
	[ "$out" -nt "$E2E_IMG/stage1.cpio" ] && return 0
	s=$E2E_IMG/staging-ktools
	rm -rf "$s" && mkdir -p "$s/sbin" "$s/lib64" "$s/lib/powerpc64le-linux-gnu" || return 1
	cp "$kt/kexec-tools/sbin/kexec" "$s/sbin/" &&
	cp "$kt/libc6/lib/powerpc64le-linux-gnu/ld64.so.2" "$s/lib64/" &&
	cp "$kt/libc6/lib/powerpc64le-linux-gnu/libc.so.6" "$s/lib/powerpc64le-linux-gnu/" &&
	cp "$E2E_GUEST/vmlinux" "$s/vmlinux" || return 1
	{ cat "$E2E_IMG/twice.cpio"; e2e_cpio_dir "$s"; } > "$E2E_IMG/chain.cpio" &&
	mv "$E2E_IMG/chain.cpio" "$s/" || return 1
	{ cat "$E2E_IMG/stage1.cpio"; e2e_cpio_dir "$s"; } > "$out.tmp" && mv "$out.tmp" "$out"
	rm -rf "$s"
}

# The bench image (make bench: tests/bench/kexec and kdump), bench.cpio:
# the kexec image's root (base, /payload, Debian's ELF /vmlinux), with
# /initrd.cpio (the base and /payload: the initramfs of the kernel that
# kexec boots), /crash.cpio (the crash kernel's, as kdump1.cpio's, with
# makedumpfile and its libraries when scripts/setup got them, else the base
# alone), Debian's kexec-tools as /sbin/kexec with its libc (kxtool's kexec
# is /bin/kexec), and /bin/kxtime (tests/bench/kxtime.c: a command's wall
# time, CPU time and peak RSS), built here, static against musl.
e2e_bench_image() {
	why=$(e2e_missing)
	[ -z "$why" ] || { e2e_log "$why"; return 1; }
	mkdir -p "$E2E_IMG" "$E2E_LOGS"
	(
		flock 9
		e2e_build_kxtool && e2e_bench_cpio
	) 9>"$E2E_IMG/.lock"
}

e2e_bench_cpio() {
	out=$E2E_IMG/bench.cpio
	kt=$E2E_GUEST/kexec-tools
	md=$E2E_GUEST/makedumpfile
	[ -f "$kt/.ready" ] || { e2e_log "no kexec-tools in $kt (scripts/setup ppc64el)"; return 1; }
	inputs="$E2E_KXTOOL $E2E_GUEST/vmlinux $TOP/tests/e2e/guest-init $TOP/tests/e2e/lib.sh
		$TOP/tests/bench/kxtime.c $kt/.ready"
	[ -f "$md/.ready" ] && inputs="$inputs $md/.ready"
	stale=
	for f in $inputs; do
		[ "$out" -nt "$f" ] || stale=1
	done
	# A crash.cpio built with makedumpfile, and makedumpfile gone since.
	[ -f "$md/.ready" ] || [ ! -f "$out.md" ] || stale=1
	[ -z "$stale" ] && return 0
	e2e_log "building the bench image $out"
	s=$E2E_IMG/staging-bench
	rm -rf "$s" && mkdir -p "$s" && e2e_rootfs "$s/bench" && e2e_rootfs "$s/next" &&
		e2e_rootfs "$s/crash" || return 1
	powerpc64le-linux-gnu-gcc -specs "$E2E_MUSL_SPECS" -static -Os -o "$s/bench/bin/kxtime" \
		"$TOP/tests/bench/kxtime.c" >&2 || { e2e_log "cannot build kxtime"; return 1; }
	[ -f "$E2E_IMG/payload" ] || head -c 1048576 /dev/urandom > "$E2E_IMG/payload"
	cp "$E2E_IMG/payload" "$s/bench/payload" && cp "$E2E_IMG/payload" "$s/next/payload" &&
		cp -L "$E2E_GUEST/vmlinux" "$s/bench/vmlinux" || return 1
	{ e2e_cpio_console; e2e_cpio_dir "$s/next"; } > "$s/bench/initrd.cpio" || return 1
	rm -f "$out.md"
	if [ -f "$md/.ready" ]; then
		for p in "$md"/*/; do
			cp -a "$p"/. "$s/crash/" || return 1
		done
		rm -rf "$s/crash/usr/share"
		touch "$out.md"
	fi
	{ e2e_cpio_console; e2e_cpio_dir "$s/crash"; } > "$s/bench/crash.cpio" || return 1
	mkdir -p "$s/bench/sbin" "$s/bench/lib64" "$s/bench/lib/powerpc64le-linux-gnu" &&
	cp "$kt/kexec-tools/sbin/kexec" "$s/bench/sbin/" &&
	cp "$kt/libc6/lib/powerpc64le-linux-gnu/ld64.so.2" "$s/bench/lib64/" &&
	cp "$kt/libc6/lib/powerpc64le-linux-gnu/libc.so.6" "$s/bench/lib/powerpc64le-linux-gnu/" ||
		return 1
	{ e2e_cpio_console; e2e_cpio_dir "$s/bench"; } > "$out.tmp" && mv "$out.tmp" "$out" || return 1
	rm -rf "$s"
}
