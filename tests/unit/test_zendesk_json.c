/*
 * providers/zendesk_json: request paths and bodies, and normalization of
 * Zendesk answers, on samples shaped like the card's real fixtures
 * (section 1.4 and 1.10: go-zendesk fixture/GET/ticket.json and friends).
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/http.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"
#include "providers/zendesk_json.h"

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

static cJSON *
parse(const char *s)
{
	cJSON	*j = cJSON_Parse(s);

	assert_non_null(j);
	return j;
}

/* The kit's state for one account whose only known agent is 777. */
static const struct rest_platform test_platform = { .name = "Zendesk" };
static char test_name[] = "t";
static struct account test_account = { .index = 3, .name = test_name };
static struct rest test_rest = {
	.pf = &test_platform,
	.account = &test_account,
};

static const struct zd_ctx ctx_group = {
	.base = {
		.account = 3,
		.web_base = "https://x.zendesk.com",
		.me_id = "777",
		.rest = &test_rest,
	},
};
static const struct zd_ctx ctx_field = {
	.base = { .account = 3, .rest = &test_rest },
	.field_id = "27642",
};

/* Parse one ticket JSON with ctx; assert the outcome. */
static struct record *
ticket_of(const char *json, const struct zd_ctx *ctx, enum tix_err want)
{
	cJSON		*j = parse(json);
	struct record	*r = NULL;
	char		*cause = NULL;
	enum tix_err	 err;

	err = zd_parse_ticket(j, ctx, &r, &cause);
	cJSON_Delete(j);
	assert_int_equal(err, want);
	if (want != TIX_OK) {
		assert_null(r);
		assert_non_null(cause);
		free(cause);
		return NULL;
	}
	assert_null(cause);
	assert_non_null(r);
	return r;
}

static void
test_ticket_fixture(void **state)
{
	struct record	*r;
	struct ticket	*t;
	int64_t		 when;

	(void)state;
	r = ticket_of(TICKET_JSON("\"solved\"", "null"), &ctx_group, TIX_OK);
	t = &r->u.ticket;
	assert_int_equal(r->kind, TIX_KIND_TICKET);
	assert_int_equal(r->account, 3);
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
	assert_int_equal(t->due_at, 0);
	record_free(&r);
}

static void
test_ticket_statuses(void **state)
{
	static const struct {
		const char	*json;
		const char	*raw;
		enum tix_status	 want;
	} cases[] = {
		{ "\"new\"", "new", TIX_STATUS_ACTIVE },
		{ "\"open\"", "open", TIX_STATUS_ACTIVE },
		{ "\"pending\"", "pending", TIX_STATUS_ACTIVE },
		{ "\"hold\"", "hold", TIX_STATUS_ACTIVE },
		{ "\"solved\"", "solved", TIX_STATUS_CLOSED },
		{ "\"closed\"", "closed", TIX_STATUS_CLOSED },
		{ "\"deleted\"", "deleted", TIX_STATUS_CLOSED },
	};
	struct record	*r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *json = xasprintf(TICKET_JSON("%s", "\"high\""),
		    cases[i].json);

		r = ticket_of(json, &ctx_group, TIX_OK);
		assert_int_equal(r->u.ticket.status, cases[i].want);
		assert_string_equal(r->u.ticket.status_raw, cases[i].raw);
		if (cases[i].want == TIX_STATUS_CLOSED)
			assert_int_equal(r->u.ticket.closed_at,
			    r->u.ticket.updated_at);
		else
			assert_int_equal(r->u.ticket.closed_at, 0);
		record_free(&r);
		free(json);
	}
}

static void
test_ticket_priorities(void **state)
{
	static const struct {
		const char		*json;
		enum tix_priority	 want;
	} cases[] = {
		{ "\"low\"", TIX_PRIORITY_LOW },
		{ "\"normal\"", TIX_PRIORITY_NORMAL },
		{ "\"high\"", TIX_PRIORITY_HIGH },
		{ "\"urgent\"", TIX_PRIORITY_URGENT },
		{ "\"critical\"", TIX_PRIORITY_NONE },	/* unknown: raw kept */
	};
	struct record	*r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *json = xasprintf(TICKET_JSON("\"open\"", "%s"),
		    cases[i].json);

		r = ticket_of(json, &ctx_group, TIX_OK);
		assert_int_equal(r->u.ticket.priority, cases[i].want);
		assert_non_null(r->u.ticket.priority_raw);
		assert_true(strlen(r->u.ticket.priority_raw) + 2 ==
		    strlen(cases[i].json));
		record_free(&r);
		free(json);
	}
}

