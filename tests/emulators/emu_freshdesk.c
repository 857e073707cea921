/*
 * Freshdesk API v2 as tix-emu serves it: the route table, the lists
 * (bare JSON arrays with page/per_page and Link headers, the 30-day
 * default window of GET /tickets and its 300-page limit) and the
 * platform's entry in the registry; wire shapes are in emu_fd_codec.c,
 * writes in emu_fd_write.c.  Auth is Basic "API_KEY:X".
 *
 * Source: the card (providers/zendesk-freshdesk-intercom-gorgias.md,
 * section 2).  Freshdesk has no OpenAPI; where the card is uncertain
 * this file relies on:
 * - 401 {"code":"invalid_credentials","message":"You have to be logged
 *   in to perform this action."} (card 2.5 [uncertain]);
 * - 404 with an empty body (card 2.5 [uncertain]);
 * - 429 with Retry-After and an empty body (no body is documented);
 * - validation messages in Freshdesk's wording as remembered ("It should
 *   be one of these values: '2,3,4,5'"); the envelope and the codes are
 *   [verified] on the card, the message texts are not;
 * - the page-301 error body is verbatim from the card [verified];
 * - contacts accept both "updated_since" and "_updated_since";
 * - a deleted ticket is 404 on GET (only the list's filter=deleted shows
 *   it, with "deleted": true); DELETE on it is 405, as a note on the
 *   "Delete a ticket" doc says;
 * - body_text and description_text render the HTML as recorded real
 *   answers do (emu_fd_html_render); a raw newline in the HTML is taken
 *   as white space, which no recorded answer shows either way.
 */

#include "config.h"

#include "tests/emulators/emu.h"
#include "tests/emulators/emu_fd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FD_MAX_TICKET_PAGE	300
#define FD_WINDOW		(30 * 24 * 60 * 60)

typedef cJSON *(*fd_item_fn)(struct emu_req *, void *);

/*
 * Serve a page of items as a bare array, with page and per_page
 * (default 30, max 100) and a Link header while more remain;
 * max_pages (0: none) is the ticket list's 300-page window.
 */
static void
fd_page(struct emu_req *req, struct emu_resp *resp, long long max_pages,
    const struct emu_item *items, size_t n, fd_item_fn fn)
{
	const struct emu_offset_rule	 rule = {
		.per_default = 30,
		.per_max = 100,
		.max_pages = max_pages,
	};
	struct emu_window		 w;
	enum emu_page_err		 err;
	long long			 page;
	cJSON				*root;
	size_t				 i;

	err = emu_page_offset(req, &rule, n, &page, &w);
	if (err == EMU_PAGE_BAD_PAGE)
		emu_fd_invalid(resp, "page", "It should be a Positive Integer",
		    "invalid_value");
	else if (err == EMU_PAGE_BAD_PER)
		emu_fd_invalid(resp, "per_page", "It should be a Positive "
		    "Integer less than or equal to 100", "invalid_value");
	else if (err == EMU_PAGE_PAST_CAP)
		/* Verbatim from airbyte's test_tickets.py (card 2.3). */
		emu_fd_invalid(resp, "page", "You cannot access tickets beyond "
		    "the 300th page. Please provide a smaller page number.",
		    "invalid_value");
	if (err != EMU_PAGE_OK)
		return;
	root = cJSON_CreateArray();
	for (i = w.start; i < w.end; i++)
		cJSON_AddItemToArray(root, fn(req, items[i].ptr));
	emu_page_link_next(req, resp, page, w.more);
	emu_resp_json(resp, 200, root);
}

/* List-item serializers. */
static cJSON *
fd_ticket_item(struct emu_req *req, void *p)
{
	return emu_fd_ticket_json(req, p, 0);
}

static cJSON *
fd_contact_item(struct emu_req *req, void *p)
{
	return emu_fd_contact_json(p, 0);
}

static cJSON *
fd_agent_item(struct emu_req *req, void *p)
{
	return emu_fd_agent_json(p);
}

