/*
 * The session and its sync engine.  Everything here runs on the UI
 * thread; provider calls run on the accounts' workers and come back as
 * finished jobs on one results queue (see core/worker.h).
 *
 * Each job carries a purpose, and the result handler for that purpose
 * decides what the answer means: a page of the first load, a poll, a
 * thread, a write to confirm or revert, a note to take out of the outbox.
 */

#include "config.h"

#include "core/session.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/conf.h"
#include "core/field.h"
#include "core/log.h"
#include "core/provider.h"
#include "core/queue.h"
#include "core/store.h"
#include "core/text.h"
#include "core/wakeup.h"
#include "core/worker.h"
#include "core/xmalloc.h"

#define SESSION_MAX_MESSAGES	32
#define SESSION_POLL_MS		30000
#define SESSION_DEMO_POLL_MS	5000
#define SESSION_RETRY_MIN_MS	5000
#define SESSION_RETRY_MAX_MS	300000
/* How far back a posted note may be dated and still match the outbox. */
#define SESSION_NOTE_SKEW	600
/*
 * How much later than our own write the platform may date the ticket it
 * changed (seconds), and still have the change taken for ours.
 */
#define SESSION_ECHO_SKEW	2

enum purpose {
	PURPOSE_OPEN,
	PURPOSE_LOAD,		/* a page of the first load */
	PURPOSE_POLL,		/* a page of a poll */
	PURPOSE_THREAD,		/* a page of a ticket's notes */
	PURPOSE_FETCH,		/* one record, put quietly */
	PURPOSE_UPDATE,		/* a ticket change to confirm or revert */
	PURPOSE_UPDATE_CHECK,	/* the ticket re-read after an unknown outcome */
	PURPOSE_NOTE,		/* an outbox note being created */
	PURPOSE_NOTE_CHECK,	/* notes listed to see if a note got there */
};

struct account_sync {
	enum sync_state	 state;
	char		*message;
	int64_t		 last_sync;
	size_t		 jobs;		/* in flight */
	unsigned	 loading;	/* kinds whose first load runs */
	unsigned	 polling;	/* poll chains in flight */
	int64_t		 watermark[TIX_KIND_COUNT];
	int64_t		 next_ms;	/* next poll or retry; 0: none */
	int64_t		 retry_ms;	/* current backoff */
	bool		 failed_round;	/* a chain of this round failed */
};

/* A ticket change on its way, until the platform's answer settles it. */
struct pending_update {
	uint64_t	 id;
	unsigned	 account;
	char		*ticket_id;
	struct patch	 patch;
	char		*cause;		/* the send's error, while checking */
};

/*
 * A ticket the user's own write changed on the platform at "at": the
 * poll that brings it back is not activity by others and leaves no mark.
 */
struct own_write {
	unsigned	 account;
	char		*ticket_id;
	int64_t		 at;
};

struct thread_state {
	unsigned	 account;
	char		*ticket_id;
	bool		 loaded;
	bool		 loading;
};

struct session {
	struct config		 *config;
	bool			  demo;
	bool			  open_only;
	struct account		 *accounts;
	struct worker		**workers;
	struct account_sync	 *sync;
	size_t			  naccounts;

	struct store		 *store;
	struct wakeup		 *wakeup;
	struct queue		 *results;
	uint64_t		  next_job;
	int64_t			  poll_ms;

	struct thread_state	 *threads;
	size_t			  nthreads;
	unsigned		  open_account;
	char			 *open_ticket;

	struct outbox_note	**outbox;
	size_t			  noutbox;
	uint64_t		  next_note;
	struct pending_update	**updates;	/* ticket changes in flight */
	size_t			  nupdates;
	uint64_t		  next_update;

	struct own_write	 *echoes;
	size_t			  nechoes;

	char			 *messages[SESSION_MAX_MESSAGES];
	size_t			  nmessages;
};

static const struct {
	const char	*name;
	unsigned	 seed;
} session_demo_accounts[] = {
	{ .name = "acme", .seed = 1 },
	{ .name = "globex", .seed = 2 },
	{ .name = "initech", .seed = 3 },
};

static int64_t
session_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void session_message(struct session *, const char *, ...)
		    TIX_PRINTF(2, 3);
static bool	 session_ticket_gone(struct session *, unsigned,
		    const char *);
static void	 session_fetch(struct session *, unsigned, enum tix_kind,
		    const char *);

/* Why a write on a ticket that left the platform did not happen. */
#define SESSION_GONE	"the ticket was deleted on the platform"

/* Queue a status-bar message; platform text in it is sanitized here. */
static void
session_message(struct session *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*raw, *clean;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	clean = text_sanitize(raw, strlen(raw), 0);
	free(raw);
	log_debug("message: %s", clean);
	if (s->nmessages == SESSION_MAX_MESSAGES) {
		free(s->messages[0]);
		memmove(s->messages, s->messages + 1,
		    (SESSION_MAX_MESSAGES - 1) * sizeof *s->messages);
		s->nmessages--;
	}
	s->messages[s->nmessages++] = clean;
}

static void
session_set_error(struct session *s, unsigned a, const char *cause)
{
	struct account_sync	*as = &s->sync[a];

	free(as->message);
	as->message = text_sanitize(cause, strlen(cause), 0);
	as->state = SYNC_FAILED;
}

static void
session_submit(struct session *s, struct job *j, unsigned purpose)
{
	j->id = ++s->next_job;
	j->purpose = purpose;
	s->sync[j->account].jobs++;
	worker_submit(s->workers[j->account], j);
}

static void
session_submit_list(struct session *s, unsigned a, enum tix_kind kind,
    unsigned purpose, int64_t since, const char *ticket_id,
    const char *cursor, uint64_t tag)
{
	struct job	*j = job_new(JOB_LIST, a, kind);

	j->updated_since = since;
	j->target_id = xstrdup_opt(ticket_id);
	j->cursor = xstrdup_opt(cursor);
	j->tag = tag;
	session_submit(s, j, purpose);
}

