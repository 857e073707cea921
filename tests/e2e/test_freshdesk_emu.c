/*
 * End-to-end tests of providers/freshdesk.c against tix-emu
 * --provider freshdesk: the provider's ops driven directly through a
 * struct account, as the session's worker drives them, over real HTTP to
 * the emulator on 127.0.0.1.  What is checked is what an agent relies
 * on: every ticket arrives (old ones too, across pages and past
 * Freshdesk's 300-page limit), changes by others show up in the next
 * poll, each triage action reaches the platform and survives a
 * re-fetch, and each fault ends in success or a clear error, never a
 * crash, a lost note or a duplicate one.
 *
 * The emulator's path comes from abs_top_builddir (exported by
 * AM_TESTS_ENVIRONMENT in tests/local.mk).  Each test starts its own
 * emulator with stdin on a pipe, so it exits when the test does.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <cJSON.h>

#include "core/conf.h"
#include "core/error.h"
#include "core/http.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/registry.h"

#define API_KEY		"emu-api-key"

/* A running emulator and an account pointed at it. */
struct fx {
	pid_t			 pid;
	int			 in;	/* stdin: closing it stops it */
	int			 out;
	int			 port;
	char			 cfgpath[64];
	struct config		*config;
	struct account		 account;
	struct http_client	*admin;
};

/* Records of a whole list. */
struct listing {
	struct record	**r;
	size_t		  n;
	size_t		  pages;
};