static cJSON *
fd_group_item(struct emu_req *req, void *p)
{
	return emu_fd_group_json(p, 0);
}

static cJSON *
fd_note_item(struct emu_req *req, void *p)
{
	return emu_fd_conversation_json(req->ticket, p);
}

/* A ticket's sort key for order_by (due_by is created + 3 days). */
static int64_t
fd_ticket_key(const struct emu_ticket *t, int field)
{
	switch (field) {
	case 2:
		return t->updated;
	case 3:
		return emu_fd_status[t->status];
	default:
		return t->created;
	}
}

/* Does a ticket pass the list's filter= (new_and_my_open, spam...)? */
static int
fd_ticket_filter(const struct emu_ticket *t, const char *filter)
{
	if (filter == NULL || strcmp(filter, "deleted") == 0 ||
	    strcmp(filter, "watching") == 0)
		return 1;
	if (strcmp(filter, "new_and_my_open") == 0)
		return t->status <= EMU_ST_OPEN && (t->assignee_id == 0 ||
		    t->assignee_id == emu_db.me->id);
	return 0;	/* spam: none */
}

/* GET /api/v2/tickets */
static void
fd_tickets_list(struct emu_req *req, struct emu_resp *resp)
{
	static const char *const	 orders[] = {
		"created_at", "due_by", "updated_at", "status"
	};
	struct emu_item			*items;
	struct emu_ticket		*t;
	cJSON				*errors;
	const char			*since, *ob, *ot, *filter, *rq;
	time_t				 since_t = 0;
	int64_t				 rid = 0;
	size_t				 i, n = 0;
	int				 deleted, field, desc;

	errors = cJSON_CreateArray();
	since = emu_req_arg(req, "updated_since");
	if (since != NULL && emu_time_parse(since, &since_t) != 0)
		emu_fd_error_add(errors, "updated_since", "It should be in the "
		    "'valid date' format", "invalid_value");
	field = 0;
	desc = 1;
	ob = emu_req_arg(req, "order_by");
	if (ob != NULL) {
		for (i = 0; i < 4 && strcmp(ob, orders[i]) != 0; i++)
			;
		if (i == 4)
			emu_fd_error_add(errors, "order_by", "It should be one "
			    "of these values: 'created_at,due_by,updated_at,"
			    "status'", "invalid_value");
		field = (int)i;
	}
	ot = emu_req_arg(req, "order_type");
	if (ot != NULL) {
		if (strcmp(ot, "asc") == 0)
			desc = 0;
		else if (strcmp(ot, "desc") != 0)
			emu_fd_error_add(errors, "order_type", "It should be one "
			    "of these values: 'asc,desc'", "invalid_value");
	}
	filter = emu_req_arg(req, "filter");
	if (filter != NULL && strcmp(filter, "deleted") != 0 &&
	    strcmp(filter, "new_and_my_open") != 0 &&
	    strcmp(filter, "watching") != 0 && strcmp(filter, "spam") != 0)
		emu_fd_error_add(errors, "filter", "It should be one of these "
		    "values: 'new_and_my_open,watching,spam,deleted'",
		    "invalid_value");
	rq = emu_req_arg(req, "requester_id");
	if (rq != NULL && emu_parse_int64(rq, &rid) != 0)
		emu_fd_error_add(errors, "requester_id", "It should be a/an "
		    "Positive Integer", "datatype_mismatch");
	if (cJSON_GetArraySize(errors) > 0) {
		emu_fd_validation(resp, errors);
		return;
	}
	cJSON_Delete(errors);
	deleted = filter != NULL && strcmp(filter, "deleted") == 0;
	items = xcalloc(emu_db.ntickets + 1, sizeof *items);
	for (i = 0; i < emu_db.ntickets; i++) {
		t = emu_db.tickets[i];
		/* Without updated_since: created in the last 30 days. */
		if (t->deleted != deleted || (since == NULL && t->created <
		    emu_clock() - FD_WINDOW) || (since != NULL &&
		    t->updated < since_t) || (rid != 0 &&
		    t->requester_id != rid) || !fd_ticket_filter(t, filter))
			continue;
		items[n].key = fd_ticket_key(t, field);
		items[n].id = t->id;
		items[n++].ptr = t;
	}
	emu_items_sort(items, n, desc);
	resp->credits = 1 + 2 * (unsigned)(emu_fd_include(req,
	    "description") + emu_fd_include(req, "requester") +
	    emu_fd_include(req, "stats"));
	fd_page(req, resp, FD_MAX_TICKET_PAGE, items, n, fd_ticket_item);
	free(items);
}

