/*
 * Zendesk on the REST kit (providers/zendesk.c through providers/rest.h):
 * what tix asks Zendesk for and sends it, and Zendesk's answers as tix
 * records, on samples shaped like go-zendesk's fixtures
 * (fixture/GET/ticket.json and friends; docs/platforms/zendesk.md).
 */

#include "config.h"

#include <setjmp.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/http.h"
#include "core/json.h"
#include "core/model.h"
#include "providers/rest.h"
#include "tests/unit/rest_fixture.h"

/* A fixture ticket (go-zendesk GET/ticket.json) with the given fields. */
#define TICKET_JSON(status, priority)					\
	"{\"url\":\"https://x.zendesk.com/api/v2/tickets/2.json\","	\
	"\"id\":2,\"external_id\":null,"				\
	"\"via\":{\"channel\":\"email\",\"source\":{\"from\":"		\
	"{\"address\":\"a@b\",\"name\":\"N\"},\"to\":{},\"rel\":null}},"\
	"\"created_at\":\"2019-06-03T02:23:47Z\","			\
	"\"updated_at\":\"2019-06-05T01:13:24Z\",\"type\":null,"	\
	"\"subject\":\"Printer on fire\",\"raw_subject\":\"x\","	\
	"\"description\":\"first comment text\\nline two\","		\
	"\"priority\":" priority ",\"status\":" status ","		\
	"\"custom_status_id\":12480498776781,"				\
	"\"requester_id\":377922500012,\"submitter_id\":377922500012,"	\
	"\"assignee_id\":377922500099,\"organization_id\":360363695492,"\
	"\"group_id\":360004077472,\"collaborator_ids\":[],"		\
	"\"is_public\":true,\"due_at\":null,\"tags\":[\"vip\",\"fire\"],"\
	"\"custom_fields\":[{\"id\":27642,\"value\":\"billing\"},"	\
	"{\"id\":27643,\"value\":null}],\"ticket_form_id\":360000389592}"

/* The descriptor's lists, by what they are for. */
enum {
	ZD_LIST_EXPORT,		/* polls: the incremental export */
	ZD_LIST_RECENT,		/* polls when refused: -updated_at */
	ZD_LIST_TICKETS,
	ZD_LIST_USERS_EXPORT,
	ZD_LIST_USERS,
	ZD_LIST_AGENTS,
	ZD_LIST_FIELD,
	ZD_LIST_GROUPS,
	ZD_LIST_COMMENTS,
};

/* An account at https://x.zendesk.com whose user, an agent, is 777. */
static struct fixture_account	zd_account = {
	.pf = &rest_zendesk,
	.web_base = "https://x.zendesk.com",
	.me = "777",
};

static struct record *
ticket_of(const char *json, enum tix_err want)
{
	return fixture_read(&fx, TIX_KIND_TICKET, json, NULL, want);
}

static void
test_ticket_fixture(void **state)
{
	struct record	*r;
	struct ticket	*t;
	int64_t		 when;

	(void)state;
	r = ticket_of(TICKET_JSON("\"solved\"", "null"), TIX_OK);
	t = &r->u.ticket;
	assert_string_equal(t->id, "2");
	assert_string_equal(t->subject, "Printer on fire");
	assert_string_equal(t->description, "first comment text\nline two");
	assert_int_equal(t->status, TIX_STATUS_CLOSED);
	assert_string_equal(t->status_raw, "solved");
	assert_int_equal(t->priority, TIX_PRIORITY_NONE);
	assert_null(t->priority_raw);
	assert_string_equal(t->customer_id, "377922500012");
	assert_string_equal(t->user_id, "377922500099");
	assert_string_equal(t->category_id, "360004077472");
	assert_int_equal(t->tags.n, 2);
	assert_string_equal(t->tags.v[0], "vip");
	assert_string_equal(t->tags.v[1], "fire");
	assert_string_equal(t->source, "email");
	assert_string_equal(t->url, "https://x.zendesk.com/agent/tickets/2");
	assert_int_equal(tix_time_parse("2019-06-03T02:23:47Z", &when), 0);
	assert_int_equal(t->created_at, when);
	assert_int_equal(tix_time_parse("2019-06-05T01:13:24Z", &when), 0);
	assert_int_equal(t->updated_at, when);
	/* Zendesk has no close time: the last change stands for it. */
	assert_int_equal(t->closed_at, when);
	assert_int_equal(t->due_at, 0);
	record_free(&r);
}

/* Statuses and priorities: the level tix sorts by, Zendesk's word. */
static void
test_ticket_levels(void **state)
{
	static const struct {
		const char		*status;
		enum tix_status		 level;
		const char		*priority;
		enum tix_priority	 priority_level;
	} cases[] = {
		{ "new", TIX_STATUS_ACTIVE, "low", TIX_PRIORITY_LOW },
		{ "open", TIX_STATUS_ACTIVE, "normal", TIX_PRIORITY_NORMAL },
		{ "pending", TIX_STATUS_ACTIVE, "high", TIX_PRIORITY_HIGH },
		{ "hold", TIX_STATUS_ACTIVE, "urgent", TIX_PRIORITY_URGENT },
		/* Unknown: no level, Zendesk's word kept. */
		{ "solved", TIX_STATUS_CLOSED, "critical", TIX_PRIORITY_NONE },
		{ "closed", TIX_STATUS_CLOSED, "low", TIX_PRIORITY_LOW },
		{ "deleted", TIX_STATUS_CLOSED, "low", TIX_PRIORITY_LOW },
	};
	struct record	*r;
	struct ticket	*t;
	char		*status, *priority, *json;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		status = xasprintf("\"%s\"", cases[i].status);
		priority = xasprintf("\"%s\"", cases[i].priority);
		json = xasprintf(TICKET_JSON("%s", "%s"), priority, status);
		r = ticket_of(json, TIX_OK);
		t = &r->u.ticket;
		assert_int_equal(t->status, cases[i].level);
		assert_string_equal(t->status_raw, cases[i].status);
		assert_int_equal(t->priority, cases[i].priority_level);
		assert_string_equal(t->priority_raw, cases[i].priority);
		/* Closed: when, as near as Zendesk says. */
		assert_int_equal(t->closed_at, t->status ==
		    TIX_STATUS_CLOSED ? t->updated_at : 0);
		record_free(&r);
		free(json);
		free(priority);
		free(status);
	}
}

