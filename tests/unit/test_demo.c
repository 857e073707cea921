/*
 * Unit tests for the demo provider (providers/demo.c, demo_data.c): what
 * tix --demo shows (three desks, their sizes, customers shared across
 * desks, threads, categories, agents, hostile text), that it behaves like
 * a platform (incremental lists, pages, writes, refusals, cancel) and
 * that its live activity does what it says, driven by a fixed clock.
 *
 * Latency and the clock-driven activity of the provider are turned off
 * through the environment before any account opens.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "providers/demo_data.h"
#include "providers/registry.h"

#define NACCOUNTS	3
#define FIXED_NOW	1800000000	/* 2027-01-15, for the data tests */
#define DAY		86400

static const char *const account_names[NACCOUNTS] = {
	"acme", "globex", "initech"
};

/* Records gathered from every page of a list. */
struct reclist {
	struct record	**v;
	size_t		  n;
};

/*
 * Open a demo account as the session would; the desk's seed comes from
 * the name (the demo's own accounts).
 */
static void
account_open(struct account *a, unsigned index, const char *name)
{
	char		*cause = NULL;
	enum tix_err	 err;

	memset(a, 0, sizeof *a);
	a->index = index;
	a->name = xstrdup(name);
	a->ops = &provider_demo;
	atomic_init(&a->cancel, false);
	err = a->ops->open(a, &cause);
	if (err != TIX_OK)
		fail_msg("open %s: %s", name, cause);
	assert_non_null(a->priv);
}

/* Close an account as the session would. */
static void
account_close(struct account *a)
{
	a->ops->close(a);
	assert_null(a->priv);
	free(a->name);
	a->name = NULL;
}

/* Free the records of a list. */
static void
reclist_free(struct reclist *l)
{
	for (size_t i = 0; i < l->n; i++)
		record_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* One list call through the provider (a) or the desk itself (ds). */
static enum tix_err
list_page(struct account *a, struct demo_state *ds, enum tix_kind kind,
    const struct query *q, struct page *pg, char **cause)
{
	if (a != NULL)
		return a->ops->list(a, kind, q, pg, cause);
	return demo_data_list(ds, kind, q, pg, cause);
}

/*
 * Every page of a list; *watermark (may be NULL) gets the last page's
 * watermark.
 */
static void
collect(struct account *a, struct demo_state *ds, enum tix_kind kind,
    int64_t since, const char *ticket_id, size_t limit, struct reclist *out,
    int64_t *watermark)
{
	struct query	 q;
	struct page	 pg;
	char		*cursor = NULL, *cause = NULL;
	enum tix_err	 err;
	size_t		 pages = 0;

	memset(out, 0, sizeof *out);
	for (;;) {
		memset(&q, 0, sizeof q);
		q.updated_since = since;
		q.ticket_id = ticket_id;
		q.cursor = cursor;
		q.limit = limit;
		memset(&pg, 0, sizeof pg);
		err = list_page(a, ds, kind, &q, &pg, &cause);
		if (err != TIX_OK)
			fail_msg("list %s: %s", tix_kind_name(kind), cause);
		if (limit != 0)
			assert_true(pg.n <= limit);
		for (size_t i = 0; i < pg.n; i++) {
			out->v = xreallocarray(out->v, out->n + 1,
			    sizeof *out->v);
			out->v[out->n++] = pg.records[i];
			pg.records[i] = NULL;
		}
		if (watermark != NULL && pg.n > 0)
			*watermark = pg.watermark;
		free(cursor);
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		pg.n = 0;
		page_done(&pg);
		if (cursor == NULL)
			break;
		assert_true(++pages < 10000);
	}
}

/* The record with an id in a list, or NULL. */
static const struct record *
reclist_find(const struct reclist *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(record_id(l->v[i]), id) == 0)
			return l->v[i];
	}
	return NULL;
}

/* The agent who is the user. */
static const struct record *
find_me(const struct reclist *agents)
{
	for (size_t i = 0; i < agents->n; i++) {
		if (agents->v[i]->u.agent.is_me)
			return agents->v[i];
	}
	return NULL;
}

/* Fetch a ticket that must exist. */
static struct record *
get_ticket(struct account *a, const char *id)
{
	struct record	*r = NULL;
	char		*cause = NULL;

	if (a->ops->get(a, TIX_KIND_TICKET, id, &r, &cause) != TIX_OK)
		fail_msg("get %s: %s", id, cause);
	return r;
}

/* No latency, no clock-driven activity: set before any open. */
static int
group_setup(void **state)
{
	(void)state;
	setenv("TIX_DEMO_LATENCY_MS", "0,0", 1);
	setenv("TIX_DEMO_ACTIVITY_S", "0", 1);
	return 0;
}

/* About 300 tickets and 120 customers over the three desks. */
static void
test_sizes(void **state)
{
	struct account	 a[NACCOUNTS];
	struct reclist	 l;
	size_t		 tickets = 0, customers = 0;

	(void)state;
	for (unsigned i = 0; i < NACCOUNTS; i++) {
		account_open(&a[i], i, account_names[i]);
		collect(&a[i], NULL, TIX_KIND_TICKET, 0, NULL, 0, &l, NULL);
		assert_in_range(l.n, 80, 120);
		for (size_t j = 0; j < l.n; j++)
			assert_int_equal(l.v[j]->account, i);
		tickets += l.n;
		reclist_free(&l);
		collect(&a[i], NULL, TIX_KIND_CUSTOMER, 0, NULL, 0, &l, NULL);
		assert_in_range(l.n, 30, 50);
		customers += l.n;
		reclist_free(&l);
	}
	assert_in_range(tickets, 270, 330);
	assert_in_range(customers, 100, 140);
	for (unsigned i = 0; i < NACCOUNTS; i++)
		account_close(&a[i]);
}

