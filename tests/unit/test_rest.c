/*
 * The REST kit's own rules (providers/rest.h), whatever the platform:
 * cursors, which list a walk takes, field maps (first member wins,
 * optional, required and strict members, nested paths, contact points,
 * levels and the account's labels, named numbers, note authors), the
 * bad-record policy and the id check.  A made-up platform, Testdesk,
 * holds one field of each kind; test_zendesk and test_freshdesk check
 * the real descriptors.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/json.h"
#include "core/model.h"
#include "providers/rest.h"
#include "tests/unit/rest_fixture.h"

/* Words, and one number with its label, as a platform may mix them. */
static const struct rest_level t_statuses[] = {
	{ .name = "open", .level = TIX_STATUS_ACTIVE, .write = true },
	{ .name = "done", .level = TIX_STATUS_CLOSED, .write = true },
	{ .name = "Solved", .number = 4, .level = TIX_STATUS_CLOSED },
};
static const char *const t_channels[] = { NULL, "email", "web" };

#define T(m)	offsetof(struct ticket, m)
static const struct rest_field t_ticket[] = {
	{ .member = "id", .offset = T(id), .conv = REST_ID, .required = true },
	{ .member = "title", .offset = T(subject), .conv = REST_STRING },
	{ .member = "subject", .offset = T(subject), .conv = REST_STRING },
	{ .member = "body.text.plain", .offset = T(description),
	  .conv = REST_STRING },
	{ .member = "state", .offset = T(status), .conv = REST_STATUS,
	  .aux = T(status_raw), .levels = t_statuses,
	  .nlevels = REST_N(t_statuses) },
	{ .member = "flags", .offset = T(tags), .conv = REST_STRV },
	{ .member = "channel", .offset = T(source), .conv = REST_NAME,
	  .names = t_channels, .nnames = REST_N(t_channels) },
	{ .member = "changed", .offset = T(updated_at), .conv = REST_TIME },
	{ .member = "due", .offset = T(due_at), .conv = REST_TIME,
	  .strict = true },
};
#undef T
#define C(m)	offsetof(struct customer, m)
static const struct rest_field t_person[] = {
	{ .member = "id", .offset = C(id), .conv = REST_ID, .required = true },
	{ .member = "email", .offset = C(emails), .conv = REST_POINT,
	  .aux = C(nemails) },
	{ .member = "emails", .offset = C(emails), .conv = REST_POINT,
	  .aux = C(nemails), .type = "OTHER" },
	{ .member = "phone", .offset = C(telephones), .conv = REST_POINT,
	  .aux = C(ntelephones), .type = "WORK" },
};
#undef C
#define N(m)	offsetof(struct note, m)
static const struct rest_field t_note[] = {
	{ .member = "id", .offset = N(id), .conv = REST_ID, .required = true },
	{ .member = "text", .offset = N(description), .conv = REST_STRING },
	{ .member = "hidden", .offset = N(is_public), .conv = REST_NOT_BOOL,
	  .strict = true },
	{ .member = "author", .offset = N(user_id), .conv = REST_AUTHOR,
	  .strict = true },
	{ .member = "at", .offset = N(created_at), .conv = REST_TIME },
};
#undef N

enum {
	T_LIST_TICKETS,		/* a cursor in the body */
	T_LIST_PEOPLE,		/* polls only: a Link header */
	T_LIST_NOTES,		/* one answer */
	T_LIST_BY_PAGE,		/* page=N, a window of 3 pages */
	T_LIST_BY_OFFSET,	/* offset=N */
};
static const struct rest_list t_lists[] = {
	{ .kind = TIX_KIND_TICKET, .path = "/t?n={limit}", .page_max = 50,
	  .items = "page.items", .pager = REST_PAGER_CURSOR,
	  .more = "page.more", .cursor = "page.next", .cursor_arg = "after" },
	{ .kind = TIX_KIND_CUSTOMER, .when = REST_WHEN_SINCE,
	  .path = "/c?since={since}", .pager = REST_PAGER_LINK },
	{ .kind = TIX_KIND_NOTE, .path = "/t/{ticket}/notes",
	  .items = "notes" },
	{ .kind = TIX_KIND_TICKET, .when = REST_WHEN_CHAINED,
	  .path = "/p?since={since}&size={limit}&page=1", .page_max = 2,
	  .pager = REST_PAGER_PAGE, .page_arg = "page", .since_arg = "since",
	  .window = 3 },
	{ .kind = TIX_KIND_TICKET, .when = REST_WHEN_CHAINED,
	  .path = "/o?limit={limit}&start=0", .page_max = 2,
	  .pager = REST_PAGER_OFFSET, .page_arg = "start" },
};

