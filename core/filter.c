/*
 * The filter language of the ticket list (see core/filter.h).
 *
 * A filter is a list of terms, all of which must hold.  Parsing splits
 * the text into words at unquoted blanks; "..." quotes keep blanks and
 * are removed.  A word whose unquoted start is letters and a colon is a
 * "key:value" term, and the key must be known (a word such as a URL that
 * only looks like one can be quoted).  Values of status:, priority: and
 * is: are checked while parsing, so a typo is an error and not an empty
 * list.
 *
 * The keys that narrow by a ticket field, and the fields plain words
 * search, are the rows of the ticket's field table (core/field.c) with a
 * filter key or FIELD_WORDS; how a value is read and matched follows the
 * field's type.  Only account: and is: are not fields.
 *
 * Matching: plain words and the names behind an id (assignee:,
 * category:) are found as case-insensitive substrings (text_contains);
 * ids, account names and tags must be equal (ids exactly, names and tags
 * ignoring ASCII case).
 */

#include "config.h"

#include "core/filter.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/field.h"
#include "core/model.h"
#include "core/store.h"
#include "core/store_int.h"
#include "core/text.h"
#include "core/xmalloc.h"

enum filter_key {
	FILTER_WORD,
	FILTER_FIELD,	/* a ticket field's key: status:, tag:, ... */
	FILTER_ACCOUNT,
	FILTER_IS,
};

/* What an is: or id (FIELD_REF) term asks for. */
enum {
	FILTER_IS_NEW,
	FILTER_IS_UPDATED,
	FILTER_IS_PENDING,
};
enum {
	FILTER_REF_ID,		/* a record's id or name */
	FILTER_REF_ME,
	FILTER_REF_NONE,
};

struct filter_term {
	enum filter_key		 key;
	bool			 negate;
	char			*value;
	int			 arg;	/* status, priority, FILTER_IS_* ... */
	const struct field	*field;	/* FILTER_FIELD */
	const struct field	*name;	/* FIELD_REF: the named kind's name */
};

struct filter {
	struct filter_term	*terms;
	size_t			 nterms;
	unsigned		 needs;		/* FILTER_NEEDS_* */
};

/* The keys that are not ticket fields. */
static const struct {
	const char	*name;
	enum filter_key	 key;
} filter_keys[] = {
	{ .name = "account", .key = FILTER_ACCOUNT },
	{ .name = "is", .key = FILTER_IS },
};

static const char *const filter_priorities[] = {
	[TIX_PRIORITY_NONE] = "none",
	[TIX_PRIORITY_LOW] = "low",
	[TIX_PRIORITY_NORMAL] = "normal",
	[TIX_PRIORITY_HIGH] = "high",
	[TIX_PRIORITY_URGENT] = "urgent",
};

/* Lowercase one ASCII letter. */
static int
filter_lower(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c + ('a' - 'A');
	return c;
}

/* Are two strings equal ignoring ASCII case? */
static bool
filter_caseeq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		if (filter_lower((unsigned char)*a) !=
		    filter_lower((unsigned char)*b))
			return false;
	}
	return *a == *b;
}

/* Is the character a blank between words? */
static bool
filter_isblank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* Are the first len bytes of s all ASCII letters? */
static bool
filter_isword(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (filter_lower((unsigned char)s[i]) < 'a' ||
		    filter_lower((unsigned char)s[i]) > 'z')
			return false;
	}
	return len != 0;
}

/* Free the terms and the filter; NULLs *fp. */
void
filter_free(struct filter **fp)
{
	struct filter	*f = *fp;
	size_t		 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nterms; i++)
		free(f->terms[i].value);
	free(f->terms);
	free(f);
	*fp = NULL;
}

/* Fail with "bad KEY: value (hint)", quoting (sanitized, shortened) text. */
static enum tix_err
filter_fail(char **cause, const char *key, const char *value,
    const char *hint)
{
	char		*clean;
	enum tix_err	 err;

	clean = text_sanitize(value, strlen(value), 0);
	err = tix_fail(cause, TIX_ERR_INVALID, "bad %s: %.40s%s%s%s", key,
	    clean, hint == NULL ? "" : " (", hint == NULL ? "" : hint,
	    hint == NULL ? "" : ")");
	free(clean);
	return err;
}

