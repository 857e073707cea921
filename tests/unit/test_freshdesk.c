/*
 * Freshdesk on the REST kit (providers/freshdesk.c through
 * providers/rest.h): Freshdesk's JSON as tix records, and the requests
 * and bodies tix sends.  The samples follow airbyte's tickets.json and
 * python-freshdesk's note_1.json, reply_1.json and agent_1.json
 * (docs/platforms/freshdesk.md).  What is checked is what an agent would
 * see: status and priority as the inbox shows them beside Freshdesk's
 * own words, who wrote a note and whether the customer saw it, and that
 * a change asked for is the change sent.
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

#include "core/buf.h"
#include "core/html.h"
#include "core/http.h"
#include "core/json.h"
#include "core/model.h"
#include "providers/rest.h"
#include "tests/unit/rest_fixture.h"

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

/* The first page of a ticket walk, from {since} as written. */
#define FD_TICKETS(since, limit)					\
	"/tickets?updated_since=" since "&order_by=updated_at&"		\
	"order_type=asc&per_page=" limit "&page=1&include=description,stats"

/* The descriptor's lists, by what they are for. */
enum {
	FD_LIST_TICKETS,
	FD_LIST_DELETED,	/* after a poll's tickets: filter=deleted */
	FD_LIST_CONTACTS_SINCE,
	FD_LIST_CONTACTS,
	FD_LIST_AGENTS,
	FD_LIST_FIELDS,
	FD_LIST_CONVERSATIONS,
};

/* An account whose agents are 1 (its user) and 2. */
static struct fixture_account	fd_account = {
	.pf = &rest_freshdesk,
	.me = "1",
	.agent = "2",
};

/* A one-field ticket: {"id":7, <extra>}. */
static struct record *
ticket_with(const char *extra)
{
	char		*s = xasprintf("{\"id\":7,%s}", extra);
	struct record	*r;

	r = fixture_read(&fx, TIX_KIND_TICKET, s, NULL, TIX_OK);
	free(s);
	return r;
}

/* The airbyte ticket: every field lands where the inbox reads it. */
static void
test_ticket_fixture(void **state)
{
	struct record	*r;
	struct ticket	*t;
	int64_t		 want;

	(void)state;
	fx.r.web_base = xstrdup("https://x.freshdesk.com");
	r = fixture_read(&fx, TIX_KIND_TICKET, ticket_airbyte, NULL, TIX_OK);
	t = &r->u.ticket;
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
	/* stats.closed_at before stats.resolved_at. */
	assert_int_equal(tix_time_parse("2022-11-16T15:59:59Z", &want), 0);
	assert_int_equal(t->closed_at, want);
	record_free(&r);
}

/*
 * Statuses 2, 3 and custom ones are active, 4 and 5 closed; priorities
 * 1 to 4.  The words are the account's own labels, Freshdesk's, or the
 * number.
 */
static void
test_ticket_levels(void **state)
{
	static const struct {
		const char		*json;
		enum tix_status		 status;
		const char		*status_raw;
		enum tix_priority	 priority;
		const char		*priority_raw;
	} cases[] = {
		{ "\"status\":2,\"priority\":1", TIX_STATUS_ACTIVE, "Open",
		  TIX_PRIORITY_LOW, "Low" },
		{ "\"status\":3,\"priority\":2", TIX_STATUS_ACTIVE, "Pending",
		  TIX_PRIORITY_NORMAL, "Medium" },
		{ "\"status\":4,\"priority\":3", TIX_STATUS_CLOSED, "Resolved",
		  TIX_PRIORITY_HIGH, "High" },
		{ "\"status\":5,\"priority\":4", TIX_STATUS_CLOSED, "Closed",
		  TIX_PRIORITY_URGENT, "Urgent" },
		{ "\"status\":6,\"priority\":9", TIX_STATUS_ACTIVE,
		  "Waiting on Customer", TIX_PRIORITY_NONE, "9" },
		{ "\"status\":17,\"priority\":null", TIX_STATUS_ACTIVE, "17",
		  TIX_PRIORITY_NONE, NULL },
		{ "\"status\":null,\"priority\":2.5", TIX_STATUS_ACTIVE, NULL,
		  TIX_PRIORITY_NONE, NULL },
	};
	struct record	*r;
	struct ticket	*t;

	(void)state;
	/* Without the account's names, a custom status is its number. */
	r = ticket_with("\"status\":6");
	assert_int_equal(r->u.ticket.status, TIX_STATUS_ACTIVE);
	assert_string_equal(r->u.ticket.status_raw, "6");
	record_free(&r);

	fixture_label(&fx, 2, "Open");
	fixture_label(&fx, 6, "Waiting on Customer");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = ticket_with(cases[i].json);
		t = &r->u.ticket;
		assert_int_equal(t->status, cases[i].status);
		assert_int_equal(t->priority, cases[i].priority);
		if (cases[i].status_raw == NULL)
			assert_null(t->status_raw);
		else
			assert_string_equal(t->status_raw,
			    cases[i].status_raw);
		if (cases[i].priority_raw == NULL)
			assert_null(t->priority_raw);
		else
			assert_string_equal(t->priority_raw,
			    cases[i].priority_raw);
		record_free(&r);
	}
}

