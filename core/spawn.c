/*
 * Children with an environment of their own and none of tix's
 * descriptors.  posix_spawn rather than fork: nothing runs in the child
 * before exec, which matters with worker threads holding locks.
 */

#include "config.h"

#include "core/spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"

#if defined(__GLIBC__) && \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
#define SPAWN_HAVE_CLOSEFROM
#endif

/* Variables every child gets; a name ending in '*' is a prefix. */
static const char *const spawn_env_common[] = {
	"PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_*", "TZ",
	"TMPDIR", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
	"XDG_CACHE_HOME", "XDG_STATE_HOME", "DISPLAY", "WAYLAND_DISPLAY",
	"DBUS_SESSION_BUS_ADDRESS", NULL,
};

/* A password manager's keys. */
static const char *const spawn_env_command[] = {
	"GNUPGHOME", NULL,
};

/* A terminal editor: the terminal, the shell for its ! commands. */
static const char *const spawn_env_editor[] = {
	"TERM", "COLORTERM", "TERMINFO", "TERMINFO_DIRS", "TERM_PROGRAM",
	"TERM_PROGRAM_VERSION", "VTE_VERSION", "COLORFGBG", "TMUX", "STY",
	"NO_COLOR", "SHELL", "VISUAL", "EDITOR", "VIMINIT", "EXINIT",
	"NVIM_APPNAME", NULL,
};

/* How each kind of child starts. */
static const struct {
	const char *const	*env;
	bool			 quiet;		/* stdin, stderr: /dev/null */
	bool			 own_group;
} spawn_kinds[] = {
	[SPAWN_COMMAND] = {
		.env = spawn_env_command,
		.quiet = true,
		.own_group = true,
	},
	[SPAWN_EDITOR] = {
		.env = spawn_env_editor,
	},
};

/*
 * Signals a child starts with at their default action: tix ignores
 * SIGPIPE (and SIGINT, SIGQUIT, SIGTERM while the editor runs), and an
 * ignored signal stays ignored across exec.
 */
static const int	spawn_default_signals[] = {
	SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU,
	SIGCHLD, SIGWINCH, SIGALRM, SIGUSR1, SIGUSR2,
};

/* Does the variable name (len bytes) match one of names? */
static bool
spawn_env_allowed(const char *const *names, const char *name, size_t len)
{
	size_t	n;

	for (; *names != NULL; names++) {
		n = strlen(*names);
		if ((*names)[n - 1] == '*') {
			if (len >= n && memcmp(*names, name, n - 1) == 0)
				return true;
		} else if (n == len && memcmp(*names, name, len) == 0)
			return true;
	}
	return false;
}

char **
spawn_env_new(enum spawn_kind kind)
{
	extern char	**environ;
	char		**env, **e, *eq;
	size_t		  n = 0, len;

	for (e = environ; *e != NULL; e++)
		n++;
	env = xcalloc(n + 1, sizeof *env);
	n = 0;
	for (e = environ; *e != NULL; e++) {
		eq = strchr(*e, '=');
		if (eq == NULL || eq == *e)
			continue;
		len = (size_t)(eq - *e);
		if (spawn_env_allowed(spawn_env_common, *e, len) ||
		    spawn_env_allowed(spawn_kinds[kind].env, *e, len))
			env[n++] = xstrdup(*e);
	}
	env[n] = NULL;
	return env;
}

void
spawn_env_free(char ***envp)
{
	char	**e;

	if (*envp == NULL)
		return;
	for (e = *envp; *e != NULL; e++)
		free(*e);
	free(*envp);
	*envp = NULL;
}

enum tix_err
spawn_shell(enum spawn_kind kind, const char *script, const char *arg,
    int out_fd, pid_t *pid, char **cause)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 none, def;
	char				 a_sh[] = "sh", a_c[] = "-c";
	char				*argv[6], **env;
	short				 flags;
	int				 error;
	size_t				 i;

	posix_spawn_file_actions_init(&fa);
	if (spawn_kinds[kind].quiet) {
		posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
		    "/dev/null", O_RDONLY, 0);
		if (out_fd >= 0)
			posix_spawn_file_actions_adddup2(&fa, out_fd,
			    STDOUT_FILENO);
		else
			posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
			    "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO,
		    "/dev/null", O_WRONLY, 0);
	}
#ifdef SPAWN_HAVE_CLOSEFROM
	/* Descriptors opened without close-on-exec (libcurl's) stay too. */
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif

	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&def);
	for (i = 0; i < sizeof spawn_default_signals /
	    sizeof spawn_default_signals[0]; i++)
		sigaddset(&def, spawn_default_signals[i]);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	flags = POSIX_SPAWN_SETSIGMASK|POSIX_SPAWN_SETSIGDEF;
	if (spawn_kinds[kind].own_group) {
		/* So that a time-out can kill everything it started. */
		posix_spawnattr_setpgroup(&attr, 0);
		flags |= POSIX_SPAWN_SETPGROUP;
	}
	posix_spawnattr_setflags(&attr, flags);

	/* sh -c SCRIPT sh ARG: ARG is "$1", never parsed by the shell. */
	memset(argv, 0, sizeof argv);
	argv[0] = a_sh;
	argv[1] = a_c;
	argv[2] = xstrdup(script);
	if (arg != NULL) {
		argv[3] = a_sh;
		argv[4] = xstrdup(arg);
	}
	env = spawn_env_new(kind);
	error = posix_spawn(pid, "/bin/sh", &fa, &attr, argv, env);
	spawn_env_free(&env);
	free(argv[4]);
	free(argv[2]);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (error != 0)
		return tix_fail(cause, TIX_ERR_IO, "%s", strerror(error));
	return TIX_OK;
}
