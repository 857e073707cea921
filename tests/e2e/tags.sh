#!/bin/bash
# t edits the tags in a line editor prefilled with the current ones; the
# new set shows in the thread, and the tag: filter finds the ticket by it.
. "$(dirname "$0")/lib.sh"

e2e_start 120 32
e2e_wait_loaded
e2e_pick "account:initech status:active -tag:hostile -tag:locked"
ref=$E2E_PICKED
e2e_open "$ref"
old=$(e2e_thread_lines | grep -oE 'tags .*' | head -n 1)
e2e_log "$ref: $old"

e2e_keys t
e2e_until "the tags editor" -- e2e_last_line_has "Tags:"
# Prefilled with the current tags.
first=$(e2e_fact "$ref" '.ticket.tags[0]') || e2e_fail "cannot read $ref's tags"
e2e_message | grep -qF "$first" ||
    e2e_fail "the editor does not start from the current tags: $(e2e_message)"

tag=$(e2e_unique tag)
e2e_keys C-u
e2e_type "$tag, vip"
e2e_keys Enter
e2e_until "the new tags in the thread" -- grep -qE "tags ($tag, vip|vip, $tag)( |$)"
e2e_assert_not "$old"

e2e_filter "tag:$tag"
e2e_until "$ref found by its new tag" -- grep -qE "^ [ NU]$ref "
[ "$(e2e_list_refs | wc -l)" = 1 ] || e2e_fail "tag:$tag matches more than $ref"
e2e_until "the change to be confirmed" -- grep -qE 'initech ✓'
e2e_quit
