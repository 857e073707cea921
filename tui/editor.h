/*
 * Composing a note in the user's editor ($VISUAL, else $EDITOR).  The
 * draft lives in a 0600 file inside a private 0700 directory made with
 * mkdtemp under $TMPDIR (or /tmp), and both are removed afterwards,
 * whether the note is sent or not.  The caller suspends curses around it.
 */
#ifndef TIX_TUI_EDITOR_H
#define TIX_TUI_EDITOR_H

#include <stdbool.h>

#include "core/error.h"

/* True when $VISUAL or $EDITOR is set and not empty. */
bool		 editor_configured(void);
/*
 * Run the editor on a draft holding initial (may be NULL).  *out gets
 * the text with trailing blank space trimmed, or NULL when the user left
 * the draft empty or unchanged (cancelled).
 */
enum tix_err	 editor_compose(const char *initial, char **out,
		    char **cause);

#endif
