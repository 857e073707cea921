/*
 * JSON helpers over cJSON: allocation hooks, parsing into an arena, and
 * records in the Unified field names for "tix ... --json".
 *
 * Shapes (absent strings and unset times are null; times are ISO-8601
 * UTC, "2026-11-21T10:00:00Z"; every object also has "account" and
 * "provider"):
 *
 *   ticket   {id, subject, description, status ("ACTIVE"|"CLOSED"),
 *             priority ("low"|"normal"|"high"|"urgent"|null), customer_id,
 *             user_id, category_id, tags [], source, url, created_at,
 *             updated_at, closed_at, due_at, account, provider,
 *             raw: {status, priority}}	(raw: the platform's own values)
 *   customer {id, name, emails [{email, type}], telephones [{telephone,
 *             type}], tags [], created_at, updated_at, account, provider}
 *   note     {id, ticket_id, customer_id, user_id, description, is_public,
 *             created_at, updated_at, account, provider}
 *   category {id, name, description, parent_id, is_active, account,
 *             provider}
 *   agent    {id, name, email, is_me, account, provider}
 *
 * The members are the rows of the field tables (core/field.h) that have a
 * JSON name, in table order; a new row is a new member.
 */
#ifndef TIX_JSON_H
#define TIX_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <cJSON.h>

#include "core/model.h"

struct arena;

/*
 * Route cJSON's allocations through xmalloc (so they never return NULL).
 * Call once at start-up, before any thread.
 */
void		 json_init(void);
/*
 * Parse len bytes of s into a tree whose every node is in the arena: no
 * malloc per node, and no cJSON_Delete() after: arena_reset() or
 * arena_done() frees it.  NULL when s is not JSON.  The tree must not be
 * changed (cJSON would mix heap and arena nodes).
 */
cJSON		*json_parse_in(struct arena *, const char *s, size_t len);

/*
 * Numeric platform ids (Zendesk, Freshdesk: int64 in JSON) as exact decimal
 * text.  cJSON keeps numbers as doubles, exact only below 2^53, so larger
 * ids are refused rather than silently rounded.
 */
#define JSON_ID_MAX	24
#define JSON_ID_LIMIT	9007199254740992LL	/* 2^53 */

/* Is s a plain positive decimal id below JSON_ID_LIMIT (safe in a path)? */
bool		 json_id_valid(const char *s);
/*
 * Write the id in v (a JSON number) to buf: 1 when written, 0 when v is
 * absent or null, -1 when it is not a valid id (wrong type included).
 */
int		 json_id_text(const cJSON *v, char buf[JSON_ID_MAX]);

/* A new JSON object for the record; account and provider may be NULL. */
cJSON		*json_from_record(const struct record *, const char *account,
		    const char *provider);
/* A string, or JSON null when s is NULL. */
cJSON		*json_string_or_null(const char *s);
/* An ISO-8601 UTC time string, or JSON null when t is 0. */
cJSON		*json_time(int64_t t);

/*
 * Print pretty JSON followed by a newline.  Returns 0, or -1 when the
 * write failed (errno set by stdio).
 */
int		 json_write(FILE *, const cJSON *);

#endif
