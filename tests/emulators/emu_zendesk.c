/*
 * Zendesk Support API v2 as tix-emu serves it: the route table, the
 * lists (cursor and offset pagination), the incremental exports and the
 * platform's entry in the registry; wire shapes are in emu_zd_codec.c,
 * writes in emu_zd_write.c.  Paths take an optional ".json"; auth is
 * Basic "email/token:TOKEN" or Bearer.
 *
 * Sources: the card (providers/zendesk-freshdesk-intercom-gorgias.md,
 * section 1) and the official OAS slices (specs/zendesk-oas-slices/).
 * Where they are uncertain this file says so and what it relied on:
 * - the 409 body is {"error":"UpdateConflict","description":...} (card
 *   1.7 [uncertain]);
 * - the 429 body is sent as JSON {"error":"APIRateLimitExceeded",...}
 *   although real 429s have also been seen as text/plain (card 1.6);
 * - links.next is sent whenever meta.after_cursor is, even on the last
 *   page (meta.has_more false), as a recorded real answer shows; the
 *   pagination guide says to stop when meta.has_more is false and does
 *   not promise a null links.next.  Following it anyway gets an empty
 *   page with has_more false and null cursors and links;
 * - page[size] above 100 is clamped to 100;
 * - cursors use the base64url alphabet so they survive naive query
 *   building; real ones are opaque too;
 * - the incremental export includes deleted tickets with status
 *   "deleted" unless exclude_deleted=true (Zendesk docs, "Using the
 *   Incremental Exports API");
 * - bodies for 400 on bad pagination parameters and for invalid JSON
 *   are guesses in Zendesk's {"error","description"} shape.
 */

#include "config.h"

#include "tests/emulators/emu.h"
#include "tests/emulators/emu_zd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZD_EXPORT_PAGE		1000

typedef cJSON *(*zd_item_fn)(struct emu_req *, void *);

/* List-item serializers. */
static cJSON *
zd_ticket_item(struct emu_req *req, void *p)
{
	return emu_zd_ticket_json(req, p);
}

/* Incremental exports add generated_timestamp. */
static cJSON *
zd_ticket_export_item(struct emu_req *req, void *p)
{
	struct emu_ticket	*t = p;
	cJSON			*o;

	o = emu_zd_ticket_json(req, t);
	cJSON_AddNumberToObject(o, "generated_timestamp",
	    (double)t->generated);
	return o;
}

static cJSON *
zd_comment_item(struct emu_req *req, void *p)
{
	return emu_zd_comment_json(NULL, p);
}

static cJSON *
zd_user_item(struct emu_req *req, void *p)
{
	return emu_zd_user_json(req, p);
}

static cJSON *
zd_group_item(struct emu_req *req, void *p)
{
	return emu_zd_group_json(req, p);
}

/* A link to this list with page[after] or page[before] set, or null. */
static void
zd_cursor_link(cJSON *links, struct emu_req *req, const char *name,
    const char *arg, const char *cursor)
{
	const char	*kv[4] = { "page[after]", NULL, "page[before]", NULL };
	char		*url;

	if (cursor == NULL) {
		cJSON_AddNullToObject(links, name);
		return;
	}
	kv[strcmp(arg, "page[after]") == 0 ? 1 : 3] = cursor;
	url = emu_req_url(req, kv, 2);
	cJSON_AddStringToObject(links, name, url);
	free(url);
}

/*
 * A cursor page (page[size] given): meta.has_more, after_cursor and
 * before_cursor, links.next and links.prev.  links.next is set whenever
 * after_cursor is, also on the last page, as Zendesk does.
 */
