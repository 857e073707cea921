/*
 * Unit tests for providers/freshdesk_json.c: Freshdesk's JSON into tix
 * records, and the paths and bodies tix sends.  The samples follow the
 * shapes on the card (section 2.4, fixtures 2.9: airbyte's tickets.json,
 * python-freshdesk's note_1.json, reply_1.json, agent_1.json).  What is
 * checked is what an agent would see: status and priority as the inbox
 * shows them beside Freshdesk's own words, who wrote a note and whether
 * the customer saw it, and that a change asked for is the change sent.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/http.h"
#include "core/buf.h"
#include "core/html.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/freshdesk_json.h"

/* airbyte's tickets.json with include=description,requester,stats. */
static const char ticket_airbyte[] =
    "{\"cc_emails\":[],\"fwd_emails\":[],\"reply_cc_emails\":[],"
    "\"fr_escalated\":false,\"spam\":false,\"email_config_id\":67000041667,"
    "\"group_id\":null,\"priority\":1,\"requester_id\":67042965499,"
    "\"responder_id\":67013469919,\"source\":10,\"company_id\":67001265522,"
    "\"status\":5,\"subject\":\"Test\",\"association_type\":null,"
    "\"to_emails\":[\"support@x.freshdesk.com\"],\"product_id\":null,"
    "\"id\":21,\"type\":null,\"due_by\":\"2022-11-19T15:59:28Z\","
    "\"fr_due_by\":\"2022-11-17T15:59:28Z\",\"is_escalated\":false,"
    "\"custom_fields\":{},\"created_at\":\"2022-11-16T15:59:28Z\","
    "\"updated_at\":\"2022-11-16T16:00:00Z\",\"tags\":[],"
    "\"description\":\"<div>Test</div>\",\"description_text\":\"Test\","
    "\"stats\":{\"agent_responded_at\":null,\"resolved_at\":"
    "\"2022-11-16T15:59:50Z\",\"closed_at\":\"2022-11-16T15:59:59Z\"}}";

static const struct fd_ctx	ctx0 = { .base = { .account = 3 } };

/* The kit's state for one account whose agents are 1 and 2. */
static const struct rest_platform test_platform = { .name = "Freshdesk" };
static char			test_name[] = "t";
static struct account		test_account = { .index = 3,
				    .name = test_name };
static struct rest		test_rest = { .pf = &test_platform,
				    .account = &test_account };

/*
 * fd_parse_page() with ctx0, after reading the Link header as the
 * provider does.
 */
static enum tix_err
page_of(const cJSON *j, enum tix_kind kind, const char *ticket_id,
    const char *path, const char *link, struct page *pg, char **cause)
{
	struct fd_page_walk	 w = { .kind = kind, .ticket_id = ticket_id,
				     .ctx = &ctx0 };
	char			*next;
	enum tix_err		 err;

	next = link != NULL ? http_link_next(link) : NULL;
	err = fd_parse_page(&test_rest, j, &w, path, next, pg, cause);
	free(next);
	return err;
}

/* Parse JSON text, which must be valid. */
static cJSON *
parse(const char *s)
{
	cJSON	*j = cJSON_Parse(s);

	assert_non_null(j);
	return j;
}

/* A ticket from JSON text, which must parse. */
static struct record *
ticket(const char *s, const struct fd_ctx *ctx)
{
	cJSON		*j = parse(s);
	struct record	*r = NULL;
	char		*cause = NULL;

	assert_int_equal(fd_parse_ticket(j, ctx, &r, &cause), TIX_OK);
	assert_null(cause);
	cJSON_Delete(j);
	assert_non_null(r);
	assert_int_equal(r->kind, TIX_KIND_TICKET);
	return r;
}

/* A one-field ticket: {"id":7, <extra>}. */
static struct record *
ticket_with(const char *extra, const struct fd_ctx *ctx)
{
	char		*s = xasprintf("{\"id\":7,%s}", extra);
	struct record	*r = ticket(s, ctx);

	free(s);
	return r;
}

