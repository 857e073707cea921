/*
 * Freshdesk API v2: request paths and bodies, and Freshdesk's JSON into
 * tix records.  Pure functions over cJSON trees and strings; the I/O is
 * in freshdesk.c.  Text from Freshdesk is copied raw: the store
 * sanitizes it.  API facts: docs/platforms/freshdesk.md.
 */

#include "config.h"

#include "providers/freshdesk_json.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/html.h"
#include "core/http.h"
#include "core/log.h"
#include "core/model.h"
#include "core/xmalloc.h"

/*
 * Freshdesk returns only the last 30 days of tickets without
 * updated_since (docs/platforms/freshdesk.md), so a first load asks for every
 * ticket updated since the epoch; the card gives no lower bound on the
 * date and Airbyte passes its own start date the same way
 * (docs/platforms/freshdesk.md).
 */
#define FD_EPOCH	"1970-01-01T00:00:00Z"

/* The built-in status and priority names (docs/platforms/freshdesk.md). */
static const char *const fd_status_names[] = {
	NULL, NULL, "Open", "Pending", "Resolved", "Closed"
};
static const char *const fd_priority_names[] = {
	NULL, "Low", "Medium", "High", "Urgent"
};
/* Ticket sources (docs/platforms/freshdesk.md). */
static const char *const fd_source_names[] = {
	NULL, "email", "portal", "phone", "forum", "twitter", "facebook",
	"chat", "mobihelp", "feedback_widget", "outbound_email"
};

/* A string member, or NULL when absent or not a string. */
static const char *
fd_str(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A copy of a string member that is set and not empty, or NULL. */
static char *
fd_strdup(const cJSON *o, const char *name)
{
	const char	*s = fd_str(o, name);

	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

/* An integer member into *out; false when absent or not an integer. */
static bool
fd_long(const cJSON *o, const char *name, long *out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
	    v->valuedouble < -1e15 || v->valuedouble > 1e15)
		return false;
	*out = (long)v->valuedouble;
	return true;
}

/* A copy of the id member, or NULL when null, absent or not an id. */
static char *
fd_id_dup(const cJSON *o, const char *name)
{
	char	buf[JSON_ID_MAX];

	if (json_id_text(cJSON_GetObjectItemCaseSensitive(o, name), buf) != 1)
		return NULL;
	return xstrdup(buf);
}

char *
fd_api_base(const char *domain)
{
	static const char	 suffix[] = ".freshdesk.com";
	size_t			 n, slen = sizeof suffix - 1;

	if (domain == NULL)
		return NULL;
	n = strlen(domain);
	if (n > slen && strcasecmp(domain + n - slen, suffix) == 0)
		n -= slen;
	/* One DNS label: letters, digits and inner hyphens. */
	if (n == 0 || n > 63 || domain[0] == '-' || domain[n - 1] == '-')
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)domain[i]) && domain[i] != '-')
			return NULL;
	}
	return xasprintf("https://%.*s.freshdesk.com/api/v2", (int)n, domain);
}

