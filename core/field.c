/*
 * The field tables of the model and the operations on one field of any
 * type (see core/field.h).
 */

#include "config.h"

#include "core/field.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/provider.h"
#include "core/text.h"
#include "core/xmalloc.h"

#define T(m)	offsetof(struct ticket, m)
#define P(m)	offsetof(struct patch, m)

const struct field field_ticket[FIELD_TICKET_COUNT] = {
	[FIELD_TICKET_ID] = {
		.name = "id", .label = "id", .type = FIELD_ID,
		.off = T(id), .json = "id", .flags = FIELD_WORDS,
		.list = { .title = "Ticket", .width = 9 },
	},
	[FIELD_TICKET_SUBJECT] = {
		.name = "subject", .label = "subject", .type = FIELD_STRING,
		.off = T(subject), .json = "subject", .flags = FIELD_WORDS,
		.list = { .title = "Subject", .width = 20 },
	},
	[FIELD_TICKET_DESCRIPTION] = {
		.name = "description", .label = "description",
		.type = FIELD_TEXT, .off = T(description),
		.json = "description",
	},
	[FIELD_TICKET_STATUS] = {
		.name = "status", .label = "status", .type = FIELD_STATUS,
		.off = T(status), .json = "status",
		.patch = TIX_PATCH_STATUS, .patch_off = P(status),
		.cap = TIX_CAP_WRITE_STATUS,
		.raw = &field_ticket[FIELD_TICKET_STATUS_RAW],
		.filter = "status",
		.list = { .title = "Status", .width = 10 },
	},
	[FIELD_TICKET_PRIORITY] = {
		.name = "priority", .label = "priority",
		.type = FIELD_PRIORITY, .off = T(priority),
		.json = "priority",
		.patch = TIX_PATCH_PRIORITY, .patch_off = P(priority),
		.cap = TIX_CAP_WRITE_PRIORITY,
		.raw = &field_ticket[FIELD_TICKET_PRIORITY_RAW],
		.filter = "priority",
		.list = { .title = "Prio", .width = 7 },
	},
	[FIELD_TICKET_CUSTOMER] = {
		.name = "customer_id", .label = "customer", .type = FIELD_REF,
		.ref = TIX_KIND_CUSTOMER, .off = T(customer_id),
		.json = "customer_id", .flags = FIELD_WORDS,
		.list = { .title = "Customer", .width = 14 },
	},
	[FIELD_TICKET_ASSIGNEE] = {
		.name = "user_id", .label = "assignee", .type = FIELD_REF,
		.ref = TIX_KIND_AGENT, .off = T(user_id), .json = "user_id",
		.patch = TIX_PATCH_ASSIGNEE, .patch_off = P(user_id),
		.cap = TIX_CAP_WRITE_ASSIGNEE,
		.filter = "assignee",
		.flags = FIELD_FILTER_ME|FIELD_FILTER_NONE,
		.list = { .title = "Assignee", .width = 11 },
	},
	[FIELD_TICKET_CATEGORY] = {
		.name = "category_id", .label = "category", .type = FIELD_REF,
		.ref = TIX_KIND_CATEGORY, .off = T(category_id),
		.json = "category_id",
		.patch = TIX_PATCH_CATEGORY, .patch_off = P(category_id),
		.cap = TIX_CAP_WRITE_CATEGORY,
		.filter = "category",
		.list = { .title = "Category", .width = 12 },
	},
	[FIELD_TICKET_TAGS] = {
		.name = "tags", .label = "tags", .type = FIELD_STRV,
		.off = T(tags), .cmp = FIELD_CMP_SET, .json = "tags",
		.flags = FIELD_WORDS,
		.patch = TIX_PATCH_TAGS, .patch_off = P(tags),
		.cap = TIX_CAP_WRITE_TAGS,
		.filter = "tag",
	},
	[FIELD_TICKET_SOURCE] = {
		.name = "source", .label = "source", .type = FIELD_STRING,
		.off = T(source), .json = "source",
	},
	[FIELD_TICKET_URL] = {
		.name = "url", .label = "url", .type = FIELD_STRING,
		.off = T(url), .json = "url",
	},
	[FIELD_TICKET_CREATED] = {
		.name = "created_at", .label = "created", .type = FIELD_TIME,
		.off = T(created_at), .json = "created_at",
	},
	[FIELD_TICKET_UPDATED] = {
		.name = "updated_at", .label = "updated", .type = FIELD_TIME,
		.off = T(updated_at), .json = "updated_at",
		.list = { .title = "Age", .width = 4 },
	},
	[FIELD_TICKET_CLOSED] = {
		.name = "closed_at", .label = "closed", .type = FIELD_TIME,
		.off = T(closed_at), .json = "closed_at",
	},
	[FIELD_TICKET_DUE] = {
		.name = "due_at", .label = "due", .type = FIELD_TIME,
		.off = T(due_at), .json = "due_at",
	},
	[FIELD_TICKET_STATUS_RAW] = {
		.name = "status_raw", .label = "platform status",
		.type = FIELD_STRING, .off = T(status_raw),
		.json = "status", .json_in = "raw",
	},
	[FIELD_TICKET_PRIORITY_RAW] = {
		.name = "priority_raw", .label = "platform priority",
		.type = FIELD_STRING, .off = T(priority_raw),
		.json = "priority", .json_in = "raw",
	},
};

