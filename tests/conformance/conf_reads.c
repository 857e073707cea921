/*
 * Conformance behaviours: reading.  Pages and their boundaries, empty
 * answers, the first load of every kind, polls with a watermark,
 * deletions, closed times, hostile text and a 10,000-ticket account.
 * Counts and ids are compared with the emulator's admin view; the
 * numbers of agents, groups and customers are the emulator's data set
 * (tests/emulators/README.md).
 */

#include "config.h"

#include "tests/conformance/conformance.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <cJSON.h>

#include "core/buf.h"
#include "core/store.h"
#include "core/text.h"
#include "core/xmalloc.h"

#define DAY	86400

/* Pages a full walk takes with pages of at most max. */
static size_t
pages_for(size_t n, size_t max)
{
	return n == 0 ? 1 : (n + max - 1) / max;
}

/* A full list of an account of n tickets: pages, requests, watermark. */
static void
check_count(struct conf_case *c, size_t n)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	char			 num[24];
	const char		*args[] = { "--tickets", num, NULL };
	double			 before;
	int64_t			 newest;

	xsnprintf(num, sizeof num, "%zu", n);
	e = conf_start(c, args);
	before = conf_stat(e, "api_requests", NULL);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 0, &l);
	/* One request per page: no page asked twice, none wasted. */
	assert_int_equal(conf_stat(e, "api_requests", NULL) - before,
	    (double)l.pages);
	assert_int_equal(l.pages, pages_for(n, c->row->page_max));
	conf_assert_all_tickets(e, &l, false, true);
	assert_int_equal(l.nremoved, 0);
	if (n > 0 && c->row->watermark) {
		newest = conf_newest(&l);
		assert_true(l.watermark >= newest);
		assert_true(l.watermark <= (int64_t)time(NULL) + 1);
	}
	conf_listing_done(&l);
	conf_emu_stop(c, e);
}

void
conf_pages(struct conf_case *c)
{
	size_t	max = c->row->page_max;

	check_count(c, 0);
	check_count(c, 1);
	check_count(c, max);
	check_count(c, max + 1);
	check_count(c, 2 * max + max / 2);
}

/* A page size hint: under the cap it is used, over it the cap is. */
void
conf_page_size(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	size_t			 max = c->row->page_max, n = 2 * max + 1;
	const struct {
		size_t	hint;
		size_t	pages;
	} hints[] = {
		{ .hint = (n + 2) / 3, .pages = 3 },	/* no empty fourth */
		{ .hint = max, .pages = 3 },
		{ .hint = 5 * max, .pages = 3 },
	};
	char			 num[24];
	const char		*args[] = { "--tickets", num, NULL };

	xsnprintf(num, sizeof num, "%zu", n);
	e = conf_start(c, args);
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, hints[i].hint, &l);
		assert_int_equal(l.pages, hints[i].pages);
		conf_assert_all_tickets(e, &l, false, false);
		conf_listing_done(&l);
	}
	/* Customers too. */
	conf_list_ok(e, TIX_KIND_CUSTOMER, 0, NULL, 10, &l);
	assert_int_equal(l.n, conf_customers_for(n));
	assert_int_equal(conf_distinct(&l), l.n);
	assert_int_equal(l.pages, pages_for(l.n, 10));
	conf_listing_done(&l);
	conf_emu_stop(c, e);
}

/*
 * A list that must be one empty page, with nothing removed either (and
 * on a platform whose polls end with the deleted tickets, that page).
 */
static void
assert_empty_list(struct conf_case *c, struct conf_emu *e, enum tix_kind kind,
    int64_t since)
{
	struct conf_listing	l;
	size_t			pages = 1;

	if (kind == TIX_KIND_TICKET && since > 0 && c->row->deleted_walk)
		pages++;
	conf_list_ok(e, kind, since, NULL, 0, &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.nremoved, 0);
	assert_int_equal(l.pages, pages);
	conf_listing_done(&l);
}

