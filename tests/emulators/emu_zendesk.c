/*
 * Zendesk Support API v2 as tix-emu serves it: paths (with or without
 * ".json"), Basic "email/token:TOKEN" and Bearer auth, envelopes, cursor
 * and offset pagination, incremental exports, safe_update conflicts,
 * rate-limit headers and error bodies.
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

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define ZD_MAX_PAGE		100
#define ZD_EXPORT_PAGE		1000
#define ZD_OFFSET_LIMIT		10000
#define ZD_MAX_COMMENTS		5000

/* One list item with its sort key. */
struct zd_item {
	int64_t	 key;
	int64_t	 id;
	void	*ptr;
};

typedef cJSON *(*zd_json_fn)(struct emu_req *, void *);

static int64_t	zd_next_audit_id = 900000000000LL;

/* Zendesk's usual error body. */
static void
zd_error(struct emu_resp *resp, unsigned status, const char *error,
    const char *description)
{
	cJSON	*root;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "error", error);
	if (description != NULL)
		cJSON_AddStringToObject(root, "description", description);
	emu_resp_json(resp, status, root);
}

/* 404 for a missing record. */
static void
zd_not_found(struct emu_resp *resp)
{
	zd_error(resp, 404, "RecordNotFound", "Not found");
}

/* 422 RecordInvalid with one field's detail. */
static void
zd_invalid(struct emu_resp *resp, const char *field, const char *desc)
{
	cJSON	*root, *details, *a, *o;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "error", "RecordInvalid");
	cJSON_AddStringToObject(root, "description",
	    "Record validation errors");
	details = cJSON_AddObjectToObject(root, "details");
	a = cJSON_AddArrayToObject(details, field);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "description", desc);
	cJSON_AddStringToObject(o, "error", "InvalidValue");
	cJSON_AddItemToArray(a, o);
	emu_resp_json(resp, 422, root);
}

/* Add an ISO timestamp field. */
static void
zd_add_time(cJSON *o, const char *name, time_t t)
{
	char	buf[32];

	cJSON_AddStringToObject(o, name, emu_time_iso(t, buf, sizeof buf));
}

/* Add an id field, or null for 0. */
static void
zd_add_id(cJSON *o, const char *name, int64_t id)
{
	if (id == 0)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddNumberToObject(o, name, (double)id);
}

/* Add a string field, or null. */
static void
zd_add_str(cJSON *o, const char *name, const char *s)
{
	if (s == NULL)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddStringToObject(o, name, s);
}

/* The API URL of a resource, as Zendesk puts in "url". */
static void
zd_add_url(cJSON *o, struct emu_req *req, const char *what, int64_t id)
{
	char	*url;

	url = xasprintf("http://%s/api/v2/%s/%lld.json", req->host, what,
	    (long long)id);
	cJSON_AddStringToObject(o, "url", url);
	free(url);
}

/* A ticket in Zendesk's shape (go-zendesk fixture GET/ticket.json). */
static cJSON *
zd_ticket_json(struct emu_req *req, struct emu_ticket *t)
{
	cJSON			*o, *via, *src, *a;
	struct emu_user		*u;
	size_t			 i;

	o = cJSON_CreateObject();
	zd_add_url(o, req, "tickets", t->id);
	cJSON_AddNumberToObject(o, "id", (double)t->id);
	cJSON_AddNullToObject(o, "external_id");
	via = cJSON_AddObjectToObject(o, "via");
	cJSON_AddStringToObject(via, "channel", "email");
	src = cJSON_AddObjectToObject(via, "source");
	a = cJSON_AddObjectToObject(src, "from");
	u = emu_data_user(t->requester_id);
	if (u != NULL) {
		cJSON_AddStringToObject(a, "address", u->email);
		cJSON_AddStringToObject(a, "name", u->name);
	}
	a = cJSON_AddObjectToObject(src, "to");
	cJSON_AddStringToObject(a, "name", "Example Support");
	cJSON_AddStringToObject(a, "address", "support@example.zendesk.com");
	cJSON_AddNullToObject(src, "rel");
	zd_add_time(o, "created_at", t->created);
	zd_add_time(o, "updated_at", t->updated);
	zd_add_str(o, "type", t->type);
	cJSON_AddStringToObject(o, "subject", t->subject);
	cJSON_AddStringToObject(o, "raw_subject", t->subject);
	cJSON_AddStringToObject(o, "description", t->description);
	zd_add_str(o, "priority", emu_zd_priority[t->priority]);
	cJSON_AddStringToObject(o, "status", t->deleted ? "deleted" :
	    emu_zd_status[t->status]);
	cJSON_AddStringToObject(o, "recipient", "support@example.zendesk.com");
	zd_add_id(o, "requester_id", t->requester_id);
	zd_add_id(o, "submitter_id", t->submitter_id);
	zd_add_id(o, "assignee_id", t->assignee_id);
	cJSON_AddNullToObject(o, "organization_id");
	zd_add_id(o, "group_id", t->group_id);
	cJSON_AddArrayToObject(o, "collaborator_ids");
	cJSON_AddArrayToObject(o, "follower_ids");
	cJSON_AddArrayToObject(o, "email_cc_ids");
	cJSON_AddNullToObject(o, "forum_topic_id");
	cJSON_AddNullToObject(o, "problem_id");
	cJSON_AddBoolToObject(o, "has_incidents", 0);
	cJSON_AddBoolToObject(o, "is_public", 1);
	cJSON_AddNullToObject(o, "due_at");
	a = cJSON_AddArrayToObject(o, "tags");
	for (i = 0; i < t->ntags; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(t->tags[i]));
	cJSON_AddArrayToObject(o, "custom_fields");
	cJSON_AddNullToObject(o, "satisfaction_rating");
	cJSON_AddArrayToObject(o, "sharing_agreement_ids");
	cJSON_AddArrayToObject(o, "fields");
	cJSON_AddArrayToObject(o, "followup_ids");
	cJSON_AddNumberToObject(o, "ticket_form_id", 360000389592.0);
	cJSON_AddNumberToObject(o, "brand_id", 360002256672.0);
	cJSON_AddBoolToObject(o, "allow_channelback", 0);
	cJSON_AddBoolToObject(o, "allow_attachments", 1);
	cJSON_AddBoolToObject(o, "from_messaging_channel", 0);
	return o;
}

/* The ticket serializer with the list-callback signature. */
static cJSON *
zd_ticket_item(struct emu_req *req, void *p)
{
	return zd_ticket_json(req, p);
}

/* Incremental exports add generated_timestamp. */
static cJSON *
zd_ticket_export_item(struct emu_req *req, void *p)
{
	struct emu_ticket	*t = p;
	cJSON			*o;

	o = zd_ticket_json(req, t);
	cJSON_AddNumberToObject(o, "generated_timestamp",
	    (double)t->generated);
	return o;
}

/* A comment (go-zendesk fixture GET/ticket_comments.json). */
static cJSON *
zd_comment_json(struct emu_ticket *t, struct emu_note *n)
{
	cJSON	*o, *via, *src, *meta;
	char	*esc, *html;

	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)n->id);
	cJSON_AddStringToObject(o, "type", "Comment");
	cJSON_AddNumberToObject(o, "author_id", (double)n->author_id);
	cJSON_AddStringToObject(o, "body", n->body);
	if (n->html_body != NULL)
		cJSON_AddStringToObject(o, "html_body", n->html_body);
	else {
		esc = emu_html_escape(n->body);
		html = xasprintf("<div class=\"zd-comment\" dir=\"auto\">"
		    "<p>%s</p></div>", esc);
		cJSON_AddStringToObject(o, "html_body", html);
		free(html);
		free(esc);
	}
	cJSON_AddStringToObject(o, "plain_body", n->body);
	cJSON_AddBoolToObject(o, "public", n->public);
	cJSON_AddArrayToObject(o, "attachments");
	cJSON_AddNumberToObject(o, "audit_id", (double)(n->id + 1));
	via = cJSON_AddObjectToObject(o, "via");
	cJSON_AddStringToObject(via, "channel", n->via_api ? "api" :
	    (n->incoming ? "email" : "web"));
	src = cJSON_AddObjectToObject(via, "source");
	cJSON_AddObjectToObject(src, "from");
	cJSON_AddObjectToObject(src, "to");
	cJSON_AddNullToObject(src, "rel");
	zd_add_time(o, "created_at", n->created);
	meta = cJSON_AddObjectToObject(o, "metadata");
	cJSON_AddObjectToObject(meta, "system");
	cJSON_AddObjectToObject(meta, "custom");
	return o;
}

