/*
 * The journal: every write the user makes, a note or a ticket change,
 * from the moment it is made until the platform settles it.  One list,
 * oldest first, of entries that are SENDING, CHECKING (the send may have
 * reached the platform: it is looked for there first) or FAILED (kept,
 * never silently dropped, until retried or discarded).
 *
 * The rules.  A note whose send may have reached the platform is never
 * sent again without first listing the ticket's notes to look for it
 * (journal_note_arrived).  It is matched to its own attempt, not to any
 * note with the same words: a note on the platform is taken as this
 * entry's only when it has the same text, visibility and author (me),
 * was dated no earlier than JOURNAL_NOTE_SKEW before the entry was made,
 * and is not one of the entry's twins: the notes with the same words
 * the store held when the entry was made, and those another entry was
 * confirmed or found as since.  So "Thanks, fixed." posted twice, the
 * second lost on the way, is sent again.  A ticket change whose outcome is unknown is
 * settled by re-reading the ticket: kept if the platform has it,
 * reverted if not.  A change shows in the store at once as pending
 * (store_ticket_begin_patch) and is confirmed or reverted there.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/field.h"
#include "core/session_int.h"
#include "core/store.h"
#include "core/text.h"
#include "core/xmalloc.h"

/*
 * How far before the entry a posted note may be dated and still be it:
 * the platform's clock against ours, in seconds.
 */
#define JOURNAL_NOTE_SKEW	120

static struct journal_entry *
journal_find(const struct journal *jl, uint64_t id, enum journal_kind kind)
{
	for (size_t i = 0; i < jl->n; i++) {
		if (jl->v[i]->id == id && jl->v[i]->kind == kind)
			return jl->v[i];
	}
	return NULL;
}

static struct journal_entry *
journal_add(struct journal *jl, enum journal_kind kind, unsigned a,
    const char *ticket_id)
{
	struct journal_entry	*e = xcalloc(1, sizeof *e);

	e->id = ++jl->next_id;
	e->kind = kind;
	e->state = JOURNAL_SENDING;
	e->account = a;
	e->ticket_id = xstrdup(ticket_id);
	e->created_at = time(NULL);
	jl->v = xreallocarray(jl->v, jl->n + 1, sizeof *jl->v);
	jl->v[jl->n++] = e;
	return e;
}

static void
journal_remove(struct journal *jl, uint64_t id)
{
	struct journal_entry	*e;

	for (size_t i = 0; i < jl->n; i++) {
		e = jl->v[i];
		if (e->id != id)
			continue;
		free(e->ticket_id);
		free(e->error);
		free(e->text);
		strv_done(&e->twins);
		patch_done(&e->patch);
		free(e);
		memmove(jl->v + i, jl->v + i + 1,
		    (jl->n - i - 1) * sizeof *jl->v);
		jl->n--;
		return;
	}
}

/*
 * The send failed (FAILED) or its outcome is unknown (CHECKING); cause is
 * the platform's reason, or ours.
 */
static void
journal_set_error(struct journal_entry *e, enum journal_state state,
    const char *cause)
{
	e->state = state;
	free(e->error);
	e->error = text_sanitize(cause, strlen(cause), 0);
}

enum tix_err
journal_add_update(struct session *s, unsigned a, const char *ticket_id,
    const struct patch *p, char **cause)
{
	struct journal_entry	*e;
	struct job		*j;
	const struct field	*f;

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
	e = journal_add(&s->journal, JOURNAL_UPDATE, a, ticket_id);
	patch_copy(&e->patch, p);
	j = job_new(JOB_UPDATE, a, TIX_KIND_TICKET);
	j->target_id = xstrdup(ticket_id);
	patch_copy(&j->patch, p);
	j->tag = e->id;
	session_submit(s, j, PURPOSE_UPDATE);
	return TIX_OK;
}

/* The platform's copy after the change becomes the ticket, as it is. */
static void
journal_confirm_update(struct session *s, struct journal_entry *e,
    struct job *j)
{
	struct record	*r = j->result;

	j->result = NULL;
	if (r != NULL) {
		r->account = j->account;
		sync_expect_echo(s, j->account, e->ticket_id,
		    r->u.ticket.updated_at);
	}
	store_ticket_confirm_patch(s->store, j->account, e->ticket_id,
	    e->patch.fields, r);
}