/* Nothing to list is one empty page, not an error or a loop. */
void
conf_empty(struct conf_case *c)
{
	struct conf_emu	*e;
	const char	*none[] = { "--tickets", "0", NULL };
	const char	*some[] = { "--tickets", "30", NULL };
	int64_t		 tomorrow = (int64_t)time(NULL) + DAY;

	e = conf_start(c, none);
	assert_empty_list(c, e, TIX_KIND_TICKET, 0);
	assert_empty_list(c, e, TIX_KIND_TICKET, tomorrow);
	conf_emu_stop(c, e);

	/* Nothing changed since tomorrow. */
	e = conf_start(c, some);
	assert_empty_list(c, e, TIX_KIND_TICKET, tomorrow);
	assert_empty_list(c, e, TIX_KIND_CUSTOMER, tomorrow);
	conf_emu_stop(c, e);
}

/*
 * The first load: every ticket with what the inbox shows (old ones too:
 * Freshdesk alone shows 30 days), the customers, the agents with exactly
 * one "me", the categories.
 */
void
conf_first_load(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	struct record		*r = NULL;
	const struct ticket	*t;
	const char		*args[] = { "--tickets", "250", "--seed", "7",
				    NULL };
	char			*cause = NULL;
	size_t			 old = 0, me = 0, named = 0;
	int64_t			 month = (int64_t)time(NULL) - 30 * DAY;

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 0, &l);
	conf_assert_all_tickets(e, &l, false, false);
	for (size_t i = 0; i < l.n; i++) {
		t = &l.r[i]->u.ticket;
		if (t->created_at < month)
			old++;
		assert_non_null(t->subject);
		assert_non_null(t->status_raw);
		assert_non_null(t->customer_id);
		assert_non_null(t->description);
		assert_true(t->created_at > 0);
		assert_true(t->updated_at >= t->created_at);
	}
	assert_true(old > 50);
	conf_listing_done(&l);

	conf_list_ok(e, TIX_KIND_CUSTOMER, 0, NULL, 0, &l);
	assert_int_equal(l.n, conf_customers_for(250));
	assert_int_equal(conf_distinct(&l), l.n);
	for (size_t i = 0; i < l.n; i++)
		assert_true(l.r[i]->u.customer.nemails >= 1);
	if (e->account.ops->get(&e->account, TIX_KIND_CUSTOMER,
	    record_id(l.r[0]), &r, &cause) != TIX_OK)
		fail_msg("get customer %s: %s", record_id(l.r[0]), cause);
	assert_string_equal(r->u.customer.id, l.r[0]->u.customer.id);
	assert_string_equal(r->u.customer.emails[0].value,
	    l.r[0]->u.customer.emails[0].value);
	record_free(&r);
	conf_listing_done(&l);

	conf_list_ok(e, TIX_KIND_AGENT, 0, NULL, 0, &l);
	assert_int_equal(l.n, 5);
	for (size_t i = 0; i < l.n; i++) {
		assert_non_null(l.r[i]->u.agent.name);
		if (!l.r[i]->u.agent.is_me)
			continue;
		me++;
		assert_non_null(l.r[i]->u.agent.email);
		if (c->row->me_email != NULL)
			assert_string_equal(l.r[i]->u.agent.email,
			    c->row->me_email);
	}
	assert_int_equal(me, 1);
	conf_listing_done(&l);

	conf_list_ok(e, TIX_KIND_CATEGORY, 0, NULL, 0, &l);
	assert_int_equal(l.n, 5);
	assert_int_equal(conf_distinct(&l), 5);
	for (size_t i = 0; i < l.n; i++) {
		assert_non_null(l.r[i]->u.category.name);
		named += strcmp(l.r[i]->u.category.name,
		    c->row->category_named) == 0;
	}
	assert_int_equal(named, 1);
	conf_listing_done(&l);
	conf_emu_stop(c, e);
}

/* A ticket that is not there, and an id that is not one. */
void
conf_get_missing(struct conf_case *c)
{
	struct conf_emu	*e;
	struct record	*r = NULL;
	char		*cause = NULL;
	const char	*args[] = { "--tickets", "10", NULL };

	e = conf_start(c, args);
	assert_int_equal(e->account.ops->get(&e->account, TIX_KIND_TICKET,
	    "999999", &r, &cause), TIX_ERR_NOT_FOUND);
	assert_null(r);
	conf_assert_one_line(cause);
	conf_assert_says(cause, c->row->not_found_says, CONF_MAX_WORDS);
	xfree(&cause);
	/*
	 * Never sent as a path: an id that is not the platform's shape is
	 * a ticket that cannot exist (providers/rest.h).
	 */
	assert_int_equal(e->account.ops->get(&e->account, TIX_KIND_TICKET,
	    "../users/me", &r, &cause), TIX_ERR_NOT_FOUND);
	assert_null(r);
	conf_assert_one_line(cause);
	xfree(&cause);
	conf_emu_stop(c, e);
}

