/*
 * The command table and the command-line parser.  Nothing here runs a
 * command or touches a session: cmd_parse() turns argv into a struct
 * cmd_args, so the whole grammar is unit-tested without side effects.
 *
 * Two getopt_long passes: the global options stop at the command name
 * ("+"), then the command's own options are parsed with positional
 * arguments returned in order ("-"), so "note acme:1 -m hi" and
 * "note -m hi acme:1" both work whatever POSIXLY_CORRECT says.
 */

#include "config.h"

#include "tui/cmd.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/text.h"
#include "core/xmalloc.h"

/* Long-only option codes, above any short option character. */
enum {
	OPT_DEMO = 256,
	OPT_CONFIG,
	OPT_THEME,
	OPT_JSON,
	OPT_VERSION,
};

/* One command: its name, usage and options. */
struct cmd_entry {
	enum cmd_id		 id;
	const char		*name;
	const char		*args;		/* the usage after the name */
	const char		*about;		/* one line for --help */
	const char		*optstring;	/* short options */
	const struct option	*longopts;
	bool			 takes_ref;	/* one ACCOUNT:ID argument */
};

static const struct option cmd_global_opts[] = {
	{ .name = "demo", .has_arg = no_argument, .val = OPT_DEMO },
	{ .name = "config", .has_arg = required_argument, .val = OPT_CONFIG },
	{ .name = "theme", .has_arg = required_argument, .val = OPT_THEME },
	{ .name = "verbose", .has_arg = no_argument, .val = 'v' },
	{ .name = "help", .has_arg = no_argument, .val = 'h' },
	{ .name = "version", .has_arg = no_argument, .val = OPT_VERSION },
	{ .name = NULL }
};

static const struct option cmd_list_opts[] = {
	{ .name = "json", .has_arg = no_argument, .val = OPT_JSON },
	{ .name = "account", .has_arg = required_argument, .val = 'a' },
	{ .name = "filter", .has_arg = required_argument, .val = 'f' },
	{ .name = "demo", .has_arg = no_argument, .val = OPT_DEMO },
	{ .name = "help", .has_arg = no_argument, .val = 'h' },
	{ .name = NULL }
};

static const struct option cmd_show_opts[] = {
	{ .name = "json", .has_arg = no_argument, .val = OPT_JSON },
	{ .name = "demo", .has_arg = no_argument, .val = OPT_DEMO },
	{ .name = "help", .has_arg = no_argument, .val = 'h' },
	{ .name = NULL }
};

static const struct option cmd_note_opts[] = {
	{ .name = "internal", .has_arg = no_argument, .val = 'i' },
	{ .name = "message", .has_arg = required_argument, .val = 'm' },
	{ .name = "demo", .has_arg = no_argument, .val = OPT_DEMO },
	{ .name = "help", .has_arg = no_argument, .val = 'h' },
	{ .name = NULL }
};

static const struct option cmd_update_opts[] = {
	{ .name = "priority", .has_arg = required_argument, .val = 'p' },
	{ .name = "status", .has_arg = required_argument, .val = 's' },
	{ .name = "category", .has_arg = required_argument, .val = 'c' },
	{ .name = "assignee", .has_arg = required_argument, .val = 'u' },
	{ .name = "tags", .has_arg = required_argument, .val = 't' },
	{ .name = "json", .has_arg = no_argument, .val = OPT_JSON },
	{ .name = "demo", .has_arg = no_argument, .val = OPT_DEMO },
	{ .name = "help", .has_arg = no_argument, .val = 'h' },
	{ .name = NULL }
};

static const struct option cmd_accounts_opts[] = {
	{ .name = "json", .has_arg = no_argument, .val = OPT_JSON },
	{ .name = "demo", .has_arg = no_argument, .val = OPT_DEMO },
	{ .name = "help", .has_arg = no_argument, .val = 'h' },
	{ .name = NULL }
};