static void
test_ticket_custom_field_category(void **state)
{
	struct record	*r;

	(void)state;
	free(fx.r.web_base);
	fx.r.web_base = NULL;
	fixture_field(&fx, "27642");
	r = ticket_of(TICKET_JSON("\"open\"", "null"), TIX_OK);
	assert_string_equal(r->u.ticket.category_id, "billing");
	assert_null(r->u.ticket.url);		/* no web base known */
	record_free(&r);
	fixture_field(&fx, "27643");		/* value null */
	r = ticket_of(TICKET_JSON("\"open\"", "null"), TIX_OK);
	assert_null(r->u.ticket.category_id);
	record_free(&r);
	fixture_field(&fx, "1");		/* not on the ticket */
	r = ticket_of(TICKET_JSON("\"open\"", "null"), TIX_OK);
	assert_null(r->u.ticket.category_id);
	record_free(&r);
	/* A custom_fields that is not an array: no category. */
	fixture_field(&fx, "27642");
	r = ticket_of("{\"id\":1,\"status\":\"open\",\"tags\":\"a\","
	    "\"custom_fields\":7}", TIX_OK);
	assert_int_equal(r->u.ticket.tags.n, 0);
	assert_null(r->u.ticket.category_id);
	record_free(&r);
}

static void
test_ticket_bad(void **state)
{
	struct record	*r;

	(void)state;
	/* No id, string id that is not a number, float id, huge id. */
	ticket_of("{\"status\":\"open\"}", TIX_ERR_PARSE);
	ticket_of("{\"id\":\"x1\",\"status\":\"open\"}", TIX_ERR_PARSE);
	ticket_of("{\"id\":1.5,\"status\":\"open\"}", TIX_ERR_PARSE);
	ticket_of("{\"id\":-3,\"status\":\"open\"}", TIX_ERR_PARSE);
	ticket_of("{\"id\":9007199254740993,\"status\":\"open\"}",
	    TIX_ERR_PARSE);
	/* A required field missing or wrongly typed: not a ticket. */
	ticket_of("{\"id\":1}", TIX_ERR_PARSE);
	ticket_of("{\"id\":1,\"status\":[\"open\"]}", TIX_ERR_PARSE);
	ticket_of("[]", TIX_ERR_PARSE);
	/* An optional one wrongly typed reads as absent; the ticket stays. */
	r = ticket_of("{\"id\":1,\"status\":\"open\",\"subject\":[],"
	    "\"tags\":[1,\"\",\"vip\"],\"updated_at\":\"soon\","
	    "\"group_id\":\"g\",\"assignee_id\":1.5}", TIX_OK);
	assert_null(r->u.ticket.subject);
	assert_int_equal(r->u.ticket.tags.n, 1);
	assert_string_equal(r->u.ticket.tags.v[0], "vip");
	assert_int_equal(r->u.ticket.updated_at, 0);
	assert_null(r->u.ticket.category_id);
	assert_null(r->u.ticket.user_id);
	record_free(&r);
}

static void
test_ticket_minimal_and_hostile(void **state)
{
	struct record	*r;

	(void)state;
	/* Nulls everywhere but id and status; empty arrays. */
	r = ticket_of("{\"id\":9007199254740991,\"status\":\"new\","
	    "\"subject\":null,\"tags\":[],\"assignee_id\":null,"
	    "\"group_id\":null,\"via\":null}", TIX_OK);
	assert_string_equal(r->u.ticket.id, "9007199254740991");
	assert_null(r->u.ticket.subject);
	assert_null(r->u.ticket.user_id);
	assert_null(r->u.ticket.category_id);
	assert_null(r->u.ticket.source);
	assert_int_equal(r->u.ticket.tags.n, 0);
	record_free(&r);
	/* Escape sequences and bidi overrides stay raw for the store. */
	r = ticket_of("{\"id\":5,\"status\":\"open\",\"subject\":"
	    "\"\\u001b[31mred\\u202e\"}", TIX_OK);
	assert_string_equal(r->u.ticket.subject, "\033[31mred\xe2\x80\xae");
	record_free(&r);
}

/* The API base a subdomain gives: one host label, lower-cased. */
static void
test_base_url(void **state)
{
	char	*s;

	(void)state;
	s = rest_zendesk.base_url("Acme-2");
	assert_string_equal(s, "https://acme-2.zendesk.com/api/v2");
	free(s);
	assert_null(rest_zendesk.base_url("acme.evil.com/x"));
	assert_null(rest_zendesk.base_url(""));
	assert_null(rest_zendesk.base_url("-acme"));
	assert_null(rest_zendesk.base_url("acme-"));
}

