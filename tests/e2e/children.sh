#!/bin/bash
# tests/e2e/children.sh: no child of tix holds a secret or one of tix's
# descriptors.  The full-screen tix (tmux, 160x48) runs on two Zendesk
# accounts served by one tix-emu: "zd" reads its token from a variable
# (token_env) and "cmd", configured after it, from a command (token_cmd).
# The command and the editor ($EDITOR, for a reply on a zd ticket, while
# tix holds its connection to the emulator) record their own environment
# (/proc/$$/environ) and open descriptors (ls -l /proc/$$/fd), and:
#
#  - neither environment holds the token's value (in any case) or the
#    variable that held it;
#  - neither has a descriptor above 2 open, except the script itself,
#    which its shell opens to read it;
#  - the editor still gets what a terminal editor needs (PATH, HOME,
#    TERM), and the reply it wrote reaches the emulator.
#
# Linux only (/proc).  Offline (127.0.0.1 only).  Skips (77) without
# tmux, jq, curl or tix-emu.

. "$(dirname "$0")/lib.sh"
e2e_need tmux jq curl emu
[ -r /proc/self/environ ] || e2e_skip "no /proc/self/environ"

E2E_REF_RE='(zd|cmd):[0-9]+'
VAR=TIX_E2E_ZD_TOKEN

e2e_emu ZD zendesk --seed 431 --tickets 20

# A child's record: its environment, one variable a line, and its
# descriptors as "FD TARGET".
record='self=$(readlink -f "$0")
tr "\0" "\n" </proc/$$/environ >"$out.env"
ls -l /proc/$$/fd | sed -n "s/.* \([0-9][0-9]*\) -> \(.*\)$/\1 \2/p" \
    >"$out.fds"
echo "$self" >"$out.self"'
{
	echo '#!/bin/sh'
	printf 'out=%q\n' "$E2E_TMP/cmd"
	echo "$record"
	echo "echo $E2E_ZD_TOKEN"
} >"$E2E_TMP/token-cmd.sh"
{
	echo '#!/bin/sh'
	printf 'out=%q\n' "$E2E_TMP/editor"
	echo "$record"
	echo 'for last; do :; done'
	printf 'cat %q >>"$last"\n' "$E2E_TMP/editor-line"
} >"$E2E_TMP/editor.sh"
chmod +x "$E2E_TMP/token-cmd.sh" "$E2E_TMP/editor.sh"

(
	umask 077
	cat >"$E2E_TMP/config/tix/config" <<EOF
# written by $E2E_NAME
[account zd]
provider = zendesk
url = $ZD_BASE
email = $E2E_ZD_EMAIL
token_env = $VAR

[account cmd]
provider = zendesk
url = $ZD_BASE
email = $E2E_ZD_EMAIL
token_cmd = $E2E_TMP/token-cmd.sh
EOF
)
e2e_env "$VAR=$E2E_ZD_TOKEN"

# The record of WHO ("cmd" or "editor"): no secret, no descriptor.
check_child() {
	local who=$1 fd target self leaked
	[ -s "$E2E_TMP/$who.env" ] && [ -s "$E2E_TMP/$who.self" ] || {
		e2e_bad "$who: no record of its environment"
		return
	}
	if grep -qiF -- "$E2E_ZD_TOKEN" "$E2E_TMP/$who.env"; then
		e2e_bad "$who: the token is in its environment"
	else
		e2e_ok "$who: the token is not in its environment"
	fi
	if grep -q "^$VAR=" "$E2E_TMP/$who.env"; then
		e2e_bad "$who: $VAR is in its environment"
	else
		e2e_ok "$who: $VAR is not in its environment"
	fi
	self=$(cat "$E2E_TMP/$who.self")
	leaked=
	while read -r fd target; do
		[ "$fd" -gt 2 ] && [ "$target" != "$self" ] &&
		    leaked="$leaked $fd=$target"
	done <"$E2E_TMP/$who.fds"
	if [ -n "$leaked" ]; then
		e2e_bad "$who: descriptors above 2 open:$leaked"
	else
		e2e_ok "$who: no descriptor above 2 open (of" \
		    "$(wc -l <"$E2E_TMP/$who.fds") listed)"
	fi
}

# -v: no argument would mean --demo to e2e_start.
e2e_start 160 48 -v
e2e_wait_for_re 'zd ✓.*cmd ✓|cmd ✓.*zd ✓' 30
check_child cmd

e2e_pick "account:zd"
ref=$E2E_PICKED
e2e_open "$ref"
word=$(e2e_unique child)
e2e_editor_line "Reply $word from a clean editor"
e2e_keys r
e2e_until "the reply to be queued" -- e2e_last_line_has "reply queued"
check_child editor
for v in PATH HOME TERM; do
	grep -q "^$v=" "$E2E_TMP/editor.env" ||
	    e2e_bad "editor: no $v in its environment"
done

e2e_until "the reply to be confirmed" -- e2e_absent "sending"
if [ "$(e2e_notes_with "$ZD_ADMIN" "${ref#zd:}" \
    "Reply $word from a clean editor" public)" = 1 ]; then
	e2e_ok "the reply reached the emulator once"
else
	e2e_bad "the reply is not on the emulator exactly once"
fi
e2e_quit
e2e_done