static void
zd_list_cursor(struct emu_req *req, struct emu_resp *resp, cJSON *root,
    const struct emu_item *items, size_t n, int desc, zd_item_fn fn)
{
	const char		*after, *before;
	int64_t			 pa[2], pb[2];
	long long		 size;
	struct emu_window	 w;
	cJSON			*meta, *links, *a;
	char			*ac = NULL, *bc = NULL;
	size_t			 i;

	size = emu_req_int(req, "page[size]", 100, 1, LLONG_MAX);
	after = emu_req_arg(req, "page[after]");
	before = emu_req_arg(req, "page[before]");
	if (size < 0 || (after != NULL && emu_cursor_decode(after, &pa[0],
	    &pa[1]) != 0) || (before != NULL && emu_cursor_decode(before,
	    &pb[0], &pb[1]) != 0)) {
		cJSON_Delete(root);
		emu_zd_error(resp, 400, "InvalidPaginationParameter",
		    "page[size], page[after] or page[before] is not valid");
		return;
	}
	emu_page_cursor(items, n, desc, size > 100 ? 100 : (size_t)size,
	    after != NULL ? pa : NULL, before != NULL ? pb : NULL, &w);
	a = root->child;
	for (i = w.start; i < w.end; i++)
		cJSON_AddItemToArray(a, fn(req, items[i].ptr));
	if (w.end > w.start) {
		ac = emu_cursor_encode(items[w.end - 1].key,
		    items[w.end - 1].id);
		bc = emu_cursor_encode(items[w.start].key, items[w.start].id);
	}
	meta = cJSON_AddObjectToObject(root, "meta");
	cJSON_AddBoolToObject(meta, "has_more", w.more);
	emu_json_str(meta, "after_cursor", ac);
	emu_json_str(meta, "before_cursor", bc);
	links = cJSON_AddObjectToObject(root, "links");
	zd_cursor_link(links, req, "prev", "page[before]", bc);
	zd_cursor_link(links, req, "next", "page[after]", ac);
	free(ac);
	free(bc);
	emu_resp_json(resp, 200, root);
}

/* An offset page: page, per_page (max 100), 400 past 10,000 records. */
static void
zd_list_offset(struct emu_req *req, struct emu_resp *resp, cJSON *root,
    const struct emu_item *items, size_t n, zd_item_fn fn)
{
	static const struct emu_offset_rule	 rule = {
		.per_default = 100,
		.per_max = 100,
		.per_clamp = 1,
		.max_records = 10000,	/* since 2023-08-15 (card 1.3) */
	};
	struct emu_window			 w;
	long long				 page;
	enum emu_page_err			 err;
	char					*url, num[32];
	const char				*kv[2] = { "page", num };
	size_t					 i;

	err = emu_page_offset(req, &rule, n, &page, &w);
	if (err != EMU_PAGE_OK) {
		cJSON_Delete(root);
		/* The body shape of these 400s is a guess. */
		emu_zd_error(resp, 400, "InvalidPaginationParameter",
		    err == EMU_PAGE_PAST_CAP ? "Offset pagination is limited "
		    "to the first 10000 records; use cursor pagination" :
		    "page and per_page must be positive integers");
		return;
	}
	for (i = w.start; i < w.end; i++)
		cJSON_AddItemToArray(root->child, fn(req, items[i].ptr));
	xsnprintf(num, sizeof num, "%lld", page + 1);
	url = w.more ? emu_req_url(req, kv, 1) : NULL;
	emu_json_str(root, "next_page", url);
	free(url);
	xsnprintf(num, sizeof num, "%lld", page - 1);
	url = page > 1 ? emu_req_url(req, kv, 1) : NULL;
	emu_json_str(root, "previous_page", url);
	free(url);
	cJSON_AddNumberToObject(root, "count", (double)n);
	emu_resp_json(resp, 200, root);
}

/*
 * Serve a list with Zendesk's pagination: cursor when page[size] is
 * given, offset otherwise.  items are sorted in list order.
 */
static void
zd_list(struct emu_req *req, struct emu_resp *resp, const char *name,
    const struct emu_item *items, size_t n, int desc, zd_item_fn fn)
{
	cJSON	*root;

	root = cJSON_CreateObject();
	cJSON_AddArrayToObject(root, name);
	if (emu_req_arg(req, "page[size]") != NULL)
		zd_list_cursor(req, resp, root, items, n, desc, fn);
	else
		zd_list_offset(req, resp, root, items, n, fn);
}

