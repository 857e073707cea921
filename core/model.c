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

#include "core/log.h"
#include "core/provider.h"
#include "core/text.h"
#include "core/xmalloc.h"

static void	contact_points_copy(struct contact_point **, size_t *,
		    const struct contact_point *, size_t);
static void	contact_points_free(struct contact_point *, size_t);
static bool	str_equal(const char *, const char *);

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

static void
contact_points_copy(struct contact_point **dst, size_t *ndst,
    const struct contact_point *src, size_t n)
{
	*dst = NULL;
	*ndst = n;
	if (n == 0)
		return;
	*dst = xcalloc(n, sizeof **dst);
	for (size_t i = 0; i < n; i++) {
		(*dst)[i].value = xstrdup_opt(src[i].value);
		(*dst)[i].type = xstrdup_opt(src[i].type);
	}
}

static void
contact_points_free(struct contact_point *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].value);
		free(v[i].type);
	}
	free(v);
}

struct record *
record_dup(const struct record *r)
{
	struct record	*d = record_new(r->kind, r->account);

	switch (r->kind) {
	case TIX_KIND_TICKET: {
		const struct ticket	*s = &r->u.ticket;
		struct ticket		*t = &d->u.ticket;

		*t = *s;
		t->id = xstrdup_opt(s->id);
		t->subject = xstrdup_opt(s->subject);
		t->description = xstrdup_opt(s->description);
		t->status_raw = xstrdup_opt(s->status_raw);
		t->priority_raw = xstrdup_opt(s->priority_raw);
		t->customer_id = xstrdup_opt(s->customer_id);
		t->user_id = xstrdup_opt(s->user_id);
		t->category_id = xstrdup_opt(s->category_id);
		strv_copy(&t->tags, &s->tags);
		t->source = xstrdup_opt(s->source);
		t->url = xstrdup_opt(s->url);
		break;
	}
	case TIX_KIND_CUSTOMER: {
		const struct customer	*s = &r->u.customer;
		struct customer		*c = &d->u.customer;

		*c = *s;
		c->id = xstrdup_opt(s->id);
		c->name = xstrdup_opt(s->name);
		contact_points_copy(&c->emails, &c->nemails, s->emails,
		    s->nemails);
		contact_points_copy(&c->telephones, &c->ntelephones,
		    s->telephones, s->ntelephones);
		strv_copy(&c->tags, &s->tags);
		break;
	}
	case TIX_KIND_NOTE: {
		const struct note	*s = &r->u.note;
		struct note		*n = &d->u.note;

		*n = *s;
		n->id = xstrdup_opt(s->id);
		n->ticket_id = xstrdup_opt(s->ticket_id);
		n->customer_id = xstrdup_opt(s->customer_id);
		n->user_id = xstrdup_opt(s->user_id);
		n->description = xstrdup_opt(s->description);
		break;
	}
	case TIX_KIND_CATEGORY: {
		const struct category	*s = &r->u.category;
		struct category		*c = &d->u.category;

		*c = *s;
		c->id = xstrdup_opt(s->id);
		c->name = xstrdup_opt(s->name);
		c->description = xstrdup_opt(s->description);
		c->parent_id = xstrdup_opt(s->parent_id);
		break;
	}
	case TIX_KIND_AGENT: {
		const struct agent	*s = &r->u.agent;
		struct agent		*a = &d->u.agent;

		*a = *s;
		a->id = xstrdup_opt(s->id);
		a->name = xstrdup_opt(s->name);
		a->email = xstrdup_opt(s->email);
		break;
	}
	case TIX_KIND_COUNT:
		fatalx("record_dup: bad kind");
	}
	return d;
}