/* The account's API base, web UI and user from its config section. */
static void
test_configure(void **state)
{
	struct account	 a;
	struct config	*cf = NULL;
	struct rest	*r;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(fixture_configure(&a, &rest_zendesk, "[account a]\n"
	    "provider = zendesk\nsubdomain = Acme-2\nemail = me@acme.com\n"
	    "token = t\n", &cf, &cause), TIX_OK);
	r = a.priv;
	assert_string_equal(r->api_base, "https://acme-2.zendesk.com/api/v2");
	assert_string_equal(r->web_base, "https://acme-2.zendesk.com");
	assert_int_equal(r->auth, REST_AUTH_BASIC_USER);
	assert_string_equal(r->user, "me@acme.com/token");
	assert_string_equal(r->category, "group");
	fixture_unconfigure(&a, &cf);

	/* url = wins; the web UI is its origin without /api/v2. */
	assert_int_equal(fixture_configure(&a, &rest_zendesk, "[account a]\n"
	    "provider = zendesk\nurl = http://127.0.0.1:8080/api/v2/\n"
	    "email = me@acme.com\nauth = oauth\ncategory = field:27642\n"
	    "token = t\n", &cf, &cause), TIX_OK);
	r = a.priv;
	assert_string_equal(r->api_base, "http://127.0.0.1:8080/api/v2");
	assert_string_equal(r->web_base, "http://127.0.0.1:8080");
	assert_int_equal(r->auth, REST_AUTH_BEARER);
	assert_string_equal(r->category_field, "27642");
	fixture_unconfigure(&a, &cf);
	assert_int_equal(fixture_configure(&a, &rest_zendesk, "[account a]\n"
	    "provider = zendesk\nurl = https://proxy.example/zd\n"
	    "email = me@acme.com\ntoken = t\n", &cf, &cause), TIX_OK);
	assert_string_equal(((struct rest *)a.priv)->web_base,
	    "https://proxy.example/zd");
	fixture_unconfigure(&a, &cf);

	/* A subdomain that is not one: FILE:LINE: [account a]: KEY: why. */
	assert_int_equal(fixture_configure(&a, &rest_zendesk, "[account a]\n"
	    "provider = zendesk\nsubdomain = acme.evil.com/x\n"
	    "email = me@acme.com\ntoken = t\n", &cf, &cause),
	    TIX_ERR_INVALID);
	assert_null(a.priv);
	assert_non_null(strstr(cause, ":3: [account a]: subdomain: expected "
	    "the name before .zendesk.com"));
	xfree(&cause);
	fixture_unconfigure(&a, &cf);
}

/* The first page each list() asks for. */
static void
test_first_paths(void **state)
{
	static const struct fixture_path cases[] = {
		{ TIX_KIND_TICKET, 0, 0, "/tickets.json?page[size]=100" },
		{ TIX_KIND_TICKET, 0, 25, "/tickets.json?page[size]=25" },
		{ TIX_KIND_TICKET, 0, 1000, "/tickets.json?page[size]=100" },
		/* A poll: the export, from a positive unix time. */
		{ TIX_KIND_TICKET, 1700000000, 0,
		  "/incremental/tickets/cursor.json?start_time=1700000000" },
		{ TIX_KIND_CUSTOMER, 1700000000, 0,
		  "/incremental/users/cursor.json?start_time=1700000000" },
		{ TIX_KIND_CUSTOMER, 0, 0,
		  "/users.json?role=end-user&page[size]=100" },
		{ TIX_KIND_AGENT, 0, 0,
		  "/users.json?role[]=agent&role[]=admin&page[size]=100" },
		{ TIX_KIND_AGENT, 1700000000, 0,
		  "/users.json?role[]=agent&role[]=admin&page[size]=100" },
		{ TIX_KIND_CATEGORY, 0, 0, "/groups.json?page[size]=100" },
	};
	struct rest_walk	 w;
	struct query		 q;

	(void)state;
	fixture_paths(&fx, cases, sizeof cases / sizeof cases[0]);

	/* Comments of a ticket, oldest first. */
	memset(&q, 0, sizeof q);
	q.ticket_id = "35";
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_NOTE, &q),
	    "/tickets/35/comments.json?page[size]=100");
	assert_int_equal(w.list, ZD_LIST_COMMENTS);
	rest_walk_done(&w);

	/* category = field:ID: the drop-down's options. */
	fixture_field(&fx, "27642");
	memset(&q, 0, sizeof q);
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_CATEGORY, &q),
	    "/ticket_fields/27642.json");
	assert_int_equal(w.list, ZD_LIST_FIELD);
	rest_walk_done(&w);
}

/* Polls: the export leaves out the last minute; refused, -updated_at. */
static void
test_poll_paths(void **state)
{
	struct rest_walk	 w;
	struct query		 q;
	int64_t			 before, after;
	long			 start = 0;

	(void)state;
	memset(&q, 0, sizeof q);
	before = (int64_t)time(NULL);
	q.updated_since = before + 3600;
	fixture_walk(&fx, &w, TIX_KIND_TICKET, &q);
	after = (int64_t)time(NULL);
	assert_int_equal(w.list, ZD_LIST_EXPORT);
	assert_int_equal(w.since, before + 3600);
	assert_true(http_query_number(w.path, "start_time", 1, LONG_MAX,
	    &start));
	assert_true(start >= before - 61 && start <= after - 61);
	rest_walk_done(&w);

	/* The export said 403 on this connection: the sorted list. */
	fx.r.refused = 1u << ZD_LIST_EXPORT;
	q.updated_since = 1577836800;
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_TICKET, &q),
	    "/tickets.json?page[size]=100&sort=-updated_at");
	assert_int_equal(w.list, ZD_LIST_RECENT);
	assert_int_equal(w.since, 1577836800);
	rest_walk_done(&w);
	/* A first load never takes it. */
	q.updated_since = 0;
	fixture_walk(&fx, &w, TIX_KIND_TICKET, &q);
	assert_int_equal(w.list, ZD_LIST_TICKETS);
	rest_walk_done(&w);
}

