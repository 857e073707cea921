/*
 * The sync engine: everything the session reads from the platforms
 * about an account.  Each account opens, loads agents, categories,
 * customers and tickets, then polls customers and tickets with an
 * updated-since watermark, and backs off after a failure.  (What is read
 * for a ticket the user opens is core/thread.c's.)
 *
 * Records from the platforms enter the store in one place, sync_put();
 * that is where a ticket created or changed by others is told from the
 * user's own write (the echoes) and marked.  Records the platform says
 * are gone leave the store here too (sync_ticket_gone), and take their
 * unsettled writes with them (core/journal.c).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/session_int.h"
#include "core/store.h"
#include "core/text.h"
#include "core/xmalloc.h"

#define SYNC_RETRY_MIN_MS	5000
#define SYNC_RETRY_MAX_MS	300000
/*
 * How much later than our own write the platform may date the ticket it
 * changed (seconds), and still have the change taken for ours.
 */
#define SYNC_ECHO_SKEW		2

static void
sync_set_error(struct session *s, unsigned a, const char *cause)
{
	struct account_sync	*as = &s->sync[a];

	free(as->message);
	as->message = text_sanitize(cause, strlen(cause), 0);
	as->state = SYNC_FAILED;
}

void
sync_submit_list(struct session *s, unsigned a, enum tix_kind kind,
    enum purpose purpose, int64_t since, const char *ticket_id,
    const char *cursor, uint64_t tag)
{
	struct job	*j = job_new(JOB_LIST, a, kind);

	j->updated_since = since;
	j->target_id = xstrdup_opt(ticket_id);
	j->cursor = xstrdup_opt(cursor);
	j->tag = tag;
	session_submit(s, j, purpose);
}

void
sync_fetch(struct session *s, unsigned a, enum tix_kind kind,
    const char *id, enum purpose purpose)
{
	struct job	*j = job_new(JOB_GET, a, kind);

	j->target_id = xstrdup(id);
	session_submit(s, j, purpose);
}

/* Which capability lets an account read a kind. */
static unsigned
sync_read_cap(enum tix_kind kind)
{
	switch (kind) {
	case TIX_KIND_TICKET:
		return TIX_CAP_READ_TICKETS;
	case TIX_KIND_CUSTOMER:
		return TIX_CAP_READ_CUSTOMERS;
	case TIX_KIND_NOTE:
		return TIX_CAP_READ_NOTES;
	case TIX_KIND_CATEGORY:
		return TIX_CAP_READ_CATEGORIES;
	case TIX_KIND_AGENT:
		return TIX_CAP_READ_AGENTS;
	case TIX_KIND_COUNT:
		break;
	}
	return 0;
}

void
sync_start_open(struct session *s, unsigned a)
{
	s->sync[a].state = SYNC_CONNECTING;
	s->sync[a].next_ms = 0;
	session_submit(s, job_new(JOB_OPEN, a, TIX_KIND_TICKET),
	    PURPOSE_OPEN);
}

static void
sync_start_load(struct session *s, unsigned a)
{
	static const enum tix_kind	 order[] = { TIX_KIND_AGENT,
	    TIX_KIND_CATEGORY, TIX_KIND_CUSTOMER, TIX_KIND_TICKET };
	struct account_sync		*as = &s->sync[a];
	unsigned			 caps = s->accounts[a].caps;

	as->state = SYNC_LOADING;
	as->loading = 0;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if ((caps & sync_read_cap(order[i])) == 0)
			continue;
		as->loading |= 1u << order[i];
		sync_submit_list(s, a, order[i], PURPOSE_LOAD, 0, NULL, NULL,
		    0);
	}
	if (as->loading == 0) {
		as->state = SYNC_OK;
		as->last_sync = time(NULL);
	}
}

static void
sync_start_poll(struct session *s, unsigned a)
{
	static const enum tix_kind	 kinds[] = { TIX_KIND_CUSTOMER,
	    TIX_KIND_TICKET };
	struct account_sync		*as = &s->sync[a];
	unsigned			 caps = s->accounts[a].caps;

	as->next_ms = 0;
	as->failed_round = false;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if ((caps & sync_read_cap(kinds[i])) == 0)
			continue;
		as->polling++;
		sync_submit_list(s, a, kinds[i], PURPOSE_POLL,
		    as->watermark[kinds[i]], NULL, NULL, 0);
	}
}

