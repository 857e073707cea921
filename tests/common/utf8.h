/*
 * A strict UTF-8 reader for tests: the fuzzers and unit tests check the
 * sanitizer's and the HTML converter's output with it.  Written apart
 * from core/text.c on purpose, so that a bug there is not checked by
 * itself.
 */
#ifndef TIX_TESTS_UTF8_H
#define TIX_TESTS_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Read the character at p[*i] (len bytes in all) into *cp and move *i
 * past it.  False for anything but shortest-form UTF-8 of a scalar
 * value (no surrogate, nothing above U+10FFFF, nothing cut short).
 */
static inline bool
utf8_next(const unsigned char *p, size_t len, size_t *i, unsigned long *cp)
{
	size_t		n, k;
	unsigned long	min;

	if (p[*i] < 0x80) {
		*cp = p[(*i)++];
		return true;
	}
	if ((p[*i] & 0xe0) == 0xc0) {
		n = 2;
		*cp = p[*i] & 0x1f;
		min = 0x80;
	} else if ((p[*i] & 0xf0) == 0xe0) {
		n = 3;
		*cp = p[*i] & 0x0f;
		min = 0x800;
	} else if ((p[*i] & 0xf8) == 0xf0) {
		n = 4;
		*cp = p[*i] & 0x07;
		min = 0x10000;
	} else
		return false;
	if (len - *i < n)
		return false;
	for (k = 1; k < n; k++) {
		if ((p[*i + k] & 0xc0) != 0x80)
			return false;
		*cp = (*cp << 6) | (p[*i + k] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return false;
	*i += n;
	return true;
}

/* Is all of p strict UTF-8? */
static inline bool
utf8_valid(const unsigned char *p, size_t len)
{
	size_t		i = 0;
	unsigned long	cp;

	while (i < len) {
		if (!utf8_next(p, len, &i, &cp))
			return false;
	}
	return true;
}

#endif
