/*
 * The REST kit's lists (see rest.h): which list a walk takes, the
 * shared paginators (a cursor in the body; the Link header, the page
 * number or the offset, with a page window), the cursors handed to the
 * session, and fetching one record.
 *
 * A cursor is "LIST:SINCE:LIMIT:PATH": the index of the list walked,
 * the walk's updated_since (a chained list starts from it), its page
 * size (0: the list's) and the next page's request, relative to the API
 * base or a Link URL (core/http takes only the API's own origin).
 */

#include "config.h"

#include "providers/rest.h"
#include "providers/rest_int.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/http.h"
#include "core/log.h"
#include "core/xmalloc.h"

/* What one page's items need besides the item. */
struct rest_page_state {
	const struct rest_list	*list;
	const struct rest_walk	*walk;
	bool			 stop;		/* newest first, past since */
};

/* Does the query argument at p have this name? */
static bool
rest_arg_is(const char *p, const char *name)
{
	size_t	n = strlen(name);

	return strncmp(p, name, n) == 0 && p[n] == '=';
}

/* A request path is at most this long: a cursor may come from anyone. */
#define REST_PATH_MAX	8192

enum tix_err
rest_path_expand(const struct rest *r, const char *tmpl, const char *id,
    size_t limit, int64_t since, enum rest_since form, char **out,
    char **cause)
{
	struct buf	 b;
	const char	*p = tmpl, *end;
	char		 ts[21], *esc;
	enum tix_err	 err = TIX_OK;

	*out = NULL;
	buf_init(&b, REST_PATH_MAX);
	while (*p != '\0' && err == TIX_OK) {
		if (strncmp(p, "{id}", 4) == 0 || strncmp(p, "{ticket}",
		    8) == 0) {
			err = buf_add_str(&b, id != NULL ? id : "");
			p = strchr(p, '}') + 1;
		} else if (strncmp(p, "{field}", 7) == 0) {
			err = buf_add_str(&b, r->category_field != NULL ?
			    r->category_field : "");
			p += 7;
		} else if (strncmp(p, "{limit}", 7) == 0) {
			err = buf_add_printf(&b, "%zu", limit);
			p += 7;
		} else if (strncmp(p, "{since}", 7) == 0) {
			tix_time_format(since > 0 ? since : 0, ts);
			esc = form == REST_SINCE_UNIX ? xasprintf("%" PRId64,
			    since > 0 ? since : 1) : http_url_escape(ts);
			err = buf_add_str(&b, esc);
			free(esc);
			p += 7;
		} else {
			end = strchr(p + 1, '{');
			if (end == NULL)
				end = p + strlen(p);
			err = buf_add(&b, p, (size_t)(end - p));
			p = end;
		}
	}
	if (err != TIX_OK)
		return tix_fail(cause, err, "a request path is longer than "
		    "%u bytes", REST_PATH_MAX);
	*out = buf_take(&b);
	return TIX_OK;
}

/*
 * path with its argument name set to value (escaped), and the argument
 * drop left out.
 */
static enum tix_err
rest_path_with(const struct rest *r, const char *path, const char *name,
    const char *value, const char *drop, char **out, char **cause)
{
	struct buf	 b;
	const char	*q, *p, *amp;
	char		*esc;
	size_t		 n;
	char		 sep = '?';
	enum tix_err	 err;

	*out = NULL;
	buf_init(&b, REST_PATH_MAX);
	q = strchr(path, '?');
	err = buf_add(&b, path, q != NULL ? (size_t)(q - path) :
	    strlen(path));
	for (p = q != NULL ? q + 1 : NULL; p != NULL && *p != '\0' &&
	    err == TIX_OK; p = amp) {
		amp = strchr(p, '&');
		n = amp != NULL ? (size_t)(amp - p) : strlen(p);
		if (amp != NULL)
			amp++;
		if (rest_arg_is(p, name) || (drop != NULL &&
		    rest_arg_is(p, drop)))
			continue;
		err = buf_add_printf(&b, "%c%.*s", sep, (int)n, p);
		sep = '&';
	}
	esc = http_url_escape(value);
	if (err == TIX_OK)
		err = buf_add_printf(&b, "%c%s=%s", sep, name, esc);
	free(esc);
	if (err != TIX_OK)
		return tix_fail(cause, TIX_ERR_PARSE, "%s sent a cursor too "
		    "long to send back", r->pf->name);
	*out = buf_take(&b);
	return TIX_OK;
}