static const struct rest_platform t_platform = {
	.name = "Testdesk",
	.kinds = {
		[TIX_KIND_TICKET] = { .what = "ticket", .fields = t_ticket,
		    .nfields = REST_N(t_ticket) },
		[TIX_KIND_CUSTOMER] = { .what = "person", .fields = t_person,
		    .nfields = REST_N(t_person) },
		[TIX_KIND_AGENT] = { .what = "agent" },
		[TIX_KIND_CATEGORY] = { .what = "queue" },
		[TIX_KIND_NOTE] = { .what = "note", .fields = t_note,
		    .nfields = REST_N(t_note) },
	},
	.lists = t_lists,
	.nlists = REST_N(t_lists),
	.ticket_url = "/ui/t/",
};

/* An account at https://t.example whose user, an agent, is 10. */
static struct fixture_account	t_account = {
	.pf = &t_platform,
	.web_base = "https://t.example",
	.me = "10",
};

static struct record *
ticket_of(const char *json)
{
	return fixture_read(&fx, TIX_KIND_TICKET, json, NULL, TIX_OK);
}

/* A cursor a page hands out starts the next walk where it said. */
static void
test_cursor_round_trip(void **state)
{
	struct rest_walk	 w;
	struct query		 q;
	struct page		 pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, T_LIST_TICKETS, 1700000000, 20,
	    "/t?n=20&after=x1", "{\"page\":{\"items\":[],\"more\":true,"
	    "\"next\":\"a:b/c\"}}", NULL, &pg), TIX_OK);
	/* LIST:SINCE:LIMIT:PATH, the cursor's own argument replaced. */
	assert_string_equal(pg.next_cursor,
	    "0:1700000000:20:/t?n=20&after=a%3Ab%2Fc");
	memset(&q, 0, sizeof q);
	q.cursor = pg.next_cursor;
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_TICKET, &q),
	    "/t?n=20&after=a%3Ab%2Fc");
	assert_int_equal(w.list, T_LIST_TICKETS);
	assert_int_equal(w.since, 1700000000);
	assert_int_equal(w.limit, 20);
	rest_walk_done(&w);
	page_done(&pg);

	/* The last page: no cursor, more or not said by the cursor. */
	assert_int_equal(fixture_page(&fx, T_LIST_TICKETS, 0, 0, "/t?n=50",
	    "{\"page\":{\"items\":[],\"more\":false,\"next\":\"z\"}}", NULL,
	    &pg), TIX_OK);
	assert_null(pg.next_cursor);
	page_done(&pg);
}

/* A cursor tix did not hand out is refused, never sent. */
static void
test_cursor_refused(void **state)
{
	static const char *const bad[] = {
		"", "x", "0", "0:0", "0:0:0", "0:0:0:",
		"9:0:0:/t",		/* no such list */
		"1:0:0:/c",		/* a list of another kind */
		"-1:0:0:/t", "0:-1:0:/t", "0:x:0:/t", "0:0:x:/t",
		"0:0:100001:/t", "0:99999999999999999999:0:/t",
		"0 :0:0:/t",
		/* What tix 0.1 handed out. */
		"c:abc", "i:MTU3:x", "http://h/api/v2/tickets?page=2",
	};
	struct query	q;

	(void)state;
	memset(&q, 0, sizeof q);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		q.cursor = bad[i];
		assert_int_equal(fixture_walk_fails(&fx, TIX_KIND_TICKET, &q),
		    TIX_ERR_INVALID);
		assert_string_equal(fx.cause, "not a Testdesk cursor");
	}
}

