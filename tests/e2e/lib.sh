# tests/e2e/lib.sh: run the real tix in tmux, type keys, read the screen.
#
# Source it from a test script (bash):
#
#	. "$(dirname "$0")/lib.sh"
#	e2e_start 160 48		# tix --demo in a 160x48 terminal
#	e2e_wait_for "acme"		# bounded poll of the screen
#	e2e_keys j Enter
#	e2e_quit			# q, then a clean exit with status 0
#
# Everything runs in a private temporary directory: HOME, the XDG
# directories, TMPDIR (where tix makes its draft directories) and tmux's
# own socket (tmux -L on a private TMUX_TMPDIR).  The tmux server is
# killed and the directory removed on exit.  Waits poll the screen every
# 0.1 s up to a deadline ($E2E_TIMEOUT seconds, default 20); they never
# assert on speed.  A failure prints the last screen and tix's stderr and
# exits 1.
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 hard error.

set -u

E2E_NAME=$(basename "$0" .sh)
E2E_TIMEOUT=${E2E_TIMEOUT:-20}

: "${abs_top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
E2E_TIX=${E2E_TIX:-$abs_top_builddir/tix}

if ! command -v tmux >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "$E2E_NAME: tmux is missing, and CI must run the terminal tests" >&2
		exit 99
	fi
	echo "$E2E_NAME: SKIP: tmux is not installed"
	exit 77
fi
if [ ! -x "$E2E_TIX" ]; then
	echo "$E2E_NAME: no tix binary at $E2E_TIX" >&2
	exit 99
fi

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tix-e2e.XXXXXX") || exit 99
E2E_SOCKET=tix-e2e-$$
E2E_TARGET=tix:0.0
E2E_STARTED=0
mkdir -p "$E2E_TMP/home" "$E2E_TMP/config" "$E2E_TMP/state" \
	"$E2E_TMP/cache" "$E2E_TMP/data" "$E2E_TMP/tmp" "$E2E_TMP/tmux"
chmod 700 "$E2E_TMP/tmp" "$E2E_TMP/tmux"

# tmux on a private socket in a private directory.
e2e_tmux() {
	TMUX_TMPDIR="$E2E_TMP/tmux" tmux -L "$E2E_SOCKET" "$@"
}

# Sanitizer reports go to files, so a report from inside the terminal is
# not lost; e2e_check_sanitizers fails the test if any appeared.
e2e_check_sanitizers() {
	local f found=0
	for f in "$E2E_TMP"/san.*; do
		[ -e "$f" ] || continue
		found=1
		echo "---- sanitizer report $(basename "$f") ----"
		cat "$f"
	done
	return $found
}

e2e_cleanup() {
	local rc=$?
	if [ "$E2E_STARTED" = 1 ]; then
		e2e_tmux kill-server >/dev/null 2>&1
	fi
	if ! e2e_check_sanitizers; then
		echo "$E2E_NAME: FAIL: the sanitizers reported errors" >&2
		[ "$rc" = 0 ] && rc=1
	fi
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		echo "$E2E_NAME: kept $E2E_TMP"
	else
		rm -rf "$E2E_TMP"
	fi
	exit "$rc"
}
trap e2e_cleanup EXIT
trap 'exit 1' INT TERM HUP

# The screen as text (lines of the pane, trailing spaces trimmed).
e2e_screen() {
	e2e_tmux capture-pane -p -t "$E2E_TARGET" 2>/dev/null
}

# The screen with colour and attribute escapes, as tmux sees it.
e2e_screen_escapes() {
	e2e_tmux capture-pane -p -e -t "$E2E_TARGET" 2>/dev/null
}

e2e_fail() {
	echo "$E2E_NAME: FAIL: $*" >&2
	echo "---- last screen ($(e2e_tmux display -p -t "$E2E_TARGET" \
	    '#{window_width}x#{window_height}' 2>/dev/null)) ----"
	e2e_screen | cat -A | sed 's/\$$//'
	echo "---- end of screen ----"
	if [ -s "$E2E_TMP/stderr" ]; then
		echo "---- tix stderr ----"
		cat "$E2E_TMP/stderr"
	fi
	if [ -e "$E2E_TMP/exit" ]; then
		echo "---- tix exited with status $(cat "$E2E_TMP/exit") ----"
	fi
	exit 1
}

