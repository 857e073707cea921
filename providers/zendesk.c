/*
 * Zendesk Support (Ticketing API v2) on the REST kit (providers/rest.h):
 * the descriptor and Zendesk's real quirks.  Paths, bodies and
 * normalization are pure functions in zendesk_json.c.  API facts:
 * docs/platforms/zendesk.md.
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
 * Quirks.  The first load lists with cursor pagination, which any agent
 * may use; polls use the incremental export, which returns only what
 * changed (deleted tickets too) but is for admins: when it is refused
 * (403) polls fall back to tickets sorted by -updated_at, read until the
 * watermark.  Updates send safe_update with the updated_at last seen, so
 * a change made by someone else in between is a 409 conflict rather than
 * silently overwritten.  Notes are comments added by a ticket update.
 */

#include "config.h"

#include "providers/registry.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "core/conf.h"
#include "core/error.h"
#include "core/hashmap.h"
#include "core/log.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/rest.h"
#include "providers/zendesk_json.h"

/*
 * Exports leave out the last minute's changes and may refuse a too
 * recent start_time (docs/platforms/zendesk.md): start this far back.
 */
#define ZD_EXPORT_LAG	61

/* Zendesk's own state beside the kit's. */
struct zd_quirk {
	char		*field_id;	/* category = field:ID */
	bool		 no_export;	/* the export said 403 */
	struct hashmap	 stamps;	/* ticket id -> int64_t *updated_at */
};

static enum tix_err	 zendesk_configure(struct account *, char **);
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

const struct tix_provider_ops provider_zendesk = {
	.name = "zendesk",
	.title = "Zendesk Support",
	.caps = TIX_CAP_ALL,
	.configure = zendesk_configure,
	.open = rest_open,
	.list = zendesk_list,
	.get = zendesk_get,
	.create = zendesk_create,
	.update = zendesk_update,
	.close = rest_close,
};

/* Basic auth's user is "EMAIL/token": no ':' in it. */
static bool
zd_email_valid(const char *s)
{
	return strchr(s, '@') != NULL && strchr(s, ':') == NULL;
}

/* group, or field:ID with a ticket field's number. */
static bool
zd_category_valid(const char *s)
{
	return strcmp(s, "group") == 0 || (strncmp(s, "field:", 6) == 0 &&
	    json_id_valid(s + 6));
}

static const struct rest_key zd_keys[] = {
	{ .name = "email", .valid = zd_email_valid,
	  .expect = "the agent's e-mail address" },
	{ .name = "category", .valid = zd_category_valid,
	  .expect = "group or field:ID with a ticket field's number" },
	{ .name = NULL },
};

static const struct rest_auth_choice zd_auth[] = {
	{ .value = "token", .auth = REST_AUTH_BASIC_USER },
	{ .value = "oauth", .auth = REST_AUTH_BEARER },
	{ .value = NULL },
};

/* Keep category = field:ID. */
static enum tix_err
zd_quirk_configure(struct rest *r, const struct config_section *sec,
    char **cause)
{
	struct zd_quirk	*q;
	const char	*cat;

	(void)cause;
	q = xcalloc(1, sizeof *q);
	hashmap_init(&q->stamps);
	cat = config_get(sec, "category");
	if (cat != NULL && strncmp(cat, "field:", 6) == 0)
		q->field_id = xstrdup(cat + 6);
	r->quirk = q;
	return TIX_OK;
}

/* A new connection starts without what the last one learned. */
static void
zd_quirk_connect(struct rest *r)
{
	struct zd_quirk	*q = r->quirk;

	q->no_export = false;
	hashmap_done(&q->stamps, free);
}

static void
zd_quirk_done(struct rest *r)
{
	struct zd_quirk	*q = r->quirk;

	if (q == NULL)
		return;
	hashmap_done(&q->stamps, free);
	free(q->field_id);
	free(q);
	r->quirk = NULL;
}

static const struct rest_platform zd_platform = {
	.name = "Zendesk",
	.host_key = "subdomain",
	.base_url = zd_api_base,
	.host_expect = "the name before .zendesk.com (letters, digits and -)",
	.keys = zd_keys,
	.secret = "token",
	.auth_choices = zd_auth,
	.user_key = "email",
	.user_suffix = "/token",
	.secret_title = "e-mail and API token",
	.me_path = "/users/me.json",
	.me = zd_parse_me,
	.configure = zd_quirk_configure,
	.connect = zd_quirk_connect,
	.done = zd_quirk_done,
};