/* Tags, type as category, a custom dropdown as category, HTML only. */
static void
test_ticket_fields(void **state)
{
	struct record	*r;

	(void)state;
	r = ticket_with("\"tags\":[\"vip\",\"\",7,\"billing\"],"
	    "\"type\":\"Refund\",\"custom_fields\":{\"cf_area\":\"Mobile\"},"
	    "\"description\":\"<p>Hello &amp; welcome</p><p>Line 2<br>"
	    "end</p>\"");
	assert_int_equal(r->u.ticket.tags.n, 2);
	assert_string_equal(r->u.ticket.tags.v[0], "vip");
	assert_string_equal(r->u.ticket.tags.v[1], "billing");
	assert_string_equal(r->u.ticket.category_id, "Refund");
	/* Paragraphs stay paragraphs, <br> a line break. */
	assert_string_equal(r->u.ticket.description,
	    "Hello & welcome\n\nLine 2\nend");
	record_free(&r);

	fixture_field(&fx, "cf_area");
	r = ticket_with("\"type\":\"Refund\","
	    "\"custom_fields\":{\"cf_area\":\"Mobile\"}");
	assert_string_equal(r->u.ticket.category_id, "Mobile");
	record_free(&r);
	r = ticket_with("\"type\":\"Refund\","
	    "\"custom_fields\":{\"cf_area\":null}");
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
	    "\"due_by\":null");
	t = &r->u.ticket;
	assert_string_equal(t->id, "7");
	assert_null(t->subject);
	assert_null(t->description);
	assert_null(t->customer_id);
	assert_null(t->user_id);
	assert_null(t->category_id);
	assert_null(t->source);
	assert_null(t->url);
	assert_int_equal(t->status, TIX_STATUS_ACTIVE);
	assert_null(t->status_raw);
	assert_int_equal(t->created_at, 0);
	assert_int_equal(t->updated_at, 0);
	assert_int_equal(t->due_at, 0);
	assert_int_equal(t->tags.n, 0);
	record_free(&r);
}

/* closed_at: a closed ticket's own, else its last change; open: none. */
static void
test_ticket_closed_at(void **state)
{
	struct record	*r;

	(void)state;
	/* A PUT answer has no stats: that change closed it. */
	r = ticket_with("\"status\":5,\"updated_at\":\"2026-01-02T00:00:00Z\"");
	assert_int_equal(r->u.ticket.closed_at, 1767312000);
	record_free(&r);
	r = ticket_with("\"status\":4,\"updated_at\":\"2026-01-03T00:00:00Z\","
	    "\"stats\":{\"resolved_at\":\"2026-01-02T00:00:00Z\"}");
	assert_int_equal(r->u.ticket.closed_at, 1767312000);
	record_free(&r);
	r = ticket_with("\"status\":2,\"updated_at\":\"2026-01-03T00:00:00Z\","
	    "\"stats\":{\"closed_at\":\"2026-01-02T00:00:00Z\"}");
	assert_int_equal(r->u.ticket.closed_at, 0);
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
	struct record	*r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fixture_read(&fx, TIX_KIND_TICKET, bad[i], NULL,
		    TIX_ERR_PARSE);
		/* "... without "id"", "... is not an id", "... an object" */
		assert_non_null(strstr(fx.cause, "Freshdesk ticket"));
	}

	/* Escapes and controls stay for the store's sanitizer. */
	r = ticket_with("\"subject\":\"\\u001b[2J\\u001b]0;pwned\\u0007 x\\n"
	    "\\u202e\"");
	assert_string_equal(r->u.ticket.subject,
	    "\x1b[2J\x1b]0;pwned\x07 x\n\xe2\x80\xae");
	record_free(&r);
}