/* Start tix-emu --provider freshdesk with extra arguments (NULL-ended). */
static void
emu_start(struct fx *fx, const char *const *extra)
{
	const char	*top = getenv("abs_top_builddir");
	const char	*argv[32];
	char		*path, buf[32];
	int		 in[2], out[2];
	size_t		 n = 0, len = 0;
	ssize_t		 r;

	if (top == NULL)
		fail_msg("abs_top_builddir is not set (run with make check)");
	path = xasprintf("%s/tests/emulators/tix-emu", top);
	if (access(path, X_OK) != 0)
		fail_msg("no emulator at %s", path);
	argv[n++] = path;
	argv[n++] = "--provider";
	argv[n++] = "freshdesk";
	argv[n++] = "--port";
	argv[n++] = "0";
	/* Many pages in a few seconds: no plan's limit in the way. */
	argv[n++] = "--rate-limit";
	argv[n++] = "1000000";
	for (size_t i = 0; extra[i] != NULL && n < 30; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;

	if (pipe(in) != 0 || pipe(out) != 0)
		fail_msg("pipe: %s", strerror(errno));
	fx->pid = fork();
	if (fx->pid == -1)
		fail_msg("fork: %s", strerror(errno));
	if (fx->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execv(path, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	free(path);
	close(in[0]);
	close(out[1]);
	fx->in = in[1];
	fx->out = out[0];
	/* The port, one line. */
	while (len < sizeof buf - 1) {
		r = read(fx->out, buf + len, 1);
		if (r <= 0)
			fail_msg("the emulator did not print its port");
		if (buf[len] == '\n')
			break;
		len++;
	}
	buf[len] = '\0';
	fx->port = (int)strtol(buf, NULL, 10);
	assert_true(fx->port > 0 && fx->port < 65536);
}

/* Stop the emulator: EOF on its stdin; it must exit cleanly. */
static void
emu_stop(struct fx *fx)
{
	int	status;

	if (fx->pid <= 0)
		return;
	close(fx->in);
	if (waitpid(fx->pid, &status, 0) != fx->pid)
		fail_msg("waitpid: %s", strerror(errno));
	close(fx->out);
	fx->pid = 0;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Write the config (mode 0600, from mkstemp) and load it. */
static void
fx_config(struct fx *fx, const char *body)
{
	char	*cause = NULL;
	int	 fd;

	xsnprintf(fx->cfgpath, sizeof fx->cfgpath, "/tmp/tix-fd-XXXXXX");
	fd = mkstemp(fx->cfgpath);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
	close(fd);
	if (config_load(fx->cfgpath, &fx->config, &cause) != TIX_OK)
		fail_msg("config: %s", cause);
	fx->account.name = xstrdup("fd");
	fx->account.ops = &provider_freshdesk;
	fx->account.config = config_find(fx->config, "account", "fd");
	assert_non_null(fx->account.config);
}

/* An emulator and an account with the right key, configured. */
static void
fx_setup(struct fx *fx, const char *key, ...)
{
	const char	*args[16], *arg;
	char		*cfg, *cause = NULL, *base;
	struct http_options o;
	size_t		 n = 0;
	va_list		 ap;

	memset(fx, 0, sizeof *fx);
	va_start(ap, key);
	while ((arg = va_arg(ap, const char *)) != NULL && n < 15)
		args[n++] = arg;
	va_end(ap);
	args[n] = NULL;
	emu_start(fx, args);
	cfg = xasprintf("[account fd]\nprovider = freshdesk\n"
	    "url = http://127.0.0.1:%d/api/v2\ntoken = %s\n", fx->port, key);
	fx_config(fx, cfg);
	free(cfg);
	if (provider_freshdesk.configure(&fx->account, &cause) != TIX_OK)
		fail_msg("configure: %s", cause);

	memset(&o, 0, sizeof o);
	base = xasprintf("http://127.0.0.1:%d", fx->port);
	o.base_url = base;
	fx->admin = http_client_new(&o);
	free(base);
}

/* Close the account, stop the emulator, remove the config. */
static void
fx_teardown(struct fx *fx)
{
	provider_freshdesk.close(&fx->account);
	assert_null(fx->account.priv);
	free(fx->account.name);
	config_free(&fx->config);
	unlink(fx->cfgpath);
	http_client_free(&fx->admin);
	emu_stop(fx);
}

/* open(), which must succeed. */
static void
fx_open(struct fx *fx)
{
	char	*cause = NULL;

	if (provider_freshdesk.open(&fx->account, &cause) != TIX_OK)
		fail_msg("open: %s", cause);
}

/* An admin-path request; the answer's JSON (caller frees) or NULL. */
static cJSON *
admin(struct fx *fx, const char *method, const char *path, const char *body)
{
	struct http_request	 req;
	struct http_response	 resp;
	char			*cause = NULL;
	cJSON			*j;

	memset(&req, 0, sizeof req);
	req.method = method;
	req.path = path;
	req.body = body;
	req.body_len = body != NULL ? strlen(body) : 0;
	if (http_request(fx->admin, &req, &resp, &cause) != TIX_OK)
		fail_msg("%s %s: %s", method, path, cause);
	j = cJSON_ParseWithLength(resp.body, resp.body_len);
	http_response_done(&resp);
	return j;
}

/* A number at a path of members in the emulator's stats (or -1). */
static double
stat_num(struct fx *fx, const char *a, const char *b, const char *c)
{
	cJSON	*j = admin(fx, "GET", "/__emu/stats", NULL), *v;
	double	 d = -1;

	v = cJSON_GetObjectItemCaseSensitive(j, a);
	if (b != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	if (c != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, c);
	if (cJSON_IsNumber(v))
		d = v->valuedouble;
	cJSON_Delete(j);
	return d;
}

/* Free a listing's records. */
static void
listing_done(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++)
		record_free(&l->r[i]);
	free(l->r);
	memset(l, 0, sizeof *l);
}

/* List every page of a kind, as the session does; the error, if any. */
static enum tix_err
list_all(struct fx *fx, enum tix_kind kind, int64_t since, const char *tid,
    size_t limit, struct listing *l, char **cause)
{
	struct query	 q;
	struct page	 pg;
	char		*cursor = NULL;
	enum tix_err	 err;

	memset(l, 0, sizeof *l);
	do {
		memset(&q, 0, sizeof q);
		q.updated_since = since;
		q.ticket_id = tid;
		q.cursor = cursor;
		q.limit = limit;
		memset(&pg, 0, sizeof pg);
		err = provider_freshdesk.list(&fx->account, kind, &q, &pg,
		    cause);
		free(cursor);
		cursor = NULL;
		if (err != TIX_OK) {
			page_done(&pg);
			return err;
		}
		l->pages++;
		l->r = xreallocarray(l->r, l->n + pg.n + 1, sizeof *l->r);
		for (size_t i = 0; i < pg.n; i++) {
			l->r[l->n++] = pg.records[i];
			pg.records[i] = NULL;
		}
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		pg.n = 0;
		page_done(&pg);
	} while (cursor != NULL && l->pages < 100000);
	free(cursor);
	return TIX_OK;
}

/* list_all that must succeed. */
static void
list_ok(struct fx *fx, enum tix_kind kind, int64_t since, const char *tid,
    size_t limit, struct listing *l)
{
	char	*cause = NULL;

	if (list_all(fx, kind, since, tid, limit, l, &cause) != TIX_OK)
		fail_msg("list %s: %s", tix_kind_name(kind), cause);
}

/* Compare ids as numbers. */
static int
id_cmp(const void *a, const void *b)
{
	long long	x = strtoll(*(char *const *)a, NULL, 10);
	long long	y = strtoll(*(char *const *)b, NULL, 10);

	return (x > y) - (x < y);
}

/* How many different ids a listing has. */
static size_t
listing_distinct(const struct listing *l)
{
	const char	**ids;
	size_t		  n = 0;

	if (l->n == 0)
		return 0;
	ids = xcalloc(l->n, sizeof *ids);
	for (size_t i = 0; i < l->n; i++)
		ids[i] = record_id(l->r[i]);
	qsort(ids, l->n, sizeof *ids, id_cmp);
	for (size_t i = 0; i < l->n; i++) {
		if (i == 0 || strcmp(ids[i], ids[i - 1]) != 0)
			n++;
	}
	free(ids);
	return n;
}

/* The record with an id in a listing, or NULL. */
static const struct record *
listing_find(const struct listing *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(record_id(l->r[i]), id) == 0)
			return l->r[i];
	}
	return NULL;
}

/* get() a ticket that must exist. */
static struct record *
get_ticket(struct fx *fx, const char *id)
{
	struct record	*r = NULL;
	char		*cause = NULL;

	if (provider_freshdesk.get(&fx->account, TIX_KIND_TICKET, id, &r,
	    &cause) != TIX_OK)
		fail_msg("get %s: %s", id, cause);
	return r;
}

/*
 * The first load gets every ticket, old ones too (Freshdesk alone would
 * show 30 days), plus contacts, agents with "me", and the ticket types.
 */
static void
test_first_load(void **state)
{
	struct fx	 fx;
	struct listing	 l;
	size_t		 old = 0, me = 0;
	int64_t		 month = (int64_t)time(NULL) - 30 * 86400;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "250", "--seed", "7",
	    (char *)NULL);
	fx_open(&fx);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 0, &l);
	assert_int_equal(l.n, 250);
	assert_int_equal(listing_distinct(&l), 250);
	assert_int_equal(l.pages, 3);
	assert_int_equal((size_t)stat_num(&fx, "ticket_count", NULL, NULL),
	    250);
	for (size_t i = 0; i < l.n; i++) {
		const struct ticket	*t = &l.r[i]->u.ticket;

		if (t->created_at < month)
			old++;
		/* Every ticket has a subject, a status word, a requester. */
		assert_non_null(t->subject);
		assert_non_null(t->status_raw);
		assert_non_null(t->customer_id);
		assert_non_null(t->description);
		assert_true(t->updated_at >= t->created_at);
	}
	assert_true(old > 50);
	listing_done(&l);

	list_ok(&fx, TIX_KIND_CUSTOMER, 0, NULL, 0, &l);
	assert_int_equal(l.n, 83);
	assert_true(l.r[0]->u.customer.nemails >= 1);
	listing_done(&l);

	list_ok(&fx, TIX_KIND_AGENT, 0, NULL, 0, &l);
	assert_int_equal(l.n, 5);
	for (size_t i = 0; i < l.n; i++) {
		assert_non_null(l.r[i]->u.agent.name);
		me += l.r[i]->u.agent.is_me;
	}
	assert_int_equal(me, 1);
	listing_done(&l);

	list_ok(&fx, TIX_KIND_CATEGORY, 0, NULL, 0, &l);
	assert_int_equal(l.n, 5);
	assert_non_null(listing_find(&l, "Feature Request"));
	listing_done(&l);
	fx_teardown(&fx);
}

