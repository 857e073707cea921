/*
 * Zendesk Support (Ticketing API v2): the provider glue and its thin I/O
 * layer.  Paths, bodies and normalization are pure functions in
 * zendesk_json.c; this file reads the account's config, holds the HTTP
 * client and the little state the API needs between calls, and sends.
 *
 * Config ([account NAME] with provider = zendesk; see tix-config(5)):
 *	subdomain = acme		https://acme.zendesk.com/api/v2
 *	url = http://127.0.0.1:8080/api/v2	or an explicit API base
 *	email = agent@acme.com		the API-token user
 *	auth = token | oauth		default token: Basic "EMAIL/token:T";
 *					oauth: "Authorization: Bearer T"
 *	token_cmd / token_env / token	the API or OAuth token (core/secret)
 *	category = group | field:ID	what a tix category is (default group)
 *	ca_file = /path/ca.pem		CAs to trust instead of the system's
 *
 * Reads.  The first load lists tickets with cursor pagination
 * (/tickets.json?page[size]=100), which any agent may use; polls with a
 * watermark use the cursor-based incremental export, which returns only
 * what changed but is for admins only and limited to 10 requests a
 * minute (card 1.2, 1.3 [verified]).  When the export is refused (403:
 * not an admin) polls fall back to tickets sorted by -updated_at, read
 * until the watermark.
 *
 * Writes.  Updates send safe_update with the updated_at last seen for
 * the ticket (kept per id from every ticket read), so a change made by
 * someone else in between is a 409 conflict rather than silently
 * overwritten (card 1.7 [verified]).  Notes are comments added by a
 * ticket update; the request is never repeated here when its outcome is
 * unknown (the session looks before sending again).
 */

#include "config.h"

#include "providers/registry.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "core/conf.h"
#include "core/error.h"
#include "core/http.h"
#include "core/log.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/secret.h"
#include "core/xmalloc.h"
#include "providers/zendesk_json.h"

#define ZD_MAP_BUCKETS	4096
/*
 * Exports leave out the last minute's changes and may refuse a too
 * recent start_time (card 1.3 [verified] for the first; the second is
 * [uncertain], from Zendesk's "Too recent start_time" error): start at
 * least this many seconds back.
 */
#define ZD_EXPORT_LAG	61

/* A small map from ids to times. */
struct zd_map_entry {
	char			*key;
	int64_t			 value;
	struct zd_map_entry	*next;
};

struct zd_map {
	struct zd_map_entry	**bucket;
	size_t			  n;
};

/* One account's state, from configure() to close(). */
struct zendesk {
	char			*api_base;
	char			*web_base;
	char			*email;		/* NULL for auth = oauth */
	char			*secret;
	bool			 oauth;
	char			*field_id;	/* category = field:ID */
	const char		*ca_file;	/* owned by the config */

	struct http_client	*http;
	char			 me_id[JSON_ID_MAX];
	bool			 no_export;	/* the export said 403 */
	bool			 agents_known;
	struct zd_map		 agents;	/* ids of agents and admins */
	struct zd_map		 stamps;	/* ticket id -> updated_at */
};

static enum tix_err	 zendesk_configure(struct account *, char **);
static enum tix_err	 zendesk_open(struct account *, char **);
static enum tix_err	 zendesk_list(struct account *, enum tix_kind,
			    const struct query *, struct page *, char **);
static enum tix_err	 zendesk_get(struct account *, enum tix_kind,
			    const char *, struct record **, char **);
static enum tix_err	 zendesk_create(struct account *,
			    const struct record *, struct record **, bool *,
			    char **);
static enum tix_err	 zendesk_update(struct account *, const char *,
			    const struct patch *, struct record **, bool *,
			    char **);
static void		 zendesk_close(struct account *);