/* Which capability lets an account read a kind. */
static unsigned
session_read_cap(enum tix_kind kind)
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

static void
session_start_open(struct session *s, unsigned a)
{
	s->sync[a].state = SYNC_CONNECTING;
	s->sync[a].next_ms = 0;
	session_submit(s, job_new(JOB_OPEN, a, TIX_KIND_TICKET),
	    PURPOSE_OPEN);
}

static void
session_start_load(struct session *s, unsigned a)
{
	static const enum tix_kind	 order[] = { TIX_KIND_AGENT,
	    TIX_KIND_CATEGORY, TIX_KIND_CUSTOMER, TIX_KIND_TICKET };
	struct account_sync		*as = &s->sync[a];
	unsigned			 caps = s->accounts[a].caps;

	as->state = SYNC_LOADING;
	as->loading = 0;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if ((caps & session_read_cap(order[i])) == 0)
			continue;
		as->loading |= 1u << order[i];
		session_submit_list(s, a, order[i], PURPOSE_LOAD, 0, NULL,
		    NULL, 0);
	}
	if (as->loading == 0) {
		as->state = SYNC_OK;
		as->last_sync = time(NULL);
	}
}

static void
session_start_poll(struct session *s, unsigned a)
{
	static const enum tix_kind	 kinds[] = { TIX_KIND_CUSTOMER,
	    TIX_KIND_TICKET };
	struct account_sync		*as = &s->sync[a];
	unsigned			 caps = s->accounts[a].caps;

	as->next_ms = 0;
	as->failed_round = false;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if ((caps & session_read_cap(kinds[i])) == 0)
			continue;
		as->polling++;
		session_submit_list(s, a, kinds[i], PURPOSE_POLL,
		    as->watermark[kinds[i]], NULL, NULL, 0);
	}
}

/* After a failure: try again later, backing off. */
static void
session_schedule_retry(struct session *s, unsigned a)
{
	struct account_sync	*as = &s->sync[a];

	if (as->retry_ms == 0)
		as->retry_ms = SESSION_RETRY_MIN_MS;
	else if (as->retry_ms < SESSION_RETRY_MAX_MS / 2)
		as->retry_ms *= 2;
	else
		as->retry_ms = SESSION_RETRY_MAX_MS;
	as->next_ms = session_now_ms() + as->retry_ms;
}

static struct thread_state *
session_thread(const struct session *s, unsigned a, const char *ticket_id)
{
	for (size_t i = 0; i < s->nthreads; i++) {
		if (s->threads[i].account == a &&
		    strcmp(s->threads[i].ticket_id, ticket_id) == 0)
			return &s->threads[i];
	}
	return NULL;
}

static void
session_load_thread(struct session *s, unsigned a, const char *ticket_id)
{
	struct thread_state	*ts = session_thread(s, a, ticket_id);

	if ((s->accounts[a].caps & TIX_CAP_READ_NOTES) == 0)
		return;
	if (ts == NULL) {
		s->threads = xreallocarray(s->threads, s->nthreads + 1,
		    sizeof *s->threads);
		ts = &s->threads[s->nthreads++];
		memset(ts, 0, sizeof *ts);
		ts->account = a;
		ts->ticket_id = xstrdup(ticket_id);
	}
	if (ts->loading)
		return;
	ts->loading = true;
	session_submit_list(s, a, TIX_KIND_NOTE, PURPOSE_THREAD, 0, ticket_id,
	    NULL, 0);
}

static void
session_fetch(struct session *s, unsigned a, enum tix_kind kind,
    const char *id)
{
	struct job	*j = job_new(JOB_GET, a, kind);

	j->target_id = xstrdup(id);
	session_submit(s, j, PURPOSE_FETCH);
}

/* Expect a ticket changed by our own write at "at" back from a poll. */
static void
session_expect_echo(struct session *s, unsigned a, const char *ticket_id,
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
session_take_echo(struct session *s, unsigned a, const char *ticket_id,
    int64_t updated_at)
{
	struct own_write	*ow;
	bool			 ours;

	for (size_t i = 0; i < s->nechoes; i++) {
		ow = &s->echoes[i];
		if (ow->account != a || strcmp(ow->ticket_id, ticket_id) != 0)
			continue;
		ours = updated_at <= ow->at + SESSION_ECHO_SKEW;
		if (updated_at >= ow->at) {
			free(ow->ticket_id);
			s->echoes[i] = s->echoes[--s->nechoes];
		}
		return ours;
	}
	return false;
}

/*
 * Put a record from a platform into the store.  With mark set, tickets
 * that are new or changed are marked for the list (but not the one the
 * user is reading), and a changed ticket's loaded thread is reloaded.
 */
static unsigned
session_put(struct session *s, struct record *r, unsigned a, bool mark)
{
	enum tix_kind		 kind = r->kind;
	enum store_event	 ev;
	char			*id;
	unsigned		 changed = 0;
	struct thread_state	*ts;
	bool			 ours = false;

	r->account = a;		/* a provider speaks for its account only */
	if (record_id(r) == NULL) {
		record_free(&r);
		return 0;
	}
	id = xstrdup(record_id(r));
	if (kind == TIX_KIND_TICKET)
		ours = session_take_echo(s, a, id, r->u.ticket.updated_at);
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
	if (kind == TIX_KIND_TICKET && mark && changed != 0) {
		bool	reading = s->open_ticket != NULL &&
		    s->open_account == a && strcmp(s->open_ticket, id) == 0;

		if (!reading && !ours)
			store_ticket_set_marks(s->store, a, id,
			    store_ticket_marks(s->store, a, id) |
			    (ev == STORE_CREATED ? STORE_MARK_NEW :
			    STORE_MARK_UPDATED));
		ts = session_thread(s, a, id);
		if (ev == STORE_UPDATED && ts != NULL && ts->loaded)
			session_load_thread(s, a, id);
	}
	free(id);
	return changed;
}

/*
 * The records a page says are gone leave the store, after the page's
 * records (a record both changed and deleted since the watermark is
 * gone).  With say set, tickets that were shown are reported.
 */
static unsigned
session_drop_page(struct session *s, struct job *j, bool say)
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
		if (!session_ticket_gone(s, j->account, id))
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

static unsigned
session_put_page(struct session *s, struct job *j, bool mark)
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
		changed |= session_put(s, r, j->account, mark);
	}
	j->page.n = 0;
	if (newest > s->sync[j->account].watermark[j->kind])
		s->sync[j->account].watermark[j->kind] = newest;
	return changed | session_drop_page(s, j, mark);
}