enum tix_err
fd_list_path(enum tix_kind kind, int64_t since, const char *ticket_id,
    size_t limit, char **out, char **cause)
{
	char	 ts[21], *esc;

	*out = NULL;
	if (limit == 0 || limit > FD_PAGE_MAX)
		limit = FD_PAGE_MAX;
	if (since > 0)
		tix_time_format(since, ts);
	else
		xsnprintf(ts, sizeof ts, "%s", FD_EPOCH);
	esc = http_url_escape(ts);
	switch (kind) {
	case TIX_KIND_TICKET:
		/*
		 * Always updated_since, oldest change first so a walk that
		 * hits page 300 can move the window up
		 * (docs/platforms/freshdesk.md);
		 * include=description because the list leaves it out
		 * otherwise (docs/platforms/freshdesk.md), at 2 credits a page;
		 * stats because closed_at comes only there
		 * (docs/platforms/freshdesk.md), 2 more.
		 */
		*out = xasprintf("/tickets?updated_since=%s&order_by="
		    "updated_at&order_type=asc&per_page=%zu&page=1&include="
		    "description,stats", esc, limit);
		break;
	case TIX_KIND_CUSTOMER:
		if (since > 0)
			*out = xasprintf("/contacts?_updated_since=%s&"
			    "per_page=%zu&page=1", esc, limit);
		else
			*out = xasprintf("/contacts?per_page=%zu&page=1",
			    limit);
		break;
	case TIX_KIND_AGENT:
		*out = xasprintf("/agents?per_page=%zu&page=1", limit);
		break;
	case TIX_KIND_CATEGORY:
		*out = xstrdup("/ticket_fields");
		break;
	case TIX_KIND_NOTE:
		if (!json_id_valid(ticket_id)) {
			free(esc);
			return tix_fail(cause, TIX_ERR_INVALID,
			    "not a Freshdesk ticket id");
		}
		*out = xasprintf("/tickets/%s/conversations?per_page=%zu&"
		    "page=1", ticket_id, limit);
		break;
	default:
		free(esc);
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "Freshdesk cannot list %s records", tix_kind_name(kind));
	}
	free(esc);
	return TIX_OK;
}

/* A status number's name: the account's own, the built-in, or "N". */
static char *
fd_status_name(const struct fd_ctx *ctx, long n)
{
	for (size_t i = 0; i < ctx->nstatuses; i++) {
		if (ctx->statuses[i].value == n && ctx->statuses[i].name !=
		    NULL)
			return xstrdup(ctx->statuses[i].name);
	}
	if (n >= 2 && n <= 5)
		return xstrdup(fd_status_names[n]);
	return xasprintf("%ld", n);
}

long
fd_priority_number(enum tix_priority p)
{
	switch (p) {
	case TIX_PRIORITY_LOW:
		return 1;
	case TIX_PRIORITY_NORMAL:
		return 2;
	case TIX_PRIORITY_HIGH:
		return 3;
	case TIX_PRIORITY_URGENT:
		return 4;
	default:
		return 0;
	}
}

enum tix_priority
fd_priority_level(long n)
{
	switch (n) {
	case 1:
		return TIX_PRIORITY_LOW;
	case 2:
		return TIX_PRIORITY_NORMAL;
	case 3:
		return TIX_PRIORITY_HIGH;
	case 4:
		return TIX_PRIORITY_URGENT;
	default:
		return TIX_PRIORITY_NONE;
	}
}

bool
fd_status_active(long n)
{
	/* 4 Resolved and 5 Closed; 2, 3 and custom (>= 6) are active. */
	return n != 4 && n != 5;
}

/*
 * The members read as they are (docs/platforms/freshdesk.md, JSON
 * shapes); the rest of each record is the functions' own.
 */
#define FD_T(m, f, c, req)	{ .member = (m), .conv = (c), \
				  .offset = offsetof(struct ticket, f), \
				  .required = (req) }
static const struct rest_field fd_ticket_fields[] = {
	FD_T("id", id, REST_ID, true),
	FD_T("subject", subject, REST_STRING, false),
	FD_T("requester_id", customer_id, REST_ID, false),
	FD_T("responder_id", user_id, REST_ID, false),
	FD_T("tags", tags, REST_STRV, false),
	FD_T("created_at", created_at, REST_TIME, false),
	FD_T("updated_at", updated_at, REST_TIME, false),
	FD_T("due_by", due_at, REST_TIME, false),
};
/* closed_at (resolved_at before it) comes only inside stats. */
static const struct rest_field fd_stats_fields[] = {
	FD_T("resolved_at", closed_at, REST_TIME, false),
	FD_T("closed_at", closed_at, REST_TIME, false),
};
#define FD_C(m, f, c, req)	{ .member = (m), .conv = (c), \
				  .offset = offsetof(struct customer, f), \
				  .required = (req) }