#undef T
#undef P
#define C(m)	offsetof(struct customer, m)

static const struct field field_customer[] = {
	{ .name = "id", .label = "id", .type = FIELD_ID, .off = C(id),
	  .json = "id" },
	{ .name = "name", .label = "name", .type = FIELD_STRING,
	  .off = C(name), .json = "name", .flags = FIELD_WORDS },
	{ .name = "emails", .label = "e-mails", .type = FIELD_POINTS,
	  .off = C(emails), .count_off = C(nemails), .json = "emails",
	  .json_item = "email", .flags = FIELD_WORDS },
	{ .name = "telephones", .label = "telephones", .type = FIELD_POINTS,
	  .off = C(telephones), .count_off = C(ntelephones),
	  .json = "telephones", .json_item = "telephone" },
	{ .name = "tags", .label = "tags", .type = FIELD_STRV, .off = C(tags),
	  .cmp = FIELD_CMP_SET, .json = "tags" },
	{ .name = "created_at", .label = "created", .type = FIELD_TIME,
	  .off = C(created_at), .json = "created_at" },
	{ .name = "updated_at", .label = "updated", .type = FIELD_TIME,
	  .off = C(updated_at), .json = "updated_at" },
};

#undef C
#define N(m)	offsetof(struct note, m)

static const struct field field_note[] = {
	{ .name = "id", .label = "id", .type = FIELD_ID, .off = N(id),
	  .json = "id" },
	{ .name = "ticket_id", .label = "ticket", .type = FIELD_REF,
	  .ref = TIX_KIND_TICKET, .off = N(ticket_id), .json = "ticket_id" },
	{ .name = "customer_id", .label = "customer", .type = FIELD_REF,
	  .ref = TIX_KIND_CUSTOMER, .off = N(customer_id),
	  .json = "customer_id" },
	{ .name = "user_id", .label = "author", .type = FIELD_REF,
	  .ref = TIX_KIND_AGENT, .off = N(user_id), .json = "user_id" },
	{ .name = "description", .label = "text", .type = FIELD_TEXT,
	  .off = N(description), .json = "description" },
	{ .name = "is_public", .label = "public", .type = FIELD_BOOL,
	  .off = N(is_public), .json = "is_public" },
	{ .name = "created_at", .label = "created", .type = FIELD_TIME,
	  .off = N(created_at), .json = "created_at" },
	{ .name = "updated_at", .label = "updated", .type = FIELD_TIME,
	  .off = N(updated_at), .json = "updated_at" },
};

#undef N
#define K(m)	offsetof(struct category, m)

