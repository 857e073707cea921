/*
 * The conformance suite's fixture: tix-emu started on 127.0.0.1 (found
 * through $abs_top_builddir, which tests/local.mk exports), a private
 * 0600 config for the account, the admin path, and the provider's ops
 * driven as the session's worker drives them.
 */

#include "config.h"

#include "tests/conformance/conformance.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
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
#include "core/http.h"
#include "core/json.h"
#include "core/xmalloc.h"
#include "providers/registry.h"

#define CONF_MAX_ARGS	32
#define CONF_MAX_PAGES	100000	/* a walk that never ends is a failure */

/* Run tix-emu; fills pid, in and port. */
static void
emu_spawn(struct conf_emu *e, const char *provider, const char *const *args)
{
	const char	*top, *argv[CONF_MAX_ARGS];
	char		*exe, line[32], *end;
	int		 in[2], out[2];
	size_t		 n = 0, len = 0;
	ssize_t		 r;
	unsigned long	 port;

	top = getenv("abs_top_builddir");
	if (top == NULL)
		fail_msg("abs_top_builddir is not set (run with make check)");
	exe = xasprintf("%s/tests/emulators/tix-emu", top);
	if (access(exe, X_OK) != 0)
		fail_msg("no emulator at %s", exe);
	argv[n++] = exe;
	argv[n++] = "--provider";
	argv[n++] = provider;
	argv[n++] = "--port";
	argv[n++] = "0";
	for (; args != NULL && *args != NULL; args++) {
		assert_true(n < CONF_MAX_ARGS - 1);
		argv[n++] = *args;
	}
	argv[n] = NULL;
	if (pipe(in) != 0 || pipe(out) != 0)
		fail_msg("pipe: %s", strerror(errno));
	e->pid = fork();
	if (e->pid == -1)
		fail_msg("fork: %s", strerror(errno));
	if (e->pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execv(exe, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	free(exe);
	close(in[0]);
	close(out[1]);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	e->in = in[1];
	/* It prints the port, then serves until its stdin closes. */
	while (len < sizeof line - 1) {
		r = read(out[0], line + len, 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0 || line[len] == '\n')
			break;
		len++;
	}
	line[len] = '\0';
	close(out[0]);
	errno = 0;
	port = strtoul(line, &end, 10);
	if (len == 0 || errno != 0 || *end != '\0' || port == 0 ||
	    port > 65535)
		fail_msg("tix-emu --provider %s did not start (it printed "
		    "\"%s\")", provider, line);
	e->port = (unsigned)port;
}

/* A new fixture in the case's first free slot, its account not set up. */
static struct conf_emu *
emu_new(struct conf_case *c)
{
	struct conf_emu	*e;
	size_t		 slot;

	for (slot = 0; slot < CONF_MAX_EMUS && c->emus[slot] != NULL; slot++)
		;
	assert_true(slot < CONF_MAX_EMUS);
	e = xcalloc(1, sizeof *e);
	e->row = c->row;
	e->in = -1;
	e->port = 1;	/* where nothing listens, until one is started */
	c->emus[slot] = e;
	e->account.name = xstrdup(c->row->name);
	e->account.index = 1;
	e->account.ops = provider_find(c->row->name);
	assert_non_null(e->account.ops);
	e->account.caps = e->account.ops->caps;
	atomic_store(&e->account.cancel, false);
	return e;
}

struct conf_emu *
conf_offline(struct conf_case *c)
{
	return emu_new(c);
}

struct conf_emu *
conf_emu_start(struct conf_case *c, const char *const *args)
{
	struct conf_emu		*e;
	struct http_options	 o;
	const char		*all[CONF_MAX_ARGS];
	char			*base, *body, *cause = NULL;
	size_t			 n = 0;

	e = emu_new(c);
	for (size_t i = 0; i < CONF_MAX_WORDS && c->row->emu_args[i] != NULL;
	    i++)
		all[n++] = c->row->emu_args[i];
	for (; args != NULL && *args != NULL; args++) {
		assert_true(n < CONF_MAX_ARGS - 1);
		all[n++] = *args;
	}
	all[n] = NULL;
	emu_spawn(e, c->row->name, all);

	memset(&o, 0, sizeof o);
	base = xasprintf("http://127.0.0.1:%u", e->port);
	o.base_url = base;
	e->admin = http_client_new(&o);
	free(base);

	body = conf_account_secret(e, c->row->secret);
	if (conf_account_setup(e, body, &cause) != TIX_OK)
		fail_msg("configure: %s", cause);
	free(body);
	return e;
}

/* Free the account's config and remove its file. */
static void
account_clear(struct conf_emu *e)
{
	if (e->account.ops != NULL && e->account.ops->close != NULL)
		e->account.ops->close(&e->account);
	config_free(&e->config);
	if (e->path != NULL) {
		unlink(e->path);
		free(e->path);
		e->path = NULL;
	}
}

void
conf_emu_stop(struct conf_case *c, struct conf_emu *e)
{
	int	status = 0;
	pid_t	pid;

	for (size_t i = 0; i < CONF_MAX_EMUS; i++) {
		if (c->emus[i] == e)
			c->emus[i] = NULL;
	}
	account_clear(e);
	assert_null(e->account.priv);
	free(e->account.name);
	if (e->dir[0] != '\0')
		rmdir(e->dir);
	http_client_free(&e->admin);
	if (e->in >= 0)
		close(e->in);
	pid = e->pid;
	free(e);
	if (pid <= 0)
		return;
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			fail_msg("waitpid: %s", strerror(errno));
	}
	/* A sanitizer report in the emulator is a failure too. */
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("tix-emu did not exit cleanly (status %d)", status);
}

void
conf_case_done(struct conf_case *c)
{
	for (size_t i = 0; i < CONF_MAX_EMUS; i++) {
		if (c->emus[i] != NULL)
			conf_emu_stop(c, c->emus[i]);
	}
}

char *
conf_account_body(const struct conf_emu *e, const char *rest)
{
	return xasprintf("url = http://127.0.0.1:%u/api/v2\n%s", e->port,
	    rest);
}

char *
conf_account_secret(const struct conf_emu *e, const char *secret)
{
	char	*rest, *body;

	rest = xasprintf("%s%s = %s\n", e->row->account_lines,
	    e->row->secret_key, secret);
	body = conf_account_body(e, rest);
	free(rest);
	return body;
}

enum tix_err
conf_account_setup(struct conf_emu *e, const char *body, char **cause)
{
	FILE	*fp;
	int	 fd;

	account_clear(e);
	if (e->dir[0] == '\0') {
		xsnprintf(e->dir, sizeof e->dir, "/tmp/tix-conf.XXXXXX");
		if (mkdtemp(e->dir) == NULL)
			fail_msg("mkdtemp: %s", strerror(errno));
	}
	e->path = xasprintf("%s/config", e->dir);
	fd = open(e->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fprintf(fp, "[account %s]\nprovider = %s\n%s", e->account.name,
	    e->account.ops->name, body);
	assert_int_equal(fclose(fp), 0);
	if (config_load(e->path, &e->config, cause) != TIX_OK)
		fail_msg("config_load: %s", cause != NULL ? *cause : "");
	e->account.config = config_find(e->config, "account",
	    e->account.name);
	assert_non_null(e->account.config);
	if (e->account.ops->configure == NULL)
		return TIX_OK;
	return e->account.ops->configure(&e->account, cause);
}

void
conf_open(struct conf_emu *e)
{
	char	*cause = NULL;

	if (e->account.ops->open(&e->account, &cause) != TIX_OK)
		fail_msg("open: %s", cause);
	assert_null(cause);
}

struct conf_emu *
conf_start(struct conf_case *c, const char *const *args)
{
	struct conf_emu	*e = conf_emu_start(c, args);

	conf_open(e);
	return e;
}

cJSON *
conf_admin(struct conf_emu *e, const char *method, const char *path,
    const char *body, long *status)
{
	struct http_request	 req;
	struct http_response	 resp;
	cJSON			*j = NULL;
	char			*cause = NULL;

	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	req.method = method;
	req.path = path;
	req.body = body;
	req.body_len = body != NULL ? strlen(body) : 0;
	req.idempotent = strcmp(method, "GET") == 0;
	if (http_request(e->admin, &req, &resp, &cause) != TIX_OK &&
	    resp.status == 0)
		fail_msg("admin %s %s: %s", method, path, cause);
	free(cause);
	if (status != NULL)
		*status = resp.status;
	if (resp.body_len > 0)
		j = cJSON_ParseWithLength(resp.body, resp.body_len);
	http_response_done(&resp);
	return j;
}

cJSON *
conf_admin_ok(struct conf_emu *e, const char *method, const char *body,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*path;
	long	 status = 0;
	cJSON	*j;

	va_start(ap, fmt);
	path = xvasprintf(fmt, ap);
	va_end(ap);
	j = conf_admin(e, method, path, body, &status);
	if (status < 200 || status > 299)
		fail_msg("admin %s %s: HTTP %ld", method, path, status);
	free(path);
	return j;
}

double
conf_stat(struct conf_emu *e, ...)
{
	cJSON		*root;
	const cJSON	*o;
	const char	*key;
	va_list		 ap;
	double		 v = -1;

	root = conf_admin_ok(e, "GET", NULL, "/__emu/stats");
	o = root;
	va_start(ap, e);
	for (key = va_arg(ap, const char *); key != NULL;
	    key = va_arg(ap, const char *))
		o = cJSON_GetObjectItemCaseSensitive(o, key);
	va_end(ap);
	if (cJSON_IsNumber(o))
		v = o->valuedouble;
	cJSON_Delete(root);
	return v;
}

/* The text of a note in the admin view (API shape of either platform). */
static const char *
admin_note_text(const cJSON *n)
{
	static const char *const members[] = { "body", "body_text" };
	const cJSON	*v;

	for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
		v = cJSON_GetObjectItemCaseSensitive(n, members[i]);
		if (cJSON_IsString(v))
			return v->valuestring;
	}
	return "";
}

size_t
conf_admin_notes_with(struct conf_emu *e, const char *ticket,
    const char *text)
{
	cJSON		*j;
	const cJSON	*n, *v;
	size_t		 found = 0;

	j = conf_admin_ok(e, "GET", NULL, "/__emu/tickets/%s", ticket);
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(j, "notes")) {
		/* Freshdesk's body is HTML: body_text holds the words. */
		v = cJSON_GetObjectItemCaseSensitive(n, "body_text");
		if (cJSON_IsString(v) ? strstr(v->valuestring, text) != NULL :
		    strstr(admin_note_text(n), text) != NULL)
			found++;
	}
	cJSON_Delete(j);
	return found;
}

