/*
 * The REST kit's writes (see rest.h): a note added once, a ticket
 * changed by the descriptor's patch map, and the updated_at stamps a
 * platform's collision guard needs.
 */

#include "config.h"

#include "providers/rest.h"
#include "providers/rest_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/field.h"
#include "core/hashmap.h"
#include "core/html.h"
#include "core/log.h"
#include "core/text.h"
#include "core/xmalloc.h"

void
rest_stamps_note(struct rest *r, struct record *const *records, size_t n)
{
	int64_t	*t;

	if (r->pf->update.guard == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		if (records[i]->kind != TIX_KIND_TICKET ||
		    records[i]->u.ticket.updated_at == 0)
			continue;
		t = xmalloc(sizeof *t);
		*t = records[i]->u.ticket.updated_at;
		free(hashmap_put(&r->stamps, records[i]->u.ticket.id, t));
	}
}

void
rest_stamp_forget(struct rest *r, const char *id)
{
	free(hashmap_remove(&r->stamps, id));
}

/* The object at path ("ticket.comment") under root, made as needed. */
static cJSON *
rest_object_at(cJSON *root, const char *path)
{
	const char	*dot;
	char		*name;
	cJSON		*o = root;

	while (path != NULL && *path != '\0') {
		dot = strchr(path, '.');
		name = dot != NULL ? xstrndup(path, (size_t)(dot - path)) :
		    xstrdup(path);
		o = cJSON_AddObjectToObject(o, name);
		free(name);
		path = dot != NULL ? dot + 1 : NULL;
	}
	return o;
}

enum tix_err
rest_note_body(const struct rest *r, const struct note *n, char **out,
    char **cause)
{
	const struct rest_note_write	*nw = &r->pf->note;
	cJSON				*root, *o;
	char				*html;
	enum tix_err			 err;

	*out = NULL;
	/* Never send what would not be shown: the session checks first. */
	err = text_check_out("the note", n->description, TEXT_MULTILINE,
	    cause);
	if (err != TIX_OK)
		return err;
	root = cJSON_CreateObject();
	o = rest_object_at(root, nw->object);
	if (nw->html) {
		err = html_from_text(n->description, TIX_MAX_NOTE, &html,
		    cause);
		if (err != TIX_OK) {
			cJSON_Delete(root);
			return err;
		}
		cJSON_AddStringToObject(o, nw->text, html);
		free(html);
	} else
		cJSON_AddStringToObject(o, nw->text, n->description);
	if (nw->public_flag != NULL)
		cJSON_AddBoolToObject(o, nw->public_flag, n->is_public);
	if (nw->private_flag != NULL && !n->is_public)
		cJSON_AddBoolToObject(o, nw->private_flag, 1);
	*out = rest_print(root);
	return TIX_OK;
}

enum tix_err
rest_create(struct account *a, const struct record *in, struct record **out,
    bool *maybe_sent, char **cause)
{
	const struct note		*n = &in->u.note;
	const struct rest_note_write	*nw;
	struct rest			*r;
	struct rest_reply		 reply;
	char				*path = NULL, *body = NULL;
	enum tix_err			 err;

	*out = NULL;
	*maybe_sent = false;
	memset(&reply, 0, sizeof reply);
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK)
		err = rest_check_note(r, in, cause);
	if (err == TIX_OK)
		err = rest_note_body(r, n, &body, cause);
	nw = r != NULL ? &r->pf->note : NULL;
	if (err == TIX_OK)
		err = rest_path_expand(r, n->is_public ? nw->path_public :
		    nw->path_internal, n->ticket_id, 0, 0, REST_SINCE_ISO,
		    &path, cause);
	if (err != TIX_OK)
		goto out;
	/* Sent once: the session looks before sending again. */
	err = rest_call(r, nw->method, path, body, false, &reply, cause);
	*maybe_sent = reply.maybe_sent;
	/* A note that may have arrived moved the ticket's stamp. */
	if (err == TIX_OK || reply.maybe_sent)
		rest_stamp_forget(r, n->ticket_id);
	if (err != TIX_OK)
		goto out;
	if (nw->read != NULL)
		err = nw->read(r, reply.root, n->ticket_id, out, cause);
	else
		err = rest_record_read(r, TIX_KIND_NOTE, nw->answer != NULL ?
		    rest_member(reply.root, nw->answer) : reply.root,
		    n->ticket_id, out, cause);
out:
	rest_reply_done(&reply);
	free(body);
	free(path);
	return err;
}

