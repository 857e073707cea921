#!/bin/sh
#
# Smoke test for tix-emu: start it on port 0 for each provider, fetch a
# first and a second page, check a 401, the admin path, a safe_update
# conflict and one fault flag, then stop it by closing its stdin and
# check that it exited cleanly (no sanitizer report).  Needs curl(1)
# and jq(1); exits 77 (skip) without them.

set -u

command -v curl >/dev/null 2>&1 || { echo "curl not found: skip"; exit 77; }
command -v jq >/dev/null 2>&1 || { echo "jq not found: skip"; exit 77; }

builddir=${abs_top_builddir:-.}
EMU=$builddir/tests/emulators/tix-emu
if [ ! -x "$EMU" ]; then
	echo "FAIL: $EMU not built"
	exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/emu_smoke.XXXXXX") || exit 99
pids=
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}

# start NAME FD ARGS...: run tix-emu with stdin on a FIFO held open by
# file descriptor FD, so it exits when this script does, however it dies.
start() {
	name=$1
	fd=$2
	shift 2
	mkfifo "$tmp/$name.in" || exit 99
	"$EMU" "$@" <"$tmp/$name.in" >"$tmp/$name.port" 2>"$tmp/$name.err" &
	eval "pid_$name=\$!"
	eval "pids=\"\$pids \$pid_$name\""
	eval "exec $fd>\"\$tmp/$name.in\""
	i=0
	while [ ! -s "$tmp/$name.port" ]; do
		i=$((i + 1))
		if [ "$i" -gt 300 ]; then
			cat "$tmp/$name.err"
			echo "FAIL: $name did not print its port"
			exit 1
		fi
		sleep 0.1
	done
	port=$(cat "$tmp/$name.port")
	case $port in
	''|*[!0-9]*) echo "FAIL: $name printed '$port'"; exit 1 ;;
	esac
	eval "port_$name=\$port"
}

# stop NAME FD: close its stdin and expect a clean exit.
stop() {
	eval "exec $2>&-"
	eval "wait \$pid_$1"
	rc=$?
	[ "$rc" -eq 0 ] || fail "$1 exited with $rc"
	if [ -s "$tmp/$1.err" ]; then
		cat "$tmp/$1.err"
		fail "$1 wrote to stderr"
	fi
}

# get URL [curl args...]: body to $tmp/body, headers to $tmp/head,
# status to $code.
get() {
	url=$1
	shift
	code=$(curl -g -s -o "$tmp/body" -D "$tmp/head" -w '%{http_code}' \
	    "$@" "$url")
}

expect_code() {
	[ "$code" = "$1" ] ||
	    fail "$2: HTTP $code, expected $1: $(cat "$tmp/body")"
}

expect_body() {
	grep -q -- "$1" "$tmp/body" || fail "$2: body lacks $1"
}

expect_head() {
	grep -qi -- "$1" "$tmp/head" || fail "$2: headers lack $1"
}

# --- Zendesk ---------------------------------------------------------
start zd 8 --provider zendesk --port 0 --seed 42 --tickets 20 \
    --email agent@example.com --token T --oauth-token O
Z=http://127.0.0.1:$port_zd
ZA="-u agent@example.com/token:T"

get "$Z/api/v2/tickets.json?page[size]=5" $ZA
expect_code 200 "zendesk first page"
expect_body '"has_more":true' "zendesk first page"
expect_body '"id":5,' "zendesk first page"
expect_head '^X-Rate-Limit-Remaining:' "zendesk first page"
after=$(sed -n 's/.*"after_cursor":"\([^"]*\)".*/\1/p' "$tmp/body")
[ -n "$after" ] || fail "zendesk: no after_cursor"
get "$Z/api/v2/tickets.json?page[size]=5&page[after]=$after" $ZA
expect_code 200 "zendesk second page"
expect_body '"id":6,' "zendesk second page"
expect_body '"id":10,' "zendesk second page"
grep -q '"id":5,' "$tmp/body" && fail "zendesk second page repeats id 5"

