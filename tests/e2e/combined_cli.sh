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

. "$(dirname "$0")/combined_lib.sh"

cb_emu ZD zendesk --seed 201 --tickets 200
cb_emu FD freshdesk --seed 202 --tickets 200
CONFIG=$CB_TMP/config/tix/config
cb_config "$CONFIG" "$ZD_BASE" "$FD_BASE"

cb_zd_all "$ZD_BASE" >"$CB_TMP/zd-api.json" ||
    { echo "$CB_NAME: curl could not list the Zendesk tickets" >&2; exit 99; }
cb_fd_all "$FD_BASE" >"$CB_TMP/fd-api.json" ||
    { echo "$CB_NAME: curl could not list the Freshdesk tickets" >&2; exit 99; }
[ "$(jq length "$CB_TMP/zd-api.json")" = 200 ] &&
    [ "$(jq length "$CB_TMP/fd-api.json")" = 200 ] ||
    { echo "$CB_NAME: the emulators do not hold 200 tickets each" >&2; exit 99; }

# Freshdesk's default window (no updated_since) hides the old tickets;
# tix must list them anyway.
cb_fd "$FD_BASE" "/tickets?per_page=100&page=1" >"$CB_TMP/fd-window.json"
cb_fd "$FD_BASE" "/tickets?per_page=100&page=2" >>"$CB_TMP/fd-window.json"
WINDOW=$(jq -s 'add | length' "$CB_TMP/fd-window.json")
[ "$WINDOW" -lt 200 ] ||
    { echo "$CB_NAME: the Freshdesk data set has no old tickets" >&2; exit 99; }

ISO_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'

# check_list ACCOUNT API-FILE JQ-NORMALIZE: tix lists exactly these.
check_list() {
	local acct=$1 api=$2 norm=$3 n bad
	cb_tix list --json --account "$acct"
	cb_sane "list --account $acct" || return
	if [ "$RC" != 0 ]; then
		cb_fail "list --account $acct: exit status $RC"
		return
	fi
	cp "$CB_TMP/out" "$CB_TMP/$acct-tix.json"
	n=$(jq length "$CB_TMP/out")
	[ "$n" = 200 ] || cb_fail "list --account $acct: $n tickets, not 200"
	jq -r '.[].id' "$CB_TMP/out" | sort >"$CB_TMP/ids-tix"
	jq -r '.[].id | tostring' "$api" | sort >"$CB_TMP/ids-api"
	if ! cmp -s "$CB_TMP/ids-tix" "$CB_TMP/ids-api"; then
		cb_fail "list --account $acct: ids differ from the emulator's"
		diff "$CB_TMP/ids-tix" "$CB_TMP/ids-api" | head -n 10
	fi
	bad=$(jq --arg a "$acct" '[.[] | select(.account != $a)] | length' \
	    "$CB_TMP/out")
	[ "$bad" = 0 ] ||
	    cb_fail "list --account $acct: $bad tickets of other accounts"
	bad=$(jq --arg re "$ISO_RE" '[.[] | .created_at, .updated_at |
	    select(type != "string" or (test($re) | not))] | length' \
	    "$CB_TMP/out")
	[ "$bad" = 0 ] ||
	    cb_fail "list --account $acct: $bad times not in ISO 8601 UTC"
	jq "$CB_JQ_TIX" "$CB_TMP/out" >"$CB_TMP/a"
	jq "$norm" "$api" >"$CB_TMP/b"
	if ! cmp -s "$CB_TMP/a" "$CB_TMP/b"; then
		cb_fail "list --account $acct: normalized fields differ" \
		    "(< tix, > expected from the API)"
		diff "$CB_TMP/a" "$CB_TMP/b" | head -n 30
		return
	fi
	cb_ok "list --account $acct: the emulator's 200 tickets, normalized"
}

