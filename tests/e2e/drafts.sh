#!/bin/bash
# tests/e2e/drafts.sh: a draft left by a crash is shown, then removed, at
# the next start.  tix --demo (tmux, 120x32) is killed with SIGKILL while
# the editor ($EDITOR, for a reply) has written the reply into the draft
# and is still open.  The next start of tix:
#
#  - prints on stderr, before the screen starts, that a draft from an
#    earlier run was found, and the draft's text;
#  - removes the draft and its directory;
#  - leaves alone what is not its own to take: the draft directory of a
#    tix that still runs, and a directory of another name;
#  - a start after that says nothing of drafts.
#
# Offline.  Skips (77) without tmux.

. "$(dirname "$0")/lib.sh"
e2e_need tmux

# An editor that writes the reply, says so, and stays open (the sleep is
# the editor's process, killed below by its pid).
cat >"$E2E_TMP/editor.sh" <<'EOF'
#!/bin/sh
dir=$(dirname "$0")
for last; do :; done
cat "$dir/editor-line" >>"$last"
echo "$last" >"$dir/editor-file"
echo $$ >"$dir/editor-pid"
exec sleep 120
EOF
chmod +x "$E2E_TMP/editor.sh"

# Not tix's to take: a draft of a tix that runs (this shell's pid stands
# for it) and a directory of another name.
live=$E2E_TMP/tmp/tix-draft-$$-AbC123
other=$E2E_TMP/tmp/tix-other
mkdir -m 700 "$live" "$other"
echo "live draft" >"$live/note.txt"
echo "other draft" >"$other/note.txt"

e2e_start 120 32
e2e_wait_loaded
e2e_pick "account:acme status:active -tag:hostile -tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"
word=$(e2e_unique draft)
e2e_editor_line "Half-written reply $word, second thoughts"
e2e_keys r
e2e_poll "the editor to write the draft" 20 test -s "$E2E_TMP/editor-pid"
draft=$(cat "$E2E_TMP/editor-file")
draft_dir=$(dirname "$draft")
grep -qF "$word" "$draft" || e2e_fail "the draft $draft lacks the reply"

# tix is the child of the pane's shell (run.sh).
shell_pid=$(e2e_tmux display -p -t "$E2E_TARGET" '#{pane_pid}')
tix_pid=$(pgrep -P "$shell_pid")
[ -n "$tix_pid" ] && [ "$(readlink -f "/proc/$tix_pid/exe")" = \
    "$(readlink -f "$E2E_TIX")" ] || e2e_fail "cannot find tix's pid"
e2e_log "killing tix ($tix_pid) with the editor open on $draft"
kill -KILL "$tix_pid"
e2e_wait_exit 137
kill "$(cat "$E2E_TMP/editor-pid")" 2>/dev/null
[ -e "$draft" ] || e2e_fail "the draft did not survive the crash"

# The next start shows the draft, then removes it.
e2e_tmux kill-server
rm -f "$E2E_TMP/exit"
e2e_start 120 32
e2e_wait_loaded
if grep -q "draft from an earlier run" "$E2E_TMP/stderr" &&
    grep -qF "Half-written reply $word, second thoughts" "$E2E_TMP/stderr"
then
	e2e_ok "the next start printed the draft"
else
	e2e_bad "the next start did not print the draft; stderr:" \
	    "$(head -c 400 "$E2E_TMP/stderr")"
fi
if [ -e "$draft_dir" ]; then
	e2e_bad "the draft's directory $draft_dir is still there"
else
	e2e_ok "the draft's directory is gone"
fi
if [ -e "$live/note.txt" ] && [ -e "$other/note.txt" ]; then
	e2e_ok "a running tix's draft and another directory are left alone"
else
	e2e_bad "tix removed a draft that was not its own to take"
fi
grep -qF "live draft" "$E2E_TMP/stderr" &&
    e2e_bad "tix printed a running tix's draft"
e2e_quit

# Nothing more to show.
e2e_tix --demo list
e2e_sane "list" && e2e_want_success "a start after that says nothing"
e2e_done