/* Continue a list with its next page; true when there was one. */
static bool
session_next_page(struct session *s, struct job *j)
{
	if (j->page.next_cursor == NULL)
		return false;
	session_submit_list(s, j->account, j->kind, j->purpose,
	    j->updated_since, j->target_id, j->page.next_cursor, j->tag);
	return true;
}

static struct outbox_note *
session_outbox_find(const struct session *s, uint64_t id, size_t *idx)
{
	for (size_t i = 0; i < s->noutbox; i++) {
		if (s->outbox[i]->id == id) {
			if (idx != NULL)
				*idx = i;
			return s->outbox[i];
		}
	}
	return NULL;
}

static void
session_outbox_remove(struct session *s, uint64_t id)
{
	struct outbox_note	*on;
	size_t			 i;

	on = session_outbox_find(s, id, &i);
	if (on == NULL)
		return;
	free(on->ticket_id);
	free(on->text);
	free(on->error);
	free(on);
	memmove(s->outbox + i, s->outbox + i + 1,
	    (s->noutbox - i - 1) * sizeof *s->outbox);
	s->noutbox--;
}

static void
session_send_note(struct session *s, struct outbox_note *on)
{
	struct job		*j = job_new(JOB_CREATE, on->account,
				    TIX_KIND_NOTE);
	struct note		*n;
	const struct record	*me;

	j->record = record_new(TIX_KIND_NOTE, on->account);
	n = &j->record->u.note;
	n->ticket_id = xstrdup(on->ticket_id);
	n->description = xstrdup(on->text);
	n->is_public = on->is_public;
	n->created_at = on->created_at;
	me = store_agent_me(s->store, on->account);
	if (me != NULL)
		n->user_id = xstrdup(me->u.agent.id);
	j->tag = on->id;
	on->state = OUTBOX_SENDING;
	xfree(&on->error);
	session_submit(s, j, PURPOSE_NOTE);
}

/* Trimmed, sanitized text, for telling whether a note already got there. */
static char *
session_note_key(const char *text)
{
	char		*clean = text_sanitize(text, strlen(text),
			    TEXT_MULTILINE);
	const char	*p = clean;
	size_t		 n;
	char		*key;

	while (*p == ' ' || *p == '\n')
		p++;
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\n'))
		n--;
	key = xstrndup(p, n);
	free(clean);
	return key;
}

/* Is the outbox note among the ticket's notes on the platform? */
static bool
session_note_arrived(const struct session *s, const struct outbox_note *on)
{
	const struct record *const	*notes;
	const struct record		*me;
	size_t				 n;
	char				*want, *have;
	bool				 found = false;

	me = store_agent_me(s->store, on->account);
	notes = store_notes(s->store, on->account, on->ticket_id, &n);
	want = session_note_key(on->text);
	for (size_t i = 0; i < n && !found; i++) {
		const struct note	*nt = &notes[i]->u.note;

		if (nt->description == NULL || nt->is_public != on->is_public)
			continue;
		if (nt->created_at != 0 &&
		    nt->created_at < on->created_at - SESSION_NOTE_SKEW)
			continue;
		if (me != NULL && nt->user_id != NULL &&
		    strcmp(nt->user_id, me->u.agent.id) != 0)
			continue;
		have = session_note_key(nt->description);
		found = strcmp(want, have) == 0;
		free(have);
	}
	free(want);
	return found;
}

static unsigned
session_done_open(struct session *s, struct job *j)
{
	if (j->err != TIX_OK) {
		session_set_error(s, j->account, j->cause);
		session_schedule_retry(s, j->account);
		return SESSION_CHANGED_STATUS;
	}
	if (s->open_only) {
		s->sync[j->account].state = SYNC_OK;
		s->sync[j->account].last_sync = time(NULL);
		return SESSION_CHANGED_STATUS;
	}
	session_start_load(s, j->account);
	return SESSION_CHANGED_STATUS;
}

static unsigned
session_done_load(struct session *s, struct job *j)
{
	struct account_sync	*as = &s->sync[j->account];
	unsigned		 changed;

	if (as->state != SYNC_LOADING)
		return 0;	/* a page of a load that already failed */
	if (j->err != TIX_OK) {
		session_set_error(s, j->account, j->cause);
		as->loading = 0;
		session_schedule_retry(s, j->account);
		return SESSION_CHANGED_STATUS;
	}
	changed = session_put_page(s, j, false);
	if (session_next_page(s, j))
		return changed;
	as->loading &= ~(1u << j->kind);
	if (as->loading == 0) {
		as->state = SYNC_OK;
		as->last_sync = time(NULL);
		as->retry_ms = 0;
		xfree(&as->message);
		as->next_ms = session_now_ms() + s->poll_ms;
		changed |= SESSION_CHANGED_STATUS;
	}
	return changed;
}

static unsigned
session_done_poll(struct session *s, struct job *j)
{
	struct account_sync	*as = &s->sync[j->account];
	unsigned		 changed = 0;

	if (j->err != TIX_OK) {
		session_set_error(s, j->account, j->cause);
		as->failed_round = true;
		changed = SESSION_CHANGED_STATUS;
	} else {
		changed = session_put_page(s, j, true);
		if (session_next_page(s, j))
			return changed;
	}
	if (--as->polling > 0)
		return changed;
	if (as->failed_round)
		session_schedule_retry(s, j->account);
	else {
		as->state = SYNC_OK;
		as->last_sync = time(NULL);
		as->retry_ms = 0;
		xfree(&as->message);
		as->next_ms = session_now_ms() + s->poll_ms;
	}
	return changed | SESSION_CHANGED_STATUS;
}

