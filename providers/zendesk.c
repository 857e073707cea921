/*
 * Zendesk Support (Ticketing API v2) on the REST kit (providers/rest.h):
 * the descriptor and Zendesk's real quirks.  API facts, with the
 * official documentation's addresses: docs/platforms/zendesk.md.
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
 * Quirks.  Polls use the incremental export, which returns only what
 * changed (deleted tickets too) but is for admins: when it is refused
 * (403) polls list tickets by -updated_at down to the watermark.
 * Updates carry safe_update with the updated_at last seen, so a change
 * made by someone else in between is a 409 rather than overwritten.
 * Notes are comments added by a ticket update; the answer's audit holds
 * the comment.
 */

#include "config.h"

#include "providers/registry.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/rest.h"

static enum tix_err	 zd_configure(struct account *, char **);

const struct tix_provider_ops provider_zendesk =
    REST_PROVIDER_OPS("zendesk", "Zendesk Support", zd_configure);

/* The API base for a subdomain: one host label, lower-cased. */
static char *
zd_api_base(const char *sub)
{
	size_t	 n = strlen(sub);
	char	*lower, *out;

	if (n == 0 || n > 63 || sub[0] == '-' || sub[n - 1] == '-')
		return NULL;
	lower = xstrdup(sub);
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)sub[i]) && sub[i] != '-') {
			free(lower);
			return NULL;
		}
		lower[i] = (char)tolower((unsigned char)sub[i]);
	}
	out = xasprintf("https://%s.zendesk.com/api/v2", lower);
	free(lower);
	return out;
}

/* Basic auth's user is "EMAIL/token": no ':' in it. */
static bool
zd_email_valid(const char *s)
{
	return strchr(s, '@') != NULL && strchr(s, ':') == NULL;
}

/*
 * Who the credentials belong to.  /users/me answers anonymous users too:
 * an answer without an id means the credentials were not taken.
 */
static enum tix_err
zd_me(const cJSON *root, char id[JSON_ID_MAX], char **cause)
{
	const cJSON	*u = cJSON_GetObjectItemCaseSensitive(root, "user");
	const cJSON	*role = cJSON_GetObjectItemCaseSensitive(u, "role");
	int		 r;

	id[0] = '\0';
	if (!cJSON_IsObject(u))
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk answer has no \"user\"");
	r = json_id_text(cJSON_GetObjectItemCaseSensitive(u, "id"), id);
	if (r == 0)
		return tix_fail(cause, TIX_ERR_AUTH, "Zendesk did not accept "
		    "the credentials (it answered as an anonymous user)");
	if (r < 0)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk user: \"id\" is not an id");
	if (cJSON_IsString(role) && strcmp(role->valuestring, "end-user") == 0)
		return tix_fail(cause, TIX_ERR_FORBIDDEN, "Zendesk user %s is "
		    "an end user, not an agent", id);
	return TIX_OK;
}

/*
 * A ticket's category: its group, or with category = field:ID the value
 * of that drop-down in custom_fields ([{"id":27642,"value":"745"}]).
 */
static enum tix_err
zd_ticket_category(const struct rest *r, const cJSON *o, struct record *rec,
    char **cause)
{
	const cJSON	*e, *v;
	char		 id[JSON_ID_MAX];

	(void)cause;
	if (r->category_field == NULL) {
		if (json_id_text(cJSON_GetObjectItemCaseSensitive(o,
		    "group_id"), id) == 1)
			rec->u.ticket.category_id = xstrdup(id);
		return TIX_OK;
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o,
	    "custom_fields")) {
		if (json_id_text(cJSON_GetObjectItemCaseSensitive(e, "id"),
		    id) != 1 || strcmp(id, r->category_field) != 0)
			continue;
		v = cJSON_GetObjectItemCaseSensitive(e, "value");
		if (cJSON_IsString(v) && v->valuestring[0] != '\0')
			rec->u.ticket.category_id = xstrdup(v->valuestring);
		break;
	}
	return TIX_OK;
}

/* Write the category: group_id, or the drop-down's value. */
static enum tix_err
zd_patch_category(const struct rest *r, cJSON *o, const struct patch *p,
    char **cause)
{
	cJSON	*cf;

	if (r->category_field == NULL) {
		if (p->category_id != NULL && !json_id_valid(p->category_id))
			return tix_fail(cause, TIX_ERR_INVALID,
			    "Zendesk group ids are numbers");
		cJSON_AddItemToObject(o, "group_id",
		    rest_id_or_null(p->category_id));
		return TIX_OK;
	}
	cf = cJSON_CreateObject();
	cJSON_AddItemToObject(cf, "id", cJSON_CreateRaw(r->category_field));
	if (p->category_id != NULL)
		cJSON_AddStringToObject(cf, "value", p->category_id);
	else
		cJSON_AddNullToObject(cf, "value");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "custom_fields"), cf);
	return TIX_OK;
}

