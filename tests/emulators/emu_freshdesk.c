/*
 * Freshdesk API v2 as tix-emu serves it: Basic "API_KEY:X" auth, bare
 * JSON arrays with page/per_page and Link headers, the 30-day default
 * window of GET /tickets, its 300-page limit, conversations, replies and
 * notes, contacts, agents, groups and ticket fields, the X-RateLimit-*
 * headers and Freshdesk's error bodies.
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
 * - contacts accept both "updated_since" and "_updated_since".
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"

#define FD_DEFAULT_PAGE		30
#define FD_MAX_PAGE		100
#define FD_MAX_TICKET_PAGE	300
#define FD_WINDOW		(30 * 24 * 60 * 60)

/* 400 Validation failed with the given errors array (taken). */
static void
fd_validation(struct emu_resp *resp, cJSON *errors)
{
	cJSON	*root;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "description", "Validation failed");
	cJSON_AddItemToObject(root, "errors", errors);
	emu_resp_json(resp, 400, root);
}

/* Add one error to an errors array. */
static void
fd_error_add(cJSON *errors, const char *field, const char *message,
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
static void
fd_invalid(struct emu_resp *resp, const char *field, const char *message,
    const char *code)
{
	cJSON	*errors;

	errors = cJSON_CreateArray();
	fd_error_add(errors, field, message, code);
	fd_validation(resp, errors);
}

/* A {"code","message"} error (access_denied, invalid_credentials...). */
static void
fd_coded(struct emu_resp *resp, unsigned status, const char *code,
    const char *message)
{
	cJSON	*root;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "code", code);
	cJSON_AddStringToObject(root, "message", message);
	emu_resp_json(resp, status, root);
}

/* 404: no body. */
static void
fd_not_found(struct emu_resp *resp)
{
	emu_resp_text(resp, 404, NULL, NULL);
}

/* Add an ISO timestamp, or null for 0. */
static void
fd_add_time(cJSON *o, const char *name, time_t t)
{
	char	buf[32];

	if (t == 0)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddStringToObject(o, name,
		    emu_time_iso(t, buf, sizeof buf));
}

/* Add an id or null. */
static void
fd_add_id(cJSON *o, const char *name, int64_t id)
{
	if (id == 0)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddNumberToObject(o, name, (double)id);
}

/* Does the include= list name what? */
static int
fd_include(struct emu_req *req, const char *what)
{
	const char	*inc, *p;
	size_t		 len;

	inc = emu_req_arg(req, "include");
	if (inc == NULL)
		return 0;
	len = strlen(what);
	for (p = inc; (p = strstr(p, what)) != NULL; p += len) {
		if ((p == inc || p[-1] == ',') && (p[len] == '\0' ||
		    p[len] == ','))
			return 1;
	}
	return 0;
}

