# Raw kexec on other architectures (x86_64, arm64): loadem loads a few bytes
# of code of our own (tests/payloads/ARCH.S) into a running Debian kernel
# under qemu and reboots into it; the payload prints a marker and stops
# qemu. Shown by the machine, not assumed: the marker can only come from the
# payload, and qemu's exit status only from the payload's exit path.
#
# Source it after lib.sh (for the cpio helpers).
#
#   xa_start TEST ARCH       SKIP or FAIL unless ARCH's guest can run here
#   xa_boot NAME INIT-BODY [SRC:DEST...]
#                            boot ARCH's guest with /init running INIT-BODY,
#                            and these files in its root
#   xa_expect CASE LINE      PASS if the last boot printed LINE exactly
#   xa_grep CASE ERE         PASS if the last boot printed a line matching ERE
#   xa_exited CASE           PASS if qemu's status is the payload's ($XA_OFF)

XA_IMG=$KXCACHE/xarch

xa_setup() {	# ARCH: the variables for one architecture
	XA_ARCH=$1
	XA_GUEST=$KXCACHE/$1
	case $1 in
	amd64)
		XA_CROSS=
		XA_AS="as --64"
		XA_OBJCOPY=objcopy
		XA_QEMU="qemu-system-x86_64 -M q35 -smp 2 -m 1G -device isa-debug-exit,iobase=0xf4,iosize=4"
		XA_CONSOLE=ttyS0
		XA_PAYLOAD=x86_64
		# 48 MiB: RAM on q35, above the kernel's default load address.
		XA_ADDR=0x3000000
		XA_OFF=33	# isa-debug-exit: (0x10 << 1) | 1
		XA_WRONG=aarch64 ;;
	arm64)
		XA_CROSS=aarch64-linux-gnu-
		XA_AS=aarch64-linux-gnu-as
		XA_OBJCOPY=aarch64-linux-gnu-objcopy
		XA_QEMU="qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -m 1G"
		XA_CONSOLE=ttyAMA0
		XA_PAYLOAD=arm64
		# RAM on virt starts at 0x40000000; the kernel sits at its bottom.
		XA_ADDR=0x50000000
		XA_OFF=0	# PSCI SYSTEM_OFF: qemu exits cleanly
		XA_WRONG=x86_64 ;;
	esac
	XA_KXTOOL=$TOP/build/xa-$1/kxtool
	XA_QEMU="$XA_QEMU -display none -nodefaults -nic none -serial stdio -no-reboot"
}

xa_missing() {
	for t in ${XA_QEMU%% *} ${XA_AS%% *} $XA_OBJCOPY ${XA_CROSS}gcc cpio; do
		command -v "$t" >/dev/null 2>&1 || { echo "no $t (scripts/setup host)"; return; }
	done
	[ -f "$XA_GUEST/vmlinuz" ] || { echo "no $XA_GUEST/vmlinuz (scripts/setup $XA_ARCH)"; return; }
	[ -x "$XA_GUEST/busybox/bin/busybox" ] || echo "no $XA_ARCH busybox (scripts/setup $XA_ARCH)"
}

# kxtool built statically for the guest, and the payload assembled. CC is
# given: a CC= on make check's command line reaches this make through
# MAKEFLAGS, and would build for the host.
xa_build() {
	make -s -C "$TOP" B="build/xa-$XA_ARCH" CROSS_COMPILE="$XA_CROSS" CC="${XA_CROSS}gcc" \
		"build/xa-$XA_ARCH/kxtool" >&2 || return 1
	mkdir -p "$XA_IMG/$XA_ARCH"
	$XA_AS -o "$XA_IMG/$XA_ARCH/payload.o" "$TOP/tests/payloads/$XA_PAYLOAD.S" &&
		$XA_OBJCOPY -O binary -j .text "$XA_IMG/$XA_ARCH/payload.o" "$XA_IMG/$XA_ARCH/payload.bin"
}

xa_start() {	# TEST ARCH
	xa_setup "$2"
	why=$(xa_missing)
	[ -z "$why" ] || { echo "SKIP: $1: $why"; return 1; }
	if ! xa_build 2>build.log; then
		echo "FAIL: $1: building kxtool or the payload for $XA_ARCH"
		sed 's/^/  /' build.log | tail -n 20
		return 1
	fi
}

