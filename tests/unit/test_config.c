/*
 * Tests for core/config: a good file read back key by key, quoting and
 * comments, and each kind of error with the FILE:LINE message a user
 * would see.
 */

#include "config.h"

#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/conf.h"

#define TEST_TEMPLATE	"/tmp/tix-test-config.XXXXXX"

static char	test_dir[sizeof TEST_TEMPLATE];
static char	test_path[sizeof TEST_TEMPLATE + 16];

/* Write text to the test file with the given mode. */
static void
test_write(const char *text, mode_t mode)
{
	FILE	*f;

	f = fopen(test_path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(test_path, mode), 0);
}

/* Load text and expect failure with exactly the message "PATH:want". */
static void
test_expect_error(const char *text, enum tix_err want_err, const char *want)
{
	struct config	*cf = NULL;
	char		*cause = NULL, *full;

	test_write(text, 0600);
	assert_int_equal(config_load(test_path, &cf, &cause), want_err);
	assert_null(cf);
	assert_non_null(cause);
	full = xasprintf("%s:%s", test_path, want);
	assert_string_equal(cause, full);
	free(full);
	free(cause);
}

/* A fresh temporary directory per test. */
static int
setup(void **state)
{
	memcpy(test_dir, TEST_TEMPLATE, sizeof test_dir);
	assert_non_null(mkdtemp(test_dir));
	xsnprintf(test_path, sizeof test_path, "%s/config", test_dir);
	return 0;
}

/* Remove the temporary file and directory. */
static int
teardown(void **state)
{
	unlink(test_path);
	rmdir(test_dir);
	return 0;
}

/* A realistic file reads back with sections in order and lines kept. */
static void
test_good_file(void **state)
{
	struct config			*cf = NULL;
	const struct config_section	*s;
	const char			*k, *v;
	char				*cause = NULL;

	test_write(
	    "# tix accounts\n"
	    "; another comment\n"
	    "\n"
	    "[account acme]\n"
	    "provider = zendesk\n"
	    "  subdomain=acme  \n"
	    "token_cmd = pass show tix/acme # not a comment\n"
	    "\n"
	    "[account beta-2]\r\n"
	    "provider\t=\tfreshdesk\r\n"
	    "domain = beta.freshdesk.com\r\n"
	    "[ui]\n"
	    "theme = dark\n"
	    "[view urgent stuff]\n"
	    "filter = \"  priority:urgent # keep  \"\n"
	    "empty =\n"
	    "[keys]\n"
	    "? = help\n"
	    "C-d = page-down\n", 0600);
	assert_int_equal(config_load(test_path, &cf, &cause), TIX_OK);
	assert_null(cause);
	assert_string_equal(config_path(cf), test_path);
	assert_true(config_is_private(cf));
	assert_int_equal(config_section_count(cf), 5);
	assert_null(config_section_at(cf, 5));

	s = config_section_at(cf, 0);
	assert_string_equal(s->type, "account");
	assert_string_equal(s->name, "acme");
	assert_string_equal(s->file, test_path);
	assert_int_equal(s->line, 4);
	assert_ptr_equal(s->config, cf);
	assert_string_equal(config_get(s, "provider"), "zendesk");
	assert_string_equal(config_get(s, "subdomain"), "acme");
	assert_string_equal(config_get(s, "token_cmd"),
	    "pass show tix/acme # not a comment");
	assert_null(config_get(s, "domain"));
	assert_int_equal(config_line_of(s, "subdomain"), 6);
	assert_int_equal(config_line_of(s, "nope"), 4);
	assert_int_equal(s->nentries, 3);
	config_key_at(s, 2, &k, &v);
	assert_string_equal(k, "token_cmd");

	s = config_find(cf, "account", "beta-2");
	assert_non_null(s);
	assert_ptr_equal(s, config_section_at(cf, 1));
	assert_string_equal(config_get(s, "provider"), "freshdesk");
	assert_string_equal(config_get(s, "domain"), "beta.freshdesk.com");

	s = config_find(cf, "ui", NULL);
	assert_non_null(s);
	assert_null(s->name);
	assert_string_equal(config_get(s, "theme"), "dark");

	s = config_find(cf, "view", "urgent stuff");
	assert_non_null(s);
	assert_string_equal(config_get(s, "filter"),
	    "  priority:urgent # keep  ");
	assert_string_equal(config_get(s, "empty"), "");

	s = config_find(cf, "keys", NULL);
	assert_string_equal(config_get(s, "?"), "help");
	assert_string_equal(config_get(s, "C-d"), "page-down");

	assert_null(config_find(cf, "account", "nope"));
	config_free(&cf);
	assert_null(cf);
	config_free(&cf);
}