static void
test_cursor_envelope(void **state)
{
	static const char *const bad[] = {
		"{\"tickets\":[],\"meta\":{\"has_more\":true},\"links\":"
		"{\"next\":null}}",
		"{\"meta\":{\"has_more\":false}}",
		"{\"tickets\":{},\"meta\":{\"has_more\":false}}",
		"{\"tickets\":[]}",
		"[]",
	};
	struct page		 pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, ZD_LIST_TICKETS, 0, 0,
	    "/tickets.json?page[size]=100", "{\"tickets\":["
	    TICKET_JSON("\"open\"", "\"low\"") "],\"meta\":{\"has_more\":"
	    "true,\"after_cursor\":\"xxx\",\"before_cursor\":\"yyy\"},"
	    "\"links\":{\"next\":\"https://x/api/v2/tickets.json?"
	    "page[size]=1&page[after]=xxx\"}}", NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.next_cursor,
	    "2:0:0:/tickets.json?page[size]=100&page[after]=xxx");
	assert_int_equal(pg.watermark, pg.records[0]->u.ticket.updated_at);
	page_done(&pg);

	/* The next page's cursor replaces this one's, escaped. */
	assert_int_equal(fixture_page(&fx, ZD_LIST_TICKETS, 0, 25,
	    "/tickets.json?page[size]=25&page[after]=xxx", "{\"tickets\":[],"
	    "\"meta\":{\"has_more\":true,\"after_cursor\":\"MTU3+/=&a b~\"}}",
	    NULL, &pg), TIX_OK);
	assert_string_equal(pg.next_cursor, "2:0:25:/tickets.json?"
	    "page[size]=25&page[after]=MTU3%2B%2F%3D%26a%20b~");
	page_done(&pg);

	/* has_more false: stop even with links.next (the emulator's way). */
	assert_int_equal(fixture_page(&fx, ZD_LIST_TICKETS, 0, 0,
	    "/tickets.json?page[size]=100", "{\"tickets\":[],\"meta\":"
	    "{\"has_more\":false,\"after_cursor\":null},\"links\":{\"next\":"
	    "\"https://x/t?page[after]=zzz\"}}", NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 0);
	assert_null(pg.next_cursor);
	assert_int_equal(pg.watermark, 0);
	page_done(&pg);

	/* More pages but no way to get them; no array; no meta. */
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(fixture_page_fails(&fx, ZD_LIST_TICKETS,
		    "/tickets.json?page[size]=100", bad[i]), TIX_ERR_PARSE);

	/* One bad item is skipped and counted; the rest of the page stays. */
	assert_int_equal(fixture_page(&fx, ZD_LIST_TICKETS, 0, 0,
	    "/tickets.json?page[size]=100", "{\"tickets\":["
	    TICKET_JSON("\"open\"", "null") ",{\"id\":null}],\"meta\":"
	    "{\"has_more\":false}}", NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.records[0]->u.ticket.id, "2");
	assert_int_equal(fixture_skipped(&fx), 1);
	page_done(&pg);
}

static void
test_export_envelope(void **state)
{
	struct page	pg;

	(void)state;
	/* generated_timestamp, not updated_at, is the watermark. */
	assert_int_equal(fixture_page(&fx, ZD_LIST_EXPORT, 1500000000, 0,
	    "/incremental/tickets/cursor.json?start_time=1500000000",
	    "{\"tickets\":[{\"id\":7,\"status\":\"open\",\"updated_at\":"
	    "\"2019-06-05T01:13:24Z\",\"generated_timestamp\":1600000000}],"
	    "\"after_cursor\":\"MTU3\",\"after_url\":\"https://x\","
	    "\"before_cursor\":null,\"end_of_stream\":false}", NULL, &pg),
	    TIX_OK);
	assert_int_equal(pg.n, 1);
	/* The cursor goes back as cursor=, without start_time. */
	assert_string_equal(pg.next_cursor, "0:1500000000:0:"
	    "/incremental/tickets/cursor.json?cursor=MTU3");
	assert_int_equal(pg.watermark, 1600000000);
	page_done(&pg);
	assert_int_equal(fixture_page(&fx, ZD_LIST_EXPORT, 1500000000, 0,
	    "/incremental/tickets/cursor.json?cursor=MTU3", "{\"tickets\":[],"
	    "\"after_cursor\":\"MTU3==\",\"end_of_stream\":false}", NULL, &pg),
	    TIX_OK);
	assert_string_equal(pg.next_cursor, "0:1500000000:0:"
	    "/incremental/tickets/cursor.json?cursor=MTU3%3D%3D");
	page_done(&pg);
	assert_int_equal(fixture_page(&fx, ZD_LIST_EXPORT, 1500000000, 0,
	    "/incremental/tickets/cursor.json?cursor=MTU3", "{\"tickets\":[],"
	    "\"after_cursor\":\"MTU3\",\"end_of_stream\":true}", NULL, &pg),
	    TIX_OK);
	assert_null(pg.next_cursor);
	page_done(&pg);

	/* A deleted ticket is reported removed, not kept as a record. */
	assert_int_equal(fixture_page(&fx, ZD_LIST_EXPORT, 1500000000, 0,
	    "/incremental/tickets/cursor.json?start_time=1500000000",
	    "{\"tickets\":[{\"id\":8,\"status\":\"deleted\",\"updated_at\":"
	    "\"2019-06-05T01:13:24Z\"}," TICKET_JSON("\"open\"", "null") "],"
	    "\"after_cursor\":\"M\",\"end_of_stream\":true}", NULL, &pg),
	    TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.records[0]->u.ticket.id, "2");
	assert_int_equal(pg.nremoved, 1);
	assert_string_equal(pg.removed[0], "8");
	page_done(&pg);

	/* Without end_of_stream, or more without a cursor: not an export. */
	assert_int_equal(fixture_page_fails(&fx, ZD_LIST_EXPORT,
	    "/incremental/tickets/cursor.json?start_time=1500000000",
	    "{\"tickets\":[],\"after_cursor\":\"MTU3\"}"), TIX_ERR_PARSE);
	assert_non_null(strstr(fx.cause, "\"end_of_stream\""));
	assert_int_equal(fixture_page_fails(&fx, ZD_LIST_EXPORT,
	    "/incremental/tickets/cursor.json?start_time=1500000000",
	    "{\"tickets\":[],\"end_of_stream\":false}"), TIX_ERR_PARSE);
	assert_non_null(strstr(fx.cause, "\"after_cursor\""));

	/* The users export keeps end users only. */
	assert_int_equal(fixture_page(&fx, ZD_LIST_USERS_EXPORT, 1500000000, 0,
	    "/incremental/users/cursor.json?start_time=1500000000",
	    "{\"users\":[{\"id\":1,\"role\":\"admin\"},{\"id\":2,\"role\":"
	    "\"end-user\",\"name\":\"Ann\",\"updated_at\":"
	    "\"2020-01-01T00:00:00Z\"},{\"id\":3,\"role\":\"agent\"}],"
	    "\"after_cursor\":\"c\",\"end_of_stream\":true}", NULL, &pg),
	    TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.records[0]->u.customer.id, "2");
	assert_string_equal(pg.records[0]->u.customer.name, "Ann");
	assert_int_equal(pg.watermark, 1577836800);
	assert_null(pg.next_cursor);
	page_done(&pg);
}

/* Newest first, down to the watermark: the rest are older. */
static void
test_recent_walk(void **state)
{
	struct page	pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, ZD_LIST_RECENT, 1577836800, 0,
	    "/tickets.json?page[size]=100&sort=-updated_at", "{\"tickets\":["
	    "{\"id\":3,\"status\":\"open\",\"updated_at\":"
	    "\"2021-01-01T00:00:00Z\"},{\"id\":2,\"status\":\"open\","
	    "\"updated_at\":\"2020-01-01T00:00:00Z\"},{\"id\":1,\"status\":"
	    "\"open\",\"updated_at\":\"2019-01-01T00:00:00Z\"}],\"meta\":"
	    "{\"has_more\":true,\"after_cursor\":\"q\"}}", NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.records[0]->u.ticket.id, "3");
	assert_string_equal(pg.records[1]->u.ticket.id, "2");
	assert_null(pg.next_cursor);	/* older ones follow: stop */
	assert_int_equal(pg.watermark, 1609459200);
	page_done(&pg);
}

