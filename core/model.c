/*
 * The normalized model: record lifecycle, comparison, patches, string
 * vectors, and the names and formats shared by every front end.
 */

#include "config.h"

#include "core/model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/field.h"
#include "core/log.h"
#include "core/provider.h"
#include "core/xmalloc.h"

struct record *
record_new(enum tix_kind kind, unsigned account)
{
	struct record	*r = xcalloc(1, sizeof *r);

	r->kind = kind;
	r->account = account;
	if (kind == TIX_KIND_CATEGORY)
		r->u.category.is_active = true;
	return r;
}

/*
 * The record operations are loops over the kind's field table
 * (core/field.c): a new field is a new row there, not an edit here.
 */

struct record *
record_dup(const struct record *r)
{
	struct record	*d;

	if ((unsigned)r->kind >= TIX_KIND_COUNT)
		fatalx("record_dup: bad kind");
	d = record_new(r->kind, r->account);
	d->u = r->u;
	field_record_dup(r->kind, &d->u, &r->u);
	return d;
}

void
record_free(struct record **rp)
{
	struct record	*r = *rp;

	if (r == NULL)
		return;
	field_record_free(r->kind, &r->u);
	free(r);
	*rp = NULL;
}

const char *
record_id(const struct record *r)
{
	const struct field	*t;
	size_t			 n;

	t = field_table(r->kind, &n);
	if (t == NULL)
		return NULL;
	return *(char *const *)field_cptr(&t[0], &r->u);
}

void
record_sanitize(struct record *r)
{
	field_record_sanitize(r->kind, &r->u);
}

bool
record_equal(const struct record *a, const struct record *b)
{
	if (a->kind != b->kind || a->account != b->account ||
	    (unsigned)a->kind >= TIX_KIND_COUNT)
		return false;
	return field_record_equal(a->kind, &a->u, &b->u);
}

/* Patches: loops over the ticket rows with a patch bit (core/field.c). */

void
patch_apply(const struct patch *p, struct ticket *t)
{
	field_patch_apply(p, t);
}

bool
patch_held(const struct patch *p, const struct ticket *t)
{
	return field_patch_held(p, t);
}

void
patch_copy(struct patch *dst, const struct patch *src)
{
	field_patch_copy(dst, src);
}

void
patch_merge(struct patch *dst, const struct patch *src)
{
	field_patch_merge(dst, src);
}

void
patch_done(struct patch *p)
{
	field_patch_done(p);
}

void
strv_add(struct strv *sv, const char *s)
{
	sv->v = xreallocarray(sv->v, sv->n + 1, sizeof *sv->v);
	sv->v[sv->n++] = xstrdup(s);
}

void
strv_copy(struct strv *dst, const struct strv *src)
{
	dst->v = NULL;
	dst->n = 0;
	for (size_t i = 0; i < src->n; i++)
		strv_add(dst, src->v[i]);
}

bool
strv_equal(const struct strv *a, const struct strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	}
	return true;
}

bool
strv_has(const struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++) {
		if (strcmp(sv->v[i], s) == 0)
			return true;
	}
	return false;
}

void
strv_done(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

void
strv_split(struct strv *sv, const char *list)
{
	const char	*p = list, *end, *s, *e;
	char		*item;

	sv->v = NULL;
	sv->n = 0;
	while (*p != '\0') {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		s = p;
		e = end;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e > s) {
			item = xstrndup(s, (size_t)(e - s));
			if (!strv_has(sv, item))
				strv_add(sv, item);
			free(item);
		}
		p = *end == ',' ? end + 1 : end;
	}
}

char *
strv_join(const struct strv *sv, const char *sep)
{
	size_t	 len = 1, seplen = strlen(sep), off = 0, n;
	char	*s;

	for (size_t i = 0; i < sv->n; i++)
		len += strlen(sv->v[i]) + (i > 0 ? seplen : 0);
	s = xmalloc(len);
	for (size_t i = 0; i < sv->n; i++) {
		if (i > 0) {
			memcpy(s + off, sep, seplen);
			off += seplen;
		}
		n = strlen(sv->v[i]);
		memcpy(s + off, sv->v[i], n);
		off += n;
	}
	s[off] = '\0';
	return s;
}

