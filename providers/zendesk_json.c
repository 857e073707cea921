/*
 * Zendesk Support, the pure half (see zendesk_json.h): request paths and
 * bodies, and Zendesk JSON normalized into tix records.  Text is copied
 * raw; the store sanitizes it.  Every decision a platform quirk drives
 * cites docs/platforms/zendesk.md.
 */

#include "config.h"

#include "providers/zendesk_json.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/http.h"
#include "core/log.h"
#include "core/xmalloc.h"

static enum tix_err	 zd_get_string(const cJSON *, const char *,
			    const char *, bool, const char **, char **);
static enum tix_err	 zd_get_time(const cJSON *, const char *,
			    const char *, int64_t *, char **);
static enum tix_err	 zd_get_id(const cJSON *, const char *, const char *,
			    bool, char *, char **);
static void		 zd_ticket_category(const cJSON *,
			    const struct zd_ctx *, struct ticket *);
static enum tix_err	 zd_envelope(const cJSON *, const struct zd_list_req *,
			    const char *, const cJSON **, char **, char **);
static char		*zd_link_after(const char *);

/* Read a string member; absent or null gives NULL unless required. */
static enum tix_err
zd_get_string(const cJSON *o, const char *what, const char *name,
    bool required, const char **out, char **cause)
{
	const cJSON	*v;

	*out = NULL;
	v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (v == NULL || cJSON_IsNull(v)) {
		if (required)
			return tix_fail(cause, TIX_ERR_PARSE,
			    "Zendesk %s without \"%s\"", what, name);
		return TIX_OK;
	}
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk %s: \"%s\" is not a string", what, name);
	*out = v->valuestring;
	return TIX_OK;
}

/* Read an ISO-8601 time member (docs/platforms/zendesk.md); absent is 0. */
static enum tix_err
zd_get_time(const cJSON *o, const char *what, const char *name,
    int64_t *out, char **cause)
{
	const char	*s;
	enum tix_err	 err;

	*out = 0;
	err = zd_get_string(o, what, name, false, &s, cause);
	if (err != TIX_OK)
		return err;
	if (s != NULL && tix_time_parse(s, out) != 0)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk %s: \"%s\" is not an ISO-8601 time", what, name);
	return TIX_OK;
}

/* Read an id member into buf ("" when null and not required). */
static enum tix_err
zd_get_id(const cJSON *o, const char *what, const char *name, bool required,
    char *buf, char **cause)
{
	int	r;

	buf[0] = '\0';
	r = json_id_text(cJSON_GetObjectItemCaseSensitive(o, name), buf);
	if (r < 0)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk %s: \"%s\" is not an id", what, name);
	if (r == 0 && required)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk %s without \"%s\"", what, name);
	return TIX_OK;
}

/* The API base for a subdomain, refusing anything but a host label. */
char *
zd_api_base(const char *sub)
{
	size_t	n, i;
	char	*lower, *out;

	n = strlen(sub);
	if (n == 0 || n > 63 || sub[0] == '-' || sub[n - 1] == '-')
		return NULL;
	lower = xstrdup(sub);
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)sub[i]) && sub[i] != '-') {
			free(lower);
			return NULL;
		}
		lower[i] = (char)tolower((unsigned char)sub[i]);
	}
	/* docs/platforms/zendesk.md: https://{subdomain}.zendesk.com/api/v2 */
	out = xasprintf("https://%s.zendesk.com/api/v2", lower);
	free(lower);
	return out;
}

/* Tag a Zendesk cursor with the walk it belongs to. */
char *
zd_cursor_make(enum zd_walk walk, const char *raw)
{
	return xasprintf("%c:%s", (char)walk, raw);
}

/* Undo zd_cursor_make, refusing what tix did not hand out. */
int
zd_cursor_split(const char *s, enum zd_walk *walk, const char **raw)
{
	if (s == NULL || s[0] == '\0' || s[1] != ':' || s[2] == '\0')
		return -1;
	switch (s[0]) {
	case ZD_WALK_PAGE:
	case ZD_WALK_EXPORT:
	case ZD_WALK_RECENT:
		*walk = (enum zd_walk)s[0];
		*raw = s + 2;
		return 0;
	default:
		return -1;
	}
}

