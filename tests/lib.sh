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