# Boots ARCH's guest with an /init that sets up a rescue-shell environment,
# then runs BODY. Lines go to $XA_LOG; qemu's status is returned.
xa_boot() {	# NAME BODY [SOURCE:NAME-IN-GUEST...]
	XA_NAME=$1
	body=$2
	s=$XA_IMG/$XA_ARCH/root-$1.$$
	rm -rf "$s" && mkdir -p "$s/bin" "$s/proc" "$s/sys" || return 1
	cp "$XA_GUEST/busybox/bin/busybox" "$XA_KXTOOL" "$s/bin/" &&
		cp "$XA_IMG/$XA_ARCH/payload.bin" "$s/payload.bin" || return 1
	shift 2
	for f in "$@"; do
		cp -L "${f%%:*}" "$s/${f#*:}" || return 1
	done
	{
		echo '#!/bin/busybox sh'
		echo '/bin/busybox --install -s /bin'
		echo 'mount -t proc proc /proc; mount -t sysfs sysfs /sys'
		echo 'kxtool --install -s /bin'
		printf '%s\n' "$body"	# not echo: dash's takes \1 for an escape
		echo 'echo "XA: power off"; poweroff -f'
	} > "$s/init"
	chmod 755 "$s/init"
	{ e2e_cpio_console; e2e_cpio_dir "$s"; } > "$s.cpio"
	rm -rf "$s"
	mkdir -p "$E2E_LOGS"
	XA_LOG=$E2E_LOGS/xa-$XA_ARCH-$XA_NAME.log
	# shellcheck disable=SC2086
	{ timeout -k 5 "${XA_TIMEOUT:-90}" $XA_QEMU -kernel "$XA_GUEST/vmlinuz" -initrd "$s.cpio" \
		-append "console=$XA_CONSOLE quiet panic=-1 ${XA_APPEND:-}" </dev/null 2>&1
		echo "$?" > "$XA_LOG.rc"; } | tr -d '\r' > "$XA_LOG"
	XA_RC=$(cat "$XA_LOG.rc")
	rm -f "$s.cpio" "$XA_LOG.rc"
}

# PASS when the last boot printed a line that grep's FLAGS match to
# PATTERN, else FAIL and the log's tail.
xa_match() {	# CASE FLAGS PATTERN WHAT-WAS-MISSING
	if grep "$2" -- "$3" "$XA_LOG"; then
		echo "PASS: $1"
	else
		echo "FAIL: $1"
		xa_why "$4"
	fi
}

xa_expect() {	# CASE LINE
	xa_match "$1" -Fxq "$2" "no line \"$2\""
}

xa_grep() {	# CASE ERE
	xa_match "$1" -Eq "$2" "no line matching /$2/"
}

xa_why() {
	echo "  $1 in $XA_LOG; its last lines:"
	tail -n 12 "$XA_LOG" | sed 's/^/  | /'
}

xa_exited() {	# CASE
	if [ "$XA_RC" = "$XA_OFF" ]; then
		echo "PASS: $1"
	else
		echo "FAIL: $1"
		xa_why "qemu exited $XA_RC, not $XA_OFF (124: killed by the timeout)"
	fi
}