static enum tix_err
zendesk_configure(struct account *a, char **cause)
{
	return rest_configure(a, &zd_platform, cause);
}

/* The normalization context for the account. */
static void
zd_ctx_init(struct rest *r, struct zd_ctx *ctx)
{
	struct zd_quirk	*q = r->quirk;

	memset(ctx, 0, sizeof *ctx);
	rest_ctx_init(r, &ctx->base);
	/* "me" is known from open() on: enough for our own comments. */
	ctx->base.rest = r;
	ctx->field_id = q->field_id;
}

/* Remember the updated_at of tickets handed out, for safe_update. */
static void
zd_stamps_note(struct rest *r, struct record **records, size_t n)
{
	struct zd_quirk	*q = r->quirk;
	int64_t		*t;

	for (size_t i = 0; i < n; i++) {
		if (records[i]->kind != TIX_KIND_TICKET ||
		    records[i]->u.ticket.updated_at == 0)
			continue;
		t = xmalloc(sizeof *t);
		*t = records[i]->u.ticket.updated_at;
		free(hashmap_put(&q->stamps, records[i]->u.ticket.id, t));
	}
}

/* Fetch one page of a list as req asks, parsed into out. */
static enum tix_err
zd_list_page(struct rest *r, const struct zd_list_req *req,
    struct page *out, char **cause)
{
	struct zd_ctx		 ctx;
	struct rest_reply	 reply;
	char			*path = NULL;
	enum tix_err		 err;

	memset(&reply, 0, sizeof reply);
	err = zd_list_path(req, &path, cause);
	if (err == TIX_OK)
		err = rest_call(r, "GET", path, NULL, true, &reply, cause);
	if (err == TIX_OK) {
		zd_ctx_init(r, &ctx);
		err = zd_parse_page(r, reply.root, req, &ctx, out, cause);
	}
	if (err == TIX_OK && req->kind == TIX_KIND_AGENT)
		rest_agents_learn(r, out);
	if (err == TIX_OK)
		zd_stamps_note(r, out->records, out->n);
	else
		page_done(out);
	rest_reply_done(&reply);
	free(path);
	return err;
}

/* How a list that starts with q is walked. */
static enum tix_err
zd_list_req_init(struct rest *r, enum tix_kind kind, const struct query *q,
    struct zd_list_req *req, char **cause)
{
	struct zd_quirk	*zq = r->quirk;
	int64_t		 latest;

	memset(req, 0, sizeof *req);
	req->kind = kind;
	req->since = q->updated_since;
	req->ticket_id = q->ticket_id;
	req->field_id = zq->field_id;
	req->limit = q->limit;
	if (q->cursor != NULL) {
		if (zd_cursor_split(q->cursor, &req->walk, &req->after) != 0)
			return tix_fail(cause, TIX_ERR_INVALID,
			    "not a Zendesk cursor");
	} else if (kind == TIX_KIND_CATEGORY && zq->field_id != NULL)
		req->walk = ZD_WALK_FIELD;
	else if ((kind == TIX_KIND_TICKET || kind == TIX_KIND_CUSTOMER) &&
	    q->updated_since > 0 && !zq->no_export)
		req->walk = ZD_WALK_EXPORT;
	else if (kind == TIX_KIND_TICKET && q->updated_since > 0)
		req->walk = ZD_WALK_RECENT;
	else
		req->walk = ZD_WALK_PAGE;
	if (req->walk == ZD_WALK_EXPORT && req->after == NULL) {
		latest = (int64_t)time(NULL) - ZD_EXPORT_LAG;
		if (req->since > latest)
			req->since = latest;
	}
	if (kind == TIX_KIND_NOTE)
		return rest_check_id(r, "ticket", q->ticket_id, cause);
	return TIX_OK;
}

/* List a page of records changed at or after q->updated_since. */
static enum tix_err
zendesk_list(struct account *a, enum tix_kind kind, const struct query *q,
    struct page *out, char **cause)
{
	struct rest		*r;
	struct zd_quirk		*zq;
	struct zd_list_req	 req;
	enum tix_err		 err;

