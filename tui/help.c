/*
 * The help screen, generated from the live keymap table (so it cannot
 * drift from what the keys do), plus the filter language in brief.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/curses.h"
#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/lines.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/buf.h"
#include "core/xmalloc.h"

static const char *help_filter[] = {
	"Words are ANDed; a plain word matches subject, id, tags, account,",
	"customer name or e-mail.  Fields: status:active|closed",
	"priority:low|normal|high|urgent  account:NAME  tag:TAG",
	"assignee:me|none|NAME  category:NAME  is:new|updated|pending",
	"A leading - negates a word; \"quotes\" keep spaces.",
};

/* Build the help lines: one per command, its keys joined. */
static void
help_build(struct tui *t, struct tlines *tl)
{
	const struct keymap_entry	*v, *e;
	struct tline			*l;
	struct buf			 keys;
	size_t				 n, i, j;
	char				*s;
	enum tix_err			 err;

	v = keymap_entries(&n);
	l = tlines_add(tl, ROLE_DEFAULT);
	tline_addf(l, ROLE_THREAD_SUBJECT, "Keys");
	for (i = 0; i < n; i = j) {
		e = &v[i];
		buf_init(&keys, TIX_MAX_LINE);
		err = TIX_OK;
		for (j = i; j < n && v[j].handler == e->handler; j++) {
			if (v[j].name == NULL || err != TIX_OK)
				continue;
			if (keys.len > 0)
				err = buf_add_str(&keys, ", ");
			if (err == TIX_OK)
				err = buf_add_str(&keys, v[j].name);
		}
		/* Over the cap (never, with the built-in keys): no names. */
		s = buf_take(&keys);
		buf_done(&keys);
		l = tlines_add(tl, ROLE_DEFAULT);
		tline_addf(l, ROLE_HELP_KEY, "  %s", s);
		tline_pad(l, 18);
		tline_addf(l, ROLE_HELP_TEXT, "%s", e->help != NULL ?
		    e->help : "");
		free(s);
	}
	tlines_add(tl, ROLE_DEFAULT);
	l = tlines_add(tl, ROLE_DEFAULT);
	tline_addf(l, ROLE_THREAD_SUBJECT, "Filter (/)");
	for (i = 0; i < sizeof help_filter / sizeof help_filter[0]; i++) {
		l = tlines_add(tl, ROLE_DEFAULT);
		tline_addf(l, ROLE_HELP_TEXT, "  %s", help_filter[i]);
	}
	tlines_add(tl, ROLE_DEFAULT);
	l = tlines_add(tl, ROLE_DEFAULT);
	tline_addf(l, ROLE_HINT, "  In pickers: j/k move, Enter choose, Esc "
	    "cancel.  Line editor: Enter accept, Esc cancel, ^U clear.");
	l = tlines_add(tl, ROLE_DEFAULT);
	tline_addf(l, ROLE_HINT, "  Pending changes show with %s until the "
	    "platform confirms them.", draw_glyph(t, GLYPH_ELLIPSIS));
}

/* Draw the help screen over the header and panes. */
void
help_draw(struct tui *t)
{
	struct tlines	tl;
	struct rect	body;
	const char	*title = " tix help  (q or Esc closes)";
	int		y;

	draw_cell(t, 0, 0, t->layout.cols, theme_attr(t->theme, ROLE_HEADER),
	    title, false);
	body = (struct rect){ 1, 1, t->layout.lines - 3, t->layout.cols - 1 };
	for (y = 1; y < t->layout.lines - 2; y++)
		draw_fill(y, 0, 1, theme_attr(t->theme, ROLE_DEFAULT));
	tlines_init(&tl);
	help_build(t, &tl);
	tlines_draw(t, &body, &tl, &t->help_top);
	tlines_done(&tl);
}

/* Keys in the help screen: scroll or close. */
int
help_key(struct tui *t, int key, bool keycode)
{
	if (keycode) {
		if (key == KEY_DOWN)
			t->help_top++;
		else if (key == KEY_UP && t->help_top > 0)
			t->help_top--;
		else if (key == KEY_NPAGE)
			t->help_top += t->layout.lines / 2;
		else if (key == KEY_PPAGE)
			t->help_top = (t->help_top > t->layout.lines / 2) ?
			    t->help_top - t->layout.lines / 2 : 0;
		return (TUI_REDRAW);
	}
	switch (key) {
	case 'j':
		t->help_top++;
		break;
	case 'k':
		if (t->help_top > 0)
			t->help_top--;
		break;
	case 'q':
	case '?':
	case 27:
		t->mode = TUI_MODE_NORMAL;
		break;
	default:
		break;
	}
	return (TUI_REDRAW);
}
