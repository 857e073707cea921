/*
 * Text drawing by display columns.  Store text is sanitized already (see
 * core/text.h), so this only measures and clips; in a non-UTF-8 locale
 * each non-ASCII character is drawn as '?' times its width, which keeps
 * every column where the width arithmetic put it.
 */
#include "config.h"
#include "tui/draw.h"

#include <string.h>
#include <time.h>

#include "tui/ui.h"
#include "core/text.h"
#include "core/xmalloc.h"

static const char *draw_glyphs_utf8[GLYPH_COUNT] = {
	"\xe2\x80\xa6",		/* … */
	"\xe2\x9c\x93",		/* ✓ */
	"\xe2\x9f\xb3",		/* ⟳ */
	"\xe2\x9c\x97",		/* ✗ */
	"\xe2\x94\x82",		/* │ */
	"\xc2\xb7",		/* · */
	"\xe2\x80\xba",		/* › */
	"\xe2\x94\x83",		/* ┃ */
};
static const char *draw_glyphs_ascii[GLYPH_COUNT] = {
	"~", "+", "*", "x", "|", "-", ">", "|",
};

/* A glyph for the codeset. */
const char *
draw_glyph(const struct tui *t, enum draw_glyph g)
{
	if ((unsigned)g >= GLYPH_COUNT)
		return ("?");
	return (t->utf8 ? draw_glyphs_utf8[g] : draw_glyphs_ascii[g]);
}

/*
 * Bytes of s (at most len, stopping at \n or NUL) that fit in cols
 * columns without splitting a character; *used gets their width.
 */
static size_t
draw_fit(const char *s, size_t len, int cols, int *used)
{
	size_t		off = 0, n;
	unsigned	cp;
	int		w, total = 0;

	while (off < len && s[off] != '\0' && s[off] != '\n') {
		n = text_decode(s + off, &cp);
		if (n == 0 || off + n > len)
			break;
		w = text_cp_width(cp);
		if (total + w > cols)
			break;
		total += w;
		off += n;
	}
	if (used != NULL)
		*used = total;
	return (off);
}

/* Columns of the first len bytes of s. */
int
draw_width(const char *s, size_t len)
{
	int	used;

	draw_fit(s, len, 1 << 30, &used);
	return (used);
}

/* Draw ASCII stand-ins for a non-UTF-8 terminal. */
static void
draw_ascii(const char *s, size_t len)
{
	size_t		off = 0, n;
	unsigned	cp;
	int		w;

	while (off < len) {
		n = text_decode(s + off, &cp);
		if (n == 0)
			break;
		if (cp < 0x80)
			waddch(stdscr, (chtype)cp);
		else {
			for (w = text_cp_width(cp); w > 0; w--)
				waddch(stdscr, '?');
		}
		off += n;
	}
}

/* Draw clipped text; returns the columns used. */
int
draw_text(const struct tui *t, int y, int x, int cols, attr_t attr,
    const char *s, size_t len)
{
	size_t	n;
	int	used;

	/* Never past the right edge: curses would wrap onto the next row. */
	if (x + cols > COLS)
		cols = COLS - x;
	if (cols <= 0 || s == NULL || x < 0 || y < 0 || y >= LINES)
		return (0);
	n = draw_fit(s, len, cols, &used);
	if (n == 0)
		return (0);
	wattrset(stdscr, (int)attr);
	wmove(stdscr, y, x);
	if (t->utf8)
		waddnstr(stdscr, s, (int)n);
	else
		draw_ascii(s, n);
	return (used);
}

/* Blank a run of cells. */
void
draw_fill(int y, int x, int cols, attr_t attr)
{
	if (x + cols > COLS)
		cols = COLS - x;
	if (cols <= 0 || x < 0 || y < 0 || y >= LINES)
		return;
	wattrset(stdscr, (int)attr);
	mvwhline(stdscr, y, x, ' ', cols);
}

/* Draw a fixed-width cell: clipped with an ellipsis, padded. */
void
draw_cell(const struct tui *t, int y, int x, int cols, attr_t attr,
    const char *s, bool right)
{
	int	w, used;

	if (cols <= 0)
		return;
	if (s == NULL)
		s = "";
	w = draw_width(s, strlen(s));
	if (w > cols) {
		used = draw_text(t, y, x, cols - 1, attr, s, strlen(s));
		draw_fill(y, x + used, cols - used, attr);
		draw_text(t, y, x + used, 1, attr,
		    draw_glyph(t, GLYPH_ELLIPSIS), SIZE_MAX);
		return;
	}
	if (right) {
		draw_fill(y, x, cols - w, attr);
		draw_text(t, y, x + cols - w, w, attr, s, strlen(s));
	} else {
		used = draw_text(t, y, x, w, attr, s, strlen(s));
		draw_fill(y, x + used, cols - used, attr);
	}
}

/* Format an age. */
void
draw_age(int64_t now, int64_t t, char *buf, size_t len)
{
	int64_t	d;

	if (t <= 0) {
		xsnprintf(buf, len, "-");
		return;
	}
	d = now - t;
	if (d < 0)
		d = 0;
	if (d < 10)
		xsnprintf(buf, len, "now");
	else if (d < 60)
		xsnprintf(buf, len, "%ds", (int)d);
	else if (d < 3600)
		xsnprintf(buf, len, "%dm", (int)(d / 60));
	else if (d < 86400)
		xsnprintf(buf, len, "%dh", (int)(d / 3600));
	else if (d < 365 * 86400)
		xsnprintf(buf, len, "%dd", (int)(d / 86400));
	else
		xsnprintf(buf, len, "%dy", (int)(d / (365 * 86400)));
}

/* Format a local time. */
void
draw_time(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (t <= 0 || localtime_r(&tt, &tm) == NULL)
		return;
	if (strftime(buf, len, "%Y-%m-%d %H:%M", &tm) == 0)
		buf[0] = '\0';
}