/*
 * Another agent changes a ticket and adds a note: the next list since
 * the watermark has the change (and not every ticket again), and the
 * ticket's notes have the note.  As an admin and as a plain agent (on
 * Zendesk the export is for admins: the poll falls back).
 */
static void
check_incremental(struct conf_case *c, const char *role)
{
	struct conf_emu		*e;
	struct conf_listing	 all, delta, agents;
	const struct record	*r, *n;
	const char		*args[] = { "--tickets", "150", "--me-role",
				    role, NULL };
	const char		*id = NULL;
	cJSON			*j;
	int64_t			 since, before;

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_AGENT, 0, NULL, 0, &agents);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 0, &all);
	since = conf_since(&all);
	assert_true(since > 0);
	for (size_t i = 0; i < all.n && id == NULL; i++) {
		if (all.r[i]->u.ticket.priority != TIX_PRIORITY_URGENT)
			id = all.r[i]->u.ticket.id;
	}
	assert_non_null(id);
	before = conf_find(&all, id)->u.ticket.updated_at;

	j = conf_admin_ok(e, "POST", c->row->admin_urgent, "/__emu/tickets/%s",
	    id);
	cJSON_Delete(j);
	j = conf_admin_ok(e, "POST", "{\"body\":\"Checked the logs\"}",
	    "/__emu/tickets/%s/notes", id);
	cJSON_Delete(j);

	j = conf_admin(e, "DELETE", "/__emu/stats", NULL, NULL);
	cJSON_Delete(j);
	conf_list_ok(e, TIX_KIND_TICKET, since, NULL, 0, &delta);
	if (strcmp(role, "admin") == 0 && conf_stat(e, "requests",
	    c->row->poll_request, NULL) < 1)
		fail_msg("the poll did not use %s", c->row->poll_request);
	assert_true(delta.n >= 1);
	assert_true(delta.n < all.n);
	r = conf_find(&delta, id);
	assert_non_null(r);
	assert_int_equal(r->u.ticket.priority, TIX_PRIORITY_URGENT);
	assert_string_equal(r->u.ticket.priority_raw, c->row->raw_urgent);
	assert_int_equal(r->u.ticket.tags.n, 1);
	assert_string_equal(r->u.ticket.tags.v[0], "changed-elsewhere");
	assert_true(r->u.ticket.updated_at > before);
	assert_true(conf_since(&delta) >= since);
	conf_listing_done(&delta);

	conf_list_ok(e, TIX_KIND_NOTE, 0, id, 0, &delta);
	assert_true(delta.n >= 1);
	n = delta.r[delta.n - 1];
	assert_string_equal(n->u.note.description, "Checked the logs");
	assert_string_equal(n->u.note.ticket_id, id);
	assert_false(n->u.note.is_public);
	assert_null(n->u.note.customer_id);
	assert_non_null(n->u.note.user_id);
	assert_string_not_equal(n->u.note.user_id, conf_agent(&agents, true));
	conf_listing_done(&delta);

	/* Customers poll too. */
	conf_list_ok(e, TIX_KIND_CUSTOMER, since, NULL, 0, &delta);
	conf_listing_done(&delta);
	conf_listing_done(&all);
	conf_listing_done(&agents);
	conf_emu_stop(c, e);
}

void
conf_incremental(struct conf_case *c)
{
	check_incremental(c, "admin");
	check_incremental(c, "agent");
}

/*
 * A ticket deleted on the platform: get() says it is gone, it does not
 * come back in the next poll as a ticket, and where the platform lists
 * deletions the poll names it in page.removed.
 */
