/*
 * Records as JSON in the Unified field names, for the scripting CLI, and
 * the cJSON allocation hooks.  The shapes are documented in json.h; the
 * members are the rows of the field tables (core/field.c) with a JSON
 * name, in table order.
 */

#include "config.h"

#include "core/json.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/field.h"
#include "core/xmalloc.h"

/*
 * The arena this thread parses into (json_parse_in), or NULL: cJSON's
 * hooks are process-wide, the arena is the calling thread's own.
 */
static _Thread_local struct arena	*json_arena;

/* cJSON's malloc hook: never NULL; cJSON may ask for zero bytes. */
static void *
json_malloc(size_t size)
{
	if (json_arena != NULL)
		return arena_alloc(json_arena, size);
	return xmalloc(size == 0 ? 1 : size);
}

/* Inside json_parse_in() everything cJSON frees is the arena's. */
static void
json_free(void *p)
{
	if (json_arena == NULL)
		free(p);
}

/* Install the hooks so a cJSON allocation failure is fatal, not NULL. */
void
json_init(void)
{
	cJSON_Hooks	hooks = { json_malloc, json_free };

	cJSON_InitHooks(&hooks);
}

cJSON *
json_parse_in(struct arena *a, const char *s, size_t len)
{
	cJSON	*root;

	json_arena = a;
	root = cJSON_ParseWithLength(s, len);
	json_arena = NULL;
	return root;
}

/* A string, or null for an absent one. */
cJSON *
json_string_or_null(const char *s)
{
	if (s == NULL)
		return cJSON_CreateNull();
	return cJSON_CreateString(s);
}

/* An ISO-8601 UTC time, or null for "not set". */
cJSON *
json_time(int64_t t)
{
	char	buf[21];

	if (t == 0)
		return cJSON_CreateNull();
	tix_time_format(t, buf);
	return cJSON_CreateString(buf);
}

/* Add a string-or-null member. */
static void
json_add_string(cJSON *o, const char *key, const char *s)
{
	cJSON_AddItemToObject(o, key, json_string_or_null(s));
}

/* Add a time member. */
static void
json_add_time(cJSON *o, const char *key, int64_t t)
{
	cJSON_AddItemToObject(o, key, json_time(t));
}

/* Add an array of strings (tags). */
static void
json_add_strv(cJSON *o, const char *key, const struct strv *sv)
{
	cJSON	*a;
	size_t	 i;

	a = cJSON_CreateArray();
	for (i = 0; i < sv->n; i++)
		cJSON_AddItemToArray(a, json_string_or_null(sv->v[i]));
	cJSON_AddItemToObject(o, key, a);
}

/* Add an array of {valuekey: value, type: type} (emails, telephones). */
static void
json_add_points(cJSON *o, const char *key, const char *valuekey,
    const struct contact_point *p, size_t n)
{
	cJSON	*a, *item;
	size_t	 i;

	a = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		item = cJSON_CreateObject();
		json_add_string(item, valuekey, p[i].value);
		json_add_string(item, "type", p[i].type);
		cJSON_AddItemToArray(a, item);
	}
	cJSON_AddItemToObject(o, key, a);
}

/* The object a row's member goes in: o, or its json_in object in o. */
static cJSON *
json_parent(cJSON *o, const struct field *f)
{
	cJSON	*in;

	if (f->json_in == NULL)
		return o;
	in = cJSON_GetObjectItemCaseSensitive(o, f->json_in);
	if (in == NULL) {
		in = cJSON_CreateObject();
		cJSON_AddItemToObject(o, f->json_in, in);
	}
	return in;
}

/* Add the member of one field of obj (a struct of the row's kind). */
static void
json_add_field(cJSON *o, const struct field *f, const void *obj)
{
	const void		*v = field_cptr(f, obj);
	const char		*s;
	enum tix_priority	 prio;

	o = json_parent(o, f);
	switch (f->type) {
	case FIELD_STRING:
	case FIELD_TEXT:
	case FIELD_ID:
	case FIELD_REF:
		json_add_string(o, f->json, *(char *const *)v);
		break;
	case FIELD_STATUS:
		json_add_string(o, f->json,
		    tix_status_name(*(const enum tix_status *)v));
		break;
	case FIELD_PRIORITY:
		/* No level is null, not "". */
		prio = *(const enum tix_priority *)v;
		s = tix_priority_name(prio);
		json_add_string(o, f->json,
		    (prio == TIX_PRIORITY_NONE || *s == '\0') ? NULL : s);
		break;
	case FIELD_STRV:
		json_add_strv(o, f->json, v);
		break;
	case FIELD_POINTS:
		json_add_points(o, f->json, f->json_item,
		    *(const struct contact_point *const *)v,
		    *(const size_t *)(const void *)((const char *)obj +
		    f->count_off));
		break;
	case FIELD_BOOL:
		cJSON_AddItemToObject(o, f->json,
		    cJSON_CreateBool(*(const bool *)v));
		break;
	case FIELD_TIME:
		json_add_time(o, f->json, *(const int64_t *)v);
		break;
	}
}

/* One record as a Unified-style object with account and provider. */
cJSON *
json_from_record(const struct record *rec, const char *account,
    const char *provider)
{
	const struct field	*t;
	cJSON			*o;
	size_t			 n;

	o = cJSON_CreateObject();
	t = field_table(rec->kind, &n);
	for (size_t i = 0; i < n; i++) {
		if (t[i].json != NULL)
			json_add_field(o, &t[i], &rec->u);
	}
	json_add_string(o, "account", account);
	json_add_string(o, "provider", provider);
	return o;
}

/* Pretty-print one value and a newline. */
int
json_write(FILE *f, const cJSON *item)
{
	char	*s;
	int	 rc = 0;

	s = cJSON_Print(item);
	if (s == NULL)
		return -1;
	if (fputs(s, f) == EOF || fputc('\n', f) == EOF)
		rc = -1;
	cJSON_free(s);
	return rc;
}

bool
json_id_valid(const char *s)
{
	size_t		 n;
	long long	 v;
	char		*end;

	if (s == NULL)
		return false;
	n = strspn(s, "0123456789");
	if (n == 0 || n > 16 || s[n] != '\0' || s[0] == '0')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0' && v > 0 && v < JSON_ID_LIMIT;
}

int
json_id_text(const cJSON *v, char buf[JSON_ID_MAX])
{
	double	d;

	buf[0] = '\0';
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble;
	if (!isfinite(d) || d < 1.0 || d >= (double)JSON_ID_LIMIT ||
	    d != floor(d))
		return -1;
	xsnprintf(buf, JSON_ID_MAX, "%lld", (long long)d);
	return 1;
}
