/*
 * Unit tests: the session's sync engine, writes and note outbox, against
 * a mock provider whose answers each test sets.
 */

#include "config.h"

#include <pthread.h>
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

#include "core/provider.h"
#include "core/session.h"
#include "core/store.h"
#include "core/xmalloc.h"

#define MOCK_TICKETS	25
#define WAIT_MS		10000

/* What the mock does; guarded by mock_lock (workers call in). */
enum mock_note_fault {
	MOCK_NOTE_OK,
	MOCK_NOTE_LOST_REPLY,	/* stores the note, then "times out" */
	MOCK_NOTE_NOT_SENT,	/* fails before storing */
	MOCK_NOTE_SERVER_STORED, /* stores the note, then answers 500 */
	MOCK_NOTE_SERVER_LOST,	/* answers 500 without storing it */
};

static pthread_mutex_t	 mock_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 mock_cond = PTHREAD_COND_INITIALIZER;
static struct record	*mock_tickets[MOCK_TICKETS + 1];
static size_t		 mock_ntickets;
static struct record	**mock_notes;
static size_t		 mock_nnotes;
static bool		 mock_fail_open;
/* Records the next ticket list could not read (the kit counts them). */
static unsigned		 mock_unreadable;
static bool		 mock_fail_update;
/* Answer updates with a 500 after applying them (or not). */
static bool		 mock_update_500_applied;
static bool		 mock_update_500_lost;
/* Calls to get(): a write's answer must do without one. */
static size_t		 mock_gets;
/* Tickets deleted on the platform, and when: polls report them. */
static char		*mock_gone[MOCK_TICKETS];
static int64_t		 mock_gone_at[MOCK_TICKETS];
static size_t		 mock_ngone;
/* Ticket lists wait while held (mock_listing says one is waiting). */
static bool		 mock_hold_list;
static bool		 mock_listing;
static enum mock_note_fault mock_note_fault;
/* Platforms date notes near real time; the outbox check relies on it. */
static int64_t		 mock_clock;
/*
 * With customers on (mock_cust_ops), one customer, "c1", whose list copy
 * lacks its tags and second e-mail, as Freshdesk's does; get() has all.
 */
static bool		 mock_customers;
static struct record	*mock_customer;
static size_t		 mock_customer_lists;
static size_t		 mock_customer_gets;

static struct record *
mock_ticket_new(unsigned i)
{
	struct record	*r = record_new(TIX_KIND_TICKET, 0);
	struct ticket	*t = &r->u.ticket;

	t->id = xasprintf("%u", 100 + i);
	t->subject = xasprintf("Mock ticket %u", i);
	t->status_raw = xstrdup("open");
	t->priority = TIX_PRIORITY_NORMAL;
	t->created_at = mock_clock - 1000 + i;
	t->updated_at = mock_clock - 500 + i;
	return r;
}

static void
mock_reset(void)
{
	pthread_mutex_lock(&mock_lock);
	mock_clock = time(NULL);
	mock_unreadable = 0;
	for (size_t i = 0; i < mock_ntickets; i++)
		record_free(&mock_tickets[i]);
	for (size_t i = 0; i < mock_nnotes; i++)
		record_free(&mock_notes[i]);
	free(mock_notes);
	mock_notes = NULL;
	mock_nnotes = 0;
	mock_ntickets = MOCK_TICKETS;
	for (unsigned i = 0; i < MOCK_TICKETS; i++)
		mock_tickets[i] = mock_ticket_new(i);
	mock_fail_open = mock_fail_update = false;
	mock_update_500_applied = mock_update_500_lost = false;
	mock_gets = 0;
	for (size_t i = 0; i < mock_ngone; i++)
		free(mock_gone[i]);
	mock_ngone = 0;
	mock_hold_list = mock_listing = false;
	mock_note_fault = MOCK_NOTE_OK;
	mock_customers = false;
	record_free(&mock_customer);
	mock_customer_lists = mock_customer_gets = 0;
	pthread_mutex_unlock(&mock_lock);
}

/* The customer as a list gives it: no tags, the first e-mail only. */
static struct record *
mock_customer_listed(void)
{
	struct record	*r = record_dup(mock_customer);

	strv_done(&r->u.customer.tags);
	while (r->u.customer.nemails > 1) {
		r->u.customer.nemails--;
		free(r->u.customer.emails[r->u.customer.nemails].value);
		free(r->u.customer.emails[r->u.customer.nemails].type);
	}
	return r;
}

static struct record *
mock_find(const char *id)
{
	for (size_t i = 0; i < mock_ntickets; i++) {
		if (strcmp(mock_tickets[i]->u.ticket.id, id) == 0)
			return mock_tickets[i];
	}
	return NULL;
}

static enum tix_err
mock_open(struct account *a, char **cause)
{
	enum tix_err	err = TIX_OK;

	(void)a;
	pthread_mutex_lock(&mock_lock);
	if (mock_fail_open)
		err = tix_fail(cause, TIX_ERR_AUTH,
		    "HTTP 401: \x1b]0;pwned\x07Couldn't authenticate you");
	pthread_mutex_unlock(&mock_lock);
	return err;
}

static enum tix_err
mock_list(struct account *a, enum tix_kind kind, const struct query *q,
    struct page *out, char **cause)
{
	struct record	*r;

	pthread_mutex_lock(&mock_lock);
	switch (kind) {
	case TIX_KIND_TICKET:
		while (mock_hold_list) {
			mock_listing = true;
			pthread_cond_wait(&mock_cond, &mock_lock);
		}
		mock_listing = false;
		atomic_fetch_add(&a->skipped, mock_unreadable);
		mock_unreadable = 0;
		for (size_t i = 0; i < mock_ntickets; i++) {
			if (mock_tickets[i]->u.ticket.updated_at >=
			    q->updated_since)
				page_add(out, record_dup(mock_tickets[i]));
		}
		for (size_t i = 0; i < mock_ngone && q->updated_since > 0;
		    i++) {
			if (mock_gone_at[i] >= q->updated_since)
				page_add_removed(out, mock_gone[i]);
		}
		break;
	case TIX_KIND_NOTE:
		if (mock_find(q->ticket_id) == NULL) {
			pthread_mutex_unlock(&mock_lock);
			return tix_fail(cause, TIX_ERR_NOT_FOUND,
			    "no ticket %s", q->ticket_id);
		}
		for (size_t i = 0; i < mock_nnotes; i++) {
			if (strcmp(mock_notes[i]->u.note.ticket_id,
			    q->ticket_id) == 0)
				page_add(out, record_dup(mock_notes[i]));
		}
		break;
	case TIX_KIND_CUSTOMER:
		mock_customer_lists++;
		if (mock_customer != NULL &&
		    mock_customer->u.customer.updated_at >= q->updated_since)
			page_add(out, mock_customer_listed());
		break;
	case TIX_KIND_AGENT:
		r = record_new(TIX_KIND_AGENT, a->index);
		r->u.agent.id = xstrdup("u1");
		r->u.agent.name = xstrdup("Me Myself");
		r->u.agent.is_me = true;
		page_add(out, r);
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&mock_lock);
	return TIX_OK;
}

