/*
 * The in-memory store: every record tix knows, keyed by (kind, account,
 * id).  Nothing here is ever written to disk.
 *
 * Threads.  The store belongs to the UI thread: only that thread calls
 * these functions (workers hand records over through the result queue).
 *
 * Pointers returned by lookups and views stay valid until the next call
 * that changes the store (store_put, store_remove, store_ticket_*patch*).
 *
 * Indexes.  Tickets sit in a hash by (account, id) and in each view's
 * order-statistic tree, so putting one changed ticket costs O(log n) per
 * view: no re-sort, no rescan.  Notes are indexed per ticket (oldest
 * first), customers by normalized e-mail across accounts, tickets by
 * (account, customer_id).
 */
#ifndef TIX_STORE_H
#define TIX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

struct store;
struct view;

enum store_event {
	STORE_UNCHANGED,	/* same as what we had */
	STORE_CREATED,		/* new record */
	STORE_UPDATED,		/* changed */
	STORE_STALE,		/* older updated_at than ours: dropped */
};

/* Activity marks on tickets, shown in the list until the ticket is read. */
#define STORE_MARK_NEW		0x1u
#define STORE_MARK_UPDATED	0x2u

struct store	*store_new(void);
void		 store_free(struct store **);

/* Account names, for filters and display; index as in struct record. */
void		 store_add_account(struct store *, unsigned account,
		    const char *name);
const char	*store_account_name(const struct store *, unsigned account);

/*
 * Put a record, taking ownership of rec (it may be freed at once).  The
 * record is sanitized (record_sanitize) on the way in.  A ticket or note
 * whose updated_at is older than the stored one is STALE and dropped.
 * Putting a ticket with pending local changes replaces the confirmed copy
 * and keeps the pending fields on top.
 */
enum store_event store_put(struct store *, struct record *rec);
/*
 * Remove a record; false when it was not there.  A ticket leaves every
 * view, and its notes, marks and pending changes go with it.
 */
bool		 store_remove(struct store *, enum tix_kind, unsigned account,
		    const char *id);

/* Lookups; NULL when absent.  The record's u.<kind> is the payload. */
const struct record *store_get(const struct store *, enum tix_kind,
		    unsigned account, const char *id);
size_t		 store_count(const struct store *, enum tix_kind);

/* The agent with is_me set for an account, or NULL. */
const struct record *store_agent_me(const struct store *, unsigned account);

/*
 * All records of a kind for one account, in a new array the caller frees
 * (not the records).  Categories come in tree order (parents before
 * children, siblings by name); agents with "me" first, then by name.
 */
const struct record **store_list(const struct store *, enum tix_kind,
		    unsigned account, size_t *n);

/* Notes of a ticket, oldest first; *n is 0 and NULL returned if none. */
const struct record *const *store_notes(const struct store *,
		    unsigned account, const char *ticket_id, size_t *n);

/*
 * The tickets of this customer's person across all accounts: tickets whose
 * customer shares a normalized e-mail with this customer (or is this
 * customer), newest first, in a new array the caller frees.
 */
const struct record **store_person_tickets(const struct store *,
		    unsigned account, const char *customer_id, size_t *n);

/* Marks. */
unsigned	 store_ticket_marks(const struct store *, unsigned account,
		    const char *id);
void		 store_ticket_set_marks(struct store *, unsigned account,
		    const char *id, unsigned marks);

/*
 * Pending local changes.  begin applies the patch to the visible ticket
 * at once and remembers the confirmed copy; the fields stay pending until
 * confirm (with the platform's copy, which becomes the confirmed one) or
 * fail (which puts the confirmed values back).  Returns false when the
 * ticket is unknown or one of the fields is already pending.
 */
bool		 store_ticket_begin_patch(struct store *, unsigned account,
		    const char *id, const struct patch *);
void		 store_ticket_confirm_patch(struct store *, unsigned account,
		    const char *id, unsigned fields, struct record *confirmed);
void		 store_ticket_fail_patch(struct store *, unsigned account,
		    const char *id, unsigned fields);
/* TIX_PATCH_* bits still pending on a ticket. */
unsigned	 store_ticket_pending(const struct store *, unsigned account,
		    const char *id);

/*
 * Views: the ticket list, sorted and filtered, kept current as tickets
 * are put and removed.  A view belongs to its store and must be freed
 * before it.
 */
enum view_sort {
	VIEW_SORT_UPDATED,	/* newest activity first */
	VIEW_SORT_PRIORITY,	/* urgent first, then newest */
	VIEW_SORT_CREATED,	/* newest first */
};

struct view	*view_new(struct store *, enum view_sort);
void		 view_free(struct view **);
/*
 * Set the filter (see core/filter.h for the language; NULL or "" shows
 * everything).  Rescans once.  On a bad filter returns false, sets *cause
 * and keeps the old filter.
 */
bool		 view_set_filter(struct view *, const char *text, char **cause);
const char	*view_filter(const struct view *);
void		 view_set_sort(struct view *, enum view_sort);
size_t		 view_count(const struct view *);
/* The i-th ticket (0 is the top), O(log n). */
const struct record *view_at(const struct view *, size_t i);
/* Position of a ticket, or SIZE_MAX when it is not in the view. */
size_t		 view_index_of(const struct view *, unsigned account,
		    const char *id);

#endif