# The last cursor page: has_more false, links.next still set (as on
# Zendesk); following it gives an empty page with null cursors.
get "$Z/api/v2/tickets.json?page[size]=100" $ZA
jq -e '(.tickets | length) == 20 and .meta.has_more == false and
    (.links.next | type) == "string"' "$tmp/body" >/dev/null ||
    fail "zendesk last page: $(jq -c '{meta, links}' "$tmp/body")"
next=$(jq -r .links.next "$tmp/body")
get "$next" $ZA
jq -e '(.tickets | length) == 0 and .meta.has_more == false and
    .meta.after_cursor == null and .links.next == null' "$tmp/body" \
    >/dev/null || fail "zendesk past the last page: $(cat "$tmp/body")"

get "$Z/api/v2/users/me.json" -H "Authorization: Bearer O"
expect_code 200 "zendesk bearer"
expect_body '"email":"agent@example.com"' "zendesk bearer"

get "$Z/api/v2/tickets.json" -u agent@example.com/token:wrong
expect_code 401 "zendesk bad token"
expect_body "Couldn't authenticate you" "zendesk bad token"

get "$Z/api/v2/incremental/tickets/cursor.json?start_time=0" $ZA
expect_code 200 "zendesk incremental"
expect_body '"end_of_stream":true' "zendesk incremental"
expect_body '"generated_timestamp":' "zendesk incremental"

get "$Z/api/v2/incremental/users.json?start_time=0" $ZA
expect_code 200 "zendesk incremental users"
jq -e '(.users | length) > 5 and .count == (.users | length) and
    (.end_time | type) == "number" and .end_of_stream == true and
    (.next_page | test("start_time="))' "$tmp/body" >/dev/null ||
    fail "zendesk incremental users: $(head -c 300 "$tmp/body")"

get "$Z/__emu/tickets/3/notes" -X POST -d '{"body":"smoke note"}'
expect_code 201 "zendesk admin note"
get "$Z/api/v2/tickets/3/comments.json" $ZA
expect_body 'smoke note' "zendesk comments after admin note"
get "$Z/__emu/stats"
expect_body '"notes_added":1' "zendesk stats"

get "$Z/api/v2/tickets/4.json" -X PUT $ZA -H 'Content-Type: application/json' \
    -d '{"ticket":{"priority":"high","safe_update":true,"updated_stamp":"2000-01-01T00:00:00Z"}}'
expect_code 409 "zendesk safe_update"
get "$Z/api/v2/tickets/4.json" -X PUT $ZA -H 'Content-Type: application/json' \
    -d '{"ticket":{"priority":"urgent","comment":{"body":"internal","public":false}}}'
case $code in
200) expect_body '"priority":"urgent"' "zendesk update" ;;
422) expect_body 'closed prevents ticket update' "zendesk update closed" ;;
*) fail "zendesk update: HTTP $code" ;;
esac

# Tags: POST sets, PUT adds, DELETE removes (Zendesk Tags API).
get "$Z/__emu/tickets/5" -X POST -d '{"status":"open","tags":["old"]}'
expect_code 200 "zendesk tags: reopen ticket 5"
get "$Z/api/v2/tickets/5/tags.json" -X POST $ZA -H 'Content-Type: application/json' \
    -d '{"tags":["a","b"]}'
expect_code 201 "zendesk tags: POST"
[ "$(jq -c .tags "$tmp/body")" = '["a","b"]' ] ||
    fail "zendesk tags: POST should set, got $(cat "$tmp/body")"
get "$Z/api/v2/tickets/5/tags.json" -X PUT $ZA -H 'Content-Type: application/json' \
    -d '{"tags":["c"]}'
expect_code 200 "zendesk tags: PUT"
[ "$(jq -c .tags "$tmp/body")" = '["a","b","c"]' ] ||
    fail "zendesk tags: PUT should add, got $(cat "$tmp/body")"
get "$Z/api/v2/tickets/5/tags.json" -X DELETE $ZA -H 'Content-Type: application/json' \
    -d '{"tags":["a"]}'
