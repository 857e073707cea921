/*
 * The in-memory store.  Records live in one hash map per kind
 * (core/hashmap.h), keyed by (account, id) with the account index as the
 * key's scope; tickets also sit in every open view (core/view.c).  Side
 * indexes: notes per ticket (oldest first), customers per normalized
 * e-mail, tickets per (account, customer id).  All of it is memory only:
 * nothing here ever touches a file.
 */

#include "config.h"

#include "core/store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/filter.h"
#include "core/hashmap.h"
#include "core/log.h"
#include "core/model.h"
#include "core/store_int.h"
#include "core/text.h"
#include "core/xmalloc.h"

#define STORE_PATCH_ALL	(TIX_PATCH_PRIORITY|TIX_PATCH_STATUS| \
			 TIX_PATCH_CATEGORY|TIX_PATCH_ASSIGNEE|TIX_PATCH_TAGS)

/* Entries sharing a key: tickets of a customer, customers of an e-mail. */
struct entry_list {
	struct store_entry	**v;
	size_t			  n;
	size_t			  size;
};

/* Notes of one ticket, oldest first. */
struct note_list {
	const struct record	**v;
	size_t			  n;
	size_t			  size;
};

struct store {
	struct hashmap	  records[TIX_KIND_COUNT]; /* -> store_entry */
	struct hashmap	  notes;	/* (account, ticket id) -> note_list */
	struct hashmap	  emails;	/* e-mail -> entry_list */
	struct hashmap	  bycustomer;	/* (account, customer) -> entry_list */

	char		**accounts;
	size_t		  naccounts;

	struct store_entry **tickets;	/* every ticket, in arrival order */
	size_t		  ntickets;
	size_t		  tickets_size;

	struct store_entry **me;	/* per account, or NULL */
	size_t		  nme;

	struct view	**views;
	size_t		  nviews;
};

/* Append to an entry list. */
static void
entry_list_add(struct entry_list *l, struct store_entry *e)
{
	if (l->n == l->size) {
		l->size = l->size == 0 ? 4 : l->size * 2;
		l->v = xreallocarray(l->v, l->size, sizeof *l->v);
	}
	l->v[l->n++] = e;
}

/* Free an entry list (not the entries). */
static void
entry_list_free(struct entry_list **lp)
{
	struct entry_list	*l = *lp;

	if (l == NULL)
		return;
	free(l->v);
	free(l);
	*lp = NULL;
}

/* Do two optional strings hold the same text? */
static bool
store_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* A record is stale when both times are set and the new one is older. */
static bool
store_is_stale(int64_t have, int64_t got)
{
	return have != 0 && got != 0 && got < have;
}

/* Free an entry and everything it owns. */
static void
store_entry_free(struct store_entry **ep)
{
	struct store_entry	*e = *ep;

	if (e == NULL)
		return;
	record_free(&e->rec);
	record_free(&e->base);
	patch_done(&e->pending);
	free(e->words);
	free(e);
	*ep = NULL;
}

/* An empty store. */
struct store *
store_new(void)
{
	struct store	*s = xcalloc(1, sizeof *s);
	size_t		 i;

	for (i = 0; i < TIX_KIND_COUNT; i++)
		hashmap_init(&s->records[i]);
	hashmap_init(&s->notes);
	hashmap_init(&s->emails);
	hashmap_init(&s->bycustomer);
	return s;
}

/* hashmap_done() callbacks for the values of each map. */
static void
store_entry_free_value(void *v)
{
	struct store_entry	*e = v;

	store_entry_free(&e);
}

static void
entry_list_free_value(void *v)
{
	struct entry_list	*l = v;

	entry_list_free(&l);
}

static void
note_list_free_value(void *v)
{
	struct note_list	*nl = v;

	free(nl->v);
	free(nl);
}

/* Free every record and index; open views are left empty. */
void
store_free(struct store **sp)
{
	struct store		*s = *sp;
	size_t			 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nviews; i++)
		view_orphan(s->views[i]);
	free(s->views);

	for (i = 0; i < TIX_KIND_COUNT; i++)
		hashmap_done(&s->records[i], store_entry_free_value);
	hashmap_done(&s->notes, note_list_free_value);
	hashmap_done(&s->emails, entry_list_free_value);
	hashmap_done(&s->bycustomer, entry_list_free_value);

	for (i = 0; i < s->naccounts; i++)
		free(s->accounts[i]);
	free(s->accounts);
	free(s->tickets);
	free(s->me);
	free(s);
	*sp = NULL;
}

/* Register a view so it hears about ticket changes. */
void
store_view_attach(struct store *s, struct view *v)
{
	s->views = xreallocarray(s->views, s->nviews + 1, sizeof *s->views);
	s->views[s->nviews++] = v;
}