/* Sort key for tickets from a "sort" / "sort_by" argument. */
static int64_t
zd_ticket_key(const struct emu_ticket *t, const char *field)
{
	if (strcmp(field, "updated_at") == 0)
		return t->updated;
	if (strcmp(field, "created_at") == 0)
		return t->created;
	if (strcmp(field, "status") == 0)
		return t->status;
	return t->id;
}

/* GET /api/v2/tickets */
static void
zd_tickets_list(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_item	*items;
	const char	*sort, *order;
	size_t		 i, n = 0;
	int		 desc = 0;

	sort = emu_req_arg(req, "sort");
	if (sort == NULL)
		sort = emu_req_arg(req, "sort_by");
	if (sort == NULL)
		sort = "id";
	if (*sort == '-') {
		desc = 1;
		sort++;
	}
	order = emu_req_arg(req, "sort_order");
	if (order != NULL && strcmp(order, "desc") == 0)
		desc = 1;
	if (strcmp(sort, "id") != 0 && strcmp(sort, "updated_at") != 0 &&
	    strcmp(sort, "created_at") != 0 && strcmp(sort, "status") != 0) {
		emu_zd_error(resp, 400, "InvalidPaginationParameter",
		    "sort is not valid");
		return;
	}
	items = xcalloc(emu_db.ntickets + 1, sizeof *items);
	for (i = 0; i < emu_db.ntickets; i++) {
		if (emu_db.tickets[i]->deleted)
			continue;
		items[n].key = zd_ticket_key(emu_db.tickets[i], sort);
		items[n].id = emu_db.tickets[i]->id;
		items[n++].ptr = emu_db.tickets[i];
	}
	emu_items_sort(items, n, desc);
	zd_list(req, resp, "tickets", items, n, desc, zd_ticket_item);
	free(items);
}

/* GET /api/v2/users, with role= or role[]= filters. */
static void
zd_users_list(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_item	*items;
	const char	*roles[4];
	int		 nroles, j, keep;
	size_t		 i, n = 0;

	nroles = emu_req_args(req, "role[]", roles, 4);
	if (nroles == 0) {
		roles[0] = emu_req_arg(req, "role");
		nroles = roles[0] != NULL ? 1 : 0;
	}
	items = xcalloc(emu_db.nusers + 1, sizeof *items);
	for (i = 0; i < emu_db.nusers; i++) {
		keep = nroles == 0;
		for (j = 0; j < nroles; j++) {
			if (strcmp(roles[j], emu_zd_role(emu_db.users[i])) == 0)
				keep = 1;
		}
		if (!keep)
			continue;
		items[n].key = items[n].id = emu_db.users[i]->id;
		items[n++].ptr = emu_db.users[i];
	}
	zd_list(req, resp, "users", items, n, 0, zd_user_item);
	free(items);
}

/* GET /api/v2/groups */
static void
zd_groups_list(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_item	*items;
	size_t		 i;

	items = xcalloc(emu_db.ngroups, sizeof *items);
	for (i = 0; i < emu_db.ngroups; i++) {
		items[i].key = items[i].id = emu_db.groups[i]->id;
		items[i].ptr = emu_db.groups[i];
	}
	zd_list(req, resp, "groups", items, emu_db.ngroups, 0,
	    zd_group_item);
	free(items);
}