static void
test_users(void **state)
{
	struct page	 pg;
	struct customer	*c;

	(void)state;
	assert_int_equal(fixture_page(&fx, ZD_LIST_USERS, 0, 0,
	    "/users.json?role=end-user&page[size]=100", "{\"users\":["
	    "{\"id\":35436,\"url\":\"u\",\"name\":\"Johnny Agent\","
	    "\"email\":\"johnny@example.com\",\"created_at\":"
	    "\"2009-07-20T22:55:29Z\",\"updated_at\":\"2011-05-05T10:38:52Z\","
	    "\"phone\":\"+15551234567\",\"role\":\"end-user\",\"tags\":"
	    "[\"enterprise\"],\"user_fields\":{}},{\"id\":2,\"name\":null,"
	    "\"email\":null,\"phone\":null}],\"meta\":{\"has_more\":false}}",
	    NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	c = &pg.records[0]->u.customer;
	assert_string_equal(c->id, "35436");
	assert_string_equal(c->name, "Johnny Agent");
	assert_int_equal(c->nemails, 1);
	assert_string_equal(c->emails[0].value, "johnny@example.com");
	assert_int_equal(c->ntelephones, 1);
	assert_string_equal(c->telephones[0].value, "+15551234567");
	assert_int_equal(c->tags.n, 1);
	assert_string_equal(c->tags.v[0], "enterprise");
	assert_int_equal(c->created_at, 1248130529);
	assert_int_equal(c->updated_at, 1304591932);
	assert_int_equal(pg.watermark, 1304591932);
	c = &pg.records[1]->u.customer;
	assert_int_equal(c->nemails, 0);
	assert_int_equal(c->ntelephones, 0);
	assert_null(c->name);
	page_done(&pg);
}

/* Agents: is_me for the account's user; the walk learns them all. */
static void
test_agents(void **state)
{
	struct page	pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, ZD_LIST_AGENTS, 0, 0,
	    "/users.json?role[]=agent&role[]=admin&page[size]=100",
	    "{\"users\":[{\"id\":777,\"name\":\"Me\",\"email\":\"me@x\","
	    "\"role\":\"admin\"},{\"id\":778,\"name\":\"You\",\"email\":"
	    "\"you@x\",\"role\":\"agent\"}],\"meta\":{\"has_more\":true,"
	    "\"after_cursor\":\"a2\"}}", NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_true(pg.records[0]->u.agent.is_me);
	assert_string_equal(pg.records[0]->u.agent.name, "Me");
	assert_string_equal(pg.records[0]->u.agent.email, "me@x");
	assert_false(pg.records[1]->u.agent.is_me);
	assert_int_equal(pg.watermark, 0);
	/* 778 now writes agents' notes; not all are known yet. */
	assert_true(rest_is_agent(&fx.r, "778"));
	assert_false(fx.r.agents_known);
	page_done(&pg);
	assert_int_equal(fixture_page(&fx, ZD_LIST_AGENTS, 0, 0,
	    "/users.json?role[]=agent&role[]=admin&page[size]=100&"
	    "page[after]=a2", "{\"users\":[{\"id\":779}],\"meta\":"
	    "{\"has_more\":false}}", NULL, &pg), TIX_OK);
	assert_true(rest_is_agent(&fx.r, "779"));
	assert_false(rest_is_agent(&fx.r, "780"));
	assert_true(fx.r.agents_known);
	page_done(&pg);
}

static void
test_groups_and_fields(void **state)
{
	struct page	pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, ZD_LIST_GROUPS, 0, 0,
	    "/groups.json?page[size]=100", "{\"groups\":[{\"url\":\"u\","
	    "\"id\":360004077472,\"name\":\"Support\",\"deleted\":false,"
	    "\"created_at\":\"2019-06-03T02:23:47Z\"},{\"id\":5,\"name\":"
	    "\"Old\",\"deleted\":true,\"description\":\"gone\"}],"
	    "\"meta\":{\"has_more\":false}}", NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.records[0]->u.category.id, "360004077472");
	assert_string_equal(pg.records[0]->u.category.name, "Support");
	assert_true(pg.records[0]->u.category.is_active);
	assert_null(pg.records[0]->u.category.parent_id);
	assert_false(pg.records[1]->u.category.is_active);
	assert_string_equal(pg.records[1]->u.category.description, "gone");
	page_done(&pg);

	fixture_field(&fx, "27642");
	assert_int_equal(fixture_page(&fx, ZD_LIST_FIELD, 0, 0,
	    "/ticket_fields/27642.json", "{\"ticket_field\":{\"id\":27642,"
	    "\"type\":\"tagger\",\"title\":\"Topic\",\"custom_field_options\":"
	    "[{\"id\":1,\"name\":\"Billing\",\"value\":\"billing\"},"
	    "{\"id\":2,\"name\":\"Bugs\",\"value\":\"bug\"}]}}", NULL, &pg),
	    TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.records[0]->u.category.id, "billing");
	assert_string_equal(pg.records[0]->u.category.name, "Billing");
	assert_string_equal(pg.records[1]->u.category.id, "bug");
	assert_true(pg.records[1]->u.category.is_active);
	assert_null(pg.next_cursor);
	page_done(&pg);
	assert_int_equal(fixture_page(&fx, ZD_LIST_FIELD, 0, 0,
	    "/ticket_fields/27642.json", "{\"ticket_field\":{\"id\":27642,"
	    "\"type\":\"text\"}}", NULL, &pg), TIX_ERR_PARSE);
	page_done(&pg);
}

static void
test_comments(void **state)
{
	struct page	 pg;
	struct note	*n;

	(void)state;
	assert_int_equal(fixture_page(&fx, ZD_LIST_COMMENTS, 0, 0,
	    "/tickets/2/comments.json?page[size]=100", "{\"comments\":["
	    "{\"id\":11,\"type\":\"Comment\",\"body\":\"Help!\",\"html_body\":"
	    "\"<p>Help!</p>\",\"public\":true,\"author_id\":377922500012,"
	    "\"attachments\":[],\"created_at\":\"2019-06-03T01:23:47Z\"},"
	    "{\"id\":12,\"type\":\"Comment\",\"body\":\"internal\","
	    "\"public\":false,\"author_id\":777,\"created_at\":"
	    "\"2019-06-03T02:00:00Z\"},{\"id\":13,\"plain_body\":\"plain\"}],"
	    "\"meta\":{\"has_more\":true,\"after_cursor\":\"n1\"}}", NULL,
	    &pg), TIX_OK);
	assert_int_equal(pg.n, 3);
	n = &pg.records[0]->u.note;
	assert_string_equal(n->id, "11");
	assert_string_equal(n->ticket_id, "2");
	/* Not one of the account's agents: the customer wrote it. */
	assert_string_equal(n->customer_id, "377922500012");
	assert_null(n->user_id);
	assert_true(n->is_public);
	assert_string_equal(n->description, "Help!");
	n = &pg.records[1]->u.note;
	assert_string_equal(n->user_id, "777");
	assert_null(n->customer_id);
	assert_false(n->is_public);
	assert_string_equal(n->description, "internal");
	assert_int_equal(n->created_at, 1559527200);
	assert_int_equal(n->updated_at, n->created_at);
	/* plain_body when body is missing; public when not said. */
	n = &pg.records[2]->u.note;
	assert_string_equal(n->description, "plain");
	assert_true(n->is_public);
	assert_null(n->user_id);
	assert_null(n->customer_id);
	assert_string_equal(pg.next_cursor, "8:0:0:/tickets/2/comments.json?"
	    "page[size]=100&page[after]=n1");
	assert_int_equal(pg.watermark, 0);
	page_done(&pg);

	/* public that is not true or false, or an author that is no id. */
	assert_int_equal(fixture_page(&fx, ZD_LIST_COMMENTS, 0, 0,
	    "/tickets/2/comments.json?page[size]=100", "{\"comments\":["
	    "{\"id\":1,\"public\":\"no\"},{\"id\":2,\"author_id\":1.5},"
	    "{\"id\":3,\"body\":\"ok\"}],\"meta\":{\"has_more\":false}}", NULL,
	    &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.records[0]->u.note.id, "3");
	assert_int_equal(fixture_skipped(&fx), 2);
	page_done(&pg);
}

static void
test_me(void **state)
{
	char	 id[JSON_ID_MAX], *cause = NULL;

	(void)state;
	assert_int_equal(fixture_me(&rest_zendesk, "{\"user\":{\"id\":777,"
	    "\"role\":\"admin\"}}", id, &cause), TIX_OK);
	assert_null(cause);
	assert_string_equal(id, "777");
	assert_int_equal(fixture_me(&rest_zendesk, "{\"user\":{\"id\":null,"
	    "\"name\":\"Anonymous user\",\"role\":\"end-user\"}}", id, &cause),
	    TIX_ERR_AUTH);
	assert_non_null(strstr(cause, "anonymous"));
	xfree(&cause);
	assert_int_equal(fixture_me(&rest_zendesk, "{\"user\":{\"id\":5,"
	    "\"role\":\"end-user\"}}", id, &cause), TIX_ERR_FORBIDDEN);
	assert_non_null(strstr(cause, "end user"));
	xfree(&cause);
	assert_int_equal(fixture_me(&rest_zendesk, "{\"user\":{\"id\":\"5\"}}",
	    id, &cause), TIX_ERR_PARSE);
	xfree(&cause);
	assert_int_equal(fixture_me(&rest_zendesk, "{\"users\":[]}", id,
	    &cause), TIX_ERR_PARSE);
	xfree(&cause);
}

/* The "ticket" object of an update body. */
static const cJSON *
ticket_in(const cJSON *body)
{
	const cJSON	*t = cJSON_GetObjectItem(body, "ticket");

	assert_true(cJSON_IsObject(t));
	return t;
}

static void
test_update_bodies(void **state)
{
	struct patch	 p;
	cJSON		*j;
	const cJSON	*t, *v;
	int64_t		 stamp;

	(void)state;
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY;
	p.priority = TIX_PRIORITY_URGENT;
	assert_int_equal(tix_time_parse("2019-06-05T01:13:24Z", &stamp), 0);
	j = fixture_update(&fx, &p, NULL, stamp);
	t = ticket_in(j);
	assert_string_equal(cJSON_GetObjectItem(t, "priority")->valuestring,
	    "urgent");
	/* The collision guard: a change since stamp is a 409. */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(t, "safe_update")));
	assert_string_equal(cJSON_GetObjectItem(t,
	    "updated_stamp")->valuestring, "2019-06-05T01:13:24Z");
	assert_int_equal(cJSON_GetArraySize(t), 3);
	cJSON_Delete(j);

	p.priority = TIX_PRIORITY_NONE;
	j = fixture_update(&fx, &p, NULL, 0);
	t = ticket_in(j);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "priority")));
	assert_null(cJSON_GetObjectItem(t, "safe_update"));
	assert_int_equal(cJSON_GetArraySize(t), 1);
	cJSON_Delete(j);

	/* Tags replace the set; an empty set clears it. */
	p.fields = TIX_PATCH_TAGS;
	strv_add(&p.tags, "vip");
	strv_add(&p.tags, "a\"b");
	j = fixture_update(&fx, &p, NULL, 0);
	v = cJSON_GetObjectItem(ticket_in(j), "tags");
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_string_equal(cJSON_GetArrayItem(v, 0)->valuestring, "vip");
	assert_string_equal(cJSON_GetArrayItem(v, 1)->valuestring, "a\"b");
	cJSON_Delete(j);
	strv_done(&p.tags);
	j = fixture_update(&fx, &p, NULL, 0);
	v = cJSON_GetObjectItem(ticket_in(j), "tags");
	assert_true(cJSON_IsArray(v));
	assert_int_equal(cJSON_GetArraySize(v), 0);
	cJSON_Delete(j);
}

