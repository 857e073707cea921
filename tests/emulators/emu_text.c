/*
 * Text helpers for the codecs: ISO 8601 timestamps both ways, HTML
 * escaping and stripping with the basic entities, table lookup.
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

#define NITEMS(a)	EMU_NITEMS(a)

/* Format t as ISO 8601 UTC, the way both platforms send timestamps. */
const char *
emu_time_iso(time_t t, char *buf, size_t len)
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		fatalx("emu_time_iso: bad time");
	return buf;
}

/* Parse an ISO 8601 UTC timestamp or a date; 0 on success. */
int
emu_time_parse(const char *s, time_t *out)
{
	struct tm	 tm;
	int		 n = 0, len;

	memset(&tm, 0, sizeof tm);
	len = (int)strlen(s);
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 6) {
		if (strcmp(s + n, "Z") != 0 && strcmp(s + n, "") != 0 &&
		    strcmp(s + n, "+00:00") != 0)
			return -1;
	} else if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &n) != 3 || n != len)
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60 || tm.tm_year < 1970)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

/* Escape text for an HTML body. */
char *
emu_html_escape(const char *s)
{
	char		*out, *p;
	size_t		 len;

	len = strlen(s);
	out = p = xmalloc(len * 6 + 1);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<':
			memcpy(p, "&lt;", 4);
			p += 4;
			break;
		case '>':
			memcpy(p, "&gt;", 4);
			p += 4;
			break;
		case '&':
			memcpy(p, "&amp;", 5);
			p += 5;
			break;
		case '"':
			memcpy(p, "&quot;", 6);
			p += 6;
			break;
		default:
			*p++ = *s;
			break;
		}
	}
	*p = '\0';
	return out;
}

/*
 * Decode one of the basic HTML entities at s into *c; returns its
 * length, or 0 when s does not start with one.
 */
size_t
emu_html_entity(const char *s, char *c)
{
	static const struct {
		const char	*ent;
		char		 c;
	} ents[] = {
		{ .ent = "&lt;", .c = '<' }, { .ent = "&gt;", .c = '>' },
		{ .ent = "&amp;", .c = '&' }, { .ent = "&quot;", .c = '"' },
		{ .ent = "&#39;", .c = '\'' }, { .ent = "&nbsp;", .c = ' ' },
	};
	size_t	i, len;

	for (i = 0; i < NITEMS(ents); i++) {
		len = strlen(ents[i].ent);
		if (strncmp(s, ents[i].ent, len) == 0) {
			*c = ents[i].c;
			return len;
		}
	}
	return 0;
}

/* Plain text from an HTML body: tags dropped, basic entities decoded. */
char *
emu_html_strip(const char *s)
{
	char	*out, *p;
	size_t	 len;
	int	 intag = 0;

	out = p = xmalloc(strlen(s) + 1);
	while (*s != '\0') {
		if (intag) {
			if (*s++ == '>')
				intag = 0;
			continue;
		}
		if (*s == '<') {
			intag = 1;
			s++;
			continue;
		}
		len = *s == '&' ? emu_html_entity(s, p) : 0;
		if (len > 0) {
			p++;
			s += len;
			continue;
		}
		*p++ = *s++;
	}
	*p = '\0';
	return out;
}

/* Index of s in a table of n entries (NULL entries skipped), or -1. */
int
emu_lookup(const char *const *tab, size_t n, const char *s)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (tab[i] != NULL && strcmp(tab[i], s) == 0)
			return (int)i;
	}
	return -1;
}
