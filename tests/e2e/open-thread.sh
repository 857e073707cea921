#!/bin/bash
# Enter opens the selected ticket: j moves the selection down, and the
# thread shows that ticket's subject and description, then its notes with
# their authors; k and Enter open another one.
. "$(dirname "$0")/lib.sh"

e2e_start 160 48
e2e_wait_loaded
e2e_filter "account:acme -tag:hostile -tag:locked"
e2e_until "tickets in the list" -- grep -qE "^ [ NU]acme:[0-9]+ "
mapfile -t refs < <(e2e_list_refs)
[ "${#refs[@]}" -ge 3 ] || e2e_fail "fewer than 3 tickets listed"
ref=${refs[2]}
other=${refs[0]}

subject=$(e2e_fact "$ref" .ticket.subject) &&
    desc=$(e2e_fact "$ref" .ticket.description) ||
    e2e_fail "cannot read $ref with tix show"
e2e_new_phrase "$desc"
phrase=$E2E_PHRASE
e2e_assert_not "Thread $ref"

e2e_keys g j j Enter
e2e_wait_for "Thread $ref"
e2e_until "the subject in the thread" -- grep -qF "│ $subject"
e2e_wait_for "$phrase"
name=$(e2e_fact "$ref" .customer.name) || e2e_fail "no customer for $ref"
e2e_thread_lines | grep -qE "^ $name  " ||
    e2e_fail "no note by the customer $name in the thread"

e2e_keys k k Enter
e2e_wait_for "Thread $other"
e2e_assert_not "Thread $ref"
e2e_quit
