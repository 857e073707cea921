/*
 * The admin path (/__emu/...), for tests only: served to 127.0.0.1
 * alone, without authentication, never faulted or rate limited.  It
 * reads and writes the data set in each platform's own field names
 * through the platform's admin callbacks, and counts requests per
 * "METHOD /path" for GET /__emu/stats.
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hashmap.h"

/* Request counts (unsigned long *) per "METHOD /path". */
static struct hashmap	stats_counts;

/* Count one request under "METHOD /path". */
void
emu_stats_count(const char *method, const char *path)
{
	unsigned long	*n;
	char		*key;

	key = xasprintf("%s %s", method, path);
	n = hashmap_get(&stats_counts, key);
	if (n == NULL) {
		n = xcalloc(1, sizeof *n);
		hashmap_put(&stats_counts, key, n);
	}
	(*n)++;
	free(key);
}

/* GET /__emu/stats: counts for tests to assert on. */
static void
admin_stats(struct emu_resp *resp)
{
	cJSON			*root, *o, *t;
	struct hashmap_iter	 it;
	struct hashmap_entry	 e;
	struct emu_ticket	*tk;
	unsigned long		 added = 0, dup = 0;
	char			 key[32], ts[32];
	size_t			 i;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "provider", emu_db.platform->name);
	cJSON_AddNumberToObject(root, "requests_total",
	    (double)emu_stats.requests);
	cJSON_AddNumberToObject(root, "api_requests", (double)emu_stats.api);
	cJSON_AddNumberToObject(root, "writes", (double)emu_stats.writes);
	o = cJSON_AddObjectToObject(root, "requests");
	hashmap_iter_init(&stats_counts, &it);
	while (hashmap_next(&stats_counts, &it, &e))
		cJSON_AddNumberToObject(o, e.key,
		    (double)*(const unsigned long *)e.value);
	o = cJSON_AddObjectToObject(root, "faults");
	cJSON_AddNumberToObject(o, "429", (double)emu_stats.f429);
	cJSON_AddNumberToObject(o, "5xx", (double)emu_stats.f5xx);
	cJSON_AddNumberToObject(o, "slow", (double)emu_stats.fslow);
	cJSON_AddNumberToObject(o, "drop", (double)emu_stats.fdrop);
	cJSON_AddNumberToObject(o, "truncate", (double)emu_stats.ftrunc);
	cJSON_AddNumberToObject(o, "invalid_json", (double)emu_stats.finvalid);
	cJSON_AddNumberToObject(o, "drop_after_write",
	    (double)emu_stats.fdrop_write);
	cJSON_AddNumberToObject(o, "5xx_after_write",
	    (double)emu_stats.f5xx_write);
	cJSON_AddNumberToObject(o, "truncate_after_write",
	    (double)emu_stats.ftrunc_write);
	cJSON_AddNumberToObject(o, "rate_limited",
	    (double)emu_stats.rate_limited);
	o = cJSON_AddObjectToObject(root, "tickets");
	for (i = 0; i < emu_db.ntickets; i++) {
		tk = emu_db.tickets[i];
		added += tk->notes_added;
		dup += tk->notes_dup;
		if (!tk->touched)
			continue;
		xsnprintf(key, sizeof key, "%lld", (long long)tk->id);
		t = cJSON_AddObjectToObject(o, key);
		cJSON_AddNumberToObject(t, "notes", (double)tk->nnotes);
		cJSON_AddNumberToObject(t, "notes_added",
		    (double)tk->notes_added);
		cJSON_AddNumberToObject(t, "duplicate_notes",
		    (double)tk->notes_dup);
		cJSON_AddBoolToObject(t, "deleted", tk->deleted);
		cJSON_AddStringToObject(t, "updated_at",
		    emu_time_iso(tk->updated, ts, sizeof ts));
	}
	cJSON_AddNumberToObject(root, "ticket_count", (double)emu_db.ntickets);
	cJSON_AddNumberToObject(root, "notes_added", (double)added);
	cJSON_AddNumberToObject(root, "duplicate_notes", (double)dup);
	emu_resp_json(resp, 200, root);
}

/* An admin-path error. */
static void
admin_error(struct emu_resp *resp, unsigned status, const char *msg)
{
	cJSON	*root;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "error", msg);
	emu_resp_json(resp, status, root);
}

/* The admin path's ticket view: the ticket and its whole thread. */
static void
admin_ticket_show(struct emu_req *req, struct emu_ticket *t,
    struct emu_resp *resp, unsigned status)
{
	cJSON	*root, *a;
	size_t	 i;

	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "ticket", emu_db.platform->ticket_json(req, t));
	cJSON_AddBoolToObject(root, "deleted", t->deleted);
	a = cJSON_AddArrayToObject(root, "notes");
	for (i = 0; i < t->nnotes; i++)
		cJSON_AddItemToArray(a, emu_db.platform->note_json(t, t->notes[i]));
	emu_resp_json(resp, status, root);
}