/*
 * Customers who wrote to several desks share an address, sometimes
 * spelt with other capitals: at least ten match across desks.
 */
static void
test_shared_customers(void **state)
{
	struct account		 a[NACCOUNTS];
	struct reclist		 l[NACCOUNTS];
	const struct customer	*c, *d;
	size_t			 shared = 0, case_differs = 0;
	char			*e1, *e2;

	(void)state;
	for (unsigned i = 0; i < NACCOUNTS; i++) {
		account_open(&a[i], i, account_names[i]);
		collect(&a[i], NULL, TIX_KIND_CUSTOMER, 0, NULL, 0, &l[i],
		    NULL);
	}
	/* Count the first desk's addresses also seen at another desk. */
	for (unsigned i = 0; i < NACCOUNTS; i++) {
		for (size_t j = 0; j < l[i].n; j++) {
			bool	 found = false;

			c = &l[i].v[j]->u.customer;
			assert_in_range(c->nemails, 1, 2);
			assert_in_range(c->ntelephones, 0, 2);
			e1 = tix_email_normalize(c->emails[0].value);
			for (unsigned k = i + 1; k < NACCOUNTS; k++) {
				for (size_t m = 0; m < l[k].n; m++) {
					d = &l[k].v[m]->u.customer;
					e2 = tix_email_normalize(
					    d->emails[0].value);
					if (strcmp(e1, e2) == 0) {
						found = true;
						if (strcmp(c->emails[0].value,
						    d->emails[0].value) != 0)
							case_differs++;
					}
					free(e2);
				}
			}
			if (found)
				shared++;
			free(e1);
		}
	}
	assert_true(shared >= 10);
	assert_true(case_differs >= 1);
	for (unsigned i = 0; i < NACCOUNTS; i++) {
		reclist_free(&l[i]);
		account_close(&a[i]);
	}
}

/*
 * Threads mix customer replies, agent replies and internal notes; each
 * has 1-8 notes after the ticket was opened, and the ticket's updated_at
 * is its last activity.
 */
static void
test_threads(void **state)
{
	struct account		 a;
	struct reclist		 tickets, notes;
	const struct ticket	*t;
	const struct note	*n;
	size_t			 from_customer = 0, from_agent = 0;
	size_t			 internal = 0;
	int64_t			 last;

	(void)state;
	account_open(&a, 0, "acme");
	collect(&a, NULL, TIX_KIND_TICKET, 0, NULL, 0, &tickets, NULL);
	for (size_t i = 0; i < tickets.n; i++) {
		t = &tickets.v[i]->u.ticket;
		collect(&a, NULL, TIX_KIND_NOTE, 0, t->id, 0, &notes, NULL);
		assert_in_range(notes.n, 1, 8);
		last = 0;
		for (size_t j = 0; j < notes.n; j++) {
			n = &notes.v[j]->u.note;
			assert_string_equal(n->ticket_id, t->id);
			assert_true(n->created_at >= t->created_at);
			assert_true(n->created_at >= last);
			last = n->created_at;
			/* Exactly one author. */
			assert_true((n->customer_id != NULL) !=
			    (n->user_id != NULL));
			if (!n->is_public) {
				assert_non_null(n->user_id);
				internal++;
			} else if (n->customer_id != NULL) {
				assert_string_equal(n->customer_id,
				    t->customer_id);
				from_customer++;
			} else
				from_agent++;
			assert_non_null(n->description);
			assert_true(*n->description != '\0');
		}
		assert_true(t->updated_at == last);
		reclist_free(&notes);
	}
	assert_true(from_customer > 50);
	assert_true(from_agent > 50);
	assert_true(internal > 20);
	reclist_free(&tickets);
	account_close(&a);
}

