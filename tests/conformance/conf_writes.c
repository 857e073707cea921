/*
 * Conformance behaviours: writing, and getting in.  Each triage action
 * reaches the platform, comes back in the copy update() hands out and
 * survives a re-fetch; notes are posted once, by "me", with their line
 * breaks; a write over someone else's change is refused or merged as the
 * platform promises; credentials and config errors are reported without
 * the secret.
 */

#include "config.h"

#include "tests/conformance/conformance.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "core/xmalloc.h"

/* An emulator of 40 tickets, opened, and an active ticket's id. */
static struct conf_emu *
write_start(struct conf_case *c, char id[static 24])
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	const char		*args[] = { "--tickets", "40", NULL };

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 0, &l);
	xsnprintf(id, 24, "%s", conf_pick_active(&l, 0));
	conf_listing_done(&l);
	return e;
}

/* Apply a patch; check the copy handed back and a re-fetch with fn. */
static void
write_check(struct conf_emu *e, const char *id, const struct patch *p,
    void (*check)(const struct conf_row *, const struct patch *,
    const struct ticket *))
{
	struct record	*r;

	r = conf_update_ok(e, id, p);
	check(e->row, p, &r->u.ticket);
	record_free(&r);
	r = conf_get_ticket(e, id);
	check(e->row, p, &r->u.ticket);
	record_free(&r);
}

static void
check_priority(const struct conf_row *row, const struct patch *p,
    const struct ticket *t)
{
	assert_int_equal(t->priority, p->priority);
	assert_string_equal(t->priority_raw, p->priority ==
	    TIX_PRIORITY_LOW ? row->raw_low : row->raw_urgent);
}

/* Two patches in turn, each checked with check. */
static void
write_two(struct conf_case *c, const struct patch *first,
    const struct patch *then, void (*check)(const struct conf_row *,
    const struct patch *, const struct ticket *))
{
	struct conf_emu	*e;
	char		 id[24];

	e = write_start(c, id);
	write_check(e, id, first, check);
	write_check(e, id, then, check);
	conf_emu_stop(c, e);
}

void
conf_write_priority(struct conf_case *c)
{
	const struct patch	low = {
		.fields = TIX_PATCH_PRIORITY,
		.priority = TIX_PRIORITY_LOW,
	};
	const struct patch	urgent = {
		.fields = TIX_PATCH_PRIORITY,
		.priority = TIX_PRIORITY_URGENT,
	};

	write_two(c, &low, &urgent, check_priority);
}

static void
check_status(const struct conf_row *row, const struct patch *p,
    const struct ticket *t)
{
	assert_int_equal(t->status, p->status);
	assert_string_equal(t->status_raw, p->status == TIX_STATUS_CLOSED ?
	    row->raw_closed : row->raw_active);
}

void
conf_write_status(struct conf_case *c)
{
	const struct patch	closed = {
		.fields = TIX_PATCH_STATUS,
		.status = TIX_STATUS_CLOSED,
	};
	const struct patch	active = {
		.fields = TIX_PATCH_STATUS,
		.status = TIX_STATUS_ACTIVE,
	};

	write_two(c, &closed, &active, check_status);
}

/* Strings equal, NULL equal to NULL. */
static void
assert_same(const char *want, const char *got)
{
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(want, got);
}

static void
check_category(const struct conf_row *row, const struct patch *p,
    const struct ticket *t)
{
	assert_same(p->category_id, t->category_id);
}

void
conf_write_category(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 cats;
	struct record		*r = NULL, *t;
	struct patch		 p;
	char			 id[24], *cause = NULL;
	bool			 maybe_sent = true;

	e = write_start(c, id);
	conf_list_ok(e, TIX_KIND_CATEGORY, 0, NULL, 0, &cats);
	assert_true(cats.n >= 2);
	t = conf_get_ticket(e, id);
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_CATEGORY;
	/* One the ticket does not have yet. */
	for (size_t i = 0; i < cats.n && p.category_id == NULL; i++) {
		if (t->u.ticket.category_id == NULL || strcmp(record_id(
		    cats.r[i]), t->u.ticket.category_id) != 0)
			p.category_id = xstrdup(record_id(cats.r[i]));
	}
	record_free(&t);
	conf_listing_done(&cats);
	write_check(e, id, &p, check_category);
	free(p.category_id);
	p.category_id = NULL;
	write_check(e, id, &p, check_category);

	/* A refusal comes back with the platform's reason, and was not sent. */
	p.category_id = xstrdup(c->row->bad_category);
	assert_int_equal(e->account.ops->update(&e->account, id, &p, &r,
	    &maybe_sent, &cause), TIX_ERR_INVALID);
	assert_null(r);
	assert_false(maybe_sent);
	conf_assert_one_line(cause);
	if (strstr(cause, c->row->bad_category_says) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", cause,
		    c->row->bad_category_says);
	xfree(&cause);
	free(p.category_id);
	t = conf_get_ticket(e, id);
	assert_null(t->u.ticket.category_id);
	record_free(&t);
	conf_emu_stop(c, e);
}

