/*
 * A session: the accounts, their workers, the store, and the sync engine
 * that keeps the store current.  Both front ends (the curses UI and the
 * scripting CLI) drive one.
 *
 * Threads.  Every function here is for the UI thread (the thread that
 * created the session).  Work runs on one worker thread per account; its
 * results come back through a queue whose wakeup fd the caller polls:
 *
 *	poll session_fd() and stdin, with session_timeout() as timeout;
 *	changes = session_run(s);	  applies results, starts due polls
 *	redraw what changes says.
 *
 * Sync.  Each account opens, loads agents, categories, customers and
 * tickets, then polls tickets (and customers) with an updated-since
 * watermark every poll interval.  Tickets that appear after the first load
 * are marked STORE_MARK_NEW, changed ones STORE_MARK_UPDATED (never for
 * the user's own confirmed writes).  A ticket's notes load when it is
 * opened, and reload when a poll shows the ticket changed.
 *
 * Writes.  Every write the user makes (a ticket change, a note) goes
 * into one journal until the platform settles it.  A ticket change shows
 * in the store at once (pending); the platform's answer confirms or
 * reverts it, and a failure leaves a message.  A note shows in its
 * thread until confirmed; a failed note stays in the journal (never
 * silently dropped) until retried or discarded.  A write whose send may
 * have reached the platform (network error after sending) is looked for
 * there before anything else: a note is never posted twice, a change is
 * confirmed or reverted by what a re-read shows.
 *
 * Opening a ticket (session_open_ticket) loads its thread and reads its
 * customer afresh with get(): some platforms list customers with fewer
 * fields than get() gives (Freshdesk: tags and other e-mails).
 */
#ifndef TIX_SESSION_H
#define TIX_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/caps.h"
#include "core/error.h"
#include "core/model.h"

struct session;
struct store;

struct tix_provider_ops;

struct session_options {
	/*
	 * The provider registry (providers/registry.h provider_find): core
	 * knows providers only through their ops tables.
	 */
	const struct tix_provider_ops	*(*find_provider)(const char *name);
	/*
	 * The embedded demo accounts.  Without it, the accounts come from
	 * the config file; when that is the default path and it does not
	 * exist, the demo is used.
	 */
	bool		 demo;
	const char	*config_path;	/* NULL: the default config file */
	/* Only open the accounts (check credentials); load nothing. */
	bool		 open_only;
	const char	*only_account;	/* NULL: all accounts */
	int		 poll_seconds;	/* 0: the default (30, demo 5) */
};

/* Change bits returned by session_run(). */
#define SESSION_CHANGED_TICKETS	0x1u	/* the list may differ */
#define SESSION_CHANGED_NOTES	0x2u	/* some thread or outbox changed */
#define SESSION_CHANGED_STATUS	0x4u	/* account states or messages */
#define SESSION_CHANGED_OTHER	0x8u	/* customers, categories, agents */

enum sync_state {
	SYNC_CONNECTING,	/* open() running */
	SYNC_LOADING,		/* first load running */
	SYNC_OK,		/* loaded; polling */
	SYNC_FAILED,		/* last attempt failed; will retry */
};

struct sync_status {
	enum sync_state	 state;
	const char	*message;	/* last error, or NULL */
	int64_t		 last_sync;	/* time of the last good poll, or 0 */
	size_t		 jobs;		/* requests queued or running */
	/* Records the platform sent that could not be read (skipped). */
	size_t		 skipped;
};

enum journal_kind {
	JOURNAL_NOTE,		/* a note to add to a ticket */
	JOURNAL_UPDATE,		/* a change to a ticket */
};

enum journal_state {
	JOURNAL_SENDING,	/* on its way to the platform */
	/* The send may have got there: looked for on the platform first. */
	JOURNAL_CHECKING,
	JOURNAL_FAILED,		/* not made; kept until retried or discarded */
};

/* A write the user made that the platform has not settled yet. */
struct journal_entry {
	uint64_t		 id;		/* for retry and discard */
	enum journal_kind	 kind;
	enum journal_state	 state;
	unsigned		 account;
	char			*ticket_id;
	char			*error;		/* why it failed, or NULL */
	/* The failed send may have reached the platform: check first. */
	bool			 maybe_sent;
	int64_t			 created_at;
	/* JOURNAL_NOTE */
	char			*text;
	bool			 is_public;
	/*
	 * Notes with the same words that are not this one: there before it
	 * was made, or another entry's (see journal_note_arrived()).
	 */
	struct strv		 twins;
	/* JOURNAL_UPDATE */
	struct patch		 patch;
};

