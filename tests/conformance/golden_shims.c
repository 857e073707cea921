/*
 * The golden files' platforms, one row each, and the one shim that hands
 * a recorded answer to the REST kit (providers/rest.h) the way the
 * adapter's slot would: the platform's descriptor says which request it
 * answers.
 */

#include "config.h"

#include "tests/conformance/golden.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/hashmap.h"
#include "core/http.h"
#include "core/xmalloc.h"
#include "providers/rest.h"

static char			 golden_account_name[] = "golden";
static struct account		 golden_account = {
	.index = 1,
	.name = golden_account_name,
};

/*
 * Does path (its query cut off) fit the template's, a {placeholder}
 * standing for one path segment?
 */
static bool
golden_path_fits(const char *path, const char *tmpl)
{
	while (*tmpl != '\0' && *tmpl != '?') {
		if (*tmpl == '{') {
			tmpl = strchr(tmpl, '}') + 1;
			path += strcspn(path, "/?.");
			continue;
		}
		if (*path++ != *tmpl++)
			return false;
	}
	return *path == '\0' || *path == '?';
}

/*
 * How many of the template's fixed query arguments (no placeholder, not
 * the page number) path carries, or -1 when one is missing.
 */
static int
golden_args_fit(const char *path, const char *tmpl)
{
	const char	*q = strchr(tmpl, '?'), *amp;
	char		*arg;
	int		 n = 0;
	bool		 has;

	for (q = q != NULL ? q + 1 : NULL; q != NULL; q = amp) {
		amp = strchr(q, '&');
		arg = amp != NULL ? xstrndup(q, (size_t)(amp - q)) :
		    xstrdup(q);
		if (amp != NULL)
			amp++;
		if (strchr(arg, '{') != NULL || strncmp(arg, "page=", 5) == 0) {
			free(arg);
			continue;
		}
		has = strstr(path, arg) != NULL;
		free(arg);
		if (!has)
			return -1;
		n++;
	}
	return n;
}

/* The list of the platform that asked for path, or -1. */
static int
golden_list_of(const struct rest_platform *pf, const char *path)
{
	char	*plain, *p;
	int	 best = -1, most = -1, n;

	/* Recorded paths escape the brackets of page[size] and role[]. */
	plain = xstrdup(path);
	for (p = strchr(plain, '%'); p != NULL; p = strchr(p + 1, '%')) {
		if (strncmp(p, "%5B", 3) == 0 || strncmp(p, "%5D", 3) == 0) {
			*p = p[2] == 'B' ? '[' : ']';
			memmove(p + 1, p + 3, strlen(p + 3) + 1);
		}
	}
	for (size_t i = 0; i < pf->nlists; i++) {
		if (!golden_path_fits(plain, pf->lists[i].path))
			continue;
		n = golden_args_fit(plain, pf->lists[i].path);
		if (n > most) {
			most = n;
			best = (int)i;
		}
	}
	free(plain);
	return best;
}

/* The id after the path's first digits' start, for notes. */
static void
golden_path_id(const char *path, char id[JSON_ID_MAX])
{
	size_t	n;

	id[0] = '\0';
	path += strcspn(path, "0123456789");
	n = strspn(path, "0123456789");
	if (n > 0 && n < JSON_ID_MAX) {
		memcpy(id, path, n);
		id[n] = '\0';
	}
}

/* A single record, when there is one, into the page. */
static enum tix_err
golden_one(enum tix_err err, struct record **rec, struct page *out)
{
	if (err == TIX_OK)
		page_add(out, *rec);
	*rec = NULL;
	return err;
}