unsigned
journal_done_update(struct session *s, struct job *j)
{
	struct journal_entry	*e = journal_find(&s->journal, j->tag,
				    JOURNAL_UPDATE);
	const char		*name = s->accounts[j->account].name;
	struct job		*check;

	if (e == NULL)
		return 0;
	if (j->err != TIX_OK && j->maybe_sent) {
		/* It may have been made: ask the platform before reverting. */
		journal_set_error(e, JOURNAL_CHECKING, j->cause);
		e->maybe_sent = true;
		check = job_new(JOB_GET, j->account, TIX_KIND_TICKET);
		check->target_id = xstrdup(e->ticket_id);
		check->tag = e->id;
		session_submit(s, check, PURPOSE_UPDATE_CHECK);
		return 0;
	}
	if (j->err != TIX_OK) {
		store_ticket_fail_patch(s->store, j->account, e->ticket_id,
		    e->patch.fields);
		session_message(s, "%s:%s: not changed: %s", name,
		    e->ticket_id, j->cause);
		sync_check_gone(s, j->account, j->err, j->target_id);
		journal_remove(&s->journal, e->id);
		return SESSION_CHANGED_TICKETS | SESSION_CHANGED_STATUS;
	}
	journal_confirm_update(s, e, j);
	journal_remove(&s->journal, e->id);
	return SESSION_CHANGED_TICKETS;
}

/*
 * The ticket as the platform has it, after a change whose outcome was
 * unknown: confirm the change if it is there, revert it if not.
 */
unsigned
journal_done_update_check(struct session *s, struct job *j)
{
	struct journal_entry	*e = journal_find(&s->journal, j->tag,
				    JOURNAL_UPDATE);
	const char		*name = s->accounts[j->account].name;
	unsigned		 changed = SESSION_CHANGED_TICKETS;

	if (e == NULL)
		return 0;
	if (j->err == TIX_ERR_NOT_FOUND) {
		/* Gone: that settles the change too (see ticket_gone). */
		sync_ticket_gone(s, j->account, e->ticket_id);
		return SESSION_CHANGED_TICKETS | SESSION_CHANGED_NOTES |
		    SESSION_CHANGED_STATUS;
	}
	if (j->err != TIX_OK) {
		/* Still unknown: show the confirmed values until a poll. */
		store_ticket_fail_patch(s->store, j->account, e->ticket_id,
		    e->patch.fields);
		session_message(s, "%s:%s: the change may not have been made "
		    "(%s); the next poll shows what the platform has", name,
		    e->ticket_id, e->error);
		changed |= SESSION_CHANGED_STATUS;
	} else if (patch_held(&e->patch, &j->result->u.ticket))
		journal_confirm_update(s, e, j);
	else {
		store_ticket_fail_patch(s->store, j->account, e->ticket_id,
		    e->patch.fields);
		changed |= sync_put(s, j->result, j->account, false);
		j->result = NULL;
		session_message(s, "%s:%s: not changed: %s", name,
		    e->ticket_id, e->error);
		changed |= SESSION_CHANGED_STATUS;
	}
	journal_remove(&s->journal, e->id);
	return changed;
}

/* Trimmed, sanitized text, for telling whether a note already got there. */
static char *
journal_note_key(const char *text)
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

/* Is the stored note one with e's words, visibility and author? */
static bool
journal_note_same(const struct session *s, const struct journal_entry *e,
    const struct note *nt, const char *want)
{
	const struct record	*me = store_agent_me(s->store, e->account);
	char			*have;
	bool			 same;

	if (nt->description == NULL || nt->is_public != e->is_public)
		return false;
	if (me != NULL && nt->user_id != NULL &&
	    strcmp(nt->user_id, me->u.agent.id) != 0)
		return false;
	have = journal_note_key(nt->description);
	same = strcmp(want, have) == 0;
	free(have);
	return same;
}

/* The note id became another entry's: no entry with its words takes it. */
static void
journal_note_taken(struct session *s, const struct journal_entry *by,
    const char *note_id)
{
	struct journal_entry	*e;
	char			*want = journal_note_key(by->text), *key;

	for (size_t i = 0; i < s->journal.n; i++) {
		e = s->journal.v[i];
		if (e == by || e->kind != JOURNAL_NOTE ||
		    e->account != by->account ||
		    strcmp(e->ticket_id, by->ticket_id) != 0 ||
		    strv_has(&e->twins, note_id))
			continue;
		key = journal_note_key(e->text);
		if (strcmp(key, want) == 0)
			strv_add(&e->twins, note_id);
		free(key);
	}
	free(want);
}

static void
journal_send_note(struct session *s, struct journal_entry *e)
{
	struct job		*j = job_new(JOB_CREATE, e->account,
				    TIX_KIND_NOTE);
	struct note		*n;
	const struct record	*me;

	j->record = record_new(TIX_KIND_NOTE, e->account);
	n = &j->record->u.note;
	n->ticket_id = xstrdup(e->ticket_id);
	n->description = xstrdup(e->text);
	n->is_public = e->is_public;
	n->created_at = e->created_at;
	me = store_agent_me(s->store, e->account);
	if (me != NULL)
		n->user_id = xstrdup(me->u.agent.id);
	j->tag = e->id;
	e->state = JOURNAL_SENDING;
	xfree(&e->error);
	session_submit(s, j, PURPOSE_NOTE);
}

