/*
 * Freshdesk (API v2) on the REST kit (providers/rest.h): the descriptor
 * and Freshdesk's real quirks.  Paths, bodies and normalization are pure
 * functions in freshdesk_json.c.  API facts: docs/platforms/freshdesk.md.
 *
 * Config ([account NAME], see tix-config(5)):
 *	domain = acme		https://acme.freshdesk.com/api/v2
 *	url = URL		the API base instead (tests, proxies)
 *	token_cmd, token_env	the API key (Basic "KEY:X")
 *	  or token		through core/secret
 *	category = type		what a category is: the Type field
 *	  or field:cf_name	(the default) or a custom dropdown
 *	ca_file = PATH		CAs to trust instead of the system's
 *
 * Quirks.  Ticket lists page through a Link header and refuse page 301:
 * a walk that reaches it starts again with updated_since moved up.
 * Statuses may be custom: their names come from /ticket_fields.
 * Freshdesk has no conflict protection: the last write wins.
 */

#include "config.h"

#include "providers/registry.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/conf.h"
#include "core/error.h"
#include "core/log.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/freshdesk_json.h"
#include "providers/rest.h"

/* Freshdesk's own state beside the kit's. */
struct fd_quirk {
	char		*field;		/* category = field:cf_x */
	struct fd_label	*statuses;	/* custom status names */
	size_t		 nstatuses;
};

static enum tix_err	 fd_configure(struct account *, char **);
static enum tix_err	 fd_list(struct account *, enum tix_kind,
			    const struct query *, struct page *, char **);
static enum tix_err	 fd_get(struct account *, enum tix_kind,
			    const char *, struct record **, char **);
static enum tix_err	 fd_create(struct account *, const struct record *,
			    struct record **, bool *, char **);
static enum tix_err	 fd_update(struct account *, const char *,
			    const struct patch *, struct record **, bool *,
			    char **);

const struct tix_provider_ops provider_freshdesk = {
	.name = "freshdesk",
	.title = "Freshdesk",
	.caps = TIX_CAP_ALL,
	.configure = fd_configure,
	.open = rest_open,
	.list = fd_list,
	.get = fd_get,
	.create = fd_create,
	.update = fd_update,
	.close = rest_close,
};