/* The path of one page of a list, per kind and walk. */
enum tix_err
zd_list_path(const struct zd_list_req *r, char **out, char **cause)
{
	/* Cursor pagination (docs/platforms/zendesk.md): page[size] <= 100. */
	static const char *const lists[TIX_KIND_COUNT] = {
		[TIX_KIND_TICKET] = "/tickets.json?",
		[TIX_KIND_CUSTOMER] = "/users.json?role=end-user&",
		[TIX_KIND_AGENT] = "/users.json?role[]=agent&role[]=admin&",
		[TIX_KIND_CATEGORY] = "/groups.json?",
	};
	/*
	 * The cursor-based incremental exports: start_time (a positive
	 * unix time) first, then cursor=after_cursor.  Deleted tickets come
	 * with status "deleted": the page reports them as removed.
	 */
	static const char *const exports[TIX_KIND_COUNT] = {
		[TIX_KIND_TICKET] = "/incremental/tickets/cursor.json?",
		[TIX_KIND_CUSTOMER] = "/incremental/users/cursor.json?",
	};
	char		*after = NULL, *base = NULL;
	size_t		 size;
	enum tix_err	 err = TIX_OK;

	*out = NULL;
	if ((unsigned)r->kind >= TIX_KIND_COUNT)
		return tix_fail(cause, TIX_ERR_INVALID, "Zendesk: nothing to "
		    "list");
	size = r->limit == 0 || r->limit > ZD_PAGE_MAX ? ZD_PAGE_MAX :
	    r->limit;
	if (r->after != NULL)
		after = http_url_escape(r->after);

	if (r->walk == ZD_WALK_EXPORT && exports[r->kind] == NULL)
		err = tix_fail(cause, TIX_ERR_INVALID, "Zendesk exports only "
		    "tickets and users");
	else if (r->walk == ZD_WALK_EXPORT && after != NULL)
		*out = xasprintf("%scursor=%s", exports[r->kind], after);
	else if (r->walk == ZD_WALK_EXPORT)
		*out = xasprintf("%sstart_time=%" PRId64, exports[r->kind],
		    r->since > 0 ? r->since : 1);
	else if (r->walk == ZD_WALK_FIELD && (r->kind != TIX_KIND_CATEGORY ||
	    !json_id_valid(r->field_id)))
		err = tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk ticket field: bad id");
	else if (r->walk == ZD_WALK_FIELD)
		*out = xasprintf("/ticket_fields/%s.json", r->field_id);
	else if (r->walk == ZD_WALK_RECENT && r->kind != TIX_KIND_TICKET)
		err = tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk: only tickets sort by update");
	else if (r->kind == TIX_KIND_NOTE && !json_id_valid(r->ticket_id))
		err = tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk comments: bad ticket id");
	else if (r->kind != TIX_KIND_NOTE && lists[r->kind] == NULL)
		err = tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk: nothing to list");
	else {
		/* Comments come oldest first by default. */
		base = r->kind == TIX_KIND_NOTE ?
		    xasprintf("/tickets/%s/comments.json?", r->ticket_id) :
		    xstrdup(lists[r->kind]);
		*out = xasprintf("%spage[size]=%zu%s%s%s", base, size,
		    r->walk == ZD_WALK_RECENT ? "&sort=-updated_at" : "",
		    after != NULL ? "&page[after]=" : "",
		    after != NULL ? after : "");
	}
	free(base);
	free(after);
	return err;
}

/*
 * The category of a ticket: its group, or one drop-down custom field's
 * value (custom_fields: [{"id":27642,"value":"745"}]).  Like any optional
 * member, one of the wrong shape reads as none.
 */
static void
zd_ticket_category(const cJSON *o, const struct zd_ctx *ctx,
    struct ticket *t)
{
	const cJSON	*e, *v;
	char		 id[JSON_ID_MAX];

	if (ctx->field_id == NULL) {
		if (json_id_text(cJSON_GetObjectItemCaseSensitive(o,
		    "group_id"), id) == 1)
			t->category_id = xstrdup(id);
		return;
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o,
	    "custom_fields")) {
		if (json_id_text(cJSON_GetObjectItemCaseSensitive(e, "id"),
		    id) != 1 || strcmp(id, ctx->field_id) != 0)
			continue;
		v = cJSON_GetObjectItemCaseSensitive(e, "value");
		if (cJSON_IsString(v) && v->valuestring[0] != '\0')
			t->category_id = xstrdup(v->valuestring);
		break;
	}
}

