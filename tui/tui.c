/*
 * The terminal loop: set up curses and the theme, then poll() the
 * terminal and the session's wakeup fd, apply the session's results, read
 * every waiting key, and draw one frame when something changed.  Only
 * this thread touches curses.  SIGWINCH comes in as KEY_RESIZE; the
 * terminal is restored on every way out, including fatal errors.
 *
 * Signals never lose a write.  SIGINT (Ctrl-C) asks like q.  SIGTERM and
 * SIGHUP (and the terminal going away) stop the loop, give the writes
 * still on their way TUI_DRAIN_MS to finish (a second signal cuts that
 * short), restore the screen, and print each write that did not reach
 * the platform to stderr, with the note's text, so it can be made
 * again; tix then exits 1.  Quitting with q past its question prints
 * them too, and exits 0: the agent chose to.
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

#include "tui/actions.h"
#include "tui/curses.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/field.h"
#include "core/log.h"
#include "core/session.h"
#include "core/store.h"
#include "core/text.h"
#include "core/xmalloc.h"

/* The clock tick for ages and the status bar's "12s". */
#define TUI_TICK_MS	1000
/* How long writes on their way may take after SIGTERM or SIGHUP. */
#define TUI_DRAIN_MS	5000

/* The last of SIGINT, SIGTERM, SIGHUP, and how many came. */
static volatile sig_atomic_t	tui_sig;
static volatile sig_atomic_t	tui_nsig;
static volatile sig_atomic_t	tui_curses_on;

static void
tui_signal(int sig)
{
	tui_sig = sig;
	tui_nsig++;
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

/*
 * The loop; returns 0 when the user quits, or the signal that stopped
 * it (SIGHUP too when the terminal went away).
 */
static int
tui_loop(struct tui *t)
{
	struct pollfd	pfd[2];
	int		flags = TUI_REDRAW | TUI_RELAYOUT, timeout, st;
	int64_t		last = 0, now;
	unsigned	changes;

	for (;;) {
		/* Ctrl-C: as q, which asks while writes are unconfirmed. */
		if (tui_sig == SIGINT) {
			tui_sig = 0;
			flags |= action_quit(t) | TUI_REDRAW;
		}
		if (tui_sig == SIGTERM || tui_sig == SIGHUP)
			return (tui_sig);
		if (flags & TUI_QUIT)
			return (0);
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
		if (tui_sig != 0)
			continue;

		changes = session_run(t->session);
		if (changes & SESSION_CHANGED_TICKETS)
			tui_sync_selection(t);
		if (changes != 0)
			flags |= TUI_REDRAW;
		flags |= tui_messages(t);
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return (SIGHUP);
		flags |= tui_read_keys(t);

		now = (int64_t)time(NULL);
		if (now != last) {
			last = now;
			flags |= TUI_REDRAW;
		}
	}
}

/*
 * Stopped by sig: let the writes on their way finish, for TUI_DRAIN_MS
 * at the most, saying so on the screen while there is one.
 */
static void
tui_drain(struct tui *t, int sig)
{
	struct pollfd	pfd;
	struct timespec	start, now;
	long		left;
	int		nsig = tui_nsig;
	size_t		n;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		n = session_pending_writes(t->session);
		if (n == 0 || tui_nsig != nsig)
			return;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = TUI_DRAIN_MS - ((now.tv_sec - start.tv_sec) * 1000L +
		    (now.tv_nsec - start.tv_nsec) / 1000000L);
		if (left <= 0)
			return;
		/* After SIGHUP there is no terminal to draw on. */
		if (sig != SIGHUP) {
			tui_set_message(t, false, "finishing %zu write%s before "
			    "stopping", n, n == 1 ? "" : "s");
			tui_frame(t);
		}
		pfd.fd = session_fd(t->session);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)(left < 200 ? left : 200)) < 0 &&
		    errno != EINTR)
			fatal("poll");
		(void)session_run(t->session);
	}
}

/* A change's fields and values, "priority urgent, tags vip,billing". */
static char *
tui_describe_patch(const struct patch *p)
{
	const struct field	*f;
	char			*out = xstrdup(""), *v, *next;
	const struct strv	*sv;
	const char		*s;

	for (unsigned bit = 1; bit <= TIX_PATCH_ALL; bit <<= 1) {
		f = (p->fields & bit) != 0 ? field_by_patch(bit) : NULL;
		if (f == NULL)
			continue;
		if (bit == TIX_PATCH_STATUS)
			v = xstrdup(tix_status_name(p->status));
		else if (bit == TIX_PATCH_PRIORITY)
			v = xstrdup(p->priority == TIX_PRIORITY_NONE ? "none" :
			    tix_priority_name(p->priority));
		else if (bit == TIX_PATCH_TAGS) {
			sv = &p->tags;
			v = xstrdup("");
			for (size_t i = 0; i < sv->n; i++) {
				next = xasprintf("%s%s%s", v, i > 0 ? "," : "",
				    sv->v[i]);
				free(v);
				v = next;
			}
		} else {
			s = *(const char *const *)(const void *)
			    ((const char *)p + f->patch_off);
			v = xstrdup(s != NULL ? s : "none");
		}
		next = xasprintf("%s%s%s %s", out, *out != '\0' ? ", " : "",
		    f->label, v);
		free(out);
		free(v);
		out = next;
	}
	return out;
}

/*
 * After the screen is restored: each write that did not reach the
 * platform, to stderr, so the agent can make it again.  Returns how many.
 */
static size_t
tui_report_unsettled(struct session *s)
{
	const struct journal_entry	**v;
	const struct journal_entry	 *e;
	const char			 *name, *p, *nl;
	char				 *text;
	size_t				  n;

	v = session_unsettled(s, &n);
	if (n > 0)
		fprintf(stderr, "tix: %zu write%s did not reach the platform, "
		    "or may not have; here %s, to make again:\n", n,
		    n == 1 ? "" : "s", n == 1 ? "it is" : "they are");
	for (size_t i = 0; i < n; i++) {
		e = v[i];
		name = session_account_name(s, e->account);
		if (e->kind == JOURNAL_UPDATE) {
			text = tui_describe_patch(&e->patch);
			fprintf(stderr, "tix: %s:%s change: %s\n", name,
			    e->ticket_id, text);
			free(text);
			continue;
		}
		fprintf(stderr, "tix: %s:%s %s:\n", name, e->ticket_id,
		    e->is_public ? "reply" : "internal note");
		text = text_sanitize(e->text, strlen(e->text),
		    TEXT_MULTILINE);
		for (p = text; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
			nl = strchr(p, '\n');
			if (nl == NULL)
				nl = p + strlen(p);
			fprintf(stderr, "    %.*s\n", (int)(nl - p), p);
		}
		free(text);
	}
	free(v);
	return n;
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
	int			 sig;
	size_t			 unsettled;

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
	sig = tui_loop(t);
	if (sig != 0)
		tui_drain(t, sig);
	tui_free(&t);

	tui_curses_on = 0;
	endwin();
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGTERM, &oterm, NULL);
	sigaction(SIGHUP, &ohup, NULL);
	theme_free(&th);
	unsettled = tui_report_unsettled(s);
	log_debug("tui: stop (signal %d, %zu writes unsettled)", sig,
	    unsettled);
	/* Quitting past the question is the agent's choice; a signal not. */
	return (sig != 0 && unsettled > 0 ? 1 : 0);
}