static void
check_assignee(const struct conf_row *row, const struct patch *p,
    const struct ticket *t)
{
	assert_same(p->user_id, t->user_id);
}

void
conf_write_assignee(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 agents;
	struct patch		 p;
	char			 id[24];

	e = write_start(c, id);
	conf_list_ok(e, TIX_KIND_AGENT, 0, NULL, 0, &agents);
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_ASSIGNEE;
	p.user_id = xstrdup(conf_agent(&agents, false));
	write_check(e, id, &p, check_assignee);
	free(p.user_id);
	p.user_id = xstrdup(conf_agent(&agents, true));
	write_check(e, id, &p, check_assignee);
	free(p.user_id);
	p.user_id = NULL;
	write_check(e, id, &p, check_assignee);
	conf_listing_done(&agents);
	conf_emu_stop(c, e);
}

static void
check_tags(const struct conf_row *row, const struct patch *p,
    const struct ticket *t)
{
	assert_int_equal(t->tags.n, p->tags.n);
	for (size_t i = 0; i < p->tags.n; i++)
		assert_true(strv_has(&t->tags, p->tags.v[i]));
}

void
conf_write_tags(struct conf_case *c)
{
	struct conf_emu	*e;
	struct patch	 p;
	char		 id[24];

	e = write_start(c, id);
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_TAGS;
	strv_add(&p.tags, "vip");
	strv_add(&p.tags, "from-tix");
	write_check(e, id, &p, check_tags);
	/* The whole set: one goes. */
	strv_done(&p.tags);
	strv_add(&p.tags, "from-tix");
	write_check(e, id, &p, check_tags);
	strv_done(&p.tags);
	write_check(e, id, &p, check_tags);
	conf_emu_stop(c, e);
}

static void
check_all(const struct conf_row *row, const struct patch *p,
    const struct ticket *t)
{
	check_priority(row, p, t);
	check_status(row, p, t);
	check_category(row, p, t);
	check_assignee(row, p, t);
	check_tags(row, p, t);
}

/* Every field in one patch. */
void
conf_write_all(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 agents, cats;
	struct patch		 p;
	char			 id[24];

	e = write_start(c, id);
	conf_list_ok(e, TIX_KIND_AGENT, 0, NULL, 0, &agents);
	conf_list_ok(e, TIX_KIND_CATEGORY, 0, NULL, 0, &cats);
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY | TIX_PATCH_STATUS | TIX_PATCH_CATEGORY |
	    TIX_PATCH_ASSIGNEE | TIX_PATCH_TAGS;
	p.priority = TIX_PRIORITY_URGENT;
	p.status = TIX_STATUS_CLOSED;
	p.category_id = xstrdup(record_id(cats.r[cats.n - 1]));
	p.user_id = xstrdup(conf_agent(&agents, false));
	strv_add(&p.tags, "billing");
	strv_add(&p.tags, "vip");
	write_check(e, id, &p, check_all);
	patch_done(&p);
	conf_listing_done(&agents);
	conf_listing_done(&cats);
	conf_emu_stop(c, e);
}

/*
 * A note through tix: the copy handed back is "me"'s, as asked; the
 * platform has it exactly once; the ticket's notes list it last.
 */
