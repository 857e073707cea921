/*
 * Zendesk's wire shapes for tix-emu: tickets, comments, users, groups,
 * ticket fields, audits, error bodies and rate-limit headers, with the
 * neutral status and priority named as Zendesk names them.
 *
 * Sources: the card (providers/zendesk-freshdesk-intercom-gorgias.md,
 * section 1), the official OAS slices, and go-zendesk's recorded fixtures
 * named at each shape.  Uncertain points are listed in emu_zendesk.c.
 */

#include "config.h"

#include "tests/emulators/emu.h"
#include "tests/emulators/emu_zd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* The neutral statuses and priorities, in enum order, as Zendesk says. */
const char *const emu_zd_status[EMU_ST_COUNT] = {
	[EMU_ST_NEW] = "new",
	[EMU_ST_OPEN] = "open",
	[EMU_ST_PENDING] = "pending",
	[EMU_ST_HOLD] = "hold",
	[EMU_ST_SOLVED] = "solved",
	[EMU_ST_CLOSED] = "closed",
};
const char *const emu_zd_priority[EMU_PRIO_COUNT] = {
	[EMU_PRIO_NONE] = NULL,
	[EMU_PRIO_LOW] = "low",
	[EMU_PRIO_NORMAL] = "normal",
	[EMU_PRIO_HIGH] = "high",
	[EMU_PRIO_URGENT] = "urgent",
};
/* Zendesk's ticket types; the last entry (NULL) is "no type". */
const char *const emu_zd_types[EMU_ZD_NTYPES + 1] = {
	"problem", "incident", "question", "task", NULL
};

static int64_t	emu_zd_next_audit_id = 900000000000LL;