size_t
conf_admin_note_count(struct conf_emu *e, const char *ticket)
{
	cJSON	*j;
	size_t	 n;

	j = conf_admin_ok(e, "GET", NULL, "/__emu/tickets/%s", ticket);
	n = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j,
	    "notes"));
	cJSON_Delete(j);
	return n;
}

/* Move a page's records and removed ids into the listing. */
static void
listing_take(struct conf_listing *l, struct page *pg, enum tix_kind kind)
{
	l->r = xreallocarray(l->r, l->n + pg->n + 1, sizeof *l->r);
	for (size_t i = 0; i < pg->n; i++) {
		assert_int_equal(pg->records[i]->kind, kind);
		assert_int_equal(pg->records[i]->account, 1);
		l->r[l->n++] = pg->records[i];
		pg->records[i] = NULL;
	}
	pg->n = 0;
	l->removed = xreallocarray(l->removed, l->nremoved + pg->nremoved +
	    1, sizeof *l->removed);
	for (size_t i = 0; i < pg->nremoved; i++) {
		l->removed[l->nremoved++] = pg->removed[i];
		pg->removed[i] = NULL;
	}
	pg->nremoved = 0;
	if (pg->watermark > l->watermark)
		l->watermark = pg->watermark;
}

enum tix_err
conf_list(struct conf_emu *e, enum tix_kind kind, int64_t since,
    const char *ticket_id, size_t limit, struct conf_listing *l,
    char **cause)
{
	struct query	 q;
	struct page	 pg;
	char		*cursor = NULL;
	enum tix_err	 err;

	memset(l, 0, sizeof *l);
	do {
		memset(&q, 0, sizeof q);
		q.updated_since = since;
		q.ticket_id = ticket_id;
		q.cursor = cursor;
		q.limit = limit;
		memset(&pg, 0, sizeof pg);
		err = e->account.ops->list(&e->account, kind, &q, &pg, cause);
		free(cursor);
		cursor = NULL;
		if (err != TIX_OK) {
			/* A failed page hands nothing out. */
			assert_int_equal(pg.n, 0);
			page_done(&pg);
			return err;
		}
		l->pages++;
		listing_take(l, &pg, kind);
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		page_done(&pg);
	} while (cursor != NULL && l->pages < CONF_MAX_PAGES);
	if (cursor != NULL)
		fail_msg("list %s: more than %d pages", tix_kind_name(kind),
		    CONF_MAX_PAGES);
	return TIX_OK;
}

