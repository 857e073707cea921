/*
 * The key table and dispatch.  Capabilities are checked here, once, so
 * that a command an account's platform cannot do says why instead of
 * failing later.
 */
#include "config.h"
#include "tui/keymap.h"

#include <stdlib.h>

#include "tui/actions.h"
#include "tui/curses.h"
#include "tui/ui.h"
#include "core/model.h"
#include "core/session.h"

#define CTRL(c) ((c) & 0x1f)

/* One key: KEYMAP(key, keycode, name, help, handler, caps, ticket). */
#define KEYMAP(k, kc, n, h, fn, c, t)	{ .key = (k), .keycode = (kc), \
	.name = (n), .help = (h), .handler = (fn), .caps = (c), .ticket = (t) }

static const struct keymap_entry keymap_table[] = {
	KEYMAP('j', false, "j", "move down (in the focused pane)",
	    action_down, 0, false),
	KEYMAP(KEY_DOWN, true, "Down", NULL, action_down, 0, false),
	KEYMAP('k', false, "k", "move up", action_up, 0, false),
	KEYMAP(KEY_UP, true, "Up", NULL, action_up, 0, false),
	KEYMAP(KEY_NPAGE, true, "PgDn", "page down",
	    action_page_down, 0, false),
	KEYMAP(' ', false, "Space", NULL, action_page_down, 0, false),
	KEYMAP(KEY_PPAGE, true, "PgUp", "page up", action_page_up, 0, false),
	KEYMAP('g', false, "g", "go to the top", action_top, 0, false),
	KEYMAP(KEY_HOME, true, "Home", NULL, action_top, 0, false),
	KEYMAP('G', false, "G", "go to the bottom", action_bottom, 0, false),
	KEYMAP(KEY_END, true, "End", NULL, action_bottom, 0, false),
	KEYMAP('\n', false, "Enter", "open the selected ticket",
	    action_open, 0, true),
	KEYMAP('\r', false, NULL, NULL, action_open, 0, true),
	KEYMAP(KEY_ENTER, true, NULL, NULL, action_open, 0, true),
	KEYMAP('\t', false, "Tab", "focus the next pane",
	    action_focus_next, 0, false),
	KEYMAP(KEY_BTAB, true, "S-Tab", "focus the previous pane",
	    action_focus_prev, 0, false),
	KEYMAP('r', false, "r", "reply to the customer (public)",
	    action_reply, TIX_CAP_WRITE_REPLY, true),
	KEYMAP('i', false, "i", "add an internal note",
	    action_note, TIX_CAP_WRITE_INTERNAL, true),
	KEYMAP('p', false, "p", "set priority",
	    action_priority, TIX_CAP_WRITE_PRIORITY, true),
	KEYMAP('c', false, "c", "set category",
	    action_category, TIX_CAP_WRITE_CATEGORY, true),
	KEYMAP('a', false, "a", "assign",
	    action_assign, TIX_CAP_WRITE_ASSIGNEE, true),
	KEYMAP('s', false, "s", "close or reopen (toggle status)",
	    action_status, TIX_CAP_WRITE_STATUS, true),
	KEYMAP('t', false, "t", "edit tags",
	    action_tags, TIX_CAP_WRITE_TAGS, true),
	KEYMAP('R', false, "R", "retry failed notes of the ticket",
	    action_retry, 0, true),
	KEYMAP('D', false, "D", "discard failed notes of the ticket",
	    action_discard, 0, true),
	KEYMAP('/', false, "/", "filter the list (Enter applies, Esc cancels)",
	    action_filter, 0, false),
	KEYMAP('o', false, "o", "change the sort order", action_sort, 0, false),
	KEYMAP(CTRL('l'), false, "^L", "redraw the screen",
	    action_redraw, 0, false),
	KEYMAP('?', false, "?", "this help", action_help, 0, false),
	KEYMAP('q', false, "q", "quit", action_quit, 0, false),
};

/* The table. */
const struct keymap_entry *
keymap_entries(size_t *n)
{
	*n = sizeof keymap_table / sizeof keymap_table[0];
	return (keymap_table);
}

/* Find a key. */
const struct keymap_entry *
keymap_find(int key, bool keycode)
{
	size_t	i, n;

	keymap_entries(&n);
	for (i = 0; i < n; i++) {
		if (keymap_table[i].key == key &&
		    keymap_table[i].keycode == keycode)
			return (&keymap_table[i]);
	}
	return (NULL);
}

/* The help text of an entry (shared with the entry above it). */
static const char *
keymap_help(const struct keymap_entry *e)
{
	while (e->help == NULL && e > keymap_table)
		e--;
	return (e->help != NULL ? e->help : "");
}

/* Check and run a key's handler. */
int
keymap_dispatch(struct tui *t, int key, bool keycode)
{
	const struct keymap_entry	*e;
	const struct record		*r;
	const char			*name, *title;
	unsigned			 caps;

	e = keymap_find(key, keycode);
	if (e == NULL)
		return (0);
	if (e->ticket) {
		r = tui_target(t);
		if (r == NULL) {
			tui_set_message(t, false, "no ticket selected");
			return (TUI_REDRAW);
		}
		if (e->caps != 0 && t->session != NULL) {
			caps = session_account_caps(t->session, r->account);
			if ((caps & e->caps) != e->caps) {
				name = session_account_name(t->session,
				    r->account);
				title = session_account_title(t->session,
				    r->account);
				tui_set_message(t, true,
				    "%s: cannot %s: not supported by %s",
				    name != NULL ? name : "?", keymap_help(e),
				    title != NULL ? title : "this platform");
				return (TUI_REDRAW);
			}
		}
	}
	return (e->handler(t));
}