static void
test_ticket_custom_field_category(void **state)
{
	struct record		*r;
	struct zd_ctx		 ctx = ctx_field;

	(void)state;
	r = ticket_of(TICKET_JSON("\"open\"", "null"), &ctx, TIX_OK);
	assert_string_equal(r->u.ticket.category_id, "billing");
	assert_null(r->u.ticket.url);		/* no web base known */
	record_free(&r);
	ctx.field_id = "27643";			/* value null */
	r = ticket_of(TICKET_JSON("\"open\"", "null"), &ctx, TIX_OK);
	assert_null(r->u.ticket.category_id);
	record_free(&r);
	ctx.field_id = "1";			/* not on the ticket */
	r = ticket_of(TICKET_JSON("\"open\"", "null"), &ctx, TIX_OK);
	assert_null(r->u.ticket.category_id);
	record_free(&r);
}

static void
test_ticket_bad(void **state)
{
	struct record	*r;

	(void)state;
	/* No id, string id that is not a number, float id, huge id. */
	ticket_of("{\"status\":\"open\"}", &ctx_group, TIX_ERR_PARSE);
	ticket_of("{\"id\":\"x1\",\"status\":\"open\"}", &ctx_group,
	    TIX_ERR_PARSE);
	ticket_of("{\"id\":1.5,\"status\":\"open\"}", &ctx_group,
	    TIX_ERR_PARSE);
	ticket_of("{\"id\":-3,\"status\":\"open\"}", &ctx_group,
	    TIX_ERR_PARSE);
	ticket_of("{\"id\":9007199254740993,\"status\":\"open\"}",
	    &ctx_group, TIX_ERR_PARSE);
	/* A required field missing or wrongly typed: not a ticket. */
	ticket_of("{\"id\":1}", &ctx_group, TIX_ERR_PARSE);
	ticket_of("{\"id\":1,\"status\":3}", &ctx_group, TIX_ERR_PARSE);
	ticket_of("[]", &ctx_group, TIX_ERR_PARSE);
	/* An optional one wrongly typed reads as absent; the ticket stays. */
	r = ticket_of("{\"id\":1,\"status\":\"open\",\"subject\":[],"
	    "\"tags\":[1,\"\",\"vip\"],\"updated_at\":\"soon\","
	    "\"group_id\":\"g\",\"assignee_id\":1.5}", &ctx_group, TIX_OK);
	assert_null(r->u.ticket.subject);
	assert_int_equal(r->u.ticket.tags.n, 1);
	assert_string_equal(r->u.ticket.tags.v[0], "vip");
	assert_int_equal(r->u.ticket.updated_at, 0);
	assert_null(r->u.ticket.category_id);
	assert_null(r->u.ticket.user_id);
	record_free(&r);
	r = ticket_of("{\"id\":1,\"status\":\"open\",\"tags\":\"a\","
	    "\"custom_fields\":7}", &ctx_field, TIX_OK);
	assert_int_equal(r->u.ticket.tags.n, 0);
	assert_null(r->u.ticket.category_id);
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
	    "\"group_id\":null,\"via\":null}", &ctx_group, TIX_OK);
	assert_string_equal(r->u.ticket.id, "9007199254740991");
	assert_null(r->u.ticket.subject);
	assert_null(r->u.ticket.user_id);
	assert_null(r->u.ticket.category_id);
	assert_int_equal(r->u.ticket.tags.n, 0);
	record_free(&r);
	/* Escape sequences and bidi overrides stay raw for the store. */
	r = ticket_of("{\"id\":5,\"status\":\"open\",\"subject\":"
	    "\"\\u001b[31mred\\u202e\"}", &ctx_group, TIX_OK);
	assert_string_equal(r->u.ticket.subject, "\033[31mred\xe2\x80\xae");
	record_free(&r);
}

static void
test_bases_and_escape(void **state)
{
	char	*s;

	(void)state;
	s = zd_api_base("Acme-2");
	assert_string_equal(s, "https://acme-2.zendesk.com/api/v2");
	free(s);
	assert_null(zd_api_base("acme.evil.com/x"));
	assert_null(zd_api_base(""));
	assert_null(zd_api_base("-acme"));
	s = http_web_origin("http://127.0.0.1:8080/api/v2/");
	assert_string_equal(s, "http://127.0.0.1:8080");
	free(s);
	s = http_web_origin("https://proxy.example/zd");
	assert_string_equal(s, "https://proxy.example/zd");
	free(s);
	s = http_url_escape("MTU3+/=&a b~");
	assert_string_equal(s, "MTU3%2B%2F%3D%26a%20b~");
	free(s);
}