const char *
tix_kind_name(enum tix_kind kind)
{
	static const char *const names[] = {
		[TIX_KIND_TICKET] = "ticket",
		[TIX_KIND_CUSTOMER] = "customer",
		[TIX_KIND_NOTE] = "note",
		[TIX_KIND_CATEGORY] = "category",
		[TIX_KIND_AGENT] = "agent",
	};

	if ((unsigned)kind >= TIX_KIND_COUNT)
		return "record";
	return names[kind];
}

const char *
tix_status_name(enum tix_status status)
{
	return status == TIX_STATUS_CLOSED ? "CLOSED" : "ACTIVE";
}

int
tix_status_parse(const char *s, enum tix_status *out)
{
	if (strcasecmp(s, "ACTIVE") == 0 || strcasecmp(s, "open") == 0)
		*out = TIX_STATUS_ACTIVE;
	else if (strcasecmp(s, "CLOSED") == 0)
		*out = TIX_STATUS_CLOSED;
	else
		return -1;
	return 0;
}

static const char *const tix_priority_names[TIX_PRIORITY_COUNT] = {
	[TIX_PRIORITY_NONE] = "",
	[TIX_PRIORITY_LOW] = "low",
	[TIX_PRIORITY_NORMAL] = "normal",
	[TIX_PRIORITY_HIGH] = "high",
	[TIX_PRIORITY_URGENT] = "urgent",
};

const char *
tix_priority_name(enum tix_priority p)
{
	if ((unsigned)p >= TIX_PRIORITY_COUNT)
		return "";
	return tix_priority_names[p];
}

int
tix_priority_parse(const char *s, enum tix_priority *out)
{
	for (int i = TIX_PRIORITY_LOW; i < TIX_PRIORITY_COUNT; i++) {
		if (strcasecmp(s, tix_priority_names[i]) == 0) {
			*out = (enum tix_priority)i;
			return 0;
		}
	}
	/* Freshdesk and others say "medium" for the middle level. */
	if (strcasecmp(s, "medium") == 0) {
		*out = TIX_PRIORITY_NORMAL;
		return 0;
	}
	return -1;
}

/* Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		era;
	unsigned	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Parse exactly n digits. */
static int
parse_digits(const char **pp, int n, int *out)
{
	int	v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*pp)[i]))
			return -1;
		v = v * 10 + ((*pp)[i] - '0');
	}
	*pp += n;
	*out = v;
	return 0;
}

int
tix_time_parse(const char *s, int64_t *out)
{
	int	y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	int64_t	t;

	if (parse_digits(&s, 4, &y) == -1 || *s++ != '-' ||
	    parse_digits(&s, 2, &mo) == -1 || *s++ != '-' ||
	    parse_digits(&s, 2, &d) == -1)
		return -1;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (parse_digits(&s, 2, &h) == -1 || *s++ != ':' ||
		    parse_digits(&s, 2, &mi) == -1)
			return -1;
		if (*s == ':') {
			s++;
			if (parse_digits(&s, 2, &sec) == -1)
				return -1;
			if (*s == '.') {
				s++;
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
		if (*s == 'Z' || *s == 'z')
			s++;
		else if (*s == '+' || *s == '-') {
			sign = *s++ == '-' ? -1 : 1;
			if (parse_digits(&s, 2, &oh) == -1)
				return -1;
			if (*s == ':')
				s++;
			if (parse_digits(&s, 2, &om) == -1)
				return -1;
		}
	}
	if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60 || oh > 23 || om > 59)
		return -1;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + sec;
	t -= sign * (oh * 3600 + om * 60);
	*out = t;
	return 0;
}

void
tix_time_format(int64_t t, char buf[static 21])
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		xsnprintf(buf, 21, "1970-01-01T00:00:00Z");
}

char *
tix_email_normalize(const char *email)
{
	const char	*s = email, *e;
	char		*out;
	size_t		 n;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	n = (size_t)(e - s);
	out = xstrndup(s, n);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return out;
}