void
record_free(struct record **rp)
{
	struct record	*r = *rp;

	if (r == NULL)
		return;
	switch (r->kind) {
	case TIX_KIND_TICKET: {
		struct ticket	*t = &r->u.ticket;

		free(t->id);
		free(t->subject);
		free(t->description);
		free(t->status_raw);
		free(t->priority_raw);
		free(t->customer_id);
		free(t->user_id);
		free(t->category_id);
		strv_done(&t->tags);
		free(t->source);
		free(t->url);
		break;
	}
	case TIX_KIND_CUSTOMER: {
		struct customer	*c = &r->u.customer;

		free(c->id);
		free(c->name);
		contact_points_free(c->emails, c->nemails);
		contact_points_free(c->telephones, c->ntelephones);
		strv_done(&c->tags);
		break;
	}
	case TIX_KIND_NOTE: {
		struct note	*n = &r->u.note;

		free(n->id);
		free(n->ticket_id);
		free(n->customer_id);
		free(n->user_id);
		free(n->description);
		break;
	}
	case TIX_KIND_CATEGORY: {
		struct category	*c = &r->u.category;

		free(c->id);
		free(c->name);
		free(c->description);
		free(c->parent_id);
		break;
	}
	case TIX_KIND_AGENT: {
		struct agent	*a = &r->u.agent;

		free(a->id);
		free(a->name);
		free(a->email);
		break;
	}
	case TIX_KIND_COUNT:
		break;
	}
	free(r);
	*rp = NULL;
}

const char *
record_id(const struct record *r)
{
	switch (r->kind) {
	case TIX_KIND_TICKET:
		return r->u.ticket.id;
	case TIX_KIND_CUSTOMER:
		return r->u.customer.id;
	case TIX_KIND_NOTE:
		return r->u.note.id;
	case TIX_KIND_CATEGORY:
		return r->u.category.id;
	case TIX_KIND_AGENT:
		return r->u.agent.id;
	case TIX_KIND_COUNT:
		break;
	}
	return NULL;
}

/* Sanitize every string of a vector, dropping those that end up empty. */
static void
strv_sanitize(struct strv *sv)
{
	size_t	j = 0;

	for (size_t i = 0; i < sv->n; i++) {
		text_sanitize_field(&sv->v[i], 0);
		if (sv->v[i][0] == '\0')
			free(sv->v[i]);
		else
			sv->v[j++] = sv->v[i];
	}
	sv->n = j;
}

static void
contact_points_sanitize(struct contact_point *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		text_sanitize_field(&v[i].value, 0);
		text_sanitize_field(&v[i].type, 0);
	}
}

void
record_sanitize(struct record *r)
{
	switch (r->kind) {
	case TIX_KIND_TICKET: {
		struct ticket	*t = &r->u.ticket;

		text_sanitize_field(&t->id, 0);
		text_sanitize_field(&t->subject, 0);
		text_sanitize_field(&t->description, TEXT_MULTILINE);
		text_sanitize_field(&t->status_raw, 0);
		text_sanitize_field(&t->priority_raw, 0);
		text_sanitize_field(&t->customer_id, 0);
		text_sanitize_field(&t->user_id, 0);
		text_sanitize_field(&t->category_id, 0);
		strv_sanitize(&t->tags);
		text_sanitize_field(&t->source, 0);
		text_sanitize_field(&t->url, 0);
		break;
	}
	case TIX_KIND_CUSTOMER: {
		struct customer	*c = &r->u.customer;

		text_sanitize_field(&c->id, 0);
		text_sanitize_field(&c->name, 0);
		contact_points_sanitize(c->emails, c->nemails);
		contact_points_sanitize(c->telephones, c->ntelephones);
		strv_sanitize(&c->tags);
		break;
	}
	case TIX_KIND_NOTE: {
		struct note	*n = &r->u.note;

		text_sanitize_field(&n->id, 0);
		text_sanitize_field(&n->ticket_id, 0);
		text_sanitize_field(&n->customer_id, 0);
		text_sanitize_field(&n->user_id, 0);
		text_sanitize_field(&n->description, TEXT_MULTILINE);
		break;
	}
	case TIX_KIND_CATEGORY: {
		struct category	*c = &r->u.category;

		text_sanitize_field(&c->id, 0);
		text_sanitize_field(&c->name, 0);
		text_sanitize_field(&c->description, TEXT_MULTILINE);
		text_sanitize_field(&c->parent_id, 0);
		break;
	}
	case TIX_KIND_AGENT: {
		struct agent	*a = &r->u.agent;

		text_sanitize_field(&a->id, 0);
		text_sanitize_field(&a->name, 0);
		text_sanitize_field(&a->email, 0);
		break;
	}
	case TIX_KIND_COUNT:
		break;
	}
}

static bool
str_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
contact_points_equal(const struct contact_point *a, size_t na,
    const struct contact_point *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (!str_equal(a[i].value, b[i].value) ||
		    !str_equal(a[i].type, b[i].type))
			return false;
	}
	return true;
}

