#!/bin/bash
# tests/e2e/combined_faults.sh: the tix CLI against a faulted tix-emu, for
# each fault flag and each platform (Zendesk as account zd, Freshdesk as
# fd).  For every run of "tix list --json --account A" and "tix note":
#
#  - no crash: exit status 0 or 1, never a signal, no sanitizer report;
#  - no hang: each command runs under timeout 60 (124 is a failure);
#  - on exit 1, a single line on stderr that names the account;
#  - 429, 5xx, slow and dropped answers: the list still succeeds (waits
#    and retries) with every ticket;
#  - a note is added at most once (the emulator's duplicate_notes stays
#    0), exactly once when tix says it was added, and when tix says it
#    failed after the write may have happened, the message says the
#    outcome is unknown; --fault-drop-after-write: the write is kept by
#    the emulator, tix says the outcome is unknown, the ticket has
#    exactly one note more and no duplicate;
#  - --hostile: plain "tix list" and "tix show" print no ESC, no C0 other
#    than newline and tab, no DEL, no C1 and only valid UTF-8; the JSON
#    stays valid; the 10,000-note thread and the 1 MB description load.
#
# Offline (127.0.0.1 only).  Skips (77) without jq, curl or tix-emu.

. "$(dirname "$0")/lib.sh"
e2e_need jq curl perl emu

N=150		# tickets per emulator
NOTE_ID=100	# the ticket the notes go to (active or not, notes are fine)

# Did the failed command print one line naming the account?
one_line_naming() {
	local acct=$1 what=$2 lines
	lines=$(grep -c '' "$E2E_TMP/err")
	if [ "$lines" != 1 ]; then
		e2e_bad "$what: $lines lines on stderr, not 1"
		return 1
	fi
	if ! grep -qE "(^|[^[:alnum:]])$acct([: ]|\$)" "$E2E_TMP/err"; then
		e2e_bad "$what: the message does not name $acct: $(cat \
		    "$E2E_TMP/err")"
		return 1
	fi
	return 0
}

# The note count of a ticket, from the admin path (never faulted).
notes_of() {
	e2e_admin "$1" "/tickets/$2" | jq '.notes | length'
}

dups_of() {
	e2e_admin "$1" /stats | jq '.duplicate_notes'
}

