#!/bin/bash
# r composes a public reply in $EDITOR: the draft is private (0600 in a
# 0700 directory of its own, removed afterwards) and the reply shows in
# the thread, not marked internal.
. "$(dirname "$0")/lib.sh"

e2e_start 160 48
e2e_wait_loaded
e2e_pick "account:globex status:active -tag:hostile -tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"

word=$(e2e_unique reply)
e2e_editor_line "Public answer $word sent"
e2e_assert_not "$word"
e2e_keys r
e2e_until "the reply to be queued" -- e2e_last_line_has "reply queued"
# (tix scrolls to the new note when it is queued, but not again when
# the thread grows later, so look at the end of the thread.)
e2e_keys Tab
e2e_thread_end_until "Public answer $word sent"
e2e_check_draft

e2e_until "the reply to be confirmed" -- e2e_absent "sending"
e2e_thread_end_until "Public answer $word sent"
header=$(e2e_note_header "$word") || e2e_fail "no header above the reply"
e2e_log "reply header: $header"
case $header in
*"[internal]"*) e2e_fail "the public reply is marked internal: \"$header\"" ;;
"") e2e_fail "the reply has no author line" ;;
esac

e2e_quit
