#!/bin/bash
# tests/e2e/cli.sh: the scripting CLI end to end, on the demo accounts.
#
# Runs the real tix binary as a script would (list, show, note, update,
# accounts, --json through jq) and checks exit statuses, stderr messages
# and that no terminal escape from the demo's hostile tickets reaches the
# plain output.  Everything runs in a private temporary directory (HOME
# and the XDG directories), offline.  Needs jq; without it the test is
# skipped (exit 77).  Exit codes follow automake: 0 pass, 1 fail, 77
# skip, 99 hard error.

set -u

NAME=cli
# make check sets abs_top_builddir; by hand, run it from the build dir.
if [ -z "${abs_top_builddir:-}" ]; then
	if [ -x "$PWD/tix" ]; then
		abs_top_builddir=$PWD
	else
		abs_top_builddir=$(cd "$(dirname "$0")/../.." && pwd)
	fi
fi
TIX=${E2E_TIX:-$abs_top_builddir/tix}

if ! command -v jq >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "$NAME: jq is missing, and CI must run this test" >&2
		exit 99
	fi
	echo "$NAME: SKIP: jq is not installed"
	exit 77
fi
if [ ! -x "$TIX" ]; then
	echo "$NAME: no tix binary at $TIX" >&2
	exit 99
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tix-cli.XXXXXX") || exit 99
mkdir -p "$TMP/home" "$TMP/config" "$TMP/state" "$TMP/cache" "$TMP/tmp"
FAILS=0

cleanup() {
	local rc=$? f
	for f in "$TMP"/san.*; do
		[ -e "$f" ] || continue
		echo "---- sanitizer report $(basename "$f") ----"
		cat "$f"
		rc=1
	done
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		echo "$NAME: kept $TMP"
	else
		rm -rf "$TMP"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Run tix with a private environment; stdout in $TMP/out, stderr in
# $TMP/err, the exit status in $RC.  Standard input is empty unless the
# caller redirects it.
tix() {
	env -i PATH="$PATH" HOME="$TMP/home" LANG=C.UTF-8 \
	    XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state" \
	    XDG_CACHE_HOME="$TMP/cache" TMPDIR="$TMP/tmp" \
	    TIX_DEMO_LATENCY_MS=0,0 TIX_DEMO_ACTIVITY_S=0 \
	    ASAN_OPTIONS="log_path=$TMP/san.asan" \
	    UBSAN_OPTIONS="log_path=$TMP/san.ubsan:print_stacktrace=1" \
	    "$TIX" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

fail() {
	echo "$NAME: FAIL: $*" >&2
	if [ -s "$TMP/err" ]; then
		echo "---- stderr ----"
		head -n 20 "$TMP/err"
	fi
	FAILS=$((FAILS + 1))
}

ok() {
	echo "$NAME: ok: $*"
}

# The last command exited with this status.
want_rc() {
	local want=$1 what=$2
	if [ "$RC" != "$want" ]; then
		fail "$what: exit status $RC, not $want"
		return 1
	fi
	return 0
}

# The last command succeeded with an empty stderr.
want_success() {
	want_rc 0 "$1" || return 1
	if [ -s "$TMP/err" ]; then
		fail "$1: unexpected stderr"
		return 1
	fi
	ok "$1"
}

# The last command failed with status $1 and one "tix: ..." line that
# contains $2 (and, for usage errors, a usage line).
want_error() {
	local want=$1 text=$2 what=$3 lines
	want_rc "$want" "$what" || return 1
	lines=$(grep -vc '^usage: ' "$TMP/err")
	if [ "$lines" != 1 ]; then
		fail "$what: $lines error lines on stderr, not 1"
		return 1
	fi
	if ! grep -q "^tix: .*$text" "$TMP/err"; then
		fail "$what: stderr lacks \"tix: ...$text\""
		return 1
	fi
	if [ "$want" = 2 ] && ! grep -q '^usage: tix' "$TMP/err"; then
		fail "$what: no usage line"
		return 1
	fi
	if [ -s "$TMP/out" ]; then
		fail "$what: unexpected stdout"
		return 1
	fi
	ok "$what"
}

# jq -e over the last stdout.
want_jq() {
	local what=$1
	shift
	if ! jq -e "$@" "$TMP/out" >/dev/null 2>"$TMP/jqerr"; then
		fail "$what (jq $*)"
		head -n 5 "$TMP/jqerr"
		return 1
	fi
	ok "$what"
}

ISO='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
TICKET_KEYS='["account","category_id","closed_at","created_at","customer_id","description","due_at","id","priority","provider","raw","source","status","subject","tags","updated_at","url","user_id"]'

# --version and --help.
tix --version
want_success "--version" &&
    grep -Eq '^tix [0-9]+\.[0-9]+' "$TMP/out" ||
    fail "--version prints \"tix VERSION\""
tix --help
want_success "--help" &&
    grep -q '^usage: tix' "$TMP/out" && grep -q 'update ACCOUNT:ID' "$TMP/out" ||
    fail "--help prints the usage with the commands"
tix update --help
want_success "update --help" && grep -q -- '--priority' "$TMP/out" ||
    fail "update --help names --priority"

# The whole inbox as JSON.
tix --demo list --json
want_success "list --json"
cp "$TMP/out" "$TMP/all.json"
want_jq "list --json is an array of about 300 tickets" \
    'type == "array" and length >= 250 and length <= 350'
want_jq "every ticket has exactly the Unified field names" \
    --argjson k "$TICKET_KEYS" 'all(.[]; (keys == $k) and
	((.raw | keys) == ["priority","status"]))'
want_jq "times are ISO-8601 UTC or null" --arg re "$ISO" \
    'all(.[]; (.created_at | test($re)) and (.updated_at | test($re)) and
	all(.closed_at, .due_at; . == null or test($re)))'
