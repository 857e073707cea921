/*
 * The filter language of the ticket list (the / key, tix list --filter).
 *
 * Words are ANDed.  A plain word matches, case-insensitively, anywhere in
 * the subject, the ticket id, a tag, the account name, or the customer's
 * name or e-mail.  "key:value" words narrow by field:
 *   status:active|closed   priority:low|normal|high|urgent
 *   account:NAME           tag:TAG        assignee:me|none|ID-or-name
 *   category:ID-or-name    is:new|updated|pending
 * A leading "-" negates a word.  Quote with "..." to keep spaces.
 * Keys other than account: and is: are ticket fields' filter keys, and
 * the fields plain words search are flagged, in core/field.c.
 */
#ifndef TIX_FILTER_H
#define TIX_FILTER_H

#include <stdbool.h>

#include "core/error.h"
#include "core/model.h"

struct store;
struct filter;

/* Parse; on error returns NULL and sets *cause ("unknown key: foo"). */
struct filter	*filter_parse(const char *text, char **cause);
void		 filter_free(struct filter **);
/* Does the ticket record match?  The store resolves names and marks. */
bool		 filter_match(const struct filter *, const struct store *,
		    const struct record *ticket);

#endif