/*
 * A request about a ticket answered "not found": the ticket may be gone,
 * which only get() can say (core/provider.h).  Ask it.
 */
static void
session_check_gone(struct session *s, unsigned a, enum tix_err err,
    const char *ticket_id)
{
	if (err != TIX_ERR_NOT_FOUND || ticket_id == NULL)
		return;
	if (store_get(s->store, TIX_KIND_TICKET, a, ticket_id) == NULL)
		return;
	session_fetch(s, a, TIX_KIND_TICKET, ticket_id);
}

static unsigned
session_done_thread(struct session *s, struct job *j)
{
	struct thread_state	*ts = session_thread(s, j->account,
				    j->target_id);
	unsigned		 changed;

	if (j->err != TIX_OK) {
		if (ts != NULL)
			ts->loading = false;
		session_message(s, "%s:%s: thread not loaded: %s",
		    s->accounts[j->account].name, j->target_id, j->cause);
		session_check_gone(s, j->account, j->err, j->target_id);
		return SESSION_CHANGED_STATUS;
	}
	changed = session_put_page(s, j, false) | SESSION_CHANGED_NOTES;
	if (session_next_page(s, j))
		return changed;
	if (ts != NULL) {
		ts->loading = false;
		ts->loaded = true;
	}
	return changed;
}