/* Ticket fields hang together and speak each desk's own language. */
static void
test_ticket_fields(void **state)
{
	static const char *const zendesk[] = {
		"new", "open", "pending", "hold", "solved", "closed", NULL
	};
	static const char *const freshdesk[] = {
		"Open", "Pending", "Resolved", "Closed", NULL
	};
	static const char *const jsm[] = {
		"Waiting for support", "In progress", "Waiting for customer",
		"Pending", "Resolved", "Closed", NULL
	};
	static const char *const *const statuses[NACCOUNTS] = {
		zendesk, freshdesk, jsm
	};
	struct account		 a;
	struct reclist		 tickets, customers, categories, agents;
	const struct ticket	*t;
	char			 prefix[64], *end;
	bool			 known;
	int64_t			 now = (int64_t)time(NULL);
	size_t			 closed = 0, active = 0;

	(void)state;
	for (unsigned i = 0; i < NACCOUNTS; i++) {
		account_open(&a, i, account_names[i]);
		collect(&a, NULL, TIX_KIND_TICKET, 0, NULL, 0, &tickets, NULL);
		collect(&a, NULL, TIX_KIND_CUSTOMER, 0, NULL, 0, &customers,
		    NULL);
		collect(&a, NULL, TIX_KIND_CATEGORY, 0, NULL, 0, &categories,
		    NULL);
		collect(&a, NULL, TIX_KIND_AGENT, 0, NULL, 0, &agents, NULL);
		xsnprintf(prefix, sizeof prefix, "https://%s.",
		    account_names[i]);
		for (size_t j = 0; j < tickets.n; j++) {
			t = &tickets.v[j]->u.ticket;
			strtol(t->id, &end, 10);
			assert_true(*end == '\0' && end != t->id);
			assert_non_null(t->subject);
			assert_non_null(t->url);
			assert_true(strncmp(t->url, prefix,
			    strlen(prefix)) == 0);
			assert_non_null(strstr(t->url, t->id));
			known = false;
			for (size_t k = 0; statuses[i][k] != NULL; k++) {
				if (strcmp(statuses[i][k], t->status_raw) == 0)
					known = true;
			}
			assert_true(known);
			if (strcasecmp(t->status_raw, "solved") == 0 ||
			    strcasecmp(t->status_raw, "resolved") == 0 ||
			    strcasecmp(t->status_raw, "closed") == 0) {
				assert_int_equal(t->status, TIX_STATUS_CLOSED);
				assert_true(t->closed_at != 0);
				closed++;
			} else {
				assert_int_equal(t->status, TIX_STATUS_ACTIVE);
				assert_true(t->closed_at == 0);
				active++;
			}
			assert_true((t->priority == TIX_PRIORITY_NONE) ==
			    (t->priority_raw == NULL));
			assert_true(t->created_at >= now - 31 * DAY);
			assert_true(t->created_at <= t->updated_at);
			assert_true(t->updated_at <= now + 1);
			assert_non_null(reclist_find(&customers,
			    t->customer_id));
			if (t->user_id != NULL)
				assert_non_null(reclist_find(&agents,
				    t->user_id));
			if (t->category_id != NULL)
				assert_non_null(reclist_find(&categories,
				    t->category_id));
		}
		reclist_free(&tickets);
		reclist_free(&customers);
		reclist_free(&categories);
		reclist_free(&agents);
		account_close(&a);
	}
	assert_true(closed > 30);
	assert_true(active > 100);
}

/* A category tree: parents that exist, children, one retired entry. */
static void
test_categories(void **state)
{
	struct account		 a;
	struct reclist		 l;
	const struct category	*c;
	const struct record	*parent;
	size_t			 children = 0, inactive = 0, depth;

	(void)state;
	account_open(&a, 1, "globex");
	collect(&a, NULL, TIX_KIND_CATEGORY, 0, NULL, 0, &l, NULL);
	assert_in_range(l.n, 8, 14);
	for (size_t i = 0; i < l.n; i++) {
		c = &l.v[i]->u.category;
		assert_non_null(c->name);
		if (!c->is_active)
			inactive++;
		if (c->parent_id == NULL)
			continue;
		children++;
		/* Walking up ends at a root without a cycle. */
		depth = 0;
		for (parent = l.v[i]; parent->u.category.parent_id != NULL;
		    depth++) {
			assert_true(depth < l.n);
			parent = reclist_find(&l,
			    parent->u.category.parent_id);
			assert_non_null(parent);
		}
	}
	assert_true(children >= 4);
	assert_true(children < l.n);
	assert_int_equal(inactive, 1);
	reclist_free(&l);
	account_close(&a);
}

/* Each desk has one agent who is the user, the same person everywhere. */
static void
test_agents(void **state)
{
	struct account		 a[NACCOUNTS];
	struct reclist		 l[NACCOUNTS];
	const struct record	*me[NACCOUNTS];
	size_t			 nme;

	(void)state;
	for (unsigned i = 0; i < NACCOUNTS; i++) {
		account_open(&a[i], i, account_names[i]);
		collect(&a[i], NULL, TIX_KIND_AGENT, 0, NULL, 0, &l[i], NULL);
		assert_in_range(l[i].n, 4, 10);
		nme = 0;
		for (size_t j = 0; j < l[i].n; j++) {
			assert_non_null(l[i].v[j]->u.agent.name);
			if (l[i].v[j]->u.agent.is_me)
				nme++;
		}
		assert_int_equal(nme, 1);
		me[i] = find_me(&l[i]);
	}
	for (unsigned i = 1; i < NACCOUNTS; i++) {
		assert_string_equal(me[i]->u.agent.name, me[0]->u.agent.name);
		assert_string_not_equal(me[i]->u.agent.id, me[0]->u.agent.id);
	}
	for (unsigned i = 0; i < NACCOUNTS; i++) {
		reclist_free(&l[i]);
		account_close(&a[i]);
	}
}

/* updated_since returns exactly the records changed since then. */
static void
test_incremental(void **state)
{
	struct account	 a;
	struct reclist	 all, some;
	int64_t		 since, newest = 0, watermark = 0;
	size_t		 want = 0;

	(void)state;
	account_open(&a, 0, "acme");
	collect(&a, NULL, TIX_KIND_TICKET, 0, NULL, 0, &all, NULL);
	since = all.v[all.n / 2]->u.ticket.updated_at;
	for (size_t i = 0; i < all.n; i++) {
		if (all.v[i]->u.ticket.updated_at >= since)
			want++;
		if (all.v[i]->u.ticket.updated_at > newest)
			newest = all.v[i]->u.ticket.updated_at;
	}
	collect(&a, NULL, TIX_KIND_TICKET, since, NULL, 0, &some, &watermark);
	assert_int_equal(some.n, want);
	assert_true(some.n < all.n);
	for (size_t i = 0; i < some.n; i++)
		assert_true(some.v[i]->u.ticket.updated_at >= since);
	assert_true(watermark == newest);
	reclist_free(&some);

	/* Nothing newer than the newest. */
	collect(&a, NULL, TIX_KIND_TICKET, newest + 1, NULL, 0, &some, NULL);
	assert_int_equal(some.n, 0);
	reclist_free(&some);
	reclist_free(&all);
	account_close(&a);
}