# run_fault PROVIDER ACCT LIST-MUST-SUCCEED FLAGS...
run_fault() {
	local provider=$1 acct=$2 must=$3 var admin before after dups what
	shift 3
	e2e_stop_emus		# the previous run's
	var=E${#E2E_EMU_PIDS[@]}
	e2e_emu "$var" "$provider" --seed 303 --tickets "$N" "$@"
	admin=${var}_ADMIN
	admin=${!admin}
	base=${var}_BASE
	base=${!base}
	e2e_config_one "$E2E_TMP/config/tix/config" "$acct" "$provider" "$base"
	what="$acct $*"

	# The list.
	e2e_tix list --json --account "$acct"
	if e2e_sane "$what: list"; then
		if [ "$RC" = 0 ]; then
			n=$(jq length "$E2E_TMP/out" 2>/dev/null)
			if [ "$n" = "$N" ]; then
				e2e_ok "$what: list: $N tickets"
			else
				e2e_bad "$what: list: exit 0 with ${n:-no} JSON" \
				    "tickets, not $N"
			fi
		elif [ "$must" = yes ]; then
			e2e_bad "$what: list failed; it should wait and retry"
		elif one_line_naming "$acct" "$what: list"; then
			e2e_ok "$what: list: $(cat "$E2E_TMP/err")"
		fi
	fi

	# A note.
	before=$(notes_of "$admin" "$NOTE_ID")
	e2e_tix note "$acct:$NOTE_ID" --internal -m "fault note $var $$"
	after=$(notes_of "$admin" "$NOTE_ID")
	dups=$(dups_of "$admin")
	if e2e_sane "$what: note"; then
		if [ "$dups" != 0 ]; then
			e2e_bad "$what: note: $dups duplicate notes"
		elif [ $((after - before)) -gt 1 ] ||
		    [ $((after - before)) -lt 0 ]; then
			e2e_bad "$what: note: the ticket went from $before" \
			    "to $after notes"
		elif [ "$RC" = 0 ] && [ "$after" != $((before + 1)) ]; then
			e2e_bad "$what: note: tix said added, the ticket has" \
			    "$after notes (was $before)"
		elif [ "$RC" = 0 ]; then
			e2e_ok "$what: note added once"
		elif one_line_naming "$acct" "$what: note"; then
			if [ "$after" = $((before + 1)) ] &&
			    ! grep -qiE 'unknown|may have' "$E2E_TMP/err"; then
				e2e_bad "$what: note: the emulator has it," \
				    "but tix said: $(cat "$E2E_TMP/err")"
			else
				e2e_ok "$what: note: $((after - before)) added;" \
				    "$(cat "$E2E_TMP/err")"
			fi
		fi
	fi
	LAST_ADMIN=$admin
	LAST_BASE=$base
	LAST_BEFORE=$before
	LAST_AFTER=$after
	LAST_VAR=$var
}

for p in zendesk:zd freshdesk:fd; do
	prov=${p%%:*}
	acct=${p#*:}

	run_fault "$prov" "$acct" yes --fault-429-every 3
	run_fault "$prov" "$acct" yes --fault-5xx-rate 0.2
	run_fault "$prov" "$acct" yes --fault-slow-ms 30
	run_fault "$prov" "$acct" yes --fault-drop-every 3
	run_fault "$prov" "$acct" no --fault-truncate-every 3
	run_fault "$prov" "$acct" no --fault-invalid-json-every 3

	# Every write's answer is lost: the note is kept by the emulator,
	# tix says the outcome is unknown, and nothing is sent twice.
	run_fault "$prov" "$acct" yes --fault-drop-after-write 1
	what="$acct --fault-drop-after-write 1"
	if [ "$RC" != 1 ]; then
		e2e_bad "$what: note: exit $RC although the answer was lost"
	elif ! grep -qiE 'unknown' "$E2E_TMP/err"; then
		e2e_bad "$what: note: the message does not say the outcome" \
		    "is unknown: $(cat "$E2E_TMP/err")"
	elif [ "$LAST_AFTER" != $((LAST_BEFORE + 1)) ]; then
		e2e_bad "$what: note: $LAST_BEFORE notes before, $LAST_AFTER" \
		    "after (exactly one more expected)"
	else
		e2e_ok "$what: note kept once, outcome unknown said"
	fi
	s=$(e2e_admin "$LAST_ADMIN" /stats)
	[ "$(printf '%s\n' "$s" | jq '.faults.drop_after_write')" -ge 1 ] ||
	    e2e_bad "$what: the fault never fired"

	# Hostile text.
	run_fault "$prov" "$acct" yes --hostile
	what="$acct --hostile"
	e2e_tix list --account "$acct"
	if e2e_sane "$what: plain list" && [ "$RC" = 0 ]; then
		if perl -e 'local $/; my $b = <STDIN>;
		    exit 1 if $b =~ /[\x00-\x08\x0b-\x1f\x7f]/;
		    utf8::decode($b) or exit 2;
		    exit 3 if $b =~ /[\x{80}-\x{9f}]/; exit 0' <"$E2E_TMP/out"
		then
			e2e_ok "$what: plain list: no ESC, controls or C1," \
			    "valid UTF-8"
		else
			e2e_bad "$what: plain list has control bytes or" \
			    "invalid UTF-8 (perl status $?): $(grep -naP \
			    '[\x00-\x08\x0b-\x1f\x7f]' "$E2E_TMP/out" |
			    head -n 3 | cat -v)"
		fi
		[ "$(grep -c "^$acct:" "$E2E_TMP/out")" = "$N" ] ||
		    e2e_bad "$what: plain list has" \
		    "$(grep -c "^$acct:" "$E2E_TMP/out") rows, not $N"
	else
		e2e_bad "$what: plain list: exit $RC"
	fi
	for id in 1 2 3 4 5; do
		e2e_tix show "$acct:$id"
		if e2e_sane "$what: show $id" && [ "$RC" = 0 ]; then
			perl -e 'local $/; my $b = <STDIN>;
			    exit 1 if $b =~ /[\x00-\x08\x0b-\x1f\x7f]/;
			    utf8::decode($b) or exit 2;
			    exit 3 if $b =~ /[\x{80}-\x{9f}]/; exit 0' \
			    <"$E2E_TMP/out" ||
			    e2e_bad "$what: show $acct:$id prints control" \
			    "bytes or invalid UTF-8 (perl status $?)"
		else
			e2e_bad "$what: show $acct:$id: exit $RC"
		fi
	done
	# Ticket 2's 10,000-note thread, all of it.
	e2e_tix show --json "$acct:2"
	if e2e_sane "$what: show --json 2" && [ "$RC" = 0 ]; then
		n=$(jq '.notes | length' "$E2E_TMP/out")
		want=$(e2e_admin "$LAST_ADMIN" /tickets/2 | jq '.notes | length')
		[ "$n" = "$want" ] && e2e_ok "$what: $acct:2 has all $n notes" ||
		    e2e_bad "$what: $acct:2 shows $n notes of $want"
	else
		e2e_bad "$what: show --json $acct:2: exit $RC"
	fi
done

e2e_done