/* Escapes inside quotes, and the quote errors. */
static void
test_quoting(void **state)
{
	struct config	*cf = NULL;

	test_write("[ui]\na = \"say \\\"hi\\\" \\\\ \"\nb = \"\"\n", 0600);
	assert_int_equal(config_load(test_path, &cf, NULL), TIX_OK);
	assert_string_equal(config_get(config_section_at(cf, 0), "a"),
	    "say \"hi\" \\ ");
	assert_string_equal(config_get(config_section_at(cf, 0), "b"), "");
	config_free(&cf);

	test_expect_error("[ui]\n\na = \"open\n", TIX_ERR_INVALID,
	    "3: [ui]: key 'a': missing closing quote");
	test_expect_error("[ui]\na = \"x\" y\n", TIX_ERR_INVALID,
	    "2: [ui]: key 'a': text after the closing quote");
	test_expect_error("[ui]\na = \"c:\\tmp\"\n", TIX_ERR_INVALID,
	    "2: [ui]: key 'a': unknown escape (only \\\" and \\\\)");
}

/* Each structural error names the file, the line and the key. */
static void
test_errors(void **state)
{
	test_expect_error("[acount acme]\n", TIX_ERR_INVALID,
	    "1: unknown section type 'acount' (expected account, view, ui "
	    "or keys)");
	test_expect_error("# c\nprovider = zendesk\n", TIX_ERR_INVALID,
	    "2: key 'provider' outside any section");
	test_expect_error("[account a]\nx = 1\n[account b]\n[account a]\n",
	    TIX_ERR_INVALID,
	    "4: duplicate section [account a] (first on line 1)");
	test_expect_error("[ui]\n[ui]\n", TIX_ERR_INVALID,
	    "2: duplicate section [ui] (first on line 1)");
	test_expect_error("[account a]\ntoken = x\n\ntoken = y\n",
	    TIX_ERR_INVALID,
	    "4: [account a]: duplicate key 'token' (first on line 2)");
	test_expect_error("[account a]\nprovider zendesk\n", TIX_ERR_INVALID,
	    "2: [account a]: expected 'key = value'");
	test_expect_error("hello\n", TIX_ERR_INVALID,
	    "1: expected '[section]' or 'key = value'");
	test_expect_error("[account a]\n = x\n", TIX_ERR_INVALID,
	    "2: [account a]: bad key before '=' (printable, no spaces)");
	test_expect_error("[account a]\nmy key = x\n", TIX_ERR_INVALID,
	    "2: [account a]: bad key before '=' (printable, no spaces)");
	test_expect_error("[account]\n", TIX_ERR_INVALID,
	    "1: [account] needs a name: [account NAME]");
	test_expect_error("[ui dark]\n", TIX_ERR_INVALID,
	    "1: [ui] takes no name");
	test_expect_error("[account a:b]\n", TIX_ERR_INVALID,
	    "1: [account]: bad name (letters, digits, '_', '-' and '.', at "
	    "most 64)");
	test_expect_error("[ui\n", TIX_ERR_INVALID,
	    "1: section header without ']'");
}

/* A secret on a bad line never shows up in the message. */
static void
test_error_hides_values(void **state)
{
	struct config	*cf = NULL;
	char		*cause = NULL;

	test_write("[account a]\ntoken = s3cr3t-value\ntoken = s3cr3t-value\n",
	    0600);
	assert_int_equal(config_load(test_path, &cf, &cause),
	    TIX_ERR_INVALID);
	assert_null(strstr(cause, "s3cr3t"));
	free(cause);
	cause = NULL;

	test_write("[account a]\ntoken s3cr3t-value\n", 0600);
	assert_int_equal(config_load(test_path, &cf, &cause),
	    TIX_ERR_INVALID);
	assert_null(strstr(cause, "s3cr3t"));
	free(cause);
}

