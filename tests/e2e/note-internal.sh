#!/bin/bash
# i composes an internal note in $EDITOR: the draft is private (0600 in a
# 0700 directory of its own, removed afterwards) and the note shows in the
# thread marked [internal].
. "$(dirname "$0")/lib.sh"

e2e_start 160 48
e2e_wait_loaded
e2e_pick "account:acme status:active -tag:hostile -tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"

word=$(e2e_unique note)
e2e_editor_line "Internal check $word done"
e2e_assert_not "$word"
e2e_keys i
e2e_until "the internal note to be queued" -- e2e_last_line_has "internal note queued"
# (tix scrolls to the new note when it is queued, but not again when
# the thread grows later, so look at the end of the thread.)
e2e_keys Tab
e2e_thread_end_until "Internal check $word done"
e2e_check_draft

# Confirmed by the demo (no longer sending), and marked internal.
e2e_until "the note to be confirmed" -- e2e_absent "sending"
e2e_thread_end_until "Internal check $word done"
header=$(e2e_note_header "$word") || e2e_fail "no header above the note"
e2e_log "note header: $header"
case $header in
*"[internal]"*) ;;
*) e2e_fail "the note is not marked [internal]: \"$header\"" ;;
esac

e2e_quit
