#!/bin/bash
# ? shows help generated from the key map: every triage key with what it
# does; q closes it and the list is back.
. "$(dirname "$0")/lib.sh"

e2e_start 120 40
e2e_wait_loaded
e2e_assert_not "add an internal note"

e2e_keys '?'
e2e_wait_for "add an internal note"
screen=$(e2e_screen)
for key in j k PgDn PgUp g G Enter Tab r i p c a s t / '?' q; do
	[ "$key" = '?' ] && key='\?'
	grep -qE "^   ([^ ]+, )*$key(,| )" <<<"$screen" ||
	    e2e_fail "the help does not list the key $key"
done
e2e_list_rows | grep -q . && e2e_fail "the list shows through the help"

e2e_keys q
e2e_wait_gone "add an internal note"
e2e_until "the list back" -- grep -qE "^ [ NU]$E2E_REF_RE "
e2e_quit
