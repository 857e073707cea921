/*
 * Freshdesk's wire shapes for tix-emu: tickets (with include=), the
 * conversation, contact, agent and group objects, ticket fields, error
 * bodies and rate-limit headers, and Freshdesk's text rendering of HTML
 * bodies, with the neutral status and priority as Freshdesk numbers them.
 *
 * Sources: the card (providers/zendesk-freshdesk-intercom-gorgias.md,
 * section 2) and the recorded answers named at each shape.  Uncertain
 * points are listed in emu_freshdesk.c.
 */

#include "config.h"

#include "tests/emulators/emu.h"
#include "tests/emulators/emu_fd.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The neutral statuses as Freshdesk numbers them (it has no new or hold). */
const int emu_fd_status[EMU_ST_COUNT] = {
	[EMU_ST_NEW] = 2,
	[EMU_ST_OPEN] = 2,
	[EMU_ST_PENDING] = 3,
	[EMU_ST_HOLD] = 3,
	[EMU_ST_SOLVED] = 4,
	[EMU_ST_CLOSED] = 5,
};
/* Freshdesk's default "Type" choices (card section 2.4, [medium]). */
const char *const emu_fd_types[EMU_FD_NTYPES + 1] = {
	"Question", "Incident", "Problem", "Feature Request", "Refund", NULL
};

/* 400 Validation failed with the given errors array (taken). */
void
emu_fd_validation(struct emu_resp *resp, cJSON *errors)
{
	cJSON	*root;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "description", "Validation failed");
	cJSON_AddItemToObject(root, "errors", errors);
	emu_resp_json(resp, 400, root);
}
/* Add one error to an errors array. */
void
emu_fd_error_add(cJSON *errors, const char *field, const char *message,
    const char *code)
{
	cJSON	*e;

	e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "field", field);
	cJSON_AddStringToObject(e, "message", message);
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddItemToArray(errors, e);
}
/* 400 with a single error. */
void
emu_fd_invalid(struct emu_resp *resp, const char *field, const char *message,
    const char *code)
{
	cJSON	*errors;

	errors = cJSON_CreateArray();
	emu_fd_error_add(errors, field, message, code);
	emu_fd_validation(resp, errors);
}
/* A {"code","message"} error (access_denied, invalid_credentials...). */
void
emu_fd_coded(struct emu_resp *resp, unsigned status, const char *code,
    const char *message)
{
	emu_json_error(resp, status, "code", code, "message", message);
}
/* 404: no body. */
void
emu_fd_not_found(struct emu_resp *resp)
{
	emu_resp_text(resp, 404, NULL, NULL);
}
/* Does the include= list name what? */
int
emu_fd_include(struct emu_req *req, const char *what)
{
	const char	*inc, *p;
	size_t		 len;

	inc = emu_req_arg(req, "include");
	if (inc == NULL)
		return 0;
	len = strlen(what);
	for (p = strstr(inc, what); p != NULL; p = strstr(p + len, what)) {
		if ((p == inc || p[-1] == ',') && (p[len] == '\0' ||
		    p[len] == ','))
			return 1;
	}
	return 0;
}
/* The last time a note of the given direction was added, or 0. */
static time_t
emu_fd_last(struct emu_ticket *t, int incoming)
{
	size_t	i;

	for (i = t->nnotes; i > 0; i--) {
		if (t->notes[i - 1]->kind == EMU_NOTE_REPLY &&
		    t->notes[i - 1]->incoming == incoming)
			return t->notes[i - 1]->created;
	}
	return 0;
}
/* Tags that end a line: <br> and the block elements. */
static int
emu_fd_tag_breaks(const char *name, size_t len)
{
	static const char *const	 blocks[] = {
		"br", "p", "div", "li", "ol", "ul", "tr", "table",
		"blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", NULL
	};
	size_t				 i;

	for (i = 0; blocks[i] != NULL; i++) {
		if (strlen(blocks[i]) == len &&
		    strncasecmp(name, blocks[i], len) == 0)
			return 1;
	}
	return 0;
}
/*
 * Text from Freshdesk HTML, as Freshdesk renders it: a line-ending tag
 * becomes brk, other tags vanish, the basic entities are decoded and
 * source white space (newlines too) is a space; the ends are trimmed.
 * Recorded real answers (airbyte's expected_records) show both uses:
 * a conversation's body_text joins lines with a space per <br>
 * ("Hi Jessica Rangel,<br><br>Test reply" gives "Hi Jessica Rangel,
 * Test reply" with two spaces), while a ticket's description_text
 * breaks lines ("Hi,<br><br> The ..." gives "Hi,\n\nThe ...", with the
 * spaces around each break dropped).
 */