/* CLOSED is solved, ACTIVE open, unless the ticket is so already. */
static void
test_update_status(void **state)
{
	static const struct fixture_status cases[] = {
		{ TIX_STATUS_CLOSED, false, TIX_STATUS_ACTIVE, "\"solved\"" },
		{ TIX_STATUS_CLOSED, true, TIX_STATUS_ACTIVE, "\"solved\"" },
		{ TIX_STATUS_ACTIVE, true, TIX_STATUS_CLOSED, "\"open\"" },
		{ TIX_STATUS_ACTIVE, false, TIX_STATUS_ACTIVE, "\"open\"" },
		/* Pending or on hold is ACTIVE already: it keeps its own. */
		{ TIX_STATUS_ACTIVE, true, TIX_STATUS_ACTIVE, NULL },
		{ TIX_STATUS_CLOSED, true, TIX_STATUS_CLOSED, NULL },
	};
	struct patch	 p;
	struct ticket	 cur;
	cJSON		*j;

	(void)state;
	fixture_statuses(&fx, "ticket", cases, sizeof cases / sizeof cases[0]);
	/* The rest of the change is still sent. */
	memset(&p, 0, sizeof p);
	memset(&cur, 0, sizeof cur);
	p.fields = TIX_PATCH_STATUS | TIX_PATCH_PRIORITY;
	p.priority = TIX_PRIORITY_HIGH;
	j = fixture_update(&fx, &p, &cur, 0);
	assert_null(cJSON_GetObjectItem(ticket_in(j), "status"));
	assert_string_equal(cJSON_GetObjectItem(ticket_in(j),
	    "priority")->valuestring, "high");
	cJSON_Delete(j);
}