/* Forget a view that is being freed. */
void
store_view_detach(struct store *s, struct view *v)
{
	size_t	i;

	for (i = 0; i < s->nviews; i++) {
		if (s->views[i] != v)
			continue;
		memmove(&s->views[i], &s->views[i + 1],
		    (s->nviews - i - 1) * sizeof *s->views);
		s->nviews--;
		return;
	}
}

/* Rescan every view whose filter looks at something that just changed. */
static void
store_views_rescan(struct store *s, unsigned needs)
{
	size_t	i;

	for (i = 0; i < s->nviews; i++) {
		if (view_needs(s->views[i]) & needs)
			view_rescan(s->views[i]);
	}
}

/* Take a ticket out of every view (before its record changes). */
static void
store_views_remove(struct store *s, struct store_entry *e)
{
	size_t	i;

	for (i = 0; i < s->nviews; i++)
		view_ticket_remove(s->views[i], e);
}

/* Put a ticket into every view whose filter it matches. */
static void
store_views_add(struct store *s, struct store_entry *e)
{
	size_t	i;

	for (i = 0; i < s->nviews; i++)
		view_ticket_add(s->views[i], e);
}

/*
 * Check a ticket again in the views whose filters depend on "needs" (its
 * record is the same, something it refers to changed).
 */
static void
store_views_refresh(struct store *s, struct store_entry *e, unsigned needs)
{
	struct view	*v;
	size_t		 i;

	for (i = 0; i < s->nviews; i++) {
		v = s->views[i];
		if ((view_needs(v) & needs) == 0)
			continue;
		view_ticket_remove(v, e);
		view_ticket_add(v, e);
	}
}

/* Name an account; filters that read account names look again. */
void
store_add_account(struct store *s, unsigned account, const char *name)
{
	size_t	i;

	if (account >= s->naccounts) {
		s->accounts = xreallocarray(s->accounts, (size_t)account + 1,
		    sizeof *s->accounts);
		for (i = s->naccounts; i <= account; i++)
			s->accounts[i] = NULL;
		s->naccounts = (size_t)account + 1;
	}
	free(s->accounts[account]);
	s->accounts[account] = name == NULL ? NULL : xstrdup(name);
	store_views_rescan(s, FILTER_NEEDS_ACCOUNT);
}

/* The account's name, or NULL when it has none. */
const char *
store_account_name(const struct store *s, unsigned account)
{
	if (account >= s->naccounts)
		return NULL;
	return s->accounts[account];
}

/*
 * Index a ticket whose record was just set: its words for filters, its
 * customer's words, and the (account, customer id) list.
 */
static void
store_ticket_index(struct store *s, struct store_entry *e)
{
	const struct record	*r = e->rec;
	const char		*cid = r->u.ticket.customer_id;
	struct entry_list	*l;
	struct store_entry	*c;

	e->account = r->account;
	e->words = filter_words(r);
	e->cwords = NULL;
	if (cid == NULL)
		return;
	c = hashmap_get_scoped(&s->records[TIX_KIND_CUSTOMER], r->account, cid);
	if (c != NULL)
		e->cwords = c->words;
	l = hashmap_get_scoped(&s->bycustomer, r->account, cid);
	if (l == NULL) {
		l = xcalloc(1, sizeof *l);
		hashmap_put_scoped(&s->bycustomer, r->account, cid, l);
	}
	e->cpos = l->n;
	entry_list_add(l, e);
}

/* Undo store_ticket_index before the record changes or goes. */
static void
store_ticket_unindex(struct store *s, struct store_entry *e)
{
	const struct record	*r = e->rec;
	const char		*cid = r->u.ticket.customer_id;
	struct entry_list	*l;

	free(e->words);
	e->words = NULL;
	e->cwords = NULL;
	if (cid == NULL)
		return;
	l = hashmap_get_scoped(&s->bycustomer, r->account, cid);
	if (l == NULL || e->cpos >= l->n || l->v[e->cpos] != e)
		fatalx("store: customer index out of step");
	l->v[e->cpos] = l->v[l->n - 1];
	l->v[e->cpos]->cpos = e->cpos;
	l->n--;
	if (l->n == 0) {
		hashmap_remove_scoped(&s->bycustomer, r->account, cid);
		entry_list_free(&l);
	}
}

/* Index a customer under each of its normalized e-mails. */
static void
store_emails_add(struct store *s, struct store_entry *e)
{
	const struct customer	*c = &e->rec->u.customer;
	struct entry_list	*l;
	char			*mail;
	size_t			 i, j;

	for (i = 0; i < c->nemails; i++) {
		if (c->emails[i].value == NULL)
			continue;
		mail = tix_email_normalize(c->emails[i].value);
		if (mail == NULL || *mail == '\0') {
			free(mail);
			continue;
		}
		l = hashmap_get(&s->emails, mail);
		if (l == NULL) {
			l = xcalloc(1, sizeof *l);
			hashmap_put(&s->emails, mail, l);
		}
		for (j = 0; j < l->n; j++) {
			if (l->v[j] == e)
				break;
		}
		if (j == l->n)
			entry_list_add(l, e);
		free(mail);
	}
}