/* Page boundaries: exactly full, one over, and nothing at all. */
static void
test_pages(void **state)
{
	struct fx	 fx;
	struct listing	 l;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "201", (char *)NULL);
	fx_open(&fx);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 100, &l);
	assert_int_equal(l.n, 201);
	assert_int_equal(l.pages, 3);		/* 100, 100, 1 */
	listing_done(&l);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 67, &l);
	assert_int_equal(l.n, 201);
	assert_int_equal(l.pages, 3);		/* 67 x 3, no empty page */
	assert_int_equal(listing_distinct(&l), 201);
	listing_done(&l);
	/* A page size over Freshdesk's 100 is asked as 100. */
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 500, &l);
	assert_int_equal(l.pages, 3);
	listing_done(&l);
	/*
	 * Nothing changed since tomorrow: one empty page, then the
	 * (empty) list of tickets deleted since then.
	 */
	list_ok(&fx, TIX_KIND_TICKET, (int64_t)time(NULL) + 86400, NULL, 0,
	    &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.pages, 2);
	listing_done(&l);
	list_ok(&fx, TIX_KIND_CUSTOMER, (int64_t)time(NULL) + 86400, NULL, 0,
	    &l);
	assert_int_equal(l.n, 0);
	listing_done(&l);
	fx_teardown(&fx);
}

