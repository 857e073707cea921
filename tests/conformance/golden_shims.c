/*
 * The golden files' platforms, one row each, and the one shim per
 * platform that hands a recorded answer to that platform's normalizer
 * the way its adapter does (providers/zendesk.c, providers/freshdesk.c).
 * When the normalizers' entry points change, only the shims change.
 */

#include "config.h"

#include "tests/conformance/golden.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/hashmap.h"
#include "core/http.h"
#include "core/xmalloc.h"
#include "providers/freshdesk_json.h"
#include "providers/rest.h"
#include "providers/zendesk_json.h"

/* Does path (query cut off) match pattern, "*" standing for one id? */
static bool
path_is(const char *path, const char *pattern, char id[JSON_ID_MAX])
{
	size_t	n;

	for (; *pattern != '\0'; pattern++) {
		if (*pattern == '*') {
			n = strspn(path, "0123456789");
			if (n == 0 || n >= JSON_ID_MAX)
				return false;
			memcpy(id, path, n);
			id[n] = '\0';
			path += n;
		} else if (*path++ != *pattern)
			return false;
	}
	return *path == '\0' || *path == '?';
}

static char			 golden_account_name[] = "golden";
static struct account		 golden_account = {
	.index = 1,
	.name = golden_account_name,
};

/* The kit's account state as the adapter would have it: the agents. */
static void
state_rest(const struct golden_state *st, const struct rest_platform *pf,
    struct rest *r)
{
	memset(r, 0, sizeof *r);
	r->pf = pf;
	r->account = &golden_account;
	hashset_init(&r->agents);
	for (size_t i = 0; i < st->agents.n; i++)
		hashset_add(&r->agents, st->agents.v[i]);
	r->agents_known = st->agents.n > 0;
}

/* The context every normalizer starts from. */
static void
state_ctx(const struct golden_state *st, const struct rest *r,
    struct rest_ctx *ctx)
{
	ctx->account = golden_account.index;
	ctx->web_base = st->web_base;
	ctx->me_id = st->me[0] != '\0' ? st->me : NULL;
	ctx->rest = r->agents_known ? r : NULL;
}

/* Remember the agents of a page (comment authors are told by them). */
static void
state_add_agents(struct golden_state *st, const struct page *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		if (pg->records[i]->kind == TIX_KIND_AGENT)
			strv_add(&st->agents, pg->records[i]->u.agent.id);
	}
}

/* A single record, when there is one, into the page. */
static enum tix_err
page_one(enum tix_err err, struct record **r, struct page *out)
{
	if (err == TIX_OK)
		page_add(out, *r);
	*r = NULL;
	return err;
}

static enum tix_err	 golden_zendesk_answer(struct golden_state *,
			    const struct golden_answer *, struct rest *,
			    const struct zd_ctx *, struct zd_list_req *,
			    struct page *, char **);

/* Zendesk (providers/zendesk.c's list, get, create and update). */
static enum tix_err
golden_zendesk(struct golden_state *st, const struct golden_answer *a,
    struct page *out, char **cause)
{
	static const struct rest_platform pf = { .name = "Zendesk" };
	struct rest		 kit;
	struct zd_ctx		 ctx;
	struct zd_list_req	 r;
	enum tix_err		 err;

	state_rest(st, &pf, &kit);
	memset(&ctx, 0, sizeof ctx);
	state_ctx(st, &kit, &ctx.base);
	/* "me" is known from open() on (providers/zendesk.c). */
	ctx.base.rest = &kit;
	memset(&r, 0, sizeof r);
	r.walk = ZD_WALK_PAGE;
	err = golden_zendesk_answer(st, a, &kit, &ctx, &r, out, cause);
	hashset_done(&kit.agents);
	return err;
}

/* One Zendesk answer, by the request it answers. */
static enum tix_err
golden_zendesk_answer(struct golden_state *st, const struct golden_answer *a,
    struct rest *kit, const struct zd_ctx *ctx, struct zd_list_req *r,
    struct page *out, char **cause)
{
	struct record		*rec = NULL;
	const cJSON		*comment;
	char			 id[JSON_ID_MAX];
	enum tix_err		 err;

