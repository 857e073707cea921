#!/bin/bash
# tests/e2e/combined_cli.sh: the tix CLI on a combined inbox of a Zendesk
# and a Freshdesk account, each served by its own tix-emu (200 tickets,
# different seeds; Freshdesk's include tickets older than its 30-day
# default window).  The config is $XDG_CONFIG_HOME/tix/config, mode 0600.
#
#  - "tix list --json --account A" lists exactly the emulator's tickets
#    (ids, count and normalized fields compared with the API's own
#    answer, fetched with curl), for each account;
#  - "tix list" without --account lists both accounts' tickets;
#  - "tix update" (priority, status, assignee, category, tags) and "tix
#    note" (public and --internal) on one ticket per account reach the
#    emulator, each note exactly once, and survive a re-fetch in a fresh
#    process ("tix show --json", "tix list --json");
#  - "tix accounts" prints one line per account and exits 0; with a wrong
#    token it names the account with an authentication message, exits 1,
#    and the other account still works;
#  - with no config at all, tix runs on the demo.
#
# Offline: the emulators listen on 127.0.0.1 and exit when this script
# closes their stdin.  Skips (77) without jq, curl or tix-emu.

. "$(dirname "$0")/lib.sh"
e2e_need jq curl emu

e2e_emu ZD zendesk --seed 201 --tickets 200
e2e_emu FD freshdesk --seed 202 --tickets 200
CONFIG=$E2E_TMP/config/tix/config
e2e_config "$CONFIG" "$ZD_BASE" "$FD_BASE"

e2e_zd_all "$ZD_BASE" >"$E2E_TMP/zd-api.json" ||
    { echo "$E2E_NAME: curl could not list the Zendesk tickets" >&2; exit 99; }
e2e_fd_all "$FD_BASE" >"$E2E_TMP/fd-api.json" ||
    { echo "$E2E_NAME: curl could not list the Freshdesk tickets" >&2; exit 99; }
[ "$(jq length "$E2E_TMP/zd-api.json")" = 200 ] &&
    [ "$(jq length "$E2E_TMP/fd-api.json")" = 200 ] ||
    { echo "$E2E_NAME: the emulators do not hold 200 tickets each" >&2; exit 99; }

# Freshdesk's default window (no updated_since) hides the old tickets;
# tix must list them anyway.
e2e_fd "$FD_BASE" "/tickets?per_page=100&page=1" >"$E2E_TMP/fd-window.json"
e2e_fd "$FD_BASE" "/tickets?per_page=100&page=2" >>"$E2E_TMP/fd-window.json"
WINDOW=$(jq -s 'add | length' "$E2E_TMP/fd-window.json")
[ "$WINDOW" -lt 200 ] ||
    { echo "$E2E_NAME: the Freshdesk data set has no old tickets" >&2; exit 99; }

