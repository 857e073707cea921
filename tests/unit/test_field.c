/*
 * Unit tests for core/field.c: the field tables, and that every row is
 * really used.  Each test loops over the tables, so a new row is covered
 * without a new test: changing only that field must make record_equal()
 * false, survive record_dup(), be cleaned by record_sanitize(), appear in
 * the JSON under its name with its value, be set by a patch carrying its
 * bit (and need its capability), and narrow the list by its filter key.
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

#include "core/field.h"
#include "core/filter.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/store.h"
#include "core/xmalloc.h"

#define T0	INT64_C(1700000000)

/* Every TIX_CAP_WRITE_* bit a ticket change can need. */
#define WRITE_CAPS	(TIX_CAP_WRITE_PRIORITY|TIX_CAP_WRITE_STATUS| \
			 TIX_CAP_WRITE_CATEGORY|TIX_CAP_WRITE_ASSIGNEE| \
			 TIX_CAP_WRITE_TAGS)

static bool
is_string_type(enum field_type type)
{
	return type == FIELD_STRING || type == FIELD_TEXT ||
	    type == FIELD_ID || type == FIELD_REF;
}

/* The string member of a row in obj. */
static char **
str_at(const struct field *f, void *obj)
{
	return field_ptr(f, obj);
}

static struct contact_point **
points_at(const struct field *f, void *obj)
{
	return field_ptr(f, obj);
}

static size_t *
count_at(const struct field *f, void *obj)
{
	return (size_t *)(void *)((char *)obj + f->count_off);
}

/*
 * Give the field of obj a value built from text (strings: text itself;
 * vectors and contact points: one item) or, for the other types, one of
 * two distinct values chosen by variant.
 */
static void
set_field(const struct field *f, void *obj, const char *text, int variant)
{
	struct contact_point	*cp;

	field_free(f, obj);
	switch (f->type) {
	case FIELD_STRING:
	case FIELD_TEXT:
	case FIELD_ID:
	case FIELD_REF:
		*str_at(f, obj) = xstrdup(text);
		break;
	case FIELD_STRV:
		strv_add(field_ptr(f, obj), text);
		break;
	case FIELD_POINTS:
		cp = xcalloc(1, sizeof *cp);
		cp->value = xstrdup(text);
		cp->type = xasprintf("type-%d", variant);
		*points_at(f, obj) = cp;
		*count_at(f, obj) = 1;
		break;
	case FIELD_STATUS:
		*(enum tix_status *)field_ptr(f, obj) = variant == 1 ?
		    TIX_STATUS_CLOSED : TIX_STATUS_ACTIVE;
		break;
	case FIELD_PRIORITY:
		*(enum tix_priority *)field_ptr(f, obj) = variant == 1 ?
		    TIX_PRIORITY_HIGH : TIX_PRIORITY_LOW;
		break;
	case FIELD_BOOL:
		*(bool *)field_ptr(f, obj) = variant == 1;
		break;
	case FIELD_TIME:
		*(int64_t *)field_ptr(f, obj) = T0 + variant;
		break;
	}
}

/* Set a field to variant 1 or 2, with text naming the field. */
static void
set_variant(const struct field *f, void *obj, int variant)
{
	char	*text;

	if (f->type == FIELD_TEXT)
		text = xasprintf("%s %d\nsecond line", f->name, variant);
	else
		text = xasprintf("%s-%d", f->name, variant);
	set_field(f, obj, text, variant);
	free(text);
}

/* A record of a kind with every field set to variant 1. */
static struct record *
full_record(enum tix_kind kind)
{
	const struct field	*t;
	struct record		*r;
	size_t			 n;

	r = record_new(kind, 2);
	t = field_table(kind, &n);
	for (size_t i = 0; i < n; i++) {
		set_variant(&t[i], &r->u, 1);
		if (t[i].type == FIELD_STRV)
			strv_add(field_ptr(&t[i], &r->u), "second");
	}
	return r;
}

