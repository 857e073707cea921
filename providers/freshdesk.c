/*
 * The Freshdesk provider (provider = freshdesk): tickets, contacts,
 * conversations, agents and ticket types over Freshdesk's REST API v2.
 *
 * This file is the thin I/O layer: it reads the account's config,
 * sends the requests freshdesk_json.c builds through core/http, and
 * hands the answers back to freshdesk_json.c to normalize.
 *
 * Config ([account NAME], see tix-config(5)):
 *	domain = acme		https://acme.freshdesk.com/api/v2
 *	url = URL		the API base instead (tests, proxies):
 *				http://127.0.0.1:PORT/api/v2
 *	token_cmd, token_env	the API key (Basic "KEY:X", card 2.1),
 *	  or token		through core/secret
 *	category = type		what a category is: the Type field
 *	  or field:cf_name	(the default) or a custom dropdown
 *	ca_file = PATH		CAs to trust instead of the system's
 *
 * Freshdesk has no conflict protection (card 2.6 [uncertain]): the last
 * write wins.  429 waits (Retry-After, card 2.5) and retries of reads
 * are done in core/http; a POST is never sent twice from here.
 */

#include "config.h"

#include "providers/registry.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/conf.h"
#include "core/error.h"
#include "core/http.h"
#include "core/log.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/secret.h"
#include "core/xmalloc.h"
#include "providers/freshdesk_json.h"

/* One Freshdesk account, from configure() to close(). */
struct fd_account {
	char			*base;		/* API base URL */
	char			*web;		/* web UI origin */
	char			*field;	/* category = field:cf_x */
	char			*ca_file;
	char			*key;	/* API key until open() */
	struct http_client	*http;
	char			 me[JSON_ID_MAX]; /* "" until open() */
	struct fd_label		*statuses;
	size_t			 nstatuses;
	char			**agents; /* known agent ids, sorted */
	size_t			 nagents;
};

static enum tix_err	 fd_configure(struct account *, char **);
static enum tix_err	 fd_open(struct account *, char **);
static enum tix_err	 fd_list(struct account *, enum tix_kind,
			    const struct query *, struct page *, char **);
static enum tix_err	 fd_get(struct account *, enum tix_kind,
			    const char *, struct record **, char **);
static enum tix_err	 fd_create(struct account *, const struct record *,
			    struct record **, bool *, char **);
static enum tix_err	 fd_update(struct account *, const char *,
			    const struct patch *, struct record **, bool *,
			    char **);
static void		 fd_close(struct account *);

const struct tix_provider_ops provider_freshdesk = {
	.name = "freshdesk",
	.title = "Freshdesk",
	.caps = TIX_CAP_ALL,
	.configure = fd_configure,
	.open = fd_open,
	.list = fd_list,
	.get = fd_get,
	.create = fd_create,
	.update = fd_update,
	.close = fd_close,
};

/* "FILE:LINE: [account NAME]: KEY: message", naming the key's line. */
static enum tix_err
fd_config_fail(const struct config_section *sec, const char *key,
    char **cause, const char *msg)
{
	char		*label;
	enum tix_err	 err;

	label = config_section_label(sec);
	err = tix_fail(cause, TIX_ERR_INVALID, "%s:%u: %s: %s: %s", sec->file,
	    config_line_of(sec, key), label, key, msg);
	free(label);
	return err;
}