const struct tix_provider_ops provider_zendesk = {
	.name = "zendesk",
	.title = "Zendesk Support",
	.caps = TIX_CAP_ALL,
	.configure = zendesk_configure,
	.open = zendesk_open,
	.list = zendesk_list,
	.get = zendesk_get,
	.create = zendesk_create,
	.update = zendesk_update,
	.close = zendesk_close,
};

/* The keys an account section may have, so a typo is an error. */
static const char *const zd_keys[] = {
	"provider", "subdomain", "url", "email", "auth", "token",
	"token_cmd", "token_env", "category", "ca_file", NULL
};

/* FNV-1a over an id, for the map. */
static size_t
zd_map_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % ZD_MAP_BUCKETS;
}

/* Set key to value, adding it when new. */
static void
zd_map_set(struct zd_map *m, const char *key, int64_t value)
{
	struct zd_map_entry	*e;
	size_t			 h;

	if (m->bucket == NULL)
		m->bucket = xcalloc(ZD_MAP_BUCKETS, sizeof *m->bucket);
	h = zd_map_hash(key);
	for (e = m->bucket[h]; e != NULL; e = e->next) {
		if (strcmp(e->key, key) == 0) {
			e->value = value;
			return;
		}
	}
	e = xcalloc(1, sizeof *e);
	e->key = xstrdup(key);
	e->value = value;
	e->next = m->bucket[h];
	m->bucket[h] = e;
	m->n++;
}

/* The value of key; false when it is not there. */
static bool
zd_map_get(const struct zd_map *m, const char *key, int64_t *value)
{
	const struct zd_map_entry	*e;

	if (m->bucket == NULL)
		return false;
	for (e = m->bucket[zd_map_hash(key)]; e != NULL; e = e->next) {
		if (strcmp(e->key, key) == 0) {
			if (value != NULL)
				*value = e->value;
			return true;
		}
	}
	return false;
}

/* Remove key if it is there. */
static void
zd_map_del(struct zd_map *m, const char *key)
{
	struct zd_map_entry	**ep, *e;

	if (m->bucket == NULL)
		return;
	for (ep = &m->bucket[zd_map_hash(key)]; *ep != NULL;
	    ep = &(*ep)->next) {
		if (strcmp((*ep)->key, key) == 0) {
			e = *ep;
			*ep = e->next;
			free(e->key);
			free(e);
			m->n--;
			return;
		}
	}
}

/* Empty the map and free it. */
static void
zd_map_clear(struct zd_map *m)
{
	struct zd_map_entry	*e, *next;

	if (m->bucket == NULL)
		return;
	for (size_t i = 0; i < ZD_MAP_BUCKETS; i++) {
		for (e = m->bucket[i]; e != NULL; e = next) {
			next = e->next;
			free(e->key);
			free(e);
		}
	}
	free(m->bucket);
	m->bucket = NULL;
	m->n = 0;
}

/* The comment-author test zendesk_json.c asks through zd_ctx. */
static bool
zd_is_agent(void *arg, const char *id)
{
	struct zendesk	*z = arg;

	return zd_map_get(&z->agents, id, NULL);
}

/* The normalization context for the account. */
static void
zd_ctx_init(struct account *a, struct zd_ctx *ctx)
{
	struct zendesk	*z = a->priv;

	memset(ctx, 0, sizeof *ctx);
	ctx->account = a->index;
	ctx->web_base = z->web_base;
	ctx->field_id = z->field_id;
	ctx->me_id = z->me_id[0] != '\0' ? z->me_id : NULL;
	ctx->is_agent = zd_is_agent;
	ctx->arg = z;
}

/* "FILE:LINE: [account NAME]: key 'KEY': message", for config errors. */
static enum tix_err
zd_config_fail(const struct config_section *sec, const char *key,
    char **cause, const char *msg)
{
	char		*label;
	enum tix_err	 err;

	label = config_section_label(sec);
	err = tix_fail(cause, TIX_ERR_INVALID, "%s:%u: %s: key '%s': %s",
	    sec->file, config_line_of(sec, key), label, key, msg);
	free(label);
	return err;
}

