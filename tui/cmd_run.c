/*
 * Running a command: create the session, wait for the first load, check
 * the accounts, hand over to the command's own file, and the helpers
 * the commands share (errors, waiting, column output).
 */

#include "config.h"

#include "tui/cmd.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/filter.h"
#include "core/log.h"
#include "core/session.h"
#include "core/store.h"
#include "core/text.h"
#include "core/xmalloc.h"

/* How long a command waits for the platforms before giving up. */
#define CMD_TIMEOUT_MS	(60 * 1000)

/* Print a sanitized one-line error; errors may quote platform text. */
int
cmd_error(const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *clean;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	clean = text_sanitize(msg, strlen(msg), 0);
	fprintf(stderr, "tix: %s\n", clean);
	log_debug("error: %s", clean);
	free(clean);
	free(msg);
	return CMD_EXIT_ERROR;
}

/* Look up an account by name, printing an error when there is none. */
int
cmd_find_account(struct session *s, const char *name)
{
	int	i;

	i = session_account_find(s, name);
	if (i < 0)
		cmd_error("no account named '%s'", name);
	return i;
}

/* Resolve ACCOUNT:ID to a loaded ticket, printing an error if absent. */
const struct record *
cmd_find_ticket(struct session *s, const struct cmd_ref *ref, int *account)
{
	const struct record	*r;

	*account = cmd_find_account(s, ref->account);
	if (*account < 0)
		return NULL;
	r = store_get(session_store(s), TIX_KIND_TICKET, (unsigned)*account,
	    ref->id);
	if (r == NULL)
		cmd_error("%s:%s: ticket not found", ref->account, ref->id);
	return r;
}

/* The provider's name for JSON output. */
const char *
cmd_provider_name(struct session *s, unsigned account)
{
	return session_account_provider(s, account);
}

/* Run the session until done says so; print why not on failure. */
int
cmd_wait(struct session *s, bool (*done)(struct session *, void *),
    void *arg, const char *what)
{
	char	*cause = NULL;
	int	 rc = CMD_EXIT_OK;

	if (session_wait(s, done, arg, CMD_TIMEOUT_MS, &cause) != TIX_OK) {
		rc = cmd_error("%s: %s", what,
		    cause != NULL ? cause : "failed");
	}
	free(cause);
	return rc;
}

/* What the wait for a thread needs to know, and what it found. */
struct cmd_thread_wait {
	unsigned	 account;
	const char	*id;
	char		*prefix;	/* "acme:42: " */
	char		*failed;	/* a message about this ticket */
	bool		 notes_ready;	/* no notes to wait for */
};

/*
 * Done once the ticket's notes (and its customer) have loaded, or when
 * the session leaves a message about this ticket (the thread could not
 * load).  Other messages are only logged.
 */
static bool
cmd_thread_loaded(struct session *s, void *arg)
{
	struct cmd_thread_wait	*w = arg;
	char			*msg;

	if ((w->notes_ready || session_thread_loaded(s, w->account, w->id)) &&
	    session_customer_loaded(s, w->account, w->id))
		return true;
	for (;;) {
		msg = session_take_message(s);
		if (msg == NULL)
			break;
		if (w->failed == NULL &&
		    strncmp(msg, w->prefix, strlen(w->prefix)) == 0) {
			w->failed = msg;
			continue;
		}
		log_debug("thread: message: %s", msg);
		free(msg);
	}
	return w->failed != NULL;
}

/* Open a ticket and wait for its notes; see cmd.h. */
enum tix_err
cmd_open_thread(struct session *s, unsigned account, const char *name,
    const char *id, char **cause)
{
	struct cmd_thread_wait	 w;
	enum tix_err		 err = TIX_OK;

	memset(&w, 0, sizeof w);
	w.account = account;
	w.id = id;
	w.prefix = xasprintf("%s:%s: ", name, id);
	session_open_ticket(s, account, id);
	w.notes_ready = (session_account_caps(s, account) &
	    TIX_CAP_READ_NOTES) == 0;
	err = session_wait(s, cmd_thread_loaded, &w, CMD_TIMEOUT_MS, cause);
	if (err != TIX_OK)
		goto out;
	if (w.failed != NULL)
		err = tix_fail(cause, TIX_ERR_NETWORK, "%s", w.failed);
out:
	free(w.prefix);
	free(w.failed);
	return err;
}

