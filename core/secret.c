/*
 * Secrets from the config: a command's first line of output, an
 * environment variable, or an inline value in a private file.  Every
 * copy of a secret tix makes is wiped before it is freed, and no message
 * ever includes one: errors name the file, line, key and variable only.
 */

#include "config.h"

#include "core/secret.h"

#include <sys/resource.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/conf.h"
#include "core/log.h"

/* How often a waiting command is checked on, in milliseconds. */
#define SECRET_POLL_MS	100

static atomic_uint	secret_timeout_ms = SECRET_CMD_TIMEOUT_MS;

/* Signals reset to their default action in the command. */
static const int	secret_default_signals[] = {
	SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU,
	SIGCHLD, SIGWINCH, SIGALRM, SIGUSR1, SIGUSR2,
};

/* Tests shorten the command timeout. */
void
secret_set_cmd_timeout(unsigned ms)
{
	atomic_store(&secret_timeout_ms, ms == 0 ? SECRET_CMD_TIMEOUT_MS : ms);
}

/* Wipe before freeing: freed memory is not zeroed. */
void
secret_free(char **sp)
{
	if (*sp == NULL)
		return;
	explicit_bzero(*sp, strlen(*sp));
	free(*sp);
	*sp = NULL;
}

/* Monotonic milliseconds. */
static int64_t
secret_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Fail with "FILE:LINE: [account acme]: key: message". */
static enum tix_err
secret_fail(const struct config_section *sec, const char *key,
    enum tix_err err, char **cause, const char *fmt, ...)
    TIX_PRINTF(5, 6);

static enum tix_err
secret_fail(const struct config_section *sec, const char *key,
    enum tix_err err, char **cause, const char *fmt, ...)
{
	va_list	 ap;
	char	*label, *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	label = config_section_label(sec);
	tix_fail(cause, err, "%s:%u: %s: %s %s", sec->file,
	    config_line_of(sec, key), label, key, msg);
	free(label);
	free(msg);
	return err;
}

/* Start /bin/sh -c cmd with stdout on a pipe; *rfd is its read end. */
static enum tix_err
secret_spawn(const struct config_section *sec, const char *key,
    const char *cmd, pid_t *pid, int *rfd, char **cause)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 none, def;
	char				*argv[4];
	int				 fds[2], error;
	size_t				 i;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		return secret_fail(sec, key, TIX_ERR_IO, cause,
		    "could not start: %s", strerror(errno));
	}

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
	    O_WRONLY, 0);
#if defined(__GLIBC__) && \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	/* Sockets and files opened without O_CLOEXEC stay with tix. */
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif

	/*
	 * Worker threads run with signals blocked and tix ignores SIGPIPE;
	 * the command gets a clean slate, in its own process group so a
	 * timeout can kill everything it started.
	 */
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&def);
	for (i = 0; i < sizeof secret_default_signals /
	    sizeof secret_default_signals[0]; i++)
		sigaddset(&def, secret_default_signals[i]);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK|
	    POSIX_SPAWN_SETSIGDEF|POSIX_SPAWN_SETPGROUP);

	argv[0] = xstrdup("sh");
	argv[1] = xstrdup("-c");
	argv[2] = xstrdup(cmd);
	argv[3] = NULL;
	/* tix's own environment: it never holds a secret. */
	error = posix_spawn(pid, "/bin/sh", &fa, &attr, argv, environ);
	for (i = 0; i < 3; i++)
		free(argv[i]);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (error != 0) {
		close(fds[0]);
		return secret_fail(sec, key, TIX_ERR_IO, cause,
		    "could not start: %s", strerror(error));
	}
	*rfd = fds[0];
	return TIX_OK;
}

