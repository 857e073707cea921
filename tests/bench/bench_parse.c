/*
 * Benchmark: reading pages of tickets as the REST kit does, parsed the
 * plain cJSON way (a malloc per node, cJSON_Delete after) and into an
 * arena (core/arena.h through json_parse_in), side by side in one run.
 * The page is a Zendesk tickets page of 100 tickets in the shape the
 * real API sends (docs/platforms/zendesk.md: every member a ticket
 * has, not only those tix reads), and a Freshdesk one.
 *
 * Figures go to stdout one per line as "name: value unit"; the ratio
 * compares the two ways on the same pages.  Not a test: it asserts
 * nothing and is never run by make check.
 *
 * Usage: bench_parse [ROUNDS]	(default 300 pages per platform and way)
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include <cJSON.h>

#include "core/arena.h"
#include "core/hashmap.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/rest.h"
#include "tests/bench/bench.h"

#define BENCH_PAGE	100


/* Words of about n characters. */
static char *
bench_text(size_t n)
{
	static const char *const words[] = {
		"printer", "invoice", "refund", "login", "the", "order",
		"delayed", "cannot", "access", "error", "please", "help",
	};
	char	*s = xmalloc(n + 16);
	size_t	 len = 0;

	while (len < n) {
		len += (size_t)snprintf(s + len, n + 16 - len, "%s ",
		    words[bench_rand() % 12]);
	}
	s[n] = '\0';
	return s;
}


/* A Zendesk ticket with the members the API sends. */
static cJSON *
bench_zd_ticket(long id)
{
	cJSON	*t = cJSON_CreateObject(), *a, *o;
	char	*subject = bench_text(60), *body = bench_text(1000);

	cJSON_AddStringToObject(t, "url", "https://acme.zendesk.com/api/v2/"
	    "tickets/1.json");
	cJSON_AddNumberToObject(t, "id", (double)id);
	cJSON_AddNullToObject(t, "external_id");
	o = cJSON_AddObjectToObject(t, "via");
	cJSON_AddStringToObject(o, "channel", "email");
	cJSON_AddObjectToObject(o, "source");
	cJSON_AddStringToObject(t, "created_at", "2026-11-01T10:00:00Z");
	cJSON_AddStringToObject(t, "updated_at", "2026-11-20T10:00:00Z");
	cJSON_AddStringToObject(t, "type", "question");
	cJSON_AddStringToObject(t, "subject", subject);
	cJSON_AddStringToObject(t, "raw_subject", subject);
	cJSON_AddStringToObject(t, "description", body);
	cJSON_AddStringToObject(t, "priority", "normal");
	cJSON_AddStringToObject(t, "status", "open");
	cJSON_AddNullToObject(t, "recipient");
	cJSON_AddNumberToObject(t, "requester_id", 377922500000.0 + id);
	cJSON_AddNumberToObject(t, "submitter_id", 377922500000.0 + id);
	cJSON_AddNumberToObject(t, "assignee_id", 377922500012.0);
	cJSON_AddNumberToObject(t, "organization_id", 9000.0);
	cJSON_AddNumberToObject(t, "group_id", 114094846.0);
	cJSON_AddArrayToObject(t, "collaborator_ids");
	cJSON_AddArrayToObject(t, "follower_ids");
	cJSON_AddArrayToObject(t, "email_cc_ids");
	cJSON_AddNullToObject(t, "forum_topic_id");
	cJSON_AddNullToObject(t, "problem_id");
	cJSON_AddBoolToObject(t, "has_incidents", 0);
	cJSON_AddBoolToObject(t, "is_public", 1);
	cJSON_AddStringToObject(t, "due_at", "2026-11-22T10:00:00Z");
	a = cJSON_AddArrayToObject(t, "tags");
	cJSON_AddItemToArray(a, cJSON_CreateString("vip"));
	cJSON_AddItemToArray(a, cJSON_CreateString("billing"));
	cJSON_AddItemToArray(a, cJSON_CreateString("refund"));
	a = cJSON_AddArrayToObject(t, "custom_fields");
	for (int i = 0; i < 5; i++) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", 27642.0 + i);
		cJSON_AddNullToObject(o, "value");
		cJSON_AddItemToArray(a, o);
	}
	o = cJSON_AddObjectToObject(t, "satisfaction_rating");
	cJSON_AddStringToObject(o, "score", "unoffered");
	cJSON_AddArrayToObject(t, "sharing_agreement_ids");
	cJSON_AddArrayToObject(t, "fields");
	cJSON_AddArrayToObject(t, "followup_ids");
	cJSON_AddNumberToObject(t, "brand_id", 360000.0);
	cJSON_AddBoolToObject(t, "allow_channelback", 0);
	cJSON_AddBoolToObject(t, "allow_attachments", 1);
	cJSON_AddBoolToObject(t, "from_messaging_channel", 0);
	free(subject);
	free(body);
	return t;
}