/* The cursor of a walk's next page. */
static char *
rest_cursor_make(unsigned list, const struct rest_walk *w, const char *path)
{
	return xasprintf("%u:%" PRId64 ":%zu:%s", list, w->since, w->limit,
	    path);
}

/* Undo rest_cursor_make, refusing what tix did not hand out. */
static enum tix_err
rest_cursor_read(const struct rest *r, enum tix_kind kind, const char *s,
    struct rest_walk *w, char **cause)
{
	char			*end;
	unsigned long		 list, limit;
	long long		 since;

	errno = 0;
	list = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != ':' || list >= r->pf->nlists ||
	    r->pf->lists[list].kind != kind)
		goto bad;
	s = end + 1;
	errno = 0;
	since = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != ':' || since < 0)
		goto bad;
	s = end + 1;
	errno = 0;
	limit = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != ':' || limit > 100000 ||
	    end[1] == '\0')
		goto bad;
	w->list = (unsigned)list;
	w->since = since;
	w->limit = limit;
	w->path = xstrdup(end + 1);
	return TIX_OK;
bad:
	return tix_fail(cause, TIX_ERR_INVALID, "not a %s cursor",
	    r->pf->name);
}

/* Is list i the one to walk for kind and since? */
static bool
rest_list_fits(const struct rest *r, unsigned i, enum tix_kind kind,
    int64_t since)
{
	const struct rest_list	*l = &r->pf->lists[i];

	if (l->kind != kind || (r->refused & (1u << i)) != 0)
		return false;
	if ((l->when == REST_WHEN_FIRST && since > 0) ||
	    (l->when == REST_WHEN_SINCE && since == 0) ||
	    l->when == REST_WHEN_CHAINED)
		return false;
	return l->usable == NULL || l->usable(r);
}

/* The first page of list i from since. */
static enum tix_err
rest_list_first(const struct rest *r, unsigned i, const char *ticket_id,
    size_t limit, int64_t since, char **out, char **cause)
{
	const struct rest_list	*l = &r->pf->lists[i];
	int64_t			 latest;

	if (l->page_max > 0 && (limit == 0 || limit > l->page_max))
		limit = l->page_max;
	if (l->since_lag > 0 && since > 0) {
		latest = (int64_t)time(NULL) - l->since_lag;
		if (since > latest)
			since = latest;
	}
	return rest_path_expand(r, l->path, ticket_id, limit, since,
	    l->since_format, out, cause);
}

enum tix_err
rest_walk_start(struct rest *r, enum tix_kind kind, const struct query *q,
    struct rest_walk *w, char **cause)
{
	memset(w, 0, sizeof *w);
	w->ticket_id = q->ticket_id;
	if (q->cursor != NULL)
		return rest_cursor_read(r, kind, q->cursor, w, cause);
	for (unsigned i = 0; i < r->pf->nlists; i++) {
		if (!rest_list_fits(r, i, kind, q->updated_since))
			continue;
		w->list = i;
		w->since = q->updated_since;
		w->limit = q->limit;
		return rest_list_first(r, i, q->ticket_id, q->limit,
		    q->updated_since, &w->path, cause);
	}
	return tix_fail(cause, TIX_ERR_UNSUPPORTED, "%s cannot list %s "
	    "records", r->pf->name, tix_kind_name(kind));
}

void
rest_walk_done(struct rest_walk *w)
{
	free(w->path);
	memset(w, 0, sizeof *w);
}

/*
 * Does item e say its record is gone (all: every item of the list is)?
 * Then its id goes in out.
 */
static enum tix_err
rest_item_removed(const struct rest *r, const struct rest_kind *k, bool all,
    const cJSON *e, bool *removed, struct page *out, char **cause)
{
	const cJSON	*v;
	char		 id[JSON_ID_MAX];

	*removed = false;
	if (!all && k->removed_member == NULL)
		return TIX_OK;
	v = k->removed_member != NULL ? rest_member(e, k->removed_member) :
	    NULL;
	if (!all && (k->removed_value != NULL ? !cJSON_IsString(v) ||
	    strcmp(v->valuestring, k->removed_value) != 0 : !cJSON_IsTrue(v)))
		return TIX_OK;
	*removed = true;
	if (json_id_text(rest_member(e, k->fields[0].member), id) != 1)
		return tix_fail(cause, TIX_ERR_PARSE, "%s deleted %s without "
		    "an id", r->pf->name, k->what);
	page_add_removed(out, id);
	return TIX_OK;
}

