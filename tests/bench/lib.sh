# Shared by tests/bench/kexec and tests/bench/kdump (sourced, after
# tests/e2e/lib.sh): the guest's figures out of a stamped console log,
# medians, and how they are printed.

# The load's figures, from kxtime's line after "KX1: load" (see
# tests/bench/kxtime.c): "WALL USER SYS HWM ANON SHARED", times in ms,
# sizes in KiB (SHARED: the pages of mapped initramfs files and other
# files); nothing when the line is missing or the load failed.
bench_load() {	# LOG
	awk '{ sub(/^[^ ]* /, "") } /^KX1: load exit 0 / {
		for (i = 3; i < NF; i += 2) v[$i] = $(i + 1)
		printf "%d %d %d %d %d %d\n", v["wall"] * 1000 + 0.5, v["user"] * 1000 + 0.5,
			v["sys"] * 1000 + 0.5, v["hwm"], v["anon"], v["shmem"] + v["file"]
		exit
	}' "$1"
}

# From the host's stamp of the first line that is exactly START to the next
# kernel's first line (stamped 0.000000) and to its "Run /init": "FIRST
# INIT OWN" in ms, OWN the new kernel's own clock at /init; nothing when
# the log does not get that far.
bench_boot() {	# LOG START
	# The patterns through the environment: gawk's -v would eat their \.
	BENCH_A=$2 BENCH_F=$E2E_FIRST BENCH_I=$E2E_INIT awk '
		BEGIN { start = ENVIRON["BENCH_A"]; first = ENVIRON["BENCH_F"]; init = ENVIRON["BENCH_I"] }
		{ t = $1; sub(/^[^ ]* /, "") }
		!s && $0 == start { s = t; next }
		s && !f && $0 ~ first { f = t; next }
		f && $0 ~ init {
			k = $0; sub(/^\[ */, "", k); sub(/\].*/, "", k)
			printf "%d %d %d\n", (f - s) * 1000 + 0.5, (t - s) * 1000 + 0.5, k * 1000 + 0.5
			exit
		}' "$1"
}

# Milliseconds from the stamp of the first line that is exactly A to that of
# the first line after it that matches the regular expression B; nothing if
# either is missing.
bench_between() {	# LOG A B
	BENCH_A=$2 BENCH_B=$3 awk 'BEGIN { a = ENVIRON["BENCH_A"]; b = ENVIRON["BENCH_B"] }
		{ t = $1; sub(/^[^ ]* /, "") }
		!s && $0 == a { s = t; next }
		s && $0 ~ b { printf "%d\n", (t - s) * 1000 + 0.5; exit }' "$1"
}

# The median of column C of FILE, "-" entries left out; "-" if none.
bench_median() {	# FILE C
	awk -v c="$2" '$c != "-" { print $c }' "$1" | sort -n | awk '{ v[NR] = $1 } END {
		if (!NR) print "-"; else if (NR % 2) print v[(NR + 1) / 2]
		else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

bench_s() {	# MS
	awk -v v="$1" 'BEGIN { if (v == "-") printf "%8s", "-"; else printf "%6.2f s", v / 1000 }'
}

bench_mib() {	# KIB
	awk -v v="$1" 'BEGIN { if (v == "-") printf "%8s", "-"; else printf "%4.1f MiB", v / 1024 }'
}

# A / B as "2.50x", or "-".
bench_ratio() {	# A B
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2fx\n", a / b }'
}

# Debian's kexec-tools, as the rows name it.
bench_ktools_name() {
	echo "kexec-tools $(strings "$E2E_GUEST/kexec-tools/kexec-tools/sbin/kexec" |
		sed -n 's/^kexec-tools \([0-9.]*\).*/\1/p' | head -n 1)"
}

bench_host() {
	echo "host: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)," \
		"load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