/* The notes with e's words there before it, and other entries' finds. */
static void
journal_twins_init(const struct session *s, struct journal_entry *e)
{
	const struct record *const	*notes;
	size_t				 n;
	char				*want = journal_note_key(e->text);

	notes = store_notes(s->store, e->account, e->ticket_id, &n);
	for (size_t i = 0; i < n; i++) {
		if (journal_note_same(s, e, &notes[i]->u.note, want))
			strv_add(&e->twins, notes[i]->u.note.id);
	}
	free(want);
}

void
journal_keep_note(struct session *s, unsigned a, const char *ticket_id,
    const char *text, bool is_public, const char *why)
{
	struct journal_entry	*e;

	e = journal_add(&s->journal, JOURNAL_NOTE, a, ticket_id);
	e->text = xstrdup(text);
	e->is_public = is_public;
	journal_twins_init(s, e);
	journal_set_error(e, JOURNAL_FAILED, why);
}

enum tix_err
journal_add_note(struct session *s, unsigned a, const char *ticket_id,
    const char *text, bool is_public, char **cause)
{
	struct journal_entry	*e;
	unsigned		 need;
	char			*key;
	bool			 empty;

	need = is_public ? TIX_CAP_WRITE_REPLY : TIX_CAP_WRITE_INTERNAL;
	if ((s->accounts[a].caps & need) == 0)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "%s: %s cannot post %s", s->accounts[a].name,
		    s->accounts[a].ops->title,
		    is_public ? "replies" : "internal notes");
	if (strlen(text) > TIX_MAX_NOTE)
		return tix_fail(cause, TIX_ERR_TOO_LARGE,
		    "the note is longer than %u bytes", TIX_MAX_NOTE);
	key = journal_note_key(text);
	empty = key[0] == '\0';
	free(key);
	if (empty)
		return tix_fail(cause, TIX_ERR_INVALID, "the note is empty");
	if (store_get(s->store, TIX_KIND_TICKET, a, ticket_id) == NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND,
		    "%s:%s: ticket not found", s->accounts[a].name,
		    ticket_id);
	e = journal_add(&s->journal, JOURNAL_NOTE, a, ticket_id);
	e->text = xstrdup(text);
	e->is_public = is_public;
	journal_twins_init(s, e);
	journal_send_note(s, e);
	return TIX_OK;
}

/*
 * Is the note among the ticket's notes on the platform, by the rule in
 * the opening comment?  The id of the one found, or NULL.
 */
static const char *
journal_note_arrived(const struct session *s, const struct journal_entry *e)
{
	const struct record *const	*notes;
	const struct note		*nt;
	const char			*found = NULL;
	size_t				 n;
	char				*want;

	notes = store_notes(s->store, e->account, e->ticket_id, &n);
	want = journal_note_key(e->text);
	for (size_t i = 0; i < n && found == NULL; i++) {
		nt = &notes[i]->u.note;
		if (nt->created_at != 0 &&
		    nt->created_at < e->created_at - JOURNAL_NOTE_SKEW)
			continue;
		if (nt->id != NULL && !strv_has(&e->twins, nt->id) &&
		    journal_note_same(s, e, nt, want))
			found = nt->id;
	}
	free(want);
	return found;
}

unsigned
journal_done_note(struct session *s, struct job *j)
{
	struct journal_entry	*e = journal_find(&s->journal, j->tag,
				    JOURNAL_NOTE);
	const char		*name = s->accounts[j->account].name;
	unsigned		 changed = SESSION_CHANGED_NOTES;
	int64_t			 at = 0;

	/* Not sending any more: its ticket left while the note was out. */
	if (e == NULL || e->state != JOURNAL_SENDING)
		return 0;
	if (j->err != TIX_OK) {
		journal_set_error(e, JOURNAL_FAILED, j->cause);
		/* The provider's word: look before sending it again. */
		e->maybe_sent = j->maybe_sent;
		session_message(s, "%s:%s: note not sent: %s", name,
		    e->ticket_id, j->cause);
		sync_check_gone(s, j->account, j->err, e->ticket_id);
		return changed | SESSION_CHANGED_STATUS;
	}
	/*
	 * The platform's copy goes into the thread as it is.  The ticket
	 * moved on too: the next poll brings it, quietly, as our own write.
	 */
	if (j->result != NULL) {
		at = j->result->u.note.created_at;
		if (j->result->u.note.id != NULL)
			journal_note_taken(s, e, j->result->u.note.id);
		changed |= sync_put(s, j->result, j->account, false);
		j->result = NULL;
	}
	sync_expect_echo(s, j->account, e->ticket_id,
	    sync_echo_time(s, j->account, e->ticket_id, at));
	journal_remove(&s->journal, e->id);
	return changed;
}

