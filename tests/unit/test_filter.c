/*
 * Unit tests: the filter language, parsed and matched against tickets in
 * a small store (names, marks and pending changes come from the store).
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

#include "core/filter.h"
#include "core/model.h"
#include "core/store.h"
#include "core/xmalloc.h"

/*
 * Two accounts.  Ticket ids name what they are for:
 *   0:101 "Password reset needed", customer Ann, high, active, tags vip,
 *         billing-2, assigned to me (a1), category Billing/Refunds
 *   0:102 "Reset my password", no customer, low, closed, unassigned
 *   1:201 "Invoice 10:30 wrong", customer Bob, urgent, assigned to a2,
 *         category Billing, tag vipx
 */
static struct store *
fixture(void)
{
	struct store	*s = store_new();
	struct record	*r;

	store_add_account(s, 0, "acme");
	store_add_account(s, 1, "globex");

	r = record_new(TIX_KIND_TICKET, 0);
	r->u.ticket.id = xstrdup("101");
	r->u.ticket.subject = xstrdup("Password reset needed");
	r->u.ticket.priority = TIX_PRIORITY_HIGH;
	r->u.ticket.status = TIX_STATUS_ACTIVE;
	r->u.ticket.customer_id = xstrdup("c1");
	r->u.ticket.user_id = xstrdup("a1");
	r->u.ticket.category_id = xstrdup("k2");
	strv_add(&r->u.ticket.tags, "vip");
	strv_add(&r->u.ticket.tags, "billing-2");
	store_put(s, r);

	r = record_new(TIX_KIND_TICKET, 0);
	r->u.ticket.id = xstrdup("102");
	r->u.ticket.subject = xstrdup("Reset my password");
	r->u.ticket.priority = TIX_PRIORITY_LOW;
	r->u.ticket.status = TIX_STATUS_CLOSED;
	store_put(s, r);

	r = record_new(TIX_KIND_TICKET, 1);
	r->u.ticket.id = xstrdup("201");
	r->u.ticket.subject = xstrdup("Invoice 10:30 wrong");
	r->u.ticket.priority = TIX_PRIORITY_URGENT;
	r->u.ticket.status = TIX_STATUS_ACTIVE;
	r->u.ticket.customer_id = xstrdup("c5");
	r->u.ticket.user_id = xstrdup("a2");
	r->u.ticket.category_id = xstrdup("k1");
	strv_add(&r->u.ticket.tags, "vipx");
	store_put(s, r);

	r = record_new(TIX_KIND_CUSTOMER, 0);
	r->u.customer.id = xstrdup("c1");
	r->u.customer.name = xstrdup("Ann Example");
	r->u.customer.nemails = 1;
	r->u.customer.emails = xcalloc(1, sizeof *r->u.customer.emails);
	r->u.customer.emails[0].value = xstrdup("ann@shop.example");
	store_put(s, r);

	r = record_new(TIX_KIND_CUSTOMER, 1);
	r->u.customer.id = xstrdup("c5");
	r->u.customer.name = xstrdup("Bob Builder");
	store_put(s, r);

	r = record_new(TIX_KIND_AGENT, 0);
	r->u.agent.id = xstrdup("a1");
	r->u.agent.name = xstrdup("Me Myself");
	r->u.agent.is_me = true;
	store_put(s, r);

	r = record_new(TIX_KIND_AGENT, 1);
	r->u.agent.id = xstrdup("a2");
	r->u.agent.name = xstrdup("Carol Danvers");
	store_put(s, r);

	r = record_new(TIX_KIND_CATEGORY, 0);
	r->u.category.id = xstrdup("k2");
	r->u.category.name = xstrdup("Refunds");
	store_put(s, r);

	r = record_new(TIX_KIND_CATEGORY, 1);
	r->u.category.id = xstrdup("k1");
	r->u.category.name = xstrdup("Billing");
	store_put(s, r);
	return s;
}

/*
 * Which of the three tickets match, as a string of their ids in fixture
 * order ("101 201"), so a failure shows the whole answer.
 */