/* One item of a page into out; an error skips it. */
static enum tix_err
rest_item_read(struct rest *r, struct rest_page_state *st, const cJSON *e,
    struct page *out, char **cause)
{
	const struct rest_list	*l = st->list;
	const struct rest_kind	*k = &r->pf->kinds[l->kind];
	const cJSON		*v;
	struct record		*rec;
	bool			 removed;
	long			 mark;
	int64_t			 updated;
	enum tix_err		 err;

	err = rest_item_removed(r, k, l->removes, e, &removed, out, cause);
	if (err != TIX_OK || removed)
		return err;
	v = l->only_member != NULL ? rest_member(e, l->only_member) : NULL;
	if (cJSON_IsString(v) && strcmp(v->valuestring, l->only_value) != 0)
		return TIX_OK;
	err = rest_record_read(r, l->kind, e, st->walk->ticket_id, &rec,
	    cause);
	if (err != TIX_OK)
		return err;
	updated = rec->kind == TIX_KIND_TICKET ? rec->u.ticket.updated_at :
	    rec->kind == TIX_KIND_CUSTOMER ? rec->u.customer.updated_at : 0;
	if (l->newest_first && updated < st->walk->since) {
		/* Newest first: the rest are older. */
		record_free(&rec);
		st->stop = true;
		return TIX_OK;
	}
	if (l->mark_member != NULL && rest_number(rest_member(e,
	    l->mark_member), &mark) && mark > updated)
		updated = mark;
	if (updated > out->watermark)
		out->watermark = updated;
	page_add(out, rec);
	return TIX_OK;
}

/* The items of a page, under the one bad-record policy. */
static void
rest_items_read(struct rest *r, struct rest_page_state *st,
    const cJSON *items, struct page *out)
{
	const cJSON	*e;
	char		*why;
	size_t		 i = 0;

	cJSON_ArrayForEach(e, items) {
		i++;
		if (st->stop)
			break;
		why = NULL;
		if (rest_item_read(r, st, e, out, &why) == TIX_OK)
			continue;
		/* Skip it, count it (the account's status shows it), log. */
		atomic_fetch_add(&r->account->skipped, 1);
		log_debug("%s %s: skipped item %zu of a %s page: %s",
		    r->pf->name, r->account->name, i,
		    tix_kind_name(st->list->kind), why != NULL ? why : "bad");
		free(why);
	}
}

/*
 * A cursor pager's next page: *next is the cursor when there are more
 * pages, NULL on the last.  An answer that does not say fails the page.
 */
static enum tix_err
rest_cursor_next(const struct rest *r, const struct rest_list *l,
    const cJSON *root, const char **next, char **cause)
{
	const cJSON	*v;
	bool		 more;

	*next = NULL;
	v = rest_member(root, l->cursor);
	if (cJSON_IsString(v) && v->valuestring[0] != '\0')
		*next = v->valuestring;
	if (l->more == NULL)
		return TIX_OK;
	v = rest_member(root, l->more);
	if (!cJSON_IsBool(v))
		return tix_fail(cause, TIX_ERR_PARSE, "%s answer without "
		    "\"%s\"", r->pf->name, l->more);
	more = (cJSON_IsTrue(v) != 0) != l->more_inverted;
	if (!more)
		*next = NULL;
	else if (*next == NULL)
		return tix_fail(cause, TIX_ERR_PARSE, "%s answer has more "
		    "pages but no \"%s\"", r->pf->name, l->cursor);
	return TIX_OK;
}

/*
 * The next page of a pager by number: the Link header's, or the page
 * (or offset) one further while pages come full.  At the window's last
 * page the walk starts again from the newest record read; if that is no
 * newer than where this walk began, it cannot move.
 */
