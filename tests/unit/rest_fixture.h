/*
 * A REST kit account for the unit tests of the kit and its platforms
 * (test_rest, test_zendesk, test_freshdesk): a struct rest set up by hand
 * as open() would leave it, never opened (tests/conformance/golden_shims.c
 * does the same), and the kit's pure calls with their outcome checked.
 * Include after <cmocka.h>; each test runs on a fresh fx (FIXTURE_TEST).
 */
#ifndef TIX_REST_FIXTURE_H
#define TIX_REST_FIXTURE_H

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "core/conf.h"
#include "core/error.h"
#include "core/hashmap.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/rest.h"

/* One account of a platform, and the rest of it the kit reads. */
struct fixture {
	struct account	 account;
	char		 name[8];
	struct rest	 r;
	char		*cause;		/* the last call's, when it failed */
};

/* Which account a test file's tests run on (their cmocka prestate). */
struct fixture_account {
	const struct rest_platform	*pf;
	const char			*web_base;	/* NULL: none */
	const char			*me;		/* an agent */
	const char			*agent;		/* another; or NULL */
};

/* The account the tests run on, afresh for each. */
static struct fixture	fx;

/* Run test on the account a (a struct fixture_account *). */
#define FIXTURE_TEST(test, a)						\
	cmocka_unit_test_prestate_setup_teardown(test, fixture_setup,	\
	    fixture_teardown, (a))

/*
 * fx as open() would leave it: the account (index 3), its web UI and its
 * user, one of the agents.
 */
static inline int
fixture_setup(void **state)
{
	const struct fixture_account	*a = *state;

	memset(&fx, 0, sizeof fx);
	xsnprintf(fx.name, sizeof fx.name, "t");
	fx.account.index = 3;
	fx.account.name = fx.name;
	atomic_store(&fx.account.skipped, 0);
	fx.r.pf = a->pf;
	fx.r.account = &fx.account;
	fx.r.web_base = xstrdup_opt(a->web_base);
	hashset_init(&fx.r.agents);
	hashmap_init(&fx.r.stamps);
	xsnprintf(fx.r.me, sizeof fx.r.me, "%s", a->me);
	hashset_add(&fx.r.agents, a->me);
	if (a->agent != NULL)
		hashset_add(&fx.r.agents, a->agent);
	return 0;
}

static inline int
fixture_teardown(void **state)
{
	(void)state;
	rest_labels_set(&fx.r, NULL, 0);
	hashset_done(&fx.r.agents);
	hashmap_done(&fx.r.stamps, free);
	free(fx.r.category_field);
	free(fx.r.web_base);
	free(fx.cause);
	memset(&fx, 0, sizeof fx);
	return 0;
}

/* The account's own name for status number (a custom status). */
static inline void
fixture_label(struct fixture *f, long number, const char *name)
{
	struct rest_label	*labels = f->r.labels;
	size_t			 n = f->r.nlabels;

	f->r.labels = NULL;
	f->r.nlabels = 0;
	labels = xreallocarray(labels, n + 1, sizeof *labels);
	labels[n].number = number;
	labels[n].name = xstrdup(name);
	rest_labels_set(&f->r, labels, n + 1);
}

/* category = field:NAME on the account. */
static inline void
fixture_field(struct fixture *f, const char *name)
{
	free(f->r.category_field);
	f->r.category_field = xstrdup(name);
	f->r.category = NULL;
}

/* JSON text that must parse. */
static inline cJSON *
fixture_json(const char *s)
{
	cJSON	*j = cJSON_Parse(s);

	assert_non_null(j);
	return j;
}

/* A cause is set exactly when the call failed; kept in f->cause. */
static inline void
fixture_cause(struct fixture *f, enum tix_err err, char *cause)
{
	if (err == TIX_OK)
		assert_null(cause);
	else
		assert_non_null(cause);
	free(f->cause);
	f->cause = cause;
}

/*
 * One object of a kind read from JSON text (a note's ticket ticket_id):
 * the record when want is TIX_OK, else NULL after checking it failed so.
 */