static unsigned
session_done_fetch(struct session *s, struct job *j)
{
	struct record	*r = j->result;

	if (j->err == TIX_ERR_NOT_FOUND && j->kind == TIX_KIND_TICKET) {
		/* get() says it is gone: it leaves the inbox. */
		if (!session_ticket_gone(s, j->account, j->target_id))
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
	return session_put(s, r, j->account, false);
}

static struct pending_update *
session_update_find(const struct session *s, uint64_t id, size_t *idx)
{
	for (size_t i = 0; i < s->nupdates; i++) {
		if (s->updates[i]->id == id) {
			if (idx != NULL)
				*idx = i;
			return s->updates[i];
		}
	}
	return NULL;
}

static void
session_update_remove(struct session *s, uint64_t id)
{
	struct pending_update	*pu;
	size_t			 i;

	pu = session_update_find(s, id, &i);
	if (pu == NULL)
		return;
	free(pu->ticket_id);
	patch_done(&pu->patch);
	free(pu->cause);
	free(pu);
	memmove(s->updates + i, s->updates + i + 1,
	    (s->nupdates - i - 1) * sizeof *s->updates);
	s->nupdates--;
}

/*
 * When the platform dated a ticket our write changed: the write's own
 * time, or just after the copy we hold when the platform kept its clock
 * ahead of ours.
 */
static int64_t
session_echo_time(const struct session *s, unsigned a, const char *ticket_id,
    int64_t at)
{
	const struct record	*t;

	t = store_get(s->store, TIX_KIND_TICKET, a, ticket_id);
	if (t != NULL && t->u.ticket.updated_at >= at)
		at = t->u.ticket.updated_at + 1;
	return at;
}

/* The platform's copy after the change becomes the ticket, as it is. */
static void
session_confirm_update(struct session *s, struct pending_update *pu,
    struct job *j)
{
	struct record	*r = j->result;

	j->result = NULL;
	if (r != NULL) {
		r->account = j->account;
		session_expect_echo(s, j->account, pu->ticket_id,
		    r->u.ticket.updated_at);
	}
	store_ticket_confirm_patch(s->store, j->account, pu->ticket_id,
	    pu->patch.fields, r);
}

static unsigned
session_done_update(struct session *s, struct job *j)
{
	struct pending_update	*pu = session_update_find(s, j->tag, NULL);
	const char		*name = s->accounts[j->account].name;
	struct job		*check;

	if (pu == NULL)
		return 0;
	if (j->err != TIX_OK && j->maybe_sent) {
		/* It may have been made: ask the platform before reverting. */
		pu->cause = text_sanitize(j->cause, strlen(j->cause), 0);
		check = job_new(JOB_GET, j->account, TIX_KIND_TICKET);
		check->target_id = xstrdup(pu->ticket_id);
		check->tag = pu->id;
		session_submit(s, check, PURPOSE_UPDATE_CHECK);
		return 0;
	}
	if (j->err != TIX_OK) {
		store_ticket_fail_patch(s->store, j->account, pu->ticket_id,
		    pu->patch.fields);
		session_message(s, "%s:%s: not changed: %s", name,
		    pu->ticket_id, j->cause);
		session_check_gone(s, j->account, j->err, j->target_id);
		session_update_remove(s, pu->id);
		return SESSION_CHANGED_TICKETS | SESSION_CHANGED_STATUS;
	}
	session_confirm_update(s, pu, j);
	session_update_remove(s, pu->id);
	return SESSION_CHANGED_TICKETS;
}

/*
 * The ticket as the platform has it, after a change whose outcome was
 * unknown: confirm the change if it is there, revert it if not.
 */
static unsigned
session_done_update_check(struct session *s, struct job *j)
{
	struct pending_update	*pu = session_update_find(s, j->tag, NULL);
	const char		*name = s->accounts[j->account].name;
	unsigned		 changed = SESSION_CHANGED_TICKETS;

	if (pu == NULL)
		return 0;
	if (j->err == TIX_ERR_NOT_FOUND) {
		/* Gone: that settles the change too (see ticket_gone). */
		session_ticket_gone(s, j->account, pu->ticket_id);
		return SESSION_CHANGED_TICKETS | SESSION_CHANGED_NOTES |
		    SESSION_CHANGED_STATUS;
	}
	if (j->err != TIX_OK) {
		/* Still unknown: show the confirmed values until a poll. */
		store_ticket_fail_patch(s->store, j->account, pu->ticket_id,
		    pu->patch.fields);
		session_message(s, "%s:%s: the change may not have been made "
		    "(%s); the next poll shows what the platform has", name,
		    pu->ticket_id, pu->cause);
		changed |= SESSION_CHANGED_STATUS;
	} else if (patch_held(&pu->patch, &j->result->u.ticket))
		session_confirm_update(s, pu, j);
	else {
		store_ticket_fail_patch(s->store, j->account, pu->ticket_id,
		    pu->patch.fields);
		changed |= session_put(s, j->result, j->account, false);
		j->result = NULL;
		session_message(s, "%s:%s: not changed: %s", name,
		    pu->ticket_id, pu->cause);
		changed |= SESSION_CHANGED_STATUS;
	}
	session_update_remove(s, pu->id);
	return changed;
}

static unsigned
session_done_note(struct session *s, struct job *j)
{
	struct outbox_note	*on = session_outbox_find(s, j->tag, NULL);
	const char		*name = s->accounts[j->account].name;
	unsigned		 changed = SESSION_CHANGED_NOTES;
	int64_t			 at = 0;

	/* Not sending any more: its ticket left while the note was out. */
	if (on == NULL || on->state != OUTBOX_SENDING)
		return 0;
	if (j->err != TIX_OK) {
		on->state = OUTBOX_FAILED;
		free(on->error);
		on->error = text_sanitize(j->cause, strlen(j->cause), 0);
		/* The provider's word: look before sending it again. */
		on->maybe_sent = j->maybe_sent;
		session_message(s, "%s:%s: note not sent: %s", name,
		    on->ticket_id, j->cause);
		session_check_gone(s, j->account, j->err, on->ticket_id);
		return changed | SESSION_CHANGED_STATUS;
	}
	/*
	 * The platform's copy goes into the thread as it is.  The ticket
	 * moved on too: the next poll brings it, quietly, as our own write.
	 */
	if (j->result != NULL) {
		at = j->result->u.note.created_at;
		changed |= session_put(s, j->result, j->account, false);
		j->result = NULL;
	}
	session_expect_echo(s, j->account, on->ticket_id,
	    session_echo_time(s, j->account, on->ticket_id, at));
	session_outbox_remove(s, on->id);
	return changed;
}

static unsigned
session_done_note_check(struct session *s, struct job *j)
{
	struct outbox_note	*on = session_outbox_find(s, j->tag, NULL);
	unsigned		 changed = SESSION_CHANGED_NOTES;

	if (on == NULL || on->state != OUTBOX_SENDING)
		return 0;
	if (j->err != TIX_OK) {
		on->state = OUTBOX_FAILED;
		free(on->error);
		on->error = text_sanitize(j->cause, strlen(j->cause), 0);
		session_message(s, "%s:%s: could not check whether the note "
		    "was posted: %s", s->accounts[j->account].name,
		    on->ticket_id, j->cause);
		session_check_gone(s, j->account, j->err, on->ticket_id);
		return changed | SESSION_CHANGED_STATUS;
	}
	changed |= session_put_page(s, j, false);
	if (session_next_page(s, j))
		return changed;
	if (session_note_arrived(s, on)) {
		session_message(s, "%s:%s: the note had been posted",
		    s->accounts[j->account].name, on->ticket_id);
		session_outbox_remove(s, on->id);
		return changed | SESSION_CHANGED_STATUS;
	}
	on->maybe_sent = false;
	session_send_note(s, on);
	return changed;
}

/*
 * A ticket is gone from the platform: it leaves the store (every view,
 * its notes and marks).  Writes on it cannot happen any more: a pending
 * change is dropped and a note in the outbox fails, each with a message;
 * a failed note stays in the outbox, never silently dropped.  False when
 * the ticket was not in the store.
 */
static bool
session_ticket_gone(struct session *s, unsigned a, const char *ticket_id)
{
	const char	*name = s->accounts[a].name;
	char		*id = xstrdup(ticket_id);	/* may be in the store */
	bool		 was;

	was = store_remove(s->store, TIX_KIND_TICKET, a, id);
	for (size_t i = 0; i < s->nthreads; i++) {
		struct thread_state	*ts = &s->threads[i];

		if (ts->account != a || strcmp(ts->ticket_id, id) != 0)
			continue;
		free(ts->ticket_id);
		s->threads[i] = s->threads[--s->nthreads];
		break;
	}
	session_take_echo(s, a, id, INT64_MAX);
	for (size_t i = 0; i < s->nupdates; ) {
		struct pending_update	*pu = s->updates[i];

		if (pu->account != a || strcmp(pu->ticket_id, id) != 0) {
			i++;
			continue;
		}
		session_message(s, "%s:%s: not changed: " SESSION_GONE, name,
		    id);
		session_update_remove(s, pu->id);
	}
	for (size_t i = 0; i < s->noutbox; i++) {
		struct outbox_note	*on = s->outbox[i];

		if (on->account != a || strcmp(on->ticket_id, id) != 0)
			continue;
		if (on->state == OUTBOX_SENDING)
			session_message(s, "%s:%s: note not sent: "
			    SESSION_GONE, name, id);
		on->state = OUTBOX_FAILED;
		on->maybe_sent = false;
		free(on->error);
		on->error = xstrdup(SESSION_GONE);
	}
	free(id);
	return was;
}

static unsigned
session_done(struct session *s, struct job *j)
{
	s->sync[j->account].jobs--;
	switch ((enum purpose)j->purpose) {
	case PURPOSE_OPEN:
		return session_done_open(s, j);
	case PURPOSE_LOAD:
		return session_done_load(s, j);
	case PURPOSE_POLL:
		return session_done_poll(s, j);
	case PURPOSE_THREAD:
		return session_done_thread(s, j);
	case PURPOSE_FETCH:
		return session_done_fetch(s, j);
	case PURPOSE_UPDATE:
		return session_done_update(s, j);
	case PURPOSE_UPDATE_CHECK:
		return session_done_update_check(s, j);
	case PURPOSE_NOTE:
		return session_done_note(s, j);
	case PURPOSE_NOTE_CHECK:
		return session_done_note_check(s, j);
	}
	return 0;
}

static struct account *
session_account_add(struct session *s, const char *name,
    const struct tix_provider_ops *ops, size_t max)
{
	struct account	*a;

	if (s->accounts == NULL)
		s->accounts = xcalloc(max, sizeof *s->accounts);
	a = &s->accounts[s->naccounts];
	a->index = (unsigned)s->naccounts;
	a->name = xstrdup(name);
	a->ops = ops;
	a->caps = ops->caps;
	atomic_init(&a->cancel, false);
	s->naccounts++;
	return a;
}

static enum tix_err
session_add_demo(struct session *s, const struct session_options *o,
    char **cause)
{
	const struct tix_provider_ops	*demo;
	size_t				 n = sizeof session_demo_accounts /
					    sizeof session_demo_accounts[0];

	demo = o->find_provider("demo");
	if (demo == NULL)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "this tix was built without the demo provider");
	s->demo = true;
	for (size_t i = 0; i < n; i++) {
		struct account	*a;

		if (o->only_account != NULL &&
		    strcmp(o->only_account, session_demo_accounts[i].name) != 0)
			continue;
		a = session_account_add(s, session_demo_accounts[i].name,
		    demo, n);
		a->seed = session_demo_accounts[i].seed;
	}
	if (s->naccounts == 0)
		return tix_fail(cause, TIX_ERR_NOT_FOUND,
		    "no account named '%s'", o->only_account);
	return TIX_OK;
}