/* The last time a note of the given direction was added, or 0. */
static time_t
fd_last(struct emu_ticket *t, int incoming)
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
fd_tag_breaks(const char *name, size_t len)
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
static char *
fd_html_render(const char *html, char brk)
{
	static const struct {
		const char	*ent;
		char		 c;
	} ents[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&nbsp;", ' ' }
	};
	const char	*p, *name;
	char		*out, *q, *r, *w;
	size_t		 i, len;

	out = q = xmalloc(strlen(html) + 1);
	for (p = html; *p != '\0';) {
		if (*p == '<') {
			name = p + 1 + (p[1] == '/');
			for (len = 0; isalnum((unsigned char)name[len]); len++)
				;
			if (fd_tag_breaks(name, len))
				*q++ = brk;
			p = strchr(p, '>');
			p = p != NULL ? p + 1 : name + len;
			continue;
		}
		if (*p == '&') {
			for (i = 0; i < sizeof ents / sizeof ents[0]; i++) {
				len = strlen(ents[i].ent);
				if (strncmp(p, ents[i].ent, len) == 0)
					break;
			}
			if (i < sizeof ents / sizeof ents[0]) {
				*q++ = ents[i].c;
				p += len;
				continue;
			}
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
static char *
fd_text_html(const char *text)
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
fd_first(struct emu_ticket *t)
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
static cJSON *
fd_conversation_json(struct emu_ticket *t, struct emu_note *n)
{
	cJSON		*o, *a;
	char		*text, *html;
	struct emu_user	*req;

	o = cJSON_CreateObject();
	html = n->html_body != NULL ? xstrdup(n->html_body) :
	    fd_text_html(n->body);
	/* body is the HTML as stored; body_text joins its lines. */
	cJSON_AddStringToObject(o, "body", html);
	text = fd_html_render(html, ' ');
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
	fd_add_time(o, "created_at", n->created);
	fd_add_time(o, "updated_at", n->created);
	cJSON_AddArrayToObject(o, "attachments");
	return o;
}

/* A ticket (airbyte's tickets.json, a real modern response). */
static cJSON *
fd_ticket_json(struct emu_req *req, struct emu_ticket *t, int full)
{
	cJSON		*o, *a, *s;
	struct emu_user	*u;
	size_t		 i;
	char		*html;

	o = cJSON_CreateObject();
	cJSON_AddArrayToObject(o, "cc_emails");
	cJSON_AddArrayToObject(o, "fwd_emails");
	cJSON_AddArrayToObject(o, "reply_cc_emails");
	cJSON_AddArrayToObject(o, "ticket_cc_emails");
	cJSON_AddArrayToObject(o, "ticket_bcc_emails");
	cJSON_AddBoolToObject(o, "fr_escalated", 0);
	cJSON_AddBoolToObject(o, "spam", 0);
	cJSON_AddNumberToObject(o, "email_config_id", 67000041667.0);
	fd_add_id(o, "group_id", t->group_id);
	cJSON_AddNumberToObject(o, "priority", t->priority);
	cJSON_AddNumberToObject(o, "requester_id", (double)t->requester_id);
	fd_add_id(o, "responder_id", t->assignee_id);
	cJSON_AddNumberToObject(o, "source", t->source);
	cJSON_AddNullToObject(o, "company_id");
	cJSON_AddNumberToObject(o, "status", t->status);
	cJSON_AddStringToObject(o, "subject", t->subject);
	cJSON_AddNullToObject(o, "association_type");
	cJSON_AddStringToObject(o, "support_email",
	    "support@example.freshdesk.com");
	a = cJSON_AddArrayToObject(o, "to_emails");
	cJSON_AddItemToArray(a, cJSON_CreateString(
	    "support@example.freshdesk.com"));
	cJSON_AddNullToObject(o, "product_id");
	cJSON_AddNumberToObject(o, "id", (double)t->id);
	if (t->type != NULL)
		cJSON_AddStringToObject(o, "type", t->type);
	else
		cJSON_AddNullToObject(o, "type");
	fd_add_time(o, "due_by", t->created + 3 * 86400);
	fd_add_time(o, "fr_due_by", t->created + 86400);
	cJSON_AddBoolToObject(o, "is_escalated", 0);
	cJSON_AddObjectToObject(o, "custom_fields");
	fd_add_time(o, "created_at", t->created);
	fd_add_time(o, "updated_at", t->updated);
	cJSON_AddNullToObject(o, "associated_tickets_count");
	a = cJSON_AddArrayToObject(o, "tags");
	for (i = 0; i < t->ntags; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(t->tags[i]));
	cJSON_AddNullToObject(o, "nr_due_by");
	cJSON_AddBoolToObject(o, "nr_escalated", 0);
	if (t->deleted)
		cJSON_AddBoolToObject(o, "deleted", 1);
	if (full || (req != NULL && fd_include(req, "description"))) {
		html = t->description_html != NULL ?
		    xstrdup(t->description_html) :
		    fd_text_html(t->description);
		cJSON_AddStringToObject(o, "description", html);
		cJSON_AddStringToObject(o, "description_text",
		    t->description);
		free(html);
	}
	if (full)
		cJSON_AddArrayToObject(o, "attachments");
	if (req != NULL && fd_include(req, "requester") &&
	    (u = emu_data_user(t->requester_id)) != NULL) {
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
	if (req != NULL && fd_include(req, "stats")) {
		s = cJSON_AddObjectToObject(o, "stats");
		fd_add_time(s, "agent_responded_at", fd_last(t, 0));
		fd_add_time(s, "requester_responded_at", fd_last(t, 1));
		fd_add_time(s, "first_responded_at", fd_first(t));
		fd_add_time(s, "status_updated_at", t->status_at);
		fd_add_time(s, "reopened_at", t->reopened_at);
		fd_add_time(s, "resolved_at", t->solved_at);
		fd_add_time(s, "closed_at", t->closed_at);
		fd_add_time(s, "pending_since", t->status == 3 ?
		    t->status_at : 0);
	}
	if (full && req != NULL && fd_include(req, "conversations")) {
		a = cJSON_AddArrayToObject(o, "conversations");
		for (i = 0; i < t->nnotes && i < 10; i++)
			cJSON_AddItemToArray(a, fd_conversation_json(t,
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
static cJSON *
fd_contact_json(struct emu_user *u, int full)
{
	cJSON	*o, *a;
	size_t	 i;

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
	fd_add_time(o, "created_at", u->created);
	fd_add_time(o, "updated_at", u->updated);
	cJSON_AddNullToObject(o, "csat_rating");
	cJSON_AddStringToObject(o, "preferred_source", "email");
	cJSON_AddNullToObject(o, "company_id");
	cJSON_AddNullToObject(o, "unique_external_id");
	cJSON_AddBoolToObject(o, "twitter_profile_status", 0);
	cJSON_AddNullToObject(o, "twitter_followers_count");
	if (!full)
		return o;
	a = cJSON_AddArrayToObject(o, "other_emails");
	for (i = 0; i < u->nother_emails; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(
		    u->other_emails[i]));
	a = cJSON_AddArrayToObject(o, "tags");
	for (i = 0; i < u->ntags; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(u->tags[i]));
	cJSON_AddNullToObject(o, "avatar");
	cJSON_AddBoolToObject(o, "view_all_tickets", 0);
	cJSON_AddBoolToObject(o, "deleted", 0);
	cJSON_AddArrayToObject(o, "other_companies");
	return o;
}

/* An agent (python-freshdesk agent_1.json, newer fields added). */
static cJSON *
fd_agent_json(struct emu_user *u)
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
	fd_add_time(o, "created_at", u->created);
	fd_add_time(o, "updated_at", u->updated);
	c = cJSON_AddObjectToObject(o, "contact");
	cJSON_AddBoolToObject(c, "active", 1);
	cJSON_AddStringToObject(c, "email", u->email);
	cJSON_AddNullToObject(c, "job_title");
	cJSON_AddStringToObject(c, "language", "en");
	fd_add_time(c, "last_login_at", u->updated);
	cJSON_AddNullToObject(c, "mobile");
	cJSON_AddStringToObject(c, "name", u->name);
	cJSON_AddNullToObject(c, "phone");
	cJSON_AddStringToObject(c, "time_zone", "Eastern Time (US & Canada)");
	fd_add_time(c, "created_at", u->created);
	fd_add_time(c, "updated_at", u->updated);
	return o;
}

/*
 * A group: business_hour_id and auto_ticket_assign as in a recorded real
 * list (airbyte's expected_records); agent_ids only in the view.
 */
static cJSON *
fd_group_json(struct emu_group *g, int full)
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
	fd_add_time(o, "created_at", g->created);
	fd_add_time(o, "updated_at", g->updated);
	cJSON_AddNumberToObject(o, "auto_ticket_assign", 0);
	if (!full)
		return o;
	a = cJSON_AddArrayToObject(o, "agent_ids");
	for (i = 0; i < emu_db.nagents; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(
		    (double)emu_db.users[i]->id));
	return o;
}

/*
 * Page arguments: page (1-based), per_page (default 30, max 100).
 * Returns 0 or -1 with a 400 set.  max_page is 0 for no limit.
 */
static int
fd_page_args(struct emu_req *req, struct emu_resp *resp, long long max_page,
    long long *page, long long *per)
{
	const char	*s;

	*page = 1;
	*per = FD_DEFAULT_PAGE;
	s = emu_req_arg(req, "page");
	if (s != NULL && emu_parse_uint(s, 1, LLONG_MAX / 200, page) != 0) {
		fd_invalid(resp, "page", "It should be a Positive Integer",
		    "invalid_value");
		return -1;
	}
	s = emu_req_arg(req, "per_page");
	if (s != NULL && emu_parse_uint(s, 1, FD_MAX_PAGE, per) != 0) {
		fd_invalid(resp, "per_page", "It should be a Positive "
		    "Integer less than or equal to 100", "invalid_value");
		return -1;
	}
	if (max_page != 0 && *page > max_page) {
		/* Verbatim from airbyte's test_tickets.py (card 2.3). */
		fd_invalid(resp, "page", "You cannot access tickets beyond "
		    "the 300th page. Please provide a smaller page number.",
		    "invalid_value");
		return -1;
	}
	return 0;
}

/* Link: <...page=N+1...>; rel="next" when more remain. */
static void
fd_link_next(struct emu_req *req, struct emu_resp *resp, long long page,
    int more)
{
	char		 num[32], *url;
	const char	*kv[2];

	if (!more)
		return;
	xsnprintf(num, sizeof num, "%lld", page + 1);
	kv[0] = "page";
	kv[1] = num;
	url = emu_req_url(req, kv, 1);
	emu_resp_header(resp, "Link", "<%s>; rel=\"next\"", url);
	free(url);
}

struct fd_order {
	int	field;		/* 0 created, 1 due_by, 2 updated, 3 status */
	int	desc;
};
static struct fd_order	fd_sort;

/* Compare tickets by the requested order, then by id. */
static int
fd_ticket_cmp(const void *pa, const void *pb)
{
	const struct emu_ticket	*a = *(struct emu_ticket *const *)pa;
	const struct emu_ticket	*b = *(struct emu_ticket *const *)pb;
	int64_t			 x, y;
	int			 c;

	switch (fd_sort.field) {
	case 2:
		x = a->updated;
		y = b->updated;
		break;
	case 3:
		x = a->status;
		y = b->status;
		break;
	default:	/* due_by is created + 3 days, so it sorts alike */
		x = a->created;
		y = b->created;
		break;
	}
	c = (x > y) - (x < y);
	if (c == 0)
		c = (a->id > b->id) - (a->id < b->id);
	return fd_sort.desc ? -c : c;
}

/* GET /api/v2/tickets */
static void
fd_tickets_list(struct emu_req *req, struct emu_resp *resp)
{
	static const char *const	 orders[] = {
		"created_at", "due_by", "updated_at", "status"
	};
	struct emu_ticket		**list, *t;
	cJSON				*errors, *root;
	const char			*since, *ob, *ot, *filter, *rq;
	long long			 page, per;
	time_t				 since_t = 0;
	int64_t				 rid = 0;
	size_t				 i, n = 0, start;
	int				 deleted;

	errors = cJSON_CreateArray();
	since = emu_req_arg(req, "updated_since");
	if (since != NULL && emu_time_parse(since, &since_t) != 0)
		fd_error_add(errors, "updated_since", "It should be in the "
		    "'valid date' format", "invalid_value");
	fd_sort.field = 0;
	fd_sort.desc = 1;
	ob = emu_req_arg(req, "order_by");
	if (ob != NULL) {
		for (i = 0; i < 4 && strcmp(ob, orders[i]) != 0; i++)
			;
		if (i == 4)
			fd_error_add(errors, "order_by", "It should be one of "
			    "these values: 'created_at,due_by,updated_at,"
			    "status'", "invalid_value");
		fd_sort.field = (int)i;
	}
	ot = emu_req_arg(req, "order_type");
	if (ot != NULL) {
		if (strcmp(ot, "asc") == 0)
			fd_sort.desc = 0;
		else if (strcmp(ot, "desc") != 0)
			fd_error_add(errors, "order_type", "It should be one "
			    "of these values: 'asc,desc'", "invalid_value");
	}
	filter = emu_req_arg(req, "filter");
	if (filter != NULL && strcmp(filter, "deleted") != 0 &&
	    strcmp(filter, "new_and_my_open") != 0 &&
	    strcmp(filter, "watching") != 0 && strcmp(filter, "spam") != 0)
		fd_error_add(errors, "filter", "It should be one of these "
		    "values: 'new_and_my_open,watching,spam,deleted'",
		    "invalid_value");
	rq = emu_req_arg(req, "requester_id");
	if (rq != NULL && emu_parse_int64(rq, &rid) != 0)
		fd_error_add(errors, "requester_id", "It should be a/an "
		    "Positive Integer", "datatype_mismatch");
	if (cJSON_GetArraySize(errors) > 0) {
		fd_validation(resp, errors);
		return;
	}
	cJSON_Delete(errors);
	if (fd_page_args(req, resp, FD_MAX_TICKET_PAGE, &page, &per) != 0)
		return;
	deleted = filter != NULL && strcmp(filter, "deleted") == 0;

	list = xcalloc(emu_db.ntickets + 1, sizeof *list);
	for (i = 0; i < emu_db.ntickets; i++) {
		t = emu_db.tickets[i];
		if (t->deleted != deleted)
			continue;
		/* Without updated_since: created in the last 30 days. */
		if (since == NULL && t->created < emu_clock() - FD_WINDOW)
			continue;
		if (since != NULL && t->updated < since_t)
			continue;
		if (rid != 0 && t->requester_id != rid)
			continue;
		if (filter != NULL && strcmp(filter, "spam") == 0)
			continue;
		if (filter != NULL && strcmp(filter, "new_and_my_open") ==
		    0 && !(t->status == 2 && (t->assignee_id == 0 ||
		    t->assignee_id == emu_db.me->id)))
			continue;
		list[n++] = t;
	}
	qsort(list, n, sizeof *list, fd_ticket_cmp);
	root = cJSON_CreateArray();
	start = (size_t)((page - 1) * per);
	for (i = start; i < n && i < start + (size_t)per; i++)
		cJSON_AddItemToArray(root, fd_ticket_json(req, list[i], 0));
	fd_link_next(req, resp, page, start + (size_t)per < n);
	resp->credits = 1 + 2 * (unsigned)(fd_include(req, "description") +
	    fd_include(req, "requester") + fd_include(req, "stats"));
	free(list);
	emu_resp_json(resp, 200, root);
}

/* A paged bare array over users (contacts or agents). */
static void
fd_users_list(struct emu_req *req, struct emu_resp *resp, int agents)
{
	cJSON		*root;
	struct emu_user	*u, **list;
	const char	*since, *email;
	time_t		 since_t = 0;
	long long	 page, per;
	size_t		 i, n = 0, start;

	since = emu_req_arg(req, "_updated_since");
	if (since == NULL)
		since = emu_req_arg(req, "updated_since");
	if (since != NULL && emu_time_parse(since, &since_t) != 0) {
		fd_invalid(resp, "_updated_since", "It should be in the "
		    "'valid date' format", "invalid_value");
		return;
	}
	email = emu_req_arg(req, "email");
	if (fd_page_args(req, resp, 0, &page, &per) != 0)
		return;
	list = xcalloc(emu_db.nusers + 1, sizeof *list);
	for (i = 0; i < emu_db.nusers; i++) {
		u = emu_db.users[i];
		if ((u->role != EMU_END_USER) != agents)
			continue;
		if (since != NULL && u->updated < since_t)
			continue;
		if (email != NULL && strcasecmp(email, u->email) != 0)
			continue;
		list[n++] = u;
	}
	root = cJSON_CreateArray();
	start = (size_t)((page - 1) * per);
	for (i = start; i < n && i < start + (size_t)per; i++)
		cJSON_AddItemToArray(root, agents ? fd_agent_json(list[i]) :
		    fd_contact_json(list[i], 0));
	fd_link_next(req, resp, page, start + (size_t)per < n);
	free(list);
	emu_resp_json(resp, 200, root);
}

/* GET /api/v2/groups: paged like the other lists. */
static void
fd_groups_list(struct emu_req *req, struct emu_resp *resp)
{
	cJSON		*root;
	long long	 page, per;
	size_t		 i, start;

	if (fd_page_args(req, resp, 0, &page, &per) != 0)
		return;
	root = cJSON_CreateArray();
	start = (size_t)((page - 1) * per);
	for (i = start; i < emu_db.ngroups && i < start + (size_t)per; i++)
		cJSON_AddItemToArray(root, fd_group_json(emu_db.groups[i], 0));
	fd_link_next(req, resp, page, start + (size_t)per < emu_db.ngroups);
	emu_resp_json(resp, 200, root);
}

/* GET /api/v2/tickets/{id}/conversations, oldest first. */
static void
fd_conversations(struct emu_req *req, struct emu_resp *resp,
    struct emu_ticket *t)
{
	cJSON		*root;
	long long	 page, per;
	size_t		 i, start;

	if (fd_page_args(req, resp, 0, &page, &per) != 0)
		return;
	root = cJSON_CreateArray();
	start = (size_t)((page - 1) * per);
	for (i = start; i < t->nnotes && i < start + (size_t)per; i++)
		cJSON_AddItemToArray(root, fd_conversation_json(t,
		    t->notes[i]));
	fd_link_next(req, resp, page, start + (size_t)per < t->nnotes);
	emu_resp_json(resp, 200, root);
}

/* Parse a JSON object body; NULL with resp set. */
static cJSON *
fd_body(struct emu_req *req, struct emu_resp *resp)
{
	const char	*ct;
	cJSON		*in;
	char		*msg;

	ct = emu_req_header(req, "Content-Type");
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0) {
		msg = xasprintf("Content-Type header is set to %s. It should "
		    "be set to application/json", ct != NULL ? ct : "");
		fd_coded(resp, 415, "invalid_content_type", msg);
		free(msg);
		return NULL;
	}
	in = cJSON_ParseWithLength(req->body != NULL ? req->body : "",
	    req->body_len);
	if (!cJSON_IsObject(in)) {
		cJSON_Delete(in);
		fd_coded(resp, 400, "invalid_json",
		    "Request body has invalid json format");
		return NULL;
	}
	return in;
}

/* Check an integer field against [lo, hi]; adds an error when bad. */
static int
fd_check_int(cJSON *errors, cJSON *v, const char *field, int lo, int hi,
    const char *values)
{
	char	*msg;

	if (!cJSON_IsNumber(v)) {
		fd_error_add(errors, field, cJSON_IsString(v) ?
		    "Value set is of type String.It should be a/an Integer" :
		    "It should be a/an Integer", "datatype_mismatch");
		return -1;
	}
	if (v->valuedouble < lo || v->valuedouble > hi ||
	    v->valuedouble != (double)v->valueint) {
		msg = xasprintf("It should be one of these values: '%s'",
		    values);
		fd_error_add(errors, field, msg, "invalid_value");
		free(msg);
		return -1;
	}
	return 0;
}

/* Is v null or an id accepted by ok()? */
static int
fd_check_id(cJSON *errors, cJSON *v, const char *field, int agent)
{
	int64_t		 id;
	struct emu_user	*u;
	char		*msg;

	if (cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 1) {
		fd_error_add(errors, field, "It should be a/an Positive "
		    "Integer", "datatype_mismatch");
		return -1;
	}
	id = (int64_t)v->valuedouble;
	if (agent ? ((u = emu_data_user(id)) == NULL ||
	    u->role == EMU_END_USER) : emu_data_group(id) == NULL) {
		msg = xasprintf("There is no %s matching the given %s",
		    agent ? "agent" : "group", field);
		fd_error_add(errors, field, msg, "invalid_value");
		free(msg);
		return -1;
	}
	return 0;
}

/*
 * Validate then apply ticket fields (PUT, create, admin patch).  Returns
 * 0, or -1 with a 400 set and nothing applied.  create allows the
 * creation-only fields.
 */
static int
fd_apply(struct emu_ticket *t, cJSON *in, struct emu_resp *resp, int create)
{
	static const char *const	 known[] = {
		"status", "priority", "type", "responder_id", "group_id",
		"tags", "subject", "description", "requester_id", "email",
		"name", "source", "custom_fields", "due_by", "fr_due_by",
		"product_id", "company_id", "cc_emails", NULL
	};
	cJSON				*errors, *v, *e;
	char				**list;
	size_t				 i, n;
	int				 ok;

	errors = cJSON_CreateArray();
	cJSON_ArrayForEach(v, in) {
		for (i = 0; known[i] != NULL; i++) {
			if (strcmp(v->string, known[i]) == 0)
				break;
		}
		if (known[i] == NULL || (!create && (strcmp(v->string,
		    "email") == 0 || strcmp(v->string, "name") == 0)))
			fd_error_add(errors, v->string,
			    "Unexpected/invalid field in request",
			    "invalid_field");
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "status")) != NULL)
		fd_check_int(errors, v, "status", 2, 5, "2,3,4,5");
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "priority")) != NULL)
		fd_check_int(errors, v, "priority", 1, 4, "1,2,3,4");
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "source")) != NULL)
		fd_check_int(errors, v, "source", 1, 10,
		    "1,2,3,5,6,7,9,11,10");
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "type")) != NULL &&
	    !cJSON_IsNull(v)) {
		ok = 0;
		for (i = 0; cJSON_IsString(v) && emu_fd_types[i] != NULL;
		    i++) {
			if (strcmp(v->valuestring, emu_fd_types[i]) == 0)
				ok = 1;
		}
		if (!ok)
			fd_error_add(errors, "type", "It should be one of "
			    "these values: 'Question,Incident,Problem,"
			    "Feature Request,Refund'", "invalid_value");
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "responder_id")) !=
	    NULL)
		fd_check_id(errors, v, "responder_id", 1);
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "group_id")) != NULL)
		fd_check_id(errors, v, "group_id", 0);
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "tags")) != NULL) {
		ok = cJSON_IsArray(v);
		cJSON_ArrayForEach(e, v) {
			if (!cJSON_IsString(e))
				ok = 0;
		}
		if (!ok)
			fd_error_add(errors, "tags", "It should be a/an Array "
			    "of Strings", "datatype_mismatch");
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "subject")) != NULL &&
	    !cJSON_IsString(v))
		fd_error_add(errors, "subject", "It should be a/an String",
		    "datatype_mismatch");
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "description")) !=
	    NULL && !cJSON_IsString(v))
		fd_error_add(errors, "description", "It should be a/an String",
		    "datatype_mismatch");
	if (cJSON_GetArraySize(errors) > 0) {
		fd_validation(resp, errors);
		return -1;
	}
	cJSON_Delete(errors);

	if ((v = cJSON_GetObjectItemCaseSensitive(in, "status")) != NULL)
		emu_data_set_status(t, v->valueint);
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "priority")) != NULL)
		t->priority = v->valueint;
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "source")) != NULL)
		t->source = v->valueint;
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "type")) != NULL) {
		free(t->type);
		t->type = cJSON_IsNull(v) ? NULL : xstrdup(v->valuestring);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "responder_id")) !=
	    NULL)
		t->assignee_id = cJSON_IsNull(v) ? 0 :
		    (int64_t)v->valuedouble;
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "group_id")) != NULL)
		t->group_id = cJSON_IsNull(v) ? 0 : (int64_t)v->valuedouble;
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "tags")) != NULL) {
		n = (size_t)cJSON_GetArraySize(v);
		list = xcalloc(n + 1, sizeof *list);
		i = 0;
		cJSON_ArrayForEach(e, v)
			list[i++] = e->valuestring;
		emu_data_set_tags(t, list, n);
		free(list);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "subject")) != NULL) {
		free(t->subject);
		t->subject = xstrdup(v->valuestring);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(in, "description")) !=
	    NULL) {
		/* HTML as given; description_text breaks its lines. */
		free(t->description);
		free(t->description_html);
		t->description_html = xstrdup(v->valuestring);
		t->description = fd_html_render(v->valuestring, '\n');
	}
	return 0;
}