static const struct field field_category[] = {
	{ .name = "id", .label = "id", .type = FIELD_ID, .off = K(id),
	  .json = "id" },
	{ .name = "name", .label = "name", .type = FIELD_STRING,
	  .off = K(name), .json = "name" },
	{ .name = "description", .label = "description", .type = FIELD_TEXT,
	  .off = K(description), .json = "description" },
	{ .name = "parent_id", .label = "parent", .type = FIELD_REF,
	  .ref = TIX_KIND_CATEGORY, .off = K(parent_id),
	  .json = "parent_id" },
	{ .name = "is_active", .label = "active", .type = FIELD_BOOL,
	  .off = K(is_active), .json = "is_active" },
};

#undef K
#define A(m)	offsetof(struct agent, m)

static const struct field field_agent[] = {
	{ .name = "id", .label = "id", .type = FIELD_ID, .off = A(id),
	  .json = "id" },
	{ .name = "name", .label = "name", .type = FIELD_STRING,
	  .off = A(name), .json = "name" },
	{ .name = "email", .label = "e-mail", .type = FIELD_STRING,
	  .off = A(email), .json = "email" },
	{ .name = "is_me", .label = "me", .type = FIELD_BOOL, .off = A(is_me),
	  .json = "is_me" },
};

#undef A

#define FIELD_N(a)	(sizeof (a) / sizeof (a)[0])

static const struct {
	const struct field	*rows;
	size_t			 n;
} field_tables[TIX_KIND_COUNT] = {
	[TIX_KIND_TICKET] = { field_ticket, FIELD_N(field_ticket) },
	[TIX_KIND_CUSTOMER] = { field_customer, FIELD_N(field_customer) },
	[TIX_KIND_NOTE] = { field_note, FIELD_N(field_note) },
	[TIX_KIND_CATEGORY] = { field_category, FIELD_N(field_category) },
	[TIX_KIND_AGENT] = { field_agent, FIELD_N(field_agent) },
};

const struct field *
field_table(enum tix_kind kind, size_t *n)
{
	if ((unsigned)kind >= TIX_KIND_COUNT) {
		*n = 0;
		return NULL;
	}
	*n = field_tables[kind].n;
	return field_tables[kind].rows;
}

const struct field *
field_by_name(enum tix_kind kind, const char *name)
{
	const struct field	*t;
	size_t			 n;

	t = field_table(kind, &n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	}
	return NULL;
}

const struct field *
field_by_patch(unsigned bit)
{
	if (bit == 0)
		return NULL;
	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		if (field_ticket[i].patch == bit)
			return &field_ticket[i];
	}
	return NULL;
}

/* Are two strings equal ignoring ASCII case? */
static bool
field_caseeq(const char *a, const char *b)
{
	unsigned char	x, y;

	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + ('a' - 'A'));
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + ('a' - 'A'));
		if (x != y)
			return false;
		if (x == '\0')
			return true;
	}
}

const struct field *
field_by_filter(const char *key)
{
	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		if (field_ticket[i].filter != NULL &&
		    field_caseeq(field_ticket[i].filter, key))
			return &field_ticket[i];
	}
	return NULL;
}

unsigned
field_patch_caps(unsigned patch_fields)
{
	unsigned	caps = 0;

	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		if (field_ticket[i].patch & patch_fields)
			caps |= field_ticket[i].cap;
	}
	return caps;
}

const struct field *
field_patch_refused(unsigned patch_fields, unsigned caps)
{
	const struct field	*f;

	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if ((f->patch & patch_fields) != 0 && (f->cap & ~caps) != 0)
			return f;
	}
	return NULL;
}

/*
 * The operations.  Each is a loop over a table with a switch on the type;
 * the per-type code is static inline here, beside the loops, and the
 * string types (most rows) are tested first with one comparison, so a
 * record costs little more than the hand-written field lists did.
 */

/* char * members: FIELD_STRING, FIELD_TEXT, FIELD_ID, FIELD_REF. */
_Static_assert(FIELD_STRING == 0 && FIELD_TEXT == 1 && FIELD_ID == 2 &&
    FIELD_REF == 3, "the string types come first in enum field_type");