/* Check the section and keep what open() needs; the UI thread's part. */
static enum tix_err
fd_configure(struct account *a, char **cause)
{
	static const char		 cfname[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	const struct config_section	*sec = a->config;
	struct fd_account		*fa;
	const char			*domain, *url, *cat, *ca;
	char				*why = NULL;
	enum tix_err			 err = TIX_ERR_INVALID;

	fd_close(a);
	if (sec == NULL)
		return tix_fail(cause, err, "%s: no [account] section",
		    a->name);
	fa = xcalloc(1, sizeof *fa);
	a->priv = fa;

	url = config_get(sec, "url");
	if (url != NULL && *url != '\0') {
		if (http_check_base_url(url, &why) != TIX_OK) {
			err = fd_config_fail(sec, "url", cause, why);
			goto out;
		}
		fa->base = xstrdup(url);
	} else {
		if ((err = config_require(sec, "domain", &domain, cause)) !=
		    TIX_OK)
			goto out;
		fa->base = fd_api_base(domain);
		if (fa->base == NULL) {
			err = fd_config_fail(sec, "domain", cause, "not a "
			    "Freshdesk domain (give \"acme\" or "
			    "\"acme.freshdesk.com\")");
			goto out;
		}
	}
	while (strlen(fa->base) > 0 && fa->base[strlen(fa->base) - 1] == '/')
		fa->base[strlen(fa->base) - 1] = '\0';
	fa->web = http_web_origin(fa->base);

	cat = config_get(sec, "category");
	if (cat != NULL && strncmp(cat, "field:", 6) == 0) {
		/* Custom fields are named cf_<name> (card 2.4). */
		if (strncmp(cat + 6, "cf_", 3) != 0 || cat[9] == '\0' ||
		    strspn(cat + 6, cfname) != strlen(cat + 6)) {
			err = fd_config_fail(sec, "category", cause, "give "
			    "field:cf_NAME, a custom field's name");
			goto out;
		}
		fa->field = xstrdup(cat + 6);
	} else if (cat != NULL && strcmp(cat, "type") != 0) {
		err = fd_config_fail(sec, "category", cause, "give type or "
		    "field:cf_NAME");
		goto out;
	}
	ca = config_get(sec, "ca_file");
	if (ca != NULL && *ca != '\0')
		fa->ca_file = xstrdup(ca);

	err = secret_resolve(sec, "token", &fa->key, cause);

out:
	free(why);
	if (err != TIX_OK)
		fd_close(a);
	return err;
}

/* Does the agent list hold id?  For telling note authors apart. */
static bool
fd_is_agent(void *arg, const char *id)
{
	const struct fd_account	*fa = arg;
	size_t			 lo = 0, hi = fa->nagents, mid;
	int			 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(fa->agents[mid], id);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return strcmp(fa->me, id) == 0;
}

/* Order agent ids for the binary search. */
static int
fd_agent_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Remember the agents of a page (the first page starts afresh). */
static void
fd_agents_note(struct fd_account *fa, const struct page *p, bool first)
{
	if (first) {
		for (size_t i = 0; i < fa->nagents; i++)
			free(fa->agents[i]);
		xfree(&fa->agents);
		fa->nagents = 0;
	}
	if (p->n == 0)
		return;
	fa->agents = xreallocarray(fa->agents, fa->nagents + p->n,
	    sizeof *fa->agents);
	for (size_t i = 0; i < p->n; i++)
		fa->agents[fa->nagents++] = xstrdup(p->records[i]->u.agent.id);
	qsort(fa->agents, fa->nagents, sizeof *fa->agents, fd_agent_cmp);
}

/* The normalization context for the account. */
static void
fd_ctx_init(struct account *a, struct fd_ctx *ctx)
{
	struct fd_account	*fa = a->priv;

	memset(ctx, 0, sizeof *ctx);
	ctx->account = a->index;
	ctx->web_base = fa->web;
	ctx->field = fa->field;
	ctx->me_id = fa->me[0] != '\0' ? fa->me : NULL;
	ctx->statuses = fa->statuses;
	ctx->nstatuses = fa->nstatuses;
	if (fa->nagents > 0) {
		ctx->is_agent = fd_is_agent;
		ctx->arg = fa;
	}
}

/*
 * Send one request and parse the answer's JSON into *root (when root is
 * not NULL).  The caller frees resp with http_response_done().
 */
static enum tix_err
fd_call(struct account *a, const char *method, const char *path,
    const char *body, bool idempotent, struct http_response *resp,
    cJSON **root, char **cause)
{
	struct fd_account	*fa = a->priv;
	struct http_request	 req;
	enum tix_err		 err;

	memset(resp, 0, sizeof *resp);
	if (root != NULL)
		*root = NULL;
	if (fa == NULL || fa->http == NULL)
		return tix_fail(cause, TIX_ERR_INVALID, "Freshdesk account "
		    "not open");
	memset(&req, 0, sizeof req);
	req.method = method;
	req.path = path;
	req.body = body;
	req.body_len = body != NULL ? strlen(body) : 0;
	req.idempotent = idempotent;
	err = http_request(fa->http, &req, resp, cause);
	if (err != TIX_OK || root == NULL)
		return err;
	*root = cJSON_ParseWithLength(resp->body, resp->body_len);
	if (*root == NULL)
		return tix_fail(cause, TIX_ERR_PARSE, "Freshdesk sent an "
		    "answer that is not valid JSON (HTTP %ld, %zu bytes)",
		    resp->status, resp->body_len);
	return TIX_OK;
}

/* Read the status names from /ticket_fields; failure is not fatal. */
static enum tix_err
fd_load_statuses(struct account *a, char **cause)
{
	struct fd_account	*fa = a->priv;
	struct http_response	 resp;
	cJSON			*root;
	enum tix_err		 err;

	err = fd_call(a, "GET", "/ticket_fields", NULL, true, &resp, &root,
	    cause);
	if (err == TIX_OK) {
		fd_labels_free(&fa->statuses, &fa->nstatuses);
		fd_parse_statuses(root, &fa->statuses, &fa->nstatuses);
	}
	cJSON_Delete(root);
	http_response_done(&resp);
	return err;
}

/* Connect and check the API key with GET /agents/me (card 2.2). */
static enum tix_err
fd_open(struct account *a, char **cause)
{
	struct fd_account	*fa;
	struct http_options	 o;
	struct http_response	 resp;
	cJSON			*root = NULL;
	char			*why = NULL;
	enum tix_err		 err;

	/*
	 * A retry (after close(), or straight after a failed open())
	 * reads the config and the secret again: the key may have changed.
	 */
	fa = a->priv;
	if (fa == NULL || fa->http != NULL) {
		if ((err = fd_configure(a, cause)) != TIX_OK)
			return err;
		fa = a->priv;
	}
	if (fa->http == NULL) {
		memset(&o, 0, sizeof o);
		o.base_url = fa->base;
		o.ca_file = fa->ca_file;
		o.log_name = a->name;
		o.cancel = &a->cancel;
		fa->http = http_client_new(&o);
		/* Basic "{api_key}:X" (card 2.1 [verified]). */
		http_client_set_basic(fa->http, fa->key != NULL ? fa->key :
		    "", "X");
		secret_free(&fa->key);
	}
	err = fd_call(a, "GET", "/agents/me", NULL, true, &resp, &root,
	    cause);
	if (err == TIX_ERR_AUTH) {
		why = *cause;
		*cause = NULL;
		tix_fail(cause, err, "Freshdesk refused the API key (%s)",
		    why);
		goto out;
	}
	if (err != TIX_OK)
		goto out;
	if ((err = fd_parse_me(root, fa->me, cause)) != TIX_OK)
		goto out;
	http_response_done(&resp);
	/* Custom status names (card 2.4); without them, numbers show. */
	if (fd_load_statuses(a, &why) != TIX_OK) {
		log_debug("freshdesk %s: no status names", a->name);
		xfree(&why);
	}
	log_debug("freshdesk %s: open, me %s", a->name, fa->me);

out:
	free(why);
	cJSON_Delete(root);
	http_response_done(&resp);
	return err;
}

/* List one page of a kind; the cursor is the next page's path. */
static enum tix_err
fd_list(struct account *a, enum tix_kind kind, const struct query *q,
    struct page *out, char **cause)
{
	struct fd_account	*fa = a->priv;
	struct http_response	 resp;
	struct fd_ctx		 ctx;
	cJSON			*root = NULL;
	char			*path = NULL;
	enum tix_err		 err;

	memset(&resp, 0, sizeof resp);
	if (q->cursor != NULL)
		path = xstrdup(q->cursor);
	else {
		err = fd_list_path(kind, q->updated_since, q->ticket_id,
		    q->limit, &path, cause);
		if (err != TIX_OK)
			return err;
	}
	err = fd_call(a, "GET", path, NULL, true, &resp, &root, cause);
	if (err != TIX_OK)
		goto out;
	if (kind == TIX_KIND_CATEGORY) {
		fd_labels_free(&fa->statuses, &fa->nstatuses);
		fd_parse_statuses(root, &fa->statuses, &fa->nstatuses);
	}
	fd_ctx_init(a, &ctx);
	err = fd_parse_page(root, kind, q->ticket_id, path, resp.link, &ctx,
	    out, cause);
	if (err == TIX_OK && kind == TIX_KIND_AGENT)
		fd_agents_note(fa, out, q->cursor == NULL);

out:
	free(path);
	cJSON_Delete(root);
	http_response_done(&resp);
	return err;
}

/* The path of one record, or an error for a kind Freshdesk has none. */
static enum tix_err
fd_record_path(enum tix_kind kind, const char *id, char **out, char **cause)
{
	static const char *const	 paths[TIX_KIND_COUNT] = {
		[TIX_KIND_TICKET] = "tickets",
		[TIX_KIND_CUSTOMER] = "contacts",
		[TIX_KIND_AGENT] = "agents",
	};

	*out = NULL;
	if ((unsigned)kind >= TIX_KIND_COUNT || paths[kind] == NULL)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED, "Freshdesk cannot "
		    "fetch one %s record", tix_kind_name(kind));
	if (!json_id_valid(id))
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no Freshdesk %s "
		    "with that id", tix_kind_name(kind));
	*out = xasprintf("/%s/%s", paths[kind], id);
	return TIX_OK;
}