/* Take a customer out of the e-mail index. */
static void
store_emails_remove(struct store *s, struct store_entry *e)
{
	const struct customer	*c = &e->rec->u.customer;
	struct entry_list	*l;
	char			*mail;
	size_t			 i, j;

	for (i = 0; i < c->nemails; i++) {
		if (c->emails[i].value == NULL)
			continue;
		mail = tix_email_normalize(c->emails[i].value);
		if (mail == NULL)
			continue;
		l = hashmap_get(&s->emails, mail);
		for (j = 0; l != NULL && j < l->n; j++) {
			if (l->v[j] != e)
				continue;
			memmove(&l->v[j], &l->v[j + 1],
			    (l->n - j - 1) * sizeof *l->v);
			l->n--;
			break;
		}
		if (l != NULL && l->n == 0) {
			hashmap_remove(&s->emails, mail);
			entry_list_free(&l);
		}
		free(mail);
	}
}

/*
 * A customer came, changed or went (c is its entry, NULL when gone): link
 * its tickets to it, and check them again in views that read customers.
 */
static void
store_customer_changed(struct store *s, unsigned account, const char *cid,
    struct store_entry *c)
{
	struct entry_list	*l;
	size_t			 i;

	l = hashmap_get_scoped(&s->bycustomer, account, cid);
	for (i = 0; l != NULL && i < l->n; i++) {
		l->v[i]->cwords = c == NULL ? NULL : c->words;
		store_views_refresh(s, l->v[i], FILTER_NEEDS_CUSTOMER);
	}
}

/* Notes sort oldest first, then by id. */
static int
store_note_cmp(const struct record *a, const struct record *b)
{
	const struct note	*na = &a->u.note, *nb = &b->u.note;

	if (na->created_at != nb->created_at)
		return na->created_at < nb->created_at ? -1 : 1;
	return strcmp(na->id, nb->id);
}

/* Insert a note into its ticket's list at its place. */
static void
store_notes_add(struct store *s, const struct record *r)
{
	struct note_list	*l;
	const char		*tid = r->u.note.ticket_id;
	size_t			 lo, hi, mid;

	if (tid == NULL)
		return;
	l = hashmap_get_scoped(&s->notes, r->account, tid);
	if (l == NULL) {
		l = xcalloc(1, sizeof *l);
		hashmap_put_scoped(&s->notes, r->account, tid, l);
	}
	if (l->n == l->size) {
		l->size = l->size == 0 ? 4 : l->size * 2;
		l->v = xreallocarray(l->v, l->size, sizeof *l->v);
	}
	lo = 0;
	hi = l->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (store_note_cmp(l->v[mid], r) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&l->v[lo + 1], &l->v[lo], (l->n - lo) * sizeof *l->v);
	l->v[lo] = r;
	l->n++;
}

/* Take a note out of its ticket's list. */
static void
store_notes_remove(struct store *s, const struct record *r)
{
	struct note_list	*l;
	const char		*tid = r->u.note.ticket_id;
	size_t			 i;

	if (tid == NULL)
		return;
	l = hashmap_get_scoped(&s->notes, r->account, tid);
	for (i = 0; l != NULL && i < l->n; i++) {
		if (l->v[i] != r)
			continue;
		memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
		l->n--;
		break;
	}
	if (l != NULL && l->n == 0) {
		hashmap_remove_scoped(&s->notes, r->account, tid);
		free(l->v);
		free(l);
	}
}

/* Replace a note's record in its list where it stands. */
static void
store_notes_replace(struct store *s, const struct record *old,
    const struct record *r)
{
	struct note_list	*l;
	size_t			 i;

	l = hashmap_get_scoped(&s->notes, old->account, old->u.note.ticket_id);
	for (i = 0; l != NULL && i < l->n; i++) {
		if (l->v[i] == old) {
			l->v[i] = r;
			return;
		}
	}
}

/* Find which agent is "me" for an account again. */
static void
store_me_update(struct store *s, unsigned account)
{
	struct store_entry	*e, *me = NULL;
	struct hashmap_iter	 it;
	struct hashmap_entry	 ent;
	size_t			 i;

	hashmap_iter_init(&s->records[TIX_KIND_AGENT], &it);
	while (hashmap_next(&s->records[TIX_KIND_AGENT], &it, &ent)) {
		e = ent.value;
		if (e->rec->account != account || !e->rec->u.agent.is_me)
			continue;
		if (me == NULL || strcmp(e->rec->u.agent.id,
		    me->rec->u.agent.id) < 0)
			me = e;
	}
	if (account >= s->nme) {
		if (me == NULL)
			return;
		s->me = xreallocarray(s->me, (size_t)account + 1,
		    sizeof *s->me);
		for (i = s->nme; i <= account; i++)
			s->me[i] = NULL;
		s->nme = (size_t)account + 1;
	}
	s->me[account] = me;
}