# The whole check for one architecture, two boots:
#  1. refusals first, each leaving the guest up, then load and reboot in
#     one command;
#  2. load in one command, reboot with a bare "loadem -x" in another.
xa_run() {	# ARCH TEST-NAME
	xa_start "$2" "$1" || return 0
	a=$XA_ADDR
	xa_boot oneshot "
loadem -a $((a + 1)) -e -f /payload.bin; echo \"XA: misaligned rc=\$?\"
loadem -t $XA_WRONG -a $a -e -f /payload.bin; echo \"XA: wrong arch rc=\$?\"
echo \"XA: still up, loaded=\$(cat /sys/kernel/kexec_loaded)\"
loadem -a $a -e -f /payload.bin -x; echo \"XA: loadem -x returned \$?\""
	xa_expect "$2: misaligned -a refused before the syscall" "XA: misaligned rc=1"
	xa_expect "$2: misaligned -a message" \
		"kxtool: loadem: segment start is not a multiple of the page size 0x1000 (-r): -a $((a + 1))"
	xa_expect "$2: wrong -t refused by the kernel" "XA: wrong arch rc=1"
	xa_grep "$2: wrong -t explained" "^kxtool: loadem: kexec_load: .*Invalid argument$"
	xa_expect "$2: guest still up, nothing loaded" "XA: still up, loaded=0"
	xa_expect "$2: payload ran (one command)" "KXTOOL-PAYLOAD $XA_PAYLOAD reached"
	xa_exited "$2: payload stopped qemu (one command)"
	xa_boot split "
loadem -a $a -e -f /payload.bin; echo \"XA: load rc=\$?\"
echo \"XA: loaded=\$(cat /sys/kernel/kexec_loaded)\"
loadem -x; echo \"XA: loadem -x returned \$?\""
	xa_expect "$2: load alone" "XA: load rc=0"
	xa_expect "$2: the load survives the command" "XA: loaded=1"
	xa_expect "$2: payload ran (loadem -x alone)" "KXTOOL-PAYLOAD $XA_PAYLOAD reached"
	xa_exited "$2: payload stopped qemu (loadem -x alone)"
}

# A real kernel, not a payload: arm64's Image booted through the a64wrap
# trampoline (v2wrap -A arm64), with the DT from fs2dt over the running
# kernel's own tree, as on ppc64. Stage 2 proves it: its command line
# carries a fresh marker, both CPUs are online (PSCI brought the second
# back), its initrd's payload has the right checksum, and its live DT shows
# the new bootargs.
XK_ENTRY=0x44000000	# the stub, then the DT at +0x40
XK_KERNEL=0x44200000	# booting.rst: a 2 MiB-aligned base
XK_INITRD=0x48000000

