/*
 * Unit tests for core/json.c: records as Unified-named JSON.  A script
 * reading "tix ... --json" relies on the field names, on null for what
 * is absent, on ISO-8601 UTC times and on text never carrying a raw
 * control byte, so those are what is checked.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/json.h"
#include "core/model.h"
#include "core/xmalloc.h"

/* 1700000000 is 2023-11-14T22:13:20Z; one day later is the 15th. */
#define T0		INT64_C(1700000000)
#define T0_ISO		"2023-11-14T22:13:20Z"
#define T1		(T0 + 86400)
#define T1_ISO		"2023-11-15T22:13:20Z"

/* The member, which must exist. */
static const cJSON *
member(const cJSON *o, const char *key)
{
	const cJSON	*m;

	m = cJSON_GetObjectItemCaseSensitive(o, key);
	if (m == NULL)
		fail_msg("no member \"%s\"", key);
	return m;
}

/* The member must be the string want. */
static void
want_string(const cJSON *o, const char *key, const char *want)
{
	const cJSON	*m = member(o, key);

	if (!cJSON_IsString(m))
		fail_msg("\"%s\" is not a string", key);
	assert_string_equal(m->valuestring, want);
}

/* The member must be null. */
static void
want_null(const cJSON *o, const char *key)
{
	if (!cJSON_IsNull(member(o, key)))
		fail_msg("\"%s\" is not null", key);
}

/* The object's members must be exactly these names, in this order. */
static void
want_keys(const cJSON *o, const char *const *keys)
{
	const cJSON	*m;
	size_t		 i = 0;

	assert_true(cJSON_IsObject(o));
	cJSON_ArrayForEach(m, o) {
		if (keys[i] == NULL)
			fail_msg("unexpected member \"%s\"", m->string);
		assert_string_equal(m->string, keys[i]);
		i++;
	}
	if (keys[i] != NULL)
		fail_msg("missing member \"%s\"", keys[i]);
}

/* A ticket with every field set. */
static struct record *
full_ticket(void)
{
	struct record	*r;
	struct ticket	*t;

	r = record_new(TIX_KIND_TICKET, 1);
	t = &r->u.ticket;
	t->id = xstrdup("42");
	t->subject = xstrdup("Printer on fire");
	t->description = xstrdup("Line one\nline two");
	t->status = TIX_STATUS_CLOSED;
	t->status_raw = xstrdup("solved");
	t->priority = TIX_PRIORITY_HIGH;
	t->priority_raw = xstrdup("High");
	t->customer_id = xstrdup("c9");
	t->user_id = xstrdup("a3");
	t->category_id = xstrdup("cat2");
	strv_add(&t->tags, "vip");
	strv_add(&t->tags, "billing");
	t->source = xstrdup("email");
	t->url = xstrdup("https://acme.example.com/t/42");
	t->created_at = T0;
	t->updated_at = T1;
	t->closed_at = T1;
	t->due_at = T0;
	return r;
}

/* The hooks, as tix installs them at start-up. */
static int
setup(void **state)
{
	json_init();
	return 0;
}

/* Every ticket field under its Unified name, with account and provider. */
static void
test_ticket_full(void **state)
{
	const char *const	 keys[] = { "id", "subject", "description",
	    "status", "priority", "customer_id", "user_id", "category_id",
	    "tags", "source", "url", "created_at", "updated_at", "closed_at",
	    "due_at", "raw", "account", "provider", NULL };
	const char *const	 rawkeys[] = { "status", "priority", NULL };
	struct record		*r;
	cJSON			*o;
	const cJSON		*tags, *raw;

	r = full_ticket();
	o = json_from_record(r, "acme", "demo");
	want_keys(o, keys);
	want_string(o, "id", "42");
	want_string(o, "subject", "Printer on fire");
	want_string(o, "description", "Line one\nline two");
	want_string(o, "status", "CLOSED");
	want_string(o, "priority", "high");
	want_string(o, "customer_id", "c9");
	want_string(o, "user_id", "a3");
	want_string(o, "category_id", "cat2");
	want_string(o, "source", "email");
	want_string(o, "url", "https://acme.example.com/t/42");
	want_string(o, "created_at", T0_ISO);
	want_string(o, "updated_at", T1_ISO);
	want_string(o, "closed_at", T1_ISO);
	want_string(o, "due_at", T0_ISO);
	want_string(o, "account", "acme");
	want_string(o, "provider", "demo");

	tags = member(o, "tags");
	assert_true(cJSON_IsArray(tags));
	assert_int_equal(cJSON_GetArraySize(tags), 2);
	assert_string_equal(cJSON_GetArrayItem(tags, 0)->valuestring, "vip");
	assert_string_equal(cJSON_GetArrayItem(tags, 1)->valuestring,
	    "billing");

	raw = member(o, "raw");
	want_keys(raw, rawkeys);
	want_string(raw, "status", "solved");
	want_string(raw, "priority", "High");

	cJSON_Delete(o);
	record_free(&r);
	assert_null(r);
}