/* Contacts or agents, with updated_since (or _updated_since) and email. */
static void
fd_users_list(struct emu_req *req, struct emu_resp *resp, int agents)
{
	struct emu_item	*items;
	struct emu_user	*u;
	const char	*since, *email;
	time_t		 since_t = 0;
	size_t		 i, n = 0;

	since = emu_req_arg(req, "_updated_since");
	if (since == NULL)
		since = emu_req_arg(req, "updated_since");
	if (since != NULL && emu_time_parse(since, &since_t) != 0) {
		emu_fd_invalid(resp, "_updated_since", "It should be in the "
		    "'valid date' format", "invalid_value");
		return;
	}
	email = emu_req_arg(req, "email");
	items = xcalloc(emu_db.nusers + 1, sizeof *items);
	for (i = 0; i < emu_db.nusers; i++) {
		u = emu_db.users[i];
		if ((u->role != EMU_END_USER) != agents || (since != NULL &&
		    u->updated < since_t) || (email != NULL &&
		    strcasecmp(email, u->email) != 0))
			continue;
		items[n++].ptr = u;
	}
	fd_page(req, resp, 0, items, n, agents ? fd_agent_item :
	    fd_contact_item);
	free(items);
}

static void
fd_contacts_list(struct emu_req *req, struct emu_resp *resp)
{
	fd_users_list(req, resp, 0);
}

static void
fd_agents_list(struct emu_req *req, struct emu_resp *resp)
{
	fd_users_list(req, resp, 1);
}

/* GET /api/v2/groups: paged like the other lists. */
static void
fd_groups_list(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_item	*items;
	size_t		 i;

	items = xcalloc(emu_db.ngroups + 1, sizeof *items);
	for (i = 0; i < emu_db.ngroups; i++)
		items[i].ptr = emu_db.groups[i];
	fd_page(req, resp, 0, items, emu_db.ngroups, fd_group_item);
	free(items);
}

/* GET /api/v2/tickets/{id}/conversations, oldest first. */
static void
fd_conversations(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_item	*items;
	size_t		 i;

	items = xcalloc(req->ticket->nnotes + 1, sizeof *items);
	for (i = 0; i < req->ticket->nnotes; i++)
		items[i].ptr = req->ticket->notes[i];
	fd_page(req, resp, 0, items, req->ticket->nnotes, fd_note_item);
	free(items);
}

/* POST /api/v2/tickets: 201 with Location and the ticket. */
static void
fd_ticket_create(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t;
	cJSON			*in;

	in = emu_fd_body(req, resp);
	if (in == NULL)
		return;
	if (emu_fd_create(in, resp, &t) == 0) {
		resp->write = 1;
		emu_resp_header(resp, "Location",
		    "http://%s/api/v2/tickets/%lld", req->host,
		    (long long)t->id);
		emu_resp_json(resp, 201, emu_fd_ticket_json(req, t, 1));
	}
	cJSON_Delete(in);
}

/* GET /api/v2/tickets/{id}: include= costs 2 credits each. */
static void
fd_ticket_show(struct emu_req *req, struct emu_resp *resp)
{
	resp->credits += 2 * (unsigned)(emu_fd_include(req,
	    "conversations") + emu_fd_include(req, "requester") +
	    emu_fd_include(req, "stats"));
	emu_resp_json(resp, 200, emu_fd_ticket_json(req, req->ticket, 1));
}