/*
 * Set a ticket's confirmed copy (or keep the current one when confirmed
 * is NULL) and rebuild the visible record from it and the pending fields.
 * The ticket leaves the views and the customer index first and comes
 * back with its new record.
 */
static void
store_ticket_rebuild(struct store *s, struct store_entry *e,
    struct record *confirmed)
{
	struct record	*base;

	store_views_remove(s, e);
	store_ticket_unindex(s, e);
	if (e->base != NULL) {
		base = e->base;
		e->base = NULL;
		record_free(&e->rec);
	} else {
		base = e->rec;
		e->rec = NULL;
	}
	if (confirmed != NULL) {
		record_free(&base);
		base = confirmed;
	}
	if (e->pending.fields == 0) {
		patch_done(&e->pending);
		memset(&e->pending, 0, sizeof e->pending);
		e->rec = base;
	} else {
		e->base = base;
		e->rec = record_dup(base);
		patch_apply(&e->pending, &e->rec->u.ticket);
	}
	store_ticket_index(s, e);
	store_views_add(s, e);
}

/* Put a ticket: a new one joins the views, a changed one moves. */
static enum store_event
store_put_ticket(struct store *s, struct record *rec)
{
	struct store_entry	*e;
	const struct record	*cur;

	e = hashmap_get_scoped(&s->records[TIX_KIND_TICKET], rec->account,
	    rec->u.ticket.id);
	if (e == NULL) {
		e = xcalloc(1, sizeof *e);
		e->rec = rec;
		hashmap_put_scoped(&s->records[TIX_KIND_TICKET], rec->account,
		    rec->u.ticket.id, e);
		if (s->ntickets == s->tickets_size) {
			s->tickets_size = s->tickets_size == 0 ? 64 :
			    s->tickets_size * 2;
			s->tickets = xreallocarray(s->tickets, s->tickets_size,
			    sizeof *s->tickets);
		}
		e->tpos = s->ntickets;
		s->tickets[s->ntickets++] = e;
		store_ticket_index(s, e);
		store_views_add(s, e);
		return STORE_CREATED;
	}
	cur = e->base != NULL ? e->base : e->rec;
	if (store_is_stale(cur->u.ticket.updated_at,
	    rec->u.ticket.updated_at)) {
		record_free(&rec);
		return STORE_STALE;
	}
	if (record_equal(cur, rec)) {
		record_free(&rec);
		return STORE_UNCHANGED;
	}
	store_ticket_rebuild(s, e, rec);
	return STORE_UPDATED;
}

/* Put a customer and keep the e-mail index and filtered views current. */
static enum store_event
store_put_customer(struct store *s, struct record *rec)
{
	struct store_entry	*e;
	struct hashmap		*m = &s->records[TIX_KIND_CUSTOMER];

	e = hashmap_get_scoped(m, rec->account, rec->u.customer.id);
	if (e == NULL) {
		e = xcalloc(1, sizeof *e);
		e->rec = rec;
		e->words = filter_words(rec);
		hashmap_put_scoped(m, rec->account, rec->u.customer.id, e);
		store_emails_add(s, e);
		store_customer_changed(s, rec->account, rec->u.customer.id, e);
		return STORE_CREATED;
	}
	if (store_is_stale(e->rec->u.customer.updated_at,
	    rec->u.customer.updated_at)) {
		record_free(&rec);
		return STORE_STALE;
	}
	if (record_equal(e->rec, rec)) {
		record_free(&rec);
		return STORE_UNCHANGED;
	}
	store_emails_remove(s, e);
	record_free(&e->rec);
	e->rec = rec;
	free(e->words);
	e->words = filter_words(rec);
	store_emails_add(s, e);
	store_customer_changed(s, rec->account, rec->u.customer.id, e);
	return STORE_UPDATED;
}

/* Put a note; an existing one keeps its place unless its time moved. */
static enum store_event
store_put_note(struct store *s, struct record *rec)
{
	struct store_entry	*e;
	struct hashmap		*m = &s->records[TIX_KIND_NOTE];
	const struct note	*old;

	e = hashmap_get_scoped(m, rec->account, rec->u.note.id);
	if (e == NULL) {
		e = xcalloc(1, sizeof *e);
		e->rec = rec;
		hashmap_put_scoped(m, rec->account, rec->u.note.id, e);
		store_notes_add(s, rec);
		return STORE_CREATED;
	}
	old = &e->rec->u.note;
	if (store_is_stale(old->updated_at, rec->u.note.updated_at)) {
		record_free(&rec);
		return STORE_STALE;
	}
	if (record_equal(e->rec, rec)) {
		record_free(&rec);
		return STORE_UNCHANGED;
	}
	if (old->created_at == rec->u.note.created_at &&
	    store_streq(old->ticket_id, rec->u.note.ticket_id))
		store_notes_replace(s, e->rec, rec);
	else {
		store_notes_remove(s, e->rec);
		store_notes_add(s, rec);
	}
	record_free(&e->rec);
	e->rec = rec;
	return STORE_UPDATED;
}