static enum tix_err
mock_get(struct account *a, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	struct record	*t;
	enum tix_err	 err = TIX_OK;

	(void)a;
	pthread_mutex_lock(&mock_lock);
	if (kind == TIX_KIND_CUSTOMER) {
		mock_customer_gets++;
		t = strcmp(id, "c1") == 0 ? mock_customer : NULL;
	} else {
		mock_gets++;
		t = kind == TIX_KIND_TICKET ? mock_find(id) : NULL;
	}
	if (t == NULL)
		err = tix_fail(cause, TIX_ERR_NOT_FOUND, "not found");
	else
		*out = record_dup(t);
	pthread_mutex_unlock(&mock_lock);
	return err;
}

static enum tix_err
mock_create(struct account *a, const struct record *in, struct record **out,
    bool *maybe_sent, char **cause)
{
	struct record	*n, *t;
	enum tix_err	 err = TIX_OK;

	(void)a;
	*maybe_sent = false;
	pthread_mutex_lock(&mock_lock);
	if (mock_note_fault == MOCK_NOTE_NOT_SENT) {
		err = tix_fail(cause, TIX_ERR_NETWORK, "connection refused");
		goto out;
	}
	if (mock_note_fault == MOCK_NOTE_SERVER_LOST) {
		/* The platform may or may not have kept it: it did not. */
		err = tix_fail(cause, TIX_ERR_SERVER, "HTTP 503");
		*maybe_sent = true;
		goto out;
	}
	/* A platform refuses a note on a ticket it no longer has. */
	if (mock_find(in->u.note.ticket_id) == NULL) {
		err = tix_fail(cause, TIX_ERR_NOT_FOUND, "no ticket %s",
		    in->u.note.ticket_id);
		goto out;
	}
	n = record_dup(in);
	free(n->u.note.id);
	n->u.note.id = xasprintf("n%zu", mock_nnotes + 1);
	n->u.note.created_at = n->u.note.updated_at = ++mock_clock;
	mock_notes = xreallocarray(mock_notes, mock_nnotes + 1,
	    sizeof *mock_notes);
	mock_notes[mock_nnotes++] = n;
	t = mock_find(in->u.note.ticket_id);
	if (t != NULL)
		t->u.ticket.updated_at = mock_clock;
	if (mock_note_fault == MOCK_NOTE_LOST_REPLY) {
		err = tix_fail(cause, TIX_ERR_NETWORK,
		    "timed out; the outcome is unknown");
		*maybe_sent = true;
	} else if (mock_note_fault == MOCK_NOTE_SERVER_STORED) {
		err = tix_fail(cause, TIX_ERR_SERVER,
		    "HTTP 500: internal error");
		*maybe_sent = true;
	} else
		*out = record_dup(n);
out:
	pthread_mutex_unlock(&mock_lock);
	return err;
}

static enum tix_err
mock_update(struct account *a, const char *id, const struct patch *p,
    struct record **out, bool *maybe_sent, char **cause)
{
	struct record	*t;
	enum tix_err	 err = TIX_OK;

	(void)a;
	*maybe_sent = false;
	pthread_mutex_lock(&mock_lock);
	t = mock_find(id);
	if (t == NULL)
		err = tix_fail(cause, TIX_ERR_NOT_FOUND, "no ticket %s", id);
	else if (mock_fail_update)
		err = tix_fail(cause, TIX_ERR_CONFLICT,
		    "ticket is locked by another agent");
	else if (mock_update_500_lost) {
		err = tix_fail(cause, TIX_ERR_SERVER, "HTTP 502");
		*maybe_sent = true;
	} else {
		patch_apply(p, &t->u.ticket);
		t->u.ticket.updated_at = ++mock_clock;
		if (mock_update_500_applied) {
			err = tix_fail(cause, TIX_ERR_SERVER, "HTTP 500");
			*maybe_sent = true;
		} else
			*out = record_dup(t);
	}
	pthread_mutex_unlock(&mock_lock);
	return err;
}

/* Another agent changes a ticket on the platform. */
static bool
mock_touch(const char *id, const char *subject)
{
	struct record	*t;

	pthread_mutex_lock(&mock_lock);
	t = mock_find(id);
	if (t != NULL) {
		free(t->u.ticket.subject);
		t->u.ticket.subject = xstrdup(subject);
		t->u.ticket.updated_at = ++mock_clock;
	}
	pthread_mutex_unlock(&mock_lock);
	return t != NULL;
}

/*
 * Someone deletes a ticket on the platform, with its notes.  With
 * reported set, the next poll's page names it in removed; without, only
 * get() can tell.
 */
static void
mock_delete(const char *id, bool reported)
{
	size_t	j = 0;

	pthread_mutex_lock(&mock_lock);
	for (size_t i = 0; i < mock_ntickets; i++) {
		if (strcmp(mock_tickets[i]->u.ticket.id, id) == 0)
			record_free(&mock_tickets[i]);
		else
			mock_tickets[j++] = mock_tickets[i];
	}
	mock_ntickets = j;
	j = 0;
	for (size_t i = 0; i < mock_nnotes; i++) {
		if (strcmp(mock_notes[i]->u.note.ticket_id, id) == 0)
			record_free(&mock_notes[i]);
		else
			mock_notes[j++] = mock_notes[i];
	}
	mock_nnotes = j;
	if (reported) {
		mock_gone[mock_ngone] = xstrdup(id);
		mock_gone_at[mock_ngone++] = ++mock_clock;
	}
	pthread_mutex_unlock(&mock_lock);
}