static const struct rest_field fd_contact_fields[] = {
	FD_C("id", id, REST_ID, true),
	FD_C("name", name, REST_STRING, false),
	FD_C("tags", tags, REST_STRV, false),
	FD_C("created_at", created_at, REST_TIME, false),
	FD_C("updated_at", updated_at, REST_TIME, false),
};
/* An agent's name and e-mail sit in a nested contact. */
static const struct rest_field fd_agent_fields[] = {
	{ .member = "id", .offset = offsetof(struct agent, id),
	  .conv = REST_ID, .required = true },
};
static const struct rest_field fd_agent_contact_fields[] = {
	{ .member = "name", .offset = offsetof(struct agent, name),
	  .conv = REST_STRING },
	{ .member = "email", .offset = offsetof(struct agent, email),
	  .conv = REST_STRING },
};
static const struct rest_field fd_note_fields[] = {
	{ .member = "id", .offset = offsetof(struct note, id),
	  .conv = REST_ID, .required = true },
	{ .member = "ticket_id", .offset = offsetof(struct note, ticket_id),
	  .conv = REST_ID },
	{ .member = "created_at", .offset = offsetof(struct note, created_at),
	  .conv = REST_TIME },
	{ .member = "updated_at", .offset = offsetof(struct note, updated_at),
	  .conv = REST_TIME },
};
#define FD_N(t)	(sizeof (t) / sizeof (t)[0])

/* HTML text as plain text with its lines, or the plain text given. */
static char *
fd_html_member(const cJSON *o, const char *html, const char *plain)
{
	const char	*s = fd_str(o, html);

	if (s != NULL)
		return html_to_text(s, TIX_MAX_FIELD, NULL);
	return xstrdup_opt(fd_str(o, plain));
}

/* The ticket's category: the Type field, or a custom dropdown. */
static char *
fd_ticket_category(const cJSON *o, const struct fd_ctx *ctx)
{
	const cJSON	*v;

	if (ctx->field == NULL)
		return fd_strdup(o, "type");
	v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    o, "custom_fields"), ctx->field);
	if (cJSON_IsString(v) && *v->valuestring != '\0')
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v))
		return xasprintf("%.17g", v->valuedouble);
	return NULL;
}

enum tix_err
fd_parse_ticket(const cJSON *o, const struct fd_ctx *ctx,
    struct record **out, char **cause)
{
	struct record	*r;
	struct ticket	*t;
	long		 n;
	enum tix_err	 err;

	*out = NULL;
	r = record_new(TIX_KIND_TICKET, ctx->base.account);
	t = &r->u.ticket;
	err = rest_map_read("Freshdesk ticket", o, fd_ticket_fields,
	    FD_N(fd_ticket_fields), t, cause);
	if (err != TIX_OK)
		return rest_record_done(r, err, out);
	/* description keeps the lines; description_text may not. */
	t->description = fd_html_member(o, "description", "description_text");
	t->status = TIX_STATUS_ACTIVE;
	if (fd_long(o, "status", &n)) {
		t->status = fd_status_active(n) ? TIX_STATUS_ACTIVE :
		    TIX_STATUS_CLOSED;
		t->status_raw = fd_status_name(ctx, n);
	}
	if (fd_long(o, "priority", &n)) {
		t->priority = fd_priority_level(n);
		t->priority_raw = t->priority != TIX_PRIORITY_NONE ?
		    xstrdup(fd_priority_names[n]) : xasprintf("%ld", n);
	}
	t->category_id = fd_ticket_category(o, ctx);
	if (fd_long(o, "source", &n))
		t->source = n >= 1 && n <= 10 ? xstrdup(fd_source_names[n]) :
		    xasprintf("%ld", n);
	/* The agent UI's ticket page; /helpdesk/ is the long-lived path. */
	if (ctx->base.web_base != NULL)
		t->url = xasprintf("%s/helpdesk/tickets/%s", ctx->base.web_base,
		    t->id);
	if (t->status == TIX_STATUS_CLOSED)
		(void)rest_map_read("Freshdesk ticket stats",
		    cJSON_GetObjectItemCaseSensitive(o, "stats"),
		    fd_stats_fields, FD_N(fd_stats_fields), t, NULL);
	return rest_record_done(r, TIX_OK, out);
}

