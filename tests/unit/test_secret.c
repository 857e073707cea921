/*
 * Tests for core/secret: each source of a secret, each failure with the
 * message a user would see, the inline-token mode check, that the secret
 * never shows up in a message nor reaches a command, and the scrub.
 */

#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/conf.h"
#include "core/secret.h"

#define TEST_TEMPLATE	"/tmp/tix-test-secret.XXXXXX"
#define TEST_SECRET	"tok-5ecret-VALUE"

static char		 test_dir[sizeof TEST_TEMPLATE];
static char		 test_path[sizeof TEST_TEMPLATE + 16];
static struct config	*test_cf;

/* Write "[account acme]\n" + body with mode and load it. */
static const struct config_section *
test_load(const char *body, mode_t mode)
{
	FILE	*f;
	char	*cause = NULL;

	config_free(&test_cf);
	f = fopen(test_path, "w");
	assert_non_null(f);
	fprintf(f, "[account acme]\nprovider = zendesk\n%s", body);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(test_path, mode), 0);
	if (config_load(test_path, &test_cf, &cause) != TIX_OK)
		fail_msg("config_load: %s", cause);
	return config_section_at(test_cf, 0);
}

/* Resolve "token" and expect an error whose message is "PATH:want". */
static void
test_expect_error(const struct config_section *s, enum tix_err want_err,
    const char *want)
{
	char	*out = NULL, *cause = NULL, *full;

	assert_int_equal(secret_resolve(s, "token", &out, &cause), want_err);
	assert_null(out);
	assert_non_null(cause);
	full = xasprintf("%s%s", test_path, want);
	assert_string_equal(cause, full);
	assert_null(strstr(cause, "5ecret"));
	free(full);
	free(cause);
}

