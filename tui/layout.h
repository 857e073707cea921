/*
 * Layout: where the header, the three panes and the status lines go for
 * a terminal size.  Side by side when wide, stacked when narrow, the list
 * alone when small, a one-line notice when tiny.
 */
#ifndef TIX_TUI_LAYOUT_H
#define TIX_TUI_LAYOUT_H

#include <stdbool.h>

/* Columns from which the panes sit side by side. */
#define LAYOUT_WIDE_COLS	140
/* Below these the list is drawn alone; below the next a notice. */
#define LAYOUT_MIN_COLS		60
#define LAYOUT_MIN_LINES	14
#define LAYOUT_TINY_COLS	24
#define LAYOUT_TINY_LINES	5

struct rect {
	int	y;
	int	x;
	int	h;	/* 0: not shown */
	int	w;
};

enum layout_kind {
	LAYOUT_TOO_SMALL,
	LAYOUT_LIST_ONLY,
	LAYOUT_STACKED,
	LAYOUT_WIDE,
};

struct layout {
	enum layout_kind kind;
	int		 cols;
	int		 lines;
	struct rect	 header;
	struct rect	 list;		/* each pane's first row is its title */
	struct rect	 thread;
	struct rect	 customer;
	struct rect	 separator;	/* a vertical rule, when wide */
	struct rect	 status;	/* account states */
	struct rect	 message;	/* messages, prompts, line editor */
};

void	layout_compute(struct layout *, int cols, int lines);

#endif