/* The tables are well formed: ids first, unique names, sane columns. */
static void
test_tables(void **state)
{
	const struct field	*t, *f;
	size_t			 n, plain_end;
	unsigned		 patch_bits = 0;

	(void)state;
	for (int kind = 0; kind < TIX_KIND_COUNT; kind++) {
		t = field_table((enum tix_kind)kind, &n);
		assert_non_null(t);
		assert_true(n > 1);
		assert_string_equal(t[0].name, "id");
		assert_int_equal(t[0].type, FIELD_ID);
		plain_end = 0;
		for (size_t i = 0; i < n; i++) {
			f = &t[i];
			assert_non_null(f->name);
			assert_non_null(f->label);
			/* Looked up by name, each name finds its own row. */
			assert_ptr_equal(field_by_name((enum tix_kind)kind,
			    f->name), f);
			if (f->type == FIELD_POINTS) {
				assert_non_null(f->json_item);
				assert_true(f->count_off != f->off);
			}
			if (f->cmp == FIELD_CMP_SET)
				assert_int_equal(f->type, FIELD_STRV);
			if (f->flags & FIELD_FILTER_ME) {
				assert_int_equal(f->type, FIELD_REF);
				assert_int_equal(f->ref, TIX_KIND_AGENT);
			}
			/* Members in a sub-object come after the others. */
			if (f->json != NULL && f->json_in == NULL) {
				assert_int_equal(plain_end, i);
				plain_end = i + 1;
			}
			if (kind != TIX_KIND_TICKET) {
				/* Only tickets are patched, filtered, listed. */
				assert_int_equal(f->patch, 0);
				assert_null(f->filter);
				assert_null(f->list.title);
			}
		}
		assert_null(field_by_name((enum tix_kind)kind, "no_such"));
	}

	/* One ticket row per patch bit, each needing one write bit. */
	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if (f->list.title != NULL)
			assert_true(f->list.width > 0);
		if (f->filter != NULL)
			assert_ptr_equal(field_by_filter(f->filter), f);
		if (f->raw != NULL) {
			assert_int_equal(f->raw->type, FIELD_STRING);
			assert_true(f->type == FIELD_STATUS ||
			    f->type == FIELD_PRIORITY);
		}
		if (f->patch == 0) {
			assert_int_equal(f->cap, 0);
			continue;
		}
		assert_int_equal(f->patch & (f->patch - 1), 0);
		assert_int_equal(patch_bits & f->patch, 0);
		patch_bits |= f->patch;
		assert_ptr_equal(field_by_patch(f->patch), f);
		assert_int_not_equal(f->cap, 0);
		assert_int_equal(f->cap & ~WRITE_CAPS, 0);
	}
	assert_int_equal(patch_bits, TIX_PATCH_ALL);
	assert_null(field_by_patch(0));
	assert_null(field_by_filter("no_such"));
	/* Filter keys ignore case, like the filter language. */
	assert_ptr_equal(field_by_filter("STATUS"),
	    &field_ticket[FIELD_TICKET_STATUS]);
}

/*
 * For every field of every kind: a copy is equal and owns its memory;
 * changing only that field makes the records differ.
 */
static void
test_dup_equal_each_field(void **state)
{
	const struct field	*t, *f;
	struct record		*r, *d;
	size_t			 n;

	(void)state;
	for (int kind = 0; kind < TIX_KIND_COUNT; kind++) {
		r = full_record((enum tix_kind)kind);
		t = field_table((enum tix_kind)kind, &n);
		d = record_dup(r);
		assert_true(record_equal(r, d));
		assert_string_equal(record_id(r), record_id(d));
		for (size_t i = 0; i < n; i++) {
			f = &t[i];
			assert_true(field_equal(f, &r->u, &d->u));
			if (is_string_type(f->type))
				assert_ptr_not_equal(*str_at(f, &r->u),
				    *str_at(f, &d->u));
			if (f->type == FIELD_POINTS)
				assert_ptr_not_equal(*points_at(f, &r->u),
				    *points_at(f, &d->u));
		}
		record_free(&d);

		for (size_t i = 0; i < n; i++) {
			f = &t[i];
			d = record_dup(r);
			set_variant(f, &d->u, 2);
			if (record_equal(r, d))
				fail_msg("%s.%s: a change is not seen",
				    tix_kind_name((enum tix_kind)kind),
				    f->name);
			for (size_t j = 0; j < n; j++)
				assert_true(field_equal(&t[j], &r->u, &d->u) ==
				    (j != i));
			record_free(&d);
		}
		/* The record's account is part of its identity. */
		d = record_dup(r);
		d->account++;
		assert_false(record_equal(r, d));
		record_free(&d);
		record_free(&r);
		assert_null(r);
	}
}