/* Refuse keys Zendesk accounts do not have. */
static enum tix_err
zd_config_keys(const struct config_section *sec, char **cause)
{
	const char	*key, *value;
	size_t		 i, k;

	for (i = 0; i < sec->nentries; i++) {
		config_key_at(sec, i, &key, &value);
		for (k = 0; zd_keys[k] != NULL; k++) {
			if (strcmp(zd_keys[k], key) == 0)
				break;
		}
		if (zd_keys[k] == NULL)
			return zd_config_fail(sec, key, cause,
			    "not a Zendesk account setting");
	}
	return TIX_OK;
}

/* Where the API is: subdomain, or url for sandboxes, proxies, tests. */
static enum tix_err
zd_config_base(const struct config_section *sec, struct zendesk *z,
    char **cause)
{
	const char	*sub, *url;
	char		*inner = NULL;
	size_t		 n;
	enum tix_err	 err;

	sub = config_get(sec, "subdomain");
	url = config_get(sec, "url");
	if (sub != NULL && url != NULL)
		return zd_config_fail(sec, "url", cause,
		    "set subdomain or url, not both");
	if (url != NULL) {
		n = strlen(url);
		while (n > 0 && url[n - 1] == '/')
			n--;
		z->api_base = xstrndup(url, n);
		err = http_check_base_url(z->api_base, &inner);
		if (err != TIX_OK) {
			err = zd_config_fail(sec, "url", cause,
			    inner != NULL ? inner : "bad URL");
			free(inner);
			return err;
		}
	} else {
		err = config_require(sec, "subdomain", &sub, cause);
		if (err != TIX_OK)
			return err;
		z->api_base = zd_api_base(sub);
		if (z->api_base == NULL)
			return zd_config_fail(sec, "subdomain", cause,
			    "expected the name before .zendesk.com "
			    "(letters, digits and -)");
	}
	z->web_base = http_web_origin(z->api_base);
	return TIX_OK;
}

/* Check the section and keep what open() needs; runs token_cmd. */
static enum tix_err
zendesk_configure(struct account *a, char **cause)
{
	const struct config_section	*sec = a->config;
	struct zendesk			*z;
	const char			*auth, *email, *cat;
	enum tix_err			 err;

	zendesk_close(a);
	if (sec == NULL)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk account %s has no config", a->name);
	z = xcalloc(1, sizeof *z);
	a->priv = z;
	if ((err = zd_config_keys(sec, cause)) != TIX_OK)
		return err;
	if ((err = zd_config_base(sec, z, cause)) != TIX_OK)
		return err;

	auth = config_get(sec, "auth");
	if (auth == NULL || strcmp(auth, "token") == 0)
		z->oauth = false;
	else if (strcmp(auth, "oauth") == 0)
		z->oauth = true;
	else
		return zd_config_fail(sec, "auth", cause,
		    "expected token or oauth");
	if (!z->oauth) {
		err = config_require(sec, "email", &email, cause);
		if (err != TIX_OK)
			return err;
		/* Basic auth's user is "EMAIL/token" (card 1.1 [verified]). */
		if (strchr(email, '@') == NULL || strchr(email, ':') != NULL)
			return zd_config_fail(sec, "email", cause,
			    "expected the agent's e-mail address");
		z->email = xstrdup(email);
	}

	cat = config_get(sec, "category");
	if (cat != NULL && strncmp(cat, "field:", 6) == 0) {
		if (!json_id_valid(cat + 6))
			return zd_config_fail(sec, "category", cause,
			    "expected field:ID with a ticket field's number");
		z->field_id = xstrdup(cat + 6);
	} else if (cat != NULL && strcmp(cat, "group") != 0)
		return zd_config_fail(sec, "category", cause,
		    "expected group or field:ID");
	z->ca_file = config_get(sec, "ca_file");

	/* The same secret name for both kinds of token. */
	return secret_resolve(sec, "token", &z->secret, cause);
}