/* Add a contact point (value, type) unless the value is empty. */
static void
fd_point_add(struct contact_point **v, size_t *n, const char *value,
    const char *type)
{
	if (value == NULL || *value == '\0')
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].value = xstrdup(value);
	(*v)[*n].type = xstrdup_opt(type);
	(*n)++;
}

enum tix_err
fd_parse_contact(const cJSON *o, const struct fd_ctx *ctx,
    struct record **out, char **cause)
{
	struct record	*r;
	struct customer	*c;
	const cJSON	*e;
	enum tix_err	 err;

	*out = NULL;
	r = record_new(TIX_KIND_CUSTOMER, ctx->base.account);
	c = &r->u.customer;
	err = rest_map_read("Freshdesk contact", o, fd_contact_fields,
	    FD_N(fd_contact_fields), c, cause);
	if (err != TIX_OK)
		return rest_record_done(r, err, out);
	/* other_emails and tags only in GET /contacts/{id}. */
	fd_point_add(&c->emails, &c->nemails, fd_str(o, "email"), NULL);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o,
	    "other_emails")) {
		if (cJSON_IsString(e))
			fd_point_add(&c->emails, &c->nemails, e->valuestring,
			    NULL);
	}
	fd_point_add(&c->telephones, &c->ntelephones, fd_str(o, "phone"),
	    "WORK");
	fd_point_add(&c->telephones, &c->ntelephones, fd_str(o, "mobile"),
	    "MOBILE");
	return rest_record_done(r, TIX_OK, out);
}

enum tix_err
fd_parse_agent(const cJSON *o, const struct fd_ctx *ctx,
    struct record **out, char **cause)
{
	struct record	*r;
	struct agent	*ag;
	const cJSON	*c;
	enum tix_err	 err;

	*out = NULL;
	r = record_new(TIX_KIND_AGENT, ctx->base.account);
	ag = &r->u.agent;
	err = rest_map_read("Freshdesk agent", o, fd_agent_fields,
	    FD_N(fd_agent_fields), ag, cause);
	if (err != TIX_OK)
		return rest_record_done(r, err, out);
	c = cJSON_GetObjectItemCaseSensitive(o, "contact");
	(void)rest_map_read("Freshdesk agent", cJSON_IsObject(c) ? c : o,
	    fd_agent_contact_fields, FD_N(fd_agent_contact_fields), ag, NULL);
	ag->is_me = ctx->base.me_id != NULL && strcmp(ctx->base.me_id, ag->id) == 0;
	return rest_record_done(r, TIX_OK, out);
}

enum tix_err
fd_parse_conversation(const cJSON *o, const char *ticket_id,
    const struct fd_ctx *ctx, struct record **out, char **cause)
{
	struct record	*r;
	struct note	*n;
	const cJSON	*v;
	char		*author;
	bool		 customer;
	enum tix_err	 err;

	*out = NULL;
	r = record_new(TIX_KIND_NOTE, ctx->base.account);
	n = &r->u.note;
	/*
	 * private: true marks an internal note.  Any other value than true
	 * or false is not read as either: the note could show as public.
	 */
	v = cJSON_GetObjectItemCaseSensitive(o, "private");
	n->is_public = !cJSON_IsTrue(v);
	err = v != NULL && !cJSON_IsNull(v) && !cJSON_IsBool(v) ?
	    tix_fail(cause, TIX_ERR_PARSE, "Freshdesk conversation: "
	    "\"private\" is not true or false") :
	    rest_map_read("Freshdesk conversation", o, fd_note_fields,
	    FD_N(fd_note_fields), n, cause);
	if (err != TIX_OK)
		return rest_record_done(r, err, out);
	if (n->ticket_id == NULL)
		n->ticket_id = xstrdup_opt(ticket_id);
	/* body, not body_text: Freshdesk's body_text joins the lines. */
	n->description = fd_html_member(o, "body", "body_text");
	/*
	 * incoming: true marks a message from the customer; otherwise the
	 * author is an agent, unless the agents are known and the author
	 * is not one of them (a contact's outgoing note).
	 */
	author = fd_id_dup(o, "user_id");
	customer = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "incoming"));
	if (!customer && author != NULL && ctx->base.rest != NULL)
		customer = !rest_is_agent(ctx->base.rest, author);
	if (customer)
		n->customer_id = author;
	else
		n->user_id = author;
	return rest_record_done(r, TIX_OK, out);
}

