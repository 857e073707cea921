/*
 * A one-line editor in the message line: the filter, tags, and notes
 * when no $VISUAL or $EDITOR is set.  Text is kept as code points so the
 * cursor moves by character; it comes out as UTF-8.
 */
#ifndef TIX_TUI_LINEEDIT_H
#define TIX_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

struct tui;
struct rect;
struct lineedit;

/* Called with the text when Enter is pressed; returns TUI_* flags. */
typedef int (*lineedit_cb)(struct tui *, const struct lineedit *,
    const char *text);

struct lineedit {
	char		*prompt;
	unsigned	*cps;
	size_t		 n;
	size_t		 size;
	size_t		 cursor;
	size_t		 max;		/* cap on code points */
	unsigned	 account;	/* the ticket it is for, if any */
	char		*ticket_id;
	bool		 is_public;	/* for notes */
	lineedit_cb	 done;
};

struct lineedit	*lineedit_new(const char *prompt, const char *initial,
		    lineedit_cb);
void		 lineedit_free(struct lineedit **);

enum lineedit_result {
	LINEEDIT_CONTINUE,
	LINEEDIT_DONE,
	LINEEDIT_CANCELLED,
};
/* One key: characters insert; Left/Right/Home/End, ^A ^E ^U ^K ^W, BS, Del. */
enum lineedit_result lineedit_key(struct lineedit *, int key, bool keycode);
/* The text as a new UTF-8 string. */
char		*lineedit_text(const struct lineedit *);
/* Draw in r; sets the terminal cursor position in the tui. */
void		 lineedit_draw(struct tui *, const struct rect *,
		    const struct lineedit *);

#endif