/* After a failure: try again later, backing off. */
static void
sync_schedule_retry(struct session *s, unsigned a)
{
	struct account_sync	*as = &s->sync[a];

	if (as->retry_ms == 0)
		as->retry_ms = SYNC_RETRY_MIN_MS;
	else if (as->retry_ms < SYNC_RETRY_MAX_MS / 2)
		as->retry_ms *= 2;
	else
		as->retry_ms = SYNC_RETRY_MAX_MS;
	as->next_ms = session_now_ms() + as->retry_ms;
}

/* A load or a poll round finished well: the next poll is due later. */
static void
sync_settle(struct session *s, unsigned a)
{
	struct account_sync	*as = &s->sync[a];

	as->state = SYNC_OK;
	as->last_sync = time(NULL);
	as->retry_ms = 0;
	xfree(&as->message);
	as->next_ms = session_now_ms() + s->poll_ms;
}

unsigned
sync_run_due(struct session *s)
{
	int64_t		now = session_now_ms();
	unsigned	changed = 0;

	for (unsigned i = 0; i < s->naccounts; i++) {
		struct account_sync	*as = &s->sync[i];

		if (as->next_ms == 0 || as->next_ms > now)
			continue;
		if (as->last_sync == 0 && as->state == SYNC_FAILED)
			sync_start_open(s, i);	/* never loaded */
		else if (as->polling == 0)
			sync_start_poll(s, i);
		changed |= SESSION_CHANGED_STATUS;
	}
	return changed;
}

int
sync_timeout(const struct session *s)
{
	int64_t	now = session_now_ms(), best = -1;

	for (size_t i = 0; i < s->naccounts; i++) {
		int64_t	due = s->sync[i].next_ms;

		if (due == 0)
			continue;
		due = due > now ? due - now : 0;
		if (best == -1 || due < best)
			best = due;
	}
	return best > 60000 ? 60000 : (int)best;
}

void
sync_expect_echo(struct session *s, unsigned a, const char *ticket_id,
    int64_t at)
{
	struct own_write	*ow;

	for (size_t i = 0; i < s->nechoes; i++) {
		ow = &s->echoes[i];
		if (ow->account == a && strcmp(ow->ticket_id, ticket_id) == 0) {
			if (at > ow->at)
				ow->at = at;
			return;
		}
	}
	s->echoes = xreallocarray(s->echoes, s->nechoes + 1,
	    sizeof *s->echoes);
	ow = &s->echoes[s->nechoes++];
	ow->account = a;
	ow->ticket_id = xstrdup(ticket_id);
	ow->at = at;
}

/*
 * Is this copy of a ticket the echo of our own write?  A copy as new as
 * the write settles it: the entry goes, whatever the answer.
 */
static bool
sync_take_echo(struct session *s, unsigned a, const char *ticket_id,
    int64_t updated_at)
{
	struct own_write	*ow;
	bool			 ours;

	for (size_t i = 0; i < s->nechoes; i++) {
		ow = &s->echoes[i];
		if (ow->account != a || strcmp(ow->ticket_id, ticket_id) != 0)
			continue;
		ours = updated_at <= ow->at + SYNC_ECHO_SKEW;
		if (updated_at >= ow->at) {
			free(ow->ticket_id);
			s->echoes[i] = s->echoes[--s->nechoes];
		}
		return ours;
	}
	return false;
}

/*
 * When the platform dated a ticket our write changed: the write's own
 * time, or just after the copy we hold when the platform kept its clock
 * ahead of ours.
 */
int64_t
sync_echo_time(const struct session *s, unsigned a, const char *ticket_id,
    int64_t at)
{
	const struct record	*t;

	t = store_get(s->store, TIX_KIND_TICKET, a, ticket_id);
	if (t != NULL && t->u.ticket.updated_at >= at)
		at = t->u.ticket.updated_at + 1;
	return at;
}

/*
 * Put a record from a platform into the store.  With mark set (a poll),
 * tickets that are new or changed are marked for the list (but not the
 * one the user is reading, nor the user's own writes), and a changed
 * ticket's loaded thread is reloaded.
 */