static enum tix_err
rest_number_next(const struct rest *r, const struct rest_walk *w,
    const char *link, size_t nitems, int64_t newest, char **next,
    char **cause)
{
	const struct rest_list	*l = &r->pf->lists[w->list];
	size_t			 size = l->page_max;
	char			*s, num[24];
	long			 at = l->pager == REST_PAGER_OFFSET ? 0 : 1;
	int64_t			 from = 0;

	*next = NULL;
	if (w->limit > 0 && (size == 0 || w->limit < size))
		size = w->limit;
	/* The last page: no link, or a page short of full. */
	if (l->pager == REST_PAGER_LINK ? link == NULL : nitems == 0 ||
	    nitems < size)
		return TIX_OK;
	if (l->page_arg != NULL)
		http_query_number(w->path, l->page_arg, 0, LONG_MAX / 2,
		    &at);
	if (l->window > 0 && l->pager != REST_PAGER_OFFSET &&
	    at >= (long)l->window) {
		s = http_query_arg(w->path, l->since_arg);
		if (s == NULL || tix_time_parse(s, &from) != 0)
			from = 0;
		free(s);
		if (newest <= from)
			return tix_fail(cause, TIX_ERR_UNSUPPORTED, "more than "
			    "%u pages of %s records changed in the same second:"
			    " cannot list past page %u", l->window,
			    r->pf->name, l->window);
		return rest_list_first(r, w->list, w->ticket_id, w->limit,
		    newest, next, cause);
	}
	if (l->pager == REST_PAGER_LINK) {
		*next = xstrdup(link);
		return TIX_OK;
	}
	xsnprintf(num, sizeof num, "%ld", l->pager == REST_PAGER_OFFSET ?
	    at + (long)nitems : at + 1);
	return rest_path_with(r, w->path, l->page_arg, num, NULL, next,
	    cause);
}

enum tix_err
rest_page_parse(struct rest *r, const struct rest_walk *w,
    const cJSON *root, const char *link_next, struct page *out,
    char **cause)
{
	const struct rest_list	*l = &r->pf->lists[w->list];
	struct rest_page_state	 st = { .list = l, .walk = w };
	const cJSON		*items;
	const char		*cursor = NULL;
	char			*next = NULL;
	unsigned		 list = w->list;
	enum tix_err		 err = TIX_OK;

	if (l->read != NULL)
		return l->read(r, root, out, cause);
	items = l->items != NULL ? rest_member(root, l->items) : root;
	if (!cJSON_IsArray(items))
		return tix_fail(cause, TIX_ERR_PARSE, "%s sent a list without "
		    "its \"%s\" array", r->pf->name, l->items != NULL ?
		    l->items : "items");
	if (l->pager == REST_PAGER_CURSOR)
		err = rest_cursor_next(r, l, root, &cursor, cause);
	if (err != TIX_OK)
		return err;
	rest_items_read(r, &st, items, out);
	if (!st.stop && cursor != NULL)
		err = rest_path_with(r, w->path, l->cursor_arg, cursor,
		    l->drop_arg, &next, cause);
	else if (!st.stop && l->pager >= REST_PAGER_LINK)
		err = rest_number_next(r, w, link_next,
		    (size_t)cJSON_GetArraySize(items), out->watermark, &next,
		    cause);
	if (err == TIX_OK && next == NULL && !st.stop && l->then > 0 &&
	    w->since > 0) {
		list = l->then - 1;
		err = rest_list_first(r, list, w->ticket_id, w->limit,
		    w->since, &next, cause);
	}
	if (next != NULL)
		out->next_cursor = rest_cursor_make(list, w, next);
	free(next);
	if (l->kind != TIX_KIND_TICKET && l->kind != TIX_KIND_CUSTOMER)
		out->watermark = 0;
	if (l->kind == TIX_KIND_AGENT) {
		for (size_t i = 0; i < out->n; i++)
			hashset_add(&r->agents, out->records[i]->u.agent.id);
		/* The walk's last page makes them all known. */
		if (out->next_cursor == NULL)
			r->agents_known = true;
	}
	rest_stamps_note(r, out->records, out->n);
	return err;
}

enum tix_err
rest_list(struct account *a, enum tix_kind kind, const struct query *q,
    struct page *out, char **cause)
{
	struct rest		*r;
	struct rest_walk	 w;
	struct rest_reply	 reply;
	enum tix_err		 err;

	memset(out, 0, sizeof *out);
	memset(&w, 0, sizeof w);
	memset(&reply, 0, sizeof reply);
	err = rest_ready(a, &r, cause);
	if (err == TIX_OK && kind == TIX_KIND_NOTE)
		err = rest_check_id(r, "ticket", q->ticket_id, cause);
	if (err == TIX_OK && kind == TIX_KIND_NOTE)
		err = rest_agents_load(a, cause);
	if (err == TIX_OK)
		err = rest_walk_start(r, kind, q, &w, cause);
	if (err == TIX_OK)
		err = rest_call(r, "GET", w.path, NULL, true, &reply, cause);
	while (err == TIX_ERR_FORBIDDEN && q->cursor == NULL &&
	    r->pf->lists[w.list].refusable) {
		/* Not for this user (docs/platforms/<platform>.md): next. */
		log_debug("%s %s: %s refused, listing another way",
		    r->pf->name, a->name, w.path);
		r->refused |= 1u << w.list;
		xfree(cause);
		rest_walk_done(&w);
		err = rest_walk_start(r, kind, q, &w, cause);
		if (err == TIX_OK)
			err = rest_call(r, "GET", w.path, NULL, true, &reply,
			    cause);
	}
	if (err == TIX_OK)
		err = rest_page_parse(r, &w, reply.root, reply.link_next, out,
		    cause);
	if (err != TIX_OK)
		page_done(out);
	rest_reply_done(&reply);
	rest_walk_done(&w);
	return err;
}

