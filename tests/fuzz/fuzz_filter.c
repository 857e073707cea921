/*
 * libFuzzer target for the filter language (core/filter.c) on a small
 * store: two accounts with customers, agents (one of them "me"),
 * categories, tags, marks and a pending change.  The input is the filter
 * text.  For any input filter_parse() either fails with a message or
 * gives a filter, and then:
 *   - a view with that filter (view_set_filter) holds exactly the tickets
 *     filter_match() accepts, and view_count() says how many;
 *   - matching a ticket through its store entry (the store's record) and
 *     through its fields (a copy of it) agree;
 *   - the text twice ("T T") matches what T matches, and for one word
 *     "-T" matches exactly the tickets T does not.
 *
 * Built and run by tests/fuzz/run.sh.
 */

#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/filter.h"
#include "core/model.h"
#include "core/store.h"
#include "core/xmalloc.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Stop the run (libFuzzer saves the input) when an invariant breaks. */
#define CHECK(e) do {							\
	if (!(e)) {							\
		fprintf(stderr, "fuzz_filter: %s:%d: CHECK(%s) failed\n",	\
		    __FILE__, __LINE__, #e);				\
		abort();						\
	}								\
} while (0)

/* A ticket of the fixture. */
struct fuzz_ticket {
	unsigned		 account;
	const char		*id;
	const char		*subject;
	enum tix_status		 status;
	enum tix_priority	 priority;
	const char		*customer_id;
	const char		*user_id;
	const char		*category_id;
	const char		*tags;		/* comma-separated */
	unsigned		 marks;
};

static const struct fuzz_ticket fuzz_tickets[] = {
	{ .account = 0, .id = "101", .subject = "Password reset needed",
	  .status = TIX_STATUS_ACTIVE, .priority = TIX_PRIORITY_HIGH,
	  .customer_id = "c1", .user_id = "a1", .category_id = "k2",
	  .tags = "vip,billing-2", .marks = STORE_MARK_NEW },
	{ .account = 0, .id = "102", .subject = "Reset my password",
	  .status = TIX_STATUS_CLOSED, .priority = TIX_PRIORITY_LOW },
	{ .account = 0, .id = "103", .subject = "Caf\xc3\xa9 au lait: "
	  "\xe6\xbc\xa2\xe5\xad\x97 \"quoted\"",
	  .status = TIX_STATUS_ACTIVE, .priority = TIX_PRIORITY_NORMAL,
	  .customer_id = "c2", .user_id = "a2", .tags = "VIP",
	  .marks = STORE_MARK_UPDATED },
	{ .account = 0, .id = "104", .subject = "status:closed in a subject",
	  .status = TIX_STATUS_ACTIVE, .priority = TIX_PRIORITY_NONE,
	  .customer_id = "c9", .user_id = "a9", .category_id = "k9" },
	{ .account = 1, .id = "201", .subject = "Invoice 10:30 wrong",
	  .status = TIX_STATUS_ACTIVE, .priority = TIX_PRIORITY_URGENT,
	  .customer_id = "c5", .user_id = "a2", .category_id = "k1",
	  .tags = "vipx" },
	{ .account = 1, .id = "202", .subject = "Re: refund -50%",
	  .status = TIX_STATUS_CLOSED, .priority = TIX_PRIORITY_HIGH,
	  .customer_id = "c6", .user_id = "b1", .tags = "refund,new" },
	{ .account = 1, .id = "203", .subject = "",
	  .status = TIX_STATUS_ACTIVE, .priority = TIX_PRIORITY_LOW,
	  .marks = STORE_MARK_NEW|STORE_MARK_UPDATED },
};

#define FUZZ_NTICKETS	(sizeof fuzz_tickets / sizeof fuzz_tickets[0])

static struct store	*fuzz_store;
static struct view	*fuzz_view;

static void
fuzz_add_ticket(const struct fuzz_ticket *ft)
{
	struct record	*r;

	r = record_new(TIX_KIND_TICKET, ft->account);
	r->u.ticket.id = xstrdup(ft->id);
	r->u.ticket.subject = xstrdup(ft->subject);
	r->u.ticket.status = ft->status;
	r->u.ticket.priority = ft->priority;
	r->u.ticket.customer_id = xstrdup_opt(ft->customer_id);
	r->u.ticket.user_id = xstrdup_opt(ft->user_id);
	r->u.ticket.category_id = xstrdup_opt(ft->category_id);
	if (ft->tags != NULL)
		strv_split(&r->u.ticket.tags, ft->tags);
	r->u.ticket.updated_at = 1700000000 + (int64_t)ft->id[2];
	CHECK(store_put(fuzz_store, r) == STORE_CREATED);
	if (ft->marks != 0)
		store_ticket_set_marks(fuzz_store, ft->account, ft->id,
		    ft->marks);
}

static void
fuzz_add_customer(unsigned account, const char *id, const char *name,
    const char *email)
{
	struct record	*r;

	r = record_new(TIX_KIND_CUSTOMER, account);
	r->u.customer.id = xstrdup(id);
	r->u.customer.name = xstrdup_opt(name);
	if (email != NULL) {
		r->u.customer.nemails = 1;
		r->u.customer.emails = xcalloc(1,
		    sizeof *r->u.customer.emails);
		r->u.customer.emails[0].value = xstrdup(email);
	}
	CHECK(store_put(fuzz_store, r) == STORE_CREATED);
}

static void
fuzz_add_agent(unsigned account, const char *id, const char *name,
    bool is_me)
{
	struct record	*r;

	r = record_new(TIX_KIND_AGENT, account);
	r->u.agent.id = xstrdup(id);
	r->u.agent.name = xstrdup(name);
	r->u.agent.is_me = is_me;
	CHECK(store_put(fuzz_store, r) == STORE_CREATED);
}

