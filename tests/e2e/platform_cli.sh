#!/bin/bash
# tests/e2e/platform_cli.sh PROVIDER: the real tix binary on one account
# of PROVIDER (zendesk or freshdesk) served by tix-emu; run through
# tests/e2e/zendesk_cli.sh and freshdesk_cli.sh.  Checks that
#
#  - "tix list --json --account A" lists exactly the emulator's tickets
#    (ids and normalized fields compared with the API's own answer,
#    fetched with curl; on Freshdesk old tickets too, which it hides
#    without updated_since);
#  - "tix update" and "tix note" reach the emulator (each note exactly
#    once) and survive a re-fetch ("tix show --json");
#  - a wrong token or API key is refused in one clear line that does not
#    echo it;
#  - a note the platform stored but whose answer came cut short is said
#    to be maybe added ("check before sending again"), and is there once.
#
# One case per platform below says what differs: the emulator's data set,
# the category written, how the API names the change, what a refusal
# says.  Offline (127.0.0.1 only).  Skips (77) without jq, curl or tix-emu.

E2E_NAME=${E2E_NAME:-${1:-platform}_cli}
. "$(dirname "$0")/lib.sh"
e2e_need jq curl emu

case ${1:-} in
zendesk)
	ACCT=zd
	EMU_ARGS=(--tickets 120 --seed 7)
	api_all() { e2e_zd_all "$BASE"; }
	NORM=$E2E_JQ_ZD
	# A ticket that can be changed (closed ones cannot).
	PICK='[.[] | select(.status != "closed")][0].id'
	UPDATE=()
	API_TICKET=/tickets/ID.json
	API_UPDATED='.ticket | .priority == "urgent" and .status == "solved"
	    and (.tags | sort) == ["tix-e2e", "vip"]'
	RAW_CLOSED=solved
	SHOW_MORE='true'
	REFUSED='refused'
	;;
freshdesk)
	ACCT=fd
	EMU_ARGS=(--tickets 150 --seed 5)
	api_all() { e2e_fd_all "$BASE"; }
	NORM=$E2E_JQ_FD
	PICK='[.[] | select(.status == 2)][0].id'	# Open
	UPDATE=(--category Refund)
	API_TICKET=/tickets/ID
	API_UPDATED='.priority == 4 and .status == 4 and .type == "Refund"
	    and (.tags | sort) == ["tix-e2e", "vip"]'
	RAW_CLOSED=Resolved
	SHOW_MORE='.ticket.category_id == "Refund"'
	REFUSED='refused the API key'
	;;
*)
	echo "usage: $0 zendesk|freshdesk" >&2
	exit 99
	;;
esac

e2e_emu EMU "$1" "${EMU_ARGS[@]}"
BASE=$EMU_BASE
CONFIG=$E2E_TMP/config/tix/config
e2e_config_one "$CONFIG" "$ACCT" "$1" "$BASE"
api_all >"$E2E_TMP/api.json" ||
    { echo "$E2E_NAME: curl could not list the tickets" >&2; exit 99; }
api() {
	if [ "$ACCT" = zd ]; then
		e2e_zd "$BASE" "$1"
	else
		e2e_fd "$BASE" "$1"
	fi
}

# 1. list --json: exactly the emulator's tickets, normalized.
e2e_check_list "$ACCT" "$E2E_TMP/api.json" "$NORM"
if [ "$ACCT" = fd ]; then
	old=$(jq --arg t "$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:%SZ)" \
	    '[.[] | select(.created_at < $t)] | length' \
	    "$E2E_TMP/fd-tix.json")
	[ "$old" -ge 1 ] && e2e_ok "list: $old tickets older than 30 days" ||
	    e2e_bad "list: no ticket older than 30 days"
fi

ID=$(jq -r "$PICK" "$E2E_TMP/api.json")
case $ID in '' | null) echo "$E2E_NAME: no ticket to change" >&2; exit 99 ;;
esac

# 2. update: priority, status, tags (and the category) reach the emulator.
e2e_tix update "$ACCT:$ID" --priority urgent --status CLOSED \
    --tags tix-e2e,vip ${UPDATE[@]+"${UPDATE[@]}"}