static inline bool
field_is_string(enum field_type type)
{
	return type <= FIELD_REF;
}

/* The count beside a FIELD_POINTS member. */
static inline size_t *
field_count(const struct field *f, void *obj)
{
	return (size_t *)(void *)((char *)obj + f->count_off);
}

static inline size_t
field_ccount(const struct field *f, const void *obj)
{
	return *(const size_t *)(const void *)((const char *)obj +
	    f->count_off);
}

static inline bool
field_str_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* How many times s is in the vector. */
static size_t
field_strv_count(const struct strv *sv, const char *s)
{
	size_t	n = 0;

	for (size_t i = 0; i < sv->n; i++)
		n += strcmp(sv->v[i], s) == 0;
	return n;
}

/* The same strings, each as many times, in any order. */
static bool
field_strv_same_set(const struct strv *a, const struct strv *b)
{
	if (a->n != b->n)
		return false;
	if (strv_equal(a, b))
		return true;
	for (size_t i = 0; i < a->n; i++) {
		if (field_strv_count(a, a->v[i]) !=
		    field_strv_count(b, a->v[i]))
			return false;
	}
	return true;
}

/* Sanitize every string of a vector, dropping those that end up empty. */
static void
field_strv_sanitize(struct strv *sv)
{
	size_t	j = 0;

	for (size_t i = 0; i < sv->n; i++) {
		text_sanitize_field(&sv->v[i], 0);
		if (sv->v[i][0] == '\0')
			free(sv->v[i]);
		else
			sv->v[j++] = sv->v[i];
	}
	sv->n = j;
}

/* Value v (not FIELD_POINTS) becomes a deep copy of value s. */
static inline void
field_value_dup(enum field_type type, void *v, const void *s)
{
	if (field_is_string(type)) {
		*(char **)v = xstrdup_opt(*(char *const *)s);
		return;
	}
	switch (type) {
	case FIELD_STRV:
		strv_copy(v, s);
		break;
	case FIELD_STATUS:
		*(enum tix_status *)v = *(const enum tix_status *)s;
		break;
	case FIELD_PRIORITY:
		*(enum tix_priority *)v = *(const enum tix_priority *)s;
		break;
	case FIELD_BOOL:
		*(bool *)v = *(const bool *)s;
		break;
	case FIELD_TIME:
		*(int64_t *)v = *(const int64_t *)s;
		break;
	case FIELD_STRING:
	case FIELD_TEXT:
	case FIELD_ID:
	case FIELD_REF:
	case FIELD_POINTS:
		break;
	}
}

/* Release value v (not FIELD_POINTS) and zero it. */
static inline void
field_value_free(enum field_type type, void *v)
{
	if (field_is_string(type)) {
		free(*(char **)v);
		*(char **)v = NULL;
		return;
	}
	switch (type) {
	case FIELD_STRV:
		strv_done(v);
		break;
	case FIELD_STATUS:
		*(enum tix_status *)v = TIX_STATUS_ACTIVE;
		break;
	case FIELD_PRIORITY:
		*(enum tix_priority *)v = TIX_PRIORITY_NONE;
		break;
	case FIELD_BOOL:
		*(bool *)v = false;
		break;
	case FIELD_TIME:
		*(int64_t *)v = 0;
		break;
	case FIELD_STRING:
	case FIELD_TEXT:
	case FIELD_ID:
	case FIELD_REF:
	case FIELD_POINTS:
		break;
	}
}

/* Are values a and b (not FIELD_POINTS) equal, compared as cmp says? */
static inline bool
field_value_equal(enum field_type type, enum field_cmp cmp, const void *a,
    const void *b)
{
	if (field_is_string(type))
		return field_str_equal(*(char *const *)a, *(char *const *)b);
	switch (type) {
	case FIELD_STRV:
		if (cmp == FIELD_CMP_SET)
			return field_strv_same_set(a, b);
		return strv_equal(a, b);
	case FIELD_STATUS:
		return *(const enum tix_status *)a ==
		    *(const enum tix_status *)b;
	case FIELD_PRIORITY:
		return *(const enum tix_priority *)a ==
		    *(const enum tix_priority *)b;
	case FIELD_BOOL:
		return *(const bool *)a == *(const bool *)b;
	case FIELD_TIME:
		return *(const int64_t *)a == *(const int64_t *)b;
	case FIELD_STRING:
	case FIELD_TEXT:
	case FIELD_ID:
	case FIELD_REF:
	case FIELD_POINTS:
		break;
	}
	return false;
}