/* The newest updated_at of a listing: the watermark. */
static int64_t
listing_newest(const struct listing *l)
{
	int64_t	w = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (l->r[i]->u.ticket.updated_at > w)
			w = l->r[i]->u.ticket.updated_at;
	}
	return w;
}

/* Another agent's change and note show up in the next poll. */
static void
test_incremental(void **state)
{
	struct fx		 fx;
	struct listing		 l;
	const struct record	*r;
	int64_t			 w;
	cJSON			*j;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "120", (char *)NULL);
	fx_open(&fx);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 0, &l);
	w = listing_newest(&l);
	listing_done(&l);
	list_ok(&fx, TIX_KIND_AGENT, 0, NULL, 0, &l);
	listing_done(&l);

	j = admin(&fx, "POST", "/__emu/tickets/5",
	    "{\"priority\":4,\"tags\":[\"escalated\"]}");
	cJSON_Delete(j);
	j = admin(&fx, "POST", "/__emu/tickets/5/notes",
	    "{\"body\":\"Checked the logs\",\"private\":true}");
	cJSON_Delete(j);

	list_ok(&fx, TIX_KIND_TICKET, w, NULL, 0, &l);
	assert_true(l.n >= 1 && l.n < 120);
	r = listing_find(&l, "5");
	assert_non_null(r);
	assert_int_equal(r->u.ticket.priority, TIX_PRIORITY_URGENT);
	assert_string_equal(r->u.ticket.priority_raw, "Urgent");
	assert_true(strv_has(&r->u.ticket.tags, "escalated"));
	assert_true(r->u.ticket.updated_at > w);
	listing_done(&l);

	list_ok(&fx, TIX_KIND_NOTE, 0, "5", 0, &l);
	assert_true(l.n >= 1);
	r = l.r[l.n - 1];
	assert_string_equal(r->u.note.description, "Checked the logs");
	assert_false(r->u.note.is_public);
	assert_non_null(r->u.note.user_id);
	assert_null(r->u.note.customer_id);
	assert_string_equal(r->u.note.ticket_id, "5");
	listing_done(&l);
	fx_teardown(&fx);
}

/* update() that must succeed; returns the platform's copy. */
static struct record *
update_ok(struct fx *fx, const char *id, const struct patch *p)
{
	struct record	*r = NULL;
	char		*cause = NULL;
	bool		 maybe_sent = false;

	if (provider_freshdesk.update(&fx->account, id, p, &r, &maybe_sent,
	    &cause) != TIX_OK)
		fail_msg("update %s: %s", id, cause);
	return r;
}

