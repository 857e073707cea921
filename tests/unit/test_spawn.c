/*
 * Tests for core/spawn: what a child gets of tix.  Its environment holds
 * the variables allowed for its kind and nothing else (no token, no key,
 * no LD_PRELOAD); it has none of tix's descriptors open above 2, even one
 * opened without close-on-exec; a secret command reads /dev/null in a
 * process group of its own; the editor's file name is never parsed by
 * the shell.
 */

#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/spawn.h"
#include "core/xmalloc.h"

/* Variables a child must never get, set for every test. */
static const char *const test_secret_vars[][2] = {
	{ "ZENDESK_TOKEN", "zd-tok-123" }, { "GITHUB_TOKEN", "ghp_abc" },
	{ "AWS_SECRET_ACCESS_KEY", "aws-key" }, { "MY_PASSWORD", "hunter22" },
	{ "TIX_E2E_ZD_TOKEN", "emu-tok" }, { "LD_PRELOAD", "/tmp/no.so" },
	{ "HOME_TOKEN", "near-miss" }, { "PATHX", "near-miss" },
	{ "LC", "near-miss" },
};

/* The value of name in env, or NULL. */
static const char *
test_env_get(char **env, const char *name)
{
	size_t	len = strlen(name);

	for (; *env != NULL; env++) {
		if (strncmp(*env, name, len) == 0 && (*env)[len] == '=')
			return *env + len + 1;
	}
	return NULL;
}

/* No variable of test_secret_vars is in env. */
static void
test_env_no_secret(char **env)
{
	size_t	i;

	for (i = 0; i < sizeof test_secret_vars / sizeof test_secret_vars[0];
	    i++) {
		if (test_env_get(env, test_secret_vars[i][0]) != NULL)
			fail_msg("%s reached a child", test_secret_vars[i][0]);
	}
}

static int
setup(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof test_secret_vars / sizeof test_secret_vars[0];
	    i++)
		assert_int_equal(setenv(test_secret_vars[i][0],
		    test_secret_vars[i][1], 1), 0);
	setenv("HOME", "/home/agent", 1);
	setenv("LC_TIME", "C", 1);
	setenv("TERM", "xterm-256color", 1);
	setenv("VISUAL", "vi", 1);
	setenv("GNUPGHOME", "/home/agent/.gnupg", 1);
	return 0;
}

/* Each kind gets the common variables and its own, nothing else. */
static void
test_env_allowed(void **state)
{
	char	**env;

	(void)state;
	env = spawn_env_new(SPAWN_COMMAND);
	assert_string_equal(test_env_get(env, "PATH"), getenv("PATH"));
	assert_string_equal(test_env_get(env, "HOME"), "/home/agent");
	assert_string_equal(test_env_get(env, "LC_TIME"), "C");
	assert_string_equal(test_env_get(env, "GNUPGHOME"),
	    "/home/agent/.gnupg");
	assert_null(test_env_get(env, "TERM"));
	assert_null(test_env_get(env, "VISUAL"));
	test_env_no_secret(env);
	spawn_env_free(&env);
	assert_null(env);

	env = spawn_env_new(SPAWN_EDITOR);
	assert_string_equal(test_env_get(env, "PATH"), getenv("PATH"));
	assert_string_equal(test_env_get(env, "LC_TIME"), "C");
	assert_string_equal(test_env_get(env, "TERM"), "xterm-256color");
	assert_string_equal(test_env_get(env, "VISUAL"), "vi");
	assert_null(test_env_get(env, "GNUPGHOME"));
	test_env_no_secret(env);
	spawn_env_free(&env);
	spawn_env_free(&env);
}

/* Wait for pid and expect exit status 0. */
static void
test_wait_ok(pid_t pid)
{
	int	status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/*
 * A command: stdout on the pipe, stdin at EOF, its own process group, no
 * secret and no leaked descriptor (tix's own opened without O_CLOEXEC).
 */
static void
test_command(void **state)
{
	char		*script, *cause = NULL, out[256];
	ssize_t		 n;
	size_t		 len = 0;
	pid_t		 pid;
	int		 fds[2], leak;

	(void)state;
#ifndef __linux__
	skip();
#endif
	leak = open("/dev/null", O_RDONLY);
	assert_true(leak > 2);
	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	script = xasprintf("printf '%%s|' \"${ZENDESK_TOKEN-none}\" "
	    "\"${LD_PRELOAD-none}\" \"$HOME\"; "
	    "if [ -e /proc/$$/fd/%d ]; then printf 'leaked|'; "
	    "else printf 'closed|'; fi; "
	    "if read -r x; then printf 'input|'; else printf 'eof|'; fi; "
	    "read -r _ _ _ _ pgrp _ </proc/$$/stat; "
	    "if [ \"$pgrp\" = $$ ]; then echo own; else echo shared; fi",
	    leak);
	if (spawn_shell(SPAWN_COMMAND, script, NULL, fds[1], &pid, &cause) !=
	    TIX_OK)
		fail_msg("spawn_shell: %s", cause);
	close(fds[1]);
	for (;;) {
		n = read(fds[0], out + len, sizeof out - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	out[len] = '\0';
	test_wait_ok(pid);
	assert_string_equal(out, "none|none|/home/agent|closed|eof|own\n");
	close(fds[0]);
	close(leak);
	free(script);
}

/*
 * The editor: its file name is "$1", not shell text; no secret, no
 * leaked descriptor; tix's process group.
 */
static void
test_editor(void **state)
{
	char	 dir[] = "/tmp/tix-test-spawn.XXXXXX", *path, *script;
	char	*cause = NULL, out[256];
	FILE	*f;
	size_t	 n;
	pid_t	 pid;
	int	 leak;

	(void)state;
#ifndef __linux__
	skip();
#endif
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/a b $(touch x) `y`;z", dir);
	leak = open("/dev/null", O_RDONLY);
	assert_true(leak > 2);
	script = xasprintf("{ printf '%%s|%%s|' \"${GITHUB_TOKEN-none}\" "
	    "\"$TERM\"; "
	    "if [ -e /proc/$$/fd/%d ]; then printf 'leaked|'; "
	    "else printf 'closed|'; fi; "
	    "read -r _ _ _ _ pgrp _ </proc/$$/stat; "
	    "if [ \"$pgrp\" = %ld ]; then echo shared; else echo own; fi; "
	    "} >\"$1\"", leak, (long)getpgrp());
	if (spawn_shell(SPAWN_EDITOR, script, path, -1, &pid, &cause) !=
	    TIX_OK)
		fail_msg("spawn_shell: %s", cause);
	test_wait_ok(pid);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	fclose(f);
	assert_string_equal(out, "none|xterm-256color|closed|shared\n");
	unlink(path);
	/* Nothing else was made: the name was not run. */
	assert_int_equal(rmdir(dir), 0);
	close(leak);
	free(script);
	free(path);
}

/* Run the spawn tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env_allowed),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_editor),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
