#!/bin/bash
# tests/e2e/combined_tui.sh: the full-screen tix (tmux, 160x48) on a
# combined inbox: a Zendesk account "zd" and a Freshdesk account "fd",
# each served by its own tix-emu, configured in $XDG_CONFIG_HOME/tix/config
# (mode 0600).
#
#  - both accounts' tickets are in one list and the status bar shows both
#    accounts loaded (✓);
#  - on one ticket of each account: priority (p), status (s), a public
#    reply through $EDITOR (r) and an internal note (i) show on the screen
#    and reach the emulator, each note exactly once;
#  - a change made "as another agent" through the emulators' admin path
#    shows in the list, marked updated (U), within the poll interval (the
#    config sets [ui] poll = 3, so the wait is bounded at 20 s);
#  - when the Freshdesk emulator is killed, the status bar names fd with ✗
#    and a reason, while zd stays ✓ and a write on it is still confirmed;
#  - q quits cleanly (answering y if tix asks).
#
# Offline (127.0.0.1 only).  Skips (77) without tmux, jq, curl or tix-emu.

. "$(dirname "$0")/lib.sh"
e2e_need tmux jq curl emu

E2E_REF_RE='(zd|fd):[0-9]+'
POLL_WAIT=${POLL_WAIT:-20}

e2e_emu ZD zendesk --seed 401 --tickets 120
e2e_emu FD freshdesk --seed 402 --tickets 120
e2e_config "$E2E_TMP/config/tix/config" "$ZD_BASE" "$FD_BASE"
# Poll every 3 s ([ui] poll), so changes by others arrive quickly.
printf '\n[ui]\npoll = 3\n' >>"$E2E_TMP/config/tix/config"

e2e_zd_all "$ZD_BASE" >"$E2E_TMP/zd-api.json" || exit 99
e2e_fd_all "$FD_BASE" >"$E2E_TMP/fd-api.json" || exit 99

# Tickets to work on: active, not urgent; and others for the admin change.
ZD_IDS=$(jq -r '[.[] | select((.status == "open" or .status == "new")
    and .priority != "urgent" and .priority != "low")] |
    sort_by(.updated_at) | reverse | .[0:3][] | .id' "$E2E_TMP/zd-api.json")
FD_IDS=$(jq -r '[.[] | select(.status == 2 and .priority != 4
    and .priority != 1)] | sort_by(.updated_at) | reverse | .[0:2][] | .id' \
    "$E2E_TMP/fd-api.json")
ZD_ID=$(echo "$ZD_IDS" | sed -n 1p)
ZD_OTHER=$(echo "$ZD_IDS" | sed -n 2p)
ZD_LAST=$(echo "$ZD_IDS" | sed -n 3p)
FD_ID=$(echo "$FD_IDS" | sed -n 1p)
FD_OTHER=$(echo "$FD_IDS" | sed -n 2p)
for v in ZD_ID ZD_OTHER ZD_LAST FD_ID FD_OTHER; do
	[ -n "${!v}" ] || { echo "$E2E_NAME: could not choose $v" >&2; exit 99; }
done
e2e_log "working on zd:$ZD_ID and fd:$FD_ID; admin changes on" \
    "zd:$ZD_OTHER and fd:$FD_OTHER; last write on zd:$ZD_LAST"

# -v: no argument would mean --demo to e2e_start.
e2e_start 160 48 -v

# 1. One list, both accounts, both loaded.
e2e_wait_for_re 'zd ✓.*fd ✓|fd ✓.*zd ✓' 30
e2e_until "zd rows in the list" -- grep -qE '^ .? ?zd:[0-9]+ '
e2e_until "fd rows in the list" -- grep -qE '^ .? ?fd:[0-9]+ '
e2e_wait_for "Inbox 240/240"
e2e_log "ok: one list with zd and fd tickets, both accounts ✓"

# Poll the emulator until a jq test on a ticket holds.
zd_has() {
	e2e_zd "$ZD_BASE" "/tickets/$1.json" | jq -e ".ticket | $2"
}
fd_has() {
	e2e_fd "$FD_BASE" "/tickets/$1" | jq -e "$2"
}
# The ticket's notes from the admin path, with a jq test.
notes_have() {
	e2e_admin "$1" "/tickets/$2" | jq -e ".notes | $3"
}

