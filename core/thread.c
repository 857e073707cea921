/*
 * What the session reads for the tickets the user opens (a ticket's
 * "thread" is its notes, nothing to do with threads of execution): the
 * notes, loaded once and again when a poll shows the ticket changed, and
 * the customer when the store does not have it.
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

void
thread_open(struct session *s, unsigned a, const struct record *t)
{
	struct thread_state	*ts = thread_add(s, a, t->u.ticket.id);

	if (!ts->loaded)
		thread_load(s, ts);
	if (t->u.ticket.customer_id != NULL &&
	    (s->accounts[a].caps & TIX_CAP_READ_CUSTOMERS) &&
	    store_get(s->store, TIX_KIND_CUSTOMER, a,
	    t->u.ticket.customer_id) == NULL)
		sync_fetch(s, a, TIX_KIND_CUSTOMER, t->u.ticket.customer_id,
		    PURPOSE_FETCH);
}

void
thread_reload(struct session *s, unsigned a, const char *ticket_id)
{
	struct thread_state	*ts = thread_find(s, a, ticket_id);

	if (ts != NULL && ts->loaded)
		thread_load(s, ts);
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

void
thread_gone(struct session *s, unsigned a, const char *ticket_id)
{
	struct thread_state	*ts = thread_find(s, a, ticket_id);

	if (ts == NULL)
		return;
	free(ts->ticket_id);
	*ts = s->threads[--s->nthreads];
}

void
thread_free(struct session *s)
{
	for (size_t i = 0; i < s->nthreads; i++)
		free(s->threads[i].ticket_id);
	free(s->threads);
	s->threads = NULL;
	s->nthreads = 0;
}