/* category = field:ID: the drop-down's options ({id,name,value}). */
static bool
zd_by_field(const struct rest *r)
{
	return r->category_field != NULL;
}

static bool
zd_by_group(const struct rest *r)
{
	return r->category_field == NULL;
}

/* The options of a drop-down as categories: the value is the id. */
static enum tix_err
zd_field_options(struct rest *r, const cJSON *root, struct page *out,
    char **cause)
{
	const cJSON	*opts, *e, *value, *name;
	struct record	*rec;

	opts = rest_member(root, "ticket_field.custom_field_options");
	if (!cJSON_IsArray(opts))
		return tix_fail(cause, TIX_ERR_PARSE, "Zendesk ticket field "
		    "%s is not a drop-down (no custom_field_options)",
		    r->category_field);
	cJSON_ArrayForEach(e, opts) {
		value = cJSON_GetObjectItemCaseSensitive(e, "value");
		name = cJSON_GetObjectItemCaseSensitive(e, "name");
		if (!cJSON_IsString(value) || value->valuestring[0] == '\0')
			return tix_fail(cause, TIX_ERR_PARSE, "Zendesk field "
			    "option without a \"value\"");
		rec = record_new(TIX_KIND_CATEGORY, r->account->index);
		rec->u.category.id = xstrdup(value->valuestring);
		rec->u.category.name = xstrdup(cJSON_IsString(name) ?
		    name->valuestring : value->valuestring);
		rec->u.category.is_active = true;
		page_add(out, rec);
	}
	return TIX_OK;
}

/*
 * The note a comment write made: the audit's Comment event, dated by the
 * audit (real Comment events carry no created_at).
 */
static enum tix_err
zd_note_audit(const struct rest *r, const cJSON *root, const char *ticket_id,
    struct record **out, char **cause)
{
	const cJSON	*audit, *e, *ty, *found = NULL, *at;
	struct note	*n;
	enum tix_err	 err;

	audit = cJSON_GetObjectItemCaseSensitive(root, "audit");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(audit,
	    "events")) {
		ty = cJSON_GetObjectItemCaseSensitive(e, "type");
		if (cJSON_IsString(ty) && (strcmp(ty->valuestring,
		    "Comment") == 0 || strcmp(ty->valuestring,
		    "VoiceComment") == 0))
			found = e;
	}
	if (found == NULL)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Zendesk audit has no comment event");
	err = rest_record_read(r, TIX_KIND_NOTE, found, ticket_id, out,
	    cause);
	if (err != TIX_OK)
		return err;
	n = &(*out)->u.note;
	at = cJSON_GetObjectItemCaseSensitive(audit, "created_at");
	if (n->created_at == 0 && (!cJSON_IsString(at) ||
	    tix_time_parse(at->valuestring, &n->created_at) != 0)) {
		record_free(out);
		return tix_fail(cause, TIX_ERR_PARSE, "Zendesk audit without "
		    "a \"created_at\" time");
	}
	n->updated_at = n->created_at;
	return TIX_OK;
}

/* The collision guard: refuse the change if the ticket moved since. */
static void
zd_guard(cJSON *o, int64_t stamp)
{
	char	buf[21];

	if (stamp == 0)
		return;
	tix_time_format(stamp, buf);
	cJSON_AddBoolToObject(o, "safe_update", 1);
	cJSON_AddStringToObject(o, "updated_stamp", buf);
}

/* new/open/pending/hold ACTIVE, solved/closed CLOSED. */
static const struct rest_level zd_statuses[] = {
	{ .name = "new", .level = TIX_STATUS_ACTIVE },
	{ .name = "open", .level = TIX_STATUS_ACTIVE, .write = true },
	{ .name = "pending", .level = TIX_STATUS_ACTIVE },
	{ .name = "hold", .level = TIX_STATUS_ACTIVE },
	{ .name = "solved", .level = TIX_STATUS_CLOSED, .write = true },
	{ .name = "closed", .level = TIX_STATUS_CLOSED },
	/* Only in exports: the ticket is gone (removed_value). */
	{ .name = "deleted", .level = TIX_STATUS_CLOSED },
};
static const struct rest_level zd_priorities[] = {
	{ .name = "low", .level = TIX_PRIORITY_LOW, .write = true },
	{ .name = "normal", .level = TIX_PRIORITY_NORMAL, .write = true },
	{ .name = "high", .level = TIX_PRIORITY_HIGH, .write = true },
	{ .name = "urgent", .level = TIX_PRIORITY_URGENT, .write = true },
};

