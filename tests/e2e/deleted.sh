#!/bin/bash
# tests/e2e/deleted.sh: a ticket deleted on the platform leaves tix at the
# next poll.  A Zendesk account "zd" and a Freshdesk account "fd", each on
# its own tix-emu; one ticket of each is deleted "as another agent"
# through the emulators' admin path:
#
#  - in the full-screen tix (tmux, 160x48, [ui] poll = 3) both tickets
#    leave the list within the poll bound (20 s), the others stay, and
#    the inbox count drops by two;
#  - `tix list` (a fresh start) shows neither ticket, and `tix show` of
#    one says it is not there.
#
# Offline (127.0.0.1 only).  Skips (77) without tmux, jq, curl or tix-emu.

. "$(dirname "$0")/lib.sh"
e2e_need tmux jq curl emu

E2E_REF_RE='(zd|fd):[0-9]+'
POLL_WAIT=${POLL_WAIT:-20}

e2e_emu ZD zendesk --seed 411 --tickets 40
e2e_emu FD freshdesk --seed 412 --tickets 40
e2e_config "$E2E_TMP/config/tix/config" "$ZD_BASE" "$FD_BASE"
printf '\n[ui]\npoll = 3\n' >>"$E2E_TMP/config/tix/config"

e2e_zd_all "$ZD_BASE" >"$E2E_TMP/zd-api.json" || exit 99
e2e_fd_all "$FD_BASE" >"$E2E_TMP/fd-api.json" || exit 99
# The newest ticket of each, and one that stays.
ZD_GONE=$(jq -r 'sort_by(.updated_at) | reverse | .[0].id' \
    "$E2E_TMP/zd-api.json")
ZD_KEPT=$(jq -r 'sort_by(.updated_at) | reverse | .[1].id' \
    "$E2E_TMP/zd-api.json")
FD_GONE=$(jq -r 'sort_by(.updated_at) | reverse | .[0].id' \
    "$E2E_TMP/fd-api.json")
total=$(( $(jq length "$E2E_TMP/zd-api.json") +
    $(jq length "$E2E_TMP/fd-api.json") ))
e2e_log "deleting zd:$ZD_GONE and fd:$FD_GONE of $total tickets"

e2e_start 160 48 -v
e2e_wait_for_re 'zd ✓.*fd ✓|fd ✓.*zd ✓' 30
e2e_wait_for "Inbox $total/$total"

e2e_admin "$ZD_ADMIN" "/tickets/$ZD_GONE" -X DELETE >/dev/null ||
    e2e_fail "the Zendesk admin path refused the delete"
e2e_admin "$FD_ADMIN" "/tickets/$FD_GONE" -X DELETE >/dev/null ||
    e2e_fail "the Freshdesk admin path refused the delete"

# Both leave the list at the next poll; the count follows.
e2e_wait_for "Inbox $((total - 2))/$((total - 2))" "$POLL_WAIT"
e2e_filter "account:zd $ZD_GONE"
e2e_until "zd:$ZD_GONE to leave the list" -- \
    e2e_absent " zd:$ZD_GONE "
e2e_filter "account:fd $FD_GONE"
e2e_until "fd:$FD_GONE to leave the list" -- \
    e2e_absent " fd:$FD_GONE "
e2e_filter "account:zd $ZD_KEPT"
e2e_until "zd:$ZD_KEPT still in the list" -- grep -qE " zd:$ZD_KEPT "
e2e_ok "both deleted tickets left the list at the next poll"
e2e_filter ""
e2e_quit

# A fresh start lists neither.
e2e_tix list --json
e2e_sane "tix list" && e2e_want_rc 0 "tix list"
[ "$(jq length "$E2E_TMP/out")" = $((total - 2)) ] ||
    e2e_bad "tix list: $(jq length "$E2E_TMP/out") tickets, not $((total - 2))"
jq -e --arg z "$ZD_GONE" --arg f "$FD_GONE" \
    'all(.[]; (.account == "zd" and .id == $z) or
    (.account == "fd" and .id == $f) | not)' "$E2E_TMP/out" >/dev/null ||
    e2e_bad "tix list still shows a deleted ticket"
e2e_tix show "zd:$ZD_GONE"
e2e_sane "tix show" && e2e_want_rc 1 "tix show of a deleted ticket"
e2e_done
