/*
 * Unit tests: the curses interface without a real terminal.  Themes
 * (parsing, errors naming file and line, the built-in copy matching
 * themes/default.theme, the search path), layout at many sizes, the line
 * editor, ages, the editor spawn (draft mode, cleanup, cancel), and whole
 * frames drawn on a fake terminal and read back cell by cell: ticket
 * references, aligned columns with wide characters, "[internal]", pending
 * markers after a pick, the filter line, and help listing the keymap.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tui/curses.h"
#include "tui/draw.h"
#include "tui/editor.h"
#include "tui/keymap.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/model.h"
#include "core/store.h"
#include "core/xmalloc.h"

#define COLS_T	160
#define LINES_T	48

/* Parse text into a fresh built-in theme; returns the error. */
static enum tix_err
parse(const char *text, char **cause)
{
	struct theme	*th = theme_builtin();
	enum tix_err	 err;

	err = theme_parse(th, text, "x.theme", cause);
	theme_free(&th);
	return (err);
}

/* Bad theme lines fail with the file, the line number and the reason. */
static void
test_theme_errors(void **state)
{
	char	*cause = NULL;

	(void)state;
	assert_int_equal(parse("# ok\n\nheader = red blue bold\n", &cause),
	    TIX_OK);
	assert_int_not_equal(parse("\nbogus.role = red blue\n", &cause),
	    TIX_OK);
	assert_string_equal(cause, "x.theme:2: unknown role \"bogus.role\"");
	assert_int_not_equal(parse("header = purple blue\n", &cause), TIX_OK);
	assert_string_equal(cause, "x.theme:1: unknown colour \"purple\"");
	assert_int_not_equal(parse("a\nb\nheader = red blue blinky\n",
	    &cause), TIX_OK);
	assert_non_null(strstr(cause, "x.theme:1: expected"));
	assert_int_not_equal(parse("header = red blue blinky\n", &cause),
	    TIX_OK);
	assert_string_equal(cause, "x.theme:1: unknown attribute \"blinky\"");
	assert_int_not_equal(parse("header red blue\n", &cause), TIX_OK);
	assert_int_not_equal(parse("header = color256 blue\n", &cause),
	    TIX_OK);
	assert_int_equal(parse("header=color255 brightblue reverse # c\n",
	    &cause), TIX_OK);
	free(cause);
}

/* The compiled-in fallback is exactly themes/default.theme; all parse. */
static void
test_theme_builtin_matches_file(void **state)
{
	struct theme	*file = NULL, *builtin;
	char		*cause = NULL;
	size_t		 i;

	(void)state;
	assert_int_equal(theme_load(TIX_SRCDIR "/themes/default.theme", &file,
	    &cause), TIX_OK);
	builtin = theme_builtin();
	for (i = 0; i < ROLE_COUNT; i++) {
		assert_int_equal(file->styles[i].fg, builtin->styles[i].fg);
		assert_int_equal(file->styles[i].bg, builtin->styles[i].bg);
		assert_int_equal(file->styles[i].attrs,
		    builtin->styles[i].attrs);
	}
	theme_free(&file);
	theme_free(&builtin);
	assert_int_equal(theme_load(TIX_SRCDIR "/themes/light.theme", &file,
	    &cause), TIX_OK);
	theme_free(&file);
	assert_int_equal(theme_load(TIX_SRCDIR "/themes/mono.theme", &file,
	    &cause), TIX_OK);
	for (i = 0; i < ROLE_COUNT; i++) {
		assert_int_equal(file->styles[i].fg, -1);
		assert_int_equal(file->styles[i].bg, -1);
	}
	theme_free(&file);
}