/* Sanitize value v (not FIELD_POINTS): text keeps its lines. */
static inline void
field_value_sanitize(enum field_type type, void *v)
{
	if (field_is_string(type))
		text_sanitize_field(v, type == FIELD_TEXT ? TEXT_MULTILINE : 0);
	else if (type == FIELD_STRV)
		field_strv_sanitize(v);
}

/* The FIELD_POINTS cases of the four operations. */
static void
field_points_dup(const struct field *f, void *dst, const void *src)
{
	const struct contact_point	*s;
	struct contact_point		*d;
	size_t				 n;

	s = *(struct contact_point *const *)field_cptr(f, src);
	n = field_ccount(f, src);
	d = n == 0 ? NULL : xcalloc(n, sizeof *d);
	for (size_t i = 0; i < n; i++) {
		d[i].value = xstrdup_opt(s[i].value);
		d[i].type = xstrdup_opt(s[i].type);
	}
	*(struct contact_point **)field_ptr(f, dst) = d;
	*field_count(f, dst) = n;
}

static void
field_points_free(const struct field *f, void *obj)
{
	struct contact_point	**pv = field_ptr(f, obj);
	size_t			 *pn = field_count(f, obj);

	for (size_t i = 0; i < *pn; i++) {
		free((*pv)[i].value);
		free((*pv)[i].type);
	}
	free(*pv);
	*pv = NULL;
	*pn = 0;
}

static bool
field_points_equal(const struct field *f, const void *a, const void *b)
{
	const struct contact_point	*x, *y;
	size_t				 n;

	n = field_ccount(f, a);
	if (n != field_ccount(f, b))
		return false;
	x = *(struct contact_point *const *)field_cptr(f, a);
	y = *(struct contact_point *const *)field_cptr(f, b);
	for (size_t i = 0; i < n; i++) {
		if (!field_str_equal(x[i].value, y[i].value) ||
		    !field_str_equal(x[i].type, y[i].type))
			return false;
	}
	return true;
}

static void
field_points_sanitize(const struct field *f, void *obj)
{
	struct contact_point	*v = *(struct contact_point **)field_ptr(f,
				    obj);
	size_t			 n = *field_count(f, obj);

	for (size_t i = 0; i < n; i++) {
		text_sanitize_field(&v[i].value, 0);
		text_sanitize_field(&v[i].type, 0);
	}
}

/* One field of a record's struct. */
static inline void
field_one_dup(const struct field *f, void *dst, const void *src)
{
	if (f->type == FIELD_POINTS)
		field_points_dup(f, dst, src);
	else
		field_value_dup(f->type, field_ptr(f, dst),
		    field_cptr(f, src));
}

static inline void
field_one_free(const struct field *f, void *obj)
{
	if (f->type == FIELD_POINTS)
		field_points_free(f, obj);
	else
		field_value_free(f->type, field_ptr(f, obj));
}

static inline bool
field_one_equal(const struct field *f, const void *a, const void *b)
{
	if (f->type == FIELD_POINTS)
		return field_points_equal(f, a, b);
	return field_value_equal(f->type, f->cmp, field_cptr(f, a),
	    field_cptr(f, b));
}

static inline void
field_one_sanitize(const struct field *f, void *obj)
{
	if (f->type == FIELD_POINTS)
		field_points_sanitize(f, obj);
	else
		field_value_sanitize(f->type, field_ptr(f, obj));
}

void
field_dup(const struct field *f, void *dst, const void *src)
{
	field_one_dup(f, dst, src);
}