/* The airbyte ticket: every field lands where the inbox reads it. */
static void
test_ticket_fixture(void **state)
{
	struct fd_ctx	 ctx = ctx0;
	struct record	*r;
	struct ticket	*t;
	int64_t		 want;

	(void)state;
	ctx.base.web_base = "https://x.freshdesk.com";
	r = ticket(ticket_airbyte, &ctx);
	t = &r->u.ticket;
	assert_int_equal(r->account, 3);
	assert_string_equal(t->id, "21");
	assert_string_equal(t->subject, "Test");
	assert_string_equal(t->description, "Test");
	assert_int_equal(t->status, TIX_STATUS_CLOSED);
	assert_string_equal(t->status_raw, "Closed");
	assert_int_equal(t->priority, TIX_PRIORITY_LOW);
	assert_string_equal(t->priority_raw, "Low");
	assert_string_equal(t->customer_id, "67042965499");
	assert_string_equal(t->user_id, "67013469919");
	assert_null(t->category_id);
	assert_int_equal(t->tags.n, 0);
	assert_string_equal(t->source, "outbound_email");
	assert_string_equal(t->url,
	    "https://x.freshdesk.com/helpdesk/tickets/21");
	assert_int_equal(tix_time_parse("2022-11-16T15:59:28Z", &want), 0);
	assert_int_equal(t->created_at, want);
	assert_int_equal(t->updated_at, want + 32);
	assert_int_equal(tix_time_parse("2022-11-19T15:59:28Z", &want), 0);
	assert_int_equal(t->due_at, want);
	assert_int_equal(tix_time_parse("2022-11-16T15:59:59Z", &want), 0);
	assert_int_equal(t->closed_at, want);
	record_free(&r);
}

/* Each status: 2, 3 and custom ones are active; 4 and 5 closed. */
static void
test_ticket_statuses(void **state)
{
	static const struct {
		const char	*json;
		enum tix_status	 status;
		const char	*raw;
	} cases[] = {
		{ "\"status\":2", TIX_STATUS_ACTIVE, "Open" },
		{ "\"status\":3", TIX_STATUS_ACTIVE, "Pending" },
		{ "\"status\":4", TIX_STATUS_CLOSED, "Resolved" },
		{ "\"status\":5", TIX_STATUS_CLOSED, "Closed" },
		{ "\"status\":6", TIX_STATUS_ACTIVE, "Waiting on Customer" },
		{ "\"status\":17", TIX_STATUS_ACTIVE, "17" },
	};
	static char	 open_s[] = "Open", wait_s[] = "Waiting on Customer";
	struct fd_label	 labels[] = { { 2, open_s }, { 6, wait_s } };
	struct fd_ctx	 ctx = ctx0;
	struct record	*r;

	(void)state;
	ctx.statuses = labels;
	ctx.nstatuses = 2;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = ticket_with(cases[i].json, &ctx);
		assert_int_equal(r->u.ticket.status, cases[i].status);
		assert_string_equal(r->u.ticket.status_raw, cases[i].raw);
		record_free(&r);
	}
	/* Without the account's names, a custom status is its number. */
	r = ticket_with("\"status\":6", &ctx0);
	assert_string_equal(r->u.ticket.status_raw, "6");
	record_free(&r);
}

/* Each priority maps to the level the inbox sorts by. */
static void
test_ticket_priorities(void **state)
{
	static const struct {
		const char		*json;
		enum tix_priority	 level;
		const char		*raw;
	} cases[] = {
		{ "\"priority\":1", TIX_PRIORITY_LOW, "Low" },
		{ "\"priority\":2", TIX_PRIORITY_NORMAL, "Medium" },
		{ "\"priority\":3", TIX_PRIORITY_HIGH, "High" },
		{ "\"priority\":4", TIX_PRIORITY_URGENT, "Urgent" },
		{ "\"priority\":9", TIX_PRIORITY_NONE, "9" },
		{ "\"priority\":null", TIX_PRIORITY_NONE, NULL },
		{ "\"priority\":\"3\"", TIX_PRIORITY_NONE, NULL },
	};
	struct record	*r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = ticket_with(cases[i].json, &ctx0);
		assert_int_equal(r->u.ticket.priority, cases[i].level);
		if (cases[i].raw == NULL)
			assert_null(r->u.ticket.priority_raw);
		else
			assert_string_equal(r->u.ticket.priority_raw,
			    cases[i].raw);
		record_free(&r);
	}
}