static const struct cmd_entry cmd_table[] = {
	{
		.id = CMD_LIST,
		.name = "list",
		.args = "[--json] [--account NAME] [--filter TEXT]",
		.about = "tickets of the combined inbox, newest activity first",
		.optstring = "a:f:h",
		.longopts = cmd_list_opts,
		.takes_ref = false,
	},
	{
		.id = CMD_SHOW,
		.name = "show",
		.args = "[--json] ACCOUNT:ID",
		.about = "a ticket with its customer and notes",
		.optstring = "h",
		.longopts = cmd_show_opts,
		.takes_ref = true,
	},
	{
		.id = CMD_NOTE,
		.name = "note",
		.args = "ACCOUNT:ID [--internal] -m TEXT|-",
		.about = "add a public reply, or an internal note (-m - reads "
		    "stdin)",
		.optstring = "im:h",
		.longopts = cmd_note_opts,
		.takes_ref = true,
	},
	{
		.id = CMD_UPDATE,
		.name = "update",
		.args = "ACCOUNT:ID [--priority P] [--status ACTIVE|CLOSED] "
		    "[--category ID] [--assignee ID|me|none] [--tags a,b] "
		    "[--json]",
		.about = "change a ticket; at least one change is needed",
		.optstring = "p:s:c:u:t:h",
		.longopts = cmd_update_opts,
		.takes_ref = true,
	},
	{
		.id = CMD_ACCOUNTS,
		.name = "accounts",
		.args = "[--json]",
		.about = "check each account's credentials: one line each with "
		    "its state",
		.optstring = "h",
		.longopts = cmd_accounts_opts,
		.takes_ref = false,
	},
};

#define CMD_NTABLE (sizeof cmd_table / sizeof cmd_table[0])

static const char cmd_global_usage[] = "[--demo] [--config FILE] "
    "[--theme NAME] [-v|--verbose] [--help] [--version] [COMMAND ...]";

/* The table entry of a command, or NULL. */
static const struct cmd_entry *
cmd_entry_find(enum cmd_id id)
{
	size_t	i;

	for (i = 0; i < CMD_NTABLE; i++) {
		if (cmd_table[i].id == id)
			return &cmd_table[i];
	}
	return NULL;
}

/* The table entry named name, or NULL. */
static const struct cmd_entry *
cmd_entry_lookup(const char *name)
{
	size_t	i;

	for (i = 0; i < CMD_NTABLE; i++) {
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	}
	return NULL;
}

/* The name of a command, "tix" for none. */
const char *
cmd_name(enum cmd_id id)
{
	const struct cmd_entry	*ce;

	ce = cmd_entry_find(id);
	return ce == NULL ? "tix" : ce->name;
}

/* Full usage: the global form and every command, or one command. */
void
cmd_usage(FILE *f, enum cmd_id id)
{
	const struct cmd_entry	*ce;
	size_t			 i;

	ce = cmd_entry_find(id);
	if (ce != NULL) {
		fprintf(f, "usage: tix [global options] %s %s\n\n%s.\n",
		    ce->name, ce->args, ce->about);
		return;
	}
	fprintf(f, "usage: tix %s\n\n", cmd_global_usage);
	fputs("With no command, tix opens the curses interface.  The "
	    "accounts come from\n--config FILE or $XDG_CONFIG_HOME/tix/config;"
	    " with --demo, or when there is\nno config file, the embedded demo "
	    "accounts (acme, globex, initech) are used.\n\n", f);
	fputs("Global options:\n"
	    "  --demo           use the embedded demo accounts\n"
	    "  --config FILE    the configuration file\n"
	    "  --theme NAME     the colour theme of the curses interface\n"
	    "  -v, --verbose    write a debug log to "
	    "$XDG_STATE_HOME/tix/tix.log\n"
	    "  -h, --help       this help\n"
	    "  --version        the version\n\nCommands:\n", f);
	for (i = 0; i < CMD_NTABLE; i++) {
		fprintf(f, "  %s %s\n      %s\n", cmd_table[i].name,
		    cmd_table[i].args, cmd_table[i].about);
	}
	fputs("\nExit status: 0 on success, 1 on an error, 2 on bad usage.\n",
	    f);
}

/* The one-line usage shown after a usage error. */
void
cmd_usage_short(FILE *f, enum cmd_id id)
{
	const struct cmd_entry	*ce;

	ce = cmd_entry_find(id);
	if (ce != NULL)
		fprintf(f, "usage: tix [global options] %s %s\n", ce->name,
		    ce->args);
	else
		fprintf(f, "usage: tix %s\n", cmd_global_usage);
}

/* Print s clipped to cols columns, padded with spaces if asked. */
void
cmd_put_cols(FILE *f, const char *s, int cols, bool pad)
{
	size_t	n;
	int	used = 0;

	if (s == NULL)
		s = "";
	n = text_fit(s, cols, &used);
	fwrite(s, 1, n, f);
	for (; pad && used < cols; used++)
		fputc(' ', f);
}

/* The exit status a parse result stands for. */
int
cmd_parse_status(enum cmd_parse_result r)
{
	return r == CMD_PARSE_USAGE ? CMD_EXIT_USAGE : CMD_EXIT_OK;
}