/* Set-compared fields ignore order, not content or repeats. */
static void
test_set_compare(void **state)
{
	const struct field	*t, *f;
	struct record		*a, *b;
	struct strv		*sv;
	char			*tmp;
	size_t			 n;

	(void)state;
	for (int kind = 0; kind < TIX_KIND_COUNT; kind++) {
		t = field_table((enum tix_kind)kind, &n);
		for (size_t i = 0; i < n; i++) {
			f = &t[i];
			if (f->cmp != FIELD_CMP_SET)
				continue;
			a = full_record((enum tix_kind)kind);
			b = record_dup(a);
			sv = field_ptr(f, &b->u);
			assert_int_equal(sv->n, 2);
			tmp = sv->v[0];
			sv->v[0] = sv->v[1];
			sv->v[1] = tmp;
			assert_true(record_equal(a, b));
			/* {x, x} is not {x, second}. */
			free(sv->v[0]);
			sv->v[0] = xstrdup(sv->v[1]);
			assert_false(record_equal(a, b));
			record_free(&a);
			record_free(&b);
		}
	}
	/* Tags are set-compared: the ticket's tags row says so. */
	assert_int_equal(field_ticket[FIELD_TICKET_TAGS].cmp, FIELD_CMP_SET);
}

/* Every text field of every kind goes through the sanitizer. */
static void
test_sanitize_each_field(void **state)
{
	static const char	 hostile[] = "a\x1b[31mb\nc\xe2\x80\xae" "d";
	const struct field	*t, *f;
	struct record		*r;
	struct strv		*sv;
	const char		*got;
	size_t			 n;

	(void)state;
	for (int kind = 0; kind < TIX_KIND_COUNT; kind++) {
		t = field_table((enum tix_kind)kind, &n);
		for (size_t i = 0; i < n; i++) {
			f = &t[i];
			if (!is_string_type(f->type) &&
			    f->type != FIELD_STRV && f->type != FIELD_POINTS)
				continue;
			r = full_record((enum tix_kind)kind);
			set_field(f, &r->u, hostile, 1);
			if (f->type == FIELD_STRV)
				/* Nothing left after sanitizing: dropped. */
				strv_add(field_ptr(f, &r->u), "\x1b[0m");
			record_sanitize(r);
			if (f->type == FIELD_STRV) {
				sv = field_ptr(f, &r->u);
				assert_int_equal(sv->n, 1);
				got = sv->v[0];
			} else if (f->type == FIELD_POINTS) {
				got = (*points_at(f, &r->u))[0].value;
			} else
				got = *str_at(f, &r->u);
			/* Escapes and bidi overrides go; lines stay in text. */
			if (f->type == FIELD_TEXT)
				assert_string_equal(got, "ab\ncd");
			else
				assert_string_equal(got, "ab cd");
			record_free(&r);
		}
	}
}