unsigned
sync_put(struct session *s, struct record *r, unsigned a, bool mark)
{
	enum tix_kind		 kind = r->kind;
	enum store_event	 ev;
	char			*id;
	unsigned		 changed = 0;
	bool			 ours = false;

	r->account = a;		/* a provider speaks for its account only */
	if (record_id(r) == NULL) {
		record_free(&r);
		return 0;
	}
	id = xstrdup(record_id(r));
	if (kind == TIX_KIND_TICKET)
		ours = sync_take_echo(s, a, id, r->u.ticket.updated_at);
	ev = store_put(s->store, r);
	if (ev == STORE_CREATED || ev == STORE_UPDATED) {
		switch (kind) {
		case TIX_KIND_TICKET:
			changed = SESSION_CHANGED_TICKETS;
			break;
		case TIX_KIND_NOTE:
			changed = SESSION_CHANGED_NOTES;
			break;
		default:
			changed = SESSION_CHANGED_OTHER;
			break;
		}
	}
	if (kind == TIX_KIND_CUSTOMER && mark && ev == STORE_UPDATED)
		thread_customer_changed(s, a, id);
	if (kind == TIX_KIND_TICKET && mark && changed != 0) {
		if (!session_reading(s, a, id) && !ours)
			store_ticket_set_marks(s->store, a, id,
			    store_ticket_marks(s->store, a, id) |
			    (ev == STORE_CREATED ? STORE_MARK_NEW :
			    STORE_MARK_UPDATED));
		if (ev == STORE_UPDATED)
			thread_reload(s, a, id);
	}
	free(id);
	return changed;
}

/*
 * A customer from a list, as new as the copy held: not news.  The copy
 * held may be get()'s, with fields the list leaves out; keep it.
 */
static bool
sync_customer_known(const struct session *s, const struct record *r,
    unsigned a)
{
	const struct record	*have;

	if (r->kind != TIX_KIND_CUSTOMER || r->u.customer.id == NULL ||
	    r->u.customer.updated_at == 0)
		return false;
	have = store_get(s->store, TIX_KIND_CUSTOMER, a, r->u.customer.id);
	return have != NULL &&
	    have->u.customer.updated_at == r->u.customer.updated_at;
}

/*
 * The records a page says are gone leave the store, after the page's
 * records (a record both changed and deleted since the watermark is
 * gone).  With say set, tickets that were shown are reported.
 */
static unsigned
sync_drop_page(struct session *s, struct job *j, bool say)
{
	const char	*name = s->accounts[j->account].name;
	const char	*last = NULL;
	unsigned	 changed = 0;
	size_t		 gone = 0;

	for (size_t i = 0; i < j->page.nremoved; i++) {
		const char	*id = j->page.removed[i];

		if (j->kind != TIX_KIND_TICKET) {
			if (store_remove(s->store, j->kind, j->account, id))
				changed |= j->kind == TIX_KIND_NOTE ?
				    SESSION_CHANGED_NOTES :
				    SESSION_CHANGED_OTHER;
			continue;
		}
		if (!sync_ticket_gone(s, j->account, id))
			continue;
		changed |= SESSION_CHANGED_TICKETS | SESSION_CHANGED_NOTES;
		gone++;
		last = id;
	}
	if (say && gone == 1)
		session_message(s, "%s:%s: deleted on the platform", name,
		    last);
	else if (say && gone > 1)
		session_message(s, "%s: %zu tickets deleted on the platform",
		    name, gone);
	if (say && gone > 0)
		changed |= SESSION_CHANGED_STATUS;
	return changed;
}

unsigned
sync_put_page(struct session *s, struct job *j, bool mark)
{
	unsigned	changed = 0;
	int64_t		newest = j->page.watermark;

	for (size_t i = 0; i < j->page.n; i++) {
		struct record	*r = j->page.records[i];
		int64_t		 t = 0;

		j->page.records[i] = NULL;
		if (r->kind == TIX_KIND_TICKET)
			t = r->u.ticket.updated_at;
		else if (r->kind == TIX_KIND_CUSTOMER)
			t = r->u.customer.updated_at;
		if (t > newest)
			newest = t;
		if (sync_customer_known(s, r, j->account))
			record_free(&r);
		else
			changed |= sync_put(s, r, j->account, mark);
	}
	j->page.n = 0;
	if (newest > s->sync[j->account].watermark[j->kind])
		s->sync[j->account].watermark[j->kind] = newest;
	return changed | sync_drop_page(s, j, mark);
}

bool
sync_next_page(struct session *s, struct job *j)
{
	if (j->page.next_cursor == NULL)
		return false;
	sync_submit_list(s, j->account, j->kind, (enum purpose)j->purpose,
	    j->updated_since, j->target_id, j->page.next_cursor, j->tag);
	return true;
}

