/*
 * The REST kit's reading half (see rest.h): field maps, levels, and the
 * rules every record follows whatever its platform.  Pure: nothing here
 * does I/O.  Text is copied raw; the store sanitizes it.
 */

#include "config.h"

#include "providers/rest.h"
#include "providers/rest_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/html.h"
#include "core/log.h"
#include "core/xmalloc.h"

static enum tix_err	 rest_member_read(const struct rest *, const char *,
			    const cJSON *, const struct rest_field *, void *,
			    char **);

const cJSON *
rest_member(const cJSON *o, const char *path)
{
	const char	*dot;
	char		 name[64];
	size_t		 n;

	for (dot = strchr(path, '.'); dot != NULL; dot = strchr(path, '.')) {
		n = (size_t)(dot - path);
		if (n >= sizeof name)
			return NULL;
		memcpy(name, path, n);
		name[n] = '\0';
		o = cJSON_GetObjectItemCaseSensitive(o, name);
		path = dot + 1;
	}
	return cJSON_GetObjectItemCaseSensitive(o, path);
}

/* A JSON integer in *out; false for anything else. */
bool
rest_number(const cJSON *v, long *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
	    v->valuedouble < -1e15 || v->valuedouble > 1e15)
		return false;
	*out = (long)v->valuedouble;
	return true;
}

const struct rest_level *
rest_level_find(const struct rest_level *levels, size_t n, const cJSON *v)
{
	long	number;

	for (size_t i = 0; i < n; i++) {
		if (cJSON_IsString(v) && levels[i].number == 0 &&
		    strcmp(levels[i].name, v->valuestring) == 0)
			return &levels[i];
		if (rest_number(v, &number) && number != 0 &&
		    levels[i].number == number)
			return &levels[i];
	}
	return NULL;
}

/*
 * A level member: the level and the platform's own word for it.  An
 * unknown status is ACTIVE (a ticket hidden by mistake is worse than
 * one shown), an unknown priority none; the word is kept either way.
 */
static bool
rest_level_read(const struct rest *r, const cJSON *v,
    const struct rest_field *f, void *field)
{
	const struct rest_level	*l;
	char			**raw = (char **)(void *)((char *)field -
				    f->offset + f->aux);
	long			 number = 0;
	int			 level;
	bool			 words = false, numbers = false;

	/* A platform's levels are words or numbers: the other is wrong. */
	for (size_t i = 0; i < f->nlevels; i++) {
		words |= f->levels[i].number == 0;
		numbers |= f->levels[i].number != 0;
	}
	if (!(words && cJSON_IsString(v)) && !(numbers &&
	    rest_number(v, &number)))
		return false;
	l = rest_level_find(f->levels, f->nlevels, v);
	level = l != NULL ? l->level : f->conv == REST_STATUS ?
	    (int)TIX_STATUS_ACTIVE : (int)TIX_PRIORITY_NONE;
	if (f->conv == REST_STATUS)
		*(enum tix_status *)field = (enum tix_status)level;
	else
		*(enum tix_priority *)field = (enum tix_priority)level;
	free(*raw);
	*raw = NULL;
	/* The account's own label first: custom statuses, renamed ones. */
	for (size_t i = 0; f->conv == REST_STATUS && number != 0 &&
	    i < r->nlabels && *raw == NULL; i++) {
		if (r->labels[i].number == number)
			*raw = xstrdup(r->labels[i].name);
	}
	if (*raw == NULL && cJSON_IsString(v))
		*raw = xstrdup(v->valuestring);
	else if (*raw == NULL && l != NULL)
		*raw = xstrdup(l->name);
	else if (*raw == NULL)
		*raw = xasprintf("%ld", number);
	return true;
}

/* Add contact points from a string or an array of strings. */
static bool
rest_points_read(const cJSON *v, const struct rest_field *f, void *field)
{
	struct contact_point	**pv = field;
	size_t			 *n = (size_t *)(void *)((char *)field -
				    f->offset + f->aux);
	const cJSON		 *e;

	if (!cJSON_IsString(v) && !cJSON_IsArray(v))
		return false;
	for (e = cJSON_IsArray(v) ? v->child : v; e != NULL;
	    e = cJSON_IsArray(v) ? e->next : NULL) {
		if (!cJSON_IsString(e) || e->valuestring[0] == '\0')
			continue;
		*pv = xreallocarray(*pv, *n + 1, sizeof **pv);
		(*pv)[*n].value = xstrdup(e->valuestring);
		(*pv)[*n].type = xstrdup_opt(f->type);
		(*n)++;
	}
	return true;
}