/* The first list of the kind whose when holds; its page size capped. */
static void
test_walk_first(void **state)
{
	struct rest_walk	 w;
	struct query		 q;

	(void)state;
	memset(&q, 0, sizeof q);
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_TICKET, &q),
	    "/t?n=50");
	rest_walk_done(&w);
	q.limit = 20;
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_TICKET, &q),
	    "/t?n=20");
	rest_walk_done(&w);
	q.limit = 80;
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_TICKET, &q),
	    "/t?n=50");
	rest_walk_done(&w);

	/* A list for polls only; no list at all. */
	memset(&q, 0, sizeof q);
	assert_int_equal(fixture_walk_fails(&fx, TIX_KIND_CUSTOMER, &q),
	    TIX_ERR_UNSUPPORTED);
	assert_non_null(strstr(fx.cause, "cannot list customer"));
	q.updated_since = 1700000000;
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_CUSTOMER, &q),
	    "/c?since=2023-11-14T22%3A13%3A20Z");
	rest_walk_done(&w);
	assert_int_equal(fixture_walk_fails(&fx, TIX_KIND_AGENT, &q),
	    TIX_ERR_UNSUPPORTED);
	memset(&q, 0, sizeof q);
	q.ticket_id = "35";
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_NOTE, &q),
	    "/t/35/notes");
	assert_string_equal(w.ticket_id, "35");
	rest_walk_done(&w);
}

/* Of two members for one field, the first present and readable wins. */
static void
test_first_member_wins(void **state)
{
	static const struct {
		const char	*json;
		const char	*want;
	} cases[] = {
		{ "{\"id\":1,\"title\":\"T\",\"subject\":\"S\"}", "T" },
		{ "{\"id\":1,\"subject\":\"S\",\"title\":\"T\"}", "T" },
		{ "{\"id\":1,\"subject\":\"S\"}", "S" },
		{ "{\"id\":1,\"title\":null,\"subject\":\"S\"}", "S" },
		/* Of the wrong type: absent, so the fallback is read. */
		{ "{\"id\":1,\"title\":[],\"subject\":\"S\"}", "S" },
		{ "{\"id\":1,\"title\":\"\",\"subject\":\"S\"}", "" },
	};
	struct record	*r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = ticket_of(cases[i].json);
		assert_string_equal(r->u.ticket.subject, cases[i].want);
		record_free(&r);
	}
}

/* Optional of the wrong type: absent; strict: a bad record. */
static void
test_member_types(void **state)
{
	struct record	*r;

	(void)state;
	r = ticket_of("{\"id\":1,\"flags\":\"x\",\"changed\":5,"
	    "\"channel\":true,\"state\":{},\"due\":null}");
	assert_int_equal(r->u.ticket.tags.n, 0);
	assert_int_equal(r->u.ticket.updated_at, 0);
	assert_null(r->u.ticket.source);
	assert_int_equal(r->u.ticket.status, TIX_STATUS_ACTIVE);
	assert_null(r->u.ticket.status_raw);
	assert_int_equal(r->u.ticket.due_at, 0);
	record_free(&r);

	/* A strict member may be absent, not wrong. */
	fixture_read(&fx, TIX_KIND_TICKET, "{\"id\":1,\"due\":5}", NULL,
	    TIX_ERR_PARSE);
	assert_string_equal(fx.cause,
	    "Testdesk ticket: \"due\" is not an ISO-8601 time");
	fixture_read(&fx, TIX_KIND_TICKET, "{\"id\":1,\"due\":\"soon\"}",
	    NULL, TIX_ERR_PARSE);
	r = ticket_of("{\"id\":1,\"due\":\"2026-01-02T00:00:00Z\"}");
	assert_int_equal(r->u.ticket.due_at, 1767312000);
	record_free(&r);

	/* A required one must be there and right. */
	fixture_read(&fx, TIX_KIND_TICKET, "{\"title\":\"x\"}", NULL,
	    TIX_ERR_PARSE);
	assert_string_equal(fx.cause, "Testdesk ticket without \"id\"");
	fixture_read(&fx, TIX_KIND_TICKET, "{\"id\":\"1\"}", NULL,
	    TIX_ERR_PARSE);
	assert_string_equal(fx.cause, "Testdesk ticket: \"id\" is not an id");
	fixture_read(&fx, TIX_KIND_TICKET, "[{\"id\":1}]", NULL,
	    TIX_ERR_PARSE);
	assert_string_equal(fx.cause, "Testdesk ticket is not an object");

	/* A kind the platform has no fields for. */
	fixture_read(&fx, TIX_KIND_AGENT, "{\"id\":1}", NULL,
	    TIX_ERR_UNSUPPORTED);
}

