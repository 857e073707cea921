/*
 * The terminal loop: set up curses and the theme, then poll() the
 * terminal and the session's wakeup fd, apply the session's results, read
 * every waiting key, and draw one frame when something changed.  Only
 * this thread touches curses.  SIGINT and SIGTERM set a flag the loop
 * checks (SIGHUP too); SIGWINCH comes in as KEY_RESIZE; the terminal is restored on
 * every way out, including fatal errors.
 */
#include "config.h"
#include "tui/tui.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tui/curses.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/log.h"
#include "core/session.h"
#include "core/store.h"
#include "core/xmalloc.h"

/* The clock tick for ages and the status bar's "12s". */
#define TUI_TICK_MS	1000

static volatile sig_atomic_t	tui_stop;
static volatile sig_atomic_t	tui_curses_on;

/* SIGINT, SIGTERM: ask the loop to stop. */
static void
tui_signal(int sig)
{
	(void)sig;
	tui_stop = 1;
}

/* Restore the terminal before a fatal error prints. */
static void
tui_fatal_hook(void)
{
	if (tui_curses_on) {
		tui_curses_on = 0;
		endwin();
	}
}

/* Is the locale's codeset UTF-8? Sets LC_CTYPE from the environment first. */
static bool
tui_locale(void)
{
	const char	*cur, *cs;

	cur = setlocale(LC_CTYPE, NULL);
	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	return (cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0));
}

/* Start curses in the modes the loop needs. */
static void
tui_curses_start(struct theme *th)
{
	const char	*nc;

	initscr();
	tui_curses_on = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	nc = getenv("NO_COLOR");
	theme_apply(th, nc == NULL || *nc == '\0');
	wbkgdset(stdscr, ' ' | theme_attr(th, ROLE_DEFAULT));
}

/* Milliseconds to the next whole second. */
static int
tui_tick(void)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	return (TUI_TICK_MS - (int)(tv.tv_usec / 1000));
}

/* Take the session's messages; the newest one stays on screen. */
static int
tui_messages(struct tui *t)
{
	char	*m;
	int	 flags = 0;

	for (m = session_take_message(t->session); m != NULL;
	    m = session_take_message(t->session)) {
		tui_set_message(t, true, "%s", m);
		free(m);
		flags = TUI_REDRAW;
	}
	return (flags);
}

/* Read every key waiting; returns the handlers' flags. */
static int
tui_read_keys(struct tui *t)
{
	wint_t	wch;
	int	r, flags = 0;

	for (;;) {
		r = wget_wch(stdscr, &wch);
		if (r == ERR)
			break;
		flags |= tui_key(t, (int)wch, r == KEY_CODE_YES);
		if (flags & TUI_QUIT)
			break;
	}
	return (flags);
}

/* Draw a frame and send it in one burst. */
static void
tui_frame(struct tui *t)
{
	t->now = (int64_t)time(NULL);
	tui_draw(t);
	if (t->cursor_on) {
		curs_set(1);
		wmove(stdscr, t->cursor_y, t->cursor_x);
	} else
		curs_set(0);
	wnoutrefresh(stdscr);
	doupdate();
}

/* The loop; returns when the user quits or a signal asks. */
static void
tui_loop(struct tui *t)
{
	struct pollfd	pfd[2];
	int		flags = TUI_REDRAW | TUI_RELAYOUT, timeout, st;
	int64_t		last = 0, now;
	unsigned	changes;

	for (;;) {
		if (tui_stop || (flags & TUI_QUIT))
			break;
		if (flags & TUI_RELAYOUT)
			tui_resize(t, COLS, LINES);
		if (flags & (TUI_REDRAW | TUI_RELAYOUT))
			tui_frame(t);
		flags = 0;

		timeout = tui_tick();
		st = session_timeout(t->session);
		if (st >= 0 && st < timeout)
			timeout = st;
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		pfd[1].fd = session_fd(t->session);
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		if (poll(pfd, 2, timeout) < 0 && errno != EINTR)
			fatal("poll");
		if (tui_stop)
			break;

		changes = session_run(t->session);
		if (changes & SESSION_CHANGED_TICKETS)
			tui_sync_selection(t);
		if (changes != 0)
			flags |= TUI_REDRAW;
		flags |= tui_messages(t);
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;
		flags |= tui_read_keys(t);

		now = (int64_t)time(NULL);
		if (now != last) {
			last = now;
			flags |= TUI_REDRAW;
		}
	}
}

/* Run the interface. */
int
tui_run(struct session *s, const struct tui_options *opts)
{
	struct theme		*th = NULL;
	struct tui		*t;
	struct sigaction	 sa, oint, oterm, ohup;
	char			*cause = NULL;
	bool			 utf8;

	utf8 = tui_locale();
	if (theme_load(opts != NULL ? opts->theme : NULL, &th,
	    &cause) != TIX_OK) {
		fprintf(stderr, "tix: %s\n", cause);
		free(cause);
		return (1);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "tix: the interface needs a terminal "
		    "(use a subcommand for scripts)\n");
		theme_free(&th);
		return (1);
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &oint);
	sigaction(SIGTERM, &sa, &oterm);
	sigaction(SIGHUP, &sa, &ohup);
	signal(SIGPIPE, SIG_IGN);
	log_set_fatal_hook(tui_fatal_hook);

	tui_curses_start(th);
	t = tui_new(s, session_store(s), th, utf8);
	log_debug("tui: start %dx%d utf8=%d", COLS, LINES, (int)utf8);
	tui_loop(t);
	tui_free(&t);

	tui_curses_on = 0;
	endwin();
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGTERM, &oterm, NULL);
	sigaction(SIGHUP, &ohup, NULL);
	theme_free(&th);
	log_debug("tui: stop");
	return (0);
}