/*
 * The members read as they are (docs/platforms/zendesk.md, JSON shapes);
 * the rest of each record is the functions' own.
 */
#define ZD_T(m, f, c, req)	{ .member = (m), .conv = (c), \
				  .offset = offsetof(struct ticket, f), \
				  .required = (req) }
static const struct rest_field zd_ticket_fields[] = {
	ZD_T("id", id, REST_ID, true),
	ZD_T("subject", subject, REST_STRING, false),
	ZD_T("description", description, REST_STRING, false),
	ZD_T("status", status_raw, REST_STRING, true),
	ZD_T("priority", priority_raw, REST_STRING, false),
	ZD_T("requester_id", customer_id, REST_ID, false),
	ZD_T("assignee_id", user_id, REST_ID, false),
	ZD_T("tags", tags, REST_STRV, false),
	ZD_T("created_at", created_at, REST_TIME, false),
	ZD_T("updated_at", updated_at, REST_TIME, false),
	ZD_T("due_at", due_at, REST_TIME, false),
};
#define ZD_C(m, f, c, req)	{ .member = (m), .conv = (c), \
				  .offset = offsetof(struct customer, f), \
				  .required = (req) }
static const struct rest_field zd_user_fields[] = {
	ZD_C("id", id, REST_ID, true),
	ZD_C("name", name, REST_STRING, false),
	ZD_C("tags", tags, REST_STRV, false),
	ZD_C("created_at", created_at, REST_TIME, false),
	ZD_C("updated_at", updated_at, REST_TIME, false),
};
static const struct rest_field zd_agent_fields[] = {
	{ .member = "id", .offset = offsetof(struct agent, id),
	  .conv = REST_ID, .required = true },
	{ .member = "name", .offset = offsetof(struct agent, name),
	  .conv = REST_STRING },
	{ .member = "email", .offset = offsetof(struct agent, email),
	  .conv = REST_STRING },
};
/* {url,id,name,deleted,created_at,updated_at} */
static const struct rest_field zd_group_fields[] = {
	{ .member = "id", .offset = offsetof(struct category, id),
	  .conv = REST_ID, .required = true },
	{ .member = "name", .offset = offsetof(struct category, name),
	  .conv = REST_STRING },
	{ .member = "description",
	  .offset = offsetof(struct category, description),
	  .conv = REST_STRING },
	{ .member = "deleted", .offset = offsetof(struct category, is_active),
	  .conv = REST_NOT_BOOL },
};
/* body is the plain text. */
static const struct rest_field zd_comment_fields[] = {
	{ .member = "id", .offset = offsetof(struct note, id),
	  .conv = REST_ID, .required = true },
	{ .member = "body", .offset = offsetof(struct note, description),
	  .conv = REST_STRING },
	{ .member = "created_at", .offset = offsetof(struct note, created_at),
	  .conv = REST_TIME },
};
#define ZD_N(t)	(sizeof (t) / sizeof (t)[0])

/* A Zendesk ticket as a tix ticket. */
enum tix_err
zd_parse_ticket(const cJSON *o, const struct zd_ctx *ctx,
    struct record **out, char **cause)
{
	struct record	*r;
	struct ticket	*t;
	const cJSON	*v;
	enum tix_err	 err;

	*out = NULL;
	r = record_new(TIX_KIND_TICKET, ctx->base.account);
	t = &r->u.ticket;
	err = rest_map_read("Zendesk ticket", o, zd_ticket_fields,
	    ZD_N(zd_ticket_fields), t, cause);
	if (err != TIX_OK)
		return rest_record_done(r, err, out);
	zd_ticket_category(o, ctx, t);
	/*
	 * new/open/pending/hold are ACTIVE, solved/closed CLOSED; "deleted"
	 * only shows in exports and is CLOSED too.
	 */
	t->status = strcmp(t->status_raw, "solved") == 0 ||
	    strcmp(t->status_raw, "closed") == 0 ||
	    strcmp(t->status_raw, "deleted") == 0 ? TIX_STATUS_CLOSED :
	    TIX_STATUS_ACTIVE;
	/* low/normal/high/urgent or null. */
	if (t->priority_raw == NULL ||
	    tix_priority_parse(t->priority_raw, &t->priority) != 0)
		t->priority = TIX_PRIORITY_NONE;
	v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    o, "via"), "channel");
	if (cJSON_IsString(v))
		t->source = xstrdup(v->valuestring);
	if (ctx->base.web_base != NULL)
		t->url = xasprintf("%s/agent/tickets/%s", ctx->base.web_base,
		    t->id);
	if (t->status == TIX_STATUS_CLOSED)
		t->closed_at = t->updated_at;	/* the best Zendesk says */
	return rest_record_done(r, TIX_OK, out);
}