	if (path_is(a->path, "/users/me.json", id)) {
		err = zd_parse_me(a->body, st->me, cause);
		if (err == TIX_OK)
			strv_add(&st->agents, st->me);
		return err;
	}
	if (path_is(a->path, "/tickets/*.json", id)) {
		comment = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(a->request, "ticket"),
		    "comment");
		if (strcmp(a->method, "PUT") == 0 && comment != NULL)
			return page_one(zd_parse_note_audit(a->body, id, ctx,
			    &rec, cause), &rec, out);
		return page_one(zd_parse_ticket(
		    cJSON_GetObjectItemCaseSensitive(a->body, "ticket"), ctx,
		    &rec, cause), &rec, out);
	}
	if (path_is(a->path, "/users/*.json", id))
		return page_one(zd_parse_customer(
		    cJSON_GetObjectItemCaseSensitive(a->body, "user"), ctx,
		    &rec, cause), &rec, out);
	if (path_is(a->path, "/tickets.json", id))
		r->kind = TIX_KIND_TICKET;
	else if (path_is(a->path, "/incremental/tickets/cursor.json", id)) {
		r->kind = TIX_KIND_TICKET;
		r->walk = ZD_WALK_EXPORT;
	} else if (path_is(a->path, "/incremental/users/cursor.json", id)) {
		r->kind = TIX_KIND_CUSTOMER;
		r->walk = ZD_WALK_EXPORT;
	} else if (path_is(a->path, "/tickets/*/comments.json", id)) {
		r->kind = TIX_KIND_NOTE;
		r->ticket_id = id;
	} else if (path_is(a->path, "/groups.json", id))
		r->kind = TIX_KIND_CATEGORY;
	else if (path_is(a->path, "/users.json", id))
		r->kind = strstr(a->path, "role=end-user") != NULL ?
		    TIX_KIND_CUSTOMER : TIX_KIND_AGENT;
	else
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "no Zendesk request is %s %s", a->method, a->path);
	err = zd_parse_page(kit, a->body, r, ctx, out, cause);
	if (err == TIX_OK)
		state_add_agents(st, out);
	return err;
}

/* Freshdesk (providers/freshdesk.c's list, get, create and update). */
static enum tix_err
golden_freshdesk(struct golden_state *st, const struct golden_answer *a,
    struct page *out, char **cause)
{
	static const struct rest_platform pf = { .name = "Freshdesk" };
	struct rest		 kit;
	struct fd_ctx		 ctx;
	struct fd_page_walk	 w;
	struct fd_label		*labels = NULL;
	struct record		*rec = NULL;
	char			 id[JSON_ID_MAX], *next;
	enum tix_kind		 kind;
	const char		*ticket = NULL;
	enum tix_err		 err;

	state_rest(st, &pf, &kit);
	memset(&ctx, 0, sizeof ctx);
	state_ctx(st, &kit, &ctx.base);
	fd_parse_statuses(st->ticket_fields, &labels, &ctx.nstatuses);
	ctx.statuses = labels;

	if (path_is(a->path, "/agents/me", id))
		err = fd_parse_me(a->body, st->me, cause);
	else if (path_is(a->path, "/ticket_fields", id)) {
		cJSON_Delete(st->ticket_fields);
		st->ticket_fields = cJSON_Duplicate(a->body, true);
		err = fd_parse_categories(a->body, &ctx, out, cause);
	} else if (path_is(a->path, "/tickets/*", id))
		err = page_one(fd_parse_ticket(a->body, &ctx, &rec, cause),
		    &rec, out);
	else if (path_is(a->path, "/tickets/*/notes", id) ||
	    path_is(a->path, "/tickets/*/reply", id))
		err = page_one(fd_parse_conversation(a->body, id, &ctx, &rec,
		    cause), &rec, out);
	else if (path_is(a->path, "/contacts/*", id))
		err = page_one(fd_parse_contact(a->body, &ctx, &rec, cause),
		    &rec, out);
	else {
		if (path_is(a->path, "/tickets", id))
			kind = TIX_KIND_TICKET;
		else if (path_is(a->path, "/tickets/*/conversations", id)) {
			kind = TIX_KIND_NOTE;
			ticket = id;
		} else if (path_is(a->path, "/contacts", id))
			kind = TIX_KIND_CUSTOMER;
		else if (path_is(a->path, "/agents", id))
			kind = TIX_KIND_AGENT;
		else {
			fd_labels_free(&labels, &ctx.nstatuses);
			hashset_done(&kit.agents);
			return tix_fail(cause, TIX_ERR_UNSUPPORTED,
			    "no Freshdesk request is %s %s", a->method,
			    a->path);
		}
		w = (struct fd_page_walk){ .kind = kind, .ticket_id = ticket,
		    .ctx = &ctx, .deleted = strstr(a->path,
		    "filter=deleted") != NULL };
		next = a->link != NULL ? http_link_next(a->link) : NULL;
		err = fd_parse_page(&kit, a->body, &w, a->path, next, out,
		    cause);
		free(next);
		if (err == TIX_OK)
			state_add_agents(st, out);
	}
	fd_labels_free(&labels, &ctx.nstatuses);
	hashset_done(&kit.agents);
	return err;
}

const struct golden_row golden_rows[] = {
	{
		.name = "zendesk",
		.web_base = "https://acme.zendesk.com",
		.shim = golden_zendesk,
	},
	{
		.name = "freshdesk",
		.web_base = "https://acme.freshdesk.com",
		.shim = golden_freshdesk,
	},
};

const size_t golden_nrows = sizeof golden_rows / sizeof golden_rows[0];