/* GET /api/v2/tickets/{id}/comments: created_at ascending by default. */
static void
zd_comments_list(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t = req->ticket;
	struct emu_item	*items;
	const char	*sort, *order;
	size_t		 i;
	int		 desc = 0;

	sort = emu_req_arg(req, "sort");
	order = emu_req_arg(req, "sort_order");
	if ((sort != NULL && strcmp(sort, "-created_at") == 0) ||
	    (order != NULL && strcmp(order, "desc") == 0))
		desc = 1;
	items = xcalloc(t->nnotes + 1, sizeof *items);
	for (i = 0; i < t->nnotes; i++) {
		items[i].key = t->notes[i]->created;
		items[i].id = t->notes[i]->id;
		items[i].ptr = t->notes[i];
	}
	emu_items_sort(items, t->nnotes, desc);
	zd_list(req, resp, "comments", items, t->nnotes, desc,
	    zd_comment_item);
	free(items);
}


/*
 * The items an incremental export walks: tickets (deleted ones too,
 * unless exclude_deleted=true) or users, by generated_timestamp, minus
 * those changed within --export-lag seconds.  Sorted ascending.
 */
static struct emu_item *
zd_export_items(struct emu_req *req, int users, size_t *np)
{
	struct emu_item	*items;
	const char	*xd;
	size_t		 i, n = 0, total;
	time_t		 horizon;
	int		 skip_deleted;

	xd = emu_req_arg(req, "exclude_deleted");
	skip_deleted = !users && xd != NULL && strcmp(xd, "true") == 0;
	horizon = emu_clock() - (time_t)emu_opts.export_lag;
	total = users ? emu_db.nusers : emu_db.ntickets;
	items = xcalloc(total + 1, sizeof *items);
	for (i = 0; i < total; i++) {
		if (users) {
			items[n].key = emu_db.users[i]->generated;
			items[n].id = emu_db.users[i]->id;
			items[n].ptr = emu_db.users[i];
		} else {
			if (skip_deleted && emu_db.tickets[i]->deleted)
				continue;
			items[n].key = emu_db.tickets[i]->generated;
			items[n].id = emu_db.tickets[i]->id;
			items[n].ptr = emu_db.tickets[i];
		}
		if (emu_opts.export_lag == 0 || items[n].key <= horizon)
			n++;
	}
	emu_items_sort(items, n, 0);
	*np = n;
	return items;
}

/*
 * The export's start: start_time (not in the future) or, when allowed,
 * a cursor.  Incremental exports are for admins (OAS "Allowed For:
 * Admins"); the 403 wording is from memory of Zendesk answers [medium].
 * 0, or -1 with resp set.
 */
static int
zd_export_start(struct emu_req *req, struct emu_resp *resp, int cursor,
    int64_t *key, int64_t *id, size_t *per)
{
	const char	*cur, *st;
	long long	 v;

	if (emu_db.me->role != EMU_ADMIN) {
		emu_zd_error(resp, 403, "Forbidden", "You do not have access "
		    "to this page. Please contact the account owner of this "
		    "help desk for further help.");
		return -1;
	}
	v = emu_req_int(req, "per_page", ZD_EXPORT_PAGE, 1, LLONG_MAX);
	*per = v < 0 || v > ZD_EXPORT_PAGE ? ZD_EXPORT_PAGE : (size_t)v;
	*id = 0;
	cur = cursor ? emu_req_arg(req, "cursor") : NULL;
	if (cur != NULL) {
		if (emu_cursor_decode(cur, key, id) == 0)
			return 0;
		emu_zd_error(resp, 400, "InvalidValue", "cursor is not valid");
		return -1;
	}
	st = emu_req_arg(req, "start_time");
	if (st == NULL || emu_parse_uint(st, 0, LLONG_MAX, &v) != 0) {
		emu_zd_error(resp, 400, "InvalidValue", cursor ?
		    "start_time or cursor is required" :
		    "start_time is required");
		return -1;
	}
	if (v > emu_clock()) {
		emu_zd_error(resp, 400, "InvalidValue",
		    "start_time cannot be in the future");
		return -1;
	}
	*key = v;
	return 0;
}