static void
check_note(struct conf_case *c, const char *text, bool is_public)
{
	struct conf_emu		*e;
	struct conf_listing	 agents, notes;
	struct record		*n;
	const struct note	*last;
	char			 id[24];
	const char		*me;

	e = write_start(c, id);
	conf_list_ok(e, TIX_KIND_AGENT, 0, NULL, 0, &agents);
	me = conf_agent(&agents, true);
	n = conf_note_ok(e, id, text, is_public);
	assert_string_equal(n->u.note.description, text);
	assert_int_equal(n->u.note.is_public, is_public);
	assert_non_null(n->u.note.user_id);
	assert_string_equal(n->u.note.user_id, me);
	assert_null(n->u.note.customer_id);
	record_free(&n);
	assert_int_equal(conf_stat(e, "duplicate_notes", NULL), 0);
	assert_int_equal(conf_stat(e, "tickets", id, "notes_added", NULL), 1);

	conf_list_ok(e, TIX_KIND_NOTE, 0, id, 0, &notes);
	assert_int_equal(notes.n, conf_admin_note_count(e, id));
	last = &notes.r[notes.n - 1]->u.note;
	assert_string_equal(last->description, text);
	assert_int_equal(last->is_public, is_public);
	assert_non_null(last->user_id);
	assert_string_equal(last->user_id, me);
	assert_string_equal(last->ticket_id, id);
	for (size_t i = 0; i + 1 < notes.n; i++)
		assert_string_not_equal(notes.r[i]->u.note.description, text);
	conf_listing_done(&notes);
	conf_listing_done(&agents);
	conf_emu_stop(c, e);
}

void
conf_reply(struct conf_case *c)
{
	check_note(c, "We are on it.\nSecond line & <more>", true);
}

void
conf_internal_note(struct conf_case *c)
{
	check_note(c, "Internal note\nsecond line", false);
}

/*
 * Line breaks and paragraphs survive: in a note written through tix,
 * and in one another agent wrote on the platform.
 */
void
conf_note_lines(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 notes;
	char			 id[24];
	cJSON			*j;

	check_note(c, c->row->note_text, false);
	conf_gate(c, "platform notes keep line breaks");
	e = write_start(c, id);
	j = conf_admin_ok(e, "POST", c->row->admin_note_lines,
	    "/__emu/tickets/%s/notes", id);
	cJSON_Delete(j);
	conf_list_ok(e, TIX_KIND_NOTE, 0, id, 0, &notes);
	assert_true(notes.n >= 1);
	assert_string_equal(notes.r[notes.n - 1]->u.note.description,
	    c->row->note_text);
	conf_listing_done(&notes);
	conf_emu_stop(c, e);
}

/* A message from the customer is the customer's, not an agent's. */
void
conf_customer_note(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 notes;
	struct record		*t;
	const struct note	*n;
	char			 id[24], *body;
	cJSON			*j;

	e = write_start(c, id);
	t = conf_get_ticket(e, id);
	assert_non_null(t->u.ticket.customer_id);
	body = xasprintf("{\"body\":\"Any news?\",\"author_id\":%s,"
	    "\"public\":true}", t->u.ticket.customer_id);
	j = conf_admin_ok(e, "POST", body, "/__emu/tickets/%s/notes", id);
	cJSON_Delete(j);
	free(body);
	conf_list_ok(e, TIX_KIND_NOTE, 0, id, 0, &notes);
	n = &notes.r[notes.n - 1]->u.note;
	assert_string_equal(n->description, "Any news?");
	assert_true(n->is_public);
	assert_null(n->user_id);
	assert_non_null(n->customer_id);
	assert_string_equal(n->customer_id, t->u.ticket.customer_id);
	conf_listing_done(&notes);
	record_free(&t);
	conf_emu_stop(c, e);
}

/*
 * Someone else changes the ticket after tix loaded it.  Where the
 * platform guards writes, tix's change is refused with a conflict and
 * goes through once the ticket is seen afresh; where the last write
 * wins, it goes through and both changes stand.
 */
void
conf_conflict(struct conf_case *c)
{
	struct conf_emu	*e;
	struct patch	 p;
	struct record	*r = NULL;
	char		 id[24], *cause = NULL;
	cJSON		*j;
	bool		 maybe_sent = true;
	enum tix_err	 err;

	e = write_start(c, id);
	j = conf_admin_ok(e, "POST", c->row->admin_pending,
	    "/__emu/tickets/%s", id);
	cJSON_Delete(j);
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY;
	p.priority = TIX_PRIORITY_LOW;
	err = e->account.ops->update(&e->account, id, &p, &r, &maybe_sent,
	    &cause);
	if (c->row->conflicts) {
		assert_int_equal(err, TIX_ERR_CONFLICT);
		assert_null(r);
		assert_false(maybe_sent);
		conf_assert_one_line(cause);
		conf_assert_says(cause, c->row->conflict_says, CONF_MAX_WORDS);
		xfree(&cause);
		r = conf_get_ticket(e, id);
		assert_int_not_equal(r->u.ticket.priority, TIX_PRIORITY_LOW);
		assert_string_equal(r->u.ticket.status_raw,
		    c->row->raw_pending);
		record_free(&r);
		/* Seen afresh: the change goes through. */
		r = conf_update_ok(e, id, &p);
	} else {
		if (err != TIX_OK)
			fail_msg("update %s: %s", id, cause);
		assert_false(maybe_sent);
	}
	record_free(&r);
	r = conf_get_ticket(e, id);
	assert_int_equal(r->u.ticket.priority, TIX_PRIORITY_LOW);
	assert_string_equal(r->u.ticket.status_raw, c->row->raw_pending);
	record_free(&r);
	conf_emu_stop(c, e);
}