unsigned
journal_done_note_check(struct session *s, struct job *j)
{
	struct journal_entry	*e = journal_find(&s->journal, j->tag,
				    JOURNAL_NOTE);
	const char		*name = s->accounts[j->account].name, *found;
	unsigned		 changed = SESSION_CHANGED_NOTES;

	if (e == NULL || e->state != JOURNAL_CHECKING)
		return 0;
	if (j->err != TIX_OK) {
		journal_set_error(e, JOURNAL_FAILED, j->cause);
		session_message(s, "%s:%s: could not check whether the note "
		    "was posted: %s", name, e->ticket_id, j->cause);
		sync_check_gone(s, j->account, j->err, e->ticket_id);
		return changed | SESSION_CHANGED_STATUS;
	}
	changed |= sync_put_page(s, j, false);
	if (sync_next_page(s, j))
		return changed;
	found = journal_note_arrived(s, e);
	if (found != NULL) {
		journal_note_taken(s, e, found);
		session_message(s, "%s:%s: the note had been posted", name,
		    e->ticket_id);
		journal_remove(&s->journal, e->id);
		return changed | SESSION_CHANGED_STATUS;
	}
	e->maybe_sent = false;
	journal_send_note(s, e);
	return changed;
}

enum tix_err
journal_retry(struct session *s, uint64_t id, char **cause)
{
	struct journal_entry	*e = journal_find(&s->journal, id,
				    JOURNAL_NOTE);

	if (e == NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no such note");
	if (e->state != JOURNAL_FAILED)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "the note is still being sent");
	if (store_get(s->store, TIX_KIND_TICKET, e->account,
	    e->ticket_id) == NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "%s:%s: "
		    SESSION_GONE, s->accounts[e->account].name,
		    e->ticket_id);
	if (e->maybe_sent) {
		e->state = JOURNAL_CHECKING;
		sync_submit_list(s, e->account, TIX_KIND_NOTE,
		    PURPOSE_NOTE_CHECK, 0, e->ticket_id, NULL, e->id);
		return TIX_OK;
	}
	journal_send_note(s, e);
	return TIX_OK;
}

void
journal_discard(struct session *s, uint64_t id)
{
	if (journal_find(&s->journal, id, JOURNAL_NOTE) != NULL)
		journal_remove(&s->journal, id);
}

/*
 * A ticket left the platform: a pending change on it is dropped and a
 * note on its way fails, each with a message; a failed note stays in the
 * journal, never silently dropped, until discarded.
 */
void
journal_ticket_gone(struct session *s, unsigned a, const char *ticket_id)
{
	struct journal		*jl = &s->journal;
	const char		*name = s->accounts[a].name;
	struct journal_entry	*e;

	for (size_t i = 0; i < jl->n; ) {
		e = jl->v[i];
		if (e->account != a || strcmp(e->ticket_id, ticket_id) != 0) {
			i++;
			continue;
		}
		if (e->kind == JOURNAL_UPDATE) {
			session_message(s, "%s:%s: not changed: "
			    SESSION_GONE, name, ticket_id);
			journal_remove(jl, e->id);
			continue;
		}
		if (e->state != JOURNAL_FAILED)
			session_message(s, "%s:%s: note not sent: "
			    SESSION_GONE, name, ticket_id);
		journal_set_error(e, JOURNAL_FAILED, SESSION_GONE);
		e->maybe_sent = false;
		i++;
	}
}

const struct journal_entry **
journal_list(const struct journal *jl, enum journal_kind kind, unsigned a,
    const char *ticket_id, size_t *n)
{
	const struct journal_entry	**v = NULL;

	*n = 0;
	for (size_t i = 0; i < jl->n; i++) {
		const struct journal_entry	*e = jl->v[i];

		if (e->kind != kind || e->account != a ||
		    strcmp(e->ticket_id, ticket_id) != 0)
			continue;
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = e;
	}
	return v;
}

const struct journal_entry **
journal_all(const struct journal *jl, size_t *n)
{
	const struct journal_entry	**v;

	*n = jl->n;
	if (jl->n == 0)
		return NULL;
	v = xreallocarray(NULL, jl->n, sizeof *v);
	for (size_t i = 0; i < jl->n; i++)
		v[i] = jl->v[i];
	return v;
}

size_t
journal_count(const struct journal *jl, enum journal_state state)
{
	size_t	n = 0;

	for (size_t i = 0; i < jl->n; i++) {
		if (jl->v[i]->state == state)
			n++;
	}
	return n;
}

size_t
journal_pending(const struct journal *jl)
{
	return jl->n - journal_count(jl, JOURNAL_FAILED);
}

void
journal_free(struct journal *jl)
{
	while (jl->n > 0)
		journal_remove(jl, jl->v[0]->id);
	free(jl->v);
	jl->v = NULL;
}
