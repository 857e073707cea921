/*
 * Scrollable text for the thread, customer and help panes: a list of
 * lines, each a few styled segments (borrowed slices of store text, or
 * owned formatted strings), built for one width and drawn from a top line.
 */
#ifndef TIX_TUI_LINES_H
#define TIX_TUI_LINES_H

#include <stddef.h>

#include "tui/theme.h"
#include "core/xmalloc.h"

struct tui;
struct rect;

struct tseg {
	const char	*s;
	size_t		 len;
	char		*owned;		/* set when s is ours */
	enum theme_role	 role;
	int		 width;		/* fixed cell width, or 0 */
};

struct tline {
	struct tseg	*segs;
	size_t		 n;
	enum theme_role	 fill;		/* for the rest of the row */
};

struct tlines {
	struct tline	*v;
	size_t		 n;
	size_t		 size;
	char		**kept;		/* strings lines borrow from */
	size_t		  nkept;
};

void		 tlines_init(struct tlines *);
void		 tlines_done(struct tlines *);
struct tline	*tlines_add(struct tlines *, enum theme_role fill);
/* Own s until tlines_done (for text that wrapped lines borrow). */
void		 tlines_keep(struct tlines *, char *s);
/* Add a borrowed slice (s must outlive the drawing). */
void		 tline_add(struct tline *, enum theme_role, const char *s,
		    size_t len);
/* Add a formatted copy. */
void		 tline_addf(struct tline *, enum theme_role, const char *, ...)
		    TIX_PRINTF(3, 4);
/* Pad the last segment to a fixed width (a column). */
void		 tline_pad(struct tline *, int width);
/*
 * Add text wrapped to cols columns (text is borrowed), each line starting
 * with a copy of prefix (may be NULL) in prefix_role.
 */
void		 tlines_wrap(struct tlines *, const char *prefix,
		    enum theme_role prefix_role, int cols, enum theme_role,
		    const char *text);
/*
 * Draw the lines from *top (clamped so the last page is full) into r;
 * rows past the end are blanked.
 */
void		 tlines_draw(struct tui *, const struct rect *,
		    const struct tlines *, int *top);

#endif