# 1. Each account alone.
check_list zd "$CB_TMP/zd-api.json" "$CB_JQ_ZD"
check_list fd "$CB_TMP/fd-api.json" "$CB_JQ_FD"
# Spot checks, readable on their own: one ticket of each platform status.
for st in new open pending hold solved closed; do
	id=$(jq -r --arg s "$st" '[.[] | select(.status == $s)][0].id // empty' \
	    "$CB_TMP/zd-api.json")
	[ -n "$id" ] || continue
	want=ACTIVE
	case $st in solved | closed) want=CLOSED ;; esac
	got=$(jq -r --arg id "$id" '.[] | select(.id == $id) |
	    "\(.status) \(.raw.status)"' "$CB_TMP/zd-tix.json" 2>/dev/null)
	[ "$got" = "$want $st" ] ||
	    cb_fail "zd:$id ($st): status and raw.status are \"$got\""
done
for st in 2 3 4 5; do
	id=$(jq -r --argjson s "$st" '[.[] | select(.status == $s)][0].id //
	    empty' "$CB_TMP/fd-api.json")
	[ -n "$id" ] || continue
	case $st in
	2) want="ACTIVE Open" ;; 3) want="ACTIVE Pending" ;;
	4) want="CLOSED Resolved" ;; 5) want="CLOSED Closed" ;;
	esac
	got=$(jq -r --arg id "$id" '.[] | select(.id == $id) |
	    "\(.status) \(.raw.status)"' "$CB_TMP/fd-tix.json" 2>/dev/null)
	[ "$got" = "$want" ] ||
	    cb_fail "fd:$id (status $st): status and raw.status are \"$got\""
done
# An old Freshdesk ticket (outside the default window) is there.
OLD=$(jq -r '[.[] | .id] | min' "$CB_TMP/fd-api.json")
jq -e --arg id "$OLD" 'any(.[]; .id == $id)' "$CB_TMP/fd-tix.json" \
    >/dev/null 2>&1 && cb_ok "fd: old ticket fd:$OLD is listed" ||
    cb_fail "fd: the oldest ticket fd:$OLD is missing"

# 2. Both accounts in one list, plain and JSON.
cb_tix list --json
if cb_sane "list (both)" && [ "$RC" = 0 ] &&
    [ "$(jq length "$CB_TMP/out")" = 400 ] &&
    [ "$(jq -c '[.[].account] | unique' "$CB_TMP/out")" = '["fd","zd"]' ]
then
	cb_ok "list --json: 400 tickets of zd and fd"
else
	cb_fail "list --json: exit $RC, $(jq -c '[.[].account] | group_by(.) |
	    map({(.[0]): length}) | add' "$CB_TMP/out" 2>/dev/null)"
fi
cb_tix list
if cb_sane "list (plain)" && [ "$RC" = 0 ] &&
    [ "$(grep -cE '^zd:[0-9]+ ' "$CB_TMP/out")" = 200 ] &&
    [ "$(grep -cE '^fd:[0-9]+ ' "$CB_TMP/out")" = 200 ]; then
	cb_ok "list: 200 zd: and 200 fd: lines"
else
	cb_fail "list: exit $RC, $(grep -cE '^zd:' "$CB_TMP/out") zd lines," \
	    "$(grep -cE '^fd:' "$CB_TMP/out") fd lines"
fi

# 3. accounts: one line each, both ok.
cb_tix accounts
if cb_sane accounts && [ "$RC" = 0 ] &&
    [ "$(wc -l <"$CB_TMP/out")" = 2 ] &&
    grep -qE '^zd +zendesk +ok' "$CB_TMP/out" &&
    grep -qE '^fd +freshdesk +ok' "$CB_TMP/out"; then
	cb_ok "accounts: zd and fd ok"
else
	cb_fail "accounts: exit $RC: $(cat "$CB_TMP/out")"
fi

# 4. Writes on one ticket per account.
# Zendesk: an active ticket; the second agent; the Technical group.
ZD_AGENT=$(cb_zd "$ZD_BASE" "/users.json?role%5B%5D=agent&role%5B%5D=admin" |
    jq -r '[.users[] | .id] | sort | .[1] | tostring')
ZD_GROUP=$(cb_zd "$ZD_BASE" /groups.json |
    jq -r '.groups[] | select(.name == "Technical") | .id | tostring')
ZD_ID=$(jq -r --arg u "$ZD_AGENT" --arg g "$ZD_GROUP" '[.[] |
    select((.status == "open" or .status == "new" or .status == "pending")
    and .priority != "urgent" and (.assignee_id | tostring) != $u
    and (.group_id | tostring) != $g)][0].id' "$CB_TMP/zd-api.json")
# Freshdesk: an active ticket from before the 30-day window if there is
# one; the second agent; the Problem type.
FD_AGENT=$(cb_fd "$FD_BASE" /agents | jq -r '[.[] | .id] | sort | .[1] |
    tostring')
FD_ID=$(jq -r --arg u "$FD_AGENT" '[.[] | select((.status == 2 or
    .status == 3) and .priority != 4 and (.responder_id | tostring) != $u
    and .type != "Problem")] | sort_by(.created_at) | .[0].id' \
    "$CB_TMP/fd-api.json")
