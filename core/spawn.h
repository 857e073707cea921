/*
 * Starting other programs: a secret command (core/secret.c) and the
 * editor (tui/editor.c), both as /bin/sh -c SCRIPT.  Each child gets only
 * what it needs of tix:
 *
 *  - an environment of the variables named below, never tix's whole
 *    one, so that no variable holding a secret (a token_env, another
 *    tool's API key) reaches it;
 *  - no descriptor above 2: tix's sockets, its wakeup descriptor and its
 *    log are closed in the child (closefrom), besides close-on-exec;
 *  - default signal actions and an empty signal mask.
 *
 * Every child gets PATH, HOME, USER, LOGNAME, LANG, LANGUAGE, LC_*, TZ,
 * TMPDIR, the XDG base and runtime directories, DISPLAY, WAYLAND_DISPLAY
 * and DBUS_SESSION_BUS_ADDRESS (a password manager or a graphical editor
 * may need a desktop).  A command also gets GNUPGHOME; the editor the
 * terminal's (TERM, COLORTERM, TERMINFO, TERMINFO_DIRS, TERM_PROGRAM,
 * TERM_PROGRAM_VERSION, VTE_VERSION, COLORFGBG, TMUX, STY, NO_COLOR),
 * SHELL, VISUAL, EDITOR and the editors' own (VIMINIT, EXINIT,
 * NVIM_APPNAME).
 */
#ifndef TIX_SPAWN_H
#define TIX_SPAWN_H

#include <sys/types.h>

#include "core/error.h"

enum spawn_kind {
	/* stdin and stderr on /dev/null, a process group of its own. */
	SPAWN_COMMAND,
	/* tix's terminal on 0, 1 and 2, in tix's (foreground) group. */
	SPAWN_EDITOR,
};

/*
 * The child's environment: the allowed variables of tix's environment,
 * copied into a new NULL-terminated array that spawn_env_free() frees.
 */
char		**spawn_env_new(enum spawn_kind);
void		  spawn_env_free(char ***);

/*
 * Start /bin/sh -c script sh [arg] into *pid, which the caller waits for.
 * For SPAWN_COMMAND, out_fd (or /dev/null when -1) becomes its stdout;
 * the editor ignores it.  On failure *cause is the reason (strerror),
 * for the caller to put in its own message.
 */
enum tix_err	  spawn_shell(enum spawn_kind, const char *script,
		    const char *arg, int out_fd, pid_t *pid, char **cause);

#endif