/* An unknown status is ACTIVE and keeps the platform's word. */
static void
test_status_levels(void **state)
{
	static const struct {
		const char	*json;
		enum tix_status	 status;
		const char	*raw;
	} cases[] = {
		{ "\"escalated\"", TIX_STATUS_ACTIVE, "escalated" },
		{ "\"open\"", TIX_STATUS_ACTIVE, "open" },
		{ "\"done\"", TIX_STATUS_CLOSED, "done" },
		{ "4", TIX_STATUS_CLOSED, "Solved" },
		{ "9", TIX_STATUS_ACTIVE, "9" },
	};
	struct record	*r;
	char		*json;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json = xasprintf("{\"id\":1,\"state\":%s,\"changed\":"
		    "\"2026-01-02T00:00:00Z\"}", cases[i].json);
		r = ticket_of(json);
		free(json);
		assert_int_equal(r->u.ticket.status, cases[i].status);
		assert_string_equal(r->u.ticket.status_raw, cases[i].raw);
		/* A closed ticket without its own close time: its change. */
		assert_int_equal(r->u.ticket.closed_at,
		    cases[i].status == TIX_STATUS_CLOSED ? 1767312000 : 0);
		record_free(&r);
	}
}

/* The account's own status labels win over the table's; the class not. */
static void
test_status_labels(void **state)
{
	struct record	*r;

	(void)state;
	fixture_label(&fx, 4, "Done here");
	fixture_label(&fx, 9, "Waiting");
	r = ticket_of("{\"id\":1,\"state\":4}");
	assert_int_equal(r->u.ticket.status, TIX_STATUS_CLOSED);
	assert_string_equal(r->u.ticket.status_raw, "Done here");
	record_free(&r);
	r = ticket_of("{\"id\":1,\"state\":9}");
	assert_int_equal(r->u.ticket.status, TIX_STATUS_ACTIVE);
	assert_string_equal(r->u.ticket.status_raw, "Waiting");
	record_free(&r);
	r = ticket_of("{\"id\":1,\"state\":\"done\"}");
	assert_string_equal(r->u.ticket.status_raw, "done");
	record_free(&r);

	rest_labels_set(&fx.r, NULL, 0);
	r = ticket_of("{\"id\":1,\"state\":4}");
	assert_string_equal(r->u.ticket.status_raw, "Solved");
	record_free(&r);
}

/* The member at path in {"a":{NAME:{"c":4}}}, NAME n bytes long. */
static int
nested_number(size_t n)
{
	char		*name, *json, *path;
	cJSON		*j;
	const cJSON	*v;
	int		 out;

	name = xmalloc(n + 1);
	memset(name, 'b', n);
	name[n] = '\0';
	json = xasprintf("{\"a\":{\"%s\":{\"c\":4}}}", name);
	path = xasprintf("a.%s.c", name);
	j = fixture_json(json);
	v = rest_member(j, path);
	out = cJSON_IsNumber(v) ? v->valueint : -1;
	cJSON_Delete(j);
	free(path);
	free(json);
	free(name);
	return out;
}