/* type, or field:cf_NAME: custom fields are named cf_<name>. */
static bool
fd_category_valid(const char *s)
{
	static const char	 cfname[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

	if (strcmp(s, "type") == 0)
		return true;
	return strncmp(s, "field:cf_", 9) == 0 && s[9] != '\0' &&
	    strspn(s + 6, cfname) == strlen(s + 6);
}

static const struct rest_key fd_keys[] = {
	{ .name = "category", .valid = fd_category_valid,
	  .expect = "type or field:cf_NAME, a custom field's name" },
	{ .name = NULL },
};

static enum tix_err
fd_quirk_configure(struct rest *r, const struct config_section *sec,
    char **cause)
{
	struct fd_quirk	*q;
	const char	*cat;

	(void)cause;
	q = xcalloc(1, sizeof *q);
	cat = config_get(sec, "category");
	if (cat != NULL && strncmp(cat, "field:", 6) == 0)
		q->field = xstrdup(cat + 6);
	r->quirk = q;
	return TIX_OK;
}

/* Read the status names; without them, numbers show. */
static void
fd_quirk_connect(struct rest *r)
{
	struct fd_quirk		*q = r->quirk;
	struct rest_reply	 reply;
	char			*why = NULL;

	if (rest_call(r, "GET", "/ticket_fields", NULL, true, &reply, &why) ==
	    TIX_OK) {
		fd_labels_free(&q->statuses, &q->nstatuses);
		fd_parse_statuses(reply.root, &q->statuses, &q->nstatuses);
	} else
		log_debug("freshdesk %s: no status names: %s",
		    r->account->name, why);
	free(why);
	rest_reply_done(&reply);
}

static void
fd_quirk_done(struct rest *r)
{
	struct fd_quirk	*q = r->quirk;

	if (q == NULL)
		return;
	fd_labels_free(&q->statuses, &q->nstatuses);
	free(q->field);
	free(q);
	r->quirk = NULL;
}

static const struct rest_platform fd_platform = {
	.name = "Freshdesk",
	.host_key = "domain",
	.base_url = fd_api_base,
	.host_expect = "a Freshdesk domain (\"acme\" or \"acme.freshdesk.com\")",
	.keys = fd_keys,
	.secret = "token",
	.auth = REST_AUTH_BASIC_KEY,
	.key_password = "X",
	.secret_title = "API key",
	.me_path = "/agents/me",
	.me = fd_parse_me,
	.configure = fd_quirk_configure,
	.connect = fd_quirk_connect,
	.done = fd_quirk_done,
};

static enum tix_err
fd_configure(struct account *a, char **cause)
{
	return rest_configure(a, &fd_platform, cause);
}

/* The normalization context for the account. */
static void
fd_ctx_init(struct rest *r, struct fd_ctx *ctx)
{
	struct fd_quirk	*q = r->quirk;

	memset(ctx, 0, sizeof *ctx);
	rest_ctx_init(r, &ctx->base);
	ctx->field = q->field;
	ctx->statuses = q->statuses;
	ctx->nstatuses = q->nstatuses;
}

/* List one page of a kind; the cursor is the next page's path. */
static enum tix_err
fd_list(struct account *a, enum tix_kind kind, const struct query *q,
    struct page *out, char **cause)
{
	struct rest		*r;
	struct fd_quirk		*fq;
	struct rest_reply	 reply;
	struct fd_ctx		 ctx;
	struct fd_page_walk	 w = { .kind = kind,
				     .ticket_id = q->ticket_id };
	char			*path = NULL;
	enum tix_err		 err;

	memset(out, 0, sizeof *out);
	memset(&reply, 0, sizeof reply);
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK && kind == TIX_KIND_NOTE)
		err = rest_check_id(r, "ticket", q->ticket_id, cause);
	if (err == TIX_OK && kind == TIX_KIND_NOTE)
		err = rest_agents_load(a, cause);
	if (err != TIX_OK)
		return err;
	fq = r->quirk;
	if (q->cursor != NULL)
		path = xstrdup(q->cursor);
	else
		err = fd_list_path(kind, q->updated_since, q->ticket_id,
		    q->limit, &path, cause);
	if (err == TIX_OK)
		err = rest_call(r, "GET", path, NULL, true, &reply, cause);
	if (err != TIX_OK)
		goto out;
	if (kind == TIX_KIND_CATEGORY) {
		fd_labels_free(&fq->statuses, &fq->nstatuses);
		fd_parse_statuses(reply.root, &fq->statuses, &fq->nstatuses);
	}
	fd_ctx_init(r, &ctx);
	w.ctx = &ctx;
	w.deleted = kind == TIX_KIND_TICKET && strstr(path,
	    "filter=deleted") != NULL;
	err = fd_parse_page(r, reply.root, &w, path, reply.link_next, out,
	    cause);
	if (err == TIX_OK && kind == TIX_KIND_AGENT)
		rest_agents_learn(r, out);
out:
	free(path);
	rest_reply_done(&reply);
	return err;
}

/* One object of a kind (rest_item_fn); arg is the fd_page_walk. */
static enum tix_err
fd_get_item(struct rest *r, const cJSON *o, void *arg, struct record **out,
    char **cause)
{
	const struct fd_page_walk	*w = arg;

	(void)r;
	if (w->kind == TIX_KIND_TICKET)
		return fd_parse_ticket(o, w->ctx, out, cause);
	if (w->kind == TIX_KIND_CUSTOMER)
		return fd_parse_contact(o, w->ctx, out, cause);
	return fd_parse_agent(o, w->ctx, out, cause);
}

/* Fetch one ticket, contact or agent. */
static enum tix_err
fd_get(struct account *a, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	/* closed_at comes only inside stats (docs/platforms/freshdesk.md). */
	static const char *const paths[TIX_KIND_COUNT] = {
		[TIX_KIND_TICKET] = "tickets",
		[TIX_KIND_CUSTOMER] = "contacts",
		[TIX_KIND_AGENT] = "agents",
	};
	struct rest		*r;
	struct fd_ctx		 ctx;
	struct fd_page_walk	 w = { .kind = kind, .ctx = &ctx };
	char			*path;
	enum tix_err		 err;

	*out = NULL;
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK && ((unsigned)kind >= TIX_KIND_COUNT ||
	    paths[kind] == NULL))
		err = tix_fail(cause, TIX_ERR_UNSUPPORTED, "Freshdesk cannot "
		    "fetch one %s record", tix_kind_name(kind));
	if (err == TIX_OK)
		err = rest_check_id(r, tix_kind_name(kind), id, cause);
	if (err != TIX_OK)
		return err;
	fd_ctx_init(r, &ctx);
	path = xasprintf("/%s/%s%s", paths[kind], id,
	    kind == TIX_KIND_TICKET ? "?include=stats" : "");
	err = rest_get_one(r, path, NULL, fd_get_item, &w, out, cause);
	free(path);
	return err;
}