void
field_free(const struct field *f, void *obj)
{
	field_one_free(f, obj);
}

bool
field_equal(const struct field *f, const void *a, const void *b)
{
	return field_one_equal(f, a, b);
}

void
field_sanitize(const struct field *f, void *obj)
{
	field_one_sanitize(f, obj);
}

void
field_record_dup(enum tix_kind kind, void *dst, const void *src)
{
	const struct field	*t;
	size_t			 n;

	t = field_table(kind, &n);
	for (size_t i = 0; i < n; i++)
		field_one_dup(&t[i], dst, src);
}

void
field_record_free(enum tix_kind kind, void *obj)
{
	const struct field	*t;
	size_t			 n;

	t = field_table(kind, &n);
	for (size_t i = 0; i < n; i++)
		field_one_free(&t[i], obj);
}

bool
field_record_equal(enum tix_kind kind, const void *a, const void *b)
{
	const struct field	*t;
	size_t			 n;

	t = field_table(kind, &n);
	for (size_t i = 0; i < n; i++) {
		if (!field_one_equal(&t[i], a, b))
			return false;
	}
	return true;
}

void
field_record_sanitize(enum tix_kind kind, void *obj)
{
	const struct field	*t;
	size_t			 n;

	t = field_table(kind, &n);
	for (size_t i = 0; i < n; i++)
		field_one_sanitize(&t[i], obj);
}

/* Patches: the ticket rows with a patch bit; the value at patch_off. */

static inline void *
field_patch_ptr(const struct field *f, struct patch *p)
{
	return (char *)p + f->patch_off;
}

static inline const void *
field_patch_cptr(const struct field *f, const struct patch *p)
{
	return (const char *)p + f->patch_off;
}

/* What the raw companion of a level becomes when a patch changes it. */
static char *
field_raw_after_patch(const struct field *f, const void *v)
{
	if (f->type == FIELD_PRIORITY)
		return xstrdup(tix_priority_name(*(const enum tix_priority *)v));
	return NULL;
}

void
field_patch_apply(const struct patch *p, struct ticket *t)
{
	const struct field	*f;
	void			*v;
	const void		*pv;
	char			**raw;
	bool			 changed;

	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if ((f->patch & p->fields) == 0)
			continue;
		v = field_ptr(f, t);
		pv = field_patch_cptr(f, p);
		changed = !field_value_equal(f->type, FIELD_CMP_EXACT, v, pv);
		field_value_free(f->type, v);
		field_value_dup(f->type, v, pv);
		if (f->raw != NULL && changed) {
			raw = field_ptr(f->raw, t);
			free(*raw);
			*raw = field_raw_after_patch(f, v);
		}
	}
}

bool
field_patch_held(const struct patch *p, const struct ticket *t)
{
	const struct field	*f;

	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if ((f->patch & p->fields) != 0 && !field_value_equal(f->type,
		    f->cmp, field_cptr(f, t), field_patch_cptr(f, p)))
			return false;
	}
	return true;
}

void
field_patch_copy(struct patch *dst, const struct patch *src)
{
	const struct field	*f;

	*dst = *src;
	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if (f->patch != 0)
			field_value_dup(f->type, field_patch_ptr(f, dst),
			    field_patch_cptr(f, src));
	}
}

void
field_patch_merge(struct patch *dst, const struct patch *src)
{
	const struct field	*f;
	void			*v;

	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if ((f->patch & src->fields) == 0)
			continue;
		v = field_patch_ptr(f, dst);
		field_value_free(f->type, v);
		field_value_dup(f->type, v, field_patch_cptr(f, src));
		field_value_sanitize(f->type, v);
	}
	dst->fields |= src->fields & TIX_PATCH_ALL;
}

void
field_patch_done(struct patch *p)
{
	const struct field	*f;

	for (size_t i = 0; i < FIELD_TICKET_COUNT; i++) {
		f = &field_ticket[i];
		if (f->patch != 0)
			field_value_free(f->type, field_patch_ptr(f, p));
	}
	memset(p, 0, sizeof *p);
}