/* Check and parse the value of a ticket field's term into t. */
static enum tix_err
filter_parse_field(struct filter_term *t, const char *value, char **cause)
{
	const struct field	*f = t->field;
	int			 i;

	switch (f->type) {
	case FIELD_STATUS:
		for (i = TIX_STATUS_ACTIVE; i <= TIX_STATUS_CLOSED; i++) {
			if (filter_caseeq(value,
			    tix_status_name((enum tix_status)i)))
				break;
		}
		if (i > TIX_STATUS_CLOSED)
			return filter_fail(cause, f->filter, value,
			    "active or closed");
		t->arg = i;
		break;
	case FIELD_PRIORITY:
		for (i = 0; i < TIX_PRIORITY_COUNT; i++) {
			if (filter_caseeq(value, filter_priorities[i]))
				break;
		}
		if (i == TIX_PRIORITY_COUNT)
			return filter_fail(cause, f->filter, value,
			    "low, normal, high or urgent");
		t->arg = i;
		break;
	case FIELD_REF:
		if ((f->flags & FIELD_FILTER_ME) && filter_caseeq(value, "me"))
			t->arg = FILTER_REF_ME;
		else if ((f->flags & FIELD_FILTER_NONE) &&
		    filter_caseeq(value, "none"))
			t->arg = FILTER_REF_NONE;
		else {
			t->arg = FILTER_REF_ID;
			t->name = field_by_name(f->ref, "name");
		}
		break;
	case FIELD_STRING:
	case FIELD_TEXT:
	case FIELD_ID:
	case FIELD_STRV:
		break;
	case FIELD_POINTS:
	case FIELD_BOOL:
	case FIELD_TIME:
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s: cannot filter on the %s", f->filter, f->label);
	}
	return TIX_OK;
}

/* Check and parse the value of a key:value term into t. */
static enum tix_err
filter_parse_value(struct filter_term *t, const char *key, const char *value,
    char **cause)
{
	if (*value == '\0')
		return tix_fail(cause, TIX_ERR_INVALID,
		    "missing value after %s:", key);
	switch (t->key) {
	case FILTER_FIELD:
		return filter_parse_field(t, value, cause);
	case FILTER_IS:
		if (filter_caseeq(value, "new"))
			t->arg = FILTER_IS_NEW;
		else if (filter_caseeq(value, "updated"))
			t->arg = FILTER_IS_UPDATED;
		else if (filter_caseeq(value, "pending"))
			t->arg = FILTER_IS_PENDING;
		else
			return filter_fail(cause, "is", value,
			    "new, updated or pending");
		break;
	case FILTER_WORD:
	case FILTER_ACCOUNT:
		break;
	}
	return TIX_OK;
}

/* What the names of records of a kind are to a filter. */
static unsigned
filter_kind_needs(enum tix_kind kind)
{
	switch (kind) {
	case TIX_KIND_CUSTOMER:
		return FILTER_NEEDS_CUSTOMER;
	case TIX_KIND_AGENT:
		return FILTER_NEEDS_AGENT;
	case TIX_KIND_CATEGORY:
		return FILTER_NEEDS_CATEGORY;
	case TIX_KIND_TICKET:
	case TIX_KIND_NOTE:
	case TIX_KIND_COUNT:
		break;
	}
	return 0;
}

/* A plain word reads the account name and the records words ids name. */
static unsigned
filter_word_needs(void)
{
	unsigned	needs = FILTER_NEEDS_ACCOUNT;

	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		if ((field_ticket[i].flags & FIELD_WORDS) &&
		    field_ticket[i].type == FIELD_REF)
			needs |= filter_kind_needs(field_ticket[i].ref);
	}
	return needs;
}

/* What a term looks at in the store beyond the ticket. */
static unsigned
filter_term_needs(const struct filter_term *t)
{
	switch (t->key) {
	case FILTER_WORD:
		return filter_word_needs();
	case FILTER_ACCOUNT:
		return FILTER_NEEDS_ACCOUNT;
	case FILTER_FIELD:
		if (t->field->type != FIELD_REF)
			return 0;
		if (t->arg == FILTER_REF_ME)
			return FILTER_NEEDS_ME;
		if (t->arg == FILTER_REF_ID)
			return filter_kind_needs(t->field->ref);
		return 0;
	case FILTER_IS:
		return t->arg == FILTER_IS_PENDING ? 0 : FILTER_NEEDS_MARKS;
	}
	return 0;
}