enum tix_err
rest_get_record(struct rest *r, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	const struct rest_kind	*k = &r->pf->kinds[kind];
	struct rest_reply	 reply;
	char			*path = NULL;
	enum tix_err		 err;

	*out = NULL;
	err = rest_check_id(r, k->what, id, cause);
	if (err != TIX_OK)
		return err;
	memset(&reply, 0, sizeof reply);
	err = rest_path_expand(r, k->get_path, id, 0, 0, REST_SINCE_ISO, &path,
	    cause);
	if (err == TIX_OK)
		err = rest_call(r, "GET", path, NULL, true, &reply, cause);
	if (err == TIX_OK)
		err = rest_record_read(r, kind, k->get_member != NULL ?
		    rest_member(reply.root, k->get_member) : reply.root,
		    NULL, out, cause);
	if (err == TIX_OK)
		rest_stamps_note(r, out, 1);
	rest_reply_done(&reply);
	free(path);
	return err;
}

/*
 * Walk every page of a kind until stop() says so or the last page has
 * been read.
 */
static enum tix_err
rest_walk_all(struct account *a, enum tix_kind kind,
    bool (*stop)(const struct page *, void *), void *arg, char **cause)
{
	struct query	 q;
	struct page	 pg;
	char		*next = NULL;
	bool		 done;
	enum tix_err	 err;

	memset(&q, 0, sizeof q);
	do {
		q.cursor = next;
		err = rest_list(a, kind, &q, &pg, cause);
		free(next);
		next = NULL;
		done = err != TIX_OK || stop(&pg, arg);
		if (!done) {
			next = pg.next_cursor;
			pg.next_cursor = NULL;
		}
		page_done(&pg);
	} while (next != NULL);
	return err;
}

/* The agents are learnt as their pages pass (rest_page_parse). */
static bool
rest_agents_known(const struct page *pg, void *arg)
{
	(void)pg;
	return ((const struct rest *)arg)->agents_known;
}

enum tix_err
rest_agents_load(struct account *a, char **cause)
{
	struct rest	*r = a->priv;

	if (r->agents_known)
		return TIX_OK;
	return rest_walk_all(a, TIX_KIND_AGENT, rest_agents_known, r, cause);
}

/* What rest_find_record() looks for, and finds. */
struct rest_find {
	const char	*id;
	struct record	*found;
};

static bool
rest_find_in(const struct page *pg, void *arg)
{
	struct rest_find	*f = arg;

	for (size_t i = 0; i < pg->n && f->found == NULL; i++) {
		if (strcmp(record_id(pg->records[i]), f->id) == 0)
			f->found = record_dup(pg->records[i]);
	}
	return f->found != NULL;
}

/* Find a record of a kind without a request of its own: list them. */
static enum tix_err
rest_find_record(struct account *a, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	struct rest_find	 f = { .id = id };
	enum tix_err		 err;

	err = rest_walk_all(a, kind, rest_find_in, &f, cause);
	if (err == TIX_OK && f.found == NULL)
		err = tix_fail(cause, TIX_ERR_NOT_FOUND, "no %s %s %s",
		    ((struct rest *)a->priv)->pf->name, tix_kind_name(kind),
		    id);
	*out = f.found;
	return err;
}

enum tix_err
rest_get(struct account *a, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	struct rest	*r;
	enum tix_err	 err;

	*out = NULL;
	err = rest_ready(a, &r, cause);
	if (err != TIX_OK)
		return err;
	/* A note is known only with its ticket: list them. */
	if ((unsigned)kind >= TIX_KIND_COUNT || kind == TIX_KIND_NOTE)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED, "%s cannot fetch "
		    "one %s record", r->pf->name, tix_kind_name(kind));
	if (r->pf->kinds[kind].get_path == NULL)
		return rest_find_record(a, kind, id, out, cause);
	return rest_get_record(r, kind, id, out, cause);
}