/* Absent strings, unset times and no priority are null; tags []. */
static void
test_ticket_nulls(void **state)
{
	struct record	*r;
	cJSON		*o;
	const cJSON	*raw;

	r = record_new(TIX_KIND_TICKET, 0);
	r->u.ticket.id = xstrdup("7");
	o = json_from_record(r, NULL, NULL);
	want_string(o, "id", "7");
	want_string(o, "status", "ACTIVE");
	want_null(o, "subject");
	want_null(o, "description");
	want_null(o, "priority");
	want_null(o, "customer_id");
	want_null(o, "user_id");
	want_null(o, "category_id");
	want_null(o, "source");
	want_null(o, "url");
	want_null(o, "created_at");
	want_null(o, "updated_at");
	want_null(o, "closed_at");
	want_null(o, "due_at");
	want_null(o, "account");
	want_null(o, "provider");
	assert_true(cJSON_IsArray(member(o, "tags")));
	assert_int_equal(cJSON_GetArraySize(member(o, "tags")), 0);
	raw = member(o, "raw");
	want_null(raw, "status");
	want_null(raw, "priority");
	cJSON_Delete(o);
	record_free(&r);
}

/* Each priority level by its normalized name. */
static void
test_ticket_priorities(void **state)
{
	struct record		*r;
	cJSON			*o;
	enum tix_priority	 p;

	r = record_new(TIX_KIND_TICKET, 0);
	r->u.ticket.id = xstrdup("1");
	for (p = TIX_PRIORITY_LOW; p < TIX_PRIORITY_COUNT; p++) {
		r->u.ticket.priority = p;
		o = json_from_record(r, "a", "demo");
		want_string(o, "priority", tix_priority_name(p));
		cJSON_Delete(o);
	}
	record_free(&r);
}

/* Customer: emails and telephones as Unified objects, null types. */
static void
test_customer(void **state)
{
	const char *const	 keys[] = { "id", "name", "emails",
	    "telephones", "tags", "created_at", "updated_at", "account",
	    "provider", NULL };
	struct record		*r;
	struct customer		*c;
	cJSON			*o;
	const cJSON		*emails, *phones, *e;

	r = record_new(TIX_KIND_CUSTOMER, 0);
	c = &r->u.customer;
	c->id = xstrdup("c1");
	c->name = xstrdup("Ada Lovelace");
	c->nemails = 2;
	c->emails = xcalloc(2, sizeof *c->emails);
	c->emails[0].value = xstrdup("ada@example.com");
	c->emails[0].type = xstrdup("WORK");
	c->emails[1].value = xstrdup("ada@home.example");
	c->ntelephones = 1;
	c->telephones = xcalloc(1, sizeof *c->telephones);
	c->telephones[0].value = xstrdup("+15551234567");
	c->telephones[0].type = xstrdup("MOBILE");
	strv_add(&c->tags, "vip");
	c->created_at = T0;

	o = json_from_record(r, "globex", "demo");
	want_keys(o, keys);
	want_string(o, "name", "Ada Lovelace");
	emails = member(o, "emails");
	assert_int_equal(cJSON_GetArraySize(emails), 2);
	e = cJSON_GetArrayItem(emails, 0);
	want_string(e, "email", "ada@example.com");
	want_string(e, "type", "WORK");
	e = cJSON_GetArrayItem(emails, 1);
	want_string(e, "email", "ada@home.example");
	want_null(e, "type");
	phones = member(o, "telephones");
	assert_int_equal(cJSON_GetArraySize(phones), 1);
	e = cJSON_GetArrayItem(phones, 0);
	want_string(e, "telephone", "+15551234567");
	want_string(e, "type", "MOBILE");
	want_string(o, "created_at", T0_ISO);
	want_null(o, "updated_at");
	want_string(o, "account", "globex");
	cJSON_Delete(o);
	record_free(&r);
}

/* Note: internal notes are is_public false; author ids as given. */
static void
test_note(void **state)
{
	const char *const	 keys[] = { "id", "ticket_id", "customer_id",
	    "user_id", "description", "is_public", "created_at",
	    "updated_at", "account", "provider", NULL };
	struct record		*r;
	cJSON			*o;

	r = record_new(TIX_KIND_NOTE, 0);
	r->u.note.id = xstrdup("n5");
	r->u.note.ticket_id = xstrdup("42");
	r->u.note.user_id = xstrdup("a3");
	r->u.note.description = xstrdup("Checked the logs.");
	r->u.note.is_public = false;
	r->u.note.created_at = T0;
	r->u.note.updated_at = T1;

	o = json_from_record(r, "acme", "demo");
	want_keys(o, keys);
	want_string(o, "ticket_id", "42");
	want_null(o, "customer_id");
	want_string(o, "user_id", "a3");
	assert_true(cJSON_IsFalse(member(o, "is_public")));
	want_string(o, "updated_at", T1_ISO);
	cJSON_Delete(o);

	r->u.note.is_public = true;
	o = json_from_record(r, "acme", "demo");
	assert_true(cJSON_IsTrue(member(o, "is_public")));
	cJSON_Delete(o);
	record_free(&r);
}

