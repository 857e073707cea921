/*
 * tix update ACCOUNT:ID --priority/--status/--category/--assignee/--tags:
 * change a ticket, wait for the platform to confirm or refuse, and print
 * the ticket's new state.
 */

#include "config.h"

#include "tui/cmd.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/log.h"
#include "core/session.h"
#include "core/store.h"
#include "core/xmalloc.h"

/* What the wait for the change needs. */
struct cmd_update_wait {
	unsigned	 account;
	const char	*id;
};

/* Done when none of the ticket's fields is pending. */
static bool
cmd_update_confirmed(struct session *s, void *arg)
{
	struct cmd_update_wait	*w = arg;

	return store_ticket_pending(session_store(s), w->account, w->id) == 0;
}

/* Drop messages left over from loading, so only ours remain after. */
static void
cmd_update_drain(struct session *s)
{
	char	*msg;

	for (;;) {
		msg = session_take_message(s);
		if (msg == NULL)
			break;
		log_debug("update: earlier message: %s", msg);
		free(msg);
	}
}

/* Change the ticket and report the outcome. */
int
cmd_update_exec(struct session *s, const struct cmd_args *args)
{
	struct cmd_update_wait	 w;
	struct store		*st = session_store(s);
	struct patch		 p;
	const struct record	*r, *me;
	cJSON			*o;
	char			*cause = NULL, *msg;
	int			 account, rc = CMD_EXIT_ERROR;

	memset(&p, 0, sizeof p);
	r = cmd_find_ticket(s, &args->ref, &account);
	if (r == NULL)
		goto out;
	w.account = (unsigned)account;
	w.id = args->ref.id;

	patch_copy(&p, &args->patch);
	if (args->assignee_me) {
		me = store_agent_me(st, w.account);
		if (me == NULL || me->u.agent.id == NULL) {
			rc = cmd_error("%s: no agent is known as me",
			    args->ref.account);
			goto out;
		}
		free(p.user_id);
		p.user_id = xstrdup(me->u.agent.id);
	}

	cmd_update_drain(s);
	if (session_update_ticket(s, w.account, w.id, &p, &cause) != TIX_OK) {
		rc = cmd_error("%s:%s: %s", args->ref.account, w.id,
		    cause != NULL ? cause : "not changed");
		goto out;
	}
	rc = cmd_wait(s, cmd_update_confirmed, &w, "waiting for the change");
	if (rc != CMD_EXIT_OK)
		goto out;

	/* A refused change leaves a message ("acme:42: ... not changed"). */
	for (;;) {
		msg = session_take_message(s);
		if (msg == NULL)
			break;
		rc = cmd_error("%s", msg);
		free(msg);
	}
	if (rc != CMD_EXIT_OK)
		goto out;

	r = store_get(st, TIX_KIND_TICKET, w.account, w.id);
	if (r == NULL) {
		rc = cmd_error("%s:%s: ticket not found", args->ref.account,
		    w.id);
		goto out;
	}
	if (args->json) {
		o = json_from_record(r, store_account_name(st, w.account),
		    cmd_provider_name(s, w.account));
		json_write(stdout, o);
		cJSON_Delete(o);
	} else
		cmd_print_ticket(s, r);

out:
	patch_done(&p);
	free(cause);
	return rc;
}
