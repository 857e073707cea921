# tests/e2e/lib.sh: the one harness of the end-to-end scripts.  Every
# script sources it first (bash):
#
#	. "$(dirname "$0")/lib.sh"
#	e2e_need jq curl emu		# skip (77) without them
#
# It gives each script a private temporary directory $E2E_TMP (HOME, the
# XDG directories, TMPDIR; the config tix reads by default is
# $E2E_TMP/config/tix/config), removed on exit unless E2E_KEEP=1, and:
#
#  - results: e2e_ok and e2e_bad (a check passed or failed; the script
#    goes on, e2e_done ends it with the verdict), e2e_fail (fatal),
#    e2e_log, e2e_skip, e2e_need;
#  - the tix runner: e2e_tix runs the real tix in the private environment
#    with a time limit, stdout in $E2E_TMP/out, stderr in $E2E_TMP/err,
#    the status in $RC; e2e_sane and e2e_want_* judge what it did;
#  - emulators: e2e_emu starts tix-emu on 127.0.0.1 (port 0), e2e_config*
#    write 0600 configs for it, e2e_zd, e2e_fd and e2e_admin ask it what
#    it holds (curl), e2e_check_list compares tix's list with it;
#  - the terminal: e2e_start runs tix in tmux, with keys, waits and
#    screen readers (tests/e2e/lib_tui.sh, sourced from here).
#
# On exit every emulator is stopped (its stdin is a FIFO this shell holds:
# closing it, or this shell dying, ends it) and tmux is killed; sanitizer
# reports of tix (files $E2E_TMP/san.*) or of an emulator (its stderr)
# fail the script.  Waits poll with a deadline ($E2E_TIMEOUT seconds,
# default 20) and never assert on speed.  Exit codes follow automake:
# 0 pass, 1 fail, 77 skip, 99 hard error.

set -u

E2E_NAME=${E2E_NAME:-$(basename "$0" .sh)}
E2E_TIMEOUT=${E2E_TIMEOUT:-20}
: "${abs_top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
E2E_TIX=${E2E_TIX:-$abs_top_builddir/tix}
E2E_EMU=$abs_top_builddir/tests/emulators/tix-emu
E2E_ZD_EMAIL=agent@example.com
E2E_ZD_TOKEN=emu-api-token
E2E_FD_KEY=emu-api-key
E2E_FAILS=0
E2E_STARTED=0
E2E_EMU_PIDS=()
E2E_EMU_FDS=()

if [ ! -x "$E2E_TIX" ]; then
	echo "$E2E_NAME: no tix binary at $E2E_TIX" >&2
	exit 99
fi

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tix-e2e.XXXXXX") || exit 99
mkdir -p "$E2E_TMP/home" "$E2E_TMP/config/tix" "$E2E_TMP/state" \
    "$E2E_TMP/cache" "$E2E_TMP/data" "$E2E_TMP/tmp" "$E2E_TMP/tmux" \
    "$E2E_TMP/emu"
chmod 700 "$E2E_TMP/tmp" "$E2E_TMP/tmux"
# Nothing a test runs reads the terminal; a command that wants input is
# given it.
exec </dev/null

# ---- Results -------------------------------------------------------------

e2e_log() {
	echo "$E2E_NAME: $*"
}

e2e_ok() {
	echo "$E2E_NAME: ok: $*"
}

# A check failed: say so (with tix's stderr, if any) and go on.
e2e_bad() {
	echo "$E2E_NAME: FAIL: $*" >&2
	if [ -s "$E2E_TMP/err" ]; then
		echo "---- tix stderr ----" >&2
		head -n 20 "$E2E_TMP/err" >&2
	fi
	E2E_FAILS=$((E2E_FAILS + 1))
}

# The verdict, at the end of a script of e2e_ok and e2e_bad.
e2e_done() {
	if [ "$E2E_FAILS" -gt 0 ]; then
		echo "$E2E_NAME: $E2E_FAILS failures"
		exit 1
	fi
	echo "$E2E_NAME: all passed"
	exit 0
}

# A fatal failure: the last screen (when tix runs in tmux), tix's stderr.
e2e_fail() {
	echo "$E2E_NAME: FAIL: $*" >&2
	if [ "$E2E_STARTED" = 1 ]; then
		echo "---- last screen ($(e2e_tmux display -p -t "$E2E_TARGET" \
		    '#{window_width}x#{window_height}' 2>/dev/null)) ----"
		e2e_screen
		echo "---- end of screen ----"
		if [ -e "$E2E_TMP/exit" ]; then
			echo "---- tix exited with status $(cat "$E2E_TMP/exit") ----"
		fi
	fi
	if [ -s "$E2E_TMP/stderr" ]; then
		echo "---- tix stderr ----"
		cat "$E2E_TMP/stderr"
	fi
	exit 1
}