/* Create a ticket; 0, or -1 with resp set. */
static int
fd_create(cJSON *in, struct emu_resp *resp, struct emu_ticket **out)
{
	struct emu_ticket	*t;
	struct emu_user		*u = NULL;
	cJSON			*rq, *em, *nm, *errors;
	int64_t			 rid = 0;

	rq = cJSON_GetObjectItemCaseSensitive(in, "requester_id");
	em = cJSON_GetObjectItemCaseSensitive(in, "email");
	nm = cJSON_GetObjectItemCaseSensitive(in, "name");
	errors = cJSON_CreateArray();
	if (cJSON_IsNumber(rq)) {
		rid = (int64_t)rq->valuedouble;
		if (emu_data_user(rid) == NULL)
			fd_error_add(errors, "requester_id", "There is no "
			    "contact matching the given requester_id",
			    "invalid_value");
	} else if (cJSON_IsString(em)) {
		if (strchr(em->valuestring, '@') == NULL)
			fd_error_add(errors, "email", "It should be a valid "
			    "email address", "invalid_value");
	} else
		fd_error_add(errors, "requester_id", "Please fill at least 1 "
		    "of email, mobile, phone, twitter_id, unique_external_id,"
		    " requester_id fields", "missing_field");
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(in, "subject")))
		fd_error_add(errors, "subject", "It should be a/an String",
		    "missing_field");
	if (cJSON_GetArraySize(errors) > 0) {
		fd_validation(resp, errors);
		return -1;
	}
	cJSON_Delete(errors);
	if (rid == 0) {
		u = emu_data_user_add(cJSON_IsString(nm) ? nm->valuestring :
		    em->valuestring, em->valuestring);
		rid = u->id;
	}
	t = emu_data_ticket_add();
	t->created = t->updated = t->generated = emu_clock();
	t->requester_id = t->submitter_id = rid;
	t->status = 2;
	t->status_at = t->created;
	t->priority = 1;
	t->source = 2;
	t->subject = xstrdup("");
	t->description = xstrdup("");
	if (fd_apply(t, in, resp, 1) != 0) {
		t->deleted = 1;
		return -1;
	}
	emu_data_touch(t);
	t->created = t->updated;
	*out = t;
	return 0;
}