/* Contact v2: e-mails, other e-mails, phone and mobile with types. */
static void
test_contact(void **state)
{
	struct record	*r;
	struct customer	*c;

	(void)state;
	r = fixture_read(&fx, TIX_KIND_CUSTOMER, "{\"active\":true,"
	    "\"email\":\"ann@example.com\",\"id\":67013469261,"
	    "\"mobile\":\"+1 555 0101\",\"name\":\"Ann Lee\","
	    "\"phone\":\"+1 555 0100\",\"other_emails\":[\"ann@home.example\","
	    "null,\"\"],\"tags\":[\"vip\"],\"created_at\":"
	    "\"2026-01-02T03:04:05Z\",\"updated_at\":\"2026-01-03T03:04:05Z\"}",
	    NULL, TIX_OK);
	c = &r->u.customer;
	assert_string_equal(c->id, "67013469261");
	assert_string_equal(c->name, "Ann Lee");
	assert_int_equal(c->nemails, 2);
	assert_string_equal(c->emails[0].value, "ann@example.com");
	assert_null(c->emails[0].type);
	assert_string_equal(c->emails[1].value, "ann@home.example");
	assert_int_equal(c->ntelephones, 2);
	assert_string_equal(c->telephones[0].value, "+1 555 0100");
	assert_string_equal(c->telephones[0].type, "WORK");
	assert_string_equal(c->telephones[1].value, "+1 555 0101");
	assert_string_equal(c->telephones[1].type, "MOBILE");
	assert_int_equal(c->tags.n, 1);
	assert_int_equal(c->updated_at - c->created_at, 86400);
	record_free(&r);

	/* Nulls everywhere but the id. */
	r = fixture_read(&fx, TIX_KIND_CUSTOMER, "{\"id\":5,\"email\":null,"
	    "\"phone\":null,\"mobile\":null,\"other_emails\":null,"
	    "\"name\":null}", NULL, TIX_OK);
	assert_int_equal(r->u.customer.nemails, 0);
	assert_int_equal(r->u.customer.ntelephones, 0);
	assert_null(r->u.customer.name);
	record_free(&r);
}

/* An agent's name and e-mail sit in its contact; is_me for the user. */
static void
test_agent(void **state)
{
	static const char	 agent1[] = "{\"available\":true,"
	    "\"occasional\":false,\"signature\":null,\"id\":1,"
	    "\"ticket_scope\":1,\"contact\":{\"active\":true,"
	    "\"email\":\"rachel@example.com\",\"name\":\"Rachel\"}}";
	struct record		*r;
	char			 id[JSON_ID_MAX], *cause = NULL;

	(void)state;
	r = fixture_read(&fx, TIX_KIND_AGENT, agent1, NULL, TIX_OK);
	assert_string_equal(r->u.agent.id, "1");
	assert_string_equal(r->u.agent.name, "Rachel");
	assert_string_equal(r->u.agent.email, "rachel@example.com");
	assert_true(r->u.agent.is_me);
	record_free(&r);
	fx.r.me[0] = '\0';
	r = fixture_read(&fx, TIX_KIND_AGENT, agent1, NULL, TIX_OK);
	assert_false(r->u.agent.is_me);
	record_free(&r);

	assert_int_equal(fixture_me(&rest_freshdesk, agent1, id, &cause),
	    TIX_OK);
	assert_null(cause);
	assert_string_equal(id, "1");
	assert_int_equal(fixture_me(&rest_freshdesk, "{\"contact\":"
	    "{\"name\":\"x\"}}", id, &cause), TIX_ERR_PARSE);
	assert_non_null(strstr(cause, "/agents/me"));
	xfree(&cause);
	assert_int_equal(fixture_me(&rest_freshdesk, "[1]", id, &cause),
	    TIX_ERR_PARSE);
	xfree(&cause);
}

