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

. "$(dirname "$0")/lib.sh"
e2e_need jq

TICKET_KEYS='["account","category_id","closed_at","created_at","customer_id","description","due_at","id","priority","provider","raw","source","status","subject","tags","updated_at","url","user_id"]'

# --version and --help.
e2e_tix --version
e2e_want_success "--version" &&
    grep -Eq '^tix [0-9]+\.[0-9]+' "$E2E_TMP/out" ||
    e2e_bad "--version prints \"tix VERSION\""
e2e_tix --help
e2e_want_success "--help" &&
    grep -q '^usage: tix' "$E2E_TMP/out" && grep -q 'update ACCOUNT:ID' "$E2E_TMP/out" ||
    e2e_bad "--help prints the usage with the commands"
e2e_tix update --help
e2e_want_success "update --help" && grep -q -- '--priority' "$E2E_TMP/out" ||
    e2e_bad "update --help names --priority"

# The whole inbox as JSON.
e2e_tix --demo list --json
e2e_want_success "list --json"
cp "$E2E_TMP/out" "$E2E_TMP/all.json"
e2e_want_jq "list --json is an array of about 300 tickets" \
    'type == "array" and length >= 250 and length <= 350'
e2e_want_jq "every ticket has exactly the Unified field names" \
    --argjson k "$TICKET_KEYS" 'all(.[]; (keys == $k) and
	((.raw | keys) == ["priority","status"]))'
e2e_want_jq "times are ISO-8601 UTC or null" --arg re "$E2E_ISO_RE" \
    'all(.[]; (.created_at | test($re)) and (.updated_at | test($re)) and
	all(.closed_at, .due_at; . == null or test($re)))'
e2e_want_jq "status and priority are normalized" \
    'all(.[]; (.status == "ACTIVE" or .status == "CLOSED") and
	(.priority == null or
	 (.priority | IN("low", "normal", "high", "urgent"))))'
e2e_want_jq "the three demo accounts, provider demo" \
    '([.[].account] | unique) == ["acme","globex","initech"] and
	all(.[]; .provider == "demo")'
e2e_want_jq "newest activity first" \
    '[.[].updated_at] == ([.[].updated_at] | sort | reverse)'
e2e_want_jq "closed tickets say when" \
    'any(.[]; .status == "CLOSED" and .closed_at != null)'
TOTAL=$(jq length "$E2E_TMP/all.json")

# --account: one account only.
e2e_tix list --json --account acme
e2e_want_success "list --account acme"
e2e_want_jq "--account acme lists only acme's tickets" --argjson t "$TOTAL" \
    'length > 0 and length < $t and all(.[]; .account == "acme")'

# --filter, good and bad.
e2e_tix list --json --filter 'status:closed account:globex'
e2e_want_success "list --filter"
e2e_want_jq "--filter keeps only matching tickets" \
    'length > 0 and all(.[]; .status == "CLOSED" and .account == "globex")'
e2e_tix list --filter 'nosuchkey:x'
e2e_want_error 2 "filter" "a bad filter is bad usage"

# Plain output: sanitized, no escapes, even from hostile tickets.
e2e_tix list
e2e_want_success "plain list"
grep -q hostile "$E2E_TMP/out" || fail "the demo's hostile tickets are listed"
if LC_ALL=C grep -q $'\x1b' "$E2E_TMP/out"; then
	e2e_bad "plain list contains an ESC byte"
else
	e2e_ok "plain list has no ESC byte"
fi
if tr -d '\n' <"$E2E_TMP/out" | LC_ALL=C grep -q '[[:cntrl:]]'; then
	e2e_bad "plain list contains control characters"
else
	e2e_ok "plain list has no control characters"
fi
[ "$(wc -l <"$E2E_TMP/out")" = "$TOTAL" ] ||
    e2e_bad "plain list has one line per ticket"

