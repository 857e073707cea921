#!/bin/bash
# Signals never lose a write.  Two notes are on their way to a slow desk
# (the demo holds each write 30 s): Ctrl-C asks, as q does, and n keeps
# tix running; SIGTERM then gives them a few seconds, restores the
# screen, prints both texts to stderr so the agent can post them again,
# and exits 1.  Then, with the editor open: SIGTERM waits for the agent
# to finish the note (which is then queued, and printed as not sent); a
# hang-up (SIGHUP to the terminal's processes) keeps what was written.
. "$(dirname "$0")/lib.sh"

E2E_ENV=(TIX_DEMO_WRITE_MS=30000)
e2e_start 160 48
e2e_wait_loaded
e2e_pick "account:acme status:active -tag:hostile -tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"

w1=$(e2e_unique first)
w2=$(e2e_unique second)
e2e_editor_line "Internal $w1 kept"
e2e_keys i
e2e_until "the note to be queued" -- e2e_last_line_has "queued"
e2e_editor_line "Reply $w2 kept"
e2e_keys r
e2e_until "the reply to be queued" -- e2e_last_line_has "reply queued"

# Ctrl-C while both are on their way: the same question as q.
e2e_keys C-c
e2e_until "Ctrl-C to ask" -- e2e_last_line_has "quit anyway? (y/n)"
e2e_keys n
e2e_until "the answer to be taken" -- e2e_last_line_has "not quitting"
e2e_alive || e2e_fail "tix stopped after Ctrl-C was answered n"

# SIGTERM to tix itself (the pane runs it under a shell).
shell=$(e2e_tmux display -p -t "$E2E_TARGET" '#{pane_pid}')
pid=$(pgrep -P "$shell" -x "$(basename "$E2E_TIX")" | head -n 1)
[ -n "$pid" ] || pid=$(pgrep -P "$shell" | head -n 1)
[ -n "$pid" ] || e2e_fail "no tix process under the pane's shell"
start=$SECONDS
kill -TERM "$pid"
e2e_wait_exit 1
e2e_log "stopped $((SECONDS - start)) s after SIGTERM"
[ $((SECONDS - start)) -le 15 ] ||
    e2e_fail "SIGTERM took $((SECONDS - start)) s, not a bounded few"
grep -q "Internal $w1 kept" "$E2E_TMP/stderr" ||
    e2e_fail "the internal note's text is not on stderr: $(cat "$E2E_TMP/stderr")"
grep -q "Reply $w2 kept" "$E2E_TMP/stderr" ||
    e2e_fail "the reply's text is not on stderr: $(cat "$E2E_TMP/stderr")"
grep -q "^tix: acme:[0-9]* internal note:" "$E2E_TMP/stderr" ||
    e2e_fail "stderr does not say which ticket and kind"
e2e_log "stderr: $(head -c 300 "$E2E_TMP/stderr")"

# tix's process under the pane's shell.
tix_pid() {
	local shell pid
	shell=$(e2e_tmux display -p -t "$E2E_TARGET" '#{pane_pid}')
	pid=$(pgrep -P "$shell" | head -n 1)
	[ -n "$pid" ] || e2e_fail "no tix process under the pane's shell"
	echo "$pid"
}

# Open the editor on a note that stays open for $1 seconds.
editor_open() {
	rm -f "$E2E_TMP/editor-open"
	echo "$1" >"$E2E_TMP/editor-sleep"
	e2e_keys i
	for _ in $(seq 100); do
		[ -e "$E2E_TMP/editor-open" ] && return 0
		sleep 0.1
	done
	e2e_fail "the editor did not open"
}

# SIGTERM while the editor is open: deferred, not ignored.
e2e_restart 160 48
e2e_wait_loaded
e2e_open "$ref"
w3=$(e2e_unique third)
e2e_editor_line "Deferred $w3 kept"
editor_open 3
start=$SECONDS
kill -TERM "$(tix_pid)"
e2e_wait_exit 1
[ $((SECONDS - start)) -ge 2 ] ||
    e2e_fail "tix stopped before the editor was done ($((SECONDS - start)) s)"
grep -q "Deferred $w3 kept" "$E2E_TMP/stderr" ||
    e2e_fail "the note written while SIGTERM waited is lost: $(cat "$E2E_TMP/stderr")"

# A hang-up while the editor is open: what was written is not lost.
e2e_restart 160 48
e2e_wait_loaded
e2e_open "$ref"
w4=$(e2e_unique fourth)
e2e_editor_line "Hung up $w4 kept"
editor_open 30
pid=$(tix_pid)
kill -HUP -- "-$(ps -o pgid= "$pid" | tr -d ' ')"
for _ in $(seq 150); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$pid" 2>/dev/null && e2e_fail "tix still runs after SIGHUP"
grep -q "Hung up $w4 kept" "$E2E_TMP/stderr" ||
    e2e_fail "the note being written at the hang-up is lost: $(cat "$E2E_TMP/stderr")"