/* Create the accounts (demo or configured) and start syncing. */
enum tix_err	 session_new(const struct session_options *,
		    struct session **out, char **cause);
/* Cancel work, join the workers, free everything. */
void		 session_free(struct session **);

struct store	*session_store(struct session *);
size_t		 session_account_count(const struct session *);
/* The account's name ("acme"), or NULL past the end. */
const char	*session_account_name(const struct session *, unsigned);
/* Its provider's name ("zendesk") and title ("Zendesk Support"), or NULL. */
const char	*session_account_provider(const struct session *, unsigned);
const char	*session_account_title(const struct session *, unsigned);
/* Index of the named account, or -1. */
int		 session_account_find(const struct session *, const char *);
/* The account's provider capabilities (TIX_CAP_*). */
unsigned	 session_account_caps(const struct session *, unsigned);
void		 session_account_status(const struct session *, unsigned,
		    struct sync_status *);
/* True once every account's first load has finished (or failed). */
bool		 session_loaded(const struct session *);
/* True when the session runs the demo accounts. */
bool		 session_is_demo(const struct session *);

int		 session_fd(const struct session *);
/* Milliseconds until session_run() has timed work to start, or -1. */
int		 session_timeout(const struct session *);
/* Apply finished work and start due work; returns SESSION_CHANGED_*. */
unsigned	 session_run(struct session *);
/*
 * Run the loop without a terminal until done(s, arg) is true or
 * timeout_ms passes (TIX_ERR_NETWORK "timed out").  For the CLI.
 */
enum tix_err	 session_wait(struct session *,
		    bool (*done)(struct session *, void *), void *arg,
		    int timeout_ms, char **cause);

/*
 * The user looks at a ticket: load its thread if it is not loaded, read
 * its customer afresh, and clear its marks.
 */
void		 session_open_ticket(struct session *, unsigned account,
		    const char *ticket_id);
/* True once the ticket's notes have been loaded at least once. */
bool		 session_thread_loaded(const struct session *, unsigned account,
		    const char *ticket_id);
/*
 * True once the customer read when the ticket was last opened has come
 * back (or failed), or when there was none to read.
 */
bool		 session_customer_loaded(const struct session *,
		    unsigned account, const char *ticket_id);

/*
 * Change a ticket.  Fails at once (TIX_ERR_UNSUPPORTED, TIX_ERR_INVALID)
 * when the provider cannot make the change or the same field is already
 * pending; otherwise the change shows at once and is confirmed later.
 */
enum tix_err	 session_update_ticket(struct session *, unsigned account,
		    const char *ticket_id, const struct patch *,
		    char **cause);
/* Post a note (public reply or internal note) through the journal. */
enum tix_err	 session_add_note(struct session *, unsigned account,
		    const char *ticket_id, const char *text, bool is_public,
		    char **cause);
/*
 * Keep a note without sending it (one whose composing was cut short): it
 * shows as failed with why, for the agent to send (retry) or discard,
 * and is printed if tix stops with it.
 */
void		 session_keep_note(struct session *, unsigned account,
		    const char *ticket_id, const char *text, bool is_public,
		    const char *why);
/*
 * The notes of a ticket still in the journal, oldest first; a new array
 * the caller frees.
 */
const struct journal_entry **session_outbox(const struct session *,
		    unsigned account, const char *ticket_id, size_t *n);
/* Send a failed note again (looking for it first when maybe sent). */
enum tix_err	 session_retry_note(struct session *, uint64_t id,
		    char **cause);
void		 session_discard_note(struct session *, uint64_t id);
/*
 * Every write still in the journal (sending, checking or failed),
 * oldest first; a new array the caller frees.  What is left when tix
 * stops did not reach the platform, or may not have.
 */
const struct journal_entry **session_unsettled(const struct session *,
		    size_t *n);
/* Writes not yet settled: ticket changes plus notes on their way. */
size_t		 session_pending_writes(const struct session *);
/* Failed notes still in the journal. */
size_t		 session_failed_notes(const struct session *);

/*
 * The next one-line message for the status bar ("acme:42: priority not
 * changed: conflict"), oldest first, or NULL.  The caller frees it.
 */
char		*session_take_message(struct session *);

#endif