/*
 * Put a category or an agent (no updated_at: compared field by field).
 * Views whose filters name them are rescanned when a name, or which agent
 * is "me", changes.
 */
static enum store_event
store_put_other(struct store *s, struct record *rec)
{
	struct store_entry	*e;
	struct hashmap		*m = &s->records[rec->kind];
	const char		*id = record_id(rec);
	enum store_event	 ev = STORE_UPDATED;
	unsigned		 needs = 0;
	bool			 was_me = false;

	e = hashmap_get_scoped(m, rec->account, id);
	if (e == NULL) {
		e = xcalloc(1, sizeof *e);
		hashmap_put_scoped(m, rec->account, id, e);
		ev = STORE_CREATED;
	} else if (record_equal(e->rec, rec)) {
		record_free(&rec);
		return STORE_UNCHANGED;
	}

	if (rec->kind == TIX_KIND_AGENT) {
		if (e->rec == NULL || !store_streq(e->rec->u.agent.name,
		    rec->u.agent.name))
			needs |= FILTER_NEEDS_AGENT;
		was_me = e->rec != NULL && e->rec->u.agent.is_me;
		if (was_me || rec->u.agent.is_me)
			needs |= FILTER_NEEDS_ME;
	} else {
		if (e->rec == NULL || !store_streq(e->rec->u.category.name,
		    rec->u.category.name))
			needs |= FILTER_NEEDS_CATEGORY;
	}
	record_free(&e->rec);
	e->rec = rec;
	if (rec->kind == TIX_KIND_AGENT)
		store_me_update(s, rec->account);
	if (needs != 0)
		store_views_rescan(s, needs);
	return ev;
}

/* Sanitize a record and merge it in (see store.h for the events). */
enum store_event
store_put(struct store *s, struct record *rec)
{
	if (rec == NULL)
		return STORE_UNCHANGED;
	if ((unsigned)rec->kind >= TIX_KIND_COUNT || record_id(rec) == NULL) {
		log_debug("store: dropped a record without an id");
		record_free(&rec);
		return STORE_STALE;
	}
	record_sanitize(rec);
	switch (rec->kind) {
	case TIX_KIND_TICKET:
		return store_put_ticket(s, rec);
	case TIX_KIND_CUSTOMER:
		return store_put_customer(s, rec);
	case TIX_KIND_NOTE:
		return store_put_note(s, rec);
	case TIX_KIND_CATEGORY:
	case TIX_KIND_AGENT:
	case TIX_KIND_COUNT:
		break;
	}
	return store_put_other(s, rec);
}

/* A ticket's notes go with it, newest first (each removal is O(1)). */
static void
store_ticket_drop_notes(struct store *s, unsigned account, const char *tid)
{
	const struct record *const	*v;
	size_t				 n;

	for (;;) {
		v = store_notes(s, account, tid, &n);
		if (n == 0 || !store_remove(s, TIX_KIND_NOTE, account,
		    v[n - 1]->u.note.id))
			break;
	}
}

/* Take a record out of the store and its indexes. */
bool
store_remove(struct store *s, enum tix_kind kind, unsigned account,
    const char *id)
{
	struct store_entry	*e;
	const struct record	*r;

	if ((unsigned)kind >= TIX_KIND_COUNT || id == NULL)
		return false;
	e = hashmap_remove_scoped(&s->records[kind], account, id);
	if (e == NULL)
		return false;
	r = e->rec;
	switch (kind) {
	case TIX_KIND_TICKET:
		store_views_remove(s, e);
		store_ticket_unindex(s, e);
		s->tickets[e->tpos] = s->tickets[--s->ntickets];
		s->tickets[e->tpos]->tpos = e->tpos;
		store_ticket_drop_notes(s, account, r->u.ticket.id);
		break;
	case TIX_KIND_CUSTOMER:
		store_emails_remove(s, e);
		store_customer_changed(s, account, r->u.customer.id, NULL);
		break;
	case TIX_KIND_NOTE:
		store_notes_remove(s, r);
		break;
	case TIX_KIND_CATEGORY:
		store_views_rescan(s, FILTER_NEEDS_CATEGORY);
		break;
	case TIX_KIND_AGENT:
		store_me_update(s, account);
		store_views_rescan(s, FILTER_NEEDS_AGENT|
		    (r->u.agent.is_me ? FILTER_NEEDS_ME : 0));
		break;
	case TIX_KIND_COUNT:
		break;
	}
	store_entry_free(&e);
	return true;
}

