# tests/e2e/lib_tui.sh: the terminal part of the e2e harness, sourced by
# tests/e2e/lib.sh (never on its own): run the real tix in tmux, type
# keys, read the screen.
#
#	e2e_start 160 48		# tix --demo in a 160x48 terminal
#	e2e_wait_for "acme"		# bounded poll of the screen
#	e2e_keys j Enter
#	e2e_quit			# q, then a clean exit with status 0
#
# tmux runs on its own socket in $E2E_TMP/tmux and is killed on exit.
# Without tmux, e2e_start skips the test (77), except under CI=true.

E2E_SOCKET=tix-e2e-$$
E2E_TARGET=tix:0.0

# tmux on a private socket in a private directory.
e2e_tmux() {
	TMUX_TMPDIR="$E2E_TMP/tmux" tmux -L "$E2E_SOCKET" "$@"
}

# The screen as text (lines of the pane, trailing spaces trimmed).
e2e_screen() {
	e2e_tmux capture-pane -p -t "$E2E_TARGET" 2>/dev/null
}

# The screen with colour and attribute escapes, as tmux sees it.
e2e_screen_escapes() {
	e2e_tmux capture-pane -p -e -t "$E2E_TARGET" 2>/dev/null
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
	e2e_need tmux
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
		# Ctrl-C reaches the whole pane: the shell must outlive it
		# to record tix's status (a handler, unlike '', is not
		# inherited by tix).
		echo 'trap : INT'
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

# Start afresh after tix has ended: e2e_restart W H [ARGS...].
e2e_restart() {
	e2e_tmux kill-server >/dev/null 2>&1
	rm -f "$E2E_TMP/exit" "$E2E_TMP/stderr"
	e2e_start "$@"
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
# $E2E_TMP/editor.log, one "key=value" per line.  With a number in
# $E2E_TMP/editor-sleep it then stays open that many seconds, as an agent
# still writing would, after leaving $E2E_TMP/editor-open.
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
if [ -s "$dir/editor-sleep" ]; then
	: >"$dir/editor-open"
	sleep "$(cat "$dir/editor-sleep")"
fi
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

# ---- Reading tix's screen ------------------------------------------------
#
# These helpers know tix's layout: a header line, the list (a column-title
# line "  Ticket  Status ...", then one row per ticket starting with its
# ACCOUNT:ID), the thread and customer panes (titled " Thread" and
# " Customer" when stacked, right of a vertical rule when wide), the status
# line with each account's sync state, and the message line at the bottom.

E2E_REF_RE='(acme|globex|initech):[0-9]+'

# The list's rows (the left part of the screen from the column titles to
# the first pane title), one per line.
e2e_list_rows() {
	e2e_screen | sed -n '/^  Ticket  /,/^ \(Thread\|Customer\)\b/p' |
	    sed -e '1d' -e '/^ \(Thread\|Customer\)\b/d' -e 's/│.*//' |
	    grep -E "^ [ NU]$E2E_REF_RE" || true
}

# The ACCOUNT:ID of each list row, in order.
e2e_list_refs() {
	e2e_list_rows | grep -oE "$E2E_REF_RE" || true
}

# The list row of one ticket.
e2e_row() {
	e2e_list_rows | grep -E "^ [ NU]$1 " || true
}

# The bottom line: messages, questions, the line editor.
e2e_message() {
	e2e_screen | tail -n 1
}

# Does the bottom line (screen on stdin) contain a string?
e2e_last_line_has() {
	tail -n 1 | grep -qF -- "$1"
}

# Wait until every demo account has finished its first load.
e2e_wait_loaded() {
	e2e_wait_for_re 'acme ✓.*globex ✓.*initech ✓' "${1:-$E2E_TIMEOUT}"
}

# Set the list filter (an empty string clears it).
e2e_filter() {
	e2e_keys /
	e2e_until "the filter prompt" -- e2e_last_line_has 'Filter:'
	e2e_keys C-u
	[ -z "$1" ] || e2e_type "$1"
	e2e_keys Enter
	if [ -n "$1" ]; then
		e2e_wait_for "filter: $1"
	else
		e2e_wait_gone "filter: "
	fi
}

# The first ticket of the list under a filter, for tests that need "any
# ticket with these properties", into $E2E_PICKED.  Fails when none
# matches.
e2e_pick() {
	e2e_filter "$1"
	e2e_until "a ticket matching \"$1\"" -- grep -qE "^ [ NU]$E2E_REF_RE "
	E2E_PICKED=$(e2e_list_refs | head -n 1)
	[ -n "$E2E_PICKED" ] || e2e_fail "no ticket matches \"$1\""
	e2e_log "picked $E2E_PICKED for \"$1\""
}

# Open one ticket: filter the list down to it, select it, press Enter, and
# wait until the thread pane shows it.
e2e_open() {
	local ref=$1 i n
	e2e_filter "account:${ref%%:*} ${ref#*:}"
	e2e_until "$ref in the list" -- grep -qE "^ [ NU]$ref "
	i=$(e2e_list_refs | grep -nxF "$ref" | head -n 1 | cut -d: -f1)
	[ -n "$i" ] || e2e_fail "$ref is not in the list"
	e2e_keys g
	for ((n = 1; n < i; n++)); do
		e2e_keys j
	done
	e2e_keys Enter
	e2e_wait_for "Thread $ref"
}

# The items of the open picker (between its title and its key hints), one
# per line, with the current-value mark "*" kept at the start.
e2e_picker_items() {
	e2e_screen | sed -n "/$1/,/Enter choose/p" | sed -e '1d' -e '$d' |
	    sed -n 's/^[^│]*│\([^│]*\)│.*/\1/p' | sed 's/ *$//'
}

# Line number (1-based) of the first screen line matching an extended
# regular expression, or nothing.
e2e_line_of() {
	e2e_screen | grep -nE -- "$1" | head -n 1 | cut -d: -f1
}

# A phrase of up to four words from a text that is not on the screen now
# (so that its appearance later means something) and that stays on one
# screen line when a pane wraps the text.  Into $E2E_PHRASE.
e2e_new_phrase() {
	local screen words n i j phrase
	screen=$(e2e_screen)
	E2E_PHRASE=
	while IFS= read -r line; do
		read -r -a words <<<"$line"
		n=${#words[@]}
		for ((i = 0; i + 3 <= n; i++)); do
			phrase=${words[i]}
			for ((j = i + 1; j < i + 4 && j < n; j++)); do
				phrase="$phrase ${words[j]}"
			done
			if ! grep -qF -- "$phrase" <<<"$screen"; then
				E2E_PHRASE=$phrase
				return 0
			fi
		done
	done <<<"$1"
	e2e_fail "no phrase of \"$1\" is missing from the screen"
}

# The list test, at the current size: rows from every account, then Enter
# on an ordinary ticket shows its thread and its customer in their panes.
# layout is "wide" (panes beside the list) or "stacked" (below it).
e2e_check_panes() {
	local layout=$1 a ref i n subject phrase name email line left right
	local list_end thread_at customer_at found=0

	for a in acme globex initech; do
		e2e_until "a $a ticket in the list" -- grep -qE "^ [ NU]$a:[0-9]+ "
	done
	e2e_wait_loaded
	n=$(e2e_list_refs | wc -l)
	[ "$n" -ge "$2" ] || e2e_fail "only $n ticket rows, expected $2 or more"

	# An ordinary ticket (the demo's hostile ones have their own test).
	i=$(e2e_list_rows | grep -nvE 'hostile|locked' | head -n 1 | cut -d: -f1)
	[ -n "$i" ] || e2e_fail "no ordinary ticket in the list"
	ref=$(e2e_list_refs | sed -n "${i}p")
	subject=$(e2e_fact "$ref" .ticket.subject) &&
	    phrase=$(e2e_fact "$ref" .ticket.description) &&
	    name=$(e2e_fact "$ref" .customer.name) &&
	    email=$(e2e_fact "$ref" '.customer.emails[0].email') ||
	    e2e_fail "could not read $ref with tix show"
	e2e_new_phrase "$phrase"
	phrase=$E2E_PHRASE
	e2e_log "opening $ref: \"$subject\" from $name"

	# Nothing of it is in the thread or customer pane yet.
	e2e_assert_not "Thread $ref"
	e2e_assert_not "$phrase"
	e2e_assert_not "$email"

	e2e_keys g
	for ((n = 1; n < i; n++)); do
		e2e_keys j
	done
	e2e_keys Enter
	e2e_wait_for "Thread $ref"
	e2e_wait_for "$phrase"
	e2e_wait_for "$email"

	if [ "$layout" = wide ]; then
		# Thread text sits right of the rule on a line that also holds a
		# list row.
		while IFS= read -r line; do
			left=${line%%│*}
			right=${line#*│}
			[ "$left" != "$line" ] || continue
			if printf '%s\n' "$left" | grep -qE "^ [ NU]$E2E_REF_RE " &&
			    printf '%s\n' "$right" | grep -qF -- "$phrase"; then
				found=1
			fi
		done < <(e2e_screen)
		[ "$found" = 1 ] || e2e_fail "the thread is not beside the list"
		e2e_screen | grep -qE "│ ?$name" ||
		    e2e_fail "the customer pane does not show $name"
	else
		# Stacked: list rows, then the thread, then the customer.
		list_end=$(e2e_screen | grep -nE "^ [ NU]$E2E_REF_RE " |
		    tail -n 1 | cut -d: -f1)
		thread_at=$(e2e_line_of "^ Thread $ref")
		customer_at=$(e2e_line_of '^ Customer$')
		[ -n "$thread_at" ] && [ -n "$customer_at" ] ||
		    e2e_fail "no thread or customer pane title"
		[ "$list_end" -lt "$thread_at" ] ||
		    e2e_fail "the thread pane is not below the list"
		[ "$thread_at" -lt "$customer_at" ] ||
		    e2e_fail "the customer pane is not below the thread"
		e2e_screen | sed -n "$((customer_at + 1)),\$p" | grep -qF -- "$name" ||
		    e2e_fail "the customer pane does not show $name"
		e2e_screen | sed -n "$((thread_at + 1)),$((customer_at - 1))p" |
		    grep -qF -- "$phrase" ||
		    e2e_fail "the thread pane does not show the description"
	fi
}


# The thread pane's lines: right of the rule when wide, between the
# " Thread" and " Customer" titles when stacked.
e2e_thread_lines() {
	local screen
	screen=$(e2e_screen)
	if grep -q '│ Thread' <<<"$screen"; then
		sed -n 's/^[^│]*│//p' <<<"$screen" | sed '/^ Customer$/,$d'
	else
		sed -n '/^ Thread/,/^ Customer$/p' <<<"$screen" | sed '$d'
	fi
}

# The header line (author, time, tags) of the note in the thread whose
# text contains a string: the nearest line above it that is not indented
# like note text.
e2e_note_header() {
	e2e_thread_lines | awk -v s="$1" '
	    index($0, s) { print hdr; found = 1; exit }
	    /^ [^ ]/ { hdr = $0 }
	    END { exit !found }'
}

# Check the draft the editor was given: a file of mode 0600 in a directory
# of mode 0700 of its own under $TMPDIR, both removed once tix is done
# with them (poll: tix removes them after the editor returns).
e2e_check_draft() {
	local file dir end=$((SECONDS + E2E_TIMEOUT))
	file=$(e2e_editor_get file)
	dir=$(e2e_editor_get dir)
	[ "$(e2e_editor_get file_mode)" = 600 ] ||
	    e2e_fail "the draft $file had mode $(e2e_editor_get file_mode), not 600"
	[ "$(e2e_editor_get dir_mode)" = 700 ] ||
	    e2e_fail "the draft's directory had mode $(e2e_editor_get dir_mode), not 700"
	case $dir in
	"$E2E_TMP/tmp/"?*) ;;
	*) e2e_fail "the draft's directory $dir is not a new directory in \$TMPDIR" ;;
	esac
	while [ -e "$file" ] || [ -e "$dir" ]; do
		[ "$SECONDS" -lt "$end" ] ||
		    e2e_fail "the draft $file or its directory was left behind"
		sleep 0.1
	done
	[ -z "$(ls -A "$E2E_TMP/tmp")" ] ||
	    e2e_fail "files left in \$TMPDIR: $(ls -A "$E2E_TMP/tmp")"
}


# Wait until an account has synced again: its age in the status line
# (seconds since its last good poll) first grows to 2s or more, then drops
# back to 0s or 1s.
e2e_wait_poll() {
	e2e_wait_for_re "$1 ✓ ([2-9]|[0-9]{2,})s" 30
	e2e_wait_for_re "$1 ✓ [01]s" 30
}

# Open the picker of a key and wait for its title.
e2e_picker() {
	e2e_keys "$1"
	e2e_wait_for "$2"
	e2e_wait_for "Enter choose"
}



# Wait until the open ticket's notes have loaded: the thread shows at
# least one note header (author, two spaces, date and time).
e2e_wait_thread_loaded() {
	e2e_until "the thread's notes" -- e2e_has_note_header
}
e2e_has_note_header() {
	local screen
	screen=$(cat)
	if grep -q '│ Thread' <<<"$screen"; then
		screen=$(sed -n 's/^[^│]*│//p' <<<"$screen")
	fi
	grep -vE '^ created ' <<<"$screen" |
	    grep -qE '^ [^ ].*  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}'
}


# Keep the focused pane (the thread, after one Tab from the list)
# scrolled to its end (G) until a string shows in the thread, as a user
# would look for a new note.
e2e_thread_end_until() {
	local end=$((SECONDS + E2E_TIMEOUT))
	while :; do
		e2e_keys G
		sleep 0.2
		e2e_thread_lines | grep -qF -- "$1" && return 0
		[ "$SECONDS" -lt "$end" ] ||
		    e2e_fail "waited ${E2E_TIMEOUT}s for \"$1\" at the end of the thread"
	done
}

e2e_editor_install
