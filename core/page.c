/*
 * One page of a provider's list (core/provider.h): the records it holds
 * and the ids the platform says are gone.
 */

#include "config.h"

#include "core/provider.h"

#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/xmalloc.h"

void
page_add(struct page *pg, struct record *r)
{
	pg->records = xreallocarray(pg->records, pg->n + 1,
	    sizeof *pg->records);
	pg->records[pg->n++] = r;
}

void
page_add_removed(struct page *pg, const char *id)
{
	pg->removed = xreallocarray(pg->removed, pg->nremoved + 1,
	    sizeof *pg->removed);
	pg->removed[pg->nremoved++] = xstrdup(id);
}

void
page_done(struct page *pg)
{
	for (size_t i = 0; i < pg->n; i++)
		record_free(&pg->records[i]);
	free(pg->records);
	for (size_t i = 0; i < pg->nremoved; i++)
		free(pg->removed[i]);
	free(pg->removed);
	free(pg->next_cursor);
	memset(pg, 0, sizeof *pg);
}