/* Look a record up by (kind, account, id). */
const struct record *
store_get(const struct store *s, enum tix_kind kind, unsigned account,
    const char *id)
{
	const struct store_entry	*e;

	if ((unsigned)kind >= TIX_KIND_COUNT)
		return NULL;
	e = hashmap_get_scoped(&s->records[kind], account, id);
	return e == NULL ? NULL : e->rec;
}

/* Records of one kind, over all accounts. */
size_t
store_count(const struct store *s, enum tix_kind kind)
{
	if ((unsigned)kind >= TIX_KIND_COUNT)
		return 0;
	return s->records[kind].count;
}

/* The authenticated agent of an account, or NULL. */
const struct record *
store_agent_me(const struct store *s, unsigned account)
{
	if (account >= s->nme || s->me[account] == NULL)
		return NULL;
	return s->me[account]->rec;
}

/* The ticket entry for (account, id), or NULL. */
struct store_entry *
store_ticket_find(const struct store *s, unsigned account, const char *id)
{
	return hashmap_get_scoped(&s->records[TIX_KIND_TICKET], account, id);
}

/* Iterate over the ticket entries. */
struct store_entry *
store_ticket_next(const struct store *s, size_t *pos)
{
	if (*pos >= s->ntickets)
		return NULL;
	return s->tickets[(*pos)++];
}

/*
 * Order names for listing: without case (ASCII) first, then exactly so
 * the order is total; a missing name sorts first.
 */
static int
store_name_cmp(const char *a, const char *b)
{
	const char	*pa = a, *pb = b;
	int		 ca, cb;

	if (a == NULL || b == NULL)
		return (b == NULL) - (a == NULL);
	for (;; pa++, pb++) {
		ca = (unsigned char)*pa;
		cb = (unsigned char)*pb;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return ca - cb;
		if (ca == '\0')
			break;
	}
	return strcmp(a, b);
}

/* qsort: records by id. */
static int
store_list_cmp_id(const void *a, const void *b)
{
	const struct record	*ra = *(const struct record *const *)a;
	const struct record	*rb = *(const struct record *const *)b;

	return strcmp(record_id(ra), record_id(rb));
}

/* qsort: notes oldest first. */
static int
store_list_cmp_note(const void *a, const void *b)
{
	return store_note_cmp(*(const struct record *const *)a,
	    *(const struct record *const *)b);
}

/* qsort: categories by name, then id. */
static int
store_list_cmp_category(const void *a, const void *b)
{
	const struct record	*ra = *(const struct record *const *)a;
	const struct record	*rb = *(const struct record *const *)b;
	int			 c;

	c = store_name_cmp(ra->u.category.name, rb->u.category.name);
	if (c == 0)
		c = strcmp(ra->u.category.id, rb->u.category.id);
	return c;
}

/* qsort: agents with "me" first, then by name, then id. */
static int
store_list_cmp_agent(const void *a, const void *b)
{
	const struct record	*ra = *(const struct record *const *)a;
	const struct record	*rb = *(const struct record *const *)b;
	const struct agent	*aa = &ra->u.agent, *ab = &rb->u.agent;
	int			 c;

	if (aa->is_me != ab->is_me)
		return aa->is_me ? -1 : 1;
	c = store_name_cmp(aa->name, ab->name);
	if (c == 0)
		c = strcmp(aa->id, ab->id);
	return c;
}

/* Index in v of the category with this id, or n. */
static size_t
store_list_find(const struct record **v, size_t n, const char *id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i]->u.category.id, id) == 0)
			return i;
	}
	return n;
}

/*
 * Reorder name-sorted categories into tree order: each root (no parent,
 * or a parent we do not know) followed depth first by its children.
 * Categories caught in a parent cycle come last, as roots.
 */
static void
store_list_tree(const struct record **v, size_t n)
{
	const struct record	**out;
	const char		 *parent;
	size_t			 *stack, nstack, nout = 0, i, j, k;
	bool			 *done;
	int			  pass;

	out = xreallocarray(NULL, n, sizeof *out);
	stack = xreallocarray(NULL, n, sizeof *stack);
	done = xcalloc(n, sizeof *done);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			if (done[i])
				continue;
			parent = v[i]->u.category.parent_id;
			if (pass == 0 && parent != NULL &&
			    store_list_find(v, n, parent) != n)
				continue;
			/* A root: walk its subtree depth first. */
			nstack = 0;
			stack[nstack++] = i;
			done[i] = true;
			while (nstack != 0) {
				j = stack[--nstack];
				out[nout++] = v[j];
				/* Push children last first to pop in order. */
				for (k = n; k-- > 0;) {
					parent = v[k]->u.category.parent_id;
					if (done[k] || parent == NULL ||
					    strcmp(parent,
					    v[j]->u.category.id) != 0)
						continue;
					done[k] = true;
					stack[nstack++] = k;
				}
			}
		}
	}
	memcpy(v, out, n * sizeof *v);
	free(out);
	free(stack);
	free(done);
}