/* A note through create(), which must succeed. */
static struct record *
note_ok(struct fx *fx, const char *tid, const char *text, bool is_public)
{
	struct record	*in, *out = NULL;
	char		*cause = NULL;
	bool		 maybe_sent = false;

	in = record_new(TIX_KIND_NOTE, 0);
	in->u.note.ticket_id = xstrdup(tid);
	in->u.note.description = xstrdup(text);
	in->u.note.is_public = is_public;
	if (provider_freshdesk.create(&fx->account, in, &out, &maybe_sent,
	    &cause) != TIX_OK)
		fail_msg("note on %s: %s", tid, cause);
	record_free(&in);
	return out;
}

/* Each triage action reaches the emulator and survives a re-fetch. */
static void
test_writes(void **state)
{
	static char	 refund[] = "Refund";
	struct fx	 fx;
	struct patch	 p;
	struct record	*r, *n;
	struct listing	 l, agents;
	const char	*other = NULL;
	char		*cause = NULL;
	bool		 seen_reply = false, seen_note = false;
	bool		 maybe_sent = false;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "40", (char *)NULL);
	fx_open(&fx);
	list_ok(&fx, TIX_KIND_AGENT, 0, NULL, 0, &agents);
	for (size_t i = 0; i < agents.n; i++) {
		if (!agents.r[i]->u.agent.is_me)
			other = agents.r[i]->u.agent.id;
	}
	assert_non_null(other);

	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY;
	p.priority = TIX_PRIORITY_HIGH;
	r = update_ok(&fx, "7", &p);
	assert_int_equal(r->u.ticket.priority, TIX_PRIORITY_HIGH);
	record_free(&r);
	r = get_ticket(&fx, "7");
	assert_int_equal(r->u.ticket.priority, TIX_PRIORITY_HIGH);
	assert_string_equal(r->u.ticket.priority_raw, "High");
	record_free(&r);

	/* Open first (it may be closed), then Resolved, then Open again. */
	p.fields = TIX_PATCH_STATUS;
	p.status = TIX_STATUS_ACTIVE;
	r = update_ok(&fx, "7", &p);
	assert_int_equal(r->u.ticket.status, TIX_STATUS_ACTIVE);
	record_free(&r);
	p.status = TIX_STATUS_CLOSED;
	r = update_ok(&fx, "7", &p);
	record_free(&r);
	r = get_ticket(&fx, "7");
	assert_int_equal(r->u.ticket.status, TIX_STATUS_CLOSED);
	assert_string_equal(r->u.ticket.status_raw, "Resolved");
	record_free(&r);
	p.status = TIX_STATUS_ACTIVE;
	r = update_ok(&fx, "7", &p);
	record_free(&r);
	r = get_ticket(&fx, "7");
	assert_int_equal(r->u.ticket.status, TIX_STATUS_ACTIVE);
	assert_string_equal(r->u.ticket.status_raw, "Open");
	record_free(&r);

	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_ASSIGNEE | TIX_PATCH_CATEGORY | TIX_PATCH_TAGS;
	p.user_id = xstrdup(other);
	p.category_id = refund;
	strv_add(&p.tags, "billing");
	strv_add(&p.tags, "vip");
	r = update_ok(&fx, "7", &p);
	record_free(&r);
	free(p.user_id);
	strv_done(&p.tags);
	r = get_ticket(&fx, "7");
	assert_string_equal(r->u.ticket.user_id, other);
	assert_string_equal(r->u.ticket.category_id, "Refund");
	assert_int_equal(r->u.ticket.tags.n, 2);
	assert_true(strv_has(&r->u.ticket.tags, "billing"));
	record_free(&r);

	/* Unassign, clear the category. */
	p.fields = TIX_PATCH_ASSIGNEE | TIX_PATCH_CATEGORY;
	p.user_id = NULL;
	p.category_id = NULL;
	r = update_ok(&fx, "7", &p);
	assert_null(r->u.ticket.user_id);
	assert_null(r->u.ticket.category_id);
	record_free(&r);

	/* A Freshdesk refusal comes back with its reason. */
	p.fields = TIX_PATCH_CATEGORY;
	p.category_id = xstrdup("No Such Type");
	assert_int_equal(provider_freshdesk.update(&fx.account, "7", &p, &r,
	    &maybe_sent, &cause), TIX_ERR_INVALID);
	assert_non_null(strstr(cause, "type"));
	free(p.category_id);
	xfree(&cause);

	/* A public reply and an internal note, both in the thread. */
	n = note_ok(&fx, "7", "We are on it.\nSecond line & <more>", true);
	assert_true(n->u.note.is_public);
	assert_string_equal(n->u.note.description,
	    "We are on it.\nSecond line & <more>");
	record_free(&n);
	n = note_ok(&fx, "7", "internal: refund approved", false);
	assert_false(n->u.note.is_public);
	record_free(&n);
	list_ok(&fx, TIX_KIND_NOTE, 0, "7", 0, &l);
	for (size_t i = 0; i < l.n; i++) {
		const struct note	*t = &l.r[i]->u.note;

		if (strcmp(t->description, "We are on it.\nSecond line & "
		    "<more>") == 0 && t->is_public && t->user_id != NULL)
			seen_reply = true;
		if (strcmp(t->description, "internal: refund approved") == 0 &&
		    !t->is_public)
			seen_note = true;
	}
	assert_true(seen_reply);
	assert_true(seen_note);
	listing_done(&l);

	listing_done(&agents);
	fx_teardown(&fx);
}