	memset(out, 0, sizeof *out);
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK)
		err = zd_list_req_init(r, kind, q, &req, cause);
	if (err == TIX_OK && kind == TIX_KIND_NOTE)
		err = rest_agents_load(a, cause);
	if (err != TIX_OK)
		return err;
	zq = r->quirk;
	err = zd_list_page(r, &req, out, cause);
	if (err == TIX_ERR_FORBIDDEN && req.walk == ZD_WALK_EXPORT &&
	    req.after == NULL) {
		/* Exports are for admins (docs/platforms/zendesk.md). */
		log_debug("zendesk %s: export refused, listing instead",
		    a->name);
		zq->no_export = true;
		xfree(cause);
		req.walk = kind == TIX_KIND_TICKET ? ZD_WALK_RECENT :
		    ZD_WALK_PAGE;
		req.since = q->updated_since;
		err = zd_list_page(r, &req, out, cause);
	}
	return err;
}

/* One object of a kind (rest_item_fn); arg is the zd_ctx. */
static enum tix_err
zd_get_item(struct rest *r, const cJSON *o, void *arg, struct record **out,
    char **cause)
{
	const struct zd_ctx	*ctx = arg;
	enum tix_kind		 kind = ctx->kind;

	(void)r;
	if (kind == TIX_KIND_TICKET)
		return zd_parse_ticket(o, ctx, out, cause);
	if (kind == TIX_KIND_CUSTOMER)
		return zd_parse_customer(o, ctx, out, cause);
	if (kind == TIX_KIND_AGENT)
		return zd_parse_agent(o, ctx, out, cause);
	return zd_parse_group(o, ctx, out, cause);
}

/* GET one ticket, user or group at path. */
static enum tix_err
zd_get_one(struct rest *r, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	static const char *const what[TIX_KIND_COUNT] = {
		[TIX_KIND_TICKET] = "ticket",
		[TIX_KIND_CUSTOMER] = "user",
		[TIX_KIND_AGENT] = "user",
		[TIX_KIND_CATEGORY] = "group",
	};
	struct zd_ctx	 ctx;
	char		*path;
	enum tix_err	 err;

	*out = NULL;
	if (what[kind] == NULL)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "Zendesk has no request for one comment");
	err = rest_check_id(r, what[kind], id, cause);
	if (err != TIX_OK)
		return err;
	zd_ctx_init(r, &ctx);
	ctx.kind = kind;
	/* /tickets/ID.json {"ticket":..}, /users/.., /groups/.. */
	path = xasprintf("/%ss/%s.json", what[kind], id);
	err = rest_get_one(r, path, what[kind], zd_get_item, &ctx, out,
	    cause);
	free(path);
	if (err == TIX_OK)
		zd_stamps_note(r, out, 1);
	return err;
}

/* One field option by its value (category = field:ID). */
static enum tix_err
zd_get_option(struct rest *r, const char *id, struct record **out,
    char **cause)
{
	struct zd_quirk		*q = r->quirk;
	struct zd_list_req	 req = { .kind = TIX_KIND_CATEGORY,
				     .walk = ZD_WALK_FIELD,
				     .field_id = q->field_id };
	struct page		 pg;
	enum tix_err		 err;

	memset(&pg, 0, sizeof pg);
	err = zd_list_page(r, &req, &pg, cause);
	if (err != TIX_OK)
		return err;
	for (size_t i = 0; i < pg.n && *out == NULL; i++) {
		if (strcmp(pg.records[i]->u.category.id, id) == 0)
			*out = record_dup(pg.records[i]);
	}
	page_done(&pg);
	if (*out == NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "Zendesk field %s "
		    "has no option %s", q->field_id, id);
	return TIX_OK;
}

/* Fetch one record by id. */
static enum tix_err
zendesk_get(struct account *a, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	struct rest	*r;
	struct zd_quirk	*q;
	enum tix_err	 err;

	*out = NULL;
	err = rest_ready(a, &r, cause);
	if (err != TIX_OK)
		return err;
	q = r->quirk;
	if (kind == TIX_KIND_CATEGORY && q->field_id != NULL)
		return zd_get_option(r, id, out, cause);
	return zd_get_one(r, kind, id, out, cause);
}

/* Add a comment to a ticket: a public reply or an internal note. */
static enum tix_err
zendesk_create(struct account *a, const struct record *in,
    struct record **out, bool *maybe_sent, char **cause)
{
	const struct note	*n = &in->u.note;
	struct rest		*r;
	struct zd_ctx		 ctx;
	struct rest_reply	 reply;
	struct record		*t = NULL;
	char			*path = NULL, *body = NULL;
	enum tix_err		 err;