/* Fetch one ticket, contact or agent. */
static enum tix_err
fd_get(struct account *a, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	struct http_response	 resp;
	struct fd_ctx		 ctx;
	cJSON			*root = NULL;
	char			*path;
	enum tix_err		 err;

	*out = NULL;
	memset(&resp, 0, sizeof resp);
	if ((err = fd_record_path(kind, id, &path, cause)) != TIX_OK)
		return err;
	err = fd_call(a, "GET", path, NULL, true, &resp, &root, cause);
	if (err != TIX_OK)
		goto out;
	fd_ctx_init(a, &ctx);
	if (kind == TIX_KIND_TICKET)
		err = fd_parse_ticket(root, &ctx, out, cause);
	else if (kind == TIX_KIND_CUSTOMER)
		err = fd_parse_contact(root, &ctx, out, cause);
	else
		err = fd_parse_agent(root, &ctx, out, cause);

out:
	free(path);
	cJSON_Delete(root);
	http_response_done(&resp);
	return err;
}

/*
 * Post a reply or note, or a new ticket.  Never retried here: a POST
 * whose outcome is unknown comes back as NETWORK and the session looks
 * before it sends again.
 */
static enum tix_err
fd_create(struct account *a, const struct record *in, struct record **out,
    bool *maybe_sent, char **cause)
{
	struct fd_account	*fa = a->priv;
	struct http_response	 resp;
	struct fd_ctx		 ctx;
	cJSON			*root = NULL;
	char			*path = NULL, *body = NULL;
	const char		*tid;
	enum tix_err		 err;

	*out = NULL;
	*maybe_sent = false;
	memset(&resp, 0, sizeof resp);
	if (fa == NULL)
		return tix_fail(cause, TIX_ERR_INVALID, "Freshdesk account "
		    "not open");
	if (in->kind == TIX_KIND_NOTE) {
		tid = in->u.note.ticket_id;
		if (!json_id_valid(tid))
			return tix_fail(cause, TIX_ERR_NOT_FOUND,
			    "no Freshdesk ticket with that id");
		/* Public reply or private note (card 2.2). */
		path = xasprintf("/tickets/%s/%s", tid, in->u.note.is_public ?
		    "reply" : "notes");
		body = fd_note_body(in->u.note.description != NULL ?
		    in->u.note.description : "", in->u.note.is_public);
	} else if (in->kind == TIX_KIND_TICKET) {
		err = fd_create_body(&in->u.ticket, fa->field, &body, cause);
		if (err != TIX_OK)
			return err;
		path = xstrdup("/tickets");
	} else
		return tix_fail(cause, TIX_ERR_UNSUPPORTED, "Freshdesk cannot "
		    "create %s records here", tix_kind_name(in->kind));

	err = fd_call(a, "POST", path, body, false, &resp, &root, cause);
	*maybe_sent = err != TIX_OK && resp.maybe_sent;
	if (err != TIX_OK)
		goto out;
	fd_ctx_init(a, &ctx);
	if (in->kind == TIX_KIND_NOTE)
		err = fd_parse_conversation(root, in->u.note.ticket_id, &ctx,
		    out, cause);
	else
		err = fd_parse_ticket(root, &ctx, out, cause);

out:
	free(path);
	free(body);
	cJSON_Delete(root);
	http_response_done(&resp);
	return err;
}