static char *
matches(struct store *s, const char *text)
{
	static const struct {
		unsigned	 account;
		const char	*id;
	} all[] = { { 0, "101" }, { 0, "102" }, { 1, "201" } };
	struct filter		*f;
	const struct record	*r;
	struct record		*copy;
	char			*cause = NULL, out[64];
	size_t			 i, len = 0;
	bool			 match;

	f = filter_parse(text, &cause);
	if (f == NULL) {
		xsnprintf(out, sizeof out, "%s", cause);
		free(cause);
		fail_msg("filter \"%s\" failed: %s", text, out);
	}
	out[0] = '\0';
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		r = store_get(s, TIX_KIND_TICKET, all[i].account, all[i].id);
		match = filter_match(f, s, r);
		/* A copy (not the store's record) must get the same answer. */
		copy = record_dup(r);
		assert_true(filter_match(f, s, copy) == match);
		record_free(&copy);
		if (!match)
			continue;
		len += (size_t)xsnprintf(out + len, sizeof out - len, "%s%s",
		    len == 0 ? "" : " ", all[i].id);
	}
	filter_free(&f);
	assert_null(f);
	return xstrdup(out);
}

/* Assert that text selects exactly want. */
static void
check(struct store *s, const char *text, const char *want)
{
	char	*got = matches(s, text), copy[64];
	bool	 same = strcmp(got, want) == 0;

	xsnprintf(copy, sizeof copy, "%s", got);
	free(got);
	if (!same)
		fail_msg("filter \"%s\": got \"%s\", want \"%s\"", text,
		    copy, want);
}

/* Assert that text fails to parse with this message. */
static void
check_error(const char *text, const char *want)
{
	struct filter	*f;
	char		*cause = NULL, copy[128];
	bool		 same;

	f = filter_parse(text, &cause);
	assert_null(f);
	assert_non_null(cause);
	same = strcmp(cause, want) == 0;
	xsnprintf(copy, sizeof copy, "%s", cause);
	free(cause);
	if (!same)
		fail_msg("filter \"%s\": error \"%s\", want \"%s\"", text,
		    copy, want);
}

/* Plain words search subject, id, tags, account and customer. */
static void
test_plain_words(void **state)
{
	struct store	*s = fixture();

	check(s, "", "101 102 201");
	check(s, "   ", "101 102 201");
	check(s, "PASSWORD", "101 102");
	check(s, "password reset", "101 102");	/* words are ANDed */
	check(s, "password needed", "101");
	check(s, "20", "201");			/* the id */
	check(s, "vip", "101 201");		/* tags, as substrings */
	check(s, "globex", "201");		/* account name */
	check(s, "ann", "101");			/* customer name */
	check(s, "shop.example", "101");	/* customer e-mail */
	check(s, "builder", "201");
	check(s, "nothing-like-this", "");
	check(s, "10:30", "201");		/* not a key: digits */
	store_free(&s);
}

/* Quotes keep blanks, "-" negates. */
static void
test_quotes_and_negation(void **state)
{
	struct store	*s = fixture();

	check(s, "\"password reset\"", "101");
	check(s, "\"reset my\"", "102");
	check(s, "-password", "201");
	check(s, "-\"password reset\"", "102 201");
	check(s, "password -closed", "101 102");	/* a word, not status */
	check(s, "password -status:closed", "101");
	check(s, "\"foo:bar\"", "");			/* quoted: a word */
	check(s, "\"invoice 10:30\"", "201");
	check(s, "pass\"word re\"set", "101");		/* quotes mid-word */
	check(s, "\"\"", "101 102 201");		/* empty narrows none */
	store_free(&s);
}

/* Every key:value form. */
static void
test_keys(void **state)
{
	struct store	*s = fixture();

	check(s, "status:active", "101 201");
	check(s, "status:CLOSED", "102");
	check(s, "-status:closed", "101 201");
	check(s, "priority:high", "101");
	check(s, "priority:urgent", "201");
	check(s, "priority:normal", "");
	check(s, "account:acme", "101 102");
	check(s, "account:ACME", "101 102");
	check(s, "account:acm", "");		/* whole names only */
	check(s, "tag:vip", "101");		/* whole tags only */
	check(s, "tag:VIPX", "201");
	check(s, "-tag:vip", "102 201");
	check(s, "tag:\"billing-2\"", "101");
	check(s, "assignee:me", "101");
	check(s, "assignee:none", "102");
	check(s, "-assignee:none", "101 201");
	check(s, "assignee:a2", "201");		/* id */
	check(s, "assignee:carol", "201");	/* name */
	check(s, "assignee:\"carol danvers\"", "201");
	check(s, "category:k2", "101");
	check(s, "category:billing", "201");
	check(s, "category:refunds", "101");
	check(s, "Status:Active priority:high", "101");
	check(s, "status:active category:billing", "201");
	store_free(&s);
}

