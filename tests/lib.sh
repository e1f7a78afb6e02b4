# Helpers for tests/*.test, in the toybox way. Source it, then one case a line:
#
#   testing "name" "command" "expected stdout" "input file" "stdin"
#
# The input file's text is written to ./input first. The strings take printf
# escapes (\n). Put 2>&1 or "; echo \$?" in the command to check stderr and
# the exit code as part of the output.

testing() {
	printf '%b' "$4" > input
	printf '%b' "$3" > expected
	printf '%b' "$5" | eval "$2" > actual
	if cmp -s expected actual; then
		echo "PASS: $1"
	else
		echo "FAIL: $1"
		echo "  command: $2"
		diff -u expected actual | sed -n '3,40s/^/  /p'
	fi
	rm -f input expected actual
}

# A case whose check is a shell condition: pass "name" "condition".
check() {
	if eval "$2"; then
		echo "PASS: $1"
	else
		echo "FAIL: $1"
		echo "  condition: $2"
	fi
}

skip() {
	echo "SKIP: $1: $2"
}

# Whether a command is installed.
have() {
	command -v "$1" >/dev/null 2>&1
}

# Ends the test with one SKIP (as NAME) unless every TOOL is installed.
need() {	# NAME TOOL...
	_name=$1
	shift
	for _tool; do
		have "$_tool" || { skip "$_name" "$_tool is not installed (scripts/setup host)"; exit 0; }
	done
}

# Makes TARGET (a build the test needs); a build that fails is the test's
# one failure, NAME, shown with the end of its log, and ends the test.
make_or_fail() {	# TARGET NAME
	make -s -C "$TOP" --no-print-directory "$1" >build.log 2>&1 && return 0
	echo "FAIL: $2"
	tail -n 20 build.log | sed 's/^/  /'
	exit 0
}

# This machine's byte order: "little-endian" or "big-endian".
host_order() {
	if [ "$(printf '\001\000' | od -An -tu2 | tr -d ' ')" = 1 ]; then
		echo little-endian
	else
		echo big-endian
	fi
}

# Whether CAP_SYS_BOOT (capability 22) is in FIELD of /proc/self/status
# (CapBnd, CapAmb, ...): 1 or 0. The sed that reads the file is a child of
# this shell and has its sets (the bounding and ambient sets are inherited).
sys_boot_in() {	# FIELD
	echo $((0x$(sed -n "s/^$1:[[:space:]]*//p" /proc/self/status) >> 22 & 1))
}

# A usage error: APPLET ARGS ends in MESSAGE and the pointer to --help on
# standard error, exit 2, no byte on standard output.
usage_fails() {	# APPLET NAME "ARGS" MESSAGE
	testing "$2" "$1 $3 2>&1 >u.out; echo \$?; wc -c < u.out" \
		"kxtool: $1: $4\nTry 'kxtool $1 --help'.\n2\n0\n" "" ""
}

# An fs2dt run that must fail on DIR (after ARGS): MESSAGE, exit 1, no byte
# on standard output, and no -o FILE or temporary file left; under timeout,
# so that one that hangs (a FIFO, a huge read) fails too.
fs2dt_fails() {	# NAME "[ARGS] DIR" MESSAGE
	rm -f f.dtb f.dtb.*
	testing "$1" "timeout 60 fs2dt -o f.dtb $2 2>&1 >f.out; echo \$?; wc -c < f.out; ls f.dtb* 2>/dev/null" \
		"kxtool: fs2dt: $3\n1\n0\n" "" ""
}

# ---- device trees, as independent tools read them (dtc, fdtdump) ----
# The tree as dtc decompiles it, sorted, without the reserve map; FORMAT is
# dtb for a blob, fs for a directory.
dts() {	# FORMAT FILE
	dtc -I "$1" -O dts -s "$2" 2>/dev/null | grep -v '^/memreserve/'
}
# One line per property, "PATH:NAME = VALUE;", sorted, from a DTB.
props() {	# DTB
	dts dtb "$1" | awk '
		/^\/dts-v1\/;|^[ \t]*$/ { next }
		/ {$/ { path = $1 == "/" ? "/" : (path == "/" ? "" : path) "/" $1; stack[++d] = path; next }
		/^[ \t]*};$/ { path = stack[--d]; next }
		{ sub(/^[ \t]+/, ""); print path ":" $0 }' | LC_ALL=C sort
}
# The reserve map, "/memreserve/ ADDR SIZE;" a line, in the blob's order.
reserves() {	# DTB
	fdtdump "$1" 2>/dev/null | grep '^/memreserve/'
}
# A header field as fdtdump shows it (version, totalsize, boot_cpuid_phys...).
header() {	# DTB FIELD
	fdtdump "$1" 2>/dev/null | sed -n "s|^// $2:[[:space:]]*||p"
}

# Whether this kxtool plans kexec_load itself (kexec built, ppc64 or arm64):
# only then do fs2dt read DTB files and take -u/-U/-e, v2wrap take an ELF
# vmlinux and -S, loadem take -F (KX_PLANS, applets/lib/kxtool.h). Asked of
# the first of these applets the build has (make APPLETS= may leave some out).
plans() {
	for probe in "fs2dt -U 0,1 ." "v2wrap -l -S 0x10000" "loadem -n -F 0,1,x"; do
		"$KXTOOL" --list | grep -qx "${probe%% *}" || continue
		# shellcheck disable=SC2086
		! "$KXTOOL" $probe 2>&1 | grep -q 'unknown option'
		return
	done
	return 1
}
