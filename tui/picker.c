/*
 * The picker: a centred box listing choices, j/k to move (skipping
 * disabled items), Enter to choose, Esc or q to cancel.
 */
#include "config.h"
#include "tui/picker.h"

#include <stdlib.h>
#include <string.h>

#include "tui/curses.h"
#include "tui/draw.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/xmalloc.h"

/* A new, empty picker for a ticket. */
struct picker *
picker_new(const char *title, unsigned account, const char *ticket_id,
    picker_cb done)
{
	struct picker	*p;

	p = xcalloc(1, sizeof *p);
	p->title = xstrdup(title);
	p->account = account;
	p->ticket_id = xstrdup(ticket_id);
	p->done = done;
	return (p);
}

/* Free a picker. */
void
picker_free(struct picker **pp)
{
	struct picker	*p = *pp;
	size_t		 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->items[i].label);
		free(p->items[i].value);
	}
	free(p->items);
	free(p->title);
	free(p->ticket_id);
	free(p);
	*pp = NULL;
}

/* Add a choice. */
void
picker_add(struct picker *p, const char *label, const char *value,
    int indent, bool disabled, bool current)
{
	struct picker_item	*it;

	p->items = xreallocarray(p->items, p->n + 1, sizeof *p->items);
	it = &p->items[p->n++];
	it->label = xstrdup(label);
	it->value = xstrdup_opt(value);
	it->indent = indent;
	it->disabled = disabled;
	it->current = current;
}

/* Select the current item, else the first enabled one. */
void
picker_start(struct picker *p)
{
	size_t	i;

	p->sel = 0;
	for (i = 0; i < p->n; i++) {
		if (p->items[i].current && !p->items[i].disabled) {
			p->sel = i;
			return;
		}
	}
	for (i = 0; i < p->n; i++) {
		if (!p->items[i].disabled) {
			p->sel = i;
			return;
		}
	}
}

/* Move by delta, landing on an enabled item; stays put if none. */
static void
picker_move(struct picker *p, long delta)
{
	long	i, step = (delta < 0) ? -1 : 1, n = (long)p->n;

	if (n == 0)
		return;
	i = (long)p->sel + delta;
	if (i < 0)
		i = 0;
	if (i >= n)
		i = n - 1;
	/* Walk on in the same direction, then back, to an enabled item. */
	while (i >= 0 && i < n && p->items[i].disabled)
		i += step;
	if (i < 0 || i >= n) {
		i = (long)p->sel;
		while (i + step >= 0 && i + step < n) {
			i += step;
			if (!p->items[i].disabled)
				break;
		}
		if (p->items[i].disabled)
			i = (long)p->sel;
	}
	p->sel = (size_t)i;
}

/* One key. */
enum picker_result
picker_key(struct picker *p, int key, bool keycode, int page)
{
	if (keycode) {
		switch (key) {
		case KEY_DOWN:
			picker_move(p, 1);
			break;
		case KEY_UP:
			picker_move(p, -1);
			break;
		case KEY_NPAGE:
			picker_move(p, page);
			break;
		case KEY_PPAGE:
			picker_move(p, -page);
			break;
		case KEY_HOME:
			picker_move(p, -(long)p->n);
			break;
		case KEY_END:
			picker_move(p, (long)p->n);
			break;
		case KEY_ENTER:
			goto choose;
		default:
			break;
		}
		return (PICKER_CONTINUE);
	}
	switch (key) {
	case 'j':
		picker_move(p, 1);
		break;
	case 'k':
		picker_move(p, -1);
		break;
	case 'g':
		picker_move(p, -(long)p->n);
		break;
	case 'G':
		picker_move(p, (long)p->n);
		break;
	case '\n':
	case '\r':
		goto choose;
	case 27:
	case 'q':
	case 7:
		return (PICKER_CANCELLED);
	default:
		break;
	}
	return (PICKER_CONTINUE);

choose:
	if (p->n == 0 || p->items[p->sel].disabled)
		return (PICKER_CONTINUE);
	return (PICKER_CHOSEN);
}

/* Draw the box centred on the screen. */
void
picker_draw(struct tui *t, struct picker *p)
{
	const struct picker_item	*it;
	attr_t				 attr, box;
	int				 w, h, y, x, row, iw, used, maxw;
	size_t				 i;
	char				 hint[] = "Enter choose  Esc cancel";

	/* Width: the widest label, title or hint, plus a frame. */
	maxw = draw_width(p->title, strlen(p->title));
	if ((int)strlen(hint) > maxw)
		maxw = (int)strlen(hint);
	for (i = 0; i < p->n; i++) {
		iw = 2 * p->items[i].indent + 2 +
		    draw_width(p->items[i].label, strlen(p->items[i].label));
		if (iw > maxw)
			maxw = iw;
	}
	w = maxw + 4;
	if (w > t->layout.cols - 2)
		w = t->layout.cols - 2;
	h = (int)p->n + 3;
	if (h > t->layout.lines - 2)
		h = t->layout.lines - 2;
	if (w < 8 || h < 4)
		return;
	y = (t->layout.lines - h) / 2;
	x = (t->layout.cols - w) / 2;

	box = theme_attr(t->theme, ROLE_PICKER);
	draw_cell(t, y, x, w, theme_attr(t->theme, ROLE_PICKER_TITLE), "",
	    false);
	draw_text(t, y, x + 1, w - 2, theme_attr(t->theme, ROLE_PICKER_TITLE),
	    p->title, strlen(p->title));

	/* Keep the selection in the rows there are. */
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)(h - 3))
		p->top = p->sel - (size_t)(h - 3) + 1;

	for (row = 0; row < h - 3; row++) {
		i = p->top + (size_t)row;
		draw_fill(y + 1 + row, x, w, box);
		draw_text(t, y + 1 + row, x, 1, box,
		    draw_glyph(t, GLYPH_VLINE), SIZE_MAX);
		draw_text(t, y + 1 + row, x + w - 1, 1, box,
		    draw_glyph(t, GLYPH_VLINE), SIZE_MAX);
		if (i >= p->n)
			continue;
		it = &p->items[i];
		if (i == p->sel)
			attr = theme_attr(t->theme, ROLE_PICKER_SELECTED);
		else if (it->disabled)
			attr = theme_attr(t->theme, ROLE_PICKER_DISABLED);
		else
			attr = box;
		draw_fill(y + 1 + row, x + 1, w - 2, attr);
		used = 2 * it->indent;
		if (used > w - 4)
			used = w - 4;
		draw_text(t, y + 1 + row, x + 1, 1, attr, it->current ? "*" :
		    " ", 1);
		draw_text(t, y + 1 + row, x + 3 + used, w - 4 - used, attr,
		    it->label, strlen(it->label));
	}
	draw_fill(y + h - 2, x, w, box);
	draw_text(t, y + h - 2, x, 1, box, draw_glyph(t, GLYPH_VLINE),
	    SIZE_MAX);
	draw_text(t, y + h - 2, x + w - 1, 1, box, draw_glyph(t, GLYPH_VLINE),
	    SIZE_MAX);
	draw_cell(t, y + h - 1, x, w, theme_attr(t->theme, ROLE_PICKER_TITLE),
	    "", false);
	draw_text(t, y + h - 1, x + 1, w - 2, theme_attr(t->theme,
	    ROLE_PICKER_TITLE), hint, strlen(hint));
}