e2e_log() {
	echo "$E2E_NAME: $*"
}

# Start tix in a W x H terminal.  Arguments after the size replace the
# default "--demo".  Environment for tix can be added beforehand with
# e2e_env NAME=VALUE.
E2E_ENV=()
e2e_env() {
	E2E_ENV+=("$@")
}

e2e_start() {
	local w=$1 h=$2 arg
	shift 2
	[ $# -gt 0 ] || set -- --demo
	{
		echo '#!/bin/sh'
		echo 'unset LC_ALL LC_CTYPE LANGUAGE VISUAL NO_COLOR TMUX'
		printf 'export HOME=%q\n' "$E2E_TMP/home"
		printf 'export XDG_CONFIG_HOME=%q\n' "$E2E_TMP/config"
		printf 'export XDG_STATE_HOME=%q\n' "$E2E_TMP/state"
		printf 'export XDG_CACHE_HOME=%q\n' "$E2E_TMP/cache"
		printf 'export XDG_DATA_HOME=%q\n' "$E2E_TMP/data"
		printf 'export TMPDIR=%q\n' "$E2E_TMP/tmp"
		echo 'export LANG=C.UTF-8'
		echo 'export TERM=xterm-256color'
		echo 'export TIX_DEMO_LATENCY_MS=0,50'
		echo 'export TIX_DEMO_ACTIVITY_S=0'
		printf 'export EDITOR=%q\n' "$E2E_TMP/editor.sh"
		printf 'export ASAN_OPTIONS=%q\n' \
		    "log_path=$E2E_TMP/san.asan:abort_on_error=0:detect_leaks=1"
		printf 'export UBSAN_OPTIONS=%q\n' \
		    "log_path=$E2E_TMP/san.ubsan:print_stacktrace=1:halt_on_error=1"
		for arg in "${E2E_ENV[@]}"; do
			printf 'export %q\n' "$arg"
		done
		printf 'cd %q || exit 99\n' "$E2E_TMP/home"
		printf '%q' "$E2E_TIX"
		for arg in "$@"; do
			printf ' %q' "$arg"
		done
		printf ' 2>%q\n' "$E2E_TMP/stderr"
		printf 'echo $? >%q && mv %q %q\n' "$E2E_TMP/exit.tmp" \
		    "$E2E_TMP/exit.tmp" "$E2E_TMP/exit"
	} >"$E2E_TMP/run.sh"
	chmod +x "$E2E_TMP/run.sh"
	# Status line off before the session exists, so the pane is W x H;
	# the pane stays after tix exits, so its last screen can be read.
	e2e_tmux -f /dev/null start-server \; \
	    set-option -g status off \; \
	    set-option -g remain-on-exit on \; \
	    set-option -g history-limit 0 \; \
	    new-session -d -s tix -x "$w" -y "$h" "$E2E_TMP/run.sh" ||
	    { echo "$E2E_NAME: tmux could not start" >&2; exit 99; }
	E2E_STARTED=1
}

# Type keys, in tmux's key names: j Enter Tab Up PageDown Escape C-c ...
e2e_keys() {
	e2e_tmux send-keys -t "$E2E_TARGET" "$@" ||
	    e2e_fail "could not send keys: $*"
}

# Type literal text.
e2e_type() {
	e2e_tmux send-keys -t "$E2E_TARGET" -l -- "$1" ||
	    e2e_fail "could not type: $1"
}

# Poll the screen until a command succeeds with the screen on stdin, or
# fail at the deadline.  e2e_until DESCRIPTION [TIMEOUT] -- CMD ARGS...
e2e_until() {
	local what=$1 timeout=$E2E_TIMEOUT end
	shift
	if [ "$1" != -- ]; then
		timeout=$1
		shift
	fi
	shift
	end=$((SECONDS + timeout))
	while :; do
		if e2e_screen | "$@" >/dev/null 2>&1; then
			return 0
		fi
		if [ "$SECONDS" -ge "$end" ]; then
			e2e_fail "waited ${timeout}s for $what"
		fi
		sleep 0.1
	done
}

# Wait for a fixed string on the screen.
e2e_wait_for() {
	e2e_until "\"$1\" on the screen" ${2:+"$2"} -- grep -qF -- "$1"
}

# Wait for an extended regular expression on the screen.
e2e_wait_for_re() {
	e2e_until "/$1/ on the screen" ${2:+"$2"} -- grep -qE -- "$1"
}

# Wait until a fixed string has left the screen.
e2e_wait_gone() {
	e2e_until "\"$1\" to leave the screen" ${2:+"$2"} -- e2e_absent "$1"
}

e2e_absent() {
	! grep -qF -- "$1"
}

# Assert at once (no wait) that the screen has / has not a string.
e2e_assert_has() {
	e2e_screen | grep -qF -- "$1" || e2e_fail "expected \"$1\" on the screen"
}
e2e_assert_not() {
	if e2e_screen | grep -qF -- "$1"; then
		e2e_fail "did not expect \"$1\" on the screen"
	fi
}

# Is tix still running?
e2e_alive() {
	[ ! -e "$E2E_TMP/exit" ] &&
	    [ "$(e2e_tmux display -p -t "$E2E_TARGET" '#{pane_dead}' 2>/dev/null)" = 0 ]
}

# Wait for tix to exit and check its status (default 0).
e2e_wait_exit() {
	local want=${1:-0} end=$((SECONDS + E2E_TIMEOUT)) got
	while [ ! -e "$E2E_TMP/exit" ]; do
		[ "$SECONDS" -lt "$end" ] || e2e_fail "tix did not exit"
		sleep 0.1
	done
	got=$(cat "$E2E_TMP/exit")
	[ "$got" = "$want" ] || e2e_fail "tix exited with status $got, not $want"
}

# Quit with q and expect a clean exit.
e2e_quit() {
	e2e_keys q
	e2e_wait_exit 0
}

# Resize the terminal.
e2e_resize() {
	e2e_tmux resize-window -t tix -x "$1" -y "$2" ||
	    e2e_fail "could not resize to $1x$2"
}

# The pane's title, as the terminal inside tmux set it (OSC 0/2).
e2e_title() {
	e2e_tmux display -p -t "$E2E_TARGET" '#{pane_title}'
}
e2e_window_name() {
	e2e_tmux display -p -t "$E2E_TARGET" '#{window_name}'
}

# The editor tix runs for replies and notes ($EDITOR).  It appends the
# line in $E2E_TMP/editor-line to the file given as its last argument and
# records the file's and its directory's mode and path in
# $E2E_TMP/editor.log, one "key=value" per line.
e2e_editor_install() {
	cat >"$E2E_TMP/editor.sh" <<'EOF'
#!/bin/sh
dir=$(dirname "$0")
for last; do :; done
f=$last
d=$(dirname "$f")
{
	echo "file=$f"
	echo "dir=$d"
	echo "file_mode=$(stat -c %a "$f")"
	echo "dir_mode=$(stat -c %a "$d")"
	echo "file_owner=$(stat -c %u "$f")"
} >>"$dir/editor.log"
cat "$dir/editor-line" >>"$f"
EOF
	chmod +x "$E2E_TMP/editor.sh"
	: >"$E2E_TMP/editor-line"
}

# Set the line the editor writes next.
e2e_editor_line() {
	printf '%s\n' "$1" >"$E2E_TMP/editor-line"
}

# A value recorded by the editor ("file", "dir", "file_mode", ...).
e2e_editor_get() {
	[ -s "$E2E_TMP/editor.log" ] || e2e_fail "the editor never ran"
	sed -n "s/^$1=//p" "$E2E_TMP/editor.log" | tail -n 1
}

# A word unique to this run, for text the test writes itself.
e2e_unique() {
	echo "${1:-e2e}$$x$RANDOM"
}

# Run the CLI on the demo with the same environment as the terminal.
e2e_cli() {
	env -u VISUAL -u NO_COLOR HOME="$E2E_TMP/home" \
	    XDG_CONFIG_HOME="$E2E_TMP/config" XDG_STATE_HOME="$E2E_TMP/state" \
	    TMPDIR="$E2E_TMP/tmp" LANG=C.UTF-8 \
	    TIX_DEMO_LATENCY_MS=0,50 TIX_DEMO_ACTIVITY_S=0 \
	    ASAN_OPTIONS="log_path=$E2E_TMP/san.asan" \
	    UBSAN_OPTIONS="log_path=$E2E_TMP/san.ubsan:print_stacktrace=1" \
	    "$E2E_TIX" "$@"
}

e2e_editor_install