/* POST /api/v2/tickets/{id}/reply or /notes. */
static void
fd_add_note(struct emu_req *req, struct emu_resp *resp, struct emu_ticket *t,
    int note)
{
	cJSON		*in, *body, *priv, *user, *inc;
	char		*text;
	int64_t		 uid;
	struct emu_note	*n;
	struct emu_user	*u;

	in = fd_body(req, resp);
	if (in == NULL)
		return;
	body = cJSON_GetObjectItemCaseSensitive(in, "body");
	priv = cJSON_GetObjectItemCaseSensitive(in, "private");
	user = cJSON_GetObjectItemCaseSensitive(in, "user_id");
	inc = cJSON_GetObjectItemCaseSensitive(in, "incoming");
	if (!cJSON_IsString(body) || *body->valuestring == '\0') {
		cJSON_Delete(in);
		fd_invalid(resp, "body", "It should be a/an String",
		    "missing_field");
		return;
	}
	if ((priv != NULL && !cJSON_IsBool(priv)) || (inc != NULL &&
	    !cJSON_IsBool(inc))) {
		cJSON_Delete(in);
		fd_invalid(resp, priv != NULL && !cJSON_IsBool(priv) ?
		    "private" : "incoming", "It should be a/an Boolean",
		    "datatype_mismatch");
		return;
	}
	if (!note && priv != NULL) {
		cJSON_Delete(in);
		fd_invalid(resp, "private", "Unexpected/invalid field in "
		    "request", "invalid_field");
		return;
	}
	uid = emu_db.me->id;
	if (user != NULL) {
		if (!cJSON_IsNumber(user) || (u = emu_data_user(
		    (int64_t)user->valuedouble)) == NULL) {
			cJSON_Delete(in);
			fd_invalid(resp, "user_id", "There is no contact or "
			    "agent matching the given user_id",
			    "invalid_value");
			return;
		}
		uid = u->id;
	}
	/*
	 * Notes are private unless "private": false (card 2.2).  The body
	 * is kept as sent, line breaks and all.
	 */
	text = fd_html_render(body->valuestring, '\n');
	n = emu_data_note_add(t, uid, note ? EMU_NOTE_NOTE : EMU_NOTE_REPLY,
	    note ? cJSON_IsFalse(priv) : 1, text, body->valuestring);
	free(text);
	n->incoming = cJSON_IsTrue(inc);
	resp->write = 1;
	cJSON_Delete(in);
	emu_resp_json(resp, 201, fd_conversation_json(t, n));
}

