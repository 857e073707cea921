#!/bin/sh
# tests/checksrc/test_checksrc.sh: the style checker finds exactly what
# its fixtures mark, and nothing in code that follows the rules.
#
#   bad.c      one or more violations of every rule, each line marked
#              with a "want: RULE" comment
#   good.c     clean code with the look-alikes no rule may report
#   relaxed.c  the rules relaxed in test programs, checked as a test
#              program ("test: RULE" marks) and as any other file
#              ("test:" and "other:" marks)
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 hard error.

set -u

NAME=test_checksrc
srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$srcdir/tests/checksrc
checksrc=$dir/checksrc.py

if ! command -v python3 >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "$NAME: python3 is missing, and CI must run this test" >&2
		exit 99
	fi
	echo "$NAME: SKIP: python3 is not installed"
	exit 77
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tix-checksrc.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
FAILS=0

fail() {
	echo "$NAME: FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

# "LINE RULE" for each line of FILE marked with one of the given tags
# ("want", "test", "other") in a trailing comment.
marked() {
	file=$1
	shift
	for tag in "$@"; do
		grep -n "/\\* $tag: [a-z-]* \\*/\$" "$file" |
		    sed "s|^\\([0-9]*\\):.*/\\* $tag: \\([a-z-]*\\) \\*/\$|\\1 \\2|"
	done | sort -n
}

# "LINE RULE" for each finding in checksrc's output; anything that is
# not a finding line is an error.
found() {
	while IFS= read -r line; do
		case $line in
		*:[0-9]*:\ [a-z-]*:\ *)
			rest=${line#*:}
			echo "${rest%%:*} $(echo "$rest" |
			    sed 's/^[0-9]*: \([a-z-]*\): .*/\1/')"
			;;
		*)
			echo "bad output line: $line" >&2
			echo "0 bad-output"
			;;
		esac
	done | sort -n
}

# check LABEL PATH WANT-STATUS TAG...: run checksrc on PATH (relative to
# the current directory) and compare with the marks.
check() {
	label=$1 path=$2 want_status=$3
	shift 3
	python3 "$checksrc" "$path" >"$TMP/out" 2>"$TMP/err"
	status=$?
	if [ "$status" -ne "$want_status" ]; then
		fail "$label: exit status $status, want $want_status"
		cat "$TMP/err" >&2
	fi
	found <"$TMP/out" >"$TMP/got"
	if [ $# -gt 0 ]; then
		marked "$path" "$@" >"$TMP/want"
	else
		: >"$TMP/want"
	fi
	if ! cmp -s "$TMP/want" "$TMP/got"; then
		fail "$label: findings differ (- wanted, + found):"
		diff -u "$TMP/want" "$TMP/got" | sed -n '3,$p' >&2
		cat "$TMP/out" >&2
	fi
	# Each finding names the file as it was given.
	if grep -v "^$path:" "$TMP/out" >/dev/null; then
		fail "$label: a finding does not start with $path:"
	fi
}

cd "$dir" || exit 99
check bad.c bad.c 1 want
check good.c good.c 0

# Every rule has at least one finding in bad.c, so a new rule comes with
# its fixture.
python3 "$checksrc" --list-rules >"$TMP/rules" || exit 99
[ -s "$TMP/rules" ] || fail "--list-rules printed nothing"
while IFS= read -r rule; do
	if ! marked bad.c want | grep -q " $rule\$"; then
		fail "rule $rule has no line in bad.c"
	fi
done <"$TMP/rules"

# The same fixture as a test program and as ordinary code.
mkdir -p "$TMP/tree/tests/unit" "$TMP/tree/core" || exit 99
cp relaxed.c "$TMP/tree/tests/unit/relaxed.c" || exit 99
cp relaxed.c "$TMP/tree/core/relaxed.c" || exit 99
cd "$TMP/tree" || exit 99
check "relaxed.c as a test" tests/unit/relaxed.c 1 test
check "relaxed.c as core" core/relaxed.c 1 test other

# A missing file is a usage error, not a clean result.
python3 "$checksrc" "$TMP/no-such-file.c" >/dev/null 2>&1
status=$?
[ "$status" -eq 2 ] || fail "a missing file: exit status $status, want 2"

if [ "$FAILS" -ne 0 ]; then
	echo "$NAME: $FAILS failure(s)"
	exit 1
fi
echo "$NAME: PASS"
exit 0