/* Tags, type as category, a custom dropdown as category, HTML only. */
static void
test_ticket_fields(void **state)
{
	struct fd_ctx	 ctx = ctx0;
	struct record	*r;

	(void)state;
	r = ticket_with("\"tags\":[\"vip\",\"\",7,\"billing\"],"
	    "\"type\":\"Refund\",\"custom_fields\":{\"cf_area\":\"Mobile\"},"
	    "\"description\":\"<p>Hello &amp; welcome</p><p>Line 2<br>"
	    "end</p>\"", &ctx);
	assert_int_equal(r->u.ticket.tags.n, 2);
	assert_string_equal(r->u.ticket.tags.v[0], "vip");
	assert_string_equal(r->u.ticket.tags.v[1], "billing");
	assert_string_equal(r->u.ticket.category_id, "Refund");
	/* Paragraphs stay paragraphs, <br> a line break. */
	assert_string_equal(r->u.ticket.description,
	    "Hello & welcome\n\nLine 2\nend");
	record_free(&r);

	ctx.field = "cf_area";
	r = ticket_with("\"type\":\"Refund\","
	    "\"custom_fields\":{\"cf_area\":\"Mobile\"}", &ctx);
	assert_string_equal(r->u.ticket.category_id, "Mobile");
	record_free(&r);
	r = ticket_with("\"type\":\"Refund\","
	    "\"custom_fields\":{\"cf_area\":null}", &ctx);
	assert_null(r->u.ticket.category_id);
	record_free(&r);
}

/* Nulls, absent fields and wrong types leave fields unset, not wrong. */
static void
test_ticket_nulls(void **state)
{
	struct record	*r;
	struct ticket	*t;

	(void)state;
	r = ticket_with("\"subject\":null,\"requester_id\":null,"
	    "\"responder_id\":\"12\",\"created_at\":\"yesterday\","
	    "\"updated_at\":17,\"tags\":{},\"type\":\"\",\"source\":null,"
	    "\"due_by\":null", &ctx0);
	t = &r->u.ticket;
	assert_string_equal(t->id, "7");
	assert_null(t->subject);
	assert_null(t->description);
	assert_null(t->customer_id);
	assert_null(t->user_id);
	assert_null(t->category_id);
	assert_null(t->source);
	assert_null(t->url);
	assert_null(t->status_raw);
	assert_int_equal(t->created_at, 0);
	assert_int_equal(t->updated_at, 0);
	assert_int_equal(t->due_at, 0);
	assert_int_equal(t->tags.n, 0);
	record_free(&r);
}

/* A record without a usable id is refused; hostile text is kept raw. */
static void
test_ticket_bad(void **state)
{
	static const char *const bad[] = {
		"{\"subject\":\"no id\"}", "{\"id\":\"21\"}", "{\"id\":0}",
		"{\"id\":-4}", "{\"id\":1.5}", "{\"id\":1e300}",
		"{\"id\":9007199254740993}", "[1]", "\"x\"", "null",
	};
	struct record	*r = NULL;
	char		*cause = NULL;
	cJSON		*j;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = parse(bad[i]);
		assert_int_equal(fd_parse_ticket(j, &ctx0, &r, &cause),
		    TIX_ERR_PARSE);
		assert_null(r);
		/* "... without "id"", "... is not an id", "... an object" */
		assert_non_null(strstr(cause, "Freshdesk ticket"));
		xfree(&cause);
		cJSON_Delete(j);
	}

	/* Escapes and controls stay for the store's sanitizer. */
	r = ticket_with("\"subject\":\"\\u001b[2J\\u001b]0;pwned\\u0007 x\\n"
	    "\\u202e\"", &ctx0);
	assert_string_equal(r->u.ticket.subject,
	    "\x1b[2J\x1b]0;pwned\x07 x\n\xe2\x80\xae");
	record_free(&r);
}

/* Contact v2: e-mails, other e-mails, phone and mobile with types. */
static void
test_contact(void **state)
{
	cJSON		*j;
	struct record	*r;
	struct customer	*c;
	char		*cause = NULL;

	(void)state;
	j = parse("{\"active\":true,\"email\":\"ann@example.com\","
	    "\"id\":67013469261,\"mobile\":\"+1 555 0101\","
	    "\"name\":\"Ann Lee\","
	    "\"phone\":\"+1 555 0100\",\"other_emails\":[\"ann@home.example\","
	    "null,\"\"],\"tags\":[\"vip\"],\"created_at\":"
	    "\"2026-01-02T03:04:05Z\","
	    "\"updated_at\":\"2026-01-03T03:04:05Z\"}");
	assert_int_equal(fd_parse_contact(j, &ctx0, &r, &cause), TIX_OK);
	c = &r->u.customer;
	assert_string_equal(c->id, "67013469261");
	assert_string_equal(c->name, "Ann Lee");
	assert_int_equal(c->nemails, 2);
	assert_string_equal(c->emails[0].value, "ann@example.com");
	assert_string_equal(c->emails[1].value, "ann@home.example");
	assert_int_equal(c->ntelephones, 2);
	assert_string_equal(c->telephones[0].value, "+1 555 0100");
	assert_string_equal(c->telephones[0].type, "WORK");
	assert_string_equal(c->telephones[1].value, "+1 555 0101");
	assert_string_equal(c->telephones[1].type, "MOBILE");
	assert_int_equal(c->tags.n, 1);
	assert_int_equal(c->updated_at - c->created_at, 86400);
	record_free(&r);
	cJSON_Delete(j);

	/* Nulls everywhere but the id. */
	j = parse("{\"id\":5,\"email\":null,\"phone\":null,\"mobile\":null,"
	    "\"other_emails\":null,\"name\":null}");
	assert_int_equal(fd_parse_contact(j, &ctx0, &r, &cause), TIX_OK);
	assert_int_equal(r->u.customer.nemails, 0);
	assert_int_equal(r->u.customer.ntelephones, 0);
	assert_null(r->u.customer.name);
	record_free(&r);
	cJSON_Delete(j);
}

