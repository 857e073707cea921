#!/bin/bash
# Check the style (tests/checksrc/checksrc.py), build tix with warnings as
# errors and ASan+UBSan, run every test, run each fuzz target briefly
# (tests/fuzz/run.sh), then check the distribution tarball (make
# distcheck).
# This is the README's test command and what .ci/run runs, so the two
# cannot drift.  The build is out of tree, in $TIX_BUILDDIR (default:
# build/check in the source tree), so the source tree stays clean.
#
# Environment:
#   TIX_BUILDDIR     where to build (default: <srcdir>/build/check)
#   TIX_DISTCHECK=0  skip "make distcheck" (which builds the tarball and
#                    builds and tests it again, without sanitizers)
#   TIX_CHECKSRC=0   skip the style check
#   TIX_FUZZ=0       skip the fuzz targets
#   TIX_FUZZ_SECONDS how long each fuzz target runs (default 15); they are
#                    built with clang in $TIX_BUILDDIR/fuzz
set -euo pipefail

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${TIX_BUILDDIR:-$srcdir/build/check}
jobs=$(nproc 2>/dev/null || echo 2)

# The terminal tests draw UTF-8; C.UTF-8 is built into Debian 12.
export LANG=C.UTF-8
unset LC_ALL

cd "$srcdir"

# The style check reads the sources only: fail before the long build.
if [ "${TIX_CHECKSRC:-1}" = 1 ]; then
	echo "run-all: style check (tests/checksrc/checksrc.py)"
	if ! python3 tests/checksrc/checksrc.py; then
		echo "run-all: the style check failed (TIX_CHECKSRC=0 skips it)"
		exit 1
	fi
fi

autoreconf -fi

mkdir -p "$builddir"
cd "$builddir"
"$srcdir/configure" --enable-werror --enable-asan
make -j"$jobs"

# Show why a test failed: the log of every test that did not pass.
show_failures() {
	local trs log
	echo
	echo "==================== failing tests ===================="
	while IFS= read -r trs; do
		if grep -Eq '^:test-result: (FAIL|XPASS|ERROR)' "$trs"; then
			log=${trs%.trs}.log
			echo "-------------------- ${log#"$builddir"/} --------------------"
			cat "$log" 2>/dev/null || echo "(no log)"
		fi
	done < <(find "$builddir" -name '*.trs' | sort)
	echo "======================================================="
}

if ! make -j"$jobs" check; then
	show_failures
	exit 1
fi

# Skipped tests pass, so say which ones skipped, loudly.
skipped=$(find "$builddir" -name '*.trs' -exec grep -l '^:test-result: SKIP' {} + 2>/dev/null | sort || true)
if [ -n "$skipped" ]; then
	echo "run-all: skipped tests:"
	for trs in $skipped; do
		echo "  ${trs#"$builddir"/}: $(tail -n 3 "${trs%.trs}.log" 2>/dev/null | tr '\n' ' ')"
	done
fi

# Each fuzz target for a few seconds; a finding prints its reproducer.
if [ "${TIX_FUZZ:-1}" = 1 ]; then
	if ! TIX_FUZZ_BUILDDIR=$builddir/fuzz \
	    "$srcdir/tests/fuzz/run.sh" "${TIX_FUZZ_SECONDS:-15}"; then
		echo "run-all: the fuzz targets failed (TIX_FUZZ=0 skips them)"
		exit 1
	fi
fi

if [ "${TIX_DISTCHECK:-1}" = 1 ]; then
	if ! make -j"$jobs" distcheck; then
		show_failures
		exit 1
	fi
fi

echo "run-all: all tests passed"
