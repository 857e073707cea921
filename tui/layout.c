/*
 * Pane geometry for a terminal size.  Pure arithmetic over the size, so
 * it is unit tested without a terminal.
 */
#include "config.h"
#include "tui/layout.h"

#include <string.h>

/* Clamp v into [lo, hi] (hi wins when they cross). */
static int
layout_clamp(int v, int lo, int hi)
{
	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	return (v);
}

/* Compute where everything goes. */
void
layout_compute(struct layout *l, int cols, int lines)
{
	int	body, top, lw, ch, lh;

	memset(l, 0, sizeof *l);
	l->cols = cols;
	l->lines = lines;
	if (cols < LAYOUT_TINY_COLS || lines < LAYOUT_TINY_LINES) {
		l->kind = LAYOUT_TOO_SMALL;
		return;
	}

	/* Header on top; status and message lines at the bottom. */
	l->header = (struct rect){ 0, 0, 1, cols };
	l->status = (struct rect){ lines - 2, 0, 1, cols };
	l->message = (struct rect){ lines - 1, 0, 1, cols };
	top = 1;
	body = lines - 3;

	if (cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES) {
		l->kind = LAYOUT_LIST_ONLY;
		l->list = (struct rect){ top, 0, body, cols };
		return;
	}

	if (cols >= LAYOUT_WIDE_COLS) {
		/* List left; thread right with the customer below it. */
		l->kind = LAYOUT_WIDE;
		lw = layout_clamp(cols * 13 / 20, 80, cols - 50);
		l->list = (struct rect){ top, 0, body, lw };
		l->separator = (struct rect){ top, lw, body, 1 };
		ch = layout_clamp(body / 3, 6, 14);
		l->thread = (struct rect){ top, lw + 1, body - ch, cols - lw - 1 };
		l->customer = (struct rect){ top + body - ch, lw + 1, ch,
		    cols - lw - 1 };
		return;
	}

	/* Stacked: list, thread, then a short customer strip. */
	l->kind = LAYOUT_STACKED;
	lh = layout_clamp(body * 2 / 5, 5, body - 8);
	ch = (body >= 30) ? 6 : 4;
	l->list = (struct rect){ top, 0, lh, cols };
	l->thread = (struct rect){ top + lh, 0, body - lh - ch, cols };
	l->customer = (struct rect){ top + body - ch, 0, ch, cols };
}
