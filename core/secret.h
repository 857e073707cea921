/*
 * Secrets (API tokens, passwords) for an [account NAME] section.
 *
 * For a secret called WHAT ("token", "password", ...) the section may
 * say, in order of precedence:
 *
 *	WHAT_cmd = pass show tix/acme	a command; the first line it prints
 *	WHAT_env = ACME_TOKEN		an environment variable
 *	WHAT = value			inline, only in a private file
 *
 * An inline secret is refused whenever the file is readable or writable
 * by group or others, even when a _cmd or _env takes precedence.
 *
 * Secrets never appear in error messages, logs, argv or a child's
 * environment.  A returned secret is a heap string the caller releases
 * with secret_free(), which wipes it.
 */
#ifndef TIX_SECRET_H
#define TIX_SECRET_H

#include <stdbool.h>

#include "core/error.h"

struct config_section;

/* How long a WHAT_cmd may run before it is killed. */
#define SECRET_CMD_TIMEOUT_MS	30000u
/* The most a WHAT_cmd may print on its first line. */
#define SECRET_MAX		(64u * 1024)

/*
 * Resolve the secret called what for the section into *out.  Errors are
 * "FILE:LINE: [account acme]: token_cmd failed (exit 1)" and the like:
 * TIX_ERR_INVALID when nothing usable is configured, TIX_ERR_IO when the
 * command or variable fails, TIX_ERR_TOO_LARGE for an over-long line.
 *
 * A WHAT_cmd runs as /bin/sh -c CMD in its own process group, with stdin
 * and stderr on /dev/null (the terminal may be in curses mode), tix's own
 * environment (which holds no secrets) and no other open descriptors.
 * Blocks until it exits, at most SECRET_CMD_TIMEOUT_MS.
 */
enum tix_err	 secret_resolve(const struct config_section *,
		    const char *what, char **out, char **cause);
/* True when the section configures WHAT_cmd, WHAT_env or WHAT. */
bool		 secret_configured(const struct config_section *,
		    const char *what);
/* Wipe and free *sp, and set it to NULL. */
void		 secret_free(char **sp);

/*
 * Keep secrets out of core files and other processes: mark the process
 * not dumpable (no core dump, no ptrace or /proc/PID/mem by other
 * processes of the same user) and set the core size limit to zero.
 * main calls it once, before reading any secret.
 */
void		 secret_protect_process(void);

/* For tests: change the WHAT_cmd timeout (0 restores the default). */
void		 secret_set_cmd_timeout(unsigned ms);

#endif
