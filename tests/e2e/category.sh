#!/bin/bash
# c opens a category picker that shows the tree (children indented under
# their parent); the chosen category shows in the row and the thread.
. "$(dirname "$0")/lib.sh"

e2e_start 120 32
e2e_wait_loaded
e2e_pick "account:acme status:active -tag:hostile -tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"

e2e_picker c "Category of $ref"
items=$(e2e_picker_items "Category of $ref")
e2e_log "picker:"
printf '%s\n' "$items"
# The tree: some item is indented deeper than the one before it.
child=$(awk '{ m = substr($0, 1, 1); rest = substr($0, 2);
	       ind = match(rest, /[^ ]/) - 1
	       if (NR > 1 && ind > pind && m != "*") { print NR ":" substr(rest, ind + 1); exit }
	       pind = ind }' <<<"$items")
[ -n "$child" ] || e2e_fail "the picker shows no tree (no indented child)"
n=${child%%:*}
name=${child#*:}
name=${name% (inactive)}
e2e_log "choosing item $n: $name"
e2e_assert_not "category $name"

e2e_keys g
for ((i = 1; i < n; i++)); do
	e2e_keys j
done
e2e_keys Enter
e2e_wait_gone "Enter choose"
e2e_until "$name in the thread" -- grep -qE "category $name( |$)"
e2e_until "$name in the row" -- grep -qE "^ [ NU]$ref .* $name "
e2e_until "the change to be confirmed" -- grep -qE "^ [ NU]$ref +[a-z]+ "
e2e_quit