unsigned
sync_done_open(struct session *s, struct job *j)
{
	if (j->err != TIX_OK) {
		sync_set_error(s, j->account, j->cause);
		sync_schedule_retry(s, j->account);
		return SESSION_CHANGED_STATUS;
	}
	if (s->open_only) {
		s->sync[j->account].state = SYNC_OK;
		s->sync[j->account].last_sync = time(NULL);
		return SESSION_CHANGED_STATUS;
	}
	sync_start_load(s, j->account);
	return SESSION_CHANGED_STATUS;
}

unsigned
sync_done_load(struct session *s, struct job *j)
{
	struct account_sync	*as = &s->sync[j->account];
	unsigned		 changed;

	if (as->state != SYNC_LOADING)
		return 0;	/* a page of a load that already failed */
	if (j->err != TIX_OK) {
		sync_set_error(s, j->account, j->cause);
		as->loading = 0;
		sync_schedule_retry(s, j->account);
		return SESSION_CHANGED_STATUS;
	}
	changed = sync_put_page(s, j, false);
	if (sync_next_page(s, j))
		return changed;
	as->loading &= ~(1u << j->kind);
	if (as->loading == 0) {
		sync_settle(s, j->account);
		changed |= SESSION_CHANGED_STATUS;
	}
	return changed;
}

unsigned
sync_done_poll(struct session *s, struct job *j)
{
	struct account_sync	*as = &s->sync[j->account];
	unsigned		 changed = 0;

	if (j->err != TIX_OK) {
		sync_set_error(s, j->account, j->cause);
		as->failed_round = true;
		changed = SESSION_CHANGED_STATUS;
	} else {
		changed = sync_put_page(s, j, true);
		if (sync_next_page(s, j))
			return changed;
	}
	if (--as->polling > 0)
		return changed;
	if (as->failed_round)
		sync_schedule_retry(s, j->account);
	else
		sync_settle(s, j->account);
	return changed | SESSION_CHANGED_STATUS;
}

/*
 * A request about a ticket answered "not found": the ticket may be gone,
 * which only get() can say (core/provider.h).  Ask it.
 */
void
sync_check_gone(struct session *s, unsigned a, enum tix_err err,
    const char *ticket_id)
{
	if (err != TIX_ERR_NOT_FOUND || ticket_id == NULL)
		return;
	if (store_get(s->store, TIX_KIND_TICKET, a, ticket_id) == NULL)
		return;
	sync_fetch(s, a, TIX_KIND_TICKET, ticket_id, PURPOSE_FETCH);
}

unsigned
sync_done_fetch(struct session *s, struct job *j)
{
	struct record	*r = j->result;

	if (j->err == TIX_ERR_NOT_FOUND && j->kind == TIX_KIND_TICKET) {
		/* get() says it is gone: it leaves the inbox. */
		if (!sync_ticket_gone(s, j->account, j->target_id))
			return 0;
		session_message(s, "%s:%s: deleted on the platform",
		    s->accounts[j->account].name, j->target_id);
		return SESSION_CHANGED_TICKETS | SESSION_CHANGED_NOTES |
		    SESSION_CHANGED_STATUS;
	}
	if (j->err != TIX_OK) {
		log_debug("fetch %s %s failed: %s", tix_kind_name(j->kind),
		    j->target_id, j->cause);
		return 0;
	}
	j->result = NULL;
	return sync_put(s, r, j->account, false);
}

/*
 * A ticket is gone from the platform: it leaves the store (every view,
 * its notes and marks) and its writes cannot happen any more (see
 * journal_ticket_gone).  False when the ticket was not in the store.
 */
bool
sync_ticket_gone(struct session *s, unsigned a, const char *ticket_id)
{
	char	*id = xstrdup(ticket_id);	/* may be in the store */
	bool	 was;

	was = store_remove(s->store, TIX_KIND_TICKET, a, id);
	thread_gone(s, a, id);
	sync_take_echo(s, a, id, INT64_MAX);
	journal_ticket_gone(s, a, id);
	free(id);
	return was;
}

void
sync_free(struct session *s)
{
	for (size_t i = 0; i < s->naccounts && s->sync != NULL; i++)
		free(s->sync[i].message);
	free(s->sync);
	s->sync = NULL;
	for (size_t i = 0; i < s->nechoes; i++)
		free(s->echoes[i].ticket_id);
	free(s->echoes);
	s->echoes = NULL;
	s->nechoes = 0;
}