/* A Freshdesk ticket as GET /tickets?include=description,stats has it. */
static cJSON *
bench_fd_ticket(long id)
{
	cJSON	*t = cJSON_CreateObject(), *a, *o;
	char	*subject = bench_text(60), *body = bench_text(1000), *html;

	html = xasprintf("<div>%s</div>", body);
	cJSON_AddArrayToObject(t, "cc_emails");
	cJSON_AddArrayToObject(t, "fwd_emails");
	cJSON_AddArrayToObject(t, "reply_cc_emails");
	cJSON_AddArrayToObject(t, "ticket_cc_emails");
	cJSON_AddBoolToObject(t, "fr_escalated", 0);
	cJSON_AddBoolToObject(t, "spam", 0);
	cJSON_AddNullToObject(t, "email_config_id");
	cJSON_AddNumberToObject(t, "group_id", 6000.0);
	cJSON_AddNumberToObject(t, "priority", 2);
	cJSON_AddNumberToObject(t, "requester_id", 67042965000.0 + id);
	cJSON_AddNumberToObject(t, "responder_id", 67013469919.0);
	cJSON_AddNumberToObject(t, "source", 1);
	cJSON_AddNullToObject(t, "company_id");
	cJSON_AddNumberToObject(t, "status", 2);
	cJSON_AddStringToObject(t, "subject", subject);
	cJSON_AddNullToObject(t, "association_type");
	cJSON_AddNullToObject(t, "to_emails");
	cJSON_AddNullToObject(t, "product_id");
	cJSON_AddNumberToObject(t, "id", (double)id);
	cJSON_AddStringToObject(t, "type", "Question");
	cJSON_AddStringToObject(t, "due_by", "2026-11-22T10:00:00Z");
	cJSON_AddStringToObject(t, "fr_due_by", "2026-11-21T10:00:00Z");
	cJSON_AddBoolToObject(t, "is_escalated", 0);
	o = cJSON_AddObjectToObject(t, "custom_fields");
	cJSON_AddNullToObject(o, "cf_area");
	cJSON_AddStringToObject(t, "created_at", "2026-11-01T10:00:00Z");
	cJSON_AddStringToObject(t, "updated_at", "2026-11-20T10:00:00Z");
	a = cJSON_AddArrayToObject(t, "tags");
	cJSON_AddItemToArray(a, cJSON_CreateString("vip"));
	cJSON_AddItemToArray(a, cJSON_CreateString("billing"));
	cJSON_AddStringToObject(t, "description", html);
	cJSON_AddStringToObject(t, "description_text", body);
	o = cJSON_AddObjectToObject(t, "stats");
	cJSON_AddNullToObject(o, "agent_responded_at");
	cJSON_AddNullToObject(o, "requester_responded_at");
	cJSON_AddNullToObject(o, "first_responded_at");
	cJSON_AddNullToObject(o, "status_updated_at");
	cJSON_AddNullToObject(o, "reopened_at");
	cJSON_AddNullToObject(o, "resolved_at");
	cJSON_AddNullToObject(o, "closed_at");
	cJSON_AddNullToObject(o, "pending_since");
	free(subject);
	free(body);
	free(html);
	return t;
}

/* One page of tickets as the platform sends it, printed. */
static char *
bench_page(bool zendesk)
{
	cJSON	*root, *a, *m;
	char	*s, *copy;

	root = zendesk ? cJSON_CreateObject() : cJSON_CreateArray();
	a = zendesk ? cJSON_AddArrayToObject(root, "tickets") : root;
	for (long i = 1; i <= BENCH_PAGE; i++)
		cJSON_AddItemToArray(a, zendesk ? bench_zd_ticket(i) :
		    bench_fd_ticket(i));
	if (zendesk) {
		m = cJSON_AddObjectToObject(root, "meta");
		cJSON_AddBoolToObject(m, "has_more", 1);
		cJSON_AddStringToObject(m, "after_cursor", "xXnMjU1NjY2MTh9");
		cJSON_AddStringToObject(m, "before_cursor", "xXnMjU1NjY2MTh9");
	}
	s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	copy = xstrdup(s);
	cJSON_free(s);
	return copy;
}