/* The comment serializer with the list-callback signature. */
static cJSON *
zd_comment_item(struct emu_req *req, void *p)
{
	struct emu_note	*n = p;

	return zd_comment_json(NULL, n);
}

/* The role name of a user. */
static const char *
zd_role(const struct emu_user *u)
{
	switch (u->role) {
	case EMU_ADMIN:
		return "admin";
	case EMU_AGENT:
		return "agent";
	default:
		return "end-user";
	}
}

/* A user (go-zendesk fixture GET/user.json). */
static cJSON *
zd_user_json(struct emu_req *req, struct emu_user *u)
{
	cJSON	*o, *a;
	size_t	 i;
	int	 agent;

	agent = u->role != EMU_END_USER;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)u->id);
	zd_add_url(o, req, "users", u->id);
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddStringToObject(o, "email", u->email);
	zd_add_time(o, "created_at", u->created);
	zd_add_time(o, "updated_at", u->updated);
	cJSON_AddStringToObject(o, "time_zone", "Eastern Time (US & Canada)");
	cJSON_AddStringToObject(o, "iana_time_zone", "America/New_York");
	cJSON_AddNullToObject(o, "phone");
	cJSON_AddNullToObject(o, "shared_phone_number");
	cJSON_AddNullToObject(o, "photo");
	cJSON_AddNumberToObject(o, "locale_id", 1);
	cJSON_AddStringToObject(o, "locale", "en-US");
	cJSON_AddNullToObject(o, "organization_id");
	cJSON_AddStringToObject(o, "role", zd_role(u));
	cJSON_AddBoolToObject(o, "verified", 1);
	cJSON_AddNullToObject(o, "external_id");
	a = cJSON_AddArrayToObject(o, "tags");
	for (i = 0; i < u->ntags; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(u->tags[i]));
	cJSON_AddStringToObject(o, "alias", "");
	cJSON_AddBoolToObject(o, "active", 1);
	cJSON_AddBoolToObject(o, "shared", 0);
	cJSON_AddBoolToObject(o, "shared_agent", 0);
	if (agent)
		zd_add_time(o, "last_login_at", u->updated);
	else
		cJSON_AddNullToObject(o, "last_login_at");
	cJSON_AddNullToObject(o, "two_factor_auth_enabled");
	zd_add_str(o, "signature", agent ? "" : NULL);
	cJSON_AddStringToObject(o, "details", "");
	cJSON_AddStringToObject(o, "notes", "");
	if (agent)
		cJSON_AddNumberToObject(o, "role_type", u->role == EMU_ADMIN ?
		    4 : 0);
	else
		cJSON_AddNullToObject(o, "role_type");
	cJSON_AddNullToObject(o, "custom_role_id");
	cJSON_AddBoolToObject(o, "moderator", agent);
	zd_add_str(o, "ticket_restriction", agent ? NULL : "requested");
	cJSON_AddBoolToObject(o, "only_private_comments", 0);
	cJSON_AddBoolToObject(o, "restricted_agent", 0);
	cJSON_AddBoolToObject(o, "suspended", 0);
	cJSON_AddBoolToObject(o, "chat_only", 0);
	cJSON_AddNullToObject(o, "default_group_id");
	cJSON_AddBoolToObject(o, "report_csv", u->role == EMU_ADMIN);
	cJSON_AddObjectToObject(o, "user_fields");
	return o;
}

/* The user serializer with the list-callback signature. */
static cJSON *
zd_user_item(struct emu_req *req, void *p)
{
	return zd_user_json(req, p);
}

/* A group (go-zendesk fixture GET/groups.json). */
static cJSON *
zd_group_item(struct emu_req *req, void *p)
{
	struct emu_group	*g = p;
	cJSON			*o;

	o = cJSON_CreateObject();
	zd_add_url(o, req, "groups", g->id);
	cJSON_AddNumberToObject(o, "id", (double)g->id);
	cJSON_AddBoolToObject(o, "is_public", 1);
	cJSON_AddStringToObject(o, "name", g->name);
	cJSON_AddStringToObject(o, "description", g->description);
	cJSON_AddBoolToObject(o, "default", g == emu_db.groups[0]);
	cJSON_AddBoolToObject(o, "deleted", 0);
	zd_add_time(o, "created_at", g->created);
	zd_add_time(o, "updated_at", g->updated);
	return o;
}

/* Encode a cursor position (key, id) as an opaque base64url string. */
static char *
zd_cursor_encode(int64_t key, int64_t id)
{
	static const char	 tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	char			 raw[64], *out, *p;
	size_t			 len, i;
	unsigned		 v;

	len = (size_t)xsnprintf(raw, sizeof raw, "%lld|%lld",
	    (long long)key, (long long)id);
	out = p = xmalloc(((len + 2) / 3) * 4 + 1);
	for (i = 0; i < len; i += 3) {
		v = (unsigned)(unsigned char)raw[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)(unsigned char)raw[i + 1] << 8;
		if (i + 2 < len)
			v |= (unsigned char)raw[i + 2];
		*p++ = tab[(v >> 18) & 63];
		*p++ = tab[(v >> 12) & 63];
		*p++ = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		*p++ = i + 2 < len ? tab[v & 63] : '=';
	}
	*p = '\0';
	return out;
}