/* A conversation of ticket 99 from its JSON text. */
static struct record *
conversation(const char *s)
{
	return fixture_read(&fx, TIX_KIND_NOTE, s, "99", TIX_OK);
}

/* Private notes, public replies, customers' messages, body first. */
static void
test_conversation(void **state)
{
	struct record	*r;
	struct note	*n;

	(void)state;
	/* python-freshdesk note_1.json */
	r = conversation("{\"body\":\"<div>This is a private note</div>\","
	    "\"body_text\":\"This is a private note\",\"id\":1,"
	    "\"incoming\":false,\"private\":true,\"user_id\":1,"
	    "\"source\":2,\"ticket_id\":1,\"created_at\":"
	    "\"2016-05-19T05:36:12Z\",\"updated_at\":\"2016-05-19T05:36:12Z\"}");
	n = &r->u.note;
	assert_string_equal(n->id, "1");
	assert_string_equal(n->ticket_id, "1");
	assert_string_equal(n->description, "This is a private note");
	assert_false(n->is_public);
	assert_string_equal(n->user_id, "1");
	assert_null(n->customer_id);
	assert_int_equal(n->created_at, 1463636172);
	assert_int_equal(n->updated_at, 1463636172);
	record_free(&r);

	/* A public reply, HTML body only, no ticket_id: the caller's. */
	r = conversation("{\"body\":\"<div>Thanks,<br>we are on it</div>\","
	    "\"id\":2,\"incoming\":false,\"private\":false,\"user_id\":2,"
	    "\"source\":0}");
	n = &r->u.note;
	assert_true(n->is_public);
	assert_string_equal(n->ticket_id, "99");
	assert_string_equal(n->description, "Thanks,\nwe are on it");
	assert_string_equal(n->user_id, "2");
	record_free(&r);

	/* incoming: the customer wrote it. */
	r = conversation("{\"body_text\":\"help\",\"id\":3,\"incoming\":true,"
	    "\"private\":false,\"user_id\":67013469261}");
	assert_string_equal(r->u.note.description, "help");
	assert_string_equal(r->u.note.customer_id, "67013469261");
	assert_null(r->u.note.user_id);
	record_free(&r);

	/* Not incoming, but not one of the agents: a contact's. */
	r = conversation("{\"body_text\":\"fwd\",\"id\":4,\"incoming\":false,"
	    "\"user_id\":55}");
	assert_string_equal(r->u.note.customer_id, "55");
	assert_null(r->u.note.user_id);
	record_free(&r);
	r = conversation("{\"body_text\":\"ok\",\"id\":5,\"user_id\":2}");
	assert_string_equal(r->u.note.user_id, "2");
	assert_true(r->u.note.is_public);
	record_free(&r);

	/* private that is not true, false or null: not a guess. */
	fixture_read(&fx, TIX_KIND_NOTE, "{\"id\":6,\"private\":\"yes\"}",
	    "99", TIX_ERR_PARSE);
	r = conversation("{\"id\":7,\"private\":null}");
	assert_true(r->u.note.is_public);
	assert_string_equal(r->u.note.description, "");
	record_free(&r);
}

