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
 * Matching: plain words and the names behind assignee: and category: are
 * found as case-insensitive substrings (text_contains); ids, account
 * names and tags must be equal (ids exactly, names and tags ignoring
 * ASCII case).
 */

#include "config.h"

#include "core/filter.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/model.h"
#include "core/store.h"
#include "core/store_int.h"
#include "core/text.h"
#include "core/xmalloc.h"

enum filter_key {
	FILTER_WORD,
	FILTER_STATUS,
	FILTER_PRIORITY,
	FILTER_ACCOUNT,
	FILTER_TAG,
	FILTER_ASSIGNEE,
	FILTER_CATEGORY,
	FILTER_IS,
};

/* What an is: or assignee: term asks for. */
enum {
	FILTER_IS_NEW,
	FILTER_IS_UPDATED,
	FILTER_IS_PENDING,
};
enum {
	FILTER_ASSIGNEE_ID,	/* an agent id or name */
	FILTER_ASSIGNEE_ME,
	FILTER_ASSIGNEE_NONE,
};

struct filter_term {
	enum filter_key	 key;
	bool		 negate;
	char		*value;
	int		 arg;		/* status, priority, FILTER_IS_* ... */
};

struct filter {
	struct filter_term	*terms;
	size_t			 nterms;
	unsigned		 needs;		/* FILTER_NEEDS_* */
};