/* Small pages hand out every ticket once, oldest change first. */
static void
test_pagination(void **state)
{
	struct account		 a;
	struct reclist		 all, paged;
	const struct ticket	*p, *t;

	(void)state;
	account_open(&a, 2, "initech");
	collect(&a, NULL, TIX_KIND_TICKET, 0, NULL, 0, &all, NULL);
	collect(&a, NULL, TIX_KIND_TICKET, 0, NULL, 7, &paged, NULL);
	assert_int_equal(paged.n, all.n);
	for (size_t i = 0; i < paged.n; i++) {
		t = &paged.v[i]->u.ticket;
		assert_non_null(reclist_find(&all, t->id));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(paged.v[j]->u.ticket.id, t->id);
		if (i > 0) {
			p = &paged.v[i - 1]->u.ticket;
			assert_true(p->updated_at <= t->updated_at);
		}
	}
	reclist_free(&paged);
	reclist_free(&all);
	account_close(&a);
}

/*
 * A ticket changed while the pages are read is not lost: every ticket
 * still appears at least once.
 */
static void
test_pagination_while_changing(void **state)
{
	struct account	 a;
	struct reclist	 all, seen;
	struct query	 q;
	struct page	 pg;
	struct patch	 p;
	struct record	*r;
	char		*cursor = NULL, *cause = NULL;
	bool		 maybe_sent = false;

	(void)state;
	account_open(&a, 0, "acme");
	collect(&a, NULL, TIX_KIND_TICKET, 0, NULL, 0, &all, NULL);
	memset(&seen, 0, sizeof seen);
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_TAGS;
	strv_add(&p.tags, "touched");
	do {
		memset(&q, 0, sizeof q);
		memset(&pg, 0, sizeof pg);
		q.cursor = cursor;
		q.limit = 10;
		assert_int_equal(a.ops->list(&a, TIX_KIND_TICKET, &q, &pg,
		    &cause), TIX_OK);
		for (size_t i = 0; i < pg.n; i++) {
			seen.v = xreallocarray(seen.v, seen.n + 1,
			    sizeof *seen.v);
			seen.v[seen.n++] = record_dup(pg.records[i]);
		}
		/* Change the first ticket of the page (if it may be). */
		if (pg.n > 0 && !strv_has(&pg.records[0]->u.ticket.tags,
		    "locked")) {
			assert_int_equal(a.ops->update(&a,
			    pg.records[0]->u.ticket.id, &p, &r, &maybe_sent,
			    &cause), TIX_OK);
			record_free(&r);
		}
		free(cursor);
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		page_done(&pg);
	} while (cursor != NULL);
	for (size_t i = 0; i < all.n; i++)
		assert_non_null(reclist_find(&seen, record_id(all.v[i])));
	patch_done(&p);
	reclist_free(&seen);
	reclist_free(&all);
	account_close(&a);
}

/* A ticket that takes writes: active, not fixed. */
static const struct record *
writable_ticket(const struct reclist *tickets)
{
	const struct ticket	*t;

	for (size_t i = 0; i < tickets->n; i++) {
		t = &tickets->v[i]->u.ticket;
		if (t->status == TIX_STATUS_ACTIVE &&
		    !strv_has(&t->tags, "locked") &&
		    !strv_has(&t->tags, "hostile"))
			return tickets->v[i];
	}
	fail_msg("no writable ticket");
	return NULL;
}

/* Notes from the user land in the thread and move the ticket up. */
static void
test_write_notes(void **state)
{
	struct account		 a;
	struct reclist		 tickets, agents, notes;
	struct record		*in, *out = NULL, *t;
	const struct record	*me;
	char			*id, *cause = NULL;
	int64_t			 before;
	bool			 maybe_sent = false;

	(void)state;
	account_open(&a, 0, "acme");
	collect(&a, NULL, TIX_KIND_TICKET, 0, NULL, 0, &tickets, NULL);
	collect(&a, NULL, TIX_KIND_AGENT, 0, NULL, 0, &agents, NULL);
	me = find_me(&agents);
	id = xstrdup(writable_ticket(&tickets)->u.ticket.id);
	before = writable_ticket(&tickets)->u.ticket.updated_at;

	for (int pub = 0; pub < 2; pub++) {
		in = record_new(TIX_KIND_NOTE, 0);
		in->u.note.ticket_id = xstrdup(id);
		in->u.note.description = xstrdup(pub ? "A public answer." :
		    "An internal remark.");
		in->u.note.is_public = pub;
		assert_int_equal(a.ops->create(&a, in, &out, &maybe_sent,
		    &cause), TIX_OK);
		assert_int_equal(out->kind, TIX_KIND_NOTE);
		assert_non_null(out->u.note.id);
		assert_string_equal(out->u.note.ticket_id, id);
		assert_string_equal(out->u.note.user_id, me->u.agent.id);
		assert_null(out->u.note.customer_id);
		assert_int_equal(out->u.note.is_public, pub);
		assert_string_equal(out->u.note.description,
		    in->u.note.description);

		/* The thread has it, last. */
		collect(&a, NULL, TIX_KIND_NOTE, 0, id, 0, &notes, NULL);
		assert_true(record_equal(notes.v[notes.n - 1], out));
		reclist_free(&notes);

		t = get_ticket(&a, id);
		assert_true(t->u.ticket.updated_at > before);
		before = t->u.ticket.updated_at;
		record_free(&t);
		record_free(&out);
		record_free(&in);
	}

	/* An empty note and a note on no ticket are refused. */
	in = record_new(TIX_KIND_NOTE, 0);
	in->u.note.ticket_id = xstrdup(id);
	in->u.note.description = xstrdup("");
	assert_int_equal(a.ops->create(&a, in, &out, &maybe_sent,
	    &cause), TIX_ERR_INVALID);
	free(in->u.note.ticket_id);
	in->u.note.ticket_id = xstrdup("999999");
	free(in->u.note.description);
	in->u.note.description = xstrdup("text");
	assert_int_equal(a.ops->create(&a, in, &out, &maybe_sent,
	    &cause), TIX_ERR_NOT_FOUND);
	assert_null(out);
	record_free(&in);

	free(cause);
	free(id);
	reclist_free(&agents);
	reclist_free(&tickets);
	account_close(&a);
}