#define T(m, f, c)	REST_FIELD(m, struct ticket, f, c)
static const struct rest_field zd_ticket[] = {
	REST_FIELD_ID(struct ticket),
	T("subject", subject, REST_STRING),
	T("description", description, REST_STRING),
	/* Every ticket has a status: without one it is not read. */
	{ .member = "status", .offset = offsetof(struct ticket, status),
	  .conv = REST_STATUS, .required = true,
	  .aux = offsetof(struct ticket, status_raw), .levels = zd_statuses,
	  .nlevels = REST_N(zd_statuses) },
	REST_FIELD_LEVEL("priority", priority, priority_raw, REST_PRIORITY,
	    zd_priorities),
	T("requester_id", customer_id, REST_ID),
	T("assignee_id", user_id, REST_ID),
	T("tags", tags, REST_STRV),
	T("via.channel", source, REST_STRING),
	REST_FIELD_TIMES(struct ticket),
	T("due_at", due_at, REST_TIME),
};
#undef T
static const struct rest_field zd_user[] = {
	REST_FIELD_ID(struct customer),
	REST_FIELD("name", struct customer, name, REST_STRING),
	REST_FIELD_POINT("email", struct customer, emails, nemails, NULL),
	REST_FIELD_POINT("phone", struct customer, telephones, ntelephones,
	    NULL),
	REST_FIELD("tags", struct customer, tags, REST_STRV),
	REST_FIELD_TIMES(struct customer),
};
static const struct rest_field zd_agent[] = {
	REST_FIELD_ID(struct agent),
	REST_FIELD("name", struct agent, name, REST_STRING),
	REST_FIELD("email", struct agent, email, REST_STRING),
};
static const struct rest_field zd_group[] = {
	REST_FIELD_ID(struct category),
	REST_FIELD("name", struct category, name, REST_STRING),
	REST_FIELD("description", struct category, description, REST_STRING),
	REST_FIELD("deleted", struct category, is_active, REST_NOT_BOOL),
};
/*
 * body is the plain text (plain_body when it is missing); public: false
 * marks an internal note, and a value that is not true or false is a
 * bad record rather than a guess.
 */
#define N(m, f, c)	REST_FIELD(m, struct note, f, c)
static const struct rest_field zd_comment[] = {
	REST_FIELD_ID(struct note),
	N("body", description, REST_STRING),
	N("plain_body", description, REST_STRING),
	REST_FIELD_STRICT("public", struct note, is_public, REST_BOOL),
	REST_FIELD_STRICT("author_id", struct note, user_id, REST_AUTHOR),
	N("created_at", created_at, REST_TIME),
};
#undef N

/* Cursor pagination: page[size] at most 100, stop on meta.has_more. */
#define ZD_CURSOR(envelope)						\
	.items = (envelope), .page_max = 100, .pager = REST_PAGER_CURSOR, \
	.more = "meta.has_more", .cursor = "meta.after_cursor",	\
	.cursor_arg = "page[after]"
/*
 * The cursor-based incremental export: start_time first, then cursor,
 * until end_of_stream.  It leaves out the last minute and compares
 * start_time with generated_timestamp.
 */
#define ZD_EXPORT(envelope)						\
	.items = (envelope), .when = REST_WHEN_SINCE,			\
	.since_format = REST_SINCE_UNIX, .since_lag = 61,		\
	.pager = REST_PAGER_CURSOR, .more = "end_of_stream",		\
	.more_inverted = true, .cursor = "after_cursor",		\
	.cursor_arg = "cursor", .drop_arg = "start_time",		\
	.refusable = true, .mark_member = "generated_timestamp"