/* A member path walks nested objects; anything else on it: absent. */
static void
test_nested_members(void **state)
{
	struct record	*r;
	cJSON		*j;
	const cJSON	*v;

	(void)state;
	r = ticket_of("{\"id\":1,\"body\":{\"text\":{\"plain\":\"hi\\nthere\","
	    "\"html\":\"<p>hi</p>\"}}}");
	assert_string_equal(r->u.ticket.description, "hi\nthere");
	record_free(&r);
	r = ticket_of("{\"id\":1,\"body\":{\"html\":\"x\"}}");
	assert_null(r->u.ticket.description);
	record_free(&r);
	r = ticket_of("{\"id\":1,\"body\":\"text\"}");
	assert_null(r->u.ticket.description);
	record_free(&r);
	r = ticket_of("{\"id\":1,\"body\":{\"text\":[\"plain\"]}}");
	assert_null(r->u.ticket.description);
	record_free(&r);

	j = fixture_json("{\"a\":{\"b\":{\"c\":3}}}");
	v = rest_member(j, "a.b.c");
	assert_true(cJSON_IsNumber(v));
	assert_int_equal(v->valueint, 3);
	assert_true(cJSON_IsObject(rest_member(j, "a.b")));
	assert_null(rest_member(j, "a.x.c"));
	assert_null(rest_member(j, "a.b.c.d"));
	cJSON_Delete(j);
	/* A name on the way is at most 63 bytes: longer, none. */
	assert_int_equal(nested_number(63), 4);
	assert_int_equal(nested_number(64), -1);
}

/* REST_POINT adds to what is there: a string or an array of them. */
static void
test_contact_points(void **state)
{
	struct record	*r;
	struct customer	*c;

	(void)state;
	r = fixture_read(&fx, TIX_KIND_CUSTOMER, "{\"id\":1,\"email\":"
	    "\"a@x\",\"emails\":[\"b@x\",\"\",3,null,\"c@x\"],\"phone\":"
	    "\"+1 555\"}", NULL, TIX_OK);
	c = &r->u.customer;
	assert_int_equal(c->nemails, 3);
	assert_string_equal(c->emails[0].value, "a@x");
	assert_null(c->emails[0].type);
	assert_string_equal(c->emails[1].value, "b@x");
	assert_string_equal(c->emails[1].type, "OTHER");
	assert_string_equal(c->emails[2].value, "c@x");
	assert_int_equal(c->ntelephones, 1);
	assert_string_equal(c->telephones[0].value, "+1 555");
	assert_string_equal(c->telephones[0].type, "WORK");
	record_free(&r);

	/* One of the wrong type is absent; the others still add. */
	r = fixture_read(&fx, TIX_KIND_CUSTOMER, "{\"id\":1,\"email\":5,"
	    "\"emails\":\"d@x\",\"phone\":\"\"}", NULL, TIX_OK);
	c = &r->u.customer;
	assert_int_equal(c->nemails, 1);
	assert_string_equal(c->emails[0].value, "d@x");
	assert_int_equal(c->ntelephones, 0);
	record_free(&r);
}

/* A number's name from the table; a string as it is; else the number. */
static void
test_named_numbers(void **state)
{
	static const struct {
		const char	*json;
		const char	*want;
	} cases[] = {
		{ "1", "email" }, { "2", "web" }, { "0", "0" }, { "7", "7" },
		{ "\"sms\"", "sms" }, { "\"\"", NULL }, { "1.5", NULL },
	};
	struct record	*r;
	char		*json;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json = xasprintf("{\"id\":1,\"channel\":%s}", cases[i].json);
		r = ticket_of(json);
		free(json);
		if (cases[i].want == NULL)
			assert_null(r->u.ticket.source);
		else
			assert_string_equal(r->u.ticket.source,
			    cases[i].want);
		record_free(&r);
	}
}