/* Decode a cursor; 0 on success. */
static int
zd_cursor_decode(const char *s, int64_t *key, int64_t *id)
{
	static const char	 tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	char			 raw[64], *bar, *end;
	const char		*p;
	size_t			 n = 0;
	unsigned		 acc = 0, bits = 0;
	long long		 a, b;

	for (; *s != '\0' && *s != '='; s++) {
		p = strchr(tab, *s);
		if (p == NULL || n + 1 >= sizeof raw)
			return -1;
		acc = (acc << 6) | (unsigned)(p - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	raw[n] = '\0';
	bar = strchr(raw, '|');
	if (bar == NULL)
		return -1;
	*bar = '\0';
	errno = 0;
	a = strtoll(raw, &end, 10);
	if (errno != 0 || *end != '\0' || end == raw)
		return -1;
	b = strtoll(bar + 1, &end, 10);
	if (errno != 0 || *end != '\0' || end == bar + 1)
		return -1;
	*key = a;
	*id = b;
	return 0;
}

static int	zd_sort_desc;

/* Order items by (key, id), ascending or descending. */
static int
zd_item_cmp(const void *pa, const void *pb)
{
	const struct zd_item	*a = pa, *b = pb;
	int			 c;

	if (a->key != b->key)
		c = a->key < b->key ? -1 : 1;
	else
		c = (a->id > b->id) - (a->id < b->id);
	return zd_sort_desc ? -c : c;
}

/* Where an item stands against a cursor position, in list order. */
static int
zd_pos_cmp(const struct zd_item *it, int64_t key, int64_t id, int desc)
{
	int	c;

	if (it->key != key)
		c = it->key < key ? -1 : 1;
	else
		c = (it->id > id) - (it->id < id);
	return desc ? -c : c;
}

/* Parse an integer argument with a default; -1 if present but bad. */
static long long
zd_arg_int(struct emu_req *req, const char *name, long long def,
    long long min, long long max)
{
	const char	*s;
	long long	 v;

	s = emu_req_arg(req, name);
	if (s == NULL)
		return def;
	if (emu_parse_uint(s, min, max, &v) != 0)
		return -1;
	return v;
}

/*
 * Serve a list with Zendesk's pagination: cursor when page[size] is
 * given, offset (page, per_page, 10,000-record cap) otherwise.  items
 * must already be sorted in list order (desc tells the direction).
 */
static void
zd_list(struct emu_req *req, struct emu_resp *resp, const char *name,
    struct zd_item *items, size_t n, int desc, zd_json_fn fn)
{
	cJSON		*root, *a, *meta, *links;
	const char	*after, *before;
	char		*ac = NULL, *bc = NULL, *url;
	const char	*kv[4];
	long long	 size, page, per;
	size_t		 start, end, i;
	int64_t		 key, id;
	int		 more;

	root = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(root, name);
	if (emu_req_arg(req, "page[size]") != NULL) {
		size = zd_arg_int(req, "page[size]", 100, 1, LLONG_MAX);
		if (size < 0) {
			cJSON_Delete(root);
			zd_error(resp, 400, "InvalidPaginationParameter",
			    "page[size] must be a positive integer");
			return;
		}
		if (size > ZD_MAX_PAGE)
			size = ZD_MAX_PAGE;
		after = emu_req_arg(req, "page[after]");
		before = emu_req_arg(req, "page[before]");
		start = 0;
		end = n;
		if ((after != NULL && zd_cursor_decode(after, &key, &id)
		    != 0) || (before != NULL && zd_cursor_decode(before,
		    &key, &id) != 0)) {
			cJSON_Delete(root);
			zd_error(resp, 400, "InvalidPaginationParameter",
			    "page[after] or page[before] is not a valid "
			    "cursor");
			return;
		}
		if (before != NULL) {
			while (end > 0 && zd_pos_cmp(&items[end - 1], key,
			    id, desc) >= 0)
				end--;
			start = end > (size_t)size ? end - (size_t)size : 0;
			more = start > 0;
		} else {
			if (after != NULL) {
				while (start < n && zd_pos_cmp(&items[start],
				    key, id, desc) <= 0)
					start++;
			}
			end = n - start > (size_t)size ? start +
			    (size_t)size : n;
			more = end < n;
		}
		for (i = start; i < end; i++)
			cJSON_AddItemToArray(a, fn(req, items[i].ptr));
		meta = cJSON_AddObjectToObject(root, "meta");
		cJSON_AddBoolToObject(meta, "has_more", more);
		links = cJSON_AddObjectToObject(root, "links");
		if (end > start) {
			ac = zd_cursor_encode(items[end - 1].key,
			    items[end - 1].id);
			bc = zd_cursor_encode(items[start].key,
			    items[start].id);
		}
		zd_add_str(meta, "after_cursor", ac);
		zd_add_str(meta, "before_cursor", bc);
		kv[0] = "page[after]";
		kv[2] = "page[before]";
		if (bc != NULL) {
			kv[1] = NULL;
			kv[3] = bc;
			url = emu_req_url(req, kv, 2);
			cJSON_AddStringToObject(links, "prev", url);
			free(url);
		} else
			cJSON_AddNullToObject(links, "prev");
		if (ac != NULL) {
			kv[1] = ac;
			kv[3] = NULL;
			url = emu_req_url(req, kv, 2);
			cJSON_AddStringToObject(links, "next", url);
			free(url);
		} else
			cJSON_AddNullToObject(links, "next");
		free(ac);
		free(bc);
		emu_resp_json(resp, 200, root);
		return;
	}

	page = zd_arg_int(req, "page", 1, 1, LLONG_MAX / 200);
	per = zd_arg_int(req, "per_page", 100, 1, LLONG_MAX / 200);
	if (page < 0 || per < 0) {
		cJSON_Delete(root);
		zd_error(resp, 400, "InvalidPaginationParameter",
		    "page and per_page must be positive integers");
		return;
	}
	if (per > ZD_MAX_PAGE)
		per = ZD_MAX_PAGE;
	if ((page - 1) * per >= ZD_OFFSET_LIMIT) {
		cJSON_Delete(root);
		/* Since 2023-08-15 (card 1.3); body shape is a guess. */
		zd_error(resp, 400, "InvalidPaginationParameter",
		    "Offset pagination is limited to the first 10000 "
		    "records; use cursor pagination");
		return;
	}
	start = (size_t)((page - 1) * per);
	for (i = start; i < n && i < start + (size_t)per; i++)
		cJSON_AddItemToArray(a, fn(req, items[i].ptr));
	kv[0] = "page";
	if (start + (size_t)per < n) {
		ac = xasprintf("%lld", page + 1);
		kv[1] = ac;
		url = emu_req_url(req, kv, 1);
		cJSON_AddStringToObject(root, "next_page", url);
		free(url);
		free(ac);
	} else
		cJSON_AddNullToObject(root, "next_page");
	if (page > 1) {
		bc = xasprintf("%lld", page - 1);
		kv[1] = bc;
		url = emu_req_url(req, kv, 1);
		cJSON_AddStringToObject(root, "previous_page", url);
		free(url);
		free(bc);
	} else
		cJSON_AddNullToObject(root, "previous_page");
	cJSON_AddNumberToObject(root, "count", (double)n);
	emu_resp_json(resp, 200, root);
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
	struct zd_item	*items;
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
		zd_error(resp, 400, "InvalidPaginationParameter",
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
	zd_sort_desc = desc;
	qsort(items, n, sizeof *items, zd_item_cmp);
	zd_list(req, resp, "tickets", items, n, desc, zd_ticket_item);
	free(items);
}

/* GET /api/v2/users, with role= or role[]= filters. */
static void
zd_users_list(struct emu_req *req, struct emu_resp *resp)
{
	struct zd_item	*items;
	const char	*roles[4];
	int		 nroles, j, keep;
	size_t		 i, n = 0;

	nroles = emu_req_args(req, "role[]", roles, 4);
	if (nroles == 0 && (roles[0] = emu_req_arg(req, "role")) != NULL)
		nroles = 1;
	items = xcalloc(emu_db.nusers + 1, sizeof *items);
	for (i = 0; i < emu_db.nusers; i++) {
		keep = nroles == 0;
		for (j = 0; j < nroles; j++) {
			if (strcmp(roles[j], zd_role(emu_db.users[i])) == 0)
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
	struct zd_item	*items;
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
zd_comments_list(struct emu_req *req, struct emu_resp *resp,
    struct emu_ticket *t)
{
	struct zd_item	*items;
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
	zd_sort_desc = desc;
	qsort(items, t->nnotes, sizeof *items, zd_item_cmp);
	zd_list(req, resp, "comments", items, t->nnotes, desc,
	    zd_comment_item);
	free(items);
}

/* Incremental exports are for admins (OAS "Allowed For: Admins"). */
static int
zd_need_admin(struct emu_resp *resp)
{
	if (emu_db.me->role == EMU_ADMIN)
		return 0;
	/* Real 403 wording, from memory of Zendesk responses [medium]. */
	zd_error(resp, 403, "Forbidden", "You do not have access to this "
	    "page. Please contact the account owner of this help desk for "
	    "further help.");
	return -1;
}

/*
 * Cursor-based incremental export over tickets or users: start_time or
 * cursor, up to 1000 per page (per_page lowers it), sorted by
 * generated_timestamp; after_cursor always set so a client can poll.
 */
static void
zd_export_cursor(struct emu_req *req, struct emu_resp *resp, int users)
{
	struct zd_item	*items;
	cJSON		*root, *a;
	const char	*cur, *st, *xd;
	char		*ac, *bc = NULL, *url;
	const char	*kv[4];
	int64_t		 key, id;
	long long	 v, per;
	size_t		 i, n = 0, start, end, total;
	time_t		 horizon;

	if (zd_need_admin(resp) != 0)
		return;
	cur = emu_req_arg(req, "cursor");
	st = emu_req_arg(req, "start_time");
	if (cur != NULL) {
		if (zd_cursor_decode(cur, &key, &id) != 0) {
			zd_error(resp, 400, "InvalidValue",
			    "cursor is not valid");
			return;
		}
	} else if (st != NULL && emu_parse_uint(st, 0, LLONG_MAX, &v) == 0) {
		if (v > emu_clock()) {
			zd_error(resp, 400, "InvalidValue",
			    "start_time cannot be in the future");
			return;
		}
		key = v;
		id = 0;
	} else {
		zd_error(resp, 400, "InvalidValue",
		    "start_time or cursor is required");
		return;
	}
	per = zd_arg_int(req, "per_page", ZD_EXPORT_PAGE, 1, LLONG_MAX);
	if (per < 0 || per > ZD_EXPORT_PAGE)
		per = ZD_EXPORT_PAGE;
	xd = emu_req_arg(req, "exclude_deleted");
	horizon = emu_clock() - (time_t)emu_opts.export_lag;
	total = users ? emu_db.nusers : emu_db.ntickets;
	items = xcalloc(total + 1, sizeof *items);
	for (i = 0; i < total; i++) {
		if (users) {
			items[n].key = emu_db.users[i]->generated;
			items[n].id = emu_db.users[i]->id;
			items[n].ptr = emu_db.users[i];
		} else {
			if (emu_db.tickets[i]->deleted && xd != NULL &&
			    strcmp(xd, "true") == 0)
				continue;
			items[n].key = emu_db.tickets[i]->generated;
			items[n].id = emu_db.tickets[i]->id;
			items[n].ptr = emu_db.tickets[i];
		}
		if (emu_opts.export_lag != 0 && items[n].key > horizon)
			continue;
		n++;
	}
	zd_sort_desc = 0;
	qsort(items, n, sizeof *items, zd_item_cmp);
	start = 0;
	while (start < n && zd_pos_cmp(&items[start], key, id, 0) <= 0)
		start++;
	end = n - start > (size_t)per ? start + (size_t)per : n;

	root = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(root, users ? "users" : "tickets");
	for (i = start; i < end; i++)
		cJSON_AddItemToArray(a, users ? zd_user_item(req,
		    items[i].ptr) : zd_ticket_export_item(req, items[i].ptr));
	if (end > start) {
		ac = zd_cursor_encode(items[end - 1].key, items[end - 1].id);
		bc = zd_cursor_encode(items[start].key, items[start].id);
	} else
		ac = zd_cursor_encode(key, id);
	cJSON_AddStringToObject(root, "after_cursor", ac);
	kv[0] = "cursor";
	kv[1] = ac;
	kv[2] = "start_time";
	kv[3] = NULL;
	url = emu_req_url(req, kv, 2);
	cJSON_AddStringToObject(root, "after_url", url);
	free(url);
	zd_add_str(root, "before_cursor", bc);
	if (bc != NULL) {
		kv[1] = bc;
		url = emu_req_url(req, kv, 2);
		cJSON_AddStringToObject(root, "before_url", url);
		free(url);
	} else
		cJSON_AddNullToObject(root, "before_url");
	cJSON_AddBoolToObject(root, "end_of_stream", end == n);
	free(ac);
	free(bc);
	free(items);
	emu_resp_json(resp, 200, root);
}

/*
 * Time-based incremental export over tickets or users: items with
 * generated_timestamp >= start_time; next_page starts at end_time, so the
 * last second repeats (real Zendesk does the same); a page never splits
 * one second (OAS IncrementalTicketExportTime, IncrementalUserExportTime).
 */
static void
zd_export_time(struct emu_req *req, struct emu_resp *resp, int users)
{
	struct zd_item	*items;
	cJSON		*root, *a;
	const char	*st;
	char		*url, num[32];
	const char	*kv[2];
	long long	 v, per;
	size_t		 i, n = 0, start, end, total;
	time_t		 end_time, horizon, gen;

	if (zd_need_admin(resp) != 0)
		return;
	st = emu_req_arg(req, "start_time");
	if (st == NULL || emu_parse_uint(st, 0, LLONG_MAX, &v) != 0) {
		zd_error(resp, 400, "InvalidValue",
		    "start_time is required");
		return;
	}
	if (v > emu_clock()) {
		zd_error(resp, 400, "InvalidValue",
		    "start_time cannot be in the future");
		return;
	}
	per = zd_arg_int(req, "per_page", ZD_EXPORT_PAGE, 1, LLONG_MAX);
	if (per < 0 || per > ZD_EXPORT_PAGE)
		per = ZD_EXPORT_PAGE;
	horizon = emu_clock() - (time_t)emu_opts.export_lag;
	total = users ? emu_db.nusers : emu_db.ntickets;
	items = xcalloc(total + 1, sizeof *items);
	for (i = 0; i < total; i++) {
		gen = users ? emu_db.users[i]->generated :
		    emu_db.tickets[i]->generated;
		if (gen < v)
			continue;
		if (emu_opts.export_lag != 0 && gen > horizon)
			continue;
		items[n].key = gen;
		items[n].id = users ? emu_db.users[i]->id :
		    emu_db.tickets[i]->id;
		items[n++].ptr = users ? (void *)emu_db.users[i] :
		    (void *)emu_db.tickets[i];
	}
	zd_sort_desc = 0;
	qsort(items, n, sizeof *items, zd_item_cmp);
	start = 0;
	end = n > (size_t)per ? (size_t)per : n;
	while (end > 0 && end < n && items[end].key == items[end - 1].key)
		end++;
	end_time = end > 0 ? (time_t)items[end - 1].key : (time_t)v;

	root = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(root, users ? "users" : "tickets");
	for (i = start; i < end; i++)
		cJSON_AddItemToArray(a, users ? zd_user_item(req,
		    items[i].ptr) : zd_ticket_export_item(req, items[i].ptr));
	xsnprintf(num, sizeof num, "%lld", (long long)end_time);
	kv[0] = "start_time";
	kv[1] = num;
	url = emu_req_url(req, kv, 1);
	cJSON_AddStringToObject(root, "next_page", url);
	free(url);
	cJSON_AddNumberToObject(root, "count", (double)(end - start));
	cJSON_AddNumberToObject(root, "end_time", (double)end_time);
	cJSON_AddBoolToObject(root, "end_of_stream", end == n &&
	    end - start < (size_t)per);
	free(items);
	emu_resp_json(resp, 200, root);
}

/* Start an audit for a write. */
static cJSON *
zd_audit_new(struct emu_ticket *t, cJSON **events)
{
	cJSON	*audit, *meta, *sys;

	audit = cJSON_CreateObject();
	cJSON_AddNumberToObject(audit, "id", (double)zd_next_audit_id++);
	cJSON_AddNumberToObject(audit, "ticket_id", (double)t->id);
	zd_add_time(audit, "created_at", t->updated);
	cJSON_AddNumberToObject(audit, "author_id", (double)emu_db.me->id);
	meta = cJSON_AddObjectToObject(audit, "metadata");
	sys = cJSON_AddObjectToObject(meta, "system");
	cJSON_AddStringToObject(sys, "client", "tix-emu");
	cJSON_AddStringToObject(sys, "ip_address", "127.0.0.1");
	cJSON_AddObjectToObject(meta, "custom");
	*events = cJSON_AddArrayToObject(audit, "events");
	return audit;
}

/* Record a "Change" event. */
static void
zd_audit_change(cJSON *events, const char *field, cJSON *value,
    cJSON *previous)
{
	cJSON	*e;

	e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "id", (double)zd_next_audit_id++);
	cJSON_AddStringToObject(e, "type", "Change");
	cJSON_AddItemToObject(e, "value", value);
	cJSON_AddStringToObject(e, "field_name", field);
	cJSON_AddItemToObject(e, "previous_value", previous);
	cJSON_AddItemToArray(events, e);
}

/* A string or null as a new JSON value. */
static cJSON *
zd_str_value(const char *s)
{
	return s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* An id or null as a new JSON value. */
static cJSON *
zd_id_value(int64_t id)
{
	return id != 0 ? cJSON_CreateNumber((double)id) : cJSON_CreateNull();
}

/* Index of s in a NULL-terminated or sized table, or -1. */
static int
zd_lookup(const char *const *tab, size_t n, const char *s)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (tab[i] != NULL && strcmp(tab[i], s) == 0)
			return (int)i;
	}
	return -1;
}

/* Read an id-or-null field: 1 set, 0 absent, -1 invalid. */
static int
zd_get_id(cJSON *o, const char *name, int64_t *out)
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
static int
zd_is_strings(cJSON *v)
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

/* A JSON array from a ticket's tags. */
static cJSON *
zd_tags_value(struct emu_ticket *t)
{
	cJSON	*a;
	size_t	 i;

	a = cJSON_CreateArray();
	for (i = 0; i < t->ntags; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(t->tags[i]));
	return a;
}

/*
 * Validate then apply a ticket object (update, create or admin patch).
 * Returns 0, or -1 with the error response set; nothing is applied on
 * error.  *changed tells whether anything changed.  When events is not
 * NULL, Change and Comment events are added to it.
 */
static int
zd_apply(struct emu_ticket *t, cJSON *in, struct emu_resp *resp,
    cJSON *events, int *changed, struct emu_note **added)
{
	cJSON		*v, *st, *pr, *ty, *tags, *add, *rm, *cm, *e;
	cJSON		*body = NULL, *html = NULL, *pub = NULL, *sj;
	int		 status = -1, prio = -1, type = -1, r;
	int64_t		 assignee = -1, group = -1, requester = -1;
	int64_t		 author;
	char		**list;
	size_t		 n, i;
	struct emu_user	*u;
	struct emu_note	*note;

	*changed = 0;
	st = cJSON_GetObjectItemCaseSensitive(in, "status");
	if (st != NULL) {
		if (!cJSON_IsString(st) || (status = zd_lookup(emu_zd_status,
		    emu_zd_nstatus, st->valuestring)) < 0) {
			zd_invalid(resp, "status", "Status: is not valid");
			return -1;
		}
	}
	pr = cJSON_GetObjectItemCaseSensitive(in, "priority");
	if (pr != NULL) {
		if (cJSON_IsNull(pr) || (cJSON_IsString(pr) &&
		    *pr->valuestring == '\0'))
			prio = 0;
		else if (!cJSON_IsString(pr) || (prio = zd_lookup(
		    emu_zd_priority, 5, pr->valuestring)) < 1) {
			zd_invalid(resp, "priority",
			    "Priority: is not valid");
			return -1;
		}
	}
	ty = cJSON_GetObjectItemCaseSensitive(in, "type");
	if (ty != NULL) {
		if (cJSON_IsNull(ty) || (cJSON_IsString(ty) &&
		    *ty->valuestring == '\0'))
			type = 4;
		else if (!cJSON_IsString(ty) || (type = zd_lookup(
		    emu_zd_types, 4, ty->valuestring)) < 0) {
			zd_invalid(resp, "type", "Type: is not valid");
			return -1;
		}
	}
	r = zd_get_id(in, "assignee_id", &assignee);
	if (r < 0 || (r > 0 && assignee != 0 && ((u = emu_data_user(
	    assignee)) == NULL || u->role == EMU_END_USER))) {
		zd_invalid(resp, "assignee", "Assignee: is invalid");
		return -1;
	}
	if (r == 0)
		assignee = -1;
	r = zd_get_id(in, "group_id", &group);
	if (r < 0 || (r > 0 && group != 0 && emu_data_group(group) ==
	    NULL)) {
		zd_invalid(resp, "group", "Group: is invalid");
		return -1;
	}
	if (r == 0)
		group = -1;
	r = zd_get_id(in, "requester_id", &requester);
	if (r < 0 || (r > 0 && (requester == 0 ||
	    emu_data_user(requester) == NULL))) {
		zd_invalid(resp, "requester", "Requester: is invalid");
		return -1;
	}
	if (r == 0)
		requester = -1;
	tags = cJSON_GetObjectItemCaseSensitive(in, "tags");
	add = cJSON_GetObjectItemCaseSensitive(in, "additional_tags");
	rm = cJSON_GetObjectItemCaseSensitive(in, "remove_tags");
	if ((tags != NULL && !zd_is_strings(tags)) || (add != NULL &&
	    !zd_is_strings(add)) || (rm != NULL && !zd_is_strings(rm))) {
		zd_invalid(resp, "tags", "Tags: must be a list of strings");
		return -1;
	}
	sj = cJSON_GetObjectItemCaseSensitive(in, "subject");
	if (sj != NULL && !cJSON_IsString(sj)) {
		zd_invalid(resp, "subject", "Subject: is not valid");
		return -1;
	}
	author = emu_db.me->id;
	cm = cJSON_GetObjectItemCaseSensitive(in, "comment");
	if (cm != NULL) {
		body = cJSON_GetObjectItemCaseSensitive(cm, "body");
		html = cJSON_GetObjectItemCaseSensitive(cm, "html_body");
		pub = cJSON_GetObjectItemCaseSensitive(cm, "public");
		if (!cJSON_IsObject(cm) || (!cJSON_IsString(body) &&
		    !cJSON_IsString(html)) || (pub != NULL &&
		    !cJSON_IsBool(pub))) {
			zd_invalid(resp, "base",
			    "Comment: body or html_body is required");
			return -1;
		}
		r = zd_get_id(cm, "author_id", &author);
		if (r < 0 || (r > 0 && (author == 0 ||
		    emu_data_user(author) == NULL))) {
			zd_invalid(resp, "base", "Comment: author is invalid");
			return -1;
		}
		if (r == 0)
			author = emu_db.me->id;
		if (t->nnotes >= ZD_MAX_COMMENTS) {
			zd_invalid(resp, "base",
			    "Comment: the ticket has reached the limit of "
			    "5000 comments");
			return -1;
		}
	}

	/* Everything is valid: apply and record the events. */
	if (sj != NULL && strcmp(sj->valuestring, t->subject) != 0) {
		if (events != NULL)
			zd_audit_change(events, "subject",
			    cJSON_CreateString(sj->valuestring),
			    cJSON_CreateString(t->subject));
		free(t->subject);
		t->subject = xstrdup(sj->valuestring);
		*changed = 1;
	}
	if (requester >= 0 && requester != t->requester_id) {
		if (events != NULL)
			zd_audit_change(events, "requester_id",
			    zd_id_value(requester),
			    zd_id_value(t->requester_id));
		t->requester_id = requester;
		*changed = 1;
	}
	if (assignee >= 0 && assignee != t->assignee_id) {
		if (events != NULL)
			zd_audit_change(events, "assignee_id",
			    zd_id_value(assignee),
			    zd_id_value(t->assignee_id));
		t->assignee_id = assignee;
		*changed = 1;
		/* An assigned new ticket becomes open, as in Zendesk. */
		if (status < 0 && t->status == 0 && assignee != 0)
			status = 1;
	}
	if (group >= 0 && group != t->group_id) {
		if (events != NULL)
			zd_audit_change(events, "group_id", zd_id_value(group),
			    zd_id_value(t->group_id));
		t->group_id = group;
		*changed = 1;
	}
	if (status >= 0 && status != t->status) {
		if (events != NULL)
			zd_audit_change(events, "status",
			    cJSON_CreateString(emu_zd_status[status]),
			    cJSON_CreateString(emu_zd_status[t->status]));
		emu_data_set_status(t, status);
		*changed = 1;
	}
	if (prio >= 0 && prio != t->priority) {
		if (events != NULL)
			zd_audit_change(events, "priority",
			    zd_str_value(emu_zd_priority[prio]),
			    zd_str_value(emu_zd_priority[t->priority]));
		t->priority = prio;
		*changed = 1;
	}
	if (type >= 0 && (emu_zd_types[type] == NULL ? t->type != NULL :
	    (t->type == NULL || strcmp(t->type, emu_zd_types[type]) != 0))) {
		if (events != NULL)
			zd_audit_change(events, "type",
			    zd_str_value(emu_zd_types[type]),
			    zd_str_value(t->type));
		free(t->type);
		t->type = xstrdup_opt(emu_zd_types[type]);
		*changed = 1;
	}
	if (tags != NULL || add != NULL || rm != NULL) {
		v = zd_tags_value(t);
		if (tags != NULL) {
			n = (size_t)cJSON_GetArraySize(tags);
			list = xcalloc(n + 1, sizeof *list);
			i = 0;
			cJSON_ArrayForEach(e, tags)
				list[i++] = e->valuestring;
			emu_data_set_tags(t, list, n);
			free(list);
		}
		cJSON_ArrayForEach(e, add)
			emu_data_add_tag(t, e->valuestring);
		cJSON_ArrayForEach(e, rm)
			emu_data_remove_tag(t, e->valuestring);
		e = zd_tags_value(t);
		if (cJSON_Compare(v, e, 1)) {
			cJSON_Delete(v);
			cJSON_Delete(e);
		} else {
			if (events != NULL)
				zd_audit_change(events, "tags", e, v);
			else {
				cJSON_Delete(v);
				cJSON_Delete(e);
			}
			*changed = 1;
		}
	}
	if (cm != NULL) {
		note = emu_data_note_add(t, author, EMU_NOTE_COMMENT,
		    pub == NULL || cJSON_IsTrue(pub),
		    cJSON_IsString(body) ? body->valuestring :
		    html->valuestring,
		    cJSON_IsString(html) ? html->valuestring : NULL);
		u = emu_data_user(author);
		if (u != NULL && u->role == EMU_END_USER)
			note->incoming = 1;
		if (events != NULL) {
			e = zd_comment_json(t, note);
			cJSON_ReplaceItemInObjectCaseSensitive(e, "type",
			    cJSON_CreateString("Comment"));
			cJSON_AddItemToArray(events, e);
		}
		if (added != NULL)
			*added = note;
		*changed = 1;
	}
	return 0;
}

/* Read the request body as {"ticket":{...}}; NULL with resp set. */
static cJSON *
zd_body_ticket(struct emu_req *req, struct emu_resp *resp, cJSON **root)
{
	cJSON	*t;

	*root = cJSON_ParseWithLength(req->body != NULL ? req->body : "",
	    req->body_len);
	if (*root == NULL) {
		zd_error(resp, 400, "InvalidJSON",
		    "The request body is not valid JSON");
		return NULL;
	}
	t = cJSON_GetObjectItemCaseSensitive(*root, "ticket");
	if (!cJSON_IsObject(t)) {
		cJSON_Delete(*root);
		*root = NULL;
		zd_error(resp, 400, "InvalidParameter",
		    "The request body must be a ticket object");
		return NULL;
	}
	return t;
}

/* PUT /api/v2/tickets/{id}: update, note, safe_update. */
static void
zd_ticket_update(struct emu_req *req, struct emu_resp *resp,
    struct emu_ticket *t)
{
	cJSON	*root, *in, *safe, *stamp, *audit, *events, *out;
	char	 ts[32];
	int	 changed;

	in = zd_body_ticket(req, resp, &root);
	if (in == NULL)
		return;
	safe = cJSON_GetObjectItemCaseSensitive(in, "safe_update");
	stamp = cJSON_GetObjectItemCaseSensitive(in, "updated_stamp");
	if (cJSON_IsTrue(safe) || (cJSON_IsString(safe) &&
	    strcmp(safe->valuestring, "true") == 0)) {
		emu_time_iso(t->updated, ts, sizeof ts);
		if (!cJSON_IsString(stamp) || strcmp(stamp->valuestring,
		    ts) != 0) {
			cJSON_Delete(root);
			zd_error(resp, 409, "UpdateConflict",
			    "Safe Update prevented the update due to "
			    "outdated ticket data. Please fetch the latest "
			    "ticket data and try again.");
			return;
		}
	}
	if (t->status == 5) {
		cJSON_Delete(root);
		zd_invalid(resp, "status",
		    "Status: closed prevents ticket update");
		return;
	}
	audit = zd_audit_new(t, &events);
	if (zd_apply(t, in, resp, events, &changed, NULL) != 0) {
		cJSON_Delete(audit);
		cJSON_Delete(root);
		return;
	}
	if (changed) {
		if (cJSON_GetObjectItemCaseSensitive(in, "comment") == NULL)
			emu_data_touch(t);
		resp->write = 1;
		cJSON_ReplaceItemInObjectCaseSensitive(audit, "created_at",
		    cJSON_CreateString(emu_time_iso(t->updated, ts,
		    sizeof ts)));
	}
	out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "ticket", zd_ticket_json(req, t));
	cJSON_AddItemToObject(out, "audit", audit);
	cJSON_Delete(root);
	emu_resp_json(resp, 200, out);
}

/*
 * POST/PUT/DELETE /api/v2/tickets/{id}/tags with {"tags":[...]}: POST
 * sets (replaces, 201), PUT adds and DELETE removes (200), honouring
 * safe_update (OAS SetTagsTicket, PutTagsTicket, DeleteTagsTicket; the
 * Tags reference's "Set Tags", "Add Tags", "Remove Tags").
 */
static void
zd_ticket_tags(struct emu_req *req, struct emu_resp *resp,
    struct emu_ticket *t)
{
	cJSON		*root, *tags, *safe, *stamp, *patch, *out;
	const char	*key;
	char		 ts[32];
	int		 changed;

	root = cJSON_ParseWithLength(req->body != NULL ? req->body : "",
	    req->body_len);
	tags = cJSON_GetObjectItemCaseSensitive(root, "tags");
	if (!zd_is_strings(tags)) {
		cJSON_Delete(root);
		zd_error(resp, 400, "InvalidParameter",
		    "tags must be a list of strings");
		return;
	}
	safe = cJSON_GetObjectItemCaseSensitive(root, "safe_update");
	stamp = cJSON_GetObjectItemCaseSensitive(root, "updated_stamp");
	if (cJSON_IsTrue(safe) || (cJSON_IsString(safe) &&
	    strcmp(safe->valuestring, "true") == 0)) {
		emu_time_iso(t->updated, ts, sizeof ts);
		if (!cJSON_IsString(stamp) || strcmp(stamp->valuestring,
		    ts) != 0) {
			cJSON_Delete(root);
			zd_error(resp, 409, "UpdateConflict",
			    "Safe Update prevented the update due to "
			    "outdated ticket data. Please fetch the latest "
			    "ticket data and try again.");
			return;
		}
	}
	if (t->status == 5) {
		cJSON_Delete(root);
		zd_invalid(resp, "status",
		    "Status: closed prevents ticket update");
		return;
	}
	if (strcmp(req->method, "POST") == 0)
		key = "tags";
	else if (strcmp(req->method, "PUT") == 0)
		key = "additional_tags";
	else
		key = "remove_tags";
	patch = cJSON_CreateObject();
	cJSON_AddItemToObject(patch, key, cJSON_Duplicate(tags, 1));
	cJSON_Delete(root);
	if (zd_apply(t, patch, resp, NULL, &changed, NULL) != 0) {
		cJSON_Delete(patch);
		return;
	}
	cJSON_Delete(patch);
	if (changed) {
		emu_data_touch(t);
		resp->write = 1;
	}
	out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "tags", zd_tags_value(t));
	emu_resp_json(resp, strcmp(req->method, "POST") == 0 ? 201 : 200,
	    out);
}

/* Create a ticket from a ticket object; 0 or -1 with resp set. */
static int
zd_create(struct emu_req *req, cJSON *in, struct emu_resp *resp,
    struct emu_ticket **out)
{
	struct emu_ticket	*t;
	struct emu_user		*u = NULL;
	cJSON			*cm, *body, *html, *rq, *nm, *em, *sj, *st;
	cJSON			*copy;
	int			 changed;
	int64_t			 rid = 0;

	cm = cJSON_GetObjectItemCaseSensitive(in, "comment");
	body = cJSON_GetObjectItemCaseSensitive(cm, "body");
	html = cJSON_GetObjectItemCaseSensitive(cm, "html_body");
	if (!cJSON_IsString(body) && !cJSON_IsString(html)) {
		/* As Zendesk words it for a ticket without a comment. */
		zd_invalid(resp, "base", "Description: cannot be blank");
		return -1;
	}
	rq = cJSON_GetObjectItemCaseSensitive(in, "requester");
	if (cJSON_IsObject(rq)) {
		nm = cJSON_GetObjectItemCaseSensitive(rq, "name");
		em = cJSON_GetObjectItemCaseSensitive(rq, "email");
		if (!cJSON_IsString(em) || strchr(em->valuestring, '@') ==
		    NULL) {
			zd_invalid(resp, "requester",
			    "Requester: Email is not properly formatted");
			return -1;
		}
		u = emu_data_user_add(cJSON_IsString(nm) ? nm->valuestring :
		    em->valuestring, em->valuestring);
		rid = u->id;
	} else if (zd_get_id(in, "requester_id", &rid) <= 0 || rid == 0 ||
	    emu_data_user(rid) == NULL)
		rid = emu_db.me->id;
	t = emu_data_ticket_add();
	t->created = t->updated = t->generated = emu_clock();
	t->requester_id = t->submitter_id = rid;
	sj = cJSON_GetObjectItemCaseSensitive(in, "subject");
	t->subject = xstrdup(cJSON_IsString(sj) ? sj->valuestring : "");
	t->description = xstrdup(cJSON_IsString(body) ? body->valuestring :
	    html->valuestring);
	st = cJSON_GetObjectItemCaseSensitive(in, "status");
	t->status = 0;
	copy = cJSON_Duplicate(in, 1);
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "subject");
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "requester_id");
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "requester");
	/* The first comment is the requester's description. */
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "comment");
	if (zd_apply(t, copy, resp, NULL, &changed, NULL) != 0) {
		cJSON_Delete(copy);
		t->deleted = 1;
		return -1;
	}
	cJSON_Delete(copy);
	if (st == NULL && t->assignee_id != 0)
		t->status = 1;
	t->status_at = t->created;
	emu_data_note_add(t, rid, EMU_NOTE_COMMENT, 1, t->description,
	    cJSON_IsString(html) ? html->valuestring : NULL)->incoming =
	    u != NULL || rid != emu_db.me->id;
	t->created = t->updated;
	*out = t;
	return 0;
}

