/*
 * Freshdesk (API v2) on the REST kit (providers/rest.h): the descriptor
 * and Freshdesk's real quirks.  API facts, with the official
 * documentation's addresses: docs/platforms/freshdesk.md.
 *
 * Config ([account NAME] with provider = freshdesk; see tix-config(5)):
 *	domain = acme		https://acme.freshdesk.com/api/v2
 *	url = URL		the API base instead (tests, proxies)
 *	token_cmd, token_env	the API key (Basic "KEY:X")
 *	  or token		through core/secret
 *	category = type		what a category is: the Type field
 *	  or field:cf_name	(the default) or a custom dropdown
 *	ca_file = PATH		CAs to trust instead of the system's
 *
 * Quirks.  Ticket lists page through a Link header and refuse page 301:
 * the kit's window starts the walk again with updated_since moved up,
 * so tickets are listed oldest change first.  Without updated_since
 * only the last 30 days come, so a first load asks from the epoch.
 * Deleted tickets show only with filter=deleted, walked after a poll.
 * Statuses may be custom: their names come from /ticket_fields.
 * Freshdesk has no conflict protection: the last write wins.
 */

#include "config.h"

#include "providers/registry.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "core/error.h"
#include "core/json.h"
#include "core/log.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/rest.h"

static enum tix_err	 fd_configure(struct account *, char **);

const struct tix_provider_ops provider_freshdesk =
    REST_PROVIDER_OPS("freshdesk", "Freshdesk", fd_configure);

/* The API base for "acme" or "acme.freshdesk.com", or NULL. */
static char *
fd_api_base(const char *domain)
{
	static const char	 suffix[] = ".freshdesk.com";
	size_t			 n = strlen(domain), slen = sizeof suffix - 1;

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

/* Custom fields are named cf_<letters, digits, _>. */
static bool
fd_field_valid(const char *s)
{
	return strncmp(s, "cf_", 3) == 0 && s[3] != '\0' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_") == strlen(s);
}

static enum tix_err
fd_me(const cJSON *root, char id[JSON_ID_MAX], char **cause)
{
	if (json_id_text(cJSON_GetObjectItemCaseSensitive(root, "id"),
	    id) != 1)
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Freshdesk's /agents/me has no valid agent id");
	return TIX_OK;
}

/* The /ticket_fields entry named name, or NULL. */
static const cJSON *
fd_field_find(const cJSON *root, const char *name)
{
	const cJSON	*f, *s;

	cJSON_ArrayForEach(f, root) {
		s = cJSON_GetObjectItemCaseSensitive(f, "name");
		if (cJSON_IsString(s) && strcmp(s->valuestring, name) == 0)
			return f;
	}
	return NULL;
}

/*
 * The status field's choices as the account's labels:
 * {"2": ["Open", "Being Processed"], ...}, the agents' label first.
 */
static void
fd_statuses_learn(struct rest *r, const cJSON *root)
{
	struct rest_label	*labels = NULL;
	const cJSON		*e, *label;
	char			*end;
	long			 v;
	size_t			 n = 0;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(
	    fd_field_find(root, "status"), "choices")) {
		label = cJSON_IsArray(e) ? cJSON_GetArrayItem(e, 0) : e;
		if (e->string == NULL || !cJSON_IsString(label))
			continue;
		errno = 0;
		v = strtol(e->string, &end, 10);
		if (errno != 0 || end == e->string || *end != '\0' || v <= 0)
			continue;
		labels = xreallocarray(labels, n + 1, sizeof *labels);
		labels[n].number = v;
		labels[n++].name = xstrdup(label->valuestring);
	}
	rest_labels_set(r, labels, n);
}

/* Add a category whose id is the choice's value. */
static void
fd_category_add(const struct rest *r, struct page *out, const char *value,
    const cJSON *label)
{
	struct record	*rec;

	if (value == NULL || *value == '\0')
		return;
	rec = record_new(TIX_KIND_CATEGORY, r->account->index);
	rec->u.category.id = xstrdup(value);
	rec->u.category.name = xstrdup(cJSON_IsString(label) &&
	    label->valuestring[0] != '\0' ? label->valuestring : value);
	rec->u.category.is_active = true;
	page_add(out, rec);
}