/* Write a level (a status or a priority) by the levels' write entries. */
static enum tix_err
rest_level_write(const struct rest *r, const struct rest_patch *pe,
    cJSON *o, int level, const char *label, char **cause)
{
	for (size_t i = 0; i < pe->nlevels; i++) {
		if (!pe->levels[i].write || pe->levels[i].level != level)
			continue;
		if (pe->levels[i].number != 0)
			cJSON_AddNumberToObject(o, pe->member,
			    (double)pe->levels[i].number);
		else
			cJSON_AddStringToObject(o, pe->member,
			    pe->levels[i].name);
		return TIX_OK;
	}
	if (pe->nullable && pe->bit == TIX_PATCH_PRIORITY &&
	    level == (int)TIX_PRIORITY_NONE) {
		cJSON_AddNullToObject(o, pe->member);
		return TIX_OK;
	}
	return tix_fail(cause, TIX_ERR_INVALID, "a %s ticket's %s cannot be "
	    "%s", r->pf->name, pe->member, label);
}

/* Write one patch field by its encoding. */
static enum tix_err
rest_patch_write(const struct rest *r, const struct rest_patch *pe,
    cJSON *o, const struct patch *p, char **cause)
{
	const struct field	*f = field_by_patch(pe->bit);
	const void		*v = (const char *)p + f->patch_off;
	const char		*s;
	const struct strv	*sv;
	cJSON			*arr;

	/* What is sent is what the agent saw: no controls, UTF-8 only. */
	if (f->type <= FIELD_REF && *(const char *const *)v != NULL &&
	    text_check_out(f->label, *(const char *const *)v, 0, cause) !=
	    TIX_OK)
		return TIX_ERR_INVALID;
	for (size_t i = 0; f->type == FIELD_STRV &&
	    i < ((const struct strv *)v)->n; i++) {
		if (text_check_out(f->label, ((const struct strv *)v)->v[i], 0,
		    cause) != TIX_OK)
			return TIX_ERR_INVALID;
	}
	if (pe->encode != NULL)
		return pe->encode(r, o, p, cause);
	switch (pe->enc) {
	case REST_ENC_LEVEL:
		if (pe->bit == TIX_PATCH_STATUS)
			return rest_level_write(r, pe, o, (int)p->status,
			    tix_status_name(p->status), cause);
		return rest_level_write(r, pe, o, (int)p->priority,
		    p->priority == TIX_PRIORITY_NONE ? "none" :
		    tix_priority_name(p->priority), cause);
	case REST_ENC_ID:
	case REST_ENC_STRING:
		s = *(const char *const *)v;
		if (s == NULL && !pe->nullable)
			return tix_fail(cause, TIX_ERR_INVALID, "a %s ticket "
			    "always has its %s", r->pf->name, f->label);
		if (s == NULL)
			cJSON_AddNullToObject(o, pe->member);
		else if (pe->enc == REST_ENC_STRING)
			cJSON_AddStringToObject(o, pe->member, s);
		else if (json_id_valid(s))
			cJSON_AddItemToObject(o, pe->member,
			    cJSON_CreateRaw(s));
		else
			return tix_fail(cause, TIX_ERR_INVALID, "%s %s ids "
			    "are numbers", r->pf->name, f->label);
		return TIX_OK;
	case REST_ENC_STRV:
		sv = v;
		arr = cJSON_AddArrayToObject(o, pe->member);
		for (size_t i = 0; i < sv->n; i++)
			cJSON_AddItemToArray(arr,
			    cJSON_CreateString(sv->v[i]));
		return TIX_OK;
	}
	return tix_fail(cause, TIX_ERR_INVALID, "%s: no way to write %s",
	    r->pf->name, f->label);
}

enum tix_err
rest_update_body(const struct rest *r, const struct patch *p,
    const struct ticket *cur, int64_t stamp, char **out, char **cause)
{
	const struct rest_update	*u = &r->pf->update;
	const struct rest_patch		*pe;
	cJSON				*root, *o;
	enum tix_err			 err = TIX_OK;

	*out = NULL;
	if ((p->fields & TIX_PATCH_ALL) == 0)
		return tix_fail(cause, TIX_ERR_INVALID, "nothing to change");
	root = cJSON_CreateObject();
	o = rest_object_at(root, u->object);
	for (size_t i = 0; i < u->npatch && err == TIX_OK; i++) {
		pe = &u->patch[i];
		if ((p->fields & pe->bit) == 0)
			continue;
		/*
		 * A status is a class: a ticket already in it keeps its own
		 * (an ACTIVE change leaves Pending be).
		 */
		if (pe->bit == TIX_PATCH_STATUS && cur != NULL &&
		    cur->status == p->status)
			continue;
		err = rest_patch_write(r, pe, o, p, cause);
	}
	if (err != TIX_OK || cJSON_GetArraySize(o) == 0) {
		cJSON_Delete(root);
		return err;
	}
	if (u->guard != NULL)
		u->guard(o, stamp);
	*out = rest_print(root);
	return TIX_OK;
}

