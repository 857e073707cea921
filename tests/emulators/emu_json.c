/*
 * JSON helpers shared by the platform codecs: timestamps, ids and
 * strings that may be null, resource URLs, string arrays, and the
 * checked readers for request bodies.
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* Add an ISO 8601 UTC timestamp, or null for 0. */
void
emu_json_time(cJSON *o, const char *name, time_t t)
{
	char	buf[32];

	if (t == 0)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddStringToObject(o, name,
		    emu_time_iso(t, buf, sizeof buf));
}

/* Add an id, or null for 0. */
void
emu_json_id(cJSON *o, const char *name, int64_t id)
{
	cJSON_AddItemToObject(o, name, emu_json_id_value(id));
}

/* Add a string, or null. */
void
emu_json_str(cJSON *o, const char *name, const char *s)
{
	cJSON_AddItemToObject(o, name, emu_json_str_value(s));
}

/* Add "url": http://HOST/api/v2/WHAT/ID[SUFFIX]. */
void
emu_json_url(cJSON *o, struct emu_req *req, const char *what, int64_t id,
    const char *suffix)
{
	char	*url;

	url = xasprintf("http://%s/api/v2/%s/%lld%s", req->host, what,
	    (long long)id, suffix != NULL ? suffix : "");
	cJSON_AddStringToObject(o, "url", url);
	free(url);
}

/* A new JSON array of strings. */
cJSON *
emu_json_strv(char *const *v, size_t n)
{
	cJSON	*a;
	size_t	 i;

	a = cJSON_CreateArray();
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

/* A string or null as a new JSON value. */
cJSON *
emu_json_str_value(const char *s)
{
	return s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* An id or null as a new JSON value. */
cJSON *
emu_json_id_value(int64_t id)
{
	return id != 0 ? cJSON_CreateNumber((double)id) : cJSON_CreateNull();
}

/* Read an id-or-null member: 1 set (0 for null), 0 absent, -1 invalid. */
int
emu_json_get_id(cJSON *o, const char *name, int64_t *out)
{
	cJSON	*v;

	v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (v == NULL)
		return 0;
	if (cJSON_IsNull(v)) {
		*out = 0;
		return 1;
	}
	if (!cJSON_IsNumber(v) || v->valuedouble < 1 ||
	    v->valuedouble > 9007199254740992.0)
		return -1;
	*out = (int64_t)v->valuedouble;
	return 1;
}

/* Is v an array of strings? */
int
emu_json_is_strings(cJSON *v)
{
	cJSON	*e;

	if (!cJSON_IsArray(v))
		return 0;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e))
			return 0;
	}
	return 1;
}

/* Is v true, or the string "true" (as some clients send flags)? */
int
emu_json_true(cJSON *v)
{
	return cJSON_IsTrue(v) || (cJSON_IsString(v) &&
	    strcmp(v->valuestring, "true") == 0);
}

/*
 * The strings of an array of strings, borrowed from it (free only the
 * vector).  *n gets the count.
 */
char **
emu_json_strv_borrow(cJSON *v, size_t *n)
{
	char	**list;
	cJSON	*e;
	size_t	 i = 0;

	*n = (size_t)cJSON_GetArraySize(v);
	list = xcalloc(*n + 1, sizeof *list);
	cJSON_ArrayForEach(e, v)
		list[i++] = e->valuestring;
	return list;
}

/* Replace a ticket's tags with an array of strings (checked by the caller). */
void
emu_json_set_tags(struct emu_ticket *t, cJSON *v)
{
	char	**list;
	size_t	 n;

	list = emu_json_strv_borrow(v, &n);
	emu_data_set_tags(t, list, n);
	free(list);
}

/*
 * Answer status with a flat error object: {NAME1: VALUE1, NAME2: VALUE2},
 * the second member left out when its value is NULL.
 */
void
emu_json_error(struct emu_resp *resp, unsigned status, const char *name1,
    const char *value1, const char *name2, const char *value2)
{
	cJSON	*root;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, name1, value1);
	if (value2 != NULL)
		cJSON_AddStringToObject(root, name2, value2);
	emu_resp_json(resp, status, root);
}

/*
 * Add the members of a constant JSON object literal to o: the fields a
 * shape always sends with the same value, written as data.
 */
void
emu_json_const(cJSON *o, const char *literal)
{
	cJSON	*c, *e;

	c = cJSON_Parse(literal);
	if (!cJSON_IsObject(c))
		fatalx("emu_json_const: bad literal");
	while (c->child != NULL) {
		e = cJSON_DetachItemViaPointer(c, c->child);
		cJSON_AddItemToObject(o, e->string, e);
	}
	cJSON_Delete(c);
}
