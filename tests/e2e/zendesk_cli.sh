#!/bin/bash
# tests/e2e/zendesk_cli.sh: the real tix binary on a Zendesk account
# served by tix-emu.  Checks that "tix list --json --account zd" lists
# exactly the emulator's tickets (ids and normalized fields compared with
# the API's own answer, fetched with curl), and that "tix update" and
# "tix note" reach the emulator and survive a re-fetch.  Offline: the
# emulator listens on 127.0.0.1 and exits when this script closes its
# stdin.  Needs jq and curl (skipped, exit 77, without them).

set -u

NAME=zendesk_cli
if [ -z "${abs_top_builddir:-}" ]; then
	abs_top_builddir=$PWD
fi
TIX=${E2E_TIX:-$abs_top_builddir/tix}
EMU=$abs_top_builddir/tests/emulators/tix-emu
EMAIL=agent@example.com
TOKEN=emu-api-token

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

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tix-zdcli.XXXXXX") || exit 99
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

# GET an API path (after /api/v2) as the agent; the body on stdout.
api() {
	curl -sf -u "$EMAIL/token:$TOKEN" "$BASE$1"
}

# Every ticket through cursor pagination, as one JSON array.
api_tickets() {
	local path="/tickets.json?page%5Bsize%5D=100" page after
	: >"$TMP/pages"
	while :; do
		page=$(api "$path") || return 1
		echo "$page" | jq '.tickets' >>"$TMP/pages"
		[ "$(echo "$page" | jq '.meta.has_more')" = true ] || break
		after=$(echo "$page" | jq -r '.meta.after_cursor')
		path="/tickets.json?page%5Bsize%5D=100&page%5Bafter%5D=$after"
	done
	jq -s 'add' "$TMP/pages"
}

# Start the emulator; its stdin is fd 3 of this shell.
mkfifo "$TMP/emu.in" || exit 99
"$EMU" --provider zendesk --port 0 --tickets 120 --seed 7 \
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
[account zd]
provider = zendesk
url = $BASE
email = $EMAIL
token = $TOKEN
EOF

# 1. list --json: exactly the emulator's tickets, normalized.
tix list --json --account zd
if [ "$RC" != 0 ]; then
	fail "list: exit status $RC"
else
	api_tickets >"$TMP/api.json" || fail "curl could not list tickets"
	norm_tix='map({id, status, priority, raw_status: .raw.status,
	    raw_priority: .raw.priority, customer_id, user_id, category_id,
	    tags: (.tags | sort), subject, updated_at}) | sort_by(.id)'
	norm_api='map({id: (.id | tostring),
	    status: (if .status == "solved" or .status == "closed"
	        then "CLOSED" else "ACTIVE" end),
	    priority: .priority, raw_status: .status,
	    raw_priority: .priority,
	    customer_id: (.requester_id | if . == null then null
	        else tostring end),
	    user_id: (.assignee_id | if . == null then null
	        else tostring end),
	    category_id: (.group_id | if . == null then null
	        else tostring end),
	    tags: (.tags | sort), subject, updated_at}) | sort_by(.id)'
	jq "$norm_tix" "$TMP/out" >"$TMP/a"
	jq "$norm_api" "$TMP/api.json" >"$TMP/b"
	n=$(jq length "$TMP/a")
	if [ "$n" != 120 ]; then
		fail "list: $n tickets, not 120"
	elif ! cmp -s "$TMP/a" "$TMP/b"; then
		fail "list: tickets differ from the API's"
		diff "$TMP/a" "$TMP/b" | head -n 20
	else
		ok "list: 120 tickets, same ids and normalized fields"
	fi
fi

# A ticket that can be changed (not closed).
ID=$(jq -r '[.[] | select(.status != "closed")][0].id' "$TMP/api.json")

# 2. update: priority, status, tags reach the emulator.
tix update "zd:$ID" --priority urgent --status CLOSED --tags tix-e2e,vip
if [ "$RC" != 0 ]; then
	fail "update: exit status $RC"
else
	t=$(api "/tickets/$ID.json")
	if [ "$(echo "$t" | jq -r '.ticket.priority')" = urgent ] &&
	    [ "$(echo "$t" | jq -r '.ticket.status')" = solved ] &&
	    [ "$(echo "$t" | jq -c '.ticket.tags | sort')" = \
	    '["tix-e2e","vip"]' ]; then
		ok "update: the emulator has priority, status and tags"
	else
		fail "update: the emulator has $t"
	fi
fi

# 3. note: an internal note and a public reply, each exactly once.
tix note "zd:$ID" --internal -m "internal from the zendesk e2e"
[ "$RC" = 0 ] || fail "note --internal: exit status $RC"
tix note "zd:$ID" -m "reply from the zendesk e2e"
[ "$RC" = 0 ] || fail "note: exit status $RC"
c=$(api "/tickets/$ID/comments.json")
if [ "$(echo "$c" | jq '[.comments[] | select(.body ==
    "internal from the zendesk e2e" and .public == false)] | length')" = 1 ] &&
    [ "$(echo "$c" | jq '[.comments[] | select(.body ==
    "reply from the zendesk e2e" and .public == true)] | length')" = 1 ]
then
	ok "note: one internal note and one public reply on the emulator"
else
	fail "note: comments are $(echo "$c" | jq -c '[.comments[-2:][] |
	    {body, public}]')"
fi

# 4. A re-fetch through tix shows all of it.
tix show --json "zd:$ID"
if [ "$RC" = 0 ] && jq -e '
    .ticket.priority == "urgent" and .ticket.status == "CLOSED"
    and .ticket.raw.status == "solved"
    and ([.notes[] | select(.description == "internal from the zendesk e2e"
        and .is_public == false)] | length) == 1
    and ([.notes[] | select(.description == "reply from the zendesk e2e"
        and .is_public == true)] | length) == 1' "$TMP/out" >/dev/null
then
	ok "show: the re-fetched ticket has the changes and both notes"
else
	fail "show: $(head -c 400 "$TMP/out")"
fi

# 5. A wrong token: one clear line, exit 1.
sed -i "s/^token = .*/token = wrong/" "$TMP/config"
tix list --account zd
if [ "$RC" = 1 ] && grep -q "refused" "$TMP/err" &&
    ! grep -q "wrong" "$TMP/err"; then
	ok "wrong token: refused, and the token is not echoed"
else
	fail "wrong token: exit $RC, $(head -n 2 "$TMP/err")"
fi

[ "$FAILS" = 0 ] || exit 1
exit 0
