/*
 * Freshdesk API v2, the pure half: request paths and bodies, and the
 * normalization of Freshdesk's JSON into tix records.  Nothing here does
 * I/O; providers/freshdesk.c sends what these functions build and hands
 * them what came back.  Facts about the API: docs/platforms/freshdesk.md.
 *
 * Ids.  Freshdesk ids are int64 in JSON.  cJSON keeps numbers
 * as doubles, so an id is exact only up to 2^53; every id Freshdesk
 * hands out is far below that, and an id above it (or not a positive
 * integer) is refused as a parse error rather than rendered wrong.  Ids
 * go back to Freshdesk as raw decimal JSON text, never through a double.
 *
 * Cursors.  A cursor handed back to the session is the request path of
 * the next page: the URL of Freshdesk's Link rel="next" header as sent
 * (the http layer accepts it only on the API's own origin), or, when a
 * ticket walk reaches the 300-page limit, a fresh first-page path whose
 * updated_since moved up to the last ticket seen (docs/platforms/freshdesk.md).
 */
#ifndef TIX_FRESHDESK_JSON_H
#define TIX_FRESHDESK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"
#include "providers/rest.h"

/* per_page is at most 100 (docs/platforms/freshdesk.md). */
#define FD_PAGE_MAX	100
/* GET /tickets refuses page 301 (docs/platforms/freshdesk.md). */
#define FD_PAGE_LIMIT	300

/* A number's label: a status (2 "Open") or a priority. */
struct fd_label {
	long	 value;
	char	*name;
};

/* What normalization needs to know about the account. */
struct fd_ctx {
	struct rest_ctx		 base;	/* account, links, me, agents */
	/* category = field:cf_x, or NULL for category = type. */
	const char		*field;
	/* Status names from /ticket_fields (custom ones too); may be 0. */
	const struct fd_label	*statuses;
	size_t			 nstatuses;
};

/*
 * "https://acme.freshdesk.com/api/v2" from a domain ("acme" or
 * "acme.freshdesk.com"), or NULL when it is not one.
 */
char		*fd_api_base(const char *domain);
/* The path (after the API base) of the first page of a list. */
enum tix_err	 fd_list_path(enum tix_kind, int64_t since,
		    const char *ticket_id, size_t limit, char **out,
		    char **cause);

/* What one list walk reads. */
struct fd_page_walk {
	enum tix_kind		 kind;
	const char		*ticket_id;	/* notes */
	const struct fd_ctx	*ctx;
	/* Tickets listed with filter=deleted: their ids are removed. */
	bool			 deleted;
	struct page		*out;		/* set by fd_parse_page() */
};

/*
 * Normalize one page of a list answer (a bare JSON array) into out,
 * under the kit's bad-record policy (providers/rest.h).
 * path is the request's path, next the Link header's rel="next" URL
 * (may be NULL); they give out->next_cursor.
 */
enum tix_err	 fd_parse_page(struct rest *, const cJSON *root,
		    const struct fd_page_walk *, const char *path,
		    const char *next, struct page *out, char **cause);

/* One object of each kind. */
enum tix_err	 fd_parse_ticket(const cJSON *, const struct fd_ctx *,
		    struct record **out, char **cause);
enum tix_err	 fd_parse_contact(const cJSON *, const struct fd_ctx *,
		    struct record **out, char **cause);
enum tix_err	 fd_parse_agent(const cJSON *, const struct fd_ctx *,
		    struct record **out, char **cause);
enum tix_err	 fd_parse_conversation(const cJSON *, const char *ticket_id,
		    const struct fd_ctx *, struct record **out, char **cause);

/*
 * GET /ticket_fields: the categories (the choices of "ticket_type", or
 * of the custom field ctx->field) into out.
 */
enum tix_err	 fd_parse_categories(const cJSON *root,
		    const struct fd_ctx *, struct page *out, char **cause);
/*
 * GET /ticket_fields: the status field's choices into a new table
 * (*out, *n); none is not an error.
 */
void		 fd_parse_statuses(const cJSON *root, struct fd_label **out,
		    size_t *n);
void		 fd_labels_free(struct fd_label **, size_t *n);

/* GET /agents/me: the agent's id. */
enum tix_err	 fd_parse_me(const cJSON *root, char id[JSON_ID_MAX],
		    char **cause);

/* Freshdesk's status and priority numbers (docs/platforms/freshdesk.md). */
long		 fd_priority_number(enum tix_priority);
enum tix_priority fd_priority_level(long);
bool		 fd_status_active(long);

/*
 * The body of PUT /tickets/{id} for a patch.  current is the ticket's
 * status number as last fetched (0: unknown): a status the ticket is
 * already in (ACTIVE for 2, 3 and custom; CLOSED for 4 and 5) is left
 * out.  field selects category = field:cf_x.  *out is NULL when nothing
 * is left to send.
 */
enum tix_err	 fd_update_body(const struct patch *, const char *field,
		    long current, char **out, char **cause);
/*
 * The body that adds a note: POST /tickets/{id}/reply {body} for a
 * public reply, POST /tickets/{id}/notes {body, private: true} for an
 * internal note (docs/platforms/freshdesk.md).  The text becomes HTML.
 */
enum tix_err	 fd_note_body(const char *text, bool is_public, char **out,
		    char **cause);

#endif
