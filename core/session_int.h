/*
 * The session's insides, shared by its files and nothing else:
 *
 *	core/session.c	the facade: the public API, the results loop that
 *			hands each finished job to its handler, the open
 *			ticket, the status-bar messages;
 *	core/accounts.c	the accounts, from the config or a provider's own
 *			(the demo's);
 *	core/sync.c	what is read of each account: open, load, poll,
 *			back-off, watermarks; the one place records enter
 *			the store (sync_put) and leave it when the platform
 *			says they are gone;
 *	core/thread.c	what is read for the tickets the user opens: their
 *			notes and their customers;
 *	core/journal.c	the user's writes (notes and ticket changes) until
 *			the platform settles them.
 *
 * Everything here runs on the UI thread.  Provider calls run on the
 * accounts' workers and come back as finished jobs whose purpose names
 * the handler (session.c's table).
 */
#ifndef TIX_SESSION_INT_H
#define TIX_SESSION_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/provider.h"
#include "core/session.h"
#include "core/worker.h"

#define SESSION_MAX_MESSAGES	32

/* Why a write on a ticket that left the platform did not happen. */
#define SESSION_GONE	"the ticket was deleted on the platform"

/* What a job is for; its handler decides what the answer means. */
enum purpose {
	PURPOSE_OPEN,
	PURPOSE_LOAD,		/* a page of the first load */
	PURPOSE_POLL,		/* a page of a poll */
	PURPOSE_THREAD,		/* a page of a ticket's notes */
	PURPOSE_FETCH,		/* one record, put quietly */
	PURPOSE_CUSTOMER,	/* an opened ticket's customer, read afresh */
	PURPOSE_UPDATE,		/* a ticket change to confirm or revert */
	PURPOSE_UPDATE_CHECK,	/* the ticket re-read after an unknown outcome */
	PURPOSE_NOTE,		/* a journal note being created */
	PURPOSE_NOTE_CHECK,	/* notes listed to see if a note got there */
	PURPOSE_COUNT,
};

/* One account's sync (core/sync.c). */
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

/* A ticket the user opened: its notes and its customer (core/thread.c). */
struct thread_state {
	unsigned	 account;
	char		*ticket_id;
	bool		 loaded;
	bool		 loading;
	char		*customer_id;	/* being read, or NULL */
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

/* The user's writes not yet settled, oldest first (core/journal.c). */
struct journal {
	struct journal_entry	**v;
	size_t			  n;
	uint64_t		  next_id;
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
	/* The ticket the user reads (session_open_ticket); only here. */
	unsigned		  open_account;
	char			 *open_ticket;

	struct journal		  journal;
	struct own_write	 *echoes;
	size_t			  nechoes;

	char			 *messages[SESSION_MAX_MESSAGES];
	size_t			  nmessages;
};

/* core/session.c */
int64_t		 session_now_ms(void);
/* Queue a status-bar message; platform text in it is sanitized. */
void		 session_message(struct session *, const char *, ...)
		    TIX_PRINTF(2, 3);
/* Number a job, count it against its account and hand it to the worker. */
void		 session_submit(struct session *, struct job *, enum purpose);
/* Is this the ticket the user reads? */
bool		 session_reading(const struct session *, unsigned account,
		    const char *ticket_id);

/* core/accounts.c */
enum tix_err	 accounts_add(struct session *,
		    const struct session_options *, char **cause);
/* Free the names and the table (after the workers have stopped). */
void		 accounts_free(struct session *);

/* core/sync.c */
void		 sync_start_open(struct session *, unsigned account);
/* Start the polls and retries that are due; SESSION_CHANGED_*. */
unsigned	 sync_run_due(struct session *);
/* Milliseconds until the next poll or retry is due, or -1. */
int		 sync_timeout(const struct session *);
void		 sync_submit_list(struct session *, unsigned account,
		    enum tix_kind, enum purpose, int64_t since,
		    const char *ticket_id, const char *cursor, uint64_t tag);
/* get() one record; the purpose's handler takes the answer. */
void		 sync_fetch(struct session *, unsigned account, enum tix_kind,
		    const char *id, enum purpose);
/* Expect a ticket changed by our own write at "at" back from a poll. */
void		 sync_expect_echo(struct session *, unsigned account,
		    const char *ticket_id, int64_t at);
int64_t		 sync_echo_time(const struct session *, unsigned account,
		    const char *ticket_id, int64_t at);
/* Put a record from the platform into the store; SESSION_CHANGED_*. */
unsigned	 sync_put(struct session *, struct record *, unsigned account,
		    bool mark);
unsigned	 sync_put_page(struct session *, struct job *, bool mark);
/* Continue a list with its next page; true when there was one. */
bool		 sync_next_page(struct session *, struct job *);
void		 sync_check_gone(struct session *, unsigned account,
		    enum tix_err, const char *ticket_id);
bool		 sync_ticket_gone(struct session *, unsigned account,
		    const char *ticket_id);
unsigned	 sync_done_open(struct session *, struct job *);
unsigned	 sync_done_load(struct session *, struct job *);
unsigned	 sync_done_poll(struct session *, struct job *);
unsigned	 sync_done_fetch(struct session *, struct job *);
void		 sync_free(struct session *);

/* core/thread.c */
/* The user opened a ticket: load its notes, read its customer whole. */
void		 thread_open(struct session *, unsigned account,
		    const struct record *ticket);
const struct thread_state *thread_get(const struct session *,
		    unsigned account, const char *ticket_id);
/* A poll changed the ticket: reload its notes if they were loaded. */
void		 thread_reload(struct session *, unsigned account,
		    const char *ticket_id);
/* A poll changed a customer: read it whole if the open ticket is its. */
void		 thread_customer_changed(struct session *, unsigned account,
		    const char *customer_id);
unsigned	 thread_done_notes(struct session *, struct job *);
unsigned	 thread_done_customer(struct session *, struct job *);
/* The ticket left the platform: forget what was read for it. */
void		 thread_gone(struct session *, unsigned account,
		    const char *ticket_id);
void		 thread_free(struct session *);

/* core/journal.c */
enum tix_err	 journal_add_update(struct session *, unsigned account,
		    const char *ticket_id, const struct patch *,
		    char **cause);
enum tix_err	 journal_add_note(struct session *, unsigned account,
		    const char *ticket_id, const char *text, bool is_public,
		    char **cause);
/* A note kept, not sent: FAILED with why, for retry or discard. */
void		 journal_keep_note(struct session *, unsigned account,
		    const char *ticket_id, const char *text, bool is_public,
		    const char *why);
enum tix_err	 journal_retry(struct session *, uint64_t id, char **cause);
void		 journal_discard(struct session *, uint64_t id);
/* The entries of a kind on a ticket; a new array the caller frees. */
const struct journal_entry **journal_list(const struct journal *,
		    enum journal_kind, unsigned account,
		    const char *ticket_id, size_t *n);
/* How many entries are in the state; pending: those not FAILED. */
size_t		 journal_count(const struct journal *, enum journal_state);
/* Every entry, oldest first; a new array (NULL when none). */
const struct journal_entry **journal_all(const struct journal *, size_t *n);
size_t		 journal_pending(const struct journal *);
/* The ticket left the platform: its writes cannot happen any more. */
void		 journal_ticket_gone(struct session *, unsigned account,
		    const char *ticket_id);
unsigned	 journal_done_update(struct session *, struct job *);
unsigned	 journal_done_update_check(struct session *, struct job *);
unsigned	 journal_done_note(struct session *, struct job *);
unsigned	 journal_done_note_check(struct session *, struct job *);
void		 journal_free(struct journal *);

#endif