/*
 * Read the word at *pp into word (quotes removed, NUL-terminated).  When
 * it starts with letters and an unquoted ':', the letters end at
 * word[*keylen] (set to NUL) and the value follows; otherwise *keylen is
 * SIZE_MAX.  *pp moves past the word.
 */
static enum tix_err
filter_read_word(const char **pp, char *word, size_t *keylen, char **cause)
{
	const char	*p = *pp;
	size_t		 len = 0;
	bool		 quoted = false, seen_quote = false;

	*keylen = SIZE_MAX;
	for (; *p != '\0'; p++) {
		if (*p == '"') {
			quoted = !quoted;
			seen_quote = true;
			continue;
		}
		if (!quoted && filter_isblank(*p))
			break;
		if (!quoted && !seen_quote && *p == ':' &&
		    *keylen == SIZE_MAX && filter_isword(word, len)) {
			*keylen = len;
			word[len++] = '\0';
			continue;
		}
		word[len++] = *p;
	}
	word[len] = '\0';
	*pp = p;
	if (quoted)
		return tix_fail(cause, TIX_ERR_INVALID, "unterminated quote");
	return TIX_OK;
}

/* Look up a key by name (ignoring case); false if unknown. */
static bool
filter_find_key(const char *name, struct filter_term *t)
{
	size_t	i;

	for (i = 0; i < sizeof filter_keys / sizeof filter_keys[0]; i++) {
		if (filter_caseeq(name, filter_keys[i].name)) {
			t->key = filter_keys[i].key;
			return true;
		}
	}
	t->field = field_by_filter(name);
	if (t->field == NULL)
		return false;
	t->key = FILTER_FIELD;
	return true;
}

/* Parse filter text into terms; NULL and *cause on error. */
struct filter *
filter_parse(const char *text, char **cause)
{
	struct filter		*f;
	struct filter_term	 t;
	const char		*p, *value;
	char			*word, *q;
	size_t			 keylen;
	enum tix_err		 error = TIX_ERR_INVALID;

	f = xcalloc(1, sizeof *f);
	if (text == NULL)
		return f;
	word = xmalloc(strlen(text) + 1);
	p = text;
	for (;;) {
		while (filter_isblank(*p))
			p++;
		if (*p == '\0')
			break;
		memset(&t, 0, sizeof t);
		if (*p == '-') {
			t.negate = true;
			p++;
			if (*p == '\0' || filter_isblank(*p)) {
				tix_fail(cause, error,
				    "nothing to negate after -");
				goto out;
			}
		}
		if (filter_read_word(&p, word, &keylen, cause) != TIX_OK)
			goto out;
		if (keylen == SIZE_MAX) {
			t.key = FILTER_WORD;
			value = word;
			if (*value == '\0')
				continue;	/* "" narrows nothing */
			/* Fields have no controls; \n separates words. */
			for (q = word; *q != '\0'; q++) {
				if ((unsigned char)*q < 0x20)
					*q = ' ';
			}
		} else {
			if (!filter_find_key(word, &t)) {
				tix_fail(cause, error, "unknown key: %s",
				    word);
				goto out;
			}
			value = word + keylen + 1;
			if (filter_parse_value(&t, word, value,
			    cause) != TIX_OK)
				goto out;
		}
		t.value = xstrdup(value);
		f->terms = xreallocarray(f->terms, f->nterms + 1,
		    sizeof *f->terms);
		f->terms[f->nterms++] = t;
		f->needs |= filter_term_needs(&t);
	}
	error = TIX_OK;

out:
	free(word);
	if (error != TIX_OK)
		filter_free(&f);
	return f;
}

/* FILTER_NEEDS_* bits: what else in the store the filter reads. */
unsigned
filter_needs(const struct filter *f)
{
	return f->needs;
}

