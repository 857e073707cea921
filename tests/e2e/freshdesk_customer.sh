#!/bin/bash
# tests/e2e/freshdesk_customer.sh: a Freshdesk ticket's customer is shown
# whole.  Freshdesk lists contacts without their tags and other e-mails;
# only GET /contacts/{id} has them (tix-emu answers the same way).  tix
# reads the customer afresh when a ticket is opened, so on a ticket whose
# requester has a tag and a second address:
#
#  - "tix show --json" and "tix show" give the tag and both addresses;
#  - in the full-screen tix (tmux, 160x48) the customer pane shows them
#    once the ticket is opened.
#
# Offline (127.0.0.1 only).  Skips (77) without jq, curl, tmux or tix-emu.

. "$(dirname "$0")/lib.sh"
e2e_need jq curl tmux emu

E2E_REF_RE='fd:[0-9]+'

e2e_emu FD freshdesk --seed 5 --tickets 60
e2e_config_one "$E2E_TMP/config/tix/config" fd freshdesk "$FD_BASE"
e2e_fd_all "$FD_BASE" >"$E2E_TMP/api.json" || exit 99

# A ticket whose requester has tags and other e-mails on its own page.
ID= CID= CONTACT=
for cid in $(jq -r '[.[].requester_id] | unique | .[]' "$E2E_TMP/api.json")
do
	c=$(e2e_fd "$FD_BASE" "/contacts/$cid") || exit 99
	if printf '%s\n' "$c" |
	    jq -e '(.tags | length) > 0 and (.other_emails | length) > 0' \
	    >/dev/null; then
		CID=$cid
		CONTACT=$c
		break
	fi
done
[ -n "$CID" ] || { echo "$E2E_NAME: no contact with tags and other e-mails" \
    >&2; exit 99; }
ID=$(jq -r --argjson c "$CID" \
    '[.[] | select(.requester_id == $c)][0].id' "$E2E_TMP/api.json")
TAG=$(printf '%s\n' "$CONTACT" | jq -r '.tags[0]')
OTHER=$(printf '%s\n' "$CONTACT" | jq -r '.other_emails[0]')
e2e_log "fd:$ID, customer $CID: tag $TAG, other e-mail $OTHER"

# What makes this test: the list leaves both out.
e2e_fd "$FD_BASE" "/contacts?per_page=100" >"$E2E_TMP/contacts.json" ||
    exit 99
jq -e --argjson c "$CID" '[.[] | select(.id == $c)] | length == 1 and
    (.[0] | has("tags") or has("other_emails") | not)' \
    "$E2E_TMP/contacts.json" >/dev/null ||
    { echo "$E2E_NAME: the contact list carries tags now" >&2; exit 99; }

# 1. tix show: the JSON and the plain block have all of it.
e2e_tix show --json "fd:$ID"
if e2e_sane "show --json" && [ "$RC" = 0 ]; then
	e2e_want_jq "show --json: the customer's tag and both e-mails" \
	    --arg t "$TAG" --arg o "$OTHER" --argjson c "$CID" '
	    .customer.id == ($c | tostring) and
	    (.customer.tags | index($t)) != null and
	    ([.customer.emails[].email] | index($o)) != null and
	    (.customer.emails | length) >= 2'
else
	e2e_bad "show --json: exit status $RC"
fi
e2e_tix show "fd:$ID"
if e2e_sane show && [ "$RC" = 0 ] &&
    grep -qE "^ *tags +.*$TAG" "$E2E_TMP/out" &&
    grep -qF "$OTHER" "$E2E_TMP/out"; then
	e2e_ok "show: the customer's tag and other e-mail"
else
	e2e_bad "show: $(sed -n '/^customer/,/^$/p' "$E2E_TMP/out" | head -n 8)"
fi

# 2. The customer pane, once the ticket is opened.
e2e_start 160 48 -v
e2e_wait_for_re 'fd ✓' 30
e2e_open "fd:$ID"
e2e_wait_for "$OTHER"
e2e_until "the tag $TAG in the customer pane" -- grep -qE "tags +.*$TAG"
e2e_ok "customer pane: the tag and the other e-mail"
e2e_quit

e2e_done