/* The first item of an array of strings, or a string; else NULL. */
static const char *
fd_label_of(const cJSON *v)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsArray(v) && cJSON_IsString(cJSON_GetArrayItem(v, 0)))
		return cJSON_GetArrayItem(v, 0)->valuestring;
	return NULL;
}

/* The /ticket_fields entry named name, or NULL. */
static const cJSON *
fd_field_find(const cJSON *root, const char *name)
{
	const cJSON	*f;
	const char	*s;

	cJSON_ArrayForEach(f, root) {
		s = fd_str(f, "name");
		if (s != NULL && strcmp(s, name) == 0)
			return f;
	}
	return NULL;
}

/* Add a category whose id and name are the choice's value. */
static void
fd_category_add(struct page *out, const struct fd_ctx *ctx,
    const char *value, const char *label)
{
	struct record	*r;

	if (value == NULL || *value == '\0')
		return;
	r = record_new(TIX_KIND_CATEGORY, ctx->base.account);
	r->u.category.id = xstrdup(value);
	r->u.category.name = xstrdup(label != NULL && *label != '\0' ?
	    label : value);
	r->u.category.is_active = true;
	page_add(out, r);
}

enum tix_err
fd_parse_categories(const cJSON *root, const struct fd_ctx *ctx,
    struct page *out, char **cause)
{
	const char	*name;
	const cJSON	*f, *ch, *e;

	name = ctx->field != NULL ? ctx->field : "ticket_type";

	if (!cJSON_IsArray(root))
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Freshdesk's ticket fields are not a JSON array");
	f = fd_field_find(root, name);
	if (f == NULL) {
		if (ctx->field == NULL)
			return TIX_OK;	/* no Type field: no categories */
		return tix_fail(cause, TIX_ERR_INVALID,
		    "Freshdesk has no ticket field named '%s'", name);
	}
	/*
	 * Dropdown choices: an array of strings, objects {value, label}
	 * (the admin variant), or an object whose keys are the values.
	 */
	ch = cJSON_GetObjectItemCaseSensitive(f, "choices");
	if (cJSON_IsArray(ch)) {
		cJSON_ArrayForEach(e, ch) {
			if (cJSON_IsString(e))
				fd_category_add(out, ctx, e->valuestring, NULL);
			else if (cJSON_IsObject(e))
				fd_category_add(out, ctx, fd_str(e, "value"),
				    fd_str(e, "label"));
		}
	} else if (cJSON_IsObject(ch)) {
		cJSON_ArrayForEach(e, ch)
			fd_category_add(out, ctx, e->string, NULL);
	}
	return TIX_OK;
}

void
fd_parse_statuses(const cJSON *root, struct fd_label **out, size_t *n)
{
	const cJSON	*f, *e;
	const char	*label;
	char		*end;
	long		 v;

	*out = NULL;
	*n = 0;
	f = cJSON_IsArray(root) ? fd_field_find(root, "status") : NULL;
	if (f == NULL)
		return;
	/* {"2": ["Open", "Being Processed"], ...}: agent label first. */
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(f, "choices")) {
		label = e->string != NULL ? fd_label_of(e) : NULL;
		if (label == NULL)
			continue;
		errno = 0;
		v = strtol(e->string, &end, 10);
		if (errno != 0 || end == e->string || *end != '\0' || v < 0)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[*n].value = v;
		(*out)[*n].name = xstrdup(label);
		(*n)++;
	}
}

void
fd_labels_free(struct fd_label **lp, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*lp)[i].name);
	free(*lp);
	*lp = NULL;
	*n = 0;
}

enum tix_err
fd_parse_me(const cJSON *root, char id[JSON_ID_MAX], char **cause)
{
	if (!cJSON_IsObject(root) || json_id_text(
	    cJSON_GetObjectItemCaseSensitive(root, "id"), id) != 1)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Freshdesk's /agents/me has no valid agent id");
	return TIX_OK;
}