/*
 * GET /ticket_fields: the categories (the choices of "ticket_type", or
 * of the custom field), and the status names while at it.  Choices are
 * strings, objects {value, label}, or an object keyed by value.
 */
static enum tix_err
fd_ticket_fields(struct rest *r, const cJSON *root, struct page *out,
    char **cause)
{
	const char	*name;
	const cJSON	*f, *e;

	if (!cJSON_IsArray(root))
		return tix_fail(cause, TIX_ERR_PARSE,
		    "Freshdesk's ticket fields are not a JSON array");
	fd_statuses_learn(r, root);
	name = r->category_field != NULL ? r->category_field : "ticket_type";
	f = fd_field_find(root, name);
	if (f == NULL && r->category_field != NULL)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "Freshdesk has no ticket field named '%s'", name);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(f, "choices")) {
		if (cJSON_IsString(e))
			fd_category_add(r, out, e->valuestring, NULL);
		else if (cJSON_IsObject(e) && e->string == NULL)
			fd_category_add(r, out, cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(e, "value")),
			    cJSON_GetObjectItemCaseSensitive(e, "label"));
		else
			fd_category_add(r, out, e->string, NULL);
	}
	return TIX_OK;
}

/* Read the status names once connected; without them numbers show. */
static void
fd_connect(struct rest *r)
{
	struct rest_reply	 reply;
	char			*why = NULL;

	if (rest_call(r, "GET", "/ticket_fields", NULL, true, &reply, &why) ==
	    TIX_OK)
		fd_statuses_learn(r, reply.root);
	else
		log_debug("freshdesk %s: no status names: %s",
		    r->account->name, why);
	free(why);
	rest_reply_done(&reply);
}

/* The ticket's category: the Type field, or a custom dropdown. */
static enum tix_err
fd_ticket_category(const struct rest *r, const cJSON *o, struct record *rec,
    char **cause)
{
	const cJSON	*v;

	(void)cause;
	v = r->category_field == NULL ?
	    cJSON_GetObjectItemCaseSensitive(o, "type") :
	    rest_member(cJSON_GetObjectItemCaseSensitive(o, "custom_fields"),
	    r->category_field);
	if (cJSON_IsString(v) && *v->valuestring != '\0')
		rec->u.ticket.category_id = xstrdup(v->valuestring);
	else if (cJSON_IsNumber(v))
		rec->u.ticket.category_id = xasprintf("%.17g", v->valuedouble);
	return TIX_OK;
}

/* Write the category: "type", or custom_fields.cf_x; NULL clears. */
static enum tix_err
fd_patch_category(const struct rest *r, cJSON *o, const struct patch *p,
    char **cause)
{
	const char	*name = "type";

	(void)cause;
	if (r->category_field != NULL) {
		o = cJSON_AddObjectToObject(o, "custom_fields");
		name = r->category_field;
	}
	if (p->category_id != NULL)
		cJSON_AddStringToObject(o, name, p->category_id);
	else
		cJSON_AddNullToObject(o, name);
	return TIX_OK;
}

/* 2, 3 and custom statuses ACTIVE; 4 Resolved, 5 Closed CLOSED. */
static const struct rest_level fd_statuses[] = {
	{ .name = "Open", .number = 2, .level = TIX_STATUS_ACTIVE,
	  .write = true },
	{ .name = "Pending", .number = 3, .level = TIX_STATUS_ACTIVE },
	{ .name = "Resolved", .number = 4, .level = TIX_STATUS_CLOSED,
	  .write = true },
	{ .name = "Closed", .number = 5, .level = TIX_STATUS_CLOSED },
};
/* Every ticket has one: there is no "none" to write. */
static const struct rest_level fd_priorities[] = {
	{ .name = "Low", .number = 1, .level = TIX_PRIORITY_LOW,
	  .write = true },
	{ .name = "Medium", .number = 2, .level = TIX_PRIORITY_NORMAL,
	  .write = true },
	{ .name = "High", .number = 3, .level = TIX_PRIORITY_HIGH,
	  .write = true },
	{ .name = "Urgent", .number = 4, .level = TIX_PRIORITY_URGENT,
	  .write = true },
};
static const char *const fd_sources[] = {
	NULL, "email", "portal", "phone", "forum", "twitter", "facebook",
	"chat", "mobihelp", "feedback_widget", "outbound_email"
};