/* Split ACCOUNT:ID at the first colon. */
int
cmd_ref_parse(const char *s, struct cmd_ref *ref, char **cause)
{
	const char	*colon;

	ref->account = NULL;
	ref->id = NULL;
	colon = strchr(s, ':');
	if (colon == NULL || colon == s || colon[1] == '\0') {
		tix_fail(cause, TIX_ERR_INVALID,
		    "'%s' is not ACCOUNT:ID", s);
		return -1;
	}
	ref->account = xstrndup(s, (size_t)(colon - s));
	ref->id = xstrdup(colon + 1);
	return 0;
}

/* Free a reference's strings. */
void
cmd_ref_done(struct cmd_ref *ref)
{
	free(ref->account);
	free(ref->id);
	ref->account = NULL;
	ref->id = NULL;
}

/* Free what cmd_parse() allocated. */
void
cmd_args_done(struct cmd_args *args)
{
	cmd_ref_done(&args->ref);
	patch_done(&args->patch);
}

/* A message naming the option getopt stopped at. */
static void
cmd_parse_bad_option(int ch, int argc, char **argv, char **cause)
{
	const char	*arg;

	arg = (optind > 0 && optind <= argc) ? argv[optind - 1] : "?";
	if (ch == ':') {
		tix_fail(cause, TIX_ERR_INVALID, "option %s needs a value",
		    arg);
	} else if (optopt > 0 && optopt < 256 && isprint(optopt) &&
	    strncmp(arg, "--", 2) != 0) {
		tix_fail(cause, TIX_ERR_INVALID, "unknown option -%c",
		    optopt);
	} else
		tix_fail(cause, TIX_ERR_INVALID, "unknown option %s", arg);
}

/* True when s is empty or only white space. */
static bool
cmd_blank(const char *s)
{
	while (*s != '\0') {
		if (!isspace((unsigned char)*s))
			return false;
		s++;
	}
	return true;
}

/* Apply one update option to the patch. */
static int
cmd_parse_update_option(int ch, const char *arg, struct cmd_args *args,
    char **cause)
{
	static const char *const names[] = {
		['c'] = "--category", ['u'] = "--assignee", ['t'] = "--tags",
	};
	struct patch	*p = &args->patch;

	/* What is sent is what was typed: no controls, UTF-8 only. */
	if ((ch == 'c' || ch == 'u' || ch == 't') &&
	    text_check_out(names[ch], arg, 0, cause) != TIX_OK)
		return -1;
	switch (ch) {
	case 'p':
		if (tix_priority_parse(arg, &p->priority) != 0) {
			tix_fail(cause, TIX_ERR_INVALID, "bad priority '%s' "
			    "(low, normal, high or urgent)", arg);
			return -1;
		}
		p->fields |= TIX_PATCH_PRIORITY;
		return 0;
	case 's':
		if (tix_status_parse(arg, &p->status) != 0) {
			tix_fail(cause, TIX_ERR_INVALID, "bad status '%s' "
			    "(ACTIVE or CLOSED)", arg);
			return -1;
		}
		p->fields |= TIX_PATCH_STATUS;
		return 0;
	case 'c':
		if (cmd_blank(arg)) {
			tix_fail(cause, TIX_ERR_INVALID, "empty --category "
			    "(use none to clear it)");
			return -1;
		}
		free(p->category_id);
		p->category_id = NULL;
		if (strcmp(arg, "none") != 0)
			p->category_id = xstrdup(arg);
		p->fields |= TIX_PATCH_CATEGORY;
		return 0;
	case 'u':
		if (cmd_blank(arg)) {
			tix_fail(cause, TIX_ERR_INVALID, "empty --assignee "
			    "(use none to unassign)");
			return -1;
		}
		free(p->user_id);
		p->user_id = NULL;
		args->assignee_me = strcmp(arg, "me") == 0;
		if (!args->assignee_me && strcmp(arg, "none") != 0)
			p->user_id = xstrdup(arg);
		p->fields |= TIX_PATCH_ASSIGNEE;
		return 0;
	case 't':
		strv_done(&p->tags);
		strv_split(&p->tags, arg);
		p->fields |= TIX_PATCH_TAGS;
		return 0;
	}
	tix_fail(cause, TIX_ERR_INVALID, "unexpected option");
	return -1;
}

/* Take one positional argument of a command. */
static int
cmd_parse_positional(const struct cmd_entry *ce, const char *arg,
    struct cmd_args *args, char **cause)
{
	if (!ce->takes_ref || args->ref.account != NULL) {
		tix_fail(cause, TIX_ERR_INVALID, "unexpected argument '%s'",
		    arg);
		return -1;
	}
	return cmd_ref_parse(arg, &args->ref, cause);
}