/* Apply a patch, check the ticket moved on, return the new copy. */
static struct record *
update_ok(struct account *a, const char *id, const struct patch *p)
{
	struct record	*before, *out = NULL, *after;
	char		*cause = NULL;
	bool		 maybe_sent = false;

	before = get_ticket(a, id);
	if (a->ops->update(a, id, p, &out, &maybe_sent, &cause) != TIX_OK)
		fail_msg("update %s: %s", id, cause);
	assert_true(out->u.ticket.updated_at > before->u.ticket.updated_at);
	after = get_ticket(a, id);
	assert_true(record_equal(after, out));
	record_free(&after);
	record_free(&before);
	return out;
}

/* Every change the UI offers works and bumps updated_at. */
static void
test_write_updates(void **state)
{
	struct account		 a;
	struct reclist		 tickets, agents, categories;
	struct patch		 p;
	struct record		*out;
	const struct record	*other = NULL, *cat = NULL;
	char			*id;

	(void)state;
	for (unsigned i = 0; i < NACCOUNTS; i++) {
		account_open(&a, i, account_names[i]);
		collect(&a, NULL, TIX_KIND_TICKET, 0, NULL, 0, &tickets, NULL);
		collect(&a, NULL, TIX_KIND_AGENT, 0, NULL, 0, &agents, NULL);
		collect(&a, NULL, TIX_KIND_CATEGORY, 0, NULL, 0, &categories,
		    NULL);
		id = xstrdup(writable_ticket(&tickets)->u.ticket.id);
		memset(&p, 0, sizeof p);

		for (int pr = TIX_PRIORITY_LOW; pr <= TIX_PRIORITY_URGENT;
		    pr++) {
			p.fields = TIX_PATCH_PRIORITY;
			p.priority = (enum tix_priority)pr;
			out = update_ok(&a, id, &p);
			assert_int_equal(out->u.ticket.priority, pr);
			assert_non_null(out->u.ticket.priority_raw);
			assert_true(*out->u.ticket.priority_raw != '\0');
			record_free(&out);
		}

		p.fields = TIX_PATCH_STATUS;
		p.status = TIX_STATUS_CLOSED;
		out = update_ok(&a, id, &p);
		assert_int_equal(out->u.ticket.status, TIX_STATUS_CLOSED);
		assert_true(out->u.ticket.closed_at != 0);
		assert_non_null(out->u.ticket.status_raw);
		record_free(&out);
		p.status = TIX_STATUS_ACTIVE;
		out = update_ok(&a, id, &p);
		assert_int_equal(out->u.ticket.status, TIX_STATUS_ACTIVE);
		assert_true(out->u.ticket.closed_at == 0);
		record_free(&out);

		for (size_t j = 0; j < categories.n; j++) {
			if (categories.v[j]->u.category.is_active &&
			    categories.v[j]->u.category.parent_id != NULL)
				cat = categories.v[j];
		}
		p.fields = TIX_PATCH_CATEGORY;
		p.category_id = cat->u.category.id;
		out = update_ok(&a, id, &p);
		assert_string_equal(out->u.ticket.category_id,
		    cat->u.category.id);
		record_free(&out);
		p.category_id = NULL;
		out = update_ok(&a, id, &p);
		assert_null(out->u.ticket.category_id);
		record_free(&out);

		for (size_t j = 0; j < agents.n; j++) {
			if (!agents.v[j]->u.agent.is_me)
				other = agents.v[j];
		}
		p.fields = TIX_PATCH_ASSIGNEE;
		p.user_id = other->u.agent.id;
		out = update_ok(&a, id, &p);
		assert_string_equal(out->u.ticket.user_id, other->u.agent.id);
		record_free(&out);
		p.user_id = NULL;
		out = update_ok(&a, id, &p);
		assert_null(out->u.ticket.user_id);
		record_free(&out);

		p.fields = TIX_PATCH_TAGS;
		strv_add(&p.tags, "alpha");
		strv_add(&p.tags, "beta-test");
		out = update_ok(&a, id, &p);
		assert_true(strv_equal(&out->u.ticket.tags, &p.tags));
		record_free(&out);
		strv_done(&p.tags);

		free(id);
		reclist_free(&categories);
		reclist_free(&agents);
		reclist_free(&tickets);
		account_close(&a);
	}
}