/* An agent's name and e-mail sit in its contact; is_me from the ctx. */
static void
test_agent(void **state)
{
	static const char	 agent1[] = "{\"available\":true,"
	    "\"occasional\":false,\"signature\":null,\"id\":1,"
	    "\"ticket_scope\":1,\"contact\":{\"active\":true,"
	    "\"email\":\"rachel@example.com\",\"name\":\"Rachel\"}}";
	struct fd_ctx		 ctx = ctx0;
	cJSON			*j = parse(agent1);
	struct record		*r;
	char			*cause = NULL;
	char			 id[JSON_ID_MAX];

	(void)state;
	assert_int_equal(fd_parse_agent(j, &ctx, &r, &cause), TIX_OK);
	assert_string_equal(r->u.agent.id, "1");
	assert_string_equal(r->u.agent.name, "Rachel");
	assert_string_equal(r->u.agent.email, "rachel@example.com");
	assert_false(r->u.agent.is_me);
	record_free(&r);
	ctx.base.me_id = "1";
	assert_int_equal(fd_parse_agent(j, &ctx, &r, &cause), TIX_OK);
	assert_true(r->u.agent.is_me);
	record_free(&r);
	assert_int_equal(fd_parse_me(j, id, &cause), TIX_OK);
	assert_string_equal(id, "1");
	cJSON_Delete(j);

	j = parse("{\"contact\":{\"name\":\"x\"}}");
	assert_int_equal(fd_parse_me(j, id, &cause), TIX_ERR_PARSE);
	assert_non_null(cause);
	xfree(&cause);
	cJSON_Delete(j);
}

/* A conversation from its JSON text. */
static struct record *
conversation(const char *s, const struct fd_ctx *ctx)
{
	cJSON		*j = parse(s);
	struct record	*r = NULL;
	char		*cause = NULL;

	assert_int_equal(fd_parse_conversation(j, "99", ctx, &r, &cause),
	    TIX_OK);
	cJSON_Delete(j);
	return r;
}

/* Private notes, public replies, customers' messages, body_text first. */
static void
test_conversation(void **state)
{
	struct fd_ctx	 ctx = ctx0;
	struct record	*r;
	struct note	*n;

	(void)state;
	/* python-freshdesk note_1.json */
	r = conversation("{\"body\":\"<div>This is a private note</div>\","
	    "\"body_text\":\"This is a private note\",\"id\":1,"
	    "\"incoming\":false,\"private\":true,\"user_id\":1,"
	    "\"source\":2,\"ticket_id\":1,\"created_at\":"
	    "\"2016-05-19T05:36:12Z\",\"updated_at\":\"2016-05-19T05:36:12Z\"}",
	    &ctx);
	n = &r->u.note;
	assert_string_equal(n->id, "1");
	assert_string_equal(n->ticket_id, "1");
	assert_string_equal(n->description, "This is a private note");
	assert_false(n->is_public);
	assert_string_equal(n->user_id, "1");
	assert_null(n->customer_id);
	assert_int_not_equal(n->created_at, 0);
	record_free(&r);

	/* A public reply, HTML body only, no ticket_id: the caller's. */
	r = conversation("{\"body\":\"<div>Thanks,<br>we are on it</div>\","
	    "\"id\":2,\"incoming\":false,\"private\":false,\"user_id\":2,"
	    "\"source\":0}", &ctx);
	n = &r->u.note;
	assert_true(n->is_public);
	assert_string_equal(n->ticket_id, "99");
	assert_string_equal(n->description, "Thanks,\nwe are on it");
	assert_string_equal(n->user_id, "2");
	record_free(&r);

	/* incoming: the customer wrote it. */
	r = conversation("{\"body_text\":\"help\",\"id\":3,\"incoming\":true,"
	    "\"private\":false,\"user_id\":67013469261}", &ctx);
	assert_string_equal(r->u.note.customer_id, "67013469261");
	assert_null(r->u.note.user_id);
	record_free(&r);

	/* Not incoming, but not an agent either, once agents are known. */
	r = conversation("{\"body_text\":\"fwd\",\"id\":4,\"incoming\":false,"
	    "\"user_id\":55}", &ctx);
	assert_string_equal(r->u.note.user_id, "55");
	record_free(&r);
	ctx.base.rest = &test_rest;
	r = conversation("{\"body_text\":\"fwd\",\"id\":4,\"incoming\":false,"
	    "\"user_id\":55}", &ctx);
	assert_string_equal(r->u.note.customer_id, "55");
	assert_null(r->u.note.user_id);
	record_free(&r);
	r = conversation("{\"body_text\":\"ok\",\"id\":5,\"user_id\":2}", &ctx);
	assert_string_equal(r->u.note.user_id, "2");
	assert_true(r->u.note.is_public);
	record_free(&r);
}