for v in ZD_AGENT ZD_GROUP ZD_ID FD_AGENT FD_ID; do
	case ${!v} in
	'' | null) echo "$CB_NAME: could not choose $v" >&2; exit 99 ;;
	esac
done
echo "$CB_NAME: writing to zd:$ZD_ID and fd:$FD_ID"

cb_tix update "zd:$ZD_ID" --priority urgent --status CLOSED \
    --assignee "$ZD_AGENT" --category "$ZD_GROUP" --tags tix-e2e,vip
cb_sane "update zd" && [ "$RC" = 0 ] ||
    cb_fail "update zd:$ZD_ID: exit status $RC"
t=$(cb_zd "$ZD_BASE" "/tickets/$ZD_ID.json")
if printf '%s\n' "$t" | jq -e --arg u "$ZD_AGENT" --arg g "$ZD_GROUP" '
    .ticket | .priority == "urgent" and .status == "solved"
    and (.assignee_id | tostring) == $u and (.group_id | tostring) == $g
    and (.tags | sort) == ["tix-e2e", "vip"]' >/dev/null; then
	cb_ok "update zd: the emulator has priority, status, assignee," \
	    "group and tags"
else
	cb_fail "update zd: the emulator has $(printf '%s\n' "$t" | jq -c \
	    '.ticket | {priority, status, assignee_id, group_id, tags}')"
fi

cb_tix update "fd:$FD_ID" --priority urgent --status CLOSED \
    --assignee "$FD_AGENT" --category Problem --tags tix-e2e,vip
cb_sane "update fd" && [ "$RC" = 0 ] ||
    cb_fail "update fd:$FD_ID: exit status $RC"
t=$(cb_fd "$FD_BASE" "/tickets/$FD_ID")
if printf '%s\n' "$t" | jq -e --arg u "$FD_AGENT" '
    .priority == 4 and .status == 4 and (.responder_id | tostring) == $u
    and .type == "Problem" and (.tags | sort) == ["tix-e2e", "vip"]' \
    >/dev/null; then
	cb_ok "update fd: the emulator has priority, status, responder," \
	    "type and tags"
else
	cb_fail "update fd: the emulator has $(printf '%s\n' "$t" | jq -c \
	    '{priority, status, responder_id, type, tags}')"
fi

ZD_PUB="public reply from combined_cli $$"
ZD_INT="internal note from combined_cli $$"
FD_PUB="public reply from combined_cli $$ <b>not bold</b> & co"
FD_INT="internal note from combined_cli $$"
cb_tix note "zd:$ZD_ID" -m "$ZD_PUB"
cb_sane "note zd" && [ "$RC" = 0 ] || cb_fail "note zd: exit status $RC"
cb_tix note "zd:$ZD_ID" --internal -m "$ZD_INT"
cb_sane "note zd --internal" && [ "$RC" = 0 ] ||
    cb_fail "note zd --internal: exit status $RC"
cb_tix note "fd:$FD_ID" -m "$FD_PUB"
cb_sane "note fd" && [ "$RC" = 0 ] || cb_fail "note fd: exit status $RC"
printf '%s\n' "$FD_INT" >"$CB_TMP/note-in"
env -i PATH="$PATH" HOME="$CB_TMP/home" LANG=C.UTF-8 \
    XDG_CONFIG_HOME="$CB_TMP/config" XDG_STATE_HOME="$CB_TMP/state" \
    TMPDIR="$CB_TMP/tmp" ASAN_OPTIONS="log_path=$CB_TMP/san.asan" \
    UBSAN_OPTIONS="log_path=$CB_TMP/san.ubsan:print_stacktrace=1" \
    timeout -k 5 60 "$CB_TIX" note "fd:$FD_ID" --internal -m - \
    <"$CB_TMP/note-in" >"$CB_TMP/out" 2>"$CB_TMP/err"
RC=$?
cb_sane "note fd --internal (stdin)" && [ "$RC" = 0 ] ||
    cb_fail "note fd --internal -m -: exit status $RC"