/* Hold ticket lists (a poll waits in the worker), or let them go. */
static void
mock_hold(bool hold)
{
	pthread_mutex_lock(&mock_lock);
	mock_hold_list = hold;
	pthread_cond_broadcast(&mock_cond);
	pthread_mutex_unlock(&mock_lock);
}

static bool
done_poll_held(struct session *s, void *arg)
{
	bool	waiting;

	(void)s;
	(void)arg;
	pthread_mutex_lock(&mock_lock);
	waiting = mock_listing;
	pthread_mutex_unlock(&mock_lock);
	return waiting;
}

static size_t
mock_note_count(const char *ticket_id)
{
	size_t	n = 0;

	pthread_mutex_lock(&mock_lock);
	for (size_t i = 0; i < mock_nnotes; i++) {
		if (strcmp(mock_notes[i]->u.note.ticket_id, ticket_id) == 0)
			n++;
	}
	pthread_mutex_unlock(&mock_lock);
	return n;
}

static size_t
mock_get_count(void)
{
	size_t	n;

	pthread_mutex_lock(&mock_lock);
	n = mock_gets;
	pthread_mutex_unlock(&mock_lock);
	return n;
}

/* The platform's updated_at of a ticket, or -1. */
static int64_t
mock_updated_at(const char *id)
{
	struct record	*t;
	int64_t		 at;

	pthread_mutex_lock(&mock_lock);
	t = mock_find(id);
	at = t != NULL ? t->u.ticket.updated_at : -1;
	pthread_mutex_unlock(&mock_lock);
	return at;
}

/* Stands in for the demo: the same name, and accounts of its own. */
static const char *const mock_accounts[] = {
	"acme", "globex", "initech", NULL
};

static const struct tix_provider_ops mock_ops = {
	.name = "demo",
	.title = "Mock Desk",
	.builtin_accounts = mock_accounts,
	.caps = TIX_CAP_READ_TICKETS | TIX_CAP_READ_NOTES |
	    TIX_CAP_READ_AGENTS | TIX_CAP_WRITE_REPLY |
	    TIX_CAP_WRITE_INTERNAL | TIX_CAP_WRITE_PRIORITY |
	    TIX_CAP_WRITE_STATUS | TIX_CAP_INCREMENTAL,
	.open = mock_open,
	.list = mock_list,
	.get = mock_get,
	.create = mock_create,
	.update = mock_update,
};

/* The same desk, reading customers too. */
static const struct tix_provider_ops mock_cust_ops = {
	.name = "demo",
	.title = "Mock Desk",
	.builtin_accounts = mock_accounts,
	.caps = TIX_CAP_READ_TICKETS | TIX_CAP_READ_NOTES |
	    TIX_CAP_READ_AGENTS | TIX_CAP_READ_CUSTOMERS |
	    TIX_CAP_INCREMENTAL,
	.open = mock_open,
	.list = mock_list,
	.get = mock_get,
};

static const struct tix_provider_ops *
mock_find_provider(const char *name)
{
	bool	customers;

	pthread_mutex_lock(&mock_lock);
	customers = mock_customers;
	pthread_mutex_unlock(&mock_lock);
	if (strcmp(name, "demo") != 0)
		return NULL;
	return customers ? &mock_cust_ops : &mock_ops;
}

static bool
done_loaded(struct session *s, void *arg)
{
	(void)arg;
	return session_loaded(s);
}

static bool
done_no_pending(struct session *s, void *arg)
{
	(void)arg;
	return session_pending_writes(s) == 0;
}

static struct session *
mock_session(int poll_seconds)
{
	struct session_options	 o = {
		.find_provider = mock_find_provider,
		.demo = true,
		.only_account = "acme",
		.poll_seconds = poll_seconds,
	};
	struct session		*s = NULL;
	char			*cause = NULL;

	assert_int_equal(session_new(&o, &s, &cause), TIX_OK);
	assert_null(cause);
	assert_int_equal(session_wait(s, done_loaded, NULL, WAIT_MS, &cause),
	    TIX_OK);
	return s;
}

static int
setup(void **state)
{
	(void)state;
	mock_reset();
	return 0;
}

static void
test_load(void **state)
{
	struct session		*s;
	struct sync_status	 st;
	const struct record	*me;

	(void)state;
	s = mock_session(0);
	session_account_status(s, 0, &st);
	assert_int_equal(st.state, SYNC_OK);
	assert_int_equal(store_count(session_store(s), TIX_KIND_TICKET),
	    MOCK_TICKETS);
	me = store_agent_me(session_store(s), 0);
	assert_non_null(me);
	assert_string_equal(me->u.agent.id, "u1");
	/* Nothing loaded on start-up counts as new activity. */
	assert_int_equal(store_ticket_marks(session_store(s), 0, "100"), 0);
	session_free(&s);
	assert_null(s);
}

static void
test_update_confirmed(void **state)
{
	struct session		*s;
	struct patch		 p = { .fields = TIX_PATCH_PRIORITY,
				    .priority = TIX_PRIORITY_URGENT };
	const struct record	*t;
	char			*cause = NULL;

	(void)state;
	s = mock_session(0);
	assert_int_equal(session_update_ticket(s, 0, "105", &p, &cause),
	    TIX_OK);
	/* Shown at once, as pending. */
	t = store_get(session_store(s), TIX_KIND_TICKET, 0, "105");
	assert_int_equal(t->u.ticket.priority, TIX_PRIORITY_URGENT);
	assert_int_equal(store_ticket_pending(session_store(s), 0, "105"),
	    TIX_PATCH_PRIORITY);
	assert_int_equal(session_pending_writes(s), 1);
	/* The same field again is refused while pending. */
	assert_int_not_equal(session_update_ticket(s, 0, "105", &p, &cause),
	    TIX_OK);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(session_wait(s, done_no_pending, NULL, WAIT_MS,
	    &cause), TIX_OK);
	t = store_get(session_store(s), TIX_KIND_TICKET, 0, "105");
	assert_int_equal(t->u.ticket.priority, TIX_PRIORITY_URGENT);
	assert_int_equal(store_ticket_pending(session_store(s), 0, "105"), 0);
	/* The platform's answer is the new copy: nothing fetched again. */
	assert_int_equal(t->u.ticket.updated_at, mock_updated_at("105"));
	assert_int_equal(mock_get_count(), 0);
	assert_null(session_take_message(s));
	session_free(&s);
}

