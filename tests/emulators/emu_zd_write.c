/*
 * Zendesk writes for tix-emu: the ticket object a PUT, a POST or the
 * admin path applies (validated whole before anything changes, with
 * audit events), safe_update, the tags endpoints and ticket creation.
 */

#include "config.h"

#include "tests/emulators/emu.h"
#include "tests/emulators/emu_zd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZD_MAX_COMMENTS		5000

/*
 * The index of a string value in a table of n, or none for null or ""
 * (-1 there when null is not allowed); -1 for anything else.
 */
static int
zd_enum(cJSON *v, const char *const *tab, size_t n, int none)
{
	if (cJSON_IsNull(v) || (cJSON_IsString(v) && *v->valuestring ==
	    '\0'))
		return none;
	if (!cJSON_IsString(v))
		return -1;
	return emu_lookup(tab, n, v->valuestring);
}

/*
 * Validate then apply a ticket object (update, create or admin patch).
 * Returns 0, or -1 with the error response set; nothing is applied on
 * error.  *changed tells whether anything changed.  When events is not
 * NULL, Change and Comment events are added to it.
 */
int
emu_zd_apply(struct emu_ticket *t, cJSON *in, struct emu_resp *resp,
    cJSON *events, int *changed, struct emu_note **added)
{
	cJSON		*v, *st, *pr, *ty, *tags, *add, *rm, *cm, *e;
	cJSON		*body = NULL, *html = NULL, *pub = NULL, *sj;
	int		 status = -1, prio = -1, type = -1, r;
	int64_t		 assignee = -1, group = -1, requester = -1;
	int64_t		 author;
	struct emu_user	*u;
	struct emu_note	*note;

	*changed = 0;
	st = cJSON_GetObjectItemCaseSensitive(in, "status");
	status = st != NULL ? zd_enum(st, emu_zd_status, EMU_ST_COUNT, -1) :
	    -1;
	if (st != NULL && status < 0) {
		emu_zd_invalid(resp, "status", "Status: is not valid");
		return -1;
	}
	pr = cJSON_GetObjectItemCaseSensitive(in, "priority");
	prio = pr != NULL ? zd_enum(pr, emu_zd_priority, EMU_PRIO_COUNT,
	    EMU_PRIO_NONE) : -1;
	if (pr != NULL && prio < 0) {
		emu_zd_invalid(resp, "priority", "Priority: is not valid");
		return -1;
	}
	ty = cJSON_GetObjectItemCaseSensitive(in, "type");
	type = ty != NULL ? zd_enum(ty, emu_zd_types, EMU_ZD_NTYPES,
	    EMU_ZD_NTYPES) : -1;
	if (ty != NULL && type < 0) {
		emu_zd_invalid(resp, "type", "Type: is not valid");
		return -1;
	}
	r = emu_json_get_id(in, "assignee_id", &assignee);
	u = r > 0 && assignee != 0 ? emu_data_user(assignee) : NULL;
	if (r < 0 || (r > 0 && assignee != 0 && (u == NULL ||
	    u->role == EMU_END_USER))) {
		emu_zd_invalid(resp, "assignee", "Assignee: is invalid");
		return -1;
	}
	if (r == 0)
		assignee = -1;
	r = emu_json_get_id(in, "group_id", &group);
	if (r < 0 || (r > 0 && group != 0 && emu_data_group(group) ==
	    NULL)) {
		emu_zd_invalid(resp, "group", "Group: is invalid");
		return -1;
	}
	if (r == 0)
		group = -1;
	r = emu_json_get_id(in, "requester_id", &requester);
	if (r < 0 || (r > 0 && (requester == 0 ||
	    emu_data_user(requester) == NULL))) {
		emu_zd_invalid(resp, "requester", "Requester: is invalid");
		return -1;
	}
	if (r == 0)
		requester = -1;
	tags = cJSON_GetObjectItemCaseSensitive(in, "tags");
	add = cJSON_GetObjectItemCaseSensitive(in, "additional_tags");
	rm = cJSON_GetObjectItemCaseSensitive(in, "remove_tags");
	if ((tags != NULL && !emu_json_is_strings(tags)) || (add != NULL &&
	    !emu_json_is_strings(add)) || (rm != NULL && !emu_json_is_strings(rm))) {
		emu_zd_invalid(resp, "tags", "Tags: must be a list of strings");
		return -1;
	}
	sj = cJSON_GetObjectItemCaseSensitive(in, "subject");
	if (sj != NULL && !cJSON_IsString(sj)) {
		emu_zd_invalid(resp, "subject", "Subject: is not valid");
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
			emu_zd_invalid(resp, "base",
			    "Comment: body or html_body is required");
			return -1;
		}
		r = emu_json_get_id(cm, "author_id", &author);
		if (r < 0 || (r > 0 && (author == 0 ||
		    emu_data_user(author) == NULL))) {
			emu_zd_invalid(resp, "base", "Comment: author is invalid");
			return -1;
		}
		if (r == 0)
			author = emu_db.me->id;
		if (t->nnotes >= ZD_MAX_COMMENTS) {
			emu_zd_invalid(resp, "base",
			    "Comment: the ticket has reached the limit of "
			    "5000 comments");
			return -1;
		}
	}

	/* Everything is valid: apply and record the events. */
	if (sj != NULL && strcmp(sj->valuestring, t->subject) != 0) {
		if (events != NULL)
			emu_zd_audit_change(events, "subject",
			    cJSON_CreateString(sj->valuestring),
			    cJSON_CreateString(t->subject));
		free(t->subject);
		t->subject = xstrdup(sj->valuestring);
		*changed = 1;
	}
	if (requester >= 0 && requester != t->requester_id) {
		if (events != NULL)
			emu_zd_audit_change(events, "requester_id",
			    emu_json_id_value(requester),
			    emu_json_id_value(t->requester_id));
		t->requester_id = requester;
		*changed = 1;
	}
	if (assignee >= 0 && assignee != t->assignee_id) {
		if (events != NULL)
			emu_zd_audit_change(events, "assignee_id",
			    emu_json_id_value(assignee),
			    emu_json_id_value(t->assignee_id));
		t->assignee_id = assignee;
		*changed = 1;
		/* An assigned new ticket becomes open, as in Zendesk. */
		if (status < 0 && t->status == EMU_ST_NEW && assignee != 0)
			status = EMU_ST_OPEN;
	}
	if (group >= 0 && group != t->group_id) {
		if (events != NULL)
			emu_zd_audit_change(events, "group_id", emu_json_id_value(group),
			    emu_json_id_value(t->group_id));
		t->group_id = group;
		*changed = 1;
	}
	if (status >= 0 && status != (int)t->status) {
		if (events != NULL)
			emu_zd_audit_change(events, "status",
			    cJSON_CreateString(emu_zd_status[status]),
			    cJSON_CreateString(emu_zd_status[t->status]));
		emu_data_set_status(t, (enum emu_status)status);
		*changed = 1;
	}
	if (prio >= 0 && prio != (int)t->priority) {
		if (events != NULL)
			emu_zd_audit_change(events, "priority",
			    emu_json_str_value(emu_zd_priority[prio]),
			    emu_json_str_value(emu_zd_priority[t->priority]));
		t->priority = (enum emu_priority)prio;
		*changed = 1;
	}
	if (type >= 0 && (emu_zd_types[type] == NULL ? t->type != NULL :
	    (t->type == NULL || strcmp(t->type, emu_zd_types[type]) != 0))) {
		if (events != NULL)
			emu_zd_audit_change(events, "type",
			    emu_json_str_value(emu_zd_types[type]),
			    emu_json_str_value(t->type));
		free(t->type);
		t->type = xstrdup_opt(emu_zd_types[type]);
		*changed = 1;
	}
	if (tags != NULL || add != NULL || rm != NULL) {
		v = emu_json_strv(t->tags, t->ntags);
		if (tags != NULL)
			emu_json_set_tags(t, tags);
		cJSON_ArrayForEach(e, add)
			emu_data_add_tag(t, e->valuestring);
		cJSON_ArrayForEach(e, rm)
			emu_data_remove_tag(t, e->valuestring);
		e = emu_json_strv(t->tags, t->ntags);
		if (cJSON_Compare(v, e, 1)) {
			cJSON_Delete(v);
			cJSON_Delete(e);
		} else {
			if (events != NULL)
				emu_zd_audit_change(events, "tags", e, v);
			else {
				cJSON_Delete(v);
				cJSON_Delete(e);
			}
			*changed = 1;
		}
	}
	if (cm != NULL) {
		note = emu_data_note_add(t, author, pub == NULL ||
		    cJSON_IsTrue(pub) ? EMU_NOTE_REPLY : EMU_NOTE_NOTE,
		    pub == NULL || cJSON_IsTrue(pub),
		    cJSON_IsString(body) ? body->valuestring :
		    html->valuestring,
		    cJSON_IsString(html) ? html->valuestring : NULL);
		u = emu_data_user(author);
		if (u != NULL && u->role == EMU_END_USER)
			note->incoming = 1;
		if (events != NULL) {
			e = emu_zd_comment_json(t, note);
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
cJSON *
emu_zd_body_ticket(struct emu_req *req, struct emu_resp *resp, cJSON **root)
{
	cJSON	*t;

	*root = cJSON_ParseWithLength(req->body != NULL ? req->body : "",
	    req->body_len);
	if (*root == NULL) {
		emu_zd_error(resp, 400, "InvalidJSON",
		    "The request body is not valid JSON");
		return NULL;
	}
	t = cJSON_GetObjectItemCaseSensitive(*root, "ticket");
	if (!cJSON_IsObject(t)) {
		cJSON_Delete(*root);
		*root = NULL;
		emu_zd_error(resp, 400, "InvalidParameter",
		    "The request body must be a ticket object");
		return NULL;
	}
	return t;
}
/*
 * Refuse a write to a closed ticket (422), or one whose safe_update
 * stamp is stale (409, OAS "Safe Update"); 0 when the write may go on.
 */
static int
zd_refused(struct emu_ticket *t, cJSON *in, struct emu_resp *resp)
{
	cJSON	*stamp;
	char	 ts[32];

	stamp = cJSON_GetObjectItemCaseSensitive(in, "updated_stamp");
	if (emu_json_true(cJSON_GetObjectItemCaseSensitive(in,
	    "safe_update"))) {
		emu_time_iso(t->updated, ts, sizeof ts);
		if (!cJSON_IsString(stamp) || strcmp(stamp->valuestring,
		    ts) != 0) {
			emu_zd_error(resp, 409, "UpdateConflict",
			    "Safe Update prevented the update due to "
			    "outdated ticket data. Please fetch the latest "
			    "ticket data and try again.");
			return -1;
		}
	}
	if (t->status == EMU_ST_CLOSED) {
		emu_zd_invalid(resp, "status",
		    "Status: closed prevents ticket update");
		return -1;
	}
	return 0;
}

/* PUT /api/v2/tickets/{id}: update, note, safe_update. */
void
emu_zd_ticket_update(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t = req->ticket;
	cJSON			*root, *in, *audit, *events, *out;
	char			 ts[32];
	int			 changed;

	in = emu_zd_body_ticket(req, resp, &root);
	if (in == NULL)
		return;
	if (zd_refused(t, in, resp) != 0) {
		cJSON_Delete(root);
		return;
	}
	audit = emu_zd_audit_new(t, &events);
	if (emu_zd_apply(t, in, resp, events, &changed, NULL) != 0) {
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
	cJSON_AddItemToObject(out, "ticket", emu_zd_ticket_json(req, t));
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
void
emu_zd_ticket_tags(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t = req->ticket;
	cJSON			*root, *tags, *patch, *out;
	const char		*key;
	int			 changed;

	root = cJSON_ParseWithLength(req->body != NULL ? req->body : "",
	    req->body_len);
	tags = cJSON_GetObjectItemCaseSensitive(root, "tags");
	if (!emu_json_is_strings(tags)) {
		cJSON_Delete(root);
		emu_zd_error(resp, 400, "InvalidParameter",
		    "tags must be a list of strings");
		return;
	}
	if (zd_refused(t, root, resp) != 0) {
		cJSON_Delete(root);
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
	if (emu_zd_apply(t, patch, resp, NULL, &changed, NULL) != 0) {
		cJSON_Delete(patch);
		return;
	}
	cJSON_Delete(patch);
	if (changed) {
		emu_data_touch(t);
		resp->write = 1;
	}
	out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "tags", emu_json_strv(t->tags, t->ntags));
	emu_resp_json(resp, strcmp(req->method, "POST") == 0 ? 201 : 200,
	    out);
}
/* Create a ticket from a ticket object; 0 or -1 with resp set. */
int
emu_zd_create(struct emu_req *req, cJSON *in, struct emu_resp *resp,
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
		emu_zd_invalid(resp, "base", "Description: cannot be blank");
		return -1;
	}
	rq = cJSON_GetObjectItemCaseSensitive(in, "requester");
	if (cJSON_IsObject(rq)) {
		nm = cJSON_GetObjectItemCaseSensitive(rq, "name");
		em = cJSON_GetObjectItemCaseSensitive(rq, "email");
		if (!cJSON_IsString(em) || strchr(em->valuestring, '@') ==
		    NULL) {
			emu_zd_invalid(resp, "requester",
			    "Requester: Email is not properly formatted");
			return -1;
		}
		u = emu_data_user_add(cJSON_IsString(nm) ? nm->valuestring :
		    em->valuestring, em->valuestring);
		rid = u->id;
	} else if (emu_json_get_id(in, "requester_id", &rid) <= 0 || rid == 0 ||
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
	t->status = EMU_ST_NEW;
	copy = cJSON_Duplicate(in, 1);
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "subject");
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "requester_id");
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "requester");
	/* The first comment is the requester's description. */
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "comment");
	if (emu_zd_apply(t, copy, resp, NULL, &changed, NULL) != 0) {
		cJSON_Delete(copy);
		t->deleted = 1;
		return -1;
	}
	cJSON_Delete(copy);
	if (st == NULL && t->assignee_id != 0)
		t->status = EMU_ST_OPEN;
	t->status_at = t->created;
	emu_data_note_add(t, rid, EMU_NOTE_REPLY, 1, t->description,
	    cJSON_IsString(html) ? html->valuestring : NULL)->incoming =
	    u != NULL || rid != emu_db.me->id;
	t->created = t->updated;
	*out = t;
	return 0;
}
/* POST /api/v2/tickets: 201 with Location, ticket and audit. */
void
emu_zd_ticket_create(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t;
	cJSON			*root, *in, *out, *audit, *events;

	in = emu_zd_body_ticket(req, resp, &root);
	if (in == NULL)
		return;
	if (emu_zd_create(req, in, resp, &t) != 0) {
		cJSON_Delete(root);
		return;
	}
	cJSON_Delete(root);
	resp->write = 1;
	audit = emu_zd_audit_new(t, &events);
	cJSON_AddItemToArray(events, emu_zd_comment_json(t, t->notes[0]));
	out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "ticket", emu_zd_ticket_json(req, t));
	cJSON_AddItemToObject(out, "audit", audit);
	emu_resp_header(resp, "Location", "http://%s/api/v2/tickets/%lld.json",
	    req->host, (long long)t->id);
	emu_resp_json(resp, 201, out);
}
/* Admin path: patch with Zendesk field names, bypassing safe_update. */
int
emu_zd_admin_patch(struct emu_req *req, struct emu_ticket *t, cJSON *in,
    struct emu_resp *resp)
{
	cJSON	*inner;
	int	 changed;

	inner = cJSON_GetObjectItemCaseSensitive(in, "ticket");
	if (cJSON_IsObject(inner))
		in = inner;
	return emu_zd_apply(t, in, resp, NULL, &changed, NULL);
}
/* Admin path: create a ticket from a Zendesk ticket object. */
int
emu_zd_admin_new(struct emu_req *req, cJSON *in, struct emu_resp *resp,
    struct emu_ticket **out)
{
	cJSON	*inner;

	inner = cJSON_GetObjectItemCaseSensitive(in, "ticket");
	if (cJSON_IsObject(inner))
		in = inner;
	return emu_zd_create(req, in, resp, out);
}