char *
emu_fd_html_render(const char *html, char brk)
{
	const char	*p, *name;
	char		*out, *q, *r, *w;
	size_t		 len;

	out = q = xmalloc(strlen(html) + 1);
	for (p = html; *p != '\0';) {
		if (*p == '<') {
			name = p + 1 + (p[1] == '/');
			for (len = 0; isalnum((unsigned char)name[len]); len++)
				;
			if (emu_fd_tag_breaks(name, len))
				*q++ = brk;
			p = strchr(p, '>');
			p = p != NULL ? p + 1 : name + len;
			continue;
		}
		len = *p == '&' ? emu_html_entity(p, q) : 0;
		if (len > 0) {
			q++;
			p += len;
			continue;
		}
		*q++ = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;
		p++;
	}
	*q = '\0';
	/* Drop spaces next to a line break, then trim both ends. */
	for (r = w = out; *r != '\0'; r++) {
		if (brk == '\n' && *r == ' ' && ((w > out && w[-1] == '\n') ||
		    r[strspn(r, " ")] == '\n'))
			continue;
		*w++ = *r;
	}
	*w = '\0';
	for (r = out; *r == ' ' || *r == '\n'; r++)
		;
	len = strlen(r);
	while (len > 0 && (r[len - 1] == ' ' || r[len - 1] == '\n'))
		len--;
	memmove(out, r, len);
	out[len] = '\0';
	return out;
}
/* HTML for text stored without any: escaped, lines broken with <br>. */
char *
emu_fd_text_html(const char *text)
{
	char	*esc, *out, *p, *e;
	size_t	 n = 0;

	esc = emu_html_escape(text);
	for (e = esc; *e != '\0'; e++)
		n += *e == '\n';
	out = p = xmalloc(strlen(esc) + n * 4 + 12);
	memcpy(p, "<div>", 5);
	p += 5;
	for (e = esc; *e != '\0'; e++) {
		if (*e == '\n') {
			memcpy(p, "<br>", 4);
			p += 4;
		} else
			*p++ = *e;
	}
	memcpy(p, "</div>", 7);
	free(esc);
	return out;
}
/* When an agent first replied, or 0. */
static time_t
emu_fd_first(struct emu_ticket *t)
{
	size_t	i;

	for (i = 0; i < t->nnotes; i++) {
		if (t->notes[i]->kind == EMU_NOTE_REPLY &&
		    !t->notes[i]->incoming)
			return t->notes[i]->created;
	}
	return 0;
}
/* A conversation (python-freshdesk fixtures note_1.json, reply_1.json). */
cJSON *
emu_fd_conversation_json(struct emu_ticket *t, struct emu_note *n)
{
	cJSON		*o, *a;
	char		*text, *html;
	struct emu_user	*req;

	o = cJSON_CreateObject();
	html = n->html_body != NULL ? xstrdup(n->html_body) :
	    emu_fd_text_html(n->body);
	/* body is the HTML as stored; body_text joins its lines. */
	cJSON_AddStringToObject(o, "body", html);
	text = emu_fd_html_render(html, ' ');
	cJSON_AddStringToObject(o, "body_text", text);
	free(text);
	free(html);
	cJSON_AddNumberToObject(o, "id", (double)n->id);
	cJSON_AddBoolToObject(o, "incoming", n->incoming);
	cJSON_AddBoolToObject(o, "private", !n->public);
	cJSON_AddNumberToObject(o, "user_id", (double)n->author_id);
	cJSON_AddNullToObject(o, "support_email");
	cJSON_AddNumberToObject(o, "source",
	    n->kind == EMU_NOTE_NOTE ? 2 : 0);
	cJSON_AddNumberToObject(o, "category", n->incoming ? 2 : 3);
	cJSON_AddNumberToObject(o, "ticket_id", (double)t->id);
	a = cJSON_AddArrayToObject(o, "to_emails");
	req = emu_data_user(t->requester_id);
	if (n->kind == EMU_NOTE_REPLY && !n->incoming && req != NULL)
		cJSON_AddItemToArray(a, cJSON_CreateString(req->email));
	if (n->kind == EMU_NOTE_REPLY)
		cJSON_AddStringToObject(o, "from_email", n->incoming &&
		    req != NULL ? req->email : "support@example.freshdesk.com");
	else
		cJSON_AddNullToObject(o, "from_email");
	cJSON_AddArrayToObject(o, "cc_emails");
	cJSON_AddArrayToObject(o, "bcc_emails");
	emu_json_time(o, "created_at", n->created);
	emu_json_time(o, "updated_at", n->created);
	cJSON_AddArrayToObject(o, "attachments");
	return o;
}
/* A ticket (airbyte's tickets.json, a real modern response). */
cJSON *
emu_fd_ticket_json(struct emu_req *req, struct emu_ticket *t, int full)
{
	cJSON		*o, *a, *s;
	struct emu_user	*u;
	size_t		 i;
	char		*html;

	o = cJSON_CreateObject();
	emu_json_const(o, "{\"cc_emails\":[],\"fwd_emails\":[],"
	    "\"reply_cc_emails\":[],\"ticket_cc_emails\":[],"
	    "\"ticket_bcc_emails\":[],\"fr_escalated\":false,\"spam\":false,"
	    "\"email_config_id\":67000041667}");
	emu_json_id(o, "group_id", t->group_id);
	cJSON_AddNumberToObject(o, "priority", t->priority == EMU_PRIO_NONE ?
	    1 : (int)t->priority);
	cJSON_AddNumberToObject(o, "requester_id", (double)t->requester_id);
	emu_json_id(o, "responder_id", t->assignee_id);
	cJSON_AddNumberToObject(o, "source", t->source);
	cJSON_AddNullToObject(o, "company_id");
	cJSON_AddNumberToObject(o, "status", emu_fd_status[t->status]);
	cJSON_AddStringToObject(o, "subject", t->subject);
	cJSON_AddNullToObject(o, "association_type");
	cJSON_AddStringToObject(o, "support_email",
	    "support@example.freshdesk.com");
	a = cJSON_AddArrayToObject(o, "to_emails");
	cJSON_AddItemToArray(a, cJSON_CreateString(
	    "support@example.freshdesk.com"));
	cJSON_AddNullToObject(o, "product_id");
	cJSON_AddNumberToObject(o, "id", (double)t->id);
	emu_json_str(o, "type", t->type);
	emu_json_time(o, "due_by", t->created + 3 * 86400);
	emu_json_time(o, "fr_due_by", t->created + 86400);
	cJSON_AddBoolToObject(o, "is_escalated", 0);
	cJSON_AddObjectToObject(o, "custom_fields");
	emu_json_time(o, "created_at", t->created);
	emu_json_time(o, "updated_at", t->updated);
	cJSON_AddNullToObject(o, "associated_tickets_count");
	cJSON_AddItemToObject(o, "tags", emu_json_strv(t->tags, t->ntags));
	cJSON_AddNullToObject(o, "nr_due_by");
	cJSON_AddBoolToObject(o, "nr_escalated", 0);
	if (t->deleted)
		cJSON_AddBoolToObject(o, "deleted", 1);
	if (full || (req != NULL && emu_fd_include(req, "description"))) {
		html = t->description_html != NULL ?
		    xstrdup(t->description_html) :
		    emu_fd_text_html(t->description);
		cJSON_AddStringToObject(o, "description", html);
		cJSON_AddStringToObject(o, "description_text",
		    t->description);
		free(html);
	}
	if (full)
		cJSON_AddArrayToObject(o, "attachments");
	u = req != NULL && emu_fd_include(req, "requester") ?
	    emu_data_user(t->requester_id) : NULL;
	if (u != NULL) {
		s = cJSON_AddObjectToObject(o, "requester");
		cJSON_AddNumberToObject(s, "id", (double)u->id);
		cJSON_AddStringToObject(s, "name", u->name);
		cJSON_AddStringToObject(s, "email", u->email);
		cJSON_AddNullToObject(s, "mobile");
		cJSON_AddNullToObject(s, "phone");
	}
	/*
	 * closed_at and resolved_at come only in stats, with include=stats
	 * on the list and the view (card 2.2, 2.4); a recorded closed
	 * ticket carries both.
	 */
	if (req != NULL && emu_fd_include(req, "stats")) {
		s = cJSON_AddObjectToObject(o, "stats");
		emu_json_time(s, "agent_responded_at", emu_fd_last(t, 0));
		emu_json_time(s, "requester_responded_at", emu_fd_last(t, 1));
		emu_json_time(s, "first_responded_at", emu_fd_first(t));
		emu_json_time(s, "status_updated_at", t->status_at);
		emu_json_time(s, "reopened_at", t->reopened_at);
		emu_json_time(s, "resolved_at", t->solved_at);
		emu_json_time(s, "closed_at", t->closed_at);
		emu_json_time(s, "pending_since", t->status == EMU_ST_PENDING ?
		    t->status_at : 0);
	}
	if (full && req != NULL && emu_fd_include(req, "conversations")) {
		a = cJSON_AddArrayToObject(o, "conversations");
		for (i = 0; i < t->nnotes && i < 10; i++)
			cJSON_AddItemToArray(a, emu_fd_conversation_json(t,
			    t->notes[i]));
	}
	return o;
}
/*
 * A contact.  The list answer carries fewer fields than the view: a
 * recorded real list (airbyte's source-freshdesk expected_records) has
 * no other_emails, tags, avatar, view_all_tickets, deleted or
 * other_companies, which GET /contacts/{id} adds (card 2.4).
 */
