#!/bin/bash
# A write the platform refuses is reverted, and the status line says why:
# the demo's ticket tagged "locked" refuses every change.
. "$(dirname "$0")/lib.sh"

e2e_start 120 32
e2e_wait_loaded
e2e_pick "account:globex tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"
before=$(e2e_thread_lines | grep -oE 'status [^ ]+' | head -n 1)
row=$(e2e_row "$ref")
[ -n "$before" ] && [ -n "$row" ] || e2e_fail "no status for $ref"
e2e_assert_not "locked by another agent"

e2e_keys s
e2e_wait_for "locked by another agent"
e2e_message | grep -qF "$ref" ||
    e2e_fail "the message does not name the ticket: $(e2e_message)"
# Reverted: the status is what it was, and nothing is pending.
e2e_until "the status to revert" -- grep -qF "$before "
[ "$(e2e_row "$ref")" = "$row" ] ||
    e2e_fail "the row did not revert: \"$(e2e_row "$ref")\" (was \"$row\")"

# The same for the priority (after another message replaced this one).
e2e_filter "account:globex tag:locked"
e2e_wait_gone "locked by another agent"
e2e_picker p "Priority of $ref"
if e2e_picker_items "Priority of $ref" | head -n 1 | grep -q '^\*'; then
	e2e_keys G Enter
else
	e2e_keys g Enter
fi
e2e_wait_gone "Enter choose"
e2e_wait_for "locked by another agent"
e2e_until "the priority to revert" -- grep -qF "$row"
e2e_quit