/* Names are found under $XDG_CONFIG_HOME first; unknown names fail. */
static void
test_theme_search(void **state)
{
	char		 dir[] = "/tmp/tix-test-XXXXXX", *path, *cause = NULL;
	struct theme	*th = NULL;
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/tix", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	path = xasprintf("%s/tix/themes", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	path = xasprintf("%s/tix/themes/mono.theme", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("header = red green\n", f);
	fclose(f);
	setenv("XDG_CONFIG_HOME", dir, 1);

	assert_int_equal(theme_load("mono", &th, &cause), TIX_OK);
	assert_string_equal(th->source, path);
	assert_int_equal(th->styles[ROLE_HEADER].fg, COLOR_RED);
	theme_free(&th);

	assert_int_equal(theme_load("default", &th, &cause), TIX_OK);
	theme_free(&th);
	assert_int_not_equal(theme_load("no-such-theme", &th, &cause),
	    TIX_OK);
	assert_string_equal(cause, "theme not found: no-such-theme");
	assert_null(th);
	assert_int_not_equal(theme_load("/nonexistent/x.theme", &th, &cause),
	    TIX_OK);
	free(cause);

	unlink(path);
	free(path);
	path = xasprintf("%s/tix/themes", dir);
	rmdir(path);
	free(path);
	path = xasprintf("%s/tix", dir);
	rmdir(path);
	free(path);
	rmdir(dir);
	unsetenv("XDG_CONFIG_HOME");
}

/* Is r inside a cols x lines screen? */
static bool
inside(const struct rect *r, int cols, int lines)
{
	if (r->h == 0)
		return (true);
	return (r->y >= 0 && r->x >= 0 && r->h > 0 && r->w > 0 &&
	    r->y + r->h <= lines && r->x + r->w <= cols);
}

/* Do two shown rects overlap? */
static bool
overlap(const struct rect *a, const struct rect *b)
{
	if (a->h == 0 || b->h == 0)
		return (false);
	return (a->x < b->x + b->w && b->x < a->x + a->w &&
	    a->y < b->y + b->h && b->y < a->y + a->h);
}

/* Wide, stacked, list-only and tiny layouts; every size stays on screen. */
static void
test_layout(void **state)
{
	struct layout	 l;
	struct rect	*r[7];
	int		 c, n, i, j;

	(void)state;
	layout_compute(&l, 160, 48);
	assert_int_equal(l.kind, LAYOUT_WIDE);
	assert_int_equal(l.list.x, 0);
	assert_true(l.thread.x > l.list.x + l.list.w - 1);
	assert_int_equal(l.customer.x, l.thread.x);
	assert_true(l.customer.y > l.thread.y);
	assert_int_equal(l.list.h, 45);

	layout_compute(&l, 80, 24);
	assert_int_equal(l.kind, LAYOUT_STACKED);
	assert_true(l.list.h >= 6);
	assert_true(l.thread.y > l.list.y);
	assert_true(l.customer.y > l.thread.y);
	assert_int_equal(l.thread.w, 80);

	layout_compute(&l, 40, 12);
	assert_int_equal(l.kind, LAYOUT_LIST_ONLY);
	layout_compute(&l, 20, 4);
	assert_int_equal(l.kind, LAYOUT_TOO_SMALL);

	for (c = 1; c <= 220; c++) {
		for (n = 1; n <= 70; n++) {
			layout_compute(&l, c, n);
			r[0] = &l.header;
			r[1] = &l.list;
			r[2] = &l.thread;
			r[3] = &l.customer;
			r[4] = &l.separator;
			r[5] = &l.status;
			r[6] = &l.message;
			for (i = 0; i < 7; i++) {
				assert_true(inside(r[i], c, n));
				for (j = i + 1; j < 7; j++)
					assert_false(overlap(r[i], r[j]));
			}
		}
	}
}

/* Type a string of ASCII keys. */
static void
type(struct lineedit *e, const char *s)
{
	for (; *s != '\0'; s++)
		assert_int_equal(lineedit_key(e, (unsigned char)*s, false),
		    LINEEDIT_CONTINUE);
}