/* POST /api/v2/tickets: 201 with Location, ticket and audit. */
static void
zd_ticket_create(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t;
	cJSON			*root, *in, *out, *audit, *events;

	in = zd_body_ticket(req, resp, &root);
	if (in == NULL)
		return;
	if (zd_create(req, in, resp, &t) != 0) {
		cJSON_Delete(root);
		return;
	}
	cJSON_Delete(root);
	resp->write = 1;
	audit = zd_audit_new(t, &events);
	cJSON_AddItemToArray(events, zd_comment_json(t, t->notes[0]));
	out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "ticket", zd_ticket_json(req, t));
	cJSON_AddItemToObject(out, "audit", audit);
	emu_resp_header(resp, "Location", "http://%s/api/v2/tickets/%lld.json",
	    req->host, (long long)t->id);
	emu_resp_json(resp, 201, out);
}

/* GET /api/v2/ticket_fields: the system fields a client maps. */
static void
zd_ticket_fields(struct emu_req *req, struct emu_resp *resp)
{
	static const char *const	 fields[] = {
		"subject", "description", "status", "tickettype", "priority",
		"group", "assignee"
	};
	static const char *const	 titles[] = {
		"Subject", "Description", "Status", "Type", "Priority",
		"Group", "Assignee"
	};
	cJSON				*root, *a, *o, *opts, *op;
	size_t				 i, j;

	root = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(root, "ticket_fields");
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", 360000001000.0 + (double)i);
		cJSON_AddStringToObject(o, "type", fields[i]);
		cJSON_AddStringToObject(o, "title", titles[i]);
		cJSON_AddBoolToObject(o, "active", 1);
		cJSON_AddBoolToObject(o, "removable", 0);
		if (strcmp(fields[i], "tickettype") == 0 ||
		    strcmp(fields[i], "priority") == 0) {
			opts = cJSON_AddArrayToObject(o,
			    "system_field_options");
			for (j = 0; j < 5; j++) {
				const char *val = fields[i][0] == 't' ?
				    emu_zd_types[j] : emu_zd_priority[j];
				if (val == NULL)
					continue;
				op = cJSON_CreateObject();
				cJSON_AddStringToObject(op, "name", val);
				cJSON_AddStringToObject(op, "value", val);
				cJSON_AddItemToArray(opts, op);
			}
		}
		cJSON_AddItemToArray(a, o);
	}
	cJSON_AddNullToObject(root, "next_page");
	cJSON_AddNullToObject(root, "previous_page");
	cJSON_AddNumberToObject(root, "count", (double)i);
	emu_resp_json(resp, 200, root);
}