/* POST /__emu/tickets/{id}/notes: a note "as another agent". */
static void
admin_note(struct emu_req *req, struct emu_ticket *t, cJSON *in,
    struct emu_resp *resp)
{
	cJSON			*body, *html, *pub, *priv, *author, *kind;
	int64_t			 author_id;
	int			 public;
	enum emu_note_kind	 k;
	struct emu_note		*n;

	body = cJSON_GetObjectItemCaseSensitive(in, "body");
	html = cJSON_GetObjectItemCaseSensitive(in, "html_body");
	pub = cJSON_GetObjectItemCaseSensitive(in, "public");
	priv = cJSON_GetObjectItemCaseSensitive(in, "private");
	author = cJSON_GetObjectItemCaseSensitive(in, "author_id");
	if (author == NULL)
		author = cJSON_GetObjectItemCaseSensitive(in, "user_id");
	kind = cJSON_GetObjectItemCaseSensitive(in, "kind");
	if (!cJSON_IsString(body)) {
		admin_error(resp, 400, "body: string required");
		return;
	}
	public = 0;
	if (cJSON_IsBool(pub))
		public = cJSON_IsTrue(pub);
	else if (cJSON_IsBool(priv))
		public = !cJSON_IsTrue(priv);
	author_id = emu_data_other_agent()->id;
	if (cJSON_IsNumber(author)) {
		author_id = (int64_t)author->valuedouble;
		if (emu_data_user(author_id) == NULL) {
			admin_error(resp, 400, "author_id: no such user");
			return;
		}
	}
	k = cJSON_IsString(kind) && strcmp(kind->valuestring, "reply") ==
	    0 ? EMU_NOTE_REPLY : EMU_NOTE_NOTE;
	n = emu_data_note_add(t, author_id, k, public, body->valuestring,
	    cJSON_IsString(html) ? html->valuestring : NULL);
	if (emu_data_user(author_id)->role == EMU_END_USER)
		n->incoming = 1;
	emu_resp_json(resp, 201, emu_db.platform->note_json(t, n));
}

/* The admin path: /__emu/... ; called with the lock held. */
void
emu_admin_serve(struct emu_req *req, struct emu_resp *resp)
{
	struct emu_ticket	*t = NULL;
	cJSON			*in = NULL;
	int64_t			 id;

	if (req->body_len > 0) {
		in = cJSON_ParseWithLength(req->body, req->body_len);
		if (in == NULL || !cJSON_IsObject(in)) {
			admin_error(resp, 400, "body: invalid JSON object");
			goto out;
		}
	}
	if (req->nseg == 2 && strcmp(req->seg[1], "stats") == 0) {
		if (strcmp(req->method, "GET") == 0)
			admin_stats(resp);
		else if (strcmp(req->method, "DELETE") == 0) {
			emu_stats_free();
			emu_resp_text(resp, 204, NULL, NULL);
		} else
			admin_error(resp, 405, "GET or DELETE");
		goto out;
	}
	if (req->nseg < 2 || strcmp(req->seg[1], "tickets") != 0) {
		admin_error(resp, 404, "no such admin path");
		goto out;
	}
	if (req->nseg == 2) {
		if (strcmp(req->method, "POST") != 0) {
			admin_error(resp, 405, "POST");
			goto out;
		}
		if (in == NULL)
			in = cJSON_CreateObject();
		if (emu_db.platform->ticket_new(req, in, resp, &t) == 0)
			admin_ticket_show(req, t, resp, 201);
		goto out;
	}
	t = emu_parse_int64(req->seg[2], &id) == 0 ? emu_data_ticket(id) :
	    NULL;
	if (t == NULL) {
		admin_error(resp, 404, "no such ticket");
		goto out;
	}
	if (req->nseg == 3 && strcmp(req->method, "GET") == 0)
		admin_ticket_show(req, t, resp, 200);
	else if (req->nseg == 3 && strcmp(req->method, "DELETE") == 0) {
		t->deleted = 1;
		emu_data_touch(t);
		emu_resp_text(resp, 204, NULL, NULL);
	} else if (req->nseg == 3 && (strcmp(req->method, "POST") == 0 ||
	    strcmp(req->method, "PUT") == 0)) {
		if (in == NULL)
			admin_error(resp, 400, "body: JSON object required");
		else if (emu_db.platform->ticket_patch(req, t, in, resp) == 0) {
			emu_data_touch(t);
			admin_ticket_show(req, t, resp, 200);
		}
	} else if (req->nseg == 4 && strcmp(req->seg[3], "notes") == 0 &&
	    strcmp(req->method, "POST") == 0) {
		if (in == NULL)
			admin_error(resp, 400, "body: JSON object required");
		else
			admin_note(req, t, in, resp);
	} else
		admin_error(resp, 404, "no such admin path");
out:
	cJSON_Delete(in);
}

/* Free (and so reset) the per-path request counts. */
void
emu_stats_free(void)
{
	hashmap_done(&stats_counts, free);
}