/* The line editor inserts, moves and deletes by character. */
static void
test_lineedit(void **state)
{
	struct lineedit	*e;
	char		*s;

	(void)state;
	e = lineedit_new("Tags: ", "vip, caf\xc3\xa9", NULL);
	lineedit_key(e, 0x6ce8, false);			/* 注 */
	s = lineedit_text(e);
	assert_string_equal(s, "vip, caf\xc3\xa9\xe6\xb3\xa8");
	free(s);
	lineedit_key(e, KEY_BACKSPACE, true);
	lineedit_key(e, KEY_LEFT, true);
	lineedit_key(e, 127, false);			/* deletes 'f' */
	s = lineedit_text(e);
	assert_string_equal(s, "vip, ca\xc3\xa9");
	free(s);
	lineedit_key(e, 'w' & 0x1f, false);		/* ^W: "ca" */
	s = lineedit_text(e);
	assert_string_equal(s, "vip, \xc3\xa9");
	free(s);
	lineedit_key(e, 'u' & 0x1f, false);		/* ^U */
	lineedit_key(e, 0x1b, false);
	lineedit_free(&e);

	e = lineedit_new("Filter: ", NULL, NULL);
	type(e, "tag:vip");
	lineedit_key(e, KEY_HOME, true);
	type(e, "-");
	lineedit_key(e, 7, false);			/* controls ignored? */
	s = lineedit_text(e);
	assert_string_equal(s, "-tag:vip");
	free(s);
	assert_int_equal(lineedit_key(e, '\r', false), LINEEDIT_DONE);
	assert_int_equal(lineedit_key(e, 0x1b, false), LINEEDIT_CANCELLED);
	lineedit_free(&e);
	assert_null(e);
}

/* Ages are short and readable. */
static void
test_age(void **state)
{
	char	buf[16];

	(void)state;
	draw_age(1000000, 1000000 - 3, buf, sizeof buf);
	assert_string_equal(buf, "now");
	draw_age(1000000, 1000000 - 45, buf, sizeof buf);
	assert_string_equal(buf, "45s");
	draw_age(1000000, 1000000 - 5 * 60 - 7, buf, sizeof buf);
	assert_string_equal(buf, "5m");
	draw_age(1000000, 1000000 - 3 * 3600, buf, sizeof buf);
	assert_string_equal(buf, "3h");
	draw_age(100000000, 100000000 - 2 * 86400 - 5, buf, sizeof buf);
	assert_string_equal(buf, "2d");
	draw_age(100000000, 100000000 - 400 * 86400, buf, sizeof buf);
	assert_string_equal(buf, "1y");
	draw_age(100, 0, buf, sizeof buf);
	assert_string_equal(buf, "-");
}

/* Entries in a directory, apart from . and .. */
static int
count_entries(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	d = opendir(dir);
	assert_non_null(d);
	for (de = readdir(d); de != NULL; de = readdir(d)) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return (n);
}

