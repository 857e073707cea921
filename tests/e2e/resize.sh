#!/bin/bash
# Resizing re-lays the panes out: side by side at 160x48, stacked at
# 100x30; at 20x10 tix says the terminal is too small and keeps running;
# back at 120x32 the panes return, and q quits cleanly.
. "$(dirname "$0")/lib.sh"

e2e_start 160 48
e2e_wait_loaded
e2e_pick "account:acme -tag:hostile -tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"
# Wide: the thread is right of the rule, on the list's lines.
e2e_wait_for "│ Thread $ref"

e2e_resize 100 30
e2e_until "the stacked layout" -- grep -qE "^ Thread $ref"
e2e_assert_not "│ Thread"
e2e_until "the customer pane below" -- grep -qE '^ Customer$'

e2e_resize 20 10
e2e_wait_for "too small"
e2e_assert_not "Thread $ref"
e2e_alive || e2e_fail "tix died at 20x10"

e2e_resize 120 32
e2e_until "the panes back" -- grep -qE "^ Thread $ref"
e2e_assert_not "too small"
e2e_until "the list back" -- grep -qE "^ [ NU]$ref "
e2e_alive || e2e_fail "tix died after the resizes"
e2e_quit