/* GET /api/v2/ticket_fields: type, status and priority choices. */
static void
fd_ticket_fields(struct emu_resp *resp)
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

/* Is the request METHOD /api/v2/<s0>[/<id>[/<s2>]]? */
static int
fd_is(struct emu_req *req, const char *method, size_t n, const char *s0,
    const char *s2)
{
	if (strcmp(req->method, method) != 0 || req->nseg != n + 2)
		return 0;
	if (strcmp(req->seg[2], s0) != 0)
		return 0;
	if (s2 != NULL && (n < 3 || strcmp(req->seg[4], s2) != 0))
		return 0;
	return 1;
}

/* Route one API request. */
static void
fd_serve(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t = NULL;
	struct emu_user		*u;
	struct emu_group	*g;
	cJSON			*in;
	int64_t			 id = 0;

	if (req->nseg < 3 || strcmp(req->seg[0], "api") != 0 ||
	    strcmp(req->seg[1], "v2") != 0) {
		fd_not_found(resp);
		return;
	}
	if (req->nseg >= 4)
		(void)emu_parse_int64(req->seg[3], &id);

	if (fd_is(req, "GET", 1, "tickets", NULL))
		fd_tickets_list(req, resp);
	else if (fd_is(req, "POST", 1, "tickets", NULL)) {
		if ((in = fd_body(req, resp)) == NULL)
			return;
		if (fd_create(in, resp, &t) == 0) {
			resp->write = 1;
			emu_resp_header(resp, "Location",
			    "http://%s/api/v2/tickets/%lld", req->host,
			    (long long)t->id);
			emu_resp_json(resp, 201, fd_ticket_json(req, t, 1));
		}
		cJSON_Delete(in);
	} else if (fd_is(req, "GET", 1, "contacts", NULL))
		fd_users_list(req, resp, 0);
	else if (fd_is(req, "GET", 1, "agents", NULL))
		fd_users_list(req, resp, 1);
	else if (fd_is(req, "GET", 2, "agents", NULL) &&
	    strcmp(req->seg[3], "me") == 0)
		emu_resp_json(resp, 200, fd_agent_json(emu_db.me));
	else if (fd_is(req, "GET", 1, "groups", NULL))
		fd_groups_list(req, resp);
	else if (fd_is(req, "GET", 1, "ticket_fields", NULL))
		fd_ticket_fields(resp);
	else if (fd_is(req, "GET", 2, "contacts", NULL) ||
	    fd_is(req, "GET", 2, "agents", NULL)) {
		u = emu_data_user(id);
		if (u == NULL || (u->role == EMU_END_USER) !=
		    (strcmp(req->seg[2], "contacts") == 0)) {
			fd_not_found(resp);
			return;
		}
		emu_resp_json(resp, 200, u->role == EMU_END_USER ?
		    fd_contact_json(u, 1) : fd_agent_json(u));
	} else if (fd_is(req, "GET", 2, "groups", NULL)) {
		if ((g = emu_data_group(id)) == NULL)
			fd_not_found(resp);
		else
			emu_resp_json(resp, 200, fd_group_json(g, 1));
	} else if (req->nseg >= 4 && req->nseg <= 5 &&
	    strcmp(req->seg[2], "tickets") == 0) {
		t = emu_data_ticket(id);
		/*
		 * A deleted ticket is in the trash: listed only with
		 * filter=deleted, 404 here, 405 to DELETE again (the
		 * "Delete a ticket" doc), and back with PUT .../restore.
		 */
		if (t != NULL && t->deleted && fd_is(req, "DELETE", 2,
		    "tickets", NULL)) {
			emu_resp_text(resp, 405, NULL, NULL);
			return;
		}
		if (t != NULL && t->deleted && fd_is(req, "PUT", 3,
		    "tickets", "restore")) {
			t->deleted = 0;
			emu_data_touch(t);
			resp->write = 1;
			emu_resp_text(resp, 204, NULL, NULL);
			return;
		}
		if (t == NULL || t->deleted) {
			fd_not_found(resp);
			return;
		}
		if (fd_is(req, "GET", 2, "tickets", NULL)) {
			resp->credits += 2 * (unsigned)(fd_include(req,
			    "conversations") + fd_include(req, "requester") +
			    fd_include(req, "stats"));
			emu_resp_json(resp, 200, fd_ticket_json(req, t, 1));
		} else if (fd_is(req, "PUT", 2, "tickets", NULL)) {
			if ((in = fd_body(req, resp)) == NULL)
				return;
			if (fd_apply(t, in, resp, 0) == 0) {
				emu_data_touch(t);
				resp->write = 1;
				emu_resp_json(resp, 200, fd_ticket_json(req, t,
				    1));
			}
			cJSON_Delete(in);
		} else if (fd_is(req, "DELETE", 2, "tickets", NULL)) {
			if (emu_db.me->role != EMU_ADMIN) {
				fd_coded(resp, 403, "access_denied", "You are "
				    "not authorized to perform this action.");
				return;
			}
			t->deleted = 1;
			emu_data_touch(t);
			resp->write = 1;
			emu_resp_text(resp, 204, NULL, NULL);
		} else if (fd_is(req, "GET", 3, "tickets", "conversations"))
			fd_conversations(req, resp, t);
		else if (fd_is(req, "POST", 3, "tickets", "reply"))
			fd_add_note(req, resp, t, 0);
		else if (fd_is(req, "POST", 3, "tickets", "notes"))
			fd_add_note(req, resp, t, 1);
		else
			fd_not_found(resp);
	} else
		fd_not_found(resp);
}