/*
 * Send one request and parse the JSON answer into *out (when out is not
 * NULL).  *tries, when not NULL, gets how many attempts were made.
 */
static enum tix_err
zd_call(struct account *a, const char *method, const char *path,
    const char *body, bool idempotent, cJSON **out, unsigned *tries,
    char **cause)
{
	struct zendesk		*z = a->priv;
	struct http_request	 req;
	struct http_response	 resp;
	enum tix_err		 err;

	if (out != NULL)
		*out = NULL;
	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	req.method = method;
	req.path = path;
	req.body = body;
	req.body_len = body != NULL ? strlen(body) : 0;
	req.idempotent = idempotent;
	err = http_request(z->http, &req, &resp, cause);
	if (tries != NULL)
		*tries = resp.tries;
	if (err != TIX_OK || out == NULL)
		goto out;
	*out = cJSON_ParseWithLength(resp.body, resp.body_len);
	if (*out == NULL) {
		/* Never the body itself: it may be anything. */
		err = tix_fail(cause, TIX_ERR_PARSE, "Zendesk sent %zu bytes "
		    "that are not JSON for %s %.*s", resp.body_len, method,
		    (int)strcspn(path, "?"), path);
	}
out:
	http_response_done(&resp);
	return err;
}

/* Fail unless open() succeeded. */
static enum tix_err
zd_ready(struct account *a, char **cause)
{
	struct zendesk	*z = a->priv;

	if (z == NULL || z->http == NULL)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk account %s is not open", a->name);
	return TIX_OK;
}

/* Drop what open() set up; the configuration stays. */
static void
zd_disconnect(struct zendesk *z)
{
	http_client_free(&z->http);
	z->me_id[0] = '\0';
	z->no_export = false;
	z->agents_known = false;
	zd_map_clear(&z->agents);
	zd_map_clear(&z->stamps);
}

/* Connect, check the credentials with /users/me, remember "me". */
static enum tix_err
zendesk_open(struct account *a, char **cause)
{
	struct zendesk		*z;
	struct http_options	 o;
	cJSON			*root = NULL;
	char			*user, *inner = NULL;
	enum tix_err		 err;

	/* Opened without configure() (a test, or after close()). */
	if (a->priv == NULL) {
		err = zendesk_configure(a, cause);
		if (err != TIX_OK)
			return err;
	}
	z = a->priv;
	zd_disconnect(z);

	memset(&o, 0, sizeof o);
	o.base_url = z->api_base;
	o.ca_file = z->ca_file;
	o.log_name = a->name;
	o.cancel = &a->cancel;
	z->http = http_client_new(&o);
	if (z->oauth)
		http_client_set_bearer(z->http, z->secret);
	else {
		user = xasprintf("%s/token", z->email);
		http_client_set_basic(z->http, user, z->secret);
		free(user);
	}

	err = zd_call(a, "GET", "/users/me.json", NULL, true, &root, NULL,
	    &inner);
	if (err == TIX_ERR_AUTH)
		tix_fail(cause, err, "Zendesk refused the %s (%s)",
		    z->oauth ? "OAuth token" : "e-mail and API token",
		    inner != NULL ? inner : "HTTP 401");
	else if (err != TIX_OK)
		tix_fail(cause, err, "%s", inner != NULL ? inner :
		    tix_err_name(err));
	else
		err = zd_parse_me(root, z->me_id, cause);
	if (err == TIX_OK) {
		/* "me" writes notes: its comments are an agent's. */
		zd_map_set(&z->agents, z->me_id, 0);
		log_debug("zendesk %s: open as user %s", a->name, z->me_id);
	}
	free(inner);
	cJSON_Delete(root);
	return err;
}