/* is: reads marks and pending changes from the store. */
static void
test_is(void **state)
{
	struct store	*s = fixture();
	struct patch	 p;

	check(s, "is:new", "");
	check(s, "is:pending", "");
	store_ticket_set_marks(s, 0, "102", STORE_MARK_NEW);
	store_ticket_set_marks(s, 1, "201", STORE_MARK_UPDATED);
	check(s, "is:new", "102");
	check(s, "is:updated", "201");
	check(s, "-is:new", "101 201");

	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_STATUS;
	p.status = TIX_STATUS_CLOSED;
	assert_true(store_ticket_begin_patch(s, 0, "101", &p));
	check(s, "is:pending", "101");
	check(s, "status:closed", "101 102");	/* the visible value */
	store_ticket_fail_patch(s, 0, "101", TIX_PATCH_STATUS);
	check(s, "is:pending", "");
	check(s, "status:closed", "102");
	store_free(&s);
}

/* Bad filters fail with a one-line reason. */
static void
test_errors(void **state)
{
	check_error("colour:red", "unknown key: colour");
	check_error("password Foo:bar", "unknown key: Foo");
	check_error("-http://example.com", "unknown key: http");
	check_error("status:open",
	    "bad status: open (active or closed)");
	check_error("priority:p1",
	    "bad priority: p1 (low, normal, high or urgent)");
	check_error("is:old", "bad is: old (new, updated or pending)");
	check_error("tag:", "missing value after tag:");
	check_error("\"password reset", "unterminated quote");
	check_error("tag:\"vip", "unterminated quote");
	check_error("password -", "nothing to negate after -");
	/* A control character in the message is made harmless. */
	check_error("status:a\x07" "b",
	    "bad status: a\xef\xbf\xbd" "b (active or closed)");
	/* Without cause the error is still reported. */
	assert_null(filter_parse("nope:x", NULL));
}

/*
 * Odd input from a fixed-seed generator: every string either parses or
 * fails with a reason, and matching never reads out of bounds (ASan).
 */
static void
test_odd_input(void **state)
{
	static const char	 alphabet[] = "ab:\"- \t-:\"sit\x01\x1b\xc3";
	struct store		*s = fixture();
	struct filter		*f;
	const struct record	*r;
	uint64_t		 x = 0x9e3779b97f4a7c15ULL;
	char			 text[24], *cause;
	size_t			 i, len;
	int			 round;

	r = store_get(s, TIX_KIND_TICKET, 0, "101");
	for (round = 0; round < 5000; round++) {
		len = (size_t)round % sizeof text;
		for (i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			text[i] = alphabet[x % (sizeof alphabet - 1)];
		}
		text[len] = '\0';
		cause = NULL;
		f = filter_parse(text, &cause);
		assert_true((f == NULL) != (cause == NULL));
		if (f != NULL)
			(void)filter_match(f, s, r);
		filter_free(&f);
		free(cause);
	}
	store_free(&s);
}

/* Names the filter refers to are looked up when matching, not parsing. */
static void
test_lookups_are_live(void **state)
{
	struct store	*s = fixture();
	struct filter	*f;
	struct record	*r;

	f = filter_parse("category:credits", NULL);
	assert_non_null(f);
	assert_false(filter_match(f, s, store_get(s, TIX_KIND_TICKET, 0,
	    "101")));
	r = record_new(TIX_KIND_CATEGORY, 0);
	r->u.category.id = xstrdup("k2");
	r->u.category.name = xstrdup("Credits");
	assert_int_equal(store_put(s, r), STORE_UPDATED);
	assert_true(filter_match(f, s, store_get(s, TIX_KIND_TICKET, 0,
	    "101")));
	filter_free(&f);
	filter_free(&f);	/* NULL is fine */
	store_free(&s);
}

/* Run the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_words),
		cmocka_unit_test(test_quotes_and_negation),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_is),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_lookups_are_live),
		cmocka_unit_test(test_odd_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