/* The status number of a ticket as Freshdesk has it now. */
static enum tix_err
fd_current_status(struct account *a, const char *path, long *status,
    char **cause)
{
	struct http_response	 resp;
	cJSON			*root = NULL, *v;
	enum tix_err		 err;

	*status = 0;
	err = fd_call(a, "GET", path, NULL, true, &resp, &root, cause);
	if (err == TIX_OK) {
		v = cJSON_GetObjectItemCaseSensitive(root, "status");
		if (cJSON_IsNumber(v))
			*status = (long)v->valuedouble;
	}
	cJSON_Delete(root);
	http_response_done(&resp);
	return err;
}

/*
 * PUT /tickets/{id} with the patch (card 2.2).  A status change looks
 * at the ticket first, so ACTIVE leaves Pending or a custom status be
 * and CLOSED leaves Closed be.  PUT sets absolute values, so it may be
 * retried.
 */
static enum tix_err
fd_update(struct account *a, const char *id, const struct patch *p,
    struct record **out, bool *maybe_sent, char **cause)
{
	struct fd_account	*fa = a->priv;
	struct http_response	 resp;
	struct fd_ctx		 ctx;
	cJSON			*root = NULL;
	char			*path = NULL, *body = NULL;
	long			 current = 0;
	enum tix_err		 err;