/* Remember the updated_at of tickets handed out, for safe_update. */
static void
zd_note_stamps(struct zendesk *z, struct record **records, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (records[i]->kind == TIX_KIND_TICKET &&
		    records[i]->u.ticket.updated_at != 0)
			zd_map_set(&z->stamps, records[i]->u.ticket.id,
			    records[i]->u.ticket.updated_at);
	}
}

/* Fetch one page of a list as r asks, parsed into out. */
static enum tix_err
zd_list_page(struct account *a, const struct zd_list_req *r,
    struct page *out, char **cause)
{
	struct zendesk	*z = a->priv;
	struct zd_ctx	 ctx;
	cJSON		*root = NULL;
	char		*path = NULL;
	enum tix_err	 err;

	err = zd_list_path(r, &path, cause);
	if (err == TIX_OK)
		err = zd_call(a, "GET", path, NULL, true, &root, NULL, cause);
	if (err == TIX_OK) {
		zd_ctx_init(a, &ctx);
		err = zd_parse_page(root, r, &ctx, out, cause);
	}
	if (err == TIX_OK && r->kind == TIX_KIND_AGENT) {
		for (size_t i = 0; i < out->n; i++)
			zd_map_set(&z->agents, out->records[i]->u.agent.id, 0);
	}
	if (err == TIX_OK)
		zd_note_stamps(z, out->records, out->n);
	if (err != TIX_OK)
		page_done(out);
	cJSON_Delete(root);
	free(path);
	return err;
}

/* Learn every agent's id once, so comment authors map right. */
static enum tix_err
zd_agents_load(struct account *a, char **cause)
{
	struct zendesk		*z = a->priv;
	struct zd_list_req	 r;
	struct page		 pg;
	char			*next = NULL;
	enum tix_err		 err = TIX_OK;

	if (z->agents_known)
		return TIX_OK;
	memset(&r, 0, sizeof r);
	r.kind = TIX_KIND_AGENT;
	r.walk = ZD_WALK_PAGE;
	do {
		memset(&pg, 0, sizeof pg);
		err = zd_list_page(a, &r, &pg, cause);
		free(next);
		next = pg.next_cursor;
		pg.next_cursor = NULL;
		page_done(&pg);
		if (err != TIX_OK)
			break;
		r.after = next != NULL ? next + 2 : NULL;	/* "c:" */
	} while (next != NULL);
	free(next);
	if (err == TIX_OK)
		z->agents_known = true;
	return err;
}

/* List a page of records changed at or after q->updated_since. */
static enum tix_err
zendesk_list(struct account *a, enum tix_kind kind, const struct query *q,
    struct page *out, char **cause)
{
	struct zendesk		*z = a->priv;
	struct zd_list_req	 r;
	int64_t			 latest;
	enum tix_err		 err;

	memset(out, 0, sizeof *out);
	if ((err = zd_ready(a, cause)) != TIX_OK)
		return err;
	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.since = q->updated_since;
	r.ticket_id = q->ticket_id;
	r.field_id = z->field_id;
	r.limit = q->limit;
	if (q->cursor != NULL) {
		if (zd_cursor_split(q->cursor, &r.walk, &r.after) != 0)
			return tix_fail(cause, TIX_ERR_INVALID,
			    "not a Zendesk cursor");
	} else if (kind == TIX_KIND_CATEGORY && z->field_id != NULL)
		r.walk = ZD_WALK_FIELD;
	else if ((kind == TIX_KIND_TICKET || kind == TIX_KIND_CUSTOMER) &&
	    q->updated_since > 0 && !z->no_export)
		r.walk = ZD_WALK_EXPORT;
	else if (kind == TIX_KIND_TICKET && q->updated_since > 0)
		r.walk = ZD_WALK_RECENT;
	else
		r.walk = ZD_WALK_PAGE;

