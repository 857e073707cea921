/*
 * The interface state: creating it around a store, the selection, the
 * open ticket, messages, one frame of drawing, and routing a key to the
 * modal that has it (picker, line editor, help, question) or the keymap.
 */
#include "config.h"
#include "tui/ui.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/lineedit.h"
#include "tui/picker.h"
#include "tui/theme.h"
#include "core/model.h"
#include "core/session.h"
#include "core/store.h"
#include "core/xmalloc.h"

/* A new interface over a store (and a session, unless benchmarking). */
struct tui *
tui_new(struct session *s, struct store *st, struct theme *th, bool utf8)
{
	struct tui	*t;

	t = xcalloc(1, sizeof *t);
	t->session = s;
	t->store = st;
	t->theme = th;
	t->utf8 = utf8;
	t->view = view_new(st, VIEW_SORT_UPDATED);
	t->now = (int64_t)time(NULL);
	return (t);
}

/* Free the interface (not the store, session or theme). */
void
tui_free(struct tui **tp)
{
	struct tui	*t = *tp;

	if (t == NULL)
		return;
	picker_free(&t->picker);
	lineedit_free(&t->edit);
	view_free(&t->view);
	free(t->sel_id);
	free(t->open_id);
	free(t->message);
	free(t->question);
	free(t);
	*tp = NULL;
}

/* Lay out for a new terminal size. */
void
tui_resize(struct tui *t, int cols, int lines)
{
	layout_compute(&t->layout, cols, lines);
}

/* Replace the message line's text. */
void
tui_set_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list	ap;

	free(t->message);
	va_start(ap, fmt);
	t->message = xvasprintf(fmt, ap);
	va_end(ap);
	t->message_error = error;
}

/* Ask a y/n question in the message line. */
void
tui_ask(struct tui *t, int (*answer)(struct tui *, bool), const char *fmt,
    ...)
{
	va_list	ap;

	free(t->question);
	va_start(ap, fmt);
	t->question = xvasprintf(fmt, ap);
	va_end(ap);
	t->answer = answer;
	t->mode = TUI_MODE_CONFIRM;
}

/* Remember which ticket row i holds. */
static void
tui_remember(struct tui *t)
{
	const struct record	*r;

	free(t->sel_id);
	t->sel_id = NULL;
	r = view_at(t->view, t->sel);
	if (r != NULL) {
		t->sel_account = r->account;
		t->sel_id = xstrdup(r->u.ticket.id);
	}
}

/* Select row i (clamped). */
void
tui_select(struct tui *t, size_t i)
{
	size_t	n = view_count(t->view);

	if (n == 0)
		i = 0;
	else if (i >= n)
		i = n - 1;
	t->sel = i;
	tui_remember(t);
}

/*
 * After the view changed, follow the selected ticket to its new row, so
 * the cursor stays on the same ticket (and the rows around it stay put)
 * while new tickets arrive above.  If it left the view, keep the row.
 */
void
tui_sync_selection(struct tui *t)
{
	size_t	i, old = t->sel;

	if (t->sel_id != NULL) {
		i = view_index_of(t->view, t->sel_account, t->sel_id);
		if (i != SIZE_MAX) {
			t->sel = i;
			/*
			 * At the top of the list new arrivals should show, so
			 * the rows move; further down they stay put.
			 */
			if (t->top == 0)
				return;
			if (i > old)
				t->top += i - old;
			else if (old - i <= t->top)
				t->top -= old - i;
			else
				t->top = 0;
			return;
		}
	}
	tui_select(t, t->sel);
}

/* The selected ticket, or NULL when the list is empty. */
const struct record *
tui_selected(const struct tui *t)
{
	return (view_at(t->view, t->sel));
}

/* The ticket in the thread pane, or NULL. */
const struct record *
tui_opened(const struct tui *t)
{
	if (t->open_id == NULL)
		return (NULL);
	return (store_get(t->store, TIX_KIND_TICKET, t->open_account,
	    t->open_id));
}

/* The ticket a command acts on. */
const struct record *
tui_target(const struct tui *t)
{
	const struct record	*r;

	if (t->focus != TUI_PANE_LIST) {
		r = tui_opened(t);
		if (r != NULL)
			return (r);
	}
	return (tui_selected(t));
}

/* Show a ticket in the thread and customer panes. */
void
tui_open(struct tui *t, unsigned account, const char *id)
{
	char	*copy;

	copy = xstrdup(id);
	free(t->open_id);
	t->open_id = copy;
	t->open_account = account;
	t->thread_top = 0;
	t->thread_follow = false;
	t->customer_top = 0;
	if (t->session != NULL)
		session_open_ticket(t->session, account, id);
	else
		store_ticket_set_marks(t->store, account, id, 0);
}