/*
 * Post a reply or note: POST /tickets/{id}/reply or /notes.  Never
 * retried here: the session looks before it sends again.
 */
static enum tix_err
fd_create(struct account *a, const struct record *in, struct record **out,
    bool *maybe_sent, char **cause)
{
	const struct note	*n = &in->u.note;
	struct rest		*r;
	struct rest_reply	 reply;
	struct fd_ctx		 ctx;
	char			*path = NULL, *body = NULL;
	enum tix_err		 err;

	*out = NULL;
	*maybe_sent = false;
	memset(&reply, 0, sizeof reply);
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK)
		err = rest_check_note(r, in, cause);
	if (err == TIX_OK)
		err = fd_note_body(n->description, n->is_public, &body, cause);
	if (err != TIX_OK)
		return err;
	path = xasprintf("/tickets/%s/%s", n->ticket_id, n->is_public ?
	    "reply" : "notes");
	err = rest_call(r, "POST", path, body, false, &reply, cause);
	*maybe_sent = reply.maybe_sent;
	if (err == TIX_OK) {
		fd_ctx_init(r, &ctx);
		err = fd_parse_conversation(reply.root, n->ticket_id, &ctx,
		    out, cause);
	}
	free(path);
	free(body);
	rest_reply_done(&reply);
	return err;
}

/* The status number of a ticket as Freshdesk has it now. */
static enum tix_err
fd_current_status(struct rest *r, const char *id, long *status,
    char **cause)
{
	struct rest_reply	 reply;
	const cJSON		*v;
	char			*path;
	enum tix_err		 err;

	*status = 0;
	path = xasprintf("/tickets/%s", id);
	err = rest_call(r, "GET", path, NULL, true, &reply, cause);
	v = cJSON_GetObjectItemCaseSensitive(reply.root, "status");
	if (err == TIX_OK && cJSON_IsNumber(v))
		*status = (long)v->valuedouble;
	rest_reply_done(&reply);
	free(path);
	return err;
}

/*
 * PUT /tickets/{id} with the patch.  A status change looks at the
 * ticket first, so ACTIVE leaves Pending or a custom status be and
 * CLOSED leaves Closed be.  PUT sets absolute values: safe to repeat.
 */
static enum tix_err
fd_update(struct account *a, const char *id, const struct patch *p,
    struct record **out, bool *maybe_sent, char **cause)
{
	struct rest		*r;
	struct fd_quirk		*q;
	struct rest_reply	 reply;
	struct fd_ctx		 ctx;
	char			*path = NULL, *body = NULL;
	long			 current = 0;
	enum tix_err		 err;

	*out = NULL;
	*maybe_sent = false;
	memset(&reply, 0, sizeof reply);
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK)
		err = rest_check_id(r, "ticket", id, cause);
	if (err == TIX_OK && (p->fields & TIX_PATCH_STATUS))
		err = fd_current_status(r, id, &current, cause);
	if (err != TIX_OK)
		return err;
	q = r->quirk;
	err = fd_update_body(p, q->field, current, &body, cause);
	if (err != TIX_OK)
		goto out;
	if (body == NULL) {
		/* Nothing left to change: the ticket as it is. */
		err = fd_get(a, TIX_KIND_TICKET, id, out, cause);
		goto out;
	}
	path = xasprintf("/tickets/%s", id);
	err = rest_call(r, "PUT", path, body, true, &reply, cause);
	*maybe_sent = reply.maybe_sent;
	if (err == TIX_OK) {
		fd_ctx_init(r, &ctx);
		err = fd_parse_ticket(reply.root, &ctx, out, cause);
	}
	/*
	 * The answer to a PUT has no stats, so a closed ticket has no
	 * closed_at: read it back with them (docs/platforms/freshdesk.md).
	 */
	if (err == TIX_OK && (*out)->u.ticket.status == TIX_STATUS_CLOSED &&
	    (*out)->u.ticket.closed_at == 0) {
		record_free(out);
		err = fd_get(a, TIX_KIND_TICKET, id, out, cause);
	}
out:
	free(path);
	free(body);
	rest_reply_done(&reply);
	return err;
}