static void
test_cursors(void **state)
{
	enum zd_walk	 w;
	const char	*raw;
	char		*c;

	(void)state;
	c = zd_cursor_make(ZD_WALK_EXPORT, "MTU3:x");
	assert_string_equal(c, "i:MTU3:x");
	assert_int_equal(zd_cursor_split(c, &w, &raw), 0);
	assert_int_equal(w, ZD_WALK_EXPORT);
	assert_string_equal(raw, "MTU3:x");
	free(c);
	assert_int_equal(zd_cursor_split("c:abc", &w, &raw), 0);
	assert_int_equal(w, ZD_WALK_PAGE);
	assert_int_equal(zd_cursor_split("u:abc", &w, &raw), 0);
	assert_int_equal(w, ZD_WALK_RECENT);
	assert_int_equal(zd_cursor_split("x:abc", &w, &raw), -1);
	assert_int_equal(zd_cursor_split("c:", &w, &raw), -1);
	assert_int_equal(zd_cursor_split("abc", &w, &raw), -1);
	assert_int_equal(zd_cursor_split(NULL, &w, &raw), -1);
}

/* The path for a request, which must succeed. */
static void
path_is(const struct zd_list_req *r, const char *want)
{
	char	*p = NULL, *cause = NULL;

	assert_int_equal(zd_list_path(r, &p, &cause), TIX_OK);
	assert_null(cause);
	assert_string_equal(p, want);
	free(p);
}

static void
test_paths(void **state)
{
	struct zd_list_req	 r;
	char			*p = NULL, *cause = NULL;

	(void)state;
	memset(&r, 0, sizeof r);
	r.kind = TIX_KIND_TICKET;
	r.walk = ZD_WALK_PAGE;
	path_is(&r, "/tickets.json?page[size]=100");
	r.limit = 25;
	r.after = "a+b";
	path_is(&r, "/tickets.json?page[size]=25&page[after]=a%2Bb");
	r.limit = 1000;
	r.after = NULL;
	r.walk = ZD_WALK_RECENT;
	path_is(&r, "/tickets.json?page[size]=100&sort=-updated_at");
	r.walk = ZD_WALK_EXPORT;
	r.since = 1700000000;
	path_is(&r, "/incremental/tickets/cursor.json?start_time=1700000000");
	r.since = 0;
	path_is(&r, "/incremental/tickets/cursor.json?start_time=1");
	r.after = "MTU3==";
	path_is(&r, "/incremental/tickets/cursor.json?cursor=MTU3%3D%3D");
	r.kind = TIX_KIND_CUSTOMER;
	path_is(&r, "/incremental/users/cursor.json?cursor=MTU3%3D%3D");
	r.after = NULL;
	r.walk = ZD_WALK_PAGE;
	path_is(&r, "/users.json?role=end-user&page[size]=100");
	r.kind = TIX_KIND_AGENT;
	path_is(&r, "/users.json?role[]=agent&role[]=admin&page[size]=100");
	r.kind = TIX_KIND_CATEGORY;
	path_is(&r, "/groups.json?page[size]=100");
	r.walk = ZD_WALK_FIELD;
	r.field_id = "27642";
	path_is(&r, "/ticket_fields/27642.json");
	r.kind = TIX_KIND_NOTE;
	r.walk = ZD_WALK_PAGE;
	r.ticket_id = "35";
	path_is(&r, "/tickets/35/comments.json?page[size]=100");

	/* Ids from elsewhere never reach a path unchecked. */
	r.ticket_id = "35/../../users";
	assert_int_equal(zd_list_path(&r, &p, &cause), TIX_ERR_INVALID);
	assert_null(p);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	r.kind = TIX_KIND_AGENT;
	r.walk = ZD_WALK_EXPORT;
	assert_int_equal(zd_list_path(&r, &p, &cause), TIX_ERR_INVALID);
	free(cause);
}

/* Parse a page answer for a request; returns the error. */
static enum tix_err
page_of(const char *json, const struct zd_list_req *r,
    const struct zd_ctx *ctx, struct page *pg)
{
	cJSON		*j = parse(json);
	char		*cause = NULL;
	enum tix_err	 err;

	memset(pg, 0, sizeof *pg);
	err = zd_parse_page(&test_rest, j, r, ctx, pg, &cause);
	cJSON_Delete(j);
	if (err != TIX_OK) {
		assert_non_null(cause);
		free(cause);
	} else
		assert_null(cause);
	return err;
}