# 1. Each account alone.
e2e_check_list zd "$E2E_TMP/zd-api.json" "$E2E_JQ_ZD"
e2e_check_list fd "$E2E_TMP/fd-api.json" "$E2E_JQ_FD"
# Spot checks, readable on their own: one ticket of each platform status.
for st in new open pending hold solved closed; do
	id=$(jq -r --arg s "$st" '[.[] | select(.status == $s)][0].id // empty' \
	    "$E2E_TMP/zd-api.json")
	[ -n "$id" ] || continue
	want=ACTIVE
	case $st in solved | closed) want=CLOSED ;; esac
	got=$(jq -r --arg id "$id" '.[] | select(.id == $id) |
	    "\(.status) \(.raw.status)"' "$E2E_TMP/zd-tix.json" 2>/dev/null)
	[ "$got" = "$want $st" ] ||
	    e2e_bad "zd:$id ($st): status and raw.status are \"$got\""
done
for st in 2 3 4 5; do
	id=$(jq -r --argjson s "$st" '[.[] | select(.status == $s)][0].id //
	    empty' "$E2E_TMP/fd-api.json")
	[ -n "$id" ] || continue
	case $st in
	2) want="ACTIVE Open" ;; 3) want="ACTIVE Pending" ;;
	4) want="CLOSED Resolved" ;; 5) want="CLOSED Closed" ;;
	esac
	got=$(jq -r --arg id "$id" '.[] | select(.id == $id) |
	    "\(.status) \(.raw.status)"' "$E2E_TMP/fd-tix.json" 2>/dev/null)
	[ "$got" = "$want" ] ||
	    e2e_bad "fd:$id (status $st): status and raw.status are \"$got\""
done
# An old Freshdesk ticket (outside the default window) is there.
OLD=$(jq -r '[.[] | .id] | min' "$E2E_TMP/fd-api.json")
jq -e --arg id "$OLD" 'any(.[]; .id == $id)' "$E2E_TMP/fd-tix.json" \
    >/dev/null 2>&1 && e2e_ok "fd: old ticket fd:$OLD is listed" ||
    e2e_bad "fd: the oldest ticket fd:$OLD is missing"

# 2. Both accounts in one list, plain and JSON.
e2e_tix list --json
if e2e_sane "list (both)" && [ "$RC" = 0 ] &&
    [ "$(jq length "$E2E_TMP/out")" = 400 ] &&
    [ "$(jq -c '[.[].account] | unique' "$E2E_TMP/out")" = '["fd","zd"]' ]
then
	e2e_ok "list --json: 400 tickets of zd and fd"
else
	e2e_bad "list --json: exit $RC, $(jq -c '[.[].account] | group_by(.) |
	    map({(.[0]): length}) | add' "$E2E_TMP/out" 2>/dev/null)"
fi
e2e_tix list
if e2e_sane "list (plain)" && [ "$RC" = 0 ] &&
    [ "$(grep -cE '^zd:[0-9]+ ' "$E2E_TMP/out")" = 200 ] &&
    [ "$(grep -cE '^fd:[0-9]+ ' "$E2E_TMP/out")" = 200 ]; then
	e2e_ok "list: 200 zd: and 200 fd: lines"
else
	e2e_bad "list: exit $RC, $(grep -cE '^zd:' "$E2E_TMP/out") zd lines," \
	    "$(grep -cE '^fd:' "$E2E_TMP/out") fd lines"
fi

# 3. accounts: one line each, both ok.
e2e_tix accounts
if e2e_sane accounts && [ "$RC" = 0 ] &&
    [ "$(wc -l <"$E2E_TMP/out")" = 2 ] &&
    grep -qE '^zd +zendesk +ok' "$E2E_TMP/out" &&
    grep -qE '^fd +freshdesk +ok' "$E2E_TMP/out"; then
	e2e_ok "accounts: zd and fd ok"
else
	e2e_bad "accounts: exit $RC: $(cat "$E2E_TMP/out")"
fi

# 4. Writes on one ticket per account.
# Zendesk: an active ticket; the second agent; the Technical group.
ZD_AGENT=$(e2e_zd "$ZD_BASE" "/users.json?role%5B%5D=agent&role%5B%5D=admin" |
    jq -r '[.users[] | .id] | sort | .[1] | tostring')
ZD_GROUP=$(e2e_zd "$ZD_BASE" /groups.json |
    jq -r '.groups[] | select(.name == "Technical") | .id | tostring')
ZD_ID=$(jq -r --arg u "$ZD_AGENT" --arg g "$ZD_GROUP" '[.[] |
    select((.status == "open" or .status == "new" or .status == "pending")
    and .priority != "urgent" and (.assignee_id | tostring) != $u
    and (.group_id | tostring) != $g)][0].id' "$E2E_TMP/zd-api.json")
# Freshdesk: an active ticket from before the 30-day window if there is
# one; the second agent; the Problem type.
FD_AGENT=$(e2e_fd "$FD_BASE" /agents | jq -r '[.[] | .id] | sort | .[1] |
    tostring')
FD_ID=$(jq -r --arg u "$FD_AGENT" '[.[] | select((.status == 2 or
    .status == 3) and .priority != 4 and (.responder_id | tostring) != $u
    and .type != "Problem")] | sort_by(.created_at) | .[0].id' \
    "$E2E_TMP/fd-api.json")
