/*
 * Conformance behaviours: each fault tix-emu can inject
 * (tests/emulators/README.md, "Faults").  Reads recover (waits and
 * retries) or fail with one line that names the problem, and work again
 * once the fault has passed; a write whose answer is lost is on the
 * platform exactly once and create() says it may have been sent.
 */

#include "config.h"

#include "tests/conformance/conformance.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "core/xmalloc.h"

/* List every ticket through a fault: all arrive, and the fault fired. */
static void
check_recovers(struct conf_case *c, const char *flag, const char *value,
    const char *stat, size_t limit)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	const char		*args[] = { "--tickets", "250", flag, value,
				    NULL };

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, limit, &l);
	conf_assert_all_tickets(e, &l, false, false);
	conf_listing_done(&l);
	if (conf_stat(e, "faults", stat, NULL) < 1)
		fail_msg("%s %s never fired", flag, value);
	conf_emu_stop(c, e);
}

/* 429 with Retry-After: the waits happen and the list completes. */
void
conf_fault_429(struct conf_case *c)
{
	check_recovers(c, "--fault-429-every", "3", "429", 0);
}

void
conf_fault_slow(struct conf_case *c)
{
	check_recovers(c, "--fault-slow-ms", "30", "slow", 0);
}

/* Answers cut off mid-body: reads are retried (they are idempotent). */
void
conf_fault_drop(struct conf_case *c)
{
	check_recovers(c, "--fault-drop-every", "2", "drop", 0);
}

/* 500, 502 and 503 at random: reads are retried and succeed. */
void
conf_fault_5xx(struct conf_case *c)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	const char		*args[] = { "--tickets", "300",
				    "--fault-5xx-rate", "0.3", "--seed", "11",
				    NULL };

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 50, &l);
	conf_assert_all_tickets(e, &l, false, false);
	conf_listing_done(&l);
	conf_list_ok(e, TIX_KIND_CUSTOMER, 0, NULL, 10, &l);
	assert_int_equal(l.n, conf_customers_for(300));
	assert_int_equal(conf_distinct(&l), l.n);
	conf_listing_done(&l);
	assert_true(conf_stat(e, "faults", "5xx", NULL) >= 1);
	conf_emu_stop(c, e);
}

/* Every answer dropped: a clear network error, not a hang. */
void
conf_fault_drop_all(struct conf_case *c)
{
	struct conf_emu	*e;
	const char	*args[] = { "--fault-drop-every", "1", NULL };
	char		*cause = NULL;

	e = conf_emu_start(c, args);
	assert_int_equal(e->account.ops->open(&e->account, &cause),
	    TIX_ERR_NETWORK);
	conf_assert_one_line(cause);
	xfree(&cause);
	assert_true(conf_stat(e, "faults", "drop", NULL) >= 1);
	conf_emu_stop(c, e);
}

/*
 * A body that is not JSON (cut short, or an HTML error page after a
 * third of it) on the first list after open(): a read is tried again
 * like a 5xx, so the list comes whole.
 */
static void
check_bad_body(struct conf_case *c, const char *flag, const char *stat)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	const char		*plain[] = { "--tickets", "50", NULL };
	const char		*args[] = { "--tickets", "50", flag, NULL,
				    NULL };
	char			 every[24], *cause = NULL;
	enum tix_err		 err;

	/* How many requests open() makes: the next one gets the fault. */
	e = conf_start(c, plain);
	xsnprintf(every, sizeof every, "%.0f",
	    conf_stat(e, "api_requests", NULL) + 1);
	conf_emu_stop(c, e);
	args[3] = every;

	e = conf_start(c, args);
	err = conf_list(e, TIX_KIND_TICKET, 0, NULL, 0, &l, &cause);
	assert_int_equal(conf_stat(e, "faults", stat, NULL), 1);
	if (err != TIX_OK)
		fail_msg("a garbled page failed the list: %s", cause);
	assert_null(cause);
	conf_assert_all_tickets(e, &l, false, false);
	conf_listing_done(&l);
	conf_emu_stop(c, e);
}

void
conf_fault_truncate(struct conf_case *c)
{
	check_bad_body(c, "--fault-truncate-every", "truncate");
}