/* Check that a JSON member holds the value of field f in obj. */
static void
want_json_value(const struct field *f, const void *obj, const cJSON *m)
{
	const void		*v = field_cptr(f, obj);
	const struct strv	*sv;
	const cJSON		*item;
	char			 iso[21];
	const char		*s;
	size_t			 i;

	switch (f->type) {
	case FIELD_STRING:
	case FIELD_TEXT:
	case FIELD_ID:
	case FIELD_REF:
		assert_true(cJSON_IsString(m));
		assert_string_equal(m->valuestring, *(char *const *)v);
		break;
	case FIELD_STATUS:
		assert_true(cJSON_IsString(m));
		assert_string_equal(m->valuestring,
		    tix_status_name(*(const enum tix_status *)v));
		break;
	case FIELD_PRIORITY:
		assert_true(cJSON_IsString(m));
		s = tix_priority_name(*(const enum tix_priority *)v);
		assert_string_equal(m->valuestring, s);
		break;
	case FIELD_STRV:
		sv = v;
		assert_true(cJSON_IsArray(m));
		assert_int_equal(cJSON_GetArraySize(m), sv->n);
		for (i = 0; i < sv->n; i++)
			assert_string_equal(cJSON_GetArrayItem(m,
			    (int)i)->valuestring, sv->v[i]);
		break;
	case FIELD_POINTS:
		assert_true(cJSON_IsArray(m));
		assert_int_equal(cJSON_GetArraySize(m), 1);
		item = cJSON_GetArrayItem(m, 0);
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(item,
		    f->json_item)->valuestring,
		    (*(struct contact_point *const *)v)[0].value);
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(item,
		    "type")->valuestring,
		    (*(struct contact_point *const *)v)[0].type);
		break;
	case FIELD_BOOL:
		assert_true(cJSON_IsBool(m));
		assert_true(cJSON_IsTrue(m) == *(const bool *)v);
		break;
	case FIELD_TIME:
		tix_time_format(*(const int64_t *)v, iso);
		assert_true(cJSON_IsString(m));
		assert_string_equal(m->valuestring, iso);
		break;
	}
}

/* The member of a row in a record's JSON. */
static const cJSON *
json_member(const cJSON *o, const struct field *f)
{
	const cJSON	*m;

	if (f->json_in != NULL)
		o = cJSON_GetObjectItemCaseSensitive(o, f->json_in);
	assert_non_null(o);
	m = cJSON_GetObjectItemCaseSensitive(o, f->json);
	if (m == NULL)
		fail_msg("no JSON member %s%s%s", f->json_in != NULL ?
		    f->json_in : "", f->json_in != NULL ? "." : "", f->json);
	return m;
}

/*
 * Every field with a JSON name is in the record's JSON, with its value;
 * the members are the table's, in its order, then account and provider.
 */
static void
test_json_each_field(void **state)
{
	const struct field	*t, *f;
	struct record		*r;
	cJSON			*o;
	const cJSON		*m;
	const char		*last_in;
	size_t			 n, i;

	(void)state;
	json_init();
	for (int kind = 0; kind < TIX_KIND_COUNT; kind++) {
		t = field_table((enum tix_kind)kind, &n);
		for (int variant = 1; variant <= 2; variant++) {
			r = record_new((enum tix_kind)kind, 0);
			for (i = 0; i < n; i++)
				set_variant(&t[i], &r->u, variant);
			o = json_from_record(r, "acme", "demo");
			for (i = 0; i < n; i++) {
				if (t[i].json != NULL)
					want_json_value(&t[i], &r->u,
					    json_member(o, &t[i]));
			}

			/* Order: plain rows, their objects, then ours. */
			m = o->child;
			last_in = NULL;
			for (i = 0; i < n; i++) {
				f = &t[i];
				if (f->json == NULL)
					continue;
				if (f->json_in == NULL) {
					assert_non_null(m);
					assert_string_equal(m->string, f->json);
				} else if (last_in == NULL ||
				    strcmp(last_in, f->json_in) != 0) {
					assert_non_null(m);
					assert_string_equal(m->string,
					    f->json_in);
					last_in = f->json_in;
				} else
					continue;
				m = m->next;
			}
			assert_string_equal(m->string, "account");
			assert_string_equal(m->next->string, "provider");
			assert_null(m->next->next);
			cJSON_Delete(o);
			record_free(&r);
		}
	}
}

/* Unset values are null (strings, times, no priority) or empty arrays. */
static void
test_json_unset(void **state)
{
	const struct field	*t, *f;
	struct record		*r;
	cJSON			*o;
	const cJSON		*m;
	size_t			 n;

	(void)state;
	json_init();
	for (int kind = 0; kind < TIX_KIND_COUNT; kind++) {
		t = field_table((enum tix_kind)kind, &n);
		r = record_new((enum tix_kind)kind, 0);
		o = json_from_record(r, NULL, NULL);
		for (size_t i = 0; i < n; i++) {
			f = &t[i];
			if (f->json == NULL)
				continue;
			m = json_member(o, f);
			if (is_string_type(f->type) ||
			    f->type == FIELD_TIME || f->type == FIELD_PRIORITY)
				assert_true(cJSON_IsNull(m));
			else if (f->type == FIELD_STRV ||
			    f->type == FIELD_POINTS)
				assert_int_equal(cJSON_GetArraySize(m), 0);
		}
		cJSON_Delete(o);
		record_free(&r);
	}
}