/* Basic "{api_key}:X"; Freshdesk ignores the password. */
static int
fd_auth_ok(const char *user, const char *pass, const char *bearer)
{
	if (bearer != NULL)
		return 0;
	return strcmp(user, emu_opts.api_key) == 0;
}

/* 401 (card 2.5 [uncertain] message). */
static void
fd_auth_error(struct emu_resp *resp)
{
	fd_coded(resp, 401, "invalid_credentials",
	    "You have to be logged in to perform this action.");
}

/* 429 with Retry-After. */
static void
fd_rate_error(struct emu_resp *resp, unsigned retry)
{
	emu_resp_text(resp, 429, NULL, NULL);
	emu_resp_header(resp, "Retry-After", "%u", retry);
	emu_resp_header(resp, "X-RateLimit-Total", "%u", emu_opts.rate_limit);
	emu_resp_header(resp, "X-RateLimit-Remaining", "0");
	emu_resp_header(resp, "X-RateLimit-Used-CurrentRequest", "1");
}

/* X-RateLimit-* on every answered API request (card 2.5). */
static void
fd_rate_headers(struct emu_resp *resp, unsigned limit, unsigned remaining)
{
	if (resp->status == 429)
		return;
	emu_resp_header(resp, "X-RateLimit-Total", "%u", limit);
	emu_resp_header(resp, "X-RateLimit-Remaining", "%u", remaining);
	emu_resp_header(resp, "X-RateLimit-Used-CurrentRequest", "%u",
	    resp->credits);
	emu_resp_header(resp, "X-Request-Id", "emu-%08x",
	    (unsigned)(emu_rand(&emu_db.rng) & 0xffffffffu));
}