/* PUT /api/v2/tickets/{id} */
static void
fd_ticket_update(struct emu_req *req, struct emu_resp *resp)
{
	cJSON	*in;

	in = emu_fd_body(req, resp);
	if (in == NULL)
		return;
	if (emu_fd_apply(req->ticket, in, resp, 0) == 0) {
		emu_data_touch(req->ticket);
		resp->write = 1;
		emu_resp_json(resp, 200, emu_fd_ticket_json(req, req->ticket,
		    1));
	}
	cJSON_Delete(in);
}

/*
 * DELETE /api/v2/tickets/{id}: admins only (403 access_denied).  A
 * deleted ticket is in the trash: listed only with filter=deleted, 404
 * on GET, 405 to DELETE again (the "Delete a ticket" doc), and back with
 * PUT .../restore.
 */
static void
fd_ticket_delete(struct emu_req *req, struct emu_resp *resp)
{
	if (req->ticket->deleted) {
		emu_resp_text(resp, 405, NULL, NULL);
		return;
	}
	if (emu_db.me->role != EMU_ADMIN) {
		emu_fd_coded(resp, 403, "access_denied", "You are not "
		    "authorized to perform this action.");
		return;
	}
	req->ticket->deleted = 1;
	emu_data_touch(req->ticket);
	resp->write = 1;
	emu_resp_text(resp, 204, NULL, NULL);
}

/* PUT /api/v2/tickets/{id}/restore */
static void
fd_ticket_restore(struct emu_req *req, struct emu_resp *resp)
{
	if (!req->ticket->deleted) {
		emu_fd_not_found(resp);
		return;
	}
	req->ticket->deleted = 0;
	emu_data_touch(req->ticket);
	resp->write = 1;
	emu_resp_text(resp, 204, NULL, NULL);
}

static void
fd_reply(struct emu_req *req, struct emu_resp *resp)
{
	emu_fd_add_note(req, resp, 0);
}

static void
fd_note(struct emu_req *req, struct emu_resp *resp)
{
	emu_fd_add_note(req, resp, 1);
}

static void
fd_me(struct emu_req *req, struct emu_resp *resp)
{
	emu_resp_json(resp, 200, emu_fd_agent_json(emu_db.me));
}

/* GET /api/v2/contacts/{id} or /agents/{id}: the right kind of user. */
static void
fd_user_show(struct emu_req *req, struct emu_resp *resp, int agent)
{
	struct emu_user	*u;

	u = emu_data_user(req->id);
	if (u == NULL || (u->role != EMU_END_USER) != agent)
		emu_fd_not_found(resp);
	else
		emu_resp_json(resp, 200, agent ? emu_fd_agent_json(u) :
		    emu_fd_contact_json(u, 1));
}

static void
fd_contact_show(struct emu_req *req, struct emu_resp *resp)
{
	fd_user_show(req, resp, 0);
}

static void
fd_agent_show(struct emu_req *req, struct emu_resp *resp)
{
	fd_user_show(req, resp, 1);
}

static void
fd_group_show(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_group	*g;

	g = emu_data_group(req->id);
	if (g == NULL)
		emu_fd_not_found(resp);
	else
		emu_resp_json(resp, 200, emu_fd_group_json(g, 1));
}

static void
fd_ticket_fields(struct emu_req *req, struct emu_resp *resp)
{
	emu_fd_ticket_fields(resp);
}

