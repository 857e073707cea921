/*
 * checksrc fixture: code that follows every rule, with the look-alikes
 * the rules must not report.  Not compiled.
 *
 * Comments may say strcpy(a, b), sprintf(s, ...) or if ((x = f())).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

struct pair {
	const char	*name;
	int		 value;
};

struct range {
	unsigned	lo, hi;
};

struct ops {
	char	*(*gets)(char *, int);
};

static const struct pair good_table[] = {
	{ .name = "one", .value = 1 },
	{ .name = "two", .value = 2 },
	{ NULL },
	{ 0 },
};

/* A data table of number pairs is not a table of records. */
static const struct range good_ranges[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 12, 13u },
};

/* Arrays of scalars and of arrays. */
static const char *const good_names[] = { "a", "b", NULL };
static const int good_grid[2][2] = { { 1, 2 }, { 3, 4 } };

static const char good_text[] = "if ((c = getc(f))) strcpy(a, b);";

int
good_compare(int a, int b, unsigned x)
{
	if (a == b || a != b || a <= b || a >= b || (x >> 1) > 2 ||
	    (x << 1) < 2)
		return '=';
	while (a < b && good_grid[0][0] == 1)
		a++;
	for (a = 0, b = 1; a < b; a += 1, b -= 1)
		continue;
	switch (a == 0) {
	default:
		break;
	}
	return good_ranges[0].lo + good_table[0].value;
}

int
good_literal(void)
{
	if (good_compare((struct pair){ .name = "x", .value = 1 }.value,
	    0, 0) != 0)
		return 1;
	return 0;
}

int
good_assign(FILE *f, struct ops *o)
{
	int	c;
	char	line[16];

	c = fgetc(f);
	if (c == EOF)
		return 0;
	if (o->gets(line, sizeof line) == NULL)
		return 0;
	return c + snprintf(line, sizeof line, "%d", c);
}

long
good_strtol(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return -1;
	return v;
}

enum tix_err
good_buf(struct buf *b, const char *s)
{
	enum tix_err	err;

	buf_init(b, TIX_MAX_LINE);
	err = buf_add_str(b, s);
	if (err != TIX_OK)
		return err;
	if (buf_add(b, s, 1) != TIX_OK)
		return TIX_ERR_TOO_LARGE;
	return buf_add_printf(b, "%s", s);
}

void
good_fixed(const char *s)
{
	char	name[64];
	size_t	n = strlen(s);

	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, s, n);
	name[n] = '\0';
	memcpy(name, s, sizeof name < strlen(s) ? sizeof name : 1);
	puts(name);
}

enum tix_err
good_cause(char **cause, enum tix_err err)
{
	char	*why;

	if (cause == NULL)
		return err;
	why = *cause;
	*cause = NULL;
	err = tix_fail(cause, err, "failed (%s)", why);
	free(why);
	return err;
}

enum tix_err
good_cause_optional(char **cause, enum tix_err err)
{
	if (err == TIX_ERR_NOT_FOUND) {
		if (cause != NULL)
			xfree(cause);
		return TIX_OK;
	}
	return err;
}

/* A caller's own cause is freed through its address. */
int
good_cause_local(int n)
{
	char	*cause = NULL;
	int	 cause_count = 2;

	if (good_cause(&cause, TIX_ERR_IO) != TIX_OK)
		n = n * cause_count;
	xfree(&cause);
	return n;
}