static void
fuzz_add_category(unsigned account, const char *id, const char *name,
    const char *parent)
{
	struct record	*r;

	r = record_new(TIX_KIND_CATEGORY, account);
	r->u.category.id = xstrdup(id);
	r->u.category.name = xstrdup(name);
	r->u.category.parent_id = xstrdup_opt(parent);
	r->u.category.is_active = true;
	CHECK(store_put(fuzz_store, r) == STORE_CREATED);
}

/* The store and the view every input is matched against. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct patch	p = { .fields = TIX_PATCH_PRIORITY,
			      .priority = TIX_PRIORITY_URGENT };
	size_t		i;

	fuzz_store = store_new();
	store_add_account(fuzz_store, 0, "acme");
	store_add_account(fuzz_store, 1, "Globex");
	fuzz_add_customer(0, "c1", "Ann Example", "ann@shop.example");
	fuzz_add_customer(0, "c2", "Zo\xc3\xab M\xc3\xbcller", NULL);
	fuzz_add_customer(1, "c5", "Bob Builder", "bob@globex.example");
	fuzz_add_customer(1, "c6", NULL, "ANN@shop.example");
	fuzz_add_agent(0, "a1", "Me Myself", true);
	fuzz_add_agent(0, "a2", "Other Agent", false);
	fuzz_add_agent(1, "a2", "Globex Me", true);
	fuzz_add_agent(1, "b1", "Billing Bot", false);
	fuzz_add_category(0, "k1", "Billing", NULL);
	fuzz_add_category(0, "k2", "Refunds", "k1");
	fuzz_add_category(1, "k1", "Sales", NULL);
	for (i = 0; i < FUZZ_NTICKETS; i++)
		fuzz_add_ticket(&fuzz_tickets[i]);
	CHECK(store_ticket_begin_patch(fuzz_store, 1, "203", &p));
	fuzz_view = view_new(fuzz_store, VIEW_SORT_PRIORITY);
	return 0;
}

/* Which fixture tickets the filter matches, one bit each. */
static unsigned
fuzz_matches(const struct filter *f)
{
	const struct fuzz_ticket	*ft;
	const struct record		*r;
	struct record			*copy;
	unsigned			 bits = 0;
	bool				 m;
	size_t				 i;

	for (i = 0; i < FUZZ_NTICKETS; i++) {
		ft = &fuzz_tickets[i];
		r = store_get(fuzz_store, TIX_KIND_TICKET, ft->account, ft->id);
		CHECK(r != NULL);
		m = filter_match(f, fuzz_store, r);
		/* A copy has no entry: it is matched on its fields. */
		copy = record_dup(r);
		CHECK(filter_match(f, fuzz_store, copy) == m);
		record_free(&copy);
		if (m)
			bits |= 1u << i;
	}
	return bits;
}

/* Parse text; the filter's matches, or -1 when it does not parse. */
static long
fuzz_parse_match(const char *text)
{
	struct filter	*f;
	char		*cause = NULL;
	long		 bits;

	f = filter_parse(text, &cause);
	if (f == NULL) {
		CHECK(cause != NULL && *cause != '\0');
		free(cause);
		return -1;
	}
	CHECK(cause == NULL);
	bits = (long)fuzz_matches(f);
	filter_free(&f);
	CHECK(f == NULL);
	return bits;
}

/* Is the text one word: no blank, no quote, no leading '-'? */
static bool
fuzz_one_word(const char *text)
{
	if (*text == '\0' || *text == '-')
		return false;
	return strpbrk(text, " \t\n\r\f\v\"") == NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fuzz_ticket	*ft;
	char				*text, *twice, *neg, *cause = NULL;
	long				 bits;
	size_t				 i, n;
	bool				 ok;

	/* The filter is a C string: it ends at the first NUL. */
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';

	bits = fuzz_parse_match(text);

	/* The view takes the same filter, or keeps its old one. */
	CHECK(view_set_filter(fuzz_view, "", &cause));
	ok = view_set_filter(fuzz_view, text, &cause);
	CHECK(ok == (bits >= 0));
	if (!ok) {
		CHECK(cause != NULL);
		xfree(&cause);
		CHECK(view_count(fuzz_view) == FUZZ_NTICKETS);
		free(text);
		return 0;
	}
	/* Blanks only are no filter at all. */
	CHECK(strcmp(view_filter(fuzz_view), text) == 0 ||
	    *view_filter(fuzz_view) == '\0');
	n = 0;
	for (i = 0; i < FUZZ_NTICKETS; i++) {
		ft = &fuzz_tickets[i];
		if (view_index_of(fuzz_view, ft->account, ft->id) !=
		    SIZE_MAX) {
			CHECK(bits & (1L << i));
			n++;
		} else
			CHECK(!(bits & (1L << i)));
	}
	CHECK(view_count(fuzz_view) == n);
	for (i = 0; i < n; i++)
		CHECK(view_at(fuzz_view, i) != NULL);
	CHECK(view_at(fuzz_view, n) == NULL);

	/* Terms are ANDed: saying it twice changes nothing. */
	twice = xasprintf("%s %s", text, text);
	CHECK(fuzz_parse_match(twice) == bits);
	free(twice);

	/* One word negated matches the other tickets. */
	if (fuzz_one_word(text)) {
		neg = xasprintf("-%s", text);
		CHECK(fuzz_parse_match(neg) ==
		    (long)(~(unsigned long)bits & ((1u << FUZZ_NTICKETS) - 1)));
		free(neg);
	}
	free(text);
	return 0;
}