	if (r.walk == ZD_WALK_EXPORT && r.after == NULL) {
		latest = (int64_t)time(NULL) - ZD_EXPORT_LAG;
		if (r.since > latest)
			r.since = latest;
	}
	if (kind == TIX_KIND_NOTE && (err = zd_agents_load(a, cause)) !=
	    TIX_OK)
		return err;
	err = zd_list_page(a, &r, out, cause);
	if (err == TIX_ERR_FORBIDDEN && r.walk == ZD_WALK_EXPORT &&
	    r.after == NULL) {
		/* Exports are for admins (card 1.2 [verified]). */
		log_debug("zendesk %s: export refused, listing instead",
		    a->name);
		z->no_export = true;
		if (cause != NULL)
			xfree(cause);
		r.walk = kind == TIX_KIND_TICKET ? ZD_WALK_RECENT :
		    ZD_WALK_PAGE;
		r.since = q->updated_since;
		err = zd_list_page(a, &r, out, cause);
	}
	if (err == TIX_OK && kind == TIX_KIND_AGENT && out->next_cursor ==
	    NULL && q->cursor == NULL)
		z->agents_known = true;
	return err;
}

/* GET one object at path and normalize the member name with fn. */
static enum tix_err
zd_get_one(struct account *a, const char *path, const char *name,
    enum tix_kind kind, struct record **out, char **cause)
{
	struct zendesk	*z = a->priv;
	struct zd_ctx	 ctx;
	cJSON		*root = NULL, *o;
	enum tix_err	 err;

	err = zd_call(a, "GET", path, NULL, true, &root, NULL, cause);
	if (err != TIX_OK)
		return err;
	zd_ctx_init(a, &ctx);
	o = cJSON_GetObjectItemCaseSensitive(root, name);
	switch (kind) {
	case TIX_KIND_TICKET:
		err = zd_parse_ticket(o, &ctx, out, cause);
		if (err == TIX_OK)
			zd_note_stamps(z, out, 1);
		break;
	case TIX_KIND_CUSTOMER:
		err = zd_parse_customer(o, &ctx, out, cause);
		break;
	case TIX_KIND_AGENT:
		err = zd_parse_agent(o, &ctx, out, cause);
		break;
	default:
		err = zd_parse_group(o, &ctx, out, cause);
		break;
	}
	cJSON_Delete(root);
	return err;
}

/* One field option by its value (category = field:ID). */
static enum tix_err
zd_get_option(struct account *a, const char *id, struct record **out,
    char **cause)
{
	struct zendesk		*z = a->priv;
	struct zd_list_req	 r;
	struct page		 pg;
	enum tix_err		 err;

	memset(&r, 0, sizeof r);
	memset(&pg, 0, sizeof pg);
	r.kind = TIX_KIND_CATEGORY;
	r.walk = ZD_WALK_FIELD;
	r.field_id = z->field_id;
	if ((err = zd_list_page(a, &r, &pg, cause)) != TIX_OK)
		return err;
	for (size_t i = 0; i < pg.n && *out == NULL; i++) {
		if (strcmp(pg.records[i]->u.category.id, id) == 0)
			*out = record_dup(pg.records[i]);
	}
	page_done(&pg);
	if (*out == NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "Zendesk field %s "
		    "has no option %s", z->field_id, id);
	return TIX_OK;
}

/* Fetch one record by id. */
static enum tix_err
zendesk_get(struct account *a, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	struct zendesk	*z = a->priv;
	char		*path;
	const char	*name;
	enum tix_err	 err;

	*out = NULL;
	if ((err = zd_ready(a, cause)) != TIX_OK)
		return err;
	if (kind == TIX_KIND_CATEGORY && z->field_id != NULL)
		return zd_get_option(a, id, out, cause);
	if (!json_id_valid(id))
		return tix_fail(cause, TIX_ERR_INVALID,
		    "not a Zendesk id: ids are numbers");
	switch (kind) {
	case TIX_KIND_TICKET:
		path = xasprintf("/tickets/%s.json", id);
		name = "ticket";
		break;
	case TIX_KIND_CUSTOMER:
	case TIX_KIND_AGENT:
		path = xasprintf("/users/%s.json", id);
		name = "user";
		break;
	case TIX_KIND_CATEGORY:
		path = xasprintf("/groups/%s.json", id);
		name = "group";
		break;
	default:
		/* card 1.2: comments are listed per ticket only. */
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "Zendesk has no request for one comment");
	}
	err = zd_get_one(a, path, name, kind, out, cause);
	free(path);
	return err;
}