static inline struct record *
fixture_read(struct fixture *f, enum tix_kind kind, const char *json,
    const char *ticket_id, enum tix_err want)
{
	cJSON		*j = fixture_json(json);
	struct record	*rec = NULL;
	char		*cause = NULL;
	enum tix_err	 err;

	err = rest_record_read(&f->r, kind, j, ticket_id, &rec, &cause);
	cJSON_Delete(j);
	assert_int_equal(err, want);
	fixture_cause(f, err, cause);
	if (want != TIX_OK) {
		assert_null(rec);
		return NULL;
	}
	assert_non_null(rec);
	assert_int_equal(rec->kind, kind);
	assert_int_equal(rec->account, 3);
	return rec;
}

/*
 * The first page's request of a list() call for kind (cursor NULL) or
 * the next one's (a cursor), which must be TIX_OK; the walk is kept in w.
 */
static inline const char *
fixture_walk(struct fixture *f, struct rest_walk *w, enum tix_kind kind,
    const struct query *q)
{
	char		*cause = NULL;
	enum tix_err	 err;

	err = rest_walk_start(&f->r, kind, q, w, &cause);
	assert_int_equal(err, TIX_OK);
	fixture_cause(f, err, cause);
	assert_non_null(w->path);
	return w->path;
}

/* A list() call for kind from since, pages of limit, and its request. */
struct fixture_path {
	enum tix_kind	 kind;
	int64_t		 since;
	size_t		 limit;
	const char	*path;
};

/* Each case's first request. */
static inline void
fixture_paths(struct fixture *f, const struct fixture_path *cases,
    size_t n)
{
	struct rest_walk	 w;
	struct query		 q;

	for (size_t i = 0; i < n; i++) {
		memset(&q, 0, sizeof q);
		q.updated_since = cases[i].since;
		q.limit = cases[i].limit;
		assert_string_equal(fixture_walk(f, &w, cases[i].kind, &q),
		    cases[i].path);
		assert_int_equal(w.since, cases[i].since);
		rest_walk_done(&w);
	}
}

/* The error a list() call would refuse its query with. */
static inline enum tix_err
fixture_walk_fails(struct fixture *f, enum tix_kind kind,
    const struct query *q)
{
	struct rest_walk	 w;
	char			*cause = NULL;
	enum tix_err		 err;

	err = rest_walk_start(&f->r, kind, q, &w, &cause);
	assert_int_not_equal(err, TIX_OK);
	fixture_cause(f, err, cause);
	rest_walk_done(&w);
	return err;
}

/*
 * One page of list number list, asked for with path by a walk from
 * since (notes: of ticket 2), read from JSON text and the Link header's
 * next URL; *pg is set either way and the caller calls page_done().
 */
static inline enum tix_err
fixture_page(struct fixture *f, unsigned list, int64_t since, size_t limit,
    const char *path, const char *json, const char *link, struct page *pg)
{
	struct rest_walk	 w = {
		.list = list,
		.since = since,
		.limit = limit,
		.ticket_id = "2",
	};
	cJSON			*j = fixture_json(json);
	char			*cause = NULL;
	enum tix_err		 err;

	memset(pg, 0, sizeof *pg);
	w.path = xstrdup(path);
	err = rest_page_parse(&f->r, &w, j, link, pg, &cause);
	fixture_cause(f, err, cause);
	cJSON_Delete(j);
	free(w.path);
	return err;
}

/* The error a page of list (from path) is refused with, as a whole. */
static inline enum tix_err
fixture_page_fails(struct fixture *f, unsigned list, const char *path,
    const char *json)
{
	struct page	pg;
	enum tix_err	err;

	err = fixture_page(f, list, 0, 0, path, json, NULL, &pg);
	assert_int_not_equal(err, TIX_OK);
	assert_int_equal(pg.n, 0);
	assert_null(pg.next_cursor);
	page_done(&pg);
	return err;
}

/* How many records the account skipped as unreadable. */
static inline size_t
fixture_skipped(struct fixture *f)
{
	return atomic_load(&f->account.skipped);
}

/*
 * The body of an update for p (cur: the ticket as it is, or NULL) parsed
 * back, or NULL when nothing is left to send; must be TIX_OK.
 */