/* Add a contact point unless the value is empty. */
static void
zd_point_add(struct contact_point **v, size_t *n, const cJSON *o,
    const char *name)
{
	const cJSON	*s = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsString(s) || s->valuestring[0] == '\0')
		return;
	*v = xcalloc(1, sizeof **v);
	(*v)[0].value = xstrdup(s->valuestring);
	*n = 1;
}

/* An end user as a customer: one primary e-mail and one phone. */
enum tix_err
zd_parse_customer(const cJSON *o, const struct zd_ctx *ctx,
    struct record **out, char **cause)
{
	struct record	*r;
	struct customer	*c;
	enum tix_err	 err;

	*out = NULL;
	r = record_new(TIX_KIND_CUSTOMER, ctx->base.account);
	c = &r->u.customer;
	err = rest_map_read("Zendesk user", o, zd_user_fields,
	    ZD_N(zd_user_fields), c, cause);
	if (err == TIX_OK) {
		zd_point_add(&c->emails, &c->nemails, o, "email");
		zd_point_add(&c->telephones, &c->ntelephones, o, "phone");
	}
	return rest_record_done(r, err, out);
}

/* An agent or admin as an agent, is_me for the token's user. */
enum tix_err
zd_parse_agent(const cJSON *o, const struct zd_ctx *ctx, struct record **out,
    char **cause)
{
	struct record	*r;
	struct agent	*a;
	enum tix_err	 err;

	*out = NULL;
	r = record_new(TIX_KIND_AGENT, ctx->base.account);
	a = &r->u.agent;
	err = rest_map_read("Zendesk user", o, zd_agent_fields,
	    ZD_N(zd_agent_fields), a, cause);
	if (err == TIX_OK)
		a->is_me = ctx->base.me_id != NULL && strcmp(ctx->base.me_id, a->id) == 0;
	return rest_record_done(r, err, out);
}

/* A group as a category (category = group). */
enum tix_err
zd_parse_group(const cJSON *o, const struct zd_ctx *ctx, struct record **out,
    char **cause)
{
	struct record	*r;
	enum tix_err	 err;

	*out = NULL;
	r = record_new(TIX_KIND_CATEGORY, ctx->base.account);
	r->u.category.is_active = true;
	err = rest_map_read("Zendesk group", o, zd_group_fields,
	    ZD_N(zd_group_fields), &r->u.category, cause);
	return rest_record_done(r, err, out);
}

/* A comment as a note, its author an agent or the customer. */
enum tix_err
zd_parse_comment(const cJSON *o, const char *ticket_id,
    const struct zd_ctx *ctx, struct record **out, char **cause)
{
	struct record	*r;
	struct note	*n;
	const cJSON	*v;
	char		 id[JSON_ID_MAX];
	enum tix_err	 err;

	*out = NULL;
	r = record_new(TIX_KIND_NOTE, ctx->base.account);
	n = &r->u.note;
	/*
	 * public: false marks an internal note.  Absent is public; any
	 * other value is not read as either: the note could be shown
	 * public when it is internal.
	 */
	v = cJSON_GetObjectItemCaseSensitive(o, "public");
	n->is_public = v == NULL || cJSON_IsTrue(v);
	err = v != NULL && !cJSON_IsBool(v) ? tix_fail(cause, TIX_ERR_PARSE,
	    "Zendesk comment: \"public\" is not true or false") :
	    rest_map_read("Zendesk comment", o, zd_comment_fields,
	    ZD_N(zd_comment_fields), n, cause);
	if (err == TIX_OK && json_id_text(cJSON_GetObjectItemCaseSensitive(o,
	    "author_id"), id) < 0)
		err = tix_fail(cause, TIX_ERR_PARSE, "Zendesk comment: "
		    "\"author_id\" is not an id");
	if (err != TIX_OK)
		return rest_record_done(r, err, out);
	n->ticket_id = xstrdup(ticket_id);
	if (id[0] != '\0' && ctx->base.rest != NULL && rest_is_agent(ctx->base.rest,
	    id))
		n->user_id = xstrdup(id);
	else if (id[0] != '\0')
		n->customer_id = xstrdup(id);
	v = cJSON_GetObjectItemCaseSensitive(o, "plain_body");
	if (n->description == NULL)
		n->description = xstrdup(cJSON_IsString(v) ? v->valuestring :
		    "");
	n->updated_at = n->created_at;
	return rest_record_done(r, TIX_OK, out);
}