c=$(cb_zd "$ZD_BASE" "/tickets/$ZD_ID/comments.json")
if [ "$(printf '%s\n' "$c" | jq --arg b "$ZD_PUB" '[.comments[] |
    select(.body == $b and .public == true)] | length')" = 1 ] &&
    [ "$(printf '%s\n' "$c" | jq --arg b "$ZD_INT" '[.comments[] |
    select(.body == $b and .public == false)] | length')" = 1 ]; then
	cb_ok "note zd: one public reply and one internal note on the emulator"
else
	cb_fail "note zd: the last comments are $(printf '%s\n' "$c" |
	    jq -c '[.comments[-3:][] | {body, public}]')"
fi
c=$(cb_fd "$FD_BASE" "/tickets/$FD_ID/conversations?per_page=100")
if [ "$(printf '%s\n' "$c" | jq --arg b "$FD_PUB" '[.[] |
    select(.body_text == $b and .private == false)] | length')" = 1 ] &&
    [ "$(printf '%s\n' "$c" | jq --arg b "$FD_INT" '[.[] |
    select(.body_text == $b and .private == true)] | length')" = 1 ]; then
	cb_ok "note fd: one public reply and one private note on the emulator"
else
	cb_fail "note fd: the last conversations are $(printf '%s\n' "$c" |
	    jq -c '[.[-3:][] | {body_text, private, source}]')"
fi
for e in ZD FD; do
	admin=${e}_ADMIN
	d=$(cb_admin "${!admin}" /stats | jq '.duplicate_notes')
	[ "$d" = 0 ] || cb_fail "$e emulator: $d duplicate notes"
done

# 5. A re-fetch in fresh processes shows all of it.
cb_tix show --json "zd:$ZD_ID"
if cb_sane "show zd" && [ "$RC" = 0 ] && jq -e --arg u "$ZD_AGENT" \
    --arg g "$ZD_GROUP" --arg p "$ZD_PUB" --arg i "$ZD_INT" '
    .ticket.priority == "urgent" and .ticket.status == "CLOSED"
    and .ticket.raw.status == "solved" and .ticket.user_id == $u
    and .ticket.category_id == $g
    and (.ticket.tags | sort) == ["tix-e2e", "vip"]
    and ([.notes[] | select(.description == $p and .is_public == true)]
        | length) == 1
    and ([.notes[] | select(.description == $i and .is_public == false)]
        | length) == 1' "$CB_TMP/out" >/dev/null; then
	cb_ok "show zd: the re-fetched ticket has the changes and both notes"
else
	cb_fail "show zd:$ZD_ID: exit $RC, $(jq -c '{t: (.ticket | {priority,
	    status, raw, user_id, category_id, tags}), n: [.notes[-3:][] |
	    {description, is_public}]}' "$CB_TMP/out" 2>/dev/null)"
fi
cb_tix show --json "fd:$FD_ID"
if cb_sane "show fd" && [ "$RC" = 0 ] && jq -e --arg u "$FD_AGENT" \
    --arg p "$FD_PUB" --arg i "$FD_INT" '
    .ticket.priority == "urgent" and .ticket.status == "CLOSED"
    and .ticket.raw.status == "Resolved" and .ticket.raw.priority == "Urgent"
    and .ticket.user_id == $u and .ticket.category_id == "Problem"
    and (.ticket.tags | sort) == ["tix-e2e", "vip"]
    and ([.notes[] | select(.description == $p and .is_public == true)]
        | length) == 1
    and ([.notes[] | select(.description == $i and .is_public == false)]
        | length) == 1' "$CB_TMP/out" >/dev/null; then
	cb_ok "show fd: the re-fetched ticket has the changes and both notes"
else
	cb_fail "show fd:$FD_ID: exit $RC, $(jq -c '{t: (.ticket | {priority,
	    status, raw, user_id, category_id, tags}), n: [.notes[-3:][] |
	    {description, is_public}]}' "$CB_TMP/out" 2>/dev/null)"
fi
cb_tix list --json
if cb_sane "list after writes" && [ "$RC" = 0 ] && jq -e \
    --arg z "$ZD_ID" --arg f "$FD_ID" '
    ([.[] | select(.account == "zd" and .id == $z)][0] |
        .priority == "urgent" and .status == "CLOSED") and
    ([.[] | select(.account == "fd" and .id == $f)][0] |
        .priority == "urgent" and .status == "CLOSED")' "$CB_TMP/out" \
    >/dev/null; then
	cb_ok "list: the changed tickets are listed with their changes"
