/*
 * Benchmark: the store and its views at the size of a large combined
 * inbox.  100,000 synthetic tickets across 3 accounts (subjects of about
 * 60 characters, descriptions of about 1 KB, tags) and 20,000 customers
 * are put into a store; then one-ticket updates are timed with two views
 * open, filters are set over everything, and views are read at random.
 *
 * Figures go to stdout one per line as "name: value unit".  Not a test:
 * it asserts nothing and is never run by make check.
 */

#include "config.h"

#include <sys/resource.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/model.h"
#include "core/store.h"
#include "core/xmalloc.h"
#include "tests/bench/bench.h"

#define BENCH_ACCOUNTS	3
#define BENCH_TICKETS	100000
#define BENCH_CUSTOMERS	20000
#define BENCH_AGENTS	30
#define BENCH_UPDATES	1000
#define BENCH_READS	1000000

static const char *const bench_words[] = {
	"printer", "invoice", "refund", "login", "password", "reset",
	"account", "billing", "shipping", "order", "delayed", "broken",
	"cannot", "access", "error", "page", "mobile", "app", "crash",
	"subscription", "cancel", "upgrade", "plan", "charge", "twice",
	"missing", "item", "package", "address", "change", "email",
	"notification", "settings", "export", "report", "slow", "timeout",
	"integration", "webhook", "api", "key", "expired", "certificate",
	"please", "help", "urgent", "question", "about", "the", "my", "our",
	"since", "yesterday", "again", "still", "not", "working", "after",
};
#define BENCH_NWORDS	(sizeof bench_words / sizeof bench_words[0])

static const char *const bench_tags[] = {
	"vip", "billing", "bug", "feature", "escalated", "spam", "refund",
	"onboarding", "enterprise", "trial", "churn-risk", "mobile",
};
#define BENCH_NTAGS	(sizeof bench_tags / sizeof bench_tags[0])


/* Random words joined by spaces up to about len bytes. */
static char *
bench_text(size_t len, bool lines)
{
	char		*s = xmalloc(len + 32);
	const char	*w;
	size_t		 n = 0, wl;

	while (n < len) {
		w = bench_words[bench_rand() % BENCH_NWORDS];
		wl = strlen(w);
		if (n != 0)
			s[n++] = (lines && bench_rand() % 12 == 0) ? '\n' : ' ';
		memcpy(s + n, w, wl);
		n += wl;
	}
	s[n] = '\0';
	return s;
}

/* Customer i lives in account i % 3; some share an address across. */
static struct record *
bench_customer(unsigned i)
{
	struct record	*r = record_new(TIX_KIND_CUSTOMER, i % BENCH_ACCOUNTS);
	struct customer	*c = &r->u.customer;

	c->id = xasprintf("%u", 500000 + i);
	c->name = xasprintf("Customer %u %s", i,
	    bench_words[bench_rand() % BENCH_NWORDS]);
	c->nemails = 1 + (i % 4 == 0);
	c->emails = xcalloc(c->nemails, sizeof *c->emails);
	c->emails[0].value = xasprintf("person%u@example.com", i);
	if (c->nemails == 2)
		c->emails[1].value = xasprintf("Shared%u@Example.com", i / 12);
	c->created_at = 1700000000 + (int64_t)(bench_rand() % 10000000);
	c->updated_at = c->created_at;
	return r;
}

