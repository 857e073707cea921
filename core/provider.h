/*
 * The provider interface: one const ops table per platform (providers/),
 * looked up by name in the registry (providers/registry.h).
 *
 * Threads.  Every slot except the static fields is called on the account's
 * own worker thread, never on the UI thread, and never concurrently for one
 * account: a provider keeps per-account state in account->priv without
 * locks.  Slots may block (network, simulated latency) but must return once
 * account->cancel is set, within a second or so.
 *
 * Errors.  Slots return TIX_OK or an error and then set *cause to a
 * one-line message for the status bar that names the platform's own reason
 * and never contains a secret.
 *
 * Ownership.  Records handed in are borrowed; records handed out (*out,
 * page->records) are new and belong to the caller.  Text in them is raw:
 * the store sanitizes it.
 *
 * Writes.  create() and update() say, when they fail, whether the request
 * may have reached the platform (*maybe_sent: a 5xx answer, a timeout, a
 * connection dropped after sending).  The session never sends a note again
 * while that is possible without first looking for it on the platform, so
 * a provider never repeats a write whose outcome is unknown on its own.
 * On success they hand back the platform's updated copy, which the session
 * uses as it is instead of fetching the record again.
 */
#ifndef TIX_PROVIDER_H
#define TIX_PROVIDER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/caps.h"	/* TIX_CAP_* */
#include "core/error.h"
#include "core/model.h"

struct tix_provider_ops;
struct config_section;

/* One configured help-desk account. */
struct account {
	unsigned			 index;	/* in the session's table */
	char				*name;	/* "acme": the ACCOUNT in ACCOUNT:ID */
	const struct tix_provider_ops	*ops;
	/*
	 * The [account NAME] section; NULL for an account the provider
	 * brings itself (builtin_accounts below).
	 */
	const struct config_section	*config;
	/*
	 * What this account may do: the provider's caps, set by the session
	 * before open(); open() clears the bits the platform says this user
	 * may not use (the UI then does not offer them).
	 */
	unsigned			 caps;
	/* Set by the session to stop a slot early. */
	atomic_bool			 cancel;
	/*
	 * Records the provider could not read and skipped (a bad record in
	 * a page); the session shows the count in the account's status.
	 */
	atomic_size_t			 skipped;
	/* The provider's own state, from open() to close(). */
	void				*priv;
};

/* What to list. */
struct query {
	int64_t		 updated_since;	/* 0: everything */
	const char	*ticket_id;	/* notes: of this ticket */
	const char	*cursor;	/* NULL: first page */
	size_t		 limit;		/* a page size hint; 0: provider's */
};

/* One page of a list. */
struct page {
	struct record	**records;
	size_t		  n;
	char		 *next_cursor;	/* NULL when this was the last page */
	/*
	 * The watermark to pass as updated_since next time: the newest
	 * updated_at the platform reported, or 0 when the provider cannot
	 * say (the caller then keeps its own).
	 */
	int64_t		  watermark;
	/*
	 * Ids of records of the listed kind that the platform says are
	 * gone (deleted since updated_since): the caller drops them.
	 */
	char		**removed;
	size_t		  nremoved;
};

void	page_add(struct page *, struct record *);
/* Record that the record id of the listed kind was deleted. */
void	page_add_removed(struct page *, const char *id);
void	page_done(struct page *);

struct tix_provider_ops {
	const char	*name;	/* the config's provider = value: "zendesk" */
	const char	*title;	/* "Zendesk Support" */
	unsigned	 caps;	/* TIX_CAP_* */
	/*
	 * The accounts the provider brings itself, without a config section
	 * (tix --demo's), NULL-terminated; NULL for a platform.
	 */
	const char *const *builtin_accounts;

	/*
	 * Check the account's config section (account->config) and keep
	 * what open() needs in account->priv.  Called on the UI thread at
	 * start-up, before the worker starts; no I/O beyond running a
	 * secret command.  Errors name the file, line and key.  May be NULL
	 * when the provider has nothing to check.
	 */
	enum tix_err	(*configure)(struct account *, char **cause);

	/*
	 * Connect and check credentials.  Called before any other slot
	 * except configure().  After a failure the session calls open()
	 * again to retry, without close() in between: open() must release
	 * whatever an earlier open() set up (a connection) and keep what
	 * configure() set up (the checked config and secret).
	 */
	enum tix_err	(*open)(struct account *, char **cause);

	/*
	 * List records of a kind changed at or after q->updated_since,
	 * one page at a time: the caller passes page->next_cursor back as
	 * q->cursor until it is NULL.  Notes need q->ticket_id.  Agents
	 * include the authenticated user with is_me set.
	 */
	enum tix_err	(*list)(struct account *, enum tix_kind,
			    const struct query *q, struct page *out,
			    char **cause);

	/*
	 * Fetch one record by id into *out.  TIX_ERR_NOT_FOUND means the
	 * record is gone from the platform (the session drops it).
	 */
	enum tix_err	(*get)(struct account *, enum tix_kind, const char *id,
			    struct record **out, char **cause);

	/*
	 * Add a note (in->kind TIX_KIND_NOTE, on in->u.note.ticket_id) and
	 * return the platform's copy in *out.  Tickets are not created
	 * through tix yet: any other kind is TIX_ERR_UNSUPPORTED.  On an
	 * error, *maybe_sent says whether the note may have been stored
	 * (see Writes above); it is false on success.
	 */
	enum tix_err	(*create)(struct account *, const struct record *in,
			    struct record **out, bool *maybe_sent,
			    char **cause);

	/*
	 * Change a ticket; return the platform's updated copy in *out.
	 * On an error, *maybe_sent says whether the change may have been
	 * made.
	 */
	enum tix_err	(*update)(struct account *, const char *ticket_id,
			    const struct patch *, struct record **out,
			    bool *maybe_sent, char **cause);

	/*
	 * Free account->priv.  Called once, last, on the worker thread (or
	 * on the UI thread when configure() failed and no worker started);
	 * may be NULL.
	 */
	void		(*close)(struct account *);
};

#endif