static void
test_cursor_envelope(void **state)
{
	struct zd_list_req	r;
	struct page		pg;

	(void)state;
	memset(&r, 0, sizeof r);
	r.kind = TIX_KIND_TICKET;
	r.walk = ZD_WALK_PAGE;
	assert_int_equal(page_of("{\"tickets\":[" TICKET_JSON("\"open\"",
	    "\"low\"") "],\"meta\":{\"has_more\":true,\"after_cursor\":"
	    "\"xxx\",\"before_cursor\":\"yyy\"},\"links\":{\"next\":"
	    "\"https://x/api/v2/tickets.json?page[size]=1&page[after]=xxx\"}}",
	    &r, &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.next_cursor, "c:xxx");
	assert_int_equal(pg.watermark, pg.records[0]->u.ticket.updated_at);
	page_done(&pg);

	/* has_more false: stop even with links.next (the emulator's way). */
	assert_int_equal(page_of("{\"tickets\":[],\"meta\":{\"has_more\":"
	    "false,\"after_cursor\":null},\"links\":{\"next\":"
	    "\"https://x/t?page[after]=zzz\"}}", &r, &ctx_group, &pg),
	    TIX_OK);
	assert_int_equal(pg.n, 0);
	assert_null(pg.next_cursor);
	assert_int_equal(pg.watermark, 0);
	page_done(&pg);

	/* A cursor only in links.next, percent-encoded. */
	assert_int_equal(page_of("{\"tickets\":[],\"meta\":{\"has_more\":"
	    "true},\"links\":{\"next\":\"https://x/t?page%5Bsize%5D=2&"
	    "page%5Bafter%5D=a%2Bb&x=1\"}}", &r, &ctx_group, &pg), TIX_OK);
	assert_string_equal(pg.next_cursor, "c:a+b");
	page_done(&pg);

	/* More pages but no way to get them; no array; no meta. */
	assert_int_equal(page_of("{\"tickets\":[],\"meta\":{\"has_more\":"
	    "true},\"links\":{\"next\":null}}", &r, &ctx_group, &pg),
	    TIX_ERR_PARSE);
	assert_int_equal(page_of("{\"meta\":{\"has_more\":false}}", &r,
	    &ctx_group, &pg), TIX_ERR_PARSE);
	assert_int_equal(page_of("{\"tickets\":{},\"meta\":{\"has_more\":"
	    "false}}", &r, &ctx_group, &pg), TIX_ERR_PARSE);
	assert_int_equal(page_of("{\"tickets\":[]}", &r, &ctx_group, &pg),
	    TIX_ERR_PARSE);
	/* One bad item is skipped and counted; the rest of the page stays. */
	atomic_store(&test_account.skipped, 0);
	assert_int_equal(page_of("{\"tickets\":[" TICKET_JSON("\"open\"",
	    "null") ",{\"id\":null}],\"meta\":{\"has_more\":false}}", &r,
	    &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_int_equal(atomic_load(&test_account.skipped), 1);
	page_done(&pg);
}

static void
test_export_envelope(void **state)
{
	struct zd_list_req	r;
	struct page		pg;

	(void)state;
	memset(&r, 0, sizeof r);
	r.kind = TIX_KIND_TICKET;
	r.walk = ZD_WALK_EXPORT;
	r.since = 1500000000;
	/* generated_timestamp, not updated_at, is the watermark. */
	assert_int_equal(page_of("{\"tickets\":[{\"id\":7,\"status\":"
	    "\"open\",\"updated_at\":\"2019-06-05T01:13:24Z\","
	    "\"generated_timestamp\":1600000000}],\"after_cursor\":\"MTU3\","
	    "\"after_url\":\"https://x\",\"before_cursor\":null,"
	    "\"end_of_stream\":false}", &r, &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.next_cursor, "i:MTU3");
	assert_int_equal(pg.watermark, 1600000000);
	page_done(&pg);
	assert_int_equal(page_of("{\"tickets\":[],\"after_cursor\":\"MTU3\","
	    "\"end_of_stream\":true}", &r, &ctx_group, &pg), TIX_OK);
	assert_null(pg.next_cursor);
	page_done(&pg);
	/* A deleted ticket is reported removed, not kept as a record. */
	assert_int_equal(page_of("{\"tickets\":[{\"id\":8,\"status\":"
	    "\"deleted\",\"updated_at\":\"2019-06-05T01:13:24Z\"},"
	    TICKET_JSON("\"open\"", "null") "],\"after_cursor\":\"M\","
	    "\"end_of_stream\":true}", &r, &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_int_equal(pg.nremoved, 1);
	assert_string_equal(pg.removed[0], "8");
	page_done(&pg);
	assert_int_equal(page_of("{\"tickets\":[],\"after_cursor\":\"MTU3\"}",
	    &r, &ctx_group, &pg), TIX_ERR_PARSE);
	assert_int_equal(page_of("{\"tickets\":[],\"end_of_stream\":false}",
	    &r, &ctx_group, &pg), TIX_ERR_PARSE);

	/* The users export keeps end users only. */
	r.kind = TIX_KIND_CUSTOMER;
	assert_int_equal(page_of("{\"users\":[{\"id\":1,\"role\":\"admin\"},"
	    "{\"id\":2,\"role\":\"end-user\",\"name\":\"Ann\","
	    "\"updated_at\":\"2020-01-01T00:00:00Z\"},{\"id\":3,\"role\":"
	    "\"agent\"}],\"after_cursor\":\"c\",\"end_of_stream\":true}", &r,
	    &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.records[0]->u.customer.id, "2");
	assert_int_equal(pg.watermark, 1577836800);
	page_done(&pg);
}

static void
test_recent_walk(void **state)
{
	struct zd_list_req	r;
	struct page		pg;

	(void)state;
	memset(&r, 0, sizeof r);
	r.kind = TIX_KIND_TICKET;
	r.walk = ZD_WALK_RECENT;
	r.since = 1577836800;	/* 2020-01-01 */
	assert_int_equal(page_of("{\"tickets\":["
	    "{\"id\":3,\"status\":\"open\",\"updated_at\":\"2021-01-01T00:00:00Z\"},"
	    "{\"id\":2,\"status\":\"open\",\"updated_at\":\"2020-01-01T00:00:00Z\"},"
	    "{\"id\":1,\"status\":\"open\",\"updated_at\":\"2019-01-01T00:00:00Z\"}],"
	    "\"meta\":{\"has_more\":true,\"after_cursor\":\"q\"}}", &r,
	    &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_null(pg.next_cursor);	/* older ones follow: stop */
	assert_int_equal(pg.watermark, 1609459200);
	page_done(&pg);
}

static void
test_users(void **state)
{
	struct zd_list_req	r;
	struct page		pg;
	struct customer		*c;

	(void)state;
	memset(&r, 0, sizeof r);
	r.kind = TIX_KIND_CUSTOMER;
	r.walk = ZD_WALK_PAGE;
	assert_int_equal(page_of("{\"users\":[{\"id\":35436,\"url\":\"u\","
	    "\"name\":\"Johnny Agent\",\"email\":\"johnny@example.com\","
	    "\"created_at\":\"2009-07-20T22:55:29Z\",\"updated_at\":"
	    "\"2011-05-05T10:38:52Z\",\"phone\":\"+15551234567\","
	    "\"role\":\"end-user\",\"tags\":[\"enterprise\"],"
	    "\"user_fields\":{}},{\"id\":2,\"name\":null,\"email\":null,"
	    "\"phone\":null}],\"meta\":{\"has_more\":false}}", &r,
	    &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	c = &pg.records[0]->u.customer;
	assert_string_equal(c->id, "35436");
	assert_string_equal(c->name, "Johnny Agent");
	assert_int_equal(c->nemails, 1);
	assert_string_equal(c->emails[0].value, "johnny@example.com");
	assert_int_equal(c->ntelephones, 1);
	assert_string_equal(c->telephones[0].value, "+15551234567");
	assert_int_equal(c->tags.n, 1);
	assert_true(c->created_at > 0 && c->updated_at > c->created_at);
	c = &pg.records[1]->u.customer;
	assert_int_equal(c->nemails, 0);
	assert_int_equal(c->ntelephones, 0);
	assert_null(c->name);
	page_done(&pg);

	/* Agents: is_me for the authenticated user only. */
	r.kind = TIX_KIND_AGENT;
	assert_int_equal(page_of("{\"users\":[{\"id\":777,\"name\":\"Me\","
	    "\"email\":\"me@x\",\"role\":\"admin\"},{\"id\":778,\"name\":"
	    "\"You\",\"email\":\"you@x\",\"role\":\"agent\"}],\"meta\":"
	    "{\"has_more\":false}}", &r, &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_true(pg.records[0]->u.agent.is_me);
	assert_string_equal(pg.records[0]->u.agent.email, "me@x");
	assert_false(pg.records[1]->u.agent.is_me);
	assert_int_equal(pg.watermark, 0);
	page_done(&pg);
}

static void
test_groups_and_fields(void **state)
{
	struct zd_list_req	r;
	struct page		pg;

	(void)state;
	memset(&r, 0, sizeof r);
	r.kind = TIX_KIND_CATEGORY;
	r.walk = ZD_WALK_PAGE;
	assert_int_equal(page_of("{\"groups\":[{\"url\":\"u\",\"id\":"
	    "360004077472,\"name\":\"Support\",\"deleted\":false,"
	    "\"created_at\":\"2019-06-03T02:23:47Z\"},{\"id\":5,\"name\":"
	    "\"Old\",\"deleted\":true,\"description\":\"gone\"}],"
	    "\"meta\":{\"has_more\":false}}", &r, &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.records[0]->u.category.id, "360004077472");
	assert_string_equal(pg.records[0]->u.category.name, "Support");
	assert_true(pg.records[0]->u.category.is_active);
	assert_null(pg.records[0]->u.category.parent_id);
	assert_false(pg.records[1]->u.category.is_active);
	assert_string_equal(pg.records[1]->u.category.description, "gone");
	page_done(&pg);

	r.walk = ZD_WALK_FIELD;
	r.field_id = "27642";
	assert_int_equal(page_of("{\"ticket_field\":{\"id\":27642,\"type\":"
	    "\"tagger\",\"title\":\"Topic\",\"custom_field_options\":["
	    "{\"id\":1,\"name\":\"Billing\",\"value\":\"billing\"},"
	    "{\"id\":2,\"name\":\"Bugs\",\"value\":\"bug\"}]}}", &r,
	    &ctx_field, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.records[0]->u.category.id, "billing");
	assert_string_equal(pg.records[0]->u.category.name, "Billing");
	assert_null(pg.next_cursor);
	page_done(&pg);
	assert_int_equal(page_of("{\"ticket_field\":{\"id\":27642,\"type\":"
	    "\"text\"}}", &r, &ctx_field, &pg), TIX_ERR_PARSE);
	page_done(&pg);
}

static void
test_comments(void **state)
{
	struct zd_list_req	r;
	struct page		pg;
	struct note		*n;

	(void)state;
	memset(&r, 0, sizeof r);
	r.kind = TIX_KIND_NOTE;
	r.walk = ZD_WALK_PAGE;
	r.ticket_id = "2";
	assert_int_equal(page_of("{\"comments\":[{\"id\":11,\"type\":"
	    "\"Comment\",\"body\":\"Help!\",\"html_body\":\"<p>Help!</p>\","
	    "\"public\":true,\"author_id\":377922500012,\"attachments\":[],"
	    "\"created_at\":\"2019-06-03T01:23:47Z\"},{\"id\":12,\"type\":"
	    "\"Comment\",\"body\":\"internal\",\"public\":false,"
	    "\"author_id\":777,\"created_at\":\"2019-06-03T02:00:00Z\"}],"
	    "\"meta\":{\"has_more\":true,\"after_cursor\":\"n1\"}}", &r,
	    &ctx_group, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	n = &pg.records[0]->u.note;
	assert_string_equal(n->id, "11");
	assert_string_equal(n->ticket_id, "2");
	assert_string_equal(n->customer_id, "377922500012");
	assert_null(n->user_id);
	assert_true(n->is_public);
	assert_string_equal(n->description, "Help!");
	n = &pg.records[1]->u.note;
	assert_string_equal(n->user_id, "777");
	assert_null(n->customer_id);
	assert_false(n->is_public);
	assert_true(n->created_at > 0 && n->updated_at == n->created_at);
	assert_string_equal(pg.next_cursor, "c:n1");
	page_done(&pg);
	atomic_store(&test_account.skipped, 0);
	assert_int_equal(page_of("{\"comments\":[{\"id\":1,\"public\":"
	    "\"no\"}],\"meta\":{\"has_more\":false}}", &r, &ctx_group, &pg),
	    TIX_OK);
	assert_int_equal(pg.n, 0);
	assert_int_equal(atomic_load(&test_account.skipped), 1);
	page_done(&pg);
}

static void
test_me(void **state)
{
	cJSON	*j;
	char	 id[JSON_ID_MAX], *cause = NULL;

	(void)state;
	j = parse("{\"user\":{\"id\":777,\"role\":\"admin\"}}");
	assert_int_equal(zd_parse_me(j, id, &cause), TIX_OK);
	assert_string_equal(id, "777");
	cJSON_Delete(j);
	j = parse("{\"user\":{\"id\":null,\"name\":\"Anonymous user\","
	    "\"role\":\"end-user\"}}");
	assert_int_equal(zd_parse_me(j, id, &cause), TIX_ERR_AUTH);
	assert_non_null(strstr(cause, "anonymous"));
	free(cause);
	cause = NULL;
	cJSON_Delete(j);
	j = parse("{\"user\":{\"id\":5,\"role\":\"end-user\"}}");
	assert_int_equal(zd_parse_me(j, id, &cause), TIX_ERR_FORBIDDEN);
	free(cause);
	cause = NULL;
	cJSON_Delete(j);
	j = parse("{\"users\":[]}");
	assert_int_equal(zd_parse_me(j, id, &cause), TIX_ERR_PARSE);
	free(cause);
	cJSON_Delete(j);
}

/* Build an update body and return the parsed "ticket" object. */
static cJSON *
update_of(const struct patch *p, const char *field, const char *stamp)
{
	char	*body = NULL, *cause = NULL;
	cJSON	*j;

	assert_int_equal(zd_update_body(p, field, stamp, &body, &cause),
	    TIX_OK);
	assert_null(cause);
	j = parse(body);
	free(body);
	return j;
}

static void
test_update_bodies(void **state)
{
	struct patch	 p;
	cJSON		*j, *t, *v;
	char		*body = NULL, *cause = NULL;

	(void)state;
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY;
	p.priority = TIX_PRIORITY_URGENT;
	j = update_of(&p, NULL, "2019-06-05T01:13:24Z");
	t = cJSON_GetObjectItem(j, "ticket");
	assert_string_equal(cJSON_GetObjectItem(t, "priority")->valuestring,
	    "urgent");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(t, "safe_update")));
	assert_string_equal(cJSON_GetObjectItem(t,
	    "updated_stamp")->valuestring, "2019-06-05T01:13:24Z");
	assert_null(cJSON_GetObjectItem(t, "status"));
	assert_null(cJSON_GetObjectItem(t, "tags"));
	cJSON_Delete(j);

	p.priority = TIX_PRIORITY_NONE;
	j = update_of(&p, NULL, NULL);
	t = cJSON_GetObjectItem(j, "ticket");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "priority")));
	assert_null(cJSON_GetObjectItem(t, "safe_update"));
	cJSON_Delete(j);

	p.fields = TIX_PATCH_STATUS;
	p.status = TIX_STATUS_CLOSED;
	j = update_of(&p, NULL, NULL);
	t = cJSON_GetObjectItem(j, "ticket");
	assert_string_equal(cJSON_GetObjectItem(t, "status")->valuestring,
	    "solved");
	cJSON_Delete(j);
	p.status = TIX_STATUS_ACTIVE;
	j = update_of(&p, NULL, NULL);
	t = cJSON_GetObjectItem(j, "ticket");
	assert_string_equal(cJSON_GetObjectItem(t, "status")->valuestring,
	    "open");
	cJSON_Delete(j);

	/* Ids go out as exact JSON integers, 16 digits included. */
	p.fields = TIX_PATCH_ASSIGNEE | TIX_PATCH_CATEGORY;
	p.user_id = (char []){"9007199254740991"};
	p.category_id = (char []){"360004077472"};
	assert_int_equal(zd_update_body(&p, NULL, NULL, &body, &cause),
	    TIX_OK);
	assert_non_null(strstr(body, "\"assignee_id\":9007199254740991"));
	assert_non_null(strstr(body, "\"group_id\":360004077472"));
	free(body);
	p.user_id = NULL;
	p.category_id = NULL;
	j = update_of(&p, NULL, NULL);
	t = cJSON_GetObjectItem(j, "ticket");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "assignee_id")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "group_id")));
	cJSON_Delete(j);

	/* category = field:ID writes custom_fields. */
	p.fields = TIX_PATCH_CATEGORY;
	p.category_id = (char []){"billing"};
	j = update_of(&p, "27642", NULL);
	t = cJSON_GetObjectItem(j, "ticket");
	assert_null(cJSON_GetObjectItem(t, "group_id"));
	v = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "custom_fields"), 0);
	assert_int_equal((int)cJSON_GetObjectItem(v, "id")->valuedouble,
	    27642);
	assert_string_equal(cJSON_GetObjectItem(v, "value")->valuestring,
	    "billing");
	cJSON_Delete(j);

	/* Tags replace the set; an empty set clears it. */
	p.fields = TIX_PATCH_TAGS;
	strv_add(&p.tags, "vip");
	strv_add(&p.tags, "a\"b");
	j = update_of(&p, NULL, NULL);
	t = cJSON_GetObjectItem(j, "ticket");
	v = cJSON_GetObjectItem(t, "tags");
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_string_equal(cJSON_GetArrayItem(v, 1)->valuestring, "a\"b");
	cJSON_Delete(j);
	strv_done(&p.tags);
	j = update_of(&p, NULL, NULL);
	t = cJSON_GetObjectItem(j, "ticket");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t, "tags")),
	    0);
	cJSON_Delete(j);

	/* Refusals: nothing to change, ids that are not numbers. */
	p.fields = 0;
	assert_int_equal(zd_update_body(&p, NULL, NULL, &body, &cause),
	    TIX_ERR_INVALID);
	assert_null(body);
	free(cause);
	cause = NULL;
	p.fields = TIX_PATCH_ASSIGNEE;
	p.user_id = (char []){"1,\"admin\":true"};
	assert_int_equal(zd_update_body(&p, NULL, NULL, &body, &cause),
	    TIX_ERR_INVALID);
	free(cause);
	cause = NULL;
	p.fields = TIX_PATCH_CATEGORY;
	p.category_id = (char []){"billing"};
	assert_int_equal(zd_update_body(&p, NULL, NULL, &body, &cause),
	    TIX_ERR_INVALID);
	free(cause);
}

static void
test_note_bodies(void **state)
{
	cJSON		*j, *c;
	char		*s;

	(void)state;
	s = zd_note_body("line 1\n\033[2J", false);
	j = parse(s);
	free(s);
	c = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "ticket"), "comment");
	assert_string_equal(cJSON_GetObjectItem(c, "body")->valuestring,
	    "line 1\n\033[2J");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(c, "public")));
	cJSON_Delete(j);
	s = zd_note_body("hi", true);
	assert_non_null(strstr(s, "\"public\":true"));
	free(s);

}