/* Every list asks what it must: tickets always with updated_since. */
static void
test_first_paths(void **state)
{
	static const struct fixture_path cases[] = {
		/* Without updated_since, Freshdesk hides tickets past 30 days. */
		{ TIX_KIND_TICKET, 0, 0,
		  FD_TICKETS("1970-01-01T00%3A00%3A00Z", "100") },
		{ TIX_KIND_TICKET, 1700000000, 500,
		  FD_TICKETS("2023-11-14T22%3A13%3A20Z", "100") },
		{ TIX_KIND_CUSTOMER, 1700000000, 7, "/contacts?_updated_since="
		  "2023-11-14T22%3A13%3A20Z&per_page=7&page=1" },
		{ TIX_KIND_CUSTOMER, 0, 0, "/contacts?per_page=100&page=1" },
		{ TIX_KIND_AGENT, 0, 0, "/agents?per_page=100&page=1" },
		{ TIX_KIND_CATEGORY, 0, 0, "/ticket_fields" },
	};
	struct rest_walk	 w;
	struct query		 q;
	char			*s;
	int64_t			 since = -1;

	(void)state;
	fixture_paths(&fx, cases, sizeof cases / sizeof cases[0]);
	/* The time is the epoch's, not left out. */
	memset(&q, 0, sizeof q);
	fixture_walk(&fx, &w, TIX_KIND_TICKET, &q);
	s = http_query_arg(w.path, "updated_since");
	assert_non_null(s);
	assert_string_equal(s, "1970-01-01T00:00:00Z");
	assert_int_equal(tix_time_parse(s, &since), 0);
	assert_int_equal(since, 0);
	free(s);
	rest_walk_done(&w);

	memset(&q, 0, sizeof q);
	q.ticket_id = "42";
	assert_string_equal(fixture_walk(&fx, &w, TIX_KIND_NOTE, &q),
	    "/tickets/42/conversations?per_page=100&page=1");
	rest_walk_done(&w);
}

/* A page: records, watermark, next cursor, bad records skipped. */
static void
test_page(void **state)
{
	struct page	pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, FD_LIST_TICKETS, 0, 2,
	    "/tickets?per_page=2&page=1", "[{\"id\":1,\"updated_at\":"
	    "\"2026-01-01T00:00:00Z\"},{\"id\":\"bad\"},{\"id\":2,"
	    "\"updated_at\":\"2026-01-02T00:00:00Z\"},3]",
	    "http://h/api/v2/tickets?per_page=2&page=2", &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_string_equal(record_id(pg.records[1]), "2");
	assert_int_equal(pg.watermark, 1767312000);
	assert_int_equal(fixture_skipped(&fx), 2);
	assert_string_equal(pg.next_cursor,
	    "0:0:2:http://h/api/v2/tickets?per_page=2&page=2");
	page_done(&pg);

	/* Empty array, no Link: the last page. */
	assert_int_equal(fixture_page(&fx, FD_LIST_CONTACTS, 0, 0,
	    "/contacts?per_page=100&page=1", "[]", NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 0);
	assert_null(pg.next_cursor);
	page_done(&pg);

	/* Not an array: an error that says so. */
	assert_int_equal(fixture_page(&fx, FD_LIST_TICKETS, 0, 0,
	    "/tickets?page=1", "{\"tickets\":[]}", NULL, &pg), TIX_ERR_PARSE);
	assert_non_null(strstr(fx.cause, "array"));
	page_done(&pg);
}

/* Page 300 moves updated_since up to the last ticket and starts again. */
static void
test_page_window(void **state)
{
	static const char	 two[] = "[{\"id\":1,\"updated_at\":"
	    "\"2026-01-01T00:00:00Z\"},{\"id\":2,\"updated_at\":"
	    "\"2026-01-02T00:00:00Z\"}]";
	struct page		 pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, FD_LIST_TICKETS, 0, 2,
	    "http://h/api/v2/tickets?updated_since=1970-01-01T00%3A00%3A00Z&"
	    "per_page=2&page=300", two, "http://h/api/v2/tickets?page=301",
	    &pg), TIX_OK);
	assert_string_equal(pg.next_cursor, "0:0:2:"
	    FD_TICKETS("2026-01-02T00%3A00%3A00Z", "2"));
	page_done(&pg);

	/* Before page 300 the Link is followed. */
	assert_int_equal(fixture_page(&fx, FD_LIST_TICKETS, 0, 2,
	    "http://h/api/v2/tickets?updated_since=1970-01-01T00%3A00%3A00Z&"
	    "per_page=2&page=299", two, "http://h/api/v2/tickets?page=300",
	    &pg), TIX_OK);
	assert_string_equal(pg.next_cursor,
	    "0:0:2:http://h/api/v2/tickets?page=300");
	page_done(&pg);

	/* 300 pages of one second: the window cannot move. */
	assert_int_equal(fixture_page(&fx, FD_LIST_TICKETS, 0, 2,
	    "/tickets?updated_since=2026-01-02T00%3A00%3A00Z&per_page=2&"
	    "page=300", two, "http://h/x?page=301", &pg),
	    TIX_ERR_UNSUPPORTED);
	assert_non_null(strstr(fx.cause, "page 300"));
	page_done(&pg);

	/* Page 300 without a next link is simply the end. */
	assert_int_equal(fixture_page(&fx, FD_LIST_TICKETS, 0, 2,
	    "/tickets?page=300", two, NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 2);
	assert_null(pg.next_cursor);
	page_done(&pg);
}