/* Add an export page's items under "tickets" or "users". */
static void
zd_export_add(struct emu_req *req, cJSON *root, int users,
    const struct emu_item *items, const struct emu_window *w)
{
	cJSON	*a;
	size_t	 i;

	a = cJSON_AddArrayToObject(root, users ? "users" : "tickets");
	for (i = w->start; i < w->end; i++)
		cJSON_AddItemToArray(a, users ? zd_user_item(req,
		    items[i].ptr) : zd_ticket_export_item(req, items[i].ptr));
}

/* Add "NAME_cursor" and "NAME_url" (?cursor=...), or nulls. */
static void
zd_export_cursor_pair(struct emu_req *req, cJSON *root, const char *name,
    const struct emu_item *at, int64_t key, int64_t id)
{
	const char	*kv[4] = { "cursor", NULL, "start_time", NULL };
	char		*cur, *url, member[32];

	cur = at != NULL ? emu_cursor_encode(at->key, at->id) :
	    emu_cursor_encode(key, id);
	kv[1] = cur;
	url = emu_req_url(req, kv, 2);
	xsnprintf(member, sizeof member, "%s_cursor", name);
	cJSON_AddStringToObject(root, member, cur);
	xsnprintf(member, sizeof member, "%s_url", name);
	cJSON_AddStringToObject(root, member, url);
	free(url);
	free(cur);
}

/*
 * Cursor-based incremental export (OAS IncrementalTicketExportCursor,
 * IncrementalUserExportCursor): start_time or cursor, up to 1000 per
 * page; after_cursor is always set, so a client can poll from it.
 */
static void
zd_export_cursor(struct emu_req *req, struct emu_resp *resp, int users)
{
	struct emu_item		*items;
	struct emu_window	 w;
	cJSON			*root;
	int64_t			 key, id;
	size_t			 n, per;

	if (zd_export_start(req, resp, 1, &key, &id, &per) != 0)
		return;
	items = zd_export_items(req, users, &n);
	emu_page_after(items, n, key, id, per, &w);
	root = cJSON_CreateObject();
	zd_export_add(req, root, users, items, &w);
	zd_export_cursor_pair(req, root, "after", w.end > w.start ?
	    &items[w.end - 1] : NULL, key, id);
	if (w.end > w.start)
		zd_export_cursor_pair(req, root, "before", &items[w.start],
		    0, 0);
	else {
		cJSON_AddNullToObject(root, "before_cursor");
		cJSON_AddNullToObject(root, "before_url");
	}
	cJSON_AddBoolToObject(root, "end_of_stream", !w.more);
	free(items);
	emu_resp_json(resp, 200, root);
}

/*
 * Time-based incremental export (OAS IncrementalTicketExportTime,
 * IncrementalUserExportTime): items with generated_timestamp >=
 * start_time; next_page starts at end_time, so the last second repeats
 * (as on Zendesk), and a page never splits one second.
 */
static void
zd_export_time(struct emu_req *req, struct emu_resp *resp, int users)
{
	struct emu_item		*items;
	struct emu_window	 w;
	cJSON			*root;
	const char		*kv[2];
	char			*url, num[32];
	int64_t			 key, id;
	size_t			 n, per, skip = 0;
	time_t			 end_time;

	if (zd_export_start(req, resp, 0, &key, &id, &per) != 0)
		return;
	items = zd_export_items(req, users, &n);
	while (skip < n && items[skip].key < key)
		skip++;
	emu_page_seconds(items + skip, n - skip, per, &w);
	w.start += skip;
	w.end += skip;
	end_time = w.end > w.start ? (time_t)items[w.end - 1].key :
	    (time_t)key;
	root = cJSON_CreateObject();
	zd_export_add(req, root, users, items, &w);
	xsnprintf(num, sizeof num, "%lld", (long long)end_time);
	kv[0] = "start_time";
	kv[1] = num;
	url = emu_req_url(req, kv, 1);
	cJSON_AddStringToObject(root, "next_page", url);
	free(url);
	cJSON_AddNumberToObject(root, "count", (double)(w.end - w.start));
	cJSON_AddNumberToObject(root, "end_time", (double)end_time);
	cJSON_AddBoolToObject(root, "end_of_stream", !w.more &&
	    w.end - w.start < per);
	free(items);
	emu_resp_json(resp, 200, root);
}