/* Add a comment to a ticket: a public reply or an internal note. */
static enum tix_err
zd_create_note(struct account *a, const struct note *n, struct record **out,
    char **cause)
{
	struct zendesk	*z = a->priv;
	struct zd_ctx	 ctx;
	struct record	*t = NULL;
	cJSON		*root = NULL;
	char		*path = NULL, *body = NULL;
	enum tix_err	 err;

	if (!json_id_valid(n->ticket_id))
		return tix_fail(cause, TIX_ERR_INVALID,
		    "not a Zendesk ticket id");
	if (n->description == NULL || n->description[0] == '\0')
		return tix_fail(cause, TIX_ERR_INVALID, "the note is empty");
	path = xasprintf("/tickets/%s.json", n->ticket_id);
	body = zd_note_body(n->description, n->is_public);
	/*
	 * Not idempotent: sent once.  When it may have arrived, http says
	 * TIX_ERR_NETWORK and the session looks before sending again.
	 */
	err = zd_call(a, "PUT", path, body, false, &root, NULL, cause);
	if (err != TIX_OK)
		goto out;
	zd_ctx_init(a, &ctx);
	err = zd_parse_note_audit(root, n->ticket_id, &ctx, out, cause);
	if (err == TIX_OK && zd_parse_ticket(cJSON_GetObjectItemCaseSensitive(
	    root, "ticket"), &ctx, &t, NULL) == TIX_OK)
		zd_note_stamps(z, &t, 1);
out:
	record_free(&t);
	cJSON_Delete(root);
	free(body);
	free(path);
	return err;
}

/* Create a ticket, or a note on one. */
static enum tix_err
zendesk_create(struct account *a, const struct record *in,
    struct record **out, bool *maybe_sent, char **cause)
{
	struct zendesk	*z = a->priv;
	struct zd_ctx	 ctx;
	cJSON		*root = NULL;
	char		*body = NULL;
	enum tix_err	 err;

	*out = NULL;
	*maybe_sent = false;
	if ((err = zd_ready(a, cause)) != TIX_OK)
		return err;
	if (in->kind == TIX_KIND_NOTE) {
		err = zd_create_note(a, &in->u.note, out, cause);
		*maybe_sent = err == TIX_ERR_NETWORK || err == TIX_ERR_SERVER;
		return err;
	}
	if (in->kind != TIX_KIND_TICKET)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "tix creates only tickets and notes on Zendesk");
	err = zd_create_body(&in->u.ticket, z->field_id, &body, cause);
	if (err != TIX_OK)
		return err;
	/* 201 with {"ticket":...,"audit":...} (card 1.2 [verified]). */
	err = zd_call(a, "POST", "/tickets.json", body, false, &root, NULL,
	    cause);
	if (err == TIX_OK) {
		zd_ctx_init(a, &ctx);
		err = zd_parse_ticket(cJSON_GetObjectItemCaseSensitive(root,
		    "ticket"), &ctx, out, cause);
		if (err == TIX_OK)
			zd_note_stamps(z, out, 1);
	}
	cJSON_Delete(root);
	free(body);
	return err;
}

/* Tags equal as sets: Zendesk may sort them. */
static bool
zd_tags_same(const struct strv *a, const struct strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		if (!strv_has(b, a->v[i]))
			return false;
	}
	return true;
}

