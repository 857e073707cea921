/*
 * Styled, scrollable lines: built per frame from the store (cheap: only
 * one ticket's thread or one customer), drawn with column clipping.
 */
#include "config.h"
#include "tui/lines.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/layout.h"
#include "tui/ui.h"
#include "core/text.h"
#include "core/xmalloc.h"

/* Start empty. */
void
tlines_init(struct tlines *tl)
{
	memset(tl, 0, sizeof *tl);
}

/* Free every line and owned segment. */
void
tlines_done(struct tlines *tl)
{
	size_t	i, j;

	for (i = 0; i < tl->n; i++) {
		for (j = 0; j < tl->v[i].n; j++)
			free(tl->v[i].segs[j].owned);
		free(tl->v[i].segs);
	}
	free(tl->v);
	for (i = 0; i < tl->nkept; i++)
		free(tl->kept[i]);
	free(tl->kept);
	memset(tl, 0, sizeof *tl);
}

/* Append an empty line. */
struct tline *
tlines_add(struct tlines *tl, enum theme_role fill)
{
	struct tline	*l;

	if (tl->n == tl->size) {
		tl->size = (tl->size == 0) ? 32 : tl->size * 2;
		tl->v = xreallocarray(tl->v, tl->size, sizeof *tl->v);
	}
	l = &tl->v[tl->n++];
	memset(l, 0, sizeof *l);
	l->fill = fill;
	return (l);
}

/* Keep a string alive as long as the lines. */
void
tlines_keep(struct tlines *tl, char *s)
{
	tl->kept = xreallocarray(tl->kept, tl->nkept + 1, sizeof *tl->kept);
	tl->kept[tl->nkept++] = s;
}

/* Append a segment. */
static struct tseg *
tline_push(struct tline *l, enum theme_role role)
{
	struct tseg	*sg;

	l->segs = xreallocarray(l->segs, l->n + 1, sizeof *l->segs);
	sg = &l->segs[l->n++];
	memset(sg, 0, sizeof *sg);
	sg->role = role;
	return (sg);
}

/* Append a borrowed slice. */
void
tline_add(struct tline *l, enum theme_role role, const char *s, size_t len)
{
	struct tseg	*sg;

	sg = tline_push(l, role);
	sg->s = (s != NULL) ? s : "";
	sg->len = (s != NULL) ? len : 0;
}

/* Append a formatted copy. */
void
tline_addf(struct tline *l, enum theme_role role, const char *fmt, ...)
{
	struct tseg	*sg;
	va_list		 ap;

	sg = tline_push(l, role);
	va_start(ap, fmt);
	sg->owned = xvasprintf(fmt, ap);
	va_end(ap);
	sg->s = sg->owned;
	sg->len = strlen(sg->owned);
}

/* Give the last segment a fixed width. */
void
tline_pad(struct tline *l, int width)
{
	if (l->n > 0)
		l->segs[l->n - 1].width = width;
}

/* Append wrapped text. */
void
tlines_wrap(struct tlines *tl, const char *prefix, enum theme_role prole,
    int cols, enum theme_role role, const char *text)
{
	size_t		*starts = NULL, *lens = NULL, n, i;
	struct tline	*l;
	int		 pw = 0;

	if (text == NULL)
		text = "";
	if (prefix != NULL)
		pw = draw_width(prefix, strlen(prefix));
	if (cols - pw < 8)
		cols = pw + 8;
	n = text_wrap(text, cols - pw, &starts, &lens);
	for (i = 0; i < n; i++) {
		l = tlines_add(tl, ROLE_DEFAULT);
		if (prefix != NULL)
			tline_addf(l, prole, "%s", prefix);
		tline_add(l, role, text + starts[i], lens[i]);
	}
	if (n == 0) {
		l = tlines_add(tl, ROLE_DEFAULT);
		if (prefix != NULL)
			tline_addf(l, prole, "%s", prefix);
	}
	free(starts);
	free(lens);
}

/* Draw from *top, clamping it. */
void
tlines_draw(struct tui *t, const struct rect *r, const struct tlines *tl,
    int *top)
{
	const struct tline	*l;
	const struct tseg	*sg;
	int			 row, x, used, max;
	size_t			 i, j;

	max = (int)tl->n - r->h;
	if (max < 0)
		max = 0;
	if (*top > max)
		*top = max;
	if (*top < 0)
		*top = 0;
	for (row = 0; row < r->h; row++) {
		i = (size_t)(*top + row);
		if (i >= tl->n) {
			draw_fill(r->y + row, r->x, r->w,
			    theme_attr(t->theme, ROLE_DEFAULT));
			continue;
		}
		l = &tl->v[i];
		x = 0;
		for (j = 0; j < l->n && x < r->w; j++) {
			sg = &l->segs[j];
			if (sg->width > 0) {
				used = (sg->width < r->w - x) ? sg->width :
				    r->w - x;
				draw_cell(t, r->y + row, r->x + x, used,
				    theme_attr(t->theme, sg->role), sg->s,
				    false);
			} else {
				used = draw_text(t, r->y + row, r->x + x,
				    r->w - x, theme_attr(t->theme, sg->role),
				    sg->s, sg->len);
			}
			x += used;
		}
		draw_fill(r->y + row, r->x + x, r->w - x,
		    theme_attr(t->theme, l->fill));
	}
}
