/*
 * The keymap: one table of {key, name, help, handler, capabilities} that
 * drives both dispatch and the help screen.
 */
#ifndef TIX_TUI_KEYMAP_H
#define TIX_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

struct tui;

struct keymap_entry {
	int		  key;		/* a character, or a KEY_* code */
	bool		  keycode;	/* key is a KEY_* code */
	const char	 *name;		/* as shown in help: "j", "PgDn" */
	const char	 *help;		/* what it does: "set priority" */
	int		(*handler)(struct tui *);
	unsigned	  caps;		/* TIX_CAP_* the ticket's account needs */
	bool		  ticket;	/* needs a ticket to act on */
};

/* The table and its length. */
const struct keymap_entry *keymap_entries(size_t *n);
/* The entry for a key, or NULL. */
const struct keymap_entry *keymap_find(int key, bool keycode);
/* Run the key's handler after checking capabilities; returns TUI_* flags. */
int		 keymap_dispatch(struct tui *, int key, bool keycode);

#endif