cJSON *
emu_fd_contact_json(struct emu_user *u, int full)
{
	cJSON	*o;

	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "active", 1);
	cJSON_AddNullToObject(o, "address");
	cJSON_AddNullToObject(o, "description");
	cJSON_AddStringToObject(o, "email", u->email);
	cJSON_AddNumberToObject(o, "id", (double)u->id);
	cJSON_AddNullToObject(o, "job_title");
	cJSON_AddStringToObject(o, "language", "en");
	cJSON_AddNullToObject(o, "mobile");
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddNullToObject(o, "phone");
	cJSON_AddStringToObject(o, "time_zone", "Eastern Time (US & Canada)");
	cJSON_AddNullToObject(o, "twitter_id");
	cJSON_AddObjectToObject(o, "custom_fields");
	cJSON_AddNullToObject(o, "facebook_id");
	emu_json_time(o, "created_at", u->created);
	emu_json_time(o, "updated_at", u->updated);
	cJSON_AddNullToObject(o, "csat_rating");
	cJSON_AddStringToObject(o, "preferred_source", "email");
	cJSON_AddNullToObject(o, "company_id");
	cJSON_AddNullToObject(o, "unique_external_id");
	cJSON_AddBoolToObject(o, "twitter_profile_status", 0);
	cJSON_AddNullToObject(o, "twitter_followers_count");
	if (!full)
		return o;
	cJSON_AddItemToObject(o, "other_emails", emu_json_strv(
	    u->other_emails, u->nother_emails));
	cJSON_AddItemToObject(o, "tags", emu_json_strv(u->tags, u->ntags));
	cJSON_AddNullToObject(o, "avatar");
	cJSON_AddBoolToObject(o, "view_all_tickets", 0);
	cJSON_AddBoolToObject(o, "deleted", 0);
	cJSON_AddArrayToObject(o, "other_companies");
	return o;
}
/* An agent (python-freshdesk agent_1.json, newer fields added). */
cJSON *
emu_fd_agent_json(struct emu_user *u)
{
	cJSON	*o, *c, *a;
	size_t	 i;

	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "available", 1);
	cJSON_AddBoolToObject(o, "occasional", 0);
	cJSON_AddNumberToObject(o, "id", (double)u->id);
	cJSON_AddNumberToObject(o, "ticket_scope", 1);
	cJSON_AddNullToObject(o, "signature");
	a = cJSON_AddArrayToObject(o, "group_ids");
	for (i = 0; i < emu_db.ngroups; i++) {
		if (i % emu_db.nagents == (size_t)(u->id % 5))
			cJSON_AddItemToArray(a, cJSON_CreateNumber(
			    (double)emu_db.groups[i]->id));
	}
	a = cJSON_AddArrayToObject(o, "role_ids");
	cJSON_AddItemToArray(a, cJSON_CreateNumber(u->role == EMU_ADMIN ?
	    67000100001.0 : 67000100003.0));
	cJSON_AddArrayToObject(o, "skill_ids");
	cJSON_AddNullToObject(o, "available_since");
	cJSON_AddStringToObject(o, "type", "support_agent");
	cJSON_AddBoolToObject(o, "focus_mode", 1);
	emu_json_time(o, "created_at", u->created);
	emu_json_time(o, "updated_at", u->updated);
	c = cJSON_AddObjectToObject(o, "contact");
	cJSON_AddBoolToObject(c, "active", 1);
	cJSON_AddStringToObject(c, "email", u->email);
	cJSON_AddNullToObject(c, "job_title");
	cJSON_AddStringToObject(c, "language", "en");
	emu_json_time(c, "last_login_at", u->updated);
	cJSON_AddNullToObject(c, "mobile");
	cJSON_AddStringToObject(c, "name", u->name);
	cJSON_AddNullToObject(c, "phone");
	cJSON_AddStringToObject(c, "time_zone", "Eastern Time (US & Canada)");
	emu_json_time(c, "created_at", u->created);
	emu_json_time(c, "updated_at", u->updated);
	return o;
}
/*
 * A group: business_hour_id and auto_ticket_assign as in a recorded real
 * list (airbyte's expected_records); agent_ids only in the view.
 */