void
conf_fault_invalid_json(struct conf_case *c)
{
	check_bad_body(c, "--fault-invalid-json-every", "invalid_json");
}

/*
 * Every applied write's outcome is made unknown by flag: the note is
 * kept by the platform exactly once, create() says it may have been
 * sent (the session then looks before sending again), and what tix
 * lists shows it once.  An update in the same state is done once, or
 * says it may have been.
 */
static void
check_write_unknown(struct conf_case *c, const char *flag, const char *stat,
    enum tix_err want)
{
	struct conf_emu		*e;
	struct conf_listing	 l;
	struct record		*r;
	struct patch		 p;
	const char		*args[] = { "--tickets", "20", flag, "1",
				    NULL };
	const char		*text = "sent once, answer lost";
	char			 id[24], *cause = NULL;
	size_t			 found = 0;
	bool			 maybe_sent = false;
	enum tix_err		 err;

	e = conf_start(c, args);
	conf_list_ok(e, TIX_KIND_TICKET, 0, NULL, 0, &l);
	xsnprintf(id, sizeof id, "%s", conf_pick_active(&l, 0));
	conf_listing_done(&l);

	r = conf_note(e, id, text, false, &err, &maybe_sent, &cause);
	assert_null(r);
	if (err != want)
		fail_msg("create said %s, not %s: %s", tix_err_name(err),
		    tix_err_name(want), cause);
	assert_true(maybe_sent);
	conf_assert_one_line(cause);
	xfree(&cause);
	assert_true(conf_stat(e, "faults", stat, NULL) >= 1);
	assert_int_equal(conf_stat(e, "tickets", id, "notes_added", NULL), 1);
	assert_int_equal(conf_stat(e, "duplicate_notes", NULL), 0);
	assert_int_equal(conf_admin_notes_with(e, id, text), 1);
	/* What the session's check finds: the note, once. */
	conf_list_ok(e, TIX_KIND_NOTE, 0, id, 0, &l);
	for (size_t i = 0; i < l.n; i++)
		found += strcmp(l.r[i]->u.note.description, text) == 0;
	assert_int_equal(found, 1);
	conf_listing_done(&l);

	/*
	 * An update, from the ticket as it is now: the platform applied it,
	 * so it is reported made (the ticket is read back to know).
	 */
	r = conf_get_ticket(e, id);
	memset(&p, 0, sizeof p);
	p.fields = TIX_PATCH_PRIORITY;
	p.priority = r->u.ticket.priority == TIX_PRIORITY_URGENT ?
	    TIX_PRIORITY_LOW : TIX_PRIORITY_URGENT;
	record_free(&r);
	maybe_sent = true;
	err = e->account.ops->update(&e->account, id, &p, &r, &maybe_sent,
	    &cause);
	if (err != TIX_OK)
		fail_msg("an applied update was reported %s: %s",
		    tix_err_name(err), cause);
	assert_non_null(r);
	assert_int_equal(r->u.ticket.priority, p.priority);
	assert_false(maybe_sent);
	record_free(&r);
	/* The platform kept it either way. */
	r = conf_get_ticket(e, id);
	assert_int_equal(r->u.ticket.priority, p.priority);
	record_free(&r);
	assert_int_equal(conf_stat(e, "duplicate_notes", NULL), 0);
	conf_emu_stop(c, e);
}

/* The connection closes after the write, with no answer. */
void
conf_fault_drop_after_write(struct conf_case *c)
{
	check_write_unknown(c, "--fault-drop-after-write", "drop_after_write",
	    TIX_ERR_NETWORK);
}

/* The write is stored and the platform answers 500. */
void
conf_fault_5xx_after_write(struct conf_case *c)
{
	check_write_unknown(c, "--fault-5xx-after-write", "5xx_after_write",
	    TIX_ERR_SERVER);
}

/* The write is stored and the 2xx answer comes cut short. */
void
conf_fault_truncate_after_write(struct conf_case *c)
{
	check_write_unknown(c, "--fault-truncate-after-write",
	    "truncate_after_write", TIX_ERR_PARSE);
}
