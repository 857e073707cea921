/*
 * The session's accounts: from the config file ([account NAME] sections,
 * each checked by its provider's configure()) or, with --demo or without
 * a config, the accounts the demo provider brings itself.  Also the [ui]
 * settings the session reads.  Nothing here knows any provider's data.
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/session_int.h"
#include "core/xmalloc.h"

/* A new account in the table, which has room for max. */
static struct account *
accounts_add_one(struct session *s, const char *name,
    const struct tix_provider_ops *ops, size_t max)
{
	struct account	*a;

	if (s->accounts == NULL)
		s->accounts = xcalloc(max, sizeof *s->accounts);
	a = &s->accounts[s->naccounts];
	a->index = (unsigned)s->naccounts;
	a->name = xstrdup(name);
	a->ops = ops;
	a->caps = ops->caps;
	atomic_init(&a->cancel, false);
	s->naccounts++;
	return a;
}

/* The demo provider's own accounts (or the one only_account names). */
static enum tix_err
accounts_add_demo(struct session *s, const struct session_options *o,
    char **cause)
{
	const struct tix_provider_ops	*demo;
	const char *const		*names;
	size_t				 n = 0;

	demo = o->find_provider("demo");
	if (demo == NULL || demo->builtin_accounts == NULL)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "this tix was built without the demo provider");
	s->demo = true;
	names = demo->builtin_accounts;
	while (names[n] != NULL)
		n++;
	for (size_t i = 0; i < n; i++) {
		if (o->only_account != NULL &&
		    strcmp(o->only_account, names[i]) != 0)
			continue;
		accounts_add_one(s, names[i], demo, n);
	}
	if (s->naccounts == 0)
		return tix_fail(cause, TIX_ERR_NOT_FOUND,
		    "no account named '%s'", o->only_account);
	return TIX_OK;
}

/* One [account NAME] section: its provider, then the provider's checks. */
static enum tix_err
accounts_add_configured(struct session *s, const struct session_options *o,
    const struct config_section *sec, size_t max, char **cause)
{
	const struct tix_provider_ops	*ops;
	const char			*pname;
	struct account			*a;
	enum tix_err			 err;

	if (strcspn(sec->name, ": \t") != strlen(sec->name))
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: [account %s]: account names cannot contain ':' "
		    "or spaces", sec->file, sec->line, sec->name);
	err = config_require(sec, "provider", &pname, cause);
	if (err != TIX_OK)
		return err;
	ops = o->find_provider(pname);
	if (ops == NULL)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: [account %s]: unknown provider '%s'", sec->file,
		    config_line_of(sec, "provider"), sec->name, pname);
	a = accounts_add_one(s, sec->name, ops, max);
	a->config = sec;
	if (ops->configure == NULL)
		return TIX_OK;
	return ops->configure(a, cause);
}

/* The [ui] settings the session uses: poll = SECONDS. */
static enum tix_err
accounts_read_ui(struct session *s, char **cause)
{
	const struct config_section	*ui;
	const char			*v;
	char				*end;
	long				 n;

	ui = config_find(s->config, "ui", NULL);
	v = ui != NULL ? config_get(ui, "poll") : NULL;
	if (v == NULL)
		return TIX_OK;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < 2 || n > 3600)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s:%u: [ui]: poll must be a number of seconds from 2 to "
		    "3600", ui->file, config_line_of(ui, "poll"));
	s->poll_ms = n * 1000;
	return TIX_OK;
}

enum tix_err
accounts_add(struct session *s, const struct session_options *o,
    char **cause)
{
	char				*path;
	const struct config_section	*sec;
	size_t				 n;
	enum tix_err			 err;

	if (o->find_provider == NULL)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "session_new: no provider registry given");
	if (o->demo)
		return accounts_add_demo(s, o, cause);
	path = o->config_path != NULL ? xstrdup(o->config_path) :
	    config_default_path();
	err = config_load(path, &s->config, cause);
	free(path);
	if (err == TIX_ERR_NOT_FOUND && o->config_path == NULL) {
		/* No config yet: show the demo rather than nothing. */
		xfree(cause);
		return accounts_add_demo(s, o, cause);
	}
	if (err != TIX_OK)
		return err;
	err = accounts_read_ui(s, cause);
	if (err != TIX_OK)
		return err;
	n = config_section_count(s->config);
	for (size_t i = 0; i < n; i++) {
		sec = config_section_at(s->config, i);
		if (strcmp(sec->type, "account") != 0)
			continue;
		if (o->only_account != NULL &&
		    strcmp(o->only_account, sec->name) != 0)
			continue;
		err = accounts_add_configured(s, o, sec, n, cause);
		if (err != TIX_OK)
			return err;
	}
	if (s->naccounts > 0)
		return TIX_OK;
	if (o->only_account != NULL)
		return tix_fail(cause, TIX_ERR_NOT_FOUND,
		    "no account named '%s'", o->only_account);
	return tix_fail(cause, TIX_ERR_INVALID,
	    "%s: no [account NAME] sections", config_path(s->config));
}

void
accounts_free(struct session *s)
{
	for (size_t i = 0; i < s->naccounts; i++)
		free(s->accounts[i].name);
	free(s->accounts);
	s->accounts = NULL;
	s->naccounts = 0;
	config_free(&s->config);
}