/* After a poll's last ticket page: the tickets deleted since then. */
static void
test_deleted_chain(void **state)
{
	struct page	pg;

	(void)state;
	assert_int_equal(fixture_page(&fx, FD_LIST_TICKETS, 1700000000, 0,
	    FD_TICKETS("2023-11-14T22%3A13%3A20Z", "100"), "[{\"id\":1,"
	    "\"updated_at\":\"2026-01-01T00:00:00Z\"}]", NULL, &pg), TIX_OK);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.next_cursor, "1:1700000000:0:/tickets?"
	    "filter=deleted&updated_since=2023-11-14T22%3A13%3A20Z&"
	    "per_page=100&page=1");
	page_done(&pg);

	/* Its items leave the inbox; it ends the walk. */
	assert_int_equal(fixture_page(&fx, FD_LIST_DELETED, 1700000000, 0,
	    "/tickets?filter=deleted&updated_since=2023-11-14T22%3A13%3A20Z&"
	    "per_page=100&page=1", "[{\"id\":5,\"deleted\":true,\"status\":2,"
	    "\"updated_at\":\"2026-01-01T00:00:00Z\"},{\"id\":6,\"deleted\":"
	    "true},{\"id\":7,\"status\":2}]", NULL, &pg), TIX_OK);
	/* Every item of the walk is gone, with or without "deleted". */
	assert_int_equal(pg.n, 0);
	assert_int_equal(pg.nremoved, 3);
	assert_string_equal(pg.removed[0], "5");
	assert_string_equal(pg.removed[1], "6");
	assert_string_equal(pg.removed[2], "7");
	assert_null(pg.next_cursor);
	page_done(&pg);
	assert_int_equal(fixture_page(&fx, FD_LIST_DELETED, 1700000000, 0,
	    "/tickets?filter=deleted&page=1", "[{\"id\":5,\"deleted\":true}]",
	    "http://h/api/v2/tickets?filter=deleted&page=2", &pg), TIX_OK);
	assert_string_equal(pg.next_cursor, "1:1700000000:0:"
	    "http://h/api/v2/tickets?filter=deleted&page=2");
	page_done(&pg);
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
	    "\"Web\"}]},{\"name\":\"cf_team\",\"choices\":{\"Tier 1\":{},"
	    "\"Tier 2\":{}}}]";
	/* The choices of Type, or of a custom field (id: the value). */
	static const struct {
		const char	*field;
		const char	*id[2];
		const char	*name[2];
	} cases[] = {
		{ NULL, { "Question", "Refund" }, { "Question", "Refund" } },
		{ "cf_area", { "Mobile", "Web" }, { "Mobile app", "Web" } },
		{ "cf_team", { "Tier 1", "Tier 2" }, { "Tier 1", "Tier 2" } },
	};
	struct page		 pg;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].field != NULL)
			fixture_field(&fx, cases[i].field);
		assert_int_equal(fixture_page(&fx, FD_LIST_FIELDS, 0, 0,
		    "/ticket_fields", fields, NULL, &pg), TIX_OK);
		assert_int_equal(pg.n, 2);
		for (size_t k = 0; k < 2; k++) {
			assert_string_equal(pg.records[k]->u.category.id,
			    cases[i].id[k]);
			assert_string_equal(pg.records[k]->u.category.name,
			    cases[i].name[k]);
			assert_true(pg.records[k]->u.category.is_active);
		}
		assert_null(pg.next_cursor);
		page_done(&pg);
	}
	/* The status names, the agents' label first. */
	assert_int_equal(fx.r.nlabels, 3);
	assert_int_equal(fx.r.labels[0].number, 2);
	assert_string_equal(fx.r.labels[0].name, "Open");
	assert_int_equal(fx.r.labels[2].number, 6);
	assert_string_equal(fx.r.labels[2].name, "Waiting on Customer");

	fixture_field(&fx, "cf_missing");
	assert_int_equal(fixture_page_fails(&fx, FD_LIST_FIELDS,
	    "/ticket_fields", fields), TIX_ERR_INVALID);
	assert_non_null(strstr(fx.cause, "cf_missing"));

	rest_labels_set(&fx.r, NULL, 0);
	assert_int_equal(fixture_page_fails(&fx, FD_LIST_FIELDS,
	    "/ticket_fields", "{}"), TIX_ERR_PARSE);
	assert_int_equal(fx.r.nlabels, 0);
}