/* Check what a command needs once all its options are in. */
static int
cmd_parse_check(const struct cmd_entry *ce, struct cmd_args *args,
    char **cause)
{
	if (ce->takes_ref && args->ref.account == NULL) {
		tix_fail(cause, TIX_ERR_INVALID, "missing ACCOUNT:ID");
		return -1;
	}
	switch (ce->id) {
	case CMD_LIST:
		if (args->account != NULL && *args->account == '\0') {
			tix_fail(cause, TIX_ERR_INVALID, "empty --account");
			return -1;
		}
		break;
	case CMD_NOTE:
		if (args->message == NULL) {
			tix_fail(cause, TIX_ERR_INVALID,
			    "missing -m TEXT (or -m - to read stdin)");
			return -1;
		}
		if (cmd_blank(args->message)) {
			tix_fail(cause, TIX_ERR_INVALID, "empty note");
			return -1;
		}
		if (strcmp(args->message, "-") != 0 && text_check_out("-m",
		    args->message, TEXT_MULTILINE, cause) != TIX_OK)
			return -1;
		break;
	case CMD_UPDATE:
		if (args->patch.fields == 0) {
			tix_fail(cause, TIX_ERR_INVALID, "nothing to change: "
			    "give at least one of --priority, --status, "
			    "--category, --assignee, --tags");
			return -1;
		}
		break;
	case CMD_NONE:
	case CMD_SHOW:
	case CMD_ACCOUNTS:
		break;
	}
	return 0;
}

/* The second pass: one command's options and arguments. */
static enum cmd_parse_result
cmd_parse_command(const struct cmd_entry *ce, int argc, char **argv,
    struct cmd_args *args, char **cause)
{
	char	 optstring[32];
	int	 ch;

	xsnprintf(optstring, sizeof optstring, "-:%s", ce->optstring);
	optind = 0;
	opterr = 0;
	for (;;) {
		ch = getopt_long(argc, argv, optstring, ce->longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 1:
			if (cmd_parse_positional(ce, optarg, args, cause) != 0)
				return CMD_PARSE_USAGE;
			break;
		case 'h':
			return CMD_PARSE_HELP;
		case OPT_DEMO:
			args->demo = true;
			break;
		case OPT_JSON:
			args->json = true;
			break;
		case 'a':
			args->account = optarg;
			break;
		case 'f':
			args->filter = optarg;
			break;
		case 'i':
			args->internal = true;
			break;
		case 'm':
			args->message = optarg;
			break;
		case 'p':
		case 's':
		case 'c':
		case 'u':
		case 't':
			if (cmd_parse_update_option(ch, optarg, args,
			    cause) != 0)
				return CMD_PARSE_USAGE;
			break;
		default:
			cmd_parse_bad_option(ch, argc, argv, cause);
			return CMD_PARSE_USAGE;
		}
	}
	/* Whatever follows "--" is positional. */
	for (; optind < argc; optind++) {
		if (cmd_parse_positional(ce, argv[optind], args, cause) != 0)
			return CMD_PARSE_USAGE;
	}
	if (cmd_parse_check(ce, args, cause) != 0)
		return CMD_PARSE_USAGE;
	return CMD_PARSE_RUN;
}

/* Parse the whole command line; see cmd.h. */
enum cmd_parse_result
cmd_parse(int argc, char **argv, struct cmd_args *args, char **cause)
{
	const struct cmd_entry	*ce;
	int			 ch;

	memset(args, 0, sizeof *args);
	args->cmd = CMD_NONE;
	optind = 0;
	opterr = 0;
	for (;;) {
		ch = getopt_long(argc, argv, "+:hv", cmd_global_opts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case OPT_DEMO:
			args->demo = true;
			break;
		case OPT_CONFIG:
			args->config_path = optarg;
			break;
		case OPT_THEME:
			args->theme = optarg;
			break;
		case 'v':
			args->verbose = true;
			break;
		case 'h':
			return CMD_PARSE_HELP;
		case OPT_VERSION:
			return CMD_PARSE_VERSION;
		default:
			cmd_parse_bad_option(ch, argc, argv, cause);
			return CMD_PARSE_USAGE;
		}
	}
	if (args->config_path != NULL && *args->config_path == '\0') {
		tix_fail(cause, TIX_ERR_INVALID, "empty --config");
		return CMD_PARSE_USAGE;
	}
	if (optind >= argc)
		return CMD_PARSE_RUN;

	ce = cmd_entry_lookup(argv[optind]);
	if (ce == NULL) {
		tix_fail(cause, TIX_ERR_INVALID, "unknown command '%s'",
		    argv[optind]);
		return CMD_PARSE_USAGE;
	}
	args->cmd = ce->id;
	return cmd_parse_command(ce, argc - optind, argv + optind, args,
	    cause);
}
