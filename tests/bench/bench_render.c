/*
 * Benchmark: drawing the interface over a large inbox.  A store gets
 * 100,000 synthetic tickets over 3 accounts (with 20,000 customers,
 * agents, categories, and a 40-note thread on the open ticket); curses
 * runs on a fake 160x48 xterm-256color whose output goes to /dev/null.
 * Timed, 200 times each: a full-screen render of the list, thread and
 * customer panes (tui_draw, then doupdate with the whole screen
 * repainted), an ordinary frame (only changed cells sent), and a scroll
 * step (j, then a frame).
 *
 * Figures go to stdout as "name: value unit".  Not a test: it asserts
 * nothing and is never run by make check.
 */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/actions.h"
#include "tui/curses.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/model.h"
#include "core/store.h"
#include "core/xmalloc.h"
#include "tests/bench/bench.h"

#define BENCH_ACCOUNTS	3
#define BENCH_TICKETS	100000
#define BENCH_CUSTOMERS	20000
#define BENCH_AGENTS	30
#define BENCH_CATS	20
#define BENCH_NOTES	40
#define BENCH_RUNS	200
#define BENCH_COLS	160
#define BENCH_LINES	48

static const char *const bench_words[] = {
	"printer", "invoice", "refund", "login", "password", "reset",
	"account", "billing", "shipping", "order", "delayed", "broken",
	"cannot", "access", "error", "page", "mobile", "app", "crash",
	"subscription", "cancel", "upgrade", "plan", "charge", "twice",
	"missing", "item", "package", "address", "change", "email",
	"注文", "配達", "🎉", "café", "naïve", "über", "straße",
};
#define BENCH_NWORDS	(sizeof bench_words / sizeof bench_words[0])


/* Words up to about len bytes, with some newlines when lines is set. */
static char *
bench_text(size_t len, bool lines)
{
	char		*s = xmalloc(len + 32);
	const char	*w;
	size_t		 n = 0, wl;

	while (n < len) {
		w = bench_words[bench_rand() % BENCH_NWORDS];
		wl = strlen(w);
		if (n != 0)
			s[n++] = (lines && bench_rand() % 12 == 0) ? '\n' : ' ';
		memcpy(s + n, w, wl);
		n += wl;
	}
	s[n] = '\0';
	return (s);
}

/* Fill the store: agents, categories, customers, tickets. */
static void
bench_fill(struct store *s)
{
	struct record	*r;
	unsigned	 a, i;
	char		 name[32];

	for (a = 0; a < BENCH_ACCOUNTS; a++) {
		xsnprintf(name, sizeof name, "%s",
		    a == 0 ? "acme" : a == 1 ? "globex" : "initech");
		store_add_account(s, a, name);
		for (i = 0; i < BENCH_AGENTS; i++) {
			r = record_new(TIX_KIND_AGENT, a);
			r->u.agent.id = xasprintf("%u", 900 + i);
			r->u.agent.name = xasprintf("Agent %u", i);
			r->u.agent.is_me = (i == 0);
			store_put(s, r);
		}
		for (i = 0; i < BENCH_CATS; i++) {
			r = record_new(TIX_KIND_CATEGORY, a);
			r->u.category.id = xasprintf("%u", 700 + i);
			r->u.category.name = xasprintf("Category %u", i);
			r->u.category.is_active = true;
			store_put(s, r);
		}
	}
	for (i = 0; i < BENCH_CUSTOMERS; i++) {
		r = record_new(TIX_KIND_CUSTOMER, i % BENCH_ACCOUNTS);
		r->u.customer.id = xasprintf("%u", 500000 + i);
		r->u.customer.name = xasprintf("Customer %u %s", i,
		    bench_words[bench_rand() % BENCH_NWORDS]);
		r->u.customer.nemails = 1;
		r->u.customer.emails = xcalloc(1, sizeof (struct contact_point));
		r->u.customer.emails[0].value = xasprintf("p%u@example.com",
		    i % 5000);
		r->u.customer.emails[0].type = xstrdup("WORK");
		store_put(s, r);
	}
	for (i = 0; i < BENCH_TICKETS; i++) {
		a = i % BENCH_ACCOUNTS;
		r = record_new(TIX_KIND_TICKET, a);
		r->u.ticket.id = xasprintf("%u", 100000 + i / BENCH_ACCOUNTS);
		r->u.ticket.subject = bench_text(55, false);
		r->u.ticket.description = bench_text(600, true);
		r->u.ticket.status = (bench_rand() % 5 == 0) ?
		    TIX_STATUS_CLOSED : TIX_STATUS_ACTIVE;
		r->u.ticket.priority =
		    (enum tix_priority)(bench_rand() % TIX_PRIORITY_COUNT);
		r->u.ticket.customer_id = xasprintf("%u", 500000 +
		    (bench_rand() % (BENCH_CUSTOMERS / BENCH_ACCOUNTS)) *
		    BENCH_ACCOUNTS + a);
		if (bench_rand() % 4 != 0)
			r->u.ticket.user_id = xasprintf("%u", 900 +
			    bench_rand() % BENCH_AGENTS);
		r->u.ticket.category_id = xasprintf("%u", 700 +
		    bench_rand() % BENCH_CATS);
		strv_add(&r->u.ticket.tags, "vip");
		r->u.ticket.created_at = 1700000000 +
		    (int64_t)(bench_rand() % 30000000);
		r->u.ticket.updated_at = r->u.ticket.created_at +
		    (int64_t)(bench_rand() % 1000000);
		store_put(s, r);
	}
}

