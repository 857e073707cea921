# tests/e2e/combined_lib.sh: what the combined-inbox tests share.
#
# Source it from combined_cli.sh, combined_faults.sh or combined_tui.sh
# (bash).  It starts tix-emu emulators (127.0.0.1 only, port 0), writes a
# 0600 config for tix with one account per emulator, runs tix in a
# private environment with a time limit, and asks the emulators what they
# hold, with curl on their API or on their admin paths.
#
# Each emulator's stdin is a FIFO held open on a file descriptor of this
# shell: closing it (or the shell dying) makes the emulator exit.  The
# EXIT trap closes them all and waits for them.  Sanitizer reports of
# tix (files $CB_TMP/san.*) and of the emulators (their stderr) fail the
# test.
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 hard error.

set -u

CB_NAME=${CB_NAME:-$(basename "$0" .sh)}
: "${abs_top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
CB_TIX=${E2E_TIX:-$abs_top_builddir/tix}
CB_EMU=$abs_top_builddir/tests/emulators/tix-emu
CB_ZD_EMAIL=agent@example.com
CB_ZD_TOKEN=emu-api-token
CB_FD_KEY=emu-api-key
CB_FAILS=0

cb_skip_or_die() {
	if [ "${CI:-}" = true ]; then
		echo "$CB_NAME: $1, and CI must run this test" >&2
		exit 99
	fi
	echo "$CB_NAME: SKIP: $1"
	exit 77
}

for cb_tool in jq curl timeout; do
	command -v "$cb_tool" >/dev/null 2>&1 ||
	    cb_skip_or_die "$cb_tool is not installed"
done
if [ ! -x "$CB_EMU" ]; then
	# tix-emu is built only with libmicrohttpd (HAVE_MHD).
	cb_skip_or_die "no tix-emu (built only with libmicrohttpd)"
fi
if [ ! -x "$CB_TIX" ]; then
	echo "$CB_NAME: no tix binary at $CB_TIX" >&2
	exit 99
fi

# The test's private directory.  combined_tui.sh shares lib.sh's.
if [ -n "${E2E_TMP:-}" ]; then
	CB_TMP=$E2E_TMP
else
	CB_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tix-comb.XXXXXX") || exit 99
fi
mkdir -p "$CB_TMP/home" "$CB_TMP/config/tix" "$CB_TMP/state" \
    "$CB_TMP/cache" "$CB_TMP/tmp" "$CB_TMP/emu"
chmod 700 "$CB_TMP/tmp"

CB_EMU_PIDS=()
CB_EMU_FDS=()

# Stop every emulator still running: close its stdin, then wait (bounded)
# and kill it by its pid if it has not gone.
cb_stop_emus() {
	local i pid end
	for i in "${!CB_EMU_PIDS[@]}"; do
		cb_stop_emu_at "$i"
	done
}

cb_stop_emu_at() {
	local i=$1 pid fd end
	pid=${CB_EMU_PIDS[$i]:-}
	fd=${CB_EMU_FDS[$i]:-}
	[ -n "$pid" ] || return 0
	[ -z "$fd" ] || exec {fd}>&-
	end=$((SECONDS + 10))
	while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 0.1
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	CB_EMU_PIDS[$i]=
	CB_EMU_FDS[$i]=
}