/* A wrong API key: TIX_ERR_AUTH, a message that says so, no key. */
static void
test_auth(void **state)
{
	struct fx	 fx;
	char		*cause = NULL;

	(void)state;
	fx_setup(&fx, "wrong-key-s3cr3t", (char *)NULL);
	assert_int_equal(provider_freshdesk.open(&fx.account, &cause),
	    TIX_ERR_AUTH);
	assert_non_null(strstr(cause, "API key"));
	assert_non_null(strstr(cause, "401"));
	assert_null(strstr(cause, "s3cr3t"));
	xfree(&cause);
	/* A retry, with close() in between or without. */
	provider_freshdesk.close(&fx.account);
	assert_int_equal(provider_freshdesk.open(&fx.account, &cause),
	    TIX_ERR_AUTH);
	xfree(&cause);
	assert_int_equal(provider_freshdesk.open(&fx.account, &cause),
	    TIX_ERR_AUTH);
	xfree(&cause);
	fx_teardown(&fx);

	/* The right key: a retry without close() works, twice. */
	fx_setup(&fx, API_KEY, "--tickets", "3", (char *)NULL);
	fx_open(&fx);
	fx_open(&fx);
	assert_non_null(fx.account.priv);
	fx_teardown(&fx);
}

/* Config errors name the file, the line and the key. */
static void
test_config_errors(void **state)
{
	static const struct {
		const char	*body;
		const char	*want;
	} cases[] = {
		{ "[account fd]\nprovider = freshdesk\ntoken = k\n",
		  ":1: [account fd]: domain: missing" },
		{ "[account fd]\nprovider = freshdesk\ndomain = a.b/c\n"
		  "token = k\n", ":3: [account fd]: domain:" },
		{ "[account fd]\nprovider = freshdesk\n"
		  "url = http://example.com/api/v2\ntoken = k\n",
		  ":3: [account fd]: url:" },
		{ "[account fd]\nprovider = freshdesk\ndomain = acme\n"
		  "category = group\ntoken = k\n",
		  ":4: [account fd]: category:" },
		{ "[account fd]\nprovider = freshdesk\ndomain = acme\n"
		  "category = field:area\ntoken = k\n",
		  ":4: [account fd]: category:" },
		{ "[account fd]\nprovider = freshdesk\ndomain = acme\n",
		  "[account fd]" },
	};
	struct fx	 fx;
	char		*cause = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&fx, 0, sizeof fx);
		fx_config(&fx, cases[i].body);
		assert_int_equal(provider_freshdesk.configure(&fx.account,
		    &cause), TIX_ERR_INVALID);
		if (strstr(cause, cases[i].want) == NULL ||
		    strstr(cause, fx.cfgpath) == NULL)
			fail_msg("case %zu: \"%s\"", i, cause);
		assert_null(fx.account.priv);
		xfree(&cause);
		free(fx.account.name);
		config_free(&fx.config);
		unlink(fx.cfgpath);
	}
	/* A good one: domain accepted with or without .freshdesk.com. */
	memset(&fx, 0, sizeof fx);
	fx_config(&fx, "[account fd]\nprovider = freshdesk\n"
	    "domain = acme.freshdesk.com\ncategory = field:cf_area\n"
	    "token = k\n");
	assert_int_equal(provider_freshdesk.configure(&fx.account, &cause),
	    TIX_OK);
	provider_freshdesk.close(&fx.account);
	free(fx.account.name);
	config_free(&fx.config);
	unlink(fx.cfgpath);
}

