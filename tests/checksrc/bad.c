/*
 * checksrc fixture: every line marked "want: RULE" must be reported with
 * that rule, and nothing else may be.  Not compiled.
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

static const struct pair bad_table[] = {
	{ .name = "one", .value = 1 },
	{ "two", 2 },					/* want: positional-init */
	{ NULL, 0 },
};

int
bad_assign_if(FILE *f)
{
	int	c;

	if ((c = fgetc(f)) != EOF)			/* want: assign-in-cond */
		return c;
	return 0;
}

size_t
bad_assign_while(const char *p)
{
	size_t	n = 0;
	char	c;

	while ((c = *p++) != '\0')			/* want: assign-in-cond */
		n += c == ' ';
	return n;
}

int
bad_assign_for(const int *v)
{
	int	i, sum = 0;

	for (i = 0; (sum += v[i]) < 100; i++)		/* want: assign-in-cond */
		continue;
	return sum;
}

int
bad_assign_shift(unsigned x)
{
	do {
		x >>= 1;
	} while ((x <<= 0) > 8);			/* want: assign-in-cond */
	return (int)x;
}

int
bad_atoi(const char *s)
{
	return atoi(s);					/* want: banned-func */
}

void
bad_copy(char *dst, const char *src)
{
	strcpy(dst, src);				/* want: banned-func */
	strcat(dst, src);				/* want: banned-func */
	sprintf(dst, "%s", src);			/* want: banned-func */
}

long
bad_strtol_null(const char *s)
{
	return strtol(s, NULL, 10);			/* want: strtol */
}

long
bad_strtol_no_errno(const char *s)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);			/* want: strtol */
	if (*end != '\0')
		return -1;
	return v;
}

long
bad_strtol_unchecked(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);			/* want: strtol */
	return v;
}

enum tix_err
bad_buf(struct buf *b, const char *s)
{
	buf_add_str(b, s);				/* want: buf-unchecked */
	if (*s != '\0')
		buf_add(b, s, 1);			/* want: buf-unchecked */
	(void)buf_add_printf(b, "%s", s);		/* want: buf-unchecked */
	return TIX_OK;
}

char *
bad_uncapped(const char *s)
{
	struct buf	b;

	buf_init(&b, (size_t)-1);			/* want: buf-uncapped */
	if (buf_add_str(&b, s) != TIX_OK)
		return NULL;
	return buf_take(&b);
}

void
bad_fixed(const char *s)
{
	char	name[64];

	memcpy(name, s, strlen(s) + 1);			/* want: copy-unbounded */
	puts(name);
}

enum tix_err
bad_cause(char **cause, enum tix_err err)
{
	char	*why;

	why = *cause;					/* want: cause-null */
	if (err == TIX_ERR_NOT_FOUND)
		free(*cause);				/* want: cause-null */
	return tix_fail(cause, err, "failed (%s)", why);
}
