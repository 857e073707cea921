/*
 * Unit tests: the in-memory store and its views.  Views are checked
 * against a plain sort of the store's tickets after thousands of random
 * puts, updates and removes (fixed seed), so the incremental tree has to
 * agree with the obvious answer.
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

#include <cmocka.h>

#include "core/model.h"
#include "core/store.h"
#include "core/xmalloc.h"

/* A small deterministic generator, so failures reproduce. */
static uint64_t rng_state;

/* Start the generator. */
static void
rng_seed(uint64_t seed)
{
	rng_state = seed;
}

/* xorshift64, top bits. */
static uint32_t
rng_next(void)
{
	uint64_t	x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return (uint32_t)(x >> 16);
}

/* A ticket with the fields the views sort by. */
static struct record *
mk_ticket(unsigned account, const char *id, const char *subject,
    int64_t updated, int64_t created, enum tix_priority priority)
{
	struct record	*r = record_new(TIX_KIND_TICKET, account);

	r->u.ticket.id = xstrdup(id);
	r->u.ticket.subject = xstrdup(subject);
	r->u.ticket.updated_at = updated;
	r->u.ticket.created_at = created;
	r->u.ticket.priority = priority;
	r->u.ticket.status = TIX_STATUS_ACTIVE;
	return r;
}

/* A customer with up to two e-mails. */
static struct record *
mk_customer(unsigned account, const char *id, const char *name,
    const char *mail1, const char *mail2, int64_t updated)
{
	struct record	*r = record_new(TIX_KIND_CUSTOMER, account);
	struct customer	*c = &r->u.customer;

	c->id = xstrdup(id);
	c->name = xstrdup(name);
	c->nemails = (mail1 != NULL) + (mail2 != NULL);
	if (c->nemails != 0)
		c->emails = xcalloc(c->nemails, sizeof *c->emails);
	if (mail1 != NULL)
		c->emails[0].value = xstrdup(mail1);
	if (mail2 != NULL)
		c->emails[c->nemails - 1].value = xstrdup(mail2);
	c->updated_at = updated;
	return r;
}

/* A note of a ticket. */
static struct record *
mk_note(unsigned account, const char *id, const char *ticket_id,
    const char *text, int64_t created)
{
	struct record	*r = record_new(TIX_KIND_NOTE, account);

	r->u.note.id = xstrdup(id);
	r->u.note.ticket_id = xstrdup(ticket_id);
	r->u.note.description = xstrdup(text);
	r->u.note.created_at = created;
	r->u.note.updated_at = created;
	return r;
}

/* A copy of the stored ticket, to change and put back. */
static struct record *
dup_ticket(struct store *s, unsigned account, const char *id)
{
	const struct record	*r = store_get(s, TIX_KIND_TICKET, account, id);

	assert_non_null(r);
	return record_dup(r);
}

/* Put reports created, unchanged, updated and stale as it should. */
static void
test_put_events(void **state)
{
	struct store		*s = store_new();
	struct record		*r;
	const struct record	*got;

	assert_int_equal(store_put(s, mk_ticket(0, "1", "Printer on fire",
	    100, 50, TIX_PRIORITY_HIGH)), STORE_CREATED);
	assert_int_equal(store_count(s, TIX_KIND_TICKET), 1);

	/* The same record again. */
	assert_int_equal(store_put(s, mk_ticket(0, "1", "Printer on fire",
	    100, 50, TIX_PRIORITY_HIGH)), STORE_UNCHANGED);

	/* Same time, different subject: an update. */
	assert_int_equal(store_put(s, mk_ticket(0, "1", "Printer smoking",
	    100, 50, TIX_PRIORITY_HIGH)), STORE_UPDATED);
	got = store_get(s, TIX_KIND_TICKET, 0, "1");
	assert_non_null(got);
	assert_string_equal(got->u.ticket.subject, "Printer smoking");

	/* Older than what we have: dropped. */
	assert_int_equal(store_put(s, mk_ticket(0, "1", "Old news",
	    90, 50, TIX_PRIORITY_LOW)), STORE_STALE);
	got = store_get(s, TIX_KIND_TICKET, 0, "1");
	assert_string_equal(got->u.ticket.subject, "Printer smoking");

	/* Same id in another account is another ticket. */
	assert_int_equal(store_put(s, mk_ticket(1, "1", "Elsewhere",
	    10, 5, TIX_PRIORITY_LOW)), STORE_CREATED);
	assert_int_equal(store_count(s, TIX_KIND_TICKET), 2);
	assert_null(store_get(s, TIX_KIND_TICKET, 2, "1"));
	assert_null(store_get(s, TIX_KIND_CUSTOMER, 0, "1"));

	/* Text is sanitized on the way in. */
	r = mk_ticket(0, "2", "hi\x1b[31mred\x1b[0m", 1, 1,
	    TIX_PRIORITY_NONE);
	assert_int_equal(store_put(s, r), STORE_CREATED);
	got = store_get(s, TIX_KIND_TICKET, 0, "2");
	assert_null(strchr(got->u.ticket.subject, '\x1b'));
	assert_string_equal(got->u.ticket.subject, "hired");

	store_free(&s);
	assert_null(s);
}