/* Every list asks what it must: tickets always with updated_since. */
static void
test_list_path(void **state)
{
	char	*p = NULL, *cause = NULL, *s;

	(void)state;
	assert_int_equal(fd_list_path(TIX_KIND_TICKET, 0, NULL, 0, &p,
	    &cause), TIX_OK);
	/* Without updated_since, Freshdesk hides tickets past 30 days. */
	s = http_query_arg(p, "updated_since");
	assert_string_equal(s, "1970-01-01T00:00:00Z");
	free(s);
	assert_non_null(strstr(p, "order_by=updated_at"));
	assert_non_null(strstr(p, "order_type=asc"));
	assert_non_null(strstr(p, "per_page=100"));
	assert_non_null(strstr(p, "include=description"));
	free(p);

	assert_int_equal(fd_list_path(TIX_KIND_TICKET, 1700000000, NULL, 500,
	    &p, &cause), TIX_OK);
	s = http_query_arg(p, "updated_since");
	assert_string_equal(s, "2023-11-14T22:13:20Z");
	free(s);
	assert_non_null(strstr(p, "per_page=100&"));
	free(p);

	assert_int_equal(fd_list_path(TIX_KIND_CUSTOMER, 1700000000, NULL, 7,
	    &p, &cause), TIX_OK);
	assert_true(strncmp(p, "/contacts?_updated_since=", 25) == 0);
	assert_non_null(strstr(p, "per_page=7&"));
	free(p);
	assert_int_equal(fd_list_path(TIX_KIND_AGENT, 0, NULL, 0, &p,
	    &cause), TIX_OK);
	assert_string_equal(p, "/agents?per_page=100&page=1");
	free(p);
	assert_int_equal(fd_list_path(TIX_KIND_CATEGORY, 0, NULL, 0, &p,
	    &cause), TIX_OK);
	assert_string_equal(p, "/ticket_fields");
	free(p);
	assert_int_equal(fd_list_path(TIX_KIND_NOTE, 0, "42", 0, &p,
	    &cause), TIX_OK);
	assert_string_equal(p, "/tickets/42/conversations?per_page=100&"
	    "page=1");
	free(p);
	assert_int_equal(fd_list_path(TIX_KIND_NOTE, 0, "../agents", 0, &p,
	    &cause), TIX_ERR_INVALID);
	assert_null(p);
	xfree(&cause);
}