/* The locked ticket refuses every write, with the platform's reason. */
static void
test_locked(void **state)
{
	struct account	 a;
	struct record	*before, *after, *in, *out = NULL;
	struct patch	 p;
	char		*cause = NULL;
	bool		 maybe_sent = false;

	(void)state;
	account_open(&a, 0, "acme");
	before = get_ticket(&a, DEMO_TICKET_LOCKED);
	assert_non_null(strstr(before->u.ticket.subject, "locked"));
	assert_true(strv_has(&before->u.ticket.tags, "locked"));

	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY | TIX_PATCH_TAGS;
	p.priority = TIX_PRIORITY_URGENT;
	assert_int_equal(a.ops->update(&a, DEMO_TICKET_LOCKED, &p, &out,
	    &maybe_sent, &cause), TIX_ERR_CONFLICT);
	assert_false(maybe_sent);
	assert_string_equal(cause, "ticket is locked by another agent (demo)");
	assert_null(out);

	in = record_new(TIX_KIND_NOTE, 0);
	in->u.note.ticket_id = xstrdup(DEMO_TICKET_LOCKED);
	in->u.note.description = xstrdup("Can I have it?");
	in->u.note.is_public = true;
	assert_int_equal(a.ops->create(&a, in, &out, &maybe_sent,
	    &cause), TIX_ERR_CONFLICT);
	assert_string_equal(cause, DEMO_LOCKED_CAUSE);
	record_free(&in);

	after = get_ticket(&a, DEMO_TICKET_LOCKED);
	assert_true(record_equal(before, after));
	record_free(&after);
	record_free(&before);
	free(cause);
	account_close(&a);
}

/* Bad input is refused with a reason and changes nothing. */
static void
test_invalid(void **state)
{
	struct account		 a;
	struct reclist		 tickets, categories;
	struct record		*before, *after, *out = NULL;
	struct patch		 p;
	struct query		 q;
	struct page		 pg;
	const struct record	*retired = NULL;
	char			*id, *cause = NULL;
	bool			 maybe_sent = false;

	(void)state;
	account_open(&a, 0, "acme");
	collect(&a, NULL, TIX_KIND_TICKET, 0, NULL, 0, &tickets, NULL);
	collect(&a, NULL, TIX_KIND_CATEGORY, 0, NULL, 0, &categories, NULL);
	for (size_t i = 0; i < categories.n; i++) {
		if (!categories.v[i]->u.category.is_active)
			retired = categories.v[i];
	}
	assert_non_null(retired);
	id = xstrdup(writable_ticket(&tickets)->u.ticket.id);
	before = get_ticket(&a, id);

	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_CATEGORY | TIX_PATCH_PRIORITY;
	p.priority = TIX_PRIORITY_URGENT;
	p.category_id = retired->u.category.id;
	assert_int_equal(a.ops->update(&a, id, &p, &out, &maybe_sent,
	    &cause), TIX_ERR_INVALID);
	assert_non_null(strstr(cause, retired->u.category.name));
	p.category_id = xstrdup("no-such-category");
	assert_int_equal(a.ops->update(&a, id, &p, &out, &maybe_sent,
	    &cause), TIX_ERR_INVALID);
	assert_non_null(strstr(cause, "no-such-category"));
	free(p.category_id);
	p.fields = TIX_PATCH_ASSIGNEE;
	p.user_id = xstrdup("424242");
	assert_int_equal(a.ops->update(&a, id, &p, &out, &maybe_sent,
	    &cause), TIX_ERR_INVALID);
	free(p.user_id);
	p.user_id = NULL;
	assert_null(out);
	after = get_ticket(&a, id);
	assert_true(record_equal(before, after));
	record_free(&after);
	record_free(&before);

	assert_int_equal(a.ops->update(&a, "999999", &p, &out,
	    &maybe_sent, &cause),
	    TIX_ERR_NOT_FOUND);

	/* Notes need a ticket, and a known one. */
	memset(&q, 0, sizeof q);
	memset(&pg, 0, sizeof pg);
	assert_int_equal(a.ops->list(&a, TIX_KIND_NOTE, &q, &pg, &cause),
	    TIX_ERR_INVALID);
	q.ticket_id = "999999";
	assert_int_equal(a.ops->list(&a, TIX_KIND_NOTE, &q, &pg, &cause),
	    TIX_ERR_NOT_FOUND);
	q.ticket_id = NULL;
	q.cursor = "garbage";
	assert_int_equal(a.ops->list(&a, TIX_KIND_TICKET, &q, &pg, &cause),
	    TIX_ERR_INVALID);
	page_done(&pg);
	assert_int_equal(a.ops->get(&a, TIX_KIND_CUSTOMER, "1", &out,
	    &cause), TIX_ERR_NOT_FOUND);

	free(cause);
	free(id);
	reclist_free(&categories);
	reclist_free(&tickets);
	account_close(&a);
}

/*
 * The hostile tickets: really hostile raw, "hostile" once sanitized
 * (so a filter finds them), recent, and clean after the sanitizer.
 */
