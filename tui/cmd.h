/*
 * The scripting command line: "tix [global options] COMMAND [options]".
 *
 * Parsing (cmd.c) is pure: cmd_parse() fills a struct cmd_args from argv
 * and runs nothing, so it is unit-tested on its own.  Running (cmd_run.c)
 * creates a session, waits for it to load and hands over to one file per
 * command (cmd_list.c, cmd_show.c, ...).
 *
 * Exit status: 0 on success, 1 on an error (a one-line message on
 * stderr), 2 on bad usage (a message and a usage line on stderr).
 */
#ifndef TIX_CMD_H
#define TIX_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "core/model.h"
#include "core/xmalloc.h"

#define CMD_EXIT_OK	0
#define CMD_EXIT_ERROR	1
#define CMD_EXIT_USAGE	2

struct session;
struct session_options;

enum cmd_id {
	CMD_NONE,	/* no command: the curses interface */
	CMD_LIST,
	CMD_SHOW,
	CMD_NOTE,
	CMD_UPDATE,
	CMD_ACCOUNTS,
};

/* A ticket reference, "ACCOUNT:ID". */
struct cmd_ref {
	char	*account;
	char	*id;
};

/* Everything the command line said; strings point into argv or are owned. */
struct cmd_args {
	/* Global options. */
	bool		 demo;
	const char	*config_path;
	const char	*theme;
	bool		 verbose;

	enum cmd_id	 cmd;

	/* Command options. */
	bool		 json;
	const char	*account;	/* list --account: only this one */
	const char	*filter;	/* list --filter */
	struct cmd_ref	 ref;		/* show, note, update (owned) */
	bool		 internal;	/* note --internal */
	const char	*message;	/* note -m; "-" reads stdin */
	struct patch	 patch;		/* update (owned) */
	bool		 assignee_me;	/* update --assignee me */
};

enum cmd_parse_result {
	CMD_PARSE_RUN,		/* run args.cmd */
	CMD_PARSE_HELP,		/* print usage to stdout, exit 0 */
	CMD_PARSE_VERSION,	/* print the version, exit 0 */
	CMD_PARSE_USAGE,	/* bad usage: *cause says why, exit 2 */
};

/*
 * Parse argv into *args (which cmd_args_done() must free whatever the
 * result).  On CMD_PARSE_USAGE *cause is set; args->cmd tells which
 * command's usage to show.  Uses getopt_long and resets its state.
 */
enum cmd_parse_result cmd_parse(int argc, char **argv, struct cmd_args *,
		    char **cause);
void		 cmd_args_done(struct cmd_args *);
/* The exit status for a parse result (0 or 2; RUN is 0). */
int		 cmd_parse_status(enum cmd_parse_result);

/* Split "ACCOUNT:ID" at the first ':'; both parts must be non-empty. */
int		 cmd_ref_parse(const char *, struct cmd_ref *, char **cause);
void		 cmd_ref_done(struct cmd_ref *);

/* Command names and usage lines. */
const char	*cmd_name(enum cmd_id);
/* Full usage (--help) for a command, or for tix when CMD_NONE. */
void		 cmd_usage(FILE *, enum cmd_id);
/* One short "usage: ..." line, for bad usage on stderr. */
void		 cmd_usage_short(FILE *, enum cmd_id);
/*
 * Print sanitized s in cols display columns: clipped at a character
 * boundary (never inside one), padded with spaces when pad is true.
 */
void		 cmd_put_cols(FILE *, const char *s, int cols, bool pad);

/*
 * Run a parsed command (not CMD_NONE) on a session made from base (the
 * provider registry, demo, config path), which main() fills because only
 * it may see the providers; returns the exit status.
 */
int		 cmd_run(const struct cmd_args *,
		    const struct session_options *base);

/* The commands, in their own files: each returns an exit status. */
int		 cmd_list_exec(struct session *, const struct cmd_args *);
int		 cmd_show_exec(struct session *, const struct cmd_args *);
int		 cmd_note_exec(struct session *, const struct cmd_args *);
int		 cmd_update_exec(struct session *, const struct cmd_args *);
int		 cmd_accounts_exec(struct session *, const struct cmd_args *);

/*
 * Shared helpers for the commands (cmd_run.c).
 */
/* Print "tix: message" to stderr, sanitized; returns CMD_EXIT_ERROR. */
int		 cmd_error(const char *, ...) TIX_PRINTF(1, 2);
/*
 * When LC_CTYPE is not UTF-8, put ASCII stand-ins in front of stdout and
 * stderr: each character past ASCII prints as '?' a column (tui/draw.c
 * does the same on screen).  For plain output only.
 */
void		 cmd_ascii_start(void);
/* Flush and take them away again: -1 when stdout could not be written. */
int		 cmd_ascii_stop(void);
/* Account index of ref->account, or -1 after printing an error. */
int		 cmd_find_account(struct session *, const char *name);
/*
 * The ticket ref names, with its account index in *account; NULL after
 * printing "ACCOUNT:ID: ticket not found" (or no such account).
 */
const struct record *cmd_find_ticket(struct session *,
		    const struct cmd_ref *, int *account);
/* The account's provider name ("demo"). */
const char	*cmd_provider_name(struct session *, unsigned account);
/* Wait (up to the CLI timeout) until done(s, arg); error printed. */
int		 cmd_wait(struct session *, bool (*)(struct session *, void *),
		    void *, const char *what);
/*
 * Open a ticket (session_open_ticket) and wait until its notes (unless
 * the provider cannot read notes) and its customer (read afresh, unless
 * that read failed) have loaded; else an error with *cause ("acme:42:
 * thread not loaded: ...", "timed out").
 */
enum tix_err	 cmd_open_thread(struct session *, unsigned account,
		    const char *name, const char *id, char **cause);
/* "2026-11-21 10:00 UTC" (or "-" for 0), into buf. */
void		 cmd_format_time(int64_t, char *buf, size_t len);
/* The plain block of a ticket's fields (cmd_show.c), for show and update. */
void		 cmd_print_ticket(struct session *, const struct record *);

#endif