/* A 5xx: JSON from the app for 500, an HTML page from the edge else. */
static void
fd_server_error(struct emu_resp *resp, unsigned status)
{
	if (status == 500)
		fd_coded(resp, 500, "internal_error",
		    "We're sorry, but something went wrong.");
	else if (status == 413)
		fd_coded(resp, 413, "request_too_large",
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

/* Admin path: the ticket in API shape (as GET /tickets/{id}). */
static cJSON *
fd_admin_ticket_json(struct emu_req *req, struct emu_ticket *t)
{
	return fd_ticket_json(NULL, t, 1);
}

/* Admin path: a note in API shape. */
static cJSON *
fd_admin_note_json(struct emu_ticket *t, struct emu_note *n)
{
	return fd_conversation_json(t, n);
}

/* Admin path: patch with Freshdesk field names. */
static int
fd_admin_patch(struct emu_req *req, struct emu_ticket *t, cJSON *in,
    struct emu_resp *resp)
{
	return fd_apply(t, in, resp, 0);
}

/* Admin path: create a ticket as POST /api/v2/tickets would. */
static int
fd_admin_new(struct emu_req *req, cJSON *in, struct emu_resp *resp,
    struct emu_ticket **out)
{
	return fd_create(in, resp, out);
}

const struct emu_provider emu_freshdesk = {
	"freshdesk",
	fd_auth_ok,
	fd_serve,
	fd_auth_error,
	fd_rate_error,
	fd_rate_headers,
	fd_server_error,
	fd_admin_ticket_json,
	fd_admin_note_json,
	fd_admin_patch,
	fd_admin_new
};