	*out = NULL;
	*maybe_sent = false;
	memset(&resp, 0, sizeof resp);
	if (fa == NULL)
		return tix_fail(cause, TIX_ERR_INVALID, "Freshdesk account "
		    "not open");
	if ((err = fd_record_path(TIX_KIND_TICKET, id, &path, cause)) !=
	    TIX_OK)
		return err;
	if ((p->fields & TIX_PATCH_STATUS) &&
	    (err = fd_current_status(a, path, &current, cause)) != TIX_OK)
		goto out;
	if ((err = fd_update_body(p, fa->field, current, &body, cause)) !=
	    TIX_OK)
		goto out;
	if (body != NULL)
		err = fd_call(a, "PUT", path, body, true, &resp, &root, cause);
	else
		err = fd_call(a, "GET", path, NULL, true, &resp, &root, cause);
	if (err != TIX_OK)
		goto out;
	fd_ctx_init(a, &ctx);
	err = fd_parse_ticket(root, &ctx, out, cause);

out:
	free(path);
	free(body);
	cJSON_Delete(root);
	http_response_done(&resp);
	return err;
}

/* Free the account's state; the secret is wiped. */
static void
fd_close(struct account *a)
{
	struct fd_account	*fa = a->priv;

	if (fa == NULL)
		return;
	http_client_free(&fa->http);
	secret_free(&fa->key);
	fd_labels_free(&fa->statuses, &fa->nstatuses);
	for (size_t i = 0; i < fa->nagents; i++)
		free(fa->agents[i]);
	free(fa->agents);
	free(fa->base);
	free(fa->web);
	free(fa->field);
	free(fa->ca_file);
	free(fa);
	a->priv = NULL;
}