want_jq "status and priority are normalized" \
    'all(.[]; (.status == "ACTIVE" or .status == "CLOSED") and
	(.priority == null or
	 (.priority | IN("low", "normal", "high", "urgent"))))'
want_jq "the three demo accounts, provider demo" \
    '([.[].account] | unique) == ["acme","globex","initech"] and
	all(.[]; .provider == "demo")'
want_jq "newest activity first" \
    '[.[].updated_at] == ([.[].updated_at] | sort | reverse)'
want_jq "closed tickets say when" \
    'any(.[]; .status == "CLOSED" and .closed_at != null)'
TOTAL=$(jq length "$TMP/all.json")

# --account: one account only.
tix list --json --account acme
want_success "list --account acme"
want_jq "--account acme lists only acme's tickets" --argjson t "$TOTAL" \
    'length > 0 and length < $t and all(.[]; .account == "acme")'

# --filter, good and bad.
tix list --json --filter 'status:closed account:globex'
want_success "list --filter"
want_jq "--filter keeps only matching tickets" \
    'length > 0 and all(.[]; .status == "CLOSED" and .account == "globex")'
tix list --filter 'nosuchkey:x'
want_error 2 "filter" "a bad filter is bad usage"

# Plain output: sanitized, no escapes, even from hostile tickets.
tix list
want_success "plain list"
grep -q hostile "$TMP/out" || fail "the demo's hostile tickets are listed"
if LC_ALL=C grep -q $'\x1b' "$TMP/out"; then
	fail "plain list contains an ESC byte"
else
	ok "plain list has no ESC byte"
fi
if tr -d '\n' <"$TMP/out" | LC_ALL=C grep -q '[[:cntrl:]]'; then
	fail "plain list contains control characters"
else
	ok "plain list has no control characters"
fi
[ "$(wc -l <"$TMP/out")" = "$TOTAL" ] ||
    fail "plain list has one line per ticket"

# A hostile ticket in full: no escapes in the plain block.
HOSTILE=$(jq -r '[.[] | select(.tags | index("hostile"))][0] |
    "\(.account):\(.id)"' "$TMP/all.json")
tix show "$HOSTILE"
want_success "show $HOSTILE (hostile)"
if LC_ALL=C grep -q $'\x1b' "$TMP/out"; then
	fail "show of a hostile ticket contains an ESC byte"
fi

# show --json: ticket, customer, notes.
REF=$(jq -r '[.[] | select(.account == "acme")][0] | "\(.account):\(.id)"' \
    "$TMP/all.json")
ID=${REF#acme:}
tix show --json "$REF"
want_success "show --json $REF"
want_jq "show --json has the ticket, its customer and its notes" \
    --arg id "$ID" '(keys == ["customer","notes","ticket"]) and
	.ticket.id == $id and .ticket.account == "acme" and
	.customer.id == .ticket.customer_id and
	(.notes | length) > 0 and all(.notes[]; .ticket_id == $id)'
want_jq "notes have Unified names and are oldest first" \
    '.notes | all(.[]; keys == ["account","created_at","customer_id",
	"description","id","is_public","provider","ticket_id","updated_at",
	"user_id"]) and ([.[].created_at] == ([.[].created_at] | sort))'
tix show "$REF"
want_success "plain show $REF"
SUBJECT=$(jq -r --arg id "$ID" '.[] | select(.account == "acme" and
    .id == $id) | .subject' "$TMP/all.json")
grep -qF -- "$SUBJECT" "$TMP/out" || fail "plain show prints the subject"

# note: -m TEXT, and -m - from stdin.
tix note "$REF" -m "cli test reply $$"
want_success "note -m"
grep -Eq "^$REF: note [^ ]+ added$" "$TMP/out" ||
    fail "note prints \"$REF: note ID added\" (got: $(cat "$TMP/out"))"