static const struct rest_list zd_lists[] = {
	{ .kind = TIX_KIND_TICKET, ZD_EXPORT("tickets"),
	  .path = "/incremental/tickets/cursor.json?start_time={since}" },
	{ .kind = TIX_KIND_TICKET, ZD_CURSOR("tickets"),
	  .when = REST_WHEN_SINCE, .newest_first = true,
	  .path = "/tickets.json?page[size]={limit}&sort=-updated_at" },
	{ .kind = TIX_KIND_TICKET, ZD_CURSOR("tickets"),
	  .path = "/tickets.json?page[size]={limit}" },
	/* The users export holds every role. */
	{ .kind = TIX_KIND_CUSTOMER, ZD_EXPORT("users"),
	  .path = "/incremental/users/cursor.json?start_time={since}",
	  .only_member = "role", .only_value = "end-user" },
	{ .kind = TIX_KIND_CUSTOMER, ZD_CURSOR("users"),
	  .path = "/users.json?role=end-user&page[size]={limit}" },
	{ .kind = TIX_KIND_AGENT, ZD_CURSOR("users"),
	  .path = "/users.json?role[]=agent&role[]=admin&page[size]={limit}" },
	{ .kind = TIX_KIND_CATEGORY, .usable = zd_by_field,
	  .path = "/ticket_fields/{field}.json", .read = zd_field_options },
	{ .kind = TIX_KIND_CATEGORY, ZD_CURSOR("groups"),
	  .usable = zd_by_group, .path = "/groups.json?page[size]={limit}" },
	/* Comments come oldest first. */
	{ .kind = TIX_KIND_NOTE, ZD_CURSOR("comments"),
	  .path = "/tickets/{ticket}/comments.json?page[size]={limit}" },
};

static const struct rest_patch zd_patch[] = {
	{ .bit = TIX_PATCH_PRIORITY, .member = "priority",
	  .enc = REST_ENC_LEVEL, .levels = zd_priorities,
	  .nlevels = REST_N(zd_priorities), .nullable = true },
	{ .bit = TIX_PATCH_STATUS, .member = "status", .enc = REST_ENC_LEVEL,
	  .levels = zd_statuses, .nlevels = REST_N(zd_statuses) },
	{ .bit = TIX_PATCH_ASSIGNEE, .member = "assignee_id",
	  .enc = REST_ENC_ID, .nullable = true },
	{ .bit = TIX_PATCH_CATEGORY, .encode = zd_patch_category },
	/* tags replaces the whole set. */
	{ .bit = TIX_PATCH_TAGS, .member = "tags", .enc = REST_ENC_STRV },
};

static const struct rest_key zd_keys[] = {
	{ .name = "email", .valid = zd_email_valid,
	  .expect = "the agent's e-mail address" },
	{ .name = NULL },
};

static const struct rest_auth_choice zd_auth[] = {
	{ .value = "token", .auth = REST_AUTH_BASIC_USER },
	{ .value = "oauth", .auth = REST_AUTH_BEARER },
	{ .value = NULL },
};

static const char *const zd_categories[] = { "group", NULL };

const struct rest_platform rest_zendesk = {
	.name = "Zendesk",
	.host_key = "subdomain",
	.base_url = zd_api_base,
	.host_expect = "the name before .zendesk.com (letters, digits and -)",
	.keys = zd_keys,
	.category_choices = zd_categories,
	.category_field = json_id_valid,
	.category_expect = "group or field:ID with a ticket field's number",
	.secret = "token",
	.auth_choices = zd_auth,
	.user_key = "email",
	.user_suffix = "/token",
	.secret_title = "e-mail and API token",
	.me_path = "/users/me.json",
	.me = zd_me,
	.kinds = {
		[TIX_KIND_TICKET] = { .what = "ticket", .fields = zd_ticket,
		    .nfields = REST_N(zd_ticket),
		    .finish = zd_ticket_category,
		    .get_path = "/tickets/{id}.json", .get_member = "ticket",
		    .removed_member = "status", .removed_value = "deleted" },
		[TIX_KIND_CUSTOMER] = { .what = "user", .fields = zd_user,
		    .nfields = REST_N(zd_user),
		    .get_path = "/users/{id}.json", .get_member = "user" },
		[TIX_KIND_AGENT] = { .what = "user", .fields = zd_agent,
		    .nfields = REST_N(zd_agent),
		    .get_path = "/users/{id}.json", .get_member = "user" },
		[TIX_KIND_CATEGORY] = { .what = "group", .fields = zd_group,
		    .nfields = REST_N(zd_group) },
		[TIX_KIND_NOTE] = { .what = "comment", .fields = zd_comment,
		    .nfields = REST_N(zd_comment) },
	},
	.lists = zd_lists,
	.nlists = REST_N(zd_lists),
	.ticket_url = "/agent/tickets/",
	.note = {
		.method = "PUT",
		.path_public = "/tickets/{id}.json",
		.path_internal = "/tickets/{id}.json",
		.object = "ticket.comment",
		.text = "body",
		.public_flag = "public",
		.read = zd_note_audit,
	},
	.update = {
		.method = "PUT",
		.path = "/tickets/{id}.json",
		.object = "ticket",
		.answer = "ticket",
		.patch = zd_patch,
		.npatch = REST_N(zd_patch),
		.guard = zd_guard,
	},
};

static enum tix_err
zd_configure(struct account *a, char **cause)
{
	return rest_configure(a, &rest_zendesk, cause);
}