void
conf_deletions(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 all, delta;
	struct record		*r = NULL;
	char			*cause = NULL, id[24];
	const char		*args[] = { "--tickets", "60", NULL };
	cJSON			*j;
	int64_t			 since;
	bool			 removed;

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 0, &all);
	since = conf_since(&all);
	xsnprintf(id, sizeof id, "%s", conf_pick_active(&all, 3));
	conf_listing_done(&all);
	j = conf_admin_ok(e, "DELETE", NULL, "/__emu/tickets/%s", id);
	cJSON_Delete(j);
	j = conf_admin_ok(e, "GET", NULL, "/__emu/tickets/%s", id);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j,
	    "deleted")));
	cJSON_Delete(j);

	assert_int_equal(e->account.ops->get(&e->account, TIX_KIND_TICKET,
	    id, &r, &cause), TIX_ERR_NOT_FOUND);
	assert_null(r);
	conf_assert_one_line(cause);
	xfree(&cause);

	conf_list_ok(e, TIX_KIND_TICKET, since, NULL, 0, &delta);
	assert_null(conf_find(&delta, id));
	removed = conf_removed_has(&delta, id);
	conf_listing_done(&delta);
	if (!c->row->deletions_listed) {
		conf_emu_stop(c, e);
		return;
	}
	assert_true(removed);
	conf_emu_stop(c, e);
}

/* closed_at is set on closed tickets (where the platform has it) only. */
static void
assert_closed_at(const struct conf_row *row, const struct ticket *t)
{
	if (t->status == TIX_STATUS_ACTIVE) {
		assert_int_equal(t->closed_at, 0);
		return;
	}
	if (!row->closed_at)
		return;
	if (t->closed_at == 0)
		fail_msg("closed ticket %s has no closed_at", t->id);
	assert_true(t->closed_at >= t->created_at);
	assert_true(t->closed_at <= t->updated_at);
}

void
conf_closed_at(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	struct record		*r;
	struct patch		 p;
	const char		*args[] = { "--tickets", "120", NULL };
	char			 id[24];
	size_t			 closed = 0;

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 0, &l);
	for (size_t i = 0; i < l.n; i++) {
		assert_closed_at(c->row, &l.r[i]->u.ticket);
		closed += l.r[i]->u.ticket.status == TIX_STATUS_CLOSED;
	}
	assert_true(closed > 0);
	xsnprintf(id, sizeof id, "%s", conf_pick_active(&l, 0));
	conf_listing_done(&l);

	/* Closed through tix: the copy handed back and a re-fetch. */
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_STATUS;
	p.status = TIX_STATUS_CLOSED;
	r = conf_update_ok(e, id, &p);
	assert_int_equal(r->u.ticket.status, TIX_STATUS_CLOSED);
	assert_closed_at(c->row, &r->u.ticket);
	record_free(&r);
	r = conf_get_ticket(e, id);
	assert_int_equal(r->u.ticket.status, TIX_STATUS_CLOSED);
	assert_closed_at(c->row, &r->u.ticket);
	record_free(&r);
	/* Reopened: no closed_at. */
	p.status = TIX_STATUS_ACTIVE;
	r = conf_update_ok(e, id, &p);
	assert_closed_at(c->row, &r->u.ticket);
	record_free(&r);
	r = conf_get_ticket(e, id);
	assert_int_equal(r->u.ticket.status, TIX_STATUS_ACTIVE);
	assert_closed_at(c->row, &r->u.ticket);
	record_free(&r);
	conf_emu_stop(c, e);
}

/* A string member of the admin view's ticket, or NULL. */
static char *
admin_ticket_string(struct conf_emu *e, const char *id, const char *member)
{
	cJSON		*j;
	const cJSON	*v;
	char		*s = NULL;

	j = conf_admin_ok(e, "GET", NULL, "/__emu/tickets/%s", id);
	v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    j, "ticket"), member);
	if (cJSON_IsString(v))
		s = xstrdup(v->valuestring);
	cJSON_Delete(j);
	return s;
}

