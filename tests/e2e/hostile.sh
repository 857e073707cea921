#!/bin/bash
# Hostile text from the demo (escape sequences, OSC titles, invalid UTF-8,
# bidi overrides, emoji, CJK, combining marks) renders inert: no colour or
# attribute escapes from it reach the terminal (checked under NO_COLOR, so
# tix itself draws no colour), the window title stays, nothing of an OSC
# payload shows, and the columns after the subject line up on every row.
. "$(dirname "$0")/lib.sh"

e2e_env NO_COLOR=1
e2e_start 160 48
e2e_wait_loaded
title=$(e2e_title)
e2e_filter hostile
e2e_until "hostile tickets" -- grep -qE "^ [ NU]$E2E_REF_RE +.*hostile"

# Open every hostile ticket, so that its body is drawn too.
mapfile -t refs < <(e2e_list_refs)
[ "${#refs[@]}" -ge 8 ] || e2e_fail "only ${#refs[@]} hostile tickets"
e2e_keys g
for ((i = 0; i < ${#refs[@]}; i++)); do
	[ "$i" -eq 0 ] || e2e_keys j
	e2e_keys Enter
	e2e_wait_for "Thread ${refs[i]}"
	e2e_alive || e2e_fail "tix died on ${refs[i]}"
	e2e_assert_not pwned
	[ "$(e2e_title)" = "$title" ] ||
	    e2e_fail "${refs[i]} changed the title to \"$(e2e_title)\""
	case $(e2e_window_name) in
	*pwned*) e2e_fail "${refs[i]} renamed the window" ;;
	esac

	# Colour (30-38, 40-48, 90-97, 100-107), blink (5, 6) or
	# concealed (8) attributes can only have come from the text.
	bad=$(e2e_screen_escapes | grep -oE $'\e\\[[0-9;:]*m' |
	    tr -d '\033[m' | tr ';:' '\n\n' |
	    grep -xE '3[0-8]|4[0-8]|9[0-7]|10[0-7]|5|6|8' | sort -u | tr '\n' ' ')
	[ -z "$bad" ] || e2e_fail "${refs[i]}: SGR $bad reached the terminal"
done

# The text is there, shown, not dropped.
e2e_assert_has "注文がまだ"
e2e_assert_has "🎉"
e2e_assert_has "hostile URGENT refund"
e2e_assert_not $'\u202e'

# Columns line up: the rule after the Age column is at the same display
# column on the column-title line and on every row.
want=$(e2e_screen | grep -E '^  Ticket ' | head -n 1)
want=$(printf '%s' "${want%%│*}" | wc -L)
while IFS= read -r line; do
	got=$(printf '%s' "${line%%│*}" | wc -L)
	[ "$got" = "$want" ] ||
	    e2e_fail "misaligned row (rule at column $got, not $want): $line"
done < <(e2e_screen | grep -E "^ [ NU]$E2E_REF_RE ")

e2e_alive || e2e_fail "tix died"
e2e_quit
