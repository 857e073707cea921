/*
 * providers/zendesk end to end against tix-emu: each test starts its own
 * emulator (tests/emulators/tix-emu --provider zendesk --port 0, found
 * through $abs_top_builddir), writes a private config pointing at it and
 * drives the provider's ops through a struct account, as a worker would.
 * The emulator reads its stdin from a pipe this process holds, so it
 * exits when the test does, however the test ends.  Assertions compare
 * with the emulator's own view (/__emu/...), never with timings.
 */

#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
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
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/registry.h"

#define EMU_MAX_ARGS	24

/* One running emulator and the account pointed at it. */
struct fixture {
	pid_t			 pid;
	int			 in;		/* its stdin: closing ends it */
	unsigned		 port;
	char			 dir[64];
	char			*path;		/* the config file */
	struct config		*config;
	struct account		 account;
	struct http_client	*admin;
};

/* Start tix-emu with extra arguments (NULL-terminated). */
static void
emu_start(struct fixture *f, const char *const *extra)
{
	const char	*top, *argv[EMU_MAX_ARGS];
	char		*exe, line[32];
	int		 in[2], out[2];
	size_t		 n = 0, len = 0;
	ssize_t		 r;

	memset(f, 0, sizeof *f);
	top = getenv("abs_top_builddir");
	exe = xasprintf("%s/tests/emulators/tix-emu", top != NULL ? top :
	    ".");
	argv[n++] = exe;
	argv[n++] = "--provider";
	argv[n++] = "zendesk";
	argv[n++] = "--port";
	argv[n++] = "0";
	for (; extra != NULL && *extra != NULL; extra++) {
		assert_true(n < EMU_MAX_ARGS - 1);
		argv[n++] = *extra;
	}
	argv[n] = NULL;
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	f->pid = fork();
	assert_true(f->pid != -1);
	if (f->pid == 0) {
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
	f->in = in[1];
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
	f->port = (unsigned)strtoul(line, NULL, 10);
	assert_true(f->port > 0 && f->port < 65536);
}

/* Stop the emulator and free the fixture. */
static void
emu_stop(struct fixture *f)
{
	int	status;

	if (f->account.ops != NULL && f->account.ops->close != NULL)
		f->account.ops->close(&f->account);
	http_client_free(&f->admin);
	config_free(&f->config);
	if (f->path != NULL) {
		unlink(f->path);
		free(f->path);
	}
	if (f->dir[0] != '\0')
		rmdir(f->dir);
	if (f->in > 0)
		close(f->in);
	if (f->pid > 0)
		waitpid(f->pid, &status, 0);
	memset(f, 0, sizeof *f);
}

/*
 * Write a private config for account "zd" with the given lines after the
 * url line, load it and configure the account.
 */
static enum tix_err
account_setup(struct fixture *f, const char *lines, char **cause)
{
	const struct config_section	*sec;
	struct http_options		 o;
	char				*base;
	FILE				*fp;
	int				 fd;
	enum tix_err			 err;

	xsnprintf(f->dir, sizeof f->dir, "/tmp/tix-zd.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->path = xasprintf("%s/config", f->dir);
	fd = open(f->path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fprintf(fp, "[account zd]\nprovider = zendesk\n"
	    "url = http://127.0.0.1:%u/api/v2\n%s", f->port, lines);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(config_load(f->path, &f->config, NULL), TIX_OK);
	sec = config_find(f->config, "account", "zd");
	assert_non_null(sec);

	f->account.name = (char *)(uintptr_t)"zd";
	f->account.ops = provider_find("zendesk");
	assert_non_null(f->account.ops);
	f->account.config = sec;
	f->account.index = 1;
	atomic_store(&f->account.cancel, false);

	base = xasprintf("http://127.0.0.1:%u", f->port);
	memset(&o, 0, sizeof o);
	o.base_url = base;
	f->admin = http_client_new(&o);
	free(base);
	err = f->account.ops->configure(&f->account, cause);
	return err;
}

/* The usual account: token auth, opened. */
static void
account_open(struct fixture *f)
{
	char	*cause = NULL;

	assert_int_equal(account_setup(f, "email = agent@example.com\n"
	    "token = emu-api-token\n", &cause), TIX_OK);
	assert_int_equal(f->account.ops->open(&f->account, &cause), TIX_OK);
	assert_null(cause);
}

/* An admin request to the emulator; returns the parsed answer. */
static cJSON *
admin(struct fixture *f, const char *method, const char *path,
    const char *body)
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
	req.idempotent = true;
	if (http_request(f->admin, &req, &resp, &cause) != TIX_OK)
		fail_msg("admin %s %s: %s", method, path, cause);
	if (resp.body_len > 0)
		j = cJSON_ParseWithLength(resp.body, resp.body_len);
	http_response_done(&resp);
	return j;
}

/* A number from /__emu/stats at a path of keys (NULL-terminated). */
static double
stat_of(struct fixture *f, ...)
{
	cJSON		*root, *o;
	const char	*key;
	va_list		 ap;
	double		 v = 0;

	root = admin(f, "GET", "/__emu/stats", NULL);
	assert_non_null(root);
	o = root;
	va_start(ap, f);
	while ((key = va_arg(ap, const char *)) != NULL)
		o = cJSON_GetObjectItemCaseSensitive(o, key);
	va_end(ap);
	if (cJSON_IsNumber(o))
		v = o->valuedouble;
	cJSON_Delete(root);
	return v;
}

/* List every page of a kind into *all; returns the number of pages. */
static size_t
list_all(struct fixture *f, enum tix_kind kind, int64_t since,
    const char *ticket_id, struct page *all, enum tix_err want)
{
	struct query	 q;
	struct page	 pg;
	char		*cursor = NULL, *cause = NULL;
	size_t		 pages = 0;
	enum tix_err	 err;

	memset(all, 0, sizeof *all);
	do {
		memset(&q, 0, sizeof q);
		q.updated_since = since;
		q.ticket_id = ticket_id;
		q.cursor = cursor;
		memset(&pg, 0, sizeof pg);
		err = f->account.ops->list(&f->account, kind, &q, &pg,
		    &cause);
		pages++;
		free(cursor);
		cursor = NULL;
		if (err != TIX_OK) {
			assert_int_equal(err, want);
			assert_non_null(cause);
			free(cause);
			page_done(&pg);
			return pages;
		}
		assert_null(cause);
		for (size_t i = 0; i < pg.n; i++) {
			assert_int_equal(pg.records[i]->kind, kind);
			assert_int_equal(pg.records[i]->account, 1);
			page_add(all, pg.records[i]);
		}
		free(pg.records);
		pg.records = NULL;
		pg.n = 0;
		if (pg.watermark > all->watermark)
			all->watermark = pg.watermark;
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		page_done(&pg);
	} while (cursor != NULL);
	assert_int_equal(TIX_OK, want);
	return pages;
}

/* The record with an id in a page, or NULL. */
static struct record *
find(const struct page *pg, const char *id)
{
	for (size_t i = 0; i < pg->n; i++) {
		if (strcmp(record_id(pg->records[i]), id) == 0)
			return pg->records[i];
	}
	return NULL;
}

/*
 * A ticket that can still be changed (not "closed", card 1.4) and was
 * last changed before this second, so a change moves its updated_at.
 */
static const char *
pick_ticket(const struct page *pg, size_t skip)
{
	const struct ticket	*t;
	int64_t			 now = (int64_t)time(NULL);

	for (size_t i = 0; i < pg->n; i++) {
		t = &pg->records[i]->u.ticket;
		if (strcmp(t->status_raw, "closed") != 0 &&
		    t->updated_at < now - 2 && skip-- == 0)
			return t->id;
	}
	fail_msg("no ticket to change");
	return NULL;
}

/* No id twice in a page. */
static void
assert_unique(const struct page *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		for (size_t j = i + 1; j < pg->n && j < i + 200; j++)
			assert_string_not_equal(record_id(pg->records[i]),
			    record_id(pg->records[j]));
	}
}

/* List tickets with N tickets on the emulator, for page boundaries. */
static void
check_ticket_count(unsigned n, size_t want_pages)
{
	struct fixture	 f;
	struct page	 all;
	char		 num[16];
	const char	*args[] = { "--tickets", num, NULL };
	size_t		 pages;

	xsnprintf(num, sizeof num, "%u", n);
	emu_start(&f, args);
	account_open(&f);
	pages = list_all(&f, TIX_KIND_TICKET, 0, NULL, &all, TIX_OK);
	assert_int_equal(all.n, n);
	assert_int_equal(pages, want_pages);
	assert_int_equal(stat_of(&f, "requests", "GET /api/v2/tickets.json",
	    NULL), (double)want_pages);
	assert_unique(&all);
	if (n > 0) {
		assert_non_null(find(&all, "1"));
		xsnprintf(num, sizeof num, "%u", n);
		assert_non_null(find(&all, num));
		assert_true(all.watermark > 0);
	}
	page_done(&all);
	emu_stop(&f);
}

static void
test_page_boundaries(void **state)
{
	(void)state;
	check_ticket_count(0, 1);
	check_ticket_count(100, 1);
	check_ticket_count(101, 2);
	check_ticket_count(250, 3);
}

static void
test_other_kinds(void **state)
{
	struct fixture	 f;
	struct page	 pg;
	struct record	*r;
	size_t		 me = 0;
	char		*cause = NULL;

	(void)state;
	emu_start(&f, NULL);
	account_open(&f);
	list_all(&f, TIX_KIND_AGENT, 0, NULL, &pg, TIX_OK);
	assert_true(pg.n >= 2);
	for (size_t i = 0; i < pg.n; i++) {
		if (pg.records[i]->u.agent.is_me) {
			me++;
			assert_string_equal(pg.records[i]->u.agent.email,
			    "agent@example.com");
		}
	}
	assert_int_equal(me, 1);
	page_done(&pg);

	list_all(&f, TIX_KIND_CATEGORY, 0, NULL, &pg, TIX_OK);
	assert_true(pg.n > 0);
	assert_non_null(pg.records[0]->u.category.name);
	page_done(&pg);

	list_all(&f, TIX_KIND_CUSTOMER, 0, NULL, &pg, TIX_OK);
	assert_true(pg.n > 0);
	assert_unique(&pg);
	assert_int_equal(pg.records[0]->u.customer.nemails, 1);
	r = NULL;
	assert_int_equal(f.account.ops->get(&f.account, TIX_KIND_CUSTOMER,
	    pg.records[0]->u.customer.id, &r, &cause), TIX_OK);
	assert_string_equal(r->u.customer.emails[0].value,
	    pg.records[0]->u.customer.emails[0].value);
	record_free(&r);
	page_done(&pg);

	/* A missing ticket, an id that is not one. */
	assert_int_equal(f.account.ops->get(&f.account, TIX_KIND_TICKET,
	    "999999", &r, &cause), TIX_ERR_NOT_FOUND);
	assert_non_null(strstr(cause, "404"));
	assert_non_null(strstr(cause, "Not found"));
	free(cause);
	cause = NULL;
	assert_int_equal(f.account.ops->get(&f.account, TIX_KIND_TICKET,
	    "../users/me", &r, &cause), TIX_ERR_NOT_FOUND);
	free(cause);
	emu_stop(&f);
}

/* After an admin change, a list since the watermark has it. */
static void
check_incremental(const char *role)
{
	struct fixture	 f;
	struct page	 all, delta;
	struct record	*r;
	cJSON		*j;
	const char	*args[] = { "--tickets", "150", "--me-role", role,
			    NULL };
	int64_t		 wm;

	emu_start(&f, args);
	account_open(&f);
	list_all(&f, TIX_KIND_TICKET, 0, NULL, &all, TIX_OK);
	assert_int_equal(all.n, 150);
	wm = all.watermark;
	assert_true(wm > 0);
	r = find(&all, "7");
	assert_non_null(r);
	assert_int_not_equal(r->u.ticket.priority, TIX_PRIORITY_URGENT);
	page_done(&all);

	/* "As another agent". */
	j = admin(&f, "PUT", "/__emu/tickets/7",
	    "{\"priority\":\"urgent\",\"tags\":[\"changed-elsewhere\"]}");
	cJSON_Delete(j);

	list_all(&f, TIX_KIND_TICKET, wm, NULL, &delta, TIX_OK);
	r = find(&delta, "7");
	assert_non_null(r);
	assert_int_equal(r->u.ticket.priority, TIX_PRIORITY_URGENT);
	assert_string_equal(r->u.ticket.tags.v[0], "changed-elsewhere");
	assert_true(delta.n < 150);
	assert_true(delta.watermark >= wm);
	page_done(&delta);
	if (strcmp(role, "admin") == 0)
		assert_true(stat_of(&f, "requests",
		    "GET /api/v2/incremental/tickets/cursor.json", NULL) >= 1);

	/* Customers too. */
	list_all(&f, TIX_KIND_CUSTOMER, wm, NULL, &delta, TIX_OK);
	page_done(&delta);
	emu_stop(&f);
}

static void
test_incremental(void **state)
{
	(void)state;
	check_incremental("admin");
	check_incremental("agent");	/* export refused: sorted list */
}

/* get() the ticket and return it (fresh from the emulator). */
static struct record *
get_ticket(struct fixture *f, const char *id)
{
	struct record	*r = NULL;
	char		*cause = NULL;

	assert_int_equal(f->account.ops->get(&f->account, TIX_KIND_TICKET,
	    id, &r, &cause), TIX_OK);
	assert_null(cause);
	return r;
}

/* Update a ticket and expect success. */
static void
update_ok(struct fixture *f, const char *id, const struct patch *p)
{
	struct record	*r = NULL;
	char		*cause = NULL;
	bool		 maybe_sent = false;

	assert_int_equal(f->account.ops->update(&f->account, id, p, &r,
	    &maybe_sent, &cause), TIX_OK);
	assert_null(cause);
	assert_non_null(r);
	assert_string_equal(record_id(r), id);
	record_free(&r);
}

/* Add a note and return it. */
static struct record *
note_add(struct fixture *f, const char *ticket, const char *text, bool pub,
    enum tix_err want)
{
	struct record	*in, *out = NULL;
	char		*cause = NULL;
	enum tix_err	 err;
	bool		 maybe_sent = false;

	in = record_new(TIX_KIND_NOTE, 1);
	in->u.note.ticket_id = xstrdup(ticket);
	in->u.note.description = xstrdup(text);
	in->u.note.is_public = pub;
	err = f->account.ops->create(&f->account, in, &out,
	    &maybe_sent, &cause);
	record_free(&in);
	assert_int_equal(err, want);
	if (err != TIX_OK) {
		assert_non_null(cause);
		free(cause);
		return NULL;
	}
	return out;
}

static void
test_writes(void **state)
{
	struct fixture	 f;
	struct page	 cats, agents, notes, tickets;
	struct patch	 p;
	struct record	*t, *n;
	const char	*me = NULL, *other = NULL, *group, *id;

	(void)state;
	emu_start(&f, NULL);
	account_open(&f);
	list_all(&f, TIX_KIND_TICKET, 0, NULL, &tickets, TIX_OK);
	id = pick_ticket(&tickets, 0);
	list_all(&f, TIX_KIND_CATEGORY, 0, NULL, &cats, TIX_OK);
	list_all(&f, TIX_KIND_AGENT, 0, NULL, &agents, TIX_OK);
	for (size_t i = 0; i < agents.n; i++) {
		if (agents.records[i]->u.agent.is_me)
			me = agents.records[i]->u.agent.id;
		else if (other == NULL)
			other = agents.records[i]->u.agent.id;
	}
	assert_non_null(me);
	assert_non_null(other);

	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY;
	p.priority = TIX_PRIORITY_LOW;
	update_ok(&f, id, &p);
	t = get_ticket(&f, id);
	assert_int_equal(t->u.ticket.priority, TIX_PRIORITY_LOW);
	assert_string_equal(t->u.ticket.priority_raw, "low");
	record_free(&t);

	p.fields = TIX_PATCH_STATUS;
	p.status = TIX_STATUS_CLOSED;
	update_ok(&f, id, &p);
	t = get_ticket(&f, id);
	assert_int_equal(t->u.ticket.status, TIX_STATUS_CLOSED);
	assert_string_equal(t->u.ticket.status_raw, "solved");
	record_free(&t);
	p.status = TIX_STATUS_ACTIVE;
	update_ok(&f, id, &p);
	t = get_ticket(&f, id);
	assert_string_equal(t->u.ticket.status_raw, "open");
	record_free(&t);

	p.fields = TIX_PATCH_ASSIGNEE;
	p.user_id = (char *)(uintptr_t)other;
	update_ok(&f, id, &p);
	t = get_ticket(&f, id);
	assert_string_equal(t->u.ticket.user_id, other);
	record_free(&t);
	p.user_id = NULL;
	update_ok(&f, id, &p);
	t = get_ticket(&f, id);
	assert_null(t->u.ticket.user_id);
	record_free(&t);

	group = record_id(cats.records[cats.n - 1]);
	p.fields = TIX_PATCH_CATEGORY;
	p.category_id = (char *)(uintptr_t)group;
	update_ok(&f, id, &p);
	t = get_ticket(&f, id);
	assert_string_equal(t->u.ticket.category_id, group);
	record_free(&t);

	p.fields = TIX_PATCH_TAGS;
	strv_add(&p.tags, "vip");
	strv_add(&p.tags, "from-tix");
	update_ok(&f, id, &p);
	t = get_ticket(&f, id);
	assert_int_equal(t->u.ticket.tags.n, 2);
	assert_true(strv_has(&t->u.ticket.tags, "vip"));
	assert_true(strv_has(&t->u.ticket.tags, "from-tix"));
	record_free(&t);
	strv_done(&p.tags);

	/* A public reply and an internal note, by "me". */
	n = note_add(&f, id, "Public reply from tix", true, TIX_OK);
	assert_true(n->u.note.is_public);
	assert_string_equal(n->u.note.user_id, me);
	record_free(&n);
	n = note_add(&f, id, "Internal note\nsecond line", false, TIX_OK);
	assert_false(n->u.note.is_public);
	record_free(&n);
	list_all(&f, TIX_KIND_NOTE, 0, id, &notes, TIX_OK);
	assert_true(notes.n >= 3);
	n = notes.records[notes.n - 2];
	assert_string_equal(n->u.note.description, "Public reply from tix");
	assert_true(n->u.note.is_public);
	assert_string_equal(n->u.note.user_id, me);
	n = notes.records[notes.n - 1];
	assert_string_equal(n->u.note.description,
	    "Internal note\nsecond line");
	assert_false(n->u.note.is_public);
	/* The first comment is the requester's: a customer's. */
	assert_non_null(notes.records[0]->u.note.customer_id);
	assert_null(notes.records[0]->u.note.user_id);
	page_done(&notes);
	assert_int_equal(stat_of(&f, "duplicate_notes", NULL), 0);


	page_done(&cats);
	page_done(&agents);
	page_done(&tickets);
	emu_stop(&f);
}

static void
test_conflict(void **state)
{
	struct fixture	 f;
	struct page	 all;
	struct patch	 p;
	struct record	*r = NULL;
	cJSON		*j;
	char		*cause = NULL, *path;
	const char	*args[] = { "--tickets", "20", NULL }, *id;
	bool		 maybe_sent = false;

	(void)state;
	emu_start(&f, args);
	account_open(&f);
	list_all(&f, TIX_KIND_TICKET, 0, NULL, &all, TIX_OK);
	id = pick_ticket(&all, 0);
	/* Someone else changes it after we loaded it. */
	path = xasprintf("/__emu/tickets/%s", id);
	j = admin(&f, "PUT", path, "{\"status\":\"pending\"}");
	cJSON_Delete(j);
	free(path);
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY;
	p.priority = TIX_PRIORITY_HIGH;
	assert_int_equal(f.account.ops->update(&f.account, id, &p, &r,
	    &maybe_sent, &cause), TIX_ERR_CONFLICT);
	assert_null(r);
	assert_non_null(strstr(cause, "someone else changed"));
	free(cause);
	cause = NULL;
	r = get_ticket(&f, id);
	assert_int_not_equal(r->u.ticket.priority, TIX_PRIORITY_HIGH);
	assert_string_equal(r->u.ticket.status_raw, "pending");
	record_free(&r);
	/* Seen afresh now: the change goes through. */
	update_ok(&f, id, &p);
	r = get_ticket(&f, id);
	assert_int_equal(r->u.ticket.priority, TIX_PRIORITY_HIGH);
	record_free(&r);
	page_done(&all);
	emu_stop(&f);
}

/* List all tickets through a fault; they all arrive. */
static void
check_fault_recovers(const char *flag, const char *value, const char *stat)
{
	struct fixture	 f;
	struct page	 all;
	const char	*args[] = { "--tickets", "1000", flag, value, NULL };

	emu_start(&f, args);
	account_open(&f);
	list_all(&f, TIX_KIND_TICKET, 0, NULL, &all, TIX_OK);
	assert_int_equal(all.n, 1000);
	assert_unique(&all);
	page_done(&all);
	assert_true(stat_of(&f, "faults", stat, NULL) >= 1);
	emu_stop(&f);
}

static void
test_fault_retries(void **state)
{
	(void)state;
	check_fault_recovers("--fault-429-every", "3", "429");
	check_fault_recovers("--fault-5xx-rate", "0.3", "5xx");
	check_fault_recovers("--fault-drop-every", "2", "drop");
}

/* A fault that cannot be retried: a clear error, then recovery. */
static void
check_fault_fails(const char *flag, enum tix_err want, const char *words)
{
	struct fixture	 f;
	struct query	 q;
	struct page	 pg;
	char		*cause = NULL;
	const char	*args[] = { "--tickets", "50", flag, "2", NULL };

	emu_start(&f, args);
	account_open(&f);		/* request 1 */
	memset(&q, 0, sizeof q);
	memset(&pg, 0, sizeof pg);
	assert_int_equal(f.account.ops->list(&f.account, TIX_KIND_TICKET,
	    &q, &pg, &cause), want);	/* request 2: the fault */
	assert_non_null(cause);
	assert_non_null(strstr(cause, words));
	assert_null(strchr(cause, '\n'));
	assert_int_equal(pg.n, 0);
	free(cause);
	cause = NULL;
	assert_int_equal(f.account.ops->list(&f.account, TIX_KIND_TICKET,
	    &q, &pg, &cause), TIX_OK);	/* request 3 */
	assert_int_equal(pg.n, 50);
	page_done(&pg);
	emu_stop(&f);
}

static void
test_fault_bad_bodies(void **state)
{
	(void)state;
	check_fault_fails("--fault-truncate-every", TIX_ERR_PARSE,
	    "not JSON");
	check_fault_fails("--fault-invalid-json-every", TIX_ERR_PARSE,
	    "not JSON");
}

static void
test_fault_drops(void **state)
{
	struct fixture	 f;
	struct page	 notes;
	size_t		 found = 0;
	const char	*args[] = { "--tickets", "10",
			    "--fault-drop-after-write", "1", NULL };
	const char	*all_drop[] = { "--fault-drop-every", "1", NULL };
	char		*cause = NULL;

	(void)state;
	/* The note is applied, the answer lost: NETWORK, no resend. */
	emu_start(&f, args);
	account_open(&f);
	assert_null(note_add(&f, "4", "sent once", false, TIX_ERR_NETWORK));
	assert_int_equal(stat_of(&f, "tickets", "4", "notes_added", NULL), 1);
	assert_int_equal(stat_of(&f, "duplicate_notes", NULL), 0);
	list_all(&f, TIX_KIND_NOTE, 0, "4", &notes, TIX_OK);
	for (size_t i = 0; i < notes.n; i++) {
		if (strcmp(notes.records[i]->u.note.description,
		    "sent once") == 0)
			found++;
	}
	assert_int_equal(found, 1);
	page_done(&notes);
	emu_stop(&f);

	/* Every answer dropped: a clear network error, not a hang. */
	emu_start(&f, all_drop);
	assert_int_equal(account_setup(&f, "email = agent@example.com\n"
	    "token = emu-api-token\n", &cause), TIX_OK);
	assert_int_equal(f.account.ops->open(&f.account, &cause),
	    TIX_ERR_NETWORK);
	assert_non_null(cause);
	free(cause);
	emu_stop(&f);
}

static void
test_auth(void **state)
{
	struct fixture	 f;
	char		*cause = NULL;

	(void)state;
	emu_start(&f, NULL);
	assert_int_equal(account_setup(&f, "email = agent@example.com\n"
	    "token = wrong-token\n", &cause), TIX_OK);
	assert_int_equal(f.account.ops->open(&f.account, &cause),
	    TIX_ERR_AUTH);
	assert_non_null(strstr(cause, "refused"));
	assert_non_null(strstr(cause, "Couldn't authenticate you"));
	assert_null(strstr(cause, "wrong-token"));
	free(cause);
	cause = NULL;
	emu_stop(&f);

	/* OAuth bearer. */
	emu_start(&f, NULL);
	assert_int_equal(account_setup(&f, "auth = oauth\n"
	    "token = emu-oauth-token\n", &cause), TIX_OK);
	assert_int_equal(f.account.ops->open(&f.account, &cause), TIX_OK);
	/* A retry after close() configures again. */
	f.account.ops->close(&f.account);
	assert_int_equal(f.account.ops->open(&f.account, &cause), TIX_OK);
	emu_stop(&f);

	/* Config errors name the file, line and key. */
	emu_start(&f, NULL);
	assert_int_equal(account_setup(&f, "token = t\n", &cause),
	    TIX_ERR_INVALID);
	assert_non_null(strstr(cause, "config:"));
	assert_non_null(strstr(cause, "]: email: missing"));
	free(cause);
	cause = NULL;
	emu_stop(&f);
	emu_start(&f, NULL);
	assert_int_equal(account_setup(&f, "email = a@b\ntoken = t\n"
	    "category = field:abc\n", &cause), TIX_ERR_INVALID);
	assert_non_null(strstr(cause, "config:6:"));
	assert_non_null(strstr(cause, "]: category: expected"));
	free(cause);
	cause = NULL;
	emu_stop(&f);
	emu_start(&f, NULL);
	assert_int_equal(account_setup(&f, "email = a@b\ntoken = t\n"
	    "subdomian = acme\n", &cause), TIX_ERR_INVALID);
	assert_non_null(strstr(cause,
	    "]: subdomian: not a Zendesk account setting"));
	free(cause);
	emu_stop(&f);
}

static void
test_hostile(void **state)
{
	struct fixture	 f;
	struct page	 all, notes;
	struct record	*r;
	cJSON		*j, *a;
	const char	*args[] = { "--tickets", "40", "--hostile", NULL };

	(void)state;
	emu_start(&f, args);
	account_open(&f);
	list_all(&f, TIX_KIND_TICKET, 0, NULL, &all, TIX_OK);
	assert_int_equal(all.n, 40);
	/* Kept raw: the store's sanitizer is tested on its own. */
	r = find(&all, "1");
	assert_non_null(strstr(r->u.ticket.subject, "\x1b[2J"));
	r = find(&all, "2");
	assert_non_null(strstr(r->u.ticket.subject, "\xff\xfe"));
	r = find(&all, "3");
	assert_true(strlen(r->u.ticket.description) >= 1024 * 1024);
	page_done(&all);

	/* The 10,000-note thread arrives whole. */
	list_all(&f, TIX_KIND_NOTE, 0, "2", &notes, TIX_OK);
	j = admin(&f, "GET", "/__emu/tickets/2", NULL);
	a = cJSON_GetObjectItemCaseSensitive(j, "notes");
	assert_int_equal(notes.n, (size_t)cJSON_GetArraySize(a));
	assert_true(notes.n > 10000);
	assert_unique(&notes);
	cJSON_Delete(j);
	page_done(&notes);
	list_all(&f, TIX_KIND_CUSTOMER, 0, NULL, &all, TIX_OK);
	page_done(&all);
	emu_stop(&f);
}

static void
test_ten_thousand(void **state)
{
	struct fixture	 f;
	struct page	 all;
	const char	*args[] = { "--tickets", "10000", NULL };
	size_t		 pages;

	(void)state;
	emu_start(&f, args);
	account_open(&f);
	pages = list_all(&f, TIX_KIND_TICKET, 0, NULL, &all, TIX_OK);
	assert_int_equal(all.n, (size_t)stat_of(&f, "ticket_count", NULL));
	assert_int_equal(all.n, 10000);
	assert_int_equal(pages, 100);
	assert_non_null(find(&all, "10000"));
	page_done(&all);
	emu_stop(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_boundaries),
		cmocka_unit_test(test_other_kinds),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_writes),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_fault_retries),
		cmocka_unit_test(test_fault_bad_bodies),
		cmocka_unit_test(test_fault_drops),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_ten_thousand),
	};

	signal(SIGPIPE, SIG_IGN);
	json_init();
	http_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