/* Is every string of the record clean once the store has it? */
static void
assert_stored_clean(struct store *st, const struct record *r)
{
	const struct record	*s;

	store_put(st, record_dup(r));
	s = store_get(st, r->kind, r->account, record_id(r));
	assert_non_null(s);
	if (r->kind == TIX_KIND_TICKET) {
		assert_true(text_is_clean(s->u.ticket.subject,
		    strlen(s->u.ticket.subject), 0));
		assert_null(strchr(s->u.ticket.subject, '\x1b'));
		if (s->u.ticket.description != NULL)
			assert_true(text_is_clean(s->u.ticket.description,
			    strlen(s->u.ticket.description),
			    TEXT_MULTILINE));
	} else if (r->kind == TIX_KIND_CUSTOMER && s->u.customer.name !=
	    NULL) {
		assert_true(text_is_clean(s->u.customer.name,
		    strlen(s->u.customer.name), 0));
	}
}

/*
 * Hostile text (tests/emulators/README.md, --hostile) arrives raw,
 * byte for byte as the platform sent it, and is clean once the store
 * has it.  The 1 MB description and the 10,000-note thread arrive whole.
 */
void
conf_hostile(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	struct store		*st;
	struct record		*r;
	const char		*args[] = { "--tickets", "30", "--hostile",
				    NULL };
	char			*raw, id[8];

	e = conf_start(c, args);
	st = store_new();
	store_add_account(st, 1, c->row->name);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 0, &l);
	conf_assert_all_tickets(e, &l, false, false);
	for (int i = 1; i <= 5; i++) {
		xsnprintf(id, sizeof id, "%d", i);
		r = conf_find(&l, id);
		raw = admin_ticket_string(e, id, "subject");
		assert_non_null(raw);
		assert_string_equal(r->u.ticket.subject, raw);
		free(raw);
	}
	assert_non_null(strchr(conf_find(&l, "1")->u.ticket.subject, '\x1b'));
	r = conf_find(&l, "2");
	assert_false(text_is_clean(r->u.ticket.subject,
	    strlen(r->u.ticket.subject), 0));
	for (size_t i = 0; i < l.n; i++)
		assert_stored_clean(st, l.r[i]);
	conf_listing_done(&l);

	r = conf_get_ticket(e, "3");
	/* The huge description arrives, up to the one cap on a field. */
	assert_true(strlen(r->u.ticket.description) >= 512 * 1024);
	assert_true(strlen(r->u.ticket.description) <= 2 * TIX_MAX_FIELD);
	record_free(&r);

	/* Ticket 2's thread: every note, once. */
	conf_list_ok(e, TIX_KIND_NOTE, 0, "2", 0, &l);
	assert_int_equal(l.n, conf_admin_note_count(e, "2"));
	assert_true(l.n > 10000);
	assert_int_equal(conf_distinct(&l), l.n);
	conf_listing_done(&l);

	conf_list_ok(e, TIX_KIND_CUSTOMER, 0, NULL, 0, &l);
	assert_int_equal(l.n, conf_customers_for(30));
	for (size_t i = 0; i < l.n; i++)
		assert_stored_clean(st, l.r[i]);
	conf_listing_done(&l);
	store_free(&st);
	conf_emu_stop(c, e);
}

/* 10,000 tickets, all listed once, in full pages. */
void
conf_ten_thousand(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	const char		*args[] = { "--tickets", "10000", NULL };

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 0, &l);
	assert_int_equal(l.n, 10000);
	conf_assert_all_tickets(e, &l, false, false);
	assert_int_equal(l.pages, pages_for(l.n, c->row->page_max));
	conf_listing_done(&l);
	conf_emu_stop(c, e);
}

/*
 * Small pages: every ticket arrives.  Where the platform caps how many
 * pages a walk may take, the account is big enough to run into the cap
 * three times (10,000 tickets in pages of 10): the walk must move on past
 * it, and may get the tickets of the second it restarts from again.
 */
void
conf_page_window(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	size_t			 window = c->row->page_window;
	const char		*args[] = { "--tickets", window != 0 ?
				    "10000" : "1000", NULL };

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 10, &l);
	conf_assert_all_tickets(e, &l, window != 0, false);
	if (window != 0) {
		assert_true(l.pages > 3 * window);
		assert_true(l.pages > 1000);	/* restarts repeat a few */
	} else
		assert_int_equal(l.pages, 100);
	conf_listing_done(&l);
	conf_emu_stop(c, e);
}
