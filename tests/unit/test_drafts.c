/*
 * Tests for the drafts a crash leaves (tui/editor.c): at start, a draft
 * directory of a tix that no longer runs is shown (its text, sanitized,
 * after a line that says what it is) and removed; what is not its own to
 * take (a running tix's, not private, a link, another name) is left
 * alone; a draft it cannot show is kept.
 */

#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/xmalloc.h"
#include "tui/editor.h"

#define TEST_TEMPLATE	"/tmp/tix-test-drafts.XXXXXX"

static char	test_tmp[sizeof TEST_TEMPLATE];

/* A pid that no longer runs: a child that has exited and been reaped. */
static long
test_dead_pid(void)
{
	pid_t	pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return (long)pid;
}

/* Make $TMPDIR/name with mode, holding note.txt with text (if any). */
static char *
test_draft(const char *name, mode_t mode, const char *text)
{
	char	*dir, *path;
	FILE	*f;

	dir = xasprintf("%s/%s", test_tmp, name);
	assert_int_equal(mkdir(dir, 0700), 0);
	if (text != NULL) {
		path = xasprintf("%s/note.txt", dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		assert_int_equal(fclose(f), 0);
		free(path);
	}
	assert_int_equal(chmod(dir, mode), 0);
	return dir;
}

/* Remove a test directory and what is in it. */
static void
test_rm(const char *dir)
{
	char	*cmd;

	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static int
setup(void **state)
{
	(void)state;
	memcpy(test_tmp, TEST_TEMPLATE, sizeof test_tmp);
	assert_non_null(mkdtemp(test_tmp));
	setenv("TMPDIR", test_tmp, 1);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	test_rm(test_tmp);
	unsetenv("TMPDIR");
	return 0;
}

/* Only the stale drafts of this user, private, by name, are taken. */
static void
test_recover(void **state)
{
	char	*name, *shown, *empty, *live, *open_dir, *other, *link;
	char	*short_name, *target, *out = NULL, *want;
	size_t	 len = 0;
	long	 dead;
	FILE	*f;

	(void)state;
	dead = test_dead_pid();
	name = xasprintf("tix-draft-%ld-Ab12Cd", dead);
	shown = test_draft(name, 0700, "Dear customer,\n\nsorry.\x1b]0;t\x07"
	    "\n\n");
	free(name);
	name = xasprintf("tix-draft-%ld-Ef34Gh", dead);
	empty = test_draft(name, 0700, " \n");
	free(name);
	name = xasprintf("tix-draft-%ld-Ij56Kl", (long)getppid());
	live = test_draft(name, 0700, "a running tix's\n");
	free(name);
	name = xasprintf("tix-draft-%ld-Mn78Op", dead);
	open_dir = test_draft(name, 0755, "not private\n");
	free(name);
	/* The six random characters, not five. */
	name = xasprintf("tix-draft-%ld-Qr90S", dead);
	short_name = test_draft(name, 0700, "a name too short\n");
	free(name);
	other = test_draft("tix-Uv12Wx", 0700, "another name\n");
	target = test_draft("target", 0700, "through a link\n");
	link = xasprintf("%s/tix-draft-%ld-Yz34Ab", test_tmp, dead);
	assert_int_equal(symlink(target, link), 0);

	f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(editor_recover_drafts(f), 2);
	assert_int_equal(fclose(f), 0);

	want = xasprintf("tix: a draft from an earlier run was found in %s; "
	    "it was not sent:\nDear customer,\n\nsorry.\n"
	    "tix: end of the draft, now removed\n", shown);
	assert_string_equal(out, want);
	free(want);
	assert_int_equal(access(shown, F_OK), -1);
	assert_int_equal(access(empty, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(access(open_dir, F_OK), 0);
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(access(short_name, F_OK), 0);
	name = xasprintf("%s/note.txt", link);
	assert_int_equal(access(name, F_OK), 0);
	free(name);

	/* Nothing is left to take. */
	free(out);
	out = NULL;
	f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(editor_recover_drafts(f), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(out, "");
	free(out);
	free(shown);
	free(empty);
	free(live);
	free(open_dir);
	free(short_name);
	free(other);
	free(target);
	free(link);
}

/* When the draft cannot be shown, it stays. */
static void
test_recover_kept(void **state)
{
	char	*name, *dir;
	FILE	*f;

	(void)state;
	f = fopen("/dev/full", "w");
	if (f == NULL)
		skip();
	name = xasprintf("tix-draft-%ld-Cd56Ef", test_dead_pid());
	dir = test_draft(name, 0700, "kept when stderr fails\n");
	assert_int_equal(editor_recover_drafts(f), 1);
	fclose(f);
	assert_int_equal(access(dir, F_OK), 0);
	free(dir);
	free(name);
}

/* Run the draft tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_recover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_kept, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