/* open() with the account's current config must fail with AUTH. */
static void
assert_refused(struct conf_emu *e, const char *secret)
{
	char	*cause = NULL;

	assert_int_equal(e->account.ops->open(&e->account, &cause),
	    TIX_ERR_AUTH);
	conf_assert_one_line(cause);
	conf_assert_says(cause, e->row->auth_says, CONF_MAX_WORDS);
	/* Nor a part of it. */
	if (strstr(cause, secret) != NULL || strstr(cause, "s3cr3t") != NULL)
		fail_msg("the message shows the secret: \"%s\"", cause);
	xfree(&cause);
}

/*
 * A wrong secret is refused with the platform's reason and never shown;
 * the session's retries (open again, with or without close) behave; the
 * right secret and every other auth kind open, again and again.
 */
void
conf_auth(struct conf_case *c)
{
	struct conf_emu	*e;
	const char	*wrong = "wrong-s3cr3t-d0nt-pr1nt";
	const char	*args[] = { "--tickets", "3", NULL };
	char		*body, *cause = NULL;

	e = conf_emu_start(c, args);
	body = conf_account_secret(e, wrong);
	assert_int_equal(conf_account_setup(e, body, &cause), TIX_OK);
	free(body);
	assert_refused(e, wrong);
	assert_refused(e, wrong);
	e->account.ops->close(&e->account);
	assert_null(e->account.priv);
	assert_refused(e, wrong);

	body = conf_account_secret(e, c->row->secret);
	assert_int_equal(conf_account_setup(e, body, &cause), TIX_OK);
	free(body);
	conf_open(e);
	conf_open(e);
	assert_non_null(e->account.priv);
	e->account.ops->close(&e->account);
	assert_null(e->account.priv);
	conf_open(e);

	for (size_t i = 0; i < CONF_MAX_ALT && c->row->auth_alt[i] != NULL;
	    i++) {
		body = conf_account_body(e, c->row->auth_alt[i]);
		assert_int_equal(conf_account_setup(e, body, &cause), TIX_OK);
		free(body);
		conf_open(e);
		e->account.ops->close(&e->account);
		conf_open(e);
	}
	/* Requests went to the emulator: it saw the refusals. */
	assert_true(conf_stat(e, "api_requests", NULL) >= 3);
	conf_emu_stop(c, e);
}

/* Config errors name the file, the line and the key, on one line. */
void
conf_config(struct conf_case *c)
{
	const struct conf_config_case	*k;
	struct conf_emu			*e;
	char				*cause = NULL;

	e = conf_offline(c);
	for (size_t i = 0; i < CONF_MAX_CASES; i++) {
		k = &c->row->config_errors[i];
		if (k->lines == NULL)
			break;
		if (conf_account_setup(e, k->lines, &cause) !=
		    TIX_ERR_INVALID)
			fail_msg("config case %zu was accepted", i);
		conf_assert_one_line(cause);
		if (strstr(cause, e->path) == NULL)
			fail_msg("case %zu: \"%s\" does not name %s", i,
			    cause, e->path);
		conf_assert_says(cause, k->says, CONF_MAX_WORDS);
		xfree(&cause);
		e->account.ops->close(&e->account);
		assert_null(e->account.priv);
	}
	for (size_t i = 0; i < CONF_MAX_ALT && c->row->config_ok[i] != NULL;
	    i++) {
		if (conf_account_setup(e, c->row->config_ok[i], &cause) !=
		    TIX_OK)
			fail_msg("config \"%s\": %s", c->row->config_ok[i],
			    cause);
		assert_null(cause);
	}
	conf_emu_stop(c, e);
}