/* Ticket i, in account i % 3, owned by one of that account's customers. */
static struct record *
bench_ticket(unsigned i)
{
	unsigned	 account = i % BENCH_ACCOUNTS, k, ntags;
	struct record	*r = record_new(TIX_KIND_TICKET, account);
	struct ticket	*t = &r->u.ticket;

	t->id = xasprintf("%u", 100000 + i / BENCH_ACCOUNTS);
	t->subject = bench_text(55, false);
	t->description = bench_text(1000, true);
	t->status = bench_rand() % 5 == 0 ? TIX_STATUS_CLOSED :
	    TIX_STATUS_ACTIVE;
	t->status_raw = xstrdup(t->status == TIX_STATUS_CLOSED ? "closed" :
	    "open");
	t->priority = (enum tix_priority)(bench_rand() % TIX_PRIORITY_COUNT);
	t->priority_raw = xstrdup(tix_priority_name(t->priority));
	k = (bench_rand() % (BENCH_CUSTOMERS / BENCH_ACCOUNTS)) *
	    BENCH_ACCOUNTS + account;
	t->customer_id = xasprintf("%u", 500000 + k);
	if (bench_rand() % 4 != 0)
		t->user_id = xasprintf("%u", 900 + bench_rand() % BENCH_AGENTS);
	t->category_id = xasprintf("%u", 700 + bench_rand() % 20);
	ntags = bench_rand() % 4;
	for (k = 0; k < ntags; k++)
		strv_add(&t->tags, bench_tags[bench_rand() % BENCH_NTAGS]);
	t->source = xstrdup("email");
	t->url = xasprintf("https://acme%u.example.com/tickets/%s", account,
	    t->id);
	t->created_at = 1700000000 + (int64_t)(bench_rand() % 30000000);
	t->updated_at = t->created_at + (int64_t)(bench_rand() % 1000000);
	return r;
}

/* qsort: int64 ascending. */
static int
bench_cmp_i64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Resident set size now, in KiB (from /proc; 0 if unreadable). */
static long
bench_rss_kib(void)
{
	FILE	*f = fopen("/proc/self/statm", "r");
	long	 size = 0, rss = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld %ld", &size, &rss) != 2)
		rss = 0;
	fclose(f);
	return rss * 4;
}

/* Time setting a filter on a view; prints and returns the count. */
static void
bench_filter(struct view *v, const char *name, const char *text)
{
	int64_t	t0, t1;
	char	*cause = NULL;

	t0 = bench_now();
	if (!view_set_filter(v, text, &cause)) {
		fprintf(stderr, "bench_store: %s\n", cause);
		free(cause);
		exit(1);
	}
	t1 = bench_now();
	printf("%s: %.2f ms\n", name, (double)(t1 - t0) / 1e6);
	printf("%s_matches: %zu tickets\n", name, view_count(v));
}