/* Category and agent shapes. */
static void
test_category_agent(void **state)
{
	const char *const	 ckeys[] = { "id", "name", "description",
	    "parent_id", "is_active", "account", "provider", NULL };
	const char *const	 akeys[] = { "id", "name", "email", "is_me",
	    "account", "provider", NULL };
	struct record		*r;
	cJSON			*o;

	r = record_new(TIX_KIND_CATEGORY, 0);
	r->u.category.id = xstrdup("cat2");
	r->u.category.name = xstrdup("Billing");
	r->u.category.is_active = true;
	o = json_from_record(r, "acme", "demo");
	want_keys(o, ckeys);
	want_string(o, "name", "Billing");
	want_null(o, "parent_id");
	want_null(o, "description");
	assert_true(cJSON_IsTrue(member(o, "is_active")));
	cJSON_Delete(o);
	record_free(&r);

	r = record_new(TIX_KIND_AGENT, 0);
	r->u.agent.id = xstrdup("a3");
	r->u.agent.name = xstrdup("Grace Hopper");
	r->u.agent.is_me = true;
	o = json_from_record(r, "acme", "demo");
	want_keys(o, akeys);
	want_null(o, "email");
	assert_true(cJSON_IsTrue(member(o, "is_me")));
	cJSON_Delete(o);
	record_free(&r);
}

/*
 * The printed form ends with a newline, parses back to the same value
 * and escapes control bytes, so even an unsanitized string cannot put an
 * ESC on the terminal of someone who cats the output.
 */
static void
test_write(void **state)
{
	struct record	*r;
	cJSON		*o, *back;
	char		*text = NULL;
	size_t		 len = 0;
	FILE		*f;

	r = full_ticket();
	free(r->u.ticket.subject);
	r->u.ticket.subject = xstrdup("hostile \x1b[2J\x1b]0;pwned\x07 text");
	o = json_from_record(r, "acme", "demo");

	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(json_write(f, o), 0);
	fclose(f);
	assert_true(len > 1);
	assert_int_equal(text[len - 1], '\n');
	assert_null(memchr(text, '\x1b', len));
	assert_null(memchr(text, '\x07', len));

	back = cJSON_Parse(text);
	assert_non_null(back);
	assert_true(cJSON_Compare(o, back, true));
	want_string(back, "subject", r->u.ticket.subject);

	cJSON_Delete(back);
	cJSON_Delete(o);
	free(text);
	record_free(&r);
}

/* Run every case, with cJSON's allocations through xmalloc. */
/* Platform ids: exact decimal text below 2^53, or refused. */
static void
test_ids_exact(void **state)
{
	char	 buf[JSON_ID_MAX];
	cJSON	*j;

	(void)state;
	assert_true(json_id_valid("1"));
	assert_true(json_id_valid("9007199254740991"));
	assert_false(json_id_valid("9007199254740992"));
	assert_false(json_id_valid("0"));
	assert_false(json_id_valid("01"));
	assert_false(json_id_valid("-1"));
	assert_false(json_id_valid("1/../2"));
	assert_false(json_id_valid(""));
	assert_false(json_id_valid(NULL));
	/* Large real ids keep every digit; a string is the wrong type. */
	j = cJSON_Parse("[12480498776781, 360004077472, \"42\", null, true, "
	    "1e300, 1.5, 9007199254740993]");
	assert_non_null(j);
	assert_int_equal(json_id_text(cJSON_GetArrayItem(j, 0), buf), 1);
	assert_string_equal(buf, "12480498776781");
	assert_int_equal(json_id_text(cJSON_GetArrayItem(j, 1), buf), 1);
	assert_string_equal(buf, "360004077472");
	assert_int_equal(json_id_text(cJSON_GetArrayItem(j, 2), buf), -1);
	assert_int_equal(json_id_text(cJSON_GetArrayItem(j, 3), buf), 0);
	assert_int_equal(json_id_text(cJSON_GetArrayItem(j, 4), buf), -1);
	assert_int_equal(json_id_text(cJSON_GetArrayItem(j, 5), buf), -1);
	assert_int_equal(json_id_text(cJSON_GetArrayItem(j, 6), buf), -1);
	assert_int_equal(json_id_text(cJSON_GetArrayItem(j, 7), buf), -1);
	assert_int_equal(json_id_text(NULL, buf), 0);
	cJSON_Delete(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_exact),
		cmocka_unit_test(test_ticket_full),
		cmocka_unit_test(test_ticket_nulls),
		cmocka_unit_test(test_ticket_priorities),
		cmocka_unit_test(test_customer),
		cmocka_unit_test(test_note),
		cmocka_unit_test(test_category_agent),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