/*
 * Every patch bit sets its field (and nothing else but its raw
 * companion) and needs its capability; copy, merge and done cover it.
 */
static void
test_patch_each_field(void **state)
{
	const struct field	*f;
	struct record		*r, *d;
	struct patch		 p, q, m;
	struct ticket		 holder;

	(void)state;
	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if (f->patch == 0)
			continue;

		/*
		 * The new value, built in a ticket, lent to a patch
		 * (shallow) and copied from there into p (deep).
		 */
		memset(&holder, 0, sizeof holder);
		set_variant(f, &holder, 2);
		memset(&q, 0, sizeof q);
		q.fields = f->patch;
		memcpy((char *)&q + f->patch_off, field_ptr(f, &holder),
		    f->type == FIELD_STRV ? sizeof(struct strv) :
		    f->type == FIELD_STATUS ? sizeof(enum tix_status) :
		    f->type == FIELD_PRIORITY ? sizeof(enum tix_priority) :
		    sizeof(char *));
		patch_copy(&p, &q);

		r = full_record(TIX_KIND_TICKET);
		d = record_dup(r);
		patch_apply(&p, &d->u.ticket);
		assert_true(field_equal(f, &holder, &d->u.ticket));
		for (size_t j = 0; j < FIELD_TICKET_COUNT; j++) {
			if (j == i || &field_ticket[j] == f->raw)
				continue;
			assert_true(field_equal(&field_ticket[j],
			    &r->u.ticket, &d->u.ticket));
		}
		if (f->raw != NULL)
			assert_false(field_equal(f->raw, &r->u.ticket,
			    &d->u.ticket));
		record_free(&d);

		/* Without the bit, the value is not applied. */
		d = record_dup(r);
		p.fields = 0;
		patch_apply(&p, &d->u.ticket);
		assert_true(record_equal(r, d));
		p.fields = f->patch;
		record_free(&d);

		/* A copy owns its values; a merge adds the bit and value. */
		patch_copy(&q, &p);
		assert_int_equal(q.fields, f->patch);
		memset(&m, 0, sizeof m);
		patch_merge(&m, &q);
		assert_int_equal(m.fields, f->patch);
		d = record_dup(r);
		patch_apply(&m, &d->u.ticket);
		assert_true(field_equal(f, &holder, &d->u.ticket));
		record_free(&d);
		patch_done(&m);
		patch_done(&q);
		patch_done(&p);
		assert_int_equal(p.fields, 0);

		/* The capability a write of this field needs. */
		assert_int_equal(field_patch_caps(f->patch), f->cap);
		assert_ptr_equal(field_patch_refused(f->patch,
		    TIX_CAP_ALL & ~f->cap), f);
		assert_null(field_patch_refused(f->patch, f->cap));
		assert_null(field_patch_refused(f->patch, TIX_CAP_ALL));

		field_free(f, &holder);
		record_free(&r);
	}
	assert_int_equal(field_patch_caps(TIX_PATCH_ALL), WRITE_CAPS);
	assert_int_equal(field_patch_caps(0), 0);
	assert_null(field_patch_refused(TIX_PATCH_ALL, WRITE_CAPS));
}

/* Merged user text is sanitized like platform text. */
static void
test_patch_merge_sanitizes(void **state)
{
	const struct field	*f;
	struct patch		 p, m;
	char			**sp;
	struct strv		*sv;

	(void)state;
	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if (f->patch == 0 || (!is_string_type(f->type) &&
		    f->type != FIELD_STRV))
			continue;
		memset(&p, 0, sizeof p);
		memset(&m, 0, sizeof m);
		p.fields = f->patch;
		if (f->type == FIELD_STRV) {
			sv = (struct strv *)(void *)((char *)&p + f->patch_off);
			strv_add(sv, "x\x1b[2Jy");
		} else {
			sp = (char **)(void *)((char *)&p + f->patch_off);
			*sp = xstrdup("x\x1b[2Jy");
		}
		patch_merge(&m, &p);
		if (f->type == FIELD_STRV) {
			sv = (struct strv *)(void *)((char *)&m + f->patch_off);
			assert_string_equal(sv->v[0], "xy");
		} else {
			sp = (char **)(void *)((char *)&m + f->patch_off);
			assert_string_equal(*sp, "xy");
		}
		patch_done(&m);
		patch_done(&p);
	}
}