# Emulators' stderr must hold no sanitizer report.
cb_check_emu_reports() {
	local f bad=0
	for f in "$CB_TMP"/emu/*.err; do
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

# tix's sanitizer reports (log_path files); prints and removes them.
cb_check_tix_reports() {
	local f bad=0
	for f in "$CB_TMP"/san.*; do
		[ -e "$f" ] || continue
		echo "---- tix sanitizer report $(basename "$f") ----"
		cat "$f"
		rm -f "$f"
		bad=1
	done
	return $bad
}

cb_finish() {
	local rc=$1
	cb_stop_emus
	cb_check_emu_reports || rc=1
	return "$rc"
}

if [ -z "${E2E_TMP:-}" ]; then
	cb_cleanup() {
		local rc=$?
		trap - EXIT
		cb_finish "$rc"
		rc=$?
		cb_check_tix_reports || rc=1
		if [ "${E2E_KEEP:-0}" = 1 ]; then
			echo "$CB_NAME: kept $CB_TMP"
		else
			rm -rf "$CB_TMP"
		fi
		exit "$rc"
	}
	trap cb_cleanup EXIT
	trap 'exit 1' INT TERM HUP
fi

cb_fail() {
	echo "$CB_NAME: FAIL: $*" >&2
	if [ -s "$CB_TMP/err" ]; then
		echo "---- tix stderr ----" >&2
		head -n 20 "$CB_TMP/err" >&2
	fi
	CB_FAILS=$((CB_FAILS + 1))
}

cb_ok() {
	echo "$CB_NAME: ok: $*"
}

# The test's verdict, at its end.
cb_done() {
	[ "$CB_FAILS" = 0 ] || exit 1
	exit 0
}

# cb_emu VAR PROVIDER ARGS...: start an emulator; sets VAR_PORT, VAR_BASE
# (the API base URL), VAR_ADMIN (the admin base URL) and VAR_IDX.
cb_emu() {
	local var=$1 provider=$2 fifo port="" fd pid i
	shift 2
	i=${#CB_EMU_PIDS[@]}
	fifo=$CB_TMP/emu/$var.in
	rm -f "$fifo"
	mkfifo "$fifo" || exit 99
	"$CB_EMU" --provider "$provider" --port 0 "$@" \
	    <"$fifo" >"$CB_TMP/emu/$var.port" 2>"$CB_TMP/emu/$var.err" &
	pid=$!
	exec {fd}>"$fifo"
	CB_EMU_PIDS[$i]=$pid
	CB_EMU_FDS[$i]=$fd
	for _ in $(seq 200); do
		port=$(head -n 1 "$CB_TMP/emu/$var.port" 2>/dev/null)
		[ -n "$port" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ -z "$port" ]; then
		echo "$CB_NAME: the $provider emulator did not start" >&2
		cat "$CB_TMP/emu/$var.err" >&2
		exit 99
	fi
	printf -v "${var}_PORT" '%s' "$port"
	printf -v "${var}_BASE" '%s' "http://127.0.0.1:$port/api/v2"
	printf -v "${var}_ADMIN" '%s' "http://127.0.0.1:$port/__emu"
	printf -v "${var}_IDX" '%s' "$i"
}

# Write a 0600 config: cb_config FILE ZD_BASE FD_BASE [ZD_TOKEN [FD_KEY]].
# The account names are zd (Zendesk) and fd (Freshdesk).
cb_config() {
	local file=$1 zd=$2 fd=$3 zt=${4:-$CB_ZD_TOKEN} fk=${5:-$CB_FD_KEY}
	(
		umask 077
		cat >"$file" <<EOF
# written by $CB_NAME
[account zd]
provider = zendesk
url = $zd
email = $CB_ZD_EMAIL
token = $zt

[account fd]
provider = freshdesk
url = $fd
token = $fk
EOF
	)
	chmod 600 "$file"
}

# A 0600 config with one account: cb_config_one FILE NAME PROVIDER BASE.
cb_config_one() {
	local file=$1 name=$2 provider=$3 base=$4
	(
		umask 077
		{
			echo "# written by $CB_NAME"
			echo "[account $name]"
			echo "provider = $provider"
			echo "url = $base"
			if [ "$provider" = zendesk ]; then
				echo "email = $CB_ZD_EMAIL"
				echo "token = $CB_ZD_TOKEN"
			else
				echo "token = $CB_FD_KEY"
			fi
		} >"$file"
	)
	chmod 600 "$file"
}

# tix in a private environment, at most CB_LIMIT seconds (default 60):
# stdout in $CB_TMP/out, stderr in $CB_TMP/err, status in $RC.  Extra
# environment (NAME=VALUE) may be put in CB_TIX_ENV first.
CB_TIX_ENV=()
cb_tix() {
	env -i PATH="$PATH" HOME="$CB_TMP/home" LANG=C.UTF-8 \
	    XDG_CONFIG_HOME="$CB_TMP/config" XDG_STATE_HOME="$CB_TMP/state" \
	    XDG_CACHE_HOME="$CB_TMP/cache" TMPDIR="$CB_TMP/tmp" \
	    ASAN_OPTIONS="log_path=$CB_TMP/san.asan:detect_leaks=1" \
	    UBSAN_OPTIONS="log_path=$CB_TMP/san.ubsan:print_stacktrace=1" \
	    ${CB_TIX_ENV[@]+"${CB_TIX_ENV[@]}"} \
	    timeout -k 5 "${CB_LIMIT:-60}" "$CB_TIX" "$@" \
	    </dev/null >"$CB_TMP/out" 2>"$CB_TMP/err"
	RC=$?
}

# Did the last cb_tix end well enough: no signal, no time-out, no
# sanitizer report, status 0 or 1?  Prints why not; cb_sane WHAT.
cb_sane() {
	local what=$1
	if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
		cb_fail "$what: tix hung (killed after ${CB_LIMIT:-60}s)"
		return 1
	fi
	if [ "$RC" -gt 128 ]; then
		cb_fail "$what: tix died of signal $((RC - 128))"
		return 1
	fi
	if grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error' "$CB_TMP/err" ||
	    ! cb_check_tix_reports; then
		cb_fail "$what: a sanitizer report"
		return 1
	fi
	if [ "$RC" != 0 ] && [ "$RC" != 1 ]; then
		cb_fail "$what: exit status $RC (0 or 1 expected)"
		return 1
	fi
	return 0
}

# Zendesk API as the agent: cb_zd BASE PATH [curl args].
cb_zd() {
	local base=$1 path=$2
	shift 2
	curl -sf --max-time 30 -u "$CB_ZD_EMAIL/token:$CB_ZD_TOKEN" "$@" \
	    "$base$path"
}

# Freshdesk API with the key: cb_fd BASE PATH [curl args].
cb_fd() {
	local base=$1 path=$2
	shift 2
	curl -sf --max-time 30 -u "$CB_FD_KEY:X" "$@" "$base$path"
}

# An admin path: cb_admin ADMIN PATH [curl args].
cb_admin() {
	local admin=$1 path=$2
	shift 2
	curl -sf --max-time 30 "$@" "$admin$path"
}

# Every Zendesk ticket through cursor pagination, as one JSON array.
cb_zd_all() {
	local base=$1 path="/tickets.json?page%5Bsize%5D=100" page after
	local acc=$CB_TMP/zd-pages.$$
	: >"$acc"
	while :; do
		page=$(cb_zd "$base" "$path") || return 1
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
cb_fd_all() {
	local base=$1 p=1 page acc=$CB_TMP/fd-pages.$$
	: >"$acc"
	while [ "$p" -le 300 ]; do
		page=$(cb_fd "$base" "/tickets?updated_since=1970-01-01T00:00:00Z&per_page=100&page=$p") ||
		    return 1
		printf '%s\n' "$page" >>"$acc"
		[ "$(printf '%s\n' "$page" | jq length)" = 100 ] || break
		p=$((p + 1))
	done
	jq -s 'add // []' "$acc"
	rm -f "$acc"
}

# The normalized fields tix shows, from its JSON tickets, for comparing.
CB_JQ_TIX='map({id, status, priority, raw_status: .raw.status,
    raw_priority: .raw.priority, customer_id, user_id, category_id,
    tags: (.tags | sort), subject, created_at, updated_at}) | sort_by(.id)'

# The same from the Zendesk API's tickets.
CB_JQ_ZD='def s: if . == null then null else tostring end;
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
CB_JQ_FD='def s: if . == null then null else tostring end;
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