expect_code 200 "zendesk tags: DELETE"
[ "$(jq -c .tags "$tmp/body")" = '["b","c"]' ] ||
    fail "zendesk tags: DELETE should remove, got $(cat "$tmp/body")"

# A ticket deleted by another agent: 404 on GET, out of the list, and
# in the incremental export with status "deleted".
get "$Z/__emu/tickets/6" -X DELETE
expect_code 204 "zendesk admin delete"
get "$Z/api/v2/tickets/6.json" $ZA
expect_code 404 "zendesk deleted ticket"
get "$Z/api/v2/tickets.json?page[size]=100" $ZA
jq -e 'all(.tickets[]; .id != 6)' "$tmp/body" >/dev/null ||
    fail "zendesk list shows deleted ticket 6"
get "$Z/api/v2/incremental/tickets/cursor.json?start_time=0" $ZA
jq -e '[.tickets[] | select(.id == 6)][0].status == "deleted"' \
    "$tmp/body" >/dev/null || fail "zendesk export: ticket 6 not deleted"
get "$Z/api/v2/incremental/tickets.json?start_time=0" $ZA
jq -e '[.tickets[] | select(.id == 6)][0].status == "deleted"' \
    "$tmp/body" >/dev/null || fail "zendesk time export: ticket 6 not deleted"

stop zd 8

# --- Freshdesk -------------------------------------------------------
start fd 9 --provider freshdesk --port 0 --seed 42 --tickets 200 \
    --api-key KEY
F=http://127.0.0.1:$port_fd
FA="-u KEY:X"

get "$F/api/v2/tickets?per_page=10" $FA
expect_code 200 "freshdesk first page"
expect_head 'Link: <.*page=2.*>; rel="next"' "freshdesk first page"
expect_head '^X-RateLimit-Total:' "freshdesk first page"
first=$(sed -n 's/.*"id":\([0-9]*\),"type".*/\1/p' "$tmp/body" | head -n 1)
get "$F/api/v2/tickets?per_page=10&page=2" $FA
expect_code 200 "freshdesk second page"
expect_body '"subject":' "freshdesk second page"

# Groups page like the other lists and say business_hour_id.
get "$F/api/v2/groups?per_page=2" $FA
expect_code 200 "freshdesk groups page 1"
expect_head 'Link: <.*page=2.*>; rel="next"' "freshdesk groups page 1"
jq -e 'length == 2 and (.[0] | has("business_hour_id")) and
    (.[0] | has("business_hours_id") | not)' "$tmp/body" >/dev/null ||
    fail "freshdesk groups page 1: $(cat "$tmp/body")"
get "$F/api/v2/groups?per_page=2&page=3" $FA
jq -e 'length == 1' "$tmp/body" >/dev/null ||
    fail "freshdesk groups last page: $(cat "$tmp/body")"
grep -qi '^Link:' "$tmp/head" && fail "freshdesk groups last page has Link"

# The contact list leaves out other_emails and tags; the view has them.
get "$F/api/v2/contacts?per_page=100" $FA
jq -e 'length > 3 and all(.[]; has("other_emails") or has("tags") |
    not)' "$tmp/body" >/dev/null ||
    fail "freshdesk contact list: $(head -c 400 "$tmp/body")"
cid=$(jq '.[0].id' "$tmp/body")
get "$F/api/v2/contacts/$cid" $FA
jq -e '(.other_emails | type) == "array" and (.tags | length) == 1' \
    "$tmp/body" >/dev/null || fail "freshdesk contact view: $(cat "$tmp/body")"

get "$F/api/v2/tickets?page=301" $FA
expect_code 400 "freshdesk page 301"
expect_body "beyond the 300th page" "freshdesk page 301"

get "$F/api/v2/agents/me" -u WRONG:X
expect_code 401 "freshdesk bad key"
expect_body '"code":"invalid_credentials"' "freshdesk bad key"

get "$F/__emu/tickets/7" -X POST -d '{"status":5,"tags":["smoke"]}'
expect_code 200 "freshdesk admin patch"
get "$F/api/v2/tickets/7" $FA
expect_body '"status":5' "freshdesk read after admin patch"
expect_body '"tags":\["smoke"\]' "freshdesk read after admin patch"