# Stage 2 of a real kernel: an initramfs whose /init reports what the
# host checks (XK2 lines), with a fresh payload; its size in $XK_SIZE and
# the payload's sum in $XK_SUM. An x86_64 kernel has no device tree.
xa_stage2() {
	s=$XA_IMG/$XA_ARCH/stage2.$$
	rm -rf "$s" && mkdir -p "$s/bin" "$s/proc" "$s/sys" || return 1
	cp "$XA_GUEST/busybox/bin/busybox" "$s/bin/"
	head -c 1048576 /dev/urandom > "$s/payload"
	XK_SUM=$(sha256sum < "$s/payload" | cut -d' ' -f1)
	cat > "$s/init" <<'EOS'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys
echo "XK2: cmdline $(cat /proc/cmdline)"
# The second CPU comes up a moment after init starts on a slow host.
i=0; while [ "$(cat /sys/devices/system/cpu/online)" != 0-1 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
echo "XK2: cpus online $(cat /sys/devices/system/cpu/online)"
echo "XK2: payload sha256 $(sha256sum < /payload | cut -d' ' -f1)"
[ -e /proc/device-tree ] && [ "$(tr -d '\0' < /proc/device-tree/chosen/bootargs)" = "$(cat /proc/cmdline)" ] &&
	echo "XK2: device tree bootargs = cmdline"
echo "XK2: power off"
poweroff -f
EOS
	chmod 755 "$s/init"
	{ e2e_cpio_console; e2e_cpio_dir "$s"; } > "$XA_IMG/$XA_ARCH/stage2.cpio"
	rm -rf "$s"
	XK_SIZE=$(stat -c %s "$XA_IMG/$XA_ARCH/stage2.cpio")
	XK_MARK=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	XK_CMD="console=$XA_CONSOLE quiet kx.mark=$XK_MARK"
}

# What stage 2 must have printed: its command line, both CPUs, the payload
# intact, the live tree's bootargs (not on x86_64), then its power-off.
xa_stage2_checks() {	# TEST-NAME
	xa_expect "$1: the new kernel's command line" "XK2: cmdline $XK_CMD"
	xa_expect "$1: both cpus online" "XK2: cpus online 0-1"
	xa_expect "$1: initrd payload intact" "XK2: payload sha256 $XK_SUM"
	[ "$XA_ARCH" = amd64 ] ||
		xa_expect "$1: device tree bootargs" "XK2: device tree bootargs = cmdline"
	xa_expect "$1: stage 2 powered off" "XK2: power off"
	# A kernel's power-off exits qemu with 0, whatever the payload's does.
	off=$XA_OFF
	XA_OFF=0
	xa_exited "$1: qemu exited cleanly"
	XA_OFF=$off
}

xa_kernel_run() {	# TEST-NAME
	xa_start "$1" arm64 || return 0
	xa_stage2 || return 1
	img=$XA_GUEST/vmlinuz
	# The Image header's image_size (offset 16) covers its bss too: the
	# segment's memsz must, so -z adds what the file lacks.
	need=$(od -An -tu8 -j16 -N8 "$img" | tr -d ' ')
	zeros=$((need - $(stat -Lc %s "$img")))
	xa_boot kernel "
v2wrap -A arm64 -o /a64wrap.bin || echo 'XK1: v2wrap failed'
fs2dt -b $((XK_ENTRY + 0x40)) -c '$XK_CMD' -i $XK_INITRD,$XK_SIZE /sys/firmware/devicetree/base |
	loadem -a $XK_ENTRY -e -f /a64wrap.bin -s -a $XK_KERNEL -c 0x40 -f /Image -z $zeros \\
		-a $XK_INITRD -f /stage2.cpio -x
echo \"XK1: loadem returned \$?\"" "$img:Image" "$XA_IMG/arm64/stage2.cpio:stage2.cpio"
	xa_stage2_checks "$1"
}

# kxtool's kexec with the kernel file as Debian ships it (/boot/vmlinuz-*:
# arm64's Image, x86_64's bzImage), the default -a: x86_64 loads through
# kexec_file_load, arm64 (no kexec_file_load in Debian's kernel) falls back
# to kexec_load, planned by kexec.
xa_kexec_run() {	# ARCH TEST-NAME
	xa_start "$2" "$1" || return 0
	xa_stage2 || return 1
	xa_boot kexec "
kexec -l /vmlinuz --initrd=/stage2.cpio --append='$XK_CMD'; echo \"XK1: kexec -l returned \$?\"
kexec -e; echo \"XK1: kexec -e returned \$?\"" "$XA_GUEST/vmlinuz:vmlinuz" \
		"$XA_IMG/$1/stage2.cpio:stage2.cpio"
	xa_expect "$2: kexec -l" "XK1: kexec -l returned 0"
	xa_stage2_checks "$2"
}

xa_compat_run() {	# TEST-NAME
	xa_start "$1" amd64 || return 0
	have i686-linux-gnu-gcc || { echo "SKIP: $1: no i686-linux-gnu-gcc (scripts/setup host)"; return 0; }
	if ! make -s -C "$TOP" cross-kxtool ARCH=i386 >build-i386.log 2>&1; then
		echo "FAIL: $1: building the i386 kxtool"
		sed 's/^/  /' build-i386.log | tail -n 20
		return 0
	fi
	XA_KXTOOL=$TOP/build/i386/kxtool
	a=$XA_ADDR
	xa_boot compat "
echo \"XA: kxtool ELF class \$(od -An -tu1 -j4 -N1 /bin/kxtool | tr -d ' ')\"
loadem -a $a -e -f /payload.bin; echo \"XA: no -t rc=\$?\"
echo \"XA: still up, loaded=\$(cat /sys/kernel/kexec_loaded)\"
loadem -t x86_64 -a $a -e -f /payload.bin -x; echo \"XA: loadem -x returned \$?\""
	XA_KXTOOL=$TOP/build/xa-$XA_ARCH/kxtool
	xa_expect "$1: the guest runs the 32-bit kxtool (ELFCLASS32)" "XA: kxtool ELF class 1"
	xa_expect "$1: no -t: the kernel refuses, exit 1" "XA: no -t rc=1"
	xa_expect "$1: no -t: loadem says a 32-bit kxtool must name the arch" \
		"kxtool: loadem: kexec_load: a 32-bit kxtool must name the arch with -t: Invalid argument"
	xa_expect "$1: guest still up, nothing loaded" "XA: still up, loaded=0"
	xa_expect "$1: -t x86_64: payload ran" "KXTOOL-PAYLOAD $XA_PAYLOAD reached"
	xa_exited "$1: -t x86_64: payload stopped qemu"
}

# x86_64 under lockdown=integrity: kexec_load is out, and kexec_file_load
# takes only a kernel whose signature checks against the running kernel's
# keys. Debian's vmlinuz is signed for Secure Boot (shim's Debian CA);
# without UEFI the platform keyring is empty and the built-in one holds
# only the build's own module key, so the running kernel cannot check it:
# refused (EPERM, "kexec of unsigned images is restricted"), explained,
# exit 3, nothing loaded.
xa_lockdown_run() {	# TEST-NAME
	xa_start "$1" amd64 || return 0
	xa_stage2 || return 1
	XA_APPEND=lockdown=integrity xa_boot lockdown "
mount -t securityfs securityfs /sys/kernel/security
echo \"XK1: lockdown \$(cat /sys/kernel/security/lockdown)\"
kexec -s -l /vmlinuz --initrd=/stage2.cpio --append='$XK_CMD'; echo \"XK1: kexec -s returned \$?\"
echo \"XK1: kexec_loaded \$(cat /sys/kernel/kexec_loaded)\"
dmesg | grep 'Lockdown: kexec' | sed 's/^.*Lockdown/XK1: the kernel: Lockdown/'" \
		"$XA_GUEST/vmlinuz:vmlinuz" "$XA_IMG/amd64/stage2.cpio:stage2.cpio"
	xa_expect "$1: booted with lockdown=integrity" "XK1: lockdown none [integrity] confidentiality"
	xa_expect "$1: Debian's signed vmlinuz refused by kexec_file_load, exit 3" "XK1: kexec -s returned 3"
	xa_grep "$1: explained" "^kxtool: kexec: kexec_file_load: not permitted: kernel lockdown .*signature did not check.*: Operation not permitted$"
	xa_grep "$1: the kernel says why" "^XK1: the kernel: Lockdown: kexec: kexec of unsigned images is restricted"
	xa_expect "$1: nothing loaded" "XK1: kexec_loaded 0"
}

# kdump on x86_64 and arm64: stage 1, booted with crashkernel=, loads a
# crash kernel (HOW: kexec, kexec -p; explicit, the README's arm64 recipe),
# writes a fresh marker to the kernel log and panics; the crash kernel's
# /init (XC2 lines) reads /proc/vmcore with Debian's makedumpfile: the old
# kernel's log with the marker, a -d 31 -c dump, and its own memory.
xa_crash_image() {
	md=$XA_GUEST/makedumpfile
	s=$XA_IMG/$XA_ARCH/crash.$$
	rm -rf "$s" && mkdir -p "$s/bin" "$s/proc" "$s/sys" "$s/tmp" "$s/dev" || return 1
	cp "$XA_GUEST/busybox/bin/busybox" "$s/bin/"
	if [ -f "$md/.ready" ]; then
		for p in "$md"/*/; do cp -a "$p"/. "$s/" || return 1; done
	fi
	rm -rf "$s/usr/share"
	cat > "$s/init" <<'EOS'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t tmpfs tmpfs /tmp
mount -t devtmpfs devtmpfs /dev
export LD_LIBRARY_PATH=$(ls -d /lib/*-linux-gnu /usr/lib/*-linux-gnu 2>/dev/null | tr '\n' :)
export PATH=$PATH:/usr/sbin:/usr/bin	# Debian's makedumpfile is /usr/sbin's
mark=$(sed -n 's/.*kx.mark=\([0-9a-f]*\).*/\1/p' /proc/cmdline)
echo "XC2: vmcore $([ -e /proc/vmcore ] && echo present || echo missing)"
if command -v makedumpfile >/dev/null; then
	makedumpfile --dump-dmesg /proc/vmcore /tmp/dmesg > /tmp/md.log 2>&1
	echo "XC2: makedumpfile --dump-dmesg status $?"
	grep -q "KX-MARK $mark" /tmp/dmesg && echo "XC2: the old kernel's log holds the marker"
	makedumpfile -d 31 -c /proc/vmcore /tmp/dump >> /tmp/md.log 2>&1
	echo "XC2: makedumpfile -d 31 -c status $?"
	sed 's/^/XC2: makedumpfile said: /' /tmp/md.log | tail -n 6
fi
echo "XC2: memory $(awk '/^MemTotal/ { print $2 }' /proc/meminfo) kB"
echo "XC2: power off"
poweroff -f
EOS
	chmod 755 "$s/init"
	{ e2e_cpio_console; e2e_cpio_dir "$s"; } > "$XA_IMG/$XA_ARCH/crash.cpio"
	rm -rf "$s"
}

# The README's arm64 recipe: the crash region [B, E) from /proc/iomem; the
# Image at B, two pages left for the kernel, the stub and the tree, the
# core header, the initrd; the tree keeps the kernel to the region (-U)
# and says where the header is (-e).
XC_EXPLICIT='
set -- $(sed -n "s/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : Crash kernel$/\1 \2/p" /proc/iomem)
B=$((0x$1)) E=$((0x$2 + 1))
hex() { printf "0x%x" "$1"; }
need=$(od -An -tu8 -j16 -N8 /vmlinuz | tr -d " ")
ENTRY=$((B + (need + 0xffff) / 0x10000 * 0x10000 + 0x2000))
HDR=$((ENTRY + 0x100000)) INITRD=$((ENTRY + 0x110000))
v2wrap -A arm64 -o /a64wrap.bin &&
corehdr -c $(hex $B),$(hex $((E - B))) -o /core.hdr &&
fs2dt -b $(hex $((ENTRY + 0x40))) -c "$CMD elfcorehdr=$(hex $HDR)" \
	-i $(hex $INITRD),$(stat -c %s /crash.cpio) -U $(hex $B),$(hex $((E - B))) \
	-e $(hex $HDR),$(stat -c %s /core.hdr) /sys/firmware/devicetree/base |
loadem -p -a $(hex $ENTRY) -e -f /a64wrap.bin -s -a $(hex $B) -c 0x40 -f /vmlinuz \
	-z $((need - $(stat -c %s /vmlinuz))) -a $(hex $HDR) -f /core.hdr -a $(hex $INITRD) -f /crash.cpio
'

xa_kdump_run() {	# ARCH HOW TEST-NAME
	xa_start "$3" "$1" || return 0
	xa_crash_image || { echo "FAIL: $3: cannot build the crash kernel's initramfs"; return 0; }
	mark=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	cmd="console=$XA_CONSOLE maxcpus=1 reset_devices kx.mark=$mark"
	load="kexec -p /vmlinuz --initrd=/crash.cpio --append='$cmd'"
	[ "$2" = explicit ] && load="CMD='$cmd'; $XC_EXPLICIT"
	XA_TIMEOUT=180 XA_APPEND=crashkernel=256M xa_boot "kdump-$2" "
$load
echo \"XC1: crash kernel loaded \$(cat /sys/kernel/kexec_crash_loaded)\"
mount -t devtmpfs devtmpfs /dev
echo \"KX-MARK $mark\" > /dev/kmsg
echo c > /proc/sysrq-trigger" "$XA_GUEST/vmlinuz:vmlinuz" "$XA_IMG/$1/crash.cpio:crash.cpio"
	xa_expect "$3: crash kernel loaded" "XC1: crash kernel loaded 1"
	xa_expect "$3: the crash kernel's /init runs, /proc/vmcore there" "XC2: vmcore present"
	# Without Debian's makedumpfile (scripts/setup could not reach the
	# archive, and said so) its checks are named as not run, not counted.
	if [ -f "$XA_GUEST/makedumpfile/.ready" ]; then
		xa_expect "$3: makedumpfile reads the old kernel's log" \
			"XC2: makedumpfile --dump-dmesg status 0"
		xa_expect "$3: the marker written before the panic is in it" \
			"XC2: the old kernel's log holds the marker"
		xa_expect "$3: makedumpfile -d 31 -c writes a dump" "XC2: makedumpfile -d 31 -c status 0"
	else
		echo "NOTE: $3: no makedumpfile (scripts/setup $1): its three checks did not run"
	fi
	mem=$(sed -n 's/^XC2: memory \([0-9]*\) kB$/\1/p' "$XA_LOG" | head -n 1)
	check "$3: the crash kernel's memory under 256 MiB ($mem kB)" "[ -n \"$mem\" ] && [ $mem -lt 262144 ]"
	off=$XA_OFF
	XA_OFF=0
	xa_exited "$3: the crash kernel powered off"
	XA_OFF=$off
}