/* Read a small file into buf. */
static void
slurp(const char *path, char *buf, size_t len)
{
	FILE	*f = fopen(path, "r");
	size_t	 n;

	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/*
 * The editor runs with arguments from $EDITOR, on a 0600 draft in a 0700
 * directory, and everything is removed afterwards; empty means cancelled.
 */
static void
test_editor(void **state)
{
	char	 tmp[] = "/tmp/tix-test-XXXXXX", *script, *log, *cmd, *out;
	char	*cause = NULL, buf[256];
	FILE	*f;

	(void)state;
	assert_non_null(mkdtemp(tmp));
	script = xasprintf("%s/ed.sh", tmp);
	log = xasprintf("%s/log", tmp);
	f = fopen(script, "w");
	assert_non_null(f);
	/* Record the modes and arguments, then write (or not) a note. */
	fprintf(f, "#!/bin/sh\n"
	    "stat -c '%%a' \"$(dirname \"$2\")\" \"$2\" > %s\n"
	    "echo \"arg1=$1\" >> %s\n"
	    "[ \"$1\" = write ] && printf 'Hello there\\n\\n' > \"$2\"\n"
	    "exit 0\n", log, log);
	fclose(f);
	chmod(script, 0700);

	setenv("TMPDIR", tmp, 1);
	unsetenv("VISUAL");
	cmd = xasprintf("%s write", script);
	setenv("EDITOR", cmd, 1);
	assert_true(editor_configured());
	out = NULL;
	assert_int_equal(editor_compose(NULL, &out, &cause), TIX_OK);
	assert_non_null(out);
	assert_string_equal(out, "Hello there");
	free(out);
	slurp(log, buf, sizeof buf);
	assert_string_equal(buf, "700\n600\narg1=write\n");
	/* Only the script and its log are left: the draft is gone. */
	assert_int_equal(count_entries(tmp), 2);
	free(cmd);

	cmd = xasprintf("%s keep", script);
	setenv("EDITOR", cmd, 1);
	out = NULL;
	assert_int_equal(editor_compose(NULL, &out, &cause), TIX_OK);
	assert_null(out);
	assert_int_equal(count_entries(tmp), 2);
	free(cmd);

	setenv("EDITOR", "false", 1);
	assert_int_not_equal(editor_compose(NULL, &out, &cause), TIX_OK);
	assert_null(out);
	assert_non_null(strstr(cause, "note not sent"));
	assert_int_equal(count_entries(tmp), 2);
	free(cause);

	setenv("EDITOR", "", 1);
	assert_false(editor_configured());
	unsetenv("EDITOR");
	unsetenv("TMPDIR");
	unlink(script);
	unlink(log);
	rmdir(tmp);
	free(script);
	free(log);
}

/* A fake terminal and a small store, for drawing whole frames. */
struct fixture {
	SCREEN		*scr;
	FILE		*out;
	FILE		*in;
	struct store	*store;
	struct theme	*theme;
	struct tui	*tui;
};

/* A ticket. */
static void
put_ticket(struct store *s, unsigned a, const char *id, const char *subject,
    const char *customer, int64_t updated)
{
	struct record	*r = record_new(TIX_KIND_TICKET, a);

	r->u.ticket.id = xstrdup(id);
	r->u.ticket.subject = xstrdup(subject);
	r->u.ticket.description = xstrdup("It broke.\nPlease help.");
	r->u.ticket.customer_id = xstrdup(customer);
	r->u.ticket.status = TIX_STATUS_ACTIVE;
	r->u.ticket.status_raw = xstrdup("open");
	r->u.ticket.priority = TIX_PRIORITY_NORMAL;
	r->u.ticket.created_at = updated - 100;
	r->u.ticket.updated_at = updated;
	store_put(s, r);
}

/* A customer. */
static void
put_customer(struct store *s, unsigned a, const char *id, const char *name,
    const char *email)
{
	struct record	*r = record_new(TIX_KIND_CUSTOMER, a);

	r->u.customer.id = xstrdup(id);
	r->u.customer.name = xstrdup(name);
	r->u.customer.nemails = 1;
	r->u.customer.emails = xcalloc(1, sizeof *r->u.customer.emails);
	r->u.customer.emails[0].value = xstrdup(email);
	r->u.customer.emails[0].type = xstrdup("WORK");
	store_put(s, r);
}

/* A note. */
static void
put_note(struct store *s, unsigned a, const char *ticket, const char *id,
    const char *text, bool is_public, int64_t when)
{
	struct record	*r = record_new(TIX_KIND_NOTE, a);

	r->u.note.id = xstrdup(id);
	r->u.note.ticket_id = xstrdup(ticket);
	r->u.note.user_id = xstrdup("u1");
	r->u.note.description = xstrdup(text);
	r->u.note.is_public = is_public;
	r->u.note.created_at = when;
	r->u.note.updated_at = when;
	store_put(s, r);
}

/* Build the fixture. */
static int
setup(void **state)
{
	struct fixture	*fx;
	struct record	*r;
	int64_t		 now = (int64_t)time(NULL);

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		return (-1);
	fx = xcalloc(1, sizeof *fx);
	fx->out = fopen("/dev/null", "w");
	fx->in = fopen("/dev/null", "r");
	fx->scr = newterm("xterm-256color", fx->out, fx->in);
	if (fx->scr == NULL)
		return (-1);
	set_term(fx->scr);
	resizeterm(LINES_T, COLS_T);

	fx->store = store_new();
	store_add_account(fx->store, 0, "acme");
	store_add_account(fx->store, 1, "globex");
	r = record_new(TIX_KIND_AGENT, 0);
	r->u.agent.id = xstrdup("u1");
	r->u.agent.name = xstrdup("Alex Agent");
	r->u.agent.is_me = true;
	store_put(fx->store, r);
	put_customer(fx->store, 0, "c1", "Ana Silva", "ana@example.com");
	put_customer(fx->store, 1, "c9", "Ana S.", "ANA@example.com");
	put_customer(fx->store, 0, "c2", "Bo Chen", "bo@example.com");
	put_ticket(fx->store, 0, "1001", "Printer on fire", "c1", now - 60);
	put_ticket(fx->store, 0, "1002",
	    "\xe6\xb3\xa8\xe6\x96\x87\xe3\x81\x8c\xe3\x81\xbe\xe3\x81\xa0 "
	    "order late", "c2", now - 120);
	put_ticket(fx->store, 1, "77", "\xf0\x9f\x8e\x89 launch day party",
	    "c9", now - 180);
	put_ticket(fx->store, 0, "1003",
	    "\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8"
	    "\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8"
	    "\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8"
	    "\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8\xe6\xb3\xa8"
	    " and a long tail of ASCII words that cannot fit", "c2", now - 240);
	put_note(fx->store, 0, "1001", "n1", "We are on it.", true, now - 50);
	put_note(fx->store, 0, "1001", "n2", "Customer is VIP, be nice.",
	    false, now - 40);

	fx->theme = theme_builtin();
	theme_apply(fx->theme, false);
	fx->tui = tui_new(NULL, fx->store, fx->theme, true);
	tui_resize(fx->tui, COLS_T, LINES_T);
	*state = fx;
	return (0);
}

/* Tear the fixture down. */
static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	tui_free(&fx->tui);
	endwin();
	delscreen(fx->scr);
	fclose(fx->out);
	fclose(fx->in);
	theme_free(&fx->theme);
	store_free(&fx->store);
	free(fx);
	return (0);
}