/* Each priority becomes the number Freshdesk reads; none is refused. */
static void
test_update_priority(void **state)
{
	static const struct {
		enum tix_priority	 level;
		int			 number;
	} prios[] = {
		{ TIX_PRIORITY_LOW, 1 }, { TIX_PRIORITY_NORMAL, 2 },
		{ TIX_PRIORITY_HIGH, 3 }, { TIX_PRIORITY_URGENT, 4 },
	};
	struct patch	 p;
	cJSON		*j;

	(void)state;
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY;
	for (size_t i = 0; i < sizeof prios / sizeof prios[0]; i++) {
		p.priority = prios[i].level;
		j = fixture_update(&fx, &p, NULL, 0);
		assert_int_equal(cJSON_GetArraySize(j), 1);
		assert_int_equal(cJSON_GetObjectItem(j, "priority")->valueint,
		    prios[i].number);
		cJSON_Delete(j);
	}
	p.priority = TIX_PRIORITY_NONE;
	assert_int_equal(fixture_update_fails(&fx, &p), TIX_ERR_INVALID);
}

/* Status: CLOSED is 4 Resolved, ACTIVE 2 Open, unless already so. */
static void
test_update_status(void **state)
{
	static const struct fixture_status cases[] = {
		{ TIX_STATUS_CLOSED, true, TIX_STATUS_ACTIVE, "4" },	/* 3 */
		{ TIX_STATUS_CLOSED, true, TIX_STATUS_CLOSED, NULL },	/* 5 */
		{ TIX_STATUS_ACTIVE, true, TIX_STATUS_CLOSED, "2" },	/* 4 */
		/* Pending, and a custom status, stay as they are. */
		{ TIX_STATUS_ACTIVE, true, TIX_STATUS_ACTIVE, NULL },
		/* Not known: sent. */
		{ TIX_STATUS_ACTIVE, false, TIX_STATUS_ACTIVE, "2" },
		{ TIX_STATUS_CLOSED, false, TIX_STATUS_ACTIVE, "4" },
	};

	(void)state;
	fixture_statuses(&fx, NULL, cases, sizeof cases / sizeof cases[0]);
}

/* Assignee as a raw number, or null; category; tags. */
static void
test_update_fields(void **state)
{
	static char	 agent_s[] = "67013469919", refund_s[] = "Refund";
	static char	 hostile_s[] = "1, \"x\": 2";
	struct patch	 p;
	cJSON		*j;
	const cJSON	*v;
	char		*s;

	(void)state;
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_ASSIGNEE | TIX_PATCH_CATEGORY | TIX_PATCH_TAGS;
	p.user_id = agent_s;
	p.category_id = refund_s;
	strv_add(&p.tags, "vip");
	strv_add(&p.tags, "a \"quoted\" tag");
	j = fixture_update(&fx, &p, NULL, 0);
	s = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "responder_id"));
	assert_string_equal(s, "67013469919");
	cJSON_free(s);
	assert_string_equal(cJSON_GetObjectItem(j, "type")->valuestring,
	    "Refund");
	v = cJSON_GetObjectItem(j, "tags");
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_string_equal(cJSON_GetArrayItem(v, 1)->valuestring,
	    "a \"quoted\" tag");
	/* No guard: the last write wins. */
	assert_int_equal(cJSON_GetArraySize(j), 3);
	cJSON_Delete(j);
	fixture_field(&fx, "cf_area");
	j = fixture_update(&fx, &p, NULL, 0);
	assert_null(cJSON_GetObjectItem(j, "type"));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j,
	    "custom_fields"), "cf_area")->valuestring, "Refund");
	cJSON_Delete(j);
	free(fx.r.category_field);
	fx.r.category_field = NULL;

	p.user_id = NULL;
	p.category_id = NULL;
	strv_done(&p.tags);
	j = fixture_update(&fx, &p, NULL, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "responder_id")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "type")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "tags")),
	    0);
	cJSON_Delete(j);

	p.fields = TIX_PATCH_ASSIGNEE;
	p.user_id = hostile_s;
	assert_int_equal(fixture_update_fails(&fx, &p), TIX_ERR_INVALID);
}