static void
test_update_failure_reverts(void **state)
{
	struct session		*s;
	struct patch		 p = { .fields = TIX_PATCH_STATUS,
				    .status = TIX_STATUS_CLOSED };
	const struct record	*t;
	char			*cause = NULL, *msg;

	(void)state;
	s = mock_session(0);
	pthread_mutex_lock(&mock_lock);
	mock_fail_update = true;
	pthread_mutex_unlock(&mock_lock);
	assert_int_equal(session_update_ticket(s, 0, "101", &p, &cause),
	    TIX_OK);
	t = store_get(session_store(s), TIX_KIND_TICKET, 0, "101");
	assert_int_equal(t->u.ticket.status, TIX_STATUS_CLOSED);
	assert_int_equal(session_wait(s, done_no_pending, NULL, WAIT_MS,
	    &cause), TIX_OK);
	t = store_get(session_store(s), TIX_KIND_TICKET, 0, "101");
	assert_int_equal(t->u.ticket.status, TIX_STATUS_ACTIVE);
	assert_string_equal(t->u.ticket.status_raw, "open");
	msg = session_take_message(s);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "acme:101"));
	assert_non_null(strstr(msg, "locked by another agent"));
	free(msg);
	session_free(&s);
}

/*
 * A change answered 500 after the platform made it: the session reads the
 * ticket back and keeps the change instead of reporting a failure.
 */
static void
test_update_server_error_applied_is_kept(void **state)
{
	struct session		*s;
	struct patch		 p = { .fields = TIX_PATCH_PRIORITY,
				    .priority = TIX_PRIORITY_HIGH };
	const struct record	*t;
	char			*cause = NULL, *msg;

	(void)state;
	s = mock_session(0);
	pthread_mutex_lock(&mock_lock);
	mock_update_500_applied = true;
	pthread_mutex_unlock(&mock_lock);
	assert_int_equal(session_update_ticket(s, 0, "107", &p, &cause),
	    TIX_OK);
	assert_int_equal(session_wait(s, done_no_pending, NULL, WAIT_MS,
	    &cause), TIX_OK);
	t = store_get(session_store(s), TIX_KIND_TICKET, 0, "107");
	assert_int_equal(t->u.ticket.priority, TIX_PRIORITY_HIGH);
	assert_int_equal(store_ticket_pending(session_store(s), 0, "107"), 0);
	/* Looked once, and said nothing: the change is there. */
	assert_int_equal(mock_get_count(), 1);
	msg = session_take_message(s);
	assert_null(msg);
	session_free(&s);
}

/* A change answered 500 that did not happen is reverted, and says so. */
static void
test_update_server_error_lost_is_reverted(void **state)
{
	struct session		*s;
	struct patch		 p = { .fields = TIX_PATCH_PRIORITY,
				    .priority = TIX_PRIORITY_HIGH };
	const struct record	*t;
	char			*cause = NULL, *msg;

	(void)state;
	s = mock_session(0);
	pthread_mutex_lock(&mock_lock);
	mock_update_500_lost = true;
	pthread_mutex_unlock(&mock_lock);
	assert_int_equal(session_update_ticket(s, 0, "107", &p, &cause),
	    TIX_OK);
	assert_int_equal(session_wait(s, done_no_pending, NULL, WAIT_MS,
	    &cause), TIX_OK);
	t = store_get(session_store(s), TIX_KIND_TICKET, 0, "107");
	assert_int_equal(t->u.ticket.priority, TIX_PRIORITY_NORMAL);
	assert_int_equal(mock_get_count(), 1);
	msg = session_take_message(s);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "acme:107: not changed: HTTP 502"));
	free(msg);
	session_free(&s);
}

static void
test_unsupported_write_refused(void **state)
{
	struct session	*s;
	struct patch	 p = { .fields = TIX_PATCH_CATEGORY };
	char		*cause = NULL;

	(void)state;
	s = mock_session(0);
	assert_int_equal(session_update_ticket(s, 0, "101", &p, &cause),
	    TIX_ERR_UNSUPPORTED);
	assert_non_null(strstr(cause, "category"));
	free(cause);
	assert_int_equal(session_pending_writes(s), 0);
	session_free(&s);
}

static bool
done_note_settled(struct session *s, void *arg)
{
	const struct journal_entry	**v;
	size_t				  n;
	bool				  settled;

	(void)arg;
	v = session_outbox(s, 0, "103", &n);
	settled = n == 0 || v[0]->state == JOURNAL_FAILED;
	free(v);
	return settled;
}

static void
test_note_posted(void **state)
{
	struct session			 *s;
	const struct journal_entry	**v;
	const struct record *const	 *notes;
	size_t				  n;
	char				 *cause = NULL;

	(void)state;
	s = mock_session(0);
	assert_int_equal(session_add_note(s, 0, "103", "Checked the logs.",
	    false, &cause), TIX_OK);
	v = session_outbox(s, 0, "103", &n);
	assert_int_equal(n, 1);
	assert_int_equal(v[0]->state, JOURNAL_SENDING);
	free(v);
	assert_int_equal(session_wait(s, done_note_settled, NULL, WAIT_MS,
	    &cause), TIX_OK);
	v = session_outbox(s, 0, "103", &n);
	assert_int_equal(n, 0);
	free(v);
	notes = store_notes(session_store(s), 0, "103", &n);
	assert_int_equal(n, 1);
	assert_string_equal(notes[0]->u.note.description, "Checked the logs.");
	assert_false(notes[0]->u.note.is_public);
	assert_int_equal(mock_note_count("103"), 1);
	/* The note came back with the answer: nothing fetched again. */
	assert_int_equal(mock_get_count(), 0);
	/* An empty note is refused up front. */
	assert_int_equal(session_add_note(s, 0, "103", " \n ", true, &cause),
	    TIX_ERR_INVALID);
	free(cause);
	session_free(&s);
}

static bool	done_marked(struct session *, void *);

/* A ticket id to wait for (session_wait() takes a void *). */
static char	ticket_101[] = "101";

static bool
done_ticket_current(struct session *s, void *arg)
{
	const struct record	*t;

	t = store_get(session_store(s), TIX_KIND_TICKET, 0, arg);
	return t != NULL && t->u.ticket.updated_at == mock_updated_at(arg);
}

/*
 * The ticket a note changed comes back with the next poll, without a
 * get() and without an "updated" mark: it was the user's own write.
 */
