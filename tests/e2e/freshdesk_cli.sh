#!/bin/bash
# tests/e2e/freshdesk_cli.sh: the real tix binary on a Freshdesk account
# served by tix-emu.  Checks that "tix list --json --account fd" lists
# exactly the emulator's tickets (ids and normalized fields compared with
# the API's own answer, fetched with curl; old tickets included, which
# Freshdesk hides without updated_since), and that "tix update" and
# "tix note" reach the emulator and survive a re-fetch.  Offline: the
# emulator listens on 127.0.0.1 and exits when this script closes its
# stdin.  Needs jq and curl (skipped, exit 77, without them).

set -u

NAME=freshdesk_cli
if [ -z "${abs_top_builddir:-}" ]; then
	abs_top_builddir=$PWD
fi
TIX=${E2E_TIX:-$abs_top_builddir/tix}
EMU=$abs_top_builddir/tests/emulators/tix-emu
KEY=emu-api-key

for tool in jq curl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		if [ "${CI:-}" = true ]; then
			echo "$NAME: $tool is missing, and CI must run this" >&2
			exit 99
		fi
		echo "$NAME: SKIP: $tool is not installed"
		exit 77
	fi
done
if [ ! -x "$TIX" ] || [ ! -x "$EMU" ]; then
	echo "$NAME: no tix or tix-emu under $abs_top_builddir" >&2
	exit 99
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tix-fdcli.XXXXXX") || exit 99
mkdir -p "$TMP/home" "$TMP/state" "$TMP/tmp"
FAILS=0

cleanup() {
	local rc=$? f
	exec 3>&- 2>/dev/null	# the emulator's stdin: it exits
	wait 2>/dev/null
	for f in "$TMP"/san.*; do
		[ -e "$f" ] || continue
		echo "---- sanitizer report $(basename "$f") ----"
		cat "$f"
		rc=1
	done
	rm -rf "$TMP"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "$NAME: FAIL: $*" >&2
	[ -s "$TMP/err" ] && head -n 20 "$TMP/err"
	FAILS=$((FAILS + 1))
}

ok() {
	echo "$NAME: ok: $*"
}

# tix with a private environment; stdout in $TMP/out, stderr in $TMP/err.
tix() {
	env -i PATH="$PATH" HOME="$TMP/home" LANG=C.UTF-8 \
	    XDG_STATE_HOME="$TMP/state" TMPDIR="$TMP/tmp" \
	    ASAN_OPTIONS="log_path=$TMP/san.asan" \
	    UBSAN_OPTIONS="log_path=$TMP/san.ubsan:print_stacktrace=1" \
	    "$TIX" --config "$TMP/config" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

# GET an API path (after /api/v2) with the API key; the body on stdout.
api() {
	curl -sf -u "$KEY:X" "$BASE$1"
}

# Every ticket, as one JSON array: pages of 100 until a short one.
api_tickets() {
	local page=1 body q
	q="updated_since=2000-01-01T00:00:00Z&per_page=100"
	: >"$TMP/pages"
	while :; do
		body=$(api "/tickets?$q&page=$page") || return 1
		echo "$body" >>"$TMP/pages"
		[ "$(echo "$body" | jq length)" = 100 ] || break
		page=$((page + 1))
	done
	jq -s 'add' "$TMP/pages"
}

# Start the emulator; its stdin is fd 3 of this shell.
mkfifo "$TMP/emu.in" || exit 99
"$EMU" --provider freshdesk --port 0 --tickets 150 --seed 5 \
    <"$TMP/emu.in" >"$TMP/emu.port" 2>"$TMP/emu.err" &
exec 3>"$TMP/emu.in"
for _ in $(seq 100); do
	[ -s "$TMP/emu.port" ] && break
	sleep 0.1
done
PORT=$(head -n 1 "$TMP/emu.port")
if [ -z "$PORT" ]; then
	echo "$NAME: the emulator did not start" >&2
	cat "$TMP/emu.err" >&2
	exit 99
fi
BASE=http://127.0.0.1:$PORT/api/v2

umask 077
cat >"$TMP/config" <<EOF
[account fd]
provider = freshdesk
url = $BASE
token = $KEY
EOF

# 1. list --json: exactly the emulator's tickets, normalized (card 2.4:
#    2, 3 and custom active, 4 and 5 closed; 1-4 low..urgent).
tix list --json --account fd
if [ "$RC" != 0 ]; then
	fail "list: exit status $RC"
else
	api_tickets >"$TMP/api.json" || fail "curl could not list tickets"
	norm_tix='map({id, status, priority, raw_status: .raw.status,
	    raw_priority: .raw.priority, customer_id, user_id, category_id,
	    tags: (.tags | sort), subject, created_at, updated_at})
	    | sort_by(.id)'
	norm_api='map({id: (.id | tostring),
	    status: (if .status == 4 or .status == 5 then "CLOSED"
	        else "ACTIVE" end),
	    priority: ({"1": "low", "2": "normal", "3": "high",
	        "4": "urgent"}[.priority | tostring]),
	    raw_status: ({"2": "Open", "3": "Pending", "4": "Resolved",
	        "5": "Closed"}[.status | tostring]),
	    raw_priority: ({"1": "Low", "2": "Medium", "3": "High",
	        "4": "Urgent"}[.priority | tostring]),
	    customer_id: (.requester_id | if . == null then null
	        else tostring end),
	    user_id: (.responder_id | if . == null then null
	        else tostring end),
	    category_id: .type,
	    tags: (.tags | sort), subject, created_at, updated_at})
	    | sort_by(.id)'
	jq "$norm_tix" "$TMP/out" >"$TMP/a"
	jq "$norm_api" "$TMP/api.json" >"$TMP/b"
	n=$(jq length "$TMP/a")
	old=$(jq --arg t "$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:%SZ)" \
	    '[.[] | select(.created_at < $t)] | length' "$TMP/a")
	if [ "$n" != 150 ]; then
		fail "list: $n tickets, not 150"
	elif [ "$old" -lt 1 ]; then
		fail "list: no ticket older than 30 days"
	elif ! cmp -s "$TMP/a" "$TMP/b"; then
		fail "list: tickets differ from the API's"
		diff "$TMP/a" "$TMP/b" | head -n 20
	else
		ok "list: 150 tickets ($old older than 30 days)," \
		    "same ids and normalized fields"
	fi