/* Does the field hold a value already (the first member wins)? */
static bool
rest_field_set(const struct rest_field *f, const void *field)
{
	switch (f->conv) {
	case REST_STRING:
	case REST_HTML:
	case REST_ID:
	case REST_NAME:
	case REST_AUTHOR:
		return *(char *const *)field != NULL;
	case REST_TIME:
		return *(const int64_t *)field != 0;
	case REST_STRV:
		return ((const struct strv *)field)->n > 0;
	case REST_STATUS:
	case REST_PRIORITY:
		return *(char *const *)(const void *)((const char *)field -
		    f->offset + f->aux) != NULL;
	case REST_BOOL:
	case REST_NOT_BOOL:
	case REST_POINT:
		break;
	}
	return false;
}

/* Read one member by its converter into *field. */
static enum tix_err
rest_member_read(const struct rest *r, const char *what, const cJSON *v,
    const struct rest_field *f, void *field, char **cause)
{
	static const char *const expect[] = {
		[REST_STRING] = "a string",
		[REST_HTML] = "a string",
		[REST_ID] = "an id",
		[REST_TIME] = "an ISO-8601 time",
		[REST_STRV] = "an array of strings",
		[REST_BOOL] = "true or false",
		[REST_NOT_BOOL] = "true or false",
		[REST_POINT] = "a string or an array of them",
		[REST_STATUS] = "a status",
		[REST_PRIORITY] = "a priority",
		[REST_NAME] = "a number or a string",
		[REST_AUTHOR] = "an id",
	};
	char		 id[JSON_ID_MAX];
	const cJSON	*e;
	int64_t		 t;
	long		 n;

	switch (f->conv) {
	case REST_STRING:
		if (!cJSON_IsString(v))
			break;
		*(char **)field = xstrdup(v->valuestring);
		return TIX_OK;
	case REST_HTML:
		if (!cJSON_IsString(v))
			break;
		*(char **)field = html_to_text(v->valuestring, TIX_MAX_FIELD,
		    NULL);
		return TIX_OK;
	case REST_ID:
	case REST_AUTHOR:
		if (json_id_text(v, id) != 1)
			break;
		*(char **)field = xstrdup(id);
		return TIX_OK;
	case REST_TIME:
		if (!cJSON_IsString(v) || tix_time_parse(v->valuestring, &t) !=
		    0)
			break;
		*(int64_t *)field = t;
		return TIX_OK;
	case REST_STRV:
		if (!cJSON_IsArray(v))
			break;
		/* Items that are not text, or empty, are left out. */
		cJSON_ArrayForEach(e, v) {
			if (cJSON_IsString(e) && e->valuestring[0] != '\0')
				strv_add(field, e->valuestring);
		}
		return TIX_OK;
	case REST_BOOL:
	case REST_NOT_BOOL:
		if (!cJSON_IsBool(v))
			break;
		*(bool *)field = (cJSON_IsTrue(v) != 0) !=
		    (f->conv == REST_NOT_BOOL);
		return TIX_OK;
	case REST_POINT:
		if (!rest_points_read(v, f, field))
			break;
		return TIX_OK;
	case REST_STATUS:
	case REST_PRIORITY:
		if (!rest_level_read(r, v, f, field))
			break;
		return TIX_OK;
	case REST_NAME:
		if (cJSON_IsString(v) && v->valuestring[0] != '\0')
			*(char **)field = xstrdup(v->valuestring);
		else if (rest_number(v, &n) && n >= 0 &&
		    (size_t)n < f->nnames && f->names[n] != NULL)
			*(char **)field = xstrdup(f->names[n]);
		else if (rest_number(v, &n))
			*(char **)field = xasprintf("%ld", n);
		else
			break;
		return TIX_OK;
	}
	return tix_fail(cause, TIX_ERR_PARSE, "%s %s: \"%s\" is not %s",
	    r->pf->name, what, f->member, expect[f->conv]);
}