/* The list of the descriptor that reads plain ticket pages. */
static unsigned
bench_list(const struct rest_platform *pf)
{
	for (unsigned i = 0; i < pf->nlists; i++) {
		if (pf->lists[i].kind == TIX_KIND_TICKET &&
		    pf->lists[i].when != REST_WHEN_CHAINED &&
		    pf->lists[i].when != REST_WHEN_SINCE)
			return i;
	}
	return 0;
}

/* Read rounds pages; seconds taken. */
static double
bench_run(struct rest *r, const char *text, size_t len, unsigned rounds,
    bool arena, size_t *held)
{
	static char	 path[] = "/tickets?page=1";
	struct arena	 a;
	struct rest_walk w;
	struct page	 pg;
	cJSON		*root;
	char		*cause = NULL;
	double		 t0;

	arena_init(&a);
	memset(&w, 0, sizeof w);
	w.list = bench_list(r->pf);
	w.path = path;
	t0 = (double)bench_now() / 1e9;
	for (unsigned i = 0; i < rounds; i++) {
		root = arena ? json_parse_in(&a, text, len) :
		    cJSON_ParseWithLength(text, len);
		memset(&pg, 0, sizeof pg);
		if (root == NULL || rest_page_parse(r, &w, root, NULL, &pg,
		    &cause) != TIX_OK || pg.n != BENCH_PAGE) {
			fprintf(stderr, "bench_parse: %s\n", cause != NULL ?
			    cause : "the page did not read");
			exit(1);
		}
		page_done(&pg);
		if (arena)
			arena_reset(&a);
		else
			cJSON_Delete(root);
	}
	t0 = (double)bench_now() / 1e9 - t0;
	*held = a.total;
	arena_done(&a);
	return t0;
}

static void
bench_platform(const struct rest_platform *pf, const char *name,
    unsigned rounds)
{
	static char	 acct[] = "bench";
	struct account	 account = { .name = acct };
	struct rest	 r;
	char		*text;
	size_t		 len, held = 0, none;
	double		 plain, arena, n = (double)rounds * BENCH_PAGE;

	memset(&r, 0, sizeof r);
	r.pf = pf;
	r.account = &account;
	hashset_init(&r.agents);
	hashmap_init(&r.stamps);
	text = bench_page(pf == &rest_zendesk);
	len = strlen(text);
	/* Warm up, then the two ways in turn, twice, keeping the best. */
	bench_run(&r, text, len, rounds / 10 + 1, false, &none);
	plain = bench_run(&r, text, len, rounds, false, &none);
	arena = bench_run(&r, text, len, rounds, true, &held);
	plain = fmin(plain, bench_run(&r, text, len, rounds, false, &none));
	arena = fmin(arena, bench_run(&r, text, len, rounds, true, &held));
	printf("%s_page_bytes: %zu bytes\n", name, len);
	printf("%s_plain: %.2f us/ticket\n", name, plain / n * 1e6);
	printf("%s_arena: %.2f us/ticket\n", name, arena / n * 1e6);
	printf("%s_arena_vs_plain: %.2f\n", name, arena / plain);
	printf("%s_arena_held: %zu KiB a page\n", name, held / 1024);
	hashset_done(&r.agents);
	hashmap_done(&r.stamps, free);
	free(text);
}

int
main(int argc, char **argv)
{
	unsigned long	rounds = 300;
	char		*end;

	if (argc > 1) {
		errno = 0;
		rounds = strtoul(argv[1], &end, 10);
		if (errno != 0 || *end != '\0' || rounds == 0 ||
		    rounds > 1000000) {
			fprintf(stderr, "usage: bench_parse [ROUNDS]\n");
			return 2;
		}
	}
	json_init();
	printf("tickets_a_page: %d\n", BENCH_PAGE);
	bench_platform(&rest_zendesk, "zendesk", (unsigned)rounds);
	bench_platform(&rest_freshdesk, "freshdesk", (unsigned)rounds);
	return 0;
}
