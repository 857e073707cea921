/*
 * Logging and fatal errors.  Nothing is logged unless a log file is opened
 * (tix -v writes $XDG_STATE_HOME/tix/tix.log, mode 0600).  Ticket payloads
 * and secrets are never passed to the log: callers log identifiers and
 * outcomes only.
 */
#ifndef TIX_LOG_H
#define TIX_LOG_H

#include <stdnoreturn.h>

#include "core/xmalloc.h"

/* Open the log at path (created 0600, appended).  Returns 0 or -1. */
int		 log_open(const char *path);
void		 log_close(void);
void		 log_debug(const char *, ...) TIX_PRINTF(1, 2);

/*
 * Hook run before a fatal error prints, so the front end can restore the
 * terminal first.  Called at most once, from whichever thread dies.
 */
void		 log_set_fatal_hook(void (*)(void));

/* Print "tix: message[: strerror]" to stderr and abort / exit. */
noreturn void	 fatal(const char *, ...) TIX_PRINTF(1, 2);
noreturn void	 fatalx(const char *, ...) TIX_PRINTF(1, 2);

#endif