# closed_at and resolved_at only in stats, with include=stats.
jq -e 'has("stats") or has("closed_at") | not' "$tmp/body" >/dev/null ||
    fail "freshdesk view without include=stats: $(head -c 300 "$tmp/body")"
get "$F/api/v2/tickets/7?include=stats" $FA
jq -e '(.stats.closed_at | type) == "string" and
    (.stats.resolved_at | type) == "string" and .stats.reopened_at == null' \
    "$tmp/body" >/dev/null || fail "freshdesk closed stats: $(jq -c .stats "$tmp/body")"
get "$F/api/v2/tickets?updated_since=2000-01-01T00:00:00Z&per_page=100&include=stats" $FA
jq -e 'all(.[]; (.status == 5) == (.stats.closed_at != null) and
    (.status >= 4) == (.stats.resolved_at != null)) and
    any(.[]; .status == 5) and any(.[]; .status == 4)' "$tmp/body" \
    >/dev/null || fail "freshdesk list stats: $(jq -c '[.[] | {status, stats}] | .[:4]' "$tmp/body")"
get "$F/__emu/tickets/7" -X POST -d '{"status":2}'
get "$F/api/v2/tickets/7?include=stats" $FA
jq -e '.stats.closed_at == null and .stats.resolved_at == null and
    (.stats.reopened_at | type) == "string"' "$tmp/body" >/dev/null ||
    fail "freshdesk reopened stats: $(jq -c .stats "$tmp/body")"

get "$F/api/v2/tickets/7/notes" -X POST $FA -H 'Content-Type: application/json' \
    -d '{"body":"<p>note</p>"}'
expect_code 201 "freshdesk note"
expect_body '"private":true' "freshdesk note"

# A multi-line note: body keeps its breaks, body_text joins the lines
# with a space per break, as Freshdesk renders it.
get "$F/api/v2/tickets/7/notes" -X POST $FA -H 'Content-Type: application/json' \
    -d '{"body":"<div>first line<br>\nsecond line</div><p>third &amp; last</p>"}'
expect_code 201 "freshdesk multi-line note"
jq -e '.body == "<div>first line<br>\nsecond line</div><p>third &amp; last</p>"
    and .body_text == "first line  second line  third & last"' \
    "$tmp/body" >/dev/null || fail "freshdesk multi-line note: $(cat "$tmp/body")"
get "$F/api/v2/tickets/7/conversations?per_page=100" $FA
jq -e '.[-1].body | test("<br>\n")' "$tmp/body" >/dev/null ||
    fail "freshdesk multi-line note read back: $(jq -c '.[-1]' "$tmp/body")"
[ -n "$first" ] || fail "freshdesk: no ticket id on the first page"

# A ticket deleted by another agent: 404, out of the list, listed with
# filter=deleted; deleting it again is 405; restore brings it back.
get "$F/__emu/tickets/8" -X DELETE
expect_code 204 "freshdesk admin delete"
get "$F/api/v2/tickets/8" $FA
expect_code 404 "freshdesk deleted ticket"
for pg in 1 2; do
	get "$F/api/v2/tickets?updated_since=2000-01-01T00:00:00Z&per_page=100&page=$pg" $FA
	jq -e 'length > 0 and all(.[]; .id != 8)' "$tmp/body" >/dev/null ||
	    fail "freshdesk list page $pg shows deleted ticket 8"
done
get "$F/api/v2/tickets?filter=deleted&updated_since=2000-01-01T00:00:00Z" $FA
jq -e '[.[] | select(.id == 8 and .deleted == true)] | length == 1' \
    "$tmp/body" >/dev/null || fail "freshdesk filter=deleted: $(cat "$tmp/body")"
get "$F/api/v2/tickets/8" -X DELETE $FA
expect_code 405 "freshdesk delete a deleted ticket"
get "$F/api/v2/tickets/8/restore" -X PUT $FA -H 'Content-Type: application/json'
expect_code 204 "freshdesk restore"
get "$F/api/v2/tickets/8" $FA
expect_code 200 "freshdesk restored ticket"

