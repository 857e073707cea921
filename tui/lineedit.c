/*
 * The one-line editor: code points in a growable array, a cursor, the
 * usual readline keys, and a horizontally scrolling view that keeps the
 * cursor on screen.
 */
#include "config.h"
#include "tui/lineedit.h"

#include <stdlib.h>
#include <string.h>

#include "tui/curses.h"
#include "tui/draw.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"

#define CTRL(c) ((c) & 0x1f)

/* Insert one code point at the cursor. */
static void
lineedit_insert(struct lineedit *e, unsigned cp)
{
	if (e->n >= e->max)
		return;
	if (e->n == e->size) {
		e->size = (e->size == 0) ? 64 : e->size * 2;
		e->cps = xreallocarray(e->cps, e->size, sizeof *e->cps);
	}
	memmove(e->cps + e->cursor + 1, e->cps + e->cursor,
	    (e->n - e->cursor) * sizeof *e->cps);
	e->cps[e->cursor++] = cp;
	e->n++;
}

/* Delete n code points starting at i. */
static void
lineedit_delete(struct lineedit *e, size_t i, size_t n)
{
	if (i >= e->n)
		return;
	if (n > e->n - i)
		n = e->n - i;
	memmove(e->cps + i, e->cps + i + n, (e->n - i - n) * sizeof *e->cps);
	e->n -= n;
	if (e->cursor > i + n)
		e->cursor -= n;
	else if (e->cursor > i)
		e->cursor = i;
}

/* A new editor holding initial (UTF-8), cursor at the end. */
struct lineedit *
lineedit_new(const char *prompt, const char *initial, lineedit_cb done)
{
	struct lineedit	*e;
	unsigned	 cp;
	size_t		 n;

	e = xcalloc(1, sizeof *e);
	e->prompt = xstrdup(prompt);
	e->done = done;
	e->max = 4096;
	if (initial != NULL) {
		while (*initial != '\0') {
			n = text_decode(initial, &cp);
			if (n == 0)
				break;
			lineedit_insert(e, cp);
			initial += n;
		}
	}
	return (e);
}

/* Free an editor. */
void
lineedit_free(struct lineedit **ep)
{
	struct lineedit	*e = *ep;

	if (e == NULL)
		return;
	free(e->prompt);
	free(e->cps);
	free(e->ticket_id);
	free(e);
	*ep = NULL;
}

/* Is cp a word character for ^W? */
static int
lineedit_is_space(unsigned cp)
{
	return (cp == ' ' || cp == ',');
}

/* Handle one key. */
enum lineedit_result
lineedit_key(struct lineedit *e, int key, bool keycode)
{
	size_t	i;

	if (keycode) {
		switch (key) {
		case KEY_LEFT:
			if (e->cursor > 0)
				e->cursor--;
			break;
		case KEY_RIGHT:
			if (e->cursor < e->n)
				e->cursor++;
			break;
		case KEY_HOME:
			e->cursor = 0;
			break;
		case KEY_END:
			e->cursor = e->n;
			break;
		case KEY_BACKSPACE:
			if (e->cursor > 0)
				lineedit_delete(e, e->cursor - 1, 1);
			break;
		case KEY_DC:
			lineedit_delete(e, e->cursor, 1);
			break;
		case KEY_ENTER:
			return (LINEEDIT_DONE);
		default:
			break;
		}
		return (LINEEDIT_CONTINUE);
	}
	switch (key) {
	case '\n':
	case '\r':
		return (LINEEDIT_DONE);
	case 27:		/* Esc */
	case CTRL('g'):
	case CTRL('c'):
		return (LINEEDIT_CANCELLED);
	case 127:
	case CTRL('h'):
		if (e->cursor > 0)
			lineedit_delete(e, e->cursor - 1, 1);
		break;
	case CTRL('d'):
		lineedit_delete(e, e->cursor, 1);
		break;
	case CTRL('a'):
		e->cursor = 0;
		break;
	case CTRL('e'):
		e->cursor = e->n;
		break;
	case CTRL('b'):
		if (e->cursor > 0)
			e->cursor--;
		break;
	case CTRL('f'):
		if (e->cursor < e->n)
			e->cursor++;
		break;
	case CTRL('u'):
		lineedit_delete(e, 0, e->cursor);
		break;
	case CTRL('k'):
		e->n = e->cursor;
		break;
	case CTRL('w'):
		i = e->cursor;
		while (i > 0 && lineedit_is_space(e->cps[i - 1]))
			i--;
		while (i > 0 && !lineedit_is_space(e->cps[i - 1]))
			i--;
		lineedit_delete(e, i, e->cursor - i);
		break;
	default:
		/* Printable characters only; no controls reach the text. */
		if (key >= 0x20 && key != 0x7f && (key < 0x80 || key > 0x9f) &&
		    key <= 0x10ffff && (key < 0xd800 || key > 0xdfff))
			lineedit_insert(e, (unsigned)key);
		break;
	}
	return (LINEEDIT_CONTINUE);
}

/* Encode one code point as UTF-8; returns the length. */
static size_t
lineedit_encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return (1);
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return (3);
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return (4);
}

/* Code points [from, to) as a new UTF-8 string. */
static char *
lineedit_utf8(const struct lineedit *e, size_t from, size_t to)
{
	char	*s, *p;
	size_t	 i;

	s = xmalloc((to - from) * 4 + 1);
	p = s;
	for (i = from; i < to; i++)
		p += lineedit_encode(e->cps[i], p);
	*p = '\0';
	return (s);
}

/* The whole text. */
char *
lineedit_text(const struct lineedit *e)
{
	return (lineedit_utf8(e, 0, e->n));
}

/* Draw the prompt and the part of the text around the cursor. */
void
lineedit_draw(struct tui *t, const struct rect *r,
    const struct lineedit *e)
{
	attr_t	 attr = theme_attr(t->theme, ROLE_MESSAGE);
	int	 pw, avail, w;
	size_t	 start, i;
	char	*s;

	draw_fill(r->y, r->x, r->w, attr);
	pw = draw_text(t, r->y, r->x, r->w, theme_attr(t->theme, ROLE_PROMPT),
	    e->prompt, strlen(e->prompt));
	avail = r->w - pw - 1;
	if (avail < 1)
		return;

	/* Start far enough right that the cursor is on screen. */
	start = e->cursor;
	w = 0;
	while (start > 0) {
		w += text_cp_width(e->cps[start - 1]);
		if (w > avail)
			break;
		start--;
	}
	w = 0;
	for (i = start; i < e->cursor; i++)
		w += text_cp_width(e->cps[i]);

	s = lineedit_utf8(e, start, e->n);
	draw_text(t, r->y, r->x + pw, avail, attr, s, strlen(s));
	free(s);
	t->cursor_on = true;
	t->cursor_y = r->y;
	t->cursor_x = r->x + pw + w;
}