static void
test_hostile(void **state)
{
	static const char *const ids[] = {
		DEMO_TICKET_CSI, DEMO_TICKET_OSC, DEMO_TICKET_BADUTF8,
		DEMO_TICKET_BIDI, DEMO_TICKET_EMOJI, DEMO_TICKET_CJK,
		DEMO_TICKET_COMBINING, DEMO_TICKET_LONG
	};
	struct account	 a;
	struct reclist	 notes;
	struct record	*t;
	size_t		 unclean = 0, unclean_notes = 0;
	int64_t		 now = (int64_t)time(NULL);

	(void)state;
	account_open(&a, 2, "initech");
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		t = get_ticket(&a, ids[i]);
		assert_true(t->u.ticket.updated_at >= now - 3600);
		if (!text_is_clean(t->u.ticket.subject,
		    strlen(t->u.ticket.subject), 0))
			unclean++;
		collect(&a, NULL, TIX_KIND_NOTE, 0, ids[i], 0, &notes, NULL);
		for (size_t j = 0; j < notes.n; j++) {
			if (!text_is_clean(notes.v[j]->u.note.description,
			    strlen(notes.v[j]->u.note.description),
			    TEXT_MULTILINE))
				unclean_notes++;
			record_sanitize(notes.v[j]);
		}
		reclist_free(&notes);
		record_sanitize(t);
		assert_true(text_contains(t->u.ticket.subject, "hostile"));
		assert_true(text_is_clean(t->u.ticket.subject,
		    strlen(t->u.ticket.subject), 0));
		if (strcmp(ids[i], DEMO_TICKET_LONG) == 0)
			assert_true(strlen(t->u.ticket.subject) >= 300);
		record_free(&t);
	}
	/* Escapes, bad bytes, bidi: at least those need the sanitizer. */
	assert_true(unclean >= 4);
	assert_true(unclean_notes >= 4);
	account_close(&a);
}

/*
 * The demo's own accounts are known by name: "tix --demo --account
 * globex" (globex alone, the session's first account) shows the desk
 * globex has beside acme, not acme's.
 */
static void
test_desk_by_name(void **state)
{
	struct account	 alone, beside, acme;
	struct reclist	 l1, l2, l3;

	(void)state;
	account_open(&alone, 0, "globex");
	account_open(&beside, 1, "globex");
	account_open(&acme, 0, "acme");
	collect(&alone, NULL, TIX_KIND_AGENT, 0, NULL, 0, &l1, NULL);
	collect(&beside, NULL, TIX_KIND_AGENT, 0, NULL, 0, &l2, NULL);
	collect(&acme, NULL, TIX_KIND_AGENT, 0, NULL, 0, &l3, NULL);
	assert_true(l1.n > 0);
	assert_int_equal(l1.n, l2.n);
	for (size_t i = 0; i < l1.n; i++)
		assert_string_equal(record_id(l1.v[i]), record_id(l2.v[i]));
	assert_string_not_equal(record_id(l1.v[0]), record_id(l3.v[0]));
	reclist_free(&l1);
	reclist_free(&l2);
	reclist_free(&l3);
	account_close(&alone);
	account_close(&beside);
	account_close(&acme);
}

/* The same seed and clock build the same desk; another seed does not. */
static void
test_determinism(void **state)
{
	struct demo_state	*d1, *d2, *d3;
	struct reclist		 l1, l2, l3, n1, n2;
	size_t			 same = 0;

	(void)state;
	d1 = demo_data_new(0, "acme", 1, FIXED_NOW);
	d2 = demo_data_new(0, "acme", 1, FIXED_NOW);
	d3 = demo_data_new(0, "acme", 2, FIXED_NOW);
	for (int k = 0; k < TIX_KIND_COUNT; k++) {
		if (k == TIX_KIND_NOTE)
			continue;
		collect(NULL, d1, (enum tix_kind)k, 0, NULL, 0, &l1, NULL);
		collect(NULL, d2, (enum tix_kind)k, 0, NULL, 0, &l2, NULL);
		assert_int_equal(l1.n, l2.n);
		assert_true(l1.n > 0);
		for (size_t i = 0; i < l1.n; i++)
			assert_true(record_equal(l1.v[i], l2.v[i]));
		if (k == TIX_KIND_TICKET) {
			for (size_t i = 0; i < l1.n; i++) {
				collect(NULL, d1, TIX_KIND_NOTE, 0,
				    record_id(l1.v[i]), 0, &n1, NULL);
				collect(NULL, d2, TIX_KIND_NOTE, 0,
				    record_id(l1.v[i]), 0, &n2, NULL);
				assert_int_equal(n1.n, n2.n);
				for (size_t j = 0; j < n1.n; j++)
					assert_true(record_equal(n1.v[j],
					    n2.v[j]));
				reclist_free(&n1);
				reclist_free(&n2);
			}
			collect(NULL, d3, TIX_KIND_TICKET, 0, NULL, 0, &l3,
			    NULL);
			for (size_t i = 0; i < l1.n && i < l3.n; i++) {
				if (record_equal(l1.v[i], l3.v[i]))
					same++;
			}
			assert_true(same < l1.n / 2);
			reclist_free(&l3);
		}
		reclist_free(&l1);
		reclist_free(&l2);
	}
	assert_string_not_equal(demo_data_flavour(d1), demo_data_flavour(d3));
	demo_data_free(&d1);
	demo_data_free(&d2);
	demo_data_free(&d3);
	assert_null(d1);
}