# triage ACCT ID: p (urgent), s (close), r (reply), i (internal note).
triage() {
	local acct=$1 id=$2 ref=$1:$2 admin reply note
	admin=${acct^^}_ADMIN
	admin=${!admin}
	e2e_open "$ref"

	# Priority: the last item of the picker is urgent.
	e2e_keys p
	e2e_wait_for "Priority of $ref"
	e2e_keys G Enter
	e2e_wait_gone "Priority of $ref"
	e2e_until "urgent in the row of $ref" -- \
	    grep -qE "^ .? ?$ref +[^ ]+ +urgent "
	if [ "$acct" = zd ]; then
		e2e_poll "priority urgent on the emulator" 20 \
		    zd_has "$id" '.priority == "urgent"'
	else
		e2e_poll "priority 4 on the emulator" 20 \
		    fd_has "$id" '.priority == 4'
	fi
	e2e_log "ok: $ref: priority urgent on the screen and the emulator"

	# Status: s closes an active ticket.
	e2e_keys s
	if [ "$acct" = zd ]; then
		e2e_until "solved in the row of $ref" -- \
		    grep -qE "^ .? ?$ref +solved "
		e2e_poll "status solved on the emulator" 20 \
		    zd_has "$id" '.status == "solved"'
	else
		e2e_until "Resolved in the row of $ref" -- \
		    grep -qE "^ .? ?$ref +Resolved "
		e2e_poll "status 4 on the emulator" 20 \
		    fd_has "$id" '.status == 4'
	fi
	e2e_log "ok: $ref: closed on the screen and the emulator"

	# A public reply through the editor.
	reply=$(e2e_unique reply)
	e2e_editor_line "$reply"
	e2e_keys r
	e2e_wait_for "$reply"
	e2e_poll "the reply on the emulator" 20 notes_have "$admin" "$id" \
	    "[.[] | select((.body // .body_text | tostring | contains(\"$reply\"))
	    and (.public == true or .private == false))] | length == 1"
	e2e_log "ok: $ref: the reply on the screen and once on the emulator"

	# An internal note through the editor.
	note=$(e2e_unique note)
	e2e_editor_line "$note"
	e2e_keys i
	e2e_wait_for "$note"
	e2e_until "[internal] above the note" -- \
	    grep -B1 -F -- "$note" | grep -qF '[internal]'
	e2e_poll "the note on the emulator" 20 notes_have "$admin" "$id" \
	    "[.[] | select((.body // .body_text | tostring | contains(\"$note\"))
	    and (.public == false or .private == true))] | length == 1"
	e2e_log "ok: $ref: the internal note on the screen and once on the" \
	    "emulator"
	# Neither was sent twice, nor is any other note doubled.
	[ "$(e2e_admin "$admin" /stats | jq .duplicate_notes)" = 0 ] ||
	    e2e_fail "$acct: the emulator saw a duplicate note"
}

triage zd "$ZD_ID"
triage fd "$FD_ID"

# 2. Another agent changes a ticket on each platform.
e2e_admin "$ZD_ADMIN" "/tickets/$ZD_OTHER" -X POST \
    -H 'Content-Type: application/json' \
    -d '{"ticket":{"priority":"low"}}' >/dev/null ||
    e2e_fail "the Zendesk admin path refused the change"
e2e_admin "$FD_ADMIN" "/tickets/$FD_OTHER" -X POST \
    -H 'Content-Type: application/json' -d '{"priority":1}' >/dev/null ||
    e2e_fail "the Freshdesk admin path refused the change"
e2e_log "changed zd:$ZD_OTHER and fd:$FD_OTHER as another agent;" \
    "waiting up to ${POLL_WAIT}s for a poll"
e2e_filter "account:zd $ZD_OTHER"
e2e_until "zd:$ZD_OTHER marked U with priority low" "$POLL_WAIT" -- \
    grep -qE "^ ?.? ?U ?zd:$ZD_OTHER +[^ ]+ +low "
e2e_filter "account:fd $FD_OTHER"
e2e_until "fd:$FD_OTHER marked U with priority low" "$POLL_WAIT" -- \
    grep -qE "^ ?.? ?U ?fd:$FD_OTHER +[^ ]+ +low "
e2e_log "ok: both changes arrived by polling, marked U"
e2e_filter ""

# 3. The Freshdesk emulator goes away.
e2e_stop_emu_at "$FD_IDX"
e2e_log "stopped the Freshdesk emulator; waiting up to ${POLL_WAIT}s"
e2e_wait_for_re 'fd ✗ *[[:alpha:]]' "$POLL_WAIT"
e2e_assert_has "zd ✓"
e2e_log "ok: status bar: $(e2e_screen | grep -oE 'fd ✗[^│]*' | head -n 1)"

# A write on zd is still confirmed.
e2e_open "zd:$ZD_LAST"
e2e_keys p
e2e_wait_for "Priority of zd:$ZD_LAST"
e2e_keys G Enter
e2e_until "urgent in the row of zd:$ZD_LAST" -- \
    grep -qE "^ .? ?zd:$ZD_LAST +[^ ]+ +urgent "
e2e_poll "zd:$ZD_LAST urgent on the emulator" 20 \
    zd_has "$ZD_LAST" '.priority == "urgent"'
e2e_assert_has "zd ✓"
e2e_log "ok: zd still works while fd is down"

# 4. Quit, answering y if tix asks.
e2e_keys q
end=$((SECONDS + E2E_TIMEOUT))
asked=0
while [ ! -e "$E2E_TMP/exit" ]; do
	if [ "$asked" = 0 ] && e2e_message | grep -qE '\?|y/n|\[y'; then
		e2e_keys y
		asked=1
	fi
	[ "$SECONDS" -lt "$end" ] || e2e_fail "tix did not quit"
	sleep 0.1
done
e2e_wait_exit 0
e2e_log "ok: q quit cleanly"
exit 0
