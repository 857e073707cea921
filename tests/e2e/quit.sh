#!/bin/bash
# q quits at once when nothing is pending, but asks first while a write is
# unconfirmed (here a note the demo's locked ticket refused, still in the
# outbox): n keeps tix running, q then y quits with status 0, gives the
# terminal back, and prints the note that did not get there on stderr.
. "$(dirname "$0")/lib.sh"

e2e_start 120 32
e2e_wait_loaded
e2e_pick "account:initech tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"

word=$(e2e_unique note)
e2e_editor_line "Please hold $word"
e2e_keys i
e2e_wait_for "locked by another agent"
e2e_wait_for_re "1 failed$"

e2e_keys q
e2e_until "the question" -- e2e_last_line_has "quit anyway?"
e2e_keys n
e2e_until "the answer" -- e2e_last_line_has "not quitting"
e2e_alive || e2e_fail "tix quit although told not to"

e2e_keys q
e2e_until "the question again" -- e2e_last_line_has "quit anyway?"
e2e_keys y
e2e_wait_exit 0
# The terminal is back: the list is no longer on the screen.
e2e_until "the screen to be given back" -- e2e_absent "$ref"
grep -q "^tix: $ref internal note:" "$E2E_TMP/stderr" &&
    grep -q "^    Please hold $word$" "$E2E_TMP/stderr" ||
    e2e_fail "the note left behind is not on stderr: $(cat "$E2E_TMP/stderr")"