/* Is the request a method on a path of n segments after /api/v2? */
static int
zd_is(struct emu_req *req, const char *method, size_t n, const char *s0,
    const char *s1)
{
	if (strcmp(req->method, method) != 0 || req->nseg != n + 2)
		return 0;
	if (s0 != NULL && strcmp(req->seg[2], s0) != 0)
		return 0;
	if (s1 != NULL && (n < 2 || strcmp(req->seg[3], s1) != 0))
		return 0;
	return 1;
}

/* Route one API request. */
static void
zd_serve(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t = NULL;
	struct emu_user		*u;
	struct emu_group	*g;
	cJSON			*root;
	char			*dot;
	int64_t			 id = 0;

	if (req->nseg < 3 || strcmp(req->seg[0], "api") != 0 ||
	    strcmp(req->seg[1], "v2") != 0) {
		zd_error(resp, 404, "InvalidEndpoint", "Not found");
		return;
	}
	/* The ".json" suffix is optional (card 1.1). */
	dot = strrchr(req->seg[req->nseg - 1], '.');
	if (dot != NULL && strcmp(dot, ".json") == 0)
		*dot = '\0';
	if (req->nseg >= 4)
		(void)emu_parse_int64(req->seg[3], &id);

	if (zd_is(req, "GET", 1, "tickets", NULL))
		zd_tickets_list(req, resp);
	else if (zd_is(req, "POST", 1, "tickets", NULL))
		zd_ticket_create(req, resp);
	else if (zd_is(req, "GET", 1, "users", NULL))
		zd_users_list(req, resp);
	else if (zd_is(req, "GET", 1, "groups", NULL) ||
	    zd_is(req, "GET", 2, "groups", "assignable"))
		zd_groups_list(req, resp);
	else if (zd_is(req, "GET", 1, "ticket_fields", NULL))
		zd_ticket_fields(req, resp);
	else if (zd_is(req, "GET", 3, "incremental", "tickets") &&
	    strcmp(req->seg[4], "cursor") == 0)
		zd_export_cursor(req, resp, 0);
	else if (zd_is(req, "GET", 2, "incremental", "tickets"))
		zd_export_time(req, resp, 0);
	else if (zd_is(req, "GET", 2, "incremental", "users"))
		zd_export_time(req, resp, 1);
	else if (zd_is(req, "GET", 3, "incremental", "users") &&
	    strcmp(req->seg[4], "cursor") == 0)
		zd_export_cursor(req, resp, 1);
	else if (zd_is(req, "GET", 2, "users", "me")) {
		root = cJSON_CreateObject();
		cJSON_AddItemToObject(root, "user", zd_user_json(req,
		    emu_db.me));
		emu_resp_json(resp, 200, root);
	} else if (req->nseg >= 4 && strcmp(req->seg[2], "users") == 0 &&
	    strcmp(req->method, "GET") == 0 && req->nseg == 4) {
		if ((u = emu_data_user(id)) == NULL) {
			zd_not_found(resp);
			return;
		}
		root = cJSON_CreateObject();
		cJSON_AddItemToObject(root, "user", zd_user_json(req, u));
		emu_resp_json(resp, 200, root);
	} else if (req->nseg == 4 && strcmp(req->seg[2], "groups") == 0 &&
	    strcmp(req->method, "GET") == 0) {
		if ((g = emu_data_group(id)) == NULL) {
			zd_not_found(resp);
			return;
		}
		root = cJSON_CreateObject();
		cJSON_AddItemToObject(root, "group", zd_group_item(req, g));
		emu_resp_json(resp, 200, root);
	} else if (req->nseg >= 4 && req->nseg <= 5 &&
	    strcmp(req->seg[2], "tickets") == 0) {
		t = emu_data_ticket(id);
		if (t == NULL || t->deleted) {
			zd_not_found(resp);
			return;
		}
		if (zd_is(req, "GET", 2, "tickets", NULL)) {
			root = cJSON_CreateObject();
			cJSON_AddItemToObject(root, "ticket",
			    zd_ticket_json(req, t));
			emu_resp_json(resp, 200, root);
		} else if (zd_is(req, "PUT", 2, "tickets", NULL))
			zd_ticket_update(req, resp, t);
		else if (zd_is(req, "DELETE", 2, "tickets", NULL)) {
			t->deleted = 1;
			emu_data_touch(t);
			resp->write = 1;
			emu_resp_text(resp, 204, NULL, NULL);
		} else if (zd_is(req, "GET", 3, "tickets", NULL) &&
		    strcmp(req->seg[4], "comments") == 0)
			zd_comments_list(req, resp, t);
		else if (zd_is(req, "GET", 3, "tickets", NULL) &&
		    strcmp(req->seg[4], "tags") == 0) {
			root = cJSON_CreateObject();
			cJSON_AddItemToObject(root, "tags", zd_tags_value(t));
			emu_resp_json(resp, 200, root);
		} else if (req->nseg == 5 && strcmp(req->seg[4], "tags") ==
		    0 && (strcmp(req->method, "POST") == 0 ||
		    strcmp(req->method, "PUT") == 0 ||
		    strcmp(req->method, "DELETE") == 0))
			zd_ticket_tags(req, resp, t);
		else
			zd_error(resp, 404, "InvalidEndpoint", "Not found");
	} else
		zd_error(resp, 404, "InvalidEndpoint", "Not found");
}