for v in ZD_AGENT ZD_GROUP ZD_ID FD_AGENT FD_ID; do
	case ${!v} in
	'' | null) echo "$E2E_NAME: could not choose $v" >&2; exit 99 ;;
	esac
done
echo "$E2E_NAME: writing to zd:$ZD_ID and fd:$FD_ID"

e2e_tix update "zd:$ZD_ID" --priority urgent --status CLOSED \
    --assignee "$ZD_AGENT" --category "$ZD_GROUP" --tags tix-e2e,vip
e2e_sane "update zd" && [ "$RC" = 0 ] ||
    e2e_bad "update zd:$ZD_ID: exit status $RC"
t=$(e2e_zd "$ZD_BASE" "/tickets/$ZD_ID.json")
if printf '%s\n' "$t" | jq -e --arg u "$ZD_AGENT" --arg g "$ZD_GROUP" '
    .ticket | .priority == "urgent" and .status == "solved"
    and (.assignee_id | tostring) == $u and (.group_id | tostring) == $g
    and (.tags | sort) == ["tix-e2e", "vip"]' >/dev/null; then
	e2e_ok "update zd: the emulator has priority, status, assignee," \
	    "group and tags"
else
	e2e_bad "update zd: the emulator has $(printf '%s\n' "$t" | jq -c \
	    '.ticket | {priority, status, assignee_id, group_id, tags}')"
fi

e2e_tix update "fd:$FD_ID" --priority urgent --status CLOSED \
    --assignee "$FD_AGENT" --category Problem --tags tix-e2e,vip
e2e_sane "update fd" && [ "$RC" = 0 ] ||
    e2e_bad "update fd:$FD_ID: exit status $RC"
t=$(e2e_fd "$FD_BASE" "/tickets/$FD_ID")
if printf '%s\n' "$t" | jq -e --arg u "$FD_AGENT" '
    .priority == 4 and .status == 4 and (.responder_id | tostring) == $u
    and .type == "Problem" and (.tags | sort) == ["tix-e2e", "vip"]' \
    >/dev/null; then
	e2e_ok "update fd: the emulator has priority, status, responder," \
	    "type and tags"
else
	e2e_bad "update fd: the emulator has $(printf '%s\n' "$t" | jq -c \
	    '{priority, status, responder_id, type, tags}')"
fi

ZD_PUB="public reply from combined_cli $$"
ZD_INT="internal note from combined_cli $$"
FD_PUB="public reply from combined_cli $$ <b>not bold</b> & co"
FD_INT="internal note from combined_cli $$"
e2e_tix note "zd:$ZD_ID" -m "$ZD_PUB"
e2e_sane "note zd" && [ "$RC" = 0 ] || e2e_bad "note zd: exit status $RC"
e2e_tix note "zd:$ZD_ID" --internal -m "$ZD_INT"
e2e_sane "note zd --internal" && [ "$RC" = 0 ] ||
    e2e_bad "note zd --internal: exit status $RC"
e2e_tix note "fd:$FD_ID" -m "$FD_PUB"
e2e_sane "note fd" && [ "$RC" = 0 ] || e2e_bad "note fd: exit status $RC"
printf '%s\n' "$FD_INT" >"$E2E_TMP/note-in"
e2e_tix note "fd:$FD_ID" --internal -m - <"$E2E_TMP/note-in"
e2e_sane "note fd --internal (stdin)" && [ "$RC" = 0 ] ||
    e2e_bad "note fd --internal -m -: exit status $RC"

c=$(e2e_zd "$ZD_BASE" "/tickets/$ZD_ID/comments.json")
if [ "$(printf '%s\n' "$c" | jq --arg b "$ZD_PUB" '[.comments[] |
    select(.body == $b and .public == true)] | length')" = 1 ] &&
    [ "$(printf '%s\n' "$c" | jq --arg b "$ZD_INT" '[.comments[] |
    select(.body == $b and .public == false)] | length')" = 1 ]; then
	e2e_ok "note zd: one public reply and one internal note on the emulator"
else
	e2e_bad "note zd: the last comments are $(printf '%s\n' "$c" |
	    jq -c '[.comments[-3:][] | {body, public}]')"