static void
test_note_audit(void **state)
{
	cJSON		*j;
	struct record	*r = NULL;
	char		*cause = NULL;

	(void)state;
	/* As go-zendesk POST/ticket.json: no created_at on the event. */
	j = parse("{\"ticket\":{\"id\":2},\"audit\":{\"id\":1,\"ticket_id\":"
	    "2,\"created_at\":\"2019-06-03T02:23:47Z\",\"author_id\":777,"
	    "\"events\":[{\"id\":5,\"type\":\"Change\",\"field_name\":"
	    "\"status\"},{\"id\":6,\"type\":\"Comment\",\"author_id\":777,"
	    "\"body\":\"done\",\"public\":false}]}}");
	assert_int_equal(zd_parse_note_audit(j, "2", &ctx_group, &r, &cause),
	    TIX_OK);
	assert_string_equal(r->u.note.id, "6");
	assert_string_equal(r->u.note.ticket_id, "2");
	assert_string_equal(r->u.note.user_id, "777");
	assert_false(r->u.note.is_public);
	assert_string_equal(r->u.note.description, "done");
	assert_int_equal(r->u.note.created_at, 1559528627);
	record_free(&r);
	cJSON_Delete(j);
	j = parse("{\"ticket\":{\"id\":2},\"audit\":{\"events\":[]}}");
	assert_int_equal(zd_parse_note_audit(j, "2", &ctx_group, &r, &cause),
	    TIX_ERR_PARSE);
	assert_null(r);
	free(cause);
	cJSON_Delete(j);
}

int
main(void)
{
	int			 err;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticket_fixture),
		cmocka_unit_test(test_ticket_statuses),
		cmocka_unit_test(test_ticket_priorities),
		cmocka_unit_test(test_ticket_custom_field_category),
		cmocka_unit_test(test_ticket_bad),
		cmocka_unit_test(test_ticket_minimal_and_hostile),
		cmocka_unit_test(test_bases_and_escape),
		cmocka_unit_test(test_cursors),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_cursor_envelope),
		cmocka_unit_test(test_export_envelope),
		cmocka_unit_test(test_recent_walk),
		cmocka_unit_test(test_users),
		cmocka_unit_test(test_groups_and_fields),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_me),
		cmocka_unit_test(test_update_bodies),
		cmocka_unit_test(test_note_bodies),
		cmocka_unit_test(test_note_audit),
	};

	json_init();
	hashset_init(&test_rest.agents);
	hashset_add(&test_rest.agents, "777");
	err = cmocka_run_group_tests(tests, NULL, NULL);
	hashset_done(&test_rest.agents);
	return err;
}