/* The raw companion: a new priority names itself, a new status clears. */
static void
test_patch_raw(void **state)
{
	struct record	*r;
	struct patch	 p;

	(void)state;
	r = record_new(TIX_KIND_TICKET, 0);
	r->u.ticket.id = xstrdup("1");
	r->u.ticket.priority = TIX_PRIORITY_NORMAL;
	r->u.ticket.priority_raw = xstrdup("Medium");
	r->u.ticket.status = TIX_STATUS_ACTIVE;
	r->u.ticket.status_raw = xstrdup("pending");

	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY|TIX_PATCH_STATUS;
	/* The same values: the platform's words stay. */
	p.priority = TIX_PRIORITY_NORMAL;
	p.status = TIX_STATUS_ACTIVE;
	patch_apply(&p, &r->u.ticket);
	assert_string_equal(r->u.ticket.priority_raw, "Medium");
	assert_string_equal(r->u.ticket.status_raw, "pending");

	p.priority = TIX_PRIORITY_URGENT;
	p.status = TIX_STATUS_CLOSED;
	patch_apply(&p, &r->u.ticket);
	assert_int_equal(r->u.ticket.priority, TIX_PRIORITY_URGENT);
	assert_string_equal(r->u.ticket.priority_raw, "urgent");
	assert_int_equal(r->u.ticket.status, TIX_STATUS_CLOSED);
	assert_null(r->u.ticket.status_raw);
	record_free(&r);
}

/* The two tickets of the filter tests. */
#define ID_A	"t1"
#define ID_B	"t2"

/* A ticket in the store, with only its id set. */
static struct record *
bare_ticket(const char *id)
{
	struct record	*r = record_new(TIX_KIND_TICKET, 0);

	r->u.ticket.id = xstrdup(id);
	return r;
}

/* Does the filter select exactly the ticket want of ID_A and ID_B? */
static void
want_only(struct store *s, const char *text, const char *want)
{
	static const char *const	 ids[] = { ID_A, ID_B };
	struct filter			*flt;
	const struct record		*r;
	struct record			*copy;
	char				*cause = NULL;
	bool				 match;

	flt = filter_parse(text, &cause);
	if (flt == NULL)
		fail_msg("filter \"%s\": %s", text, cause);
	for (size_t i = 0; i < 2; i++) {
		r = store_get(s, TIX_KIND_TICKET, 0, ids[i]);
		assert_non_null(r);
		match = filter_match(flt, s, r);
		if (match != (want != NULL && strcmp(ids[i], want) == 0))
			fail_msg("filter \"%s\": ticket %s %s", text, ids[i],
			    match ? "matches" : "does not match");
		/* A record outside the store gets the same answer. */
		copy = record_dup(r);
		assert_true(filter_match(flt, s, copy) == match);
		record_free(&copy);
	}
	filter_free(&flt);
}

/*
 * Every filter key narrows by its field: ticket ID_A has one value, ID_B
 * another, and key:value finds ID_A alone.  An id also matches by the
 * name of the record it names; "me" and "none" where the row allows.
 */
