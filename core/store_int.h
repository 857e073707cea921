/*
 * Store internals shared by core/store.c, core/view.c and core/filter.c;
 * nothing outside those three files includes this header.
 *
 * Every record in the store sits in a store_entry.  For tickets the entry
 * also carries the confirmed copy while local changes are pending, the
 * pending fields and the activity marks.  Entries never move while they
 * are in the store, so views point at them; a view keeps its tree ordered
 * by the entry's visible record, so the store takes a ticket out of every
 * view before it changes the record and puts it back afterwards.
 */
#ifndef TIX_STORE_INT_H
#define TIX_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/filter.h"
#include "core/model.h"
#include "core/store.h"

struct store_entry {
	struct record	*rec;		/* what lookups and views show */
	struct record	*base;		/* confirmed copy, while pending */
	struct patch	 pending;	/* pending.fields: TIX_PATCH_* */
	unsigned	 marks;		/* STORE_MARK_* */
	size_t		 cpos;		/* index in its customer's list */
	unsigned	 account;	/* rec->account */
	char		*words;		/* filter_words(rec), for filters */
	const char	*cwords;	/* a ticket's customer's words */
	size_t		 tpos;		/* index in the store's ticket array */
};

/* core/store.c: ticket lookup and iteration for views. */
struct store_entry	*store_ticket_find(const struct store *,
			    unsigned account, const char *id);
/* The next ticket after *pos (start at 0), or NULL at the end; tickets
 * come in the order they arrived, which is also roughly memory order. */
struct store_entry	*store_ticket_next(const struct store *, size_t *pos);
void			 store_view_attach(struct store *, struct view *);
void			 store_view_detach(struct store *, struct view *);

/* core/view.c: keeping one view current. */
/* Insert the ticket if it matches the filter. */
void		 view_ticket_add(struct view *, struct store_entry *);
/* Take the ticket out; false when it was not in the view. */
bool		 view_ticket_remove(struct view *, struct store_entry *);
/* Filter and sort every ticket again. */
void		 view_rescan(struct view *);
/* FILTER_NEEDS_* bits of the view's filter (0 for none). */
unsigned	 view_needs(const struct view *);
/* The store is being freed: drop the tree and forget it. */
void		 view_orphan(struct view *);

/*
 * core/filter.c: what else in the store a filter looks at, so the store
 * knows which views to refresh when that changes.
 */
#define FILTER_NEEDS_CUSTOMER	0x01u	/* customer names and e-mails */
#define FILTER_NEEDS_ACCOUNT	0x02u	/* account names */
#define FILTER_NEEDS_ME		0x04u	/* which agent is "me" */
#define FILTER_NEEDS_AGENT	0x08u	/* agent names */
#define FILTER_NEEDS_CATEGORY	0x10u	/* category names */
#define FILTER_NEEDS_MARKS	0x20u	/* is:new, is:updated */
unsigned	 filter_needs(const struct filter *);
/* True when the filter has no terms (blank text, or only ""). */
bool		 filter_is_empty(const struct filter *);
/*
 * The text plain words search in a ticket or customer record, kept by the
 * store in the entry so that filtering reads one string per record.
 */
char		*filter_words(const struct record *);
/* filter_match() for a ticket in the store, from its entry. */
bool		 filter_match_entry(const struct filter *, const struct store *,
		    const struct store_entry *);

#endif