/* A page: records, watermark, next cursor, bad records skipped. */
static void
test_page(void **state)
{
	struct page	 pg;
	cJSON		*j;
	char		*cause = NULL;

	(void)state;
	memset(&pg, 0, sizeof pg);
	j = parse("[{\"id\":1,\"updated_at\":\"2026-01-01T00:00:00Z\"},"
	    "{\"id\":\"bad\"},"
	    "{\"id\":2,\"updated_at\":\"2026-01-02T00:00:00Z\"},"
	    "3]");
	assert_int_equal(page_of(j, TIX_KIND_TICKET, NULL,
	    "/tickets?per_page=2&page=1", "<http://h/api/v2/tickets?"
	    "per_page=2&page=2>; rel=\"next\"", &pg, &cause), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(record_id(pg.records[1]), "2");
	assert_int_equal(pg.watermark, 1767312000);
	assert_string_equal(pg.next_cursor,
	    "http://h/api/v2/tickets?per_page=2&page=2");
	page_done(&pg);
	cJSON_Delete(j);

	/* Empty array, no Link: the last page. */
	memset(&pg, 0, sizeof pg);
	j = parse("[]");
	assert_int_equal(page_of(j, TIX_KIND_CUSTOMER, NULL,
	    "/contacts?page=1", NULL, &pg, &cause), TIX_OK);
	assert_int_equal(pg.n, 0);
	assert_null(pg.next_cursor);
	page_done(&pg);
	cJSON_Delete(j);

	/* Not an array: an error that says so. */
	j = parse("{\"tickets\":[]}");
	assert_int_equal(page_of(j, TIX_KIND_TICKET, NULL,
	    "/tickets?page=1", NULL, &pg, &cause), TIX_ERR_PARSE);
	assert_non_null(strstr(cause, "array"));
	xfree(&cause);
	page_done(&pg);
	cJSON_Delete(j);
}

/* Page 300 moves updated_since up to the last ticket and starts again. */
static void
test_page_limit(void **state)
{
	struct page	 pg;
	cJSON		*j;
	char		*cause = NULL, *s;

	(void)state;
	memset(&pg, 0, sizeof pg);
	j = parse("[{\"id\":1,\"updated_at\":\"2026-01-01T00:00:00Z\"},"
	    "{\"id\":2,\"updated_at\":\"2026-01-02T00:00:00Z\"}]");
	assert_int_equal(page_of(j, TIX_KIND_TICKET, NULL,
	    "http://h/api/v2/tickets?updated_since=1970-01-01T00%3A00%3A00Z&"
	    "per_page=2&page=300", "<http://h/api/v2/tickets?page=301>; "
	    "rel=\"next\"", &pg, &cause), TIX_OK);
	assert_non_null(pg.next_cursor);
	s = http_query_arg(pg.next_cursor, "updated_since");
	assert_string_equal(s, "2026-01-02T00:00:00Z");
	free(s);
	s = http_query_arg(pg.next_cursor, "page");
	assert_string_equal(s, "1");
	free(s);
	s = http_query_arg(pg.next_cursor, "per_page");
	assert_string_equal(s, "2");
	free(s);
	page_done(&pg);

	/* 300 pages of one second: the window cannot move. */
	memset(&pg, 0, sizeof pg);
	assert_int_equal(page_of(j, TIX_KIND_TICKET, NULL,
	    "/tickets?updated_since=2026-01-02T00%3A00%3A00Z&per_page=2&"
	    "page=300", "<http://h/x?page=301>; rel=\"next\"", &pg,
	    &cause), TIX_ERR_UNSUPPORTED);
	assert_non_null(strstr(cause, "page 300"));
	xfree(&cause);
	page_done(&pg);

	/* Page 300 without a next link is simply the end. */
	memset(&pg, 0, sizeof pg);
	assert_int_equal(page_of(j, TIX_KIND_TICKET, NULL,
	    "/tickets?page=300", NULL, &pg, &cause), TIX_OK);
	assert_null(pg.next_cursor);
	page_done(&pg);
	cJSON_Delete(j);
}

/* /ticket_fields: type choices, a custom dropdown, status names. */
static void
test_ticket_fields_choices(void **state)
{
	static const char	 fields[] = "[{\"name\":\"status\","
	    "\"choices\":{\"2\":[\"Open\",\"Being Processed\"],\"3\":"
	    "[\"Pending\",\"Awaiting\"],\"6\":[\"Waiting on Customer\","
	    "\"x\"],\"bad\":[\"y\"]}},{\"name\":\"ticket_type\",\"choices\":"
	    "[\"Question\",\"Refund\",\"\"]},{\"name\":\"cf_area\",\"choices\":"
	    "[{\"value\":\"Mobile\",\"label\":\"Mobile app\"},{\"value\":"
	    "\"Web\"}]}]";
	struct fd_ctx		 ctx = ctx0;
	struct fd_label		*labels;
	struct page		 pg;
	cJSON			*j = parse(fields);
	char			*cause = NULL;
	size_t			 n;

	(void)state;
	fd_parse_statuses(j, &labels, &n);
	assert_int_equal(n, 3);
	assert_int_equal(labels[2].value, 6);
	assert_string_equal(labels[2].name, "Waiting on Customer");
	fd_labels_free(&labels, &n);
	assert_null(labels);

	memset(&pg, 0, sizeof pg);
	assert_int_equal(fd_parse_categories(j, &ctx, &pg, &cause), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.records[1]->u.category.id, "Refund");
	assert_string_equal(pg.records[1]->u.category.name, "Refund");
	assert_true(pg.records[1]->u.category.is_active);
	page_done(&pg);

	ctx.field = "cf_area";
	memset(&pg, 0, sizeof pg);
	assert_int_equal(fd_parse_categories(j, &ctx, &pg, &cause), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.records[0]->u.category.id, "Mobile");
	assert_string_equal(pg.records[0]->u.category.name, "Mobile app");
	page_done(&pg);

	ctx.field = "cf_missing";
	memset(&pg, 0, sizeof pg);
	assert_int_equal(fd_parse_categories(j, &ctx, &pg, &cause),
	    TIX_ERR_INVALID);
	assert_non_null(strstr(cause, "cf_missing"));
	xfree(&cause);
	page_done(&pg);
	cJSON_Delete(j);

	j = parse("{}");
	assert_int_equal(fd_parse_categories(j, &ctx0, &pg, &cause),
	    TIX_ERR_PARSE);
	xfree(&cause);
	fd_parse_statuses(j, &labels, &n);
	assert_int_equal(n, 0);
	cJSON_Delete(j);
}

/* The body of a PUT, parsed back. */
static cJSON *
update(const struct patch *p, const char *field, long current)
{
	char	*body = NULL, *cause = NULL;
	cJSON	*j;

	assert_int_equal(fd_update_body(p, field, current, &body, &cause),
	    TIX_OK);
	if (body == NULL)
		return NULL;
	j = parse(body);
	free(body);
	return j;
}

/* Each patch field becomes the field Freshdesk reads. */
static void
test_update_body(void **state)
{
	static const struct {
		enum tix_priority	 level;
		int			 number;
	} prios[] = {
		{ TIX_PRIORITY_LOW, 1 }, { TIX_PRIORITY_NORMAL, 2 },
		{ TIX_PRIORITY_HIGH, 3 }, { TIX_PRIORITY_URGENT, 4 },
	};
	static char	 agent_s[] = "67013469919", refund_s[] = "Refund";
	static char	 hostile_s[] = "1, \"x\": 2";
	struct patch	 p;
	cJSON		*j;
	char		*body = NULL, *cause = NULL, *s;

	(void)state;
	for (size_t i = 0; i < sizeof prios / sizeof prios[0]; i++) {
		memset(&p, 0, sizeof p);
		p.fields = TIX_PATCH_PRIORITY;
		p.priority = prios[i].level;
		j = update(&p, NULL, 0);
		assert_int_equal(cJSON_GetArraySize(j), 1);
		assert_int_equal(cJSON_GetObjectItem(j, "priority")->valueint,
		    prios[i].number);
		cJSON_Delete(j);
	}
	p.priority = TIX_PRIORITY_NONE;
	assert_int_equal(fd_update_body(&p, NULL, 0, &body, &cause),
	    TIX_ERR_INVALID);
	assert_null(body);
	xfree(&cause);

	/* Status: CLOSED is Resolved, ACTIVE Open, unless already so. */
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_STATUS;
	p.status = TIX_STATUS_CLOSED;
	j = update(&p, NULL, 3);
	assert_int_equal(cJSON_GetObjectItem(j, "status")->valueint, 4);
	cJSON_Delete(j);
	assert_null(update(&p, NULL, 5));
	p.status = TIX_STATUS_ACTIVE;
	j = update(&p, NULL, 4);
	assert_int_equal(cJSON_GetObjectItem(j, "status")->valueint, 2);
	cJSON_Delete(j);
	assert_null(update(&p, NULL, 3));	/* Pending stays Pending */
	assert_null(update(&p, NULL, 7));	/* and a custom status */

	/* Assignee as a raw number, or null; category; tags. */
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_ASSIGNEE | TIX_PATCH_CATEGORY | TIX_PATCH_TAGS;
	p.user_id = agent_s;
	p.category_id = refund_s;
	strv_add(&p.tags, "vip");
	strv_add(&p.tags, "a \"quoted\" tag");
	j = update(&p, NULL, 0);
	s = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "responder_id"));
	assert_string_equal(s, "67013469919");
	free(s);
	assert_string_equal(cJSON_GetObjectItem(j, "type")->valuestring,
	    "Refund");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "tags")),
	    2);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "tags"),
	    1)->valuestring, "a \"quoted\" tag");
	cJSON_Delete(j);
	j = update(&p, "cf_area", 0);
	assert_null(cJSON_GetObjectItem(j, "type"));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j,
	    "custom_fields"), "cf_area")->valuestring, "Refund");
	cJSON_Delete(j);

	p.user_id = NULL;
	p.category_id = NULL;
	strv_done(&p.tags);
	j = update(&p, NULL, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "responder_id")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "type")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "tags")),
	    0);
	cJSON_Delete(j);

	p.fields = TIX_PATCH_ASSIGNEE;
	p.user_id = hostile_s;
	assert_int_equal(fd_update_body(&p, NULL, 0, &body, &cause),
	    TIX_ERR_INVALID);
	assert_null(body);
	xfree(&cause);
}