stop fd 9

# --- A fault: 429 on every 2nd API request -----------------------------
start f429 7 --provider freshdesk --port 0 --seed 1 --tickets 5 \
    --api-key KEY --fault-429-every 2
F=http://127.0.0.1:$port_f429
get "$F/api/v2/tickets" $FA
expect_code 200 "fault: first request"
get "$F/api/v2/tickets" $FA
expect_code 429 "fault: second request"
expect_head '^Retry-After: 1' "fault: second request"
get "$F/__emu/stats"
expect_code 200 "fault: admin path is never faulted"
expect_body '"429":1' "fault: stats"
stop f429 7

# --- Faults: a write applied but its answer dropped; a truncated body ---
start fw 7 --provider zendesk --port 0 --seed 1 --tickets 5 --token T \
    --fault-drop-after-write 1 --fault-truncate-every 3
Z=http://127.0.0.1:$port_fw
ZA="-u agent@example.com/token:T"
get "$Z/__emu/tickets/2" -X POST -d '{"status":"open"}'
expect_code 200 "drop-after-write: reopen ticket 2"
get "$Z/api/v2/tickets/2.json" -X PUT $ZA -H 'Content-Type: application/json' \
    -d '{"ticket":{"comment":{"body":"unknown outcome","public":false}}}'
[ "$code" = "000" ] || fail "drop-after-write: got HTTP $code, expected none"
get "$Z/__emu/tickets/2"
expect_body 'unknown outcome' "drop-after-write: the write was applied"
get "$Z/api/v2/tickets/2.json" $ZA
expect_code 200 "truncate: second API request"
get "$Z/api/v2/tickets/2.json" $ZA
expect_code 200 "truncate: third API request"
tail -c 1 "$tmp/body" | grep -q '}' && fail "truncate: body ends with }"
get "$Z/__emu/stats"
expect_body '"drop_after_write":1' "faults: stats"
expect_body '"truncate":1' "faults: stats"
stop fw 7

# --- A fault: every 2nd write is stored, then answered 500 -------------
start f5w 7 --provider freshdesk --port 0 --seed 1 --tickets 5 \
    --api-key KEY --fault-5xx-after-write 2
F=http://127.0.0.1:$port_f5w
get "$F/api/v2/tickets/1/notes" -X POST $FA -H 'Content-Type: application/json' \
    -d '{"body":"first write"}'
expect_code 201 "5xx-after-write: first write"
get "$F/api/v2/tickets/1/notes" -X POST $FA -H 'Content-Type: application/json' \
    -d '{"body":"second write"}'
expect_code 500 "5xx-after-write: second write"
expect_body '"code":"internal_error"' "5xx-after-write: second write"
get "$F/api/v2/tickets/1/conversations?per_page=100" $FA
jq -e '[.[] | select(.body_text == "second write")] | length == 1' \
    "$tmp/body" >/dev/null || fail "5xx-after-write: the note was not kept"
get "$F/__emu/stats"
expect_body '"5xx_after_write":1' "5xx-after-write: stats"
stop f5w 7

start z5w 7 --provider zendesk --port 0 --seed 1 --tickets 5 --token T \
    --fault-5xx-after-write 1
Z=http://127.0.0.1:$port_z5w
ZA="-u agent@example.com/token:T"
get "$Z/__emu/tickets/2" -X POST -d '{"status":"open"}'
get "$Z/api/v2/tickets/2.json" -X PUT $ZA -H 'Content-Type: application/json' \
    -d '{"ticket":{"comment":{"body":"stored then 500","public":false}}}'
expect_code 500 "5xx-after-write: zendesk comment"
expect_body '"error":"InternalServerError"' "5xx-after-write: zendesk comment"
get "$Z/api/v2/tickets/2/comments.json" $ZA
expect_body 'stored then 500' "5xx-after-write: zendesk comment kept"
stop z5w 7

[ "$failed" -eq 0 ] && echo "PASS: tix-emu smoke"
exit "$failed"