/*
 * Row y of the virtual screen as UTF-8, one character per cell, with a
 * wide character's second cell left out (so byte offsets differ but the
 * text reads as on screen).  cols[i] gets the screen column of the i-th
 * byte's character.
 */
static void
screen_row(int y, char *out, size_t len, int *cols)
{
	cchar_t		 cc;
	wchar_t		 wch[CCHARW_MAX + 1];
	attr_t		 attr;
	short		 pair;
	int		 x, k, w;
	size_t		 n = 0, m;
	char		 mb[16];
	mbstate_t	 ps;

	for (x = 0; x < COLS && n + 16 < len; x += (w > 1 ? w : 1)) {
		if (mvwin_wch(stdscr, y, x, &cc) == ERR)
			break;
		getcchar(&cc, wch, &attr, &pair, NULL);
		w = wcwidth(wch[0]);
		for (k = 0; wch[k] != L'\0' && k < CCHARW_MAX; k++) {
			memset(&ps, 0, sizeof ps);
			m = wcrtomb(mb, wch[k], &ps);
			if (m == (size_t)-1 || n + m >= len)
				break;
			memcpy(out + n, mb, m);
			for (; m > 0; m--)
				cols[n++] = x;
		}
	}
	out[n] = '\0';
}

/* The screen column where needle starts on row y, or -1. */
static int
column_of(int y, const char *needle)
{
	char	 row[2048], *p;
	int	 cols[2048];

	screen_row(y, row, sizeof row, cols);
	p = strstr(row, needle);
	if (p == NULL)
		return (-1);
	return (cols[p - row]);
}

/* The first row holding needle, or -1. */
static int
row_of(const char *needle)
{
	int	y;

	for (y = 0; y < LINES; y++) {
		if (column_of(y, needle) >= 0)
			return (y);
	}
	return (-1);
}

/*
 * The list shows account:id references, and the columns after a CJK or
 * emoji subject line up with those after an ASCII one.
 */