fi
c=$(e2e_fd "$FD_BASE" "/tickets/$FD_ID/conversations?per_page=100")
if [ "$(printf '%s\n' "$c" | jq --arg b "$FD_PUB" '[.[] |
    select(.body_text == $b and .private == false)] | length')" = 1 ] &&
    [ "$(printf '%s\n' "$c" | jq --arg b "$FD_INT" '[.[] |
    select(.body_text == $b and .private == true)] | length')" = 1 ]; then
	e2e_ok "note fd: one public reply and one private note on the emulator"
else
	e2e_bad "note fd: the last conversations are $(printf '%s\n' "$c" |
	    jq -c '[.[-3:][] | {body_text, private, source}]')"
fi
for e in ZD FD; do
	admin=${e}_ADMIN
	d=$(e2e_admin "${!admin}" /stats | jq '.duplicate_notes')
	[ "$d" = 0 ] || e2e_bad "$e emulator: $d duplicate notes"
done

# 5. A re-fetch in fresh processes shows all of it.
e2e_tix show --json "zd:$ZD_ID"
if e2e_sane "show zd" && [ "$RC" = 0 ] && jq -e --arg u "$ZD_AGENT" \
    --arg g "$ZD_GROUP" --arg p "$ZD_PUB" --arg i "$ZD_INT" '
    .ticket.priority == "urgent" and .ticket.status == "CLOSED"
    and .ticket.raw.status == "solved" and .ticket.user_id == $u
    and .ticket.category_id == $g
    and (.ticket.tags | sort) == ["tix-e2e", "vip"]
    and ([.notes[] | select(.description == $p and .is_public == true)]
        | length) == 1
    and ([.notes[] | select(.description == $i and .is_public == false)]
        | length) == 1' "$E2E_TMP/out" >/dev/null; then
	e2e_ok "show zd: the re-fetched ticket has the changes and both notes"
else
	e2e_bad "show zd:$ZD_ID: exit $RC, $(jq -c '{t: (.ticket | {priority,
	    status, raw, user_id, category_id, tags}), n: [.notes[-3:][] |
	    {description, is_public}]}' "$E2E_TMP/out" 2>/dev/null)"
fi
e2e_tix show --json "fd:$FD_ID"
if e2e_sane "show fd" && [ "$RC" = 0 ] && jq -e --arg u "$FD_AGENT" \
    --arg p "$FD_PUB" --arg i "$FD_INT" '
    .ticket.priority == "urgent" and .ticket.status == "CLOSED"
    and .ticket.raw.status == "Resolved" and .ticket.raw.priority == "Urgent"
    and .ticket.user_id == $u and .ticket.category_id == "Problem"
    and (.ticket.tags | sort) == ["tix-e2e", "vip"]
    and ([.notes[] | select(.description == $p and .is_public == true)]
        | length) == 1
    and ([.notes[] | select(.description == $i and .is_public == false)]
        | length) == 1' "$E2E_TMP/out" >/dev/null; then
	e2e_ok "show fd: the re-fetched ticket has the changes and both notes"
else
	e2e_bad "show fd:$FD_ID: exit $RC, $(jq -c '{t: (.ticket | {priority,
	    status, raw, user_id, category_id, tags}), n: [.notes[-3:][] |
	    {description, is_public}]}' "$E2E_TMP/out" 2>/dev/null)"
fi
e2e_tix list --json
if e2e_sane "list after writes" && [ "$RC" = 0 ] && jq -e \
    --arg z "$ZD_ID" --arg f "$FD_ID" '
    ([.[] | select(.account == "zd" and .id == $z)][0] |
        .priority == "urgent" and .status == "CLOSED") and
    ([.[] | select(.account == "fd" and .id == $f)][0] |
        .priority == "urgent" and .status == "CLOSED")' "$E2E_TMP/out" \
    >/dev/null; then
	e2e_ok "list: the changed tickets are listed with their changes"
else
	e2e_bad "list after writes: exit $RC"
fi

