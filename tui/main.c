/*
 * tix: the program.  Parse the command line (tui/cmd.c), set up the
 * process (locale, signals, libcurl, cJSON, the debug log), then run a
 * scripting command (tui/cmd_run.c) or the curses interface.
 *
 * The accounts come from --config FILE or the default config file
 * ($XDG_CONFIG_HOME/tix/config); when there is no default config file,
 * or with --demo, the embedded demo accounts are used.
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/http.h"
#include "core/json.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/session.h"
#include "core/xmalloc.h"
#include "providers/registry.h"
#include "tui/cmd.h"
#include "tui/editor.h"
#include "tui/tui.h"

/* Create path and its missing parents, new ones mode 0700. */
static int
main_mkdirs(char *path)
{
	char	*p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* Open the debug log at $XDG_STATE_HOME/tix/tix.log; returns 0 or -1. */
static int
main_log_open(void)
{
	const struct passwd	*pw;
	const char		*state, *home;
	char			*dir, *path;
	int			 rc = -1;

	state = getenv("XDG_STATE_HOME");
	if (state != NULL && *state == '/')
		dir = xasprintf("%s/tix", state);
	else {
		home = getenv("HOME");
		if (home == NULL || *home != '/') {
			pw = getpwuid(getuid());
			home = pw != NULL ? pw->pw_dir : NULL;
		}
		if (home == NULL || *home != '/') {
			fprintf(stderr, "tix: no home directory for the log\n");
			return -1;
		}
		dir = xasprintf("%s/.local/state/tix", home);
	}
	path = xasprintf("%s/tix.log", dir);
	if (main_mkdirs(dir) != 0 || log_open(path) != 0) {
		fprintf(stderr, "tix: cannot open the log %s: %s\n", path,
		    strerror(errno));
		goto out;
	}
	log_debug("tix %s started", PACKAGE_VERSION);
	rc = 0;
out:
	free(path);
	free(dir);
	return rc;
}

/* The curses interface over the configured (or demo) accounts. */
static int
main_tui(const struct cmd_args *args, const struct session_options *so)
{
	struct tui_options	 to;
	struct session		*s = NULL;
	char			*cause = NULL;
	int			 rc;

	if (session_new(so, &s, &cause) != TIX_OK) {
		rc = cmd_error("%s", cause != NULL ? cause : "no session");
		free(cause);
		return rc;
	}
	memset(&to, 0, sizeof to);
	to.theme = args->theme;
	rc = tui_run(s, &to);
	session_free(&s);
	return rc;
}

/* Flush stdout; a write error (EPIPE from "| head") exits 1 quietly. */
static int
main_finish_stdout(int rc)
{
	bool	bad;

	bad = fflush(stdout) != 0 || ferror(stdout);
	if (cmd_ascii_stop() != 0)
		bad = true;
	if (bad)
		return rc == CMD_EXIT_OK ? CMD_EXIT_ERROR : rc;
	return rc;
}

/* Set up the process, then run the command or the curses interface. */
int
main(int argc, char **argv)
{
	struct cmd_args		 args;
	struct session_options	 so;
	enum cmd_parse_result	 pr;
	char			*cause = NULL;
	int			 rc;

	setlocale(LC_CTYPE, "");
	signal(SIGPIPE, SIG_IGN);
	json_init();

	pr = cmd_parse(argc, argv, &args, &cause);
	switch (pr) {
	case CMD_PARSE_HELP:
		cmd_usage(stdout, args.cmd);
		rc = CMD_EXIT_OK;
		goto out;
	case CMD_PARSE_VERSION:
		printf("tix %s\n", PACKAGE_VERSION);
		rc = CMD_EXIT_OK;
		goto out;
	case CMD_PARSE_USAGE:
		cmd_error("%s", cause != NULL ? cause : "bad usage");
		cmd_usage_short(stderr, args.cmd);
		rc = CMD_EXIT_USAGE;
		goto out;
	case CMD_PARSE_RUN:
		break;
	}

	if (args.verbose && main_log_open() != 0) {
		rc = CMD_EXIT_ERROR;
		goto out;
	}
	/* Drafts a crash left behind, shown before the screen starts. */
	editor_recover_drafts(stderr);
	/* Secrets are read next: keep them out of core files. */
	secret_protect_process();
	/* Before any thread: curl_global_init is not thread-safe. */
	http_global_init();
	memset(&so, 0, sizeof so);
	so.find_provider = provider_find;
	so.demo = args.demo;
	so.config_path = args.config_path;
	if (args.cmd == CMD_NONE)
		rc = main_tui(&args, &so);
	else {
		if (!args.json)
			cmd_ascii_start();
		rc = cmd_run(&args, &so);
	}
	http_global_cleanup();

out:
	rc = main_finish_stdout(rc);
	cmd_args_done(&args);
	free(cause);
	log_close();
	return rc;
}