/*
 * The cursor after a ticket page that has a next link: the link, or at
 * page 300 a first page from the newest updated_at seen
 * (docs/platforms/freshdesk.md).
 */
static enum tix_err
fd_ticket_cursor(const char *path, char *next, int64_t newest,
    struct page *out, char **cause)
{
	char		*s;
	long		 page = 1, per = FD_PAGE_MAX;
	int64_t		 since = 0;

	http_query_number(path, "page", 1, LONG_MAX, &page);
	if (page < FD_PAGE_LIMIT) {
		out->next_cursor = next;
		return TIX_OK;
	}
	free(next);
	http_query_number(path, "per_page", 1, FD_PAGE_MAX, &per);
	s = http_query_arg(path, "updated_since");
	if (s != NULL && tix_time_parse(s, &since) != 0)
		since = 0;
	free(s);
	/*
	 * The window moves to the last ticket's updated_at; tickets of
	 * that second come again and the store merges them.  If all 300
	 * pages were one second, the window cannot move.
	 */
	if (newest <= since)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED, "more than %ld "
		    "Freshdesk tickets changed in the same second: cannot "
		    "list past page %d", per * FD_PAGE_LIMIT, FD_PAGE_LIMIT);
	return fd_list_path(TIX_KIND_TICKET, newest, NULL,
	    per > 0 ? (size_t)per : 0, &out->next_cursor, cause);
}

/*
 * After the last page of a poll's ticket walk, the tickets deleted since
 * the same watermark: Freshdesk leaves them out of the lists and shows
 * them only with filter=deleted (docs/platforms/freshdesk.md).
 */
static enum tix_err
fd_deleted_cursor(const char *path, struct page *out)
{
	char	*s, *esc;
	int64_t	 since = 0;

	s = http_query_arg(path, "updated_since");
	if (s == NULL || tix_time_parse(s, &since) != 0 || since <= 0) {
		free(s);
		return TIX_OK;		/* a first load: nothing deleted yet */
	}
	esc = http_url_escape(s);
	out->next_cursor = xasprintf("/tickets?filter=deleted&updated_since="
	    "%s&per_page=%d&page=1", esc, FD_PAGE_MAX);
	free(esc);
	free(s);
	return TIX_OK;
}

/* One item of a list page as a record (rest_item_fn); arg: the walk. */
static enum tix_err
fd_page_item(struct rest *r, const cJSON *e, void *arg, struct record **out,
    char **cause)
{
	const struct fd_page_walk	*w = arg;
	char				 id[JSON_ID_MAX];

	(void)r;
	switch (w->kind) {
	case TIX_KIND_TICKET:
		if (!w->deleted)
			return fd_parse_ticket(e, w->ctx, out, cause);
		if (json_id_text(cJSON_GetObjectItemCaseSensitive(e, "id"),
		    id) != 1)
			return tix_fail(cause, TIX_ERR_PARSE, "Freshdesk "
			    "deleted ticket without a valid id");
		page_add_removed(w->out, id);
		return TIX_OK;
	case TIX_KIND_CUSTOMER:
		return fd_parse_contact(e, w->ctx, out, cause);
	case TIX_KIND_AGENT:
		return fd_parse_agent(e, w->ctx, out, cause);
	case TIX_KIND_NOTE:
		return fd_parse_conversation(e, w->ticket_id, w->ctx, out,
		    cause);
	default:
		return tix_fail(cause, TIX_ERR_UNSUPPORTED, "Freshdesk cannot "
		    "list %s records", tix_kind_name(w->kind));
	}
}

/* One page of a list: records, the next cursor, the watermark. */
enum tix_err
fd_parse_page(struct rest *rest, const cJSON *root,
    const struct fd_page_walk *w, const char *path, const char *next,
    struct page *out, char **cause)
{
	struct fd_page_walk	 walk = *w;