/* Records of a kind for one account, in listing order. */
const struct record **
store_list(const struct store *s, enum tix_kind kind, unsigned account,
    size_t *n)
{
	const struct record	**v = NULL;
	const struct store_entry *e;
	struct hashmap_iter	  it;
	struct hashmap_entry	  ent;
	size_t			  size = 0;

	*n = 0;
	if ((unsigned)kind >= TIX_KIND_COUNT)
		return NULL;
	hashmap_iter_init(&s->records[kind], &it);
	while (hashmap_next(&s->records[kind], &it, &ent)) {
		e = ent.value;
		if (e->rec->account != account)
			continue;
		if (*n == size) {
			size = size == 0 ? 16 : size * 2;
			v = xreallocarray(v, size, sizeof *v);
		}
		v[(*n)++] = e->rec;
	}
	if (*n == 0)
		return NULL;
	switch (kind) {
	case TIX_KIND_CATEGORY:
		qsort(v, *n, sizeof *v, store_list_cmp_category);
		store_list_tree(v, *n);
		break;
	case TIX_KIND_AGENT:
		qsort(v, *n, sizeof *v, store_list_cmp_agent);
		break;
	case TIX_KIND_NOTE:
		qsort(v, *n, sizeof *v, store_list_cmp_note);
		break;
	case TIX_KIND_TICKET:
	case TIX_KIND_CUSTOMER:
	case TIX_KIND_COUNT:
		qsort(v, *n, sizeof *v, store_list_cmp_id);
		break;
	}
	return v;
}

/* A ticket's notes, oldest first (the store's own array). */
const struct record *const *
store_notes(const struct store *s, unsigned account, const char *ticket_id,
    size_t *n)
{
	const struct note_list	*l;

	l = hashmap_get_scoped(&s->notes, account, ticket_id);
	if (l == NULL || l->n == 0) {
		*n = 0;
		return NULL;
	}
	*n = l->n;
	return l->v;
}

/* qsort: tickets newest first, then account, then id. */
static int
store_person_cmp(const void *a, const void *b)
{
	const struct record	*ra = *(const struct record *const *)a;
	const struct record	*rb = *(const struct record *const *)b;

	if (ra->u.ticket.updated_at != rb->u.ticket.updated_at)
		return ra->u.ticket.updated_at > rb->u.ticket.updated_at ?
		    -1 : 1;
	if (ra->account != rb->account)
		return ra->account < rb->account ? -1 : 1;
	return strcmp(ra->u.ticket.id, rb->u.ticket.id);
}

/* Add the tickets of one (account, customer id) to v, unless seen. */
static void
store_person_add(const struct store *s, unsigned account, const char *cid,
    const struct entry_list ***seen, size_t *nseen,
    const struct record ***v, size_t *n)
{
	const struct entry_list	*l;
	size_t			 i;

	l = hashmap_get_scoped(&s->bycustomer, account, cid);
	if (l == NULL)
		return;
	for (i = 0; i < *nseen; i++) {
		if ((*seen)[i] == l)
			return;
	}
	*seen = xreallocarray(*seen, *nseen + 1, sizeof **seen);
	(*seen)[(*nseen)++] = l;

	*v = xreallocarray(*v, *n + l->n, sizeof **v);
	for (i = 0; i < l->n; i++)
		(*v)[(*n)++] = l->v[i]->rec;
}

/* Tickets of everyone sharing an e-mail with this customer. */
const struct record **
store_person_tickets(const struct store *s, unsigned account,
    const char *customer_id, size_t *n)
{
	const struct record	 **v = NULL;
	const struct entry_list	 **seen = NULL, *l;
	const struct store_entry *e;
	const struct customer	  *c;
	const struct record	  *r;
	size_t			   nseen = 0, i, j;
	char			  *mail;

	*n = 0;
	if (customer_id == NULL)
		return NULL;
	store_person_add(s, account, customer_id, &seen, &nseen, &v, n);
	e = hashmap_get_scoped(&s->records[TIX_KIND_CUSTOMER], account,
	    customer_id);
	c = e == NULL ? NULL : &e->rec->u.customer;
	for (i = 0; c != NULL && i < c->nemails; i++) {
		if (c->emails[i].value == NULL)
			continue;
		mail = tix_email_normalize(c->emails[i].value);
		if (mail == NULL)
			continue;
		l = hashmap_get(&s->emails, mail);
		for (j = 0; l != NULL && j < l->n; j++) {
			r = l->v[j]->rec;
			store_person_add(s, r->account, r->u.customer.id,
			    &seen, &nseen, &v, n);
		}
		free(mail);
	}
	free(seen);
	if (*n == 0) {
		free(v);
		return NULL;
	}
	qsort(v, *n, sizeof *v, store_person_cmp);
	return v;
}

