/*
 * tix note ACCOUNT:ID [--internal] -m TEXT: post a public reply or an
 * internal note through the session's outbox, wait until the platform
 * confirms it (or says why not) and print the new note's id.
 */

#include "config.h"

#include "tui/cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/session.h"
#include "core/store.h"
#include "core/text.h"
#include "core/xmalloc.h"

/* What the wait for the outbox needs, and what it found. */
struct cmd_note_wait {
	unsigned	 account;
	const char	*id;
	char		*failed;	/* the error of a failed note */
	bool		 maybe_sent;	/* ... which may have got there */
};

/* Done when the ticket's outbox is empty, or a note in it failed. */
static bool
cmd_note_sent(struct session *s, void *arg)
{
	struct cmd_note_wait		*w = arg;
	const struct journal_entry	**ob;
	size_t				  i, n = 0;
	bool				  done;

	ob = session_outbox(s, w->account, w->id, &n);
	done = (n == 0);
	for (i = 0; i < n; i++) {
		if (ob[i]->state != JOURNAL_FAILED)
			continue;
		free(w->failed);
		w->failed = xstrdup(ob[i]->error != NULL ? ob[i]->error :
		    "not sent");
		w->maybe_sent = ob[i]->maybe_sent;
		done = true;
	}
	free(ob);
	return done;
}

/*
 * Read the note from stdin, up to TIX_MAX_NOTE bytes; returns an exit
 * status and sets *out.
 */
static int
cmd_note_read_stdin(char **out)
{
	struct buf	b;
	char		chunk[8192];
	ssize_t		n;

	*out = NULL;
	buf_init(&b, TIX_MAX_NOTE);
	for (;;) {
		n = read(STDIN_FILENO, chunk, sizeof chunk);
		if (n == 0)
			break;
		if (n < 0) {
			buf_done(&b);
			return cmd_error("reading the note: %s",
			    strerror(errno));
		}
		if (buf_add(&b, chunk, (size_t)n) != TIX_OK) {
			/* buf_add freed the buffer. */
			return cmd_error("note too long: the limit is %u KiB",
			    TIX_MAX_NOTE / 1024);
		}
	}
	if (b.len > 0 && memchr(b.data, '\0', b.len) != NULL) {
		buf_done(&b);
		return cmd_error("the note contains a NUL byte");
	}
	/* A trailing newline from echo or a heredoc is not part of it. */
	while (b.len > 0 && (b.data[b.len - 1] == '\n' ||
	    b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	*out = buf_take(&b);
	return CMD_EXIT_OK;
}

/* True when s is empty or only white space. */
static bool
cmd_note_blank(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	}
	return true;
}

/*
 * The id of the note we just posted: the newest note by the "me" agent
 * whose text is ours (as the store keeps it, sanitized), or else the
 * newest by "me" created since we started.  NULL when none.
 */
static const char *
cmd_note_find(struct session *s, unsigned account, const char *id,
    const char *text, int64_t since)
{
	struct store			*st = session_store(s);
	const struct record *const	*notes;
	const struct record		*me;
	const struct note		*n;
	const char			*mine = NULL;
	char				*clean;
	size_t				 i, count;

	me = store_agent_me(st, account);
	notes = store_notes(st, account, id, &count);
	clean = text_sanitize(text, strlen(text), TEXT_MULTILINE);
	for (i = count; i > 0; i--) {
		n = &notes[i - 1]->u.note;
		if (me != NULL && (n->user_id == NULL ||
		    strcmp(n->user_id, me->u.agent.id) != 0))
			continue;
		if (n->description != NULL &&
		    strcmp(n->description, clean) == 0) {
			mine = n->id;
			break;
		}
		if (mine == NULL && me != NULL && n->created_at >= since)
			mine = n->id;
	}
	free(clean);
	return mine;
}

/* Post the note and wait for the platform's answer. */
int
cmd_note_exec(struct session *s, const struct cmd_args *args)
{
	struct cmd_note_wait	 w;
	const struct record	*r;
	const char		*note_id;
	char			*text = NULL, *cause = NULL, *what = NULL;
	int			 account, rc;
	int64_t			 since;

	w.failed = NULL;
	w.maybe_sent = false;
	r = cmd_find_ticket(s, &args->ref, &account);
	if (r == NULL)
		return CMD_EXIT_ERROR;
	w.account = (unsigned)account;
	w.id = args->ref.id;

	if (strcmp(args->message, "-") == 0) {
		rc = cmd_note_read_stdin(&text);
		if (rc != CMD_EXIT_OK)
			goto out;
	} else if (strlen(args->message) > TIX_MAX_NOTE) {
		rc = cmd_error("note too long: the limit is %u KiB",
		    TIX_MAX_NOTE / 1024);
		goto out;
	} else
		text = xstrdup(args->message);
	if (text == NULL || cmd_note_blank(text)) {
		cmd_error("empty note");
		cmd_usage_short(stderr, CMD_NOTE);
		rc = CMD_EXIT_USAGE;
		goto out;
	}
	if (text_check_out("the note", text, TEXT_MULTILINE, &cause) !=
	    TIX_OK) {
		rc = cmd_error("%s", cause);
		goto out;
	}

	since = (int64_t)time(NULL) - 1;
	if (session_add_note(s, w.account, w.id, text, !args->internal,
	    &cause) != TIX_OK) {
		rc = cmd_error("%s:%s: %s", args->ref.account, w.id,
		    cause != NULL ? cause : "note not added");
		goto out;
	}
	what = xasprintf("%s:%s: note not confirmed (it may still have been "
	    "posted)", args->ref.account, w.id);
	rc = cmd_wait(s, cmd_note_sent, &w, what);
	if (rc != CMD_EXIT_OK)
		goto out;
	if (w.failed != NULL) {
		/* A write that may have arrived must not look failed. */
		rc = cmd_error("%s:%s: note %s: %s", args->ref.account, w.id,
		    w.maybe_sent ? "may have been added; check before sending "
		    "again" : "not added", w.failed);
		goto out;
	}

	note_id = cmd_note_find(s, w.account, w.id, text, since);
	if (note_id == NULL) {
		/*
		 * The confirmed copy may come with the thread: load it.  The
		 * note is in either way, so a failure here is not an error.
		 */
		if (cmd_open_thread(s, w.account, args->ref.account, w.id,
		    &cause) == TIX_OK)
			note_id = cmd_note_find(s, w.account, w.id, text,
			    since);
		else
			log_debug("note: thread not reloaded: %s", cause);
	}
	if (note_id != NULL)
		printf("%s:%s: note %s added\n", args->ref.account, w.id,
		    note_id);
	else
		printf("%s:%s: note added\n", args->ref.account, w.id);

out:
	free(what);
	free(w.failed);
	free(text);
	free(cause);
	return rc;
}