void
conf_list_ok(struct conf_emu *e, enum tix_kind kind, int64_t since,
    const char *ticket_id, size_t limit, struct conf_listing *l)
{
	char	*cause = NULL;

	if (conf_list(e, kind, since, ticket_id, limit, l, &cause) != TIX_OK)
		fail_msg("list %s: %s", tix_kind_name(kind), cause);
	assert_null(cause);
}

void
conf_listing_done(struct conf_listing *l)
{
	for (size_t i = 0; i < l->n; i++)
		record_free(&l->r[i]);
	free(l->r);
	for (size_t i = 0; i < l->nremoved; i++)
		free(l->removed[i]);
	free(l->removed);
	memset(l, 0, sizeof *l);
}

struct record *
conf_find(const struct conf_listing *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(record_id(l->r[i]), id) == 0)
			return l->r[i];
	}
	return NULL;
}

/* Ids in order: numeric ones by value, others after, by text. */
static int
id_cmp(const void *a, const void *b)
{
	const char	*x = *(const char *const *)a;
	const char	*y = *(const char *const *)b;
	size_t		 nx = strlen(x), ny = strlen(y);

	if (nx != ny)
		return nx < ny ? -1 : 1;
	return strcmp(x, y);
}

size_t
conf_distinct(const struct conf_listing *l)
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

