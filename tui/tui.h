/*
 * The curses interface: three panes (ticket list, conversation thread,
 * customer) over a session, driven by one poll() loop on the terminal and
 * the session's wakeup fd.
 */
#ifndef TIX_TUI_H
#define TIX_TUI_H

struct session;

struct tui_options {
	const char	*theme;		/* name or path; NULL: default */
};

/*
 * Run the interface on a session until the user quits; returns the exit
 * status (0, or 1 when the terminal or the theme cannot be set up).
 */
int	tui_run(struct session *, const struct tui_options *);

#endif