/* A line over TIX_MAX_LINE is refused with its line number. */
static void
test_long_line(void **state)
{
	struct config	*cf = NULL;
	struct buf	 b;
	char		*text, *want;
	size_t		 i;

	buf_init(&b, 2 * TIX_MAX_LINE);
	assert_int_equal(buf_add_str(&b, "[ui]\nx = "), TIX_OK);
	for (i = 0; i < TIX_MAX_LINE; i++)
		assert_int_equal(buf_add(&b, "a", 1), TIX_OK);
	assert_int_equal(buf_add_str(&b, "\n"), TIX_OK);
	text = buf_take(&b);
	want = xasprintf("2: line longer than %u bytes", TIX_MAX_LINE);
	test_expect_error(text, TIX_ERR_INVALID, want);
	free(want);

	/* Just under the cap is fine. */
	text[5 + TIX_MAX_LINE - 8] = '\n';
	text[5 + TIX_MAX_LINE - 7] = '\0';
	test_write(text, 0600);
	assert_int_equal(config_load(test_path, &cf, NULL), TIX_OK);
	assert_int_equal(strlen(config_get(config_section_at(cf, 0), "x")),
	    TIX_MAX_LINE - 12);
	config_free(&cf);
	free(text);
}

/* A missing file is NOT_FOUND, an unreadable one IO; modes are seen. */
static void
test_files(void **state)
{
	struct config	*cf = NULL;
	char		*cause = NULL, *want;

	unlink(test_path);
	assert_int_equal(config_load(test_path, &cf, &cause),
	    TIX_ERR_NOT_FOUND);
	want = xasprintf("%s: No such file or directory", test_path);
	assert_string_equal(cause, want);
	free(want);

	assert_int_equal(config_load(test_dir, &cf, &cause), TIX_ERR_IO);
	want = xasprintf("%s: not a regular file", test_dir);
	assert_string_equal(cause, want);
	free(want);

	if (geteuid() != 0) {
		test_write("[ui]\n", 0200);
		assert_int_equal(config_load(test_path, &cf, &cause),
		    TIX_ERR_IO);
		want = xasprintf("%s: Permission denied", test_path);
		assert_string_equal(cause, want);
		free(want);
	}
	free(cause);

	test_write("[ui]\n", 0644);
	assert_int_equal(config_load(test_path, &cf, NULL), TIX_OK);
	assert_false(config_is_private(cf));
	config_free(&cf);
	test_write("[ui]\n", 0640);
	assert_int_equal(config_load(test_path, &cf, NULL), TIX_OK);
	assert_false(config_is_private(cf));
	config_free(&cf);
	test_write("[ui]\n", 0400);
	assert_int_equal(config_load(test_path, &cf, NULL), TIX_OK);
	assert_true(config_is_private(cf));
	config_free(&cf);

	/* An empty file is a valid config with no sections. */
	test_write("", 0600);
	assert_int_equal(config_load(test_path, &cf, NULL), TIX_OK);
	assert_int_equal(config_section_count(cf), 0);
	config_free(&cf);
}

/* config_require names the section and key, and the line. */
static void
test_require(void **state)
{
	struct config			*cf = NULL;
	const struct config_section	*s;
	const char			*v = NULL;
	char				*cause = NULL, *want;

	test_write("\n[account acme]\nprovider = zendesk\nsubdomain =\n",
	    0600);
	assert_int_equal(config_load(test_path, &cf, NULL), TIX_OK);
	s = config_section_at(cf, 0);
	assert_int_equal(config_require(s, "provider", &v, &cause), TIX_OK);
	assert_string_equal(v, "zendesk");
	assert_int_equal(config_require(s, "email", &v, &cause),
	    TIX_ERR_INVALID);
	assert_null(v);
	want = xasprintf("%s:2: [account acme]: missing key 'email'",
	    test_path);
	assert_string_equal(cause, want);
	free(want);
	assert_int_equal(config_require(s, "subdomain", &v, &cause),
	    TIX_ERR_INVALID);
	want = xasprintf("%s:4: [account acme]: key 'subdomain' is empty",
	    test_path);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	config_free(&cf);
}

/* XDG_CONFIG_HOME wins when absolute; otherwise HOME/.config. */
static void
test_default_path(void **state)
{
	char	*p;

	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	setenv("HOME", "/home/agent", 1);
	p = config_default_path();
	assert_string_equal(p, "/x/cfg/tix/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	p = config_default_path();
	assert_string_equal(p, "/home/agent/.config/tix/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = config_default_path();
	assert_string_equal(p, "/home/agent/.config/tix/config");
	free(p);
}

/* Run the config tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_hides_values, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_long_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_require, setup, teardown),
		cmocka_unit_test(test_default_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