/* Resolve "token" and expect want. */
static void
test_expect_secret(const struct config_section *s, const char *want)
{
	char	*out = NULL, *cause = NULL;

	if (secret_resolve(s, "token", &out, &cause) != TIX_OK)
		fail_msg("secret_resolve: %s", cause);
	assert_string_equal(out, want);
	secret_free(&out);
	assert_null(out);
	secret_free(&out);
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

/* Remove the files and restore the defaults. */
static int
teardown(void **state)
{
	config_free(&test_cf);
	unlink(test_path);
	rmdir(test_dir);
	secret_set_cmd_timeout(0);
	unsetenv("TIX_TEST_TOKEN");
	return 0;
}

/* token_cmd: the first line, without \r\n; the rest drained. */
static void
test_cmd_first_line(void **state)
{
	const struct config_section	*s;

	s = test_load("token_cmd = printf '" TEST_SECRET "\\r\\nuser: x\\n'"
	    "\n", 0644);
	assert_true(secret_configured(s, "token"));
	assert_false(secret_configured(s, "password"));
	test_expect_secret(s, TEST_SECRET);

	/* No newline at all. */
	s = test_load("token_cmd = printf abc\n", 0600);
	test_expect_secret(s, "abc");

	/* Lots of output after the first line: no SIGPIPE failure. */
	s = test_load("token_cmd = echo first; seq 1 200000\n", 0600);
	test_expect_secret(s, "first");

	/* stdin is /dev/null, so a read gets nothing at once. */
	s = test_load("token_cmd = read x; echo \"in:$x\"\n", 0600);
	test_expect_secret(s, "in:");

	/* stderr goes nowhere and does not count. */
	s = test_load("token_cmd = echo noise >&2; echo out\n", 0600);
	test_expect_secret(s, "out");
}

/* A failing command names the key and exit code, never its output. */
static void
test_cmd_fails(void **state)
{
	const struct config_section	*s;

	s = test_load("\ntoken_cmd = echo " TEST_SECRET "; exit 3\n", 0600);
	test_expect_error(s, TIX_ERR_IO,
	    ":4: [account acme]: token_cmd failed (exit 3)");

	s = test_load("token_cmd = /nonexistent/tix-helper\n", 0600);
	test_expect_error(s, TIX_ERR_IO,
	    ":3: [account acme]: token_cmd failed (exit 127: command not "
	    "found)");

	s = test_load("token_cmd = kill -TERM $$\n", 0600);
	test_expect_error(s, TIX_ERR_IO,
	    ":3: [account acme]: token_cmd failed (killed by signal 15)");

	s = test_load("token_cmd = true\n", 0600);
	test_expect_error(s, TIX_ERR_IO,
	    ":3: [account acme]: token_cmd printed nothing");

	s = test_load("token_cmd = head -c 70000 /dev/zero | tr '\\0' a\n",
	    0600);
	test_expect_error(s, TIX_ERR_TOO_LARGE,
	    ":3: [account acme]: token_cmd printed a line longer than 64 "
	    "KiB");

	s = test_load("token_cmd =\n", 0600);
	test_expect_error(s, TIX_ERR_INVALID,
	    ":3: [account acme]: token_cmd is empty");
}

/* A command that never finishes is killed at the timeout. */
static void
test_cmd_timeout(void **state)
{
	const struct config_section	*s;

	secret_set_cmd_timeout(50);
	s = test_load("token_cmd = exec sleep 30\n", 0600);
	test_expect_error(s, TIX_ERR_IO,
	    ":3: [account acme]: token_cmd timed out after 50 ms");

	/* A background child holding stdout is killed with the group. */
	s = test_load("token_cmd = sleep 30 & wait\n", 0600);
	test_expect_error(s, TIX_ERR_IO,
	    ":3: [account acme]: token_cmd timed out after 50 ms");
}

/*
 * token_env: the variable's value, then the variable is gone from the
 * environment (no child can inherit it) while a second account naming it
 * still gets the value; unset or empty named, not shown.
 */
static void
test_env(void **state)
{
	const struct config_section	*s;

	s = test_load("token_env = TIX_TEST_TOKEN\n", 0644);
	setenv("TIX_TEST_TOKEN", TEST_SECRET, 1);
	test_expect_secret(s, TEST_SECRET);
	assert_null(getenv("TIX_TEST_TOKEN"));
	test_expect_secret(s, TEST_SECRET);

	/* Set again (the environment of a test): the new value. */
	setenv("TIX_TEST_TOKEN", "second-5ecret", 1);
	test_expect_secret(s, "second-5ecret");
	assert_null(getenv("TIX_TEST_TOKEN"));
	test_expect_secret(s, "second-5ecret");

	s = test_load("token_env = TIX_TEST_UNSET\n", 0644);
	unsetenv("TIX_TEST_UNSET");
	test_expect_error(s, TIX_ERR_IO, ":3: [account acme]: token_env "
	    "names TIX_TEST_UNSET, which is not set");
	setenv("TIX_TEST_UNSET", "", 1);
	test_expect_error(s, TIX_ERR_IO, ":3: [account acme]: token_env "
	    "names TIX_TEST_UNSET, which is empty");
	unsetenv("TIX_TEST_UNSET");

	/* A pasted token instead of a variable name is not echoed. */
	s = test_load("token_env = " TEST_SECRET "\n", 0600);
	test_expect_error(s, TIX_ERR_IO, ":3: [account acme]: token_env "
	    "names a variable (not shown: not an UPPER_CASE name), which is "
	    "not set");
}

/*
 * The command's environment is core/spawn.h's short one: PATH, but no
 * variable of tix's that may hold a secret.
 */
static void
test_cmd_env(void **state)
{
	const struct config_section	*s;

	setenv("TIX_TEST_TOKEN", "from-env", 1);
	s = test_load("token_cmd = echo \"x${TIX_TEST_TOKEN-}\"\n", 0600);
	test_expect_secret(s, "x");
	s = test_load("token_cmd = printf '%s\\n' \"$PATH\"\n", 0600);
	test_expect_secret(s, getenv("PATH"));
}

/* Scrub secret from message and expect want. */
static void
test_expect_scrub(const char *secret, const char *message,
    const char *want)
{
	char	*s = xstrdup(message);

	secret_scrub(&s, secret);
	if (strcmp(s, want) != 0)
		fail_msg("scrub of \"%s\": \"%s\", not \"%s\"", message, s,
		    want);
	free(s);
}

/*
 * The scrub: exact, case-changed, split by white space, cut at the end;
 * not a partial copy inside the message, not a secret too short to tell.
 */
static void
test_scrub(void **state)
{
	static const char *const cases[][2] = {
		{ "bad token tok-5ecret-VALUE here", "bad token *** here" },
		{ "TOK-5ECRET-VALUE", "***" },
		{ "a tok-5ecret-value b Tok-5Ecret-Value", "a *** b ***" },
		{ "split tok-5ec ret-VALUE.", "split ***." },
		{ "lines tok-\r\n5ecret-\n\tVALUE!", "lines ***!" },
		{ "clipped: tok-5ecr", "clipped: ***" },
		{ "too short to tell: tok-5ec", "too short to tell: tok-5ec" },
		{ "tok-5ecret-VAL and more", "tok-5ecret-VAL and more" },
		{ "nothing here", "nothing here" },
		{ "", "" },
	};
	char	*s = NULL;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		test_expect_scrub(TEST_SECRET, cases[i][0], cases[i][1]);
	/* White space in the secret need not be in the copy. */
	test_expect_scrub("pass word 1", "got password1.", "got ***.");
	test_expect_scrub("pass word 1", "got pass word 1", "got ***");
	/* Too short (white space not counted): left alone. */
	test_expect_scrub("a b c", "abc", "abc");
	secret_scrub(&s, TEST_SECRET);
	assert_null(s);
}

/* An inline token only in a file nobody else can read. */
static void
test_inline(void **state)
{
	const struct config_section	*s;
	char				*want;

	s = test_load("token = " TEST_SECRET "\n", 0600);
	test_expect_secret(s, TEST_SECRET);

	want = xasprintf(": holds an inline token but is readable by "
	    "others; run: chmod 600 %s", test_path);
	s = test_load("token = " TEST_SECRET "\n", 0644);
	test_expect_error(s, TIX_ERR_INVALID, want);
	s = test_load("token = " TEST_SECRET "\n", 0640);
	test_expect_error(s, TIX_ERR_INVALID, want);
	/* Even when a token_cmd would win, the file must be private. */
	s = test_load("token_cmd = echo x\ntoken = " TEST_SECRET "\n", 0604);
	test_expect_error(s, TIX_ERR_INVALID, want);
	free(want);

	/* Precedence: _cmd, then _env, then inline. */
	setenv("TIX_TEST_TOKEN", "env", 1);
	s = test_load("token = inline\ntoken_env = TIX_TEST_TOKEN\n"
	    "token_cmd = echo cmd\n", 0600);
	test_expect_secret(s, "cmd");
	s = test_load("token = inline\ntoken_env = TIX_TEST_TOKEN\n", 0600);
	test_expect_secret(s, "env");
}

/* Nothing configured: say which keys would do. */
static void
test_missing(void **state)
{
	const struct config_section	*s;

	s = test_load("", 0600);
	assert_false(secret_configured(s, "token"));
	test_expect_error(s, TIX_ERR_INVALID, ":1: [account acme]: missing "
	    "token (set token_cmd, token_env or token)");
}

/* No core files, not dumpable. */
static void
test_protect_process(void **state)
{
	struct rlimit	rl;

	secret_protect_process();
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_int_equal(rl.rlim_cur, 0);
	assert_int_equal(rl.rlim_max, 0);
#ifdef __linux__
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
#endif
}

/* Run the secret tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cmd_first_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cmd_fails, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cmd_timeout, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmd_env, setup,
		    teardown),
		cmocka_unit_test(test_scrub),
		cmocka_unit_test_setup_teardown(test_inline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
		cmocka_unit_test(test_protect_process),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
