/*
 * Running $VISUAL or $EDITOR on a draft.  The draft sits in a private
 * directory (mkdtemp, 0700) as a 0600 file; the editor runs as
 * sh -c '$EDITOR "$1"' sh FILE so that an editor with arguments works and
 * the file name is never parsed by the shell.  Afterwards everything in
 * the directory (backup and swap files too) and the directory itself are
 * removed, so no ticket text stays on disk.
 */
#include "config.h"
#include "tui/editor.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/log.h"
#include "core/xmalloc.h"

/* The editor variable to use, or NULL. */
static const char *
editor_variable(void)
{
	const char	*v;

	v = getenv("VISUAL");
	if (v != NULL && *v != '\0')
		return ("VISUAL");
	v = getenv("EDITOR");
	if (v != NULL && *v != '\0')
		return ("EDITOR");
	return (NULL);
}

/* Is there an editor to run? */
bool
editor_configured(void)
{
	return (editor_variable() != NULL);
}

/* Write all of len bytes. */
static int
editor_write_all(int fd, const char *s, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		s += n;
		len -= (size_t)n;
	}
	return (0);
}

/* Read the draft back, capped at TIX_MAX_NOTE. */
static enum tix_err
editor_read(const char *path, char **out, char **cause)
{
	struct buf	 b;
	char		 chunk[8192];
	ssize_t		 n;
	int		 fd;
	enum tix_err	 err = TIX_OK;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT) {
			*out = xstrdup("");
			return (TIX_OK);
		}
		return (tix_fail(cause, TIX_ERR_IO, "cannot read the draft: %s",
		    strerror(errno)));
	}
	buf_init(&b, TIX_MAX_NOTE);
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = tix_fail(cause, TIX_ERR_IO,
			    "cannot read the draft: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (buf_add(&b, chunk, (size_t)n) != TIX_OK) {
			err = tix_fail(cause, TIX_ERR_TOO_LARGE,
			    "note too long (over %u bytes)", TIX_MAX_NOTE);
			break;
		}
	}
	close(fd);
	if (err == TIX_OK)
		*out = buf_take(&b);
	buf_done(&b);
	return (err);
}

/* Remove everything in the private directory, then the directory. */
static void
editor_cleanup(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		*path;

	d = opendir(dir);
	if (d != NULL) {
		for (de = readdir(d); de != NULL; de = readdir(d)) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			path = xasprintf("%s/%s", dir, de->d_name);
			if (unlink(path) != 0)
				log_debug("editor: cannot remove a draft file");
			free(path);
		}
		closedir(d);
	}
	if (rmdir(dir) != 0)
		log_debug("editor: cannot remove the draft directory");
}

/* Run the editor on path and wait for it; returns its exit status. */
static enum tix_err
editor_run(char *path, char **cause)
{
	struct sigaction	 ign, oint, oquit, oterm;
	char			*cmd, *argv[6];
	char			 a_sh[] = "sh", a_c[] = "-c";
	pid_t			 pid, r;
	int			 status;
	sigset_t		 empty;
	enum tix_err		 err = TIX_OK;

	/* Built before fork: the child only calls async-signal-safe code. */
	cmd = xasprintf("$%s \"$1\"", editor_variable());
	argv[0] = a_sh;
	argv[1] = a_c;
	argv[2] = cmd;
	argv[3] = a_sh;
	argv[4] = path;
	argv[5] = NULL;
	sigemptyset(&empty);

	/* Like system(3): ^C belongs to the editor while it runs. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	sigaction(SIGTERM, &ign, &oterm);

	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGWINCH, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		sigprocmask(SIG_SETMASK, &empty, NULL);
		execv("/bin/sh", argv);
		_exit(127);
	}
	if (pid < 0)
		err = tix_fail(cause, TIX_ERR_IO, "cannot start the editor: %s",
		    strerror(errno));
	else {
		do
			r = waitpid(pid, &status, 0);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			err = tix_fail(cause, TIX_ERR_IO, "editor: %s",
			    strerror(errno));
		else if (!WIFEXITED(status)) {
			err = tix_fail(cause, TIX_ERR_CANCELLED,
			    "editor killed; note not sent");
		} else if (WEXITSTATUS(status) != 0) {
			err = tix_fail(cause, TIX_ERR_CANCELLED,
			    "editor exited with status %d; note not sent",
			    WEXITSTATUS(status));
		}
	}

	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	sigaction(SIGTERM, &oterm, NULL);
	free(cmd);
	return (err);
}

/* Trim trailing blanks and newlines in place. */
static void
editor_trim(char *s)
{
	size_t	len = strlen(s);

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t' || s[len - 1] == '\r'))
		s[--len] = '\0';
}

/* Compose a note in the editor. */
enum tix_err
editor_compose(const char *initial, char **out, char **cause)
{
	const char	*tmp;
	char		*dir = NULL, *path = NULL, *text = NULL;
	int		 fd;
	enum tix_err	 err = TIX_ERR_IO;
	mode_t		 old;

	*out = NULL;
	if (initial == NULL)
		initial = "";
	if (!editor_configured())
		return (tix_fail(cause, TIX_ERR_INVALID, "no editor set"));
	tmp = getenv("TMPDIR");
	if (tmp == NULL || *tmp != '/')
		tmp = "/tmp";
	dir = xasprintf("%s/tix-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		tix_fail(cause, TIX_ERR_IO, "cannot make a draft directory: %s",
		    strerror(errno));
		free(dir);
		return (TIX_ERR_IO);
	}
	path = xasprintf("%s/note.txt", dir);

	old = umask(077);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	umask(old);
	if (fd < 0) {
		tix_fail(cause, TIX_ERR_IO, "cannot make the draft: %s",
		    strerror(errno));
		goto out;
	}
	if (editor_write_all(fd, initial, strlen(initial)) != 0) {
		tix_fail(cause, TIX_ERR_IO, "cannot write the draft: %s",
		    strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);

	err = editor_run(path, cause);
	if (err != TIX_OK)
		goto out;
	err = editor_read(path, &text, cause);
	if (err != TIX_OK)
		goto out;
	editor_trim(text);
	if (*text != '\0' && strcmp(text, initial) != 0) {
		*out = text;
		text = NULL;
	}
	err = TIX_OK;
out:
	editor_cleanup(dir);
	free(text);
	free(path);
	free(dir);
	return (err);
}