/* Basic "{email}/token:{token}" or Bearer {oauth token}. */
static int
zd_auth_ok(const char *user, const char *pass, const char *bearer)
{
	size_t	len;

	if (bearer != NULL)
		return strcmp(bearer, emu_opts.oauth_token) == 0;
	len = strlen(emu_opts.email);
	return strncmp(user, emu_opts.email, len) == 0 &&
	    strcmp(user + len, "/token") == 0 &&
	    strcmp(pass, emu_opts.token) == 0;
}

/* 401 as Zendesk sends it (card 1.6 [medium]). */
static void
zd_auth_error(struct emu_resp *resp)
{
	zd_error(resp, 401, "Couldn't authenticate you", NULL);
	emu_resp_header(resp, "WWW-Authenticate",
	    "Basic realm=\"Web Password\"");
}

/* 429 with Retry-After and an exhausted X-Rate-Limit-Remaining. */
static void
zd_rate_error(struct emu_resp *resp, unsigned retry)
{
	zd_error(resp, 429, "APIRateLimitExceeded",
	    "Number of allowed API requests per minute exceeded");
	emu_resp_header(resp, "Retry-After", "%u", retry);
	emu_resp_header(resp, "X-Rate-Limit", "%u", emu_opts.rate_limit);
	emu_resp_header(resp, "X-Rate-Limit-Remaining", "0");
}

