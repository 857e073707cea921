#!/bin/bash
# a opens an agent picker with "me" first; choosing it assigns the ticket
# to me, and the row and the thread say so.
. "$(dirname "$0")/lib.sh"

e2e_start 120 32
e2e_wait_loaded
e2e_pick "account:globex status:active -assignee:me -tag:hostile -tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"
e2e_row "$ref" | grep -qE ' me ' && e2e_fail "$ref is assigned to me already"

e2e_picker a "Assign $ref"
items=$(e2e_picker_items "Assign $ref")
e2e_log "picker:"
printf '%s\n' "$items"
first=$(head -n 1 <<<"$items")
case $first in
[\ *]\ *"me ("*) ;;
*) e2e_fail "the first agent is not me: \"$first\"" ;;
esac
me=${first#*me (}
me=${me%)*}
[ "$(wc -l <<<"$items")" -ge 3 ] || e2e_fail "too few agents: $items"

e2e_keys g Enter
e2e_wait_gone "Enter choose"
e2e_until "me in the row" -- grep -qE "^ [ NU]$ref .* me "
e2e_until "me in the thread" -- grep -qE "assignee $me( |$)"
e2e_quit