/* Draw the "terminal too small" notice. */
static void
tui_draw_tiny(struct tui *t)
{
	char	buf[32];
	attr_t	attr = theme_attr(t->theme, ROLE_MESSAGE_ERROR);
	int	y;

	for (y = 0; y < t->layout.lines; y++)
		draw_fill(y, 0, t->layout.cols, theme_attr(t->theme, ROLE_DEFAULT));
	draw_text(t, 0, 0, t->layout.cols, attr, "terminal too small",
	    SIZE_MAX);
	if (t->layout.lines > 1) {
		xsnprintf(buf, sizeof buf, "%dx%d, q quits", t->layout.cols,
		    t->layout.lines);
		draw_text(t, 1, 0, t->layout.cols, attr, buf, SIZE_MAX);
	}
}

/* Draw the whole frame into the virtual screen. */
void
tui_draw(struct tui *t)
{
	struct layout	*l = &t->layout;
	int		 y;

	t->cursor_on = false;
	if (l->kind == LAYOUT_TOO_SMALL) {
		tui_draw_tiny(t);
		return;
	}
	if (t->mode == TUI_MODE_HELP) {
		help_draw(t);
		statusbar_draw(t, &l->status);
		statusbar_draw_message(t, &l->message);
		return;
	}
	statusbar_draw_header(t, &l->header);
	if (l->kind == LAYOUT_LIST_ONLY && t->focus == TUI_PANE_THREAD)
		pane_thread_draw(t, &l->list);
	else if (l->kind == LAYOUT_LIST_ONLY && t->focus == TUI_PANE_CUSTOMER)
		pane_customer_draw(t, &l->list);
	else
		pane_list_draw(t, &l->list);
	if (l->thread.h > 0)
		pane_thread_draw(t, &l->thread);
	if (l->customer.h > 0)
		pane_customer_draw(t, &l->customer);
	if (l->separator.h > 0) {
		for (y = 0; y < l->separator.h; y++) {
			draw_text(t, l->separator.y + y, l->separator.x, 1,
			    theme_attr(t->theme, ROLE_SEPARATOR),
			    draw_glyph(t, GLYPH_VLINE), SIZE_MAX);
		}
	}
	statusbar_draw(t, &l->status);
	statusbar_draw_message(t, &l->message);
	if (t->mode == TUI_MODE_PICKER && t->picker != NULL)
		picker_draw(t, t->picker);
}

/* A key while the picker is up. */
static int
tui_key_picker(struct tui *t, int key, bool keycode)
{
	struct picker		*p = t->picker;
	enum picker_result	 r;
	int			 flags = TUI_REDRAW;

	r = picker_key(p, key, keycode, t->layout.lines / 2);
	if (r == PICKER_CONTINUE)
		return (TUI_REDRAW);
	t->picker = NULL;
	t->mode = TUI_MODE_NORMAL;
	if (r == PICKER_CHOSEN && p->n > 0)
		flags |= p->done(t, p, &p->items[p->sel]);
	picker_free(&p);
	return (flags);
}

/* A key while the line editor is up. */
static int
tui_key_edit(struct tui *t, int key, bool keycode)
{
	struct lineedit		*e = t->edit;
	enum lineedit_result	 r;
	char			*text;
	int			 flags = TUI_REDRAW;

	r = lineedit_key(e, key, keycode);
	if (r == LINEEDIT_CONTINUE)
		return (TUI_REDRAW);
	t->edit = NULL;
	t->mode = TUI_MODE_NORMAL;
	if (r == LINEEDIT_DONE) {
		text = lineedit_text(e);
		flags |= e->done(t, e, text);
		free(text);
	} else
		tui_set_message(t, false, "cancelled");
	lineedit_free(&e);
	return (flags);
}

/* A key while a y/n question is asked. */
static int
tui_key_confirm(struct tui *t, int key, bool keycode)
{
	int	(*answer)(struct tui *, bool) = t->answer;
	bool	 yes;

	if (keycode)
		return (0);
	if (key == 'y' || key == 'Y')
		yes = true;
	else if (key == 'n' || key == 'N' || key == 27 || key == 'q' ||
	    key == 7)
		yes = false;
	else
		return (0);
	t->mode = TUI_MODE_NORMAL;
	t->answer = NULL;
	free(t->question);
	t->question = NULL;
	return (TUI_REDRAW | answer(t, yes));
}

/* Route one key. */
int
tui_key(struct tui *t, int key, bool keycode)
{
	if (keycode && key == KEY_RESIZE)
		return (TUI_RELAYOUT | TUI_REDRAW);
	/*
	 * "terminal too small" hides the ticket a key would act on: only
	 * q, which the notice offers, does anything (it quits, or closes
	 * what is open as Escape would).
	 */
	if (t->layout.kind == LAYOUT_TOO_SMALL) {
		if (keycode || key != 'q')
			return (0);
		if (t->mode != TUI_MODE_NORMAL && t->mode != TUI_MODE_CONFIRM)
			key = 27;
	}
	switch (t->mode) {
	case TUI_MODE_PICKER:
		return (tui_key_picker(t, key, keycode));
	case TUI_MODE_EDIT:
		return (tui_key_edit(t, key, keycode));
	case TUI_MODE_HELP:
		return (help_key(t, key, keycode));
	case TUI_MODE_CONFIRM:
		return (tui_key_confirm(t, key, keycode));
	case TUI_MODE_NORMAL:
		break;
	}
	return (keymap_dispatch(t, key, keycode));
}
