#!/bin/sh
# tests/fuzz/run.sh: build the libFuzzer targets and run each one.
#
# Usage: tests/fuzz/run.sh [SECONDS [NAME ...]]
#
#   SECONDS  how long each target fuzzes (default 20).  tests/run-all.sh
#            runs every target for 15 s; "tests/fuzz/run.sh 600" is a
#            long run (10 minutes each).
#   NAME     run only these targets ("conf", "filter", ...); by default
#            every tests/fuzz/fuzz_NAME.c is a target.
#
# The core and provider libraries are built by the project's own Makefile
# in a separate tree, configured with CC=clang and coverage, ASan and UBSan
# (-fsanitize=fuzzer-no-link,address,undefined); each fuzz_NAME.c is then
# linked against them with -fsanitize=fuzzer.  A target fuzzes from its
# committed seeds, tests/fuzz/corpus/NAME/ (never written to), and its
# dictionary tests/fuzz/NAME.dict when there is one; the inputs it finds
# are kept in the build tree for the next run.
#
# A crash, a sanitizer report, a leak, a broken invariant (CHECK in the
# target) or an input slower than 10 s is a finding: the run goes on with
# the other targets, then fails, printing each finding's reproducer and the
# command that replays it.
#
# Environment:
#   TIX_FUZZ_BUILDDIR  the build tree (default: <srcdir>/build/fuzz)
#   CC                 the compiler (default: clang; it needs libFuzzer,
#                      Debian's libclang-rt-dev)
#
# Exit status: 0 no finding, 1 a finding, 2 a build or usage error.
set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${TIX_FUZZ_BUILDDIR:-$srcdir/build/fuzz}
cc=${CC:-clang}
jobs=$(nproc 2>/dev/null || echo 2)

secs=${1:-20}
[ $# -gt 0 ] && shift
case $secs in
''|*[!0-9]*|0)
	echo "usage: tests/fuzz/run.sh [SECONDS [NAME ...]] (SECONDS >= 1)" >&2
	exit 2
	;;
esac

die() {
	echo "fuzz: $*" >&2
	exit 2
}

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -fno-omit-frame-pointer $san"

command -v "$cc" >/dev/null 2>&1 || die "no $cc (install clang)"
command -v pkg-config >/dev/null 2>&1 || die "no pkg-config"

mkdir -p "$builddir" || die "cannot make $builddir"
builddir=$(cd "$builddir" && pwd)

# The libraries, through the project's Makefile (so new core files are
# picked up), configured once per build tree.
if [ ! -x "$srcdir/configure" ]; then
	(cd "$srcdir" && autoreconf -fi) >"$builddir/autoreconf.log" 2>&1 ||
	    { cat "$builddir/autoreconf.log" >&2; die "autoreconf failed"; }
fi
if [ ! -f "$builddir/Makefile" ]; then
	echo "fuzz: configuring $builddir with $cc"
	(cd "$builddir" && "$srcdir/configure" CC="$cc" \
	    CFLAGS="$cflags -fsanitize=fuzzer-no-link") \
	    >"$builddir/configure.log" 2>&1 ||
	    { tail -n 30 "$builddir/configure.log" >&2;
	      die "configure failed (log: $builddir/configure.log)"; }
fi
echo "fuzz: building the libraries"
make -C "$builddir" -j"$jobs" libtixcore.a libtixproviders.a \
    >"$builddir/make.log" 2>&1 ||
    { grep -E 'error|Error' "$builddir/make.log" | head -n 30 >&2;
      die "building the libraries failed (log: $builddir/make.log)"; }

libs="$(pkg-config --libs libcurl libcjson ncursesw) -lpthread -lm"
incs="-I$builddir -I$srcdir $(pkg-config --cflags libcjson libcurl)"

# The targets: the names given, or every fuzz_*.c.
if [ $# -eq 0 ]; then
	for f in "$srcdir"/tests/fuzz/fuzz_*.c; do
		[ -f "$f" ] || continue
		n=${f##*/fuzz_}
		set -- "$@" "${n%.c}"
	done
fi
[ $# -gt 0 ] || die "no targets in $srcdir/tests/fuzz"
targets=$*

for name in $targets; do
	src=$srcdir/tests/fuzz/fuzz_$name.c
	bin=$builddir/fuzz_$name
	[ -f "$src" ] || die "no target $src"
	# shellcheck disable=SC2086
	$cc -std=c11 $cflags -fsanitize=fuzzer -Wall -Wextra -Werror \
	    -Wno-unused-parameter $incs -o "$bin" "$src" \
	    "$builddir/libtixproviders.a" "$builddir/libtixcore.a" $libs ||
	    die "building fuzz_$name failed"
done

findings=0
for name in $targets; do
	bin=$builddir/fuzz_$name
	work=$builddir/corpus/$name
	seeds=$srcdir/tests/fuzz/corpus/$name
	out=$builddir/findings/$name
	log=$builddir/fuzz_$name.log
	mark=$builddir/.start_$name
	mkdir -p "$work" "$out"
	touch "$mark"

	set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="$out/" -print_final_stats=1
	if [ -f "$srcdir/tests/fuzz/$name.dict" ]; then
		set -- "$@" -dict="$srcdir/tests/fuzz/$name.dict"
	fi
	if [ -d "$seeds" ]; then
		set -- "$@" "$work" "$seeds"
	else
		echo "fuzz: $name: no seed corpus in $seeds"
		set -- "$@" "$work"
	fi

	echo "fuzz: $name: fuzzing for $secs s"
	UBSAN_OPTIONS=print_stacktrace=1 "$bin" "$@" >"$log" 2>&1
	status=$?
	if [ "$status" -eq 0 ]; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 |
		    sed -n 's/.* cov: \([0-9]*\).*/\1/p')
		echo "fuzz: $name: ok: ${runs:-?} inputs, coverage ${cov:-?}," \
		    "corpus $(find "$work" -type f | wc -l) + seeds"
		continue
	fi

	findings=$((findings + 1))
	echo "fuzz: $name: FINDING (exit status $status); the end of $log:"
	tail -n 60 "$log" | sed 's/^/  | /'
	found=$(find "$out" -type f -newer "$mark" | sort)
	if [ -z "$found" ]; then
		echo "fuzz: $name: no reproducer was written; see $log"
	fi
	for f in $found; do
		echo "fuzz: $name: reproducer: $f"
		echo "fuzz: $name: replay it:  $bin $f"
	done
done

if [ "$findings" -ne 0 ]; then
	echo "fuzz: $findings target(s) with findings"
	exit 1
fi
echo "fuzz: no findings"
exit 0
