/*
 * Drawing primitives: sanitized UTF-8 text clipped by display columns
 * (never by bytes), with wide characters kept aligned, and ASCII stand-ins
 * when the terminal's codeset is not UTF-8.  Everything draws on stdscr;
 * the loop refreshes once per frame.
 */
#ifndef TIX_TUI_DRAW_H
#define TIX_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/curses.h"

struct tui;

enum draw_glyph {
	GLYPH_ELLIPSIS,		/* … */
	GLYPH_OK,		/* ✓ */
	GLYPH_BUSY,		/* ⟳ */
	GLYPH_FAIL,		/* ✗ */
	GLYPH_VLINE,		/* │ */
	GLYPH_DOT,		/* · */
	GLYPH_ARROW,		/* › */
	GLYPH_GUTTER,		/* ┃ internal note bar */
	GLYPH_COUNT
};

/* A glyph for the terminal's codeset (one column either way). */
const char	*draw_glyph(const struct tui *, enum draw_glyph);

/* Columns of the first len bytes of s (stops at \n). */
int		 draw_width(const char *s, size_t len);
/*
 * Draw at most len bytes of s (stopping at \n or NUL) at y,x in at most
 * cols columns; returns the columns used.
 */
int		 draw_text(const struct tui *, int y, int x, int cols, attr_t,
		    const char *s, size_t len);
/*
 * Draw s in a cell of exactly cols columns: clipped with an ellipsis when
 * too long, padded with spaces (right-aligned when right is true).
 */
void		 draw_cell(const struct tui *, int y, int x, int cols, attr_t,
		    const char *s, bool right);
/* Blank cols columns at y,x with attr. */
void		 draw_fill(int y, int x, int cols, attr_t);

/* Age of t at now, as "now", "45s", "5m", "3h", "2d", "1y". */
void		 draw_age(int64_t now, int64_t t, char *buf, size_t len);
/* Local "YYYY-MM-DD HH:MM"; "" for 0. */
void		 draw_time(int64_t t, char *buf, size_t len);

#endif