/* Every ticket links to its page; every note has its ticket and text. */
static void
test_record_rules(void **state)
{
	struct record	*r;

	(void)state;
	r = ticket_of("{\"id\":42}");
	assert_string_equal(r->u.ticket.url, "https://t.example/ui/t/42");
	record_free(&r);

	/* An agent of the account wrote it, or else the customer. */
	r = fixture_read(&fx, TIX_KIND_NOTE, "{\"id\":1,\"author\":10,"
	    "\"at\":\"2026-01-02T00:00:00Z\",\"hidden\":true}", "35", TIX_OK);
	assert_string_equal(r->u.note.user_id, "10");
	assert_null(r->u.note.customer_id);
	assert_string_equal(r->u.note.ticket_id, "35");
	assert_string_equal(r->u.note.description, "");
	assert_false(r->u.note.is_public);
	assert_int_equal(r->u.note.updated_at, 1767312000);
	record_free(&r);
	r = fixture_read(&fx, TIX_KIND_NOTE, "{\"id\":2,\"author\":11,"
	    "\"text\":\"hi\"}", "35", TIX_OK);
	assert_null(r->u.note.user_id);
	assert_string_equal(r->u.note.customer_id, "11");
	assert_true(r->u.note.is_public);
	record_free(&r);
	hashset_add(&fx.r.agents, "11");
	r = fixture_read(&fx, TIX_KIND_NOTE, "{\"id\":2,\"author\":11}",
	    "35", TIX_OK);
	assert_string_equal(r->u.note.user_id, "11");
	record_free(&r);
	r = fixture_read(&fx, TIX_KIND_NOTE, "{\"id\":3}", "35", TIX_OK);
	assert_null(r->u.note.user_id);
	assert_null(r->u.note.customer_id);
	record_free(&r);
	/* Strict: an author that is no id, a flag that is no bool. */
	fixture_read(&fx, TIX_KIND_NOTE, "{\"id\":4,\"author\":\"11\"}", "35",
	    TIX_ERR_PARSE);
	fixture_read(&fx, TIX_KIND_NOTE, "{\"id\":5,\"hidden\":1}", "35",
	    TIX_ERR_PARSE);
}

/* A bad item is skipped and counted; a bad envelope fails the page. */
static void
test_bad_records(void **state)
{
	struct page	pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, T_LIST_NOTES, 0, 0, "/t/2/notes",
	    "{\"notes\":[{\"id\":1,\"at\":\"2026-01-02T00:00:00Z\"},"
	    "{\"id\":-1},7,{\"id\":2,\"hidden\":\"maybe\"},{\"id\":3}]}", NULL,
	    &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.records[0]->u.note.id, "1");
	assert_string_equal(pg.records[0]->u.note.ticket_id, "2");
	assert_string_equal(pg.records[1]->u.note.id, "3");
	assert_int_equal(fixture_skipped(&fx), 3);
	/* Notes are no watermark; one answer is the whole list. */
	assert_int_equal(pg.watermark, 0);
	assert_null(pg.next_cursor);
	page_done(&pg);

	assert_int_equal(fixture_page(&fx, T_LIST_NOTES, 0, 0, "/t/2/notes",
	    "{\"items\":[]}", NULL, &pg), TIX_ERR_PARSE);
	assert_string_equal(fx.cause,
	    "Testdesk sent a list without its \"notes\" array");
	assert_int_equal(pg.n, 0);
	page_done(&pg);
	/* More pages said, but no cursor to get them by. */
	assert_int_equal(fixture_page(&fx, T_LIST_TICKETS, 0, 0, "/t?n=50",
	    "{\"page\":{\"items\":[{\"id\":1}],\"more\":true}}", NULL, &pg),
	    TIX_ERR_PARSE);
	assert_string_equal(fx.cause, "Testdesk answer has more pages but no "
	    "\"page.next\"");
	page_done(&pg);
	assert_int_equal(fixture_page(&fx, T_LIST_TICKETS, 0, 0, "/t?n=50",
	    "{\"page\":{\"items\":[]}}", NULL, &pg), TIX_ERR_PARSE);
	assert_string_equal(fx.cause, "Testdesk answer without \"page.more\"");
	page_done(&pg);
	assert_int_equal(fixture_skipped(&fx), 3);
}