bool
conf_removed_has(const struct conf_listing *l, const char *id)
{
	for (size_t i = 0; i < l->nremoved; i++) {
		if (strcmp(l->removed[i], id) == 0)
			return true;
	}
	return false;
}

int64_t
conf_newest(const struct conf_listing *l)
{
	int64_t	w = 0, t;

	for (size_t i = 0; i < l->n; i++) {
		switch (l->r[i]->kind) {
		case TIX_KIND_TICKET:
			t = l->r[i]->u.ticket.updated_at;
			break;
		case TIX_KIND_NOTE:
			t = l->r[i]->u.note.updated_at;
			break;
		case TIX_KIND_CUSTOMER:
			t = l->r[i]->u.customer.updated_at;
			break;
		default:
			t = 0;
			break;
		}
		if (t > w)
			w = t;
	}
	return w;
}

int64_t
conf_since(const struct conf_listing *l)
{
	return l->watermark != 0 ? l->watermark : conf_newest(l);
}

/* The emulator's customers for N tickets: max(3, N/3). */
size_t
conf_customers_for(size_t tickets)
{
	return tickets / 3 > 3 ? tickets / 3 : 3;
}

/* Compare numeric ids. */
static int
num_cmp(const void *a, const void *b)
{
	long long	x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/*
 * Every ticket listed, as the admin view has them: the ids are exactly
 * 1..ticket_count (the emulator's ids), so none is missed; no id comes
 * twice unless repeats are allowed (a walk that restarts its window
 * gets that second's tickets again).  probe_each also asks the admin
 * path for every listed ticket.
 */
void
conf_assert_all_tickets(struct conf_emu *e, const struct conf_listing *l,
    bool repeats, bool probe_each)
{
	size_t		 count = (size_t)conf_stat(e, "ticket_count", NULL);
	size_t		 n = 0;
	long long	*ids;
	long		 status;
	cJSON		*j;
	char		*path, *end;

	ids = xcalloc(l->n + 1, sizeof *ids);
	for (size_t i = 0; i < l->n; i++) {
		errno = 0;
		ids[i] = strtoll(record_id(l->r[i]), &end, 10);
		if (errno != 0 || *end != '\0' || ids[i] < 1)
			fail_msg("\"%s\" is not an emulator ticket id",
			    record_id(l->r[i]));
	}
	qsort(ids, l->n, sizeof *ids, num_cmp);
	for (size_t i = 0; i < l->n; i++) {
		if (i > 0 && ids[i] == ids[i - 1]) {
			if (!repeats)
				fail_msg("ticket %lld listed twice", ids[i]);
			continue;
		}
		if (ids[i] != (long long)n + 1)
			fail_msg("ticket %zu is missing (next listed: %lld)",
			    n + 1, ids[i]);
		n++;
	}
	free(ids);
	if (n != count)
		fail_msg("%zu tickets listed, the emulator has %zu", n, count);
	for (size_t i = 0; probe_each && i < l->n; i++) {
		path = xasprintf("/__emu/tickets/%s", record_id(l->r[i]));
		j = conf_admin(e, "GET", path, NULL, &status);
		if (status != 200 || cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(j, "deleted")))
			fail_msg("%s: listed, not in the admin view", path);
		cJSON_Delete(j);
		free(path);
	}
}