/* Growing the hash table keeps every record findable, removes too. */
static void
test_many_and_remove(void **state)
{
	struct store	*s = store_new();
	char		 id[32];
	int		 i;

	for (i = 0; i < 5000; i++) {
		xsnprintf(id, sizeof id, "t%d", i);
		store_put(s, mk_ticket((unsigned)i % 3, id, "x", i, i,
		    TIX_PRIORITY_NONE));
	}
	assert_int_equal(store_count(s, TIX_KIND_TICKET), 5000);
	for (i = 0; i < 5000; i += 2) {
		xsnprintf(id, sizeof id, "t%d", i);
		assert_true(store_remove(s, TIX_KIND_TICKET, (unsigned)i % 3,
		    id));
		assert_false(store_remove(s, TIX_KIND_TICKET, (unsigned)i % 3,
		    id));
	}
	assert_int_equal(store_count(s, TIX_KIND_TICKET), 2500);
	for (i = 0; i < 5000; i++) {
		xsnprintf(id, sizeof id, "t%d", i);
		if (i % 2 == 0)
			assert_null(store_get(s, TIX_KIND_TICKET,
			    (unsigned)i % 3, id));
		else
			assert_non_null(store_get(s, TIX_KIND_TICKET,
			    (unsigned)i % 3, id));
	}
	store_free(&s);
}

/*
 * Random puts and removes over a small key space, so probe runs collide,
 * wrap and shift back; the store must agree with a plain table after each.
 */
static void
test_hash_churn(void **state)
{
	struct store	*s = store_new();
	bool		 have[3][300];
	char		 id[32];
	size_t		 count = 0, i, k;
	unsigned	 a;
	int		 op;

	memset(have, 0, sizeof have);
	rng_seed(42);
	for (op = 0; op < 20000; op++) {
		a = rng_next() % 3;
		k = rng_next() % 300;
		xsnprintf(id, sizeof id, "k%zu", k);
		if (rng_next() % 2 == 0) {
			assert_int_equal(store_put(s, mk_ticket(a, id, "x", 1,
			    1, TIX_PRIORITY_NONE)), have[a][k] ?
			    STORE_UNCHANGED : STORE_CREATED);
			if (!have[a][k])
				count++;
			have[a][k] = true;
		} else {
			assert_true(store_remove(s, TIX_KIND_TICKET, a, id) ==
			    have[a][k]);
			if (have[a][k])
				count--;
			have[a][k] = false;
		}
		if (op % 1000 != 999)
			continue;
		assert_int_equal(store_count(s, TIX_KIND_TICKET), count);
		for (a = 0; a < 3; a++) {
			for (i = 0; i < 300; i++) {
				xsnprintf(id, sizeof id, "k%zu", i);
				assert_true((store_get(s, TIX_KIND_TICKET, a,
				    id) != NULL) == have[a][i]);
			}
		}
	}
	store_free(&s);
}

/* The test's own idea of each order, written out plainly. */
static enum view_sort naive_sort;