/* Ids go out as exact JSON integers, 16 digits included, or null. */
static void
test_update_ids(void **state)
{
	struct patch	 p;
	cJSON		*j;
	const cJSON	*t, *v;
	char		*body = NULL, *cause = NULL;

	(void)state;
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_ASSIGNEE | TIX_PATCH_CATEGORY;
	p.user_id = (char []){"9007199254740991"};
	p.category_id = (char []){"360004077472"};
	assert_int_equal(rest_update_body(&fx.r, &p, NULL, 0, &body, &cause),
	    TIX_OK);
	assert_null(cause);
	assert_string_equal(body, "{\"ticket\":{\"assignee_id\":"
	    "9007199254740991,\"group_id\":360004077472}}");
	free(body);
	p.user_id = NULL;
	p.category_id = NULL;
	j = fixture_update(&fx, &p, NULL, 0);
	t = ticket_in(j);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "assignee_id")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "group_id")));
	cJSON_Delete(j);

	/* category = field:ID writes the drop-down in custom_fields. */
	fixture_field(&fx, "27642");
	p.fields = TIX_PATCH_CATEGORY;
	p.category_id = (char []){"billing"};
	j = fixture_update(&fx, &p, NULL, 0);
	t = ticket_in(j);
	assert_null(cJSON_GetObjectItem(t, "group_id"));
	v = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "custom_fields"), 0);
	assert_int_equal((int)cJSON_GetObjectItem(v, "id")->valuedouble,
	    27642);
	assert_string_equal(cJSON_GetObjectItem(v, "value")->valuestring,
	    "billing");
	cJSON_Delete(j);
	p.category_id = NULL;
	j = fixture_update(&fx, &p, NULL, 0);
	v = cJSON_GetArrayItem(cJSON_GetObjectItem(ticket_in(j),
	    "custom_fields"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(v, "value")));
	cJSON_Delete(j);
	free(fx.r.category_field);
	fx.r.category_field = NULL;

	/* Refusals: nothing to change, ids that are not numbers. */
	p.fields = 0;
	assert_int_equal(fixture_update_fails(&fx, &p), TIX_ERR_INVALID);
	p.fields = TIX_PATCH_ASSIGNEE;
	p.user_id = (char []){"1,\"admin\":true"};
	assert_int_equal(fixture_update_fails(&fx, &p), TIX_ERR_INVALID);
	p.fields = TIX_PATCH_CATEGORY;
	p.category_id = (char []){"billing"};
	assert_int_equal(fixture_update_fails(&fx, &p), TIX_ERR_INVALID);
}