/* Reply and note bodies: HTML that reads back as the text written. */
static void
test_note_body(void **state)
{
	cJSON	*j;
	char	*s, *cause = NULL;
	const char *html;

	(void)state;
	assert_int_equal(fd_note_body("a <b> & \"c\"\nnext\n\nnew para",
	    true, &s, &cause), TIX_OK);
	j = parse(s);
	free(s);
	html = cJSON_GetObjectItem(j, "body")->valuestring;
	/* Escaped: no tag of the agent's own survives. */
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "&lt;b&gt;"));
	assert_null(cJSON_GetObjectItem(j, "private"));
	/* And back, as the adapter reads a conversation: the same text. */
	s = html_to_text(html, TIX_MAX_FIELD, NULL);
	assert_string_equal(s, "a <b> & \"c\"\nnext\n\nnew para");
	free(s);
	cJSON_Delete(j);

	assert_int_equal(fd_note_body("internal", false, &s, &cause),
	    TIX_OK);
	j = parse(s);
	free(s);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "private")));
	cJSON_Delete(j);
	assert_null(cause);
}


/* Domains, web bases, ids and escapes. */
static void
test_misc(void **state)
{
	char	*s, buf[JSON_ID_MAX];
	cJSON	*j;

	(void)state;
	s = fd_api_base("acme");
	assert_string_equal(s, "https://acme.freshdesk.com/api/v2");
	free(s);
	s = fd_api_base("Acme-2.FreshDesk.com");
	assert_string_equal(s, "https://Acme-2.freshdesk.com/api/v2");
	free(s);
	assert_null(fd_api_base("evil.com/x"));
	assert_null(fd_api_base("a.b"));
	assert_null(fd_api_base(""));
	assert_null(fd_api_base(".freshdesk.com"));
	assert_null(fd_api_base("-a"));
	s = http_web_origin("https://acme.freshdesk.com/api/v2/");
	assert_string_equal(s, "https://acme.freshdesk.com");
	free(s);

	assert_true(json_id_valid("67013469261"));
	assert_false(json_id_valid("0"));
	assert_false(json_id_valid("012"));
	assert_false(json_id_valid("-1"));
	assert_false(json_id_valid("1 "));
	assert_false(json_id_valid("9007199254740992"));
	assert_false(json_id_valid(NULL));
	j = parse("67042965499");
	assert_int_equal(json_id_text(j, buf), 1);
	assert_string_equal(buf, "67042965499");
	cJSON_Delete(j);
	assert_int_equal(json_id_text(NULL, buf), 0);

	s = http_url_escape("2026-01-01T00:00:00Z a/b");
	assert_string_equal(s, "2026-01-01T00%3A00%3A00Z%20a%2Fb");
	free(s);
}

int
main(void)
{
	int			 err;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticket_fixture),
		cmocka_unit_test(test_ticket_statuses),
		cmocka_unit_test(test_ticket_priorities),
		cmocka_unit_test(test_ticket_fields),
		cmocka_unit_test(test_ticket_nulls),
		cmocka_unit_test(test_ticket_bad),
		cmocka_unit_test(test_contact),
		cmocka_unit_test(test_agent),
		cmocka_unit_test(test_conversation),
		cmocka_unit_test(test_list_path),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_page_limit),
		cmocka_unit_test(test_ticket_fields_choices),
		cmocka_unit_test(test_update_body),
		cmocka_unit_test(test_note_body),
		cmocka_unit_test(test_misc),
	};

	json_init();
	hashset_init(&test_rest.agents);
	hashset_add(&test_rest.agents, "1");
	hashset_add(&test_rest.agents, "2");
	err = cmocka_run_group_tests(tests, NULL, NULL);
	hashset_done(&test_rest.agents);
	return err;
}