/* An id not of the platform's shape names no record and is never sent. */
static void
test_check_id(void **state)
{
	static const char *const bad[] = {
		"35/../../users", "0", "012", "-1", "1 ", "1e3",
		"9007199254740992", "", NULL,
	};
	char	*cause = NULL;

	(void)state;
	assert_int_equal(rest_check_id(&fx.r, "ticket", "67013469261",
	    &cause), TIX_OK);
	assert_int_equal(rest_check_id(&fx.r, "ticket", "9007199254740991",
	    &cause), TIX_OK);
	assert_null(cause);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(rest_check_id(&fx.r, "ticket", bad[i],
		    &cause), TIX_ERR_NOT_FOUND);
		assert_non_null(strstr(cause, "no Testdesk ticket"));
		xfree(&cause);
	}
}

/*
 * Pagers by number: the next page is one further (or the offset past the
 * items read) while pages come full; the window's last page starts the
 * walk again from the newest record read.
 */
static void
test_number_pagers(void **state)
{
	static const char	 two[] = "[{\"id\":1,\"changed\":"
	    "\"2026-01-02T00:00:00Z\"},{\"id\":2,\"changed\":"
	    "\"2026-01-03T00:00:00Z\"}]";
	struct page		 pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, T_LIST_BY_PAGE, 0, 0,
	    "/p?since=1970-01-01T00%3A00%3A00Z&size=2&page=1", two, NULL,
	    &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.next_cursor, "3:0:0:/p?since=1970-01-01T00%3A"
	    "00%3A00Z&size=2&page=2");
	page_done(&pg);
	/* A page short of full is the last. */
	assert_int_equal(fixture_page(&fx, T_LIST_BY_PAGE, 0, 0,
	    "/p?since=1970-01-01T00%3A00%3A00Z&size=2&page=2",
	    "[{\"id\":3}]", NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_null(pg.next_cursor);
	page_done(&pg);
	/* Page 3 of 3: again from the newest change read, page 1. */
	assert_int_equal(fixture_page(&fx, T_LIST_BY_PAGE, 0, 0,
	    "/p?since=1970-01-01T00%3A00%3A00Z&size=2&page=3", two, NULL,
	    &pg), TIX_OK);
	assert_string_equal(pg.next_cursor, "3:0:0:/p?since=2026-01-03T00%3A"
	    "00%3A00Z&size=2&page=1");
	page_done(&pg);
	/* Three full pages all of one second: the window cannot move. */
	assert_int_equal(fixture_page(&fx, T_LIST_BY_PAGE, 0, 0,
	    "/p?since=2026-01-03T00%3A00%3A00Z&size=2&page=3", two, NULL,
	    &pg), TIX_ERR_UNSUPPORTED);
	page_done(&pg);

	assert_int_equal(fixture_page(&fx, T_LIST_BY_OFFSET, 0, 0,
	    "/o?limit=2&start=0", two, NULL, &pg), TIX_OK);
	assert_string_equal(pg.next_cursor, "4:0:0:/o?limit=2&start=2");
	page_done(&pg);
	assert_int_equal(fixture_page(&fx, T_LIST_BY_OFFSET, 0, 0,
	    "/o?limit=2&start=2", two, NULL, &pg), TIX_OK);
	assert_string_equal(pg.next_cursor, "4:0:0:/o?limit=2&start=4");
	page_done(&pg);
	assert_int_equal(fixture_page(&fx, T_LIST_BY_OFFSET, 0, 0,
	    "/o?limit=2&start=4", "[]", NULL, &pg), TIX_OK);
	assert_null(pg.next_cursor);
	page_done(&pg);
}

#define T_TEST(f)	FIXTURE_TEST(f, &t_account)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T_TEST(test_cursor_round_trip),
		T_TEST(test_cursor_refused),
		T_TEST(test_walk_first),
		T_TEST(test_first_member_wins),
		T_TEST(test_member_types),
		T_TEST(test_status_levels),
		T_TEST(test_status_labels),
		T_TEST(test_nested_members),
		T_TEST(test_contact_points),
		T_TEST(test_named_numbers),
		T_TEST(test_record_rules),
		T_TEST(test_bad_records),
		T_TEST(test_check_id),
		T_TEST(test_number_pagers),
	};

	json_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