/* A drop-down field's options as categories (category = field:ID). */
enum tix_err
zd_parse_field_options(const cJSON *root, const struct zd_ctx *ctx,
    struct page *out, char **cause)
{
	const cJSON	*f, *opts, *e;
	const char	*name, *value;
	struct record	*r;
	char		 id[JSON_ID_MAX];

	f = cJSON_GetObjectItemCaseSensitive(root, "ticket_field");
	if (!cJSON_IsObject(f))
		return tix_fail(cause, TIX_ERR_PARSE, "Zendesk answer has no "
		    "\"ticket_field\"");
	if (zd_get_id(f, "ticket field", "id", true, id, cause) != TIX_OK)
		return TIX_ERR_PARSE;
	/*
	 * A drop-down's options are {id,name,value}; the value is the tag
	 * a ticket's custom_fields entry holds (docs/platforms/zendesk.md).
	 */
	opts = cJSON_GetObjectItemCaseSensitive(f, "custom_field_options");
	if (!cJSON_IsArray(opts))
		return tix_fail(cause, TIX_ERR_PARSE, "Zendesk ticket field "
		    "%s is not a drop-down (no custom_field_options)", id);
	cJSON_ArrayForEach(e, opts) {
		if (zd_get_string(e, "field option", "value", true, &value,
		    cause) != TIX_OK ||
		    zd_get_string(e, "field option", "name", false, &name,
		    cause) != TIX_OK)
			return TIX_ERR_PARSE;
		r = record_new(TIX_KIND_CATEGORY, ctx->base.account);
		r->u.category.id = xstrdup(value);
		r->u.category.name = xstrdup(name != NULL ? name : value);
		r->u.category.is_active = true;
		page_add(out, r);
	}
	return TIX_OK;
}

/* page[after] from a links.next URL, decoded; NULL when absent. */
static char *
zd_link_after(const char *url)
{
	const char	*p, *end;
	char		*out, *q;
	unsigned	 c;

	p = strstr(url, "page[after]=");
	if (p == NULL)
		p = strstr(url, "page%5Bafter%5D=");
	if (p == NULL)
		return NULL;
	p = strchr(p, '=') + 1;
	end = p + strcspn(p, "&#");
	if (end == p)
		return NULL;
	out = q = xmalloc((size_t)(end - p) + 1);
	for (; p < end; p++) {
		if (*p == '%' && end - p >= 3 &&
		    isxdigit((unsigned char)p[1]) &&
		    isxdigit((unsigned char)p[2])) {
			c = (unsigned)(isdigit((unsigned char)p[1]) ?
			    p[1] - '0' : (tolower((unsigned char)p[1]) -
			    'a' + 10)) << 4;
			c |= (unsigned)(isdigit((unsigned char)p[2]) ?
			    p[2] - '0' : (tolower((unsigned char)p[2]) -
			    'a' + 10));
			*q++ = (char)c;
			p += 2;
		} else
			*q++ = *p;
	}
	*q = '\0';
	return out;
}

/*
 * Read a list envelope: the items array, and Zendesk's cursor for the
 * next page (NULL on the last).
 */
