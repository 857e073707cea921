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
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/spawn.h"

/* How often a waiting command is checked on, in milliseconds. */
#define SECRET_POLL_MS	100

static atomic_uint	secret_timeout_ms = SECRET_CMD_TIMEOUT_MS;

/*
 * The token_env variables taken out of the environment, with their
 * values: kept for the life of the process, as the environment kept them.
 */
struct secret_var {
	char	*name;
	char	*value;
};
static struct secret_var	*secret_vars;
static size_t			 secret_nvars;
static pthread_mutex_t		 secret_vars_lock = PTHREAD_MUTEX_INITIALIZER;

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
	char		*why = NULL;
	int		 fds[2];
	enum tix_err	 err;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		return secret_fail(sec, key, TIX_ERR_IO, cause,
		    "could not start: %s", strerror(errno));
	}
	err = spawn_shell(SPAWN_COMMAND, cmd, NULL, fds[1], pid, &why);
	close(fds[1]);
	if (err != TIX_OK) {
		close(fds[0]);
		secret_fail(sec, key, err, cause, "could not start: %s", why);
		free(why);
		return err;
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

/* The value tix took out of the variable name, or NULL. */
static const char *
secret_var_find(const char *name)
{
	size_t	i;

	for (i = 0; i < secret_nvars; i++) {
		if (strcmp(secret_vars[i].name, name) == 0)
			return secret_vars[i].value;
	}
	return NULL;
}

/* Keep value for name (a later account may name it too). */
static void
secret_var_keep(const char *name, const char *value)
{
	struct secret_var	*v = NULL;
	size_t			 i;

	for (i = 0; i < secret_nvars && v == NULL; i++) {
		if (strcmp(secret_vars[i].name, name) == 0)
			v = &secret_vars[i];
	}
	if (v == NULL) {
		secret_vars = xreallocarray(secret_vars, secret_nvars + 1,
		    sizeof *secret_vars);
		v = &secret_vars[secret_nvars++];
		v->name = xstrdup(name);
	} else
		secret_free(&v->value);
	v->value = xstrdup(value);
}

/*
 * The secret from the environment variable named by key's value.  The
 * variable is then removed from tix's environment, so that no child can
 * inherit it, and its value kept here for another account naming it.
 */
static enum tix_err
secret_from_env(const struct config_section *sec, const char *key,
    const char *name, char **out, char **cause)
{
	const char	*v, *shown;
	enum tix_err	 err = TIX_OK;

	if (name[0] == '\0') {
		return secret_fail(sec, key, TIX_ERR_INVALID, cause,
		    "is empty: name an environment variable");
	}
	shown = secret_showable_name(name) ? name :
	    "a variable (not shown: not an UPPER_CASE name)";
	pthread_mutex_lock(&secret_vars_lock);
	v = getenv(name);
	if (v == NULL)
		v = secret_var_find(name);
	if (v == NULL) {
		err = secret_fail(sec, key, TIX_ERR_IO, cause,
		    "names %s, which is not set", shown);
	} else if (v[0] == '\0') {
		err = secret_fail(sec, key, TIX_ERR_IO, cause,
		    "names %s, which is empty", shown);
	} else {
		*out = xstrdup(v);
		/*
		 * unsetenv races with getenv in other threads (libcurl reads
		 * proxy variables), but it only runs while the variable is
		 * still there: the first time it is read, which is when
		 * session_new() (or the CLI) configures the accounts on the
		 * UI thread, before any worker starts.  A configure() on a
		 * worker, after close(), finds the value kept here.
		 */
		if (getenv(name) != NULL) {
			secret_var_keep(name, *out);
			unsetenv(name);
		}
	}
	pthread_mutex_unlock(&secret_vars_lock);
	return err;
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

/* White space that may split a copy of a secret. */
static bool
secret_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/* ASCII lower case; other bytes as they are. */
static char
secret_fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * The length of the copy of secret that starts at s, or 0: the secret's
 * characters other than white space, in any case, with any white space
 * between them; or, running into the end of s, its first
 * SECRET_SCRUB_TAIL or more.
 */
static size_t
secret_match(const char *s, const char *secret)
{
	const char	*p = s, *q = secret;
	size_t		 matched = 0;

	for (;;) {
		while (secret_is_space(*q))
			q++;
		if (*q == '\0')
			return (size_t)(p - s);
		if (matched > 0) {
			while (secret_is_space(*p))
				p++;
		}
		if (*p == '\0')
			return matched >= SECRET_SCRUB_TAIL ? (size_t)(p - s) : 0;
		if (secret_fold(*p) != secret_fold(*q))
			return 0;
		p++;
		q++;
		matched++;
	}
}

/* Replace every copy of secret in *sp with "***". */
void
secret_scrub(char **sp, const char *secret)
{
	struct buf	 b;
	const char	*p, *run;
	size_t		 n = 0;
	bool		 found = false;
	enum tix_err	 err = TIX_OK;

	if (*sp == NULL)
		return;
	for (p = secret; *p != '\0'; p++) {
		if (!secret_is_space(*p))
			n++;
	}
	if (n < SECRET_SCRUB_MIN)
		return;

	buf_init(&b, SIZE_MAX / 2);
	run = p = *sp;
	while (*p != '\0' && err == TIX_OK) {
		n = secret_match(p, secret);
		if (n == 0) {
			p++;
			continue;
		}
		found = true;
		err = buf_add(&b, run, (size_t)(p - run));
		if (err == TIX_OK)
			err = buf_add_str(&b, "***");
		p += n;
		run = p;
	}
	if (!found) {
		buf_done(&b);
		return;
	}
	if (err == TIX_OK)
		err = buf_add_str(&b, run);
	/* A failed buffer is freed: the message is then "", no secret. */
	if (err != TIX_OK)
		buf_done(&b);
	explicit_bzero(*sp, strlen(*sp));
	free(*sp);
	*sp = buf_take(&b);
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