cJSON *
emu_fd_group_json(struct emu_group *g, int full)
{
	cJSON	*o, *a;
	size_t	 i;

	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)g->id);
	cJSON_AddStringToObject(o, "name", g->name);
	cJSON_AddStringToObject(o, "description", g->description);
	cJSON_AddNullToObject(o, "escalate_to");
	cJSON_AddStringToObject(o, "unassigned_for", "30m");
	cJSON_AddNullToObject(o, "business_hour_id");
	cJSON_AddStringToObject(o, "group_type", "support_agent_group");
	emu_json_time(o, "created_at", g->created);
	emu_json_time(o, "updated_at", g->updated);
	cJSON_AddNumberToObject(o, "auto_ticket_assign", 0);
	if (!full)
		return o;
	a = cJSON_AddArrayToObject(o, "agent_ids");
	for (i = 0; i < emu_db.nagents; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(
		    (double)emu_db.users[i]->id));
	return o;
}
/* GET /api/v2/ticket_fields: type, status and priority choices. */
void
emu_fd_ticket_fields(struct emu_resp *resp)
{
	static const char *const	 names[] = {
		"requester", "subject", "ticket_type", "source", "status",
		"priority", "group", "agent", "description"
	};
	static const char *const	 labels[] = {
		"Search a requester", "Subject", "Type", "Source", "Status",
		"Priority", "Group", "Agent", "Description"
	};
	static const char *const	 status_names[] = {
		"Open", "Pending", "Resolved", "Closed"
	};
	static const char *const	 prio_names[] = {
		"Low", "Medium", "High", "Urgent"
	};
	cJSON				*root, *o, *ch, *a;
	char				 key[8], ts[32];
	size_t				 i, j;

	root = cJSON_CreateArray();
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", 67000200000.0 + (double)i);
		cJSON_AddStringToObject(o, "name", names[i]);
		cJSON_AddStringToObject(o, "label", labels[i]);
		cJSON_AddStringToObject(o, "description", labels[i]);
		cJSON_AddNumberToObject(o, "position", (double)i + 1);
		cJSON_AddBoolToObject(o, "required_for_closure", 0);
		cJSON_AddBoolToObject(o, "required_for_agents",
		    i == 0 || i == 1);
		cJSON_AddStringToObject(o, "type", strcmp(names[i],
		    "ticket_type") == 0 ? "default_ticket_type" : "default");
		cJSON_AddBoolToObject(o, "default", 1);
		cJSON_AddBoolToObject(o, "customers_can_edit", 0);
		cJSON_AddStringToObject(o, "created_at",
		    emu_time_iso(emu_db.now - 500 * 86400, ts, sizeof ts));
		cJSON_AddStringToObject(o, "updated_at", ts);
		if (strcmp(names[i], "ticket_type") == 0) {
			ch = cJSON_AddArrayToObject(o, "choices");
			for (j = 0; emu_fd_types[j] != NULL; j++)
				cJSON_AddItemToArray(ch, cJSON_CreateString(
				    emu_fd_types[j]));
		} else if (strcmp(names[i], "status") == 0) {
			ch = cJSON_AddObjectToObject(o, "choices");
			for (j = 0; j < 4; j++) {
				xsnprintf(key, sizeof key, "%zu", j + 2);
				a = cJSON_AddArrayToObject(ch, key);
				cJSON_AddItemToArray(a, cJSON_CreateString(
				    status_names[j]));
				cJSON_AddItemToArray(a, cJSON_CreateString(
				    j == 0 ? "Being Processed" : j == 1 ?
				    "Awaiting your Reply" : j == 2 ?
				    "This ticket has been Resolved" :
				    "This ticket has been Closed"));
			}
		} else if (strcmp(names[i], "priority") == 0) {
			ch = cJSON_AddObjectToObject(o, "choices");
			for (j = 0; j < 4; j++)
				cJSON_AddNumberToObject(ch, prio_names[j],
				    (double)j + 1);
		} else if (strcmp(names[i], "group") == 0) {
			ch = cJSON_AddObjectToObject(o, "choices");
			for (j = 0; j < emu_db.ngroups; j++)
				cJSON_AddNumberToObject(ch,
				    emu_db.groups[j]->name,
				    (double)emu_db.groups[j]->id);
		}
		cJSON_AddItemToArray(root, o);
	}
	emu_resp_json(resp, 200, root);
}
/* 401 (card 2.5 [uncertain] message). */
void
emu_fd_auth_error(struct emu_resp *resp)
{
	emu_fd_coded(resp, 401, "invalid_credentials",
	    "You have to be logged in to perform this action.");
}
/* 429 with Retry-After. */
void
emu_fd_rate_error(struct emu_resp *resp, unsigned retry)
{
	emu_resp_text(resp, 429, NULL, NULL);
	emu_resp_uheaders(resp, "Retry-After", retry, "X-RateLimit-Total",
	    emu_opts.rate_limit, "X-RateLimit-Remaining", 0u,
	    "X-RateLimit-Used-CurrentRequest", 1u, (const char *)NULL);
}
/* X-RateLimit-* on every answered API request (card 2.5). */
void
emu_fd_rate_headers(struct emu_resp *resp, unsigned limit, unsigned remaining)
{
	if (resp->status == 429)
		return;
	emu_resp_uheaders(resp, "X-RateLimit-Total", limit,
	    "X-RateLimit-Remaining", remaining,
	    "X-RateLimit-Used-CurrentRequest", resp->credits,
	    (const char *)NULL);
	emu_resp_header(resp, "X-Request-Id", "emu-%08x",
	    (unsigned)(emu_rand(&emu_db.rng) & 0xffffffffu));
}