struct record *
conf_get_ticket(struct conf_emu *e, const char *id)
{
	struct record	*r = NULL;
	char		*cause = NULL;

	if (e->account.ops->get(&e->account, TIX_KIND_TICKET, id, &r,
	    &cause) != TIX_OK)
		fail_msg("get ticket %s: %s", id, cause);
	assert_null(cause);
	assert_non_null(r);
	assert_int_equal(r->kind, TIX_KIND_TICKET);
	assert_string_equal(r->u.ticket.id, id);
	return r;
}

struct record *
conf_update_ok(struct conf_emu *e, const char *id, const struct patch *p)
{
	struct record	*r = NULL;
	char		*cause = NULL;
	bool		 maybe_sent = true;

	if (e->account.ops->update(&e->account, id, p, &r, &maybe_sent,
	    &cause) != TIX_OK)
		fail_msg("update %s: %s", id, cause);
	assert_null(cause);
	assert_false(maybe_sent);
	assert_non_null(r);
	assert_string_equal(record_id(r), id);
	return r;
}

struct record *
conf_note(struct conf_emu *e, const char *ticket, const char *text,
    bool is_public, enum tix_err *err, bool *maybe_sent, char **cause)
{
	struct record	*in, *out = NULL;

	in = record_new(TIX_KIND_NOTE, 1);
	in->u.note.ticket_id = xstrdup(ticket);
	in->u.note.description = xstrdup(text);
	in->u.note.is_public = is_public;
	*err = e->account.ops->create(&e->account, in, &out, maybe_sent,
	    cause);
	record_free(&in);
	if (*err != TIX_OK)
		assert_null(out);
	return out;
}

struct record *
conf_note_ok(struct conf_emu *e, const char *ticket, const char *text,
    bool is_public)
{
	struct record	*n;
	char		*cause = NULL;
	enum tix_err	 err;
	bool		 maybe_sent = true;	/* the provider must clear it */

	n = conf_note(e, ticket, text, is_public, &err, &maybe_sent, &cause);
	if (err != TIX_OK)
		fail_msg("note on %s: %s", ticket, cause);
	assert_null(cause);
	assert_false(maybe_sent);
	assert_non_null(n);
	assert_int_equal(n->kind, TIX_KIND_NOTE);
	assert_string_equal(n->u.note.ticket_id, ticket);
	return n;
}

const char *
conf_pick_active(const struct conf_listing *l, size_t skip)
{
	const struct ticket	*t;
	int64_t			 now = (int64_t)time(NULL);

	for (size_t i = 0; i < l->n; i++) {
		t = &l->r[i]->u.ticket;
		if (t->status == TIX_STATUS_ACTIVE && t->updated_at < now - 2 &&
		    skip-- == 0)
			return t->id;
	}
	fail_msg("no active ticket to change");
	return NULL;
}

const char *
conf_agent(const struct conf_listing *l, bool me)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->r[i]->u.agent.is_me == me)
			return l->r[i]->u.agent.id;
	}
	fail_msg("no agent %s", me ? "is me" : "besides me");
	return NULL;
}

void
conf_assert_says(const char *s, const char *const *words, size_t nwords)
{
	assert_non_null(s);
	for (size_t i = 0; i < nwords && words[i] != NULL; i++) {
		if (strstr(s, words[i]) == NULL)
			fail_msg("\"%s\" does not say \"%s\"", s, words[i]);
	}
}

void
conf_assert_one_line(const char *cause)
{
	assert_non_null(cause);
	assert_true(cause[0] != '\0');
	if (strchr(cause, '\n') != NULL)
		fail_msg("not one line: \"%s\"", cause);
}