else
	cb_fail "list after writes: exit $RC"
fi

# 6. A wrong token on one account: accounts names it, the other works.
BAD=$CB_TMP/bad-fd.conf
cb_config "$BAD" "$ZD_BASE" "$FD_BASE" "$CB_ZD_TOKEN" wrong-key-$$
cb_tix --config "$BAD" accounts
if cb_sane "accounts (bad fd key)" && [ "$RC" = 1 ] &&
    [ "$(wc -l <"$CB_TMP/out")" = 2 ] &&
    grep -qE '^zd +zendesk +ok' "$CB_TMP/out" &&
    grep -E '^fd +freshdesk +failed' "$CB_TMP/out" |
    grep -qiE 'refused|authenticat|credential|api key|401' &&
    ! grep -q "wrong-key-$$" "$CB_TMP/out" "$CB_TMP/err"; then
	cb_ok "accounts: fd's wrong key is named, zd ok, exit 1"
else
	cb_fail "accounts (bad fd key): exit $RC: $(cat "$CB_TMP/out")"
fi
cb_tix --config "$BAD" list --json --account zd
cb_sane "list zd (bad fd key)" && [ "$RC" = 0 ] &&
    [ "$(jq length "$CB_TMP/out")" = 200 ] &&
    cb_ok "list --account zd works while fd's key is wrong" ||
    cb_fail "list --account zd with fd's key wrong: exit $RC"
cb_tix --config "$BAD" list --json --account fd
if cb_sane "list fd (bad key)" && [ "$RC" = 1 ] &&
    [ "$(wc -l <"$CB_TMP/err")" = 1 ] && grep -q 'fd' "$CB_TMP/err" &&
    grep -qiE 'refused|authenticat|credential|api key|401' "$CB_TMP/err"
then
	cb_ok "list --account fd (bad key): $(cat "$CB_TMP/err")"
else
	cb_fail "list --account fd (bad key): exit $RC"
fi

BAD=$CB_TMP/bad-zd.conf
cb_config "$BAD" "$ZD_BASE" "$FD_BASE" wrong-token-$$ "$CB_FD_KEY"
cb_tix --config "$BAD" accounts
if cb_sane "accounts (bad zd token)" && [ "$RC" = 1 ] &&
    [ "$(wc -l <"$CB_TMP/out")" = 2 ] &&
    grep -qE '^fd +freshdesk +ok' "$CB_TMP/out" &&
    grep -E '^zd +zendesk +failed' "$CB_TMP/out" |
    grep -qiE 'refused|authenticat|credential|token|401' &&
    ! grep -q "wrong-token-$$" "$CB_TMP/out" "$CB_TMP/err"; then
	cb_ok "accounts: zd's wrong token is named, fd ok, exit 1"
else
	cb_fail "accounts (bad zd token): exit $RC: $(cat "$CB_TMP/out")"
fi

# 7. An inline token in a file others can read is refused, with the chmod.
chmod 644 "$BAD"
cb_tix --config "$BAD" accounts
if cb_sane "accounts (0644 config)" && [ "$RC" = 1 ] &&
    grep -q 'chmod' "$CB_TMP/err" "$CB_TMP/out"; then
	cb_ok "a 0644 config with an inline token is refused with the chmod"
else
	cb_fail "0644 config: exit $RC: $(cat "$CB_TMP/out" "$CB_TMP/err")"
fi

# 8. No config at all: the demo.
mkdir -p "$CB_TMP/empty-config"
CB_TIX_ENV=(XDG_CONFIG_HOME="$CB_TMP/empty-config" TIX_DEMO_LATENCY_MS=0,50
    TIX_DEMO_ACTIVITY_S=0)
cb_tix list --json
CB_TIX_ENV=()
if cb_sane "list (no config)" && [ "$RC" = 0 ] &&
    [ "$(jq -c '[.[].account] | unique' "$CB_TMP/out")" = \
    '["acme","globex","initech"]' ]; then
	cb_ok "no config: the demo's accounts"
else
	cb_fail "no config: exit $RC, accounts $(jq -c '[.[].account] |
	    unique' "$CB_TMP/out" 2>/dev/null)"
fi

cb_done
