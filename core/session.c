/*
 * The session's facade: the API both front ends use (core/session.h).
 * It owns the session's life, the results loop that hands each finished
 * job to the handler its purpose names, the ticket the user reads, and
 * the status-bar messages.  The work is elsewhere (core/session_int.h):
 * accounts in core/accounts.c, reading the platforms in core/sync.c and
 * core/thread.c, the user's writes in core/journal.c.
 */

#include "config.h"

#include "core/session.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/queue.h"
#include "core/session_int.h"
#include "core/store.h"
#include "core/text.h"
#include "core/wakeup.h"
#include "core/xmalloc.h"

#define SESSION_POLL_MS		30000
#define SESSION_DEMO_POLL_MS	5000

/* What each purpose's answer means. */
static unsigned (*const session_handlers[PURPOSE_COUNT])(struct session *,
    struct job *) = {
	[PURPOSE_OPEN] = sync_done_open,
	[PURPOSE_LOAD] = sync_done_load,
	[PURPOSE_POLL] = sync_done_poll,
	[PURPOSE_THREAD] = thread_done_notes,
	[PURPOSE_FETCH] = sync_done_fetch,
	[PURPOSE_CUSTOMER] = thread_done_customer,
	[PURPOSE_UPDATE] = journal_done_update,
	[PURPOSE_UPDATE_CHECK] = journal_done_update_check,
	[PURPOSE_NOTE] = journal_done_note,
	[PURPOSE_NOTE_CHECK] = journal_done_note_check,
};

int64_t
session_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
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

void
session_submit(struct session *s, struct job *j, enum purpose purpose)
{
	j->id = ++s->next_job;
	j->purpose = purpose;
	s->sync[j->account].jobs++;
	worker_submit(s->workers[j->account], j);
}

bool
session_reading(const struct session *s, unsigned a, const char *ticket_id)
{
	return s->open_ticket != NULL && s->open_account == a &&
	    strcmp(s->open_ticket, ticket_id) == 0;
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
	err = accounts_add(s, o, cause);
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
		sync_start_open(s, i);
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
	free(s->workers);
	sync_free(s);
	thread_free(s);
	accounts_free(s);
	free(s->open_ticket);
	journal_free(&s->journal);
	for (size_t i = 0; i < s->nmessages; i++)
		free(s->messages[i]);
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

const char *
session_account_name(const struct session *s, unsigned a)
{
	return a < s->naccounts ? s->accounts[a].name : NULL;
}

const char *
session_account_provider(const struct session *s, unsigned a)
{
	return a < s->naccounts ? s->accounts[a].ops->name : NULL;
}

const char *
session_account_title(const struct session *s, unsigned a)
{
	return a < s->naccounts ? s->accounts[a].ops->title : NULL;
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
	return sync_timeout(s);
}

unsigned
session_run(struct session *s)
{
	struct job	*j;
	unsigned	 changed = 0;

	wakeup_drain(s->wakeup);
	for (j = queue_pop(s->results); j != NULL; j = queue_pop(s->results)) {
		s->sync[j->account].jobs--;
		if (j->purpose < PURPOSE_COUNT)
			changed |= session_handlers[j->purpose](s, j);
		job_free(&j);
	}
	return changed | sync_run_due(s);
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

	if (a >= s->naccounts)
		return;
	free(s->open_ticket);
	s->open_ticket = xstrdup(ticket_id);
	s->open_account = a;
	t = store_get(s->store, TIX_KIND_TICKET, a, ticket_id);
	if (t == NULL)
		return;
	store_ticket_set_marks(s->store, a, ticket_id, 0);
	thread_open(s, a, t);
}

bool
session_thread_loaded(const struct session *s, unsigned a,
    const char *ticket_id)
{
	const struct thread_state	*ts = thread_get(s, a, ticket_id);

	return ts != NULL && ts->loaded;
}

bool
session_customer_loaded(const struct session *s, unsigned a,
    const char *ticket_id)
{
	const struct thread_state	*ts = thread_get(s, a, ticket_id);

	return ts == NULL || ts->customer_id == NULL;
}

enum tix_err
session_update_ticket(struct session *s, unsigned a, const char *ticket_id,
    const struct patch *p, char **cause)
{
	if (a >= s->naccounts)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no such account");
	return journal_add_update(s, a, ticket_id, p, cause);
}

enum tix_err
session_add_note(struct session *s, unsigned a, const char *ticket_id,
    const char *text, bool is_public, char **cause)
{
	if (a >= s->naccounts)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no such account");
	return journal_add_note(s, a, ticket_id, text, is_public, cause);
}

const struct journal_entry **
session_outbox(const struct session *s, unsigned a, const char *ticket_id,
    size_t *n)
{
	return journal_list(&s->journal, JOURNAL_NOTE, a, ticket_id, n);
}

void
session_keep_note(struct session *s, unsigned a, const char *ticket_id,
    const char *text, bool is_public, const char *why)
{
	journal_keep_note(s, a, ticket_id, text, is_public, why);
}

enum tix_err
session_retry_note(struct session *s, uint64_t id, char **cause)
{
	return journal_retry(s, id, cause);
}

void
session_discard_note(struct session *s, uint64_t id)
{
	journal_discard(s, id);
}

const struct journal_entry **
session_unsettled(const struct session *s, size_t *n)
{
	return journal_all(&s->journal, n);
}

size_t
session_pending_writes(const struct session *s)
{
	return journal_pending(&s->journal);
}

size_t
session_failed_notes(const struct session *s)
{
	return journal_count(&s->journal, JOURNAL_FAILED);
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