static enum tix_err
zd_envelope(const cJSON *root, const struct zd_list_req *r, const char *name,
    const cJSON **items, char **after, char **cause)
{
	const cJSON	*meta, *links, *v;

	*after = NULL;
	if (!cJSON_IsObject(root))
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk answer is not a JSON object");
	*items = cJSON_GetObjectItemCaseSensitive(root, name);
	if (!cJSON_IsArray(*items))
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk answer has no \"%s\" array", name);
	if (r->walk == ZD_WALK_EXPORT) {
		/*
		 * {"tickets":[...],"after_cursor":..,"end_of_stream":b}:
		 * loop until end_of_stream (docs/platforms/zendesk.md).
		 */
		v = cJSON_GetObjectItemCaseSensitive(root, "end_of_stream");
		if (!cJSON_IsBool(v))
			return tix_fail(cause, TIX_ERR_PARSE, "Zendesk "
			    "export without \"end_of_stream\"");
		if (cJSON_IsTrue(v))
			return TIX_OK;
		v = cJSON_GetObjectItemCaseSensitive(root, "after_cursor");
		if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
			return tix_fail(cause, TIX_ERR_PARSE, "Zendesk "
			    "export without \"after_cursor\"");
		*after = xstrdup(v->valuestring);
		return TIX_OK;
	}
	/*
	 * Stop on meta.has_more false, whatever links.next says (card
	 * 1.3 [verified]; the emulator sends links.next on the last page).
	 */
	meta = cJSON_GetObjectItemCaseSensitive(root, "meta");
	v = cJSON_GetObjectItemCaseSensitive(meta, "has_more");
	if (!cJSON_IsBool(v))
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk answer without \"meta.has_more\"");
	if (!cJSON_IsTrue(v))
		return TIX_OK;
	v = cJSON_GetObjectItemCaseSensitive(meta, "after_cursor");
	if (cJSON_IsString(v) && v->valuestring[0] != '\0') {
		*after = xstrdup(v->valuestring);
		return TIX_OK;
	}
	links = cJSON_GetObjectItemCaseSensitive(root, "links");
	v = cJSON_GetObjectItemCaseSensitive(links, "next");
	if (cJSON_IsString(v))
		*after = zd_link_after(v->valuestring);
	if (*after == NULL)
		return tix_fail(cause, TIX_ERR_PARSE, "Zendesk answer has "
		    "more pages but no cursor");
	return TIX_OK;
}

/* What one page's items need besides the item: see zd_page_item(). */
struct zd_page_walk {
	const struct zd_list_req	*req;
	const struct zd_ctx		*ctx;
	struct page			*out;
	int64_t				 generated;	/* newest export mark */
	bool				 stop;	/* older than req->since */
};

/* One item of a list page as a record (rest_item_fn). */
static enum tix_err
zd_page_item(struct rest *r, const cJSON *e, void *arg, struct record **rec,
    char **cause)
{
	struct zd_page_walk	*w = arg;
	const struct zd_list_req *req = w->req;
	const cJSON		*v;
	char			 id[JSON_ID_MAX];

	(void)r;
	*rec = NULL;
	if (w->stop)
		return TIX_OK;
	switch (req->kind) {
	case TIX_KIND_TICKET:
		/*
		 * The export lists deleted tickets with status "deleted"
		 * (docs/platforms/zendesk.md, export): they leave the inbox.
		 */
		v = cJSON_GetObjectItemCaseSensitive(e, "status");
		if (req->walk == ZD_WALK_EXPORT && cJSON_IsString(v) &&
		    strcmp(v->valuestring, "deleted") == 0) {
			if (json_id_text(cJSON_GetObjectItemCaseSensitive(e,
			    "id"), id) != 1)
				return tix_fail(cause, TIX_ERR_PARSE,
				    "Zendesk deleted ticket without an id");
			page_add_removed(w->out, id);
			return TIX_OK;
		}
		if (zd_parse_ticket(e, w->ctx, rec, cause) != TIX_OK)
			return TIX_ERR_PARSE;
		/*
		 * The export compares start_time with generated_timestamp,
		 * not updated_at: that is the watermark to hand back.
		 */
		v = cJSON_GetObjectItemCaseSensitive(e, "generated_timestamp");
		if (req->walk == ZD_WALK_EXPORT && cJSON_IsNumber(v) &&
		    v->valuedouble > (double)w->generated &&
		    v->valuedouble < 1e15)
			w->generated = (int64_t)v->valuedouble;
		if (req->walk == ZD_WALK_RECENT &&
		    (*rec)->u.ticket.updated_at < req->since) {
			/* Newest first: the rest are older. */
			record_free(rec);
			w->stop = true;
		}
		return TIX_OK;
	case TIX_KIND_CUSTOMER:
		/* The users export holds every role. */
		v = cJSON_GetObjectItemCaseSensitive(e, "role");
		if (req->walk == ZD_WALK_EXPORT && cJSON_IsString(v) &&
		    strcmp(v->valuestring, "end-user") != 0)
			return TIX_OK;
		return zd_parse_customer(e, w->ctx, rec, cause);
	case TIX_KIND_AGENT:
		return zd_parse_agent(e, w->ctx, rec, cause);
	case TIX_KIND_CATEGORY:
		return zd_parse_group(e, w->ctx, rec, cause);
	case TIX_KIND_NOTE:
		return zd_parse_comment(e, req->ticket_id, w->ctx, rec, cause);
	default:
		return tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk: nothing to list");
	}
}