static void
test_frame_list(void **state)
{
	struct fixture	*fx = *state;
	int		 y1, y2, y3, y4, cx, sx;

	tui_draw(fx->tui);
	y1 = row_of("acme:1001");
	y2 = row_of("acme:1002");
	y3 = row_of("globex:77");
	y4 = row_of("acme:1003");
	assert_true(y1 > 0 && y2 > 0 && y3 > 0 && y4 > 0);
	cx = column_of(y1, "Ana Silva");
	assert_int_equal(cx, column_of(y3, "Ana S."));
	assert_int_equal(cx, column_of(y2, "Bo Chen"));
	assert_int_equal(cx, column_of(y4, "Bo Chen"));
	assert_int_equal(column_of(y1, "open"), column_of(y2, "open"));
	/* Wide subjects are whole when they fit... */
	sx = column_of(y1, "Printer on fire");
	assert_int_equal(column_of(y2, "\xe6\xb3\xa8\xe6\x96\x87\xe3\x81"
	    "\x8c\xe3\x81\xbe\xe3\x81\xa0 order late"), sx);
	assert_int_equal(column_of(y3, "\xf0\x9f\x8e\x89 launch day party"), sx);
	/* ...and clipped with an ellipsis before the next column if not. */
	assert_int_equal(column_of(y4, "\xe6\xb3\xa8\xe6\xb3\xa8"), sx);
	assert_true(column_of(y4, "\xe2\x80\xa6") > sx);
	assert_true(column_of(y4, "\xe2\x80\xa6") < cx - 1);
	assert_int_equal(column_of(y4, "\xe2\x80\xa6 "), column_of(y4,
	    "\xe2\x80\xa6"));
	assert_true(row_of("Inbox 4/4") == 0);
}

/* Enter opens the thread: description, notes, "[internal]", customer. */
static void
test_frame_thread(void **state)
{
	struct fixture	*fx = *state;
	int		 y, yi;

	tui_select(fx->tui, 0);
	tui_key(fx->tui, '\n', false);
	tui_draw(fx->tui);
	assert_true(row_of("Thread acme:1001") > 0);
	assert_true(row_of("It broke.") > 0);
	y = row_of("We are on it.");
	yi = row_of("[internal]");
	assert_true(y > 0);
	assert_true(yi > y);
	assert_true(row_of("Customer is VIP") > yi);
	assert_true(row_of("ana@example.com (WORK)") > 0);
	/* The same person's ticket in the other account. */
	assert_true(row_of("globex:77") > 0);
	assert_true(row_of("Other tickets (1)") > 0);
}

/* p, k, Enter: the picked priority shows at once, marked pending. */
static void
test_frame_pending(void **state)
{
	struct fixture	*fx = *state;
	int		 y;

	tui_select(fx->tui, 0);
	tui_key(fx->tui, 'p', false);
	assert_int_equal(fx->tui->mode, TUI_MODE_PICKER);
	tui_draw(fx->tui);
	assert_true(row_of("urgent") > 0);
	tui_key(fx->tui, 'j', false);			/* normal -> high */
	tui_key(fx->tui, '\r', false);
	assert_int_equal(fx->tui->mode, TUI_MODE_NORMAL);
	assert_int_equal(store_ticket_pending(fx->store, 0, "1001"),
	    TIX_PATCH_PRIORITY);
	tui_draw(fx->tui);
	y = row_of("acme:1001");
	assert_true(column_of(y, "high\xe2\x80\xa6") > 0);
}

/*
 * At "terminal too small" keys do nothing the agent cannot see: no
 * picker opens, no field changes; q still answers.
 */
