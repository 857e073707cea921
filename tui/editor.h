/*
 * Composing a note in the user's editor ($VISUAL, else $EDITOR).  The
 * draft lives in a 0600 file inside a private 0700 directory made with
 * mkdtemp under $TMPDIR (or /tmp), and both are removed afterwards,
 * whether the note is sent or not.  The caller suspends curses around it.
 * The editor starts as core/spawn.h says: a short environment, none of
 * tix's descriptors.
 */
#ifndef TIX_TUI_EDITOR_H
#define TIX_TUI_EDITOR_H

#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"

/* True when $VISUAL or $EDITOR is set and not empty. */
bool		 editor_configured(void);
/*
 * Run the editor on a draft holding initial (may be NULL).  *out gets
 * the text with trailing blank space trimmed, or NULL when the user left
 * the draft empty or unchanged (cancelled).  When a signal stopped the
 * editor (a hang-up) the result is TIX_ERR_CANCELLED with *out set to
 * what the draft held, if anything: a note not finished, to be kept but
 * not sent.
 */
enum tix_err	 editor_compose(const char *initial, char **out,
		    char **cause);
/*
 * Drafts left by an earlier tix that died with the editor open (kill -9,
 * a crash): the draft directories in $TMPDIR (or /tmp) named for a
 * process that no longer runs, owned by this user and private.  Each
 * draft's text goes to out after a line saying a draft from an earlier
 * run was found, then its directory is removed (kept when writing to out
 * fails, or the draft cannot be read).  main runs it at start, before
 * the screen.  Returns how many were found.
 */
unsigned	 editor_recover_drafts(FILE *out);

#endif