/* Rate-limit headers on every answered API request (card 1.6). */
static void
zd_rate_headers(struct emu_resp *resp, unsigned limit, unsigned remaining)
{
	if (resp->status == 429)
		return;
	emu_resp_header(resp, "X-Rate-Limit", "%u", limit);
	emu_resp_header(resp, "X-Rate-Limit-Remaining", "%u", remaining);
	emu_resp_header(resp, "ratelimit-limit", "%u", limit);
	emu_resp_header(resp, "ratelimit-remaining", "%u", remaining);
	emu_resp_header(resp, "ratelimit-reset", "%u",
	    (unsigned)(60 - emu_clock() % 60));
}

/* A 5xx: JSON from the app for 500, an HTML page from the edge else. */
static void
zd_server_error(struct emu_resp *resp, unsigned status)
{
	if (status == 500)
		zd_error(resp, 500, "InternalServerError",
		    "Something went wrong");
	else if (status == 413)
		zd_error(resp, 413, "RequestTooLarge",
		    "The request body is too large");
	else {
		emu_resp_text(resp, status, "text/html",
		    status == 503 ? "<html><body><h1>503 Service "
		    "Unavailable</h1></body></html>\n" : "<html><body><h1>"
		    "502 Bad Gateway</h1></body></html>\n");
		if (status == 503)
			emu_resp_header(resp, "Retry-After", "1");
	}
}