	walk.out = out;
	if (w->kind == TIX_KIND_CATEGORY)
		return fd_parse_categories(root, w->ctx, out, cause);
	if (!cJSON_IsArray(root))
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Freshdesk sent a list that is not a JSON array");
	rest_page_read(rest, w->kind, root, fd_page_item, &walk, out);
	if (next == NULL && w->kind == TIX_KIND_TICKET && !w->deleted)
		return fd_deleted_cursor(path, out);
	if (next == NULL)
		return TIX_OK;
	if (w->kind == TIX_KIND_TICKET && !w->deleted)
		return fd_ticket_cursor(path, xstrdup(next), out->watermark,
		    out, cause);
	out->next_cursor = xstrdup(next);
	return TIX_OK;
}

enum tix_err
fd_note_body(const char *text, bool is_public, char **out, char **cause)
{
	cJSON		*o;
	char		*html;
	enum tix_err	 err;

	*out = NULL;
	err = html_from_text(text, TIX_MAX_NOTE, &html, cause);
	if (err != TIX_OK)
		return err;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "body", html);
	free(html);
	/* Notes are private unless told (docs/platforms/freshdesk.md); be plain. */
	if (!is_public)
		cJSON_AddBoolToObject(o, "private", 1);
	*out = rest_print(o);
	return TIX_OK;
}

/* Add the category: "type", or custom_fields.cf_x; NULL clears. */
static void
fd_add_category(cJSON *o, const char *field, const char *value)
{
	cJSON	*cf;

	if (field != NULL) {
		cf = cJSON_AddObjectToObject(o, "custom_fields");
		if (value != NULL)
			cJSON_AddStringToObject(cf, field, value);
		else
			cJSON_AddNullToObject(cf, field);
	} else if (value != NULL)
		cJSON_AddStringToObject(o, "type", value);
	else
		cJSON_AddNullToObject(o, "type");
}

/* Add a string array. */
static void
fd_add_strv(cJSON *o, const char *name, const struct strv *sv)
{
	cJSON	*a;

	a = cJSON_AddArrayToObject(o, name);
	for (size_t i = 0; i < sv->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(sv->v[i]));
}

enum tix_err
fd_update_body(const struct patch *p, const char *field, long current,
    char **out, char **cause)
{
	cJSON		*o;
	enum tix_err	 err = TIX_ERR_INVALID;

	*out = NULL;
	o = cJSON_CreateObject();
	if (p->fields & TIX_PATCH_PRIORITY) {
		if (fd_priority_number(p->priority) == 0) {
			tix_fail(cause, err, "Freshdesk tickets always have "
			    "a priority");
			goto out;
		}
		cJSON_AddNumberToObject(o, "priority",
		    (double)fd_priority_number(p->priority));
	}
	/*
	 * ACTIVE is 2 Open, CLOSED 4 Resolved, if not already
	 * (docs/platforms/freshdesk.md).
	 */
	if (p->fields & TIX_PATCH_STATUS) {
		if (p->status == TIX_STATUS_ACTIVE &&
		    (current == 0 || !fd_status_active(current)))
			cJSON_AddNumberToObject(o, "status", 2);
		else if (p->status == TIX_STATUS_CLOSED &&
		    (current == 0 || fd_status_active(current)))
			cJSON_AddNumberToObject(o, "status", 4);
	}
	if (p->fields & TIX_PATCH_ASSIGNEE) {
		if (p->user_id == NULL)
			cJSON_AddNullToObject(o, "responder_id");
		else if (json_id_valid(p->user_id))
			cJSON_AddItemToObject(o, "responder_id",
			    cJSON_CreateRaw(p->user_id));
		else {
			tix_fail(cause, err, "not a Freshdesk agent id");
			goto out;
		}
	}
	if (p->fields & TIX_PATCH_CATEGORY)
		fd_add_category(o, field, p->category_id);
	if (p->fields & TIX_PATCH_TAGS)
		fd_add_strv(o, "tags", &p->tags);
	if (cJSON_GetArraySize(o) > 0)
		*out = cJSON_PrintUnformatted(o);
	err = TIX_OK;

out:
	cJSON_Delete(o);
	return err;
}