/* Give a ticket a long thread. */
static void
bench_thread(struct store *s, const struct record *tk)
{
	struct record	*r;
	unsigned	 i;

	for (i = 0; i < BENCH_NOTES; i++) {
		r = record_new(TIX_KIND_NOTE, tk->account);
		r->u.note.id = xasprintf("n%u", i);
		r->u.note.ticket_id = xstrdup(tk->u.ticket.id);
		if (i % 2 == 0)
			r->u.note.customer_id = xstrdup(tk->u.ticket.customer_id);
		else
			r->u.note.user_id = xstrdup("900");
		r->u.note.description = bench_text(400, true);
		r->u.note.is_public = (i % 3 != 0);
		r->u.note.created_at = tk->u.ticket.created_at + i * 60;
		r->u.note.updated_at = r->u.note.created_at;
		store_put(s, r);
	}
}

/* qsort: ascending. */
static int
bench_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return ((x > y) - (x < y));
}

/* Print the median and p99 of n samples (sorted in place). */
static void
bench_report(const char *name, int64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, bench_cmp);
	printf("%s_median: %.1f us\n", name, (double)v[n / 2] / 1e3);
	printf("%s_p99: %.1f us\n", name, (double)v[n * 99 / 100] / 1e3);
}

int
main(void)
{
	struct store		*s;
	struct theme		*th;
	struct tui		*t;
	const struct record	*r;
	SCREEN			*scr;
	FILE			*out, *in;
	int64_t			 t0, lat[BENCH_RUNS];
	size_t			 i;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		fprintf(stderr, "bench_render: no UTF-8 locale\n");
		return (1);
	}
	bench_seed(0x7e11de4d5eedULL);
	s = store_new();
	t0 = bench_now();
	bench_fill(s);
	printf("tickets: %zu records\n", store_count(s, TIX_KIND_TICKET));
	printf("fill: %.1f ms\n", (double)(bench_now() - t0) / 1e6);

	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (out == NULL || in == NULL) {
		fprintf(stderr, "bench_render: cannot open /dev/null\n");
		return (1);
	}
	scr = newterm("xterm-256color", out, in);
	if (scr == NULL) {
		fprintf(stderr, "bench_render: no xterm-256color terminfo\n");
		return (1);
	}
	set_term(scr);
	resizeterm(BENCH_LINES, BENCH_COLS);
	th = theme_builtin();
	theme_apply(th, true);

	t = tui_new(NULL, s, th, true);
	tui_resize(t, BENCH_COLS, BENCH_LINES);
	r = view_at(t->view, 0);
	bench_thread(s, r);
	tui_open(t, r->account, r->u.ticket.id);
	printf("screen: %dx%d\n", COLS, LINES);

	/* Everything repainted: the worst case, as after ^L or a resize. */
	for (i = 0; i < BENCH_RUNS; i++) {
		t0 = bench_now();
		tui_draw(t);
		clearok(curscr, TRUE);
		wnoutrefresh(stdscr);
		doupdate();
		lat[i] = bench_now() - t0;
	}
	bench_report("render_full", lat, BENCH_RUNS);

	/* An ordinary frame: draw all, send what changed (nothing). */
	for (i = 0; i < BENCH_RUNS; i++) {
		t0 = bench_now();
		tui_draw(t);
		wnoutrefresh(stdscr);
		doupdate();
		lat[i] = bench_now() - t0;
	}
	bench_report("render_frame", lat, BENCH_RUNS);

	/* One step down the list, then the frame. */
	for (i = 0; i < BENCH_RUNS; i++) {
		t0 = bench_now();
		action_down(t);
		tui_draw(t);
		wnoutrefresh(stdscr);
		doupdate();
		lat[i] = bench_now() - t0;
	}
	bench_report("scroll_step", lat, BENCH_RUNS);

	/* A page down the list, then the frame. */
	for (i = 0; i < BENCH_RUNS; i++) {
		t0 = bench_now();
		action_page_down(t);
		tui_draw(t);
		wnoutrefresh(stdscr);
		doupdate();
		lat[i] = bench_now() - t0;
	}
	bench_report("page_step", lat, BENCH_RUNS);

	tui_free(&t);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	theme_free(&th);
	store_free(&s);
	return (0);
}