/* Admin path: the ticket in API shape. */
static cJSON *
zd_admin_ticket_json(struct emu_req *req, struct emu_ticket *t)
{
	return zd_ticket_json(req, t);
}

/* Admin path: a note in API shape. */
static cJSON *
zd_admin_note_json(struct emu_ticket *t, struct emu_note *n)
{
	return zd_comment_json(t, n);
}

/* Admin path: patch with Zendesk field names, bypassing safe_update. */
static int
zd_admin_patch(struct emu_req *req, struct emu_ticket *t, cJSON *in,
    struct emu_resp *resp)
{
	cJSON	*inner;
	int	 changed;

	inner = cJSON_GetObjectItemCaseSensitive(in, "ticket");
	if (cJSON_IsObject(inner))
		in = inner;
	return zd_apply(t, in, resp, NULL, &changed, NULL);
}

/* Admin path: create a ticket from a Zendesk ticket object. */
static int
zd_admin_new(struct emu_req *req, cJSON *in, struct emu_resp *resp,
    struct emu_ticket **out)
{
	cJSON	*inner;

	inner = cJSON_GetObjectItemCaseSensitive(in, "ticket");
	if (cJSON_IsObject(inner))
		in = inner;
	return zd_create(req, in, resp, out);
}

const struct emu_provider emu_zendesk = {
	"zendesk",
	zd_auth_ok,
	zd_serve,
	zd_auth_error,
	zd_rate_error,
	zd_rate_headers,
	zd_server_error,
	zd_admin_ticket_json,
	zd_admin_note_json,
	zd_admin_patch,
	zd_admin_new
};