bool
record_equal(const struct record *a, const struct record *b)
{
	if (a->kind != b->kind || a->account != b->account)
		return false;
	switch (a->kind) {
	case TIX_KIND_TICKET: {
		const struct ticket	*x = &a->u.ticket, *y = &b->u.ticket;

		return str_equal(x->id, y->id) &&
		    str_equal(x->subject, y->subject) &&
		    str_equal(x->description, y->description) &&
		    x->status == y->status &&
		    str_equal(x->status_raw, y->status_raw) &&
		    x->priority == y->priority &&
		    str_equal(x->priority_raw, y->priority_raw) &&
		    str_equal(x->customer_id, y->customer_id) &&
		    str_equal(x->user_id, y->user_id) &&
		    str_equal(x->category_id, y->category_id) &&
		    strv_equal(&x->tags, &y->tags) &&
		    str_equal(x->source, y->source) &&
		    str_equal(x->url, y->url) &&
		    x->created_at == y->created_at &&
		    x->updated_at == y->updated_at &&
		    x->closed_at == y->closed_at &&
		    x->due_at == y->due_at;
	}
	case TIX_KIND_CUSTOMER: {
		const struct customer	*x = &a->u.customer;
		const struct customer	*y = &b->u.customer;

		return str_equal(x->id, y->id) &&
		    str_equal(x->name, y->name) &&
		    contact_points_equal(x->emails, x->nemails, y->emails,
		    y->nemails) &&
		    contact_points_equal(x->telephones, x->ntelephones,
		    y->telephones, y->ntelephones) &&
		    strv_equal(&x->tags, &y->tags) &&
		    x->created_at == y->created_at &&
		    x->updated_at == y->updated_at;
	}
	case TIX_KIND_NOTE: {
		const struct note	*x = &a->u.note, *y = &b->u.note;

		return str_equal(x->id, y->id) &&
		    str_equal(x->ticket_id, y->ticket_id) &&
		    str_equal(x->customer_id, y->customer_id) &&
		    str_equal(x->user_id, y->user_id) &&
		    str_equal(x->description, y->description) &&
		    x->is_public == y->is_public &&
		    x->created_at == y->created_at &&
		    x->updated_at == y->updated_at;
	}
	case TIX_KIND_CATEGORY: {
		const struct category	*x = &a->u.category;
		const struct category	*y = &b->u.category;

		return str_equal(x->id, y->id) &&
		    str_equal(x->name, y->name) &&
		    str_equal(x->description, y->description) &&
		    str_equal(x->parent_id, y->parent_id) &&
		    x->is_active == y->is_active;
	}
	case TIX_KIND_AGENT: {
		const struct agent	*x = &a->u.agent, *y = &b->u.agent;

		return str_equal(x->id, y->id) &&
		    str_equal(x->name, y->name) &&
		    str_equal(x->email, y->email) &&
		    x->is_me == y->is_me;
	}
	case TIX_KIND_COUNT:
		break;
	}
	return false;
}

void
patch_apply(const struct patch *p, struct ticket *t)
{
	if (p->fields & TIX_PATCH_PRIORITY) {
		t->priority = p->priority;
		free(t->priority_raw);
		t->priority_raw = xstrdup(tix_priority_name(p->priority));
	}
	if (p->fields & TIX_PATCH_STATUS) {
		if (t->status != p->status) {
			/* The platform names the new status when it confirms. */
			free(t->status_raw);
			t->status_raw = NULL;
		}
		t->status = p->status;
	}
	if (p->fields & TIX_PATCH_CATEGORY) {
		free(t->category_id);
		t->category_id = xstrdup_opt(p->category_id);
	}
	if (p->fields & TIX_PATCH_ASSIGNEE) {
		free(t->user_id);
		t->user_id = xstrdup_opt(p->user_id);
	}
	if (p->fields & TIX_PATCH_TAGS) {
		strv_done(&t->tags);
		strv_copy(&t->tags, &p->tags);
	}
}

void
patch_copy(struct patch *dst, const struct patch *src)
{
	*dst = *src;
	dst->category_id = xstrdup_opt(src->category_id);
	dst->user_id = xstrdup_opt(src->user_id);
	strv_copy(&dst->tags, &src->tags);
}

void
patch_done(struct patch *p)
{
	free(p->category_id);
	free(p->user_id);
	strv_done(&p->tags);
	memset(p, 0, sizeof *p);
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