/* Does the filter have no terms at all? */
bool
filter_is_empty(const struct filter *f)
{
	return f->nterms == 0;
}

/*
 * Add s and a newline at *len in out (NULL: only count); skip NULL or "".
 */
static void
filter_words_add(char *out, size_t *len, const char *s)
{
	size_t	n;

	if (s == NULL || *s == '\0')
		return;
	n = strlen(s);
	if (out != NULL) {
		memcpy(out + *len, s, n);
		out[*len + n] = '\n';
	}
	*len += n + 1;
}

/* The words of r at out (NULL: only count their length). */
static size_t
filter_words_put(const struct record *r, char *out)
{
	const struct field		*t, *f;
	const struct strv		*sv;
	const struct contact_point	*cp;
	size_t				 len = 0, n, i, j, ncp;

	t = field_table(r->kind, &n);
	for (i = 0; i < n; i++) {
		f = &t[i];
		if ((f->flags & FIELD_WORDS) == 0)
			continue;
		switch (f->type) {
		case FIELD_STRING:
		case FIELD_TEXT:
		case FIELD_ID:
			filter_words_add(out, &len,
			    *(char *const *)field_cptr(f, &r->u));
			break;
		case FIELD_STRV:
			sv = field_cptr(f, &r->u);
			for (j = 0; j < sv->n; j++)
				filter_words_add(out, &len, sv->v[j]);
			break;
		case FIELD_POINTS:
			cp = *(const struct contact_point *const *)
			    field_cptr(f, &r->u);
			ncp = *(const size_t *)(const void *)
			    ((const char *)&r->u + f->count_off);
			for (j = 0; j < ncp; j++)
				filter_words_add(out, &len, cp[j].value);
			break;
		case FIELD_REF:
		case FIELD_STATUS:
		case FIELD_PRIORITY:
		case FIELD_BOOL:
		case FIELD_TIME:
			break;
		}
	}
	return len;
}

/*
 * What a plain word is looked for in, one field per line: the record's
 * fields flagged FIELD_WORDS (a ticket's subject, id and tags; a
 * customer's name and e-mails).  Sanitized fields hold no newline, so a
 * match never spans two fields.  A FIELD_REF's words are the named
 * record's, which the caller looks up.  Measured, then written once.
 */
char *
filter_words(const struct record *r)
{
	size_t	 len;
	char	*out;

	len = filter_words_put(r, NULL);
	out = xmalloc(len + 1);
	filter_words_put(r, out);
	out[len] = '\0';
	return out;
}

/* Is w in the words of the record? */
static bool
filter_words_contain(const struct record *r, const char *w)
{
	char	*words = filter_words(r);
	bool	 found;

	found = text_contains(words, w);
	free(words);
	return found;
}

/*
 * Does a plain word appear in a ticket's searched fields?  From the
 * store's entry when there is one (one string per record, and the
 * customer's), else from the record and the records its ids name.
 */
static bool
filter_match_word(const char *w, const struct store *s,
    const struct record *r, const struct store_entry *e)
{
	const struct field	*f;
	const struct record	*ref;
	const char		*name, *id;

	if (e != NULL) {
		if (text_contains(e->words, w))
			return true;
		if (e->cwords != NULL && text_contains(e->cwords, w))
			return true;
		name = store_account_name(s, e->account);
		return name != NULL && text_contains(name, w);
	}
	if (filter_words_contain(r, w))
		return true;
	name = store_account_name(s, r->account);
	if (name != NULL && text_contains(name, w))
		return true;
	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if ((f->flags & FIELD_WORDS) == 0 || f->type != FIELD_REF)
			continue;
		id = *(char *const *)field_cptr(f, &r->u.ticket);
		if (id == NULL)
			continue;
		ref = store_get(s, f->ref, r->account, id);
		if (ref != NULL && filter_words_contain(ref, w))
			return true;
	}
	return false;
}