fi

# A ticket that is open (status 2).
ID=$(jq -r '[.[] | select(.status == 2)][0].id' "$TMP/api.json")

# 2. update: priority, status, tags, category reach the emulator.
tix update "fd:$ID" --priority urgent --status CLOSED --tags tix-e2e,vip \
    --category Refund
if [ "$RC" != 0 ]; then
	fail "update: exit status $RC"
else
	t=$(api "/tickets/$ID")
	if [ "$(echo "$t" | jq -r '.priority')" = 4 ] &&
	    [ "$(echo "$t" | jq -r '.status')" = 4 ] &&
	    [ "$(echo "$t" | jq -r '.type')" = Refund ] &&
	    [ "$(echo "$t" | jq -c '.tags | sort')" = '["tix-e2e","vip"]' ]
	then
		ok "update: the emulator has priority, status, type and tags"
	else
		fail "update: the emulator has $(echo "$t" | jq -c \
		    '{priority, status, type, tags}')"
	fi
fi

# 3. note: an internal note and a public reply, each exactly once.
tix note "fd:$ID" --internal -m "internal from the freshdesk e2e"
[ "$RC" = 0 ] || fail "note --internal: exit status $RC"
tix note "fd:$ID" -m "reply from the freshdesk e2e"
[ "$RC" = 0 ] || fail "note: exit status $RC"
c=$(api "/tickets/$ID/conversations?per_page=100")
if [ "$(echo "$c" | jq '[.[] | select(.private == true and
    .body_text == "internal from the freshdesk e2e")] | length')" = 1 ] &&
    [ "$(echo "$c" | jq '[.[] | select(.body_text ==
    "reply from the freshdesk e2e" and .private == false)] | length')" = 1 ]
then
	ok "note: one internal note and one public reply on the emulator"
else
	fail "note: conversations are $(echo "$c" | jq -c '[.[-2:][] |
	    {body_text, private}]')"
fi

# 4. A re-fetch through tix shows all of it.
tix show --json "fd:$ID"
if [ "$RC" = 0 ] && jq -e '
    .ticket.priority == "urgent" and .ticket.status == "CLOSED"
    and .ticket.raw.status == "Resolved" and .ticket.category_id == "Refund"
    and ([.notes[] | select(.description == "internal from the freshdesk e2e"
        and .is_public == false)] | length) == 1
    and ([.notes[] | select(.description == "reply from the freshdesk e2e"
        and .is_public == true)] | length) == 1' "$TMP/out" >/dev/null
then
	ok "show: the re-fetched ticket has the changes and both notes"
else
	fail "show: $(head -c 400 "$TMP/out")"
fi

# 5. A wrong key: one clear line, exit 1, the key not echoed.
sed -i "s/^token = .*/token = wrong-key-zq/" "$TMP/config"
tix list --account fd
if [ "$RC" = 1 ] && grep -q "refused the API key" "$TMP/err" &&
    ! grep -q "wrong-key-zq" "$TMP/err"; then
	ok "wrong key: refused, and the key is not echoed"
else
	fail "wrong key: exit $RC, $(head -n 2 "$TMP/err")"
fi

[ "$FAILS" = 0 ] || exit 1
exit 0