static void
test_frame_tiny(void **state)
{
	struct fixture	*fx = *state;
	const char	*s;

	tui_select(fx->tui, 0);
	tui_resize(fx->tui, 20, 4);
	tui_draw(fx->tui);
	assert_int_equal(row_of("terminal too small"), 0);
	for (s = "spcatirj\n/"; *s != '\0'; s++)
		assert_int_equal(tui_key(fx->tui, *s, false), 0);
	assert_int_equal(fx->tui->mode, TUI_MODE_NORMAL);
	assert_int_equal(store_ticket_pending(fx->store, 0, "1001"), 0);
	assert_int_equal(tui_key(fx->tui, KEY_DOWN, true), 0);
	/* q, offered on the notice, still closes a picker opened before. */
	tui_resize(fx->tui, COLS_T, LINES_T);
	tui_key(fx->tui, 'p', false);
	assert_int_equal(fx->tui->mode, TUI_MODE_PICKER);
	tui_resize(fx->tui, 20, 4);
	tui_key(fx->tui, 'j', false);
	assert_int_equal(fx->tui->mode, TUI_MODE_PICKER);
	tui_key(fx->tui, 'q', false);
	assert_int_equal(fx->tui->mode, TUI_MODE_NORMAL);
	assert_int_equal(store_ticket_pending(fx->store, 0, "1001"), 0);
	tui_resize(fx->tui, COLS_T, LINES_T);
}

/* / opens the filter line; a bad filter leaves a message. */
static void
test_frame_filter(void **state)
{
	struct fixture	*fx = *state;
	const char	*s;

	tui_key(fx->tui, '/', false);
	for (s = "printer"; *s != '\0'; s++)
		tui_key(fx->tui, *s, false);
	tui_draw(fx->tui);
	assert_int_equal(row_of("Filter: printer"), LINES_T - 1);
	tui_key(fx->tui, '\r', false);
	assert_int_equal(view_count(fx->tui->view), 1);
	tui_draw(fx->tui);
	assert_true(row_of("Inbox 1/4") == 0);

	tui_key(fx->tui, '/', false);
	tui_key(fx->tui, 'u' & 0x1f, false);
	for (s = "bogus:key"; *s != '\0'; s++)
		tui_key(fx->tui, *s, false);
	tui_key(fx->tui, '\r', false);
	assert_true(fx->tui->message_error);
	assert_int_equal(view_count(fx->tui->view), 1);

	tui_key(fx->tui, '/', false);
	tui_key(fx->tui, 'u' & 0x1f, false);
	tui_key(fx->tui, '\r', false);
	assert_int_equal(view_count(fx->tui->view), 4);
}

/* ? shows every command of the keymap; q closes it. */
static void
test_frame_help(void **state)
{
	struct fixture			*fx = *state;
	const struct keymap_entry	*v;
	size_t				 n, i;

	tui_key(fx->tui, '?', false);
	assert_int_equal(fx->tui->mode, TUI_MODE_HELP);
	tui_draw(fx->tui);
	v = keymap_entries(&n);
	for (i = 0; i < n; i++) {
		if (v[i].help != NULL && row_of(v[i].help) < 0)
			fail_msg("help misses \"%s\"", v[i].help);
	}
	tui_key(fx->tui, 'q', false);
	assert_int_equal(fx->tui->mode, TUI_MODE_NORMAL);
}

/* Small and resized terminals draw without crashing; tiny ones say so. */
static void
test_frame_sizes(void **state)
{
	struct fixture	*fx = *state;
	int		 c, l;

	for (c = 1; c <= 170; c += 13) {
		for (l = 1; l <= 50; l += 7) {
			resizeterm(l, c);
			tui_resize(fx->tui, COLS, LINES);
			tui_draw(fx->tui);
		}
	}
	resizeterm(10, 20);
	tui_resize(fx->tui, COLS, LINES);
	tui_draw(fx->tui);
	assert_int_equal(row_of("terminal too small"), 0);
	resizeterm(LINES_T, COLS_T);
	tui_resize(fx->tui, COLS, LINES);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_theme_errors),
		cmocka_unit_test(test_theme_builtin_matches_file),
		cmocka_unit_test(test_theme_search),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_lineedit),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_editor),
		cmocka_unit_test_setup_teardown(test_frame_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_frame_thread, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_frame_pending, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_frame_tiny, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_frame_filter, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_frame_help, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_frame_sizes, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
