/*
 * The key handlers of the normal mode.  Each changes state (selection,
 * a modal, a session write) and returns TUI_* flags; none draws.
 */
#ifndef TIX_TUI_ACTIONS_H
#define TIX_TUI_ACTIONS_H

struct tui;

int	action_down(struct tui *);
int	action_up(struct tui *);
int	action_page_down(struct tui *);
int	action_page_up(struct tui *);
int	action_top(struct tui *);
int	action_bottom(struct tui *);
int	action_open(struct tui *);
int	action_focus_next(struct tui *);
int	action_focus_prev(struct tui *);
int	action_reply(struct tui *);
int	action_note(struct tui *);
int	action_priority(struct tui *);
int	action_category(struct tui *);
int	action_assign(struct tui *);
int	action_status(struct tui *);
int	action_tags(struct tui *);
int	action_filter(struct tui *);
int	action_sort(struct tui *);
int	action_retry(struct tui *);
int	action_discard(struct tui *);
int	action_help(struct tui *);
int	action_redraw(struct tui *);
int	action_quit(struct tui *);

#endif
