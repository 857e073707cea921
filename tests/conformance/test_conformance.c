/*
 * The provider conformance suite's runner: one cmocka test per platform
 * row (conf_rows.c) and behaviour (the table below), named
 * "ROW/BEHAVIOUR".  See tests/conformance/conformance.h for what a row and a
 * behaviour are.
 *
 * CONF_FILTER, a cmocka pattern ("*" and "?" match), runs only the
 * matching tests: "freshdesk/" and a star runs one row, a star, "fault"
 * and a star every fault behaviour.  CONF_RUN_PENDING=1 runs the checks
 * a row lists as pending instead of skipping them, to see whether they
 * pass yet.
 */

#include "config.h"

#include "tests/conformance/conformance.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/http.h"
#include "core/json.h"
#include "core/xmalloc.h"

/* Every behaviour, in the order they run for each row. */
#define CONF_B(n)	{ .name = #n, .run = conf_##n }
static const struct {
	const char	*name;
	void		(*run)(struct conf_case *);
} behaviours[] = {
	CONF_B(pages),
	CONF_B(page_size),
	CONF_B(empty),
	CONF_B(first_load),
	CONF_B(get_missing),
	CONF_B(incremental),
	CONF_B(deletions),
	CONF_B(closed_at),
	CONF_B(write_priority),
	CONF_B(write_status),
	CONF_B(write_category),
	CONF_B(write_assignee),
	CONF_B(write_tags),
	CONF_B(write_all),
	CONF_B(reply),
	CONF_B(internal_note),
	CONF_B(note_lines),
	CONF_B(customer_note),
	CONF_B(conflict),
	CONF_B(auth),
	CONF_B(config),
	CONF_B(fault_429),
	CONF_B(fault_5xx),
	CONF_B(fault_slow),
	CONF_B(fault_drop),
	CONF_B(fault_drop_all),
	CONF_B(fault_truncate),
	CONF_B(fault_invalid_json),
	CONF_B(fault_drop_after_write),
	CONF_B(fault_5xx_after_write),
	CONF_B(fault_truncate_after_write),
	CONF_B(hostile),
	CONF_B(ten_thousand),
	CONF_B(page_window),
};

#define NBEHAVIOURS	(sizeof behaviours / sizeof behaviours[0])

void
conf_gate(struct conf_case *c, const char *what)
{
	const struct conf_pending	*p;
	const char			*run = getenv("CONF_RUN_PENDING");

	if (run != NULL && strcmp(run, "1") == 0)
		return;
	for (size_t i = 0; i < CONF_MAX_PENDING; i++) {
		p = &c->row->pending[i];
		if (p->what != NULL && strcmp(p->what, what) == 0) {
			print_message("%s/%s: pending (%s): %s\n",
			    c->row->name, c->behaviour, what, p->why);
			skip();
		}
	}
}

static void
conf_run(void **state)
{
	struct conf_case	*c = *state;

	conf_gate(c, c->behaviour);
	c->run(c);
	conf_case_done(c);
}

/* After a failure or a skip: stop what the test left running. */
static int
conf_teardown(void **state)
{
	conf_case_done(*state);
	return 0;
}

int
main(void)
{
	struct conf_case	*cases;
	struct CMUnitTest	*tests;
	const char		*filter;
	size_t			 n = conf_nrows * NBEHAVIOURS, k = 0;
	int			 rc;

	signal(SIGPIPE, SIG_IGN);
	json_init();
	http_global_init();
	cases = xcalloc(n, sizeof *cases);
	tests = xcalloc(n, sizeof *tests);
	for (size_t r = 0; r < conf_nrows; r++) {
		for (size_t b = 0; b < NBEHAVIOURS; b++, k++) {
			cases[k].row = &conf_rows[r];
			cases[k].behaviour = behaviours[b].name;
			cases[k].run = behaviours[b].run;
			tests[k].name = xasprintf("%s/%s", conf_rows[r].name,
			    behaviours[b].name);
			tests[k].test_func = conf_run;
			tests[k].teardown_func = conf_teardown;
			tests[k].initial_state = &cases[k];
		}
	}
	filter = getenv("CONF_FILTER");
	if (filter != NULL && *filter != '\0')
		cmocka_set_test_filter(filter);
	rc = _cmocka_run_group_tests("conformance", tests, n, NULL, NULL);
	for (k = 0; k < n; k++)
		free((char *)(uintptr_t)tests[k].name);
	free(tests);
	free(cases);
	http_global_cleanup();
	return rc;
}