/*
 * description (HTML) keeps the lines, description_text may not; closed_at
 * (resolved_at before it) comes only inside stats.
 */
#define T(m, f, c)	REST_FIELD(m, struct ticket, f, c)
static const struct rest_field fd_ticket[] = {
	REST_FIELD_ID(struct ticket),
	T("subject", subject, REST_STRING),
	T("description", description, REST_HTML),
	T("description_text", description, REST_STRING),
	REST_FIELD_LEVEL("status", status, status_raw, REST_STATUS,
	    fd_statuses),
	REST_FIELD_LEVEL("priority", priority, priority_raw, REST_PRIORITY,
	    fd_priorities),
	T("requester_id", customer_id, REST_ID),
	T("responder_id", user_id, REST_ID),
	T("tags", tags, REST_STRV),
	{ .member = "source", .offset = offsetof(struct ticket, source),
	  .conv = REST_NAME, .names = fd_sources,
	  .nnames = REST_N(fd_sources) },
	REST_FIELD_TIMES(struct ticket),
	T("due_by", due_at, REST_TIME),
	T("stats.closed_at", closed_at, REST_TIME),
	T("stats.resolved_at", closed_at, REST_TIME),
};
#undef T
/* other_emails and tags only in GET /contacts/{id}. */
#define C(m, f, n, t)	REST_FIELD_POINT(m, struct customer, f, n, t)
static const struct rest_field fd_contact[] = {
	REST_FIELD_ID(struct customer),
	REST_FIELD("name", struct customer, name, REST_STRING),
	C("email", emails, nemails, NULL),
	C("other_emails", emails, nemails, NULL),
	C("phone", telephones, ntelephones, "WORK"),
	C("mobile", telephones, ntelephones, "MOBILE"),
	REST_FIELD("tags", struct customer, tags, REST_STRV),
	REST_FIELD_TIMES(struct customer),
};
#undef C
/* An agent's name and e-mail sit in its contact. */
static const struct rest_field fd_agent[] = {
	REST_FIELD_ID(struct agent),
	REST_FIELD("contact.name", struct agent, name, REST_STRING),
	REST_FIELD("contact.email", struct agent, email, REST_STRING),
};
/*
 * body (HTML) keeps the lines; Freshdesk's body_text joins them.
 * private: true marks an internal note; anything but true, false or
 * null is a bad record rather than a guess.
 */
#define N(m, f, c)	REST_FIELD(m, struct note, f, c)
static const struct rest_field fd_conversation[] = {
	REST_FIELD_ID(struct note),
	N("ticket_id", ticket_id, REST_ID),
	N("body", description, REST_HTML),
	N("body_text", description, REST_STRING),
	REST_FIELD_STRICT("private", struct note, is_public, REST_NOT_BOOL),
	REST_FIELD_STRICT("user_id", struct note, user_id, REST_AUTHOR),
	REST_FIELD_TIMES(struct note),
};
#undef N

/* Link-header pages of at most 100. */
#define FD_PAGES	.pager = REST_PAGER_LINK, .page_max = 100