/* qsort comparator for naive_sort. */
static int
naive_cmp(const void *a, const void *b)
{
	const struct record	*ra = *(const struct record *const *)a;
	const struct record	*rb = *(const struct record *const *)b;
	const struct ticket	*x = &ra->u.ticket, *y = &rb->u.ticket;

	if (naive_sort == VIEW_SORT_PRIORITY && x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	if (naive_sort == VIEW_SORT_CREATED) {
		if (x->created_at != y->created_at)
			return x->created_at > y->created_at ? -1 : 1;
	} else if (x->updated_at != y->updated_at)
		return x->updated_at > y->updated_at ? -1 : 1;
	if (ra->account != rb->account)
		return ra->account < rb->account ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * Check a view against every ticket of the store, filtered by want (or
 * all when want is -1: a priority) and sorted plainly.
 */
static void
check_view(struct store *s, struct view *v, enum view_sort sort, int want)
{
	const struct record	**all = NULL, **one;
	size_t			  n = 0, k, i;
	unsigned		  a;

	for (a = 0; a < 3; a++) {
		one = store_list(s, TIX_KIND_TICKET, a, &k);
		for (i = 0; i < k; i++) {
			if (want != -1 &&
			    (int)one[i]->u.ticket.priority != want)
				continue;
			all = xreallocarray(all, n + 1, sizeof *all);
			all[n++] = one[i];
		}
		free(one);
	}
	naive_sort = sort;
	if (n != 0)
		qsort(all, n, sizeof *all, naive_cmp);
	assert_int_equal(view_count(v), n);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(view_at(v, i), all[i]);
		assert_int_equal(view_index_of(v, all[i]->account,
		    all[i]->u.ticket.id), i);
	}
	assert_null(view_at(v, n));
	free(all);
}

/* Change or remove random tickets (one in ten changes is a remove). */
static void
random_changes(struct store *s, int count)
{
	struct record	*r;
	char		 id[32];
	unsigned	 a;
	int		 i, k;

	for (i = 0; i < count; i++) {
		a = rng_next() % 3;
		xsnprintf(id, sizeof id, "%u", rng_next() % 2000);
		k = (int)(rng_next() % 10);
		if (store_get(s, TIX_KIND_TICKET, a, id) == NULL)
			continue;
		if (k == 0) {
			assert_true(store_remove(s, TIX_KIND_TICKET, a, id));
			continue;
		}
		r = dup_ticket(s, a, id);
		r->u.ticket.updated_at += rng_next() % 100;
		r->u.ticket.priority =
		    (enum tix_priority)(rng_next() % TIX_PRIORITY_COUNT);
		assert_int_not_equal(store_put(s, r), STORE_STALE);
	}
}

/* Views agree with a plain sort after random puts, updates, removes. */
static void
test_views_random(void **state)
{
	struct store	*s = store_new();
	struct view	*vu, *vp, *vc, *vf;
	struct record	*r;
	char		 id[32];
	unsigned	 a;
	int		 i;

	rng_seed(0x7469780a5eedULL);
	vu = view_new(s, VIEW_SORT_UPDATED);
	vp = view_new(s, VIEW_SORT_PRIORITY);
	vc = view_new(s, VIEW_SORT_CREATED);
	vf = view_new(s, VIEW_SORT_UPDATED);
	assert_true(view_set_filter(vf, "priority:high", NULL));
	assert_string_equal(view_filter(vf), "priority:high");

	/* Few distinct times, so ties fall through to account and id. */
	for (i = 0; i < 3000; i++) {
		a = rng_next() % 3;
		xsnprintf(id, sizeof id, "%u", rng_next() % 2000);
		r = mk_ticket(a, id, "s", rng_next() % 200, rng_next() % 50,
		    (enum tix_priority)(rng_next() % TIX_PRIORITY_COUNT));
		store_put(s, r);
	}
	check_view(s, vu, VIEW_SORT_UPDATED, -1);
	check_view(s, vp, VIEW_SORT_PRIORITY, -1);
	check_view(s, vc, VIEW_SORT_CREATED, -1);
	check_view(s, vf, VIEW_SORT_UPDATED, TIX_PRIORITY_HIGH);

	/* Updates move tickets, removes take them out. */
	random_changes(s, 3000);
	check_view(s, vu, VIEW_SORT_UPDATED, -1);
	check_view(s, vp, VIEW_SORT_PRIORITY, -1);
	check_view(s, vc, VIEW_SORT_CREATED, -1);
	check_view(s, vf, VIEW_SORT_UPDATED, TIX_PRIORITY_HIGH);

	/* Changing the sort rebuilds. */
	view_set_sort(vu, VIEW_SORT_CREATED);
	check_view(s, vu, VIEW_SORT_CREATED, -1);
	view_set_sort(vf, VIEW_SORT_PRIORITY);
	check_view(s, vf, VIEW_SORT_PRIORITY, TIX_PRIORITY_HIGH);
	/* Rebuilt trees keep up with changes too. */
	random_changes(s, 1000);
	check_view(s, vu, VIEW_SORT_CREATED, -1);
	check_view(s, vp, VIEW_SORT_PRIORITY, -1);
	check_view(s, vf, VIEW_SORT_PRIORITY, TIX_PRIORITY_HIGH);
	assert_true(view_set_filter(vf, NULL, NULL));
	assert_string_equal(view_filter(vf), "");
	check_view(s, vf, VIEW_SORT_PRIORITY, -1);
	assert_true(view_set_filter(vf, "priority:high", NULL));
	assert_true(view_set_filter(vf, "  ", NULL));
	assert_string_equal(view_filter(vf), "");
	check_view(s, vf, VIEW_SORT_PRIORITY, -1);

	assert_int_equal(view_index_of(vu, 0, "no such"), SIZE_MAX);
	view_free(&vu);
	assert_null(vu);
	view_free(&vp);
	view_free(&vc);
	view_free(&vf);
	store_free(&s);
}

/* Tickets enter and leave a filtered view as they and their data change. */
static void
test_view_filter_follows(void **state)
{
	struct store	*s = store_new();
	struct view	*v;
	struct record	*r, *ag;
	char		*cause = NULL;

	store_add_account(s, 0, "acme");
	store_put(s, mk_ticket(0, "1", "Refund please", 10, 1,
	    TIX_PRIORITY_NORMAL));
	store_put(s, mk_ticket(0, "2", "Login broken", 20, 2,
	    TIX_PRIORITY_NORMAL));
	v = view_new(s, VIEW_SORT_UPDATED);
	assert_int_equal(view_count(v), 2);

	assert_true(view_set_filter(v, "status:active", &cause));
	assert_int_equal(view_count(v), 2);
	/* Ticket 1 closes: it leaves; reopens: it comes back. */
	r = dup_ticket(s, 0, "1");
	r->u.ticket.status = TIX_STATUS_CLOSED;
	r->u.ticket.updated_at = 30;
	assert_int_equal(store_put(s, r), STORE_UPDATED);
	assert_int_equal(view_count(v), 1);
	assert_int_equal(view_index_of(v, 0, "1"), SIZE_MAX);
	r = dup_ticket(s, 0, "1");
	r->u.ticket.status = TIX_STATUS_ACTIVE;
	r->u.ticket.updated_at = 40;
	store_put(s, r);
	assert_int_equal(view_count(v), 2);
	assert_int_equal(view_index_of(v, 0, "1"), 0);

	/* A bad filter keeps the old one. */
	assert_false(view_set_filter(v, "colour:red", &cause));
	assert_non_null(cause);
	assert_string_equal(cause, "unknown key: colour");
	free(cause);
	cause = NULL;
	assert_string_equal(view_filter(v), "status:active");
	assert_int_equal(view_count(v), 2);

	/* Customer name: the ticket follows its customer's renaming. */
	r = dup_ticket(s, 0, "2");
	r->u.ticket.customer_id = xstrdup("c1");
	store_put(s, r);
	assert_true(view_set_filter(v, "gandalf", NULL));
	assert_int_equal(view_count(v), 0);
	store_put(s, mk_customer(0, "c1", "Gandalf Grey", "g@shire.example",
	    NULL, 5));
	assert_int_equal(view_count(v), 1);
	assert_int_equal(view_index_of(v, 0, "2"), 0);
	store_put(s, mk_customer(0, "c1", "Mithrandir", "m@shire.example",
	    NULL, 6));
	assert_int_equal(view_count(v), 0);
	assert_true(view_set_filter(v, "mithrandir", NULL));
	assert_int_equal(view_count(v), 1);
	assert_true(store_remove(s, TIX_KIND_CUSTOMER, 0, "c1"));
	assert_int_equal(view_count(v), 0);
	assert_true(view_set_filter(v, "acme", NULL));
	assert_int_equal(view_count(v), 2);
	store_add_account(s, 0, "globex");
	assert_int_equal(view_count(v), 0);

	/* Marks. */
	assert_true(view_set_filter(v, "is:new", NULL));
	assert_int_equal(view_count(v), 0);
	store_ticket_set_marks(s, 0, "1", STORE_MARK_NEW);
	assert_int_equal(store_ticket_marks(s, 0, "1"), STORE_MARK_NEW);
	assert_int_equal(view_count(v), 1);
	store_ticket_set_marks(s, 0, "1", 0);
	assert_int_equal(view_count(v), 0);
	assert_int_equal(store_ticket_marks(s, 0, "nope"), 0);

	/* assignee:me when "me" is learnt after the tickets. */
	r = dup_ticket(s, 0, "1");
	r->u.ticket.user_id = xstrdup("a7");
	store_put(s, r);
	assert_true(view_set_filter(v, "assignee:me", NULL));
	assert_int_equal(view_count(v), 0);
	ag = record_new(TIX_KIND_AGENT, 0);
	ag->u.agent.id = xstrdup("a7");
	ag->u.agent.name = xstrdup("Sam");
	ag->u.agent.is_me = true;
	assert_int_equal(store_put(s, ag), STORE_CREATED);
	assert_int_equal(view_count(v), 1);
	assert_true(store_remove(s, TIX_KIND_AGENT, 0, "a7"));
	assert_null(store_agent_me(s, 0));
	assert_int_equal(view_count(v), 0);

	/* Removing a ticket takes it out of the views. */
	assert_true(view_set_filter(v, "", NULL));
	assert_int_equal(view_count(v), 2);
	assert_true(store_remove(s, TIX_KIND_TICKET, 0, "2"));
	assert_int_equal(view_count(v), 1);
	assert_string_equal(view_at(v, 0)->u.ticket.id, "1");

	view_free(&v);
	store_free(&s);
}

/* Notes stay oldest first; edits replace in place. */
static void
test_notes_order(void **state)
{
	struct store			 *s = store_new();
	const struct record *const	 *notes;
	struct record			 *r;
	size_t				  n;

	assert_null(store_notes(s, 0, "t1", &n));
	assert_int_equal(n, 0);
	store_put(s, mk_note(0, "n3", "t1", "third", 300));
	store_put(s, mk_note(0, "n1", "t1", "first", 100));
	store_put(s, mk_note(0, "n2b", "t1", "second b", 200));
	store_put(s, mk_note(0, "n2a", "t1", "second a", 200));
	store_put(s, mk_note(0, "x1", "t2", "other ticket", 50));
	store_put(s, mk_note(1, "y1", "t1", "other account", 50));

	notes = store_notes(s, 0, "t1", &n);
	assert_int_equal(n, 4);
	assert_string_equal(notes[0]->u.note.id, "n1");
	assert_string_equal(notes[1]->u.note.id, "n2a");
	assert_string_equal(notes[2]->u.note.id, "n2b");
	assert_string_equal(notes[3]->u.note.id, "n3");

	/* An edit replaces the note where it stands. */
	r = mk_note(0, "n2a", "t1", "second a, edited", 200);
	r->u.note.updated_at = 400;
	assert_int_equal(store_put(s, r), STORE_UPDATED);
	notes = store_notes(s, 0, "t1", &n);
	assert_int_equal(n, 4);
	assert_string_equal(notes[1]->u.note.id, "n2a");
	assert_string_equal(notes[1]->u.note.description,
	    "second a, edited");
	/* An older copy of it is stale. */
	assert_int_equal(store_put(s, mk_note(0, "n2a", "t1", "old", 200)),
	    STORE_STALE);
	assert_int_equal(store_count(s, TIX_KIND_NOTE), 6);

	assert_true(store_remove(s, TIX_KIND_NOTE, 0, "n1"));
	notes = store_notes(s, 0, "t1", &n);
	assert_int_equal(n, 3);
	assert_string_equal(notes[0]->u.note.id, "n2a");
	notes = store_notes(s, 1, "t1", &n);
	assert_int_equal(n, 1);
	store_free(&s);
}

/* A ticket owned by a customer. */
static void
put_owned(struct store *s, unsigned account, const char *id,
    const char *cid, int64_t updated)
{
	struct record	*r = mk_ticket(account, id, "s", updated, 1,
	    TIX_PRIORITY_NONE);

	r->u.ticket.customer_id = xstrdup(cid);
	store_put(s, r);
}

/* A person's tickets across accounts by shared e-mail. */
static void
test_person_tickets(void **state)
{
	struct store		 *s = store_new();
	const struct record	**v;
	struct record		 *r;
	size_t			  n, i;
	char			  id[16];

	/* The same person in two accounts, with differently cased mail. */
	store_put(s, mk_customer(0, "c1", "Ann", "Ann@Example.COM", NULL, 1));
	store_put(s, mk_customer(1, "c7", "Ann B.", "work@corp.example",
	    "  ann@example.com", 1));
	store_put(s, mk_customer(2, "c9", "Bob", "bob@example.com", NULL, 1));
	put_owned(s, 0, "t1", "c1", 100);
	put_owned(s, 0, "t2", "c1", 300);
	put_owned(s, 1, "t1", "c7", 200);
	put_owned(s, 2, "t5", "c9", 400);

	v = store_person_tickets(s, 0, "c1", &n);
	assert_int_equal(n, 3);
	assert_int_equal(v[0]->account, 0);
	assert_string_equal(v[0]->u.ticket.id, "t2");
	assert_int_equal(v[1]->account, 1);
	assert_string_equal(v[1]->u.ticket.id, "t1");
	assert_int_equal(v[2]->account, 0);
	assert_string_equal(v[2]->u.ticket.id, "t1");
	free(v);

	/* Seen from the other side, the same three. */
	v = store_person_tickets(s, 1, "c7", &n);
	assert_int_equal(n, 3);
	free(v);

	/* c7 changes address: the histories part. */
	store_put(s, mk_customer(1, "c7", "Ann B.", "work@corp.example", NULL,
	    2));
	v = store_person_tickets(s, 0, "c1", &n);
	assert_int_equal(n, 2);
	assert_int_equal(v[0]->account, 0);
	assert_int_equal(v[1]->account, 0);
	free(v);

	/* A ticket moving to another customer moves in the index. */
	r = dup_ticket(s, 2, "t5");
	free(r->u.ticket.customer_id);
	r->u.ticket.customer_id = xstrdup("c1");
	assert_int_equal(store_put(s, r), STORE_UPDATED);
	v = store_person_tickets(s, 2, "c9", &n);
	assert_int_equal(n, 0);
	assert_null(v);
	/* (account 2, c1) is not account 0's c1. */
	v = store_person_tickets(s, 0, "c1", &n);
	assert_int_equal(n, 2);
	free(v);
	v = store_person_tickets(s, 2, "c1", &n);
	assert_int_equal(n, 1);
	free(v);

	/* Many tickets of one customer leaving in a scattered order. */
	for (i = 0; i < 40; i++) {
		xsnprintf(id, sizeof id, "b%zu", i);
		put_owned(s, 0, id, "bulk", (int64_t)i);
	}
	for (i = 0; i < 40; i += 3) {
		xsnprintf(id, sizeof id, "b%zu", (i * 7) % 40);
		assert_true(store_remove(s, TIX_KIND_TICKET, 0, id));
	}
	v = store_person_tickets(s, 0, "bulk", &n);
	assert_int_equal(n, 26);
	for (i = 1; i < n; i++)
		assert_true(v[i - 1]->u.ticket.updated_at >
		    v[i]->u.ticket.updated_at);
	free(v);

	/* A customer we have no record of still has its own tickets. */
	put_owned(s, 1, "t9", "ghost", 5);
	v = store_person_tickets(s, 1, "ghost", &n);
	assert_int_equal(n, 1);
	free(v);
	store_free(&s);
}

/* Pending changes: begin, put while pending, confirm, fail. */
static void
test_pending(void **state)
{
	struct store		*s = store_new();
	struct view		*v;
	struct patch		 p;
	struct record		*r;
	const struct record	*got;
	char			 agent[] = "a9", category[] = "k1";

	store_put(s, mk_ticket(0, "1", "One", 100, 1, TIX_PRIORITY_LOW));
	store_put(s, mk_ticket(0, "2", "Two", 200, 2, TIX_PRIORITY_NORMAL));
	v = view_new(s, VIEW_SORT_PRIORITY);
	assert_string_equal(view_at(v, 0)->u.ticket.id, "2");

	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY;
	p.priority = TIX_PRIORITY_URGENT;
	assert_false(store_ticket_begin_patch(s, 0, "nope", &p));
	assert_true(store_ticket_begin_patch(s, 0, "1", &p));
	assert_int_equal(store_ticket_pending(s, 0, "1"), TIX_PATCH_PRIORITY);
	got = store_get(s, TIX_KIND_TICKET, 0, "1");
	assert_int_equal(got->u.ticket.priority, TIX_PRIORITY_URGENT);
	assert_string_equal(view_at(v, 0)->u.ticket.id, "1");
	/* The same field cannot be pending twice. */
	assert_false(store_ticket_begin_patch(s, 0, "1", &p));

	/* A newer copy from the platform: its fields, our pending one. */
	r = mk_ticket(0, "1", "One (edited)", 150, 1, TIX_PRIORITY_LOW);
	assert_int_equal(store_put(s, r), STORE_UPDATED);
	got = store_get(s, TIX_KIND_TICKET, 0, "1");
	assert_string_equal(got->u.ticket.subject, "One (edited)");
	assert_int_equal(got->u.ticket.priority, TIX_PRIORITY_URGENT);
	assert_int_equal(got->u.ticket.updated_at, 150);
	assert_int_equal(store_ticket_pending(s, 0, "1"), TIX_PATCH_PRIORITY);

	/* Second field: assignee; it fails and goes back. */
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_ASSIGNEE;
	p.user_id = agent;
	assert_true(store_ticket_begin_patch(s, 0, "1", &p));
	got = store_get(s, TIX_KIND_TICKET, 0, "1");
	assert_string_equal(got->u.ticket.user_id, "a9");
	assert_true(view_set_filter(v, "is:pending", NULL));
	assert_int_equal(view_count(v), 1);
	store_ticket_fail_patch(s, 0, "1", TIX_PATCH_ASSIGNEE);
	got = store_get(s, TIX_KIND_TICKET, 0, "1");
	assert_null(got->u.ticket.user_id);
	assert_int_equal(got->u.ticket.priority, TIX_PRIORITY_URGENT);
	assert_int_equal(store_ticket_pending(s, 0, "1"), TIX_PATCH_PRIORITY);

	/* Confirmed by the platform: its copy becomes the ticket. */
	r = mk_ticket(0, "1", "One (edited)", 160, 1, TIX_PRIORITY_HIGH);
	store_ticket_confirm_patch(s, 0, "1", TIX_PATCH_PRIORITY, r);
	assert_int_equal(store_ticket_pending(s, 0, "1"), 0);
	got = store_get(s, TIX_KIND_TICKET, 0, "1");
	assert_int_equal(got->u.ticket.priority, TIX_PRIORITY_HIGH);
	assert_int_equal(got->u.ticket.updated_at, 160);
	assert_int_equal(view_count(v), 0);
	assert_true(view_set_filter(v, NULL, NULL));
	assert_string_equal(view_at(v, 0)->u.ticket.id, "1");

	/* A put with nothing pending and the same content is unchanged. */
	assert_int_equal(store_put(s, mk_ticket(0, "1", "One (edited)", 160, 1,
	    TIX_PRIORITY_HIGH)), STORE_UNCHANGED);

	/* Confirm without a copy: what we sent is the new value. */
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_STATUS|TIX_PATCH_TAGS;
	p.status = TIX_STATUS_CLOSED;
	strv_add(&p.tags, "vip");
	assert_true(store_ticket_begin_patch(s, 0, "2", &p));
	strv_done(&p.tags);
	store_ticket_confirm_patch(s, 0, "2", TIX_PATCH_STATUS, NULL);
	assert_int_equal(store_ticket_pending(s, 0, "2"), TIX_PATCH_TAGS);
	store_ticket_fail_patch(s, 0, "2", TIX_PATCH_TAGS);
	got = store_get(s, TIX_KIND_TICKET, 0, "2");
	assert_int_equal(got->u.ticket.status, TIX_STATUS_CLOSED);
	assert_int_equal(got->u.ticket.tags.n, 0);
	assert_int_equal(store_ticket_pending(s, 0, "2"), 0);

	/* A pending ticket can be removed. */
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_CATEGORY;
	p.category_id = category;
	assert_true(store_ticket_begin_patch(s, 0, "2", &p));
	assert_true(store_remove(s, TIX_KIND_TICKET, 0, "2"));
	store_ticket_confirm_patch(s, 0, "2", TIX_PATCH_CATEGORY,
	    mk_ticket(0, "2", "Two", 300, 2, TIX_PRIORITY_NORMAL));
	assert_null(store_get(s, TIX_KIND_TICKET, 0, "2"));
	assert_int_equal(view_count(v), 1);

	view_free(&v);
	store_free(&s);
}

/* A category of account 0. */
static struct record *
mk_category(const char *id, const char *name, const char *parent)
{
	struct record	*r = record_new(TIX_KIND_CATEGORY, 0);

	r->u.category.id = xstrdup(id);
	r->u.category.name = xstrdup(name);
	r->u.category.parent_id = xstrdup_opt(parent);
	return r;
}

/* Categories list in tree order, orphans and cycles at the top. */
static void
test_categories_tree(void **state)
{
	struct store		 *s = store_new();
	const struct record	**v;
	const char		 *want[] = { "Account", "Billing", "invoices",
	    "Refunds", "Late", "Zed", "Loop A", "Loop B" };
	size_t			  n, i;

	store_put(s, mk_category("r", "Refunds", "b"));
	store_put(s, mk_category("l", "Late", "r"));
	store_put(s, mk_category("z", "Zed", "missing"));
	store_put(s, mk_category("b", "Billing", NULL));
	store_put(s, mk_category("i", "invoices", "b"));
	store_put(s, mk_category("a", "Account", NULL));
	store_put(s, mk_category("la", "Loop A", "lb"));
	store_put(s, mk_category("lb", "Loop B", "la"));
	assert_int_equal(store_put(s, mk_category("a", "Account", NULL)),
	    STORE_UNCHANGED);

	v = store_list(s, TIX_KIND_CATEGORY, 0, &n);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (i = 0; i < n; i++)
		assert_string_equal(v[i]->u.category.name, want[i]);
	free(v);
	v = store_list(s, TIX_KIND_CATEGORY, 1, &n);
	assert_int_equal(n, 0);
	assert_null(v);
	store_free(&s);
}

/* An agent. */
static struct record *
mk_agent(unsigned account, const char *id, const char *name, bool me)
{
	struct record	*r = record_new(TIX_KIND_AGENT, account);

	r->u.agent.id = xstrdup(id);
	r->u.agent.name = xstrdup(name);
	r->u.agent.is_me = me;
	return r;
}

/* Agents list "me" first, then by name; account names. */
static void
test_agents_me_first(void **state)
{
	struct store		 *s = store_new();
	const struct record	**v;
	struct record		 *r;
	size_t			  n;

	store_put(s, mk_agent(0, "3", "bob", false));
	store_put(s, mk_agent(0, "1", "Zoe", true));
	store_put(s, mk_agent(0, "2", "Adam", false));
	store_put(s, mk_agent(1, "1", "Other", true));

	v = store_list(s, TIX_KIND_AGENT, 0, &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0]->u.agent.name, "Zoe");
	assert_string_equal(v[1]->u.agent.name, "Adam");
	assert_string_equal(v[2]->u.agent.name, "bob");
	free(v);
	assert_string_equal(store_agent_me(s, 0)->u.agent.name, "Zoe");
	assert_string_equal(store_agent_me(s, 1)->u.agent.name, "Other");
	assert_null(store_agent_me(s, 7));

	r = mk_agent(0, "1", "Zoe", false);
	assert_int_equal(store_put(s, r), STORE_UPDATED);
	assert_null(store_agent_me(s, 0));
	v = store_list(s, TIX_KIND_AGENT, 0, &n);
	assert_string_equal(v[0]->u.agent.name, "Adam");
	free(v);

	store_add_account(s, 0, "acme");
	store_add_account(s, 2, "initech");
	assert_string_equal(store_account_name(s, 0), "acme");
	assert_null(store_account_name(s, 1));
	assert_string_equal(store_account_name(s, 2), "initech");
	assert_null(store_account_name(s, 3));
	store_free(&s);
}

/* A view left open when the store goes can still be freed after. */
static void
test_view_outlives_store(void **state)
{
	struct store	*s = store_new();
	struct view	*v;

	store_put(s, mk_ticket(0, "1", "x", 1, 1, TIX_PRIORITY_NONE));
	v = view_new(s, VIEW_SORT_UPDATED);
	assert_int_equal(view_count(v), 1);
	store_free(&s);
	assert_int_equal(view_count(v), 0);
	assert_null(view_at(v, 0));
	view_free(&v);
	assert_null(v);
}

/* Run the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_events),
		cmocka_unit_test(test_many_and_remove),
		cmocka_unit_test(test_hash_churn),
		cmocka_unit_test(test_views_random),
		cmocka_unit_test(test_view_filter_follows),
		cmocka_unit_test(test_notes_order),
		cmocka_unit_test(test_person_tickets),
		cmocka_unit_test(test_pending),
		cmocka_unit_test(test_categories_tree),
		cmocka_unit_test(test_agents_me_first),
		cmocka_unit_test(test_view_outlives_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