/* Does the id in a FIELD_REF match the term (me, none, id or name)? */
static bool
filter_match_ref(const struct filter_term *term, const struct store *s,
    const struct record *r, const char *id)
{
	const struct record	*ref;
	const char		*name;

	if (term->arg == FILTER_REF_NONE)
		return id == NULL || *id == '\0';
	if (id == NULL || *id == '\0')
		return false;
	if (term->arg == FILTER_REF_ME) {
		ref = store_agent_me(s, r->account);
		return ref != NULL && ref->u.agent.id != NULL &&
		    strcmp(ref->u.agent.id, id) == 0;
	}
	if (strcmp(id, term->value) == 0)
		return true;
	if (term->name == NULL)
		return false;
	ref = store_get(s, term->field->ref, r->account, id);
	if (ref == NULL)
		return false;
	name = *(char *const *)field_cptr(term->name, &ref->u);
	return name != NULL && text_contains(name, term->value);
}

/* Does a ticket field's term hold? */
static bool
filter_match_field(const struct filter_term *term, const struct store *s,
    const struct record *r)
{
	const struct field	*f = term->field;
	const void		*v = field_cptr(f, &r->u.ticket);
	const struct strv	*sv;
	const char		*str;

	switch (f->type) {
	case FIELD_STATUS:
		return (int)*(const enum tix_status *)v == term->arg;
	case FIELD_PRIORITY:
		return (int)*(const enum tix_priority *)v == term->arg;
	case FIELD_STRV:
		sv = v;
		for (size_t i = 0; i < sv->n; i++) {
			if (filter_caseeq(sv->v[i], term->value))
				return true;
		}
		return false;
	case FIELD_REF:
		return filter_match_ref(term, s, r, *(char *const *)v);
	case FIELD_STRING:
	case FIELD_TEXT:
	case FIELD_ID:
		str = *(char *const *)v;
		return str != NULL && text_contains(str, term->value);
	case FIELD_POINTS:
	case FIELD_BOOL:
	case FIELD_TIME:
		break;
	}
	return false;
}

/* The ticket's marks and pending bits, from its entry if it has one. */
static unsigned
filter_flags(const struct store *s, const struct record *r,
    const struct store_entry *e, bool pending)
{
	if (e != NULL)
		return pending ? e->pending.fields : e->marks;
	if (pending)
		return store_ticket_pending(s, r->account, r->u.ticket.id);
	return store_ticket_marks(s, r->account, r->u.ticket.id);
}

/* Does one term hold for the ticket (before negation)? */
static bool
filter_match_term(const struct filter_term *term, const struct store *s,
    const struct record *r, const struct store_entry *e)
{
	switch (term->key) {
	case FILTER_WORD:
		return filter_match_word(term->value, s, r, e);
	case FILTER_FIELD:
		return filter_match_field(term, s, r);
	case FILTER_ACCOUNT:
		return filter_caseeq(store_account_name(s, r->account),
		    term->value);
	case FILTER_IS:
		if (term->arg == FILTER_IS_PENDING)
			return filter_flags(s, r, e, true) != 0;
		if (term->arg == FILTER_IS_NEW)
			return (filter_flags(s, r, e, false) &
			    STORE_MARK_NEW) != 0;
		return (filter_flags(s, r, e, false) & STORE_MARK_UPDATED) != 0;
	}
	return false;
}

/* Do all terms hold?  e is the ticket's store entry, or NULL. */
static bool
filter_match_all(const struct filter *f, const struct store *s,
    const struct record *r, const struct store_entry *e)
{
	size_t	i;

	for (i = 0; i < f->nterms; i++) {
		if (filter_match_term(&f->terms[i], s, r, e) ==
		    f->terms[i].negate)
			return false;
	}
	return true;
}

/* filter_match() for a ticket in the store, from its entry. */
bool
filter_match_entry(const struct filter *f, const struct store *s,
    const struct store_entry *e)
{
	if (f == NULL)
		return true;
	return filter_match_all(f, s, e->rec, e);
}

/* Does the ticket match every term? */
bool
filter_match(const struct filter *f, const struct store *s,
    const struct record *ticket)
{
	const struct store_entry	*e;

	if (f == NULL)
		return true;
	if (ticket == NULL || ticket->kind != TIX_KIND_TICKET)
		return false;
	/* The store's own record has an entry with its words ready. */
	e = store_ticket_find(s, ticket->account, ticket->u.ticket.id);
	if (e != NULL && e->rec != ticket)
		e = NULL;
	return filter_match_all(f, s, ticket, e);
}