# Skip (77), except under CI=true, which must run every test (99).
e2e_skip() {
	if [ "${CI:-}" = true ]; then
		echo "$E2E_NAME: $1, and CI must run this test" >&2
		exit 99
	fi
	echo "$E2E_NAME: SKIP: $1"
	exit 77
}

# e2e_need TOOL...: the tools the script needs; "emu" is tix-emu (built
# only with libmicrohttpd).
e2e_need() {
	local tool
	for tool; do
		if [ "$tool" = emu ]; then
			[ -x "$E2E_EMU" ] ||
			    e2e_skip "no tix-emu (built only with libmicrohttpd)"
		elif ! command -v "$tool" >/dev/null 2>&1; then
			e2e_skip "$tool is not installed"
		fi
	done
}

# tix's sanitizer reports (log_path files): print and remove them.
e2e_check_sanitizers() {
	local f found=0
	for f in "$E2E_TMP"/san.*; do
		[ -e "$f" ] || continue
		found=1
		echo "---- sanitizer report $(basename "$f") ----"
		cat "$f"
		rm -f "$f"
	done
	return $found
}

# The emulators' stderr must hold no sanitizer report.
e2e_check_emu_reports() {
	local f bad=0
	for f in "$E2E_TMP"/emu/*.err; do
		[ -e "$f" ] || continue
		if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error' "$f"
		then
			echo "---- emulator report $(basename "$f") ----"
			cat "$f"
			bad=1
		fi
	done
	return $bad
}

e2e_cleanup() {
	local rc=$?
	trap - EXIT
	e2e_stop_emus
	if [ "$E2E_STARTED" = 1 ]; then
		e2e_tmux kill-server >/dev/null 2>&1
	fi
	if ! e2e_check_emu_reports || ! e2e_check_sanitizers; then
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

# ---- The tix command line ------------------------------------------------

# tix in the private environment, at most E2E_LIMIT seconds (default 60),
# with the caller's stdin, stdout and stderr.  Extra environment
# (NAME=VALUE) may be put in E2E_TIX_ENV first.
E2E_TIX_ENV=()
e2e_tix_exec() {
	env -i PATH="$PATH" HOME="$E2E_TMP/home" LANG=C.UTF-8 \
	    XDG_CONFIG_HOME="$E2E_TMP/config" XDG_STATE_HOME="$E2E_TMP/state" \
	    XDG_CACHE_HOME="$E2E_TMP/cache" XDG_DATA_HOME="$E2E_TMP/data" \
	    TMPDIR="$E2E_TMP/tmp" TIX_DEMO_LATENCY_MS=0,0 \
	    TIX_DEMO_ACTIVITY_S=0 \
	    ASAN_OPTIONS="log_path=$E2E_TMP/san.asan:detect_leaks=1" \
	    UBSAN_OPTIONS="log_path=$E2E_TMP/san.ubsan:print_stacktrace=1" \
	    ${E2E_TIX_ENV[@]+"${E2E_TIX_ENV[@]}"} \
	    timeout -k 5 "${E2E_LIMIT:-60}" "$E2E_TIX" "$@"
}

# e2e_tix ARGS...: stdout in $E2E_TMP/out, stderr in $E2E_TMP/err, the
# exit status in $RC.
e2e_tix() {
	e2e_tix_exec "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
	RC=$?
}

# Did the last e2e_tix end well enough: no signal, no time-out, no
# sanitizer report, status 0 or 1?  Says why not; e2e_sane WHAT.
e2e_sane() {
	local what=$1
	if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
		e2e_bad "$what: tix hung (killed after ${E2E_LIMIT:-60}s)"
		return 1
	fi
	if [ "$RC" -gt 128 ]; then
		e2e_bad "$what: tix died of signal $((RC - 128))"
		return 1
	fi
	if grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error' "$E2E_TMP/err" ||
	    ! e2e_check_sanitizers; then
		e2e_bad "$what: a sanitizer report"
		return 1
	fi
	if [ "$RC" != 0 ] && [ "$RC" != 1 ]; then
		e2e_bad "$what: exit status $RC (0 or 1 expected)"
		return 1
	fi
	return 0
}

# The last command exited with this status: e2e_want_rc STATUS WHAT.
e2e_want_rc() {
	if [ "$RC" != "$1" ]; then
		e2e_bad "$2: exit status $RC, not $1"
		return 1
	fi
	return 0
}

# The last command succeeded with an empty stderr.
e2e_want_success() {
	e2e_want_rc 0 "$1" || return 1
	if [ -s "$E2E_TMP/err" ]; then
		e2e_bad "$1: unexpected stderr"
		return 1
	fi
	e2e_ok "$1"
}

# The last command failed with status $1 and one "tix: ..." line that
# contains $2 (and, for usage errors, a usage line), and printed nothing:
# e2e_want_error STATUS TEXT WHAT.
e2e_want_error() {
	local want=$1 text=$2 what=$3 lines
	e2e_want_rc "$want" "$what" || return 1
	lines=$(grep -vc '^usage: ' "$E2E_TMP/err")
	if [ "$lines" != 1 ]; then
		e2e_bad "$what: $lines error lines on stderr, not 1"
		return 1
	fi
	if ! grep -q "^tix: .*$text" "$E2E_TMP/err"; then
		e2e_bad "$what: stderr lacks \"tix: ...$text\""
		return 1
	fi
	if [ "$want" = 2 ] && ! grep -q '^usage: tix' "$E2E_TMP/err"; then
		e2e_bad "$what: no usage line"
		return 1
	fi
	if [ -s "$E2E_TMP/out" ]; then
		e2e_bad "$what: unexpected stdout"
		return 1
	fi
	e2e_ok "$what"
}

# jq -e over the last stdout: e2e_want_jq WHAT JQ-ARGS...
e2e_want_jq() {
	local what=$1
	shift
	if ! jq -e "$@" "$E2E_TMP/out" >/dev/null 2>"$E2E_TMP/jqerr"; then
		e2e_bad "$what (jq $*)"
		head -n 5 "$E2E_TMP/jqerr"
		return 1
	fi
	e2e_ok "$what"
}

# Facts from the demo, for tests that need to know what a ticket holds:
# e2e_fact REF JQ-EXPRESSION (over "tix --demo show --json REF").  Use as
# x=$(e2e_fact ...) || e2e_fail ...; prints nothing and fails when tix or
# jq fails or the value is null.
e2e_fact() {
	local out
	out=$(e2e_tix_exec --demo show --json "$1" 2>"$E2E_TMP/cli-stderr") || {
		echo "$E2E_NAME: tix --demo show --json $1 failed:" >&2
		cat "$E2E_TMP/cli-stderr" >&2
		return 1
	}
	printf '%s\n' "$out" | jq -er "$2"
}

# Poll a command (not the screen) until it succeeds, or fail at the
# deadline: e2e_poll WHAT TIMEOUT CMD ARGS...
e2e_poll() {
	local what=$1 timeout=$2 end
	shift 2
	end=$((SECONDS + timeout))
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$end" ] ||
		    e2e_fail "waited ${timeout}s for $what"
		sleep 0.2
	done
}

# ---- Emulators (tix-emu) -------------------------------------------------

# e2e_emu VAR PROVIDER ARGS...: start an emulator; sets VAR_PORT, VAR_BASE
# (the API base URL), VAR_ADMIN (the admin base URL) and VAR_IDX.
e2e_emu() {
	local var=$1 provider=$2 fifo port="" fd pid i
	shift 2
	i=${#E2E_EMU_PIDS[@]}
	fifo=$E2E_TMP/emu/$var.in
	rm -f "$fifo"
	mkfifo "$fifo" || exit 99
	"$E2E_EMU" --provider "$provider" --port 0 "$@" \
	    <"$fifo" >"$E2E_TMP/emu/$var.port" 2>"$E2E_TMP/emu/$var.err" &
	pid=$!
	exec {fd}>"$fifo"
	E2E_EMU_PIDS[$i]=$pid
	E2E_EMU_FDS[$i]=$fd
	for _ in $(seq 200); do
		port=$(head -n 1 "$E2E_TMP/emu/$var.port" 2>/dev/null)
		[ -n "$port" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ -z "$port" ]; then
		echo "$E2E_NAME: the $provider emulator did not start" >&2
		cat "$E2E_TMP/emu/$var.err" >&2
		exit 99
	fi
	printf -v "${var}_PORT" '%s' "$port"
	printf -v "${var}_BASE" '%s' "http://127.0.0.1:$port/api/v2"
	printf -v "${var}_ADMIN" '%s' "http://127.0.0.1:$port/__emu"
	printf -v "${var}_IDX" '%s' "$i"
}

# Stop the emulator started as number $1: close its stdin, wait (bounded),
# then kill it by its pid if it has not gone.
e2e_stop_emu_at() {
	local i=$1 pid fd end
	pid=${E2E_EMU_PIDS[$i]:-}
	fd=${E2E_EMU_FDS[$i]:-}
	[ -n "$pid" ] || return 0
	[ -z "$fd" ] || exec {fd}>&-
	end=$((SECONDS + 10))
	while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 0.1
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	E2E_EMU_PIDS[$i]=
	E2E_EMU_FDS[$i]=
}

e2e_stop_emus() {
	local i
	for i in "${!E2E_EMU_PIDS[@]}"; do
		e2e_stop_emu_at "$i"
	done
}

# A 0600 config with a Zendesk account zd and a Freshdesk account fd:
# e2e_config FILE ZD_BASE FD_BASE [ZD_TOKEN [FD_KEY]].
e2e_config() {
	local file=$1 zd=$2 fd=$3 zt=${4:-$E2E_ZD_TOKEN} fk=${5:-$E2E_FD_KEY}
	e2e_config_one "$file" zd zendesk "$zd" "$zt"
	e2e_config_one "$file" fd freshdesk "$fd" "$fk" append
}

# A 0600 config with one account, written or appended:
# e2e_config_one FILE NAME PROVIDER BASE [SECRET [append]].
e2e_config_one() {
	local file=$1 name=$2 provider=$3 base=$4 secret=${5:-}
	(
		umask 077
		[ "${6:-}" = append ] || : >"$file"
		{
			if [ "${6:-}" != append ]; then
				echo "# written by $E2E_NAME"
			else
				echo
			fi
			echo "[account $name]"
			echo "provider = $provider"
			echo "url = $base"
			if [ "$provider" = zendesk ]; then
				echo "email = $E2E_ZD_EMAIL"
				echo "token = ${secret:-$E2E_ZD_TOKEN}"
			else
				echo "token = ${secret:-$E2E_FD_KEY}"
			fi
		} >>"$file"
	)
	[ "${6:-}" = append ] || chmod 600 "$file"
}

# The Zendesk API as the agent: e2e_zd BASE PATH [curl args].
e2e_zd() {
	local base=$1 path=$2
	shift 2
	curl -sf --max-time 30 -u "$E2E_ZD_EMAIL/token:$E2E_ZD_TOKEN" "$@" \
	    "$base$path"
}

# The Freshdesk API with the key: e2e_fd BASE PATH [curl args].
e2e_fd() {
	local base=$1 path=$2
	shift 2
	curl -sf --max-time 30 -u "$E2E_FD_KEY:X" "$@" "$base$path"
}

# An admin path: e2e_admin ADMIN PATH [curl args].
e2e_admin() {
	local admin=$1 path=$2
	shift 2
	curl -sf --max-time 30 "$@" "$admin$path"
}

# Every Zendesk ticket through cursor pagination, as one JSON array.
e2e_zd_all() {
	local base=$1 path="/tickets.json?page%5Bsize%5D=100" page after
	local acc=$E2E_TMP/zd-pages.$$
	: >"$acc"
	while :; do
		page=$(e2e_zd "$base" "$path") || return 1
		printf '%s\n' "$page" | jq '.tickets' >>"$acc"
		[ "$(printf '%s\n' "$page" | jq '.meta.has_more')" = true ] ||
		    break
		after=$(printf '%s\n' "$page" | jq -r '.meta.after_cursor')
		path="/tickets.json?page%5Bsize%5D=100&page%5Bafter%5D=$after"
	done
	jq -s 'add // []' "$acc"
	rm -f "$acc"
}

# Every Freshdesk ticket, old ones too (updated_since the epoch), through
# page/per_page, as one JSON array.
e2e_fd_all() {
	local base=$1 p=1 page acc=$E2E_TMP/fd-pages.$$
	: >"$acc"
	while [ "$p" -le 300 ]; do
		page=$(e2e_fd "$base" "/tickets?updated_since=1970-01-01T00:00:00Z&per_page=100&page=$p") ||
		    return 1
		printf '%s\n' "$page" >>"$acc"
		[ "$(printf '%s\n' "$page" | jq length)" = 100 ] || break
		p=$((p + 1))
	done
	jq -s 'add // []' "$acc"
	rm -f "$acc"
}

# The normalized fields tix shows, from its JSON tickets, for comparing.
E2E_JQ_TIX='map({id, status, priority, raw_status: .raw.status,
    raw_priority: .raw.priority, customer_id, user_id, category_id,
    tags: (.tags | sort), subject, created_at, updated_at}) | sort_by(.id)'

# The same from the Zendesk API's tickets.
E2E_JQ_ZD='def s: if . == null then null else tostring end;
    map({id: (.id | tostring),
    status: (if .status == "solved" or .status == "closed"
        then "CLOSED" else "ACTIVE" end),
    priority: .priority, raw_status: .status, raw_priority: .priority,
    customer_id: (.requester_id | s), user_id: (.assignee_id | s),
    category_id: (.group_id | s), tags: (.tags | sort), subject,
    created_at, updated_at}) | sort_by(.id)'

# The same from the Freshdesk API's tickets: status 4 Resolved and
# 5 Closed are CLOSED; priority 1-4 is low, normal, high, urgent (raw:
# Low, Medium, High, Urgent); the category is the ticket type.
E2E_JQ_FD='def s: if . == null then null else tostring end;
    map({id: (.id | tostring),
    status: (if .status == 4 or .status == 5 then "CLOSED" else "ACTIVE" end),
    priority: ({"1": "low", "2": "normal", "3": "high", "4": "urgent"}
        [.priority | tostring]),
    raw_status: ({"2": "Open", "3": "Pending", "4": "Resolved",
        "5": "Closed"}[.status | tostring]),
    raw_priority: ({"1": "Low", "2": "Medium", "3": "High", "4": "Urgent"}
        [.priority | tostring]),
    customer_id: (.requester_id | s), user_id: (.responder_id | s),
    category_id: (.type | if . == null or . == "" then null else . end),
    tags: (.tags | sort), subject, created_at, updated_at}) | sort_by(.id)'

E2E_ISO_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'

# "tix list --json --account ACCOUNT" lists exactly the emulator's tickets
# (count, ids, times in ISO 8601 UTC, normalized fields against the API's
# own answer): e2e_check_list ACCOUNT API-FILE JQ-NORMALIZE.  Leaves tix's
# list in $E2E_TMP/ACCOUNT-tix.json.
e2e_check_list() {
	local acct=$1 api=$2 norm=$3 n want bad
	e2e_tix list --json --account "$acct"
	e2e_sane "list --account $acct" || return 1
	if [ "$RC" != 0 ]; then
		e2e_bad "list --account $acct: exit status $RC"
		return 1
	fi
	cp "$E2E_TMP/out" "$E2E_TMP/$acct-tix.json"
	n=$(jq length "$E2E_TMP/out")
	want=$(jq length "$api")
	[ "$n" = "$want" ] ||
	    e2e_bad "list --account $acct: $n tickets, not $want"
	jq -r '.[].id' "$E2E_TMP/out" | sort >"$E2E_TMP/ids-tix"
	jq -r '.[].id | tostring' "$api" | sort >"$E2E_TMP/ids-api"
	if ! cmp -s "$E2E_TMP/ids-tix" "$E2E_TMP/ids-api"; then
		e2e_bad "list --account $acct: ids differ from the emulator's"
		diff "$E2E_TMP/ids-tix" "$E2E_TMP/ids-api" | head -n 10
	fi
	bad=$(jq --arg a "$acct" '[.[] | select(.account != $a)] | length' \
	    "$E2E_TMP/out")
	[ "$bad" = 0 ] ||
	    e2e_bad "list --account $acct: $bad tickets of other accounts"
	bad=$(jq --arg re "$E2E_ISO_RE" '[.[] | .created_at, .updated_at |
	    select(type != "string" or (test($re) | not))] | length' \
	    "$E2E_TMP/out")
	[ "$bad" = 0 ] ||
	    e2e_bad "list --account $acct: $bad times not in ISO 8601 UTC"
	jq "$E2E_JQ_TIX" "$E2E_TMP/out" >"$E2E_TMP/a"
	jq "$norm" "$api" >"$E2E_TMP/b"
	if ! cmp -s "$E2E_TMP/a" "$E2E_TMP/b"; then
		e2e_bad "list --account $acct: normalized fields differ" \
		    "(< tix, > expected from the API)"
		diff "$E2E_TMP/a" "$E2E_TMP/b" | head -n 30
		return 1
	fi
	e2e_ok "list --account $acct: the emulator's $want tickets, normalized"
}

# How many notes of a ticket, in the admin view, have this text and this
# visibility (public or internal): e2e_notes_with ADMIN ID TEXT public|internal.
# Zendesk notes carry body and public, Freshdesk ones body_text and private.
e2e_notes_with() {
	e2e_admin "$1" "/tickets/$2" | jq --arg b "$3" --arg v "$4" '
	    [.notes[] | select((.body_text // .body) == $b and
	    (if has("public") then .public else (.private | not) end) ==
	    ($v == "public"))] | length'
}

. "$(dirname "${BASH_SOURCE[0]}")/lib_tui.sh"
