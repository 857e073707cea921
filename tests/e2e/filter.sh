#!/bin/bash
# / filters the list: "hostile" keeps only the demo's hostile tickets,
# the header counts them, and clearing the filter brings everything back.
. "$(dirname "$0")/lib.sh"

e2e_start 120 40
e2e_wait_loaded
e2e_until "ordinary tickets in the list" -- grep -qE "^ [ NU]$E2E_REF_RE .*" 
total=$(e2e_screen | grep -oE 'Inbox [0-9]+/[0-9]+' | head -n 1)
e2e_log "before: $total"
e2e_list_rows | grep -qv hostile || e2e_fail "only hostile tickets before filtering"

e2e_filter hostile
e2e_until "the list to narrow" -- e2e_absent "$total"
rows=$(e2e_list_rows)
n=$(grep -c . <<<"$rows")
[ "$n" -ge 3 ] || e2e_fail "only $n hostile tickets listed"
if grep -v hostile <<<"$rows"; then
	e2e_fail "rows without \"hostile\" under the filter"
fi
shown=$(e2e_screen | grep -oE 'Inbox [0-9]+/[0-9]+' | head -n 1)
e2e_log "after: $shown"
count=${shown#Inbox }
[ "${count%/*}" -lt "${count#*/}" ] || e2e_fail "the header does not count fewer tickets: $shown"

# A filter that matches nothing says so.
e2e_filter "no-such-ticket-$$"
e2e_wait_for "no tickets match"

e2e_filter ""
e2e_wait_for "$total"
e2e_list_rows | grep -qv hostile || e2e_fail "the filter did not clear"
e2e_quit