/* One [account NAME] section: its provider, then the provider's checks. */
static enum tix_err
session_add_configured(struct session *s, const struct session_options *o,
    const struct config_section *sec, size_t max, char **cause)
{
	const struct tix_provider_ops	*ops;
	const char			*pname;
	struct account			*a;
	enum tix_err			 err;

	if (strcspn(sec->name, ": \t") != strlen(sec->name))
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: [account %s]: account names cannot contain ':' "
		    "or spaces", sec->file, sec->line, sec->name);
	err = config_require(sec, "provider", &pname, cause);
	if (err != TIX_OK)
		return err;
	ops = o->find_provider(pname);
	if (ops == NULL)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: [account %s]: unknown provider '%s'", sec->file,
		    config_line_of(sec, "provider"), sec->name, pname);
	a = session_account_add(s, sec->name, ops, max);
	a->config = sec;
	a->seed = (unsigned)a->index + 1;
	if (ops->configure == NULL)
		return TIX_OK;
	return ops->configure(a, cause);
}

/* The [ui] settings the session uses: poll = SECONDS. */
static enum tix_err
session_read_ui(struct session *s, char **cause)
{
	const struct config_section	*ui;
	const char			*v;
	char				*end;
	long				 n;

	ui = config_find(s->config, "ui", NULL);
	v = ui != NULL ? config_get(ui, "poll") : NULL;
	if (v == NULL)
		return TIX_OK;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < 2 || n > 3600)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: [ui]: poll must be a number of seconds from 2 to "
		    "3600", ui->file, config_line_of(ui, "poll"));
	s->poll_ms = n * 1000;
	return TIX_OK;
}

static enum tix_err
session_add_accounts(struct session *s, const struct session_options *o,
    char **cause)
{
	char				*path;
	const struct config_section	*sec;
	size_t				 n;
	enum tix_err			 err;

	if (o->find_provider == NULL)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "session_new: no provider registry given");
	if (o->demo)
		return session_add_demo(s, o, cause);
	path = o->config_path != NULL ? xstrdup(o->config_path) :
	    config_default_path();
	err = config_load(path, &s->config, cause);
	free(path);
	if (err == TIX_ERR_NOT_FOUND && o->config_path == NULL) {
		/* No config yet: show the demo rather than nothing. */
		xfree(cause);
		return session_add_demo(s, o, cause);
	}
	if (err != TIX_OK)
		return err;
	err = session_read_ui(s, cause);
	if (err != TIX_OK)
		return err;
	n = config_section_count(s->config);
	for (size_t i = 0; i < n; i++) {
		sec = config_section_at(s->config, i);
		if (strcmp(sec->type, "account") != 0)
			continue;
		if (o->only_account != NULL &&
		    strcmp(o->only_account, sec->name) != 0)
			continue;
		err = session_add_configured(s, o, sec, n, cause);
		if (err != TIX_OK)
			return err;
	}
	if (s->naccounts > 0)
		return TIX_OK;
	if (o->only_account != NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND,
		    "no account named '%s'", o->only_account);
	return tix_fail(cause, TIX_ERR_INVALID,
	    "%s: no [account NAME] sections", config_path(s->config));
}

enum tix_err
session_new(const struct session_options *o, struct session **out,
    char **cause)
{
	struct session	*s = xcalloc(1, sizeof *s);
	enum tix_err	 err;

	*out = NULL;
	s->open_only = o->open_only;
	s->store = store_new();
	s->wakeup = wakeup_new();
	s->results = queue_new(s->wakeup);
	err = session_add_accounts(s, o, cause);
	if (err != TIX_OK)
		goto out;
	if (o->poll_seconds > 0)
		s->poll_ms = (int64_t)o->poll_seconds * 1000;
	else if (s->poll_ms == 0)
		s->poll_ms = s->demo ? SESSION_DEMO_POLL_MS : SESSION_POLL_MS;
	s->sync = xcalloc(s->naccounts, sizeof *s->sync);
	s->workers = xcalloc(s->naccounts, sizeof *s->workers);
	for (unsigned i = 0; i < s->naccounts; i++) {
		store_add_account(s->store, i, s->accounts[i].name);
		s->workers[i] = worker_new(&s->accounts[i], s->results);
		session_start_open(s, i);
	}
	*out = s;
	s = NULL;
out:
	session_free(&s);
	return err;
}

