/*
 * tix accounts: each account with its provider, sync state and ticket
 * count, one line each (or a JSON array).  Exits 1 when an account
 * failed to load, after listing them all.
 */

#include "config.h"

#include "tui/cmd.h"

#include <cJSON.h>
#include <stdlib.h>

#include "core/json.h"
#include "core/provider.h"
#include "core/session.h"
#include "core/store.h"

/* A word for a sync state. */
static const char *
cmd_accounts_state(enum sync_state state)
{
	switch (state) {
	case SYNC_CONNECTING:
		return "connecting";
	case SYNC_LOADING:
		return "loading";
	case SYNC_OK:
		return "ok";
	case SYNC_FAILED:
		return "failed";
	}
	return "?";
}

/* The number of tickets loaded for an account. */
static size_t
cmd_accounts_tickets(struct session *s, unsigned account)
{
	const struct record	**list;
	size_t			  n = 0;

	list = store_list(session_store(s), TIX_KIND_TICKET, account, &n);
	free(list);
	return n;
}

/* List the accounts. */
int
cmd_accounts_exec(struct session *s, const struct cmd_args *args)
{
	const struct account	*a;
	struct sync_status	 st;
	cJSON			*arr = NULL, *o;
	char			 when[32];
	size_t			 i, n, tickets;
	int			 rc = CMD_EXIT_OK;

	if (args->json)
		arr = cJSON_CreateArray();
	n = session_account_count(s);
	for (i = 0; i < n; i++) {
		a = session_account(s, (unsigned)i);
		session_account_status(s, (unsigned)i, &st);
		tickets = cmd_accounts_tickets(s, (unsigned)i);
		if (st.state == SYNC_FAILED)
			rc = CMD_EXIT_ERROR;
		if (arr != NULL) {
			o = cJSON_CreateObject();
			cJSON_AddItemToObject(o, "name",
			    json_string_or_null(a->name));
			cJSON_AddItemToObject(o, "provider",
			    json_string_or_null(cmd_provider_name(s,
			    (unsigned)i)));
			cJSON_AddItemToObject(o, "state", cJSON_CreateString(
			    cmd_accounts_state(st.state)));
			cJSON_AddItemToObject(o, "message",
			    json_string_or_null(st.message));
			cJSON_AddItemToObject(o, "last_sync",
			    json_time(st.last_sync));
			cJSON_AddItemToObject(o, "tickets",
			    cJSON_CreateNumber((double)tickets));
			cJSON_AddItemToArray(arr, o);
			continue;
		}
		cmd_format_time(st.last_sync, when, sizeof when);
		printf("%-12s %-10s %-10s %6zu tickets  last sync %s\n",
		    a->name, cmd_provider_name(s, (unsigned)i) != NULL ?
		    cmd_provider_name(s, (unsigned)i) : "?",
		    cmd_accounts_state(st.state), tickets, when);
		if (st.state == SYNC_FAILED)
			cmd_error("%s: %s", a->name, st.message != NULL ?
			    st.message : "sync failed");
	}
	if (arr != NULL) {
		json_write(stdout, arr);
		cJSON_Delete(arr);
	}
	return rc;
}
