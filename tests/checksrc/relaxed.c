/*
 * checksrc fixture for the rules relaxed in test programs: checked as
 * tests/unit/relaxed.c only the "test:" lines are reported; checked as
 * any other path the "other:" lines are too.  Not compiled.
 */
#include <stdlib.h>

static const struct {
	const char	*in;
	long		 want;
} cases[] = {
	{ "1", 1 },					/* other: positional-init */
	{ "22", 22 },
};

long
relaxed_parse(const char *s)
{
	char	*end;

	return strtol(s, &end, 10);			/* other: strtol */
}

long
relaxed_null(const char *s)
{
	return strtol(s, NULL, 10) + cases[0].want;	/* test: strtol */
}