/* Route handlers. */
static void
zd_export_tickets(struct emu_req *req, struct emu_resp *resp)
{
	zd_export_cursor(req, resp, 0);
}

static void
zd_export_users(struct emu_req *req, struct emu_resp *resp)
{
	zd_export_cursor(req, resp, 1);
}

static void
zd_export_tickets_time(struct emu_req *req, struct emu_resp *resp)
{
	zd_export_time(req, resp, 0);
}

static void
zd_export_users_time(struct emu_req *req, struct emu_resp *resp)
{
	zd_export_time(req, resp, 1);
}

/* {"NAME": OBJ} with 200. */
static void
zd_show(struct emu_resp *resp, const char *name, cJSON *o)
{
	cJSON	*root;

	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, name, o);
	emu_resp_json(resp, 200, root);
}

static void
zd_ticket_show(struct emu_req *req, struct emu_resp *resp)
{
	zd_show(resp, "ticket", emu_zd_ticket_json(req, req->ticket));
}

static void
zd_ticket_delete(struct emu_req *req, struct emu_resp *resp)
{
	req->ticket->deleted = 1;
	emu_data_touch(req->ticket);
	resp->write = 1;
	emu_resp_text(resp, 204, NULL, NULL);
}

static void
zd_tags_show(struct emu_req *req, struct emu_resp *resp)
{
	zd_show(resp, "tags", emu_json_strv(req->ticket->tags,
	    req->ticket->ntags));
}

static void
zd_user_me(struct emu_req *req, struct emu_resp *resp)
{
	zd_show(resp, "user", emu_zd_user_json(req, emu_db.me));
}

static void
zd_user_show(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_user	*u;

	u = emu_data_user(req->id);
	if (u == NULL)
		emu_zd_not_found(resp);
	else
		zd_show(resp, "user", emu_zd_user_json(req, u));
}

static void
zd_group_show(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_group	*g;

	g = emu_data_group(req->id);
	if (g == NULL)
		emu_zd_not_found(resp);
	else
		zd_show(resp, "group", emu_zd_group_json(req, g));
}

/* Unknown path or method: 404 InvalidEndpoint. */
static void
zd_no_route(struct emu_resp *resp)
{
	emu_zd_error(resp, 404, "InvalidEndpoint", "Not found");
}

static const struct emu_route	zd_routes[] = {
	{ .method = "GET", .path = "/api/v2/tickets", .fn = zd_tickets_list },
	{ .method = "POST", .path = "/api/v2/tickets",
	    .fn = emu_zd_ticket_create },
	{ .method = "GET", .path = "/api/v2/tickets/{id}",
	    .need = EMU_NEED_TICKET, .fn = zd_ticket_show },
	{ .method = "PUT", .path = "/api/v2/tickets/{id}",
	    .need = EMU_NEED_TICKET, .fn = emu_zd_ticket_update },
	{ .method = "DELETE", .path = "/api/v2/tickets/{id}",
	    .need = EMU_NEED_TICKET, .fn = zd_ticket_delete },
	{ .method = "GET", .path = "/api/v2/tickets/{id}/comments",
	    .need = EMU_NEED_TICKET, .fn = zd_comments_list },
	{ .method = "GET", .path = "/api/v2/tickets/{id}/tags",
	    .need = EMU_NEED_TICKET, .fn = zd_tags_show },
	{ .method = "POST", .path = "/api/v2/tickets/{id}/tags",
	    .need = EMU_NEED_TICKET, .fn = emu_zd_ticket_tags },
	{ .method = "PUT", .path = "/api/v2/tickets/{id}/tags",
	    .need = EMU_NEED_TICKET, .fn = emu_zd_ticket_tags },
	{ .method = "DELETE", .path = "/api/v2/tickets/{id}/tags",
	    .need = EMU_NEED_TICKET, .fn = emu_zd_ticket_tags },
	{ .method = "GET", .path = "/api/v2/incremental/tickets/cursor",
	    .fn = zd_export_tickets },
	{ .method = "GET", .path = "/api/v2/incremental/tickets",
	    .fn = zd_export_tickets_time },
	{ .method = "GET", .path = "/api/v2/incremental/users/cursor",
	    .fn = zd_export_users },
	{ .method = "GET", .path = "/api/v2/incremental/users",
	    .fn = zd_export_users_time },
	{ .method = "GET", .path = "/api/v2/users", .fn = zd_users_list },
	{ .method = "GET", .path = "/api/v2/users/me", .fn = zd_user_me },
	{ .method = "GET", .path = "/api/v2/users/{id}", .fn = zd_user_show },
	{ .method = "GET", .path = "/api/v2/groups", .fn = zd_groups_list },
	{ .method = "GET", .path = "/api/v2/groups/assignable",
	    .fn = zd_groups_list },
	{ .method = "GET", .path = "/api/v2/groups/{id}",
	    .fn = zd_group_show },
	{ .method = "GET", .path = "/api/v2/ticket_fields",
	    .fn = emu_zd_ticket_fields },
	{ .method = NULL }
};