# A hostile ticket in full: no escapes in the plain block.
HOSTILE=$(jq -r '[.[] | select(.tags | index("hostile"))][0] |
    "\(.account):\(.id)"' "$E2E_TMP/all.json")
e2e_tix show "$HOSTILE"
e2e_want_success "show $HOSTILE (hostile)"
if LC_ALL=C grep -q $'\x1b' "$E2E_TMP/out"; then
	e2e_bad "show of a hostile ticket contains an ESC byte"
fi

# show --json: ticket, customer, notes.
REF=$(jq -r '[.[] | select(.account == "acme")][0] | "\(.account):\(.id)"' \
    "$E2E_TMP/all.json")
ID=${REF#acme:}
e2e_tix show --json "$REF"
e2e_want_success "show --json $REF"
e2e_want_jq "show --json has the ticket, its customer and its notes" \
    --arg id "$ID" '(keys == ["customer","notes","ticket"]) and
	.ticket.id == $id and .ticket.account == "acme" and
	.customer.id == .ticket.customer_id and
	(.notes | length) > 0 and all(.notes[]; .ticket_id == $id)'
e2e_want_jq "notes have Unified names and are oldest first" \
    '.notes | all(.[]; keys == ["account","created_at","customer_id",
	"description","id","is_public","provider","ticket_id","updated_at",
	"user_id"]) and ([.[].created_at] == ([.[].created_at] | sort))'
e2e_tix show "$REF"
e2e_want_success "plain show $REF"
SUBJECT=$(jq -r --arg id "$ID" '.[] | select(.account == "acme" and
    .id == $id) | .subject' "$E2E_TMP/all.json")
grep -qF -- "$SUBJECT" "$E2E_TMP/out" || fail "plain show prints the subject"

# note: -m TEXT, and -m - from stdin.
e2e_tix note "$REF" -m "cli test reply $$"
e2e_want_success "note -m"
grep -Eq "^$REF: note [^ ]+ added$" "$E2E_TMP/out" ||
    e2e_bad "note prints \"$REF: note ID added\" (got: $(cat "$E2E_TMP/out"))"
printf 'internal from stdin %s\n' "$$" >"$E2E_TMP/note.txt"
e2e_tix note "$REF" --internal -m - <"$E2E_TMP/note.txt"
e2e_want_success "note --internal -m -"
grep -Eq "^$REF: note [^ ]+ added$" "$E2E_TMP/out" ||
    e2e_bad "note -m - prints the note id"
e2e_tix note "$REF" -m ""
e2e_want_error 2 "empty" "an empty note is bad usage"
e2e_tix note "$REF" -m - </dev/null
e2e_want_error 2 "empty" "an empty note from stdin is bad usage"
head -c 300000 /dev/zero | tr '\0' 'x' >"$E2E_TMP/big.txt"
e2e_tix note "$REF" -m - <"$E2E_TMP/big.txt"
e2e_want_error 1 "too long" "a note over the cap is refused"

# update: the printed JSON shows the change.
e2e_tix update "$REF" --priority urgent --status CLOSED --json
e2e_want_success "update --priority urgent --status CLOSED"
e2e_want_jq "update --json shows the new priority and status" --arg id "$ID" \
    '.id == $id and .priority == "urgent" and .status == "CLOSED"'
e2e_tix update "$REF" --tags 'cli-a, cli-b' --assignee me
e2e_want_success "update --tags --assignee me (plain)"
grep -q 'cli-a, cli-b' "$E2E_TMP/out" || fail "plain update shows the new tags"

