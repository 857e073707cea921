/*
 * tix accounts: open every account (which checks its credentials, and
 * loads nothing) and print one line each: name, provider and state, with
 * the platform's reason when it failed; or a JSON array of {name,
 * provider, state, message, checked_at}.  Exits 1 when an account failed,
 * after listing them all.
 */

#include "config.h"

#include "tui/cmd.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/session.h"
#include "core/text.h"

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

/* One account as a JSON object. */
static cJSON *
cmd_accounts_json(struct session *s, unsigned i, const struct sync_status *st)
{
	cJSON	*o;

	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "name",
	    json_string_or_null(session_account_name(s, i)));
	cJSON_AddItemToObject(o, "provider",
	    json_string_or_null(cmd_provider_name(s, i)));
	cJSON_AddItemToObject(o, "state",
	    cJSON_CreateString(cmd_accounts_state(st->state)));
	cJSON_AddItemToObject(o, "message", json_string_or_null(st->message));
	cJSON_AddItemToObject(o, "checked_at", json_time(st->last_sync));
	return o;
}

/* One account as a line; the message may quote the platform. */
static void
cmd_accounts_line(struct session *s, unsigned i, const struct sync_status *st)
{
	const char	*provider;
	char		*clean;

	provider = cmd_provider_name(s, i);
	cmd_put_cols(stdout, session_account_name(s, i), 16, true);
	printf(" %-12s %s", provider != NULL ? provider : "?",
	    cmd_accounts_state(st->state));
	if (st->message != NULL) {
		clean = text_sanitize(st->message, strlen(st->message), 0);
		printf(": %s", clean);
		free(clean);
	}
	fputc('\n', stdout);
}

/* List the accounts and their state. */
int
cmd_accounts_exec(struct session *s, const struct cmd_args *args)
{
	struct sync_status	 st;
	cJSON			*arr = NULL;
	size_t			 i, n;
	int			 rc = CMD_EXIT_OK;

	if (args->json)
		arr = cJSON_CreateArray();
	n = session_account_count(s);
	for (i = 0; i < n; i++) {
		session_account_status(s, (unsigned)i, &st);
		if (st.state == SYNC_FAILED)
			rc = CMD_EXIT_ERROR;
		if (arr != NULL) {
			cJSON_AddItemToArray(arr, cmd_accounts_json(s,
			    (unsigned)i, &st));
		} else
			cmd_accounts_line(s, (unsigned)i, &st);
	}
	if (arr != NULL) {
		json_write(stdout, arr);
		cJSON_Delete(arr);
	}
	if (rc != CMD_EXIT_OK)
		cmd_error("some accounts failed");
	return rc;
}
