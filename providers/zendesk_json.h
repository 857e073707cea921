/*
 * Zendesk Support, the pure half: request paths and bodies, and the
 * normalization of Zendesk's JSON into tix records.  Nothing here does
 * I/O; providers/zendesk.c sends what these functions build and hands
 * them what came back.  Facts about the API: docs/platforms/zendesk.md.
 *
 * Ids.  Zendesk ids are int64 in JSON.  cJSON keeps numbers as
 * doubles, so an id is exact only up to 2^53; every id Zendesk hands out
 * is below that, and an id above it (or not a positive integer) is
 * refused as a parse error rather than rendered wrong.  Ids go back to
 * Zendesk as raw decimal JSON text, never through a double.
 *
 * Cursors.  The cursor tix hands back to the session is "M:RAW": M names
 * the walk (ZD_WALK_*) and RAW is Zendesk's own opaque cursor, so that a
 * page of a walk is always fetched the way the walk began.
 */
#ifndef TIX_ZENDESK_JSON_H
#define TIX_ZENDESK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"
#include "providers/rest.h"

/* Cursor pagination caps page[size] at 100 (docs/platforms/zendesk.md). */
#define ZD_PAGE_MAX	100

/* How a list is walked. */
enum zd_walk {
	ZD_WALK_PAGE = 'c',	/* cursor pagination: page[size], page[after] */
	ZD_WALK_EXPORT = 'i',	/* incremental export: start_time, cursor */
	ZD_WALK_RECENT = 'u',	/* tickets by -updated_at, stop at since */
	ZD_WALK_FIELD = 'f',	/* one ticket field's options, one page */
};

/* What normalization needs to know about the account. */
struct zd_ctx {
	struct rest_ctx	 base;		/* account, links, me, agents */
	/* category = field:ID, or NULL for category = group. */
	const char	*field_id;
	enum tix_kind	 kind;		/* what a get() asked for */
};

/* What a list request asks for. */
struct zd_list_req {
	enum tix_kind	 kind;
	enum zd_walk	 walk;
	int64_t		 since;		/* start_time for ZD_WALK_EXPORT */
	const char	*ticket_id;	/* notes */
	const char	*field_id;	/* ZD_WALK_FIELD */
	const char	*after;		/* Zendesk's cursor, NULL: first page */
	size_t		 limit;		/* page size hint; 0: the maximum */
};

/* "https://SUB.zendesk.com/api/v2" from a subdomain, or NULL if bad. */
char		*zd_api_base(const char *subdomain);

/* "M:RAW" from a walk and Zendesk's cursor. */
char		*zd_cursor_make(enum zd_walk, const char *raw);
/* Split a cursor; -1 when it is not one of ours. */
int		 zd_cursor_split(const char *, enum zd_walk *,
		    const char **raw);

/* The path (after the API base) of one page of a list. */
enum tix_err	 zd_list_path(const struct zd_list_req *, char **out,
		    char **cause);

/*
 * Normalize one page of a list answer into out: records, removed ids
 * (deleted tickets in the export), next_cursor and watermark, under the
 * kit's bad-record policy (providers/rest.h).  since is the walk's
 * updated_since (ZD_WALK_RECENT stops below it).
 */
enum tix_err	 zd_parse_page(struct rest *, const cJSON *root,
		    const struct zd_list_req *, const struct zd_ctx *,
		    struct page *out, char **cause);

/* One object of each kind. */
enum tix_err	 zd_parse_ticket(const cJSON *, const struct zd_ctx *,
		    struct record **out, char **cause);
enum tix_err	 zd_parse_customer(const cJSON *, const struct zd_ctx *,
		    struct record **out, char **cause);
enum tix_err	 zd_parse_agent(const cJSON *, const struct zd_ctx *,
		    struct record **out, char **cause);
enum tix_err	 zd_parse_group(const cJSON *, const struct zd_ctx *,
		    struct record **out, char **cause);
enum tix_err	 zd_parse_comment(const cJSON *, const char *ticket_id,
		    const struct zd_ctx *, struct record **out, char **cause);
/* The options of a drop-down ticket field ({"ticket_field":{...}}). */
enum tix_err	 zd_parse_field_options(const cJSON *root,
		    const struct zd_ctx *, struct page *out, char **cause);

/*
 * GET /users/me: the user's id and whether it may work tickets.  An
 * anonymous answer (id null) is TIX_ERR_AUTH, an end user
 * TIX_ERR_FORBIDDEN.
 */
enum tix_err	 zd_parse_me(const cJSON *root, char id[JSON_ID_MAX],
		    char **cause);

/*
 * The body of PUT /tickets/{id}.json for a patch.  stamp (the ticket's
 * updated_at as last seen) turns on safe_update; NULL leaves it off.
 * field_id selects category = field:ID.
 */
enum tix_err	 zd_update_body(const struct patch *, const char *field_id,
		    const char *stamp, char **out, char **cause);
/* The body that adds a comment: public reply or internal note. */
char		*zd_note_body(const char *text, bool is_public);
/*
 * The comment a note write added, from the audit in the answer to the
 * PUT ({"ticket":..., "audit":{"events":[{"type":"Comment",...}]}}),
 * docs/platforms/zendesk.md and 1.4.
 */
enum tix_err	 zd_parse_note_audit(const cJSON *root, const char *ticket_id,
		    const struct zd_ctx *, struct record **out, char **cause);

#endif