/* A ticket's STORE_MARK_* bits (0 if unknown). */
unsigned
store_ticket_marks(const struct store *s, unsigned account, const char *id)
{
	const struct store_entry	*e = store_ticket_find(s, account, id);

	return e == NULL ? 0 : e->marks;
}

/* Set a ticket's marks; views filtering on them follow. */
void
store_ticket_set_marks(struct store *s, unsigned account, const char *id,
    unsigned marks)
{
	struct store_entry	*e = store_ticket_find(s, account, id);

	if (e == NULL || e->marks == marks)
		return;
	e->marks = marks;
	store_views_refresh(s, e, FILTER_NEEDS_MARKS);
}

/*
 * Copy the fields of src named in its mask into dst's pending patch,
 * sanitizing the strings (they came from the user, and will be shown).
 */
static void
store_patch_merge(struct patch *dst, const struct patch *src)
{
	size_t	i;

	if (src->fields & TIX_PATCH_PRIORITY)
		dst->priority = src->priority;
	if (src->fields & TIX_PATCH_STATUS)
		dst->status = src->status;
	if (src->fields & TIX_PATCH_CATEGORY) {
		free(dst->category_id);
		dst->category_id = xstrdup_opt(src->category_id);
		text_sanitize_field(&dst->category_id, 0);
	}
	if (src->fields & TIX_PATCH_ASSIGNEE) {
		free(dst->user_id);
		dst->user_id = xstrdup_opt(src->user_id);
		text_sanitize_field(&dst->user_id, 0);
	}
	if (src->fields & TIX_PATCH_TAGS) {
		strv_done(&dst->tags);
		strv_copy(&dst->tags, &src->tags);
		for (i = 0; i < dst->tags.n; i++)
			text_sanitize_field(&dst->tags.v[i], 0);
	}
	dst->fields |= src->fields & STORE_PATCH_ALL;
}

/* Start a local change: show it now, keep the confirmed copy. */
bool
store_ticket_begin_patch(struct store *s, unsigned account, const char *id,
    const struct patch *p)
{
	struct store_entry	*e = store_ticket_find(s, account, id);

	if (e == NULL || (e->pending.fields & p->fields) != 0)
		return false;
	if ((p->fields & STORE_PATCH_ALL) == 0)
		return true;
	/* The record is untouched until rebuild has taken it out. */
	store_patch_merge(&e->pending, p);
	store_ticket_rebuild(s, e, NULL);
	return true;
}

/* The platform took the change: its copy becomes the ticket. */
void
store_ticket_confirm_patch(struct store *s, unsigned account,
    const char *id, unsigned fields, struct record *confirmed)
{
	struct store_entry	*e = store_ticket_find(s, account, id);
	struct patch		 done;

	if (e == NULL) {
		record_free(&confirmed);
		return;
	}
	if (confirmed != NULL) {
		if (confirmed->kind != TIX_KIND_TICKET ||
		    confirmed->account != account ||
		    !store_streq(confirmed->u.ticket.id, id)) {
			log_debug("store: confirmed record is another ticket");
			record_free(&confirmed);
		} else
			record_sanitize(confirmed);
	}
	if (confirmed != NULL && store_is_stale((e->base != NULL ? e->base :
	    e->rec)->u.ticket.updated_at, confirmed->u.ticket.updated_at))
		record_free(&confirmed);

	fields &= e->pending.fields;
	if (confirmed == NULL && e->base != NULL) {
		/* No usable copy: what we sent is now the confirmed value. */
		done = e->pending;
		done.fields = fields;
		patch_apply(&done, &e->base->u.ticket);
	}
	e->pending.fields &= ~fields;
	store_ticket_rebuild(s, e, confirmed);
}

/* The change failed: put the confirmed values back. */
void
store_ticket_fail_patch(struct store *s, unsigned account, const char *id,
    unsigned fields)
{
	struct store_entry	*e = store_ticket_find(s, account, id);

	if (e == NULL || (e->pending.fields & fields) == 0)
		return;
	e->pending.fields &= ~fields;
	store_ticket_rebuild(s, e, NULL);
}

/* TIX_PATCH_* bits still waiting for the platform. */
unsigned
store_ticket_pending(const struct store *s, unsigned account, const char *id)
{
	const struct store_entry	*e = store_ticket_find(s, account, id);

	return e == NULL ? 0 : e->pending.fields;
}