static const struct rest_list fd_lists[] = {
	/*
	 * Always updated_since, oldest change first, so that page 300 can
	 * move the window up; include=description because the list leaves
	 * it out, stats because closed_at is only there (2 credits each).
	 */
	{ .kind = TIX_KIND_TICKET, FD_PAGES, .page_arg = "page",
	  .since_arg = "updated_since", .window = 300, .then = 2,
	  .path = "/tickets?updated_since={since}&order_by=updated_at&"
	  "order_type=asc&per_page={limit}&page=1&include=description,stats" },
	{ .kind = TIX_KIND_TICKET, FD_PAGES, .when = REST_WHEN_CHAINED,
	  .removes = true,
	  .path = "/tickets?filter=deleted&updated_since={since}&"
	  "per_page={limit}&page=1" },
	{ .kind = TIX_KIND_CUSTOMER, FD_PAGES, .when = REST_WHEN_SINCE,
	  .path = "/contacts?_updated_since={since}&per_page={limit}&page=1" },
	{ .kind = TIX_KIND_CUSTOMER, FD_PAGES, .when = REST_WHEN_FIRST,
	  .path = "/contacts?per_page={limit}&page=1" },
	{ .kind = TIX_KIND_AGENT, FD_PAGES,
	  .path = "/agents?per_page={limit}&page=1" },
	{ .kind = TIX_KIND_CATEGORY, .path = "/ticket_fields",
	  .read = fd_ticket_fields },
	{ .kind = TIX_KIND_NOTE, FD_PAGES,
	  .path = "/tickets/{ticket}/conversations?per_page={limit}&page=1" },
};

static const struct rest_patch fd_patch[] = {
	{ .bit = TIX_PATCH_PRIORITY, .member = "priority",
	  .enc = REST_ENC_LEVEL, .levels = fd_priorities,
	  .nlevels = REST_N(fd_priorities) },
	{ .bit = TIX_PATCH_STATUS, .member = "status", .enc = REST_ENC_LEVEL,
	  .levels = fd_statuses, .nlevels = REST_N(fd_statuses) },
	{ .bit = TIX_PATCH_ASSIGNEE, .member = "responder_id",
	  .enc = REST_ENC_ID, .nullable = true },
	{ .bit = TIX_PATCH_CATEGORY, .encode = fd_patch_category },
	{ .bit = TIX_PATCH_TAGS, .member = "tags", .enc = REST_ENC_STRV },
};

static const char *const fd_categories[] = { "type", NULL };

const struct rest_platform rest_freshdesk = {
	.name = "Freshdesk",
	.host_key = "domain",
	.base_url = fd_api_base,
	.host_expect = "a Freshdesk domain (\"acme\" or \"acme.freshdesk.com\")",
	.category_choices = fd_categories,
	.category_field = fd_field_valid,
	.category_expect = "type or field:cf_NAME, a custom field's name",
	.secret = "token",
	.auth = REST_AUTH_BASIC_KEY,
	.key_password = "X",
	.secret_title = "API key",
	.me_path = "/agents/me",
	.me = fd_me,
	.connect = fd_connect,
	.kinds = {
		[TIX_KIND_TICKET] = { .what = "ticket", .fields = fd_ticket,
		    .nfields = REST_N(fd_ticket),
		    .finish = fd_ticket_category,
		    .get_path = "/tickets/{id}?include=stats",
		    .removed_member = "deleted" },
		[TIX_KIND_CUSTOMER] = { .what = "contact",
		    .fields = fd_contact, .nfields = REST_N(fd_contact),
		    .get_path = "/contacts/{id}" },
		[TIX_KIND_AGENT] = { .what = "agent", .fields = fd_agent,
		    .nfields = REST_N(fd_agent), .get_path = "/agents/{id}" },
		[TIX_KIND_CATEGORY] = { .what = "category" },
		[TIX_KIND_NOTE] = { .what = "conversation",
		    .fields = fd_conversation,
		    .nfields = REST_N(fd_conversation) },
	},
	.lists = fd_lists,
	.nlists = REST_N(fd_lists),
	.ticket_url = "/helpdesk/tickets/",
	.note = {
		.method = "POST",
		.path_public = "/tickets/{id}/reply",
		.path_internal = "/tickets/{id}/notes",
		.text = "body",
		.html = true,
		.private_flag = "private",
	},
	.update = {
		.method = "PUT",
		.path = "/tickets/{id}",
		.patch = fd_patch,
		.npatch = REST_N(fd_patch),
	},
};

static enum tix_err
fd_configure(struct account *a, char **cause)
{
	return rest_configure(a, &rest_freshdesk, cause);
}