/* 429 every third request: the waits happen and the list completes. */
static void
test_fault_429(void **state)
{
	struct fx	 fx;
	struct listing	 l;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "250", "--fault-429-every", "3",
	    (char *)NULL);
	fx_open(&fx);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 0, &l);
	assert_int_equal(listing_distinct(&l), 250);
	listing_done(&l);
	assert_true(stat_num(&fx, "faults", "429", NULL) >= 1);
	fx_teardown(&fx);
}

/* A 5xx rate: reads are retried and succeed. */
static void
test_fault_5xx(void **state)
{
	struct fx	 fx;
	struct listing	 l;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "300", "--fault-5xx-rate", "0.3",
	    "--seed", "11", (char *)NULL);
	fx_open(&fx);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 50, &l);
	assert_int_equal(listing_distinct(&l), 300);
	listing_done(&l);
	list_ok(&fx, TIX_KIND_CUSTOMER, 0, NULL, 10, &l);
	assert_int_equal(l.n, 100);
	listing_done(&l);
	assert_true(stat_num(&fx, "faults", "5xx", NULL) >= 1);
	fx_teardown(&fx);
}

/*
 * Truncated or invalid JSON: request 3 (after open's two) is the first
 * list, which fails with a parse error that says what it got.
 */
static void
fault_body(const char *flag)
{
	struct fx	 fx;
	struct listing	 l;
	char		*cause = NULL;

	fx_setup(&fx, API_KEY, "--tickets", "50", flag, "3", (char *)NULL);
	fx_open(&fx);
	assert_int_equal(list_all(&fx, TIX_KIND_TICKET, 0, NULL, 0, &l,
	    &cause), TIX_ERR_PARSE);
	assert_non_null(strstr(cause, "not JSON"));
	xfree(&cause);
	listing_done(&l);
	/* The next try is not faulted, and works. */
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 0, &l);
	assert_int_equal(l.n, 50);
	listing_done(&l);
	fx_teardown(&fx);
}

static void
test_fault_truncate(void **state)
{
	(void)state;
	fault_body("--fault-truncate-every");
}

static void
test_fault_invalid_json(void **state)
{
	(void)state;
	fault_body("--fault-invalid-json-every");
}

/*
 * Connections dropped mid-body: a read is retried (GET is idempotent)
 * and the list completes; nothing crashes.
 */
static void
test_fault_drop(void **state)
{
	struct fx	 fx;
	struct listing	 l;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "250", "--fault-drop-every", "4",
	    (char *)NULL);
	fx_open(&fx);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 0, &l);
	assert_int_equal(listing_distinct(&l), 250);
	listing_done(&l);
	assert_true(stat_num(&fx, "faults", "drop", NULL) >= 1);
	fx_teardown(&fx);
}

/*
 * The note is kept but the answer is lost: NETWORK, and exactly one
 * note on the platform (the provider never posts it again itself).
 */
