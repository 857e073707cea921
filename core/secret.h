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
 * and stderr on /dev/null (the terminal may be in curses mode), the short
 * environment of core/spawn.h and no other open descriptors.  Blocks
 * until it exits, at most SECRET_CMD_TIMEOUT_MS.
 *
 * A WHAT_env variable is removed from tix's environment once read, so no
 * child inherits it; an account naming it again gets the same value.
 * The first read must come before any other thread runs (unsetenv).
 */
enum tix_err	 secret_resolve(const struct config_section *,
		    const char *what, char **out, char **cause);
/* True when the section configures WHAT_cmd, WHAT_env or WHAT. */
bool		 secret_configured(const struct config_section *,
		    const char *what);
/* Wipe and free *sp, and set it to NULL. */
void		 secret_free(char **sp);

/* Shorter secrets (white space not counted) would match too much. */
#define SECRET_SCRUB_MIN	4u
/* The least of a secret cut at the end of a message that is scrubbed. */
#define SECRET_SCRUB_TAIL	8u

/*
 * Replace each copy of secret in *sp, a message about to be shown or
 * logged, with "***"; *sp is wiped and replaced when there is one.  A
 * copy is also found when it is:
 *
 *  - in another case ("ABC" for "abc", ASCII letters): a server may
 *    change it before echoing it;
 *  - split by white space (spaces, tabs, line breaks: any run of them,
 *    anywhere between two of its characters), as a message folded,
 *    wrapped or joined onto one line leaves it; white space within the
 *    secret itself need not be in the copy;
 *  - cut: its first SECRET_SCRUB_TAIL or more characters at the very end
 *    of *sp, as a message clipped to a length leaves it.
 *
 * Encoded copies (base64, %XX, JSON escapes) are not found: whoever
 * encodes a secret scrubs the encoding too.
 */
void		 secret_scrub(char **sp, const char *secret);

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