/* Build the inbox and print the figures. */
int
main(void)
{
	struct store		 *s = store_new();
	struct record		**recs, *r;
	struct view		 *vall, *vfil;
	const struct record	 *cur;
	struct rusage		  ru;
	int64_t			  t0, t1, *lat, sum = 0;
	size_t			  i, n, seen = 0;
	unsigned		  a, who;
	char			  name[32], id[32];

	for (a = 0; a < BENCH_ACCOUNTS; a++) {
		xsnprintf(name, sizeof name, "acme%u", a);
		store_add_account(s, a, name);
		for (i = 0; i < BENCH_AGENTS; i++) {
			r = record_new(TIX_KIND_AGENT, a);
			r->u.agent.id = xasprintf("%zu", 900 + i);
			r->u.agent.name = xasprintf("Agent %zu", i);
			r->u.agent.is_me = i == 0;
			store_put(s, r);
		}
	}

	/* Customers. */
	recs = xreallocarray(NULL, BENCH_TICKETS, sizeof *recs);
	for (i = 0; i < BENCH_CUSTOMERS; i++)
		recs[i] = bench_customer((unsigned)i);
	t0 = bench_now();
	for (i = 0; i < BENCH_CUSTOMERS; i++)
		store_put(s, recs[i]);
	t1 = bench_now();
	printf("customers: %d records\n", BENCH_CUSTOMERS);
	printf("customer_insert_total: %.2f ms\n", (double)(t1 - t0) / 1e6);

	/* Tickets, built first so only the puts are timed. */
	for (i = 0; i < BENCH_TICKETS; i++)
		recs[i] = bench_ticket((unsigned)i);
	t0 = bench_now();
	for (i = 0; i < BENCH_TICKETS; i++)
		store_put(s, recs[i]);
	t1 = bench_now();
	printf("tickets: %zu records\n", store_count(s, TIX_KIND_TICKET));
	printf("ticket_insert_total: %.2f ms\n", (double)(t1 - t0) / 1e6);
	printf("ticket_insert_per_ticket: %.2f us\n",
	    (double)(t1 - t0) / 1e3 / BENCH_TICKETS);
	free(recs);

	/* Two views: everything, and a text filter. */
	t0 = bench_now();
	vall = view_new(s, VIEW_SORT_UPDATED);
	t1 = bench_now();
	printf("view_open_unfiltered: %.2f ms\n", (double)(t1 - t0) / 1e6);
	vfil = view_new(s, VIEW_SORT_PRIORITY);
	bench_filter(vfil, "filter_set_text", "printer");
	bench_filter(vfil, "filter_set_customer", "shared7@");
	bench_filter(vfil, "filter_set_keys",
	    "status:active tag:vip -assignee:none");
	bench_filter(vfil, "filter_set_mixed", "printer -status:closed");

	/* One changed ticket at a time, two views open. */
	lat = xreallocarray(NULL, BENCH_UPDATES, sizeof *lat);
	for (i = 0; i < BENCH_UPDATES; i++) {
		a = bench_rand() % BENCH_ACCOUNTS;
		xsnprintf(id, sizeof id, "%u", 100000 +
		    bench_rand() % (BENCH_TICKETS / BENCH_ACCOUNTS));
		cur = store_get(s, TIX_KIND_TICKET, a, id);
		r = record_dup(cur);
		r->u.ticket.updated_at = 1800000000 + (int64_t)i;
		r->u.ticket.priority =
		    (enum tix_priority)(bench_rand() % TIX_PRIORITY_COUNT);
		t0 = bench_now();
		store_put(s, r);
		t1 = bench_now();
		lat[i] = t1 - t0;
		sum += lat[i];
	}
	qsort(lat, BENCH_UPDATES, sizeof *lat, bench_cmp_i64);
	printf("update_one_views: 2 views\n");
	printf("update_one_median: %.2f us\n",
	    (double)lat[BENCH_UPDATES / 2] / 1e3);
	printf("update_one_p99: %.2f us\n",
	    (double)lat[BENCH_UPDATES * 99 / 100] / 1e3);
	printf("update_one_mean: %.2f us\n",
	    (double)sum / BENCH_UPDATES / 1e3);
	free(lat);

	/* Random reads. */
	n = view_count(vall);
	t0 = bench_now();
	for (i = 0; i < BENCH_READS; i++) {
		cur = view_at(vall, bench_rand() % n);
		seen += cur->u.ticket.subject[0] != '\0';
	}
	t1 = bench_now();
	printf("view_at_random: %.1f ns\n", (double)(t1 - t0) / BENCH_READS);
	t0 = bench_now();
	for (i = 0; i < BENCH_READS / 10; i++) {
		cur = view_at(vall, bench_rand() % n);
		seen += view_index_of(vall, cur->account, cur->u.ticket.id) <
		    n;
	}
	t1 = bench_now();
	printf("view_index_of_random: %.1f ns\n",
	    (double)(t1 - t0) / (BENCH_READS / 10));

	/* A person's history across accounts. */
	who = 12 * 7;
	xsnprintf(id, sizeof id, "%u", 500000 + who);
	t0 = bench_now();
	free(store_person_tickets(s, who % BENCH_ACCOUNTS, id, &n));
	t1 = bench_now();
	printf("person_tickets: %.1f us\n", (double)(t1 - t0) / 1e3);
	printf("person_tickets_found: %zu tickets\n", n);

	getrusage(RUSAGE_SELF, &ru);
	printf("peak_rss: %.1f MiB\n", (double)ru.ru_maxrss / 1024);
	printf("rss: %.1f MiB\n", (double)bench_rss_kib() / 1024);
	if (seen == 0)
		printf("(no reads)\n");

	view_free(&vall);
	view_free(&vfil);
	t0 = bench_now();
	store_free(&s);
	t1 = bench_now();
	printf("store_free: %.2f ms\n", (double)(t1 - t0) / 1e6);
	return 0;
}