/* Zendesk's usual error body. */
void
emu_zd_error(struct emu_resp *resp, unsigned status, const char *error,
    const char *description)
{
	emu_json_error(resp, status, "error", error, "description",
	    description);
}
/* 404 for a missing record. */
void
emu_zd_not_found(struct emu_resp *resp)
{
	emu_zd_error(resp, 404, "RecordNotFound", "Not found");
}
/* 422 RecordInvalid with one field's detail. */
void
emu_zd_invalid(struct emu_resp *resp, const char *field, const char *desc)
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
/* A ticket in Zendesk's shape (go-zendesk fixture GET/ticket.json). */
cJSON *
emu_zd_ticket_json(struct emu_req *req, struct emu_ticket *t)
{
	cJSON			*o, *via, *src, *a;
	struct emu_user		*u;

	o = cJSON_CreateObject();
	emu_json_url(o, req, "tickets", t->id, ".json");
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
	emu_json_time(o, "created_at", t->created);
	emu_json_time(o, "updated_at", t->updated);
	emu_json_str(o, "type", t->type);
	cJSON_AddStringToObject(o, "subject", t->subject);
	cJSON_AddStringToObject(o, "raw_subject", t->subject);
	cJSON_AddStringToObject(o, "description", t->description);
	emu_json_str(o, "priority", emu_zd_priority[t->priority]);
	cJSON_AddStringToObject(o, "status", t->deleted ? "deleted" :
	    emu_zd_status[t->status]);
	cJSON_AddStringToObject(o, "recipient", "support@example.zendesk.com");
	emu_json_id(o, "requester_id", t->requester_id);
	emu_json_id(o, "submitter_id", t->submitter_id);
	emu_json_id(o, "assignee_id", t->assignee_id);
	cJSON_AddNullToObject(o, "organization_id");
	emu_json_id(o, "group_id", t->group_id);
	cJSON_AddItemToObject(o, "tags", emu_json_strv(t->tags, t->ntags));
	emu_json_const(o, "{\"collaborator_ids\":[],\"follower_ids\":[],"
	    "\"email_cc_ids\":[],\"forum_topic_id\":null,\"problem_id\":null,"
	    "\"has_incidents\":false,\"is_public\":true,\"due_at\":null,"
	    "\"custom_fields\":[],\"satisfaction_rating\":null,"
	    "\"sharing_agreement_ids\":[],\"fields\":[],\"followup_ids\":[],"
	    "\"ticket_form_id\":360000389592,\"brand_id\":360002256672,"
	    "\"allow_channelback\":false,\"allow_attachments\":true,"
	    "\"from_messaging_channel\":false}");
	return o;
}
/* A comment (go-zendesk fixture GET/ticket_comments.json). */
cJSON *
emu_zd_comment_json(struct emu_ticket *t, struct emu_note *n)
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
	emu_json_time(o, "created_at", n->created);
	meta = cJSON_AddObjectToObject(o, "metadata");
	cJSON_AddObjectToObject(meta, "system");
	cJSON_AddObjectToObject(meta, "custom");
	return o;
}
/* The role name of a user. */
const char *
emu_zd_role(const struct emu_user *u)
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
cJSON *
emu_zd_user_json(struct emu_req *req, struct emu_user *u)
{
	cJSON	*o;
	int	 agent;

	agent = u->role != EMU_END_USER;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)u->id);
	emu_json_url(o, req, "users", u->id, ".json");
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddStringToObject(o, "email", u->email);
	emu_json_time(o, "created_at", u->created);
	emu_json_time(o, "updated_at", u->updated);
	cJSON_AddStringToObject(o, "time_zone", "Eastern Time (US & Canada)");
	cJSON_AddStringToObject(o, "iana_time_zone", "America/New_York");
	cJSON_AddNullToObject(o, "phone");
	cJSON_AddNullToObject(o, "shared_phone_number");
	cJSON_AddNullToObject(o, "photo");
	cJSON_AddNumberToObject(o, "locale_id", 1);
	cJSON_AddStringToObject(o, "locale", "en-US");
	cJSON_AddNullToObject(o, "organization_id");
	cJSON_AddStringToObject(o, "role", emu_zd_role(u));
	cJSON_AddBoolToObject(o, "verified", 1);
	cJSON_AddNullToObject(o, "external_id");
	cJSON_AddItemToObject(o, "tags", emu_json_strv(u->tags, u->ntags));
	cJSON_AddStringToObject(o, "alias", "");
	cJSON_AddBoolToObject(o, "active", 1);
	cJSON_AddBoolToObject(o, "shared", 0);
	cJSON_AddBoolToObject(o, "shared_agent", 0);
	if (agent)
		emu_json_time(o, "last_login_at", u->updated);
	else
		cJSON_AddNullToObject(o, "last_login_at");
	cJSON_AddNullToObject(o, "two_factor_auth_enabled");
	emu_json_str(o, "signature", agent ? "" : NULL);
	cJSON_AddStringToObject(o, "details", "");
	cJSON_AddStringToObject(o, "notes", "");
	if (agent)
		cJSON_AddNumberToObject(o, "role_type", u->role == EMU_ADMIN ?
		    4 : 0);
	else
		cJSON_AddNullToObject(o, "role_type");
	cJSON_AddNullToObject(o, "custom_role_id");
	cJSON_AddBoolToObject(o, "moderator", agent);
	emu_json_str(o, "ticket_restriction", agent ? NULL : "requested");
	cJSON_AddBoolToObject(o, "only_private_comments", 0);
	cJSON_AddBoolToObject(o, "restricted_agent", 0);
	cJSON_AddBoolToObject(o, "suspended", 0);
	cJSON_AddBoolToObject(o, "chat_only", 0);
	cJSON_AddNullToObject(o, "default_group_id");
	cJSON_AddBoolToObject(o, "report_csv", u->role == EMU_ADMIN);
	cJSON_AddObjectToObject(o, "user_fields");
	return o;
}
/* A group (go-zendesk fixture GET/groups.json). */
cJSON *
emu_zd_group_json(struct emu_req *req, struct emu_group *g)
{
	cJSON	*o;

	o = cJSON_CreateObject();
	emu_json_url(o, req, "groups", g->id, ".json");
	cJSON_AddNumberToObject(o, "id", (double)g->id);
	cJSON_AddBoolToObject(o, "is_public", 1);
	cJSON_AddStringToObject(o, "name", g->name);
	cJSON_AddStringToObject(o, "description", g->description);
	cJSON_AddBoolToObject(o, "default", g == emu_db.groups[0]);
	cJSON_AddBoolToObject(o, "deleted", 0);
	emu_json_time(o, "created_at", g->created);
	emu_json_time(o, "updated_at", g->updated);
	return o;
}
/* GET /api/v2/ticket_fields: the system fields a client maps. */
void
emu_zd_ticket_fields(struct emu_req *req, struct emu_resp *resp)
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
/* Start an audit for a write. */
cJSON *
emu_zd_audit_new(struct emu_ticket *t, cJSON **events)
{
	cJSON	*audit, *meta, *sys;

	audit = cJSON_CreateObject();
	cJSON_AddNumberToObject(audit, "id", (double)emu_zd_next_audit_id++);
	cJSON_AddNumberToObject(audit, "ticket_id", (double)t->id);
	emu_json_time(audit, "created_at", t->updated);
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
void
emu_zd_audit_change(cJSON *events, const char *field, cJSON *value,
    cJSON *previous)
{
	cJSON	*e;

	e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "id", (double)emu_zd_next_audit_id++);
	cJSON_AddStringToObject(e, "type", "Change");
	cJSON_AddItemToObject(e, "value", value);
	cJSON_AddStringToObject(e, "field_name", field);
	cJSON_AddItemToObject(e, "previous_value", previous);
	cJSON_AddItemToArray(events, e);
}
/* 401 as Zendesk sends it (card 1.6 [medium]). */
void
emu_zd_auth_error(struct emu_resp *resp)
{
	emu_zd_error(resp, 401, "Couldn't authenticate you", NULL);
	emu_resp_header(resp, "WWW-Authenticate",
	    "Basic realm=\"Web Password\"");
}
/* 429 with Retry-After and an exhausted X-Rate-Limit-Remaining. */
void
emu_zd_rate_error(struct emu_resp *resp, unsigned retry)
{
	emu_zd_error(resp, 429, "APIRateLimitExceeded",
	    "Number of allowed API requests per minute exceeded");
	emu_resp_uheaders(resp, "Retry-After", retry, "X-Rate-Limit",
	    emu_opts.rate_limit, "X-Rate-Limit-Remaining", 0u,
	    (const char *)NULL);
}
/* Rate-limit headers on every answered API request (card 1.6). */
void
emu_zd_rate_headers(struct emu_resp *resp, unsigned limit, unsigned remaining)
{
	if (resp->status != 429)
		emu_resp_uheaders(resp, "X-Rate-Limit", limit,
		    "X-Rate-Limit-Remaining", remaining, "ratelimit-limit",
		    limit, "ratelimit-remaining", remaining,
		    "ratelimit-reset", (unsigned)(60 - emu_clock() % 60),
		    (const char *)NULL);
}
