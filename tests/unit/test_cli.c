/*
 * Unit tests for tui/cmd.c: the command-line grammar.  Each case parses
 * an argv as a user would type it and checks what tix would do with it:
 * which command runs with which options, or that bad usage exits 2 with
 * a message that names the problem.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/model.h"
#include "core/xmalloc.h"
#include "tui/cmd.h"

#define MAXARGS	16

/* A writable argv built from string literals, as main() gets it. */
struct argv_copy {
	int	 argc;
	char	*argv[MAXARGS + 1];
};

/* Copy a NULL-terminated list of words into a writable argv. */
static void
argv_build(struct argv_copy *a, const char *const *words)
{
	a->argc = 0;
	while (words[a->argc] != NULL && a->argc < MAXARGS) {
		a->argv[a->argc] = xstrdup(words[a->argc]);
		a->argc++;
	}
	a->argv[a->argc] = NULL;
}

/* Free the copied argv. */
static void
argv_free(struct argv_copy *a)
{
	int	i;

	for (i = 0; i < a->argc; i++)
		free(a->argv[i]);
	a->argc = 0;
}

/* Parse words; the argv copy stays alive with args (it points into it). */
static enum cmd_parse_result
parse(struct argv_copy *a, const char *const *words, struct cmd_args *args,
    char **cause)
{
	argv_build(a, words);
	return cmd_parse(a->argc, a->argv, args, cause);
}

/* Parse words that must be bad usage; returns the message. */
static char *
parse_usage(const char *const *words)
{
	struct argv_copy	 a;
	struct cmd_args		 args;
	enum cmd_parse_result	 r;
	char			*cause = NULL;

	r = parse(&a, words, &args, &cause);
	assert_int_equal(r, CMD_PARSE_USAGE);
	assert_int_equal(cmd_parse_status(r), 2);
	assert_non_null(cause);
	cmd_args_done(&args);
	argv_free(&a);
	return cause;
}