/* Find the one ticket changed at or after since. */
static struct record *
changed_ticket(struct demo_state *ds, int64_t since)
{
	struct reclist	 l;
	struct record	*r;

	collect(NULL, ds, TIX_KIND_TICKET, since, NULL, 0, &l, NULL);
	assert_int_equal(l.n, 1);
	r = l.v[0];
	l.n = 0;
	reclist_free(&l);
	return r;
}

/*
 * Live activity, on a fixed clock: nothing before it is due, then one
 * event per due tick, each visible to an incremental poll, and over a
 * while all three kinds of event.
 */
static void
test_activity(void **state)
{
	struct demo_state	*ds;
	struct reclist		 before, after, notes;
	struct record		*t;
	const struct record	*old;
	const struct note	*last;
	enum demo_event		 ev;
	int64_t			 now = FIXED_NOW;
	size_t			 count[4] = { 0, 0, 0, 0 };

	(void)state;
	ds = demo_data_new(0, "acme", 1, now);
	demo_data_set_activity(ds, 10, 20, now);
	assert_int_equal(demo_data_tick(ds, now), DEMO_EVENT_NONE);
	assert_int_equal(demo_data_tick(ds, now + 9), DEMO_EVENT_NONE);

	for (int i = 0; i < 60; i++) {
		now += 20;
		collect(NULL, ds, TIX_KIND_TICKET, 0, NULL, 0, &before, NULL);
		ev = demo_data_tick(ds, now);
		assert_int_not_equal(ev, DEMO_EVENT_NONE);
		count[ev]++;
		/* Not due again at once. */
		assert_int_equal(demo_data_tick(ds, now), DEMO_EVENT_NONE);

		t = changed_ticket(ds, now);
		assert_true(t->u.ticket.updated_at == now);
		old = reclist_find(&before, t->u.ticket.id);
		collect(NULL, ds, TIX_KIND_NOTE, 0, t->u.ticket.id, 0, &notes,
		    NULL);
		last = &notes.v[notes.n - 1]->u.note;
		collect(NULL, ds, TIX_KIND_TICKET, 0, NULL, 0, &after, NULL);
		switch (ev) {
		case DEMO_EVENT_NEW_TICKET:
			assert_null(old);
			assert_int_equal(after.n, before.n + 1);
			assert_true(t->u.ticket.created_at == now);
			assert_int_equal(notes.n, 1);
			assert_string_equal(last->customer_id,
			    t->u.ticket.customer_id);
			break;
		case DEMO_EVENT_CUSTOMER_REPLY:
			assert_non_null(old);
			assert_int_equal(after.n, before.n);
			assert_true(last->created_at == now);
			assert_true(last->is_public);
			assert_string_equal(last->customer_id,
			    t->u.ticket.customer_id);
			assert_int_equal(t->u.ticket.status,
			    TIX_STATUS_ACTIVE);
			break;
		case DEMO_EVENT_AGENT_CHANGE:
			assert_non_null(old);
			assert_int_equal(after.n, before.n);
			assert_true(old->u.ticket.priority !=
			    t->u.ticket.priority ||
			    strcmp(old->u.ticket.status_raw,
			    t->u.ticket.status_raw) != 0 ||
			    !strv_equal(&old->u.ticket.tags,
			    &t->u.ticket.tags) ||
			    (old->u.ticket.user_id == NULL) !=
			    (t->u.ticket.user_id == NULL) ||
			    (old->u.ticket.user_id != NULL &&
			    strcmp(old->u.ticket.user_id,
			    t->u.ticket.user_id) != 0) ||
			    last->created_at == now);
			break;
		default:
			fail();
		}
		reclist_free(&notes);
		reclist_free(&after);
		reclist_free(&before);
		record_free(&t);
	}
	assert_true(count[DEMO_EVENT_NEW_TICKET] > 0);
	assert_true(count[DEMO_EVENT_CUSTOMER_REPLY] > 0);
	assert_true(count[DEMO_EVENT_AGENT_CHANGE] > 0);

	/* Turned off, nothing happens however late it gets. */
	demo_data_set_activity(ds, 0, 0, now);
	assert_int_equal(demo_data_tick(ds, now + 100000), DEMO_EVENT_NONE);
	demo_data_free(&ds);
}

/* A cancelled account answers at once with "cancelled", even slow. */
static void
test_cancel(void **state)
{
	struct account	 a;
	struct query	 q;
	struct page	 pg;
	char		*cause = NULL;

	(void)state;
	setenv("TIX_DEMO_LATENCY_MS", "30000,30000", 1);
	memset(&a, 0, sizeof a);
	a.name = xstrdup("acme");
	a.ops = &provider_demo;
	atomic_init(&a.cancel, true);
	assert_int_equal(a.ops->open(&a, &cause), TIX_ERR_CANCELLED);
	memset(&q, 0, sizeof q);
	memset(&pg, 0, sizeof pg);
	assert_int_equal(a.ops->list(&a, TIX_KIND_TICKET, &q, &pg, &cause),
	    TIX_ERR_CANCELLED);
	assert_int_equal(pg.n, 0);
	assert_non_null(cause);
	free(cause);
	account_close(&a);
	setenv("TIX_DEMO_LATENCY_MS", "0,0", 1);
}

/* Run every test. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_shared_customers),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_ticket_fields),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_agents),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_pagination),
		cmocka_unit_test(test_pagination_while_changing),
		cmocka_unit_test(test_write_notes),
		cmocka_unit_test(test_write_updates),
		cmocka_unit_test(test_locked),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_desk_by_name),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_activity),
		cmocka_unit_test(test_cancel),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