enum tix_err
rest_map_read(const struct rest *r, const char *what, const cJSON *o,
    const struct rest_field *fields, size_t nfields, void *base,
    char **cause)
{
	const struct rest_field	*f;
	const cJSON		*v;
	void			*field;
	char			*why;
	enum tix_err		 err;

	if (!cJSON_IsObject(o))
		return tix_fail(cause, TIX_ERR_PARSE, "%s %s is not an "
		    "object", r->pf->name, what);
	for (size_t i = 0; i < nfields; i++) {
		f = &fields[i];
		field = (char *)base + f->offset;
		v = rest_member(o, f->member);
		if (v == NULL || cJSON_IsNull(v)) {
			if (f->required && !rest_field_set(f, field))
				return tix_fail(cause, TIX_ERR_PARSE,
				    "%s %s without \"%s\"", r->pf->name,
				    what, f->member);
			continue;
		}
		if (rest_field_set(f, field))
			continue;
		why = NULL;
		err = rest_member_read(r, what, v, f, field, &why);
		if (err != TIX_OK && (f->required || f->strict)) {
			tix_fail(cause, err, "%s", why);
			free(why);
			return err;
		}
		/* An optional member that is not what it should be: absent. */
		if (err != TIX_OK)
			log_debug("%s (read as absent)", why);
		free(why);
	}
	return TIX_OK;
}

/* What every record of a kind starts as before its fields are read. */
static void
rest_record_defaults(struct record *rec)
{
	switch (rec->kind) {
	case TIX_KIND_NOTE:
		/* Public unless the platform says internal. */
		rec->u.note.is_public = true;
		break;
	case TIX_KIND_CATEGORY:
		rec->u.category.is_active = true;
		break;
	case TIX_KIND_TICKET:
	case TIX_KIND_CUSTOMER:
	case TIX_KIND_AGENT:
	default:
		break;
	}
}

/* The rules every record follows, after its platform read it. */
static void
rest_record_rules(const struct rest *r, struct record *rec,
    const char *ticket_id)
{
	struct ticket	*t = &rec->u.ticket;
	struct note	*n = &rec->u.note;

	switch (rec->kind) {
	case TIX_KIND_TICKET:
		/*
		 * closed_at is when it was closed, for a closed ticket only;
		 * a platform that does not say gives its last change.
		 */
		if (t->status != TIX_STATUS_CLOSED)
			t->closed_at = 0;
		else if (t->closed_at == 0)
			t->closed_at = t->updated_at;
		/* The agent UI's page for it, derived from the id. */
		if (r->web_base != NULL && r->pf->ticket_url != NULL) {
			free(t->url);
			t->url = xasprintf("%s%s%s", r->web_base,
			    r->pf->ticket_url, t->id);
		}
		break;
	case TIX_KIND_AGENT:
		rec->u.agent.is_me = r->me[0] != '\0' &&
		    strcmp(r->me, rec->u.agent.id) == 0;
		break;
	case TIX_KIND_NOTE:
		if (n->ticket_id == NULL)
			n->ticket_id = xstrdup_opt(ticket_id);
		if (n->updated_at == 0)
			n->updated_at = n->created_at;
		if (n->description == NULL)
			n->description = xstrdup("");
		/* The author: an agent if one of them, else the customer. */
		if (n->user_id != NULL && !rest_is_agent(r, n->user_id)) {
			n->customer_id = n->user_id;
			n->user_id = NULL;
		}
		break;
	case TIX_KIND_CUSTOMER:
	case TIX_KIND_CATEGORY:
	default:
		break;
	}
}

enum tix_err
rest_record_read(const struct rest *r, enum tix_kind kind, const cJSON *o,
    const char *ticket_id, struct record **out, char **cause)
{
	const struct rest_kind	*k = &r->pf->kinds[kind];
	struct record		*rec;
	enum tix_err		 err;

	*out = NULL;
	if (k->fields == NULL)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED, "%s has no %s "
		    "records", r->pf->name, tix_kind_name(kind));
	rec = record_new(kind, r->account->index);
	rest_record_defaults(rec);
	err = rest_map_read(r, k->what, o, k->fields, k->nfields, &rec->u,
	    cause);
	if (err == TIX_OK && k->finish != NULL)
		err = k->finish(r, o, rec, cause);
	if (err != TIX_OK) {
		record_free(&rec);
		return err;
	}
	rest_record_rules(r, rec, ticket_id);
	*out = rec;
	return TIX_OK;
}