# 6. A wrong token on one account: accounts names it, the other works.
BAD=$E2E_TMP/bad-fd.conf
e2e_config "$BAD" "$ZD_BASE" "$FD_BASE" "$E2E_ZD_TOKEN" wrong-key-$$
e2e_tix --config "$BAD" accounts
if e2e_sane "accounts (bad fd key)" && [ "$RC" = 1 ] &&
    [ "$(wc -l <"$E2E_TMP/out")" = 2 ] &&
    grep -qE '^zd +zendesk +ok' "$E2E_TMP/out" &&
    grep -E '^fd +freshdesk +failed' "$E2E_TMP/out" |
    grep -qiE 'refused|authenticat|credential|api key|401' &&
    ! grep -q "wrong-key-$$" "$E2E_TMP/out" "$E2E_TMP/err"; then
	e2e_ok "accounts: fd's wrong key is named, zd ok, exit 1"
else
	e2e_bad "accounts (bad fd key): exit $RC: $(cat "$E2E_TMP/out")"
fi
e2e_tix --config "$BAD" list --json --account zd
e2e_sane "list zd (bad fd key)" && [ "$RC" = 0 ] &&
    [ "$(jq length "$E2E_TMP/out")" = 200 ] &&
    e2e_ok "list --account zd works while fd's key is wrong" ||
    e2e_bad "list --account zd with fd's key wrong: exit $RC"
e2e_tix --config "$BAD" list --json --account fd
if e2e_sane "list fd (bad key)" && [ "$RC" = 1 ] &&
    [ "$(wc -l <"$E2E_TMP/err")" = 1 ] && grep -q 'fd' "$E2E_TMP/err" &&
    grep -qiE 'refused|authenticat|credential|api key|401' "$E2E_TMP/err"
then
	e2e_ok "list --account fd (bad key): $(cat "$E2E_TMP/err")"
else
	e2e_bad "list --account fd (bad key): exit $RC"
fi

BAD=$E2E_TMP/bad-zd.conf
e2e_config "$BAD" "$ZD_BASE" "$FD_BASE" wrong-token-$$ "$E2E_FD_KEY"
e2e_tix --config "$BAD" accounts
if e2e_sane "accounts (bad zd token)" && [ "$RC" = 1 ] &&
    [ "$(wc -l <"$E2E_TMP/out")" = 2 ] &&
    grep -qE '^fd +freshdesk +ok' "$E2E_TMP/out" &&
    grep -E '^zd +zendesk +failed' "$E2E_TMP/out" |
    grep -qiE 'refused|authenticat|credential|token|401' &&
    ! grep -q "wrong-token-$$" "$E2E_TMP/out" "$E2E_TMP/err"; then
	e2e_ok "accounts: zd's wrong token is named, fd ok, exit 1"
else
	e2e_bad "accounts (bad zd token): exit $RC: $(cat "$E2E_TMP/out")"
fi

# 7. An inline token in a file others can read is refused, with the chmod.
chmod 644 "$BAD"
e2e_tix --config "$BAD" accounts
if e2e_sane "accounts (0644 config)" && [ "$RC" = 1 ] &&
    grep -q 'chmod' "$E2E_TMP/err" "$E2E_TMP/out"; then
	e2e_ok "a 0644 config with an inline token is refused with the chmod"
else
	e2e_bad "0644 config: exit $RC: $(cat "$E2E_TMP/out" "$E2E_TMP/err")"
fi

# 8. No config at all: the demo.
mkdir -p "$E2E_TMP/empty-config"
E2E_TIX_ENV=(XDG_CONFIG_HOME="$E2E_TMP/empty-config" TIX_DEMO_LATENCY_MS=0,50
    TIX_DEMO_ACTIVITY_S=0)
e2e_tix list --json
E2E_TIX_ENV=()
if e2e_sane "list (no config)" && [ "$RC" = 0 ] &&
    [ "$(jq -c '[.[].account] | unique' "$E2E_TMP/out")" = \
    '["acme","globex","initech"]' ]; then
	e2e_ok "no config: the demo's accounts"
else
	e2e_bad "no config: exit $RC, accounts $(jq -c '[.[].account] |
	    unique' "$E2E_TMP/out" 2>/dev/null)"
fi

e2e_done