/* One page of a list: records, the next cursor, the watermark. */
enum tix_err
zd_parse_page(struct rest *rest, const cJSON *root,
    const struct zd_list_req *r, const struct zd_ctx *ctx, struct page *out,
    char **cause)
{
	static const char *const names[TIX_KIND_COUNT] = {
		"tickets", "users", "comments", "groups", "users"
	};
	struct zd_page_walk	 w = { .req = r, .ctx = ctx, .out = out };
	const cJSON		*items = NULL;
	char			*after = NULL;
	enum tix_err		 err;

	if (r->walk == ZD_WALK_FIELD)
		return zd_parse_field_options(root, ctx, out, cause);
	err = zd_envelope(root, r, names[r->kind], &items, &after, cause);
	if (err != TIX_OK)
		return err;
	rest_page_read(rest, r->kind, items, zd_page_item, &w, out);
	if (after != NULL && !w.stop)
		out->next_cursor = zd_cursor_make(r->walk, after);
	free(after);
	if (w.generated > out->watermark)
		out->watermark = w.generated;
	if (r->kind != TIX_KIND_TICKET && r->kind != TIX_KIND_CUSTOMER)
		out->watermark = 0;
	return TIX_OK;
}

/* Who the credentials belong to, and whether they may work tickets. */
enum tix_err
zd_parse_me(const cJSON *root, char id[JSON_ID_MAX], char **cause)
{
	const cJSON	*u;
	const char	*role;
	int		 r;

	id[0] = '\0';
	u = cJSON_GetObjectItemCaseSensitive(root, "user");
	if (!cJSON_IsObject(u))
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk answer has no \"user\"");
	/*
	 * /users/me is allowed for anonymous users (OAS GetApiV2UsersMe
	 * "Allowed For: Anonymous users" [verified]): an answer without an
	 * id means the credentials were not taken.
	 */
	r = json_id_text(cJSON_GetObjectItemCaseSensitive(u, "id"), id);
	if (r == 0)
		return tix_fail(cause, TIX_ERR_AUTH, "Zendesk did not accept "
		    "the credentials (it answered as an anonymous user)");
	if (r < 0)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk user: \"id\" is not an id");
	if (zd_get_string(u, "user", "role", false, &role, cause) != TIX_OK)
		return TIX_ERR_PARSE;
	if (role != NULL && strcmp(role, "end-user") == 0)
		return tix_fail(cause, TIX_ERR_FORBIDDEN, "Zendesk user %s is "
		    "an end user, not an agent", id);
	return TIX_OK;
}

