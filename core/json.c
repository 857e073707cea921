/*
 * Records as JSON in the Unified field names, for the scripting CLI, and
 * the cJSON allocation hooks.  The shapes are documented in json.h.
 */

#include "config.h"

#include "core/json.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* cJSON's malloc hook: never NULL; cJSON may ask for zero bytes. */
static void *
json_malloc(size_t size)
{
	return xmalloc(size == 0 ? 1 : size);
}

/* Install the hooks so a cJSON allocation failure is fatal, not NULL. */
void
json_init(void)
{
	cJSON_Hooks	hooks = { json_malloc, free };

	cJSON_InitHooks(&hooks);
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

/* The ticket members. */
static void
json_add_ticket(cJSON *o, const struct ticket *t)
{
	const char	*prio;
	cJSON		*raw;

	json_add_string(o, "id", t->id);
	json_add_string(o, "subject", t->subject);
	json_add_string(o, "description", t->description);
	json_add_string(o, "status", tix_status_name(t->status));
	prio = tix_priority_name(t->priority);
	json_add_string(o, "priority",
	    (t->priority == TIX_PRIORITY_NONE || prio == NULL ||
	    *prio == '\0') ? NULL : prio);
	json_add_string(o, "customer_id", t->customer_id);
	json_add_string(o, "user_id", t->user_id);
	json_add_string(o, "category_id", t->category_id);
	json_add_strv(o, "tags", &t->tags);
	json_add_string(o, "source", t->source);
	json_add_string(o, "url", t->url);
	json_add_time(o, "created_at", t->created_at);
	json_add_time(o, "updated_at", t->updated_at);
	json_add_time(o, "closed_at", t->closed_at);
	json_add_time(o, "due_at", t->due_at);

	raw = cJSON_CreateObject();
	json_add_string(raw, "status", t->status_raw);
	json_add_string(raw, "priority", t->priority_raw);
	cJSON_AddItemToObject(o, "raw", raw);
}

/* The customer members. */
static void
json_add_customer(cJSON *o, const struct customer *c)
{
	json_add_string(o, "id", c->id);
	json_add_string(o, "name", c->name);
	json_add_points(o, "emails", "email", c->emails, c->nemails);
	json_add_points(o, "telephones", "telephone", c->telephones,
	    c->ntelephones);
	json_add_strv(o, "tags", &c->tags);
	json_add_time(o, "created_at", c->created_at);
	json_add_time(o, "updated_at", c->updated_at);
}

/* The note members. */
static void
json_add_note(cJSON *o, const struct note *n)
{
	json_add_string(o, "id", n->id);
	json_add_string(o, "ticket_id", n->ticket_id);
	json_add_string(o, "customer_id", n->customer_id);
	json_add_string(o, "user_id", n->user_id);
	json_add_string(o, "description", n->description);
	cJSON_AddItemToObject(o, "is_public", cJSON_CreateBool(n->is_public));
	json_add_time(o, "created_at", n->created_at);
	json_add_time(o, "updated_at", n->updated_at);
}

/* The category members. */
static void
json_add_category(cJSON *o, const struct category *c)
{
	json_add_string(o, "id", c->id);
	json_add_string(o, "name", c->name);
	json_add_string(o, "description", c->description);
	json_add_string(o, "parent_id", c->parent_id);
	cJSON_AddItemToObject(o, "is_active", cJSON_CreateBool(c->is_active));
}

/* The agent members. */
static void
json_add_agent(cJSON *o, const struct agent *a)
{
	json_add_string(o, "id", a->id);
	json_add_string(o, "name", a->name);
	json_add_string(o, "email", a->email);
	cJSON_AddItemToObject(o, "is_me", cJSON_CreateBool(a->is_me));
}

/* One record as a Unified-style object with account and provider. */
cJSON *
json_from_record(const struct record *rec, const char *account,
    const char *provider)
{
	cJSON	*o;

	o = cJSON_CreateObject();
	switch (rec->kind) {
	case TIX_KIND_TICKET:
		json_add_ticket(o, &rec->u.ticket);
		break;
	case TIX_KIND_CUSTOMER:
		json_add_customer(o, &rec->u.customer);
		break;
	case TIX_KIND_NOTE:
		json_add_note(o, &rec->u.note);
		break;
	case TIX_KIND_CATEGORY:
		json_add_category(o, &rec->u.category);
		break;
	case TIX_KIND_AGENT:
		json_add_agent(o, &rec->u.agent);
		break;
	case TIX_KIND_COUNT:
		break;
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