/* Reply and note bodies: HTML that reads back as the text written. */
static void
test_note_body(void **state)
{
	cJSON		*j;
	const char	*html;
	char		*s;

	(void)state;
	j = fixture_note(&fx, "a <b> & \"c\"\nnext\n\nnew para", true);
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

	j = fixture_note(&fx, "internal", false);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "private")));
	cJSON_Delete(j);
}

/* Domains, and the API base and web UI an account gets. */
static void
test_base_url(void **state)
{
	struct account	 a;
	struct config	*cf = NULL;
	struct rest	*r;
	char		*s, *cause = NULL;

	(void)state;
	s = rest_freshdesk.base_url("acme");
	assert_string_equal(s, "https://acme.freshdesk.com/api/v2");
	free(s);
	s = rest_freshdesk.base_url("Acme-2.FreshDesk.com");
	assert_string_equal(s, "https://Acme-2.freshdesk.com/api/v2");
	free(s);
	assert_null(rest_freshdesk.base_url("evil.com/x"));
	assert_null(rest_freshdesk.base_url("a.b"));
	assert_null(rest_freshdesk.base_url(""));
	assert_null(rest_freshdesk.base_url(".freshdesk.com"));
	assert_null(rest_freshdesk.base_url("-a"));

	assert_int_equal(fixture_configure(&a, &rest_freshdesk,
	    "[account a]\nprovider = freshdesk\n"
	    "url = https://acme.freshdesk.com/api/v2/\ntoken = k\n"
	    "category = field:cf_area\n", &cf, &cause), TIX_OK);
	r = a.priv;
	assert_string_equal(r->api_base, "https://acme.freshdesk.com/api/v2");
	assert_string_equal(r->web_base, "https://acme.freshdesk.com");
	assert_int_equal(r->auth, REST_AUTH_BASIC_KEY);
	assert_string_equal(r->category_field, "cf_area");
	fixture_unconfigure(&a, &cf);
}

/*
 * A level of the wrong type reads as absent: Freshdesk's priorities and
 * statuses are numbers, so "priority":"3" is no level and no word.
 */
static void
test_level_of_wrong_type(void **state)
{
	struct record	*r;

	(void)state;
	r = ticket_with("\"priority\":\"3\",\"status\":\"Open\"");
	assert_int_equal(r->u.ticket.priority, TIX_PRIORITY_NONE);
	assert_null(r->u.ticket.priority_raw);
	assert_null(r->u.ticket.status_raw);
	record_free(&r);
}

#define FD_TEST(f)	FIXTURE_TEST(f, &fd_account)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FD_TEST(test_ticket_fixture),
		FD_TEST(test_ticket_levels),
		FD_TEST(test_ticket_fields),
		FD_TEST(test_ticket_nulls),
		FD_TEST(test_ticket_closed_at),
		FD_TEST(test_ticket_bad),
		FD_TEST(test_contact),
		FD_TEST(test_agent),
		FD_TEST(test_conversation),
		FD_TEST(test_first_paths),
		FD_TEST(test_page),
		FD_TEST(test_page_window),
		FD_TEST(test_deleted_chain),
		FD_TEST(test_ticket_fields_choices),
		FD_TEST(test_update_priority),
		FD_TEST(test_update_status),
		FD_TEST(test_update_fields),
		FD_TEST(test_note_body),
		FD_TEST(test_base_url),
		FD_TEST(test_level_of_wrong_type),
	};

	json_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