/* One answer, by the request it answers, as the kit's slots read it. */
static enum tix_err
golden_answer_read(struct golden_state *st, struct rest *r,
    const struct golden_answer *a, struct page *out, char **cause)
{
	const struct rest_platform	*pf = r->pf;
	struct rest_walk		 w;
	struct record			*rec = NULL;
	char				 id[JSON_ID_MAX], *next;
	int				 list;
	enum tix_err			 err;

	golden_path_id(a->path, id);
	if (strcmp(a->path, pf->me_path) == 0)
		return pf->me(a->body, st->me, cause);
	if (strcmp(a->method, "GET") != 0 && (golden_path_fits(a->path,
	    pf->note.path_public) || golden_path_fits(a->path,
	    pf->note.path_internal)) && (strcmp(a->method, pf->note.method) !=
	    0 || rest_member(a->request, pf->note.object != NULL ?
	    pf->note.object : pf->note.text) != NULL)) {
		if (pf->note.read != NULL)
			return golden_one(pf->note.read(r, a->body, id, &rec,
			    cause), &rec, out);
		return golden_one(rest_record_read(r, TIX_KIND_NOTE,
		    pf->note.answer != NULL ? rest_member(a->body,
		    pf->note.answer) : a->body, id, &rec, cause), &rec, out);
	}
	if (strcmp(a->method, "GET") != 0)
		return golden_one(rest_record_read(r, TIX_KIND_TICKET,
		    pf->update.answer != NULL ? rest_member(a->body,
		    pf->update.answer) : a->body, NULL, &rec, cause), &rec, out);
	for (int k = 0; k < TIX_KIND_COUNT; k++) {
		if (pf->kinds[k].get_path != NULL &&
		    golden_path_fits(a->path, pf->kinds[k].get_path) &&
		    (k != TIX_KIND_AGENT || st->me[0] == '\0'))
			return golden_one(rest_record_read(r,
			    (enum tix_kind)k, pf->kinds[k].get_member != NULL ?
			    rest_member(a->body, pf->kinds[k].get_member) :
			    a->body, NULL, &rec, cause), &rec, out);
	}
	list = golden_list_of(pf, a->path);
	if (list < 0)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED, "no %s request is "
		    "%s %s", pf->name, a->method, a->path);
	memset(&w, 0, sizeof w);
	w.list = (unsigned)list;
	w.path = xstrdup(a->path);
	w.ticket_id = id;
	next = a->link != NULL ? http_link_next(a->link) : NULL;
	err = rest_page_parse(r, &w, a->body, next, out, cause);
	free(next);
	free(w.path);
	return err;
}

/* Any platform on the kit: its state as the adapter would have it. */
static enum tix_err
golden_kit(const struct rest_platform *pf, struct golden_state *st,
    const struct golden_answer *a, struct page *out, char **cause)
{
	struct rest	 r;
	struct page	 fields;
	enum tix_err	 err;

	memset(&r, 0, sizeof r);
	r.pf = pf;
	r.account = &golden_account;
	r.web_base = xstrdup(st->web_base);
	hashset_init(&r.agents);
	hashmap_init(&r.stamps);
	xsnprintf(r.me, sizeof r.me, "%s", st->me);
	for (size_t i = 0; i < st->agents.n; i++)
		hashset_add(&r.agents, st->agents.v[i]);
	if (st->me[0] != '\0')
		hashset_add(&r.agents, st->me);
	/* The status names the account learnt from /ticket_fields. */
	memset(&fields, 0, sizeof fields);
	for (size_t i = 0; st->ticket_fields != NULL && i < pf->nlists; i++) {
		if (pf->lists[i].kind == TIX_KIND_CATEGORY &&
		    pf->lists[i].read != NULL)
			(void)pf->lists[i].read(&r, st->ticket_fields, &fields,
			    NULL);
	}
	page_done(&fields);
	if (strcmp(a->path, "/ticket_fields") == 0) {
		cJSON_Delete(st->ticket_fields);
		st->ticket_fields = cJSON_Duplicate(a->body, true);
	}
	err = golden_answer_read(st, &r, a, out, cause);
	for (size_t i = 0; err == TIX_OK && i < out->n; i++) {
		if (out->records[i]->kind == TIX_KIND_AGENT)
			strv_add(&st->agents, out->records[i]->u.agent.id);
	}
	rest_labels_set(&r, NULL, 0);
	hashset_done(&r.agents);
	hashmap_done(&r.stamps, free);
	free(r.web_base);
	return err;
}

static enum tix_err
golden_zendesk(struct golden_state *st, const struct golden_answer *a,
    struct page *out, char **cause)
{
	return golden_kit(&rest_zendesk, st, a, out, cause);
}

static enum tix_err
golden_freshdesk(struct golden_state *st, const struct golden_answer *a,
    struct page *out, char **cause)
{
	return golden_kit(&rest_freshdesk, st, a, out, cause);
}

const struct golden_row golden_rows[] = {
	{
		.name = "zendesk",
		.web_base = "https://acme.zendesk.com",
		.shim = golden_zendesk,
	},
	{
		.name = "freshdesk",
		.web_base = "https://acme.freshdesk.com",
		.shim = golden_freshdesk,
	},
};

const size_t golden_nrows = sizeof golden_rows / sizeof golden_rows[0];