/* Run the command and take the first line it prints into *out. */
static enum tix_err
secret_run(const struct config_section *sec, const char *key,
    const char *cmd, char **out, char **cause)
{
	struct pollfd	 pfd;
	char		 chunk[4096], *line = NULL, *nl;
	size_t		 len = 0, take;
	ssize_t		 n;
	int64_t		 deadline, left;
	unsigned	 timeout;
	pid_t		 pid = -1;
	int		 rfd = -1, status = 0;
	bool		 eof = false, reaped = false, got_line = false;
	bool		 overflow = false, timed_out = false;
	enum tix_err	 err;

	err = secret_spawn(sec, key, cmd, &pid, &rfd, cause);
	if (err != TIX_OK)
		return err;
	timeout = atomic_load(&secret_timeout_ms);
	deadline = secret_now_ms() + timeout;
	line = xmalloc(SECRET_MAX + 1);

	/*
	 * Read until EOF, keeping the first line: the rest is drained so
	 * the command does not die of SIGPIPE (pass prints more lines).
	 * Once the shell has exited and the line is in, whatever it left
	 * running in the background does not matter.
	 */
	for (;;) {
		if (!reaped && waitpid(pid, &status, WNOHANG) == pid)
			reaped = true;
		if (reaped && (eof || got_line))
			break;
		left = deadline - secret_now_ms();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		pfd.fd = rfd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (eof) {
			/* Only the exit is left to wait for. */
			if (poll(NULL, 0, left < SECRET_POLL_MS ? (int)left :
			    SECRET_POLL_MS) == -1 && errno != EINTR)
				break;
			continue;
		}
		if (poll(&pfd, 1, left < SECRET_POLL_MS ? (int)left :
		    SECRET_POLL_MS) <= 0)
			continue;
		n = read(rfd, chunk, sizeof chunk);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			eof = true;
			continue;
		}
		if (!got_line && !overflow) {
			nl = memchr(chunk, '\n', (size_t)n);
			take = nl != NULL ? (size_t)(nl - chunk) : (size_t)n;
			if (take > SECRET_MAX - len)
				overflow = true;
			else {
				memcpy(line + len, chunk, take);
				len += take;
			}
			if (nl != NULL)
				got_line = true;
		}
		explicit_bzero(chunk, sizeof chunk);
	}
	close(rfd);

	if (timed_out || !reaped) {
		kill(-pid, SIGKILL);
		if (!reaped) {
			while (waitpid(pid, &status, 0) == -1 &&
			    errno == EINTR)
				/* nothing */;
		}
	}

	if (timed_out) {
		if (timeout >= 1000) {
			err = secret_fail(sec, key, TIX_ERR_IO, cause,
			    "timed out after %u s", timeout / 1000);
		} else {
			err = secret_fail(sec, key, TIX_ERR_IO, cause,
			    "timed out after %u ms", timeout);
		}
		goto out;
	}
	if (WIFSIGNALED(status)) {
		err = secret_fail(sec, key, TIX_ERR_IO, cause,
		    "failed (killed by signal %d)", WTERMSIG(status));
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		err = secret_fail(sec, key, TIX_ERR_IO, cause,
		    "failed (exit %d%s)", WEXITSTATUS(status),
		    WEXITSTATUS(status) == 127 ? ": command not found" : "");
		goto out;
	}
	if (overflow) {
		err = secret_fail(sec, key, TIX_ERR_TOO_LARGE, cause,
		    "printed a line longer than %u KiB", SECRET_MAX / 1024);
		goto out;
	}
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0) {
		err = secret_fail(sec, key, TIX_ERR_IO, cause,
		    "printed nothing");
		goto out;
	}
	*out = xstrndup(line, len);
	err = TIX_OK;

out:
	explicit_bzero(line, SECRET_MAX + 1);
	free(line);
	return err;
}

/*
 * Is name safe to show in a message?  Someone may paste the token itself
 * after token_env =, so only a conventional variable name (upper case,
 * digits, '_') is echoed; anything else is described, not shown.
 */
