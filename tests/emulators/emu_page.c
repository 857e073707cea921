/*
 * Server-side paginators, mirroring the strategies clients follow:
 *   page/offset  page and per_page, with a window cap (a page count or a
 *                record count past which the platform refuses);
 *   Link header  rel="next" while more remain;
 *   cursor       an opaque position (sort key, id) in the body, forward
 *                (after) or backward (before);
 *   export       a stream after a position, or by whole seconds.
 * They compute which items a page serves; each platform writes its own
 * envelope around them.
 */

#include "config.h"

#include "tests/emulators/emu.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char	 b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "abcdefghijklmnopqrstuvwxyz0123456789-_";

/* Compare items by (key, id), ascending. */
static int
item_cmp(const struct emu_item *a, const struct emu_item *b)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int
item_cmp_asc(const void *a, const void *b)
{
	return item_cmp(a, b);
}

static int
item_cmp_desc(const void *a, const void *b)
{
	return item_cmp(b, a);
}

/* Sort items by (key, id), descending when desc. */
void
emu_items_sort(struct emu_item *items, size_t n, int desc)
{
	qsort(items, n, sizeof *items, desc ? item_cmp_desc : item_cmp_asc);
}

/* Where an item stands against a position, in list order. */
static int
item_pos(const struct emu_item *it, int64_t key, int64_t id, int desc)
{
	struct emu_item	pos = { .key = key, .id = id };
	int		c;

	c = item_cmp(it, &pos);
	return desc ? -c : c;
}

/*
 * page and per_page under a rule.  On EMU_PAGE_OK, *page is the page and
 * w the items it serves out of n.
 */
enum emu_page_err
emu_page_offset(struct emu_req *req, const struct emu_offset_rule *rule,
    size_t n, long long *page, struct emu_window *w)
{
	long long	per;
	size_t		start;

	*page = emu_req_int(req, "page", 1, 1, LLONG_MAX / 1000);
	if (*page < 0)
		return EMU_PAGE_BAD_PAGE;
	per = emu_req_int(req, "per_page", rule->per_default, 1,
	    rule->per_clamp ? LLONG_MAX / 1000 : rule->per_max);
	if (per < 0)
		return EMU_PAGE_BAD_PER;
	if (per > rule->per_max)
		per = rule->per_max;
	if ((rule->max_pages != 0 && *page > rule->max_pages) ||
	    (rule->max_records != 0 && (*page - 1) * per >=
	    rule->max_records))
		return EMU_PAGE_PAST_CAP;
	start = (size_t)((*page - 1) * per);
	w->start = start < n ? start : n;
	w->end = n - w->start > (size_t)per ? w->start + (size_t)per : n;
	w->more = w->end < n;
	return EMU_PAGE_OK;
}

/* Link: <...page=N+1...>; rel="next" when more remain. */
void
emu_page_link_next(struct emu_req *req, struct emu_resp *resp,
    long long page, int more)
{
	char		 num[32], *url;
	const char	*kv[2];

	if (!more)
		return;
	xsnprintf(num, sizeof num, "%lld", page + 1);
	kv[0] = "page";
	kv[1] = num;
	url = emu_req_url(req, kv, 1);
	emu_resp_header(resp, "Link", "<%s>; rel=\"next\"", url);
	free(url);
}

/* Encode a position (key, id) as an opaque base64url string. */
char *
emu_cursor_encode(int64_t key, int64_t id)
{
	char		 raw[64], *out, *p;
	size_t		 len, i;
	unsigned	 v;

	len = (size_t)xsnprintf(raw, sizeof raw, "%lld|%lld",
	    (long long)key, (long long)id);
	out = p = xmalloc(((len + 2) / 3) * 4 + 1);
	for (i = 0; i < len; i += 3) {
		v = (unsigned)(unsigned char)raw[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)(unsigned char)raw[i + 1] << 8;
		if (i + 2 < len)
			v |= (unsigned char)raw[i + 2];
		*p++ = b64url[(v >> 18) & 63];
		*p++ = b64url[(v >> 12) & 63];
		*p++ = i + 1 < len ? b64url[(v >> 6) & 63] : '=';
		*p++ = i + 2 < len ? b64url[v & 63] : '=';
	}
	*p = '\0';
	return out;
}

/* Decode a position; 0 on success. */
int
emu_cursor_decode(const char *s, int64_t *key, int64_t *id)
{
	char		 raw[64], *bar, *end;
	const char	*p;
	size_t		 n = 0;
	unsigned	 acc = 0, bits = 0;
	long long	 a, b;

	for (; *s != '\0' && *s != '='; s++) {
		p = strchr(b64url, *s);
		if (p == NULL || n + 1 >= sizeof raw)
			return -1;
		acc = (acc << 6) | (unsigned)(p - b64url);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	raw[n] = '\0';
	bar = strchr(raw, '|');
	if (bar == NULL)
		return -1;
	*bar = '\0';
	errno = 0;
	a = strtoll(raw, &end, 10);
	if (errno != 0 || *end != '\0' || end == raw)
		return -1;
	errno = 0;
	b = strtoll(bar + 1, &end, 10);
	if (errno != 0 || *end != '\0' || end == bar + 1)
		return -1;
	*key = a;
	*id = b;
	return 0;
}

/*
 * A cursor page of size over items sorted in list order: after the
 * position after[] (key, id) or before before[], or from the start.
 * w->more tells whether items remain in the direction of travel.
 */
void
emu_page_cursor(const struct emu_item *items, size_t n, int desc,
    size_t size, const int64_t *after, const int64_t *before,
    struct emu_window *w)
{
	size_t	start = 0, end = n;

	if (before != NULL) {
		while (end > 0 && item_pos(&items[end - 1], before[0],
		    before[1], desc) >= 0)
			end--;
		start = end > size ? end - size : 0;
		w->more = start > 0;
	} else {
		while (after != NULL && start < n && item_pos(&items[start],
		    after[0], after[1], desc) <= 0)
			start++;
		end = n - start > size ? start + size : n;
		w->more = end < n;
	}
	w->start = start;
	w->end = end;
}

/* An export page: up to size items strictly after (key, id), ascending. */
void
emu_page_after(const struct emu_item *items, size_t n, int64_t key,
    int64_t id, size_t size, struct emu_window *w)
{
	size_t	start = 0;

	while (start < n && item_pos(&items[start], key, id, 0) <= 0)
		start++;
	w->start = start;
	w->end = n - start > size ? start + size : n;
	w->more = w->end < n;
}

/*
 * A time-based export page: about size items from the start, never
 * splitting one second (key) across two pages.
 */
void
emu_page_seconds(const struct emu_item *items, size_t n, size_t size,
    struct emu_window *w)
{
	size_t	end;

	end = n > size ? size : n;
	while (end > 0 && end < n && items[end].key == items[end - 1].key)
		end++;
	w->start = 0;
	w->end = end;
	w->more = end < n;
}
