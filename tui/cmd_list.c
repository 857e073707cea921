/*
 * tix list: the tickets of the combined inbox, newest activity first,
 * through a view of the store (so --filter is the / key's language).
 */

#include "config.h"

#include "tui/cmd.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/json.h"
#include "core/session.h"
#include "core/store.h"
#include "core/text.h"
#include "core/xmalloc.h"

/* Column widths of the plain listing. */
#define CMD_LIST_REF_MAX	24
#define CMD_LIST_SUBJECT	50
#define CMD_LIST_CUSTOMER	30

/* "ACCOUNT:ID" of a ticket, in a new string. */
static char *
cmd_list_ref(struct store *st, const struct record *r)
{
	const char	*name;

	name = store_account_name(st, r->account);
	return xasprintf("%s:%s", name != NULL ? name : "?",
	    r->u.ticket.id);
}

/* How long ago t was, short: "now", "5m", "3h", "12d" or a date. */
static void
cmd_list_age(int64_t t, time_t now, char *buf, size_t len)
{
	struct tm	tm;
	time_t		tt = (time_t)t;
	int64_t		d;

	d = (int64_t)now - t;
	if (t == 0)
		xsnprintf(buf, len, "-");
	else if (d < 60)
		xsnprintf(buf, len, "now");
	else if (d < 3600)
		xsnprintf(buf, len, "%lldm", (long long)(d / 60));
	else if (d < 86400)
		xsnprintf(buf, len, "%lldh", (long long)(d / 3600));
	else if (d < 30 * 86400)
		xsnprintf(buf, len, "%lldd", (long long)(d / 86400));
	else if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d", &tm) == 0)
		xsnprintf(buf, len, "-");
}

/* One line per ticket, in display columns. */
static int
cmd_list_plain(struct session *s, struct view *v)
{
	struct store		*st = session_store(s);
	const struct record	*r, *c;
	const struct ticket	*t;
	char			*ref, age[16];
	size_t			 i, n;
	int			 w, refw = 1;
	time_t			 now;

	n = view_count(v);
	for (i = 0; i < n; i++) {
		ref = cmd_list_ref(st, view_at(v, i));
		w = text_width(ref);
		if (w > refw)
			refw = w;
		free(ref);
	}
	if (refw > CMD_LIST_REF_MAX)
		refw = CMD_LIST_REF_MAX;

	now = time(NULL);
	for (i = 0; i < n && !ferror(stdout); i++) {
		r = view_at(v, i);
		t = &r->u.ticket;
		c = NULL;
		if (t->customer_id != NULL) {
			c = store_get(st, TIX_KIND_CUSTOMER, r->account,
			    t->customer_id);
		}
		ref = cmd_list_ref(st, r);
		cmd_list_age(t->updated_at, now, age, sizeof age);

		cmd_put_cols(stdout, ref, refw, true);
		printf("  %-6s  %-6s  %5s  ", tix_status_name(t->status),
		    t->priority == TIX_PRIORITY_NONE ? "-" :
		    tix_priority_name(t->priority), age);
		cmd_put_cols(stdout, t->subject, CMD_LIST_SUBJECT, c != NULL);
		if (c != NULL) {
			fputs("  ", stdout);
			cmd_put_cols(stdout, c->u.customer.name,
			    CMD_LIST_CUSTOMER, false);
		}
		fputc('\n', stdout);
		free(ref);
	}
	return CMD_EXIT_OK;
}

/* A JSON array of ticket objects. */
static int
cmd_list_json(struct session *s, struct view *v)
{
	struct store		*st = session_store(s);
	const struct record	*r;
	cJSON			*a;
	size_t			 i, n;

	a = cJSON_CreateArray();
	n = view_count(v);
	for (i = 0; i < n; i++) {
		r = view_at(v, i);
		cJSON_AddItemToArray(a, json_from_record(r,
		    store_account_name(st, r->account),
		    cmd_provider_name(s, r->account)));
	}
	json_write(stdout, a);
	cJSON_Delete(a);
	return CMD_EXIT_OK;
}

/* List the (filtered) inbox. */
int
cmd_list_exec(struct session *s, const struct cmd_args *args)
{
	struct view	*v;
	char		*cause = NULL;
	int		 rc;

	v = view_new(session_store(s), VIEW_SORT_UPDATED);
	if (args->filter != NULL && !view_set_filter(v, args->filter,
	    &cause)) {
		cmd_error("bad filter: %s", cause != NULL ? cause : "?");
		cmd_usage_short(stderr, CMD_LIST);
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	if (args->json)
		rc = cmd_list_json(s, v);
	else
		rc = cmd_list_plain(s, v);

out:
	view_free(&v);
	free(cause);
	return rc;
}