/*
 * After a 409, or a failure that may have reached the platform: was the
 * change made?  core/http and libcurl resend a repeatable request whose
 * answer was lost, so a 409 may meet our own change; if the ticket now
 * holds what we asked, it is made.  Otherwise a 409 is someone else's
 * change, and any other failure stays what it was.
 */
static enum tix_err
rest_update_check(struct rest *r, const char *id, const struct patch *p,
    enum tix_err err, struct record **out, char **cause)
{
	struct record	*cur = NULL;

	if (rest_get_record(r, TIX_KIND_TICKET, id, &cur, NULL) == TIX_OK &&
	    patch_held(p, &cur->u.ticket)) {
		log_debug("%s %s: ticket %s holds the change after %s",
		    r->pf->name, r->account->name, id, tix_err_name(err));
		xfree(cause);
		*out = cur;
		return TIX_OK;
	}
	record_free(&cur);
	rest_stamp_forget(r, id);
	if (err != TIX_ERR_CONFLICT)
		return err;
	xfree(cause);
	return tix_fail(cause, TIX_ERR_CONFLICT, "someone else changed %s "
	    "ticket %s since it was loaded; the change was not made",
	    r->pf->name, id);
}

enum tix_err
rest_update(struct account *a, const char *id, const struct patch *p,
    struct record **out, bool *maybe_sent, char **cause)
{
	const struct rest_update	*u;
	struct rest			*r;
	struct rest_reply		 reply;
	struct record			*cur = NULL;
	const int64_t			*seen = NULL;
	char				*path = NULL, *body = NULL;
	enum tix_err			 err;

	*out = NULL;
	*maybe_sent = false;
	memset(&reply, 0, sizeof reply);
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK)
		err = rest_check_id(r, "ticket", id, cause);
	if (err != TIX_OK)
		return err;
	u = &r->pf->update;
	if (u->guard != NULL)
		seen = hashmap_get(&r->stamps, id);
	/* The ticket as it is: for the status class, or the guard's stamp. */
	if ((p->fields & TIX_PATCH_STATUS) || (u->guard != NULL &&
	    seen == NULL)) {
		err = rest_get_record(r, TIX_KIND_TICKET, id, &cur, cause);
		seen = u->guard != NULL ? hashmap_get(&r->stamps, id) : NULL;
	}
	if (err == TIX_OK)
		err = rest_update_body(r, p, cur != NULL ? &cur->u.ticket :
		    NULL, seen != NULL ? *seen : 0, &body, cause);
	if (err == TIX_OK && body == NULL) {
		/* Nothing left to change: the ticket as it is. */
		if (cur == NULL)
			err = rest_get_record(r, TIX_KIND_TICKET, id, &cur,
			    cause);
		*out = cur;
		cur = NULL;
		goto out;
	}
	if (err == TIX_OK)
		err = rest_path_expand(r, u->path, id, 0, 0, REST_SINCE_ISO,
		    &path, cause);
	if (err != TIX_OK)
		goto out;
	/* Setting fields is safe to repeat: core/http retries it. */
	err = rest_call(r, u->method, path, body, true, &reply, cause);
	if ((err == TIX_ERR_CONFLICT && u->guard != NULL) ||
	    (err != TIX_OK && reply.maybe_sent)) {
		err = rest_update_check(r, id, p, err, out, cause);
		/* Still unknown: the session reads it before going on. */
		*maybe_sent = err != TIX_OK && reply.maybe_sent;
		goto out;
	}
	if (err == TIX_OK)
		err = rest_record_read(r, TIX_KIND_TICKET, u->answer != NULL ?
		    rest_member(reply.root, u->answer) : reply.root, NULL, out,
		    cause);
	if (err == TIX_OK)
		rest_stamps_note(r, out, 1);
out:
	record_free(&cur);
	rest_reply_done(&reply);
	free(body);
	free(path);
	return err;
}