	*out = NULL;
	*maybe_sent = false;
	memset(&reply, 0, sizeof reply);
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK)
		err = rest_check_note(r, in, cause);
	if (err != TIX_OK)
		return err;
	path = xasprintf("/tickets/%s.json", n->ticket_id);
	body = zd_note_body(n->description, n->is_public);
	/* Sent once: the session looks before sending again. */
	err = rest_call(r, "PUT", path, body, false, &reply, cause);
	*maybe_sent = reply.maybe_sent;
	if (err != TIX_OK && reply.maybe_sent) {
		/*
		 * If the comment arrived it moved the ticket's stamp: the
		 * next update reads it afresh rather than meet our own
		 * change as someone else's (409).
		 */
		free(hashmap_remove(&((struct zd_quirk *)r->quirk)->stamps,
		    n->ticket_id));
	}
	if (err != TIX_OK)
		goto out;
	zd_ctx_init(r, &ctx);
	err = zd_parse_note_audit(reply.root, n->ticket_id, &ctx, out, cause);
	if (err == TIX_OK && zd_parse_ticket(cJSON_GetObjectItemCaseSensitive(
	    reply.root, "ticket"), &ctx, &t, NULL) == TIX_OK)
		zd_stamps_note(r, &t, 1);
out:
	record_free(&t);
	rest_reply_done(&reply);
	free(body);
	free(path);
	return err;
}

/* The updated_at last seen for a ticket, read afresh when unknown. */
static enum tix_err
zd_stamp_get(struct rest *r, const char *id, int64_t *seen, char **cause)
{
	struct zd_quirk	*q = r->quirk;
	struct record	*cur = NULL;
	const int64_t	*t;
	enum tix_err	 err;

	t = hashmap_get(&q->stamps, id);
	if (t != NULL) {
		*seen = *t;
		return TIX_OK;
	}
	/* Never listed here: what it is now is what we change. */
	err = zd_get_one(r, TIX_KIND_TICKET, id, &cur, cause);
	if (err == TIX_OK)
		*seen = cur->u.ticket.updated_at;
	record_free(&cur);
	return err;
}

/* Change a ticket, guarded by safe_update. */
static enum tix_err
zendesk_update(struct account *a, const char *id, const struct patch *p,
    struct record **out, bool *maybe_sent, char **cause)
{
	struct rest		*r;
	struct zd_quirk		*q;
	struct zd_ctx		 ctx;
	struct rest_reply	 reply;
	struct record		*cur = NULL;
	char			*path = NULL, *body = NULL, stamp[21];
	int64_t			 seen = 0;
	enum tix_err		 err;

	*out = NULL;
	*maybe_sent = false;
	memset(&reply, 0, sizeof reply);
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK)
		err = rest_check_id(r, "ticket", id, cause);
	if (err == TIX_OK)
		err = zd_stamp_get(r, id, &seen, cause);
	if (err != TIX_OK)
		return err;
	q = r->quirk;
	tix_time_format(seen, stamp);
	err = zd_update_body(p, q->field_id, seen != 0 ? stamp : NULL, &body,
	    cause);
	if (err != TIX_OK)
		goto out;
	path = xasprintf("/tickets/%s.json", id);
	/* Setting fields is safe to repeat; http retries it on 5xx. */
	err = rest_call(r, "PUT", path, body, true, &reply, cause);
	/*
	 * A conflict may be our own change: core/http and libcurl resend a
	 * repeatable request whose answer was lost (libcurl on a reused
	 * connection that died, without telling).  If the ticket already
	 * holds what we asked, the change is made.
	 */
	if (err == TIX_ERR_CONFLICT &&
	    zd_get_one(r, TIX_KIND_TICKET, id, &cur, NULL) == TIX_OK &&
	    patch_held(p, &cur->u.ticket)) {
		xfree(cause);
		*out = cur;
		cur = NULL;
		err = TIX_OK;
		goto out;
	}
	if (err == TIX_ERR_CONFLICT) {
		/* The next try reads the ticket afresh. */
		free(hashmap_remove(&q->stamps, id));
		xfree(cause);
		tix_fail(cause, err, "someone else changed Zendesk ticket %s "
		    "since it was loaded; the change was not made", id);
		goto out;
	}
	*maybe_sent = reply.maybe_sent;
	if (err != TIX_OK)
		goto out;
	zd_ctx_init(r, &ctx);
	err = zd_parse_ticket(cJSON_GetObjectItemCaseSensitive(reply.root,
	    "ticket"), &ctx, out, cause);
	if (err == TIX_OK)
		zd_stamps_note(r, out, 1);
out:
	record_free(&cur);
	rest_reply_done(&reply);
	free(body);
	free(path);
	return err;
}
