/*
 * What the session reads for the tickets the user opens (a ticket's
 * "thread" is its notes, nothing to do with threads of execution): the
 * notes, loaded once and again when a poll shows the ticket changed, and
 * the customer, read afresh with get() at every opening.  A platform may
 * list customers with fewer fields than get() gives (Freshdesk's list
 * has no tags and no other e-mails); the customer pane shows them all,
 * so the opened ticket's customer is read whole, once more when a poll
 * brings a newer copy of it while the ticket is open.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/session_int.h"
#include "core/store.h"
#include "core/xmalloc.h"

static struct thread_state *
thread_find(const struct session *s, unsigned a, const char *ticket_id)
{
	for (size_t i = 0; i < s->nthreads; i++) {
		if (s->threads[i].account == a &&
		    strcmp(s->threads[i].ticket_id, ticket_id) == 0)
			return &s->threads[i];
	}
	return NULL;
}

const struct thread_state *
thread_get(const struct session *s, unsigned a, const char *ticket_id)
{
	return thread_find(s, a, ticket_id);
}

static struct thread_state *
thread_add(struct session *s, unsigned a, const char *ticket_id)
{
	struct thread_state	*ts = thread_find(s, a, ticket_id);

	if (ts != NULL)
		return ts;
	s->threads = xreallocarray(s->threads, s->nthreads + 1,
	    sizeof *s->threads);
	ts = &s->threads[s->nthreads++];
	memset(ts, 0, sizeof *ts);
	ts->account = a;
	ts->ticket_id = xstrdup(ticket_id);
	return ts;
}

static void
thread_load(struct session *s, struct thread_state *ts)
{
	if ((s->accounts[ts->account].caps & TIX_CAP_READ_NOTES) == 0 ||
	    ts->loading)
		return;
	ts->loading = true;
	sync_submit_list(s, ts->account, TIX_KIND_NOTE, PURPOSE_THREAD, 0,
	    ts->ticket_id, NULL, 0);
}

/* Read a customer whole, for the ticket open on it. */
static void
thread_read_customer(struct session *s, struct thread_state *ts,
    const char *customer_id)
{
	if ((s->accounts[ts->account].caps & TIX_CAP_READ_CUSTOMERS) == 0 ||
	    ts->customer_id != NULL)
		return;
	ts->customer_id = xstrdup(customer_id);
	sync_fetch(s, ts->account, TIX_KIND_CUSTOMER, customer_id,
	    PURPOSE_CUSTOMER);
}

void
thread_open(struct session *s, unsigned a, const struct record *t)
{
	struct thread_state	*ts = thread_add(s, a, t->u.ticket.id);

	if (!ts->loaded)
		thread_load(s, ts);
	if (t->u.ticket.customer_id != NULL)
		thread_read_customer(s, ts, t->u.ticket.customer_id);
}

void
thread_reload(struct session *s, unsigned a, const char *ticket_id)
{
	struct thread_state	*ts = thread_find(s, a, ticket_id);

	if (ts != NULL && ts->loaded)
		thread_load(s, ts);
}

void
thread_customer_changed(struct session *s, unsigned a, const char *id)
{
	const struct record	*t;
	struct thread_state	*ts;

	if (s->open_ticket == NULL || s->open_account != a)
		return;
	t = store_get(s->store, TIX_KIND_TICKET, a, s->open_ticket);
	if (t == NULL || t->u.ticket.customer_id == NULL ||
	    strcmp(t->u.ticket.customer_id, id) != 0)
		return;
	ts = thread_find(s, a, s->open_ticket);
	if (ts != NULL)
		thread_read_customer(s, ts, id);
}

unsigned
thread_done_notes(struct session *s, struct job *j)
{
	struct thread_state	*ts = thread_find(s, j->account,
				    j->target_id);
	unsigned		 changed;

	if (j->err != TIX_OK) {
		if (ts != NULL)
			ts->loading = false;
		session_message(s, "%s:%s: thread not loaded: %s",
		    s->accounts[j->account].name, j->target_id, j->cause);
		sync_check_gone(s, j->account, j->err, j->target_id);
		return SESSION_CHANGED_STATUS;
	}
	changed = sync_put_page(s, j, false) | SESSION_CHANGED_NOTES;
	if (sync_next_page(s, j))
		return changed;
	if (ts != NULL) {
		ts->loading = false;
		ts->loaded = true;
	}
	return changed;
}

unsigned
thread_done_customer(struct session *s, struct job *j)
{
	unsigned	changed = sync_done_fetch(s, j);

	for (size_t i = 0; i < s->nthreads; i++) {
		struct thread_state	*ts = &s->threads[i];

		if (ts->account == j->account && ts->customer_id != NULL &&
		    strcmp(ts->customer_id, j->target_id) == 0)
			xfree(&ts->customer_id);
	}
	/* The wait for it (tix show) ends here even when nothing changed. */
	return changed | SESSION_CHANGED_OTHER;
}

void
thread_gone(struct session *s, unsigned a, const char *ticket_id)
{
	struct thread_state	*ts = thread_find(s, a, ticket_id);

	if (ts == NULL)
		return;
	free(ts->ticket_id);
	free(ts->customer_id);
	*ts = s->threads[--s->nthreads];
}

void
thread_free(struct session *s)
{
	for (size_t i = 0; i < s->nthreads; i++) {
		free(s->threads[i].ticket_id);
		free(s->threads[i].customer_id);
	}
	free(s->threads);
	s->threads = NULL;
	s->nthreads = 0;
}