static void
session_free_job(void *item)
{
	struct job	*j = item;

	job_free(&j);
}

void
session_free(struct session **sp)
{
	struct session	*s = *sp;

	if (s == NULL)
		return;
	/* Cancel everywhere first, so the joins do not wait in turn. */
	for (size_t i = 0; i < s->naccounts; i++)
		atomic_store(&s->accounts[i].cancel, true);
	for (size_t i = 0; i < s->naccounts; i++) {
		const struct tix_provider_ops	*ops = s->accounts[i].ops;

		if (s->workers != NULL && s->workers[i] != NULL)
			worker_free(&s->workers[i]);
		else if (ops->close != NULL)
			ops->close(&s->accounts[i]);	/* never started */
	}
	queue_free(&s->results, session_free_job);
	wakeup_free(&s->wakeup);
	store_free(&s->store);
	for (size_t i = 0; i < s->naccounts; i++) {
		free(s->accounts[i].name);
		if (s->sync != NULL)
			free(s->sync[i].message);
	}
	free(s->accounts);
	free(s->workers);
	free(s->sync);
	for (size_t i = 0; i < s->nthreads; i++)
		free(s->threads[i].ticket_id);
	free(s->threads);
	free(s->open_ticket);
	while (s->noutbox > 0)
		session_outbox_remove(s, s->outbox[0]->id);
	free(s->outbox);
	while (s->nupdates > 0)
		session_update_remove(s, s->updates[0]->id);
	free(s->updates);
	for (size_t i = 0; i < s->nechoes; i++)
		free(s->echoes[i].ticket_id);
	free(s->echoes);
	for (size_t i = 0; i < s->nmessages; i++)
		free(s->messages[i]);
	config_free(&s->config);
	free(s);
	*sp = NULL;
}

struct store *
session_store(struct session *s)
{
	return s->store;
}

size_t
session_account_count(const struct session *s)
{
	return s->naccounts;
}

const struct account *
session_account(const struct session *s, unsigned a)
{
	return a < s->naccounts ? &s->accounts[a] : NULL;
}

