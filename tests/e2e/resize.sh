#!/bin/bash
# Resizing re-lays the panes out: side by side at 160x48, stacked at
# 100x30 and back at 120x32; at 20x10 tix says the terminal is too small,
# keeps running, and q still quits cleanly.
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

e2e_resize 120 32
e2e_until "the panes at 120x32" -- grep -qE "^ Thread $ref"
e2e_until "the list at 120x32" -- grep -qE "^ [ NU]$ref "

e2e_resize 20 10
e2e_wait_for "too small"
e2e_assert_not "Thread $ref"
e2e_assert_not "$ref"
e2e_alive || e2e_fail "tix died at 20x10"

e2e_quit