if e2e_sane update && [ "$RC" = 0 ]; then
	t=$(api "${API_TICKET/ID/$ID}")
	if printf '%s\n' "$t" | jq -e "$API_UPDATED" >/dev/null; then
		e2e_ok "update: the emulator has the changes"
	else
		e2e_bad "update: the emulator has $t"
	fi
else
	e2e_bad "update: exit status $RC"
fi

# 3. note: an internal note and a public reply, each exactly once.
INTERNAL="internal from the $1 e2e"
REPLY="reply from the $1 e2e"
e2e_tix note "$ACCT:$ID" --internal -m "$INTERNAL"
e2e_sane "note --internal" && [ "$RC" = 0 ] ||
    e2e_bad "note --internal: exit status $RC"
e2e_tix note "$ACCT:$ID" -m "$REPLY"
e2e_sane note && [ "$RC" = 0 ] || e2e_bad "note: exit status $RC"
if [ "$(e2e_notes_with "$EMU_ADMIN" "$ID" "$INTERNAL" internal)" = 1 ] &&
    [ "$(e2e_notes_with "$EMU_ADMIN" "$ID" "$REPLY" public)" = 1 ]; then
	e2e_ok "note: one internal note and one public reply on the emulator"
else
	e2e_bad "note: the last notes are $(e2e_admin "$EMU_ADMIN" \
	    "/tickets/$ID" | jq -c '.notes[-2:]')"
fi

# 4. A re-fetch through tix shows all of it.
e2e_tix show --json "$ACCT:$ID"
if e2e_sane show && [ "$RC" = 0 ] && jq -e --arg raw "$RAW_CLOSED" \
    --arg i "$INTERNAL" --arg r "$REPLY" "
    .ticket.priority == \"urgent\" and .ticket.status == \"CLOSED\"
    and .ticket.raw.status == \$raw and $SHOW_MORE
    and ([.notes[] | select(.description == \$i and .is_public == false)]
        | length) == 1
    and ([.notes[] | select(.description == \$r and .is_public == true)]
        | length) == 1" "$E2E_TMP/out" >/dev/null; then
	e2e_ok "show: the re-fetched ticket has the changes and both notes"
else
	e2e_bad "show: $(head -c 400 "$E2E_TMP/out")"
fi

# 5. A wrong secret: one clear line, exit 1, the secret not echoed.
e2e_config_one "$CONFIG" "$ACCT" "$1" "$BASE" wrong-secret-zq
e2e_tix list --account "$ACCT"
if e2e_sane "wrong secret" && [ "$RC" = 1 ] &&
    [ "$(wc -l <"$E2E_TMP/err")" = 1 ] &&
    grep -q "$REFUSED" "$E2E_TMP/err" &&
    ! grep -q "wrong-secret-zq" "$E2E_TMP/err"; then
	e2e_ok "wrong secret: refused, and the secret is not echoed"
else
	e2e_bad "wrong secret: exit $RC, $(head -n 2 "$E2E_TMP/err")"
fi

# 6. The platform stores the note, the answer comes cut short: not "not
# added", but "may have been added", and the note is there once.
e2e_emu GARBLED "$1" "${EMU_ARGS[@]}" --fault-truncate-after-write 1
e2e_config_one "$CONFIG" "$ACCT" "$1" "$GARBLED_BASE"
GARBLE="stored, answer garbled, from the $1 e2e"
e2e_tix note "$ACCT:$ID" -m "$GARBLE"
if e2e_sane "garbled answer" && [ "$RC" = 1 ] &&
    grep -q "may have been added; check before sending again" \
    "$E2E_TMP/err" &&
    [ "$(e2e_notes_with "$GARBLED_ADMIN" "$ID" "$GARBLE" public)" = 1 ]; then
	e2e_ok "garbled answer: may have been added, and it is there once"
else
	e2e_bad "garbled answer: exit $RC, $(head -n 2 "$E2E_TMP/err")"
fi

e2e_done