int
session_account_find(const struct session *s, const char *name)
{
	for (size_t i = 0; i < s->naccounts; i++) {
		if (strcmp(s->accounts[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

unsigned
session_account_caps(const struct session *s, unsigned a)
{
	return a < s->naccounts ? s->accounts[a].caps : 0;
}

void
session_account_status(const struct session *s, unsigned a,
    struct sync_status *st)
{
	const struct account_sync	*as = &s->sync[a];

	st->state = as->state;
	st->message = as->message;
	st->last_sync = as->last_sync;
	st->jobs = as->jobs;
	st->skipped = atomic_load(&s->accounts[a].skipped);
}

bool
session_loaded(const struct session *s)
{
	for (size_t i = 0; i < s->naccounts; i++) {
		enum sync_state	st = s->sync[i].state;

		if (st == SYNC_CONNECTING || st == SYNC_LOADING)
			return false;
	}
	return true;
}

bool
session_is_demo(const struct session *s)
{
	return s->demo;
}

int
session_fd(const struct session *s)
{
	return wakeup_fd(s->wakeup);
}

int
session_timeout(const struct session *s)
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

unsigned
session_run(struct session *s)
{
	struct job	*j;
	unsigned	 changed = 0;
	int64_t		 now;

	wakeup_drain(s->wakeup);
	for (j = queue_pop(s->results); j != NULL; j = queue_pop(s->results)) {
		changed |= session_done(s, j);
		job_free(&j);
	}
	now = session_now_ms();
	for (unsigned i = 0; i < s->naccounts; i++) {
		struct account_sync	*as = &s->sync[i];

		if (as->next_ms == 0 || as->next_ms > now)
			continue;
		if (as->last_sync == 0 && as->state == SYNC_FAILED)
			session_start_open(s, i);	/* never loaded */
		else if (as->polling == 0)
			session_start_poll(s, i);
		changed |= SESSION_CHANGED_STATUS;
	}
	return changed;
}

enum tix_err
session_wait(struct session *s, bool (*done)(struct session *, void *),
    void *arg, int timeout_ms, char **cause)
{
	int64_t		deadline = session_now_ms() + timeout_ms;
	struct pollfd	pfd;

	for (;;) {
		int64_t	left;
		int	wait;

		session_run(s);
		if (done(s, arg))
			return TIX_OK;
		left = deadline - session_now_ms();
		if (left <= 0)
			return tix_fail(cause, TIX_ERR_NETWORK, "timed out");
		wait = session_timeout(s);
		if (wait < 0 || wait > left)
			wait = (int)left;
		pfd.fd = session_fd(s);
		pfd.events = POLLIN;
		if (poll(&pfd, 1, wait) == -1 && errno != EINTR)
			return tix_fail(cause, TIX_ERR_IO, "poll: %s",
			    strerror(errno));
	}
}

void
session_open_ticket(struct session *s, unsigned a, const char *ticket_id)
{
	const struct record	*t;
	struct thread_state	*ts;

	if (a >= s->naccounts)
		return;
	free(s->open_ticket);
	s->open_ticket = xstrdup(ticket_id);
	s->open_account = a;
	t = store_get(s->store, TIX_KIND_TICKET, a, ticket_id);
	if (t == NULL)
		return;
	store_ticket_set_marks(s->store, a, ticket_id, 0);
	ts = session_thread(s, a, ticket_id);
	if (ts == NULL || (!ts->loaded && !ts->loading))
		session_load_thread(s, a, ticket_id);
	if (t->u.ticket.customer_id != NULL &&
	    (s->accounts[a].caps & TIX_CAP_READ_CUSTOMERS) &&
	    store_get(s->store, TIX_KIND_CUSTOMER, a,
	    t->u.ticket.customer_id) == NULL)
		session_fetch(s, a, TIX_KIND_CUSTOMER,
		    t->u.ticket.customer_id);
}

bool
session_thread_loaded(const struct session *s, unsigned a,
    const char *ticket_id)
{
	const struct thread_state	*ts = session_thread(s, a, ticket_id);

	return ts != NULL && ts->loaded;
}

enum tix_err
session_update_ticket(struct session *s, unsigned a, const char *ticket_id,
    const struct patch *p, char **cause)
{
	struct pending_update	*pu;
	struct job		*j;
	const struct field	*f;

	if (a >= s->naccounts)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no such account");
	if (p->fields == 0)
		return tix_fail(cause, TIX_ERR_INVALID, "nothing to change");
	/* What each field needs is in the one table (core/field.h). */
	f = field_patch_refused(p->fields, s->accounts[a].caps);
	if (f != NULL)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "%s: %s cannot change the %s", s->accounts[a].name,
		    s->accounts[a].ops->title, f->label);
	if (store_get(s->store, TIX_KIND_TICKET, a, ticket_id) == NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND,
		    "%s:%s: ticket not found", s->accounts[a].name,
		    ticket_id);
	if (!store_ticket_begin_patch(s->store, a, ticket_id, p))
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%s: a change to that field is still pending",
		    s->accounts[a].name, ticket_id);
	pu = xcalloc(1, sizeof *pu);
	pu->id = ++s->next_update;
	pu->account = a;
	pu->ticket_id = xstrdup(ticket_id);
	patch_copy(&pu->patch, p);
	s->updates = xreallocarray(s->updates, s->nupdates + 1,
	    sizeof *s->updates);
	s->updates[s->nupdates++] = pu;
	j = job_new(JOB_UPDATE, a, TIX_KIND_TICKET);
	j->target_id = xstrdup(ticket_id);
	patch_copy(&j->patch, p);
	j->tag = pu->id;
	session_submit(s, j, PURPOSE_UPDATE);
	return TIX_OK;
}

enum tix_err
session_add_note(struct session *s, unsigned a, const char *ticket_id,
    const char *text, bool is_public, char **cause)
{
	struct outbox_note	*on;
	unsigned		 need;
	char			*key;
	bool			 empty;

	if (a >= s->naccounts)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no such account");
	need = is_public ? TIX_CAP_WRITE_REPLY : TIX_CAP_WRITE_INTERNAL;
	if ((s->accounts[a].caps & need) == 0)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "%s: %s cannot post %s", s->accounts[a].name,
		    s->accounts[a].ops->title,
		    is_public ? "replies" : "internal notes");
	if (strlen(text) > TIX_MAX_NOTE)
		return tix_fail(cause, TIX_ERR_TOO_LARGE,
		    "the note is longer than %u bytes", TIX_MAX_NOTE);
	key = session_note_key(text);
	empty = key[0] == '\0';
	free(key);
	if (empty)
		return tix_fail(cause, TIX_ERR_INVALID, "the note is empty");
	if (store_get(s->store, TIX_KIND_TICKET, a, ticket_id) == NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND,
		    "%s:%s: ticket not found", s->accounts[a].name,
		    ticket_id);
	on = xcalloc(1, sizeof *on);
	on->id = ++s->next_note;
	on->account = a;
	on->ticket_id = xstrdup(ticket_id);
	on->text = xstrdup(text);
	on->is_public = is_public;
	on->created_at = time(NULL);
	s->outbox = xreallocarray(s->outbox, s->noutbox + 1,
	    sizeof *s->outbox);
	s->outbox[s->noutbox++] = on;
	session_send_note(s, on);
	return TIX_OK;
}

const struct outbox_note **
session_outbox(const struct session *s, unsigned a, const char *ticket_id,
    size_t *n)
{
	const struct outbox_note	**v = NULL;

	*n = 0;
	for (size_t i = 0; i < s->noutbox; i++) {
		const struct outbox_note	*on = s->outbox[i];

		if (on->account != a || strcmp(on->ticket_id, ticket_id) != 0)
			continue;
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = on;
	}
	return v;
}

enum tix_err
session_retry_note(struct session *s, uint64_t id, char **cause)
{
	struct outbox_note	*on = session_outbox_find(s, id, NULL);

	if (on == NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no such note");
	if (on->state != OUTBOX_FAILED)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "the note is still being sent");
	if (store_get(s->store, TIX_KIND_TICKET, on->account,
	    on->ticket_id) == NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "%s:%s: "
		    SESSION_GONE, s->accounts[on->account].name,
		    on->ticket_id);
	if (on->maybe_sent) {
		on->state = OUTBOX_SENDING;
		session_submit_list(s, on->account, TIX_KIND_NOTE,
		    PURPOSE_NOTE_CHECK, 0, on->ticket_id, NULL, on->id);
		return TIX_OK;
	}
	session_send_note(s, on);
	return TIX_OK;
}

void
session_discard_note(struct session *s, uint64_t id)
{
	session_outbox_remove(s, id);
}

size_t
session_pending_writes(const struct session *s)
{
	size_t	n = s->nupdates;

	for (size_t i = 0; i < s->noutbox; i++) {
		if (s->outbox[i]->state == OUTBOX_SENDING)
			n++;
	}
	return n;
}

size_t
session_failed_notes(const struct session *s)
{
	size_t	n = 0;

	for (size_t i = 0; i < s->noutbox; i++) {
		if (s->outbox[i]->state == OUTBOX_FAILED)
			n++;
	}
	return n;
}

char *
session_take_message(struct session *s)
{
	char	*m;

	if (s->nmessages == 0)
		return NULL;
	m = s->messages[0];
	memmove(s->messages, s->messages + 1,
	    (s->nmessages - 1) * sizeof *s->messages);
	s->nmessages--;
	return m;
}