/* Strings equal, NULL equal to NULL. */
static bool
zd_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Does the ticket already hold what the patch asks for? */
static bool
zd_patch_applied(const struct patch *p, const struct ticket *t)
{
	if ((p->fields & TIX_PATCH_PRIORITY) && p->priority != t->priority)
		return false;
	if ((p->fields & TIX_PATCH_STATUS) && p->status != t->status)
		return false;
	if ((p->fields & TIX_PATCH_CATEGORY) &&
	    !zd_same(p->category_id, t->category_id))
		return false;
	if ((p->fields & TIX_PATCH_ASSIGNEE) &&
	    !zd_same(p->user_id, t->user_id))
		return false;
	if ((p->fields & TIX_PATCH_TAGS) && !zd_tags_same(&p->tags, &t->tags))
		return false;
	return true;
}

/* Change a ticket, guarded by safe_update. */
static enum tix_err
zendesk_update(struct account *a, const char *id, const struct patch *p,
    struct record **out, bool *maybe_sent, char **cause)
{
	struct zendesk	*z = a->priv;
	struct zd_ctx	 ctx;
	struct record	*cur = NULL;
	cJSON		*root = NULL;
	char		*path = NULL, *body = NULL, stamp[21];
	int64_t		 seen;
	unsigned	 tries = 0;
	enum tix_err	 err;

	*out = NULL;
	*maybe_sent = false;
	if ((err = zd_ready(a, cause)) != TIX_OK)
		return err;
	if (!json_id_valid(id))
		return tix_fail(cause, TIX_ERR_INVALID,
		    "not a Zendesk ticket id");
	path = xasprintf("/tickets/%s.json", id);
	if (!zd_map_get(&z->stamps, id, &seen)) {
		/* Never listed here: what it is now is what we change. */
		err = zd_get_one(a, path, "ticket", TIX_KIND_TICKET, &cur,
		    cause);
		if (err != TIX_OK)
			goto out;
		seen = cur->u.ticket.updated_at;
		record_free(&cur);
	}
	tix_time_format(seen, stamp);
	err = zd_update_body(p, z->field_id, seen != 0 ? stamp : NULL, &body,
	    cause);
	if (err != TIX_OK)
		goto out;
	/* Setting fields is safe to repeat; http retries it on 5xx. */
	err = zd_call(a, "PUT", path, body, true, &root, &tries, cause);
	if (err == TIX_ERR_CONFLICT && tries > 1) {
		/* Our own first attempt may be what moved the stamp. */
		if (zd_get_one(a, path, "ticket", TIX_KIND_TICKET, &cur,
		    NULL) == TIX_OK && zd_patch_applied(p, &cur->u.ticket)) {
			if (cause != NULL)
				xfree(cause);
			*out = cur;
			cur = NULL;
			err = TIX_OK;
			goto out;
		}
	}
	if (err == TIX_ERR_CONFLICT) {
		/* The next try reads the ticket afresh. */
		zd_map_del(&z->stamps, id);
		tix_fail(cause, err, "someone else changed Zendesk ticket %s "
		    "since it was loaded; the change was not made", id);
		goto out;
	}
	if (err != TIX_OK)
		goto out;
	zd_ctx_init(a, &ctx);
	err = zd_parse_ticket(cJSON_GetObjectItemCaseSensitive(root,
	    "ticket"), &ctx, out, cause);
	if (err == TIX_OK)
		zd_note_stamps(z, out, 1);
out:
	record_free(&cur);
	cJSON_Delete(root);
	free(body);
	free(path);
	return err;
}

/* Free everything, the secret wiped. */
static void
zendesk_close(struct account *a)
{
	struct zendesk	*z = a->priv;

	if (z == NULL)
		return;
	zd_disconnect(z);
	secret_free(&z->secret);
	free(z->api_base);
	free(z->web_base);
	free(z->email);
	free(z->field_id);
	free(z);
	a->priv = NULL;
}