# The demo's locked ticket refuses writes: exit 1, one line.
LOCKED=$(jq -r '[.[] | select(.tags | index("locked"))][0] |
    "\(.account):\(.id)"' "$E2E_TMP/all.json")
if [ -z "$LOCKED" ] || [ "$LOCKED" = "null:null" ]; then
	e2e_bad "the demo has a ticket tagged locked"
else
	e2e_tix update "$LOCKED" --priority high
	e2e_want_error 1 "$LOCKED" "update of a locked ticket fails"
fi

# Unknown tickets and accounts.
e2e_tix show acme:999999
e2e_want_error 1 "acme:999999: ticket not found" "unknown ticket"
e2e_tix update acme:999999 --priority low
e2e_want_error 1 "ticket not found" "update of an unknown ticket"
e2e_tix show nosuch:1
e2e_want_error 1 "no account named 'nosuch'" "unknown account"
e2e_tix list --account nosuch
e2e_want_error 1 "no account named 'nosuch'" "list --account of an unknown one"

# Bad usage exits 2.
e2e_tix frobnicate
e2e_want_error 2 "frobnicate" "unknown command"
e2e_tix --bogus list
e2e_want_error 2 "bogus" "unknown global option"
e2e_tix show
e2e_want_error 2 "ACCOUNT:ID" "show without ACCOUNT:ID"
e2e_tix show acme
e2e_want_error 2 "ACCOUNT:ID" "show with a bad ACCOUNT:ID"
e2e_tix update "$REF"
e2e_want_error 2 "nothing to change" "update without a change"
e2e_tix update "$REF" --priority sky-high
e2e_want_error 2 "sky-high" "update with a bad priority"
e2e_tix note "$REF"
e2e_want_error 2 "-m" "note without -m"

# What is sent is what was typed: controls and bad UTF-8 are refused.
e2e_tix update "$REF" --tags $'vip,red\e[31m'
e2e_want_error 2 "--tags: control character U+001B at byte 8" \
    "update with an escape in a tag"
e2e_tix update "$REF" --category $'caf\xe9'
e2e_want_error 2 "--category: byte 4 is not UTF-8" \
    "update with a Latin-1 category"
e2e_tix note "$REF" -m $'line one\nline two\a'
e2e_want_error 2 "-m: control character U+0007 at byte 18" \
    "note with a bell"
printf 'from stdin\x1b]0;title\x07\n' >"$E2E_TMP/in"
e2e_tix note "$REF" -m - <"$E2E_TMP/in"
e2e_want_error 1 "the note: control character U+001B at byte 11" \
    "note from stdin with an OSC escape"

# A terminal that is not UTF-8 gets ASCII stand-ins: no byte of a UTF-8
# sequence (0x80-0x9F read as C1 controls there) in plain output.
E2E_TIX_ENV=(LC_ALL=C)
e2e_tix --demo list
E2E_TIX_ENV=()
if e2e_sane "list in the C locale" && [ "$RC" = 0 ] &&
    ! LC_ALL=C grep -q $'[\x80-\xff]' "$E2E_TMP/out" &&
    grep -q '?' "$E2E_TMP/out"; then
	e2e_ok "list in the C locale: ASCII only, '?' for the rest"
else
	e2e_bad "list in the C locale: $(LC_ALL=C grep -c $'[\x80-\xff]' \
	    "$E2E_TMP/out") lines with 8-bit bytes"
fi

# accounts: one line each.
e2e_tix accounts
e2e_want_success "accounts"
[ "$(grep -Ec '^(acme|globex|initech) +demo +ok' "$E2E_TMP/out")" = 3 ] ||
    e2e_bad "accounts lists the three demo accounts as ok"
e2e_tix accounts --json
e2e_want_success "accounts --json"
e2e_want_jq "accounts --json" \
    '[.[].name] == ["acme","globex","initech"] and all(.[]; .state == "ok")'

# A closed pipe: head takes one line, tix stops quietly.
e2e_tix_exec --demo list 2>"$E2E_TMP/err" | head -n 1 >"$E2E_TMP/out"
RC=${PIPESTATUS[0]}
if [ "$RC" -gt 1 ] || [ -s "$E2E_TMP/err" ] ||
    [ "$(wc -l <"$E2E_TMP/out")" != 1 ]; then
	e2e_bad "list | head -1: status $RC"
else
	e2e_ok "list | head -1 exits cleanly (status $RC)"
fi

# -v: a private debug log, without ticket text.
e2e_tix -v list --account acme
e2e_want_success "-v list"
if [ ! -s "$E2E_TMP/state/tix/tix.log" ]; then
	e2e_bad "-v writes \$XDG_STATE_HOME/tix/tix.log"
elif [ "$(stat -c %a "$E2E_TMP/state/tix")" != 700 ] ||
    [ "$(stat -c %a "$E2E_TMP/state/tix/tix.log")" != 600 ]; then
	e2e_bad "the log directory is 0700 and the log 0600"
elif grep -qF -- "$SUBJECT" "$E2E_TMP/state/tix/tix.log"; then
	e2e_bad "the log contains ticket text"
else
	e2e_ok "-v log is private and has no ticket text"
fi

e2e_done