/* Generated tickets' status mix: recent ones, and those older than 30 days. */
static const struct emu_mix	zd_mix_recent[] = {
	{ .below = 10, .status = EMU_ST_NEW },
	{ .below = 45, .status = EMU_ST_OPEN },
	{ .below = 65, .status = EMU_ST_PENDING },
	{ .below = 70, .status = EMU_ST_HOLD },
	{ .below = 100, .status = EMU_ST_SOLVED },
};
static const struct emu_mix	zd_mix_old[] = {
	{ .below = 70, .status = EMU_ST_CLOSED },
	{ .below = 100, .status = EMU_ST_SOLVED },
};

/* A generated ticket's priority (null included) and type. */
static void
zd_seed_ticket(struct emu_ticket *t)
{
	t->priority = (enum emu_priority)emu_data_below(EMU_PRIO_COUNT);
	if (emu_data_below(100) < 60)
		t->type = xstrdup(emu_zd_types[emu_data_below(
		    EMU_ZD_NTYPES)]);
}

/* Admin path: a ticket and a note in API shape. */
static cJSON *
zd_admin_ticket_json(struct emu_req *req, struct emu_ticket *t)
{
	return emu_zd_ticket_json(req, t);
}

static cJSON *
zd_admin_note_json(struct emu_ticket *t, struct emu_note *n)
{
	return emu_zd_comment_json(t, n);
}

const struct emu_platform	emu_zendesk = {
	.name = "zendesk",
	.auth = EMU_AUTH_EMAIL_TOKEN,
	.bearer = 1,
	.path_suffix = ".json",		/* optional (card 1.1) */
	.rate_limit = 700,		/* Enterprise plan (card 1.6) */
	.routes = zd_routes,
	.first_user_id = 377922500000LL,
	.first_group_id = 360004077000LL,
	.first_note_id = 653915434000LL,
	.description_note = 1,
	.mix_recent = zd_mix_recent,
	.mix_old = zd_mix_old,
	.seed_ticket = zd_seed_ticket,
	.no_route = zd_no_route,
	.not_found = emu_zd_not_found,
	.auth_error = emu_zd_auth_error,
	.rate_error = emu_zd_rate_error,
	.rate_headers = emu_zd_rate_headers,
	.error = emu_zd_error,
	.internal_error = { "InternalServerError", "Something went wrong" },
	.too_large = { "RequestTooLarge", "The request body is too large" },
	.ticket_json = zd_admin_ticket_json,
	.note_json = zd_admin_note_json,
	.ticket_patch = emu_zd_admin_patch,
	.ticket_new = emu_zd_admin_new,
};