static bool
secret_showable_name(const char *name)
{
	const char	*p;

	if (strlen(name) > 64 || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (p = name; *p != '\0'; p++) {
		if ((*p < 'A' || *p > 'Z') && (*p < '0' || *p > '9') &&
		    *p != '_')
			return false;
	}
	return true;
}

/* The secret from the environment variable named by key's value. */
static enum tix_err
secret_from_env(const struct config_section *sec, const char *key,
    const char *name, char **out, char **cause)
{
	const char	*v, *shown;

	if (name[0] == '\0') {
		return secret_fail(sec, key, TIX_ERR_INVALID, cause,
		    "is empty: name an environment variable");
	}
	shown = secret_showable_name(name) ? name :
	    "a variable (not shown: not an UPPER_CASE name)";
	v = getenv(name);
	if (v == NULL) {
		return secret_fail(sec, key, TIX_ERR_IO, cause,
		    "names %s, which is not set", shown);
	}
	if (v[0] == '\0') {
		return secret_fail(sec, key, TIX_ERR_IO, cause,
		    "names %s, which is empty", shown);
	}
	*out = xstrdup(v);
	return TIX_OK;
}

/* Whether any of the three keys is present. */
bool
secret_configured(const struct config_section *sec, const char *what)
{
	char	*cmd_key, *env_key;
	bool	 found;

	cmd_key = xasprintf("%s_cmd", what);
	env_key = xasprintf("%s_env", what);
	found = config_get(sec, cmd_key) != NULL ||
	    config_get(sec, env_key) != NULL || config_get(sec, what) != NULL;
	free(env_key);
	free(cmd_key);
	return found;
}

/* WHAT_cmd, then WHAT_env, then an inline WHAT (private file only). */
enum tix_err
secret_resolve(const struct config_section *sec, const char *what,
    char **out, char **cause)
{
	const char	*cmd, *env, *inline_value;
	char		*cmd_key, *env_key, *label = NULL;
	enum tix_err	 err;

	*out = NULL;
	cmd_key = xasprintf("%s_cmd", what);
	env_key = xasprintf("%s_env", what);
	cmd = config_get(sec, cmd_key);
	env = config_get(sec, env_key);
	inline_value = config_get(sec, what);

	if (inline_value != NULL && !config_is_private(sec->config)) {
		err = tix_fail(cause, TIX_ERR_INVALID, "%s: holds an inline "
		    "%s but is readable by others; run: chmod 600 %s",
		    sec->file, what, sec->file);
		goto out;
	}
	if (cmd != NULL) {
		if (cmd[0] == '\0') {
			err = secret_fail(sec, cmd_key, TIX_ERR_INVALID, cause,
			    "is empty");
			goto out;
		}
		err = secret_run(sec, cmd_key, cmd, out, cause);
	} else if (env != NULL)
		err = secret_from_env(sec, env_key, env, out, cause);
	else if (inline_value != NULL) {
		if (inline_value[0] == '\0') {
			err = secret_fail(sec, what, TIX_ERR_INVALID, cause,
			    "is empty");
			goto out;
		}
		*out = xstrdup(inline_value);
		err = TIX_OK;
	} else {
		label = config_section_label(sec);
		err = tix_fail(cause, TIX_ERR_INVALID, "%s:%u: %s: missing %s "
		    "(set %s, %s or %s)", sec->file, sec->line, label, what,
		    cmd_key, env_key, what);
	}

out:
	free(label);
	free(env_key);
	free(cmd_key);
	return err;
}

/* Keep secrets out of core files and other processes. */
void
secret_protect_process(void)
{
	struct rlimit	rl;

	rl.rlim_cur = rl.rlim_max = 0;
	if (setrlimit(RLIMIT_CORE, &rl) == -1)
		log_debug("secret: setrlimit(RLIMIT_CORE): %s",
		    strerror(errno));
#ifdef __linux__
	/*
	 * Not dumpable: no core file even if a limit is raised again, and
	 * other processes of the same user cannot ptrace tix or read its
	 * memory through /proc.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		log_debug("secret: prctl(PR_SET_DUMPABLE): %s",
		    strerror(errno));
#endif
}
