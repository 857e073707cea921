/* Unit tests: the debug log is private and safe to read in a terminal. */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/log.h"

static void
test_log_sanitized_and_private(void **state)
{
	char		 dir[] = "/tmp/tix-log-XXXXXX", path[64], buf[512];
	struct stat	 st;
	FILE		*f;
	size_t		 n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/tix.log", dir);
	log_debug("before the log is open: %s", "not written");
	assert_int_equal(log_open(path), 0);
	/* A platform's error reason, quoted into a message. */
	log_debug("fetch failed: %s", "\x1b]0;pwned\x07" "Bad \x1b[31mred\x1b[0m"
	    " caf\xe9");
	log_close();
	log_debug("after close: %s", "not written");

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "fetch failed: Bad red caf\xef\xbf\xbd"));
	assert_null(strchr(buf, '\x1b'));
	assert_null(strchr(buf, '\x07'));
	assert_null(strstr(buf, "pwned"));
	assert_null(strstr(buf, "not written"));
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_sanitized_and_private),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