static const struct {
	const char	*name;
	enum filter_key	 key;
} filter_keys[] = {
	{ "status", FILTER_STATUS },
	{ "priority", FILTER_PRIORITY },
	{ "account", FILTER_ACCOUNT },
	{ "tag", FILTER_TAG },
	{ "assignee", FILTER_ASSIGNEE },
	{ "category", FILTER_CATEGORY },
	{ "is", FILTER_IS },
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

/* Fail with a message quoting (sanitized, shortened) user text. */
static enum tix_err
filter_fail(char **cause, const char *what, const char *value,
    const char *hint)
{
	char		*clean;
	enum tix_err	 err;

	clean = text_sanitize(value, strlen(value), 0);
	err = tix_fail(cause, TIX_ERR_INVALID, "%s: %.40s%s%s%s", what,
	    clean, hint == NULL ? "" : " (", hint == NULL ? "" : hint,
	    hint == NULL ? "" : ")");
	free(clean);
	return err;
}

/* Check and parse the value of a key:value term into t. */
static enum tix_err
filter_parse_value(struct filter_term *t, const char *key, const char *value,
    char **cause)
{
	size_t	i;

	if (*value == '\0')
		return tix_fail(cause, TIX_ERR_INVALID,
		    "missing value after %s:", key);
	switch (t->key) {
	case FILTER_STATUS:
		if (filter_caseeq(value, "active"))
			t->arg = TIX_STATUS_ACTIVE;
		else if (filter_caseeq(value, "closed"))
			t->arg = TIX_STATUS_CLOSED;
		else
			return filter_fail(cause, "bad status", value,
			    "active or closed");
		break;
	case FILTER_PRIORITY:
		for (i = 0; i < TIX_PRIORITY_COUNT; i++) {
			if (filter_caseeq(value, filter_priorities[i]))
				break;
		}
		if (i == TIX_PRIORITY_COUNT)
			return filter_fail(cause, "bad priority", value,
			    "low, normal, high or urgent");
		t->arg = (int)i;
		break;
	case FILTER_IS:
		if (filter_caseeq(value, "new"))
			t->arg = FILTER_IS_NEW;
		else if (filter_caseeq(value, "updated"))
			t->arg = FILTER_IS_UPDATED;
		else if (filter_caseeq(value, "pending"))
			t->arg = FILTER_IS_PENDING;
		else
			return filter_fail(cause, "bad is", value,
			    "new, updated or pending");
		break;
	case FILTER_ASSIGNEE:
		if (filter_caseeq(value, "me"))
			t->arg = FILTER_ASSIGNEE_ME;
		else if (filter_caseeq(value, "none"))
			t->arg = FILTER_ASSIGNEE_NONE;
		else
			t->arg = FILTER_ASSIGNEE_ID;
		break;
	case FILTER_WORD:
	case FILTER_ACCOUNT:
	case FILTER_TAG:
	case FILTER_CATEGORY:
		break;
	}
	return TIX_OK;
}

/* What a term looks at in the store beyond the ticket. */
static unsigned
filter_term_needs(const struct filter_term *t)
{
	switch (t->key) {
	case FILTER_WORD:
		return FILTER_NEEDS_CUSTOMER|FILTER_NEEDS_ACCOUNT;
	case FILTER_ACCOUNT:
		return FILTER_NEEDS_ACCOUNT;
	case FILTER_CATEGORY:
		return FILTER_NEEDS_CATEGORY;
	case FILTER_ASSIGNEE:
		if (t->arg == FILTER_ASSIGNEE_ME)
			return FILTER_NEEDS_ME;
		if (t->arg == FILTER_ASSIGNEE_ID)
			return FILTER_NEEDS_AGENT;
		return 0;
	case FILTER_IS:
		return t->arg == FILTER_IS_PENDING ? 0 : FILTER_NEEDS_MARKS;
	case FILTER_STATUS:
	case FILTER_PRIORITY:
	case FILTER_TAG:
		break;
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
	return false;
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

/* Append s and a newline to the words being built; skip NULL or "". */
static void
filter_words_add(char **out, size_t *len, const char *s)
{
	size_t	n;

	if (s == NULL || *s == '\0')
		return;
	n = strlen(s);
	*out = xrealloc(*out, *len + n + 2);
	memcpy(*out + *len, s, n);
	*len += n;
	(*out)[(*len)++] = '\n';
	(*out)[*len] = '\0';
}

/*
 * What a plain word is looked for in, one field per line: a ticket's
 * subject, id and tags; a customer's name and e-mails.  Sanitized fields
 * hold no newline, so a match never spans two fields.
 */
char *
filter_words(const struct record *r)
{
	char	*out = NULL;
	size_t	 len = 0, i;

	switch (r->kind) {
	case TIX_KIND_TICKET:
		filter_words_add(&out, &len, r->u.ticket.subject);
		filter_words_add(&out, &len, r->u.ticket.id);
		for (i = 0; i < r->u.ticket.tags.n; i++)
			filter_words_add(&out, &len, r->u.ticket.tags.v[i]);
		break;
	case TIX_KIND_CUSTOMER:
		filter_words_add(&out, &len, r->u.customer.name);
		for (i = 0; i < r->u.customer.nemails; i++)
			filter_words_add(&out, &len,
			    r->u.customer.emails[i].value);
		break;
	case TIX_KIND_NOTE:
	case TIX_KIND_CATEGORY:
	case TIX_KIND_AGENT:
	case TIX_KIND_COUNT:
		break;
	}
	return out == NULL ? xstrdup("") : out;
}

/*
 * Does a plain word appear in a ticket's searched fields?  From the
 * store's entry when there is one (one string per record), else from the
 * record's fields.
 */
static bool
filter_match_word(const char *w, const struct store *s,
    const struct record *r, const struct store_entry *e)
{
	const struct ticket	*t = &r->u.ticket;
	const struct record	*c;
	const char		*name;
	size_t			 i;

	if (e != NULL) {
		if (text_contains(e->words, w))
			return true;
		if (e->cwords != NULL && text_contains(e->cwords, w))
			return true;
		name = store_account_name(s, e->account);
		return name != NULL && text_contains(name, w);
	}
	name = store_account_name(s, r->account);
	if (t->subject != NULL && text_contains(t->subject, w))
		return true;
	if (t->id != NULL && text_contains(t->id, w))
		return true;
	for (i = 0; i < t->tags.n; i++) {
		if (text_contains(t->tags.v[i], w))
			return true;
	}
	if (name != NULL && text_contains(name, w))
		return true;
	if (t->customer_id == NULL)
		return false;
	c = store_get(s, TIX_KIND_CUSTOMER, r->account, t->customer_id);
	if (c == NULL)
		return false;
	if (c->u.customer.name != NULL && text_contains(c->u.customer.name, w))
		return true;
	for (i = 0; i < c->u.customer.nemails; i++) {
		if (c->u.customer.emails[i].value != NULL &&
		    text_contains(c->u.customer.emails[i].value, w))
			return true;
	}
	return false;
}

/* Does the ticket's assignee match an assignee: term? */
static bool
filter_match_assignee(const struct filter_term *term, const struct store *s,
    const struct record *r)
{
	const char		*uid = r->u.ticket.user_id;
	const struct record	*a;

	if (term->arg == FILTER_ASSIGNEE_NONE)
		return uid == NULL || *uid == '\0';
	if (uid == NULL || *uid == '\0')
		return false;
	if (term->arg == FILTER_ASSIGNEE_ME) {
		a = store_agent_me(s, r->account);
		return a != NULL && strcmp(a->u.agent.id, uid) == 0;
	}
	if (strcmp(uid, term->value) == 0)
		return true;
	a = store_get(s, TIX_KIND_AGENT, r->account, uid);
	return a != NULL && a->u.agent.name != NULL &&
	    text_contains(a->u.agent.name, term->value);
}

/* Does the ticket's category match a category: term? */
static bool
filter_match_category(const struct filter_term *term, const struct store *s,
    const struct record *r)
{
	const char		*cid = r->u.ticket.category_id;
	const struct record	*c;

	if (cid == NULL || *cid == '\0')
		return false;
	if (strcmp(cid, term->value) == 0)
		return true;
	c = store_get(s, TIX_KIND_CATEGORY, r->account, cid);
	return c != NULL && c->u.category.name != NULL &&
	    text_contains(c->u.category.name, term->value);
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
	const struct ticket	*t = &r->u.ticket;
	size_t			 i;

	switch (term->key) {
	case FILTER_WORD:
		return filter_match_word(term->value, s, r, e);
	case FILTER_STATUS:
		return (int)t->status == term->arg;
	case FILTER_PRIORITY:
		return (int)t->priority == term->arg;
	case FILTER_ACCOUNT:
		return filter_caseeq(store_account_name(s, r->account),
		    term->value);
	case FILTER_TAG:
		for (i = 0; i < t->tags.n; i++) {
			if (filter_caseeq(t->tags.v[i], term->value))
				return true;
		}
		return false;
	case FILTER_ASSIGNEE:
		return filter_match_assignee(term, s, r);
	case FILTER_CATEGORY:
		return filter_match_category(term, s, r);
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
