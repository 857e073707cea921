/*
 * Freshdesk writes for tix-emu: request bodies (Content-Type and JSON
 * checks), ticket fields validated whole before anything changes (with
 * Freshdesk's 400 "Validation failed" errors), ticket creation, and
 * replies and notes.
 */

#include "config.h"

#include "tests/emulators/emu.h"
#include "tests/emulators/emu_fd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The neutral status of a Freshdesk status number (2 to 5). */
enum emu_status
emu_fd_status_from(int v)
{
	switch (v) {
	case 3:
		return EMU_ST_PENDING;
	case 4:
		return EMU_ST_SOLVED;
	case 5:
		return EMU_ST_CLOSED;
	default:
		return EMU_ST_OPEN;
	}
}

/* Parse a JSON object body; NULL with resp set. */
cJSON *
emu_fd_body(struct emu_req *req, struct emu_resp *resp)
{
	const char	*ct;
	cJSON		*in;
	char		*msg;

	ct = emu_req_header(req, "Content-Type");
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0) {
		msg = xasprintf("Content-Type header is set to %s. It should "
		    "be set to application/json", ct != NULL ? ct : "");
		emu_fd_coded(resp, 415, "invalid_content_type", msg);
		free(msg);
		return NULL;
	}
	in = cJSON_ParseWithLength(req->body != NULL ? req->body : "",
	    req->body_len);
	if (!cJSON_IsObject(in)) {
		cJSON_Delete(in);
		emu_fd_coded(resp, 400, "invalid_json",
		    "Request body has invalid json format");
		return NULL;
	}
	return in;
}
/* Check an integer field against [lo, hi]; adds an error when bad. */
static int
emu_fd_check_int(cJSON *errors, cJSON *v, const char *field, int lo, int hi,
    const char *values)
{
	char	*msg;

	if (!cJSON_IsNumber(v)) {
		emu_fd_error_add(errors, field, cJSON_IsString(v) ?
		    "Value set is of type String.It should be a/an Integer" :
		    "It should be a/an Integer", "datatype_mismatch");
		return -1;
	}
	if (v->valuedouble < lo || v->valuedouble > hi ||
	    v->valuedouble != (double)v->valueint) {
		msg = xasprintf("It should be one of these values: '%s'",
		    values);
		emu_fd_error_add(errors, field, msg, "invalid_value");
		free(msg);
		return -1;
	}
	return 0;
}
/* Is v null or an id accepted by ok()? */
static int
emu_fd_check_id(cJSON *errors, cJSON *v, const char *field, int agent)
{
	int64_t		 id;
	struct emu_user	*u;
	char		*msg;

	if (cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 1) {
		emu_fd_error_add(errors, field, "It should be a/an Positive "
		    "Integer", "datatype_mismatch");
		return -1;
	}
	id = (int64_t)v->valuedouble;
	u = agent ? emu_data_user(id) : NULL;
	if (agent ? u == NULL || u->role == EMU_END_USER :
	    emu_data_group(id) == NULL) {
		msg = xasprintf("There is no %s matching the given %s",
		    agent ? "agent" : "group", field);
		emu_fd_error_add(errors, field, msg, "invalid_value");
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
int
emu_fd_apply(struct emu_ticket *t, cJSON *in, struct emu_resp *resp, int create)
{
	static const char *const	 known[] = {
		"status", "priority", "type", "responder_id", "group_id",
		"tags", "subject", "description", "requester_id", "email",
		"name", "source", "custom_fields", "due_by", "fr_due_by",
		"product_id", "company_id", "cc_emails", NULL
	};
	cJSON				*errors, *v, *e;
	size_t				 i;
	int				 ok;

	errors = cJSON_CreateArray();
	cJSON_ArrayForEach(v, in) {
		for (i = 0; known[i] != NULL; i++) {
			if (strcmp(v->string, known[i]) == 0)
				break;
		}
		if (known[i] == NULL || (!create && (strcmp(v->string,
		    "email") == 0 || strcmp(v->string, "name") == 0)))
			emu_fd_error_add(errors, v->string,
			    "Unexpected/invalid field in request",
			    "invalid_field");
	}
	v = cJSON_GetObjectItemCaseSensitive(in, "status");
	if (v != NULL)
		emu_fd_check_int(errors, v, "status", 2, 5, "2,3,4,5");
	v = cJSON_GetObjectItemCaseSensitive(in, "priority");
	if (v != NULL)
		emu_fd_check_int(errors, v, "priority", 1, 4, "1,2,3,4");
	v = cJSON_GetObjectItemCaseSensitive(in, "source");
	if (v != NULL)
		emu_fd_check_int(errors, v, "source", 1, 10,
		    "1,2,3,5,6,7,9,11,10");
	v = cJSON_GetObjectItemCaseSensitive(in, "type");
	if (v != NULL &&
	    !cJSON_IsNull(v)) {
		ok = 0;
		for (i = 0; cJSON_IsString(v) && emu_fd_types[i] != NULL;
		    i++) {
			if (strcmp(v->valuestring, emu_fd_types[i]) == 0)
				ok = 1;
		}
		if (!ok)
			emu_fd_error_add(errors, "type", "It should be one of "
			    "these values: 'Question,Incident,Problem,"
			    "Feature Request,Refund'", "invalid_value");
	}
	v = cJSON_GetObjectItemCaseSensitive(in, "responder_id");
	if (v != NULL)
		emu_fd_check_id(errors, v, "responder_id", 1);
	v = cJSON_GetObjectItemCaseSensitive(in, "group_id");
	if (v != NULL)
		emu_fd_check_id(errors, v, "group_id", 0);
	v = cJSON_GetObjectItemCaseSensitive(in, "tags");
	if (v != NULL) {
		ok = cJSON_IsArray(v);
		cJSON_ArrayForEach(e, v) {
			if (!cJSON_IsString(e))
				ok = 0;
		}
		if (!ok)
			emu_fd_error_add(errors, "tags", "It should be a/an Array "
			    "of Strings", "datatype_mismatch");
	}
	v = cJSON_GetObjectItemCaseSensitive(in, "subject");
	if (v != NULL &&
	    !cJSON_IsString(v))
		emu_fd_error_add(errors, "subject", "It should be a/an String",
		    "datatype_mismatch");
	v = cJSON_GetObjectItemCaseSensitive(in, "description");
	if (v != NULL && !cJSON_IsString(v))
		emu_fd_error_add(errors, "description", "It should be a/an String",
		    "datatype_mismatch");
	if (cJSON_GetArraySize(errors) > 0) {
		emu_fd_validation(resp, errors);
		return -1;
	}
	cJSON_Delete(errors);

	v = cJSON_GetObjectItemCaseSensitive(in, "status");
	if (v != NULL)
		emu_data_set_status(t, emu_fd_status_from(v->valueint));
	v = cJSON_GetObjectItemCaseSensitive(in, "priority");
	if (v != NULL)
		t->priority = (enum emu_priority)v->valueint;
	v = cJSON_GetObjectItemCaseSensitive(in, "source");
	if (v != NULL)
		t->source = v->valueint;
	v = cJSON_GetObjectItemCaseSensitive(in, "type");
	if (v != NULL) {
		free(t->type);
		t->type = cJSON_IsNull(v) ? NULL : xstrdup(v->valuestring);
	}
	v = cJSON_GetObjectItemCaseSensitive(in, "responder_id");
	if (v != NULL)
		t->assignee_id = cJSON_IsNull(v) ? 0 :
		    (int64_t)v->valuedouble;
	v = cJSON_GetObjectItemCaseSensitive(in, "group_id");
	if (v != NULL)
		t->group_id = cJSON_IsNull(v) ? 0 : (int64_t)v->valuedouble;
	v = cJSON_GetObjectItemCaseSensitive(in, "tags");
	if (v != NULL)
		emu_json_set_tags(t, v);
	v = cJSON_GetObjectItemCaseSensitive(in, "subject");
	if (v != NULL) {
		free(t->subject);
		t->subject = xstrdup(v->valuestring);
	}
	v = cJSON_GetObjectItemCaseSensitive(in, "description");
	if (v != NULL) {
		/* HTML as given; description_text breaks its lines. */
		free(t->description);
		free(t->description_html);
		t->description_html = xstrdup(v->valuestring);
		t->description = emu_fd_html_render(v->valuestring, '\n');
	}
	return 0;
}
/* Create a ticket; 0, or -1 with resp set. */
int
emu_fd_create(cJSON *in, struct emu_resp *resp, struct emu_ticket **out)
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
			emu_fd_error_add(errors, "requester_id", "There is no "
			    "contact matching the given requester_id",
			    "invalid_value");
	} else if (cJSON_IsString(em)) {
		if (strchr(em->valuestring, '@') == NULL)
			emu_fd_error_add(errors, "email", "It should be a valid "
			    "email address", "invalid_value");
	} else
		emu_fd_error_add(errors, "requester_id", "Please fill at least 1 "
		    "of email, mobile, phone, twitter_id, unique_external_id,"
		    " requester_id fields", "missing_field");
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(in, "subject")))
		emu_fd_error_add(errors, "subject", "It should be a/an String",
		    "missing_field");
	if (cJSON_GetArraySize(errors) > 0) {
		emu_fd_validation(resp, errors);
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
	t->status = EMU_ST_OPEN;
	t->status_at = t->created;
	t->priority = EMU_PRIO_LOW;
	t->source = 2;
	t->subject = xstrdup("");
	t->description = xstrdup("");
	if (emu_fd_apply(t, in, resp, 1) != 0) {
		t->deleted = 1;
		return -1;
	}
	emu_data_touch(t);
	t->created = t->updated;
	*out = t;
	return 0;
}
/* POST /api/v2/tickets/{id}/reply or /notes. */
void
emu_fd_add_note(struct emu_req *req, struct emu_resp *resp, int note)
{
	struct emu_ticket	*t = req->ticket;
	cJSON		*in, *body, *priv, *user, *inc;
	char		*text;
	int64_t		 uid;
	struct emu_note	*n;
	struct emu_user	*u;

	in = emu_fd_body(req, resp);
	if (in == NULL)
		return;
	body = cJSON_GetObjectItemCaseSensitive(in, "body");
	priv = cJSON_GetObjectItemCaseSensitive(in, "private");
	user = cJSON_GetObjectItemCaseSensitive(in, "user_id");
	inc = cJSON_GetObjectItemCaseSensitive(in, "incoming");
	if (!cJSON_IsString(body) || *body->valuestring == '\0') {
		cJSON_Delete(in);
		emu_fd_invalid(resp, "body", "It should be a/an String",
		    "missing_field");
		return;
	}
	if ((priv != NULL && !cJSON_IsBool(priv)) || (inc != NULL &&
	    !cJSON_IsBool(inc))) {
		cJSON_Delete(in);
		emu_fd_invalid(resp, priv != NULL && !cJSON_IsBool(priv) ?
		    "private" : "incoming", "It should be a/an Boolean",
		    "datatype_mismatch");
		return;
	}
	if (!note && priv != NULL) {
		cJSON_Delete(in);
		emu_fd_invalid(resp, "private", "Unexpected/invalid field in "
		    "request", "invalid_field");
		return;
	}
	uid = emu_db.me->id;
	if (user != NULL) {
		u = cJSON_IsNumber(user) ? emu_data_user(
		    (int64_t)user->valuedouble) : NULL;
		if (u == NULL) {
			cJSON_Delete(in);
			emu_fd_invalid(resp, "user_id", "There is no contact or "
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
	text = emu_fd_html_render(body->valuestring, '\n');
	n = emu_data_note_add(t, uid, note ? EMU_NOTE_NOTE : EMU_NOTE_REPLY,
	    note ? cJSON_IsFalse(priv) : 1, text, body->valuestring);
	free(text);
	n->incoming = cJSON_IsTrue(inc);
	resp->write = 1;
	cJSON_Delete(in);
	emu_resp_json(resp, 201, emu_fd_conversation_json(t, n));
}
/* Admin path: patch with Freshdesk field names. */
int
emu_fd_admin_patch(struct emu_req *req, struct emu_ticket *t, cJSON *in,
    struct emu_resp *resp)
{
	return emu_fd_apply(t, in, resp, 0);
}
/* Admin path: create a ticket as POST /api/v2/tickets would. */
int
emu_fd_admin_new(struct emu_req *req, cJSON *in, struct emu_resp *resp,
    struct emu_ticket **out)
{
	return emu_fd_create(in, resp, out);
}
