/*
 * The interface's state, shared by the tui/ files: what is selected, what
 * is open, which pane has the focus, the modal (picker, line editor,
 * help, question), and the last message.  Panes draw from this state plus
 * the store and the view; nothing here needs the real terminal loop, so
 * the render benchmark builds a struct tui around a bare store.
 */
#ifndef TIX_TUI_UI_H
#define TIX_TUI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/curses.h"
#include "tui/layout.h"
#include "core/xmalloc.h"

struct session;
struct store;
struct view;
struct theme;
struct record;
struct picker;
struct lineedit;

/* What a key handler asks the loop to do. */
#define TUI_REDRAW	0x1
#define TUI_RELAYOUT	0x2
#define TUI_QUIT	0x4

enum tui_pane {
	TUI_PANE_LIST,
	TUI_PANE_THREAD,
	TUI_PANE_CUSTOMER,
	TUI_PANE_COUNT
};

enum tui_mode {
	TUI_MODE_NORMAL,
	TUI_MODE_PICKER,	/* t->picker */
	TUI_MODE_EDIT,		/* t->edit, in the message line */
	TUI_MODE_HELP,
	TUI_MODE_CONFIRM,	/* a y/n question in the message line */
};

struct tui {
	struct session	*session;	/* NULL in the benchmark and tests */
	struct store	*store;
	struct view	*view;
	struct theme	*theme;
	bool		 utf8;		/* the locale's codeset is UTF-8 */
	struct layout	 layout;
	int64_t		 now;		/* the clock for this frame */

	enum tui_pane	 focus;
	enum tui_mode	 mode;
	int		 sort;		/* enum view_sort */

	/* The list: selected row, first row shown, and who is selected. */
	size_t		 sel;
	size_t		 top;
	unsigned	 sel_account;
	char		*sel_id;

	/* The ticket open in the thread pane, or NULL. */
	unsigned	 open_account;
	char		*open_id;
	int		 thread_top;	/* clamped when drawn */
	/* Keep the thread's end in view as it grows (after G or a note). */
	bool		 thread_follow;
	int		 customer_top;
	int		 help_top;

	char		*message;	/* the status line's last message */
	bool		 message_error;
	char		*question;	/* TUI_MODE_CONFIRM */
	int		(*answer)(struct tui *, bool);

	struct picker	*picker;
	struct lineedit	*edit;

	/* Where the terminal cursor goes after drawing (line editor). */
	bool		 cursor_on;
	int		 cursor_y;
	int		 cursor_x;
};

struct tui	*tui_new(struct session *, struct store *, struct theme *,
		    bool utf8);
void		 tui_free(struct tui **);
/* Lay the panes out for a terminal of cols x lines. */
void		 tui_resize(struct tui *, int cols, int lines);
/* Draw the whole frame into the virtual screen (no refresh). */
void		 tui_draw(struct tui *);
/* Handle one key from wget_wch; returns TUI_* flags. */
int		 tui_key(struct tui *, int key, bool keycode);

void		 tui_set_message(struct tui *, bool error, const char *, ...)
		    TIX_PRINTF(3, 4);
void		 tui_ask(struct tui *, int (*)(struct tui *, bool),
		    const char *, ...) TIX_PRINTF(3, 4);

/* Selection in the list. */
void		 tui_select(struct tui *, size_t);
/* Find the selected ticket again after the view changed. */
void		 tui_sync_selection(struct tui *);
const struct record *tui_selected(const struct tui *);
/* The open ticket, or NULL. */
const struct record *tui_opened(const struct tui *);
/* The ticket a command acts on: the list's if it has focus, else the open one. */
const struct record *tui_target(const struct tui *);
/* Open a ticket in the thread pane. */
void		 tui_open(struct tui *, unsigned account, const char *id);

/* The panes. */
void		 pane_list_draw(struct tui *, const struct rect *);
void		 pane_thread_draw(struct tui *, const struct rect *);
void		 pane_customer_draw(struct tui *, const struct rect *);
void		 statusbar_draw_header(struct tui *, const struct rect *);
void		 statusbar_draw(struct tui *, const struct rect *);
void		 statusbar_draw_message(struct tui *, const struct rect *);
void		 help_draw(struct tui *);
int		 help_key(struct tui *, int, bool);

#endif
