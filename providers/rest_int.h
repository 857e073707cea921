/*
 * What the REST kit's files share among themselves (rest.c, rest_read.c,
 * rest_list.c, rest_write.c); adapters use rest.h only.
 */
#ifndef TIX_REST_INT_H
#define TIX_REST_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "core/error.h"
#include "core/model.h"
#include "providers/rest.h"

/* A JSON integer in *out; false for anything else. */
bool			 rest_number(const cJSON *, long *out);
/* The level v names (a word or a number), or NULL. */
const struct rest_level	*rest_level_find(const struct rest_level *,
			    size_t n, const cJSON *v);

/*
 * A path from a template: {id} and {ticket} become id (already checked),
 * {field} the category's custom field, {limit} the page size, {since}
 * the time as the list writes it.
 */
enum tix_err		 rest_path_expand(const struct rest *,
			    const char *tmpl, const char *id, size_t limit,
			    int64_t since, enum rest_since, char **out,
			    char **cause);

/* GET one record of a kind by id (kinds[kind].get_path). */
enum tix_err		 rest_get_record(struct rest *, enum tix_kind,
			    const char *id, struct record **out,
			    char **cause);

/*
 * The updated_at last seen of the tickets handed out, for a platform
 * with an update guard: noted as they pass, forgotten when a write may
 * have changed the ticket.
 */
void			 rest_stamps_note(struct rest *,
			    struct record *const *, size_t n);
void			 rest_stamp_forget(struct rest *, const char *id);

#endif
