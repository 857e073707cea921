/*
 * Running $VISUAL or $EDITOR on a draft.  The draft sits in a private
 * directory (mkdtemp, 0700) as a 0600 file; the editor runs as
 * sh -c '$EDITOR "$1"' sh FILE so that an editor with arguments works and
 * the file name is never parsed by the shell.  Afterwards everything in
 * the directory (backup and swap files too) and the directory itself are
 * removed, so no ticket text stays on disk.
 *
 * The directory's name, tix-draft-PID-XXXXXX, says which process made
 * it: when that process died with the editor open (kill -9, a crash),
 * the next tix shows the draft and removes it.
 */
#include "config.h"
#include "tui/editor.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/log.h"
#include "core/spawn.h"
#include "core/text.h"
#include "core/xmalloc.h"

/* A draft directory: the prefix, the pid, '-', mkdtemp's six. */
#define EDITOR_DRAFT_PREFIX	"tix-draft-"
#define EDITOR_DRAFT_RANDOM	6

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

/* Where drafts go: $TMPDIR when it is an absolute path, else /tmp. */
static const char *
editor_tmpdir(void)
{
	const char	*tmp;

	tmp = getenv("TMPDIR");
	if (tmp == NULL || *tmp != '/')
		return ("/tmp");
	return (tmp);
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

/*
 * Run the editor on path and wait for it.  *killed: a signal ended it
 * (the terminal hung up), so the draft may hold a note not finished.
 */
static enum tix_err
editor_run(const char *path, bool *killed, char **cause)
{
	struct sigaction	 ign, oint, oquit;
	char			*script, *why = NULL;
	pid_t			 pid, r;
	int			 status;
	enum tix_err		 err;

	script = xasprintf("$%s \"$1\"", editor_variable());

	/*
	 * Like system(3): ^C belongs to the editor while it runs.  SIGTERM
	 * and SIGHUP are not ignored but wait: tix's handler only notes
	 * them, and the loop acts once the editor is done with the note.
	 */
	*killed = false;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);

	err = spawn_shell(SPAWN_EDITOR, script, path, -1, &pid, &why);
	if (err != TIX_OK)
		tix_fail(cause, err, "cannot start the editor: %s", why);
	else {
		do
			r = waitpid(pid, &status, 0);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			err = tix_fail(cause, TIX_ERR_IO, "editor: %s",
			    strerror(errno));
		else if (!WIFEXITED(status)) {
			*killed = true;
			err = tix_fail(cause, TIX_ERR_CANCELLED,
			    "the editor was stopped (signal %d); note not sent",
			    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		} else if (WEXITSTATUS(status) != 0) {
			err = tix_fail(cause, TIX_ERR_CANCELLED,
			    "editor exited with status %d; note not sent",
			    WEXITSTATUS(status));
		}
	}

	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	free(why);
	free(script);
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
	bool		 killed;

	*out = NULL;
	if (initial == NULL)
		initial = "";
	if (!editor_configured())
		return (tix_fail(cause, TIX_ERR_INVALID, "no editor set"));
	tmp = editor_tmpdir();
	dir = xasprintf("%s/" EDITOR_DRAFT_PREFIX "%ld-XXXXXX", tmp,
	    (long)getpid());
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

	err = editor_run(path, &killed, cause);
	/* Stopped by a signal: what was written is kept, never sent. */
	if (err != TIX_OK && (!killed || editor_read(path, &text,
	    NULL) != TIX_OK))
		goto out;
	if (err == TIX_OK)
		err = editor_read(path, &text, cause);
	if (text == NULL)
		goto out;
	editor_trim(text);
	if (*text != '\0' && strcmp(text, initial) != 0) {
		*out = text;
		text = NULL;
	}
out:
	editor_cleanup(dir);
	free(text);
	free(path);
	free(dir);
	return (err);
}

/*
 * Is name, in the draft directory tmp, the draft directory of a tix that
 * is gone: tix-draft-PID-XXXXXX, a directory (not a link) of this user's,
 * private, made by a process that no longer runs?
 */
static bool
editor_draft_stale(const char *tmp, const char *name)
{
	struct stat	 st;
	const char	*p;
	char		*end, *path;
	long		 pid;
	size_t		 i, len = strlen(EDITOR_DRAFT_PREFIX);
	bool		 ours;

	if (strncmp(name, EDITOR_DRAFT_PREFIX, len) != 0 ||
	    name[len] < '1' || name[len] > '9')
		return (false);
	errno = 0;
	pid = strtol(name + len, &end, 10);
	if (errno != 0 || *end != '-' || pid > INT_MAX ||
	    (pid_t)pid == getpid())
		return (false);
	p = end + 1;
	for (i = 0; i < EDITOR_DRAFT_RANDOM; i++) {
		if ((p[i] < 'a' || p[i] > 'z') && (p[i] < 'A' || p[i] > 'Z') &&
		    (p[i] < '0' || p[i] > '9'))
			return (false);
	}
	if (p[i] != '\0')
		return (false);

	path = xasprintf("%s/%s", tmp, name);
	ours = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == geteuid() && (st.st_mode & 077) == 0;
	free(path);
	/* A live pid may be a tix still editing, or the pid reused. */
	return (ours && kill((pid_t)pid, 0) == -1 && errno == ESRCH);
}

/* Show the draft in dir on out, then remove dir (kept if out failed). */
static void
editor_draft_recover(FILE *out, const char *dir)
{
	char		*path, *text = NULL, *clean, *cause = NULL;

	path = xasprintf("%s/note.txt", dir);
	if (editor_read(path, &text, &cause) != TIX_OK) {
		fprintf(out, "tix: a draft from an earlier run is in %s, left "
		    "there: %s\n", path, cause);
		goto out;
	}
	editor_trim(text);
	if (*text != '\0') {
		clean = text_sanitize(text, strlen(text), TEXT_MULTILINE);
		fprintf(out, "tix: a draft from an earlier run was found in "
		    "%s; it was not sent:\n%s\ntix: end of the draft, now "
		    "removed\n", dir, clean);
		free(clean);
	}
	if (fflush(out) == 0 && !ferror(out))
		editor_cleanup(dir);
out:
	free(cause);
	free(text);
	free(path);
}

/* Drafts of earlier runs that died with the editor open. */
unsigned
editor_recover_drafts(FILE *out)
{
	const char	*tmp = editor_tmpdir();
	DIR		*d;
	struct dirent	*de;
	char		*dir;
	unsigned	 n = 0;

	d = opendir(tmp);
	if (d == NULL)
		return (0);
	for (de = readdir(d); de != NULL; de = readdir(d)) {
		if (!editor_draft_stale(tmp, de->d_name))
			continue;
		dir = xasprintf("%s/%s", tmp, de->d_name);
		log_debug("editor: a draft of an earlier run: %s", dir);
		editor_draft_recover(out, dir);
		free(dir);
		n++;
	}
	closedir(d);
	return (n);
}