static void
test_filter_each_key(void **state)
{
	const struct field	*f, *name, *t;
	struct store		*s;
	struct record		*a, *b, *ref;
	char			*text;
	const char		*value;
	size_t			 n;

	(void)state;
	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if (f->filter == NULL)
			continue;
		s = store_new();
		store_add_account(s, 0, "acme");
		a = bare_ticket(ID_A);
		b = bare_ticket(ID_B);
		set_field(f, &a->u.ticket, "value-a", 1);
		set_field(f, &b->u.ticket, "value-b", 2);
		store_put(s, a);
		store_put(s, b);

		/* Ids match exactly; other text ignores case. */
		if (f->type == FIELD_STATUS)
			value = tix_status_name(TIX_STATUS_CLOSED);
		else if (f->type == FIELD_PRIORITY)
			value = tix_priority_name(TIX_PRIORITY_HIGH);
		else if (f->type == FIELD_REF)
			value = "value-a";
		else
			value = "VALUE-A";
		text = xasprintf("%s:%s", f->filter, value);
		want_only(s, text, ID_A);
		free(text);
		text = xasprintf("-%s:%s", f->filter, value);
		want_only(s, text, ID_B);
		free(text);

		name = f->type == FIELD_REF ? field_by_name(f->ref, "name") :
		    NULL;
		if (name != NULL) {
			/* By the name of the record the id names. */
			t = field_table(f->ref, &n);
			ref = record_new(f->ref, 0);
			set_field(&t[0], &ref->u, "value-b", 1);
			set_field(name, &ref->u, "Zebra Crossing", 1);
			store_put(s, ref);
			text = xasprintf("%s:zebra", f->filter);
			want_only(s, text, ID_B);
			free(text);
		}
		if (f->flags & FIELD_FILTER_ME) {
			ref = record_new(TIX_KIND_AGENT, 0);
			ref->u.agent.id = xstrdup("value-a");
			ref->u.agent.is_me = true;
			store_put(s, ref);
			text = xasprintf("%s:me", f->filter);
			want_only(s, text, ID_A);
			free(text);
		}
		if (f->flags & FIELD_FILTER_NONE) {
			/* Ticket ID_B loses its value. */
			b = bare_ticket(ID_B);
			b->u.ticket.updated_at = T0;
			assert_int_equal(store_put(s, b), STORE_UPDATED);
			text = xasprintf("%s:none", f->filter);
			want_only(s, text, ID_B);
			free(text);
		}
		store_free(&s);
	}
}

/*
 * Plain words search every FIELD_WORDS row: a word that only ticket ID_A
 * has in that field finds it; for an id, the words of the record named.
 */
static void
test_filter_words_each_field(void **state)
{
	const struct field	*f, *t, *g;
	struct store		*s;
	struct record		*a, *ref;
	size_t			 n;
	char			*word;

	(void)state;
	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if ((f->flags & FIELD_WORDS) == 0)
			continue;
		if (f->type != FIELD_REF) {
			/* The id row: ID_A is its own word. */
			word = f->type == FIELD_ID ? xstrdup(ID_A) :
			    xasprintf("zq%zu", i);
			s = store_new();
			store_add_account(s, 0, "acme");
			a = bare_ticket(ID_A);
			set_field(f, &a->u.ticket, word, 1);
			store_put(s, a);
			store_put(s, bare_ticket(ID_B));
			want_only(s, word, ID_A);
			free(word);
			store_free(&s);
			continue;
		}
		t = field_table(f->ref, &n);
		for (size_t j = 0; j < n; j++) {
			g = &t[j];
			if ((g->flags & FIELD_WORDS) == 0 || g->type == FIELD_ID)
				continue;
			s = store_new();
			store_add_account(s, 0, "acme");
			word = xasprintf("zq%zu-%zu", i, j);
			ref = record_new(f->ref, 0);
			set_field(&t[0], &ref->u, "r1", 1);
			set_field(g, &ref->u, word, 1);
			store_put(s, ref);
			a = bare_ticket(ID_A);
			set_field(f, &a->u.ticket, "r1", 1);
			store_put(s, a);
			store_put(s, bare_ticket(ID_B));
			want_only(s, word, ID_A);
			free(word);
			store_free(&s);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_dup_equal_each_field),
		cmocka_unit_test(test_set_compare),
		cmocka_unit_test(test_sanitize_each_field),
		cmocka_unit_test(test_json_each_field),
		cmocka_unit_test(test_json_unset),
		cmocka_unit_test(test_patch_each_field),
		cmocka_unit_test(test_patch_merge_sanitizes),
		cmocka_unit_test(test_patch_raw),
		cmocka_unit_test(test_filter_each_key),
		cmocka_unit_test(test_filter_words_each_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