static const struct emu_route	fd_routes[] = {
	{ .method = "GET", .path = "/api/v2/tickets", .fn = fd_tickets_list },
	{ .method = "POST", .path = "/api/v2/tickets",
	    .fn = fd_ticket_create },
	{ .method = "GET", .path = "/api/v2/tickets/{id}",
	    .need = EMU_NEED_TICKET, .fn = fd_ticket_show },
	{ .method = "PUT", .path = "/api/v2/tickets/{id}",
	    .need = EMU_NEED_TICKET, .fn = fd_ticket_update },
	{ .method = "DELETE", .path = "/api/v2/tickets/{id}",
	    .need = EMU_NEED_ANY_TICKET, .fn = fd_ticket_delete },
	{ .method = "PUT", .path = "/api/v2/tickets/{id}/restore",
	    .need = EMU_NEED_ANY_TICKET, .fn = fd_ticket_restore },
	{ .method = "GET", .path = "/api/v2/tickets/{id}/conversations",
	    .need = EMU_NEED_TICKET, .fn = fd_conversations },
	{ .method = "POST", .path = "/api/v2/tickets/{id}/reply",
	    .need = EMU_NEED_TICKET, .fn = fd_reply },
	{ .method = "POST", .path = "/api/v2/tickets/{id}/notes",
	    .need = EMU_NEED_TICKET, .fn = fd_note },
	{ .method = "GET", .path = "/api/v2/contacts",
	    .fn = fd_contacts_list },
	{ .method = "GET", .path = "/api/v2/contacts/{id}",
	    .fn = fd_contact_show },
	{ .method = "GET", .path = "/api/v2/agents", .fn = fd_agents_list },
	{ .method = "GET", .path = "/api/v2/agents/me", .fn = fd_me },
	{ .method = "GET", .path = "/api/v2/agents/{id}",
	    .fn = fd_agent_show },
	{ .method = "GET", .path = "/api/v2/groups", .fn = fd_groups_list },
	{ .method = "GET", .path = "/api/v2/groups/{id}",
	    .fn = fd_group_show },
	{ .method = "GET", .path = "/api/v2/ticket_fields",
	    .fn = fd_ticket_fields },
	{ .method = NULL }
};

/* Generated tickets' status mix: recent ones, and those older than 30 days. */
static const struct emu_mix	fd_mix_recent[] = {
	{ .below = 45, .status = EMU_ST_OPEN },
	{ .below = 70, .status = EMU_ST_PENDING },
	{ .below = 90, .status = EMU_ST_SOLVED },
	{ .below = 100, .status = EMU_ST_CLOSED },
};
static const struct emu_mix	fd_mix_old[] = {
	{ .below = 60, .status = EMU_ST_CLOSED },
	{ .below = 100, .status = EMU_ST_SOLVED },
};

/* A generated ticket's priority (1 to 4), type and source. */
static void
fd_seed_ticket(struct emu_ticket *t)
{
	static const int	sources[] = { 1, 2, 3, 7 };

	t->priority = (enum emu_priority)(1 + emu_data_below(4));
	if (emu_data_below(100) < 70)
		t->type = xstrdup(emu_fd_types[emu_data_below(
		    EMU_FD_NTYPES)]);
	t->source = sources[emu_data_below(EMU_NITEMS(sources))];
}

/* Admin path: a ticket (as GET /tickets/{id}) and a note in API shape. */
static cJSON *
fd_admin_ticket_json(struct emu_req *req, struct emu_ticket *t)
{
	return emu_fd_ticket_json(NULL, t, 1);
}

/* Unknown path or method: 404 with an empty body. */
static void
fd_no_route(struct emu_resp *resp)
{
	emu_fd_not_found(resp);
}

const struct emu_platform	emu_freshdesk = {
	.name = "freshdesk",
	.auth = EMU_AUTH_KEY,
	.rate_limit = 400,		/* Pro plan (card 2.5) */
	.routes = fd_routes,
	.first_user_id = 67013469000LL,
	.first_group_id = 67000150000LL,
	.first_note_id = 67030000000LL,
	.mix_recent = fd_mix_recent,
	.mix_old = fd_mix_old,
	.seed_ticket = fd_seed_ticket,
	.no_route = fd_no_route,
	.not_found = emu_fd_not_found,
	.auth_error = emu_fd_auth_error,
	.rate_error = emu_fd_rate_error,
	.rate_headers = emu_fd_rate_headers,
	.error = emu_fd_coded,
	.internal_error = { "internal_error",
	    "We're sorry, but something went wrong." },
	.too_large = { "request_too_large", "The request body is too large" },
	.ticket_json = fd_admin_ticket_json,
	.note_json = emu_fd_conversation_json,
	.ticket_patch = emu_fd_admin_patch,
	.ticket_new = emu_fd_admin_new,
};