printf 'internal from stdin %s\n' "$$" >"$TMP/note.txt"
tix note "$REF" --internal -m - <"$TMP/note.txt"
want_success "note --internal -m -"
grep -Eq "^$REF: note [^ ]+ added$" "$TMP/out" ||
    fail "note -m - prints the note id"
tix note "$REF" -m ""
want_error 2 "empty" "an empty note is bad usage"
tix note "$REF" -m - </dev/null
want_error 2 "empty" "an empty note from stdin is bad usage"
head -c 300000 /dev/zero | tr '\0' 'x' >"$TMP/big.txt"
tix note "$REF" -m - <"$TMP/big.txt"
want_error 1 "too long" "a note over the cap is refused"

# update: the printed JSON shows the change.
tix update "$REF" --priority urgent --status CLOSED --json
want_success "update --priority urgent --status CLOSED"
want_jq "update --json shows the new priority and status" --arg id "$ID" \
    '.id == $id and .priority == "urgent" and .status == "CLOSED"'
tix update "$REF" --tags 'cli-a, cli-b' --assignee me
want_success "update --tags --assignee me (plain)"
grep -q 'cli-a, cli-b' "$TMP/out" || fail "plain update shows the new tags"

# The demo's locked ticket refuses writes: exit 1, one line.
LOCKED=$(jq -r '[.[] | select(.tags | index("locked"))][0] |
    "\(.account):\(.id)"' "$TMP/all.json")
if [ -z "$LOCKED" ] || [ "$LOCKED" = "null:null" ]; then
	fail "the demo has a ticket tagged locked"
else
	tix update "$LOCKED" --priority high
	want_error 1 "$LOCKED" "update of a locked ticket fails"
fi

# Unknown tickets and accounts.
tix show acme:999999
want_error 1 "acme:999999: ticket not found" "unknown ticket"
tix update acme:999999 --priority low
want_error 1 "ticket not found" "update of an unknown ticket"
tix show nosuch:1
want_error 1 "no account named 'nosuch'" "unknown account"
tix list --account nosuch
want_error 1 "no account named 'nosuch'" "list --account of an unknown one"

# Bad usage exits 2.
tix frobnicate
want_error 2 "frobnicate" "unknown command"
tix --bogus list
want_error 2 "bogus" "unknown global option"
tix show
want_error 2 "ACCOUNT:ID" "show without ACCOUNT:ID"
tix show acme
want_error 2 "ACCOUNT:ID" "show with a bad ACCOUNT:ID"
tix update "$REF"
want_error 2 "nothing to change" "update without a change"
tix update "$REF" --priority sky-high
want_error 2 "sky-high" "update with a bad priority"
tix note "$REF"
want_error 2 "-m" "note without -m"

# accounts: one line each.
tix accounts
want_success "accounts"
[ "$(grep -Ec '^(acme|globex|initech) +demo +ok' "$TMP/out")" = 3 ] ||
    fail "accounts lists the three demo accounts as ok"
tix accounts --json
want_success "accounts --json"
want_jq "accounts --json" \
    '[.[].name] == ["acme","globex","initech"] and all(.[]; .state == "ok")'

# A closed pipe: head takes one line, tix stops quietly.
env -i PATH="$PATH" HOME="$TMP/home" LANG=C.UTF-8 \
    XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state" \
    TIX_DEMO_LATENCY_MS=0,0 TIX_DEMO_ACTIVITY_S=0 \
    ASAN_OPTIONS="log_path=$TMP/san.asan" \
    UBSAN_OPTIONS="log_path=$TMP/san.ubsan:print_stacktrace=1" \
    "$TIX" --demo list 2>"$TMP/err" | head -n 1 >"$TMP/out"
RC=${PIPESTATUS[0]}
if [ "$RC" -gt 1 ] || [ -s "$TMP/err" ] || [ "$(wc -l <"$TMP/out")" != 1 ]; then
	fail "list | head -1: status $RC"
else
	ok "list | head -1 exits cleanly (status $RC)"
fi

# -v: a private debug log, without ticket text.
tix -v list --account acme
want_success "-v list"
if [ ! -s "$TMP/state/tix/tix.log" ]; then
	fail "-v writes \$XDG_STATE_HOME/tix/tix.log"
elif [ "$(stat -c %a "$TMP/state/tix")" != 700 ] ||
    [ "$(stat -c %a "$TMP/state/tix/tix.log")" != 600 ]; then
	fail "the log directory is 0700 and the log 0600"
elif grep -qF -- "$SUBJECT" "$TMP/state/tix/tix.log"; then
	fail "the log contains ticket text"
else
	ok "-v log is private and has no ticket text"
fi

if [ "$FAILS" -gt 0 ]; then
	echo "$NAME: $FAILS failures"
	exit 1
fi
echo "$NAME: all passed"
exit 0