/* Bad usage whose message must mention want. */
static void
expect_usage(const char *const *words, const char *want)
{
	char	*cause;

	cause = parse_usage(words);
	if (strstr(cause, want) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", cause, want);
	free(cause);
}

/* No command: the curses interface, demo by default. */
static void
test_no_command(void **state)
{
	const char *const	 w[] = { "tix", NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;

	assert_int_equal(parse(&a, w, &args, &cause), CMD_PARSE_RUN);
	assert_int_equal(args.cmd, CMD_NONE);
	assert_null(args.config_path);
	assert_false(args.verbose);
	assert_null(cause);
	cmd_args_done(&args);
	argv_free(&a);
}

/* Global options before the command. */
static void
test_global_options(void **state)
{
	const char *const	 w[] = { "tix", "--demo", "-v", "--theme",
	    "mono", "--config", "/tmp/x.conf", "accounts", NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;

	assert_int_equal(parse(&a, w, &args, &cause), CMD_PARSE_RUN);
	assert_int_equal(args.cmd, CMD_ACCOUNTS);
	assert_true(args.demo);
	assert_true(args.verbose);
	assert_string_equal(args.theme, "mono");
	assert_string_equal(args.config_path, "/tmp/x.conf");
	cmd_args_done(&args);
	argv_free(&a);
}

/* --help and --version exit 0, globally and per command. */
static void
test_help_version(void **state)
{
	const char *const	 h[] = { "tix", "--help", NULL };
	const char *const	 hs[] = { "tix", "-h", NULL };
	const char *const	 v[] = { "tix", "--version", NULL };
	const char *const	 lh[] = { "tix", "list", "--help", NULL };
	const char *const	 uh[] = { "tix", "update", "-h", NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;
	enum cmd_parse_result	 r;

	r = parse(&a, h, &args, &cause);
	assert_int_equal(r, CMD_PARSE_HELP);
	assert_int_equal(cmd_parse_status(r), 0);
	assert_int_equal(args.cmd, CMD_NONE);
	cmd_args_done(&args);
	argv_free(&a);

	assert_int_equal(parse(&a, hs, &args, &cause), CMD_PARSE_HELP);
	cmd_args_done(&args);
	argv_free(&a);

	r = parse(&a, v, &args, &cause);
	assert_int_equal(r, CMD_PARSE_VERSION);
	assert_int_equal(cmd_parse_status(r), 0);
	cmd_args_done(&args);
	argv_free(&a);

	assert_int_equal(parse(&a, lh, &args, &cause), CMD_PARSE_HELP);
	assert_int_equal(args.cmd, CMD_LIST);
	cmd_args_done(&args);
	argv_free(&a);

	/* Help wins over a missing ACCOUNT:ID. */
	assert_int_equal(parse(&a, uh, &args, &cause), CMD_PARSE_HELP);
	assert_int_equal(args.cmd, CMD_UPDATE);
	cmd_args_done(&args);
	argv_free(&a);
	assert_null(cause);
}

/* list with every option, and --demo after the command. */
static void
test_list(void **state)
{
	const char *const	 w[] = { "tix", "list", "--json", "--account",
	    "acme", "--filter", "status:active tag:vip", "--demo", NULL };
	const char *const	 s[] = { "tix", "list", "-a", "globex", "-f",
	    "urgent", NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;

	assert_int_equal(parse(&a, w, &args, &cause), CMD_PARSE_RUN);
	assert_int_equal(args.cmd, CMD_LIST);
	assert_true(args.json);
	assert_true(args.demo);
	assert_string_equal(args.account, "acme");
	assert_string_equal(args.filter, "status:active tag:vip");
	assert_null(args.ref.account);
	cmd_args_done(&args);
	argv_free(&a);

	assert_int_equal(parse(&a, s, &args, &cause), CMD_PARSE_RUN);
	assert_false(args.json);
	assert_false(args.demo);
	assert_string_equal(args.account, "globex");
	assert_string_equal(args.filter, "urgent");
	cmd_args_done(&args);
	argv_free(&a);
	assert_null(cause);
}

/* show takes one ACCOUNT:ID, before or after its options or after --. */
static void
test_show(void **state)
{
	const char *const	 w1[] = { "tix", "show", "--json", "acme:42",
	    NULL };
	const char *const	 w2[] = { "tix", "show", "initech:7",
	    "--json", NULL };
	const char *const	 w3[] = { "tix", "show", "--", "acme:-1",
	    NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;

	assert_int_equal(parse(&a, w1, &args, &cause), CMD_PARSE_RUN);
	assert_int_equal(args.cmd, CMD_SHOW);
	assert_true(args.json);
	assert_string_equal(args.ref.account, "acme");
	assert_string_equal(args.ref.id, "42");
	cmd_args_done(&args);
	argv_free(&a);

	assert_int_equal(parse(&a, w2, &args, &cause), CMD_PARSE_RUN);
	assert_true(args.json);
	assert_string_equal(args.ref.account, "initech");
	assert_string_equal(args.ref.id, "7");
	cmd_args_done(&args);
	argv_free(&a);

	/* After "--" even a dash-led id is the argument, not an option. */
	assert_int_equal(parse(&a, w3, &args, &cause), CMD_PARSE_RUN);
	assert_false(args.json);
	assert_string_equal(args.ref.id, "-1");
	cmd_args_done(&args);
	argv_free(&a);
	assert_null(cause);
}

/* note: -m TEXT or -m - (stdin), --internal, in any order. */
static void
test_note(void **state)
{
	const char *const	 w1[] = { "tix", "note", "acme:42", "-m",
	    "Thanks, fixed.", NULL };
	const char *const	 w2[] = { "tix", "note", "--internal", "-m",
	    "-", "globex:9", NULL };
	const char *const	 w3[] = { "tix", "note", "acme:1",
	    "--message=hello", "-i", NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;

	assert_int_equal(parse(&a, w1, &args, &cause), CMD_PARSE_RUN);
	assert_int_equal(args.cmd, CMD_NOTE);
	assert_false(args.internal);
	assert_string_equal(args.message, "Thanks, fixed.");
	assert_string_equal(args.ref.account, "acme");
	cmd_args_done(&args);
	argv_free(&a);

	assert_int_equal(parse(&a, w2, &args, &cause), CMD_PARSE_RUN);
	assert_true(args.internal);
	assert_string_equal(args.message, "-");
	assert_string_equal(args.ref.account, "globex");
	assert_string_equal(args.ref.id, "9");
	cmd_args_done(&args);
	argv_free(&a);

	assert_int_equal(parse(&a, w3, &args, &cause), CMD_PARSE_RUN);
	assert_true(args.internal);
	assert_string_equal(args.message, "hello");
	cmd_args_done(&args);
	argv_free(&a);
	assert_null(cause);
}

/* POSIXLY_CORRECT must not make options after ACCOUNT:ID arguments. */
static void
test_note_posixly_correct(void **state)
{
	const char *const	 w[] = { "tix", "note", "acme:1", "-m", "hi",
	    NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;

	setenv("POSIXLY_CORRECT", "1", 1);
	assert_int_equal(parse(&a, w, &args, &cause), CMD_PARSE_RUN);
	unsetenv("POSIXLY_CORRECT");
	assert_string_equal(args.message, "hi");
	assert_string_equal(args.ref.id, "1");
	cmd_args_done(&args);
	argv_free(&a);
	assert_null(cause);
}

/* update builds the patch the options describe. */
static void
test_update(void **state)
{
	const char *const	 w[] = { "tix", "update", "acme:42",
	    "--priority", "urgent", "--status", "closed", "--category", "c7",
	    "--assignee", "me", "--tags", " vip, billing,,vip ", "--json",
	    NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;

	assert_int_equal(parse(&a, w, &args, &cause), CMD_PARSE_RUN);
	assert_int_equal(args.cmd, CMD_UPDATE);
	assert_true(args.json);
	assert_int_equal(args.patch.fields, TIX_PATCH_PRIORITY |
	    TIX_PATCH_STATUS | TIX_PATCH_CATEGORY | TIX_PATCH_ASSIGNEE |
	    TIX_PATCH_TAGS);
	assert_int_equal(args.patch.priority, TIX_PRIORITY_URGENT);
	assert_int_equal(args.patch.status, TIX_STATUS_CLOSED);
	assert_string_equal(args.patch.category_id, "c7");
	assert_true(args.assignee_me);
	assert_null(args.patch.user_id);
	/* Trimmed, empty items and duplicates dropped, order kept. */
	assert_int_equal(args.patch.tags.n, 2);
	assert_string_equal(args.patch.tags.v[0], "vip");
	assert_string_equal(args.patch.tags.v[1], "billing");
	cmd_args_done(&args);
	argv_free(&a);
	assert_null(cause);
}

/* --assignee none and ID, --category none, --tags "" (clear all). */
static void
test_update_clear(void **state)
{
	const char *const	 w1[] = { "tix", "update", "acme:1",
	    "--assignee", "none", "--category", "none", "--tags", "", NULL };
	const char *const	 w2[] = { "tix", "update", "acme:1",
	    "--assignee", "a17", "--priority", "low", "--priority", "high",
	    NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;

	assert_int_equal(parse(&a, w1, &args, &cause), CMD_PARSE_RUN);
	assert_int_equal(args.patch.fields, TIX_PATCH_ASSIGNEE |
	    TIX_PATCH_CATEGORY | TIX_PATCH_TAGS);
	assert_false(args.assignee_me);
	assert_null(args.patch.user_id);
	assert_null(args.patch.category_id);
	assert_int_equal(args.patch.tags.n, 0);
	cmd_args_done(&args);
	argv_free(&a);

	/* The last --priority wins. */
	assert_int_equal(parse(&a, w2, &args, &cause), CMD_PARSE_RUN);
	assert_int_equal(args.patch.fields, TIX_PATCH_ASSIGNEE |
	    TIX_PATCH_PRIORITY);
	assert_string_equal(args.patch.user_id, "a17");
	assert_false(args.assignee_me);
	assert_int_equal(args.patch.priority, TIX_PRIORITY_HIGH);
	cmd_args_done(&args);
	argv_free(&a);
	assert_null(cause);
}

/* Bad usage of the global options and command names. */
static void
test_usage_global(void **state)
{
	const char *const	 w1[] = { "tix", "--bogus", NULL };
	const char *const	 w2[] = { "tix", "frobnicate", NULL };
	const char *const	 w3[] = { "tix", "--config", NULL };
	const char *const	 w4[] = { "tix", "-x", "list", NULL };
	const char *const	 w5[] = { "tix", "--config", "", "list", NULL };

	expect_usage(w1, "--bogus");
	expect_usage(w2, "frobnicate");
	expect_usage(w3, "--config");
	expect_usage(w4, "-x");
	expect_usage(w5, "config");
}

/* Bad usage of the commands. */
static void
test_usage_commands(void **state)
{
	const char *const	 l1[] = { "tix", "list", "extra", NULL };
	const char *const	 l2[] = { "tix", "list", "--account", NULL };
	const char *const	 l3[] = { "tix", "list", "--internal", NULL };
	const char *const	 l4[] = { "tix", "list", "--account", "",
	    NULL };
	const char *const	 s1[] = { "tix", "show", NULL };
	const char *const	 s2[] = { "tix", "show", "acme", NULL };
	const char *const	 s3[] = { "tix", "show", "acme:1", "acme:2",
	    NULL };
	const char *const	 s4[] = { "tix", "show", "-m", "x", "acme:1",
	    NULL };
	const char *const	 n1[] = { "tix", "note", "acme:1", NULL };
	const char *const	 n2[] = { "tix", "note", "acme:1", "-m", "",
	    NULL };
	const char *const	 n3[] = { "tix", "note", "acme:1", "-m",
	    " \n\t", NULL };
	const char *const	 n4[] = { "tix", "note", "-m", "hi", NULL };
	const char *const	 u1[] = { "tix", "update", "acme:1", NULL };
	const char *const	 u2[] = { "tix", "update", "acme:1",
	    "--priority", "bogus", NULL };
	const char *const	 u3[] = { "tix", "update", "acme:1",
	    "--status", "pending", NULL };
	const char *const	 u4[] = { "tix", "update", "acme:1",
	    "--assignee", "", NULL };
	const char *const	 u5[] = { "tix", "update", "--priority",
	    "high", NULL };
	const char *const	 u6[] = { "tix", "update", "acme:1",
	    "--priority", NULL };
	const char *const	 a1[] = { "tix", "accounts", "acme", NULL };

	expect_usage(l1, "extra");
	expect_usage(l2, "--account");
	expect_usage(l3, "--internal");
	expect_usage(l4, "account");
	expect_usage(s1, "ACCOUNT:ID");
	expect_usage(s2, "acme");
	expect_usage(s3, "acme:2");
	expect_usage(s4, "-m");
	expect_usage(n1, "-m");
	expect_usage(n2, "empty");
	expect_usage(n3, "empty");
	expect_usage(n4, "ACCOUNT:ID");
	expect_usage(u1, "nothing to change");
	expect_usage(u2, "bogus");
	expect_usage(u3, "pending");
	expect_usage(u4, "assignee");
	expect_usage(u5, "ACCOUNT:ID");
	expect_usage(u6, "--priority");
	expect_usage(a1, "acme");
}

/* ACCOUNT:ID splits at the first colon; both parts are needed. */
static void
test_ref_parse(void **state)
{
	const char *const	 bad[] = { "", "acme", ":42", "acme:", ":",
	    NULL };
	struct cmd_ref		 ref;
	char			*cause = NULL;
	size_t			 i;

	assert_int_equal(cmd_ref_parse("acme:42", &ref, &cause), 0);
	assert_string_equal(ref.account, "acme");
	assert_string_equal(ref.id, "42");
	cmd_ref_done(&ref);

	/* Ids may contain colons (Jira keys, URNs): only the first splits. */
	assert_int_equal(cmd_ref_parse("jira:urn:x:7", &ref, &cause), 0);
	assert_string_equal(ref.account, "jira");
	assert_string_equal(ref.id, "urn:x:7");
	cmd_ref_done(&ref);
	assert_null(ref.account);
	assert_null(cause);

	for (i = 0; bad[i] != NULL; i++) {
		assert_int_equal(cmd_ref_parse(bad[i], &ref, &cause), -1);
		assert_null(ref.account);
		assert_null(ref.id);
		assert_non_null(cause);
		assert_non_null(strstr(cause, "ACCOUNT:ID"));
		free(cause);
		cause = NULL;
	}
}

/* Parsing again starts from scratch (getopt state is reset). */
static void
test_parse_twice(void **state)
{
	const char *const	 w1[] = { "tix", "list", "--json", NULL };
	const char *const	 w2[] = { "tix", "show", "acme:3", NULL };
	struct argv_copy	 a;
	struct cmd_args		 args;
	char			*cause = NULL;

	assert_int_equal(parse(&a, w1, &args, &cause), CMD_PARSE_RUN);
	assert_true(args.json);
	cmd_args_done(&args);
	argv_free(&a);

	assert_int_equal(parse(&a, w2, &args, &cause), CMD_PARSE_RUN);
	assert_int_equal(args.cmd, CMD_SHOW);
	assert_false(args.json);
	assert_string_equal(args.ref.id, "3");
	cmd_args_done(&args);
	argv_free(&a);
	assert_null(cause);
}

/* Usage text names every command and its options. */
static void
test_usage_text(void **state)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*f;

	f = open_memstream(&text, &len);
	assert_non_null(f);
	cmd_usage(f, CMD_NONE);
	fclose(f);
	assert_non_null(strstr(text, "list [--json] [--account NAME]"));
	assert_non_null(strstr(text, "show [--json] ACCOUNT:ID"));
	assert_non_null(strstr(text, "note ACCOUNT:ID [--internal] -m"));
	assert_non_null(strstr(text, "--assignee ID|me|none"));
	assert_non_null(strstr(text, "accounts"));
	assert_non_null(strstr(text, "--version"));
	free(text);

	text = NULL;
	f = open_memstream(&text, &len);
	assert_non_null(f);
	cmd_usage_short(f, CMD_UPDATE);
	fclose(f);
	assert_non_null(strstr(text, "usage: tix"));
	assert_non_null(strstr(text, "update ACCOUNT:ID"));
	assert_null(strstr(text, "list"));
	free(text);
}

/* Columns through a memory stream: what cmd_put_cols printed. */
static char *
put_cols(const char *s, int cols, bool pad)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*f;

	f = open_memstream(&text, &len);
	assert_non_null(f);
	cmd_put_cols(f, s, cols, pad);
	fclose(f);
	return text;
}

/* Clip and pad by display columns, never inside a character. */
static void
test_put_cols(void **state)
{
	char	*out;

	/* ASCII: clipped, or padded to the width. */
	out = put_cols("Printer on fire", 7, true);
	assert_string_equal(out, "Printer");
	free(out);
	out = put_cols("abc", 6, true);
	assert_string_equal(out, "abc   ");
	free(out);
	out = put_cols("abc", 6, false);
	assert_string_equal(out, "abc");
	free(out);

	/* Wide characters take two columns: 5 columns hold two, plus pad. */
	out = put_cols("\xe6\xb3\xa8\xe6\x96\x87\xe3\x81\x8c", 5, true);
	assert_string_equal(out, "\xe6\xb3\xa8\xe6\x96\x87 ");
	free(out);

	/* A combining mark stays with its letter: "e\u0301" is one column. */
	out = put_cols("ce\xcc\x81x", 2, true);
	assert_string_equal(out, "ce\xcc\x81");
	free(out);

	/* An emoji that does not fit is left out whole. */
	out = put_cols("a\xf0\x9f\x8e\x89", 2, true);
	assert_string_equal(out, "a ");
	free(out);

	/* NULL prints as empty. */
	out = put_cols(NULL, 3, true);
	assert_string_equal(out, "   ");
	free(out);
}

/* Run every case. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_command),
		cmocka_unit_test(test_global_options),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_note),
		cmocka_unit_test(test_note_posixly_correct),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_update_clear),
		cmocka_unit_test(test_usage_global),
		cmocka_unit_test(test_usage_commands),
		cmocka_unit_test(test_ref_parse),
		cmocka_unit_test(test_parse_twice),
		cmocka_unit_test(test_usage_text),
		cmocka_unit_test(test_put_cols),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