static void
test_fault_drop_after_write(void **state)
{
	struct fx	 fx;
	struct record	*in, *out = NULL;
	struct listing	 l;
	char		*cause = NULL;
	size_t		 found = 0;
	bool		 maybe_sent = false;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "20", "--fault-drop-after-write",
	    "1", (char *)NULL);
	fx_open(&fx);
	in = record_new(TIX_KIND_NOTE, 0);
	in->u.note.ticket_id = xstrdup("9");
	in->u.note.description = xstrdup("sent once, answer lost");
	in->u.note.is_public = false;
	assert_int_equal(provider_freshdesk.create(&fx.account, in, &out,
	    &maybe_sent, &cause), TIX_ERR_NETWORK);
	assert_true(maybe_sent);
	assert_null(out);
	assert_non_null(cause);
	xfree(&cause);
	record_free(&in);
	assert_int_equal(stat_num(&fx, "tickets", "9", "notes_added"), 1);
	assert_int_equal(stat_num(&fx, "duplicate_notes", NULL, NULL), 0);
	/* What the session's check finds: the note, once. */
	list_ok(&fx, TIX_KIND_NOTE, 0, "9", 0, &l);
	for (size_t i = 0; i < l.n; i++)
		found += strcmp(l.r[i]->u.note.description,
		    "sent once, answer lost") == 0;
	assert_int_equal(found, 1);
	listing_done(&l);
	fx_teardown(&fx);
}

/* Hostile text arrives raw (the store sanitizes); big threads list. */
static void
test_hostile(void **state)
{
	struct fx	 fx;
	struct listing	 l;
	struct record	*r;
	bool		 esc = false;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "30", "--hostile", (char *)NULL);
	fx_open(&fx);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 0, &l);
	assert_int_equal(l.n, 30);
	for (size_t i = 0; i < l.n; i++) {
		if (l.r[i]->u.ticket.subject != NULL &&
		    strchr(l.r[i]->u.ticket.subject, '\x1b') != NULL)
			esc = true;
	}
	assert_true(esc);
	listing_done(&l);
	r = get_ticket(&fx, "3");
	assert_true(strlen(r->u.ticket.description) >= 1000000);
	record_free(&r);
	list_ok(&fx, TIX_KIND_NOTE, 0, "2", 0, &l);
	assert_true(l.n >= 10000);
	assert_int_equal(listing_distinct(&l), l.n);
	listing_done(&l);
	list_ok(&fx, TIX_KIND_CUSTOMER, 0, NULL, 0, &l);
	assert_int_equal(l.n, 10);
	listing_done(&l);
	fx_teardown(&fx);
}

/*
 * 10,000 tickets: all listed with 100 a page, and again with 10 a page,
 * which runs into Freshdesk's 300-page limit (3,000 tickets) three
 * times and moves updated_since up each time.
 */
static void
test_ten_thousand(void **state)
{
	struct fx	 fx;
	struct listing	 l;

	(void)state;
	fx_setup(&fx, API_KEY, "--tickets", "10000", (char *)NULL);
	fx_open(&fx);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 0, &l);
	assert_int_equal(l.n, 10000);
	assert_int_equal(listing_distinct(&l), 10000);
	assert_int_equal(l.pages, 100);
	listing_done(&l);
	list_ok(&fx, TIX_KIND_TICKET, 0, NULL, 10, &l);
	assert_int_equal(listing_distinct(&l), 10000);
	assert_true(l.pages > 1000);	/* restarts repeat a few */
	listing_done(&l);
	assert_int_equal((size_t)stat_num(&fx, "ticket_count", NULL, NULL),
	    10000);
	fx_teardown(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_load),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_writes),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_fault_429),
		cmocka_unit_test(test_fault_5xx),
		cmocka_unit_test(test_fault_truncate),
		cmocka_unit_test(test_fault_invalid_json),
		cmocka_unit_test(test_fault_drop),
		cmocka_unit_test(test_fault_drop_after_write),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_ten_thousand),
	};

	signal(SIGPIPE, SIG_IGN);
	json_init();
	http_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