static void
test_note_bodies(void **state)
{
	struct note	 n = { .description = (char *)(uintptr_t)"a\033[2J" };
	cJSON		*j;
	const cJSON	*c;
	char		*body = NULL, *cause = NULL;

	(void)state;
	/* A comment rides on a ticket update; the text goes as it is. */
	j = fixture_note(&fx, "line 1\n\tline 2", false);
	c = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "ticket"), "comment");
	assert_string_equal(cJSON_GetObjectItem(c, "body")->valuestring,
	    "line 1\n\tline 2");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(c, "public")));
	cJSON_Delete(j);
	j = fixture_note(&fx, "hi", true);
	c = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "ticket"), "comment");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "public")));
	cJSON_Delete(j);
	/* A control character is never sent (core/text.h text_check_out). */
	assert_int_equal(rest_note_body(&fx.r, &n, &body, &cause),
	    TIX_ERR_INVALID);
	assert_null(body);
	assert_string_equal(cause, "the note: control character U+001B at "
	    "byte 2");
	free(cause);
}

/* The note a comment write made, read from the answer's audit. */
static struct record *
audit_of(const char *json, enum tix_err want)
{
	cJSON		*j = fixture_json(json);
	struct record	*r = NULL;
	char		*cause = NULL;
	enum tix_err	 err;

	err = rest_zendesk.note.read(&fx.r, j, "2", &r, &cause);
	cJSON_Delete(j);
	assert_int_equal(err, want);
	fixture_cause(&fx, err, cause);
	if (want != TIX_OK)
		assert_null(r);
	return r;
}

static void
test_note_audit(void **state)
{
	struct record	*r;

	(void)state;
	/* As go-zendesk POST/ticket.json: no created_at on the event. */
	r = audit_of("{\"ticket\":{\"id\":2},\"audit\":{\"id\":1,"
	    "\"ticket_id\":2,\"created_at\":\"2019-06-03T02:23:47Z\","
	    "\"author_id\":777,\"events\":[{\"id\":5,\"type\":\"Change\","
	    "\"field_name\":\"status\"},{\"id\":6,\"type\":\"Comment\","
	    "\"author_id\":777,\"body\":\"done\",\"public\":false}]}}",
	    TIX_OK);
	assert_string_equal(r->u.note.id, "6");
	assert_string_equal(r->u.note.ticket_id, "2");
	assert_string_equal(r->u.note.user_id, "777");
	assert_false(r->u.note.is_public);
	assert_string_equal(r->u.note.description, "done");
	assert_int_equal(r->u.note.created_at, 1559528627);
	assert_int_equal(r->u.note.updated_at, 1559528627);
	record_free(&r);
	assert_null(audit_of("{\"ticket\":{\"id\":2},\"audit\":{\"events\":"
	    "[]}}", TIX_ERR_PARSE));
}

/*
 * A required level of the wrong type is a bad record: Zendesk's statuses
 * are words, so {"status":3} is not read as some unknown status.
 */
static void
test_level_of_wrong_type(void **state)
{
	struct record	*r;

	(void)state;
	r = ticket_of("{\"id\":1,\"status\":3}", TIX_ERR_PARSE);
	record_free(&r);
}

#define ZD_TEST(f)	FIXTURE_TEST(f, &zd_account)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		ZD_TEST(test_ticket_fixture),
		ZD_TEST(test_ticket_levels),
		ZD_TEST(test_ticket_custom_field_category),
		ZD_TEST(test_ticket_bad),
		ZD_TEST(test_ticket_minimal_and_hostile),
		ZD_TEST(test_base_url),
		ZD_TEST(test_configure),
		ZD_TEST(test_first_paths),
		ZD_TEST(test_poll_paths),
		ZD_TEST(test_cursor_envelope),
		ZD_TEST(test_export_envelope),
		ZD_TEST(test_recent_walk),
		ZD_TEST(test_users),
		ZD_TEST(test_agents),
		ZD_TEST(test_groups_and_fields),
		ZD_TEST(test_comments),
		ZD_TEST(test_me),
		ZD_TEST(test_update_bodies),
		ZD_TEST(test_update_status),
		ZD_TEST(test_update_ids),
		ZD_TEST(test_note_bodies),
		ZD_TEST(test_note_audit),
		ZD_TEST(test_level_of_wrong_type),
	};

	json_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