/* A ticket update for the patch's fields only. */
enum tix_err
zd_update_body(const struct patch *p, const char *field_id,
    const char *stamp, char **out, char **cause)
{
	cJSON		*root, *t, *a, *o;
	const char	*name;

	*out = NULL;
	if ((p->fields & (TIX_PATCH_PRIORITY | TIX_PATCH_STATUS |
	    TIX_PATCH_CATEGORY | TIX_PATCH_ASSIGNEE | TIX_PATCH_TAGS)) == 0)
		return tix_fail(cause, TIX_ERR_INVALID, "nothing to change");
	if ((p->fields & TIX_PATCH_ASSIGNEE) && p->user_id != NULL &&
	    !json_id_valid(p->user_id))
		return tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk assignee ids are numbers");
	if ((p->fields & TIX_PATCH_CATEGORY) && field_id == NULL &&
	    p->category_id != NULL && !json_id_valid(p->category_id))
		return tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk group ids are numbers");
	if ((p->fields & TIX_PATCH_CATEGORY) && field_id != NULL &&
	    !json_id_valid(field_id))
		return tix_fail(cause, TIX_ERR_INVALID,
		    "Zendesk ticket field ids are numbers");

	root = cJSON_CreateObject();
	t = cJSON_AddObjectToObject(root, "ticket");
	/* Field names and shapes from docs/platforms/zendesk.md. */
	if (p->fields & TIX_PATCH_PRIORITY) {
		name = p->priority == TIX_PRIORITY_NONE ? NULL :
		    tix_priority_name(p->priority);
		if (name == NULL || *name == '\0')
			cJSON_AddNullToObject(t, "priority");
		else
			cJSON_AddStringToObject(t, "priority", name);
	}
	if (p->fields & TIX_PATCH_STATUS)
		cJSON_AddStringToObject(t, "status",
		    p->status == TIX_STATUS_CLOSED ? "solved" : "open");
	if (p->fields & TIX_PATCH_ASSIGNEE)
		cJSON_AddItemToObject(t, "assignee_id",
		    rest_id_or_null(p->user_id));
	if ((p->fields & TIX_PATCH_CATEGORY) && field_id == NULL)
		cJSON_AddItemToObject(t, "group_id",
		    rest_id_or_null(p->category_id));
	else if (p->fields & TIX_PATCH_CATEGORY) {
		a = cJSON_AddArrayToObject(t, "custom_fields");
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "id", cJSON_CreateRaw(field_id));
		if (p->category_id != NULL)
			cJSON_AddStringToObject(o, "value", p->category_id);
		else
			cJSON_AddNullToObject(o, "value");
		cJSON_AddItemToArray(a, o);
	}
	if (p->fields & TIX_PATCH_TAGS) {
		/* "tags" replaces the whole set (docs/platforms/zendesk.md). */
		a = cJSON_AddArrayToObject(t, "tags");
		for (size_t i = 0; i < p->tags.n; i++)
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(p->tags.v[i]));
	}
	if (stamp != NULL) {
		/* The collision guard (docs/platforms/zendesk.md). */
		cJSON_AddBoolToObject(t, "safe_update", 1);
		cJSON_AddStringToObject(t, "updated_stamp", stamp);
	}
	*out = rest_print(root);
	return TIX_OK;
}

/* A comment rides on a ticket update. */
char *
zd_note_body(const char *text, bool is_public)
{
	cJSON	*root, *t, *c;

	/* A comment rides on a ticket update (docs/platforms/zendesk.md). */
	root = cJSON_CreateObject();
	t = cJSON_AddObjectToObject(root, "ticket");
	c = cJSON_AddObjectToObject(t, "comment");
	cJSON_AddStringToObject(c, "body", text);
	cJSON_AddBoolToObject(c, "public", is_public);
	return rest_print(root);
}

/* The note a comment write created, from the answer's audit. */
enum tix_err
zd_parse_note_audit(const cJSON *root, const char *ticket_id,
    const struct zd_ctx *ctx, struct record **out, char **cause)
{
	const cJSON	*audit, *events, *e, *ty, *found = NULL;
	int64_t		 when = 0;
	enum tix_err	 err;

	*out = NULL;
	audit = cJSON_GetObjectItemCaseSensitive(root, "audit");
	events = cJSON_GetObjectItemCaseSensitive(audit, "events");
	if (!cJSON_IsArray(events))
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk answer has no audit events");
	/* The audit's events hold the Comment added (docs/platforms/zendesk.md). */
	cJSON_ArrayForEach(e, events) {
		ty = cJSON_GetObjectItemCaseSensitive(e, "type");
		if (cJSON_IsString(ty) && (strcmp(ty->valuestring,
		    "Comment") == 0 || strcmp(ty->valuestring,
		    "VoiceComment") == 0))
			found = e;
	}
	if (found == NULL)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk audit has no comment event");
	err = zd_parse_comment(found, ticket_id, ctx, out, cause);
	if (err != TIX_OK)
		return err;
	/* Real Comment events carry no created_at: the audit's is it. */
	if ((*out)->u.note.created_at == 0) {
		err = zd_get_time(audit, "audit", "created_at", &when, cause);
		if (err != TIX_OK) {
			record_free(out);
			return err;
		}
		(*out)->u.note.created_at = (*out)->u.note.updated_at = when;
	}
	return TIX_OK;
}