static inline cJSON *
fixture_update(struct fixture *f, const struct patch *p,
    const struct ticket *cur, int64_t stamp)
{
	char		*body = NULL, *cause = NULL;
	enum tix_err	 err;
	cJSON		*j;

	err = rest_update_body(&f->r, p, cur, stamp, &body, &cause);
	assert_int_equal(err, TIX_OK);
	fixture_cause(f, err, cause);
	if (body == NULL)
		return NULL;
	j = fixture_json(body);
	free(body);
	return j;
}

/* The error an update for p is refused with; no body is made. */
static inline enum tix_err
fixture_update_fails(struct fixture *f, const struct patch *p)
{
	char		*body = NULL, *cause = NULL;
	enum tix_err	 err;

	err = rest_update_body(&f->r, p, NULL, 0, &body, &cause);
	assert_int_not_equal(err, TIX_OK);
	assert_null(body);
	fixture_cause(f, err, cause);
	return err;
}

/* A status change asked for on a ticket in a status, and what is sent. */
struct fixture_status {
	enum tix_status	 want;
	bool		 known;		/* the ticket's status: now */
	enum tix_status	 now;
	const char	*sent;		/* the member's JSON; NULL: no body */
};

/* Each case's body; the status member is in object (NULL: the root). */
static inline void
fixture_statuses(struct fixture *f, const char *object,
    const struct fixture_status *cases, size_t n)
{
	struct patch	 p;
	struct ticket	 cur;
	cJSON		*j;
	char		*s;

	memset(&p, 0, sizeof p);
	memset(&cur, 0, sizeof cur);
	p.fields = TIX_PATCH_STATUS;
	for (size_t i = 0; i < n; i++) {
		p.status = cases[i].want;
		cur.status = cases[i].now;
		j = fixture_update(f, &p, cases[i].known ? &cur : NULL, 0);
		if (cases[i].sent == NULL) {
			assert_null(j);
			continue;
		}
		assert_non_null(j);
		s = cJSON_PrintUnformatted(cJSON_GetObjectItem(object != NULL ?
		    cJSON_GetObjectItem(j, object) : j, "status"));
		assert_non_null(s);
		assert_string_equal(s, cases[i].sent);
		cJSON_free(s);
		cJSON_Delete(j);
	}
}

/* The body that adds a note with text, public or internal, parsed back. */
static inline cJSON *
fixture_note(struct fixture *f, const char *text, bool is_public)
{
	struct note	 n = { .is_public = is_public };
	char		*body = NULL, *cause = NULL;
	enum tix_err	 err;
	cJSON		*j;

	n.description = xstrdup(text);
	err = rest_note_body(&f->r, &n, &body, &cause);
	free(n.description);
	assert_int_equal(err, TIX_OK);
	fixture_cause(f, err, cause);
	j = fixture_json(body);
	free(body);
	return j;
}

/* Who the platform's "who am I" answer (JSON text) says the user is. */
static inline enum tix_err
fixture_me(const struct rest_platform *pf, const char *json,
    char id[JSON_ID_MAX], char **cause)
{
	cJSON		*j = fixture_json(json);
	enum tix_err	 err;

	err = pf->me(j, id, cause);
	cJSON_Delete(j);
	return err;
}

/*
 * rest_configure() on an [account a] section of text (a private file,
 * so an inline secret is allowed): TIX_OK leaves the state in
 * a->priv, and *cf for fixture_unconfigure().
 */
static inline enum tix_err
fixture_configure(struct account *a, const struct rest_platform *pf,
    const char *text, struct config **cf, char **cause)
{
	static char	 name[] = "a";
	char		 path[] = "/tmp/tix-test-rest.XXXXXX";
	FILE		*fp;
	int		 fd;
	enum tix_err	 err;

	memset(a, 0, sizeof *a);
	a->name = name;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	err = config_load(path, cf, cause);
	unlink(path);
	assert_int_equal(err, TIX_OK);
	a->config = config_find(*cf, "account", "a");
	assert_non_null(a->config);
	return rest_configure(a, pf, cause);
}

static inline void
fixture_unconfigure(struct account *a, struct config **cf)
{
	rest_close(a);
	config_free(cf);
}

#endif
