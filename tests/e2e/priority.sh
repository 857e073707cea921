#!/bin/bash
# p sets the priority from a picker: urgent shows at once (pending), then
# stays once the demo has confirmed it and polled again.
. "$(dirname "$0")/lib.sh"

e2e_start 120 32
e2e_wait_loaded
e2e_pick "account:initech status:active -priority:urgent -tag:hostile -tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"
row=$(e2e_row "$ref")
case $row in
*" urgent"*) e2e_fail "$ref is urgent already: $row" ;;
esac

e2e_picker p "Priority of $ref"
items=$(e2e_picker_items "Priority of $ref")
grep -qx '[ *] *urgent' <<<"$items" || e2e_fail "no urgent in the picker: $items"
e2e_keys G Enter
e2e_wait_gone "Enter choose"

# Confirmed: urgent in the row and the thread, no pending mark.
e2e_until "urgent, confirmed, in the row" -- grep -qE "^ [ NU]$ref .* urgent "
e2e_until "urgent, confirmed, in the thread" -- grep -qE "priority urgent( |$)"

# Still urgent after the account's next poll.
e2e_wait_poll initech
e2e_row "$ref" | grep -qE " urgent " ||
    e2e_fail "the priority did not stay: $(e2e_row "$ref")"
e2e_assert_not "urgent…"
e2e_quit
