#!/bin/bash
# s toggles the status: an active ticket closes (the row and the thread
# show the platform's closed status, and the status:closed filter finds
# it), and s again reopens it.
. "$(dirname "$0")/lib.sh"

e2e_start 120 32
e2e_wait_loaded
e2e_pick "account:acme status:active -tag:hostile -tag:locked"
ref=$E2E_PICKED
id=${ref#*:}
e2e_open "$ref"
before=$(e2e_thread_lines | grep -oE 'status [^ ]+' | head -n 1)
[ -n "$before" ] || e2e_fail "no status in the thread"
e2e_log "$ref: $before"

e2e_keys s
e2e_until "the status to change from \"$before\"" -- e2e_absent "$before "
e2e_until "the change to be confirmed" -- grep -qE "status [a-zA-Z]+( |$)"
after=$(e2e_thread_lines | grep -oE 'status [^ ]+' | head -n 1)
e2e_log "$ref: $after"
e2e_row "$ref" | grep -qF " ${after#status } " ||
    e2e_fail "the row does not show ${after#status }: $(e2e_row "$ref")"

# It is closed, and stays closed after the next poll.
e2e_wait_poll acme
e2e_filter "status:closed account:acme $id"
e2e_until "$ref among the closed tickets" -- grep -qE "^ [ NU]$ref "
e2e_filter "status:active account:acme $id"
e2e_wait_for "no tickets match"

# s again reopens it.
e2e_filter "status:closed account:acme $id"
e2e_until "$ref among the closed tickets" -- grep -qE "^ [ NU]$ref "
e2e_keys g s
e2e_filter "status:active account:acme $id"
e2e_until "$ref among the active tickets again" -- grep -qE "^ [ NU]$ref "
e2e_until "the reopening to be confirmed" -- grep -qE "^ [ NU]$ref +[a-z]+ "
e2e_quit
