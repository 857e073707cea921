/*
 * A modal picker: a boxed list of choices over the panes (priority,
 * category tree, agents).  Items can be indented (trees) and disabled
 * (shown, never chosen).
 */
#ifndef TIX_TUI_PICKER_H
#define TIX_TUI_PICKER_H

#include <stdbool.h>
#include <stddef.h>

struct tui;
struct picker;

struct picker_item {
	char	*label;
	char	*value;		/* NULL: "none" (unassigned, no category) */
	int	 indent;	/* tree depth */
	bool	 disabled;
	bool	 current;	/* the ticket's value now */
};

/* Called with the chosen item; returns TUI_* flags. */
typedef int (*picker_cb)(struct tui *, const struct picker *,
    const struct picker_item *);

struct picker {
	char			*title;
	struct picker_item	*items;
	size_t			 n;
	size_t			 sel;
	size_t			 top;
	unsigned		 account;	/* the ticket it is for */
	char			*ticket_id;
	picker_cb		 done;
};

struct picker	*picker_new(const char *title, unsigned account,
		    const char *ticket_id, picker_cb);
void		 picker_free(struct picker **);
void		 picker_add(struct picker *, const char *label,
		    const char *value, int indent, bool disabled, bool current);
/* Put the selection on the current item (or the first enabled one). */
void		 picker_start(struct picker *);

enum picker_result {
	PICKER_CONTINUE,
	PICKER_CHOSEN,		/* p->sel is the choice */
	PICKER_CANCELLED,
};
/* One key; moves the selection, skipping disabled items. */
enum picker_result picker_key(struct picker *, int key, bool keycode,
		    int page);
void		 picker_draw(struct tui *, struct picker *);

#endif