/* A readable UTC time for plain output. */
void
cmd_format_time(int64_t t, char *buf, size_t len)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		xsnprintf(buf, len, "-");
}

/* Loaded: every account's first load finished or failed. */
static bool
cmd_run_loaded(struct session *s, void *arg)
{
	return session_loaded(s);
}

/* Report accounts whose load failed; returns an exit status. */
static int
cmd_run_check_accounts(struct session *s)
{
	struct sync_status	 st;
	const char		*name;
	size_t			 i, n;
	int			 rc = CMD_EXIT_OK;

	n = session_account_count(s);
	for (i = 0; i < n; i++) {
		session_account_status(s, (unsigned)i, &st);
		if (st.state != SYNC_FAILED)
			continue;
		name = session_account_name(s, (unsigned)i);
		rc = cmd_error("%s: %s", name != NULL ? name : "?",
		    st.message != NULL ? st.message : "sync failed");
	}
	return rc;
}

/* Check a --filter before anything loads: a bad one is bad usage. */
static int
cmd_run_check_filter(const char *text)
{
	struct filter	*f;
	char		*cause = NULL;

	if (text == NULL)
		return CMD_EXIT_OK;
	f = filter_parse(text, &cause);
	if (f == NULL) {
		cmd_error("bad filter: %s", cause != NULL ? cause : text);
		cmd_usage_short(stderr, CMD_LIST);
		free(cause);
		return CMD_EXIT_USAGE;
	}
	filter_free(&f);
	return CMD_EXIT_OK;
}

/* Hand over to the command's own file. */
static int
cmd_run_exec(struct session *s, const struct cmd_args *args)
{
	switch (args->cmd) {
	case CMD_LIST:
		return cmd_list_exec(s, args);
	case CMD_SHOW:
		return cmd_show_exec(s, args);
	case CMD_NOTE:
		return cmd_note_exec(s, args);
	case CMD_UPDATE:
		return cmd_update_exec(s, args);
	case CMD_ACCOUNTS:
		return cmd_accounts_exec(s, args);
	case CMD_NONE:
		break;
	}
	return cmd_error("no command");
}

/* Create the session, wait for it, run the command, clean up. */
int
cmd_run(const struct cmd_args *args, const struct session_options *base)
{
	struct session_options	 so;
	struct session		*s = NULL;
	char			*cause = NULL;
	int			 rc;

	rc = cmd_run_check_filter(args->filter);
	if (rc != CMD_EXIT_OK)
		return rc;

	so = *base;
	/* accounts checks the credentials; it needs no tickets. */
	so.open_only = (args->cmd == CMD_ACCOUNTS);
	so.only_account = args->account;
	if (so.only_account == NULL)
		so.only_account = args->ref.account;
	if (session_new(&so, &s, &cause) != TIX_OK) {
		rc = cmd_error("%s", cause != NULL ? cause : "no session");
		goto out;
	}
	if (so.only_account != NULL &&
	    cmd_find_account(s, so.only_account) < 0) {
		rc = CMD_EXIT_ERROR;
		goto out;
	}
	log_debug("%s: waiting for %zu accounts", cmd_name(args->cmd),
	    session_account_count(s));

	rc = cmd_wait(s, cmd_run_loaded, NULL, "loading the accounts");
	if (rc != CMD_EXIT_OK)
		goto out;
	/* accounts reports failures itself, in its listing. */
	if (args->cmd != CMD_ACCOUNTS) {
		rc = cmd_run_check_accounts(s);
		if (rc != CMD_EXIT_OK)
			goto out;
	}
	rc = cmd_run_exec(s, args);

out:
	if (s != NULL)
		session_free(&s);
	free(cause);
	return rc;
}