static void
test_note_own_write_not_marked(void **state)
{
	struct session	*s;
	char		*cause = NULL, id[] = "104";

	(void)state;
	s = mock_session(1);
	assert_int_equal(session_add_note(s, 0, id, "On it.", true, &cause),
	    TIX_OK);
	assert_int_equal(session_wait(s, done_no_pending, NULL, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(session_wait(s, done_ticket_current, id, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(store_ticket_marks(session_store(s), 0, id), 0);
	assert_int_equal(mock_get_count(), 0);
	/* Someone else's change after it is still news. */
	assert_true(mock_touch(id, "Changed by someone else"));
	assert_int_equal(session_wait(s, done_marked, id, WAIT_MS, &cause),
	    TIX_OK);
	session_free(&s);
}

/* With the platform answering again, retry note id until it settles. */
static void
note_retry_settled(struct session *s, uint64_t id)
{
	const struct journal_entry	**v;
	size_t				  n;
	char				 *cause = NULL;

	pthread_mutex_lock(&mock_lock);
	mock_note_fault = MOCK_NOTE_OK;
	pthread_mutex_unlock(&mock_lock);
	assert_int_equal(session_retry_note(s, id, &cause), TIX_OK);
	assert_int_equal(session_wait(s, done_note_settled, NULL, WAIT_MS,
	    &cause), TIX_OK);
	v = session_outbox(s, 0, "103", &n);
	assert_int_equal(n, 0);
	free(v);
	free(cause);
}

/*
 * Send a note that fails under the given fault, then retry it.  The
 * provider's *maybe_sent (want_maybe_sent) decides whether the retry
 * looks on the platform first, whatever the error code.
 */
static void
note_fail_then_retry(enum mock_note_fault fault, bool want_maybe_sent)
{
	struct session			 *s;
	const struct journal_entry	**v;
	size_t				  n;
	uint64_t			  id;
	char				 *cause = NULL, *msg;
	bool				  flagged;

	s = mock_session(0);
	pthread_mutex_lock(&mock_lock);
	mock_note_fault = fault;
	pthread_mutex_unlock(&mock_lock);
	assert_int_equal(session_add_note(s, 0, "103", "Refund issued.",
	    true, &cause), TIX_OK);
	assert_int_equal(session_wait(s, done_note_settled, NULL, WAIT_MS,
	    &cause), TIX_OK);
	v = session_outbox(s, 0, "103", &n);
	/* The note is kept, failed, never silently dropped. */
	assert_int_equal(n, 1);
	assert_int_equal(v[0]->state, JOURNAL_FAILED);
	flagged = v[0]->maybe_sent;
	id = v[0]->id;
	free(v);
	assert_int_equal(session_failed_notes(s), 1);
	msg = session_take_message(s);
	assert_non_null(strstr(msg, "note not sent"));
	free(msg);

	note_retry_settled(s, id);
	/* Exactly one copy on the platform either way. */
	assert_int_equal(mock_note_count("103"), 1);
	/* Flagged by what the provider said, not by the error code. */
	assert_int_equal(flagged, want_maybe_sent);
	session_free(&s);
}

static void
test_note_lost_reply_not_posted_twice(void **state)
{
	(void)state;
	note_fail_then_retry(MOCK_NOTE_LOST_REPLY, true);
}

/* The platform stored the note and answered 500: never post it again. */
static void
test_note_server_error_not_posted_twice(void **state)
{
	(void)state;
	note_fail_then_retry(MOCK_NOTE_SERVER_STORED, true);
}

/* A 500 that did not store it: the retry looks, finds nothing, sends. */
static void
test_note_server_error_sent_on_retry(void **state)
{
	(void)state;
	note_fail_then_retry(MOCK_NOTE_SERVER_LOST, true);
}

/*
 * Post text, wait until settled; under fault the note fails and is then
 * retried with the platform answering.
 */
static void
note_twice(enum mock_note_fault fault, const char *text, size_t want)
{
	struct session			 *s;
	const struct journal_entry	**v;
	size_t				  n;
	uint64_t			  id;
	char				 *cause = NULL;

	s = mock_session(0);
	assert_int_equal(session_add_note(s, 0, "103", text, true, &cause),
	    TIX_OK);
	assert_int_equal(session_wait(s, done_note_settled, NULL, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(mock_note_count("103"), 1);
	/* The same words again, a minute's worth of seconds later. */
	pthread_mutex_lock(&mock_lock);
	mock_clock += 5;
	mock_note_fault = fault;
	pthread_mutex_unlock(&mock_lock);
	assert_int_equal(session_add_note(s, 0, "103", text, true, &cause),
	    TIX_OK);
	assert_int_equal(session_wait(s, done_note_settled, NULL, WAIT_MS,
	    &cause), TIX_OK);
	v = session_outbox(s, 0, "103", &n);
	assert_int_equal(n, 1);
	assert_true(v[0]->maybe_sent);
	id = v[0]->id;
	free(v);
	note_retry_settled(s, id);
	assert_int_equal(mock_note_count("103"), want);
	free(cause);
	session_free(&s);
}

/*
 * "Thanks, fixed." twice on one ticket, the second lost on the way
 * (a 503 before the platform kept it): the retry must not take the
 * first for the second; two notes in the end.
 */
static void
test_note_twin_lost_is_sent_on_retry(void **state)
{
	(void)state;
	note_twice(MOCK_NOTE_SERVER_LOST, "Thanks, fixed.", 2);
}

/* The second kept but its answer lost: found as itself, not resent. */
static void
test_note_twin_stored_not_posted_twice(void **state)
{
	(void)state;
	note_twice(MOCK_NOTE_LOST_REPLY, "Thanks, fixed.", 2);
}

/* Refused before sending: a network error the provider says is safe. */
static void
test_note_not_sent_is_sent_on_retry(void **state)
{
	(void)state;
	note_fail_then_retry(MOCK_NOTE_NOT_SENT, false);
}

static bool
done_marked(struct session *s, void *arg)
{
	return store_ticket_marks(session_store(s), 0, arg) != 0;
}

static void
test_poll_marks_changes(void **state)
{
	struct session		*s;
	const struct record	*t;
	char			*cause = NULL, id[] = "110";

	(void)state;
	s = mock_session(1);
	assert_true(mock_touch("110", "Changed by someone else"));
	assert_int_equal(session_wait(s, done_marked, id, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(store_ticket_marks(session_store(s), 0, "110"),
	    STORE_MARK_UPDATED);
	t = store_get(session_store(s), TIX_KIND_TICKET, 0, "110");
	assert_string_equal(t->u.ticket.subject, "Changed by someone else");
	/* Reading it clears the mark. */
	session_open_ticket(s, 0, "110");
	assert_int_equal(store_ticket_marks(session_store(s), 0, "110"), 0);
	session_free(&s);
}

static bool
done_ticket_gone(struct session *s, void *arg)
{
	return store_get(session_store(s), TIX_KIND_TICKET, 0, arg) == NULL;
}

static bool
done_thread_loaded(struct session *s, void *arg)
{
	return session_thread_loaded(s, 0, arg);
}

/* Take messages until one contains want; false when none does. */
static bool
take_message_with(struct session *s, const char *want)
{
	char	*msg;
	bool	 found = false;

	while (!found) {
		msg = session_take_message(s);
		if (msg == NULL)
			break;
		found = strstr(msg, want) != NULL;
		free(msg);
	}
	return found;
}

/*
 * A ticket deleted on the platform leaves with the next poll: every view,
 * its notes and its marks go, and the user is told.
 */
static void
test_poll_removes_deleted_ticket(void **state)
{
	struct session	*s;
	struct view	*v;
	char		*cause = NULL, id[] = "112", other[] = "113";
	size_t		 n;

	(void)state;
	s = mock_session(1);
	v = view_new(session_store(s), VIEW_SORT_UPDATED);
	assert_int_equal(view_count(v), MOCK_TICKETS);
	pthread_mutex_lock(&mock_lock);
	mock_notes = xreallocarray(mock_notes, mock_nnotes + 1,
	    sizeof *mock_notes);
	mock_notes[mock_nnotes] = record_new(TIX_KIND_NOTE, 0);
	mock_notes[mock_nnotes]->u.note.id = xstrdup("n-old");
	mock_notes[mock_nnotes]->u.note.ticket_id = xstrdup(id);
	mock_notes[mock_nnotes]->u.note.description = xstrdup("Hello");
	mock_nnotes++;
	pthread_mutex_unlock(&mock_lock);
	session_open_ticket(s, 0, id);
	assert_int_equal(session_wait(s, done_thread_loaded, id, WAIT_MS,
	    &cause), TIX_OK);
	store_notes(session_store(s), 0, id, &n);
	assert_int_equal(n, 1);
	session_open_ticket(s, 0, other);	/* 112 is no longer read */
	assert_true(mock_touch(id, "Changed, then deleted"));
	assert_int_equal(session_wait(s, done_marked, id, WAIT_MS, &cause),
	    TIX_OK);

	mock_delete(id, true);
	assert_int_equal(session_wait(s, done_ticket_gone, id, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(view_count(v), MOCK_TICKETS - 1);
	assert_int_equal(view_index_of(v, 0, id), SIZE_MAX);
	assert_int_equal(store_count(session_store(s), TIX_KIND_TICKET),
	    MOCK_TICKETS - 1);
	assert_null(store_notes(session_store(s), 0, id, &n));
	assert_int_equal(n, 0);
	assert_int_equal(store_count(session_store(s), TIX_KIND_NOTE), 0);
	assert_int_equal(store_ticket_marks(session_store(s), 0, id), 0);
	assert_false(session_thread_loaded(s, 0, id));
	assert_true(take_message_with(s, "acme:112: deleted on the platform"));
	/* Later polls still report it; nothing more is said. */
	pthread_mutex_lock(&mock_lock);
	mock_gets = 0;
	pthread_mutex_unlock(&mock_lock);
	assert_true(mock_touch("101", "A later change"));
	assert_int_equal(session_wait(s, done_ticket_current, ticket_101, WAIT_MS,
	    &cause), TIX_OK);
	assert_null(session_take_message(s));
	view_free(&v);
	session_free(&s);
}

/*
 * Writes on a ticket deleted before they ran fail with a clear message:
 * the change is dropped, the note stays in the outbox as failed.
 */
static void
test_deleted_ticket_fails_writes(void **state)
{
	struct session			 *s;
	struct patch			  p = { .fields = TIX_PATCH_PRIORITY,
					    .priority = TIX_PRIORITY_LOW };
	const struct journal_entry	**v;
	char				 *cause = NULL, id[] = "108";
	size_t				  n;
	uint64_t			  note;

	(void)state;
	s = mock_session(1);
	/* A poll waits in the worker; the writes queue behind it. */
	mock_hold(true);
	assert_int_equal(session_wait(s, done_poll_held, NULL, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(session_update_ticket(s, 0, id, &p, &cause), TIX_OK);
	assert_int_equal(session_add_note(s, 0, id, "Sorry for the wait.",
	    true, &cause), TIX_OK);
	assert_int_equal(session_pending_writes(s), 2);
	mock_delete(id, true);
	mock_hold(false);
	assert_int_equal(session_wait(s, done_ticket_gone, id, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(session_pending_writes(s), 0);
	assert_true(take_message_with(s,
	    "acme:108: not changed: the ticket was deleted on the platform"));
	assert_true(take_message_with(s,
	    "acme:108: note not sent: the ticket was deleted on the platform"));
	v = session_outbox(s, 0, id, &n);
	assert_int_equal(n, 1);
	assert_int_equal(v[0]->state, JOURNAL_FAILED);
	assert_false(v[0]->maybe_sent);
	assert_string_equal(v[0]->error,
	    "the ticket was deleted on the platform");
	note = v[0]->id;
	free(v);
	assert_int_equal(session_failed_notes(s), 1);
	/* The queued jobs come back "not found" and change nothing. */
	assert_int_equal(session_wait(s, done_ticket_current, ticket_101, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(session_failed_notes(s), 1);
	assert_int_equal(session_retry_note(s, note, &cause),
	    TIX_ERR_NOT_FOUND);
	assert_string_equal(cause,
	    "acme:108: the ticket was deleted on the platform");
	free(cause);
	cause = NULL;
	session_discard_note(s, note);
	assert_int_equal(session_failed_notes(s), 0);
	assert_int_equal(mock_note_count(id), 0);
	session_free(&s);
}

/*
 * Opening a ticket that was deleted without a poll saying so: its notes
 * answer "not found", get() confirms, and it leaves the inbox.
 */
static void
test_open_deleted_ticket_removes_it(void **state)
{
	struct session	*s;
	char		*cause = NULL, id[] = "115";

	(void)state;
	s = mock_session(0);
	mock_delete(id, false);
	session_open_ticket(s, 0, id);
	assert_int_equal(session_wait(s, done_ticket_gone, id, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(mock_get_count(), 1);
	assert_int_equal(store_count(session_store(s), TIX_KIND_TICKET),
	    MOCK_TICKETS - 1);
	assert_true(take_message_with(s, "acme:115: deleted on the platform"));
	session_free(&s);
}

/* Customers on, and ticket 100 is c1's. */
static void
mock_customers_on(void)
{
	struct customer	*c;

	pthread_mutex_lock(&mock_lock);
	mock_customers = true;
	mock_customer = record_new(TIX_KIND_CUSTOMER, 0);
	c = &mock_customer->u.customer;
	c->id = xstrdup("c1");
	c->name = xstrdup("Ada Customer");
	c->emails = xcalloc(2, sizeof *c->emails);
	c->emails[0].value = xstrdup("ada@work.example");
	c->emails[1].value = xstrdup("ada@home.example");
	c->nemails = 2;
	strv_add(&c->tags, "vip");
	c->updated_at = mock_clock - 100;
	mock_find("100")->u.ticket.customer_id = xstrdup("c1");
	pthread_mutex_unlock(&mock_lock);
}

static size_t
mock_counter(const size_t *counter)
{
	size_t	n;

	pthread_mutex_lock(&mock_lock);
	n = *counter;
	pthread_mutex_unlock(&mock_lock);
	return n;
}

/* The copy of c1 the session holds is whole: its tag and both e-mails. */
static bool
held_customer_whole(struct session *s, const char *name)
{
	const struct record	*r;

	r = store_get(session_store(s), TIX_KIND_CUSTOMER, 0, "c1");
	return r != NULL && strcmp(r->u.customer.name, name) == 0 &&
	    strv_has(&r->u.customer.tags, "vip") &&
	    r->u.customer.nemails == 2;
}

static bool
done_opened(struct session *s, void *arg)
{
	return session_thread_loaded(s, 0, arg) &&
	    session_customer_loaded(s, 0, arg);
}

/* A poll listed the customer (past *arg lists) and nothing is running. */
static bool
done_customer_polled(struct session *s, void *arg)
{
	struct sync_status	st;

	session_account_status(s, 0, &st);
	return mock_counter(&mock_customer_lists) > *(size_t *)arg &&
	    st.jobs == 0;
}

static bool
done_renamed_whole(struct session *s, void *arg)
{
	(void)arg;
	return held_customer_whole(s, "Ada Renamed") &&
	    session_customer_loaded(s, 0, "100");
}

/*
 * A platform that lists customers with fewer fields than get() gives
 * (Freshdesk: no tags, no other e-mails): opening a ticket reads its
 * customer whole, and polls do not trade that copy for the list's.
 */
static void
test_open_reads_customer(void **state)
{
	struct session		*s;
	const struct record	*c;
	char			*cause = NULL, id[] = "100";
	size_t			 lists;

	(void)state;
	mock_customers_on();
	s = mock_session(1);
	c = store_get(session_store(s), TIX_KIND_CUSTOMER, 0, "c1");
	assert_non_null(c);
	assert_int_equal(c->u.customer.tags.n, 0);	/* the list's copy */
	assert_false(session_customer_loaded(s, 0, id) &&
	    session_thread_loaded(s, 0, id));

	session_open_ticket(s, 0, id);
	assert_int_equal(session_wait(s, done_opened, id, WAIT_MS, &cause),
	    TIX_OK);
	assert_true(held_customer_whole(s, "Ada Customer"));
	assert_int_equal(mock_counter(&mock_customer_gets), 1);

	/* A poll lists it again, no newer: the whole copy stays. */
	lists = mock_counter(&mock_customer_lists);
	assert_int_equal(session_wait(s, done_customer_polled, &lists,
	    WAIT_MS, &cause), TIX_OK);
	assert_true(held_customer_whole(s, "Ada Customer"));
	assert_int_equal(mock_counter(&mock_customer_gets), 1);

	/* Changed on the platform while open: read whole again. */
	pthread_mutex_lock(&mock_lock);
	free(mock_customer->u.customer.name);
	mock_customer->u.customer.name = xstrdup("Ada Renamed");
	mock_customer->u.customer.updated_at = ++mock_clock;
	pthread_mutex_unlock(&mock_lock);
	assert_int_equal(session_wait(s, done_renamed_whole, NULL, WAIT_MS,
	    &cause), TIX_OK);
	assert_int_equal(mock_counter(&mock_customer_gets), 2);
	session_free(&s);
}

/* Records a platform sent that could not be read show in the status. */
static void
test_skipped_in_status(void **state)
{
	struct session		*s;
	struct sync_status	 st;
	char			*cause = NULL;

	(void)state;
	pthread_mutex_lock(&mock_lock);
	mock_unreadable = 3;
	pthread_mutex_unlock(&mock_lock);
	s = mock_session(1);
	session_account_status(s, 0, &st);
	assert_int_equal(st.state, SYNC_OK);
	assert_int_equal(st.skipped, 3);
	assert_null(cause);
	session_free(&s);
}

static void
test_open_failure_reported(void **state)
{
	struct session_options	 o = {
		.find_provider = mock_find_provider,
		.demo = true,
		.only_account = "acme",
	};
	struct session		*s = NULL;
	struct sync_status	 st;
	char			*cause = NULL;

	(void)state;
	pthread_mutex_lock(&mock_lock);
	mock_fail_open = true;
	pthread_mutex_unlock(&mock_lock);
	assert_int_equal(session_new(&o, &s, &cause), TIX_OK);
	assert_int_equal(session_wait(s, done_loaded, NULL, WAIT_MS, &cause),
	    TIX_OK);
	session_account_status(s, 0, &st);
	assert_int_equal(st.state, SYNC_FAILED);
	assert_non_null(strstr(st.message, "authenticate"));
	/* Platform text is sanitized before it can reach a terminal. */
	assert_null(strchr(st.message, '\x1b'));
	assert_null(strchr(st.message, '\x07'));
	assert_true(session_timeout(s) >= 0);	/* a retry is scheduled */
	session_free(&s);
}

static void
test_unknown_account(void **state)
{
	struct session_options	 o = {
		.find_provider = mock_find_provider,
		.demo = true,
		.only_account = "nope",
	};
	struct session		*s = NULL;
	char			*cause = NULL;

	(void)state;
	assert_int_equal(session_new(&o, &s, &cause), TIX_ERR_NOT_FOUND);
	assert_null(s);
	assert_non_null(strstr(cause, "nope"));
	free(cause);
}

/* Write a config file into a fresh private directory; returns its path. */
static char *
write_config(char *dir, const char *text)
{
	char	*path;
	FILE	*f;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/config", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
remove_config(char *dir, char *path)
{
	unlink(path);
	rmdir(dir);
	free(path);
}

static void
test_configured_account(void **state)
{
	char			 dir[] = "/tmp/tix-test-XXXXXX";
	char			*path, *cause = NULL;
	struct session_options	 o = { .find_provider = mock_find_provider };
	struct session		*s = NULL;

	(void)state;
	path = write_config(dir, "[account desk]\nprovider = demo\n");
	o.config_path = path;
	assert_int_equal(session_new(&o, &s, &cause), TIX_OK);
	assert_false(session_is_demo(s));
	assert_int_equal(session_account_count(s), 1);
	assert_string_equal(session_account_name(s, 0), "desk");
	assert_string_equal(session_account_title(s, 0), "Mock Desk");
	assert_null(session_account_name(s, 1));
	assert_int_equal(session_wait(s, done_loaded, NULL, WAIT_MS, &cause),
	    TIX_OK);
	assert_int_equal(store_count(session_store(s), TIX_KIND_TICKET),
	    MOCK_TICKETS);
	session_free(&s);
	remove_config(dir, path);
}

static void
test_config_unknown_provider(void **state)
{
	char			 dir[] = "/tmp/tix-test-XXXXXX";
	char			*path, *cause = NULL, *want;
	struct session_options	 o = { .find_provider = mock_find_provider };
	struct session		*s = NULL;

	(void)state;
	path = write_config(dir, "# desks\n[account desk]\nprovider = nope\n");
	o.config_path = path;
	assert_int_equal(session_new(&o, &s, &cause), TIX_ERR_INVALID);
	assert_null(s);
	want = xasprintf("%s:3: [account desk]: unknown provider 'nope'",
	    path);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	remove_config(dir, path);
}

static void
test_config_poll_setting(void **state)
{
	char			 dir[] = "/tmp/tix-test-XXXXXX";
	char			 dir2[] = "/tmp/tix-test-XXXXXX";
	char			*path, *cause = NULL, *want;
	struct session_options	 o = { .find_provider = mock_find_provider };
	struct session		*s = NULL;

	(void)state;
	path = write_config(dir,
	    "[ui]\npoll = 2\n[account desk]\nprovider = demo\n");
	o.config_path = path;
	assert_int_equal(session_new(&o, &s, &cause), TIX_OK);
	assert_int_equal(session_wait(s, done_loaded, NULL, WAIT_MS, &cause),
	    TIX_OK);
	/* The next poll is due within the configured two seconds. */
	assert_in_range(session_timeout(s), 0, 2000);
	session_free(&s);
	remove_config(dir, path);

	path = write_config(dir2,
	    "[ui]\npoll = 1\n[account desk]\nprovider = demo\n");
	o.config_path = path;
	assert_int_equal(session_new(&o, &s, &cause), TIX_ERR_INVALID);
	want = xasprintf("%s:2: [ui]: poll must be a number of seconds from "
	    "2 to 3600", path);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	remove_config(dir2, path);
}

static void
test_no_config_falls_back_to_demo(void **state)
{
	char			 dir[] = "/tmp/tix-test-XXXXXX";
	char			*cause = NULL;
	struct session_options	 o = { .find_provider = mock_find_provider };
	struct session		*s = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);
	assert_int_equal(session_new(&o, &s, &cause), TIX_OK);
	assert_true(session_is_demo(s));
	assert_int_equal(session_account_count(s), 3);
	session_free(&s);
	/* An explicit --config that is missing is an error, not the demo. */
	o.config_path = "/nonexistent/tix/config";
	assert_int_not_equal(session_new(&o, &s, &cause), TIX_OK);
	assert_null(s);
	assert_non_null(strstr(cause, "/nonexistent/tix/config"));
	free(cause);
	unsetenv("XDG_CONFIG_HOME");
	rmdir(dir);
}

static int
teardown_all(void **state)
{
	(void)state;
	mock_reset();
	for (size_t i = 0; i < mock_ntickets; i++)
		record_free(&mock_tickets[i]);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_load, setup),
		cmocka_unit_test_setup(test_update_confirmed, setup),
		cmocka_unit_test_setup(test_update_failure_reverts, setup),
		cmocka_unit_test_setup(test_update_server_error_applied_is_kept,
		    setup),
		cmocka_unit_test_setup(test_update_server_error_lost_is_reverted,
		    setup),
		cmocka_unit_test_setup(test_unsupported_write_refused, setup),
		cmocka_unit_test_setup(test_note_posted, setup),
		cmocka_unit_test_setup(test_note_own_write_not_marked, setup),
		cmocka_unit_test_setup(test_note_lost_reply_not_posted_twice,
		    setup),
		cmocka_unit_test_setup(test_note_server_error_not_posted_twice,
		    setup),
		cmocka_unit_test_setup(test_note_server_error_sent_on_retry,
		    setup),
		cmocka_unit_test_setup(test_note_not_sent_is_sent_on_retry,
		    setup),
		cmocka_unit_test_setup(test_note_twin_lost_is_sent_on_retry,
		    setup),
		cmocka_unit_test_setup(test_note_twin_stored_not_posted_twice,
		    setup),
		cmocka_unit_test_setup(test_poll_marks_changes, setup),
		cmocka_unit_test_setup(test_poll_removes_deleted_ticket, setup),
		cmocka_unit_test_setup(test_deleted_ticket_fails_writes, setup),
		cmocka_unit_test_setup(test_open_deleted_ticket_removes_it,
		    setup),
		cmocka_unit_test_setup(test_open_reads_customer, setup),
		cmocka_unit_test_setup(test_skipped_in_status, setup),
		cmocka_unit_test_setup(test_open_failure_reported, setup),
		cmocka_unit_test_setup(test_unknown_account, setup),
		cmocka_unit_test_setup(test_configured_account, setup),
		cmocka_unit_test_setup(test_config_unknown_provider, setup),
		cmocka_unit_test_setup(test_no_config_falls_back_to_demo,
		    setup),
		cmocka_unit_test_setup(test_config_poll_setting, setup),
	};

	return cmocka_run_group_tests(tests, NULL, teardown_all);
}
